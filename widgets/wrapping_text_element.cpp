#include "widgets/wrapping_text_element.h"

namespace widgets {

WrappingTextElement::WrappingTextElement(QCustomPlot* plot, const QString& text, const QFont& font)
    : QCPTextElement(plot, text, font) {
    setTextFlags(Qt::AlignCenter | Qt::TextWordWrap);
}

QRect WrappingTextElement::wrappedRect(int width) const {
    return QFontMetrics(mFont).boundingRect(QRect(0, 0, std::max(1, width), 0), mTextFlags, mText);
}

// The width the text will be drawn in: the plot's width less what the other columns of the layout took at the last
// layout (the layout asks for sizes before it places anything, so this element's own rect may be a resize behind).
int WrappingTextElement::innerWidth() const {
    int others = 0;
    if (mOuterRect.isValid() && mParentPlot->plotLayout()->outerRect().isValid())
        others = std::max(0, mParentPlot->plotLayout()->outerRect().width() - mOuterRect.width());
    return mParentPlot->viewport().width() - others - mMargins.left() - mMargins.right();
}

QSize WrappingTextElement::minimumOuterSizeHint() const {
    if (mText.isEmpty()) return {mMargins.left() + mMargins.right(), mMargins.top() + mMargins.bottom()};
    return {mMargins.left() + mMargins.right(),
            wrappedRect(innerWidth()).height() + mMargins.top() + mMargins.bottom()};
}

QSize WrappingTextElement::maximumOuterSizeHint() const { return {QWIDGETSIZE_MAX, minimumOuterSizeHint().height()}; }

}  // namespace widgets
