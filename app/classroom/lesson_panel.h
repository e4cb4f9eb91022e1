// The lesson dock's contents: the step's text, its goals with live values, a predict-then-reveal question, an optional
// chart of the activation functions, and Back / Restart step / Next. It shows what LessonMode tells it and emits the
// student's intents; it runs nothing itself.
#pragma once
#include "lessons/lesson.h"
#include <QWidget>

class QButtonGroup;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QTextBrowser;
class QVBoxLayout;

namespace widgets {
class ActivationChart;
}

namespace app {

class LessonPanel : public QWidget {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget* parent = nullptr);

    void showStep(const lessons::Lesson& lesson, int index, bool done);
    void showError(const QString& message);  // the step's setup could not be applied
    // Goals: one line each, with a mark and the current value; `reached`: the values when the step's goals were all
    // met (they are no longer followed, so they do not say "now").
    void setGoalStates(const QVector<lessons::GoalStatus>& states, const QStringList& values, bool reached = false);
    void setStepDone(bool done);
    // The question's state: the choice locked in (or -1), and whether the answer shows.
    void setQuestionState(int lockedIn, bool revealed, bool waitingForRun);
    // A numeric question's state after the student's last try: what was typed and what the panel says about it.
    enum class NumberFeedback { None, NotANumber, TooLow, TooHigh, Right, Shown };
    void setNumberFeedback(NumberFeedback feedback, const QString& typed);

    QTextBrowser* text() const { return m_text; }
    QPushButton* nextButton() const { return m_next; }
    QPushButton* backButton() const { return m_back; }
    QPushButton* restartButton() const { return m_restart; }
    QPushButton* lockInButton() const { return m_lockIn; }
    QButtonGroup* choices() const { return m_choices; }
    QLabel* goalLabel(int i) const;
    QLabel* revealLabel() const { return m_reveal; }
    QLineEdit* numberEdit() const { return m_numberEdit; }
    QPushButton* checkButton() const { return m_check; }
    QPushButton* showAnswerButton() const { return m_showAnswer; }
    widgets::ActivationChart* activationChart() const { return m_activations; }

protected:
    void changeEvent(QEvent* e) override;  // the headings follow the panel's font (presenter mode scales it)

signals:
    void nextRequested();
    void backRequested();
    void restartRequested();
    void leaveRequested();
    void browseRequested();
    void lockInRequested(int choice);
    void checkNumberRequested(const QString& typed);  // a numeric question: the student's answer as typed
    void showAnswerRequested();                       // a numeric question: the student gives up and looks

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void styleHeadings();
    void showFeedback();  // scrolls the question's feedback into view
    QLabel* m_title = nullptr;
    QLabel* m_stepTitle = nullptr;
    QProgressBar* m_progress = nullptr;
    QTextBrowser* m_text = nullptr;
    QScrollArea* m_scroll = nullptr;  // the step's text, chart, goals and question
    widgets::ActivationChart* m_activations = nullptr;
    QGroupBox* m_goalBox = nullptr;
    QVBoxLayout* m_goalLayout = nullptr;
    QList<QLabel*> m_goals;
    QStringList m_goalTexts;
    QLabel* m_done = nullptr;
    QGroupBox* m_questionBox = nullptr;
    QLabel* m_prompt = nullptr;
    QVBoxLayout* m_choiceLayout = nullptr;
    QButtonGroup* m_choices = nullptr;
    QPushButton* m_lockIn = nullptr;
    QLabel* m_reveal = nullptr;
    QWidget* m_numberRow = nullptr;
    QLineEdit* m_numberEdit = nullptr;
    QLabel* m_unit = nullptr;
    QPushButton* m_check = nullptr;
    QPushButton* m_showAnswer = nullptr;
    std::optional<lessons::Question> m_question;
    QPushButton* m_back = nullptr;
    QPushButton* m_restart = nullptr;
    QPushButton* m_next = nullptr;
};

}  // namespace app
