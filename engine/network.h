// A feed-forward network of typed layers (layer_spec.h). All parameters live in one flat vector (per layer W then b,
// laid out by ParameterLayout); gradients in a second flat vector of the same layout. Forward and backward keep a
// per-layer trace (input, z, a, dL/da, dL/dz) that the step-through views read; z is never overwritten by dz. The
// arithmetic is layers.h's, in double here (lossAndGradient, the trace) or float (lossAndGradientFloat, training).
#pragma once
#include "engine/activation.h"
#include "engine/layer_spec.h"
#include "engine/layers.h"
#include "engine/loss.h"
#include "engine/param_layout.h"
#include "engine/small_dense.h"
#include "engine/types.h"
#include <Eigen/Core>
#include <stdexcept>
#include <string>
#include <vector>

namespace engine {

// Thrown for a spec that cannot be built (bad sizes, too many parameters for memory).
struct NetworkError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <class T> struct LayerTraceT {
    MatrixT<T> input;  // a of the previous layer (or X), in_l x N
    MatrixT<T> z;      // W a_prev + b (or the convolution, the pooling), out_l x N
    MatrixT<T> a;      // f(z)
    MatrixT<T> dA;     // dL/da
    MatrixT<T> dZ;     // dL/dz (the delta)
};
using LayerTrace = LayerTraceT<Scalar>;

struct Trace {
    std::vector<LayerTrace> layers;
    RowVector sampleLoss;  // per-sample loss, 1 x N
    Scalar loss = 0;       // mean loss (without regularisation)
};

class Network {
public:
    using MatrixMap = Eigen::Map<Matrix>;
    using ConstMatrixMap = Eigen::Map<const Matrix>;
    using VectorMap = Eigen::Map<Vector>;
    using ConstVectorMap = Eigen::Map<const Vector>;

    Network() = default;
    explicit Network(const NetworkSpec& spec);  // parameters start at zero; throws NetworkError

    const NetworkSpec& spec() const { return m_spec; }
    int layerCount() const { return int(m_spec.layers.size()); }
    const ParameterLayout& layout() const { return m_layout; }
    LayerKind layerKind(int l) const { return m_layout.kind(l); }
    // Values per sample into and out of layer l (a dense layer: its inputs and units; a convolution: C x H x W).
    int layerInputs(int l) const { return int(m_layout.inputSize(l)); }
    int layerUnits(int l) const { return int(m_layout.outputSize(l)); }
    // W(l)'s shape: dense, units x inputs; conv, out-channels x (in-channels k^2); pooling and flatten, 0 x 0.
    int weightRows(int l) const { return m_layout.units(l); }
    int weightCols(int l) const { return m_layout.inputs(l); }
    Index parameterCount() const { return m_params.size(); }

    // The parameters and their gradients in double. Training in float changes a float copy instead (floatParams(),
    // floatGrads()); these read it back when asked, so a caller always sees the current values. A non-const
    // params() may be written: the float copy is then taken afresh at the next float pass. (Reading back from a
    // const method is why one Network is used by one thread at a time: the training thread's rule.)
    Vector& params() {
        syncParams();
        m_floatParamsStale = true;
        return m_params;
    }
    const Vector& params() const {
        syncParams();
        return m_params;
    }
    Vector& grads() {
        syncGrads();
        return m_grads;
    }
    const Vector& grads() const {
        syncGrads();
        return m_grads;
    }
    // Training in single precision, as PyTorch trains: the float parameters the optimizer steps (the master copy
    // while training in float), and the gradient of the last lossAndGradientFloat in float.
    Eigen::VectorXf& floatParams();
    Eigen::VectorXf& floatGrads() { return m_float.grads; }
    // Parameters held at exact values (the trainer's frozen ones, where trainable is 0): params() reads them back as
    // these doubles, not as their float roundings, so a frozen weight of 0.2 stays 0.2. Empty vectors: none.
    void holdExactly(const Vector& trainable, const Vector& held) {
        syncParams();
        m_holdMask = trainable;
        m_holdValues = held;
    }

    // Views into the flat vectors. Offsets: weightOffset(l) is W's first index, biasOffset(l) b's.
    MatrixMap W(int l) { return MatrixMap(params().data() + weightOffset(l), weightRows(l), weightCols(l)); }
    ConstMatrixMap W(int l) const {
        return ConstMatrixMap(params().data() + weightOffset(l), weightRows(l), weightCols(l));
    }
    VectorMap b(int l) { return VectorMap(params().data() + biasOffset(l), weightRows(l)); }
    ConstVectorMap b(int l) const { return ConstVectorMap(params().data() + biasOffset(l), weightRows(l)); }
    MatrixMap gradW(int l) { return MatrixMap(grads().data() + weightOffset(l), weightRows(l), weightCols(l)); }
    VectorMap gradB(int l) { return VectorMap(grads().data() + biasOffset(l), weightRows(l)); }
    ConstMatrixMap gradW(int l) const {
        return ConstMatrixMap(grads().data() + weightOffset(l), weightRows(l), weightCols(l));
    }
    ConstVectorMap gradB(int l) const { return ConstVectorMap(grads().data() + biasOffset(l), weightRows(l)); }
    Index weightOffset(int l) const { return m_layout.weightOffset(l); }
    Index biasOffset(int l) const { return m_layout.biasOffset(l); }
    // Index of W_l(j, i) (row j, column i; for a dense layer unit j, input i) in the flat vector.
    Index weightIndex(int l, int j, int i) const { return m_layout.weightIndex(l, j, i); }
    // Which layer a flat index belongs to, and whether it is a bias.
    int layerOf(Index p) const { return m_layout.layerOf(p); }
    bool isBias(Index p) const;
    // 1 for weights, 0 for biases: regularisation applies to weights only.
    const Vector& weightMask() const { return m_weightMask; }

    // Forward pass; the result is the output activation (outputs x N).
    const Matrix& forward(const Matrix& X);
    // A forward pass that keeps nothing (for the decision boundary and metrics); thread-safe on a const network.
    Matrix predict(const Matrix& X) const;
    // predict() in single precision (weights rounded to float): for pictures such as the decision boundary, where
    // 1e-6 does not show and the float pass costs about a third. Never for numbers a view prints.
    Matrix predictFloat(const Matrix& X) const;
    // The same from float inputs to float outputs (a picture prepares its inputs once and colours floats).
    Eigen::MatrixXf predictFloat(const Eigen::MatrixXf& X) const;
    // Mean loss of the batch, forward only.
    Scalar loss(const Matrix& X, const Matrix& Y) const;
    // predict() and loss() from one forward pass (the metrics of every snapshot): out receives the outputs.
    Scalar predictWithLoss(const Matrix& X, const Matrix& Y, Matrix& out) const;
    // Forward + backward: fills grads() with dL/dtheta of the mean batch loss and returns that loss.
    Scalar lossAndGradient(const Matrix& X, const Matrix& Y);
    // The same in single precision, as PyTorch trains: the layers, the loss and its gradient in float, from the float
    // parameters (floatParams()) into floatGrads(). Nothing goes into the trace (the step-through views use
    // lossAndGradient()); grads() reads the float gradient back when asked. Returns the batch loss.
    Scalar lossAndGradientFloat(const Matrix& X, const Matrix& Y);
    // The same from inputs and targets already in float (the trainer keeps float copies of its data): the same
    // numbers as lossAndGradientFloat(X, Y) for these values in double, without converting the batch every update.
    Scalar lossAndGradientFloat(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y);
    // lossAndGradientFloat, then the plain SGD step floatParams() -= rate * floatGrads(), with the same numbers as
    // Optimizer::step: for tiny networks the trainer's calls around the step cost as much as the step itself.
    Scalar sgdStepFloat(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y, float rate);
    // The trace of the last forward (and backward, if lossAndGradient ran).
    const Trace& trace() const { return m_trace; }

private:
    void backward(const Matrix& Y);
    // Throws NetworkError naming the mismatch when X (and Y) do not fit the network.
    void checkBatch(const Matrix& X, const Matrix* Y) const {
        checkShape(X.rows(), X.cols(), Y ? Y->rows() : -1, Y ? Y->cols() : -1);
    }
    void checkShape(Index rows, Index cols, Index targetRows = -1, Index targetCols = -1) const;
    Scalar lossAndGradientFloatChecked(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y);
    // Brings the double copies up to date after float training changed the float ones.
    void syncParams() const {
        if (!m_doubleParamsStale) return;
        if (m_holdMask.size()) m_params = (m_holdMask.array() != 0).select(m_float.params.cast<Scalar>(), m_holdValues);
        else m_params = m_float.params.cast<Scalar>();
        m_doubleParamsStale = false;
    }
    void syncGrads() const {
        if (m_doubleGradsStale) m_grads = m_float.grads.cast<Scalar>();
        m_doubleGradsStale = false;
    }
    void syncFloatParams();  // the float parameters from the double ones, after these were written

    // lossAndGradientFloat's buffers, kept so that an update allocates nothing once they have their size.
    struct FloatWork {
        Eigen::VectorXf params, grads;
        std::vector<LayerTraceT<float>> layers;
        std::vector<LayerScratch<float>> scratch;
        Eigen::MatrixXf X, Y;
        RowVectorT<float> sampleLoss;
    };

    NetworkSpec m_spec;
    ParameterLayout m_layout{NetworkSpec{}};
    FloatWork m_float;
    mutable Vector m_params, m_grads;  // mutable: a const read may bring them up to date from the float copies
    Vector m_weightMask, m_holdMask, m_holdValues;
    mutable bool m_doubleParamsStale = false, m_doubleGradsStale = false;
    bool m_floatParamsStale = true;
    std::vector<LayerScratch<Scalar>> m_scratch;
    Trace m_trace;
    // Small dense networks train in float through one fused pass (engine/small_dense.h) instead of layer by layer.
    bool m_smallDense = false;
    SmallDense m_small;
};

}  // namespace engine
