#include "widgets/loss_chart.h"
#include "widgets/drawing/palette.h"
#include "widgets/wrapping_text_element.h"

#include <QApplication>
#include <cmath>
#include <limits>

namespace widgets {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Train is near-black and solid, test is vermillion and dashed: the pair stays distinguishable in greyscale
// and for the common colour-vision deficiencies.
const QColor kTrainColor(35, 35, 35);
const QColor kTestColor(213, 94, 0);
const QColor kTextColor(40, 40, 40);

// Accuracy ticks read 0%, 20%, ... 100%: on a projector a percentage is read faster than a fraction.
class PercentTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override {
        return QString::number(std::lround(tick * 100)) + QLatin1Char('%');
    }
};

QString formatEpoch(double e) {
    // Past the first few epochs a whole number reads better ("epoch 148", not "148.33"); early on, in slow motion,
    // the fraction shows the updates within the first epochs.
    if (e >= 10) return QString::number(static_cast<long long>(std::llround(e)));
    if (std::abs(e - std::round(e)) < 1e-9) return QString::number(static_cast<long long>(std::llround(e)));
    QString s = QString::number(e, 'f', 2);  // 12.50 -> 12.5, 999.999 -> 1000
    while (s.endsWith(QLatin1Char('0'))) s.chop(1);
    if (s.endsWith(QLatin1Char('.'))) s.chop(1);
    return s;
}

// The data point whose key is nearest `key`, or nullptr for an empty graph. Binary search: O(log n) at any history.
const QCPGraphData* nearestPoint(const QCPGraph* graph, double key) {
    const auto data = graph->data();
    if (data->isEmpty()) return nullptr;
    auto it = data->findBegin(key, false);  // first point with key >= `key`
    if (it == data->constEnd()) return &*(it - 1);
    if (it != data->constBegin() && key - (it - 1)->key < it->key - key) --it;
    return &*it;
}

// Presenter mode enlarges the window's font and sets the view scale (widgets/drawing/palette.h). The chart's fonts are fixed
// sizes and its pens fixed widths, so on a font change this scales them by the font's growth over the application
// font and by the view scale. Public QCustomPlot API only: the readout is the layout's first element, the tracers
// are the chart's items.
class ScaleFollower : public QObject {
public:
    explicit ScaleFollower(QCustomPlot* chart) : QObject(chart), m_chart(chart) { chart->installEventFilter(this); }

    bool eventFilter(QObject*, QEvent* e) override {
        if (e->type() == QEvent::FontChange) apply();
        return false;
    }

private:
    void apply() {
        const double app = QApplication::font().pointSizeF(), own = m_chart->font().pointSizeF();
        const double f = app > 0 && own > 0 ? own / app : 1.0, w = 2.5 * viewScale();
        auto sized = [f](double pt) {
            QFont font = QApplication::font();
            font.setPointSizeF(pt * f);
            return font;
        };
        for (QCPAxis* axis : {m_chart->xAxis, m_chart->yAxis}) {
            axis->setTickLabelFont(sized(11));
            axis->setLabelFont(sized(12));
        }
        m_chart->legend->setFont(sized(12));
        m_chart->legend->setIconSize(int(40 * f), int(16 * f));
        // The readout is one long line: it grows half as much, so it still fits the dock's width.
        if (auto* readout = qobject_cast<QCPTextElement*>(m_chart->plotLayout()->element(0, 0)))
            readout->setFont(sized(13 * (1 + (f - 1) / 2) / f));
        // Large tick labels need fewer ticks, or "100150200" runs together.
        m_chart->xAxis->ticker()->setTickCount(f > 1.2 ? 3 : 5);
        for (int i = 0; i < m_chart->graphCount(); ++i) {
            QPen pen = m_chart->graph(i)->pen();
            pen.setWidthF(w);
            m_chart->graph(i)->setPen(pen);
        }
        for (int i = 0; i < m_chart->itemCount(); ++i)
            if (auto* tracer = qobject_cast<QCPItemTracer*>(m_chart->item(i))) {
                QPen pen = tracer->pen();
                pen.setWidthF(w);
                tracer->setPen(pen);
                tracer->setSize(11 * viewScale());
            }
        m_chart->replot(QCustomPlot::rpQueuedReplot);
    }

    QCustomPlot* m_chart;
};

}  // namespace

LossChart::LossChart(QWidget* parent) : LossChart(Kind::Loss, parent) {}

LossChart::LossChart(Kind kind, QWidget* parent) : QCustomPlot(parent), m_kind(kind) {
    setMouseTracking(true);  // hover readout without a pressed button
    m_replotLater.setSingleShot(true);
    connect(&m_replotLater, &QTimer::timeout, this, [this] { requestReplot(); });
    setMinimumSize(320, 220);

    QFont tickFont = font();
    tickFont.setPointSizeF(11);
    QFont labelFont = font();
    labelFont.setPointSizeF(12);
    for (QCPAxis* axis : {xAxis, yAxis}) {
        axis->setTickLabelFont(tickFont);
        axis->setLabelFont(labelFont);
        axis->setTickLabelColor(kTextColor);
        axis->setLabelColor(kTextColor);
        axis->setBasePen(QPen(QColor(120, 120, 120), 1));
        axis->setTickPen(QPen(QColor(120, 120, 120), 1));
        axis->setSubTickPen(QPen(QColor(160, 160, 160), 1));
        axis->grid()->setPen(QPen(QColor(225, 225, 225), 1, Qt::SolidLine));
        axis->grid()->setSubGridPen(QPen(QColor(240, 240, 240), 1, Qt::SolidLine));
    }
    xAxis->setLabel(tr("epoch"));
    yAxis->setLabel(kind == Kind::Loss ? tr("loss") : tr("accuracy"));
    if (kind == Kind::Accuracy) yAxis->setTicker(QSharedPointer<PercentTicker>::create());

    m_train = addGraph();
    m_train->setName(tr("training"));
    m_train->setPen(QPen(kTrainColor, 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    m_test = addGraph();
    m_test->setName(tr("test"));
    m_test->setPen(QPen(kTestColor, 2.5, Qt::DashLine, Qt::FlatCap, Qt::RoundJoin));

    // Thick antialiased lines (and the dashed test line) stroked segment by segment were most of a replot, and a
    // replot was the UI thread's largest cost while training: draw each graph as one polyline instead.
    setPlottingHint(QCP::phFastPolylines, true);

    legend->setVisible(true);
    QFont legendFont = font();
    legendFont.setPointSizeF(12);
    legend->setFont(legendFont);
    legend->setTextColor(kTextColor);
    legend->setIconSize(40, 16);
    legend->setBrush(QColor(255, 255, 255, 225));
    legend->setBorderPen(QPen(QColor(200, 200, 200)));
    // Loss curves fall away from the top right; accuracy curves climb towards it, so their legend sits below.
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignRight |
                                                        (kind == Kind::Loss ? Qt::AlignTop : Qt::AlignBottom));

    // Tracers are attached to their graph only once it has data (QCPItemTracer complains about empty graphs).
    auto makeTracer = [this](const QColor& color) {
        auto* tracer = new QCPItemTracer(this);
        tracer->setInterpolating(false);  // snap to the nearest recorded point
        tracer->setStyle(QCPItemTracer::tsCircle);
        tracer->setSize(11);
        tracer->setPen(QPen(color, 2.5));
        tracer->setBrush(Qt::white);
        tracer->setVisible(false);
        return tracer;
    };
    m_trainTracer = makeTracer(kTrainColor);
    m_testTracer = makeTracer(kTestColor);

    // The readout gets its own row above the plot, so it never covers a curve.
    plotLayout()->insertRow(0);
    QFont readoutFont = font();
    readoutFont.setPointSizeF(13);
    m_readout = new WrappingTextElement(this, QString(), readoutFont);  // a long readout wraps, never cut
    m_readout->setTextColor(kTextColor);
    m_readout->setMargins(QMargins(8, 6, 8, 0));
    plotLayout()->addElement(0, 0, m_readout);

    connect(this, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) { hoverAt(event->position().x()); });
    new ScaleFollower(this);

    clear();
}

void LossChart::appendPoints(const QVector<double>& epochs, const QVector<double>& train, const QVector<double>& test) {
    QVector<double> trainKeys, trainValues, testKeys, testValues;
    trainKeys.reserve(epochs.size());
    trainValues.reserve(epochs.size());
    testKeys.reserve(qMin(epochs.size(), test.size()));
    testValues.reserve(qMin(epochs.size(), test.size()));
    bool trainSorted = true, testSorted = true;

    auto take = [this](double key, const QVector<double>& src, qsizetype i, QVector<double>& keys,
                       QVector<double>& values, bool& sorted) {
        if (i >= src.size() || !std::isfinite(src[i])) return;
        const double v = src[i];
        if (!keys.isEmpty() && key < keys.back()) sorted = false;
        keys.append(key);
        values.append(v);
        m_xMin = qMin(m_xMin, key);
        m_xMax = qMax(m_xMax, key);
        m_yMin = qMin(m_yMin, v);
        m_yMax = qMax(m_yMax, v);
        if (v > 0) m_yMinPositive = qMin(m_yMinPositive, v);
    };
    for (qsizetype i = 0; i < epochs.size(); ++i) {
        const double key = epochs[i];
        if (!std::isfinite(key)) continue;
        take(key, train, i, trainKeys, trainValues, trainSorted);
        take(key, test, i, testKeys, testValues, testSorted);
    }
    if (trainKeys.isEmpty() && testKeys.isEmpty()) return;
    // Batch append; QCustomPlot merges in place only when a batch reaches back before existing keys.
    if (!trainKeys.isEmpty()) m_train->addData(trainKeys, trainValues, trainSorted);
    if (!testKeys.isEmpty()) m_test->addData(testKeys, testValues, testSorted);

    updateRanges();
    updateReadout();
    requestReplot();
}

void LossChart::clear() {
    m_train->data()->clear();
    m_test->data()->clear();
    m_xMin = m_yMin = m_yMinPositive = kInf;
    m_xMax = m_yMax = -kInf;
    m_hovering = false;
    updateRanges();
    updateReadout();
    requestReplot();
}

void LossChart::requestReplot() {
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    if (m_sinceReplot.isValid() && m_sinceReplot.elapsed() < kReplotMs) {
        if (!m_replotLater.isActive()) m_replotLater.start(int(kReplotMs - m_sinceReplot.elapsed()));
        return;
    }
    m_sinceReplot.start();
    replot(rpQueuedReplot);
}

void LossChart::showEvent(QShowEvent* event) {
    QCustomPlot::showEvent(event);
    if (m_stale) {
        m_stale = false;
        replot(rpQueuedReplot);
    }
}

void LossChart::setLogScale(bool on) {
    if (m_kind == Kind::Accuracy || on == m_logScale) return;
    m_logScale = on;
    if (on) {
        yAxis->setScaleType(QCPAxis::stLogarithmic);
        yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        yAxis->setNumberFormat(QStringLiteral("eb"));  // 10^-2 with a real superscript
        yAxis->setNumberPrecision(0);
        yAxis->grid()->setSubGridVisible(true);
        yAxis->setLabel(tr("loss (log scale)"));
    } else {
        yAxis->setScaleType(QCPAxis::stLinear);
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        yAxis->setNumberFormat(QStringLiteral("gb"));
        yAxis->setNumberPrecision(6);
        yAxis->grid()->setSubGridVisible(false);
        yAxis->setLabel(tr("loss"));
    }
    updateRanges();
    replot(rpQueuedReplot);
}

void LossChart::updateRanges() {
    // x: from 0 (or the first epoch, if negative) to the latest epoch; at least one epoch wide.
    const bool haveData = m_xMin <= m_xMax;
    const double xLo = haveData ? qMin(0.0, m_xMin) : 0.0;
    const double xHi = haveData ? qMax(m_xMax, xLo + 1.0) : 1.0;
    xAxis->setRange(xLo, xHi);

    if (m_kind == Kind::Accuracy) {
        yAxis->setRange(0.0, 1.0);
        return;
    }
    if (m_logScale) {
        // Only positive values can be placed; a factor of headroom on each side in log space.
        if (m_yMinPositive < kInf && m_yMax > 0) yAxis->setRange(m_yMinPositive / 1.5, m_yMax * 1.5);
        else yAxis->setRange(0.01, 1.0);
        return;
    }
    const double yLo = haveData ? qMin(0.0, m_yMin) : 0.0;
    double yHi = haveData ? m_yMax : 1.0;
    if (!(yHi > yLo)) yHi = yLo + 1.0;
    yAxis->setRange(yLo, yHi + 0.05 * (yHi - yLo));
}

void LossChart::hoverAt(double pixelX) {
    const QRect plotArea = axisRect()->rect();
    const bool inside = pixelX >= plotArea.left() && pixelX <= plotArea.right();
    m_hovering = inside && (m_train->dataCount() > 0 || m_test->dataCount() > 0);
    if (m_hovering) m_hoverKey = xAxis->pixelToCoord(pixelX);
    updateReadout();
    replot(rpQueuedReplot);
}

void LossChart::leaveEvent(QEvent* event) {
    m_hovering = false;
    updateReadout();
    replot(rpQueuedReplot);
    QCustomPlot::leaveEvent(event);
}

QString LossChart::formatValue(double v) const {
    if (m_kind == Kind::Accuracy) return QString::number(v * 100, 'f', 1) + QLatin1Char('%');
    return QString::number(v, 'g', 3);
}

void LossChart::updateReadout() {
    QCPGraph* reference = m_train->dataCount() > 0 ? m_train : m_test;
    if (reference->dataCount() == 0) {
        m_readoutText = m_kind == Kind::Loss ? tr("no loss recorded yet") : tr("no accuracy recorded yet");
        m_trainTracer->setVisible(false);
        m_testTracer->setVisible(false);
        m_readout->setText(m_readoutText);
        return;
    }
    // Hovering: the point under the mouse. Otherwise: the latest point, so the numbers are always on screen.
    const double key = m_hovering ? m_hoverKey : (reference->data()->constEnd() - 1)->key;
    const QCPGraphData* trainPoint = nearestPoint(m_train, key);
    const double epoch = (trainPoint ? trainPoint : nearestPoint(m_test, key))->key;
    const QCPGraphData* testPoint = nearestPoint(m_test, epoch);

    QStringList parts;
    if (trainPoint) parts << tr("train %1").arg(formatValue(trainPoint->value));
    if (testPoint) parts << tr("test %1").arg(formatValue(testPoint->value));
    m_readoutText = tr("epoch %1: %2").arg(formatEpoch(epoch), parts.join(QStringLiteral(", ")));
    m_readout->setText(m_readoutText);

    auto place = [this](QCPItemTracer* tracer, QCPGraph* graph, const QCPGraphData* point) {
        tracer->setVisible(m_hovering && point);
        if (!tracer->visible()) return;
        if (tracer->graph() != graph) tracer->setGraph(graph);
        tracer->setGraphKey(point->key);
    };
    place(m_trainTracer, m_train, trainPoint);
    place(m_testTracer, m_test, testPoint);
}

}  // namespace widgets
