// What a network is made of, as data: a sequence of typed layers (dense, 2-D convolution, max and average pooling,
// flatten) after an input of a given shape. Shapes, parameter counts and the flat layout are computed from it in one
// place, ParameterLayout (param_layout.h); the arithmetic of each kind is in layers.h.
#pragma once
#include "engine/activation.h"
#include "engine/loss.h"
#include "engine/types.h"
#include <optional>
#include <string>
#include <vector>

namespace engine {

enum class LayerKind {
    Dense,    // z = W a + b, a' = f(z)                                  (any input shape: read as one flat vector)
    Conv,     // z(o, y, x) = b(o) + sum_c sum_i sum_j W(o, c, i, j) in(c, y s - p + i, x s - p + j), a' = f(z)
    MaxPool,  // out(c, y, x) = max over the window (kernel x kernel, step stride) of in(c, ., .)
    AvgPool,  // out(c, y, x) = mean over the window
    Flatten   // the same numbers, read as one vector (C x H x W -> C*H*W)
};
std::string layerKindName(LayerKind k);  // "dense", "conv", "maxpool", "avgpool", "flatten"
std::optional<LayerKind> layerKindFromName(const std::string& name);
const std::vector<LayerKind>& allLayerKinds();
// Whether the kind has weights and an activation (dense and conv); pooling and flatten have neither.
inline bool hasParameters(LayerKind k) { return k == LayerKind::Dense || k == LayerKind::Conv; }

// The shape of one sample's values: channels x height x width. A plain vector of n values is n x 1 x 1. In a column
// the values are stored channel by channel, each channel row by row (PyTorch's contiguous NCHW, one sample).
struct Shape {
    int channels = 1, height = 1, width = 1;
    Index size() const { return Index(channels) * height * width; }
    bool isImage() const { return height > 1 || width > 1; }
    bool operator==(const Shape&) const = default;
};
std::string describeShape(const Shape& s);  // "8x8x1" (height x width x channels) for images, "64" for vectors

struct LayerSpec {
    int units = 1;                             // dense: neurons; conv: output channels (feature maps)
    Activation activation = Activation::Tanh;  // dense and conv; pooling and flatten ignore it (identity)
    LayerKind kind = LayerKind::Dense;
    int kernel = 0;   // conv: kernel side; pooling: window side
    int stride = 1;   // conv and pooling
    int padding = 0;  // conv: zeros added on every side
    bool operator==(const LayerSpec&) const = default;

    static LayerSpec dense(int units, Activation f) { return {units, f}; }
    static LayerSpec conv(int channels, int kernel, Activation f, int stride = 1, int padding = 0) {
        return {channels, f, LayerKind::Conv, kernel, stride, padding};
    }
    static LayerSpec maxPool(int size, int stride = 0) {
        return {1, Activation::Identity, LayerKind::MaxPool, size, stride > 0 ? stride : size, 0};
    }
    static LayerSpec avgPool(int size, int stride = 0) {
        return {1, Activation::Identity, LayerKind::AvgPool, size, stride > 0 ? stride : size, 0};
    }
    static LayerSpec flatten() { return {1, Activation::Identity, LayerKind::Flatten, 0, 1, 0}; }
};

struct NetworkSpec {
    int inputs = 2;                 // values per sample (channels x height x width for an image)
    std::vector<LayerSpec> layers;  // hidden layers then the output layer (at least one)
    Loss loss = Loss::MSE;
    int inputHeight = 0,
        inputWidth = 0;  // an image input: height x width x (inputs / (height * width)) channels; 0: a vector
    bool operator==(const NetworkSpec&) const = default;

    Shape inputShape() const;
    int outputs() const { return layers.empty() ? 0 : layers.back().units; }
    Activation outputActivation() const { return layers.empty() ? Activation::Identity : layers.back().activation; }
    // True when every layer is dense and the input a vector: the views that draw neurons and single weights (the
    // diagram, the stepper, ablation) work on such networks.
    bool isDenseOnly() const;
    Index parameterCount() const;
    // Empty when the spec can be built; otherwise a sentence naming the problem.
    std::string validate() const;
    // "2-4-1 tanh, sigmoid out, mse"; a network with typed layers in the text form of architecture_text.h.
    std::string describe() const;
};

}  // namespace engine
