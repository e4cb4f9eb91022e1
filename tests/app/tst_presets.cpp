// The presets as a teacher uses them (issue 13, finding 18a): take a preset, change the hidden layer, press Play at
// the default settings, and the textbook demos work. Trained here with the engine, 300 epochs at most (the speed
// slider's default of 300 updates a second makes that 10 s for 100 training points in mini-batches of 10).
#include "app/training/frame_renderer.h"
#include "app/document/presets.h"
#include "app/document/project_data.h"
#include <QtTest>

Q_DECLARE_METATYPE(std::vector<int>)

namespace {
constexpr int kEpochs = 300;

// How many of the seeds 1..seeds reach 95 % train accuracy within kEpochs, with the preset's own settings.
int seedsThatLearn(const QString& presetName, const std::vector<int>& hidden, int seeds) {
    int learned = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
        app::Project p = app::preset(presetName);
        const engine::LayerSpec out = p.network.layers.back();
        p.network.layers.clear();
        for (int h : hidden) p.network.layers.push_back({h, engine::Activation::Tanh});
        p.network.layers.push_back(out);
        p.training.seed = std::uint64_t(seed);
        QString error;
        const auto trainer = app::makeTrainer(p, &error);
        if (!trainer) qFatal("%s", qPrintable(error));
        for (int e = 0; e < kEpochs; ++e)
            if (trainer->runEpochs(1).train.accuracy >= 0.95) {
                ++learned;
                break;
            }
    }
    return learned;
}
}  // namespace

class TstPresets : public QObject {
    Q_OBJECT
private slots:
    void xorClustersLearnWithAFewNeurons_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<std::vector<int>>("hidden");
        QTest::addColumn<int>("atLeast");  // of seeds 1..5
        // Measured over seeds 1..40: 2-3-1 38/40, 2-2-1 26/40 (the rest stop in a local minimum near 0.8).
        QTest::newRow("xor-clusters 2-3-1") << "xor-clusters" << std::vector<int>{3} << 5;
        QTest::newRow("xor-clusters 2-2-1") << "xor-clusters" << std::vector<int>{2} << 3;
        QTest::newRow("xor-clusters 2-4-4-1") << "xor-clusters" << std::vector<int>{4, 4} << 5;
        QTest::newRow("xor 2-4-4-1 (the preset)") << "xor" << std::vector<int>{4, 4} << 5;
    }
    void xorClustersLearnWithAFewNeurons() {
        QFETCH(QString, preset);
        QFETCH(std::vector<int>, hidden);
        QFETCH(int, atLeast);
        const int learned = seedsThatLearn(preset, hidden, 5);
        QVERIFY2(learned >= atLeast, qPrintable(QString("%1 of 5 seeds reached 95 %").arg(learned)));
    }

    // Why the clusters preset exists: on the quadrant data two hidden neurons cannot reach 95 % whatever the seed
    // (the lesson on XOR says so, "2 neurons reach only about 0.8"): a sum of two monotone ridges bends one way only.
    void quadrantsNeedMoreThanTwoNeurons() { QCOMPARE(seedsThatLearn("xor", {2}, 5), 0); }

    // Finding 18b: the sine set (x1 alone) is drawn as a curve over x1, computed by the same network; the plane stays
    // a plane.
    void sineIsACurveAndThePlaneAPlane() {
        QString error;
        const auto sine = app::makeTrainer(app::preset("sine"), &error);
        QVERIFY2(sine, qPrintable(error));
        QVERIFY(app::isCurveData(*sine));
        app::FrameRequest req;
        req.cells = 50;
        QImage image;
        widgets::BoundaryStyle style;
        app::renderBoundary(*sine, req, image, style);
        QVERIFY(image.isNull());
        QCOMPARE(style.curve.size(), 50);
        engine::Matrix at = engine::Matrix::Zero(2, 1);
        at(0, 0) = -6 + 10.5 * 12.0 / 50;  // the centre of cell 10
        QCOMPARE(style.curve[10], sine->network().predict(sine->prepareInputs(at))(0, 0));

        const auto plane = app::makeTrainer(app::preset("plane"), &error);
        QVERIFY2(plane, qPrintable(error));
        QVERIFY(!app::isCurveData(*plane));
        app::renderBoundary(*plane, req, image, style);
        QVERIFY(!image.isNull());
        QVERIFY(style.curve.isEmpty());
    }

    void theClustersPresetIsTheTextbookXor() {
        const app::Project p = app::preset("xor-clusters");
        QCOMPARE(p.title, QString("XOR, four clusters"));
        QCOMPARE(QString::fromStdString(p.network.describe()).left(5), QString("2-3-1"));
        const engine::Dataset& d = p.data.points;
        QCOMPARE(d.size(), engine::Index(200));
        for (engine::Index j = 0; j < d.size(); ++j) {
            QVERIFY(std::abs(d.X(0, j)) >= 2.0 && std::abs(d.X(1, j)) >= 2.0);  // a gap of 4 between the clouds
            QCOMPARE(d.labels[std::size_t(j)], d.X(0, j) * d.X(1, j) > 0 ? 1 : 0);
        }
    }
};

QTEST_GUILESS_MAIN(TstPresets)
#include "tst_presets.moc"
