// Exports a trained network in the formats people use (docs/model-export.md): JSON, ONNX, C, C++ (Eigen), a PyTorch
// script, and CSV weight tables. Each export takes the raw inputs (x1, x2, or the data's columns) and applies the
// feature transform and standardisation itself, so it predicts what the app predicts. Every file is written atomically;
// an ONNX model is written only after onnx::checker accepted it.
#pragma once
#include "engine/trainer.h"
#include <QString>
#include <QStringList>
#include <optional>

namespace app {

struct Project;

enum class ExportFormat { Json, Onnx, C, Cpp, PyTorch, Csv };

struct ExportResult {
    bool ok = false;
    QString error;      // set when !ok: what went wrong, naming the file
    QStringList files;  // every file written (C writes a .c and a .h; CSV a folder of tables)
};

struct ExportInfo {
    QString title;        // the project's title, written into comments and metadata
    bool trained = true;  // false: the weights are the initial ones (written into comments and metadata)
};

QString formatName(ExportFormat f);                               // "json", "onnx", "c", "cpp", "pytorch", "csv"
std::optional<ExportFormat> formatFromName(const QString& name);  // case-insensitive; also "c++", "torch", "py"
QStringList formatNames();
QString formatSuffix(ExportFormat f);       // "json", "onnx", "c", "hpp", "py", "" (CSV writes into a folder)
QString formatDescription(ExportFormat f);  // for a file dialog: "ONNX model (*.onnx)"

// Writes the trainer's network to `path`. For C, `path` is the .c file and its header is written beside it with the
// suffix .h; for CSV, `path` is a folder (created when missing) that receives network.csv, inputs.csv, layer1.csv, ...
ExportResult exportModel(const engine::Trainer& trainer, ExportFormat format, const QString& path,
                         const ExportInfo& info = {});
// The same, with the title and trained flag taken from the project.
ExportResult exportModel(const Project& project, const engine::Trainer& trainer, ExportFormat format,
                         const QString& path);

// Parses an ONNX file and runs onnx::checker on it (the check every export runs before writing). Empty when it passes;
// otherwise the checker's message.
QString checkOnnxFile(const QString& path);

}  // namespace app
