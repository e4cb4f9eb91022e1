#include "lessons/goal.h"
#include <QCoreApplication>
#include <QJsonArray>
#include "engine/architecture_text.h"
#include "engine/activation.h"
#include "engine/init.h"
#include "engine/learning.h"
#include "engine/loss.h"
#include "engine/optimizer.h"
#include <cmath>

namespace lessons {
namespace {
QString goalTr(const char* s) { return QCoreApplication::translate("lessons::Goal", s); }

QString metricTitle(const QString& m) {
    static const QMap<QString, const char*> titles{
        {"trainLoss", QT_TRANSLATE_NOOP("lessons::Goal", "training loss")},
        {"testLoss", QT_TRANSLATE_NOOP("lessons::Goal", "test loss")},
        {"trainAccuracy", QT_TRANSLATE_NOOP("lessons::Goal", "training accuracy")},
        {"testAccuracy", QT_TRANSLATE_NOOP("lessons::Goal", "test accuracy")},
        {"testR2", QT_TRANSLATE_NOOP("lessons::Goal", "test R²")},
        {"gap", QT_TRANSLATE_NOOP("lessons::Goal", "gap between test and training loss")},
        {"epoch", QT_TRANSLATE_NOOP("lessons::Goal", "epochs")},
        {"step", QT_TRANSLATE_NOOP("lessons::Goal", "updates")},
        {"forwardPasses", QT_TRANSLATE_NOOP("lessons::Goal", "forward passes")},
        {"hiddenNeurons", QT_TRANSLATE_NOOP("lessons::Goal", "hidden neurons")},
        {"hiddenLayers", QT_TRANSLATE_NOOP("lessons::Goal", "hidden layers")},
        {"diverged", QT_TRANSLATE_NOOP("lessons::Goal", "diverged")},
        {"parameters", QT_TRANSLATE_NOOP("lessons::Goal", "parameters")},
        {"shiftedTestAccuracy", QT_TRANSLATE_NOOP("lessons::Goal", "test accuracy on pictures shifted by one pixel")}};
    return goalTr(titles.value(m, ""));
}

double metricValue(const QString& m, const GoalInput& in) {
    int hiddenNeurons = 0;
    for (std::size_t l = 0; l + 1 < in.spec.layers.size(); ++l) hiddenNeurons += in.spec.layers[l].units;
    if (m == "trainLoss") return in.trainLoss;
    if (m == "testLoss") return in.testLoss;
    if (m == "trainAccuracy") return in.trainAccuracy;
    if (m == "testAccuracy") return in.testAccuracy;
    if (m == "testR2") return in.testR2;
    if (m == "gap") return in.testLoss - in.trainLoss;
    if (m == "epoch") return double(in.epoch);
    if (m == "step") return double(in.step);
    if (m == "forwardPasses") return double(in.forwardPasses);
    if (m == "hiddenNeurons") return hiddenNeurons;
    if (m == "hiddenLayers") return in.spec.layers.empty() ? 0 : double(in.spec.layers.size() - 1);
    if (m == "diverged") return in.diverged ? 1 : 0;
    if (m == "parameters") {  // every weight and bias: the trained vector's length, else the spec's layout
        if (in.params.size() > 0) return double(in.params.size());
        return in.spec.layers.empty() || !in.spec.validate().empty() ? std::nan("") : double(in.spec.parameterCount());
    }
    if (m == "shiftedTestAccuracy") return in.shiftedTestAccuracy;
    return std::nan("");
}

QString number(double v) { return QString::number(v, 'g', 4); }

QString settingTitle(const QString& s) {
    static const QMap<QString, const char*> titles{
        {"learningRate", QT_TRANSLATE_NOOP("lessons::Goal", "the learning rate")},
        {"optimizer", QT_TRANSLATE_NOOP("lessons::Goal", "the optimizer")},
        {"updateMode", QT_TRANSLATE_NOOP("lessons::Goal", "the update mode")},
        {"batchSize", QT_TRANSLATE_NOOP("lessons::Goal", "the batch size")},
        {"algorithm", QT_TRANSLATE_NOOP("lessons::Goal", "the learning algorithm")},
        {"penalty", QT_TRANSLATE_NOOP("lessons::Goal", "the penalty (L1 or L2)")},
        {"init", QT_TRANSLATE_NOOP("lessons::Goal", "the initialisation")},
        {"seed", QT_TRANSLATE_NOOP("lessons::Goal", "the seed")},
        {"features", QT_TRANSLATE_NOOP("lessons::Goal", "the input features")},
        {"standardize", QT_TRANSLATE_NOOP("lessons::Goal", "standardising the inputs")},
        {"architecture", QT_TRANSLATE_NOOP("lessons::Goal", "the architecture")},
        {"activation", QT_TRANSLATE_NOOP("lessons::Goal", "the hidden activation")},
        {"outputActivation", QT_TRANSLATE_NOOP("lessons::Goal", "the output activation")},
        {"loss", QT_TRANSLATE_NOOP("lessons::Goal", "the loss")},
        {"network", QT_TRANSLATE_NOOP("lessons::Goal", "the network")},
        {"data", QT_TRANSLATE_NOOP("lessons::Goal", "the data set")},
        {"augment", QT_TRANSLATE_NOOP("lessons::Goal", "the augmentation")}};
    return goalTr(titles.value(s, ""));
}
}  // namespace

QStringList changeableSettings() {
    return {"learningRate", "optimizer",    "updateMode", "batchSize",        "algorithm", "penalty",
            "init",         "seed",         "features",   "standardize",      "architecture",
            "activation",   "outputActivation", "loss",   "network",          "data",
            "augment"};
}

QString settingValue(const QString& setting, const GoalInput& in) {
    if (!in.hasSettings) return {};
    const engine::TrainSettings& t = in.training;
    auto s = [](const std::string& v) { return QString::fromStdString(v); };
    if (setting == "learningRate") return QString::number(t.optimizer.learningRate, 'g', 6);
    if (setting == "optimizer") return s(engine::optimizerName(t.optimizer.kind));
    if (setting == "updateMode") return s(engine::updateModeName(t.mode));
    if (setting == "batchSize") return QString::number(t.batchSize);
    if (setting == "algorithm") return s(engine::algorithmName(t.algorithm));
    if (setting == "penalty") return QString("L1 %1, L2 %2").arg(t.l1).arg(t.l2);
    if (setting == "init")  // the scheme, and a for the uniform one (a smaller a is a change of the start too)
        return s(engine::initName(t.init.scheme)) +
               (t.init.scheme == engine::Init::Uniform ? QString(" ±%1").arg(t.init.scale) : QString());
    if (setting == "seed") return QString::number(t.seed);
    if (setting == "features") {
        QStringList names;
        for (engine::Feature f : t.features) names << s(engine::featureName(f));
        return names.join(", ");
    }
    if (setting == "standardize") return t.standardize ? "on" : "off";
    if (setting == "architecture") {  // the layers and their sizes, whatever their activations
        QStringList parts{QString::number(in.spec.inputs)};
        for (const engine::LayerSpec& l : in.spec.layers)
            parts << (l.kind == engine::LayerKind::Dense ? QString::number(l.units)
                                                          : s(engine::layerKindName(l.kind)) + QString::number(l.units));
        return parts.join('-');
    }
    if (setting == "activation") {
        QStringList names;
        for (std::size_t l = 0; l + 1 < in.spec.layers.size(); ++l)
            names << s(engine::activationName(in.spec.layers[l].activation));
        return names.join(", ");
    }
    if (setting == "outputActivation") return s(engine::activationName(in.spec.outputActivation()));
    if (setting == "loss") return s(engine::lossName(in.spec.loss));
    if (setting == "network") return s(engine::formatArchitecture(in.spec));
    if (setting == "data") return in.data;
    if (setting == "augment") {  // the Training panel's box: every amount, so any change of one is a change
        const engine::AugmentSettings& a = t.augment;
        if (!a.any()) return "off";
        return QString("rotate %1°, shift %2 px, zoom %3, flip %4, noise %5")
            .arg(a.rotateDegrees)
            .arg(a.shiftPixels)
            .arg(a.zoom)
            .arg(a.flip ? "on" : "off")
            .arg(a.noise);
    }
    return {};
}

GoalInput goalInput(const engine::StepResult& r, const engine::NetworkSpec& spec, const engine::Vector& params,
                    const std::vector<engine::Feature>& features) {
    GoalInput in;
    in.epoch = r.epoch;
    in.step = r.step;
    in.forwardPasses = r.forwardPasses;
    in.trainLoss = r.train.loss;
    in.testLoss = r.test.loss;
    in.trainAccuracy = r.train.accuracy;
    in.testAccuracy = r.test.accuracy;
    in.testR2 = r.test.r2;
    in.diverged = r.diverged;
    in.spec = spec;
    in.params = params;
    in.features = features;
    return in;
}

QStringList goalMetrics() {
    return {"trainLoss", "testLoss", "trainAccuracy", "testAccuracy",  "testR2",       "gap",
            "epoch",     "step",     "forwardPasses", "hiddenNeurons", "hiddenLayers", "diverged",
            "parameters", "shiftedTestAccuracy"};
}

bool goalsUse(const std::vector<Goal>& goals, const QString& metric) {
    for (const Goal& g : goals)
        if (g.metric == metric) return true;
    return false;
}

QStringList truthTableNames() { return {"AND", "OR", "NAND", "NOR", "XOR"}; }

std::vector<int> truthTable(const QString& name) {
    const QString n = name.toUpper();
    if (n == "AND") return {0, 0, 0, 1};
    if (n == "OR") return {0, 1, 1, 1};
    if (n == "NAND") return {1, 1, 1, 0};
    if (n == "NOR") return {1, 0, 0, 0};
    if (n == "XOR") return {0, 1, 1, 0};
    return {};
}

std::vector<int> networkTruthTable(const GoalInput& in) {
    if (in.spec.layers.empty() || in.params.size() == 0 || !in.spec.validate().empty()) return {};
    engine::Matrix X(2, 4);
    X << 0, 0, 1, 1, 0, 1, 0, 1;  // columns: (0,0), (0,1), (1,0), (1,1)
    try {
        const engine::Matrix inputs = in.features.empty() ? X : engine::computeFeatures(X, in.features);
        engine::Network net(in.spec);
        if (net.parameterCount() != in.params.size() || inputs.rows() != in.spec.inputs) return {};
        net.params() = in.params;
        const engine::Matrix out = net.predict(inputs);
        const engine::Activation act = in.spec.outputActivation();
        const bool signedOut = act == engine::Activation::Tanh || act == engine::Activation::Identity;
        std::vector<int> answers;
        for (int c = 0; c < 4; ++c) {
            if (out.rows() == 1) answers.push_back(out(0, c) >= (signedOut ? 0.0 : 0.5) ? 1 : 0);
            else if (out.rows() == 2) answers.push_back(out(1, c) > out(0, c) ? 1 : 0);
            else return {};
        }
        return answers;
    } catch (const std::exception&) {
        return {};
    }
}

GoalStatus Goal::evaluate(const GoalInput& in, const GoalInput* start) const {
    bool met = false;
    if (!changed.isEmpty()) {
        const QString now = settingValue(changed, in);
        met = start && !now.isEmpty() && !settingValue(changed, *start).isEmpty() &&
              now != settingValue(changed, *start);
    } else if (!truthTable.isEmpty()) {
        met = networkTruthTable(in) == lessons::truthTable(truthTable);
    } else if (padAnswer) {
        met = in.padAnswer >= 0 && in.padAnswer == *padAnswer;  // ink on the pad, and the network's answer for it
    } else {
        const double v = metricValue(metric, in);
        met = std::isfinite(v) && (!atLeast || v >= *atLeast) && (!atMost || v <= *atMost) && (!above || v > *above) &&
              (!below || v < *below);
    }
    if (withinEpochs > 0 && in.epoch > withinEpochs) return GoalStatus::Missed;  // met late does not count
    return met ? GoalStatus::Met : GoalStatus::Pending;
}

QString settingLabel(const QString& setting, const GoalInput& in) {
    if (!in.hasSettings) return {};
    const engine::TrainSettings& t = in.training;
    if (setting == "optimizer") return QString::fromStdString(engine::optimizerLabel(t.optimizer.kind));
    if (setting == "features") {
        QStringList names;
        for (engine::Feature f : t.features) names << QString::fromStdString(engine::featureLabel(f));
        return names.join(", ");
    }
    QString v = settingValue(setting, in);
    v.replace('_', ' ');  // "xavier_uniform" -> "Xavier uniform", "full_batch" -> "full batch"
    if (setting == "init" && !v.isEmpty()) v[0] = v[0].toUpper();
    return v;
}

QString Goal::currentValue(const GoalInput& in) const {
    if (!changed.isEmpty()) {
        const QString now = settingLabel(changed, in);
        return now.isEmpty() ? QString("—") : now;
    }
    if (!truthTable.isEmpty()) {
        const std::vector<int> t = networkTruthTable(in);
        QStringList cells;
        for (int v : t) cells << QString::number(v);
        return cells.isEmpty() ? QString("—") : cells.join(' ');
    }
    if (padAnswer) return in.padAnswer < 0 ? QString("—") : QString::number(in.padAnswer);
    const double v = metricValue(metric, in);
    return std::isnan(v) ? QString("—") : number(v);  // not measured (yet)
}

GoalCheck checkGoals(const std::vector<Goal>& goals, const GoalInput& in, const GoalInput* start) {
    GoalCheck c;
    c.allMet = true;
    for (const Goal& g : goals) {
        c.states << g.evaluate(in, start);
        c.values << g.currentValue(in);
        c.allMet = c.allMet && c.states.back() == GoalStatus::Met;
    }
    return c;
}

std::optional<Goal> parseGoal(const QJsonObject& o, QString* error) {
    static const QStringList keys{"metric", "atLeast",      "atMost",     "above",
                                  "below",  "withinEpochs", "truthTable", "changed", "text", "padAnswer"};
    for (const QString& k : o.keys())
        if (!keys.contains(k)) {
            *error = goalTr("unknown goal key \"%1\" (expected one of %2)").arg(k, keys.join(", "));
            return std::nullopt;
        }
    Goal g;
    g.text = o.value("text").toString();
    g.withinEpochs = o.value("withinEpochs").toInteger(0);
    if (o.contains("padAnswer")) {
        const QJsonValue v = o.value("padAnswer");
        if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < 0 || v.toDouble() > 999) {
            *error = goalTr("\"padAnswer\" must be a class number from 0 up (found %1)")
                         .arg(v.isDouble()   ? QString::number(v.toDouble())
                              : v.isString() ? "\"" + v.toString() + "\""
                                             : goalTr("something else"));
            return std::nullopt;
        }
        if (o.contains("truthTable") || o.contains("metric") || o.contains("changed")) {
            *error = goalTr("a \"padAnswer\" goal has no metric, truth table or change of its own: make them goals of their own");
            return std::nullopt;
        }
        g.padAnswer = int(v.toDouble());
        if (g.text.isEmpty()) g.text = goalTr("The network reads your drawing on the pad as %1").arg(*g.padAnswer);
        return g;
    }
    if (o.contains("changed")) {
        g.changed = o.value("changed").toString();
        if (!changeableSettings().contains(g.changed)) {
            *error = goalTr("unknown setting \"%1\" to change (expected one of %2)")
                         .arg(o.value("changed").toString(), changeableSettings().join(", "));
            return std::nullopt;
        }
        if (o.contains("truthTable") || o.contains("metric")) {
            *error = goalTr("a \"changed\" goal has no metric or truth table of its own: make them goals of their own");
            return std::nullopt;
        }
        if (g.text.isEmpty()) g.text = goalTr("Change %1").arg(settingTitle(g.changed));
        return g;
    }
    if (o.contains("truthTable")) {
        g.truthTable = o.value("truthTable").toString().toUpper();
        if (truthTable(g.truthTable).empty()) {
            *error = goalTr("unknown truth table \"%1\" (expected %2)")
                         .arg(o.value("truthTable").toString(), truthTableNames().join(", "));
            return std::nullopt;
        }
        if (g.text.isEmpty()) g.text = goalTr("The network computes %1").arg(g.truthTable);
        return g;
    }
    g.metric = o.value("metric").toString();
    if (!goalMetrics().contains(g.metric)) {
        *error = goalTr("unknown goal metric \"%1\" (expected one of %2)").arg(g.metric, goalMetrics().join(", "));
        return std::nullopt;
    }
    auto bound = [&](const char* key, std::optional<double>& into) {
        if (o.contains(key)) into = o.value(key).toDouble();
    };
    bound("atLeast", g.atLeast);
    bound("atMost", g.atMost);
    bound("above", g.above);
    bound("below", g.below);
    if (!g.atLeast && !g.atMost && !g.above && !g.below) {
        *error = goalTr("the goal on \"%1\" has no bound (atLeast, atMost, above or below)").arg(g.metric);
        return std::nullopt;
    }
    if (g.text.isEmpty()) {
        QStringList parts;
        if (g.atLeast) parts << goalTr("%1 ≥ %2").arg(metricTitle(g.metric), number(*g.atLeast));
        if (g.above) parts << goalTr("%1 > %2").arg(metricTitle(g.metric), number(*g.above));
        if (g.atMost) parts << goalTr("%1 ≤ %2").arg(metricTitle(g.metric), number(*g.atMost));
        if (g.below) parts << goalTr("%1 < %2").arg(metricTitle(g.metric), number(*g.below));
        g.text = parts.join(goalTr(" and "));
        g.text[0] = g.text[0].toUpper();
        if (g.withinEpochs > 0) g.text += goalTr(" within %1 epochs").arg(g.withinEpochs);
    }
    return g;
}

}  // namespace lessons
