// A fully connected feed-forward network. All parameters live in one flat vector (per layer: W then b, W column-major
// [units x inputs]); gradients in a second flat vector of the same layout. Forward and backward keep a per-layer trace
// (input, z, a, dL/da, dL/dz) that the step-through views read; z is never overwritten by dz.
#pragma once
#include "engine/activation.h"
#include "engine/loss.h"
#include "engine/types.h"
#include <Eigen/Core>
#include <stdexcept>
#include <string>
#include <vector>

namespace engine {

struct LayerSpec {
    int units = 1;
    Activation activation = Activation::Tanh;
    bool operator==(const LayerSpec&) const = default;
};

struct NetworkSpec {
    int inputs = 2;
    std::vector<LayerSpec> layers;  // hidden layers then the output layer (at least one)
    Loss loss = Loss::MSE;
    bool operator==(const NetworkSpec&) const = default;

    int outputs() const { return layers.empty() ? 0 : layers.back().units; }
    Activation outputActivation() const { return layers.empty() ? Activation::Identity : layers.back().activation; }
    Index parameterCount() const;
    // Empty when the spec can be built; otherwise a sentence naming the problem.
    std::string validate() const;
    // "2-4-1 tanh, sigmoid out, mse"
    std::string describe() const;
};

// Thrown for a spec that cannot be built (bad sizes, too many parameters for memory).
struct NetworkError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct LayerTrace {
    Matrix input;  // a of the previous layer (or X), in_l x N
    Matrix z;      // W a_prev + b,              units x N
    Matrix a;      // f(z)
    Matrix dA;     // dL/da
    Matrix dZ;     // dL/dz (the delta)
};

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
    int layerInputs(int l) const { return l == 0 ? m_spec.inputs : m_spec.layers[l - 1].units; }
    int layerUnits(int l) const { return m_spec.layers[l].units; }
    Index parameterCount() const { return m_params.size(); }

    Vector& params() { return m_params; }
    const Vector& params() const { return m_params; }
    Vector& grads() { return m_grads; }
    const Vector& grads() const { return m_grads; }

    // Views into the flat vectors. Offsets: weightOffset(l) is W's first index, biasOffset(l) b's.
    MatrixMap W(int l) { return MatrixMap(m_params.data() + m_wOff[l], layerUnits(l), layerInputs(l)); }
    ConstMatrixMap W(int l) const { return ConstMatrixMap(m_params.data() + m_wOff[l], layerUnits(l), layerInputs(l)); }
    VectorMap b(int l) { return VectorMap(m_params.data() + m_bOff[l], layerUnits(l)); }
    ConstVectorMap b(int l) const { return ConstVectorMap(m_params.data() + m_bOff[l], layerUnits(l)); }
    MatrixMap gradW(int l) { return MatrixMap(m_grads.data() + m_wOff[l], layerUnits(l), layerInputs(l)); }
    VectorMap gradB(int l) { return VectorMap(m_grads.data() + m_bOff[l], layerUnits(l)); }
    ConstMatrixMap gradW(int l) const {
        return ConstMatrixMap(m_grads.data() + m_wOff[l], layerUnits(l), layerInputs(l));
    }
    ConstVectorMap gradB(int l) const { return ConstVectorMap(m_grads.data() + m_bOff[l], layerUnits(l)); }
    Index weightOffset(int l) const { return m_wOff[l]; }
    Index biasOffset(int l) const { return m_bOff[l]; }
    // Index of W_l(j, i) (unit j, input i) in the flat vector.
    Index weightIndex(int l, int j, int i) const { return m_wOff[l] + Index(i) * layerUnits(l) + j; }
    // Which layer a flat index belongs to, and whether it is a bias.
    int layerOf(Index p) const;
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
    // The trace of the last forward (and backward, if lossAndGradient ran).
    const Trace& trace() const { return m_trace; }

private:
    void backward(const Matrix& Y);
    // predict() on a block of columns: the output in a; a and z are reused buffers.
    template <typename Input> void predictBlock(const Input& X, Matrix& a, Matrix& z) const;
    // Throws NetworkError naming the mismatch when X (and Y) do not fit the network.
    void checkBatch(const Matrix& X, const Matrix* Y) const;

    // lossAndGradientFloat's buffers, kept so that an update allocates nothing once they have their size.
    struct FloatLayer {
        Eigen::MatrixXf W, z, a, dA, dZ;
        Eigen::VectorXf b;
    };
    struct FloatWork {
        std::vector<FloatLayer> layers;
        Eigen::MatrixXf X;
        Matrix zOut, aOut, dAOut, dZOut;  // the output layer in double, for the loss and its gradient
    };

    NetworkSpec m_spec;
    FloatWork m_float;
    Vector m_params, m_grads, m_weightMask;
    std::vector<Index> m_wOff, m_bOff;
    Trace m_trace;
};

}  // namespace engine
