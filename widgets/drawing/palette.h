// Colours shared by every view: up to 8 class colours, a diverging scale for signed values (weights, regression
// outputs), in one of two palettes (the colour-blind-safe Okabe-Ito set, or a high-contrast set for projectors), and
// the view scale that thickens points and lines in presenter mode. Both settings are atomics: the training thread
// renders boundary images with these colours while the window switches them. Header-only on purpose.
#pragma once
#include <QColor>
#include <QVector>
#include <atomic>

namespace widgets {

enum class PaletteMode { Standard = 0, HighContrast = 1 };

namespace detail {
inline std::atomic<int>& paletteModeValue() {
    static std::atomic<int> mode{int(PaletteMode::Standard)};
    return mode;
}
inline std::atomic<double>& viewScaleValue() {
    static std::atomic<double> scale{1.0};
    return scale;
}
}  // namespace detail

// The palette every view and the boundary renderer use from now on. Views repaint when asked; the training thread's
// next snapshot picks it up.
inline void setPaletteMode(PaletteMode m) { detail::paletteModeValue().store(int(m), std::memory_order_relaxed); }
inline PaletteMode paletteMode() { return PaletteMode(detail::paletteModeValue().load(std::memory_order_relaxed)); }

// Line widths and point radii are multiplied by this (1 normally, about 1.6 on a projector, where thin lines vanish).
inline void setViewScale(double s) { detail::viewScaleValue().store(s > 0 ? s : 1.0, std::memory_order_relaxed); }
inline double viewScale() { return detail::viewScaleValue().load(std::memory_order_relaxed); }

inline const QVector<QColor>& classColors() {
    // Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision deficiencies.
    // Class 0 is orange, class 1 blue, as TF Playground's two classes read.
    static const QVector<QColor> standard{QColor(230, 159, 0),   QColor(0, 114, 178),  QColor(0, 158, 115),
                                          QColor(204, 121, 167), QColor(86, 180, 233), QColor(213, 94, 0),
                                          QColor(240, 228, 66),  QColor(90, 90, 90)};
    // High contrast: deep, saturated colours that keep their contrast against white on a washed-out projector
    // (every one at least 4.2:1 against white, WCAG). Same order of hues (orange-red, blue, green, ...), so a class
    // keeps roughly its colour when the palette switches.
    static const QVector<QColor> highContrast{QColor(221, 68, 0),  QColor(0, 51, 221),  QColor(0, 128, 0),
                                              QColor(200, 0, 140), QColor(0, 130, 170), QColor(0, 0, 0),
                                              QColor(150, 100, 0), QColor(110, 0, 200)};
    return paletteMode() == PaletteMode::HighContrast ? highContrast : standard;
}
inline QColor classColor(int k) { return classColors()[((k % 8) + 8) % 8]; }

// Diverging scale for v in [-1, 1]: class 0's colour (negative) - white (0) - class 1's colour (positive).
inline QColor divergingColor(double v) {
    v = v < -1 ? -1 : (v > 1 ? 1 : v);
    const QColor lo = classColor(0), hi = classColor(1), mid(250, 250, 250);
    const QColor& end = v < 0 ? lo : hi;
    const double t = v < 0 ? -v : v;
    return QColor(int(mid.red() + (end.red() - mid.red()) * t), int(mid.green() + (end.green() - mid.green()) * t),
                  int(mid.blue() + (end.blue() - mid.blue()) * t));
}

// Colour for a weight: sign gives hue, magnitude (relative to `scale`) gives saturation.
inline QColor weightColor(double w, double scale) { return divergingColor(scale > 0 ? w / scale : 0); }

}  // namespace widgets
