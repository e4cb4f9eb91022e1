// The float update of a small dense network in one pass over one workspace: forward, loss, the output's dL/dz,
// backward and the gradient, with the activations and their derivatives fused into the loops that produce them.
//
// Why: the lessons' networks (2-4-1 on XOR, 2-16-16-1 on a spiral, batches of ten) are so small that the general
// path (engine/layers.cpp: one Eigen matrix per layer and step, resized and dispatched by kind, an activation pass,
// a derivative pass, a loss pass) spends most of an update on overhead, not arithmetic. Here every buffer is carved
// once from one float array and reused; the arithmetic is the same as the general path's (the same formulas, the same
// written-out products of engine/small_kernels.h), so the two agree to float rounding (tests/engine/tst_small_dense).
// Network uses it by itself when a network qualifies (applies()); nothing else changes for its callers.
#pragma once
#include "engine/loss.h"
#include "engine/param_layout.h"
#include <Eigen/Core>
#include <vector>

namespace engine {

class SmallDense {
public:
    // Every layer dense with at most kMaxUnits units and kMaxWeights weights; hidden activations identity, tanh,
    // sigmoid, ReLU or leaky ReLU; the output's activation and loss one of: MSE after identity/tanh/sigmoid/ReLU/leaky
    // ReLU, binary cross-entropy after sigmoid, cross-entropy after softmax.
    static bool applies(const NetworkSpec& spec, const ParameterLayout& layout);
    static constexpr int kMaxUnits = 64;
    static constexpr Index kLanesFrom = 64;
    static constexpr Index kMaxWeights = 1024;  // beyond, Eigen's blocked products win (docs/benchmarks.md)
    // With AVX-512, a batch of at most 16 samples trains with units and samples together in each packet's lanes when
    // the network is this small (beyond, the layer-by-layer products win).
    static constexpr int kLanesTrainLayers = 8;
    static constexpr Index kLanesTrainParameters = 64;

    // The mean loss of the batch X (inputs x N) against Y (outputs x N), both column-major; writes dL/dparams into
    // grads (the layout's flat order, every parameter written). params and grads: the layout's flat vectors.
    float lossAndGradient(const NetworkSpec& spec, const ParameterLayout& layout, const float* params, const float* X,
                          const float* Y, Index N, float* grads);

    // The outputs (outputs x N, column-major) for the inputs X (inputs x N), written into out. From kLanesFrom
    // columns on, the samples go across the vector lanes (a block of 16 through every layer in registers).
    void forward(const ParameterLayout& layout, const float* params, const float* X, Index N, float* out);

private:
    static bool fitsPackets(const ParameterLayout& layout, Index N);  // units and samples together in the lanes
    float groupedPass(const NetworkSpec& spec, const ParameterLayout& layout, const float* params, const float* X,
                      const float* Y, Index N, float* grads);
    // Carves z, a and dL/dz (or dL/da) of every layer for batches of N out of m_buffer (offsets, so that a copied
    // Network's copy stays valid); planned again only when the units or N change.
    void plan(const ParameterLayout& layout, Index N);
    // z and a of every layer for the batch X (inputs x N), in the planned buffers.
    void forwardLayers(const ParameterLayout& layout, const float* params, const float* X, Index N);
    float* z(int l) { return m_buffer.data() + m_offsets[3 * std::size_t(l)]; }
    float* a(int l) { return m_buffer.data() + m_offsets[3 * std::size_t(l) + 1]; }
    float* d(int l) { return m_buffer.data() + m_offsets[3 * std::size_t(l) + 2]; }
    std::vector<float, Eigen::aligned_allocator<float>> m_buffer;
    std::vector<float, Eigen::aligned_allocator<float>> m_lanes;  // the tiny batches' packets (lanes::lossAndGradient)
    std::vector<Index> m_offsets;
    std::vector<int> m_plannedUnits;  // inputs, then each layer's units
    Index m_plannedN = -1;
};

}  // namespace engine
