// The window's controls by stable name, as lesson files and project files (the teacher's hide flags) refer to them:
// the docks ("data", "training", "network", "charts", "metrics", "weights"), the toolbar's actions ("play", "step",
// "reset", "seed", "speed", "toolbar"), the editing affordances ("editor", "architecture") and the image workspace's
// parts ("pad", "gallery", "numbers").
#pragma once
#include <QString>
#include <QStringList>

namespace app {

QStringList controlNames();                 // every name, in menu order
QString controlTitle(const QString& name);  // "Data panel", "Play button", ...; the name itself when unknown
bool isControlName(const QString& name);

}  // namespace app
