#include "app/document/lesson_check.h"
#include "app/document/lesson_setup.h"
#include "app/document/project_data.h"
#include "engine/trainer.h"
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

namespace {
long long budget(const lessons::LessonStep& step, long long fallback) {
    long long n = 0;
    for (const lessons::Goal& g : step.goals) n = std::max(n, g.withinEpochs);
    if (step.question) n = std::max(n, step.question->revealAfterEpochs);
    return n > 0 ? n : fallback;
}
}  // namespace

std::vector<StepCheck> checkLesson(const lessons::Lesson& lesson, long long epochs) {
    std::vector<StepCheck> checks;
    std::unique_ptr<engine::Trainer> trainer;
    for (const lessons::LessonStep& step : lesson.steps) {
        StepCheck c;
        c.title = step.title;
        c.hasGoals = !step.goals.empty();
        if (step.buildsProject()) {
            trainer.reset();
            if (const std::optional<Project> p = lessonProject(step.setup, &c.error))
                trainer = makeTrainer(*p, &c.error);
        }
        if (trainer && c.hasGoals) {
            const long long limit = budget(step, epochs);
            const long long start = trainer->epochCount();
            engine::StepResult r = trainer->result();
            auto evaluate = [&] {
                lessons::GoalInput in = lessons::goalInput(r, trainer->spec(), trainer->network().params(),
                                                           trainer->settings().features);
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
    QString text = QString("%1 (%2 steps)\n").arg(lesson.title).arg(checks.size());
    for (std::size_t i = 0; i < checks.size(); ++i) {
        const StepCheck& c = checks[i];
        text += QString("  %1. %2").arg(i + 1).arg(c.title);
        if (!c.error.isEmpty()) text += QString(": SETUP ERROR: %1").arg(c.error);
        else if (c.hasGoals)
            text += c.reached ? QString(": goals reached at epoch %1").arg(c.epoch)
                              : QString(": goals not reached by training (epoch %1)").arg(c.epoch);
        text += "\n";
        for (const QString& g : c.goals) text += "       " + g + "\n";
    }
    return text;
}

}  // namespace app
