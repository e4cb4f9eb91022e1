// Several training runs on one chart: training loss (or test accuracy) against updates, forward passes spent, epochs
// or seconds of computing, so the cost of finite differences (2P + 1 passes an update) or the speed of each optimizer
// is visible. Points are appended in batches as a comparison streams them; switching either axis redraws from the
// points kept. Draws only what it is given.
#pragma once
#include "engine/comparison.h"
#include <QString>
#include <QStringList>
#include <QVector>
#include <qcustomplot.h>

namespace widgets {

class ComparisonChart : public QCustomPlot {
    Q_OBJECT
public:
    // Seconds: the wall-clock time each run's updates took on this machine (ComparisonPoint::seconds).
    enum class XAxis { Updates, ForwardPasses, Epochs, Seconds };
    // What the curves show: ComparisonPoint::loss, or ComparisonPoint::testAccuracy (points without one are left out).
    enum class YAxis { TrainingLoss, TestAccuracy };

    explicit ComparisonChart(QWidget* parent = nullptr);

    // One curve per name, in order (run r of the comparison is curve r); clears the old curves and points.
    void setRuns(const QStringList& names);
    // A run that cannot take part (e.g. the perceptron rule on a hidden layer): its legend entry says why.
    void setRunNote(int run, const QString& note);
    // Appends a batch of points to run `run` (points as Comparison::takeNewPoints hands them out).
    void appendPoints(int run, const std::vector<engine::ComparisonPoint>& points);
    void clear();  // keeps the runs, drops their points

    void setXAxis(XAxis x);
    XAxis xAxisKind() const { return m_x; }
    void setYAxis(YAxis y);
    YAxis yAxisKind() const { return m_y; }
    void setLogY(bool on);  // the loss only: accuracy is always drawn from 0 to 1
    void setLogX(bool on);
    bool logY() const { return m_logY; }
    bool logX() const { return m_logX; }

    int runCount() const { return m_runs.size(); }
    QCPGraph* graphOf(int run) const { return m_runs.value(run).graph; }

private:
    struct Run {
        QString name;
        QCPGraph* graph = nullptr;
        QVector<double> updates, passes, epochs, seconds, loss, accuracy;
    };
    void rebuild();
    void rescale();
    double key(const Run& r, int k) const;
    double value(const Run& r, int k) const;
    bool drawn(const Run& r, int k) const;  // a finite value, and a key a log axis can show

    QVector<Run> m_runs;
    XAxis m_x = XAxis::Updates;
    YAxis m_y = YAxis::TrainingLoss;
    bool m_logY = false, m_logX = false;
};

}  // namespace widgets
