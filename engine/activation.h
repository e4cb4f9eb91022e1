// Activation functions as a plain enum with apply and derivative functions, so a lesson can show exactly this code.
// Element-wise functions act per entry; Softmax acts per column (one column per sample).
#pragma once
#include "engine/types.h"
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

enum class Activation { Step, Identity, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, Softplus, Sine, Softmax };

constexpr Scalar kLeakyReluSlope = 0.01;  // PyTorch's LeakyReLU default negative_slope
constexpr Scalar kEluAlpha = 1.0;         // PyTorch's ELU default alpha

// Scalar forms (not Softmax).
Scalar activate(Activation f, Scalar z);
// df/dz at z, with a = f(z) given so sigmoid and tanh reuse it. Step's derivative is 0 everywhere (undefined at 0).
Scalar activationDerivative(Activation f, Scalar z, Scalar a);

// Batch forms: A = f(Z). For Softmax, column-wise with the max subtracted first (stable).
void activate(Activation f, const Matrix& Z, Matrix& A);
// The same in single precision, for pictures only (Network::predictFloat): tanh is Eigen's vectorised float tanh.
void activate(Activation f, const Eigen::MatrixXf& Z, Eigen::MatrixXf& A);
// dL/dZ from dL/dA. Element-wise: dZ = f'(Z) .* dA. Softmax: dZ_j = a_j (dA_j - sum_k a_k dA_k) per column.
void activationBackward(Activation f, const Matrix& Z, const Matrix& A, const Matrix& dA, Matrix& dZ);
// The same in single precision, for Network::lossAndGradientFloat (the rarer activations go through the double form).
void activationBackward(Activation f, const Eigen::MatrixXf& Z, const Eigen::MatrixXf& A, const Eigen::MatrixXf& dA,
                        Eigen::MatrixXf& dZ);

bool isElementwise(Activation f);
std::string activationName(Activation f);                             // "tanh", "relu", "leaky_relu", ...
std::optional<Activation> activationFromName(std::string_view name);  // inverse of activationName, case-insensitive
std::string activationFormula(Activation f);                          // "1/(1+e^(-z))" etc., for views
const std::vector<Activation>& allActivations();

}  // namespace engine
