// The key map (F1): every shortcut of the window in one table, read from the window's own actions and buttons at the
// moment it opens (so a shortcut added anywhere shows up without being listed twice), plus the keys that views handle
// themselves (1-8 in the plot, Delete, Esc).
#pragma once
#include <QDialog>
#include <QList>
#include <QString>

class QTableWidget;

namespace app {

struct KeyMapEntry {
    QString keys;  // as shown: "Space", "Shift+→", "Ctrl+Z", "1–8"
    QString what;  // "Play / pause", "Reset", ...
};

// The window's shortcuts, sorted: plain keys (Space, arrows, letters), then Shift+ keys, function keys, Ctrl+ keys.
QList<KeyMapEntry> keyMapEntries(QWidget* window);

class KeyMapDialog : public QDialog {
    Q_OBJECT
public:
    explicit KeyMapDialog(QWidget* window);
    void refresh();  // re-reads the shortcuts and the window's font (larger in presenter mode)
    QTableWidget* table() const { return m_table; }

private:
    QWidget* m_window;
    QTableWidget* m_table;
};

}  // namespace app
