// For GUI tests that take projector-sized screenshots: the offscreen platform's screen is 800×600; a projector shows
// 1280×800 or more. Called before QTEST_MAIN creates the application (from a namespace-scope initialiser), it gives the
// offscreen platform one 1920×1080 screen, so presenter mode's full screen is a projector's.
#pragma once
#include <QDir>
#include <QFile>

inline bool useProjectorScreen(const char* name) {
    if (qgetenv("QT_QPA_PLATFORM") != "offscreen") return false;
    const QString path = QDir::temp().filePath(QString("nnlab-%1-screen.json").arg(name));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    f.write(R"({"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1920, "height": 1080,
                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})");
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(path));
    return true;
}
