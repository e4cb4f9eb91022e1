// NN Lab: a command (train, demo, ...) runs headless; otherwise the playground window opens.
#include "app/cli/cli.h"
#include "app/session/document_controller.h"
#include "app/window/main_window.h"
#include "app/document/presets.h"
#include "app/classroom/lesson_mode.h"
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>
#include <cstdio>

namespace {

// Qt aborts with a core dump when it cannot reach a display: say it plainly first and name the ways out.
bool displayReachable() {
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland")) return true;
    if (!qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) return true;
    const QByteArray display = qgetenv("DISPLAY");
    if (display.isEmpty()) return false;
    // A local display ":N" has its socket in /tmp/.X11-unix; a remote one (host:N) is left to Qt.
    if (display.startsWith(':')) {
        const QByteArray number = display.mid(1).split('.').first();
        return QFileInfo::exists("/tmp/.X11-unix/X" + QString::fromLatin1(number));
    }
    return true;
}

void nameApplication() {
    QApplication::setApplicationName("NN Lab");
    QApplication::setOrganizationName("NN Lab");
    QApplication::setApplicationVersion(NNLAB_VERSION);
    QGuiApplication::setDesktopFileName(NNLAB_APP_ID);  // the installed desktop entry (packaging/), for its icon
}

}  // namespace

int main(int argc, char** argv) {
    QStringList args;
    for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
    const bool command = app::isCommand(args);
    // Commands render pictures without a display.
    if (command && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    nameApplication();
    if (command) {
        QApplication qapp(argc, argv);
        return app::runCommand(args);
    }

    // The window's options are checked before a display is opened: a typo gets the usage, not a core dump.
    QCommandLineParser parser;
    QCommandLineOption helpOpt({"h", "help"}, "Show the help.");
    QCommandLineOption versionOpt("version", "Show the version.");
    QCommandLineOption presetOpt("preset", "Start with a preset.", "name");
    QCommandLineOption playOpt("play", "Start training at once.");
    QCommandLineOption shotOpt("screenshot", "Save a picture of the window to FILE, then quit.", "file");
    QCommandLineOption afterOpt("after", "With --screenshot: wait this many milliseconds first.", "ms", "1500");
    QCommandLineOption lessonOpt("lesson", "Open a lesson.", "id[:step]");
    parser.addOptions({helpOpt, versionOpt, presetOpt, playOpt, shotOpt, afterOpt, lessonOpt});
    if (!parser.parse(args)) {
        std::fprintf(stderr, "nnlab: %s\n\n%s%s", qPrintable(parser.errorText()), qPrintable(app::usageText()),
                     qPrintable(app::windowOptionsText()));
        return 2;
    }
    // The same texts as "nnlab --help" and "nnlab --version" (the command line prints them; no display needed).
    if (parser.isSet(helpOpt)) return app::runCommand({args.value(0), "--help"});
    if (parser.isSet(versionOpt)) return app::runCommand({args.value(0), "--version"});
    if (parser.isSet(presetOpt) && !app::presetNames().contains(parser.value(presetOpt))) {
        std::fprintf(stderr, "nnlab: unknown preset \"%s\"; presets: %s\n", qPrintable(parser.value(presetOpt)),
                     qPrintable(app::presetNames().join(", ")));
        return 2;
    }
    if (!displayReachable()) {
        std::fprintf(stderr,
                     "nnlab: no display to open the window on (DISPLAY is %s); run \"nnlab demo\" for a headless "
                     "demo, or set QT_QPA_PLATFORM=offscreen\n",
                     qEnvironmentVariableIsEmpty("DISPLAY")
                         ? "unset"
                         : qPrintable("\"" + qEnvironmentVariable("DISPLAY") + "\" and unreachable"));
        return 1;
    }

    QApplication qapp(argc, argv);
    app::MainWindow w;
    if (parser.isSet(presetOpt)) {
        const app::Project p = app::preset(parser.value(presetOpt));
        w.loadProject(p);
        w.document()->documentCreated(p.title);  // titled "Moons", not the first start's "XOR"
    }
    if (!parser.positionalArguments().isEmpty()) w.openFile(parser.positionalArguments().first());
    w.show();
    if (parser.isSet(lessonOpt)) {
        const QStringList parts = parser.value(lessonOpt).split(':');
        if (!w.lessons()->start(parts[0], parts.size() > 1 ? parts[1].toInt() - 1 : 0)) {
            QStringList ids;
            for (const lessons::Lesson& l : w.lessons()->library().lessons) ids << l.id;
            std::fprintf(stderr, "nnlab: unknown lesson \"%s\"; lessons: %s\n", qPrintable(parts[0]),
                         qPrintable(ids.join(", ")));
            return 2;
        }
    }
    if (parser.isSet(playOpt)) w.playAction()->setChecked(true);
    if (parser.isSet(shotOpt)) {
        // A picture and quit: never ask about unsaved changes, never offer a recovery.
        w.document()->setAskToSave(
            [](QWidget*, const QString&) { return app::DocumentController::SaveChoice::Discard; });
        const QString file = parser.value(shotOpt);
        QTimer::singleShot(parser.value(afterOpt).toInt(), &w, [&w, file] {
            w.playAction()->setChecked(false);
            if (!w.grab().save(file)) std::fprintf(stderr, "nnlab: could not write %s\n", qPrintable(file));
            QApplication::quit();
        });
    } else if (parser.positionalArguments().isEmpty() && !parser.isSet(lessonOpt))
        QTimer::singleShot(0, &w,
                           [&w] { w.offerRecovery(); });  // after a crash: the autosaved session (not over a lesson)
    return qapp.exec();
}
