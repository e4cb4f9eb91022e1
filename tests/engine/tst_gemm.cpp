// The hand-written float product (engine/gemm.h) against a double-precision reference, in BLAS's meaning: the eight
// products of a 784-256-256-10 layer stack on a batch of 128, awkward sizes (edges of the 32 x 12 tile, K = 0, one
// row, one column) in all four transpose combinations, random sizes; alpha and beta of every kind, leading dimensions
// with padding (NaN in the padding of A and B, which must never be read; a marker in C's, which must never be
// written), and NaN in C with beta = 0 (C is then only written). Each entry is within the classical bound of a float
// dot product, (K + 4) 2^-24 (|alpha| |op(A)| |op(B)| + |beta C|).
#include "engine/gemm.h"
#include <Eigen/Core>
#include <QtTest>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace {
using MatD = Eigen::MatrixXd;
constexpr float kMarker = 12345.0f;

struct Case {
    bool ta = false, tb = false;
    int M = 0, N = 0, K = 0;
    float alpha = 1, beta = 0;
    int pad = 0;
    bool nanC = false;
};

// The number of entries of C outside the bound or padding that was written (0: the product is right).
int wrongEntries(const Case& c, std::mt19937& rng) {
    const int ar = c.ta ? c.K : c.M, ac = c.ta ? c.M : c.K, br = c.tb ? c.N : c.K, bc = c.tb ? c.K : c.N;
    const int lda = std::max(1, ar + c.pad), ldb = std::max(1, br + c.pad), ldc = std::max(1, c.M + c.pad);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> A(std::size_t(lda) * std::size_t(std::max(ac, 1)), nan),
        B(std::size_t(ldb) * std::size_t(std::max(bc, 1)), nan),
        C(std::size_t(ldc) * std::size_t(std::max(c.N, 1)), kMarker);
    MatD Ad(ar, ac), Bd(br, bc), C0(c.M, c.N);
    for (int j = 0; j < ac; ++j)
        for (int i = 0; i < ar; ++i) Ad(i, j) = A[std::size_t(i + j * lda)] = u(rng);
    for (int j = 0; j < bc; ++j)
        for (int i = 0; i < br; ++i) Bd(i, j) = B[std::size_t(i + j * ldb)] = u(rng);
    for (int j = 0; j < c.N; ++j)
        for (int i = 0; i < c.M; ++i) {
            C[std::size_t(i + j * ldc)] = c.nanC ? nan : u(rng);
            C0(i, j) = c.nanC ? 0 : C[std::size_t(i + j * ldc)];
        }
    const MatD opA = c.ta ? MatD(Ad.transpose()) : Ad, opB = c.tb ? MatD(Bd.transpose()) : Bd;
    MatD want = double(c.alpha) * (opA * opB), size = std::abs(double(c.alpha)) * (opA.cwiseAbs() * opB.cwiseAbs());
    if (c.beta != 0) {
        want += double(c.beta) * C0;
        size += std::abs(double(c.beta)) * C0.cwiseAbs();
    }
    engine::gemm::sgemm(c.ta, c.tb, c.M, c.N, c.K, c.alpha, A.data(), lda, B.data(), ldb, c.beta, C.data(), ldc);
    const double tol = (c.K + 4) * std::ldexp(1.0, -24);
    int wrong = 0;
    for (int j = 0; j < c.N; ++j) {
        for (int i = 0; i < c.M; ++i) {
            const double got = C[std::size_t(i + j * ldc)];
            if (!(std::abs(got - want(i, j)) <= tol * size(i, j) + 1e-30)) ++wrong;
        }
        for (int i = c.M; i < ldc; ++i)
            if (C[std::size_t(i + j * ldc)] != kMarker) ++wrong;
    }
    return wrong;
}

QString name(const Case& c) {
    return QStringLiteral("%1%2 %3x%4x%5 alpha %6 beta %7 pad %8%9")
        .arg(c.ta ? 'T' : 'N')
        .arg(c.tb ? 'T' : 'N')
        .arg(c.M)
        .arg(c.N)
        .arg(c.K)
        .arg(double(c.alpha))
        .arg(double(c.beta))
        .arg(c.pad)
        .arg(c.nanC ? " NaN in C" : "");
}
}  // namespace

class TstGemm : public QObject {
    Q_OBJECT
private slots:
    void theWideLayersProducts() {
        std::mt19937 rng(1);
        const Case shapes[] = {{false, false, 256, 128, 784}, {false, false, 256, 128, 256},
                               {false, false, 10, 128, 256},  {false, true, 256, 784, 128},
                               {false, true, 256, 256, 128},  {false, true, 10, 256, 128},
                               {true, false, 256, 128, 256},  {true, false, 256, 128, 10}};
        for (Case c : shapes) {
            for (auto [alpha, beta, pad, nanC] :
                 {std::tuple{1.0f, 0.0f, 0, false}, std::tuple{1.0f, 0.0f, 0, true}, std::tuple{1.0f, 1.0f, 0, false},
                  std::tuple{-0.5f, 0.75f, 3, false}}) {
                c.alpha = alpha, c.beta = beta, c.pad = pad, c.nanC = nanC;
                QVERIFY2(wrongEntries(c, rng) == 0, qPrintable(name(c)));
            }
        }
    }

    void awkwardSizes() {
        std::mt19937 rng(2);
        const int sizes[][3] = {{1, 1, 1},     {17, 13, 5},    {33, 29, 300}, {255, 127, 783}, {1, 50, 7},
                                {50, 1, 7},    {16, 12, 1},    {32, 24, 16},  {31, 11, 17},    {47, 25, 385},
                                {49, 37, 769}, {3, 200, 2},    {200, 3, 2},   {100, 100, 0},   {0, 5, 5},
                                {5, 0, 5},     {64, 65, 1000}, {300, 9, 33},  {513, 70, 130},  {10, 784, 128},
                                {784, 10, 128}};
        for (bool ta : {false, true})
            for (bool tb : {false, true})
                for (const auto& s : sizes)
                    for (auto [alpha, beta, pad, nanC] :
                         {std::tuple{1.0f, 0.0f, 0, false}, std::tuple{1.0f, 0.0f, 0, true},
                          std::tuple{1.0f, 1.0f, 1, false}, std::tuple{2.5f, -1.5f, 5, false},
                          std::tuple{0.0f, 0.5f, 0, false}}) {  // alpha 0: C = beta C
                        const Case c{ta, tb, s[0], s[1], s[2], alpha, beta, pad, nanC};
                        QVERIFY2(wrongEntries(c, rng) == 0, qPrintable(name(c)));
                    }
    }

    void randomSizes() {
        std::mt19937 rng(3);
        std::uniform_int_distribution<int> side(1, 140), depth(0, 900);
        for (int r = 0; r < 200; ++r) {
            const Case c{(r & 1) != 0,         (r & 2) != 0,        side(rng), side(rng),  depth(rng),
                         r % 3 ? 1.0f : -0.7f, r % 5 ? 0.3f : 0.0f, r % 4,     r % 35 == 0};
            QVERIFY2(wrongEntries(c, rng) == 0, qPrintable(name(c)));
        }
    }
};

QTEST_GUILESS_MAIN(TstGemm)
#include "tst_gemm.moc"
