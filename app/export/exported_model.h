// What every export format writes, taken from a Trainer once: the raw inputs the model takes, the feature transform and
// standardisation in front of the network, each layer's W and b, and how to read the outputs. describe() checks that
// the transform it reconstructs gives exactly what the trainer feeds the network, so no writer can drift from it.
#pragma once
#include "engine/trainer.h"
#include <QString>
#include <QStringList>
#include <optional>
#include <string>
#include <vector>

namespace app {

// One layer. Dense: z = W a + b, a' = f(z). Conv: the cross-correlation with zero padding (engine/layer_spec.h);
// pooling and flatten have no W, b or activation (Identity). Image values are laid out channel by channel, each
// channel row by row (PyTorch's contiguous NCHW for one sample); a dense layer reads its input flat in that order.
struct ExportedLayer {
    engine::LayerKind kind = engine::LayerKind::Dense;
    int inputs = 0, units = 0;                // values per sample in and out (a dense layer: its inputs and units)
    engine::Shape in, out;                    // the same as channels x height x width
    int kernel = 0, stride = 1, padding = 0;  // conv and pooling
    engine::Activation activation = engine::Activation::Identity;
    engine::Matrix W;  // dense: units x inputs (y = W x + b); conv: out-channels x (in-channels k k), column
                       // q = c k^2 + i k + j holding kernel row i, column j of input channel c
    engine::Vector b;  // dense: units; conv: out-channels

    bool isDense() const { return kind == engine::LayerKind::Dense; }
    bool hasParameters() const { return engine::hasParameters(kind); }
    // PyTorch's weight[o][c][i][j] of a convolution.
    double convWeight(int o, int c, int i, int j) const { return W(o, (c * kernel + i) * kernel + j); }
    // "conv 3x3, 4 channels, stride 2, padding 1, relu", "maxpool 2x2", "flatten", "8 tanh" (dense).
    QString describe() const;
};

struct ExportedModel {
    QString title;     // the project's title (may be empty)
    QString producer;  // "NN Lab 0.1.0"
    engine::Task task = engine::Task::Classification;
    int rawInputs = 2;                      // what predict() takes: x1, x2 for 2-D data, or the data's columns
    QStringList rawNames;                   // rawInputs names ("x1", "x2", or pixel/measure names)
    std::vector<engine::Feature> features;  // empty: the raw inputs go into the network as they are
    engine::Vector mean, stddev;            // standardisation z = (f - mean) / std; empty: none
    engine::Shape inputShape;  // what the first layer sees: an image (channels x height x width) or a vector
    std::vector<ExportedLayer> layers;
    engine::Loss loss = engine::Loss::MSE;
    QStringList classNames;      // classification only: numClasses names
    bool signedTargets = false;  // a single tanh/identity output trained on -1/+1
    double threshold = 0.5;      // a single classification output means class 1 when >= threshold
    engine::TrainSettings settings;
    long long epochs = 0, steps = 0;  // how far it was trained
    bool trained = false;             // false: the initial weights (nothing trained yet)
    engine::Matrix trainX;            // raw training inputs (rawInputs x N), for the PyTorch script
    engine::Matrix trainY;            // targets as the network trains on them (outputs x N)

    int networkInputs() const { return layers.empty() ? 0 : layers.front().inputs; }
    // True for a stack of dense layers on a vector input: every writer then writes exactly what it wrote before
    // typed layers existed.
    bool isDenseOnly() const;
    int outputs() const { return layers.empty() ? 0 : layers.back().units; }
    bool usesFeatures() const { return !features.empty(); }
    bool standardizes() const { return mean.size() > 0; }
    // Names of what the first layer sees: feature names ("x1^2", "r", "theta") or the raw names.
    QStringList networkInputNames() const;
    // One sentence on the model's shape: "2 raw inputs -> 9 features, standardised -> 8 tanh -> 1 sigmoid".
    QString summary() const;
    // How to read the output: "probability of class 1", "probabilities of the 3 classes", "the target value".
    QString outputMeaning() const;

    // The transform the writers reproduce, computed from the fields above (raw: rawInputs x N).
    engine::Matrix transform(const engine::Matrix& raw) const;
    // The forward pass from the fields above (for tests and checks); columns are samples.
    engine::Matrix predict(const engine::Matrix& raw) const;

    // Builds the description; nullopt with a message when the weights are not finite or the reconstructed input
    // transform does not reproduce the trainer's.
    static std::optional<ExportedModel> describe(const engine::Trainer& trainer, const QString& title, bool trained,
                                                 QString* error);
};

// The shortest decimal text that reads back as the same double ("0.1", "-3.5e-07"); valid in JSON, C, C++ and Python.
std::string shortestDouble(double v);
// A C/C++/Python identifier made from a file's base name: "xor-net.hpp" -> "xor_net", "2d.h" -> "m_2d".
QString identifierFromFileName(const QString& path);

}  // namespace app
