#include "app/panels/data_icons.h"
#include "widgets/drawing/boundary_image.h"
#include "widgets/drawing/palette.h"
#include <QFile>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <algorithm>
#include <cmath>
#include <functional>

namespace app {
using engine::Generator;
using Tool = widgets::OutputView::Tool;

namespace {

// A white thumbnail with a thin frame, drawn at twice the size so it stays sharp on high-DPI screens.
QPixmap thumbnail(const std::function<void(QPainter&, const QRectF&)>& draw) {
    QPixmap pm(QSize(kDataSetIconSize, kDataSetIconSize) * 2);
    pm.setDevicePixelRatio(2);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r(0.5, 0.5, kDataSetIconSize - 1, kDataSetIconSize - 1);
    p.setPen(QColor(170, 170, 170));
    p.setBrush(Qt::white);
    p.drawRoundedRect(r, 4, 4);
    draw(p, r.adjusted(3, 3, -3, -3));
    return pm;
}

void dot(QPainter& p, QPointF c, const QColor& color, double radius = 1.7) {
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(c, radius, radius);
}

// The first rows of a bundled CSV (numbers only; a header line that is not numeric is skipped).
std::vector<std::vector<double>> readCsvRows(const QString& resource, int maxRows) {
    std::vector<std::vector<double>> rows;
    QFile f(resource);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return rows;
    bool first = true;
    while (!f.atEnd() && int(rows.size()) < maxRows) {
        const QList<QByteArray> cells = f.readLine().trimmed().split(',');
        std::vector<double> row;
        bool ok = true;
        for (const QByteArray& c : cells) {
            row.push_back(c.toDouble(&ok));
            if (!ok) break;
        }
        if (first && !ok) {  // header (iris: "150,4,setosa,...")
            first = false;
            continue;
        }
        first = false;
        if (ok && !row.empty()) rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

QIcon generatorIcon(Generator g) {
    engine::GeneratorParams params;
    params.kind = g;
    params.samples = 260;
    params.noise = 0.1;
    params.seed = 3;
    const engine::Dataset d = engine::generate(params);
    double lo = -1, hi = 1;
    if (d.task == engine::Task::Regression && d.targets.size() > 0) {
        const double m = std::max(std::abs(d.targets.minCoeff()), std::abs(d.targets.maxCoeff()));
        lo = -m;
        hi = m;
    }
    return QIcon(thumbnail([&](QPainter& p, const QRectF& r) {
        auto at = [&](double x, double y) {  // [-6, 6]^2 -> r, y up
            return QPointF(r.left() + (x + 6) / 12 * r.width(), r.bottom() - (y + 6) / 12 * r.height());
        };
        for (engine::Index i = 0; i < d.size(); ++i) {
            if (d.task == engine::Task::Classification) {
                dot(p, at(d.X(0, i), d.X(1, i)), widgets::classColor(d.labels[std::size_t(i)]));
            } else {
                const double t = d.targets(0, i);
                // The sine set has a single input: draw the curve itself, the target as height.
                const double y = g == Generator::RegressionSine ? t / std::max(1e-9, hi) * 5 : d.X(1, i);
                dot(p, at(d.X(0, i), y), widgets::regressionPointColor(t, lo, hi));
            }
        }
    }));
}

QIcon digitsIcon() {
    const auto rows = readCsvRows(":/datasets/digits-8x8.csv", 4);
    return QIcon(thumbnail([&](QPainter& p, const QRectF& r) {
        p.setPen(Qt::NoPen);
        const double cell = std::min(r.width(), r.height()) / 2;
        const double px = (cell - 2) / 8;
        for (int k = 0; k < int(rows.size()); ++k) {
            if (rows[std::size_t(k)].size() < 64) continue;
            const QPointF origin(r.left() + (k % 2) * cell + 1, r.top() + (k / 2) * cell + 1);
            for (int j = 0; j < 64; ++j) {
                const int v = 255 - int(std::clamp(rows[std::size_t(k)][std::size_t(j)] / 16.0, 0.0, 1.0) * 215);
                p.setBrush(QColor(v, v, v));
                p.drawRect(QRectF(origin.x() + (j % 8) * px, origin.y() + (j / 8) * px, px + 0.05, px + 0.05));
            }
        }
    }));
}

QIcon irisIcon() {
    const auto rows = readCsvRows(":/datasets/iris.csv", 200);
    return QIcon(thumbnail([&](QPainter& p, const QRectF& r) {
        // Petal length (1..7 cm) against petal width (0..2.6 cm): the classic view where the species separate.
        for (const auto& row : rows) {
            if (row.size() < 5) continue;
            const QPointF c(r.left() + (row[2] - 0.8) / 6.4 * r.width(),
                            r.bottom() - (row[3] + 0.1) / 2.8 * r.height());
            dot(p, c, widgets::classColor(int(row[4])), 1.9);
        }
    }));
}

// Line-art icons for the drawing tools, in the button text colour.
QIcon toolIcon(Tool tool, const QColor& ink) {
    QPixmap pm(QSize(kToolIconSize, kToolIconSize) * 2);
    pm.setDevicePixelRatio(2);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(ink, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    switch (tool) {
    case Tool::Add:
        p.setBrush(widgets::classColor(1));
        p.drawEllipse(QPointF(10, 14), 6, 6);
        p.drawLine(QPointF(18, 3), QPointF(18, 11));
        p.drawLine(QPointF(14, 7), QPointF(22, 7));
        break;
    case Tool::Pen: {
        p.translate(12, 12);
        p.rotate(45);
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(-3, -10, 6, 14));
        QPainterPath tip;
        tip.moveTo(-3, 4);
        tip.lineTo(0, 10);
        tip.lineTo(3, 4);
        p.drawPath(tip);
        p.drawLine(QPointF(-3, -6), QPointF(3, -6));
        break;
    }
    case Tool::Spray: {
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(3, 10, 8, 12), 2, 2);
        p.drawRect(QRectF(5, 6, 4, 4));
        p.setPen(Qt::NoPen);
        p.setBrush(ink);
        const QPointF dots[] = {{14, 4}, {18, 7}, {21, 4}, {15, 10}, {20, 11}, {17, 14}, {22, 15}, {14, 16}};
        for (QPointF d : dots) p.drawEllipse(d, 1.1, 1.1);
        break;
    }
    case Tool::Erase: {
        p.translate(12, 13);
        p.rotate(-40);
        QRectF body(-9, -5, 18, 10);
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(body, 2, 2);
        p.setBrush(ink);
        p.drawRoundedRect(QRectF(-9, -5, 7, 10), 2, 2);
        p.resetTransform();
        p.drawLine(QPointF(11, 21), QPointF(21, 21));
        break;
    }
    case Tool::Select: {
        QPen dashed(ink, 1.4, Qt::DashLine);
        p.setPen(dashed);
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(2.5, 2.5, 15, 12));
        QPainterPath arrow;  // a pointer at the corner
        arrow.moveTo(12, 10);
        arrow.lineTo(12, 22);
        arrow.lineTo(15, 19);
        arrow.lineTo(17.5, 23);
        arrow.lineTo(19.5, 22);
        arrow.lineTo(17, 18);
        arrow.lineTo(21, 18);
        arrow.closeSubpath();
        p.setPen(QPen(ink, 1.2));
        p.setBrush(Qt::white);
        p.drawPath(arrow);
        break;
    }
    }
    return QIcon(pm);
}

QIcon diceIcon(const QColor& ink) {
    QPixmap pm(QSize(20, 20) * 2);
    pm.setDevicePixelRatio(2);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(ink, 1.5));
    p.setBrush(Qt::white);
    p.drawRoundedRect(QRectF(1.5, 1.5, 17, 17), 4, 4);
    p.setPen(Qt::NoPen);
    p.setBrush(ink);
    for (QPointF c : {QPointF(6, 6), QPointF(14, 6), QPointF(10, 10), QPointF(6, 14), QPointF(14, 14)})
        p.drawEllipse(c, 1.7, 1.7);
    return QIcon(pm);
}

}  // namespace app
