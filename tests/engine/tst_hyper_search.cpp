// Hyperparameter search: the grid and random plans, seeded draws within range, a trial that learns XOR and one that
// cannot, divergence reported rather than thrown, the cancel flag, bit-for-bit repeats and the input checks.
#include "engine/hyper_search.h"
#include <QtTest>
#include <cmath>
#include <cstring>
#include <functional>
#include <set>

using namespace engine;

namespace {
struct XorData {
    Split split = splitDataset(generate(GeneratorParams{Generator::Xor, 200, 0.0, 2, 1}), 0.5, 1);
};

// The XOR preset's shape: 2-4-4-1 tanh, sigmoid output, binary cross-entropy.
NetworkSpec xorNet() {
    NetworkSpec s;
    s.inputs = 2;
    s.layers = {{4, Activation::Tanh}, {4, Activation::Tanh}, {1, Activation::Sigmoid}};
    s.loss = Loss::BinaryCrossEntropy;
    return s;
}

TrainSettings sgd() {
    TrainSettings t;
    t.mode = UpdateMode::MiniBatch;
    t.batchSize = 10;
    return t;
}

bool throwsInvalid(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return std::string(e.what()).size() > 10;  // a sentence, not an empty message
    }
    return false;
}
}  // namespace

class TstHyperSearch : public QObject {
    Q_OBJECT
private slots:
    void gridListsEveryPair() {
        SearchSpace s;
        s.learningRates = {0.01, 0.1, 1};
        s.widths = {2, 8};
        const std::vector<Trial> plan = planTrials(s);
        QCOMPARE(plan.size(), std::size_t(6));
        std::set<std::pair<double, int>> pairs;
        for (std::size_t i = 0; i < plan.size(); ++i) {
            QCOMPARE(plan[i].index, int(i));
            pairs.insert({plan[i].learningRate, plan[i].width});
        }
        QCOMPARE(pairs.size(), std::size_t(6));
        QVERIFY(pairs.count({0.1, 8}) == 1);
        QCOMPARE(plan.front().learningRate, 0.01);
        QCOMPARE(plan.front().width, 2);
        QCOMPARE(plan.back().learningRate, 1.0);
        QCOMPARE(plan.back().width, 8);
    }

    void randomIsSeededAndInRange() {
        SearchSpace s;
        s.kind = SearchKind::Random;
        s.lrMin = 1e-4;
        s.lrMax = 0.5;
        s.widthMin = 3;
        s.widthMax = 9;
        s.trials = 200;
        s.seed = 7;
        const std::vector<Trial> a = planTrials(s), b = planTrials(s);
        QCOMPARE(a.size(), std::size_t(200));
        int belowHundredth = 0;
        std::set<int> widths;
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].learningRate, b[i].learningRate);
            QCOMPARE(a[i].width, b[i].width);
            QVERIFY(a[i].learningRate >= s.lrMin && a[i].learningRate <= s.lrMax);
            QVERIFY(a[i].width >= 3 && a[i].width <= 9);
            widths.insert(a[i].width);
            if (a[i].learningRate < 0.01) ++belowHundredth;
        }
        QCOMPARE(widths.size(), std::size_t(7));  // every width in the range is drawn
        // Log-uniform: 2 of the ~3.7 decades lie below 0.01, so about 54% of draws (uniform would give 2%).
        QVERIFY2(belowHundredth > 80 && belowHundredth < 140, qPrintable(QString::number(belowHundredth)));
        s.seed = 8;
        QVERIFY(planTrials(s)[0].learningRate != a[0].learningRate);
    }

    void widthChangesHiddenLayersOnly() {
        const NetworkSpec n = withHiddenWidth(xorNet(), 7);
        QCOMPARE(n.layers.size(), std::size_t(3));
        QCOMPARE(n.layers[0].units, 7);
        QCOMPARE(n.layers[1].units, 7);
        QCOMPARE(n.layers[2].units, 1);
        QCOMPARE(n.layers[2].activation, Activation::Sigmoid);
        QCOMPARE(n.layers[0].activation, Activation::Tanh);
    }

    void goodLearningRateLearnsXor() {
        const XorData d;
        const Trial t = runTrial(xorNet(), d.split.train, d.split.test, sgd(), 0.3, 8, 300, nullptr);
        QVERIFY(!t.diverged);
        QCOMPARE(t.epochs, 300LL);
        QCOMPARE(t.width, 8);
        QCOMPARE(t.learningRate, 0.3);
        QVERIFY2(t.testAccuracy > 0.9, qPrintable(QString::number(t.testAccuracy)));
        QVERIFY(t.testLoss < 0.3);
    }

    void tinyLearningRateDoesNotLearn() {
        const XorData d;
        const Trial t = runTrial(xorNet(), d.split.train, d.split.test, sgd(), 1e-6, 8, 300, nullptr);
        QVERIFY(!t.diverged);
        QVERIFY2(t.testAccuracy < 0.8, qPrintable(QString::number(t.testAccuracy)));
        QVERIFY(t.testLoss > 0.5);  // still near log 2 = 0.69, where an untrained sigmoid output starts
    }

    void sameSeedSameResultBitForBit() {
        const XorData d;
        const Trial a = runTrial(xorNet(), d.split.train, d.split.test, sgd(), 0.1, 5, 50, nullptr);
        const Trial b = runTrial(xorNet(), d.split.train, d.split.test, sgd(), 0.1, 5, 50, nullptr);
        // bit for bit, not QCOMPARE (fuzzy for doubles)
        QVERIFY(std::memcmp(&a.testLoss, &b.testLoss, sizeof(Scalar)) == 0);
        QVERIFY(std::memcmp(&a.trainLoss, &b.trainLoss, sizeof(Scalar)) == 0);
    }

    void hugeLearningRateDivergesWithoutThrowing() {
        const XorData d;
        NetworkSpec n = xorNet();
        n.layers.back().activation = Activation::Identity;
        n.loss = Loss::MSE;
        TrainSettings s = sgd();
        s.mode = UpdateMode::FullBatch;
        Trial t;
        try {
            t = runTrial(n, d.split.train, d.split.test, s, 1e6, 4, 500, nullptr);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        QVERIFY(t.diverged);
        QVERIFY(t.epochs < 500);  // it stops at the first non-finite loss
        // The float pass overflowed; the losses reported (evaluated in double) are infinite or astronomically large.
        QVERIFY(!std::isfinite(t.trainLoss) || !std::isfinite(t.testLoss) || t.trainLoss > 1e30);
    }

    void cancelStopsBetweenEpochs() {
        const XorData d;
        std::atomic<bool> cancel{true};
        const Trial t = runTrial(xorNet(), d.split.train, d.split.test, sgd(), 0.1, 4, 1000, &cancel);
        QCOMPARE(t.epochs, 0LL);
        QVERIFY(!t.diverged);
        cancel = false;
        QCOMPARE(runTrial(xorNet(), d.split.train, d.split.test, sgd(), 0.1, 4, 3, &cancel).epochs, 3LL);
    }

    void invalidInputThrows() {
        SearchSpace s;
        s.widths = {4};
        QVERIFY(throwsInvalid([&] { planTrials(s); }));  // no learning rates
        s.learningRates = {0.1, -0.1};
        QVERIFY(throwsInvalid([&] { planTrials(s); }));
        s.learningRates = {0.1, std::nan("")};
        QVERIFY(throwsInvalid([&] { planTrials(s); }));
        s.learningRates = {0.1};
        s.widths = {};
        QVERIFY(throwsInvalid([&] { planTrials(s); }));
        s.widths = {0};
        QVERIFY(throwsInvalid([&] { planTrials(s); }));
        s.widths = {1025};
        QVERIFY(throwsInvalid([&] { planTrials(s); }));
        s.learningRates.assign(40, 0.1);
        s.widths.assign(40, 4);  // 1600 trials
        QVERIFY(throwsInvalid([&] { planTrials(s); }));

        SearchSpace r;
        r.kind = SearchKind::Random;
        r.trials = 1001;
        QVERIFY(throwsInvalid([&] { planTrials(r); }));
        r.trials = 0;
        QVERIFY(throwsInvalid([&] { planTrials(r); }));
        r.trials = 5;
        r.lrMin = 0;
        QVERIFY(throwsInvalid([&] { planTrials(r); }));
        r.lrMin = 1;
        r.lrMax = 0.1;
        QVERIFY(throwsInvalid([&] { planTrials(r); }));
        r.lrMin = 0.01;
        r.widthMin = 10;
        r.widthMax = 2;
        QVERIFY(throwsInvalid([&] { planTrials(r); }));

        const XorData d;
        QVERIFY(throwsInvalid([&] { runTrial(xorNet(), d.split.train, d.split.test, sgd(), 0.1, 4, 0, nullptr); }));
        QVERIFY(
            throwsInvalid([&] { runTrial(xorNet(), d.split.train, d.split.test, sgd(), 0.1, 4, 100001, nullptr); }));
        QVERIFY(throwsInvalid([&] { runTrial(xorNet(), d.split.train, d.split.test, sgd(), 0.0, 4, 10, nullptr); }));
        QVERIFY(throwsInvalid([&] { runTrial(xorNet(), d.split.train, d.split.test, sgd(), 0.1, 0, 10, nullptr); }));
        NetworkSpec noHidden = xorNet();
        noHidden.layers = {{1, Activation::Sigmoid}};
        QVERIFY(throwsInvalid([&] { withHiddenWidth(noHidden, 4); }));
    }
};

QTEST_GUILESS_MAIN(TstHyperSearch)
#include "tst_hyper_search.moc"
