// The two image lessons walked as a student walks them (issue 16): opened from the lesson browser (Ctrl+L, the arrow
// keys, Start), numbers typed and checked with Enter, a stroke drawn on the pad with the mouse and read back from the
// "As numbers" tab, a digit from the gallery put on the pad for the "padAnswer" goal, a prediction locked in, and a
// convolutional network typed into the architecture text that beats the dense one with fewer parameters. Then the
// pad's column in presenter mode (F5) and in a narrow window: its buttons are never cut. Only mouse clicks and keys on
// visible widgets; what is checked is what the window shows.
#include "patient_waits.h"
#include "lesson_journey.h"
#include "projector_screen.h"
#include "screenshot.h"
#include "app/classroom/lesson_mode.h"
#include "app/window/image_workspace.h"
#include "widgets/draw_pad.h"
#include "widgets/image_tiles.h"
#include "widgets/pixel_numbers.h"
#include "widgets/probability_bars.h"
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>

using namespace app;
using namespace journey;
using testsupport::saveScreenshot;

static const bool kScreen = useScreen("lesson-images", 1400, 1000);

namespace {
// A horizontal stroke across one row of the pad, from column c0 to c1, with the left button.
void strokeRow(widgets::DrawPad* pad, int row, int c0, int c1) {
    const QPoint a = pad->cellRect(row, c0).center(), b = pad->cellRect(row, c1).center();
    QTest::mousePress(pad, Qt::LeftButton, {}, a);
    for (int x = a.x(); x <= b.x(); x += 4) QTest::mouseMove(pad, QPoint(x, a.y()));
    QTest::mouseRelease(pad, Qt::LeftButton, {}, b);
}
// A vertical stroke down one column of the pad, from row r0 to r1.
void strokeColumn(widgets::DrawPad* pad, int col, int r0, int r1) {
    const QPoint a = pad->cellRect(r0, col).center(), b = pad->cellRect(r1, col).center();
    QTest::mousePress(pad, Qt::LeftButton, {}, a);
    for (int y = a.y(); y <= b.y(); y += 4) QTest::mouseMove(pad, QPoint(a.x(), y));
    QTest::mouseRelease(pad, Qt::LeftButton, {}, b);
}
void clickTabOf(QTabWidget* tabs, int index) {
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(index).center());
}
const char* const kPadButtons[] = {"penButton",       "eraserButton",   "clearPadButton",
                                   "addSampleButton", "addSampleClass", "addSampleToTest"};

// True when `child` lies whole, left to right, inside the visible part of `column` (a scroll area's viewport; a short
// window scrolls the column up and down, but nothing may stick out at the side).
bool wholeIn(QWidget* child, QScrollArea* column) {
    const int left = child->mapTo(column->viewport(), QPoint(0, 0)).x();
    return child->isVisible() && left >= 0 && left + child->width() <= column->viewport()->width();
}
}  // namespace

class TstLessonImageJourneys : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }

    // Lesson 18: ASCII codes and a grey level scaled by hand, a stroke drawn and read back as numbers and as the flat
    // vector, the preset network trained past 0.9, a gallery 3 on the pad read as 3, the shift predicted.
    void encoding() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openFromBrowserEnd(w, "encoding"));
        const int n = int(w.lessons()->lesson()->steps.size());
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec.inputs == 64; }));
        // The step points at the numbers: their tab is in front, the pad empty, every cell 0.
        auto* numbers = shown<widgets::PixelNumbers>(w, "pixelNumbers");
        QVERIFY(numbers);
        QCOMPARE(numbers->rows(), 8);
        QCOMPARE(numbers->valueText(0), QString("0"));
        auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
        typeInto(edit, "0.27");  // 35/127 = 0.2756: 0.27 is too far
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(answerText(w).contains("too low"));
        QVERIFY(answerRight(w, "0.28"));

        QVERIFY(nextStepShown(w, 2, n, "Another character"));
        QVERIFY(answerRight(w, "0,75"));  // a decimal comma is understood

        QVERIFY(nextStepShown(w, 3, n, "A picture is a grid of numbers"));
        auto* pad = shown<widgets::DrawPad>(w, "drawPad");
        QVERIFY(pad);
        strokeRow(pad, 2, 1, 6);
        QVERIFY(!pad->isBlank());
        // What the numbers tab shows is the pad's ink, cell by cell, and the same numbers in the vector, in order.
        QVERIFY(numbers->isVisible());
        QCOMPARE(numbers->valueText(2 * 8 + 3), QString("1"));  // the middle of the stroke: full ink
        QCOMPARE(numbers->valueText(7 * 8 + 7), QString("0"));  // a corner far from it: paper
        int inked = 0;
        for (int i = 0; i < 64; ++i) {
            const double v = pad->values()[i];
            QCOMPARE(numbers->valueText(i), v == 0 ? QString("0") : v == 1 ? QString("1") : QString::number(v, 'f', 2));
            inked += v > 0 ? 1 : 0;
        }
        QVERIFY(inked >= 6);
        QVERIFY(numbers->entryRect(8).top() == numbers->entryRect(7).top() ||
                numbers->entryRect(8).left() > 0);  // the vector runs on after row 1: it is not wrapped like the grid
        QVERIFY(saveScreenshot(&w, "lessons/encoding-numbers.png"));
        QVERIFY(answerRight(w, "64"));

        QVERIFY(nextStepShown(w, 4, n, "Grey levels"));
        QVERIFY(answerRight(w, "0.75"));
        QVERIFY(nextStepShown(w, 5, n, "One flat vector"));
        QVERIFY(answerRight(w, "21"));

        QVERIFY(nextStepShown(w, 6, n, "Train the reader"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓</b> Test accuracy ≥ 0.9 within 20 epochs"), 120000);

        QVERIFY(nextStepShown(w, 7, n, "Your own digit"));
        if (w.playAction()->isChecked()) click(toolButton(w, "playAction"));  // pause: the answer stands still
        click(shown(w, "clearPadButton"));
        QVERIFY(pad->isBlank());
        const QString goal = "Draw a 3 on the pad that the network reads as 3";
        QTRY_VERIFY(lessonLabel(w, "○ " + goal));  // a blank pad is no answer
        QVERIFY(lessonLabel(w, "(now —)"));
        // A 3 drawn with the mouse: three bars joined on the right. Whatever the network reads, the goal shows the
        // answer the bars show.
        strokeRow(pad, 1, 2, 5);
        strokeRow(pad, 3, 3, 5);
        strokeRow(pad, 6, 2, 5);
        strokeColumn(pad, 5, 1, 6);
        auto* bars = shown<widgets::ProbabilityBars>(w, "probabilityBars");
        QVERIFY(bars && bars->headline().startsWith("The network says: "));
        const QString drawn = bars->headline().mid(QString("The network says: ").size(), 1);
        QTRY_VERIFY2(lessonLabel(w, "(now " + drawn + ")") || lessonLabel(w, "(" + drawn + " when reached)"),
                     qPrintable(bars->headline()));  // (read as 3, the goal is reached and its value stays)
        QVERIFY(saveScreenshot(&w, "lessons/encoding-drawn-3.png"));
        click(shown(w, "clearPadButton"));
        // A 3 from the samples the network reads right goes onto the pad (the gallery's filters, then a click).
        auto* tabs = shown<QTabWidget>(w, "imageTabs");
        clickTabOf(tabs, 0);
        auto* gallery = shown<widgets::ImageTiles>(w, "galleryTiles");
        QVERIFY(gallery);
        QVERIFY(chooseInCombo(shown<QComboBox>(w, "trueClassFilter"), "3"));
        QVERIFY(chooseInCombo(shown<QComboBox>(w, "predictedClassFilter"), "3"));
        QTRY_VERIFY(gallery->tileCount() > 0);
        click(gallery, gallery->tileRect(0).center());
        QVERIFY(!pad->isBlank());
        QTRY_VERIFY(lessonLabel(w, "✓</b> " + goal));
        QVERIFY(lessonLabel(w, "(3 when reached)"));
        QVERIFY2(shown<widgets::ProbabilityBars>(w, "probabilityBars")->headline().contains("3"),
                 qPrintable(shown<widgets::ProbabilityBars>(w, "probabilityBars")->headline()));
        QVERIFY(w.lessons()->stepDone());
        QVERIFY(saveScreenshot(&w, "lessons/encoding-your-digit.png"));

        QVERIFY(nextStepShown(w, 8, n, "What was lost"));
        QVERIFY(lockInRight(w, 2));
        clickTabOf(tabs, 2);  // the numbers in front as the lesson ends
        QCOMPARE(tabs->currentWidget()->objectName(), QString("numbersPage"));
        QVERIFY(leaveLesson(w));
        // The next lesson builds its own project: its pictures open on the samples, not on this lesson's numbers.
        QVERIFY(openLesson(w, "convolution"));
        QTRY_VERIFY(shown<QTabWidget>(w, "imageTabs"));
        QCOMPARE(tabs->currentWidget()->objectName(), QString("galleryPage"));
        QVERIFY(leaveLesson(w));
    }

    // Lesson 19: two cells of the example computed, the misprinted last row caught, three output sizes, the dense
    // network's parameters, its score watched, then a convolutional network typed in: smaller, and better.
    void convolution() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openFromBrowserEnd(w, "convolution"));
        const int n = int(w.lessons()->lesson()->steps.size());
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec.inputs == 64; }));
        QVERIFY(answerRight(w, "13"));
        QVERIFY(nextStepShown(w, 2, n, "One more cell"));
        QVERIFY(answerRight(w, "16"));
        QVERIFY(nextStepShown(w, 3, n, "Check a printed answer"));
        QVERIFY(lockInRight(w, 2));  // "No: only 12 is right"
        QVERIFY(answerText(w).contains("12 11 16"));
        QVERIFY(nextStepShown(w, 4, n, "Output size"));
        QVERIFY(answerRight(w, "6"));
        QVERIFY(nextStepShown(w, 5, n, "Padding keeps the size"));
        QVERIFY(answerRight(w, "8"));
        QVERIFY(nextStepShown(w, 6, n, "Stride shrinks it"));
        QVERIFY(answerRight(w, "14"));
        QVERIFY(nextStepShown(w, 7, n, "The dense network's size"));
        QVERIFY(answerRight(w, "2410"));

        QVERIFY(nextStepShown(w, 8, n, "The dense network's score"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓</b> The dense network: test accuracy"), 120000);

        QVERIFY(nextStepShown(w, 9, n, "Build a convolutional network"));
        if (w.playAction()->isChecked()) click(toolButton(w, "playAction"));
        QTRY_VERIFY(lessonLabel(w, "○ At most 1,500 parameters"));  // the dense network: 2,410
        QTRY_VERIFY(lessonLabel(w, "(now 2410)"));  // once the step's first snapshot is in (later under sanitizers)
        auto* arch = shown<QLineEdit>(w, "architectureText");
        QVERIFY(arch);
        typeInto(arch, "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax");
        QTest::keyClick(arch, Qt::Key_Return);
        QVERIFY(waitFor(w, [&] {
            return w.lastSnapshot().spec.layers.size() == 3 &&
                   w.lastSnapshot().spec.layers[0].kind == engine::LayerKind::Conv;
        }));
        QTRY_VERIFY(lessonLabel(w, "✓</b> Change the architecture"));
        QTRY_VERIFY(lessonLabel(w, "✓</b> At most 1,500 parameters (the dense network has 2,410) (now 1370)"));
        click(toolButton(w, "playAction"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓</b> Test accuracy ≥ 0.975 within 15 epochs"), 120000);
        QVERIFY(w.lessons()->stepDone());
        if (w.playAction()->isChecked()) click(toolButton(w, "playAction"));

        // The maps of the network the student built, for the digit on the pad.
        auto* pad = shown<widgets::DrawPad>(w, "drawPad");
        strokeRow(pad, 3, 1, 6);
        auto* tabs = shown<QTabWidget>(w, "imageTabs");
        clickTabOf(tabs, 1);
        QTRY_VERIFY(w.imageWorkspace()->mapTiles(1) && w.imageWorkspace()->mapTiles(1)->isVisible());
        QCOMPARE(w.imageWorkspace()->mapTiles(1)->tileCount(), 8);
        // The sections are laid out one under another: no title lies over the tiles above it.
        QTRY_VERIFY(w.imageWorkspace()->mapTiles(2)->geometry().top() >=
                    w.imageWorkspace()->weightTiles(1)->geometry().bottom());
        QVERIFY(saveScreenshot(&w, "lessons/convolution-built.png"));

        QVERIFY(nextStepShown(w, 10, n, "What the kernels learned"));
        QVERIFY(lockInRight(w, 2));
        QVERIFY(leaveLesson(w));
    }

    // The pad's column keeps its buttons whole in a narrow window (1054 px, the lesson open beside it). Session 8
    // saw "Clear" cut at the right edge there and in presenter mode.
    void padColumnIsNeverCut() {
        MainWindow w;
        QVERIFY(open(w, {1054, 760}));
        QVERIFY(openFromBrowserEnd(w, "encoding"));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec.inputs == 64; }));
        auto* column = shown<QScrollArea>(w, "padColumn");
        QVERIFY(column);
        QVERIFY(saveScreenshot(&w, "lessons/encoding-1054.png"));
        for (const char* name : kPadButtons) QVERIFY2(wholeIn(shown(w, name), column), name);
        QVERIFY(leaveLesson(w));
        // Without the lesson's hidden panels: every dock back, the central column at its narrowest.
        QVERIFY(clickTab(w, "Data"));
        click(shown(w, "dataset_digits"));
        QVERIFY(waitFor(w, [&] { return shown(w, "imageWorkspace") != nullptr; }));
        column = shown<QScrollArea>(w, "padColumn");
        QVERIFY(saveScreenshot(&w, "lessons/digits-1054.png"));
        for (const char* name : kPadButtons) QVERIFY2(wholeIn(shown(w, name), column), name);
    }

    // Presenter mode (F5) on a laptop's screen, the lesson's numbers step: the fonts grow, the pad's buttons stay
    // whole, and the numbers are large (looked at: build/screenshots/lessons/encoding-presenter.png).
    void presenterKeepsThePadWhole() {
        MainWindow w;
        QVERIFY(open(w, {1200, 800}));
        QVERIFY(openFromBrowserEnd(w, "encoding"));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec.inputs == 64; }));
        const int n = int(w.lessons()->lesson()->steps.size());
        QVERIFY(nextStepShown(w, 2, n, "Another character"));
        QVERIFY(nextStepShown(w, 3, n, "A picture is a grid of numbers"));
        auto* pad = shown<widgets::DrawPad>(w, "drawPad");
        strokeRow(pad, 2, 1, 6);
        const double normal = shown(w, "clearPadButton")->font().pointSizeF();
        press(w, Qt::Key_F5);
        QTRY_VERIFY(w.width() >= 1390);  // full screen
        QTRY_VERIFY(shown(w, "clearPadButton") && shown(w, "clearPadButton")->font().pointSizeF() > normal);
        auto* column = shown<QScrollArea>(w, "padColumn");
        QTRY_VERIFY(wholeIn(shown(w, "clearPadButton"), column));
        for (const char* name : kPadButtons) QVERIFY2(wholeIn(shown(w, name), column), name);
        auto* numbers = shown<widgets::PixelNumbers>(w, "pixelNumbers");
        QVERIFY(numbers);
        QVERIFY(numbers->cellRect(0, 0).width() >= 50);  // large cells, readable from the back
        QVERIFY(saveScreenshot(&w, "lessons/encoding-presenter.png"));
        press(w, Qt::Key_F5);
        QTRY_VERIFY(w.width() < 1390);
        QVERIFY(leaveLesson(w));
    }
};

QTEST_MAIN(TstLessonImageJourneys)
#include "tst_lesson_image_journeys.moc"
