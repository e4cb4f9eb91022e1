// The architecture editor in the real window: a network drawn with the diagram's buttons or typed as text reaches the
// training thread and trains on XOR; bad text is refused with a message; every edit undoes; a typed weight reaches
// the paused network; a frozen layer keeps its weights while the rest learns; the equation shows the live formula.
#include "patient_waits.h"
#include "engine/param_layout.h"
#include "app/window/main_window.h"
#include "app/document/presets.h"
#include "widgets/network_editor_overlay.h"
#include "widgets/network_view.h"
#include "screenshot.h"
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QUndoStack>
#include <QtTest>

using namespace app;
using testsupport::saveScreenshot;

class TstEditorWindow : public QObject {
    Q_OBJECT
private:
    // Waits for snapshots until `pred` holds (event-driven; the bound only stops a broken build).
    template <typename Pred> static bool waitFor(MainWindow& w, Pred pred, int maxSnapshots = 600) {
        QSignalSpy spy(&w, &MainWindow::snapshotShown);
        for (int i = 0; i < maxSnapshots; ++i) {
            if (pred()) return true;
            if (!spy.wait(testsupport::kPatienceMs)) return pred();
        }
        return pred();
    }
    static void typeArchitecture(MainWindow& w, const QString& text) {
        QLineEdit* edit = w.architectureText();
        edit->setText(text);
        emit edit->editingFinished();
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aTypedTwoFourOneNetworkTrainsOnXor() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().generation > 0; }));
        typeArchitecture(w, "2-4-1 tanh, sigmoid out");
        QCOMPARE(QString::fromStdString(w.project().network.describe()), QString("2-4-1 tanh, sigmoid out, bce"));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec == w.project().network; }));
        w.playAction()->setChecked(true);
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().train.accuracy >= 0.97; }));
        w.playAction()->setChecked(false);
        QCOMPARE(w.lastSnapshot().spec.layers.size(), std::size_t(2));
        QCOMPARE(w.lastSnapshot().spec.layers[0].units, 4);

        // One undo step: back to the preset's 2-4-4-1.
        w.undoStack()->undo();
        QCOMPARE(QString::fromStdString(w.project().network.describe()), QString("2-4-4-1 tanh, sigmoid out, bce"));
        QCOMPARE(w.architectureText()->text(), QString("2-4-4-1 tanh, sigmoid out, bce"));
    }

    void badTextIsRefusedWithAMessage() {
        MainWindow w;
        const engine::NetworkSpec before = w.project().network;
        typeArchitecture(w, "2-4-1 tahn");
        QVERIFY(w.project().network == before);
        QVERIFY2(w.architectureText()->toolTip().contains("tahn"), qPrintable(w.architectureText()->toolTip()));
        typeArchitecture(w, "3-4-1");  // the inputs are the active features (2)
        QVERIFY(w.project().network == before);
        QVERIFY(w.undoStack()->count() == 0);
    }

    void diagramButtonsAddAndRemoveNeurons() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().generation > 0; }));
        widgets::NetworkEditorOverlay* ed = w.networkEditor();
        const QRectF plus = ed->buttonRect(widgets::NetworkEditorOverlay::Button::AddNeuron, 0);
        QVERIFY(!plus.isEmpty());
        QTest::mouseClick(ed->view(), Qt::LeftButton, {}, plus.center().toPoint());
        QCOMPARE(w.project().network.layers[0].units, 5);
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec.layers[0].units == 5; }));
        w.undoStack()->undo();
        QCOMPARE(w.project().network.layers[0].units, 4);
        const QRectF addLayer = ed->buttonRect(widgets::NetworkEditorOverlay::Button::AddLayer, 1);
        QVERIFY(!addLayer.isEmpty());
        QTest::mouseClick(ed->view(), Qt::LeftButton, {}, addLayer.center().toPoint());
        QCOMPARE(w.project().network.layers.size(), std::size_t(4));
    }

    void keysEditTheSelectedNeuronInsteadOfSteppingTraining() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().generation > 0; }));
        widgets::NetworkView* view = w.networkView();
        QTest::mouseClick(view, Qt::LeftButton, {}, view->neuronRect(0, 1).center().toPoint());
        QCOMPARE(w.networkEditor()->selection().kind, widgets::NetworkView::Hit::Neuron);
        QTest::keyClick(view, Qt::Key_Right);  // moves the selection; the window's → (one update) does not fire
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(w.project().network.layers[1].units + w.project().network.layers[0].units, 7);
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec == w.project().network; }));
        QCOMPARE(w.lastSnapshot().step, 0LL);
    }

    void aTypedWeightReachesThePausedNetwork() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().generation > 0; }));
        emit w.networkEditor()->weightValueEntered(0, 1, 0, 2.5);  // W_0(1, 0): hidden 1 neuron 2 <- x1
        const engine::ParameterLayout lay(w.project().network);
        const engine::Index p = lay.weightIndex(0, 1, 0);
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().params.size() > p && w.lastSnapshot().params[p] == 2.5; }));
        QCOMPARE(w.undoStack()->count(), 1);
        w.undoStack()->undo();
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().params[p] != 2.5; }));
    }

    void aFrozenLayerKeepsItsWeightsWhileTheRestLearns() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().generation > 0; }));
        using O = widgets::NetworkEditorOverlay;
        emit w.networkEditor()->freezeToggled(O::FreezeKind::Layer, 0, -1, -1, true);
        const engine::ParameterLayout lay(w.project().network);
        const engine::Index first = lay.weightOffset(0), firstEnd = lay.weightOffset(1);
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().params.size() == lay.size(); }));
        const engine::Vector before = w.lastSnapshot().params;
        w.playAction()->setChecked(true);
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().step > 200; }));
        w.playAction()->setChecked(false);
        QVERIFY(waitFor(w, [&] { return !w.lastSnapshot().running; }));  // the thread has stopped: its last state
        const engine::Vector after = w.lastSnapshot().params;
        QVERIFY(after.segment(first, firstEnd - first) == before.segment(first, firstEnd - first));
        QVERIFY(after.tail(lay.size() - firstEnd) != before.tail(lay.size() - firstEnd));  // the rest learned
        // Unfrozen by undo: layer 0 learns again.
        w.undoStack()->undo();
        const long long step = w.lastSnapshot().step;
        w.playAction()->setChecked(true);
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().running && w.lastSnapshot().step > step + 200; }));
        w.playAction()->setChecked(false);
        QVERIFY(w.lastSnapshot().params.segment(first, firstEnd - first) != before.segment(first, firstEnd - first));
    }

    // Pictures for a person to look at (SCREENSHOT_DIR): layers of 1, 4 and 64 neurons, drawn and editable.
    void diagramWithOneFourAndSixtyFourNeurons() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        typeArchitecture(w, "2-1-4-64-1 tanh, sigmoid out");
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec == w.project().network && w.lastSnapshot().step == 0; }));
        QCOMPARE(w.project().network.layers[2].units, 64);
        emit w.networkEditor()->selectionChanged(2, 0, -1, int(widgets::NetworkView::Hit::Neuron));
        QVERIFY(saveScreenshot(w.networkView()->parentWidget(), "editor-1-4-64.png"));
        // The 64-neuron layer is folded but its +/- still edit it.
        const QRectF minus = w.networkEditor()->buttonRect(widgets::NetworkEditorOverlay::Button::RemoveNeuron, 2);
        QVERIFY(!minus.isEmpty());
        QTest::mouseClick(w.networkView(), Qt::LeftButton, {}, minus.center().toPoint());
        QCOMPARE(w.project().network.layers[2].units, 63);
    }

    void theEquationShowsTheSelectedNeuron() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().generation > 0; }));
        emit w.networkEditor()->selectionChanged(0, 0, -1, int(widgets::NetworkView::Hit::Neuron));
        const QString eq = w.equationLabel()->text();
        QVERIFY2(eq.contains("tanh(") && eq.contains("x₁") && eq.contains("x₂"), qPrintable(eq));
        QVERIFY2(eq.startsWith("a⁽¹⁾₁ = "), qPrintable(eq));
    }
};

QTEST_MAIN(TstEditorWindow)
#include "tst_editor_window.moc"
