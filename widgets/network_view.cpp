#include "widgets/network_view.h"
#include "engine/param_layout.h"
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
    // Offsets and shapes of the flat layout, from the one place that computes them (dense and typed layers alike).
    const engine::ParameterLayout lay(m_spec);
    const int L = int(m_spec.layers.size());
    m_wOff.assign(std::size_t(L), 0);
    m_bOff.assign(std::size_t(L), 0);
    m_rows.assign(std::size_t(L), 0);
    m_shapes.assign(1, m_spec.inputShape());
    for (int l = 0; l < L; ++l) {
        const bool laid = l < lay.layerCount() && lay.shapeProblem().empty();
        m_wOff[std::size_t(l)] = laid ? lay.weightOffset(l) : 0;
        m_bOff[std::size_t(l)] = laid ? lay.biasOffset(l) : 0;
        m_rows[std::size_t(l)] = laid ? lay.units(l) : 0;
        m_shapes.push_back(laid ? lay.layer(l).out : engine::Shape{std::max(1, m_spec.layers[std::size_t(l)].units), 1, 1});
    }
    m_paramCount = lay.shapeProblem().empty() ? lay.size() : -1;
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
    const bool stack = stackColumn(layer + 1);
    const bool valid = stack ? unit == -1
                             : (layer == -1 && unit >= 0 && unit < m_labels.size()) ||
                                   (layer >= 0 && layer < int(m_spec.layers.size()) && unit >= 0 &&
                                    unit < m_spec.layers[std::size_t(layer)].units);
    m_selLayer = valid ? layer : -2;
    m_selUnit = valid ? unit : -1;
    update();
}

bool NetworkView::hasParams() const {
    if (m_spec.layers.empty() || m_bOff.empty() || m_paramCount <= 0) return false;
    return m_params.size() == m_paramCount;
}

engine::Index NetworkView::weightIndex(int l, int j, int i) const {
    return m_wOff[std::size_t(l)] + engine::Index(i) * m_rows[std::size_t(l)] + j;
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
    for (int c = 0; c < m_columns.size(); ++c)  // a stack of maps, with its shape caption: the whole layer
        if (m_columns[c].stack && m_columns[c].extent.adjusted(-2, -2, 2, 2).contains(pos))
            return Hit{Hit::Stack, c - 1, -1, -1, 0};
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
    case Hit::Stack: return describeStack(h.layer);
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

// "Conv (layer 1): 3×3, pad 1, ReLU · 8×8×1 → 8×8×8 · 80 parameters (8 kernels of 3×3×1 and 8 biases)".
QString NetworkView::describeStack(int layer) const {
    const int c = layer + 1;
    if (c < 0 || c >= m_columns.size() || !m_columns[c].stack) return {};
    const Column& col = m_columns[c];
    if (c == 0) return tr("Input image %1: %2 values").arg(col.caption).arg(col.shape.size());
    const engine::LayerSpec& ls = m_spec.layers[std::size_t(layer)];
    const QString in = m_columns[c - 1].caption;
    QString t = tr("%1 (layer %2): %3 · %4 → %5").arg(col.title).arg(layer + 1).arg(col.detail, in, col.caption);
    if (ls.kind == engine::LayerKind::Conv) {
        const engine::Shape from = m_columns[c - 1].shape;
        const engine::Index weights = engine::Index(ls.units) * from.channels * ls.kernel * ls.kernel;
        t += tr(" · %1 parameters (%2 kernels of %3×%3×%4 and %2 biases)")
                 .arg(weights + ls.units)
                 .arg(ls.units)
                 .arg(ls.kernel)
                 .arg(from.channels);
    } else if (ls.kind == engine::LayerKind::MaxPool) {
        t += tr(" · keeps the largest value of each window; no parameters");
    } else if (ls.kind == engine::LayerKind::AvgPool) {
        t += tr(" · keeps the mean of each window; no parameters");
    } else if (ls.kind == engine::LayerKind::Flatten) {
        t += tr(" · the same numbers read as one vector; no parameters");
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
    if (same && h.kind == Hit::Stack) {
        emit layerClicked(h.layer);
        return;
    }
    if (!same || (h.kind != Hit::Neuron && h.kind != Hit::Bias)) return;
    if (h.layer == -1 && m_twoD) emit inputFeatureToggled(h.unit);
    else emit neuronClicked(h.layer, h.unit);
}

}  // namespace widgets
