// Data sets: the generators' determinism, counts, ranges and class geometry; split, features, standardisation and
// target matrices; the bundled CSV loaders and their error messages.
#include "engine/dataset.h"
#include "nnlab_test_paths.h"
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numbers>
#include <set>

using namespace engine;

Q_DECLARE_METATYPE(engine::Generator)

namespace {

GeneratorParams params(Generator g, int samples, double noise, std::uint64_t seed = 1, int classes = 2) {
    GeneratorParams p;
    p.kind = g;
    p.samples = samples;
    p.noise = noise;
    p.seed = seed;
    p.classes = classes;
    return p;
}

bool sameBits(const Matrix& a, const Matrix& b) {
    // An empty matrix has no data pointer, and memcmp must not be given a null one.
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           (a.size() == 0 || std::memcmp(a.data(), b.data(), sizeof(Scalar) * std::size_t(a.size())) == 0);
}

std::vector<int> classCounts(const Dataset& d) {
    std::vector<int> c(std::size_t(d.numClasses), 0);
    for (int l : d.labels) ++c[std::size_t(l)];
    return c;
}

// Runs f, which must throw E; returns the message (empty, after a test failure, if it did not throw).
template <typename E, typename F> std::string thrownMessage(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TstDataset : public QObject {
    Q_OBJECT

private slots:
    void determinism_data();
    void determinism();
    void countsAndRanges_data();
    void countsAndRanges();
    void emptyAndAbsurd();
    void xorGeometry();
    void circleGeometry();
    void gaussiansCentres();
    void spiralClasses_data();
    void spiralClasses();
    void moonsGeometry();
    void checkerboardGeometry();
    void regressionTargets();
    void names();
    void split();
    void features();
    void standardizer();
    void targetMatrices();
    void editing();
    void validateCatches();
    void loadDigits();
    void loadIris();
    void malformedCsv_data();
    void malformedCsv();
    void missingFile();
};

void TstDataset::determinism_data() {
    QTest::addColumn<Generator>("kind");
    for (Generator g : allGenerators()) QTest::newRow(generatorName(g).c_str()) << g;
}

void TstDataset::determinism() {
    QFETCH(Generator, kind);
    const int K = supportsClasses(kind) ? 3 : 2;
    const Dataset a = generate(params(kind, 150, 0.3, 42, K));
    const Dataset b = generate(params(kind, 150, 0.3, 42, K));
    QVERIFY(sameBits(a.X, b.X));
    QVERIFY(a.labels == b.labels);
    QVERIFY(sameBits(a.targets, b.targets));
    const Dataset c = generate(params(kind, 150, 0.3, 43, K));
    QVERIFY(!sameBits(a.X, c.X));
}

void TstDataset::countsAndRanges_data() {
    QTest::addColumn<Generator>("kind");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("classes");
    for (Generator g : allGenerators())
        for (int n : {1, 7, 500})
            for (int k : supportsClasses(g) ? std::vector<int>{2, 5, kMaxGeneratedClasses} : std::vector<int>{2}) {
                const std::string name = generatorName(g) + " n=" + std::to_string(n) + " K=" + std::to_string(k);
                QTest::newRow(name.c_str()) << g << n << k;
            }
}

void TstDataset::countsAndRanges() {
    QFETCH(Generator, kind);
    QFETCH(int, samples);
    QFETCH(int, classes);
    for (double noise : {0.0, 1.0}) {  // noise 1 pushes points furthest out
        const Dataset d = generate(params(kind, samples, noise, 7, classes));
        QCOMPARE(d.size(), Index(samples));
        QCOMPARE(d.inputDim(), Index(2));
        QCOMPARE(d.validate(), std::string());
        QVERIFY(d.inputNames == (std::vector<std::string>{"x1", "x2"}));
        QVERIFY(d.X.cwiseAbs().maxCoeff() <= 6.0);
        if (isRegression(kind)) {
            QCOMPARE(d.task, Task::Regression);
            QCOMPARE(d.targets.rows(), Index(1));
            QCOMPARE(d.targets.cols(), Index(samples));
        } else {
            QCOMPARE(d.task, Task::Classification);
            QCOMPARE(d.numClasses, classes);
            QCOMPARE(int(d.classNames.size()), classes);
            QCOMPARE(d.labels.size(), std::size_t(samples));
            for (int l : d.labels) QVERIFY(l >= 0 && l < classes);
        }
    }
}

void TstDataset::emptyAndAbsurd() {
    for (int n : {0, -5}) {
        const Dataset d = generate(params(Generator::Spiral, n, 0.5));
        QVERIFY(d.empty());
        QCOMPARE(d.inputDim(), Index(2));
        QCOMPARE(d.validate(), std::string());
        const Dataset r = generate(params(Generator::RegressionSine, n, 0.5));
        QVERIFY(r.empty());
        QCOMPARE(r.validate(), std::string());
    }
    const std::string msg = thrownMessage<std::invalid_argument>(
        [] { generate(params(Generator::Xor, 10'000'001, 0)); });
    QVERIFY2(msg.find("10000001") != std::string::npos, msg.c_str());
    QVERIFY(!thrownMessage<std::invalid_argument>([] { generate(params(Generator::Xor, 10, 1.5)); }).empty());
    QVERIFY(!thrownMessage<std::invalid_argument>([] { generate(params(Generator::Xor, 10, std::nan(""))); }).empty());
    QVERIFY(!thrownMessage<std::invalid_argument>([] { generate(params(Generator::Spiral, 10, 0, 1, 1)); }).empty());
    QVERIFY(!thrownMessage<std::invalid_argument>([] {
                 generate(params(Generator::Gaussians, 10, 0, 1, kMaxGeneratedClasses + 1));
             }).empty());
    // Generators with a fixed class count ignore `classes`.
    QCOMPARE(generate(params(Generator::Xor, 10, 0, 1, 5)).numClasses, 2);
}

void TstDataset::xorGeometry() {
    const Dataset d = generate(params(Generator::Xor, 1000, 0.0, 3));
    const auto counts = classCounts(d);
    QVERIFY(counts[0] > 400 && counts[1] > 400);
    for (Index j = 0; j < d.size(); ++j) {
        const double x1 = d.X(0, j), x2 = d.X(1, j);
        QVERIFY(std::abs(x1) >= 0.3 && std::abs(x2) >= 0.3);  // Playground's gap along the axes
        QCOMPARE(d.labels[std::size_t(j)], x1 * x2 > 0 ? 1 : 0);
    }
    // Noise moves labels, not points: some labels now disagree with the quadrant, but only a minority.
    const Dataset n = generate(params(Generator::Xor, 1000, 1.0, 3));
    int wrong = 0;
    for (Index j = 0; j < n.size(); ++j) wrong += n.labels[std::size_t(j)] != (n.X(0, j) * n.X(1, j) > 0 ? 1 : 0);
    QVERIFY2(wrong > 20 && wrong < 400, std::to_string(wrong).c_str());
}

void TstDataset::circleGeometry() {
    const Dataset d = generate(params(Generator::Circle, 1001, 0.0, 5));
    const auto counts = classCounts(d);
    QCOMPARE(counts[0], 500);
    QCOMPARE(counts[1], 501);
    for (Index j = 0; j < d.size(); ++j) {
        const double r = std::hypot(d.X(0, j), d.X(1, j));
        if (d.labels[std::size_t(j)] == 1) QVERIFY(r <= 2.5);  // the disc
        else QVERIFY(r >= 3.5 - 1e-12 && r <= 5.0 + 1e-12);    // the ring
    }
}

void TstDataset::gaussiansCentres() {
    // Two classes: Playground's blobs, class 1 at (2, 2) and class 0 at (-2, -2).
    const Dataset d = generate(params(Generator::Gaussians, 4000, 0.0, 11));
    Eigen::Vector2d mean[2] = {Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero()};
    const auto counts = classCounts(d);
    for (Index j = 0; j < d.size(); ++j) mean[d.labels[std::size_t(j)]] += d.X.col(j);
    for (int k = 0; k < 2; ++k) mean[k] /= counts[std::size_t(k)];
    QVERIFY((mean[1] - Eigen::Vector2d(2, 2)).norm() < 0.1);
    QVERIFY((mean[0] - Eigen::Vector2d(-2, -2)).norm() < 0.1);
    // Five classes: the class means lie on a circle, 72 degrees apart, each nearest its own centre.
    const Dataset f = generate(params(Generator::Gaussians, 5000, 0.0, 11, 5));
    std::vector<Eigen::Vector2d> m(5, Eigen::Vector2d::Zero());
    for (Index j = 0; j < f.size(); ++j) m[std::size_t(f.labels[std::size_t(j)])] += f.X.col(j);
    for (int k = 0; k < 5; ++k) {
        m[std::size_t(k)] /= classCounts(f)[std::size_t(k)];
        const double phi = 1.25 * std::numbers::pi + 2 * std::numbers::pi * k / 5;
        QVERIFY((m[std::size_t(k)] - 3.5 * Eigen::Vector2d(std::cos(phi), std::sin(phi))).norm() < 0.15);
    }
}

void TstDataset::spiralClasses_data() {
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("samples");
    QTest::newRow("2 arms") << 2 << 200;
    QTest::newRow("3 arms") << 3 << 301;
    QTest::newRow("5 arms") << 5 << 502;
}

void TstDataset::spiralClasses() {
    QFETCH(int, classes);
    QFETCH(int, samples);
    const Dataset d = generate(params(Generator::Spiral, samples, 0.0, 9, classes));
    const auto counts = classCounts(d);
    for (int c : counts) QVERIFY(c == samples / classes || c == samples / classes + 1);
    // Noise free, every point sits on its arm: r = 5 i / m and angle t = 1.75 (2 pi) i / m + pi + 2 pi k / K, so
    // (x, y) = r (sin t, cos t) gives back t; check it against r.
    for (Index j = 0; j < d.size(); ++j) {
        const int k = d.labels[std::size_t(j)];
        const double x = d.X(0, j), y = d.X(1, j), r = std::hypot(x, y);
        if (r < 1e-9) continue;
        const double t = 1.75 * 2 * std::numbers::pi * r / 5 + std::numbers::pi + 2 * std::numbers::pi * k / classes;
        QVERIFY(std::abs(x - r * std::sin(t)) < 1e-9 && std::abs(y - r * std::cos(t)) < 1e-9);
    }
}

void TstDataset::moonsGeometry() {
    // Noise free, undo the placement (centre (1/2, 1/4), scale 3.5) and check sklearn's half circles.
    const Dataset d = generate(params(Generator::Moons, 400, 0.0, 2));
    const auto counts = classCounts(d);
    QCOMPARE(counts[0], 200);
    QCOMPARE(counts[1], 200);
    for (Index j = 0; j < d.size(); ++j) {
        const double u = d.X(0, j) / 3.5 + 0.5, v = d.X(1, j) / 3.5 + 0.25;
        if (d.labels[std::size_t(j)] == 0) {
            QVERIFY(std::abs(std::hypot(u, v) - 1) < 1e-12 && v >= -1e-12);  // upper half of the unit circle
        } else {
            QVERIFY(std::abs(std::hypot(u - 1, v - 0.5) - 1) < 1e-12 && v <= 0.5 + 1e-12);  // lower, moved (1, 1/2)
        }
    }
}

void TstDataset::checkerboardGeometry() {
    const Dataset d = generate(params(Generator::Checkerboard, 2000, 0.0, 4));
    std::set<std::pair<int, int>> cells;
    for (Index j = 0; j < d.size(); ++j) {
        const int i = int(std::floor((d.X(0, j) + 6) / 3)), k = int(std::floor((d.X(1, j) + 6) / 3));
        cells.insert({i, k});
        QCOMPARE(d.labels[std::size_t(j)], (i + k) % 2 == 0 ? 1 : 0);
    }
    QCOMPARE(int(cells.size()), 16);
}

void TstDataset::regressionTargets() {
    const Dataset plane = generate(params(Generator::RegressionPlane, 300, 0.0, 8));
    for (Index j = 0; j < plane.size(); ++j) QCOMPARE(plane.targets(0, j), (plane.X(0, j) + plane.X(1, j)) / 12);
    QVERIFY(plane.targets.cwiseAbs().maxCoeff() <= 1.0);

    const Dataset bumps = generate(params(Generator::RegressionGaussians, 2000, 0.0, 8));
    QVERIFY(bumps.targets.cwiseAbs().maxCoeff() <= 1.0);
    QVERIFY(bumps.targets.maxCoeff() > 0.8 && bumps.targets.minCoeff() < -0.8);
    for (Index j = 0; j < bumps.size(); ++j)
        if (std::hypot(bumps.X(0, j) - 4, bumps.X(1, j) - 2.5) < 0.5) QVERIFY(bumps.targets(0, j) > 0.74);

    const Dataset sine = generate(params(Generator::RegressionSine, 300, 0.0, 8));
    QVERIFY(sine.X.row(1).isZero(0));
    for (Index j = 0; j < sine.size(); ++j) QCOMPARE(sine.targets(0, j), std::sin(sine.X(0, j)));
    const Dataset noisy = generate(params(Generator::RegressionSine, 2000, 1.0, 8));
    RowVector residual = noisy.targets.row(0).array() - noisy.X.row(0).array().sin();
    const double sd = std::sqrt(residual.array().square().mean());
    QVERIFY2(sd > 0.27 && sd < 0.33, std::to_string(sd).c_str());  // N(0, 0.3^2) at noise 1
}

void TstDataset::names() {
    std::set<std::string> seen;
    for (Generator g : allGenerators()) {
        QVERIFY(seen.insert(generatorName(g)).second);
        QCOMPARE(generatorFromName(generatorName(g)), std::optional<Generator>(g));
    }
    QCOMPARE(seen.size(), std::size_t(9));
    QCOMPARE(generatorFromName("XOR"), std::optional<Generator>(Generator::Xor));
    QVERIFY(!generatorFromName("nope").has_value());
    QVERIFY(supportsClasses(Generator::Spiral) && supportsClasses(Generator::Gaussians));
    QVERIFY(!supportsClasses(Generator::Moons));
    QVERIFY(isRegression(Generator::RegressionSine) && !isRegression(Generator::Checkerboard));

    for (Feature f : allFeatures()) {
        QCOMPARE(featureFromName(featureName(f)), std::optional<Feature>(f));
        QCOMPARE(featureFromName(featureLabel(f)), std::optional<Feature>(f));
    }
    QCOMPARE(featureName(Feature::X1X2), std::string("x1*x2"));
    QCOMPARE(featureLabel(Feature::X1Squared), std::string("x\u2081\u00b2"));
    QCOMPARE(featureLabel(Feature::Angle), std::string("\u03b8"));
    QVERIFY(!featureFromName("x3").has_value());
}

void TstDataset::split() {
    // X(0, j) = j identifies each sample after the shuffle.
    Dataset d;
    d.X.resize(2, 101);
    for (Index j = 0; j < 101; ++j) {
        d.X(0, j) = double(j);
        d.X(1, j) = 0;
        d.labels.push_back(int(j % 2));
    }
    const Split s = splitDataset(d, 0.7, 5);
    QCOMPARE(s.train.size(), Index(71));  // round(0.7 * 101) = round(70.7)
    QCOMPARE(s.test.size(), Index(30));
    std::set<int> ids;
    for (const Dataset* part : {&s.train, &s.test})
        for (Index j = 0; j < part->size(); ++j) {
            const int id = int(part->X(0, j));
            QVERIFY(ids.insert(id).second);  // disjoint
            QCOMPARE(part->labels[std::size_t(j)], id % 2);
        }
    QCOMPARE(ids.size(), std::size_t(101));  // and together the whole set
    // Shuffled, not the first 71 in order; the same seed gives the same split, another seed another.
    bool inOrder = true;
    for (Index j = 0; j < s.train.size(); ++j) inOrder = inOrder && s.train.X(0, j) == double(j);
    QVERIFY(!inOrder);
    QVERIFY(sameBits(splitDataset(d, 0.7, 5).train.X, s.train.X));
    QVERIFY(!sameBits(splitDataset(d, 0.7, 6).train.X, s.train.X));

    QCOMPARE(splitDataset(d, 0.0, 1).train.size(), Index(0));
    QCOMPARE(splitDataset(d, 1.0, 1).test.size(), Index(0));
    QCOMPARE(splitDataset(d, 0.5, 1).train.size(), Index(51));  // round(50.5) = 51, half away from zero
    QVERIFY(!thrownMessage<std::invalid_argument>([&] { splitDataset(d, 1.2, 1); }).empty());

    const Dataset r = generate(params(Generator::RegressionPlane, 10, 0, 1));
    const Split rs = splitDataset(r, 0.5, 1);
    QCOMPARE(rs.train.targets.cols(), Index(5));
    QCOMPARE(rs.train.validate(), std::string());
}

void TstDataset::features() {
    Matrix X(2, 2);
    X << 3, -1, 4, 0;
    const Matrix F = computeFeatures(X, allFeatures());
    QCOMPARE(F.rows(), Index(9));
    const double expected[9] = {3, 4, 9, 16, 12, std::sin(3.0), std::sin(4.0), 5, std::atan2(4.0, 3.0)};
    for (int i = 0; i < 9; ++i) QCOMPARE(F(i, 0), expected[i]);
    QCOMPARE(F(7, 1), 1.0);                                               // r of (-1, 0)
    QCOMPARE(F(8, 1), std::numbers::pi);                                  // theta of (-1, 0): atan2(0, -1) = pi
    const Matrix G = computeFeatures(X, {Feature::Radius, Feature::X1});  // any subset, in the order asked
    QCOMPARE(G(0, 0), 5.0);
    QCOMPARE(G(1, 0), 3.0);
    QVERIFY(!thrownMessage<std::invalid_argument>([] { computeFeatures(Matrix::Zero(3, 4), allFeatures()); }).empty());
}

void TstDataset::standardizer() {
    Matrix X(3, 4);
    X << 1, 2, 3, 4, 10, 10, 10, 10,  // constant: std 0 is taken as 1
        -2, 0, 0, 6;
    Standardizer s;
    QVERIFY(s.empty());
    QVERIFY(sameBits(s.apply(X), X));  // unfitted: the identity
    s.fit(X);
    QCOMPARE(s.mean(0), 2.5);
    QCOMPARE(s.stddev(0), std::sqrt(1.25));  // population std: sum (x - 2.5)^2 / 4 = 5 / 4
    QCOMPARE(s.stddev(1), 1.0);
    const Matrix Z = s.apply(X);
    for (Index i : {0, 2}) {
        QVERIFY(std::abs(Z.row(i).mean()) < 1e-12);
        QVERIFY(std::abs(std::sqrt(Z.row(i).array().square().mean()) - 1) < 1e-12);
    }
    QVERIFY(Z.row(1).isZero(0));
    QCOMPARE(s.apply(Matrix::Constant(3, 1, 2.5))(0, 0), 0.0);  // other data uses the fitted mean and std
    QVERIFY(!thrownMessage<std::invalid_argument>([&] { s.apply(Matrix::Zero(2, 3)); }).empty());
}

void TstDataset::targetMatrices() {
    Dataset d;
    d.X = Matrix::Zero(2, 3);
    d.labels = {0, 1, 1};
    Matrix Y = targetMatrix(d, 1);
    QCOMPARE(Y, (Matrix(1, 3) << 0, 1, 1).finished());
    QCOMPARE(targetMatrix(d, 1, true), (Matrix(1, 3) << -1, 1, 1).finished());
    QCOMPARE(targetMatrix(d, 2), (Matrix(2, 3) << 1, 0, 0, 0, 1, 1).finished());

    d.numClasses = 3;
    d.labels = {2, 0, 1};
    QCOMPARE(targetMatrix(d, 3), (Matrix(3, 3) << 0, 1, 0, 0, 0, 1, 1, 0, 0).finished());
    QCOMPARE(targetMatrix(d, 3, true), (Matrix(3, 3) << -1, 1, -1, -1, -1, 1, 1, -1, -1).finished());
    QVERIFY(!thrownMessage<std::invalid_argument>([&] { targetMatrix(d, 1); }).empty());
    QVERIFY(!thrownMessage<std::invalid_argument>([&] { targetMatrix(d, 4); }).empty());

    const Dataset r = generate(params(Generator::RegressionSine, 5, 0, 1));
    QVERIFY(sameBits(targetMatrix(r, 1), r.targets));
    QVERIFY(!thrownMessage<std::invalid_argument>([&] { targetMatrix(r, 2); }).empty());
}

void TstDataset::editing() {
    Dataset d = generate(params(Generator::Xor, 4, 0, 1));
    const Dataset original = d;
    d.addPoint(Eigen::Vector2d(1.5, -2.5), 1);
    QCOMPARE(d.size(), Index(5));
    QCOMPARE(d.X(1, 4), -2.5);
    QCOMPARE(d.labels.back(), 1);
    QVERIFY(!thrownMessage<std::invalid_argument>([&] { d.addPoint(Eigen::Vector2d(0, 0), 2); }).empty());
    QVERIFY(!thrownMessage<std::invalid_argument>([&] { d.addPoint(Eigen::Vector3d(0, 0, 0), 0); }).empty());
    d.removePoint(1);
    QCOMPARE(d.size(), Index(4));
    QCOMPARE(d.X.col(1), original.X.col(2));  // later samples moved up
    QCOMPARE(d.labels[1], original.labels[2]);
    QVERIFY(!thrownMessage<std::out_of_range>([&] { d.removePoint(4); }).empty());

    const Dataset sub = original.subset({3, 0});
    QCOMPARE(sub.X.col(0), original.X.col(3));
    QCOMPARE(sub.labels[1], original.labels[0]);
    QVERIFY(!thrownMessage<std::out_of_range>([&] { original.subset({7}); }).empty());

    Dataset r = generate(params(Generator::RegressionPlane, 0, 0, 1));
    r.addPoint(Eigen::Vector2d(1, 2), 0, 0.25);
    r.addPoint(Eigen::Vector2d(3, 4), 0, -0.5);
    r.removePoint(0);
    QCOMPARE(r.targets.cols(), Index(1));
    QCOMPARE(r.targets(0, 0), -0.5);
    QCOMPARE(r.validate(), std::string());
}

void TstDataset::validateCatches() {
    Dataset d = generate(params(Generator::Circle, 10, 0, 1));
    QCOMPARE(d.validate(), std::string());
    Dataset nan = d;
    nan.X(1, 3) = std::nan("");
    const std::string m = nan.validate();
    QVERIFY2(m.find("sample 3") != std::string::npos && m.find("NaN") != std::string::npos &&
                 m.find("x2") != std::string::npos,
             m.c_str());
    Dataset inf = d;
    inf.X(0, 7) = -INFINITY;
    QVERIFY(inf.validate().find("sample 7") != std::string::npos);
    Dataset label = d;
    label.labels[5] = 2;
    QVERIFY(label.validate().find("sample 5") != std::string::npos);
    Dataset sizes = d;
    sizes.labels.pop_back();
    QVERIFY(!sizes.validate().empty());
    Dataset r = generate(params(Generator::RegressionGaussians, 10, 0, 1));
    r.targets(0, 2) = std::nan("");
    QVERIFY(r.validate().find("sample 2") != std::string::npos);
}

void TstDataset::loadDigits() {
    const Dataset d = loadDigitsCsv(NNLAB_SOURCE_DIR "/resources/datasets/digits-8x8.csv");
    QCOMPARE(d.size(), Index(1797));
    QCOMPARE(d.inputDim(), Index(64));
    QCOMPARE(d.numClasses, 10);
    QCOMPARE(d.validate(), std::string());
    for (int c : classCounts(d)) QVERIFY(c > 150);  // every digit is there, roughly 180 each
    QCOMPARE(d.X.minCoeff(), 0.0);
    QCOMPARE(d.X.maxCoeff(), 16.0);  // raw pixels: the caller scales them
    QCOMPARE(d.classNames.front(), std::string("0"));
    QCOMPARE(d.classNames.back(), std::string("9"));
    QCOMPARE(d.inputNames.back(), std::string("p63"));
    // The first row of the file: 0,0,5,13,9,1,0,0, ... , label 0.
    QCOMPARE(d.X(2, 0), 5.0);
    QCOMPARE(d.X(3, 0), 13.0);
    QCOMPARE(d.labels[0], 0);
}

void TstDataset::loadIris() {
    const Dataset d = loadIrisCsv(NNLAB_SOURCE_DIR "/resources/datasets/iris.csv");
    QCOMPARE(d.size(), Index(150));
    QCOMPARE(d.inputDim(), Index(4));
    QCOMPARE(d.numClasses, 3);
    QCOMPARE(d.validate(), std::string());
    QVERIFY(d.classNames == (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
    QCOMPARE(d.inputNames[2], std::string("petal length"));
    QVERIFY(classCounts(d) == (std::vector<int>{50, 50, 50}));
    QCOMPARE(d.X(0, 0), 5.1);  // first row: 5.1,3.5,1.4,0.2,0
    QCOMPARE(d.X(3, 0), 0.2);
}

void TstDataset::malformedCsv_data() {
    QTest::addColumn<bool>("iris");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("expected");  // must appear in the message, after the file name
    auto digitRow = [](const QString& label, int pixels = 64, const QString& pixel = "3") {
        QStringList f;
        for (int i = 0; i < pixels; ++i) f << pixel;
        f << label;
        return f.join(',') + "\n";
    };
    QTest::newRow("digits: not a number")
        << false << digitRow("1") + digitRow("2") + digitRow("1", 64, "x7") << ":3: field 1 \"x7\" is not a number";
    QTest::newRow("digits: short row") << false << digitRow("1") + digitRow("2", 40) << ":2: expected 65 fields";
    QTest::newRow("digits: label out of range") << false << digitRow("10") << ":1: label 10 is outside 0..9";
    QTest::newRow("digits: pixel out of range") << false << digitRow("1", 64, "17") << ":1: pixel 0 is 17";
    QTest::newRow("digits: label not integer") << false << digitRow("1.5") << ":1: the label";
    QTest::newRow("digits: blank lines counted")
        << false << digitRow("1") + "\n" + digitRow("1", 63) << ":3: expected 65 fields";
    QTest::newRow("digits: empty file") << false << QString() << "no samples";
    const QString header = "3,4,a,b,c\n";
    QTest::newRow("iris: not a number") << true << header + "1,2,3,4,0\n1,2,abc,4,1\n1,2,3,4,2\n"
                                        << ":3: field 3 \"abc\" is not a number";
    QTest::newRow("iris: short row") << true << header + "1,2,3,4,0\n1,2,3,4,1\n1,2,3\n"
                                     << ":4: expected 5 fields";
    QTest::newRow("iris: class out of range") << true << header + "1,2,3,4,0\n1,2,3,4,3\n1,2,3,4,2\n"
                                              << ":3: class 3 is outside 0..2";
    QTest::newRow("iris: row count") << true << header + "1,2,3,4,0\n"
                                     << ":1: the header says 3 rows";
    QTest::newRow("iris: bad header") << true << QString("many,4,a,b\n") << ":1: the row count";
}

void TstDataset::malformedCsv() {
    QFETCH(bool, iris);
    QFETCH(QString, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("bad.csv").toStdString();
    {
        std::ofstream out(path, std::ios::binary);
        out << content.toStdString();
    }
    const std::string msg = thrownMessage<std::runtime_error>([&] { iris ? loadIrisCsv(path) : loadDigitsCsv(path); });
    QVERIFY2(msg.rfind(path, 0) == 0, msg.c_str());  // starts with the file name
    QVERIFY2(msg.find(expected.toStdString()) != std::string::npos, msg.c_str());
}

void TstDataset::missingFile() {
    const std::string path = "/nonexistent/dir/digits.csv";
    const std::string msg = thrownMessage<std::runtime_error>([&] { loadDigitsCsv(path); });
    QVERIFY2(msg.find(path) != std::string::npos && msg.find("not found") != std::string::npos, msg.c_str());
    QVERIFY(!thrownMessage<std::runtime_error>([&] { loadIrisCsv(path); }).empty());
}

QTEST_GUILESS_MAIN(TstDataset)
#include "tst_dataset.moc"
