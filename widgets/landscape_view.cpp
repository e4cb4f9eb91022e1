#include "widgets/landscape_view.h"
#include "widgets/view_style.h"
#include "widgets/chart_style.h"
#include "widgets/wrapping_text_element.h"
#include <QPainter>
#include <cmath>
#include <limits>

namespace widgets {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using viewstyle::kText;

// Path colours that read on viridis from dark purple to yellow: white first, then Okabe-Ito orange, vermillion, sky
// blue, reddish purple; each line is drawn with a dark casing so it also reads on the yellow end.
const QColor kPathColors[] = {QColor(255, 255, 255), QColor(230, 159, 0), QColor(213, 94, 0), QColor(86, 180, 233),
                              QColor(204, 121, 167)};

// Viridis (van der Walt & Smith, matplotlib's default map): perceptually uniform, readable in greyscale and by
// people with a colour-vision deficiency. Dark = low loss, so the valleys read as valleys.
QCPColorGradient viridis() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.00, QColor(68, 1, 84));
    g.setColorStopAt(0.13, QColor(71, 44, 122));
    g.setColorStopAt(0.25, QColor(59, 81, 139));
    g.setColorStopAt(0.38, QColor(44, 113, 142));
    g.setColorStopAt(0.50, QColor(33, 144, 141));
    g.setColorStopAt(0.63, QColor(39, 173, 129));
    g.setColorStopAt(0.75, QColor(92, 200, 99));
    g.setColorStopAt(0.88, QColor(170, 220, 50));
    g.setColorStopAt(1.00, QColor(253, 231, 37));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    return g;
}

}  // namespace

LandscapeView::LandscapeView(QWidget* parent) : QCustomPlot(parent) {
    setMinimumSize(360, 300);
    styleChartAxes(this, kText);
    for (QCPAxis* axis : {xAxis, yAxis}) {
        axis->grid()->setVisible(false);  // the contours are the grid here
    }
    plotLayout()->insertRow(0);
    QFont titleFont = font();
    titleFont.setPointSizeF(13);
    titleFont.setBold(true);
    m_title = new WrappingTextElement(this, QString(), titleFont);  // long weight names wrap, never cut
    m_title->setTextColor(kText);
    plotLayout()->addElement(0, 0, m_title);

    m_map = new QCPColorMap(xAxis, yAxis);
    m_map->setInterpolate(true);
    m_map->setTightBoundary(true);
    m_map->removeFromLegend();  // the colour scale explains it; in the legend it was a blank row
    m_scale = new QCPColorScale(this);
    plotLayout()->addElement(1, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->axis()->setLabel(tr("loss"));
    m_scale->axis()->setLabelFont(xAxis->labelFont());
    m_scale->axis()->setTickLabelFont(xAxis->tickLabelFont());
    m_scale->setBarWidth(18);
    m_map->setColorScale(m_scale);
    m_map->setGradient(viridis());
    auto* group = new QCPMarginGroup(this);  // the colour bar spans exactly the plot's height
    axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);

    m_contours = new QCPCurve(xAxis, yAxis);
    m_contours->setPen(QPen(QColor(255, 255, 255, 150), 1.2));
    m_contours->removeFromLegend();
    m_centre = new QCPCurve(xAxis, yAxis);
    m_centre->setLineStyle(QCPCurve::lsNone);
    m_centre->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCrossCircle, QPen(Qt::white, 2.5), Qt::NoBrush, 16));
    m_centre->setName(tr("current weights"));

    legend->setVisible(false);
    QFont legendFont = font();
    legendFont.setPointSizeF(12);
    legend->setFont(legendFont);
    // A dark legend, as dark as the valleys: the white path's icon must show on it.
    legend->setBrush(QColor(30, 30, 40, 200));
    legend->setBorderPen(QPen(QColor(90, 90, 100)));
    legend->setTextColor(Qt::white);
    legend->setIconSize(36, 16);
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

void LandscapeView::setGrid(const engine::LandscapeGrid& grid, const QString& xName, const QString& yName) {
    m_grid = grid;
    xAxis->setLabel(xName);
    yAxis->setLabel(yName);
    m_title->setText(tr("Loss over %1 and %2, the other weights fixed").arg(xName, yName));
    if (!m_logSetByUser) m_log = grid.minValue > 0 && grid.maxValue > 30 * grid.minValue;
    auto* data = m_map->data();
    data->setSize(grid.nx, grid.ny);
    data->setRange(QCPRange(grid.x0, grid.x1), QCPRange(grid.y0, grid.y1));
    for (int iy = 0; iy < grid.ny; ++iy)
        for (int ix = 0; ix < grid.nx; ++ix) {
            const double v = grid.values(iy, ix);
            data->setCell(ix, iy, std::isfinite(v) ? v : kNaN);
        }
    const QCPAxis::ScaleType type = m_log ? QCPAxis::stLogarithmic : QCPAxis::stLinear;
    m_map->setDataScaleType(type);
    m_scale->setDataScaleType(type);
    if (m_log) m_scale->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else m_scale->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
    const double lo = grid.minValue, hi = grid.maxValue > grid.minValue ? grid.maxValue : grid.minValue + 1e-12;
    m_map->setDataRange(QCPRange(lo, hi));
    m_centre->data()->clear();
    m_centre->addData(grid.x((grid.nx - 1) / 2), grid.y((grid.ny - 1) / 2));
    xAxis->setRange(grid.x0, grid.x1);
    yAxis->setRange(grid.y0, grid.y1);
    placeLegend();
    updateContours();
    replot(QCustomPlot::rpQueuedReplot);
}

// The legend goes in the corner farthest from the lowest loss: the minimum is what the picture is about.
void LandscapeView::placeLegend() {
    Qt::Alignment corner = Qt::AlignTop | Qt::AlignRight;
    double bestX = 0, bestY = 0, best = std::numeric_limits<double>::infinity();
    for (int iy = 0; iy < m_grid.ny; ++iy)
        for (int ix = 0; ix < m_grid.nx; ++ix)
            if (const double v = m_grid.values(iy, ix); std::isfinite(v) && v < best) {
                best = v;
                bestX = m_grid.x(ix);
                bestY = m_grid.y(iy);
            }
    if (std::isfinite(best)) {
        // The farthest corner is the one opposite the minimum's quadrant (in the plot's own proportions).
        const bool right = bestX < (m_grid.x0 + m_grid.x1) / 2, top = bestY < (m_grid.y0 + m_grid.y1) / 2;
        corner = (right ? Qt::AlignRight : Qt::AlignLeft) | (top ? Qt::AlignTop : Qt::AlignBottom);
    }
    axisRect()->insetLayout()->setInsetAlignment(0, corner);
    m_minimum = QPointF(bestX, bestY);
}

void LandscapeView::setLogColors(bool on) {
    m_logSetByUser = true;
    m_log = on && m_grid.minValue > 0;
    if (m_grid.nx > 0) setGrid(m_grid, xAxis->label(), yAxis->label());
}

void LandscapeView::updateContours() {
    m_levels.clear();
    m_segments = 0;
    m_contours->data()->clear();
    const double lo = m_grid.minValue, hi = m_grid.maxValue;
    if (!(hi > lo) || m_grid.nx < 2) return;
    // Levels evenly spaced between the extremes (geometrically on a log scale), the extremes themselves excluded.
    for (int k = 1; k <= kContourLevels; ++k) {
        const double t = double(k) / (kContourLevels + 1);
        m_levels << (m_log ? lo * std::pow(hi / lo, t) : lo + (hi - lo) * t);
    }
    QVector<double> keys, values;
    for (double level : m_levels)
        for (const QLineF& s : contourSegments(m_grid.values, level, m_grid.x0, m_grid.x1, m_grid.y0, m_grid.y1)) {
            // QCPCurve breaks its line at a NaN point, so the segments need no stitching.
            keys << s.x1() << s.x2() << kNaN;
            values << s.y1() << s.y2() << kNaN;
            ++m_segments;
        }
    m_contours->setData(keys, values);
}

QVector<QLineF> LandscapeView::contourSegments(const engine::Matrix& v, double level, double x0, double x1, double y0,
                                               double y1) {
    QVector<QLineF> out;
    const int ny = int(v.rows()), nx = int(v.cols());
    if (nx < 2 || ny < 2) return out;
    const double dx = (x1 - x0) / (nx - 1), dy = (y1 - y0) / (ny - 1);
    // Where level crosses the edge from (xa, ya) with value a to (xb, yb) with value b.
    auto cross = [level](double xa, double ya, double a, double xb, double yb, double b) {
        const double t = (level - a) / (b - a);
        return QPointF(xa + t * (xb - xa), ya + t * (yb - ya));
    };
    for (int iy = 0; iy + 1 < ny; ++iy)
        for (int ix = 0; ix + 1 < nx; ++ix) {
            // Corners: a bottom-left, b bottom-right, c top-right, d top-left (y grows with iy).
            const double a = v(iy, ix), b = v(iy, ix + 1), c = v(iy + 1, ix + 1), d = v(iy + 1, ix);
            if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(c) || !std::isfinite(d)) continue;
            const int code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
            if (code == 0 || code == 15) continue;
            const double xl = x0 + ix * dx, xr = xl + dx, yb = y0 + iy * dy, yt = yb + dy;
            const QPointF bottom = (code & 1) != ((code >> 1) & 1) ? cross(xl, yb, a, xr, yb, b) : QPointF();
            const QPointF right = ((code >> 1) & 1) != ((code >> 2) & 1) ? cross(xr, yb, b, xr, yt, c) : QPointF();
            const QPointF top = ((code >> 3) & 1) != ((code >> 2) & 1) ? cross(xl, yt, d, xr, yt, c) : QPointF();
            const QPointF left = (code & 1) != ((code >> 3) & 1) ? cross(xl, yb, a, xl, yt, d) : QPointF();
            const bool centreAbove = (a + b + c + d) / 4 >= level;
            switch (code) {
            case 1:
            case 14: out << QLineF(left, bottom); break;
            case 2:
            case 13: out << QLineF(bottom, right); break;
            case 3:
            case 12: out << QLineF(left, right); break;
            case 4:
            case 11: out << QLineF(right, top); break;
            case 6:
            case 9: out << QLineF(bottom, top); break;
            case 7:
            case 8: out << QLineF(left, top); break;
            case 5:  // a and c above: joined through the centre, or two separate corners
                if (centreAbove) out << QLineF(bottom, right) << QLineF(left, top);
                else out << QLineF(left, bottom) << QLineF(right, top);
                break;
            case 10:  // b and d above
                if (centreAbove) out << QLineF(left, bottom) << QLineF(right, top);
                else out << QLineF(bottom, right) << QLineF(left, top);
                break;
            default: break;
            }
        }
    return out;
}

LandscapeView::Path& LandscapeView::path(int index) {
    while (m_paths.size() <= index) {
        const QColor color = kPathColors[m_paths.size() % 5];
        Path p;
        // A dark casing under the coloured line, so white and orange both read on yellow and on purple.
        p.casing = new QCPCurve(xAxis, yAxis);
        p.casing->setPen(QPen(QColor(20, 20, 20, 160), 5.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.casing->removeFromLegend();
        p.line = new QCPCurve(xAxis, yAxis);
        p.casing->setData(p.line->data());  // shared container: appending to the line moves the casing too
        p.line->setPen(QPen(color, 2.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, 4));
        p.line->setScatterSkip(0);
        p.line->removeFromLegend();  // until setPath names it: an unnamed entry would be an empty row
        p.start = new QCPCurve(xAxis, yAxis);
        p.start->setLineStyle(QCPCurve::lsNone);
        p.start->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color, 3), QColor(20, 20, 20, 120), 14));
        p.start->removeFromLegend();
        p.end = new QCPCurve(xAxis, yAxis);
        p.end->setLineStyle(QCPCurve::lsNone);
        p.end->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(20, 20, 20), 2.5), color, 16));
        p.end->removeFromLegend();
        m_paths << p;
    }
    return m_paths[index];
}

void LandscapeView::updateEnd(Path& p) {
    p.start->data()->clear();
    p.end->data()->clear();
    if (p.line->data()->isEmpty()) return;
    p.start->addData(p.line->data()->constBegin()->key, p.line->data()->constBegin()->value);
    p.end->addData((p.line->data()->constEnd() - 1)->key, (p.line->data()->constEnd() - 1)->value);
}

void LandscapeView::setPath(int index, const QString& name, const std::vector<engine::LandscapePathPoint>& points) {
    Path& p = path(index);
    // A second run with the same optimizer and rate (after Reset) is a new path: numbered, so the legend does not
    // show the same entry twice.
    int same = 1;
    for (int i = 0; i < index && i < m_paths.size(); ++i)
        if (m_paths[i].baseName == name && m_paths[i].line->data()->size() > 0) ++same;
    p.baseName = name;
    p.line->setName(same > 1 ? tr("%1 (run %2)").arg(name).arg(same) : name);
    p.line->data()->clear();
    p.line->addToLegend();
    appendPathPoints(index, points);
    legend->setVisible(true);
}

void LandscapeView::appendPathPoints(int index, const std::vector<engine::LandscapePathPoint>& points) {
    Path& p = path(index);
    QVector<double> keys, values;
    for (const auto& pt : points)
        if (std::isfinite(pt.x) && std::isfinite(pt.y)) keys << pt.x, values << pt.y;
    p.line->addData(keys, values);
    updateEnd(p);
    replot(QCustomPlot::rpQueuedReplot);
}

void LandscapeView::clearPaths() {
    // The paths stay (their colours too) but leave the legend until they are set again: no stale names.
    for (Path& p : m_paths) {
        p.line->data()->clear();
        p.line->removeFromLegend();
        p.baseName.clear();
        updateEnd(p);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

int LandscapeView::pathPointCount(int index) const {
    return index >= 0 && index < m_paths.size() ? m_paths[index].line->data()->size() : 0;
}

}  // namespace widgets
