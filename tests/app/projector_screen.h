// For GUI tests that take projector-sized screenshots: the offscreen platform's screen is 800×600; a projector shows
// 1280×800 or more. Called before QTEST_MAIN creates the application (from a namespace-scope initialiser), it gives the
// offscreen platform one 1920×1080 screen, so presenter mode's full screen is a projector's.
#pragma once
#include <QDir>
#include <QFile>

// One offscreen screen of width × height (a projector's 1920×1080, a laptop's 1400×1000).
inline bool useScreen(const char* name, int width, int height) {
    if (qgetenv("QT_QPA_PLATFORM") != "offscreen") return false;
    const QString path = QDir::temp().filePath(QString("nnlab-%1-screen.json").arg(name));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    f.write(QString(R"({"screens": [{"name": "%1", "x": 0, "y": 0, "width": %2, "height": %3,
                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})")
                .arg(name)
                .arg(width)
                .arg(height)
                .toUtf8());
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(path));
    return true;
}

inline bool useProjectorScreen(const char* name) { return useScreen(name, 1920, 1080); }
