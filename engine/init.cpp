#include "engine/init.h"
#include "engine/rng.h"
#include <cmath>

namespace engine {

void initialize(Network& net, const InitSettings& s, std::uint64_t seed) {
    Rng rng(seed);
    net.params().setZero();
    for (int l = 0; l < net.layerCount(); ++l) {
        const double fanIn = net.layerInputs(l), fanOut = net.layerUnits(l);
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

std::string initName(Init i) {
    switch (i) {
    case Init::Zeros: return "zeros";
    case Init::Uniform: return "uniform";
    case Init::XavierUniform: return "xavier_uniform";
    case Init::XavierNormal: return "xavier_normal";
    case Init::HeUniform: return "he_uniform";
    case Init::HeNormal: return "he_normal";
    }
    return "?";
}

std::optional<Init> initFromName(const std::string& name) {
    for (Init i : {Init::Zeros, Init::Uniform, Init::XavierUniform, Init::XavierNormal, Init::HeUniform, Init::HeNormal})
        if (initName(i) == name) return i;
    return std::nullopt;
}

}  // namespace engine
