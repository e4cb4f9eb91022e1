// The network's forward and backward pass against a 2-2-1 example worked by hand, its flat parameter layout, and the
// spec's validation and description. Expected values are literals; the comments carry the arithmetic so a teacher can
// redo it with a calculator (17 significant digits, from a 30-digit computation).
#include "engine/network.h"
#include "examples.h"
#include <QtTest>
#include <cmath>
#include <limits>

using namespace engine;

namespace {
// Doubles agree with the 30-digit reference to about 1e-16 relative; 1e-13 leaves room for the order of summation.
bool close(Scalar actual, Scalar expected, Scalar tol = 1e-13) {
    return std::abs(actual - expected) <= tol * std::max<Scalar>(1, std::abs(expected));
}
#define CHECK_CLOSE(actual, expected)                                                       \
    QVERIFY2(close((actual), (expected)), qPrintable(QStringLiteral("%1 = %2, expected %3") \
                                                         .arg(#actual)                      \
                                                         .arg(double(actual), 0, 'g', 17)   \
                                                         .arg(double(expected), 0, 'g', 17)))

}  // namespace

// The hand-worked net (tests/support/examples.h): 2 inputs, 2 sigmoid hidden units, 1 sigmoid output, MSE.
//   W1 = [ 0.1  0.2 ]   b1 = [ 0.0 ]   W2 = [ 0.5  -0.4 ]   b2 = [ 0.2 ]
//        [-0.3  0.4 ]        [ 0.1 ]
// Sample x = (1, 2), target y = 1. Every weight differs from its transpose partner and x1 != x2, so a
// transposed W or gradient shows up as a wrong number.
using testsupport::workedInput;
using testsupport::workedNetwork;
using testsupport::workedTarget;

class TstNetwork : public QObject {
    Q_OBJECT
private slots:
    void handWorkedForward();
    void handWorkedBackward();
    void traceKeepsZAndDeltaApart();
    void batchGradientIsMeanOfSampleGradients();
    void parameterLayout();
    void predictAndLossMatchForward();
    void wrongInputSizeThrows();
    void validateMessages_data();
    void validateMessages();
    void absurdSizesAreRejectedWithoutAllocating();
    void softmaxOnlyOnOutput();
    void describe_data();
    void describe();
};

void TstNetwork::handWorkedForward() {
    Network net = workedNetwork();
    const Matrix out = net.forward(workedInput());
    const Trace& t = net.trace();
    QCOMPARE(t.layers.size(), std::size_t(2));

    // Hidden layer: z1 = W1 x + b1
    //   z1_1 =  0.1*1 + 0.2*2 + 0.0 = 0.5
    //   z1_2 = -0.3*1 + 0.4*2 + 0.1 = 0.6
    CHECK_CLOSE(t.layers[0].z(0, 0), 0.5);
    CHECK_CLOSE(t.layers[0].z(1, 0), 0.6);
    // a1 = sigmoid(z1) = 1 / (1 + e^-z)
    //   e^-0.5 = 0.60653065971263342  ->  a1_1 = 1 / 1.60653065971263342 = 0.62245933120185456
    //   e^-0.6 = 0.54881163609402643  ->  a1_2 = 1 / 1.54881163609402643 = 0.64565630622579545
    CHECK_CLOSE(t.layers[0].a(0, 0), 0.62245933120185456);
    CHECK_CLOSE(t.layers[0].a(1, 0), 0.64565630622579545);
    // The input of layer 1 is a1, of layer 0 is x.
    QCOMPARE(t.layers[0].input, workedInput());
    QCOMPARE(t.layers[1].input, t.layers[0].a);

    // Output layer: z2 = 0.5*a1_1 - 0.4*a1_2 + 0.2
    //   = 0.31122966560092728 - 0.25826252249031818 + 0.2 = 0.2529671431106091
    CHECK_CLOSE(t.layers[1].z(0, 0), 0.2529671431106091);
    //   e^-0.2529671431106091 = 0.77649339456217881  ->  a2 = 1 / 1.77649339456217881 = 0.56290668068960227
    CHECK_CLOSE(t.layers[1].a(0, 0), 0.56290668068960227);
    CHECK_CLOSE(out(0, 0), 0.56290668068960227);

    // MSE with K = 1 output and N = 1 sample: L = (a2 - y)^2 = (-0.43709331931039773)^2 = 0.19105056978578131
    CHECK_CLOSE(net.loss(workedInput(), workedTarget()), 0.19105056978578131);
}

void TstNetwork::handWorkedBackward() {
    Network net = workedNetwork();
    const Scalar L = net.lossAndGradient(workedInput(), workedTarget());
    const Trace& t = net.trace();
    CHECK_CLOSE(L, 0.19105056978578131);
    CHECK_CLOSE(t.loss, 0.19105056978578131);
    CHECK_CLOSE(t.sampleLoss(0), 0.19105056978578131);

    // Output delta.
    //   dL/da2 = 2 (a2 - y) / (N K) = 2 * (0.56290668068960227 - 1) = -0.87418663862079547
    CHECK_CLOSE(t.layers[1].dA(0, 0), -0.87418663862079547);
    //   sigmoid'(z2) = a2 (1 - a2) = 0.56290668068960227 * 0.43709331931039773 = 0.24604274952461642
    //   dL/dz2 = sigmoid'(z2) * dL/da2 = 0.24604274952461642 * -0.87418663862079547 = -0.21508728416394275
    CHECK_CLOSE(t.layers[1].dZ(0, 0), -0.21508728416394275);
    // Output gradients.
    //   dL/dW2 = dZ2 a1^T = -0.21508728416394275 * (0.62245933120185456, 0.64565630622579545)
    //          = (-0.13388308705071105, -0.13887246140942931)
    //   dL/db2 = dZ2 = -0.21508728416394275
    CHECK_CLOSE(net.gradW(1)(0, 0), -0.13388308705071105);
    CHECK_CLOSE(net.gradW(1)(0, 1), -0.13887246140942931);
    CHECK_CLOSE(net.gradB(1)(0), -0.21508728416394275);

    // Back into the hidden layer.
    //   dL/da1 = W2^T dZ2 = ( 0.5 * -0.21508728416394275, -0.4 * -0.21508728416394275)
    //          = (-0.10754364208197138, 0.086034913665577101)
    CHECK_CLOSE(t.layers[0].dA(0, 0), -0.10754364208197138);
    CHECK_CLOSE(t.layers[0].dA(1, 0), 0.086034913665577101);
    //   sigmoid'(z1) = a1 (1 - a1) = (0.62245933120185456 * 0.37754066879814544, 0.64565630622579545 * 0.35434369377420455)
    //                = (0.23500371220159449, 0.2287842404566573)
    //   dL/dz1 = sigmoid'(z1) .* dL/da1 = (0.23500371220159449 * -0.10754364208197138,
    //                                      0.2287842404566573  *  0.086034913665577101)
    //          = (-0.025273155112942887, 0.019683432375733143)
    CHECK_CLOSE(t.layers[0].dZ(0, 0), -0.025273155112942887);
    CHECK_CLOSE(t.layers[0].dZ(1, 0), 0.019683432375733143);
    // Hidden gradients: dL/dW1 = dZ1 x^T, i.e. dL/dW1(j, i) = dZ1_j * x_i with x = (1, 2)
    //   row 1: (-0.025273155112942887 * 1, -0.025273155112942887 * 2) = (-0.025273155112942887, -0.050546310225885774)
    //   row 2: ( 0.019683432375733143 * 1,  0.019683432375733143 * 2) = ( 0.019683432375733143,  0.039366864751466285)
    //   dL/db1 = dZ1
    CHECK_CLOSE(net.gradW(0)(0, 0), -0.025273155112942887);
    CHECK_CLOSE(net.gradW(0)(0, 1), -0.050546310225885774);
    CHECK_CLOSE(net.gradW(0)(1, 0), 0.019683432375733143);
    CHECK_CLOSE(net.gradW(0)(1, 1), 0.039366864751466285);
    CHECK_CLOSE(net.gradB(0)(0), -0.025273155112942887);
    CHECK_CLOSE(net.gradB(0)(1), 0.019683432375733143);

    // The same numbers through the flat gradient vector (W1 column-major, b1, W2, b2).
    const Vector& g = net.grads();
    QCOMPARE(g.size(), Index(9));
    CHECK_CLOSE(g(0), -0.025273155112942887);  // W1(0,0)
    CHECK_CLOSE(g(1), 0.019683432375733143);   // W1(1,0)
    CHECK_CLOSE(g(2), -0.050546310225885774);  // W1(0,1)
    CHECK_CLOSE(g(3), 0.039366864751466285);   // W1(1,1)
    CHECK_CLOSE(g(8), -0.21508728416394275);   // b2
}

void TstNetwork::traceKeepsZAndDeltaApart() {
    // After the backward pass the trace still holds the forward z (the stepper shows both side by side).
    Network net = workedNetwork();
    net.lossAndGradient(workedInput(), workedTarget());
    const Trace& t = net.trace();
    CHECK_CLOSE(t.layers[0].z(0, 0), 0.5);
    CHECK_CLOSE(t.layers[0].z(1, 0), 0.6);
    CHECK_CLOSE(t.layers[1].z(0, 0), 0.2529671431106091);
    CHECK_CLOSE(t.layers[1].a(0, 0), 0.56290668068960227);
    CHECK_CLOSE(t.layers[1].dZ(0, 0), -0.21508728416394275);
    QVERIFY(t.layers[0].z != t.layers[0].dZ);
    QVERIFY(t.layers[0].z.data() != t.layers[0].dZ.data());
    QVERIFY(t.layers[1].z.data() != t.layers[1].dZ.data());
    QVERIFY(t.layers[1].a.data() != t.layers[1].dA.data());
}

void TstNetwork::batchGradientIsMeanOfSampleGradients() {
    // The batch loss is the mean over samples, so its gradient is the mean of the per-sample gradients (the 1/N).
    Matrix X(2, 3), Y(1, 3);
    X << 1.0, -1.0, 0.25, 2.0, 0.5, -0.75;
    Y << 1.0, 0.0, 1.0;
    Network net = workedNetwork();
    const Scalar L = net.lossAndGradient(X, Y);
    const Vector g = net.grads();
    Scalar meanL = 0;
    Vector meanG = Vector::Zero(g.size());
    for (Index n = 0; n < X.cols(); ++n) {
        meanL += net.lossAndGradient(X.col(n), Y.col(n)) / 3.0;
        meanG += net.grads() / 3.0;
    }
    CHECK_CLOSE(L, meanL);
    for (Index p = 0; p < g.size(); ++p) CHECK_CLOSE(g(p), meanG(p));
}

void TstNetwork::parameterLayout() {
    // 2-3-2 net: layer 0 has W 3x2 (6 numbers) then b (3); layer 1 has W 2x3 (6) then b (2). 17 in all.
    const NetworkSpec spec{2, {{3, Activation::Tanh}, {2, Activation::Identity}}, Loss::MSE};
    QCOMPARE(spec.parameterCount(), Index(17));
    Network net(spec);
    QCOMPARE(net.parameterCount(), Index(17));
    QCOMPARE(net.weightOffset(0), Index(0));
    QCOMPARE(net.biasOffset(0), Index(6));
    QCOMPARE(net.weightOffset(1), Index(9));
    QCOMPARE(net.biasOffset(1), Index(15));
    for (Index p = 0; p < net.parameterCount(); ++p) net.params()(p) = Scalar(p);
    // W(l)(j, i) is unit j's weight on input i, stored column-major: index = offset + i * units + j.
    for (int l = 0; l < net.layerCount(); ++l)
        for (int j = 0; j < net.layerUnits(l); ++j) {
            for (int i = 0; i < net.layerInputs(l); ++i) {
                const Index p = net.weightIndex(l, j, i);
                QCOMPARE(p, net.weightOffset(l) + Index(i) * net.layerUnits(l) + j);
                QCOMPARE(net.W(l)(j, i), Scalar(p));
                QCOMPARE(net.layerOf(p), l);
                QVERIFY(!net.isBias(p));
                QCOMPARE(net.weightMask()(p), 1.0);
            }
            const Index pb = net.biasOffset(l) + j;
            QCOMPARE(net.b(l)(j), Scalar(pb));
            QCOMPARE(net.layerOf(pb), l);
            QVERIFY(net.isBias(pb));
            QCOMPARE(net.weightMask()(pb), 0.0);
        }
    // Concretely: unit 1's weight on input 0 of layer 0 is the second number; unit 0's weight on input 1 is the fourth.
    QCOMPARE(net.weightIndex(0, 1, 0), Index(1));
    QCOMPARE(net.weightIndex(0, 0, 1), Index(3));
    QCOMPARE(net.weightIndex(1, 1, 2), Index(9 + 2 * 2 + 1));
    // The gradient views share the layout.
    net.grads().setZero();
    net.gradW(1)(1, 2) = 42.0;
    QCOMPARE(net.grads()(net.weightIndex(1, 1, 2)), 42.0);
    // A new network starts at zero.
    Network fresh(spec);
    QVERIFY(fresh.params().isZero(0.0));
}

void TstNetwork::predictAndLossMatchForward() {
    Matrix X(2, 3), Y(1, 3);
    X << 1.0, -1.0, 0.25, 2.0, 0.5, -0.75;
    Y << 1.0, 0.0, 1.0;
    Network net = workedNetwork();
    const Matrix out = net.forward(X);
    QCOMPARE(net.predict(X), out);
    net.lossAndGradient(X, Y);
    QCOMPARE(net.loss(X, Y), net.trace().loss);
    // An empty batch has zero loss rather than the mean of nothing.
    QCOMPARE(net.loss(Matrix(2, 0), Matrix(1, 0)), 0.0);
}

void TstNetwork::wrongInputSizeThrows() {
    Network net = workedNetwork();
    QVERIFY_THROWS_EXCEPTION(NetworkError, net.forward(Matrix::Zero(3, 1)));
    QVERIFY_THROWS_EXCEPTION(NetworkError, net.predict(Matrix::Zero(1, 4)));
}

void TstNetwork::validateMessages_data() {
    QTest::addColumn<int>("inputs");
    QTest::addColumn<QList<int>>("units");
    QTest::addColumn<QString>("expectedPart");  // empty = valid

    QTest::newRow("2-4-1 is fine") << 2 << QList<int>{4, 1} << QString();
    QTest::newRow("no hidden layer is fine") << 2 << QList<int>{1} << QString();
    QTest::newRow("no layers") << 2 << QList<int>{} << QStringLiteral("needs an output layer");
    QTest::newRow("no inputs") << 0 << QList<int>{4, 1} << QStringLiteral("at least one input");
    QTest::newRow("negative inputs") << -3 << QList<int>{4, 1} << QStringLiteral("at least one input");
    QTest::newRow("hidden layer of 0") << 2 << QList<int>{0, 1} << QStringLiteral("hidden layer 1 has 0 neurons");
    QTest::newRow("second hidden of 0") << 2 << QList<int>{3, 0, 1} << QStringLiteral("hidden layer 2 has 0 neurons");
    QTest::newRow("output of 0") << 2 << QList<int>{4, 0} << QStringLiteral("the output layer has 0 neurons");
    QTest::newRow("negative neurons") << 2 << QList<int>{-5, 1} << QStringLiteral("hidden layer 1 has -5 neurons");
    QTest::newRow("2-1000000-1000000-1") << 2 << QList<int>{1000000, 1000000, 1} << QStringLiteral("parameters");
    QTest::newRow("int max wide") << 2
                                  << QList<int>{std::numeric_limits<int>::max(), std::numeric_limits<int>::max(), 1}
                                  << QStringLiteral("parameters");
    QTest::newRow("int max inputs") << std::numeric_limits<int>::max() << QList<int>{std::numeric_limits<int>::max()}
                                    << QStringLiteral("parameters");
}

void TstNetwork::validateMessages() {
    QFETCH(int, inputs);
    QFETCH(QList<int>, units);
    QFETCH(QString, expectedPart);
    NetworkSpec spec;
    spec.inputs = inputs;
    for (int u : units) spec.layers.push_back({u, Activation::Tanh});
    const QString message = QString::fromStdString(spec.validate());
    if (expectedPart.isEmpty()) {
        QVERIFY2(message.isEmpty(), qPrintable(message));
        Network net(spec);  // builds
        QCOMPARE(net.parameterCount(), spec.parameterCount());
    } else {
        QVERIFY2(message.contains(expectedPart), qPrintable(message));
        QVERIFY_THROWS_EXCEPTION(NetworkError, Network{spec});
    }
}

void TstNetwork::absurdSizesAreRejectedWithoutAllocating() {
    // 2-1000000-1000000-1 has about 10^12 parameters (8 TB of doubles). validate() must say so and the constructor
    // must throw before any vector is sized: if it allocated first this test would die of bad_alloc or the OOM killer.
    const NetworkSpec spec{2,
                           {{1000000, Activation::Tanh}, {1000000, Activation::Tanh}, {1, Activation::Sigmoid}},
                           Loss::MSE};
    // (2*10^6 + 10^6) + (10^12 + 10^6) + (10^6 + 1) = 1 000 005 000 001
    QCOMPARE(spec.parameterCount(), Index(1000005000001));
    const QString message = QString::fromStdString(spec.validate());
    QVERIFY2(message.contains("1000005000001 parameters"), qPrintable(message));
    try {
        Network net(spec);
        QFAIL("the constructor accepted a network of 10^12 parameters");
    } catch (const NetworkError& e) {
        QCOMPARE(QString::fromUtf8(e.what()), message);
    }
}

void TstNetwork::softmaxOnlyOnOutput() {
    NetworkSpec hidden{2, {{3, Activation::Softmax}, {2, Activation::Softmax}}, Loss::SoftmaxCrossEntropy};
    QCOMPARE(QString::fromStdString(hidden.validate()), QStringLiteral("softmax is only offered on the output layer"));
    QVERIFY_THROWS_EXCEPTION(NetworkError, Network{hidden});
    NetworkSpec output{2, {{3, Activation::Tanh}, {2, Activation::Softmax}}, Loss::SoftmaxCrossEntropy};
    QVERIFY(output.validate().empty());
    // And the output columns are probabilities.
    Network net(output);
    net.params().setLinSpaced(-1.0, 1.0);
    Matrix X(2, 2);
    X << 0.3, -2.0, 1.5, 0.7;
    const Matrix a = net.forward(X);
    QVERIFY((a.array() > 0).all());
    for (Index n = 0; n < a.cols(); ++n) QVERIFY(close(a.col(n).sum(), 1.0, 1e-15));
}

void TstNetwork::describe_data() {
    QTest::addColumn<QString>("inputsAndUnits");  // "2:4,1" style
    QTest::addColumn<QString>("activations");     // one name per layer
    QTest::addColumn<QString>("loss");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one hidden") << "2:4,1"
                                << "tanh,sigmoid"
                                << "mse"
                                << "2-4-1 tanh, sigmoid out, mse";
    QTest::newRow("two hidden alike") << "3:8,8,2"
                                      << "relu,relu,softmax"
                                      << "cross_entropy"
                                      << "3-8-8-2 relu, softmax out, cross_entropy";
    QTest::newRow("two hidden differ") << "2:5,3,1"
                                       << "tanh,relu,sigmoid"
                                       << "bce"
                                       << "2-5-3-1 tanh/relu, sigmoid out, bce";
    QTest::newRow("no hidden") << "2:1"
                               << "step"
                               << "mse"
                               << "2-1 step out, mse";
}

void TstNetwork::describe() {
    QFETCH(QString, inputsAndUnits);
    QFETCH(QString, activations);
    QFETCH(QString, loss);
    QFETCH(QString, expected);
    NetworkSpec spec;
    spec.inputs = inputsAndUnits.section(':', 0, 0).toInt();
    const QStringList units = inputsAndUnits.section(':', 1).split(',');
    const QStringList acts = activations.split(',');
    for (int i = 0; i < units.size(); ++i)
        spec.layers.push_back({units[i].toInt(), *activationFromName(acts[i].toStdString())});
    spec.loss = *lossFromName(loss.toStdString());
    QCOMPARE(QString::fromStdString(spec.describe()), expected);
}

QTEST_GUILESS_MAIN(TstNetwork)
#include "tst_network.moc"
