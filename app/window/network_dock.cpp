// The Network dock: the live diagram with its editing overlay, the text form of the architecture and the equation of
// the selected neuron. Every edit is a command on the session's one undo stack (network_commands.h)
// on the NetworkModel; the model's changes go to the training thread as requests (a new network with the kept weights,
// edited parameters, the freeze mask), so an edit never waits for training, running or paused.
#include "engine/architecture_text.h"
#include "engine/augment.h"
#include "engine/math_text.h"
#include "engine/param_layout.h"
#include "app/session/document_controller.h"
#include "app/window/network_dock.h"
#include "app/session/session.h"
#include "widgets/output_view.h"
#include <QHBoxLayout>
#include <QVBoxLayout>
#include "app/document/project_data.h"
#include "app/window/text_fit.h"
#include "app/session/network_commands.h"
#include "widgets/network_editor_overlay.h"
#include "widgets/network_view.h"
#include <QLabel>
#include <QLineEdit>
#include <QUndoStack>

namespace app {
namespace {
// "tanh(0.4200·x₁ − 1.3000·x₂ + 0.0700)": the neuron's formula with its live numbers (at most kTerms inputs written).
QString neuronEquation(const engine::NetworkSpec& spec, const engine::Vector& params, const QStringList& inputNames,
                       int l, int j) {
    const engine::ParameterLayout lay(spec);
    if (!lay.validUnit(l, j) || params.size() != lay.size()) return {};
    constexpr int kTerms = 6;
    const int n = lay.inputs(l);
    std::string sum;
    for (int i = 0; i < std::min(n, kTerms); ++i) {
        const double w = params[lay.weightIndex(l, j, i)];
        const std::string name = l == 0 && i < inputNames.size() ? inputNames[i].toStdString()
                                                                 : engine::activationSymbol(l - 1, i);
        if (i == 0) sum += engine::formatNumber(w, 2);
        else sum += (w < 0 ? " − " : " + ") + engine::formatNumber(std::abs(w), 2);
        sum += "·" + name;
    }
    if (n > kTerms) sum += " + … (" + std::to_string(n - kTerms) + " more)";
    const double b = params[lay.biasIndex(l, j)];
    sum += (b < 0 ? " − " : " + ") + engine::formatNumber(std::abs(b), 2);
    const engine::Activation f = spec.layers[std::size_t(l)].activation;
    const std::string out = engine::activationSymbol(l, j) + " = ";
    if (f == engine::Activation::Identity) return QString::fromStdString(out + sum);
    return QString::fromStdString(out + engine::activationName(f) + "(" + sum + ")");
}
}  // namespace

NetworkDock::NetworkDock(Session* session, widgets::OutputView* output, QWidget* parent)
    : QWidget(parent), m_session(session), m_output(output) {
    // The diagram, and under it the architecture as text and, on a line of its own, the selected neuron's formula (beside
    // the text it wrapped onto five lines when a tool's dock narrowed the column).
    auto* nl = new QVBoxLayout(this);
    nl->setContentsMargins(0, 0, 0, 2);
    nl->setSpacing(2);
    m_network = new widgets::NetworkView(this);
    m_network->setObjectName("networkView");
    nl->addWidget(m_network, 1);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(4, 0, 4, 0);
    m_archText = new QLineEdit(this);
    m_archText->setObjectName("architectureText");
    m_archText->setPlaceholderText(tr("e.g. 2-8-8-1 tanh, sigmoid out"));
    m_archText->setMinimumWidth(m_archText->fontMetrics().horizontalAdvance("2-8-8-1 tanh, sigmoid out, bce") + 16);
    m_equation = new QLabel(this);
    m_equation->setObjectName("neuronEquation");
    m_equation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_equation->setToolTip(tr("The selected neuron's formula with its live weights"));
    row->addWidget(new QLabel(tr("Architecture"), this));
    row->addWidget(m_archText, 1);
    nl->addLayout(row);
    auto* formula = new QHBoxLayout;
    formula->setContentsMargins(4, 0, 4, 0);
    formula->addWidget(m_equation, 1);
    nl->addLayout(formula);
    connect(m_network, &widgets::NetworkView::neuronHovered, this, &NetworkDock::onNeuronHovered);
    connect(m_network, &widgets::NetworkView::inputFeatureToggled, m_session, [this](int feature) {
        m_session->document()->markModified();  // not on the undo stack, but a change to save
        m_session->toggleInput(feature);
    });
    connect(m_session, &Session::projectLoaded, this, &NetworkDock::followNetworkModel);
    connect(m_session, &Session::trainingRebuilt, this, &NetworkDock::followNetworkModel);
    connect(m_session, &Session::dataChanged, this, &NetworkDock::followPictures);

    // Under the diagram: the architecture field as wide as its text ("4-8-8-8-1 relu, sigmoid out, mse" was cut), and
    // the formula wrapping onto a second line rather than asking for its one-line width (in presenter mode that
    // minimum squeezed the diagram off the dock's right edge).
    keepTextWhole(m_archText, QStringLiteral("2-8-8-1 tanh, sigmoid out, bce"));
    m_equation->setWordWrap(true);
    m_editor = new widgets::NetworkEditorOverlay(m_network);
    m_editor->setObjectName("networkEditor");
    m_editor->setEditable(true);
    auto push = [this](QUndoCommand* c) {
        if (!c) {
            emit status(tr("That edit is not possible here."), 4000);
            return;
        }
        m_session->push(c);
        if (auto* a = dynamic_cast<ArchitectureCommand*>(c)) emit status(a->summary(), 6000);
    };
    using O = widgets::NetworkEditorOverlay;
    connect(m_editor, &O::addLayerRequested, this, [this, push](int index) {
        const engine::NetworkSpec& s = m_session->network().spec();
        // A new hidden layer like its neighbour (4 neurons, tanh when there is none).
        engine::LayerSpec layer{4, engine::Activation::Tanh};
        if (s.layers.size() > 1)
            layer.activation = s.layers[std::size_t(std::min<int>(index, int(s.layers.size()) - 2))].activation;
        push(addLayerCommand(&m_session->network(), index, layer));
    });
    // A convolution's or a pooling layer's own choices (kernel, stride, padding, window, kind), and a typed layer
    // inserted from the diagram's menu.
    connect(m_editor, &O::layerEditRequested, this, [this, push](int l, const engine::LayerSpec& layer) {
        push(setLayerCommand(&m_session->network(), l, layer));
    });
    connect(m_editor, &O::insertLayerRequested, this, [this, push](int index, const engine::LayerSpec& layer) {
        push(addLayerCommand(&m_session->network(), index, layer));
    });
    connect(m_editor, &O::architectureRequested, this, [this, push](const engine::NetworkSpec& spec) {
        push(setArchitectureCommand(&m_session->network(), spec));
    });
    connect(m_editor, &O::removeLayerRequested, this,
            [this, push](int l) { push(removeLayerCommand(&m_session->network(), l)); });
    connect(m_editor, &O::moveLayerRequested, this,
            [this, push](int l, int to) { push(moveLayerCommand(&m_session->network(), l, to)); });
    connect(m_editor, &O::addNeuronRequested, this, [this, push](int l) {
        push(setUnitsCommand(&m_session->network(), l, m_session->network().spec().layers[std::size_t(l)].units + 1));
    });
    connect(m_editor, &O::removeNeuronRequested, this, [this, push](int l, int unit) {
        if (unit < 0)
            push(setUnitsCommand(&m_session->network(), l,
                                 m_session->network().spec().layers[std::size_t(l)].units - 1));
        else push(removeNeuronCommand(&m_session->network(), l, unit));
    });
    connect(m_editor, &O::activationRequested, this,
            [this, push](int l, engine::Activation a) { push(setActivationCommand(&m_session->network(), l, a)); });
    connect(m_editor, &O::outputRequested, this, [this, push](engine::Activation a, engine::Loss loss) {
        push(setOutputCommand(&m_session->network(), a, loss));
    });
    connect(m_editor, &O::weightValueEntered, this, [this](int l, int j, int i, double v) {
        auto* c = new SetWeightCommand(&m_session->network(), l, j, i, v);
        if (c->valid()) m_session->push(c);
        else delete c;
    });
    connect(m_editor, &O::weightScrubStarted, this, [this](int l, int j, int i) {
        const engine::ParameterLayout lay(m_session->network().spec());
        const engine::Index p = i < 0 ? lay.biasIndex(l, j) : lay.weightIndex(l, j, i);
        m_scrubStart = p >= 0 && p < m_session->network().params().size() ? m_session->network().parameterValue(p)
                                                                          : 0.0;
        ++m_scrubId;
    });
    connect(m_editor, &O::weightScrubbed, this, [this](int l, int j, int i, double delta) {
        auto* c = new SetWeightCommand(&m_session->network(), l, j, i, m_scrubStart + delta, m_scrubId);
        if (c->valid()) m_session->push(c);  // one drag merges into one undo step
        else delete c;
    });
    connect(m_editor, &O::freezeToggled, this, [this, push](O::FreezeKind kind, int l, int j, int i, bool frozen) {
        FreezeTarget t;
        t.kind = kind == O::FreezeKind::Weight   ? FreezeTarget::Weight
                 : kind == O::FreezeKind::Bias   ? FreezeTarget::Bias
                 : kind == O::FreezeKind::Neuron ? FreezeTarget::Neuron
                                                 : FreezeTarget::Layer;
        t.layer = l, t.unit = j, t.input = i;
        push(new FreezeCommand(&m_session->network(), t, frozen));
    });
    connect(m_editor, &O::neuronDisabledToggled, this,
            [this, push](int l, int j, bool off) { push(new DisableNeuronCommand(&m_session->network(), l, j, off)); });
    connect(m_network, &widgets::NetworkView::neuronClicked, m_editor, [this](int l, int j) {
        if (l >= 0) m_editor->setSelection({widgets::NetworkView::Hit::Neuron, l, j, -1, 0});
    });
    connect(m_editor, &O::selectionChanged, this, [this](int l, int j, int, int) {
        m_selectedNeuron = {l, j};
        updateEquation();
    });

    connect(m_session, &Session::networkEdited, this, &NetworkDock::onNetworkEdited);
    connect(m_archText, &QLineEdit::editingFinished, this, [this, push] {
        const std::string text = m_archText->text().toStdString();
        const bool enter = m_archText->hasFocus();  // Enter, not a click elsewhere
        if (text == engine::formatArchitecture(m_session->network().spec())) return;
        const engine::ArchitectureParseResult r = engine::parseArchitecture(text, m_session->network().spec().inputs);
        if (!r.ok()) {
            m_archText->setStyleSheet("QLineEdit { background: #fde2e1; }");
            m_archText->setToolTip(QString::fromStdString(r.error));
            emit status(QString::fromStdString(r.error), 8000);
            if (r.position >= 0) m_archText->setSelection(r.position, std::max(1, r.length));
            return;
        }
        m_archText->setStyleSheet({});
        // The same network written another way ("2-3-1" for "2-3-1 tanh, sigmoid out, bce") is no edit: its full text.
        if (*r.spec == m_session->network().spec()) {
            m_archText->clearFocus();
            syncArchitectureText();
        } else {
            push(setArchitectureCommand(&m_session->network(), *r.spec));
        }
        // Enter hands the keys back to the diagram, so Space plays again instead of typing a space into the field.
        if (enter) m_network->setFocus(Qt::OtherFocusReason);
    });
}

// The network model was replaced (a project, a rebuild): the editor's mask, its output choices and the text follow.
void NetworkDock::followNetworkModel() {
    m_editor->setMask(m_session->network().mask());
    // The output layer's menu offers what suits the task, the usual choice first; its width follows the data.
    using A = engine::Activation;
    using L = engine::Loss;
    const engine::Dataset& d = m_session->data().data();
    QVector<widgets::NetworkEditorOverlay::OutputChoice> choices;
    if (d.task == engine::Task::Regression)
        choices = {{A::Identity, L::MSE, tr("identity + mean squared error")},
                   {A::Tanh, L::MSE, tr("tanh + mean squared error")}};
    else if (d.numClasses > 2) choices = {{A::Softmax, L::SoftmaxCrossEntropy, tr("softmax + cross-entropy")}};
    else
        choices = {{A::Sigmoid, L::BinaryCrossEntropy, tr("sigmoid + binary cross-entropy")},
                   {A::Tanh, L::MSE, tr("tanh + mean squared error (targets ±1)")},
                   {A::Sigmoid, L::MSE, tr("sigmoid + mean squared error")}};
    m_editor->setOutputChoices(choices);
    m_editor->setOutputResizable(false);
    followPictures();
    syncArchitectureText();
}

// Pictures (digits, Fashion-MNIST): the first dense layer's menu offers a convolution in front of it.
void NetworkDock::followPictures() {
    const engine::Dataset& d = m_session->data().data();
    const std::optional<engine::Shape> pictures = engine::pictureShape(engine::NetworkSpec{}, d.inputDim(),
                                                                       d.task == engine::Task::Classification);
    m_editor->setPictureInput(pictures ? pictures->height : 0, pictures ? pictures->width : 0);
}

// An edit of the diagram (the session has sent it to the thread): the editor and the numbers follow at once.
void NetworkDock::onNetworkEdited(int changes) {
    if (changes & NetworkModel::Structure) syncArchitectureText();
    m_editor->setMask(m_session->network().mask());
    // At once, paused or not: the diagram shows the edited numbers; the output view follows with the next snapshot.
    if (m_session->network().params().size() == m_session->network().spec().parameterCount() &&
        m_session->network().spec() == m_session->last().spec)
        m_network->setParameters(m_session->network().params(), m_session->last().grads);
    updateEquation();
}

void NetworkDock::syncArchitectureText() {
    if (!m_archText || m_archText->hasFocus()) return;
    m_archText->setText(QString::fromStdString(engine::formatArchitecture(m_session->network().spec())));
    m_archText->setCursorPosition(0);  // the start ("2-4-4-1 ...") in view when the field is narrow
    m_archText->setStyleSheet({});
    m_archText->setToolTip(tr("The architecture as text: type \"2-8-8-1 relu, sigmoid out\" and press Enter"));
}

void NetworkDock::updateEquation() {
    const auto [l, j] = m_selectedNeuron;
    const QString eq = neuronEquation(m_session->network().spec(), m_session->network().params(),
                                      inputLabels(m_session->project(), m_session->data().data()), l, j);
    m_equation->setText(eq.isEmpty() ? tr("Click a neuron to see its formula with the live numbers.") : eq);
    m_equation->setToolTip(eq);
}

void NetworkDock::onNeuronHovered(int layer, int unit) {
    const TrainingSnapshot& last = m_session->last();
    if (layer == -2 || last.neuronImages.isEmpty()) {
        m_output->setHoverImage(QImage());
        return;
    }
    const int idx = layer + 1;  // [0] = inputs
    if (idx < 0 || idx >= last.neuronImages.size() || unit < 0 || unit >= last.neuronImages[idx].size()) return;
    const QString what =
        layer < 0
            ? tr("input %1").arg(QString::fromStdString(engine::featureLabel(engine::allFeatures()[std::size_t(unit)])))
            : tr("layer %1, neuron %2").arg(layer + 1).arg(unit + 1);
    m_output->setHoverImage(last.neuronImages[idx][unit], what);
}

// The diagram follows the snapshot's network whenever it differs from the one drawn (a new width with the same number
// of layers too: comparing with the project, already edited, missed those), or its inputs changed; then its numbers.
void NetworkDock::showSnapshot(const TrainingSnapshot& s) {
    QStringList labels;
    QVector<bool> active;
    const bool twoD = m_session->twoD();
    const std::vector<engine::Feature>& features = m_session->project().training.features;
    if (twoD) {
        for (engine::Feature f : engine::allFeatures()) {
            labels << QString::fromStdString(engine::featureLabel(f));
            active << (std::find(features.begin(), features.end(), f) != features.end());
        }
    } else {
        labels = inputLabels(m_session->project(), m_session->data().data());
        active = QVector<bool>(labels.size(), true);
    }
    if (!(s.spec == m_network->spec()) || labels != m_shownInputLabels || active != m_shownInputActive) {
        m_shownInputLabels = labels;
        m_shownInputActive = active;
        m_network->setNetwork(s.spec, labels, active, twoD);
    }
    if (s.params.size() == s.spec.parameterCount()) {
        m_network->setParameters(s.params, s.grads);
        if (s.spec == m_session->network().spec()) updateEquation();
    }
    m_network->setNeuronImages(s.neuronImages);
}

}  // namespace app
