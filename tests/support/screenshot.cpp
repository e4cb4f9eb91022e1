#include "screenshot.h"
#include "nnlab_test_paths.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QTest>
#include <QWidget>

namespace testsupport {

namespace {
bool fail(const QString& path, const QString& why, const std::source_location& where) {
    QTest::qFail(qPrintable(QStringLiteral("screenshot %1: %2").arg(QDir::toNativeSeparators(path), why)),
                 where.file_name(), int(where.line()));
    return false;
}

// The picture's path, its folder made; empty (after recording the failure) when the folder cannot be made.
QString prepare(const QString& name, const std::source_location& where) {
    const QString path = QDir(screenshotDir()).filePath(name);
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) {
        fail(path, QStringLiteral("cannot make the folder %1").arg(dir), where);
        return {};
    }
    return path;
}
}  // namespace

QString screenshotDir() {
    return qEnvironmentVariable("SCREENSHOT_DIR", QStringLiteral(NNLAB_BINARY_DIR "/screenshots"));
}

bool saveScreenshot(QWidget* widget, const QString& name, std::source_location where) {
    if (!widget) return fail(QDir(screenshotDir()).filePath(name), QStringLiteral("no widget to grab"), where);
    return saveScreenshot(widget->grab().toImage(), name, where);
}

bool saveScreenshot(const QImage& image, const QString& name, std::source_location where) {
    if (image.isNull() || image.width() == 0 || image.height() == 0)
        return fail(QDir(screenshotDir()).filePath(name), QStringLiteral("the picture is empty"), where);
    const QString path = prepare(name, where);
    if (path.isEmpty()) return false;
    QImageWriter writer(path);
    if (!writer.write(image)) return fail(path, writer.errorString(), where);
    return true;
}

bool copyToScreenshots(const QString& file, const QString& name, std::source_location where) {
    if (QFileInfo(file).size() == 0)
        return fail(QDir(screenshotDir()).filePath(name), QStringLiteral("%1 is missing or empty").arg(file), where);
    const QString path = prepare(name, where);
    if (path.isEmpty()) return false;
    if (QFile::exists(path) && !QFile::remove(path))
        return fail(path, QStringLiteral("cannot replace the old copy"), where);
    QFile source(file);
    if (!source.copy(path)) return fail(path, source.errorString(), where);
    return true;
}

}  // namespace testsupport
