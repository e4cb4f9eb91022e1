#include "lessons/library.h"
#include <QDir>
#include <QFile>
#include <QSettings>
#include <algorithm>

namespace lessons {

const Lesson* Library::find(const QString& id) const {
    for (const Lesson& l : lessons)
        if (l.id == id || (!l.fileName.isEmpty() && l.fileName == id)) return &l;
    return nullptr;
}

Library loadLibrary(const QString& folder) {
    Library lib;
    const QDir dir(folder);
    for (const QString& name : dir.entryList({"*.md"}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly)) {
            lib.errors << QString("%1: %2").arg(name, f.errorString());
            continue;
        }
        LessonParseResult r = parseLesson(QString::fromUtf8(f.readAll()), QFileInfo(name).completeBaseName());
        if (r.lesson) r.lesson->fileName = QFileInfo(name).completeBaseName();
        if (!r.lesson) lib.errors << QString("%1: %2").arg(name, r.error);
        else if (lib.find(r.lesson->id)) lib.errors << QString("%1: the id \"%2\" is taken").arg(name, r.lesson->id);
        else lib.lessons.push_back(*r.lesson);
    }
    std::stable_sort(lib.lessons.begin(), lib.lessons.end(),
                     [](const Lesson& a, const Lesson& b) { return a.order < b.order; });
    return lib;
}

namespace {
QString key(const QString& id, const char* what) { return QString("lessons/%1/%2").arg(id, what); }
QSet<int> readSet(const QString& k) {
    QSet<int> s;
    for (const QVariant& v : QSettings().value(k).toList()) s.insert(v.toInt());
    return s;
}
void writeSet(const QString& k, const QSet<int>& s) {
    QList<int> sorted(s.begin(), s.end());
    std::sort(sorted.begin(), sorted.end());
    QVariantList list;
    for (int v : sorted) list << v;
    QSettings().setValue(k, list);
}
}  // namespace

QSet<int> Progress::doneSteps(const QString& lessonId) const { return readSet(key(lessonId, "done")); }

void Progress::markDone(const QString& lessonId, int step) {
    QSet<int> s = doneSteps(lessonId);
    s.insert(step);
    writeSet(key(lessonId, "done"), s);
}

void Progress::markVisited(const QString& lessonId, int step) {
    QSet<int> s = readSet(key(lessonId, "visited"));
    s.insert(step);
    writeSet(key(lessonId, "visited"), s);
    QSettings().setValue(key(lessonId, "last"), step);
}

int Progress::lastStep(const QString& lessonId) const { return QSettings().value(key(lessonId, "last"), 0).toInt(); }

bool Progress::isDone(const Lesson& lesson) const {
    const QSet<int> done = doneSteps(lesson.id), visited = readSet(key(lesson.id, "visited"));
    for (int i = 0; i < int(lesson.steps.size()); ++i) {
        const bool ok = lesson.steps[std::size_t(i)].hasCheck() ? done.contains(i) : visited.contains(i);
        if (!ok) return false;
    }
    return true;
}

void Progress::clear(const QString& lessonId) { QSettings().remove(QString("lessons/%1").arg(lessonId)); }

}  // namespace lessons
