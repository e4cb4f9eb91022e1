// The convolution arithmetic, stepped: an input grid and a kernel grid a person edits (click a cell, type a value),
// the input size n, kernel size k, stride s and padding p, and the mode (convolution, max pooling, average pooling).
// The output comes from the engine (ConvArithmetic). Clicking an output cell draws the kernel over its window on the
// padded input and writes the products and their sum out with the numbers (max pooling: the values compared, the
// winner marked; average pooling: the sum over the count); Previous/Next, the arrow keys (or P/N) and Play step the
// kernel across the input. Above, the output size as ⌊(n + 2p − k)/s⌋ + 1 with the numbers. Everything is drawn in
// the widget's font, so the presenter's larger font reaches it.
#pragma once
#include "widgets/conv_arithmetic.h"
#include <QWidget>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;

namespace widgets {
class NumberGrid;

class ConvArithmeticView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kPlayIntervalMs = 900;  // one step of Play

    explicit ConvArithmeticView(QWidget* parent = nullptr);

    // Replaces the numbers and settings (clamped to ConvLimits); the selection stays when the cell still exists.
    void setProblem(const ConvProblem& problem);
    const ConvProblem& problem() const { return m_math.problem(); }
    const ConvArithmetic& arithmetic() const { return m_math; }
    // The output cell shown (column x, row y), (-1, -1) for none.
    QPoint selectedCell() const { return m_cell; }
    bool isPlaying() const;

    // What is on screen, for tests: the sentence of the selected cell, the size formula, the note under them.
    QString sumText() const;
    QString sizeFormulaText() const;
    QString noteText() const;
    NumberGrid* inputGrid() const { return m_input; }
    NumberGrid* kernelGrid() const { return m_kernel; }
    NumberGrid* outputGrid() const { return m_output; }

public slots:
    void selectCell(int row, int col);
    void step(int cells);  // along the rows of the output; stops at either end
    void setPlaying(bool on);

protected:
    void changeEvent(QEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void hideEvent(QHideEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void buildControls();
    void refresh();   // the arithmetic again from m_problem, then every grid, label and control
    void showCell();  // the selected cell's window, sentence and note
    void applyFonts();
    void fitCells();
    void resizeInput(int n);
    void resizeKernel(int k);

    ConvProblem m_problem;
    ConvArithmetic m_math{ConvProblem::seedExample()};
    QPoint m_cell{-1, -1};
    int m_convPadding = 0;  // the padding to give back when pooling (which has none) switches to convolution again
    bool m_applyingFonts = false;

    QComboBox* m_mode = nullptr;
    QSpinBox* m_n = nullptr;
    QSpinBox* m_k = nullptr;
    QSpinBox* m_s = nullptr;
    QSpinBox* m_p = nullptr;
    QLabel* m_kLabel = nullptr;
    QPushButton* m_seed = nullptr;
    NumberGrid* m_input = nullptr;
    NumberGrid* m_kernel = nullptr;
    NumberGrid* m_output = nullptr;
    QHBoxLayout* m_grids = nullptr;  // input, operator, kernel, "=", output
    QLabel* m_operator = nullptr;    // "∗" between input and kernel, or "max of each 2×2" when pooling
    QLabel* m_equals = nullptr;
    QLabel* m_formula = nullptr;
    QLabel* m_cellCaption = nullptr;
    QLabel* m_sum = nullptr;
    QLabel* m_note = nullptr;
    QPushButton* m_prev = nullptr;
    QPushButton* m_play = nullptr;
    QPushButton* m_next = nullptr;
    QCheckBox* m_reveal = nullptr;
    QLabel* m_keys = nullptr;
    QTimer* m_timer = nullptr;
};

}  // namespace widgets
