#include "widgets/function_view.h"
#include "engine/network.h"
#include "widgets/drawing/palette.h"
#include "widgets/output_view.h"
#include "widgets/view_style.h"
#include <QEvent>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace widgets {

FunctionCurves functionCurves(const engine::NetworkSpec& spec, const engine::Vector& params,
                              const std::vector<engine::Feature>& features, const engine::Standardizer& standardizer,
                              double lo, double hi, int samples) {
    FunctionCurves c;
    const int L = int(spec.layers.size());
    if (L < 2 || spec.outputs() != 1 || samples < 2 || !(hi > lo)) return c;
    if (!std::all_of(spec.layers.begin(), spec.layers.end(),
                     [](const engine::LayerSpec& l) { return l.kind == engine::LayerKind::Dense; }))
        return c;
    try {
        engine::Network net(spec);
        if (net.parameterCount() != params.size()) return c;
        // The inputs as the trainer builds them from raw (x1, x2 = 0) samples.
        engine::Matrix raw = engine::Matrix::Zero(2, samples);
        for (int i = 0; i < samples; ++i) raw(0, i) = lo + (hi - lo) * i / (samples - 1);
        engine::Matrix X = features.empty() ? raw : engine::computeFeatures(raw, features);
        if (!standardizer.empty()) X = standardizer.apply(X);
        if (X.rows() != spec.inputs) return c;
        net.params() = params;
        const engine::Matrix& out = net.forward(X);
        const int last = L - 2;
        const engine::Matrix& a = net.trace().layers[std::size_t(last)].a;  // units x samples
        const auto v = net.W(L - 1);                                        // 1 x units: the output weights
        c.layer = last;
        c.bias = net.b(L - 1)(0);
        c.sumsToOutput = spec.outputActivation() == engine::Activation::Identity;
        c.x.resize(samples);
        c.y.resize(samples);
        for (int i = 0; i < samples; ++i) {
            c.x[i] = raw(0, i);
            c.y[i] = out(0, i);
        }
        c.parts.resize(int(a.rows()));
        for (int j = 0; j < a.rows(); ++j) {
            c.parts[j].resize(samples);
            for (int i = 0; i < samples; ++i) c.parts[j][i] = v(0, j) * a(j, i);  // v_j·a_j(x)
        }
    } catch (const std::exception&) {
        return {};  // a spec the engine refuses: nothing to draw
    }
    return c;
}

QColor contributionColor(int j) {
    static const QColor hues[] = {QColor(230, 120, 20), QColor(40, 150, 60),  QColor(150, 70, 190),
                                  QColor(20, 150, 180), QColor(200, 50, 120), QColor(130, 110, 30),
                                  QColor(60, 90, 220),  QColor(110, 110, 110)};
    return hues[((j % 8) + 8) % 8];
}

namespace {
constexpr int kMaxCurves = 16;  // a wider layer draws its first 16 neurons (the legend says how many more)
constexpr int kMaxLegendRows = 8;
const QColor kBiasInk(90, 90, 90);
}  // namespace

FunctionView::FunctionView(OutputView* graph) : QWidget(graph), m_graph(graph) {
    setObjectName("functionView");
    setAttribute(Qt::WA_TransparentForMouseEvents);  // the graph's tools and tooltips keep every click
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(graph->rect());
    graph->installEventFilter(this);
    graph->setMouseTracking(true);
}

void FunctionView::setCurves(FunctionCurves curves) {
    m_curves = std::move(curves);
    // The graph's axis reaches the shares and c (a pair of steps of ±1.6 under a sine of ±1 stays in view).
    double lo = 1e300, hi = -1e300;
    if (!m_curves.empty()) lo = hi = m_curves.bias;
    for (int j = 0; j < std::min(int(m_curves.parts.size()), kMaxCurves); ++j)
        for (double v : m_curves.parts[j])
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    m_graph->setCurveExtent(lo, hi);
    if (m_hot >= m_curves.parts.size()) m_hot = -1;
    if (m_hot >= 0) updateHoverText(m_pointerX);
    else m_hoverText.clear();
    update();
}

void FunctionView::setHighlighted(int unit) {
    if (unit >= 0 && unit < m_curves.parts.size()) {
        m_hot = unit;
        m_fromDiagram = true;
        const QRectF plot = m_graph->plotRect();
        m_pointerX = m_graph->toData(plot.center()).x();
        updateHoverText(m_pointerX);
    } else if (m_fromDiagram) {
        m_hot = -1;
        m_fromDiagram = false;
        m_hoverText.clear();
    }
    update();
}

bool FunctionView::drawsCurves() const { return !m_curves.empty() && m_graph->isCurveMode(); }

double FunctionView::valueAt(int j, double x) const {
    if (j < 0) return m_curves.bias;
    const QVector<double>& xs = m_curves.x;
    const QVector<double>& ys = m_curves.parts[j];
    if (x <= xs.front()) return ys.front();
    if (x >= xs.back()) return ys.back();
    const auto it = std::upper_bound(xs.begin(), xs.end(), x);
    const int i = int(it - xs.begin());
    const double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
    return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

QPointF FunctionView::curvePoint(int j, double x) const { return m_graph->toWidget(QPointF(x, valueAt(j, x))); }

double FunctionView::graphTextPx() const {
    const double vs = viewScale();
    return std::clamp(std::min(m_graph->width(), m_graph->height()) / 28.0 * vs, 11.0 * vs, 26.0 * vs);
}

QRectF FunctionView::legendRect() const { return legendLayout().box; }

// Beside the plot, under the graph's own legend (its title and at most four rows of 1.6 of its text size), where it
// hides no sample; else inside the plot's top-left corner, its text made smaller so it covers at most a third of the
// plot's height (presenter mode on a narrow view, a wide layer).
FunctionView::LegendLayout FunctionView::legendLayout() const {
    if (!drawsCurves()) return {};
    const QRectF plot = m_graph->plotRect();
    const int rows = std::min(int(m_curves.parts.size()), kMaxLegendRows) +
                     (m_curves.parts.size() > kMaxLegendRows ? 1 : 0) + 2;  // title, neurons, "+ more", bias
    const auto boxSize = [&](double f) {
        QFont font = this->font();
        font.setPixelSize(int(std::lround(f)));
        font.setBold(true);
        const QFontMetricsF fm(font);
        double w = fm.horizontalAdvance(legendTitle()) + f;
        for (const QString& row : {tr("neuron %1").arg(m_curves.parts.size()), biasText()})
            w = std::max(w, 3.2 * f + fm.horizontalAdvance(row));  // a swatch, then the row (bold when named)
        return QSizeF(w, rows * 1.35 * f + 0.6 * f);
    };
    const double graphText = graphTextPx(), f = 0.85 * graphText;  // as the graph's legend rows
    const QSizeF size = boxSize(f);
    const QRectF beside(QPointF(plot.right() + 0.8 * graphText, plot.bottom() - size.height()), size);
    if (beside.right() <= width() - 2 && beside.top() >= plot.top() + 8.5 * graphText) return {beside, f};
    const double small = std::min(f, plot.height() / 3 / (rows * 1.35 + 0.6));
    return {QRectF(QPointF(plot.left() + 0.6 * small, plot.top() + 0.6 * small), boxSize(small)), small};
}

// With an identity output the shares and c add up to y; otherwise to z, which the output activation then bends.
QString FunctionView::legendTitle() const {
    return m_curves.sumsToOutput ? tr("Shares v·a(x)") : tr("Shares of z: v·a(x)");
}

QString FunctionView::biasText() const { return tr("bias c = %1").arg(m_curves.bias, 0, 'f', 2); }

int FunctionView::nearestCurve(QPointF pos) const {
    if (!drawsCurves() || !m_graph->plotRect().contains(pos)) return -1;
    const double x = m_graph->toData(pos).x();
    const double reach = 8 * viewScale();
    int best = -1;
    double bestDist = reach;
    for (int j = 0; j < std::min(int(m_curves.parts.size()), kMaxCurves); ++j) {
        const double d = std::abs(curvePoint(j, x).y() - pos.y());
        if (d < bestDist) best = j, bestDist = d;
    }
    return best;
}

void FunctionView::updateHoverText(double x) {
    if (m_hot < 0 || m_hot >= m_curves.parts.size()) {
        m_hoverText.clear();
        return;
    }
    const auto two = [](double v) { return QString::number(std::abs(v) < 0.005 ? 0.0 : v, 'f', 2); };  // no "-0.00"
    m_hoverText = tr("neuron %1: v·a = %2 at x₁ = %3").arg(m_hot + 1).arg(two(valueAt(m_hot, x)), two(x));
}

bool FunctionView::eventFilter(QObject* watched, QEvent* e) {
    if (watched == m_graph) {
        switch (e->type()) {
        case QEvent::Resize: setGeometry(m_graph->rect()); break;
        case QEvent::MouseMove: {
            const QPointF pos = static_cast<QMouseEvent*>(e)->position();
            const int hit = nearestCurve(pos);
            if (hit >= 0 || !m_fromDiagram) {
                m_hot = hit;
                m_fromDiagram = false;
                m_pointerX = m_graph->toData(pos).x();
                updateHoverText(m_pointerX);
                update();
            }
            break;
        }
        case QEvent::Leave:
            if (!m_fromDiagram && m_hot >= 0) {
                m_hot = -1;
                m_hoverText.clear();
                update();
            }
            break;
        default: break;
        }
    }
    return QWidget::eventFilter(watched, e);  // never eats the graph's events
}

void FunctionView::paintEvent(QPaintEvent*) {
    if (!drawsCurves()) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF plot = m_graph->plotRect();
    const double vs = viewScale();
    const LegendLayout legend = legendLayout();
    const double f = legend.fontPx;
    p.save();
    p.setClipRect(plot);
    // The output bias c: a dashed level the shares stand on.
    p.setPen(QPen(kBiasInk, 1.5 * vs, Qt::DashLine));
    p.drawLine(QPointF(plot.left(), curvePoint(-1, 0).y()), QPointF(plot.right(), curvePoint(-1, 0).y()));
    const int n = std::min(int(m_curves.parts.size()), kMaxCurves);
    auto drawPart = [&](int j, double width) {
        QPainterPath path;
        for (int i = 0; i < m_curves.x.size(); ++i) {
            const QPointF at = m_graph->toWidget(QPointF(m_curves.x[i], m_curves.parts[j][i]));
            if (i == 0) path.moveTo(at);
            else path.lineTo(at);
        }
        QColor c = contributionColor(j);
        if (m_hot >= 0 && j != m_hot) c.setAlpha(110);  // the named neuron stands out
        p.setPen(QPen(c, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPath(path);
    };
    for (int j = 0; j < n; ++j)
        if (j != m_hot) drawPart(j, 2.0 * vs);
    if (m_hot >= 0 && m_hot < n) drawPart(m_hot, 4.5 * vs);
    p.restore();

    // The legend: which colour is which neuron, and the bias.
    QFont font = this->font();
    font.setPixelSize(int(std::lround(f)));
    QFont bold = font;
    bold.setBold(true);
    const QRectF box = legend.box;
    p.setPen(QPen(QColor(150, 150, 150), 1));
    p.setBrush(QColor(255, 255, 255, 225));
    p.drawRoundedRect(box, 4, 4);
    const double row = 1.35 * f;
    double y = box.top() + 0.3 * f;
    p.setFont(bold);
    p.setPen(viewstyle::kText);
    p.drawText(QRectF(box.left() + 0.5 * f, y, box.width() - f, row), Qt::AlignLeft | Qt::AlignVCenter, legendTitle());
    y += row;
    auto swatch = [&](QPen pen, const QString& text, bool strong) {
        p.setPen(pen);
        p.drawLine(QPointF(box.left() + 0.5 * f, y + row / 2), QPointF(box.left() + 2.3 * f, y + row / 2));
        p.setFont(strong ? bold : font);
        p.setPen(viewstyle::kText);
        p.drawText(QRectF(box.left() + 2.8 * f, y, box.width() - 3.2 * f, row), Qt::AlignLeft | Qt::AlignVCenter, text);
        y += row;
    };
    for (int j = 0; j < std::min(int(m_curves.parts.size()), kMaxLegendRows); ++j)
        swatch(QPen(contributionColor(j), (j == m_hot ? 4.5 : 2.5) * vs), tr("neuron %1").arg(j + 1), j == m_hot);
    if (m_curves.parts.size() > kMaxLegendRows) {
        p.setFont(font);
        p.drawText(QRectF(box.left() + 2.8 * f, y, box.width() - 3.2 * f, row), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("+ %1 more").arg(m_curves.parts.size() - kMaxLegendRows));
        y += row;
    }
    swatch(QPen(kBiasInk, 1.5 * vs, Qt::DashLine), biasText(), false);

    // The named neuron's value, at the foot of the plot where no legend sits.
    if (!m_hoverText.isEmpty()) {
        p.setFont(font);
        const QFontMetricsF fm(font);
        const double room = plot.width() - 1.2 * f;
        const QString text = fm.elidedText(m_hoverText, Qt::ElideRight, room - f);
        // Above the band the graph draws at its foot for a neuron hovered on the diagram.
        const QRectF tip(plot.left() + 0.6 * f, plot.bottom() - 3.4 * f, std::min(fm.horizontalAdvance(text) + f, room),
                         1.5 * f);
        p.setPen(QPen(contributionColor(m_hot), 2 * vs));
        p.setBrush(QColor(255, 255, 255, 235));
        p.drawRoundedRect(tip, 4, 4);
        p.setPen(viewstyle::kText);
        p.drawText(tip, Qt::AlignCenter, text);
    }
}

}  // namespace widgets
