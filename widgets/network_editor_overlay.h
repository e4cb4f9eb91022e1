// Editing affordances on the live network diagram: it installs on a NetworkView, reserves a strip under the column
// headers for "−"/"+" neuron buttons and "+" layer buttons between the columns, paints locks on frozen parts and a
// veil on disabled neurons, and turns clicks, drags, context menus and keys into intents. Like every widget here it
// edits nothing itself: the window turns the intents into undoable commands and hands back the spec, weights and mask.
// A convolution or pooling layer (drawn as a stack of maps) is selected by a click and edited from its context menu
// (kernel, stride, padding, channels; window size and max/average) or with keys: [ and ] shrink and grow the kernel
// or window, + and − change the channels, Delete removes it, the Menu key opens its menu.
#pragma once
#include "engine/loss.h"
#include "engine/param_mask.h"
#include "widgets/network_view.h"
#include <QPointer>
#include <optional>
#include <QWidget>

class QLineEdit;
class QMenu;

namespace widgets {

class NetworkEditorOverlay : public QWidget {
    Q_OBJECT
public:
    enum class FreezeKind { Weight, Bias, Neuron, Layer };

    // A clickable control, for tests and for the tooltip.
    struct Button {
        enum Kind { None, AddNeuron, RemoveNeuron, AddLayer, RemoveLayer };
        Kind kind = None;
        int layer = -1;  // AddLayer: the index the new hidden layer takes (0 = before the first layer)
        QRectF rect;
        bool enabled = true;  // "−" on a one-neuron layer is shown but does nothing
    };

    // An output activation + loss the output layer's menu offers (the window offers what suits the task).
    struct OutputChoice {
        engine::Activation activation;
        engine::Loss loss;
        QString label;
    };

    // Becomes a child of `view` covering it, transparent to the mouse; watches the view's events.
    explicit NetworkEditorOverlay(NetworkView* view);

    NetworkView* view() const { return m_view; }
    // Off: the plain diagram (no strip, no buttons, no menus); the locks and veils still show.
    void setEditable(bool on);
    bool isEditable() const { return m_editable; }
    void setMask(const engine::ParameterMask& mask);
    // Default: sigmoid + BCE, softmax + cross-entropy, tanh + MSE, identity + MSE.
    void setOutputChoices(QVector<OutputChoice> choices);
    // Whether the output layer's width is the user's to change (false: it follows the classes of the data).
    void setOutputResizable(bool on);
    // The data are pictures of height x width x channels (0 x 0: they are not). A dense network on pictures is offered
    // "Insert a convolution before" on its first layer: the network then takes the inputs as that picture.
    void setPictureInput(int height, int width);

    // Geometry of the controls as painted now.
    QVector<Button> buttons() const;
    Button buttonAt(QPointF pos) const;
    QRectF buttonRect(Button::Kind kind, int layer) const;

    // The context menu for a point of the view (nullptr where there is none); its actions emit the intents.
    QMenu* createContextMenu(QPointF pos, QWidget* parent);
    // Opens the inline editor on a weight (input >= 0) or a bias (input == -1); Enter emits weightValueEntered.
    void editWeight(int layer, int unit, int input);
    QLineEdit* weightEditor() const { return m_editor; }

    // The selection the keys act on (also shown by the view when it is a neuron).
    NetworkView::Hit selection() const { return m_selection; }
    void setSelection(const NetworkView::Hit& hit);

    // Pixels of drag per unit of weight when scrubbing (Shift: ten times finer).
    static constexpr double kScrubPixelsPerUnit = 100.0;

signals:
    void addLayerRequested(int index);  // a new hidden layer at index (0 .. number of hidden layers)
    void removeLayerRequested(int layer);
    void moveLayerRequested(int layer, int to);
    void addNeuronRequested(int layer);
    void removeNeuronRequested(int layer, int unit);  // unit -1: the last one
    void activationRequested(int layer, engine::Activation activation);
    // A convolution or pooling layer with new settings (kernel, stride, padding, channels, window, max/average); the
    // spec it makes validates. The window pushes it as one undoable architecture edit.
    void layerEditRequested(int layer, engine::LayerSpec spec);
    // A typed layer inserted at index (a convolution or a pooling layer); the spec it makes validates.
    void insertLayerRequested(int index, engine::LayerSpec spec);
    // A whole new network (a dense one on pictures given its first convolution); the spec validates.
    void architectureRequested(engine::NetworkSpec spec);
    void outputRequested(engine::Activation activation, engine::Loss loss);
    void weightEditRequested(int layer, int unit, int input);  // input -1: the bias
    void weightValueEntered(int layer, int unit, int input, double value);
    void weightScrubStarted(int layer, int unit, int input);
    void weightScrubbed(int layer, int unit, int input, double totalDelta);  // since the press
    void weightScrubFinished(int layer, int unit, int input);
    // kind Layer with layer -1 and frozen false: "Unfreeze all", every parameter of the network trainable again.
    void freezeToggled(widgets::NetworkEditorOverlay::FreezeKind kind, int layer, int unit, int input, bool frozen);
    void neuronDisabledToggled(int layer, int unit, bool disabled);
    void selectionChanged(int layer, int unit, int input, int kind);  // kind: NetworkView::Hit::Kind

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;
    void paintEvent(QPaintEvent*) override;

private:
    bool mousePress(QMouseEvent* e);
    bool mouseMove(QMouseEvent* e);
    bool mouseRelease(QMouseEvent* e);
    bool keyPress(QKeyEvent* e);
    void contextMenu(QContextMenuEvent* e);
    void triggerButton(const Button& b);
    void closeEditor(bool commit);
    int hiddenCount() const;
    int columnAt(double x) const;  // the layer whose column is nearest to x (-1 inputs)
    void paintButton(QPainter& p, const Button& b) const;
    void paintLock(QPainter& p, QPointF center, double size) const;
    double parameterValue(int layer, int unit, int input) const;
    void addFreezeActions(QMenu* menu, const NetworkView::Hit& h);
    void addLayerSettings(QMenu* menu, int layer);
    // The spec with layer l replaced, when it validates.
    std::optional<engine::NetworkSpec> withLayer(int l, const engine::LayerSpec& layer) const;
    std::optional<engine::NetworkSpec> withInserted(int index, const engine::LayerSpec& layer) const;
    bool requestLayer(int l, const engine::LayerSpec& layer);  // emits layerEditRequested when it validates
    engine::LayerSpec typedInsertion(int index) const;         // a 3×3 "same" convolution like its neighbour
    // A dense network on pictures with a convolution (and max pooling) before its first layer, when it validates.
    std::optional<engine::NetworkSpec> withFirstConvolution() const;
    bool stepKernel(int l, int direction);
    double columnX(int layer) const;

    QPointer<NetworkView> m_view;
    QObject* m_viewObject = nullptr;  // the same view, for identity tests that must not cast
    bool m_editable = true;
    bool m_outputResizable = false;
    int m_pictureHeight = 0, m_pictureWidth = 0;
    engine::ParameterMask m_mask;
    QVector<OutputChoice> m_outputs;
    NetworkView::Hit m_selection;
    QLineEdit* m_editor = nullptr;
    int m_editLayer = -1, m_editUnit = -1, m_editInput = -1;

    // A press in progress: a button, a weight to scrub, or a layer header to drag.
    enum class Gesture { None, Button, Weight, Header };
    Gesture m_gesture = Gesture::None;
    Button m_pressButton;
    NetworkView::Hit m_pressHit;
    QPointF m_pressPos, m_lastPos;
    bool m_dragging = false;
    int m_dropColumn = -2;
    Button m_hoverButton;
};

}  // namespace widgets
