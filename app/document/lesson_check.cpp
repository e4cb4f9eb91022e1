#include "app/document/lesson_check.h"
#include "app/document/lesson_setup.h"
#include "app/document/project_data.h"
#include "app/document/race_setup.h"
#include "engine/trainer.h"
#include <algorithm>
#include <cmath>
#include <memory>

static void initLessonResources() { Q_INIT_RESOURCE(lessons); }  // not inside a namespace (Qt's rule)

namespace app {

const lessons::Library& shippedLessons() {
    static const lessons::Library library = [] {
        initLessonResources();
        return lessons::loadLibrary(":/lessons");
    }();
    return library;
}

lessons::GoalInput lessonGoalInput(const engine::StepResult& r, const engine::NetworkSpec& spec,
                                   const engine::Vector& params, const Project& project) {
    lessons::GoalInput in = lessons::goalInput(r, spec, params, project.training.features);
    in.training = project.training;
    in.data = describeData(project);
    in.hasSettings = true;
    return in;
}

double shiftedTestAccuracy(const engine::NetworkSpec& spec, const engine::Vector& params, const engine::Dataset& test,
                           const engine::Standardizer& inputStd) {
    const double none = std::nan("");
    if (test.size() == 0 || test.task != engine::Task::Classification || !spec.validate().empty()) return none;
    const std::optional<engine::Shape> shape = engine::pictureShape(spec, test.inputDim(), true);
    if (!shape) return none;
    try {
        engine::Network net(spec);
        if (net.parameterCount() != params.size() || spec.inputs != test.inputDim()) return none;
        net.params() = params;
        // A single output is read as the trainer reads it: at 0 after tanh-like activations (±1 targets), else 0.5.
        const engine::Activation out = spec.outputActivation();
        const bool signedOut = spec.outputs() == 1 && (out == engine::Activation::Tanh ||
                                                       out == engine::Activation::Identity ||
                                                       out == engine::Activation::Sine);
        return engine::shiftedAccuracy(net, test.X, test.labels, *shape, inputStd, signedOut ? 0.0 : 0.5);
    } catch (const std::exception&) {
        return none;
    }
}

QString describeData(const Project& project) {
    const DataSource& d = project.data;
    QString text;
    switch (d.kind) {
    case DataSource::Kind::Generated:
        text = QString("%1, %2 samples, noise %3, %4 classes, seed %5")
                   .arg(QString::fromStdString(engine::generatorName(d.generator.kind)))
                   .arg(d.generator.samples)
                   .arg(d.generator.noise)
                   .arg(d.generator.classes)
                   .arg(d.generator.seed);
        break;
    case DataSource::Kind::Bundled: text = d.bundled; break;
    case DataSource::Kind::Points: {
        // Drawn or imported points: their count and a checksum, so a point added or moved is a change.
        double sum = 0;
        for (engine::Index i = 0; i < d.points.X.size(); ++i) sum += d.points.X.data()[i] * double(i % 97 + 1);
        for (std::size_t i = 0; i < d.points.labels.size(); ++i) sum += d.points.labels[i] * double(i % 89 + 1);
        for (engine::Index i = 0; i < d.points.targets.size(); ++i)
            sum += d.points.targets.data()[i] * double(i % 83 + 1);
        text = QString("%1 points (%2)").arg(d.points.size()).arg(sum, 0, 'g', 12);
        break;
    }
    }
    return text + QString(", train %1, split seed %2").arg(project.trainRatio).arg(project.splitSeed);
}

CheckedShare checkedShare(const std::vector<lessons::Lesson>& lessons) {
    CheckedShare share;
    for (const lessons::Lesson& l : lessons)
        for (const lessons::LessonStep& s : l.steps) {
            ++share.steps;
            if (s.hasCheck()) ++share.checked;
        }
    return share;
}

namespace {
long long budget(const lessons::LessonStep& step, long long fallback) {
    long long n = 0;
    for (const lessons::Goal& g : step.goals) n = std::max(n, g.withinEpochs);
    if (step.question) n = std::max(n, step.question->revealAfterEpochs);
    return n > 0 ? n : fallback;
}

// A race step's race, run to its default budget from the project the step stands on: per run, where it stood at each
// quarter of the budget (updates; epochs for update modes).
QStringList raceReport(RaceKind kind, const Project& project) {
    const long long budget = defaultRaceBudget(kind);
    Race race = makeRace(kind, project, budget);
    engine::Comparison& c = *race.comparison;
    while (c.step(50)) {
    }
    const bool epochs = kind == RaceKind::UpdateModes;
    QStringList lines{QString("race, %1 %2:").arg(budget).arg(epochs ? "epochs" : "updates")};
    if (!race.warning.isEmpty()) lines << race.warning;
    for (int r = 0; r < c.runCount(); ++r) {
        const engine::ComparisonSeries& s = c.series(r);
        const engine::ComparisonRun& run = c.run(r);
        const engine::Index all = c.parameters(r).size();
        QString line = QString("  %1 (trains %2 of %3)").arg(QString::fromStdString(s.name))
                           .arg(run.trainable.size() ? engine::Index(run.trainable.sum()) : all)
                           .arg(all);
        if (!s.applicable) line += ": " + QString::fromStdString(s.note);
        for (int q = 1; q <= 4 && !s.points.empty(); ++q) {
            const double at = double(budget) * q / 4;
            auto it = std::find_if(s.points.begin(), s.points.end(), [&](const engine::ComparisonPoint& p) {
                return (epochs ? p.epochs : double(p.updates)) >= at - 1e-9;
            });
            if (it == s.points.end()) break;  // stopped early (diverged)
            line += QString(q == 1 ? ": " : "; ") + QString("at %1 loss %2").arg(at).arg(it->loss, 0, 'f', 4);
            if (std::isfinite(it->testAccuracy)) line += QString(", test accuracy %1").arg(it->testAccuracy);
        }
        if (s.note == "diverged") line += " (diverged)";
        lines << line;
    }
    return lines;
}
}  // namespace

std::vector<StepCheck> checkLesson(const lessons::Lesson& lesson, long long epochs) {
    std::vector<StepCheck> checks;
    std::unique_ptr<engine::Trainer> trainer;
    std::optional<Project> project;  // the last step's setup that built one
    for (const lessons::LessonStep& step : lesson.steps) {
        StepCheck c;
        c.title = step.title;
        c.hasGoals = !step.goals.empty();
        if (step.buildsProject()) {
            trainer.reset();
            project = lessonProject(step.setup, &c.error);
            if (project) trainer = makeTrainer(*project, &c.error);
        }
        if (const std::optional<RaceKind> kind = raceKindFromName(step.race);
            kind && step.mode == "comparison" && project && c.error.isEmpty()) {
            try {
                c.race = raceReport(*kind, *project);
            } catch (const std::exception& e) {
                c.error = QString("the race cannot run: %1").arg(QString::fromStdString(e.what()));
            }
        }
        if (trainer && c.hasGoals) {
            const long long limit = budget(step, epochs);
            const long long start = trainer->epochCount();
            engine::StepResult r = trainer->result();
            const bool shifted = lessons::goalsUse(step.goals, "shiftedTestAccuracy");  // four passes: only if asked
            auto evaluate = [&] {
                lessons::GoalInput in = lessons::goalInput(r, trainer->spec(), trainer->network().params(),
                                                           trainer->settings().features);
                // "changed" goals need the student's hand: the settings stay unknown, and such goals unmet.
                if (shifted)
                    in.shiftedTestAccuracy = shiftedTestAccuracy(trainer->spec(), trainer->network().params(),
                                                                 trainer->testData(), trainer->standardizer());
                in.epoch -= start;  // a step's "within N epochs" counts from where the step began
                const lessons::GoalCheck check = lessons::checkGoals(step.goals, in);
                c.goals.clear();
                for (std::size_t g = 0; g < step.goals.size(); ++g)
                    c.goals << QString("%1 %2 (%3)")
                                   .arg(check.states[int(g)] == lessons::GoalStatus::Met ? "✓" : "✗",
                                        step.goals[g].text, check.values[int(g)]);
                c.epoch = in.epoch;
                return check.allMet;
            };
            c.reached = evaluate();
            while (!c.reached && trainer->epochCount() - start < limit && !r.diverged) {
                r = trainer->runEpochs(1);
                c.reached = evaluate();
            }
        }
        checks.push_back(c);
    }
    return checks;
}

QString formatLessonCheck(const lessons::Lesson& lesson, const std::vector<StepCheck>& checks) {
    const CheckedShare share = checkedShare({lesson});
    QString text = QString("%1 (%2 steps, %3 with a check)\n").arg(lesson.title).arg(checks.size()).arg(share.checked);
    for (std::size_t i = 0; i < checks.size(); ++i) {
        const StepCheck& c = checks[i];
        text += QString("  %1. %2").arg(i + 1).arg(c.title);
        if (!c.error.isEmpty()) text += QString(": SETUP ERROR: %1").arg(c.error);
        else if (c.hasGoals)
            text += c.reached ? QString(": goals reached at epoch %1").arg(c.epoch)
                              : QString(": goals not reached by training (epoch %1)").arg(c.epoch);
        text += "\n";
        for (const QString& g : c.goals) text += "       " + g + "\n";
        for (const QString& r : c.race) text += "       " + r + "\n";
        if (i < lesson.steps.size() && lesson.steps[i].question) {
            const lessons::Question& q = *lesson.steps[i].question;
            text += q.isNumeric() ? QString("       ? type a number: %1\n").arg(q.answerText(true))
                                  : QString("       ? choose: %1\n").arg(q.answerText());
        }
    }
    return text;
}

}  // namespace app
