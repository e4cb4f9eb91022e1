// The network edit commands on a NetworkModel: each one's redo and undo restore spec, parameters and mask exactly; a
// structural undo after training keeps the trained weights that fit; scrubs and resize drags merge into one step;
// a 2-4-1 network drawn by commands from 2-1 learns XOR; the text form drives the same edits.
#include "app/session/network_commands.h"
#include "app/session/network_model.h"
#include "engine/architecture_text.h"
#include "engine/param_layout.h"
#include "engine/trainer.h"
#include "examples.h"
#include <QRegularExpression>
#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>
#include <functional>

using namespace app;
using engine::Activation;
using engine::Loss;

namespace {

engine::NetworkSpec spec(std::vector<int> units, Activation hidden = Activation::Tanh) {
    engine::NetworkSpec s;
    s.inputs = 2;
    for (std::size_t l = 0; l < units.size(); ++l)
        s.layers.push_back({units[l], l + 1 == units.size() ? Activation::Sigmoid : hidden});
    s.loss = Loss::BinaryCrossEntropy;
    return s;
}

struct State {
    engine::NetworkSpec spec;
    engine::Vector params;
    engine::ParameterMask mask;
    bool operator==(const State& o) const {
        return spec == o.spec && params.size() == o.params.size() && params == o.params && mask == o.mask;
    }
};
State state(const NetworkModel& m) { return {m.spec(), m.params(), m.mask()}; }
char* toString(const State& s) { return qstrdup(s.spec.describe().c_str()); }

using Factory = std::function<QUndoCommand*(NetworkModel*)>;

}  // namespace

Q_DECLARE_METATYPE(Factory)

class TstNetworkCommands : public QObject {
    Q_OBJECT
private slots:
    void redoUndoRestoreExactly_data();
    void redoUndoRestoreExactly();
    void structuralUndoKeepsTrainingProgress();
    void reportsReinitialisedWeights();
    void drawnNetworkLearnsXor();
    void scrubsMergeIntoOneStep();
    void resizeDragMerges();
    void freezeAndDisableAreUndoable();
    void editingAnAblatedWeightGoesToTheStash();
    void architectureFromText();
    void changeSignals();
    void invalidEditsMakeNoCommand();
    void staleCommandDoesNothing();
};

void TstNetworkCommands::redoUndoRestoreExactly_data() {
    QTest::addColumn<Factory>("make");
    QTest::newRow("add layer") << Factory([](NetworkModel* m) { return addLayerCommand(m, 1, {5, Activation::ReLU}); });
    QTest::newRow("add first layer") << Factory([](NetworkModel* m) {
        return addLayerCommand(m, 0, {2, Activation::Tanh});
    });
    QTest::newRow("remove layer") << Factory([](NetworkModel* m) { return removeLayerCommand(m, 0); });
    QTest::newRow("move layer") << Factory([](NetworkModel* m) { return moveLayerCommand(m, 0, 1); });
    QTest::newRow("add neurons") << Factory([](NetworkModel* m) { return setUnitsCommand(m, 1, 6); });
    QTest::newRow("fewer neurons") << Factory([](NetworkModel* m) { return setUnitsCommand(m, 0, 2); });
    QTest::newRow("remove a neuron") << Factory([](NetworkModel* m) { return removeNeuronCommand(m, 0, 1); });
    QTest::newRow("activation") << Factory(
        [](NetworkModel* m) { return setActivationCommand(m, 1, Activation::ReLU); });
    QTest::newRow("output") << Factory(
        [](NetworkModel* m) { return setOutputCommand(m, Activation::Tanh, Loss::MSE); });
    QTest::newRow("text") << Factory([](NetworkModel* m) {
        return setArchitectureCommand(m, *engine::parseArchitecture("2-4-8-2 relu, softmax out", 2).spec);
    });
    QTest::newRow("inputs") << Factory([](NetworkModel* m) { return setInputsCommand(m, {0, -1, 1}); });
    QTest::newRow("weight") << Factory([](NetworkModel* m) { return new SetWeightCommand(m, 1, 2, 3, 0.75); });
    QTest::newRow("bias") << Factory([](NetworkModel* m) { return new SetWeightCommand(m, 0, 1, -1, -2.5); });
    QTest::newRow("freeze weight") << Factory([](NetworkModel* m) {
        return new FreezeCommand(m, {FreezeTarget::Weight, 1, 0, 2}, true);
    });
    QTest::newRow("freeze neuron") << Factory([](NetworkModel* m) {
        return new FreezeCommand(m, {FreezeTarget::Neuron, 0, 3, -1}, true);
    });
    QTest::newRow("freeze layer") << Factory([](NetworkModel* m) {
        return new FreezeCommand(m, {FreezeTarget::Layer, 2}, true);
    });
    QTest::newRow("unfreeze") << Factory([](NetworkModel* m) {
        return new FreezeCommand(m, {FreezeTarget::Layer, 0}, false);
    });
    QTest::newRow("disable") << Factory([](NetworkModel* m) { return new DisableNeuronCommand(m, 1, 1, true); });
    QTest::newRow("enable") << Factory([](NetworkModel* m) { return new DisableNeuronCommand(m, 0, 0, false); });
}

// From a 2-4-3-1 with a frozen neuron and a disabled one (so masks and stashes are in play too).
void TstNetworkCommands::redoUndoRestoreExactly() {
    QFETCH(Factory, make);
    NetworkModel model;
    model.setInit({}, 11);
    model.reset(spec({4, 3, 1}), {});
    QUndoStack stack;
    stack.push(new FreezeCommand(&model, {FreezeTarget::Neuron, 0, 2, -1}, true));
    stack.push(new DisableNeuronCommand(&model, 0, 0, true));
    const State before = state(model);
    QVERIFY(engine::isDisabled(before.mask, 0, 0));

    QUndoCommand* c = make(&model);
    QVERIFY(c);
    stack.push(c);
    QCOMPARE(stack.count(), 3);
    const State after = state(model);
    QVERIFY(!(after == before));
    QVERIFY(engine::maskFits(after.mask, after.spec));
    QCOMPARE(after.params.size(), after.spec.parameterCount());

    stack.undo();
    QCOMPARE(state(model), before);
    stack.redo();
    QCOMPARE(state(model), after);
    stack.undo();
    QCOMPARE(state(model), before);
    // And the two setup steps undo too, back to the plain network.
    stack.undo();
    stack.undo();
    QVERIFY(!engine::anyDisabled(model.mask()));
    QVERIFY(!engine::anyFrozen(model.mask()));
}

void TstNetworkCommands::structuralUndoKeepsTrainingProgress() {
    NetworkModel model;
    model.reset(spec({4, 1}), {});
    QUndoStack stack;
    stack.push(setUnitsCommand(&model, 0, 6));
    // Training moves every weight.
    engine::Vector trained = model.params();
    for (engine::Index k = 0; k < trained.size(); ++k) trained[k] += 0.001 * double(k + 1);
    model.syncParameters(trained);
    stack.undo();
    QCOMPARE(model.spec(), spec({4, 1}));
    const engine::ParameterLayout A(spec({6, 1}));
    const engine::ParameterLayout B(spec({4, 1}));
    // The four neurons that stayed carry their trained weights back.
    for (int j = 0; j < 4; ++j) {
        QCOMPARE(model.params()[B.weightIndex(0, j, 1)], trained[A.weightIndex(0, j, 1)]);
        QCOMPARE(model.params()[B.weightIndex(1, 0, j)], trained[A.weightIndex(1, 0, j)]);
    }
    // Redo after more training: the two new neurons get the weights they had, the rest stays trained.
    engine::Vector again = model.params();
    again.array() += 0.5;
    model.syncParameters(again);
    const engine::Vector beforeRedo = model.params();
    stack.redo();
    QCOMPARE(model.spec(), spec({6, 1}));
    QCOMPARE(model.params()[A.biasIndex(0, 0)], beforeRedo[B.biasIndex(0, 0)]);
    QCOMPARE(model.params()[A.biasIndex(0, 5)], trained[A.biasIndex(0, 5)]);
}

void TstNetworkCommands::reportsReinitialisedWeights() {
    NetworkModel model;
    model.reset(spec({4, 1}), {});
    QUndoStack stack;
    auto* act = setActivationCommand(&model, 0, Activation::ReLU);
    stack.push(act);
    QVERIFY(!act->reinitialised());
    QCOMPARE(act->freshCount(), engine::Index(0));
    QCOMPARE(act->summary(), QString("Network 2-4-1 relu, sigmoid out, bce: all weights kept."));
    auto* add = setUnitsCommand(&model, 0, 5);
    stack.push(add);
    QVERIFY(add->reinitialised());
    QCOMPARE(add->freshCount(), engine::Index(4));  // 2 incoming, 1 bias, 1 outgoing
    QCOMPARE(add->keptCount(), engine::Index(17));
    QCOMPARE(add->summary(), QString("Network 2-5-1 relu, sigmoid out, bce: 17 weights kept, 4 initialised."));
}

// The acceptance test: draw 2-4-1 from 2-1 with edits, then it learns XOR.
void TstNetworkCommands::drawnNetworkLearnsXor() {
    NetworkModel model;
    model.setInit({}, 1);
    model.reset(spec({1}), {});
    QCOMPARE(model.spec().describe(), std::string("2-1 sigmoid out, bce"));
    QUndoStack stack;
    stack.push(addLayerCommand(&model, 0, {1, Activation::Tanh}));
    for (int units = 2; units <= 4; ++units) stack.push(setUnitsCommand(&model, 0, units, /*dragId*/ 1));
    QCOMPARE(model.spec().describe(), std::string("2-4-1 tanh, sigmoid out, bce"));
    QCOMPARE(stack.count(), 2);  // the layer, then one drag

    const engine::Dataset d = testsupport::xorDataset();  // the four rows of the XOR truth table
    engine::TrainSettings ts;
    ts.mode = engine::UpdateMode::FullBatch;
    ts.optimizer.learningRate = 0.5;
    engine::Trainer t(model.spec(), d, d, ts);
    t.setParameters(model.params());
    QCOMPARE(t.network().params(), model.params());
    const engine::StepResult r = t.step(3000);
    QCOMPARE(r.train.accuracy, 1.0);
    QVERIFY2(r.train.loss < 0.1, qPrintable(QString::number(r.train.loss)));

    // And the same edits undone give back the 2-1 network, which cannot learn XOR.
    stack.undo();
    stack.undo();
    QCOMPARE(model.spec(), spec({1}));
}

void TstNetworkCommands::scrubsMergeIntoOneStep() {
    NetworkModel model;
    model.reset(spec({3, 1}), {});
    const engine::ParameterLayout lay(model.spec());
    const engine::Index p = lay.weightIndex(1, 0, 2);
    const double original = model.params()[p];
    QUndoStack stack;
    for (int k = 1; k <= 20; ++k) stack.push(new SetWeightCommand(&model, 1, 0, 2, original + 0.05 * k, /*scrub*/ 3));
    QCOMPARE(stack.count(), 1);
    QCOMPARE(model.params()[p], original + 0.05 * 20);
    // Another scrub on the same weight, a typed value, and a scrub on another weight: each its own step.
    stack.push(new SetWeightCommand(&model, 1, 0, 2, 1.0, 4));
    stack.push(new SetWeightCommand(&model, 1, 0, 2, 2.0));
    stack.push(new SetWeightCommand(&model, 1, 0, 2, 3.0));
    stack.push(new SetWeightCommand(&model, 1, 0, 1, 0.5, 4));
    QCOMPARE(stack.count(), 5);
    stack.setIndex(1);
    QCOMPARE(model.params()[p], original + 0.05 * 20);
    stack.undo();
    QCOMPARE(model.params()[p], original);
    // A scrub that comes back to where it started leaves no step.
    stack.clear();
    stack.push(new SetWeightCommand(&model, 1, 0, 2, original + 1, 9));
    stack.push(new SetWeightCommand(&model, 1, 0, 2, original, 9));
    QCOMPARE(stack.count(), 0);
    QCOMPARE(model.params()[p], original);
}

void TstNetworkCommands::resizeDragMerges() {
    NetworkModel model;
    model.reset(spec({4, 1}), {});
    const State before = state(model);
    QUndoStack stack;
    for (int u : {5, 6, 7, 8, 7, 6}) stack.push(setUnitsCommand(&model, 0, u, 2));
    QCOMPARE(stack.count(), 1);
    QCOMPARE(model.spec().layers[0].units, 6);
    const State after = state(model);
    stack.undo();
    QCOMPARE(state(model), before);
    stack.redo();
    QCOMPARE(state(model), after);
    // Dragging back to the start leaves no step at all.
    stack.clear();
    model.reset(before.spec, before.params);
    for (int u : {5, 6, 5, 4}) stack.push(setUnitsCommand(&model, 0, u, 3));
    QCOMPARE(stack.count(), 0);
    QCOMPARE(state(model), before);
}

void TstNetworkCommands::freezeAndDisableAreUndoable() {
    NetworkModel model;
    model.reset(spec({3, 1}), {});
    const State before = state(model);
    QUndoStack stack;
    stack.push(new FreezeCommand(&model, {FreezeTarget::Layer, 0}, true));
    QVERIFY(engine::isLayerFrozen(model.mask(), model.spec(), 0));
    stack.push(new DisableNeuronCommand(&model, 0, 1, true));
    QVERIFY(engine::isDisabled(model.mask(), 0, 1));
    const engine::ParameterLayout lay(model.spec());
    QCOMPARE(model.params()[lay.weightIndex(1, 0, 1)], 0.0);
    QCOMPARE(model.parameterValue(lay.weightIndex(1, 0, 1)), before.params[lay.weightIndex(1, 0, 1)]);
    // What the trainer holds: the frozen layer and the disabled neuron's outgoing weight.
    const engine::Vector t = model.effectiveTrainable();
    QCOMPARE(t.size(), lay.size());
    QCOMPARE(t[lay.weightIndex(1, 0, 1)], 0.0);
    QCOMPARE(t[lay.weightIndex(1, 0, 0)], 1.0);
    QCOMPARE(t[lay.weightIndex(0, 0, 0)], 0.0);

    // Disabling it again changes nothing, and undoing that must not enable it.
    stack.push(new DisableNeuronCommand(&model, 0, 1, true));
    stack.undo();
    QVERIFY(engine::isDisabled(model.mask(), 0, 1));
    stack.undo();
    stack.undo();
    QCOMPARE(state(model), before);
    // Output neurons cannot be disabled: the command is dropped.
    stack.push(new DisableNeuronCommand(&model, 1, 0, true));
    QCOMPARE(stack.count(), 0);
}

void TstNetworkCommands::editingAnAblatedWeightGoesToTheStash() {
    NetworkModel model;
    model.reset(spec({3, 1}), {});
    QUndoStack stack;
    stack.push(new DisableNeuronCommand(&model, 0, 2, true));
    const engine::ParameterLayout lay(model.spec());
    const engine::Index p = lay.weightIndex(1, 0, 2);
    const double real = model.parameterValue(p);
    stack.push(new SetWeightCommand(&model, 1, 0, 2, 4.0));
    QCOMPARE(model.params()[p], 0.0);  // still ablated
    QCOMPARE(model.parameterValue(p), 4.0);
    stack.push(new DisableNeuronCommand(&model, 0, 2, false));
    QCOMPARE(model.params()[p], 4.0);
    stack.undo();
    stack.undo();
    QCOMPARE(model.parameterValue(p), real);
}

void TstNetworkCommands::architectureFromText() {
    NetworkModel model;
    model.reset(spec({4, 1}), {});
    const State before = state(model);
    const engine::ArchitectureParseResult r = engine::parseArchitecture("2-4-8-1 relu/tanh, sigmoid out, bce", 2);
    QVERIFY(r.ok());
    QUndoStack stack;
    auto* c = setArchitectureCommand(&model, *r.spec);
    QVERIFY(c);
    stack.push(c);
    QCOMPARE(QString::fromStdString(engine::formatArchitecture(model.spec())),
             QString("2-4-8-1 relu/tanh, sigmoid out, bce"));
    // The first hidden layer (same width) is kept; the new 8-layer and the output's weights are new.
    const engine::ParameterLayout A(before.spec);
    QCOMPARE(model.params().segment(0, 12), before.params.segment(0, 12));
    QCOMPARE(c->freshCount(), engine::Index(4 * 8 + 8 + 8));
    QVERIFY(c->reinitialised());
    // The same text again makes no command.
    QVERIFY(!setArchitectureCommand(&model, *r.spec));
    stack.undo();
    QCOMPARE(state(model), before);
}

void TstNetworkCommands::changeSignals() {
    NetworkModel model;
    model.reset(spec({3, 1}), {});
    QSignalSpy changed(&model, &NetworkModel::changed);
    QSignalSpy synced(&model, &NetworkModel::synced);
    QUndoStack stack;
    stack.push(setUnitsCommand(&model, 0, 4));
    QCOMPARE(changed.takeLast().at(0).toInt() & NetworkModel::Structure, int(NetworkModel::Structure));
    stack.push(setActivationCommand(&model, 0, Activation::ReLU));
    QCOMPARE(changed.takeLast().at(0).toInt(), int(NetworkModel::Structure));  // the weights did not change
    stack.push(new SetWeightCommand(&model, 0, 0, 0, 0.3));
    QCOMPARE(changed.takeLast().at(0).toInt(), int(NetworkModel::Parameters));
    stack.push(new FreezeCommand(&model, {FreezeTarget::Bias, 0, 1}, true));
    QCOMPARE(changed.takeLast().at(0).toInt(), int(NetworkModel::Mask));
    stack.push(new DisableNeuronCommand(&model, 0, 1, true));
    QCOMPARE(changed.takeLast().at(0).toInt(), int(NetworkModel::Parameters | NetworkModel::Mask));
    QVERIFY(changed.isEmpty());
    model.syncParameters(model.params());
    QCOMPARE(synced.count(), 1);
    QVERIFY(changed.isEmpty());  // a sync is not an edit
}

void TstNetworkCommands::invalidEditsMakeNoCommand() {
    NetworkModel model;
    model.reset(spec({3, 1}), {});
    QVERIFY(!addLayerCommand(&model, 2, {3, Activation::Tanh}));  // after the output
    QVERIFY(!removeLayerCommand(&model, 1));                      // the output layer
    QVERIFY(!moveLayerCommand(&model, 0, 0));
    QVERIFY(!setUnitsCommand(&model, 0, 3));  // no change
    QVERIFY(!setUnitsCommand(&model, 0, 0));
    QVERIFY(!removeNeuronCommand(&model, 1, 0));                     // the only output neuron
    QVERIFY(!setActivationCommand(&model, 0, Activation::Softmax));  // softmax is for the output only
    QVERIFY(!setActivationCommand(&model, 1, Activation::ReLU));     // the output: setOutputCommand
    QVERIFY(!setActivationCommand(&model, 0, Activation::Tanh));     // no change
    QVERIFY(!setOutputCommand(&model, Activation::Sigmoid, Loss::BinaryCrossEntropy));
    QVERIFY(!setInputsCommand(&model, {}));
    SetWeightCommand bad(&model, 3, 0, 0, 1.0);
    QVERIFY(!bad.valid());
}

void TstNetworkCommands::staleCommandDoesNothing() {
    NetworkModel model;
    model.reset(spec({3, 1}), {});
    QUndoStack stack;
    stack.push(setUnitsCommand(&model, 0, 5));
    // The network is replaced without an undo step (a loaded project): the old command must not touch it.
    model.reset(spec({2, 2, 1}), {});
    const State replaced = state(model);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("skipped"));
    stack.undo();
    QCOMPARE(state(model), replaced);
}

QTEST_GUILESS_MAIN(TstNetworkCommands)
#include "tst_network_commands.moc"
