// The open session under the window: the project, the data and network models, the one undo stack, the training
// thread and the last snapshot it sent. It holds no widget. The window and its tools (step mode, presenter, lessons,
// the search, recordings) read it and ask it for changes; it answers with signals. The rules of the project live here:
// a data set that changes the task refits the network's ends, inputs or an initialisation that change rebuild the
// weights, settings that can apply live do, and every edit goes to the training thread as a request (never waited on).
#pragma once
#include "app/document/project.h"
#include "app/session/data_model.h"
#include "app/session/network_model.h"
#include "app/training/training_thread.h"
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QUndoStack;
class QUndoCommand;

namespace app {

class DocumentController;

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    // --- What the session holds --------------------------------------------------------------------------------
    const Project& project() const { return m_project; }
    DataModel& data() { return m_model; }
    const DataModel& data() const { return m_model; }
    NetworkModel& network() { return m_netModel; }
    QUndoStack* undoStack() { return m_undo; }
    TrainingThread& thread() { return m_thread; }
    DocumentController* document() { return m_doc; }
    // The last snapshot the thread sent (shared with every view that drew it; an empty one before the first).
    const TrainingSnapshot& last() const { return *m_last; }
    std::shared_ptr<const TrainingSnapshot> lastShared() const { return m_last; }
    // Per sample of data(): 1 when it is in the test split.
    const std::vector<char>& testMask() const { return m_isTest; }
    bool hasTestData() const;
    bool twoD() const { return m_model.data().inputDim() == 2; }
    bool regression() const { return m_model.data().task == engine::Task::Regression; }
    QStringList classNames() const;

    // --- Changes the window asks for -----------------------------------------------------------------------------
    // Replaces the session with this project; false (and *error) when its data cannot be loaded (nothing changes).
    bool loadProject(const Project& project, QString* error = nullptr);
    void push(QUndoCommand* command);  // an edit of the data or the network, undoable
    void generate(const engine::GeneratorParams& p);
    void loadBundled(const QString& name);
    void clearData();
    void setTrainRatio(double ratio);
    // Training settings from the panel: live when they can be, else the weights are rebuilt.
    void setSettings(const engine::TrainSettings& s);
    void setArchitecture(const std::vector<int>& hidden, engine::Activation act, engine::Loss loss);
    void toggleInput(int feature);  // an input feature of the diagram (2-D data only)
    void newSeed();
    void setShowTestData(bool on);
    void setDiscretize(bool on);
    void setHiddenControls(const QStringList& names);  // the project's own (saved with it)
    // The project with the trained weights and optimizer state, handed to `done` now or later.
    void capture(std::function<void(const Project&)> done);
    // A lesson runs on a project of its own: while one runs, training does not mark the document modified, and once
    // the user's project is kept aside (userProject), captures (Save, autosave) answer with it.
    void setLesson(bool running, const Project* userProject) {
        m_lessonRunning = running;
        m_aside = running ? userProject : nullptr;
    }

signals:
    void projectLoaded();             // a whole new project: every view follows
    void dataChanged();               // the samples, their task or their split changed (the views follow the data)
    void trainingRebuilt();           // new weights from scratch: the charts start again
    void networkEdited(int changes);  // NetworkModel::Change flags: a diagram edit, applied to the thread
    void settingsChanged();           // project().training changed from here (a seed, an input, a refusal)
    void viewChanged();               // project().view's range or discretisation changed
    void snapshotArrived(const std::shared_ptr<const app::TrainingSnapshot>& snapshot);
    void message(const QString& text, int ms);                // for the status bar
    void problem(const QString& title, const QString& text);  // for a message box

private:
    void onModelChanged();
    void onNetworkEdited(int changes);
    void onSnapshot(const std::shared_ptr<const TrainingSnapshot>& s);
    void rebuildTraining(const QString& why);
    void resetNetworkModel(const engine::Vector& params);
    void fitPlaneToImport();
    void applyView();

    DataModel m_model;
    NetworkModel m_netModel;
    QUndoStack* m_undo = nullptr;
    TrainingThread m_thread;
    Project m_project;
    std::shared_ptr<const TrainingSnapshot> m_last;
    std::vector<char> m_isTest;
    QString m_planeFittedTo;  // the import the plane's range was fitted to (empty: none)
    std::vector<std::function<void(const Project&)>> m_captureWaiting;
    DocumentController* m_doc = nullptr;
    bool m_lessonRunning = false;
    const Project* m_aside = nullptr;
    long long m_lastStepShown = -1;  // a snapshot with another step: training changed the weights (unsaved)
    quint64 m_lastGeneration = 0;    // the trainer build of the last snapshot
};

}  // namespace app
