// The loss over a plane of two chosen parameters, the others held at the current point: a grid to draw as a colour map
// with contours, and the path the two parameters take as training goes on. The grid is a slice through the current
// point; a recorded path is the projection of the whole trajectory onto the two parameters (the others move too).
// Qt-free; the grid is computed row by row so the app can spread it over a thread and show progress.
#pragma once
#include "engine/network.h"
#include <limits>
#include <utility>
#include <vector>

namespace engine {

struct LandscapeGrid {
    Index p1 = 0, p2 = 1;               // flat parameter indices: p1 along x, p2 along y
    Scalar x0 = 0, x1 = 0;              // the range of p1 (first and last column)
    Scalar y0 = 0, y1 = 0;              // the range of p2 (first and last row)
    int nx = 0, ny = 0;                 // points per axis (odd: the centre is a grid point)
    Matrix values;                      // ny x nx: values(iy, ix) = L at (x(ix), y(iy)); NaN until computed
    Scalar centreLoss = 0;              // L at the current point (= values at the centre, bit for bit)
    Scalar minValue = 0, maxValue = 0;  // over the finite values computed so far

    Scalar x(int ix) const;
    Scalar y(int iy) const;
};

class LossLandscape {
public:
    // net: the current point (copied); X, Y: the data the loss is measured on. The grid spans centre ± halfRange on
    // each axis with `resolution` points (raised to the next odd number, at least 3). Throws std::out_of_range for a
    // parameter index outside the network, std::invalid_argument for p1 == p2 or a range that is not positive.
    LossLandscape(const Network& net, const Matrix& X, const Matrix& Y, Index p1, Index p2, Scalar halfRange1,
                  Scalar halfRange2, int resolution);

    // Computes up to `rows` more rows (one forward pass per grid point). Returns true once the grid is complete.
    bool computeRows(int rows);
    void computeAll() { computeRows(m_grid.ny); }
    bool complete() const { return m_row >= m_grid.ny; }
    int rowsDone() const { return m_row; }
    const LandscapeGrid& grid() const { return m_grid; }

    // Two weights worth looking at by default: the output layer's first two weights (into output neuron 1); when the
    // output has a single weight, the first layer's first two; failing both, the output's weight and bias.
    static std::pair<Index, Index> defaultParameters(const Network& net);

private:
    Network m_net;
    Matrix m_X, m_Y;
    Vector m_centre;
    LandscapeGrid m_grid;
    Scalar m_dx = 0, m_dy = 0;
    int m_row = 0;
};

struct LandscapePathPoint {
    Scalar x = 0, y = 0;  // the values of p1 and p2
    Scalar loss = 0;      // the loss the caller measured there (NaN when unknown)
};

// The trajectory of two parameters as training goes on: record() takes each new parameter vector.
class LandscapePath {
public:
    explicit LandscapePath(Index p1 = 0, Index p2 = 1) : m_p1(p1), m_p2(p2) {}
    Index p1() const { return m_p1; }
    Index p2() const { return m_p2; }
    // Appends (params[p1], params[p2]); a vector too short to hold them is ignored.
    void record(const Vector& params, Scalar loss = std::numeric_limits<Scalar>::quiet_NaN());
    void clear() { m_points.clear(); }
    const std::vector<LandscapePathPoint>& points() const { return m_points; }

private:
    Index m_p1, m_p2;
    std::vector<LandscapePathPoint> m_points;
};

}  // namespace engine
