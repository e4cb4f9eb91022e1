// NetworkView's layout: where every column, node, stack of maps, link and band goes, and the geometry the overlays
// read back (neuronRect, layerRect, headerRect, ...). Rebuilt lazily after a resize or a new network.
#include "widgets/network_view.h"
#include "widgets/view_style.h"
#include <algorithm>
#include <cmath>

namespace widgets {

using namespace viewstyle;

namespace {

constexpr int kMaxFullColumn = 12;  // more neurons than this always fold into a "… N more" node
constexpr int kMaxShownFolded = 8;  // a folded column shows at most this many neurons before its "more" node
constexpr double kGapRatio = 0.3;   // vertical gap between nodes, as a fraction of the node size
constexpr int kMaxCards = 6;        // a stack draws at most this many maps, then "…"
constexpr double kCardOffset = 0.1;  // each card behind sits this fraction of a card up and to the right

QString shapeText(const engine::Shape& s) {
    if (!s.isImage()) return QString::number(s.size());
    return QStringLiteral("%1×%2×%3").arg(s.height).arg(s.width).arg(s.channels);
}

}  // namespace

bool NetworkView::stackColumn(int c) const {
    if (c == 0) return !m_twoD && m_spec.inputShape().isImage();
    return c >= 1 && c <= int(m_spec.layers.size()) && m_spec.layers[std::size_t(c - 1)].kind != engine::LayerKind::Dense;
}

// The header's second line for a column drawn as maps: what the layer does, in the words of the lessons.
QString NetworkView::stackDetail(int c) const {
    const engine::Shape shape = m_shapes.size() > std::size_t(c) ? m_shapes[std::size_t(c)] : engine::Shape{};
    if (c == 0) return tr("%1 values").arg(shape.size());
    const engine::LayerSpec& l = m_spec.layers[std::size_t(c - 1)];
    switch (l.kind) {
    case engine::LayerKind::Conv: {
        QString t = QStringLiteral("%1×%1").arg(l.kernel);
        if (l.stride != 1) t += tr(", stride %1").arg(l.stride);
        if (l.padding != 0) t += tr(", pad %1").arg(l.padding);
        return t + QStringLiteral(", ") + activationLabel(l.activation);
    }
    case engine::LayerKind::MaxPool:
    case engine::LayerKind::AvgPool: {
        QString t = QStringLiteral("%1×%1").arg(l.kernel);
        if (l.stride != l.kernel) t += tr(", stride %1").arg(l.stride);
        return t;
    }
    case engine::LayerKind::Flatten: return tr("%1 values").arg(shape.size());
    case engine::LayerKind::Dense: break;
    }
    return {};
}

void NetworkView::computeLayout() {
    m_layoutDirty = false;
    m_columns.clear();
    m_links.clear();
    m_bands.clear();
    if (m_spec.layers.empty()) return;

    m_textScale = textScale(width(), height(), 640, 400);
    const QFontMetricsF fmTitle(scaledFont(font(), m_textScale, true));
    const QFontMetricsF fmDetail(scaledFont(font(), 0.9 * m_textScale));
    const QFontMetricsF fmLabel(scaledFont(font(), m_textScale));
    const QFontMetricsF fmSmall(scaledFont(font(), 0.8 * m_textScale));
    const QFontMetricsF fmShape(scaledFont(font(), m_textScale, true));

    const int nCols = int(m_spec.layers.size()) + 1;
    QVector<int> counts{int(m_labels.size())};
    for (const auto& l : m_spec.layers) counts << std::max(0, l.units);
    QVector<bool> stack;
    for (int c = 0; c < nCols; ++c) stack << stackColumn(c);

    const double margin = 8 * m_textScale;
    m_labelWidth = 0;
    if (!stack[0]) {  // an image input has no per-value labels to write
        for (const QString& s : m_labels.mid(0, kMaxShownFolded + 4))
            m_labelWidth = std::max(m_labelWidth, fmLabel.horizontalAdvance(s));
        m_labelWidth += 8 * m_textScale;
    }

    const double headerH = fmTitle.height() + fmDetail.height() + 6 + m_editStrip;
    const double top = margin + headerH + 4;
    const double H = std::max(20.0, height() - margin - top);
    const double captionH = fmSmall.height() + 2;
    const double left = margin + m_labelWidth, right = width() - margin;
    const double span = std::max(40.0, right - left);
    m_headerArea = QRectF(0, margin, width(), headerH);

    // One node size for the whole diagram: as large as fits, but never so small that a thumbnail stops reading.
    auto fit = [&](int n, double extra) { return n <= 0 ? 1e9 : (H - extra) / (n + (n - 1) * kGapRatio); };
    const double sMax = std::min(64.0 * m_textScale, 0.5 * span / nCols);
    const double sMin = std::min(sMax, 20.0 * m_textScale);
    double s = sMax;
    for (int c = 0; c < nCols; ++c) {
        if (stack[c]) continue;
        const int n = counts[c];
        if (c == 0 && m_twoD) s = std::min(s, fit(n, 0));  // all nine features always show
        else if (n <= kMaxFullColumn && fit(n, 0) >= sMin) s = std::min(s, fit(n, 0));
        else s = std::min(s, std::max(sMin, fit(kMaxShownFolded + 1, captionH)));
    }
    s = std::max(6.0, s);
    m_node = s;
    const double gap = s * kGapRatio;

    // A stack's front card: as large as the room between columns and the height allow, never smaller than a node.
    const double shapeH = fmShape.height() + 4;
    const double card = std::max(
        s, std::min({(H - shapeH) / (1 + kCardOffset * (kMaxCards - 1)) * 0.8,
                     0.4 * span / std::max(1, nCols - 1), 130.0 * m_textScale}));
    const double offset = card * kCardOffset;
    QVector<int> cards(nCols, 0);
    QVector<double> halfWidth(nCols, s / 2);
    for (int c = 0; c < nCols; ++c) {
        if (!stack[c]) continue;
        const engine::Shape sh = m_shapes.size() > std::size_t(c) ? m_shapes[std::size_t(c)] : engine::Shape{};
        const bool flat = c > 0 && m_spec.layers[std::size_t(c - 1)].kind == engine::LayerKind::Flatten;
        cards[c] = flat ? 0 : std::clamp(sh.channels, 1, kMaxCards);
        halfWidth[c] = flat ? std::max(10.0, s * 0.4) / 2 : (card + (cards[c] - 1) * offset) / 2;
    }
    // Every front card on one line, so the bands between stacks run straight.
    const int deepest = std::max(1, *std::max_element(cards.begin(), cards.end()));
    const double maxDepth = (deepest - 1) * offset;
    const double frontTop = top + std::max(0.0, (H - card - maxDepth - shapeH) / 2) + maxDepth;
    // Column centres: the first and last drawings touch the margins, the others evenly spaced between.
    const double x0 = left + halfWidth[0], x1 = right - halfWidth[nCols - 1];
    const double step = nCols > 1 ? std::max(0.0, x1 - x0) / (nCols - 1) : 0;

    for (int c = 0; c < nCols; ++c) {
        Column col;
        col.stack = stack[c];
        col.shape = m_shapes.size() > std::size_t(c) ? m_shapes[std::size_t(c)] : engine::Shape{counts[c], 1, 1};
        col.caption = shapeText(col.shape);
        const double x = x0 + c * step;
        col.x = x;
        if (col.stack) {
            col.cards = cards[c];
            if (col.cards == 0) {  // flatten: one tall bar, the values in a column
                const double w = 2 * halfWidth[c], h = card * 1.2;
                const double y = std::max(top, frontTop + card / 2 - h / 2);
                col.stackRect = QRectF(x - w / 2, y, w, h);
                col.extent = col.stackRect;
            } else {
                const double depth = (col.cards - 1) * offset;
                const double y = frontTop;
                col.stackRect = QRectF(x - halfWidth[c], y, card, card);
                col.extent = QRectF(col.stackRect.left(), y - depth, card + depth, card + depth);
            }
            col.extent.setBottom(col.extent.bottom() + shapeH);
        } else {
            const int n = counts[c];
            int shown = n;
            if (!(c == 0 && m_twoD) && (n > kMaxFullColumn || fit(n, 0) < s - 1e-6)) {
                const int slotsFit = int(std::floor((H - captionH + gap) / (s + gap)));
                shown = std::clamp(slotsFit - 1, 1, kMaxShownFolded);
                if (n <= shown + 1) shown = n;
            }
            const bool folded = shown < n;
            const int nodes = shown + (folded ? 1 : 0);
            const double total = nodes * s + std::max(0, nodes - 1) * gap + (folded ? captionH : 0);
            double y = top + std::max(0.0, (H - total) / 2);
            for (int k = 0; k < nodes; ++k) {
                Slot sl;
                sl.unit = k;
                sl.count = (folded && k == shown) ? n - shown : 1;
                sl.rect = QRectF(x - s / 2, y, s, s);
                col.nodes << sl;
                col.extent = col.extent.isNull() ? sl.rect : col.extent.united(sl.rect);
                y += s + gap;
            }
        }
        const bool output = c == nCols - 1;
        if (c == 0) {
            col.title = m_twoD || counts[0] != 1 ? tr("Inputs") : tr("Input");
            if (col.stack) {
                col.title = tr("Input");
                col.detail = stackDetail(0);
            } else if (m_twoD) {
                const int active = int(std::count(m_active.begin(), m_active.end(), true));
                col.detail = tr("%1 of %2 features").arg(active).arg(counts[0]);
            } else {
                col.detail = counts[0] == 1 ? tr("1 value") : tr("%1 values").arg(counts[0]);
            }
        } else {
            const auto& ls = m_spec.layers[std::size_t(c - 1)];
            const int n = counts[c];
            switch (ls.kind) {
            case engine::LayerKind::Conv: col.title = tr("Conv"); break;
            case engine::LayerKind::MaxPool: col.title = tr("Max pool"); break;
            case engine::LayerKind::AvgPool: col.title = tr("Avg pool"); break;
            case engine::LayerKind::Flatten: col.title = tr("Flatten"); break;
            case engine::LayerKind::Dense: col.title = output ? tr("Output") : tr("Hidden %1").arg(c); break;
            }
            if (col.stack) {
                col.detail = stackDetail(c);
            } else {
                const QString act = activationLabel(ls.activation);
                const QString neurons = n == 1 ? tr("1 neuron") : tr("%1 neurons").arg(n);
                col.detail = output && n == 1 ? act : neurons + QStringLiteral(" · ") + act;
            }
        }
        m_columns << col;
    }

    // Links between consecutive columns of neurons; in the input column only active features feed the network. Next
    // to a stack, one band stands for all of a layer's weights (or for a flatten's reading of the maps).
    for (int c = 0; c + 1 < nCols; ++c) {
        const Column &a = m_columns[c], &b = m_columns[c + 1];
        if (a.stack || b.stack) {
            auto span = [](const Column& k) {
                if (!k.stack) return std::pair{k.extent.top(), k.extent.bottom()};
                return std::pair{k.stackRect.top(), k.stackRect.bottom()};
            };
            const auto [at, ab] = span(a);
            const auto [bt, bb] = span(b);
            const double ax = a.stack ? a.stackRect.right() + (a.extent.width() - a.stackRect.width()) : a.extent.right();
            const double bx = b.extent.left();
            Band band;
            band.layer = c;
            band.shape << QPointF(ax, at) << QPointF(bx, bt) << QPointF(bx, bb) << QPointF(ax, ab);
            m_bands << band;
            continue;
        }
        for (int i = 0; i < a.nodes.size(); ++i) {
            const Slot& from = a.nodes[i];
            if (c == 0 && m_twoD && networkInput(from.unit) < 0) continue;
            for (int j = 0; j < b.nodes.size(); ++j) {
                const Slot& to = b.nodes[j];
                Link k;
                k.layer = c;
                k.from = i;
                k.to = j;
                k.bundle = from.count > 1 || to.count > 1;
                k.line = QLineF(QPointF(from.rect.right(), from.rect.center().y()),
                                QPointF(to.rect.left(), to.rect.center().y()));
                m_links << k;
            }
        }
    }
    computeLinkStyles();
}

// Weight values, colours and widths of the drawn links; a bundle shows the mean of the weights it stands for.
void NetworkView::computeLinkStyles() {
    const int L = int(m_spec.layers.size());
    const bool ok = hasParams();
    m_layerScale = QVector<double>(L, 0.0);
    m_biasScale = QVector<double>(L, 0.0);
    if (ok) {
        for (int l = 0; l < L; ++l) {
            const engine::Index nw = m_bOff[std::size_t(l)] - m_wOff[std::size_t(l)];
            const int rows = m_rows[std::size_t(l)];
            if (nw > 0) m_layerScale[l] = m_params.segment(m_wOff[std::size_t(l)], nw).cwiseAbs().maxCoeff();
            if (rows > 0) m_biasScale[l] = m_params.segment(m_bOff[std::size_t(l)], rows).cwiseAbs().maxCoeff();
        }
    }
    for (Link& k : m_links) {
        const Slot& from = m_columns[k.layer].nodes[k.from];
        const Slot& to = m_columns[k.layer + 1].nodes[k.to];
        const double scale = m_layerScale[k.layer];
        if (!ok || scale <= 0) {
            k.value = 0;
            k.width = 0.5;
            k.color = kNeutralLink;
            continue;
        }
        int i0 = from.unit, ni = from.count;
        if (k.layer == 0 && m_twoD) i0 = networkInput(from.unit), ni = 1;
        double sum = 0, sumAbs = 0;
        for (int i = i0; i < i0 + ni; ++i) {
            const double* w = m_params.data() + weightIndex(k.layer, to.unit, i);
            for (int j = 0; j < to.count; ++j) sum += w[j], sumAbs += std::abs(w[j]);
        }
        const double n = double(ni) * to.count;
        k.value = sum / n;
        const double mag = sumAbs / n;
        k.width = std::clamp(0.5 + 5.5 * mag / scale, 0.5, 6.0);
        if (!k.bundle) {
            k.color = signColor(k.value, mag / scale);
        } else {
            // Mixed signs cancel in the mean: the bundle then fades to grey instead of claiming a sign.
            const double agreement = mag > 0 ? std::abs(k.value) / mag : 0;
            const QColor c = signColor(k.value, 1.0);
            const double t = std::clamp(agreement * 1.5, 0.0, 1.0);
            k.color = QColor(int(150 + (c.red() - 150) * t), int(150 + (c.green() - 150) * t),
                             int(150 + (c.blue() - 150) * t), 150);
        }
    }
    std::stable_sort(m_links.begin(), m_links.end(), [](const Link& a, const Link& b) { return a.width < b.width; });
}

QRectF NetworkView::neuronRect(int layer, int unit) const {
    ensureLayout();
    const int c = layer + 1;
    if (c < 0 || c >= m_columns.size() || unit < 0) return {};
    for (const Slot& s : m_columns[c].nodes)
        if (unit >= s.unit && unit < s.unit + s.count) return s.rect;
    return {};
}

bool NetworkView::isStack(int layer) const {
    ensureLayout();
    const int c = layer + 1;
    return c >= 0 && c < m_columns.size() && m_columns[c].stack;
}

QRectF NetworkView::layerRect(int layer) const {
    ensureLayout();
    const int c = layer + 1;
    return c >= 0 && c < m_columns.size() ? m_columns[c].extent : QRectF();
}

QString NetworkView::columnTitle(int layer) const {
    ensureLayout();
    const int c = layer + 1;
    return c >= 0 && c < m_columns.size() ? m_columns[c].title : QString();
}

QString NetworkView::columnDetail(int layer) const {
    ensureLayout();
    const int c = layer + 1;
    return c >= 0 && c < m_columns.size() ? m_columns[c].detail : QString();
}

QString NetworkView::shapeLabel(int layer) const {
    ensureLayout();
    const int c = layer + 1;
    return c >= 0 && c < m_columns.size() ? m_columns[c].caption : QString();
}

int NetworkView::stackCards(int layer) const {
    ensureLayout();
    const int c = layer + 1;
    return c >= 0 && c < m_columns.size() ? m_columns[c].cards : 0;
}

void NetworkView::setEditStripHeight(double px) {
    m_editStrip = std::max(0.0, px);
    invalidateLayout();
}

QRectF NetworkView::headerRect(int layer) const {
    ensureLayout();
    const int c = layer + 1;
    if (c < 0 || c >= m_columns.size()) return {};
    const double x = m_columns[c].x;
    const double colStep = m_columns.size() > 1 ? m_columns[1].x - m_columns[0].x : width();
    // Centred over the column but kept inside the view; the input column's header sits over its labels.
    const double w = std::max(colStep - 6, m_node + 20);
    QRectF hr(x - w / 2, m_headerArea.top(), w, m_headerArea.height());
    if (c == 0) hr.setLeft(std::max(2.0, m_columns[0].extent.left() - m_labelWidth)), hr.setWidth(w);
    if (hr.left() < 2) hr.moveLeft(2);
    if (hr.right() > width() - 8)
        hr.moveRight(width() - 8);  // clear of a frame drawn round the view (a lesson pointing at it)
    return hr;
}

QRectF NetworkView::titleRect(int layer) const {
    const QRectF hr = headerRect(layer);
    if (hr.isNull()) return {};
    const int c = layer + 1;
    const QFontMetricsF fm(scaledFont(font(), m_textScale, true));
    const double w = std::min(hr.width(), fm.horizontalAdvance(m_columns[c].title));
    const double x = c == 0 ? hr.left() : (c == m_columns.size() - 1 ? hr.right() - w : hr.center().x() - w / 2);
    return QRectF(x, hr.top(), w, fm.height());
}

QLineF NetworkView::linkLine(int layer, int unit, int input) const {
    ensureLayout();
    if (layer < 0 || layer >= int(m_spec.layers.size()) || unit < 0 || input < 0) return {};
    const int from = layer == 0 ? displayInput(input) : input;
    for (const Link& k : m_links) {
        if (k.layer != layer || k.bundle) continue;
        const Slot& a = m_columns[k.layer].nodes[k.from];
        const Slot& b = m_columns[k.layer + 1].nodes[k.to];
        if (a.unit == from && b.unit == unit) return k.line;
    }
    return {};
}

QPointF NetworkView::neuronCenter(int layer, int unit) const {
    const QRectF r = neuronRect(layer, unit);
    return r.isNull() ? QPointF(-1, -1) : r.center();
}

}  // namespace widgets
