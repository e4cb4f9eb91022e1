// Weight initialisation from an explicit seed. Biases start at zero for every scheme except Uniform,
// which fills weights and biases alike (as the old simulators did).
#pragma once
#include "engine/network.h"
#include <cstdint>
#include <optional>
#include <vector>
#include <string>

namespace engine {

enum class Init {
    Zeros,          // every parameter 0 (shows the symmetry problem)
    Uniform,        // U(-a, a) with a = scale
    XavierUniform,  // U(-a, a), a = gain sqrt(6 / (fan_in + fan_out))     Glorot & Bengio 2010; torch.nn.init.xavier_uniform_
    XavierNormal,  // N(0, s^2), s = gain sqrt(2 / (fan_in + fan_out))     torch.nn.init.xavier_normal_
    HeUniform,     // U(-a, a), a = sqrt(6 / fan_in)                        He et al. 2015; kaiming_uniform_ (relu gain)
    HeNormal       // N(0, s^2), s = sqrt(2 / fan_in)                       kaiming_normal_
};

struct InitSettings {
    Init scheme = Init::XavierUniform;
    double scale = 0.5;  // a for Uniform
    double gain = 1.0;   // Xavier gain
    bool operator==(const InitSettings&) const = default;
};

void initialize(Network& net, const InitSettings& settings, std::uint64_t seed);

std::string initName(Init i);
std::optional<Init> initFromName(const std::string& name);
const std::vector<Init>& allInits();

}  // namespace engine
