// Learning algorithms (backprop, finite differences, random search, the perceptron rule) or optimizers side by side:
// every run starts from the same weights, sees the same data in the same order (one seed), and records its training
// loss against updates and against forward passes spent. Each run is a Trainer, so a run's numbers are training's.
// Qt-free and step-able in chunks: the app advances it on a thread and streams the new points out.
#pragma once
#include "engine/dataset.h"
#include "engine/trainer.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace engine {

struct ComparisonRun {
    std::string name;  // the legend: "backprop", "Adam", …
    Algorithm algorithm = Algorithm::Backprop;
    OptimizerSettings optimizer;      // backprop and finite differences; the perceptron uses its learning rate
    double randomSearchScale = 0.05;  // random search's step size s
    std::optional<UpdateMode> mode;   // the run's own update mode (unset: the base settings')
    int batchSize = 0;                // the run's own mini-batch size (0: the base settings')
};

struct ComparisonPoint {
    long long updates = 0;        // updates done by this run
    long long forwardPasses = 0;  // batch forward passes spent (Trainer's count: 2P + 1 per finite-difference update)
    Scalar loss = 0;              // training loss on the whole training set after those updates (not counted as cost)
    double epochs = 0;            // passes over the training data: updates / the run's updates per epoch
    // Wall-clock seconds this run's updates have taken so far (steady clock, around the updates only: recording the
    // loss is not counted). Machine-dependent: for showing what a run costs in time, never for a test's assertion.
    double seconds = 0;
};

struct ComparisonSeries {
    std::string name;
    bool applicable = true;  // false: the algorithm cannot train this network (see note); the run records nothing
    std::string note;        // why not applicable, or why it stopped ("diverged")
    bool finished = false;   // reached a limit, diverged, or not applicable
    std::vector<ComparisonPoint> points;  // the first is (0, 0, initial loss)
};

struct ComparisonLimits {
    long long maxUpdates = 1000;     // per run; <= 0: no limit
    long long maxForwardPasses = 0;  // per run; <= 0: no limit (use it to compare at an equal cost)
    int recordEvery = 1;             // record the loss after every n-th update (and always at the end)
    double maxEpochs = 0;            // per run, in passes over the data; <= 0: no limit (update modes compare so)
};

class Comparison {
public:
    // base: the data handling shared by every run (features, standardisation, update mode, batch size, penalties and
    // the seed of the shuffle). initialParameters: the common start (Network's layout); empty = the weights base.init
    // draws from base.seed. Throws NetworkError or std::invalid_argument as Trainer does.
    Comparison(const NetworkSpec& spec, const Dataset& train, const TrainSettings& base,
               std::vector<ComparisonRun> runs, const Vector& initialParameters = {}, ComparisonLimits limits = {});
    ~Comparison();
    Comparison(Comparison&&) noexcept;
    Comparison& operator=(Comparison&&) noexcept;

    // Backprop, finite differences and random search with `optimizer`, and the perceptron rule (it is marked not
    // applicable unless the network has no hidden layer and 0/1 targets).
    static std::vector<ComparisonRun> learningAlgorithms(const OptimizerSettings& optimizer,
                                                         double randomSearchScale = 0.05);
    // SGD, momentum, Nesterov, RMSProp, Adam and NAdam with backprop. learningRate <= 0: each kind's default rate.
    static std::vector<ComparisonRun> optimizerRace(double learningRate = 0);

    // Full batch, mini-batches of batchSize and online updates, all backprop with `optimizer`: compared per epoch.
    static std::vector<ComparisonRun> updateModeRace(const OptimizerSettings& optimizer, int batchSize);

    // Advances every unfinished run by up to `updates` updates. Returns true while some run is unfinished.
    bool step(long long updates);
    bool finished() const;

    int runCount() const { return int(m_series.size()); }
    const ComparisonSeries& series(int r) const { return m_series[std::size_t(r)]; }
    const ComparisonRun& run(int r) const { return m_runs[std::size_t(r)]; }
    const Vector& initialParameters() const { return m_initial; }
    const Vector& parameters(int r) const;  // the run's weights now
    long long updates(int r) const;
    const ComparisonLimits& limits() const { return m_limits; }
    // The points recorded since the last call, per run (for streaming to a chart); the series keep them all.
    std::vector<std::vector<ComparisonPoint>> takeNewPoints();

private:
    void record(int r);

    std::vector<ComparisonRun> m_runs;
    std::vector<std::unique_ptr<Trainer>> m_trainers;  // null for a run that is not applicable
    std::vector<ComparisonSeries> m_series;
    std::vector<std::size_t> m_taken;  // per run: points already handed out by takeNewPoints
    std::vector<long long> m_cost;     // per run: forward passes per update (0 until measured)
    std::vector<double> m_seconds;     // per run: wall-clock seconds spent in its updates
    Vector m_initial;
    ComparisonLimits m_limits;
};

}  // namespace engine
