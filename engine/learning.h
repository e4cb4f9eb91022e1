// Learning algorithms beside backprop, each on the flat parameter vector and each counting its cost in forward
// passes over the batch, so a lesson can compare them: finite-difference gradients, random search, and the
// perceptron learning rule for step units. Also the gradient check (backprop against central differences).
#pragma once
#include "engine/network.h"
#include "engine/rng.h"
#include <vector>

namespace engine {

enum class Algorithm { Backprop, FiniteDifference, RandomSearch, PerceptronRule };
std::string algorithmName(Algorithm a);  // "backprop", "finite_difference", "random_search", "perceptron"
std::optional<Algorithm> algorithmFromName(const std::string& name);
const std::vector<Algorithm>& allAlgorithms();

// Central differences on the same mean loss the network trains on:
//   dL/dtheta_p ~ (L(theta + h e_p) - L(theta - h e_p)) / (2h)
// Writes the estimate into `grad` (sized to the parameters), leaves params unchanged (bit for bit) and returns the loss
// at theta. Cost: 2 P + 1 forward passes over the batch (added to *forwardPasses when given).
Scalar finiteDifferenceGradient(Network& net, const Matrix& X, const Matrix& Y, Scalar h, Vector& grad,
                                long long* forwardPasses = nullptr);

// Random search: theta' = theta + scale * N(0, I); keep theta' only if L(theta') < currentLoss.
// Returns the loss after the step (the new loss if accepted, else currentLoss). Cost: 1 forward pass.
struct RandomSearchStep {
    bool accepted = false;
    Scalar loss = 0;
};
RandomSearchStep randomSearchStep(Network& net, const Matrix& X, const Matrix& Y, Scalar scale, Scalar currentLoss,
                                  Rng& rng, long long* forwardPasses = nullptr);

// Rosenblatt's perceptron rule, one sample at a time through the batch's columns in order, for a network with no
// hidden layer and step output units: y_hat = step(W x + b); W += lr (y - y_hat) x^T; b += lr (y - y_hat).
// Y holds 0/1 targets. Returns the number of samples that were misclassified (and so changed the weights).
// Cost: one forward pass per sample (counted as 1/N of a batch pass each, i.e. 1 per batch). Throws NetworkError when
// the network has a hidden layer.
int perceptronStep(Network& net, const Matrix& X, const Matrix& Y, Scalar learningRate,
                   long long* forwardPasses = nullptr);

// Gradient check: backprop vs central differences for every parameter, with the relative error
//   |g_bp - g_fd| / max(|g_bp|, |g_fd|)   (0 when both are exactly 0; absolute error when both are below 1e-10).
struct GradientCheckEntry {
    Index parameter = 0;
    int layer = 0;
    bool bias = false;
    Scalar backprop = 0, numeric = 0, relativeError = 0;
};
struct GradientCheckResult {
    std::vector<GradientCheckEntry> entries;
    Scalar maxRelativeError = 0;
    Index worstParameter = -1;
};
GradientCheckResult gradientCheck(Network& net, const Matrix& X, const Matrix& Y, Scalar h = 1e-5);

}  // namespace engine
