#include "engine/param_remap.h"
#include "engine/param_layout.h"
#include <algorithm>
#include <numeric>

namespace engine {
namespace {

std::vector<int> iota(int n, int first = 0) {
    std::vector<int> v(std::size_t(std::max(0, n)));
    std::iota(v.begin(), v.end(), first);
    return v;
}

// Units 0..n-1 of the new layer from units 0..m-1 of the old: kept up to min(n, m), new beyond.
std::vector<int> prefixUnits(int n, int m) {
    std::vector<int> v(std::size_t(std::max(0, n)), -1);
    for (int j = 0; j < std::min(n, m); ++j) v[std::size_t(j)] = j;
    return v;
}

bool hiddenLayer(const NetworkSpec& s, int l) { return l >= 0 && l + 1 < int(s.layers.size()); }

}  // namespace

LayerMap identityMap(const NetworkSpec& spec) {
    LayerMap m;
    m.inputs = iota(spec.inputs);
    m.layers = iota(int(spec.layers.size()));
    for (const LayerSpec& l : spec.layers) m.units.push_back(iota(l.units));
    return m;
}

std::optional<SpecEdit> insertLayer(const NetworkSpec& from, int index, LayerSpec layer) {
    if (index < 0 || index >= int(from.layers.size()) || layer.units < 1) return std::nullopt;
    SpecEdit e{from, identityMap(from)};
    e.spec.layers.insert(e.spec.layers.begin() + index, layer);
    e.map.layers.insert(e.map.layers.begin() + index, -1);
    for (std::size_t l = std::size_t(index) + 1; l < e.map.layers.size(); ++l) e.map.layers[l] = int(l) - 1;
    e.map.units.insert(e.map.units.begin() + index, std::vector<int>(std::size_t(layer.units), -1));
    return e;
}

std::optional<SpecEdit> removeLayer(const NetworkSpec& from, int l) {
    if (!hiddenLayer(from, l)) return std::nullopt;
    SpecEdit e{from, identityMap(from)};
    e.spec.layers.erase(e.spec.layers.begin() + l);
    e.map.layers.erase(e.map.layers.begin() + l);
    e.map.units.erase(e.map.units.begin() + l);
    return e;
}

std::optional<SpecEdit> moveLayer(const NetworkSpec& from, int l, int to) {
    if (!hiddenLayer(from, l) || !hiddenLayer(from, to)) return std::nullopt;
    SpecEdit e{from, identityMap(from)};
    auto rotate = [&](auto& v) {
        if (l < to) std::rotate(v.begin() + l, v.begin() + l + 1, v.begin() + to + 1);
        else std::rotate(v.begin() + to, v.begin() + l, v.begin() + l + 1);
    };
    rotate(e.spec.layers);
    rotate(e.map.layers);
    rotate(e.map.units);
    return e;
}

std::optional<SpecEdit> setUnits(const NetworkSpec& from, int l, int units) {
    if (l < 0 || l >= int(from.layers.size()) || units < 1) return std::nullopt;
    SpecEdit e{from, identityMap(from)};
    e.spec.layers[std::size_t(l)].units = units;
    e.map.units[std::size_t(l)] = prefixUnits(units, from.layers[std::size_t(l)].units);
    return e;
}

std::optional<SpecEdit> removeNeuron(const NetworkSpec& from, int l, int j) {
    if (l < 0 || l >= int(from.layers.size())) return std::nullopt;
    const int n = from.layers[std::size_t(l)].units;
    if (j < 0 || j >= n || n <= 1) return std::nullopt;
    SpecEdit e{from, identityMap(from)};
    e.spec.layers[std::size_t(l)].units = n - 1;
    auto& u = e.map.units[std::size_t(l)];
    u.erase(u.begin() + j);
    return e;
}

std::optional<SpecEdit> setInputs(const NetworkSpec& from, const std::vector<int>& inputOrigins) {
    if (inputOrigins.empty()) return std::nullopt;
    for (int o : inputOrigins)
        if (o >= from.inputs) return std::nullopt;
    SpecEdit e{from, identityMap(from)};
    e.spec.inputs = int(inputOrigins.size());
    e.map.inputs = inputOrigins;
    return e;
}

LayerMap inferLayerMap(const NetworkSpec& from, const NetworkSpec& to) {
    LayerMap m;
    m.inputs = prefixUnits(to.inputs, from.inputs);
    const int nf = int(from.layers.size()), nt = int(to.layers.size());
    m.layers.assign(std::size_t(nt), -1);
    if (nt > 0 && nf > 0) {
        m.layers[std::size_t(nt - 1)] = nf - 1;  // the output is the output
        // Hidden layers: equal widths matched from the front, then from the back, never crossing.
        const int hf = nf - 1, ht = nt - 1;
        int a = 0;
        while (a < hf && a < ht && from.layers[std::size_t(a)].units == to.layers[std::size_t(a)].units) {
            m.layers[std::size_t(a)] = a;
            ++a;
        }
        int b = 0;
        while (a + b < hf && a + b < ht &&
               from.layers[std::size_t(hf - 1 - b)].units == to.layers[std::size_t(ht - 1 - b)].units) {
            m.layers[std::size_t(ht - 1 - b)] = hf - 1 - b;
            ++b;
        }
        // Same number of hidden layers: the rest pair up in order (a width changed in place).
        if (hf == ht)
            for (int k = a; k < ht - b; ++k) m.layers[std::size_t(k)] = k;
    }
    for (int l = 0; l < nt; ++l) {
        const int ol = m.layers[std::size_t(l)];
        m.units.push_back(ol < 0 ? std::vector<int>(std::size_t(to.layers[std::size_t(l)].units), -1)
                                 : prefixUnits(to.layers[std::size_t(l)].units, from.layers[std::size_t(ol)].units));
    }
    return m;
}

LayerMap invertMap(const NetworkSpec& from, const NetworkSpec& to, const LayerMap& map) {
    LayerMap inv;
    inv.inputs.assign(std::size_t(std::max(0, from.inputs)), -1);
    for (std::size_t i = 0; i < map.inputs.size(); ++i) {
        const int o = map.inputs[i];
        if (o >= 0 && o < from.inputs) inv.inputs[std::size_t(o)] = int(i);
    }
    inv.layers.assign(from.layers.size(), -1);
    for (const LayerSpec& l : from.layers) inv.units.emplace_back(std::size_t(std::max(0, l.units)), -1);
    for (std::size_t l = 0; l < map.layers.size() && l < to.layers.size(); ++l) {
        const int ol = map.layers[l];
        if (ol < 0 || ol >= int(from.layers.size())) continue;
        inv.layers[std::size_t(ol)] = int(l);
        if (l >= map.units.size()) continue;
        for (std::size_t j = 0; j < map.units[l].size(); ++j) {
            const int oj = map.units[l][j];
            if (oj >= 0 && oj < from.layers[std::size_t(ol)].units)
                inv.units[std::size_t(ol)][std::size_t(oj)] = int(j);
        }
    }
    return inv;
}

std::vector<Index> parameterOrigins(const NetworkSpec& from, const NetworkSpec& to, const LayerMap& map) {
    const ParameterLayout A(from), B(to);
    std::vector<Index> origin(std::size_t(B.size()), -1);
    const bool typed = !from.isDenseOnly() || !to.isDenseOnly();
    for (int l = 0; l < B.layerCount(); ++l) {
        const int ol = l < int(map.layers.size()) ? map.layers[std::size_t(l)] : -1;
        if (ol < 0 || ol >= A.layerCount()) continue;
        if (typed) {  // convolutions and pooling: a layer keeps its parameters only when it and its input are unchanged
            const LayerLayout &a = A.layer(ol), &b = B.layer(l);
            if (a.spec.kind == b.spec.kind && a.in == b.in && a.weightRows == b.weightRows &&
                a.weightCols == b.weightCols && a.spec.kernel == b.spec.kernel && a.spec.stride == b.spec.stride &&
                a.spec.padding == b.spec.padding)
                for (Index k = 0; k < b.parameterCount(); ++k)
                    origin[std::size_t(b.weightOffset + k)] = a.weightOffset + k;
            continue;
        }
        const std::vector<int>* units = l < int(map.units.size()) ? &map.units[std::size_t(l)] : nullptr;
        auto oldUnit = [&](int j) {
            const int oj = units && j < int(units->size()) ? (*units)[std::size_t(j)] : -1;
            return oj >= 0 && oj < A.units(ol) ? oj : -1;
        };
        // Where input i of new layer l came from among the inputs of old layer ol.
        std::vector<int> inputOrigin(std::size_t(B.inputs(l)), -1);
        const int srcNew = l - 1, srcOld = ol - 1;  // -1: the network's inputs
        const bool sameSource = srcNew < 0 ? srcOld < 0
                                           : srcOld >= 0 && srcNew < int(map.layers.size()) &&
                                                 map.layers[std::size_t(srcNew)] == srcOld;
        if (sameSource) {
            const std::vector<int>& src = srcNew < 0 ? map.inputs : map.units[std::size_t(srcNew)];
            for (int i = 0; i < B.inputs(l); ++i) {
                const int oi = i < int(src.size()) ? src[std::size_t(i)] : -1;
                inputOrigin[std::size_t(i)] = oi >= 0 && oi < A.inputs(ol) ? oi : -1;
            }
        } else if (B.inputs(l) == A.inputs(ol)) {
            inputOrigin = iota(B.inputs(l));  // a different source of the same width: keep by position
        }
        for (int j = 0; j < B.units(l); ++j) {
            const int oj = oldUnit(j);
            if (oj < 0) continue;
            for (int i = 0; i < B.inputs(l); ++i) {
                const int oi = inputOrigin[std::size_t(i)];
                if (oi >= 0) origin[std::size_t(B.weightIndex(l, j, i))] = A.weightIndex(ol, oj, oi);
            }
            origin[std::size_t(B.biasIndex(l, j))] = A.biasIndex(ol, oj);
        }
    }
    return origin;
}

RemapResult remap(const NetworkSpec& from, const Vector& params, const ParameterMask& mask, const NetworkSpec& to,
                  const LayerMap& map, const Vector& fillParams, const ParameterMask& fillMask) {
    const ParameterLayout B(to);
    const std::vector<Index> origin = parameterOrigins(from, to, map);
    const bool oldMask = maskFits(mask, from);
    const ParameterMask fill = maskFits(fillMask, to) ? fillMask : makeParameterMask(to);
    const std::vector<char> oldAblated = oldMask ? ablatedParameters(from, mask) : std::vector<char>{};

    RemapResult r;
    r.params = fillParams.size() == B.size() ? fillParams : Vector::Zero(B.size());
    r.mask = fill;
    for (Index p = 0; p < B.size(); ++p) {
        const Index o = origin[std::size_t(p)];
        if (o < 0 || o >= params.size()) {
            ++r.fresh;
            continue;
        }
        ++r.kept;
        r.params[p] = params[o];
        if (oldMask) {
            r.mask.trainable[p] = mask.trainable[o];
            r.mask.stash[p] = 0;
            // An ablated weight reads 0; its real value is in the stash. Carry the real value for now.
            if (oldAblated[std::size_t(o)]) r.params[p] = mask.stash[o];
        }
    }
    // Disabled neurons: those that survive as hidden neurons stay disabled (or the fill says so for new ones).
    for (int l = 0; l < B.layerCount(); ++l) {
        const int ol = l < int(map.layers.size()) ? map.layers[std::size_t(l)] : -1;
        for (int j = 0; j < B.units(l); ++j) {
            const int oj = ol >= 0 && l < int(map.units.size()) && j < int(map.units[std::size_t(l)].size())
                               ? map.units[std::size_t(l)][std::size_t(j)]
                               : -1;
            char d = fill.disabledNeurons[std::size_t(l)][std::size_t(j)];
            if (ol >= 0 && oj >= 0 && oldMask) d = isDisabled(mask, ol, oj) ? 1 : 0;
            r.mask.disabledNeurons[std::size_t(l)][std::size_t(j)] = canDisable(to, l, j) ? d : 0;
        }
    }
    // Re-ablate with the real values: each ablated weight's value moves to the stash and reads 0.
    const std::vector<char> fillAblated = ablatedParameters(to, fill);
    const std::vector<char> ablated = ablatedParameters(to, r.mask);
    r.mask.stash.setZero();
    for (Index p = 0; p < B.size(); ++p) {
        const Index o = origin[std::size_t(p)];
        const bool isFresh = o < 0 || o >= params.size();
        // A fresh entry the fill had ablated: its real value is the fill's stashed one.
        if (isFresh && fillAblated[std::size_t(p)]) r.params[p] = fill.stash[p];
        if (!ablated[std::size_t(p)]) continue;
        r.mask.stash[p] = r.params[p];
        r.params[p] = 0;
    }
    return r;
}

Vector initialParameters(const NetworkSpec& spec, std::uint64_t seed, const InitSettings& init) {
    Network net(spec);
    initialize(net, init, seed);
    return net.params();
}

Vector remapParameters(const NetworkSpec& from, const Vector& p, const NetworkSpec& to, std::uint64_t seed,
                       Index* fresh, const InitSettings& init) {
    const Vector fill = initialParameters(to, seed, init);
    const RemapResult r = remap(from, p, ParameterMask{}, to, inferLayerMap(from, to), fill, makeParameterMask(to));
    if (fresh) *fresh = r.fresh;
    return r.params;
}

}  // namespace engine
