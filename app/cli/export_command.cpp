#include "app/cli/export_command.h"
#include "app/cli/cli.h"
#include "app/export/model_export.h"
#include "app/document/project_data.h"
#include "app/document/project_file.h"
#include <QDir>
#include <QTextStream>

namespace app {
namespace {

int usage(QTextStream& err, const QString& message) {
    err << "nnlab: " << message << "\n\n" << usageText();
    err.flush();
    return 2;
}

}  // namespace

int runExport(const QStringList& args) {
    QTextStream out(stdout), err(stderr);
    QString file, format, output;
    for (int i = 2; i < args.size(); ++i) {
        const QString a = args[i];
        QString name = a, value;
        bool inlineValue = false;
        if (a.startsWith("--") && a.contains('=')) {
            name = a.left(a.indexOf('='));
            value = a.mid(a.indexOf('=') + 1);
            inlineValue = true;
        }
        if (name == "--format" || name == "-f" || name == "--output" || name == "-o") {
            if (!inlineValue) {
                if (i + 1 >= args.size()) return usage(err, QString("%1 needs a value").arg(name));
                value = args[++i];
            }
            QString& target = (name == "--format" || name == "-f") ? format : output;
            if (!target.isEmpty()) return usage(err, QString("%1 given twice").arg(name));
            if (value.isEmpty()) return usage(err, QString("%1 needs a value").arg(name));
            target = value;
        } else if (a.startsWith('-') && a != "-") {
            return usage(err, QString("unknown option %1 for export").arg(a));
        } else if (file.isEmpty()) {
            file = a;
        } else {
            return usage(err, "export takes exactly one project file");
        }
    }
    if (file.isEmpty()) return usage(err, "export needs a project file");
    if (format.isEmpty()) return usage(err, "export needs --format " + formatNames().join('|'));
    if (output.isEmpty()) return usage(err, "export needs -o OUT, the file to write (a folder for csv)");
    const std::optional<ExportFormat> fmt = formatFromName(format);
    if (!fmt) return usage(err, QString("unknown format \"%1\"; formats: %2").arg(format, formatNames().join(", ")));

    const ProjectLoadResult loaded = loadProjectFile(file);
    if (!loaded.project) {
        err << "nnlab: " << loaded.error << "\n";
        return 1;
    }
    const Project& project = *loaded.project;
    QString error;
    const std::unique_ptr<engine::Trainer> trainer = makeTrainer(project, &error);
    if (!trainer) {
        err << "nnlab: " << file << ": " << error << "\n";
        return 1;
    }
    if (!project.trained)
        err << "nnlab: warning: " << file << " holds no trained weights; exporting the initial weights "
            << "(train first: nnlab train " << file << " --save " << file << ")\n";
    err.flush();

    const ExportResult r = exportModel(project, *trainer, *fmt, output);
    if (!r.ok) {
        err << "nnlab: " << r.error << "\n";
        return 1;
    }
    for (const QString& f : r.files) out << "wrote " << QDir::toNativeSeparators(f) << "\n";
    return 0;
}

}  // namespace app
