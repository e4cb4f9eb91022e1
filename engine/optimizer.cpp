#include "engine/optimizer.h"
#include "engine/enum_table.h"
#include <array>
#include <cassert>
#include <cmath>
#include <string_view>

// Every update rule below follows PyTorch's torch.optim: the algorithm boxes of the class docs
// (https://pytorch.org/docs/stable/generated/torch.optim.<Class>.html) and the non-foreach, non-fused code path
// `_single_tensor_<name>` in torch/optim/<name>.py. Weight decay is not here: the trainer adds L1/L2 to the gradient
// before calling step(), exactly where PyTorch's `weight_decay` would add lambda*theta.
// Every expression writes coefficient-wise into params or the member vectors, so a step allocates nothing once the
// state is sized.

namespace engine {
namespace {

// NAdam's momentum schedule (Dozat 2016, as torch.optim.NAdam): mu_t = beta1 * (1 - 0.5 * 0.96^(t * psi))
double nadamMu(double beta1, double psi, long long t) { return beta1 * (1.0 - 0.5 * std::pow(0.96, double(t) * psi)); }

}  // namespace

double OptimizerSettings::defaultLearningRate(OptimizerKind k) {
    switch (k) {
    case OptimizerKind::SGD:
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov:
        return 0.03;  // torch.optim.SGD has no default lr: 0.03 is our choice (TF Playground's)
    case OptimizerKind::AdaGrad: return 0.01;  // torch.optim.Adagrad lr=1e-2
    case OptimizerKind::RMSProp: return 0.01;  // torch.optim.RMSprop lr=1e-2
    case OptimizerKind::Adam: return 0.001;    // torch.optim.Adam lr=1e-3
    case OptimizerKind::NAdam: return 0.002;   // torch.optim.NAdam lr=2e-3
    }
    return 0.03;
}

void Optimizer::setSettings(const OptimizerSettings& s) {
    const bool kindChanged = s.kind != m_settings.kind;
    m_settings = s;
    if (kindChanged) reset();  // one kind's moments mean nothing to another
}

void Optimizer::reset() {
    // Keep the allocation: the next step() overwrites zeros, as PyTorch's fresh state (torch.zeros_like) would be.
    m_first.setZero();
    m_second.setZero();
    m_firstF.setZero();
    m_secondF.setZero();
    m_t = 0;
    m_muProduct = 1.0;  // NAdam: state['mu_product'] starts at 1
}

void Optimizer::setState(long long t, const Vector& first, const Vector& second, double muProduct) {
    m_t = t;
    m_first = first;
    m_second = second;
    m_muProduct = muProduct;
    m_floatState = false;
}

const Vector& Optimizer::first() const {
    if (m_floatState) m_first = m_firstF.cast<Scalar>();
    return m_first;
}

const Vector& Optimizer::second() const {
    if (m_floatState) m_second = m_secondF.cast<Scalar>();
    return m_second;
}

template <class T> void Optimizer::countStep(Index n, VectorT<T>& first, VectorT<T>& second) {
    if (first.size() != n || second.size() != n) {
        // First use, or the network changed shape: the old state belongs to other parameters.
        first.setZero(n);
        second.setZero(n);
        m_t = 0;
        m_muProduct = 1.0;
    }
    ++m_t;  // once per step, for the whole flat vector
}

void Optimizer::useFloatState(bool useFloat) {
    if (useFloat == m_floatState) return;
    if (useFloat) {
        m_firstF = m_first.cast<float>();
        m_secondF = m_second.cast<float>();
    } else {
        m_first = m_firstF.cast<Scalar>();
        m_second = m_secondF.cast<Scalar>();
    }
    m_floatState = useFloat;
}

void Optimizer::step(Vector& params, const Vector& grads) {
    useFloatState(false);
    stepIn(params, grads, m_first, m_second);
}

void Optimizer::step(Eigen::VectorXf& params, const Eigen::VectorXf& grads) {
    useFloatState(true);
    stepIn(params, grads, m_firstF, m_secondF);
}

std::optional<float> Optimizer::plainSgdRate(Index parameters) {
    if (m_settings.kind != OptimizerKind::SGD) return std::nullopt;
    useFloatState(true);
    countStep(parameters, m_firstF, m_secondF);
    return float(m_settings.learningRate);  // as stepIn rounds it
}

// The rules in the parameters' precision T: the hyper-parameters and the bias corrections are computed in double
// and rounded to T once per step.
template <class T>
void Optimizer::stepIn(VectorT<T>& params, const VectorT<T>& grads, VectorT<T>& first, VectorT<T>& second) {
    assert(params.size() == grads.size());
    countStep(params.size(), first, second);
    const double t = double(m_t);
    const OptimizerSettings& s = m_settings;
    const T lr = T(s.learningRate);
    auto p = params.array();
    auto g = grads.array();
    auto m = first.array();
    auto v = second.array();

    switch (s.kind) {
    case OptimizerKind::SGD:
        // theta <- theta - lr * g
        p -= lr * g;
        return;

    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov: {
        // torch.optim.SGD, momentum mu, dampening tau = 0:
        //   b_1 = g_1;  b_t = mu * b_{t-1} + (1 - tau) * g_t  (t > 1)
        // With tau = 0 and b_0 = 0 (fresh or reset state) one formula gives both: b_1 = mu * 0 + g_1 = g_1.
        const T mu = T(s.momentum);
        m = mu * m + g;
        if (s.kind == OptimizerKind::Momentum) p -= lr * m;  // theta <- theta - lr * b_t
        else p -= lr * (g + mu * m);  // Nesterov: g'_t = g_t + mu * b_t; theta <- theta - lr * g'_t
        return;
    }

    case OptimizerKind::AdaGrad:
        // torch.optim.Adagrad, lr_decay 0 (so lr~ = lr), initial_accumulator_value 0:
        //   sum_t = sum_{t-1} + g_t^2;  theta <- theta - lr * g_t / (sqrt(sum_t) + eps)
        v += g.square();
        p -= lr * g / (v.sqrt() + T(s.adagradEpsilon));
        return;

    case OptimizerKind::RMSProp:
        // torch.optim.RMSprop, centered=False, momentum 0:
        //   v_t = alpha * v_{t-1} + (1 - alpha) * g_t^2;  theta <- theta - lr * g_t / (sqrt(v_t) + eps)
        v = T(s.alpha) * v + T(1.0 - s.alpha) * g.square();
        p -= lr * g / (v.sqrt() + T(s.epsilon));
        return;

    case OptimizerKind::Adam: {
        // torch.optim.Adam, amsgrad=False:
        //   m_t = b1 m_{t-1} + (1 - b1) g_t;  v_t = b2 v_{t-1} + (1 - b2) g_t^2
        //   theta <- theta - lr * m^_t / (sqrt(v^_t) + eps), m^_t = m_t / (1 - b1^t), v^_t = v_t / (1 - b2^t)
        // evaluated as PyTorch's _single_tensor_adam does:
        //   step_size = lr / (1 - b1^t);  denom = sqrt(v_t) / sqrt(1 - b2^t) + eps;  theta -= step_size * m_t / denom
        const double b1 = s.beta1, b2 = s.beta2;
        m = T(b1) * m + T(1.0 - b1) * g;
        v = T(b2) * v + T(1.0 - b2) * g.square();
        const T stepSize = T(s.learningRate / (1.0 - std::pow(b1, t)));
        const T bc2Sqrt = T(std::sqrt(1.0 - std::pow(b2, t)));
        p -= stepSize * m / (v.sqrt() / bc2Sqrt + T(s.epsilon));
        return;
    }

    case OptimizerKind::NAdam: {
        // torch.optim.NAdam, momentum_decay psi:
        //   mu_t = b1 (1 - 0.5 * 0.96^(t psi)),  mu_{t+1} = b1 (1 - 0.5 * 0.96^((t+1) psi)),  mu_product *= mu_t
        //   m_t = b1 m_{t-1} + (1 - b1) g_t;  v_t = b2 v_{t-1} + (1 - b2) g_t^2
        //   denom = sqrt(v_t / (1 - b2^t)) + eps
        //   theta -= lr (1 - mu_t) / (1 - mu_product) * g_t / denom
        //          + lr mu_{t+1} / (1 - mu_product * mu_{t+1}) * m_t / denom
        const double b1 = s.beta1, b2 = s.beta2;
        const double mu = nadamMu(b1, s.momentumDecay, m_t);
        const double muNext = nadamMu(b1, s.momentumDecay, m_t + 1);
        m_muProduct *= mu;
        m = T(b1) * m + T(1.0 - b1) * g;
        v = T(b2) * v + T(1.0 - b2) * g.square();
        const T bc2 = T(1.0 - std::pow(b2, t));
        const T gradCoef = T(s.learningRate * (1.0 - mu) / (1.0 - m_muProduct));
        const T avgCoef = T(s.learningRate * muNext / (1.0 - m_muProduct * muNext));
        const T eps = T(s.epsilon);
        // Two subtractions in PyTorch's order (two addcdiv_ calls), so the rounding matches too.
        p = p - gradCoef * g / ((v / bc2).sqrt() + eps) - avgCoef * m / ((v / bc2).sqrt() + eps);
        return;
    }
    }
}

namespace {
const EnumTable<OptimizerKind>& optimizers() {
    using K = OptimizerKind;
    static const EnumTable<K> t{{K::SGD, "sgd", "SGD", ""},
                                {K::Momentum, "momentum", "momentum", ""},
                                {K::Nesterov, "nesterov", "Nesterov", ""},
                                {K::AdaGrad, "adagrad", "AdaGrad", ""},
                                {K::RMSProp, "rmsprop", "RMSProp", ""},
                                {K::Adam, "adam", "Adam", ""},
                                {K::NAdam, "nadam", "NAdam", ""}};
    return t;
}
}  // namespace

std::string optimizerName(OptimizerKind k) { return optimizers().name(k); }
std::string optimizerLabel(OptimizerKind k) { return optimizers().label(k); }
std::optional<OptimizerKind> optimizerFromName(const std::string& name) { return optimizers().fromName(name); }
const std::vector<OptimizerKind>& allOptimizers() { return optimizers().all(); }

}  // namespace engine
