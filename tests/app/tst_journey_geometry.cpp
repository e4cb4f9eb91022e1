// Geometry journeys (issue 13, findings 7 and 8): on a 1400×1000 screen, the tools (F6-F9), a lesson and presenter
// mode (F5, Esc) keep the window inside the screen and give it back exactly as it was. Keys and clicks only.
#include "patient_waits.h"
#include "journey.h"
#include "app/session/document_controller.h"
#include "app/classroom/lesson_mode.h"
#include "projector_screen.h"
#include <QDockWidget>
#include <QScreen>
#include <QStandardPaths>

using namespace app;
using namespace journey;

static const bool kScreen = useScreen("geometry", 1400, 1000);

class TstJourneyGeometry : public QObject {
    Q_OBJECT
private:
    static QRect screenArea(QWidget& w) { return w.screen()->availableGeometry(); }
    static bool inside(QWidget& w) {
        const QRect s = screenArea(w), g = w.frameGeometry();
        return g.width() <= s.width() && g.height() <= s.height();
    }
    static QString describe(QWidget& w) {
        return QString("window %1×%2, screen %3×%4")
            .arg(w.frameGeometry().width())
            .arg(w.frameGeometry().height())
            .arg(screenArea(w).width())
            .arg(screenArea(w).height());
    }

private slots:
    void initTestCase() {
        QVERIFY(kScreen);
        QStandardPaths::setTestModeEnabled(true);
    }
    void init() { QSettings().clear(); }

    void theToolsKeepTheWindowOnTheScreen() {
        MainWindow w;
        QVERIFY(open(w, {1300, 850}));
        const QSize before = w.size();
        for (int key : {Qt::Key_F7, Qt::Key_F8, Qt::Key_F9, Qt::Key_F6}) {
            press(w, key);
            QTest::qWait(0);
            QApplication::processEvents();
            QVERIFY2(inside(w), qPrintable(QString("after F%1: %2").arg(key - Qt::Key_F1 + 1).arg(describe(w))));
        }
        // A second press closes each tool (finding 17); the window is as it was.
        for (int key : {Qt::Key_F6, Qt::Key_F9, Qt::Key_F8, Qt::Key_F7}) press(w, key);
        QApplication::processEvents();
        for (const char* dock : {"stepperDock", "gradientCheckDock", "comparisonDock", "landscapeDock"})
            QVERIFY2(!shown<QDockWidget>(w, dock), dock);
        QCOMPARE(w.size(), before);
    }

    void aLessonKeepsTheWindowOnTheScreen() {
        MainWindow w;
        QVERIFY(open(w, {1300, 850}));
        QVERIFY(chooseMenuItem(w, "lessonsMenu", "The learning rate"));
        QVERIFY(QTest::qWaitFor([&] { return w.lessons()->isActive(); }, testsupport::kPatienceMs));
        QApplication::processEvents();
        QVERIFY2(inside(w), qPrintable(describe(w)));
        // Walk every step with Next: each one's tools and docks fit too, and Next stays on the screen.
        for (int i = 0; i < 8; ++i) {
            auto* next = shown<QWidget>(w, "nextStepButton");
            if (!next || !next->isEnabled()) break;
            const QRect r(next->mapTo(&w, QPoint(0, 0)), next->size());
            QVERIFY2(w.rect().contains(r), qPrintable("Next is off the window: " + describe(w)));
            click(next);
            QApplication::processEvents();
            QVERIFY2(inside(w), qPrintable(QString("step %1: %2").arg(i + 2).arg(describe(w))));
        }
    }

    void presenterModeInALessonIsFullScreenAndEscGivesTheWindowBack() {
        MainWindow w;
        QVERIFY(open(w, {1300, 850}));
        QVERIFY(chooseMenuItem(w, "lessonsMenu", "The XOR problem"));
        QVERIFY(QTest::qWaitFor([&] { return w.lessons()->isActive(); }, testsupport::kPatienceMs));
        QApplication::processEvents();
        const QRect before = w.geometry();
        press(w, Qt::Key_F5);
        QVERIFY(QTest::qWaitFor([&] { return w.isFullScreen(); }, testsupport::kPatienceMs));
        QVERIFY(QTest::qWaitFor([&] { return w.geometry() == w.screen()->geometry(); }, testsupport::kPatienceMs));
        QVERIFY2(inside(w), qPrintable(describe(w)));
        press(w, Qt::Key_Escape);
        QVERIFY(QTest::qWaitFor([&] { return !w.isFullScreen(); }, testsupport::kPatienceMs));
        QVERIFY(QTest::qWaitFor([&] { return w.geometry() == before; }, testsupport::kPatienceMs));
        QVERIFY2(inside(w), qPrintable(describe(w)));
    }

    // A saved geometry larger than the screen (an earlier version let tools grow the window) is fitted at start.
    void aTooLargeSavedSizeIsFittedToTheScreen() {
        {
            MainWindow w;
            QVERIFY(open(w, {2400, 1600}));
            w.document()->setAskToSave(
                [](QWidget*, const QString&) { return DocumentController::SaveChoice::Discard; });
            w.close();  // stores the geometry
        }
        MainWindow again;
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY2(inside(again), qPrintable(describe(again)));
    }
};

QTEST_MAIN(TstJourneyGeometry)
#include "tst_journey_geometry.moc"
