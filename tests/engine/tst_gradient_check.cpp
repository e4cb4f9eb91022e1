// Backprop against central finite differences for every hidden activation x every sensible output activation/loss
// pairing, on a 3-4-3-K network with seeded random weights and inputs; plus the broken case a lesson shows: a Step
// unit, whose backprop gradient is 0 while the loss really jumps.
#include "engine/learning.h"
#include "engine/network.h"
#include "engine/rng.h"
#include <QtTest>
#include <cmath>
#include <cstring>

using namespace engine;
Q_DECLARE_METATYPE(engine::Activation)
Q_DECLARE_METATYPE(engine::Loss)

namespace {
// Tolerance, in double precision. Central differences have truncation error ~ h^2 |L'''| / 6 ~ 1e-11 and rounding
// error ~ eps |L| / h ~ 1e-11 for h = 1e-5: an absolute noise floor of about 1e-11 whatever the size of the component.
// For components of order 1e-3 or more that is a relative error near 1e-8; a wrong formula (a missing 1/N, a transposed
// W, a sign) gives errors of order 1. kTolerance = 1e-6 relative separates the two with margin either side.
// A component far below 1e-4 (leaky ReLU's 0.01 slope, twice, makes plenty) cannot be measured to 1e-6 relative: its
// noise alone is 1e-11 / 1e-6 = 1e-5 relative. Such components are held to an absolute error of kAbsoluteFloor
// instead (the atol + rtol form PyTorch's gradcheck uses); a real bug on them still shows, since a wrong sign or
// factor on a component of 1e-7 is an error of 1e-7, a thousand times the floor.
constexpr Scalar kTolerance = 1e-6;
constexpr Scalar kAbsoluteFloor = 1e-10;
constexpr Scalar kStep = 1e-5;
// No pre-activation may lie within this distance of 0. A parameter nudged by h = 1e-5 moves any z by at most
// ~h * |input| * (product of |W| along the path), below 1e-4 here, so no unit crosses the kink of ReLU or
// leaky ReLU during a difference: the loss is smooth along every probe and central differences are valid.
// Without the guard a unit near z = 0 makes the numeric slope an average of the two sides and the check fails for
// a reason that is not a bug.
constexpr Scalar kKinkMargin = 1e-3;

struct Problem {
    Network net;
    Matrix X, Y;
};

Matrix targets(Loss loss, Activation out, int K, int N, Rng& rng) {
    Matrix Y(K, N);
    for (int n = 0; n < N; ++n) {
        if (loss == Loss::SoftmaxCrossEntropy) {
            Y.col(n).setZero();
            Y(Index(rng.index(std::uint64_t(K))), n) = 1.0;  // one-hot
        } else if (loss == Loss::BinaryCrossEntropy) {
            for (int k = 0; k < K; ++k) Y(k, n) = rng.uniform() < 0.5 ? 0.0 : 1.0;
        } else if (out == Activation::Sigmoid || out == Activation::Softmax) {
            for (int k = 0; k < K; ++k) Y(k, n) = rng.uniform(0.05, 0.95);  // inside the output's range
        } else {
            for (int k = 0; k < K; ++k) Y(k, n) = rng.uniform(-1, 1);
        }
    }
    return Y;
}

// The smallest |z| over every layer and sample.
Scalar smallestAbsZ(Network& net, const Matrix& X) {
    net.forward(X);
    Scalar m = std::numeric_limits<Scalar>::infinity();
    for (const LayerTrace& t : net.trace().layers) m = std::min(m, t.z.cwiseAbs().minCoeff());
    return m;
}

// 3-4-3-K with weights and biases U(-1, 1) and N(0, 1) inputs, reseeded until no z lies within kKinkMargin of 0
// and the gradient is not all zero.
Problem makeProblem(Activation hidden, Activation out, Loss loss, int K, std::uint64_t seed) {
    const NetworkSpec spec{3, {{4, hidden}, {3, hidden}, {K, out}}, loss};
    const int N = 6;
    for (int attempt = 0; attempt < 100; ++attempt) {
        Rng rng(seed + 1000 * std::uint64_t(attempt));
        Problem p{Network(spec), Matrix(3, N), Matrix()};
        for (Index i = 0; i < p.net.parameterCount(); ++i) p.net.params()(i) = rng.uniform(-1, 1);
        for (Index i = 0; i < p.X.size(); ++i) p.X.data()[i] = rng.normal();
        p.Y = targets(loss, out, K, N, rng);
        if (smallestAbsZ(p.net, p.X) < kKinkMargin) continue;
        // A network whose ReLU outputs are dead for every sample has a zero gradient: 0 against 0 proves nothing.
        p.net.lossAndGradient(p.X, p.Y);
        if (p.net.grads().cwiseAbs().maxCoeff() > 1e-3) return p;
    }
    qFatal("no seed in 100 gave pre-activations clear of 0");
}

QString entryText(const GradientCheckResult& r) {
    const GradientCheckEntry& e = r.entries[std::size_t(r.worstParameter)];
    return QStringLiteral("worst: parameter %1 (layer %2%3) backprop %4 numeric %5 relative error %6")
        .arg(e.parameter)
        .arg(e.layer)
        .arg(e.bias ? ", bias" : "")
        .arg(e.backprop, 0, 'g', 12)
        .arg(e.numeric, 0, 'g', 12)
        .arg(e.relativeError, 0, 'g', 3);
}
}  // namespace

class TstGradientCheck : public QObject {
    Q_OBJECT
private slots:
    void backpropMatchesFiniteDifferences_data();
    void backpropMatchesFiniteDifferences();
    void resultDescribesEveryParameter();
    void stepActivationFailsTheCheck();
};

void TstGradientCheck::backpropMatchesFiniteDifferences_data() {
    QTest::addColumn<Activation>("hidden");
    QTest::addColumn<Activation>("output");
    QTest::addColumn<Loss>("loss");
    QTest::addColumn<int>("K");

    struct Pairing {
        Activation out;
        Loss loss;
        int K;
    };
    // Every output activation with MSE (regression; softmax + MSE exercises the softmax Jacobian-vector product),
    // sigmoid + BCE and softmax + cross-entropy (the fused dL/dz = a - y paths), and softmax + BCE, which takes the
    // unfused BCE dL/da through the softmax Jacobian. Step is left out (not differentiable; see the last test).
    const std::vector<Pairing> pairings{
        {Activation::Identity, Loss::MSE, 2},
        {Activation::Sigmoid, Loss::MSE, 2},
        {Activation::Tanh, Loss::MSE, 2},
        {Activation::ReLU, Loss::MSE, 2},
        {Activation::LeakyReLU, Loss::MSE, 2},
        {Activation::ELU, Loss::MSE, 2},
        {Activation::Softplus, Loss::MSE, 2},
        {Activation::Sine, Loss::MSE, 2},
        {Activation::Softmax, Loss::MSE, 3},
        {Activation::Sigmoid, Loss::BinaryCrossEntropy, 2},
        {Activation::Softmax, Loss::SoftmaxCrossEntropy, 3},
        {Activation::Softmax, Loss::BinaryCrossEntropy, 3},
    };
    int rows = 0;
    for (Activation hidden : allActivations()) {
        // Step has no useful derivative and softmax is output-only: neither can be a hidden layer here.
        if (hidden == Activation::Step || hidden == Activation::Softmax) continue;
        for (const Pairing& p : pairings) {
            const std::string name = activationName(hidden) + " hidden, " + activationName(p.out) + " + " +
                                     lossName(p.loss);
            QTest::newRow(name.c_str()) << hidden << p.out << p.loss << p.K;
            ++rows;
        }
    }
    QCOMPARE(rows, 8 * 12);  // a new activation must be added to this test, not silently skipped
}

void TstGradientCheck::backpropMatchesFiniteDifferences() {
    QFETCH(Activation, hidden);
    QFETCH(Activation, output);
    QFETCH(Loss, loss);
    QFETCH(int, K);
    const std::uint64_t seed = 17 + 31 * std::uint64_t(hidden) + 7 * std::uint64_t(output) + std::uint64_t(loss);
    Problem p = makeProblem(hidden, output, loss, K, seed);
    const Vector before = p.net.params();
    const GradientCheckResult r = gradientCheck(p.net, p.X, p.Y, kStep);
    QCOMPARE(r.entries.size(), std::size_t(p.net.parameterCount()));
    int relativeChecked = 0, nonZero = 0;
    for (const GradientCheckEntry& e : r.entries) {
        const Scalar absolute = std::abs(e.backprop - e.numeric);
        const Scalar magnitude = std::max(std::abs(e.backprop), std::abs(e.numeric));
        const bool tiny = magnitude < 1e-4;
        if (!tiny) ++relativeChecked;
        if (magnitude > 0) ++nonZero;  // exact zeros on both sides: weights into or out of a dead ReLU
        QVERIFY2(e.relativeError < kTolerance || (tiny && absolute < kAbsoluteFloor),
                 qPrintable(QStringLiteral("parameter %1 (layer %2%3): backprop %4 numeric %5 relative error %6")
                                .arg(e.parameter)
                                .arg(e.layer)
                                .arg(e.bias ? ", bias" : "")
                                .arg(e.backprop, 0, 'g', 12)
                                .arg(e.numeric, 0, 'g', 12)
                                .arg(e.relativeError, 0, 'g', 3)));
    }
    // Most of the nonzero gradient is measured on the strict relative scale, not the floor.
    QVERIFY2(relativeChecked * 2 > nonZero, qPrintable(QStringLiteral("%1 of %2").arg(relativeChecked).arg(nonZero)));
    if (r.maxRelativeError >= kTolerance)
        qInfo("%s (below 1e-4: held to the absolute floor)", qPrintable(entryText(r)));
    // The gradient is not trivially zero.
    QVERIFY(p.net.grads().cwiseAbs().maxCoeff() > 1e-3);
    // The check left the parameters as they were, bit for bit.
    QVERIFY(std::memcmp(before.data(), p.net.params().data(), sizeof(Scalar) * std::size_t(before.size())) == 0);
}

void TstGradientCheck::resultDescribesEveryParameter() {
    Problem p = makeProblem(Activation::Tanh, Activation::Sigmoid, Loss::BinaryCrossEntropy, 2, 5);
    const GradientCheckResult r = gradientCheck(p.net, p.X, p.Y);
    QCOMPARE(r.entries.size(), std::size_t(p.net.parameterCount()));
    Scalar worst = -1;
    for (std::size_t i = 0; i < r.entries.size(); ++i) {
        const GradientCheckEntry& e = r.entries[i];
        QCOMPARE(e.parameter, Index(i));
        QCOMPARE(e.layer, p.net.layerOf(e.parameter));
        QCOMPARE(e.bias, p.net.isBias(e.parameter));
        QCOMPARE(e.backprop, p.net.grads()(e.parameter));  // gradientCheck leaves the backprop gradient in grads()
        const Scalar expected = std::abs(e.backprop - e.numeric) / std::max(std::abs(e.backprop), std::abs(e.numeric));
        QCOMPARE(e.relativeError, expected);
        worst = std::max(worst, e.relativeError);
    }
    QCOMPARE(r.maxRelativeError, worst);
    QCOMPARE(r.entries[std::size_t(r.worstParameter)].relativeError, worst);
    // Layer and bias labels: the last parameter is the output layer's last bias.
    QCOMPARE(r.entries.back().layer, 2);
    QVERIFY(r.entries.back().bias);
    QVERIFY(!r.entries.front().bias);
}

void TstGradientCheck::stepActivationFailsTheCheck() {
    // The broken case. Step's derivative is 0 wherever it exists, so backprop reports no gradient at all for the
    // weights below a step unit, yet the loss is not flat: it jumps where a unit's z crosses 0. Here one sample sits
    // exactly on hidden unit 0's threshold (z = 0.5*1 - 0.5*1 + 0 = 0, and step(0) = 1), so nudging any of that unit's
    // weights by +-h flips it, and the central difference sees a jump of size ~|dL| / 2h. On random data the same
    // thing happens whenever a z lies within h of 0; the sample is placed there so the test does not depend on luck.
    const NetworkSpec spec{2, {{2, Activation::Step}, {1, Activation::Sigmoid}}, Loss::MSE};
    Network net(spec);
    net.W(0) << 0.5, -0.5,  // unit 0
        1.0, 1.0;           // unit 1
    net.b(0) << 0.0, 0.5;
    net.W(1) << 1.5, -0.7;
    net.b(1) << 0.1;
    Matrix X(2, 3), Y(1, 3);
    X << 1.0, 2.0, -1.0,  //
        1.0, 0.0, -0.5;
    Y << 0.0, 1.0, 1.0;
    net.forward(X);
    QCOMPARE(net.trace().layers[0].z(0, 0), 0.0);  // the sample on the threshold

    const GradientCheckResult r = gradientCheck(net, X, Y, kStep);
    // Backprop says the first layer does not matter ...
    QVERIFY(net.gradW(0).isZero(0.0));
    QVERIFY(net.gradB(0).isZero(0.0));
    // ... the numeric slope of unit 0's weights is enormous, and the relative error is 1: the check fails.
    const GradientCheckEntry& w00 = r.entries[std::size_t(net.weightIndex(0, 0, 0))];
    QCOMPARE(w00.backprop, 0.0);
    QVERIFY2(std::abs(w00.numeric) > 1e3, qPrintable(QString::number(w00.numeric)));
    QCOMPARE(w00.relativeError, 1.0);
    QVERIFY(r.maxRelativeError > kTolerance);
    QCOMPARE(r.entries[std::size_t(r.worstParameter)].layer, 0);
    // The output layer, above the step units, still checks out: the fault is located where the step is.
    for (const GradientCheckEntry& e : r.entries)
        if (e.layer == 1) QVERIFY2(e.relativeError < kTolerance, qPrintable(QString::number(e.relativeError)));
}

QTEST_GUILESS_MAIN(TstGradientCheck)
#include "tst_gradient_check.moc"
