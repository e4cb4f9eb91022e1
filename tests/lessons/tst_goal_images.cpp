// The image lessons' goals: "parameters" counts a network's weights and biases (from its spec, or the trained vector),
// and "padAnswer" holds only while the pad has ink and the network's answer for it is the class asked for.
#include "engine/architecture_text.h"
#include "lessons/goal.h"
#include <QJsonDocument>
#include <QtTest>

using namespace lessons;

namespace {
Goal goal(const char* json) {
    QString error;
    std::optional<Goal> g = parseGoal(QJsonDocument::fromJson(json).object(), &error);
    if (!g) qFatal("%s", qPrintable(error));
    return *g;
}
GoalInput network(const char* text) {
    GoalInput in;
    const engine::ArchitectureParseResult r = engine::parseArchitecture(text, 64);
    if (!r.ok()) qFatal("%s", r.error.c_str());
    in.spec = *r.spec;
    return in;
}
QString parseError(const char* json) {
    QString error;
    if (parseGoal(QJsonDocument::fromJson(json).object(), &error)) return "(parsed)";
    return error;
}
}  // namespace

class TstGoalImages : public QObject {
    Q_OBJECT
private slots:
    // Counted by hand: 64·32 + 32 + 32·10 + 10 = 2,410; 8·3·3 + 8 + (8·4·4)·10 + 10 = 1,370.
    void parametersOfDenseAndConvNetworks() {
        const GoalInput dense = network("64-32-10 relu, softmax out");
        const GoalInput conv = network("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax");
        const Goal small = goal(R"({"metric": "parameters", "atMost": 1500})");
        QCOMPARE(small.currentValue(dense), QString("2410"));
        QCOMPARE(small.currentValue(conv), QString("1370"));
        QCOMPARE(small.evaluate(dense), GoalStatus::Pending);
        QCOMPARE(small.evaluate(conv), GoalStatus::Met);
        QCOMPARE(small.text, QString("Parameters ≤ 1500"));
        GoalInput trained = dense;  // with the trained vector: its length
        trained.params = engine::Vector::Zero(2410);
        QCOMPARE(small.currentValue(trained), QString("2410"));
        QCOMPARE(small.evaluate(GoalInput{}), GoalStatus::Pending);  // no network: no count
    }

    void padAnswerNeedsInkAndTheRightClass() {
        const Goal three = goal(R"({"padAnswer": 3})");
        QVERIFY2(three.text.contains("as 3"), qPrintable(three.text));
        GoalInput in = network("64-32-10 relu, softmax out");
        QCOMPARE(three.evaluate(in), GoalStatus::Pending);  // -1: a blank pad, or no answer yet
        QCOMPARE(three.currentValue(in), QString("—"));
        in.padAnswer = 5;
        QCOMPARE(three.evaluate(in), GoalStatus::Pending);
        QCOMPARE(three.currentValue(in), QString("5"));
        in.padAnswer = 3;
        QCOMPARE(three.evaluate(in), GoalStatus::Met);
        QVERIFY(checkGoals({three, goal(R"({"metric": "parameters", "atMost": 3000})")}, in).allMet);
        const Goal zero = goal(R"({"padAnswer": 0, "text": "Draw a 0"})");
        QCOMPARE(zero.text, QString("Draw a 0"));
        in.padAnswer = -1;  // a blank pad is not class 0
        QCOMPARE(zero.evaluate(in), GoalStatus::Pending);
        in.padAnswer = 0;
        QCOMPARE(zero.evaluate(in), GoalStatus::Met);
    }

    void padAnswerErrors() {
        QVERIFY2(parseError(R"({"padAnswer": -1})").contains("class number from 0"), qPrintable(parseError(R"({"padAnswer": -1})")));
        QVERIFY(parseError(R"({"padAnswer": 2.5})").contains("(found 2.5)"));
        QVERIFY(parseError(R"({"padAnswer": "3"})").contains("(found \"3\")"));
        QVERIFY(parseError(R"({"padAnswer": 3, "metric": "epoch", "atLeast": 1})").contains("no metric"));
        QVERIFY(parseError(R"({"padAnswer": 3, "changed": "data"})").contains("no metric"));
        QVERIFY(parseError(R"({"padAnswr": 3})").contains("unknown goal key \"padAnswr\""));
    }
};

QTEST_GUILESS_MAIN(TstGoalImages)
#include "tst_goal_images.moc"
