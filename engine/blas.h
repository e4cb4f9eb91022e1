// Large float matrix products by Debian's OpenBLAS (libopenblas0-serial: one thread) when it is installed and
// measures faster, else nothing: the caller keeps Eigen's product. The library is opened at run time (dlopen), not
// linked, for two reasons measured on the build machine (docs/benchmarks.md, "OpenBLAS"):
//  - Debian's OpenBLAS 0.3.21 does not recognise every AVX-512 CPU (a virtual machine's generic "Intel Xeon
//    Processor" model) and falls back to its slowest "Prescott" kernels, 4x slower than Eigen. The core type can only
//    be chosen by the environment variable OPENBLAS_CORETYPE, read when the library loads; opening it ourselves lets
//    us set it first from the CPU's own feature flags (cpuid), unless the user set it.
//  - Without the library NN Lab runs as before, on Eigen alone: the engine still links Eigen alone.
// Set NNLAB_BLAS=0 to never use it.
#pragma once
#include "engine/types.h"
#include <string>

namespace engine::blas {

// C (m x n) = op(A) op(B), column-major, where op(A) is m x k (A^T when transA) and op(B) is k x n (B^T when
// transB). Returns false, writing nothing, when OpenBLAS is not available or the product is too small to gain from it
// (Eigen's own kernels are as fast on the shapes of small networks).
bool product(bool transA, bool transB, Index m, Index n, Index k, const float* A, Index lda, const float* B, Index ldb,
             float* C, Index ldc);

// Whether a product of these sizes would go to OpenBLAS (false when it is not available).
bool wouldUse(Index m, Index n, Index k);

// What the engine uses for large float products, for `nnlab bench` and `nnlab --version`: "OpenBLAS 0.3.21
// (SkylakeX kernels, one thread)" or "Eigen (OpenBLAS not found)".
std::string description();

}  // namespace engine::blas
