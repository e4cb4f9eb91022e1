// The project file: a Project as indented JSON (schema in docs/file-format.md) and back. Loading never throws and
// never crashes: every problem comes back as one sentence naming it (the field's path, the line of a syntax error).
// Doubles round-trip bit for bit; seeds above 2^53 are written as decimal strings so no JSON reader rounds them.
#pragma once
#include "app/document/project.h"
#include <QByteArray>
#include <QString>
#include <optional>

namespace app {
namespace json {
class Field;
}

inline constexpr char kProjectFormatTag[] = "nnlab-project";
inline constexpr char kProjectFileSuffix[] = "nnlab";              // "xor.nnlab"
inline constexpr qint64 kMaxProjectFileBytes = qint64(512) << 20;  // 512 MiB: well above any real project

struct ProjectLoadResult {
    std::optional<Project> project;  // set on success
    QString error;                   // set on failure: what is wrong and where
};

// The whole project as JSON. A trained state holding NaN or infinity (a diverged run) is left out, so the file
// always loads; everything else is written as it is.
QByteArray projectToJson(const Project& project);
ProjectLoadResult projectFromJson(const QByteArray& json);

// Reads and parses a file; errors name the path.
ProjectLoadResult loadProjectFile(const QString& path);
// Writes atomically (QSaveFile): the old file stays intact unless the new one was written completely.
bool saveProjectFile(const QString& path, const Project& project, QString* error);

// Reads `training.augment` ({"rotate", "shift", "zoom", "flip", "noise"}, any subset) into s, strictly: throws
// json::JsonError naming the path of a bad value. Project files and lesson setups share it.
void readAugment(const json::Field& a, engine::AugmentSettings& s);

}  // namespace app
