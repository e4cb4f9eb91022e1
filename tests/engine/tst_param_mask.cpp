// Freezing and ablation on the flat vector: the mask marks the right entries, the trainer pattern (snapshot, update,
// applyFrozen) keeps frozen weights bit for bit under every optimizer, an ablated neuron acts as a = 0, training goes on
// around it, and enabling it gives back exactly the weights it had.
#include "engine/activation.h"
#include "engine/param_layout.h"
#include "engine/param_mask.h"
#include "engine/trainer.h"
#include <QtTest>
#include <cmath>

using namespace engine;

namespace {

NetworkSpec spec(std::vector<int> hidden, int out = 1, Activation act = Activation::Tanh) {
    NetworkSpec s;
    s.inputs = 2;
    for (int h : hidden) s.layers.push_back({h, act});
    s.layers.push_back({out, Activation::Sigmoid});
    s.loss = Loss::BinaryCrossEntropy;
    return s;
}

Dataset xorData(int n = 200) {
    GeneratorParams g;
    g.kind = Generator::Xor;
    g.samples = n;
    g.seed = 3;
    return generate(g);
}

TrainSettings settings(OptimizerKind kind = OptimizerKind::SGD) {
    TrainSettings t;
    t.optimizer.kind = kind;
    t.optimizer.learningRate = kind == OptimizerKind::SGD || kind == OptimizerKind::Momentum ? 0.1 : 0.01;
    t.mode = UpdateMode::MiniBatch;
    t.batchSize = 10;
    t.l2 = 0.001;  // weight decay moves even a weight with no gradient: the restore must still hold it
    return t;
}

// The hook as Trainer::update would run it: snapshot, update, put the frozen entries back.
void trainMasked(Trainer& t, const Vector& trainable, int updates) {
    for (int k = 0; k < updates; ++k) {
        const Vector before = t.network().params();
        t.update();
        applyFrozen(t.network().params(), before, trainable);
    }
}

Vector segmentOf(const Vector& p, const ParameterLayout& lay, int l) {
    return p.segment(lay.weightOffset(l), lay.biasOffset(l) + lay.units(l) - lay.weightOffset(l));
}

}  // namespace

class TstParamMask : public QObject {
    Q_OBJECT
private slots:
    void layoutMatchesNetwork();
    void freezeMarksEntries();
    void frozenLayerDoesNotChangeOverTraining_data();
    void frozenLayerDoesNotChangeOverTraining();
    void frozenWeightAndNeuron();
    void applyFrozenIsExactAndContainsNaN();
    void maskGradientsZeroesFrozen();
    void ablationActsAsZeroActivation();
    void trainingGoesOnAroundAnAblatedNeuron();
    void ablationShowsWhatTheNetworkLoses();
    void outputNeuronsCannotBeDisabled();
    void applyAblationAfterReset();
};

void TstParamMask::layoutMatchesNetwork() {
    const NetworkSpec s = spec({3, 5}, 2);
    const Network net(s);
    const ParameterLayout lay(s);
    QCOMPARE(lay.size(), net.parameterCount());
    for (int l = 0; l < net.layerCount(); ++l) {
        QCOMPARE(lay.weightOffset(l), net.weightOffset(l));
        QCOMPARE(lay.biasOffset(l), net.biasOffset(l));
        for (int j = 0; j < net.layerUnits(l); ++j)
            for (int i = 0; i < net.layerInputs(l); ++i) QCOMPARE(lay.weightIndex(l, j, i), net.weightIndex(l, j, i));
    }
}

void TstParamMask::freezeMarksEntries() {
    const NetworkSpec s = spec({3, 4});
    const ParameterLayout lay(s);
    ParameterMask m = makeParameterMask(s);
    QVERIFY(maskFits(m, s));
    QVERIFY(!anyFrozen(m));
    QVERIFY(effectiveTrainable(s, m).size() == 0);  // nothing frozen: the trainer skips the snapshot

    freezeWeight(m, s, 1, 2, 0);
    QCOMPARE(m.trainable.sum(), double(lay.size() - 1));
    QVERIFY(isFrozen(m, lay.weightIndex(1, 2, 0)));

    freezeNeuron(m, s, 0, 1);
    QVERIFY(isNeuronFrozen(m, s, 0, 1));
    QVERIFY(!isNeuronFrozen(m, s, 0, 0));
    for (int i = 0; i < 2; ++i) QVERIFY(isFrozen(m, lay.weightIndex(0, 1, i)));
    QVERIFY(isFrozen(m, lay.biasIndex(0, 1)));
    QVERIFY(!isFrozen(m, lay.weightIndex(0, 0, 0)));
    QCOMPARE(m.trainable.sum(), double(lay.size() - 1 - 3));

    freezeLayer(m, s, 2);
    QVERIFY(isLayerFrozen(m, s, 2));
    QVERIFY(!isLayerFrozen(m, s, 1));
    freezeLayer(m, s, 2, false);
    QVERIFY(!isLayerFrozen(m, s, 2));
    freezeNeuron(m, s, 0, 1, false);
    freezeWeight(m, s, 1, 2, 0, false);
    QVERIFY(!anyFrozen(m));

    // Out of range: nothing happens.
    freezeWeight(m, s, 5, 0, 0);
    freezeNeuron(m, s, 0, 9);
    freezeLayer(m, s, -1);
    QVERIFY(!anyFrozen(m));
}

void TstParamMask::frozenLayerDoesNotChangeOverTraining_data() {
    QTest::addColumn<int>("optimizer");
    QTest::newRow("sgd") << int(OptimizerKind::SGD);
    QTest::newRow("momentum") << int(OptimizerKind::Momentum);
    QTest::newRow("adam") << int(OptimizerKind::Adam);
    QTest::newRow("rmsprop") << int(OptimizerKind::RMSProp);
}

void TstParamMask::frozenLayerDoesNotChangeOverTraining() {
    QFETCH(int, optimizer);
    const NetworkSpec s = spec({4, 4});
    const ParameterLayout lay(s);
    const Dataset d = xorData();
    Trainer t(s, d, d, settings(OptimizerKind(optimizer)));
    const Vector start = t.network().params();

    ParameterMask m = makeParameterMask(s);
    freezeLayer(m, s, 1);
    const Vector trainable = effectiveTrainable(s, m);
    QCOMPARE(trainable.size(), lay.size());
    trainMasked(t, trainable, 300);

    const Vector& p = t.network().params();
    QVERIFY(p.allFinite());
    QCOMPARE(segmentOf(p, lay, 1), segmentOf(start, lay, 1));                  // frozen: bit for bit
    QVERIFY((segmentOf(p, lay, 0) - segmentOf(start, lay, 0)).norm() > 1e-3);  // the others learned
    QVERIFY((segmentOf(p, lay, 2) - segmentOf(start, lay, 2)).norm() > 1e-3);

    // The same run without the restore moves that layer: the assertion above can fail.
    Trainer free(s, d, d, settings(OptimizerKind(optimizer)));
    for (int k = 0; k < 300; ++k) free.update();
    QVERIFY((segmentOf(free.network().params(), lay, 1) - segmentOf(start, lay, 1)).norm() > 1e-3);
}

void TstParamMask::frozenWeightAndNeuron() {
    const NetworkSpec s = spec({4});
    const ParameterLayout lay(s);
    const Dataset d = xorData();
    Trainer t(s, d, d, settings(OptimizerKind::Adam));
    const Vector start = t.network().params();
    ParameterMask m = makeParameterMask(s);
    freezeWeight(m, s, 1, 0, 2);  // output <- hidden neuron 3
    freezeNeuron(m, s, 0, 1);     // hidden neuron 2: both weights and its bias
    trainMasked(t, effectiveTrainable(s, m), 200);
    const Vector& p = t.network().params();
    QCOMPARE(p[lay.weightIndex(1, 0, 2)], start[lay.weightIndex(1, 0, 2)]);
    QCOMPARE(p[lay.weightIndex(0, 1, 0)], start[lay.weightIndex(0, 1, 0)]);
    QCOMPARE(p[lay.weightIndex(0, 1, 1)], start[lay.weightIndex(0, 1, 1)]);
    QCOMPARE(p[lay.biasIndex(0, 1)], start[lay.biasIndex(0, 1)]);
    QVERIFY(p[lay.weightIndex(1, 0, 1)] != start[lay.weightIndex(1, 0, 1)]);  // its outgoing weight still learns
    QVERIFY(p[lay.weightIndex(0, 0, 0)] != start[lay.weightIndex(0, 0, 0)]);
}

void TstParamMask::applyFrozenIsExactAndContainsNaN() {
    Vector before(4), after(4), trainable(4);
    before << 0.1, 0.2, 0.3, 0.4;
    after << 1.5, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), -2;
    trainable << 1, 0, 0, 1;
    applyFrozen(after, before, trainable);
    QCOMPARE(after[0], 1.5);
    QCOMPARE(after[1], 0.2);
    QCOMPARE(after[2], 0.3);
    QCOMPARE(after[3], -2.0);
    // A size mismatch (an old mask) changes nothing.
    Vector short2(2);
    short2 << 7, 8;
    applyFrozen(short2, before, trainable);
    QCOMPARE(short2[0], 7.0);
}

void TstParamMask::maskGradientsZeroesFrozen() {
    Vector g(3), t(3);
    g << 1, -2, 3;
    t << 0, 1, 0;
    maskGradients(g, t);
    QCOMPARE(g[0], 0.0);
    QCOMPARE(g[1], -2.0);
    QCOMPARE(g[2], 0.0);
}

void TstParamMask::ablationActsAsZeroActivation() {
    const NetworkSpec s = spec({3, 4}, 2);
    const ParameterLayout lay(s);
    Network full(s);
    initialize(full, InitSettings{}, 5);
    Matrix X = Matrix::Random(2, 7);
    full.forward(X);

    // Reference: hidden layer 0, neuron 1 outputs 0; the rest of the network as it is.
    Matrix a = full.trace().layers[0].a;
    a.row(1).setZero();
    for (int l = 1; l < full.layerCount(); ++l) {
        Matrix z = full.W(l) * a;
        z.colwise() += full.b(l);
        Matrix next;
        activate(s.layers[std::size_t(l)].activation, z, next);
        a = next;
    }

    Network ablated(s);
    ablated.params() = full.params();
    ParameterMask m = makeParameterMask(s);
    QVERIFY(disableNeuron(ablated.params(), m, s, 0, 1));
    QVERIFY(isDisabled(m, 0, 1));
    for (int k = 0; k < 4; ++k) {
        QCOMPARE(ablated.params()[lay.weightIndex(1, k, 1)], 0.0);
        QCOMPARE(m.stash[lay.weightIndex(1, k, 1)], full.params()[lay.weightIndex(1, k, 1)]);
    }
    QVERIFY((ablated.predict(X) - a).cwiseAbs().maxCoeff() < 1e-12);
    QVERIFY(!disableNeuron(ablated.params(), m, s, 0, 1));  // already disabled: nothing to do

    QVERIFY(enableNeuron(ablated.params(), m, s, 0, 1));
    QCOMPARE(ablated.params(), full.params());  // exactly back
    QVERIFY(!anyDisabled(m));
    QCOMPARE(m.stash, Vector(Vector::Zero(lay.size())));
}

void TstParamMask::trainingGoesOnAroundAnAblatedNeuron() {
    const NetworkSpec s = spec({4, 3});
    const ParameterLayout lay(s);
    const Dataset d = xorData();
    Trainer t(s, d, d, settings(OptimizerKind::Momentum));
    ParameterMask m = makeParameterMask(s);
    const Vector start = t.network().params();
    QVERIFY(disableNeuron(t.network().params(), m, s, 0, 2));
    const Vector trainable = effectiveTrainable(s, m);
    // Held: its incoming weights and bias, and its outgoing weights (at 0).
    QCOMPARE(trainable[lay.weightIndex(0, 2, 0)], 0.0);
    QCOMPARE(trainable[lay.biasIndex(0, 2)], 0.0);
    QCOMPARE(trainable[lay.weightIndex(1, 1, 2)], 0.0);
    QCOMPARE(trainable[lay.weightIndex(1, 1, 1)], 1.0);
    QCOMPARE(m.trainable.sum(), double(lay.size()));  // the user's freezing is untouched

    trainMasked(t, trainable, 300);
    Vector p = t.network().params();
    for (int k = 0; k < 3; ++k) QCOMPARE(p[lay.weightIndex(1, k, 2)], 0.0);
    QCOMPARE(p[lay.weightIndex(0, 2, 0)], start[lay.weightIndex(0, 2, 0)]);
    QCOMPARE(p[lay.weightIndex(0, 2, 1)], start[lay.weightIndex(0, 2, 1)]);
    QCOMPARE(p[lay.biasIndex(0, 2)], start[lay.biasIndex(0, 2)]);
    QVERIFY(p[lay.weightIndex(1, 0, 0)] != start[lay.weightIndex(1, 0, 0)]);

    QVERIFY(enableNeuron(p, m, s, 0, 2));
    for (int k = 0; k < 3; ++k) QCOMPARE(p[lay.weightIndex(1, k, 2)], start[lay.weightIndex(1, k, 2)]);
}

void TstParamMask::ablationShowsWhatTheNetworkLoses() {
    const NetworkSpec s = spec({6});
    const Dataset d = xorData();
    TrainSettings ts = settings(OptimizerKind::Adam);
    ts.optimizer.learningRate = 0.03;
    ts.l2 = 0;
    Trainer t(s, d, d, ts);
    t.step(3000);
    const StepResult trained = t.result();
    QVERIFY2(trained.train.accuracy > 0.95, qPrintable(QString::number(trained.train.accuracy)));

    // Disable the hidden neuron with the largest outgoing weight: the loss goes up.
    const ParameterLayout lay(s);
    int strongest = 0;
    for (int j = 1; j < 6; ++j)
        if (std::abs(t.network().params()[lay.weightIndex(1, 0, j)]) >
            std::abs(t.network().params()[lay.weightIndex(1, 0, strongest)]))
            strongest = j;
    ParameterMask m = makeParameterMask(s);
    const Vector full = t.network().params();
    Vector p = full;
    QVERIFY(disableNeuron(p, m, s, 0, strongest));
    t.setParameters(p);
    const StepResult ablated = t.result();
    QVERIFY2(ablated.train.loss > trained.train.loss + 0.05,
             qPrintable(QString("%1 vs %2").arg(ablated.train.loss).arg(trained.train.loss)));

    // withoutAblation gives the full network back for comparison; enabling restores it exactly.
    QCOMPARE(withoutAblation(p, s, m), full);
    QVERIFY(enableNeuron(p, m, s, 0, strongest));
    t.setParameters(p);
    QCOMPARE(t.result().train.loss, trained.train.loss);
}

void TstParamMask::outputNeuronsCannotBeDisabled() {
    const NetworkSpec s = spec({3}, 2);
    ParameterMask m = makeParameterMask(s);
    Vector p = Vector::Ones(s.parameterCount());
    QVERIFY(!canDisable(s, 1, 0));
    QVERIFY(!disableNeuron(p, m, s, 1, 0));
    QVERIFY(!disableNeuron(p, m, s, 0, 3));   // out of range
    QVERIFY(!disableNeuron(p, m, s, -1, 0));  // the inputs
    QVERIFY(!anyDisabled(m));
    QCOMPARE(p, Vector(Vector::Ones(s.parameterCount())));
}

void TstParamMask::applyAblationAfterReset() {
    const NetworkSpec s = spec({3});
    const ParameterLayout lay(s);
    const Dataset d = xorData();
    Trainer t(s, d, d, settings());
    ParameterMask m = makeParameterMask(s);
    QVERIFY(disableNeuron(t.network().params(), m, s, 0, 0));
    t.reset();  // back to the seed's weights: the outgoing weight is no longer 0
    QVERIFY(t.network().params()[lay.weightIndex(1, 0, 0)] != 0);
    applyAblation(t.network(), m);
    QCOMPARE(t.network().params()[lay.weightIndex(1, 0, 0)], 0.0);
    QVERIFY(t.network().params()[lay.weightIndex(1, 0, 1)] != 0);
}

QTEST_GUILESS_MAIN(TstParamMask)
#include "tst_param_mask.moc"
