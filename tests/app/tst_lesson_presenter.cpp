// Three lessons in presenter mode on a projector-sized screen, as a teacher shows them: the lesson panel stays in
// view next to the large output, and the pictures are saved for a person to look at
// (build/screenshots/lesson-presenter-*.png).
#include "patient_waits.h"
#include "app/classroom/lesson_mode.h"
#include "app/window/main_window.h"
#include "app/classroom/presenter.h"
#include "projector_screen.h"
#include "screenshot.h"
#include <QAction>
#include <QDockWidget>
#include <QSettings>
#include <QtTest>

using namespace app;

namespace {
const bool kProjectorScreen = useProjectorScreen("tst-lesson-presenter");
}

class TstLessonPresenter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("NN Lab tests");
        QCoreApplication::setApplicationName("tst_lesson_presenter");
        QSettings().clear();
    }

    // Three lessons in presenter mode, as a teacher projects them (looked at: build/screenshots/lesson-presenter-*.png).
    void presenterScreenshots_data() {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<int>("step");
        QTest::newRow("perceptron") << "perceptron" << 1;
        QTest::newRow("xor") << "xor" << 3;
        QTest::newRow("learning-rate") << "learning-rate" << 1;
    }
    void presenterScreenshots() {
        QFETCH(QString, lesson);
        QFETCH(int, step);
        MainWindow w;
        QVERIFY(kProjectorScreen);
        w.show();
        LessonMode* lm = w.lessons();
        QSignalSpy applied(lm, &LessonMode::stepApplied);
        QVERIFY(lm->start(lesson, step));
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), testsupport::kPatienceMs);
        w.presenter()->setPresenting(true);
        QTRY_VERIFY(w.width() >= 1900);                              // full screen on the projector
        QVERIFY(lm->dock()->isVisible());                            // presenting keeps the lesson in view
        QVERIFY(w.findChild<QDockWidget*>("dataDock")->isHidden());  // the side panels make way
        w.playAction()->setChecked(true);
        QSignalSpy shown(&w, &MainWindow::snapshotShown);
        for (int i = 0; i < 20; ++i) QVERIFY(shown.wait(10000));
        w.playAction()->setChecked(false);
        QVERIFY(shown.wait(10000));
        QVERIFY(testsupport::saveScreenshot(&w, "lesson-presenter-" + lesson + ".png"));
        w.presenter()->setPresenting(false);
        lm->leave();
    }

    // A lesson begun while presenting survives leaving presenter mode (the saved layout has no lesson in it).
    void lessonBegunWhilePresenting() {
        MainWindow w;
        w.show();
        w.presenter()->setPresenting(true);
        LessonMode* lm = w.lessons();
        QSignalSpy applied(lm, &LessonMode::stepApplied);
        QVERIFY(lm->start("xor", 0));
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), testsupport::kPatienceMs);
        QVERIFY(lm->dock()->isVisible());
        w.presenter()->setPanel(Presenter::Panel::Network);
        QVERIFY(lm->dock()->isVisible());
        w.presenter()->setPresenting(false);
        QCoreApplication::processEvents();  // the dock's queued visibility check runs
        QVERIFY(lm->isActive());
        QVERIFY(lm->dock()->isVisible());
        lm->leave();
    }
};

QTEST_MAIN(TstLessonPresenter)
#include "tst_lesson_presenter.moc"
