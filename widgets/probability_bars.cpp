#include "widgets/probability_bars.h"
#include "widgets/drawing/palette.h"
#include <QFontMetrics>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace widgets {

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
}

void ProbabilityBars::setClassNames(const QStringList& names) {
    m_names = names;
    updateGeometry();
    update();
}

void ProbabilityBars::setValues(const QVector<double>& p) {
    m_values = p;
    updateGeometry();
    update();
}

void ProbabilityBars::setEmptyMessage(const QString& m) {
    m_empty = m;
    updateGeometry();
    update();
}

QString ProbabilityBars::className(int k) const { return k < m_names.size() ? m_names[k] : QString::number(k); }

int ProbabilityBars::best() const {
    if (m_values.isEmpty()) return -1;
    int b = 0;
    for (int k = 1; k < m_values.size(); ++k)
        if (m_values[k] > m_values[b]) b = k;
    return std::isfinite(m_values[b]) ? b : -1;
}

namespace {
QString sentence(const QString& name, double p) {
    return ProbabilityBars::tr("The network says: %1 (%2 %)").arg(name).arg(std::round(p * 100));
}
}  // namespace

QString ProbabilityBars::headline() const {
    const int b = best();
    if (b < 0) return m_empty;
    return sentence(className(b), m_values[b]);
}

QSize ProbabilityBars::sizeHint() const {
    const int line = QFontMetrics(font()).height() + 4;
    return {260, line * (int(std::max<qsizetype>(m_values.size(), m_names.size())) + 1) + 8};
}

// As wide as the longest headline, in bold: it is never cut (at a presenter's font the pad's column widens for it).
QSize ProbabilityBars::minimumSizeHint() const {
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    int widest = fm.horizontalAdvance(m_empty);
    for (int k = 0; k < std::max<int>(int(m_names.size()), int(m_values.size())); ++k)
        widest = std::max(widest, fm.horizontalAdvance(sentence(className(k), 1.0)) + 2);
    return {std::max(160, widest), sizeHint().height()};
}

void ProbabilityBars::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QFontMetrics fm(font());
    const int line = fm.height() + 4;
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(0, 0, width(), line), Qt::AlignLeft | Qt::AlignVCenter, headline());
    p.setFont(font());
    if (m_values.isEmpty()) return;
    int labelW = 0;
    for (int k = 0; k < m_values.size(); ++k) labelW = std::max(labelW, fm.horizontalAdvance(className(k)));
    labelW = std::min(labelW + 8, width() / 3);
    const int pctW = fm.horizontalAdvance("100 %") + 6;
    const int barW = std::max(10, width() - labelW - pctW - 4);
    const int b = best();
    for (int k = 0; k < m_values.size(); ++k) {
        const int y = line + k * line + 2;
        const double v = std::isfinite(m_values[k]) ? std::clamp(m_values[k], 0.0, 1.0) : 0.0;
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(0, y, labelW - 6, line - 2), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(className(k), Qt::ElideRight, labelW - 6));
        const QRect track(labelW, y + 2, barW, line - 6);
        p.fillRect(track, palette().color(QPalette::AlternateBase));
        p.fillRect(QRect(track.left(), track.top(), int(std::round(v * barW)), track.height()),
                   k == b ? classColor(1) : palette().color(QPalette::Mid));
        p.drawText(QRect(labelW + barW + 4, y, pctW, line - 2), Qt::AlignLeft | Qt::AlignVCenter,
                   QString("%1 %").arg(std::round(v * 100)));
    }
}

}  // namespace widgets
