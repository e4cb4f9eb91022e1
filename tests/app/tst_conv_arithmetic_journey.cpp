// The convolution arithmetic tool as a student and a teacher reach it: View ▸ Convolution arithmetic… opens it beside
// the window with the seed's example; a click on an output cell writes its products and sum out, the arrow key and
// Next step the kernel on (and the window's own Right key, Step, stays out of it); closed and opened again with its
// shortcut it keeps its numbers; in presenter mode (F5) its text is as large as the window's. Only mouse clicks and
// key presses on visible widgets, read back from what is shown. Screenshots for a person to look at.
#include "patient_waits.h"
#include "journey.h"
#include "projector_screen.h"
#include "screenshot.h"
#include "app/classroom/presenter.h"
#include "widgets/number_grid.h"
#include <QDialog>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>

using namespace app;
using namespace journey;

// A laptop's screen, as the tool is used in class (the offscreen platform's own is 800×600).
static const bool kScreen = useScreen("conv-arithmetic-journey", 1600, 1000);

namespace {

QDialog* tool(MainWindow& w) {
    auto* d = w.findChild<QDialog*>("convArithmeticDialog");
    return d && d->isVisible() ? d : nullptr;
}

// The tool's window comes to the front, as the window manager brings it when it opens or is clicked (the offscreen
// platform leaves the main window active after the menu closes). Checked on the application's active window: a
// dialog that is not modal says it is active whenever its main window is (QStyle::SH_Widget_ShareActivation).
bool activate(QDialog* d) {
    d->activateWindow();
    return QTest::qWaitFor([d] { return QApplication::activeWindow() == d; }, testsupport::kPatienceMs);
}

QString shown(QDialog* d, const char* label) {
    auto* l = d->findChild<QLabel*>(label);
    return l && l->isVisible() ? l->text() : QString();
}

void clickCell(widgets::NumberGrid* g, int row, int col) {
    QVERIFY(g && g->isVisible());
    QTest::mouseClick(g, Qt::LeftButton, {}, g->cellRect(row, col).center());
}

QStringList rows(const widgets::NumberGrid* g) {
    QStringList out;
    for (int r = 0; r < g->side(); ++r) {
        QStringList cells;
        for (int c = 0; c < g->side(); ++c) cells << g->cellText(r, c);
        out << cells.join(' ');
    }
    return out;
}

}  // namespace

class TstConvArithmeticJourney : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }

    void theMenuOpensItAndTheKeysStepTheKernel() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(!tool(w));
        QVERIFY(chooseMenuPath(w, {"View", "Convolution arithmetic…"}));
        QDialog* d = tool(w);
        QVERIFY2(d, "the tool did not open from the View menu");
        QVERIFY(activate(d));
        auto* out = d->findChild<widgets::NumberGrid*>("convOutputGrid");
        QCOMPARE(rows(out), (QStringList{"13 11 6", "11 11 11", "12 11 16"}));
        QCOMPARE(shown(d, "convSizeFormula"), QString("Output size: ⌊(n + 2p − k)/s⌋ + 1 = ⌊(4 + 2·0 − 2)/1⌋ + 1 = 3"));

        clickCell(out, 0, 0);
        QCOMPARE(shown(d, "convSumText"), QString("1·1 + 2·2 + 3·2 + 2·1 = 13"));
        QSignalSpy trainingSteps(w.findChild<QAction*>("stepAction"), &QAction::triggered);
        press(*d, Qt::Key_Right);
        QCOMPARE(shown(d, "convSumText"), QString("2·1 + 2·2 + 2·2 + 1·1 = 11"));
        QCOMPARE(shown(d, "convCellCaption"), QString("Output row 1, column 2 (step 2 of 9):"));
        QCOMPARE(trainingSteps.count(), 0);  // Right steps the kernel here, not the training in the window behind
        click(d->findChild<QPushButton*>("convNext"));
        QCOMPARE(shown(d, "convSumText"), QString("2·1 + 1·2 + 1·2 + 0·1 = 6"));
        press(*d, Qt::Key_Left);
        press(*d, Qt::Key_Down);
        QCOMPARE(shown(d, "convSumText"), QString("2·1 + 1·2 + 2·2 + 3·1 = 11"));

        // A student types a value into the input: the output and the sentence follow.
        auto* in = d->findChild<widgets::NumberGrid*>("convInputGrid");
        clickCell(in, 1, 1);
        QTest::keyClicks(in->editor(), "7");
        QTest::keyClick(in->editor(), Qt::Key_Return);
        QCOMPARE(shown(d, "convSumText"), QString("7·1 + 1·2 + 2·2 + 3·1 = 16"));
        QCOMPARE(rows(out).first(), QString("18 21 6"));

        // Closed, then opened again with its shortcut from the window: the same numbers, the same cell.
        click(d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Close));
        QVERIFY(!tool(w));
        w.activateWindow();
        QVERIFY(QTest::qWaitFor([&] { return QApplication::activeWindow() == &w; }, testsupport::kPatienceMs));
        press(w, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tool(w), d);
        QCOMPARE(shown(d, "convSumText"), QString("7·1 + 1·2 + 2·2 + 3·1 = 16"));
    }

    void presenterModeEnlargesIt() {
        MainWindow w;
        QVERIFY(open(w));
        const double normal = w.font().pointSizeF();
        press(w, Qt::Key_F5);
        QVERIFY(w.presenter()->isPresenting());
        press(w, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
        QDialog* d = tool(w);
        QVERIFY(d);
        QCOMPARE(d->font().pointSizeF(), normal * Presenter::kFontScale);
        auto* sum = d->findChild<QLabel*>("convSumText");
        const double presented = sum->font().pointSizeF();
        QVERIFY(presented > normal * Presenter::kFontScale);  // the sum is larger still than the window's text
        // Leaving presenter mode gives the tool its normal size back, even while it is open.
        const QSize presentedSize = d->size();
        QVERIFY(activate(d));
        clickCell(d->findChild<widgets::NumberGrid*>("convOutputGrid"), 2, 2);
        w.activateWindow();
        QVERIFY(QTest::qWaitFor([&] { return QApplication::activeWindow() == &w; }, testsupport::kPatienceMs));
        press(w, Qt::Key_Escape);
        QVERIFY(!w.presenter()->isPresenting());
        QCOMPARE(d->font().pointSizeF(), normal);
        QVERIFY(qFuzzyCompare(sum->font().pointSizeF() * Presenter::kFontScale, presented));
        QVERIFY(d->width() < presentedSize.width());
        // Presented again and back: the tool has exactly the size it had.
        const QSize normalSize = d->size();
        press(w, Qt::Key_F5);
        QVERIFY(w.presenter()->isPresenting());
        QVERIFY(d->width() > normalSize.width());
        press(w, Qt::Key_Escape);
        QCOMPARE(d->size(), normalSize);
    }

    void screenshotsOfTheTool() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(chooseMenuPath(w, {"View", "Convolution arithmetic…"}));
        QDialog* d = tool(w);
        QVERIFY(d);
        QVERIFY(activate(d));
        auto* out = d->findChild<widgets::NumberGrid*>("convOutputGrid");
        clickCell(out, 1, 2);
        press(*d, Qt::Key_Right);  // the last row: the note on the seed's printed row shows
        QVERIFY(shown(d, "convNote").contains("12 22 26"));
        QVERIFY(testsupport::saveScreenshot(d, "conv_arithmetic_journey.png"));
        w.activateWindow();
        QVERIFY(QTest::qWaitFor([&] { return QApplication::activeWindow() == &w; }, testsupport::kPatienceMs));
        press(w, Qt::Key_F5);
        QVERIFY(w.presenter()->isPresenting());
        QVERIFY(activate(d));
        press(*d, Qt::Key_Up);
        QVERIFY(testsupport::saveScreenshot(d, "conv_arithmetic_journey_presenter.png"));
    }
};

QTEST_MAIN(TstConvArithmeticJourney)
#include "tst_conv_arithmetic_journey.moc"
