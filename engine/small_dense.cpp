#include "engine/small_dense.h"
#include "engine/activation.h"
#include "engine/small_kernels.h"
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
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

// The update of a tiny batch (N <= the lanes of a packet: XOR's four samples) with the samples across the lanes, as
// forward above, for training: every unit's z, a and dL/dz is one packet kept in a small workspace, the derivatives
// are read off a (tanh' = 1 - a^2, sigmoid' = a (1 - a), ReLU' = [a > 0]), dL/da below is sum_j W(j, k) dL/dz_j by
// broadcast multiply-adds (no transposed W), and each gradient entry is one horizontal sum over the lanes. The lanes
// past N hold zeros in the inputs and are masked out of the loss and of dL/dz, so they add nothing to a sum.
// For XOR's 2-4-1 that is 17 sums and a few dozen packet operations instead of a pass over memory per layer and step.

// The sum of a packet's first N lanes (the others are zero): for a batch of up to four or eight samples only the
// low quarter or half is added up, two or three steps instead of four.
inline float sumLanes(const Packet& p, Index N) {
#ifdef __AVX512F__
    if constexpr (kLanes == 16) {
        if (N <= 4) {
            __m128 x = _mm512_castps512_ps128(p);
            x = _mm_add_ps(x, _mm_movehl_ps(x, x));
            return _mm_cvtss_f32(_mm_add_ss(x, _mm_movehdup_ps(x)));
        }
        if (N <= 8) {
            const __m256 h = _mm512_castps512_ps256(p);
            __m128 x = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
            x = _mm_add_ps(x, _mm_movehl_ps(x, x));
            return _mm_cvtss_f32(_mm_add_ss(x, _mm_movehdup_ps(x)));
        }
    }
#endif
    return predux(p);
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

// Backward from the output's dL/dz (d), layer by layer down: dL/db_j = sum over lanes of d_j, dL/dW(j, k) = sum over
// lanes of d_j in_k, and dL/dz below = (sum_j W(j, k) d_j) f'(z below). zs: z and a of every layer, as forward left.
void backward(const ParameterLayout& layout, const float* params, const Packet* in0, const Packet* zs, Packet* d,
              Index N, Packet* dBelow, float* grads) {
    const int L = layout.layerCount();
    std::size_t at[64];  // where each layer's z starts in zs (a follows it)
    std::size_t offset = 0;
    for (int l = 0; l < L; ++l) {
        at[l] = offset;
        offset += 2 * std::size_t(layout.units(l));
    }
    for (int l = L - 1; l >= 0; --l) {
        const LayerLayout& layer = layout.layer(l);
        const int R = layer.weightRows, K = layer.weightCols;
        const Packet* in = l == 0 ? in0 : zs + at[l - 1] + layout.units(l - 1);
        float* gW = grads + layer.weightOffset;
        float* gb = grads + layer.biasOffset;
        for (int j = 0; j < R; ++j) {
            gb[j] = sumLanes(d[j], N);
            for (int k = 0; k < K; ++k) gW[j + k * R] = sumLanes(pmul(d[j], in[k]), N);
        }
        if (l == 0) break;
        const float* W = params + layer.weightOffset;
        const Activation below = layout.layer(l - 1).spec.activation;
        for (int k = 0; k < K; ++k) {
            Packet acc = pmul(pset1<Packet>(W[k * R]), d[0]);
            for (int j = 1; j < R; ++j) acc = pmadd(pset1<Packet>(W[j + k * R]), d[j], acc);
            dBelow[k] = pmul(acc, derivativeFromA(below, in[k]));
        }
        std::swap(d, dBelow);
    }
}

float lossAndGradient(const NetworkSpec& spec, const ParameterLayout& layout, const float* params, const float* X,
                      const float* Y, Index N, float* grads, Packet* work) {
    const int L = layout.layerCount(), K0 = layout.inputs(0), KO = layout.units(L - 1);
    const Packet live = pcmp_lt(plset<Packet>(0.0f), pset1<Packet>(float(N)));  // the lanes of real samples
    Packet* in0 = work;  // the inputs, then y, then z and a of every layer, then dL/dz of two layers
    Packet* y = in0 + K0;
    Packet* zs = y + KO;
    for (int k = 0; k < K0; ++k) in0[k] = gatherLanes(X, K0, k, N);
    for (int k = 0; k < KO; ++k) y[k] = gatherLanes(Y, KO, k, N);

    // Forward: z = W in + b and a = f(z), unit by unit.
    Packet* z = zs;
    const Packet* in = in0;
    for (int l = 0; l < L; ++l) {
        const LayerLayout& layer = layout.layer(l);
        const float* W = params + layer.weightOffset;
        const float* b = params + layer.biasOffset;
        const int R = layer.weightRows, K = layer.weightCols;
        Packet* a = z + R;
        for (int j = 0; j < R; ++j) {
            Packet acc = pset1<Packet>(b[j]);
            for (int k = 0; k < K; ++k) acc = pmadd(pset1<Packet>(W[j + k * R]), in[k], acc);
            z[j] = acc;
        }
        if (layer.spec.activation == Activation::Tanh)  // straight-line, so the units' tanh chains overlap
            for (int j = 0; j < R; ++j) a[j] = tanhOf(z[j]);
        else
            for (int j = 0; j < R; ++j) a[j] = activate(layer.spec.activation, z[j]);
        in = a;
        z = a + R;
    }
    Packet* d = z;  // past the last layer's a
    Packet* dBelow = d + SmallDense::kMaxUnits;
    Packet* zOut = z - 2 * KO;
    Packet* aOut = z - KO;

    // The loss (over the live lanes) and the output's dL/dz (zero in the other lanes).
    Packet sum = pzero(live);
    switch (spec.loss) {
    case Loss::MSE: {  // L = mean over N and K of (a - y)^2;  dL/dz = 2 (a - y) / (N K) f'(z)
        const Packet scale = pset1<Packet>(2.0f / float(N * KO));
        for (int k = 0; k < KO; ++k) {
            const Packet diff = pand(live, psub(aOut[k], y[k]));
            sum = pmadd(diff, diff, sum);
            d[k] = pmul(pmul(scale, diff), derivativeFromA(spec.outputActivation(), aOut[k]));
        }
        break;
    }
    case Loss::BinaryCrossEntropy: {  // max(z, 0) - z y + ln(1 + e^-|z|);  dL/dz = (a - y) / (N K)
        const Packet scale = pset1<Packet>(1.0f / float(N * KO));
        const Packet one = pset1<Packet>(1.0f);
        for (int k = 0; k < KO; ++k) {
            const Packet zk = zOut[k];
            const Packet term = padd(psub(pmax(zk, pzero(zk)), pmul(zk, y[k])),
                                     plog(padd(one, pexp(pnegate(pabs(zk))))));
            sum = padd(sum, pand(live, term));
            d[k] = pand(live, pmul(scale, psub(aOut[k], y[k])));
        }
        break;
    }
    case Loss::SoftmaxCrossEntropy: {  // a = softmax(z) over the units;  -sum_k y_k (z_k - lse);  dL/dz = (a - y) / N
        Packet m = zOut[0];
        for (int k = 1; k < KO; ++k) m = pmax(m, zOut[k]);
        Packet total = pzero(m);
        for (int k = 0; k < KO; ++k) {
            aOut[k] = pexp(psub(zOut[k], m));
            total = padd(total, aOut[k]);
        }
        const Packet lse = padd(m, plog(total));
        const Packet scale = pset1<Packet>(1.0f / float(N));
        for (int k = 0; k < KO; ++k) {
            aOut[k] = pdiv(aOut[k], total);
            sum = psub(sum, pand(live, pmul(y[k], psub(zOut[k], lse))));
            d[k] = pand(live, pmul(scale, psub(aOut[k], y[k])));
        }
        break;
    }
    }
    const float loss = sumLanes(sum, N) / float(spec.loss == Loss::SoftmaxCrossEntropy ? N : N * KO);
    backward(layout, params, in0, zs, d, N, dBelow, grads);
    return loss;
}
}  // namespace lanes
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

float SmallDense::lossAndGradient(const NetworkSpec& spec, const ParameterLayout& layout, const float* params,
                                  const float* X, const float* Y, Index N, float* grads) {
    const int L = layout.layerCount();
    if (N == 0) {
        std::fill(grads, grads + layout.size(), 0.0f);
        return 0;
    }
    if (N <= kLanes && L <= kLanesTrainLayers && layout.size() <= kLanesTrainParameters) {
        std::size_t packets = std::size_t(layout.inputs(0) + layout.units(L - 1) + 2 * kMaxUnits);
        for (int l = 0; l < L; ++l) packets += 2 * std::size_t(layout.units(l));
        if (m_lanes.size() < packets * kLanes) m_lanes.resize(packets * kLanes);
        return lanes::lossAndGradient(spec, layout, params, X, Y, N, grads, reinterpret_cast<Packet*>(m_lanes.data()));
    }
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
