#include "widgets/weight_heatmap.h"
#include "widgets/view_style.h"
#include "engine/param_layout.h"
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace widgets {

using namespace viewstyle;

namespace {

constexpr double kMinHintonCell = 7;  // below this a square's area no longer reads: switch to a colour map

}  // namespace

WeightHeatmap::WeightHeatmap(QWidget* parent) : QWidget(parent) { setAttribute(Qt::WA_OpaquePaintEvent); }

void WeightHeatmap::setParameters(const engine::NetworkSpec& spec, const engine::Vector& params) {
    m_spec = spec;
    m_params = params;
    refresh();
}

void WeightHeatmap::setLayer(int layer) {
    m_layer = layer;
    refresh();
}

void WeightHeatmap::setInputLabels(QStringList labels) {
    m_inputLabels = std::move(labels);
    update();
}

// Where the shown layer's W and b sit, from the engine's one layout (a convolution's W is its maps x its kernel
// weights; pooling has none). Nothing is shown when the parameters do not fit the network.
void WeightHeatmap::refresh() {
    const int L = int(m_spec.layers.size());
    m_layer = L == 0 ? 0 : std::clamp(m_layer, 0, L - 1);
    m_wOff = m_bOff = 0;
    m_rows = m_cols = 0;
    m_scale = 0;
    m_kind = L == 0 ? engine::LayerKind::Dense : m_spec.layers[std::size_t(m_layer)].kind;
    if (L > 0) {
        const engine::ParameterLayout lay(m_spec);
        if (lay.shapeProblem().empty() && m_params.size() == lay.size() && engine::hasParameters(m_kind)) {
            const engine::LayerLayout& layer = lay.layer(m_layer);
            m_wOff = layer.weightOffset;
            m_bOff = layer.biasOffset;
            m_rows = layer.weightRows;
            m_cols = layer.weightCols;
        }
    }
    if (valid()) m_scale = m_params.segment(m_wOff, m_bOff + rows() - m_wOff).cwiseAbs().maxCoeff();
    update();
}

bool WeightHeatmap::valid() const { return m_rows > 0 && m_cols > 0; }

int WeightHeatmap::rows() const { return m_rows; }

int WeightHeatmap::cols() const { return m_cols; }

// W is column-major: W(j, i) sits at wOff + i * units + j; the bias column follows.
double WeightHeatmap::value(int row, int col) const {
    if (col == cols()) return m_params[m_bOff + row];
    return m_params[m_wOff + engine::Index(col) * rows() + row];
}

QString WeightHeatmap::layerTitle() const {
    if (m_layer == int(m_spec.layers.size()) - 1) return tr("Output");
    if (m_kind == engine::LayerKind::Conv) return tr("Convolution %1").arg(m_layer + 1);
    return tr("Hidden %1").arg(m_layer + 1);
}

QString WeightHeatmap::columnLabel(int col) const {
    if (col == cols()) return QStringLiteral("b");
    if (m_kind == engine::LayerKind::Conv) return tr("k%1").arg(col + 1);  // a kernel weight (channel by channel)
    if (m_layer == 0) return col < m_inputLabels.size() ? m_inputLabels[col] : tr("in %1").arg(col + 1);
    return QString::number(col + 1);
}

WeightHeatmap::Geometry WeightHeatmap::geometry() const {
    Geometry g;
    if (!valid()) return g;
    g.textScale = textScale(width(), height(), 420, 320);
    const QFontMetricsF fmTitle(scaledFont(font(), g.textScale, true));
    const QFontMetricsF fmSmall(scaledFont(font(), 0.85 * g.textScale));
    const double m = 8 * g.textScale;
    const double rowLabelW = fmSmall.horizontalAdvance(QString::number(rows())) + 8;
    const double top = m + fmTitle.height() + fmSmall.height() + 6 + fmSmall.height() + 4;
    const double availW = width() - 2 * m - rowLabelW, availH = height() - top - m;
    const int c = cols(), r = rows();
    // Cell size: the W block plus the bias column (separated by a small gap) must fit both ways.
    double cell = std::min(availW / (c + 1.4), availH / r);
    cell = std::min(cell, 56.0 * g.textScale);
    const double gap = std::max(4.0, 0.4 * cell);
    const double gridW = c * cell + gap + cell;
    const double left = m + rowLabelW + std::max(0.0, (availW - gridW) / 2);
    g.cell = cell;
    g.grid = QRectF(left, top, c * cell, r * cell);
    g.bias = QRectF(left + c * cell + gap, top, cell, r * cell);
    return g;
}

bool WeightHeatmap::isDense() const { return geometry().cell < kMinHintonCell; }

QRectF WeightHeatmap::cellRect(int row, int col) const {
    const Geometry g = geometry();
    if (g.cell <= 0 || row < 0 || row >= rows() || col < 0 || col > cols()) return {};
    const double x = col == cols() ? g.bias.left() : g.grid.left() + col * g.cell;
    return QRectF(x, g.grid.top() + row * g.cell, g.cell, g.cell);
}

QPoint WeightHeatmap::cellAt(QPointF pos) const {
    const Geometry g = geometry();
    if (g.cell <= 0) return {-1, -1};
    const int row = int(std::floor((pos.y() - g.grid.top()) / g.cell));
    if (row < 0 || row >= rows()) return {-1, -1};
    if (g.grid.contains(pos)) return {std::min(cols() - 1, int((pos.x() - g.grid.left()) / g.cell)), row};
    if (g.bias.contains(pos)) return {cols(), row};
    return {-1, -1};
}

QString WeightHeatmap::describe(int row, int col) const {
    if (!valid() || row < 0 || row >= rows() || col < 0 || col > cols()) return {};
    const bool output = m_layer == int(m_spec.layers.size()) - 1;
    const bool conv = m_kind == engine::LayerKind::Conv;
    const QString unit = conv                    ? tr("map %1").arg(row + 1)
                         : output && rows() == 1 ? tr("output")
                                                 : tr("%1 neuron %2").arg(layerTitle().toLower()).arg(row + 1);
    if (col == cols()) return tr("b[%1] = %2 (%3)").arg(row + 1).arg(number(value(row, col)), unit);
    const QString source = conv           ? tr("kernel weight %1").arg(col + 1)
                           : m_layer == 0 ? columnLabel(col)
                                          : tr("hidden %1 neuron %2").arg(m_layer).arg(col + 1);
    return tr("W[%1,%2] = %3 (%4 ← %5)").arg(row + 1).arg(col + 1).arg(number(value(row, col)), unit, source);
}

bool WeightHeatmap::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* he = static_cast<QHelpEvent*>(e);
        const QPoint c = cellAt(he->pos());
        return viewstyle::showToolTip(he, describe(c.y(), c.x()), this);
    }
    return QWidget::event(e);
}

void WeightHeatmap::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QColor muted = kMuted;
    if (!valid()) {
        p.setPen(muted);
        const bool pooling = !m_spec.layers.empty() && !engine::hasParameters(m_kind);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   pooling ? tr("Pooling has no weights: it keeps the largest (or the mean) of each window")
                           : tr("No weights to show"));
        return;
    }
    const Geometry g = geometry();
    const QFont title = scaledFont(font(), g.textScale, true);
    const QFont small = scaledFont(font(), 0.85 * g.textScale);
    const QFontMetricsF fmTitle(title), fmSmall(small);
    const double m = 8 * g.textScale;
    const int R = rows(), C = cols();

    p.setFont(title);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRectF(m, m, width() - 2 * m, fmTitle.height()), Qt::AlignLeft | Qt::AlignVCenter,
               tr("%1 · W (%2 × %3) and b").arg(layerTitle()).arg(R).arg(C));
    const bool dense = g.cell < kMinHintonCell;
    const QString from = m_kind == engine::LayerKind::Conv ? tr("kernel weights")
                         : m_layer == 0                    ? tr("inputs")
                                                           : tr("hidden %1").arg(m_layer);
    const QString encoding = dense ? tr("colour ∝ w") : tr("area ∝ |w|");
    p.setFont(small);
    p.setPen(muted);
    p.drawText(QRectF(m, m + fmTitle.height(), width() - 2 * m, fmSmall.height() + 4), Qt::AlignLeft | Qt::AlignVCenter,
               fmSmall.elidedText(tr("row = %1, column = %2 · %3, max |w| = %4")
                                      .arg(m_kind == engine::LayerKind::Conv ? tr("map") : tr("neuron"), from, encoding,
                                           number(m_scale)),
                                  Qt::ElideRight, width() - 2 * m));

    // Legend at the title's right end: which colour is which sign.
    const QColor pos = weightColor(1, 1), neg = weightColor(-1, 1);
    {
        const double sq = fmSmall.height() * 0.7;
        const QString plus = tr("w > 0"), minus = tr("w < 0");
        double x = width() - m - fmSmall.horizontalAdvance(minus);
        const double y = m + fmTitle.height() / 2;
        const double needed = fmTitle.horizontalAdvance(tr("%1 · W (%2 × %3) and b").arg(layerTitle()).arg(R).arg(C));
        const double legendW = 2 * (sq + 4) + fmSmall.horizontalAdvance(plus) + fmSmall.horizontalAdvance(minus) + 12;
        if (m + needed + 16 + legendW < width() - m) {
            p.drawText(QPointF(x, y + fmSmall.ascent() / 2 - 1), minus);
            p.fillRect(QRectF(x - sq - 4, y - sq / 2, sq, sq), neg);
            x -= sq + 16 + fmSmall.horizontalAdvance(plus);
            p.drawText(QPointF(x, y + fmSmall.ascent() / 2 - 1), plus);
            p.fillRect(QRectF(x - sq - 4, y - sq / 2, sq, sq), pos);
        }
    }
    if (dense) {
        // Dense: one pixel per entry, scaled; colour saturation carries the magnitude.
        QImage img(C + 1, R, QImage::Format_RGB32);
        for (int r = 0; r < R; ++r) {
            auto* line = reinterpret_cast<QRgb*>(img.scanLine(r));
            for (int c = 0; c <= C; ++c) line[c] = weightColor(value(r, c), m_scale).rgb();
        }
        p.setRenderHint(QPainter::SmoothPixmapTransform, g.cell < 1);
        p.drawImage(g.grid, img, QRectF(0, 0, C, R));
        p.drawImage(g.bias, img, QRectF(C, 0, 1, R));
    } else {
        p.fillRect(g.grid, QColor(243, 243, 243));
        p.fillRect(g.bias, QColor(243, 243, 243));
        p.setPen(QPen(QColor(225, 225, 225), 1));
        if (g.cell >= 14) {  // a faint grid helps count rows and columns in small matrices
            for (int c = 1; c < C; ++c)
                p.drawLine(QPointF(g.grid.left() + c * g.cell, g.grid.top()),
                           QPointF(g.grid.left() + c * g.cell, g.grid.bottom()));
            for (int r = 1; r < R; ++r) {
                const double y = g.grid.top() + r * g.cell;
                p.drawLine(QPointF(g.grid.left(), y), QPointF(g.grid.right(), y));
                p.drawLine(QPointF(g.bias.left(), y), QPointF(g.bias.right(), y));
            }
        }
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        for (int r = 0; r < R; ++r)
            for (int c = 0; c <= C; ++c) {
                const double w = value(r, c);
                if (w == 0 || m_scale <= 0) continue;
                const double side = 0.9 * g.cell * std::sqrt(std::abs(w) / m_scale);  // area ∝ |w|
                const QRectF cr = cellRect(r, c);
                p.setBrush(w > 0 ? pos : neg);
                p.drawRect(QRectF(cr.center().x() - side / 2, cr.center().y() - side / 2, side, side));
            }
        p.setRenderHint(QPainter::Antialiasing, false);
    }
    p.setPen(QPen(QColor(170, 170, 170), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(g.grid);
    p.drawRect(g.bias);

    // Labels: every k-th, so they never overlap.
    p.setFont(small);
    p.setPen(palette().color(QPalette::Text));
    const int rowStep = std::max(1, int(std::ceil((fmSmall.height() + 2) / g.cell)));
    for (int r = 0; r < R; r += rowStep) {
        const QRectF cr = cellRect(r, 0);
        p.drawText(QRectF(0, cr.top(), g.grid.left() - 4, cr.height()).adjusted(0, -10, 0, 10),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(r + 1));
    }
    double widest = 0;
    for (int c = 0; c < C; ++c) widest = std::max(widest, fmSmall.horizontalAdvance(columnLabel(c)));
    const int colStep = std::max(1, int(std::ceil((widest + 6) / g.cell)));
    const double labelY = g.grid.top() - fmSmall.height() - 2;
    auto columnText = [&](int c) {
        const QRectF cr = cellRect(0, c);
        const double w = std::max(g.cell, widest + 6);
        p.drawText(QRectF(cr.center().x() - w / 2, labelY, w, fmSmall.height()), Qt::AlignCenter, columnLabel(c));
    };
    for (int c = 0; c < C; c += colStep) columnText(c);
    columnText(C);  // the bias column
}

}  // namespace widgets
