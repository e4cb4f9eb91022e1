// The step-through numbers drawn on the network diagram: z and a on each neuron in the forward phases, the output and
// its loss in the loss phase, δ on neurons and ∂L/∂w on the links of the layer being back-propagated, old → new on
// the links in the update. Only nodes the view draws on their own get a label; link labels appear when a layer has
// few enough links to stay readable, otherwise only for the selected neuron's or link's.
#pragma once
#include "engine/backprop_stepper.h"
#include "widgets/diagram_overlay.h"
#include <functional>
#include <memory>

namespace widgets {

class StepperOverlay : public DiagramOverlay {
    Q_OBJECT
public:
    static constexpr int kMaxLinkLabels = 8;  // a layer with more drawn links labels only the selection's

    explicit StepperOverlay(NetworkView* view);

    // The stepper whose current phase and sample are drawn (shared with the StepperPanel; null draws nothing).
    void setStepper(std::shared_ptr<const engine::BackpropStepper> stepper);
    const engine::BackpropStepper* stepper() const { return m_stepper.get(); }
    // The item the side panel explains: drawn with a strong outline, and its links labelled in wide layers.
    void setSelection(const engine::StepItem& item);
    engine::StepItem selection() const { return m_selection; }

    // How many tags the last paint drew (nodes and links): tests check that wide layers stay uncluttered.
    int lastTagCount() const { return m_lastTags; }

public slots:
    void refresh() { update(); }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    void paintInputs(QPainter& p) const;
    void paintForward(QPainter& p, int upTo) const;
    void paintLoss(QPainter& p) const;
    void paintBackward(QPainter& p, int from) const;
    void paintUpdate(QPainter& p) const;
    void paintLinkLabels(QPainter& p, int layer, const std::function<QStringList(int j, int i)>& text,
                         const QColor& accent, bool onlySelected = false) const;
    void paintSelection(QPainter& p) const;
    void paintFlow(QPainter& p, int layer, bool backward) const;
    void tag(QPainter& p, QPointF centre, const QStringList& lines, const QColor& accent, const QFont& font,
             bool strong = false) const;
    bool linkSelected(int layer, int unit, int input) const;

    std::shared_ptr<const engine::BackpropStepper> m_stepper;
    engine::StepItem m_selection;
    mutable int m_lastTags = 0;
    mutable QVector<QRectF> m_placed;  // this paint's tags (and nodes), which link labels keep clear of
};

}  // namespace widgets
