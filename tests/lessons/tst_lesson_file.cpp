// The lesson file format (lessons/README.md): titles, steps, setup and runner keys, goals, questions, and a clear
// message naming the line of each error.
#include "lessons/lesson.h"
#include "lessons/library.h"
#include <QTemporaryDir>
#include <QtTest>

using namespace lessons;

class TstLessonFile : public QObject {
    Q_OBJECT
private slots:
    void parsesStepsAndKeys() {
        const QString text = R"(# The perceptron
<!-- lesson {"id": "perceptron", "chapter": "Foundations", "order": 1, "summary": "One neuron."} -->

## A neuron
<!-- step {"data": {"truthTable": "AND"}, "network": "2-1 step out, mse",
           "weights": [1, 1, -1.5], "hide": ["training", "weights"], "point": "network", "speed": 5} -->
Some **Markdown**.

Second paragraph.

## Your turn
<!-- step {"goals": [{"truthTable": "nand"}, {"metric": "testAccuracy", "atLeast": 0.95, "withinEpochs": 500}],
           "question": {"prompt": "Guess?", "choices": ["a", "b"], "answer": 1, "explain": "Because.",
                        "revealAfterEpochs": 20}, "mode": "stepper", "play": true} -->
Text.

## No setup
Only text.
)";
        const LessonParseResult r = parseLesson(text);
        QVERIFY2(r.lesson, qPrintable(r.error));
        const Lesson& l = *r.lesson;
        QCOMPARE(l.id, QString("perceptron"));
        QCOMPARE(l.title, QString("The perceptron"));
        QCOMPARE(l.chapter, QString("Foundations"));
        QCOMPARE(int(l.steps.size()), 3);
        const LessonStep& s0 = l.steps[0];
        QCOMPARE(s0.title, QString("A neuron"));
        QVERIFY(s0.buildsProject());
        QCOMPARE(s0.setup.value("network").toString(), QString("2-1 step out, mse"));
        QCOMPARE(s0.hide, QStringList({"training", "weights"}));
        QCOMPARE(s0.point, QString("network"));
        QCOMPARE(*s0.speed, 5.0);
        QVERIFY(s0.markdown.startsWith("Some **Markdown**."));
        QVERIFY(s0.markdown.endsWith("Second paragraph."));
        QVERIFY(!s0.markdown.contains("<!--"));
        QVERIFY(!s0.hasCheck());
        const LessonStep& s1 = l.steps[1];
        QVERIFY(!s1.buildsProject());
        QCOMPARE(int(s1.goals.size()), 2);
        QCOMPARE(s1.goals[0].truthTable, QString("NAND"));
        QCOMPARE(s1.goals[1].withinEpochs, 500LL);
        QVERIFY(s1.goals[1].text.contains("0.95"));
        QVERIFY(s1.question);
        QCOMPARE(s1.question->answer, 1);
        QCOMPARE(s1.question->revealAfterEpochs, 20LL);
        QCOMPARE(s1.mode, QString("stepper"));
        QVERIFY(s1.play);
        QVERIFY(s1.hasCheck());
        QCOMPARE(l.steps[2].markdown, QString("Only text."));
    }

    void errorsNameTheLine_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad json") << "# T\n<!-- lesson {\"id\": \"t\"} -->\n## S\n<!-- step {\"hide\": [} -->\n"
                                  << "line 4";
        QTest::newRow("unknown key") << "# T\n<!-- lesson {\"id\": \"t\"} -->\n## S\n<!-- step {\"colour\": 1} -->\n"
                                     << "unknown step key \"colour\"";
        QTest::newRow("unknown metric")
            << "# T\n## S\n<!-- step {\"goals\": [{\"metric\": \"speed\", \"atLeast\": 1}]} -->\n"
            << "unknown goal metric";
        QTest::newRow("no bound") << "# T\n## S\n<!-- step {\"goals\": [{\"metric\": \"epoch\"}]} -->\n"
                                  << "no bound";
        QTest::newRow("bad table") << "# T\n## S\n<!-- step {\"goals\": [{\"truthTable\": \"XNOR3\"}]} -->\n"
                                   << "unknown truth table";
        QTest::newRow("bad answer") << "# T\n## S\n<!-- step {\"question\": {\"prompt\": \"p\", \"choices\": [\"a\", "
                                       "\"b\"], \"answer\": 2}} -->\n"
                                    << "answer index";
        QTest::newRow("unterminated") << "# T\n## S\n<!-- step {\"play\": true}\nmore\n"
                                      << "never ends";
        QTest::newRow("no steps") << "# T\nText only\n"
                                  << "no steps";
        QTest::newRow("no title") << "## S\ntext\n"
                                  << "no title";
        QTest::newRow("number without tolerance")
            << "# T\n## S\n<!-- step {\"question\": {\"prompt\": \"p\", \"number\": 2}} -->\n"
            << "tolerance";
        QTest::newRow("negative tolerance")
            << "# T\n## S\n<!-- step {\"question\": {\"prompt\": \"p\", \"number\": 2, \"tolerance\": -1}} -->\n"
            << "tolerance";
        QTest::newRow("number as text")
            << "# T\n## S\n<!-- step {\"question\": {\"prompt\": \"p\", \"number\": \"2\", \"tolerance\": 0}} -->\n"
            << "finite number";
        QTest::newRow("number and choices")
            << "# T\n## S\n<!-- step {\"question\": {\"prompt\": \"p\", \"number\": 2, \"tolerance\": 0, "
               "\"choices\": [\"a\", \"b\"], \"answer\": 0}} -->\n"
            << "not both";
        QTest::newRow("number with reveal")
            << "# T\n## S\n<!-- step {\"question\": {\"prompt\": \"p\", \"number\": 2, \"tolerance\": 0, "
               "\"revealAfterEpochs\": 5}} -->\n"
            << "revealAfterEpochs is for choice questions";
        QTest::newRow("unit not text")
            << "# T\n## S\n<!-- step {\"question\": {\"prompt\": \"p\", \"number\": 2, \"tolerance\": 0, "
               "\"unit\": 3}} -->\n"
            << "unit";
        QTest::newRow("question key misspelt")
            << "# T\n## S\n<!-- step {\"question\": {\"prompt\": \"p\", \"number\": 2, \"tolerence\": 0}} -->\n"
            << "unknown question key \"tolerence\"";
        QTest::newRow("no prompt")
            << "# T\n## S\n<!-- step {\"question\": {\"number\": 2, \"tolerance\": 0}} -->\n"
            << "no prompt";
        QTest::newRow("bad mode") << "# T\n## S\n<!-- step {\"mode\": \"magic\"} -->\n"
                                  << "unknown mode";
    }
    void errorsNameTheLine() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const LessonParseResult r = parseLesson(text, "fallback");
        QVERIFY(!r.lesson);
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    }

    void numericQuestion() {
        const QString text = R"(# T
<!-- lesson {"id": "t"} -->
## Work it out
<!-- step {"question": {"prompt": "δ for the output?", "number": -0.25, "tolerance": 0.01, "unit": "per weight",
                        "explain": "Because."}} -->
Text.
## A count
<!-- step {"question": {"prompt": "How many updates?", "number": 5000, "tolerance": 0}} -->
)";
        const LessonParseResult r = parseLesson(text);
        QVERIFY2(r.lesson, qPrintable(r.error));
        const Question& q = *r.lesson->steps[0].question;
        QVERIFY(q.isNumeric());
        QVERIFY(q.choices.isEmpty());
        QCOMPARE(*q.number, -0.25);
        QCOMPARE(q.tolerance, 0.01);
        QCOMPARE(q.unit, QString("per weight"));
        QCOMPARE(q.explain, QString("Because."));
        QVERIFY(r.lesson->steps[0].hasCheck());
        QCOMPARE(q.compare(-0.25), 0);
        QCOMPARE(q.compare(-0.259), 0);
        QCOMPARE(q.compare(-0.241), 0);
        QCOMPARE(q.compare(-0.27), -1);
        QCOMPARE(q.compare(0.25), 1);
        QCOMPARE(q.answerText(), QString("-0.25 per weight"));
        QCOMPARE(q.answerText(true), QString("-0.25 ± 0.01 per weight"));
        const Question& count = *r.lesson->steps[1].question;
        QCOMPARE(count.compare(5000), 0);
        QCOMPARE(count.compare(4999), -1);
        QCOMPARE(count.compare(5001), 1);
        QCOMPARE(count.answerText(), QString("5000"));
        // Decimals that binary floating point cannot hold exactly still match an exact answer.
        Question tenth;
        tenth.number = 0.3;
        QCOMPARE(tenth.compare(0.1 + 0.2), 0);
        Question percent;
        percent.number = 65;
        percent.unit = "%";
        QCOMPARE(percent.answerText(), QString("65%"));
        QVERIFY(!Question().isNumeric());
    }

    void typedNumbers_data() {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << "0.25" << 0.25 << true;
        QTest::newRow("spaces") << "  -1.5 " << -1.5 << true;
        QTest::newRow("minus sign") << "−1.5" << -1.5 << true;
        QTest::newRow("comma") << "0,5" << 0.5 << true;
        QTest::newRow("exponent") << "1e-3" << 0.001 << true;
        QTest::newRow("thousands") << "5 000" << 5000.0 << true;
        QTest::newRow("integer") << "22" << 22.0 << true;
        QTest::newRow("word") << "half" << 0.0 << false;
        QTest::newRow("empty") << "" << 0.0 << false;
        QTest::newRow("two numbers") << "1.2.3" << 0.0 << false;
        QTest::newRow("inf") << "inf" << 0.0 << false;
    }
    void typedNumbers() {
        QFETCH(QString, typed);
        QFETCH(double, value);
        QFETCH(bool, ok);
        const std::optional<double> v = parseTypedNumber(typed);
        QCOMPARE(v.has_value(), ok);
        if (ok) QCOMPARE(*v, value);
    }

    void libraryLoadsSortsAndReportsBadFiles() {
        QTemporaryDir dir;
        auto write = [&](const QString& name, const QString& text) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text.toUtf8());
        };
        write("b.md", "# Second\n<!-- lesson {\"id\": \"b\", \"order\": 2} -->\n## S\ntext\n");
        write("a.md", "# First\n<!-- lesson {\"order\": 1} -->\n## S\ntext\n");
        write("c.md", "# Broken\n## S\n<!-- step {\"oops\": 1} -->\n");
        const Library lib = loadLibrary(dir.path());
        QCOMPARE(int(lib.lessons.size()), 2);
        QCOMPARE(lib.lessons[0].id, QString("a"));  // the file name when the lesson has no id
        QCOMPARE(lib.lessons[1].id, QString("b"));
        QCOMPARE(lib.errors.size(), 1);
        QVERIFY(lib.errors[0].startsWith("c.md: line 3"));
        QVERIFY(lib.find("b"));
        QVERIFY(!lib.find("zzz"));
    }

    void progressIsKeptInSettings() {
        QCoreApplication::setOrganizationName("NN Lab tests");
        QCoreApplication::setApplicationName("tst_lesson_file");
        Progress p;
        p.clear("demo");
        Lesson l;
        l.id = "demo";
        l.steps.resize(2);
        Goal epochGoal;
        epochGoal.metric = "epoch";
        epochGoal.atLeast = 1.0;
        l.steps[1].goals.push_back(epochGoal);
        QVERIFY(!p.isDone(l));
        p.markVisited("demo", 0);
        p.markVisited("demo", 1);
        QCOMPARE(p.lastStep("demo"), 1);
        QVERIFY(!p.isDone(l));  // step 1 has a goal: visiting it is not enough
        p.markDone("demo", 1);
        QVERIFY(Progress().isDone(l));
        QCOMPARE(Progress().doneSteps("demo"), QSet<int>({1}));
        p.clear("demo");
        QVERIFY(!Progress().isDone(l));
    }
};

QTEST_GUILESS_MAIN(TstLessonFile)
#include "tst_lesson_file.moc"
