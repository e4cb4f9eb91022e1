// The big output view and data canvas: the decision-boundary image (or a hovered neuron's output) in a square plot
// over [-range, range]^2 with axes and a legend, the data points on top, and the editing tools. It draws what it is
// given and emits intents (add, remove, move points); it never changes its own points. Safe with no data, NaN
// positions (skipped), a null image (neutral background) and any size, including zero.
#pragma once
#include "widgets/drawing/boundary_image.h"
#include "widgets/drawing/plot_point.h"
#include <QHash>
#include <QImage>
#include <QPixmap>
#include <QPointF>
#include <QRandomGenerator>
#include <QRectF>
#include <QStringList>
#include <QVector>
#include <QWidget>
#include <utility>

class QTimer;

namespace widgets {

class OutputView : public QWidget {
    Q_OBJECT
public:
    enum class Tool { Add, Pen, Spray, Erase, Select };
    Q_ENUM(Tool)

    explicit OutputView(QWidget* parent = nullptr);
    ~OutputView() override;

    void setRange(double range);  // the plot shows [-range, range]^2 (range > 0; default 6, as TF Playground)
    double range() const { return m_range; }
    // The picture under the points (from boundaryImage); the style only drives the legend. Null = neutral background.
    void setBoundary(const QImage& image, const BoundaryStyle& style);
    // A neuron's output shown instead of the boundary while the pointer is over it; a null image returns to the boundary.
    void setHoverImage(const QImage& image, const QString& caption = QString());
    bool showsHover() const { return !m_hover.isNull(); }
    QString hoverCaption() const { return m_hoverCaption; }  // drawn over the plot while a neuron is shown
    void setPoints(const QVector<PlotPoint>& points);
    const QVector<PlotPoint>& points() const { return m_points; }
    void setShowTestData(bool show);
    void setClassNames(const QStringList& names);
    void setTask(bool regression);
    void setCurrentClass(int k);  // clamped to [0, 7]
    int currentClass() const { return m_currentClass; }
    void setCurrentValue(double v);  // the target new regression points get
    double currentValue() const { return m_currentValue; }
    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    void setEditable(bool editable);  // default true; when false the mouse only shows tooltips
    bool isEditable() const { return m_editable && m_noPlane.isEmpty(); }
    // Data that has no plane (more than two inputs: digits, iris): the view shows this text instead of an empty plane
    // and takes no clicks, so nothing invisible is ever added. Empty: the plane as usual.
    void setNoPlaneMessage(const QString& message);
    QString noPlaneMessage() const { return m_noPlane; }
    QVector<int> selection() const { return m_selection; }
    void clearSelection();

    // A curve in the style (a regression on x1 alone): the view plots the target over x1 — points at (x1, target),
    // the prediction as a curve, the vertical axis the target — and a click adds a point at x1 with that target.
    bool isCurveMode() const { return !m_style.curve.isEmpty() && m_noPlane.isEmpty(); }
    // The vertical axis in curve mode: the targets' range with a margin, fixed while the data stays; widened (by
    // quarters of the targets' span, at most one span each way) to show [lo, hi] of curves drawn over the graph.
    double curveLow() const;
    double curveHigh() const;
    void setCurveExtent(double lo, double hi);  // lo > hi: none

    // Where a sample with inputs x and that target sits in plot coordinates: x, or (x1, target) in curve mode.
    QPointF plotPosition(QPointF x, double target) const { return isCurveMode() ? QPointF(x.x(), target) : x; }
    // Mapping between widget pixels and plot coordinates, the vertical growing upwards: (x1, x2), or in curve mode
    // (x1, target).
    QPointF toData(QPointF widgetPos) const;
    QPointF toWidget(QPointF dataPos) const;
    QRectF plotRect() const;  // the square the boundary fills, in widget pixels

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void pointsAdded(QVector<QPointF> positions, int label, double value);
    void pointsRemoved(QVector<int> indices);
    void pointsMoved(QVector<int> indices, QPointF delta);
    void strokeStarted();
    void strokeFinished();
    void classChosen(int k);

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void keyPressEvent(QKeyEvent*) override;
    void leaveEvent(QEvent*) override;
    bool event(QEvent*) override;

private:
    struct Layout {
        QRectF plot, legend;
        double fontPx = 12;
        bool showLegend = false;
    };
    Layout layout() const;
    QPointF mapToWidget(const QRectF& plot, QPointF dataPos) const;
    QPointF mapToData(const QRectF& plot, QPointF widgetPos) const;
    QFont scaledFont(const Layout& l, double factor = 1.0, bool bold = false) const;
    int legendClassCount() const;
    QString className(int k) const;
    double pointRadius(const Layout& l) const;
    double pickRadius(const Layout& l) const;
    double brushRadiusPx(const Layout& l) const;
    bool visible(const PlotPoint& p) const;
    void emitAdded(const QVector<QPointF>& plotPositions);  // curve mode: one point per position, its y the target
    void drawCurve(QPainter& p, const Layout& l) const;
    int nearestPoint(QPointF widgetPos) const;  // within the pick radius; -1 when none
    QVector<int> pointsWithin(QPointF widgetPos, double radiusPx) const;
    QVector<int> pointsInRect(const QRectF& widgetRect) const;
    void penTo(QPointF dataPos);
    void sprayBurst();
    void eraseAt(QPointF widgetPos);
    void finishStroke();
    void updateCursor();
    void pruneSelection();

    struct LegendRow {
        enum Kind { Class, Test, Wrong, Curve } kind;
        int k;
        QString text;
    };
    QVector<LegendRow> legendRows() const;
    bool legendHasBar() const;
    QString legendTitle() const;
    double legendWidth(double fontPx, double maxWidth) const;

    void drawAxes(QPainter& p, const Layout& l) const;
    void drawPoints(QPainter& p, const Layout& l) const;
    void drawOverlay(QPainter& p, const Layout& l) const;
    void drawLegend(QPainter& p, const Layout& l) const;
    // Point markers are drawn once into a pixmap per (kind, colour, radius) and blitted: antialiased ellipse
    // strokes are most of a frame's cost with a few hundred points.
    enum class Marker : quint8 { Train, Test, Value, WrongRing };
    const QPixmap& marker(Marker kind, const QColor& fill, double r) const;

    double m_range = 6;
    QImage m_boundary, m_hover;
    QString m_hoverCaption;
    BoundaryStyle m_style;
    QVector<PlotPoint> m_points;
    QStringList m_classNames;
    bool m_showTest = false, m_regression = false, m_editable = true;
    QString m_noPlane;
    int m_currentClass = 0;
    double m_currentValue = 1;
    static constexpr std::pair<double, double> kNoExtent{1e300, -1e300};
    std::pair<double, double> m_extent = kNoExtent;  // setCurveExtent's
    Tool m_tool = Tool::Add;

    // Interaction state.
    enum class Drag { None, Stroke, Band, MoveSelection };
    Drag m_drag = Drag::None;
    QPointF m_lastPenData;           // last pen point placed (data units)
    QPointF m_pressPos, m_mousePos;  // widget pixels
    bool m_bandAdds = false;         // Shift held: the rubber band adds to the selection
    bool m_mouseInside = false;
    QVector<int> m_selection;
    QVector<int> m_removedSinceUpdate;  // indices already asked to be erased in this stroke, before setPoints
    QTimer* m_sprayTimer = nullptr;
    mutable QHash<quint64, QPixmap> m_markers;
    mutable qreal m_markerDpr = 0;
    QRandomGenerator m_sprayRng{20240611u};  // spray jitter: seeded, so a replayed drag sprays the same points
};

}  // namespace widgets
