#include "engine/network.h"
#include <algorithm>
#include <sstream>

namespace engine {
namespace {
// No small caps: the only limit is memory. 2^27 parameters is 1 GiB of doubles per flat vector, and training
// keeps several such vectors (params, grads, optimizer state).
constexpr Index kMaxParameters = Index(1) << 27;
// predict() works through the columns in blocks of this many (see there).
constexpr Index kPredictBlock = 256;
}  // namespace

Index NetworkSpec::parameterCount() const {
    Index n = 0, in = inputs;
    for (const LayerSpec& l : layers) {
        n += Index(l.units) * in + l.units;
        in = l.units;
    }
    return n;
}

std::string NetworkSpec::validate() const {
    if (inputs < 1) return "the network needs at least one input";
    if (layers.empty()) return "the network needs an output layer";
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].units < 1) {
            std::ostringstream s;
            s << (i + 1 == layers.size() ? std::string("the output layer") : "hidden layer " + std::to_string(i + 1))
              << " has " << layers[i].units << " neurons; it needs at least one";
            return s.str();
        }
        if (layers[i].activation == Activation::Softmax && i + 1 != layers.size())
            return "softmax is only offered on the output layer";
    }
    // Parameter count in long double so absurd sizes cannot overflow before the check.
    long double n = 0, in = inputs;
    for (const LayerSpec& l : layers) {
        n += (long double)l.units * in + l.units;
        in = l.units;
    }
    if (n > (long double)kMaxParameters) {
        std::ostringstream s;
        s << "the network would have " << (unsigned long long)n << " parameters; the limit is " << kMaxParameters
          << " (about 1 GiB per copy of the weights)";
        return s.str();
    }
    return {};
}

std::string NetworkSpec::describe() const {
    std::ostringstream s;
    s << inputs;
    for (const LayerSpec& l : layers) s << '-' << l.units;
    // Hidden activations: one name if they agree, else each.
    bool same = true;
    for (std::size_t i = 1; i + 1 < layers.size(); ++i) same = same && layers[i].activation == layers[0].activation;
    if (layers.size() > 1) {
        if (same) s << ' ' << activationName(layers[0].activation);
        else
            for (std::size_t i = 0; i + 1 < layers.size(); ++i)
                s << (i ? "/" : " ") << activationName(layers[i].activation);
    }
    if (!layers.empty()) s << (layers.size() > 1 ? ", " : " ") << activationName(layers.back().activation) << " out";
    s << ", " << lossName(loss);
    return s.str();
}

Network::Network(const NetworkSpec& spec) : m_spec(spec) {
    if (const std::string err = spec.validate(); !err.empty()) throw NetworkError(err);
    const Index n = spec.parameterCount();
    m_params = Vector::Zero(n);
    m_grads = Vector::Zero(n);
    m_weightMask = Vector::Zero(n);
    Index off = 0;
    for (int l = 0; l < layerCount(); ++l) {
        m_wOff.push_back(off);
        const Index nw = Index(layerUnits(l)) * layerInputs(l);
        m_weightMask.segment(off, nw).setOnes();
        off += nw;
        m_bOff.push_back(off);
        off += layerUnits(l);
    }
    m_trace.layers.resize(spec.layers.size());
}

int Network::layerOf(Index p) const {
    for (int l = layerCount() - 1; l >= 0; --l)
        if (p >= m_wOff[l]) return l;
    return 0;
}

bool Network::isBias(Index p) const { return m_weightMask(p) == 0; }

const Matrix& Network::forward(const Matrix& X) {
    checkBatch(X, nullptr);
    for (int l = 0; l < layerCount(); ++l) {
        LayerTrace& t = m_trace.layers[l];
        t.input = l == 0 ? X : m_trace.layers[l - 1].a;
        t.z.noalias() = W(l) * t.input;  // z = W a_prev + b
        t.z.colwise() += b(l);
        activate(m_spec.layers[l].activation, t.z, t.a);  // a = f(z)
    }
    return m_trace.layers.back().a;
}

Matrix Network::predict(const Matrix& X) const {
    checkBatch(X, nullptr);
    // Blocks of columns, so that each layer's z and a stay in the cache: a 256 x 256 boundary grid through 16 units is
    // 8 MB per layer, and streaming that through memory for every step of every layer cost more than the arithmetic.
    // Each column is computed by the same operations either way.
    Matrix a, z;
    if (X.cols() <= kPredictBlock) {
        predictBlock(X, a, z);
        return a;
    }
    Matrix out(m_spec.outputs(), X.cols());
    for (Index c = 0; c < X.cols(); c += kPredictBlock) {
        const Index n = std::min(kPredictBlock, X.cols() - c);
        predictBlock(X.middleCols(c, n), a, z);
        out.middleCols(c, n) = a;
    }
    return out;
}

Matrix Network::predictFloat(const Matrix& X) const {
    checkBatch(X, nullptr);
    std::vector<Eigen::MatrixXf> Wf(static_cast<std::size_t>(layerCount()));
    std::vector<Eigen::VectorXf> bf(static_cast<std::size_t>(layerCount()));
    for (int l = 0; l < layerCount(); ++l) {
        Wf[std::size_t(l)] = W(l).cast<float>();
        bf[std::size_t(l)] = b(l).cast<float>();
    }
    Matrix out(m_spec.outputs(), X.cols());
    Eigen::MatrixXf x, a, z;
    for (Index c = 0; c < X.cols(); c += kPredictBlock) {
        const Index n = std::min(kPredictBlock, X.cols() - c);
        x = X.middleCols(c, n).cast<float>();
        for (int l = 0; l < layerCount(); ++l) {
            z.noalias() = Wf[std::size_t(l)] * (l == 0 ? x : a);
            z.colwise() += bf[std::size_t(l)];
            activate(m_spec.layers[l].activation, z, a);
        }
        out.middleCols(c, n) = a.cast<Scalar>();
    }
    return out;
}

template <typename Input> void Network::predictBlock(const Input& X, Matrix& a, Matrix& z) const {
    for (int l = 0; l < layerCount(); ++l) {
        if (l == 0) z.noalias() = W(0) * X;  // X itself, not a copy
        else z.noalias() = W(l) * a;
        z.colwise() += b(l);
        activate(m_spec.layers[l].activation, z, a);
    }
}

void Network::checkBatch(const Matrix& X, const Matrix* Y) const {
    if (X.rows() != m_spec.inputs)
        throw NetworkError("the data has " + std::to_string(X.rows()) + " input features but the network expects " +
                           std::to_string(m_spec.inputs));
    if (Y && (Y->rows() != m_spec.outputs() || Y->cols() != X.cols()))
        throw NetworkError("the targets are " + std::to_string(Y->rows()) + " x " + std::to_string(Y->cols()) +
                           " but the network needs " + std::to_string(m_spec.outputs()) + " x " +
                           std::to_string(X.cols()));
}

Scalar Network::loss(const Matrix& X, const Matrix& Y) const {
    checkBatch(X, &Y);
    if (X.cols() == 0) return 0;
    Matrix a = X, z;
    for (int l = 0; l < layerCount(); ++l) {
        z.noalias() = W(l) * a;
        z.colwise() += b(l);
        activate(m_spec.layers[l].activation, z, a);
    }
    return lossValue(m_spec.loss, m_spec.outputActivation(), z, a, Y);
}

Scalar Network::lossAndGradient(const Matrix& X, const Matrix& Y) {
    checkBatch(X, &Y);
    forward(X);
    LayerTrace& out = m_trace.layers.back();
    lossPerSample(m_spec.loss, m_spec.outputActivation(), out.z, out.a, Y, m_trace.sampleLoss);
    m_trace.loss = X.cols() ? m_trace.sampleLoss.mean() : 0;
    backward(Y);
    return m_trace.loss;
}

Scalar Network::lossAndGradientFloat(const Matrix& X, const Matrix& Y) {
    checkBatch(X, &Y);
    const int L = layerCount();
    FloatWork& w = m_float;
    w.layers.resize(std::size_t(L));
    w.X = X.cast<float>();
    for (int l = 0; l < L; ++l) {  // forward: z = W a_prev + b, a = f(z), in float
        FloatLayer& f = w.layers[std::size_t(l)];
        f.W = W(l).cast<float>();
        f.b = b(l).cast<float>();
        f.z.noalias() = f.W * (l == 0 ? w.X : w.layers[std::size_t(l - 1)].a);
        f.z.colwise() += f.b;
        activate(m_spec.layers[l].activation, f.z, f.a);
    }
    // The loss and the output's dL/dz in double, by the same functions as lossAndGradient (K x N: cheap).
    FloatLayer& out = w.layers.back();
    w.zOut = out.z.cast<Scalar>();
    w.aOut = out.a.cast<Scalar>();
    lossPerSample(m_spec.loss, m_spec.outputActivation(), w.zOut, w.aOut, Y, m_trace.sampleLoss);
    m_trace.loss = X.cols() ? m_trace.sampleLoss.mean() : 0;
    if (hasFusedGradient(m_spec.loss, m_spec.outputActivation())) {
        fusedGradientZ(m_spec.loss, w.aOut, Y, w.dZOut);
    } else {
        lossGradientA(m_spec.loss, w.aOut, Y, w.dAOut);
        activationBackward(m_spec.outputActivation(), w.zOut, w.aOut, w.dAOut, w.dZOut);
    }
    out.dZ = w.dZOut.cast<float>();
    for (int l = L - 1; l >= 0; --l) {  // backward, in float; the gradients land in the double flat vector
        FloatLayer& f = w.layers[std::size_t(l)];
        if (l < L - 1) activationBackward(m_spec.layers[l].activation, f.z, f.a, f.dA, f.dZ);
        if (l > 0) w.layers[std::size_t(l - 1)].dA.noalias() = f.W.transpose() * f.dZ;  // dL/da_prev = W^T dZ
        const Eigen::MatrixXf& in = l == 0 ? w.X : w.layers[std::size_t(l - 1)].a;
        f.W.noalias() = f.dZ * in.transpose();  // dL/dW = dZ a_prev^T (W's float copy is free now: reused)
        gradW(l) = f.W.cast<Scalar>();
        gradB(l) = f.dZ.rowwise().sum().cast<Scalar>();
    }
    return m_trace.loss;
}

void Network::backward(const Matrix& Y) {
    const int L = layerCount();
    LayerTrace& out = m_trace.layers[L - 1];
    lossGradientA(m_spec.loss, out.a, Y, out.dA);  // dL/da of the output, shown by the stepper
    if (hasFusedGradient(m_spec.loss, m_spec.outputActivation()))
        fusedGradientZ(m_spec.loss, out.a, Y, out.dZ);  // exact and finite even when a saturates
    else activationBackward(m_spec.outputActivation(), out.z, out.a, out.dA, out.dZ);
    for (int l = L - 1; l >= 0; --l) {
        LayerTrace& t = m_trace.layers[l];
        if (l < L - 1) activationBackward(m_spec.layers[l].activation, t.z, t.a, t.dA, t.dZ);  // dL/dz = f'(z) .* dL/da
        gradW(l).noalias() = t.dZ * t.input.transpose();  // dL/dW = dZ a_prev^T  (the 1/N is inside dZ)
        gradB(l) = t.dZ.rowwise().sum();                  // dL/db = sum over samples of dZ
        if (l > 0) m_trace.layers[l - 1].dA.noalias() = W(l).transpose() * t.dZ;  // dL/da_prev = W^T dZ
    }
}

}  // namespace engine
