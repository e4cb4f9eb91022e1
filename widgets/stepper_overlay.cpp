#include "widgets/stepper_overlay.h"
#include "engine/math_text.h"
#include "widgets/view_style.h"
#include <QPainter>
#include <functional>

namespace widgets {

namespace {

// Okabe-Ito hues, one per kind of phase, so the diagram and the panel speak in the same colours.
const QColor kForward(0, 114, 178);  // blue
const QColor kLoss(204, 121, 167);   // reddish purple
const QColor kBackward(213, 94, 0);  // vermillion
const QColor kUpdate(0, 158, 115);   // bluish green
const QColor kDone(150, 150, 150);   // layers an earlier phase filled in
const QColor kSelect(25, 25, 25);

QString num(double v) { return QString::fromStdString(engine::formatNumber(v)); }

}  // namespace

StepperOverlay::StepperOverlay(NetworkView* view) : DiagramOverlay(view) {}

void StepperOverlay::setStepper(std::shared_ptr<const engine::BackpropStepper> stepper) {
    m_stepper = std::move(stepper);
    update();
}

void StepperOverlay::setSelection(const engine::StepItem& item) {
    m_selection = item;
    update();
}

bool StepperOverlay::linkSelected(int layer, int unit, int input) const {
    const engine::StepItem& s = m_selection;
    if (s.kind == engine::StepItem::Weight) return s.layer == layer && s.unit == unit && s.input == input;
    if (s.kind == engine::StepItem::Neuron || s.kind == engine::StepItem::Bias)
        return (s.layer == layer && s.unit == unit) || (s.layer == layer - 1 && s.unit == input);
    return false;
}

void StepperOverlay::paintEvent(QPaintEvent*) {
    m_lastTags = 0;
    m_placed.clear();
    if (!m_stepper || !view() || view()->spec().layers.empty()) return;
    if (!(view()->spec() == m_stepper->network().spec())) return;  // the diagram shows another network
    // The diagram draws neurons and single weights: map cells and kernels are shown in the panel (StepperPanel).
    if (!m_stepper->network().spec().isDenseOnly()) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const engine::StepPhase& phase = m_stepper->phase();
    const int L = m_stepper->network().layerCount();
    switch (phase.kind) {
    case engine::StepPhase::Forward:
        paintFlow(p, phase.layer, false);
        paintSelection(p);
        paintInputs(p);
        paintForward(p, phase.layer);
        break;
    case engine::StepPhase::Loss:
        paintSelection(p);
        paintInputs(p);
        paintForward(p, L - 1);
        paintLoss(p);
        break;
    case engine::StepPhase::Backward:
        paintFlow(p, phase.layer, true);
        paintSelection(p);
        paintBackward(p, phase.layer);
        break;
    case engine::StepPhase::Update:
        paintSelection(p);
        paintUpdate(p);
        break;
    }
}

// Chevrons on the links of the layer at work, pointing the way the numbers flow: right in the forward pass, left in
// the backward pass. Dark grey, so they never read as a weight's sign colour.
void StepperOverlay::paintFlow(QPainter& p, int layer, bool backward) const {
    const double size = 5.5 * textScale();
    p.setPen(QPen(QColor(40, 40, 40, 200), 2.2 * textScale(), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    const engine::Network& net = m_stepper->network();
    const QVector<int> targets = drawnUnits(layer, net.layerUnits(layer));
    const QVector<int> sources = drawnUnits(layer - 1, net.layerInputs(layer));
    // In a wide layer the chevrons would pile up where the links fan out: there only the selection's links get them.
    const bool all = targets.size() * sources.size() <= kMaxLinkLabels;
    for (int j : targets)
        for (int i : sources) {
            const QLineF line = linkLine(layer, j, i);
            if ((!all && !linkSelected(layer, j, i)) || line.isNull() || line.length() < 6 * size) continue;
            QLineF dir = line.unitVector();
            if (backward) dir = QLineF(dir.p2(), dir.p1());
            const QPointF d = dir.p2() - dir.p1(), n(-d.y(), d.x());
            for (double t : {0.2, 0.8}) {
                const QPointF tip = line.pointAt(t) + d * size / 2;
                const QPointF pts[3] = {tip - d * size + n * size * 0.7, tip, tip - d * size - n * size * 0.7};
                p.drawPolyline(pts, 3);
            }
        }
}

void StepperOverlay::tag(QPainter& p, QPointF centre, const QStringList& lines, const QColor& accent, const QFont& font,
                         bool strong) const {
    m_placed << paintTag(p, centre, lines, accent, font, strong);
    ++m_lastTags;
}

void StepperOverlay::paintSelection(QPainter& p) const {
    const engine::StepItem& s = m_selection;
    if (s.kind == engine::StepItem::Weight) {
        const QLineF line = linkLine(s.layer, s.unit, s.input);
        if (line.isNull()) return;
        p.setPen(QPen(kSelect, 4.5 * textScale(), Qt::SolidLine, Qt::RoundCap));
        p.drawLine(line);
    } else if (s.kind == engine::StepItem::Neuron || s.kind == engine::StepItem::Bias) {
        const QRectF r = nodeRect(s.layer, s.unit);
        if (r.isNull()) return;
        p.setPen(QPen(kSelect, 3));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(-4, -4, 4, 4));
    }
}

void StepperOverlay::paintInputs(QPainter& p) const {
    const QFont f = tagFont(0.95);
    for (int i : drawnUnits(-1, m_stepper->network().layerInputs(0))) {
        const QRectF r = nodeRect(-1, i);
        // Left-aligned on the node, so the feature's name on its left stays readable.
        const QSizeF size = tagSize({num(m_stepper->activation(-1, i))}, f);
        tag(p, QPointF(r.left() + size.width() / 2, r.center().y()), {num(m_stepper->activation(-1, i))}, kForward, f);
    }
}

void StepperOverlay::paintForward(QPainter& p, int upTo) const {
    const engine::StepPhase& phase = m_stepper->phase();
    for (int l = 0; l <= upTo; ++l) {
        const bool current = phase.kind == engine::StepPhase::Forward && l == phase.layer;
        const QFont f = tagFont(current ? 1.0 : 0.9, current);
        const QVector<int> units = drawnUnits(l, m_stepper->network().layerUnits(l));
        // Two lines (z and a) where the column has room for them, else a alone.
        const double pitch = units.size() > 1 ? nodeRect(l, units[1]).top() - nodeRect(l, units[0]).top() : 1e9;
        const bool twoLines = tagSize({"z", "a"}, f).height() < pitch - 2;
        for (int j : units) {
            const QRectF r = nodeRect(l, j);
            QStringList lines;
            if (twoLines) lines << QStringLiteral("z = ") + num(m_stepper->preActivation(l, j));
            lines << QStringLiteral("a = ") + num(m_stepper->activation(l, j));
            tag(p, r.center(), lines, current ? kForward : kDone, f, current);
        }
    }
}

void StepperOverlay::paintLoss(QPainter& p) const {
    const int l = m_stepper->network().layerCount() - 1;
    const QFont f = tagFont(1.05, true);
    const engine::Trace& t = m_stepper->sampleTrace(m_stepper->sample());
    const QString lossName = m_stepper->sampleCount() > 1 ? QStringLiteral("ℓ") : QStringLiteral("L");
    for (int j : drawnUnits(l, m_stepper->network().layerUnits(l))) {
        const QRectF r = nodeRect(l, j);
        QStringList lines{QStringLiteral("y = ") +
                          QString::fromStdString(engine::formatConstant(m_stepper->targets()(j, m_stepper->sample())))};
        if (j == 0) lines << lossName + QStringLiteral(" = ") + num(t.sampleLoss(0));
        // Below the node, clear of the a = … tag that sits on it.
        const QSizeF s = tagSize(lines, f);
        tag(p, QPointF(r.center().x() - s.width() * 0.25, r.bottom() + s.height() / 2 + 6), lines, kLoss, f, true);
    }
}

void StepperOverlay::paintBackward(QPainter& p, int from) const {
    const int L = m_stepper->network().layerCount();
    for (int l = L - 1; l >= from; --l) {
        const bool current = l == from;
        const QFont f = tagFont(current ? 1.0 : 0.9, current);
        for (int j : drawnUnits(l, m_stepper->network().layerUnits(l))) {
            const QRectF r = nodeRect(l, j);
            tag(p, r.center(), {QStringLiteral("δ = ") + num(m_stepper->delta(l, j))}, current ? kBackward : kDone, f,
                current);
        }
    }
    // ∂ℓ/∂w of the current sample on the links of the layer being back-propagated (the panel also shows the mean).
    paintLinkLabels(
        p, from, [this, from](int j, int i) { return QStringList{num(m_stepper->weightGradient(from, j, i))}; },
        kBackward);
}

void StepperOverlay::paintUpdate(QPainter& p) const {
    const engine::Network& net = m_stepper->network();
    const engine::Vector& before = m_stepper->parametersBefore();
    const engine::Vector& after = m_stepper->parametersAfter();
    const QFont f = tagFont(0.9);
    // Biases on their nodes first, then the weights on the links, placed clear of them.
    for (int l = 0; l < net.layerCount(); ++l)
        for (int j : drawnUnits(l, net.layerUnits(l))) {
            const QRectF r = nodeRect(l, j);
            const engine::Index b = net.biasOffset(l) + j;
            // Two short lines rather than one long one: the tag stays about as wide as the node.
            tag(p, r.center(), {QStringLiteral("b ") + num(before(b)), QStringLiteral("→ ") + num(after(b))}, kUpdate,
                f);
        }
    for (int l = 0; l < net.layerCount(); ++l)
        paintLinkLabels(
            p, l,
            [&](int j, int i) {
                const engine::Index w = net.weightIndex(l, j, i);
                return QStringList{num(before(w)), QStringLiteral("→ ") + num(after(w))};
            },
            kUpdate,
            /*onlySelected=*/true);  // two lines per link crowd even a 2-2-1 net: the panel's table has them all
}

// Labels on the drawn links of one layer: all of them when there are few, else only the selection's. Each label goes
// to the spot along its link that overlaps the tags and nodes already drawn least (nothing, ideally).
void StepperOverlay::paintLinkLabels(QPainter& p, int layer, const std::function<QStringList(int, int)>& text,
                                     const QColor& accent, bool onlySelected) const {
    const engine::Network& net = m_stepper->network();
    struct Item {
        int j, i;
        QLineF line;
    };
    QVector<Item> items;
    const QVector<int> sources = drawnUnits(layer - 1, net.layerInputs(layer));
    for (int j : drawnUnits(layer, net.layerUnits(layer)))
        for (int i : sources) {
            const QLineF line = linkLine(layer, j, i);
            if (!line.isNull()) items.push_back({j, i, line});
        }
    const bool all = !onlySelected && items.size() <= kMaxLinkLabels;
    const QFont f = tagFont(0.9);
    // Keep clear of every drawn node too, so a label never hides a neuron's picture.
    QVector<QRectF> nodes;
    for (int l = -1; l < net.layerCount(); ++l)
        for (int j : drawnUnits(l, l < 0 ? net.layerInputs(0) : net.layerUnits(l))) nodes << nodeRect(l, j);
    for (const Item& it : items) {
        if (!all && !linkSelected(layer, it.j, it.i)) continue;
        const QStringList s = text(it.j, it.i);
        const QSizeF size = tagSize(s, f);
        // The spot along the link that overlaps least (nothing, ideally), nearest the middle on a tie.
        QPointF best = it.line.pointAt(0.5);
        double bestOverlap = 1e300;
        for (double t : {0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78}) {
            const QPointF c = it.line.pointAt(t);
            const QRectF r = QRectF(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(), size.height())
                                 .adjusted(-2, -2, 2, 2);
            double overlap = 0;
            for (const QVector<QRectF>* list : {&m_placed, &nodes})
                for (const QRectF& q : *list) {
                    const QRectF x = q.intersected(r);
                    overlap += x.isEmpty() ? 0 : x.width() * x.height();
                }
            if (overlap < bestOverlap) best = c, bestOverlap = overlap;
            if (overlap == 0) break;
        }
        const bool strong = m_selection.kind == engine::StepItem::Weight && linkSelected(layer, it.j, it.i);
        tag(p, best, s, accent, f, strong);
    }
}

}  // namespace widgets
