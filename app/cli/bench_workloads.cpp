#include "app/cli/bench_workloads.h"
#include "app/training/frame_renderer.h"
#include "app/document/project.h"
#include "app/document/idx_loader.h"
#include "app/document/project_data.h"
#include "engine/rng.h"
#include "engine/trainer.h"
#include "widgets/drawing/boundary_image.h"
#include <Eigen/Core>
#include <QElapsedTimer>
#include <QImage>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <exception>

namespace app::bench {
namespace {
using engine::Activation;
using engine::Dataset;
using engine::Index;
using engine::Matrix;

// A training workload: the network, the data (all of it trains; no test split), the settings and how long.
struct TrainingCase {
    QString name;
    engine::NetworkSpec spec;
    Dataset data;
    engine::TrainSettings settings;
    long long epochs = 1;
    QString notes;
};

engine::TrainSettings sgd(double lr, engine::UpdateMode mode, int batch) {
    engine::TrainSettings s;
    s.optimizer.kind = engine::OptimizerKind::SGD;
    s.optimizer.learningRate = lr;
    s.mode = mode;
    s.batchSize = batch;
    s.seed = 1;
    s.features.clear();  // the raw inputs, as the peers see them
    return s;
}

Dataset xorData() {
    Dataset d;
    d.X.resize(2, 4);
    d.X << 0, 0, 1, 1, 0, 1, 0, 1;
    d.labels = {0, 1, 1, 0};
    d.numClasses = 2;
    return d;
}

Dataset spiralData() {
    engine::GeneratorParams g;
    g.kind = engine::Generator::Spiral;
    g.samples = 400;
    g.noise = 0.0;
    g.classes = 2;
    g.seed = 1;
    return engine::generate(g);
}

// The first `count` images of Fashion-MNIST (app/document/idx_loader: Debian's gzip files, or plain ones in
// NNLAB_FASHION_MNIST_DIR); nullopt when they are not installed or not readable.
std::optional<Dataset> fashionMnist(Index count) {
    QString error;
    return loadFashionMnist(&error, int(count),
                            qEnvironmentVariable("NNLAB_FASHION_MNIST_DIR", QString(app::kFashionMnistDir)));
}

// Seeded stand-in of Fashion-MNIST's shape: 784 pixels uniform in [0, 1), 10 balanced-at-random classes.
Dataset randomWide(Index count) {
    engine::Rng rng(8);
    Dataset d;
    d.numClasses = 10;
    d.X.resize(784, count);
    for (Index n = 0; n < count; ++n)
        for (Index i = 0; i < 784; ++i) d.X(i, n) = rng.uniform();
    d.labels.resize(std::size_t(count));
    for (int& l : d.labels) l = int(rng.index(10));
    return d;
}

TrainingCase w1() {
    TrainingCase c{"w1-xor",  {2, {{4, Activation::Tanh}, {1, Activation::Sigmoid}}, engine::Loss::MSE},
                   xorData(), sgd(0.5, engine::UpdateMode::FullBatch, 4),
                   100'000,   "2-4-1 tanh, sigmoid out, MSE; 4 samples, full batch, SGD lr 0.5"};
    return c;
}

TrainingCase w2() {
    return {"w2-spiral",
            {2, {{16, Activation::Tanh}, {16, Activation::Tanh}, {1, Activation::Tanh}}, engine::Loss::MSE},
            spiralData(),
            sgd(0.03, engine::UpdateMode::MiniBatch, 10),
            1'000,
            "2-16-16-1 tanh (targets +-1), MSE; 400-point 2-class spiral (noise 0, seed 1), batch 10, SGD lr 0.03"};
}

std::optional<TrainingCase> w3(QString* error) {
    std::optional<Dataset> digits = loadBundled("digits", error);  // pixels / 16 already
    if (!digits) return std::nullopt;
    engine::TrainSettings s = sgd(1e-3, engine::UpdateMode::MiniBatch, 32);
    s.optimizer.kind = engine::OptimizerKind::Adam;
    return TrainingCase{"w3-digits",
                        {64, {{128, Activation::ReLU}, {10, Activation::Softmax}}, engine::Loss::SoftmaxCrossEntropy},
                        *digits,
                        s,
                        50,
                        "64-128-10 ReLU, softmax cross-entropy; the 1,797 bundled digits, batch 32, Adam lr 1e-3"};
}

// The convolutional workload: digits 8x8x1 -> conv 3x3x8 pad 1 ReLU -> max pool 2 -> 10 softmax,
// cross-entropy, Adam 1e-3, mini-batch 32. tools/bench/torch_conv.py trains the same network in PyTorch.
std::optional<TrainingCase> w5(QString* error) {
    std::optional<TrainingCase> c = w3(error);
    if (!c) return std::nullopt;
    c->name = "w5-conv";
    c->spec = {64,
               {engine::LayerSpec::conv(8, 3, Activation::ReLU, 1, 1),
                engine::LayerSpec::maxPool(2),
                {10, Activation::Softmax}},
               engine::Loss::SoftmaxCrossEntropy,
               8,
               8};
    c->epochs = 20;
    c->notes = "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax, cross-entropy; the 1,797 bundled digits, batch 32, "
               "Adam lr 1e-3";
    return c;
}

TrainingCase w4() {
    constexpr Index kSamples = 10'000;
    std::optional<Dataset> fashion = fashionMnist(kSamples);
    TrainingCase c{"w4-wide",
                   {784,
                    {{256, Activation::ReLU}, {256, Activation::ReLU}, {10, Activation::Softmax}},
                    engine::Loss::SoftmaxCrossEntropy},
                   fashion ? *fashion : randomWide(kSamples),
                   sgd(0.01, engine::UpdateMode::MiniBatch, 128),
                   5,
                   ""};
    c.notes = QString("784-256-256-10 ReLU, softmax cross-entropy; 10,000 samples of %1, batch 128, SGD lr 0.01")
                  .arg(fashion ? "Fashion-MNIST" : "seeded random data (Fashion-MNIST is not installed)");
    return c;
}

QJsonObject trainingResult(const TrainingCase& c, const Options& o) {
    const long long epochs = o.quick ? std::max<long long>(1, c.epochs / 100) : c.epochs;
    engine::Trainer t(c.spec, c.data, Dataset{}, c.settings);
    const long long updates = epochs * t.updatesPerEpoch();
    {  // warm-up, untimed, on a copy: the caches, the branch predictors and the core's clock settle first
        engine::Trainer warm = t;
        for (long long i = 0; i < std::min<long long>(updates / 10, 20'000); ++i) warm.update();
    }
    QElapsedTimer clock;
    const double cpu0 = threadCpuSeconds();
    clock.start();
    for (long long i = 0; i < updates; ++i) t.update();  // the hot loop the training thread runs
    const double seconds = double(clock.nsecsElapsed()) * 1e-9;
    const double cpu = threadCpuSeconds() - cpu0;
    const engine::StepResult r = t.result();
    QJsonObject j;
    j["name"] = c.name;
    j["samples_per_s"] = double(epochs) * double(c.data.size()) / seconds;
    j["steps_per_s"] = double(updates) / seconds;
    j["scalar"] = c.settings.singlePrecision ? "float" : "double";
    j["threads"] = Eigen::nbThreads();
    j["final_loss"] = r.train.loss;
    j["final_accuracy"] = r.train.accuracy;
    j["epochs"] = double(epochs);
    j["seconds"] = seconds;
    j["cpu_seconds"] = cpu;
    j["cpu_share"] = cpu / seconds;
    j["notes"] = c.notes + (o.quick ? " (quick: 1/100 of the epochs)" : "");
    return j;
}

// One decision-boundary frame as the training thread draws it: grid, features, one batched forward pass over
// 256 x 256 points, colouring. The net is the w2 spiral net after 20 epochs, so its units are not all saturated.
QJsonObject boundaryResult(const Options& o) {
    const TrainingCase c = w2();
    engine::TrainSettings s = c.settings;
    s.features = {engine::Feature::X1, engine::Feature::X2};  // as the app sees 2-D data
    engine::Trainer t(c.spec, c.data, Dataset{}, s);
    t.runEpochs(20);
    const int frames = o.quick ? 10 : 1000;
    FrameRequest req;
    req.range = 6.0;
    req.cells = 256;
    QImage image;
    widgets::BoundaryStyle style;
    renderBoundary(t, req, image, style);  // warm-up: first-touch of the buffers
    QElapsedTimer clock;
    const double cpu0 = threadCpuSeconds();
    clock.start();
    for (int f = 0; f < frames; ++f) renderBoundary(t, req, image, style);
    const double seconds = double(clock.nsecsElapsed()) * 1e-9;
    const double cpu = threadCpuSeconds() - cpu0;

    // The forward pass alone, on the prepared grid: what the peers' figures measure.
    const Matrix X = t.prepareInputs(widgets::gridPoints(req.cells, req.cells, req.range));
    Matrix out = t.network().predict(X);
    const int forwardFrames = std::max(1, frames / 4);
    clock.restart();
    for (int f = 0; f < forwardFrames; ++f) out = t.network().predict(X);
    const double forwardMs = double(clock.nsecsElapsed()) * 1e-6 / forwardFrames;
    // The same pass in single precision (Network::predictFloat), which a picture could use instead.
    Matrix outFloat = t.network().predictFloat(X);
    clock.restart();
    for (int f = 0; f < forwardFrames; ++f) outFloat = t.network().predictFloat(X);
    const double floatMs = double(clock.nsecsElapsed()) * 1e-6 / forwardFrames;
    const double floatDiff = (outFloat - out).cwiseAbs().maxCoeff();

    const double ms = seconds * 1e3 / frames;
    QJsonObject j;
    j["name"] = "boundary";
    j["ms_per_frame"] = ms;
    j["forward_ms_per_frame"] = forwardMs;
    j["forward_float_ms_per_frame"] = floatMs;
    j["float_max_abs_diff"] = floatDiff;
    j["samples_per_s"] = double(X.cols()) * frames / seconds;
    j["steps_per_s"] = frames / seconds;  // frames per second
    j["scalar"] = "double";
    j["threads"] = 1;
    j["final_loss"] = t.result().train.loss;
    j["frames"] = frames;
    j["seconds"] = seconds;
    j["cpu_seconds"] = cpu;
    j["cpu_share"] = cpu / seconds;
    j["notes"] = QString("renderBoundary: 2-16-16-1 tanh over a 256x256 grid on [-6, 6]^2 (65,536 forward passes), "
                         "grid + features + one batched forward pass in float (predictFloat) + colouring; the forward "
                         "pass alone in double in forward_ms_per_frame, in float in forward_float_ms_per_frame; "
                         "%1 frames")
                     .arg(frames);
    return j;
}

QJsonObject failure(const QString& name, const QString& error) {
    QJsonObject j;
    j["name"] = name;
    j["error"] = error;
    return j;
}

}  // namespace

Project spiralProject() {
    const TrainingCase c = w2();
    Project p;
    p.title = "bench: spiral";
    p.network = c.spec;
    p.data.kind = DataSource::Kind::Generated;
    p.data.generator = {engine::Generator::Spiral, 400, 0.0, 2, 1};
    p.trainRatio = 0.5;
    p.splitSeed = 1;
    p.training = c.settings;
    p.training.features = {engine::Feature::X1, engine::Feature::X2};
    return p;
}

double threadCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

QStringList workloadNames() {
    return {"w1-xor", "w2-spiral", "w3-digits", "w4-wide", "w5-conv", "boundary", "ui-frames"};
}

QJsonObject runWorkload(const QString& name, const Options& o) {
    try {
        if (name == "w1-xor") return trainingResult(w1(), o);
        if (name == "w2-spiral") return trainingResult(w2(), o);
        if (name == "w3-digits") {
            QString error;
            const std::optional<TrainingCase> c = w3(&error);
            return c ? trainingResult(*c, o) : failure(name, error);
        }
        if (name == "w4-wide") return trainingResult(w4(), o);
        if (name == "w5-conv") {
            QString error;
            const std::optional<TrainingCase> c = w5(&error);
            return c ? trainingResult(*c, o) : failure(name, error);
        }
        if (name == "boundary") return boundaryResult(o);
        if (name == "ui-frames") return runUiFrames(o);
    } catch (const std::exception& e) {
        return failure(name, QString::fromStdString(e.what()));
    }
    return failure(name, "unknown workload");
}

}  // namespace app::bench
