#include "widgets/metrics_view.h"
#include <QMouseEvent>
#include "widgets/view_style.h"

#include "widgets/drawing/palette.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <limits>

namespace widgets {

namespace {

using viewstyle::kMuted;
using viewstyle::kText;
const QColor kCorrect(0, 114, 178);  // Okabe-Ito blue: the diagonal, right answers
const QColor kWrong(213, 94, 0);     // Okabe-Ito vermillion: off-diagonal, mistakes
constexpr double kMargin = 12;
constexpr double kStrip = 6;  // thickness of the class-colour strip along the grid's top and left edges

QFont pixelFont(const QFont& base, double px, bool bold = false) {
    QFont f = base;
    f.setPixelSize(std::max(1, int(std::lround(px))));
    f.setBold(bold);
    return f;
}

QColor blend(const QColor& a, const QColor& b, double t) {
    return QColor(int(std::lround(a.red() + (b.red() - a.red()) * t)),
                  int(std::lround(a.green() + (b.green() - a.green()) * t)),
                  int(std::lround(a.blue() + (b.blue() - a.blue()) * t)));
}

// Perceived brightness 0..255 (Rec. 601 weights), to pick white or dark text on a cell.
int brightness(const QColor& c) { return (299 * c.red() + 587 * c.green() + 114 * c.blue()) / 1000; }

QString formatNumber(double v) {
    if (!std::isfinite(v)) return QStringLiteral("–");
    return QString::number(v, 'g', std::abs(v) >= 1000 ? 6 : 3);
}

}  // namespace

MetricsView::MetricsView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, Qt::white);
    setPalette(pal);
}

void MetricsView::mousePressEvent(QMouseEvent* event) {
    const int k = int(m_confusion.rows());
    if (m_mode == Mode::Classification)
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j)
                if (cellRect(i, j).contains(event->position().toPoint())) {
                    emit cellClicked(i, j);
                    return;
                }
    QWidget::mousePressEvent(event);
}

void MetricsView::setConfusion(const Eigen::MatrixXi& confusion, const QStringList& classNames) {
    m_mode = Mode::Classification;
    m_confusion = confusion;
    m_classNames = classNames;
    update();
}

void MetricsView::setRegression(double r2, double rmse, const QVector<double>& truth,
                                const QVector<double>& predicted) {
    m_mode = Mode::Regression;
    m_r2 = r2;
    m_rmse = rmse;
    m_truth.clear();
    m_predicted.clear();
    if (truth.size() == predicted.size()) {
        for (qsizetype i = 0; i < truth.size(); ++i) {
            if (std::isfinite(truth[i]) && std::isfinite(predicted[i])) {
                m_truth.append(truth[i]);
                m_predicted.append(predicted[i]);
            }
        }
    }
    update();
}

void MetricsView::setTitle(const QString& title) {
    m_title = title;
    update();
}

void MetricsView::clear() {
    m_mode = Mode::Empty;
    m_confusion.resize(0, 0);
    m_classNames.clear();
    m_truth.clear();
    m_predicted.clear();
    update();
}

double MetricsView::accuracy() const {
    const long long total = m_confusion.size() ? m_confusion.cast<long long>().sum() : 0;
    if (total <= 0 || m_confusion.rows() != m_confusion.cols()) return std::numeric_limits<double>::quiet_NaN();
    return double(m_confusion.cast<long long>().trace()) / double(total);
}

QString MetricsView::className(int k) const {
    return k < m_classNames.size() && !m_classNames[k].isEmpty() ? m_classNames[k] : tr("class %1").arg(k);
}

// Header: the title (small, muted) and one headline (large). Both scale gently with the widget.
static double uiScale(const QWidget* w) { return std::clamp(std::min(w->width(), w->height()) / 440.0, 0.8, 1.7); }
static double titlePx(const QWidget* w) { return 17 * uiScale(w); }
static double headlinePx(const QWidget* w) { return 28 * uiScale(w); }
static double countPx(const QWidget* w) { return 15 * uiScale(w); }

double MetricsView::paintHeader(QPainter& p, const QString& headline) const {
    double y = kMargin;
    if (!m_title.isEmpty()) {
        p.setFont(pixelFont(font(), titlePx(this), true));
        p.setPen(kMuted);
        const QRectF r(kMargin, y, width() - 2 * kMargin, titlePx(this) * 1.4);
        p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, m_title);
        y = r.bottom();
    }
    if (!headline.isEmpty()) {
        p.setFont(pixelFont(font(), headlinePx(this), true));
        p.setPen(kText);
        const QRectF r(kMargin, y, width() - 2 * kMargin, headlinePx(this) * 1.35);
        p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, headline);
        y = r.bottom();
    }
    return y + 6;
}

QString MetricsView::headline() const {
    const double acc = accuracy();
    return std::isnan(acc) ? tr("accuracy –") : tr("accuracy %1%").arg(QString::number(acc * 100, 'f', 1));
}

QString MetricsView::countText() const {
    if (m_mode != Mode::Classification || std::isnan(accuracy())) return {};
    return tr("%1 of %2 correct").arg(m_confusion.cast<long long>().trace()).arg(m_confusion.cast<long long>().sum());
}

// "462 of 500 correct" goes after the headline, smaller and muted; in a narrow dock or at a presenter's font it has
// no room there and gets a line of its own under the headline (it was cut at the right edge: "48 of 100 correc").
bool MetricsView::countBelowHeadline() const {
    const QString count = countText();
    if (count.isEmpty()) return false;
    const QFontMetricsF big(pixelFont(font(), headlinePx(this), true)), small(pixelFont(font(), countPx(this)));
    return kMargin + big.horizontalAdvance(headline()) + 12 + small.horizontalAdvance(count) > width() - kMargin;
}

QRect MetricsView::countTextRect() const {
    const QString count = countText();
    if (count.isEmpty()) return {};
    const QFontMetricsF big(pixelFont(font(), headlinePx(this), true)), small(pixelFont(font(), countPx(this)));
    const double headlineTop = kMargin + (m_title.isEmpty() ? 0 : titlePx(this) * 1.4);
    const double w = std::ceil(small.horizontalAdvance(count)) + 1;
    if (countBelowHeadline())
        return QRectF(kMargin, headlineTop + headlinePx(this) * 1.35, w, countPx(this) * 1.4).toAlignedRect();
    return QRectF(kMargin + big.horizontalAdvance(headline()) + 12, headlineTop, w, headlinePx(this) * 1.35)
        .toAlignedRect();
}

MetricsView::GridLayout MetricsView::gridLayout() const {
    GridLayout g;
    const int k = int(m_confusion.rows());
    if (m_mode != Mode::Classification || k == 0 || m_confusion.cols() != k) return g;
    const double s = uiScale(this);
    const double top = kMargin + (m_title.isEmpty() ? 0 : titlePx(this) * 1.4) + headlinePx(this) * 1.35 + 6 +
                       (countBelowHeadline() ? countPx(this) * 1.4 : 0);
    g.headerFontPx = 15 * s;
    const QFontMetricsF fm(pixelFont(font(), g.headerFontPx));
    const double axisTitle = g.headerFontPx * 1.6;  // room for "true class" (rotated) and "predicted class"
    const double strip = kStrip + 4;                // class-colour strip beside the names, and a gap
    double nameWidth = 0;
    for (int i = 0; i < k; ++i) nameWidth = std::max(nameWidth, fm.horizontalAdvance(className(i)));
    const double rowHeaderW = std::min(nameWidth + strip + 10, width() * 0.3);

    // Column names get one line, or two when the longest would not fit over its cell.
    auto cellFor = [&](double colHeaderH) {
        const double availW = width() - 2 * kMargin - axisTitle - rowHeaderW;
        const double availH = height() - top - axisTitle - colHeaderH - kMargin;
        return std::max(0.0, std::floor(std::min(availW, availH) / k));
    };
    double colHeaderH = fm.height() * 1.3 + strip;
    g.cell = cellFor(colHeaderH);
    if (nameWidth > g.cell - 8) {
        colHeaderH = fm.height() * 2.3 + strip;
        g.cell = cellFor(colHeaderH);
    }
    const double blockW = axisTitle + rowHeaderW + g.cell * k;
    const double x0 = std::max(kMargin, (width() - blockW) / 2);
    const double gridTop = top + axisTitle + colHeaderH;
    g.grid = QRectF(x0 + axisTitle + rowHeaderW, gridTop, g.cell * k, g.cell * k);
    g.rowHeaders = QRectF(x0 + axisTitle, gridTop, rowHeaderW, g.cell * k);
    g.colHeaders = QRectF(g.grid.left(), top + axisTitle, g.grid.width(), colHeaderH);
    return g;
}

QRect MetricsView::cellRect(int trueClass, int predictedClass) const {
    const GridLayout g = gridLayout();
    const int k = int(m_confusion.rows());
    if (g.cell <= 0 || trueClass < 0 || predictedClass < 0 || trueClass >= k || predictedClass >= k) return {};
    return QRectF(g.grid.left() + predictedClass * g.cell, g.grid.top() + trueClass * g.cell, g.cell, g.cell)
        .toAlignedRect();
}

QColor MetricsView::cellColor(int trueClass, int predictedClass) const {
    const int k = int(m_confusion.rows());
    if (m_mode != Mode::Classification || trueClass < 0 || predictedClass < 0 || trueClass >= k ||
        predictedClass >= k || m_confusion.cols() != k)
        return {};
    const double rowSum = m_confusion.row(trueClass).cast<double>().sum();
    const double share = rowSum > 0 ? m_confusion(trueClass, predictedClass) / rowSum : 0.0;
    // sqrt lifts small shares: a 5% confusion still shows as a clear tint. Darkness rises with the share.
    const double t = std::sqrt(std::clamp(share, 0.0, 1.0));
    return blend(QColor(255, 255, 255), trueClass == predictedClass ? kCorrect : kWrong, t);
}

void MetricsView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    switch (m_mode) {
    case Mode::Classification: paintConfusion(p); break;
    case Mode::Regression: paintRegression(p); break;
    case Mode::Empty: {
        const double y = paintHeader(p, QString());
        p.setFont(pixelFont(font(), 16 * uiScale(this)));
        p.setPen(kMuted);
        p.drawText(QRectF(kMargin, y, width() - 2 * kMargin, height() - y - kMargin),
                   Qt::AlignCenter | Qt::TextWordWrap, tr("Metrics appear once the network has been evaluated."));
        break;
    }
    }
}

void MetricsView::paintConfusion(QPainter& p) const {
    paintHeader(p, headline());
    if (const QRect r = countTextRect(); !r.isEmpty()) {
        p.setFont(pixelFont(font(), countPx(this)));
        p.setPen(kMuted);
        p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, countText());
    }

    const GridLayout g = gridLayout();
    if (g.cell < 4) return;
    const int k = int(m_confusion.rows());
    const QFont headerFont = pixelFont(font(), g.headerFontPx);
    const QFont axisFont = pixelFont(font(), g.headerFontPx, true);

    // Axis titles: "predicted class" above the column names, "true class" rotated left of the row names.
    p.setFont(axisFont);
    p.setPen(kText);
    p.drawText(QRectF(g.grid.left(), g.colHeaders.top() - g.headerFontPx * 1.6, g.grid.width(), g.headerFontPx * 1.6),
               Qt::AlignCenter, tr("predicted class"));
    p.save();
    p.translate(g.rowHeaders.left() - g.headerFontPx * 0.8, g.grid.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-g.grid.height() / 2, -g.headerFontPx * 0.8, g.grid.height(), g.headerFontPx * 1.6),
               Qt::AlignCenter, tr("true class"));
    p.restore();

    // Class names, each with a strip of its dataset colour along the grid edge, linking the matrix to the canvas.
    p.setFont(headerFont);
    const QFontMetricsF fm(headerFont);
    for (int i = 0; i < k; ++i) {
        const QString name = className(i);
        const double along = g.cell * i + 2;
        p.setPen(Qt::NoPen);
        p.setBrush(classColor(i));
        p.drawRect(QRectF(g.grid.left() - kStrip - 2, g.grid.top() + along, kStrip, g.cell - 4));  // row strip
        p.drawRect(QRectF(g.grid.left() + along, g.grid.top() - kStrip - 2, g.cell - 4, kStrip));  // column strip
        p.setPen(kText);
        const QRectF row(g.rowHeaders.left(), g.grid.top() + i * g.cell, g.rowHeaders.width() - kStrip - 10, g.cell);
        p.drawText(row, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(name, Qt::ElideRight, row.width()));
        const QRectF col(g.grid.left() + i * g.cell + 2, g.colHeaders.top(), g.cell - 4,
                         g.colHeaders.height() - kStrip - 6);
        const bool twoLines = col.height() > fm.height() * 2;
        const QString shown = twoLines ? name : fm.elidedText(name, Qt::ElideRight, col.width());
        p.drawText(col, Qt::AlignHCenter | Qt::AlignBottom | (twoLines ? Qt::TextWordWrap : 0), shown);
    }

    // Cells: count large, share of the row below it when there is room.
    const bool showShare = g.cell >= 52;
    const double countPx = std::clamp(g.cell * (showShare ? 0.3 : 0.38), 9.0, 34.0);
    const double sharePx = std::clamp(g.cell * 0.17, 8.0, 18.0);
    const QFont countFont = pixelFont(font(), countPx, true);
    const QFont shareFont = pixelFont(font(), sharePx);
    for (int i = 0; i < k; ++i) {
        const double rowSum = m_confusion.row(i).cast<double>().sum();
        for (int j = 0; j < k; ++j) {
            const QRectF r(g.grid.left() + j * g.cell, g.grid.top() + i * g.cell, g.cell, g.cell);
            const QColor fill = cellColor(i, j);
            p.setPen(QPen(QColor(255, 255, 255), 2));
            p.setBrush(fill);
            p.drawRect(r);
            const QColor ink = brightness(fill) < 150 ? QColor(Qt::white) : kText;
            p.setPen(ink);
            p.setFont(countFont);
            const QString count = QString::number(m_confusion(i, j));
            if (m_confusion(i, j) == 0)
                p.setPen(QColor(190, 190, 190));  // empty cells recede; the mistakes that happened stand out
            if (!showShare || m_confusion(i, j) == 0) {
                p.drawText(r, Qt::AlignCenter, count);
                continue;
            }
            const QRectF upper(r.left(), r.top(), r.width(), r.height() * 0.6);
            const QRectF lower(r.left(), r.top() + r.height() * 0.55, r.width(), r.height() * 0.35);
            p.drawText(upper, Qt::AlignHCenter | Qt::AlignBottom, count);
            p.setFont(shareFont);
            p.setPen(ink == kText ? kMuted : ink);
            const QString share = rowSum > 0 ? QString::number(100.0 * m_confusion(i, j) / rowSum, 'f', 0) + "%"
                                             : QStringLiteral("–");
            p.drawText(lower, Qt::AlignHCenter | Qt::AlignTop, share);
        }
    }
    p.setPen(QPen(QColor(190, 190, 190), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(g.grid);
}

void MetricsView::paintRegression(QPainter& p) const {
    const double top = paintHeader(p, QString());
    const double s = uiScale(this);
    const bool scatter = !m_truth.isEmpty();
    const QRectF body(kMargin, top, width() - 2 * kMargin, height() - top - kMargin);
    const QRectF numbers = scatter ? QRectF(body.left(), body.top(), body.width() * 0.42, body.height()) : body;

    // Two big figures, each with a one-line reading aid underneath.
    struct Figure {
        QString name, value, hint;
    };
    const Figure figures[2] = {
        {QStringLiteral("R²"), formatNumber(m_r2), tr("1 = perfect, 0 = no better than the mean")},
        {QStringLiteral("RMSE"), formatNumber(m_rmse), tr("typical error, in target units")},
    };
    const double slot = numbers.height() / 2;
    const double valuePx = std::clamp(std::min(slot * 0.42, numbers.width() * 0.22), 18.0, 72.0);
    for (int i = 0; i < 2; ++i) {
        const QRectF r(numbers.left(), numbers.top() + i * slot, numbers.width(), slot);
        const double namePx = std::max(13.0, valuePx * 0.38);
        p.setFont(pixelFont(font(), namePx, true));
        p.setPen(kMuted);
        const QRectF nameRect(r.left(), r.top() + slot * 0.08, r.width(), namePx * 1.3);
        p.drawText(nameRect, Qt::AlignHCenter | Qt::AlignBottom, figures[i].name);
        p.setFont(pixelFont(font(), valuePx, true));
        p.setPen(i == 0 ? kCorrect : kText);
        const QRectF valueRect(r.left(), nameRect.bottom(), r.width(), valuePx * 1.25);
        p.drawText(valueRect, Qt::AlignCenter, figures[i].value);
        p.setFont(pixelFont(font(), std::max(11.0, 12.5 * s)));
        p.setPen(kMuted);
        p.drawText(QRectF(r.left(), valueRect.bottom(), r.width(), r.bottom() - valueRect.bottom()),
                   Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, figures[i].hint);
    }
    if (scatter)
        paintScatter(p, QRectF(numbers.right() + kMargin, body.top(), body.right() - numbers.right() - kMargin,
                               body.height()));
}

void MetricsView::paintScatter(QPainter& p, const QRectF& area) const {
    // Same range on both axes, so the y = x diagonal is the line of perfect predictions.
    const auto [tMin, tMax] = std::minmax_element(m_truth.cbegin(), m_truth.cend());
    const auto [pMin, pMax] = std::minmax_element(m_predicted.cbegin(), m_predicted.cend());
    double lo = std::min(*tMin, *pMin), hi = std::max(*tMax, *pMax);
    if (!(hi > lo)) {
        lo -= 0.5;
        hi += 0.5;
    }
    const double pad = 0.04 * (hi - lo);
    lo -= pad;
    hi += pad;

    const double labelPx = std::max(12.0, 14 * uiScale(this));
    const QFont labelFont = pixelFont(font(), labelPx);
    const QFontMetricsF fm(labelFont);
    const double left = fm.horizontalAdvance(formatNumber(-std::max(std::abs(lo), std::abs(hi)))) + labelPx * 1.8;
    const double bottom = labelPx * 2.8;
    const double side = std::max(0.0, std::min(area.width() - left, area.height() - bottom));
    if (side < 40) return;
    const QRectF plot(area.left() + left + (area.width() - left - side) / 2, area.top(), side, side);
    auto toPx = [&](double x, double y) {
        return QPointF(plot.left() + (x - lo) / (hi - lo) * plot.width(),
                       plot.bottom() - (y - lo) / (hi - lo) * plot.height());
    };

    p.setPen(QPen(QColor(200, 200, 200), 1));
    p.setBrush(QColor(252, 252, 252));
    p.drawRect(plot);
    p.setPen(QPen(kMuted, 1.5, Qt::DashLine));
    p.drawLine(toPx(lo, lo), toPx(hi, hi));

    // Translucent dots: dense regions read darker, which is honest for thousands of points.
    const double dot = std::clamp(side / 70, 2.5, 5.0);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(kCorrect.red(), kCorrect.green(), kCorrect.blue(), m_truth.size() > 2000 ? 60 : 150));
    for (qsizetype i = 0; i < m_truth.size(); ++i) p.drawEllipse(toPx(m_truth[i], m_predicted[i]), dot, dot);

    p.setFont(labelFont);
    p.setPen(kText);
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), labelPx * 1.3), Qt::AlignLeft | Qt::AlignTop,
               formatNumber(lo + pad));
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), labelPx * 1.3), Qt::AlignRight | Qt::AlignTop,
               formatNumber(hi - pad));
    p.drawText(QRectF(plot.left(), plot.bottom() + labelPx * 1.3, plot.width(), labelPx * 1.4), Qt::AlignCenter,
               tr("true value"));
    p.drawText(QRectF(area.left(), plot.top(), plot.left() - area.left() - 4, labelPx * 1.3),
               Qt::AlignRight | Qt::AlignTop, formatNumber(hi - pad));
    p.drawText(QRectF(area.left(), plot.bottom() - labelPx * 1.3, plot.left() - area.left() - 4, labelPx * 1.3),
               Qt::AlignRight | Qt::AlignBottom, formatNumber(lo + pad));
    p.save();
    const double tickW = std::max(fm.horizontalAdvance(formatNumber(hi - pad)),
                                  fm.horizontalAdvance(formatNumber(lo + pad)));
    p.translate(plot.left() - 4 - tickW - labelPx * 0.8, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-side / 2, -labelPx * 0.7, side, labelPx * 1.4), Qt::AlignCenter, tr("predicted"));
    p.restore();
}

}  // namespace widgets
