// The fused float pass for small dense networks (engine/small_dense.h) against the general path in double: the same
// loss, gradient and outputs to float rounding, for every activation and loss pair it takes; which networks it takes;
// and that a Network that uses it still trains the same run from the same seed.
#include "engine/architecture_text.h"
#include "engine/init.h"
#include "engine/network.h"
#include "engine/rng.h"
#include "engine/small_dense.h"
#include "engine/trainer.h"
#include "examples.h"
#include <QtTest>
#include <cmath>

using namespace engine;

namespace {
NetworkSpec specOf(const char* text) {
    const ArchitectureParseResult r = parseArchitecture(text);
    if (!r.ok()) qFatal("%s: %s", text, r.error.c_str());
    return *r.spec;
}

// Inputs in [-2, 2]; targets that fit the loss: one-hot (cross-entropy), 0/1 (BCE), any value (MSE).
void batchFor(const NetworkSpec& spec, Index N, Matrix& X, Matrix& Y, std::uint64_t seed) {
    Rng rng(seed);
    X.resize(spec.inputs, N);
    for (Index i = 0; i < X.size(); ++i) X(i) = rng.uniform(-2, 2);
    Y = Matrix::Zero(spec.outputs(), N);
    for (Index n = 0; n < N; ++n)
        for (Index k = 0; k < Y.rows(); ++k) {
            if (spec.loss == Loss::SoftmaxCrossEntropy) Y(k, n) = k == n % Y.rows() ? 1 : 0;
            else if (spec.loss == Loss::BinaryCrossEntropy) Y(k, n) = (n + k) % 2;
            else Y(k, n) = rng.uniform(-1, 1);
        }
}

// |a - b| within float rounding of the larger of the two (and of 1, for values near 0).
bool near(double a, double b, double tol = 2e-5) {
    return std::abs(a - b) <= tol * std::max({1.0, std::abs(a), std::abs(b)});
}
}  // namespace

class TstSmallDense : public QObject {
    Q_OBJECT
private slots:
    void agreesWithTheGeneralPath_data() {
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<int>("batch");
        QTest::newRow("xor 2-4-1") << "2-4-1 tanh, sigmoid out, mse" << 4;
        QTest::newRow("spiral 2-16-16-1") << "2-16-16-1 tanh, tanh out, mse" << 10;
        QTest::newRow("bce") << "3-8-1 relu, sigmoid out, bce" << 7;
        QTest::newRow("softmax") << "4-12-5 leaky_relu, softmax out, cross_entropy" << 9;
        QTest::newRow("sigmoid hidden, identity out") << "2-5-3-2 sigmoid, identity out, mse" << 1;
        QTest::newRow("relu out, full batch") << "5-32-24-3 relu, relu out, mse" << 200;
        // A batch no wider than a packet, on a network of at most 64 parameters: the samples across the lanes.
        QTest::newRow("softmax, tiny batch in lanes") << "2-4-3 leaky_relu, softmax out, cross_entropy" << 5;
        QTest::newRow("tanh out, a whole packet in lanes") << "3-4-2-2 tanh, tanh out, mse" << 16;
        // Units and samples share the lanes (groups of 1, 2, 4 or 8 lanes): layers of several packets, partial
        // packets, a one-unit hidden layer, a softmax over units of two packets.
        QTest::newRow("one sample, 16 units a packet") << "3-5-2 sigmoid, tanh out, mse" << 1;
        QTest::newRow("two samples, relu") << "2-3-3-1 relu, identity out, mse" << 2;
        QTest::newRow("wide layer, five packets of four") << "1-20-1 tanh, sigmoid out, mse" << 4;
        QTest::newRow("softmax over two packets") << "2-4-6 tanh, softmax out, cross_entropy" << 3;
        QTest::newRow("one-unit hidden layer") << "2-1-2 tanh, identity out, mse" << 4;
        QTest::newRow("bce, eight samples") << "3-5-1 leaky_relu, sigmoid out, bce" << 8;
        QTest::newRow("two packets of eight, tanh") << "2-3-5-2 tanh, tanh out, mse" << 6;
        // From 64 columns the forward pass puts the samples across the vector lanes: whole blocks, a partial one.
        QTest::newRow("boundary-like, lanes") << "2-16-16-1 tanh, tanh out, mse" << 256;
        QTest::newRow("softmax, lanes") << "4-12-5 sigmoid, softmax out, cross_entropy" << 70;
        QTest::newRow("bce, lanes") << "3-9-1 leaky_relu, sigmoid out, bce" << 65;
    }
    void agreesWithTheGeneralPath() {
        QFETCH(QString, architecture);
        QFETCH(int, batch);
        const NetworkSpec spec = specOf(qPrintable(architecture));
        Network net(spec);
        initialize(net, InitSettings{}, 7);
        const ParameterLayout layout(spec);
        QVERIFY(SmallDense::applies(spec, layout));
        Matrix X, Y;
        batchFor(spec, batch, X, Y, 3);

        const double expectedLoss = net.lossAndGradient(X, Y);  // double, layer by layer
        const Vector expectedGrad = net.grads();
        const Matrix expectedOut = net.predict(X);

        const Eigen::VectorXf p = net.params().cast<float>();
        const Eigen::MatrixXf Xf = X.cast<float>(), Yf = Y.cast<float>();
        Eigen::VectorXf g = Eigen::VectorXf::Constant(p.size(), 1e9f);  // every entry must be written
        SmallDense pass;
        const float loss = pass.lossAndGradient(spec, layout, p.data(), Xf.data(), Yf.data(), batch, g.data());
        QVERIFY2(near(loss, expectedLoss), qPrintable(QString("loss %1, expected %2").arg(loss).arg(expectedLoss)));
        for (Index i = 0; i < g.size(); ++i)
            QVERIFY2(near(g(i), expectedGrad(i)),
                     qPrintable(QString("dL/dp[%1] = %2, expected %3").arg(i).arg(g(i)).arg(expectedGrad(i))));

        Eigen::MatrixXf out(spec.outputs(), batch);
        pass.forward(layout, p.data(), Xf.data(), batch, out.data());
        for (Index i = 0; i < out.size(); ++i) QVERIFY(near(out(i), expectedOut(i)));

        // The same pass again, on another batch size through the same buffers: planned afresh.
        Matrix X2, Y2;
        batchFor(spec, 3, X2, Y2, 4);
        const double loss2 = net.lossAndGradient(X2, Y2);
        const Eigen::MatrixXf X2f = X2.cast<float>(), Y2f = Y2.cast<float>();
        QVERIFY(near(pass.lossAndGradient(spec, layout, p.data(), X2f.data(), Y2f.data(), 3, g.data()), loss2));
        for (Index i = 0; i < g.size(); ++i) QVERIFY(near(g(i), net.grads()(i)));
    }

    void takesOnlySmallDenseNetworks_data() {
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<bool>("takes");
        QTest::newRow("tiny") << "2-4-1 tanh, sigmoid out, mse" << true;
        QTest::newRow("no hidden layer") << "2-1 sigmoid out, bce" << true;
        QTest::newRow("64 units") << "16-64-10 relu, softmax out, cross_entropy" << true;
        QTest::newRow("too wide") << "64-128-10 relu, softmax out, cross_entropy" << false;
        QTest::newRow("elu hidden") << "2-8-1 elu, sigmoid out, mse" << false;
        QTest::newRow("softmax with mse") << "2-8-3 tanh, softmax out, mse" << false;
        QTest::newRow("bce after tanh") << "2-8-1 tanh, tanh out, bce" << false;
        QTest::newRow("convolution") << "8x8x1 conv3x3x2 relu, 10 softmax, cross_entropy" << false;
    }
    void takesOnlySmallDenseNetworks() {
        QFETCH(QString, architecture);
        QFETCH(bool, takes);
        const ArchitectureParseResult r = parseArchitecture(qPrintable(architecture));
        if (!r.ok()) {  // a pair the text form refuses is not a question for the fused pass either
            QVERIFY(!takes);
            return;
        }
        QCOMPARE(SmallDense::applies(*r.spec, ParameterLayout(*r.spec)), takes);
    }

    // A trainer on the fused pass: the same seed gives the same weights, bit for bit, and XOR is learned.
    void trainsTheSameRunFromTheSameSeed() {
        const NetworkSpec spec = specOf("2-4-1 tanh, sigmoid out, mse");
        const Dataset xor4 = testsupport::xorDataset();
        TrainSettings s;
        s.mode = UpdateMode::FullBatch;
        s.optimizer.learningRate = 0.5;
        Trainer a(spec, xor4, Dataset{}, s), b(spec, xor4, Dataset{}, s);
        a.step(5000);
        b.step(5000);
        QVERIFY(a.network().params() == b.network().params());
        QCOMPARE(a.result().train.accuracy, 1.0);
    }

    // The trainer takes plain SGD itself, without the optimizer's and the penalties' calls (Network::sgdStepFloat).
    // It must be Optimizer::step's step to the bit: momentum 0 gives the same rule through the optimizer,
    // b = 0 b + g = g, p -= lr b.
    void fusedSgdIsTheOptimizersStep_data() {
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("batch");
        QTest::newRow("units and samples in the lanes") << "2-4-1 tanh, sigmoid out, mse" << int(UpdateMode::FullBatch)
                                                        << 4;
        QTest::newRow("layer by layer, batches of ten") << "2-16-16-1 tanh, tanh out, mse"
                                                        << int(UpdateMode::MiniBatch) << 10;
        QTest::newRow("one sample at a time") << "2-5-2 relu, softmax out, cross_entropy" << int(UpdateMode::Online)
                                              << 1;
        QTest::newRow("general path") << "2-80-2 elu, softmax out, cross_entropy" << int(UpdateMode::MiniBatch) << 16;
    }
    void fusedSgdIsTheOptimizersStep() {
        QFETCH(QString, architecture);
        QFETCH(int, mode);
        QFETCH(int, batch);
        const NetworkSpec spec = specOf(qPrintable(architecture));
        const Dataset data = testsupport::xorDataset();
        TrainSettings s;
        s.mode = UpdateMode(mode);
        s.batchSize = batch;
        s.optimizer.learningRate = 0.3;
        Trainer fused(spec, data, Dataset{}, s);
        s.optimizer.kind = OptimizerKind::Momentum;
        s.optimizer.momentum = 0;
        Trainer stepped(spec, data, Dataset{}, s);
        fused.step(300);
        stepped.step(300);
        QVERIFY(fused.network().params() == stepped.network().params());
        QVERIFY(fused.network().grads() == stepped.network().grads());
        QCOMPARE(fused.optimizer().stepCount(), 300);
    }
};

QTEST_APPLESS_MAIN(TstSmallDense)
#include "tst_small_dense.moc"
