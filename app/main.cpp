// NN Lab: a command (train, demo, ...) runs headless; otherwise the playground window opens.
#include "app/cli.h"
#include "app/document_controller.h"
#include "app/main_window.h"
#include "app/presets.h"
#include "app/lesson_mode.h"
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
    QStringList args;
    for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
    const bool command = app::isCommand(args);
    // Commands render pictures without a display.
    if (command && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication qapp(argc, argv);
    QApplication::setApplicationName("NN Lab");
    QApplication::setOrganizationName("NN Lab");
    QApplication::setApplicationVersion(NNLAB_VERSION);
    if (command) return app::runCommand(args);

    QCommandLineParser parser;
    parser.setApplicationDescription("NN Lab: watch neural networks learn.\n\n" + app::usageText());
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", "A project (.nnlab) to open.", "[FILE.nnlab]");
    QCommandLineOption presetOpt("preset", "Start with a preset: " + app::presetNames().join(", ") + ".", "name");
    QCommandLineOption playOpt("play", "Start training at once.");
    QCommandLineOption shotOpt("screenshot", "Save a picture of the window to FILE, then quit.", "file");
    QCommandLineOption afterOpt("after", "With --screenshot: wait this many milliseconds first (default 1500).", "ms", "1500");
    QCommandLineOption lessonOpt("lesson", "Open a lesson (an id such as xor, or id:step with steps from 1).", "id[:step]");
    parser.addOptions({presetOpt, playOpt, shotOpt, afterOpt, lessonOpt});
    if (!parser.parse(qapp.arguments())) {
        std::fprintf(stderr, "nnlab: %s\n\n%s", qPrintable(parser.errorText()), qPrintable(app::usageText()));
        return 2;
    }
    if (parser.isSet("help")) parser.showHelp(0);
    if (parser.isSet("version")) parser.showVersion();

    app::MainWindow w;
    if (parser.isSet(presetOpt)) {
        if (!app::presetNames().contains(parser.value(presetOpt))) {
            std::fprintf(stderr, "nnlab: unknown preset \"%s\"; presets: %s\n", qPrintable(parser.value(presetOpt)),
                         qPrintable(app::presetNames().join(", ")));
            return 2;
        }
        w.loadProject(app::preset(parser.value(presetOpt)));
    }
    if (!parser.positionalArguments().isEmpty()) w.openFile(parser.positionalArguments().first());
    w.show();
    if (parser.isSet(lessonOpt)) {
        const QStringList parts = parser.value(lessonOpt).split(':');
        if (!w.lessons()->start(parts[0], parts.size() > 1 ? parts[1].toInt() - 1 : 0)) {
            QStringList ids;
            for (const lessons::Lesson& l : w.lessons()->library().lessons) ids << l.id;
            std::fprintf(stderr, "nnlab: unknown lesson \"%s\"; lessons: %s\n", qPrintable(parts[0]), qPrintable(ids.join(", ")));
            return 2;
        }
    }
    if (parser.isSet(playOpt)) w.playAction()->setChecked(true);
    if (parser.isSet(shotOpt)) {
        // A picture and quit: never ask about unsaved changes, never offer a recovery.
        w.document()->setAskToSave([](QWidget*, const QString&) { return app::DocumentController::SaveChoice::Discard; });
        const QString file = parser.value(shotOpt);
        QTimer::singleShot(parser.value(afterOpt).toInt(), &w, [&w, file] {
            w.playAction()->setChecked(false);
            if (!w.grab().save(file)) std::fprintf(stderr, "nnlab: could not write %s\n", qPrintable(file));
            QApplication::quit();
        });
    }
    else if (parser.positionalArguments().isEmpty())
        QTimer::singleShot(0, &w, [&w] { w.offerRecovery(); });  // after a crash: the autosaved session
    return qapp.exec();
}
