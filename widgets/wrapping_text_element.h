// A QCustomPlot title row that wraps: QCPTextElement asks for its text's one-line width as its minimum, which the
// plot cannot enforce on a narrow dock, so a long title was cut at both edges. This one asks for no width and for the
// height of its text wrapped at the width its column gets, so the whole text shows on as many lines as it needs.
#pragma once
#include <qcustomplot.h>

namespace widgets {

class WrappingTextElement : public QCPTextElement {
    Q_OBJECT
public:
    WrappingTextElement(QCustomPlot* plot, const QString& text, const QFont& font);

    // The text's rect when wrapped at `width` (the width it is drawn in, margins taken off).
    QRect wrappedRect(int width) const;

protected:
    QSize minimumOuterSizeHint() const override;
    QSize maximumOuterSizeHint() const override;

private:
    int innerWidth() const;
};

}  // namespace widgets
