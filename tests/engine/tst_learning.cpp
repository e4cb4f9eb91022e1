// The learning algorithms beside backprop: the perceptron rule (learns AND and OR, never XOR), finite-difference
// gradients (match backprop, leave the weights bit for bit, cost 2P+1 passes) and random search (never worse, does
// get better, costs 1 pass a step).
#include "engine/learning.h"
#include "engine/network.h"
#include "engine/rng.h"
#include "examples.h"
#include <QtTest>
#include <cmath>
#include <cstring>

using namespace engine;
Q_DECLARE_METATYPE(engine::Matrix)

using testsupport::corners;     // the four corners of the unit square: (0,0), (0,1), (1,0), (1,1)
using testsupport::truthTable;  // a truth table's outputs over them

namespace {

Network perceptron() { return Network(NetworkSpec{2, {{1, Activation::Step}}, Loss::MSE}); }

Scalar accuracy01(const Network& net, const Matrix& X, const Matrix& Y) {
    const Matrix out = net.predict(X);  // step output: exactly 0 or 1
    return Scalar((out.array() == Y.array()).count()) / Scalar(Y.size());
}

bool sameBits(const Vector& a, const Vector& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(Scalar) * std::size_t(a.size())) == 0;
}

// A small smooth problem: 2-3-1 tanh hidden, sigmoid out, BCE, with seeded weights, biases and inputs.
struct Problem {
    Network net;
    Matrix X, Y;
};
Problem smoothProblem(std::uint64_t seed) {
    Rng rng(seed);
    Problem p{Network(NetworkSpec{2, {{3, Activation::Tanh}, {1, Activation::Sigmoid}}, Loss::BinaryCrossEntropy}),
              Matrix(2, 8), Matrix(1, 8)};
    for (Index i = 0; i < p.net.parameterCount(); ++i) p.net.params()(i) = rng.uniform(-1, 1);
    for (Index i = 0; i < p.X.size(); ++i) p.X.data()[i] = rng.normal();
    for (Index n = 0; n < p.X.cols(); ++n) p.Y(0, n) = p.X(0, n) * p.X(1, n) > 0 ? 1.0 : 0.0;
    return p;
}
}  // namespace

class TstLearning : public QObject {
    Q_OBJECT
private slots:
    void algorithmNames();
    void perceptronFirstEpochByHand();
    void perceptronLearnsLinearlySeparable_data();
    void perceptronLearnsLinearlySeparable();
    void perceptronCannotLearnXor();
    void perceptronRejectsHiddenLayers();
    void finiteDifferencesMatchBackprop();
    void finiteDifferencesRestoreEveryBit();
    void finiteDifferenceCost();
    void randomSearchNeverIncreasesLoss();
    void randomSearchRejectsAndRestores();
    void randomSearchIsSeeded();
};

void TstLearning::algorithmNames() {
    for (Algorithm a :
         {Algorithm::Backprop, Algorithm::FiniteDifference, Algorithm::RandomSearch, Algorithm::PerceptronRule})
        QCOMPARE(algorithmFromName(algorithmName(a)), std::optional<Algorithm>(a));
    QCOMPARE(algorithmName(Algorithm::FiniteDifference), std::string("finite_difference"));
    QCOMPARE(algorithmName(Algorithm::PerceptronRule), std::string("perceptron"));
    QCOMPARE(algorithmFromName("Random-Search"), std::optional<Algorithm>(Algorithm::RandomSearch));
    QCOMPARE(algorithmFromName("gradient_descent"), std::optional<Algorithm>());
}

void TstLearning::perceptronFirstEpochByHand() {
    // AND from W = 0, b = 0, lr = 1, samples in column order; step(0) = 1.
    //   (0,0) y=0: z = 0        -> y_hat = 1, wrong: W += -1*(0,0) = (0,0), b = 0 - 1 = -1
    //   (0,1) y=0: z = -1       -> 0, right
    //   (1,0) y=0: z = -1       -> 0, right
    //   (1,1) y=1: z = 0+0-1=-1 -> 0, wrong: W += +1*(1,1) = (1,1), b = -1 + 1 = 0
    // Two mistakes; W = (1, 1), b = 0.
    Network net = perceptron();
    long long passes = 0;
    QCOMPARE(perceptronStep(net, corners(), truthTable(0, 0, 0, 1), 1.0, &passes), 2);
    QCOMPARE(net.W(0)(0, 0), 1.0);
    QCOMPARE(net.W(0)(0, 1), 1.0);
    QCOMPARE(net.b(0)(0), 0.0);
    QCOMPARE(passes, 1LL);  // one pass over the batch, one sample at a time
    // Epoch 2 (same rule): (0,0) z=0 wrong -> b=-1; (0,1) z=0 wrong -> W=(1,0), b=-2; (1,0) z=-1 right;
    // (1,1) z=-1 wrong -> W=(2,1), b=-1. Three mistakes.
    QCOMPARE(perceptronStep(net, corners(), truthTable(0, 0, 0, 1), 1.0, &passes), 3);
    QCOMPARE(net.W(0)(0, 0), 2.0);
    QCOMPARE(net.W(0)(0, 1), 1.0);
    QCOMPARE(net.b(0)(0), -1.0);
    QCOMPARE(passes, 2LL);
    // Epoch 3: (0,1) z=0 wrong -> W=(2,0), b=-2; (1,0) z=0 wrong -> W=(1,0), b=-3; (1,1) z=-2 wrong -> W=(2,1), b=-2.
    // Epoch 4: (1,0) z=0 wrong -> W=(1,1), b=-3; (1,1) z=-1 wrong -> W=(2,2), b=-2.
    // Epoch 5: (0,1) z=0 wrong -> W=(2,1), b=-3; the rest right ((1,1): z = 0 -> 1).
    // Epoch 6: no mistakes. The line 2 x1 + x2 - 3 = 0 separates (1,1) from the rest.
    const std::vector<int> expectedMistakes{3, 2, 1, 0};
    for (int expected : expectedMistakes)
        QCOMPARE(perceptronStep(net, corners(), truthTable(0, 0, 0, 1), 1.0), expected);
    QCOMPARE(net.W(0)(0, 0), 2.0);
    QCOMPARE(net.W(0)(0, 1), 1.0);
    QCOMPARE(net.b(0)(0), -3.0);
}

void TstLearning::perceptronLearnsLinearlySeparable_data() {
    QTest::addColumn<Matrix>("Y");
    QTest::addColumn<double>("learningRate");
    QTest::newRow("AND, lr 1") << truthTable(0, 0, 0, 1) << 1.0;
    QTest::newRow("AND, lr 0.1") << truthTable(0, 0, 0, 1) << 0.1;
    QTest::newRow("OR, lr 1") << truthTable(0, 1, 1, 1) << 1.0;
    QTest::newRow("OR, lr 0.1") << truthTable(0, 1, 1, 1) << 0.1;
    QTest::newRow("NAND, lr 1") << truthTable(1, 1, 1, 0) << 1.0;
}

void TstLearning::perceptronLearnsLinearlySeparable() {
    QFETCH(Matrix, Y);
    QFETCH(double, learningRate);
    // Novikoff (1962): on separable data the rule makes at most (R / margin)^2 mistakes. For these gates from zero
    // weights these gates settle within about 10 epochs (AND with lr 1 takes 6, worked above); 50 is the bound.
    Network net = perceptron();
    int epochs = 0, mistakes = -1;
    while (mistakes != 0 && epochs < 50) {
        mistakes = perceptronStep(net, corners(), Y, learningRate);
        ++epochs;
    }
    QCOMPARE(mistakes, 0);
    QCOMPARE(accuracy01(net, corners(), Y), 1.0);
    // Once right, the rule stops changing anything.
    const Vector settled = net.params();
    QCOMPARE(perceptronStep(net, corners(), Y, learningRate), 0);
    QVERIFY(sameBits(settled, net.params()));
    qInfo("converged after %d epochs (the last one without mistakes)", epochs);
}

void TstLearning::perceptronCannotLearnXor() {
    // XOR is not linearly separable (Minsky & Papert 1969): no line puts (0,1), (1,0) on one side and (0,0), (1,1)
    // on the other, so every epoch makes a mistake and a single unit gets at most 3 of the 4 right.
    Network net = perceptron();
    const Matrix Y = truthTable(0, 1, 1, 0);
    for (int epoch = 0; epoch < 1000; ++epoch) {
        QVERIFY2(perceptronStep(net, corners(), Y, 1.0) > 0, qPrintable(QString::number(epoch)));
        QVERIFY(accuracy01(net, corners(), Y) <= 0.75);
    }
}

void TstLearning::perceptronRejectsHiddenLayers() {
    Network net(NetworkSpec{2, {{2, Activation::Step}, {1, Activation::Step}}, Loss::MSE});
    QVERIFY_THROWS_EXCEPTION(NetworkError, perceptronStep(net, corners(), truthTable(0, 1, 1, 0), 1.0));
    Network single = perceptron();
    QVERIFY_THROWS_EXCEPTION(NetworkError, perceptronStep(single, Matrix::Zero(3, 4), truthTable(0, 1, 1, 0), 1.0));
}

void TstLearning::finiteDifferencesMatchBackprop() {
    Problem p = smoothProblem(3);
    const Scalar L = p.net.lossAndGradient(p.X, p.Y);
    const Vector backprop = p.net.grads();
    Vector numeric;
    const Scalar L0 = finiteDifferenceGradient(p.net, p.X, p.Y, 1e-5, numeric);
    QCOMPARE(numeric.size(), backprop.size());
    QCOMPARE(L0, p.net.loss(p.X, p.Y));  // the loss at theta, from the same const forward
    QVERIFY(std::abs(L0 - L) <= 1e-15 * L);
    for (Index i = 0; i < numeric.size(); ++i) {
        // Every component here is above 1e-3, so relative error is meaningful (see tst_gradient_check).
        QVERIFY(std::abs(backprop(i)) > 1e-3);
        const Scalar rel = std::abs(numeric(i) - backprop(i)) / std::max(std::abs(numeric(i)), std::abs(backprop(i)));
        QVERIFY2(rel < 1e-6,
                 qPrintable(QStringLiteral("parameter %1: %2 vs %3").arg(i).arg(numeric(i)).arg(backprop(i))));
    }
}

void TstLearning::finiteDifferencesRestoreEveryBit() {
    Problem p = smoothProblem(4);
    // The usual shortcut, theta += h; L+; theta -= 2h; L-; theta += h, does not restore most doubles: each step rounds.
    // Make sure this problem has such parameters, so the test fails for that implementation.
    const Scalar h = 1e-5;
    int wouldDrift = 0;
    for (Index i = 0; i < p.net.parameterCount(); ++i) {
        const volatile Scalar v = p.net.params()(i);
        volatile Scalar w = v;
        w = w + h;
        w = w - 2 * h;
        w = w + h;
        if (w != v) ++wouldDrift;
    }
    QVERIFY(wouldDrift > 0);
    const Vector before = p.net.params();
    Vector numeric;
    for (int round = 0; round < 3; ++round) {
        finiteDifferenceGradient(p.net, p.X, p.Y, h, numeric);
        QVERIFY(sameBits(before, p.net.params()));
    }
}

void TstLearning::finiteDifferenceCost() {
    Problem p = smoothProblem(5);
    const long long P = p.net.parameterCount();
    QCOMPARE(P, 13LL);     // 2-3-1: 6 + 3 + 3 + 1
    long long passes = 7;  // the count accumulates
    Vector numeric;
    finiteDifferenceGradient(p.net, p.X, p.Y, 1e-5, numeric, &passes);
    QCOMPARE(passes, 7 + 2 * P + 1);                           // 2P + 1 = 27
    finiteDifferenceGradient(p.net, p.X, p.Y, 1e-5, numeric);  // no counter: fine
}

void TstLearning::randomSearchNeverIncreasesLoss() {
    // Fit y = sigmoid(2 x1 - x2) with a 2-1 sigmoid unit from zero weights: random search with scale 0.1 must never
    // make the loss worse (it only keeps improvements) and must make it clearly better in 200 steps.
    Network net(NetworkSpec{2, {{1, Activation::Sigmoid}}, Loss::MSE});
    Rng data(11);
    Matrix X(2, 20), Y(1, 20);
    for (Index i = 0; i < X.size(); ++i) X.data()[i] = data.normal();
    for (Index n = 0; n < X.cols(); ++n) Y(0, n) = 1.0 / (1.0 + std::exp(-(2 * X(0, n) - X(1, n))));

    Rng rng(42);
    long long passes = 0;
    const Scalar initial = net.loss(X, Y);
    Scalar loss = initial;
    int accepted = 0;
    for (int step = 0; step < 200; ++step) {
        const RandomSearchStep s = randomSearchStep(net, X, Y, 0.1, loss, rng, &passes);
        QVERIFY2(s.loss <= loss, qPrintable(QStringLiteral("step %1: %2 > %3").arg(step).arg(s.loss).arg(loss)));
        QCOMPARE(s.loss < loss, s.accepted);
        QCOMPARE(net.loss(X, Y), s.loss);  // the returned loss is the loss of the parameters now held
        loss = s.loss;
        accepted += s.accepted;
    }
    QCOMPARE(passes, 200LL);  // one forward pass per step
    QVERIFY(accepted > 0);
    QVERIFY2(loss < 0.5 * initial, qPrintable(QStringLiteral("%1 -> %2").arg(initial).arg(loss)));
    qInfo("loss %g -> %g, %d of 200 steps accepted", initial, loss, accepted);
}

void TstLearning::randomSearchRejectsAndRestores() {
    // At a minimum (y = the net's own output, loss 0) every proposal is worse: all are rejected, every bit restored.
    Problem p = smoothProblem(6);
    p.Y = p.net.predict(p.X);
    const Scalar L = p.net.loss(p.X, p.Y);
    const Vector before = p.net.params();
    Rng rng(1);
    long long passes = 0;
    for (int i = 0; i < 20; ++i) {
        const RandomSearchStep s = randomSearchStep(p.net, p.X, p.Y, 0.5, L, rng, &passes);
        QVERIFY(!s.accepted);
        QCOMPARE(s.loss, L);
        QVERIFY(sameBits(before, p.net.params()));
    }
    QCOMPARE(passes, 20LL);

    // A proposal that leaves the loss exactly equal is rejected too (keep only if strictly better): a ReLU unit held
    // far below 0 outputs 0 whatever a small step does, so every proposal ties.
    Network dead(NetworkSpec{2, {{1, Activation::ReLU}}, Loss::MSE});
    dead.b(0)(0) = -100;
    const Matrix X = corners(), Y = truthTable(0, 1, 1, 1);
    const Scalar tie = dead.loss(X, Y);
    const Vector deadBefore = dead.params();
    for (int i = 0; i < 20; ++i) {
        const RandomSearchStep s = randomSearchStep(dead, X, Y, 0.01, tie, rng);
        QCOMPARE(dead.loss(X, Y), tie);
        QVERIFY(!s.accepted);
        QVERIFY(sameBits(deadBefore, dead.params()));
    }
}

void TstLearning::randomSearchIsSeeded() {
    Problem a = smoothProblem(7), b = smoothProblem(7);
    Rng ra(99), rb(99);
    Scalar la = a.net.loss(a.X, a.Y), lb = la;
    for (int i = 0; i < 50; ++i) {
        la = randomSearchStep(a.net, a.X, a.Y, 0.2, la, ra).loss;
        lb = randomSearchStep(b.net, b.X, b.Y, 0.2, lb, rb).loss;
    }
    QVERIFY(sameBits(a.net.params(), b.net.params()));
    QCOMPARE(la, lb);
}

QTEST_GUILESS_MAIN(TstLearning)
#include "tst_learning.moc"
