// Model export: every format predicts what the engine predicts, for networks with features (r, theta) and
// standardisation, a softmax output, a regression output and 64 raw inputs. ONNX passes onnx::checker in-process and
// python3-onnx's full check, and runs in onnxruntime (node) to 1e-6; the C and C++ exports compile with the system
// compiler and agree to 1e-6 (C, float out) and 1e-9 (C++, double); JSON and CSV give back every weight bit for bit;
// the PyTorch script, where torch is installed, prints the same predictions and training loss. Two convolutional
// networks (the digits as an 8x8x1 image; a random 6x5x2 image, not square, with two channels) go through every
// format too: convolutions with padding and stride 2, max and average pooling (with windows that overlap), an explicit
// and an implicit flatten.
#include "app/cli/export_command.h"
#include "nnlab_test_paths.h"
#include "app/export/model_export.h"
#include "app/export/exported_model.h"
#include "app/document/presets.h"
#include "app/document/project_data.h"
#include "app/document/project_file.h"
#include "engine/rng.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include "command.h"
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>
#include <memory>

using namespace app;
using engine::Activation;
using engine::Feature;

namespace {

struct Case {
    QString name;
    std::unique_ptr<engine::Trainer> trainer;
    engine::Matrix inputs;    // raw, one column per sample, every value a float (what ONNX and C take)
    engine::Matrix expected;  // the engine's outputs for them
};

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

double toFloat(double v) { return double(float(v)); }

// ~50 raw 2-D points: random in [-7, 7]^2 plus the axes and the atan2 branch cut, all float-exact.
engine::Matrix planeInputs(quint32 seed) {
    const std::vector<std::pair<double, double>> special{{0, 0},     {-3, 0},     {0, 2},    {0, -2},
                                                         {-2, -2},   {-2, 2},     {2, -2},   {5, 0},
                                                         {-4, 1e-3}, {-4, -1e-3}, {1e-3, 6}, {6.5, -6.5}};
    QRandomGenerator rng(seed);
    engine::Matrix X(2, 50);
    for (int c = 0; c < 50; ++c) {
        if (std::size_t(c) < special.size()) {
            X(0, c) = toFloat(special[c].first);
            X(1, c) = toFloat(special[c].second);
        } else {
            X(0, c) = toFloat(rng.bounded(14.0) - 7.0);
            X(1, c) = toFloat(rng.bounded(14.0) - 7.0);
        }
    }
    return X;
}

engine::NetworkSpec spec(int inputs, std::vector<engine::LayerSpec> layers, engine::Loss loss) {
    engine::NetworkSpec s;
    s.inputs = inputs;
    s.layers = std::move(layers);
    s.loss = loss;
    return s;
}

engine::NetworkSpec imageSpec(int height, int width, int channels, std::vector<engine::LayerSpec> layers,
                              engine::Loss loss) {
    engine::NetworkSpec s = spec(height * width * channels, std::move(layers), loss);
    s.inputHeight = height;
    s.inputWidth = width;
    return s;
}

// A shape as the JSON export writes it.
engine::Shape shapeFrom(const QJsonValue& v) {
    return {v["channels"].toInt(), v["height"].toInt(), v["width"].toInt()};
}

QString num(double v) { return QString::number(v, 'g', 17); }

using Run = testsupport::CommandRun;
Run run(const QString& program, const QStringList& args, const QByteArray& input = {}, const QString& dir = {},
        int timeoutMs = 120000) {
    testsupport::CommandOptions o;
    o.input = input;
    o.dir = dir;
    o.timeoutMs = timeoutMs;
    return testsupport::runCommand(program, args, o);
}

// The rows of "a b c" numbers in text, one row per line.
std::vector<std::vector<double>> parseRows(const QByteArray& text) {
    std::vector<std::vector<double>> rows;
    for (const QByteArray& line : text.split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (line.trimmed().isEmpty()) continue;
        std::vector<double> row;
        for (const QByteArray& p : parts) row.push_back(p.toDouble());
        rows.push_back(row);
    }
    return rows;
}

QByteArray inputText(const engine::Matrix& X) {
    QByteArray s;
    for (engine::Index c = 0; c < X.cols(); ++c) {
        for (engine::Index i = 0; i < X.rows(); ++i) s += num(X(i, c)).toUtf8() + (i + 1 < X.rows() ? " " : "\n");
    }
    return s;
}

}  // namespace

class TstModelExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void onnxPassesChecker();
    void onnxPythonChecker();
    void onnxRuntimeMatchesEngine();
    void cSourceMatchesEngine();
    void cppHeaderMatchesEngine();
    void jsonRoundTrips();
    void csvRoundTrips();
    void exportedModelPredicts();
    void pytorchScriptMatchesEngine();
    void commandLine();
    void refusesDivergedWeights();

private:
    void checkTypedJson(const Case& c, const QJsonObject& root, const engine::Matrix& input);
    QString exportTo(const Case& c, ExportFormat f, const QString& suffix);
    QString m_dirPath;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::vector<Case> m_cases;
};

void TstModelExport::initTestCase() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    if (qEnvironmentVariableIsSet("NNLAB_KEEP_TEST_FILES")) {  // to look at the exported files afterwards
        m_dir->setAutoRemove(false);
        qInfo("exports are kept in %s", qPrintable(m_dir->path()));
    }
    m_dirPath = m_dir->path();

    auto add = [&](const QString& name, const engine::Dataset& all, const engine::NetworkSpec& s,
                   const engine::TrainSettings& settings, long long epochs, const engine::Matrix& inputs) {
        const engine::Split split = engine::splitDataset(all, 0.7, 5);
        auto t = std::make_unique<engine::Trainer>(s, split.train, split.test, settings);
        t->runEpochs(epochs);
        QVERIFY2(t->network().params().allFinite(), qPrintable(name));
        Case c{name, std::move(t), inputs, {}};
        c.expected = c.trainer->network().predict(c.trainer->prepareInputs(inputs));
        m_cases.push_back(std::move(c));
    };

    {  // Every 2-D feature, r and theta included, standardised; tanh, elu, sigmoid + BCE; Adam.
        engine::TrainSettings t;
        t.features = engine::allFeatures();
        t.standardize = true;
        t.optimizer.kind = engine::OptimizerKind::Adam;
        t.optimizer.learningRate = 0.01;
        t.seed = 7;
        add("spiral_features", engine::generate({engine::Generator::Spiral, 200, 0.1, 2, 3}),
            spec(9, {{8, Activation::Tanh}, {6, Activation::ELU}, {1, Activation::Sigmoid}},
                 engine::Loss::BinaryCrossEntropy),
            t, 30, planeInputs(1));
    }
    {  // Three classes: relu, leaky relu, softmax + cross-entropy; momentum; features without standardisation.
        engine::TrainSettings t;
        t.features = {Feature::X1, Feature::X2, Feature::X1X2, Feature::SinX1, Feature::Angle};
        t.optimizer.kind = engine::OptimizerKind::Momentum;
        t.optimizer.learningRate = 0.05;
        add("gaussians_softmax", engine::generate({engine::Generator::Gaussians, 150, 0.3, 3, 4}),
            spec(5, {{6, Activation::ReLU}, {5, Activation::LeakyReLU}, {3, Activation::Softmax}},
                 engine::Loss::SoftmaxCrossEntropy),
            t, 20, planeInputs(2));
    }
    {  // Regression: softplus, sine, step, identity output + MSE; SGD with L1 and L2.
        engine::TrainSettings t;
        t.features = {Feature::X1, Feature::X2, Feature::X1Squared, Feature::X2Squared, Feature::Radius};
        t.standardize = true;
        t.l1 = 1e-4;
        t.l2 = 1e-3;
        add("bumps_regression", engine::generate({engine::Generator::RegressionGaussians, 150, 0.0, 2, 5}),
            spec(5,
                 {{6, Activation::Softplus}, {4, Activation::Sine}, {3, Activation::Step}, {1, Activation::Identity}},
                 engine::Loss::MSE),
            t, 20, planeInputs(3));
    }
    {  // 64 raw inputs (digits 8x8), standardised; sigmoid, softmax; NAdam.
        QString error;
        const std::optional<engine::Dataset> digits = loadBundled("digits", &error);
        QVERIFY2(digits, qPrintable(error));
        std::vector<engine::Index> first(300);
        for (std::size_t i = 0; i < first.size(); ++i) first[i] = engine::Index(i);
        const engine::Dataset small = digits->subset(first);
        engine::TrainSettings t;
        t.standardize = true;
        t.optimizer.kind = engine::OptimizerKind::NAdam;
        t.optimizer.learningRate = 0.01;
        engine::Matrix inputs(64, 50);
        for (int c = 0; c < 50; ++c) inputs.col(c) = digits->X.col(1000 + c);  // k/16: float-exact
        add("digits", small,
            spec(64, {{16, Activation::Sigmoid}, {10, Activation::Softmax}}, engine::Loss::SoftmaxCrossEntropy), t, 10,
            inputs);
    }
    {  // A single tanh output trained on -1/+1 targets; RMSProp; the raw inputs as features.
        engine::TrainSettings t;
        t.optimizer.kind = engine::OptimizerKind::RMSProp;
        t.optimizer.learningRate = 0.01;
        t.mode = engine::UpdateMode::FullBatch;
        add("xor_tanh", engine::generate({engine::Generator::Xor, 100, 0.1, 2, 6}),
            spec(2, {{3, Activation::Tanh}, {1, Activation::Tanh}}, engine::Loss::MSE), t, 20, planeInputs(4));
        QVERIFY(m_cases.back().trainer->signedTargets());
    }
    {  // The digits as an 8x8x1 image, standardised per pixel: conv 3x3 padding 1 relu, average pooling 2 with stride
        // 1 (overlapping windows), conv 3x3 stride 2 padding 1 tanh, max pooling 2, an explicit flatten, dense, softmax.
        QString error;
        const std::optional<engine::Dataset> digits = loadBundled("digits", &error);
        QVERIFY2(digits, qPrintable(error));
        std::vector<engine::Index> first(200);
        for (std::size_t i = 0; i < first.size(); ++i) first[i] = engine::Index(i);
        engine::TrainSettings t;
        t.standardize = true;
        t.optimizer.kind = engine::OptimizerKind::Adam;
        t.optimizer.learningRate = 0.01;
        t.seed = 11;
        using engine::LayerSpec;
        engine::Matrix inputs(64, 50);
        for (int c = 0; c < 50; ++c) inputs.col(c) = digits->X.col(1200 + c);
        add("digits_conv", digits->subset(first),
            imageSpec(8, 8, 1,
                      {LayerSpec::conv(4, 3, Activation::ReLU, 1, 1), LayerSpec::avgPool(2, 1),
                       LayerSpec::conv(3, 3, Activation::Tanh, 2, 1), LayerSpec::maxPool(2), LayerSpec::flatten(),
                       LayerSpec::dense(8, Activation::LeakyReLU), LayerSpec::dense(10, Activation::Softmax)},
                      engine::Loss::SoftmaxCrossEntropy),
            t, 3, inputs);
    }
    {  // A random 6x5x2 image (not square, two channels), regression: conv 2x2 sigmoid, max pooling 2 stride 1, average
        // pooling 2, conv 3x3 stride 2 padding 2 elu, then a dense layer straight on the image (an implicit flatten).
        QRandomGenerator rng(21);
        auto image = [&] {
            engine::Vector x(60);
            for (engine::Index i = 0; i < x.size(); ++i) x[i] = rng.bounded(256) / 64.0 - 2.0;  // float-exact
            return x;
        };
        engine::Dataset data;
        data.task = engine::Task::Regression;
        data.numClasses = 0;
        data.X.resize(60, 120);
        data.targets.resize(1, 120);
        for (int n = 0; n < 120; ++n) {
            data.X.col(n) = image();
            // Channel 0's top rows against channel 1's bottom rows: the layout matters.
            data.targets(0, n) = data.X.col(n).segment(0, 10).mean() - data.X.col(n).segment(50, 10).mean();
        }
        engine::Matrix inputs(60, 50);
        for (int c = 0; c < 50; ++c) inputs.col(c) = image();
        engine::TrainSettings t;
        t.optimizer.kind = engine::OptimizerKind::Momentum;
        t.optimizer.learningRate = 0.02;
        t.l2 = 1e-3;
        t.seed = 12;
        using engine::LayerSpec;
        add("image_regression", data,
            imageSpec(6, 5, 2,
                      {LayerSpec::conv(3, 2, Activation::Sigmoid), LayerSpec::maxPool(2, 1), LayerSpec::avgPool(2),
                       LayerSpec::conv(2, 3, Activation::ELU, 2, 2), LayerSpec::dense(5, Activation::Tanh),
                       LayerSpec::dense(1, Activation::Identity)},
                      engine::Loss::MSE),
            t, 5, inputs);
        // Five epochs leave the outputs within 0.1 of each other: seeded random weights of size ~1 spread them
        // wider, so that a value read from the wrong place shows far above the tolerances.
        Case& c = m_cases.back();
        engine::Rng weights(33);
        engine::Vector p(c.trainer->network().parameterCount());
        for (engine::Index i = 0; i < p.size(); ++i) p[i] = weights.uniform(-1.0, 1.0);
        c.trainer->setParameters(p);
        c.expected = c.trainer->network().predict(c.trainer->prepareInputs(c.inputs));
        QVERIFY(c.expected.maxCoeff() - c.expected.minCoeff() > 0.1);
        const engine::ParameterLayout layout(c.trainer->spec());
        QCOMPARE(layout.layer(2).out, (engine::Shape{3, 2, 1}));  // 6x5 -> 5x4 -> 4x3 -> 2x1
        QCOMPARE(layout.layer(3).out, (engine::Shape{2, 2, 2}));
    }
}

QString TstModelExport::exportTo(const Case& c, ExportFormat f, const QString& suffix) {
    const QString path = QDir(m_dirPath).filePath(c.name + suffix);
    const ExportResult r = exportModel(*c.trainer, f, path, ExportInfo{"Test: " + c.name, true});
    if (!r.ok) qWarning("%s", qPrintable(r.error));
    return r.ok ? path : QString();
}

void TstModelExport::onnxPassesChecker() {
    for (const Case& c : m_cases) {
        const QString path = exportTo(c, ExportFormat::Onnx, ".onnx");
        QVERIFY2(!path.isEmpty(), qPrintable(c.name));
        const QString problem = checkOnnxFile(path);
        QVERIFY2(problem.isEmpty(), qPrintable(c.name + ": " + problem));
    }
    // The checker is really looking: a file that is not a model fails.
    const QString bogus = QDir(m_dirPath).filePath("bogus.onnx");
    QFile f(bogus);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a model");
    f.close();
    QVERIFY(!checkOnnxFile(bogus).isEmpty());
}

void TstModelExport::onnxPythonChecker() {
    const QString python = "/usr/bin/python3";  // Debian's python3-onnx is not visible to other interpreters
    if (!QFileInfo::exists(python) || run(python, {"-c", "import onnx"}).code != 0)
        QSKIP("python3-onnx is not installed (apt-get install python3-onnx)");
    QStringList files;
    for (const Case& c : m_cases) {
        files << exportTo(c, ExportFormat::Onnx, ".onnx");
        QVERIFY(!files.back().isEmpty());
    }
    const Run r = run(python, QStringList{"-c", "import sys, onnx, onnx.shape_inference\n"
                                                "for p in sys.argv[1:]:\n"
                                                "    m = onnx.load(p)\n"
                                                "    onnx.checker.check_model(m, full_check=True)\n"
                                                "    m = onnx.shape_inference.infer_shapes(m, strict_mode=True)\n"
                                                "    out = m.graph.output[0].type.tensor_type.shape.dim\n"
                                                "    print(p, [d.dim_param or d.dim_value for d in out])\n"} +
                                  files);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        QVERIFY2(r.out.contains(QString("['N', %1]").arg(m_cases[i].expected.rows())), qPrintable(r.out));
}

void TstModelExport::onnxRuntimeMatchesEngine() {
    const QString node = QStandardPaths::findExecutable("node");
    const QString ortDir = QStringLiteral(NNLAB_SOURCE_DIR) + "/tools/ort";
    if (node.isEmpty()) QSKIP("node is not installed: the ONNX files cannot be run in onnxruntime");
    if (!QFileInfo::exists(ortDir + "/node_modules/onnxruntime-node/package.json"))
        QSKIP("onnxruntime-node is not installed: run ./run.sh test, or: cd tools/ort && "
              "ONNXRUNTIME_NODE_INSTALL=skip npm ci");
    QStringList args{ortDir + "/run.mjs"};
    for (const Case& c : m_cases) {
        const QString model = exportTo(c, ExportFormat::Onnx, ".onnx");
        QVERIFY(!model.isEmpty());
        QJsonArray inputs, expected;
        for (engine::Index s = 0; s < c.inputs.cols(); ++s) {
            QJsonArray x, y;
            for (engine::Index i = 0; i < c.inputs.rows(); ++i) x.append(c.inputs(i, s));
            for (engine::Index k = 0; k < c.expected.rows(); ++k) y.append(c.expected(k, s));
            inputs.append(x);
            expected.append(y);
        }
        const QString ref = QDir(m_dirPath).filePath(c.name + ".reference.json");
        QFile f(ref);
        QVERIFY(f.open(QIODevice::WriteOnly));

        f.write(QJsonDocument(QJsonObject{{"inputs", inputs}, {"expected", expected}, {"tolerance", 1e-6}}).toJson());
        f.close();
        args << model << ref;
    }
    const Run r = run(node, args, {}, ortDir);
    qInfo().noquote() << r.out.trimmed();
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
}

void TstModelExport::cSourceMatchesEngine() {
    const QString cc = QStandardPaths::findExecutable("gcc");
    if (cc.isEmpty()) QSKIP("gcc is not installed");
    const QByteArray mainC =
        "#include <stdio.h>\n#include \"model.h\"\n"
        "int main(void) {\n"
        "    float x[NNLAB_RAW_INPUTS], y[NNLAB_OUTPUTS];\n"
        "    int i, k;\n"
        "    for (;;) {\n"
        "        for (i = 0; i < NNLAB_RAW_INPUTS; ++i) if (scanf(\"%f\", &x[i]) != 1) return 0;\n"
        "        predict(x, y);\n"
        "        for (k = 0; k < NNLAB_OUTPUTS; ++k) printf(\"%.9g%c\", y[k], k + 1 < NNLAB_OUTPUTS ? ' ' : '\\n');\n"
        "    }\n}\n";
    for (const Case& c : m_cases) {
        const QString dir = QDir(m_dirPath).filePath("c_" + c.name);
        QVERIFY(QDir().mkpath(dir));
        const ExportResult r = exportModel(*c.trainer, ExportFormat::C, dir + "/model.c", {c.name, true});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.files.size(), 2);  // model.h and model.c
        QFile m(dir + "/main.c");
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.write(mainC);
        m.close();
        const Run build = run(cc,
                              {"-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-O1", "main.c", "model.c",
                               "-lm", "-o", "predict"},
                              {}, dir);
        QVERIFY2(build.code == 0, qPrintable(c.name + ": " + build.err));
        const Run out = run(dir + "/predict", {}, inputText(c.inputs), dir);
        QVERIFY2(out.code == 0, qPrintable(out.err));
        const auto rows = parseRows(out.bytes);
        QCOMPARE(engine::Index(rows.size()), c.inputs.cols());
        double worst = 0;
        for (engine::Index s = 0; s < c.inputs.cols(); ++s) {
            QCOMPARE(engine::Index(rows[s].size()), c.expected.rows());
            for (engine::Index k = 0; k < c.expected.rows(); ++k)
                worst = std::max(worst, std::abs(rows[s][k] - c.expected(k, s)));
        }
        QVERIFY2(worst <= 1e-6, qPrintable(QString("%1: max error %2").arg(c.name).arg(worst)));
    }
}

void TstModelExport::cppHeaderMatchesEngine() {
    const QString cxx = QStandardPaths::findExecutable("g++");
    if (cxx.isEmpty()) QSKIP("g++ is not installed");
    QString eigen = "/usr/include/eigen3";
    if (const Run pc = run("pkg-config", {"--variable=includedir", "eigen3"});
        pc.code == 0 && !pc.out.trimmed().isEmpty())
        eigen = pc.out.trimmed() + "/eigen3";
    if (!QFileInfo::exists(eigen + "/Eigen/Core")) QSKIP("Eigen's headers were not found");

    // One program holding every model (each in the namespace named after its file), so Eigen compiles once.
    const QString dir = QDir(m_dirPath).filePath("cpp");
    QVERIFY(QDir().mkpath(dir));
    QString main = "#include <cstdio>\n#include <cstring>\n#include <iostream>\n#include <vector>\n";
    for (const Case& c : m_cases) {
        const ExportResult r = exportModel(*c.trainer, ExportFormat::Cpp, dir + "/" + c.name + ".hpp", {c.name, true});
        QVERIFY2(r.ok, qPrintable(r.error));
        main += "#include \"" + c.name + ".hpp\"\n";
    }
    main += "template <class F> int run(int d, F predictBatch) {\n"
            "    std::vector<double> v; double x;\n"
            "    while (std::cin >> x) v.push_back(x);\n"
            "    const Eigen::MatrixXd X = Eigen::Map<Eigen::MatrixXd>(v.data(), d, Eigen::Index(v.size()) / d);\n"
            "    const Eigen::MatrixXd Y = predictBatch(X);\n"
            "    for (Eigen::Index c = 0; c < Y.cols(); ++c)\n"
            "        for (Eigen::Index k = 0; k < Y.rows(); ++k) std::printf(\"%.17g%c\", Y(k, c), k + 1 < Y.rows() ? "
            "' ' : '\\n');\n"
            "    return 0;\n}\n"
            "int main(int argc, char** argv) {\n    if (argc < 2) return 2;\n";
    for (const Case& c : m_cases)
        main += QString("    if (!std::strcmp(argv[1], \"%1\")) return run(%1::kRawInputs, %1::predictBatch);\n")
                    .arg(c.name);
    // The float interface compiles too.
    main += QString(
                "    float in[%1::kRawInputs] = {}, out[%1::kOutputs];\n    %1::predict(in, out);\n    return 1;\n}\n")
                .arg(m_cases.front().name);
    QFile f(dir + "/main.cpp");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(main.toUtf8());
    f.close();
    const Run build = run(cxx,
                          {"-std=c++17", "-Wall", "-Wextra", "-Werror", "-O1", "-I" + eigen, "main.cpp", "-o",
                           "predict"},
                          {}, dir, 300000);
    QVERIFY2(build.code == 0, qPrintable(build.err.left(4000)));
    for (const Case& c : m_cases) {
        const Run out = run(dir + "/predict", {c.name}, inputText(c.inputs), dir);
        QVERIFY2(out.code == 0, qPrintable(c.name + ": " + out.err));
        const auto rows = parseRows(out.bytes);
        QCOMPARE(engine::Index(rows.size()), c.inputs.cols());
        double worst = 0;
        for (engine::Index s = 0; s < c.inputs.cols(); ++s)
            for (engine::Index k = 0; k < c.expected.rows(); ++k)
                worst = std::max(worst, std::abs(rows[s][k] - c.expected(k, s)));
        QVERIFY2(worst <= 1e-9, qPrintable(QString("%1: max error %2").arg(c.name).arg(worst)));
    }
}

void TstModelExport::jsonRoundTrips() {
    for (const Case& c : m_cases) {
        const QString path = exportTo(c, ExportFormat::Json, ".json");
        QVERIFY(!path.isEmpty());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonParseError err;
        const QJsonObject root = QJsonDocument::fromJson(f.readAll(), &err).object();
        QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString()));
        QCOMPARE(root["format"].toString(), QString("nnlab-model"));
        const engine::Trainer& t = *c.trainer;
        const engine::Network& net = t.network();

        // The input transform, rebuilt from the file alone.
        const QJsonObject input = root["input"].toObject();
        std::vector<Feature> features;
        for (const QJsonValue v : input["features"].toArray()) {
            const auto f = engine::featureFromName(v.toString().toStdString());
            QVERIFY(f);
            features.push_back(*f);
        }
        QCOMPARE(input["names"].toArray().size(), qsizetype(c.inputs.rows()));
        engine::Standardizer std;
        if (input["standardize"].isObject()) {
            const QJsonArray mean = input["standardize"]["mean"].toArray(), sd = input["standardize"]["std"].toArray();
            std.mean.resize(mean.size());
            std.stddev.resize(sd.size());
            for (qsizetype i = 0; i < mean.size(); ++i) {
                std.mean[i] = mean[i].toDouble();
                std.stddev[i] = sd[i].toDouble();
            }
        }
        QCOMPARE(std.empty(), !t.settings().standardize);
        engine::Matrix A = features.empty() ? c.inputs : engine::computeFeatures(c.inputs, features);
        A = std.apply(A);
        QVERIFY2(A == t.prepareInputs(c.inputs), qPrintable(c.name));  // bit for bit

        if (!t.spec().isDenseOnly()) {
            QCOMPARE(root["version"].toInt(), 2);
            checkTypedJson(c, root, A);
            if (QTest::currentTestFailed()) return;
        } else {
            QCOMPARE(root["version"].toInt(), 1);
            // The layers: weights[j][i] = W(j, i), bit for bit; and the forward pass they give.
            const QJsonArray layers = root["layers"].toArray();
            QCOMPARE(layers.size(), qsizetype(net.layerCount()));
            for (int l = 0; l < net.layerCount(); ++l) {
                const QJsonObject L = layers[l].toObject();
                QCOMPARE(L["units"].toInt(), net.layerUnits(l));
                QCOMPARE(L["inputs"].toInt(), net.layerInputs(l));
                const auto f = engine::activationFromName(L["activation"].toString().toStdString());
                QVERIFY(f && *f == t.spec().layers[l].activation);
                engine::Matrix W(net.layerUnits(l), net.layerInputs(l));
                engine::Vector b(net.layerUnits(l));
                const QJsonArray rows = L["weights"].toArray();
                QCOMPARE(rows.size(), qsizetype(W.rows()));
                for (int j = 0; j < W.rows(); ++j) {
                    const QJsonArray row = rows[j].toArray();
                    QCOMPARE(row.size(), qsizetype(W.cols()));
                    for (int i = 0; i < W.cols(); ++i) {
                        W(j, i) = row[i].toDouble();
                        QVERIFY(sameBits(W(j, i), net.W(l)(j, i)));
                    }
                    b[j] = L["bias"].toArray()[j].toDouble();
                    QVERIFY(sameBits(b[j], net.b(l)[j]));
                }
                engine::Matrix Z = (W * A).colwise() + b;
                engine::activate(*f, Z, A);
            }
            QVERIFY(((A - c.expected).array().abs() <= 1e-12).all());
        }
        QCOMPARE(root["loss"].toString(), QString::fromStdString(engine::lossName(t.spec().loss)));
        const QJsonArray classes = root["classes"].toArray();
        if (t.trainData().task == engine::Task::Classification)
            QCOMPARE(classes.size(), qsizetype(t.trainData().numClasses));
        else QVERIFY(classes.isEmpty());
    }
    // Digits name their classes "0".."9" (from the data), gaussians "class 0".. (generated).
}

// A network with typed layers rebuilt from the JSON file alone (the spec from the layers' types and shapes, the flat
// parameters from the nested weights): every parameter bit for bit, and the same outputs.
void TstModelExport::checkTypedJson(const Case& c, const QJsonObject& root, const engine::Matrix& input) {
    const engine::Network& net = c.trainer->network();
    const QJsonObject in = root["input"].toObject();
    const engine::Shape inShape = shapeFrom(in["shape"]);
    QCOMPARE(inShape, c.trainer->spec().inputShape());
    std::vector<engine::LayerSpec> specs;
    for (const QJsonValue v : root["layers"].toArray()) {
        const QJsonObject L = v.toObject();
        const auto kind = engine::layerKindFromName(L["type"].toString().toStdString());
        QVERIFY2(kind, qPrintable(L["type"].toString()));
        const auto f = engine::activationFromName(L["activation"].toString("identity").toStdString());
        QVERIFY(f);
        switch (*kind) {
        case engine::LayerKind::Dense: specs.push_back(engine::LayerSpec::dense(L["units"].toInt(), *f)); break;
        case engine::LayerKind::Conv:
            specs.push_back(engine::LayerSpec::conv(shapeFrom(L["output"]).channels, L["kernel"].toInt(), *f,
                                                    L["stride"].toInt(), L["padding"].toInt()));
            break;
        case engine::LayerKind::MaxPool:
            specs.push_back(engine::LayerSpec::maxPool(L["kernel"].toInt(), L["stride"].toInt()));
            break;
        case engine::LayerKind::AvgPool:
            specs.push_back(engine::LayerSpec::avgPool(L["kernel"].toInt(), L["stride"].toInt()));
            break;
        case engine::LayerKind::Flatten: specs.push_back(engine::LayerSpec::flatten()); break;
        }
    }
    engine::NetworkSpec rebuilt = imageSpec(inShape.height, inShape.width, inShape.channels, specs,
                                            c.trainer->spec().loss);
    QCOMPARE(rebuilt, c.trainer->spec());
    engine::Network copy(rebuilt);
    const engine::ParameterLayout& layout = copy.layout();
    const QJsonArray layers = root["layers"].toArray();
    for (int l = 0; l < layout.layerCount(); ++l) {
        const engine::LayerLayout& L = layout.layer(l);
        const QJsonObject J = layers[l].toObject();
        if (L.spec.kind != engine::LayerKind::Dense) {
            QCOMPARE(shapeFrom(J["input"]), L.in);
            QCOMPARE(shapeFrom(J["output"]), L.out);
        }
        if (!engine::hasParameters(L.spec.kind)) continue;
        const QJsonArray w = J["weights"].toArray(), b = J["bias"].toArray();
        QCOMPARE(w.size(), qsizetype(L.weightRows));
        QCOMPARE(b.size(), qsizetype(L.weightRows));
        for (int o = 0; o < L.weightRows; ++o) {
            copy.params()[L.biasOffset + o] = b[o].toDouble();
            if (L.spec.kind == engine::LayerKind::Dense) {
                for (int i = 0; i < L.weightCols; ++i)
                    copy.params()[L.weightOffset + engine::Index(i) * L.weightRows + o] = w[o][i].toDouble();
                continue;
            }
            const int k = L.spec.kernel;
            QCOMPARE(w[o].toArray().size(), qsizetype(L.in.channels));
            for (int ch = 0; ch < L.in.channels; ++ch)  // weights[o][c][i][j], PyTorch's layout
                for (int i = 0; i < k; ++i)
                    for (int j = 0; j < k; ++j)
                        copy.params()[L.weightOffset + engine::Index((ch * k + i) * k + j) * L.weightRows + o] =
                            w[o][ch][i][j].toDouble();
        }
    }
    for (engine::Index p = 0; p < net.parameterCount(); ++p)
        QVERIFY2(sameBits(copy.params()[p], net.params()[p]),
                 qPrintable(QString("%1: parameter %2").arg(c.name).arg(p)));
    QVERIFY(((copy.predict(input) - c.expected).array().abs() <= 1e-12).all());
}

// ExportedModel::predict (the writers' reference) computes what the engine computes, typed layers included.
void TstModelExport::exportedModelPredicts() {
    for (const Case& c : m_cases) {
        QString error;
        const auto m = ExportedModel::describe(*c.trainer, c.name, true, &error);
        QVERIFY2(m, qPrintable(error));
        const double worst = (m->predict(c.inputs) - c.expected).cwiseAbs().maxCoeff();
        QVERIFY2(worst <= 1e-12, qPrintable(QString("%1: max error %2").arg(c.name).arg(worst)));
        QCOMPARE(m->isDenseOnly(), c.trainer->spec().isDenseOnly());
    }
}

void TstModelExport::csvRoundTrips() {
    for (const Case& c : m_cases) {
        const QString dir = QDir(m_dirPath).filePath("csv_" + c.name);
        const ExportResult r = exportModel(*c.trainer, ExportFormat::Csv, dir, {c.name, true});
        QVERIFY2(r.ok, qPrintable(r.error));
        const engine::Network& net = c.trainer->network();
        const bool typed = !c.trainer->spec().isDenseOnly();
        int withParameters = 0;
        for (int l = 0; l < net.layerCount(); ++l) withParameters += engine::hasParameters(net.layerKind(l));
        QCOMPARE(r.files.size(), withParameters + 2);  // pooling and flatten have no table
        auto read = [](const QString& path) {
            QFile f(path);
            (void)f.open(QIODevice::ReadOnly);
            QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
            return lines;
        };
        const QStringList network = read(dir + "/network.csv");
        QCOMPARE(network.size(), net.layerCount() + 1);
        QCOMPARE(network[0], typed ? QString("layer,inputs,units,activation,file,type,input_shape,output_shape,kernel,"
                                             "stride,padding")
                                   : QString("layer,inputs,units,activation,file"));
        const QStringList inputs = read(dir + "/inputs.csv");
        QCOMPARE(inputs.size(), net.layerInputs(0) + 1);
        for (int l = 0; l < net.layerCount(); ++l) {
            const engine::LayerLayout& L = net.layout().layer(l);
            const QStringList row = network[l + 1].split(',');
            QCOMPARE(row.size(), typed ? 11 : 5);
            QCOMPARE(row[1].toInt(), net.layerInputs(l));
            QCOMPARE(row[2].toInt(), net.layerUnits(l));
            if (typed) QCOMPARE(row[5], QString::fromStdString(engine::layerKindName(L.spec.kind)));
            if (!engine::hasParameters(L.spec.kind)) {
                QVERIFY(row[4].isEmpty());
                QVERIFY(!QFileInfo::exists(QString("%1/layer%2.csv").arg(dir).arg(l + 1)));
                continue;
            }
            QCOMPARE(row[4], QString("layer%1.csv").arg(l + 1));
            const QStringList lines = read(QString("%1/layer%2.csv").arg(dir).arg(l + 1));
            if (L.spec.kind == engine::LayerKind::Conv) {  // one row per weight, then one per bias, counted from 1
                const int k = L.spec.kernel;
                QCOMPARE(lines.size(), 1 + L.weightRows * L.weightCols + L.weightRows);
                QCOMPARE(lines[0], QString("parameter,out_channel,in_channel,row,col,value"));
                for (int n = 1; n < lines.size(); ++n) {
                    const QStringList cells = lines[n].split(',');
                    QCOMPARE(cells.size(), 6);
                    const int o = cells[1].toInt() - 1;
                    QVERIFY(o >= 0 && o < L.weightRows);
                    if (cells[0] == "bias") {
                        QVERIFY(sameBits(cells[5].toDouble(), net.b(l)[o]));
                        continue;
                    }
                    QCOMPARE(cells[0], QString("weight"));
                    const int ch = cells[2].toInt() - 1, i = cells[3].toInt() - 1, j = cells[4].toInt() - 1;
                    QVERIFY(ch >= 0 && ch < L.in.channels && i >= 0 && i < k && j >= 0 && j < k);
                    QVERIFY2(sameBits(cells[5].toDouble(), net.W(l)(o, (ch * k + i) * k + j)), qPrintable(lines[n]));
                }
                continue;
            }
            QCOMPARE(lines.size(), net.layerUnits(l) + 1);
            QCOMPARE(lines[0].split(',').size(), net.layerInputs(l) + 2);
            for (int j = 0; j < net.layerUnits(l); ++j) {
                const QStringList cells = lines[j + 1].split(',');
                QCOMPARE(cells[0].toInt(), j + 1);
                QVERIFY(sameBits(cells[1].toDouble(), net.b(l)[j]));
                for (int i = 0; i < net.layerInputs(l); ++i)
                    QVERIFY2(sameBits(cells[i + 2].toDouble(), net.W(l)(j, i)), qPrintable(cells[i + 2]));
            }
        }
    }
}

void TstModelExport::pytorchScriptMatchesEngine() {
    const QString python = "/usr/bin/python3";
    if (!QFileInfo::exists(python) || run(python, {"-c", "import torch"}).code != 0)
        QSKIP("PyTorch is not installed for /usr/bin/python3 (Debian: python3-torch)");
    // One interpreter runs every script (importing torch once), each as __main__ with --epochs 1.
    QStringList args{"-c", "import runpy, sys\n"
                           "for p in sys.argv[1:]:\n"
                           "    print('=== ' + p, flush=True)\n"
                           "    sys.argv = [p, '--epochs', '1']\n"
                           "    runpy.run_path(p, run_name='__main__')\n"};
    for (const Case& c : m_cases) {
        args << exportTo(c, ExportFormat::PyTorch, ".py");
        QVERIFY(!args.back().isEmpty());
    }
    const Run r = run(python, args, {}, m_dirPath, 300000);
    QVERIFY2(r.code == 0, qPrintable(r.out.right(2000) + r.err.right(4000)));
    for (const Case& c : m_cases) {
        const qsizetype at = r.bytes.indexOf(("=== " + QDir(m_dirPath).filePath(c.name + ".py")).toUtf8());
        QVERIFY(at >= 0);
        qsizetype end = r.bytes.indexOf("=== ", at + 4);
        const QByteArray out = r.bytes.mid(at, end < 0 ? -1 : end - at);
        int predictions = 0;
        bool sawLoss = false, sawEpoch = false;
        for (const QByteArray& line : out.split('\n')) {
            const QByteArray s = line.trimmed();
            if (s.startsWith("input ")) {
                const QList<QByteArray> halves = s.mid(6).split('>');
                const QList<QByteArray> xs = halves[0].chopped(1).trimmed().split(' ');
                const QList<QByteArray> ys = halves[1].trimmed().mid(QByteArray("output ").size()).split(' ');
                engine::Matrix x(xs.size(), 1);
                for (qsizetype i = 0; i < xs.size(); ++i) x(i, 0) = xs[i].toDouble();
                const engine::Matrix y = c.trainer->network().predict(c.trainer->prepareInputs(x));
                QCOMPARE(qsizetype(y.rows()), ys.size());
                for (qsizetype k = 0; k < ys.size(); ++k)
                    QVERIFY2(std::abs(ys[k].toDouble() - y(k, 0)) <= 1e-9, qPrintable(c.name + ": " + s));
                ++predictions;
            } else if (s.startsWith("training loss: ")) {
                const double loss = s.mid(15).toDouble(), engineLoss = c.trainer->result().train.loss;
                QVERIFY2(std::abs(loss - engineLoss) <= 1e-9 * std::max(1.0, engineLoss),
                         qPrintable(QString("%1: torch %2, engine %3").arg(c.name).arg(loss).arg(engineLoss)));
                sawLoss = true;
            } else if (s.startsWith("epoch 1: training loss ")) {
                sawEpoch = std::isfinite(s.mid(23).toDouble());
            }
        }
        QVERIFY2(predictions == 5, qPrintable(c.name + "\n" + out));
        QVERIFY2(sawLoss && sawEpoch, qPrintable(c.name + "\n" + out));
    }
}

void TstModelExport::commandLine() {
    Project project = preset("xor");
    project.title = "XOR for export";
    const QString file = QDir(m_dirPath).filePath("xor.nnlab");
    QString error;
    QVERIFY2(saveProjectFile(file, project, &error), qPrintable(error));
    const QString out = QDir(m_dirPath).filePath("cli.json");
    auto exportArgs = [](QStringList rest) { return QStringList{"nnlab", "export"} + rest; };

    // Untrained: the initial weights, marked as such (the warning goes to stderr).
    QCOMPARE(runExport(exportArgs({file, "--format", "json", "-o", out})), 0);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    f.close();
    QCOMPARE(root["trained"].toBool(), false);
    QCOMPARE(root["title"].toString(), project.title);

    // Trained, saved, exported in every format.
    auto trainer = makeTrainer(project, &error);
    QVERIFY2(trainer, qPrintable(error));
    trainer->runEpochs(5);
    captureTrainedState(project, *trainer);
    QVERIFY(saveProjectFile(file, project, &error));
    for (const QString& fmt : formatNames()) {
        const QString target = QDir(m_dirPath).filePath("cli_" + fmt + (fmt == "csv" ? "" : "." + fmt));
        QCOMPARE(runExport(exportArgs({file, "--format=" + fmt, "--output", target})), 0);
        QVERIFY2(QFileInfo::exists(target), qPrintable(target));
    }
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(f.readAll()).object()["trained"].toBool(), false);  // the old file is untouched
    f.close();
    QVERIFY(QFile(QDir(m_dirPath).filePath("cli_json.json")).open(QIODevice::ReadOnly));

    // Bad arguments: usage and exit code 2.
    QCOMPARE(runExport(exportArgs({})), 2);
    QCOMPARE(runExport(exportArgs({file, "-o", out})), 2);                                // no format
    QCOMPARE(runExport(exportArgs({file, "--format", "onnx"})), 2);                       // no output
    QCOMPARE(runExport(exportArgs({file, "--format", "tflite", "-o", out})), 2);          // unknown format
    QCOMPARE(runExport(exportArgs({file, "--format", "onnx", "-o", out, "--fast"})), 2);  // unknown option
    QCOMPARE(runExport(exportArgs({file, file, "--format", "onnx", "-o", out})), 2);      // two files
    QCOMPARE(runExport(exportArgs({file, "--format"})), 2);                               // missing value
    // Failures: a clear message and exit code 1.
    QCOMPARE(runExport(exportArgs({m_dirPath + "/missing.nnlab", "--format", "onnx", "-o", out})), 1);
    QCOMPARE(runExport(exportArgs({file, "--format", "csv", "-o", out})), 1);  // a file where a folder is needed
    QCOMPARE(runExport(exportArgs({file, "--format", "c", "-o", m_dirPath + "/model.h"})), 1);
    QCOMPARE(runExport(exportArgs({file, "--format", "json", "-o", m_dirPath + "/no/such/dir/x.json"})), 1);

    // The real binary prints the warning for an untrained project.
    const QString binary = QStringLiteral(NNLAB_BINARY_DIR) + "/app/nnlab";
    if (QFileInfo::exists(binary)) {
        const QString untrained = QDir(m_dirPath).filePath("untrained.nnlab");
        QVERIFY(saveProjectFile(untrained, preset("circle"), &error));
        const Run r = run(binary, {"export", untrained, "--format", "onnx", "-o", m_dirPath + "/untrained.onnx"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("warning") && r.err.contains("initial weights"), qPrintable(r.err));
        QVERIFY(r.out.contains("wrote"));
    }
}

void TstModelExport::refusesDivergedWeights() {
    const Case& c = m_cases.front();
    engine::Trainer t = *c.trainer;
    engine::Vector p = t.network().params();
    p[3] = std::numeric_limits<double>::quiet_NaN();
    t.setParameters(p);
    for (ExportFormat f : {ExportFormat::Onnx, ExportFormat::Json, ExportFormat::C}) {
        const QString path = QDir(m_dirPath).filePath("diverged." + formatSuffix(f));
        const ExportResult r = exportModel(t, f, path);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains("not finite"), qPrintable(r.error));
        QVERIFY(!QFileInfo::exists(path));
    }
}

QTEST_GUILESS_MAIN(TstModelExport)
#include "tst_model_export.moc"
