// Lesson 21, augmentation, as a student takes it: opened from the lesson browser with keys, the number of training
// pictures typed, the prediction that mirrored digits hurt locked in and revealed by the run; then, in the Training
// panel, rotation and zoom typed into the Augmentation box, Play: the "changed" goal and the accuracy goal (≥ 0.90
// within 150 epochs, which the run without augmentation does not reach) tick. Mouse and keys only.
#include "patient_waits.h"
#include "lesson_journey.h"
#include "projector_screen.h"
#include "screenshot.h"
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>

using namespace app;
using namespace journey;

static const bool kScreen = useScreen("lesson-augmentation", 1400, 1000);

class TstLessonAugmentationJourney : public QObject {
    Q_OBJECT
    // A value typed into a spin box of the Training panel: a click, everything selected, the keys, Enter.
    static void typeInto(QSpinBox* spin, const QString& value) {
        QVERIFY2(spin && spin->isVisible(), "the spin box is not on screen");
        click(spin);
        QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(spin, value);
        QTest::keyClick(spin, Qt::Key_Return);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }

    void augmentationFromHundredDigitsToTheGoal() {
        MainWindow w;
        QVERIFY(open(w, {1400, 1000}));
        QVERIFY(openFromBrowser(w, "Augmentation"));
        QVERIFY(lessonLabel(w, "Step 1 of 5: One hundred digits"));
        QVERIFY(shown(w, "imageWorkspace"));  // pictures: the image workspace instead of the plane
        typeAnswer(w, "100");
        QTRY_VERIFY(answerText(w).contains("Right"));

        // Mirrored digits: predicted worse, and the run shows it.
        QVERIFY(nextStep(w, 1));
        QVERIFY(nextStep(w, 2));
        QTRY_VERIFY(w.project().training.augment.flip);
        QVERIFY(lockInRight(w, 2, 120000));  // "Below: many mirrored pictures are not digits"
        QVERIFY(answerText(w).contains("6 becomes a 9"));
        QVERIFY(QTest::qWaitFor([&] { return w.lastSnapshot().epoch >= 150; }, testsupport::kPatienceMs));
        QVERIFY2(w.lastSnapshot().test.accuracy < 0.86, qPrintable(QString::number(w.lastSnapshot().test.accuracy)));

        // Your turn: augmentation set in the Training panel by the student, then Play.
        QVERIFY(nextStep(w, 3));
        QTRY_VERIFY(!w.project().training.augment.any());
        QTRY_VERIFY(lessonLabel(w, "○ Turn augmentation on in the Training panel"));
        QVERIFY(clickTab(w, "Training"));
        QVERIFY(shown(w, "augmentationBox")->isEnabled());
        typeInto(shown<QSpinBox>(w, "augmentRotate"), "10");
        typeInto(shown<QSpinBox>(w, "augmentZoom"), "10");
        QCOMPARE(w.project().training.augment.rotateDegrees, 10.0);
        QCOMPARE(w.project().training.augment.zoom, 0.1);
        click(toolButton(w, "playAction"));
        QTRY_VERIFY(lessonLabel(w, "✓</b> Turn augmentation on in the Training panel"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓</b> Test accuracy ≥ 0.90 within 150 epochs"), 120000);
        QTRY_VERIFY(lessonLabel(w, "Done!"));
        QVERIFY(w.lessons()->stepDone());
        QVERIFY(testsupport::saveScreenshot(&w, "lessons/augmentation-goal.png"));
        QVERIFY(leaveLesson(w));
    }
};

QTEST_MAIN(TstLessonAugmentationJourney)
#include "tst_lesson_augmentation_journey.moc"
