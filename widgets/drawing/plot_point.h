// One sample as the output view draws it; the training thread makes the list (app/training/frame_renderer.h).
#pragma once
#include <QPointF>

namespace widgets {

struct PlotPoint {
    QPointF pos;                 // data coordinates (x1, x2)
    int label = 0;               // class (classification)
    double value = 0;            // target (regression)
    bool test = false;           // a test-set point: drawn only when showTestData
    bool misclassified = false;  // ringed in red
};

}  // namespace widgets
