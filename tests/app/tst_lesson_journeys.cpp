// Every lesson walked as a student walks it: chosen in the Lessons menu, each step read (its title shown, its setup
// applied with no error, its hidden controls gone), a question answered by clicking an answer and Lock in (or, for a
// numeric one, by typing the number and pressing Check), Next clicked, and Finish. Then a numeric question answered
// wrong and right with the keyboard, and a "changed" goal met by choosing a learning rate. Only mouse clicks and keys
// on visible widgets; the window is read back, never driven through a slot.
#include "patient_waits.h"
#include "lesson_journey.h"
#include <QScrollBar>
#include <QScrollArea>
#include "projector_screen.h"
#include "screenshot.h"
#include "app/classroom/lesson_mode.h"
#include "app/document/lesson_setup.h"
#include "app/panels/hyper_search_dialog.h"
#include <QDockWidget>
#include <QLabel>
#include <QHeaderView>
#include <QProgressBar>
#include <QLineEdit>
#include <QTableWidget>
#include <QTextBrowser>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QWindow>
#include "widgets/network_view.h"
#include "widgets/comparison_chart.h"
#include "app/stepper/step_comparison.h"
#include <QComboBox>
#include <QRegularExpression>

using namespace app;
using namespace journey;
using testsupport::saveScreenshot;

static const bool kScreen = useScreen("lessons", 1400, 1000);

class TstLessonJourneys : public QObject {
    Q_OBJECT
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
        QVERIFY(QTest::qWaitFor([&] { return w.lessons()->isActive(); }, testsupport::kPatienceMs));
        const int count = int(lesson->steps.size());
        for (int i = 0; i < count; ++i) {
            const lessons::LessonStep& step = lesson->steps[std::size_t(i)];
            const QString where = QString("%1, step %2").arg(id).arg(i + 1);
            QVERIFY2(QTest::qWaitFor([&] { return w.lessons()->stepIndex() == i; }, testsupport::kPatienceMs),
                     qPrintable(where));
            // The step is shown once the person's own project is kept aside (a moment after the menu's click).
            const QString title = QString("Step %1 of %2: %3").arg(i + 1).arg(count).arg(step.title);
            QVERIFY2(QTest::qWaitFor([&] { return stepTitleShown(w, title); }, testsupport::kPatienceMs),
                     qPrintable(where));
            QVERIFY2(w.lessons()->stepError().isEmpty(), qPrintable(where + ": " + w.lessons()->stepError()));
            // Each step opens at its first line, however far the last one was scrolled (below, before Next).
            auto* text = shown<QTextBrowser>(w, "lessonText");
            auto* column = shown<QScrollArea>(w, "lessonScroll");
            QVERIFY2(text && column, qPrintable(where));
            QVERIFY2(text->verticalScrollBar()->value() == 0, qPrintable(where + ": the text opened scrolled down"));
            QVERIFY2(column->verticalScrollBar()->value() == 0,
                     qPrintable(where + ": the column opened scrolled down"));
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
            if (step.question && step.question->isNumeric()) {
                // The student types the number and presses Check; the panel says it is right.
                auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
                auto* check = shown<QPushButton>(w, "checkAnswerButton");
                QVERIFY2(edit && check && edit->text().isEmpty() && !check->isEnabled(), qPrintable(where));
                QVERIFY2(!shown<QWidget>(w, "lockInButton") && !shown<QWidget>(w, "choice1"), qPrintable(where));
                typeInto(edit, QLocale::c().toString(*step.question->number, 'g', 8));
                QVERIFY2(check->isEnabled(), qPrintable(where));
                click(check);
                QVERIFY2(answerText(w).contains("Right"), qPrintable(where + ": " + answerText(w)));
                QVERIFY2(edit->isReadOnly() && !check->isEnabled(), qPrintable(where));
            } else if (step.question) {
                // The student picks the first answer and locks it in; the panel then says whether it was right.
                auto* lockIn = shown<QPushButton>(w, "lockInButton");
                QVERIFY2(lockIn && !lockIn->isEnabled(), qPrintable(where));
                QVERIFY2(QTest::qWaitFor([&] { return shown<QWidget>(w, "choice1") != nullptr; },
                                         testsupport::kPatienceMs),
                         qPrintable(where));
                click(shown<QWidget>(w, "choice1"));
                QVERIFY2(lockIn->isEnabled(), qPrintable(where));
                click(lockIn);
                QVERIFY2(!shown<QWidget>(w, "choice1")->isEnabled(), qPrintable(where));
            }
            // The student reads to the end of the text (a click on it, Ctrl+End) and pages the column down to the
            // question (a click low on its scroll bar), as one does before going on.
            QTest::mouseClick(text->viewport(), Qt::LeftButton, {}, QPoint(2, 2));
            QTest::keyClick(text, Qt::Key_End, Qt::ControlModifier);
            if (QScrollBar* bar = column->verticalScrollBar(); bar->isVisible())
                for (int page = 0; page < 3; ++page)
                    QTest::mouseClick(bar, Qt::LeftButton, {},
                                      QPoint(bar->width() / 2, bar->height() - bar->width() - 3));
            auto* next = shown<QPushButton>(w, "nextStepButton");
            QVERIFY2(next, qPrintable(where));
            QCOMPARE(next->text(), i + 1 < count ? QString("Next →") : QString("Finish ✓"));
            click(next);
        }
        QVERIFY(QTest::qWaitFor([&] { return !w.lessons()->isActive(); }, testsupport::kPatienceMs));
        for (const char* dock : {"dataDock", "trainingDock", "chartsDock", "networkDock"})
            QVERIFY2(!w.findChild<QDockWidget*>(dock)->isHidden(), dock);
    }

    // Lesson 11 asks for numbers before it shows any: a wrong z₂ typed and checked with Enter says "too high" and
    // offers the answer; the right one typed says "Right" and the step is done. On the forward pass a wrong ŷ says
    // "too low", and "Show the answer" shows ŷ with its working.
    void numericQuestionWrongThenRight() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "backprop"));
        auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
        auto* check = shown<QPushButton>(w, "checkAnswerButton");
        QVERIFY(edit && check);
        QVERIFY(!shown<QWidget>(w, "lockInButton"));      // no choices to lock in
        QVERIFY(!shown<QWidget>(w, "showAnswerButton"));  // nothing to give up on before a try
        QVERIFY(!check->isEnabled());
        QVERIFY(!lessonLabel(w, "z₂ = 2·x₁"));  // the working is not printed before the student computes it

        typeInto(edit, "2");
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(answerText(w).contains("2 is too high"));
        QVERIFY(shown<QPushButton>(w, "showAnswerButton"));
        QVERIFY(!answerText(w).contains("z₂ = 2·x₁"));  // still not the answer
        QVERIFY(!w.lessons()->stepDone());

        typeInto(edit, "1");
        click(check);
        QTRY_VERIFY(answerText(w).contains("Right: 1."));
        QVERIFY(answerText(w).contains("z₂ = 2·x₁ − 1·x₂ − 1 = 2·1 − 1·0 − 1 = 1."));
        QVERIFY(w.lessons()->stepDone());
        QVERIFY(edit->isReadOnly());
        QVERIFY(!shown<QWidget>(w, "showAnswerButton"));

        QVERIFY(nextStepShown(w, 2, 9, "Forward pass"));
        QVERIFY(edit->text().isEmpty() && !edit->isReadOnly());  // a new question, a clear field
        QVERIFY(!shown<QTextBrowser>(w, "lessonText")->toPlainText().contains("0.5668"));  // not printed before
        QVERIFY(answerText(w).isEmpty());
        typeInto(edit, "0,3");  // a decimal comma is understood
        click(check);
        QTRY_VERIFY(answerText(w).contains("0,3 is too low"));
        typeInto(edit, "half");
        click(check);
        QTRY_VERIFY(answerText(w).contains("is not a number"));
        QVERIFY(shown<QPushButton>(w, "showAnswerButton"));  // still offered after a wrong try
        QVERIFY(!w.lessons()->stepDone());
        click(shown<QPushButton>(w, "showAnswerButton"));
        QTRY_VERIFY(answerText(w).contains("The answer is 0.5668."));
        QVERIFY(answerText(w).contains("h = (σ(0), σ(1)) = (0.5, 0.7311)"));
        QVERIFY(w.lessons()->stepDone());
        QVERIFY(edit->isReadOnly() && !check->isEnabled());
        QVERIFY(leaveLesson(w));
    }

    // Lesson 7's last step: "Pick another learning rate" holds once the student picks one in the Training panel, and
    // no longer when the first one is picked again.
    void changedGoalFollowsTheTrainingPanel() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "learning-rate"));
        const lessons::Lesson* lesson = w.lessons()->library().find("learning-rate");
        const int last = int(lesson->steps.size()) - 1;
        for (int i = 0; i < last; ++i) {
            QVERIFY(nextStep(w, i + 1));
        }
        QTRY_VERIFY(stepTitleShown(w, QString("Step %1 of %1: Your pick on a real network").arg(last + 1)));
        QTRY_VERIFY(lessonLabel(w, "○ Pick another learning rate (now 0.0001)"));
        auto* rate = shown<QComboBox>(w, "learningRate");
        if (!rate) QVERIFY(clickTab(w, "Training"));
        rate = shown<QComboBox>(w, "learningRate");
        QVERIFY(rate);
        typeInto(rate->lineEdit(), "0.1");  // the rate is typed, as the combo box allows
        QTest::keyClick(rate->lineEdit(), Qt::Key_Return);
        QTRY_VERIFY(lessonLabel(w, "✓</b> Pick another learning rate (now 0.1)"));
        QVERIFY(lessonLabel(w, "○ Training loss below 0.05"));  // the other goal still needs a run
        QVERIFY(!w.lessons()->stepDone());
        typeInto(rate->lineEdit(), "0.0001");
        QTest::keyClick(rate->lineEdit(), Qt::Key_Return);
        QTRY_VERIFY(lessonLabel(w, "○ Pick another learning rate (now 0.0001)"));
        QVERIFY(leaveLesson(w));
    }

    // Lesson 13 teaches not to choose by the test set: the search it opens holds a validation set out of the training
    // data, sorts by its loss, and the best trial (in bold, selected) is the validation set's choice.
    void searchChoosesByValidation() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "hyperparameter-search"));
        QVERIFY(nextStepShown(w, 2, 5, "Set up a grid"));
        HyperSearchDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = w.findChild<HyperSearchDialog*>()) && dialog->isVisible());
        QTableWidget* table = dialog->table();
        QCOMPARE(table->horizontalHeaderItem(HyperSearchDialog::ValidationLoss)->text(), QString("Validation loss"));
        QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(HyperSearchDialog::ValidationLoss));
        bool saysHeldOut = false;
        for (QLabel* l : dialog->findChildren<QLabel*>())
            saysHeldOut = saysHeldOut || l->text().contains("40 more are held out as a <b>validation</b> set");
        QVERIFY(saysHeldOut);
        QPushButton* start = nullptr;
        for (QPushButton* b : dialog->findChildren<QPushButton*>())
            if (b->text() == "Start") start = b;  // the dialog's own button, as a person sees it
        QVERIFY(start && start->isEnabled());
        click(start);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->progress()->text() == "12 / 12 trials" && !dialog->isRunning(), 60000);
        // The top row: the lowest validation loss, width 8 at η = 0.01 (η = 0.001 has the lowest test loss).
        QCOMPARE(table->item(0, HyperSearchDialog::Width)->text(), QString("8"));
        QCOMPARE(table->item(0, HyperSearchDialog::LearningRate)->text(), QString("0.01"));
        QVERIFY(table->item(0, 0)->font().bold());
        QVERIFY(dialog->message().contains("validation loss"));
        for (int r = 1; r < table->rowCount(); ++r) {
            const QString v = table->item(r, HyperSearchDialog::ValidationLoss)->text();
            QVERIFY(v == "diverged" ||
                    v.toDouble() >= table->item(0, HyperSearchDialog::ValidationLoss)->text().toDouble());
        }
        for (QPushButton* b : dialog->findChildren<QPushButton*>())
            if (b->text() == "Close") click(b);
        QTRY_VERIFY(!dialog->isVisible());
        QVERIFY(leaveLesson(w));
    }

    // Lesson 14's last step: a start of ±10 freezes the tanh neurons; the student picks Xavier uniform in the Training
    // panel and plays, and both goals tick: the initialisation changed, and the test accuracy reached 0.9 in time.
    void initialisationFixedByTheStudent() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "initialisation"));
        const lessons::Lesson* lesson = w.lessons()->library().find("initialisation");
        const int last = int(lesson->steps.size()) - 1;
        for (int i = 0; i < last; ++i) {
            QVERIFY(nextStep(w, i + 1));
        }
        QTRY_VERIFY(stepTitleShown(w, QString("Step %1 of %1: Your turn: a good start").arg(last + 1)));
        QTRY_VERIFY(lessonLabel(w, "○ Change the initialisation, or its a (now Uniform ±10)"));
        auto* init = shown<QComboBox>(w, "init");
        if (!init) QVERIFY(clickTab(w, "Training"));
        init = shown<QComboBox>(w, "init");
        QVERIFY(init);
        QVERIFY(chooseInCombo(init, "Xavier uniform"));
        QTRY_VERIFY(lessonLabel(w, "✓</b> Change the initialisation, or its a (now Xavier uniform)"));
        QVERIFY(!w.lessons()->stepDone());
        click(toolButton(w, "playAction"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓</b> Test accuracy ≥ 0.9 within 300 epochs"), 60000);
        QTRY_VERIFY(lessonLabel(w, "Done!"));
        // Reached, the goals stop following the run: their values say so instead of "now".
        QVERIFY(lessonLabel(w, "✓</b> Change the initialisation, or its a (Xavier uniform when reached)"));
        QVERIFY(lessonLabel(w, " when reached)"));
        QVERIFY(!lessonLabel(w, "(now "));
        QVERIFY(w.lessons()->stepDone());
        QVERIFY(leaveLesson(w));
    }

    // Lesson 15: the cross-entropy gradient typed with a minus sign and a decimal comma is right; then the ten digits
    // are learned to 0.9 test accuracy with Play, and the goal ticks.
    void lossFunctionsToTenDigits() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "loss-functions"));
        const lessons::Lesson* lesson = w.lessons()->library().find("loss-functions");
        const int count = int(lesson->steps.size());
        for (int i = 0; i < count - 2; ++i) {
            QVERIFY(nextStep(w, i + 1));
        }
        QTRY_VERIFY(
            stepTitleShown(w, QString("Step %1 of %2: The same start with cross-entropy").arg(count - 1).arg(count)));
        auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
        QVERIFY(edit);
        // "−0,98", as a person may write it: a minus sign (a key with no ASCII code: its text goes with the event) and a
        // decimal comma.
        typeInto(edit, "");
        QTest::sendKeyEvent(QTest::Press, edit, Qt::Key_unknown, QString(QChar(0x2212)), Qt::NoModifier);
        QTest::sendKeyEvent(QTest::Release, edit, Qt::Key_unknown, QString(QChar(0x2212)), Qt::NoModifier);
        QTest::keyClicks(edit, "0,98");
        QCOMPARE(edit->text(), QString(QChar(0x2212)) + "0,98");
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(answerText(w).contains("Right: -0.98."));
        QVERIFY(answerText(w).contains("about 25 times smaller"));

        QVERIFY(nextStepShown(w, count, count, "Ten digits"));
        QTRY_VERIFY(lessonLabel(w, "○ Test accuracy ≥ 0.9 on the ten digits within 30 epochs"));
        click(toolButton(w, "playAction"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓</b> Test accuracy ≥ 0.9 on the ten digits within 30 epochs"), 60000);
        QTRY_VERIFY(lessonLabel(w, "Done!"));
        QVERIFY(leaveLesson(w));
    }

    // Lesson 16: the student runs the grid, reads the top row's learning rate (sorted by validation loss) and types it,
    // loads that row, closes the dialog and plays: the test accuracy goal ticks.
    void threeSetsChooseByValidationThenTest() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "three-sets"));
        auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
        QVERIFY(edit);
        typeInto(edit, "160");
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(answerText(w).contains("Right: 160 points."));
        QVERIFY(nextStepShown(w, 2, 5, "Choose by validation"));
        HyperSearchDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = w.findChild<HyperSearchDialog*>()) && dialog->isVisible());
        auto dialogButton = [&](const QString& text) -> QPushButton* {
            for (QPushButton* b : dialog->findChildren<QPushButton*>())
                if (b->text() == text && b->isVisible()) return b;
            return nullptr;
        };
        click(dialogButton("Start"));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->progress()->text() == "12 / 12 trials" && !dialog->isRunning(), 60000);
        const QString topRate = dialog->table()->item(0, HyperSearchDialog::LearningRate)->text();
        QCOMPARE(topRate, QString("0.01"));
        edit = shown<QLineEdit>(w, "numberAnswerEdit");
        typeInto(edit, topRate);
        click(shown<QPushButton>(w, "checkAnswerButton"));
        QTRY_VERIFY(answerText(w).contains("Right: 0.01."));
        QVERIFY(dialogButton("Load selected") && dialogButton("Load selected")->isEnabled());  // the best row, selected
        click(dialogButton("Load selected"));
        click(dialogButton("Close"));
        QTRY_VERIFY(!dialog || !dialog->isVisible());
        QTRY_VERIFY(w.project().network.layers.front().units == 8);
        QVERIFY(!w.lessons()->stepDone());
        click(toolButton(w, "playAction"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓</b> Load the validation set's choice and train it"), 60000);
        QTRY_VERIFY(lessonLabel(w, "Done!"));
        QVERIFY(leaveLesson(w));
    }

    // Lesson 17: the parameters kept are counted (96); the baseline from scratch is predicted and watched; the three
    // ways are shown with the hidden layers frozen (the diagram's right-click menu offers to unfreeze them) and the 9
    // parameters partial fine-tuning trains are typed; the race is predicted (partial stalls), started with its
    // button, and read back from the panel: four curves of test accuracy, and a table whose figures are the lesson's;
    // then the student's choice: "Unfreeze all" from the diagram's menu, Play, and 0.9 is passed within 50 updates.
    void fineTuningThreeWays() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "fine-tuning"));
        // A right-click on hidden neuron (1, 0) of the diagram: the menu's items, and the menu itself (still open).
        auto diagramMenu = [&](QStringList& items) -> QMenu* {
            widgets::NetworkView* view = w.networkView();
            if (!QTest::qWaitFor([&] { return view->spec().layers.size() == 3 && view->neuronCenter(1, 0).x() >= 0; },
                                 testsupport::kPatienceMs))
                return nullptr;
            QWidget* top = view->window();
            QTest::mouseClick(top->windowHandle(), Qt::RightButton, {},
                              view->mapTo(top, view->neuronCenter(1, 0).toPoint()));
            QMenu* menu = nullptr;
            if (!QTest::qWaitFor(
                    [&] {
                        return (menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) && menu->isVisible();
                    },
                    testsupport::kPatienceMs))
                return nullptr;
            items.clear();
            for (QAction* a : menu->actions()) items << a->text().remove('&');
            return menu;
        };
        auto closed = [&] {
            if (!QTest::qWaitFor([] { return QApplication::activePopupWidget() == nullptr; }, testsupport::kPatienceMs))
                return false;
            w.activateWindow();
            return QTest::qWaitForWindowActive(&w);
        };
        auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
        QVERIFY(edit);
        typeInto(edit, "96");
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(answerText(w).contains("Right: 96 parameters."));

        QVERIFY(nextStepShown(w, 2, 6, "Task B from scratch"));
        QVERIFY(lockInRight(w, 1, 60000));  // "Below 0.9"

        QVERIFY(nextStepShown(w, 3, 6, "Three ways to start from task A"));
        // The hidden layers are frozen, as the diagram says: a right-click on a hidden neuron offers to unfreeze.
        QStringList items;
        QMenu* menu = diagramMenu(items);
        QVERIFY(menu);
        QTest::keyClick(menu, Qt::Key_Escape);
        QVERIFY(closed());
        QVERIFY2(items.contains("Unfreeze the whole layer") && items.contains("Unfreeze all"),
                 qPrintable(items.join(" | ")));
        edit = shown<QLineEdit>(w, "numberAnswerEdit");
        QVERIFY(edit);
        typeInto(edit, "9");
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(answerText(w).contains("Right: 9 parameters."));
        QVERIFY(testsupport::saveScreenshot(&w, "lessons/fine-tuning-partial.png"));

        QVERIFY(nextStepShown(w, 4, 6, "The race"));
        auto* race = w.findChild<StepComparison*>();
        QTRY_VERIFY(race && race->isVisible());
        QVERIFY(lockInRight(w, 3));  // "No"
        QPushButton* start = nullptr;
        for (QPushButton* b : race->findChildren<QPushButton*>())
            if (b->isVisible() && b->text() == "Start") start = b;
        QVERIFY(start && start->isEnabled());
        QCOMPARE(race->updatesBox()->text(), QString("up to 200 updates"));
        click(start);
        QTRY_VERIFY_WITH_TIMEOUT(!start->isEnabled(), testsupport::kPatienceMs);
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 60000);  // the four runs have made their 200 updates
        QTRY_VERIFY(text(w, "comparisonStatus").startsWith("Done."));
        // The chart: test accuracy against updates, a curve a run, named in the legend.
        widgets::ComparisonChart* chart = race->chart();
        QCOMPARE(shown<QComboBox>(w, "comparisonAxis")->currentText(), QString("test accuracy against updates"));
        QCOMPARE(chart->yAxis->label(), QString("test accuracy"));
        QStringList legend;
        for (int r = 0; r < chart->runCount(); ++r) legend << chart->graphOf(r)->name();
        QCOMPARE(legend, QStringList({"from scratch", "full fine-tuning", "partial: last layer only",
                                      "additive: new layer on top"}));
        for (int r = 0; r < chart->runCount(); ++r) QCOMPARE(chart->graphOf(r)->data()->size(), 201);
        // The table, as shown: each run's trained parameters, its 200 updates and its test accuracy, the lesson's.
        QLabel* table = shown<QLabel>(w, "comparisonResults");
        QVERIFY(table);
        static const QRegularExpression cell("<t[dh][^>]*>(.*?)</t[dh]>");
        QList<QStringList> rows;  // the table's rows, each as its cells' texts
        for (const QString& tr : table->text().split("<tr>").mid(1)) {
            QStringList cells;
            for (auto it = cell.globalMatch(tr); it.hasNext();) cells << it.next().captured(1);
            rows << cells;
        }
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows[0], QStringList({"run", "trains", "updates", "training loss", "test accuracy"}));
        // Run, trained parameters, updates, test accuracy (the loss, column 4, is not stated in the lesson).
        const QList<QStringList> want{{"from scratch", "105", "200", "0.960"},
                                      {"full fine-tuning", "105", "200", "0.960"},
                                      {"partial: last layer only", "9", "200", "0.540"},
                                      {"additive: new layer on top", "81", "200", "0.980"}};
        for (int r = 0; r < 4; ++r) {
            const QStringList& c = rows[r + 1];
            QVERIFY2(c.size() == 5, qPrintable(c.join(" | ")));
            QCOMPARE(QStringList({c[0], c[1], c[2], c[4]}), want[r]);
        }
        chart->replot();  // the queued replot, drawn now for the picture
        QVERIFY(saveScreenshot(race, "lessons/fine-tuning-race.png"));
        QVERIFY(testsupport::saveScreenshot(&w, "lessons/fine-tuning-race-window.png"));

        // The student's choice: the race showed full fine-tuning past 0.9 within 50 updates. The diagram stands as
        // partial; "Unfreeze all" from its menu, then Play.
        QVERIFY(nextStepShown(w, 5, 6, "Your choice: 0.9 within 50 updates"));
        QTRY_VERIFY(lessonLabel(w, "○ Test accuracy ≥ 0.9 within 50 updates (10 epochs)"));
        menu = diagramMenu(items);
        QVERIFY(menu);
        QAction* all = nullptr;
        for (QAction* a : menu->actions())
            if (a->text().remove('&') == "Unfreeze all") all = a;
        QVERIFY2(all, qPrintable(items.join(" | ")));
        QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(all).center());
        QVERIFY(closed());
        QVERIFY(diagramMenu(items));  // nothing frozen now: the menu offers freezing again
        QTest::keyClick(QApplication::activePopupWidget(), Qt::Key_Escape);
        QVERIFY(closed());
        QVERIFY2(items.contains("Freeze the whole layer") && !items.contains("Unfreeze all"),
                 qPrintable(items.join(" | ")));
        if (!w.playAction()->isChecked()) click(toolButton(w, "playAction"));
        QTRY_VERIFY_WITH_TIMEOUT(lessonLabel(w, "✓</b> Test accuracy ≥ 0.9 within 50 updates (10 epochs)"), 60000);

        QVERIFY(nextStepShown(w, 6, 6, "What each one trained"));
        QVERIFY(leaveLesson(w));
    }

    // Lesson 9's "Per second": the race is started with its button, the axis combo switched to seconds with the
    // keyboard; the axis label says seconds and every run's points go right as it trains. No time is asserted.
    void updateModesAgainstSeconds() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "update-modes"));
        const lessons::Lesson* lesson = w.lessons()->library().find("update-modes");
        int target = -1;
        for (int i = 0; i < int(lesson->steps.size()); ++i)
            if (lesson->steps[std::size_t(i)].title == "Per second") target = i;
        QVERIFY(target > 0);
        for (int i = 0; i < target; ++i) {
            QVERIFY(nextStep(w, i + 1));
        }
        auto* race = w.findChild<StepComparison*>();
        QTRY_VERIFY(race && race->isVisible());
        QPushButton* start = nullptr;
        for (QPushButton* b : race->findChildren<QPushButton*>())
            if (b->isVisible() && b->text() == "Start") start = b;
        QVERIFY(start && start->isEnabled());
        click(start);
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 60000);  // the race has run its 50 epochs
        widgets::ComparisonChart* chart = race->chart();
        QCOMPARE(chart->xAxis->label(), QString("epochs (passes over the data)"));
        auto* axis = shown<QComboBox>(w, "comparisonAxis");
        QVERIFY(chooseInCombo(axis, "loss against seconds"));
        QCOMPARE(chart->xAxis->label(), QString("seconds of computing (this machine)"));
        QCOMPARE(chart->runCount(), 3);
        for (int r = 0; r < chart->runCount(); ++r) {
            const QCPGraph* g = chart->graphOf(r);
            QVERIFY(g->dataCount() > 1);
            double last = -1;
            for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
                QVERIFY(it->key >= last);
                last = it->key;
            }
            QVERIFY2(last > g->data()->constBegin()->key, qPrintable(g->name()));  // it moved right
            qInfo("%s: %.4f s", qPrintable(g->name()), last);                      // for a person; never compared
        }
        chart->replot();  // the queued replot, drawn now for the picture (as tst_lessons does)
        QVERIFY(saveScreenshot(race, "lessons/update-modes-seconds.png"));
        QVERIFY(leaveLesson(w));
    }

    // For a person to look at: a numeric question after a wrong answer, in the lesson dock.
    void screenshotNumericQuestion() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(openLesson(w, "backprop"));
        QVERIFY(nextStepShown(w, 2, 9, "Forward pass"));
        auto* edit = shown<QLineEdit>(w, "numberAnswerEdit");
        QVERIFY(edit);
        typeInto(edit, "0.73");
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(answerText(w).contains("too high"));
        // The window shows the lesson's network once its snapshot is in (the loss of its 4 points, 0.2751).
        QVERIFY(waitFor(w, [&] {
            return w.lastSnapshot().spec == w.project().network && w.lastSnapshot().generation > 1;
        }));
        QVERIFY(saveScreenshot(&w, "lesson-numeric-question.png"));
        QVERIFY(saveScreenshot(w.findChild<QDockWidget*>("lessonDock"), "lesson-numeric-question-dock.png"));
        QVERIFY(leaveLesson(w));
    }
};

QTEST_MAIN(TstLessonJourneys)
#include "tst_lesson_journeys.moc"
