// The playground window: a thin assembly of the views (output view in the centre; data, network, training settings,
// charts, metrics and weights in docks a user can rearrange) and the actions that drive the training thread.
// The window owns the editable models (data, settings, network spec) and the undo stack; the thread owns training.
#pragma once
#include "app/document/project.h"
#include "app/session/session.h"
#include "app/window/window_host.h"
#include <QMainWindow>
#include <QMap>
#include <QPointer>
#include <QSet>
#include <functional>
#include <memory>
#include <vector>

class QAction;
class QLabel;
class QSlider;
class QUndoStack;
class QComboBox;
class QStackedWidget;
class QLineEdit;

namespace widgets {
class OutputView;
class FunctionView;
class NetworkView;
class LossChart;
class MetricsView;
class WeightHeatmap;
class NetworkEditorOverlay;
}  // namespace widgets

namespace app {
class DataPanel;
class TrainingPanel;
class StepMode;
class Presenter;
class LessonMode;
class DocumentController;
class GifRecorder;
class TrainingBar;
class ControlStates;
class FileMenu;
class NetworkDock;
class ResultViews;
class ImageWorkspace;
enum class ExportFormat;

class MainWindow : public QMainWindow, public WindowHost {
    Q_OBJECT

public:
    static constexpr double kWatchableSpeed = app::kWatchableSpeed;
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Replaces the session with this project (a preset, a file).
    void loadProject(const Project& project);
    bool openFile(const QString& path);  // a project or a CSV; shows a message and keeps the session when it is bad
    // After a crash: offers to restore the autosaved session (main() calls it once the window shows).
    bool offerRecovery();
    // Saves the project (with its weights) to path; DocumentController emits saved or saveFailed.
    void saveTo(const QString& path);
    Session* session() { return m_session; }
    DocumentController* document() { return m_session->document(); }
    int recordedFrames() const;  // frames of the recording in progress (0 when none)
    const Project& project() const { return m_session->project(); }

    // For tests and the command line: the parts a test drives.
    TrainingThread* trainingThread() { return &m_session->thread(); }
    DataModel* dataModel() { return &m_session->data(); }
    QUndoStack* undoStack() { return m_session->undoStack(); }
    widgets::NetworkEditorOverlay* networkEditor() { return m_editor; }
    NetworkModel* networkModel() { return &m_session->network(); }
    QLineEdit* architectureText();
    QLabel* equationLabel();
    const TrainingSnapshot& lastSnapshot() const { return m_session->last(); }
    QAction* resetAction();
    Presenter* presenter() { return m_presenter; }

    // WindowHost: what the tools (step mode, presenter, lessons) ask of the window.
    QMainWindow* window() override { return this; }
    void showStatus(const QString& text, int ms) override;
    widgets::OutputView* outputView() override { return m_output; }
    // The room for image data (the plane's place while the samples are pictures).
    ImageWorkspace* imageWorkspace() const { return m_images; }
    widgets::NetworkView* networkView() override { return m_network; }
    QAction* playAction() override;
    int speedPosition() const override;
    void setSpeedPosition(int position) override;
    void restyle() override;
    StepMode* stepMode() override { return m_stepMode; }
    LessonMode* lessons() override { return m_lessons; }
    QSet<QObject*> hiddenNow() const override;
    void applyControlStates() override;

    // Named controls (app/document/window_controls.h) that a lesson or a teacher hides or locks. Each owner ("lesson",
    // "project") sets its own list; a control is hidden while any owner hides it, and comes back as it was.
    void setHiddenControls(const QString& owner, const QStringList& names) override;
    void setLockedControls(const QString& owner, const QStringList& names) override;
    QStringList hiddenControls(const QString& owner) const override;
    // Opens the hyperparameter search on the current project (or raises the open one).
    void openHyperSearch();
    // The speed slider's position nearest to this many updates a second (0 = full speed).
    void setTrainingSpeed(double stepsPerSecond) override;
    // The widget that shows a control (a dock, a toolbar button, a view); nullptr for an unknown name.
    QWidget* controlWidget(const QString& name) override;
    void updateTitle() override;  // the document's title, or the lesson's while one runs

signals:
    void snapshotShown();  // after a snapshot has been drawn (tests wait on it)

protected:
    void closeEvent(QCloseEvent* e) override;
    void showEvent(QShowEvent* e) override;

private:
    void buildActions();
    void buildDocks();
    void onSnapshot(const SharedSnapshot& s);
    void fitToScreen();  // a saved size larger than the screen (an older version's) shrinks to fit
    void followProject();
    void followData();
    void refreshPoints();
    void showSplitCounts();
    void showFunctionCurves(const TrainingSnapshot& s);
    void chooseCentralView();  // the plane, or the image workspace when the samples are pictures

    Session* m_session;
    FileMenu* m_files = nullptr;
    int m_strokeId = 0;
    bool m_inStroke = false;

    widgets::OutputView* m_output = nullptr;
    widgets::FunctionView* m_function = nullptr;  // a child of m_output, drawn over its graph
    ImageWorkspace* m_images = nullptr;
    QStackedWidget* m_central = nullptr;
    widgets::NetworkView* m_network = nullptr;
    widgets::NetworkEditorOverlay* m_editor = nullptr;
    NetworkDock* m_netDock = nullptr;
    ResultViews* m_results = nullptr;
    bool m_fittedOnce = false;
    widgets::LossChart* m_loss = nullptr;
    widgets::LossChart* m_accuracy = nullptr;
    widgets::MetricsView* m_metrics = nullptr;
    widgets::WeightHeatmap* m_weights = nullptr;
    DataPanel* m_dataPanel = nullptr;
    TrainingPanel* m_trainingPanel = nullptr;
    StepMode* m_stepMode = nullptr;
    Presenter* m_presenter = nullptr;
    LessonMode* m_lessons = nullptr;
    std::unique_ptr<ControlStates> m_controls;
    QPointer<QWidget> m_search;  // the hyperparameter search dialog while it is open

    TrainingBar* m_bar = nullptr;
};

}  // namespace app
