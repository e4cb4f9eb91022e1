// The 1-D function view: over the graph of a regression on x1 alone (OutputView in curve mode, which already plots the
// samples and the network's y(x) as a thick curve), each neuron of the last hidden layer's contribution v_j·a_j(x) as a
// thin coloured curve and the output bias as a dashed line, so a student sees steps and bumps add up to y(x).
// It draws from a copy of the parameters (never the training network), takes no clicks (the graph's editing tools keep
// them), and draws nothing unless the graph is in curve mode and the network is dense with one output.
#pragma once
#include "engine/dataset.h"
#include "engine/layer_spec.h"
#include "engine/types.h"
#include <QColor>
#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>
#include <vector>

namespace widgets {

class OutputView;

// A dense network's output over x1 in [lo, hi] (x2 = 0) and its last hidden layer's share of it:
// z(x) = Σ_j v_j·a_j(x) + c, y(x) = f_out(z(x)).
struct FunctionCurves {
    QVector<double> x;               // where the curves are sampled, lo..hi
    QVector<double> y;               // the network's output y(x)
    QVector<QVector<double>> parts;  // parts[j][i] = v_j·a_j(x_i), neuron j of the last hidden layer
    double bias = 0;                 // c, the output neuron's bias
    int layer = -1;                  // the last hidden layer (0 = the first)
    bool sumsToOutput = true;        // identity output: the parts plus c are y itself (else they sum to z)
    bool empty() const { return parts.isEmpty(); }
};

// The curves of this network (spec with flat params in Network's layout) for inputs built from x1 as the trainer builds
// them (the features from (x1, 0), then the standardizer when it is fitted). Empty, never a throw, when the network is
// not all dense, has no hidden layer, has more than one output, or does not fit the inputs or the parameters.
FunctionCurves functionCurves(const engine::NetworkSpec& spec, const engine::Vector& params,
                              const std::vector<engine::Feature>& features, const engine::Standardizer& standardizer,
                              double lo, double hi, int samples = 241);

// The colour of neuron j's curve (eight hues, repeating).
QColor contributionColor(int j);

class FunctionView : public QWidget {
    Q_OBJECT
public:
    // Lies over `graph`, as large as it, and follows its size; the graph keeps the mouse.
    explicit FunctionView(OutputView* graph);

    void setCurves(FunctionCurves curves);
    const FunctionCurves& curves() const { return m_curves; }
    // One neuron's curve drawn thick and named (a neuron hovered on the diagram); -1: none.
    void setHighlighted(int unit);
    int highlighted() const { return m_hot; }
    // Whether the contributions are drawn now (the graph is in curve mode and there are curves).
    bool drawsCurves() const;
    // What the view says of the neuron under the pointer or hovered on the diagram ("neuron 2: v·a = -0.80 at
    // x₁ = 1.00"; the neurons are the last hidden layer's); empty when none.
    QString hoverText() const { return m_hoverText; }
    // Part j (or the bias, j = -1) at x1 = x, linear between the samples; and where it is drawn, in the graph's pixels.
    double valueAt(int j, double x) const;
    QPointF curvePoint(int j, double x) const;
    // The legend's box in the graph's pixels (empty when nothing is drawn).
    QRectF legendRect() const;

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;
    void paintEvent(QPaintEvent*) override;

private:
    int nearestCurve(QPointF pos) const;  // within a few pixels of the pointer; -1 when none
    void updateHoverText(double x);
    double graphTextPx() const;  // the graph's own text size (OutputView's layout), which the legend sits under
    struct LegendLayout {
        QRectF box;
        double fontPx = 12;  // the legend's and the named neuron's text
    };
    LegendLayout legendLayout() const;
    QString legendTitle() const;
    QString biasText() const;

    OutputView* m_graph;
    FunctionCurves m_curves;
    int m_hot = -1;              // the highlighted neuron
    bool m_fromDiagram = false;  // m_hot came from setHighlighted, not the pointer
    double m_pointerX = 0;       // x1 under the pointer (or the middle of the plot for a diagram hover)
    QString m_hoverText;
};

}  // namespace widgets
