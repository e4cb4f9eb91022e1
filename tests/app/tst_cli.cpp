// The command line as a user runs it: help, usage errors (exit 2), headless training that saves a trained project,
// a malformed project (a message, exit 1), and the demo writing its two pictures.
#include "app/document/presets.h"
#include "app/document/project_file.h"
#include "command.h"
#include <QTemporaryDir>
#include <QtTest>

class TstCli : public QObject {
    Q_OBJECT
private:
    using Run = testsupport::CommandRun;
    static Run nnlab(const QStringList& args, bool withoutDisplay = false) {
        testsupport::CommandOptions o;
        o.withoutDisplay = withoutDisplay;
        return testsupport::runNnlab(args, o);
    }

private slots:
    void helpListsTheCommands() {
        const Run r = nnlab({"--help"});
        QCOMPARE(r.code, 0);
        for (const char* c : {"train", "demo", "bench", "export"}) QVERIFY2(r.out.contains(c), c);
    }

    // Issue 13, finding 9: without a display the window aborted with Qt's plugin message and a core dump.
    void noDisplayNamesTheWayOut() {
        const Run r = nnlab({}, true);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("nnlab demo") && r.err.contains("QT_QPA_PLATFORM=offscreen"), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
        const Run lesson = nnlab({"--lesson", "xor"}, true);
        QCOMPARE(lesson.code, 1);
    }

    void aBadWindowOptionGivesTheUsageWithoutADisplay() {
        const Run r = nnlab({"--no-such-flag"}, true);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("no-such-flag") && r.err.contains("usage:"), qPrintable(r.err));
        const Run preset = nnlab({"--preset", "nope"}, true);
        QCOMPARE(preset.code, 2);
        QVERIFY2(preset.err.contains("unknown preset"), qPrintable(preset.err));
    }

    void helpListsTheWindowOptions() {
        const Run r = nnlab({"--help"}, true);
        QCOMPARE(r.code, 0);
        for (const char* o : {"--preset", "--lesson", "--play", "--screenshot"}) QVERIFY2(r.out.contains(o), o);
    }

    // Issue 13, finding 10: an empty data set trained "epochs" of loss 0 and exited 0.
    void anEmptyDataSetHasNothingToTrain() {
        QTemporaryDir dir;
        app::Project p = app::preset("xor");
        p.data.kind = app::DataSource::Kind::Points;
        p.data.points = engine::Dataset{};
        p.data.points.X = engine::Matrix(2, 0);
        p.data.points.numClasses = 2;
        QString error;
        const QString file = dir.filePath("empty.nnlab");
        QVERIFY2(app::saveProjectFile(file, p, &error), qPrintable(error));
        const Run r = nnlab({"train", file, "--epochs", "5"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("nothing to train"), qPrintable(r.err));
        QVERIFY(!r.out.contains("epoch"));
    }

    // Issue 13, finding 2: the perceptron rule on a network with hidden layers aborted (exit 134).
    void aProjectThatCannotTrainSaysWhy() {
        QTemporaryDir dir;
        app::Project p = app::preset("xor");
        p.training.algorithm = engine::Algorithm::PerceptronRule;
        QString error;
        const QString file = dir.filePath("perceptron.nnlab");
        QVERIFY2(app::saveProjectFile(file, p, &error), qPrintable(error));
        const Run r = nnlab({"train", file, "--epochs", "5"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("perceptron rule trains a network without hidden layers"), qPrintable(r.err));
    }

    // Issue 13, finding 19: a lesson's folder name ("02-activations") was not accepted, only its id.
    void aLessonIsFoundByItsFolderName() {
        const Run r = nnlab({"lesson", "02-activations", "--epochs", "5"});
        QVERIFY2(!r.err.contains("not a lesson id"), qPrintable(r.err));
        QVERIFY2(r.out.contains("From step to sigmoid"), qPrintable(r.out.left(400)));
    }

    void badArgumentsExitWithTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
        QTest::newRow("train without file") << QStringList{"train"} << "exactly one project file";
        QTest::newRow("bad epochs") << QStringList{"train", "x.nnlab", "--epochs", "many"} << "--epochs";
        QTest::newRow("unknown option") << QStringList{"demo", "--colour", "red"} << "unknown option --colour";
        QTest::newRow("missing value") << QStringList{"train", "x.nnlab", "--save"} << "--save needs a value";
    }
    void badArgumentsExitWithTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QVERIFY(testsupport::isUsageError(nnlab(args), message));
    }

    void trainSavesATrainedProject() {
        QTemporaryDir dir;
        const QString in = dir.filePath("xor.nnlab"), out = dir.filePath("trained.nnlab");
        QString error;
        QVERIFY2(app::saveProjectFile(in, app::preset("xor"), &error), qPrintable(error));
        const Run r = nnlab({"train", in, "--epochs", "200", "--seed", "3", "--save", out});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("epoch    200/200"));
        QVERIFY(r.out.contains("accuracy"));
        const app::ProjectLoadResult loaded = app::loadProjectFile(out);
        QVERIFY2(loaded.project, qPrintable(loaded.error));
        QVERIFY(loaded.project->trained.has_value());
        QCOMPARE(loaded.project->trained->epoch, 200LL);
        QCOMPARE(loaded.project->training.seed, std::uint64_t(3));
        QVERIFY(!loaded.project->history.empty());
        // Training the saved project further continues from its weights and counters.
        const Run again = nnlab({"train", out, "--epochs", "10"});
        QCOMPARE(again.code, 0);
        QVERIFY2(again.out.contains("epoch    210/210"), qPrintable(again.out));
    }

    void aMalformedProjectGivesAMessage() {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.nnlab");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"format\": \"nnlab-project\",\n  \"version\": 1,\n  \"network\": [\n");
        f.close();
        const Run r = nnlab({"train", bad});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("line"), qPrintable(r.err));
        const Run missing = nnlab({"train", dir.filePath("nope.nnlab")});
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains("nope.nnlab"), qPrintable(missing.err));
    }

    // Issue 15: a convolutional project trains, saves, reopens and exports from the command line.
    void aConvolutionalProjectTrainsSavesAndExports() {
        QTemporaryDir dir;
        const QString file = dir.filePath("conv.nnlab"), trained = dir.filePath("conv-trained.nnlab");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "nnlab-project", "version": 2,
                   "network": {"inputs": 64, "inputShape": [8, 8, 1], "loss": "cross_entropy", "layers": [
                       {"type": "conv", "units": 8, "activation": "relu", "kernel": 3, "padding": 1},
                       {"type": "maxpool", "kernel": 2},
                       {"type": "dense", "units": 10, "activation": "softmax"}]},
                   "data": {"kind": "bundled", "name": "digits"}})");
        f.close();
        const Run r = nnlab({"train", file, "--epochs", "3", "--save", trained});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("epoch      3/3"), qPrintable(r.out));
        const app::ProjectLoadResult loaded = app::loadProjectFile(trained);
        QVERIFY2(loaded.project, qPrintable(loaded.error));
        const std::optional<app::Project>& p = loaded.project;
        QCOMPARE(QString::fromStdString(p->network.describe()),
                 QString("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax, cross_entropy"));
        QVERIFY(p->trained);
        QCOMPARE(p->trained->parameters.size(), engine::Index(8 * 9 + 8 + 10 * 128 + 10));
        // Three epochs of Adam on the digits: far better than the 10 % of a guess.
        QVERIFY2(p->history.back().trainAccuracy > 0.5, qPrintable(r.out));
        for (const char* format : {"onnx", "json", "c", "cpp", "pytorch"}) {
            const QString out = dir.filePath(QString("model-%1").arg(format));
            const Run e = nnlab({"export", trained, "--format", format, "-o", out});
            QVERIFY2(e.code == 0, qPrintable(format + (": " + e.err)));
            QVERIFY2(QFileInfo::exists(out), format);
        }
    }

    void demoWritesTwoPictures() {
        QTemporaryDir dir;
        const Run r = nnlab({"demo", "--out", dir.path(), "--epochs", "50"});
        QCOMPARE(r.code, 0);
        QImage boundary(dir.filePath("boundary.png")), loss(dir.filePath("loss.png"));
        QVERIFY(!boundary.isNull());
        QVERIFY(!loss.isNull());
        QVERIFY(boundary.width() >= 400 && loss.width() >= 400);
    }
};

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
