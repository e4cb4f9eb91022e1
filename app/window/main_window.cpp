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
#include "app/window/training_bar.h"
#include <QAbstractButton>
#include "app/document/project_file.h"
#include "app/stepper/step_mode.h"
#include "app/classroom/lesson_mode.h"
#include "app/classroom/presenter.h"
#include "app/panels/training_panel.h"
#include "app/window/wheel_guard.h"
#include "widgets/loss_chart.h"
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
    m_output = new widgets::OutputView(this);
    m_output->setObjectName("outputView");
    setCentralWidget(m_output);
    buildDocks();
    buildEditor();
    buildActions();
    Session* session = m_session;
    connect(session, &Session::snapshotArrived, this, &MainWindow::onSnapshot);  // the window draws first, then tools
    m_stepMode = new StepMode(m_session, this);  // its docks and actions, before the saved dock layout is restored
    m_presenter = new Presenter(m_session, this);
    m_lessons = new LessonMode(m_session, this);

    connect(session, &Session::message, this, [this](const QString& m, int ms) { statusBar()->showMessage(m, ms); });
    connect(session, &Session::problem, this, [this](const QString& title, const QString& text) {
        QMessageBox::warning(this, title, text);
    });
    connect(session, &Session::projectLoaded, this, &MainWindow::followProject);
    connect(session, &Session::dataChanged, this, &MainWindow::followData);
    connect(session, &Session::trainingRebuilt, this, [this] {
        m_loss->clear();
        m_accuracy->clear();
        m_trainingPanel->setNetwork(m_session->project().network, m_session->twoD());
        followNetworkModel();
    });
    connect(session, &Session::settingsChanged, this, [this] { m_trainingPanel->setSettings(m_session->project().training); });
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
    else
        setWindowTitle(m_session->document()->windowTitle());
}

void MainWindow::fitToScreen() {
    const QScreen* s = screen();
    if (!s || isMaximized() || isFullScreen()) return;
    const QRect area = s->availableGeometry();
    const QMargins frame = frameGeometry().isValid() && isVisible()
                               ? QMargins(geometry().left() - frameGeometry().left(), geometry().top() - frameGeometry().top(),
                                          frameGeometry().right() - geometry().right(), frameGeometry().bottom() - geometry().bottom())
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
    connect(m_trainingPanel, &TrainingPanel::note, this, [this](const QString& n) { statusBar()->showMessage(n, 8000); });

    // The diagram, and under it the architecture as text and the selected neuron's formula.
    auto* netBox = new QWidget(this);
    auto* nl = new QVBoxLayout(netBox);
    nl->setContentsMargins(0, 0, 0, 2);
    nl->setSpacing(2);
    m_network = new widgets::NetworkView(netBox);
    m_network->setObjectName("networkView");
    nl->addWidget(m_network, 1);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(4, 0, 4, 0);
    m_archText = new QLineEdit(netBox);
    m_archText->setObjectName("architectureText");
    m_archText->setPlaceholderText(tr("e.g. 2-8-8-1 tanh, sigmoid out"));
    m_archText->setMinimumWidth(m_archText->fontMetrics().horizontalAdvance("2-8-8-1 tanh, sigmoid out, bce") + 16);
    m_equation = new QLabel(netBox);
    m_equation->setObjectName("neuronEquation");
    m_equation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_equation->setToolTip(tr("The selected neuron's formula with its live weights"));
    row->addWidget(new QLabel(tr("Architecture"), netBox));
    row->addWidget(m_archText, 2);
    row->addSpacing(12);
    row->addWidget(m_equation, 3);
    nl->addLayout(row);
    dock(tr("Network"), "networkDock", netBox, Qt::TopDockWidgetArea);

    auto* chartBox = new QWidget(this);
    auto* cl = new QVBoxLayout(chartBox);
    cl->setContentsMargins(2, 2, 2, 2);
    auto* charts = new QTabWidget(chartBox);
    m_loss = new widgets::LossChart(widgets::LossChart::Kind::Loss, charts);
    m_loss->setObjectName("lossChart");
    m_accuracy = new widgets::LossChart(widgets::LossChart::Kind::Accuracy, charts);
    charts->addTab(m_loss, tr("Loss"));
    charts->addTab(m_accuracy, tr("Accuracy"));
    auto* logScale = new QCheckBox(tr("Logarithmic loss axis"), chartBox);
    logScale->setToolTip(tr("Show the loss on a log scale: small losses late in training become visible (L)"));
    logScale->setShortcut(Qt::Key_L);
    connect(logScale, &QCheckBox::toggled, m_loss, &widgets::LossChart::setLogScale);
    cl->addWidget(charts, 1);
    cl->addWidget(logScale);
    auto* chartDock = dock(tr("Charts"), "chartsDock", chartBox, Qt::RightDockWidgetArea);
    m_metrics = new widgets::MetricsView(this);
    m_metrics->setTitle(tr("Test set"));
    auto* metricsDock = dock(tr("Metrics"), "metricsDock", m_metrics, Qt::RightDockWidgetArea);
    splitDockWidget(chartDock, metricsDock, Qt::Vertical);

    auto* weightsBox = new QWidget(this);
    auto* wl = new QVBoxLayout(weightsBox);
    wl->setContentsMargins(4, 4, 4, 4);
    m_weightLayer = new QComboBox(weightsBox);
    m_weightLayer->setToolTip(tr("Which layer's weight matrix to show: one row per neuron, one column per input."));
    m_weights = new widgets::WeightHeatmap(weightsBox);
    wl->addWidget(m_weightLayer);
    wl->addWidget(m_weights, 1);
    auto* weightsDock = dock(tr("Weights"), "weightsDock", weightsBox, Qt::RightDockWidgetArea);
    tabifyDockWidget(metricsDock, weightsDock);
    metricsDock->raise();
    connect(m_weightLayer, &QComboBox::currentIndexChanged, this, [this](int l) {
        if (l >= 0) m_weights->setLayer(l);
    });

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
    connect(m_trainingPanel, &TrainingPanel::architectureChanged, m_session, &Session::setArchitecture);
    connect(m_network, &widgets::NetworkView::neuronHovered, this, &MainWindow::onNeuronHovered);
    connect(m_network, &widgets::NetworkView::inputFeatureToggled, m_session, [this](int feature) {
        m_session->document()->markModified();  // not on the undo stack, but a change to save
        m_session->toggleInput(feature);
    });
}

void MainWindow::buildActions() {
    buildFileMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_session->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_session->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)});
    edit->addAction(undo);
    edit->addAction(redo);

    m_bar = new TrainingBar(m_session, this, [this] { openHyperSearch(); });
    connect(m_bar->resetAction(), &QAction::triggered, this, [this] {
        m_loss->clear();
        m_accuracy->clear();
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName("viewMenu");
    for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
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
                                     .arg(p.training.optimizer.learningRate), 8000);
    });
    dialog->show();
}

void MainWindow::showStatus(const QString& text, int ms) { statusBar()->showMessage(text, ms); }
QAction* MainWindow::playAction() { return m_bar->playAction(); }
QAction* MainWindow::resetAction() { return m_bar->resetAction(); }
int MainWindow::speedPosition() const { return m_bar->speedPosition(); }
void MainWindow::setSpeedPosition(int position) { m_bar->setSpeedPosition(position); }
void MainWindow::setTrainingSpeed(double stepsPerSecond) { m_bar->setTrainingSpeed(stepsPerSecond); }
void MainWindow::restyle() { m_dataPanel->restyleClassButtons(); }

void MainWindow::loadProject(const Project& project) {
    QString error;
    if (!m_session->loadProject(project, &error)) QMessageBox::warning(this, tr("Cannot load the data"), error);
}

// A whole new project: every panel and view follows it.
void MainWindow::followProject() {
    const Project& project = m_session->project();
    const engine::Dataset& data = m_session->data().data();
    m_loss->clear();
    m_accuracy->clear();
    m_dataPanel->setSource(project.data, project.trainRatio, project.splitSeed);
    m_dataPanel->setShowTestData(project.view.showTestData);
    m_dataPanel->setDiscretize(project.view.discretize);
    m_trainingPanel->setSettings(project.training);
    m_trainingPanel->setNetwork(project.network, data.inputDim() == 2);
    m_output->setRange(project.view.range);
    m_output->setShowTestData(project.view.showTestData);
    followData();
    followNetworkModel();
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
}

void MainWindow::showSplitCounts() {
    const int test = int(std::count(m_session->testMask().begin(), m_session->testMask().end(), char(1)));
    m_dataPanel->setSplitCounts(int(m_session->testMask().size()) - test, test);
}

void MainWindow::onNeuronHovered(int layer, int unit) {
    if (layer == -2 || m_session->last().neuronImages.isEmpty()) {
        m_output->setHoverImage(QImage());
        return;
    }
    const int idx = layer + 1;  // [0] = inputs
    if (idx < 0 || idx >= m_session->last().neuronImages.size() || unit < 0 || unit >= m_session->last().neuronImages[idx].size()) return;
    const QString what = layer < 0 ? tr("input %1").arg(QString::fromStdString(engine::featureLabel(engine::allFeatures()[std::size_t(unit)])))
                                   : tr("layer %1, neuron %2").arg(layer + 1).arg(unit + 1);
    m_output->setHoverImage(m_session->last().neuronImages[idx][unit], what);
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
    const std::vector<char> wrong = m_session->last().misclassified.size() == std::size_t(d.size()) ? m_session->last().misclassified
                                                                                          : std::vector<char>{};
    m_output->setPoints(plotPoints(d, m_session->testMask(), wrong));
}

// The diagram and the weight layers follow the snapshot's network whenever it differs from the one drawn (a new width
// with the same number of layers too: comparing with the project, already edited, missed those), or its inputs changed.
void MainWindow::showNetworkOf(const TrainingSnapshot& s) {
    QStringList labels;
    QVector<bool> active;
    const bool twoD = m_session->data().data().inputDim() == 2;
    if (twoD) {
        for (engine::Feature f : engine::allFeatures()) {
            labels << QString::fromStdString(engine::featureLabel(f));
            active << (std::find(m_session->project().training.features.begin(), m_session->project().training.features.end(), f) !=
                       m_session->project().training.features.end());
        }
    } else {
        labels = inputLabels(m_session->project(), m_session->data().data());
        active = QVector<bool>(labels.size(), true);
    }
    if (s.spec == m_network->spec() && labels == m_shownInputLabels && active == m_shownInputActive &&
        m_weightLayer->count() == int(s.spec.layers.size()))
        return;
    m_shownInputLabels = labels;
    m_shownInputActive = active;
    m_network->setNetwork(s.spec, labels, active, twoD);
    const QSignalBlocker block(m_weightLayer);
    m_weightLayer->clear();
    for (std::size_t l = 0; l < s.spec.layers.size(); ++l)
        m_weightLayer->addItem(l + 1 == s.spec.layers.size() ? tr("Output layer") : tr("Hidden layer %1").arg(l + 1));
}

void MainWindow::onSnapshot(const SharedSnapshot& shared) {
    const TrainingSnapshot& s = *shared;
    if (s.twoD) m_output->setBoundary(s.boundary, s.style);
    else m_output->setBoundary(QImage(), s.style);
    m_dataPanel->setCurveMode(m_output->isCurveMode());
    refreshPoints();

    showNetworkOf(s);
    if (s.params.size() == s.spec.parameterCount()) {
        m_network->setParameters(s.params, s.grads);
        if (s.spec == m_session->network().spec()) updateEquation();
        m_weights->setParameters(s.spec, s.params);
    }
    m_network->setNeuronImages(s.neuronImages);

    if (s.historyRestart) {
        if (qEnvironmentVariableIsSet("NNLAB_DEBUG")) qWarning("restart at step %lld with %zu points", s.step, s.newHistory.size());
        m_loss->clear();
        m_accuracy->clear();
    }
    if (!s.newHistory.empty()) {
        QVector<double> ep, tr, te, tra, tea;
        for (const HistoryPoint& h : s.newHistory) {
            ep << h.epoch;
            tr << h.trainLoss;
            te << h.testLoss;
            tra << h.trainAccuracy;
            tea << h.testAccuracy;
        }
        m_loss->appendPoints(ep, tr, te);
        if (m_session->data().data().task == engine::Task::Classification) m_accuracy->appendPoints(ep, tra, tea);
    }

    const bool regression = m_session->data().data().task == engine::Task::Regression;
    const engine::Metrics& shown = s.test.confusion.size() || regression ? s.test : s.train;
    // With no test split (a four-point truth table) the matrix is the training set's, and says so.
    const QString metricsTitle = &shown == &s.test ? tr("Test set") : tr("Training set");
    if (m_metrics->title() != metricsTitle) m_metrics->setTitle(metricsTitle);
    if (m_session->data().data().size() == 0) m_metrics->clear();  // no data, no score: not the last one's accuracy
    else if (regression) m_metrics->setRegression(s.test.r2, s.test.rmse);
    else if (shown.confusion.size()) m_metrics->setConfusion(shown.confusion, m_session->classNames());

    m_bar->show(s);
    if ((s.diverged || s.halted) && !s.message.isEmpty()) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Training stopped"), s.message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    if (m_recorder && m_recordTarget) m_recorder->grabFrame(m_recordTarget);
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
