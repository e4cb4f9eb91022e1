// Edits of the network as QUndoCommands on a NetworkModel, one history with the data edits. Undo and redo restore
// the spec, parameters and mask exactly when nothing happened in between; when training moved the weights since, a
// structural undo/redo remaps the current weights instead (keeping the training progress of the layers that stay)
// and takes only the missing ones from the saved state. Consecutive scrubs of one weight, and consecutive resizes of
// one layer in one drag, merge into one step. A command whose spec no longer matches the model (the network was
// replaced without an undo step) does nothing.
#pragma once
#include "app/session/network_model.h"
#include "engine/param_remap.h"
#include <QUndoCommand>
#include <optional>

namespace app {

// Layers, neurons, activations, loss, inputs: any edit that changes the spec.
class ArchitectureCommand : public QUndoCommand {
public:
    // mergeKey >= 0: consecutive commands with the same key (one drag) merge into one step.
    ArchitectureCommand(NetworkModel* model, engine::SpecEdit edit, const QString& text, int mergeKey = -1);
    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    const engine::NetworkSpec& specBefore() const { return m_before.spec; }
    const engine::NetworkSpec& specAfter() const { return m_edit.spec; }
    // After the first redo (QUndoStack::push runs it): how many parameters were carried over and how many were
    // initialised fresh. The window tells the user when freshCount() > 0.
    engine::Index keptCount() const { return m_kept; }
    engine::Index freshCount() const { return m_fresh; }
    bool reinitialised() const { return m_fresh > 0; }
    // "New network 2-4-1 tanh, sigmoid out, bce: 9 weights kept, 8 initialised."
    QString summary() const;

private:
    struct State {
        engine::NetworkSpec spec;
        engine::Vector params;
        engine::ParameterMask mask;
        bool sameAs(const NetworkModel& m) const;
    };
    NetworkModel* m_model;
    State m_before;
    engine::SpecEdit m_edit;
    std::optional<State> m_after;
    engine::Index m_kept = 0, m_fresh = 0;
    int m_mergeKey;
};

// Factories: nullptr when the edit is not possible (out of range, the output layer, a spec that does not validate,
// or no change at all). Push the result: `if (auto* c = addLayerCommand(...)) undo->push(c);`
ArchitectureCommand* addLayerCommand(NetworkModel* m, int index, engine::LayerSpec layer);  // index 0..outputIndex
ArchitectureCommand* removeLayerCommand(NetworkModel* m, int l);                            // hidden layers
ArchitectureCommand* moveLayerCommand(NetworkModel* m, int l, int to);                      // hidden layers
ArchitectureCommand* setUnitsCommand(NetworkModel* m, int l, int units, int dragId = -1);   // at the end of the layer
ArchitectureCommand* removeNeuronCommand(NetworkModel* m, int l, int j);
ArchitectureCommand* setActivationCommand(NetworkModel* m, int l, engine::Activation act);  // a hidden layer
ArchitectureCommand* setOutputCommand(NetworkModel* m, engine::Activation act, engine::Loss loss);
ArchitectureCommand* setArchitectureCommand(NetworkModel* m, const engine::NetworkSpec& spec);  // typed text
// Layer l with new settings (a convolution's kernel, stride, padding or channels; a pooling window, stride or kind):
// the other layers keep their weights where their input's shape is unchanged.
ArchitectureCommand* setLayerCommand(NetworkModel* m, int l, const engine::LayerSpec& layer);
// The input features changed: inputOrigins[i] is the old input the new input i was (-1: a new feature).
ArchitectureCommand* setInputsCommand(NetworkModel* m, const std::vector<int>& inputOrigins);

// Types a value into a weight (input >= 0) or a bias (input == -1), or scrubs it: commands with the same scrubId >= 0
// on the same parameter merge, so one drag is one undo step.
class SetWeightCommand : public QUndoCommand {
public:
    SetWeightCommand(NetworkModel* model, int layer, int unit, int input, engine::Scalar value, int scrubId = -1);
    void redo() override;
    void undo() override;
    int id() const override { return 0x4e57; }
    bool mergeWith(const QUndoCommand* other) override;
    engine::Index parameter() const { return m_p; }
    bool valid() const { return m_p >= 0; }

private:
    NetworkModel* m_model;
    engine::NetworkSpec m_spec;
    engine::Index m_p = -1;
    engine::Scalar m_before = 0, m_after = 0;
    int m_scrub;
};

struct FreezeTarget {
    enum Kind { Weight, Bias, Neuron, Layer };
    Kind kind = Neuron;
    int layer = 0;  // Layer with layer -1: every layer ("Unfreeze all")
    int unit = -1;   // Weight, Bias, Neuron
    int input = -1;  // Weight
};

// Freezes (or unfreezes) a weight, a bias, a neuron (incoming weights and bias), a layer (dense or convolution), or
// every layer at once.
class FreezeCommand : public QUndoCommand {
public:
    FreezeCommand(NetworkModel* model, FreezeTarget target, bool frozen);
    void redo() override;
    void undo() override;

private:
    NetworkModel* m_model;
    engine::NetworkSpec m_spec;
    FreezeTarget m_target;
    bool m_frozen;
    engine::Vector m_before;  // the trainable vector before
};

// Disables (ablates) or enables a hidden neuron.
class DisableNeuronCommand : public QUndoCommand {
public:
    DisableNeuronCommand(NetworkModel* model, int layer, int unit, bool disabled);
    void redo() override;
    void undo() override;

private:
    bool set(bool disabled);
    NetworkModel* m_model;
    engine::NetworkSpec m_spec;
    int m_layer, m_unit;
    bool m_disabled;
    bool m_applied = false;
};

}  // namespace app
