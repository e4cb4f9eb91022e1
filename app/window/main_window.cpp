#include "engine/split.h"
#include "app/window/main_window.h"
#include "app/session/network_commands.h"
#include "app/panels/data_panel.h"
#include "app/session/document_controller.h"
#include "app/media/gif_recorder.h"
#include "app/panels/hyper_search_dialog.h"
#include "app/training/frame_renderer.h"
#include "app/document/presets.h"
#include "app/document/project_data.h"
#include "app/window/control_states.h"
#include "app/window/conv_arithmetic_dialog.h"
#include "app/window/file_menu.h"
#include "app/window/help_menu.h"
#include "app/window/image_workspace.h"
#include "app/window/network_dock.h"
#include "app/window/result_views.h"
#include "app/window/training_bar.h"
#include <QAbstractButton>
#include "app/document/project_file.h"
#include "app/stepper/step_mode.h"
#include "app/classroom/lesson_mode.h"
#include "app/classroom/presenter.h"
#include "app/panels/training_panel.h"
#include "app/window/wheel_guard.h"
#include "widgets/loss_chart.h"
#include "widgets/function_view.h"
#include "widgets/metrics_view.h"
#include "widgets/network_view.h"
#include "widgets/output_view.h"
#include "widgets/weight_heatmap.h"
#include <QAction>
#include <cmath>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QRandomGenerator>
#include <QSettings>
#include <QSlider>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QScreen>
#include <QUndoStack>
#include <QVBoxLayout>

namespace app {
namespace {
// Saved dock layouts of another version are ignored (the docks changed).
constexpr int kLayoutVersion = 3;
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_session(new Session(this)) {
    setWindowTitle(tr("NN Lab"));
    m_central = new QStackedWidget(this);
    m_central->setObjectName("centralViews");
    m_output = new widgets::OutputView(m_central);
    m_output->setObjectName("outputView");
    m_function = new widgets::FunctionView(m_output);  // over the graph of a 1-D regression: each neuron's share
    m_images = new ImageWorkspace(m_session, m_central);
    m_central->addWidget(m_output);
    m_central->addWidget(m_images);
    setCentralWidget(m_central);
    buildDocks();
    buildActions();
    m_controls = std::make_unique<ControlStates>(this, m_output, m_network, m_editor);
    Session* session = m_session;
    connect(session, &Session::snapshotArrived, this, &MainWindow::onSnapshot);  // the window draws first, then tools
    m_stepMode = new StepMode(m_session, this);  // its docks and actions, before the saved dock layout is restored
    m_presenter = new Presenter(m_session, this);
    m_lessons = new LessonMode(m_session, this);
    connect(m_images, &ImageWorkspace::padAnswerChanged, m_lessons, &LessonMode::setPadAnswer);
    addHelpMenu(this);  // last on the menu bar, after the tools' menus; the presenter adds its key map to it

    connect(session, &Session::message, this, [this](const QString& m, int ms) { statusBar()->showMessage(m, ms); });
    connect(session, &Session::problem, this,
            [this](const QString& title, const QString& text) { QMessageBox::warning(this, title, text); });
    connect(session, &Session::projectLoaded, this, &MainWindow::followProject);
    connect(session, &Session::dataChanged, this, &MainWindow::followData);
    auto followNetwork = [this] {
        m_trainingPanel->setNetwork(m_session->project().network, m_session->twoD());
        chooseCentralView();  // an image input makes the samples pictures
    };
    connect(session, &Session::trainingRebuilt, this, followNetwork);
    connect(session, &Session::networkEdited, this, [followNetwork](int changes) {
        if (changes & NetworkModel::Structure) followNetwork();
    });
    connect(session, &Session::settingsChanged, this,
            [this] { m_trainingPanel->setSettings(m_session->project().training); });
    connect(session, &Session::viewChanged, this, [this] {
        m_output->setRange(m_session->project().view.range);
        m_output->setShowTestData(m_session->project().view.showTestData);
    });

    connect(m_output, &widgets::OutputView::pointsAdded, this, [this](QVector<QPointF> pos, int label, double value) {
        m_session->push(new AddPointsCommand(&m_session->data(), pos, label, value, m_inStroke ? m_strokeId : -1,
                                             m_dataPanel->drawsIntoTest()));
    });
    connect(m_output, &widgets::OutputView::strokeStarted, this, [this] {
        m_inStroke = true;
        ++m_strokeId;
    });
    connect(m_output, &widgets::OutputView::strokeFinished, this, [this] { m_inStroke = false; });
    connect(m_output, &widgets::OutputView::pointsRemoved, this, [this](QVector<int> idx) {
        if (!idx.isEmpty()) m_session->push(new RemovePointsCommand(&m_session->data(), idx));
    });
    connect(m_output, &widgets::OutputView::pointsMoved, this, [this](QVector<int> idx, QPointF d) {
        if (!idx.isEmpty()) m_session->push(new MovePointsCommand(&m_session->data(), idx, d));
    });
    connect(m_output, &widgets::OutputView::classChosen, m_dataPanel, &DataPanel::setCurrentClass);
    // A neuron of the last hidden layer hovered on the diagram: its share of y(x) is drawn thick and named.
    connect(m_network, &widgets::NetworkView::neuronHovered, this, [this](int layer, int unit) {
        m_function->setHighlighted(layer == m_function->curves().layer ? unit : -1);
    });
    connect(m_metrics, &widgets::MetricsView::cellClicked, this, [this](int truth, int predicted) {
        if (m_central->currentWidget() == m_images) m_images->showConfusionCell(truth, predicted);
    });

    QSettings settings;
    resize(1400, 900);
    restoreGeometry(settings.value("window/geometry").toByteArray());
    // The docks' minimum sizes never push the window past the screen (a tool or a lesson grew it to 1569×1131 on a
    // 1000-pixel screen, Back/Next off-screen): the window keeps the size the person gave it and the docks share it.
    layout()->setSizeConstraint(QLayout::SetNoConstraint);
    fitToScreen();
    loadProject(preset("xor"));
    m_session->document()->documentCreated(m_session->project().title);
    if (!restoreState(settings.value("window/state").toByteArray(), kLayoutVersion)) {
        // First start: the side columns run the full height; the diagram sits above the output view.
        auto byName = [this](const char* n) { return findChild<QDockWidget*>(n); };
        resizeDocks({byName("dataDock"), byName("chartsDock")}, {300, 440}, Qt::Horizontal);
        resizeDocks({byName("networkDock")}, {300}, Qt::Vertical);
        resizeDocks({byName("chartsDock"), byName("metricsDock")}, {380, 420}, Qt::Vertical);
        byName("dataDock")->raise();  // the step-mode docks share its tabs, hidden: Data is the one in front
    }
    // Keys start on the plane (1-8 pick a class, Space plays), never in a text field where Space would type.
    m_output->setFocus(Qt::OtherFocusReason);
}

MainWindow::~MainWindow() {
    // The tools read the session and the window from their slots; ~QWidget hides the docks afterwards, which still
    // signals them. Delete them while everything is alive (AddressSanitizer found StepMode reading a freed project).
    delete m_lessons;
    m_lessons = nullptr;
    delete m_presenter;
    m_presenter = nullptr;
    delete m_stepMode;
    m_stepMode = nullptr;
}

// The document's name and its unsaved mark; during a lesson the lesson's name (the user's project waits aside).
void MainWindow::updateTitle() {
    if (m_lessons && m_lessons->isActive() && m_lessons->lesson())
        setWindowTitle(tr("Lesson: %1 — NN Lab").arg(m_lessons->lesson()->title));
    else setWindowTitle(m_session->document()->windowTitle());
}

void MainWindow::fitToScreen() {
    const QScreen* s = screen();
    if (!s || isMaximized() || isFullScreen()) return;
    const QRect area = s->availableGeometry();
    const QMargins frame = frameGeometry().isValid() && isVisible()
                               ? QMargins(geometry().left() - frameGeometry().left(),
                                          geometry().top() - frameGeometry().top(),
                                          frameGeometry().right() - geometry().right(),
                                          frameGeometry().bottom() - geometry().bottom())
                               : QMargins();
    const QSize room = area.size() - QSize(frame.left() + frame.right(), frame.top() + frame.bottom());
    if (width() <= room.width() && height() <= room.height()) return;
    resize(std::min(width(), room.width()), std::min(height(), room.height()));
    move(area.topLeft() + QPoint(frame.left(), frame.top()));
}

void MainWindow::showEvent(QShowEvent* e) {
    QMainWindow::showEvent(e);
    if (!m_fittedOnce) {  // once shown, the frame is known: fit it with its frame
        m_fittedOnce = true;
        QTimer::singleShot(0, this, &MainWindow::fitToScreen);
    }
}

void MainWindow::buildDocks() {
    setDockNestingEnabled(true);
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    auto dock = [this](const QString& title, const QString& name, QWidget* w, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    m_dataPanel = new DataPanel(this);
    auto* dataDock = dock(tr("Data"), "dataDock", m_dataPanel, Qt::LeftDockWidgetArea);
    m_trainingPanel = new TrainingPanel(this);
    auto* trainDock = dock(tr("Training"), "trainingDock", m_trainingPanel, Qt::LeftDockWidgetArea);
    tabifyDockWidget(dataDock, trainDock);
    dataDock->raise();
    guardWheel(m_dataPanel);  // the wheel scrolls the panels, it never turns a control the pointer passes over
    guardWheel(m_trainingPanel);
    connect(m_trainingPanel, &TrainingPanel::note, this,
            [this](const QString& n) { statusBar()->showMessage(n, 8000); });

    m_netDock = new NetworkDock(m_session, m_output, this);
    connect(m_netDock, &NetworkDock::status, this, &MainWindow::showStatus);
    m_network = m_netDock->networkView();
    m_editor = m_netDock->editor();
    dock(tr("Network"), "networkDock", m_netDock, Qt::TopDockWidgetArea);

    m_results = new ResultViews(m_session, this);
    m_loss = m_results->lossChart();
    m_accuracy = m_results->accuracyChart();
    m_metrics = m_results->metrics();
    m_weights = m_results->weightMap();
    auto* chartDock = dock(tr("Charts"), "chartsDock", m_results->charts(), Qt::RightDockWidgetArea);
    auto* metricsDock = dock(tr("Metrics"), "metricsDock", m_metrics, Qt::RightDockWidgetArea);
    splitDockWidget(chartDock, metricsDock, Qt::Vertical);
    auto* weightsDock = dock(tr("Weights"), "weightsDock", m_results->weights(), Qt::RightDockWidgetArea);
    tabifyDockWidget(metricsDock, weightsDock);
    metricsDock->raise();

    connect(m_dataPanel, &DataPanel::generateRequested, m_session, &Session::generate);
    connect(m_dataPanel, &DataPanel::bundledRequested, m_session, &Session::loadBundled);
    connect(m_dataPanel, &DataPanel::toolChosen, m_output, &widgets::OutputView::setTool);
    connect(m_dataPanel, &DataPanel::classChosen, m_output, &widgets::OutputView::setCurrentClass);
    connect(m_dataPanel, &DataPanel::valueChosen, m_output, &widgets::OutputView::setCurrentValue);
    connect(m_dataPanel, &DataPanel::clearRequested, m_session, &Session::clearData);
    connect(m_dataPanel, &DataPanel::trainRatioChanged, m_session, &Session::setTrainRatio);
    connect(m_dataPanel, &DataPanel::showTestDataChanged, m_session, &Session::setShowTestData);
    connect(m_dataPanel, &DataPanel::discretizeChanged, m_session, &Session::setDiscretize);
    connect(m_trainingPanel, &TrainingPanel::settingsChanged, m_session, &Session::setSettings);
    connect(m_trainingPanel, &TrainingPanel::settingsChanged, this, [this] { m_images->followSettings(); });
    connect(m_trainingPanel, &TrainingPanel::architectureChanged, m_session, &Session::setArchitecture);
}

void MainWindow::buildActions() {
    m_files = new FileMenu(m_session, this, {m_output, m_network, m_loss, m_accuracy, m_metrics, m_weights, m_images});

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_session->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_session->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)});
    edit->addAction(undo);
    edit->addAction(redo);

    m_bar = new TrainingBar(m_session, this, [this] { openHyperSearch(); });
    connect(m_bar->resetAction(), &QAction::triggered, m_results, &ResultViews::clearCharts);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName("viewMenu");
    for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
    view->addSeparator();
    addConvArithmeticAction(view, this);
}

void MainWindow::openHyperSearch() {
    if (m_search) {  // one search at a time: the machine's cores are few
        m_search->raise();
        m_search->activateWindow();
        return;
    }
    auto* dialog = new HyperSearchDialog(m_session->project(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_search = dialog;
    connect(dialog, &HyperSearchDialog::loadRequested, this, [this](const Project& p) {
        loadProject(p);
        m_session->document()->markModified();
        statusBar()->showMessage(tr("Loaded %1 with learning rate %2: press Play to train it.")
                                     .arg(QString::fromStdString(p.network.describe()))
                                     .arg(p.training.optimizer.learningRate),
                                 8000);
    });
    dialog->show();
}

void MainWindow::showStatus(const QString& text, int ms) { statusBar()->showMessage(text, ms); }
QLineEdit* MainWindow::architectureText() { return m_netDock->architectureText(); }
QLabel* MainWindow::equationLabel() { return m_netDock->equationLabel(); }
bool MainWindow::openFile(const QString& path) { return m_files->openFile(path); }
bool MainWindow::offerRecovery() { return m_files->offerRecovery(); }
void MainWindow::saveTo(const QString& path) { m_files->saveTo(path); }
int MainWindow::recordedFrames() const { return m_files->recordedFrames(); }
void MainWindow::setHiddenControls(const QString& owner, const QStringList& names) {
    m_controls->setHidden(owner, names);
}
void MainWindow::setLockedControls(const QString& owner, const QStringList& names) {
    m_controls->setLocked(owner, names);
}
QStringList MainWindow::hiddenControls(const QString& owner) const { return m_controls->hidden(owner); }
QSet<QObject*> MainWindow::hiddenNow() const { return m_controls->hiddenNow(); }
void MainWindow::applyControlStates() { m_controls->apply(); }
QWidget* MainWindow::controlWidget(const QString& name) { return m_controls->widget(name); }
QAction* MainWindow::playAction() { return m_bar->playAction(); }
QAction* MainWindow::resetAction() { return m_bar->resetAction(); }
int MainWindow::speedPosition() const { return m_bar->speedPosition(); }
void MainWindow::setSpeedPosition(int position) { m_bar->setSpeedPosition(position); }
void MainWindow::setTrainingSpeed(double stepsPerSecond) { m_bar->setTrainingSpeed(stepsPerSecond); }
void MainWindow::restyle() { m_dataPanel->restyleClassButtons(); }

void MainWindow::loadProject(const Project& project) {
    QString error;
    if (!m_session->loadProject(project, &error)) QMessageBox::warning(this, tr("Cannot open the project"), error);
}

// A whole new project: every panel and view follows it.
void MainWindow::followProject() {
    const Project& project = m_session->project();
    const engine::Dataset& data = m_session->data().data();
    m_dataPanel->setSource(project.data, project.trainRatio, project.splitSeed);
    m_dataPanel->setShowTestData(project.view.showTestData);
    m_dataPanel->setDiscretize(project.view.discretize);
    m_trainingPanel->setSettings(project.training);
    m_trainingPanel->setNetwork(project.network, data.inputDim() == 2);
    m_output->setRange(project.view.range);
    m_output->setShowTestData(project.view.showTestData);
    followData();
    setHiddenControls("project", project.view.hiddenControls);
}

// The samples changed (an edit, another set, a new split): the panels, the plane and the points follow.
void MainWindow::followData() {
    const engine::Dataset& d = m_session->data().data();
    m_dataPanel->setRegression(m_session->regression());
    m_dataPanel->followSource(m_session->data().source(), d);
    m_output->setTask(m_session->regression());
    m_output->setClassNames(m_session->classNames());
    showSplitCounts();
    refreshPoints();
    chooseCentralView();
}

void MainWindow::chooseCentralView() {
    const bool images = imageShapeOf(m_session->data().data(), m_session->project().network).has_value();
    QWidget* want = images ? static_cast<QWidget*>(m_images) : m_output;
    if (images) m_images->followData();
    if (m_central->currentWidget() != want) {
        const bool focused = m_central->currentWidget() && m_central->currentWidget()->hasFocus();
        m_central->setCurrentWidget(want);
        if (images) m_images->showSnapshot(m_session->last());
        if (focused) want->setFocus(Qt::OtherFocusReason);
    }
    m_metrics->setToolTip(images ? tr("Click a cell to see its samples in the Samples tab") : QString());
    m_trainingPanel->setPictures(images);
}

// A graph of y over x1: each neuron's share of it, from the snapshot's copy of the parameters (at snapshot rate).
void MainWindow::showFunctionCurves(const TrainingSnapshot& s) {
    if (!m_output->isCurveMode()) {
        if (!m_function->curves().empty()) m_function->setCurves({});
        return;
    }
    const double range = m_session->project().view.range;
    m_function->setCurves(
        widgets::functionCurves(s.spec, s.params, m_session->project().training.features, s.inputStd, -range, range));
}

void MainWindow::showSplitCounts() {
    const int test = int(std::count(m_session->testMask().begin(), m_session->testMask().end(), char(1)));
    m_dataPanel->setSplitCounts(int(m_session->testMask().size()) - test, test);
}

void MainWindow::refreshPoints() {
    const engine::Dataset& d = m_session->data().data();
    // Digits, iris, Fashion-MNIST: no plane to draw on or to click into (a click added an invisible sample).
    m_output->setNoPlaneMessage(
        d.inputDim() == 2 || d.size() == 0
            ? QString()
            : tr("Each sample here has %1 inputs, so there is no plane to draw it on or to add points to.\n\n"
                 "Watch it learn in the loss and accuracy charts, the confusion matrix and the network's weights.")
                  .arg(d.inputDim()));
    const std::vector<char> wrong = m_session->last().misclassified.size() == std::size_t(d.size())
                                        ? m_session->last().misclassified
                                        : std::vector<char>{};
    m_output->setPoints(plotPoints(d, m_session->testMask(), wrong));
}

void MainWindow::onSnapshot(const SharedSnapshot& shared) {
    const TrainingSnapshot& s = *shared;
    if (s.twoD) m_output->setBoundary(s.boundary, s.style);
    else m_output->setBoundary(QImage(), s.style);
    m_dataPanel->setCurveMode(m_output->isCurveMode());
    refreshPoints();
    showFunctionCurves(s);

    if (m_central->currentWidget() == m_images) m_images->showSnapshot(s);
    m_netDock->showSnapshot(s);
    m_results->showSnapshot(s);
    m_bar->show(s);
    if ((s.diverged || s.halted) && !s.message.isEmpty()) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Training stopped"), s.message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    m_files->recordFrame();
    emit snapshotShown();
}

void MainWindow::closeEvent(QCloseEvent* e) {
    m_lessons->leave();  // the user's own project and controls come back before saving and storing the layout
    if (!m_session->document()->maybeSave(this)) {
        e->ignore();
        return;
    }
    m_session->document()->closeDocument();
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState(kLayoutVersion));
    m_session->thread().pause();
    e->accept();
}

}  // namespace app
