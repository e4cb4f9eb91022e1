#include "app/lesson_setup.h"
#include "app/presets.h"
#include "app/project_data.h"
#include "engine/architecture_text.h"
#include "lessons/goal.h"
#include <QCoreApplication>
#include <QJsonArray>

namespace app {
namespace {
QString tr(const char* s) { return QCoreApplication::translate("app::LessonSetup", s); }

bool applyData(const QJsonObject& o, Project& p, QString* error) {
    if (o.contains("truthTable")) {
        const engine::Dataset d = truthTableData(o.value("truthTable").toString());
        if (d.empty()) {
            *error = tr("unknown truth table \"%1\"").arg(o.value("truthTable").toString());
            return false;
        }
        p.data.kind = DataSource::Kind::Points;
        p.data.points = d;
        p.trainRatio = 1.0;  // four points: all of them train, the table is the test
        p.view.range = 1.5;
        return true;
    }
    if (o.contains("bundled")) {
        p.data.kind = DataSource::Kind::Bundled;
        p.data.bundled = o.value("bundled").toString();
        return true;
    }
    engine::GeneratorParams& g = p.data.generator;
    if (p.data.kind != DataSource::Kind::Generated) {
        p.data.kind = DataSource::Kind::Generated;
        g = {};
    }
    if (o.contains("generator")) {
        const std::optional<engine::Generator> kind = engine::generatorFromName(o.value("generator").toString().toStdString());
        if (!kind) {
            *error = tr("unknown generator \"%1\"").arg(o.value("generator").toString());
            return false;
        }
        g.kind = *kind;
    }
    g.samples = o.value("samples").toInt(g.samples);
    g.noise = o.value("noise").toDouble(g.noise);
    g.classes = o.value("classes").toInt(g.classes);
    g.seed = std::uint64_t(o.value("seed").toInteger(qint64(g.seed)));
    return true;
}

template <typename T, typename F>
bool named(const QJsonObject& o, const char* key, T& into, F fromName, QString* error) {
    if (!o.contains(key)) return true;
    const auto v = fromName(o.value(key).toString().toStdString());
    if (!v) {
        *error = tr("unknown %1 \"%2\"").arg(key, o.value(key).toString());
        return false;
    }
    into = *v;
    return true;
}

bool applyTraining(const QJsonObject& o, engine::TrainSettings& t, QString* error) {
    static const QStringList keys{"learningRate", "optimizer", "updateMode", "batchSize", "algorithm", "l1", "l2",
                                  "seed", "standardize", "init", "momentum"};
    for (const QString& k : o.keys())
        if (!keys.contains(k)) {
            *error = tr("unknown training key \"%1\"").arg(k);
            return false;
        }
    t.optimizer.learningRate = o.value("learningRate").toDouble(t.optimizer.learningRate);
    t.optimizer.momentum = o.value("momentum").toDouble(t.optimizer.momentum);
    t.batchSize = o.value("batchSize").toInt(t.batchSize);
    t.l1 = o.value("l1").toDouble(t.l1);
    t.l2 = o.value("l2").toDouble(t.l2);
    t.seed = std::uint64_t(o.value("seed").toInteger(qint64(t.seed)));
    t.standardize = o.value("standardize").toBool(t.standardize);
    if (!(t.optimizer.learningRate > 0) || t.batchSize < 1) {
        *error = tr("the learning rate must be above 0 and the batch size at least 1");
        return false;
    }
    return named(o, "optimizer", t.optimizer.kind, engine::optimizerFromName, error) &&
           named(o, "updateMode", t.mode, engine::updateModeFromName, error) &&
           named(o, "algorithm", t.algorithm, engine::algorithmFromName, error) &&
           named(o, "init", t.init.scheme, engine::initFromName, error);
}
}  // namespace

engine::Dataset truthTableData(const QString& table) {
    const std::vector<int> t = lessons::truthTable(table);
    engine::Dataset d;
    if (t.empty()) return d;
    d.X.resize(2, 4);
    d.X << 0, 0, 1, 1,
           0, 1, 0, 1;
    d.labels = t;
    d.numClasses = 2;
    d.inputNames = {"x1", "x2"};
    d.classNames = {"0", "1"};
    return d;
}

std::optional<Project> lessonProject(const QJsonObject& setup, QString* error) {
    const QString presetName = setup.value("preset").toString("xor");
    if (!presetNames().contains(presetName)) {
        *error = tr("unknown preset \"%1\"").arg(presetName);
        return std::nullopt;
    }
    Project p = preset(presetName);
    p.title = presetTitle(presetName);
    if (setup.contains("data") && !applyData(setup.value("data").toObject(), p, error)) return std::nullopt;
    const std::optional<engine::Dataset> data = projectDataset(p.data, error);
    if (!data) return std::nullopt;
    if (setup.contains("features")) {
        p.training.features.clear();
        for (const QJsonValue& v : setup.value("features").toArray()) {
            const std::optional<engine::Feature> f = engine::featureFromName(v.toString().toStdString());
            if (!f) {
                *error = tr("unknown feature \"%1\"").arg(v.toString());
                return std::nullopt;
            }
            p.training.features.push_back(*f);
        }
    }
    const bool twoD = data->inputDim() == 2;
    if (!twoD) p.training.features.clear();
    const int inputs = twoD ? int(p.training.features.size()) : int(data->inputDim());
    if (setup.contains("network")) {
        const engine::ArchitectureParseResult r =
            engine::parseArchitecture(setup.value("network").toString().toStdString(), inputs);
        if (!r.ok()) {
            *error = tr("network \"%1\": %2").arg(setup.value("network").toString(), QString::fromStdString(r.error));
            return std::nullopt;
        }
        p.network = *r.spec;
    } else {
        // The preset's hidden layers, fitted to the data and the features.
        std::vector<int> hidden;
        for (std::size_t l = 0; l + 1 < p.network.layers.size(); ++l) hidden.push_back(p.network.layers[l].units);
        p.network = defaultNetworkFor(*data, inputs, hidden);
    }
    if (setup.contains("training") && !applyTraining(setup.value("training").toObject(), p.training, error))
        return std::nullopt;
    p.trainRatio = setup.value("trainRatio").toDouble(p.trainRatio);
    p.view.range = setup.value("range").toDouble(p.view.range);
    if (!(p.trainRatio > 0 && p.trainRatio <= 1) || !(p.view.range > 0)) {
        *error = tr("trainRatio must be in (0, 1] and range above 0");
        return std::nullopt;
    }
    if (setup.contains("weights")) {
        const QJsonArray w = setup.value("weights").toArray();
        if (w.size() != p.network.parameterCount()) {
            *error = tr("%1 weights given, the network %2 has %3")
                         .arg(w.size())
                         .arg(QString::fromStdString(p.network.describe()))
                         .arg(p.network.parameterCount());
            return std::nullopt;
        }
        TrainedState state;
        state.parameters.resize(w.size());
        for (int i = 0; i < w.size(); ++i) state.parameters[i] = w[i].toDouble();
        p.trained = state;
    }
    return p;
}

}  // namespace app
