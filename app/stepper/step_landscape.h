// The loss landscape in the window: the loss over two chosen parameters around the current weights (the others held),
// computed off the UI thread row by row on a captured copy, with the path training takes drawn on it live from the
// snapshots. A reset, a new optimizer or learning rate starts a new path, so different settings can be compared from
// the same start.
#pragma once
#include "engine/loss_landscape.h"
#include "engine/trainer.h"
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace widgets {
class LandscapeView;
}

namespace app {
class BackgroundWorker;
class StepMode;
struct TrainingSnapshot;

class StepLandscape : public QWidget {
    Q_OBJECT
public:
    static constexpr int kResolution = 41;
    static constexpr int kMaxSamples = 1000;  // the loss is measured on at most this many training samples

    StepLandscape(StepMode* mode, QWidget* parent = nullptr);

    void compute();  // captures the current weights and computes the grid around them
    bool hasGrid() const { return m_hasGrid; }
    bool isComputing() const;
    // From the window: a new snapshot (extends the live path) with the settings training runs with now.
    void addSnapshot(const TrainingSnapshot& s, const engine::TrainSettings& settings);
    void setParameters(engine::Index p1, engine::Index p2);  // chooses the two weights (the combo boxes)

    widgets::LandscapeView* view() const { return m_view; }
    QComboBox* firstBox() const { return m_p1; }
    QComboBox* secondBox() const { return m_p2; }
    const engine::LandscapeGrid& grid() const { return m_grid; }

signals:
    void computed();  // the whole grid is shown

private:
    void fillParameterBoxes(const engine::NetworkSpec& spec);
    void showGrid(const engine::LandscapeGrid& grid, bool complete);
    QString pathName(const engine::TrainSettings& s) const;

    StepMode* m_mode;
    BackgroundWorker* m_worker;
    QComboBox* m_p1;
    QComboBox* m_p2;
    QDoubleSpinBox* m_range;
    QPushButton* m_compute;
    QLabel* m_status;
    widgets::LandscapeView* m_view;

    engine::NetworkSpec m_spec;      // the parameter boxes' network
    engine::NetworkSpec m_gridSpec;  // the grid's network
    engine::LandscapeGrid m_grid;
    bool m_hasGrid = false;
    // The live path: a new one after a reset, a rebuild or a change of optimizer settings.
    int m_path = -1;
    quint64 m_pathGeneration = 0;
    long long m_pathStep = -1;
    engine::OptimizerSettings m_pathOptimizer;
    engine::Vector m_lastParams;
};

}  // namespace app
