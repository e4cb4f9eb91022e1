// A project: everything that brings a session back as it was — the network, the data (a generator and its seed, a
// bundled set, or the points themselves), the training settings, and optionally the trained weights, the optimizer
// state and the loss history. Saved as JSON with a schema version (docs/file-format.md).
#pragma once
#include "engine/dataset.h"
#include "engine/network.h"
#include "engine/param_mask.h"
#include "engine/trainer.h"
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace app {

struct DataSource {
    enum class Kind { Generated, Points, Bundled };
    Kind kind = Kind::Generated;
    engine::GeneratorParams generator;  // Kind::Generated
    QString bundled;                    // Kind::Bundled: "digits" or "iris"
    engine::Dataset points;             // Kind::Points: the samples themselves (drawn by hand or imported)
    // Kind::Points: per sample, 1 = in the test split. Drawn points keep the split they were drawn into; empty (an
    // import, an older file) = the seeded ratio split.
    std::vector<char> testMask;
    QString origin;  // Kind::Points: the file they were imported from ("iris.csv"); empty when drawn by hand
};

struct HistoryPoint {
    double epoch = 0;  // fractional: step / updates per epoch
    double trainLoss = 0, testLoss = 0, trainAccuracy = 0, testAccuracy = 0;
};

struct TrainedState {
    engine::Vector parameters;  // flat, Network's layout
    long long step = 0, epoch = 0;
    long long optimizerStep = 0;
    engine::Vector optimizerFirst, optimizerSecond;  // may be empty
    double optimizerMuProduct = 1.0;
};

struct ViewSettings {
    bool showTestData = false;
    bool discretize = false;
    double range = 6.0;          // the input plane shown is [-range, range]^2
    QStringList hiddenControls;  // the teacher's hide flags: names from app/document/window_controls.h
};

struct Project {
    QString title;
    QString description;  // one line on what the project shows (File ▸ Examples); empty for most projects
    engine::NetworkSpec network;
    DataSource data;
    double trainRatio = 0.5;
    std::uint64_t splitSeed = 1;
    engine::TrainSettings training;
    std::optional<TrainedState> trained;
    std::vector<HistoryPoint> history;
    ViewSettings view;
    // The user's freezes and ablations (engine/param_mask.h). Empty (trainable.size() == 0): nothing frozen or
    // disabled, as in every file written before the "mask" key existed.
    engine::ParameterMask mask;
};

// 2: typed layers (conv, pooling, flatten; "type" on each layer) and image inputs ("inputShape"). Version 1 files
// (dense layers only, no "type") still open; files are always written as the newest version.
constexpr int kProjectSchemaVersion = 2;

}  // namespace app
