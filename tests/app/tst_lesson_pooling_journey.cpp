// Lesson 20, max pooling, as a student takes it: opened from the lesson browser with keys, the pooled cell worked out
// and typed, the prediction about a moved maximum locked in, a wrong count of unchanged cells answered "too low" and
// then the right one; then the shift-tolerance runs: without pooling the moved test pictures' accuracy is shown, with
// max pooling its goal (≥ 0.55 within 20 epochs) ticks and the prediction is revealed. Mouse and keys only.
#include "patient_waits.h"
#include "lesson_journey.h"
#include "projector_screen.h"
#include "screenshot.h"
#include <QSettings>
#include <QStandardPaths>

using namespace app;
using namespace journey;

static const bool kScreen = useScreen("lesson-pooling", 1400, 1000);

class TstLessonPoolingJourney : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }

    void maxPoolingFromPooledCellToShiftTolerance() {
        MainWindow w;
        QVERIFY(open(w, {1400, 1000}));
        QVERIFY(openFromBrowser(w, "Max pooling"));
        QVERIFY(lessonLabel(w, "Step 1 of 8: Keep the largest"));
        QVERIFY(w.project().network.describe().find("maxpool2") != std::string::npos);

        typeAnswer(w, "7");
        QTRY_VERIFY(answerText(w).contains("Right"));
        QVERIFY(nextStep(w, 1));
        QVERIFY(lockInRight(w, 1));  // "Still 7"
        QVERIFY(answerText(w).contains("throws away where in its window"));

        QVERIFY(nextStep(w, 2));
        typeAnswer(w, "2");
        QTRY_VERIFY(answerText(w).contains("2 is too low."));
        typeAnswer(w, "3");
        QTRY_VERIFY(answerText(w).contains("Right"));
        QVERIFY(nextStep(w, 3));
        typeAnswer(w, "128");
        QTRY_VERIFY(answerText(w).contains("Right"));

        // Without pooling: 20 epochs, the shifted accuracy measured and shown beside its goal.
        QVERIFY(nextStep(w, 4));
        QTRY_VERIFY(w.project().network.describe().find("maxpool") == std::string::npos);
        QTRY_VERIFY(lessonLabel(w, "Test pictures moved one pixel: accuracy ≥ 0.3"));
        click(toolButton(w, "playAction"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓</b> Test pictures moved one pixel: accuracy ≥ 0.3"), 120000);
        QTRY_VERIFY(lessonLabel(w, "Done!"));
        const QString without = lessonLabel(w, "Test pictures moved one pixel")->text();

        // With max pooling: the prediction locked in plays the run; the shift-tolerance goal ticks.
        QVERIFY(nextStep(w, 5));
        QTRY_VERIFY(w.project().network.describe().find("maxpool2") != std::string::npos);
        lockIn(w, 2);  // "Better than without pooling, but far below 0.9"
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w,
                                             "✓</b> Test pictures moved one pixel: accuracy ≥ 0.55 within 20 epochs"),
                                 120000);
        QTRY_VERIFY_WITH_TIMEOUT(answerText(w).contains("Right"), 120000);
        QTRY_VERIFY(lessonLabel(w, "Done!"));
        QVERIFY(w.lessons()->stepDone());
        QVERIFY2(without.contains("(0.4"), qPrintable(without));  // about 0.49 without pooling: below 0.5
        QVERIFY(testsupport::saveScreenshot(&w, "lessons/max-pooling-shift.png"));
        QVERIFY(leaveLesson(w));
    }
};

QTEST_MAIN(TstLessonPoolingJourney)
#include "tst_lesson_pooling_journey.moc"
