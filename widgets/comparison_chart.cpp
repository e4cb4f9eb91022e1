#include "widgets/comparison_chart.h"
#include "widgets/view_style.h"
#include "widgets/chart_style.h"
#include <cmath>
#include <limits>

namespace widgets {

namespace {

using viewstyle::kText;

// Okabe-Ito, black first, each with its own dash pattern: runs stay apart in greyscale and for colour-blind viewers.
struct Style {
    QColor color;
    Qt::PenStyle dash;
};
const Style kStyles[] = {{QColor(35, 35, 35), Qt::SolidLine},       {QColor(230, 159, 0), Qt::DashLine},
                         {QColor(0, 114, 178), Qt::DotLine},        {QColor(0, 158, 115), Qt::DashDotLine},
                         {QColor(213, 94, 0), Qt::SolidLine},       {QColor(204, 121, 167), Qt::DashLine},
                         {QColor(86, 180, 233), Qt::DashDotDotLine}};

}  // namespace

ComparisonChart::ComparisonChart(QWidget* parent) : QCustomPlot(parent) {
    setMinimumSize(360, 240);
    styleChartAxes(this, kText);
    for (QCPAxis* axis : {xAxis, yAxis}) {
        axis->grid()->setPen(QPen(QColor(225, 225, 225), 1));
        axis->grid()->setSubGridPen(QPen(QColor(240, 240, 240), 1));
    }
    yAxis->setLabel(tr("training loss"));
    legend->setVisible(true);
    QFont legendFont = font();
    legendFont.setPointSizeF(12);
    legend->setFont(legendFont);
    legend->setTextColor(kText);
    legend->setIconSize(44, 16);
    legend->setBrush(QColor(255, 255, 255, 225));
    legend->setBorderPen(Qt::NoPen);
    // Below the plot, one entry a line: inside it, one box as wide as the longest name covered the curves.
    axisRect()->insetLayout()->take(legend);
    plotLayout()->addElement(1, 0, legend);
    plotLayout()->setRowStretchFactor(1, 0.001);
    // A column is as narrow as its narrowest element's maximum, and an empty legend's maximum is its margins: before
    // the first run the plot above it was drawn a few pixels wide. An explicit maximum lifts that limit.
    legend->setMaximumSize(QWIDGETSIZE_MAX / 2, QWIDGETSIZE_MAX);  // below the "unset" value, margins and all
    legend->setMargins(QMargins(4, 2, 4, 4));
    setXAxis(XAxis::Updates);
}

void ComparisonChart::setRuns(const QStringList& names) {
    clearGraphs();
    m_runs.clear();
    for (int r = 0; r < names.size(); ++r) {
        Run run;
        run.name = names[r];
        run.graph = addGraph();
        const Style& s = kStyles[r % 7];
        run.graph->setPen(QPen(s.color, 3.0, s.dash, Qt::FlatCap, Qt::RoundJoin));
        run.graph->setName(names[r]);
        m_runs << run;
    }
    rescale();
}

void ComparisonChart::setRunNote(int run, const QString& note) {
    if (run < 0 || run >= m_runs.size()) return;
    m_runs[run].graph->setName(note.isEmpty() ? m_runs[run].name
                                              : m_runs[run].name + QStringLiteral(" (") + note + ")");
    replot(QCustomPlot::rpQueuedReplot);
}

double ComparisonChart::key(const Run& r, int k) const {
    switch (m_x) {
    case XAxis::Updates: return r.updates[k];
    case XAxis::ForwardPasses: return r.passes[k];
    case XAxis::Epochs: return r.epochs[k];
    case XAxis::Seconds: return r.seconds[k];
    }
    return r.updates[k];
}

double ComparisonChart::value(const Run& r, int k) const {
    return m_y == YAxis::TestAccuracy ? r.accuracy[k] : r.loss[k];
}

bool ComparisonChart::drawn(const Run& r, int k) const {
    // A log axis has no 0: the starting point (no update, no pass yet) is left out there.
    return std::isfinite(value(r, k)) && !(m_logX && key(r, k) <= 0);
}

void ComparisonChart::appendPoints(int run, const std::vector<engine::ComparisonPoint>& points) {
    if (run < 0 || run >= m_runs.size() || points.empty()) return;
    Run& r = m_runs[run];
    QVector<double> keys, values;
    for (const engine::ComparisonPoint& p : points) {
        r.updates << double(p.updates);
        r.passes << double(p.forwardPasses);
        r.epochs << p.epochs;
        r.seconds << p.seconds;
        r.loss << p.loss;
        r.accuracy << p.testAccuracy;
        const int k = int(r.loss.size()) - 1;
        if (!drawn(r, k)) continue;
        keys << key(r, k);
        values << value(r, k);
    }
    r.graph->addData(keys, values, true);  // both keys only grow: already sorted
    rescale();
}

void ComparisonChart::clear() {
    for (Run& r : m_runs) {
        r.updates.clear();
        r.passes.clear();
        r.epochs.clear();
        r.seconds.clear();
        r.loss.clear();
        r.accuracy.clear();
        r.graph->data()->clear();
    }
    rescale();
}

void ComparisonChart::setXAxis(XAxis x) {
    m_x = x;
    xAxis->setLabel(x == XAxis::Updates   ? tr("updates")
                    : x == XAxis::Epochs  ? tr("epochs (passes over the data)")
                    : x == XAxis::Seconds ? tr("seconds of computing (this machine)")
                                          : tr("forward passes spent"));
    rebuild();
}

void ComparisonChart::setYAxis(YAxis y) {
    m_y = y;
    yAxis->setLabel(y == YAxis::TestAccuracy ? tr("test accuracy") : tr("training loss"));
    setLogY(m_logY);  // the scale follows: log for the loss when asked, linear for accuracy
    rebuild();
}

void ComparisonChart::setLogY(bool on) {
    m_logY = on;
    const bool log = on && m_y == YAxis::TrainingLoss;
    yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log) yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    rescale();
}

void ComparisonChart::setLogX(bool on) {
    m_logX = on;
    xAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on) xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    rebuild();
}

void ComparisonChart::rebuild() {
    for (Run& r : m_runs) {
        QVector<double> keys, values;
        for (int k = 0; k < r.loss.size(); ++k) {
            if (!drawn(r, k)) continue;
            keys << key(r, k);
            values << value(r, k);
        }
        r.graph->setData(keys, values, true);
    }
    rescale();
}

// Ranges from the data: x from 0 (or the first positive key on a log axis), y over the finite (positive) losses.
void ComparisonChart::rescale() {
    double xMax = 0, xMinPos = std::numeric_limits<double>::infinity();
    double yMin = std::numeric_limits<double>::infinity(), yMax = -yMin, yMinPos = yMin;
    for (const Run& r : m_runs)
        for (int k = 0; k < r.loss.size(); ++k) {
            const double x = key(r, k), y = value(r, k);
            if (!std::isfinite(y)) continue;
            xMax = std::max(xMax, x);
            if (x > 0) xMinPos = std::min(xMinPos, x);
            yMin = std::min(yMin, y);
            yMax = std::max(yMax, y);
            if (y > 0) yMinPos = std::min(yMinPos, y);
        }
    if (!std::isfinite(yMin)) {
        xAxis->setRange(m_logX ? 1 : 0, m_logX ? 10 : 1);
        yAxis->setRange(m_logY ? 0.01 : 0, 1);
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    if (m_logX) xAxis->setRange(std::isfinite(xMinPos) ? xMinPos : 1, std::max(xMax, 10.0) * 1.05);
    else xAxis->setRange(0, xMax > 0 ? xMax * 1.02 : 1);
    if (m_y == YAxis::TestAccuracy) {
        yAxis->setRange(0, 1.02);  // accuracy is a share: the whole scale, so runs compare at a glance
    } else if (m_logY && std::isfinite(yMinPos)) {
        yAxis->setRange(yMinPos / 1.1, yMax * 1.1);
    } else {
        const double pad = yMax > yMin ? 0.05 * (yMax - yMin) : 0.05 * std::max(1e-9, std::abs(yMax));
        yAxis->setRange(yMin >= 0 ? std::max(0.0, yMin - pad) : yMin - pad, yMax + pad);  // a loss never below 0
    }
    replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace widgets
