#include "engine/layers.h"
#include "engine/gemm.h"
#include "engine/small_kernels.h"
#include <algorithm>
#include <cstring>
#include <type_traits>
#include <limits>

namespace engine {
namespace {

template <class T> using MatrixMapT = Eigen::Map<const MatrixT<T>>;
template <class T> using VectorMapT = Eigen::Map<const VectorT<T>>;

// im2col: row n P + (y Wo + x) of `patches` is the receptive field of output position (y, x) of sample n, column
// q = c k^2 + i k + j holding in(c, y s - p + i, x s - p + j), or 0 in the padding.
template <class T> void gatherPatches(const LayerLayout& L, const MatrixT<T>& in, MatrixT<T>& patches) {
    const int k = L.spec.kernel, s = L.spec.stride, pad = L.spec.padding;
    const int H = L.in.height, W = L.in.width, Ho = L.out.height, Wo = L.out.width;
    const Index P = Index(Ho) * Wo, N = in.cols();
    patches.resize(N * P, Index(L.in.channels) * k * k);
    for (int c = 0; c < L.in.channels; ++c)
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j) {
                T* dst = patches.col(Index(c) * k * k + i * k + j).data();
                for (Index n = 0; n < N; ++n) {
                    const T* src = in.col(n).data() + Index(c) * H * W;
                    for (int y = 0; y < Ho; ++y) {
                        const int yy = y * s - pad + i;
                        T* row = dst + n * P + Index(y) * Wo;
                        if (yy < 0 || yy >= H) {
                            std::fill(row, row + Wo, T(0));
                            continue;
                        }
                        for (int x = 0; x < Wo; ++x) {
                            const int xx = x * s - pad + j;
                            row[x] = xx >= 0 && xx < W ? src[yy * W + xx] : T(0);
                        }
                    }
                }
            }
}

// col2im: the adjoint of gatherPatches, dIn(c, yy, xx) += every patch entry that read it.
template <class T> void scatterPatches(const LayerLayout& L, const MatrixT<T>& dPatches, MatrixT<T>& dIn) {
    const int k = L.spec.kernel, s = L.spec.stride, pad = L.spec.padding;
    const int H = L.in.height, W = L.in.width, Ho = L.out.height, Wo = L.out.width;
    const Index P = Index(Ho) * Wo, N = dIn.cols();
    dIn.setZero();
    for (int c = 0; c < L.in.channels; ++c)
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j) {
                const T* src = dPatches.col(Index(c) * k * k + i * k + j).data();
                for (Index n = 0; n < N; ++n) {
                    T* dst = dIn.col(n).data() + Index(c) * H * W;
                    for (int y = 0; y < Ho; ++y) {
                        const int yy = y * s - pad + i;
                        if (yy < 0 || yy >= H) continue;
                        const T* row = src + n * P + Index(y) * Wo;
                        for (int x = 0; x < Wo; ++x) {
                            const int xx = x * s - pad + j;
                            if (xx >= 0 && xx < W) dst[yy * W + xx] += row[x];
                        }
                    }
                }
            }
}

template <class T>
void poolForward(const LayerLayout& L, const MatrixT<T>& in, MatrixT<T>& z, LayerScratch<T>& scratch) {
    const bool isMax = L.spec.kind == LayerKind::MaxPool;
    const int k = L.spec.kernel, s = L.spec.stride;
    const int H = L.in.height, W = L.in.width, Ho = L.out.height, Wo = L.out.width;
    const Index N = in.cols(), out = L.out.size();
    z.resize(out, N);
    if (isMax) scratch.won.resize(std::size_t(out * N));
    const T inv = T(1) / T(k * k);
    for (Index n = 0; n < N; ++n)
        for (int c = 0; c < L.in.channels; ++c) {
            const T* src = in.col(n).data() + Index(c) * H * W;
            for (int y = 0; y < Ho; ++y)
                for (int x = 0; x < Wo; ++x) {
                    const Index o = Index(c) * Ho * Wo + Index(y) * Wo + x;
                    if (isMax) {
                        Index best = Index(y * s) * W + x * s;  // the first maximum in reading order wins, as PyTorch
                        for (int i = 0; i < k; ++i)
                            for (int j = 0; j < k; ++j) {
                                const Index at = Index(y * s + i) * W + (x * s + j);
                                if (src[at] > src[best] || (src[at] != src[at] && src[best] == src[best])) best = at;
                            }
                        z(o, n) = src[best];
                        scratch.won[std::size_t(n * out + o)] = Index(c) * H * W + best;
                    } else {
                        T sum = 0;
                        for (int i = 0; i < k; ++i)
                            for (int j = 0; j < k; ++j) sum += src[Index(y * s + i) * W + (x * s + j)];
                        z(o, n) = sum * inv;
                    }
                }
        }
}

template <class T>
void poolBackward(const LayerLayout& L, const MatrixT<T>& dZ, MatrixT<T>& dIn, const LayerScratch<T>& scratch) {
    const int k = L.spec.kernel, s = L.spec.stride;
    const int W = L.in.width, Ho = L.out.height, Wo = L.out.width;
    const Index N = dZ.cols(), out = L.out.size(), HW = Index(L.in.height) * W;
    dIn.setZero();
    if (L.spec.kind == LayerKind::MaxPool) {
        for (Index n = 0; n < N; ++n)
            for (Index o = 0; o < out; ++o) dIn(scratch.won[std::size_t(n * out + o)], n) += dZ(o, n);
        return;
    }
    const T inv = T(1) / T(k * k);
    for (Index n = 0; n < N; ++n)
        for (int c = 0; c < L.in.channels; ++c) {
            T* dst = dIn.col(n).data() + Index(c) * HW;
            for (int y = 0; y < Ho; ++y)
                for (int x = 0; x < Wo; ++x) {
                    const T g = dZ(Index(c) * Ho * Wo + Index(y) * Wo + x, n) * inv;
                    for (int i = 0; i < k; ++i)
                        for (int j = 0; j < k; ++j) dst[Index(y * s + i) * W + (x * s + j)] += g;
                }
        }
}

}  // namespace

template <class T>
void layerForward(const LayerLayout& L, const T* params, const MatrixT<T>& in, MatrixT<T>& z, MatrixT<T>& a,
                  LayerScratch<T>& scratch) {
    switch (L.spec.kind) {
    case LayerKind::Dense: {
        const MatrixMapT<T> W(params + L.weightOffset, L.weightRows, L.weightCols);
        const VectorMapT<T> b(params + L.biasOffset, L.weightRows);
        if constexpr (std::is_same_v<T, float>) {
            if (small::worthIt(L.weightRows, L.weightCols, in.cols())) {
                z.resize(L.weightRows, in.cols());
                small::product(W.data(), L.weightRows, L.weightCols, in.data(), L.weightCols, 1, in.cols(), b.data(),
                               z.data());
                break;
            }
            if (gemm::vectorised()) {  // the larger layers: the hand-written product (engine/gemm.h)
                z.resize(L.weightRows, in.cols());
                gemm::sgemm(false, false, L.weightRows, int(in.cols()), L.weightCols, 1.0f, W.data(), L.weightRows,
                            in.data(), L.weightCols, 0.0f, z.data(), L.weightRows);
                z.colwise() += b;
                break;
            }
        }
        z.noalias() = W * in;  // z = W a_prev + b
        z.colwise() += b;
        break;
    }
    case LayerKind::Conv: {
        // Every output position is the dot product of its receptive field with a kernel: one product for the batch,
        // rows (N P x C_out) = patches (N P x C_in k^2) W^T, then each sample's rows laid out channel by channel.
        const MatrixMapT<T> W(params + L.weightOffset, L.weightRows, L.weightCols);
        const VectorMapT<T> b(params + L.biasOffset, L.weightRows);
        gatherPatches(L, in, scratch.patches);
        scratch.rows.noalias() = scratch.patches * W.transpose();
        const Index P = Index(L.out.height) * L.out.width, N = in.cols();
        z.resize(L.out.size(), N);
        for (Index n = 0; n < N; ++n)
            for (int o = 0; o < L.weightRows; ++o)
                z.col(n).segment(o * P, P) = scratch.rows.col(o).segment(n * P, P).array() + b(o);
        break;
    }
    case LayerKind::MaxPool:
    case LayerKind::AvgPool: poolForward(L, in, z, scratch); break;
    case LayerKind::Flatten: z = in; break;
    }
    if (hasParameters(L.spec.kind)) activate(L.spec.activation, z, a);  // a = f(z)
    else a = z;
}

template <class T>
void layerBackward(const LayerLayout& L, const T* params, const MatrixT<T>& in, const MatrixT<T>& dZ, T* grad,
                   MatrixT<T>* dIn, LayerScratch<T>& scratch) {
    if (dIn) dIn->resize(L.in.size(), dZ.cols());
    switch (L.spec.kind) {
    case LayerKind::Dense: {
        const MatrixMapT<T> W(params + L.weightOffset, L.weightRows, L.weightCols);
        Eigen::Map<MatrixT<T>> gW(grad + L.weightOffset, L.weightRows, L.weightCols);
        Eigen::Map<VectorT<T>> gb(grad + L.biasOffset, L.weightRows);
        if constexpr (std::is_same_v<T, float>) {
            const Index R = L.weightRows, C = L.weightCols, N = dZ.cols();
            // dL/db column by column (vectorised; Eigen's rowwise sum walks each strided row on its own)
            gb.setZero();
            for (Index n = 0; n < N; ++n) gb += dZ.col(n);
            if (small::worthIt(R, N, C))
                small::product(dZ.data(), R, N, in.data(), 1, C, C, nullptr, gW.data());  // dZ a_prev^T
            else if (gemm::vectorised())
                gemm::sgemm(false, true, int(R), int(C), int(N), 1.0f, dZ.data(), int(R), in.data(), int(C), 0.0f,
                            gW.data(), int(R));
            else gW.noalias() = dZ * in.transpose();
            if (dIn && R == 1) {  // an outer product (a one-unit layer)
                for (Index n = 0; n < N; ++n)
                    for (Index i = 0; i < C; ++i) (*dIn)(i, n) = W(0, i) * dZ(0, n);
            } else if (dIn && R * C * N <= 64) {
                for (Index n = 0; n < N; ++n)
                    for (Index i = 0; i < C; ++i) {
                        float s = 0;
                        for (Index j = 0; j < R; ++j) s += W(j, i) * dZ(j, n);
                        (*dIn)(i, n) = s;
                    }
            } else if (dIn && gemm::vectorised()) {
                gemm::sgemm(true, false, int(C), int(N), int(R), 1.0f, W.data(), int(R), dZ.data(), int(R), 0.0f,
                            dIn->data(), int(C));
            } else if (dIn) dIn->noalias() = W.transpose() * dZ;
            break;
        }
        gb = dZ.rowwise().sum();                       // dL/db = sum over samples of dZ
        gW.noalias() = dZ * in.transpose();            // dL/dW = dZ a_prev^T  (the 1/N is inside dZ)
        if (dIn) dIn->noalias() = W.transpose() * dZ;  // dL/da_prev = W^T dZ
        break;
    }
    case LayerKind::Conv: {
        const MatrixMapT<T> W(params + L.weightOffset, L.weightRows, L.weightCols);
        Eigen::Map<MatrixT<T>> gW(grad + L.weightOffset, L.weightRows, L.weightCols);
        Eigen::Map<VectorT<T>> gb(grad + L.biasOffset, L.weightRows);
        const Index P = Index(L.out.height) * L.out.width, N = dZ.cols();
        scratch.rows.resize(N * P, L.weightRows);  // dL/dz, one row per (sample, position)
        for (Index n = 0; n < N; ++n)
            for (int o = 0; o < L.weightRows; ++o) scratch.rows.col(o).segment(n * P, P) = dZ.col(n).segment(o * P, P);
        gW.noalias() = scratch.rows.transpose() * scratch.patches;  // dL/dW(o, q) = sum over positions dz * patch
        gb = scratch.rows.colwise().sum().transpose();              // dL/db(o) = sum over positions and samples
        if (dIn) {
            scratch.dPatches.noalias() = scratch.rows *
                                         W;  // dL/d(patch) = dz W, then back to where each value came from
            scatterPatches(L, scratch.dPatches, *dIn);
        }
        break;
    }
    case LayerKind::MaxPool:
    case LayerKind::AvgPool:
        if (dIn) poolBackward(L, dZ, *dIn, scratch);
        break;
    case LayerKind::Flatten:
        if (dIn) *dIn = dZ;
        break;
    }
}

MatrixT<double> crossCorrelate(const MatrixT<double>& x, const MatrixT<double>& f, int stride, int padding) {
    LayerLayout L;
    L.spec = LayerSpec::conv(1, int(f.rows()), Activation::Identity, stride, padding);
    L.in = {1, int(x.rows()), int(x.cols())};
    const auto side = [&](Index n) { return int((n + 2 * padding - f.rows()) / stride + 1); };
    L.out = {1, side(x.rows()), side(x.cols())};
    L.weightRows = 1;
    L.weightCols = int(f.size());
    L.weightOffset = 0;
    L.biasOffset = f.size();
    VectorT<double> params(f.size() + 1);
    for (Index i = 0; i < f.rows(); ++i)
        for (Index j = 0; j < f.cols(); ++j) params(i * f.cols() + j) = f(i, j);  // column q = i k + j
    params(f.size()) = 0;
    MatrixT<double> in(x.size(), 1);
    for (Index i = 0; i < x.rows(); ++i)
        for (Index j = 0; j < x.cols(); ++j) in(i * x.cols() + j, 0) = x(i, j);  // row by row
    MatrixT<double> z, a;
    LayerScratch<double> scratch;
    layerForward(L, params.data(), in, z, a, scratch);
    MatrixT<double> y(L.out.height, L.out.width);
    for (int i = 0; i < L.out.height; ++i)
        for (int j = 0; j < L.out.width; ++j) y(i, j) = z(i * L.out.width + j, 0);
    return y;
}

template void layerForward<float>(const LayerLayout&, const float*, const MatrixT<float>&, MatrixT<float>&,
                                  MatrixT<float>&, LayerScratch<float>&);
template void layerForward<double>(const LayerLayout&, const double*, const MatrixT<double>&, MatrixT<double>&,
                                   MatrixT<double>&, LayerScratch<double>&);
template void layerBackward<float>(const LayerLayout&, const float*, const MatrixT<float>&, const MatrixT<float>&,
                                   float*, MatrixT<float>*, LayerScratch<float>&);
template void layerBackward<double>(const LayerLayout&, const double*, const MatrixT<double>&, const MatrixT<double>&,
                                    double*, MatrixT<double>*, LayerScratch<double>&);

}  // namespace engine
