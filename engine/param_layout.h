// The one place where a spec's shapes and flat parameter layout are computed, without building a Network (nothing
// is allocated but the table). Per layer: its input and output shapes, and where its parameters sit in the flat
// vector: W (weightRows x weightCols, column-major) then b (weightRows). Dense: W is units x inputs, W(j, i) the
// weight from input i to unit j. Conv: W is out-channels x (in-channels * k * k), column q = c k^2 + i k + j holds
// kernel position (i, j) of input channel c. Pooling and flatten: no parameters (0 x 0 at their offset).
// Network, the masks, the remapping, the initialisation and the exports index with it.
#pragma once
#include "engine/layer_spec.h"
#include <vector>

namespace engine {

struct LayerLayout {
    LayerSpec spec;
    Shape in, out;
    Index weightOffset = 0, biasOffset = 0;
    int weightRows = 0, weightCols = 0;  // W's shape; b has weightRows entries
    Index parameterCount() const {
        return Index(weightRows) * weightCols + (hasParameters(spec.kind) ? weightRows : 0);
    }
};

class ParameterLayout {
public:
    // A spec that does not validate gives the layers up to the first that does not fit (shapes of 0 after it).
    explicit ParameterLayout(const NetworkSpec& spec);

    int layerCount() const { return int(m_layers.size()); }
    const LayerLayout& layer(int l) const { return m_layers[std::size_t(l)]; }
    LayerKind kind(int l) const { return layer(l).spec.kind; }
    // W's rows and columns: for dense layers the units and the inputs.
    int units(int l) const { return layer(l).weightRows; }
    int inputs(int l) const { return layer(l).weightCols; }
    // Values per sample going in and coming out (a dense layer: inputs and units).
    Index inputSize(int l) const { return layer(l).in.size(); }
    Index outputSize(int l) const { return layer(l).out.size(); }
    // For the initialisation: fan_in = inputs(l); fan_out = units, or out-channels * k * k for a convolution.
    double fanOut(int l) const;
    // The parameters laid out (up to a layer that does not fit).
    Index size() const { return m_size; }
    // Every parameter of the spec, counted without overflowing even when the spec is far too large to build.
    Index parameterCount() const { return Index(m_total); }
    Index weightOffset(int l) const { return layer(l).weightOffset; }
    Index biasOffset(int l) const { return layer(l).biasOffset; }
    // Flat index of W_l(j, i): row j, column i. Same as Network::weightIndex.
    Index weightIndex(int l, int j, int i) const { return weightOffset(l) + Index(i) * units(l) + j; }
    Index biasIndex(int l, int j) const { return biasOffset(l) + j; }
    bool validLayer(int l) const { return l >= 0 && l < layerCount(); }
    bool validUnit(int l, int j) const { return validLayer(l) && j >= 0 && j < units(l); }
    bool validWeight(int l, int j, int i) const { return validUnit(l, j) && i >= 0 && i < inputs(l); }
    // Which layer a flat parameter index belongs to (the last layer with parameters at or before it).
    int layerOf(Index p) const;
    // The first problem of the spec's shapes ("layer 2 (maxpool 3) needs at least 3 x 3 values; it gets 2 x 2"),
    // or "" when every layer fits.
    const std::string& shapeProblem() const { return m_problem; }

private:
    std::vector<LayerLayout> m_layers;
    Index m_size = 0;
    long double m_total = 0;
    std::string m_problem;
};

}  // namespace engine
