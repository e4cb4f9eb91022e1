#include "engine/param_mask.h"

namespace engine {

ParameterMask makeParameterMask(const NetworkSpec& spec) {
    const ParameterLayout lay(spec);
    ParameterMask m;
    m.trainable = Vector::Ones(lay.size());
    m.stash = Vector::Zero(lay.size());
    for (int l = 0; l < lay.layerCount(); ++l)
        m.disabledNeurons.emplace_back(std::size_t(std::max(0, lay.units(l))), 0);
    return m;
}

bool maskFits(const ParameterMask& mask, const NetworkSpec& spec) {
    const ParameterLayout lay(spec);
    if (mask.trainable.size() != lay.size() || mask.stash.size() != lay.size()) return false;
    if (int(mask.disabledNeurons.size()) != lay.layerCount()) return false;
    for (int l = 0; l < lay.layerCount(); ++l)
        if (int(mask.disabledNeurons[std::size_t(l)].size()) != lay.units(l)) return false;
    return true;
}

// ---- freezing -------------------------------------------------------------------------------------------------------

void freezeParameter(ParameterMask& mask, Index p, bool frozen) {
    if (p >= 0 && p < mask.trainable.size()) mask.trainable[p] = frozen ? 0 : 1;
}

bool isFrozen(const ParameterMask& mask, Index p) {
    return p >= 0 && p < mask.trainable.size() && mask.trainable[p] == 0;
}

void freezeWeight(ParameterMask& mask, const NetworkSpec& spec, int l, int j, int i, bool frozen) {
    const ParameterLayout lay(spec);
    if (lay.validWeight(l, j, i)) freezeParameter(mask, lay.weightIndex(l, j, i), frozen);
}

void freezeBias(ParameterMask& mask, const NetworkSpec& spec, int l, int j, bool frozen) {
    const ParameterLayout lay(spec);
    if (lay.validUnit(l, j)) freezeParameter(mask, lay.biasIndex(l, j), frozen);
}

void freezeNeuron(ParameterMask& mask, const NetworkSpec& spec, int l, int j, bool frozen) {
    const ParameterLayout lay(spec);
    if (!lay.validUnit(l, j)) return;
    for (int i = 0; i < lay.inputs(l); ++i) freezeParameter(mask, lay.weightIndex(l, j, i), frozen);
    freezeParameter(mask, lay.biasIndex(l, j), frozen);
}

void freezeLayer(ParameterMask& mask, const NetworkSpec& spec, int l, bool frozen) {
    const ParameterLayout lay(spec);
    if (!lay.validLayer(l) || mask.trainable.size() != lay.size()) return;
    const Index begin = lay.weightOffset(l), end = lay.biasOffset(l) + lay.units(l);
    mask.trainable.segment(begin, end - begin).setConstant(frozen ? 0 : 1);
}

bool isNeuronFrozen(const ParameterMask& mask, const NetworkSpec& spec, int l, int j) {
    const ParameterLayout lay(spec);
    if (!lay.validUnit(l, j) || mask.trainable.size() != lay.size()) return false;
    for (int i = 0; i < lay.inputs(l); ++i)
        if (mask.trainable[lay.weightIndex(l, j, i)] != 0) return false;
    return mask.trainable[lay.biasIndex(l, j)] == 0;
}

bool isLayerFrozen(const ParameterMask& mask, const NetworkSpec& spec, int l) {
    const ParameterLayout lay(spec);
    if (!lay.validLayer(l) || mask.trainable.size() != lay.size()) return false;
    const Index begin = lay.weightOffset(l), end = lay.biasOffset(l) + lay.units(l);
    return (mask.trainable.segment(begin, end - begin).array() == 0).all();
}

bool anyFrozen(const ParameterMask& mask) { return (mask.trainable.array() == 0).any(); }

// ---- ablation -------------------------------------------------------------------------------------------------------

bool canDisable(const NetworkSpec& spec, int l, int j) {
    // A hidden dense neuron feeding a dense layer: its outgoing weights are one column of the next W.
    return l >= 0 && l + 1 < int(spec.layers.size()) && j >= 0 && j < spec.layers[std::size_t(l)].units &&
           spec.layers[std::size_t(l)].kind == LayerKind::Dense &&
           spec.layers[std::size_t(l) + 1].kind == LayerKind::Dense;
}

bool isDisabled(const ParameterMask& mask, int l, int j) {
    return l >= 0 && l < int(mask.disabledNeurons.size()) && j >= 0 &&
           j < int(mask.disabledNeurons[std::size_t(l)].size()) && mask.disabledNeurons[std::size_t(l)][std::size_t(j)];
}

bool anyDisabled(const ParameterMask& mask) {
    for (const auto& layer : mask.disabledNeurons)
        for (char d : layer)
            if (d) return true;
    return false;
}

bool disableNeuron(Vector& params, ParameterMask& mask, const NetworkSpec& spec, int l, int j) {
    const ParameterLayout lay(spec);
    if (!canDisable(spec, l, j) || !maskFits(mask, spec) || params.size() != lay.size() || isDisabled(mask, l, j))
        return false;
    // Column j of W(l+1): the weights that carry a_j forward.
    for (int k = 0; k < lay.units(l + 1); ++k) {
        const Index p = lay.weightIndex(l + 1, k, j);
        mask.stash[p] = params[p];
        params[p] = 0;
    }
    mask.disabledNeurons[std::size_t(l)][std::size_t(j)] = 1;
    return true;
}

bool enableNeuron(Vector& params, ParameterMask& mask, const NetworkSpec& spec, int l, int j) {
    const ParameterLayout lay(spec);
    if (!canDisable(spec, l, j) || !maskFits(mask, spec) || params.size() != lay.size() || !isDisabled(mask, l, j))
        return false;
    for (int k = 0; k < lay.units(l + 1); ++k) {
        const Index p = lay.weightIndex(l + 1, k, j);
        params[p] = mask.stash[p];
        mask.stash[p] = 0;
    }
    mask.disabledNeurons[std::size_t(l)][std::size_t(j)] = 0;
    return true;
}

std::vector<char> ablatedParameters(const NetworkSpec& spec, const ParameterMask& mask) {
    const ParameterLayout lay(spec);
    std::vector<char> out(std::size_t(lay.size()), 0);
    for (int l = 0; l + 1 < lay.layerCount() && l < int(mask.disabledNeurons.size()); ++l)
        for (int j = 0; j < lay.units(l) && j < int(mask.disabledNeurons[std::size_t(l)].size()); ++j)
            if (mask.disabledNeurons[std::size_t(l)][std::size_t(j)])
                for (int k = 0; k < lay.units(l + 1); ++k) out[std::size_t(lay.weightIndex(l + 1, k, j))] = 1;
    return out;
}

void applyAblation(Vector& params, const NetworkSpec& spec, const ParameterMask& mask) {
    if (!anyDisabled(mask)) return;
    const std::vector<char> ablated = ablatedParameters(spec, mask);
    if (params.size() != Index(ablated.size())) return;
    for (Index p = 0; p < params.size(); ++p)
        if (ablated[std::size_t(p)]) params[p] = 0;
}

void applyAblation(Network& net, const ParameterMask& mask) { applyAblation(net.params(), net.spec(), mask); }

Vector withoutAblation(const Vector& params, const NetworkSpec& spec, const ParameterMask& mask) {
    Vector out = params;
    const std::vector<char> ablated = ablatedParameters(spec, mask);
    if (out.size() != Index(ablated.size()) || mask.stash.size() != out.size()) return out;
    for (Index p = 0; p < out.size(); ++p)
        if (ablated[std::size_t(p)]) out[p] = mask.stash[p];
    return out;
}

// ---- the trainer's hook -----------------------------------------------------------------------------------------------

Vector effectiveTrainable(const NetworkSpec& spec, const ParameterMask& mask) {
    const ParameterLayout lay(spec);
    if (!maskFits(mask, spec)) return {};
    if (!anyFrozen(mask) && !anyDisabled(mask)) return {};
    Vector t = mask.trainable;
    for (int l = 0; l + 1 < lay.layerCount(); ++l)
        for (int j = 0; j < lay.units(l); ++j) {
            if (!mask.disabledNeurons[std::size_t(l)][std::size_t(j)]) continue;
            for (int i = 0; i < lay.inputs(l); ++i) t[lay.weightIndex(l, j, i)] = 0;
            t[lay.biasIndex(l, j)] = 0;
            for (int k = 0; k < lay.units(l + 1); ++k) t[lay.weightIndex(l + 1, k, j)] = 0;
        }
    return t;
}

void applyFrozen(Vector& params, const Vector& before, const Vector& trainable) {
    if (trainable.size() != params.size() || before.size() != params.size()) return;
    // A select, not before + t .* (params - before): exact, and a NaN in a learning weight cannot leak into a frozen one.
    params.array() = (trainable.array() != 0).select(params.array(), before.array());
}

void applyFrozen(Vector& params, const Vector& before, const ParameterMask& mask, const NetworkSpec& spec) {
    applyFrozen(params, before, effectiveTrainable(spec, mask));
}

void maskGradients(Vector& grads, const Vector& trainable) {
    if (trainable.size() != grads.size()) return;
    grads.array() = (trainable.array() != 0).select(grads.array(), Scalar(0));
}

}  // namespace engine
