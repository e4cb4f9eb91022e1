#include "thumbnails.h"
#include "widgets/drawing/palette.h"
#include <algorithm>
#include <cmath>

namespace testsupport {

namespace {
// Stretched to the row's own range: its lowest value full blue, its highest full red.
QImage stretchedImage(const engine::RowVector& v, int side) {
    const double lo = v.minCoeff(), hi = v.maxCoeff();
    QImage img(side, side, QImage::Format_RGB32);
    for (int k = 0; k < v.size(); ++k)
        img.setPixelColor(k % side, k / side, widgets::divergingColor(hi > lo ? 2 * (v[k] - lo) / (hi - lo) - 1 : 0));
    return img;
}
}  // namespace

QStringList featureLabels() { return {"x₁", "x₂", "x₁²", "x₂²", "x₁·x₂", "sin x₁", "sin x₂", "r", "θ"}; }

QVector<bool> firstFeatures(int n) {
    QVector<bool> a(9, false);
    for (int i = 0; i < n; ++i) a[i] = true;
    return a;
}

engine::Matrix featurePlane(int side) {
    engine::Matrix F(9, side * side);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const double a = -6 + 12.0 * (x + 0.5) / side, b = 6 - 12.0 * (y + 0.5) / side;
            const double f[9] = {
                a, b, a * a, b * b, a * b, std::sin(a), std::sin(b), std::hypot(a, b), std::atan2(b, a)};
            for (int k = 0; k < 9; ++k) F(k, y * side + x) = f[k];
        }
    return F;
}

QImage centredImage(const engine::RowVector& v, int side, double centre) {
    const double span = std::max(std::abs(v.maxCoeff() - centre), std::abs(v.minCoeff() - centre));
    QImage img(side, side, QImage::Format_RGB32);
    for (int k = 0; k < v.size(); ++k)
        img.setPixelColor(k % side, k / side, widgets::divergingColor(span > 0 ? (v[k] - centre) / span : 0));
    return img;
}

QVector<QVector<QImage>> neuronThumbnails(const engine::Network& net, const ThumbnailOptions& o) {
    const engine::NetworkSpec& spec = net.spec();
    const engine::Matrix F = featurePlane(o.side);
    QVector<QVector<QImage>> images(1);
    for (int f = 0; f < o.features; ++f)
        images[0] << (o.stretchRadius && f == 7 ? stretchedImage(F.row(f), o.side) : centredImage(F.row(f), o.side));
    engine::Matrix X(spec.inputs, F.cols());
    for (int f = 0, k = 0; f < 9 && k < spec.inputs; ++f)
        if (o.active.isEmpty() ? f < spec.inputs : o.active.value(f)) X.row(k++) = F.row(f) / o.inputDivisor;
    engine::Network copy = net;
    copy.forward(X);
    for (int l = 0; l < copy.layerCount(); ++l) {
        const bool sigmoid = spec.layers[std::size_t(l)].activation == engine::Activation::Sigmoid;
        const double centre = o.sigmoidAroundHalf && sigmoid ? 0.5 : 0;
        QVector<QImage> layer;
        for (int j = 0; j < copy.layerUnits(l); ++j)
            layer << centredImage(copy.trace().layers[std::size_t(l)].a.row(j), o.side, centre);
        images << layer;
    }
    return images;
}

QVector<QVector<QImage>> neuronThumbnails(const engine::NetworkSpec& spec, const engine::Vector& params,
                                          const ThumbnailOptions& options) {
    engine::Network net(spec);
    net.params() = params;
    return neuronThumbnails(net, options);
}

}  // namespace testsupport
