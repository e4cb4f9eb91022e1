#include "examples.h"
#include <cmath>
#include <random>

namespace testsupport {

engine::Matrix corners(double low, double high) {
    return (engine::Matrix(2, 4) << low, low, high, high, low, high, low, high).finished();
}

engine::Matrix truthTable(int t00, int t01, int t10, int t11) {
    return (engine::Matrix(1, 4) << t00, t01, t10, t11).finished();
}

engine::Matrix xorTargets() { return truthTable(0, 1, 1, 0); }

engine::Dataset xorDataset() {
    engine::Dataset d;
    d.X = corners();
    d.labels = {0, 1, 1, 0};
    d.numClasses = 2;
    d.inputNames = {"x1", "x2"};
    return d;
}

engine::NetworkSpec workedSpec() {
    return engine::NetworkSpec{2,
                               {{2, engine::Activation::Sigmoid}, {1, engine::Activation::Sigmoid}},
                               engine::Loss::MSE};
}

engine::Network workedNetwork() {
    engine::Network net(workedSpec());
    net.W(0) << 0.1, 0.2, -0.3, 0.4;
    net.b(0) << 0.0, 0.1;
    net.W(1) << 0.5, -0.4;
    net.b(1) << 0.2;
    return net;
}

engine::Matrix workedInput() { return (engine::Matrix(2, 1) << 1, 2).finished(); }
engine::Matrix workedTarget() { return (engine::Matrix(1, 1) << 1).finished(); }

engine::Vector randomParameters(const engine::NetworkSpec& spec, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss(0, 1);
    engine::Vector p(spec.parameterCount());
    engine::Index k = 0;
    int in = spec.inputs;
    for (const auto& l : spec.layers) {
        for (engine::Index i = 0; i < engine::Index(l.units) * in; ++i) p[k++] = gauss(rng) * 1.2 / std::sqrt(in);
        for (int j = 0; j < l.units; ++j) p[k++] = 0.3 * gauss(rng);
        in = l.units;
    }
    return p;
}

}  // namespace testsupport
