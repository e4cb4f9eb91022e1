// The function view: the shares v_j·a_j(x) of a dense network's last hidden layer, sampled over x1 and checked against
// the formula by hand; the cases it refuses (nothing drawn, no throw); and what it paints over a graph in curve mode:
// each share in its colour where the formula puts it, the legend, a neuron named under the pointer or from the diagram.
#include "patient_waits.h"
#include "widgets/drawing/boundary_image.h"
#include "widgets/drawing/palette.h"
#include "widgets/function_view.h"
#include "widgets/output_view.h"
#include "screenshot.h"
#include <QtTest>
#include <cmath>

using namespace widgets;
using testsupport::saveScreenshot;

namespace {
double sigma(double z) { return 1 / (1 + std::exp(-z)); }

engine::NetworkSpec dense(int inputs, std::vector<int> units, engine::Activation hidden, engine::Activation out) {
    engine::NetworkSpec s;
    s.inputs = inputs;
    for (int u : units) s.layers.push_back(engine::LayerSpec::dense(u, hidden));
    s.layers.push_back(engine::LayerSpec::dense(1, out));
    return s;
}

engine::Vector vec(std::initializer_list<double> v) {
    engine::Vector r(Eigen::Index(v.size()));
    int i = 0;
    for (double x : v) r[i++] = x;
    return r;
}

// A graph in curve mode over [-6, 6], targets from -1 to 1, as the window shows the sine.
void showGraph(OutputView& view) {
    BoundaryStyle st;
    st.mode = BoundaryStyle::Regression;
    st.lo = -1;
    st.hi = 1;
    for (int i = 0; i < 200; ++i) st.curve.push_back(0);
    view.setTask(true);
    view.setBoundary(QImage(), st);
}

double colourDistance(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}
// The line is 2 px wide and antialiased: the closest colour within a pixel of the point.
double distanceNear(const QImage& shot, QPoint at, QColor c) {
    double best = 1e9;
    for (int dy = -1; dy <= 1; ++dy) best = std::min(best, colourDistance(shot.pixelColor(at + QPoint(0, dy)), c));
    return best;
}
}  // namespace

class TstFunctionView : public QObject {
    Q_OBJECT
private slots:
    // A bump from two steep sigmoids (1-2-1, identity out): each share is v·σ(w·x + b), and y is their sum plus c.
    void sharesOfABump() {
        const FunctionCurves c = functionCurves(dense(1, {2}, engine::Activation::Sigmoid,
                                                      engine::Activation::Identity),
                                                vec({10, 10, 0, -31.4, 0.8, -0.8, 0.1}), {engine::Feature::X1}, {}, -6,
                                                6, 121);
        QCOMPARE(c.parts.size(), 2);
        QCOMPARE(c.x.size(), 121);
        QCOMPARE(c.x.front(), -6.0);
        QCOMPARE(c.x.back(), 6.0);
        QCOMPARE(c.layer, 0);
        QCOMPARE(c.bias, 0.1);
        QVERIFY(c.sumsToOutput);
        for (int i = 0; i < c.x.size(); ++i) {
            const double x = c.x[i];
            QVERIFY(std::abs(c.parts[0][i] - 0.8 * sigma(10 * x)) < 1e-12);
            QVERIFY(std::abs(c.parts[1][i] + 0.8 * sigma(10 * x - 31.4)) < 1e-12);
            QVERIFY(std::abs(c.y[i] - (c.parts[0][i] + c.parts[1][i] + 0.1)) < 1e-12);
        }
        // Between the steps the bump stands at 0.8 above c; outside it, at c.
        const int mid = 75, right = 110;  // x = 1.5 and x = 5
        QCOMPARE(c.x[mid], 1.5);
        QVERIFY(std::abs(c.y[mid] - 0.9) < 1e-4);
        QVERIFY(std::abs(c.y[right] - 0.1) < 1e-4);
    }

    // A deeper network: the shares are the last hidden layer's, and with a sigmoid output they add up to z, not y.
    void sharesOfTheLastHiddenLayer() {
        const engine::NetworkSpec spec = dense(1, {2, 2}, engine::Activation::Tanh, engine::Activation::Sigmoid);
        // Layer 0: W = (1, -1)ᵀ, b = (0, 0.5); layer 1: W = [[1, 0], [0.5, 2]] (column by column), b = (0, -1);
        // output: v = (2, -3), c = 0.25.
        const engine::Vector p = vec({1, -1, 0, 0.5, 1, 0.5, 0, 2, 0, -1, 2, -3, 0.25});
        const FunctionCurves c = functionCurves(spec, p, {engine::Feature::X1}, {}, -2, 2, 5);
        QCOMPARE(c.layer, 1);
        QCOMPARE(c.parts.size(), 2);
        QVERIFY(!c.sumsToOutput);
        for (int i = 0; i < 5; ++i) {
            const double x = -2 + i;
            const double h1 = std::tanh(x), h2 = std::tanh(-x + 0.5);
            const double g1 = std::tanh(1 * h1 + 0 * h2), g2 = std::tanh(0.5 * h1 + 2 * h2 - 1);
            QVERIFY(std::abs(c.parts[0][i] - 2 * g1) < 1e-12);
            QVERIFY(std::abs(c.parts[1][i] + 3 * g2) < 1e-12);
            QVERIFY(std::abs(c.y[i] - sigma(c.parts[0][i] + c.parts[1][i] + 0.25)) < 1e-12);
        }
    }

    // The inputs are built as the trainer builds them: the features of (x1, 0), then the standardizer.
    void featuresAndStandardizer() {
        engine::Standardizer st;
        st.mean = vec({1, 0});
        st.stddev = vec({2, 1});
        const FunctionCurves c = functionCurves(dense(2, {1}, engine::Activation::Sigmoid,
                                                      engine::Activation::Identity),
                                                vec({3, 7, 0.5, 1, 0}), {engine::Feature::X1, engine::Feature::SinX1},
                                                st, -1, 1, 3);
        QCOMPARE(c.parts.size(), 1);
        for (int i = 0; i < 3; ++i) {
            const double x = -1.0 + i;
            QVERIFY(std::abs(c.parts[0][i] - sigma(3 * (x - 1) / 2 + 7 * std::sin(x) + 0.5)) < 1e-12);
        }
    }

    // What has no 1-D shares gives no curves, and never throws.
    void refusesWhatItCannotDraw() {
        const auto sig = engine::Activation::Sigmoid, id = engine::Activation::Identity;
        const std::vector<engine::Feature> x1{engine::Feature::X1};
        QVERIFY(functionCurves(dense(1, {}, sig, id), vec({1, 0}), x1, {}, -1, 1).empty());  // no hidden layer
        engine::NetworkSpec two = dense(1, {2}, sig, id);
        two.layers.back().units = 2;  // two outputs
        QVERIFY(functionCurves(two, engine::Vector::Zero(10), x1, {}, -1, 1).empty());
        QVERIFY(functionCurves(dense(1, {2}, sig, id), vec({1, 2, 3}), x1, {}, -1, 1).empty());  // too few params
        QVERIFY(functionCurves(dense(2, {2}, sig, id), engine::Vector::Zero(9), x1, {}, -1, 1).empty());  // 2 inputs
        QVERIFY(functionCurves(dense(1, {2}, sig, id), engine::Vector::Zero(7), x1, {}, 1, -1).empty());  // hi < lo
        QVERIFY(functionCurves({}, {}, x1, {}, -1, 1).empty());
    }

    // Over a graph in curve mode each share is painted in its colour where the formula puts it; the legend sits beside
    // the plot; a neuron hovered on the diagram or under the pointer is drawn thick and named; off curve mode, nothing.
    void paintsTheSharesOverTheGraph() {
        OutputView graph;
        graph.resize(900, 600);
        showGraph(graph);
        auto* view = new FunctionView(&graph);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        QCOMPARE(view->geometry(), graph.rect());
        view->setCurves(functionCurves(dense(1, {2}, engine::Activation::Sigmoid, engine::Activation::Identity),
                                       vec({10, 10, 0, -31.4, 0.8, -0.8, 0.1}), {engine::Feature::X1}, {}, -6, 6));
        QVERIFY(view->drawsCurves());
        QImage shot = graph.grab().toImage();
        // Neuron 1's share is flat at 0.8 around x = 4, neuron 2's at −0.8 around x = 5.
        QCOMPARE(view->valueAt(0, 4), 0.8 * sigma(40));
        const QPoint on1 = view->curvePoint(0, 4).toPoint(), on2 = view->curvePoint(1, 5).toPoint();
        QVERIFY(graph.plotRect().contains(on1) && graph.plotRect().contains(on2));
        QVERIFY(std::abs(on1.y() - graph.toWidget(QPointF(4, 0.8)).y()) <= 1);
        QVERIFY(distanceNear(shot, on1, contributionColor(0)) < 30);
        QVERIFY(distanceNear(shot, on2, contributionColor(1)) < 30);
        QVERIFY(distanceNear(shot, on1, contributionColor(1)) > 100);  // each in its own colour
        // The legend beside the plot, clear of the samples.
        const QRectF legend = view->legendRect();
        QVERIFY(legend.left() > graph.plotRect().right() && legend.right() <= graph.width());
        QVERIFY(saveScreenshot(shot, "function_view_bump.png"));

        // Neuron 2 hovered on the diagram: named with its value at the middle of the plot, and drawn thick (4.5 px
        // instead of 2: more pixels of its colour in a column across the line).
        const auto thickness = [&](const QImage& im) {
            int n = 0;
            for (int dy = -6; dy <= 6; ++dy)
                n += colourDistance(im.pixelColor(on2 + QPoint(0, dy)), contributionColor(1)) < 60;
            return n;
        };
        const int thin = thickness(shot);
        view->setHighlighted(1);
        QCOMPARE(view->highlighted(), 1);
        QVERIFY2(view->hoverText().startsWith("neuron 2: v·a = "), qPrintable(view->hoverText()));
        shot = graph.grab().toImage();
        QVERIFY(saveScreenshot(shot, "function_view_highlighted.png"));
        QVERIFY2(thickness(shot) >= thin + 2, qPrintable(QString("%1 → %2 px").arg(thin).arg(thickness(shot))));
        view->setHighlighted(-1);
        QVERIFY(view->hoverText().isEmpty());

        // The pointer on neuron 1's share at x = 4: named with its value there; away from every curve, nothing.
        QTest::mouseMove(&graph, on1);
        QTRY_COMPARE(view->highlighted(), 0);
        QVERIFY2(view->hoverText().startsWith("neuron 1: v·a = 0.80 at x₁ = 4.0"), qPrintable(view->hoverText()));
        QTest::mouseMove(&graph, graph.toWidget(QPointF(4, -0.3)).toPoint());
        QTRY_COMPARE(view->highlighted(), -1);

        // A graph that is no longer a curve (a plane): the shares are not drawn.
        graph.setBoundary(QImage(), BoundaryStyle{});
        QVERIFY(!view->drawsCurves());
        QVERIFY(view->legendRect().isEmpty());
    }

    // Presenter mode doubles the view scale: thicker lines and a larger legend, still beside the plot on a wide view.
    void scalesForThePresenter() {
        OutputView graph;
        graph.resize(1600, 900);
        showGraph(graph);
        auto* view = new FunctionView(&graph);
        view->setCurves(functionCurves(dense(1, {2}, engine::Activation::Sigmoid, engine::Activation::Identity),
                                       vec({10, 10, 0, -31.4, 0.8, -0.8, 0.1}), {engine::Feature::X1}, {}, -6, 6));
        const QRectF normal = view->legendRect();
        setViewScale(1.6);
        const QRectF big = view->legendRect();
        QVERIFY(big.height() > 1.4 * normal.height());
        QVERIFY(saveScreenshot(graph.grab().toImage(), "function_view_presenter.png"));
        setViewScale(1.0);
    }
};

QTEST_MAIN(TstFunctionView)
#include "tst_function_view.moc"
