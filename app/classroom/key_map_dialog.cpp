#include "app/classroom/key_map_dialog.h"
#include <QAbstractButton>
#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QScreen>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <tuple>

namespace app {
namespace {

struct Row {
    KeyMapEntry entry;
    int group = 0, rank = 0;  // sort keys: see keyMapEntries()
};

// "Shift+Right" -> "Shift+→": arrows read faster as arrows, on a projector too.
QString shown(const QKeySequence& seq) {
    QStringList parts = seq.toString(QKeySequence::NativeText).split('+');
    for (QString& p : parts) {
        if (p == "Right") p = QStringLiteral("→");
        else if (p == "Left") p = QStringLiteral("←");
        else if (p == "Up") p = QStringLiteral("↑");
        else if (p == "Down") p = QStringLiteral("↓");
    }
    return parts.join('+');
}

// Plain keys first (Space, arrows, digits, letters, then the rest), then Shift+ keys, function keys, Ctrl+ keys.
std::pair<int, int> sortKeys(const QKeySequence& seq) {
    if (seq.isEmpty()) return {4, 0};
    const QKeyCombination k = seq[0];
    const int key = k.key();
    const Qt::KeyboardModifiers mods = k.keyboardModifiers();
    if (key >= Qt::Key_F1 && key <= Qt::Key_F35) return {2, key - Qt::Key_F1};
    if (mods & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) return {3, 0};
    const int rank = key == Qt::Key_Space                         ? 0
                     : key >= Qt::Key_Left && key <= Qt::Key_Down ? 1
                     : key >= Qt::Key_0 && key <= Qt::Key_9       ? 2
                     : key >= Qt::Key_A && key <= Qt::Key_Z       ? 3
                                                                  : 4;
    return {mods & Qt::ShiftModifier ? 1 : 0, rank};
}

QString plainText(QString t) {
    t.remove('&');
    if (t.endsWith(QStringLiteral("…"))) t.chop(1);
    if (t.endsWith(QStringLiteral("..."))) t.chop(3);
    return t.trimmed();
}

void add(QList<Row>& rows, QSet<QString>& seen, const QList<QKeySequence>& seqs, const QString& what) {
    QStringList keys;
    for (const QKeySequence& s : seqs)
        if (!s.isEmpty() && !keys.contains(shown(s))) keys << shown(s);
    if (keys.isEmpty() || what.isEmpty()) return;
    const QString id = keys.join('|') + '\n' + what;
    if (seen.contains(id)) return;  // the same action in a menu and a toolbar
    seen.insert(id);
    const auto [group, rank] = sortKeys(seqs.value(0));
    rows.push_back({{keys.join(QObject::tr(" or ")), what}, group, rank});
}

}  // namespace

QList<KeyMapEntry> keyMapEntries(QWidget* window) {
    QList<Row> rows;
    QSet<QString> seen;
    for (QAction* a : window->findChildren<QAction*>()) {
        const QList<QKeySequence> seqs = a->shortcuts();
        if (seqs.isEmpty()) continue;
        QString what = plainText(a->text());
        // Texts that change with the state ("Pause", "Undo Add 3 points") are named by what the key does.
        if (a->objectName() == "playAction") what = KeyMapDialog::tr("Play / pause training");
        else if (seqs.contains(QKeySequence(QKeySequence::Undo))) what = KeyMapDialog::tr("Undo the last edit");
        else if (seqs.contains(QKeySequence(QKeySequence::Redo))) what = KeyMapDialog::tr("Redo");
        add(rows, seen, seqs, what);
    }
    for (QAbstractButton* b : window->findChildren<QAbstractButton*>()) {
        if (b->shortcut().isEmpty()) continue;
        const QString text = plainText(b->text());
        add(rows, seen, {b->shortcut()},
            b->objectName().startsWith("tool_") ? KeyMapDialog::tr("%1 tool for drawing data").arg(text) : text);
    }
    // Keys the views handle themselves (no action carries them).
    const auto fixed = [&](const QString& keys, int group, int rank, const QString& what) {
        rows.push_back({{keys, what}, group, rank});
    };
    fixed(QStringLiteral("1–8"), 0, 2, KeyMapDialog::tr("Choose the class to draw (the plot has focus)"));
    fixed(shown(QKeySequence(Qt::Key_Delete)), 0, 4, KeyMapDialog::tr("Delete the selected points or neurons"));
    fixed(shown(QKeySequence(Qt::Key_Return)), 0, 4, KeyMapDialog::tr("Edit the selected weight (network diagram)"));
    fixed(shown(QKeySequence(Qt::Key_Escape)), 0, 4, KeyMapDialog::tr("Leave presenter mode; clear a selection"));
    fixed(shown(QKeySequence(QKeySequence::SelectAll)), 3, 0, KeyMapDialog::tr("Select all points (select tool)"));

    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return std::tie(a.group, a.rank, a.entry.keys) < std::tie(b.group, b.rank, b.entry.keys);
    });
    QList<KeyMapEntry> out;
    for (const Row& r : rows) out << r.entry;
    return out;
}

KeyMapDialog::KeyMapDialog(QWidget* window) : QDialog(window), m_window(window) {
    setObjectName("keyMapDialog");
    setWindowTitle(tr("Key map"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Keyboard shortcuts of NN Lab. F1 shows this list at any time."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    // Two pairs of columns side by side: the whole map fits a projector's screen without scrolling.
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName("keyMapTable");
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("What it does"), tr("Keys"), tr("What it does")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft);
    layout->addWidget(m_table, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    refresh();
}

void KeyMapDialog::refresh() {
    // A dialog is a window of its own and does not inherit the main window's font: take it, so the map is as large
    // as the rest in presenter mode.
    setFont(m_window->font());
    m_table->horizontalHeader()->setFont(font());  // a platform theme may give headers a font of their own
    const QList<KeyMapEntry> entries = keyMapEntries(m_window);
    const int rows = int(entries.size() + 1) / 2;
    m_table->clearContents();
    m_table->setRowCount(rows);
    QFont bold = font();
    bold.setBold(true);
    for (int i = 0; i < entries.size(); ++i) {
        const int row = i % rows, col = i < rows ? 0 : 2;  // down the left pair, then down the right one
        auto* keys = new QTableWidgetItem(entries[i].keys);
        keys->setFont(bold);
        m_table->setItem(row, col, keys);
        m_table->setItem(row, col + 1, new QTableWidgetItem(entries[i].what));
    }
    m_table->resizeColumnsToContents();
    m_table->resizeRowsToContents();
    const int gap = fontMetrics().averageCharWidth() * 3;
    for (int c = 0; c < 4; ++c) m_table->horizontalHeader()->resizeSection(c, m_table->columnWidth(c) + gap);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Large enough to show every row without scrolling, as far as the screen allows.
    const QScreen* screen = m_window->screen();
    const QSize avail = screen ? screen->availableGeometry().size() : QSize(1600, 900);
    int h = m_table->horizontalHeader()->height() + 2 * m_table->frameWidth();
    for (int r = 0; r < m_table->rowCount(); ++r) h += m_table->rowHeight(r);
    int w = 2 * m_table->frameWidth() + 4;
    for (int c = 0; c < 4; ++c) w += m_table->columnWidth(c);
    m_table->setMinimumSize(std::min(w, avail.width() * 9 / 10), std::min(h, avail.height() * 8 / 10));
    adjustSize();
}

}  // namespace app
