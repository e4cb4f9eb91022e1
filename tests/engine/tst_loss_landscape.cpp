// LossLandscape and LandscapePath: the grid's centre is the network's loss bit for bit, the axes span the range asked,
// row-by-row computation equals computing all at once, the network is left unchanged, and on a convex toy problem
// (least squares through one linear neuron) the path that SGD takes descends towards the minimum.
#include "engine/loss_landscape.h"
#include "engine/optimizer.h"
#include "examples.h"
#include <QtTest>
#include <cmath>

using namespace engine;

namespace {

// y = 2 x1 − x2 exactly, 9 points: the least-squares minimum of a linear neuron is w = (2, −1), b = 0.
struct Toy {
    Network net{NetworkSpec{2, {{1, Activation::Identity}}, Loss::MSE}};
    Matrix X{2, 9}, Y{1, 9};
    Toy() {
        int n = 0;
        for (int a = -1; a <= 1; ++a)
            for (int b = -1; b <= 1; ++b, ++n) {
                X(0, n) = a;
                X(1, n) = 0.5 * b + 0.25 * a;
                Y(0, n) = 2 * X(0, n) - X(1, n);
            }
        net.params() << -1.0, 1.5, 0.3;  // W = (−1, 1.5), b = 0.3: far from the minimum
    }
};

Network smallNet() {
    Network net(NetworkSpec{2, {{2, Activation::Tanh}, {1, Activation::Sigmoid}}, Loss::BinaryCrossEntropy});
    net.params() << 0.3, -0.2, 0.5, 0.8, 0.1, -0.1, 1.2, -0.7, 0.05;
    return net;
}
// XOR on the corners of [-1, 1]².
Matrix xorX() { return testsupport::corners(-1, 1); }
Matrix xorY() { return testsupport::xorTargets(); }

}  // namespace

class TstLossLandscape : public QObject {
    Q_OBJECT
private slots:
    void centreIsTheNetworksLoss();
    void gridAxes();
    void rowsEqualAllAtOnce();
    void convexToyHasItsMinimumWhereExpected();
    void sgdPathDescends();
    void defaultParameters();
    void rejectsBadArguments();
};

void TstLossLandscape::centreIsTheNetworksLoss() {
    const Network net = smallNet();
    LossLandscape land(net, xorX(), xorY(), 6, 7, 2.0, 1.5, 21);
    land.computeAll();
    const LandscapeGrid& g = land.grid();
    QCOMPARE(g.nx, 21);
    QCOMPARE(g.values(10, 10), net.loss(xorX(), xorY()));  // exactly: the centre point is the current point
    QCOMPARE(g.centreLoss, net.loss(xorX(), xorY()));
    QCOMPARE(g.x(10), net.params()(6));
    QCOMPARE(g.y(10), net.params()(7));
    // Elsewhere the grid is the loss with the two parameters moved and the others fixed.
    Network moved = net;
    moved.params()(6) = g.x(3);
    moved.params()(7) = g.y(17);
    QCOMPARE(g.values(17, 3), moved.loss(xorX(), xorY()));
    QVERIFY(g.values.allFinite());
    QCOMPARE(g.minValue, g.values.minCoeff());
    QCOMPARE(g.maxValue, g.values.maxCoeff());
}

void TstLossLandscape::gridAxes() {
    const Network net = smallNet();
    LossLandscape land(net, xorX(), xorY(), 0, 8, 1.0, 0.5, 10);  // 10 points: raised to 11 so the centre is on it
    const LandscapeGrid& g = land.grid();
    QCOMPARE(g.nx, 11);
    QCOMPARE(g.ny, 11);
    QVERIFY(qAbs(g.x0 - (0.3 - 1.0)) < 1e-15);
    QVERIFY(qAbs(g.x1 - (0.3 + 1.0)) < 1e-15);
    QVERIFY(qAbs(g.y0 - (0.05 - 0.5)) < 1e-15);
    QVERIFY(qAbs(g.y1 - (0.05 + 0.5)) < 1e-15);
    QVERIFY(std::isnan(g.values(0, 0)));  // not computed yet
    QVERIFY(!land.complete());
}

void TstLossLandscape::rowsEqualAllAtOnce() {
    const Network net = smallNet();
    LossLandscape a(net, xorX(), xorY(), 2, 3, 1.0, 1.0, 15), b(net, xorX(), xorY(), 2, 3, 1.0, 1.0, 15);
    a.computeAll();
    int calls = 0;
    while (!b.computeRows(4)) ++calls;
    QCOMPARE(calls, 3);  // 4 + 4 + 4 + 3 rows
    QCOMPARE(b.rowsDone(), 15);
    QVERIFY(a.grid().values == b.grid().values);
}

void TstLossLandscape::convexToyHasItsMinimumWhereExpected() {
    Toy toy;
    toy.net.params() << 2.0, -1.0, 0.0;  // at the minimum
    LossLandscape land(toy.net, toy.X, toy.Y, 0, 1, 1.0, 1.0, 11);
    land.computeAll();
    const LandscapeGrid& g = land.grid();
    Index r, c;
    g.values.minCoeff(&r, &c);
    QCOMPARE(int(r), 5);
    QCOMPARE(int(c), 5);
    QCOMPARE(g.values(5, 5), 0.0);
}

void TstLossLandscape::sgdPathDescends() {
    Toy toy;
    OptimizerSettings s;
    s.kind = OptimizerKind::SGD;
    // Below 2 / λmax = 1 (the Hessian (2/N) Σ [x;1][x;1]ᵀ has λmax = 2, along the bias): every step goes downhill.
    s.learningRate = 0.5;
    Optimizer opt(s);
    LandscapePath path(0, 1);
    path.record(toy.net.params(), toy.net.loss(toy.X, toy.Y));
    for (int step = 0; step < 60; ++step) {
        toy.net.lossAndGradient(toy.X, toy.Y);
        opt.step(toy.net.params(), toy.net.grads());
        path.record(toy.net.params(), toy.net.loss(toy.X, toy.Y));
    }
    const auto& pts = path.points();
    QCOMPARE(int(pts.size()), 61);
    QCOMPARE(pts[0].x, -1.0);
    QCOMPARE(pts[0].y, 1.5);
    auto dist = [](const LandscapePathPoint& p) { return std::hypot(p.x - 2.0, p.y + 1.0); };
    for (std::size_t k = 1; k < pts.size(); ++k) {
        QVERIFY2(pts[k].loss < pts[k - 1].loss, qPrintable(QString("step %1").arg(k)));  // full-batch GD, small step
        QVERIFY(dist(pts[k]) < dist(pts[k - 1]));
    }
    QVERIFY(dist(pts.back()) < 0.05 * dist(pts.front()));
    // A vector too short is ignored rather than read out of bounds.
    path.record(Vector::Zero(1));
    QCOMPARE(int(path.points().size()), 61);
}

void TstLossLandscape::defaultParameters() {
    const Network net = smallNet();
    const auto [a, b] = LossLandscape::defaultParameters(net);
    QCOMPARE(a, net.weightIndex(1, 0, 0));
    QCOMPARE(b, net.weightIndex(1, 0, 1));
    Network deep(NetworkSpec{2, {{1, Activation::Tanh}, {1, Activation::Sigmoid}}, Loss::MSE});
    const auto [c, d] = LossLandscape::defaultParameters(deep);
    QCOMPARE(c, deep.weightIndex(0, 0, 0));
    QCOMPARE(d, deep.weightIndex(0, 0, 1));
}

void TstLossLandscape::rejectsBadArguments() {
    const Network net = smallNet();
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, LossLandscape(net, xorX(), xorY(), 0, 9, 1, 1, 5));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LossLandscape(net, xorX(), xorY(), 2, 2, 1, 1, 5));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LossLandscape(net, xorX(), xorY(), 1, 2, 0, 1, 5));
}

QTEST_GUILESS_MAIN(TstLossLandscape)
#include "tst_loss_landscape.moc"
