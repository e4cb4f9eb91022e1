#include "widgets/diagram_overlay.h"
#include "widgets/view_style.h"
#include <QEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace widgets {

DiagramOverlay::DiagramOverlay(NetworkView* view) : QWidget(view), m_view(view) {
    setAttribute(Qt::WA_TransparentForMouseEvents);  // the view keeps its hover, tooltips and clicks
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(view->rect());
    view->installEventFilter(this);
    raise();
    show();
}

void DiagramOverlay::setInputActive(QVector<bool> active) {
    m_active = std::move(active);
    update();
}

bool DiagramOverlay::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view) {
        if (event->type() == QEvent::Resize) setGeometry(m_view->rect());
        if (event->type() == QEvent::MouseButtonRelease) {
            const auto* me = static_cast<QMouseEvent*>(event);
            if (me->button() == Qt::LeftButton) {
                const NetworkView::Hit h = m_view->hitTest(me->position());
                if (h.kind == NetworkView::Hit::Link && h.unit >= 0 && h.input >= 0)
                    emit linkClicked(h.layer, h.unit, h.input);
                else if (h.kind == NetworkView::Hit::Bias) emit biasClicked(h.layer, h.unit);
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

int DiagramOverlay::displayInput(int networkInput) const {
    if (m_active.isEmpty()) return networkInput;
    for (int d = 0, k = 0; d < m_active.size(); ++d) {
        if (!m_active[d]) continue;
        if (k++ == networkInput) return d;
    }
    return -1;
}

QRectF DiagramOverlay::nodeRect(int layer, int unit) const {
    // A layer drawn as a stack of maps (convolution, pooling, flatten, an image input) has no node per unit: the
    // overlays that write on neurons and links (the stepper, the gradient check) skip it.
    if (!m_view || unit < 0 || m_view->isStack(layer)) return {};
    const int shown = layer < 0 ? displayInput(unit) : unit;
    if (shown < 0) return {};
    const QRectF r = m_view->neuronRect(layer, shown);
    if (r.isNull()) return {};
    // A folded unit shares its rect with its neighbours (they all map to the "… more" node).
    if (shown > 0 && m_view->neuronRect(layer, shown - 1) == r) return {};
    if (m_view->neuronRect(layer, shown + 1) == r) return {};
    return r;
}

QVector<int> DiagramOverlay::drawnUnits(int layer, int count) const {
    QVector<int> out;
    if (!m_view || m_view->isStack(layer)) return out;  // 784 pixels, or a convolution's channels: no nodes
    for (int j = 0; j < count; ++j) {
        if (!nodeRect(layer, j).isNull()) {
            out << j;
        } else if (layer >= 0 && !out.isEmpty()) {
            break;  // the rest of a wide layer is folded into its "… more" node
        }
    }
    return out;
}

QLineF DiagramOverlay::linkLine(int layer, int unit, int input) const {
    const QRectF from = nodeRect(layer - 1, input), to = nodeRect(layer, unit);
    if (from.isNull() || to.isNull()) return {};
    return QLineF(QPointF(from.right(), from.center().y()), QPointF(to.left(), to.center().y()));
}

double DiagramOverlay::textScale() const { return viewstyle::textScale(width(), height(), 640, 400); }

QFont DiagramOverlay::tagFont(double factor, bool bold) const {
    return viewstyle::scaledFont(font(), factor * textScale(), bold);
}

QSizeF DiagramOverlay::tagSize(const QStringList& lines, const QFont& font) {
    const QFontMetricsF fm(font);
    double w = 0;
    for (const QString& s : lines) w = std::max(w, fm.horizontalAdvance(s));
    const double pad = fm.height() * 0.3;
    return {w + 2 * pad, lines.size() * fm.height() + pad};
}

QRectF DiagramOverlay::paintTag(QPainter& p, QPointF centre, const QStringList& lines, const QColor& accent,
                                const QFont& font, bool strong) const {
    const QSizeF size = tagSize(lines, font);
    QRectF r(centre.x() - size.width() / 2, centre.y() - size.height() / 2, size.width(), size.height());
    if (r.left() < 1) r.moveLeft(1);
    if (r.right() > width() - 1) r.moveRight(width() - 1);
    if (r.top() < 1) r.moveTop(1);
    if (r.bottom() > height() - 1) r.moveBottom(height() - 1);
    const QFontMetricsF fm(font);
    const double radius = fm.height() * 0.25;
    p.setPen(QPen(accent, strong ? 2.5 : 1.5));
    p.setBrush(QColor(255, 255, 255, 238));
    p.drawRoundedRect(r, radius, radius);
    p.setFont(font);
    p.setPen(QColor(25, 25, 25));
    const double pad = fm.height() * 0.3;
    double y = r.top() + pad / 2;
    for (const QString& s : lines) {
        p.drawText(QRectF(r.left() + pad, y, r.width() - 2 * pad, fm.height()), Qt::AlignCenter, s);
        y += fm.height();
    }
    return r;
}

}  // namespace widgets
