// Carrying weights across architecture edits: untouched layers keep every weight, a resized layer keeps its surviving
// neurons, removing a neuron shifts the others with their weights, the inverse map brings the old network back exactly,
// the counts of kept and fresh parameters are right, and freezing and ablation travel with the weights.
#include "engine/param_layout.h"
#include "engine/param_remap.h"
#include <QtTest>

using namespace engine;

namespace {

NetworkSpec spec(int inputs, std::vector<int> units) {
    NetworkSpec s;
    s.inputs = inputs;
    for (std::size_t l = 0; l < units.size(); ++l)
        s.layers.push_back({units[l], l + 1 == units.size() ? Activation::Sigmoid : Activation::Tanh});
    s.loss = Loss::BinaryCrossEntropy;
    return s;
}

// Distinct values: parameter p of a spec is 1000 + p, so a moved weight is recognisable.
Vector numbered(const NetworkSpec& s, double base = 1000) {
    Vector p(s.parameterCount());
    for (Index k = 0; k < p.size(); ++k) p[k] = base + double(k);
    return p;
}

RemapResult apply(const NetworkSpec& from, const Vector& p, const SpecEdit& e, const ParameterMask& mask = {}) {
    const ParameterMask m = maskFits(mask, from) ? mask : makeParameterMask(from);
    return remap(from, p, m, e.spec, e.map, Vector::Constant(e.spec.parameterCount(), -1.0), makeParameterMask(e.spec));
}

}  // namespace

class TstParamRemap : public QObject {
    Q_OBJECT
private slots:
    void identityKeepsEverything();
    void addNeuronKeepsTheRest();
    void removeNeuronShiftsTheOthers();
    void insertLayerKeepsUntouchedLayers();
    void removeLayerKeepsByShape();
    void moveLayer();
    void inverseRestoresExactly_data();
    void inverseRestoresExactly();
    void inputsChange();
    void inferredMap_data();
    void inferredMap();
    void remapParametersReportsFresh();
    void maskTravels();
    void ablationTravels();
    void invalidEdits();
    void typedLayersKeepWhatStillFits();
};

void TstParamRemap::identityKeepsEverything() {
    const NetworkSpec s = spec(2, {4, 3, 1});
    const Vector p = numbered(s);
    const RemapResult r = apply(s, p, SpecEdit{s, identityMap(s)});
    QCOMPARE(r.params, p);
    QCOMPARE(r.kept, p.size());
    QCOMPARE(r.fresh, Index(0));
    QVERIFY(!r.reinitialised());
}

void TstParamRemap::addNeuronKeepsTheRest() {
    const NetworkSpec s = spec(2, {4, 1});
    const Vector p = numbered(s);
    const auto e = setUnits(s, 0, 5);
    QVERIFY(e);
    QCOMPARE(e->spec.layers[0].units, 5);
    const RemapResult r = apply(s, p, *e);
    const ParameterLayout A(s), B(e->spec);
    for (int j = 0; j < 4; ++j) {
        for (int i = 0; i < 2; ++i) QCOMPARE(r.params[B.weightIndex(0, j, i)], p[A.weightIndex(0, j, i)]);
        QCOMPARE(r.params[B.biasIndex(0, j)], p[A.biasIndex(0, j)]);
        QCOMPARE(r.params[B.weightIndex(1, 0, j)], p[A.weightIndex(1, 0, j)]);
    }
    QCOMPARE(r.params[B.biasIndex(1, 0)], p[A.biasIndex(1, 0)]);
    // New: two incoming weights, a bias, one outgoing weight.
    QCOMPARE(r.fresh, Index(4));
    QCOMPARE(r.params[B.weightIndex(0, 4, 0)], -1.0);
    QCOMPARE(r.params[B.weightIndex(1, 0, 4)], -1.0);
    QCOMPARE(r.kept, p.size());
}

void TstParamRemap::removeNeuronShiftsTheOthers() {
    const NetworkSpec s = spec(2, {4, 2});
    const Vector p = numbered(s);
    const auto e = removeNeuron(s, 0, 1);
    QVERIFY(e);
    const RemapResult r = apply(s, p, *e);
    const ParameterLayout A(s), B(e->spec);
    const int from[] = {0, 2, 3};
    for (int j = 0; j < 3; ++j) {
        QCOMPARE(r.params[B.weightIndex(0, j, 1)], p[A.weightIndex(0, from[j], 1)]);
        QCOMPARE(r.params[B.biasIndex(0, j)], p[A.biasIndex(0, from[j])]);
        for (int k = 0; k < 2; ++k) QCOMPARE(r.params[B.weightIndex(1, k, j)], p[A.weightIndex(1, k, from[j])]);
    }
    QCOMPARE(r.fresh, Index(0));
}

void TstParamRemap::insertLayerKeepsUntouchedLayers() {
    // 2-4-3-1: insert a 5-neuron layer between the 4 and the 3. The 4-layer is untouched; the 3-layer now reads
    // 5 inputs instead of 4 (its weights are re-initialised, its biases kept); the output is untouched.
    const NetworkSpec s = spec(2, {4, 3, 1});
    const Vector p = numbered(s);
    const auto e = insertLayer(s, 1, {5, Activation::ReLU});
    QVERIFY(e);
    QCOMPARE(e->spec.layers.size(), std::size_t(4));
    QCOMPARE(e->spec.layers[1].units, 5);
    QCOMPARE(e->spec.layers[1].activation, Activation::ReLU);
    const RemapResult r = apply(s, p, *e);
    const ParameterLayout A(s), B(e->spec);
    QCOMPARE(r.params.segment(B.weightOffset(0), 12), p.segment(A.weightOffset(0), 12));  // 8 weights + 4 biases
    for (int j = 0; j < 3; ++j) QCOMPARE(r.params[B.biasIndex(2, j)], p[A.biasIndex(1, j)]);
    QCOMPARE(r.params[B.weightIndex(2, 0, 0)], -1.0);
    for (int j = 0; j < 3; ++j) QCOMPARE(r.params[B.weightIndex(3, 0, j)], p[A.weightIndex(2, 0, j)]);
    QCOMPARE(r.fresh, Index(5 * 4 + 5 + 3 * 5));
}

void TstParamRemap::removeLayerKeepsByShape() {
    // 2-4-4-1 without its second hidden layer: the output still reads 4 inputs, so its weights fit and stay.
    const NetworkSpec s = spec(2, {4, 4, 1});
    const Vector p = numbered(s);
    const auto e = removeLayer(s, 1);
    QVERIFY(e);
    const RemapResult r = apply(s, p, *e);
    const ParameterLayout A(s), B(e->spec);
    QCOMPARE(r.params.segment(0, 12), p.segment(0, 12));
    for (int j = 0; j < 4; ++j) QCOMPARE(r.params[B.weightIndex(1, 0, j)], p[A.weightIndex(2, 0, j)]);
    QCOMPARE(r.fresh, Index(0));
    // 2-4-3-1 without the 3: the output reads 4 instead of 3; its weights are fresh, its bias kept.
    const NetworkSpec s2 = spec(2, {4, 3, 1});
    const auto e2 = removeLayer(s2, 1);
    const RemapResult r2 = apply(s2, numbered(s2), *e2);
    QCOMPARE(r2.fresh, Index(4));
}

void TstParamRemap::moveLayer() {
    const NetworkSpec s = spec(2, {3, 4, 5, 1});
    const auto e = engine::moveLayer(s, 0, 2);
    QVERIFY(e);
    QCOMPARE(e->spec.layers[0].units, 4);
    QCOMPARE(e->spec.layers[1].units, 5);
    QCOMPARE(e->spec.layers[2].units, 3);
    QCOMPARE(e->map.layers, (std::vector<int>{1, 2, 0, 3}));
    const RemapResult r = apply(s, numbered(s), *e);
    const ParameterLayout A(s), B(e->spec);
    // The 5-layer still reads the 4-layer: its weights stay.
    for (int j = 0; j < 5; ++j)
        for (int i = 0; i < 4; ++i) QCOMPARE(r.params[B.weightIndex(1, j, i)], numbered(s)[A.weightIndex(2, j, i)]);
    const auto back = engine::moveLayer(e->spec, 2, 0);
    QVERIFY(back);
    QCOMPARE(back->spec, s);
}

void TstParamRemap::inverseRestoresExactly_data() {
    QTest::addColumn<int>("which");
    QTest::newRow("add neuron") << 0;
    QTest::newRow("remove neuron") << 1;
    QTest::newRow("insert layer") << 2;
    QTest::newRow("remove layer") << 3;
    QTest::newRow("move layer") << 4;
    QTest::newRow("output units") << 5;
}

// Forward with fresh fill, then back with the original as the fill: the original, bit for bit.
void TstParamRemap::inverseRestoresExactly() {
    QFETCH(int, which);
    const NetworkSpec s = spec(2, {4, 3, 3, 1});
    const Vector p = numbered(s);
    std::optional<SpecEdit> e;
    switch (which) {
    case 0: e = setUnits(s, 1, 6); break;
    case 1: e = removeNeuron(s, 1, 0); break;
    case 2: e = insertLayer(s, 2, {7, Activation::ReLU}); break;
    case 3: e = removeLayer(s, 0); break;
    case 4: e = engine::moveLayer(s, 1, 2); break;
    case 5: e = setUnits(s, 3, 3); break;
    }
    QVERIFY(e);
    const RemapResult fwd = apply(s, p, *e);
    const LayerMap inv = invertMap(s, e->spec, e->map);
    const RemapResult back = remap(e->spec, fwd.params, fwd.mask, s, inv, p, makeParameterMask(s));
    QCOMPARE(back.params, p);
}

void TstParamRemap::inputsChange() {
    // Features x1, x2 -> x1, x1², x2: the x2 weights move to input 2, the new input's weights are fresh.
    const NetworkSpec s = spec(2, {3, 1});
    const Vector p = numbered(s);
    const auto e = setInputs(s, {0, -1, 1});
    QVERIFY(e);
    QCOMPARE(e->spec.inputs, 3);
    const RemapResult r = apply(s, p, *e);
    const ParameterLayout A(s), B(e->spec);
    for (int j = 0; j < 3; ++j) {
        QCOMPARE(r.params[B.weightIndex(0, j, 0)], p[A.weightIndex(0, j, 0)]);
        QCOMPARE(r.params[B.weightIndex(0, j, 2)], p[A.weightIndex(0, j, 1)]);
        QCOMPARE(r.params[B.weightIndex(0, j, 1)], -1.0);
    }
    QCOMPARE(r.fresh, Index(3));
}

void TstParamRemap::inferredMap_data() {
    QTest::addColumn<QVector<int>>("from");
    QTest::addColumn<QVector<int>>("to");
    QTest::addColumn<QVector<int>>("layers");  // expected map.layers
    QTest::newRow("same") << QVector<int>{2, 4, 1} << QVector<int>{2, 4, 1} << QVector<int>{0, 1};
    QTest::newRow("wider") << QVector<int>{2, 4, 1} << QVector<int>{2, 8, 1} << QVector<int>{0, 1};
    QTest::newRow("appended layer") << QVector<int>{2, 4, 1} << QVector<int>{2, 4, 4, 1} << QVector<int>{0, -1, 1};
    QTest::newRow("prepended layer") << QVector<int>{2, 4, 1} << QVector<int>{2, 3, 4, 1} << QVector<int>{-1, 0, 1};
    QTest::newRow("dropped layer") << QVector<int>{2, 8, 4, 1} << QVector<int>{2, 4, 1} << QVector<int>{1, 2};
    QTest::newRow("no hidden") << QVector<int>{2, 4, 1} << QVector<int>{2, 1} << QVector<int>{1};
    QTest::newRow("more classes") << QVector<int>{2, 4, 2} << QVector<int>{2, 4, 3} << QVector<int>{0, 1};
}

void TstParamRemap::inferredMap() {
    QFETCH(QVector<int>, from);
    QFETCH(QVector<int>, to);
    QFETCH(QVector<int>, layers);
    const NetworkSpec a = spec(from[0], std::vector<int>(from.begin() + 1, from.end()));
    const NetworkSpec b = spec(to[0], std::vector<int>(to.begin() + 1, to.end()));
    const LayerMap m = inferLayerMap(a, b);
    QCOMPARE(QVector<int>(m.layers.begin(), m.layers.end()), layers);
    QCOMPARE(int(m.units.size()), int(b.layers.size()));
}

void TstParamRemap::remapParametersReportsFresh() {
    const NetworkSpec a = spec(2, {4, 1});
    const NetworkSpec b = spec(2, {4, 4, 1});
    const Vector p = numbered(a);
    Index fresh = -1;
    const Vector q = remapParameters(a, p, b, 7, &fresh);
    QCOMPARE(q.size(), b.parameterCount());
    QCOMPARE(q.segment(0, 12), p.segment(0, 12));  // the first hidden layer is kept
    QCOMPARE(fresh, Index(16 + 4));                // the new layer; the output (4 wide either way) keeps its weights
    QCOMPARE(remapParameters(a, p, b, 7), q);      // seeded: the same fresh weights every time
    QCOMPARE(initialParameters(b, 7).segment(12, 16), q.segment(12, 16));
}

void TstParamRemap::maskTravels() {
    const NetworkSpec s = spec(2, {4, 1});
    ParameterMask m = makeParameterMask(s);
    freezeNeuron(m, s, 0, 2);
    freezeLayer(m, s, 1);
    const auto e = setUnits(s, 0, 6);
    const RemapResult r = apply(s, numbered(s), *e, m);
    QVERIFY(isNeuronFrozen(r.mask, e->spec, 0, 2));
    QVERIFY(!isNeuronFrozen(r.mask, e->spec, 0, 4));  // new neurons learn
    QVERIFY(!isLayerFrozen(r.mask, e->spec, 1));      // its new weights learn; the old ones stay frozen
    const ParameterLayout B(e->spec);
    QVERIFY(isFrozen(r.mask, B.weightIndex(1, 0, 3)));
    QVERIFY(!isFrozen(r.mask, B.weightIndex(1, 0, 5)));
}

void TstParamRemap::ablationTravels() {
    const NetworkSpec s = spec(2, {4, 2, 1});
    const ParameterLayout A(s);
    Vector p = numbered(s);
    ParameterMask m = makeParameterMask(s);
    QVERIFY(disableNeuron(p, m, s, 0, 3));
    // The next layer grows: its new neuron's weight from the disabled neuron is ablated too (0, real value stashed).
    const auto e = setUnits(s, 1, 3);
    const RemapResult r = apply(s, p, *e, m);
    const ParameterLayout B(e->spec);
    QVERIFY(isDisabled(r.mask, 0, 3));
    for (int k = 0; k < 3; ++k) QCOMPARE(r.params[B.weightIndex(1, k, 3)], 0.0);
    QCOMPARE(r.mask.stash[B.weightIndex(1, 0, 3)], numbered(s)[A.weightIndex(1, 0, 3)]);
    QCOMPARE(r.mask.stash[B.weightIndex(1, 2, 3)], -1.0);  // the fill value, kept for when it is enabled
    Vector q = r.params;
    ParameterMask rm = r.mask;
    QVERIFY(enableNeuron(q, rm, e->spec, 0, 3));
    QCOMPARE(q[B.weightIndex(1, 1, 3)], numbered(s)[A.weightIndex(1, 1, 3)]);

    // A disabled neuron in a removed layer simply goes away.
    const auto e2 = removeLayer(s, 0);
    const RemapResult r2 = apply(s, p, *e2, m);
    QVERIFY(!anyDisabled(r2.mask));
}

void TstParamRemap::invalidEdits() {
    const NetworkSpec s = spec(2, {4, 1});
    QVERIFY(!insertLayer(s, 2, {3, Activation::Tanh}));  // after the output
    QVERIFY(!insertLayer(s, 0, {0, Activation::Tanh}));  // no neurons
    QVERIFY(!removeLayer(s, 1));                         // the output layer
    QVERIFY(!removeLayer(s, 5));
    QVERIFY(!engine::moveLayer(s, 0, 1));  // the output cannot move
    QVERIFY(!setUnits(s, 0, 0));
    QVERIFY(!removeNeuron(s, 1, 0));  // the last neuron of a layer
    QVERIFY(!setInputs(s, {}));
    QVERIFY(!setInputs(s, {0, 5}));
}

QTEST_GUILESS_MAIN(TstParamRemap)
#include "tst_param_remap.moc"

// Issue 15: a network with convolution and pooling keeps the parameters of every layer that is unchanged with an
// unchanged input; a layer whose shape changed starts fresh (there is no neuron-by-neuron map through a kernel).
void TstParamRemap::typedLayersKeepWhatStillFits() {
    const NetworkSpec from{64,
                           {LayerSpec::conv(4, 3, Activation::ReLU, 1, 1), LayerSpec::maxPool(2),
                            LayerSpec::dense(16, Activation::Tanh), LayerSpec::dense(10, Activation::Softmax)},
                           Loss::SoftmaxCrossEntropy,
                           8,
                           8};
    NetworkSpec to = from;
    to.layers[2].units = 12;  // the hidden dense layer narrower: it and the output layer change shape
    const Vector p = initialParameters(from, 3);
    Index fresh = -1;
    const Vector q = remapParameters(from, p, to, 5, &fresh);
    const ParameterLayout A(from), B(to);
    QCOMPARE(q.size(), B.size());
    // The convolution (4 x 9 weights + 4 biases) is kept exactly.
    QCOMPARE(q.segment(B.weightOffset(0), 40), p.segment(A.weightOffset(0), 40));
    QCOMPARE(fresh, B.size() - 40);
    // A changed kernel is not carried over by position.
    NetworkSpec wider = from;
    wider.layers[0] = LayerSpec::conv(4, 5, Activation::ReLU, 1, 2);
    Index fresh2 = -1;
    remapParameters(from, p, wider, 5, &fresh2);
    QVERIFY(fresh2 >= ParameterLayout(wider).layer(0).parameterCount());
    // Freezing a layer works on any layout: the convolution's 40 parameters.
    ParameterMask mask = makeParameterMask(from);
    freezeLayer(mask, from, 0);
    QCOMPARE(Index((mask.trainable.array() == 0).count()), Index(40));
    QVERIFY(!canDisable(from, 0, 1));  // a channel is not a neuron with one outgoing column
    QVERIFY(canDisable(from, 2, 1));   // the hidden dense neuron is
}
