// Live training curve: training and test loss (or accuracy) against epoch, appended in batches as snapshots arrive.
// Guarantees: appends never re-set old data, non-finite points are dropped, axis ranges stay finite, and at most
// one replot is queued per event-loop pass. The chart only draws what it is given; it never owns training.
#pragma once
#include <QElapsedTimer>
#include <QString>
#include <QTimer>
#include <QVector>
#include <qcustomplot.h>

namespace widgets {

class LossChart : public QCustomPlot {
    Q_OBJECT

public:
    // Loss: y from the data (linear or log). Accuracy: y fixed to 0..1, labelled in percent, never log.
    enum class Kind { Loss, Accuracy };

    explicit LossChart(QWidget* parent = nullptr);
    explicit LossChart(Kind kind, QWidget* parent = nullptr);

    Kind kind() const { return m_kind; }

    // Appends one batch. `epochs` are the keys (fractional epochs allowed); `train` and `test` are matched to them by
    // index. `test` may be empty or shorter (no test set, or not evaluated yet). NaN/inf values are skipped per series.
    void appendPoints(const QVector<double>& epochs, const QVector<double>& train, const QVector<double>& test);
    void clear();

    // Logarithmic y axis (loss only; ignored for accuracy). Zeros and negatives stay in the data but cannot be
    // placed on a log axis: QCustomPlot draws them below the visible range, and the range is taken from the
    // positive values only.
    void setLogScale(bool on);
    bool logScale() const { return m_logScale; }

    // The line shown above the plot: the point nearest the mouse while hovering, else the latest point,
    // e.g. "epoch 120: train 0.0213, test 0.0310".
    QString readoutText() const { return m_readoutText; }

    QCPGraph* trainGraph() const { return m_train; }
    QCPGraph* testGraph() const { return m_test; }

protected:
    void leaveEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    // replot(rpQueuedReplot) when the chart is on screen; a hidden chart (the other tab) only notes that it is stale
    // and replots when it is shown. The data and the readout stay current either way.
    void requestReplot();
    void hoverAt(double pixelX);
    void updateReadout();
    void updateRanges();
    QString formatValue(double v) const;

    Kind m_kind;
    bool m_logScale = false;
    QCPGraph* m_train = nullptr;
    QCPGraph* m_test = nullptr;
    QCPItemTracer* m_trainTracer = nullptr;
    QCPItemTracer* m_testTracer = nullptr;
    QCPTextElement* m_readout = nullptr;
    QString m_readoutText;
    bool m_hovering = false;
    bool m_stale = false;  // data changed while hidden: replot on show
    // New points replot at most every kReplotMs: a replot (thick antialiased curves) was the UI thread's largest cost,
    // and a curve that moves 12 times a second still reads as live. Hover and settings replot at once.
    static constexpr int kReplotMs = 80;
    QElapsedTimer m_sinceReplot;
    QTimer m_replotLater;
    double m_hoverKey = 0;

    // Running extents of the finite data, so rescaling is O(batch), not O(history).
    double m_xMin, m_xMax, m_yMin, m_yMax, m_yMinPositive;
};

}  // namespace widgets
