// A lesson as data: a title, a chapter and a list of steps, each with Markdown text, a setup (JSON the app applies to a
// project), the controls it hides or locks, the widget it points at, goals and a predict-then-reveal question.
// lessons/README.md is the file format; parseLesson reads it and names the line of any error.
#pragma once
#include "lessons/goal.h"
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace lessons {

// A question is either a choice (choices and the index of the right one: predict, lock in, see) or a number the
// student works out and types (value ± tolerance, in unit: checked at once, tried again, or shown on request).
struct Question {
    QString prompt;
    QStringList choices;
    int answer = 0;  // index into choices
    QString explain;
    long long revealAfterEpochs =
        0;  // > 0: the run plays after the student locks in, and the answer shows at that epoch
    std::optional<double> number;  // a numeric question: the answer
    double tolerance = 0;          // a typed value within number ± tolerance is right
    QString unit;                  // shown after the field and in the answer ("epochs", "%"); may be empty

    bool isNumeric() const { return number.has_value(); }
    // A typed value against the answer: -1 too low, 0 right (within the tolerance), 1 too high.
    int compare(double typed) const;
    // The answer as the panel shows it: "0.25" or "0.25 epochs" (with "± 0.01" when withTolerance).
    QString answerText(bool withTolerance = false) const;
};

// A number as a student types it: "0.25", "-1.5", "−1.5" (a minus sign), "1,5" (a decimal comma), "1e-3", with spaces
// around. Nothing for anything else.
std::optional<double> parseTypedNumber(const QString& text);

struct LessonStep {
    QString title;
    QString markdown;
    QJsonObject setup;       // the keys that build a project (preset, data, network, features, training, ...)
    QStringList hide, lock;  // control names
    QString point;           // a control name or "output"
    QString mode;            // "stepper", "gradientCheck", "comparison", "landscape", "search"
    QString show;            // "activations": the panel shows the activation functions and their derivatives
    QString race;  // with mode "comparison": "optimizers", "algorithms", "updateModes" or "fineTuning", the race it sets up
    std::optional<double> speed;  // steps per second (0 = full speed)
    bool play = false;
    std::vector<Goal> goals;
    std::optional<Question> question;
    int line = 0;  // of the step's heading, for messages

    bool buildsProject() const;  // has any setup key: the step starts from a fresh project
    bool hasCheck() const { return !goals.empty() || question.has_value(); }
};

struct Lesson {
    QString id, title, chapter, summary;
    QString fileName;  // the file it came from, without ".md" ("02-activations"): found by that name too
    int order = 0;
    std::vector<LessonStep> steps;
};

struct LessonParseResult {
    std::optional<Lesson> lesson;
    QString error;  // "line 12: the step's JSON does not parse: ..."
};

// Parses a lesson file's text. `fallbackId` names a lesson without an id.
LessonParseResult parseLesson(const QString& text, const QString& fallbackId = {});
// Keys a step's setup may have (the others are errors).
QStringList setupKeys();

}  // namespace lessons
