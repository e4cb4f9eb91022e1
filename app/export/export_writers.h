// The writers behind exportModel(), one per format: each turns an ExportedModel into file contents and touches no
// files itself (model_export.cpp writes them atomically). Layouts are documented in docs/model-export.md.
#pragma once
#include "app/export/exported_model.h"
#include <QByteArray>
#include <QString>
#include <optional>
#include <utility>
#include <vector>

namespace app::writers {

// docs/model-json.md
QByteArray json(const ExportedModel& m);
// A checked ModelProto, serialised; nullopt with the checker's message in *error.
std::optional<QByteArray> onnx(const ExportedModel& m, QString* error);
// The .c source (which includes `headerFileName`) and its header; `guard` is the header's include guard.
QByteArray cSource(const ExportedModel& m, const QString& headerFileName);
QByteArray cHeader(const ExportedModel& m, const QString& guard);
// A header-only C++17 file with everything in `namespace ns`.
QByteArray cppHeader(const ExportedModel& m, const QString& ns);
// A Python script (PyTorch); `fileName` is how its usage text names it.
QByteArray pytorch(const ExportedModel& m, const QString& fileName);
// CSV tables: (file name, contents) pairs, network.csv first.
std::vector<std::pair<QString, QByteArray>> csv(const ExportedModel& m);

// One input feature as an expression of x1 and x2, the functions prefixed with `math` ("", "std::", "torch.").
QString featureExpression(engine::Feature f, const QString& math);
// Text for a comment: no "*/" (C), one line.
QString commentSafe(QString s);
// A number written so that reading it back gives the same double (shortestDouble).
inline QString num(double v) { return QString::fromStdString(shortestDouble(v)); }

}  // namespace app::writers
