// Lesson goals on scripted runs: a goal passes when a real run meets it and fails when it does not (or too late), and
// the perceptron's hand-set weights compute AND, OR and NAND. The image lessons' goals: "parameters" counts a network's
// weights and biases (from its spec, or the trained vector), and "padAnswer" holds only while the pad has ink and the
// network's answer for it is the class asked for.
#include "engine/architecture_text.h"
#include "engine/trainer.h"
#include "lessons/goal.h"
#include <QJsonDocument>
#include <QtTest>

using namespace lessons;

namespace {
Goal goal(const char* json) {
    QString error;
    std::optional<Goal> g = parseGoal(QJsonDocument::fromJson(json).object(), &error);
    if (!g) qFatal("%s", qPrintable(error));
    return *g;
}

engine::NetworkSpec spec(int hidden) {
    engine::NetworkSpec s;
    s.inputs = 2;
    if (hidden > 0) s.layers.push_back({hidden, engine::Activation::Tanh});
    s.layers.push_back({1, engine::Activation::Sigmoid});
    s.loss = engine::Loss::BinaryCrossEntropy;
    return s;
}

// Trains XOR for `epochs` and returns where the run stands.
GoalInput runXor(int hidden, long long epochs, double lr) {
    const engine::Dataset d = engine::generate({engine::Generator::Xor, 200, 0.0, 2, 3});
    const engine::Split split = engine::splitDataset(d, 0.5, 1);
    engine::TrainSettings ts;
    ts.optimizer.learningRate = lr;
    engine::Trainer t(spec(hidden), split.train, split.test, ts);
    const engine::StepResult r = t.runEpochs(epochs);
    return goalInput(r, t.spec(), t.network().params(), t.settings().features);
}

// A network typed as architecture text, on 64 inputs (an 8x8 picture).
GoalInput network(const char* text) {
    GoalInput in;
    const engine::ArchitectureParseResult r = engine::parseArchitecture(text, 64);
    if (!r.ok()) qFatal("%s", r.error.c_str());
    in.spec = *r.spec;
    return in;
}

// parseGoal's error for `json`, or "(parsed)".
QString parseError(const char* json) {
    QString error;
    if (parseGoal(QJsonDocument::fromJson(json).object(), &error)) return "(parsed)";
    return error;
}
}  // namespace

class TstGoal : public QObject {
    Q_OBJECT
private slots:
    void accuracyGoalOnRealRuns() {
        const Goal g = goal(R"({"metric": "testAccuracy", "atLeast": 0.95})");
        QCOMPARE(g.evaluate(runXor(8, 300, 0.1)), GoalStatus::Met);      // a hidden layer solves XOR
        QCOMPARE(g.evaluate(runXor(0, 300, 0.1)), GoalStatus::Pending);  // one line cannot
        QCOMPARE(g.evaluate(runXor(8, 1, 1e-4)), GoalStatus::Pending);   // not yet
    }

    void withinEpochsMissesWhenTooLate() {
        const Goal g = goal(R"({"metric": "trainLoss", "below": 0.2, "withinEpochs": 50})");
        const GoalInput good = runXor(8, 40, 0.3);
        QVERIFY2(good.trainLoss < 0.2, qPrintable(QString::number(good.trainLoss)));
        QCOMPARE(g.evaluate(good), GoalStatus::Met);
        const GoalInput slow = runXor(8, 60, 1e-4);
        QCOMPARE(g.evaluate(slow), GoalStatus::Missed);
        GoalInput late = good;
        late.epoch = 51;  // met, but after the deadline
        QCOMPARE(g.evaluate(late), GoalStatus::Missed);
        QVERIFY(g.text.contains("within 50 epochs"));
    }

    void structuralGoals() {
        const GoalInput small = runXor(4, 1, 0.1), big = runXor(8, 1, 0.1), none = runXor(0, 1, 0.1);
        const Goal atMost4 = goal(R"({"metric": "hiddenNeurons", "atMost": 4})");
        QCOMPARE(atMost4.evaluate(small), GoalStatus::Met);
        QCOMPARE(atMost4.evaluate(big), GoalStatus::Pending);
        const Goal noHidden = goal(R"({"metric": "hiddenLayers", "atMost": 0})");
        QCOMPARE(noHidden.evaluate(none), GoalStatus::Met);
        QCOMPARE(noHidden.evaluate(small), GoalStatus::Pending);
        QCOMPARE(atMost4.currentValue(big), QString("8"));
    }

    void divergedAndGap() {
        GoalInput in;
        in.trainLoss = 0.1;
        in.testLoss = 0.35;
        QCOMPARE(goal(R"({"metric": "gap", "atLeast": 0.2})").evaluate(in), GoalStatus::Met);
        QCOMPARE(goal(R"({"metric": "gap", "atLeast": 0.3})").evaluate(in), GoalStatus::Pending);
        const Goal blewUp = goal(R"({"metric": "diverged", "atLeast": 1})");
        QCOMPARE(blewUp.evaluate(in), GoalStatus::Pending);
        in.diverged = true;
        in.trainLoss = std::numeric_limits<double>::infinity();
        QCOMPARE(blewUp.evaluate(in), GoalStatus::Met);
        QCOMPARE(goal(R"({"metric": "trainLoss", "below": 1})").evaluate(in), GoalStatus::Pending);  // inf never meets
    }

    // The perceptron lesson: one step neuron, weights set by hand.
    void perceptronByHand_data() {
        QTest::addColumn<QString>("table");
        QTest::addColumn<double>("w1");
        QTest::addColumn<double>("w2");
        QTest::addColumn<double>("b");
        QTest::newRow("AND") << "AND" << 1.0 << 1.0 << -1.5;
        QTest::newRow("OR") << "OR" << 1.0 << 1.0 << -0.5;
        QTest::newRow("NAND") << "NAND" << -1.0 << -1.0 << 1.5;
        QTest::newRow("NOR") << "NOR" << -1.0 << -1.0 << 0.5;
    }
    void perceptronByHand() {
        QFETCH(QString, table);
        QFETCH(double, w1);
        QFETCH(double, w2);
        QFETCH(double, b);
        GoalInput in;
        in.spec.inputs = 2;
        in.spec.layers.push_back({1, engine::Activation::Step});
        in.spec.loss = engine::Loss::MSE;
        in.params = engine::Vector(3);
        in.params << w1, w2, b;
        in.features = {engine::Feature::X1, engine::Feature::X2};
        Goal g;
        g.truthTable = table;
        QCOMPARE(g.evaluate(in), GoalStatus::Met);
        for (const QString& other : truthTableNames()) {
            if (other == table) continue;
            g.truthTable = other;
            QCOMPARE(g.evaluate(in), GoalStatus::Pending);  // the same weights compute no other table
        }
        QCOMPARE(networkTruthTable(in), truthTable(table));
        in.params.resize(2);  // weights that do not fit the network: no table, no crash
        QVERIFY(networkTruthTable(in).empty());
    }

    void xorNeedsAHiddenLayer() {
        // Two step neurons (OR and NAND) and their AND: the two-layer network Minsky and Papert's single layer lacks.
        GoalInput in;
        in.spec.inputs = 2;
        in.spec.layers = {{2, engine::Activation::Step}, {1, engine::Activation::Step}};
        in.spec.loss = engine::Loss::MSE;
        in.params = engine::Vector(9);
        // Hidden: OR (1, 1, -0.5) and NAND (-1, -1, 1.5); W is column-major (units x inputs): [w11 w21 w12 w22].
        in.params << 1, -1, 1, -1, -0.5, 1.5, 1, 1, -1.5;  // output: AND of the two
        Goal g;
        g.truthTable = "XOR";
        QCOMPARE(g.evaluate(in), GoalStatus::Met);
        QCOMPARE(g.currentValue(in), QString("0 1 1 0"));
    }

    // "changed": holds once the named setting differs from where the step began, and not when it is set back.
    void changedGoals_data() {
        QTest::addColumn<QString>("setting");
        for (const QString& c : changeableSettings()) QTest::newRow(qPrintable(c)) << c;
    }
    void changedGoals() {
        QFETCH(QString, setting);
        const Goal g = goal(qPrintable(QString(R"({"changed": "%1"})").arg(setting)));
        QVERIFY(g.text.startsWith("Change "));
        GoalInput start = runXor(4, 1, 0.1);
        start.hasSettings = true;
        start.data = "xor, 200 samples";
        GoalInput now = start;
        QCOMPARE(g.evaluate(now, &start), GoalStatus::Pending);  // nothing changed yet
        QCOMPARE(g.evaluate(now), GoalStatus::Pending);          // no start known
        engine::TrainSettings& t = now.training;
        if (setting == "learningRate") t.optimizer.learningRate = 0.3;
        else if (setting == "optimizer") t.optimizer.kind = engine::OptimizerKind::Adam;
        else if (setting == "updateMode") t.mode = engine::UpdateMode::Online;
        else if (setting == "batchSize") t.batchSize = 32;
        else if (setting == "algorithm") t.algorithm = engine::Algorithm::RandomSearch;
        else if (setting == "penalty") t.l2 = 0.01;
        else if (setting == "init") t.init.scheme = engine::Init::Zeros;
        else if (setting == "seed") t.seed = 7;
        else if (setting == "features") t.features.push_back(engine::Feature::X1X2);
        else if (setting == "standardize") t.standardize = !t.standardize;
        else if (setting == "architecture" || setting == "network") now.spec = spec(5);
        else if (setting == "activation") now.spec.layers[0].activation = engine::Activation::ReLU;
        else if (setting == "outputActivation") now.spec.layers.back().activation = engine::Activation::Tanh;
        else if (setting == "loss") now.spec.loss = engine::Loss::MSE;
        else if (setting == "data") now.data = "circle, 200 samples";
        else if (setting == "augment") t.augment.rotateDegrees = 10;
        else QFAIL("a setting the test does not change");
        QCOMPARE(g.evaluate(now, &start), GoalStatus::Met);
        QVERIFY(g.currentValue(now) != g.currentValue(start));
        QCOMPARE(g.evaluate(start, &start), GoalStatus::Pending);  // set back: unchanged again
        GoalInput unknown = now;
        unknown.hasSettings = false;  // the app did not say: never met
        QCOMPARE(g.evaluate(unknown, &start), GoalStatus::Pending);
    }

    // Shift tolerance is measured only when asked: unmeasured (NaN) the goal waits and shows "—"; measured, it compares.
    void shiftedTestAccuracyGoal() {
        const Goal g = goal(R"({"metric": "shiftedTestAccuracy", "atLeast": 0.55, "withinEpochs": 20})");
        QCOMPARE(g.text, QString("Test accuracy on pictures shifted by one pixel ≥ 0.55 within 20 epochs"));
        GoalInput in = runXor(4, 1, 0.1);
        in.epoch = 5;
        QVERIFY(std::isnan(in.shiftedTestAccuracy));
        QCOMPARE(g.evaluate(in), GoalStatus::Pending);
        QCOMPARE(g.currentValue(in), QString("—"));
        in.shiftedTestAccuracy = 0.5;
        QCOMPARE(g.evaluate(in), GoalStatus::Pending);
        in.shiftedTestAccuracy = 0.6;
        QCOMPARE(g.evaluate(in), GoalStatus::Met);
        QCOMPARE(g.currentValue(in), QString("0.6"));
        QVERIFY(goalsUse({g}, "shiftedTestAccuracy"));
        QVERIFY(!goalsUse({goal(R"({"metric": "testAccuracy", "atLeast": 0.5})")}, "shiftedTestAccuracy"));
        // The augmentation as the panel's box holds it: "off", or every amount.
        in.hasSettings = true;
        QCOMPARE(settingValue("augment", in), QString("off"));
        in.training.augment.rotateDegrees = 10;
        in.training.augment.zoom = 0.1;
        QCOMPARE(settingValue("augment", in), QString("rotate 10°, shift 0 px, zoom 0.1, flip off, noise 0"));
    }

    void changedGoalOnlyWatchesItsSetting() {
        const Goal lr = goal(R"({"changed": "learningRate", "text": "Change η"})");
        const Goal act = goal(R"({"changed": "activation"})");
        const Goal arch = goal(R"({"changed": "architecture"})");
        GoalInput start = runXor(4, 1, 0.1);
        start.hasSettings = true;
        GoalInput now = start;
        now.spec.layers[0].activation = engine::Activation::ReLU;  // the activation, not the sizes
        QCOMPARE(lr.evaluate(now, &start), GoalStatus::Pending);
        QCOMPARE(act.evaluate(now, &start), GoalStatus::Met);
        QCOMPARE(arch.evaluate(now, &start), GoalStatus::Pending);
        QCOMPARE(act.currentValue(now), QString("relu"));
        // Settings show as the panels name them, not by their names in the project file.
        const Goal init = goal(R"({"changed": "init"})");
        const Goal opt = goal(R"({"changed": "optimizer"})");
        const Goal mode = goal(R"({"changed": "updateMode"})");
        const Goal features = goal(R"({"changed": "features"})");
        now.training.init.scheme = engine::Init::XavierUniform;
        now.training.optimizer.kind = engine::OptimizerKind::SGD;
        now.training.mode = engine::UpdateMode::FullBatch;
        now.training.features = {engine::Feature::X1, engine::Feature::X2};
        QCOMPARE(init.currentValue(now), QString("Xavier uniform"));
        QCOMPARE(opt.currentValue(now), QString("SGD"));
        QCOMPARE(mode.currentValue(now), QString("full batch"));
        QCOMPARE(features.currentValue(now), QString("x₁, x₂"));
        QCOMPARE(settingValue("init", now), QString("xavier_uniform"));  // (what "changed" compares)
        QCOMPARE(lr.text, QString("Change η"));
        // Both at once, in one check: the step is done only when each holds.
        const GoalCheck c = checkGoals({lr, act}, now, &start);
        QVERIFY(!c.allMet);
        now.training.optimizer.learningRate = 1;
        QVERIFY(checkGoals({lr, act}, now, &start).allMet);
        QVERIFY(!checkGoals({lr, act}, now).allMet);  // without the start, no change can be seen
    }

    void changedGoalErrors() {
        QString error;
        QVERIFY(!parseGoal(QJsonDocument::fromJson(R"({"changed": "colour"})").object(), &error));
        QVERIFY2(error.contains("unknown setting \"colour\""), qPrintable(error));
        QVERIFY(!parseGoal(QJsonDocument::fromJson(R"({"changed": "loss", "metric": "epoch", "atLeast": 1})").object(),
                           &error));
        QVERIFY2(error.contains("no metric"), qPrintable(error));
    }

    // Counted by hand: 64·32 + 32 + 32·10 + 10 = 2,410; 8·3·3 + 8 + (8·4·4)·10 + 10 = 1,370.
    void parametersOfDenseAndConvNetworks() {
        const GoalInput dense = network("64-32-10 relu, softmax out");
        const GoalInput conv = network("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax");
        const Goal small = goal(R"({"metric": "parameters", "atMost": 1500})");
        QCOMPARE(small.currentValue(dense), QString("2410"));
        QCOMPARE(small.currentValue(conv), QString("1370"));
        QCOMPARE(small.evaluate(dense), GoalStatus::Pending);
        QCOMPARE(small.evaluate(conv), GoalStatus::Met);
        QCOMPARE(small.text, QString("Parameters ≤ 1500"));
        GoalInput trained = dense;  // with the trained vector: its length
        trained.params = engine::Vector::Zero(2410);
        QCOMPARE(small.currentValue(trained), QString("2410"));
        QCOMPARE(small.evaluate(GoalInput{}), GoalStatus::Pending);  // no network: no count
    }

    void padAnswerNeedsInkAndTheRightClass() {
        const Goal three = goal(R"({"padAnswer": 3})");
        QVERIFY2(three.text.contains("as 3"), qPrintable(three.text));
        GoalInput in = network("64-32-10 relu, softmax out");
        QCOMPARE(three.evaluate(in), GoalStatus::Pending);  // -1: a blank pad, or no answer yet
        QCOMPARE(three.currentValue(in), QString("—"));
        in.padAnswer = 5;
        QCOMPARE(three.evaluate(in), GoalStatus::Pending);
        QCOMPARE(three.currentValue(in), QString("5"));
        in.padAnswer = 3;
        QCOMPARE(three.evaluate(in), GoalStatus::Met);
        QVERIFY(checkGoals({three, goal(R"({"metric": "parameters", "atMost": 3000})")}, in).allMet);
        const Goal zero = goal(R"({"padAnswer": 0, "text": "Draw a 0"})");
        QCOMPARE(zero.text, QString("Draw a 0"));
        in.padAnswer = -1;  // a blank pad is not class 0
        QCOMPARE(zero.evaluate(in), GoalStatus::Pending);
        in.padAnswer = 0;
        QCOMPARE(zero.evaluate(in), GoalStatus::Met);
    }

    void padAnswerErrors() {
        QVERIFY2(parseError(R"({"padAnswer": -1})").contains("class number from 0"), qPrintable(parseError(R"({"padAnswer": -1})")));
        QVERIFY(parseError(R"({"padAnswer": 2.5})").contains("(found 2.5)"));
        QVERIFY(parseError(R"({"padAnswer": "3"})").contains("(found \"3\")"));
        QVERIFY(parseError(R"({"padAnswer": 3, "metric": "epoch", "atLeast": 1})").contains("no metric"));
        QVERIFY(parseError(R"({"padAnswer": 3, "changed": "data"})").contains("no metric"));
        QVERIFY(parseError(R"({"padAnswr": 3})").contains("unknown goal key \"padAnswr\""));
    }
};

QTEST_GUILESS_MAIN(TstGoal)
#include "tst_goal.moc"
