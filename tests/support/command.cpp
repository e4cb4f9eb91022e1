#include "command.h"
#include "nnlab_test_paths.h"
#include <QProcess>
#include <QTest>

namespace testsupport {

CommandRun runCommand(const QString& program, const QStringList& args, const CommandOptions& options) {
    QProcess p;
    if (!options.dir.isEmpty()) p.setWorkingDirectory(options.dir);
    if (options.withoutDisplay) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(v);
        p.setProcessEnvironment(env);
    }
    p.start(program, args);
    CommandRun r;
    if (!p.waitForStarted(10000)) {
        r.err = "could not start " + program;
        return r;
    }
    if (!options.input.isEmpty()) p.write(options.input);
    p.closeWriteChannel();
    if (!p.waitForFinished(options.timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out: " + program;
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.bytes = p.readAllStandardOutput();
    r.out = QString::fromUtf8(r.bytes);
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

CommandRun runNnlab(const QStringList& args, const CommandOptions& options) {
    return runCommand(NNLAB_BINARY_DIR "/app/nnlab", args, options);
}

bool isUsageError(const CommandRun& r, const QString& message, std::source_location where) {
    QString problem;
    if (r.code != 2) problem = QStringLiteral("exit code %1, not 2").arg(r.code);
    else if (!r.err.contains(message)) problem = QStringLiteral("no \"%1\" on standard error").arg(message);
    else if (!r.err.contains("usage:")) problem = QStringLiteral("no usage on standard error");
    if (problem.isEmpty()) return true;
    QTest::qFail(qPrintable(problem + "; it printed:\n" + r.err), where.file_name(), int(where.line()));
    return false;
}

}  // namespace testsupport
