#include "app/document/race_setup.h"
#include "app/document/project_data.h"
#include <QCoreApplication>
#include <algorithm>
#include <stdexcept>

namespace app {

std::optional<RaceKind> raceKindFromName(const QString& name) {
    if (name == "algorithms") return RaceKind::LearningAlgorithms;
    if (name == "optimizers") return RaceKind::OptimizerRace;
    if (name == "updateModes") return RaceKind::UpdateModes;
    if (name == "fineTuning") return RaceKind::FineTuning;
    return std::nullopt;
}

long long defaultRaceBudget(RaceKind kind) {
    return kind == RaceKind::UpdateModes ? 50 : kind == RaceKind::FineTuning ? 200 : 500;
}

Race makeRace(RaceKind kind, const Project& p, long long budget) {
    QString error;
    std::unique_ptr<engine::Trainer> t = makeTrainer(p, &error);
    if (!t) throw std::runtime_error(error.toStdString());
    // Fine-tuning starts from what the network has learned; the other races from the seed's weights.
    const bool tuning = kind == RaceKind::FineTuning;
    const engine::Vector start = tuning ? t->network().params() : t->initialParameters();
    const auto runs = kind == RaceKind::OptimizerRace ? engine::Comparison::optimizerRace()
                      : kind == RaceKind::UpdateModes
                          ? engine::Comparison::updateModeRace(p.training.optimizer, p.training.batchSize)
                      : tuning ? engine::Comparison::fineTuningRace(p.network, start, p.training)
                               : engine::Comparison::learningAlgorithms(p.training.optimizer,
                                                                        p.training.randomSearchScale);
    Race race;
    if (tuning && start.size() == t->initialParameters().size() &&
        (start.array() == t->initialParameters().array()).all())
        race.warning = QCoreApplication::translate(
            "app::Race", "These are the seed's initial weights: nothing was learned before, so full fine-tuning is "
                         "the run from scratch. Train on one task, change the data, then race.");
    engine::ComparisonLimits limits;
    if (kind == RaceKind::UpdateModes) {
        limits.maxUpdates = 0;
        limits.maxEpochs = double(budget);  // this race's budget counts epochs
        limits.recordEvery = 1;             // a full-batch run makes only one update an epoch
    } else {
        limits.maxUpdates = budget;
        limits.recordEvery = int(std::max<long long>(1, budget / 400));
    }
    // One start for every run that brings none of its own; the test split gives each point its test accuracy.
    race.comparison = std::make_unique<engine::Comparison>(p.network, t->trainData(), p.training, runs, start, limits,
                                                           t->testData());
    return race;
}

}  // namespace app
