// Data sets: one column per sample. Classification sets carry an integer label per sample; regression sets a target
// row per sample. Generators are seeded: the same parameters give the same points, bit for bit (on one platform: the
// shapes use std::sin/cos/exp/log, whose last bit the C library does not promise).
#pragma once
#include "engine/types.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace engine {

enum class Task { Classification, Regression };

struct Dataset {
    Task task = Task::Classification;
    Matrix X;                             // d x N raw inputs (d = 2 for the generators)
    std::vector<int> labels;              // classification: N labels in [0, numClasses)
    Matrix targets;                       // regression: m x N target values
    int numClasses = 2;                   // classification only (the generators set 0 for regression sets)
    std::vector<std::string> inputNames;  // d names ("x1", "x2", or pixel/measure names)
    std::vector<std::string> classNames;  // numClasses names (may be empty: "class 0", ...)

    Index size() const { return X.cols(); }
    Index inputDim() const { return X.rows(); }
    bool empty() const { return X.cols() == 0; }
    // Empty when consistent; otherwise a sentence naming the problem (NaN/inf values, label out of range, sizes).
    std::string validate() const;
    // The subset of columns `idx`, in that order.
    Dataset subset(const std::vector<Index>& idx) const;
    // Append one sample (2-D or d-D); label for classification, target for regression. Throws std::invalid_argument
    // when x has the wrong size, the label is out of range, or a regression set has more than one target row.
    void addPoint(const Vector& x, int label, Scalar target = 0);
    void removePoint(Index i);  // throws std::out_of_range
};

// Target matrix the network trains on, for an output layer of `outputs` units:
// classification with outputs == 1: y = label (0/1), or, when `signedTargets`, y = 2 label - 1 (for a tanh output);
// classification with outputs == K: one-hot K x N (signed: +1 for the class, -1 elsewhere); regression: the targets.
// Any other combination throws std::invalid_argument.
Matrix targetMatrix(const Dataset& d, int outputs, bool signedTargets = false);

enum class Generator {
    Xor,              // four quadrants, class 1 where x1 x2 > 0      (TF Playground's "exclusive or")
    Circle,           // a disc of class 1 inside a ring of class 0   (class 1 = TF Playground's positive, blue, class)
    Gaussians,        // K gaussian blobs (K = classes, default 2)
    Spiral,           // K interleaved spiral arms
    Moons,            // two interleaved half circles (scikit-learn's make_moons)
    Checkerboard,     // 4x4 squares alternating classes
    RegressionPlane,  // y = (x1 + x2) / 12: a plane over [-6, 6]^2, in [-1, 1]
    RegressionGaussians,  // sum of gaussian bumps of both signs
    RegressionSine        // 1-D: y = sin(x1), x2 = 0
};

struct GeneratorParams {
    Generator kind = Generator::Xor;
    int samples = 200;
    double noise = 0.0;  // 0..1: fraction of the generator's natural noise scale (see dataset.cpp per generator);
                         // 1 is TF Playground's noise slider at its maximum (50%)
    int classes = 2;     // K in [2, kMaxGeneratedClasses] for Gaussians and Spiral; others are fixed at 2
    std::uint64_t seed = 1;
    bool operator==(const GeneratorParams&) const = default;
};

constexpr int kMaxGeneratedClasses = 8;  // the palette's distinct colours
constexpr long long kMaxGeneratedSamples = 10'000'000;

// Points lie in [-6, 6]^2 (the view's default range), like TF Playground's, in shuffled order.
// samples <= 0 gives an empty set; samples > kMaxGeneratedSamples, noise outside [0, 1] or classes out of range throw
// std::invalid_argument.
Dataset generate(const GeneratorParams& p);
std::string generatorName(Generator g);  // "xor", "circle", "gaussians", "spiral", "moons", ...
std::optional<Generator> generatorFromName(const std::string& name);  // case-insensitive
bool isRegression(Generator g);
bool supportsClasses(Generator g);  // true for Gaussians and Spiral
const std::vector<Generator>& allGenerators();

// Random split by ratio: round(trainRatio N) samples go to train, the rest to test; seeded shuffle.
// trainRatio outside [0, 1] (or NaN) throws std::invalid_argument.
struct Split {
    Dataset train, test;
};
Split splitDataset(const Dataset& d, double trainRatio, std::uint64_t seed);

// Input features computed from x1, x2 (TF Playground's set, plus r and theta).
enum class Feature { X1, X2, X1Squared, X2Squared, X1X2, SinX1, SinX2, Radius, Angle };
const std::vector<Feature>& allFeatures();
std::string featureName(Feature f);   // "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "r", "theta"
std::string featureLabel(Feature f);  // Unicode for display: "x₁", "x₁²", "x₁·x₂", "θ" ...
std::optional<Feature> featureFromName(const std::string& name);  // accepts a name or a label
// F x N matrix of the chosen features from the 2 x N raw inputs (other row counts throw std::invalid_argument).
Matrix computeFeatures(const Matrix& X2, const std::vector<Feature>& features);

// Per-row standardisation z = (x - mean) / std (std of 0 is treated as 1), fitted on the training set.
// std is the population standard deviation (divides by N, not N - 1). An empty (unfitted) Standardizer applies as the
// identity; apply() on a matrix with a different row count throws std::invalid_argument.
struct Standardizer {
    Vector mean, stddev;
    bool empty() const { return mean.size() == 0; }
    void fit(const Matrix& X);
    Matrix apply(const Matrix& X) const;
};

// Bundled real data sets in the formats of resources/datasets/*.csv (see resources/datasets/README.md).
// Digits: 64 pixel columns 0..16 then the label; iris: a header "rows,features,names..." then 4 measures and the class.
// Throw std::runtime_error naming the file and line on malformed input ("path:line: what"), or saying the file is
// missing. Blank lines are skipped; the line numbers count them.
Dataset loadDigitsCsv(const std::string& path);
Dataset loadIrisCsv(const std::string& path);

}  // namespace engine
