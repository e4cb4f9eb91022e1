#include "engine/loss.h"
#include "engine/enum_table.h"
#include <algorithm>
#include <cmath>
#include <type_traits>

namespace engine {
namespace {
// PyTorch's BCELoss clamps log terms at -100 so the loss stays finite
template <class T> T clampedLog(T x) { return x > 0 ? std::max(std::log(x), T(-100)) : T(-100); }
}  // namespace

template <class T>
void lossPerSample(Loss loss, Activation outAct, const MatrixT<T>& Z, const MatrixT<T>& A, const MatrixT<T>& Y,
                   RowVectorT<T>& out) {
    const Index K = A.rows(), N = A.cols();
    out.resize(N);
    switch (loss) {
    case Loss::MSE: out = (A - Y).array().square().colwise().sum() / T(K); return;
    case Loss::BinaryCrossEntropy:
        for (Index n = 0; n < N; ++n) {
            T s = 0;
            for (Index k = 0; k < K; ++k) {
                const T y = Y(k, n);
                if (outAct == Activation::Sigmoid) {
                    // From the logit: max(z,0) - z y + ln(1 + e^-|z|)  (stable; equals -[y ln s(z) + (1-y) ln(1-s(z))])
                    const T z = Z(k, n);
                    s += std::max(z, T(0)) - z * y + std::log1p(std::exp(-std::abs(z)));
                } else {
                    const T a = A(k, n);
                    s -= y * clampedLog(a) + (1 - y) * clampedLog(1 - a);
                }
            }
            out(n) = s / T(K);
        }
        return;
    case Loss::SoftmaxCrossEntropy:
        for (Index n = 0; n < N; ++n) {
            if (outAct == Activation::Softmax) {
                // ln softmax(z)_k = z_k - logsumexp(z), logsumexp(z) = m + ln sum e^(z - m), m = max z
                const T m = Z.col(n).maxCoeff();
                const T lse = m + std::log((Z.col(n).array() - m).exp().sum());
                out(n) = -(Y.col(n).array() * (Z.col(n).array() - lse)).sum();
            } else {
                T s = 0;
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

template <class T> void lossGradientA(Loss loss, const MatrixT<T>& A, const MatrixT<T>& Y, MatrixT<T>& dA) {
    const T N = T(A.cols()), K = T(A.rows());
    switch (loss) {
    case Loss::MSE:
        dA = T(2) * (A - Y) / (N * K);  // d/da (1/(NK)) (a-y)^2 = 2 (a-y) / (NK)
        return;
    case Loss::BinaryCrossEntropy:
        // d/da -[y ln a + (1-y) ln(1-a)] = (a - y) / (a (1 - a)); a kept inside [e, 1 - e], e = 1e-12 in double
        // (1e-7 in float, where 1 - 1e-12 rounds to 1)
        dA = A.binaryExpr(Y, [](T a, T y) {
            constexpr T e = std::is_same_v<T, double> ? T(1e-12) : T(1e-7);
            const T c = std::clamp(a, e, T(1 - e));
            return (c - y) / (c * (1 - c));
        }) / (N * K);
        return;
    case Loss::SoftmaxCrossEntropy:
        dA = A.binaryExpr(Y, [](T a, T y) { return y == 0 ? T(0) : -y / std::max(a, T(1e-12)); }) / N;
        return;
    }
}

bool hasFusedGradient(Loss loss, Activation outAct) {
    return (loss == Loss::BinaryCrossEntropy && outAct == Activation::Sigmoid) ||
           (loss == Loss::SoftmaxCrossEntropy && outAct == Activation::Softmax);
}

template <class T> void fusedGradientZ(Loss loss, const MatrixT<T>& A, const MatrixT<T>& Y, MatrixT<T>& dZ) {
    const T N = T(A.cols()), K = T(A.rows());
    if (loss == Loss::BinaryCrossEntropy) dZ = (A - Y) / (N * K);  // sigmoid + BCE: dL/dz = (a - y) / (N K)
    else dZ = (A - Y) / N;  // softmax + CE with sum_k y_k = 1: dL/dz = (a - y) / N
}

NNLAB_LOSS_TEMPLATES(, float)
NNLAB_LOSS_TEMPLATES(, double)

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
