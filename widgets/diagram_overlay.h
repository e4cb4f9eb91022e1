// A transparent layer over a NetworkView for drawing numbers and colours on its nodes and links. It follows the view's
// size, lets every mouse event through to the view, and reports clicks on links and bias dots (the view itself only
// reports neurons). Geometry comes from the view's public layout (neuronRect), so the overlay never redoes its layout.
#pragma once
#include "widgets/network_view.h"
#include <QPointer>
#include <QStringList>
#include <QWidget>

namespace widgets {

class DiagramOverlay : public QWidget {
    Q_OBJECT
public:
    // Becomes a child of `view`, covering it.
    explicit DiagramOverlay(NetworkView* view);

    NetworkView* view() const { return m_view; }
    // For a view with the nine 2-D features: which are active (the same flags given to NetworkView::setNetwork), so
    // network input i maps to its displayed node. Empty (the default): input i is displayed node i.
    void setInputActive(QVector<bool> active);

signals:
    void linkClicked(int layer, int unit, int input);  // Network::weightIndex's arguments
    void biasClicked(int layer, int unit);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

    // The node of unit j of layer l (l = -1: network input j) when it is drawn on its own; empty when it is folded
    // into a "… more" node or does not exist.
    QRectF nodeRect(int layer, int unit) const;
    // The units of layer l (-1: the network's inputs, `count` of them) that have a node of their own, in order: at
    // most a dozen or so whatever the width, so loops over drawn links stay cheap for a 1000-wide layer. None for a
    // layer drawn as a stack of maps.
    QVector<int> drawnUnits(int layer, int count) const;
    // The drawn line of the link into unit j of layer l from input i, as NetworkView draws it; null if either end is
    // not drawn on its own.
    QLineF linkLine(int layer, int unit, int input) const;
    int displayInput(int networkInput) const;
    // Text scaled with the view, as NetworkView scales its own.
    double textScale() const;
    QFont tagFont(double factor = 1.0, bool bold = false) const;
    // A rounded label: one line per string, centred on `centre` (then kept inside the widget). Returns its rect.
    QRectF paintTag(QPainter& p, QPointF centre, const QStringList& lines, const QColor& accent, const QFont& font,
                    bool strong = false) const;
    static QSizeF tagSize(const QStringList& lines, const QFont& font);

private:
    QPointer<NetworkView> m_view;
    QVector<bool> m_active;
};

}  // namespace widgets
