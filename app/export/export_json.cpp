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

QJsonObject shapeObject(const engine::Shape& s) {
    return QJsonObject{{"channels", s.channels}, {"height", s.height}, {"width", s.width}};
}

// A convolution, pooling or flatten layer (version 2): its kind, the shapes in and out, the window, and for a
// convolution weights[o][c][i][j] (PyTorch's layout) and one bias per output channel.
QJsonObject typedLayer(const ExportedLayer& l) {
    QJsonObject layer{{"type", QString::fromStdString(engine::layerKindName(l.kind))},
                      {"input", shapeObject(l.in)},
                      {"output", shapeObject(l.out)}};
    if (l.kind == engine::LayerKind::Flatten) return layer;
    layer["kernel"] = l.kernel;
    layer["stride"] = l.stride;
    if (l.kind != engine::LayerKind::Conv) return layer;
    layer["padding"] = l.padding;
    layer["activation"] = QString::fromStdString(engine::activationName(l.activation));
    QJsonArray kernels;
    for (int o = 0; o < l.out.channels; ++o) {
        QJsonArray channels;
        for (int c = 0; c < l.in.channels; ++c) {
            QJsonArray rows;
            for (int i = 0; i < l.kernel; ++i) {
                QJsonArray row;
                for (int j = 0; j < l.kernel; ++j) row.append(l.convWeight(o, c, i, j));
                rows.append(row);
            }
            channels.append(rows);
        }
        kernels.append(channels);
    }
    layer["weights"] = kernels;
    layer["bias"] = numbers(l.b);
    if (l.activation == engine::Activation::LeakyReLU) layer["alpha"] = engine::kLeakyReluSlope;
    if (l.activation == engine::Activation::ELU) layer["alpha"] = engine::kEluAlpha;
    return layer;
}

}  // namespace

QByteArray json(const ExportedModel& m) {
    // Version 1 is the dense stack, unchanged; version 2 adds the image input's shape and each layer's "type".
    const bool typed = !m.isDenseOnly();
    QJsonArray layers;
    for (const ExportedLayer& l : m.layers) {
        if (!l.isDense()) {
            layers.append(typedLayer(l));
            continue;
        }
        QJsonArray rows;  // one row per unit: the weights from each input to that unit
        for (int j = 0; j < l.units; ++j) rows.append(numbers(l.W.row(j).transpose()));
        QJsonObject layer{{"inputs", l.inputs},
                          {"units", l.units},
                          {"activation", QString::fromStdString(engine::activationName(l.activation))},
                          {"weights", rows},
                          {"bias", numbers(l.b)}};
        if (l.activation == engine::Activation::LeakyReLU) layer["alpha"] = engine::kLeakyReluSlope;
        if (l.activation == engine::Activation::ELU) layer["alpha"] = engine::kEluAlpha;
        if (typed) layer["type"] = "dense";
        layers.append(layer);
    }
    QJsonArray features;
    for (engine::Feature f : m.features) features.append(QString::fromStdString(engine::featureName(f)));
    QJsonObject input{{"names", QJsonArray::fromStringList(m.rawNames)},
                      {"features", features},
                      {"standardize",
                       m.standardizes() ? QJsonValue(QJsonObject{{"mean", numbers(m.mean)}, {"std", numbers(m.stddev)}})
                                        : QJsonValue(QJsonValue::Null)}};
    if (m.inputShape.isImage()) input["shape"] = shapeObject(m.inputShape);
    QJsonObject output{{"units", m.outputs()}, {"meaning", m.outputMeaning()}};
    if (m.task == engine::Task::Classification && m.outputs() == 1) {
        output["threshold"] = m.threshold;
        output["signedTargets"] = m.signedTargets;
    }
    QJsonObject root{{"format", "nnlab-model"},
                     {"version", typed ? 2 : 1},
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
