// Layout journeys (issue 13, finding 17): on a 1400×1000 screen, at a 1400×900 window and in presenter mode (F5), the
// texts of the window are shown whole: nothing is cut at a panel's edge. Keys and clicks only.
#include "patient_waits.h"
#include "journey.h"
#include "projector_screen.h"
#include "app/window/text_fit.h"
#include "widgets/comparison_chart.h"
#include "widgets/gradient_check_view.h"
#include "widgets/landscape_view.h"
#include "widgets/loss_chart.h"
#include "widgets/metrics_view.h"
#include "widgets/wrapping_text_element.h"
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QPushButton>
#include <QScreen>
#include <QStandardPaths>

using namespace app;
using namespace journey;

static const bool kScreen = useScreen("layout", 1400, 1000);

namespace {

// The title row of a QCustomPlot chart shows its whole text: wrapped at its width, it fits its rect.
QString titleCut(QCustomPlot* chart) {
    auto* title = qobject_cast<widgets::WrappingTextElement*>(chart->plotLayout()->element(0, 0));
    if (!title) return "the chart has no wrapping title";
    const QRect inner = title->rect();
    const QRect need = title->wrappedRect(inner.width());
    if (need.width() <= inner.width() && need.height() <= inner.height()) return {};
    return QString("\"%1\" needs %2×%3, has %4×%5")
        .arg(title->text())
        .arg(need.width())
        .arg(need.height())
        .arg(inner.width())
        .arg(inner.height());
}

// "48 of 100 correct" lies inside the metrics view (countTextRect is as wide as the text).
QString countCut(widgets::MetricsView* metrics) {
    const QString text = metrics->countText();
    const QRect r = metrics->countTextRect();
    if (text.isEmpty()) return "no count shown";
    // Inside the view and its 12 px margin (MetricsView's kMargin; the old drawing clipped the text there).
    if (!metrics->rect().adjusted(0, 0, -12, 0).contains(r)) {
        return QString("\"%1\" at %2,%3 %4×%5 leaves the view's %6×%7")
            .arg(text)
            .arg(r.x())
            .arg(r.y())
            .arg(r.width())
            .arg(r.height())
            .arg(metrics->width())
            .arg(metrics->height());
    }
    return {};
}

// A button's text has the room its style asks for.
QString buttonCut(QPushButton* b) {
    if (b->width() >= b->minimumSizeHint().width()) return {};
    return QString("\"%1\" has %2 px of the %3 it needs")
        .arg(b->text())
        .arg(b->width())
        .arg(b->minimumSizeHint().width());
}

// A line edit is as wide as its whole text.
QString fieldCut(QLineEdit* f) {
    const int need = app::widthForText(f, f->text());
    if (f->width() >= need) return {};
    return QString("\"%1\" has %2 px of the %3 it needs").arg(f->text()).arg(f->width()).arg(need);
}

// Docks on screen that cover one another (a dock squeezed below its minimum is drawn under its neighbour).
QString overlaps(QMainWindow& w) {
    QList<QDockWidget*> docks;
    for (QDockWidget* d : w.findChildren<QDockWidget*>())
        if (d->isVisible() && !d->visibleRegion().isEmpty() && !d->isFloating()) docks << d;
    for (int i = 0; i < docks.size(); ++i)
        for (int j = i + 1; j < docks.size(); ++j)
            if (docks[i]->geometry().intersects(docks[j]->geometry()))
                return docks[i]->objectName() + " and " + docks[j]->objectName() + " overlap";
    return {};
}

// The table's columns fit its viewport, and the last one (the relative error) has the width its numbers need.
QString errorsCut(QTableWidget* t) {
    const QHeaderView* h = t->horizontalHeader();
    int total = 0;
    for (int c = 0; c < t->columnCount(); ++c) total += h->sectionSize(c);
    const int last = t->columnCount() - 1;
    const int need = static_cast<const QAbstractItemView*>(t)->sizeHintForColumn(last);
    if (total <= t->viewport()->width() && h->sectionSize(last) >= need) return {};
    return QString("columns %1 px in a %2 px table; the errors have %3 px of %4")
        .arg(total)
        .arg(t->viewport()->width())
        .arg(h->sectionSize(last))
        .arg(need);
}

void settle() {
    for (int i = 0; i < 3; ++i) {
        QTest::qWait(20);
        QApplication::processEvents();
    }
}

// F5 and Esc as a person presses them, each waiting until the window has changed (and F5 for its layout).
bool present(MainWindow& w) {
    press(w, Qt::Key_F5);
    if (!QTest::qWaitFor([&] { return w.isFullScreen(); }, testsupport::kPatienceMs)) return false;
    settle();
    return true;
}
// Presses a tool's key (F6-F9) and gives its widget of type T (named `name`, if given) once it shows.
template <typename T> T* openTool(MainWindow& w, int key, const QString& name = {}) {
    press(w, key);
    T* t = w.findChild<T*>(name);
    if (!t || !QTest::qWaitFor([&] { return t->isVisible(); }, testsupport::kPatienceMs)) return nullptr;
    settle();
    return t;
}

bool stopPresenting(MainWindow& w) {
    press(w, Qt::Key_Escape);
    return QTest::qWaitFor([&] { return !w.isFullScreen(); }, testsupport::kPatienceMs);
}

}  // namespace

class TstJourneyLayout : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(kScreen || qgetenv("QT_QPA_PLATFORM") == "xcb");  // or a real 1400×1000 X screen
        QStandardPaths::setTestModeEnabled(true);
    }
    void init() { QSettings().clear(); }

    // Item 1: the metrics dock's "N of M correct"; item 3: the loss chart's readout. At 1400×900 and in F5.
    void theMetricsCountAndTheLossReadoutAreWhole() {
        MainWindow w;
        QVERIFY(open(w));
        auto* metrics = w.findChild<widgets::MetricsView*>();
        auto* loss = shown<widgets::LossChart>(w, "lossChart");
        QVERIFY(metrics && loss);
        // The right column narrow, as a layout saved from a smaller window brings it back (the arrangement, not the
        // journey: the default column is wide enough for the count beside the headline).
        const int before = metrics->width();
        w.resizeDocks({shown<QDockWidget>(w, "metricsDock")}, {260}, Qt::Horizontal);
        settle();
        QVERIFY2(metrics->width() < before, qPrintable(QString("%1 -> %2").arg(before).arg(metrics->width())));
        press(w, Qt::Key_Space);  // a run gives the readout its long form ("epoch 12: train 0.41, test 0.43")
        QVERIFY(QTest::qWaitFor([&] { return w.lastSnapshot().epoch >= 2; }, testsupport::kPatienceMs));
        press(w, Qt::Key_Space);
        settle();
        QVERIFY(QTest::qWaitFor([&] { return loss->readoutText().startsWith("epoch"); }, testsupport::kPatienceMs));
        loss->replot();
        QVERIFY2(countCut(metrics).isEmpty(), qPrintable(countCut(metrics)));
        QVERIFY2(titleCut(loss).isEmpty(), qPrintable(titleCut(loss)));

        QVERIFY(present(w));
        if (metrics->isVisible()) QVERIFY2(countCut(metrics).isEmpty(), qPrintable("F5: " + countCut(metrics)));
        if (loss->isVisible()) {
            loss->replot();
            QVERIFY2(titleCut(loss).isEmpty(), qPrintable("F5: " + titleCut(loss)));
        }
        QVERIFY(stopPresenting(w));
    }

    // Item 2: the stepper's panel (F6) shows "Apply this update" whole, at 1400×900 and in F5.
    void theStepperButtonsAreWhole() {
        MainWindow w;
        QVERIFY(open(w));
        auto* apply = openTool<QPushButton>(w, Qt::Key_F6, "applyUpdateButton");
        QVERIFY(apply);
        QVERIFY2(buttonCut(apply).isEmpty(), qPrintable(buttonCut(apply)));
        QVERIFY(present(w));
        QVERIFY2(!apply->isVisible() || buttonCut(apply).isEmpty(), qPrintable("F5: " + buttonCut(apply)));
        QVERIFY2(overlaps(w).isEmpty(), qPrintable("F5: " + overlaps(w)));
    }

    // Item 4: a longer architecture typed under the diagram shows whole, also in F5; item 7: in F5 the formula
    // beside it no longer squeezes the diagram under the next dock.
    void theArchitectureTextIsWholeAndTheDiagramUncovered() {
        MainWindow w;
        QVERIFY(open(w));
        auto* field = shown<QLineEdit>(w, "architectureText");
        QVERIFY(field);
        click(field);
        QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(field, "2-12-12-12-12-1 relu, sigmoid out, mse");
        QTest::keyClick(field, Qt::Key_Return);
        // Enter takes it (the diagram has the keys again) and the field shows it as the network's text.
        QVERIFY(QTest::qWaitFor([&] { return !field->hasFocus(); }, testsupport::kPatienceMs));
        QCOMPARE(field->text(), QString("2-12-12-12-12-1 relu, sigmoid out, mse"));
        settle();
        QVERIFY2(fieldCut(field).isEmpty(), qPrintable(fieldCut(field)));
        QVERIFY2(overlaps(w).isEmpty(), qPrintable(overlaps(w)));
        QVERIFY(present(w));
        QVERIFY2(fieldCut(field).isEmpty(), qPrintable("F5: " + fieldCut(field)));
        QVERIFY2(overlaps(w).isEmpty(), qPrintable("F5: " + overlaps(w)));
        QVERIFY(stopPresenting(w));
    }

    // Item 6: a lesson's answers keep the lines they need after the reveal (reported squashed; not reproduced here at
    // 1400×900, in F5 or in a narrow column, so this guards the symptom: every answer and the reveal get their height).
    void aLessonsAnswersStayWholeAfterTheReveal() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(chooseMenuItem(w, "lessonsMenu", "The XOR problem"));
        QVERIFY(
            QTest::qWaitFor([&] { return shown<QAbstractButton>(w, "choice2") != nullptr; }, testsupport::kPatienceMs));
        // A narrow column, where the answers wrap onto two lines.
        w.resizeDocks({shown<QDockWidget>(w, "lessonDock")}, {240}, Qt::Horizontal);
        settle();
        click(shown<QAbstractButton>(w, "choice2"));
        click(shown<QAbstractButton>(w, "lockInButton"));
        auto* reveal = w.findChild<QLabel*>("revealLabel");
        QVERIFY(reveal);
        QVERIFY(
            QTest::qWaitFor([&] { return reveal->text().contains("Right") || reveal->text().contains("Not quite"); },
                            30000));
        settle();
        QList<QWidget*> rows{reveal};
        for (int i = 1; i <= 3; ++i) rows << w.findChild<QWidget*>(QString("choice%1").arg(i))->parentWidget();
        bool wrapped = false;
        for (QWidget* r : rows) {
            QVERIFY2(r->height() >= r->heightForWidth(r->width()), qPrintable(QString("%1: %2 px of %3")
                                                                                  .arg(r->objectName())
                                                                                  .arg(r->height())
                                                                                  .arg(r->heightForWidth(r->width()))));
            wrapped = wrapped || (r != reveal && r->height() > r->minimumSizeHint().height());
        }
        QVERIFY2(wrapped, "no answer wraps: the column is not narrow");
    }

    // Item 5: the gradient check's table (F7) fits its dock with the relative errors whole, at 1400×900 and in F5.
    void theGradientCheckErrorsAreWhole() {
        MainWindow w;
        QVERIFY(open(w));
        auto* view = openTool<widgets::GradientCheckView>(w, Qt::Key_F7);
        QVERIFY(view);
        QVERIFY(QTest::qWaitFor([&] { return view->table()->rowCount() > 0; }, testsupport::kPatienceMs));
        settle();
        QVERIFY2(errorsCut(view->table()).isEmpty(), qPrintable(errorsCut(view->table())));
        QVERIFY2(overlaps(w).isEmpty(), qPrintable(overlaps(w)));
        QVERIFY(present(w));
        QVERIFY2(errorsCut(view->table()).isEmpty(), qPrintable("F5: " + errorsCut(view->table())));
        QVERIFY2(overlaps(w).isEmpty(), qPrintable("F5: " + overlaps(w)));
        QVERIFY(stopPresenting(w));
    }

    // Item 3: the landscape's title ("Loss over w⁽³⁾₁₁ and w⁽³⁾₁₂, the other weights fixed") in its side dock (F9).
    void theLandscapeTitleIsWhole() {
        MainWindow w;
        QVERIFY(open(w));
        auto* view = openTool<widgets::LandscapeView>(w, Qt::Key_F9);
        QVERIFY(view);
        QVERIFY(QTest::qWaitFor([&] { return view->xAxis->label().size() > 0; }, testsupport::kPatienceMs));
        settle();
        view->replot();
        QVERIFY2(titleCut(view).isEmpty(), qPrintable(titleCut(view)));
    }

    // Item 8: before its first run the comparison chart (F8) draws its plot across the dock, not a sliver.
    void theEmptyComparisonChartIsFullWidth() {
        MainWindow w;
        QVERIFY(open(w));
        auto* chart = openTool<widgets::ComparisonChart>(w, Qt::Key_F8);
        QVERIFY(chart);
        chart->replot();
        QVERIFY2(chart->axisRect()->width() > chart->width() / 2,
                 qPrintable(QString("plot %1 px of %2").arg(chart->axisRect()->width()).arg(chart->width())));
    }
};

QTEST_MAIN(TstJourneyLayout)
#include "tst_journey_layout.moc"
