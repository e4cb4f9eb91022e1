// A lesson step's goals: a metric compared with bounds ("test accuracy at least 0.95 within 500 epochs"), or a truth
// table the network must compute on the four points of {0,1}^2. Evaluated on plain values from the latest snapshot, so a
// test can script a run and check a goal without a window.
#pragma once
#include "engine/dataset.h"
#include "engine/network.h"
#include "engine/trainer.h"
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>
#include <cmath>
#include <optional>
#include <vector>

namespace lessons {

// Where a run stands: what a goal is checked against.
struct GoalInput {
    long long epoch = 0, step = 0, forwardPasses = 0;
    double trainLoss = 0, testLoss = 0, trainAccuracy = 0, testAccuracy = 0, testR2 = 0;
    bool diverged = false;
    // Shift tolerance: the test accuracy on the test pictures moved one pixel right, left, down and up, averaged
    // (engine::shiftedAccuracy). NaN when not measured (not pictures, or no goal of the step asks for it).
    double shiftedTestAccuracy = std::nan("");
    engine::NetworkSpec spec;
    engine::Vector params;                  // the network's weights (empty: not known yet)
    std::vector<engine::Feature> features;  // what the network's inputs are computed from (empty: x1, x2 raw)
    // For "changed" goals: the training settings and a description of the data set in force (the app fills them in;
    // hasSettings false: not known, and no "changed" goal can hold).
    engine::TrainSettings training;
    QString data;
    bool hasSettings = false;
    // For "padAnswer" goals: the class the network gives the drawing on the image workspace's pad (the app fills it
    // in; -1: the pad is blank, not shown, or the network has not answered yet).
    int padAnswer = -1;
};

// Where a run stands after a step: the trainer's result (or a snapshot's copy of it) and the network it came from.
GoalInput goalInput(const engine::StepResult& r, const engine::NetworkSpec& spec, const engine::Vector& params,
                    const std::vector<engine::Feature>& features);

enum class GoalStatus { Pending, Met, Missed };  // Missed: a "within N epochs" goal whose time is up

struct Goal {
    QString metric;  // "testAccuracy", ... (empty for a truth table)
    std::optional<double> atLeast, atMost, above, below;
    long long withinEpochs = 0;  // 0: no deadline
    QString truthTable;          // "AND", "OR", "NAND", "NOR", "XOR"
    QString changed;             // a setting the student must change from where the step began ("learningRate")
    std::optional<int> padAnswer;  // the class the network must give the student's drawing on the pad
    QString text;                // what the panel shows

    // start: where the step began (a "changed" goal compares with it; without it such a goal stays pending).
    GoalStatus evaluate(const GoalInput& in, const GoalInput* start = nullptr) const;
    // The current value ("0.934"), the table the network computes ("0 1 1 1"), or the setting now ("adam").
    QString currentValue(const GoalInput& in) const;
};

// Every goal of a step on one input: each one's status and current value, and whether all hold at once.
struct GoalCheck {
    QVector<GoalStatus> states;
    QStringList values;
    bool allMet = false;
};
GoalCheck checkGoals(const std::vector<Goal>& goals, const GoalInput& in, const GoalInput* start = nullptr);

// Parses one goal; returns nothing and sets *error for an unknown metric, a missing bound or a bad truth table.
std::optional<Goal> parseGoal(const QJsonObject& o, QString* error);
QStringList goalMetrics();
// Whether any of these goals is on `metric` (the costly ones, such as shiftedTestAccuracy, are measured only then).
bool goalsUse(const std::vector<Goal>& goals, const QString& metric);
// The settings a "changed" goal can name: learningRate, optimizer, updateMode, batchSize, algorithm, penalty (L1 or
// L2), init, seed, features, standardize, architecture (the layers and their sizes), activation (of the hidden
// layers), outputActivation, loss, network (anything of it), data and augment (the augmentation of pictures).
QStringList changeableSettings();
// A setting's value as text ("0.1", "adam", "2-4-1"), for comparing; empty when unknown.
QString settingValue(const QString& setting, const GoalInput& in);
// The same setting as a person reads it ("SGD", "Xavier uniform", "full batch", "x₁, x₂"): what a goal shows.
QString settingLabel(const QString& setting, const GoalInput& in);
QStringList truthTableNames();
// The expected outputs of a named table on (0,0), (0,1), (1,0), (1,1): x1 is the first input. Empty when unknown.
std::vector<int> truthTable(const QString& name);
// The network's 0/1 answers on the four points (threshold 0.5 for a 0..1 output, 0 for a signed one); empty when the
// parameters do not fit the spec or the network does not have one output (softmax over two classes: the argmax).
std::vector<int> networkTruthTable(const GoalInput& in);

}  // namespace lessons
