#include "engine/init.h"
#include "engine/enum_table.h"
#include "engine/rng.h"
#include <cmath>

namespace engine {

void initialize(Network& net, const InitSettings& s, std::uint64_t seed) {
    Rng rng(seed);
    net.params().setZero();
    for (int l = 0; l < net.layerCount(); ++l) {
        if (!hasParameters(net.layerKind(l))) continue;
        // fan_in = the inputs of one unit (C_in k^2 for a convolution), fan_out = units (C_out k^2): PyTorch's.
        const double fanIn = net.weightCols(l), fanOut = net.layout().fanOut(l);
        auto W = net.W(l);
        auto b = net.b(l);
        switch (s.scheme) {
        case Init::Zeros: break;
        case Init::Uniform:
            for (Index k = 0; k < W.size(); ++k) W.data()[k] = rng.uniform(-s.scale, s.scale);
            for (Index k = 0; k < b.size(); ++k) b(k) = rng.uniform(-s.scale, s.scale);
            break;
        case Init::XavierUniform: {
            const double a = s.gain * std::sqrt(6.0 / (fanIn + fanOut));
            for (Index k = 0; k < W.size(); ++k) W.data()[k] = rng.uniform(-a, a);
            break;
        }
        case Init::XavierNormal: {
            const double sd = s.gain * std::sqrt(2.0 / (fanIn + fanOut));
            for (Index k = 0; k < W.size(); ++k) W.data()[k] = rng.normal(0, sd);
            break;
        }
        case Init::HeUniform: {
            const double a = std::sqrt(6.0 / fanIn);
            for (Index k = 0; k < W.size(); ++k) W.data()[k] = rng.uniform(-a, a);
            break;
        }
        case Init::HeNormal: {
            const double sd = std::sqrt(2.0 / fanIn);
            for (Index k = 0; k < W.size(); ++k) W.data()[k] = rng.normal(0, sd);
            break;
        }
        }
    }
}

namespace {
const EnumTable<Init>& inits() {
    static const EnumTable<Init> t{{Init::Zeros, "zeros", "zeros", ""},
                                   {Init::Uniform, "uniform", "uniform", ""},
                                   {Init::XavierUniform, "xavier_uniform", "Xavier uniform", "glorot_uniform"},
                                   {Init::XavierNormal, "xavier_normal", "Xavier normal", "glorot_normal"},
                                   {Init::HeUniform, "he_uniform", "He uniform", ""},
                                   {Init::HeNormal, "he_normal", "He normal", ""}};
    return t;
}
}  // namespace

std::string initName(Init i) { return inits().name(i); }
std::optional<Init> initFromName(const std::string& name) { return inits().fromName(name); }
const std::vector<Init>& allInits() { return inits().all(); }

}  // namespace engine
