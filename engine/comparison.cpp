#include "engine/comparison.h"
#include "engine/math_text.h"
#include "engine/param_mask.h"
#include "engine/param_remap.h"
#include <algorithm>
#include <chrono>
#include <cmath>

namespace engine {
namespace {

// The perceptron rule needs a single layer of units and 0/1 targets (learning.h); empty when it applies.
std::string perceptronProblem(const Trainer& t) {
    if (t.network().layerCount() != 1) return "not run: hidden layers";  // a legend note: short
    const Matrix& Y = t.trainTargets();
    if (!((Y.array() == 0) || (Y.array() == 1)).all()) return "not run: targets not 0/1";
    return {};
}

}  // namespace

Comparison::Comparison(const NetworkSpec& spec, const Dataset& train, const TrainSettings& base,
                       std::vector<ComparisonRun> runs, const Vector& initialParameters, ComparisonLimits limits,
                       const Dataset& test)
    : m_runs(std::move(runs)), m_limits(limits) {
    m_limits.recordEvery = std::max(1, m_limits.recordEvery);
    // The common start: given, or the weights the seed draws for spec (what a Trainer of spec starts from).
    m_initial = initialParameters.size() ? initialParameters : engine::initialParameters(spec, base.seed, base.init);
    for (const ComparisonRun& run : m_runs) {
        TrainSettings s = base;
        s.algorithm = run.algorithm;
        s.optimizer = run.optimizer;
        s.randomSearchScale = run.randomSearchScale;
        if (run.mode) s.mode = *run.mode;
        if (run.batchSize > 0) s.batchSize = run.batchSize;
        // Same data and seed: the same shuffle in every run, and the same start unless the run brings its own.
        auto t = std::make_unique<Trainer>(run.spec ? *run.spec : spec, train, test, s);
        t->setParameters(run.initialParameters.size() ? run.initialParameters : m_initial);
        if (run.trainable.size()) t->setTrainable(run.trainable);

        ComparisonSeries series;
        series.name = run.name;
        if (run.algorithm == Algorithm::PerceptronRule) series.note = perceptronProblem(*t);
        if (!series.note.empty()) {
            series.applicable = false;
            series.finished = true;
            t.reset();
        }
        m_trainers.push_back(std::move(t));
        m_series.push_back(std::move(series));
        m_taken.push_back(0);
        m_cost.push_back(0);
        m_seconds.push_back(0);
        if (m_trainers.back()) record(int(m_series.size()) - 1);
    }
}

Comparison::~Comparison() = default;
Comparison::Comparison(Comparison&&) noexcept = default;
Comparison& Comparison::operator=(Comparison&&) noexcept = default;

std::vector<ComparisonRun> Comparison::learningAlgorithms(const OptimizerSettings& optimizer,
                                                          double randomSearchScale) {
    return {{"backprop", Algorithm::Backprop, optimizer, randomSearchScale, std::nullopt, 0},
            {"finite differences", Algorithm::FiniteDifference, optimizer, randomSearchScale, std::nullopt, 0},
            {"random search", Algorithm::RandomSearch, optimizer, randomSearchScale, std::nullopt, 0},
            {"perceptron rule", Algorithm::PerceptronRule, optimizer, randomSearchScale, std::nullopt, 0}};
}

std::vector<ComparisonRun> Comparison::optimizerRace(double learningRate) {
    std::vector<ComparisonRun> runs;
    for (OptimizerKind k : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Nesterov,
                            OptimizerKind::RMSProp, OptimizerKind::Adam, OptimizerKind::NAdam}) {
        OptimizerSettings s;
        s.kind = k;
        s.learningRate = learningRate > 0 ? learningRate : OptimizerSettings::defaultLearningRate(k);
        runs.push_back({optimizerTitle(k), Algorithm::Backprop, s, 0.05, std::nullopt, 0});
    }
    return runs;
}

std::vector<ComparisonRun> Comparison::updateModeRace(const OptimizerSettings& optimizer, int batchSize) {
    return {{"full batch (once per epoch)", Algorithm::Backprop, optimizer, 0.05, UpdateMode::FullBatch, 0},
            {"mini-batches of " + std::to_string(batchSize), Algorithm::Backprop, optimizer, 0.05,
             UpdateMode::MiniBatch, batchSize},
            {"online (every sample)", Algorithm::Backprop, optimizer, 0.05, UpdateMode::Online, 0}};
}

Index ComparisonRun::trainedParameters() const {
    const Index all = initialParameters.size() ? initialParameters.size() : spec ? spec->parameterCount() : 0;
    return trainable.size() ? Index(trainable.sum()) : all;
}

NetworkSpec Comparison::additiveSpec(const NetworkSpec& spec) {
    const int out = int(spec.layers.size()) - 1;
    int below = out - 1;  // the last layer with weights under the output
    while (below >= 0 && !hasParameters(spec.layers[std::size_t(below)].kind)) --below;
    if (out < 1 || below < 0 || spec.layers[std::size_t(out)].kind != LayerKind::Dense)
        throw std::invalid_argument("the fine-tuning race needs a network with a hidden layer under a dense output "
                                    "layer (" + spec.describe() + " has none)");
    // As wide as what the output layer reads (the layer below it, or a flattened picture: at most 64 units).
    const int width = int(std::min<Index>(64, ParameterLayout(spec).inputSize(out)));
    std::optional<SpecEdit> edit =
        insertLayer(spec, out, LayerSpec::dense(width, spec.layers[std::size_t(below)].activation));
    if (!edit) throw std::invalid_argument("cannot add a layer under the output of " + spec.describe());
    return edit->spec;
}

std::vector<ComparisonRun> Comparison::fineTuningRace(const NetworkSpec& spec, const Vector& pretrained,
                                                      const TrainSettings& base) {
    const NetworkSpec added = additiveSpec(spec);  // throws for a network without a hidden layer
    if (pretrained.size() != spec.parameterCount())
        throw std::invalid_argument("the pretrained weights have " + std::to_string(pretrained.size()) +
                                    " values, the network " + std::to_string(spec.parameterCount()));
    const int out = int(spec.layers.size()) - 1;
    const ParameterLayout layout(spec);
    // Everything under the output layer: the pretrained feature extractor, the same first parameters in both networks.
    const Index body = layout.weightOffset(out);

    auto run = [&](std::string name, const NetworkSpec& s, Vector start, Vector trainable) {
        ComparisonRun r{std::move(name), Algorithm::Backprop, base.optimizer, base.randomSearchScale, std::nullopt, 0};
        r.spec = s;
        r.initialParameters = std::move(start);
        r.trainable = std::move(trainable);
        return r;
    };
    ParameterMask lastOnly = makeParameterMask(spec);
    for (int l = 0; l < out; ++l) freezeLayer(lastOnly, spec, l);
    Vector additive = engine::initialParameters(added, base.seed, base.init);
    additive.head(body) = pretrained.head(body);
    ParameterMask newOnly = makeParameterMask(added);
    for (int l = 0; l < out; ++l) freezeLayer(newOnly, added, l);
    return {run("from scratch", spec, engine::initialParameters(spec, base.seed, base.init), {}),
            run("full fine-tuning", spec, pretrained, {}),
            run("partial: last layer only", spec, pretrained, lastOnly.trainable),
            run("additive: new layer on top", added, additive, newOnly.trainable)};
}

void Comparison::record(int r) {
    // result() evaluates the whole training set; that pass is bookkeeping, not counted in forwardPasses.
    const Trainer& t = *m_trainers[std::size_t(r)];
    const StepResult res = t.result();
    ComparisonSeries& s = m_series[std::size_t(r)];
    const bool accuracy = t.testData().size() > 0 && t.testData().task == Task::Classification;
    s.points.push_back({res.step, res.forwardPasses, res.train.loss, double(res.step) / double(t.updatesPerEpoch()),
                        m_seconds[std::size_t(r)],
                        accuracy ? res.test.accuracy : std::numeric_limits<Scalar>::quiet_NaN()});
    if (res.diverged) {
        s.finished = true;
        s.note = "diverged";
    }
}

bool Comparison::step(long long updates) {
    for (std::size_t r = 0; r < m_trainers.size(); ++r) {
        ComparisonSeries& s = m_series[r];
        Trainer* t = m_trainers[r].get();
        for (long long k = 0; k < updates && !s.finished; ++k) {
            const auto start = std::chrono::steady_clock::now();
            const bool diverged = !std::isfinite(t->update());
            m_seconds[r] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const long long done = t->stepCount();
            // Every Trainer algorithm spends the same number of passes on each update (1, 2P + 1, 2 or 1), so the
            // cost is read once, from the point recorded after the first update, and the budget checked from it.
            const bool first = m_cost[r] == 0;
            const bool atUpdates = m_limits.maxUpdates > 0 && done >= m_limits.maxUpdates;
            const bool atPasses = m_limits.maxForwardPasses > 0 && !first &&
                                  done * m_cost[r] >= m_limits.maxForwardPasses;
            const bool atEpochs = m_limits.maxEpochs > 0 &&
                                  done >= std::llround(m_limits.maxEpochs * double(t->updatesPerEpoch()));
            if (first || done % m_limits.recordEvery == 0 || atUpdates || atPasses || atEpochs || diverged)
                record(int(r));
            if (first) m_cost[r] = std::max(1LL, s.points.back().forwardPasses / std::max(1LL, done));
            if (atUpdates || atEpochs || diverged ||
                (m_limits.maxForwardPasses > 0 && s.points.back().forwardPasses >= m_limits.maxForwardPasses) ||
                (m_limits.maxForwardPasses > 0 && done * m_cost[r] >= m_limits.maxForwardPasses)) {
                if (s.points.back().updates != done) record(int(r));
                s.finished = true;
                if (diverged) s.note = "diverged";
            }
        }
    }
    return !finished();
}

bool Comparison::finished() const {
    return std::all_of(m_series.begin(), m_series.end(), [](const ComparisonSeries& s) { return s.finished; });
}

const Vector& Comparison::parameters(int r) const {
    const auto& t = m_trainers[std::size_t(r)];
    return t ? t->network().params() : m_initial;
}

long long Comparison::updates(int r) const {
    const auto& t = m_trainers[std::size_t(r)];
    return t ? t->stepCount() : 0;
}

std::vector<std::vector<ComparisonPoint>> Comparison::takeNewPoints() {
    std::vector<std::vector<ComparisonPoint>> out(m_series.size());
    for (std::size_t r = 0; r < m_series.size(); ++r) {
        const auto& pts = m_series[r].points;
        out[r].assign(pts.begin() + std::ptrdiff_t(m_taken[r]), pts.end());
        m_taken[r] = pts.size();
    }
    return out;
}

}  // namespace engine
