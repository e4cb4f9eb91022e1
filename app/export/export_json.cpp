// The model as JSON (docs/model-json.md). Qt's writer prints doubles in their shortest round-trip form, so every weight
// reads back bit for bit.
#include "app/export/export_writers.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace app::writers {
namespace {

QJsonArray numbers(const engine::Vector& v) {
    QJsonArray a;
    for (engine::Index i = 0; i < v.size(); ++i) a.append(v[i]);
    return a;
}

QJsonValue seedValue(std::uint64_t seed) {
    // Above 2^53 a JSON number loses digits in most readers: write it as a decimal string (as the project file does).
    if (seed <= (std::uint64_t(1) << 53)) return double(seed);
    return QString::number(seed);
}

QJsonObject trainingObject(const ExportedModel& m) {
    const engine::TrainSettings& s = m.settings;
    const engine::OptimizerSettings& o = s.optimizer;
    QJsonObject opt{{"kind", QString::fromStdString(engine::optimizerName(o.kind))}, {"learningRate", o.learningRate}};
    switch (o.kind) {
    case engine::OptimizerKind::SGD: break;
    case engine::OptimizerKind::Momentum:
    case engine::OptimizerKind::Nesterov: opt["momentum"] = o.momentum; break;
    case engine::OptimizerKind::AdaGrad: opt["epsilon"] = o.adagradEpsilon; break;
    case engine::OptimizerKind::RMSProp:
        opt["alpha"] = o.alpha;
        opt["epsilon"] = o.epsilon;
        break;
    case engine::OptimizerKind::NAdam: opt["momentumDecay"] = o.momentumDecay; [[fallthrough]];
    case engine::OptimizerKind::Adam:
        opt["beta1"] = o.beta1;
        opt["beta2"] = o.beta2;
        opt["epsilon"] = o.epsilon;
        break;
    }
    return QJsonObject{{"optimizer", opt},
                       {"mode", QString::fromStdString(engine::updateModeName(s.mode))},
                       {"batchSize", s.batchSize},
                       {"l1", s.l1},
                       {"l2", s.l2},
                       {"seed", seedValue(s.seed)},
                       {"epochs", double(m.epochs)},
                       {"steps", double(m.steps)}};
}

}  // namespace

QByteArray json(const ExportedModel& m) {
    QJsonArray layers;
    for (const ExportedLayer& l : m.layers) {
        QJsonArray rows;  // one row per unit: the weights from each input to that unit
        for (int j = 0; j < l.units; ++j) rows.append(numbers(l.W.row(j).transpose()));
        QJsonObject layer{{"inputs", l.inputs},
                          {"units", l.units},
                          {"activation", QString::fromStdString(engine::activationName(l.activation))},
                          {"weights", rows},
                          {"bias", numbers(l.b)}};
        if (l.activation == engine::Activation::LeakyReLU) layer["alpha"] = engine::kLeakyReluSlope;
        if (l.activation == engine::Activation::ELU) layer["alpha"] = engine::kEluAlpha;
        layers.append(layer);
    }
    QJsonArray features;
    for (engine::Feature f : m.features) features.append(QString::fromStdString(engine::featureName(f)));
    QJsonObject input{{"names", QJsonArray::fromStringList(m.rawNames)},
                      {"features", features},
                      {"standardize",
                       m.standardizes() ? QJsonValue(QJsonObject{{"mean", numbers(m.mean)}, {"std", numbers(m.stddev)}})
                                        : QJsonValue(QJsonValue::Null)}};
    QJsonObject output{{"units", m.outputs()}, {"meaning", m.outputMeaning()}};
    if (m.task == engine::Task::Classification && m.outputs() == 1) {
        output["threshold"] = m.threshold;
        output["signedTargets"] = m.signedTargets;
    }
    QJsonObject root{{"format", "nnlab-model"},
                     {"version", 1},
                     {"producer", m.producer},
                     {"title", m.title},
                     {"trained", m.trained},
                     {"task", m.task == engine::Task::Regression ? "regression" : "classification"},
                     {"input", input},
                     {"layers", layers},
                     {"loss", QString::fromStdString(engine::lossName(m.loss))},
                     {"output", output},
                     {"classes", QJsonArray::fromStringList(m.classNames)},
                     {"training", trainingObject(m)}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString commentSafe(QString s) {
    s.replace("*/", "* /");
    s.replace('\n', ' ');
    s.replace('\r', ' ');
    return s;
}

}  // namespace app::writers
