// What a lesson journey reads and does in the lesson dock, as a student: open a lesson from the Lessons menu or from the
// lesson browser (Ctrl+L, arrow keys to the lesson, Start), read the step's title, a goal's line and the answer's text,
// type a number, lock a prediction in, go to the next step and leave the lesson. Mouse and keys only. Every lesson
// journey (tests/app/tst_lesson_*) takes these from here.
#pragma once
#include "journey.h"
#include "app/classroom/lesson_browser.h"
#include "app/classroom/lesson_mode.h"
#include <QDialog>
#include <QDockWidget>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include "patient_waits.h"

namespace journey {

// True when the lesson dock shows a visible label with exactly this text ("Step 2 of 9: Forward pass").
inline bool stepTitleShown(app::MainWindow& w, const QString& text) {
    for (QLabel* l : w.findChild<QDockWidget*>("lessonDock")->findChildren<QLabel*>())
        if (l->isVisible() && l->text() == text) return true;
    return false;
}

// The lesson dock's visible label whose text contains `part` ("Step 1 of 8: ...", a goal's line, "Done!"), or null.
inline QLabel* lessonLabel(app::MainWindow& w, const QString& part) {
    for (QLabel* l : w.findChild<QDockWidget*>("lessonDock")->findChildren<QLabel*>())
        if (l->isVisible() && l->text().contains(part)) return l;
    return nullptr;
}

// Types into a line edit as a person does: a click into it, everything selected (Ctrl+A), the keys.
inline void typeInto(QLineEdit* edit, const QString& text) {
    click(edit);
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, text);
}

// Waits until the lesson runs at its first step and the dock shows that step's title.
inline bool firstStepShown(app::MainWindow& w, const lessons::Lesson& lesson) {
    const QString title = QString("Step 1 of %1: %2").arg(lesson.steps.size()).arg(lesson.steps[0].title);
    return QTest::qWaitFor([&] { return w.lessons()->isActive() && w.lessons()->stepIndex() == 0; },
                           testsupport::kPatienceMs) &&
           QTest::qWaitFor([&] { return stepTitleShown(w, title); }, testsupport::kPatienceMs);
}

// Opens a shipped lesson (by id) from the Lessons menu and waits for its first step's title.
inline bool openLesson(app::MainWindow& w, const QString& id) {
    const lessons::Lesson* lesson = w.lessons()->library().find(id);
    if (!lesson || !chooseMenuItem(w, "lessonsMenu", lesson->title)) return false;
    return firstStepShown(w, *lesson);
}

// The text under a question once it is checked or revealed ("Right: ...", "3 is too low.").
inline QString answerText(app::MainWindow& w) {
    auto* l = shown<QLabel>(w, "revealLabel");
    return l ? l->text() : QString();
}

// Ctrl+L opens the lesson browser; Home, then Down until the lesson's row is the current one; Start. True once the
// lesson's first step shows.
inline bool openFromBrowser(app::MainWindow& w, const QString& title) {
    press(w, Qt::Key_L, Qt::ControlModifier);
    if (!QTest::qWaitFor([] { return qobject_cast<app::LessonBrowser*>(QApplication::activeModalWidget()); },
                         testsupport::kPatienceMs))
        return false;
    auto* browser = qobject_cast<app::LessonBrowser*>(QApplication::activeModalWidget());
    auto* tree = browser->findChild<QTreeWidget*>();
    QTest::keyClick(tree, Qt::Key_Home);
    for (int i = 0; i < 100 && !(tree->currentItem() && tree->currentItem()->text(0).endsWith(". " + title)); ++i)
        QTest::keyClick(tree, Qt::Key_Down);
    if (!tree->currentItem() || !tree->currentItem()->text(0).endsWith(". " + title)) return false;
    click(browser->findChild<QPushButton*>("startLessonButton"));
    return QTest::qWaitFor([&] { return w.lessons()->isActive() && lessonLabel(w, "Step 1 of "); },
                           testsupport::kPatienceMs);
}

// Opens a lesson (by id) from the lesson browser from its far end: Ctrl+L, a click on the selected row (the first
// lesson) to put the keys in the list, End (the last lessons), Up until the lesson's row is the current one, then
// Start. Waits for the window to be active again and for the first step's title.
inline bool openFromBrowserEnd(app::MainWindow& w, const QString& id) {
    const lessons::Lesson* lesson = w.lessons()->library().find(id);
    if (!lesson) return false;
    bool started = false;
    whenModal<QDialog>([&](QDialog* d) {
        auto* tree = d->findChild<QTreeWidget*>();
        if (!tree || !tree->currentItem()) return;
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(tree->currentItem()).center());
        QTest::keyClick(tree, Qt::Key_End);
        for (int i = 0; i < 40 && tree->currentItem() && !tree->currentItem()->text(0).endsWith(lesson->title); ++i)
            QTest::keyClick(tree, Qt::Key_Up);
        if (!tree->currentItem() || !tree->currentItem()->text(0).endsWith(lesson->title)) return;
        auto* start = d->findChild<QPushButton*>("startLessonButton");
        QTest::mouseClick(start, Qt::LeftButton);
        started = true;
    });
    press(w, Qt::Key_L, Qt::ControlModifier);
    if (!QTest::qWaitFor([&] { return started; }, testsupport::kPatienceMs)) return false;
    w.activateWindow();
    return QTest::qWaitForWindowActive(&w) && firstStepShown(w, *lesson);
}

// Types a number into the numeric question's field and presses Enter.
inline void typeAnswer(app::MainWindow& w, const QString& number) {
    auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
    QVERIFY2(edit, "no number field on screen");
    typeInto(edit, number);
    QTest::keyClick(edit, Qt::Key_Return);
}

// Types a number into the numeric question's field and presses Enter; true once the panel says "Right:".
inline bool answerRight(app::MainWindow& w, const QString& number) {
    auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
    if (!edit) return false;
    typeInto(edit, number);
    QTest::keyClick(edit, Qt::Key_Return);
    return QTest::qWaitFor([&] { return answerText(w).contains("Right:"); }, testsupport::kPatienceMs);
}

// Picks choice n (from 1) of a prediction and presses Lock in.
inline void lockIn(app::MainWindow& w, int n) {
    QVERIFY(QTest::qWaitFor([&] { return shown<QWidget>(w, QString("choice%1").arg(n)) != nullptr; },
                            testsupport::kPatienceMs));
    click(shown<QWidget>(w, QString("choice%1").arg(n)));
    click(shown<QPushButton>(w, "lockInButton"));
}

// Predicts: picks choice n (from 1), presses Lock in, and waits up to `timeout` ms for the panel to say "Right".
inline bool lockInRight(app::MainWindow& w, int n, int timeout = 5000) {
    lockIn(w, n);
    if (QTest::currentTestFailed()) return false;
    return QTest::qWaitFor([&] { return answerText(w).contains("Right"); }, timeout);
}

// Next → and waits for step `index` (from 0).
inline bool nextStep(app::MainWindow& w, int index) {
    click(shown<QPushButton>(w, "nextStepButton"));
    return QTest::qWaitFor([&] { return w.lessons()->stepIndex() == index; }, testsupport::kPatienceMs);
}

// Next → and waits for the title "Step `number` of `of`: `title`".
inline bool nextStepShown(app::MainWindow& w, int number, int of, const QString& title) {
    click(shown<QPushButton>(w, "nextStepButton"));
    return QTest::qWaitFor(
        [&] { return stepTitleShown(w, QString("Step %1 of %2: %3").arg(number).arg(of).arg(title)); },
        testsupport::kPatienceMs);
}

// Leave lesson, and waits for the lesson to end.
inline bool leaveLesson(app::MainWindow& w) {
    click(shown<QPushButton>(w, "leaveLessonButton"));
    return QTest::qWaitFor([&] { return !w.lessons()->isActive(); }, testsupport::kPatienceMs);
}

}  // namespace journey
