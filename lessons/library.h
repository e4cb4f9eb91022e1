// All lessons the app ships (the files under a folder, normally the ":/lessons" resource), sorted by their order, and
// the student's progress: which steps of which lesson are done, kept in QSettings so the ticks survive a restart.
#pragma once
#include "lessons/lesson.h"
#include <QSet>
#include <QString>
#include <vector>

namespace lessons {

struct Library {
    std::vector<Lesson> lessons;
    QStringList errors;  // "01-perceptron.md: line 12: ..." for files that did not parse (they are left out)
    const Lesson* find(const QString& id) const;  // by id ("activations") or file name ("02-activations")
};

// Reads every *.md of the folder.
Library loadLibrary(const QString& folder);

// Progress in QSettings under "lessons/<id>/done" (step indices).
class Progress {
public:
    QSet<int> doneSteps(const QString& lessonId) const;
    void markDone(const QString& lessonId, int step);
    bool isDone(const Lesson& lesson) const;  // every step with a check is done (a lesson without checks: all visited)
    void markVisited(const QString& lessonId, int step);
    int lastStep(const QString& lessonId) const;  // where the student left off
    void clear(const QString& lessonId);
};

}  // namespace lessons
