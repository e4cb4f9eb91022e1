// The gradient check drawn on the network diagram: every link (and bias dot) the view draws on its own is outlined in
// the colour of its relative error, so a wrong layer stands out at a glance. Shows a result; it computes nothing.
#pragma once
#include "engine/learning.h"
#include "widgets/diagram_overlay.h"

namespace widgets {

class GradientCheckOverlay : public DiagramOverlay {
    Q_OBJECT
public:
    explicit GradientCheckOverlay(NetworkView* view);

    // The result of engine::gradientCheck on a network of `spec` (the view's). An empty result draws nothing.
    void setResult(const engine::GradientCheckResult& result, const engine::NetworkSpec& spec);
    void clear();
    // The parameter drawn strongest (a row clicked in the GradientCheckView); -1 for none.
    void setHighlighted(qint64 parameter);
    int lastLinkCount() const { return m_lastLinks; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    engine::NetworkSpec m_spec;
    std::vector<engine::Index> m_wOff, m_bOff;
    std::vector<double> m_error;  // per flat parameter
    qint64 m_highlight = -1;
    int m_lastLinks = 0;
};

}  // namespace widgets
