// Lesson goals on scripted runs: a goal passes when a real run meets it and fails when it does not (or too late), and
// the perceptron's hand-set weights compute AND, OR and NAND.
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
};

QTEST_GUILESS_MAIN(TstGoal)
#include "tst_goal.moc"
