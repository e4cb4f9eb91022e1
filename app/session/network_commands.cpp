#include "app/session/network_commands.h"
#include "engine/param_layout.h"
#include <QCoreApplication>

namespace app {
namespace {

QString tr(const char* s) { return QCoreApplication::translate("NetworkCommands", s); }

QString layerTitle(const engine::NetworkSpec& spec, int l) {
    return l + 1 == int(spec.layers.size()) ? tr("the output layer") : tr("hidden layer %1").arg(l + 1);
}

QString qs(const std::string& s) { return QString::fromStdString(s); }

constexpr int kArchitectureMergeId = 0x4e41;

// "conv 5×5, 8 channels, stride 1, pad 2", "max pool 2×2, stride 2": the undo step's name for a layer's settings.
QString layerText(const engine::LayerSpec& l) {
    switch (l.kind) {
    case engine::LayerKind::Conv:
        return tr("conv %1×%1, %2 channels, stride %3, pad %4").arg(l.kernel).arg(l.units).arg(l.stride).arg(l.padding);
    case engine::LayerKind::MaxPool: return tr("max pool %1×%1, stride %2").arg(l.kernel).arg(l.stride);
    case engine::LayerKind::AvgPool: return tr("average pool %1×%1, stride %2").arg(l.kernel).arg(l.stride);
    case engine::LayerKind::Flatten: return tr("flatten");
    case engine::LayerKind::Dense: break;
    }
    return l.units == 1 ? tr("1 neuron") : tr("%1 neurons").arg(l.units);
}

// new -> mid (bc) after mid -> old (ab): new -> old.
engine::LayerMap compose(const engine::LayerMap& ab, const engine::LayerMap& bc) {
    engine::LayerMap m;
    for (int mid : bc.inputs)
        m.inputs.push_back(mid >= 0 && mid < int(ab.inputs.size()) ? ab.inputs[std::size_t(mid)] : -1);
    for (std::size_t l = 0; l < bc.layers.size(); ++l) {
        const int ml = bc.layers[l];
        const bool ok = ml >= 0 && ml < int(ab.layers.size());
        m.layers.push_back(ok ? ab.layers[std::size_t(ml)] : -1);
        std::vector<int> units;
        for (int mj : bc.units[l]) {
            const bool has = ok && m.layers.back() >= 0 && mj >= 0 && mj < int(ab.units[std::size_t(ml)].size());
            units.push_back(has ? ab.units[std::size_t(ml)][std::size_t(mj)] : -1);
        }
        m.units.push_back(std::move(units));
    }
    return m;
}

ArchitectureCommand* make(NetworkModel* m, std::optional<engine::SpecEdit> edit, const QString& text,
                          int mergeKey = -1) {
    if (!m || !edit || !edit->spec.validate().empty() || edit->spec == m->spec()) return nullptr;
    return new ArchitectureCommand(m, std::move(*edit), text, mergeKey);
}

}  // namespace

// ---- structure ------------------------------------------------------------------------------------------------------

bool ArchitectureCommand::State::sameAs(const NetworkModel& m) const {
    return spec == m.spec() && params.size() == m.params().size() && params == m.params() && mask == m.mask();
}

ArchitectureCommand::ArchitectureCommand(NetworkModel* model, engine::SpecEdit edit, const QString& text, int mergeKey)
    : QUndoCommand(text), m_model(model), m_edit(std::move(edit)), m_mergeKey(mergeKey) {
    m_before = State{model->spec(), model->params(), model->mask()};
}

int ArchitectureCommand::id() const { return m_mergeKey >= 0 ? kArchitectureMergeId : -1; }

void ArchitectureCommand::redo() {
    if (!(m_model->spec() == m_before.spec)) {
        qWarning("nnlab: '%s' skipped: the network changed without an undo step", qPrintable(text()));
        return;
    }
    State current{m_model->spec(), m_model->params(), m_model->mask()};
    State next;
    if (m_after && m_before.sameAs(*m_model)) {
        next = *m_after;  // nothing happened since: exactly the state this command made before
    } else {
        const engine::Vector fill = m_after ? m_after->params
                                            : engine::initialParameters(m_edit.spec, m_model->seed(), m_model->init());
        const engine::ParameterMask fillMask = m_after ? m_after->mask : engine::makeParameterMask(m_edit.spec);
        const engine::RemapResult r = engine::remap(current.spec, current.params, current.mask, m_edit.spec, m_edit.map,
                                                    fill, fillMask);
        if (!m_after) m_kept = r.kept, m_fresh = r.fresh;
        next = State{m_edit.spec, r.params, r.mask};
    }
    m_before = std::move(current);
    m_after = next;
    m_model->setState(next.spec, next.params, next.mask);
}

void ArchitectureCommand::undo() {
    if (!m_after || !(m_model->spec() == m_edit.spec)) {
        qWarning("nnlab: undo of '%s' skipped: the network changed without an undo step", qPrintable(text()));
        return;
    }
    State current{m_model->spec(), m_model->params(), m_model->mask()};
    State prev;
    if (m_after->sameAs(*m_model)) {
        prev = m_before;
    } else {
        // Training moved the weights since: keep what fits, take the rest from the state before the edit.
        const engine::LayerMap back = engine::invertMap(m_before.spec, m_edit.spec, m_edit.map);
        const engine::RemapResult r = engine::remap(current.spec, current.params, current.mask, m_before.spec, back,
                                                    m_before.params, m_before.mask);
        prev = State{m_before.spec, r.params, r.mask};
    }
    m_after = std::move(current);
    m_before = prev;
    m_model->setState(prev.spec, prev.params, prev.mask);
}

bool ArchitectureCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const ArchitectureCommand*>(other);
    if (!o || o->m_mergeKey != m_mergeKey || m_mergeKey < 0 || !o->m_after || !m_after) return false;
    if (!(o->m_before.spec == m_edit.spec)) return false;
    m_edit.map = compose(m_edit.map, o->m_edit.map);
    m_edit.spec = o->m_edit.spec;
    m_after = o->m_after;
    m_kept = m_fresh = 0;
    for (engine::Index origin : engine::parameterOrigins(m_before.spec, m_edit.spec, m_edit.map))
        (origin >= 0 ? m_kept : m_fresh) += 1;
    setText(o->text());
    if (m_edit.spec == m_before.spec && m_after->params == m_before.params && m_after->mask == m_before.mask)
        setObsolete(true);  // the drag came back to where it started
    return true;
}

QString ArchitectureCommand::summary() const {
    const QString net = qs(m_edit.spec.describe());
    if (m_fresh == 0) return tr("Network %1: all weights kept.").arg(net);
    if (m_kept == 0) return tr("Network %1: weights initialised.").arg(net);
    return tr("Network %1: %2 weights kept, %3 initialised.").arg(net).arg(m_kept).arg(m_fresh);
}

ArchitectureCommand* addLayerCommand(NetworkModel* m, int index, engine::LayerSpec layer) {
    const QString text = layer.kind == engine::LayerKind::Dense ? tr("Add a hidden layer of %1").arg(layerText(layer))
                                                                 : tr("Add a layer: %1").arg(layerText(layer));
    return make(m, engine::insertLayer(m->spec(), index, layer), text);
}

ArchitectureCommand* removeLayerCommand(NetworkModel* m, int l) {
    return make(m, engine::removeLayer(m->spec(), l), tr("Remove %1").arg(layerTitle(m->spec(), l)));
}

ArchitectureCommand* moveLayerCommand(NetworkModel* m, int l, int to) {
    if (l == to) return nullptr;
    return make(m, engine::moveLayer(m->spec(), l, to),
                tr("Move hidden layer %1 to position %2").arg(l + 1).arg(to + 1));
}

ArchitectureCommand* setUnitsCommand(NetworkModel* m, int l, int units, int dragId) {
    if (l < 0 || l >= int(m->spec().layers.size()) || m->spec().layers[std::size_t(l)].units == units) return nullptr;
    // One drag on one layer merges: the key carries both.
    const int key = dragId >= 0 ? (dragId % 100000) * 1000 + l : -1;
    return make(m, engine::setUnits(m->spec(), l, units),
                tr("%1 neurons in %2").arg(units).arg(layerTitle(m->spec(), l)), key);
}

ArchitectureCommand* removeNeuronCommand(NetworkModel* m, int l, int j) {
    return make(m, engine::removeNeuron(m->spec(), l, j),
                tr("Remove neuron %1 of %2").arg(j + 1).arg(layerTitle(m->spec(), l)));
}

ArchitectureCommand* setActivationCommand(NetworkModel* m, int l, engine::Activation act) {
    const engine::NetworkSpec& s = m->spec();
    if (l < 0 || l + 1 >= int(s.layers.size())) return nullptr;
    engine::SpecEdit e{s, engine::identityMap(s)};
    e.spec.layers[std::size_t(l)].activation = act;
    return make(m, e, tr("%1 in %2").arg(qs(engine::activationName(act)), layerTitle(s, l)));
}

ArchitectureCommand* setOutputCommand(NetworkModel* m, engine::Activation act, engine::Loss loss) {
    const engine::NetworkSpec& s = m->spec();
    if (s.layers.empty()) return nullptr;
    engine::SpecEdit e{s, engine::identityMap(s)};
    e.spec.layers.back().activation = act;
    e.spec.loss = loss;
    return make(m, e, tr("Output %1, loss %2").arg(qs(engine::activationName(act)), qs(engine::lossName(loss))));
}

ArchitectureCommand* setArchitectureCommand(NetworkModel* m, const engine::NetworkSpec& spec) {
    return make(m, engine::SpecEdit{spec, engine::inferLayerMap(m->spec(), spec)},
                tr("Network %1").arg(qs(spec.describe())));
}

ArchitectureCommand* setLayerCommand(NetworkModel* m, int l, const engine::LayerSpec& layer) {
    const engine::NetworkSpec& s = m->spec();
    if (l < 0 || l >= int(s.layers.size())) return nullptr;
    engine::SpecEdit e{s, engine::identityMap(s)};
    e.spec.layers[std::size_t(l)] = layer;
    // The same layer, its first channels the old ones (a convolution that gains channels keeps no weights anyway:
    // its kernels' shape changed, so parameterOrigins starts it fresh; the layers after it keep theirs if they fit).
    std::vector<int>& units = e.map.units[std::size_t(l)];
    const int before = int(units.size());
    units.resize(std::size_t(std::max(0, layer.units)));
    for (int j = before; j < int(units.size()); ++j) units[std::size_t(j)] = -1;
    return make(m, e, tr("%1 in %2").arg(layerText(layer), layerTitle(s, l)));
}

ArchitectureCommand* setInputsCommand(NetworkModel* m, const std::vector<int>& inputOrigins) {
    return make(m, engine::setInputs(m->spec(), inputOrigins),
                inputOrigins.size() == 1 ? tr("1 input") : tr("%1 inputs").arg(inputOrigins.size()));
}

// ---- a weight's value -----------------------------------------------------------------------------------------------

SetWeightCommand::SetWeightCommand(NetworkModel* model, int layer, int unit, int input, engine::Scalar value,
                                   int scrubId)
    : m_model(model), m_spec(model->spec()), m_after(value), m_scrub(scrubId) {
    const engine::ParameterLayout lay(m_spec);
    if (input >= 0 && lay.validWeight(layer, unit, input)) m_p = lay.weightIndex(layer, unit, input);
    else if (input == -1 && lay.validUnit(layer, unit)) m_p = lay.biasIndex(layer, unit);
    if (m_p >= 0 && m_p >= model->params().size()) m_p = -1;
    if (m_p >= 0) m_before = model->parameterValue(m_p);
    setText(input >= 0 ? tr("Set a weight to %1").arg(value) : tr("Set a bias to %1").arg(value));
    if (m_p < 0) setObsolete(true);
}

void SetWeightCommand::redo() {
    if (m_p >= 0 && m_model->spec() == m_spec) m_model->setParameterValue(m_p, m_after);
}

void SetWeightCommand::undo() {
    if (m_p >= 0 && m_model->spec() == m_spec) m_model->setParameterValue(m_p, m_before);
}

bool SetWeightCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const SetWeightCommand*>(other);
    if (!o || m_scrub < 0 || o->m_scrub != m_scrub || o->m_p != m_p || !(o->m_spec == m_spec)) return false;
    m_after = o->m_after;
    setText(o->text());
    if (m_after == m_before) setObsolete(true);
    return true;
}

// ---- freezing and ablation ------------------------------------------------------------------------------------------

FreezeCommand::FreezeCommand(NetworkModel* model, FreezeTarget target, bool frozen)
    : m_model(model), m_spec(model->spec()), m_target(target), m_frozen(frozen) {
    QString what;
    switch (target.kind) {
    case FreezeTarget::Weight: what = tr("a weight"); break;
    case FreezeTarget::Bias: what = tr("a bias"); break;
    case FreezeTarget::Neuron:
        what = tr("neuron %1 of %2").arg(target.unit + 1).arg(layerTitle(m_spec, target.layer));
        break;
    case FreezeTarget::Layer: what = target.layer < 0 ? tr("every layer") : layerTitle(m_spec, target.layer); break;
    }
    setText(frozen ? tr("Freeze %1").arg(what) : tr("Unfreeze %1").arg(what));
}

void FreezeCommand::redo() {
    if (!(m_model->spec() == m_spec)) return;
    engine::ParameterMask mask = m_model->mask();
    m_before = mask.trainable;
    const FreezeTarget& t = m_target;
    switch (t.kind) {
    case FreezeTarget::Weight: engine::freezeWeight(mask, m_spec, t.layer, t.unit, t.input, m_frozen); break;
    case FreezeTarget::Bias: engine::freezeBias(mask, m_spec, t.layer, t.unit, m_frozen); break;
    case FreezeTarget::Neuron: engine::freezeNeuron(mask, m_spec, t.layer, t.unit, m_frozen); break;
    case FreezeTarget::Layer:
        if (t.layer >= 0) engine::freezeLayer(mask, m_spec, t.layer, m_frozen);
        else
            for (int l = 0; l < int(m_spec.layers.size()); ++l) engine::freezeLayer(mask, m_spec, l, m_frozen);
        break;
    }
    m_model->setMask(mask);
}

void FreezeCommand::undo() {
    if (!(m_model->spec() == m_spec) || m_before.size() != m_model->mask().trainable.size()) return;
    engine::ParameterMask mask = m_model->mask();
    mask.trainable = m_before;
    m_model->setMask(mask);
}

DisableNeuronCommand::DisableNeuronCommand(NetworkModel* model, int layer, int unit, bool disabled)
    : m_model(model), m_spec(model->spec()), m_layer(layer), m_unit(unit), m_disabled(disabled) {
    const QString what = tr("neuron %1 of %2").arg(unit + 1).arg(layerTitle(m_spec, layer));
    setText(disabled ? tr("Disable %1").arg(what) : tr("Enable %1").arg(what));
    if (!engine::canDisable(m_spec, layer, unit)) setObsolete(true);
}

bool DisableNeuronCommand::set(bool disabled) {
    if (!(m_model->spec() == m_spec)) return false;
    const bool changed = disabled ? engine::disableNeuron(m_model->mutableParams(), m_model->mutableMask(), m_spec,
                                                          m_layer, m_unit)
                                  : engine::enableNeuron(m_model->mutableParams(), m_model->mutableMask(), m_spec,
                                                         m_layer, m_unit);
    if (changed) m_model->notify(NetworkModel::Parameters | NetworkModel::Mask);
    return changed;
}

// A neuron already in the asked state: redo changes nothing, so undo must not either.
void DisableNeuronCommand::redo() { m_applied = set(m_disabled); }
void DisableNeuronCommand::undo() {
    if (m_applied) set(!m_disabled);
    m_applied = false;
}

}  // namespace app
