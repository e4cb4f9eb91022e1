// A lesson run headless, step by step as a student would go through it: each step's setup is built (or the previous
// state goes on), training runs until the step's goals hold or its epochs run out. Tells a lesson author which steps
// set up, and whether each goal can be reached by training alone (goals that need the student's hand, such as weights
// typed in, are reported as not reached). A race step's race is run too, and where each run stood is reported.
#pragma once
#include "app/document/project.h"
#include "lessons/library.h"
#include <QString>
#include <QStringList>
#include <vector>

namespace app {

struct StepCheck {
    QString title;
    QString error;  // the setup could not be built (empty: it was, or the step keeps the previous state)
    bool hasGoals = false;
    bool reached = false;  // every goal held at once
    long long epoch = 0;   // when reached, or where the run stopped
    QStringList goals;     // "✓ Test accuracy ≥ 0.95 (0.97)"
    // A race step (mode "comparison" with a race): the race from the step's project as it was built, each run's
    // training loss and test accuracy at every quarter of the race's default budget.
    QStringList race;
};

// Where a run of `project` stands, for the goals: the metrics of `r`, the network that produced them, and the
// project's training settings and data set (what a "changed" goal compares).
lessons::GoalInput lessonGoalInput(const engine::StepResult& r, const engine::NetworkSpec& spec,
                                   const engine::Vector& params, const Project& project);
// The shift tolerance a lesson goal reads ("shiftedTestAccuracy"): engine::shiftedAccuracy of the network (spec,
// params) on the raw test pictures `test`, one pixel each way, standardised with inputStd. NaN when the data are not
// pictures of classes, the test set is empty or the parameters do not fit the spec. Costs four passes over the test set.
double shiftedTestAccuracy(const engine::NetworkSpec& spec, const engine::Vector& params, const engine::Dataset& test,
                           const engine::Standardizer& inputStd);
// The data set in a line, for "changed": "data" goals ("circle, 300 samples, noise 0.1, seed 1, train 0.5").
QString describeData(const Project& project);

// Steps with a check (goals or a question) among all steps of these lessons.
struct CheckedShare {
    int steps = 0, checked = 0;
};
CheckedShare checkedShare(const std::vector<lessons::Lesson>& lessons);

// The lessons the app ships (lessons/lessons.qrc, under :/lessons), read once.
const lessons::Library& shippedLessons();

// epochs: the most a step trains when neither its goals nor its question say how long (withinEpochs, revealAfterEpochs).
std::vector<StepCheck> checkLesson(const lessons::Lesson& lesson, long long epochs = 300);
QString formatLessonCheck(const lessons::Lesson& lesson, const std::vector<StepCheck>& checks);

}  // namespace app
