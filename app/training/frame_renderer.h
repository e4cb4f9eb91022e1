// Pictures of a trainer's state, computed off the UI thread: the output over the input plane as one batched forward
// pass, every neuron's own output as a thumbnail, and which samples the network gets wrong.
#pragma once
#include "app/training/training_snapshot.h"
#include "engine/trainer.h"
#include "widgets/drawing/boundary_image.h"
#include "widgets/drawing/plot_point.h"
#include <QVector>

namespace app {

struct FrameRequest {
    double range = 6.0;
    int cells = 200;
    int thumbCells = 40;
    bool discretize = false;
};

// A regression on x1 alone (the sine set): the inputs are features of x1 only, or every sample has x2 = 0. The output
// view plots it as a curve over x1 (the prediction at x2 = 0).
bool isCurveData(const engine::Trainer& trainer);
// The boundary picture and its colour style; a null image when the data is not 2-D, and a null image with the
// prediction along x1 in style.curve for curve data.
void renderBoundary(const engine::Trainer& trainer, const FrameRequest& req, QImage& image,
                    widgets::BoundaryStyle& style);
// [0]: the nine input features over the plane; then per layer, each neuron's activation over the plane.
QVector<QVector<QImage>> renderNeuronImages(const engine::Trainer& trainer, const FrameRequest& req);
// Per sample of `all` (model order): 1 when the network's class differs from the label (classification only).
// predicted (when given) receives the class of every sample.
std::vector<char> misclassifiedMask(const engine::Trainer& trainer, const engine::Dataset& all,
                                    std::vector<int>* predicted = nullptr);
// The style that suits the trainer's output (binary, K classes, regression) for the legend.
widgets::BoundaryStyle boundaryStyleFor(const engine::Trainer& trainer, bool discretize);

}  // namespace app

namespace app {
// The samples as the output view draws them (only 2-D data; others give an empty list).
QVector<widgets::PlotPoint> plotPoints(const engine::Dataset& all, const std::vector<char>& isTest,
                                       const std::vector<char>& misclassified);
}  // namespace app
