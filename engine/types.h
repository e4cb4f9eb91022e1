// Scalar and matrix types shared by the whole engine.
// Convention: one COLUMN per sample. A batch of N samples with d features is a d x N matrix.
#pragma once
#include <Eigen/Core>
#include <cstdint>

namespace engine {
using Scalar = double;  // double everywhere: the step-through views show exact numbers a teacher checks by hand
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;  // column-major
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using RowVector = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;
using Index = Eigen::Index;
// The same shapes in a chosen precision: the layers, the losses and the optimizer are written once for float and double.
template <class T> using MatrixT = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T> using VectorT = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <class T> using RowVectorT = Eigen::Matrix<T, 1, Eigen::Dynamic>;
}  // namespace engine
