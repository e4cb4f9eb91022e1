#include "engine/blas.h"
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>

namespace engine::blas {
namespace {
// cblas_sgemm(order, transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc) with CBLAS's enum values.
using Sgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
constexpr int kColMajor = 102, kNoTrans = 111, kTrans = 112;

// Products below this many multiply-adds stay with Eigen: on 256 x 128 x 256 the two measured the same, and on the
// shapes of the 2-D networks Eigen's small kernels win. Above it (w4's 256 x 784 x 128 products) OpenBLAS's
// AVX-512 kernels measured 1.6-2x Eigen's.
constexpr double kMinWork = 12e6;

struct Library {
    Sgemm sgemm = nullptr;
    std::string what = "Eigen (OpenBLAS not found)";

    Library() {
        if (const char* off = std::getenv("NNLAB_BLAS"); off && (!std::strcmp(off, "0") || !std::strcmp(off, "off"))) {
            what = "Eigen (NNLAB_BLAS=0)";
            return;
        }
        // The core type from the CPU's flags, when the user did not choose one. Only the three families Debian's
        // build has kernels for and that every CPU with these flags runs.
        if (!std::getenv("OPENBLAS_CORETYPE")) {
            __builtin_cpu_init();
            const char* core = nullptr;
            if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
                core = "SKYLAKEX";
            else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) core = "HASWELL";
            if (core) setenv("OPENBLAS_CORETYPE", core, 0);
        }
        setenv("OPENBLAS_NUM_THREADS", "1", 0);  // the serial build has one anyway; a threaded one must not start more
        void* h = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
        if (!h) return;
        sgemm = reinterpret_cast<Sgemm>(dlsym(h, "cblas_sgemm"));
        using Text = char* (*)();
        const auto config = reinterpret_cast<Text>(dlsym(h, "openblas_get_config"));
        const auto core = reinterpret_cast<Text>(dlsym(h, "openblas_get_corename"));
        if (!sgemm) {
            what = "Eigen (libopenblas.so.0 has no cblas_sgemm)";
            return;
        }
        // "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ..." -> "OpenBLAS 0.3.21"
        const std::string full = config ? config() : "OpenBLAS";
        const std::size_t space = full.find(' ', full.find(' ') + 1);
        what = full.substr(0, space) + " (" + (core ? core() : "default") + " kernels, " + std::to_string(1) +
               " thread)";
    }
};

// Opened while the program loads, before any thread exists: setenv is not safe once threads read the environment.
const Library kLibrary;
}  // namespace

bool wouldUse(Index m, Index n, Index k) { return kLibrary.sgemm && double(m) * double(n) * double(k) >= kMinWork; }

bool product(bool transA, bool transB, Index m, Index n, Index k, const float* A, Index lda, const float* B, Index ldb,
             float* C, Index ldc) {
    if (!wouldUse(m, n, k)) return false;
    kLibrary.sgemm(kColMajor, transA ? kTrans : kNoTrans, transB ? kTrans : kNoTrans, int(m), int(n), int(k), 1.0f, A,
                   int(lda), B, int(ldb), 0.0f, C, int(ldc));
    return true;
}

std::string description() { return kLibrary.what; }

}  // namespace engine::blas
