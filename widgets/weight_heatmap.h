// A Hinton diagram of one layer's weights W (units x inputs) and its bias column b: each entry a square whose area is
// proportional to |w| and whose colour gives the sign. Layers too large for squares draw as a dense colour map instead.
// Which layer shows is the caller's choice (setLayer); the widget only draws the snapshot it is given.
#pragma once
#include "engine/network.h"
#include <QImage>
#include <QStringList>
#include <QWidget>

namespace widgets {

class WeightHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit WeightHeatmap(QWidget* parent = nullptr);

    void setParameters(const engine::NetworkSpec& spec, const engine::Vector& params);
    void setLayer(int layer);  // clamped to the spec's layers
    int layer() const { return m_layer; }
    // Names of the network's inputs, used as column labels for layer 0 (defaults: "in 1", "in 2", ...).
    void setInputLabels(QStringList labels);

    // Cell geometry: row = neuron of the layer, col = input (col == inputs is the bias column).
    QRectF cellRect(int row, int col) const;
    QPoint cellAt(QPointF pos) const;  // (col, row), or (-1, -1) outside the grid
    bool isDense() const;              // true when cells are too small for Hinton squares
    QString describe(int row, int col) const;

    QSize minimumSizeHint() const override { return {260, 200}; }
    QSize sizeHint() const override { return {420, 320}; }

protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent*) override;

private:
    struct Geometry {
        QRectF grid;  // the W block
        QRectF bias;  // the b column
        double cell = 0;
        double textScale = 1;
    };
    Geometry geometry() const;
    int rows() const;
    int cols() const;
    bool valid() const;
    double value(int row, int col) const;
    QString layerTitle() const;
    QString columnLabel(int col) const;

    engine::NetworkSpec m_spec;
    engine::Vector m_params;
    QStringList m_inputLabels;
    int m_layer = 0;
    engine::Index m_wOff = 0, m_bOff = 0;
    int m_rows = 0, m_cols = 0;  // the shown layer's W (a convolution: maps x kernel weights); 0: nothing to show
    engine::LayerKind m_kind = engine::LayerKind::Dense;
    double m_scale = 0;  // max |w| over W and b of the shown layer
    void refresh();
};

}  // namespace widgets
