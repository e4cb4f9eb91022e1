#include "engine/hyper_search.h"
#include <limits>
#include "engine/rng.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace engine {

namespace {

void checkLearningRate(double lr) {
    if (!std::isfinite(lr) || lr <= 0)
        throw std::invalid_argument("A learning rate must be a positive number; " + std::to_string(lr) + " is not.");
}

void checkWidth(int width) {
    if (width < 1 || width > kMaxSearchWidth)
        throw std::invalid_argument("A width must be between 1 and " + std::to_string(kMaxSearchWidth) + " neurons; " +
                                    std::to_string(width) + " is not.");
}

void checkTrialCount(long long n) {
    if (n > kMaxSearchTrials)
        throw std::invalid_argument("The search would run " + std::to_string(n) + " trials; at most " +
                                    std::to_string(kMaxSearchTrials) + " are allowed.");
}

}  // namespace

std::vector<Trial> planTrials(const SearchSpace& space) {
    std::vector<Trial> plan;
    if (space.kind == SearchKind::Grid) {
        if (space.learningRates.empty()) throw std::invalid_argument("Give at least one learning rate.");
        if (space.widths.empty()) throw std::invalid_argument("Give at least one width.");
        for (double lr : space.learningRates) checkLearningRate(lr);
        for (int w : space.widths) checkWidth(w);
        checkTrialCount(static_cast<long long>(space.learningRates.size()) *
                        static_cast<long long>(space.widths.size()));
        // Learning rate outer, width inner: the table reads row by row like the grid written down.
        for (double lr : space.learningRates)
            for (int w : space.widths) plan.push_back({int(plan.size()), lr, w});
        return plan;
    }
    checkLearningRate(space.lrMin);
    checkLearningRate(space.lrMax);
    if (space.lrMin > space.lrMax)
        throw std::invalid_argument("The smallest learning rate must not be larger than the largest.");
    checkWidth(space.widthMin);
    checkWidth(space.widthMax);
    if (space.widthMin > space.widthMax)
        throw std::invalid_argument("The smallest width must not be larger than the largest.");
    if (space.trials < 1) throw std::invalid_argument("A random search needs at least one trial.");
    checkTrialCount(space.trials);
    Rng rng(space.seed);
    const double logMin = std::log(space.lrMin), logMax = std::log(space.lrMax);
    for (int i = 0; i < space.trials; ++i) {
        // log-uniform: uniform in log(lr), so every decade of the range gets the same share of draws
        const double lr = std::exp(rng.uniform(logMin, logMax));
        const int w = space.widthMin + int(rng.index(std::uint64_t(space.widthMax - space.widthMin + 1)));
        // exp(log(x)) may land a last bit outside the range: clamp so "within range" holds exactly
        plan.push_back({i, std::min(std::max(lr, space.lrMin), space.lrMax), w});
    }
    return plan;
}

NetworkSpec withHiddenWidth(const NetworkSpec& base, int width) {
    checkWidth(width);
    if (base.layers.size() < 2)
        throw std::invalid_argument("The network has no hidden layer, so there is no width to search.");
    NetworkSpec spec = base;
    for (std::size_t l = 0; l + 1 < spec.layers.size(); ++l) spec.layers[l].units = width;
    return spec;
}

Trial runTrial(const NetworkSpec& base, const Dataset& train, const Dataset& test, const TrainSettings& settings,
               double lr, int width, long long epochs, const std::atomic<bool>* cancel) {
    return runTrial(base, train, Dataset{}, test, settings, lr, width, epochs, cancel);
}

Trial runTrial(const NetworkSpec& base, const Dataset& train, const Dataset& validation, const Dataset& test,
               const TrainSettings& settings, double lr, int width, long long epochs,
               const std::atomic<bool>* cancel) {
    checkLearningRate(lr);
    if (epochs < 1 || epochs > kMaxSearchEpochs)
        throw std::invalid_argument("Epochs per trial must be between 1 and " + std::to_string(kMaxSearchEpochs) +
                                    "; " + std::to_string(epochs) + " is not.");
    if (train.empty()) throw std::invalid_argument("There are no training samples to search with.");
    TrainSettings s = settings;
    s.optimizer.learningRate = lr;
    Trainer trainer(withHiddenWidth(base, width), train, test, s);

    // update() rather than runEpochs(1): runEpochs evaluates the whole data set after every epoch, which would cost
    // more than the training itself on small sets; here the evaluation happens once, at the end.
    bool nonFinite = false;
    while (trainer.epochCount() < epochs && !nonFinite) {
        if (cancel && cancel->load(std::memory_order_relaxed)) break;
        const long long next = trainer.epochCount() + 1;
        while (trainer.epochCount() < next)
            if (!std::isfinite(trainer.update())) {
                nonFinite = true;
                break;
            }
    }
    const StepResult r = trainer.result();
    Trial t;
    t.learningRate = lr;
    t.width = width;
    t.trainLoss = r.train.loss;
    t.testLoss = r.test.loss;
    t.trainAccuracy = r.train.accuracy;
    t.testAccuracy = r.test.accuracy;
    t.testR2 = r.test.r2;
    t.diverged = nonFinite || r.diverged;
    t.epochs = r.epoch;
    if (!validation.empty() && !t.diverged) {
        // The same weights on the held-out part of the training data: the test set in place of the validation set
        // (setData keeps the weights; the training set, and so any standardisation, is the same).
        trainer.setData(train, validation);
        const StepResult v = trainer.result();
        t.hasValidation = true;
        t.validationLoss = v.test.loss;
        t.validationAccuracy = v.test.accuracy;
        t.validationR2 = v.test.r2;
    } else if (!validation.empty()) {
        t.hasValidation = true;
        t.validationLoss = std::numeric_limits<Scalar>::infinity();
    }
    return t;
}

}  // namespace engine
