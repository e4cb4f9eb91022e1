// OutputView: layout (a square plot, axes, a legend to its right; everything scales with the widget so it reads
// when projected) and painting. Interaction and state live in output_view.cpp.
#include "widgets/output_view.h"
#include "widgets/drawing/palette.h"
#include "widgets/view_style.h"
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <vector>

namespace widgets {

namespace {
using viewstyle::withAlpha;

constexpr int kMaxLegendClasses = 8;
const QColor kNeutralBackground(250, 250, 250);  // plot area with no boundary image yet: "no opinion" white
const QColor kWrongRing(200, 16, 46);            // misclassified: a red ring, distinct from every class colour
const QColor kTestRing(25, 25, 25);
const QColor kSelectHalo(255, 214, 0);

QString numberText(double v) {
    if (std::abs(v) < 1e-12) v = 0;
    QString s = QString::number(v, 'g', 4);
    if (s.startsWith('-')) s.replace(0, 1, QChar(0x2212));
    return s;
}

// "Nice" tick positions over [lo, hi]: steps of 1, 2, 2.5 or 5 x 10^n, about 6 intervals, fewer when the labels
// would crowd (minGapPx between tick centres).
QVector<double> axisTicks(double lo, double hi, double sidePx, double minGapPx) {
    QVector<double> ticks;
    const double span = hi - lo;
    if (!(span > 0) || !std::isfinite(span) || sidePx <= 0) return ticks;
    const double raw = span / 6;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw * 0.999) {
            step = m * mag;
            break;
        }
    while (step < span && step / span * sidePx < minGapPx) step *= 2;
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + span * 1e-9; v += step)
        ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return ticks;
}

const QColor kCurveInk(20, 20, 20);  // the prediction in curve mode: dark, over points of any colour


}  // namespace

QFont OutputView::scaledFont(const Layout& l, double factor, bool bold) const {
    QFont f = font();
    f.setPixelSize(std::max(8, int(std::lround(l.fontPx * factor))));
    f.setBold(bold);
    return f;
}

// Grows with the plot, and with the view scale (presenter mode) so points read from the back of a classroom.
double OutputView::pointRadius(const Layout& l) const {
    const double s = viewScale();
    return std::clamp(l.plot.width() / 75.0, 3.5 * s, 11.0 * s);
}

int OutputView::legendClassCount() const {
    int k = m_classNames.isEmpty() ? (m_style.mode == BoundaryStyle::MultiClass ? m_style.classes : 2)
                                   : int(m_classNames.size());
    for (const PlotPoint& p : m_points) k = std::max(k, p.label + 1);  // a class added by key 3 shows up at once
    return std::clamp(k, 1, kMaxLegendClasses);
}

QString OutputView::className(int k) const {
    if (k >= 0 && k < m_classNames.size() && !m_classNames[k].isEmpty()) return m_classNames[k];
    return tr("class %1").arg(k);  // as the generators, the metrics and the matrix name it
}

// Curve mode: the points' height is their value, so a colour bar would say it twice.
bool OutputView::legendHasBar() const {
    return !isCurveMode() && (m_regression || m_style.mode != BoundaryStyle::MultiClass);
}

QString OutputView::legendTitle() const {
    if (isCurveMode()) return tr("Fit");
    if (m_regression) return tr("Value");
    return m_style.mode == BoundaryStyle::MultiClass ? tr("Classes") : tr("Output");
}

QVector<OutputView::LegendRow> OutputView::legendRows() const {
    QVector<LegendRow> rows;
    if (isCurveMode()) {
        rows.push_back({LegendRow::Class, 0, tr("Target")});
        rows.push_back({LegendRow::Curve, 0, tr("Prediction")});
    }
    if (!m_regression)
        for (int k = 0; k < legendClassCount(); ++k) rows.push_back({LegendRow::Class, k, className(k)});
    bool anyTest = false, anyWrong = false;
    for (const PlotPoint& p : m_points) {
        if (!visible(p)) continue;
        anyTest = anyTest || p.test;
        anyWrong = anyWrong || p.misclassified;
    }
    if (anyTest) rows.push_back({LegendRow::Test, 0, tr("Test data")});
    if (anyWrong) rows.push_back({LegendRow::Wrong, 0, m_regression ? tr("Large error") : tr("Misclassified")});
    return rows;
}

double OutputView::legendWidth(double fontPx, double maxWidth) const {
    Layout l;
    l.fontPx = fontPx;
    const QFontMetricsF fm(scaledFont(l, 0.85)), bold(scaledFont(l, 0.85, true)), title(scaledFont(l, 0.9, true));
    const double gap = fontPx * 0.45, swatch = fontPx * 1.3;
    double w = title.horizontalAdvance(legendTitle());
    if (legendHasBar()) {
        double labels = 0;
        for (double v : {m_style.lo, (m_style.lo + m_style.hi) / 2, m_style.hi})
            labels = std::max(labels, fm.horizontalAdvance(numberText(v)));
        w = std::max(w, fontPx * 0.6 + fontPx * 1.0 + gap + labels);
    }
    for (const LegendRow& r : legendRows())
        w = std::max(w, swatch + gap + bold.horizontalAdvance(r.text) + gap);  // the current class is bold
    // Rows that come and go with the data and the training (test points shown, a first misclassified point) are
    // counted always: the plot keeps its place, so a click lands where the person aimed.
    for (const QString& t : {tr("Test data"), tr("Misclassified"), tr("Large error")})
        w = std::max(w, swatch + gap + bold.horizontalAdvance(t) + gap);
    return std::min(std::ceil(w + gap), maxWidth);
}

OutputView::Layout OutputView::layout() const {
    Layout l;
    const double W = width(), H = height();
    // Text grows with the plot and, in presenter mode, with the view scale: axes and legend read from the back row.
    const double vs = viewScale();
    l.fontPx = std::clamp(std::min(W, H) / 28.0 * vs, 11.0 * vs, 26.0 * vs);
    if (W < 24 || H < 24) return l;  // too small for anything: an empty plot, mapping falls back to (0, 0)

    const QFontMetricsF tickFm(scaledFont(l, 0.85)), labelFm(scaledFont(l, 1.0));
    double tickW = 0;
    for (double v : axisTicks(-m_range, m_range, 1e6, 0))
        tickW = std::max(tickW, tickFm.horizontalAdvance(numberText(v)));
    if (isCurveMode())
        for (double v : axisTicks(curveLow(), curveHigh(), 1e6, 0))
            tickW = std::max(tickW, tickFm.horizontalAdvance(numberText(v)));
    const double gap = l.fontPx * 0.4, tick = l.fontPx * 0.35, margin = l.fontPx * 0.5;
    const double left = margin + labelFm.horizontalAdvance(QStringLiteral("x₂")) + gap + tickW + gap * 0.5 + tick;
    const double bottom = tick + gap * 0.5 + tickFm.height() + gap * 0.3 + labelFm.height() + margin * 0.5;
    const double top = margin, right = margin;
    const double availW = W - left - right, availH = H - top - bottom;

    const double legendGap = l.fontPx * 1.1;
    const double lw = legendWidth(l.fontPx, W * 0.34);
    const double withLegend = std::min(availW - legendGap - lw, availH), without = std::min(availW, availH);
    l.showLegend = withLegend >= 0.7 * without && withLegend >= 80;  // a narrow view keeps the plot, drops the legend
    const double side = std::floor(l.showLegend ? withLegend : without);
    if (side < 8) return l;
    const double total = left + side + (l.showLegend ? legendGap + lw : 0) + right;
    const double x0 = std::round((W - total) / 2 + left), y0 = std::round(top + (availH - side) / 2);
    l.plot = QRectF(x0, y0, side, side);
    if (l.showLegend) l.legend = QRectF(l.plot.right() + legendGap, y0, lw, side);
    return l;
}

void OutputView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    const Layout l = layout();
    if (l.plot.width() <= 0) return;
    if (!m_noPlane.isEmpty()) {
        // No plane to draw: say why, in the middle of the view, rather than an empty plane that invites clicks.
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(Qt::NoPen);
        p.setBrush(kNeutralBackground);
        p.drawRoundedRect(l.plot, 6, 6);
        p.setFont(scaledFont(l, 1.1));
        p.setPen(withAlpha(palette().color(QPalette::WindowText), 190));
        p.drawText(l.plot.adjusted(l.fontPx, l.fontPx, -l.fontPx, -l.fontPx), Qt::AlignCenter | Qt::TextWordWrap,
                   m_noPlane);
        return;
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);

    const QImage& img = m_hover.isNull() ? m_boundary : m_hover;
    if (isCurveMode()) {
        // A graph has no plane under it. A hovered neuron's output along x1 (its picture's row at x2 = 0) is a band
        // at the foot of the plot, under the points and the curve.
        p.fillRect(l.plot, kNeutralBackground);
        if (!m_hover.isNull()) {
            const double bandH = std::round(l.plot.height() * 0.1);
            p.drawImage(QRectF(l.plot.left(), l.plot.bottom() - bandH, l.plot.width(), bandH),
                        m_hover.copy(0, m_hover.height() / 2, m_hover.width(), 1));
        }
    } else if (img.isNull()) {
        p.fillRect(l.plot, kNeutralBackground);
    } else {
        p.drawImage(l.plot, img);
    }

    drawAxes(p, l);
    if (isCurveMode()) drawCurve(p, l);
    drawPoints(p, l);
    drawOverlay(p, l);
    if (l.showLegend) drawLegend(p, l);
}

void OutputView::drawAxes(QPainter& p, const Layout& l) const {
    const QColor ink = palette().color(QPalette::WindowText);
    const QFont tickFont = scaledFont(l, 0.85);
    QFont labelFont = scaledFont(l, 1.0);
    labelFont.setItalic(true);
    const QFontMetricsF tickFm(tickFont), labelFm(labelFont);
    const double gap = l.fontPx * 0.4, tick = l.fontPx * 0.35;

    // Faint zero lines: where x1 = 0 and x2 = 0 are is what students read off most.
    p.setPen(QPen(withAlpha(QColor(0, 0, 0), 40), 1));
    const QPointF origin = mapToWidget(l.plot, {0, 0});
    p.drawLine(QPointF(origin.x(), l.plot.top()), QPointF(origin.x(), l.plot.bottom()));
    p.drawLine(QPointF(l.plot.left(), origin.y()), QPointF(l.plot.right(), origin.y()));

    p.setPen(QPen(withAlpha(ink, 150), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(l.plot.adjusted(-0.5, -0.5, 0.5, 0.5));

    const double minGap = tickFm.horizontalAdvance(QStringLiteral("−0.00")) * 1.3;
    const QVector<double> ticks = axisTicks(-m_range, m_range, l.plot.width(), minGap);
    // The vertical axis: x2 on the plane, the target in curve mode.
    const QVector<double> yTicks = isCurveMode() ? axisTicks(curveLow(), curveHigh(), l.plot.height(), minGap) : ticks;
    p.setFont(tickFont);
    for (double v : ticks) {
        const double x = mapToWidget(l.plot, {v, 0}).x();
        const QString t = numberText(v);
        p.setPen(QPen(withAlpha(ink, 150), 1));
        p.drawLine(QPointF(x, l.plot.bottom()), QPointF(x, l.plot.bottom() + tick));
        p.setPen(withAlpha(ink, 200));
        const double tw = tickFm.horizontalAdvance(t);
        p.drawText(QRectF(x - tw, l.plot.bottom() + tick + gap * 0.5, 2 * tw, tickFm.height()),
                   Qt::AlignHCenter | Qt::AlignTop, t);
    }
    for (double v : yTicks) {
        const double y = mapToWidget(l.plot, {0, v}).y();
        const QString t = numberText(v);
        p.setPen(QPen(withAlpha(ink, 150), 1));
        p.drawLine(QPointF(l.plot.left() - tick, y), QPointF(l.plot.left(), y));
        p.setPen(withAlpha(ink, 200));
        p.drawText(QRectF(0, y - tickFm.height() / 2, l.plot.left() - tick - gap * 0.5, tickFm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, t);
    }

    p.setFont(labelFont);
    p.setPen(ink);
    const double labelTop = l.plot.bottom() + tick + gap * 0.8 + tickFm.height();
    p.drawText(QRectF(l.plot.left(), labelTop, l.plot.width(), labelFm.height()), Qt::AlignHCenter | Qt::AlignTop,
               QStringLiteral("x₁"));
    double tickW = 0;
    for (double v : yTicks) tickW = std::max(tickW, tickFm.horizontalAdvance(numberText(v)));
    const double labelRight = l.plot.left() - tick - gap * 1.5 - tickW;
    p.drawText(QRectF(0, l.plot.center().y() - labelFm.height() / 2, labelRight, labelFm.height()),
               Qt::AlignRight | Qt::AlignVCenter, isCurveMode() ? QStringLiteral("y") : QStringLiteral("x₂"));
}

// The prediction over x1 as one polyline through the curve's samples (cell centres, as the boundary's grid).
void OutputView::drawCurve(QPainter& p, const Layout& l) const {
    const QVector<double>& c = m_style.curve;
    const double n = double(c.size());
    QPainterPath path;
    bool pen = false;  // a NaN sample breaks the line
    for (int i = 0; i < c.size(); ++i) {
        if (!std::isfinite(c[i])) {
            pen = false;
            continue;
        }
        const QPointF at = mapToWidget(l.plot, {-m_range + (i + 0.5) * 2 * m_range / n, c[i]});
        if (pen) path.lineTo(at);
        else path.moveTo(at);
        pen = true;
    }
    p.save();
    p.setClipRect(l.plot);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(kCurveInk, std::max(2.5, pointRadius(l) * 0.6), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(path);
    p.restore();
}

void OutputView::drawPoints(QPainter& p, const Layout& l) const {
    if (m_points.isEmpty()) return;
    const double r = pointRadius(l);
    p.save();
    p.setClipRect(l.plot);  // points past the range would sit on the tick labels and the legend
    const QPointF moveBy = m_drag == Drag::MoveSelection ? m_mousePos - m_pressPos : QPointF();
    std::vector<bool> moving(std::size_t(m_points.size()), false);  // drag preview: the selection follows the pointer
    if (!moveBy.isNull())
        for (int i : m_selection)
            if (i >= 0 && i < m_points.size()) moving[std::size_t(i)] = true;
    auto centre = [&](int i) {
        const QPointF c = mapToWidget(l.plot, plotPosition(m_points[i].pos, m_points[i].value));
        return moving[std::size_t(i)] ? c + moveBy : c;
    };
    auto fill = [&](const PlotPoint& pt) {
        return m_regression ? regressionPointColor(pt.value, m_style.lo, m_style.hi) : classColor(pt.label);
    };

    // Selection halos first, so the points stay on top of them.
    p.setPen(QPen(QColor(40, 40, 40), 1.5));
    p.setBrush(withAlpha(kSelectHalo, 210));
    for (int i : m_selection)
        if (i >= 0 && i < m_points.size() && visible(m_points[i])) p.drawEllipse(centre(i), r + 5, r + 5);

    // Training points, then test points over them, then the red rings over everything.
    auto blit = [&](const QPixmap& pm, QPointF c) {
        const qreal dpr = pm.devicePixelRatio();
        p.drawPixmap(c - QPointF(pm.width() / dpr / 2, pm.height() / dpr / 2), pm);
    };
    for (int pass = 0; pass < 2; ++pass) {
        for (int i = 0; i < m_points.size(); ++i) {
            const PlotPoint& pt = m_points[i];
            if (!visible(pt) || pt.test != (pass == 1)) continue;
            const Marker kind = pt.test ? Marker::Test : (m_regression ? Marker::Value : Marker::Train);
            blit(marker(kind, fill(pt), r), centre(i));
        }
    }
    for (int i = 0; i < m_points.size(); ++i)
        if (visible(m_points[i]) && m_points[i].misclassified)
            blit(marker(Marker::WrongRing, kWrongRing, r), centre(i));
    p.restore();
}

namespace {

// One marker centred at c with radius r. Training points: white ring and a dark hairline outside it (visible on
// white regions too); test points: a thick black ring; regression values: a dark rim (values near the middle are
// as white as the background there); misclassified: a red ring around the point, no fill.
void paintMarker(QPainter& p, QPointF c, double r, int kind, const QColor& fill) {
    const double whiteW = std::max(1.5, r * 0.3), testW = std::max(2.0, r * 0.42);
    p.setBrush(fill);
    switch (kind) {
    case 0:  // Train
        p.setPen(QPen(Qt::white, whiteW));
        p.drawEllipse(c, r, r);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor(0, 0, 0, 110), 1));
        p.drawEllipse(c, r + whiteW / 2 + 0.5, r + whiteW / 2 + 0.5);
        break;
    case 1:  // Test
        p.setPen(QPen(kTestRing, testW));
        p.drawEllipse(c, r, r);
        break;
    case 2:  // Value
        p.setPen(QPen(QColor(60, 60, 60), std::max(1.2, r * 0.2)));
        p.drawEllipse(c, r, r);
        break;
    default: {  // WrongRing
        const double ringW = std::max(2.0, r * 0.35), ringR = r + std::max(whiteW, testW) / 2 + ringW / 2 + 1.5;
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(fill, ringW));
        p.drawEllipse(c, ringR, ringR);
    }
    }
}

}  // namespace

const QPixmap& OutputView::marker(Marker kind, const QColor& fill, double r) const {
    const qreal dpr = devicePixelRatioF();
    if (dpr != m_markerDpr || m_markers.size() > 1024) {  // regression colours are many: bound the cache
        m_markers.clear();
        m_markerDpr = dpr;
    }
    const quint64 key = (quint64(fill.rgba()) << 32) | (quint64(kind) << 24) | quint64(std::lround(r * 16) & 0xffffff);
    auto it = m_markers.find(key);
    if (it != m_markers.end()) return *it;
    const double extent = 2 * r + 4;                        // the red ring reaches r + ~0.9 r + 2
    const int side = int(std::ceil(2 * extent * dpr)) | 1;  // odd: the centre is a pixel centre
    QPixmap pm(side, side);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter mp(&pm);
    mp.setRenderHint(QPainter::Antialiasing, true);
    paintMarker(mp, QPointF(side / dpr / 2, side / dpr / 2), r, int(kind), fill);
    mp.end();
    return *m_markers.insert(key, pm);
}

void OutputView::drawOverlay(QPainter& p, const Layout& l) const {
    const QColor ink = palette().color(QPalette::WindowText);
    if (m_drag == Drag::Band) {
        p.setPen(QPen(QColor(30, 30, 30), 1.5, Qt::DashLine));
        p.setBrush(QColor(0, 114, 178, 40));
        p.drawRect(QRectF(m_pressPos, m_mousePos).normalized());
    }
    const bool brush = m_editable && (m_tool == Tool::Spray || m_tool == Tool::Erase);
    if (brush && m_mouseInside && l.plot.contains(m_mousePos)) {
        const double br = brushRadiusPx(l);
        if (m_tool == Tool::Spray) {
            const QColor c = m_regression && !isCurveMode()
                                 ? regressionPointColor(m_currentValue, m_style.lo, m_style.hi)
                                 : classColor(m_currentClass);
            p.setBrush(withAlpha(c, 60));
            p.setPen(QPen(c.darker(130), 1.5));
        } else {
            p.setBrush(QColor(255, 255, 255, 90));
            p.setPen(QPen(QColor(30, 30, 30), 1.5, Qt::DashLine));
        }
        p.drawEllipse(m_mousePos, br, br);
    }
    if (m_editable && m_points.isEmpty() && m_hover.isNull()) {
        const QFont f = scaledFont(l, 1.0);
        const QString hint = tr("Click to add points");
        const QFontMetricsF fm(f);
        const QSizeF size(fm.horizontalAdvance(hint) + l.fontPx, fm.height() + l.fontPx * 0.4);
        const QRectF box(l.plot.center() - QPointF(size.width() / 2, size.height() / 2), size);
        p.setPen(Qt::NoPen);
        p.setBrush(withAlpha(kNeutralBackground, 230));  // keeps the zero lines from striking through the text
        p.drawRoundedRect(box, 4, 4);
        p.setFont(f);
        p.setPen(withAlpha(ink, 130));
        p.drawText(box, Qt::AlignCenter, hint);
    }
    if (!m_hover.isNull() && !m_hoverCaption.isEmpty()) {
        const QFont f = scaledFont(l, 0.85, true);
        const QFontMetricsF fm(f);
        const double pad = l.fontPx * 0.35;
        const QString text = fm.elidedText(m_hoverCaption, Qt::ElideRight, l.plot.width() - 4 * pad);
        const QRectF box(l.plot.left() + pad, l.plot.top() + pad, fm.horizontalAdvance(text) + 2 * pad,
                         fm.height() + pad);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(255, 255, 255, 215));
        p.drawRoundedRect(box, pad, pad);
        p.setFont(f);
        p.setPen(QColor(30, 30, 30));
        p.drawText(box, Qt::AlignCenter, text);
    }
}

void OutputView::drawLegend(QPainter& p, const Layout& l) const {
    const QColor ink = palette().color(QPalette::WindowText);
    const QFont textFont = scaledFont(l, 0.85), titleFont = scaledFont(l, 0.9, true);
    const QFontMetricsF fm(textFont), titleFm(titleFont);
    const QRectF box = l.legend;
    const double gap = l.fontPx * 0.45, swatch = l.fontPx * 1.3;
    const QVector<LegendRow> rows = legendRows();
    double rowH = l.fontPx * 1.6;
    double y = box.top();

    p.setFont(titleFont);
    p.setPen(ink);
    p.drawText(QRectF(box.left(), y, box.width(), titleFm.height()), Qt::AlignLeft | Qt::AlignVCenter, legendTitle());
    y += titleFm.height() + gap;

    if (legendHasBar()) {
        // Colour bar, hi at the top; the same colours boundaryImage paints.
        const double rowsH = rows.size() * rowH + gap;
        const double barH = std::floor(
            std::clamp(box.bottom() - y - rowsH - fm.height() / 2, l.fontPx * 3, box.height() * 0.5));
        const double marker = l.fontPx * 0.6, barW = l.fontPx * 1.0;
        const QRectF bar(box.left() + marker, y + fm.height() / 2, barW, barH);
        p.setPen(Qt::NoPen);
        for (int i = 0; i < int(barH); ++i) {
            const double v = m_style.hi - (m_style.hi - m_style.lo) * (i + 0.5) / barH;
            p.fillRect(QRectF(bar.left(), bar.top() + i, barW, 1), boundaryScaleColor(v, m_style));
        }
        p.setPen(QPen(withAlpha(ink, 150), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(bar);
        p.setFont(textFont);
        const double span = m_style.hi - m_style.lo;
        for (double v : {m_style.hi, (m_style.lo + m_style.hi) / 2, m_style.lo}) {
            const double yy = span != 0 ? bar.bottom() - (v - m_style.lo) / span * barH : bar.center().y();
            p.setPen(QPen(withAlpha(ink, 150), 1));
            p.drawLine(QPointF(bar.right(), yy), QPointF(bar.right() + gap * 0.5, yy));
            p.setPen(ink);
            p.drawText(QRectF(bar.right() + gap, yy - fm.height() / 2, box.right() - bar.right() - gap, fm.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, numberText(v));
        }
        if (m_regression && m_editable && span != 0) {  // where new points' value sits on the scale
            const double t = std::clamp((m_currentValue - m_style.lo) / span, 0.0, 1.0);
            const double yy = bar.bottom() - t * barH;
            QPainterPath tri;
            tri.moveTo(bar.left() - 1, yy);
            tri.lineTo(bar.left() - marker, yy - marker * 0.6);
            tri.lineTo(bar.left() - marker, yy + marker * 0.6);
            tri.closeSubpath();
            p.setPen(Qt::NoPen);
            p.setBrush(ink);
            p.drawPath(tri);
        }
        y = bar.bottom() + gap * 1.5;
    }

    if (rows.isEmpty()) return;
    rowH = std::min(rowH, (box.bottom() - y) / rows.size());
    if (rowH < fm.height() * 0.8) return;  // no room: the axes and points still say everything
    const double r = std::clamp(swatch * 0.3, 3.5, 9.0);
    p.setFont(textFont);
    for (const LegendRow& row : rows) {
        const QRectF rowRect(box.left(), y, box.width(), rowH);
        const QPointF c(box.left() + swatch / 2 + 2, rowRect.center().y());
        const bool current = row.kind == LegendRow::Class && !m_regression && m_editable && row.k == m_currentClass;
        if (current) {  // the class a click adds, so nobody has to guess
            p.setPen(QPen(withAlpha(ink, 170), 1.5));
            p.setBrush(withAlpha(classColor(row.k), 45));
            p.drawRoundedRect(rowRect.adjusted(0, 1, 0, -1), 4, 4);
        }
        if (row.kind == LegendRow::Class && isCurveMode()) {  // "Target": a data point
            paintMarker(p, c, r, 2, regressionPointColor(m_style.hi, m_style.lo, m_style.hi));
        } else if (row.kind == LegendRow::Curve) {
            p.setPen(QPen(kCurveInk, std::max(2.5, r * 0.6), Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(c.x() - swatch * 0.45, c.y()), QPointF(c.x() + swatch * 0.45, c.y()));
        } else if (row.kind == LegendRow::Class) {
            p.setPen(Qt::NoPen);
            p.setBrush(classRegionColor(row.k, 1.0));
            p.drawRoundedRect(QRectF(c.x() - swatch * 0.42, c.y() - swatch * 0.42, swatch * 0.84, swatch * 0.84), 3, 3);
            paintMarker(p, c, r, 0, classColor(row.k));
        } else if (row.kind == LegendRow::Test) {
            paintMarker(p, c, r, 1, QColor(170, 170, 170));
        } else {
            paintMarker(p, c, r * 0.75, m_regression ? 2 : 0, QColor(170, 170, 170));
            paintMarker(p, c, r * 0.75, 3, kWrongRing);
        }
        QFont f = textFont;
        f.setBold(current);
        p.setFont(f);
        p.setPen(ink);
        const QRectF textRect(box.left() + swatch + gap, y, box.right() - box.left() - swatch - gap, rowH);
        p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(f).elidedText(row.text, Qt::ElideRight, textRect.width()));
        y += rowH;
    }
}

}  // namespace widgets
