#include "engine/loss.h"
#include "engine/enum_table.h"
#include <algorithm>
#include <cmath>

namespace engine {
namespace {
constexpr Scalar kLogFloor = -100.0;  // PyTorch's BCELoss clamps log terms at -100 so the loss stays finite
Scalar clampedLog(Scalar x) { return x > 0 ? std::max(std::log(x), kLogFloor) : kLogFloor; }
}  // namespace

void lossPerSample(Loss loss, Activation outAct, const Matrix& Z, const Matrix& A, const Matrix& Y, RowVector& out) {
    const Index K = A.rows(), N = A.cols();
    out.resize(N);
    switch (loss) {
    case Loss::MSE: out = (A - Y).array().square().colwise().sum() / Scalar(K); return;
    case Loss::BinaryCrossEntropy:
        for (Index n = 0; n < N; ++n) {
            Scalar s = 0;
            for (Index k = 0; k < K; ++k) {
                const Scalar y = Y(k, n);
                if (outAct == Activation::Sigmoid) {
                    // From the logit: max(z,0) - z y + ln(1 + e^-|z|)  (stable; equals -[y ln s(z) + (1-y) ln(1-s(z))])
                    const Scalar z = Z(k, n);
                    s += std::max(z, Scalar(0)) - z * y + std::log1p(std::exp(-std::abs(z)));
                } else {
                    const Scalar a = A(k, n);
                    s -= y * clampedLog(a) + (1 - y) * clampedLog(1 - a);
                }
            }
            out(n) = s / Scalar(K);
        }
        return;
    case Loss::SoftmaxCrossEntropy:
        for (Index n = 0; n < N; ++n) {
            if (outAct == Activation::Softmax) {
                // ln softmax(z)_k = z_k - logsumexp(z), logsumexp(z) = m + ln sum e^(z - m), m = max z
                const Scalar m = Z.col(n).maxCoeff();
                const Scalar lse = m + std::log((Z.col(n).array() - m).exp().sum());
                out(n) = -(Y.col(n).array() * (Z.col(n).array() - lse)).sum();
            } else {
                Scalar s = 0;
                for (Index k = 0; k < K; ++k)
                    if (Y(k, n) != 0) s -= Y(k, n) * clampedLog(A(k, n));
                out(n) = s;
            }
        }
        return;
    }
}

Scalar lossValue(Loss loss, Activation outAct, const Matrix& Z, const Matrix& A, const Matrix& Y) {
    if (A.cols() == 0) return 0;
    RowVector per;
    lossPerSample(loss, outAct, Z, A, Y, per);
    return per.mean();
}

void lossGradientA(Loss loss, const Matrix& A, const Matrix& Y, Matrix& dA) {
    const Scalar N = Scalar(A.cols()), K = Scalar(A.rows());
    switch (loss) {
    case Loss::MSE:
        dA = 2.0 * (A - Y) / (N * K);  // d/da (1/(NK)) (a-y)^2 = 2 (a-y) / (NK)
        return;
    case Loss::BinaryCrossEntropy:
        // d/da -[y ln a + (1-y) ln(1-a)] = (a - y) / (a (1 - a)); a kept inside [1e-12, 1 - 1e-12]
        dA = A.binaryExpr(Y, [](Scalar a, Scalar y) {
            const Scalar c = std::clamp(a, Scalar(1e-12), Scalar(1 - 1e-12));
            return (c - y) / (c * (1 - c));
        }) / (N * K);
        return;
    case Loss::SoftmaxCrossEntropy:
        dA = A.binaryExpr(Y, [](Scalar a, Scalar y) { return y == 0 ? Scalar(0) : -y / std::max(a, Scalar(1e-12)); }) /
             N;
        return;
    }
}

bool hasFusedGradient(Loss loss, Activation outAct) {
    return (loss == Loss::BinaryCrossEntropy && outAct == Activation::Sigmoid) ||
           (loss == Loss::SoftmaxCrossEntropy && outAct == Activation::Softmax);
}

void fusedGradientZ(Loss loss, const Matrix& A, const Matrix& Y, Matrix& dZ) {
    const Scalar N = Scalar(A.cols()), K = Scalar(A.rows());
    if (loss == Loss::BinaryCrossEntropy) dZ = (A - Y) / (N * K);  // sigmoid + BCE: dL/dz = (a - y) / (N K)
    else dZ = (A - Y) / N;  // softmax + CE with sum_k y_k = 1: dL/dz = (a - y) / N
}

namespace {
const EnumTable<Loss>& losses() {
    static const EnumTable<Loss> t{{Loss::MSE, "mse", "mean squared error", ""},
                                   {Loss::BinaryCrossEntropy, "bce", "binary cross-entropy", "binary_cross_entropy"},
                                   {Loss::SoftmaxCrossEntropy, "cross_entropy", "cross-entropy",
                                    "ce|softmax_cross_entropy"}};
    return t;
}
}  // namespace

std::string lossName(Loss loss) { return losses().name(loss); }
std::optional<Loss> lossFromName(const std::string& name) { return losses().fromName(name); }
const std::vector<Loss>& allLosses() { return losses().all(); }

std::string lossFormula(Loss loss) {
    switch (loss) {
    case Loss::MSE: return "L = (1/K) sum_k (a_k - y_k)^2";
    case Loss::BinaryCrossEntropy: return "L = -(1/K) sum_k [y_k ln a_k + (1 - y_k) ln(1 - a_k)]";
    case Loss::SoftmaxCrossEntropy: return "L = -sum_k y_k ln a_k,  a = softmax(z)";
    }
    return "";
}

}  // namespace engine
