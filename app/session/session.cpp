#include "app/session/session.h"
#include "app/document/presets.h"
#include "app/document/project_data.h"
#include "app/session/document_controller.h"
#include "app/session/network_commands.h"
#include "engine/augment.h"
#include "engine/split.h"
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QUndoStack>
#include <algorithm>
#include <cmath>

namespace app {

Session::Session(QObject* parent) : QObject(parent), m_last(std::make_shared<TrainingSnapshot>()) {
    m_undo = new QUndoStack(this);
    m_doc = new DocumentController(m_undo, this);
    m_doc->setProjectProvider([this](DocumentController::ProjectCallback done) { capture(std::move(done)); });
    connect(&m_thread, &TrainingThread::snapshotReady, this, &Session::onSnapshot, Qt::QueuedConnection);
    connect(&m_thread, &TrainingThread::failed, this, [this](const QString& msg) {
        qWarning("nnlab: %s", qPrintable(msg));
        emit message(tr("Could not apply that: %1").arg(msg), 8000);
    });
    connect(&m_thread, &TrainingThread::projectCaptured, this, [this](const Project& p) {
        if (m_captureWaiting.empty()) return;  // somebody else's capture (step mode)
        Project full = p;
        full.view = m_project.view;
        full.title = m_project.title;
        full.mask = m_netModel.mask();  // the user's freezes and ablations are saved with the project
        auto waiting = std::move(m_captureWaiting);
        m_captureWaiting.clear();
        for (auto& done : waiting) done(full);
    });
    connect(&m_model, &DataModel::changed, this, &Session::onModelChanged);
    connect(&m_netModel, &NetworkModel::changed, this, &Session::onNetworkEdited);
}

Session::~Session() {
    // The undo stack is destroyed first and clears itself, which would look like "no unsaved changes" to the document
    // and remove the recovery file: a session that goes away without closing (a crash, a kill) keeps it.
    disconnect(m_undo, nullptr, m_doc, nullptr);
}

bool Session::hasTestData() const { return std::find(m_isTest.begin(), m_isTest.end(), char(1)) != m_isTest.end(); }

QStringList Session::classNames() const {
    QStringList names;
    for (const std::string& n : m_model.data().classNames) names << QString::fromStdString(n);
    return names;
}

bool Session::loadProject(const Project& project, QString* error) {
    const std::optional<engine::Dataset> data = projectDataset(project.data, error);
    if (!data) return false;
    m_project = project;
    {
        const QSignalBlocker block(&m_model);  // the thread gets the whole project below, not a data edit
        m_model.setSplit(project.trainRatio, project.splitSeed);
        m_model.setData(*data, project.data);
    }
    m_undo->clear();
    m_isTest = testMaskOf(project, data->size());
    m_planeFittedTo = project.data.kind == DataSource::Kind::Points ? project.data.origin : QString();
    applyView();
    m_thread.setProject(project);
    {
        const QSignalBlocker block(&m_netModel);  // the project's freezes and ablations (none: a fresh mask)
        m_netModel.setMask(project.mask);
    }
    resetNetworkModel(project.trained ? project.trained->parameters : engine::Vector());
    m_lastStepShown = -1;
    emit projectLoaded();
    return true;
}

void Session::push(QUndoCommand* command) {
    if (command) m_undo->push(command);
}

void Session::generate(const engine::GeneratorParams& p) {
    try {
        DataSource src;
        src.kind = DataSource::Kind::Generated;
        src.generator = p;
        push(new ReplaceDataCommand(&m_model, engine::generate(p), src,
                                    tr("Generate %1").arg(QString::fromStdString(engine::generatorName(p.kind)))));
    } catch (const std::exception& e) {
        emit problem(tr("Cannot generate that data set"), QString::fromStdString(e.what()));
    }
}

void Session::loadBundled(const QString& name) {
    QString error;
    const std::optional<engine::Dataset> d = app::loadBundled(name, &error);
    if (!d) {
        emit problem(tr("Cannot load the data set"), error);
        return;
    }
    DataSource src;
    src.kind = DataSource::Kind::Bundled;
    src.bundled = name;
    push(new ReplaceDataCommand(&m_model, *d, src, tr("Load %1").arg(name)));
}

void Session::clearData() {
    DataSource src;
    src.kind = DataSource::Kind::Points;
    push(new ReplaceDataCommand(&m_model, m_model.data().subset({}), src, tr("Clear the data")));
}

void Session::setTrainRatio(double ratio) {
    m_project.trainRatio = ratio;
    m_model.setSplit(ratio, m_project.splitSeed);
    m_model.redealSplit();
    rebuildTraining(tr("New train/test split: weights re-initialised."));
}

void Session::setShowTestData(bool on) {
    m_project.view.showTestData = on;
    emit viewChanged();
}

void Session::setDiscretize(bool on) {
    m_project.view.discretize = on;
    applyView();
    emit viewChanged();
}

void Session::setHiddenControls(const QStringList& names) {
    if (names == m_project.view.hiddenControls) return;
    m_project.view.hiddenControls = names;
    m_doc->markModified();
}

void Session::applyView() { m_thread.setView({m_project.view.range, 200, 40, m_project.view.discretize}); }

// An imported 2-D set is shown at its own scale (rounded up, with a margin); leaving it (another set, or undo) gives
// the plane back the generators' [-6, 6].
void Session::fitPlaneToImport() {
    const DataSource& src = m_model.source();
    const bool imported = src.kind == DataSource::Kind::Points && !src.origin.isEmpty();
    const QString shown = imported ? src.origin : QString();
    if (shown == m_planeFittedTo) return;
    m_planeFittedTo = shown;
    double range = ViewSettings{}.range;
    const engine::Dataset& d = m_model.data();
    if (imported && d.inputDim() == 2 && d.size() > 0) {
        const double far = d.X.cwiseAbs().maxCoeff() * 1.1;
        range = std::clamp(std::ceil(far * 2) / 2, 0.5, 1e6);  // a half-step, so the axis labels stay round
    }
    if (range == m_project.view.range) return;
    m_project.view.range = range;
    applyView();
    emit viewChanged();
}

void Session::rebuildTraining(const QString& why) {
    m_project.trained.reset();
    m_project.history.clear();
    m_project.data = m_model.source();
    if (m_model.source().kind == DataSource::Kind::Points) m_project.data.points = m_model.data();
    m_isTest = m_model.testMask();
    m_thread.setProject(m_project);
    resetNetworkModel(engine::Vector());
    emit trainingRebuilt();
    if (!why.isEmpty()) emit message(why, 6000);
    emit dataChanged();
}

void Session::onModelChanged() {
    const engine::Dataset& d = m_model.data();
    engine::NetworkSpec spec = m_project.network;
    engine::TrainSettings& ts = m_project.training;
    // Inputs: features of x1, x2 for 2-D data, the raw columns otherwise.
    if (d.inputDim() != 2) ts.features.clear();
    else if (ts.features.empty()) ts.features = {engine::Feature::X1, engine::Feature::X2};
    spec.inputs = d.inputDim() == 2 ? int(ts.features.size()) : int(d.inputDim());
    // Outputs that fit the task: K classes, two classes, or regression targets.
    std::vector<int> hidden;
    for (std::size_t i = 0; i + 1 < spec.layers.size(); ++i) hidden.push_back(spec.layers[i].units);
    const engine::Activation act = spec.layers.size() > 1 ? spec.layers[0].activation : engine::Activation::Tanh;
    // A network with an image input follows the pictures' size (the 8 x 8 digits to Fashion-MNIST's 28 x 28: its
    // convolutions and pooling keep their kernels and windows). On data that are not pictures its typed layers cannot
    // stay: its dense hidden layers (or one of 16) with the data's own output instead.
    if (spec.inputHeight > 0) {
        const std::optional<engine::Shape> pictures =
            engine::pictureShape(engine::NetworkSpec{}, d.inputDim(), d.task == engine::Task::Classification);
        if (pictures && pictures->size() == spec.inputs) {
            spec.inputHeight = pictures->height;
            spec.inputWidth = pictures->width;
        } else {
            std::vector<int> dense;
            for (std::size_t i = 0; i + 1 < spec.layers.size(); ++i)
                if (spec.layers[i].kind == engine::LayerKind::Dense) dense.push_back(spec.layers[i].units);
            spec = defaultNetworkFor(d, spec.inputs, dense.empty() ? std::vector<int>{16} : dense, act);
            hidden = dense;
        }
    }
    const bool fits = regression()
                          ? spec.outputActivation() != engine::Activation::Softmax && spec.loss == engine::Loss::MSE
                          : (d.numClasses <= 2 ? spec.outputs() == 1 || spec.outputs() == 2
                                               : spec.outputs() == d.numClasses);
    if (!fits) {
        engine::NetworkSpec fitted = defaultNetworkFor(d, spec.inputs, hidden, act);
        spec.layers = fitted.layers;
        spec.loss = fitted.loss;
    }
    fitPlaneToImport();
    if (!(spec == m_project.network)) {
        m_project.network = spec;
        rebuildTraining(tr("The network changed to fit the data (%1): weights re-initialised.")
                            .arg(QString::fromStdString(spec.describe())));
        return;
    }
    m_project.data = m_model.source();
    if (m_project.data.kind == DataSource::Kind::Points) m_project.data.points = d;
    m_isTest = m_model.testMask();
    m_thread.setData(d, m_isTest);
    emit dataChanged();
}

void Session::setSettings(const engine::TrainSettings& s) {
    m_doc->markModified();  // not on the undo stack, but a change to save
    const engine::TrainSettings old = m_project.training;
    engine::TrainSettings next = s;
    if (!twoD()) next.features.clear();
    m_project.training = next;
    if (next.features != old.features || next.standardize != old.standardize || !(next.init == old.init) ||
        next.seed != old.seed) {
        const int inputs = twoD() ? int(next.features.size()) : int(m_model.data().inputDim());
        if (inputs < 1) {
            m_project.training = old;
            emit message(tr("The network needs at least one input feature."), 6000);
            emit settingsChanged();
            return;
        }
        m_project.network.inputs = inputs;
        rebuildTraining(tr("The inputs or the initialisation changed: weights re-initialised."));
    } else {
        m_thread.setSettings(next);  // applies live: weights and optimizer state kept
    }
}

void Session::setArchitecture(const std::vector<int>& hidden, engine::Activation act, engine::Loss loss) {
    m_doc->markModified();  // not on the undo stack, but a change to save
    engine::NetworkSpec spec = defaultNetworkFor(m_model.data(), m_project.network.inputs, hidden, act);
    if (m_model.data().task == engine::Task::Classification) {
        // The user's loss choice, with an output activation that suits it.
        spec.loss = loss;
        if (loss == engine::Loss::MSE && spec.outputs() == 1) spec.layers.back().activation = engine::Activation::Tanh;
    }
    const std::string err = spec.validate();
    if (!err.empty()) {
        emit message(QString::fromStdString(err), 8000);
        return;
    }
    // One history with the diagram's edits: the weights of the layers that still fit are kept.
    if (auto* c = setArchitectureCommand(&m_netModel, spec)) {
        push(c);
        emit message(c->summary(), 6000);
    }
}

void Session::toggleInput(int feature) {
    if (!twoD()) return;
    engine::TrainSettings s = m_project.training;
    const engine::Feature f = engine::allFeatures()[std::size_t(feature)];
    auto it = std::find(s.features.begin(), s.features.end(), f);
    if (it != s.features.end()) s.features.erase(it);
    else {
        // Keep the features in their canonical order.
        std::vector<engine::Feature> ordered;
        for (engine::Feature g : engine::allFeatures())
            if (g == f || std::find(s.features.begin(), s.features.end(), g) != s.features.end()) ordered.push_back(g);
        s.features = ordered;
    }
    setSettings(s);
    emit settingsChanged();
}

void Session::newSeed() {
    const std::uint64_t seed = QRandomGenerator::global()->bounded(1, 1000000);
    m_project.training.seed = seed;
    m_thread.newSeed(seed);
    emit settingsChanged();
}

void Session::resetNetworkModel(const engine::Vector& params) {
    m_netModel.setInit(m_project.training.init, m_project.training.seed);
    {
        const QSignalBlocker block(&m_netModel);  // not an edit: the thread has the network already
        m_netModel.reset(m_project.network, params, m_netModel.mask());
    }
    m_thread.setTrainable(m_netModel.effectiveTrainable());
}

void Session::onNetworkEdited(int changes) {
    m_doc->markModified();
    if (changes & NetworkModel::Structure) {
        // A new network: the kept weights (remapped by the command) and the counters go with it; the thread rebuilds.
        m_project.network = m_netModel.spec();
        Project p = m_project;
        // A new network starts its count at epoch 0 with the weights that still fit (the command said how many).
        TrainedState t;
        t.parameters = m_netModel.params();
        p.trained = t;
        p.history.clear();
        m_project.trained.reset();
        m_project.history.clear();
        m_thread.setProject(p, TrainingThread::Announce::Quietly);
        m_thread.setTrainable(m_netModel.effectiveTrainable());
    } else {
        if (changes & NetworkModel::Parameters) m_thread.setParameters(m_netModel.params());
        if (changes & NetworkModel::Mask) m_thread.setTrainable(m_netModel.effectiveTrainable());
    }
    emit networkEdited(changes);
}

void Session::capture(std::function<void(const Project&)> done) {
    if (m_aside) {
        done(*m_aside);  // in a lesson, Save and autosave keep the user's own project
        return;
    }
    m_captureWaiting.push_back(std::move(done));
    if (m_captureWaiting.size() == 1) m_thread.requestCapture();
}

void Session::onSnapshot(const std::shared_ptr<const TrainingSnapshot>& s) {
    m_thread.snapshotConsumed();
    m_last = s;
    if (s->params.size() == s->spec.parameterCount() && s->spec == m_netModel.spec())
        m_netModel.syncParameters(s->params);
    emit snapshotArrived(s);
    // A lesson's runs are not the user's changes (the user's project waits aside, untouched). A new build of the
    // trainer (a project opened, a rebuild) starts its own count: a late snapshot of the previous one is no progress.
    const bool sameRun = s->generation == m_lastGeneration;
    m_lastGeneration = s->generation;
    if (sameRun && m_lastStepShown >= 0 && s->step != m_lastStepShown && !m_doc->isModified() && !m_lessonRunning)
        m_doc->markModified();
    m_lastStepShown = s->step;
}

}  // namespace app
