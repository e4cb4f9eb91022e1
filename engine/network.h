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

    Vector& params() { return m_params; }
    const Vector& params() const { return m_params; }
    Vector& grads() { return m_grads; }
    const Vector& grads() const { return m_grads; }

    // Views into the flat vectors. Offsets: weightOffset(l) is W's first index, biasOffset(l) b's.
    MatrixMap W(int l) { return MatrixMap(m_params.data() + weightOffset(l), weightRows(l), weightCols(l)); }
    ConstMatrixMap W(int l) const {
        return ConstMatrixMap(m_params.data() + weightOffset(l), weightRows(l), weightCols(l));
    }
    VectorMap b(int l) { return VectorMap(m_params.data() + biasOffset(l), weightRows(l)); }
    ConstVectorMap b(int l) const { return ConstVectorMap(m_params.data() + biasOffset(l), weightRows(l)); }
    MatrixMap gradW(int l) { return MatrixMap(m_grads.data() + weightOffset(l), weightRows(l), weightCols(l)); }
    VectorMap gradB(int l) { return VectorMap(m_grads.data() + biasOffset(l), weightRows(l)); }
    ConstMatrixMap gradW(int l) const {
        return ConstMatrixMap(m_grads.data() + weightOffset(l), weightRows(l), weightCols(l));
    }
    ConstVectorMap gradB(int l) const { return ConstVectorMap(m_grads.data() + biasOffset(l), weightRows(l)); }
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
    // Mean loss of the batch, forward only.
    Scalar loss(const Matrix& X, const Matrix& Y) const;
    // Forward + backward: fills grads() with dL/dtheta of the mean batch loss and returns that loss.
    Scalar lossAndGradient(const Matrix& X, const Matrix& Y);
    // The same with the matrix products in single precision (weights, inputs and activations rounded to float;
    // the loss, grads() and the optimizer stay double): about twice the speed for wide layers. The trace then holds
    // only the loss and the per-sample loss; the step-through views use lossAndGradient().
    Scalar lossAndGradientFloat(const Matrix& X, const Matrix& Y);
    // The same from inputs already in float (the trainer keeps a float copy of its inputs): the same numbers as
    // lossAndGradientFloat(X) for X = these values in double, without converting the batch every update.
    Scalar lossAndGradientFloat(const Eigen::MatrixXf& X, const Matrix& Y);
    // The trace of the last forward (and backward, if lossAndGradient ran).
    const Trace& trace() const { return m_trace; }

private:
    void backward(const Matrix& Y);
    // Throws NetworkError naming the mismatch when X (and Y) do not fit the network.
    void checkBatch(const Matrix& X, const Matrix* Y) const { checkShape(X.rows(), X.cols(), Y); }
    void checkShape(Index rows, Index cols, const Matrix* Y) const;
    Scalar lossAndGradientFloatChecked(const Eigen::MatrixXf& X, const Matrix& Y);

    // lossAndGradientFloat's buffers, kept so that an update allocates nothing once they have their size.
    struct FloatWork {
        Eigen::VectorXf params, grads;
        std::vector<LayerTraceT<float>> layers;
        std::vector<LayerScratch<float>> scratch;
        Eigen::MatrixXf X;
        Matrix zOut, aOut, dAOut, dZOut;  // the output layer in double, for the loss and its gradient
    };

    NetworkSpec m_spec;
    ParameterLayout m_layout{NetworkSpec{}};
    FloatWork m_float;
    Vector m_params, m_grads, m_weightMask;
    std::vector<LayerScratch<Scalar>> m_scratch;
    Trace m_trace;
};

}  // namespace engine
