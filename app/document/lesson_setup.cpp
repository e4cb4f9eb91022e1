#include "app/document/lesson_setup.h"
#include "app/document/json_field.h"
#include "app/document/presets.h"
#include "app/document/project_data.h"
#include "app/document/project_file.h"
#include "engine/architecture_text.h"
#include "engine/param_remap.h"
#include "engine/param_layout.h"
#include "lessons/goal.h"
#include <QCoreApplication>
#include <QJsonArray>

namespace app {
namespace {
using namespace json;

// Lessons generate at most what the data panel offers: a step sets up in a moment, not after ten million samples.
constexpr int kMaxLessonSamples = 100000;

void applyData(const Field& o, Project& p) {
    onlyKeys(o, {"truthTable", "bundled", "generator", "samples", "noise", "classes", "seed"});
    if (const Field table = o["truthTable"]; table.present()) {
        const engine::Dataset d = truthTableData(table.string());
        if (d.empty())
            fail(QString("%1 is \"%2\", which is not a known truth table").arg(table.path(), table.string()));
        p.data.kind = DataSource::Kind::Points;
        p.data.points = d;
        p.trainRatio = 1.0;  // four points: all of them train, the table is the test
        p.view.range = 1.5;
        return;
    }
    if (const Field bundled = o["bundled"]; bundled.present()) {
        p.data.kind = DataSource::Kind::Bundled;
        p.data.bundled = bundled.string();
        return;
    }
    engine::GeneratorParams& g = p.data.generator;
    if (p.data.kind != DataSource::Kind::Generated) {
        p.data.kind = DataSource::Kind::Generated;
        g = {};
    }
    if (const Field name = o["generator"]; name.present())
        g.kind = name.named("generator", engine::allGenerators(), engine::generatorName, engine::generatorFromName);
    optWhole(o, "samples", g.samples, 0, kMaxLessonSamples);
    optNumber(o, "noise", g.noise, kFraction);
    optWhole(o, "classes", g.classes, 2, engine::kMaxGeneratedClasses);
    optSeed(o, "seed", g.seed);
}

void applyTraining(const Field& o, engine::TrainSettings& t) {
    onlyKeys(o, {"learningRate", "optimizer", "updateMode", "batchSize", "algorithm", "l1", "l2", "seed", "standardize",
                 "init", "initScale", "momentum", "augment"});
    optNumber(o, "learningRate", t.optimizer.learningRate, kPositive);
    optNumber(o, "momentum", t.optimizer.momentum, kBeta);
    optWhole(o, "batchSize", t.batchSize, 1);
    optNumber(o, "l1", t.l1, kNonNegative);
    optNumber(o, "l2", t.l2, kNonNegative);
    optSeed(o, "seed", t.seed);
    optBool(o, "standardize", t.standardize);
    if (const Field f = o["optimizer"]; f.present())
        t.optimizer.kind = f.named("optimizer", engine::allOptimizers(), engine::optimizerName,
                                   engine::optimizerFromName);
    if (const Field f = o["updateMode"]; f.present())
        t.mode = f.named("update mode", engine::allUpdateModes(), engine::updateModeName, engine::updateModeFromName);
    if (const Field f = o["algorithm"]; f.present())
        t.algorithm = f.named("algorithm", engine::allAlgorithms(), engine::algorithmName, engine::algorithmFromName);
    if (const Field f = o["init"]; f.present())
        t.init.scheme = f.named("initialisation", engine::allInits(), engine::initName, engine::initFromName);
    // a of the uniform initialisation, in the Training panel's range (its "a:" field)
    static const Bounds kInitScale{0.01, 10, false, false, "a number from 0.01 to 10"};
    optNumber(o, "initScale", t.init.scale, kInitScale);
    if (const Field a = o["augment"]; a.present()) readAugment(a, t.augment);  // pictures: as in project files
}

std::optional<Project> readSetup(const Field& setup) {
    const Field presetField = setup["preset"];
    const QString presetName = presetField.present() ? presetField.string() : QString("xor");
    if (!presetNames().contains(presetName))
        fail(QString("preset is \"%1\", which is not a preset; the presets are %2")
                 .arg(presetName, presetNames().join(", ")));
    Project p = preset(presetName);
    p.title = presetTitle(presetName);
    if (const Field d = setup["data"]; d.present()) applyData(d, p);
    QString error;
    const std::optional<engine::Dataset> data = projectDataset(p.data, &error);
    if (!data) fail(error);
    if (const Field f = setup["features"]; f.present()) {
        p.training.features.clear();
        const QJsonArray a = f.array();
        for (qsizetype i = 0; i < a.size(); ++i)
            p.training.features.push_back(
                f.item(a, i).named("feature", engine::allFeatures(), engine::featureName, engine::featureFromName));
    }
    const bool twoD = data->inputDim() == 2;
    if (!twoD) p.training.features.clear();
    const int inputs = twoD ? int(p.training.features.size()) : int(data->inputDim());
    if (const Field net = setup["network"]; net.present()) {
        const engine::ArchitectureParseResult r = engine::parseArchitecture(net.string().toStdString(), inputs);
        if (!r.ok()) fail(QString("network \"%1\": %2").arg(net.string(), QString::fromStdString(r.error)));
        p.network = *r.spec;
    } else if (!p.network.isDenseOnly()) {
        // A preset with typed layers (convolutions, an image input) is kept as it is when it fits the data; refitting
        // only its dense sizes would silently drop the rest.
        const engine::NetworkSpec fitted = defaultNetworkFor(*data, inputs, {});
        if (p.network.inputs != inputs || p.network.layers.back() != fitted.layers.back() ||
            p.network.loss != fitted.loss)
            fail(QString("the preset's network \"%1\" has typed layers and does not fit this data, which needs %2 "
                         "inputs and an output like \"%3\"; give the step a \"network\"")
                     .arg(QString::fromStdString(p.network.describe()))
                     .arg(inputs)
                     .arg(QString::fromStdString(engine::formatArchitecture(fitted))));
    } else {
        // The preset's hidden layers (sizes and activation), fitted to the data and the features.
        std::vector<int> hidden;
        for (std::size_t l = 0; l + 1 < p.network.layers.size(); ++l) hidden.push_back(p.network.layers[l].units);
        const engine::Activation activation =
            p.network.layers.size() > 1 ? p.network.layers.front().activation : engine::Activation::Tanh;
        p.network = defaultNetworkFor(*data, inputs, hidden, activation);
    }
    if (const Field t = setup["training"]; t.present()) applyTraining(t, p.training);
    optNumber(setup, "trainRatio", p.trainRatio, kTrainRatio);
    optNumber(setup, "range", p.view.range, kPositive);
    if (const Field w = setup["weights"]; w.present()) {
        const QJsonArray a = w.array();
        if (a.size() != p.network.parameterCount())
            fail(QString("%1 weights given, the network %2 has %3")
                     .arg(a.size())
                     .arg(QString::fromStdString(p.network.describe()))
                     .arg(p.network.parameterCount()));
        TrainedState state;
        state.parameters.resize(a.size());
        for (qsizetype i = 0; i < a.size(); ++i) state.parameters[i] = w.item(a, i).number();
        p.trained = state;
    }
    // The first layers' weights (a network trained before, for fine-tuning): whole layers, in the layout of "weights";
    // the layers after them keep the seed's initial weights.
    if (const Field w = setup["firstWeights"]; w.present()) {
        if (setup["weights"].present()) fail("a step gives \"weights\" or \"firstWeights\", not both");
        const QJsonArray a = w.array();
        const engine::ParameterLayout lay(p.network);
        int layers = 0;
        while (layers < lay.layerCount() && lay.biasOffset(layers) + lay.units(layers) <= a.size()) ++layers;
        const engine::Index covered = layers > 0 ? lay.biasOffset(layers - 1) + lay.units(layers - 1) : 0;
        if (a.isEmpty() || covered != a.size())
            fail(QString("%1 has %2 values, which is not the weights of whole first layers of %3 (the first layer has "
                         "%4; all of them %5)")
                     .arg(w.path())
                     .arg(a.size())
                     .arg(QString::fromStdString(p.network.describe()))
                     .arg(lay.layerCount() > 0 ? lay.biasOffset(0) + lay.units(0) : 0)
                     .arg(lay.size()));
        TrainedState state;
        state.parameters = engine::initialParameters(p.network, p.training.seed, p.training.init);
        for (qsizetype i = 0; i < a.size(); ++i) state.parameters[i] = w.item(a, i).number();
        p.trained = state;
    }
    // Layers frozen from the start (indices into the network's layers, 0 = the first hidden layer).
    if (const Field f = setup["freeze"]; f.present()) {
        const QJsonArray a = f.array();
        p.mask = engine::makeParameterMask(p.network);
        const int count = int(p.network.layers.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            const int l = f.item(a, i).whole(0, count - 1);
            if (!engine::hasParameters(p.network.layers[std::size_t(l)].kind))
                fail(QString("%1 is layer %2, which has no weights to freeze").arg(Field::itemPath(f.path(), i)).arg(l));
            engine::freezeLayer(p.mask, p.network, l);
        }
    }
    return p;
}
}  // namespace

engine::Dataset truthTableData(const QString& table) {
    const std::vector<int> t = lessons::truthTable(table);
    engine::Dataset d;
    if (t.empty()) return d;
    d.X.resize(2, 4);
    d.X << 0, 0, 1, 1, 0, 1, 0, 1;
    d.labels = t;
    d.numClasses = 2;
    d.inputNames = {"x1", "x2"};
    d.classNames = {"0", "1"};
    return d;
}

std::optional<Project> lessonProject(const QJsonObject& setup, QString* error) {
    try {
        return readSetup(Field(setup, QString()));
    } catch (const json::JsonError& e) {
        *error = e.message;
    } catch (const std::exception& e) {
        *error = QString::fromStdString(e.what());
    }
    return std::nullopt;
}

}  // namespace app
