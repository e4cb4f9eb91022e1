#include "widgets/drawing/boundary_image.h"
#include "widgets/drawing/palette.h"
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace widgets {

namespace {

constexpr QRgb kNanColor = 0xffdcdcdc;  // NaN/inf outputs: a flat grey that reads as "no answer"
constexpr int kScaleSteps = 256;        // Binary/Regression lookup table resolution (invisible steps)
constexpr int kConfSteps = 64;          // MultiClass confidence levels per class

// c blended from white by t in [0, 1].
QRgb tint(const QColor& c, double t) {
    t = std::clamp(t, 0.0, 1.0);
    auto ch = [t](int v) { return int(std::lround(255 + (v - 255) * t)); };
    return qRgb(ch(c.red()), ch(c.green()), ch(c.blue()));
}

// Position of v on [lo, hi] as s in [-1, 1] (0 = the middle); a degenerate range counts as the middle.
double signedPosition(double v, double lo, double hi) {
    if (!(hi > lo) && !(hi < lo)) return 0;
    return std::clamp(2 * (v - lo) / (hi - lo) - 1, -1.0, 1.0);
}

QRgb scaleRgb(double s, BoundaryStyle::Mode mode, bool discretize) {
    if (mode == BoundaryStyle::Regression) {
        if (discretize) s = std::clamp(std::round(s * 4) / 4, -1.0, 1.0);  // 9 flat bands
        return tint(divergingColor(s), kMaxRegionTint);
    }
    // Binary: the class-1 side starts at the middle exactly, as engine::predictedClasses (v >= threshold).
    const int side = s >= 0 ? 1 : 0;
    const double strength = discretize ? 1.0 : std::abs(s);
    return tint(classColor(side), strength * kMaxRegionTint);
}

}  // namespace

QColor boundaryScaleColor(double value, const BoundaryStyle& s) {
    if (!std::isfinite(value)) return QColor::fromRgb(kNanColor);
    const BoundaryStyle::Mode m = s.mode == BoundaryStyle::Regression ? BoundaryStyle::Regression
                                                                      : BoundaryStyle::Binary;
    return QColor::fromRgb(scaleRgb(signedPosition(value, s.lo, s.hi), m, s.discretize));
}

QColor classRegionColor(int k, double confidence) {
    return QColor::fromRgb(tint(classColor(k), confidence * kMaxRegionTint));
}

QColor regressionPointColor(double value, double lo, double hi) {
    if (!std::isfinite(value)) return QColor::fromRgb(kNanColor);
    return divergingColor(signedPosition(value, lo, hi));
}

namespace {
// The picture from double or float outputs (the live boundary is computed in float).
template <class Outputs> QImage boundaryImageOf(const Outputs& outputs, int w, int h, const BoundaryStyle& s) {
    if (w <= 0 || h <= 0 || outputs.rows() < 1 || outputs.cols() != engine::Index(w) * h) return {};
    QImage img(w, h, QImage::Format_RGB32);
    const engine::Index K = outputs.rows();
    const bool multi = s.mode == BoundaryStyle::MultiClass && K > 1;

    if (!multi) {
        // A lookup table, built once per mode and palette on each thread that draws: the per-pixel work is a clamp, a
        // multiply and a load.
        const BoundaryStyle::Mode mode = s.mode == BoundaryStyle::Regression ? BoundaryStyle::Regression
                                                                             : BoundaryStyle::Binary;
        thread_local std::array<QRgb, kScaleSteps + 1> lut{};
        thread_local int lutFor = -1;  // mode * 16 + palette
        if (const int key = int(mode) * 16 + int(paletteMode()); key != lutFor) {
            for (int i = 0; i <= kScaleSteps; ++i) lut[i] = scaleRgb(2.0 * i / kScaleSteps - 1, mode, false);
            lutFor = key;
        }
        const double span = s.hi - s.lo;
        const bool flat = !(span > 0) && !(span < 0);
        const double perSpan = flat ? 0.0 : 1.0 / span;
        for (int y = 0; y < h; ++y) {
            auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
            for (int x = 0; x < w; ++x) {
                const double v = outputs(0, engine::Index(y) * w + x);
                if (!std::isfinite(v)) {
                    line[x] = kNanColor;
                    continue;
                }
                const double t = flat ? 0.5 : std::clamp((v - s.lo) * perSpan, 0.0, 1.0);  // 0..1 along [lo, hi]
                if (s.discretize) line[x] = scaleRgb(2 * t - 1, mode, true);
                else line[x] = lut[std::size_t(t * kScaleSteps + 0.5)];  // t >= 0: rounds as lround, without the call
            }
        }
        return img;
    }

    // MultiClass: colour of the argmax, strength from how far the max probability is above chance (1/K).
    std::vector<QRgb> lut(std::size_t(K) * (kConfSteps + 1));
    for (engine::Index k = 0; k < K; ++k)
        for (int c = 0; c <= kConfSteps; ++c)
            lut[std::size_t(k) * (kConfSteps + 1) + c] = tint(classColor(int(k)),
                                                              double(c) / kConfSteps * kMaxRegionTint);
    const double chance = 1.0 / double(K);
    for (int y = 0; y < h; ++y) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const auto col = outputs.col(engine::Index(y) * w + x);
            engine::Index best = 0;
            double p = col(0);
            bool ok = std::isfinite(p);
            for (engine::Index k = 1; k < K; ++k) {
                const double v = col(k);
                ok = ok && std::isfinite(v);
                if (v > p) {
                    p = v;
                    best = k;
                }
            }
            if (!ok) {
                line[x] = kNanColor;
                continue;
            }
            const double conf = s.discretize ? 1.0 : std::clamp((p - chance) / (1 - chance), 0.0, 1.0);
            line[x] = lut[std::size_t(best) * (kConfSteps + 1) + std::size_t(conf * kConfSteps + 0.5)];
        }
    }
    return img;
}
}  // namespace

QImage boundaryImage(const engine::Matrix& outputs, int w, int h, const BoundaryStyle& s) {
    return boundaryImageOf(outputs, w, h, s);
}

QImage boundaryImage(const Eigen::MatrixXf& outputs, int w, int h, const BoundaryStyle& s) {
    return boundaryImageOf(outputs, w, h, s);
}

engine::Matrix gridPoints(int w, int h, double range) {
    if (w <= 0 || h <= 0) return engine::Matrix(2, 0);
    engine::Matrix P(2, engine::Index(w) * h);
    const double cw = 2 * range / w, ch = 2 * range / h;
    for (int y = 0; y < h; ++y) {
        const double x2 = range - (y + 0.5) * ch;  // top row first: x2 runs from +range down
        for (int x = 0; x < w; ++x) {
            const engine::Index i = engine::Index(y) * w + x;
            P(0, i) = -range + (x + 0.5) * cw;
            P(1, i) = x2;
        }
    }
    return P;
}

}  // namespace widgets
