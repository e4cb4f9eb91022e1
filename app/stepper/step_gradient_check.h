// The gradient check in the window: a button runs engine::gradientCheck (backprop against central differences) on a
// captured copy of the network and its training data, off the UI thread; the result fills the table and colours the
// diagram's links. "Break it" runs the same check with step hidden units, each with a sample on its threshold, to
// show what a wrong gradient looks like.
#pragma once
#include "engine/learning.h"
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;

namespace widgets {
class GradientCheckOverlay;
class GradientCheckView;
}  // namespace widgets

namespace app {
class BackgroundWorker;
class StepMode;

class StepGradientCheck : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxSamples = 200;  // the check runs on at most this many training samples (evenly spread)

    StepGradientCheck(StepMode* mode, QWidget* parent = nullptr);

    void run();                     // captures the network and checks it
    void setOverlayShown(bool on);  // the coloured links on the diagram (while the dock is open)
    bool isRunning() const;

    widgets::GradientCheckView* view() const { return m_view; }
    widgets::GradientCheckOverlay* overlay() const;  // null while no result is drawn
    QCheckBox* breakBox() const { return m_break; }
    QPushButton* runButton() const { return m_run; }
    const engine::GradientCheckResult& result() const { return m_result; }
    bool broken() const { return m_resultBroken; }  // the shown result is the step-activation one

signals:
    void checked();  // a result is shown

private:
    void showResult(const engine::GradientCheckResult& r, const engine::Network& checkedNet,
                    const engine::NetworkSpec& real, bool broken, int samples);

    StepMode* m_mode;
    BackgroundWorker* m_worker;
    QPushButton* m_run;
    QCheckBox* m_break;
    QLabel* m_note;
    widgets::GradientCheckView* m_view;
    QPointer<widgets::GradientCheckOverlay> m_overlay;
    engine::GradientCheckResult m_result;
    engine::NetworkSpec m_spec;
    bool m_resultBroken = false;
    bool m_overlayShown = false;
};

}  // namespace app
