// The loss landscape: the loss over two parameters as a colour map (viridis: dark = low) with contour lines, the
// current point marked, and the paths training takes drawn on top, appended live as snapshots arrive. QCustomPlot has
// no contours, so they are traced here by marching squares. Shows what it is given; it computes no loss.
#pragma once
#include "engine/loss_landscape.h"
#include <QLineF>
#include <QString>
#include <QVector>
#include <qcustomplot.h>

namespace widgets {

class LandscapeView : public QCustomPlot {
    Q_OBJECT
public:
    static constexpr int kContourLevels = 10;

    explicit LandscapeView(QWidget* parent = nullptr);

    // A computed (or partly computed: NaN cells stay blank) grid, with the names of its two parameters.
    void setGrid(const engine::LandscapeGrid& grid, const QString& xName, const QString& yName);
    // Path `index` (0, 1, …; created as needed) gets `name` in the legend and these points, replacing its old ones.
    void setPath(int index, const QString& name, const std::vector<engine::LandscapePathPoint>& points);
    // Appends to path `index` (created unnamed if needed): the live trajectory.
    void appendPathPoints(int index, const std::vector<engine::LandscapePathPoint>& points);
    void clearPaths();
    // Colours on a log scale (automatic for a positive loss spanning more than a factor 30).
    void setLogColors(bool on);
    bool logColors() const { return m_log; }

    int pathCount() const { return m_paths.size(); }
    int pathPointCount(int index) const;
    const QVector<double>& contourValues() const { return m_levels; }
    QCPColorMap* colorMap() const { return m_map; }
    int contourSegmentCount() const { return m_segments; }
    // Where the lowest loss of the grid is (the legend keeps away from it).
    QPointF minimum() const { return m_minimum; }

    // Marching squares over values(iy, ix) on the grid spanning [x0, x1] × [y0, y1]: the segments where the
    // interpolated surface crosses `level`. Cells with a NaN corner are skipped; saddles are split by the cell mean.
    static QVector<QLineF> contourSegments(const engine::Matrix& values, double level, double x0, double x1, double y0,
                                           double y1);

private:
    struct Path {
        QCPCurve* casing = nullptr;  // a dark line under `line`, sharing its data
        QCPCurve* line = nullptr;
        QCPCurve* start = nullptr;  // a hollow ring at the first point
        QCPCurve* end = nullptr;    // a filled dot at the latest point
        QString baseName;           // the name given, before a run number
    };
    Path& path(int index);
    void updateContours();
    void updateEnd(Path& p);
    void placeLegend();

    engine::LandscapeGrid m_grid;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QCPCurve* m_contours = nullptr;
    QCPCurve* m_centre = nullptr;
    QCPTextElement* m_title = nullptr;
    QVector<Path> m_paths;
    QVector<double> m_levels;
    int m_segments = 0;
    QPointF m_minimum;
    bool m_log = false;
    bool m_logSetByUser = false;
};

}  // namespace widgets
