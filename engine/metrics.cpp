#include "engine/metrics.h"
#include <cmath>

namespace engine {

std::vector<int> predictedClasses(const Matrix& outputs, Scalar threshold) {
    std::vector<int> p(std::size_t(outputs.cols()));
    for (Index n = 0; n < outputs.cols(); ++n) {
        if (outputs.rows() == 1) {
            p[n] = outputs(0, n) >= threshold ? 1 : 0;
        } else {
            Index k = 0;
            outputs.col(n).maxCoeff(&k);
            p[n] = int(k);
        }
    }
    return p;
}

Scalar accuracy(const std::vector<int>& predicted, const std::vector<int>& labels) {
    if (labels.empty()) return 0;
    std::size_t ok = 0;
    for (std::size_t i = 0; i < labels.size() && i < predicted.size(); ++i) ok += predicted[i] == labels[i];
    return Scalar(ok) / Scalar(labels.size());
}

Eigen::MatrixXi confusionMatrix(const std::vector<int>& predicted, const std::vector<int>& labels, int classes) {
    Eigen::MatrixXi c = Eigen::MatrixXi::Zero(classes, classes);
    for (std::size_t i = 0; i < labels.size() && i < predicted.size(); ++i)
        if (labels[i] >= 0 && labels[i] < classes && predicted[i] >= 0 && predicted[i] < classes)
            ++c(labels[i], predicted[i]);
    return c;
}

Scalar rSquared(const Matrix& predicted, const Matrix& targets) {
    if (targets.size() == 0) return 0;
    const Scalar ssRes = (predicted - targets).squaredNorm();                        // sum (y_hat - y)^2
    const Scalar ssTot = (targets.array() - targets.mean()).matrix().squaredNorm();  // sum (y - mean y)^2
    if (ssTot == 0) return ssRes == 0 ? 1 : 0;
    return 1 - ssRes / ssTot;
}

Scalar rmse(const Matrix& predicted, const Matrix& targets) {
    if (targets.size() == 0) return 0;
    return std::sqrt((predicted - targets).squaredNorm() / Scalar(targets.size()));
}

}  // namespace engine
