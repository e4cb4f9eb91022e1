// Optimizers over the flat parameter vector, each update rule and default exactly as PyTorch's torch.optim
// (formulas in engine/README.md). State is sized to the flat vector; the step counter advances once per step.
// The learning rate (and every hyper-parameter) may change between steps without losing the state.
#pragma once
#include "engine/types.h"
#include <optional>
#include <vector>
#include <string>

namespace engine {

enum class OptimizerKind { SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam, NAdam };

struct OptimizerSettings {
    OptimizerKind kind = OptimizerKind::SGD;
    double learningRate = 0.03;
    double momentum = 0.9;  // Momentum, Nesterov (PyTorch SGD momentum; dampening 0)
    double beta1 = 0.9;     // Adam, NAdam
    double beta2 = 0.999;   // Adam, NAdam
    double epsilon = 1e-8;  // Adam, NAdam, RMSProp (AdaGrad uses its own default 1e-10, see below)
    double alpha = 0.99;    // RMSProp smoothing constant
    double adagradEpsilon = 1e-10;
    double momentumDecay = 4e-3;  // NAdam psi
    bool operator==(const OptimizerSettings&) const = default;

    // PyTorch's default learning rate for each kind (SGD has none; we use 0.03 as TF Playground).
    static double defaultLearningRate(OptimizerKind k);
};

class Optimizer {
public:
    Optimizer() = default;
    explicit Optimizer(const OptimizerSettings& s) : m_settings(s) {}

    const OptimizerSettings& settings() const { return m_settings; }
    // Changes hyper-parameters, keeping the state (moments, step count). Changing the kind resets the state.
    void setSettings(const OptimizerSettings& s);
    void setLearningRate(double lr) { m_settings.learningRate = lr; }

    // One update: params -= f(grads). Sizes the state on first use or after the size changed.
    void step(Vector& params, const Vector& grads);
    // The same rule in single precision, for training in float (PyTorch's default): the state is then kept in float
    // too, and first()/second() read it back in double. Moving between the two converts the state once.
    void step(Eigen::VectorXf& params, const Eigen::VectorXf& grads);
    void reset();  // forget moments and the step count
    // For a caller that takes a plain SGD step itself (Network::sgdStepFloat, the trainer's shortest path): when the
    // rule is plain SGD, counts the step as step() would, in float, and returns the learning rate step() would use.
    std::optional<float> plainSgdRate(Index parameters);

    long long stepCount() const { return m_t; }
    // State, for the step-through view and the project file: meaning depends on the kind
    // (Momentum/Nesterov: buf in first; AdaGrad: sum in second; RMSProp: square_avg in second;
    //  Adam/NAdam: exp_avg in first, exp_avg_sq in second; NAdam: mu_product in muProduct).
    // Once stepped, both vectors have the parameter count for every kind; one the kind does not use stays zero.
    const Vector& first() const;
    const Vector& second() const;
    double muProduct() const { return m_muProduct; }
    void setState(long long t, const Vector& first, const Vector& second, double muProduct);

private:
    template <class T> void stepIn(VectorT<T>& params, const VectorT<T>& grads, VectorT<T>& first, VectorT<T>& second);
    void useFloatState(bool useFloat);  // converts the state to the precision of the next step
    template <class T> void countStep(Index n, VectorT<T>& first, VectorT<T>& second);  // sizes the state; ++t

    OptimizerSettings m_settings;
    mutable Vector m_first, m_second;    // the state in double (read back from the float state when that is in use)
    Eigen::VectorXf m_firstF, m_secondF;  // the state while the steps are in float
    bool m_floatState = false;
    long long m_t = 0;
    double m_muProduct = 1.0;
};

std::string optimizerName(OptimizerKind k);  // "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "nadam"
std::optional<OptimizerKind> optimizerFromName(const std::string& name);
std::string optimizerLabel(OptimizerKind k);  // "SGD", "Momentum", ..., "Adam": as people write them
const std::vector<OptimizerKind>& allOptimizers();

}  // namespace engine
