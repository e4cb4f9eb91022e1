// Colours shared by every view: the Okabe-Ito colour-blind-safe set for up to 8 classes, a diverging scale for
// signed values (weights, regression outputs), and the background tint used for class regions.
#pragma once
#include <QColor>
#include <QVector>

namespace widgets {

// Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision deficiencies.
// Class 0 is orange, class 1 blue, as TF Playground's two classes read.
inline const QVector<QColor>& classColors() {
    static const QVector<QColor> c{QColor(230, 159, 0),  QColor(0, 114, 178),  QColor(0, 158, 115),
                                   QColor(204, 121, 167), QColor(86, 180, 233), QColor(213, 94, 0),
                                   QColor(240, 228, 66), QColor(90, 90, 90)};
    return c;
}
inline QColor classColor(int k) { return classColors()[((k % 8) + 8) % 8]; }

// Diverging scale for v in [-1, 1]: orange (negative) - white (0) - blue (positive), as the class colours.
inline QColor divergingColor(double v) {
    v = v < -1 ? -1 : (v > 1 ? 1 : v);
    const QColor lo(230, 159, 0), mid(250, 250, 250), hi(0, 114, 178);
    const QColor& end = v < 0 ? lo : hi;
    const double t = v < 0 ? -v : v;
    return QColor(int(mid.red() + (end.red() - mid.red()) * t), int(mid.green() + (end.green() - mid.green()) * t),
                  int(mid.blue() + (end.blue() - mid.blue()) * t));
}

// Colour for a weight: sign gives hue, magnitude (relative to `scale`) gives saturation.
inline QColor weightColor(double w, double scale) { return divergingColor(scale > 0 ? w / scale : 0); }

}  // namespace widgets
