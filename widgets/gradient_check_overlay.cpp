#include "widgets/gradient_check_overlay.h"
#include "widgets/gradient_check_view.h"
#include <QPainter>

namespace widgets {

GradientCheckOverlay::GradientCheckOverlay(NetworkView* view) : DiagramOverlay(view) {}

void GradientCheckOverlay::setResult(const engine::GradientCheckResult& result, const engine::NetworkSpec& spec) {
    m_spec = spec;
    m_wOff.clear();
    m_bOff.clear();
    engine::Index off = 0;  // Network's layout: per layer W (units x inputs, column-major), then b
    for (std::size_t l = 0; l < spec.layers.size(); ++l) {
        const engine::Index in = l == 0 ? spec.inputs : spec.layers[l - 1].units;
        m_wOff.push_back(off);
        off += in * spec.layers[l].units;
        m_bOff.push_back(off);
        off += spec.layers[l].units;
    }
    m_error.assign(std::size_t(off), -1.0);
    for (const engine::GradientCheckEntry& e : result.entries)
        if (e.parameter >= 0 && e.parameter < off) m_error[std::size_t(e.parameter)] = e.relativeError;
    update();
}

void GradientCheckOverlay::clear() {
    m_error.clear();
    update();
}

void GradientCheckOverlay::setHighlighted(qint64 parameter) {
    m_highlight = parameter;
    update();
}

void GradientCheckOverlay::paintEvent(QPaintEvent*) {
    m_lastLinks = 0;
    if (m_error.empty() || !view() || !(view()->spec() == m_spec)) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const double s = textScale();
    for (int l = 0; l < int(m_spec.layers.size()); ++l) {
        const int units = m_spec.layers[std::size_t(l)].units;
        const int in = l == 0 ? m_spec.inputs : m_spec.layers[std::size_t(l) - 1].units;
        const QVector<int> sources = drawnUnits(l - 1, in);
        for (int j : drawnUnits(l, units)) {
            const QRectF node = nodeRect(l, j);
            for (int i : sources) {
                const QLineF line = linkLine(l, j, i);
                if (line.isNull()) continue;
                const engine::Index w = m_wOff[std::size_t(l)] + engine::Index(i) * units + j;
                const double e = m_error[std::size_t(w)];
                if (e < 0) continue;
                const bool strong = w == m_highlight;
                // At least as wide as the view's widest weight line, so only the error's colour shows.
                if (strong) {
                    p.setPen(QPen(QColor(25, 25, 25), 10 * s, Qt::SolidLine, Qt::RoundCap));
                    p.drawLine(line);
                }
                p.setPen(QPen(gradientErrorColor(e), 6.5 * s, Qt::SolidLine, Qt::RoundCap));
                p.drawLine(line);
                ++m_lastLinks;
            }
            const engine::Index b = m_bOff[std::size_t(l)] + j;
            if (m_error[std::size_t(b)] >= 0) {
                const double r = std::clamp(node.width() * 0.16, 4.0, 9.0);
                p.setPen(
                    QPen(b == m_highlight ? QColor(25, 25, 25) : gradientErrorColor(m_error[std::size_t(b)]), 3 * s));
                p.setBrush(Qt::NoBrush);
                p.drawEllipse(node.bottomLeft(), r, r);
            }
        }
    }
}

}  // namespace widgets
