#include "app/classroom/lesson_browser.h"
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace app {

LessonBrowser::LessonBrowser(const lessons::Library& library, QWidget* parent) : QDialog(parent), m_library(library) {
    setObjectName("lessonBrowser");
    setWindowTitle(tr("Lessons"));
    resize(640, 520);
    auto* l = new QVBoxLayout(this);
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Lesson"), tr("Progress")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setRootIsDecorated(false);
    l->addWidget(m_tree, 1);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setMinimumHeight(m_summary->fontMetrics().lineSpacing() * 2);
    l->addWidget(m_summary);
    auto* row = new QHBoxLayout;
    m_reset = new QPushButton(tr("Clear progress"), this);
    m_reset->setToolTip(tr("Remove the ticks of the selected lesson"));
    m_continue = new QPushButton(tr("Continue"), this);
    m_continue->setToolTip(tr("Open the lesson at the step where you left it"));
    m_start = new QPushButton(tr("Start"), this);
    m_start->setObjectName("startLessonButton");
    m_start->setToolTip(tr("Open the lesson at its first step"));
    m_start->setDefault(true);
    auto* close = new QPushButton(tr("Close"), this);
    row->addWidget(m_reset);
    row->addStretch(1);
    row->addWidget(close);
    row->addWidget(m_continue);
    row->addWidget(m_start);
    l->addLayout(row);
    if (!library.errors.isEmpty())
        l->insertWidget(0, new QLabel(tr("Some lesson files could not be read:\n%1").arg(library.errors.join('\n')),
                                      this));

    auto begin = [this](int step) {
        const QString id = selectedId();
        if (id.isEmpty()) return;
        emit startRequested(id, step);
        accept();
    };
    connect(m_start, &QPushButton::clicked, this, [begin] { begin(0); });
    connect(m_continue, &QPushButton::clicked, this, [begin] { begin(-1); });
    connect(m_tree, &QTreeWidget::itemActivated, this, [begin] { begin(-1); });
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_reset, &QPushButton::clicked, this, [this] {
        if (selectedId().isEmpty()) return;
        lessons::Progress().clear(selectedId());
        refresh();
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] {
        const lessons::Lesson* lesson = m_library.find(selectedId());
        m_summary->setText(lesson ? lesson->summary : QString());
        for (QPushButton* b : {m_start, m_continue, m_reset}) b->setEnabled(lesson != nullptr);
    });
    refresh();
}

void LessonBrowser::refresh() {
    const QString keep = selectedId();
    m_tree->clear();
    const lessons::Progress progress;
    QTreeWidgetItem* chapterItem = nullptr;
    QString chapter;
    QTreeWidgetItem* select = nullptr;
    int number = 0;
    for (const lessons::Lesson& lesson : m_library.lessons) {
        if (!chapterItem || lesson.chapter != chapter) {
            chapter = lesson.chapter;
            chapterItem = new QTreeWidgetItem(m_tree, {chapter.isEmpty() ? tr("Lessons") : chapter});
            QFont f = chapterItem->font(0);
            f.setBold(true);
            chapterItem->setFont(0, f);
            chapterItem->setFlags(Qt::ItemIsEnabled);
            chapterItem->setExpanded(true);
        }
        const int done = int(progress.doneSteps(lesson.id).size());
        int checks = 0;
        for (const lessons::LessonStep& s : lesson.steps) checks += s.hasCheck() ? 1 : 0;
        const bool finished = progress.isDone(lesson);
        auto* item = new QTreeWidgetItem(chapterItem,
                                         {tr("%1. %2").arg(++number).arg(lesson.title),
                                          finished ? tr("✓ done") : tr("%1 of %2 tasks done").arg(done).arg(checks)});
        item->setData(0, Qt::UserRole, lesson.id);
        item->setToolTip(0, lesson.summary);
        if (finished) item->setForeground(1, QColor(0, 158, 115));
        if (lesson.id == keep || !select) select = item;
    }
    m_tree->expandAll();
    if (select) m_tree->setCurrentItem(select);
}

QString LessonBrowser::selectedId() const {
    const QTreeWidgetItem* item = m_tree->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

}  // namespace app
