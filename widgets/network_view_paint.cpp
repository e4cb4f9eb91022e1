// NetworkView's painting: bands and links first (weak under strong), then the columns of nodes or stacks of maps
// with their headers, labels, shape captions and bias dots. Kept apart from layout and hit testing.
#include "widgets/network_view.h"
#include "widgets/view_style.h"
#include <QLinearGradient>
#include <QPainter>
#include <algorithm>

namespace widgets {

using namespace viewstyle;

bool NetworkView::linkTouches(const Link& k, int layer, int unit) const {
    auto contains = [unit](const Slot& s) { return unit >= s.unit && unit < s.unit + s.count; };
    if (layer == k.layer) return contains(m_columns[k.layer + 1].nodes[k.to]);
    if (layer == k.layer - 1) return contains(m_columns[k.layer].nodes[k.from]);
    return false;
}

void NetworkView::paintEvent(QPaintEvent*) {
    ensureLayout();
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    p.setRenderHint(QPainter::Antialiasing);
    if (m_columns.isEmpty()) {
        p.setPen(kMuted);
        p.setFont(scaledFont(font(), 1.1));
        p.drawText(rect(), Qt::AlignCenter, tr("No network yet"));
        return;
    }

    // The neuron under the pointer keeps its links vivid; the others step back. (Only while hovering: a selection
    // that faded the whole diagram would hide the training the class is watching.)
    int focusLayer = -2, focusUnit = -1;
    if (m_hover.kind == Hit::Neuron || m_hover.kind == Hit::Bias) focusLayer = m_hover.layer, focusUnit = m_hover.unit;

    const Link* hovered = nullptr;
    const double scale = viewScale();  // presenter mode thickens every line: thin links vanish on a projector
    // Bands: a layer's many weights next to a stack, one soft shape; the stack under the pointer keeps its bands vivid.
    p.setPen(Qt::NoPen);
    for (const Band& b : m_bands) {
        const bool lit = m_hover.kind == Hit::Stack && (m_hover.layer == b.layer || m_hover.layer == b.layer - 1);
        const QRectF r = b.shape.boundingRect();
        QLinearGradient g(r.topLeft(), r.topRight());
        g.setColorAt(0, QColor(120, 140, 170, lit ? 120 : 70));
        g.setColorAt(1, QColor(120, 140, 170, lit ? 80 : 40));
        p.setBrush(g);
        p.drawPolygon(b.shape);
    }
    p.setBrush(Qt::NoBrush);
    for (const Link& k : m_links) {
        QColor c = k.color;
        if (focusLayer >= -1 && !linkTouches(k, focusLayer, focusUnit)) c.setAlphaF(c.alphaF() * 0.3);
        QPen pen(c, k.width * scale, Qt::SolidLine, Qt::RoundCap);
        p.setPen(pen);
        p.drawLine(k.line);
        if (m_hover.kind == Hit::Link && k.layer == m_hover.layer) {
            const Slot& from = m_columns[k.layer].nodes[k.from];
            const Slot& to = m_columns[k.layer + 1].nodes[k.to];
            const int input = from.count > 1 ? -1 : (k.layer == 0 ? networkInput(from.unit) : from.unit);
            const int unit = to.count > 1 ? -1 : to.unit;
            if (input == m_hover.input && unit == m_hover.unit) hovered = &k;
        }
    }
    if (hovered) {  // outline the link under the pointer, so the tooltip's weight is unmistakable
        p.setPen(QPen(kFocus, hovered->width * scale + 3, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(hovered->line);
        QColor c = hovered->color;
        c.setAlpha(255);
        p.setPen(QPen(c, hovered->width * scale + 1, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(hovered->line);
    }
    paintColumns(p);
}

void NetworkView::paintColumns(QPainter& p) const {
    const QFont title = scaledFont(font(), m_textScale, true);
    const QFont detail = scaledFont(font(), 0.9 * m_textScale);
    const QFont label = scaledFont(font(), m_textScale);
    const QFont small = scaledFont(font(), 0.8 * m_textScale);
    const double titleH = QFontMetricsF(title).height();
    const double colStep = m_columns.size() > 1 ? m_columns[1].x - m_columns[0].x : width();
    for (int c = 0; c < m_columns.size(); ++c) {
        const Column& col = m_columns[c];
        const double x = col.x;
        // Header, centred over the column but kept inside the view (headerRect); the edit strip stays free.
        QRectF hr = headerRect(c - 1);
        hr.setBottom(hr.bottom() - m_editStrip);
        // Never over a neighbour's header: the text keeps to halfway between the columns (a last column pushed in
        // from the edge would otherwise write over the one before it).
        if (c > 0) hr.setLeft(std::max(hr.left(), (m_columns[c - 1].x + x) / 2 + 3));
        if (c + 1 < m_columns.size()) hr.setRight(std::min(hr.right(), (m_columns[c + 1].x + x) / 2 - 3));
        const Qt::Alignment align = c == 0 ? Qt::AlignLeft
                                           : (c == m_columns.size() - 1 ? Qt::AlignRight : Qt::AlignHCenter);
        p.setPen(palette().color(QPalette::Text));
        p.setFont(title);
        p.drawText(QRectF(hr.left(), hr.top(), hr.width(), titleH), align | Qt::AlignTop,
                   QFontMetricsF(title).elidedText(col.title, Qt::ElideRight, hr.width()));
        p.setPen(kMuted);
        p.setFont(detail);
        p.drawText(QRectF(hr.left(), hr.top() + titleH, hr.width(), hr.height() - titleH), align | Qt::AlignTop,
                   QFontMetricsF(detail).elidedText(col.detail, Qt::ElideRight, hr.width()));

        if (col.stack) paintStack(p, c);
        for (const Slot& s : col.nodes) {
            paintNode(p, c, s);
            if (c == 0 && s.count == 1) {
                const bool on = !m_twoD || m_active.value(s.unit);
                p.setFont(label);
                p.setPen(on ? palette().color(QPalette::Text) : kInactive);
                const QRectF lr(s.rect.left() - m_labelWidth, s.rect.top() - 10, m_labelWidth - 6 * m_textScale,
                                s.rect.height() + 20);
                p.drawText(lr, Qt::AlignRight | Qt::AlignVCenter, m_labels.value(s.unit));
            }
            if (s.count > 1) {
                p.setFont(small);
                p.setPen(kMuted);
                const QRectF cr(x - colStep / 2, s.rect.bottom() + 4, colStep, QFontMetricsF(small).height() + 2);
                p.drawText(cr, Qt::AlignHCenter | Qt::AlignTop, tr("… %1 more").arg(s.count));
            }
        }
    }
}

// A layer of maps: up to six cards, the front one at the bottom left, each behind it up and to the right (a "…" when
// the layer has more), the maps' images on them when given; a flatten is one tall bar. The shape goes underneath.
void NetworkView::paintStack(QPainter& p, int c) const {
    const Column& col = m_columns[c];
    const double scale = viewScale();
    const bool selected = m_selLayer == c - 1 && m_selUnit == -1;
    const bool hovered = m_hover.kind == Hit::Stack && m_hover.layer == c - 1;
    const QRectF front = col.stackRect;
    p.setRenderHint(QPainter::Antialiasing, false);
    if (col.cards == 0) {  // flatten: the values one under another
        p.fillRect(front, kEmptyNode);
        p.setPen(QPen(QColor(190, 190, 190), 1));
        const int rows = 12;
        for (int k = 1; k < rows; ++k) {
            const double y = front.top() + front.height() * k / rows;
            p.drawLine(QPointF(front.left(), y), QPointF(front.right(), y));
        }
        p.setPen(QPen(kFrame, scale));
        p.setBrush(Qt::NoBrush);
        p.drawRect(front);
    } else {
        const double off = front.width() * 0.1;
        const int h = col.shape.height, w = col.shape.width;
        for (int k = col.cards - 1; k >= 0; --k) {
            const QRectF r = front.translated(k * off, -k * off);
            const QImage* img = nullptr;
            if (c < m_images.size() && k < m_images[c].size() && !m_images[c][k].isNull()) img = &m_images[c][k];
            if (img) {
                p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // pixels stay pixels
                p.drawImage(r, *img);
            } else {
                p.fillRect(r, k == 0 ? QColor(244, 247, 251) : QColor(226, 233, 242));
                // A faint pixel grid on the front card, while its cells stay wider than a few pixels.
                if (k == 0 && h > 1 && w > 1 && r.width() / w >= 5 && r.height() / h >= 5) {
                    p.setPen(QPen(QColor(214, 222, 232), 1));
                    for (int i = 1; i < w; ++i) {
                        const double x = r.left() + r.width() * i / w;
                        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
                    }
                    for (int i = 1; i < h; ++i) {
                        const double y = r.top() + r.height() * i / h;
                        p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
                    }
                }
            }
            p.setPen(QPen(kFrame, scale));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r);
        }
        if (col.shape.channels > col.cards) {  // more maps than cards
            const QRectF back = front.translated((col.cards - 1) * off, -(col.cards - 1) * off);
            p.setPen(kMuted);
            p.setFont(scaledFont(font(), 0.9 * m_textScale, true));
            const QFontMetricsF fm(p.font());
            p.drawText(QRectF(back.right() + 2, back.top() - fm.height() / 2, fm.height() * 1.5, fm.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("…"));
        }
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    if (selected || hovered) {
        QRectF outline = col.extent;
        outline.setBottom(front.bottom());
        p.setPen(QPen(selected ? kFocus : palette().color(QPalette::Highlight), (selected ? 3 : 2) * scale));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(outline.adjusted(-4, -4, 4, 4), 4, 4);
    }
    // The shape under the stack: "8×8×8".
    p.setFont(scaledFont(font(), m_textScale, true));
    p.setPen(palette().color(QPalette::Text));
    const QFontMetricsF fm(p.font());
    p.drawText(QRectF(col.x - 100 * m_textScale, front.bottom() + 4, 200 * m_textScale, fm.height()),
               Qt::AlignHCenter | Qt::AlignTop, col.caption);
}

void NetworkView::paintNode(QPainter& p, int c, const Slot& s) const {
    const QRectF r = s.rect;
    if (s.count > 1) {  // a small stack of cards: many neurons, not drawn one by one
        const double d = std::max(2.0, m_node * 0.08);
        p.setPen(QPen(kFrame, 1));
        for (int k = 2; k >= 0; --k) {
            p.setBrush(k == 0 ? QColor(248, 248, 248) : kEmptyNode);
            p.drawRect(r.translated(k * d - d, k * -d + d).adjusted(d, d, -d, -d));
        }
        p.setPen(kMuted);
        p.setFont(scaledFont(font(), 0.8 * m_textScale, true));
        p.drawText(r.adjusted(d, d, -d, -d), Qt::AlignCenter, QStringLiteral("⋯"));
        return;
    }
    const int layer = c - 1;
    const bool inactive = c == 0 && m_twoD && !m_active.value(s.unit);
    const QImage* img = nullptr;
    if (c < m_images.size() && s.unit < m_images[c].size() && !m_images[c][s.unit].isNull()) img = &m_images[c][s.unit];

    p.setRenderHint(QPainter::Antialiasing, false);
    if (img) {
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        if (inactive) p.setOpacity(0.3);
        p.drawImage(r, *img);
        p.setOpacity(1);
    } else {
        p.fillRect(r, inactive ? QColor(246, 246, 246) : kEmptyNode);
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(inactive ? QPen(kInactive, viewScale(), Qt::DashLine) : QPen(kFrame, viewScale()));
    p.drawRect(r);
    p.setRenderHint(QPainter::Antialiasing, true);

    const bool selected = layer == m_selLayer && s.unit == m_selUnit;
    const bool hovered = (m_hover.kind == Hit::Neuron || m_hover.kind == Hit::Bias) && m_hover.layer == layer &&
                         m_hover.unit == s.unit;
    if (selected || hovered) {
        p.setPen(QPen(selected ? kFocus : palette().color(QPalette::Highlight), selected ? 3 : 2));
        p.drawRect(r.adjusted(-2, -2, 2, 2));
    }

    if (layer >= 0) {  // the bias: a dot on the bottom-left corner, coloured like a weight
        const double rad = std::clamp(m_node * 0.13, 3.0, 7.0);
        QColor fill = kNeutralLink;
        if (hasParams() && m_biasScale.value(layer) > 0) {
            const double b = m_params[biasIndex(layer, s.unit)];
            fill = signColor(b, std::abs(b) / m_biasScale[layer]);
        }
        p.setPen(QPen(QColor(60, 60, 60), 1));
        p.setBrush(fill);
        p.drawEllipse(r.bottomLeft(), rad, rad);
        p.setBrush(Qt::NoBrush);
    }
}

}  // namespace widgets
