// What the training thread hands the window at screen rate: plain values (counters, metrics, a copy of the
// parameters, rendered pictures), never a pointer into the network it trains.
#pragma once
#include "app/document/project.h"
#include "engine/trainer.h"
#include "widgets/drawing/boundary_image.h"
#include <QImage>
#include <QMetaType>
#include <QString>
#include <QVector>
#include <memory>

namespace app {

struct TrainingSnapshot {
    quint64 generation = 0;  // which build of the trainer (a rebuild increments it)
    long long step = 0, epoch = 0;
    double epochFraction = 0;  // step / updates per epoch: the x of the loss chart
    engine::Metrics train, test;
    double batchLoss = 0;
    long long forwardPasses = 0;
    double stepsPerSecond = 0;
    bool running = false;  // training goes on (played and not halted)
    bool halted = false;   // the thread stopped by itself (a diverged or failed run): the window pauses
    bool diverged = false;
    QString message;  // shown in the status bar (e.g. why training stopped)

    std::vector<HistoryPoint> newHistory;  // loss/accuracy points since the previous snapshot
    bool historyRestart = false;           // newHistory is the whole history: the charts start again
    engine::Vector params, grads;          // copies
    engine::NetworkSpec spec;
    engine::Standardizer inputStd;  // what the trainer does to raw inputs (the image views classify drawn images)

    bool twoD = false;  // the data has two raw inputs: a boundary exists
    QImage boundary;    // the output over the input plane
    widgets::BoundaryStyle style;
    QVector<QVector<QImage>> neuronImages;  // [0] = the 9 input features, then one vector per layer
    std::vector<char> misclassified;        // per sample of the project's data, in the model's order
    std::vector<int> predicted;             // the class the network gives each of those samples (classification)
    std::vector<char> isTest;               // per sample: in the test split
};

// What the thread sends: one snapshot, never changed after it is sent, shared by every view that draws it.
using SharedSnapshot = std::shared_ptr<const TrainingSnapshot>;

}  // namespace app

Q_DECLARE_METATYPE(app::SharedSnapshot)
