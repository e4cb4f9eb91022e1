// Small dense products in float, written out: for the tiny layers of the lessons (2-4-1, 2-16-16-1 on batches of
// ten) Eigen's general product spends more on dispatch and packing than on arithmetic. Blocks of rows are kept in
// vector registers for several columns at once (independent accumulators, so the adds overlap); the rows left over go
// one at a time. Used only in float (the double path, which the step-through views show, keeps Eigen's products and
// their numbers) and only below the sizes where Eigen's blocked product wins (measured in docs/benchmarks.md).
// Shared by the layers (engine/layers.cpp) and the fused small-network pass (engine/small_dense.cpp).
#pragma once
#include "engine/types.h"
#include <cstring>
#include <immintrin.h>

namespace engine {
namespace small {
typedef float v8 __attribute__((vector_size(32)));
typedef float v16 __attribute__((vector_size(64)));
template <class V> inline V load(const float* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
template <class V> inline void store(float* p, V v) { std::memcpy(p, &v, sizeof v); }

// out(0..lanes V, c) = init + sum_k W(0..lanes V, k) X(k, c) for c < NB, where X(k, c) = x[c xc + k xk] and lanes
// is the vector type's width (8 or 16 floats).
template <class Vec, int V, int NB>
inline void vectorBlock(const float* __restrict W, Index ldw, const float* __restrict x, Index xc, Index xk, Index K,
                        const float* __restrict init, float* __restrict out, Index ldo) {
    constexpr int lanes = int(sizeof(Vec) / sizeof(float));
    Vec acc[NB][V];
    for (int c = 0; c < NB; ++c)
        for (int v = 0; v < V; ++v) acc[c][v] = init ? load<Vec>(init + lanes * v) : Vec{};
    for (Index k = 0; k < K; ++k) {
        Vec w[V];
        for (int v = 0; v < V; ++v) w[v] = load<Vec>(W + k * ldw + lanes * v);
        for (int c = 0; c < NB; ++c) {
            const float s = x[c * xc + k * xk];
            for (int v = 0; v < V; ++v) acc[c][v] += w[v] * s;
        }
    }
    for (int c = 0; c < NB; ++c)
        for (int v = 0; v < V; ++v) store(out + c * ldo + lanes * v, acc[c][v]);
}

template <int NB>
inline void scalarRows(const float* __restrict W, Index ldw, Index rows, const float* __restrict x, Index xc, Index xk,
                       Index K, const float* __restrict init, float* __restrict out, Index ldo) {
    for (Index j = 0; j < rows; ++j) {
        float acc[NB];
        for (int c = 0; c < NB; ++c) acc[c] = init ? init[j] : 0.0f;
        for (Index k = 0; k < K; ++k)
            for (int c = 0; c < NB; ++c) acc[c] += W[k * ldw + j] * x[c * xc + k * xk];
        for (int c = 0; c < NB; ++c) out[c * ldo + j] = acc[c];
    }
}

template <int NB>
inline void columns(const float* W, Index R, const float* x, Index xc, Index xk, Index K, const float* init,
                    float* out) {
    Index r = 0;
#ifdef __AVX512F__  // 16 rows in one register (the same sums in the same order as two registers of 8)
    for (; r + 16 <= R; r += 16) vectorBlock<v16, 1, NB>(W + r, R, x, xc, xk, K, init ? init + r : nullptr, out + r, R);
#else
    for (; r + 16 <= R; r += 16) vectorBlock<v8, 2, NB>(W + r, R, x, xc, xk, K, init ? init + r : nullptr, out + r, R);
#endif
    if (R - r >= 8) {
        vectorBlock<v8, 1, NB>(W + r, R, x, xc, xk, K, init ? init + r : nullptr, out + r, R);
        r += 8;
    }
    if (r < R) scalarRows<NB>(W + r, R, R - r, x, xc, xk, K, init ? init + r : nullptr, out + r, R);
}

// out (1 x N) = w (1 x K) X + init, for a one-unit layer (the spiral's output, its dL/dW): across the columns when
// they are contiguous in x (xc == 1: out(c..c+15) += w_k X(k, c..c+15)), else one dot product per column along a
// contiguous k (xk == 1), else one by one.
inline void oneRow(const float* __restrict w, Index K, const float* __restrict x, Index xc, Index xk, Index N,
                   const float* init, float* __restrict out) {
    const float b = init ? init[0] : 0.0f;
    Index c = 0;
    if (xc == 1) {
        for (; c + 16 <= N; c += 16) {
            v16 acc = v16{} + b;
            for (Index k = 0; k < K; ++k) acc += w[k] * load<v16>(x + k * xk + c);
            store(out + c, acc);
        }
    } else if (xk == 1) {
        for (; c < N; ++c) {
            const float* col = x + c * xc;
            v16 acc{};
            Index k = 0;
            for (; k + 16 <= K; k += 16) acc += load<v16>(w + k) * load<v16>(col + k);
#ifdef __AVX512F__
            __m512 packed;
            std::memcpy(&packed, &acc, sizeof packed);
            float sum = b + _mm512_reduce_add_ps(packed);  // a tree of shuffles, not a chain of 16 adds
#else
            float sum = b;
            for (int l = 0; l < 16; ++l) sum += acc[l];
#endif
            for (; k < K; ++k) sum += w[k] * col[k];
            out[c] = sum;
        }
    }
    for (; c < N; ++c) {
        float sum = b;
        for (Index k = 0; k < K; ++k) sum += w[k] * x[c * xc + k * xk];
        out[c] = sum;
    }
}

// out (R x N, column-major) = W (R x K, column-major) X + init (a column added to each, or none), X(k, n) =
// x[n xc + k xk].
inline void product(const float* W, Index R, Index K, const float* x, Index xc, Index xk, Index N, const float* init,
                    float* out) {
    if (R == 1) {
        oneRow(W, K, x, xc, xk, N, init, out);
        return;
    }
    Index n = 0;
#ifdef __AVX512F__  // 32 vector registers: 8 columns of accumulators at once
    for (; n + 8 <= N; n += 8) columns<8>(W, R, x + n * xc, xc, xk, K, init, out + n * R);
#endif
    for (; n + 4 <= N; n += 4) columns<4>(W, R, x + n * xc, xc, xk, K, init, out + n * R);
    for (; n < N; ++n) columns<1>(W, R, x + n * xc, xc, xk, K, init, out + n * R);
}

// t (K x R, column-major) = the transpose of W (R x K, column-major). On AVX-512 each run of 16 values of a row of W
// is one gather and one vector store (a scalar copy is bound by its one store per value); the rest one at a time.
inline void transpose(const float* __restrict W, Index R, Index K, float* __restrict t) {
    Index i0 = 0;
#ifdef __AVX512F__
    const __m512i stride = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                              _mm512_set1_epi32(int(R)));
    for (; i0 + 16 <= K; i0 += 16)
        for (Index j = 0; j < R; ++j) _mm512_storeu_ps(t + j * K + i0, _mm512_i32gather_ps(stride, W + i0 * R + j, 4));
#endif
    for (Index i = i0; i < K; ++i)
        for (Index j = 0; j < R; ++j) t[j * K + i] = W[i * R + j];
}

// Whether the written-out products beat Eigen's for a product of R x K by K x N (bench shapes, this machine).
inline bool worthIt(Index R, Index K, Index N) { return (R % 8 == 0 && R * K <= 1024) || R * K * N <= 64; }
}  // namespace small

}  // namespace engine
