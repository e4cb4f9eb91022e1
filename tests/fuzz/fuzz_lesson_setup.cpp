// Fuzzes the lesson setup reader (app::lessonProject): a step's setup object, the JSON between "<!-- step" and "-->"
// that parseLesson keeps, turned into a project with its data set. It must give a project or an error, never crash.
// The input is the step's JSON; only the setup keys are passed on, as parseLesson does.
#include "app/document/lesson_setup.h"
#include "lessons/lesson.h"
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20)) return -1;  // 1 MB: keeps each run short; -1 keeps the input out of the corpus
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size)));
    if (!doc.isObject()) return 0;
    static const QStringList keys = lessons::setupKeys();
    QJsonObject setup;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (keys.contains(it.key())) setup.insert(it.key(), it.value());
    if (setup.isEmpty()) return 0;  // parseLesson keeps no setup: the step does not build a project
    QString error;
    (void)app::lessonProject(setup, &error);
    return 0;
}
