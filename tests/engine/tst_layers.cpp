// The typed layers (dense, conv, max and average pooling, flatten): the seed's worked convolution, output shapes and
// parameter counts, validate()'s sentences for specs that cannot be built, backprop against central differences in
// double for every kind (parameters and the input), the float path against the double one, and parity with PyTorch's
// torch.nn.functional in float64 when /usr/bin/python3 has torch.
#include "command.h"
#include "engine/layers.h"
#include "engine/learning.h"
#include "engine/network.h"
#include "engine/param_layout.h"
#include "engine/rng.h"
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <optional>

using namespace engine;
Q_DECLARE_METATYPE(engine::NetworkSpec)

namespace {
constexpr Activation kIdentity = Activation::Identity, kTanh = Activation::Tanh, kReLU = Activation::ReLU;

// An image input of channels x height x width (one column per sample, NCHW of one sample).
NetworkSpec image(int channels, int height, int width, std::vector<LayerSpec> layers, Loss loss = Loss::MSE) {
    NetworkSpec s;
    s.inputs = channels * height * width;
    s.layers = std::move(layers);
    s.loss = loss;
    s.inputHeight = height;
    s.inputWidth = width;
    return s;
}

// ---- The gradient checks ----------------------------------------------------------------------------------------
// Tolerances in double, as in tst_gradient_check.cpp: central differences with h = 1e-5 have an absolute noise floor
// near 1e-11 (truncation h^2 |L'''| / 6 and rounding eps |L| / h), so components of 1e-4 or more are held to 1e-6
// relative and smaller ones to 1e-10 absolute. A wrong index in im2col, a transposed kernel or a missing 1/k^2 gives
// errors of order 1.
constexpr Scalar kTolerance = 1e-6;
constexpr Scalar kAbsoluteFloor = 1e-10;
constexpr Scalar kStep = 1e-5;
// No ReLU pre-activation within this distance of 0, and in every max-pooling window the largest value ahead of the
// second by at least this much. A probe of h = 1e-5 on one parameter or input moves any value by well below 1e-4
// here (inputs N(0, 1), weights of order 1 / sqrt(fan-in)), so no unit crosses the kink and no window changes its
// winner during a difference: the loss is smooth along every probe and central differences are valid.
constexpr Scalar kMargin = 1e-3;
constexpr int kSamples = 3;

struct Case {
    const char* name;
    NetworkSpec spec;
};

// Every layer kind, each in a few configurations, most on non-square images so that a height swapped with a width
// shows. Each ends in a dense layer (the output must be one).
const std::vector<Case>& cases() {
    using S = LayerSpec;
    static const std::vector<Case> c{
        {"conv 3x3 p0 s1, 1->2 channels, identity",
         image(1, 6, 5, {S::conv(2, 3, kIdentity), S::flatten(), {2, kIdentity}})},
        {"conv 3x3 p1 s1, 2->3 channels, tanh",
         image(2, 5, 6, {S::conv(3, 3, kTanh, 1, 1), S::flatten(), {2, kIdentity}})},
        {"conv 3x3 p1 s2, 2->2 channels, relu",
         image(2, 7, 6, {S::conv(2, 3, kReLU, 2, 1), S::flatten(), {2, kIdentity}})},
        {"conv 2x2 p0 s2, 3->2 channels, tanh", image(3, 6, 5, {S::conv(2, 2, kTanh, 2, 0), S::flatten(), {2, kTanh}})},
        {"conv 3x3 p2 s2, 1->2 channels, relu",
         image(1, 5, 6, {S::conv(2, 3, kReLU, 2, 2), S::flatten(), {2, kIdentity}})},
        {"conv 1x1, 3->2 channels, tanh", image(3, 4, 3, {S::conv(2, 1, kTanh), S::flatten(), {2, kIdentity}})},
        {"conv relu p1 then conv tanh s2",
         image(2, 7, 6, {S::conv(3, 3, kReLU, 1, 1), S::conv(2, 3, kTanh, 2, 0), S::flatten(), {2, kIdentity}})},
        {"max pooling 2 after a conv",
         image(1, 6, 6, {S::conv(2, 3, kTanh, 1, 1), S::maxPool(2), S::flatten(), {2, kIdentity}})},
        {"max pooling 3 stride 2 (overlapping)",
         image(2, 7, 6, {S::conv(2, 3, kIdentity, 1, 1), S::maxPool(3, 2), S::flatten(), {2, kIdentity}})},
        {"max pooling 2 stride 3 on the input", image(2, 8, 7, {S::maxPool(2, 3), S::flatten(), {2, kTanh}})},
        {"average pooling 2 after a conv",
         image(2, 6, 6, {S::conv(2, 3, kTanh, 1, 1), S::avgPool(2), S::flatten(), {2, kIdentity}})},
        {"average pooling 3 stride 1",
         image(1, 6, 5, {S::conv(2, 3, kReLU, 1, 1), S::avgPool(3, 1), S::flatten(), {2, kIdentity}})},
        {"average pooling 2 stride 3",
         image(1, 8, 7, {S::conv(2, 3, kTanh, 1, 1), S::avgPool(2, 3), S::flatten(), {2, kIdentity}})},
        {"average pooling 2 on the input", image(2, 4, 6, {S::avgPool(2), S::flatten(), {2, kTanh}})},
        {"flatten then dense", image(2, 3, 4, {S::flatten(), {3, kTanh}, {2, kIdentity}})},
        {"dense straight after a conv", image(2, 5, 4, {S::conv(2, 3, kTanh), {3, kTanh}, {2, kIdentity}})},
        {"dense straight after max pooling",
         image(1, 6, 6, {S::conv(2, 3, kReLU, 1, 1), S::maxPool(2), {2, kIdentity}})},
        {"small CNN, MSE", image(1, 8, 7,
                                 {S::conv(3, 3, kReLU, 1, 1),
                                  S::maxPool(2),
                                  S::conv(4, 3, kTanh, 1, 1),
                                  S::avgPool(2),
                                  S::flatten(),
                                  {5, kReLU},
                                  {2, kIdentity}})},
        {"small CNN, softmax cross-entropy", image(2, 8, 8,
                                                   {S::conv(3, 3, kTanh, 1, 1),
                                                    S::maxPool(2),
                                                    S::conv(4, 3, kReLU, 2, 1),
                                                    S::avgPool(2),
                                                    S::flatten(),
                                                    {5, kTanh},
                                                    {3, Activation::Softmax}},
                                                   Loss::SoftmaxCrossEntropy)},
    };
    return c;
}

struct Problem {
    Network net;
    Matrix X, Y;
};

// The largest value of every max-pooling window of layer l's input is ahead of the second by at least kMargin
// (a window whose largest value is exactly 0 comes after a ReLU that is dead there: no gradient flows either way).
bool poolWindowsClear(const LayerLayout& L, const Matrix& in) {
    const int k = L.spec.kernel, s = L.spec.stride, H = L.in.height, W = L.in.width;
    for (Index n = 0; n < in.cols(); ++n)
        for (int c = 0; c < L.in.channels; ++c)
            for (int y = 0; y < L.out.height; ++y)
                for (int x = 0; x < L.out.width; ++x) {
                    Scalar first = -std::numeric_limits<Scalar>::infinity(), second = first;
                    for (int i = 0; i < k; ++i)
                        for (int j = 0; j < k; ++j) {
                            const Scalar v = in(Index(c) * H * W + Index(y * s + i) * W + (x * s + j), n);
                            if (v > first) {
                                second = first;
                                first = v;
                            } else if (v > second) second = v;
                        }
                    if (first != 0 && first - second < kMargin) return false;
                }
    return true;
}

// Weights U(-1.5, 1.5) / sqrt(fan-in), biases U(-0.5, 0.5), inputs N(0, 1), targets one-hot (cross-entropy) or
// U(-1, 1); reseeded until no ReLU z is near its kink, no pooling window near a tie, and the gradient is not zero.
Problem makeProblem(const NetworkSpec& spec, std::uint64_t seed) {
    for (int attempt = 0; attempt < 200; ++attempt) {
        Rng rng(seed + 7919 * std::uint64_t(attempt));
        Problem p{Network(spec), Matrix(spec.inputs, kSamples), Matrix(spec.outputs(), kSamples)};
        const ParameterLayout& layout = p.net.layout();
        for (int l = 0; l < layout.layerCount(); ++l) {
            const LayerLayout& L = layout.layer(l);
            const Scalar scale = 1.5 / std::sqrt(Scalar(std::max(1, L.weightCols)));
            for (Index i = 0; i < Index(L.weightRows) * L.weightCols; ++i)
                p.net.params()(L.weightOffset + i) = scale * rng.uniform(-1, 1);
            for (Index i = 0; i < (hasParameters(L.spec.kind) ? L.weightRows : 0); ++i)
                p.net.params()(L.biasOffset + i) = rng.uniform(-0.5, 0.5);
        }
        for (Index i = 0; i < p.X.size(); ++i) p.X.data()[i] = rng.normal();
        for (int n = 0; n < kSamples; ++n) {
            if (spec.loss == Loss::SoftmaxCrossEntropy) {
                p.Y.col(n).setZero();
                p.Y(Index(rng.index(std::uint64_t(spec.outputs()))), n) = 1;
            } else {
                for (int k = 0; k < spec.outputs(); ++k) p.Y(k, n) = rng.uniform(-1, 1);
            }
        }
        p.net.forward(p.X);
        bool clear = true;
        for (int l = 0; l < layout.layerCount() && clear; ++l) {
            const LayerTrace& t = p.net.trace().layers[std::size_t(l)];
            if (layout.layer(l).spec.activation == kReLU && hasParameters(layout.kind(l)))
                clear = t.z.cwiseAbs().minCoeff() >= kMargin;
            if (layout.kind(l) == LayerKind::MaxPool) clear = poolWindowsClear(layout.layer(l), t.input);
        }
        if (!clear) continue;
        p.net.lossAndGradient(p.X, p.Y);
        if (p.net.grads().cwiseAbs().maxCoeff() > 1e-3) return p;
    }
    qFatal("no seed in 200 gave ReLU inputs clear of 0 and pooling windows without near ties");
}

// dL/dX, which Network does not compute (layer 0 has no layer below to pass it to): layer 0's backward with its
// dL/dz from the last lossAndGradient, which must have run on X.
Matrix inputGradient(const Network& net, const Matrix& X) {
    const LayerLayout& L = net.layout().layer(0);
    LayerScratch<Scalar> scratch;
    Matrix z, a, dIn;
    layerForward(L, net.params().data(), X, z, a, scratch);
    Vector unused = Vector::Zero(net.parameterCount());
    layerBackward(L, net.params().data(), X, net.trace().layers[0].dZ, unused.data(), &dIn, scratch);
    return dIn;
}

// Relative error as gradientCheck defines it.
Scalar relativeError(Scalar a, Scalar b) {
    const Scalar scale = std::max(std::abs(a), std::abs(b));
    return scale == 0 ? 0 : std::abs(a - b) / scale;
}

bool withinGradientTolerance(Scalar backprop, Scalar numeric) {
    const Scalar magnitude = std::max(std::abs(backprop), std::abs(numeric));
    return relativeError(backprop, numeric) < kTolerance ||
           (magnitude < 1e-4 && std::abs(backprop - numeric) < kAbsoluteFloor);
}

// Every entry of `actual` against `expected`: |a - e| <= rel |e| + abs * max |e|. Returns "" or the worst entry.
QString compareVectors(const char* what, const Vector& actual, const Vector& expected, Scalar rel, Scalar abs) {
    if (actual.size() != expected.size())
        return QStringLiteral("%1: %2 values, expected %3").arg(what).arg(actual.size()).arg(expected.size());
    const Scalar largest = expected.size() ? expected.cwiseAbs().maxCoeff() : 0;
    Index worst = -1;
    Scalar worstExcess = 0;
    for (Index i = 0; i < actual.size(); ++i) {
        const Scalar allowed = rel * std::abs(expected(i)) + abs * largest;
        const Scalar err = std::abs(actual(i) - expected(i));
        if (!(err <= allowed) && (worst < 0 || err / std::max(allowed, 1e-300) > worstExcess)) {
            worst = i;
            worstExcess = err / std::max(allowed, 1e-300);
        }
    }
    if (worst < 0) return {};
    return QStringLiteral("%1[%2] = %3, expected %4 (relative error %5)")
        .arg(what)
        .arg(worst)
        .arg(actual(worst), 0, 'g', 17)
        .arg(expected(worst), 0, 'g', 17)
        .arg(relativeError(actual(worst), expected(worst)), 0, 'g', 3);
}

Vector flat(const Matrix& m) { return Eigen::Map<const Vector>(m.data(), m.size()); }

// ---- PyTorch ----------------------------------------------------------------------------------------------------
const char* const kTorchScript = R"PY(
# The networks of tst_layers.cpp in torch.nn.functional, float64. Parameters come in NN Lab's flat layout and are
# sliced out of one leaf tensor, so its .grad is the gradient in that same layout.
import json, sys
import torch
import torch.nn.functional as F

def act(name, z):
    if name == "identity": return z
    if name == "tanh": return torch.tanh(z)
    if name == "relu": return F.relu(z)
    if name == "sigmoid": return torch.sigmoid(z)
    if name == "softmax": return torch.softmax(z, dim=1)
    raise ValueError("activation " + name)

results = []
for c in json.load(open(sys.argv[1])):
    C, H, W = c["input"]
    N, K = c["N"], c["K"]
    p = torch.tensor(c["params"], dtype=torch.float64, requires_grad=True)
    x = torch.tensor(c["X"], dtype=torch.float64).reshape(N, C, H, W).requires_grad_()
    y = torch.tensor(c["Y"], dtype=torch.float64).reshape(N, K)
    a, z, layers = x, None, []
    for L in c["layers"]:
        kind = L["kind"]
        if kind == "conv":
            cin, cout, k = a.shape[1], L["units"], L["kernel"]
            q = cin * k * k
            # W is C_out x (C_in k k), column-major: weight[o][c][i][j] = params[w + (c k k + i k + j) C_out + o]
            w = p[L["w"]:L["w"] + q * cout].reshape(q, cout).t().reshape(cout, cin, k, k)
            z = F.conv2d(a, w, p[L["b"]:L["b"] + cout], stride=L["stride"], padding=L["padding"])
            a = act(L["activation"], z)
        elif kind == "maxpool":
            z = a = F.max_pool2d(a, L["kernel"], L["stride"])
        elif kind == "avgpool":
            z = a = F.avg_pool2d(a, L["kernel"], L["stride"])
        elif kind == "flatten":
            z = a = torch.flatten(a, 1)
        elif kind == "dense":
            a = torch.flatten(a, 1)
            n_in, u = a.shape[1], L["units"]
            w = p[L["w"]:L["w"] + n_in * u].reshape(n_in, u).t()  # units x inputs, column-major
            z = F.linear(a, w, p[L["b"]:L["b"] + u])
            a = act(L["activation"], z)
        else:
            raise ValueError("layer " + kind)
        layers.append(a)
    if c["loss"] == "mse":
        loss = F.mse_loss(a, y)
    else:
        loss = -(y * torch.log_softmax(z, dim=1)).sum(dim=1).mean()
    loss.backward()
    results.append({"name": c["name"], "loss": loss.item(),
                    "layers": [t.detach().flatten().tolist() for t in layers],
                    "grad": p.grad.tolist(), "gradX": x.grad.flatten().tolist()})
print(json.dumps(results))
)PY";

bool torchAvailable() {
    static const bool available = testsupport::runCommand("/usr/bin/python3", {"-c", "import torch"}).code == 0;
    return available;
}

QString numbers(const Scalar* v, Index n) {
    QStringList s;
    s.reserve(int(n));
    for (Index i = 0; i < n; ++i) s << QString::number(v[i], 'g', 17);  // 17 digits: the exact double
    return "[" + s.join(",") + "]";
}

Vector toVector(const QJsonArray& a) {
    Vector v(a.size());
    for (int i = 0; i < a.size(); ++i) v(i) = a[i].toDouble();
    return v;
}

std::uint64_t caseSeed(int index) { return 101 + 37 * std::uint64_t(index); }

}  // namespace

class TstLayers : public QObject {
    Q_OBJECT
private slots:
    void seedWorkedExample();
    void seedWorkedExampleThroughNetwork();
    void poolingWorkedExample();
    void maxPoolingTieGoesToTheFirst();
    void outputSizes_data();
    void outputSizes();
    void parameterCounts();
    void validateMessages_data();
    void validateMessages();
    void gradientCheck_data();
    void gradientCheck();
    void floatMatchesDouble_data();
    void floatMatchesDouble();
    void parityWithPyTorch_data();
    void parityWithPyTorch();

private:
    void addCaseRows();
    // PyTorch's results for every case, computed once (one Python start for all of them).
    const QJsonArray& torchResults();
    std::optional<QJsonArray> m_torch;
    QString m_torchError;
};

// ---- The seed's worked example ------------------------------------------------------------------------------------
// x = 1 2 2 1     f = 1 2     y(i, h) = sum_k sum_l f(k, l) x(i + k, h + l), for instance
//     3 2 1 0         2 1     y(0, 0) = 1*1 + 2*2 + 2*3 + 1*2 = 13
//     1 2 3 4                 y(2, 0) = 1*1 + 2*2 + 2*3 + 1*1 = 12, y(2, 1) = 2 + 6 + 2 + 1 = 11,
//     3 1 1 3                 y(2, 2) = 3 + 8 + 2 + 3 = 16
// The seed prints the last row as 12 22 26, a typo: the real one is 12 11 16.
namespace {
Matrix seedInput() {
    Matrix x(4, 4);
    x << 1, 2, 2, 1,  //
        3, 2, 1, 0,   //
        1, 2, 3, 4,   //
        3, 1, 1, 3;
    return x;
}
Matrix seedKernel() {
    Matrix f(2, 2);
    f << 1, 2,  //
        2, 1;
    return f;
}
Matrix seedOutput() {
    Matrix y(3, 3);
    y << 13, 11, 6,  //
        11, 11, 11,  //
        12, 11, 16;
    return y;
}
}  // namespace

void TstLayers::seedWorkedExample() {
    const Matrix y = crossCorrelate(seedInput(), seedKernel());
    QCOMPARE(y.rows(), Index(3));
    QCOMPARE(y.cols(), Index(3));
    QCOMPARE(y, seedOutput());  // small integers: exact
    Matrix typo(1, 3);
    typo << 12, 22, 26;
    QVERIFY(y.row(2) != typo);
    // With stride 2 the windows at (0, 0), (0, 2), (2, 0), (2, 2): 13 6 / 12 16.
    Matrix strided(2, 2);
    strided << 13, 6,  //
        12, 16;
    QCOMPARE(crossCorrelate(seedInput(), seedKernel(), 2), strided);
    // With padding 1 the output is 5x5; its corners see one input each: f(1,1) x(0,0) = 1, f(1,0) x(0,3) = 2*1,
    // f(0,1) x(3,0) = 2*3, f(0,0) x(3,3) = 3; its middle 3x3 is the unpadded result.
    const Matrix padded = crossCorrelate(seedInput(), seedKernel(), 1, 1);
    QCOMPARE(padded.rows(), Index(5));
    QCOMPARE(padded.cols(), Index(5));
    QCOMPARE(padded(0, 0), 1.0);
    QCOMPARE(padded(0, 4), 2.0);
    QCOMPARE(padded(4, 0), 6.0);
    QCOMPARE(padded(4, 4), 3.0);
    QCOMPARE(Matrix(padded.block(1, 1, 3, 3)), seedOutput());
}

void TstLayers::seedWorkedExampleThroughNetwork() {
    // One conv layer (1 channel in, 1 out, 2x2 kernel, identity, bias 0) on the 4x4 image; then flatten and a dense
    // output, which the network needs (the output must be dense) and which plays no part here.
    const NetworkSpec spec = image(1, 4, 4, {LayerSpec::conv(1, 2, kIdentity), LayerSpec::flatten(), {1, kIdentity}});
    QCOMPARE(spec.validate(), std::string());
    Network net(spec);
    QCOMPARE(net.weightRows(0), 1);
    QCOMPARE(net.weightCols(0), 4);
    // W is 1 x (1 * 2 * 2): column q = i k + j holds kernel position (i, j).
    const Matrix f = seedKernel();
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j)
            net.params()(net.weightOffset(0) + (i * 2 + j) * 1 + 0) = f(i, j);  // q C_out + o, C_out = 1, o = 0
    net.params()(net.biasOffset(0)) = 0;
    // The image row by row in one column.
    const Matrix x = seedInput();
    Matrix X(16, 1);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) X(i * 4 + j, 0) = x(i, j);
    net.forward(X);
    const LayerTrace& conv = net.trace().layers[0];
    QCOMPARE(conv.z.rows(), Index(9));
    QCOMPARE(conv.z.cols(), Index(1));
    const Matrix y = seedOutput();
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            QCOMPARE(conv.z(i * 3 + j, 0), y(i, j));
            QCOMPARE(conv.a(i * 3 + j, 0), y(i, j));
        }
    QCOMPARE(conv.z(6, 0), 12.0);
    QCOMPARE(conv.z(7, 0), 11.0);  // not 22
    QCOMPARE(conv.z(8, 0), 16.0);  // not 26
    // Flatten passes the nine values on in the same order.
    QCOMPARE(net.trace().layers[1].a, conv.a);
}

// Pooling by hand on the same 4x4 image, 2x2 windows with stride 2:
//   max:     max(1 2 3 2) = 3, max(2 1 1 0) = 2, max(1 2 3 1) = 3, max(3 4 1 3) = 4
//   average: 8/4 = 2,          4/4 = 1,          7/4 = 1.75,       11/4 = 2.75
// and backward: max pooling sends each dL/dz to the one input that won, average pooling a quarter to each input.
void TstLayers::poolingWorkedExample() {
    const Matrix x = seedInput();
    Matrix X(16, 1);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) X(i * 4 + j, 0) = x(i, j);
    Matrix expectedMax(4, 1), expectedAvg(4, 1);
    expectedMax << 3, 2, 3, 4;
    expectedAvg << 2, 1, 1.75, 2.75;
    Matrix dZ(4, 1);
    dZ << 10, 20, 30, 40;
    for (const bool isMax : {true, false}) {
        const NetworkSpec spec = image(
            1, 4, 4, {isMax ? LayerSpec::maxPool(2) : LayerSpec::avgPool(2), LayerSpec::flatten(), {1, kIdentity}});
        const ParameterLayout layout(spec);
        const LayerLayout& L = layout.layer(0);
        QCOMPARE(L.out, (Shape{1, 2, 2}));
        LayerScratch<Scalar> scratch;
        Matrix z, a, dIn;
        layerForward(L, static_cast<const Scalar*>(nullptr), X, z, a, scratch);
        QCOMPARE(z, isMax ? expectedMax : expectedAvg);
        QCOMPARE(a, z);
        layerBackward(L, static_cast<const Scalar*>(nullptr), X, dZ, static_cast<Scalar*>(nullptr), &dIn, scratch);
        Matrix expected(16, 1);
        if (isMax) {
            // The winners: x(1, 0) = 3, x(0, 2) = 2, x(3, 0) = 3, x(2, 3) = 4.
            expected.setZero();
            expected(1 * 4 + 0, 0) = 10;
            expected(0 * 4 + 2, 0) = 20;
            expected(3 * 4 + 0, 0) = 30;
            expected(2 * 4 + 3, 0) = 40;
        } else {
            expected << 2.5, 2.5, 5, 5,  //
                2.5, 2.5, 5, 5,          //
                7.5, 7.5, 10, 10,        //
                7.5, 7.5, 10, 10;
        }
        QCOMPARE(dIn, expected);
    }
}

void TstLayers::maxPoolingTieGoesToTheFirst() {
    // Two channels, 2x4, windows 2x2: a tie inside each window. The first maximum in reading order wins, as in
    // PyTorch's max_pool2d, and it alone receives the gradient.
    const NetworkSpec spec = image(2, 2, 4, {LayerSpec::maxPool(2), LayerSpec::flatten(), {1, kIdentity}});
    const ParameterLayout layout(spec);
    Matrix X(16, 1);
    X << 5, 1, 2, 7,     // channel 0, row 0
        0, 5, 7, 7,      //            row 1
        -1, -3, -2, -2,  // channel 1
        -1, -1, -4, -2;
    LayerScratch<Scalar> scratch;
    Matrix z, a, dIn;
    layerForward(layout.layer(0), static_cast<const Scalar*>(nullptr), X, z, a, scratch);
    Matrix expectedZ(4, 1);
    expectedZ << 5, 7, -1, -2;
    QCOMPARE(z, expectedZ);
    Matrix dZ = Matrix::Ones(4, 1);
    layerBackward(layout.layer(0), static_cast<const Scalar*>(nullptr), X, dZ, static_cast<Scalar*>(nullptr), &dIn,
                  scratch);
    Matrix expected = Matrix::Zero(16, 1);
    expected(0, 0) = 1;      // 5 at (0, 0), not (1, 1)
    expected(3, 0) = 1;      // 7 at (0, 3), not (1, 2) or (1, 3)
    expected(8, 0) = 1;      // -1 at (0, 0) of channel 1, not (1, 0) or (1, 1)
    expected(8 + 2, 0) = 1;  // -2 at (0, 2), not (0, 3) or (1, 3)
    QCOMPARE(dIn, expected);
}

// ---- Shapes --------------------------------------------------------------------------------------------------------
void TstLayers::outputSizes_data() {
    QTest::addColumn<int>("kind");  // LayerKind
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("padding");
    // floor((n + 2p - k) / s) + 1 per side, worked in the row names.
    const int conv = int(LayerKind::Conv), maxp = int(LayerKind::MaxPool), avgp = int(LayerKind::AvgPool);
    QTest::newRow("conv 28x28 k5: 24x24") << conv << 28 << 28 << 5 << 1 << 0;
    QTest::newRow("conv 28x28 k3 p1: 28x28 (same)") << conv << 28 << 28 << 3 << 1 << 1;
    QTest::newRow("conv 7x9 k3 s2 p1: (7+2-3)/2+1 = 4, (9+2-3)/2+1 = 5") << conv << 7 << 9 << 3 << 2 << 1;
    QTest::newRow("conv 8x6 k3 s2: floor(5/2)+1 = 3, floor(3/2)+1 = 2") << conv << 8 << 6 << 3 << 2 << 0;
    QTest::newRow("conv 6x5 k4 s3 p1: floor(4/3)+1 = 2, floor(3/3)+1 = 2") << conv << 6 << 5 << 4 << 3 << 1;
    QTest::newRow("conv 3x3 k3 p2: 5x5 (full)") << conv << 3 << 3 << 3 << 1 << 2;
    QTest::newRow("conv 4x4 k4: 1x1") << conv << 4 << 4 << 4 << 1 << 0;
    QTest::newRow("maxpool 24x24 2: 12x12") << maxp << 24 << 24 << 2 << 2 << 0;
    QTest::newRow("maxpool 5x7 2: floor(3/2)+1 = 2, 3") << maxp << 5 << 7 << 2 << 2 << 0;
    QTest::newRow("maxpool 7x7 3 s2: 3x3") << maxp << 7 << 7 << 3 << 2 << 0;
    QTest::newRow("avgpool 8x7 2 s3: 3, floor(5/3)+1 = 2") << avgp << 8 << 7 << 2 << 3 << 0;
    QTest::newRow("avgpool 6x5 3 s1: 4x3") << avgp << 6 << 5 << 3 << 1 << 0;
}

void TstLayers::outputSizes() {
    QFETCH(int, kind);
    QFETCH(int, height);
    QFETCH(int, width);
    QFETCH(int, kernel);
    QFETCH(int, stride);
    QFETCH(int, padding);
    const LayerKind k = LayerKind(kind);
    const int channels = 2, outChannels = 3;
    const LayerSpec layer = k == LayerKind::Conv      ? LayerSpec::conv(outChannels, kernel, kTanh, stride, padding)
                            : k == LayerKind::MaxPool ? LayerSpec::maxPool(kernel, stride)
                                                      : LayerSpec::avgPool(kernel, stride);
    const NetworkSpec spec = image(channels, height, width, {layer, LayerSpec::flatten(), {1, kIdentity}});
    QCOMPARE(spec.validate(), std::string());
    const ParameterLayout layout(spec);
    const int h = (height + 2 * padding - kernel) / stride + 1, w = (width + 2 * padding - kernel) / stride + 1;
    const Shape expected{k == LayerKind::Conv ? outChannels : channels, h, w};
    QCOMPARE(layout.layer(0).in, (Shape{channels, height, width}));
    QCOMPARE(layout.layer(0).out, expected);
    QCOMPARE(layout.outputSize(0), expected.size());
    QCOMPARE(layout.layer(1).out, (Shape{int(expected.size()), 1, 1}));  // flatten
    QCOMPARE(layout.inputs(2), int(expected.size()));                    // the dense layer reads all of them
    // The network computes that many values per sample.
    Network net(spec);
    net.forward(Matrix::Ones(spec.inputs, 2));
    QCOMPARE(net.trace().layers[0].z.rows(), expected.size());
    QCOMPARE(net.trace().layers[0].z.cols(), Index(2));
}

void TstLayers::parameterCounts() {
    // LeNet-like on 28x28x1: conv 6 5x5 (24x24x6) -> maxpool 2 (12x12x6) -> conv 16 5x5 (8x8x16) -> maxpool 2
    // (4x4x16) -> flatten (256) -> dense 120 -> dense 84 -> dense 10.
    using S = LayerSpec;
    const NetworkSpec spec = image(1, 28, 28,
                                   {S::conv(6, 5, kReLU),
                                    S::maxPool(2),
                                    S::conv(16, 5, kReLU),
                                    S::maxPool(2),
                                    S::flatten(),
                                    {120, kReLU},
                                    {84, kReLU},
                                    {10, Activation::Softmax}},
                                   Loss::SoftmaxCrossEntropy);
    QCOMPARE(spec.validate(), std::string());
    const ParameterLayout layout(spec);
    // conv 1: 6 x (1*5*5) weights + 6 biases = 156; conv 2: 16 x (6*5*5) + 16 = 2416; dense: 256*120 + 120 = 30840,
    // 120*84 + 84 = 10164, 84*10 + 10 = 850. Total 44426.
    const std::vector<Index> perLayer{156, 0, 2416, 0, 0, 30840, 10164, 850};
    const std::vector<Shape> outs{{6, 24, 24}, {6, 12, 12}, {16, 8, 8}, {16, 4, 4},
                                  {256, 1, 1}, {120, 1, 1}, {84, 1, 1}, {10, 1, 1}};
    Index offset = 0;
    for (int l = 0; l < layout.layerCount(); ++l) {
        QCOMPARE(layout.layer(l).parameterCount(), perLayer[std::size_t(l)]);
        QCOMPARE(layout.layer(l).out, outs[std::size_t(l)]);
        QCOMPARE(layout.weightOffset(l), offset);
        offset += perLayer[std::size_t(l)];
    }
    QCOMPARE(layout.units(0), 6);
    QCOMPARE(layout.layer(0).weightCols, 25);
    QCOMPARE(layout.layer(2).weightRows, 16);
    QCOMPARE(layout.layer(2).weightCols, 150);
    QCOMPARE(layout.biasOffset(2), Index(156 + 16 * 150));
    QCOMPARE(layout.layer(1).weightRows * layout.layer(1).weightCols, 0);  // pooling: nothing
    QCOMPARE(layout.parameterCount(), Index(44426));
    QCOMPARE(layout.size(), Index(44426));
    QCOMPARE(spec.parameterCount(), Index(44426));
    QCOMPARE(Network(spec).parameterCount(), Index(44426));
    // The initialisation's fan-out of a conv: out-channels * k^2.
    QCOMPARE(layout.fanOut(0), 6.0 * 25);
    QCOMPARE(layout.fanOut(2), 16.0 * 25);
    // Padding and stride change the shapes, never the parameter count of a conv: C_out (C_in k^2 + 1).
    for (int stride : {1, 2})
        for (int padding : {0, 1, 2}) {
            const NetworkSpec s = image(3, 9, 9, {S::conv(4, 3, kTanh, stride, padding), S::flatten(), {1, kIdentity}});
            const Index outValues = 4 * Index((9 + 2 * padding - 3) / stride + 1) *
                                    ((9 + 2 * padding - 3) / stride + 1);
            QCOMPARE(s.parameterCount(), 4 * (3 * 9 + 1) + outValues + 1);
        }
}

void TstLayers::validateMessages_data() {
    QTest::addColumn<NetworkSpec>("spec");
    QTest::addColumn<QString>("message");
    using S = LayerSpec;
    NetworkSpec vectorIn;
    vectorIn.inputs = 16;
    QTest::newRow("kernel larger than the input")
        << image(1, 4, 4, {S::conv(2, 5, kTanh), S::flatten(), {1, kIdentity}})
        << "layer 1 (conv) has a 5x5 kernel but its input is 4x4x1 (padding 0)";
    QTest::newRow("kernel larger than the padded input")
        << image(1, 4, 4, {S::conv(2, 7, kTanh, 1, 1), S::flatten(), {1, kIdentity}})
        << "layer 1 (conv) has a 7x7 kernel but its input is 4x4x1 (padding 1)";
    QTest::newRow("kernel taller than a wide input")
        << image(2, 3, 6, {S::conv(1, 4, kTanh), S::flatten(), {1, kIdentity}})
        << "layer 1 (conv) has a 4x4 kernel but its input is 3x6x2 (padding 0)";
    QTest::newRow("kernel larger than a pooled input")
        << image(1, 6, 6, {S::maxPool(2), S::conv(1, 4, kTanh), S::flatten(), {1, kIdentity}})
        << "layer 2 (conv) has a 4x4 kernel but its input is 3x3x1 (padding 0)";
    QTest::newRow("padding as large as the kernel")
        << image(1, 4, 4, {S::conv(1, 3, kTanh, 1, 3), S::flatten(), {1, kIdentity}})
        << "layer 1 (conv) needs a kernel of at least 1, a stride of at least 1 and a padding from 0 to kernel - 1";
    NetworkSpec convAfterDense = vectorIn;
    convAfterDense.layers = {{8, kTanh}, S::conv(2, 3, kTanh), S::flatten(), {1, kIdentity}};
    QTest::newRow("conv after a dense layer")
        << convAfterDense
        << "layer 2 (conv) needs an image (height x width x channels) as its input; it gets a vector of 8";
    QTest::newRow("conv after flatten")
        << image(1, 4, 4, {S::flatten(), S::conv(2, 3, kTanh), S::flatten(), {1, kIdentity}})
        << "layer 2 (conv) needs an image (height x width x channels) as its input; it gets a vector of 16";
    NetworkSpec poolOnVector = vectorIn;
    poolOnVector.layers = {S::maxPool(2), {1, kIdentity}};
    QTest::newRow("max pooling on a vector input")
        << poolOnVector
        << "layer 1 (maxpool) needs an image (height x width x channels) as its input; it gets a vector of 16";
    NetworkSpec avgAfterDense = vectorIn;
    avgAfterDense.layers = {{4, kTanh}, S::avgPool(2), {1, kIdentity}};
    QTest::newRow("average pooling after a dense layer")
        << avgAfterDense
        << "layer 2 (avgpool) needs an image (height x width x channels) as its input; it gets a vector of 4";
    QTest::newRow("pooling window larger than the input")
        << image(1, 3, 3, {S::maxPool(4), {1, kIdentity}})
        << "layer 1 (maxpool) has a 4x4 window but its input is 3x3x1";
    QTest::newRow("output layer a conv") << image(1, 4, 4, {S::conv(1, 3, kIdentity)})
                                         << "the output layer must be a dense layer (it is conv)";
    QTest::newRow("output layer a flatten") << image(1, 4, 4, {S::conv(1, 3, kIdentity), S::flatten()})
                                            << "the output layer must be a dense layer (it is flatten)";
    QTest::newRow("output layer a pooling")
        << image(1, 4, 4, {S::avgPool(2)}) << "the output layer must be a dense layer (it is avgpool)";
    NetworkSpec notWhole;
    notWhole.inputs = 10;
    notWhole.inputHeight = notWhole.inputWidth = 3;
    notWhole.layers = {S::flatten(), {1, kIdentity}};
    QTest::newRow("image not whole channels")
        << notWhole << "an image input of 3x3 does not divide the 10 inputs into whole channels";
    QTest::newRow("zero conv channels") << image(1, 4, 4, {S::conv(0, 3, kTanh), S::flatten(), {1, kIdentity}})
                                        << "layer 1 (conv) has 0 channels; it needs at least one";
    QTest::newRow("valid: conv, pool, flatten, dense")
        << image(2, 6, 6, {S::conv(3, 3, kReLU, 1, 1), S::maxPool(2), S::flatten(), {2, kIdentity}}) << QString();
}

void TstLayers::validateMessages() {
    QFETCH(NetworkSpec, spec);
    QFETCH(QString, message);
    QCOMPARE(QString::fromStdString(spec.validate()), message);
    if (message.isEmpty()) {
        Network net(spec);
        QCOMPARE(net.parameterCount(), spec.parameterCount());
        return;
    }
    try {
        Network net(spec);
        QFAIL("Network accepted a spec that does not validate");
    } catch (const NetworkError& e) {
        QCOMPARE(QString::fromUtf8(e.what()), message);
    }
}

// ---- Gradient checks in double --------------------------------------------------------------------------------------
void TstLayers::addCaseRows() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < int(cases().size()); ++i) QTest::newRow(cases()[std::size_t(i)].name) << i;
}

void TstLayers::gradientCheck_data() { addCaseRows(); }

void TstLayers::gradientCheck() {
    QFETCH(int, index);
    const Case& c = cases()[std::size_t(index)];
    QCOMPARE(c.spec.validate(), std::string());
    Problem p = makeProblem(c.spec, caseSeed(index));

    // The parameters: the engine's own check (backprop in grads() against central differences of Network::loss).
    const GradientCheckResult r = engine::gradientCheck(p.net, p.X, p.Y, kStep);
    QCOMPARE(r.entries.size(), std::size_t(p.net.parameterCount()));
    int measured = 0;
    for (const GradientCheckEntry& e : r.entries) {
        if (std::max(std::abs(e.backprop), std::abs(e.numeric)) >= 1e-4) ++measured;
        QVERIFY2(withinGradientTolerance(e.backprop, e.numeric),
                 qPrintable(QStringLiteral("parameter %1 (layer %2 %3%4): backprop %5 numeric %6 relative error %7")
                                .arg(e.parameter)
                                .arg(e.layer)
                                .arg(QString::fromStdString(layerKindName(p.net.layerKind(e.layer))))
                                .arg(e.bias ? ", bias" : "")
                                .arg(e.backprop, 0, 'g', 12)
                                .arg(e.numeric, 0, 'g', 12)
                                .arg(e.relativeError, 0, 'g', 3)));
    }
    QVERIFY2(measured * 2 > int(r.entries.size()),
             qPrintable(QStringLiteral("%1 of %2 measured on the relative scale").arg(measured).arg(r.entries.size())));

    // The input: layer 0's backward (dL/dX) against central differences in each input value. This is what checks a
    // pooling layer or flatten that comes first, which has no parameters of its own.
    p.net.lossAndGradient(p.X, p.Y);
    const Matrix dX = inputGradient(p.net, p.X);
    QCOMPARE(dX.rows(), p.X.rows());
    QCOMPARE(dX.cols(), p.X.cols());
    Matrix X = p.X;
    for (Index i = 0; i < X.size(); ++i) {
        const Scalar keep = X.data()[i];
        X.data()[i] = keep + kStep;
        const Scalar plus = p.net.loss(X, p.Y);
        X.data()[i] = keep - kStep;
        const Scalar minus = p.net.loss(X, p.Y);
        X.data()[i] = keep;
        const Scalar numeric = (plus - minus) / (2 * kStep);
        QVERIFY2(withinGradientTolerance(dX.data()[i], numeric),
                 qPrintable(QStringLiteral("input %1 of sample %2: backprop %3 numeric %4")
                                .arg(i % X.rows())
                                .arg(i / X.rows())
                                .arg(dX.data()[i], 0, 'g', 12)
                                .arg(numeric, 0, 'g', 12)));
    }
    QVERIFY(dX.cwiseAbs().maxCoeff() > 1e-3);
}

// ---- The float path ---------------------------------------------------------------------------------------------------
void TstLayers::floatMatchesDouble_data() { addCaseRows(); }

void TstLayers::floatMatchesDouble() {
    // Tolerance. Float's unit roundoff is 6e-8. Every gradient entry here is a sum of at most a few hundred products
    // through at most seven layers, each rounded once in float (weights and inputs also rounded to float on entry),
    // so its error is bounded by about (terms x layers x 6e-8) times the size of the terms it sums: 1e-5 of them at
    // the very most (measured on these cases: below 3e-7 of the largest entry, below 1e-4 of each entry). An entry
    // that is the sum of terms cancelling each other is accurate relative to those terms, not to itself, so the bound
    // is 1e-3 of the entry plus 1e-5 of the largest entry of the gradient. A wrong formula in one of the two
    // instantiations gives errors of order 1; a float sum accumulated in another order does not.
    constexpr Scalar kFloatRelative = 1e-3, kFloatAbsolute = 1e-5;
    QFETCH(int, index);
    const Case& c = cases()[std::size_t(index)];
    Problem p = makeProblem(c.spec, caseSeed(index));
    const Scalar lossDouble = p.net.lossAndGradient(p.X, p.Y);
    const Vector gradDouble = p.net.grads();
    const Scalar lossFloat = p.net.lossAndGradientFloat(p.X, p.Y);
    const Vector gradFloat = p.net.grads();
    QVERIFY2(
        std::abs(lossFloat - lossDouble) <= 1e-5 * std::abs(lossDouble),
        qPrintable(
            QStringLiteral("loss %1 in float, %2 in double").arg(lossFloat, 0, 'g', 12).arg(lossDouble, 0, 'g', 12)));
    const QString problem = compareVectors("gradient", gradFloat, gradDouble, kFloatRelative, kFloatAbsolute);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Not the double gradient again: the float path really ran in float.
    QVERIFY(gradFloat != gradDouble);
    // And the float forward pass (predictFloat) agrees with the double one likewise.
    const QString forward = compareVectors("output", flat(p.net.predictFloat(p.X)), flat(p.net.predict(p.X)),
                                           kFloatRelative, kFloatAbsolute);
    QVERIFY2(forward.isEmpty(), qPrintable(forward));
}

// ---- PyTorch parity ---------------------------------------------------------------------------------------------------
const QJsonArray& TstLayers::torchResults() {
    if (m_torch) return *m_torch;
    m_torch = QJsonArray();
    QTemporaryDir dir;
    if (!dir.isValid()) {
        m_torchError = "no temporary folder";
        return *m_torch;
    }
    // The cases as JSON, every double in 17 significant digits (read back exactly by Python).
    QString json = "[";
    for (int i = 0; i < int(cases().size()); ++i) {
        const Case& c = cases()[std::size_t(i)];
        const Problem p = makeProblem(c.spec, caseSeed(i));
        const Shape in = c.spec.inputShape();
        QStringList layers;
        for (int l = 0; l < p.net.layerCount(); ++l) {
            const LayerLayout& L = p.net.layout().layer(l);
            layers
                << QStringLiteral(
                       R"({"kind":"%1","units":%2,"kernel":%3,"stride":%4,"padding":%5,"activation":"%6","w":%7,"b":%8})")
                       .arg(QString::fromStdString(layerKindName(L.spec.kind)))
                       .arg(L.spec.units)
                       .arg(L.spec.kernel)
                       .arg(L.spec.stride)
                       .arg(L.spec.padding)
                       .arg(QString::fromStdString(activationName(L.spec.activation)))
                       .arg(L.weightOffset)
                       .arg(L.biasOffset);
        }
        if (i) json += ",\n";
        json += QStringLiteral(R"({"name":"%1","input":[%2,%3,%4],"N":%5,"K":%6,"loss":"%7","layers":[%8],)")
                    .arg(QString::fromUtf8(c.name))
                    .arg(in.channels)
                    .arg(in.height)
                    .arg(in.width)
                    .arg(p.X.cols())
                    .arg(p.Y.rows())
                    .arg(c.spec.loss == Loss::MSE ? "mse" : "softmax_cross_entropy")
                    .arg(layers.join(","));
        json += R"("params":)" + numbers(p.net.params().data(), p.net.parameterCount()) + R"(,"X":)" +
                numbers(p.X.data(), p.X.size()) + R"(,"Y":)" + numbers(p.Y.data(), p.Y.size()) + "}";
    }
    json += "]\n";
    QFile input(dir.filePath("cases.json")), script(dir.filePath("parity.py"));
    if (!input.open(QIODevice::WriteOnly) || input.write(json.toUtf8()) < 0 || !script.open(QIODevice::WriteOnly) ||
        script.write(kTorchScript) < 0) {
        m_torchError = "could not write to " + dir.path();
        return *m_torch;
    }
    input.close();
    script.close();
    testsupport::CommandOptions options;
    options.timeoutMs = 240000;  // importing torch takes seconds on a loaded machine
    const testsupport::CommandRun run = testsupport::runCommand("/usr/bin/python3",
                                                                {script.fileName(), input.fileName()}, options);
    if (run.code != 0) {
        m_torchError = QStringLiteral("python3 exited with %1: %2").arg(run.code).arg(run.err);
        return *m_torch;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.bytes, &error);
    if (!doc.isArray() || doc.array().size() != int(cases().size())) {
        m_torchError = "unexpected output from python3: " + error.errorString() + "\n" + run.out.left(2000);
        return *m_torch;
    }
    m_torch = doc.array();
    return *m_torch;
}

void TstLayers::parityWithPyTorch_data() { addCaseRows(); }

void TstLayers::parityWithPyTorch() {
    if (!torchAvailable())
        QSKIP("PyTorch is not installed for /usr/bin/python3 (Debian's python3-torch), so the layers are not compared "
              "with torch.nn.functional here.");
    // Tolerance. Both sides compute in double the same sums in different orders (im2col and one matrix product here,
    // PyTorch's own convolution kernels there), which differ by rounding: about 1e-16 of the size of the terms summed,
    // times their number. 1e-10 relative leaves four orders of magnitude for that; an entry that cancels to much less
    // than its terms is held to 1e-13 of the largest entry instead. Any real difference (a flipped kernel, padding on
    // the wrong side, a pooling window off by one, count_include_pad) is of order 1.
    constexpr Scalar kRelative = 1e-10, kAbsolute = 1e-13;
    QFETCH(int, index);
    const QJsonArray& all = torchResults();
    QVERIFY2(m_torchError.isEmpty(), qPrintable(m_torchError));
    const Case& c = cases()[std::size_t(index)];
    const QJsonObject t = all[index].toObject();
    QCOMPARE(t["name"].toString(), QString::fromUtf8(c.name));

    Problem p = makeProblem(c.spec, caseSeed(index));
    const Scalar loss = p.net.lossAndGradient(p.X, p.Y);
    QStringList problems;
    const Scalar torchLoss = t["loss"].toDouble();
    if (!(std::abs(loss - torchLoss) <= kRelative * std::abs(torchLoss)))
        problems << QStringLiteral("loss %1, PyTorch %2").arg(loss, 0, 'g', 17).arg(torchLoss, 0, 'g', 17);
    // Every layer's output (a), which for the last layer is the network's output.
    const QJsonArray layers = t["layers"].toArray();
    QCOMPARE(layers.size(), p.net.layerCount());
    for (int l = 0; l < p.net.layerCount(); ++l) {
        const QByteArray what = "layer " + QByteArray::number(l) + " (" +
                                QByteArray::fromStdString(layerKindName(p.net.layerKind(l))) + ") output";
        problems << compareVectors(what.constData(), flat(p.net.trace().layers[std::size_t(l)].a),
                                   toVector(layers[l].toArray()), kRelative, kAbsolute);
    }
    problems << compareVectors("network output", flat(p.net.predict(p.X)), toVector(layers.last().toArray()), kRelative,
                               kAbsolute);
    // The gradient in the flat layout (PyTorch's weights were sliced out of one tensor in that layout).
    problems << compareVectors("parameter gradient", p.net.grads(), toVector(t["grad"].toArray()), kRelative,
                               kAbsolute);
    problems << compareVectors("input gradient", flat(inputGradient(p.net, p.X)), toVector(t["gradX"].toArray()),
                               kRelative, kAbsolute);
    problems.removeAll(QString());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

QTEST_GUILESS_MAIN(TstLayers)
#include "tst_layers.moc"
