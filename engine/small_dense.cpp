#include "engine/small_dense.h"
#include "engine/activation.h"
#include "engine/small_kernels.h"
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

// Eigen's packet types carry vector attributes that GCC drops (and says so) when they are template arguments.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wignored-attributes"
#endif

namespace engine {
namespace {
using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;
// The workspace's arrays start on Eigen's widest alignment and are padded to whole packets (SmallDense::plan), so the
// element-wise passes run over whole packets: no scalar head or tail, where each tanh or exp would be a call.
using PaddedMap = Eigen::Map<Eigen::ArrayXf, Eigen::AlignedMax>;
using ConstPaddedMap = Eigen::Map<const Eigen::ArrayXf, Eigen::AlignedMax>;
constexpr Index kPad = 16;  // floats: 64 bytes, a whole AVX-512 packet (and a whole number of smaller ones)
inline Index padded(Index n) { return (n + kPad - 1) / kPad * kPad; }

bool elementwise(Activation f) {
    return f == Activation::Identity || f == Activation::Tanh || f == Activation::Sigmoid || f == Activation::ReLU ||
           f == Activation::LeakyReLU;
}

using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int kLanes = Eigen::internal::unpacket_traits<Packet>::size;

// tanh as Eigen computes it (the rational approximation of generic_fast_tanh_float, Eigen 3.4: the same clamp and
// coefficients), with the one division done as a reciprocal estimate and a Newton step (relative error about 2^-28,
// below float's rounding): on AVX-512 the division was a third of the boundary's frame.
inline Packet tanhOf(const Packet& in) {
    namespace ei = Eigen::internal;
#ifdef __AVX512F__
    if constexpr (std::is_same_v<Packet, Eigen::internal::Packet16f>) {
        const Packet x = ei::pmax(ei::pmin(in, ei::pset1<Packet>(7.99881172180175781f)),
                                  ei::pset1<Packet>(-7.99881172180175781f));
        const Packet x2 = ei::pmul(x, x);
        Packet p = ei::pmadd(x2, ei::pset1<Packet>(-2.76076847742355e-16f), ei::pset1<Packet>(2.00018790482477e-13f));
        p = ei::pmadd(x2, p, ei::pset1<Packet>(-8.60467152213735e-11f));
        p = ei::pmadd(x2, p, ei::pset1<Packet>(5.12229709037114e-08f));
        p = ei::pmadd(x2, p, ei::pset1<Packet>(1.48572235717979e-05f));
        p = ei::pmadd(x2, p, ei::pset1<Packet>(6.37261928875436e-04f));
        p = ei::pmadd(x2, p, ei::pset1<Packet>(4.89352455891786e-03f));
        p = ei::pmul(x, p);
        Packet q = ei::pmadd(x2, ei::pset1<Packet>(1.19825839466702e-06f), ei::pset1<Packet>(1.18534705686654e-04f));
        q = ei::pmadd(x2, q, ei::pset1<Packet>(2.26843463243900e-03f));
        q = ei::pmadd(x2, q, ei::pset1<Packet>(4.89352518554385e-03f));
        Packet r = _mm512_rcp14_ps(q);                                         // q >= 0.0049: no zero, no sign change
        r = ei::pmadd(r, _mm512_fnmadd_ps(q, r, ei::pset1<Packet>(1.0f)), r);  // r + r (1 - q r)
        // (Eigen returns x itself below |x| = 0.0004; p/q there is x (1 - 1.3e-7), within a float's rounding.)
        return ei::pmul(p, r);
    }
#endif
    return Eigen::internal::ptanh(in);
}

// a = f(z) over R x N values (the general float path's expressions, engine/activation.cpp; tanh through tanhOf), padding
// included (z's padding is finite: zeros, or values of an earlier batch).
void activateInto(Activation f, const float* zp, float* ap, int R, Index N) {
    const Index n = padded(Index(R) * N);
    const ConstPaddedMap z(zp, n);
    PaddedMap a(ap, n);
    switch (f) {
    case Activation::Tanh:  // whole packets (the arrays are padded), through tanhOf
        for (Index i = 0; i < n; i += kLanes)
            Eigen::internal::pstore(ap + i, tanhOf(Eigen::internal::pload<Packet>(zp + i)));
        return;
    case Activation::ReLU: a = z.max(0.0f); return;
    case Activation::LeakyReLU: a = (z > 0).select(z, float(kLeakyReluSlope) * z); return;
    case Activation::Sigmoid:  // 1/(1+e^-z) as e^-|z| based, never overflowing
        a = (-z.abs()).exp();
        a = (z >= 0).select(1.0f, a) / (1.0f + a);
        return;
    case Activation::Softmax:
        for (Index c = 0; c < N; ++c) {
            const ConstArrayMap zc(zp + c * R, R);
            ArrayMap ac(ap + c * R, R);
            ac = (zc - zc.maxCoeff()).exp();
            ac /= ac.sum();
        }
        return;
    default: a = z; return;  // identity
    }
}

// d (dL/da on entry) becomes dL/dz = d .* f'(z): tanh' = 1 - a^2, sigmoid' = a (1 - a), ReLU' = [z > 0].
void applyDerivative(Activation f, const float* zp, const float* ap, float* dp, Index count) {
    const Index n = padded(count);
    PaddedMap d(dp, n);
    const ConstPaddedMap z(zp, n), a(ap, n);
    switch (f) {
    case Activation::Tanh: d *= 1.0f - a.square(); return;
    case Activation::Sigmoid: d *= a * (1.0f - a); return;
    case Activation::ReLU: d = (z > 0).select(d, 0.0f); return;
    case Activation::LeakyReLU: d = (z > 0).select(d, float(kLeakyReluSlope) * d); return;
    default: return;  // identity
    }
}

// out (R) = the sum of the N columns of d (R x N), accumulated in registers (out may alias nothing the loop reads).
void sumColumns(const float* __restrict d, int R, Index N, float* __restrict out) {
    int j = 0;
    for (; j + 16 <= R; j += 16) {
        small::v16 acc = small::load<small::v16>(d + j);
        for (Index n = 1; n < N; ++n) acc += small::load<small::v16>(d + n * R + j);
        small::store(out + j, acc);
    }
    for (; j < R; ++j) {
        float acc = d[j];
        for (Index n = 1; n < N; ++n) acc += d[n * R + j];
        out[j] = acc;
    }
}

// The loss of the batch and the output layer's dL/dz (into d), as engine/loss.cpp defines them.
float outputLossAndDelta(Loss loss, Activation f, const float* z, const float* a, const float* y, int K, Index N,
                         float* d) {
    const Index n = Index(K) * N;
    float sum = 0;
    switch (loss) {
    case Loss::MSE: {  // L = mean over samples of (1/K) sum_k (a - y)^2;  dL/da = 2 (a - y) / (N K)
        const float scale = 2.0f / float(n);
        for (Index i = 0; i < n; ++i) {
            const float diff = a[i] - y[i];
            sum += diff * diff;
            d[i] = scale * diff;
        }
        applyDerivative(f, z, a, d, n);
        return sum / float(n);
    }
    case Loss::BinaryCrossEntropy: {  // after a sigmoid, from the logit: max(z,0) - z y + ln(1 + e^-|z|)
        const float scale = 1.0f / float(n);
        for (Index i = 0; i < n; ++i) {
            sum += std::max(z[i], 0.0f) - z[i] * y[i] + std::log1p(std::exp(-std::abs(z[i])));
            d[i] = (a[i] - y[i]) * scale;  // sigmoid + BCE: dL/dz = (a - y) / (N K)
        }
        return sum / float(n);
    }
    case Loss::SoftmaxCrossEntropy: {  // after a softmax: -sum_k y_k (z_k - logsumexp(z));  dL/dz = (a - y) / N
        const float scale = 1.0f / float(N);
        for (Index c = 0; c < N; ++c) {
            const ConstArrayMap zc(z + c * K, K), yc(y + c * K, K);
            const float m = zc.maxCoeff();
            const float lse = m + std::log((zc - m).exp().sum());
            sum -= (yc * (zc - lse)).sum();
        }
        for (Index i = 0; i < n; ++i) d[i] = (a[i] - y[i]) * scale;
        return sum / float(N);
    }
    }
    return 0;
}

// The forward pass with the samples across the vector lanes: a block of `lanes` samples goes through every layer in
// registers and a small stack buffer, each unit's z accumulated for all the block's samples at once and its
// activation applied before it is stored. For many columns (the decision boundary's 65,536 points) this beats the
// layer-by-layer path: no pass over memory per layer and activation, and a one-unit output layer is K vector FMAs
// per block instead of K scalar FMAs per sample.
namespace lanes {
using namespace Eigen::internal;

inline Packet activate(Activation f, const Packet& z) {
    switch (f) {
    case Activation::Tanh: return tanhOf(z);
    case Activation::ReLU: return pmax(z, pzero(z));
    case Activation::LeakyReLU: return pselect(pcmp_lt(pzero(z), z), z, pmul(pset1<Packet>(float(kLeakyReluSlope)), z));
    case Activation::Sigmoid: {  // as activateInto: e^-|z|, then (z >= 0 ? 1 : e) / (1 + e)
        const Packet one = pset1<Packet>(1.0f);
        const Packet e = pexp(pnegate(pabs(z)));
        return pdiv(pselect(pcmp_le(pzero(z), z), one, e), padd(one, e));
    }
    default: return z;  // identity (and softmax, applied per column by the caller)
    }
}

// act[j] (j < R, each a packet of the block's samples) = f(b_j + sum_k W(j, k) in[k]); B units per pass, so their
// accumulators stay in registers while each in[k] is loaded once.
template <int B>
inline void units(const float* W, const float* b, int R, int K, int j, const Packet* in, Activation f, Packet* act) {
    Packet acc[B];
    for (int i = 0; i < B; ++i) acc[i] = pset1<Packet>(b[j + i]);
    for (int k = 0; k < K; ++k) {
        const Packet x = in[k];
        const float* w = W + Index(k) * R + j;
        for (int i = 0; i < B; ++i) acc[i] = pmadd(pset1<Packet>(w[i]), x, acc[i]);
    }
    if (f == Activation::Tanh) {  // straight-line: the B tanh chains interleave (the switch in a loop kept them apart)
        for (int i = 0; i < B; ++i) act[j + i] = tanhOf(acc[i]);
        return;
    }
    for (int i = 0; i < B; ++i) act[j + i] = activate(f, acc[i]);
}

// One packet of row `row` of X (rows x N, column-major): lane p holds sample p's value, lanes past N hold 0.
inline Packet gatherLanes(const float* X, int rows, int row, Index N) {
#ifdef __AVX512F__
    if constexpr (kLanes == 16) {  // no scalar stores read back as a vector: they stall on store forwarding
        const __mmask16 live = __mmask16((1u << N) - 1u);
        const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        if (N * rows <= 16) {  // the whole batch in one load, each row's values moved to the front
            const __m512 all = _mm512_maskz_loadu_ps(__mmask16((1u << (N * rows)) - 1u), X);
            return _mm512_maskz_permutexvar_ps(live,
                                               _mm512_add_epi32(_mm512_mullo_epi32(lanes, _mm512_set1_epi32(rows)),
                                                                _mm512_set1_epi32(row)),
                                               all);
        }
        return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), live, _mm512_mullo_epi32(lanes, _mm512_set1_epi32(rows)),
                                        X + row, 4);
    }
#endif
    alignas(64) float lane[kLanes];
    for (int p = 0; p < kLanes; ++p) lane[p] = p < N ? X[p * rows + row] : 0.0f;
    return pload<Packet>(lane);
}

void forward(const ParameterLayout& layout, const float* params, const float* X, Index N, float* out) {
    const int L = layout.layerCount(), K0 = layout.inputs(0), R_out = layout.units(L - 1);
    const Activation outAct = layout.layer(L - 1).spec.activation;
    alignas(64) Packet buffers[2][SmallDense::kMaxUnits];
    alignas(64) float lane[kLanes];
    for (Index n0 = 0; n0 < N; n0 += kLanes) {
        const int P = int(std::min<Index>(kLanes, N - n0));
        for (int k = 0; k < K0; ++k) buffers[0][k] = gatherLanes(X + n0 * K0, K0, k, P);  // missing samples 0
        int cur = 0;
        for (int l = 0; l < L; ++l) {
            const LayerLayout& layer = layout.layer(l);
            const float* W = params + layer.weightOffset;
            const float* b = params + layer.biasOffset;
            const int R = layer.weightRows, K = layer.weightCols;
            const Activation f = layer.spec.activation;
            Packet* next = buffers[1 - cur];
            int j = 0;
            for (; j + 8 <= R; j += 8) units<8>(W, b, R, K, j, buffers[cur], f, next);
            for (; j + 4 <= R; j += 4) units<4>(W, b, R, K, j, buffers[cur], f, next);
            for (; j < R; ++j) units<1>(W, b, R, K, j, buffers[cur], f, next);
            cur = 1 - cur;
        }
        for (int j = 0; j < R_out; ++j) {  // back to one column per sample
            if (R_out == 1 && P == kLanes) {
                pstoreu(out + n0, buffers[cur][0]);
                break;
            }
            pstore(lane, buffers[cur][j]);
            for (int p = 0; p < P; ++p) out[(n0 + p) * R_out + j] = lane[p];
        }
    }
    if (outAct == Activation::Softmax)  // not element-wise: per column, on the z written above
        for (Index c = 0; c < N; ++c) {
            ArrayMap a(out + c * R_out, R_out);
            a = (a - a.maxCoeff()).exp();
            a /= a.sum();
        }
}

// f'(z) from a = f(z), for the element-wise activations.
inline Packet derivativeFromA(Activation f, const Packet& a) {
    const Packet one = pset1<Packet>(1.0f);
    switch (f) {
    case Activation::Tanh: return psub(one, pmul(a, a));
    case Activation::Sigmoid: return pmul(a, psub(one, a));
    case Activation::ReLU: return pand(pcmp_lt(pzero(a), a), one);
    case Activation::LeakyReLU: return pselect(pcmp_lt(pzero(a), a), one, pset1<Packet>(float(kLeakyReluSlope)));
    default: return one;  // identity
    }
}
}  // namespace lanes

#ifdef __AVX512F__
// The update of a tiny batch (N <= 16 samples: XOR's four) with units and samples together in each AVX-512 packet.
// A batch of N samples takes groups of G lanes (G = N rounded up to a power of two), so a packet holds U = 16 / G
// units: lane u G + s is sample s of unit u. For XOR's 2-4-1 on four samples the hidden layer is one packet, so its
// four tanh are one tanh, and each group of four gradient entries is two shuffled additions and one store, where one
// unit per packet (the samples alone across the lanes) left three quarters of every packet empty and took a
// horizontal sum per parameter. Lanes of samples past N and of units past the layer's width are masked out of the
// loss and of every dL/dz, so they add nothing to a gradient.
//
// Forms of a layer's values: "packed" (P = ceil(R / U) packets, unit p U + u in group u of packet p) for z, a and
// dL/dz; "spread" (one packet per unit, its samples repeated in every group) for the inputs that the next layer
// multiplies by its weights. A weight column W(p U + u, k), u < U, is one masked load spread over the groups.
namespace grouped {
template <int D> inline __m512 swapLanes(__m512 x) {  // lane l <- lane l xor D
    if constexpr (D == 1) return _mm512_permute_ps(x, 0xB1);
    else if constexpr (D == 2) return _mm512_permute_ps(x, 0x4E);
    else if constexpr (D == 4) return _mm512_shuffle_f32x4(x, x, 0xB1);
    else return _mm512_shuffle_f32x4(x, x, 0x4E);
}

// Every lane: the sum over its group (a unit's samples).
template <int G> inline __m512 sumInGroups(__m512 x) {
    if constexpr (G >= 2) x = _mm512_add_ps(x, swapLanes<1>(x));
    if constexpr (G >= 4) x = _mm512_add_ps(x, swapLanes<2>(x));
    if constexpr (G >= 8) x = _mm512_add_ps(x, swapLanes<4>(x));
    if constexpr (G >= 16) x = _mm512_add_ps(x, swapLanes<8>(x));
    return x;
}

// Every lane: op over the groups (the packet's units) of its sample.
template <int G, class Op> inline __m512 acrossGroups(__m512 x, Op op) {
    if constexpr (G <= 1) x = op(x, swapLanes<1>(x));
    if constexpr (G <= 2) x = op(x, swapLanes<2>(x));
    if constexpr (G <= 4) x = op(x, swapLanes<4>(x));
    if constexpr (G <= 8) x = op(x, swapLanes<8>(x));
    return x;
}

inline __mmask16 firstLanes(int n) { return __mmask16((1u << std::min(n, 16)) - 1u); }

template <int G> struct Lanes {
    static constexpr int U = 16 / G;
    static constexpr int shift = G == 1 ? 0 : G == 2 ? 1 : G == 4 ? 2 : G == 8 ? 3 : 4;
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i sample = _mm512_and_si512(iota, _mm512_set1_epi32(G - 1));  // s of lane u G + s
    const __m512i group = _mm512_srli_epi32(iota, shift);                    // u
    const __m512i front = _mm512_slli_epi32(iota, shift);                    // lane i <- lane i G: each group's first
    __mmask16 samples = 0;                                                   // the lanes of samples below N
    explicit Lanes(Index N) {
        for (int u = 0; u < U; ++u) samples = __mmask16(samples | (firstLanes(int(N)) << (u * G)));
    }
    static int count(int R, int p) { return std::min(U, R - p * U); }  // the units in packet p of R
    __mmask16 live(int R, int p) const { return __mmask16(samples & firstLanes(count(R, p) * G)); }
    // ptr[u] in every lane of group u, u < n (0 past n).
    __m512 spreadUnits(const float* ptr, int n) const {
        return _mm512_permutexvar_ps(group, _mm512_maskz_loadu_ps(firstLanes(n), ptr));
    }
    // Group u of packet x in every group.
    __m512 spreadGroup(__m512 x, int u) const {
        return _mm512_permutexvar_ps(_mm512_add_epi32(sample, _mm512_set1_epi32(u * G)), x);
    }
    // Lane (u, s) <- M[s rows + first + u unitStep] for the lanes `mask`, M column-major with N columns. `all`: M's
    // first 16 values, when the batch is that small (one load, then no scalar stores read back and no gather).
    __m512i index(int rows, int first, int unitStep) const {
        return _mm512_add_epi32(
            _mm512_add_epi32(_mm512_mullo_epi32(sample, _mm512_set1_epi32(rows)), _mm512_set1_epi32(first)),
            _mm512_mullo_epi32(group, _mm512_set1_epi32(unitStep)));
    }
    static bool oneLoad(int rows, Index N) { return N * rows <= 16; }
    static __m512 loadAll(const float* M, int rows, Index N) {
        return oneLoad(rows, N) ? _mm512_maskz_loadu_ps(firstLanes(int(N * rows)), M) : _mm512_setzero_ps();
    }
    __m512 read(const float* M, __m512 all, int rows, Index N, int first, int unitStep, __mmask16 mask) const {
        const __m512i idx = index(rows, first, unitStep);
        if (oneLoad(rows, N)) return _mm512_maskz_permutexvar_ps(mask, idx, all);
        return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), mask, idx, M, 4);
    }
    // The sums over samples of packet x's groups, stored at out[0..n) (unit u's at out[u]).
    void storeSums(__m512 x, float* out, int n) const {
        _mm512_mask_storeu_ps(out, firstLanes(n), _mm512_permutexvar_ps(front, sumInGroups<G>(x)));
    }
};

// One update. Values that the next step reads at once stay in registers (the first packet of a layer's a, and of
// dL/dz); what goes through memory is read back only later, so few loads wait on the stores before them.
template <int G>
float lossAndGradient(const NetworkSpec& spec, const ParameterLayout& layout, const float* params, const float* X,
                      const float* Y, Index N, float* grads, __m512* work) {
    using namespace Eigen::internal;
    const Lanes<G> lanes(N);
    constexpr int U = Lanes<G>::U;
    const int L = layout.layerCount(), K0 = layout.inputs(0), KO = layout.units(L - 1);
    const auto packets = [](int R) { return (R + U - 1) / U; };
    const auto count = [](int R, int p) { return Lanes<G>::count(R, p); };
    __m512* a[SmallDense::kLanesTrainLayers];  // each layer's a, packed (the output's: softmax only)
    __m512* at = work;
    int widest = 0;
    for (int l = 0; l < L; ++l) {
        a[l] = at;
        at += packets(layout.units(l));
        widest = std::max(widest, packets(layout.units(l)));
    }
    __m512* d = at;  // dL/dz of a layer, packed, then of the layer below
    __m512* dBelow = d + widest;
    __m512* xSpread = dBelow + widest;  // the inputs spread, when the batch is more than one load
    const __m512 xAll = Lanes<G>::loadAll(X, K0, N);
    if (!Lanes<G>::oneLoad(K0, N))
        for (int k = 0; k < K0; ++k) xSpread[k] = lanes.read(X, xAll, K0, N, k, 0, lanes.samples);
    __m512 aFirst = _mm512_setzero_ps();  // a[l][0] of the layer last computed
    // Input k of layer l, spread; `first`: a[l - 1][0].
    const auto input = [&](int l, int k, __m512 first) {
        if (l == 0) return Lanes<G>::oneLoad(K0, N) ? lanes.read(X, xAll, K0, N, k, 0, lanes.samples) : xSpread[k];
        return lanes.spreadGroup(k < U ? first : a[l - 1][k / U], k % U);
    };

    // Forward, packet by packet: z = W in + b in a register, then a = f(z); for the output, its loss terms and dL/dz.
    const __m512 yAll = Lanes<G>::loadAll(Y, KO, N);
    __m512 sum = _mm512_setzero_ps();  // the loss's terms, lane by lane
    for (int l = 0; l < L; ++l) {
        const LayerLayout& layer = layout.layer(l);
        const float* W = params + layer.weightOffset;
        const float* b = params + layer.biasOffset;
        const int R = layer.weightRows, K = layer.weightCols;
        const Activation f = layer.spec.activation;
        const __m512 below = aFirst;
        for (int p = 0; p < packets(R); ++p) {
            const int n = count(R, p);
            __m512 z = lanes.spreadUnits(b + p * U, n);
            for (int k = 0; k < K; ++k) z = _mm512_fmadd_ps(lanes.spreadUnits(W + k * R + p * U, n), input(l, k, below), z);
            if (l + 1 < L) {
                const __m512 act = lanes::activate(f, z);
                a[l][p] = act;
                if (p == 0) aFirst = act;
                continue;
            }
            const __mmask16 live = lanes.live(R, p);
            const __m512 y = lanes.read(Y, yAll, KO, N, p * U, 1, live);
            switch (spec.loss) {
            case Loss::MSE: {  // L = mean over N and K of (a - y)^2;  dL/dz = 2 (a - y) / (N K) f'(z)
                const __m512 act = lanes::activate(f, z);
                const __m512 diff = _mm512_maskz_sub_ps(live, act, y);
                sum = _mm512_fmadd_ps(diff, diff, sum);
                d[p] = _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(2.0f / float(N * KO)), diff),
                                     lanes::derivativeFromA(f, act));
                break;
            }
            case Loss::BinaryCrossEntropy: {  // max(z, 0) - z y + ln(1 + e^-|z|);  dL/dz = (a - y) / (N K)
                const __m512 e = pexp(pnegate(pabs(z)));
                const __m512 term = padd(psub(pmax(z, pzero(z)), pmul(z, y)), plog(padd(pset1<__m512>(1.0f), e)));
                sum = _mm512_mask_add_ps(sum, live, sum, term);
                d[p] = _mm512_maskz_mul_ps(live, _mm512_set1_ps(1.0f / float(N * KO)),
                                           _mm512_sub_ps(lanes::activate(f, z), y));
                break;
            }
            case Loss::SoftmaxCrossEntropy:  // across the units, once every packet's z is known: below
                // Lanes of units past KO take -inf, so that they count neither in the max nor in the sum.
                a[l][p] = _mm512_mask_blend_ps(firstLanes(n * G), _mm512_set1_ps(-std::numeric_limits<float>::infinity()),
                                               z);
                break;
            }
        }
    }
    if (spec.loss == Loss::SoftmaxCrossEntropy) {  // a = softmax(z);  -sum_k y_k (z_k - lse);  dL/dz = (a - y) / N
        __m512* z = a[L - 1];
        const int PO = packets(KO);
        __m512 m = z[0];
        for (int p = 1; p < PO; ++p) m = _mm512_max_ps(m, z[p]);
        m = acrossGroups<G>(m, [](__m512 x, __m512 w) { return _mm512_max_ps(x, w); });
        __m512 total = _mm512_setzero_ps();
        for (int p = 0; p < PO; ++p) total = _mm512_add_ps(total, pexp(_mm512_sub_ps(z[p], m)));
        total = acrossGroups<G>(total, [](__m512 x, __m512 w) { return _mm512_add_ps(x, w); });
        const __m512 lse = _mm512_add_ps(m, plog(total));
        for (int p = 0; p < PO; ++p) {
            const __mmask16 live = lanes.live(KO, p);
            const __m512 y = lanes.read(Y, yAll, KO, N, p * U, 1, live);
            const __m512 softmax = _mm512_div_ps(pexp(_mm512_sub_ps(z[p], m)), total);
            sum = _mm512_mask_sub_ps(sum, live, sum, _mm512_mul_ps(y, _mm512_sub_ps(z[p], lse)));
            d[p] = _mm512_maskz_mul_ps(live, _mm512_set1_ps(1.0f / float(N)), _mm512_sub_ps(softmax, y));
        }
    }
    const float loss = _mm512_reduce_add_ps(sum) / float(spec.loss == Loss::SoftmaxCrossEntropy ? N : N * KO);

    // Backward, layer by layer down: dL/db_j = sum over samples of d_j, dL/dW(j, k) = sum over samples of d_j in_k,
    // and dL/da of the layer below = sum_j W(j, k) d_j, times f'(z below).
    __m512 dFirst = d[0];  // d[0], in a register
    const auto store = [&](__m512 x, Index i, int n) { lanes.storeSums(x, grads + i, n); };  // dL/dp, p at i..i+n
    for (int l = L - 1; l >= 0; --l) {
        const LayerLayout& layer = layout.layer(l);
        const int R = layer.weightRows, K = layer.weightCols, P = packets(R);
        const float* W = params + layer.weightOffset;
        const Index w0 = layer.weightOffset;
        const auto dz = [&](int p) { return p == 0 ? dFirst : d[p]; };
        const __m512 below = l > 0 ? a[l - 1][0] : _mm512_setzero_ps();
        for (int p = 0; p < P; ++p) store(dz(p), layer.biasOffset + p * U, count(R, p));
        if (R == 1) {  // one unit: W's row and dL/dW's are contiguous, and the layer below's units go packed
            const __m512 dSpread = lanes.spreadGroup(dFirst, 0);
            if (l == 0) {
                for (int k = 0; k < K; ++k) store(_mm512_mul_ps(dSpread, input(0, k, below)), w0 + k, 1);
                break;
            }
            const Activation f = layout.layer(l - 1).spec.activation;
            for (int q = 0; q < packets(K); ++q) {
                const int n = count(K, q);
                const __m512 in = q == 0 ? below : a[l - 1][q];
                dBelow[q] = _mm512_maskz_mul_ps(lanes.live(K, q),
                                                _mm512_mul_ps(dSpread, lanes.spreadUnits(W + q * U, n)),
                                                lanes::derivativeFromA(f, in));
                if (q == 0) dFirst = dBelow[0];
                store(_mm512_mul_ps(dSpread, in), w0 + q * U, n);
            }
            std::swap(d, dBelow);
            continue;
        }
        const auto weightGradients = [&] {
            for (int k = 0; k < K; ++k) {
                const __m512 in = input(l, k, below);
                for (int p = 0; p < P; ++p) store(_mm512_mul_ps(dz(p), in), w0 + k * R + p * U, count(R, p));
            }
        };
        if (l == 0) {
            weightGradients();
            break;
        }
        const Activation f = layout.layer(l - 1).spec.activation;
        for (int q = 0; q < packets(K); ++q) {
            __m512 sums = _mm512_setzero_ps();  // dL/da of the units of packet q below, unit k in group k % U
            for (int k = q * U; k < q * U + count(K, q); ++k) {
                __m512 acc = _mm512_mul_ps(lanes.spreadUnits(W + k * R, count(R, 0)), dFirst);
                for (int p = 1; p < P; ++p)
                    acc = _mm512_fmadd_ps(lanes.spreadUnits(W + k * R + p * U, count(R, p)), d[p], acc);
                acc = acrossGroups<G>(acc, [](__m512 x, __m512 w) { return _mm512_add_ps(x, w); });
                sums = _mm512_mask_blend_ps(__mmask16(firstLanes(G) << ((k % U) * G)), sums, acc);
            }
            const __m512 in = q == 0 ? below : a[l - 1][q];
            dBelow[q] = _mm512_maskz_mul_ps(lanes.live(K, q), sums, lanes::derivativeFromA(f, in));
        }
        weightGradients();
        dFirst = dBelow[0];
        std::swap(d, dBelow);
    }
    return loss;
}

float lossAndGradient(const NetworkSpec& spec, const ParameterLayout& layout, const float* params, const float* X,
                      const float* Y, Index N, float* grads, __m512* work) {
    if (N <= 1) return lossAndGradient<1>(spec, layout, params, X, Y, N, grads, work);
    if (N <= 2) return lossAndGradient<2>(spec, layout, params, X, Y, N, grads, work);
    if (N <= 4) return lossAndGradient<4>(spec, layout, params, X, Y, N, grads, work);
    if (N <= 8) return lossAndGradient<8>(spec, layout, params, X, Y, N, grads, work);
    return lossAndGradient<16>(spec, layout, params, X, Y, N, grads, work);
}
}  // namespace grouped
#endif
}  // namespace

bool SmallDense::applies(const NetworkSpec& spec, const ParameterLayout& layout) {
    const int L = layout.layerCount();
    if (L == 0 || L != int(spec.layers.size()) || !layout.shapeProblem().empty()) return false;
    for (int l = 0; l < L; ++l) {
        const LayerLayout& layer = layout.layer(l);
        if (layer.spec.kind != LayerKind::Dense || layer.weightRows > kMaxUnits || layer.weightCols > kMaxUnits ||
            Index(layer.weightRows) * layer.weightCols > kMaxWeights)
            return false;
        if (l + 1 < L && !elementwise(layer.spec.activation)) return false;
    }
    const Activation out = spec.outputActivation();
    switch (spec.loss) {
    case Loss::MSE: return elementwise(out);
    case Loss::BinaryCrossEntropy: return out == Activation::Sigmoid;
    case Loss::SoftmaxCrossEntropy: return out == Activation::Softmax;
    }
    return false;
}

void SmallDense::plan(const ParameterLayout& layout, Index N) {
    const int L = layout.layerCount();
    // The same widths and batch as last time: the workspace stands (compared in place: no allocation per update).
    bool same = N == m_plannedN && m_plannedUnits.size() == std::size_t(L) + 1 &&
                m_plannedUnits[0] == (L ? layout.inputs(0) : 0);
    for (int l = 0; same && l < L; ++l) same = m_plannedUnits[std::size_t(l) + 1] == layout.units(l);
    if (same) return;
    m_plannedUnits.assign(1, L ? layout.inputs(0) : 0);
    for (int l = 0; l < L; ++l) m_plannedUnits.push_back(layout.units(l));
    m_offsets.clear();
    Index at = 0, widest = 0;
    for (int l = 0; l < L; ++l) {
        const Index size = Index(layout.units(l)) * N;
        for (int part = 0; part < 3; ++part) {  // z, a, d; each starts on a 64-byte boundary of the buffer
            m_offsets.push_back(at);
            at += padded(size);
        }
        widest = std::max(widest, Index(layout.units(l)) * layout.inputs(l));
    }
    m_offsets.push_back(at);  // W transposed, for dL/da of the layer below
    m_buffer.assign(std::size_t(at + widest), 0.0f);
    m_plannedN = N;
}

void SmallDense::forwardLayers(const ParameterLayout& layout, const float* params, const float* X, Index N) {
    plan(layout, N);
    for (int l = 0; l < layout.layerCount(); ++l) {  // z = W in + b, a = f(z)
        const LayerLayout& layer = layout.layer(l);
        const float* in = l == 0 ? X : a(l - 1);
        small::product(params + layer.weightOffset, layer.weightRows, layer.weightCols, in, layer.weightCols, 1, N,
                       params + layer.biasOffset, z(l));
        activateInto(layer.spec.activation, z(l), a(l), layer.weightRows, N);
    }
}

bool SmallDense::fitsPackets([[maybe_unused]] const ParameterLayout& layout, [[maybe_unused]] Index N) {
#ifdef __AVX512F__
    return N > 0 && N <= 16 && layout.layerCount() <= kLanesTrainLayers && layout.size() <= kLanesTrainParameters;
#else
    return false;
#endif
}

float SmallDense::groupedPass([[maybe_unused]] const NetworkSpec& spec, [[maybe_unused]] const ParameterLayout& layout,
                              [[maybe_unused]] const float* params, [[maybe_unused]] const float* X,
                              [[maybe_unused]] const float* Y, [[maybe_unused]] Index N,
                              [[maybe_unused]] float* grads) {
#ifdef __AVX512F__
    const int L = layout.layerCount();
    std::size_t packets = std::size_t(layout.inputs(0) + 2 * kMaxUnits);  // the inputs; dL/dz of two layers
    for (int l = 0; l < L; ++l) packets += std::size_t(layout.units(l));  // a
    if (m_lanes.size() < packets * 16) m_lanes.resize(packets * 16);
    return engine::grouped::lossAndGradient(spec, layout, params, X, Y, N, grads,
                                            reinterpret_cast<__m512*>(m_lanes.data()));
#else
    return 0;
#endif
}

float SmallDense::lossAndGradient(const NetworkSpec& spec, const ParameterLayout& layout, const float* params,
                                  const float* X, const float* Y, Index N, float* grads) {
    const int L = layout.layerCount();
    if (N == 0) {
        std::fill(grads, grads + layout.size(), 0.0f);
        return 0;
    }
    if (fitsPackets(layout, N)) return groupedPass(spec, layout, params, X, Y, N, grads);
    forwardLayers(layout, params, X, N);
    const LayerLayout& last = layout.layer(L - 1);
    const float loss = outputLossAndDelta(spec.loss, last.spec.activation, z(L - 1), a(L - 1), Y, last.weightRows, N,
                                          d(L - 1));
    float* wt = m_buffer.data() + m_offsets.back();
    for (int l = L - 1; l >= 0; --l) {
        const LayerLayout& layer = layout.layer(l);
        const int R = layer.weightRows, K = layer.weightCols;
        const float* in = l == 0 ? X : a(l - 1);
        const float* dz = d(l);
        sumColumns(dz, R, N, grads + layer.biasOffset);  // dL/db = sum over samples of dL/dz
        small::product(dz, R, N, in, 1, K, K, nullptr, grads + layer.weightOffset);  // dL/dW = dZ in^T
        if (l == 0) break;
        const float* W = params + layer.weightOffset;  // dL/da below = W^T dZ, through W^T laid out column-major
        if (R > 1) small::transpose(W, R, K, wt);      // (a one-unit layer's W is its own transpose in memory)
        small::product(R > 1 ? wt : W, K, R, dz, R, 1, N, nullptr, d(l - 1));
        applyDerivative(layout.layer(l - 1).spec.activation, z(l - 1), a(l - 1), d(l - 1), Index(K) * N);
    }
    return loss;
}

void SmallDense::forward(const ParameterLayout& layout, const float* params, const float* X, Index N, float* out) {
    const int L = layout.layerCount();
    if (N == 0) return;
    if (N >= kLanesFrom) {
        lanes::forward(layout, params, X, N, out);
        return;
    }
    forwardLayers(layout, params, X, N);
    std::copy_n(a(L - 1), Index(layout.units(L - 1)) * N, out);
}

}  // namespace engine
