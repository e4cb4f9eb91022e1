#include "engine/loss_landscape.h"
#include <cmath>
#include <limits>
#include <stdexcept>

namespace engine {

Scalar LandscapeGrid::x(int ix) const { return nx > 1 ? x0 + (x1 - x0) * Scalar(ix) / Scalar(nx - 1) : x0; }
Scalar LandscapeGrid::y(int iy) const { return ny > 1 ? y0 + (y1 - y0) * Scalar(iy) / Scalar(ny - 1) : y0; }

LossLandscape::LossLandscape(const Network& net, const Matrix& X, const Matrix& Y, Index p1, Index p2,
                             Scalar halfRange1, Scalar halfRange2, int resolution)
    : m_net(net), m_X(X), m_Y(Y), m_centre(net.params()) {
    const Index P = net.parameterCount();
    if (p1 < 0 || p1 >= P || p2 < 0 || p2 >= P) throw std::out_of_range("landscape parameter index out of range");
    if (p1 == p2) throw std::invalid_argument("the landscape needs two different parameters");
    if (!(halfRange1 > 0) || !(halfRange2 > 0)) throw std::invalid_argument("the landscape's range must be positive");
    const int n = std::max(3, resolution | 1);  // odd, so the current point is the centre of the grid
    m_grid.p1 = p1;
    m_grid.p2 = p2;
    m_grid.nx = m_grid.ny = n;
    const int half = n / 2;
    m_dx = halfRange1 / half;
    m_dy = halfRange2 / half;
    m_grid.x0 = m_centre(p1) - half * m_dx;
    m_grid.x1 = m_centre(p1) + half * m_dx;
    m_grid.y0 = m_centre(p2) - half * m_dy;
    m_grid.y1 = m_centre(p2) + half * m_dy;
    m_grid.values = Matrix::Constant(n, n, std::numeric_limits<Scalar>::quiet_NaN());
    m_grid.centreLoss = m_net.loss(m_X, m_Y);
    m_grid.minValue = m_grid.maxValue = m_grid.centreLoss;
}

bool LossLandscape::computeRows(int rows) {
    const int half = m_grid.nx / 2;
    Vector& theta = m_net.params();
    for (int r = 0; r < rows && m_row < m_grid.ny; ++r, ++m_row) {
        // The offset (k − half)·step is exactly 0 at the centre, so the centre point is the current point bit for bit.
        theta(m_grid.p2) = m_centre(m_grid.p2) + Scalar(m_row - half) * m_dy;
        for (int ix = 0; ix < m_grid.nx; ++ix) {
            theta(m_grid.p1) = m_centre(m_grid.p1) + Scalar(ix - half) * m_dx;
            const Scalar L = m_net.loss(m_X, m_Y);
            m_grid.values(m_row, ix) = L;
            if (std::isfinite(L)) {
                m_grid.minValue = std::min(m_grid.minValue, L);
                m_grid.maxValue = std::max(m_grid.maxValue, L);
            }
        }
    }
    theta = m_centre;
    return complete();
}

std::pair<Index, Index> LossLandscape::defaultParameters(const Network& net) {
    const int L = net.layerCount();
    if (L == 0 || net.parameterCount() < 2) return {0, std::min<Index>(1, net.parameterCount() - 1)};
    // The output layer's first two weights: how the last hidden layer's first two neurons are mixed.
    if (net.layerInputs(L - 1) * net.layerUnits(L - 1) >= 2)
        return {net.weightIndex(L - 1, 0, 0), net.weightIndex(L - 1, 0, 1)};
    // One weight into the output: then the first layer's first two weights (first neuron, inputs 1 and 2) if any.
    if (net.weightCols(0) >= 2) return {net.weightIndex(0, 0, 0), net.weightIndex(0, 0, 1)};
    return {net.weightIndex(L - 1, 0, 0), net.biasOffset(L - 1)};
}

void LandscapePath::record(const Vector& params, Scalar loss) {
    if (params.size() <= std::max(m_p1, m_p2)) return;
    m_points.push_back({params(m_p1), params(m_p2), loss});
}

}  // namespace engine
