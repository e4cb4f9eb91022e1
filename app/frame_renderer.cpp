#include "app/frame_renderer.h"
#include "engine/metrics.h"
#include "widgets/palette.h"
#include <algorithm>
#include <cmath>

namespace app {
using engine::Matrix;

widgets::BoundaryStyle boundaryStyleFor(const engine::Trainer& t, bool discretize) {
    widgets::BoundaryStyle s;
    s.discretize = discretize;
    const engine::Activation out = t.spec().outputActivation();
    if (t.trainData().task == engine::Task::Regression) {
        s.mode = widgets::BoundaryStyle::Regression;
        s.lo = -1;
        s.hi = 1;
        if (t.trainData().targets.size() > 0) {
            const double m = std::max(std::abs(t.trainData().targets.minCoeff()), std::abs(t.trainData().targets.maxCoeff()));
            s.lo = -std::max(m, 1e-9);
            s.hi = std::max(m, 1e-9);
        }
    } else if (t.spec().outputs() > 1) {
        s.mode = widgets::BoundaryStyle::MultiClass;
        s.classes = t.spec().outputs();
    } else {
        s.mode = widgets::BoundaryStyle::Binary;
        s.lo = t.signedTargets() ? -1 : 0;
        s.hi = 1;
        if (out == engine::Activation::Identity || out == engine::Activation::ReLU) s.lo = t.signedTargets() ? -1 : 0;
        s.classes = 2;
    }
    return s;
}

void renderBoundary(const engine::Trainer& t, const FrameRequest& req, QImage& image, widgets::BoundaryStyle& style) {
    style = boundaryStyleFor(t, req.discretize);
    if (t.trainData().inputDim() != 2) {
        image = QImage();
        return;
    }
    const Matrix grid = widgets::gridPoints(req.cells, req.cells, req.range);
    const Matrix out = t.network().predict(t.prepareInputs(grid));  // one batched forward pass over the plane
    image = widgets::boundaryImage(out, req.cells, req.cells, style);
}

namespace {
// A small picture of one row of values over the grid, on the diverging scale (|v| scaled by `scale`).
QImage rowImage(const Matrix& values, engine::Index row, int n, double lo, double hi) {
    QImage img(n, n, QImage::Format_RGB32);
    const double mid = (lo + hi) / 2, half = std::max((hi - lo) / 2, 1e-12);
    for (int y = 0; y < n; ++y) {
        QRgb* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        for (int x = 0; x < n; ++x) {
            const double v = values(row, engine::Index(y) * n + x);
            line[x] = std::isfinite(v) ? widgets::divergingColor((v - mid) / half).rgb() : qRgb(128, 128, 128);
        }
    }
    return img;
}

// The natural value range of an activation, for colouring its thumbnail.
void activationRange(engine::Activation f, const Matrix& values, engine::Index row, double& lo, double& hi) {
    switch (f) {
    case engine::Activation::Sigmoid:
    case engine::Activation::Softmax:
    case engine::Activation::Step: lo = 0; hi = 1; return;
    case engine::Activation::Tanh:
    case engine::Activation::Sine: lo = -1; hi = 1; return;
    default: {
        const double m = std::max(values.row(row).cwiseAbs().maxCoeff(), 1e-9);
        lo = -m;
        hi = m;
        return;
    }
    }
}
}  // namespace

QVector<QVector<QImage>> renderNeuronImages(const engine::Trainer& t, const FrameRequest& req) {
    QVector<QVector<QImage>> out;
    if (t.trainData().inputDim() != 2) return out;
    const int n = req.thumbCells;
    const Matrix grid = widgets::gridPoints(n, n, req.range);
    // The nine features as the user sees them (before standardisation), each on its own symmetric scale.
    const Matrix feats = engine::computeFeatures(grid, engine::allFeatures());
    QVector<QImage> inputs;
    for (engine::Index r = 0; r < feats.rows(); ++r) {
        const double m = std::max(feats.row(r).cwiseAbs().maxCoeff(), 1e-9);
        inputs << rowImage(feats, r, n, -m, m);
    }
    out << inputs;
    // Each layer's activations over the grid: a forward pass that keeps every layer (a copy of the network).
    engine::Network net = t.network();
    net.forward(t.prepareInputs(grid));
    for (int l = 0; l < net.layerCount(); ++l) {
        const Matrix& a = net.trace().layers[l].a;
        QVector<QImage> layer;
        for (engine::Index r = 0; r < a.rows(); ++r) {
            double lo, hi;
            activationRange(net.spec().layers[l].activation, a, r, lo, hi);
            layer << rowImage(a, r, n, lo, hi);
        }
        out << layer;
    }
    return out;
}

std::vector<char> misclassifiedMask(const engine::Trainer& t, const engine::Dataset& all) {
    std::vector<char> wrong(std::size_t(all.size()), 0);
    if (all.task != engine::Task::Classification || all.size() == 0) return wrong;
    const Matrix out = t.network().predict(t.prepareInputs(all.X));
    const std::vector<int> pred = engine::predictedClasses(out, t.outputThreshold());
    for (std::size_t i = 0; i < wrong.size(); ++i) wrong[i] = pred[i] != all.labels[i];
    return wrong;
}

}  // namespace app

namespace app {
QVector<widgets::PlotPoint> plotPoints(const engine::Dataset& all, const std::vector<char>& isTest,
                                       const std::vector<char>& misclassified) {
    QVector<widgets::PlotPoint> pts;
    if (all.inputDim() != 2) return pts;
    pts.reserve(all.size());
    const bool regression = all.task == engine::Task::Regression;
    for (engine::Index i = 0; i < all.size(); ++i) {
        widgets::PlotPoint p;
        p.pos = QPointF(all.X(0, i), all.X(1, i));
        p.label = regression ? 0 : all.labels[std::size_t(i)];
        p.value = regression && all.targets.rows() > 0 ? all.targets(0, i) : 0.0;
        p.test = std::size_t(i) < isTest.size() && isTest[std::size_t(i)];
        p.misclassified = std::size_t(i) < misclassified.size() && misclassified[std::size_t(i)];
        pts << p;
    }
    return pts;
}
}  // namespace app
