// Carrying parameters (and their freeze/ablation mask) across a change of architecture. A LayerMap says where each
// layer, neuron and input of the new spec came from; a weight is kept when its neuron survives and its input still
// comes from the same neuron, or, where a layer now reads a different layer of the same width (a layer inserted,
// removed or moved between equal widths), by position: the shapes still fit. Everything else takes a fill value
// (fresh initial weights, or the values an undo saved) and is counted, so the user can be told what was re-initialised.
#pragma once
#include "engine/init.h"
#include "engine/network.h"
#include "engine/param_mask.h"
#include <cstdint>
#include <vector>

namespace engine {

struct LayerMap {
    std::vector<int> inputs;              // per new input: the old input it was, -1 = new
    std::vector<int> layers;              // per new layer: the old layer it was, -1 = new
    std::vector<std::vector<int>> units;  // per new layer, per unit: the old unit, -1 = new
};

// A spec edit and the map that goes with it. Invalid arguments (out-of-range layers, removing the output layer,
// units < 1) return std::nullopt.
struct SpecEdit {
    NetworkSpec spec;
    LayerMap map;
};
std::optional<SpecEdit> insertLayer(const NetworkSpec& from, int index, LayerSpec layer);  // index in [0, outputIndex]
std::optional<SpecEdit> removeLayer(const NetworkSpec& from, int l);                       // a hidden layer
std::optional<SpecEdit> moveLayer(const NetworkSpec& from, int l, int to);                 // hidden layers only
std::optional<SpecEdit> setUnits(const NetworkSpec& from, int l, int units);  // neurons added or removed at the end
std::optional<SpecEdit> removeNeuron(const NetworkSpec& from, int l, int j);  // that neuron; the others shift up
std::optional<SpecEdit> setInputs(const NetworkSpec& from, const std::vector<int>& inputOrigins);  // features changed
// Same shapes; the map is the identity (activation or loss changes).
LayerMap identityMap(const NetworkSpec& spec);
// A best guess for two specs that came from no known edit (typed text): the output maps to the output; equal-width
// layers match from the front and from the back; matched layers keep their first min(units) neurons; inputs by index.
LayerMap inferLayerMap(const NetworkSpec& from, const NetworkSpec& to);
// The map back: from `to` to `from` (what an undo uses).
LayerMap invertMap(const NetworkSpec& from, const NetworkSpec& to, const LayerMap& map);

// For each parameter of `to`: the index in `from` it takes its value from, or -1.
std::vector<Index> parameterOrigins(const NetworkSpec& from, const NetworkSpec& to, const LayerMap& map);

struct RemapResult {
    Vector params;
    ParameterMask mask;
    Index kept = 0;   // parameters carried over
    Index fresh = 0;  // parameters that took the fill value
    bool reinitialised() const { return fresh > 0; }
};

// Parameters and mask for `to`. fillParams / fillMask (sized for `to`) give the values of parameters nothing maps to.
// Disabled neurons stay disabled when they survive as hidden neurons; their outgoing weights stay zero with the real
// values in the stash (a fresh outgoing weight of a disabled neuron goes to the stash and reads 0).
RemapResult remap(const NetworkSpec& from, const Vector& params, const ParameterMask& mask, const NetworkSpec& to,
                  const LayerMap& map, const Vector& fillParams, const ParameterMask& fillMask);

// Fresh parameters for a spec, as a Trainer with this seed and init starts.
Vector initialParameters(const NetworkSpec& spec, std::uint64_t seed, const InitSettings& init = {});

// The simple form: the map inferred, new parameters initialised with the seed. `fresh` (optional) receives how many
// parameters were re-initialised.
Vector remapParameters(const NetworkSpec& from, const Vector& p, const NetworkSpec& to, std::uint64_t seed,
                       Index* fresh = nullptr, const InitSettings& init = {});

}  // namespace engine
