#include "engine/layer_spec.h"
#include "engine/architecture_text.h"
#include "engine/enum_table.h"
#include "engine/param_layout.h"
#include <sstream>

namespace engine {
namespace {
// No small caps: the only limit is memory. 2^27 parameters is 1 GiB of doubles per flat vector, and training
// keeps several such vectors (params, grads, optimizer state).
constexpr Index kMaxParameters = Index(1) << 27;
// Values per sample in any one layer: 2^24 doubles is 128 MiB for a single sample's activations.
constexpr long double kMaxValues = 1 << 24;

const EnumTable<LayerKind>& kinds() {
    using K = LayerKind;
    static const EnumTable<K> t{{K::Dense, "dense", "dense", "fc|linear|fully_connected"},
                                {K::Conv, "conv", "convolution", "conv2d|convolution"},
                                {K::MaxPool, "maxpool", "max pooling", "max_pool|maxpool2d"},
                                {K::AvgPool, "avgpool", "average pooling", "avg_pool|avgpool2d|meanpool"},
                                {K::Flatten, "flatten", "flatten", ""}};
    return t;
}

std::string layerTitle(const NetworkSpec& spec, std::size_t i) {
    const LayerSpec& l = spec.layers[i];
    std::string name = i + 1 == spec.layers.size() ? std::string("the output layer") : "layer " + std::to_string(i + 1);
    if (l.kind != LayerKind::Dense) name += " (" + layerKindName(l.kind) + ")";
    return name;
}

// Output side of a window sliding over n values: floor((n + 2p - k) / s) + 1, or 0 when it does not fit.
int slide(int n, int k, int s, int p) { return n + 2 * p < k ? 0 : (n + 2 * p - k) / s + 1; }
}  // namespace

std::string layerKindName(LayerKind k) { return kinds().name(k); }
std::optional<LayerKind> layerKindFromName(const std::string& name) { return kinds().fromName(name); }
const std::vector<LayerKind>& allLayerKinds() { return kinds().all(); }

std::string describeShape(const Shape& s) {
    if (!s.isImage()) return std::to_string(s.size());
    return std::to_string(s.height) + "x" + std::to_string(s.width) + "x" + std::to_string(s.channels);
}

Shape NetworkSpec::inputShape() const {
    if (inputHeight > 0 && inputWidth > 0 && inputs % (inputHeight * inputWidth) == 0)
        return {inputs / (inputHeight * inputWidth), inputHeight, inputWidth};
    return {inputs, 1, 1};
}

bool NetworkSpec::isDenseOnly() const {
    if (inputShape().isImage()) return false;
    for (const LayerSpec& l : layers)
        if (l.kind != LayerKind::Dense) return false;
    return true;
}

ParameterLayout::ParameterLayout(const NetworkSpec& spec) {
    Shape in = spec.inputShape();
    Index off = 0;
    long double total = 0;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& s = spec.layers[i];
        LayerLayout L;
        L.spec = s;
        L.in = in;
        L.weightOffset = off;
        auto fail = [&](const std::string& why) {
            if (m_problem.empty()) m_problem = layerTitle(spec, i) + " " + why;
        };
        Shape out{0, 0, 0};
        long double weights = 0;
        switch (s.kind) {
        case LayerKind::Dense:
            out = {s.units, 1, 1};
            weights = (long double)s.units * in.size();
            break;
        case LayerKind::Conv: {
            if (s.kernel < 1 || s.stride < 1 || s.padding < 0 || s.padding >= s.kernel) {
                fail("needs a kernel of at least 1, a stride of at least 1 and a padding from 0 to kernel - 1");
                break;
            }
            const int h = slide(in.height, s.kernel, s.stride, s.padding);
            const int w = slide(in.width, s.kernel, s.stride, s.padding);
            if (!in.isImage() && in.size() > 1) {
                fail("needs an image (height x width x channels) as its input; it gets a vector of " +
                     std::to_string(in.size()));
                break;
            }
            if (h < 1 || w < 1) {
                fail("has a " + std::to_string(s.kernel) + "x" + std::to_string(s.kernel) +
                     " kernel but its input is " + describeShape(in) + " (padding " + std::to_string(s.padding) + ")");
                break;
            }
            out = {s.units, h, w};
            weights = (long double)s.units * in.channels * s.kernel * s.kernel;
            break;
        }
        case LayerKind::MaxPool:
        case LayerKind::AvgPool: {
            if (s.kernel < 1 || s.stride < 1) {
                fail("needs a window and a stride of at least 1");
                break;
            }
            if (!in.isImage()) {
                fail("needs an image (height x width x channels) as its input; it gets a vector of " +
                     std::to_string(in.size()));
                break;
            }
            const int h = slide(in.height, s.kernel, s.stride, 0), w = slide(in.width, s.kernel, s.stride, 0);
            if (h < 1 || w < 1) {
                fail("has a " + std::to_string(s.kernel) + "x" + std::to_string(s.kernel) +
                     " window but its input is " + describeShape(in));
                break;
            }
            out = {in.channels, h, w};
            break;
        }
        case LayerKind::Flatten: out = {int(in.size()), 1, 1}; break;
        }
        if (hasParameters(s.kind) && s.units < 1)
            fail("has " + std::to_string(s.units) + " " + (s.kind == LayerKind::Conv ? "channels" : "neurons") +
                 "; it needs at least one");
        if (s.kind != LayerKind::Dense && (long double)out.channels * out.height * out.width > kMaxValues)
            fail("would hold " +
                 std::to_string((unsigned long long)((long double)out.channels * out.height * out.width)) +
                 " values per sample; the limit is " + std::to_string((long long)kMaxValues));
        total += weights + (hasParameters(s.kind) ? s.units : 0);
        if (!m_problem.empty() ||
            total > (long double)kMaxParameters) {  // the rest is not laid out: sizes could overflow
            // The whole spec's parameter count still, for the message (dense layers need no shapes).
            long double width = out.size();
            for (std::size_t k = i + 1; k < spec.layers.size(); ++k) {
                const LayerSpec& d = spec.layers[k];
                if (d.kind != LayerKind::Dense) break;
                total += (long double)d.units * width + d.units;
                width = d.units;
            }
            m_total = total;
            if (total > (long double)kMaxParameters) {
                std::ostringstream m;
                m << "the network would have " << (unsigned long long)total << " parameters; the limit is "
                  << kMaxParameters << " (about 1 GiB per copy of the weights)";
                m_problem = m.str();
            }
            L.out = {0, 0, 0};
            L.biasOffset = off;
            m_layers.push_back(L);
            for (std::size_t k = i + 1; k < spec.layers.size(); ++k) {
                LayerLayout rest;
                rest.spec = spec.layers[k];
                rest.in = rest.out = {0, 0, 0};
                rest.weightOffset = rest.biasOffset = off;
                m_layers.push_back(rest);
            }
            m_size = off;
            return;
        }
        L.out = out;
        if (hasParameters(s.kind)) {
            L.weightRows = s.units;
            L.weightCols = s.kind == LayerKind::Dense ? int(in.size()) : in.channels * s.kernel * s.kernel;
        }
        off += Index(L.weightRows) * L.weightCols;
        L.biasOffset = off;
        if (hasParameters(s.kind)) off += s.units;
        m_layers.push_back(L);
        in = out;
    }
    m_size = off;
    m_total = total;
}

double ParameterLayout::fanOut(int l) const {
    const LayerLayout& L = layer(l);
    if (L.spec.kind == LayerKind::Conv) return double(L.weightRows) * L.spec.kernel * L.spec.kernel;
    return L.weightRows;
}

int ParameterLayout::layerOf(Index p) const {
    for (int l = layerCount() - 1; l >= 0; --l)
        if (hasParameters(kind(l)) && p >= weightOffset(l)) return l;
    return 0;
}

Index NetworkSpec::parameterCount() const { return ParameterLayout(*this).parameterCount(); }

std::string NetworkSpec::validate() const {
    if (inputs < 1) return "the network needs at least one input";
    if (layers.empty()) return "the network needs an output layer";
    if ((inputHeight > 0 || inputWidth > 0) &&
        (inputHeight < 1 || inputWidth < 1 || inputs % (inputHeight * inputWidth) != 0))
        return "an image input of " + std::to_string(inputHeight) + "x" + std::to_string(inputWidth) +
               " does not divide the " + std::to_string(inputs) + " inputs into whole channels";
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerSpec& l = layers[i];
        if (l.kind == LayerKind::Dense && l.units < 1) {
            std::ostringstream s;
            s << (i + 1 == layers.size() ? std::string("the output layer") : "hidden layer " + std::to_string(i + 1))
              << " has " << l.units << " neurons; it needs at least one";
            return s.str();
        }
        if (l.activation == Activation::Softmax && i + 1 != layers.size())
            return "softmax is only offered on the output layer";
    }
    if (layers.back().kind != LayerKind::Dense)
        return "the output layer must be a dense layer (it is " + layerKindName(layers.back().kind) + ")";
    return ParameterLayout(*this).shapeProblem();
}

std::string NetworkSpec::describe() const { return formatArchitecture(*this); }

}  // namespace engine
