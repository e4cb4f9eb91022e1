// A pulsing frame that points at one widget of a window (a lesson's "look here"): a transparent, click-through child
// of the window that follows the target as it moves, resizes, hides or goes away.
#pragma once
#include <QPointer>
#include <QTimer>
#include <QVariantAnimation>
#include <QWidget>

namespace widgets {

class Spotlight : public QWidget {
    Q_OBJECT
public:
    explicit Spotlight(QWidget* window);
    void pointAt(QWidget* target);  // nullptr: nothing
    QWidget* target() const { return m_target; }

protected:
    void paintEvent(QPaintEvent*) override;
    bool eventFilter(QObject* o, QEvent* e) override;

private:
    void follow();
    QPointer<QWidget> m_target;
    QVariantAnimation m_pulse;
    QTimer m_follow;  // docks move their contents without telling the target: look again a few times a second
};

}  // namespace widgets
