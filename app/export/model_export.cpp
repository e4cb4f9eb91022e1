#include "app/export/model_export.h"
#include "app/export/export_writers.h"
#include "app/document/project.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace app {

QString formatName(ExportFormat f) {
    switch (f) {
    case ExportFormat::Json: return "json";
    case ExportFormat::Onnx: return "onnx";
    case ExportFormat::C: return "c";
    case ExportFormat::Cpp: return "cpp";
    case ExportFormat::PyTorch: return "pytorch";
    case ExportFormat::Csv: return "csv";
    }
    return "?";
}

QStringList formatNames() { return {"onnx", "json", "c", "cpp", "pytorch", "csv"}; }

std::optional<ExportFormat> formatFromName(const QString& name) {
    const QString n = name.trimmed().toLower();
    if (n == "c++" || n == "eigen" || n == "hpp") return ExportFormat::Cpp;
    if (n == "torch" || n == "py" || n == "python") return ExportFormat::PyTorch;
    for (ExportFormat f : {ExportFormat::Json, ExportFormat::Onnx, ExportFormat::C, ExportFormat::Cpp,
                           ExportFormat::PyTorch, ExportFormat::Csv})
        if (formatName(f) == n) return f;
    return std::nullopt;
}

QString formatSuffix(ExportFormat f) {
    switch (f) {
    case ExportFormat::Json: return "json";
    case ExportFormat::Onnx: return "onnx";
    case ExportFormat::C: return "c";
    case ExportFormat::Cpp: return "hpp";
    case ExportFormat::PyTorch: return "py";
    case ExportFormat::Csv: return "";
    }
    return "";
}

QString formatDescription(ExportFormat f) {
    switch (f) {
    case ExportFormat::Json: return "NN Lab model JSON (*.json)";
    case ExportFormat::Onnx: return "ONNX model (*.onnx)";
    case ExportFormat::C: return "C source, .c and .h (*.c)";
    case ExportFormat::Cpp: return "C++ header for Eigen (*.hpp *.h)";
    case ExportFormat::PyTorch: return "PyTorch script (*.py)";
    case ExportFormat::Csv: return "CSV weight tables (a folder)";
    }
    return "";
}

namespace {

bool writeFile(const QString& path, const QByteArray& bytes, ExportResult& r) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        r.ok = false;
        r.error = QString("Could not write %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    r.files << path;
    return true;
}

ExportResult failure(const QString& message) {
    ExportResult r;
    r.error = message;
    return r;
}

}  // namespace

ExportResult exportModel(const engine::Trainer& trainer, ExportFormat format, const QString& path,
                         const ExportInfo& info) {
    if (path.isEmpty()) return failure("No output file given.");
    QString error;
    const std::optional<ExportedModel> model = ExportedModel::describe(trainer, info.title, info.trained, &error);
    if (!model) return failure(error);

    ExportResult r;
    r.ok = true;
    switch (format) {
    case ExportFormat::Json: writeFile(path, writers::json(*model), r); break;
    case ExportFormat::Onnx: {
        const std::optional<QByteArray> bytes = writers::onnx(*model, &error);
        if (!bytes) return failure("The ONNX model did not pass onnx::checker: " + error);
        writeFile(path, *bytes, r);
        break;
    }
    case ExportFormat::C: {
        if (path.endsWith(".h", Qt::CaseInsensitive))
            return failure("Give the name of the .c file; its header is written beside it with the suffix .h.");
        const QString header = path.endsWith(".c") ? path.chopped(2) + ".h" : path + ".h";
        const QString guard = "NNLAB_" + identifierFromFileName(header).toUpper() + "_H";
        if (writeFile(header, writers::cHeader(*model, guard), r))
            writeFile(path, writers::cSource(*model, QFileInfo(header).fileName()), r);
        break;
    }
    case ExportFormat::Cpp: writeFile(path, writers::cppHeader(*model, identifierFromFileName(path)), r); break;
    case ExportFormat::PyTorch: writeFile(path, writers::pytorch(*model, QFileInfo(path).fileName()), r); break;
    case ExportFormat::Csv: {
        const QFileInfo dir(path);
        if (dir.exists() && !dir.isDir())
            return failure(QString("%1 is a file; CSV export writes a folder of tables.").arg(path));
        if (!QDir().mkpath(path)) return failure(QString("Could not create the folder %1.").arg(path));
        for (const auto& [name, bytes] : writers::csv(*model))
            if (!writeFile(QDir(path).filePath(name), bytes, r)) break;
        break;
    }
    }
    return r;
}

ExportResult exportModel(const Project& project, const engine::Trainer& trainer, ExportFormat format,
                         const QString& path) {
    // A live trainer may have trained past what the project last captured.
    const bool trained = project.trained.has_value() || trainer.stepCount() > 0;
    return exportModel(trainer, format, path, ExportInfo{project.title, trained});
}

}  // namespace app
