// Turns a grid of network outputs into the decision-boundary picture drawn under the data, and makes the grid of
// input points it is computed on. Both use one pixel order: row-major from the TOP row (x2 = +range) down, left to
// right, so column i of the outputs is pixel (i % w, i / w). Colours are light tints, so data points stand out.
#pragma once
#include "engine/types.h"
#include <QColor>
#include <QImage>
#include <QVector>

namespace widgets {

struct BoundaryStyle {
    enum Mode {
        Binary,      // one output: [lo, hi] maps to class-0 colour .. white .. class-1 colour; class 1 where v >= mid
        MultiClass,  // K outputs: the argmax class's colour, tinted by its confidence (the max probability)
        Regression   // one output: diverging scale over [lo, hi], white at the middle
    };
    Mode mode = Binary;
    double lo = 0, hi = 1;
    bool discretize = false;  // hard colours: no soft confidence (Regression: a few flat bands)
    int classes = 2;          // legend size for MultiClass (the image uses the rows it is given)
    // A regression on x1 alone (the sine set): the prediction at x2 = 0 for curve.size() evenly spaced x1 from -range
    // to range (cell centres, as gridPoints). The output view then plots the target over x1 with this curve through
    // the points, not a plane. Empty: the plane.
    QVector<double> curve;
};

// Strongest tint a region gets (blend factor towards the class colour from white). Points use the full colour.
inline constexpr double kMaxRegionTint = 0.5;

// outputs: K x (w*h) network outputs for the grid of gridPoints(w, h, range), in the order described above.
// Returns a w x h RGB32 image; a null image when w or h <= 0 or outputs has not w*h columns. NaN outputs are grey.
// Binary/Regression read row 0; MultiClass with one row falls back to Binary.
QImage boundaryImage(const engine::Matrix& outputs, int w, int h, const BoundaryStyle& s);
QImage boundaryImage(const Eigen::MatrixXf& outputs, int w, int h, const BoundaryStyle& s);  // the live picture's

// The 2 x (w*h) raw input points: cell centres of a w x h grid over [-range, range]^2, in the pixel order above
// (column 0 is the top-left cell (-range + cw/2, +range - ch/2), cw = 2 range / w, ch = 2 range / h).
engine::Matrix gridPoints(int w, int h, double range);

// The colour boundaryImage gives a Binary or Regression output `value` (what the legend's colour bar shows).
QColor boundaryScaleColor(double value, const BoundaryStyle& s);
// The colour of class k's region at confidence c in [0, 1] (0 = white, 1 = strongest tint).
QColor classRegionColor(int k, double confidence);
// The full colour of a regression value on [lo, hi] (what regression data points are filled with).
QColor regressionPointColor(double value, double lo, double hi);

}  // namespace widgets
