// Turns a Project into the engine's objects: its dataset (generated, bundled or drawn), the train/test split, and a
// Trainer with the project's weights when it carries them. Every failure is a message, never a crash.
#pragma once
#include "app/document/project.h"
#include "engine/trainer.h"
#include <QString>
#include <memory>

namespace app {

// All the samples of the project's data source (before the split). Bundled digits are scaled to [0, 1] (pixels / 16).
std::optional<engine::Dataset> projectDataset(const DataSource& source, QString* error);
// Per sample of the n in the project's data: 1 = in the test split. The drawn points' own split when they have one,
// else the seeded ratio split.
std::vector<char> testMaskOf(const Project& project, engine::Index n);
engine::Split splitProject(const Project& project, const engine::Dataset& all);
// A trainer for the project; with project.trained set, its weights and optimizer state are restored.
std::unique_ptr<engine::Trainer> makeTrainer(const Project& project, QString* error);
// Reads a bundled data set ("digits" or "iris") from the application's resources.
std::optional<engine::Dataset> loadBundled(const QString& name, QString* error);
// "fashion-mnist": the first kFashionMnistSamples images from Debian's dataset-fashion-mnist (not bundled).
inline constexpr char kFashionMnistName[] = "fashion-mnist";
inline constexpr int kFashionMnistSamples = 5000;
// The input labels the network sees for this project (feature labels for 2-D data, else the data's input names).
QStringList inputLabels(const Project& project, const engine::Dataset& data);

}  // namespace app

namespace app {
// Stores the trainer's weights, counters and optimizer state in the project (for saving a trained session).
void captureTrainedState(Project& project, const engine::Trainer& trainer);
}  // namespace app
