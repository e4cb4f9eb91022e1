#include "app/window/example_projects.h"
#include "app/document/project_file.h"
#include <QDir>

// The examples are compiled into the static nnlab_document library, and a linker drops a static library's resource
// initialiser unless something names it. Outside any namespace, as Q_INIT_RESOURCE requires.
static void initExampleResources() {
    static const bool done = [] {
        Q_INIT_RESOURCE(examples);
        return true;
    }();
    Q_UNUSED(done);
}

namespace app {

QList<ExampleProject> exampleProjects() {
    initExampleResources();
    QList<ExampleProject> out;
    const QDir folder(kExamplesFolder);
    for (const QString& name : folder.entryList({QString("*.") + kProjectFileSuffix}, QDir::Files, QDir::Name)) {
        const QString path = folder.filePath(name);
        const ProjectLoadResult r = loadProjectFile(path);
        if (!r.project) continue;
        out.append({path, r.project->title.isEmpty() ? name : r.project->title, r.project->description});
    }
    return out;
}

}  // namespace app
