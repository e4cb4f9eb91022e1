// Dataset members, target matrices, the train/test split, input features and standardisation.
// (The generators are in dataset_generators.cpp, the CSV loaders in dataset_csv.cpp.)
#include "engine/dataset.h"
#include "engine/enum_table.h"
#include "engine/split.h"
#include "engine/rng.h"
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace engine {

std::string Dataset::validate() const {
    const Index n = size();
    std::ostringstream msg;
    if (!inputNames.empty() && Index(inputNames.size()) != inputDim()) {
        msg << "there are " << inputNames.size() << " input names for " << inputDim() << " input rows";
        return msg.str();
    }
    if (task == Task::Classification) {
        if (numClasses < 1)
            return "a classification set needs at least one class (numClasses is " + std::to_string(numClasses) + ")";
        if (Index(labels.size()) != n) {
            msg << "there are " << labels.size() << " labels for " << n << " samples";
            return msg.str();
        }
        if (!classNames.empty() && int(classNames.size()) != numClasses) {
            msg << "there are " << classNames.size() << " class names for " << numClasses << " classes";
            return msg.str();
        }
        for (Index j = 0; j < n; ++j)
            if (labels[j] < 0 || labels[j] >= numClasses) {
                msg << "sample " << j << " has label " << labels[j] << ", outside 0.." << numClasses - 1;
                return msg.str();
            }
    } else {
        if ((n > 0 && targets.rows() < 1) || targets.cols() != n) {
            msg << "the targets are " << targets.rows() << " x " << targets.cols() << " for " << n
                << " samples (expected at least one row and " << n << " columns)";
            return msg.str();
        }
    }
    auto finiteCheck = [&](const Matrix& M, const char* what, bool named) -> std::string {
        for (Index j = 0; j < M.cols(); ++j)
            for (Index i = 0; i < M.rows(); ++i)
                if (!std::isfinite(M(i, j))) {
                    std::ostringstream m;
                    m << "sample " << j << " (column " << j << ") has "
                      << (std::isnan(M(i, j)) ? "NaN" : "an infinite value") << " in " << what << " row " << i;
                    if (named && i < Index(inputNames.size())) m << " (\"" << inputNames[i] << "\")";
                    return m.str();
                }
        return {};
    };
    if (auto e = finiteCheck(X, "input", true); !e.empty()) return e;
    if (task == Task::Regression) return finiteCheck(targets, "target", false);
    return {};
}

Dataset Dataset::subset(const std::vector<Index>& idx) const {
    Dataset out;
    out.task = task;
    out.numClasses = numClasses;
    out.inputNames = inputNames;
    out.classNames = classNames;
    out.X.resize(X.rows(), Index(idx.size()));
    if (task == Task::Regression) out.targets.resize(targets.rows(), Index(idx.size()));
    const bool withLabels = Index(labels.size()) == size();
    for (std::size_t k = 0; k < idx.size(); ++k) {
        const Index j = idx[k];
        if (j < 0 || j >= size())
            throw std::out_of_range("Dataset::subset: index " + std::to_string(j) + " outside 0.." +
                                    std::to_string(size() - 1));
        out.X.col(Index(k)) = X.col(j);
        if (task == Task::Regression) out.targets.col(Index(k)) = targets.col(j);
        if (withLabels) out.labels.push_back(labels[j]);
    }
    return out;
}

void Dataset::addPoint(const Vector& x, int label, Scalar target) {
    if (X.rows() == 0 && X.cols() == 0) X.resize(x.size(), 0);  // a brand-new set takes the point's dimension
    if (x.size() != X.rows())
        throw std::invalid_argument("Dataset::addPoint: the point has " + std::to_string(x.size()) +
                                    " values, the set has " + std::to_string(X.rows()) + " inputs");
    if (task == Task::Classification) {
        if (label < 0 || label >= numClasses)
            throw std::invalid_argument("Dataset::addPoint: label " + std::to_string(label) + " outside 0.." +
                                        std::to_string(numClasses - 1));
    } else if (targets.rows() > 1) {
        throw std::invalid_argument("Dataset::addPoint: one target given, the set has " +
                                    std::to_string(targets.rows()) + " target rows");
    }
    const Index n = size();
    X.conservativeResize(Eigen::NoChange, n + 1);
    X.col(n) = x;
    if (task == Task::Classification) {
        labels.push_back(label);
    } else {
        targets.conservativeResize(1, n + 1);
        targets(0, n) = target;
    }
}

void Dataset::removePoint(Index i) {
    const Index n = size();
    if (i < 0 || i >= n)
        throw std::out_of_range("Dataset::removePoint: index " + std::to_string(i) + " outside 0.." +
                                std::to_string(n - 1));
    // Shift the columns after i one place left, then drop the last.
    X.middleCols(i, n - 1 - i) = X.middleCols(i + 1, n - 1 - i).eval();
    X.conservativeResize(Eigen::NoChange, n - 1);
    if (task == Task::Regression && targets.cols() == n) {
        targets.middleCols(i, n - 1 - i) = targets.middleCols(i + 1, n - 1 - i).eval();
        targets.conservativeResize(Eigen::NoChange, n - 1);
    }
    if (Index(labels.size()) == n) labels.erase(labels.begin() + i);
}

Matrix targetMatrix(const Dataset& d, int outputs, bool signedTargets) {
    const Index n = d.size();
    if (d.task == Task::Regression) {
        if (outputs != d.targets.rows())
            throw std::invalid_argument("targetMatrix: " + std::to_string(outputs) + " outputs for " +
                                        std::to_string(d.targets.rows()) + " regression target rows");
        return d.targets;
    }
    const Scalar off = signedTargets ? -1.0 : 0.0;
    if (outputs == 1) {
        if (d.numClasses > 2)
            throw std::invalid_argument("targetMatrix: one output cannot separate " + std::to_string(d.numClasses) +
                                        " classes; use " + std::to_string(d.numClasses) + " outputs");
        Matrix Y(1, n);
        for (Index j = 0; j < n; ++j) Y(0, j) = d.labels[j] == 1 ? 1.0 : off;  // y = label, or 2 label - 1
        return Y;
    }
    if (outputs != d.numClasses)
        throw std::invalid_argument("targetMatrix: " + std::to_string(outputs) + " outputs for " +
                                    std::to_string(d.numClasses) + " classes (use 1 or " +
                                    std::to_string(d.numClasses) + ")");
    Matrix Y = Matrix::Constant(outputs, n, off);
    for (Index j = 0; j < n; ++j) Y(d.labels[j], j) = 1.0;
    return Y;
}

// Split, features, standardisation

Split splitDataset(const Dataset& d, double trainRatio, std::uint64_t seed) {
    if (!(trainRatio >= 0 && trainRatio <= 1))
        throw std::invalid_argument("splitDataset: train ratio " + std::to_string(trainRatio) + " is outside [0, 1]");
    return splitByMask(d, splitMask(d.size(), trainRatio, seed));  // the app's split: the same samples, in their order
}

namespace {
const EnumTable<Feature>& features() {
    using F = Feature;
    static const EnumTable<F> t{{F::X1, "x1", "x\u2081", ""},
                                {F::X2, "x2", "x\u2082", ""},
                                {F::X1Squared, "x1^2", "x\u2081\u00b2", ""},
                                {F::X2Squared, "x2^2", "x\u2082\u00b2", ""},
                                {F::X1X2, "x1*x2", "x\u2081\u00b7x\u2082", ""},
                                {F::SinX1, "sin(x1)", "sin(x\u2081)", ""},
                                {F::SinX2, "sin(x2)", "sin(x\u2082)", ""},
                                {F::Radius, "r", "r", ""},
                                {F::Angle, "theta", "\u03b8", ""}};
    return t;
}
}  // namespace

const std::vector<Feature>& allFeatures() { return features().all(); }
std::string featureName(Feature f) { return features().name(f); }
std::string featureLabel(Feature f) { return features().label(f); }
std::optional<Feature> featureFromName(const std::string& name) { return features().fromName(name); }

Matrix computeFeatures(const Matrix& X2, const std::vector<Feature>& features) {
    if (X2.rows() != 2)
        throw std::invalid_argument("computeFeatures: needs the 2 inputs x1, x2; got " + std::to_string(X2.rows()) +
                                    " rows");
    const auto x1 = X2.row(0).array(), x2 = X2.row(1).array();
    Matrix F(Index(features.size()), X2.cols());
    for (std::size_t k = 0; k < features.size(); ++k) {
        auto row = F.row(Index(k)).array();
        switch (features[k]) {
        case Feature::X1: row = x1; break;
        case Feature::X2: row = x2; break;
        case Feature::X1Squared: row = x1.square(); break;
        case Feature::X2Squared: row = x2.square(); break;
        case Feature::X1X2: row = x1 * x2; break;
        case Feature::SinX1: row = x1.sin(); break;
        case Feature::SinX2: row = x2.sin(); break;
        case Feature::Radius:  // r = sqrt(x1^2 + x2^2)
            for (Index j = 0; j < X2.cols(); ++j) row(j) = std::hypot(X2(0, j), X2(1, j));
            break;
        case Feature::Angle:  // theta = atan2(x2, x1), in (-pi, pi]
            for (Index j = 0; j < X2.cols(); ++j) row(j) = std::atan2(X2(1, j), X2(0, j));
            break;
        }
    }
    return F;
}

void Standardizer::fit(const Matrix& X) {
    const Index n = X.cols();
    mean = Vector::Zero(X.rows());
    stddev = Vector::Ones(X.rows());
    if (n == 0) return;
    mean = X.rowwise().mean();
    for (Index i = 0; i < X.rows(); ++i) {
        // Population std: sqrt(sum (x - mean)^2 / N). A (numerically) constant row keeps std 1, so it maps to 0.
        const double sd = std::sqrt((X.row(i).array() - mean(i)).square().sum() / double(n));
        stddev(i) = sd > 1e-12 * std::max(1.0, std::abs(mean(i))) ? sd : 1.0;
    }
}

Matrix Standardizer::apply(const Matrix& X) const {
    if (empty()) return X;
    if (X.rows() != mean.size())
        throw std::invalid_argument("Standardizer::apply: fitted on " + std::to_string(mean.size()) + " rows, given " +
                                    std::to_string(X.rows()));
    // z = (x - mean) / std, row by row.
    return ((X.colwise() - mean).array().colwise() / stddev.array()).matrix();
}

}  // namespace engine
