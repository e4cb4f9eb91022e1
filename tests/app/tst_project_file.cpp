// The project file: every field survives save and load (doubles bit for bit), every malformed file gives a message
// that names its problem, and no input, however broken, crashes the loader.
#include "app/document/project_file.h"
#include "app/document/presets.h"
#include "app/document/project_data.h"
#include "engine/architecture_text.h"
#include "engine/param_layout.h"
#include "engine/param_mask.h"
#include "nnlab_test_paths.h"
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>

using namespace app;
using engine::Activation;
using engine::Feature;

namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

bool sameBits(const engine::Matrix& a, const engine::Matrix& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (engine::Index i = 0; i < a.size(); ++i)
        if (!sameBits(a.data()[i], b.data()[i])) return false;
    return true;
}

// Doubles that a careless writer would round: decimal fractions, the extremes, subnormals, integers above 2^53.
const std::vector<double>& awkward() {
    static const std::vector<double> v{0.1,
                                       1e-300,
                                       -3.4e38,
                                       1.0 / 3,
                                       5e-324,  // the smallest subnormal
                                       std::numeric_limits<double>::max(),
                                       -std::numeric_limits<double>::min(),
                                       123456789012345680.0,
                                       3.141592653589793,
                                       std::nextafter(1.0, 2.0),
                                       -2.5,
                                       0.0,
                                       1e21,
                                       2.0 / 3e-10};
    return v;
}

engine::Vector awkwardVector(engine::Index n, int shift) {
    engine::Vector v(n);
    for (engine::Index i = 0; i < n; ++i) v[i] = awkward()[(i + shift) % awkward().size()];
    return v;
}

// The XOR preset's shape: 2-4-1, tanh hidden, sigmoid out, binary cross-entropy, 17 parameters.
Project xorProject() {
    Project p;
    p.title = "XOR";
    p.network.inputs = 2;
    p.network.layers = {{4, Activation::Tanh}, {1, Activation::Sigmoid}};
    p.network.loss = engine::Loss::BinaryCrossEntropy;
    p.data.generator = {engine::Generator::Xor, 200, 0.0, 2, 1};
    p.training.optimizer.learningRate = 0.1;
    return p;
}

// Every field away from its default.
Project fullProject(const QString& dataKind) {
    Project p;
    p.title = QString::fromUtf8("Spiral — \"quoted\", naïve\nsecond line ✓");
    p.description = QString::fromUtf8("Two arms, θ and r — \"polar\" ✓");
    p.network.inputs = 3;
    p.network.layers = {{5, Activation::ReLU}, {3, Activation::LeakyReLU}, {4, Activation::Softmax}};
    p.network.loss = engine::Loss::SoftmaxCrossEntropy;
    p.trainRatio = 0.7;
    p.splitSeed = (std::uint64_t(1) << 53) + 1;  // first integer a double cannot hold: written as a string

    engine::TrainSettings& t = p.training;
    t.optimizer = {engine::OptimizerKind::NAdam, 0.123, 0.5, 0.8, 0.99, 1e-7, 0.95, 1e-9, 5e-3};
    t.mode = engine::UpdateMode::Online;
    t.batchSize = 7;
    t.l1 = 1e-4;
    t.l2 = 0.003;
    t.init = {engine::Init::HeNormal, 0.7, 1.5};
    t.seed = std::numeric_limits<std::uint64_t>::max();
    t.algorithm = engine::Algorithm::RandomSearch;
    t.randomSearchScale = 0.2;
    t.finiteDifferenceStep = 1e-6;
    t.features = {Feature::X1X2, Feature::SinX1, Feature::Radius};
    t.standardize = true;
    t.singlePrecision = false;  // a project may choose double: it must come back

    if (dataKind == "generated") {
        p.data.kind = DataSource::Kind::Generated;
        p.data.generator = {engine::Generator::Spiral, 123, 0.35, 4, std::uint64_t(1) << 53};
    } else if (dataKind == "bundled") {
        p.data.kind = DataSource::Kind::Bundled;
        p.data.bundled = "iris";
        p.network.inputs = 4;
    } else if (dataKind == "classification points") {
        // 3-D points: features do not apply, the network sees the 3 raw values.
        p.data.kind = DataSource::Kind::Points;
        engine::Dataset& d = p.data.points;
        d.task = engine::Task::Classification;
        d.numClasses = 4;
        d.X = engine::Matrix(3, 5);
        for (engine::Index i = 0; i < d.X.size(); ++i) d.X.data()[i] = awkward()[i % awkward().size()] / 7;
        d.labels = {3, 0, 2, 1, 3};
        d.inputNames = {"sepal length", "wïdth", "x3"};
        d.classNames = {"a", "b", "c", "d"};
        p.data.testMask = {0, 1, 0, 0, 1};  // drawn points keep the side they were drawn into
        p.data.origin = "flowers, measured.csv";
    } else {  // "regression points": 2-D, so the three features apply; two targets per point
        p.data.kind = DataSource::Kind::Points;
        engine::Dataset& d = p.data.points;
        d.task = engine::Task::Regression;
        d.X = engine::Matrix(2, 4);
        d.X << 0.1, -1e-300, 1.0 / 3, 5.5, -6, 6, 1e-5, 2.0 / 3;
        d.targets = engine::Matrix(2, 4);
        d.targets << 0.2, 0.3, -0.7, 1e10, 1.0 / 7, -1.0 / 9, 0, 4e-320;
        d.inputNames = {"x1", "x2"};
        p.network.layers.back() = {2, Activation::Identity};
        p.network.loss = engine::Loss::MSE;
    }

    TrainedState s;
    const engine::Index n = p.network.parameterCount();
    s.parameters = awkwardVector(n, 0);
    s.step = 12345678901LL;
    s.epoch = 99;
    s.optimizerStep = 777;
    s.optimizerFirst = awkwardVector(n, 3);
    s.optimizerSecond = awkwardVector(n, 5).cwiseAbs();
    s.optimizerMuProduct = 0.987654321;
    p.trained = s;

    p.history = {{0.5, 0.69, 0.7, 0.5, 0.45}, {1.25, 1.0 / 3, 0.1, 0.75, 2.0 / 3}, {2, 1e-300, 0.2, 1, 0.99}};
    p.view = {true, true, 2.5};
    return p;
}

// QCOMPAREs each field of two projects; doubles must agree bit for bit.
void compareProjects(const Project& a, const Project& b) {
    QCOMPARE(b.title, a.title);
    QCOMPARE(b.description, a.description);
    QVERIFY(b.network == a.network);
    QCOMPARE(int(b.data.kind), int(a.data.kind));
    QVERIFY(b.data.generator == a.data.generator);
    QVERIFY(sameBits(b.data.generator.noise, a.data.generator.noise));
    QCOMPARE(b.data.bundled, a.data.bundled);
    const engine::Dataset &pa = a.data.points, &pb = b.data.points;
    QCOMPARE(int(pb.task), int(pa.task));
    QVERIFY(sameBits(pb.X, pa.X));
    QVERIFY(pb.labels == pa.labels);
    QVERIFY(sameBits(pb.targets, pa.targets));
    if (pa.task == engine::Task::Classification) QCOMPARE(pb.numClasses, pa.numClasses);
    QVERIFY(pb.inputNames == pa.inputNames);
    QVERIFY(pb.classNames == pa.classNames);
    QVERIFY(b.data.testMask == a.data.testMask);
    QCOMPARE(b.data.origin, a.data.origin);
    QVERIFY(sameBits(b.trainRatio, a.trainRatio));
    QCOMPARE(b.splitSeed, a.splitSeed);
    QVERIFY(b.training == a.training);
    const engine::OptimizerSettings &oa = a.training.optimizer, &ob = b.training.optimizer;
    for (auto [x, y] : {std::pair{oa.learningRate, ob.learningRate},
                        {oa.momentum, ob.momentum},
                        {oa.beta1, ob.beta1},
                        {oa.beta2, ob.beta2},
                        {oa.epsilon, ob.epsilon},
                        {oa.alpha, ob.alpha},
                        {oa.adagradEpsilon, ob.adagradEpsilon},
                        {oa.momentumDecay, ob.momentumDecay},
                        {a.training.l1, b.training.l1},
                        {a.training.l2, b.training.l2},
                        {a.training.init.scale, b.training.init.scale},
                        {a.training.init.gain, b.training.init.gain},
                        {a.training.randomSearchScale, b.training.randomSearchScale},
                        {a.training.finiteDifferenceStep, b.training.finiteDifferenceStep}})
        QVERIFY(sameBits(x, y));
    QCOMPARE(b.trained.has_value(), a.trained.has_value());
    if (a.trained) {
        const TrainedState &ta = *a.trained, &tb = *b.trained;
        QVERIFY(sameBits(tb.parameters, ta.parameters));
        QCOMPARE(tb.step, ta.step);
        QCOMPARE(tb.epoch, ta.epoch);
        QCOMPARE(tb.optimizerStep, ta.optimizerStep);
        QVERIFY(sameBits(tb.optimizerFirst, ta.optimizerFirst));
        QVERIFY(sameBits(tb.optimizerSecond, ta.optimizerSecond));
        QVERIFY(sameBits(tb.optimizerMuProduct, ta.optimizerMuProduct));
    }
    QCOMPARE(b.history.size(), a.history.size());
    for (std::size_t i = 0; i < a.history.size(); ++i) {
        const HistoryPoint &ha = a.history[i], &hb = b.history[i];
        QVERIFY(sameBits(hb.epoch, ha.epoch) && sameBits(hb.trainLoss, ha.trainLoss) &&
                sameBits(hb.testLoss, ha.testLoss) && sameBits(hb.trainAccuracy, ha.trainAccuracy) &&
                sameBits(hb.testAccuracy, ha.testAccuracy));
    }
    QVERIFY(b.mask == a.mask);
    QCOMPARE(b.view.showTestData, a.view.showTestData);
    QCOMPARE(b.view.discretize, a.view.discretize);
    QVERIFY(sameBits(b.view.range, a.view.range));
}

// Sets (or, with an undefined value, removes) the value at a path of keys and array indices.
QJsonValue setAt(QJsonValue node, QStringList path, const QJsonValue& value) {
    const QString key = path.takeFirst();
    if (node.isArray()) {
        QJsonArray a = node.toArray();
        const int i = key.toInt();
        if (path.isEmpty()) a[i] = value;
        else a[i] = setAt(a.at(i), path, value);
        return a;
    }
    QJsonObject o = node.toObject();
    if (path.isEmpty() && value.isUndefined()) o.remove(key);
    else o[key] = path.isEmpty() ? value : setAt(o.value(key), path, value);
    return o;
}

QJsonObject xorJson() { return QJsonDocument::fromJson(projectToJson(xorProject())).object(); }

QByteArray withValue(const QString& path, const QJsonValue& value, QJsonObject root = xorJson()) {
    return QJsonDocument(setAt(root, path.split('.'), value).toObject()).toJson();
}

QJsonArray numbers(std::initializer_list<double> v) {
    QJsonArray a;
    for (double x : v) a.append(x);
    return a;
}

// The XOR project with a trained state of n parameters.
QJsonObject trainedXorJson(int n) {
    Project p = xorProject();
    p.trained = TrainedState{};
    p.trained->parameters = engine::Vector::LinSpaced(17, -1, 1);
    QJsonObject root = QJsonDocument::fromJson(projectToJson(p)).object();
    QJsonArray params;
    for (int i = 0; i < n; ++i) params.append(0.5);
    return setAt(root, {"trained", "parameters"}, params).toObject();
}

// The XOR project (2-4-1) trained, with output layer 1 frozen, the bias of hidden neuron 2 frozen and hidden neuron 1
// disabled: its outgoing weight W_1(0, 1) reads 0 in the parameters and keeps its real value in the stash.
Project maskedXorProject() {
    Project p = xorProject();
    p.trained = TrainedState{};
    p.trained->parameters = awkwardVector(17, 3);
    p.mask = engine::makeParameterMask(p.network);
    engine::freezeLayer(p.mask, p.network, 1);
    engine::freezeBias(p.mask, p.network, 0, 2);
    if (!engine::disableNeuron(p.trained->parameters, p.mask, p.network, 0, 1)) qFatal("neuron 1 not disabled");
    return p;
}

QJsonObject maskedXorJson() { return QJsonDocument::fromJson(projectToJson(maskedXorProject())).object(); }

// The XOR project with drawn points instead of the generator.
QJsonObject pointsXorJson(QJsonArray labels, int classes = 2) {
    const QJsonObject data{{"kind", "points"},
                           {"task", "classification"},
                           {"classes", classes},
                           {"x", QJsonArray{numbers({1, 1}), numbers({-1, 1}), numbers({0.5, -2})}},
                           {"labels", labels}};
    return setAt(xorJson(), {"data"}, data).toObject();
}

// The digits preset with a convolutional network (from the architecture text, 64 inputs) and a trained state.
Project digitsConvProject(const char* text = "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax", bool trained = true) {
    Project p = preset("digits");
    const engine::ArchitectureParseResult r = engine::parseArchitecture(text);  // the inputs from the text
    if (!r.ok()) qFatal("%s: %s", text, r.error.c_str());
    p.network = *r.spec;
    if (trained) {
        TrainedState s;
        const engine::Index n = p.network.parameterCount();
        s.parameters = awkwardVector(n, 1);
        s.step = 42;
        s.epoch = 3;
        s.optimizerStep = 42;
        s.optimizerFirst = awkwardVector(n, 2);
        s.optimizerSecond = awkwardVector(n, 4).cwiseAbs();
        p.trained = s;
    }
    return p;
}

QJsonObject convJson() {
    return QJsonDocument::fromJson(
               projectToJson(digitsConvProject("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax", false)))
        .object();
}

}  // namespace

class TstProjectFile : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void writesTheDocumentedShape();
    void documentedExamplesLoad();
    void seedsAboveTwoToThe53AreStrings();
    void defaultsFillMissingOptionalFields();
    void nonFiniteTrainedStateIsLeftOut();
    void historyKeepsNaNAsNull();
    void negativeZeroLoadsAsZero();
    void malformed_data();
    void malformed();
    void syntaxErrorNamesLineAndColumn();
    void noInputCrashes();
    void saveAndLoadFile();
    void fileErrorsNameThePath();
    void opensVersion1Files();
    void convolutionalProjectRoundTrips_data();
    void convolutionalProjectRoundTrips();
    void writesOnlyTheKeysATypeUses();
    void imageInputsMustMatchTheData();
    void masksRoundTrip();
    void noMaskNoKey();
    void badMaskNamesTheFileAndThePath();
    void aLoadedMaskHoldsInTraining();
};

void TstProjectFile::roundTrip_data() {
    QTest::addColumn<QString>("dataKind");
    QTest::newRow("generated") << "generated";
    QTest::newRow("bundled") << "bundled";
    QTest::newRow("classification points") << "classification points";
    QTest::newRow("regression points") << "regression points";
}

void TstProjectFile::roundTrip() {
    QFETCH(QString, dataKind);
    const Project original = fullProject(dataKind);
    const QByteArray json = projectToJson(original);
    const ProjectLoadResult r = projectFromJson(json);
    QVERIFY2(r.project, qPrintable(r.error));
    QVERIFY(r.error.isEmpty());
    compareProjects(original, *r.project);
    if (QTest::currentTestFailed()) return;
    // Writing what was read gives the same bytes: nothing drifts over repeated saves.
    QCOMPARE(projectToJson(*r.project), json);
}

void TstProjectFile::writesTheDocumentedShape() {
    const QJsonObject root = xorJson();
    QCOMPARE(root["format"].toString(), QString("nnlab-project"));
    QCOMPARE(root["version"].toInt(), kProjectSchemaVersion);
    const QJsonObject net = root["network"].toObject();
    QCOMPARE(net["inputs"].toInt(), 2);
    QCOMPARE(net["layers"].toArray().at(0).toObject()["activation"].toString(), QString("tanh"));
    QCOMPARE(net["layers"].toArray().at(1).toObject()["units"].toInt(), 1);
    QCOMPARE(net["loss"].toString(), QString("bce"));
    QCOMPARE(root["data"].toObject()["generator"].toObject()["name"].toString(), QString("xor"));
    const QJsonObject training = root["training"].toObject();
    QCOMPARE(training["optimizer"].toObject()["kind"].toString(), QString("sgd"));
    QCOMPARE(training["mode"].toString(), QString("mini_batch"));
    QCOMPARE(training["init"].toObject()["scheme"].toString(), QString("xavier_uniform"));
    QCOMPARE(training["algorithm"].toString(), QString("backprop"));
    QCOMPARE(training["features"].toArray(), (QJsonArray{"x1", "x2"}));
    QVERIFY(!root.contains("trained"));      // an untrained project has no weights to write
    QVERIFY(!root.contains("description"));  // optional: written only when there is one
    // Indented, so a person can read and diff it.
    QVERIFY(projectToJson(xorProject()).contains("\n    \""));
}

void TstProjectFile::documentedExamplesLoad() {
    QFile doc(NNLAB_SOURCE_DIR "/docs/file-format.md");
    QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName()));
    const QByteArray text = doc.readAll();
    QList<QByteArray> blocks;
    for (qsizetype at = text.indexOf("```json\n"); at >= 0; at = text.indexOf("```json\n", at)) {
        const qsizetype end = text.indexOf("```", at + 8);
        QVERIFY(end > at);
        blocks << text.mid(at + 8, end - at - 8);
        at = end + 3;
    }
    QCOMPARE(blocks.size(), 5);  // the XOR preset, an abridged trained fragment, the smallest file, a convolution,
                                 // a mask
    const ProjectLoadResult example = projectFromJson(blocks[0]);
    QVERIFY2(example.project, qPrintable(example.error));
    QCOMPARE(projectToJson(*example.project), blocks[0]);  // exactly what NN Lab writes
    QCOMPARE(example.project->title, QString("XOR"));
    const ProjectLoadResult minimal = projectFromJson(blocks[2]);
    QVERIFY2(minimal.project, qPrintable(minimal.error));
    const ProjectLoadResult conv = projectFromJson(blocks[3]);
    QVERIFY2(conv.project, qPrintable(conv.error));
    QVERIFY(conv.project->network == digitsConvProject().network);
    QCOMPARE(conv.project->network.parameterCount(), engine::Index(80 + 1290));  // the figures the text gives
    const ProjectLoadResult masked = projectFromJson(blocks[4]);
    QVERIFY2(masked.project, qPrintable(masked.error));
    const Project& m = *masked.project;
    const engine::ParameterLayout lay(m.network);
    QVERIFY(engine::isLayerFrozen(m.mask, m.network, 1) && !engine::isNeuronFrozen(m.mask, m.network, 0, 0));
    QCOMPARE(lay.weightOffset(1), engine::Index(12));  // the indices the text gives
    QCOMPARE(lay.weightIndex(1, 0, 1), engine::Index(13));
    QVERIFY(engine::isDisabled(m.mask, 0, 1));
    QCOMPARE(m.mask.stash[13], 0.75);
}

void TstProjectFile::seedsAboveTwoToThe53AreStrings() {
    const Project p = fullProject("generated");
    const QJsonObject root = QJsonDocument::fromJson(projectToJson(p)).object();
    QVERIFY(root["data"].toObject()["generator"].toObject()["seed"].isDouble());  // exactly 2^53: still a number
    QCOMPARE(root["splitSeed"].toString(), QString("9007199254740993"));
    QCOMPARE(root["training"].toObject()["seed"].toString(), QString("18446744073709551615"));

    // A reader takes integer literals above 2^53 exactly, too (a hand-edited file).
    const ProjectLoadResult r = projectFromJson(
        QByteArray(projectToJson(xorProject())).replace("\"splitSeed\": 1", "\"splitSeed\": 9007199254740993"));
    QVERIFY2(r.project, qPrintable(r.error));
    QCOMPARE(r.project->splitSeed, std::uint64_t(9007199254740993ULL));
}

void TstProjectFile::defaultsFillMissingOptionalFields() {
    const QByteArray minimal = R"({"format": "nnlab-project", "version": 1,
        "network": {"inputs": 2, "layers": [{"units": 1, "activation": "sigmoid"}], "loss": "bce"},
        "data": {"kind": "generated", "generator": {"name": "circle"}}})";
    const ProjectLoadResult r = projectFromJson(minimal);
    QVERIFY2(r.project, qPrintable(r.error));
    const Project defaults;
    QVERIFY(r.project->training == defaults.training);
    QCOMPARE(r.project->data.generator.kind, engine::Generator::Circle);
    QCOMPARE(r.project->data.generator.samples, defaults.data.generator.samples);
    QCOMPARE(r.project->trainRatio, defaults.trainRatio);
    QVERIFY(!r.project->trained);
    QVERIFY(r.project->history.empty());
    QCOMPARE(r.project->view.range, defaults.view.range);
}

void TstProjectFile::nonFiniteTrainedStateIsLeftOut() {
    Project p = fullProject("generated");
    p.trained->parameters[3] = std::numeric_limits<double>::quiet_NaN();
    const ProjectLoadResult r = projectFromJson(projectToJson(p));
    QVERIFY2(r.project, qPrintable(r.error));  // the rest of the project still loads
    QVERIFY(!r.project->trained);
    QCOMPARE(r.project->history.size(), p.history.size());
}

void TstProjectFile::historyKeepsNaNAsNull() {
    Project p = xorProject();
    p.history = {{1, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), 0.5, 0.5}};
    const QByteArray json = projectToJson(p);
    QVERIFY(json.contains("null"));
    const ProjectLoadResult r = projectFromJson(json);
    QVERIFY2(r.project, qPrintable(r.error));
    QVERIFY(std::isnan(r.project->history[0].trainLoss));
    QVERIFY(std::isnan(r.project->history[0].testLoss));  // JSON has no infinity either
    QCOMPARE(r.project->history[0].trainAccuracy, 0.5);
}

void TstProjectFile::negativeZeroLoadsAsZero() {
    // Qt's JSON stores -0.0 as the integer 0; no computation in NN Lab depends on the sign of a zero weight.
    Project p = xorProject();
    p.trained = TrainedState{};
    p.trained->parameters = engine::Vector::Zero(17);
    p.trained->parameters[0] = -0.0;
    const ProjectLoadResult r = projectFromJson(projectToJson(p));
    QVERIFY2(r.project, qPrintable(r.error));
    QCOMPARE(r.project->trained->parameters[0], 0.0);
}

void TstProjectFile::malformed_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("words");  // each must appear in the message

    const QByteArray good = projectToJson(xorProject());
    QTest::newRow("empty file") << QByteArray("  \n") << QStringList{"empty"};
    QTest::newRow("truncated JSON") << good.left(good.size() / 2) << QStringList{"syntax error", "line", "column"};
    QTest::newRow("not an object") << QByteArray("[1, 2, 3]") << QStringList{"not an NN Lab project", "array"};
    QTest::newRow("no format tag") << withValue("format", QJsonValue::Undefined)
                                   << QStringList{"not an NN Lab project", "\"format\"", "nnlab-project"};
    QTest::newRow("wrong format tag") << withValue("format", "keras-model")
                                      << QStringList{"not an NN Lab project", "keras-model", "nnlab-project"};
    QTest::newRow("future version") << withValue("version", 7)
                                    << QStringList{"newer NN Lab", "format version 7", "reads up to 2"};
    QTest::newRow("version 3") << withValue("version", 3)
                               << QStringList{"this file was written by a newer NN Lab (format version 3); this "
                                              "version reads up to 2"};
    QTest::newRow("version 3 with typed layers")
        << withValue("version", 3, convJson()) << QStringList{"newer NN Lab", "format version 3", "reads up to 2"};
    QTest::newRow("version as text") << withValue("version", "1") << QStringList{"version", "whole number", "\"1\""};
    QTest::newRow("missing network") << withValue("network", QJsonValue::Undefined)
                                     << QStringList{"network", "missing"};
    QTest::newRow("network not an object") << withValue("network", 3) << QStringList{"network", "object", "found 3"};
    QTest::newRow("missing inputs") << withValue("network.inputs", QJsonValue::Undefined)
                                    << QStringList{"network.inputs", "missing"};
    QTest::newRow("no layers") << withValue("network.layers", QJsonArray{})
                               << QStringList{"network.layers", "empty", "output layer"};
    QTest::newRow("layer with 0 units") << withValue("network.layers.1.units", 0)
                                        << QStringList{"network.layers[1].units", "whole number ≥ 1", "found 0"};
    QTest::newRow("fractional units") << withValue("network.layers.0.units", 2.5)
                                      << QStringList{"network.layers[0].units", "whole number", "2.5"};
    QTest::newRow("units as text") << withValue("network.layers.0.units", "four")
                                   << QStringList{"network.layers[0].units", "whole number", "\"four\""};
    QTest::newRow("units beyond int") << withValue("network.layers.0.units", 1e12)
                                      << QStringList{"network.layers[0].units", "1000000000000", "most allowed",
                                                     "2147483647"};
    QTest::newRow("absurd layer sizes") << withValue("network.layers.0.units", 2000000000)
                                        << QStringList{"cannot be built", "parameters", "limit"};
    QTest::newRow("unknown activation") << withValue("network.layers.0.activation", "swish")
                                        << QStringList{"network.layers[0].activation", "\"swish\"", "tanh", "relu",
                                                       "softmax"};
    QTest::newRow("softmax in a hidden layer") << withValue("network.layers.0.activation", "softmax")
                                               << QStringList{"cannot be built", "softmax", "output layer"};
    QTest::newRow("unknown loss") << withValue("network.loss", "hinge")
                                  << QStringList{"network.loss", "hinge", "mse", "bce", "cross_entropy"};
    QTest::newRow("unknown optimizer") << withValue("training.optimizer.kind", "adamw")
                                       << QStringList{"training.optimizer.kind", "adamw", "sgd", "nadam"};
    QTest::newRow("negative learning rate") << withValue("training.optimizer.learningRate", -0.1)
                                            << QStringList{"training.optimizer.learningRate", "≥ 0", "-0.1"};
    QTest::newRow("beta1 of 1") << withValue("training.optimizer.beta1", 1)
                                << QStringList{"training.optimizer.beta1", "not including", "1"};
    QTest::newRow("unknown mode") << withValue("training.mode", "turbo")
                                  << QStringList{"training.mode", "turbo", "full_batch", "online"};
    QTest::newRow("unknown init") << withValue("training.init.scheme", "lecun")
                                  << QStringList{"training.init.scheme", "lecun", "he_normal"};
    QTest::newRow("unknown algorithm") << withValue("training.algorithm", "genetic")
                                       << QStringList{"training.algorithm", "genetic", "perceptron"};
    QTest::newRow("unknown feature") << withValue("training.features.1", "x3")
                                     << QStringList{"training.features[1]", "x3", "sin(x1)", "theta"};
    QTest::newRow("bad seed text") << withValue("training.seed", "12abc")
                                   << QStringList{"training.seed", "decimal digits", "12abc"};
    QTest::newRow("negative seed") << withValue("training.seed", -4) << QStringList{"training.seed", "≥ 0"};
    QTest::newRow("seed above 2^64") << withValue("splitSeed", "18446744073709551616")
                                     << QStringList{"splitSeed", "decimal digits"};
    QTest::newRow("precision not float or double")
        << withValue("training.precision", "half") << QStringList{"training.precision", "\"float\" or \"double\""};
    QTest::newRow("standardize not a bool")
        << withValue("training.standardize", "yes") << QStringList{"training.standardize", "true or false"};
    QTest::newRow("train ratio 0") << withValue("trainRatio", 0) << QStringList{"trainRatio", "above 0"};
    QTest::newRow("title a number") << withValue("title", 5) << QStringList{"title", "string"};
    QTest::newRow("description a number") << withValue("description", 5) << QStringList{"description", "string"};
    QTest::newRow("inputs do not match features")
        << withValue("network.inputs", 3) << QStringList{"network.inputs is 3", "2 inputs", "training.features"};
    QTest::newRow("missing data") << withValue("data", QJsonValue::Undefined) << QStringList{"data", "missing"};
    QTest::newRow("unknown data kind") << withValue("data.kind", "cloud")
                                       << QStringList{"data.kind", "cloud", "generated", "bundled", "points"};
    QTest::newRow("unknown generator") << withValue("data.generator.name", "swirl")
                                       << QStringList{"data.generator.name", "swirl", "xor", "spiral", "moons"};
    QTest::newRow("noise above 1") << withValue("data.generator.noise", 1.5)
                                   << QStringList{"data.generator.noise", "0 to 1", "1.5"};
    QTest::newRow("too many classes") << withValue("data.generator.classes", 50)
                                      << QStringList{"data.generator.classes", "most allowed", "8"};
    QTest::newRow("unknown bundled set") << withValue("data", QJsonObject{{"kind", "bundled"}, {"name", "mnist"}})
                                         << QStringList{"data.name", "mnist", "digits", "iris"};
    QTest::newRow("parameter count mismatch")
        << QJsonDocument(trainedXorJson(3)).toJson() << QStringList{"trained.parameters", "3 values", "17 parameters"};
    QTest::newRow("NaN as text in parameters") << withValue("trained.parameters.2", "nan", trainedXorJson(17))
                                               << QStringList{"trained.parameters[2]", "finite number", "\"nan\""};
    QTest::newRow("null in parameters") << withValue("trained.parameters.16", QJsonValue::Null, trainedXorJson(17))
                                        << QStringList{"trained.parameters[16]", "finite number", "null"};
    QTest::newRow("huge exponent in parameters") << QJsonDocument(trainedXorJson(17)).toJson().replace("0.5,", "1e999,")
                                                 << QStringList{"syntax error", "line", "illegal number", "finite"};
    QTest::newRow("optimizer state of the wrong size")
        << withValue("trained.optimizer.first", numbers({1, 2}), trainedXorJson(17))
        << QStringList{"trained.optimizer.first", "2 values", "17"};
    QTest::newRow("negative step") << withValue("trained.step", -1, trainedXorJson(17))
                                   << QStringList{"trained.step", "≥ 0"};
    QTest::newRow("labels out of range") << QJsonDocument(pointsXorJson(QJsonArray{0, 1, 5})).toJson()
                                         << QStringList{"data.labels[2]", "5", "out of range", "2 classes"};
    QTest::newRow("negative label") << QJsonDocument(pointsXorJson(QJsonArray{0, -1, 1})).toJson()
                                    << QStringList{"data.labels[1]", "≥ 0"};
    QTest::newRow("label count mismatch") << QJsonDocument(pointsXorJson(QJsonArray{0, 1})).toJson()
                                          << QStringList{"data.labels", "2 entries", "3 points"};
    QTest::newRow("NaN in points") << withValue("data.x.1.0", "NaN", pointsXorJson(QJsonArray{0, 1, 1}))
                                   << QStringList{"data.x[1][0]", "finite number", "\"NaN\""};
    QTest::newRow("ragged points") << withValue("data.x.2", numbers({1}), pointsXorJson(QJsonArray{0, 1, 1}))
                                   << QStringList{"data.x[2]", "1 values", "data.x[0] has 2", "same number"};
    QTest::newRow("unknown task") << withValue("data.task", "ranking", pointsXorJson(QJsonArray{0, 1, 1}))
                                  << QStringList{"data.task", "ranking", "classification", "regression"};
    QTest::newRow("test point out of range")
        << withValue("data.test", QJsonArray{0, 3}, pointsXorJson(QJsonArray{0, 1, 1}))
        << QStringList{"data.test[1]", "3", "index of a point", "0 to 2"};
    QTest::newRow("test point as text") << withValue("data.test", QJsonArray{"1"}, pointsXorJson(QJsonArray{0, 1, 1}))
                                        << QStringList{"data.test[0]", "\"1\"", "index of a point"};
    QTest::newRow("history entry not an object")
        << withValue("history", QJsonArray{1}) << QStringList{"history[0]", "object"};
    QTest::newRow("negative view range") << withValue("view.range", -6) << QStringList{"view.range", "> 0"};

    // Typed layers and image inputs (version 2).
    QTest::newRow("unknown layer type") << withValue("network.layers.1.type", "pool", convJson())
                                        << QStringList{"network.layers[1].type is \"pool\", which is not a known "
                                                       "layer type; the valid names are dense, conv, maxpool, "
                                                       "avgpool, flatten"};
    QTest::newRow("layer type a number") << withValue("network.layers.0.type", 2, convJson())
                                         << QStringList{"network.layers[0].type must be a string (found 2)"};
    QTest::newRow("kernel 0") << withValue("network.layers.0.kernel", 0, convJson())
                              << QStringList{"network.layers[0].kernel must be a whole number ≥ 1 (found 0)"};
    QTest::newRow("conv without kernel") << withValue("network.layers.0.kernel", QJsonValue::Undefined, convJson())
                                         << QStringList{"network.layers[0].kernel is missing"};
    QTest::newRow("conv without units") << withValue("network.layers.0.units", QJsonValue::Undefined, convJson())
                                        << QStringList{"network.layers[0].units is missing"};
    QTest::newRow("negative padding") << withValue("network.layers.0.padding", -1, convJson())
                                      << QStringList{"network.layers[0].padding must be a whole number ≥ 0"};
    QTest::newRow("fractional stride") << withValue("network.layers.1.stride", 1.5, convJson())
                                       << QStringList{"network.layers[1].stride must be a whole number ≥ 1", "1.5"};
    QTest::newRow("pooling window as text") << withValue("network.layers.1.kernel", "2", convJson())
                                            << QStringList{"network.layers[1].kernel", "whole number", "\"2\""};
    QTest::newRow("units on a pooling layer")
        << withValue("network.layers.1.units", 4, convJson())
        << QStringList{"network.layers[1] has no setting \"units\"; the known ones are type, kernel, stride"};
    QTest::newRow("activation on flatten")
        << withValue("network.layers.1", QJsonObject{{"type", "flatten"}, {"activation", "relu"}}, convJson())
        << QStringList{"network.layers[1] has no setting \"activation\""};
    QTest::newRow("padding not below the kernel") << withValue("network.layers.0.padding", 3, convJson())
                                                  << QStringList{"cannot be built", "layer 1 (conv)", "padding"};
    QTest::newRow("kernel larger than the image") << withValue("network.layers.0.kernel", 12, convJson())
                                                  << QStringList{"cannot be built", "12x12 kernel", "8x8x1"};
    QTest::newRow("pooling output layer")
        << withValue("network.layers.2", QJsonObject{{"type", "avgpool"}, {"kernel", 2}}, convJson())
        << QStringList{"cannot be built", "output layer must be a dense layer"};
    QTest::newRow("conv on a vector") << withValue("network.inputShape", QJsonValue::Undefined, convJson())
                                      << QStringList{"cannot be built", "needs an image", "vector of 64"};
    QTest::newRow("input shape of two") << withValue("network.inputShape", QJsonArray{8, 8}, convJson())
                                        << QStringList{"network.inputShape must be [height, width, channels]"};
    QTest::newRow("input shape with 0") << withValue("network.inputShape", QJsonArray{8, 0, 1}, convJson())
                                        << QStringList{"network.inputShape[1] must be a whole number ≥ 1"};
    QTest::newRow("input shape not the inputs")
        << withValue("network.inputShape", QJsonArray{8, 8, 2}, convJson())
        << QStringList{"network.inputShape is [8, 8, 2], 128 values, but network.inputs is 64; they must agree"};
    QTest::newRow("mask not an object") << withValue("mask", 3, maskedXorJson())
                                        << QStringList{"mask must be an object", "found 3"};
    QTest::newRow("mask unknown key") << withValue("mask.locked", QJsonArray{1}, maskedXorJson())
                                      << QStringList{"mask", "locked"};
    QTest::newRow("frozen index past the end")
        << withValue("mask.frozen", QJsonArray{0, 17}, maskedXorJson())
        << QStringList{"mask.frozen[1] is 17; it must be the index of a parameter, from 0 to 16 (the network"};
    QTest::newRow("frozen index negative") << withValue("mask.frozen", QJsonArray{-1}, maskedXorJson())
                                           << QStringList{"mask.frozen[0] is -1", "from 0 to 16"};
    QTest::newRow("frozen index fractional") << withValue("mask.frozen", QJsonArray{2.5}, maskedXorJson())
                                             << QStringList{"mask.frozen[0] is 2.5"};
    QTest::newRow("frozen index as text") << withValue("mask.frozen", QJsonArray{"3"}, maskedXorJson())
                                          << QStringList{"mask.frozen[0] is \"3\""};
    QTest::newRow("frozen not an array") << withValue("mask.frozen", 3, maskedXorJson())
                                         << QStringList{"mask.frozen must be an array"};
    QTest::newRow("disabled output neuron")
        << withValue("mask.disabled.0.layer", 1, maskedXorJson())
        << QStringList{"mask.disabled[0] is neuron 1 of layer 1", "only neurons of hidden layers can be disabled"};
    QTest::newRow("disabled unit past the layer") << withValue("mask.disabled.0.unit", 4, maskedXorJson())
                                                  << QStringList{"mask.disabled[0] is neuron 4 of layer 0"};
    QTest::newRow("disabled without a layer") << withValue("mask.disabled.0.layer", QJsonValue::Undefined,
                                                           maskedXorJson())
                                              << QStringList{"mask.disabled[0].layer", "missing"};
    QTest::newRow("outgoing of the wrong length")
        << withValue("mask.disabled.0.outgoing", numbers({0.5, 0.25}), maskedXorJson())
        << QStringList{"mask.disabled[0].outgoing has 2 values; the neuron has 1 outgoing weights"};
    QTest::newRow("outgoing not a number") << withValue("mask.disabled.0.outgoing", QJsonArray{"x"}, maskedXorJson())
                                           << QStringList{"mask.disabled[0].outgoing[0]", "finite"};
    const QJsonValue off = maskedXorJson()["mask"].toObject()["disabled"].toArray().at(0);
    QTest::newRow("disabled twice") << withValue("mask.disabled", QJsonArray{off, off}, maskedXorJson())
                                    << QStringList{"mask.disabled[1] disables that neuron a second time"};
    QTest::newRow("input shape a string")
        << withValue("network.inputShape", "8x8x1", convJson()) << QStringList{"network.inputShape must be an array"};
}

void TstProjectFile::malformed() {
    QFETCH(QByteArray, json);
    QFETCH(QStringList, words);
    const ProjectLoadResult r = projectFromJson(json);
    QVERIFY(!r.project);
    QVERIFY(!r.error.isEmpty());
    for (const QString& w : words)
        QVERIFY2(r.error.contains(w), qPrintable(QString("\"%1\" not in: %2").arg(w, r.error)));
}

void TstProjectFile::syntaxErrorNamesLineAndColumn() {
    const QByteArray json = "{\n  \"format\": \"nnlab-project\",\n  \"title\": \"ü\" \"oops\"\n}\n";
    const ProjectLoadResult r = projectFromJson(json);
    QVERIFY(!r.project);
    // The missing comma is found at the second string on line 3 (column 16; Qt 6.4 reports just past the quote, 17).
    // Columns count characters: counting the bytes of ü would give 17 or 18.
    QVERIFY2(r.error.contains("line 3, column 16") || r.error.contains("line 3, column 17"), qPrintable(r.error));
    const QByteArray ascii = QByteArray(json).replace("ü", "u");
    QCOMPARE(projectFromJson(ascii).error, r.error);

    const QByteArray good = projectToJson(xorProject());
    const QByteArray cut = good.left(good.indexOf("\"training\""));
    const ProjectLoadResult t = projectFromJson(cut);
    const int lastLine = int(cut.count('\n')) + 1;
    QVERIFY2(t.error.contains(QString("line %1,").arg(lastLine)), qPrintable(t.error));
}

void TstProjectFile::noInputCrashes() {
    // Every leaf of a trained points project replaced by each wrong kind of value, then random byte damage:
    // each load either succeeds or says why, and never crashes or throws.
    const QJsonObject base = pointsXorJson(QJsonArray{0, 1, 1});
    const QJsonValue replacements[] = {QJsonValue::Null, QJsonValue("x"), QJsonValue(-1),   QJsonValue(1e308),
                                       QJsonArray{},     QJsonObject{},   QJsonValue(true), QJsonValue(0.5)};
    int loads = 0;
    std::function<void(const QJsonValue&, QStringList)> visit = [&](const QJsonValue& v, QStringList path) {
        if (!path.isEmpty())
            for (const QJsonValue& r : replacements) {
                const ProjectLoadResult res = projectFromJson(withValue(path.join('.'), r, base));
                QVERIFY(res.project.has_value() != !res.error.isEmpty());
                ++loads;
            }
        if (v.isObject())
            for (const QString& k : v.toObject().keys()) visit(v.toObject().value(k), path + QStringList{k});
        if (v.isArray())
            for (int i = 0; i < v.toArray().size(); ++i)
                visit(v.toArray().at(i), path + QStringList{QString::number(i)});
    };
    visit(base, {});
    QVERIFY(loads > 200);

    std::mt19937 rng(12345);
    const QByteArray good = QJsonDocument(base).toJson();
    const char junk[] = "{}[],:\"0123456789.eE+-nulltruefalse \n\\";
    for (int i = 0; i < 3000; ++i) {
        QByteArray damaged = good;
        const int edits = 1 + int(rng() % 4);
        for (int e = 0; e < edits; ++e) damaged[rng() % damaged.size()] = junk[rng() % (sizeof junk - 1)];
        if (rng() % 5 == 0) damaged.truncate(int(rng() % damaged.size()));
        const ProjectLoadResult res = projectFromJson(damaged);
        QVERIFY(res.project.has_value() != !res.error.isEmpty());
    }
}

void TstProjectFile::saveAndLoadFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("spiral.nnlab");
    const Project original = fullProject("classification points");
    QString error;
    QVERIFY2(saveProjectFile(path, original, &error), qPrintable(error));
    ProjectLoadResult r = loadProjectFile(path);
    QVERIFY2(r.project, qPrintable(r.error));
    compareProjects(original, *r.project);
    if (QTest::currentTestFailed()) return;

    // Saving over it replaces it whole; no temporary file is left beside it.
    QVERIFY2(saveProjectFile(path, xorProject(), &error), qPrintable(error));
    r = loadProjectFile(path);
    QVERIFY2(r.project, qPrintable(r.error));
    QCOMPARE(r.project->title, QString("XOR"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"spiral.nnlab"});
}

void TstProjectFile::fileErrorsNameThePath() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath("nowhere/missing.nnlab");
    ProjectLoadResult r = loadProjectFile(missing);
    QVERIFY(!r.project);
    QVERIFY2(r.error.contains(QDir::toNativeSeparators(missing)) && r.error.contains("no such file"),
             qPrintable(r.error));

    r = loadProjectFile(dir.path());
    QVERIFY2(r.error.contains("folder"), qPrintable(r.error));

    QString error;
    QVERIFY(!saveProjectFile(missing, xorProject(), &error));  // the folder does not exist
    QVERIFY2(error.contains(QDir::toNativeSeparators(missing)), qPrintable(error));

    // A damaged file: the message names the file and the problem.
    const QString broken = dir.filePath("broken.nnlab");
    {
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(withValue("version", 7));
    }
    r = loadProjectFile(broken);
    QVERIFY2(r.error.contains(QDir::toNativeSeparators(broken)) && r.error.contains("newer NN Lab"),
             qPrintable(r.error));

    // Past the size limit (a sparse file: no real disk space is used), refused before reading.
    const QString huge = dir.filePath("huge.nnlab");
    {
        QFile f(huge);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(kMaxProjectFileBytes + 1));
    }
    r = loadProjectFile(huge);
    QVERIFY2(r.error.contains(QDir::toNativeSeparators(huge)) && r.error.contains("512 MB"), qPrintable(r.error));
}

// A version 1 file, as NN Lab 1 wrote it (layers without "type"), opens as the same project and is saved as version 2.
void TstProjectFile::opensVersion1Files() {
    const QByteArray v1 = R"({
    "format": "nnlab-project",
    "version": 1,
    "title": "Old XOR",
    "network": {
        "inputs": 2,
        "layers": [ { "activation": "relu", "units": 5 }, { "activation": "tanh", "units": 3 },
                    { "activation": "sigmoid", "units": 1 } ],
        "loss": "bce"
    },
    "data": { "kind": "generated", "generator": { "name": "xor", "samples": 100, "noise": 0.1, "seed": 3 } },
    "trainRatio": 0.6,
    "training": { "optimizer": { "kind": "adam", "learningRate": 0.02 }, "features": [ "x1", "x2" ] },
    "trained": { "parameters": [ 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5,
                                 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6,
                                 1.7, 1.8, 1.9, 2, 2.1, 2.2 ], "step": 7, "epoch": 1 },
    "history": [ { "epoch": 1, "trainLoss": 0.5, "testLoss": 0.6, "trainAccuracy": 0.7, "testAccuracy": 0.65 } ]
})";
    const ProjectLoadResult r = projectFromJson(v1);
    QVERIFY2(r.project, qPrintable(r.error));
    const Project& p = *r.project;
    engine::NetworkSpec want;
    want.inputs = 2;
    want.layers = {engine::LayerSpec::dense(5, Activation::ReLU), engine::LayerSpec::dense(3, Activation::Tanh),
                   engine::LayerSpec::dense(1, Activation::Sigmoid)};
    want.loss = engine::Loss::BinaryCrossEntropy;
    QVERIFY(p.network == want);
    QVERIFY(p.network.isDenseOnly());
    QCOMPARE(p.title, QString("Old XOR"));
    QCOMPARE(p.data.generator.samples, 100);
    QCOMPARE(p.training.optimizer.kind, engine::OptimizerKind::Adam);
    QVERIFY(p.trained);
    QCOMPARE(p.trained->parameters.size(), engine::Index(37));  // 2x5 + 5, 5x3 + 3, 3x1 + 1
    QCOMPARE(p.trained->parameters[36], 2.2);
    QCOMPARE(p.history.size(), std::size_t(1));

    // Saved again: version 2, every layer typed, no input shape; and that reads back to the same project.
    const QByteArray saved = projectToJson(p);
    const QJsonObject root = QJsonDocument::fromJson(saved).object();
    QCOMPARE(root["version"].toInt(), 2);
    const QJsonObject net = root["network"].toObject();
    QVERIFY(!net.contains("inputShape"));
    for (const QJsonValue& l : net["layers"].toArray()) {
        QCOMPARE(l.toObject()["type"].toString(), QString("dense"));
        QCOMPARE(l.toObject().keys(), (QStringList{"activation", "type", "units"}));
    }
    const ProjectLoadResult again = projectFromJson(saved);
    QVERIFY2(again.project, qPrintable(again.error));
    compareProjects(p, *again.project);
}

void TstProjectFile::convolutionalProjectRoundTrips_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("digits") << "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax";
    QTest::newRow("every kind") << "8x8x1 conv3x3x4 tanh pad1 stride2, avgpool2 stride1, conv2x2x6 elu, maxpool2, "
                                   "flatten, 16 relu, 10 softmax";
    QTest::newRow("image into dense layers") << "8x8x1 dense 12 tanh, dense 10 softmax";
}

// A convolutional project (the bundled digits) saves and reopens to an equal project, trained parameters included,
// both as JSON and through a file; the reopened project builds a trainer that holds those parameters.
void TstProjectFile::convolutionalProjectRoundTrips() {
    QFETCH(QString, text);
    const QByteArray utf8 = text.toUtf8();
    const Project original = digitsConvProject(utf8.constData());
    QVERIFY(!original.network.isDenseOnly());
    const QByteArray json = projectToJson(original);
    const ProjectLoadResult r = projectFromJson(json);
    QVERIFY2(r.project, qPrintable(r.error));
    compareProjects(original, *r.project);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(projectToJson(*r.project), json);
    QCOMPARE(QString::fromStdString(r.project->network.describe()),
             QString::fromStdString(original.network.describe()));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("digits.nnlab");
    QString error;
    QVERIFY2(saveProjectFile(path, original, &error), qPrintable(error));
    const ProjectLoadResult fromFile = loadProjectFile(path);
    QVERIFY2(fromFile.project, qPrintable(fromFile.error));
    compareProjects(original, *fromFile.project);

    // The bundled digits give the 64 inputs the 8x8x1 image needs: the trainer builds, with the saved weights.
    const std::unique_ptr<engine::Trainer> trainer = makeTrainer(*fromFile.project, &error);
    QVERIFY2(trainer, qPrintable(error));
    QVERIFY(trainer->network().spec() == original.network);
    QVERIFY(sameBits(trainer->network().params(), original.trained->parameters));
}

void TstProjectFile::writesOnlyTheKeysATypeUses() {
    const Project p = digitsConvProject(
        "8x8x1 conv3x3x4 tanh pad1 stride2, avgpool2 stride1, maxpool2, flatten, 10 softmax");
    const QJsonObject net = QJsonDocument::fromJson(projectToJson(p)).object()["network"].toObject();
    QCOMPARE(net["inputs"].toInt(), 64);
    QCOMPARE(net["inputShape"].toArray(), (QJsonArray{8, 8, 1}));
    const QJsonArray layers = net["layers"].toArray();
    QCOMPARE(layers.size(), 5);
    const QJsonObject conv = layers[0].toObject();
    QCOMPARE(
        conv,
        (QJsonObject{
            {"type", "conv"}, {"units", 4}, {"activation", "tanh"}, {"kernel", 3}, {"stride", 2}, {"padding", 1}}));
    QCOMPARE(layers[1].toObject(), (QJsonObject{{"type", "avgpool"}, {"kernel", 2}, {"stride", 1}}));
    QCOMPARE(layers[2].toObject(), (QJsonObject{{"type", "maxpool"}, {"kernel", 2}, {"stride", 2}}));
    QCOMPARE(layers[3].toObject(), (QJsonObject{{"type", "flatten"}}));
    QCOMPARE(layers[4].toObject(), (QJsonObject{{"type", "dense"}, {"units", 10}, {"activation", "softmax"}}));

    // Optional keys: a conv's stride 1 and padding 0, a pooling layer's stride = its window.
    QJsonObject root = convJson();
    root = setAt(root, {"network", "layers", "0"},
                 QJsonObject{{"type", "conv"}, {"units", 8}, {"activation", "relu"}, {"kernel", 3}, {"padding", 1}})
               .toObject();
    root = setAt(root, {"network", "layers", "1"}, QJsonObject{{"type", "maxpool"}, {"kernel", 2}}).toObject();
    root = setAt(root, {"network", "layers", "2"}, QJsonObject{{"units", 10}, {"activation", "softmax"}}).toObject();
    const ProjectLoadResult r = projectFromJson(QJsonDocument(root).toJson());
    QVERIFY2(r.project, qPrintable(r.error));
    QVERIFY(r.project->network == digitsConvProject().network);
}

// The data must give an image network its height x width x channels inputs, as for a dense one.
void TstProjectFile::imageInputsMustMatchTheData() {
    // Generated 2-D data with two features cannot feed an 8x8x1 image.
    QJsonObject root = convJson();
    root["data"] = xorJson()["data"];
    root["training"] = xorJson()["training"];
    ProjectLoadResult r = projectFromJson(QJsonDocument(root).toJson());
    QVERIFY(!r.project);
    QVERIFY2(r.error.contains("network.inputs is 64, but the data gives the network 2 inputs"), qPrintable(r.error));

    // Drawn points of 12 values feed a 2x2x3 image.
    Project p = xorProject();
    p.training.features.clear();
    engine::Dataset& d = p.data.points;
    p.data.kind = DataSource::Kind::Points;
    d.task = engine::Task::Classification;
    d.numClasses = 2;
    d.X = engine::Matrix::Random(12, 6);
    d.labels = {0, 1, 0, 1, 1, 0};
    p.network = *engine::parseArchitecture("2x2x3 conv1x1x2 relu, maxpool2, 1 sigmoid", 12).spec;
    r = projectFromJson(projectToJson(p));
    QVERIFY2(r.project, qPrintable(r.error));
    QVERIFY(r.project->network == p.network);
    QString error;
    QVERIFY2(makeTrainer(*r.project, &error), qPrintable(error));
    // ... but not a 3x3x1 one (9 inputs).
    QJsonObject wrong = QJsonDocument::fromJson(projectToJson(p)).object();
    wrong = setAt(wrong, {"network", "inputs"}, 9).toObject();
    wrong = setAt(wrong, {"network", "inputShape"}, QJsonArray{3, 3, 1}).toObject();
    r = projectFromJson(QJsonDocument(wrong).toJson());
    QVERIFY(!r.project);
    QVERIFY2(r.error.contains(
                 "network.inputs is 9, but the data gives the network 12 inputs (each point has 12 values)"),
             qPrintable(r.error));

    // Bundled data is checked when it is loaded: a 7x7x1 network on the 64-pixel digits builds no trainer.
    const Project small = digitsConvProject("7x7x1 conv3x3x8 relu pad1, maxpool2, 10 softmax", false);
    QVERIFY(!makeTrainer(small, &error));
    QVERIFY2(error.contains("49 inputs") && error.contains("64"), qPrintable(error));
}

void TstProjectFile::masksRoundTrip() {
    const Project original = maskedXorProject();
    const QByteArray json = projectToJson(original);
    const ProjectLoadResult r = projectFromJson(json);
    QVERIFY2(r.project, qPrintable(r.error));
    compareProjects(original, *r.project);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(projectToJson(*r.project), json);  // no drift over repeated saves
    // The documented shape: flat indices in Network's layout, and the disabled neuron with its real outgoing weight.
    const engine::ParameterLayout lay(original.network);
    const QJsonObject mask = QJsonDocument::fromJson(json).object()["mask"].toObject();
    QJsonArray frozen{qint64(lay.biasIndex(0, 2))};
    for (engine::Index p = lay.weightOffset(1); p < lay.size(); ++p) frozen.append(qint64(p));
    QCOMPARE(mask["frozen"].toArray(), frozen);
    const QJsonObject off = mask["disabled"].toArray().at(0).toObject();
    QCOMPARE(off["layer"].toInt(), 0);
    QCOMPARE(off["unit"].toInt(), 1);
    const engine::Index w = lay.weightIndex(1, 0, 1);
    QCOMPARE(original.trained->parameters[w], 0.0);  // the ablated weight reads 0 ...
    QCOMPARE(off["outgoing"].toArray(), numbers({awkwardVector(17, 3)[w]}));  // ... and its real value is saved
    QVERIFY(engine::isDisabled(r.project->mask, 0, 1));
    QVERIFY(engine::isLayerFrozen(r.project->mask, r.project->network, 1));
    QVERIFY(!engine::isLayerFrozen(r.project->mask, r.project->network, 0));
    // Enabling the loaded neuron gives back exactly the weight it had.
    engine::Vector params = r.project->trained->parameters;
    engine::ParameterMask m = r.project->mask;
    QVERIFY(engine::enableNeuron(params, m, r.project->network, 0, 1));
    QCOMPARE(params[w], awkwardVector(17, 3)[w]);
    // A mask without trained weights (an untrained, frozen network) round-trips as well.
    Project untrained = original;
    untrained.trained.reset();
    const ProjectLoadResult u = projectFromJson(projectToJson(untrained));
    QVERIFY2(u.project, qPrintable(u.error));
    QVERIFY(u.project->mask == original.mask);
}

void TstProjectFile::noMaskNoKey() {
    // Nothing frozen or disabled: no "mask" key, whether the mask is empty or all ones; such files (and every file
    // written before the key existed) load with an empty mask.
    Project p = xorProject();
    QVERIFY(!xorJson().contains("mask"));
    p.mask = engine::makeParameterMask(p.network);
    QVERIFY(!QJsonDocument::fromJson(projectToJson(p)).object().contains("mask"));
    const ProjectLoadResult r = projectFromJson(projectToJson(p));
    QVERIFY2(r.project, qPrintable(r.error));
    QCOMPARE(r.project->mask.trainable.size(), engine::Index(0));
    // A mask that does not fit the network (left from another one) is not written.
    p.mask = maskedXorProject().mask;
    p.network.layers[0].units = 3;
    QVERIFY(!QJsonDocument::fromJson(projectToJson(p)).object().contains("mask"));
    // An empty "mask" object is allowed and means nothing.
    const ProjectLoadResult e = projectFromJson(withValue("mask", QJsonObject{}));
    QVERIFY2(e.project, qPrintable(e.error));
    QVERIFY(!engine::anyFrozen(e.project->mask) && !engine::anyDisabled(e.project->mask));
}

void TstProjectFile::badMaskNamesTheFileAndThePath() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("frozen.nnlab");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(withValue("mask.frozen", QJsonArray{0, 99}, maskedXorJson()));
    f.close();
    const ProjectLoadResult r = loadProjectFile(path);
    QVERIFY(!r.project);
    QVERIFY2(r.error.startsWith(QDir::toNativeSeparators(path) + ": mask.frozen[1] is 99"), qPrintable(r.error));
}

void TstProjectFile::aLoadedMaskHoldsInTraining() {
    // `nnlab train FILE` trains what the file says: the frozen layer and the disabled neuron stay as saved.
    const ProjectLoadResult r = projectFromJson(projectToJson(maskedXorProject()));
    QVERIFY2(r.project, qPrintable(r.error));
    QString error;
    const std::unique_ptr<engine::Trainer> t = makeTrainer(*r.project, &error);
    QVERIFY2(t, qPrintable(error));
    const engine::Vector before = t->network().params();
    QVERIFY(before == r.project->trained->parameters);
    t->step(50);
    const engine::Vector after = t->network().params();
    const engine::ParameterLayout lay(r.project->network);
    const engine::Index out = lay.weightOffset(1);
    QVERIFY(after.tail(lay.size() - out) == before.tail(lay.size() - out));  // layer 1 frozen (and the ablated 0)
    QCOMPARE(after[lay.weightIndex(1, 0, 1)], 0.0);
    QCOMPARE(after[lay.biasIndex(0, 2)], before[lay.biasIndex(0, 2)]);  // the frozen bias
    QVERIFY(after.head(out) != before.head(out));  // the rest learns
}

QTEST_GUILESS_MAIN(TstProjectFile)
#include "tst_project_file.moc"
