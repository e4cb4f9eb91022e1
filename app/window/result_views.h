// What training gives, as it comes: the loss and accuracy charts, the metrics (a confusion matrix or R²) and the
// weight matrices (app/window/result_views.cpp). The window docks the three; each snapshot updates them.
#pragma once
#include "app/training/training_snapshot.h"
#include <QObject>

class QComboBox;
class QWidget;

namespace widgets {
class LossChart;
class MetricsView;
class WeightHeatmap;
}  // namespace widgets

namespace app {

class Session;

class ResultViews : public QObject {
    Q_OBJECT
public:
    ResultViews(Session* session, QWidget* parent);

    QWidget* charts() const { return m_chartBox; }  // Loss and Accuracy tabs with the log-scale switch
    widgets::MetricsView* metrics() const { return m_metrics; }
    QWidget* weights() const { return m_weightsBox; }  // the layer to show and its heat map
    widgets::LossChart* lossChart() const { return m_loss; }
    widgets::LossChart* accuracyChart() const { return m_accuracy; }
    widgets::WeightHeatmap* weightMap() const { return m_weights; }
    void clearCharts();
    void showSnapshot(const TrainingSnapshot& s);

private:
    Session* m_session;
    QWidget* m_chartBox = nullptr;
    widgets::LossChart* m_loss = nullptr;
    widgets::LossChart* m_accuracy = nullptr;
    widgets::MetricsView* m_metrics = nullptr;
    QWidget* m_weightsBox = nullptr;
    QComboBox* m_weightLayer = nullptr;
    widgets::WeightHeatmap* m_weights = nullptr;
    engine::NetworkSpec m_weightSpec;  // the network whose layers the layer list names
};

}  // namespace app
