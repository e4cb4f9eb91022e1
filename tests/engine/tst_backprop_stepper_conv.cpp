// BackpropStepper on convolutional networks: the seed's 4×4 example (input 1 2 2 1 / 3 2 1 0 / 1 2 3 4 / 3 1 1 3,
// kernel 1 2 / 2 1, output 13 11 6 / 11 11 11 / 12 11 16) cell by cell and in the forward text; a kernel weight's
// gradient, summed over positions (and samples), equal to the engine's own gradient and to a finite difference;
// max pooling's winner; every item of every table of every phase explained without an exception.
#include "engine/architecture_text.h"
#include "engine/backprop_stepper.h"
#include "engine/math_text.h"
#include <QtTest>
#include <random>

using namespace engine;

namespace {

Optimizer sgd(double lr) {
    OptimizerSettings s;
    s.kind = OptimizerKind::SGD;
    s.learningRate = lr;
    return Optimizer(s);
}

NetworkSpec parse(const char* text) {
    const ArchitectureParseResult r = parseArchitecture(text);
    if (!r.ok()) qFatal("%s: %s", text, r.error.c_str());
    return *r.spec;
}

// The seed's example as a network: its kernel in the convolution (bias 0), then one identity output reading the 3×3
// map with weights 0.1 … 0.9, target 10.
Network seedNetwork() {
    Network net(parse("4x4x1 conv2x2x1 identity, 1 identity, mse"));
    auto W = net.W(0);  // 1 x 4, column q = i k + j
    W(0, 0) = 1, W(0, 1) = 2, W(0, 2) = 2, W(0, 3) = 1;
    for (int i = 0; i < 9; ++i) net.W(1)(0, i) = 0.1 * (i + 1);
    return net;
}
Matrix seedInput() {
    Matrix X(16, 1);
    X << 1, 2, 2, 1, 3, 2, 1, 0, 1, 2, 3, 4, 3, 1, 1, 3;  // row by row
    return X;
}

Network randomNetwork(const char* text, unsigned seed) {
    Network net(parse(text));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-0.8, 0.8);
    for (Index p = 0; p < net.parameterCount(); ++p) net.params()(p) = u(rng);
    return net;
}
Matrix randomMatrix(Index rows, Index cols, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    Matrix m(rows, cols);
    for (Index c = 0; c < cols; ++c)
        for (Index r = 0; r < rows; ++r) m(r, c) = u(rng);
    return m;
}

}  // namespace

class TstBackpropStepperConv : public QObject {
    Q_OBJECT
private slots:
    void seedExampleForward();
    void seedExampleKernelGradientText();
    void kernelGradientEqualsEngineAndFiniteDifference_data();
    void kernelGradientEqualsEngineAndFiniteDifference();
    void maxPoolingWinner();
    void everyItemExplains_data();
    void everyItemExplains();
    void badCellsAreRefused();
};

void TstBackpropStepperConv::seedExampleForward() {
    Matrix Y(1, 1);
    Y << 10;
    BackpropStepper s(seedNetwork(), seedInput(), Y, sgd(0.01));
    QVERIFY(s.isMapLayer(0));
    QVERIFY(!s.isMapLayer(1));
    const double expected[3][3] = {{13, 11, 6}, {11, 11, 11}, {12, 11, 16}};  // the seed's output
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 3; ++x) QCOMPARE(s.preActivation(0, s.unitOf(0, {0, y, x})), expected[y][x]);
    QCOMPARE(s.cellOf(0, 5), (MapCell{0, 1, 2}));
    const std::string text = s.explain(s.cellItem(0, {0, 0, 0}));
    QVERIFY2(text.find("z⁽¹⁾[0, 0, 0] = Σᵢ Σⱼ W⁽¹⁾[0, 0, i, j] · x[0, i, j] + b⁽¹⁾[0]") != std::string::npos,
             text.c_str());
    // The receptive field and the kernel, then the products: W · x, as the seed computes 1·1 + 2·2 + 2·3 + 1·2.
    QVERIFY2(text.find("window x[0, 0–1, 0–1] = [1  2; 3  2],  kernel W⁽¹⁾[0, 0] = [1  2; 2  1]") != std::string::npos,
             text.c_str());
    QVERIFY2(text.find("= 1 · 1 + 2 · 2 + 2 · 3 + 1 · 2 + 0\n  = 13\n") != std::string::npos, text.c_str());
    QVERIFY2(text.find("a⁽¹⁾[0, 0, 0] = identity(13) = 13") != std::string::npos ||
                 text.find("a⁽¹⁾[0, 0, 0] = " + activationSymbol(Activation::Identity) + "(13) = 13") !=
                     std::string::npos,
             text.c_str());
    // The last cell, (2, 2): window [3 4; 1 3] → 3 + 8 + 2 + 3 = 16.
    const std::string last = s.explain(s.cellItem(0, {0, 2, 2}));
    QVERIFY2(last.find("x[0, 2 + i, 2 + j]") != std::string::npos, last.c_str());
    QVERIFY2(last.find("= 1 · 3 + 2 · 4 + 2 · 1 + 1 · 3 + 0\n  = 16") != std::string::npos, last.c_str());
    // The forward table lists every cell with its z.
    const StepTable t = s.table();
    QCOMPARE(int(t.rows.size()), 9);
    QCOMPARE(t.rows[5].cells[0], std::string("[0, 1, 2]"));
    QCOMPARE(t.rows[5].cells[1], formatNumber(11));
}

void TstBackpropStepperConv::seedExampleKernelGradientText() {
    Matrix Y(1, 1);
    Y << 10;
    BackpropStepper s(seedNetwork(), seedInput(), Y, sgd(0.01));
    // Output: 0.1·13 + 0.2·11 + 0.3·6 + 0.4·11 + 0.5·11 + 0.6·11 + 0.7·12 + 0.8·11 + 0.9·16 = 53.4; δ_out = 2(53.4 −
    // 10) = 86.8; the map's δ[0, y, x] = 86.8 · w_(3y + x + 1) (identity); ∂L/∂W[0, 0, 0, 0] = Σ δ[0, y, x] x[0, y, x]
    // = 86.8 · (0.1·1 + 0.2·2 + 0.3·2 + 0.4·3 + 0.5·2 + 0.6·1 + 0.7·1 + 0.8·2 + 0.9·3) = 86.8 · 8.9 = 772.52
    s.setPosition(s.phaseCount() - 2);  // Backward · hidden 1 (the convolution)
    QCOMPARE(s.phase(), (StepPhase{StepPhase::Backward, 0}));
    const KernelIndex w{0, 0, 0, 0};
    QVERIFY(qAbs(s.kernelGradient(0, w) - 772.52) < 1e-9);
    QVERIFY(qAbs(s.kernelGradient(0, w) - s.batchGradient()(s.network().weightIndex(0, 0, 0))) < 1e-9);
    const std::string text = s.explain(s.kernelItem(0, w));
    QVERIFY2(text.find("∂L/∂W⁽¹⁾[0, 0, 0, 0] = Σ_y Σ_x δ⁽¹⁾[0, y, x] · x[0, y, x]") != std::string::npos, text.c_str());
    QVERIFY2(text.find("8.6800 · 1 + 17.3600 · 2") != std::string::npos, text.c_str());    // the first terms
    QVERIFY2(text.find("= 772.5200   (9 positions)") != std::string::npos, text.c_str());  // the total
    // W[0, 0, 1, 1] reads x[0, y + 1, x + 1].
    const std::string other = s.explain(s.kernelItem(0, {0, 0, 1, 1}));
    QVERIFY2(other.find("x[0, y + 1, x + 1]") != std::string::npos, other.c_str());
}

void TstBackpropStepperConv::kernelGradientEqualsEngineAndFiniteDifference_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<int>("samples");
    QTest::newRow("one sample, padding and stride") << "6x6x2 conv3x3x3 tanh pad1 stride2, 2 identity, mse" << 1;
    QTest::newRow("batch of 3, two convolutions and max pooling")
        << "6x6x2 conv3x3x2 tanh pad1, maxpool2, conv2x2x2 sigmoid, flatten, 2 identity, mse" << 3;
    QTest::newRow("batch of 2, average pooling") << "5x5x1 conv2x2x2 tanh, avgpool2, 3 softmax, cross_entropy" << 2;
}

void TstBackpropStepperConv::kernelGradientEqualsEngineAndFiniteDifference() {
    QFETCH(QString, arch);
    QFETCH(int, samples);
    const QByteArray text = arch.toUtf8();
    const Network net = randomNetwork(text.constData(), 7);
    const Matrix X = randomMatrix(net.spec().inputs, samples, 11);
    Matrix Y = randomMatrix(net.spec().outputs(), samples, 13);
    if (net.spec().loss == Loss::SoftmaxCrossEntropy) {
        Y.setZero();
        for (int n = 0; n < samples; ++n) Y(n % Y.rows(), n) = 1;
    }
    BackpropStepper s(net, X, Y, sgd(0.1));
    int checked = 0;
    for (int l = 0; l < net.layerCount(); ++l) {
        if (net.layerKind(l) != LayerKind::Conv) continue;
        const int cin = s.outputShape(l - 1).channels, k = net.spec().layers[std::size_t(l)].kernel;
        for (int c = 0; c < net.weightRows(l); ++c)
            for (int ci = 0; ci < cin; ++ci)
                for (int i = 0; i < k; ++i)
                    for (int j = 0; j < k; ++j) {
                        const KernelIndex w{c, ci, i, j};
                        const Index p = net.weightIndex(l, c, s.kernelColumn(l, w));
                        // The chain rule's sum over positions, averaged over the batch's samples …
                        double mean = 0;
                        for (int n = 0; n < samples; ++n) {
                            s.setSample(n);
                            mean += s.kernelGradient(l, w) / samples;
                            QCOMPARE(s.weightGradient(l, c, s.kernelColumn(l, w)), s.kernelGradient(l, w));
                        }
                        // … is the engine's gradient (im2col and one product: the same sum, another order) …
                        const double engineGrad = s.batchGradient()(p);
                        QVERIFY2(qAbs(mean - engineGrad) <= 1e-12 * (1 + qAbs(engineGrad)),
                                 qPrintable(QStringLiteral("%1 vs %2").arg(mean).arg(engineGrad)));
                        // … and a central finite difference of the loss.
                        Network plus = net, minus = net;
                        const double h = 1e-5;
                        plus.params()(p) += h;
                        minus.params()(p) -= h;
                        const double fd = (plus.loss(X, Y) - minus.loss(X, Y)) / (2 * h);
                        QVERIFY2(qAbs(fd - engineGrad) <= 1e-7 * (1 + qAbs(fd)),
                                 qPrintable(QStringLiteral("fd %1 vs %2").arg(fd).arg(engineGrad)));
                        // The text ends with the engine's number.
                        s.setSample(0);
                        s.setPosition(s.phaseCount() - 1 - 1 - l);  // Backward · layer l
                        const std::string t = s.explain(s.kernelItem(l, w));
                        QVERIFY2(t.find("= " + formatNumber(engineGrad)) != std::string::npos, t.c_str());
                        ++checked;
                    }
    }
    QVERIFY(checked >= 8);
    // The per-sample gradients average to the batch gradient for every parameter.
    Vector sum = Vector::Zero(net.parameterCount());
    for (int n = 0; n < samples; ++n) sum += s.sampleGradient(n);
    QVERIFY(((sum / samples) - s.batchGradient()).cwiseAbs().maxCoeff() < 1e-12);
}

void TstBackpropStepperConv::maxPoolingWinner() {
    // The seed's map 13 11 6 / 11 11 11 / 12 11 16 pooled 2×2 (stride 1 would overlap; stride 2 keeps one window).
    Network net(parse("4x4x1 conv2x2x1 identity, maxpool2 stride1, 1 identity, mse"));
    net.W(0)(0, 0) = 1, net.W(0)(0, 1) = 2, net.W(0)(0, 2) = 2, net.W(0)(0, 3) = 1;
    net.W(2).setConstant(0.25);
    Matrix Y(1, 1);
    Y << 1;
    BackpropStepper s(net, seedInput(), Y, sgd(0.01));
    s.next();  // Forward · hidden 2, the pooling
    // Window (0, 0): 13 11 / 11 11 → 13 from [0, 0, 0]; window (1, 1): 11 11 / 11 16 → 16 from [0, 2, 2];
    // window (0, 1): 11 6 / 11 11 → 11, the first in reading order: [0, 0, 1].
    QCOMPARE(s.poolWinner(1, s.unitOf(1, {0, 0, 0})), (MapCell{0, 0, 0}));
    QCOMPARE(s.poolWinner(1, s.unitOf(1, {0, 1, 1})), (MapCell{0, 2, 2}));
    QCOMPARE(s.poolWinner(1, s.unitOf(1, {0, 0, 1})), (MapCell{0, 0, 1}));
    const std::string text = s.explain(s.cellItem(1, {0, 0, 1}));
    QVERIFY2(text.find("= max(11, 6, 11, 11)\n  = 11") != std::string::npos, text.c_str());
    QVERIFY2(text.find("The winner is a⁽¹⁾[0, 0, 1]") != std::string::npos, text.c_str());
    // Backward: a conv cell that won no window gets no gradient; one that won gets the pooled cell's δ.
    s.setPosition(s.phaseCount() - 2);                             // Backward · hidden 1
    const std::string lost = s.explain(s.cellItem(0, {0, 0, 2}));  // 6 wins nothing
    QVERIFY2(lost.find("won no pooling window") != std::string::npos, lost.c_str());
    QCOMPARE(s.delta(0, s.unitOf(0, {0, 0, 2})), 0.0);
    const std::string won = s.explain(s.cellItem(0, {0, 2, 2}));
    QVERIFY2(won.find("(it won that window)") != std::string::npos, won.c_str());
    // A kernel weight's sum writes the positions that add something and counts the others (four cells won a window, five get δ = 0).
    const std::string kernel = s.explain(s.kernelItem(0, {0, 0, 0, 0}));
    QVERIFY2(kernel.find("(9 positions; 5 add 0: δ = 0, input 0 or padding)") != std::string::npos, kernel.c_str());
    QVERIFY2(kernel.find("= " + formatNumber(s.batchGradient()(0))) != std::string::npos, kernel.c_str());
}

void TstBackpropStepperConv::everyItemExplains_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<int>("samples");
    QTest::newRow("digits-like") << "6x6x1 conv3x3x2 relu pad1, maxpool2, flatten, 8 tanh, 3 softmax, cross_entropy"
                                 << 2;
    QTest::newRow("conv then dense") << "5x5x2 conv2x2x2 elu stride2, 1 sigmoid, bce" << 1;
    QTest::newRow("dense on an image") << "3x3x1 dense 4 tanh, dense 1 identity, mse" << 1;
}

void TstBackpropStepperConv::everyItemExplains() {
    QFETCH(QString, arch);
    QFETCH(int, samples);
    const QByteArray text = arch.toUtf8();
    const Network net = randomNetwork(text.constData(), 3);
    const Matrix X = randomMatrix(net.spec().inputs, samples, 5);
    Matrix Y = Matrix::Zero(net.spec().outputs(), samples);
    for (int n = 0; n < samples; ++n) Y(n % Y.rows(), n) = 1;
    BackpropStepper s(net, X, Y, sgd(0.1));
    int explained = 0;
    for (int pos = 0; pos < s.phaseCount(); ++pos) {
        s.setPosition(pos);
        QVERIFY(!s.explain(s.defaultItem()).empty());
        QVERIFY(!s.phaseSummary().empty());
        const StepTable t = s.table();
        QVERIFY(!t.rows.empty());
        for (const auto& r : t.rows) {
            QCOMPARE(r.cells.size(), t.headers.size());
            QVERIFY(!s.explain(r.item).empty());
            ++explained;
        }
        // A cell of every layer, whatever the phase.
        for (int l = -1; l < net.layerCount(); ++l) QVERIFY(!s.explain(StepItem::neuron(l, 0)).empty());
    }
    QVERIFY(explained > 50);
}

void TstBackpropStepperConv::badCellsAreRefused() {
    Matrix Y(1, 1);
    Y << 10;
    const BackpropStepper s(seedNetwork(), seedInput(), Y, sgd(0.01));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.unitOf(0, {0, 3, 0}));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.unitOf(0, {1, 0, 0}));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.kernelColumn(0, {0, 0, 2, 0}));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.kernelColumn(1, {0, 0, 0, 0}));  // a dense layer
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, s.poolWinner(0, 0));
    QCOMPARE(s.explain(StepItem::weight(0, 1, 0)), std::string("This network has no such neuron or weight: pick one "
                                                               "on the diagram."));
    QCOMPARE(s.explain(StepItem::bias(0, 1)), std::string("This network has no such neuron or weight: pick one "
                                                          "on the diagram."));
}

QTEST_GUILESS_MAIN(TstBackpropStepperConv)
#include "tst_backprop_stepper_conv.moc"
