// Hyperparameter search over the learning rate and the hidden-layer width: the list of trials (a grid, or seeded
// random draws), and one trial run to the end on a fresh Trainer. No threads here: the caller runs trials one by one
// and may stop one between two epochs. The same inputs and seeds give the same trials and results, bit for bit.
#pragma once
#include "engine/dataset.h"
#include "engine/network.h"
#include "engine/trainer.h"
#include <atomic>
#include <cstdint>
#include <vector>

namespace engine {

// Limits that keep a search from taking hours or all the memory; beyond them the input is rejected, not clamped.
constexpr int kMaxSearchWidth = 1024;
constexpr long long kMaxSearchEpochs = 100000;
constexpr int kMaxSearchTrials = 1000;

enum class SearchKind { Grid, Random };

struct SearchSpace {
    SearchKind kind = SearchKind::Grid;
    // Grid: every learning rate with every width.
    std::vector<double> learningRates;
    std::vector<int> widths;
    // Random: `trials` draws, the learning rate log-uniform in [lrMin, lrMax] (each decade as likely as the next:
    // 0.001..0.01 matters as much as 0.1..1), the width uniform in [widthMin, widthMax].
    double lrMin = 1e-3, lrMax = 1.0;
    int widthMin = 2, widthMax = 16;
    int trials = 10;
    std::uint64_t seed = 1;  // the random draws only; the weights come from TrainSettings::seed
};

struct Trial {
    int index = 0;  // position in the plan
    double learningRate = 0;
    int width = 0;
    Scalar trainLoss = 0, testLoss = 0;          // mean data loss; inf or NaN when diverged
    Scalar trainAccuracy = 0, testAccuracy = 0;  // classification
    Scalar testR2 = 0;                           // regression
    // With a validation set (the runTrial overload that takes one): the metrics to choose by, so that the test set
    // stays unseen by the choice.
    bool hasValidation = false;
    Scalar validationLoss = 0, validationAccuracy = 0, validationR2 = 0;
    bool diverged = false;
    long long epochs = 0;  // epochs done: fewer than asked when the run diverged or was cancelled
};

// The trials to run, learning rate and width filled in, metrics empty. Throws std::invalid_argument naming the
// problem: empty lists, a learning rate that is not a positive number, a width outside [1, kMaxSearchWidth],
// a reversed range, or more than kMaxSearchTrials trials.
std::vector<Trial> planTrials(const SearchSpace& space);

// `base` with every hidden layer `width` units wide (activations and the output layer unchanged).
// Throws std::invalid_argument when the width is out of range or the network has no hidden layer.
NetworkSpec withHiddenWidth(const NetworkSpec& base, int width);

// Trains a fresh network (`base` at that width, `settings` at that learning rate) for `epochs` epochs and evaluates
// it. `cancel` (may be null) is read between epochs: when set, the run stops and reports the epochs done so far.
// A run that diverges stops at once and is reported (diverged = true), never thrown. Throws std::invalid_argument
// for a bad learning rate, width or epoch count, and NetworkError when the network does not fit the data.
Trial runTrial(const NetworkSpec& base, const Dataset& train, const Dataset& test, const TrainSettings& settings,
               double lr, int width, long long epochs, const std::atomic<bool>* cancel = nullptr);
// The same, also evaluated on a validation set held out of the training data (hasValidation set; an empty validation
// set gives what the overload above gives). Trains on `train` only.
Trial runTrial(const NetworkSpec& base, const Dataset& train, const Dataset& validation, const Dataset& test,
               const TrainSettings& settings, double lr, int width, long long epochs,
               const std::atomic<bool>* cancel = nullptr);

}  // namespace engine
