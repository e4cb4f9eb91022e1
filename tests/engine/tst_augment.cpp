// Augmentation of picture batches (engine/augment.h): nothing changes when nothing is asked; a mirror is exact; noise
// has the asked size; every transform keeps the picture's size and is drawn from the seed (the same seed, the same
// run); the trainer augments pictures only, and a run with augmentation still learns.
#include "engine/augment.h"
#include "engine/dataset.h"
#include "engine/metrics.h"
#include "engine/network.h"
#include "engine/trainer.h"
#include <QtTest>
#include <cmath>

using namespace engine;

namespace {
// Two 8 x 8 pictures: a bar in the left half, a blob low right (not symmetric, so a mirror shows).
Matrix pictures() {
    Matrix X = Matrix::Zero(64, 2);
    for (int y = 1; y < 7; ++y) X(y * 8 + 2, 0) = 1;
    for (int y = 5; y < 8; ++y)
        for (int x = 5; x < 8; ++x) X(y * 8 + x, 1) = 0.5 + 0.05 * x;
    return X;
}

Matrix mirrored(const Matrix& X) {
    Matrix M(X.rows(), X.cols());
    for (Index n = 0; n < X.cols(); ++n)
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) M(y * 8 + x, n) = X(y * 8 + (7 - x), n);
    return M;
}

// Seeded stripes: class 0 vertical, class 1 horizontal, at random places, 8 x 8.
Dataset stripes(int count) {
    Rng rng(5);
    Dataset d;
    d.X = Matrix::Zero(64, count);
    d.labels.resize(std::size_t(count));
    d.numClasses = 2;
    for (int n = 0; n < count; ++n) {
        const int label = n % 2, at = 1 + int(rng.index(6));
        d.labels[std::size_t(n)] = label;
        for (int i = 1; i < 7; ++i) d.X(label ? at * 8 + i : i * 8 + at, n) = 1;
    }
    return d;
}
}  // namespace

class TstAugment : public QObject {
    Q_OBJECT
private slots:
    void nothingAskedChangesNothing() {
        Matrix X = pictures();
        const Matrix before = X;
        Rng rng(1);
        augmentImages(X, Shape{1, 8, 8}, AugmentSettings{}, rng);
        QVERIFY(X == before);
    }

    void aMirrorIsExactAndHappensAboutHalfTheTime() {
        AugmentSettings a;
        a.flip = true;
        const Matrix X0 = pictures(), M = mirrored(X0);
        Rng rng(3);
        int flipped = 0;
        for (int t = 0; t < 200; ++t) {
            Matrix X = X0;
            augmentImages(X, Shape{1, 8, 8}, a, rng);
            for (Index n = 0; n < X.cols(); ++n) {
                const bool same = (X.col(n) - X0.col(n)).cwiseAbs().maxCoeff() < 1e-12;
                const bool mirror = (X.col(n) - M.col(n)).cwiseAbs().maxCoeff() < 1e-12;
                QVERIFY2(same || mirror, "a flip-only augmentation gave neither the picture nor its mirror");
                flipped += mirror;
            }
        }
        QVERIFY2(flipped > 150 && flipped < 250, qPrintable(QString::number(flipped)));  // of 400, binomial(400, 1/2)
    }

    void noiseHasTheAskedSize() {
        AugmentSettings a;
        a.noise = 0.1;
        Matrix X = Matrix::Zero(64, 500);
        Rng rng(4);
        augmentImages(X, Shape{1, 8, 8}, a, rng);
        const double mean = X.mean(), sd = std::sqrt((X.array() - mean).square().mean());
        QVERIFY(std::abs(mean) < 0.005);
        QVERIFY2(std::abs(sd - 0.1) < 0.005, qPrintable(QString::number(sd)));
    }

    void aSmallShiftMovesInkWithoutLosingMuchOfIt() {
        AugmentSettings a;
        a.shiftPixels = 1;
        a.rotateDegrees = 10;
        a.zoom = 0.1;
        Rng rng(6);
        for (int t = 0; t < 50; ++t) {
            Matrix X = pictures();
            augmentImages(X, Shape{1, 8, 8}, a, rng);
            QCOMPARE(X.rows(), 64);
            QVERIFY(X.allFinite());
            const double ink = X.col(0).sum();  // the bar: 6 units of ink, centred enough to stay inside
            QVERIFY2(ink > 6 * 0.7 && ink < 6 * 1.3, qPrintable(QString::number(ink)));
        }
    }

    // A whole-pixel shift moves every value exactly (dx to the right, dy down) and brings in 0 at the edge it leaves.
    void aWholePixelShiftIsExact() {
        const Matrix X = pictures();
        const Shape shape{1, 8, 8};
        for (const auto& [dx, dy] : {std::pair{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {2, -1}}) {
            const Matrix S = shiftedImages(X, shape, dx, dy);
            for (Index n = 0; n < X.cols(); ++n)
                for (int y = 0; y < 8; ++y)
                    for (int x = 0; x < 8; ++x) {
                        const int sx = x - dx, sy = y - dy;
                        const double want = sx >= 0 && sx < 8 && sy >= 0 && sy < 8 ? X(sy * 8 + sx, n) : 0.0;
                        QCOMPARE(S(y * 8 + x, n), want);
                    }
        }
        QCOMPARE(shiftedImages(X, shape, 0, 0), X);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, shiftedImages(X, Shape{1, 4, 4}, 1, 0));
    }

    // Shift tolerance: a network that reads one pixel is right on the unmoved pictures and wrong on every shifted one;
    // a network that sums the whole picture is right on all of them, as long as the ink stays inside.
    void shiftedAccuracyAveragesTheFourDirections() {
        NetworkSpec spec;
        spec.inputs = 64;
        spec.layers = {LayerSpec::dense(2, Activation::Softmax)};
        spec.loss = Loss::SoftmaxCrossEntropy;
        Network net(spec);
        Dataset d;  // one picture per class: a dot at (3, 3) is class 1, an empty picture class 0
        d.X = Matrix::Zero(64, 2);
        d.X(3 * 8 + 3, 0) = 1;
        d.labels = {1, 0};
        d.numClasses = 2;
        // Output 1 reads pixel (3, 3) only; output 0 is a constant 0.5.
        net.params().setZero();
        Network::MatrixMap W = net.W(0);
        W(1, 3 * 8 + 3) = 1;
        net.b(0)(0) = 0.5;
        QCOMPARE(accuracy(predictedClasses(net.predict(d.X)), d.labels), 1.0);
        // Moved one pixel any way, the dot leaves (3, 3): class 0 for both, one of two right each time.
        QCOMPARE(shiftedAccuracy(net, d.X, d.labels, Shape{1, 8, 8}, Standardizer{}, 0.5), 0.5);
        // Every pixel read alike: the moved dot is still seen.
        W.row(1).setOnes();
        QCOMPARE(shiftedAccuracy(net, d.X, d.labels, Shape{1, 8, 8}, Standardizer{}, 0.5), 1.0);
        QVERIFY(std::isnan(shiftedAccuracy(net, Matrix(64, 0), {}, Shape{1, 8, 8}, Standardizer{}, 0.5)));
    }

    void theSameSeedGivesTheSameImages() {
        AugmentSettings a;
        a.rotateDegrees = 15;
        a.noise = 0.05;
        Matrix X = pictures(), Y = pictures();
        Rng r1(9), r2(9);
        augmentImages(X, Shape{1, 8, 8}, a, r1);
        augmentImages(Y, Shape{1, 8, 8}, a, r2);
        QVERIFY(X == Y);
        Eigen::MatrixXf F = pictures().cast<float>();
        Rng r3(9);
        augmentImages(F, Shape{1, 8, 8}, a, r3);
        QVERIFY((F.cast<double>() - X).cwiseAbs().maxCoeff() < 1e-5);  // float and double draw alike
    }

    void amountsAreChecked() {
        AugmentSettings a;
        QVERIFY(a.validate().empty());
        a.zoom = 1;
        QVERIFY(!a.validate().empty());
        a.zoom = 0;
        a.rotateDegrees = -1;
        QVERIFY(!a.validate().empty());
        a.rotateDegrees = std::nan("");
        QVERIFY(!a.validate().empty());
    }

    void picturesAreRecognised() {
        NetworkSpec dense{64, {{10, Activation::Softmax}}, Loss::SoftmaxCrossEntropy};
        QVERIFY(pictureShape(dense, 64, true) == (Shape{1, 8, 8}));
        QVERIFY(!pictureShape(dense, 64, false));  // a regression over 64 values: not pictures
        QVERIFY(!pictureShape(dense, 2, true));    // points of the plane
        QVERIFY(!pictureShape(dense, 4, true));    // iris' four measurements
        NetworkSpec conv{12, {LayerSpec::conv(2, 3, Activation::ReLU, 1, 1), {2, Activation::Softmax}},
                         Loss::SoftmaxCrossEntropy, 3, 4};
        QVERIFY(pictureShape(conv, 12, false) == (Shape{1, 3, 4}));
    }

    void theTrainerAugmentsSeededAndStillLearns() {
        const Dataset d = stripes(200);
        TrainSettings s;
        s.features.clear();
        s.optimizer.kind = OptimizerKind::Adam;
        s.optimizer.learningRate = 0.01;
        s.batchSize = 20;
        const NetworkSpec net{64, {{16, Activation::ReLU}, {2, Activation::Softmax}}, Loss::SoftmaxCrossEntropy};
        Trainer plain(net, d, Dataset{}, s);
        s.augment.shiftPixels = 1;
        s.augment.noise = 0.05;
        Trainer a(net, d, Dataset{}, s), b(net, d, Dataset{}, s);
        plain.runEpochs(3);
        a.runEpochs(3);
        b.runEpochs(3);
        QVERIFY(a.network().params() == b.network().params());       // seeded: the same run
        QVERIFY(!(a.network().params() == plain.network().params()));  // and the augmentation did something
        const StepResult r = a.runEpochs(30);
        QVERIFY2(r.train.accuracy > 0.95, qPrintable(QString::number(r.train.accuracy)));
        // Points of the plane are never augmented: the same run as without.
        GeneratorParams g;
        g.kind = Generator::Xor;
        const Dataset pts = generate(g);
        TrainSettings ps;
        Trainer p1({2, {{4, Activation::Tanh}, {1, Activation::Sigmoid}}, Loss::BinaryCrossEntropy}, pts, Dataset{}, ps);
        ps.augment.noise = 0.5;
        Trainer p2({2, {{4, Activation::Tanh}, {1, Activation::Sigmoid}}, Loss::BinaryCrossEntropy}, pts, Dataset{}, ps);
        p1.runEpochs(5);
        p2.runEpochs(5);
        QVERIFY(p1.network().params() == p2.network().params());
    }
};

QTEST_GUILESS_MAIN(TstAugment)
#include "tst_augment.moc"
