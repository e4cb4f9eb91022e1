// Pictures for a person to look at, written one way: where they go and how a test saves them. A picture that cannot
// be written, or that is empty, fails the test with the path and the reason.
#pragma once
#include <QImage>
#include <QString>
#include <source_location>

class QWidget;

namespace testsupport {

// The folder: $SCREENSHOT_DIR (ctest sets it to <build>/screenshots), else <build>/screenshots.
QString screenshotDir();

// Saves what `widget` shows (QWidget::grab), or `image`, as screenshotDir()/name, making the folder. On failure (no
// widget, an empty picture, a folder or file that cannot be written) it records a test failure at the caller's line
// naming the path and the reason, and returns false: QVERIFY(saveScreenshot(...)) so that the test stops there.
[[nodiscard]] bool saveScreenshot(QWidget* widget, const QString& name,
                                  std::source_location where = std::source_location::current());
[[nodiscard]] bool saveScreenshot(const QImage& image, const QString& name,
                                  std::source_location where = std::source_location::current());
// Copies a file the test wrote (a GIF, a PDF) to screenshotDir()/name, replacing an older copy; fails the same way.
[[nodiscard]] bool copyToScreenshots(const QString& file, const QString& name,
                                     std::source_location where = std::source_location::current());

}  // namespace testsupport
