// The per-neuron thumbnails a network view draws, built as the app hands them over: [0] the feature pictures over the
// input plane [-6, 6]², then one list per layer with each neuron's output of a real forward pass over that plane.
#pragma once
#include "engine/network.h"
#include <QImage>
#include <QStringList>
#include <QVector>

namespace testsupport {

struct ThumbnailOptions {
    int side = 32;                   // pixels a side
    QVector<bool> active;            // the features (of the nine) that feed the network, in order; empty: the first
                                     // spec.inputs
    int features = 9;                // how many feature pictures lead the list
    double inputDivisor = 6;         // the features are divided by this before the forward pass
    bool stretchRadius = false;      // r's picture spans its own range rather than centring on 0
    bool sigmoidAroundHalf = false;  // a sigmoid layer's pictures centre on 0.5 rather than 0
};

// The nine features' labels as a network view shows them: x₁, x₂, x₁², x₂², x₁·x₂, sin x₁, sin x₂, r, θ.
QStringList featureLabels();
// The first n of the nine features switched on: the `active` of NetworkView::setNetwork and of ThumbnailOptions.
QVector<bool> firstFeatures(int n);

// The nine TF Playground features of the plane (x1, x2, x1², x2², x1·x2, sin x1, sin x2, r, θ), one row each, one
// column per pixel of a side x side picture, row by row from the top left (x1 = -6, x2 = 6).
engine::Matrix featurePlane(int side);

// One row of values as a side x side picture in the diverging palette, centred on `centre` (white) and scaled so the
// value farthest from it is full colour; a flat row is white.
QImage centredImage(const engine::RowVector& values, int side, double centre = 0);

QVector<QVector<QImage>> neuronThumbnails(const engine::Network& net, const ThumbnailOptions& options = {});
QVector<QVector<QImage>> neuronThumbnails(const engine::NetworkSpec& spec, const engine::Vector& params,
                                          const ThumbnailOptions& options = {});

}  // namespace testsupport
