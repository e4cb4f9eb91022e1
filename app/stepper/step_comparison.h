// Learning algorithms, optimizers, update modes or ways of fine-tuning side by side in the window: engine::Comparison
// runs on a worker thread from the captured project (every run from the seed's initial weights, or for fine-tuning
// from the network's current ones, on the same data in the same order), and its points stream into a
// ComparisonChart, against updates or against forward passes spent, with a table of where each run ended. Stop ends
// it at once; the UI never waits for it.
#pragma once
#include "app/document/race_setup.h"
#include "engine/comparison.h"
#include <QStringList>
#include <QWidget>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace widgets {
class ComparisonChart;
}

namespace app {
class BackgroundWorker;
class StepMode;

class StepComparison : public QWidget {
    Q_OBJECT
public:
    // The races of app/document/race_setup.h. FineTuning (from scratch, full, partial and additive, from the network's
    // current weights) is offered for every network; it tells why when the network has no hidden layer.
    using Kind = RaceKind;

    StepComparison(StepMode* mode, QWidget* parent = nullptr);

    void start();
    void stop();
    bool isRunning() const;
    void setKind(Kind k);
    Kind kind() const;

    widgets::ComparisonChart* chart() const { return m_chart; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* stopButton() const { return m_stop; }
    QSpinBox* updatesBox() const { return m_updates; }
    QLabel* resultsLabel() const { return m_results; }  // the table of where each run stands
    // What the last comparison started from and has recorded so far (for tests and the status line).
    const std::vector<engine::Vector>& startingParameters() const { return m_starts; }
    const std::vector<std::vector<engine::ComparisonPoint>>& points() const { return m_points; }
    QStringList runNames() const { return m_names; }

signals:
    void started();   // the runs are set up (startingParameters() is filled)
    void finished();  // every run ended, or Stop

private:
    void begin(const QStringList& names, const QStringList& notes, const std::vector<engine::Vector>& starts,
               const std::vector<engine::Index>& trained, const QString& status);
    void append(const std::vector<std::vector<engine::ComparisonPoint>>& points);
    void showResults();

    StepMode* m_mode;
    BackgroundWorker* m_worker;
    QComboBox* m_kind;
    QSpinBox* m_updates;
    QComboBox* m_axis;
    QCheckBox* m_logY;
    QPushButton* m_start;
    QPushButton* m_stop;
    QLabel* m_status;
    QLabel* m_results;
    QString m_error;    // why the last start could not race (stays in the status)
    QString m_warning;  // said with the status to the end (the fine-tuning race from untrained weights)
    widgets::ComparisonChart* m_chart;
    QStringList m_names;
    std::vector<engine::Vector> m_starts;
    std::vector<engine::Index> m_trained;  // per run: the parameters it trains
    std::vector<std::vector<engine::ComparisonPoint>> m_points;
};

}  // namespace app
