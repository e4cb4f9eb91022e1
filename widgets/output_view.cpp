// OutputView: state, coordinate mapping and the editing tools. Painting and layout live in output_view_paint.cpp.
#include "widgets/output_view.h"
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QTimer>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace widgets {

namespace {
constexpr int kMaxClasses = 8;
constexpr double kPickPx = 10;          // right click / hover / select: how near the pointer a point must be
constexpr double kPenSpacing = 0.0125;  // pen points at least this x (2 range) apart: 0.15 data units at range 6
constexpr double kBrushRadius = 0.05;   // spray and eraser radius, as a fraction of the plot side
constexpr int kSprayPerTick = 3;
constexpr int kSprayIntervalMs = 60;

bool finite(QPointF p) { return std::isfinite(p.x()) && std::isfinite(p.y()); }

QString formatCoord(double v) {
    QString s = QString::number(v, 'f', 2);
    if (s.startsWith('-')) s.replace(0, 1, QChar(0x2212));  // a real minus sign reads better on a projector
    return s;
}
}  // namespace

OutputView::OutputView(QWidget* parent) : QWidget(parent), m_sprayTimer(new QTimer(this)) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_sprayTimer->setInterval(kSprayIntervalMs);
    connect(m_sprayTimer, &QTimer::timeout, this, &OutputView::sprayBurst);
    updateCursor();
}

OutputView::~OutputView() = default;

void OutputView::setRange(double range) {
    if (!(range > 0) || !std::isfinite(range)) return;
    m_range = range;
    update();
}

void OutputView::setBoundary(const QImage& image, const BoundaryStyle& style) {
    m_boundary = image;
    m_style = style;
    update();
}

void OutputView::setHoverImage(const QImage& image, const QString& caption) {
    m_hover = image;
    m_hoverCaption = image.isNull() ? QString() : caption;
    update();
}

void OutputView::setPoints(const QVector<PlotPoint>& points) {
    m_points = points;
    m_removedSinceUpdate.clear();  // the caller's list is current again: its indices are the ones to use
    pruneSelection();
    update();
}

void OutputView::setShowTestData(bool show) {
    m_showTest = show;
    pruneSelection();  // hidden test points cannot stay selected
    update();
}

void OutputView::pruneSelection() {
    m_selection.erase(std::remove_if(m_selection.begin(), m_selection.end(),
                                     [&](int i) { return i < 0 || i >= m_points.size() || !visible(m_points[i]); }),
                      m_selection.end());
}

void OutputView::setClassNames(const QStringList& names) {
    m_classNames = names;
    update();
}

void OutputView::setTask(bool regression) {
    m_regression = regression;
    update();
}

void OutputView::setCurrentClass(int k) {
    m_currentClass = std::clamp(k, 0, kMaxClasses - 1);
    update();
}

void OutputView::setCurrentValue(double v) {
    if (!std::isfinite(v)) return;
    m_currentValue = v;
    update();
}

void OutputView::setTool(Tool tool) {
    if (m_drag == Drag::Stroke) finishStroke();
    m_drag = Drag::None;
    m_tool = tool;
    if (tool != Tool::Select) m_selection.clear();
    updateCursor();
    update();
}

void OutputView::setEditable(bool editable) {
    if (!editable && m_drag == Drag::Stroke) finishStroke();
    m_drag = Drag::None;
    m_editable = editable;
    if (!editable) m_selection.clear();
    updateCursor();
    update();
}

void OutputView::setNoPlaneMessage(const QString& message) {
    if (message == m_noPlane) return;
    if (!message.isEmpty() && m_drag == Drag::Stroke) finishStroke();
    if (!message.isEmpty()) m_drag = Drag::None;
    m_noPlane = message;
    if (!message.isEmpty()) m_selection.clear();
    updateCursor();
    update();
}

void OutputView::clearSelection() {
    m_selection.clear();
    update();
}

// Curve mode: the targets' scale with a tenth of its span above and below, so the extreme points are not cut in half.
// A curve drawn over the graph (the function view's shares) may reach past the targets: the axis then goes on by whole
// quarters of their span, at most one span each way, so it stays put while the curves move a little.
double OutputView::curveLow() const {
    const double span = std::max(m_style.hi - m_style.lo, 1e-9), quarter = span / 4;
    const double past = m_style.lo - m_extent.first;  // how far the extent reaches below the targets
    return m_style.lo - (past > 0 ? std::min(std::ceil(past / quarter), 4.0) * quarter : 0) - 0.1 * span;
}
double OutputView::curveHigh() const {
    const double span = std::max(m_style.hi - m_style.lo, 1e-9), quarter = span / 4;
    const double past = m_extent.second - m_style.hi;
    return m_style.hi + (past > 0 ? std::min(std::ceil(past / quarter), 4.0) * quarter : 0) + 0.1 * span;
}
void OutputView::setCurveExtent(double lo, double hi) {
    const std::pair<double, double> e = lo <= hi ? std::pair(lo, hi) : kNoExtent;
    if (e == m_extent) return;
    const double low = curveLow(), high = curveHigh();
    m_extent = e;
    if (curveLow() != low || curveHigh() != high) update();
}

QPointF OutputView::mapToData(const QRectF& r, QPointF w) const {
    if (r.width() <= 0 || r.height() <= 0) return {0, 0};
    const double scale = 2 * m_range / r.width();
    const double x = -m_range + (w.x() - r.left()) * scale;
    if (isCurveMode()) return {x, curveHigh() - (w.y() - r.top()) * (curveHigh() - curveLow()) / r.height()};
    return {x, m_range - (w.y() - r.top()) * scale};
}

QPointF OutputView::mapToWidget(const QRectF& r, QPointF d) const {
    const double scale = r.width() / (2 * m_range);
    const double x = r.left() + (d.x() + m_range) * scale;
    if (isCurveMode()) return {x, r.top() + (curveHigh() - d.y()) / (curveHigh() - curveLow()) * r.height()};
    return {x, r.top() + (m_range - d.y()) * scale};
}

void OutputView::emitAdded(const QVector<QPointF>& at) {
    if (at.isEmpty()) return;
    if (!isCurveMode()) {
        emit pointsAdded(at, m_currentClass, m_currentValue);
        return;
    }
    // Each point its own target (its height); x2 = 0, as the 1-D generator makes them.
    for (QPointF q : at) emit pointsAdded({QPointF(q.x(), 0)}, m_currentClass, q.y());
}

QPointF OutputView::toData(QPointF w) const { return mapToData(plotRect(), w); }
QPointF OutputView::toWidget(QPointF d) const { return mapToWidget(plotRect(), d); }

QRectF OutputView::plotRect() const { return layout().plot; }

QSize OutputView::sizeHint() const { return {640, 520}; }
QSize OutputView::minimumSizeHint() const { return {180, 150}; }

bool OutputView::visible(const PlotPoint& p) const { return finite(p.pos) && (m_showTest || !p.test); }

int OutputView::nearestPoint(QPointF w) const {
    const Layout l = layout();
    const double maxPx = pickRadius(l);
    int best = -1;
    double bestD2 = maxPx * maxPx;
    for (int i = 0; i < m_points.size(); ++i) {
        if (!visible(m_points[i]) || m_removedSinceUpdate.contains(i)) continue;
        const QPointF d = mapToWidget(l.plot, plotPosition(m_points[i].pos, m_points[i].value)) - w;
        const double d2 = QPointF::dotProduct(d, d);
        if (d2 <= bestD2) {
            bestD2 = d2;
            best = i;
        }
    }
    return best;
}

QVector<int> OutputView::pointsWithin(QPointF w, double radiusPx) const {
    const QRectF plot = plotRect();
    QVector<int> out;
    for (int i = 0; i < m_points.size(); ++i) {
        if (!visible(m_points[i]) || m_removedSinceUpdate.contains(i)) continue;
        const QPointF d = mapToWidget(plot, plotPosition(m_points[i].pos, m_points[i].value)) - w;
        if (QPointF::dotProduct(d, d) <= radiusPx * radiusPx) out.push_back(i);
    }
    return out;
}

QVector<int> OutputView::pointsInRect(const QRectF& r) const {
    const QRectF plot = plotRect();
    QVector<int> out;
    for (int i = 0; i < m_points.size(); ++i)
        if (visible(m_points[i]) && r.contains(mapToWidget(plot, plotPosition(m_points[i].pos, m_points[i].value))))
            out.push_back(i);
    return out;
}

double OutputView::pickRadius(const Layout& l) const { return std::max(kPickPx, pointRadius(l) + 4); }

double OutputView::brushRadiusPx(const Layout& l) const { return std::max(8.0, l.plot.width() * kBrushRadius); }

// Pen: place points every kPenSpacing along the path from the last one, so a fast drag leaves no gaps and a slow
// one no clumps. Each move's points go out as one batch; strokeStarted/strokeFinished bracket the drag.
void OutputView::penTo(QPointF d) {
    if (!finite(d)) return;
    // Spaced in pixels of the plot (the same as data units on the square plane; in curve mode the axes differ).
    const QRectF plot = plotRect();
    const double spacing = kPenSpacing * plot.width();
    const QPointF target = mapToWidget(plot, d);
    QPointF last = mapToWidget(plot, m_lastPenData);
    QPointF delta = target - last;
    double dist = std::hypot(delta.x(), delta.y());
    QVector<QPointF> batch;
    while (spacing > 0 && dist >= spacing) {
        last += delta / dist * spacing;
        m_lastPenData = mapToData(plot, last);
        if (plot.adjusted(-0.5, -0.5, 0.5, 0.5).contains(last)) batch.push_back(m_lastPenData);
        delta = target - last;
        dist = std::hypot(delta.x(), delta.y());
    }
    emitAdded(batch);
}

void OutputView::sprayBurst() {
    const Layout l = layout();
    if (l.plot.width() <= 0) return;
    const double radius = brushRadiusPx(l);  // in pixels: the disc drawn under the pointer, in either mode
    QVector<QPointF> batch;
    for (int i = 0; i < kSprayPerTick; ++i) {
        const double a = m_sprayRng.bounded(2 * std::numbers::pi);
        const double r = radius *
                         std::sqrt(m_sprayRng.generateDouble());  // sqrt: uniform over the disc, not the radius
        const QPointF w = m_mousePos + QPointF(r * std::cos(a), -r * std::sin(a));
        if (l.plot.adjusted(-0.5, -0.5, 0.5, 0.5).contains(w)) batch.push_back(mapToData(l.plot, w));
    }
    emitAdded(batch);
}

void OutputView::eraseAt(QPointF w) {
    const QVector<int> hit = pointsWithin(w, brushRadiusPx(layout()));
    if (hit.isEmpty()) return;
    m_removedSinceUpdate += hit;
    m_selection.clear();
    emit pointsRemoved(hit);
}

void OutputView::finishStroke() {
    m_sprayTimer->stop();
    m_drag = Drag::None;
    emit strokeFinished();
}

void OutputView::updateCursor() {
    if (!isEditable() || m_tool == Tool::Select) setCursor(Qt::ArrowCursor);
    else setCursor(Qt::CrossCursor);  // the spray/eraser circle is painted, so it shows on a projected screen too
}

void OutputView::mousePressEvent(QMouseEvent* e) {
    const QPointF pos = e->position();
    m_pressPos = m_mousePos = pos;
    setFocus(Qt::MouseFocusReason);
    if (!isEditable() || m_drag != Drag::None) return;
    if (e->button() == Qt::RightButton) {
        const int i = nearestPoint(pos);
        if (i >= 0) {
            m_removedSinceUpdate.push_back(i);
            m_selection.clear();
            emit pointsRemoved({i});
        }
        update();
        return;
    }
    if (e->button() != Qt::LeftButton) return;
    const bool inside = plotRect().contains(pos);
    switch (m_tool) {
    case Tool::Add:
        if (inside) emitAdded({toData(pos)});
        break;
    case Tool::Pen:
        if (!inside) break;
        m_drag = Drag::Stroke;
        emit strokeStarted();
        m_lastPenData = toData(pos);
        emitAdded({m_lastPenData});
        break;
    case Tool::Spray:
        if (!inside) break;
        m_drag = Drag::Stroke;
        emit strokeStarted();
        sprayBurst();
        m_sprayTimer->start();
        break;
    case Tool::Erase:
        m_drag = Drag::Stroke;
        emit strokeStarted();
        eraseAt(pos);
        break;
    case Tool::Select: {
        const int i = nearestPoint(pos);
        if (i >= 0) {
            if (!m_selection.contains(i)) m_selection = {i};
            m_drag = Drag::MoveSelection;
        } else {
            m_bandAdds = e->modifiers() & Qt::ShiftModifier;
            if (!m_bandAdds) m_selection.clear();
            m_drag = Drag::Band;
        }
        break;
    }
    }
    update();
}

void OutputView::mouseMoveEvent(QMouseEvent* e) {
    m_mousePos = e->position();
    m_mouseInside = true;
    if (m_drag == Drag::Stroke) {
        if (m_tool == Tool::Pen) penTo(toData(m_mousePos));
        else if (m_tool == Tool::Erase) eraseAt(m_mousePos);
    }
    if (isEditable() && m_tool == Tool::Select && m_drag == Drag::None) {
        const int i = nearestPoint(m_mousePos);
        setCursor(i >= 0 ? (m_selection.contains(i) ? Qt::SizeAllCursor : Qt::PointingHandCursor) : Qt::ArrowCursor);
    }
    update();  // brush circle, rubber band and drag preview follow the pointer
}

void OutputView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return;
    m_mousePos = e->position();
    switch (m_drag) {
    case Drag::Stroke: finishStroke(); break;
    case Drag::Band: {
        m_drag = Drag::None;
        const QVector<int> hit = pointsInRect(QRectF(m_pressPos, m_mousePos).normalized());
        for (int i : hit)
            if (!m_selection.contains(i)) m_selection.push_back(i);
        std::sort(m_selection.begin(), m_selection.end());
        break;
    }
    case Drag::MoveSelection: {
        m_drag = Drag::None;
        const QPointF moved = m_mousePos - m_pressPos;
        QPointF delta = toData(m_mousePos) - toData(m_pressPos);
        if (isCurveMode()) delta.setY(0);  // the points move along x1; x2 stays 0 (a target is set by a new click)
        if (std::abs(moved.x()) + std::abs(moved.y()) >= 2 && !m_selection.isEmpty() && !delta.isNull())
            emit pointsMoved(m_selection, delta);
        break;
    }
    case Drag::None: break;
    }
    update();
}

void OutputView::keyPressEvent(QKeyEvent* e) {
    const int key = e->key();
    if (key >= Qt::Key_1 && key <= Qt::Key_8 && !(e->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        setCurrentClass(key - Qt::Key_1);
        emit classChosen(m_currentClass);
        return;
    }
    if ((key == Qt::Key_Delete || key == Qt::Key_Backspace) && isEditable() && !m_selection.isEmpty()) {
        QVector<int> sel = m_selection;
        std::sort(sel.begin(), sel.end());
        m_removedSinceUpdate += sel;
        m_selection.clear();
        emit pointsRemoved(sel);
        update();
        return;
    }
    if (key == Qt::Key_Escape && (!m_selection.isEmpty() || m_drag == Drag::Band || m_drag == Drag::MoveSelection)) {
        m_selection.clear();
        m_drag = Drag::None;
        update();
        return;
    }
    if (e->matches(QKeySequence::SelectAll) && isEditable() && m_tool == Tool::Select) {
        m_selection.clear();
        for (int i = 0; i < m_points.size(); ++i)
            if (visible(m_points[i])) m_selection.push_back(i);
        update();
        return;
    }
    QWidget::keyPressEvent(e);
}

void OutputView::leaveEvent(QEvent* e) {
    m_mouseInside = false;
    update();
    QWidget::leaveEvent(e);
}

bool OutputView::event(QEvent* e) {
    if (e->type() != QEvent::ToolTip || !m_noPlane.isEmpty()) return QWidget::event(e);
    auto* help = static_cast<QHelpEvent*>(e);
    const int i = nearestPoint(help->pos());
    if (i < 0) {
        QToolTip::hideText();
        e->ignore();
        return true;
    }
    const PlotPoint& p = m_points[i];
    QString text = m_regression ? tr("<b>Value %1</b>").arg(formatCoord(p.value))
                                : tr("<b>%1</b>").arg(className(p.label).toHtmlEscaped());
    text += tr("<br>x₁ = %1, x₂ = %2").arg(formatCoord(p.pos.x()), formatCoord(p.pos.y()));
    if (p.test) text += tr("<br>test point");
    if (p.misclassified) text += tr("<br><span style='color:#c8102e'>misclassified</span>");
    QToolTip::showText(help->globalPos(), text, this);
    return true;
}

}  // namespace widgets
