#include "app/classroom/lesson_panel.h"
#include "widgets/activation_chart.h"
#include <QButtonGroup>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QRadioButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace app {

LessonPanel::LessonPanel(QWidget* parent) : QWidget(parent) {
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(6, 6, 6, 6);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    auto* browse = new QPushButton(tr("Lessons…"), this);
    browse->setToolTip(tr("All lessons, with your progress"));
    auto* leave = new QPushButton(tr("Leave"), this);
    leave->setObjectName("leaveLessonButton");
    leave->setToolTip(tr("Leave the lesson: your own project comes back as it was"));
    top->addWidget(m_title, 1);
    top->addWidget(browse);
    top->addWidget(leave);
    l->addLayout(top);
    m_stepTitle = new QLabel(this);
    m_stepTitle->setWordWrap(true);
    l->addWidget(m_stepTitle);
    styleHeadings();
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(6);
    l->addWidget(m_progress);

    // The step's text, chart, goals and question scroll when the column is short; the navigation below always shows
    // (on a small screen Back and Next were pushed off it).
    auto* scroll = m_scroll = new QScrollArea(this);
    scroll->setObjectName("lessonScroll");
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* body = new QWidget(scroll);
    body->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // as wide as the column: the text wraps
    auto* bl = new QVBoxLayout(body);
    bl->setContentsMargins(0, 0, 0, 0);
    scroll->setWidget(body);
    l->addWidget(scroll, 1);

    m_text = new QTextBrowser(body);
    m_text->setObjectName("lessonText");
    m_text->setOpenExternalLinks(true);
    m_text->setMinimumHeight(120);
    bl->addWidget(m_text, 3);

    m_activations = new widgets::ActivationChart(body);
    m_activations->setObjectName("lessonActivationChart");
    bl->addWidget(m_activations, 2);

    m_goalBox = new QGroupBox(tr("Goals"), body);
    m_goalLayout = new QVBoxLayout(m_goalBox);
    m_done = new QLabel(m_goalBox);
    m_done->setWordWrap(true);
    m_goalLayout->addWidget(m_done);
    bl->addWidget(m_goalBox);

    m_questionBox = new QGroupBox(tr("Predict, then see"), body);
    auto* ql = new QVBoxLayout(m_questionBox);
    m_prompt = new QLabel(m_questionBox);
    m_prompt->setWordWrap(true);
    ql->addWidget(m_prompt);
    m_choiceLayout = new QVBoxLayout;
    ql->addLayout(m_choiceLayout);
    m_choices = new QButtonGroup(this);
    m_lockIn = new QPushButton(tr("Lock in my answer"), m_questionBox);
    m_lockIn->setObjectName("lockInButton");
    m_lockIn->setToolTip(tr("Commit to your prediction; then the run shows who was right"));
    m_lockIn->setEnabled(false);
    ql->addWidget(m_lockIn, 0, Qt::AlignLeft);
    // A numeric question: the student types a number (its unit after the field) and presses Check or Enter; after a
    // wrong try "Show the answer" appears.
    m_numberRow = new QWidget(m_questionBox);
    auto* nl = new QHBoxLayout(m_numberRow);
    nl->setContentsMargins(0, 0, 0, 0);
    m_numberEdit = new QLineEdit(m_numberRow);
    m_numberEdit->setObjectName("numberAnswerEdit");
    m_numberEdit->setPlaceholderText(tr("your answer"));
    m_numberEdit->setAccessibleName(tr("Your answer"));
    m_numberEdit->setMaximumWidth(160);
    m_unit = new QLabel(m_numberRow);
    m_unit->setObjectName("numberUnitLabel");
    m_check = new QPushButton(tr("Check"), m_numberRow);
    m_check->setObjectName("checkAnswerButton");
    m_check->setToolTip(tr("Check your number (Enter)"));
    m_check->setEnabled(false);
    m_showAnswer = new QPushButton(tr("Show the answer"), m_numberRow);
    m_showAnswer->setObjectName("showAnswerButton");
    m_showAnswer->setToolTip(tr("Give up on this one and see the answer with its working"));
    nl->addWidget(m_numberEdit);
    nl->addWidget(m_unit);
    nl->addWidget(m_check);
    nl->addWidget(m_showAnswer);
    nl->addStretch(1);
    ql->addWidget(m_numberRow);
    connect(m_numberEdit, &QLineEdit::textChanged, this,
            [this](const QString& t) { m_check->setEnabled(!t.trimmed().isEmpty() && !m_numberEdit->isReadOnly()); });
    connect(m_numberEdit, &QLineEdit::returnPressed, this, [this] {
        if (m_check->isEnabled()) m_check->click();
    });
    connect(m_check, &QPushButton::clicked, this, [this] { emit checkNumberRequested(m_numberEdit->text()); });
    connect(m_showAnswer, &QPushButton::clicked, this, &LessonPanel::showAnswerRequested);
    m_reveal = new QLabel(m_questionBox);
    m_reveal->setObjectName("revealLabel");
    m_reveal->setWordWrap(true);
    m_reveal->setTextFormat(Qt::RichText);
    ql->addWidget(m_reveal);
    bl->addWidget(m_questionBox);
    connect(m_choices, &QButtonGroup::idClicked, this, [this] { m_lockIn->setEnabled(true); });
    connect(m_lockIn, &QPushButton::clicked, this, [this] { emit lockInRequested(m_choices->checkedId()); });

    auto* nav = new QHBoxLayout;
    m_back = new QPushButton(tr("← Back"), this);
    m_back->setToolTip(tr("The previous step (Alt+Left)"));
    m_back->setShortcut(Qt::ALT | Qt::Key_Left);
    m_restart = new QPushButton(tr("Restart step"), this);
    m_restart->setToolTip(tr("Set this step up again from the start"));
    m_next = new QPushButton(tr("Next →"), this);
    m_next->setObjectName("nextStepButton");
    m_next->setToolTip(tr("The next step (Alt+Right)"));
    m_next->setShortcut(Qt::ALT | Qt::Key_Right);
    nav->addWidget(m_back);
    nav->addWidget(m_restart);
    nav->addStretch(1);
    nav->addWidget(m_next);
    l->addLayout(nav);

    connect(m_back, &QPushButton::clicked, this, &LessonPanel::backRequested);
    connect(m_next, &QPushButton::clicked, this, &LessonPanel::nextRequested);
    connect(m_restart, &QPushButton::clicked, this, &LessonPanel::restartRequested);
    connect(leave, &QPushButton::clicked, this, &LessonPanel::leaveRequested);
    connect(browse, &QPushButton::clicked, this, &LessonPanel::browseRequested);
}

void LessonPanel::styleHeadings() {
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    QFont bold = font();
    bold.setBold(true);
    m_stepTitle->setFont(bold);
}

void LessonPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::FontChange && m_title) styleHeadings();
    QWidget::changeEvent(e);
}

void LessonPanel::showStep(const lessons::Lesson& lesson, int index, bool done) {
    const lessons::LessonStep& step = lesson.steps[std::size_t(index)];
    const int count = int(lesson.steps.size());
    m_title->setText(lesson.title);
    m_stepTitle->setText(tr("Step %1 of %2: %3").arg(index + 1).arg(count).arg(step.title));
    m_progress->setRange(0, count);
    m_progress->setValue(index + 1);
    m_text->setMarkdown(step.markdown);
    // A new step starts at its first line: the text and the column had kept where the last step was scrolled to (down
    // at its question), so a step opened part-way through its text, or blank.
    m_text->verticalScrollBar()->setValue(0);
    m_scroll->verticalScrollBar()->setValue(0);
    m_activations->setVisible(step.show == "activations");

    qDeleteAll(m_goals);
    m_goals.clear();
    m_goalTexts.clear();
    for (const lessons::Goal& g : step.goals) {
        auto* label = new QLabel(m_goalBox);
        label->setWordWrap(true);
        m_goalLayout->insertWidget(m_goals.size(), label);
        m_goals << label;
        m_goalTexts << g.text;
    }
    m_goalBox->setVisible(!step.goals.empty());
    setGoalStates({}, {});

    m_question = step.question;
    m_questionBox->setVisible(step.question.has_value());
    for (QAbstractButton* b : m_choices->buttons()) m_choices->removeButton(b);
    while (QLayoutItem* item = m_choiceLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const bool numeric = step.question && step.question->isNumeric();
    m_questionBox->setTitle(numeric ? tr("Work it out") : tr("Predict, then see"));
    m_lockIn->setVisible(step.question && !numeric);
    m_numberRow->setVisible(numeric);
    if (numeric) {
        m_prompt->setText(step.question->prompt);
        m_unit->setText(step.question->unit);
        m_unit->setVisible(!step.question->unit.isEmpty());
        m_numberEdit->clear();
        setNumberFeedback(NumberFeedback::None, {});
    } else if (step.question) {
        m_prompt->setText(step.question->prompt);
        for (int i = 0; i < step.question->choices.size(); ++i) {
            // A radio button and its answer as a label that wraps (a radio button's own text does not: a long answer
            // was cut at the panel's edge); a click on the words chooses it too.
            auto* row = new QWidget(m_questionBox);
            auto* h = new QHBoxLayout(row);
            h->setContentsMargins(0, 0, 0, 0);
            auto* r = new QRadioButton(row);
            r->setObjectName(QString("choice%1").arg(i + 1));
            r->setAccessibleName(step.question->choices[i]);
            auto* words = new QLabel(step.question->choices[i], row);
            words->setWordWrap(true);
            words->setBuddy(r);
            words->installEventFilter(this);
            words->setProperty("choice", i);
            h->addWidget(r, 0, Qt::AlignTop);
            h->addWidget(words, 1);
            m_choices->addButton(r, i);
            m_choiceLayout->addWidget(row);
        }
        setQuestionState(-1, false, false);
    }
    m_back->setEnabled(index > 0);
    m_next->setText(index + 1 < count ? tr("Next →") : tr("Finish ✓"));
    setStepDone(done);
}

bool LessonPanel::eventFilter(QObject* watched, QEvent* e) {
    // A click on an answer's words chooses it, as a click on a radio button's own text does.
    if (e->type() == QEvent::MouseButtonRelease && watched->property("choice").isValid()) {
        if (QAbstractButton* b = m_choices->button(watched->property("choice").toInt()); b && b->isEnabled())
            b->click();
        return true;
    }
    return QWidget::eventFilter(watched, e);
}

void LessonPanel::showError(const QString& message) {
    m_text->setMarkdown(tr("**This step could not be set up.**\n\n%1").arg(message));
}

QLabel* LessonPanel::goalLabel(int i) const { return i >= 0 && i < m_goals.size() ? m_goals[i] : nullptr; }

void LessonPanel::setGoalStates(const QVector<lessons::GoalStatus>& states, const QStringList& values, bool reached) {
    for (int i = 0; i < m_goals.size(); ++i) {
        const lessons::GoalStatus s = i < states.size() ? states[i] : lessons::GoalStatus::Pending;
        const QString now = i >= values.size() ? QString()
                            : reached          ? tr(" (%1 when reached)").arg(values[i])
                                               : tr(" (now %1)").arg(values[i]);
        QString text;
        switch (s) {
        case lessons::GoalStatus::Met:
            text = QString("<b style='color:#009E73'>✓</b> %1%2").arg(m_goalTexts[i].toHtmlEscaped(), now);
            break;
        case lessons::GoalStatus::Pending: text = QString("○ %1%2").arg(m_goalTexts[i].toHtmlEscaped(), now); break;
        case lessons::GoalStatus::Missed:
            text = QString("<b style='color:#D55E00'>✗</b> %1%2 — %3")
                       .arg(m_goalTexts[i].toHtmlEscaped(), now,
                            tr("too late: press R to reset, or Restart step, and try again"));
            break;
        }
        if (m_goals[i]->text() != text) m_goals[i]->setText(text);
    }
}

void LessonPanel::setStepDone(bool done) {
    m_done->setText(done ? tr("<b style='color:#009E73'>✓ Done!</b> Press Next when you are ready.") : QString());
    m_done->setVisible(done);
}

void LessonPanel::setNumberFeedback(NumberFeedback feedback, const QString& typed) {
    if (!m_question || !m_question->isNumeric()) return;
    const bool finished = feedback == NumberFeedback::Right || feedback == NumberFeedback::Shown;
    m_numberEdit->setReadOnly(finished);
    m_check->setEnabled(!finished && !m_numberEdit->text().trimmed().isEmpty());
    // Show the answer: only after a wrong try, and not once it shows.
    m_showAnswer->setVisible(feedback == NumberFeedback::TooLow || feedback == NumberFeedback::TooHigh ||
                             (feedback == NumberFeedback::NotANumber && !m_showAnswer->isHidden()));
    const QString explain = m_question->explain.toHtmlEscaped();
    const QString wrong = "<b style='color:#D55E00'>%1</b> %2";
    switch (feedback) {
    case NumberFeedback::None: m_reveal->clear(); break;
    case NumberFeedback::NotANumber:
        m_reveal->setText(wrong.arg(tr("“%1” is not a number.").arg(typed.toHtmlEscaped()),
                                    tr("Type digits, with a point for decimals (0.25).")));
        break;
    case NumberFeedback::TooLow:
    case NumberFeedback::TooHigh:
        m_reveal->setText(wrong.arg(feedback == NumberFeedback::TooLow
                                        ? tr("%1 is too low.").arg(typed.toHtmlEscaped())
                                        : tr("%1 is too high.").arg(typed.toHtmlEscaped()),
                                    tr("Check your working and try again, or show the answer.")));
        break;
    case NumberFeedback::Right:
        m_reveal->setText(QString("<b style='color:#009E73'>%1</b> %2")
                              .arg(tr("Right: %1.").arg(m_question->answerText().toHtmlEscaped()), explain));
        break;
    case NumberFeedback::Shown:
        m_reveal->setText(QString("<b>%1</b> %2")
                              .arg(tr("The answer is %1.").arg(m_question->answerText().toHtmlEscaped()), explain));
        break;
    }
    showFeedback();
}

void LessonPanel::showFeedback() {
    // Once the layout has made room for the new text: scrolled into view when the column is short (the feedback
    // under the field was below the fold).
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (auto* scroll = findChild<QScrollArea*>("lessonScroll"); scroll && !m_reveal->text().isEmpty())
                scroll->ensureWidgetVisible(m_reveal, 0, 8);
        },
        Qt::QueuedConnection);
}

void LessonPanel::setQuestionState(int lockedIn, bool revealed, bool waitingForRun) {
    if (!m_question || m_question->isNumeric()) return;
    for (QAbstractButton* b : m_choices->buttons()) b->setEnabled(lockedIn < 0);
    if (lockedIn >= 0 && m_choices->button(lockedIn)) m_choices->button(lockedIn)->setChecked(true);
    m_lockIn->setEnabled(lockedIn < 0 && m_choices->checkedId() >= 0);
    if (revealed) {
        const bool right = lockedIn == m_question->answer;
        m_reveal->setText(QString("<b style='color:%1'>%2</b> %3")
                              .arg(right ? "#009E73" : "#D55E00",
                                   right ? tr("Right!")
                                         : tr("Not quite: the answer is “%1”.")
                                               .arg(m_question->choices[m_question->answer].toHtmlEscaped()),
                                   m_question->explain.toHtmlEscaped()));
    } else if (waitingForRun) {
        m_reveal->setText(tr("Locked in. Watch the run…"));
    } else {
        m_reveal->clear();
    }
    showFeedback();
}

}  // namespace app
