#include "widgets/pixel_numbers.h"
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace widgets {
namespace {
// x₁, x₂, ... x₆₄: the input's index as a subscript.
QString subscript(int n) {
    static const QChar digits[] = {u'₀', u'₁', u'₂', u'₃', u'₄', u'₅', u'₆', u'₇', u'₈', u'₉'};
    QString s;
    for (QChar c : QString::number(n)) s += digits[c.digitValue()];
    return s;
}
}  // namespace

PixelNumbers::PixelNumbers(QWidget* parent) : QWidget(parent) {
    QSizePolicy p(QSizePolicy::Expanding, QSizePolicy::Preferred);
    p.setHeightForWidth(true);
    setSizePolicy(p);
    setGridSize(8, 8);
}

void PixelNumbers::setGridSize(int rows, int cols) {
    m_rows = std::clamp(rows, 1, 64);
    m_cols = std::clamp(cols, 1, 64);
    m_values = QVector<double>(m_rows * m_cols, 0.0);
    updateGeometry();
    update();
}

void PixelNumbers::setValues(const QVector<double>& rowByRow) {
    for (int i = 0; i < m_values.size(); ++i) {
        const double v = i < rowByRow.size() ? rowByRow[i] : 0.0;
        m_values[i] = std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0;
    }
    update();
}

QString PixelNumbers::valueText(int i) const {
    if (i < 0 || i >= m_values.size()) return {};
    const double v = m_values[i];
    if (v == 0) return "0";
    if (v == 1) return "1";
    return QString::number(v, 'f', 2);
}

// The widest number as it is drawn (bold).
int PixelNumbers::numberWidth() const {
    QFont bold = font();
    bold.setBold(true);
    return QFontMetrics(bold).horizontalAdvance("0.00");
}

PixelNumbers::Layout PixelNumbers::layoutFor(int width) const {
    const QFontMetrics fm = fontMetrics();
    const int number = numberWidth();
    Layout L;
    // A cell holds "0.00" with room to spare; a wide view enlarges the grid up to about one and a half times that,
    // leaving room below it for the vector.
    L.cell = std::clamp(width / m_cols, number + 10, number * 3 / 2 + 16);
    L.gridLeft = std::max(0, (width - L.cell * m_cols) / 2);
    L.gridTop = 0;
    L.captionTop = L.gridTop + L.cell * m_rows + fm.height() / 2;
    const QRect caption = fm.boundingRect(QRect(0, 0, std::max(1, width), 10000), Qt::TextWordWrap,
                                          tr("The same %n numbers as one input vector x, row after row:", "",
                                             int(m_values.size())));
    L.vectorTop = L.captionTop + caption.height() + fm.height() / 3;
    L.entryW = number + 12;
    L.entryH = 2 * fm.height() + 8;
    L.perLine = std::max(1, width / L.entryW);
    const int lines = (int(m_values.size()) + L.perLine - 1) / L.perLine;
    L.height = L.vectorTop + lines * L.entryH + 2;
    return L;
}

int PixelNumbers::heightForWidth(int w) const { return layoutFor(w).height; }

QSize PixelNumbers::sizeHint() const {
    const int w = (numberWidth() * 3 / 2 + 16) * m_cols;
    return {w, heightForWidth(w)};
}

QSize PixelNumbers::minimumSizeHint() const {
    const int w = (numberWidth() + 10) * std::min(m_cols, 8);
    return {w, heightForWidth(w)};
}

QRect PixelNumbers::cellRect(int row, int col) const {
    const Layout L = layoutFor(width());
    return {L.gridLeft + col * L.cell, L.gridTop + row * L.cell, L.cell, L.cell};
}

QRect PixelNumbers::entryRect(int i) const {
    const Layout L = layoutFor(width());
    return {(i % L.perLine) * L.entryW, L.vectorTop + (i / L.perLine) * L.entryH, L.entryW, L.entryH};
}

void PixelNumbers::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const Layout L = layoutFor(width());
    const QFontMetrics fm = fontMetrics();
    const QColor line = palette().color(QPalette::Mid);
    // A cell as the network sees it: as dark as its ink, its number in a colour that stays readable on it.
    auto shadedBox = [&](const QRect& r, int i) {
        const double v = m_values[i];
        p.fillRect(r, QColor::fromRgbF(float(1 - v), float(1 - v), float(1 - v)));
        p.setPen(line);
        p.drawRect(r.adjusted(0, 0, -1, -1));
        p.setPen(v > 0.5 ? Qt::white : v == 0 ? QColor(150, 150, 150) : Qt::black);
        p.drawText(r, Qt::AlignCenter, valueText(i));
    };
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_cols; ++c) shadedBox(cellRect(r, c), r * m_cols + c);

    p.setFont(font());
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, L.captionTop, width(), L.vectorTop - L.captionTop), Qt::TextWordWrap,
               tr("The same %n numbers as one input vector x, row after row:", "", int(m_values.size())));
    for (int i = 0; i < m_values.size(); ++i) {
        const QRect e = entryRect(i);
        // Where a new row of the image begins, its index is bold: the rows follow one another in one line.
        QFont f = font();
        f.setBold(i % m_cols == 0);
        p.setFont(f);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(e.left(), e.top(), e.width(), fm.height()), Qt::AlignCenter, "x" + subscript(i + 1));
        p.setFont(bold);
        shadedBox(QRect(e.left() + 2, e.top() + fm.height() + 2, e.width() - 4, e.height() - fm.height() - 6), i);
    }
}

}  // namespace widgets
