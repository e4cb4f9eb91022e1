// Ready-made projects: one per data set, each with a network and settings that learn it well from the default seed.
#pragma once
#include "app/document/project.h"
#include <QStringList>

namespace app {

QStringList presetNames();                 // "xor", "circle", "gaussians", "spiral", "moons", ...
QString presetTitle(const QString& name);  // "XOR", "Circle", ...
// The preset of that name; an unknown name gives the XOR preset.
Project preset(const QString& name);
// A fitting default network for a data set: classification with K classes gets softmax + cross-entropy (K > 2) or a
// sigmoid output + binary cross-entropy (K = 2); regression an identity output + MSE.
engine::NetworkSpec defaultNetworkFor(const engine::Dataset& data, int inputs, std::vector<int> hidden,
                                      engine::Activation hiddenActivation = engine::Activation::Tanh);

}  // namespace app
