// A square table of numbers drawn large, for the convolution arithmetic: an optional ring of padding cells (grey
// zeros), a highlighted window (the kernel over the input, with each cell's weight written small in its corner), a
// marked cell (the max-pooling winner) and a selected cell. A click reports the cell; an editable grid then opens an
// editor on it (type a value; Return keeps it, Tab or ↑ ↓ keep it and edit the next cell, Escape leaves it as it was). Text follows the widget's font, so the
// presenter's larger font makes the numbers larger.
#pragma once
#include "engine/layers.h"
#include <QColor>
#include <QWidget>
#include <optional>

class QLineEdit;

namespace widgets {

class NumberGrid : public QWidget {
    Q_OBJECT
public:
    explicit NumberGrid(QWidget* parent = nullptr);

    // The values (square), drawn inside `padding` rings of zero cells. Cells are addressed in the drawn grid: (row,
    // column) from 0 to side() - 1, padding included; a QPoint cell is (column, row).
    void setValues(const engine::MatrixT<double>& values, int padding = 0);
    int side() const { return int(m_values.rows()) + 2 * m_padding; }
    int padding() const { return m_padding; }
    bool isPadding(int row, int col) const;
    // A window of cells (top-left as (column, row), k a side) outlined in the accent colour; weights (k x k), when given, are written
    // small in its cells' corners as "×w". size 0: none.
    void setWindow(QPoint topLeft, int size, std::optional<engine::MatrixT<double>> weights = std::nullopt);
    void setMarked(QPoint cell);    // the max-pooling winner, (-1, -1) for none
    QPoint marked() const { return m_marked; }
    void setSelected(QPoint cell);  // (-1, -1) for none
    QPoint selected() const { return m_selected; }
    void setEditable(bool on) { m_editable = on; }
    // A title drawn just above the cells ("Input 4×4"), in the widget's font, bold.
    void setCaption(const QString& caption);
    QString caption() const { return m_caption; }
    // The largest cell side this grid may draw (the view gives all its grids the same, so a kernel over the input
    // is as large as the kernel itself); 0: no cap but the font's.
    void setCellCap(int pixels);
    // The cell side that would fit this widget's size (before the cap).
    int fittingCell() const;
    // Only the first `count` cells in reading order show their numbers, the others "?" (a student predicts before
    // stepping there); -1 shows them all.
    void setRevealed(int count);

    // What a cell shows ("13", "0" in the padding) and where it is drawn (for a click).
    QString cellText(int row, int col) const;
    QRect cellRect(int row, int col) const;
    QLineEdit* editor() const { return m_editor; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void cellClicked(int row, int col);
    // An edited value, at the cell of the values (padding not counted).
    void valueEdited(int row, int col, double value);

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent* e) override;
    void resizeEvent(QResizeEvent*) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    int preferredCell() const;  // a cell's side at the widget's font
    int cellSide() const;       // as drawn now
    int captionHeight() const;
    QPoint origin() const;      // the grid's top-left corner (centred in the widget)
    QPoint cellAt(QPoint pos) const;
    void openEditor(QPoint cell);
    void closeEditor(bool keep);

    engine::MatrixT<double> m_values;
    int m_padding = 0;
    QPoint m_windowAt{-1, -1};
    int m_windowSize = 0;
    std::optional<engine::MatrixT<double>> m_weights;
    QPoint m_marked{-1, -1};
    QPoint m_selected{-1, -1};
    bool m_editable = false;
    int m_revealed = -1;
    QString m_caption;
    int m_cellCap = 0;
    QLineEdit* m_editor = nullptr;
    QPoint m_editing{-1, -1};
};

}  // namespace widgets
