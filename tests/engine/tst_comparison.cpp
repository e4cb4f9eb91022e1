// Comparison: every run starts from identical weights on identical data; the costs are Trainer's (finite differences
// spend 2P + 1 passes an update, backprop 1); a run is a Trainer's run, bit for bit; two comparisons with the same
// inputs record the same points; limits and streaming work; the perceptron rule runs only where it applies; the
// fine-tuning race sets up four networks (shapes, starts, freeze masks), holds their frozen layers, and each of its
// runs is the Trainer run a lesson step sets up the same way.
#include "engine/comparison.h"
#include "engine/param_mask.h"
#include "engine/param_remap.h"
#include <QtTest>
#include <cstring>

using namespace engine;

namespace {

NetworkSpec xorNet() {
    return NetworkSpec{2, {{3, Activation::Tanh}, {1, Activation::Sigmoid}}, Loss::BinaryCrossEntropy};
}

Dataset xorData() { return generate(GeneratorParams{Generator::Xor, 40, 0.0, 2, 5}); }

TrainSettings base() {
    TrainSettings s;
    s.mode = UpdateMode::MiniBatch;
    s.batchSize = 8;
    s.seed = 11;
    s.standardize = true;
    return s;
}

bool sameBits(const Vector& a, const Vector& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(Scalar) * std::size_t(a.size())) == 0;
}

OptimizerSettings sgd(double lr) {
    OptimizerSettings s;
    s.kind = OptimizerKind::SGD;
    s.learningRate = lr;
    return s;
}

}  // namespace

class TstComparison : public QObject {
    Q_OBJECT
private slots:
    void everyRunStartsFromTheSameWeights();
    void givenInitialWeightsAreUsed();
    void costsAreCounted();
    void aRunIsATrainersRun();
    void reproducible();
    void limitsStopRuns();
    void streamingHandsOutEachPointOnce();
    void perceptronOnlyWhereItApplies();
    void updateModesRaceByEpochs();
    void optimizerRaceDefaults();
    void secondsOnlyGrow();
    void fineTuningRaceSetUp();
    void fineTuningRaceHoldsFrozenLayers();
    void fineTuningRunIsATrainersRun();
    void fineTuningNeedsAHiddenLayer();
    void additiveLayerUnderTheOutput();
    void testAccuracyOnlyWithATestSplit();
};

void TstComparison::everyRunStartsFromTheSameWeights() {
    Comparison c(xorNet(), xorData(), base(), Comparison::optimizerRace());
    QCOMPARE(c.runCount(), 6);
    for (int r = 0; r < c.runCount(); ++r) {
        QVERIFY(sameBits(c.parameters(r), c.initialParameters()));
        QCOMPARE(int(c.series(r).points.size()), 1);
        QCOMPARE(c.series(r).points[0].updates, 0LL);
        QCOMPARE(c.series(r).points[0].forwardPasses, 0LL);
        QCOMPARE(c.series(r).points[0].loss, c.series(0).points[0].loss);  // same weights, same data: same loss
    }
    // The shared start is the seed's initialisation, as a Trainer with these settings draws it.
    Trainer t(xorNet(), xorData(), Dataset{}, base());
    QVERIFY(sameBits(c.initialParameters(), t.network().params()));
    // After a step the runs differ (different optimizers), but each moved from the common start.
    c.step(5);
    QVERIFY(!sameBits(c.parameters(0), c.parameters(4)));
}

void TstComparison::givenInitialWeightsAreUsed() {
    Network net(xorNet());
    Rng rng(3);
    for (Index p = 0; p < net.parameterCount(); ++p) net.params()(p) = rng.uniform(-0.5, 0.5);
    Comparison c(xorNet(), xorData(), base(), Comparison::learningAlgorithms(sgd(0.3)), net.params());
    for (int r = 0; r < c.runCount(); ++r)
        if (c.series(r).applicable) QVERIFY(sameBits(c.parameters(r), net.params()));
}

void TstComparison::costsAreCounted() {
    TrainSettings s = base();
    s.mode = UpdateMode::FullBatch;
    Comparison c(xorNet(), xorData(), s, Comparison::learningAlgorithms(sgd(0.3)));
    c.step(10);
    const Index P = xorNet().parameterCount();  // 2·3 + 3 + 3·1 + 1 = 13
    QCOMPARE(P, Index(13));
    // backprop: 1 pass an update; finite differences: 2P + 1 = 27; random search: 2 (the current loss and a trial)
    QCOMPARE(c.series(0).points.back().updates, 10LL);
    QCOMPARE(c.series(0).points.back().forwardPasses, 10LL);
    QCOMPARE(c.series(1).points.back().forwardPasses, 10LL * (2 * 13 + 1));
    QCOMPARE(c.series(2).points.back().forwardPasses, 20LL);
    // Finite differences follow backprop's curve against updates (the same gradient up to O(h²))...
    for (std::size_t k = 0; k < c.series(0).points.size(); ++k)
        QVERIFY(qAbs(c.series(0).points[k].loss - c.series(1).points[k].loss) < 1e-6);
    // ...at 27 times the cost.
    QVERIFY(c.series(1).points.back().forwardPasses >= 20 * c.series(0).points.back().forwardPasses);
}

void TstComparison::aRunIsATrainersRun() {
    TrainSettings s = base();
    s.optimizer.kind = OptimizerKind::Adam;
    s.optimizer.learningRate = 0.01;
    Comparison c(xorNet(), xorData(), base(), {{"adam", Algorithm::Backprop, s.optimizer, 0.05, std::nullopt, 0}});
    c.step(37);
    Trainer t(xorNet(), xorData(), Dataset{}, s);
    for (int k = 0; k < 37; ++k) t.update();
    QVERIFY(sameBits(c.parameters(0), t.network().params()));
    QCOMPARE(c.series(0).points.back().loss, t.result().train.loss);
}

void TstComparison::reproducible() {
    auto run = [] {
        Comparison c(xorNet(), xorData(), base(), Comparison::learningAlgorithms(sgd(0.3)));
        c.step(7);
        c.step(13);
        return c;
    };
    const Comparison a = run(), b = run();
    for (int r = 0; r < a.runCount(); ++r) {
        QCOMPARE(a.series(r).points.size(), b.series(r).points.size());
        for (std::size_t k = 0; k < a.series(r).points.size(); ++k) {
            QCOMPARE(a.series(r).points[k].loss, b.series(r).points[k].loss);
            QCOMPARE(a.series(r).points[k].forwardPasses, b.series(r).points[k].forwardPasses);
        }
        QVERIFY(sameBits(a.parameters(r), b.parameters(r)));
    }
    // Chunking does not matter: 20 updates in one call give the same weights as 7 + 13.
    Comparison one(xorNet(), xorData(), base(), Comparison::learningAlgorithms(sgd(0.3)));
    one.step(20);
    for (int r = 0; r < a.runCount(); ++r) QVERIFY(sameBits(one.parameters(r), a.parameters(r)));
}

void TstComparison::limitsStopRuns() {
    TrainSettings s = base();
    s.mode = UpdateMode::FullBatch;
    ComparisonLimits limits;
    limits.maxUpdates = 0;
    limits.maxForwardPasses = 100;  // backprop: 100 updates; finite differences (27 a step): 4 updates (108 passes)
    limits.recordEvery = 10;
    Comparison c(xorNet(), xorData(), s, Comparison::learningAlgorithms(sgd(0.3)), {}, limits);
    while (c.step(16)) {
    }
    QVERIFY(c.finished());
    QCOMPARE(c.updates(0), 100LL);
    QCOMPARE(c.series(0).points.back().forwardPasses, 100LL);
    QCOMPARE(c.updates(1), 4LL);
    QCOMPARE(c.series(1).points.back().updates, 4LL);
    QCOMPARE(c.series(1).points.back().forwardPasses, 108LL);
    // Points: the start, the first update, every 10th, and the last.
    QCOMPARE(c.series(0).points[1].updates, 1LL);
    QCOMPARE(c.series(0).points[2].updates, 10LL);
    ComparisonLimits byUpdates;
    byUpdates.maxUpdates = 25;
    Comparison d(xorNet(), xorData(), s, Comparison::optimizerRace(), {}, byUpdates);
    QVERIFY(d.step(20));
    QVERIFY(!d.step(20));
    for (int r = 0; r < d.runCount(); ++r) QCOMPARE(d.updates(r), 25LL);
}

void TstComparison::streamingHandsOutEachPointOnce() {
    Comparison c(xorNet(), xorData(), base(), Comparison::optimizerRace(0.05));
    auto first = c.takeNewPoints();
    QCOMPARE(int(first.size()), 6);
    QCOMPARE(int(first[0].size()), 1);  // the starting point
    c.step(3);
    auto second = c.takeNewPoints();
    QCOMPARE(int(second[0].size()), 3);
    QCOMPARE(second[0].front().updates, 1LL);
    QCOMPARE(second[0].back().updates, 3LL);
    QVERIFY(c.takeNewPoints()[0].empty());
}

void TstComparison::perceptronOnlyWhereItApplies() {
    // A hidden layer: the perceptron rule does not apply; the other algorithms run.
    Comparison hidden(xorNet(), xorData(), base(), Comparison::learningAlgorithms(sgd(0.3)));
    QCOMPARE(hidden.run(3).algorithm, Algorithm::PerceptronRule);
    QVERIFY(!hidden.series(3).applicable);
    QVERIFY(!hidden.series(3).note.empty());
    QVERIFY(hidden.series(3).points.empty());
    hidden.step(2);
    QCOMPARE(hidden.updates(3), 0LL);
    // A single step unit on a linearly separable set: it applies and learns.
    NetworkSpec single{2, {{1, Activation::Step}}, Loss::MSE};
    Dataset gauss = generate(GeneratorParams{Generator::Gaussians, 40, 0.0, 2, 3});
    TrainSettings s = base();
    s.mode = UpdateMode::FullBatch;
    s.standardize = false;
    Comparison c(single, gauss, s, Comparison::learningAlgorithms(sgd(1.0)));
    QVERIFY(c.series(3).applicable);
    c.step(20);
    QCOMPARE(c.series(3).points.back().loss, 0.0);  // separable: no mistakes left, MSE of a step output is 0
    // Backprop through a step unit has no gradient: its loss never moves.
    QCOMPARE(c.series(0).points.back().loss, c.series(0).points.front().loss);
}

void TstComparison::optimizerRaceDefaults() {
    const auto runs = Comparison::optimizerRace();
    QCOMPARE(int(runs.size()), 6);
    QCOMPARE(runs[4].name, std::string("Adam"));
    QCOMPARE(runs[4].optimizer.learningRate, 0.001);
    QCOMPARE(runs[5].optimizer.kind, OptimizerKind::NAdam);
    for (const auto& r : Comparison::optimizerRace(0.02)) QCOMPARE(r.optimizer.learningRate, 0.02);
}

// Full batch, mini-batches and online from one start, stopped after the same number of epochs: each made its own
// number of updates for it (1, N/8 and N an epoch) and reports the epochs it has done.
void TstComparison::updateModesRaceByEpochs() {
    const Dataset d = xorData();  // 40 samples
    ComparisonLimits limits;
    limits.maxUpdates = 0;
    limits.maxEpochs = 3;
    Comparison c(xorNet(), d, base(), Comparison::updateModeRace(sgd(0.1), 8), {}, limits);
    QCOMPARE(c.runCount(), 3);
    while (c.step(1)) {
    }
    QCOMPARE(c.updates(0), 3LL);       // full batch: one update an epoch
    QCOMPARE(c.updates(1), 3LL * 5);   // mini-batches of 8: five an epoch
    QCOMPARE(c.updates(2), 3LL * 40);  // online: one a sample
    for (int r = 0; r < 3; ++r) {
        QCOMPARE(c.series(r).points.back().epochs, 3.0);
        QCOMPARE(c.series(r).points.front().loss, c.series(0).points.front().loss);  // the same start
        QVERIFY(c.series(r).points.back().loss < c.series(r).points.front().loss);   // every mode learned something
    }
    QVERIFY(c.series(2).points.size() > c.series(0).points.size());  // online's curve has a point per update
    QCOMPARE(QString::fromStdString(c.run(1).name), QString("mini-batches of 8"));
}

// Each point carries the seconds its run's updates took so far: 0 at the start, never less than before. (How many
// seconds is the machine's business: no value is compared.)
void TstComparison::secondsOnlyGrow() {
    Comparison c(xorNet(), xorData(), base(), Comparison::optimizerRace());
    while (c.step(50)) {
    }
    for (int r = 0; r < c.runCount(); ++r) {
        const std::vector<engine::ComparisonPoint>& pts = c.series(r).points;
        QVERIFY(pts.size() > 1);
        QCOMPARE(pts.front().seconds, 0.0);
        for (std::size_t k = 1; k < pts.size(); ++k) QVERIFY(pts[k].seconds >= pts[k - 1].seconds);
    }
}

namespace {
// A 2-3-3-1 network with "pretrained" weights that are not the seed's.
NetworkSpec deepNet() {
    return NetworkSpec{2, {{3, Activation::Tanh}, {3, Activation::Tanh}, {1, Activation::Sigmoid}},
                       Loss::BinaryCrossEntropy};
}
Vector pretrainedFor(const NetworkSpec& spec) {
    Vector p(spec.parameterCount());
    Rng rng(99);
    for (Index i = 0; i < p.size(); ++i) p(i) = rng.uniform(-1, 1);
    return p;
}
}  // namespace

// Four runs: the baseline from the seed's weights, full and partial from the pretrained ones in the same shape, and
// additive in a network one layer deeper whose new hidden and output layers come from the seed's weights for it. The
// masks: nothing frozen (scratch, full), everything but the output layer (partial), everything but the new layers.
void TstComparison::fineTuningRaceSetUp() {
    const NetworkSpec spec = deepNet();  // 9 + 12 + 4 = 25 parameters
    const Vector pre = pretrainedFor(spec);
    const std::vector<ComparisonRun> runs = Comparison::fineTuningRace(spec, pre, base());
    QCOMPARE(runs.size(), std::size_t(4));
    QStringList names;
    for (const ComparisonRun& r : runs) names << QString::fromStdString(r.name);
    QCOMPARE(names, QStringList({"from scratch", "full fine-tuning", "partial: last layer only",
                                 "additive: new layer on top"}));
    for (int r = 0; r < 3; ++r) QVERIFY(runs[std::size_t(r)].spec && *runs[std::size_t(r)].spec == spec);
    const NetworkSpec added = *runs[3].spec;
    QCOMPARE(QString::fromStdString(added.describe()), QString("2-3-3-3-1 tanh, sigmoid out, bce"));
    QCOMPARE(added.parameterCount(), Index(37));

    QVERIFY(sameBits(runs[0].initialParameters, initialParameters(spec, base().seed, base().init)));
    QVERIFY(sameBits(runs[1].initialParameters, pre));
    QVERIFY(sameBits(runs[2].initialParameters, pre));
    const Vector fresh = initialParameters(added, base().seed, base().init);
    QVERIFY(sameBits(runs[3].initialParameters.head(21), pre.head(21)));     // the two hidden layers: task A's
    QVERIFY(sameBits(runs[3].initialParameters.tail(16), fresh.tail(16)));  // new 3x3 + 3 and 3 + 1: the seed's

    QCOMPARE(runs[0].trainable.size(), Index(0));
    QCOMPARE(runs[1].trainable.size(), Index(0));
    Vector partial = Vector::Zero(25);
    partial.tail(4).setOnes();  // only the output layer's 3 weights and bias
    QVERIFY(runs[2].trainable == partial);
    Vector additive = Vector::Zero(37);
    additive.tail(16).setOnes();
    QVERIFY(runs[3].trainable == additive);
    QCOMPARE(runs[0].trainedParameters(), Index(25));
    QCOMPARE(runs[1].trainedParameters(), Index(25));
    QCOMPARE(runs[2].trainedParameters(), Index(4));
    QCOMPARE(runs[3].trainedParameters(), Index(16));
    for (const ComparisonRun& r : runs) QCOMPARE(r.optimizer.kind, base().optimizer.kind);
}

// Trained for a while, the frozen layers are exactly where they began; the trained ones moved.
void TstComparison::fineTuningRaceHoldsFrozenLayers() {
    const NetworkSpec spec = deepNet();
    const Vector pre = pretrainedFor(spec);
    Comparison c(spec, xorData(), base(), Comparison::fineTuningRace(spec, pre, base()), pre);
    QCOMPARE(c.runCount(), 4);
    QCOMPARE(c.parameters(3).size(), Index(37));
    c.step(30);
    QCOMPARE(c.updates(3), 30LL);
    QVERIFY(sameBits(c.parameters(2).head(21), pre.head(21)));
    QVERIFY(!sameBits(c.parameters(2).tail(4), pre.tail(4)));
    QVERIFY(sameBits(c.parameters(3).head(21), pre.head(21)));
    QVERIFY(!sameBits(c.parameters(3).tail(16), c.run(3).initialParameters.tail(16)));
    QVERIFY(!sameBits(c.parameters(1).head(21), pre.head(21)));  // full fine-tuning moves the old layers too
}

// The additive run is the Trainer a lesson step builds: the deeper network, the pretrained first layers, the old ones
// frozen. Same weights bit for bit, and the same test accuracy, after the same updates.
void TstComparison::fineTuningRunIsATrainersRun() {
    const NetworkSpec spec = deepNet();
    const Vector pre = pretrainedFor(spec);
    const Dataset test = generate(GeneratorParams{Generator::Xor, 30, 0.1, 2, 6});
    Comparison c(spec, xorData(), base(), Comparison::fineTuningRace(spec, pre, base()), pre, {}, test);
    c.step(25);
    const NetworkSpec added = Comparison::additiveSpec(spec);
    Trainer t(added, xorData(), test, base());
    Vector start = t.network().params();
    start.head(21) = pre.head(21);
    t.setParameters(start);
    ParameterMask mask = makeParameterMask(added);
    freezeLayer(mask, added, 0);
    freezeLayer(mask, added, 1);
    t.setTrainable(effectiveTrainable(added, mask));
    for (int k = 0; k < 25; ++k) t.update();
    QVERIFY(sameBits(c.parameters(3), t.network().params()));
    QCOMPARE(c.series(3).points.back().testAccuracy, t.result().test.accuracy);
}

void TstComparison::fineTuningNeedsAHiddenLayer() {
    const NetworkSpec flat{2, {{1, Activation::Sigmoid}}, Loss::BinaryCrossEntropy};
    try {
        Comparison::fineTuningRace(flat, Vector::Zero(3), base());
        QFAIL("no exception");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString(e.what()).contains("needs a network with a hidden layer"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Comparison::fineTuningRace(deepNet(), Vector::Zero(5), base()));
}

// The new layer reads what the old output read: as wide as the layer below (at most 64), with its activation.
void TstComparison::additiveLayerUnderTheOutput() {
    const NetworkSpec relu{2, {{5, Activation::ReLU}, {2, Activation::Softmax}}, Loss::SoftmaxCrossEntropy};
    QCOMPARE(QString::fromStdString(Comparison::additiveSpec(relu).describe()),
             QString("2-5-5-2 relu, softmax out, cross_entropy"));
    const NetworkSpec wide{2, {{100, Activation::Tanh}, {1, Activation::Sigmoid}}, Loss::BinaryCrossEntropy};
    QCOMPARE(Comparison::additiveSpec(wide).layers[1].units, 64);
}

void TstComparison::testAccuracyOnlyWithATestSplit() {
    Comparison without(xorNet(), xorData(), base(), Comparison::optimizerRace());
    QVERIFY(std::isnan(without.series(0).points.front().testAccuracy));
    const Dataset test = generate(GeneratorParams{Generator::Xor, 30, 0.1, 2, 6});
    Comparison with(xorNet(), xorData(), base(), Comparison::optimizerRace(), {}, {}, test);
    with.step(5);
    for (const ComparisonPoint& p : with.series(0).points) QVERIFY(p.testAccuracy >= 0 && p.testAccuracy <= 1);
}

QTEST_GUILESS_MAIN(TstComparison)
#include "tst_comparison.moc"
