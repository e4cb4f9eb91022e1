#include "app/session/network_model.h"
#include "engine/param_remap.h"

namespace app {

engine::Scalar NetworkModel::parameterValue(engine::Index p) const {
    if (p < 0 || p >= m_params.size()) return 0;
    if (engine::anyDisabled(m_mask) && engine::ablatedParameters(m_spec, m_mask)[std::size_t(p)])
        return m_mask.stash[p];
    return m_params[p];
}

void NetworkModel::reset(const engine::NetworkSpec& spec, const engine::Vector& params,
                         const engine::ParameterMask& mask) {
    m_spec = spec;
    const engine::Index n = spec.validate().empty() ? spec.parameterCount() : 0;
    if (params.size() == n) m_params = params;
    else m_params = n > 0 ? engine::initialParameters(spec, m_seed, m_init) : engine::Vector();
    m_mask = engine::maskFits(mask, spec) ? mask : engine::makeParameterMask(spec);
    engine::applyAblation(m_params, m_spec, m_mask);
    emit changed(Structure | Parameters | Mask);
}

void NetworkModel::syncParameters(const engine::Vector& params) {
    if (params.size() != m_params.size()) return;
    m_params = params;
    emit synced();
}

void NetworkModel::setState(const engine::NetworkSpec& spec, const engine::Vector& params,
                            const engine::ParameterMask& mask) {
    int what = 0;
    if (!(spec == m_spec)) what |= Structure;
    if (params.size() != m_params.size() || params != m_params) what |= Parameters;
    if (!(mask == m_mask)) what |= Mask;
    m_spec = spec;
    m_params = params;
    m_mask = mask;
    emit changed(what);
}

void NetworkModel::setParameterValue(engine::Index p, engine::Scalar value) {
    if (p < 0 || p >= m_params.size()) return;
    if (engine::anyDisabled(m_mask) && engine::ablatedParameters(m_spec, m_mask)[std::size_t(p)]) {
        m_mask.stash[p] = value;  // takes effect when the neuron is enabled again
        emit changed(Mask);
        return;
    }
    m_params[p] = value;
    emit changed(Parameters);
}

void NetworkModel::setMask(const engine::ParameterMask& mask) {
    m_mask = mask;
    emit changed(Mask);
}

}  // namespace app
