#include "widgets/spotlight.h"
#include <QEvent>
#include <QPainter>

namespace widgets {

Spotlight::Spotlight(QWidget* window) : QWidget(window) {
    setObjectName("spotlight");
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    hide();
    // Three pulses, then a steady frame: enough to draw the eye without distracting from the lesson.
    m_pulse.setStartValue(0.0);
    m_pulse.setEndValue(1.0);
    m_pulse.setDuration(900);
    m_pulse.setLoopCount(3);
    connect(&m_pulse, &QVariantAnimation::valueChanged, this, [this] { update(); });
    window->installEventFilter(this);
    m_follow.setInterval(250);
    connect(&m_follow, &QTimer::timeout, this, &Spotlight::follow);
}

void Spotlight::pointAt(QWidget* target) {
    if (m_target) m_target->removeEventFilter(this);
    m_target = target;
    if (m_target) m_target->installEventFilter(this);
    follow();
    if (m_target) {
        m_pulse.start();
        m_follow.start();
    } else {
        m_follow.stop();
    }
}

void Spotlight::follow() {
    QWidget* window = parentWidget();
    if (!m_target || !m_target->isVisible() || !window) {
        hide();
        return;
    }
    const QRect r(m_target->mapTo(window, QPoint(0, 0)), m_target->size());
    const QRect g = r.adjusted(-6, -6, 6, 6).intersected(window->rect());
    if (g != geometry()) setGeometry(g);
    if (isHidden()) show();
    raise();
}

bool Spotlight::eventFilter(QObject* o, QEvent* e) {
    switch (e->type()) {
    case QEvent::Move:
    case QEvent::Resize:
    case QEvent::Show:
    case QEvent::Hide:
    case QEvent::LayoutRequest:
        if (o == m_target || o == parentWidget()) follow();
        break;
    default: break;
    }
    return QWidget::eventFilter(o, e);
}

void Spotlight::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const double t = m_pulse.state() == QAbstractAnimation::Running ? m_pulse.currentValue().toDouble() : 1.0;
    const double width = 3 + 2 * std::sin(t * 3.14159265);
    QColor c(213, 94, 0);  // Okabe-Ito vermillion: no class colour, stands out on light and dark
    p.setPen(QPen(c, width));
    p.setBrush(Qt::NoBrush);
    const double inset = width / 2 + 1;
    p.drawRoundedRect(QRectF(rect()).adjusted(inset, inset, -inset, -inset), 8, 8);
}

}  // namespace widgets
