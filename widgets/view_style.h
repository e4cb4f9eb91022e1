// Shared look of the network diagram and the weight diagram: text scaled for projectors, number formatting, and the
// colours of links, frames and muted text, so both views read as one family.
#pragma once
#include "engine/activation.h"
#include "widgets/drawing/palette.h"
#include <QColor>
#include <QFont>
#include <QHelpEvent>
#include <QToolTip>
#include <QString>
#include <algorithm>
#include <cmath>

namespace widgets::viewstyle {

inline const QColor kNeutralLink(200, 200, 200);
inline const QColor kFrame(110, 110, 110);
inline const QColor kInactive(185, 185, 185);
inline const QColor kEmptyNode(236, 236, 236);
inline const QColor kMuted(110, 110, 110);
inline const QColor kFocus(30, 30, 30);
inline const QColor kText(40, 40, 40);  // text on the charts and matrices

// c with alpha a (0 to 255).
inline QColor withAlpha(QColor c, int a) {
    c.setAlpha(a);
    return c;
}

// The widget's font (which the app enlarges in presentation mode) times a factor.
inline QFont scaledFont(const QFont& base, double factor, bool bold = false) {
    QFont f = base;
    if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() * factor);
    else f.setPixelSize(std::max(1, int(std::lround(f.pixelSize() * factor))));
    f.setBold(bold);
    return f;
}

// Text grows with the view, so a full-screen view on a projector reads from the back row.
inline double textScale(int width, int height, double refWidth, double refHeight) {
    return std::clamp(std::min(width / refWidth, height / refHeight), 1.0, 1.6);
}

inline QString activationLabel(engine::Activation a) {
    switch (a) {
    case engine::Activation::ReLU: return QStringLiteral("ReLU");
    case engine::Activation::LeakyReLU: return QStringLiteral("leaky ReLU");
    case engine::Activation::ELU: return QStringLiteral("ELU");
    default: return QString::fromStdString(engine::activationName(a));
    }
}

// Four decimals, as a teacher checks by hand; tiny values (gradients) keep three significant digits instead of 0.0000.
inline QString number(double v) {
    if (v != 0 && std::abs(v) < 1e-3) return QString::number(v, 'g', 3);
    return QString::number(v, 'f', 4);
}

// A link's colour: the sign's hue, never paler than 30 % so weak links stay visible on white.
inline QColor signColor(double v, double strength) {
    if (v == 0) return kNeutralLink;
    const double s = 0.3 + 0.7 * std::clamp(strength, 0.0, 1.0);
    return weightColor(v < 0 ? -s : s, 1.0);
}

// Shows `text` as the tooltip of a QEvent::ToolTip event (hides it and ignores the event when empty).
inline bool showToolTip(QHelpEvent* he, const QString& text, QWidget* w) {
    if (text.isEmpty()) {
        QToolTip::hideText();
        he->ignore();
    } else {
        QToolTip::showText(he->globalPos(), text, w);
    }
    return true;
}

}  // namespace widgets::viewstyle
