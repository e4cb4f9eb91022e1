#include "lessons/lesson.h"
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace lessons {
namespace {
QString lessonTr(const char* s) { return QCoreApplication::translate("lessons::Lesson", s); }

// The JSON of a "<!-- name {...} -->" comment that starts on `lines[i]`; advances i past the comment's last line.
std::optional<QJsonObject> readComment(const QStringList& lines, int& i, const QString& name, QString* error) {
    const int start = i;
    QString text = lines[i].trimmed().mid(4).trimmed();  // after "<!--"
    text = text.mid(name.size());
    while (!text.contains("-->")) {
        if (++i >= lines.size()) {
            *error = lessonTr("line %1: the %2 comment never ends (\"-->\" is missing)").arg(start + 1).arg(name);
            return std::nullopt;
        }
        text += '\n' + lines[i];
    }
    text = text.left(text.lastIndexOf("-->")).trimmed();
    if (text.isEmpty()) return QJsonObject();
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = lessonTr("line %1: the %2 JSON does not parse: %3")
                     .arg(start + 1)
                     .arg(name, pe.error != QJsonParseError::NoError ? pe.errorString() : lessonTr("not an object"));
        return std::nullopt;
    }
    return doc.object();
}

QStringList stringList(const QJsonValue& v) {
    QStringList out;
    if (v.isString()) out << v.toString();
    for (const QJsonValue& e : v.toArray()) out << e.toString();
    return out;
}

// A choice question (choices and answer) or a numeric one (number and tolerance, optional unit); never both.
std::optional<Question> readQuestion(const QJsonObject& q, QString* error) {
    static const QStringList keys{"prompt", "choices", "answer", "explain", "revealAfterEpochs",
                                  "number", "tolerance", "unit"};
    for (const QString& k : q.keys())
        if (!keys.contains(k)) {
            *error = lessonTr("unknown question key \"%1\" (expected one of %2)").arg(k, keys.join(", "));
            return std::nullopt;
        }
    Question question;
    question.prompt = q.value("prompt").toString();
    question.explain = q.value("explain").toString();
    question.revealAfterEpochs = q.value("revealAfterEpochs").toInteger(0);
    if (question.prompt.isEmpty()) {
        *error = lessonTr("the question has no prompt");
        return std::nullopt;
    }
    if (q.contains("number") || q.contains("tolerance") || q.contains("unit")) {
        if (q.contains("choices") || q.contains("answer")) {
            *error = lessonTr("a question has either choices and an answer, or a number and a tolerance, not both");
            return std::nullopt;
        }
        const QJsonValue n = q.value("number"), t = q.value("tolerance");
        if (!n.isDouble() || !std::isfinite(n.toDouble())) {
            *error = lessonTr("the numeric question needs \"number\": its answer, a finite number");
            return std::nullopt;
        }
        if (!t.isDouble() || !(t.toDouble() >= 0) || !std::isfinite(t.toDouble())) {
            *error = lessonTr("the numeric question needs \"tolerance\": a number ≥ 0 (how far a typed answer may be "
                              "from %1)")
                         .arg(n.toDouble());
            return std::nullopt;
        }
        if (q.contains("unit") && !q.value("unit").isString()) {
            *error = lessonTr("the question's \"unit\" must be text");
            return std::nullopt;
        }
        if (question.revealAfterEpochs != 0) {
            *error = lessonTr("a numeric question is checked as it is typed: revealAfterEpochs is for choice questions");
            return std::nullopt;
        }
        question.number = n.toDouble();
        question.tolerance = t.toDouble();
        question.unit = q.value("unit").toString();
        return question;
    }
    question.choices = stringList(q.value("choices"));
    question.answer = q.value("answer").toInt(-1);
    if (question.choices.size() < 2 || question.answer < 0 || question.answer >= question.choices.size()) {
        *error = lessonTr("the question needs a prompt, at least two choices and an answer index among them (or a "
                          "number and a tolerance)");
        return std::nullopt;
    }
    return question;
}

bool readStep(const QJsonObject& o, LessonStep& step, QString* error) {
    static const QStringList runnerKeys{"hide", "lock",  "point", "mode",  "show",
                                        "race", "speed", "play",  "goals", "question"};
    static const QStringList modes{"stepper", "gradientCheck", "comparison", "landscape", "search"};
    for (const QString& k : o.keys()) {
        if (setupKeys().contains(k)) step.setup.insert(k, o.value(k));
        else if (!runnerKeys.contains(k)) {
            *error = lessonTr("unknown step key \"%1\"").arg(k);
            return false;
        }
    }
    step.hide = stringList(o.value("hide"));
    step.lock = stringList(o.value("lock"));
    step.point = o.value("point").toString();
    step.mode = o.value("mode").toString();
    if (!step.mode.isEmpty() && !modes.contains(step.mode)) {
        *error = lessonTr("unknown mode \"%1\" (expected one of %2)").arg(step.mode, modes.join(", "));
        return false;
    }
    step.show = o.value("show").toString();
    if (!step.show.isEmpty() && step.show != "activations") {
        *error = lessonTr("unknown \"show\" value \"%1\" (expected activations)").arg(step.show);
        return false;
    }
    step.race = o.value("race").toString();
    static const QStringList races{"optimizers", "algorithms", "updateModes", "fineTuning"};
    if (!step.race.isEmpty() && !races.contains(step.race)) {
        *error = lessonTr("unknown race \"%1\" (expected optimizers, algorithms, updateModes or fineTuning)").arg(step.race);
        return false;
    }
    if (o.contains("speed")) step.speed = o.value("speed").toDouble();
    step.play = o.value("play").toBool();
    for (const QJsonValue& g : o.value("goals").toArray()) {
        QString why;
        std::optional<Goal> goal = parseGoal(g.toObject(), &why);
        if (!goal) {
            *error = why;
            return false;
        }
        step.goals.push_back(*goal);
    }
    if (o.contains("question")) {
        std::optional<Question> question = readQuestion(o.value("question").toObject(), error);
        if (!question) return false;
        step.question = question;
    }
    return true;
}
}  // namespace

int Question::compare(double typed) const {
    if (!number) return 1;
    // A hair of slack for decimals that binary floating point cannot hold exactly (0.1 + 0.2).
    const double slack = tolerance + 1e-9 * std::max(1.0, std::abs(*number));
    if (typed < *number - slack) return -1;
    if (typed > *number + slack) return 1;
    return 0;
}

QString Question::answerText(bool withTolerance) const {
    if (!number) return answer >= 0 && answer < choices.size() ? choices[answer] : QString();
    QString text = QLocale::c().toString(*number, 'g', 6);
    if (withTolerance && tolerance > 0) text += " ± " + QLocale::c().toString(tolerance, 'g', 3);
    if (!unit.isEmpty()) text += (unit == "%" ? "" : " ") + unit;
    return text;
}

std::optional<double> parseTypedNumber(const QString& text) {
    QString t = text.trimmed();
    t.replace(QChar(0x2212), '-');  // the minus sign of the lesson texts
    t.replace(QChar(0x2013), '-');  // an en dash typed for one
    if (!t.contains('.') && t.count(',') == 1) t.replace(',', '.');
    t.remove(' ');
    bool ok = false;
    const double v = QLocale::c().toDouble(t, &ok);
    if (!ok || !std::isfinite(v)) return std::nullopt;
    return v;
}

QStringList setupKeys() {
    return {"preset", "data", "network", "features", "training", "trainRatio", "range", "weights", "firstWeights",
            "freeze"};
}

bool LessonStep::buildsProject() const { return !setup.isEmpty(); }

LessonParseResult parseLesson(const QString& text, const QString& fallbackId) {
    LessonParseResult result;
    Lesson lesson;
    lesson.id = fallbackId;
    const QStringList lines = text.split('\n');
    LessonStep* step = nullptr;
    QStringList body;
    auto finishStep = [&] {
        if (step) step->markdown = body.join('\n').trimmed();
        body.clear();
    };
    for (int i = 0; i < lines.size(); ++i) {
        const QString& line = lines[i];
        const QString t = line.trimmed();
        QString error;
        if (line.startsWith("# ") && lesson.title.isEmpty()) {
            lesson.title = line.mid(2).trimmed();
        } else if (line.startsWith("## ")) {
            finishStep();
            lesson.steps.push_back({});
            step = &lesson.steps.back();
            step->title = line.mid(3).trimmed();
            step->line = i + 1;
        } else if (t.startsWith("<!--") && t.mid(4).trimmed().startsWith("lesson") && !step) {
            const std::optional<QJsonObject> o = readComment(lines, i, "lesson", &error);
            if (!o) return {std::nullopt, error};
            lesson.id = o->value("id").toString(lesson.id);
            lesson.chapter = o->value("chapter").toString();
            lesson.summary = o->value("summary").toString();
            lesson.order = o->value("order").toInt();
        } else if (t.startsWith("<!--") && t.mid(4).trimmed().startsWith("step") && step) {
            const int at = i + 1;
            const std::optional<QJsonObject> o = readComment(lines, i, "step", &error);
            if (!o) return {std::nullopt, error};
            if (!readStep(*o, *step, &error))
                return {std::nullopt, lessonTr("line %1 (step \"%2\"): %3").arg(at).arg(step->title, error)};
        } else if (step) {
            body << line;
        }
    }
    finishStep();
    if (lesson.title.isEmpty()) return {std::nullopt, lessonTr("the lesson has no title (a first line \"# Title\")")};
    if (lesson.steps.empty()) return {std::nullopt, lessonTr("the lesson has no steps (\"## Step title\" headings)")};
    if (lesson.id.isEmpty()) return {std::nullopt, lessonTr("the lesson has no id")};
    result.lesson = lesson;
    return result;
}

}  // namespace lessons
