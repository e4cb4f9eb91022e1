// Fuzzes the project file reader (app::projectFromJson, what loadProjectFile runs on a file's bytes). It must return
// a project or an error for any input, never crash. A project it accepts must also survive a save and a reload:
// projectToJson promises a file that always loads back, so a reload that fails is reported as a crash.
#include "app/document/project_file.h"
#include <QByteArray>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20)) return -1;  // 1 MB: keeps each run short; -1 keeps the input out of the corpus
    const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
    const app::ProjectLoadResult r = app::projectFromJson(json);
    if (!r.project) return 0;
    const app::ProjectLoadResult again = app::projectFromJson(app::projectToJson(*r.project));
    if (!again.project) {
        std::fprintf(stderr, "a loaded project does not load back after projectToJson: %s\n",
                     again.error.toLocal8Bit().constData());
        std::abort();
    }
    return 0;
}
