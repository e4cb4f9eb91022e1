// The playground window driven as a user drives it: clicks on the output view add points, undo removes them,
// Play trains on the worker thread and snapshots arrive with a falling loss, Reset restores the initial weights.
#include "app/window/main_window.h"
#include "app/document/presets.h"
#include "widgets/output_view.h"
#include "screenshot.h"
#include "snapshot_waits.h"
#include <QAbstractButton>
#include <QAction>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QUndoStack>
#include <QtTest>

using namespace app;
using testsupport::saveScreenshot;

class TstMainWindow : public QObject {
    Q_OBJECT
    static bool showWithFirstSnapshot(MainWindow& w) {
        w.show();
        return QTest::qWaitForWindowExposed(&w) && waitFor(w, [&] { return w.lastSnapshot().generation > 0; });
    }
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void clickAddsAPointOfTheChosenClassAndUndoRemovesIt() {
        MainWindow w;
        QVERIFY(showWithFirstSnapshot(w));
        widgets::OutputView* view = w.outputView();
        const engine::Index before = w.dataModel()->data().size();

        view->setFocus();
        QTest::keyClick(view, Qt::Key_2);  // class 1 (keys count from 1)
        QTest::mouseClick(view, Qt::LeftButton, {}, view->toWidget(QPointF(1.0, 2.0)).toPoint());
        QCOMPARE(w.dataModel()->data().size(), before + 1);
        QCOMPARE(w.dataModel()->data().labels.back(), 1);
        QVERIFY(std::abs(w.dataModel()->data().X(0, before) - 1.0) < 0.1);
        QVERIFY(std::abs(w.dataModel()->data().X(1, before) - 2.0) < 0.1);

        w.undoStack()->undo();
        QCOMPARE(w.dataModel()->data().size(), before);
        w.undoStack()->redo();
        QCOMPARE(w.dataModel()->data().size(), before + 1);
    }

    // Issue 13, finding 18b: the sine set, chosen in the data panel (both inputs still on), is drawn as a graph of
    // the target over x1, and a click in it adds a point at that x1 with the height clicked as its target.
    void theSineIsAGraphAndAClickAddsATarget() {
        MainWindow w;
        QVERIFY(showWithFirstSnapshot(w));
        widgets::OutputView* view = w.outputView();
        QVERIFY(!view->isCurveMode());
        auto* sine = w.findChild<QAbstractButton*>("dataset_regression-sine");
        QVERIFY(sine && sine->isVisible());
        QTest::mouseClick(sine, Qt::LeftButton);
        QVERIFY(waitFor(w, [&] { return view->isCurveMode(); }));
        QCOMPARE(w.lastSnapshot().style.curve.size(), 200);
        QVERIFY(view->curveLow() < -1 && view->curveHigh() > 1);  // sin's range, on the vertical axis
        // The data panel's value box goes: the click's height is the value.
        QVERIFY(w.findChild<QWidget*>("value")->parentWidget()->isHidden());

        const engine::Index before = w.dataModel()->data().size();
        QTest::mouseClick(view, Qt::LeftButton, {}, view->toWidget(QPointF(2.0, 0.5)).toPoint());
        const engine::Dataset& d = w.dataModel()->data();
        QCOMPARE(d.size(), before + 1);
        QVERIFY(std::abs(d.X(0, before) - 2.0) < 0.1);
        QCOMPARE(d.X(1, before), 0.0);
        QVERIFY(std::abs(d.targets(0, before) - 0.5) < 0.05);
        QVERIFY(waitFor(w, [&] { return view->isCurveMode() && view->points().size() == before + 1; }));
        QVERIFY(saveScreenshot(&w, "window-sine-chosen.png"));
    }

    void aThirdClassTurnsTheNetworkIntoSoftmax() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        widgets::OutputView* view = w.outputView();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_3);
        QTest::mouseClick(view, Qt::LeftButton, {}, view->toWidget(QPointF(-3.0, 3.0)).toPoint());
        QCOMPARE(w.project().network.outputs(), 3);
        QCOMPARE(w.project().network.outputActivation(), engine::Activation::Softmax);
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec.outputs() == 3; }));
    }

    void playTrainsOnTheWorkerAndTheLossFalls() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().generation > 0 && w.lastSnapshot().step == 0; }));
        const double initialLoss = w.lastSnapshot().train.loss;
        const engine::Vector initialWeights = w.lastSnapshot().params;
        QVERIFY(std::isfinite(initialLoss));

        w.playAction()->trigger();
        QVERIFY(w.trainingThread()->isPlaying());
        QVERIFY(
            waitFor(w, [&] { return w.lastSnapshot().step > 0 && w.lastSnapshot().train.loss < 0.5 * initialLoss; }));
        QVERIFY(!w.lastSnapshot().boundary.isNull());
        QVERIFY(w.lastSnapshot().boundary.width() >= 200);
        w.playAction()->trigger();  // pause
        QVERIFY(waitFor(w, [&] { return !w.lastSnapshot().running; }));

        w.resetAction()->trigger();
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().step == 0; }));
        QVERIFY(w.lastSnapshot().params == initialWeights);
        QCOMPARE(w.lastSnapshot().train.loss, initialLoss);
    }

    void aDivergingRunPausesAndKeepsTheData() {
        MainWindow w;
        w.loadProject(preset("plane"));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        engine::TrainSettings s = w.project().training;
        s.optimizer.learningRate = 1e8;
        w.trainingThread()->setSettings(s);
        const engine::Index points = w.dataModel()->data().size();
        w.playAction()->trigger();
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().diverged; }));
        QVERIFY(waitFor(w, [&] { return !w.lastSnapshot().running; }));
        QVERIFY(w.lastSnapshot().message.contains("learning rate"));
        QCOMPARE(w.dataModel()->data().size(), points);
    }

    void screenshotsOfTheWindow() {
        for (const QString& name : {QString("xor"), QString("spiral"), QString("gaussians4")}) {
            MainWindow w;
            w.resize(1400, 860);
            w.loadProject(preset(name));
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.playAction()->trigger();
            QVERIFY(waitFor(
                w, [&] { return w.lastSnapshot().epoch >= 150; }, 2000));
            w.playAction()->trigger();
            QVERIFY(waitFor(w, [&] { return !w.lastSnapshot().running; }));
            QVERIFY(saveScreenshot(&w, "window-" + name + ".png"));
        }
    }
};

QTEST_MAIN(TstMainWindow)
#include "tst_main_window.moc"
