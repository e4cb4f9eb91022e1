// Lesson 22 (universal approximation) walked as a student walks it: opened from the Lessons menu, the step's position
// typed into the numeric question, weights typed on the diagram (a click on a link or Enter on a selected neuron, the
// value, Enter) while Play is locked, and the function view over the sine's graph read back: each neuron's share
// moves to where the typed weights put it, a hovered neuron is named, and the goals tick. Mouse and keys only.
#include "patient_waits.h"
#include "lesson_journey.h"
#include "projector_screen.h"
#include "screenshot.h"
#include "app/classroom/lesson_mode.h"
#include "app/media/picture_export.h"
#include "widgets/function_view.h"
#include "widgets/network_view.h"
#include "widgets/output_view.h"
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>

using namespace app;
using namespace journey;
using testsupport::saveScreenshot;

static const bool kScreen = useScreen("lessons", 1400, 1000);

class TstLessonUniversalJourney : public QObject {
    Q_OBJECT
private:
    // The value typed into the diagram's inline editor, everything it showed replaced, then Enter.
    static void typeValue(MainWindow& w, double value) {
        QLineEdit* editor = inlineEditor(w);
        QVERIFY2(editor, "no editor opened on the diagram");
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, QLocale::c().toString(value, 'g', 6));
        QTest::keyClick(editor, Qt::Key_Return);
    }
    // A click on the link W_layer(unit, input), where it is drawn apart from its neighbours (near the hidden layer).
    static void typeWeight(MainWindow& w, int layer, int unit, int input, double value) {
        widgets::NetworkView* view = w.networkView();
        const QPoint at = view->linkLine(layer, unit, input).pointAt(layer == 0 ? 0.8 : 0.2).toPoint();
        const widgets::NetworkView::Hit hit = view->hitTest(at);
        QVERIFY2(hit.kind == widgets::NetworkView::Hit::Link && hit.layer == layer && hit.unit == unit &&
                     hit.input == input,
                 "the point clicked is not on that link");
        click(view, at);
        typeValue(w, value);
    }
    // A neuron selected with a click, then Enter: its bias.
    static void typeBias(MainWindow& w, int layer, int unit, double value) {
        widgets::NetworkView* view = w.networkView();
        click(view, view->neuronRect(layer, unit).center().toPoint());
        QTest::keyClick(view, Qt::Key_Return);
        typeValue(w, value);
    }
    static widgets::FunctionView* functionView(MainWindow& w) {
        return w.outputView()->findChild<widgets::FunctionView*>("functionView");
    }
    // The share neuron j adds at x, as the function view draws it, once the snapshot of these weights is shown.
    static bool shareNear(MainWindow& w, int j, double x, double expected) {
        widgets::FunctionView* f = functionView(w);
        return waitFor(w, [&] {
            return f->drawsCurves() && j < f->curves().parts.size() && std::abs(f->valueAt(j, x) - expected) < 0.01;
        });
    }
    static void answer(MainWindow& w, double number) {
        auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
        QVERIFY(edit);
        typeInto(edit, QLocale::c().toString(number));
        click(shown<QPushButton>(w, "checkAnswerButton"));
        auto* reveal = shown<QLabel>(w, "revealLabel");
        QTRY_VERIFY(reveal && reveal->text().contains("Right"));
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }

    void stepsBumpsAndTheSine() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "universal-approximation"));
        widgets::FunctionView* f = functionView(w);
        QVERIFY(f && f->isVisible());
        // Step 1: the graph of the sine with one share, a step of height 1 at x = 1; training is locked.
        QVERIFY(waitFor(w, [&] { return w.outputView()->isCurveMode(); }));
        QVERIFY(shareNear(w, 0, 0.8, 0.0) && shareNear(w, 0, 1.2, 1.0));
        QCOMPARE(f->curves().parts.size(), 1);
        QVERIFY(!toolButton(w, "playAction")->isEnabled());
        answer(w, 0.3);  // "Right": a step with a question and no goals is done (its panel shows no goal box)
        QVERIFY(w.lessons()->stepDone());

        // Step 2: a step down at π, typed link by link; the share moves there and the goal ticks.
        QVERIFY(nextStepShown(w, 2, 5, "Place a step"));
        QVERIFY(!toolButton(w, "playAction")->isEnabled());
        QVERIFY(!lessonLabel(w, "✓ Done!"));
        typeWeight(w, 0, 0, 0, 10);
        typeBias(w, 0, 0, -31.4);
        typeWeight(w, 1, 0, 0, -0.9);
        typeBias(w, 1, 0, 0.2);
        QVERIFY(shareNear(w, 0, 2.5, 0.0) && shareNear(w, 0, 3.8, -0.9));
        QVERIFY(waitFor(w, [&] { return f->curves().bias == 0.2; }));  // the last value typed, drawn as c
        QTRY_VERIFY(lessonLabel(w, "✓ Done!"));

        // Step 3: neuron 2 steps down where neuron 1 stepped up: a bump of height 0.8 over [0, π].
        QVERIFY(nextStepShown(w, 3, 5, "Two steps make a bump"));
        QVERIFY(waitFor(w, [&] { return f->curves().parts.size() == 2; }));  // the step's network, drawn
        answer(w, 0.8);
        QVERIFY(!lessonLabel(w, "✓ Done!"));  // the question is answered, the bump is not built yet
        typeWeight(w, 0, 1, 0, 10);
        typeBias(w, 0, 1, -31.4);
        typeWeight(w, 1, 0, 1, -0.8);
        QVERIFY(shareNear(w, 1, 4.0, -0.8) && shareNear(w, 1, 2.0, 0.0));
        QVERIFY(shareNear(w, 0, 1.5, 0.8));
        QTRY_VERIFY(lessonLabel(w, "✓ Done!"));

        // Step 4: three steps at −π, 0 and π draw the sine; R² ≥ 0.9 with 4 neurons.
        QVERIFY(nextStepShown(w, 4, 5, "Bumps everywhere: the sine"));
        QVERIFY(waitFor(w, [&] { return f->curves().parts.size() == 4; }));  // the step's network, drawn
        const double bias[] = {15.7, 0, -15.7}, out[] = {-1.6, 1.6, -1.6};
        for (int j = 0; j < 3; ++j) {
            typeWeight(w, 0, j, 0, 5);
            if (bias[j] != 0) typeBias(w, 0, j, bias[j]);
            typeWeight(w, 1, 0, j, out[j]);
        }
        typeBias(w, 1, 0, 0.8);
        QVERIFY(shareNear(w, 0, -5, 0.0) && shareNear(w, 0, -1, -1.6));
        QVERIFY(shareNear(w, 2, 5, -1.6));
        QTRY_VERIFY(lessonLabel(w, "✓ Done!"));
        QVERIFY(w.lastSnapshot().test.r2 >= 0.9);

        // A hidden neuron hovered on the diagram: its share is named over the graph.
        widgets::NetworkView* view = w.networkView();
        QTest::mouseMove(view, view->neuronCenter(0, 1).toPoint());
        QTRY_VERIFY(f->hoverText().startsWith("neuron 2"));
        QCOMPARE(f->highlighted(), 1);
        QVERIFY(saveScreenshot(&w, "lesson-universal-sine.png"));
        // A picture of the view (File → Export picture) holds the shares too: the named neuron 2's colour on its
        // curve at x = 1.5.
        const QImage picture = pictureImage(w.outputView(), 1.0);
        const QPoint on2 = f->curvePoint(1, 1.5).toPoint();
        const QColor want = widgets::contributionColor(1);
        bool coloured = false;
        for (int dy = -1; dy <= 1; ++dy) {
            const QColor c = picture.pixelColor(on2 + QPoint(0, dy));
            coloured = coloured || std::abs(c.red() - want.red()) + std::abs(c.green() - want.green()) +
                                           std::abs(c.blue() - want.blue()) <
                                       60;
        }
        QVERIFY(coloured);
        // The pointer off the neurons, then on the graph on neuron 2's share at x = 1.5 (flat at 1.6 there, where the
        // other shares are −1.6 and 0): that share is named instead.
        QTest::mouseMove(view, view->rect().center() + QPoint(0, view->height() / 3));
        QTRY_VERIFY(f->hoverText().isEmpty());
        QTest::mouseMove(w.outputView(), f->curvePoint(1, 1.5).toPoint());
        QTRY_VERIFY(f->hoverText().startsWith("neuron 2: v·a = 1.60 at x₁ = 1."));
        QCOMPARE(f->highlighted(), 1);

        // Step 5: training unlocked; Play (Space) finds its own shares.
        QVERIFY(nextStepShown(w, 5, 5, "Let gradient descent find them"));
        QVERIFY(toolButton(w, "playAction")->isEnabled());
        click(toolButton(w, "playAction"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓ Done!"), 60000);
        QVERIFY(f->drawsCurves() && f->curves().parts.size() == 4);
        QVERIFY(leaveLesson(w));
    }
};

QTEST_MAIN(TstLessonUniversalJourney)
#include "tst_lesson_universal_journey.moc"
