// An image as the numbers a network is given: the grid of its cells, each shaded by its value and labelled with it
// (0 = white paper, 1 = full ink, two decimals), and below it the same values as one flat input vector x₁, x₂, ...
// in reading order (row after row), wrapped to the width. Sizes follow the font, so presenter mode enlarges them.
#pragma once
#include <QVector>
#include <QWidget>

namespace widgets {

class PixelNumbers : public QWidget {
    Q_OBJECT
public:
    explicit PixelNumbers(QWidget* parent = nullptr);

    void setGridSize(int rows, int cols);                 // clears
    void setValues(const QVector<double>& rowByRow);      // rows x cols values in [0, 1]
    int rows() const { return m_rows; }
    int cols() const { return m_cols; }
    // What is written in the grid's cell i (row by row) and in the vector's entry i: the same text ("0.28", "0").
    QString valueText(int i) const;
    QRect cellRect(int row, int col) const;  // where the grid draws a cell
    QRect entryRect(int i) const;            // where the vector draws entry i

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent*) override;

private:
    struct Layout {
        int cell = 0;           // side of a grid cell
        int gridTop = 0, gridLeft = 0;
        int captionTop = 0;     // the line between grid and vector
        int vectorTop = 0;
        int entryW = 0, entryH = 0, perLine = 1;
        int height = 0;
    };
    Layout layoutFor(int width) const;
    int numberWidth() const;

    int m_rows = 8, m_cols = 8;
    QVector<double> m_values;
};

}  // namespace widgets
