#include "app/export/exported_model.h"
#include "engine/layers.h"
#include <QCoreApplication>
#include <QFileInfo>
#include <charconv>
#include <cmath>

namespace app {

std::string shortestDouble(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
    std::string s(buf, r.ptr);
    if (s == "-0") s = "-0.0";
    return s;
}

QString identifierFromFileName(const QString& path) {
    QString base = QFileInfo(path).completeBaseName();
    if (const int dot = base.indexOf('.'); dot > 0) base = base.left(dot);
    QString id;
    for (const QChar c : base) id += (c.isLetterOrNumber() && c.unicode() < 128) ? c : QChar('_');
    if (id.isEmpty()) id = "model";
    if (id[0].isDigit()) id.prepend("m_");
    return id;
}

QString ExportedLayer::describe() const {
    const QString f = QString::fromStdString(engine::activationName(activation));
    const QString window = QString("%1x%1").arg(kernel);
    switch (kind) {
    case engine::LayerKind::Dense: return QString("%1 %2").arg(units).arg(f);
    case engine::LayerKind::Conv:
        return QString("conv %1, %2 channel%3%4%5, %6")
            .arg(window)
            .arg(out.channels)
            .arg(out.channels == 1 ? "" : "s")
            .arg(stride == 1 ? QString() : QString(", stride %1").arg(stride))
            .arg(padding == 0 ? QString() : QString(", padding %1").arg(padding))
            .arg(f);
    case engine::LayerKind::MaxPool:
    case engine::LayerKind::AvgPool:
        return QString("%1 %2%3")
            .arg(QString::fromStdString(engine::layerKindName(kind)), window)
            .arg(stride == kernel ? QString() : QString(", stride %1").arg(stride));
    case engine::LayerKind::Flatten: return "flatten";
    }
    return {};
}

bool ExportedModel::isDenseOnly() const {
    if (inputShape.isImage()) return false;
    for (const ExportedLayer& l : layers)
        if (!l.isDense()) return false;
    return true;
}

QStringList ExportedModel::networkInputNames() const {
    if (!usesFeatures()) return rawNames;
    QStringList names;
    for (engine::Feature f : features) names << QString::fromStdString(engine::featureName(f));
    return names;
}

QString ExportedModel::summary() const {
    QStringList parts;
    parts << QString("%1 raw input%2 (%3)")
                 .arg(rawInputs)
                 .arg(rawInputs == 1 ? "" : "s")
                 .arg(rawInputs <= 4 ? rawNames.join(", ") : rawNames.mid(0, 2).join(", ") + ", ...");
    if (usesFeatures()) parts << QString("features %1").arg(networkInputNames().join(", "));
    if (standardizes()) parts << "standardised";
    if (inputShape.isImage())
        parts << QString("an image %1 (height x width x channels)")
                     .arg(QString::fromStdString(describeShape(inputShape)));
    for (const ExportedLayer& l : layers) parts << l.describe();
    return parts.join(" -> ");
}

QString ExportedModel::outputMeaning() const {
    if (task == engine::Task::Regression)
        return outputs() == 1 ? "the predicted value" : QString("the %1 predicted values").arg(outputs());
    const QString one = classNames.value(1, "class 1");
    if (outputs() == 1)
        return signedTargets ? "a score: class 1 when >= 0, class 0 below (trained on -1/+1 targets)"
                             : QString("the probability of class 1%1: class 1 when >= 0.5")
                                   .arg(one == "class 1" ? QString() : " (" + one + ")");
    const bool softmax = layers.back().activation == engine::Activation::Softmax;
    return QString("%1 of the %2 classes (%3): the largest wins")
        .arg(softmax ? "the probabilities" : "one score for each")
        .arg(outputs())
        .arg(classNames.join(", "));
}

engine::Matrix ExportedModel::transform(const engine::Matrix& raw) const {
    engine::Matrix F = usesFeatures() ? engine::computeFeatures(raw, features) : raw;
    if (!standardizes()) return F;
    engine::Standardizer s{mean, stddev};
    return s.apply(F);
}

engine::Matrix ExportedModel::predict(const engine::Matrix& raw) const {
    engine::Matrix A = transform(raw), Z, next;
    for (const ExportedLayer& l : layers) {
        if (l.isDense()) {
            Z = (l.W * A).colwise() + l.b;  // z = W a + b
            engine::activate(l.activation, Z, A);
            continue;
        }
        // The other kinds through the engine's own arithmetic, on a layout holding just this layer: W then b.
        engine::LayerLayout L;
        L.spec = {l.hasParameters() ? int(l.W.rows()) : 1, l.activation, l.kind, l.kernel, l.stride, l.padding};
        L.in = l.in;
        L.out = l.out;
        L.weightRows = int(l.W.rows());
        L.weightCols = int(l.W.cols());
        L.biasOffset = l.W.size();
        engine::Vector params(l.W.size() + l.b.size());
        for (engine::Index i = 0; i < l.W.size(); ++i) params[i] = l.W.data()[i];
        for (engine::Index j = 0; j < l.b.size(); ++j) params[l.W.size() + j] = l.b[j];
        engine::LayerScratch<double> scratch;
        engine::layerForward(L, params.data(), A, Z, next, scratch);
        A = next;
    }
    return A;
}

std::optional<ExportedModel> ExportedModel::describe(const engine::Trainer& trainer, const QString& title, bool trained,
                                                     QString* error) {
    auto fail = [&](const QString& message) -> std::optional<ExportedModel> {
        if (error) *error = message;
        return std::nullopt;
    };
    const engine::Network& net = trainer.network();
    if (!net.params().allFinite())
        return fail("The weights are not finite numbers (training diverged): reset the network or train it again "
                    "with a lower learning rate before exporting.");

    ExportedModel m;
    m.title = title;
    const QString version = QCoreApplication::applicationVersion();
    m.producer = version.isEmpty() ? "NN Lab" : "NN Lab " + version;
    m.settings = trainer.settings();
    m.loss = trainer.spec().loss;
    m.trained = trained;
    m.epochs = trainer.epochCount();
    m.steps = trainer.stepCount();
    m.signedTargets = trainer.signedTargets();
    m.threshold = trainer.outputThreshold();

    const engine::Dataset& train = trainer.trainData();
    const engine::Dataset& test = trainer.testData();
    const engine::Dataset& data = train.size() ? train : test;
    m.task = data.task;
    const int specInputs = trainer.spec().inputs;
    const auto& chosen = m.settings.features;
    int rawDim = int(data.inputDim());
    if (data.size() == 0) rawDim = (!chosen.empty() && int(chosen.size()) == specInputs) ? 2 : specInputs;
    m.rawInputs = rawDim;
    if (rawDim == 2 && !chosen.empty()) m.features = chosen;  // the trainer computes features for 2-D data only
    for (int i = 0; i < rawDim; ++i)
        m.rawNames << (std::size_t(rawDim) == data.inputNames.size() ? QString::fromStdString(data.inputNames[i])
                                                                     : QString("x%1").arg(i + 1));
    if (m.task == engine::Task::Classification) {
        for (int k = 0; k < data.numClasses; ++k)
            m.classNames << (std::size_t(k) < data.classNames.size() && !data.classNames[k].empty()
                                 ? QString::fromStdString(data.classNames[k])
                                 : QString("class %1").arg(k));
    }

    // The standardiser as the trainer fits it: on the training set's features, when there are at least 2 samples.
    if (m.settings.standardize && train.size() > 1) {
        engine::Standardizer s;
        s.fit(m.usesFeatures() ? engine::computeFeatures(train.X, m.features) : train.X);
        m.mean = s.mean;
        m.stddev = s.stddev;
    }
    m.inputShape = trainer.spec().inputShape();
    for (int l = 0; l < net.layerCount(); ++l) {
        const engine::LayerLayout& L = net.layout().layer(l);
        ExportedLayer layer;
        layer.kind = L.spec.kind;
        layer.inputs = net.layerInputs(l);
        layer.units = net.layerUnits(l);
        layer.in = L.in;
        layer.out = L.out;
        if (!layer.isDense()) {
            layer.kernel = L.spec.kernel;
            layer.stride = L.spec.stride;
            layer.padding = L.spec.padding;
        }
        layer.activation = layer.hasParameters() ? L.spec.activation : engine::Activation::Identity;
        layer.W = net.W(l);
        layer.b = net.b(l);
        m.layers.push_back(std::move(layer));
    }
    if (m.networkInputs() != (m.usesFeatures() ? int(m.features.size()) : rawDim))
        return fail(QString("The network takes %1 inputs but the data gives %2.")
                        .arg(m.networkInputs())
                        .arg(m.usesFeatures() ? int(m.features.size()) : rawDim));

    // The writers reproduce transform(); it must be exactly what the trainer feeds the network.
    try {
        if (train.size() && m.transform(train.X) != trainer.trainInputs())
            return fail("Internal error: the exported input transform differs from the trainer's (training set).");
        if (test.size() && m.transform(test.X) != trainer.testInputs())
            return fail("Internal error: the exported input transform differs from the trainer's (test set).");
    } catch (const std::exception& e) {
        return fail(QString("Internal error: %1").arg(e.what()));
    }
    m.trainX = train.X;
    m.trainY = trainer.trainTargets();
    return m;
}

}  // namespace app
