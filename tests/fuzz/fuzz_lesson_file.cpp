// Fuzzes the lesson file parser (lessons::parseLesson on the file's text, as lessons::loadLibrary and
// `nnlab lesson FILE` read it). It must give a lesson or an error naming a line, never crash.
#include "lessons/lesson.h"
#include <QString>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20)) return -1;  // 1 MB: keeps each run short; -1 keeps the input out of the corpus
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const lessons::LessonParseResult r = lessons::parseLesson(text, QStringLiteral("fuzz"));
    if (r.lesson)
        for (const lessons::LessonStep& step : r.lesson->steps) (void)step.buildsProject();
    return 0;
}
