#include "app/document/window_controls.h"
#include <QCoreApplication>
#include <utility>

namespace app {
namespace {
const std::pair<const char*, const char*> kControls[] = {
    {"data", QT_TRANSLATE_NOOP("Controls", "Data panel")},
    {"training", QT_TRANSLATE_NOOP("Controls", "Training settings panel")},
    {"network", QT_TRANSLATE_NOOP("Controls", "Network diagram")},
    {"editor", QT_TRANSLATE_NOOP("Controls", "Editing the network on the diagram")},
    {"architecture", QT_TRANSLATE_NOOP("Controls", "Architecture text and formula")},
    {"charts", QT_TRANSLATE_NOOP("Controls", "Loss and accuracy charts")},
    {"metrics", QT_TRANSLATE_NOOP("Controls", "Metrics (confusion matrix)")},
    {"weights", QT_TRANSLATE_NOOP("Controls", "Weights heatmap")},
    {"toolbar", QT_TRANSLATE_NOOP("Controls", "Training toolbar")},
    {"play", QT_TRANSLATE_NOOP("Controls", "Play button")},
    {"step", QT_TRANSLATE_NOOP("Controls", "Step and Epoch buttons")},
    {"reset", QT_TRANSLATE_NOOP("Controls", "Reset button")},
    {"seed", QT_TRANSLATE_NOOP("Controls", "New seed button")},
    {"speed", QT_TRANSLATE_NOOP("Controls", "Speed slider")},
    {"pad", QT_TRANSLATE_NOOP("Controls", "Drawing pad (image data)")},
    {"gallery", QT_TRANSLATE_NOOP("Controls", "Samples gallery (image data)")},
    {"numbers", QT_TRANSLATE_NOOP("Controls", "The pad as numbers (image data)")},
};
}  // namespace

QStringList controlNames() {
    QStringList names;
    for (const auto& [name, title] : kControls) names << QString::fromLatin1(name);
    return names;
}

QString controlTitle(const QString& name) {
    for (const auto& [n, title] : kControls)
        if (name == QLatin1String(n)) return QCoreApplication::translate("Controls", title);
    return name;
}

bool isControlName(const QString& name) { return controlNames().contains(name); }

}  // namespace app
