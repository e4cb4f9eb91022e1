#include "widgets/network_view.h"
#include "widgets/view_style.h"
#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace widgets {

using namespace viewstyle;

namespace {

constexpr int kMaxFullColumn = 12;  // more neurons than this always fold into a "… N more" node
constexpr int kMaxShownFolded = 8;  // a folded column shows at most this many neurons before its "more" node
constexpr double kGapRatio = 0.3;   // vertical gap between nodes, as a fraction of the node size

double distanceToSegment(QPointF p, const QLineF& l) {
    const QPointF d = l.p2() - l.p1();
    const double len2 = d.x() * d.x() + d.y() * d.y();
    double t = len2 > 0 ? QPointF::dotProduct(p - l.p1(), d) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF q = l.p1() + t * d - p;
    return std::sqrt(q.x() * q.x() + q.y() * q.y());
}

}  // namespace

NetworkView::NetworkView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void NetworkView::setNetwork(const engine::NetworkSpec& spec, QStringList inputLabels, QVector<bool> inputActive,
                             bool twoDFeatures) {
    m_spec = spec;
    m_twoD = twoDFeatures;
    m_labels = std::move(inputLabels);
    m_active = std::move(inputActive);
    if (m_twoD) {
        if (m_labels.isEmpty()) m_labels = {"x₁", "x₂", "x₁²", "x₂²", "x₁·x₂", "sin x₁", "sin x₂", "r", "θ"};
        // Without flags, the first spec.inputs features are the active ones.
        if (m_active.size() != m_labels.size()) {
            m_active.resize(m_labels.size());
            for (int i = 0; i < m_labels.size(); ++i) m_active[i] = i < spec.inputs;
        }
    } else {
        for (int i = m_labels.size(); i < spec.inputs; ++i) m_labels << QStringLiteral("in %1").arg(i + 1);
        m_labels = m_labels.mid(0, std::max(0, spec.inputs));
        m_active = QVector<bool>(m_labels.size(), true);
    }
    // Offsets of the flat layout: per layer W (units x inputs, column-major), then b.
    m_wOff.clear();
    m_bOff.clear();
    engine::Index off = 0;
    for (size_t l = 0; l < m_spec.layers.size(); ++l) {
        const engine::Index in = l == 0 ? m_spec.inputs : m_spec.layers[l - 1].units;
        m_wOff.push_back(off);
        off += in * m_spec.layers[l].units;
        m_bOff.push_back(off);
        off += m_spec.layers[l].units;
    }
    // Said, not just forgotten: the output view was showing the hovered neuron, and with a silent reset the pointer's
    // leaving (Hit{} again) changed nothing it could hear, so that neuron stayed on the plot.
    setHover(Hit{});
    m_press = Hit{};
    invalidateLayout();
}

void NetworkView::setParameters(const engine::Vector& params, const engine::Vector& grads) {
    m_params = params;
    m_grads = grads;
    if (!m_layoutDirty) computeLinkStyles();
    update();
}

void NetworkView::setNeuronImages(QVector<QVector<QImage>> images) {
    m_images = std::move(images);
    update();
}

void NetworkView::setSelected(int layer, int unit) {
    const bool valid = (layer == -1 && unit >= 0 && unit < m_labels.size()) ||
                       (layer >= 0 && layer < int(m_spec.layers.size()) && unit >= 0 &&
                        unit < m_spec.layers[layer].units);
    m_selLayer = valid ? layer : -2;
    m_selUnit = valid ? unit : -1;
    update();
}

bool NetworkView::hasParams() const {
    if (m_spec.layers.empty() || m_bOff.empty()) return false;
    return m_params.size() == m_bOff.back() + m_spec.layers.back().units;
}

engine::Index NetworkView::weightIndex(int l, int j, int i) const {
    return m_wOff[l] + engine::Index(i) * m_spec.layers[l].units + j;
}

engine::Index NetworkView::biasIndex(int l, int j) const { return m_bOff[l] + j; }

int NetworkView::networkInput(int displayIndex) const {
    if (!m_twoD) return displayIndex < m_spec.inputs ? displayIndex : -1;
    if (displayIndex < 0 || displayIndex >= m_active.size() || !m_active[displayIndex]) return -1;
    int k = 0;
    for (int d = 0; d < displayIndex; ++d) k += m_active[d] ? 1 : 0;
    return k < m_spec.inputs ? k : -1;
}

int NetworkView::displayInput(int networkIndex) const {
    if (!m_twoD) return networkIndex;
    for (int d = 0, k = 0; d < m_active.size(); ++d) {
        if (!m_active[d]) continue;
        if (k++ == networkIndex) return d;
    }
    return -1;
}

QString NetworkView::layerName(int layer) const {
    if (layer < 0) return tr("input");
    if (layer == int(m_spec.layers.size()) - 1) return tr("output");
    return tr("hidden %1").arg(layer + 1);
}

QString NetworkView::unitName(int layer, int unit) const {
    if (layer < 0) return unit >= 0 && unit < m_labels.size() ? m_labels[unit] : QString();
    if (layer == int(m_spec.layers.size()) - 1 && m_spec.layers[layer].units == 1) return tr("output");
    return tr("%1 neuron %2").arg(layerName(layer)).arg(unit + 1);
}

// ---- layout -------------------------------------------------------------------------------------------------------

void NetworkView::invalidateLayout() {
    m_layoutDirty = true;
    update();
}

void NetworkView::ensureLayout() const {
    if (m_layoutDirty) const_cast<NetworkView*>(this)->computeLayout();
}

void NetworkView::resizeEvent(QResizeEvent*) { invalidateLayout(); }

void NetworkView::changeEvent(QEvent* e) {
    if (e->type() == QEvent::FontChange) invalidateLayout();
    QWidget::changeEvent(e);
}

void NetworkView::computeLayout() {
    m_layoutDirty = false;
    m_columns.clear();
    m_links.clear();
    if (m_spec.layers.empty()) return;

    m_textScale = textScale(width(), height(), 640, 400);
    const QFontMetricsF fmTitle(scaledFont(font(), m_textScale, true));
    const QFontMetricsF fmDetail(scaledFont(font(), 0.9 * m_textScale));
    const QFontMetricsF fmLabel(scaledFont(font(), m_textScale));
    const QFontMetricsF fmSmall(scaledFont(font(), 0.8 * m_textScale));

    const int nCols = int(m_spec.layers.size()) + 1;
    QVector<int> counts{int(m_labels.size())};
    for (const auto& l : m_spec.layers) counts << std::max(0, l.units);

    const double margin = 8 * m_textScale;
    m_labelWidth = 0;
    for (const QString& s : m_labels.mid(0, kMaxShownFolded + 4))
        m_labelWidth = std::max(m_labelWidth, fmLabel.horizontalAdvance(s));
    m_labelWidth += 8 * m_textScale;

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
        const int n = counts[c];
        if (c == 0 && m_twoD) s = std::min(s, fit(n, 0));  // all nine features always show
        else if (n <= kMaxFullColumn && fit(n, 0) >= sMin) s = std::min(s, fit(n, 0));
        else s = std::min(s, std::max(sMin, fit(kMaxShownFolded + 1, captionH)));
    }
    s = std::max(6.0, s);
    m_node = s;
    const double gap = s * kGapRatio;

    const double step = nCols > 1 ? (span - s) / (nCols - 1) : 0;
    for (int c = 0; c < nCols; ++c) {
        Column col;
        const int n = counts[c];
        const double x = left + s / 2 + c * step;
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
            y += s + gap;
        }
        if (c == 0) {
            col.title = m_twoD || n != 1 ? tr("Inputs") : tr("Input");
            if (m_twoD) {
                const int active = int(std::count(m_active.begin(), m_active.end(), true));
                col.detail = tr("%1 of %2 features").arg(active).arg(n);
            } else {
                col.detail = n == 1 ? tr("1 value") : tr("%1 values").arg(n);
            }
        } else {
            const auto& ls = m_spec.layers[c - 1];
            const QString act = activationLabel(ls.activation);
            const bool output = c == nCols - 1;
            col.title = output ? tr("Output") : tr("Hidden %1").arg(c);
            const QString neurons = n == 1 ? tr("1 neuron") : tr("%1 neurons").arg(n);
            col.detail = output && n == 1 ? act : neurons + QStringLiteral(" · ") + act;
        }
        m_columns << col;
    }

    // Links between consecutive columns; in the input column only active features feed the network.
    for (int c = 0; c + 1 < nCols; ++c) {
        for (int a = 0; a < m_columns[c].nodes.size(); ++a) {
            const Slot& from = m_columns[c].nodes[a];
            if (c == 0 && m_twoD && networkInput(from.unit) < 0) continue;
            for (int b = 0; b < m_columns[c + 1].nodes.size(); ++b) {
                const Slot& to = m_columns[c + 1].nodes[b];
                Link k;
                k.layer = c;
                k.from = a;
                k.to = b;
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
            m_layerScale[l] = m_params.segment(m_wOff[l], m_bOff[l] - m_wOff[l]).cwiseAbs().maxCoeff();
            m_biasScale[l] = m_params.segment(m_bOff[l], m_spec.layers[l].units).cwiseAbs().maxCoeff();
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

void NetworkView::setEditStripHeight(double px) {
    m_editStrip = std::max(0.0, px);
    invalidateLayout();
}

QRectF NetworkView::headerRect(int layer) const {
    ensureLayout();
    const int c = layer + 1;
    if (c < 0 || c >= m_columns.size() || m_columns[c].nodes.isEmpty()) return {};
    const double x = m_columns[c].nodes[0].rect.center().x();
    const double colStep = m_columns.size() > 1 ? m_columns[1].nodes.value(0).rect.center().x() -
                                                      m_columns[0].nodes.value(0).rect.center().x()
                                                : width();
    // Centred over the column but kept inside the view; the input column's header sits over its labels.
    const double w = std::max(colStep - 6, m_node + 20);
    QRectF hr(x - w / 2, m_headerArea.top(), w, m_headerArea.height());
    if (c == 0) hr.setLeft(std::max(2.0, x - m_node / 2 - m_labelWidth)), hr.setWidth(w);
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

// ---- hit testing and tooltips -------------------------------------------------------------------------------------

NetworkView::Hit NetworkView::hitTest(QPointF pos) const {
    ensureLayout();
    Hit h;
    const double r = std::clamp(m_node * 0.13, 3.0, 7.0);
    // Bias dots first: they sit on top of the nodes' corners.
    for (int c = 1; c < m_columns.size(); ++c)
        for (const Slot& s : m_columns[c].nodes) {
            if (s.count > 1) continue;
            const QPointF d = pos - s.rect.bottomLeft();
            if (d.x() * d.x() + d.y() * d.y() <= (r + 2) * (r + 2)) return Hit{Hit::Bias, c - 1, s.unit, -1, 0};
        }
    for (int c = 0; c < m_columns.size(); ++c)
        for (const Slot& s : m_columns[c].nodes) {
            if (!s.rect.adjusted(-1, -1, 1, 1).contains(pos)) continue;
            if (s.count > 1) return Hit{Hit::More, c - 1, s.unit, -1, s.count};
            return Hit{Hit::Neuron, c - 1, s.unit, -1, 0};
        }
    for (int n = m_links.size() - 1; n >= 0; --n) {  // topmost (strongest) first
        const Link& k = m_links[n];
        if (distanceToSegment(pos, k.line) > std::max(3.5, k.width / 2 + 1.5)) continue;
        const Slot& from = m_columns[k.layer].nodes[k.from];
        const Slot& to = m_columns[k.layer + 1].nodes[k.to];
        h.kind = Hit::Link;
        h.layer = k.layer;
        h.unit = to.count > 1 ? -1 : to.unit;
        h.input = from.count > 1 ? -1 : (k.layer == 0 ? networkInput(from.unit) : from.unit);
        return h;
    }
    return h;
}

QString NetworkView::describe(const Hit& h) const {
    ensureLayout();
    const bool ok = hasParams();
    const bool withGrad = ok && m_grads.size() == m_params.size();
    switch (h.kind) {
    case Hit::None: return {};
    case Hit::More: {
        const QString range = tr("%1 neurons %2–%3").arg(layerName(h.layer)).arg(h.unit + 1).arg(h.unit + h.count);
        return tr("%1: %2 more, drawn as one node with bundled links").arg(range).arg(h.count);
    }
    case Hit::Neuron: {
        if (h.layer < 0) {
            const QString name = unitName(-1, h.unit);
            if (!m_twoD) return tr("input %1: %2").arg(h.unit + 1).arg(name);
            return m_active.value(h.unit) ? tr("%1 feeds the network (click to remove it)").arg(name)
                                          : tr("%1 is off (click to feed it to the network)").arg(name);
        }
        QString t = tr("%1 · %2").arg(unitName(h.layer, h.unit), activationLabel(m_spec.layers[h.layer].activation));
        if (ok) t += tr(", bias b = %1").arg(number(m_params[biasIndex(h.layer, h.unit)]));
        return t;
    }
    case Hit::Bias: {
        if (!ok) return tr("bias of %1").arg(unitName(h.layer, h.unit));
        const engine::Index p = biasIndex(h.layer, h.unit);
        QString t = tr("b = %1 (%2)").arg(number(m_params[p]), unitName(h.layer, h.unit));
        if (withGrad) t += tr(", last gradient ∂L/∂b = %1").arg(number(m_grads[p]));
        return t;
    }
    case Hit::Link: break;
    }
    const int l = h.layer;
    auto sourceName = [&](int i) { return l == 0 ? unitName(-1, displayInput(i)) : unitName(l - 1, i); };
    if (h.unit >= 0 && h.input >= 0) {
        const QString where = tr("%1 ← %2").arg(unitName(l, h.unit), sourceName(h.input));
        if (!ok) return where;
        const engine::Index p = weightIndex(l, h.unit, h.input);
        QString t = tr("w = %1 (%2)").arg(number(m_params[p]), where);
        if (withGrad) t += tr(", last gradient ∂L/∂w = %1").arg(number(m_grads[p]));
        return t;
    }
    // A bundle: name the ranges and summarise the weights it stands for.
    const Slot& fromMore = m_columns[l].nodes.last();
    const Slot& toMore = m_columns[l + 1].nodes.last();
    const int j0 = h.unit >= 0 ? h.unit : toMore.unit, nj = h.unit >= 0 ? 1 : toMore.count;
    const int i0 = h.input >= 0 ? h.input : fromMore.unit, ni = h.input >= 0 ? 1 : fromMore.count;
    const QString to = h.unit >= 0 ? unitName(l, h.unit)
                                   : tr("%1 neurons %2–%3").arg(layerName(l)).arg(j0 + 1).arg(j0 + nj);
    const QString from = h.input >= 0
                             ? sourceName(h.input)
                             : (l == 0 ? tr("inputs %1–%2").arg(i0 + 1).arg(i0 + ni)
                                       : tr("%1 neurons %2–%3").arg(layerName(l - 1)).arg(i0 + 1).arg(i0 + ni));
    QString t = tr("%1 weights bundled (%2 ← %3)").arg(qlonglong(ni) * nj).arg(to, from);
    if (ok) {
        double sum = 0, sumAbs = 0;
        for (int i = i0; i < i0 + ni; ++i)
            for (int j = j0; j < j0 + nj; ++j) {
                const double w = m_params[weightIndex(l, j, i)];
                sum += w, sumAbs += std::abs(w);
            }
        const double n = double(ni) * nj;
        t += tr(": mean w = %1, mean |w| = %2").arg(number(sum / n), number(sumAbs / n));
    }
    return t;
}

bool NetworkView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* he = static_cast<QHelpEvent*>(e);
        return viewstyle::showToolTip(he, describe(hitTest(he->pos())), this);
    }
    return QWidget::event(e);
}

// ---- mouse --------------------------------------------------------------------------------------------------------

void NetworkView::setHover(const Hit& h) {
    auto neuron = [](const Hit& x) { return x.kind == Hit::Neuron ? std::pair{x.layer, x.unit} : std::pair{-2, -2}; };
    const auto before = neuron(m_hover), after = neuron(h);
    const bool changed = h.kind != m_hover.kind || h.layer != m_hover.layer || h.unit != m_hover.unit ||
                         h.input != m_hover.input;
    m_hover = h;
    if (before != after) emit neuronHovered(after.first, after.second);
    if (changed) update();
}

void NetworkView::mouseMoveEvent(QMouseEvent* e) { setHover(hitTest(e->position())); }

void NetworkView::leaveEvent(QEvent*) { setHover(Hit{}); }

void NetworkView::mousePressEvent(QMouseEvent* e) {
    m_press = e->button() == Qt::LeftButton ? hitTest(e->position()) : Hit{};
}

void NetworkView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return;
    const Hit h = hitTest(e->position());
    const bool same = h.kind == m_press.kind && h.layer == m_press.layer && h.unit == m_press.unit;
    m_press = Hit{};
    if (!same || (h.kind != Hit::Neuron && h.kind != Hit::Bias)) return;
    if (h.layer == -1 && m_twoD) emit inputFeatureToggled(h.unit);
    else emit neuronClicked(h.layer, h.unit);
}

}  // namespace widgets
