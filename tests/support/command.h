// Running a program from a test (nnlab itself, a compiler, python): its exit code and output, never a hang. One
// runner for every test that starts a process.
#pragma once
#include "nnlab_test_paths.h"
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <source_location>

namespace testsupport {

struct CommandRun {
    int code = -1;     // -1: it did not start, crashed or timed out (err says which)
    QString out, err;  // as text
    QByteArray bytes;  // standard output as it came
};

struct CommandOptions {
    QByteArray input;  // written to standard input, which is then closed
    QString dir;       // working directory (empty: the test's)
    int timeoutMs = 120000;
    bool withoutDisplay = false;  // DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM removed, as on a headless machine
};

CommandRun runCommand(const QString& program, const QStringList& args, const CommandOptions& options = {});
// The nnlab of this build (NNLAB_BINARY_DIR/app/nnlab).
CommandRun runNnlab(const QStringList& args, const CommandOptions& options = {});

// nnlab's answer to bad arguments: exit code 2, and `message` and the usage on standard error. Otherwise it records a
// test failure at the caller's line, with the exit code and what was printed, and returns false:
// QVERIFY(isUsageError(r, message)).
[[nodiscard]] bool isUsageError(const CommandRun& r, const QString& message,
                                std::source_location where = std::source_location::current());

}  // namespace testsupport
