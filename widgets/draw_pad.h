// A pad to draw an image on, cell by cell (8 x 8 for the digits, 28 x 28 for Fashion-MNIST): the left button paints
// with a soft pen (the cell under it fully, its neighbours a little, as a pen stroke on paper scanned at that size),
// the right button or the eraser tool erases. Values are in [0, 1] (1 = ink), row by row. Emits changed() as the
// stroke goes, so a network can classify the drawing live.
#pragma once
#include <QVector>
#include <QWidget>

namespace widgets {

class DrawPad : public QWidget {
    Q_OBJECT
public:
    explicit DrawPad(QWidget* parent = nullptr);

    void setGridSize(int rows, int cols);  // clears
    int rows() const { return m_rows; }
    int cols() const { return m_cols; }
    const QVector<double>& values() const { return m_values; }  // row by row, in [0, 1]
    void setValues(const QVector<double>& v);                    // (of rows x cols values; others are ignored)
    void setEraser(bool on) { m_eraser = on; }
    bool eraser() const { return m_eraser; }
    bool isBlank() const;
    QRect cellRect(int row, int col) const;  // where a cell is drawn

    QSize sizeHint() const override { return {224, 224}; }
    QSize minimumSizeHint() const override { return {96, 96}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override { return w * m_rows / std::max(1, m_cols); }

public slots:
    void clear();

signals:
    void changed();

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;

private:
    void strokeAt(QPointF pos, bool erase);
    QRectF board() const;

    int m_rows = 8, m_cols = 8;
    QVector<double> m_values;
    bool m_eraser = false;
    bool m_drawing = false, m_erasing = false;
    QPointF m_last;
};

}  // namespace widgets
