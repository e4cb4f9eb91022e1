// Data augmentation for pictures: each image of a training batch turned, shifted, zoomed, mirrored and given noise by
// random amounts, drawn afresh for every batch on the training thread from the trainer's seed (so a run repeats).
// The network never sees the same picture twice, which is how a small set of digits teaches more than it holds.
#pragma once
#include "engine/dataset.h"
#include "engine/layer_spec.h"
#include "engine/rng.h"
#include "engine/types.h"
#include <optional>

namespace engine {

struct AugmentSettings {
    double rotateDegrees = 0;  // each image turned by an angle drawn in [-r, r]
    double shiftPixels = 0;    // and moved by up to this many pixels, across and down, each drawn in [-s, s]
    double zoom = 0;           // and scaled by a factor drawn in [1 - z, 1 + z]
    bool flip = false;         // and mirrored left to right, one time in two
    double noise = 0;          // then each value gets gaussian noise of this standard deviation
    bool any() const { return rotateDegrees > 0 || shiftPixels > 0 || zoom > 0 || flip || noise > 0; }
    // Empty when usable; otherwise what is wrong (a negative or non-finite amount, a zoom of 1 or more).
    std::string validate() const;
    bool operator==(const AugmentSettings&) const = default;
};

// The shape of the samples when they are pictures: the network's image input, else n x n values of a classification
// set (n >= 4: the digits' 8 x 8, Fashion-MNIST's 28 x 28); nullopt for other data (points, measurements).
std::optional<Shape> pictureShape(const NetworkSpec& spec, Index inputDim, bool classification);

// Transforms every column of X (one image of `shape`, channel by channel, row by row) in place: the output pixel
// samples the input bilinearly at the inverse-transformed position (0 outside the picture), the same transform for
// every channel of an image. No-op when nothing is asked for.
template <class T> void augmentImages(MatrixT<T>& X, const Shape& shape, const AugmentSettings& a, Rng& rng);

extern template void augmentImages<float>(MatrixT<float>&, const Shape&, const AugmentSettings&, Rng&);
extern template void augmentImages<double>(MatrixT<double>&, const Shape&, const AugmentSettings&, Rng&);

class Network;

// Every image of X (columns, as augmentImages reads them) moved by whole pixels: its content goes dx to the right and
// dy down, and blank (0) comes in at the edge it leaves. The same resampling as augmentImages, with only a shift.
// Throws std::invalid_argument when the rows are not the shape's size.
Matrix shiftedImages(const Matrix& X, const Shape& shape, int dx, int dy);

// Shift tolerance: the accuracy of `net` on the raw pictures rawX (labels: their classes) moved `pixels` to the right,
// to the left, down and up, the four accuracies averaged. Shifted raw, then standardised with inputStd (empty: not);
// threshold reads a single output (Trainer::outputThreshold). NaN without pictures.
double shiftedAccuracy(const Network& net, const Matrix& rawX, const std::vector<int>& labels, const Shape& shape,
                       const Standardizer& inputStd, Scalar threshold, int pixels = 1);

}  // namespace engine
