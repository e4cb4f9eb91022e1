// BackpropStepper: the hand-worked 2-2-1 example of engine/README.md, number by number and in the chain-rule texts;
// the update equals what Trainer and Optimizer do for the same step (SGD, Adam, first and second step, penalties);
// navigation forward then back restores what a view shows; a mini-batch's per-sample gradients average to the batch's.
#include "engine/backprop_stepper.h"
#include "engine/math_text.h"
#include "engine/trainer.h"
#include "examples.h"
#include <QtTest>
#include <cstring>

using namespace engine;

// The README's worked example (tests/support/examples.h): 2-2-1, sigmoid hidden and output, MSE, W_1 = [0.1 0.2;
// −0.3 0.4], one sample x = (1, 2), y = 1.
using testsupport::workedInput;
using testsupport::workedNetwork;
using testsupport::workedSpec;
using testsupport::workedTarget;
// XOR's four corners, the batch of the mini-batch tests.
using testsupport::corners;
using testsupport::xorTargets;

namespace {

Optimizer sgd(double lr) {
    OptimizerSettings s;
    s.kind = OptimizerKind::SGD;
    s.learningRate = lr;
    return Optimizer(s);
}
Optimizer adam(double lr) {
    OptimizerSettings s;
    s.kind = OptimizerKind::Adam;
    s.learningRate = lr;
    return Optimizer(s);
}

bool sameBits(const Vector& a, const Vector& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(Scalar) * std::size_t(a.size())) == 0;
}

// The one-sample data set of the worked example, as a Trainer sees it (x1, x2 features, 0/1 target for sigmoid).
Dataset oneSample() {
    Dataset d;
    d.X = workedInput();
    d.labels = {1};
    return d;
}

// Everything a view draws at the current position, as text, so two positions can be compared exactly.
QString visibleState(const BackpropStepper& s) {
    QString out = QString::number(s.position()) + QString::fromStdString(s.phaseTitle());
    for (int l = 0; l < s.network().layerCount(); ++l)
        out += QStringLiteral("|%1%2").arg(s.forwardDone(l)).arg(s.backwardDone(l));
    out += QStringLiteral("|%1%2|").arg(s.lossDone()).arg(s.updateDone());
    const Vector& p = s.currentParameters();
    out += QByteArray(reinterpret_cast<const char*>(p.data()), int(p.size() * sizeof(Scalar))).toHex();
    const StepTable t = s.table();
    for (const auto& r : t.rows)
        for (const auto& c : r.cells) out += QString::fromStdString(c) + ";";
    out += QString::fromStdString(s.explain(s.defaultItem()));
    return out;
}

}  // namespace

class TstBackpropStepper : public QObject {
    Q_OBJECT
private slots:
    void phasesInOrder();
    void workedExampleNumbers();
    void numbersEqualTheEngineTrace();
    void chainRuleTexts();
    void sgdUpdateByHand();
    void adamUpdateByHand();
    void updateEqualsTrainer_data();
    void updateEqualsTrainer();
    void navigationRestoresState();
    void coversFollowsThePhase();
    void miniBatchAveragesSampleGradients();
    void textsForEveryPhase_data();
    void textsForEveryPhase();
    void rejectsBadBatches();
};

void TstBackpropStepper::phasesInOrder() {
    const BackpropStepper s(workedNetwork(), workedInput(), workedTarget(), sgd(0.1));
    const std::vector<StepPhase> expected{{StepPhase::Forward, 0},  {StepPhase::Forward, 1},  {StepPhase::Loss, -1},
                                          {StepPhase::Backward, 1}, {StepPhase::Backward, 0}, {StepPhase::Update, -1}};
    QVERIFY(s.phases() == expected);
    QCOMPARE(s.position(), 0);
    QVERIFY(s.atStart());
    QVERIFY(s.forwardDone(0));
    QVERIFY(!s.forwardDone(1));
    QVERIFY(!s.lossDone());
    QVERIFY(!s.backwardDone(1));
    QCOMPARE(s.phaseTitle(), std::string("Forward · hidden 1"));
}

void TstBackpropStepper::workedExampleNumbers() {
    BackpropStepper s(workedNetwork(), workedInput(), workedTarget(), sgd(0.1));
    // Forward, hidden 1:
    //   z_1 = (0.1·1 + 0.2·2 + 0, −0.3·1 + 0.4·2 + 0.1) = (0.5, 0.6)
    //   a_1 = σ(z_1) = (1/(1+e^−0.5), 1/(1+e^−0.6)) = (0.62245933120185456, 0.64565630622579545)
    QCOMPARE(s.preActivation(0, 0), 0.5);
    QVERIFY(qAbs(s.preActivation(0, 1) - 0.6) < 1e-15);  // −0.3 + 0.8 + 0.1 rounds in the last bit
    QVERIFY(qAbs(s.activation(0, 0) - 0.62245933120185456) < 1e-15);
    QVERIFY(qAbs(s.activation(0, 1) - 0.64565630622579545) < 1e-15);
    // Forward, output: z_2 = 0.5·0.62245933… − 0.4·0.64565630… + 0.2 = 0.2529671431106091; a_2 = σ(z_2) = 0.56290668…
    QVERIFY(qAbs(s.preActivation(1, 0) - 0.2529671431106091) < 1e-15);
    QVERIFY(qAbs(s.activation(1, 0) - 0.56290668068960227) < 1e-15);
    // Loss: (a_2 − 1)² = (−0.43709331931039773)² = 0.19105056978578131
    QVERIFY(qAbs(s.batchLoss() - 0.19105056978578131) < 1e-15);
    // Backward, output: ∂L/∂a = 2(a − y) = −0.87418663862079547; σ′ = a(1 − a) = 0.24604274952461642;
    //   δ_2 = 0.24604274952461642 · (−0.87418663862079547) = −0.21508728416394275
    QVERIFY(qAbs(s.delta(1, 0) - -0.21508728416394275) < 1e-15);
    //   ∂L/∂w⁽²⁾₁ᵢ = δ_2 a_1i = (−0.13388308705071105, −0.13887246140942931); ∂L/∂b⁽²⁾ = δ_2
    QVERIFY(qAbs(s.weightGradient(1, 0, 0) - -0.13388308705071105) < 1e-15);
    QVERIFY(qAbs(s.weightGradient(1, 0, 1) - -0.13887246140942931) < 1e-15);
    // Backward, hidden: Σ_k w_kj δ_k = (0.5 · δ_2, −0.4 · δ_2) = (−0.10754364208197138, 0.086034913665577101)
    //   δ_1 = a(1 − a) ⊙ that = (0.23500371220159449, 0.2287842404566573) ⊙ …
    //       = (−0.025273155112942887, 0.019683432375733143)
    QVERIFY(qAbs(s.delta(0, 0) - -0.025273155112942887) < 1e-16);
    QVERIFY(qAbs(s.delta(0, 1) - 0.019683432375733143) < 1e-16);
    //   ∂L/∂W_1 = δ_1 xᵀ = [−0.0252731… −0.0505463…; 0.0196834… 0.0393668…]
    QVERIFY(qAbs(s.weightGradient(0, 0, 1) - -0.050546310225885774) < 1e-16);
    QVERIFY(qAbs(s.weightGradient(0, 1, 1) - 0.039366864751466285) < 1e-16);
    // For one sample, the per-sample gradient is the batch gradient.
    QVERIFY(sameBits(s.sampleGradient(0), s.batchGradient()));
}

void TstBackpropStepper::numbersEqualTheEngineTrace() {
    Network net = workedNetwork();
    net.lossAndGradient(workedInput(), workedTarget());
    const BackpropStepper s(workedNetwork(), workedInput(), workedTarget(), sgd(0.1));
    for (int l = 0; l < 2; ++l) {
        const LayerTrace& t = net.trace().layers[std::size_t(l)];
        for (int j = 0; j < net.layerUnits(l); ++j) {
            QCOMPARE(s.preActivation(l, j), t.z(j, 0));
            QCOMPARE(s.activation(l, j), t.a(j, 0));
            QCOMPARE(s.delta(l, j), t.dZ(j, 0));
            for (int i = 0; i < net.layerInputs(l); ++i)
                QCOMPARE(s.weightGradient(l, j, i), net.grads()(net.weightIndex(l, j, i)));
        }
    }
    QVERIFY(sameBits(s.batchGradient(), net.grads()));
    QCOMPARE(s.batchLoss(), net.trace().loss);
}

void TstBackpropStepper::chainRuleTexts() {
    BackpropStepper s(workedNetwork(), workedInput(), workedTarget(), sgd(0.1));
    // ∂L/∂w⁽²⁾₁₁ = δ⁽²⁾₁ · a⁽¹⁾₁ = (−0.2151) · (0.6225) = −0.1339 (numbers rounded to 4 decimals)
    QCOMPARE(s.chainRuleForWeight(1, 0, 0), std::string("∂L/∂w⁽²⁾₁₁ = δ⁽²⁾₁ · a⁽¹⁾₁ = (−0.2151) · (0.6225) = −0.1339"));
    // First layer: the input is x, not a.
    QCOMPARE(s.chainRuleForWeight(0, 1, 0), std::string("∂L/∂w⁽¹⁾₂₁ = δ⁽¹⁾₂ · x₁ = (0.0197) · (1.0000) = 0.0197"));
    QCOMPARE(s.chainRuleForBias(1, 0), std::string("∂L/∂b⁽²⁾₁ = δ⁽²⁾₁ · 1 = −0.2151"));
    // δ⁽¹⁾₁ = f′(z) · Σₖ w⁽²⁾ₖ₁ δ⁽²⁾ₖ = 0.2350 · [0.5000 · (−0.2151)] = 0.2350 · (−0.1075) = −0.0253
    const std::string hidden = s.chainRuleForNeuron(0, 0);
    QVERIFY2(hidden.find("δ⁽¹⁾₁ = f′(z⁽¹⁾₁) · Σₖ w⁽²⁾ₖ₁ δ⁽²⁾ₖ") == 0, hidden.c_str());
    QVERIFY2(hidden.find("= 0.2350 · [0.5000 · (−0.2151)]") != std::string::npos, hidden.c_str());
    QVERIFY2(hidden.find("= 0.2350 · (−0.1075) = −0.0253") != std::string::npos, hidden.c_str());
    QVERIFY2(hidden.find("f′(z) = a(1 − a) = 0.6225 · (1 − 0.6225) = 0.2350") != std::string::npos, hidden.c_str());
    // Output: δ = f′(z) · ∂L/∂a = 0.2460 · (−0.8742) = −0.2151, with ∂L/∂a = 2(a − y) = 2 · (0.5629 − 1)
    const std::string out = s.chainRuleForNeuron(1, 0);
    QVERIFY2(out.find("= 0.2460 · (−0.8742) = −0.2151") != std::string::npos, out.c_str());
    QVERIFY2(out.find("∂L/∂a = 2(a − y) = 2 · (0.5629 − 1) = −0.8742") != std::string::npos, out.c_str());
    // Forward: z⁽¹⁾₁ = 0.1000 · 1.0000 + 0.2000 · 2.0000 + 0.0000 = 0.5000, a = σ(0.5000) = 0.6225
    const std::string fwd = s.forwardForNeuron(0, 0);
    QVERIFY2(fwd.find("= 0.1000 · 1.0000 + 0.2000 · 2.0000\n      + 0.0000\n    = 0.5000") != std::string::npos,
             fwd.c_str());  // two products a line, so the sum fits a side panel
    QVERIFY2(fwd.find("a⁽¹⁾₁ = σ(z⁽¹⁾₁) = σ(0.5000) = 0.6225") != std::string::npos, fwd.c_str());
    // Loss: L = (a − y)² = (0.5629 − 1)² = 0.1911
    QCOMPARE(s.lossText(), std::string("L = (a − y)²\n  = (0.5629 − 1)²\n  = 0.1911"));
    // A phase that has not reached an item says so instead of showing a number.
    QVERIFY(s.explain(StepItem::neuron(1, 0)).find("later phase") != std::string::npos);
    s.runToEnd();
    // Update, SGD: w ← w − η g = 0.5000 − 0.1 · (−0.1339) = 0.5134
    const std::string up = s.explain(StepItem::weight(1, 0, 0));
    QVERIFY2(up.find("w ← w − η g\n  = 0.5000 − 0.1 · (−0.1339)\n  = 0.5134") != std::string::npos, up.c_str());
    QVERIFY2(up.find("w⁽²⁾₁₁: 0.5000 → 0.5134\n") == 0, up.c_str());  // the outcome first
}

void TstBackpropStepper::sgdUpdateByHand() {
    const BackpropStepper s(workedNetwork(), workedInput(), workedTarget(), sgd(0.1));
    // w ← w − 0.1 g: 0.5 − 0.1·(−0.13388308705071105) = 0.5133883087050711;
    //               −0.4 − 0.1·(−0.13887246140942931) = −0.3861127538590571
    const Network& n = s.network();
    QCOMPARE(s.parametersAfter()(n.weightIndex(1, 0, 0)), 0.5133883087050711);
    QCOMPARE(s.parametersAfter()(n.weightIndex(1, 0, 1)), -0.3861127538590571);
    // The parameters shown stay the old ones until the Update phase.
    QVERIFY(sameBits(s.currentParameters(), s.parametersBefore()));
    QCOMPARE(s.optimizerAfter().stepCount(), 1LL);
    QCOMPARE(s.optimizerBefore().stepCount(), 0LL);
}

void TstBackpropStepper::adamUpdateByHand() {
    const BackpropStepper s(workedNetwork(), workedInput(), workedTarget(), adam(0.1));
    const Index p = s.network().weightIndex(1, 0, 0);
    const UpdateDetail u = s.updateDetail(p);
    // t = 1: m = 0.1 g = −0.013388308705071107, v = 0.001 g² = 1.7924680998228277e−5, m̂ = g, v̂ = g²
    QCOMPARE(u.t, 1LL);
    QVERIFY(qAbs(u.firstAfter - -0.013388308705071107) < 1e-17);
    QVERIFY(qAbs(u.secondAfter - 1.7924680998228277e-05) < 1e-19);  // 1 − 0.999 is 0.0010000000000000009 in double
    QVERIFY(qAbs(u.firstHat - -0.13388308705071105) < 1e-15);
    QVERIFY(qAbs(u.secondHat - 0.13388308705071105 * 0.13388308705071105) < 1e-16);
    // w ← 0.5 − 0.1 · m̂ / (√v̂ + 1e−8) = 0.5 + 0.1 · 0.1338… / (0.1338… + 1e−8) = 0.5999999925307973
    QCOMPARE(u.after, 0.5999999925307973);
    QCOMPARE(s.updateDetail(s.network().weightIndex(1, 0, 1)).after, -0.3000000072008512);
    // The moments shown are the stepped optimizer's own state.
    QCOMPARE(u.firstAfter, s.optimizerAfter().first()(p));
    QCOMPARE(u.secondAfter, s.optimizerAfter().second()(p));
}

void TstBackpropStepper::updateEqualsTrainer_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("l2");
    QTest::newRow("sgd") << int(OptimizerKind::SGD) << 0.0;
    QTest::newRow("adam") << int(OptimizerKind::Adam) << 0.0;
    QTest::newRow("nadam") << int(OptimizerKind::NAdam) << 0.0;
    QTest::newRow("momentum, l2") << int(OptimizerKind::Momentum) << 0.01;
    QTest::newRow("rmsprop, l2") << int(OptimizerKind::RMSProp) << 0.01;
}

void TstBackpropStepper::updateEqualsTrainer() {
    QFETCH(int, kind);
    QFETCH(double, l2);
    TrainSettings ts;
    ts.optimizer.kind = OptimizerKind(kind);
    ts.optimizer.learningRate = 0.1;
    ts.mode = UpdateMode::FullBatch;
    ts.l2 = l2;
    ts.singlePrecision = false;  // the stepper computes in double; a trainer in double must give the same bits
    Trainer trainer(workedSpec(), oneSample(), Dataset{}, ts);
    trainer.setParameters(workedNetwork().params());
    // Two steps: the second starts from the first's optimizer state (t = 1 → 2, moments carried over).
    for (int step = 0; step < 2; ++step) {
        const BackpropStepper s = BackpropStepper::fromTrainer(trainer, {0});
        QVERIFY(sameBits(s.parametersBefore(), trainer.network().params()));
        const Scalar loss = trainer.update();
        QCOMPARE(s.batchLoss(), loss);
        QVERIFY2(sameBits(s.parametersAfter(), trainer.network().params()), qPrintable(QString("step %1").arg(step)));
        QCOMPARE(s.optimizerAfter().stepCount(), trainer.optimizer().stepCount());
        QVERIFY(sameBits(s.optimizerAfter().first(), trainer.optimizer().first()));
        QVERIFY(sameBits(s.optimizerAfter().second(), trainer.optimizer().second()));
    }
    // And for the whole XOR batch, full-batch mode.
    Trainer t4(workedSpec(), testsupport::xorDataset(), Dataset{}, ts);
    const BackpropStepper s4 = BackpropStepper::fromTrainer(t4, {0, 1, 2, 3});
    t4.update();
    QVERIFY(sameBits(s4.parametersAfter(), t4.network().params()));
}

void TstBackpropStepper::navigationRestoresState() {
    BackpropStepper s(workedNetwork(), corners(), xorTargets(), adam(0.01));
    s.setSample(2);
    std::vector<QString> forward;
    forward.push_back(visibleState(s));
    while (s.next()) forward.push_back(visibleState(s));
    QCOMPARE(int(forward.size()), s.phaseCount());
    QVERIFY(!s.next());  // at the end nothing moves
    QCOMPARE(visibleState(s), forward.back());
    for (int k = s.phaseCount() - 1; k >= 0; --k) {
        QCOMPARE(visibleState(s), forward[std::size_t(k)]);
        s.back();
    }
    QVERIFY(s.atStart());
    QVERIFY(!s.back());
    s.runToEnd();
    QCOMPARE(visibleState(s), forward.back());
    QVERIFY(s.updateDone());
    QVERIFY(sameBits(s.currentParameters(), s.parametersAfter()));
    s.restart();
    QCOMPARE(visibleState(s), forward.front());
    // Every position differs from its neighbours: each phase reveals something new.
    for (std::size_t k = 1; k < forward.size(); ++k) QVERIFY(forward[k] != forward[k - 1]);
}

void TstBackpropStepper::coversFollowsThePhase() {
    BackpropStepper s(workedNetwork(), workedInput(), workedTarget(), sgd(0.1));
    // Forward · hidden 1: the inputs and hidden 1 exist, the output does not yet.
    QVERIFY(s.covers(StepItem::neuron(-1, 0)));
    QVERIFY(s.covers(StepItem::neuron(0, 1)));
    QVERIFY(s.covers(StepItem::weight(0, 1, 0)));
    QVERIFY(!s.covers(StepItem::neuron(1, 0)));
    QVERIFY(!s.covers(StepItem::sample(0)));
    QVERIFY(!s.covers(StepItem{}));
    s.setPosition(2);  // Loss: everything computed so far, and the sample
    QVERIFY(s.covers(StepItem::sample(0)));
    QVERIFY(s.covers(StepItem::neuron(1, 0)));
    s.next();  // Backward · output: only the output layer has its δ
    QVERIFY(s.covers(StepItem::neuron(1, 0)));
    QVERIFY(s.covers(StepItem::bias(1, 0)));
    QVERIFY(!s.covers(StepItem::weight(0, 0, 0)));
    QVERIFY(!s.covers(StepItem::sample(0)));
    QCOMPARE(s.defaultItem(), StepItem::neuron(1, 0));
    s.runToEnd();  // Update: every parameter, no input
    QVERIFY(s.covers(StepItem::weight(0, 0, 0)));
    QVERIFY(!s.covers(StepItem::neuron(-1, 0)));
    QVERIFY(!s.covers(StepItem::weight(2, 0, 0)));  // no such layer
    QCOMPARE(s.defaultItem(), StepItem::weight(1, 0, 0));
}

void TstBackpropStepper::miniBatchAveragesSampleGradients() {
    BackpropStepper s(workedNetwork(), corners(), xorTargets(), sgd(0.1));
    QCOMPARE(s.sampleCount(), 4);
    Vector sum = Vector::Zero(s.network().parameterCount());
    for (int n = 0; n < 4; ++n) sum += s.sampleGradient(n);
    const Vector mean = sum / 4;
    QVERIFY((mean - s.batchGradient()).cwiseAbs().maxCoeff() < 1e-15);
    // Each sample's trace is the batch pass's column; its δ is N times the batch dZ (the batch carries 1/N).
    for (int n = 0; n < 4; ++n)
        for (int l = 0; l < 2; ++l) {
            const LayerTrace& one = s.sampleTrace(n).layers[std::size_t(l)];
            const LayerTrace& all = s.batchTrace().layers[std::size_t(l)];
            QVERIFY((one.a.col(0) - all.a.col(n)).cwiseAbs().maxCoeff() < 1e-15);
            QVERIFY((one.dZ.col(0) - 4 * all.dZ.col(n)).cwiseAbs().maxCoeff() < 1e-15);
        }
    // The text ends with the batch mean from the batch pass.
    s.setSample(1);
    const std::string text = s.chainRuleForWeight(1, 0, 1);
    QVERIFY2(text.find("∂ℓ/∂w⁽²⁾₁₂ = δ⁽²⁾₁ · a⁽¹⁾₂") == 0, text.c_str());
    QVERIFY2(text.find("(sample 2)") != std::string::npos, text.c_str());
    QVERIFY2(text.find("∂L/∂w⁽²⁾₁₂ = (1/4) Σₙ ∂ℓₙ/∂w⁽²⁾₁₂") != std::string::npos, text.c_str());
    const std::string mean12 = formatNumber(s.batchGradient()(s.network().weightIndex(1, 0, 1)));
    QVERIFY2(text.size() >= mean12.size() && text.compare(text.size() - mean12.size(), mean12.size(), mean12) == 0,
             text.c_str());
    QCOMPARE(s.weightGradient(1, 0, 1), s.sampleTrace(1).layers[1].dZ(0, 0) * s.sampleTrace(1).layers[1].input(1, 0));
    // The loss table lists every sample and the mean.
    s.setPosition(2);
    const StepTable t = s.table();
    QCOMPARE(int(t.rows.size()), 5);
    QCOMPARE(t.rows.back().cells.back(), formatNumber(s.batchLoss()));
}

void TstBackpropStepper::textsForEveryPhase_data() {
    QTest::addColumn<int>("loss");
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("outputs");
    QTest::addColumn<int>("optimizer");
    QTest::newRow("bce sigmoid, tanh, nadam") << int(Loss::BinaryCrossEntropy) << int(Activation::Tanh)
                                              << int(Activation::Sigmoid) << 1 << int(OptimizerKind::NAdam);
    QTest::newRow("softmax ce, relu, momentum") << int(Loss::SoftmaxCrossEntropy) << int(Activation::ReLU)
                                                << int(Activation::Softmax) << 3 << int(OptimizerKind::Momentum);
    QTest::newRow("mse softmax, elu, adagrad")
        << int(Loss::MSE) << int(Activation::ELU) << int(Activation::Softmax) << 3 << int(OptimizerKind::AdaGrad);
    QTest::newRow("mse tanh out, step, nesterov")
        << int(Loss::MSE) << int(Activation::Step) << int(Activation::Tanh) << 2 << int(OptimizerKind::Nesterov);
}

void TstBackpropStepper::textsForEveryPhase() {
    QFETCH(int, loss);
    QFETCH(int, hidden);
    QFETCH(int, out);
    QFETCH(int, outputs);
    QFETCH(int, optimizer);
    Network net(NetworkSpec{2, {{3, Activation(hidden)}, {outputs, Activation(out)}}, Loss(loss)});
    Rng rng(7);
    for (Index p = 0; p < net.parameterCount(); ++p) net.params()(p) = rng.uniform(-1, 1);
    Matrix Y = Matrix::Zero(outputs, 4);
    for (int n = 0; n < 4; ++n) Y(n % outputs, n) = 1;  // one-hot (a 0/1 target per output for BCE/MSE)
    OptimizerSettings os;
    os.kind = OptimizerKind(optimizer);
    BackpropStepper s(net, corners(), Y, Optimizer(os), 0.001, 0.01);
    do {
        const StepTable t = s.table();
        QVERIFY(!t.rows.empty());
        for (const auto& r : t.rows) QCOMPARE(r.cells.size(), t.headers.size());
        for (const auto& r : t.rows) {
            const std::string text = s.explain(r.item);
            QVERIFY2(!text.empty(), s.phaseTitle().c_str());
            QVERIFY2(text.find("NaN") == std::string::npos, text.c_str());
        }
        QVERIFY(!s.phaseSummary().empty());
        for (int l = -1; l < 2; ++l) QVERIFY(!s.explain(StepItem::neuron(l, 0)).empty());
    } while (s.next());
    // Each δ text ends with the trace's own value (hidden neuron 2, the one output neuron).
    for (const auto [l, j] : {std::pair{0, 1}, std::pair{1, 0}}) {
        const std::string d = s.chainRuleForNeuron(l, j);
        const std::string v = formatNumber(s.delta(l, j));
        QVERIFY2(d.find("= " + v) != std::string::npos, d.c_str());
    }
    // A unit the network does not have is refused, not read past the trace.
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.chainRuleForNeuron(1, outputs));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.delta(2, 0));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.weightGradient(0, 0, 2));
}

void TstBackpropStepper::rejectsBadBatches() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             BackpropStepper(workedNetwork(), Matrix(2, 0), Matrix(1, 0), sgd(0.1)));
    QVERIFY_THROWS_EXCEPTION(NetworkError,
                             BackpropStepper(workedNetwork(), Matrix::Zero(3, 1), workedTarget(), sgd(0.1)));
}

QTEST_GUILESS_MAIN(TstBackpropStepper)
#include "tst_backprop_stepper.moc"
