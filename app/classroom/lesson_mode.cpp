#include "app/classroom/lesson_mode.h"
#include "app/session/document_controller.h"
#include "app/classroom/lesson_browser.h"
#include "app/document/lesson_check.h"
#include "app/classroom/lesson_panel.h"
#include "app/document/project_data.h"
#include "app/document/lesson_setup.h"
#include "app/session/background_worker.h"
#include "app/session/session.h"
#include "app/training/training_snapshot.h"
#include "app/window/window_host.h"
#include <QMainWindow>
#include <QMessageBox>
#include "app/stepper/step_comparison.h"
#include "app/stepper/step_mode.h"
#include "widgets/spotlight.h"
#include <QAction>
#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cmath>

namespace app {

LessonMode::LessonMode(Session* session, WindowHost* host)
    : QObject(host->window()), m_session(session), m_host(host), m_win(host->window()) {
    QMainWindow* window = m_win;
    setObjectName("lessonMode");
    m_library = shippedLessons();
    for (const QString& e : m_library.errors) qWarning("nnlab: lesson %s", qPrintable(e));

    m_panel = new LessonPanel(window);
    m_dock = new QDockWidget(tr("Lesson"), window);
    m_dock->setObjectName("lessonDock");
    m_dock->setWidget(m_panel);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_dock, Qt::Vertical);
    m_dock->hide();
    m_spot = new widgets::Spotlight(window);

    connect(m_panel, &LessonPanel::nextRequested, this, &LessonMode::next);
    connect(m_panel, &LessonPanel::backRequested, this, &LessonMode::back);
    connect(m_panel, &LessonPanel::restartRequested, this, &LessonMode::restartStep);
    connect(m_panel, &LessonPanel::leaveRequested, this, &LessonMode::leave);
    connect(m_panel, &LessonPanel::browseRequested, this, &LessonMode::openBrowser);
    connect(m_panel, &LessonPanel::lockInRequested, this, &LessonMode::lockIn);
    connect(m_panel, &LessonPanel::checkNumberRequested, this, &LessonMode::checkNumber);
    connect(m_panel, &LessonPanel::showAnswerRequested, this, &LessonMode::showAnswer);
    connect(session, &Session::snapshotArrived, this, &LessonMode::onSnapshot);
    m_shiftWorker = new BackgroundWorker(this);
    m_shiftTimer = new QTimer(this);
    m_shiftTimer->setSingleShot(true);
    connect(m_shiftTimer, &QTimer::timeout, this, &LessonMode::measureShift);
    connect(m_shiftWorker, &BackgroundWorker::finished, this, [this](bool cancelled) {
        if (!cancelled) measureShift();  // the run went on meanwhile: measure where it stands now
    });
    // Closing the dock's own × is leaving the lesson. Queued: the window may be going away (then so is this, and the
    // call with it), and a dock tabbed behind another is not closed.
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible || !isActive()) return;
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (isActive() && m_dock->isHidden() && m_win->isVisible()) leave();
            },
            Qt::QueuedConnection);
    });
    buildMenu();
}

void LessonMode::buildMenu() {
    QMenu* menu = m_win->menuBar()->addMenu(tr("&Lessons"));
    menu->setObjectName("lessonsMenu");
    QAction* browse = menu->addAction(tr("&Lesson browser…"), this, &LessonMode::openBrowser);
    browse->setObjectName("lessonBrowserAction");
    browse->setShortcut(Qt::CTRL | Qt::Key_L);
    browse->setToolTip(tr("Choose a lesson; ticks show what you have done (Ctrl+L)"));
    m_leaveAct = menu->addAction(tr("Leave the lesson"), this, &LessonMode::leave);
    m_leaveAct->setEnabled(false);
    menu->addSeparator();
    QString chapter;
    for (const lessons::Lesson& l : m_library.lessons) {
        if (l.chapter != chapter) {
            chapter = l.chapter;
            menu->addSection(chapter);
        }
        const QString id = l.id;
        menu->addAction(l.title, this, [this, id] { start(id, -1); })->setToolTip(l.summary);
    }
}

bool LessonMode::start(const QString& id, int step) {
    const lessons::Lesson* lesson = m_library.find(id);
    if (!lesson) return false;
    if (step < 0) step = m_progress.lastStep(id);
    step = std::clamp(step, 0, int(lesson->steps.size()) - 1);
    const bool entering = !isActive();
    m_lesson = lesson;
    m_leaveAct->setEnabled(true);
    m_host->updateTitle();
    m_dock->show();
    m_dock->raise();
    if (entering && !m_dock->isFloating()) {  // the lesson is what the student reads: most of its column
        m_win->resizeDocks({m_dock}, {std::max(380, m_win->width() / 4)}, Qt::Horizontal);
        m_win->resizeDocks({m_dock}, {m_win->height() * 2 / 3}, Qt::Vertical);
    }
    if (!entering) {
        applyStep(step, true);
        return true;
    }
    // Keep the user's project (with its trained weights) aside before the lesson replaces it.
    m_userModified = m_session->document()->isModified();
    m_user.reset();
    m_waitingForCapture = true;
    m_step = step;
    m_session->setLesson(true, nullptr);
    m_session->capture([this](const Project& p) {
        m_user = p;
        m_session->setLesson(true, &*m_user);
        m_waitingForCapture = false;
        if (isActive()) applyStep(m_step, true);
    });
    return true;
}

void LessonMode::next() {
    if (!isActive()) return;
    if (m_step + 1 >= int(m_lesson->steps.size())) {
        leave();
        openBrowser();
        return;
    }
    applyStep(m_step + 1, false);
}

void LessonMode::back() {
    if (isActive() && m_step > 0) applyStep(m_step - 1, true);
}

void LessonMode::goToStep(int index) {
    if (isActive() && index >= 0 && index < int(m_lesson->steps.size())) applyStep(index, true);
}

void LessonMode::restartStep() {
    if (isActive()) applyStep(m_step, true);
}

void LessonMode::applyStep(int index, bool rebuild) {
    if (m_waitingForCapture) {  // the user's project is not safe yet: the step applies when it is
        m_step = index;
        return;
    }
    const lessons::LessonStep& step = m_lesson->steps[std::size_t(index)];
    closeOpenedTool();
    m_host->playAction()->setChecked(false);
    m_step = index;
    m_error.clear();
    m_lockedIn = -1;
    m_epochBase = m_session->last().epoch;  // a step that keeps the run counts its epochs from here
    m_revealed = false;
    m_reachedHere = false;
    m_shifted = std::nan("");
    m_shiftStep = -1;
    m_done = m_progress.doneSteps(m_lesson->id).contains(index);
    m_states.clear();
    // The setup in force: this step's, or (jumping in, going back, restarting) the last one before it.
    const lessons::LessonStep* setupStep = step.buildsProject() ? &step : nullptr;
    for (int i = index; rebuild && !setupStep && i >= 0; --i)
        if (m_lesson->steps[std::size_t(i)].buildsProject()) setupStep = &m_lesson->steps[std::size_t(i)];
    m_panel->showStep(*m_lesson, index, m_done);
    if (setupStep) {
        const std::optional<Project> p = lessonProject(setupStep->setup, &m_error);
        if (!p) {
            m_panel->showError(m_error);
        } else {
            Project project = *p;
            project.title = m_lesson->title;
            m_minGeneration = m_session->last().generation + 1;
            m_epochBase = 0;
            load(project);
        }
    }
    // Where the step begins, for "changed" goals: the project as it is now (a rebuilt step's, already loaded).
    m_start = lessonGoalInput({}, m_session->project().network, {}, m_session->project());
    m_host->setHiddenControls("lesson", step.hide);
    m_host->setLockedControls("lesson", step.lock);
    // A page of a tab widget (the image workspace's "numbers", "gallery"): its tab comes to the front.
    const auto toFront = [](QWidget* page) {
        for (QWidget* w = page; w && w->parentWidget(); w = w->parentWidget())
            if (auto* tabs = qobject_cast<QTabWidget*>(w->parentWidget()->parentWidget()); tabs && tabs->indexOf(w) >= 0)
                tabs->setCurrentWidget(w);
    };
    // A step that builds its project opens the image workspace on its first tab, the samples, as a new window does:
    // not on the page an earlier lesson left in front.
    if (setupStep && m_error.isEmpty()) toFront(m_host->controlWidget("gallery"));
    QWidget* target = step.point.isEmpty() ? nullptr : m_host->controlWidget(step.point);
    if (auto* d = qobject_cast<QDockWidget*>(target)) d->raise();
    toFront(target);
    m_spot->pointAt(target);
    static const QMap<QString, QString> tools{{"stepper", "stepThroughAction"},
                                              {"gradientCheck", "gradientCheckAction"},
                                              {"comparison", "comparisonAction"},
                                              {"landscape", "landscapeAction"},
                                              {"search", "hyperSearchAction"}};
    if (QAction* a = step.mode.isEmpty() ? nullptr : m_win->findChild<QAction*>(tools.value(step.mode))) {
        if (a->isCheckable()) {
            if (!a->isChecked()) a->trigger();
            m_openedTool = a;
        } else {
            a->trigger();
        }
    }
    if (const std::optional<RaceKind> kind = raceKindFromName(step.race))
        if (auto* race = m_win->findChild<StepComparison*>()) race->setKind(*kind);
    m_host->setTrainingSpeed(step.speed ? *step.speed : paceFor(step));
    if (step.play) m_host->playAction()->setChecked(true);
    m_progress.markVisited(m_lesson->id, index);
    emit stepApplied(index);
}

// A step without a speed of its own runs at a pace a class can follow: its deadline or its answer ("within 500
// epochs", "after 100 epochs") comes after about eight seconds of training, else the window's watchable default.
double LessonMode::paceFor(const lessons::LessonStep& step) const {
    long long epochs = 0;
    for (const lessons::Goal& g : step.goals) epochs = std::max<long long>(epochs, g.withinEpochs);
    if (step.question) epochs = std::max<long long>(epochs, step.question->revealAfterEpochs);
    if (epochs <= 0) return kWatchableSpeed;
    const engine::TrainSettings& t = m_session->project().training;
    const std::vector<char> isTest = testMaskOf(m_session->project(), m_session->data().data().size());
    const double n = double(std::count(isTest.begin(), isTest.end(), char(0)));
    const double perEpoch = t.mode == engine::UpdateMode::FullBatch ? 1.0
                            : t.mode == engine::UpdateMode::Online
                                ? std::max(1.0, n)
                                : std::max(1.0, std::ceil(n / std::max(1, t.batchSize)));
    return std::clamp(double(epochs) * perEpoch / 8.0, 1.0, 1000.0);
}

void LessonMode::closeOpenedTool() {
    if (QDockWidget* d = m_openedTool ? m_host->stepMode()->toolDock(m_openedTool) : nullptr) d->hide();  // F7-F9
    else if (m_openedTool && m_openedTool->isChecked()) m_openedTool->trigger();
    m_openedTool = nullptr;
}

void LessonMode::lockIn(int choice) {
    if (!isActive() || m_lockedIn >= 0 || choice < 0) return;
    const std::optional<lessons::Question>& q = m_lesson->steps[std::size_t(m_step)].question;
    if (!q || q->isNumeric()) return;
    m_lockedIn = choice;
    // The answer shows once the run has gone revealAfterEpochs further than where the student committed.
    m_lockEpoch = m_session->last().epoch;
    if (q->revealAfterEpochs > 0) {
        m_panel->setQuestionState(m_lockedIn, false, true);
        m_host->playAction()->setChecked(true);  // the run shows the answer
    } else {
        reveal();
    }
}

void LessonMode::checkNumber(const QString& typed) {
    if (!isActive() || m_revealed) return;
    const std::optional<lessons::Question>& q = m_lesson->steps[std::size_t(m_step)].question;
    if (!q || !q->isNumeric()) return;
    const std::optional<double> value = lessons::parseTypedNumber(typed);
    if (!value) {
        m_panel->setNumberFeedback(LessonPanel::NumberFeedback::NotANumber, typed.trimmed());
        return;
    }
    const int c = q->compare(*value);
    if (c != 0) {
        m_panel->setNumberFeedback(c < 0 ? LessonPanel::NumberFeedback::TooLow : LessonPanel::NumberFeedback::TooHigh,
                                   typed.trimmed());
        return;
    }
    m_revealed = true;
    m_panel->setNumberFeedback(LessonPanel::NumberFeedback::Right, typed.trimmed());
    if (m_lesson->steps[std::size_t(m_step)].goals.empty()) completeStep();
    emit answerRevealed(true);
}

void LessonMode::showAnswer() {
    if (!isActive() || m_revealed) return;
    const std::optional<lessons::Question>& q = m_lesson->steps[std::size_t(m_step)].question;
    if (!q || !q->isNumeric()) return;
    m_revealed = true;
    m_panel->setNumberFeedback(LessonPanel::NumberFeedback::Shown, {});
    if (m_lesson->steps[std::size_t(m_step)].goals.empty()) completeStep();
    emit answerRevealed(false);
}

void LessonMode::reveal() {
    const lessons::LessonStep& step = m_lesson->steps[std::size_t(m_step)];
    m_revealed = true;
    m_host->playAction()->setChecked(false);  // the run stops where the answer is: the text's epochs stay in view
    m_panel->setQuestionState(m_lockedIn, true, false);
    const bool right = m_lockedIn == step.question->answer;
    if (step.goals.empty()) completeStep();
    emit answerRevealed(right);
}

void LessonMode::onSnapshot() {
    if (!isActive() || m_step < 0 || m_waitingForCapture) return;
    const TrainingSnapshot& s = m_session->last();
    if (s.generation < m_minGeneration) return;  // still the previous network
    const lessons::LessonStep& step = m_lesson->steps[std::size_t(m_step)];
    // A reset (R) starts the counts again from 0; a run that blew up has shown what it will show.
    if (s.epoch < m_epochBase) m_epochBase = 0;
    if (step.question && !step.question->isNumeric() && m_lockedIn >= 0 && !m_revealed) {
        if (s.epoch < m_lockEpoch) m_lockEpoch = 0;
        if (s.epoch - m_lockEpoch >= step.question->revealAfterEpochs || s.diverged) reveal();
    }
    if (step.goals.empty() || m_reachedHere) return;  // reached: the ticks stay as they were, never "too late" after
    if (lessons::goalsUse(step.goals, "shiftedTestAccuracy")) measureShift();
    checkStepGoals(s);
}

void LessonMode::checkStepGoals(const TrainingSnapshot& s) {
    const lessons::LessonStep& step = m_lesson->steps[std::size_t(m_step)];
    engine::StepResult r;  // the snapshot's copy of where the run stands
    r.step = s.step;
    r.epoch = s.epoch;
    r.train = s.train;
    r.test = s.test;
    r.forwardPasses = s.forwardPasses;
    r.diverged = s.diverged;
    lessons::GoalInput in = lessonGoalInput(r, s.spec, s.params, m_session->project());
    in.padAnswer = m_padAnswer;
    in.epoch -= m_epochBase;  // "within N epochs" of this step
    // The latest measure of this network; a few times a second, so it may trail the run by a fraction of a second.
    if (m_shiftGeneration == s.generation) in.shiftedTestAccuracy = m_shifted;
    const lessons::GoalCheck check = lessons::checkGoals(step.goals, in, m_start ? &*m_start : nullptr);
    m_states = check.states;
    m_panel->setGoalStates(m_states, check.values, check.allMet);
    if (check.allMet) {
        m_reachedHere = true;
        m_host->showStatus(tr("Goal reached!"), 4000);
        completeStep();
    }
}

void LessonMode::setPadAnswer(int answer) {
    m_padAnswer = answer;
    onSnapshot();  // the student drew: the goals are checked again without waiting for the run
}

void LessonMode::measureShift() {
    if (!isActive() || m_waitingForCapture || m_reachedHere || m_shiftWorker->isRunning() || m_shiftTimer->isActive())
        return;
    if (!lessons::goalsUse(m_lesson->steps[std::size_t(m_step)].goals, "shiftedTestAccuracy")) return;
    const std::shared_ptr<const TrainingSnapshot> s = m_session->lastShared();
    if (!s || s->generation < m_minGeneration || s->params.size() == 0) return;
    if (s->generation == m_shiftGeneration && s->step == m_shiftStep) return;  // measured already
    if (m_shiftClock.isValid() && m_shiftClock.elapsed() < kShiftInterval) {
        m_shiftTimer->start(int(kShiftInterval - m_shiftClock.elapsed()));
        return;
    }
    m_shiftClock.start();
    // The job gets copies: the test pictures of the split in force, and the snapshot it measures (shared, read-only).
    const engine::Dataset& all = m_session->data().data();
    const std::vector<char>& isTest = m_session->testMask();
    std::vector<engine::Index> idx;
    for (std::size_t i = 0; i < isTest.size() && engine::Index(i) < all.size(); ++i)
        if (isTest[i]) idx.push_back(engine::Index(i));
    auto test = std::make_shared<const engine::Dataset>(all.subset(idx));
    m_shiftWorker->start([this, s, test](const BackgroundWorker::Context& ctx) {
        const double v = shiftedTestAccuracy(s->spec, s->params, *test, s->inputStd);
        ctx.post([this, s, v] {
            m_shifted = v;
            m_shiftGeneration = s->generation;
            m_shiftStep = s->step;
            if (isActive() && !m_reachedHere && m_session->last().generation == s->generation)
                checkStepGoals(m_session->last());
        });
    });
}

void LessonMode::completeStep() {
    if (m_done) return;  // a step is done once (the browser's tick stays)
    m_done = true;
    m_progress.markDone(m_lesson->id, m_step);
    m_panel->setStepDone(true);
    emit stepCompleted(m_step);
}

void LessonMode::leave() {
    if (!isActive()) return;
    m_shiftWorker->cancel();
    m_shiftTimer->stop();
    closeOpenedTool();
    m_host->playAction()->setChecked(false);
    m_lesson = nullptr;
    m_session->setLesson(false, nullptr);
    m_leaveAct->setEnabled(false);
    m_host->updateTitle();
    m_host->setHiddenControls("lesson", {});
    m_host->setLockedControls("lesson", {});
    m_spot->pointAt(nullptr);
    if (m_user) {
        load(*m_user);
        // Back as it was: unsaved changes stay unsaved, a saved project is not marked changed by the lesson's runs.
        if (m_userModified) m_session->document()->markModified();
        else m_session->document()->markUnmodified();
    }
    m_user.reset();
    m_waitingForCapture = false;
    m_dock->hide();
    emit left();
}

void LessonMode::load(const Project& project) {
    QString error;
    if (!m_session->loadProject(project, &error)) QMessageBox::warning(m_win, tr("Cannot load the data"), error);
}

void LessonMode::openBrowser() {
    auto* browser = new LessonBrowser(m_library, m_win);
    browser->setAttribute(Qt::WA_DeleteOnClose);
    connect(browser, &LessonBrowser::startRequested, this, [this](const QString& id, int step) { start(id, step); });
    browser->open();
}

}  // namespace app
