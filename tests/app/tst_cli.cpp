// The command line as a user runs it: help, usage errors (exit 2), headless training that saves a trained project,
// a malformed project (a message, exit 1), and the demo writing its two pictures.
#include "app/presets.h"
#include "app/project_file.h"
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TstCli : public QObject {
    Q_OBJECT
private:
    struct Run {
        int code = -1;
        QString out, err;
    };
    Run nnlab(const QStringList& args) {
        QProcess p;
        p.setProgram(NNLAB_BINARY_DIR "/app/nnlab");
        p.setArguments(args);
        p.start();
        if (!p.waitForFinished(120000)) return {};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

private slots:
    void helpListsTheCommands() {
        const Run r = nnlab({"--help"});
        QCOMPARE(r.code, 0);
        for (const char* c : {"train", "demo", "bench", "export"}) QVERIFY2(r.out.contains(c), c);
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
        const Run r = nnlab(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.err.contains("usage:"));
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
