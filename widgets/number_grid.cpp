#include "widgets/number_grid.h"
#include "widgets/conv_arithmetic.h"
#include "widgets/view_style.h"
#include <QKeyEvent>
#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace widgets {
namespace {
using viewstyle::withAlpha;

const QColor kPaddingFill(236, 236, 236);
const QColor kPaddingText(150, 150, 150);
const QColor kGridLine(170, 170, 170);


// The number font for cells `side` pixels wide: the widget's font enlarged (`grow` more when the cells have room to
// spare), made smaller when `longest` would not fit.
QFont cellFont(const QFont& base, int side, const QString& longest, double grow = 1.0) {
    QFont f = viewstyle::scaledFont(base, 1.3 * grow);
    const int w = QFontMetrics(f).horizontalAdvance(longest);
    const double room = side * 0.84;
    if (w > room) f = viewstyle::scaledFont(f, std::max(0.3, room / w));
    const int h = QFontMetrics(f).height();
    if (h > side * 0.7) f = viewstyle::scaledFont(f, std::max(0.3, side * 0.7 / h));
    return f;
}

}  // namespace

NumberGrid::NumberGrid(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::ClickFocus);  // the arrow keys step the kernel once a cell was clicked
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_editor = new QLineEdit(this);
    m_editor->setObjectName("gridCellEditor");
    m_editor->setAlignment(Qt::AlignCenter);
    m_editor->setFrame(false);
    m_editor->hide();
    m_editor->installEventFilter(this);
}

void NumberGrid::setValues(const engine::MatrixT<double>& values, int padding) {
    if (m_editing.x() >= 0) closeEditor(false);
    m_values = values;
    m_padding = std::max(0, padding);
    updateGeometry();
    update();
}

bool NumberGrid::isPadding(int row, int col) const {
    const int n = int(m_values.rows());
    return row < m_padding || col < m_padding || row >= n + m_padding || col >= n + m_padding;
}

void NumberGrid::setWindow(QPoint topLeft, int size, std::optional<engine::MatrixT<double>> weights) {
    m_windowAt = topLeft;
    m_windowSize = std::max(0, size);
    m_weights = std::move(weights);
    update();
}

void NumberGrid::setMarked(QPoint cell) {
    m_marked = cell;
    update();
}

void NumberGrid::setSelected(QPoint cell) {
    m_selected = cell;
    update();
}

void NumberGrid::setRevealed(int count) {
    m_revealed = count;
    update();
}

QString NumberGrid::cellText(int row, int col) const {
    if (row < 0 || col < 0 || row >= side() || col >= side()) return {};
    if (isPadding(row, col)) return QStringLiteral("0");
    if (m_revealed >= 0 && row * side() + col >= m_revealed) return QStringLiteral("?");
    return ConvArithmetic::number(m_values(row - m_padding, col - m_padding));
}

int NumberGrid::preferredCell() const {
    const QFontMetrics fm(viewstyle::scaledFont(font(), 1.3));
    return std::max(fm.height() * 2, fm.horizontalAdvance(QStringLiteral("−88.8")) + fm.height() / 2);
}

void NumberGrid::setCaption(const QString& caption) {
    m_caption = caption;
    updateGeometry();
    update();
}

void NumberGrid::setCellCap(int pixels) {
    if (pixels == m_cellCap) return;
    m_cellCap = pixels;
    update();
}

int NumberGrid::captionHeight() const {
    return m_caption.isEmpty() ? 0 : QFontMetrics(viewstyle::scaledFont(font(), 1.15, true)).height() * 3 / 2;
}

int NumberGrid::fittingCell() const {
    const int n = std::max(1, side());
    return std::max(4, std::min(width() - 4, height() - captionHeight() - 4) / n);
}

int NumberGrid::cellSide() const {
    int s = std::min(fittingCell(), preferredCell() * 3 / 2);
    if (m_cellCap > 0) s = std::min(s, m_cellCap);
    return std::max(4, s);
}

// The grid is centred on the widget's middle line (the three grids of the tool line up like an equation), its
// caption right above it.
QPoint NumberGrid::origin() const {
    const int s = cellSide() * side(), c = captionHeight();
    return {(width() - s) / 2, std::max(c, (height() - s) / 2 + c / 2)};
}

QRect NumberGrid::cellRect(int row, int col) const {
    const int s = cellSide();
    return QRect(origin() + QPoint(col * s, row * s), QSize(s, s));
}

QPoint NumberGrid::cellAt(QPoint pos) const {
    const int s = cellSide();
    const QPoint p = pos - origin();
    if (p.x() < 0 || p.y() < 0) return {-1, -1};
    const int col = p.x() / s, row = p.y() / s;
    if (row >= side() || col >= side()) return {-1, -1};
    return {col, row};
}

QSize NumberGrid::sizeHint() const {
    const int s = preferredCell() * std::max(1, side()) + 4;
    const int c = QFontMetrics(viewstyle::scaledFont(font(), 1.15, true)).horizontalAdvance(m_caption);
    return {std::max(s, c), s + captionHeight()};
}

QSize NumberGrid::minimumSizeHint() const {
    const int s = std::min(preferredCell(), QFontMetrics(font()).height() + 8) * std::max(1, side()) + 4;
    return {s, s + captionHeight()};
}

void NumberGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int n = side(), s = cellSide();
    if (!m_caption.isEmpty()) {
        p.setFont(viewstyle::scaledFont(font(), 1.15, true));
        p.setPen(viewstyle::kText);
        const int top = origin().y() - captionHeight();
        p.drawText(QRect(0, top, width(), captionHeight()), Qt::AlignHCenter | Qt::AlignTop, m_caption);
    }
    if (n == 0) return;
    const double line = viewScale();
    const QColor accent = classColor(1), won = classColor(0);

    QString longest;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            if (const QString t = cellText(r, c); t.size() > longest.size()) longest = t;
    const QFont numbers = cellFont(font(), s, longest, std::clamp(double(s) / preferredCell(), 1.0, 1.5));
    QFont paddingFont = numbers;
    paddingFont.setItalic(true);
    const QFont small = viewstyle::scaledFont(numbers, 0.62);
    const QRect window(m_windowAt, QSize(m_windowSize, m_windowSize));

    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const QRect cell = cellRect(r, c);
            const bool pad = isPadding(r, c), inWindow = m_windowSize > 0 && window.contains(QPoint(c, r));
            QColor fill = pad ? kPaddingFill : QColor(Qt::white);
            p.fillRect(cell, fill);
            if (inWindow) p.fillRect(cell, withAlpha(accent, 45));
            const bool marked = QPoint(c, r) == m_marked;
            if (marked) p.fillRect(cell, withAlpha(won, 220));
            if (QPoint(c, r) == m_selected) p.fillRect(cell, withAlpha(accent, 110));
            p.setPen(QPen(kGridLine, line, pad ? Qt::DashLine : Qt::SolidLine));
            p.drawRect(QRectF(cell).adjusted(0.5, 0.5, -0.5, -0.5));
            p.setPen(pad ? kPaddingText : viewstyle::kText);
            QFont f = pad ? paddingFont : numbers;
            f.setBold(marked);
            p.setFont(f);
            p.drawText(cell, Qt::AlignCenter, cellText(r, c));
            if (inWindow && m_weights && s >= 32) {
                const int i = r - m_windowAt.y(), j = c - m_windowAt.x();
                if (i < m_weights->rows() && j < m_weights->cols()) {
                    p.setFont(small);
                    p.setPen(accent.darker(130));
                    const int m = std::max(2, s / 16);
                    p.drawText(cell.adjusted(m, m, -m, -m), Qt::AlignRight | Qt::AlignBottom,
                               QStringLiteral("×") + ConvArithmetic::number((*m_weights)(i, j)));
                }
            }
        }
    if (m_windowSize > 0) {
        const QRect tl = cellRect(window.top(), window.left()), br = cellRect(window.bottom(), window.right());
        p.setPen(QPen(accent, 3.5 * line));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(tl.topLeft(), br.bottomRight() + QPoint(1, 1)).adjusted(1.5, 1.5, -1.5, -1.5));
    }
    if (m_selected.x() >= 0 && m_selected.x() < n && m_selected.y() < n) {
        p.setPen(QPen(viewstyle::kFocus, 2.5 * line));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(cellRect(m_selected.y(), m_selected.x())).adjusted(1.5, 1.5, -1.5, -1.5));
    }
    if (hasFocus()) {  // where the keys go
        p.setPen(QPen(withAlpha(accent, 160), line, Qt::DotLine));
        p.drawRect(QRectF(cellRect(0, 0).topLeft(), cellRect(n - 1, n - 1).bottomRight()).adjusted(-2, -2, 2, 2));
    }
}

void NumberGrid::mousePressEvent(QMouseEvent* e) {
    const QPoint cell = cellAt(e->position().toPoint());
    if (cell.x() < 0 || e->button() != Qt::LeftButton) return QWidget::mousePressEvent(e);
    setFocus(Qt::MouseFocusReason);
    emit cellClicked(cell.y(), cell.x());
    if (m_editable && !isPadding(cell.y(), cell.x())) openEditor(cell);
}

void NumberGrid::resizeEvent(QResizeEvent*) {
    if (m_editing.x() >= 0) m_editor->setGeometry(cellRect(m_editing.y(), m_editing.x()));
}

void NumberGrid::openEditor(QPoint cell) {
    m_editing = cell;
    const QRect r = cellRect(cell.y(), cell.x());
    m_editor->setFont(cellFont(font(), r.width(), QStringLiteral("−88.8")));
    m_editor->setText(cellText(cell.y(), cell.x()));
    m_editor->setGeometry(r);
    m_editor->show();
    m_editor->raise();
    m_editor->setFocus(Qt::MouseFocusReason);
    m_editor->selectAll();
}

// keep: the typed text becomes the cell's value when it reads as a number ("−2", "-2", "0,5" and "0.5" all do).
void NumberGrid::closeEditor(bool keep) {
    const QPoint cell = m_editing;
    if (cell.x() < 0) return;
    m_editing = {-1, -1};  // first: hiding the editor moves the focus, which would close it again
    QString text = m_editor->text().trimmed();
    text.replace(QStringLiteral("−"), QStringLiteral("-")).replace(',', '.');
    bool ok = false;
    const double v = QLocale::c().toDouble(text, &ok);
    const bool hadFocus = m_editor->hasFocus();
    m_editor->hide();
    if (hadFocus) setFocus(Qt::OtherFocusReason);
    if (keep && ok && std::isfinite(v))
        emit valueEdited(cell.y() - m_padding, cell.x() - m_padding,
                         std::clamp(v, -ConvLimits::kMaxValue, ConvLimits::kMaxValue));
}

bool NumberGrid::eventFilter(QObject* watched, QEvent* e) {
    if (watched != m_editor) return QWidget::eventFilter(watched, e);
    if (e->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(e)->key();
        if (key == Qt::Key_Escape) {
            closeEditor(false);
            return true;
        }
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            closeEditor(true);
            return true;
        }
        // Tab (the next cell, row by row) and the up and down arrows keep the value and edit on, as in a spreadsheet.
        const int n = int(m_values.rows());
        int by = 0;
        switch (key) {
        case Qt::Key_Tab: by = 1; break;
        case Qt::Key_Backtab: by = -1; break;
        case Qt::Key_Down: by = n; break;
        case Qt::Key_Up: by = -n; break;
        default: break;
        }
        if (by != 0) {
            const QPoint at = m_editing;
            closeEditor(true);
            const int i = (at.y() - m_padding) * n + (at.x() - m_padding) + by;
            if (i >= 0 && i < n * n) openEditor(QPoint(i % n + m_padding, i / n + m_padding));
            return true;
        }
    } else if (e->type() == QEvent::FocusOut && m_editing.x() >= 0) {
        closeEditor(true);
    }
    return QWidget::eventFilter(watched, e);
}

}  // namespace widgets
