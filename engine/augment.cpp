#include "engine/augment.h"
#include "engine/metrics.h"
#include "engine/network.h"
#include <stdexcept>
#include <cmath>
#include <numbers>
#include <vector>

namespace engine {

std::string AugmentSettings::validate() const {
    for (double v : {rotateDegrees, shiftPixels, zoom, noise})
        if (!std::isfinite(v) || v < 0) return "augmentation amounts must be finite and not negative";
    if (rotateDegrees > 180) return "a rotation of more than 180 degrees turns a picture around more than once";
    if (zoom >= 1) return "a zoom of 1 or more would shrink a picture to nothing";
    return {};
}

std::optional<Shape> pictureShape(const NetworkSpec& spec, Index inputDim, bool classification) {
    if (inputDim == 2) return std::nullopt;
    const Shape in = spec.inputShape();
    if (in.isImage() && in.size() == inputDim) return in;
    if (!classification) return std::nullopt;
    const int n = int(std::lround(std::sqrt(double(inputDim))));
    if (n < 4 || Index(n) * n != inputDim) return std::nullopt;
    return Shape{1, n, n};
}

namespace {
// One image resampled: output (y, x) reads the input at the inverse transform p_in = R(-angle) (p_out - c - shift) /
// scale + c, x mirrored first when flipped; bilinear between the four nearest pixels, 0 outside the picture. For each
// channel. in and out must not overlap.
template <class T>
void transformImage(const T* src, T* dst, const Shape& shape, double angle, double dx, double dy, double scale,
                    bool flip) {
    const int H = shape.height, W = shape.width;
    const double cy = (H - 1) / 2.0, cx = (W - 1) / 2.0;
    const double c = std::cos(angle) / scale, s = std::sin(angle) / scale;
    for (int ch = 0; ch < shape.channels; ++ch) {
        const T* in = src + Index(ch) * H * W;
        T* out = dst + Index(ch) * H * W;
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                const double ox = (flip ? W - 1 - x : x) - cx - dx, oy = y - cy - dy;
                const double sx = c * ox + s * oy + cx, sy = -s * ox + c * oy + cy;
                const int x0 = int(std::floor(sx)), y0 = int(std::floor(sy));
                const double fx = sx - x0, fy = sy - y0;
                auto at = [&](int yy, int xx) -> double {
                    return yy >= 0 && yy < H && xx >= 0 && xx < W ? double(in[yy * W + xx]) : 0.0;
                };
                out[y * W + x] = T((1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) +
                                   fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1)));
            }
    }
}
}  // namespace

template <class T> void augmentImages(MatrixT<T>& X, const Shape& shape, const AugmentSettings& a, Rng& rng) {
    if (!a.any() || X.rows() != shape.size()) return;
    std::vector<T> src(std::size_t(shape.size()));
    for (Index n = 0; n < X.cols(); ++n) {
        // Every amount is drawn even when 0, so the stream does not depend on which.
        const double angle = rng.uniform(-a.rotateDegrees, a.rotateDegrees) * std::numbers::pi / 180.0;
        const double dx = rng.uniform(-a.shiftPixels, a.shiftPixels), dy = rng.uniform(-a.shiftPixels, a.shiftPixels);
        const double scale = rng.uniform(1 - a.zoom, 1 + a.zoom);
        const bool flip = a.flip && rng.uniform() < 0.5;
        T* col = X.col(n).data();
        std::copy(col, col + shape.size(), src.begin());
        transformImage(src.data(), col, shape, angle, dx, dy, scale, flip);
        if (a.noise > 0)
            for (Index i = 0; i < shape.size(); ++i) col[i] += T(a.noise * rng.normal());
    }
}

Matrix shiftedImages(const Matrix& X, const Shape& shape, int dx, int dy) {
    if (X.rows() != shape.size()) throw std::invalid_argument("shiftedImages: the images do not have the shape's size");
    Matrix out(X.rows(), X.cols());
    for (Index n = 0; n < X.cols(); ++n)
        transformImage(X.col(n).data(), out.col(n).data(), shape, 0.0, double(dx), double(dy), 1.0, false);
    return out;
}

double shiftedAccuracy(const Network& net, const Matrix& rawX, const std::vector<int>& labels, const Shape& shape,
                       const Standardizer& inputStd, Scalar threshold, int pixels) {
    if (rawX.cols() == 0 || Index(labels.size()) != rawX.cols()) return std::nan("");
    double sum = 0;
    const int moves[4][2] = {{pixels, 0}, {-pixels, 0}, {0, pixels}, {0, -pixels}};  // right, left, down, up
    for (const auto& m : moves) {
        const Matrix shifted = shiftedImages(rawX, shape, m[0], m[1]);
        const Matrix out = net.predict(inputStd.empty() ? shifted : inputStd.apply(shifted));
        sum += accuracy(predictedClasses(out, threshold), labels);
    }
    return sum / 4;
}

template void augmentImages<float>(MatrixT<float>&, const Shape&, const AugmentSettings&, Rng&);
template void augmentImages<double>(MatrixT<double>&, const Shape&, const AugmentSettings&, Rng&);

}  // namespace engine
