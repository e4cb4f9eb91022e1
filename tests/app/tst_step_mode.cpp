// Step mode in the main window, driven as a user drives it: F6 pauses training and shows the step of the captured
// network (its numbers are a forward pass of that network on the sample), ← → move through the phases and back to the
// same state, Space runs the step instead of training until step mode ends, a click on the output view picks the
// sample; the gradient check agrees for tanh/sigmoid and fails for the step activation; every comparison run starts
// from the same weights; the landscape is mapped off the UI thread and the training path drawn on it. Screenshots of
// every phase on a 2-2-1 XOR net at projector font size, for a person to look at.
#include "patient_waits.h"
#include "app/window/main_window.h"
#include "app/document/presets.h"
#include "app/stepper/step_comparison.h"
#include "app/stepper/step_gradient_check.h"
#include "app/stepper/step_landscape.h"
#include "app/stepper/step_mode.h"
#include "engine/trainer.h"
#include "widgets/comparison_chart.h"
#include "widgets/gradient_check_overlay.h"
#include "widgets/gradient_check_view.h"
#include "widgets/landscape_view.h"
#include "widgets/network_view.h"
#include "widgets/output_view.h"
#include "widgets/stepper_overlay.h"
#include "widgets/stepper_panel.h"
#include "journey.h"
#include "screenshot.h"
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QtTest>

using namespace app;
using engine::Activation;
using testsupport::saveScreenshot;

namespace {

Project xor221() {
    Project p = preset("xor");
    p.network.layers = {{2, Activation::Tanh}, {1, Activation::Sigmoid}};
    p.title = "XOR 2-2-1";
    return p;
}

QFont projectorFont() {
    QFont f = QApplication::font();
    f.setPointSizeF(13);
    return f;
}

// Everything a person reads in the panel, to compare two visits of the same phase.
QStringList panelState(StepMode* sm) {
    QStringList s{sm->panel()->phaseText(), sm->panel()->chainRuleText(), QString::number(sm->stepper()->position())};
    const QTableWidget* t = sm->panel()->table();
    for (int r = 0; r < t->rowCount(); ++r)
        for (int c = 0; c < t->columnCount(); ++c) s << (t->item(r, c) ? t->item(r, c)->text() : QString());
    return s;
}

}  // namespace

class TstStepMode : public QObject {
    Q_OBJECT
private:
    template <typename Pred> bool waitForSnapshot(MainWindow& w, Pred pred, int maxSnapshots = 400) {
        QSignalSpy spy(&w, &MainWindow::snapshotShown);
        for (int i = 0; i < maxSnapshots; ++i) {
            if (pred()) return true;
            if (!spy.wait(testsupport::kPatienceMs)) return pred();
        }
        return pred();
    }
    StepMode* stepMode(MainWindow& w) { return w.findChild<StepMode*>(); }
    // Opens the window, trains a little (so the numbers are not the first step's) and waits until it is paused.
    bool openAndTrain(MainWindow& w, int steps = 40) {
        w.show();
        if (!QTest::qWaitForWindowExposed(&w)) return false;
        if (!waitForSnapshot(w, [&] { return w.lastSnapshot().generation > 0; })) return false;
        for (int i = 0; i < steps; ++i) w.trainingThread()->stepBatch();
        // A paused thread with two snapshots in flight skips a changed one; ask for the state after the steps.
        w.trainingThread()->requestSnapshot();
        const bool ok = waitForSnapshot(w, [&] { return w.lastSnapshot().step >= steps && !w.lastSnapshot().running; });
        if (!ok)
            qWarning("no trained snapshot: generation %llu step %lld running %d", w.lastSnapshot().generation,
                     w.lastSnapshot().step, int(w.lastSnapshot().running));
        return ok;
    }
    bool enter(StepMode* sm) {
        QSignalSpy ready(sm, &StepMode::stepReady);
        sm->stepAction()->trigger();
        return ready.count() > 0 || ready.wait(testsupport::kPatienceMs);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void enteringShowsTheStepOfTheCapturedNetwork() {
        MainWindow w;
        QVERIFY(openAndTrain(w));
        StepMode* sm = stepMode(w);
        QVERIFY(sm);
        QVERIFY(!sm->panel()->isVisible());
        QVERIFY(enter(sm));
        QVERIFY(sm->isActive());
        QVERIFY(sm->panel()->isVisible());
        QVERIFY(sm->overlay());
        QVERIFY(!w.trainingThread()->isPlaying());
        const auto st = sm->stepper();
        QVERIFY(st);
        QCOMPARE(st->phaseCount(), 2 * int(w.project().network.layers.size()) + 2);

        // The step starts from the weights training has now, and its numbers are a forward pass of them.
        const engine::Trainer* t = sm->trainer();
        QVERIFY(t);
        QVERIFY(t->network().params() == w.lastSnapshot().params);
        QVERIFY(st->parametersBefore() == w.lastSnapshot().params);
        const engine::Index col = sm->batchColumns()[std::size_t(st->sample())];
        QCOMPARE(col, engine::Index(sm->trainingColumn()));
        engine::Network net = t->network();
        net.forward(t->trainInputs().col(col));
        for (int l = 0; l < net.layerCount(); ++l)
            for (int j = 0; j < net.layerUnits(l); ++j) {
                QVERIFY(std::abs(st->preActivation(l, j) - net.trace().layers[std::size_t(l)].z(j, 0)) < 1e-12);
                QVERIFY(std::abs(st->activation(l, j) - net.trace().layers[std::size_t(l)].a(j, 0)) < 1e-12);
            }

        // The next sample (▶ moves through the batch, or to the next training sample with a batch of one).
        sm->batchBox()->setCurrentIndex(0);
        emit sm->batchBox()->activated(0);
        QCOMPARE(sm->batchColumns().size(), std::size_t(1));
        QSignalSpy ready(sm, &StepMode::stepReady);
        sm->panel()->nextSampleButton()->click();
        QVERIFY(ready.count() > 0 || ready.wait(testsupport::kPatienceMs));
        QCOMPARE(sm->trainingColumn(), int(col) + 1);
        QVERIFY(engine::Vector(sm->stepper()->inputs().col(0)) == engine::Vector(t->trainInputs().col(col + 1)));

        // Leaving removes the overlay and resumes nothing.
        sm->stepAction()->trigger();
        QVERIFY(!sm->isActive());
        QVERIFY(!sm->overlay());
        QVERIFY(!w.trainingThread()->isPlaying());
    }

    void phasesForwardAndBackRestoreTheSameState() {
        MainWindow w;
        QVERIFY(openAndTrain(w));
        StepMode* sm = stepMode(w);
        QVERIFY(enter(sm));
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QList<QStringList> seen{panelState(sm)};
        const int n = sm->stepper()->phaseCount();
        for (int k = 1; k < n; ++k) {
            QTest::keyClick(&w, Qt::Key_Right);
            QCOMPARE(sm->stepper()->position(), k);
            seen << panelState(sm);
        }
        QTest::keyClick(&w, Qt::Key_Right);  // at the end: nothing moves
        QCOMPARE(sm->stepper()->position(), n - 1);
        for (int k = n - 2; k >= 0; --k) {
            QTest::keyClick(&w, Qt::Key_Left);
            QCOMPARE(panelState(sm), seen[k]);
        }
        QTest::keyClick(&w, Qt::Key_Space);  // runs to the end
        QCOMPARE(panelState(sm), seen.back());
        QTest::keyClick(&w, Qt::Key_Home);
        QCOMPARE(panelState(sm), seen.front());
        // None of the keys trained.
        QVERIFY(!w.trainingThread()->isPlaying());
        QVERIFY(!w.playAction()->isChecked());
    }

    void spaceStepsInStepModeAndTrainsAfterIt() {
        MainWindow w;
        QVERIFY(openAndTrain(w, 5));
        StepMode* sm = stepMode(w);
        QVERIFY(enter(sm));
        QVERIFY(QTest::qWaitForWindowActive(&w));
        const long long step = w.lastSnapshot().step;
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(sm->stepper()->atEnd());
        QVERIFY(!w.playAction()->isChecked());
        QVERIFY(!w.trainingThread()->isPlaying());
        QTest::keyClick(&w, Qt::Key_Right);                     // not the window's "one update"
        QTest::keyClick(&w, Qt::Key_Right, Qt::ShiftModifier);  // nor "one epoch"
        QVERIFY(!w.trainingThread()->isPlaying());
        QCOMPARE(w.lastSnapshot().step, step);

        sm->stepAction()->trigger();  // leave: the window's keys are back
        QVERIFY(!sm->isActive());
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(w.playAction()->isChecked());
        QVERIFY(w.trainingThread()->isPlaying());
        QVERIFY(waitForSnapshot(w, [&] { return w.lastSnapshot().step > step; }));
        w.playAction()->trigger();
        QVERIFY(!w.trainingThread()->isPlaying());
    }

    void aClickOnATrainingPointFollowsIt() {
        MainWindow w;
        QVERIFY(openAndTrain(w, 5));
        StepMode* sm = stepMode(w);
        QVERIFY(enter(sm));
        sm->batchBox()->setCurrentIndex(0);
        emit sm->batchBox()->activated(0);
        const engine::Dataset& d = w.dataModel()->data();
        const engine::Index points = d.size();
        // The 7th training point (not the one followed now).
        const std::vector<char> isTest = w.lastSnapshot().isTest;
        int point = -1, column = -1;
        for (int i = 0, k = 0; i < int(d.size()); ++i) {
            if (isTest.size() == std::size_t(d.size()) && isTest[std::size_t(i)]) continue;
            if (k == 6) {
                point = i;
                column = k;
                break;
            }
            ++k;
        }
        QVERIFY(point >= 0);
        QVERIFY(column != sm->trainingColumn());
        QSignalSpy ready(sm, &StepMode::stepReady);
        widgets::OutputView* view = w.outputView();
        QTest::mouseClick(view, Qt::LeftButton, {}, view->toWidget(QPointF(d.X(0, point), d.X(1, point))).toPoint());
        QVERIFY(ready.count() > 0 || ready.wait(testsupport::kPatienceMs));
        QCOMPARE(sm->trainingColumn(), column);
        QCOMPARE(w.dataModel()->data().size(), points);  // the click did not draw a point
        QVERIFY(engine::Vector(sm->stepper()->inputs().col(0)) ==
                engine::Vector(sm->trainer()->trainInputs().col(column)));
    }

    // On the graph of a 1-D regression (finding 18b) a sample sits at (x1, target): a click there follows it.
    // Driven as a journey: clicks and keys on what is shown.
    void aClickOnAPointOfTheSineGraphFollowsIt() {
        MainWindow w;
        QVERIFY(journey::open(w));
        journey::click(journey::shown<QAbstractButton>(w, "dataset_regression-sine"));
        widgets::OutputView* view = w.outputView();
        QVERIFY(waitForSnapshot(w, [&] { return view->isCurveMode(); }));
        StepMode* sm = stepMode(w);
        QSignalSpy entered(sm, &StepMode::stepReady);
        journey::press(w, Qt::Key_F6);
        QVERIFY(entered.count() > 0 || entered.wait(10000));
        const engine::Dataset& d = w.dataModel()->data();
        const std::vector<char> isTest = w.lastSnapshot().isTest;
        QCOMPARE(isTest.size(), std::size_t(d.size()));
        int point = -1, column = -1;
        for (int i = 0, k = 0; i < int(d.size()); ++i) {  // the 12th training point
            if (isTest[std::size_t(i)]) continue;
            if (k++ == 11) {
                point = i;
                column = k - 1;
                break;
            }
        }
        QVERIFY(point >= 0);
        QVERIFY(column != sm->trainingColumn());
        QSignalSpy ready(sm, &StepMode::stepReady);
        QTest::mouseClick(view, Qt::LeftButton, {},
                          view->toWidget(QPointF(d.X(0, point), d.targets(0, point))).toPoint());
        QVERIFY(ready.count() > 0 || ready.wait(testsupport::kPatienceMs));
        QCOMPARE(sm->trainingColumn(), column);
    }

    void gradientCheckAgreesForSmoothUnitsAndFailsForStep() {
        MainWindow w;
        QVERIFY(openAndTrain(w, 10));
        StepMode* sm = stepMode(w);
        StepGradientCheck* check = sm->gradientCheck();
        QSignalSpy done(check, &StepGradientCheck::checked);
        sm->gradientCheckAction()->trigger();
        QVERIFY(done.wait(20000));
        QCOMPARE(check->result().entries.size(), std::size_t(w.lastSnapshot().spec.parameterCount()));
        QVERIFY2(check->result().maxRelativeError < 1e-6,
                 qPrintable(QString::number(check->result().maxRelativeError)));
        QCOMPARE(check->view()->failingCount(), 0);
        QVERIFY(check->overlay());
        QVERIFY(check->overlay()->isVisible());

        check->breakBox()->setChecked(true);  // runs again, with step hidden units
        QVERIFY(done.wait(20000));
        QVERIFY(check->broken());
        QVERIFY(check->result().maxRelativeError > 1e-3);
        QVERIFY(check->view()->failingCount() > 0);
        QVERIFY(check->view()->summaryText().contains("step"));
    }

    void everyComparisonRunStartsFromTheSameWeights_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("learning algorithms") << int(StepComparison::Kind::LearningAlgorithms);
        QTest::newRow("optimizer race") << int(StepComparison::Kind::OptimizerRace);
    }
    void everyComparisonRunStartsFromTheSameWeights() {
        QFETCH(int, kind);
        MainWindow w;
        QVERIFY(openAndTrain(w, 20));
        StepMode* sm = stepMode(w);
        StepComparison* c = sm->comparison();
        sm->comparisonAction()->trigger();
        c->setKind(StepComparison::Kind(kind));
        c->updatesBox()->setValue(60);
        QSignalSpy started(c, &StepComparison::started), finished(c, &StepComparison::finished);
        c->startButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1, testsupport::kPatienceMs);
        QVERIFY(c->runNames().size() >= 3);
        QCOMPARE(c->startingParameters().size(), std::size_t(c->runNames().size()));
        for (const engine::Vector& p : c->startingParameters()) QVERIFY(p == c->startingParameters().front());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);  // it may end while `started` is awaited
        // The first recorded point of every run that could train is the same start: no updates, the same loss.
        int compared = 0;
        const auto& pts = c->points();
        for (std::size_t r = 0; r < pts.size(); ++r) {
            if (pts[r].empty()) continue;  // not applicable (the perceptron rule on a hidden layer)
            QCOMPARE(pts[r].front().updates, 0LL);
            QCOMPARE(pts[r].front().forwardPasses, 0LL);
            QCOMPARE(pts[r].front().loss, pts.front().front().loss);
            QVERIFY(pts[r].back().updates == 60 || pts[r].back().loss != pts[r].back().loss);
            ++compared;
        }
        QVERIFY(compared >= 3);
        QCOMPARE(c->chart()->runCount(), int(pts.size()));
        // Training was not touched.
        QCOMPARE(w.lastSnapshot().step, 20LL);
    }

    // The fine-tuning race from a network trained 20 steps: four runs; from scratch starts from the seed's weights,
    // full and partial from the trained ones, additive from a longer vector (a new layer); the panel shows test
    // accuracy against updates and a row a run in its table; training is not touched.
    void fineTuningRaceFromTheTrainedWeights() {
        MainWindow w;
        QVERIFY(openAndTrain(w, 20));
        StepMode* sm = stepMode(w);
        StepComparison* c = sm->comparison();
        sm->comparisonAction()->trigger();
        c->setKind(StepComparison::Kind::FineTuning);
        QCOMPARE(c->updatesBox()->value(), 200);
        QCOMPARE(c->chart()->yAxisKind(), widgets::ComparisonChart::YAxis::TestAccuracy);
        c->updatesBox()->setValue(30);
        QSignalSpy started(c, &StepComparison::started), finished(c, &StepComparison::finished);
        c->startButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1, testsupport::kPatienceMs);
        QCOMPARE(c->runNames(), QStringList({"from scratch", "full fine-tuning", "partial: last layer only",
                                             "additive: new layer on top"}));
        const auto& starts = c->startingParameters();
        QCOMPARE(starts.size(), std::size_t(4));
        QVERIFY(starts[1] == w.lastSnapshot().params);
        QVERIFY(starts[2] == starts[1]);
        QVERIFY(!(starts[0] == starts[1]));
        QVERIFY(starts[3].size() > starts[1].size());
        const engine::NetworkSpec spec = w.networkView()->spec();
        const engine::Index body = engine::ParameterLayout(spec).weightOffset(int(spec.layers.size()) - 1);
        QVERIFY(body > 0);
        QVERIFY(starts[3].head(body) == starts[1].head(body));  // the layers under the output: the trained ones
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        for (const auto& pts : c->points()) {
            QCOMPARE(pts.back().updates, 30LL);
            QVERIFY(pts.back().testAccuracy >= 0 && pts.back().testAccuracy <= 1);
        }
        QVERIFY(c->resultsLabel()->isVisible());
        QCOMPARE(c->resultsLabel()->text().count("<tr>"), 5);
        QCOMPARE(w.lastSnapshot().step, 20LL);
    }

    // A network without a hidden layer has nothing to fine-tune under its output: the panel says so and stays so.
    void fineTuningRaceSaysWhyWithoutAHiddenLayer() {
        MainWindow w;
        Project p = preset("xor");
        p.network.layers = {{1, Activation::Sigmoid}};
        w.loadProject(p);
        QVERIFY(openAndTrain(w, 1));
        StepMode* sm = stepMode(w);
        StepComparison* c = sm->comparison();
        sm->comparisonAction()->trigger();
        c->setKind(StepComparison::Kind::FineTuning);
        QSignalSpy finished(c, &StepComparison::finished);
        c->startButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, testsupport::kPatienceMs);
        const QString status = c->findChild<QLabel*>("comparisonStatus")->text();
        QVERIFY2(status.startsWith("Cannot compare: the fine-tuning race needs a network with a hidden layer"),
                 qPrintable(status));
        QVERIFY(c->startButton()->isEnabled());
        QVERIFY(c->runNames().isEmpty());
    }

    void comparisonStopsAtOnce() {
        MainWindow w;
        QVERIFY(openAndTrain(w, 1));
        StepComparison* c = stepMode(w)->comparison();
        c->updatesBox()->setValue(100000);
        QSignalSpy started(c, &StepComparison::started), finished(c, &StepComparison::finished);
        c->start();
        QVERIFY(started.wait(10000));
        c->stopButton()->click();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!c->isRunning());
        QVERIFY(c->startButton()->isEnabled());
    }

    void landscapeIsMappedAndTheTrainingPathDrawn() {
        MainWindow w;
        QVERIFY(openAndTrain(w, 5));
        StepMode* sm = stepMode(w);
        StepLandscape* land = sm->landscape();
        QSignalSpy computed(land, &StepLandscape::computed);
        sm->landscapeAction()->trigger();
        QVERIFY(computed.wait(30000));
        const engine::LandscapeGrid& g = land->grid();
        QCOMPARE(g.nx, StepLandscape::kResolution);
        QVERIFY(g.values.allFinite());
        QCOMPARE(land->view()->pathCount(), 1);
        const int before = land->view()->pathPointCount(0);
        for (int i = 0; i < 30; ++i) w.trainingThread()->stepBatch();
        w.trainingThread()->requestSnapshot();
        QVERIFY(waitForSnapshot(w, [&] { return w.lastSnapshot().step >= 35 && !w.lastSnapshot().running; }));
        QVERIFY(land->view()->pathPointCount(0) > before);
        // A reset starts a second path from the same start.
        w.resetAction()->trigger();
        QVERIFY(waitForSnapshot(w, [&] { return w.lastSnapshot().step == 0; }));
        QCOMPARE(land->view()->pathCount(), 2);
    }

    void screenshots() {
        MainWindow w;
        w.setFont(projectorFont());
        w.resize(1600, 1000);
        w.loadProject(xor221());
        QVERIFY(openAndTrain(w, 60));
        StepMode* sm = stepMode(w);
        QVERIFY(enter(sm));
        sm->batchBox()->setCurrentIndex(0);
        emit sm->batchBox()->activated(0);
        auto st = sm->stepper();
        sm->panel()->restart();
        for (int k = 0; k < st->phaseCount(); ++k) {
            QCoreApplication::processEvents();
            QVERIFY(saveScreenshot(&w, QStringLiteral("step-mode-phase-%1.png").arg(k + 1)));
            sm->panel()->next();
        }
        // A chosen weight during the backward pass.
        sm->panel()->setSelection(engine::StepItem::weight(0, 1, 0));
        sm->stepper()->setPosition(st->phaseCount() - 2);
        sm->panel()->refresh();
        QCoreApplication::processEvents();
        QVERIFY(saveScreenshot(&w, "step-mode-weight.png"));
        // A mini-batch: per-sample gradients and their mean.
        sm->batchBox()->setCurrentIndex(1);
        emit sm->batchBox()->activated(1);
        sm->panel()->runToEnd();
        sm->panel()->back();
        sm->panel()->setSelection(engine::StepItem::weight(1, 0, 0));
        QCoreApplication::processEvents();
        QVERIFY(saveScreenshot(&w, "step-mode-minibatch.png"));
        sm->stepAction()->trigger();

        QSignalSpy checked(sm->gradientCheck(), &StepGradientCheck::checked);
        sm->gradientCheckAction()->trigger();
        QVERIFY(checked.wait(20000));
        QCoreApplication::processEvents();
        QVERIFY(saveScreenshot(&w, "step-mode-gradient-check.png"));
        sm->gradientCheck()->breakBox()->setChecked(true);
        QVERIFY(checked.wait(20000));
        QCoreApplication::processEvents();
        QVERIFY(saveScreenshot(&w, "step-mode-gradient-check-step.png"));
        w.findChild<QDockWidget*>("gradientCheckDock")->close();

        StepComparison* c = sm->comparison();
        sm->comparisonAction()->trigger();
        c->updatesBox()->setValue(300);
        QSignalSpy finished(c, &StepComparison::finished);
        c->start();
        QVERIFY(finished.wait(60000));
        QCoreApplication::processEvents();
        QVERIFY(saveScreenshot(&w, "step-mode-algorithms-updates.png"));
        c->findChildren<QComboBox*>().at(1)->setCurrentIndex(1);  // against forward passes
        QCoreApplication::processEvents();
        QVERIFY(saveScreenshot(&w, "step-mode-algorithms-passes.png"));
        c->setKind(StepComparison::Kind::OptimizerRace);
        c->findChildren<QComboBox*>().at(1)->setCurrentIndex(0);
        c->start();
        QVERIFY(finished.wait(60000));
        QCoreApplication::processEvents();
        QVERIFY(saveScreenshot(&w, "step-mode-optimizer-race.png"));
        w.findChild<QDockWidget*>("comparisonDock")->close();

        w.resetAction()->trigger();
        QVERIFY(waitForSnapshot(w, [&] { return w.lastSnapshot().step == 0; }));
        StepLandscape* land = sm->landscape();
        QSignalSpy computed(land, &StepLandscape::computed);
        sm->landscapeAction()->trigger();
        QVERIFY(computed.wait(30000));
        w.playAction()->trigger();
        QVERIFY(waitForSnapshot(
            w, [&] { return w.lastSnapshot().epoch >= 100; }, 2000));
        w.playAction()->trigger();
        QVERIFY(waitForSnapshot(w, [&] { return !w.lastSnapshot().running; }));
        QCoreApplication::processEvents();
        QVERIFY(saveScreenshot(&w, "step-mode-landscape.png"));
    }
};

QTEST_MAIN(TstStepMode)
#include "tst_step_mode.moc"
