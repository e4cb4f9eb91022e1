// The commands the diagram's conv editing pushes, on a NetworkModel: a convolution's kernel changed in one undoable
// step (the text form follows; layers whose input keeps its shape keep their weights), a pooling layer inserted, a
// convolution frozen and "Unfreeze all" (FreezeTarget::Layer with layer -1), each undone exactly.
#include "app/session/network_commands.h"
#include "app/session/network_model.h"
#include "engine/architecture_text.h"
#include "engine/param_layout.h"
#include "engine/param_mask.h"
#include <QUndoStack>
#include <QtTest>

using namespace app;

namespace {

engine::NetworkSpec parse(const std::string& text) {
    const engine::ArchitectureParseResult r = engine::parseArchitecture(text);
    if (!r.ok()) qFatal("%s: %s", text.c_str(), r.error.c_str());
    return *r.spec;
}

void load(NetworkModel& m, const engine::NetworkSpec& spec) {
    m.setState(spec, engine::initialParameters(spec, 3), engine::makeParameterMask(spec));
}

}  // namespace

class TstLayerCommands : public QObject {
    Q_OBJECT
private slots:
    void kernelChangeIsOneUndoableStep() {
        NetworkModel m;
        load(m, parse("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"));
        const engine::Vector before = m.params();
        QUndoStack undo;
        engine::LayerSpec five = m.spec().layers[0];
        five.kernel = 5, five.padding = 2;
        QUndoCommand* c = setLayerCommand(&m, 0, five);
        QVERIFY(c);
        undo.push(c);
        QCOMPARE(QString::fromStdString(engine::formatArchitecture(m.spec())),
                 QString::fromStdString(engine::formatArchitecture(parse("8x8x1 conv5x5x8 relu pad2, maxpool2, 10 softmax"))));
        QVERIFY2(c->text().contains("5×5"), qPrintable(c->text()));
        // The output layer reads the same 4×4×8 maps: its weights stay; the convolution's kernels are new.
        const engine::ParameterLayout a(parse("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax")), b(m.spec());
        QCOMPARE(m.params().segment(b.weightOffset(2), b.layer(2).parameterCount()),
                 before.segment(a.weightOffset(2), a.layer(2).parameterCount()));
        QCOMPARE(m.params().size(), b.size());
        undo.undo();
        QVERIFY(m.spec() == parse("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"));
        QCOMPARE(m.params(), before);
        // A layer that would not fit is no command at all.
        engine::LayerSpec huge = m.spec().layers[0];
        huge.kernel = 11, huge.padding = 0;
        QVERIFY(!setLayerCommand(&m, 0, huge));
        QVERIFY(!setLayerCommand(&m, 0, m.spec().layers[0]));  // no change
    }

    // The diagram's + and − on a convolution are the dense layers' intents: the window's setUnitsCommand adds a map.
    void channelsFromTheButtons() {
        NetworkModel m;
        load(m, parse("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"));
        QUndoStack undo;
        QUndoCommand* c = setUnitsCommand(&m, 0, 9);
        QVERIFY(c);
        undo.push(c);
        QVERIFY(m.spec() == parse("8x8x1 conv3x3x9 relu pad1, maxpool2, 10 softmax"));
        QCOMPARE(m.params().size(), engine::ParameterLayout(m.spec()).size());
        undo.undo();
        QVERIFY(m.spec() == parse("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"));
    }

    void poolingInsertedAndUndone() {
        NetworkModel m;
        load(m, parse("8x8x1 conv3x3x8 relu pad1, 10 softmax"));
        QUndoStack undo;
        QUndoCommand* c = addLayerCommand(&m, 1, engine::LayerSpec::maxPool(2));
        QVERIFY(c);
        undo.push(c);
        QVERIFY(m.spec() == parse("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"));
        QVERIFY2(c->text().contains("max pool"), qPrintable(c->text()));
        undo.undo();
        QVERIFY(m.spec() == parse("8x8x1 conv3x3x8 relu pad1, 10 softmax"));
    }

    void freezeConvolutionAndUnfreezeAll() {
        NetworkModel m;
        load(m, parse("8x8x1 conv3x3x8 relu pad1, maxpool2, 16 relu, 10 softmax"));
        QUndoStack undo;
        undo.push(new FreezeCommand(&m, FreezeTarget{FreezeTarget::Layer, 0}, true));
        undo.push(new FreezeCommand(&m, FreezeTarget{FreezeTarget::Neuron, 2, 3}, true));
        QVERIFY(engine::isLayerFrozen(m.mask(), m.spec(), 0));
        QVERIFY(engine::isNeuronFrozen(m.mask(), m.spec(), 2, 3));
        const engine::Vector frozen = m.mask().trainable;
        auto* all = new FreezeCommand(&m, FreezeTarget{FreezeTarget::Layer, -1}, false);
        QCOMPARE(all->text(), QString("Unfreeze every layer"));
        undo.push(all);
        QVERIFY(!engine::anyFrozen(m.mask()));
        undo.undo();
        QCOMPARE(m.mask().trainable, frozen);
    }
};

QTEST_GUILESS_MAIN(TstLayerCommands)
#include "tst_layer_commands.moc"
