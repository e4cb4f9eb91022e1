// A float matrix product for the larger dense layers (the wide workload's 784-256-256-10 on batches of 128), written
// the way BLIS and GotoBLAS write theirs: the product cut into blocks that stay in the caches, and a 32 x 12 register
// tile of AVX-512 fused multiply-adds at the centre (24 accumulators; each step loads two 16-float columns of A and
// broadcasts twelve values of B). Unlike Eigen's product it packs an operand only when its layout needs it (a
// transposed A), reads the rest in place, and turns a product with few rows around (C^T = B A^T) so its vectors are
// full. Measured against Eigen's float product on the wide workload's eight products: 1.45x (docs/benchmarks.md).
//
// Column-major throughout, with BLAS's meaning: C = alpha op(A) op(B) + beta C, op(A) M x K, op(B) K x N. With
// beta == 0, C is only written (whatever it held, NaN included, is ignored). Without AVX-512 it is Eigen's product.
// Single-threaded; its packing buffer is per thread.
#pragma once

namespace engine::gemm {

// Whether the hand-written kernel is compiled in (an AVX-512 build); without it sgemm is Eigen's product.
bool vectorised();

void sgemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc);

}  // namespace engine::gemm
