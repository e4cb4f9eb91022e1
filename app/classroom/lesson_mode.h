// The lesson runner in the window: a Lessons menu and browser, and a dock that walks a lesson step by step. Entering a
// lesson keeps the user's own project aside (Save still saves that one) and leaving brings it back as it was. Each step
// loads its setup, hides or locks controls, points at a widget, opens a tool, and checks its goals on every snapshot.
#pragma once
#include "app/document/project.h"
#include "lessons/library.h"
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <cmath>
#include <optional>

class QAction;
class QMainWindow;
class QDockWidget;
class QTimer;

namespace widgets {
class Spotlight;
}

namespace app {
class Session;
class WindowHost;
class LessonPanel;
class BackgroundWorker;
struct TrainingSnapshot;

class LessonMode : public QObject {
    Q_OBJECT
public:
    LessonMode(Session* session, WindowHost* host);

    const lessons::Library& library() const { return m_library; }
    void setLibrary(const lessons::Library& library) { m_library = library; }  // tests: lessons written for the test
    bool isActive() const { return m_lesson != nullptr; }
    const lessons::Lesson* lesson() const { return m_lesson; }
    int stepIndex() const { return m_step; }
    bool stepDone() const { return m_done; }
    QVector<lessons::GoalStatus> goalStates() const { return m_states; }
    QString stepError() const { return m_error; }  // the current step's setup could not be applied (empty: fine)
    // The user's own project while a lesson runs (what Save saves); empty before the capture arrives or outside one.
    const std::optional<Project>& userProject() const { return m_user; }
    LessonPanel* panel() const { return m_panel; }
    QDockWidget* dock() const { return m_dock; }

    // Starts a lesson at a step (-1: where the student left off). False for an unknown id.
    bool start(const QString& id, int step = 0);
    void goToStep(int index);  // applies the step (and the setup of the last step at or before it that has one)
    void next();
    void back();
    void restartStep();
    void lockIn(int choice);  // the student's prediction
    void checkNumber(const QString& typed);  // a numeric question: the student's answer
    void showAnswer();                       // a numeric question: the answer and its working, after a wrong try
    void leave();             // the user's project and controls come back
    void openBrowser();
    // The class the network gives the drawing on the image pad (-1: blank pad, or no answer): "padAnswer" goals.
    void setPadAnswer(int answer);

signals:
    void stepApplied(int index);  // the step's setup is in the window (the training thread has it)
    void stepCompleted(int index);
    void answerRevealed(bool right);
    void left();

private:
    void buildMenu();
    void applyStep(int index, bool rebuild);
    void onSnapshot();
    void checkStepGoals(const TrainingSnapshot& s);  // the step's goals on this snapshot: the panel's ticks
    // Measures the shift tolerance of the last snapshot off the UI thread (a step with a shiftedTestAccuracy goal),
    // at most every kShiftInterval ms; the result re-checks the goals.
    void measureShift();
    void load(const Project& project);  // replaces the session's project (a message when its data is bad)
    void closeOpenedTool();
    void reveal();
    void completeStep();                                    // ticks the step in the progress and the panel, once
    double paceFor(const lessons::LessonStep& step) const;  // steps per second for a step that names none

    Session* m_session;
    WindowHost* m_host;
    QMainWindow* m_win;  // its docks and menus
    lessons::Library m_library;
    lessons::Progress m_progress;
    const lessons::Lesson* m_lesson = nullptr;
    int m_step = -1;
    bool m_done = false;
    QString m_error;
    QVector<lessons::GoalStatus> m_states;
    quint64 m_minGeneration = 0;  // snapshots of an older network do not count toward the step's goals
    int m_lockedIn = -1;
    long long m_epochBase = 0;  // the run's epoch when the step began (0 when the step built its own network)
    long long m_lockEpoch = 0;  // the run's epoch when the student locked in a prediction
    bool m_revealed = false;
    bool m_reachedHere = false;  // the goals held on one snapshot during this visit of the step
    int m_padAnswer = -1;
    std::optional<lessons::GoalInput> m_start;  // the settings when the step began ("changed" goals compare with it)
    std::optional<Project> m_user;
    bool m_userModified = false;
    bool m_waitingForCapture = false;
    QPointer<QAction> m_openedTool;
    QDockWidget* m_dock = nullptr;
    LessonPanel* m_panel = nullptr;
    widgets::Spotlight* m_spot = nullptr;
    QAction* m_leaveAct = nullptr;
    // The shift tolerance (four passes over the test pictures), measured only for a step whose goals use it.
    static constexpr int kShiftInterval = 250;
    BackgroundWorker* m_shiftWorker = nullptr;
    QTimer* m_shiftTimer = nullptr;  // the next measure, when the last began less than kShiftInterval ago
    QElapsedTimer m_shiftClock;
    double m_shifted = std::nan("");  // the last measure, of the snapshot (generation, step) below
    quint64 m_shiftGeneration = 0;
    long long m_shiftStep = -1;
};

}  // namespace app
