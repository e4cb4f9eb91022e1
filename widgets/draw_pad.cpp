#include "widgets/draw_pad.h"
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace widgets {

DrawPad::DrawPad(QWidget* parent) : QWidget(parent) {
    setGridSize(8, 8);
    setCursor(Qt::CrossCursor);
    QSizePolicy p(QSizePolicy::Expanding, QSizePolicy::Expanding);
    p.setHeightForWidth(true);
    setSizePolicy(p);
    setToolTip(tr("Draw with the left button; erase with the right button (or the eraser)"));
}

void DrawPad::setGridSize(int rows, int cols) {
    m_rows = std::clamp(rows, 1, 64);
    m_cols = std::clamp(cols, 1, 64);
    m_values = QVector<double>(m_rows * m_cols, 0.0);
    updateGeometry();
    update();
}

void DrawPad::setValues(const QVector<double>& v) {
    for (int i = 0; i < m_values.size() && i < v.size(); ++i)
        m_values[i] = std::isfinite(v[i]) ? std::clamp(v[i], 0.0, 1.0) : 0.0;
    update();
    emit changed();
}

bool DrawPad::isBlank() const {
    return std::all_of(m_values.begin(), m_values.end(), [](double v) { return v == 0; });
}

void DrawPad::clear() {
    m_values.fill(0.0);
    update();
    emit changed();
}

QRectF DrawPad::board() const {
    const double cell = std::min(double(width()) / m_cols, double(height()) / m_rows);
    const double w = cell * m_cols, h = cell * m_rows;
    return {(width() - w) / 2, (height() - h) / 2, w, h};
}

QRect DrawPad::cellRect(int row, int col) const {
    const QRectF b = board();
    const double c = b.width() / m_cols;
    return QRectF(b.left() + col * c, b.top() + row * c, c, c).toAlignedRect();
}

// A soft round pen about one and a half cells wide: each cell gets ink by its distance from the pen's centre.
void DrawPad::strokeAt(QPointF pos, bool erase) {
    const QRectF b = board();
    const double c = b.width() / m_cols;
    const double px = (pos.x() - b.left()) / c, py = (pos.y() - b.top()) / c;  // in cells
    bool any = false;
    for (int r = int(std::floor(py)) - 2; r <= int(std::floor(py)) + 2; ++r)
        for (int q = int(std::floor(px)) - 2; q <= int(std::floor(px)) + 2; ++q) {
            if (r < 0 || r >= m_rows || q < 0 || q >= m_cols) continue;
            const double d = std::hypot(q + 0.5 - px, r + 0.5 - py);
            const double ink = d < 0.75 ? 1.0 : (d < 1.35 ? (1.35 - d) / 0.6 * 0.5 : 0.0);
            if (ink <= 0) continue;
            double& v = m_values[r * m_cols + q];
            const double nv = erase ? (d < 1.0 ? 0.0 : v) : std::max(v, ink);
            if (nv != v) {
                v = nv;
                any = true;
            }
        }
    if (any) {
        update();
        emit changed();
    }
}

void DrawPad::mousePressEvent(QMouseEvent* e) {
    m_erasing = m_eraser || e->button() == Qt::RightButton;
    m_drawing = e->button() == Qt::LeftButton || e->button() == Qt::RightButton;
    m_last = e->position();
    if (m_drawing) strokeAt(m_last, m_erasing);
}

void DrawPad::mouseMoveEvent(QMouseEvent* e) {
    if (!m_drawing) return;
    // Fill the gap between two mouse positions, so a quick stroke stays a line.
    const QPointF to = e->position();
    const double c = board().width() / m_cols;
    const int steps = std::max(1, int(std::hypot(to.x() - m_last.x(), to.y() - m_last.y()) / (c * 0.3)));
    for (int i = 1; i <= steps; ++i) strokeAt(m_last + (to - m_last) * (double(i) / steps), m_erasing);
    m_last = to;
}

void DrawPad::mouseReleaseEvent(QMouseEvent*) { m_drawing = false; }

void DrawPad::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    const QRectF b = board();
    for (int r = 0; r < m_rows; ++r)
        for (int q = 0; q < m_cols; ++q) {
            const int g = 255 - int(m_values[r * m_cols + q] * 255 + 0.5);
            p.fillRect(cellRect(r, q), QColor(g, g, g));
        }
    p.setPen(QPen(QColor(200, 200, 200), 1));
    if (m_cols <= 32)
        for (int q = 1; q < m_cols; ++q) p.drawLine(QPointF(b.left() + q * b.width() / m_cols, b.top()),
                                                    QPointF(b.left() + q * b.width() / m_cols, b.bottom()));
    if (m_rows <= 32)
        for (int r = 1; r < m_rows; ++r) p.drawLine(QPointF(b.left(), b.top() + r * b.height() / m_rows),
                                                    QPointF(b.right(), b.top() + r * b.height() / m_rows));
    p.setPen(QPen(palette().color(QPalette::Mid), 2));
    p.drawRect(b);
}

}  // namespace widgets
