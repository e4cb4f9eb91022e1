// `nnlab bench` as a user runs it: one workload prints a JSON line with its figures and exits 0; bad arguments print
// the usage and exit 2. No timing is asserted here (figures belong in docs/benchmarks.md); only that the bench runs
// and its output parses.
#include <QJsonDocument>
#include <QJsonObject>
#include "command.h"
#include <QtTest>
#include <cmath>

class TstBench : public QObject {
    Q_OBJECT
private:
    using Run = testsupport::CommandRun;
    static Run nnlab(const QStringList& args) { return testsupport::runNnlab(args); }

private slots:
    void oneWorkloadPrintsJson() {
        // The full workload (100,000 epochs of XOR) takes well under a second.
        const Run r = nnlab({"bench", "--only", "w1-xor", "--repeat", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        int jsonLines = 0;
        for (const QString& line : r.out.split('\n', Qt::SkipEmptyParts)) {
            if (!line.startsWith('{')) continue;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + ": " + line));
            QVERIFY(doc.isObject());
            const QJsonObject j = doc.object();
            QCOMPARE(j.value("name").toString(), QString("w1-xor"));
            QVERIFY2(j.value("samples_per_s").toDouble() > 0, qPrintable(line));
            QVERIFY2(j.value("steps_per_s").toDouble() > 0, qPrintable(line));
            QCOMPARE(j.value("scalar").toString(), QString("float"));  // training computes in float by default
            QCOMPARE(j.value("repeat").toInt(), 1);
            QVERIFY2(std::isfinite(j.value("final_loss").toDouble()), qPrintable(line));
            ++jsonLines;
        }
        QCOMPARE(jsonLines, 1);                                 // --only: that workload alone
        QVERIFY2(r.err.contains("w1-xor"), qPrintable(r.err));  // the readable table
    }

    void badArgumentsExitWithTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown workload") << QStringList{"bench", "--only", "nope"} << "no workload named \"nope\"";
        QTest::newRow("repeat zero") << QStringList{"bench", "--repeat", "0"} << "--repeat";
        QTest::newRow("repeat not a number") << QStringList{"bench", "--repeat", "many"} << "--repeat";
        QTest::newRow("missing value") << QStringList{"bench", "--only"} << "--only needs a value";
        QTest::newRow("unknown option") << QStringList{"bench", "--fast"} << "unknown argument";
    }
    void badArgumentsExitWithTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = nnlab(args);
        QVERIFY(testsupport::isUsageError(r, message));
        QVERIFY(!r.out.contains('{'));  // nothing ran
    }
};

QTEST_GUILESS_MAIN(TstBench)
#include "tst_bench.moc"
