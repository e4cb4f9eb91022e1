// What a lesson journey reads and does in the lesson dock, as a student: open a lesson from the lesson browser (Ctrl+L,
// arrow keys to the lesson, Start), read the step's title, a goal's line and the answer's text. Mouse and keys only.
#pragma once
#include "journey.h"
#include "app/classroom/lesson_browser.h"
#include "app/classroom/lesson_mode.h"
#include <QDockWidget>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>

namespace journey {

// The lesson dock's visible label whose text contains `part` ("Step 1 of 8: ...", a goal's line, "Done!"), or null.
inline QLabel* lessonLabel(app::MainWindow& w, const QString& part) {
    for (QLabel* l : w.findChild<QDockWidget*>("lessonDock")->findChildren<QLabel*>())
        if (l->isVisible() && l->text().contains(part)) return l;
    return nullptr;
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
    if (!QTest::qWaitFor([] { return qobject_cast<app::LessonBrowser*>(QApplication::activeModalWidget()); }))
        return false;
    auto* browser = qobject_cast<app::LessonBrowser*>(QApplication::activeModalWidget());
    auto* tree = browser->findChild<QTreeWidget*>();
    QTest::keyClick(tree, Qt::Key_Home);
    for (int i = 0; i < 100 && !(tree->currentItem() && tree->currentItem()->text(0).endsWith(". " + title)); ++i)
        QTest::keyClick(tree, Qt::Key_Down);
    if (!tree->currentItem() || !tree->currentItem()->text(0).endsWith(". " + title)) return false;
    click(browser->findChild<QPushButton*>("startLessonButton"));
    return QTest::qWaitFor([&] { return w.lessons()->isActive() && lessonLabel(w, "Step 1 of "); });
}

// Types a number into the numeric question's field and presses Enter.
inline void typeAnswer(app::MainWindow& w, const QString& number) {
    auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
    QVERIFY2(edit, "no number field on screen");
    click(edit);
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, number);
    QTest::keyClick(edit, Qt::Key_Return);
}

// Picks choice n (from 1) of a prediction and presses Lock in.
inline void lockIn(app::MainWindow& w, int n) {
    QVERIFY(QTest::qWaitFor([&] { return shown<QWidget>(w, QString("choice%1").arg(n)) != nullptr; }));
    click(shown<QWidget>(w, QString("choice%1").arg(n)));
    click(shown<QPushButton>(w, "lockInButton"));
}

// Next → and waits for step `index` (from 0).
inline bool nextStep(app::MainWindow& w, int index) {
    click(shown<QPushButton>(w, "nextStepButton"));
    return QTest::qWaitFor([&] { return w.lessons()->stepIndex() == index; });
}

}  // namespace journey
