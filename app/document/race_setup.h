// The races the comparison tool runs (learning algorithms, optimizers, update modes, fine-tuning), set up from a
// project in one place: the window's comparison panel streams one on a worker thread, `nnlab lesson` runs a race
// step's to the end and prints where each run stood, so a lesson's race figures come from the race itself.
#pragma once
#include "app/document/project.h"
#include "engine/comparison.h"
#include <QString>
#include <memory>
#include <optional>

namespace app {

enum class RaceKind { LearningAlgorithms, OptimizerRace, UpdateModes, FineTuning };

// A lesson step's "race" value: "algorithms", "optimizers", "updateModes", "fineTuning".
std::optional<RaceKind> raceKindFromName(const QString& name);
// The budget a race starts with: epochs for update modes (50), updates for the others (500; fine-tuning 200).
long long defaultRaceBudget(RaceKind kind);

struct Race {
    std::unique_ptr<engine::Comparison> comparison;
    QString warning;  // said next to the race (fine-tuning from weights nothing has trained yet); empty: none
};

// The race from the project as it stands: every run on its training split, its seed and shuffle, recorded with its
// test accuracy; from the seed's initial weights, or for fine-tuning from the project's weights (its trained
// state). budget: updates (epochs for update modes). Throws std::exception with a sentence for the person.
Race makeRace(RaceKind kind, const Project& project, long long budget);

}  // namespace app
