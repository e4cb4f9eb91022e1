// Learning algorithms (backprop, finite differences, random search, the perceptron rule) or optimizers side by side:
// every run starts from the same weights, sees the same data in the same order (one seed), and records its training
// loss (and test accuracy) against updates and against forward passes spent. Each run is a Trainer, so a run's numbers
// are training's. A run may bring its own network, start and frozen parameters (the fine-tuning race).
// Qt-free and step-able in chunks: the app advances it on a thread and streams the new points out.
#pragma once
#include "engine/dataset.h"
#include "engine/trainer.h"
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace engine {

struct ComparisonRun {
    ComparisonRun() = default;
    ComparisonRun(std::string name_, Algorithm algorithm_, OptimizerSettings optimizer_, double randomSearchScale_ = 0.05,
                  std::optional<UpdateMode> mode_ = std::nullopt, int batchSize_ = 0)
        : name(std::move(name_)), algorithm(algorithm_), optimizer(optimizer_), randomSearchScale(randomSearchScale_),
          mode(mode_), batchSize(batchSize_) {}

    std::string name;  // the legend: "backprop", "Adam", …
    Algorithm algorithm = Algorithm::Backprop;
    OptimizerSettings optimizer;      // backprop and finite differences; the perceptron uses its learning rate
    double randomSearchScale = 0.05;  // random search's step size s
    std::optional<UpdateMode> mode;   // the run's own update mode (unset: the base settings')
    int batchSize = 0;                // the run's own mini-batch size (0: the base settings')
    // The run's own network (unset: the comparison's spec), its own start (empty: the common start; sized for its
    // network) and its frozen parameters (trainable: 1 learns, 0 frozen; empty: everything learns).
    std::optional<NetworkSpec> spec;
    Vector initialParameters;
    Vector trainable;
    Index trainedParameters() const;  // how many parameters the run trains (needs spec or initialParameters set)
};

struct ComparisonPoint {
    long long updates = 0;        // updates done by this run
    long long forwardPasses = 0;  // batch forward passes spent (Trainer's count: 2P + 1 per finite-difference update)
    Scalar loss = 0;              // training loss on the whole training set after those updates (not counted as cost)
    double epochs = 0;            // passes over the training data: updates / the run's updates per epoch
    // Wall-clock seconds this run's updates have taken so far (steady clock, around the updates only: recording the
    // loss is not counted). Machine-dependent: for showing what a run costs in time, never for a test's assertion.
    double seconds = 0;
    // Accuracy on the test split after those updates (classification with a test split; NaN otherwise). Bookkeeping,
    // like the loss: not counted as cost.
    Scalar testAccuracy = std::numeric_limits<Scalar>::quiet_NaN();
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
    // draws from base.seed. test: the test split, for the points' test accuracy (empty: none recorded). Throws
    // NetworkError or std::invalid_argument as Trainer does.
    Comparison(const NetworkSpec& spec, const Dataset& train, const TrainSettings& base,
               std::vector<ComparisonRun> runs, const Vector& initialParameters = {}, ComparisonLimits limits = {},
               const Dataset& test = {});
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

    // Fine-tuning, from a network whose current weights `pretrained` were learned on another task (spec's layout),
    // all with the base optimizer and the same seed:
    //  - "from scratch": the same network from the seed's initial weights, everything learns (the baseline);
    //  - "full": from `pretrained`, everything learns;
    //  - "partial": from `pretrained`, only the output layer learns (the layers below are frozen);
    //  - "additive": the layers below the output keep `pretrained` and are frozen; the old output layer is replaced
    //    by a new dense hidden layer and a new output layer (both from the seed's initial weights for that longer
    //    network), which are all that learns. The new hidden layer is as wide as the layer it reads (at most 64) with
    //    the activation of the last layer with weights below it.
    // Throws std::invalid_argument when the network has no layer with weights below a dense output layer, or when
    // pretrained does not fit spec.
    static std::vector<ComparisonRun> fineTuningRace(const NetworkSpec& spec, const Vector& pretrained,
                                                     const TrainSettings& base);
    // The network the additive run trains (spec with a new hidden layer under the output).
    static NetworkSpec additiveSpec(const NetworkSpec& spec);

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
