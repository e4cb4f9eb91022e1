#include "app/stepper/step_mode.h"
#include "app/session/session.h"
#include "app/window/window_host.h"
#include "app/document/project_data.h"
#include "app/stepper/step_comparison.h"
#include "app/stepper/step_gradient_check.h"
#include "app/stepper/step_landscape.h"
#include "app/stepper/step_sample_marker.h"
#include "engine/trainer.h"
#include "widgets/network_view.h"
#include "widgets/output_view.h"
#include "widgets/stepper_overlay.h"
#include "widgets/stepper_panel.h"
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMouseEvent>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace app {
namespace {
// A sample's target (0 for classification): where a graph of a 1-D regression draws it.
double targetOf(const engine::Dataset& d, int i) {
    return d.task == engine::Task::Regression && d.targets.rows() > 0 ? d.targets(0, i) : 0.0;
}
}  // namespace

StepMode::StepMode(Session* session, WindowHost* host)
    : QObject(host->window()), m_session(session), m_host(host), m_window(host->window()) {
    QMainWindow* window = m_window;
    setObjectName("stepMode");
    auto* stepBox = new QWidget(window);
    auto* sl = new QVBoxLayout(stepBox);
    sl->setContentsMargins(4, 4, 4, 4);
    auto* row = new QHBoxLayout;
    auto* batchLabel = new QLabel(tr("One step on"), stepBox);
    m_batchBox = new QComboBox(stepBox);
    m_batchBox->addItems({tr("one sample"), tr("a mini-batch"), tr("the whole training set")});
    m_batchBox->setToolTip(tr("Which samples the step takes: one sample (online), a mini-batch of the training "
                              "settings' size starting at the chosen sample, or all of them (full batch). With more "
                              "than one, the panel shows each sample's gradient and their mean."));
    batchLabel->setBuddy(m_batchBox);
    m_apply = new QPushButton(tr("Apply this update"), stepBox);
    m_apply->setObjectName("applyUpdateButton");
    m_apply->setToolTip(tr("Give the network the new weights of this step and take the next one. The optimizer's "
                           "own state (momentum, Adam's moments) is not advanced."));
    row->addWidget(batchLabel);
    row->addWidget(m_batchBox, 1);
    row->addWidget(m_apply);
    sl->addLayout(row);
    m_panel = new widgets::StepperPanel(stepBox);
    m_panel->setObjectName("stepperPanel");
    sl->addWidget(m_panel, 1);
    m_stepDock = addDock(tr("Step through backprop"), "stepperDock", stepBox);

    m_check = new StepGradientCheck(this, window);
    m_checkDock = addDock(tr("Gradient check"), "gradientCheckDock", m_check);
    m_compare = new StepComparison(this, window);
    m_compareDock = addDock(tr("Compare learning algorithms"), "comparisonDock", m_compare);
    m_landscape = new StepLandscape(this, window);
    m_landscapeDock = addDock(tr("Loss landscape"), "landscapeDock", m_landscape);
    buildActions();

    connect(m_panel, &widgets::StepperPanel::stepChanged, this, &StepMode::onStepChanged);
    connect(m_panel, &widgets::StepperPanel::selectionChanged, this, [this](const engine::StepItem& item) {
        if (m_overlay) m_overlay->setSelection(item);
    });
    connect(m_panel, &widgets::StepperPanel::sampleStepRequested, this, [this](int direction) {
        if (!m_trainer) return;
        const int n = int(m_trainer->trainInputs().cols());
        pickTrainingColumn((m_column + direction + n) % std::max(1, n));
    });
    connect(m_batchBox, &QComboBox::activated, this, [this](int i) {
        m_batch = Batch(i);
        if (m_active && m_trainer) buildStep(false);
    });
    connect(m_apply, &QPushButton::clicked, this, [this] {
        const auto st = stepper();
        if (!st) return;
        m_restartNext = true;
        m_session->thread().setParameters(st->parametersAfter());  // the snapshot that follows rebuilds the step
        m_host->showStatus(tr("Applied the update: the next step starts from the new weights."), 5000);
    });
    connect(host->networkView(), &widgets::NetworkView::neuronClicked, this, [this](int layer, int unit) {
        // Only with a step to show: on a network the stepper cannot follow (convolutions) there is none.
        if (m_active && stepper()) m_panel->selectNeuron(layer, unit);
    });
    connect(&session->thread(), &TrainingThread::projectCaptured, this, [this](const Project& p) {
        if (m_captureWaiters.empty()) return;  // the window's own save asked for this one
        auto waiters = std::move(m_captureWaiters);
        m_captureWaiters.clear();
        for (auto& f : waiters) f(p);
    });
    connect(session, &Session::snapshotArrived, this, &StepMode::onSnapshot);
    // Closing the dock leaves step mode; a dock merely tabbed away stays in it.
    connect(m_stepDock, &QDockWidget::visibilityChanged, this, [this](bool) {
        if (m_active && m_stepDock->isHidden()) setActive(false);
    });
    // The diagram is coloured only while the check is in view, not while its tab sits behind another.
    connect(m_checkDock, &QDockWidget::visibilityChanged, this,
            [this](bool visible) { m_check->setOverlayShown(visible); });
    // A saved layout may bring a step-mode dock back; step mode itself never starts on its own.
    QTimer::singleShot(0, this, [this] {
        if (!m_active) m_stepDock->hide();
    });
}

StepMode::~StepMode() = default;

QDockWidget* StepMode::addDock(const QString& title, const QString& name, QWidget* content) {
    auto* d = new QDockWidget(title, m_window);
    d->setObjectName(name);
    d->setWidget(content);
    m_window->addDockWidget(Qt::LeftDockWidgetArea, d);
    // In the left column's tab group (its full height; drawing is off in step mode anyway), hidden until asked for:
    // the default window stays as it was.
    if (auto* data = m_window->findChild<QDockWidget*>("dataDock")) m_window->tabifyDockWidget(data, d);
    d->hide();
    return d;
}

void StepMode::buildActions() {
    QMenu* train = nullptr;
    QMenu* view = nullptr;
    for (QAction* a : m_window->menuBar()->actions()) {
        if (!a->menu()) continue;
        if (a->text() == tr("&Training")) train = a->menu();
        if (a->text() == tr("&View")) view = a->menu();
    }
    if (!train) train = m_window->menuBar()->addMenu(tr("&Training"));
    QToolBar* tb = m_window->findChild<QToolBar*>("trainingToolbar");

    m_stepAct = new QAction(tr("Step through backprop"), this);
    m_stepAct->setObjectName("stepThroughAction");
    m_stepAct->setCheckable(true);
    m_stepAct->setShortcut(Qt::Key_F6);
    m_stepAct->setToolTip(
        tr("Pause and follow one training step phase by phase: forward, loss, backward, update (F6). "
           "← → move through the phases, Space runs to the end, a click on a point picks the sample."));
    connect(m_stepAct, &QAction::toggled, this, &StepMode::setActive);

    m_checkAct = new QAction(tr("Gradient check"), this);
    m_checkAct->setObjectName("gradientCheckAction");
    m_checkAct->setShortcut(Qt::Key_F7);
    m_checkAct->setToolTip(tr("Compare backprop's gradient with finite differences for every weight (F7)"));
    bindTool(m_checkAct, m_checkDock, [this] { m_check->run(); });

    m_compareAct = new QAction(tr("Compare learning algorithms"), this);
    m_compareAct->setObjectName("comparisonAction");
    m_compareAct->setShortcut(Qt::Key_F8);
    m_compareAct->setToolTip(tr("Backprop, finite differences, random search (and the perceptron rule), or the "
                                "optimizers, from the same initial weights (F8)"));
    bindTool(m_compareAct, m_compareDock, [] {});

    m_landscapeAct = new QAction(tr("Loss landscape"), this);
    m_landscapeAct->setObjectName("landscapeAction");
    m_landscapeAct->setShortcut(Qt::Key_F9);
    m_landscapeAct->setToolTip(tr("The loss over two chosen weights, with the path training takes (F9)"));
    bindTool(m_landscapeAct, m_landscapeDock, [this] {
        if (!m_landscape->hasGrid()) m_landscape->compute();
    });

    train->addSeparator();
    for (QAction* a : {m_stepAct, m_checkAct, m_compareAct, m_landscapeAct}) train->addAction(a);
    if (tb) {
        tb->addSeparator();
        tb->addAction(m_stepAct);
    }
    if (view)
        for (QDockWidget* d : {m_checkDock, m_compareDock, m_landscapeDock}) view->addAction(d->toggleViewAction());
}

// F7, F8, F9: a press opens the tool's panel (or brings its tab to the front), a second press closes it; the action's
// tick follows the panel, closed by its own button too.
void StepMode::bindTool(QAction* action, QDockWidget* dock, std::function<void()> onOpen) {
    action->setCheckable(true);
    connect(action, &QAction::triggered, this, [this, action, dock, onOpen](bool checked) {
        if (!checked && !dock->isHidden() && !dock->isVisible()) {  // open, behind another tab: to the front
            const QSignalBlocker block(action);
            action->setChecked(true);
            dock->raise();
            return;
        }
        if (!checked) {
            dock->hide();
            return;
        }
        showDock(dock);
        onOpen();
    });
    connect(dock, &QDockWidget::visibilityChanged, action, [action, dock](bool) {
        const QSignalBlocker block(action);
        action->setChecked(!dock->isHidden());
    });
}

void StepMode::showDock(QDockWidget* dock) {
    dock->show();
    dock->raise();
    // The left column was sized for the data panel; formulas, tables and charts need more room.
    if (!dock->isFloating() && dock->width() < 560) m_window->resizeDocks({dock}, {600}, Qt::Horizontal);
}

widgets::NetworkView* StepMode::networkView() const { return m_host->networkView(); }

QVector<bool> StepMode::inputActive() const {
    QVector<bool> active;
    if (m_session->data().data().inputDim() != 2) return active;  // the diagram shows the raw inputs
    const auto& features = m_session->project().training.features;
    for (engine::Feature f : engine::allFeatures())
        active << (std::find(features.begin(), features.end(), f) != features.end());
    return active;
}

std::shared_ptr<engine::BackpropStepper> StepMode::stepper() const { return m_panel->stepper(); }
widgets::StepperOverlay* StepMode::overlay() const { return m_overlay; }

void StepMode::capture(std::function<void(const Project&)> done) {
    // Always asked: a thread with no trainer (a project that failed to load) answers nothing, and a later request must
    // not wait behind that one. Answers that find no waiter are ignored.
    m_captureWaiters.push_back(std::move(done));
    m_session->thread().requestCapture();
}

void StepMode::setActive(bool on) {
    if (on == m_active) return;
    m_active = on;
    {
        const QSignalBlocker block(m_stepAct);
        m_stepAct->setChecked(on);
    }
    if (on) {
        if (m_host->playAction()->isChecked()) m_host->playAction()->setChecked(false);  // pauses the thread
        m_session->thread().pause();
        silenceWindowKeys(true);
        m_batch = m_session->project().training.mode == engine::UpdateMode::Online      ? Batch::OneSample
                  : m_session->project().training.mode == engine::UpdateMode::FullBatch ? Batch::FullBatch
                                                                                        : Batch::MiniBatch;
        m_batchBox->setCurrentIndex(int(m_batch));
        showDock(m_stepDock);
        m_overlay = new widgets::StepperOverlay(m_host->networkView());
        m_overlay->setObjectName("stepperOverlay");
        m_overlay->setInputActive(inputActive());
        connect(m_overlay, &widgets::DiagramOverlay::linkClicked, m_panel, &widgets::StepperPanel::selectWeight);
        connect(m_overlay, &widgets::DiagramOverlay::biasClicked, m_panel, &widgets::StepperPanel::selectBias);
        m_marker = new StepSampleMarker(m_host->outputView());
        m_host->outputView()->installEventFilter(this);
        m_host->showStatus(tr("Step mode: click a point to follow it, ← → for the phases; F6 leaves."), 8000);
        // The diagram is the stage now: give it about half the height (given back on leaving).
        if (auto* net = m_window->findChild<QDockWidget*>("networkDock"); net && !net->isFloating()) {
            m_networkHeight = net->height();
            if (net->height() < m_window->height() / 2)
                m_window->resizeDocks({net}, {m_window->height() / 2}, Qt::Vertical);
        }
        m_column = std::max(0, m_column);
        requestStep();
    } else {
        silenceWindowKeys(false);
        m_host->outputView()->removeEventFilter(this);
        delete m_overlay;
        delete m_marker;
        m_panel->setStepper(nullptr);
        m_trainer.reset();
        m_columns.clear();
        m_stepCapturePending = false;
        m_apply->setEnabled(false);
        if (!m_stepDock->isHidden()) m_stepDock->hide();
        if (auto* net = m_window->findChild<QDockWidget*>("networkDock");
            net && m_networkHeight > 0 && !net->isFloating())
            m_window->resizeDocks({net}, {m_networkHeight}, Qt::Vertical);
        m_networkHeight = 0;
    }
}

// The window's own Space (play), → (one update) and Shift+→ (one epoch) would fight the panel's keys for the same
// presses (Qt fires neither on an ambiguous shortcut): they are lifted while the stepper is on, and given back after.
void StepMode::silenceWindowKeys(bool silence) {
    if (silence) {
        const QList<QKeySequence> taken{QKeySequence(Qt::Key_Space), QKeySequence(Qt::Key_Right),
                                        QKeySequence(Qt::SHIFT | Qt::Key_Right), QKeySequence(Qt::Key_Left),
                                        QKeySequence(Qt::Key_Home)};
        for (QAction* a : m_window->findChildren<QAction*>()) {
            if (a->parent() == this) continue;
            const QList<QKeySequence> keys = a->shortcuts();
            if (std::any_of(keys.begin(), keys.end(), [&](const QKeySequence& k) { return taken.contains(k); })) {
                m_silenced.push_back({a, keys});
                a->setShortcuts({});
            }
        }
    } else {
        for (auto& [action, keys] : m_silenced) action->setShortcuts(keys);
        m_silenced.clear();
    }
}

void StepMode::requestStep() {
    if (m_stepCapturePending) return;
    m_stepCapturePending = true;
    capture([this](const Project& p) { onStepCaptured(p); });
}

void StepMode::onStepCaptured(const Project& p) {
    m_stepCapturePending = false;
    if (!m_active) return;
    QString error;
    std::unique_ptr<engine::Trainer> t = makeTrainer(p, &error);
    if (!t) {
        m_host->showStatus(tr("Cannot step through this network: %1").arg(error), 8000);
        return;
    }
    m_trainer = std::move(t);
    const bool restart = m_restartNext;
    m_restartNext = false;
    buildStep(!restart);
}

std::vector<engine::Index> StepMode::columnsFor(int column) const {
    const auto n = engine::Index(m_trainer->trainInputs().cols());
    std::vector<engine::Index> cols;
    if (m_batch == Batch::OneSample) {
        cols.push_back(column);
    } else if (m_batch == Batch::FullBatch) {
        for (engine::Index k = 0; k < n; ++k) cols.push_back(k);
    } else {
        const engine::Index size = std::clamp<engine::Index>(m_trainer->settings().batchSize, 1, n);
        for (engine::Index k = 0; k < size; ++k) cols.push_back((column + k) % n);
    }
    return cols;
}

void StepMode::buildStep(bool keepPosition) {
    if (!m_trainer) return;
    const int n = int(m_trainer->trainInputs().cols());
    if (n == 0) {
        m_panel->setStepper(nullptr);
        m_columns.clear();
        m_host->showStatus(tr("There is no training data to step through."), 6000);
        return;
    }
    m_column = std::clamp(m_column, 0, n - 1);
    m_columns = columnsFor(m_column);
    const std::shared_ptr<engine::BackpropStepper> old = m_panel->stepper();
    std::shared_ptr<engine::BackpropStepper> st;
    try {
        st = std::make_shared<engine::BackpropStepper>(engine::BackpropStepper::fromTrainer(*m_trainer, m_columns));
    } catch (const std::exception& e) {
        m_host->showStatus(tr("Cannot step through this network: %1").arg(e.what()), 8000);
        return;
    }
    // Moving to another sample keeps the phase, so a class can watch the same phase for several samples.
    if (keepPosition && old && old->phaseCount() == st->phaseCount()) st->setPosition(old->position());
    const auto at = std::find(m_columns.begin(), m_columns.end(), engine::Index(m_column));
    st->setSample(int(at - m_columns.begin()));
    if (m_overlay) {
        m_overlay->setInputActive(inputActive());
        m_overlay->setStepper(st);
    }
    m_panel->setStepper(st);
    // The diagram draws neurons and single weights; map cells and kernel weights are picked and shown in the panel.
    if (!st->network().spec().isDenseOnly() && !(old && old->network().spec() == st->network().spec()))
        m_host->showStatus(tr("Convolution and pooling: pick a map cell and a kernel weight in the step panel; "
                              "their sums are written out there."),
                           8000);
    onStepChanged();
    emit stepReady();
}

void StepMode::pickTrainingColumn(int column) {
    if (!m_trainer) {
        m_column = column;
        return;
    }
    const int n = int(m_trainer->trainInputs().cols());
    if (n == 0) return;
    column = std::clamp(column, 0, n - 1);
    const auto at = std::find(m_columns.begin(), m_columns.end(), engine::Index(column));
    if (at != m_columns.end() && stepper()) {
        m_column = column;
        m_panel->setSample(int(at - m_columns.begin()));
        onStepChanged();
        return;
    }
    m_column = column;
    buildStep(true);
}

void StepMode::onStepChanged() {
    const auto st = stepper();
    if (st && st->sample() < int(m_columns.size())) m_column = int(m_columns[std::size_t(st->sample())]);
    m_apply->setEnabled(st && st->updateDone());
    if (m_overlay) m_overlay->refresh();
    updateMarker();
}

int StepMode::pointToColumn(int point) const {
    const std::vector<char>& isTest = m_session->testMask();
    if (point < 0 || point >= int(isTest.size()) || isTest[std::size_t(point)]) return -1;
    return int(std::count(isTest.begin(), isTest.begin() + point, char(0)));
}

int StepMode::columnToPoint(int column) const {
    const std::vector<char>& isTest = m_session->testMask();
    for (int i = 0, k = 0; i < int(isTest.size()); ++i)
        if (!isTest[std::size_t(i)] && k++ == column) return i;
    return -1;
}

void StepMode::updateMarker() {
    if (!m_marker) return;
    const engine::Dataset& d = m_session->data().data();
    const auto at = [&](int column) -> std::optional<QPointF> {
        const int i = columnToPoint(column);
        if (i < 0 || d.inputDim() != 2 || i >= d.size()) return std::nullopt;
        return m_host->outputView()->plotPosition(QPointF(d.X(0, i), d.X(1, i)), targetOf(d, i));  // where it is drawn
    };
    const std::optional<QPointF> current = stepper() ? at(m_column) : std::nullopt;
    if (!current) {
        m_marker->clear();
        return;
    }
    QVector<QPointF> batch;
    if (m_columns.size() > 1 && m_columns.size() <= 64)  // the whole set ringed says nothing
        for (engine::Index c : m_columns)
            if (int(c) != m_column)
                if (const auto p = at(int(c))) batch << *p;
    m_marker->setSamples(*current, batch);
}

// In step mode a click on the output view picks the nearest training point instead of drawing one.
bool StepMode::eventFilter(QObject* watched, QEvent* event) {
    if (!m_active || watched != m_host->outputView()) return QObject::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        const auto* me = static_cast<QMouseEvent*>(event);
        if (me->button() != Qt::LeftButton) return true;
        const engine::Dataset& d = m_session->data().data();
        if (d.inputDim() != 2) return true;
        widgets::OutputView* view = m_host->outputView();
        const double radius = std::max(14.0, view->plotRect().width() / 30.0);
        int best = -1;
        double bestDist = radius * radius;
        for (int i = 0; i < int(d.size()); ++i) {
            if (pointToColumn(i) < 0) continue;
            const QPointF q = view->toWidget(view->plotPosition(QPointF(d.X(0, i), d.X(1, i)), targetOf(d, i))) -
                              me->position();
            const double dist = q.x() * q.x() + q.y() * q.y();
            if (dist < bestDist) bestDist = dist, best = i;
        }
        if (best >= 0) pickTrainingColumn(pointToColumn(best));
        return true;
    }
    case QEvent::MouseButtonRelease:
    case QEvent::MouseButtonDblClick: return true;
    case QEvent::MouseMove: return static_cast<QMouseEvent*>(event)->buttons() != Qt::NoButton;
    default: return QObject::eventFilter(watched, event);
    }
}

void StepMode::onSnapshot(const SharedSnapshot& shared) {
    const TrainingSnapshot& s = *shared;
    m_landscape->addSnapshot(s, m_session->project().training);
    if (!m_active || s.running) return;
    // Training moved (a Step press, an applied update, a new network): the step is rebuilt from the new state.
    const auto st = stepper();
    if (!st || !(s.spec == st->network().spec()) || s.params.size() != st->parametersBefore().size() ||
        s.params != st->parametersBefore())
        requestStep();
}

QLabel* makeNoteLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    QPalette pal = label->palette();
    pal.setColor(QPalette::WindowText, QColor(80, 80, 80));
    label->setPalette(pal);
    return label;
}

}  // namespace app
