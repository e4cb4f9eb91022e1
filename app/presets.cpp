#include "app/presets.h"
#include <QMap>

namespace app {
using engine::Activation;
using engine::Feature;
using engine::Generator;

QStringList presetNames() {
    return {"xor", "circle", "gaussians", "gaussians4", "spiral", "spiral3", "moons", "checkerboard",
            "plane", "bumps", "sine", "iris", "digits"};
}

QString presetTitle(const QString& name) {
    static const QMap<QString, QString> titles{
        {"xor", "XOR"},           {"circle", "Circle"},        {"gaussians", "Two Gaussians"},
        {"gaussians4", "Four Gaussians"}, {"spiral", "Spiral"}, {"spiral3", "Spiral, 3 arms"},
        {"moons", "Moons"},       {"checkerboard", "Checkerboard"}, {"plane", "Regression: plane"},
        {"bumps", "Regression: bumps"}, {"sine", "Regression: sine"}, {"iris", "Iris flowers"},
        {"digits", "Handwritten digits"}};
    return titles.value(name, name);
}

engine::NetworkSpec defaultNetworkFor(const engine::Dataset& data, int inputs, std::vector<int> hidden,
                                      Activation hiddenActivation) {
    engine::NetworkSpec s;
    s.inputs = inputs;
    for (int h : hidden) s.layers.push_back({h, hiddenActivation});
    if (data.task == engine::Task::Regression) {
        s.layers.push_back({int(std::max<engine::Index>(1, data.targets.rows())), Activation::Identity});
        s.loss = engine::Loss::MSE;
    } else if (data.numClasses > 2) {
        s.layers.push_back({data.numClasses, Activation::Softmax});
        s.loss = engine::Loss::SoftmaxCrossEntropy;
    } else {
        s.layers.push_back({1, Activation::Sigmoid});
        s.loss = engine::Loss::BinaryCrossEntropy;
    }
    return s;
}

namespace {
Project generated(Generator g, int samples, double noise, int classes, std::vector<int> hidden, double lr,
                  std::vector<Feature> features = {Feature::X1, Feature::X2}) {
    Project p;
    p.data.kind = DataSource::Kind::Generated;
    p.data.generator = {g, samples, noise, classes, 1};
    p.training.features = features;
    p.training.optimizer.learningRate = lr;
    engine::Dataset probe;
    probe.task = engine::isRegression(g) ? engine::Task::Regression : engine::Task::Classification;
    probe.numClasses = engine::supportsClasses(g) ? classes : 2;
    if (probe.task == engine::Task::Regression) probe.targets = engine::Matrix::Zero(1, 1);
    p.network = defaultNetworkFor(probe, int(features.size()), hidden);
    return p;
}
}  // namespace

Project preset(const QString& name) {
    Project p;
    if (name == "circle") p = generated(Generator::Circle, 300, 0.1, 2, {4, 2}, 0.1);
    else if (name == "gaussians") p = generated(Generator::Gaussians, 300, 0.2, 2, {2}, 0.1);
    else if (name == "gaussians4") p = generated(Generator::Gaussians, 400, 0.3, 4, {6}, 0.1);
    else if (name == "spiral") {
        p = generated(Generator::Spiral, 400, 0.1, 2, {8, 8, 4}, 0.03,
                      {Feature::X1, Feature::X2, Feature::SinX1, Feature::SinX2});
        p.training.optimizer.kind = engine::OptimizerKind::Adam;
        p.training.optimizer.learningRate = 0.01;
    } else if (name == "spiral3") {
        p = generated(Generator::Spiral, 450, 0.05, 3, {12, 12}, 0.01,
                      {Feature::X1, Feature::X2, Feature::SinX1, Feature::SinX2});
        p.training.optimizer.kind = engine::OptimizerKind::Adam;
    } else if (name == "moons") p = generated(Generator::Moons, 300, 0.2, 2, {6, 6}, 0.1);
    else if (name == "checkerboard") {
        p = generated(Generator::Checkerboard, 600, 0.0, 2, {16, 16}, 0.01);
        p.training.optimizer.kind = engine::OptimizerKind::Adam;
    } else if (name == "plane") p = generated(Generator::RegressionPlane, 200, 0.1, 2, {3}, 0.03);
    else if (name == "bumps") p = generated(Generator::RegressionGaussians, 400, 0.0, 2, {8, 8}, 0.03);
    else if (name == "sine") p = generated(Generator::RegressionSine, 200, 0.05, 2, {8}, 0.03, {Feature::X1});
    else if (name == "iris" || name == "digits") {
        p.data.kind = DataSource::Kind::Bundled;
        p.data.bundled = name;
        p.training.features.clear();
        p.training.optimizer.kind = engine::OptimizerKind::Adam;
        p.training.optimizer.learningRate = 0.01;
        p.trainRatio = 0.7;
        engine::Dataset probe;
        probe.numClasses = name == "iris" ? 3 : 10;
        if (name == "iris") {
            p.training.standardize = true;
            p.network = defaultNetworkFor(probe, 4, {8});
        } else {
            p.training.optimizer.learningRate = 0.001;
            p.training.batchSize = 32;
            p.network = defaultNetworkFor(probe, 64, {32}, Activation::ReLU);
        }
    } else {
        p = generated(Generator::Xor, 200, 0.0, 2, {4, 4}, 0.1);  // XOR: 2-4-4-1 tanh, sigmoid out, BCE (learns the quadrants cleanly in 300 epochs)
    }
    p.title = presetTitle(presetNames().contains(name) ? name : "xor");
    return p;
}

}  // namespace app
