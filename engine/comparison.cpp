#include "engine/comparison.h"
#include "engine/math_text.h"
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
                       std::vector<ComparisonRun> runs, const Vector& initialParameters, ComparisonLimits limits)
    : m_runs(std::move(runs)), m_limits(limits) {
    m_limits.recordEvery = std::max(1, m_limits.recordEvery);
    for (const ComparisonRun& run : m_runs) {
        TrainSettings s = base;
        s.algorithm = run.algorithm;
        s.optimizer = run.optimizer;
        s.randomSearchScale = run.randomSearchScale;
        if (run.mode) s.mode = *run.mode;
        if (run.batchSize > 0) s.batchSize = run.batchSize;
        // Same spec, data and seed: the same initial weights and the same shuffle in every run.
        auto t = std::make_unique<Trainer>(spec, train, Dataset{}, s);
        if (m_initial.size() == 0) m_initial = initialParameters.size() ? initialParameters : t->network().params();
        t->setParameters(m_initial);

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

void Comparison::record(int r) {
    // result() evaluates the whole training set; that pass is bookkeeping, not counted in forwardPasses.
    const Trainer& t = *m_trainers[std::size_t(r)];
    const StepResult res = t.result();
    ComparisonSeries& s = m_series[std::size_t(r)];
    s.points.push_back({res.step, res.forwardPasses, res.train.loss, double(res.step) / double(t.updatesPerEpoch()),
                        m_seconds[std::size_t(r)]});
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
