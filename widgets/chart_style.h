// Projector-sized axes for the teaching charts built on QCustomPlot (comparison, landscape): 11 pt tick labels,
// 13 pt axis labels, in one text colour. Each chart then sets its own grid.
#pragma once
#include <qcustomplot.h>

namespace widgets {

inline void styleChartAxes(QCustomPlot* plot, const QColor& text) {
    QFont tickFont = plot->font();
    tickFont.setPointSizeF(11);
    QFont labelFont = plot->font();
    labelFont.setPointSizeF(13);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setTickLabelFont(tickFont);
        axis->setLabelFont(labelFont);
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
    }
}

}  // namespace widgets
