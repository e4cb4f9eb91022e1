// Every lesson walked as a student walks it: chosen in the Lessons menu, each step read (its title shown, its setup
// applied with no error, its hidden controls gone), a question answered by clicking an answer and Lock in, Next
// clicked, and Finish. Only mouse clicks on visible widgets; the window is read back, never driven through a slot.
#include "journey.h"
#include "projector_screen.h"
#include "app/classroom/lesson_mode.h"
#include "app/document/lesson_setup.h"
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>

using namespace app;
using namespace journey;

static const bool kScreen = useScreen("lessons", 1400, 1000);

class TstLessonJourneys : public QObject {
    Q_OBJECT
private:
    static bool stepTitleShown(MainWindow& w, const QString& text) {
        for (QLabel* l : w.findChild<QDockWidget*>("lessonDock")->findChildren<QLabel*>())
            if (l->isVisible() && l->text() == text) return true;
        return false;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }

    void walkALesson_data() {
        QTest::addColumn<QString>("id");
        MainWindow w;  // the lessons the window offers
        for (const lessons::Lesson& l : w.lessons()->library().lessons) QTest::newRow(qPrintable(l.id)) << l.id;
    }
    void walkALesson() {
        QFETCH(QString, id);
        MainWindow w;
        QVERIFY(open(w));
        const lessons::Lesson* lesson = w.lessons()->library().find(id);
        QVERIFY(lesson);
        QVERIFY(chooseMenuItem(w, "lessonsMenu", lesson->title));
        QVERIFY(QTest::qWaitFor([&] { return w.lessons()->isActive(); }));
        const int count = int(lesson->steps.size());
        for (int i = 0; i < count; ++i) {
            const lessons::LessonStep& step = lesson->steps[std::size_t(i)];
            const QString where = QString("%1, step %2").arg(id).arg(i + 1);
            QVERIFY2(QTest::qWaitFor([&] { return w.lessons()->stepIndex() == i; }), qPrintable(where));
            // The step is shown once the person's own project is kept aside (a moment after the menu's click).
            const QString title = QString("Step %1 of %2: %3").arg(i + 1).arg(count).arg(step.title);
            QVERIFY2(QTest::qWaitFor([&] { return stepTitleShown(w, title); }), qPrintable(where));
            QVERIFY2(w.lessons()->stepError().isEmpty(), qPrintable(where + ": " + w.lessons()->stepError()));
            if (step.buildsProject()) {  // the step's own network and features, as its setup says
                QString error;
                const std::optional<Project> p = lessonProject(step.setup, &error);
                QVERIFY2(p, qPrintable(where + ": " + error));
                QVERIFY2(w.project().network == p->network, qPrintable(where));
                QVERIFY2(w.project().training.features == p->training.features, qPrintable(where));
            }
            for (const QString& c : step.hide)
                if (auto* d = qobject_cast<QDockWidget*>(w.controlWidget(c)))
                    QVERIFY2(d->isHidden(), qPrintable(where + " hides " + c));
            if (step.question) {
                // The student picks the first answer and locks it in; the panel then says whether it was right.
                auto* lockIn = shown<QPushButton>(w, "lockInButton");
                QVERIFY2(lockIn && !lockIn->isEnabled(), qPrintable(where));
                QVERIFY2(QTest::qWaitFor([&] { return shown<QWidget>(w, "choice1") != nullptr; }), qPrintable(where));
                click(shown<QWidget>(w, "choice1"));
                QVERIFY2(lockIn->isEnabled(), qPrintable(where));
                click(lockIn);
                QVERIFY2(!shown<QWidget>(w, "choice1")->isEnabled(), qPrintable(where));
            }
            auto* next = shown<QPushButton>(w, "nextStepButton");
            QVERIFY2(next, qPrintable(where));
            QCOMPARE(next->text(), i + 1 < count ? QString("Next →") : QString("Finish ✓"));
            click(next);
        }
        QVERIFY(QTest::qWaitFor([&] { return !w.lessons()->isActive(); }));
        for (const char* dock : {"dataDock", "trainingDock", "chartsDock", "networkDock"})
            QVERIFY2(!w.findChild<QDockWidget*>(dock)->isHidden(), dock);
    }
};

QTEST_MAIN(TstLessonJourneys)
#include "tst_lesson_journeys.moc"
