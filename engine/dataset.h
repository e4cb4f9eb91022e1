// Data sets: one column per sample. Classification sets carry an integer label per sample; regression sets a target
// row per sample. Generators are seeded: the same parameters give the same points, bit for bit.
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
    Matrix X;                    // d x N raw inputs (d = 2 for the generators)
    std::vector<int> labels;     // classification: N labels in [0, numClasses)
    Matrix targets;              // regression: m x N target values
    int numClasses = 2;          // classification only
    std::vector<std::string> inputNames;  // d names ("x1", "x2", or pixel/measure names)
    std::vector<std::string> classNames;  // numClasses names (may be empty: "class 0", ...)

    Index size() const { return X.cols(); }
    Index inputDim() const { return X.rows(); }
    bool empty() const { return X.cols() == 0; }
    // Empty when consistent; otherwise a sentence naming the problem (NaN/inf values, label out of range, sizes).
    std::string validate() const;
    // The subset of columns `idx`, in that order.
    Dataset subset(const std::vector<Index>& idx) const;
    // Append one sample (2-D or d-D); label for classification, target for regression.
    void addPoint(const Vector& x, int label, Scalar target = 0);
    void removePoint(Index i);
};

// Target matrix the network trains on, for an output layer of `outputs` units:
// classification with outputs == 1: y = label (0/1), or, when `signedTargets`, y = 2 label - 1 (for a tanh output);
// classification with outputs == K: one-hot K x N; regression: the targets.
Matrix targetMatrix(const Dataset& d, int outputs, bool signedTargets = false);

enum class Generator {
    Xor,           // four quadrants, sign(x1 x2)                  (TF Playground's "exclusive or")
    Circle,        // a disc of class 0 inside a ring of class 1
    Gaussians,     // K gaussian blobs (K = classes, default 2)
    Spiral,        // K interleaved spiral arms
    Moons,         // two interleaved half circles (scikit-learn's make_moons)
    Checkerboard,  // 4x4 squares alternating classes
    RegressionPlane,     // y = (x1 + x2) / 12-ish plane over [-6, 6]^2, scaled to [-1, 1]
    RegressionGaussians, // sum of gaussian bumps of both signs
    RegressionSine       // 1-D: y = sin(x1), x2 = 0
};

struct GeneratorParams {
    Generator kind = Generator::Xor;
    int samples = 200;
    double noise = 0.0;   // 0..1: fraction of the generator's natural noise scale (see dataset.cpp per generator)
    int classes = 2;      // K for Gaussians and Spiral; others are fixed at 2
    std::uint64_t seed = 1;
    bool operator==(const GeneratorParams&) const = default;
};

// Points lie in [-6, 6]^2 (the view's default range), like TF Playground's.
Dataset generate(const GeneratorParams& p);
std::string generatorName(Generator g);               // "xor", "circle", "gaussians", "spiral", "moons", ...
std::optional<Generator> generatorFromName(const std::string& name);
bool isRegression(Generator g);
bool supportsClasses(Generator g);                    // true for Gaussians and Spiral
const std::vector<Generator>& allGenerators();

// Random split by ratio: round(trainRatio N) samples go to train, the rest to test; seeded shuffle.
struct Split {
    Dataset train, test;
};
Split splitDataset(const Dataset& d, double trainRatio, std::uint64_t seed);

// Input features computed from x1, x2 (TF Playground's set, plus r and theta).
enum class Feature { X1, X2, X1Squared, X2Squared, X1X2, SinX1, SinX2, Radius, Angle };
const std::vector<Feature>& allFeatures();
std::string featureName(Feature f);                   // "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "r", "theta"
std::string featureLabel(Feature f);                  // Unicode for display: "x₁", "x₁²", "x₁·x₂", "θ" ...
std::optional<Feature> featureFromName(const std::string& name);
// F x N matrix of the chosen features from the 2 x N raw inputs.
Matrix computeFeatures(const Matrix& X2, const std::vector<Feature>& features);

// Per-row standardisation z = (x - mean) / std (std of 0 is treated as 1), fitted on the training set.
struct Standardizer {
    Vector mean, stddev;
    bool empty() const { return mean.size() == 0; }
    void fit(const Matrix& X);
    Matrix apply(const Matrix& X) const;
};

// Bundled real data sets in the formats of resources/datasets/*.csv (see resources/datasets/README.md).
// Digits: 64 pixel columns 0..16 then the label; iris: a header "rows,features,names..." then 4 measures and the class.
// Throw std::runtime_error naming the file and line on malformed input.
Dataset loadDigitsCsv(const std::string& path);
Dataset loadIrisCsv(const std::string& path);

}  // namespace engine
