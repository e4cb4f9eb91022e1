#include "app/document/project_file.h"
#include "app/document/json_field.h"
#include "app/document/window_controls.h"
#include "engine/init.h"
#include "engine/learning.h"
#include "engine/optimizer.h"
#include "engine/param_layout.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStringList>
#include <algorithm>
#include <climits>
#include <cmath>
#include <exception>
#include <limits>
#include <new>

namespace app {
namespace {
using engine::Index;
using namespace json;

// Integers up to 2^53 are exact as JSON doubles in every reader; larger seeds go out as decimal strings.
constexpr std::uint64_t kMaxExactInteger = std::uint64_t(1) << 53;
constexpr int kMaxClasses = 1000;  // drawn or imported points; generators take up to engine::kMaxGeneratedClasses
const QStringList kBundledNames{"digits", "iris"};

QString qs(const std::string& s) { return QString::fromStdString(s); }

// ---------------------------------------------------------------------------------------------------------- writing

QJsonValue seedJson(std::uint64_t seed) {
    if (seed <= kMaxExactInteger) return QJsonValue(qint64(seed));
    return QString::number(qulonglong(seed));
}

QJsonArray numbersJson(const double* p, Index n) {
    QJsonArray a;
    for (Index i = 0; i < n; ++i) a.append(p[i]);  // Qt writes the shortest text that reads back to the same double
    return a;
}

QJsonArray stringsJson(const std::vector<std::string>& v) {
    QJsonArray a;
    for (const std::string& s : v) a.append(qs(s));
    return a;
}

// A layer with its type and only the keys that type uses.
QJsonObject layerJson(const engine::LayerSpec& l) {
    using K = engine::LayerKind;
    QJsonObject o{{"type", qs(engine::layerKindName(l.kind))}};
    if (engine::hasParameters(l.kind)) {
        o["units"] = l.units;
        o["activation"] = qs(engine::activationName(l.activation));
    }
    if (l.kind == K::Conv || l.kind == K::MaxPool || l.kind == K::AvgPool) {
        o["kernel"] = l.kernel;
        o["stride"] = l.stride;
    }
    if (l.kind == K::Conv) o["padding"] = l.padding;
    return o;
}

QJsonObject networkJson(const engine::NetworkSpec& spec) {
    QJsonArray layers;
    for (const engine::LayerSpec& l : spec.layers) layers.append(layerJson(l));
    QJsonObject o{{"inputs", spec.inputs}, {"layers", layers}, {"loss", qs(engine::lossName(spec.loss))}};
    if (spec.inputHeight > 0 || spec.inputWidth > 0) {  // an image: [height, width, channels]
        const int area = spec.inputHeight * spec.inputWidth;
        o["inputShape"] = QJsonArray{spec.inputHeight, spec.inputWidth, area > 0 ? spec.inputs / area : 0};
    }
    return o;
}

QJsonObject pointsJson(const engine::Dataset& d) {
    QJsonObject o{{"kind", "points"}, {"inputNames", stringsJson(d.inputNames)}};
    QJsonArray x;
    for (Index n = 0; n < d.size(); ++n) x.append(numbersJson(d.X.col(n).data(), d.inputDim()));
    o["x"] = x;
    if (d.task == engine::Task::Classification) {
        o["task"] = "classification";
        o["classes"] = d.numClasses;
        o["classNames"] = stringsJson(d.classNames);
        QJsonArray labels;
        for (int l : d.labels) labels.append(l);
        o["labels"] = labels;
    } else {
        o["task"] = "regression";
        QJsonArray targets;
        for (Index n = 0; n < d.targets.cols(); ++n)
            targets.append(numbersJson(d.targets.col(n).data(), d.targets.rows()));
        o["targets"] = targets;
    }
    return o;
}

QJsonObject dataJson(const DataSource& data) {
    switch (data.kind) {
    case DataSource::Kind::Generated: {
        const engine::GeneratorParams& g = data.generator;
        return {{"kind", "generated"},
                {"generator", QJsonObject{{"name", qs(engine::generatorName(g.kind))},
                                          {"samples", g.samples},
                                          {"noise", g.noise},
                                          {"classes", g.classes},
                                          {"seed", seedJson(g.seed)}}}};
    }
    case DataSource::Kind::Bundled: return {{"kind", "bundled"}, {"name", data.bundled}};
    case DataSource::Kind::Points: {
        QJsonObject o = pointsJson(data.points);
        if (!data.origin.isEmpty()) o["origin"] = data.origin;
        // The drawn points' own split: the indices of the test points (absent: the seeded ratio split).
        if (data.testMask.size() == std::size_t(data.points.size())) {
            QJsonArray test;
            for (std::size_t i = 0; i < data.testMask.size(); ++i)
                if (data.testMask[i]) test.append(qint64(i));
            o["test"] = test;
        }
        return o;
    }
    }
    return {};
}

QJsonObject trainingJson(const engine::TrainSettings& t) {
    const engine::OptimizerSettings& o = t.optimizer;
    QJsonArray features;
    for (engine::Feature f : t.features) features.append(qs(engine::featureName(f)));
    const QJsonObject optimizer{{"kind", qs(engine::optimizerName(o.kind))},
                                {"learningRate", o.learningRate},
                                {"momentum", o.momentum},
                                {"beta1", o.beta1},
                                {"beta2", o.beta2},
                                {"epsilon", o.epsilon},
                                {"alpha", o.alpha},
                                {"adagradEpsilon", o.adagradEpsilon},
                                {"momentumDecay", o.momentumDecay}};
    const QJsonObject init{{"scheme", qs(engine::initName(t.init.scheme))},
                           {"scale", t.init.scale},
                           {"gain", t.init.gain}};
    return {{"optimizer", optimizer},
            {"mode", qs(engine::updateModeName(t.mode))},
            {"batchSize", t.batchSize},
            {"l1", t.l1},
            {"l2", t.l2},
            {"init", init},
            {"seed", seedJson(t.seed)},
            {"algorithm", qs(engine::algorithmName(t.algorithm))},
            {"randomSearchScale", t.randomSearchScale},
            {"finiteDifferenceStep", t.finiteDifferenceStep},
            {"features", features},
            {"standardize", t.standardize},
            {"precision", t.singlePrecision ? "float" : "double"},
            {"augment", QJsonObject{{"rotate", t.augment.rotateDegrees},
                                    {"shift", t.augment.shiftPixels},
                                    {"zoom", t.augment.zoom},
                                    {"flip", t.augment.flip},
                                    {"noise", t.augment.noise}}}};
}

bool isFinite(const TrainedState& s) {
    return s.parameters.allFinite() && s.optimizerFirst.allFinite() && s.optimizerSecond.allFinite() &&
           std::isfinite(s.optimizerMuProduct);
}

QJsonObject trainedJson(const TrainedState& s) {
    const QJsonObject optimizer{{"step", qint64(s.optimizerStep)},
                                {"first", numbersJson(s.optimizerFirst.data(), s.optimizerFirst.size())},
                                {"second", numbersJson(s.optimizerSecond.data(), s.optimizerSecond.size())},
                                {"muProduct", s.optimizerMuProduct}};
    return {{"parameters", numbersJson(s.parameters.data(), s.parameters.size())},
            {"step", qint64(s.step)},
            {"epoch", qint64(s.epoch)},
            {"optimizer", optimizer}};
}

// The user's freezes and ablations: the frozen parameters' flat indices (Network's layout, as trained.parameters), and
// per disabled neuron the real values of its outgoing weights (they read 0 in the parameters while it is disabled).
QJsonObject maskJson(const engine::ParameterMask& m, const engine::NetworkSpec& spec) {
    const engine::ParameterLayout lay(spec);
    QJsonArray frozen;
    for (Index p = 0; p < m.trainable.size(); ++p)
        if (m.trainable[p] == 0) frozen.append(qint64(p));
    QJsonArray disabled;
    for (int l = 0; l + 1 < lay.layerCount(); ++l)
        for (int j = 0; j < lay.units(l); ++j) {
            if (!engine::isDisabled(m, l, j)) continue;
            QJsonArray outgoing;  // column j of W(l+1)
            for (int k = 0; k < lay.units(l + 1); ++k) outgoing.append(m.stash[lay.weightIndex(l + 1, k, j)]);
            disabled.append(QJsonObject{{"layer", l}, {"unit", j}, {"outgoing", outgoing}});
        }
    QJsonObject o;
    if (!frozen.isEmpty()) o["frozen"] = frozen;
    if (!disabled.isEmpty()) o["disabled"] = disabled;
    return o;
}

// Whether the project has a mask worth writing: one that fits its network and freezes or disables something.
bool hasMask(const Project& p) {
    return engine::maskFits(p.mask, p.network) && p.mask.stash.allFinite() && (engine::anyFrozen(p.mask) || engine::anyDisabled(p.mask));
}

// ---------------------------------------------------------------------------------------------------------- reading

// A flat vector of finite numbers.
engine::Vector readVector(const Field& f) {
    const QJsonArray a = f.array();
    engine::Vector v(a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QJsonValue x = a.at(i);
        if (!x.isDouble() || !std::isfinite(x.toDouble())) f.item(a, i).wrong(kFinite.text);
        v[i] = x.toDouble();
    }
    return v;
}

// Per-sample rows [[...], [...]] into a d x N matrix (one column per sample); every row must have the first row's
// length d, or d = `emptyRows` when there are no samples. Paths are only built for a message: files hold millions.
engine::Matrix readColumns(const Field& f, Index emptyRows) {
    const QJsonArray a = f.array();
    if (a.isEmpty()) return engine::Matrix(emptyRows, 0);
    const Field first = f.item(a, 0);
    const Index d = first.array().size();
    if (d < 1) fail(QString("%1 is empty; each sample needs at least one value").arg(first.path()));
    engine::Matrix m(d, a.size());
    for (qsizetype n = 0; n < a.size(); ++n) {
        const QJsonValue row = a.at(n);
        if (!row.isArray()) f.item(a, n).array();
        const QJsonArray r = row.toArray();
        if (r.size() != d)
            fail(QString("%1 has %2 values but %3 has %4; every sample needs the same number")
                     .arg(Field::itemPath(f.path(), n), QString::number(r.size()), first.path(), QString::number(d)));
        for (Index k = 0; k < d; ++k) {
            const QJsonValue x = r.at(k);
            if (!x.isDouble() || !std::isfinite(x.toDouble())) f.item(a, n).item(r, k).wrong(kFinite.text);
            m(k, n) = x.toDouble();
        }
    }
    return m;
}

// One layer: "type" (missing: dense, as in version 1) and the keys of that type.
engine::LayerSpec readLayer(const Field& l) {
    using K = engine::LayerKind;
    l.object();
    K kind = K::Dense;
    if (const Field t = l["type"]; t.present())
        kind = t.named("layer type", engine::allLayerKinds(), engine::layerKindName, engine::layerKindFromName);
    const auto activation = [&] {
        const auto fromName = [](const std::string& name) { return engine::activationFromName(name); };
        return l["activation"].named("activation", engine::allActivations(), engine::activationName, fromName);
    };
    switch (kind) {
    case K::Dense: {
        // Dense layers take no other keys either, but version 1 never checked: unknown keys are left alone.
        const int units = l["units"].whole(1);
        return engine::LayerSpec::dense(units, activation());
    }
    case K::Conv: {
        onlyKeys(l, {"type", "units", "activation", "kernel", "stride", "padding"});
        const int units = l["units"].whole(1);
        const engine::Activation f = activation();
        const int kernel = l["kernel"].whole(1);
        int stride = 1, padding = 0;
        optWhole(l, "stride", stride, 1);
        optWhole(l, "padding", padding, 0);
        return engine::LayerSpec::conv(units, kernel, f, stride, padding);
    }
    case K::MaxPool:
    case K::AvgPool: {
        onlyKeys(l, {"type", "kernel", "stride"});
        const int kernel = l["kernel"].whole(1);
        int stride = kernel;  // missing: the window, so windows do not overlap
        optWhole(l, "stride", stride, 1);
        return kind == K::MaxPool ? engine::LayerSpec::maxPool(kernel, stride)
                                  : engine::LayerSpec::avgPool(kernel, stride);
    }
    case K::Flatten: onlyKeys(l, {"type"}); return engine::LayerSpec::flatten();
    }
    return {};
}

engine::NetworkSpec readNetwork(const Field& n) {
    engine::NetworkSpec s;
    s.inputs = n["inputs"].whole(1);
    if (const Field shape = n["inputShape"]; shape.present()) {
        const QJsonArray a = shape.array();
        if (a.size() != 3) shape.wrong("[height, width, channels]");
        const int h = shape.item(a, 0).whole(1), w = shape.item(a, 1).whole(1), c = shape.item(a, 2).whole(1);
        if (double(h) * w * c != s.inputs)
            fail(QString("%1 is [%2, %3, %4], %5 values, but network.inputs is %6; they must agree")
                     .arg(shape.path())
                     .arg(h)
                     .arg(w)
                     .arg(c)
                     .arg(double(h) * w * c, 0, 'f', 0)
                     .arg(s.inputs));
        s.inputHeight = h;
        s.inputWidth = w;
    }
    const Field layers = n["layers"];
    const QJsonArray a = layers.array();
    if (a.isEmpty()) fail(QString("%1 is empty; the network needs at least an output layer").arg(layers.path()));
    s.layers.clear();
    for (qsizetype i = 0; i < a.size(); ++i) s.layers.push_back(readLayer(layers.item(a, i)));
    s.loss = n["loss"].named("loss", engine::allLosses(), engine::lossName, engine::lossFromName);
    if (const std::string e = s.validate(); !e.empty()) fail("the network cannot be built: " + qs(e));
    return s;
}

engine::Dataset readPoints(const Field& d) {
    engine::Dataset p;
    const QString task = d["task"].string();
    if (task != "classification" && task != "regression")
        fail(QString("%1 is \"%2\"; it must be \"classification\" or \"regression\"").arg(d["task"].path(), task));
    p.task = task == "classification" ? engine::Task::Classification : engine::Task::Regression;
    if (const Field names = d["inputNames"]; names.present()) p.inputNames = readStrings(names);
    p.X = readColumns(d["x"], p.inputNames.empty() ? 2 : Index(p.inputNames.size()));
    if (!p.inputNames.empty() && Index(p.inputNames.size()) != p.inputDim())
        fail(QString("data.inputNames has %1 names but each point has %2 values")
                 .arg(QString::number(p.inputNames.size()), QString::number(p.inputDim())));
    const Index n = p.size();
    if (p.task == engine::Task::Classification) {
        optWhole(d, "classes", p.numClasses, 1, kMaxClasses);
        if (const Field names = d["classNames"]; names.present()) p.classNames = readStrings(names);
        if (!p.classNames.empty() && int(p.classNames.size()) != p.numClasses)
            fail(QString("data.classNames has %1 names but data.classes is %2")
                     .arg(QString::number(p.classNames.size()), QString::number(p.numClasses)));
        const Field labels = d["labels"];
        const QJsonArray a = labels.array();
        if (a.size() != n)
            fail(QString("data.labels has %1 entries but data.x has %2 points; each point needs one label")
                     .arg(QString::number(a.size()), QString::number(n)));
        p.labels.reserve(a.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            const double x = a.at(i).toDouble(-1);                            // -1 for a non-number
            if (!(x >= 0) || std::floor(x) != x) labels.item(a, i).whole(0);  // throws, naming the entry
            if (x >= p.numClasses)
                fail(QString("%1 is %2, out of range for %3 classes (labels run from 0 to %4)")
                         .arg(Field::itemPath(labels.path(), i), QString::number(x), QString::number(p.numClasses),
                              QString::number(p.numClasses - 1)));
            p.labels.push_back(int(x));
        }
    } else {
        const Field targets = d["targets"];
        p.targets = readColumns(targets, 1);
        if (p.targets.cols() != n)
            fail(QString("data.targets has %1 entries but data.x has %2 points; each point needs one target")
                     .arg(QString::number(p.targets.cols()), QString::number(n)));
    }
    if (n > 0)
        if (const std::string e = p.validate(); !e.empty()) fail("the points in data are not usable: " + qs(e));
    return p;
}

DataSource readData(const Field& d) {
    DataSource s;
    d.object();
    const QString kind = d["kind"].string();
    if (kind == "generated") {
        s.kind = DataSource::Kind::Generated;
        const Field g = d["generator"];
        g.object();
        engine::GeneratorParams& p = s.generator;
        p.kind = g["name"].named("generator", engine::allGenerators(), engine::generatorName,
                                 engine::generatorFromName);
        optWhole(g, "samples", p.samples, 0, int(engine::kMaxGeneratedSamples));
        optNumber(g, "noise", p.noise, kFraction);
        optWhole(g, "classes", p.classes, 2, engine::kMaxGeneratedClasses);
        optSeed(g, "seed", p.seed);
    } else if (kind == "bundled") {
        s.kind = DataSource::Kind::Bundled;
        const Field name = d["name"];
        s.bundled = name.string();
        if (!kBundledNames.contains(s.bundled))
            fail(QString("%1 is \"%2\", which is not a bundled data set; the bundled ones are %3")
                     .arg(name.path(), s.bundled, kBundledNames.join(", ")));
    } else if (kind == "points") {
        s.kind = DataSource::Kind::Points;
        s.points = readPoints(d);
        if (const Field origin = d["origin"]; origin.present()) s.origin = origin.string();
        if (const Field test = d["test"]; test.present()) {
            const QJsonArray a = test.array();
            s.testMask.assign(std::size_t(s.points.size()), 0);
            for (qsizetype i = 0; i < a.size(); ++i) {
                const double x = a.at(i).toDouble(-1);
                if (!(x >= 0) || std::floor(x) != x || x >= double(s.points.size()))
                    fail(QString("%1 is %2; it must be the index of a point, from 0 to %3")
                             .arg(Field::itemPath(test.path(), i), shown(a.at(i)),
                                  QString::number(s.points.size() - 1)));
                s.testMask[std::size_t(x)] = 1;
            }
        }
    } else {
        fail(QString("data.kind is \"%1\"; it must be \"generated\", \"bundled\" or \"points\"").arg(kind));
    }
    return s;
}

engine::TrainSettings readTraining(const Field& t) {
    engine::TrainSettings s;
    if (!t.present()) return s;
    t.object();
    if (const Field o = t["optimizer"]; o.present()) {
        o.object();
        engine::OptimizerSettings& p = s.optimizer;
        if (const Field k = o["kind"]; k.present())
            p.kind = k.named("optimizer", engine::allOptimizers(), engine::optimizerName, engine::optimizerFromName);
        optNumber(o, "learningRate", p.learningRate, kNonNegative);
        optNumber(o, "momentum", p.momentum, kNonNegative);
        optNumber(o, "beta1", p.beta1, kBeta);
        optNumber(o, "beta2", p.beta2, kBeta);
        optNumber(o, "epsilon", p.epsilon, kNonNegative);
        optNumber(o, "alpha", p.alpha, kNonNegative);
        optNumber(o, "adagradEpsilon", p.adagradEpsilon, kNonNegative);
        optNumber(o, "momentumDecay", p.momentumDecay, kNonNegative);
    }
    if (const Field m = t["mode"]; m.present())
        s.mode = m.named("update mode", engine::allUpdateModes(), engine::updateModeName, engine::updateModeFromName);
    optWhole(t, "batchSize", s.batchSize, 1);
    optNumber(t, "l1", s.l1, kNonNegative);
    optNumber(t, "l2", s.l2, kNonNegative);
    if (const Field i = t["init"]; i.present()) {
        i.object();
        if (const Field k = i["scheme"]; k.present())
            s.init.scheme = k.named("initialisation scheme", engine::allInits(), engine::initName,
                                    engine::initFromName);
        optNumber(i, "scale", s.init.scale, kNonNegative);
        optNumber(i, "gain", s.init.gain, kNonNegative);
    }
    optSeed(t, "seed", s.seed);
    if (const Field a = t["algorithm"]; a.present())
        s.algorithm = a.named("algorithm", engine::allAlgorithms(), engine::algorithmName, engine::algorithmFromName);
    optNumber(t, "randomSearchScale", s.randomSearchScale, kNonNegative);
    optNumber(t, "finiteDifferenceStep", s.finiteDifferenceStep, kPositive);
    if (const Field f = t["features"]; f.present()) {
        const QJsonArray a = f.array();
        s.features.clear();
        for (qsizetype i = 0; i < a.size(); ++i)
            s.features.push_back(
                f.item(a, i).named("feature", engine::allFeatures(), engine::featureName, engine::featureFromName));
    }
    optBool(t, "standardize", s.standardize);
    // The layers' arithmetic in training (engine/README.md, "Scalar type and layout"); missing (version 1): float.
    if (const Field f = t["precision"]; f.present()) {
        const QString v = f.string();
        if (v != "float" && v != "double") f.wrong("\"float\" or \"double\"");
        s.singlePrecision = v == "float";
    }
    // Augmentation of picture batches (engine/augment.h); missing: none.
    if (const Field a = t["augment"]; a.present()) readAugment(a, s.augment);
    return s;
}

// The data must give the network as many inputs as it has: the chosen features of 2-D points, else the raw values.
// (Bundled sets are read later, from the application's resources; their check happens when the trainer is built.)
void checkInputs(const Project& p) {
    if (p.data.kind == DataSource::Kind::Bundled) return;
    const Index d = p.data.kind == DataSource::Kind::Generated ? 2 : p.data.points.inputDim();
    const bool features = d == 2 && !p.training.features.empty();
    const Index expected = features ? Index(p.training.features.size()) : d;
    if (p.network.inputs == expected) return;
    fail(QString("network.inputs is %1, but the data gives the network %2 inputs (%3)")
             .arg(QString::number(p.network.inputs), QString::number(expected),
                  features ? QString("training.features lists %1").arg(p.training.features.size())
                           : QString("each point has %1 values").arg(d)));
}

TrainedState readTrained(const Field& t, const engine::NetworkSpec& spec) {
    TrainedState s;
    t.object();
    const Index count = spec.parameterCount();
    s.parameters = readVector(t["parameters"]);
    if (s.parameters.size() != count)
        fail(QString("trained.parameters has %1 values but the network (%2) has %3 parameters")
                 .arg(QString::number(s.parameters.size()), qs(spec.describe()), QString::number(count)));
    optCount(t, "step", s.step);
    optCount(t, "epoch", s.epoch);
    if (const Field o = t["optimizer"]; o.present()) {
        o.object();
        optCount(o, "step", s.optimizerStep);
        for (auto [key, vec] : {std::pair{"first", &s.optimizerFirst}, std::pair{"second", &s.optimizerSecond}}) {
            const Field f = o[key];
            if (!f.present()) continue;
            *vec = readVector(f);
            if (vec->size() != 0 && vec->size() != count)
                fail(QString("%1 has %2 values; it must be empty or hold one per parameter (%3)")
                         .arg(f.path(), QString::number(vec->size()), QString::number(count)));
        }
        optNumber(o, "muProduct", s.optimizerMuProduct, kFinite);
    }
    return s;
}

// "mask": every index and neuron is checked against the network, so a mask written for another network is refused
// with the path of the first value that does not fit, never applied half.
engine::ParameterMask readMask(const Field& m, const engine::NetworkSpec& spec) {
    m.object();
    onlyKeys(m, {"frozen", "disabled"});
    const engine::ParameterLayout lay(spec);
    engine::ParameterMask mask = engine::makeParameterMask(spec);
    const Index count = lay.size();
    if (const Field f = m["frozen"]; f.present()) {
        const QJsonArray a = f.array();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const double x = a.at(i).toDouble(-1);
            if (!a.at(i).isDouble() || !(x >= 0) || std::floor(x) != x || x >= double(count))
                fail(QString("%1 is %2; it must be the index of a parameter, from 0 to %3 (the network %4 has %5)")
                         .arg(Field::itemPath(f.path(), i), shown(a.at(i)), QString::number(count - 1),
                              qs(spec.describe()), QString::number(count)));
            mask.trainable[Index(x)] = 0;
        }
    }
    if (const Field d = m["disabled"]; d.present()) {
        const QJsonArray a = d.array();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const Field n = d.item(a, i);
            n.object();
            onlyKeys(n, {"layer", "unit", "outgoing"});
            const int l = n["layer"].whole(0), j = n["unit"].whole(0);
            if (!engine::canDisable(spec, l, j))
                fail(QString("%1 is neuron %2 of layer %3, which the network %4 does not have as a hidden neuron; only "
                             "neurons of hidden layers can be disabled")
                         .arg(n.path(), QString::number(j), QString::number(l), qs(spec.describe())));
            if (engine::isDisabled(mask, l, j)) fail(QString("%1 disables that neuron a second time").arg(n.path()));
            const Field out = n["outgoing"];
            const engine::Vector w = readVector(out);
            if (w.size() != lay.units(l + 1))
                fail(QString("%1 has %2 values; the neuron has %3 outgoing weights (one per neuron of layer %4)")
                         .arg(out.path(), QString::number(w.size()), QString::number(lay.units(l + 1)),
                              QString::number(l + 1)));
            for (int k = 0; k < lay.units(l + 1); ++k) mask.stash[lay.weightIndex(l + 1, k, j)] = w[k];
            mask.disabledNeurons[std::size_t(l)][std::size_t(j)] = 1;
        }
    }
    return mask;
}

// A loss or accuracy in the history: null stands for NaN (a diverged run), which JSON cannot write.
void optMetric(const Field& parent, const char* key, double& out) {
    const Field f = parent[key];
    if (!f.present()) return;
    out = f.isNull() ? std::nan("") : f.number();
}

std::vector<HistoryPoint> readHistory(const Field& h) {
    std::vector<HistoryPoint> out;
    if (!h.present()) return out;
    const QJsonArray a = h.array();
    out.reserve(a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        const Field e = h.item(a, i);
        e.object();
        HistoryPoint p;
        optNumber(e, "epoch", p.epoch, kNonNegative);
        optMetric(e, "trainLoss", p.trainLoss);
        optMetric(e, "testLoss", p.testLoss);
        optMetric(e, "trainAccuracy", p.trainAccuracy);
        optMetric(e, "testAccuracy", p.testAccuracy);
        out.push_back(p);
    }
    return out;
}

// Line and column (1-based, counting characters, not bytes) of a byte offset, for syntax errors.
QString syntaxError(const QByteArray& json, const QJsonParseError& e) {
    const qsizetype offset = std::clamp<qsizetype>(e.offset, 0, json.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i)
        if (json[i] == '\n') ++line, lineStart = i + 1;
    int column = 1;
    for (qsizetype i = lineStart; i < offset; ++i)
        if ((uchar(json[i]) & 0xC0) != 0x80) ++column;  // skip UTF-8 continuation bytes
    QString m = QString("JSON syntax error at line %1, column %2: %3").arg(line).arg(column).arg(e.errorString());
    if (e.error == QJsonParseError::IllegalNumber)
        m += " (numbers must be finite and within the range of a double; NaN and infinity cannot be written)";
    return m;
}

Project parseProject(const QByteArray& json) {
    if (json.trimmed().isEmpty()) fail("the file is empty");
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError) fail(syntaxError(json, err));
    if (!doc.isObject())
        fail(QString("this is not an NN Lab project: the file holds a JSON %1, not an object { ... }")
                 .arg(doc.isArray() ? "array" : "value"));
    const Field root(doc.object(), QString());

    const Field format = root["format"];
    const QString notProject = "this is not an NN Lab project: ";
    if (!format.present()) fail(notProject + QString("it has no \"format\": \"%1\"").arg(kProjectFormatTag));
    if (const QString tag = format.string(); tag != kProjectFormatTag)
        fail(notProject + QString("\"format\" is \"%1\", expected \"%2\"").arg(tag, kProjectFormatTag));
    const int version = root["version"].whole(1);
    if (version > kProjectSchemaVersion)
        fail(QString("this file was written by a newer NN Lab (format version %1); this version reads up to %2")
                 .arg(version)
                 .arg(kProjectSchemaVersion));

    Project p;
    if (const Field t = root["title"]; t.present()) p.title = t.string();
    if (const Field d = root["description"]; d.present()) p.description = d.string();
    p.network = readNetwork(root["network"]);
    p.data = readData(root["data"]);
    optNumber(root, "trainRatio", p.trainRatio, kTrainRatio);
    optSeed(root, "splitSeed", p.splitSeed);
    p.training = readTraining(root["training"]);
    checkInputs(p);
    if (const Field t = root["trained"]; t.present()) p.trained = readTrained(t, p.network);
    p.history = readHistory(root["history"]);
    if (const Field m = root["mask"]; m.present()) p.mask = readMask(m, p.network);
    if (const Field v = root["view"]; v.present()) {
        v.object();
        optBool(v, "showTestData", p.view.showTestData);
        optBool(v, "discretize", p.view.discretize);
        optNumber(v, "range", p.view.range, kPositive);
        // The teacher's hide flags. A name this version does not know (a control of a newer NN Lab) is dropped, so
        // the file still opens; a value that is not a string is a broken file and says so.
        if (const Field h = v["hidden"]; h.present()) {
            const QJsonArray a = h.array();
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QString name = h.item(a, i).string();
                if (isControlName(name) && !p.view.hiddenControls.contains(name)) p.view.hiddenControls << name;
            }
        }
    }
    return p;
}

QString fileError(const QString& path, const QString& what) {
    return QString("%1: %2").arg(QDir::toNativeSeparators(path), what);
}

// Reads the whole file, at most kMaxProjectFileBytes; returns what went wrong, or an empty string.
QString readProjectBytes(const QString& path, QByteArray& bytes) {
    const QFileInfo info(path);
    if (!info.exists()) return "no such file";
    if (info.isDir()) return "this is a folder, not a project file";
    if (!info.isFile()) return "this is not a regular file";
    const auto tooBig = [](qint64 size) {
        return QString("the file is %1 MB; project files are limited to %2 MB")
            .arg(size >> 20)
            .arg(kMaxProjectFileBytes >> 20);
    };
    if (info.size() > kMaxProjectFileBytes) return tooBig(info.size());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return QString("the file cannot be read (%1)").arg(file.errorString());
    bytes.reserve(info.size());
    // In chunks, and never past the limit: the file may have grown since its size was read.
    while (bytes.size() <= kMaxProjectFileBytes) {
        const QByteArray chunk = file.read(qint64(1) << 20);
        if (chunk.isEmpty()) break;
        bytes += chunk;
    }
    if (file.error() != QFileDevice::NoError) return QString("the file cannot be read (%1)").arg(file.errorString());
    if (bytes.size() > kMaxProjectFileBytes) return tooBig(bytes.size());
    return {};
}

}  // namespace

void readAugment(const json::Field& a, engine::AugmentSettings& s) {
    using namespace json;
    onlyKeys(a, {"rotate", "shift", "zoom", "flip", "noise"});
    static const Bounds kDegrees{0, 180, false, false, "a number of degrees from 0 to 180"};
    static const Bounds kZoom{0, 1, false, true, "a number from 0 up to (not including) 1"};
    optNumber(a, "rotate", s.rotateDegrees, kDegrees);
    optNumber(a, "shift", s.shiftPixels, kNonNegative);
    optNumber(a, "zoom", s.zoom, kZoom);
    optBool(a, "flip", s.flip);
    optNumber(a, "noise", s.noise, kNonNegative);
}

QByteArray projectToJson(const Project& p) {
    QJsonObject view{{"showTestData", p.view.showTestData}, {"discretize", p.view.discretize}, {"range", p.view.range}};
    if (!p.view.hiddenControls.isEmpty()) view["hidden"] = QJsonArray::fromStringList(p.view.hiddenControls);
    QJsonObject root{{"format", kProjectFormatTag},
                     {"version", kProjectSchemaVersion},
                     {"title", p.title},
                     {"network", networkJson(p.network)},
                     {"data", dataJson(p.data)},
                     {"trainRatio", p.trainRatio},
                     {"splitSeed", seedJson(p.splitSeed)},
                     {"training", trainingJson(p.training)},
                     {"view", view}};
    // Optional: only the examples carry one, and a file without it is written exactly as before.
    if (!p.description.isEmpty()) root["description"] = p.description;
    if (p.trained && isFinite(*p.trained)) root["trained"] = trainedJson(*p.trained);
    // Optional as well: a file with nothing frozen or disabled is written exactly as before.
    if (hasMask(p)) root["mask"] = maskJson(p.mask, p.network);
    QJsonArray history;
    for (const HistoryPoint& h : p.history)  // NaN (a diverged run) is written as null
        history.append(QJsonObject{{"epoch", h.epoch},
                                   {"trainLoss", h.trainLoss},
                                   {"testLoss", h.testLoss},
                                   {"trainAccuracy", h.trainAccuracy},
                                   {"testAccuracy", h.testAccuracy}});
    root["history"] = history;
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

ProjectLoadResult projectFromJson(const QByteArray& json) {
    ProjectLoadResult r;
    try {
        r.project = parseProject(json);
    } catch (const JsonError& e) {
        r.error = e.message;
    } catch (const std::bad_alloc&) {
        r.error = "there is not enough memory to load this project";
    } catch (const std::exception& e) {
        r.error = QString("the project could not be read: %1").arg(qs(e.what()));
    } catch (...) {
        r.error = "the project could not be read (an unexpected error)";
    }
    if (!r.error.isEmpty()) r.project.reset();
    return r;
}

ProjectLoadResult loadProjectFile(const QString& path) {
    ProjectLoadResult r;
    QByteArray bytes;
    try {
        if (const QString e = readProjectBytes(path, bytes); !e.isEmpty()) {
            r.error = fileError(path, e);
            return r;
        }
    } catch (const std::bad_alloc&) {
        r.error = fileError(path, "there is not enough memory to read the file");
        return r;
    }
    r = projectFromJson(bytes);
    if (!r.project) r.error = fileError(path, r.error);
    return r;
}

bool saveProjectFile(const QString& path, const Project& project, QString* error) {
    const auto failed = [&](const QString& what) {
        if (error) *error = fileError(path, what);
        return false;
    };
    QByteArray json;
    try {
        json = projectToJson(project);
    } catch (const std::exception& e) {
        return failed(QString("the project could not be written (%1)").arg(qs(e.what())));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return failed(QString("cannot be written (%1)").arg(file.errorString()));
    if (file.write(json) != json.size()) {
        file.cancelWriting();
        return failed(QString("cannot be written (%1)").arg(file.errorString()));
    }
    if (!file.commit()) return failed(QString("cannot be saved (%1)").arg(file.errorString()));
    return true;
}

}  // namespace app
