#include "engine/split.h"
#include "app/document/project_data.h"
#include "app/document/idx_loader.h"
#include <QFile>
#include <QTemporaryFile>
#include <exception>

// The resources live in the static nnlab_training library: without this call the linker may drop them.
static void initAppResources() { Q_INIT_RESOURCE(resources); }

namespace app {

std::optional<engine::Dataset> loadBundled(const QString& name, QString* error) {
    static const bool resourcesReady = (initAppResources(), true);
    (void)resourcesReady;
    // Fashion-MNIST is not bundled (it is 30 MB): Debian's dataset-fashion-mnist package, when installed. The first
    // kFashionMnistSamples images keep the app responsive (784 inputs each).
    if (name == kFashionMnistName) return loadFashionMnist(error, kFashionMnistSamples);
    const QString res = ":/datasets/" + QString(name == "digits" ? "digits-8x8.csv" : name + ".csv");
    QFile in(res);
    if (!in.open(QIODevice::ReadOnly)) {
        if (error)
            *error =
                QString(
                    "There is no bundled data set named \"%1\" (bundled: digits, iris; fashion-mnist when installed).")
                    .arg(name);
        return std::nullopt;
    }
    // The engine reads files (it knows no Qt resources): hand it a temporary copy.
    QTemporaryFile tmp;
    if (!tmp.open() || tmp.write(in.readAll()) < 0 || !tmp.flush()) {
        if (error) *error = "Could not write a temporary file to read the bundled data set.";
        return std::nullopt;
    }
    try {
        const std::string path = tmp.fileName().toStdString();
        engine::Dataset d = name == "digits" ? engine::loadDigitsCsv(path) : engine::loadIrisCsv(path);
        if (name == "digits") d.X /= 16.0;  // pixels 0..16 -> 0..1
        return d;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

std::optional<engine::Dataset> projectDataset(const DataSource& source, QString* error) {
    try {
        switch (source.kind) {
        case DataSource::Kind::Generated: return engine::generate(source.generator);
        case DataSource::Kind::Bundled: return loadBundled(source.bundled, error);
        case DataSource::Kind::Points:
            if (const std::string e = source.points.validate(); !e.empty()) {
                if (error) *error = QString::fromStdString(e);
                return std::nullopt;
            }
            return source.points;
        }
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
    }
    return std::nullopt;
}

std::vector<char> testMaskOf(const Project& project, engine::Index n) {
    const DataSource& d = project.data;
    if (d.kind == DataSource::Kind::Points && engine::Index(d.testMask.size()) == n) return d.testMask;
    return engine::splitMask(n, project.trainRatio, project.splitSeed);
}

engine::Split splitProject(const Project& project, const engine::Dataset& all) {
    return engine::splitByMask(all, testMaskOf(project, all.size()));
}

std::unique_ptr<engine::Trainer> makeTrainer(const Project& project, QString* error) {
    const std::optional<engine::Dataset> all = projectDataset(project.data, error);
    if (!all) return nullptr;
    try {
        const engine::Split split = splitProject(project, *all);
        auto trainer = std::make_unique<engine::Trainer>(project.network, split.train, split.test, project.training);
        if (project.trained) {
            trainer->setParameters(project.trained->parameters);
            trainer->optimizer().setState(project.trained->optimizerStep, project.trained->optimizerFirst,
                                          project.trained->optimizerSecond, project.trained->optimizerMuProduct);
            trainer->setCounters(project.trained->step, project.trained->epoch);
        }
        // The user's freezes and ablations: a disabled neuron's outgoing weights are 0 and it stays out; frozen
        // parameters hold (the window sets the same from its network model; `nnlab train FILE` relies on this).
        if (engine::maskFits(project.mask, project.network) &&
            (engine::anyFrozen(project.mask) || engine::anyDisabled(project.mask))) {
            if (engine::anyDisabled(project.mask)) {
                engine::Vector p = trainer->network().params();
                engine::applyAblation(p, project.network, project.mask);
                trainer->setParameters(p);
            }
            trainer->setTrainable(engine::effectiveTrainable(project.network, project.mask));
        }
        return trainer;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return nullptr;
    }
}

QStringList inputLabels(const Project& project, const engine::Dataset& data) {
    QStringList out;
    if (data.inputDim() == 2 && !project.training.features.empty()) {
        for (engine::Feature f : project.training.features) out << QString::fromStdString(engine::featureLabel(f));
    } else {
        for (const std::string& n : data.inputNames) out << QString::fromStdString(n);
        while (out.size() < data.inputDim()) out << QString("x%1").arg(out.size() + 1);
    }
    return out;
}

}  // namespace app

namespace app {
void captureTrainedState(Project& project, const engine::Trainer& trainer) {
    TrainedState t;
    t.parameters = trainer.network().params();
    const engine::StepResult r = trainer.result();
    t.step = r.step;
    t.epoch = r.epoch;
    const engine::Optimizer& opt = trainer.optimizer();
    t.optimizerStep = opt.stepCount();
    t.optimizerFirst = opt.first();
    t.optimizerSecond = opt.second();
    t.optimizerMuProduct = opt.muProduct();
    project.trained = t;
    project.training = trainer.settings();
}
}  // namespace app
