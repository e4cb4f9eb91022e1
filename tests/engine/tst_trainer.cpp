// The training loop: determinism, the results a teacher expects (XOR needs a hidden layer), update modes, live
// settings, reset, regularisation, divergence and empty data.
#include "engine/split.h"
#include "engine/trainer.h"
#include "examples.h"
#include <QtTest>
#include <cmath>

using namespace engine;

using testsupport::xorDataset;  // the four rows of the XOR truth table (inputs 0/1, label = x1 xor x2)

namespace {
NetworkSpec net(std::vector<int> hidden, Activation hiddenAct = Activation::Tanh) {
    NetworkSpec s;
    s.inputs = 2;
    for (int h : hidden) s.layers.push_back({h, hiddenAct});
    s.layers.push_back({1, Activation::Sigmoid});
    s.loss = Loss::BinaryCrossEntropy;
    return s;
}

TrainSettings xorSettings() {
    TrainSettings t;  // default seed (1) and initialisation (Xavier uniform)
    t.mode = UpdateMode::FullBatch;
    t.optimizer.learningRate = 0.5;
    return t;
}
}  // namespace

class TstTrainer : public QObject {
    Q_OBJECT
private slots:
    void sameSeedSameWeightsBitForBit() {
        const Dataset d = generate({Generator::Spiral, 200, 0.1, 2, 7});
        TrainSettings s;
        s.mode = UpdateMode::MiniBatch;
        s.batchSize = 10;
        s.seed = 42;
        Trainer a(net({8, 8}), d, Dataset{}, s), b(net({8, 8}), d, Dataset{}, s);
        a.step(500);
        b.step(500);
        QVERIFY(a.network().params() == b.network().params());  // exact equality, not approximate
        s.seed = 43;
        Trainer c(net({8, 8}), d, Dataset{}, s);
        c.step(500);
        QVERIFY(!(a.network().params() == c.network().params()));
    }

    void frozenParametersHoldUnderEveryOptimizer_data() {
        QTest::addColumn<int>("optimizer");
        QTest::newRow("sgd") << int(OptimizerKind::SGD);
        QTest::newRow("momentum") << int(OptimizerKind::Momentum);
        QTest::newRow("adam") << int(OptimizerKind::Adam);
    }
    void frozenParametersHoldUnderEveryOptimizer() {
        QFETCH(int, optimizer);
        TrainSettings s = xorSettings();
        s.optimizer.kind = OptimizerKind(optimizer);
        s.l2 = 0.01;  // weight decay must not move a frozen weight either
        Trainer t(net({4}), xorDataset(), Dataset{}, s);
        const Index n = t.network().parameterCount();
        Vector trainable = Vector::Ones(n);
        trainable.head(8).setZero();  // W of the hidden layer (4 x 2): frozen
        t.setTrainable(trainable);
        const Vector before = t.network().params();
        t.runEpochs(200);
        QVERIFY(t.network().params().head(8) == before.head(8));  // exactly held
        QVERIFY(t.network().params().tail(n - 8) != before.tail(n - 8));
        // A reset keeps the held values; an edit of a frozen parameter is the new held value.
        t.reset();
        QVERIFY(t.network().params().head(8) == before.head(8));
        Vector edited = t.network().params();
        edited[0] = 3.0;
        t.setParameters(edited);
        t.runEpochs(10);
        QCOMPARE(t.network().params()[0], 3.0);
        // Unfrozen: it learns again.
        t.setTrainable(Vector());
        t.runEpochs(10);
        QVERIFY(t.network().params()[0] != 3.0);
        QVERIFY_THROWS_EXCEPTION(NetworkError, t.setTrainable(Vector::Ones(3)));
    }

    void twoFourOneLearnsXor() {
        Trainer t(net({4}), xorDataset(), Dataset{}, xorSettings());
        const StepResult r = t.runEpochs(2000);
        QCOMPARE(r.train.accuracy, 1.0);
        QVERIFY2(r.train.loss < 0.05, qPrintable(QString::number(r.train.loss)));
    }

    void noHiddenLayerCannotLearnXor() {
        Trainer t(net({}), xorDataset(), Dataset{}, xorSettings());
        for (int i = 0; i < 10; ++i) {
            const StepResult r = t.runEpochs(500);
            QVERIFY2(r.train.accuracy <= 0.75, qPrintable(QString::number(r.train.accuracy)));
        }
    }

    void updatesPerEpochFollowTheMode() {
        const Dataset d = generate({Generator::Xor, 25, 0, 2, 1});
        TrainSettings s;
        s.mode = UpdateMode::FullBatch;
        Trainer t(net({2}), d, Dataset{}, s);
        QCOMPARE(t.updatesPerEpoch(), 1LL);
        s.mode = UpdateMode::Online;
        t.applySettings(s);
        QCOMPARE(t.updatesPerEpoch(), 25LL);
        s.mode = UpdateMode::MiniBatch;
        s.batchSize = 10;
        t.applySettings(s);
        QCOMPARE(t.updatesPerEpoch(), 3LL);  // 10 + 10 + 5
        t.reset();
        t.step(3);
        QCOMPARE(t.result().epoch, 1LL);
        QCOMPARE(t.result().step, 3LL);
    }

    void learningRateChangesLiveKeepingWeights() {
        const Dataset d = generate({Generator::Circle, 100, 0, 2, 3});
        TrainSettings s;
        s.optimizer.kind = OptimizerKind::Adam;
        s.optimizer.learningRate = 0.01;
        Trainer t(net({4}), d, Dataset{}, s);
        t.step(10);
        const Vector before = t.network().params();
        const long long adamSteps = t.optimizer().stepCount();
        s.optimizer.learningRate = 0.001;
        QVERIFY(!t.needsRebuild(s));
        t.applySettings(s);
        QVERIFY(t.network().params() == before);
        QCOMPARE(t.optimizer().stepCount(), adamSteps);  // moments and step count survive
        QCOMPARE(t.settings().optimizer.learningRate, 0.001);
        s.features = {Feature::X1, Feature::X2, Feature::X1Squared};
        QVERIFY(t.needsRebuild(s));
    }

    void resetRestoresTheInitialWeights() {
        Trainer t(net({4}), xorDataset(), Dataset{}, xorSettings());
        const Vector initial = t.network().params();
        t.runEpochs(100);
        QVERIFY(!(t.network().params() == initial));
        t.reset();
        QVERIFY(t.network().params() == initial);
        QCOMPARE(t.result().step, 0LL);
        // And training again from there retraces the same path.
        t.runEpochs(100);
        const Vector after = t.network().params();
        t.reset();
        t.runEpochs(100);
        QVERIFY(t.network().params() == after);
    }

    void l2AddsWeightDecayToWeightsOnly() {
        // One SGD step on a 1-1 identity net with MSE: w' = w - lr (dL/dw + l2 w), b' = b - lr dL/db.
        NetworkSpec s;
        s.inputs = 1;
        s.layers = {{1, Activation::Identity}};
        s.loss = Loss::MSE;
        Dataset d;
        d.task = Task::Regression;
        d.X = Matrix::Constant(1, 1, 2.0);
        d.targets = Matrix::Constant(1, 1, 1.0);
        TrainSettings ts;
        ts.features.clear();
        ts.mode = UpdateMode::FullBatch;
        ts.optimizer.learningRate = 0.1;
        ts.l2 = 0.5;
        ts.singlePrecision = false;  // the hand-worked numbers, exactly (in float 0.2 reads back as 0.20000000298)
        Trainer t(s, d, Dataset{}, ts);
        Vector p(2);
        p << 0.5, 0.25;  // w, b
        t.setParameters(p);
        t.step(1);
        // a = 0.5*2 + 0.25 = 1.25; dL/da = 2(a - y) = 0.5; dL/dw = 0.5*2 = 1.0; dL/db = 0.5
        // w' = 0.5 - 0.1 (1.0 + 0.5*0.5) = 0.375;  b' = 0.25 - 0.1*0.5 = 0.2
        QCOMPARE(t.network().params()(0), 0.375);
        QCOMPARE(t.network().params()(1), 0.2);
    }

    void divergenceIsReportedNotCrashed() {
        NetworkSpec s;
        s.inputs = 2;
        s.layers = {{8, Activation::ReLU}, {1, Activation::Identity}};
        s.loss = Loss::MSE;
        const Dataset d = generate({Generator::RegressionPlane, 50, 0, 2, 1});
        TrainSettings ts;
        ts.optimizer.learningRate = 1e6;
        Trainer t(s, d, Dataset{}, ts);
        const StepResult r = t.step(200);
        QVERIFY(r.diverged);
    }

    void emptyDataDoesNothing() {
        Trainer t(net({4}), Dataset{}, Dataset{}, TrainSettings{});
        const StepResult r = t.step(10);
        QCOMPARE(r.step, 0LL);
        QVERIFY(!r.diverged);
        QCOMPARE(t.updatesPerEpoch(), 1LL);
    }

    void mismatchedInputsGiveAMessage() {
        NetworkSpec s = net({4});
        s.inputs = 3;
        bool threw = false;
        try {
            Trainer t(s, xorDataset(), Dataset{}, xorSettings());
        } catch (const NetworkError& e) {
            threw = QString(e.what()).contains("3 inputs");
        }
        QVERIFY(threw);
    }

    void splitMaskIsSeededAndSized() {
        const std::vector<char> a = splitMask(101, 0.7, 5), b = splitMask(101, 0.7, 5), c = splitMask(101, 0.7, 6);
        QVERIFY(a == b);
        QVERIFY(a != c);
        QCOMPARE(std::count(a.begin(), a.end(), 1), 101 - 71);  // round(0.7 * 101) = 71 train
        const Dataset d = generate({Generator::Moons, 101, 0.1, 2, 1});
        const Split s = splitByMask(d, a);
        QCOMPARE(s.train.size() + s.test.size(), Index(101));
        QCOMPARE(s.test.size(), Index(30));
    }
};

QTEST_GUILESS_MAIN(TstTrainer)
#include "tst_trainer.moc"
