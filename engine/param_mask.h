// Freezing and ablation on the flat parameter vector, without touching Network or Trainer code.
//
// Freezing: `trainable` holds 1 (learns) or 0 (frozen) per parameter. An update may move every parameter (momentum,
// random search, the perceptron rule), so the trainer snapshots the parameters before an update and applyFrozen()
// puts the frozen ones back afterwards: exact for every algorithm and optimizer. maskGradients() also zeroes their
// gradients before the optimizer step, so momentum and Adam moments do not build up behind a frozen weight.
//
// Ablation ("disable neuron j of hidden layer l"): its activation is to count as 0. We zero its OUTGOING weights
// (column j of W(l+1)) in the parameters themselves, keep their real values in `stash`, and hold them (and the
// neuron's own incoming weights and bias) frozen while it is disabled. So every forward pass, metric, boundary image
// and saved file sees the ablated network with no extra code anywhere, training goes on around the hole, and enabling
// the neuron writes the stashed weights back: the network gets exactly that neuron back. Output neurons have no
// outgoing weights and cannot be disabled.
#pragma once
#include "engine/network.h"
#include "engine/param_layout.h"
#include <vector>

namespace engine {

struct ParameterMask {
    Vector trainable;                                // 1 = learns, 0 = frozen by the user; one entry per parameter
    std::vector<std::vector<char>> disabledNeurons;  // [layer][unit]: 1 = ablated (hidden layers only)
    Vector stash;  // per parameter: the real value of an ablated (zeroed) outgoing weight; 0 elsewhere
    // Exact comparison (sizes first: Eigen's == assumes equal sizes).
    bool operator==(const ParameterMask& o) const {
        return disabledNeurons == o.disabledNeurons && trainable.size() == o.trainable.size() &&
               stash.size() == o.stash.size() && trainable == o.trainable && stash == o.stash;
    }
};

// All trainable, none disabled; sized for the spec.
ParameterMask makeParameterMask(const NetworkSpec& spec);
// Whether the mask's sizes fit the spec.
bool maskFits(const ParameterMask& mask, const NetworkSpec& spec);

// Freezing (frozen = false unfreezes). Out-of-range indices do nothing.
void freezeWeight(ParameterMask& mask, const NetworkSpec& spec, int l, int j, int i, bool frozen = true);
void freezeBias(ParameterMask& mask, const NetworkSpec& spec, int l, int j, bool frozen = true);
void freezeNeuron(ParameterMask& mask, const NetworkSpec& spec, int l, int j, bool frozen = true);  // incoming W + b
void freezeLayer(ParameterMask& mask, const NetworkSpec& spec, int l, bool frozen = true);          // all of W(l), b(l)
void freezeParameter(ParameterMask& mask, Index p, bool frozen = true);
bool isFrozen(const ParameterMask& mask, Index p);
bool isNeuronFrozen(const ParameterMask& mask, const NetworkSpec& spec, int l, int j);  // all incoming W and b frozen
bool isLayerFrozen(const ParameterMask& mask, const NetworkSpec& spec, int l);
bool anyFrozen(const ParameterMask& mask);

// Ablation. Disabling stashes and zeroes the outgoing weights; enabling writes them back. Both do nothing for the
// output layer, out-of-range neurons, or a neuron already in that state; they return whether anything changed.
bool canDisable(const NetworkSpec& spec, int l, int j);  // a hidden neuron
bool isDisabled(const ParameterMask& mask, int l, int j);
bool anyDisabled(const ParameterMask& mask);
bool disableNeuron(Vector& params, ParameterMask& mask, const NetworkSpec& spec, int l, int j);
bool enableNeuron(Vector& params, ParameterMask& mask, const NetworkSpec& spec, int l, int j);
// Zeroes the outgoing weights of every disabled neuron (after parameters came from elsewhere: a reset, a file).
// The stash is left alone.
void applyAblation(Vector& params, const NetworkSpec& spec, const ParameterMask& mask);
void applyAblation(Network& net, const ParameterMask& mask);
// The parameters as if no neuron were disabled (stash written back), e.g. to measure what the ablation costs:
// loss(restored) vs loss(params).
Vector withoutAblation(const Vector& params, const NetworkSpec& spec, const ParameterMask& mask);
// Whether p is an outgoing weight of a disabled neuron (its real value lives in the stash).
std::vector<char> ablatedParameters(const NetworkSpec& spec, const ParameterMask& mask);

// What the trainer holds fixed: `trainable`, with every disabled neuron's incoming weights, bias and outgoing weights
// also at 0. Empty when everything learns (the trainer then skips the snapshot).
Vector effectiveTrainable(const NetworkSpec& spec, const ParameterMask& mask);
// After an update: params = trainable ? params : before (frozen entries back to their values before the update).
void applyFrozen(Vector& params, const Vector& before, const Vector& trainable);
void applyFrozen(Vector& params, const Vector& before, const ParameterMask& mask, const NetworkSpec& spec);
// Before the optimizer step: grads = trainable ? grads : 0.
void maskGradients(Vector& grads, const Vector& trainable);

}  // namespace engine
