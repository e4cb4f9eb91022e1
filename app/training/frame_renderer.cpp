#include "app/training/frame_renderer.h"
#include "engine/metrics.h"
#include "widgets/drawing/palette.h"
#include <algorithm>
#include <array>
#include <mutex>
#include <cmath>

namespace app {
using engine::Matrix;

widgets::BoundaryStyle boundaryStyleFor(const engine::Trainer& t, bool discretize) {
    widgets::BoundaryStyle s;
    s.discretize = discretize;
    const engine::Activation out = t.spec().outputActivation();
    if (t.trainData().task == engine::Task::Regression) {
        s.mode = widgets::BoundaryStyle::Regression;
        s.lo = -1;
        s.hi = 1;
        if (t.trainData().targets.size() > 0) {
            const double m = std::max(std::abs(t.trainData().targets.minCoeff()),
                                      std::abs(t.trainData().targets.maxCoeff()));
            s.lo = -std::max(m, 1e-9);
            s.hi = std::max(m, 1e-9);
        }
    } else if (t.spec().outputs() > 1) {
        s.mode = widgets::BoundaryStyle::MultiClass;
        s.classes = t.spec().outputs();
    } else {
        s.mode = widgets::BoundaryStyle::Binary;
        s.lo = t.signedTargets() ? -1 : 0;
        s.hi = 1;
        if (out == engine::Activation::Identity || out == engine::Activation::ReLU) s.lo = t.signedTargets() ? -1 : 0;
        s.classes = 2;
    }
    return s;
}

namespace {
// The grid of raw points for a size and range, kept per thread: it is the same every frame.
const Matrix& cachedGrid(int cells, double range) {
    thread_local int cachedCells = -1;
    thread_local double cachedRange = 0;
    thread_local Matrix grid;
    if (cells != cachedCells || range != cachedRange) {
        grid = widgets::gridPoints(cells, cells, range);
        cachedCells = cells;
        cachedRange = range;
    }
    return grid;
}

bool same(const engine::Vector& a, const engine::Vector& b) { return a.size() == b.size() && a == b; }

// The grid as the network's float inputs (features, standardisation), kept per thread while the grid, the features
// and the standardisation stay the same: computing the features of 65,536 points again every frame cost a quarter of
// the frame (nnlab bench boundary).
const Eigen::MatrixXf& preparedGrid(const engine::Trainer& t, int cells, double range) {
    thread_local int cachedCells = -1;
    thread_local double cachedRange = 0;
    thread_local std::vector<engine::Feature> features;
    thread_local engine::Standardizer standardizer;
    thread_local Eigen::MatrixXf prepared;
    const engine::Standardizer& s = t.standardizer();
    if (cells != cachedCells || range != cachedRange || t.settings().features != features ||
        !same(s.mean, standardizer.mean) || !same(s.stddev, standardizer.stddev) || prepared.cols() == 0) {
        prepared = t.prepareInputs(cachedGrid(cells, range)).cast<float>();
        cachedCells = cells;
        cachedRange = range;
        features = t.settings().features;
        standardizer = s;
    }
    return prepared;
}
}  // namespace

bool isCurveData(const engine::Trainer& t) {
    if (t.trainData().task != engine::Task::Regression || t.spec().outputs() != 1 || t.trainData().inputDim() != 2)
        return false;
    // The network sees x1 alone (the sine preset), or every sample lies on x2 = 0 (the sine set chosen with both
    // inputs on, or points clicked into the graph): either way only the output along x1 means anything.
    const std::vector<engine::Feature>& f = t.settings().features;
    const auto ofX1 = [](engine::Feature x) {
        return x == engine::Feature::X1 || x == engine::Feature::X1Squared || x == engine::Feature::SinX1;
    };
    const auto onX1Axis = [](const engine::Dataset& d) {
        return d.size() == 0 || d.X.row(1).cwiseAbs().maxCoeff() == 0;
    };
    return (!f.empty() && std::all_of(f.begin(), f.end(), ofX1)) ||
           (t.trainData().size() > 0 && onX1Axis(t.trainData()) && onX1Axis(t.testData()));
}

void renderBoundary(const engine::Trainer& t, const FrameRequest& req, QImage& image, widgets::BoundaryStyle& style) {
    style = boundaryStyleFor(t, req.discretize);
    if (t.trainData().inputDim() != 2) {
        image = QImage();
        return;
    }
    if (isCurveData(t)) {
        // A function of x1 alone: its graph, not a plane of stripes. The cell centres along x1 at x2 = 0.
        Matrix line = Matrix::Zero(2, req.cells);
        for (int i = 0; i < req.cells; ++i) line(0, i) = -req.range + (i + 0.5) * 2 * req.range / req.cells;
        const Matrix out = t.network().predict(t.prepareInputs(line));
        style.curve.resize(req.cells);
        for (int i = 0; i < req.cells; ++i) style.curve[i] = out(0, i);
        image = QImage();
        return;
    }
    // One batched forward pass over the plane, in single precision: a picture cannot show the 1e-7 it differs by
    // (bench: float_max_abs_diff), and it costs less than half the double pass (docs/benchmarks.md).
    const Eigen::MatrixXf out = t.network().predictFloat(preparedGrid(t, req.cells, req.range));
    image = widgets::boundaryImage(out, req.cells, req.cells, style);
}

namespace {
// The diverging scale as a table: a thumbnail's pixel is then a clamp, a multiply and a load instead of a QColor.
// 512 steps over [-1, 1] are finer than the eye can tell apart.
constexpr int kScaleSteps = 512;
// One table per palette (the teacher may switch to high contrast while training runs), each built on first use.
const std::array<QRgb, kScaleSteps + 1>& divergingTable() {
    static std::array<std::array<QRgb, kScaleSteps + 1>, 2> tables;
    static std::once_flag built[2];
    const int mode = widgets::paletteMode() == widgets::PaletteMode::HighContrast ? 1 : 0;
    std::call_once(built[mode], [mode] {
        for (int i = 0; i <= kScaleSteps; ++i)
            tables[std::size_t(mode)][std::size_t(i)] = widgets::divergingColor(2.0 * i / kScaleSteps - 1).rgb();
    });
    return tables[std::size_t(mode)];
}

// A small picture of one row of values over the grid, on the diverging scale over [lo, hi].
template <typename Values> QImage rowImage(const Values& values, engine::Index row, int n, double lo, double hi) {
    QImage img(n, n, QImage::Format_RGB32);
    const auto& table = divergingTable();
    const double mid = (lo + hi) / 2, half = std::max((hi - lo) / 2, 1e-12);
    for (int y = 0; y < n; ++y) {
        QRgb* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        for (int x = 0; x < n; ++x) {
            const double v = double(values(row, engine::Index(y) * n + x));
            if (!std::isfinite(v)) {
                line[x] = qRgb(128, 128, 128);
                continue;
            }
            const double s = std::clamp((v - mid) / half, -1.0, 1.0);  // position on the scale, -1 .. 1
            line[x] = table[std::size_t((s + 1) * (kScaleSteps / 2) + 0.5)];
        }
    }
    return img;
}

// The natural value range of an activation, for colouring its thumbnail.
template <typename Values>
void activationRange(engine::Activation f, const Values& values, engine::Index row, double& lo, double& hi) {
    switch (f) {
    case engine::Activation::Sigmoid:
    case engine::Activation::Softmax:
    case engine::Activation::Step:
        lo = 0;
        hi = 1;
        return;
    case engine::Activation::Tanh:
    case engine::Activation::Sine:
        lo = -1;
        hi = 1;
        return;
    default: {
        const double m = std::max(double(values.row(row).cwiseAbs().maxCoeff()), 1e-9);
        lo = -m;
        hi = m;
        return;
    }
    }
}

// The nine input features over the grid, each on its own symmetric scale: the same every frame for a grid size and
// range, so kept per thread.
QVector<QImage> inputFeatureImages(int n, double range) {
    thread_local int cachedN = -1;
    thread_local double cachedRange = 0;
    thread_local QVector<QImage> images;
    if (n != cachedN || range != cachedRange) {
        const Matrix feats = engine::computeFeatures(widgets::gridPoints(n, n, range), engine::allFeatures());
        images.clear();
        for (engine::Index r = 0; r < feats.rows(); ++r) {
            const double m = std::max(feats.row(r).cwiseAbs().maxCoeff(), 1e-9);
            images << rowImage(feats, r, n, -m, m);
        }
        cachedN = n;
        cachedRange = range;
    }
    return images;  // shares the pixels (QImage is implicitly shared)
}

// Every layer's activations over the points, in single precision (pictures only, as predictFloat).
std::vector<Eigen::MatrixXf> layerActivationsFloat(const engine::Network& net, const Matrix& X) {
    std::vector<Eigen::MatrixXf> a(std::size_t(net.layerCount()));
    const Eigen::MatrixXf x = X.cast<float>();
    Eigen::MatrixXf z;
    for (int l = 0; l < net.layerCount(); ++l) {
        const Eigen::MatrixXf W = net.W(l).cast<float>();
        z.noalias() = W * (l == 0 ? x : a[std::size_t(l - 1)]);  // z = W a_prev + b
        z.colwise() += net.b(l).cast<float>();
        engine::activate(net.spec().layers[l].activation, z, a[std::size_t(l)]);
    }
    return a;
}
}  // namespace

QVector<QVector<QImage>> renderNeuronImages(const engine::Trainer& t, const FrameRequest& req) {
    QVector<QVector<QImage>> out;
    if (t.trainData().inputDim() != 2) return out;
    const int n = req.thumbCells;
    out << inputFeatureImages(n, req.range);  // as the user sees them, before standardisation
    // Each layer's activations over the grid: one float forward pass that keeps every layer.
    const engine::Network& net = t.network();
    const std::vector<Eigen::MatrixXf> acts = layerActivationsFloat(net, t.prepareInputs(
                                                                             widgets::gridPoints(n, n, req.range)));
    for (int l = 0; l < net.layerCount(); ++l) {
        const Eigen::MatrixXf& a = acts[std::size_t(l)];
        QVector<QImage> layer;
        layer.reserve(a.rows());
        for (engine::Index r = 0; r < a.rows(); ++r) {
            double lo, hi;
            activationRange(net.spec().layers[l].activation, a, r, lo, hi);
            layer << rowImage(a, r, n, lo, hi);
        }
        out << layer;
    }
    return out;
}

std::vector<char> misclassifiedMask(const engine::Trainer& t, const engine::Dataset& all, std::vector<int>* predicted) {
    std::vector<char> wrong(std::size_t(all.size()), 0);
    if (all.task != engine::Task::Classification || all.size() == 0) return wrong;
    const Matrix out = t.network().predict(t.prepareInputs(all.X));
    const std::vector<int> pred = engine::predictedClasses(out, t.outputThreshold());
    for (std::size_t i = 0; i < wrong.size(); ++i) wrong[i] = pred[i] != all.labels[i];
    if (predicted) *predicted = pred;
    return wrong;
}

}  // namespace app

namespace app {
QVector<widgets::PlotPoint> plotPoints(const engine::Dataset& all, const std::vector<char>& isTest,
                                       const std::vector<char>& misclassified) {
    QVector<widgets::PlotPoint> pts;
    if (all.inputDim() != 2) return pts;
    pts.reserve(all.size());
    const bool regression = all.task == engine::Task::Regression;
    for (engine::Index i = 0; i < all.size(); ++i) {
        widgets::PlotPoint p;
        p.pos = QPointF(all.X(0, i), all.X(1, i));
        p.label = regression ? 0 : all.labels[std::size_t(i)];
        p.value = regression && all.targets.rows() > 0 ? all.targets(0, i) : 0.0;
        p.test = std::size_t(i) < isTest.size() && isTest[std::size_t(i)];
        p.misclassified = std::size_t(i) < misclassified.size() && misclassified[std::size_t(i)];
        pts << p;
    }
    return pts;
}
}  // namespace app
