// A convolutional network on the window's diagram, as a student builds it: the digits, the architecture typed
// ("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"), the diagram drawing stacks under their shapes; a click on the
// convolution selects it, + adds a channel and Ctrl+Z takes it back, its menu freezes it and "Unfreeze all" frees
// everything, and Kernel size ▸ 5×5 changes the kernel with the text form following. Only mouse clicks and key presses
// on visible widgets, read back from what is shown. While the window still refuses convolution networks (the guard
// in the network dock), the journey says so and skips. A screenshot of the window with a conv net, for a person.
#include "patient_waits.h"
#include "journey.h"
#include "screenshot.h"
#include "widgets/network_view.h"
#include "widgets/weight_heatmap.h"
#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QUndoStack>

using namespace app;
using namespace journey;

namespace {

// The digits from the Data panel, then `text` typed into the architecture field and Enter.
bool digitsWithNetwork(MainWindow& w, const char* text) {
    if (!clickTab(w, "Data")) return false;
    click(shown<QWidget>(w, "dataset_digits"));
    if (!waitFor(w, [&] { return w.lastSnapshot().spec.inputs == 64; })) return false;
    auto* arch = shown<QLineEdit>(w, "architectureText");
    if (!arch) return false;
    click(arch);
    QTest::keyClick(arch, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(arch, text);
    QTest::keyClick(arch, Qt::Key_Return);
    return true;
}
}  // namespace

class TstDiagramConvJourney : public QObject {
    Q_OBJECT
private slots:
    void init() { QSettings().clear(); }

    void convolutionOnTheDiagram() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(digitsWithNetwork(w, "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"));
        auto* arch = shown<QLineEdit>(w, "architectureText");
        auto* view = shown<widgets::NetworkView>(w, "networkView");
        QVERIFY(view);
        if (!QTest::qWaitFor([&] { return view->isStack(0); }, testsupport::kPatienceMs))
            QSKIP("The window refuses convolution networks in this tree (the network dock's guard); the journey runs "
                  "once that guard is gone.");

        // Stacks under their shapes.
        QCOMPARE(view->shapeLabel(-1), QString("8×8×1"));
        QCOMPARE(view->shapeLabel(0), QString("8×8×8"));
        QCOMPARE(view->shapeLabel(1), QString("4×4×8"));
        QCOMPARE(view->columnDetail(0), QString("3×3, pad 1, ReLU"));

        // A click selects the convolution; + adds a channel, Ctrl+Z takes it back.
        const QPoint conv = view->layerRect(0).center().toPoint();
        click(view, conv);
        press(w, Qt::Key_Plus);
        QTRY_VERIFY2(arch->text().contains("conv3x3x9"), qPrintable(arch->text()));
        QTRY_COMPARE(view->shapeLabel(0), QString("8×8×9"));
        press(w, Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY2(arch->text().contains("conv3x3x8"), qPrintable(arch->text()));
        QTRY_COMPARE(view->shapeLabel(0), QString("8×8×8"));  // the diagram follows with the rebuilt network

        // Freeze the convolution from its menu, then Unfreeze all.
        rightClick(view, view->layerRect(0).center().toPoint());
        QVERIFY(choose(openMenu(), "Freeze the whole layer"));
        QVERIFY(menuGone(w));
        QCOMPARE(w.undoStack()->undoText(), QString("Freeze hidden layer 1"));
        rightClick(view, view->layerRect(1).center().toPoint());
        QVERIFY(choose(openMenu(), "Unfreeze all"));
        QVERIFY(menuGone(w));
        QCOMPARE(w.undoStack()->undoText(), QString("Unfreeze every layer"));

        // Kernel size ▸ 5×5: the padding stays "same", the text form follows.
        rightClick(view, view->layerRect(0).center().toPoint());
        QVERIFY(choose(choose(openMenu(), "Kernel size"), "5×5"));
        QVERIFY(menuGone(w));
        QTRY_VERIFY2(arch->text().startsWith("8x8x1 conv5x5x8 relu pad2"), qPrintable(arch->text()));
        QTRY_COMPARE(view->columnDetail(0), QString("5×5, pad 2, ReLU"));

        // The Weights tab shows the convolution's eight kernels (5 × 5 now: a row of 25 weights and a bias each), and says
        // that pooling has none.
        QVERIFY(clickTab(w, "Weights"));
        auto* layerChoice = shown<QComboBox>(w, "weightLayerChoice");
        auto* heatmap = shown<widgets::WeightHeatmap>(w, "weightHeatmap");
        QVERIFY(layerChoice && heatmap);
        QVERIFY(chooseInCombo(layerChoice, "Layer 1: convolution"));
        QVERIFY2(heatmap->describe(0, 0).contains("map 1 ← kernel weight 1"), qPrintable(heatmap->describe(0, 0)));
        QVERIFY(heatmap->describe(7, 25).startsWith("b[8]"));  // map 8's bias
        QVERIFY(heatmap->describe(8, 0).isEmpty());            // eight maps, no ninth
        QVERIFY(chooseInCombo(layerChoice, "Layer 2: max pooling"));
        QVERIFY(heatmap->describe(0, 0).isEmpty());
        QVERIFY(chooseInCombo(layerChoice, "Output layer"));
        QVERIFY(heatmap->describe(9, 127).startsWith("W[10,128]"));  // ten outputs over the 4 x 4 x 8 pooled values
        QVERIFY(menuGone(w));                                        // the list has closed, the window has the keys

        // The Training panel cannot list a convolution as neuron counts: its "Hidden layers" field shows the hidden
        // layers in the text form, read-only, and what a person types there changes nothing.
        QVERIFY(clickTab(w, "Training"));
        auto* hidden = shown<QLineEdit>(w, "hiddenLayers");
        QVERIFY(hidden);
        QTRY_COMPARE(hidden->text(), QString("conv5x5x8 relu pad2, maxpool2"));
        QVERIFY(hidden->isReadOnly());
        click(hidden);
        QTest::keyClick(hidden, Qt::Key_End);
        QTest::keyClicks(hidden, ", 4");
        QTest::keyClick(hidden, Qt::Key_Return);
        QCOMPARE(hidden->text(), QString("conv5x5x8 relu pad2, maxpool2"));
        QVERIFY2(arch->text().startsWith("8x8x1 conv5x5x8 relu pad2, maxpool2, 10 softmax"), qPrintable(arch->text()));

        // Back to a dense network from the architecture field: the field lists neuron counts again and takes edits.
        click(arch);
        QTest::keyClick(arch, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(arch, "64-16-10 relu, softmax out, cross_entropy");
        QTest::keyClick(arch, Qt::Key_Return);
        QTRY_COMPARE(hidden->text(), QString("16"));
        QVERIFY(!hidden->isReadOnly());
    }

    // The window with the digits and a conv net, its convolution selected, for a person to look at.
    void screenshotConvDiagramInTheWindow() {
        MainWindow w;
        QVERIFY(open(w, {1400, 900}));
        QVERIFY(digitsWithNetwork(w, "8x8x1 conv3x3x8 relu pad1, maxpool2, flatten, 32 relu, 10 softmax"));
        auto* view = shown<widgets::NetworkView>(w, "networkView");
        QVERIFY(view);
        if (!QTest::qWaitFor([&] { return view->isStack(0); }, testsupport::kPatienceMs))
            QSKIP("The window refuses convolution networks in this tree.");
        click(view, view->layerRect(0).center().toPoint());
        QVERIFY(testsupport::saveScreenshot(&w, "diagram_conv_journey_window.png"));
        QVERIFY(testsupport::saveScreenshot(view, "diagram_conv_journey_diagram.png"));
    }
};

QTEST_MAIN(TstDiagramConvJourney)
#include "tst_diagram_conv_journey.moc"
