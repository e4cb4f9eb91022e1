// The 2-D generators of dataset.h: TF Playground's shapes, scikit-learn's moons, a checkerboard and a sine.
#include "engine/dataset.h"
#include "engine/enum_table.h"
#include "engine/rng.h"
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace engine {

// Shapes follow TF Playground's src/dataset.ts (Apache 2.0); its labels -1/+1 become classes 0/1, so
// class 1 is Playground's positive (blue) class and the signed target 2 label - 1 is Playground's label.
// Playground's noise slider runs 0..50%, passed on as 0..0.5; our noise 0..1 maps onto it: pgNoise = noise / 2.

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kRange = 6.0;  // points lie in [-kRange, kRange]^2

struct Builder {
    std::vector<double> x1, x2, y;
    std::vector<int> labels;
    void add(double a, double b, int label) {
        x1.push_back(a);
        x2.push_back(b);
        labels.push_back(label);
    }
    void addTarget(double a, double b, double t) {
        x1.push_back(a);
        x2.push_back(b);
        y.push_back(t);
    }
};

// Samples of class k when n samples are shared among K classes as evenly as possible.
int shareOf(int n, int K, int k) { return n / K + (k < n % K ? 1 : 0); }

bool inRange(double a, double b) { return std::abs(a) <= kRange && std::abs(b) <= kRange; }

void genXor(Builder& b, Rng& rng, int n, double pg) {
    // Playground's classifyXORData: |x|, |y| in [0.3, 5.3] (a 0.3 gap along the axes); the label is read at a position
    // moved by up to +-5 pgNoise, so noise flips labels near the axes and leaves the points where they are.
    constexpr double pad = 0.3;
    for (int i = 0; i < n; ++i) {
        double x = rng.uniform(-5, 5);
        x += x > 0 ? pad : -pad;
        double y = rng.uniform(-5, 5);
        y += y > 0 ? pad : -pad;
        const double nx = rng.uniform(-5, 5) * pg;
        const double ny = rng.uniform(-5, 5) * pg;
        b.add(x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0);
    }
}

void genCircle(Builder& b, Rng& rng, int n, double pg) {
    // Playground's classifyCircleData: half the points with r ~ U(0, 2.5) (the disc), half with r ~ U(3.5, 5) (the
    // ring); label = 1 if |p + noise| < 2.5, noise ~ U(-5, 5) pgNoise per axis. r is uniform, not the area: the disc is
    // denser at its centre, as in Playground.
    constexpr double radius = 5;
    for (int part = 0; part < 2; ++part) {
        const int count = shareOf(n, 2, part);
        const double rLo = part == 0 ? 0.0 : 0.7 * radius, rHi = part == 0 ? 0.5 * radius : radius;
        for (int i = 0; i < count; ++i) {
            const double r = rng.uniform(rLo, rHi);
            const double angle = rng.uniform(0, 2 * kPi);
            const double x = r * std::sin(angle), y = r * std::cos(angle);
            const double nx = rng.uniform(-radius, radius) * pg;
            const double ny = rng.uniform(-radius, radius) * pg;
            b.add(x, y, std::hypot(x + nx, y + ny) < 0.5 * radius ? 1 : 0);
        }
    }
}

void genGaussians(Builder& b, Rng& rng, int n, int K, double noise) {
    // Playground's classifyTwoGaussData: blobs at (2, 2) (positive) and (-2, -2), variance 0.5 + 3.5 noise (its scale
    // maps pgNoise 0..0.5 to variance 0.5..4). For K classes the centres sit on a circle: class k at angle
    // 5pi/4 + 2 pi k / K, radius 2 sqrt 2 for K = 2 (Playground's two centres) and 3.5 for K > 2 (room for more blobs).
    // A point falling outside [-6, 6]^2 is drawn again (a truncated normal).
    const double sd = std::sqrt(0.5 + 3.5 * noise);
    const double R = K == 2 ? 2 * std::numbers::sqrt2 : 3.5;
    for (int k = 0; k < K; ++k) {
        const double phi = 1.25 * kPi + 2 * kPi * k / K;
        const double cx = R * std::cos(phi), cy = R * std::sin(phi);
        for (int i = shareOf(n, K, k); i > 0; --i) {
            double x, y;
            do {
                x = rng.normal(cx, sd);
                y = rng.normal(cy, sd);
            } while (!inRange(x, y));
            b.add(x, y, k);
        }
    }
}

void genSpiral(Builder& b, Rng& rng, int n, int K, double pg) {
    // Playground's classifySpiralData: arm point i of m: r = 5 i / m, t = 1.75 (2 pi) i / m + delta,
    // (x, y) = (r sin t, r cos t) + U(-1, 1) pgNoise. Arm k has delta = pi + 2 pi k / K (K = 2: Playground's arms).
    for (int k = 0; k < K; ++k) {
        const int m = shareOf(n, K, k);
        const double delta = kPi + 2 * kPi * k / K;
        for (int i = 0; i < m; ++i) {
            const double r = double(i) / m * 5;
            const double t = 1.75 * i / m * 2 * kPi + delta;
            const double x = r * std::sin(t) + rng.uniform(-1, 1) * pg;
            const double y = r * std::cos(t) + rng.uniform(-1, 1) * pg;
            b.add(x, y, k);
        }
    }
}

void genMoons(Builder& b, Rng& rng, int n, double noise) {
    // scikit-learn's make_moons: class 0 on (cos t, sin t), class 1 on (1 - cos t, 1/2 - sin t), t in [0, pi], plus
    // gaussian noise. We draw t ~ U(0, pi) (sklearn spaces t evenly), use noise sd 0.3 at noise 1 (sklearn's
    // classifier-comparison example), then centre on (1/2, 1/4) and scale by 3.5: x1 in [-5.25, 5.25]. A noisy point
    // outside [-6, 6]^2 gets its noise drawn again.
    constexpr double scale = 3.5;
    const double sd = 0.3 * noise;
    for (int k = 0; k < 2; ++k) {
        for (int i = shareOf(n, 2, k); i > 0; --i) {
            const double t = rng.uniform(0, kPi);
            const double mx = k == 0 ? std::cos(t) : 1 - std::cos(t);
            const double my = k == 0 ? std::sin(t) : 0.5 - std::sin(t);
            double x, y;
            do {
                const double ex = rng.normal(0, sd);
                const double ey = rng.normal(0, sd);
                x = (mx + ex - 0.5) * scale;
                y = (my + ey - 0.25) * scale;
            } while (!inRange(x, y));
            b.add(x, y, k);
        }
    }
}

void genCheckerboard(Builder& b, Rng& rng, int n, double pg) {
    // 4 x 4 squares of side 3 over [-6, 6]^2; square (i, j) (from the bottom left) has class 1 when i + j is even, so
    // the four squares around the origin read as XOR does. Noise as Playground's: the label is read at a position moved
    // by up to +-3 pgNoise (half a square at noise 1).
    constexpr double side = 3;
    for (int s = 0; s < n; ++s) {
        const double x = rng.uniform(-kRange, kRange);
        const double y = rng.uniform(-kRange, kRange);
        const double nx = rng.uniform(-side, side) * pg;
        const double ny = rng.uniform(-side, side) * pg;
        const long i = long(std::floor((x + nx + kRange) / side)), j = long(std::floor((y + ny + kRange) / side));
        b.add(x, y, ((i + j) % 2 == 0) ? 1 : 0);
    }
}

void genRegressPlane(Builder& b, Rng& rng, int n, double pg) {
    // Playground's regressPlane, read at a position moved by U(-6, 6) pgNoise per axis; we divide by 12 (Playground by
    // 10) so that noise-free targets fill [-1, 1] exactly.
    for (int s = 0; s < n; ++s) {
        const double x = rng.uniform(-kRange, kRange);
        const double y = rng.uniform(-kRange, kRange);
        const double nx = rng.uniform(-kRange, kRange) * pg;
        const double ny = rng.uniform(-kRange, kRange) * pg;
        b.addTarget(x, y, (x + nx + y + ny) / 12);
    }
}

void genRegressGaussians(Builder& b, Rng& rng, int n, double pg) {
    // Playground's regressGaussian: six bumps of height +-1 at (-4|0|4, +-2.5); bump value sign * max(0, 1 - d / 2) at
    // distance d; the target is the bump value largest in absolute value, read at a position moved as in the plane.
    static constexpr std::array<std::array<double, 3>, 6> bumps{
        {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}}};
    for (int s = 0; s < n; ++s) {
        const double x = rng.uniform(-kRange, kRange);
        const double y = rng.uniform(-kRange, kRange);
        const double px = x + rng.uniform(-kRange, kRange) * pg;
        const double py = y + rng.uniform(-kRange, kRange) * pg;
        double t = 0;
        for (const auto& [cx, cy, sign] : bumps) {
            const double v = sign * std::clamp(1 - std::hypot(px - cx, py - cy) / 2, 0.0, 1.0);
            if (std::abs(v) > std::abs(t)) t = v;
        }
        b.addTarget(x, y, t);
    }
}

void genSine(Builder& b, Rng& rng, int n, double noise) {
    // 1-D: x1 ~ U(-6, 6) (almost two periods), x2 = 0, y = sin(x1) + e, e ~ N(0, (0.3 noise)^2).
    for (int s = 0; s < n; ++s) {
        const double x = rng.uniform(-kRange, kRange);
        const double e = noise > 0 ? rng.normal(0, 0.3 * noise) : 0.0;
        b.addTarget(x, 0.0, std::sin(x) + e);
    }
}

}  // namespace

bool isRegression(Generator g) {
    return g == Generator::RegressionPlane || g == Generator::RegressionGaussians || g == Generator::RegressionSine;
}

bool supportsClasses(Generator g) { return g == Generator::Gaussians || g == Generator::Spiral; }

namespace {
const EnumTable<Generator>& generators() {
    using G = Generator;
    static const EnumTable<G> t{{G::Xor, "xor", "XOR", ""},
                                {G::Circle, "circle", "circle", ""},
                                {G::Gaussians, "gaussians", "Gaussians", ""},
                                {G::Spiral, "spiral", "spiral", ""},
                                {G::Moons, "moons", "moons", ""},
                                {G::Checkerboard, "checkerboard", "checkerboard", ""},
                                {G::RegressionPlane, "regression-plane", "plane", ""},
                                {G::RegressionGaussians, "regression-gaussians", "bumps", ""},
                                {G::RegressionSine, "regression-sine", "sine", ""}};
    return t;
}
}  // namespace

const std::vector<Generator>& allGenerators() { return generators().all(); }
std::string generatorName(Generator g) { return generators().name(g); }
std::optional<Generator> generatorFromName(const std::string& name) { return generators().fromName(name); }

Dataset generate(const GeneratorParams& p) {
    if (p.samples > kMaxGeneratedSamples)
        throw std::invalid_argument("generate: " + std::to_string(p.samples) + " samples requested; the limit is " +
                                    std::to_string(kMaxGeneratedSamples));
    if (!(p.noise >= 0 && p.noise <= 1))
        throw std::invalid_argument("generate: noise " + std::to_string(p.noise) + " is outside [0, 1]");
    const int K = supportsClasses(p.kind) ? p.classes : 2;
    if (K < 2 || K > kMaxGeneratedClasses)
        throw std::invalid_argument("generate: " + std::to_string(p.classes) + " classes requested; " +
                                    generatorName(p.kind) + " takes 2 to " + std::to_string(kMaxGeneratedClasses));

    Dataset d;
    d.inputNames = {"x1", "x2"};
    const bool regression = isRegression(p.kind);
    d.task = regression ? Task::Regression : Task::Classification;
    d.numClasses = regression ? 0 : K;
    if (!regression)
        for (int k = 0; k < K; ++k) d.classNames.push_back("class " + std::to_string(k));

    const int n = std::max(p.samples, 0);
    Rng rng(p.seed);
    const double pg = p.noise / 2;  // Playground's noise (0..0.5)
    Builder b;
    switch (p.kind) {
    case Generator::Xor: genXor(b, rng, n, pg); break;
    case Generator::Circle: genCircle(b, rng, n, pg); break;
    case Generator::Gaussians: genGaussians(b, rng, n, K, p.noise); break;
    case Generator::Spiral: genSpiral(b, rng, n, K, pg); break;
    case Generator::Moons: genMoons(b, rng, n, p.noise); break;
    case Generator::Checkerboard: genCheckerboard(b, rng, n, pg); break;
    case Generator::RegressionPlane: genRegressPlane(b, rng, n, pg); break;
    case Generator::RegressionGaussians: genRegressGaussians(b, rng, n, pg); break;
    case Generator::RegressionSine: genSine(b, rng, n, p.noise); break;
    }

    // The generators work class by class; a seeded shuffle (same Rng, after the points) mixes the order.
    std::vector<Index> order(std::size_t(n), 0);
    for (int i = 0; i < n; ++i) order[std::size_t(i)] = i;
    rng.shuffle(order);
    d.X.resize(2, n);
    if (regression) d.targets.resize(1, n);
    else d.labels.resize(std::size_t(n));
    for (int j = 0; j < n; ++j) {
        const std::size_t s = std::size_t(order[std::size_t(j)]);
        d.X(0, j) = b.x1[s];
        d.X(1, j) = b.x2[s];
        if (regression) d.targets(0, j) = b.y[s];
        else d.labels[std::size_t(j)] = b.labels[s];
    }
    return d;
}

}  // namespace engine
