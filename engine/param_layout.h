// Offsets into the flat parameter vector of a spec, without building a Network (no allocation of the parameters):
// Network's layout, per layer W (units x inputs, column-major) then b. The mask and remap code index with it.
#pragma once
#include "engine/network.h"
#include <vector>

namespace engine {

class ParameterLayout {
public:
    explicit ParameterLayout(const NetworkSpec& spec) : m_spec(spec) {
        Index off = 0;
        for (int l = 0; l < layerCount(); ++l) {
            m_wOff.push_back(off);
            off += Index(units(l)) * inputs(l);
            m_bOff.push_back(off);
            off += units(l);
        }
        m_size = off;
    }

    int layerCount() const { return int(m_spec.layers.size()); }
    int inputs(int l) const { return l == 0 ? m_spec.inputs : m_spec.layers[std::size_t(l) - 1].units; }
    int units(int l) const { return m_spec.layers[std::size_t(l)].units; }
    Index size() const { return m_size; }
    Index weightOffset(int l) const { return m_wOff[std::size_t(l)]; }
    Index biasOffset(int l) const { return m_bOff[std::size_t(l)]; }
    // Flat index of W_l(j, i): unit j of layer l, input i. Same as Network::weightIndex.
    Index weightIndex(int l, int j, int i) const { return m_wOff[std::size_t(l)] + Index(i) * units(l) + j; }
    Index biasIndex(int l, int j) const { return m_bOff[std::size_t(l)] + j; }
    bool validLayer(int l) const { return l >= 0 && l < layerCount(); }
    bool validUnit(int l, int j) const { return validLayer(l) && j >= 0 && j < units(l); }
    bool validWeight(int l, int j, int i) const { return validUnit(l, j) && i >= 0 && i < inputs(l); }

private:
    NetworkSpec m_spec;
    std::vector<Index> m_wOff, m_bOff;
    Index m_size = 0;
};

}  // namespace engine
