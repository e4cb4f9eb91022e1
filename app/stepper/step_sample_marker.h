// The step mode's marks on the output view: a bold ring around the sample the step follows and thin rings around the
// other samples of its batch. A transparent layer that follows the view's size and lets the mouse through.
#pragma once
#include <QPointF>
#include <QPointer>
#include <QVector>
#include <QWidget>

namespace widgets {
class OutputView;
}

namespace app {

class StepSampleMarker : public QWidget {
public:
    explicit StepSampleMarker(widgets::OutputView* view);

    // Plot coordinates (OutputView::plotPosition: (x1, x2), or (x1, target) on a graph): the followed sample and the
    // rest of its batch (empty: none).
    void setSamples(QPointF current, const QVector<QPointF>& batch);
    void clear();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent*) override;

private:
    QPointer<widgets::OutputView> m_view;
    bool m_has = false;
    QPointF m_current;
    QVector<QPointF> m_batch;
};

}  // namespace app
