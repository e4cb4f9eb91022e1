// The lesson browser: chapters and their lessons with a tick for each one done and "3 of 6 steps" for the rest; Start
// begins at the first step, Continue where the student left off. Reads the progress; starting is LessonMode's job.
#pragma once
#include "lessons/library.h"
#include <QDialog>

class QTreeWidget;
class QPushButton;
class QLabel;

namespace app {

class LessonBrowser : public QDialog {
    Q_OBJECT
public:
    LessonBrowser(const lessons::Library& library, QWidget* parent = nullptr);
    QTreeWidget* tree() const { return m_tree; }
    void refresh();

signals:
    void startRequested(const QString& lessonId, int step);  // step -1: where the student left off

private:
    QString selectedId() const;
    const lessons::Library& m_library;
    QTreeWidget* m_tree = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_continue = nullptr;
    QPushButton* m_reset = nullptr;
};

}  // namespace app
