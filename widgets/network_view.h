// The network diagram, as TF Playground draws it: input features, then each layer, each neuron a thumbnail of its own
// output over the input plane, links coloured by the weight's sign and as wide as its size, biases as corner dots.
// Wide layers fold into "… N more" nodes with bundled links, so a 1000-neuron layer paints as fast as a 4-neuron one.
// Convolution and pooling layers, flatten and an image input are drawn as stacks of maps (a few offset cards, "…"
// beyond six) under their shape ("8×8×8"), joined to their neighbours by one band instead of thousands of lines.
#pragma once
#include "engine/network.h"
#include <QImage>
#include <QPolygonF>
#include <QStringList>
#include <QVector>
#include <QWidget>

namespace widgets {

class NetworkView : public QWidget {
    Q_OBJECT
public:
    // What lies under a point. Layer -1 is the input column (unit = feature index in display order); layers 0.. are
    // the network's layers. For a Link, (layer, unit, input) are the arguments of Network::weightIndex, with input the
    // network's input index for layer 0; a -1 end is the folded rest of a wide layer (a bundled link). A Stack is a
    // whole layer drawn as maps (convolution, pooling, flatten, an image input): unit and input are -1.
    struct Hit {
        enum Kind { None, Neuron, Link, Bias, More, Stack };
        Kind kind = None;
        int layer = -2;
        int unit = -1;   // Neuron/Bias: the neuron; Link: the target neuron; More: the first folded neuron
        int input = -1;  // Link only: the source
        int count = 0;   // More only: how many neurons the node stands for
    };

    explicit NetworkView(QWidget* parent = nullptr);

    // inputLabels: the 9 feature labels (x₁, x₂, x₁², ...) when twoDFeatures, else the raw input names (may be empty:
    // "in 1", ... are used). inputActive: which features feed the network (twoDFeatures only); spec.inputs should equal
    // the number of active features, which feed the network in display order.
    void setNetwork(const engine::NetworkSpec& spec, QStringList inputLabels, QVector<bool> inputActive,
                    bool twoDFeatures);
    // Flat vectors in Network's layout; a size that does not match the spec draws the links without weights.
    void setParameters(const engine::Vector& params, const engine::Vector& grads = {});
    // images[0]: the input features in display order; images[l + 1][j]: neuron j of layer l, or map j of a layer drawn
    // as a stack (its cards show the first maps). Missing entries draw boxes.
    void setNeuronImages(QVector<QVector<QImage>> images);
    // Highlights one neuron (layer -1 = input), or a whole stack (unit -1 on a layer drawn as a stack); anything out of
    // range clears the selection.
    void setSelected(int layer, int unit);

    const engine::NetworkSpec& spec() const { return m_spec; }
    Hit hitTest(QPointF pos) const;
    // Centre of a neuron's node in widget coordinates; a folded neuron gives its "more" node; (-1, -1) if none.
    QPointF neuronCenter(int layer, int unit) const;
    // The node's square (its bias dot sits on the bottom-left corner); empty if none (also for every unit of a layer
    // drawn as a stack: it has no neurons of its own to point at).
    QRectF neuronRect(int layer, int unit) const;
    // Whether layer (-1: the input) is drawn as a stack of maps rather than as neurons.
    bool isStack(int layer) const;
    // What a column shows, as painted: the whole of its drawing (every node, or the stack of maps with its shape
    // caption), its header's title and detail ("Conv", "3×3, pad 1, ReLU"), and the shape caption under a stack
    // ("8×8×8"; a dense layer's "10"). Empty for a layer that does not exist.
    QRectF layerRect(int layer) const;
    QString columnTitle(int layer) const;
    QString columnDetail(int layer) const;
    QString shapeLabel(int layer) const;
    // How many map cards a stack draws (at most six; a "…" follows when the layer has more).
    int stackCards(int layer) const;
    // Tooltip text for a hit (empty for None): "w = 0.4213 (hidden 1 neuron 2 ← x₁), last gradient ∂L/∂w = -0.0123".
    QString describe(const Hit& hit) const;

    // For an editing overlay (widgets/network_editor_overlay.h), which paints on top and reads this geometry.
    // Height reserved under the column headers for editing controls (default 0: the plain diagram).
    void setEditStripHeight(double px);
    double editStripHeight() const { return m_editStrip; }
    // A column's header box (layer -1 = the inputs), as painted; its bottom editStripHeight() pixels are the strip.
    QRectF headerRect(int layer) const;
    // The painted title text of a column's header ("Hidden 1"), tight around the text.
    QRectF titleRect(int layer) const;
    // The drawn line of link W_layer(unit, input), input as in Hit::input; a null line if it is not drawn on its own
    // (folded into a bundle, or an inactive feature).
    QLineF linkLine(int layer, int unit, int input) const;
    double nodeSize() const {
        ensureLayout();
        return m_node;
    }
    double textScaleFactor() const {
        ensureLayout();
        return m_textScale;
    }
    const engine::Vector& parameters() const { return m_params; }

    QSize minimumSizeHint() const override { return {420, 280}; }
    QSize sizeHint() const override { return {720, 420}; }

signals:
    void neuronHovered(int layer, int unit);  // (-2, -2) when the pointer leaves a neuron
    void neuronClicked(int layer, int unit);  // hidden/output neurons, and inputs when not twoDFeatures
    void layerClicked(int layer);             // a layer drawn as a stack of maps (-1: an image input)
    void inputFeatureToggled(int featureIndex);

protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent*) override;
    void changeEvent(QEvent* e) override;

private:
    // One drawn node: a neuron, or (count > 1) the "… N more" node standing for units [unit, unit + count).
    struct Slot {
        int unit = 0;
        int count = 1;
        QRectF rect;
    };
    struct Column {
        QVector<Slot> nodes;    // empty for a stack
        QString title, detail;  // "Hidden 1", "4 neurons · tanh"; "Conv", "3×3, pad 1, ReLU"
        double x = 0;           // the column's centre
        bool stack = false;     // drawn as maps: conv, pooling, flatten, an image input
        engine::Shape shape;    // what the column holds per sample
        QRectF stackRect;       // the front card (stack) ...
        QRectF extent;          // ... and everything drawn: every card, or every node
        QString caption;        // "8×8×8", under a stack
        int cards = 0;          // map cards drawn (stack)
    };
    // The band between two columns where one is a stack: the many weights of a convolution, or a flatten, as one shape.
    struct Band {
        int layer = 0;  // joins column layer and layer + 1
        QPolygonF shape;
    };
    // A drawn link between slot `from` of column `layer` and slot `to` of column layer + 1 (column 0 = inputs).
    struct Link {
        int layer = 0, from = 0, to = 0;
        QLineF line;
        double value = 0;  // the weight, or the mean weight of a bundle
        QColor color;
        double width = 1;
        bool bundle = false;
    };

    void invalidateLayout();
    void ensureLayout() const;
    void computeLayout();
    void computeLinkStyles();
    int networkInput(int displayIndex) const;  // network input fed by a displayed feature, -1 if inactive
    int displayInput(int networkIndex) const;
    QString unitName(int layer, int unit) const;
    QString layerName(int layer) const;
    QString describeStack(int layer) const;
    engine::Index weightIndex(int l, int j, int i) const;
    engine::Index biasIndex(int l, int j) const;
    bool hasParams() const;
    void setHover(const Hit& h);
    bool linkTouches(const Link& k, int layer, int unit) const;

    void paintColumns(QPainter& p) const;
    void paintNode(QPainter& p, int col, const Slot& s) const;
    void paintStack(QPainter& p, int col) const;
    bool stackColumn(int c) const;  // column c (0 = inputs) is drawn as maps
    QString stackDetail(int c) const;

    engine::NetworkSpec m_spec;
    QStringList m_labels;
    QVector<bool> m_active;
    bool m_twoD = false;
    engine::Vector m_params, m_grads;
    std::vector<engine::Index> m_wOff, m_bOff;  // from engine::ParameterLayout
    std::vector<int> m_rows;                    // W's rows per layer (neurons, or output channels)
    std::vector<engine::Shape> m_shapes;        // per column: the input's shape, then each layer's output
    engine::Index m_paramCount = 0;
    QVector<QVector<QImage>> m_images;
    int m_selLayer = -2, m_selUnit = -1;
    Hit m_hover, m_press;

    // Layout cache, rebuilt lazily after a resize or a new network.
    bool m_layoutDirty = true;
    QVector<Column> m_columns;
    QVector<Link> m_links;         // in drawing order: weak first, strong on top
    QVector<Band> m_bands;
    QVector<double> m_layerScale;  // max |w| per layer
    QVector<double> m_biasScale;   // max |b| per layer
    double m_node = 40, m_labelWidth = 0, m_textScale = 1, m_editStrip = 0;
    QRectF m_headerArea;
};

}  // namespace widgets
