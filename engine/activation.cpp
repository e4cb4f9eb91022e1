#include "engine/activation.h"
#include <algorithm>
#include <cctype>
#include <cmath>

namespace engine {

Scalar activate(Activation f, Scalar z) {
    switch (f) {
    case Activation::Step: return z >= 0 ? 1.0 : 0.0;              // Heaviside with H(0) = 1 (Rosenblatt's threshold unit)
    case Activation::Identity: return z;
    case Activation::Sigmoid:                                      // 1/(1+e^-z), written to never overflow
        return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
    case Activation::Tanh: return std::tanh(z);
    case Activation::ReLU: return z > 0 ? z : 0.0;
    case Activation::LeakyReLU: return z > 0 ? z : kLeakyReluSlope * z;
    case Activation::ELU: return z > 0 ? z : kEluAlpha * std::expm1(z);
    case Activation::Softplus: return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));  // log(1+e^z)
    case Activation::Sine: return std::sin(z);
    case Activation::Softmax: return 1.0;  // a single-unit softmax is the constant 1
    }
    return z;
}

Scalar activationDerivative(Activation f, Scalar z, Scalar a) {
    switch (f) {
    case Activation::Step: return 0.0;
    case Activation::Identity: return 1.0;
    case Activation::Sigmoid: return a * (1.0 - a);                // s'(z) = s(z)(1 - s(z))
    case Activation::Tanh: return 1.0 - a * a;                     // tanh'(z) = 1 - tanh^2(z)
    case Activation::ReLU: return z > 0 ? 1.0 : 0.0;               // 0 at z = 0, as PyTorch
    case Activation::LeakyReLU: return z > 0 ? 1.0 : kLeakyReluSlope;
    case Activation::ELU: return z > 0 ? 1.0 : a + kEluAlpha;      // d/dz alpha(e^z - 1) = alpha e^z = a + alpha
    case Activation::Softplus: return activate(Activation::Sigmoid, z);  // d/dz log(1+e^z) = sigmoid(z)
    case Activation::Sine: return std::cos(z);
    case Activation::Softmax: return 0.0;                          // not element-wise: see activationBackward
    }
    return 1.0;
}

bool isElementwise(Activation f) { return f != Activation::Softmax; }

void activate(Activation f, const Matrix& Z, Matrix& A) {
    A.resize(Z.rows(), Z.cols());
    switch (f) {
    case Activation::Identity: A = Z; return;
    case Activation::Tanh: A = Z.array().tanh(); return;
    case Activation::ReLU: A = Z.array().max(0.0); return;
    case Activation::Sigmoid:
        // Same branch-free-of-overflow formula as the scalar form, vectorised: e = e^-|z|.
        A = (Z.array() >= 0).select(1.0 / (1.0 + (-Z.array()).exp()), Z.array().exp() / (1.0 + Z.array().exp()));
        return;
    case Activation::Softmax:
        for (Index c = 0; c < Z.cols(); ++c) {
            const Scalar m = Z.col(c).maxCoeff();                  // softmax(z) = e^(z-m) / sum e^(z-m)
            A.col(c) = (Z.col(c).array() - m).exp();
            A.col(c) /= A.col(c).sum();
        }
        return;
    default:
        A = Z.unaryExpr([f](Scalar z) { return activate(f, z); });
        return;
    }
}

void activationBackward(Activation f, const Matrix& Z, const Matrix& A, const Matrix& dA, Matrix& dZ) {
    dZ.resize(Z.rows(), Z.cols());
    switch (f) {
    case Activation::Identity: dZ = dA; return;
    case Activation::Tanh: dZ = dA.array() * (1.0 - A.array().square()); return;
    case Activation::Sigmoid: dZ = dA.array() * A.array() * (1.0 - A.array()); return;
    case Activation::ReLU: dZ = (Z.array() > 0).select(dA, 0.0); return;
    case Activation::Softmax:
        // Jacobian-vector product: da_j/dz_i = a_j (delta_ij - a_i)  =>  dz_i = a_i (dA_i - sum_j a_j dA_j)
        for (Index c = 0; c < Z.cols(); ++c) {
            const Scalar s = A.col(c).dot(dA.col(c));
            dZ.col(c) = A.col(c).array() * (dA.col(c).array() - s);
        }
        return;
    default:
        for (Index c = 0; c < Z.cols(); ++c)
            for (Index r = 0; r < Z.rows(); ++r) dZ(r, c) = dA(r, c) * activationDerivative(f, Z(r, c), A(r, c));
        return;
    }
}

std::string activationName(Activation f) {
    switch (f) {
    case Activation::Step: return "step";
    case Activation::Identity: return "identity";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Tanh: return "tanh";
    case Activation::ReLU: return "relu";
    case Activation::LeakyReLU: return "leaky_relu";
    case Activation::ELU: return "elu";
    case Activation::Softplus: return "softplus";
    case Activation::Sine: return "sine";
    case Activation::Softmax: return "softmax";
    }
    return "?";
}

std::optional<Activation> activationFromName(std::string_view name) {
    std::string n(name);
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::replace(n.begin(), n.end(), '-', '_');
    if (n == "linear") n = "identity";
    if (n == "sin") n = "sine";
    if (n == "leakyrelu" || n == "lrelu") n = "leaky_relu";
    if (n == "threshold" || n == "heaviside") n = "step";
    for (Activation f : allActivations())
        if (activationName(f) == n) return f;
    return std::nullopt;
}

std::string activationFormula(Activation f) {
    switch (f) {
    case Activation::Step: return "a = 1 if z >= 0, else 0";
    case Activation::Identity: return "a = z";
    case Activation::Sigmoid: return "a = 1/(1+e^(-z))";
    case Activation::Tanh: return "a = tanh(z)";
    case Activation::ReLU: return "a = max(0, z)";
    case Activation::LeakyReLU: return "a = z if z > 0, else 0.01 z";
    case Activation::ELU: return "a = z if z > 0, else e^z - 1";
    case Activation::Softplus: return "a = ln(1 + e^z)";
    case Activation::Sine: return "a = sin(z)";
    case Activation::Softmax: return "a_i = e^(z_i) / sum_j e^(z_j)";
    }
    return "";
}

const std::vector<Activation>& allActivations() {
    static const std::vector<Activation> all{Activation::Step,      Activation::Identity, Activation::Sigmoid,
                                             Activation::Tanh,      Activation::ReLU,     Activation::LeakyReLU,
                                             Activation::ELU,       Activation::Softplus, Activation::Sine,
                                             Activation::Softmax};
    return all;
}

}  // namespace engine
