// The network the user edits: its spec, its parameters (Network's flat layout) and the freeze/ablation mask. Edits go
// through the QUndoCommands in network_commands.h; views and the training thread follow changed(). Ablated weights
// read 0 in params() with their real values in mask().stash (see engine/param_mask.h); parameterValue() gives the
// real value either way.
#pragma once
#include "engine/init.h"
#include "engine/network.h"
#include "engine/param_mask.h"
#include <QObject>
#include <cstdint>

namespace app {

class NetworkModel : public QObject {
    Q_OBJECT
public:
    enum Change {
        Structure = 1,   // spec changed (layers, units, activations, loss): the thread must take the new network
        Parameters = 2,  // an edit changed weights: the thread must take params()
        Mask = 4         // freezing or ablation changed: the thread must take effectiveTrainable()
    };

    explicit NetworkModel(QObject* parent = nullptr) : QObject(parent) {}

    const engine::NetworkSpec& spec() const { return m_spec; }
    const engine::Vector& params() const { return m_params; }
    const engine::ParameterMask& mask() const { return m_mask; }
    // The real value of a parameter, also for an ablated weight (which reads 0 in params()).
    engine::Scalar parameterValue(engine::Index p) const;
    // What the trainer must hold fixed (empty: everything learns).
    engine::Vector effectiveTrainable() const { return engine::effectiveTrainable(m_spec, m_mask); }

    // Fresh weights for new layers and neurons come from these (the training seed and scheme).
    void setInit(const engine::InitSettings& init, std::uint64_t seed) { m_init = init, m_seed = seed; }
    const engine::InitSettings& init() const { return m_init; }
    std::uint64_t seed() const { return m_seed; }

    // Replaces everything (a loaded project, a rebuild); not an undoable edit. A mask that does not fit the spec (or
    // none) becomes "all trainable, none disabled"; params of the wrong size become the seed's initial weights.
    void reset(const engine::NetworkSpec& spec, const engine::Vector& params, const engine::ParameterMask& mask = {});
    // The parameters training has reached (from a snapshot); not an edit, emits synced() only. Ignored when the size
    // does not fit. Ablated weights stay 0, since the trainer holds them so.
    void syncParameters(const engine::Vector& params);

    // Primitive edits used by the commands; each emits changed() with what changed.
    void setState(const engine::NetworkSpec& spec, const engine::Vector& params, const engine::ParameterMask& mask);
    void setParameterValue(engine::Index p, engine::Scalar value);  // an ablated weight's value goes to the stash
    void setMask(const engine::ParameterMask& mask);
    engine::Vector& mutableParams() { return m_params; }  // with the matching mutableMask(); then notify()
    engine::ParameterMask& mutableMask() { return m_mask; }
    void notify(int changes) { emit changed(changes); }

signals:
    void changed(int changes);  // Change flags
    void synced();

private:
    engine::NetworkSpec m_spec;
    engine::Vector m_params;
    engine::ParameterMask m_mask;
    engine::InitSettings m_init;
    std::uint64_t m_seed = 1;
};

}  // namespace app
