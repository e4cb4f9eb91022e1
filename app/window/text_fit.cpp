#include "app/window/text_fit.h"
#include <QEvent>
#include <QLineEdit>
#include <QStyle>
#include <QStyleOptionFrame>

namespace app {
namespace {

class TextFit : public QObject {
public:
    TextFit(QLineEdit* edit, QString sample) : QObject(edit), m_edit(edit), m_sample(std::move(sample)) {
        edit->installEventFilter(this);
        connect(edit, &QLineEdit::textChanged, this, &TextFit::update);
        update();
    }

    bool eventFilter(QObject*, QEvent* e) override {
        if (e->type() == QEvent::FontChange || e->type() == QEvent::StyleChange) update();
        return false;
    }

private:
    void update() {
        const int w = std::max(widthForText(m_edit, m_sample), widthForText(m_edit, m_edit->text()));
        if (w != m_edit->minimumWidth()) m_edit->setMinimumWidth(w);
    }

    QLineEdit* m_edit;
    QString m_sample;
};

}  // namespace

int widthForText(const QLineEdit* edit, const QString& text) {
    // As QLineEdit::sizeHint measures, with the text's advance for its 17 'x': 2 px of horizontal margin each side
    // (QLineEditPrivate::horizontalMargin), the text and contents margins, then the style's frame around it.
    const QMargins tm = edit->textMargins(), cm = edit->contentsMargins();
    const int w = edit->fontMetrics().horizontalAdvance(text) + 2 * 2 + tm.left() + tm.right() + cm.left() +
                  cm.right() + 1;  // the cursor
    QStyleOptionFrame opt;
    opt.initFrom(edit);
    opt.rect = edit->rect();
    opt.lineWidth = edit->hasFrame() ? edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &opt, edit) : 0;
    opt.midLineWidth = 0;
    opt.state |= QStyle::State_Sunken;
    return edit->style()
        ->sizeFromContents(QStyle::CT_LineEdit, &opt, QSize(w, edit->sizeHint().height()), edit)
        .width();
}

void keepTextWhole(QLineEdit* edit, const QString& sample) {
    if (edit) new TextFit(edit, sample);
}

}  // namespace app
