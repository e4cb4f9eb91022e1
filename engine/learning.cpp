#include "engine/learning.h"
#include "engine/enum_table.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace engine {

namespace {
const EnumTable<Algorithm>& algorithms() {
    using A = Algorithm;
    static const EnumTable<A> t{{A::Backprop, "backprop", "backpropagation", "backpropagation"},
                                {A::FiniteDifference, "finite_difference", "finite differences", "finite_differences"},
                                {A::RandomSearch, "random_search", "random search", ""},
                                {A::PerceptronRule, "perceptron", "perceptron rule", "perceptron_rule"}};
    return t;
}
}  // namespace

std::string algorithmName(Algorithm a) { return algorithms().name(a); }
std::optional<Algorithm> algorithmFromName(const std::string& name) { return algorithms().fromName(name); }
const std::vector<Algorithm>& allAlgorithms() { return algorithms().all(); }

Scalar finiteDifferenceGradient(Network& net, const Matrix& X, const Matrix& Y, Scalar h, Vector& grad,
                                long long* forwardPasses) {
    Vector& theta = net.params();
    const Index P = theta.size();
    grad.resize(P);
    const Scalar L0 = net.loss(X, Y);
    for (Index p = 0; p < P; ++p) {
        // Save and restore the value itself: (v + h) - h is not v in floating point, and a gradient check that
        // nudges the weights it measures would make two runs of the same seed differ.
        const Scalar v = theta(p);
        const Scalar up = v + h, down = v - h;
        theta(p) = up;
        const Scalar Lup = net.loss(X, Y);
        theta(p) = down;
        const Scalar Ldown = net.loss(X, Y);
        theta(p) = v;
        // dL/dtheta_p ~ (L(theta + h e_p) - L(theta - h e_p)) / (2h). Divide by the step actually taken, up - down,
        // which is exact in floating point, rather than by 2h: v + h rounds, and the difference is what moved L.
        grad(p) = (Lup - Ldown) / (up - down);
    }
    if (forwardPasses) *forwardPasses += 2 * (long long)P + 1;
    return L0;
}

RandomSearchStep randomSearchStep(Network& net, const Matrix& X, const Matrix& Y, Scalar scale, Scalar currentLoss,
                                  Rng& rng, long long* forwardPasses) {
    Vector& theta = net.params();
    const Vector saved = theta;  // a copy, so a rejected step restores every bit
    for (Index p = 0; p < theta.size(); ++p) theta(p) += scale * rng.normal();  // theta' = theta + scale N(0, I)
    const Scalar L = net.loss(X, Y);
    if (forwardPasses) *forwardPasses += 1;
    // Keep theta' only when it is strictly better. A NaN loss compares false and is rejected too.
    if (L < currentLoss) return {true, L};
    theta = saved;
    return {false, currentLoss};
}

int perceptronStep(Network& net, const Matrix& X, const Matrix& Y, Scalar learningRate, long long* forwardPasses) {
    if (net.layerCount() != 1)
        throw NetworkError("the perceptron rule trains a network without hidden layers; this one has " +
                           std::to_string(net.layerCount() - 1));
    if (X.rows() != net.layerInputs(0))
        throw NetworkError("the data has " + std::to_string(X.rows()) + " input features but the network expects " +
                           std::to_string(net.layerInputs(0)));
    if (Y.rows() != net.layerUnits(0) || Y.cols() != X.cols())
        throw NetworkError("the targets do not match the network's outputs or the number of samples");
    auto W = net.W(0);
    auto b = net.b(0);
    int mistakes = 0;
    for (Index n = 0; n < X.cols(); ++n) {
        // y_hat = step(W x + b) with step(0) = 1. The threshold is taken on z whatever the output activation is,
        // which for a Step output is exactly its value.
        const Vector z = W * X.col(n) + b;
        const Vector yHat = (z.array() >= 0).cast<Scalar>();
        const Vector err = Y.col(n) - yHat;  // y - y_hat: 0 when right, +-1 when wrong
        if ((err.array() != 0).any()) {
            ++mistakes;
            W.noalias() += learningRate * err * X.col(n).transpose();  // W += lr (y - y_hat) x^T
            b += learningRate * err;                                   // b += lr (y - y_hat)
        }
    }
    if (forwardPasses) *forwardPasses += 1;  // N single-sample passes = one batch pass
    return mistakes;
}

GradientCheckResult gradientCheck(Network& net, const Matrix& X, const Matrix& Y, Scalar h) {
    net.lossAndGradient(X, Y);
    const Vector backprop = net.grads();
    Vector numeric;
    finiteDifferenceGradient(net, X, Y, h, numeric);

    GradientCheckResult r;
    r.entries.reserve(std::size_t(backprop.size()));
    for (Index p = 0; p < backprop.size(); ++p) {
        GradientCheckEntry e;
        e.parameter = p;
        e.layer = net.layerOf(p);
        e.bias = net.isBias(p);
        e.backprop = backprop(p);
        e.numeric = numeric(p);
        const Scalar diff = std::abs(e.backprop - e.numeric);
        const Scalar scale = std::max(std::abs(e.backprop), std::abs(e.numeric));
        // |g_bp - g_fd| / max(|g_bp|, |g_fd|); 0 when both are 0; the absolute error when both are tiny, where a
        // ratio of rounding noise would say nothing.
        if (scale == 0) e.relativeError = 0;
        else if (scale < 1e-10) e.relativeError = diff;
        else e.relativeError = diff / scale;
        // NaN counts as the worst possible error, so a broken gradient cannot hide behind a comparison that is false.
        if (std::isnan(e.relativeError)) e.relativeError = std::numeric_limits<Scalar>::infinity();
        if (r.worstParameter < 0 || e.relativeError > r.maxRelativeError) {
            r.maxRelativeError = e.relativeError;
            r.worstParameter = p;
        }
        r.entries.push_back(e);
    }
    return r;
}

}  // namespace engine
