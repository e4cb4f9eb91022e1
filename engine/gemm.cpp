#include "engine/gemm.h"
#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <cstring>

#ifdef __AVX512F__
#include <array>
#include <cstdlib>
#include <immintrin.h>
#include <utility>
#endif

// GCC 12 warns inside its own AVX-512 unpack intrinsics (an "undefined" register it initialises from itself).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace engine::gemm {
namespace {

// C = beta C over an M x N block (beta == 0 writes zeros without reading C).
void scaleC(int M, int N, float beta, float* C, int ldc) {
    for (int j = 0; j < N; ++j) {
        float* c = C + std::ptrdiff_t(j) * ldc;
        if (beta == 0.0f) std::memset(c, 0, sizeof(float) * std::size_t(M));
        else if (beta != 1.0f)
            for (int i = 0; i < M; ++i) c[i] *= beta;
    }
}

#ifdef __AVX512F__
// The register tile: MV vectors of 16 rows by NR columns. 32 x 12 and 48 x 8 measured the same; 16 x 24 and 64 x 6
// were 5-8 % slower. The blocks: a 12-column panel of B (about 18 KB) stays in L1, a block of A in L2. Measured in a
// scratch harness against Eigen, interleaved: the block sizes, the prefetch distance and the unrolling made no
// difference beyond the noise; reading A and B in place instead of packing them gained 5-7 % and 3-5 %.
constexpr int MV = 2;
constexpr int MR = 16 * MV;
constexpr int NR = 12;
constexpr int KC = 384;
constexpr int MC = 256;
constexpr int NC = 4092;       // a whole number of NR
constexpr int kPrefetchA = 8;  // packed A, in k steps ahead

inline __mmask16 lowMask(int n) {
    return n >= 16 ? __mmask16(0xFFFF) : n <= 0 ? __mmask16(0) : __mmask16((1u << n) - 1u);
}

// The packing buffer of a transposed A, per thread, 64-byte aligned, grown as needed.
struct Buffer {
    float* p = nullptr;
    std::size_t n = 0;
    float* get(std::size_t need) {
        if (need > n) {
            std::free(p);
            p = static_cast<float*>(std::aligned_alloc(64, (need * sizeof(float) + 63) / 64 * 64));
            n = need;
        }
        return p;
    }
    ~Buffer() { std::free(p); }
};
thread_local Buffer t_packed;

// r[i] (16 floats each) becomes the transpose of the 16 x 16 block they held.
inline void transpose16(__m512 r[16]) {
    __m512 t[16];
    for (int i = 0; i < 8; ++i) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    for (int i = 0; i < 4; ++i) {
        const __m512d a0 = _mm512_castps_pd(t[4 * i]), a1 = _mm512_castps_pd(t[4 * i + 1]);
        const __m512d a2 = _mm512_castps_pd(t[4 * i + 2]), a3 = _mm512_castps_pd(t[4 * i + 3]);
        r[4 * i + 0] = _mm512_castpd_ps(_mm512_unpacklo_pd(a0, a2));
        r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a0, a2));
        r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(a1, a3));
        r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(a1, a3));
    }
    // r[4i + c] now holds, in each 128-bit lane L, rows 4i..4i+3 of column 4L + c.
    for (int h = 0; h < 2; ++h)
        for (int c = 0; c < 4; ++c) {
            t[8 * h + c] = _mm512_shuffle_f32x4(r[8 * h + c], r[8 * h + 4 + c], 0x88);
            t[8 * h + 4 + c] = _mm512_shuffle_f32x4(r[8 * h + c], r[8 * h + 4 + c], 0xdd);
        }
    for (int c = 0; c < 8; ++c) {
        r[c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0x88);
        r[8 + c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0xdd);
    }
}

// dst[k R + i] = src[k + i ld] for i < r, 0 for r <= i < R: a transposed panel, k contiguous in the source.
void packTransposed(float* __restrict dst, const float* __restrict src, std::ptrdiff_t ld, int R, int r, int kc) {
    for (int k0 = 0; k0 < kc; k0 += 16) {
        const int kk = std::min(16, kc - k0);
        const __mmask16 km = lowMask(kk);
        for (int i0 = 0; i0 < R; i0 += 16) {
            __m512 rows[16];
            for (int i = 0; i < 16; ++i)
                rows[i] = i0 + i < r ? _mm512_maskz_loadu_ps(km, src + k0 + std::ptrdiff_t(i0 + i) * ld)
                                     : _mm512_setzero_ps();
            transpose16(rows);
            const __mmask16 im = lowMask(R - i0);
            for (int t = 0; t < kk; ++t) _mm512_mask_storeu_ps(dst + std::ptrdiff_t(k0 + t) * R + i0, im, rows[t]);
        }
    }
}

// The register tile: acc (16 V x NE) = sum over k of op(A)(:, k) op(B)(k, 0..NE), then C = alpha acc + beta C
// (beta == 0: C is not read). Only the first 16 (V - 1) + popcount(lastMask) rows are loaded (A in place) and stored.
//   AM 0: A packed, a[k MR + i], 64-byte aligned;  AM 1: A in place, column-major, a[i + k lda].
//   BM 1: B in place, k contiguous, b[k + j ldb];  BM 2: B in place, j contiguous, b[j + k ldb].
//   transposedC: tile element (i, j) goes to c[i ldc + j] (the turned-around product of few rows).
template <int V, int NE, int AM, int BM>
__attribute__((noinline)) void tile(int kc, const float* __restrict a, std::ptrdiff_t lda, const float* __restrict b,
                                    std::ptrdiff_t ldb, float* __restrict c, std::ptrdiff_t ldc, float alpha,
                                    float beta, __mmask16 lastMask, bool transposedC) {
    static_assert(NE <= 16, "the transposed store takes at most 16 columns");
    __m512 acc[V][NE];
#pragma GCC unroll 16
    for (int j = 0; j < NE; ++j)
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) acc[v][j] = _mm512_setzero_ps();
    if (!transposedC) {
#pragma GCC unroll 16
        for (int j = 0; j < NE; ++j)
#pragma GCC unroll 4
            for (int v = 0; v < V; ++v) _mm_prefetch(reinterpret_cast<const char*>(c + j * ldc + 16 * v), _MM_HINT_T0);
    }
    const std::ptrdiff_t aStep = AM == 0 ? MR : lda;
    const std::ptrdiff_t bStep = BM == 1 ? 1 : ldb;
    const std::ptrdiff_t bCol = BM == 1 ? ldb : 1;
    // B's columns through a few base pointers (j / 3) and small offsets: twelve separate offsets spilled registers.
    const float* bb[(NE + 2) / 3];
#pragma GCC unroll 16
    for (int q = 0; q < (NE + 2) / 3; ++q) bb[q] = b + 3 * q * bCol;
#pragma GCC unroll 4
    for (int k = 0; k < kc; ++k) {
        __m512 av[V];
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) {
            if (AM == 0) av[v] = _mm512_load_ps(a + 16 * v);
            else if (v == V - 1) av[v] = _mm512_maskz_loadu_ps(lastMask, a + 16 * v);
            else av[v] = _mm512_loadu_ps(a + 16 * v);
        }
        if (AM == 0) _mm_prefetch(reinterpret_cast<const char*>(a + kPrefetchA * MR), _MM_HINT_T0);
#pragma GCC unroll 16
        for (int j = 0; j < NE; ++j) {
            const __m512 bj = _mm512_set1_ps(bb[j / 3][(j % 3) * bCol]);
#pragma GCC unroll 4
            for (int v = 0; v < V; ++v) acc[v][j] = _mm512_fmadd_ps(av[v], bj, acc[v][j]);
        }
        a += aStep;
#pragma GCC unroll 16
        for (int q = 0; q < (NE + 2) / 3; ++q) bb[q] += bStep;
    }

    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    if (transposedC) {  // 16 x NE blocks transposed in registers, stored as NE-wide rows
        const __mmask16 jm = lowMask(NE);
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) {
            __m512 r[16];
#pragma GCC unroll 16
            for (int j = 0; j < 16; ++j) r[j] = j < NE ? acc[v][j < NE ? j : 0] : _mm512_setzero_ps();
            transpose16(r);
            const int rows = v == V - 1 ? __builtin_popcount(lastMask) : 16;
            for (int l = 0; l < rows; ++l) {
                float* p = c + (16 * v + l) * ldc;
                __m512 x = _mm512_mul_ps(va, r[l]);
                if (beta != 0.0f) x = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(jm, p), x);
                _mm512_mask_storeu_ps(p, jm, x);
            }
        }
        return;
    }
#pragma GCC unroll 16
    for (int j = 0; j < NE; ++j) {
        float* cj = c + j * ldc;
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) {
            const __mmask16 m = v == V - 1 ? lastMask : __mmask16(0xFFFF);
            __m512 x = _mm512_mul_ps(va, acc[v][j]);
            if (beta != 0.0f) x = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m, cj + 16 * v), x);
            _mm512_mask_storeu_ps(cj + 16 * v, m, x);
        }
    }
}

using TileFn = void (*)(int, const float*, std::ptrdiff_t, const float*, std::ptrdiff_t, float*, std::ptrdiff_t, float,
                        float, __mmask16, bool);

template <int AM, int BM, int V, int... Js>
constexpr std::array<TileFn, NR> tileRow(std::integer_sequence<int, Js...>) {
    return {&tile<V, Js + 1, AM, BM>...};
}
template <int AM, int BM, int... Vs>
constexpr std::array<std::array<TileFn, NR>, MV> tileTable(std::integer_sequence<int, Vs...>) {
    return {tileRow<AM, BM, Vs + 1>(std::make_integer_sequence<int, NR>{})...};
}
// kTiles[A in place][B j-contiguous][vectors - 1][columns - 1]
const std::array<std::array<TileFn, NR>, MV> kTiles[2][2] = {{tileTable<0, 1>(std::make_integer_sequence<int, MV>{}),
                                                              tileTable<0, 2>(std::make_integer_sequence<int, MV>{})},
                                                             {tileTable<1, 1>(std::make_integer_sequence<int, MV>{}),
                                                              tileTable<1, 2>(std::make_integer_sequence<int, MV>{})}};

// n cut into ceil(n / most) nearly equal blocks, each a multiple of q (K = 784 runs as 2 x 392, not 384 + 384 + 16).
inline int balancedBlock(int n, int most, int q) {
    const int blocks = (n + most - 1) / most;
    const int b = ((n + blocks - 1) / blocks + q - 1) / q * q;
    return std::min(b, most);
}

// The blocked loops. transposedC false: element (i, j) goes to C[i + j ldc]; true: to C[j + i ldc].
void blocked(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
             int ldb, float beta, float* C, int ldc, bool transposedC) {
    const int kcb = balancedBlock(K, KC, 1), mcb = balancedBlock(M, MC, MR), ncb = balancedBlock(N, NC, NR);
    const int inPlaceA = transA ? 0 : 1, rowB = transB ? 1 : 0;
    float* packed = inPlaceA ? nullptr : t_packed.get(std::size_t(mcb + MR) * std::size_t(kcb));
    for (int jc = 0; jc < N; jc += ncb) {
        const int nc = std::min(ncb, N - jc);
        for (int pc = 0; pc < K; pc += kcb) {
            const int kc = std::min(kcb, K - pc);
            const float betaHere = pc == 0 ? beta : 1.0f;  // the later K blocks add to the first
            for (int ic = 0; ic < M; ic += mcb) {
                const int mc = std::min(mcb, M - ic);
                if (!inPlaceA)
                    for (int ir = 0; ir < mc; ir += MR)
                        packTransposed(packed + std::ptrdiff_t(ir) * kc, A + pc + std::ptrdiff_t(ic + ir) * lda, lda,
                                       MR, std::min(MR, mc - ir), kc);
                for (int jr = 0; jr < nc; jr += NR) {
                    const int nr = std::min(NR, nc - jr);
                    const float* bp = transB ? B + (jc + jr) + std::ptrdiff_t(pc) * ldb
                                             : B + pc + std::ptrdiff_t(jc + jr) * ldb;
                    for (int ir = 0; ir < mc; ir += MR) {
                        const int mr = std::min(MR, mc - ir), v = (mr + 15) / 16;
                        const float* ap = inPlaceA ? A + (ic + ir) + std::ptrdiff_t(pc) * lda
                                                   : packed + std::ptrdiff_t(ir) * kc;
                        float* cp = transposedC ? C + std::ptrdiff_t(ic + ir) * ldc + (jc + jr)
                                                : C + (ic + ir) + std::ptrdiff_t(jc + jr) * ldc;
                        kTiles[inPlaceA][rowB][v - 1][nr - 1](kc, ap, lda, bp, ldb, cp, ldc, alpha, betaHere,
                                                              lowMask(mr - 16 * (v - 1)), transposedC);
                    }
                }
            }
        }
    }
}
#endif

}  // namespace

bool vectorised() {
#ifdef __AVX512F__
    return true;
#else
    return false;
#endif
}

void sgemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0 || alpha == 0.0f) {
        scaleC(M, N, beta, C, ldc);
        return;
    }
#ifdef __AVX512F__
    // Few rows (the ten outputs' dL/dW): a 16-row vector would be mostly masked off, so C^T = op(B)^T op(A)^T is
    // computed instead, with the tiles stored transposed; only where nothing then needs packing (B transposed).
    bool turn = M < 16 && N >= 2 * M && transB;
    // Wᵀ dZ with fewer columns than rows: turned around, the smaller operand is the one transposed into the buffer.
    if (transA && !transB && N < M && N >= 16 && K >= 64) turn = true;
    if (turn) blocked(!transB, !transA, N, M, K, alpha, B, ldb, A, lda, beta, C, ldc, true);
    else blocked(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, false);
#else
    using Map = Eigen::Map<const Eigen::MatrixXf, 0, Eigen::OuterStride<>>;
    const Map a(A, transA ? K : M, transA ? M : K, Eigen::OuterStride<>(lda));
    const Map b(B, transB ? N : K, transB ? K : N, Eigen::OuterStride<>(ldb));
    Eigen::Map<Eigen::MatrixXf, 0, Eigen::OuterStride<>> c(C, M, N, Eigen::OuterStride<>(ldc));
    scaleC(M, N, beta, C, ldc);
    if (transA && transB) c.noalias() += alpha * (a.transpose() * b.transpose());
    else if (transA) c.noalias() += alpha * (a.transpose() * b);
    else if (transB) c.noalias() += alpha * (a * b.transpose());
    else c.noalias() += alpha * (a * b);
#endif
}

}  // namespace engine::gemm
