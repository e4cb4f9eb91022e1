#include "engine/network.h"
#include <algorithm>

namespace engine {
namespace {
// predict() works through the columns in blocks of this many (see there).
constexpr Index kPredictBlock = 256;

// The forward pass through every layer, in precision T: layer l reads layer l-1's a (or X) and writes its z and a.
// keepInputs copies each layer's input into the trace (the step-through views read it).
template <class T>
void forwardPass(const ParameterLayout& layout, const T* params, const MatrixT<T>& X,
                 std::vector<LayerTraceT<T>>& trace, std::vector<LayerScratch<T>>& scratch, bool keepInputs) {
    trace.resize(std::size_t(layout.layerCount()));
    scratch.resize(trace.size());
    for (int l = 0; l < layout.layerCount(); ++l) {
        LayerTraceT<T>& t = trace[std::size_t(l)];
        const MatrixT<T>& in = l == 0 ? X : trace[std::size_t(l) - 1].a;
        if (keepInputs) t.input = in;
        layerForward(layout.layer(l), params, in, t.z, t.a, scratch[std::size_t(l)]);
    }
}

// The backward pass, given the output layer's dZ: each layer's dL/dz from its dL/da, its gradient into grad, and
// dL/da of the layer before.
template <class T>
void backwardPass(const ParameterLayout& layout, const T* params, const MatrixT<T>& X,
                  std::vector<LayerTraceT<T>>& trace, std::vector<LayerScratch<T>>& scratch, T* grad) {
    const int L = layout.layerCount();
    for (int l = L - 1; l >= 0; --l) {
        LayerTraceT<T>& t = trace[std::size_t(l)];
        if (l < L - 1) activationBackward(layout.layer(l).spec.activation, t.z, t.a, t.dA, t.dZ);  // dZ = f'(z) .* dA
        const MatrixT<T>& in = l == 0 ? X : trace[std::size_t(l) - 1].a;
        layerBackward(layout.layer(l), params, in, t.dZ, grad, l > 0 ? &trace[std::size_t(l) - 1].dA : nullptr,
                      scratch[std::size_t(l)]);
    }
}
}  // namespace

Network::Network(const NetworkSpec& spec) : m_spec(spec), m_layout(spec) {
    if (const std::string err = spec.validate(); !err.empty()) throw NetworkError(err);
    const Index n = m_layout.size();
    m_params = Vector::Zero(n);
    m_grads = Vector::Zero(n);
    m_weightMask = Vector::Zero(n);
    for (int l = 0; l < layerCount(); ++l)
        m_weightMask.segment(weightOffset(l), Index(weightRows(l)) * weightCols(l)).setOnes();
    m_trace.layers.resize(spec.layers.size());
    m_smallDense = SmallDense::applies(spec, m_layout);
}

bool Network::isBias(Index p) const { return m_weightMask(p) == 0; }

Eigen::VectorXf& Network::floatParams() {
    syncFloatParams();
    m_doubleParamsStale = true;  // the caller (the optimizer) writes them
    return m_float.params;
}

void Network::syncFloatParams() {
    if (m_floatParamsStale) m_float.params = m_params.cast<float>();
    m_floatParamsStale = false;
}

const Matrix& Network::forward(const Matrix& X) {
    checkBatch(X, nullptr);
    forwardPass(m_layout, params().data(), X, m_trace.layers, m_scratch, true);
    return m_trace.layers.back().a;
}

Matrix Network::predict(const Matrix& X) const {
    checkBatch(X, nullptr);
    // Blocks of columns, so that each layer's z and a stay in the cache: a 256 x 256 boundary grid through 16 units is
    // 8 MB per layer, and streaming that through memory for every step of every layer cost more than the arithmetic.
    // Each column is computed by the same operations either way.
    std::vector<LayerTraceT<Scalar>> trace;
    std::vector<LayerScratch<Scalar>> scratch;
    if (X.cols() <= kPredictBlock) {
        forwardPass(m_layout, params().data(), X, trace, scratch, false);
        return std::move(trace.back().a);
    }
    Matrix out(m_spec.outputs(), X.cols()), block;
    for (Index c = 0; c < X.cols(); c += kPredictBlock) {
        const Index n = std::min(kPredictBlock, X.cols() - c);
        block = X.middleCols(c, n);
        forwardPass(m_layout, params().data(), block, trace, scratch, false);
        out.middleCols(c, n) = trace.back().a;
    }
    return out;
}

Matrix Network::predictFloat(const Matrix& X) const { return predictFloat(Eigen::MatrixXf(X.cast<float>())).cast<Scalar>(); }

Eigen::MatrixXf Network::predictFloat(const Eigen::MatrixXf& X) const {
    checkShape(X.rows(), X.cols());
    // The float parameters themselves while they are the master copy (training in float), else rounded from double.
    const Eigen::VectorXf rounded = m_floatParamsStale ? Eigen::VectorXf(m_params.cast<float>()) : Eigen::VectorXf();
    const Eigen::VectorXf& params = m_floatParamsStale ? rounded : m_float.params;
    Eigen::MatrixXf out(m_spec.outputs(), X.cols());
    if (m_smallDense) {  // blocks of columns read and written in place, through the fused pass's buffers
        SmallDense pass;
        for (Index c = 0; c < X.cols(); c += kPredictBlock) {
            const Index n = std::min(kPredictBlock, X.cols() - c);
            pass.forward(m_layout, params.data(), X.data() + c * X.rows(), n, out.data() + c * out.rows());
        }
        return out;
    }
    std::vector<LayerTraceT<float>> trace;
    std::vector<LayerScratch<float>> scratch;
    Eigen::MatrixXf block;
    for (Index c = 0; c < X.cols(); c += kPredictBlock) {  // blocks, as predict()
        const Index n = std::min(kPredictBlock, X.cols() - c);
        block = X.middleCols(c, n);
        forwardPass(m_layout, params.data(), block, trace, scratch, false);
        out.middleCols(c, n) = trace.back().a;
    }
    return out;
}

void Network::checkShape(Index rows, Index cols, Index targetRows, Index targetCols) const {
    if (rows != m_spec.inputs)
        throw NetworkError("the data has " + std::to_string(rows) + " input features but the network expects " +
                           std::to_string(m_spec.inputs));
    if (targetRows >= 0 && (targetRows != m_spec.outputs() || targetCols != cols))
        throw NetworkError("the targets are " + std::to_string(targetRows) + " x " + std::to_string(targetCols) +
                           " but the network needs " + std::to_string(m_spec.outputs()) + " x " + std::to_string(cols));
}

Scalar Network::loss(const Matrix& X, const Matrix& Y) const {
    checkBatch(X, &Y);
    if (X.cols() == 0) return 0;
    std::vector<LayerTraceT<Scalar>> trace;
    std::vector<LayerScratch<Scalar>> scratch;
    forwardPass(m_layout, params().data(), X, trace, scratch, false);
    return lossValue(m_spec.loss, m_spec.outputActivation(), trace.back().z, trace.back().a, Y);
}

Scalar Network::predictWithLoss(const Matrix& X, const Matrix& Y, Matrix& out) const {
    checkBatch(X, &Y);
    out.resize(m_spec.outputs(), X.cols());
    if (X.cols() == 0) return 0;
    if (X.cols() <= kPredictBlock) {  // one block: the same numbers as predict() and loss()
        std::vector<LayerTraceT<Scalar>> trace;
        std::vector<LayerScratch<Scalar>> scratch;
        forwardPass(m_layout, params().data(), X, trace, scratch, false);
        out = trace.back().a;
        return lossValue(m_spec.loss, m_spec.outputActivation(), trace.back().z, trace.back().a, Y);
    }
    // Blocks of columns, as predict(); the loss is the mean of the per-sample losses of every block.
    std::vector<LayerTraceT<Scalar>> trace;
    std::vector<LayerScratch<Scalar>> scratch;
    Matrix block, targets;
    RowVector per;
    Scalar sum = 0;
    for (Index c = 0; c < X.cols(); c += kPredictBlock) {
        const Index n = std::min(kPredictBlock, X.cols() - c);
        block = X.middleCols(c, n);
        targets = Y.middleCols(c, n);
        forwardPass(m_layout, params().data(), block, trace, scratch, false);
        out.middleCols(c, n) = trace.back().a;
        lossPerSample(m_spec.loss, m_spec.outputActivation(), trace.back().z, trace.back().a, targets, per);
        sum += per.sum();
    }
    return sum / Scalar(X.cols());
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
    m_float.X = X.cast<float>();
    m_float.Y = Y.cast<float>();
    return lossAndGradientFloatChecked(m_float.X, m_float.Y);
}

Scalar Network::lossAndGradientFloat(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y) {
    checkShape(X.rows(), X.cols(), Y.rows(), Y.cols());
    return lossAndGradientFloatChecked(X, Y);
}

Scalar Network::sgdStepFloat(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y, float rate) {
    checkShape(X.rows(), X.cols(), Y.rows(), Y.cols());
    const Scalar loss = lossAndGradientFloatChecked(X, Y);
    floatParams() -= rate * m_float.grads;  // as Optimizer::step's SGD rule
    return loss;
}

Scalar Network::lossAndGradientFloatChecked(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y) {
    FloatWork& w = m_float;
    syncFloatParams();
    w.grads.resize(w.params.size());
    if (m_smallDense) {
        m_doubleGradsStale = true;
        return m_small.lossAndGradient(m_spec, m_layout, w.params.data(), X.data(), Y.data(), X.cols(), w.grads.data());
    }
    forwardPass(m_layout, w.params.data(), X, w.layers, w.scratch, false);
    // The loss and the output's dL/dz by the same functions as lossAndGradient, in float.
    LayerTraceT<float>& out = w.layers.back();
    lossPerSample(m_spec.loss, m_spec.outputActivation(), out.z, out.a, Y, w.sampleLoss);
    const Scalar loss = X.cols() ? Scalar(w.sampleLoss.mean()) : 0;
    if (hasFusedGradient(m_spec.loss, m_spec.outputActivation())) {
        fusedGradientZ(m_spec.loss, out.a, Y, out.dZ);
    } else {
        lossGradientA(m_spec.loss, out.a, Y, out.dA);
        activationBackward(m_spec.outputActivation(), out.z, out.a, out.dA, out.dZ);
    }
    backwardPass(m_layout, w.params.data(), X, w.layers, w.scratch, w.grads.data());
    m_doubleGradsStale = true;
    return loss;
}

void Network::backward(const Matrix& Y) {
    LayerTrace& out = m_trace.layers.back();
    lossGradientA(m_spec.loss, out.a, Y, out.dA);  // dL/da of the output, shown by the stepper
    if (hasFusedGradient(m_spec.loss, m_spec.outputActivation()))
        fusedGradientZ(m_spec.loss, out.a, Y, out.dZ);  // exact and finite even when a saturates
    else activationBackward(m_spec.outputActivation(), out.z, out.a, out.dA, out.dZ);
    m_doubleGradsStale = false;  // grads() is written here
    backwardPass(m_layout, params().data(), m_trace.layers.front().input, m_trace.layers, m_scratch, m_grads.data());
}

}  // namespace engine
