// A scroll area for the side panels: scrolls vertically only and is never narrower than its content, so a dock
// cannot squeeze a form sideways (the dock grows instead, e.g. with a large classroom font).
#pragma once
#include <QEvent>
#include <QScrollArea>
#include <QScrollBar>

namespace app {

class VerticalScroll : public QScrollArea {
public:
    explicit VerticalScroll(QWidget* content, QWidget* parent = nullptr) : QScrollArea(parent) {
        setWidget(content);  // installs this as the content's event filter
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }
    QSize minimumSizeHint() const override {
        const int content = widget() ? widget()->minimumSizeHint().width() : 0;
        return {content + verticalScrollBar()->sizeHint().width() + 2 * frameWidth(),
                QScrollArea::minimumSizeHint().height()};
    }
    bool eventFilter(QObject* o, QEvent* e) override {
        // Rows shown or hidden inside: the cached minimum width above is stale.
        if (o == widget() && e->type() == QEvent::LayoutRequest) updateGeometry();
        return QScrollArea::eventFilter(o, e);
    }
};

}  // namespace app
