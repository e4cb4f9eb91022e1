// Step mode: the backprop stepper, the gradient check, the learning-algorithm and optimizer races and the loss
// landscape, attached to the main window (issue 5). It reads the window's parts (it is the window's friend) and never
// touches the training thread's network: it works on copies captured with TrainingThread::requestCapture. While the
// stepper is on, training is paused, the window's Space / → / Shift+→ keys are handed to the stepper's panel, and
// clicks on the output view pick the sample instead of drawing.
#pragma once
#include "app/document/project.h"
#include "app/training/training_snapshot.h"
#include "engine/backprop_stepper.h"
#include <QObject>
#include <QPointer>
#include <QVector>
#include <functional>
#include <memory>
#include <vector>

class QAction;
class QMainWindow;
class QComboBox;
class QDockWidget;
class QLabel;
class QPushButton;
class QWidget;

namespace engine {
class Trainer;
}
namespace widgets {
class NetworkView;
class StepperOverlay;
class StepperPanel;
}  // namespace widgets

namespace app {
// A grey, word-wrapped note for the step-mode docks. Coloured through the palette, not a style sheet, which would drop
// the window's (projector) font.
QLabel* makeNoteLabel(QWidget* parent);

class Session;
class WindowHost;
class StepComparison;
class StepGradientCheck;
class StepLandscape;
class StepSampleMarker;
struct TrainingSnapshot;

class StepMode : public QObject {
    Q_OBJECT
public:
    // Which samples one step of the stepper takes.
    enum class Batch { OneSample, MiniBatch, FullBatch };

    StepMode(Session* session, WindowHost* host);
    ~StepMode() override;

    // Asks the training thread for a copy of the project (weights, optimizer state, data); `done` runs on the UI
    // thread with it. Requests made before an answer arrives share it.
    void capture(std::function<void(const Project&)> done);
    widgets::NetworkView* networkView() const;
    // The input flags the diagram was given (the nine 2-D features), for an overlay's setInputActive.
    QVector<bool> inputActive() const;
    void showDock(QDockWidget* dock);  // shows a step-mode dock in its tab group, raised

    bool isActive() const { return m_active; }
    // For tests and the window: the parts a person uses.
    QAction* stepAction() const { return m_stepAct; }
    QAction* gradientCheckAction() const { return m_checkAct; }
    QAction* comparisonAction() const { return m_compareAct; }
    QAction* landscapeAction() const { return m_landscapeAct; }
    // The panel a tool action (F7, F8, F9) opens; nullptr for another action.
    QDockWidget* toolDock(const QAction* action) const {
        return action == m_checkAct       ? m_checkDock
               : action == m_compareAct   ? m_compareDock
               : action == m_landscapeAct ? m_landscapeDock
                                          : nullptr;
    }
    widgets::StepperPanel* panel() const { return m_panel; }
    widgets::StepperOverlay* overlay() const;  // null outside step mode
    std::shared_ptr<engine::BackpropStepper> stepper() const;
    const engine::Trainer* trainer() const { return m_trainer.get(); }  // the captured copy the step is built from
    const std::vector<engine::Index>& batchColumns() const { return m_columns; }  // training-set columns of the step
    int trainingColumn() const { return m_column; }  // the followed sample, as a column of the training set
    QComboBox* batchBox() const { return m_batchBox; }
    QPushButton* applyButton() const { return m_apply; }
    StepGradientCheck* gradientCheck() const { return m_check; }
    StepComparison* comparison() const { return m_compare; }
    StepLandscape* landscape() const { return m_landscape; }

public slots:
    void setActive(bool on);
    // Follows training-set column `column` (clamped); within the current batch it only switches the sample shown.
    void pickTrainingColumn(int column);

signals:
    void stepReady();  // a new stepper is shown (after entering, a sample change or a change of the network)

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildActions();
    QDockWidget* addDock(const QString& title, const QString& name, QWidget* content);
    void requestStep();
    void onStepCaptured(const Project& p);
    void buildStep(bool keepPosition);
    void onSnapshot(const SharedSnapshot& s);
    void onStepChanged();
    void updateMarker();
    void silenceWindowKeys(bool silence);
    std::vector<engine::Index> columnsFor(int column) const;
    int pointToColumn(int point) const;  // index in the window's data -> training column; -1 for a test sample
    int columnToPoint(int column) const;

    Session* m_session;
    WindowHost* m_host;
    QMainWindow* m_window;  // where the docks and actions go
    bool m_active = false;
    std::vector<std::function<void(const Project&)>> m_captureWaiters;
    bool m_stepCapturePending = false;
    bool m_restartNext = false;
    int m_networkHeight = 0;  // the diagram's height before step mode enlarged it

    std::unique_ptr<engine::Trainer> m_trainer;
    std::vector<engine::Index> m_columns;
    int m_column = 0;
    Batch m_batch = Batch::OneSample;

    QAction* m_stepAct = nullptr;
    void bindTool(QAction* action, QDockWidget* dock, std::function<void()> onOpen);
    QAction* m_checkAct = nullptr;
    QAction* m_compareAct = nullptr;
    QAction* m_landscapeAct = nullptr;
    QDockWidget* m_stepDock = nullptr;
    QDockWidget* m_checkDock = nullptr;
    QDockWidget* m_compareDock = nullptr;
    QDockWidget* m_landscapeDock = nullptr;
    widgets::StepperPanel* m_panel = nullptr;
    QComboBox* m_batchBox = nullptr;
    QPushButton* m_apply = nullptr;
    QPointer<widgets::StepperOverlay> m_overlay;
    QPointer<StepSampleMarker> m_marker;
    StepGradientCheck* m_check = nullptr;
    StepComparison* m_compare = nullptr;
    StepLandscape* m_landscape = nullptr;
    std::vector<std::pair<QAction*, QList<QKeySequence>>> m_silenced;
};

}  // namespace app
