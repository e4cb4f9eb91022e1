// The arithmetic of each layer kind, written once as templates on the scalar type and compiled for float (training)
// and double (the gradient checks, the step-through views, parity tests). One column per sample; an image column
// holds its values channel by channel, row by row (param_layout.h). Formulas and sources: engine/README.md, "Layers".
#pragma once
#include "engine/param_layout.h"
#include "engine/types.h"
#include <Eigen/Core>
#include <vector>

namespace engine {

// What a layer keeps from its forward pass for its backward pass, besides its input, z and a.
template <class T> struct LayerScratch {
    MatrixT<T> patches;      // conv: every receptive field as a row, (N * out positions) x (in-channels * k * k)
    MatrixT<T> rows;         // conv: z (or dL/dz) with one row per (sample, position) and one column per channel
    MatrixT<T> dPatches;     // conv backward: dL/d(patches)
    std::vector<Index> won;  // max pooling: per output value (column-major over out x N), the input row that won
};

// z = the layer's linear part (dense W a + b, the convolution, the pooling, or the input itself for flatten), then
// a = f(z) (pooling and flatten: a = z). params points at the start of the flat parameter vector.
template <class T>
void layerForward(const LayerLayout& L, const T* params, const MatrixT<T>& in, MatrixT<T>& z, MatrixT<T>& a,
                  LayerScratch<T>& scratch);

// Given dZ = dL/dz of this layer (the activation's derivative already applied), writes dL/dW and dL/db into grad
// (at the layer's offsets; grad points at the start of the flat gradient vector) and, when dIn is not null, dL/d(in).
template <class T>
void layerBackward(const LayerLayout& L, const T* params, const MatrixT<T>& in, const MatrixT<T>& dZ, T* grad,
                   MatrixT<T>* dIn, LayerScratch<T>& scratch);

// The convolution of one image by one kernel as the seed writes it, y(i, h) = sum_k sum_l f(k, l) x(i + k, h + l)
// (cross-correlation, as every library computes it), with stride and zero padding: for the lessons and the tests.
MatrixT<double> crossCorrelate(const MatrixT<double>& x, const MatrixT<double>& f, int stride = 1, int padding = 0);

extern template void layerForward<float>(const LayerLayout&, const float*, const MatrixT<float>&, MatrixT<float>&,
                                         MatrixT<float>&, LayerScratch<float>&);
extern template void layerForward<double>(const LayerLayout&, const double*, const MatrixT<double>&, MatrixT<double>&,
                                          MatrixT<double>&, LayerScratch<double>&);
extern template void layerBackward<float>(const LayerLayout&, const float*, const MatrixT<float>&,
                                          const MatrixT<float>&, float*, MatrixT<float>*, LayerScratch<float>&);
extern template void layerBackward<double>(const LayerLayout&, const double*, const MatrixT<double>&,
                                           const MatrixT<double>&, double*, MatrixT<double>*, LayerScratch<double>&);

}  // namespace engine
