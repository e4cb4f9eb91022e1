// The lessons in the real window: every shipped lesson loads and each step's setup applies; goals pass when a run
// meets them and not otherwise; a prediction is revealed after its run; the perceptron's hand-set weights compute
// AND, OR and NAND; hidden controls come back; and the user's own project is never lost.
#include "patient_waits.h"
#include "app/session/document_controller.h"
#include "app/classroom/lesson_browser.h"
#include "app/document/lesson_check.h"
#include "app/classroom/lesson_mode.h"
#include "app/classroom/lesson_panel.h"
#include "app/document/lesson_setup.h"
#include "app/window/main_window.h"
#include "app/classroom/presenter.h"
#include "app/document/presets.h"
#include "app/document/project_data.h"
#include "engine/architecture_text.h"
#include "engine/hyper_search.h"
#include "engine/param_remap.h"
#include "app/stepper/step_comparison.h"
#include "widgets/comparison_chart.h"
#include "app/training/training_thread.h"
#include "widgets/output_view.h"
#include "screenshot.h"
#include <QAction>
#include <QJsonDocument>
#include <QJsonObject>
#include <QButtonGroup>
#include <QLabel>
#include <QDockWidget>
#include <QPushButton>
#include <QSettings>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

using namespace app;
using testsupport::saveScreenshot;

namespace {
lessons::Lesson parse(const QString& text) {
    const lessons::LessonParseResult r = lessons::parseLesson(text, "test");
    if (!r.lesson) qFatal("%s", qPrintable(r.error));
    return *r.lesson;
}

}  // namespace

class TstLessons : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("NN Lab tests");
        QCoreApplication::setApplicationName("tst_lessons");
        QSettings().clear();
    }

    void everyShippedLessonLoads() {
        const lessons::Library& lib = shippedLessons();
        QVERIFY2(lib.errors.isEmpty(), qPrintable(lib.errors.join('\n')));
        QVERIFY2(lib.lessons.size() >= 13, qPrintable(QString::number(lib.lessons.size())));
        for (const lessons::Lesson& l : lib.lessons) {
            QVERIFY2(!l.chapter.isEmpty() && !l.summary.isEmpty(), qPrintable(l.id));
            QVERIFY2(l.steps.size() >= 3, qPrintable(l.id));
            QVERIFY2(l.steps[0].buildsProject(), qPrintable(l.id + ": the first step must set up a project"));
            for (const lessons::LessonStep& s : l.steps) {
                QVERIFY2(!s.markdown.isEmpty(), qPrintable(l.id + ": " + s.title));
                QString error;
                if (s.buildsProject())
                    QVERIFY2(lessonProject(s.setup, &error), qPrintable(l.id + ": " + s.title + ": " + error));
            }
        }
    }

    // nnlab lesson's report: each lesson's count of checked steps, a numeric question's answer and tolerance, a
    // choice question's answer, and a "changed" goal reported as not reached by training (it needs the student).
    void lessonCheckReportsQuestionsAndCheckedSteps() {
        const lessons::Lesson l = parse(R"(# Report
<!-- lesson {"id": "report"} -->
## Work it out
<!-- step {"preset": "xor", "question": {"prompt": "p", "number": 0.25, "tolerance": 0.01, "unit": "epochs"}} -->
Text.
## Choose
<!-- step {"question": {"prompt": "p", "choices": ["a", "b"], "answer": 1}} -->
Text.
## Change it
<!-- step {"goals": [{"changed": "learningRate", "text": "Change the rate"}]} -->
Text.
## Read only
Text.
)");
        const std::vector<StepCheck> checks = checkLesson(l, 5);
        const QString report = formatLessonCheck(l, checks);
        QVERIFY2(report.startsWith("Report (4 steps, 3 with a check)"), qPrintable(report));
        QVERIFY2(report.contains("? type a number: 0.25 ± 0.01 epochs"), qPrintable(report));
        QVERIFY2(report.contains("? choose: b"), qPrintable(report));
        QVERIFY2(report.contains("3. Change it: goals not reached by training"), qPrintable(report));
        QVERIFY2(report.contains("✗ Change the rate"), qPrintable(report));
        const CheckedShare share = checkedShare(shippedLessons().lessons);
        QVERIFY(share.steps > 0);
        QVERIFY2(share.checked * 10 >= share.steps * 8,  // issue 17: at least 80 % of the steps have a check
                 qPrintable(QString("%1 of %2 steps have a check").arg(share.checked).arg(share.steps)));
    }

    // Lesson 13's figures: its grid as the hyperparameter-search dialog runs it (the project's split, a fifth of the
    // training samples held out as the validation set, 200 epochs per trial). Printed, and the lesson's claims
    // checked: the validation set chooses width 8 at η = 0.01, the test set would have chosen η = 0.001.
    // Run: build/tests/tst_lessons lesson13GridAsTheDialogRunsIt
    void lesson13GridAsTheDialogRunsIt() {
#ifdef __SANITIZE_ADDRESS__
        // The figures are the release build's (-march=native: fused multiply-adds). The sanitizer build rounds
        // otherwise, and its runs at η ≥ 0.1, which are chaotic, end elsewhere (a test accuracy of 0.66 was seen).
        QSKIP("lesson 13's figures are checked in the release build; a sanitizer build rounds differently");
#endif
        const lessons::Lesson* lesson = shippedLessons().find("hyperparameter-search");
        QVERIFY(lesson);
        QString error;
        const std::optional<Project> p = lessonProject(lesson->steps[0].setup, &error);
        QVERIFY2(p, qPrintable(error));
        const std::optional<engine::Dataset> all = projectDataset(p->data, &error);
        QVERIFY2(all, qPrintable(error));
        const engine::Split split = splitProject(*p, *all);
        const engine::Split inner = engine::splitDataset(split.train, 0.8, p->splitSeed + 1);  // as the dialog does
        QCOMPARE(int(inner.train.size()), 160);
        QCOMPARE(int(inner.test.size()), 40);
        std::optional<engine::Trial> byValidation, byTest;
        for (double lr : {0.001, 0.01, 0.1, 1.0})
            for (int width : {2, 4, 8}) {
                const engine::Trial t = engine::runTrial(p->network, inner.train, inner.test, split.test, p->training,
                                                         lr, width, 200);
                qInfo("lr %-6g width %d: train %.4f, validation %.4f, test %.4f, test accuracy %.3f%s", lr, width,
                      t.trainLoss, t.validationLoss, t.testLoss, t.testAccuracy, t.diverged ? " (diverged)" : "");
                if (t.diverged) continue;
                if (!byValidation || t.validationLoss < byValidation->validationLoss) byValidation = t;
                if (!byTest || t.testLoss < byTest->testLoss) byTest = t;
                if (width == 2) QVERIFY(t.testAccuracy < 0.7);  // "width 2 ... at most 0.67"
                if (lr >= 0.1)
                    QVERIFY(t.testAccuracy < 0.75);  // "45-75 % accuracy" (chaotic runs: the rounding decides)
            }
        QVERIFY(byValidation && byTest);
        QCOMPARE(byValidation->learningRate, 0.01);
        QCOMPARE(byValidation->width, 8);
        QCOMPARE(byTest->learningRate, 0.001);
        QCOMPARE(byTest->width, 8);
        QVERIFY(byValidation->testAccuracy >= 0.99 && byTest->testAccuracy >= 0.99);
    }

    // A lesson's setup is read as strictly as a project file: a wrong value is named, never replaced by a default.
    void setupValuesAreCheckedStrictly_data() {
        QTest::addColumn<QByteArray>("setup");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("rate as text") << QByteArray(R"({"training": {"learningRate": "0.1"}})")
                                      << QStringList{"training.learningRate", "a number > 0", "\"0.1\""};
        QTest::newRow("momentum 7") << QByteArray(R"({"training": {"momentum": 7}})")
                                    << QStringList{"training.momentum", "up to (not including) 1", "7"};
        QTest::newRow("misspelt key") << QByteArray(R"({"training": {"learningrate": 0.1}})")
                                      << QStringList{"training", "learningrate", "learningRate"};
        QTest::newRow("unknown optimizer") << QByteArray(R"({"training": {"optimizer": "adamw"}})")
                                           << QStringList{"training.optimizer", "adamw", "adam", "sgd"};
        QTest::newRow("ten million samples") << QByteArray(R"({"data": {"generator": "xor", "samples": 10000000}})")
                                             << QStringList{"data.samples", "10000000", "100000"};
        QTest::newRow("noise above 1") << QByteArray(R"({"data": {"noise": 3}})")
                                       << QStringList{"data.noise", "0 to 1"};
        QTest::newRow("ratio 0") << QByteArray(R"({"trainRatio": 0})") << QStringList{"trainRatio", "above 0"};
        QTest::newRow("init scale 50") << QByteArray(R"({"training": {"init": "uniform", "initScale": 50}})")
                                       << QStringList{"training.initScale", "0.01 to 10", "50"};
        QTest::newRow("weight as text") << QByteArray(R"({"network": "2-1 sigmoid", "weights": [1, "2", 3]})")
                                        << QStringList{"weights[1]", "finite number"};
        QTest::newRow("first weights not whole layers")
            << QByteArray(R"({"network": "2-2-1 tanh, sigmoid out", "firstWeights": [1, 2, 3, 4, 5]})")
            << QStringList{"firstWeights has 5 values", "whole first layers", "the first layer has 6"};
        QTest::newRow("weights and first weights")
            << QByteArray(R"({"network": "2-1 sigmoid", "weights": [1, 2, 3], "firstWeights": [1, 2, 3]})")
            << QStringList{"\"weights\" or \"firstWeights\", not both"};
        QTest::newRow("freeze past the layers")
            << QByteArray(R"({"network": "2-2-1 tanh, sigmoid out", "freeze": [2]})")
            << QStringList{"freeze[0]", "the most allowed is 1"};
        QTest::newRow("freeze as text") << QByteArray(R"({"network": "2-2-1 tanh, sigmoid out", "freeze": ["all"]})")
                                        << QStringList{"freeze[0]", "whole number"};
        QTest::newRow("augment zoom 1") << QByteArray(R"({"preset": "digits", "training": {"augment": {"zoom": 1}}})")
                                        << QStringList{"training.augment.zoom", "up to (not including) 1", "1"};
        QTest::newRow("augment misspelt")
            << QByteArray(R"({"preset": "digits", "training": {"augment": {"rotation": 10}}})")
            << QStringList{"training.augment", "rotation", "rotate"};
    }

    // Fine-tuning's keys: the first layers' weights are the given ones, the rest the seed's initial weights, and the
    // frozen layers' parameters are held by the trainer the step builds.
    void setupFirstWeightsAndFreeze() {
        QString error;
        const std::optional<Project> p = lessonProject(
            QJsonDocument::fromJson(
                R"({"network": "2-2-1 tanh, sigmoid out", "firstWeights": [1, 2, 3, 4, 5, 6], "freeze": [0]})")
                .object(),
            &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY(p->trained);
        QCOMPARE(p->trained->parameters.size(), engine::Index(9));
        for (int i = 0; i < 6; ++i) QCOMPARE(p->trained->parameters[i], double(i + 1));
        const engine::Vector fresh = engine::initialParameters(p->network, p->training.seed, p->training.init);
        QVERIFY(p->trained->parameters.tail(3) == fresh.tail(3));
        QVERIFY(engine::isLayerFrozen(p->mask, p->network, 0) && !engine::isLayerFrozen(p->mask, p->network, 1));
        const std::unique_ptr<engine::Trainer> t = makeTrainer(*p, &error);
        QVERIFY2(t, qPrintable(error));
        t->step(20);
        QVERIFY(t->network().params().head(6) == p->trained->parameters.head(6));
        QVERIFY(t->network().params().tail(3) != p->trained->parameters.tail(3));
    }
    void aPresetWithoutANetworkKeepsItsActivation() {
        // The digits preset is 64-32-10 ReLU; a step naming the preset and not a network gets that, fitted to the
        // data (it used to get tanh hidden units: lesson 15 says "a ReLU hidden layer").
        QString error;
        const std::optional<Project> p =
            lessonProject(QJsonDocument::fromJson(R"({"preset": "digits", "trainRatio": 0.5})").object(), &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(QString::fromStdString(engine::formatArchitecture(p->network)),
                 QString::fromStdString(engine::formatArchitecture(preset("digits").network)));
        QCOMPARE(p->network.layers.front().activation, engine::Activation::ReLU);
    }
    void setupValuesAreCheckedStrictly() {
        QFETCH(QByteArray, setup);
        QFETCH(QStringList, words);
        QString error;
        QVERIFY(!lessonProject(QJsonDocument::fromJson(setup).object(), &error));
        for (const QString& w : words) QVERIFY2(error.contains(w), qPrintable(w + " not in: " + error));
        // Case is not a mistake: "Adam" is the optimizer adam.
        const std::optional<Project> p = lessonProject(
            QJsonDocument::fromJson(R"({"training": {"optimizer": "Adam", "momentum": 0.5}})").object(), &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY(p->training.optimizer.kind == engine::OptimizerKind::Adam);
        QCOMPARE(p->training.optimizer.momentum, 0.5);
        const std::optional<Project> big = lessonProject(
            QJsonDocument::fromJson(R"({"training": {"init": "uniform", "initScale": 5}})").object(), &error);
        QVERIFY2(big, qPrintable(error));
        QVERIFY(big->training.init.scheme == engine::Init::Uniform);
        QCOMPARE(big->training.init.scale, 5.0);
        // Augmentation, as a project file's training.augment.
        const std::optional<Project> turned = lessonProject(
            QJsonDocument::fromJson(R"({"preset": "digits", "training": {"augment": {"rotate": 10, "zoom": 0.1}}})")
                .object(),
            &error);
        QVERIFY2(turned, qPrintable(error));
        QCOMPARE(turned->training.augment.rotateDegrees, 10.0);
        QCOMPARE(turned->training.augment.zoom, 0.1);
        QVERIFY(!turned->training.augment.flip);
    }

    // A step's network text may have typed layers: they are kept, and the image must match the data's inputs.
    void setupTakesTypedNetworks() {
        QString error;
        const std::optional<Project> p =
            lessonProject(QJsonDocument::fromJson(
                              R"({"preset": "digits", "network": "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"})")
                              .object(),
                          &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->network.inputs, 64);
        QCOMPARE(p->network.inputHeight, 8);
        QCOMPARE(p->network.layers.size(), std::size_t(3));
        QCOMPARE(p->network.layers[0].kind, engine::LayerKind::Conv);
        QCOMPARE(p->network.layers[1].kind, engine::LayerKind::MaxPool);
        QCOMPARE(QString::fromStdString(p->network.describe()),
                 QString("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax, cross_entropy"));
        QVERIFY(!lessonProject(QJsonDocument::fromJson(
                                   R"({"preset": "iris", "network": "8x8x1 conv3x3x8 relu pad1, maxpool2, 3 softmax"})")
                                   .object(),
                               &error));
        QVERIFY2(error.contains("64 inputs") && error.contains("4 inputs"), qPrintable(error));
    }

    void goalsPassWhenMetAndNotOtherwise() {
        MainWindow w;
        w.show();
        LessonMode* lm = w.lessons();
        lessons::Library lib;
        lib.lessons.push_back(parse(R"(# Goals
<!-- lesson {"id": "goals", "chapter": "Test", "summary": "s"} -->
## Reachable
<!-- step {"preset": "xor", "network": "2-8-1 tanh, sigmoid out, bce", "training": {"learningRate": 0.1},
           "goals": [{"metric": "testAccuracy", "atLeast": 0.9}, {"metric": "hiddenNeurons", "atMost": 8}],
           "play": true, "hide": ["weights", "metrics"]} -->
Train.
## Unreachable
<!-- step {"preset": "xor", "network": "2-1 sigmoid out, bce",
           "goals": [{"metric": "testAccuracy", "atLeast": 0.95, "withinEpochs": 30}], "play": true} -->
One line cannot.
## Predict
<!-- step {"question": {"prompt": "p", "choices": ["a", "b"], "answer": 1, "explain": "Because of the marker.", "revealAfterEpochs": 5}} -->
Guess.
)"));
        lm->setLibrary(lib);
        QSignalSpy applied(lm, &LessonMode::stepApplied), completed(lm, &LessonMode::stepCompleted);
        QVERIFY(lm->start("goals", 0));
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), testsupport::kPatienceMs);
        QVERIFY(w.findChild<QDockWidget*>("weightsDock")->isHidden());
        QVERIFY(w.findChild<QDockWidget*>("metricsDock")->isHidden());
        QVERIFY2(!completed.isEmpty() || completed.wait(60000),
                 qPrintable(QString("epoch %1, test accuracy %2, playing %3, goals %4, done %5, gen %6")
                                .arg(w.lastSnapshot().epoch)
                                .arg(w.lastSnapshot().test.accuracy)
                                .arg(w.trainingThread()->isPlaying())
                                .arg(lm->goalStates().size())
                                .arg(lm->stepDone())
                                .arg(w.lastSnapshot().generation)));
        QCOMPARE(completed.first().first().toInt(), 0);
        QVERIFY(lm->stepDone());
        QVERIFY(lessons::Progress().doneSteps("goals").contains(0));

        lm->next();
        QVERIFY(!w.findChild<QDockWidget*>("weightsDock")->isHidden());  // the next step does not hide it
        completed.clear();
        QTRY_VERIFY_WITH_TIMEOUT(w.lastSnapshot().epoch > 30, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!lm->goalStates().isEmpty() && lm->goalStates()[0] == lessons::GoalStatus::Missed,
                                 60000);
        QVERIFY(completed.isEmpty());
        QVERIFY(!lm->stepDone());

        lm->next();  // keeps the run; the question plays it and reveals after 5 more epochs
        w.playAction()->setChecked(false);
        w.resetAction()->trigger();
        QSignalSpy revealed(lm, &LessonMode::answerRevealed);
        lm->panel()->choices()->button(0)->click();
        lm->panel()->lockInButton()->click();
        QVERIFY(revealed.isEmpty() || w.lastSnapshot().epoch >= 5);
        if (revealed.isEmpty()) QVERIFY(revealed.wait(30000));
        QCOMPARE(revealed.first().first().toBool(), false);  // answered "a", the answer is "b"
        QVERIFY(lm->panel()->revealLabel()->text().contains("Because of the marker."));
        QVERIFY(lm->stepDone());
        lm->leave();
    }

    // The perceptron lesson: weights typed in by hand make the live check pass for AND, OR and NAND.
    void perceptronWeightsByHand_data() {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QList<double>>("weights");
        QTest::newRow("AND") << "AND" << QList<double>{1, 1, -1.5};
        QTest::newRow("OR") << "OR" << QList<double>{1, 1, -0.5};
        QTest::newRow("NAND") << "NAND" << QList<double>{-1, -1, 1.5};
    }
    void perceptronWeightsByHand() {
        QFETCH(QString, table);
        QFETCH(QList<double>, weights);
        MainWindow w;
        w.show();
        LessonMode* lm = w.lessons();
        lessons::Library lib;
        lib.lessons.push_back(parse(QString(R"(# Perceptron
<!-- lesson {"id": "p%1", "chapter": "Test", "summary": "s"} -->
## By hand
<!-- step {"data": {"truthTable": "AND"}, "network": "2-1 step out, mse", "weights": [0, 0, -1],
           "goals": [{"truthTable": "%1"}]} -->
Type the weights.
)")
                                        .arg(table)));
        lm->setLibrary(lib);
        QSignalSpy applied(lm, &LessonMode::stepApplied), completed(lm, &LessonMode::stepCompleted);
        QVERIFY(lm->start("p" + table, 0));
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), testsupport::kPatienceMs);
        QTRY_VERIFY_WITH_TIMEOUT(!lm->goalStates().isEmpty(), testsupport::kPatienceMs);
        QCOMPARE(lm->goalStates()[0], lessons::GoalStatus::Pending);  // 0, 0, -1 computes nothing useful
        engine::Vector p(3);
        p << weights[0], weights[1], weights[2];
        w.trainingThread()->setParameters(p);  // what the diagram's weight editor sends
        QVERIFY(completed.wait(10000));
        QCOMPARE(lm->goalStates()[0], lessons::GoalStatus::Met);
        lm->leave();
    }

    // Lesson 9's side-by-side step: the comparison panel opens on the update-mode race, drawn against epochs.
    void updateModesSideBySide() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        LessonMode* lm = w.lessons();
        const lessons::Lesson* lesson = lm->library().find("update-modes");
        QVERIFY(lesson);
        int index = -1;
        for (int i = 0; i < int(lesson->steps.size()); ++i)
            if (lesson->steps[std::size_t(i)].race == "updateModes") index = i;
        QVERIFY(index >= 0);
        QSignalSpy applied(lm, &LessonMode::stepApplied);
        QVERIFY(lm->start("update-modes", index));
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), testsupport::kPatienceMs);
        auto* race = w.findChild<StepComparison*>();
        QVERIFY(race && race->isVisible());
        QCOMPARE(race->kind(), StepComparison::Kind::UpdateModes);
        QCOMPARE(race->chart()->xAxisKind(), widgets::ComparisonChart::XAxis::Epochs);
        QSignalSpy done(race, &StepComparison::finished);
        race->start();
        QVERIFY(done.wait(60000));
        QCOMPARE(race->chart()->runCount(), 3);
        QCPGraph* online = race->chart()->graph(2);
        QVERIFY2(online->dataCount() > race->chart()->graph(0)->dataCount(),
                 qPrintable(QString("%1 / %2").arg(online->dataCount()).arg(race->chart()->graph(0)->dataCount())));
        bool found = false;
        QVERIFY(std::abs(online->getKeyRange(found).upper - 50) < 1e-9);  // drawn against epochs: 50 of them
        race->chart()->replot();
        QVERIFY(saveScreenshot(&w, "lesson-update-modes.png"));
        lm->leave();
    }

    // The browser groups lessons by chapter and ticks the ones whose every goal and question is done.
    void browserShowsProgress() {
        const lessons::Library& lib = shippedLessons();
        const lessons::Lesson& first = lib.lessons.front();
        lessons::Progress progress;
        progress.clear(first.id);
        for (int i = 0; i < int(first.steps.size()); ++i) {
            progress.markVisited(first.id, i);
            if (first.steps[std::size_t(i)].hasCheck()) progress.markDone(first.id, i);
        }
        LessonBrowser browser(lib);
        browser.resize(640, 560);
        QTreeWidget* tree = browser.tree();
        QStringList chapters;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) chapters << tree->topLevelItem(i)->text(0);
        QVERIFY2(chapters.size() >= 3, qPrintable(chapters.join(", ")));
        QTreeWidgetItem* item = tree->topLevelItem(0)->child(0);
        QCOMPARE(item->data(0, Qt::UserRole).toString(), first.id);
        QVERIFY2(item->text(1).startsWith("✓"), qPrintable(item->text(1)));
        QTreeWidgetItem* second = tree->topLevelItem(0)->child(1);
        QVERIFY2(!second->text(1).startsWith("✓"), qPrintable(second->text(1)));

        QSignalSpy start(&browser, &LessonBrowser::startRequested);
        tree->setCurrentItem(second);
        browser.findChild<QPushButton*>("startLessonButton")->click();
        QCOMPARE(start.size(), 1);
        QCOMPARE(start.first().at(0).toString(), lib.lessons[1].id);
        QCOMPARE(start.first().at(1).toInt(), 0);

        browser.show();
        QVERIFY(saveScreenshot(&browser, "lesson-browser.png"));
        progress.clear(first.id);
    }

    // Entering a lesson keeps the user's project aside; Save saves it; leaving brings it back, unsaved changes and all.
    void userProjectComesBack() {
        MainWindow w;
        w.show();
        w.loadProject(preset("spiral"));
        w.document()->documentCreated("Spiral");
        const engine::NetworkSpec spiralNet = w.project().network;
        const engine::Index before = w.dataModel()->data().size();
        QTest::mouseClick(w.outputView(), Qt::LeftButton, {}, w.outputView()->rect().center());
        QCOMPARE(w.dataModel()->data().size(), before + 1);
        QVERIFY(w.document()->isModified());
        LessonMode* lm = w.lessons();
        QSignalSpy applied(lm, &LessonMode::stepApplied);
        QVERIFY(lm->start(lm->library().lessons.front().id, 0));
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), testsupport::kPatienceMs);
        QVERIFY(!(w.project().network == spiralNet));
        QVERIFY(lm->userProject());
        QCOMPARE(lm->userProject()->network, spiralNet);
        QString error;
        QCOMPARE(projectDataset(lm->userProject()->data, &error)->size(),
                 before + 1);  // the drawn point is in what Save saves

        lm->leave();
        QCOMPARE(w.project().network, spiralNet);
        QCOMPARE(w.dataModel()->data().size(), before + 1);
        QVERIFY(w.document()->isModified());  // still unsaved: closing asks

        // A saved (clean) project stays clean after a lesson, whatever the lesson trained.
        w.document()->markUnmodified();
        QVERIFY(lm->start(lm->library().lessons.front().id, 0));
        QTRY_VERIFY_WITH_TIMEOUT(lm->userProject().has_value(), testsupport::kPatienceMs);
        w.playAction()->setChecked(true);
        QSignalSpy shown(&w, &MainWindow::snapshotShown);
        QVERIFY(shown.wait(5000));
        QVERIFY(shown.wait(5000));
        lm->leave();
        QVERIFY(!w.document()->isModified());
    }
};

QTEST_MAIN(TstLessons)
#include "tst_lessons.moc"
