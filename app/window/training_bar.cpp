// The training toolbar and menu (Play, Step, Epoch, Reset, New seed, the search, the epoch counter, the speed slider,
// Undo and Redo) and the status bar's figures. It sends requests to the session's training thread and shows each
// snapshot's numbers; no action waits for training.
#include "app/window/training_bar.h"
#include "app/window/steady_width.h"
#include "app/window/window_host.h"
#include <QAbstractButton>
#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMainWindow>
#include <QMenuBar>
#include <QSlider>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QUndoStack>
#include <cmath>

namespace app {
namespace {
// Speed slider positions: updates per second (0 = as fast as the machine goes). The window starts at a pace a class
// can watch (kWatchableSpeed): at full speed XOR runs 100,000 epochs in two seconds and the curves are a spike.
constexpr double kSpeeds[] = {1, 2, 5, 10, 30, 100, 300, 1000, 0};
constexpr int kSpeedCount = int(std::size(kSpeeds));
constexpr int kDefaultSpeedIndex = 6;
static_assert(kSpeeds[kDefaultSpeedIndex] == kWatchableSpeed);

QString speedText(double s) {
    if (s <= 0) return QObject::tr("Full speed");
    return s == 1 ? QObject::tr("1 step/s") : QObject::tr("%1 steps/s").arg(s);
}

QString fmt(double v) {
    if (!std::isfinite(v)) return "—";
    if (std::abs(v) >= 1e6) return QString::number(v, 'g', 4);  // a diverging loss: 3.1e+47, not fifty digits
    return QString::number(v, 'f', std::abs(v) < 0.001 && v != 0 ? 6 : 4);
}
}  // namespace

TrainingBar::TrainingBar(Session* session, QMainWindow* window, std::function<void()> openSearch)
    : QObject(window), m_session(session), m_window(window) {
    QToolBar* tb = m_window->addToolBar(tr("Training"));
    tb->setObjectName("trainingToolbar");
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QMenu* train = m_window->menuBar()->addMenu(tr("&Training"));

    m_playAct = new QAction(m_window->style()->standardIcon(QStyle::SP_MediaPlay), tr("Play"), m_window);
    m_playAct->setObjectName("playAction");
    m_playAct->setShortcut(Qt::Key_Space);
    m_playAct->setCheckable(true);
    m_playAct->setToolTip(tr("Train continuously (Space). Press again to pause."));
    connect(m_playAct, &QAction::toggled, this, [this](bool on) {
        m_session->thread().setPlaying(on);
        updatePlayState(on);
    });
    auto* stepAct = new QAction(m_window->style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Step"), m_window);
    stepAct->setObjectName("stepAction");
    stepAct->setShortcut(Qt::Key_Right);
    stepAct->setToolTip(tr("One update on one batch (→)"));
    connect(stepAct, &QAction::triggered, &m_session->thread(), &TrainingThread::stepBatch);
    auto* epochAct = new QAction(m_window->style()->standardIcon(QStyle::SP_MediaSkipForward), tr("Epoch"), m_window);
    epochAct->setObjectName("epochAction");
    epochAct->setShortcut(Qt::SHIFT | Qt::Key_Right);
    epochAct->setToolTip(tr("One whole pass over the training data (Shift+→)"));
    connect(epochAct, &QAction::triggered, &m_session->thread(), &TrainingThread::stepEpoch);
    m_resetAct = new QAction(m_window->style()->standardIcon(QStyle::SP_BrowserReload), tr("Reset"), m_window);
    m_resetAct->setObjectName("resetAction");
    m_resetAct->setShortcut(Qt::Key_R);
    m_resetAct->setToolTip(tr("Back to the same initial weights (R)"));
    connect(m_resetAct, &QAction::triggered, &m_session->thread(), &TrainingThread::reset);
    auto* seedAct = new QAction(m_window->style()->standardIcon(QStyle::SP_DialogResetButton), tr("New seed"),
                                m_window);
    seedAct->setToolTip(tr("New random initial weights (Shift+R)"));
    seedAct->setObjectName("seedAction");
    seedAct->setShortcut(Qt::SHIFT | Qt::Key_R);
    connect(seedAct, &QAction::triggered, m_session, &Session::newSeed);
    for (QAction* a : {m_playAct, stepAct, epochAct, m_resetAct, seedAct}) {
        tb->addAction(a);
        train->addAction(a);
    }
    keepWidestText(qobject_cast<QAbstractButton*>(tb->widgetForAction(m_playAct)), {tr("Play"), tr("Pause")});
    train->addSeparator();
    QAction* searchAct = train->addAction(tr("&Hyperparameter search…"), this, [openSearch] { openSearch(); });
    searchAct->setObjectName("hyperSearchAction");
    searchAct->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_H);
    searchAct->setToolTip(tr("Train many copies in the background over a grid of learning rates and widths, then load "
                             "the best (Ctrl+Shift+H)"));
    tb->addSeparator();
    // The epoch, large enough to read from the back of a classroom (TensorFlow Playground shows it the same way).
    m_epochCounter = new QLabel(tb);
    m_epochCounter->setObjectName("epochCounter");
    m_epochCounter->setToolTip(tr("Epochs: passes over the training data"));
    QFont big = m_epochCounter->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_epochCounter->setFont(big);
    m_epochCounter->setContentsMargins(8, 0, 8, 0);
    // Wide enough for "Epoch 1,000,000" from the start: the toolbar never reflows as the number grows.
    m_epochCounter->setMinimumWidth(QFontMetrics(big).horizontalAdvance(tr("Epoch %1").arg("8,888,888")) + 16);
    m_epochCounter->setText(tr("Epoch %1").arg(0));
    tb->addWidget(m_epochCounter);
    tb->addSeparator();
    auto* speedBox = new QWidget(tb);
    speedBox->setObjectName("speedControl");
    auto* sl = new QHBoxLayout(speedBox);
    sl->setContentsMargins(6, 0, 6, 0);
    sl->addWidget(new QLabel(tr("Speed"), speedBox));
    m_speed = new QSlider(Qt::Horizontal, speedBox);
    m_speed->setObjectName("speedSlider");
    m_speed->setRange(0, kSpeedCount - 1);
    m_speed->setValue(kDefaultSpeedIndex);
    m_session->thread().setSpeed(kWatchableSpeed);
    m_speed->setFixedWidth(140);
    m_speed->setToolTip(tr("From slow motion (1 update a second, to watch every step) to full speed"));
    m_speedLabel = new QLabel(speedText(kWatchableSpeed), speedBox);
    m_speedLabel->setObjectName("speedLabel");
    m_speedLabel->setMinimumWidth(90);
    sl->addWidget(m_speed);
    sl->addWidget(m_speedLabel);
    tb->addWidget(speedBox);
    connect(m_speed, &QSlider::valueChanged, this, [this](int v) {
        m_session->thread().setSpeed(kSpeeds[v]);
        m_speedLabel->setText(speedText(kSpeeds[v]));
    });
    tb->addSeparator();
    QAction* undoTb = tb->addAction(m_window->style()->standardIcon(QStyle::SP_ArrowBack), tr("Undo"),
                                    m_session->undoStack(), &QUndoStack::undo);
    undoTb->setToolTip(tr("Undo the last edit (Ctrl+Z)"));
    QAction* redoTb = tb->addAction(m_window->style()->standardIcon(QStyle::SP_ArrowForward), tr("Redo"),
                                    m_session->undoStack(), &QUndoStack::redo);
    redoTb->setToolTip(tr("Redo (Ctrl+Shift+Z)"));
    connect(m_session->undoStack(), &QUndoStack::canUndoChanged, undoTb, &QAction::setEnabled);
    connect(m_session->undoStack(), &QUndoStack::canRedoChanged, redoTb, &QAction::setEnabled);
    undoTb->setEnabled(false);
    redoTb->setEnabled(false);

    buildStatusBar();
}

void TrainingBar::setTrainingSpeed(double stepsPerSecond) {
    int best = kSpeedCount - 1;  // full speed
    if (stepsPerSecond > 0)
        for (int i = 0; i + 1 < kSpeedCount; ++i)
            if (best == kSpeedCount - 1 ||
                std::abs(std::log(kSpeeds[i] / stepsPerSecond)) < std::abs(std::log(kSpeeds[best] / stepsPerSecond)))
                best = i;
    m_speed->setValue(best);
}

int TrainingBar::speedPosition() const { return m_speed->value(); }
void TrainingBar::setSpeedPosition(int position) { m_speed->setValue(position); }

void TrainingBar::buildStatusBar() {
    auto label = [this](const QString& tip) {
        auto* l = new QLabel(m_window);
        l->setToolTip(tip);
        l->setMinimumWidth(120);
        m_window->statusBar()->addPermanentWidget(l);
        return l;
    };
    m_epochLabel = label(tr("Epochs (passes over the training data) and updates (steps)"));
    m_epochLabel->setObjectName("epochLabel");
    m_lossLabel = label(tr("Loss on the training and test data"));
    m_lossLabel->setObjectName("lossLabel");
    m_accLabel = label(tr("Accuracy (classification) or R² (regression) on the training and test data"));
    m_accLabel->setObjectName("accuracyLabel");
    m_rateLabel = label(tr("Updates per second the training thread reaches"));
    m_rateLabel->setObjectName("rateLabel");
}

void TrainingBar::updatePlayState(bool playing) {
    // Called on every snapshot: a new icon each time relaid out the toolbar 30 times a second.
    if (m_playAct->isChecked() == playing && m_playAct->text() == (playing ? tr("Pause") : tr("Play"))) return;
    const QSignalBlocker block(m_playAct);
    m_playAct->setChecked(playing);
    m_playAct->setText(playing ? tr("Pause") : tr("Play"));
    m_playAct->setIcon(m_window->style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void TrainingBar::show(const TrainingSnapshot& s) {
    auto setText = [](QLabel* l, const QString& t) {
        if (l->text() != t) l->setText(t);  // an unchanged label costs nothing
    };
    setText(m_epochLabel, tr("Epoch %1 · step %2").arg(s.epoch).arg(s.step));
    setText(m_epochCounter, tr("Epoch %1").arg(QLocale(QLocale::English).toString(s.epoch)));
    // No test split (a lesson's four-point truth table): "—", not a test score of 0.
    const bool hasTest = m_session->hasTestData();
    auto test = [hasTest](double v) { return hasTest ? fmt(v) : QStringLiteral("—"); };
    setText(m_lossLabel, tr("Loss %1 / test %2").arg(fmt(s.train.loss), test(s.test.loss)));
    setText(m_accLabel, m_session->regression()
                            ? tr("R² %1 / test %2").arg(fmt(s.train.r2), test(s.test.r2))
                            : tr("Accuracy %1 / test %2").arg(fmt(s.train.accuracy), test(s.test.accuracy)));
    setText(m_rateLabel, s.running ? tr("%1 steps/s").arg(QString::number(s.stepsPerSecond, 'f', 0)) : tr("paused"));
    if (!s.message.isEmpty()) m_window->statusBar()->showMessage(s.message, 6000);
    updatePlayState(s.running);
}

}  // namespace app
