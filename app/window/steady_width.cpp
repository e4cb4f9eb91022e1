#include "app/window/steady_width.h"
#include <QAbstractButton>
#include <QEvent>

namespace app {
namespace {

class SteadyWidth : public QObject {
public:
    SteadyWidth(QAbstractButton* button, QStringList texts)
        : QObject(button), m_button(button), m_texts(std::move(texts)) {
        button->installEventFilter(this);
        update();
    }

    bool eventFilter(QObject*, QEvent* e) override {
        if (e->type() == QEvent::FontChange || e->type() == QEvent::StyleChange || e->type() == QEvent::Polish)
            update();
        return false;
    }

private:
    void update() {
        if (m_updating) return;
        m_updating = true;
        // The button's own size hint with each text (its style's rounding included), the current text put back.
        const QString shown = m_button->text();
        int widest = 0;
        for (const QString& t : m_texts) {
            m_button->setText(t);
            widest = std::max(widest, m_button->sizeHint().width());
        }
        m_button->setText(shown);
        m_button->setMinimumWidth(widest);
        m_updating = false;
    }

    QAbstractButton* m_button;
    QStringList m_texts;
    bool m_updating = false;
};

}  // namespace

void keepWidestText(QAbstractButton* button, const QStringList& texts) {
    if (button) new SteadyWidth(button, texts);
}

}  // namespace app
