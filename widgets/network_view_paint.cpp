// NetworkView's painting: links first (weak under strong), then the columns of nodes with their headers, labels and
// bias dots. Kept apart from layout and hit testing so each file does one job.
#include "widgets/network_view.h"
#include "widgets/view_style.h"
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
    const double colStep = m_columns.size() > 1 ? m_columns[1].nodes.value(0).rect.center().x() -
                                                      m_columns[0].nodes.value(0).rect.center().x()
                                                : width();
    for (int c = 0; c < m_columns.size(); ++c) {
        const Column& col = m_columns[c];
        const double x = col.nodes.isEmpty() ? 0 : col.nodes[0].rect.center().x();
        // Header, centred over the column but kept inside the view (headerRect); the edit strip stays free.
        QRectF hr = headerRect(c - 1);
        hr.setBottom(hr.bottom() - m_editStrip);
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
