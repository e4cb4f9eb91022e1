#include "app/stepper/step_sample_marker.h"
#include "widgets/output_view.h"
#include <QEvent>
#include <QPainter>
#include <algorithm>

namespace app {

StepSampleMarker::StepSampleMarker(widgets::OutputView* view) : QWidget(view), m_view(view) {
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(view->rect());
    view->installEventFilter(this);
    raise();
    show();
}

void StepSampleMarker::setSamples(QPointF current, const QVector<QPointF>& batch) {
    m_has = true;
    m_current = current;
    m_batch = batch;
    update();
}

void StepSampleMarker::clear() {
    m_has = false;
    m_batch.clear();
    update();
}

bool StepSampleMarker::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view && event->type() == QEvent::Resize) setGeometry(m_view->rect());
    return QWidget::eventFilter(watched, event);
}

void StepSampleMarker::paintEvent(QPaintEvent*) {
    if (!m_has || !m_view) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setClipRect(m_view->plotRect());
    // Sized with the plot, as the view sizes its points.
    const double r = std::clamp(m_view->plotRect().width() / 32.0, 10.0, 36.0);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(20, 20, 20, 200), std::max(2.0, r / 6)));
    for (const QPointF& d : m_batch) p.drawEllipse(m_view->toWidget(d), r * 0.75, r * 0.75);
    // The followed sample: a black ring inside a white one, readable on any background colour.
    const QPointF c = m_view->toWidget(m_current);
    p.setPen(QPen(Qt::white, r / 2.2));
    p.drawEllipse(c, r, r);
    p.setPen(QPen(QColor(10, 10, 10), r / 4.5));
    p.drawEllipse(c, r, r);
}

}  // namespace app
