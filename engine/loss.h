// Loss functions: the mean over the batch of a per-sample loss, with stable forms computed from the output
// layer's pre-activation z where the output activation allows (sigmoid + BCE, softmax + cross-entropy).
#pragma once
#include "engine/activation.h"
#include "engine/types.h"
#include <optional>
#include <vector>
#include <string>

namespace engine {

enum class Loss {
    MSE,                 // (1/(N K)) sum (a - y)^2                    (PyTorch MSELoss, reduction='mean')
    BinaryCrossEntropy,  // -(1/(N K)) sum [y ln a + (1-y) ln(1-a)]    (PyTorch BCELoss / BCEWithLogitsLoss)
    SoftmaxCrossEntropy  // -(1/N) sum_n sum_k y_k ln a_k               (PyTorch CrossEntropyLoss on logits z)
};

// Written once for both precisions: double for the step-through views and the metrics, float for training
// (Network::lossAndGradientFloat), as PyTorch computes its loss in the parameters' type.
// Per-sample loss (1 x N), each already summed over the K outputs and divided by K where the mean is over elements.
template <class T>
void lossPerSample(Loss loss, Activation outAct, const MatrixT<T>& Z, const MatrixT<T>& A, const MatrixT<T>& Y,
                   RowVectorT<T>& out);
// The batch loss: the mean of lossPerSample.
Scalar lossValue(Loss loss, Activation outAct, const Matrix& Z, const Matrix& A, const Matrix& Y);
// dL/dA for the batch loss (so each column carries the 1/N factor).
template <class T> void lossGradientA(Loss loss, const MatrixT<T>& A, const MatrixT<T>& Y, MatrixT<T>& dA);
// True when dL/dZ of the output simplifies to (A - Y) / (N K) (sigmoid + BCE) or (A - Y) / N (softmax + CE):
// the network then uses that form, which stays finite when a saturates to 0 or 1.
bool hasFusedGradient(Loss loss, Activation outAct);
template <class T> void fusedGradientZ(Loss loss, const MatrixT<T>& A, const MatrixT<T>& Y, MatrixT<T>& dZ);

#define NNLAB_LOSS_TEMPLATES(EXTERN, T)                                                                               \
    EXTERN template void lossPerSample<T>(Loss, Activation, const MatrixT<T>&, const MatrixT<T>&, const MatrixT<T>&, \
                                          RowVectorT<T>&);                                                             \
    EXTERN template void lossGradientA<T>(Loss, const MatrixT<T>&, const MatrixT<T>&, MatrixT<T>&);                   \
    EXTERN template void fusedGradientZ<T>(Loss, const MatrixT<T>&, const MatrixT<T>&, MatrixT<T>&);
NNLAB_LOSS_TEMPLATES(extern, float)
NNLAB_LOSS_TEMPLATES(extern, double)

std::string lossName(Loss loss);  // "mse", "bce", "cross_entropy"
std::optional<Loss> lossFromName(const std::string& name);
const std::vector<Loss>& allLosses();
std::string lossFormula(Loss loss);

}  // namespace engine
