// Metrics on a network's outputs: accuracy and the confusion matrix for classification, R^2 and RMSE for regression.
#pragma once
#include "engine/types.h"
#include <Eigen/Core>
#include <vector>

namespace engine {

// Predicted class per column: argmax for K > 1 outputs; for one output, a >= threshold (0.5 for sigmoid-like outputs,
// 0 for tanh/identity with +-1 targets).
std::vector<int> predictedClasses(const Matrix& outputs, Scalar threshold = 0.5);
Scalar accuracy(const std::vector<int>& predicted, const std::vector<int>& labels);
// confusion(i, j) = number of samples of true class i predicted as j.
Eigen::MatrixXi confusionMatrix(const std::vector<int>& predicted, const std::vector<int>& labels, int classes);
// R^2 = 1 - SS_res / SS_tot over all entries (SS_tot of 0 gives R^2 = 1 if SS_res is 0, else 0).
Scalar rSquared(const Matrix& predicted, const Matrix& targets);
Scalar rmse(const Matrix& predicted, const Matrix& targets);

}  // namespace engine
