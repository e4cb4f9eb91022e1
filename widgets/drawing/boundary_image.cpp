#include "widgets/drawing/boundary_image.h"
#include "widgets/drawing/palette.h"
#include <algorithm>
#include <array>
#include <cmath>
#include <type_traits>
#include <vector>
#ifdef __AVX512F__
#include <immintrin.h>
#endif

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
            int x = 0;
#ifdef __AVX512F__
            // Float outputs of one row, 16 pixels at a time: the same clamp, scale and rounding in float (a pixel
            // can land one of the 256 steps over from the double path's, where the value sits on a step's edge),
            // the colours gathered from the table, grey where the value is not finite.
            if constexpr (std::is_same_v<typename Outputs::Scalar, float>) {
                if (K == 1 && !s.discretize) {
                    const float* row = outputs.data() + engine::Index(y) * w;
                    const __m512 lo = _mm512_set1_ps(float(s.lo)), scale = _mm512_set1_ps(float(perSpan * kScaleSteps));
                    const __m512 top = _mm512_set1_ps(float(kScaleSteps)), half = _mm512_set1_ps(0.5f);
                    const __m512 middle = _mm512_set1_ps(0.5f * kScaleSteps);
                    const __m512i nan = _mm512_set1_epi32(int(kNanColor)), exponent = _mm512_set1_epi32(0x7f800000);
                    for (; x + 16 <= w; x += 16) {
                        const __m512 v = _mm512_loadu_ps(row + x);
                        const __mmask16 finite = _mm512_cmpneq_epi32_mask(_mm512_and_si512(_mm512_castps_si512(v),
                                                                                           exponent),
                                                                          exponent);
                        __m512 t = flat ? middle : _mm512_mul_ps(_mm512_sub_ps(v, lo), scale);
                        t = _mm512_min_ps(_mm512_max_ps(t, _mm512_setzero_ps()), top);
                        const __m512i i = _mm512_cvttps_epi32(_mm512_add_ps(t, half));
                        const __m512i c = _mm512_mask_i32gather_epi32(nan, finite, i, lut.data(), 4);
                        _mm512_storeu_si512(line + x, c);
                    }
                }
            }
#endif
            for (; x < w; ++x) {
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
