#include "engine/split.h"
#include "app/cli/cli.h"
#include "app/cli/bench.h"
#include "app/cli/export_command.h"
#include "app/training/frame_renderer.h"
#include "app/document/lesson_check.h"
#include "app/document/presets.h"
#include "app/document/project_data.h"
#include "app/document/project_file.h"
#include "widgets/loss_chart.h"
#include "widgets/output_view.h"
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QTextStream>
#include <cstdio>

namespace app {
namespace {

QTextStream& out() {
    static QTextStream s(stdout);
    return s;
}
QTextStream& err() {
    static QTextStream s(stderr);
    return s;
}

const QStringList kCommands{"train", "demo", "bench", "export", "lesson", "help"};

int usageError(const QString& message) {
    err() << "nnlab: " << message << "\n\n" << usageText();
    err().flush();
    return 2;
}

// Parses "--name value" pairs after the command; positional arguments are returned in order.
struct Parsed {
    QStringList positional;
    QMap<QString, QString> options;
    QString error;
};
Parsed parse(const QStringList& args, int from, const QStringList& valued) {
    Parsed p;
    for (int i = from; i < args.size(); ++i) {
        const QString a = args[i];
        if (a.startsWith("--")) {
            QString name = a.mid(2), value;
            if (const int eq = name.indexOf('='); eq >= 0) {
                value = name.mid(eq + 1);
                name = name.left(eq);
            } else if (valued.contains(name)) {
                if (i + 1 >= args.size()) {
                    p.error = QString("--%1 needs a value").arg(name);
                    return p;
                }
                value = args[++i];
            }
            if (!valued.contains(name)) {
                p.error = QString("unknown option --%1").arg(name);
                return p;
            }
            p.options[name] = value;
        } else {
            p.positional << a;
        }
    }
    return p;
}

bool positiveInt(const QString& s, long long& v) {
    bool ok = false;
    v = s.toLongLong(&ok);
    return ok && v > 0;
}

QString metricsLine(const engine::StepResult& r, long long total, const engine::Dataset& test, bool regression) {
    QString line = QString("epoch %1/%2  loss %3").arg(r.epoch, 6).arg(total).arg(r.train.loss, 0, 'f', 5);
    if (regression) line += QString("  R² %1  RMSE %2").arg(r.train.r2, 0, 'f', 3).arg(r.train.rmse, 0, 'f', 4);
    else line += QString("  accuracy %1").arg(r.train.accuracy, 0, 'f', 3);
    if (test.size()) {
        line += QString("  | test loss %1").arg(r.test.loss, 0, 'f', 5);
        line += regression ? QString("  R² %1").arg(r.test.r2, 0, 'f', 3)
                           : QString("  accuracy %1").arg(r.test.accuracy, 0, 'f', 3);
    }
    return line;
}

// Trains for `epochs`, printing about 20 progress lines; records the history in the project.
bool trainAndReport(engine::Trainer& t, Project& project, long long epochs) {
    const long long every = std::max<long long>(1, epochs / 20);
    const bool regression = t.trainData().task == engine::Task::Regression;
    const engine::StepResult first = t.result();
    const long long start = first.epoch;
    if (project.history.empty())  // the curve starts from the untrained network
        project.history.push_back(
            {double(start), first.train.loss, first.test.loss, first.train.accuracy, first.test.accuracy});
    for (long long e = 0; e < epochs;) {
        const long long n = std::min(every, epochs - e);
        const engine::StepResult r = t.runEpochs(n);
        e += n;
        HistoryPoint h{double(r.epoch), r.train.loss, r.test.loss, r.train.accuracy, r.test.accuracy};
        project.history.push_back(h);
        out() << metricsLine(r, start + epochs, t.testData(), regression) << "\n";
        out().flush();
        if (r.diverged) {
            err() << "nnlab: training diverged (the loss is infinite or NaN); try a lower learning rate\n";
            return false;
        }
    }
    return true;
}

// Checks lesson files (a path) or shipped lessons (an id, or "all"): prints each step's setup and goal outcome.
int cmdLesson(const QStringList& args) {
    const Parsed p = parse(args, 2, {"epochs"});
    if (!p.error.isEmpty()) return usageError(p.error);
    if (p.positional.isEmpty()) return usageError("lesson needs a lesson file, a lesson id or \"all\"");
    long long epochs = 300;
    if (p.options.contains("epochs") && !positiveInt(p.options["epochs"], epochs))
        return usageError("--epochs needs a whole number above 0");
    const lessons::Library& shipped = shippedLessons();
    for (const QString& e : shipped.errors) err() << "nnlab: lesson " << e << "\n";
    std::vector<lessons::Lesson> todo;
    for (const QString& a : p.positional) {
        if (a == "all") {
            todo.insert(todo.end(), shipped.lessons.begin(), shipped.lessons.end());
        } else if (const lessons::Lesson* l = shipped.find(a)) {
            todo.push_back(*l);
        } else {
            QFile f(a);
            if (!f.open(QIODevice::ReadOnly)) {
                err() << "nnlab: " << a << ": not a lesson id nor a readable file (" << f.errorString() << ")\n";
                return 1;
            }
            const lessons::LessonParseResult r = lessons::parseLesson(QString::fromUtf8(f.readAll()),
                                                                      QFileInfo(a).dir().dirName());
            if (!r.lesson) {
                err() << "nnlab: " << a << ": " << r.error << "\n";
                return 1;
            }
            todo.push_back(*r.lesson);
        }
    }
    int failures = 0;
    for (const lessons::Lesson& l : todo) {
        const std::vector<StepCheck> checks = checkLesson(l, epochs);
        for (const StepCheck& c : checks) failures += c.error.isEmpty() ? 0 : 1;
        out() << formatLessonCheck(l, checks) << "\n";
        out().flush();
    }
    return failures ? 1 : 0;
}

int cmdTrain(const QStringList& args) {
    const Parsed p = parse(args, 2, {"epochs", "seed", "save"});
    if (!p.error.isEmpty()) return usageError(p.error);
    if (p.positional.size() != 1) return usageError("train needs exactly one project file");
    long long epochs = 100, seed = 0;
    if (p.options.contains("epochs") && !positiveInt(p.options["epochs"], epochs))
        return usageError("--epochs needs a whole number above 0");
    bool seedOk = true;
    const std::uint64_t seedValue = p.options.value("seed").toULongLong(&seedOk);
    if (p.options.contains("seed") && !seedOk) return usageError("--seed needs a whole number");
    (void)seed;

    const ProjectLoadResult loaded = loadProjectFile(p.positional[0]);
    if (!loaded.project) {
        err() << "nnlab: " << loaded.error << "\n";
        return 1;
    }
    Project project = *loaded.project;
    if (p.options.contains("seed")) {
        project.training.seed = seedValue;
        project.trained.reset();
        project.history.clear();
    }
    QString error;
    auto trainer = makeTrainer(project, &error);
    if (!trainer) {
        err() << "nnlab: " << error << "\n";
        return 1;
    }
    if (trainer->trainData().size() == 0) {
        err() << "nnlab: nothing to train: the project's data set has no training samples\n";
        return 1;
    }
    if (const std::string e = engine::settingsProblem(project.network, project.training); !e.empty()) {
        err() << "nnlab: this project cannot train: " << QString::fromStdString(e) << "\n";
        return 1;
    }
    out() << "training " << QString::fromStdString(project.network.describe()) << " on " << trainer->trainData().size()
          << " samples (" << trainer->testData().size() << " test), seed " << project.training.seed << "\n";
    const bool ok = trainAndReport(*trainer, project, epochs);
    if (p.options.contains("save")) {
        captureTrainedState(project, *trainer);
        if (!saveProjectFile(p.options["save"], project, &error)) {
            err() << "nnlab: " << error << "\n";
            return 1;
        }
        out() << "saved " << p.options["save"] << "\n";
    }
    return ok ? 0 : 1;
}

int cmdDemo(const QStringList& args) {
    const Parsed p = parse(args, 2, {"out", "epochs"});
    if (!p.error.isEmpty()) return usageError(p.error);
    if (!p.positional.isEmpty()) return usageError("demo takes no file");
    long long epochs = 300;
    if (p.options.contains("epochs") && !positiveInt(p.options["epochs"], epochs))
        return usageError("--epochs needs a whole number above 0");
    const QString dir = p.options.value("out", "nnlab-demo");
    if (!QDir().mkpath(dir)) {
        err() << "nnlab: cannot create the folder " << dir << "\n";
        return 1;
    }
    Project project = preset("xor");
    QString error;
    auto trainer = makeTrainer(project, &error);
    if (!trainer) {
        err() << "nnlab: " << error << "\n";
        return 1;
    }
    out() << "NN Lab demo: " << QString::fromStdString(project.network.describe()) << " learns XOR ("
          << trainer->trainData().size() << " training points)\n";
    const bool ok = trainAndReport(*trainer, project, epochs);

    // The decision boundary with the data on top, as the window's output view draws it.
    const std::optional<engine::Dataset> all = projectDataset(project.data, &error);
    FrameRequest req;
    widgets::OutputView view;
    view.resize(640, 600);
    QImage boundary;
    widgets::BoundaryStyle style;
    renderBoundary(*trainer, req, boundary, style);
    view.setRange(req.range);
    view.setBoundary(boundary, style);
    const std::vector<char> isTest = testMaskOf(project, all->size());
    view.setPoints(plotPoints(*all, isTest, misclassifiedMask(*trainer, *all)));
    view.setShowTestData(true);
    const QString boundaryPath = dir + "/boundary.png";
    const bool wroteBoundary = view.grab().save(boundaryPath);

    widgets::LossChart chart;
    chart.resize(640, 400);
    QVector<double> ep, tr, te;
    for (const HistoryPoint& h : project.history) {
        ep << h.epoch;
        tr << h.trainLoss;
        te << h.testLoss;
    }
    chart.appendPoints(ep, tr, te);
    chart.replot();
    const QString lossPath = dir + "/loss.png";
    const bool wroteLoss = chart.savePng(lossPath, 640, 400);
    if (!wroteBoundary || !wroteLoss) {
        err() << "nnlab: could not write the pictures into " << dir << "\n";
        return 1;
    }
    out() << "wrote " << QFileInfo(boundaryPath).absoluteFilePath() << "\n"
          << "wrote " << QFileInfo(lossPath).absoluteFilePath() << "\n";
    return ok ? 0 : 1;
}

}  // namespace

QString usageText() {
    return QStringLiteral(
        "usage: nnlab [FILE.nnlab]                open the window (optionally with a project)\n"
        "       nnlab train FILE.nnlab [--epochs N] [--seed S] [--save OUT.nnlab]\n"
        "                                         train headless, print progress, save the trained project\n"
        "       nnlab demo [--out DIR] [--epochs N]\n"
        "                                         train the XOR preset headless; write boundary.png and loss.png\n"
        "       nnlab bench [--only NAME] [--repeat N]\n"
        "                                         measure training and drawing speed; one JSON line per workload\n"
        "       nnlab lesson FILE.md|ID... [--epochs N]\n"
        "                                         check lessons: set up each step, train until its goals hold\n"
        "       nnlab export FILE.nnlab --format onnx|json|c|cpp|pytorch|csv -o OUT\n"
        "                                         write the trained model in another format\n"
        "       nnlab --help | --version\n");
}

QString windowOptionsText() {
    return QStringLiteral(
               "\nwindow options:\n"
               "  --preset NAME            start with a preset (%1)\n"
               "  --lesson ID[:STEP]       open a lesson (an id such as xor, or id:step with steps from 1)\n"
               "  --play                   start training at once\n"
               "  --screenshot FILE        save a picture of the window to FILE, then quit\n"
               "  --after MS               with --screenshot: wait this many milliseconds first (default 1500)\n")
        .arg(presetNames().join(", "));
}

bool isCommand(const QStringList& args) {
    if (args.size() < 2) return false;
    const QString a = args[1];
    return kCommands.contains(a) || a == "--help" || a == "-h" || a == "--version" ||
           (!a.startsWith('-') && !a.endsWith(".nnlab", Qt::CaseInsensitive) &&
            !a.endsWith(".csv", Qt::CaseInsensitive));  // a file manager may pass PROJECT.NNLAB (*.nnlab ignores case)
}

int runCommandUnchecked(const QStringList& args);

// Every engine error reaches the person as one line and exit code 1, never as an abort.
int runCommand(const QStringList& args) {
    try {
        return runCommandUnchecked(args);
    } catch (const std::exception& e) {
        err() << "nnlab: " << e.what() << "\n";
        err().flush();
        return 1;
    }
}

int runCommandUnchecked(const QStringList& args) {
    const QString cmd = args.value(1);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        out() << "NN Lab " << QCoreApplication::applicationVersion() << ": watch neural networks learn.\n\n"
              << usageText() << windowOptionsText();
        return 0;
    }
    if (cmd == "--version") {
        out() << "nnlab " << QCoreApplication::applicationVersion() << "\n";
        return 0;
    }
    if (cmd == "train") return cmdTrain(args);
    if (cmd == "demo") return cmdDemo(args);
    if (cmd == "bench") return runBench(args);
    if (cmd == "export") return runExport(args);
    if (cmd == "lesson") return cmdLesson(args);
    return usageError(QString("unknown command \"%1\"").arg(cmd));
}

}  // namespace app
