#include "app/stepper/step_gradient_check.h"
#include "app/document/project_data.h"
#include "app/session/background_worker.h"
#include "app/stepper/step_mode.h"
#include "engine/trainer.h"
#include "widgets/gradient_check_overlay.h"
#include "widgets/gradient_check_view.h"
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace app {
namespace {

// Every hidden layer with the step activation, the weights kept, and each hidden unit's bias moved so that the
// first sample sits exactly on its threshold (z = 0). There the loss jumps when a weight moves by h: central
// differences see a huge slope, backprop (step′ = 0) sees none. Away from a threshold both say 0 and agree, which is
// the other half of the lesson: the check passes, yet nothing can learn.
engine::Network brokenCopy(const engine::Network& net, const engine::Matrix& X) {
    engine::NetworkSpec spec = net.spec();
    for (std::size_t l = 0; l + 1 < spec.layers.size(); ++l) spec.layers[l].activation = engine::Activation::Step;
    engine::Network broken(spec);
    broken.params() = net.params();
    engine::Vector a = X.col(0);
    for (int l = 0; l + 1 < broken.layerCount(); ++l) {
        const engine::Vector wa = broken.W(l) * a;
        broken.b(l) = -wa;
        engine::Vector z = wa + broken.b(l);
        a = z.unaryExpr([](engine::Scalar v) { return v >= 0 ? engine::Scalar(1) : engine::Scalar(0); });
    }
    return broken;
}

}  // namespace

StepGradientCheck::StepGradientCheck(StepMode* mode, QWidget* parent)
    : QWidget(parent), m_mode(mode), m_worker(new BackgroundWorker(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* row = new QHBoxLayout;
    m_run = new QPushButton(tr("Check the gradient"), this);
    m_run->setToolTip(tr("Backprop's ∂L/∂w against central differences (L(w + h) − L(w − h)) / 2h, h = 10⁻⁵, for "
                         "every weight and bias, on the training data (F7)"));
    m_break = new QCheckBox(tr("Break it: step activation"), this);
    m_break->setToolTip(tr("Check a copy whose hidden units use the step function, with a sample on each threshold: "
                           "what a wrong gradient looks like"));
    row->addWidget(m_run);
    row->addWidget(m_break, 1);
    layout->addLayout(row);
    m_note = makeNoteLabel(this);
    layout->addWidget(m_note);
    m_view = new widgets::GradientCheckView(this);
    layout->addWidget(m_view, 1);

    connect(m_run, &QPushButton::clicked, this, &StepGradientCheck::run);
    connect(m_break, &QCheckBox::toggled, this, &StepGradientCheck::run);
    connect(m_view, &widgets::GradientCheckView::parameterSelected, this, [this](qint64 p) {
        if (m_overlay) m_overlay->setHighlighted(p);
    });
    connect(m_worker, &BackgroundWorker::finished, this, [this] { m_run->setEnabled(true); });
    m_note->setText(tr("Press the button to compare backprop with finite differences on the current weights."));
}

bool StepGradientCheck::isRunning() const { return m_worker->isRunning(); }
widgets::GradientCheckOverlay* StepGradientCheck::overlay() const { return m_overlay; }

void StepGradientCheck::run() {
    m_run->setEnabled(false);
    m_note->setText(tr("Checking…"));
    const bool broken = m_break->isChecked();
    m_mode->capture([this, broken](const Project& p) {
        m_worker->start([this, p, broken](const BackgroundWorker::Context& ctx) {
            QString error;
            std::unique_ptr<engine::Trainer> t = makeTrainer(p, &error);
            if (!t || t->trainInputs().cols() == 0) {
                if (!t) error = tr("Cannot check this network: %1").arg(error);
                else error = tr("There is no training data to check on.");
                ctx.post([this, error] { m_note->setText(error); });
                return;
            }
            // An even spread of the training samples keeps the check quick on a large set.
            const engine::Matrix& X = t->trainInputs();
            const engine::Matrix& Y = t->trainTargets();
            const engine::Index n = std::min<engine::Index>(X.cols(), kMaxSamples);
            engine::Matrix Xs(X.rows(), n), Ys(Y.rows(), n);
            for (engine::Index k = 0; k < n; ++k) {
                Xs.col(k) = X.col(k * X.cols() / n);
                Ys.col(k) = Y.col(k * X.cols() / n);
            }
            engine::Network net = t->network();
            const engine::NetworkSpec real = net.spec();
            const bool canBreak = broken && net.layerCount() > 1;
            engine::GradientCheckResult r;
            try {
                if (canBreak) net = brokenCopy(net, Xs);
                r = engine::gradientCheck(net, Xs, Ys);
            } catch (const std::exception& e) {
                const QString msg = QString::fromStdString(e.what());
                ctx.post([this, msg] { m_note->setText(msg); });
                return;
            }
            if (ctx.cancelled()) return;
            ctx.post([this, r, net, real, canBreak, n] { showResult(r, net, real, canBreak, int(n)); });
        });
    });
}

void StepGradientCheck::showResult(const engine::GradientCheckResult& r, const engine::Network& checkedNet,
                                   const engine::NetworkSpec& real, bool broken, int samples) {
    m_result = r;
    m_resultBroken = broken;
    m_spec = real;
    m_view->setResult(r, checkedNet);
    QString note = tr("On %n training sample(s), with the current weights.", nullptr, samples);
    if (broken)
        note = tr("A copy with step hidden units and the first sample exactly on each threshold: the loss jumps "
                  "there, so finite differences see a steep slope where backprop, with step′(z) = 0, sees none. "
                  "Untick to check the real network.");
    else if (m_break->isChecked()) note = tr("This network has no hidden layer to break.");
    m_note->setText(note);
    setOverlayShown(m_overlayShown);
    emit checked();
}

void StepGradientCheck::setOverlayShown(bool on) {
    m_overlayShown = on;
    // The overlay colours links neuron by neuron with dense offsets: a convolution or pooling layer has none (the
    // table still lists every parameter).
    if (!on || m_result.entries.empty() || !m_spec.isDenseOnly()) {
        delete m_overlay;
        return;
    }
    if (!m_overlay) {
        m_overlay = new widgets::GradientCheckOverlay(m_mode->networkView());
        m_overlay->setObjectName("gradientCheckOverlay");
    }
    m_overlay->setInputActive(m_mode->inputActive());
    // The broken copy has the real network's layout, so its errors go on the real diagram's links.
    m_overlay->setResult(m_result, m_spec);
}

}  // namespace app
