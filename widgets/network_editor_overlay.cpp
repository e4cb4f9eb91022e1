#include "widgets/network_editor_overlay.h"
#include "engine/param_layout.h"
#include "widgets/view_style.h"
#include <QActionGroup>
#include <QContextMenuEvent>
#include <QDoubleValidator>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <cmath>

namespace widgets {

using namespace viewstyle;

namespace {
constexpr double kDragThreshold = 4;  // pixels before a press becomes a drag
const QColor kButtonFill(246, 246, 246);
const QColor kButtonHover(225, 236, 247);
const QColor kLock(70, 70, 70);

// The strip under the headers grows with the view's text (NetworkView scales text by textScale(w, h, 640, 400)).
// Computed from the size, not asked of the view: in a resize its layout is not updated yet.
double stripHeight(const QWidget* view) { return 26 * viewstyle::textScale(view->width(), view->height(), 640, 400); }
}  // namespace

NetworkEditorOverlay::NetworkEditorOverlay(NetworkView* view) : QWidget(view), m_view(view), m_viewObject(view) {
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(view->rect());
    m_outputs = {{engine::Activation::Sigmoid, engine::Loss::BinaryCrossEntropy, tr("sigmoid + binary cross-entropy")},
                 {engine::Activation::Softmax, engine::Loss::SoftmaxCrossEntropy, tr("softmax + cross-entropy")},
                 {engine::Activation::Tanh, engine::Loss::MSE, tr("tanh + mean squared error")},
                 {engine::Activation::Identity, engine::Loss::MSE, tr("identity + mean squared error")}};
    view->installEventFilter(this);
    view->setFocusPolicy(Qt::ClickFocus);
    view->setEditStripHeight(stripHeight(view));
    // A click on a stack of maps selects its layer (the view reports neurons to the window, stacks to us).
    connect(view, &NetworkView::layerClicked, this, [this](int layer) {
        if (m_editable) setSelection(NetworkView::Hit{NetworkView::Hit::Stack, layer, -1, -1, 0});
    });
    show();
    raise();
}

void NetworkEditorOverlay::setEditable(bool on) {
    m_editable = on;
    if (m_view) m_view->setEditStripHeight(on ? stripHeight(m_view) : 0);
    update();
}

void NetworkEditorOverlay::setMask(const engine::ParameterMask& mask) {
    m_mask = mask;
    update();
}

void NetworkEditorOverlay::setOutputChoices(QVector<OutputChoice> choices) { m_outputs = std::move(choices); }

void NetworkEditorOverlay::setOutputResizable(bool on) {
    m_outputResizable = on;
    update();
}

int NetworkEditorOverlay::hiddenCount() const {
    return m_view ? std::max(0, int(m_view->spec().layers.size()) - 1) : 0;
}

// ---- controls -------------------------------------------------------------------------------------------------------

QVector<NetworkEditorOverlay::Button> NetworkEditorOverlay::buttons() const {
    QVector<Button> out;
    if (!m_view || !m_editable || m_view->spec().layers.empty()) return out;
    const engine::NetworkSpec& s = m_view->spec();
    const int L = int(s.layers.size());
    const double strip = m_view->editStripHeight();
    const double d = std::clamp(strip * 0.72, 16.0, 30.0);  // button diameter
    for (int l = 0; l < L; ++l) {
        const QRectF hr = m_view->headerRect(l);
        if (hr.isNull()) continue;
        const bool output = l == L - 1;
        const double cx = columnX(l);
        const double cy = hr.bottom() - strip / 2;
        // Neurons, or a convolution's channels (its maps); pooling and flatten have no width of their own.
        const bool sized = engine::hasParameters(s.layers[std::size_t(l)].kind);
        if (sized && (!output || m_outputResizable)) {
            out << Button{Button::RemoveNeuron, l, QRectF(cx - d - 3, cy - d / 2, d, d),
                          s.layers[std::size_t(l)].units > 1};
            out << Button{Button::AddNeuron, l, QRectF(cx + 3, cy - d / 2, d, d)};
        }
        if (!output) {
            // Remove the layer: a small × right after the title ("Hidden 1 ×").
            const QRectF t = m_view->titleRect(l);
            const double x = std::min(t.right() + 4, hr.right() - t.height());
            out << Button{Button::RemoveLayer, l, QRectF(x, t.top(), t.height(), t.height())};
        }
    }
    // A "+" in the gap before every layer: a new hidden layer there.
    for (int l = 0; l < L; ++l) {
        const double x0 = m_view->layerRect(l - 1).right(), x1 = m_view->layerRect(l).left();
        const QRectF hr = m_view->headerRect(l);
        if (hr.isNull() || x1 <= x0) continue;
        const double cy = hr.bottom() - strip / 2;
        const double cx = (x0 + x1) / 2;
        out << Button{Button::AddLayer, l, QRectF(cx - d / 2, cy - d / 2, d, d)};
    }
    return out;
}

NetworkEditorOverlay::Button NetworkEditorOverlay::buttonAt(QPointF pos) const {
    for (const Button& b : buttons())
        if (b.rect.adjusted(-2, -2, 2, 2).contains(pos)) return b;
    return {};
}

QRectF NetworkEditorOverlay::buttonRect(Button::Kind kind, int layer) const {
    for (const Button& b : buttons())
        if (b.kind == kind && b.layer == layer) return b.rect;
    return {};
}

void NetworkEditorOverlay::triggerButton(const Button& b) {
    if (!b.enabled) return;
    switch (b.kind) {
    case Button::AddNeuron: emit addNeuronRequested(b.layer); break;
    case Button::RemoveNeuron: emit removeNeuronRequested(b.layer, -1); break;
    case Button::AddLayer: {
        // Among maps a dense layer would not fit (a convolution or pooling layer after it needs an image): there the
        // "+" inserts a convolution like its neighbour instead.
        const engine::LayerSpec dense{4, engine::Activation::Tanh};
        const engine::LayerSpec conv = typedInsertion(b.layer);
        if (!withInserted(b.layer, dense) && withInserted(b.layer, conv)) emit insertLayerRequested(b.layer, conv);
        else emit addLayerRequested(b.layer);
        break;
    }
    case Button::RemoveLayer: emit removeLayerRequested(b.layer); break;
    case Button::None: break;
    }
}

int NetworkEditorOverlay::columnAt(double x) const {
    int best = -2;
    double bestD = 1e18;
    for (int l = -1; l < int(m_view->spec().layers.size()); ++l) {
        const double d = std::abs(columnX(l) - x);
        if (d < bestD) bestD = d, best = l;
    }
    return best;
}

double NetworkEditorOverlay::parameterValue(int layer, int unit, int input) const {
    const engine::Vector& p = m_view->parameters();
    const engine::NetworkSpec& s = m_view->spec();
    if (p.size() != s.parameterCount()) return 0;
    const engine::ParameterLayout lay(s);
    if (input >= 0 && !lay.validWeight(layer, unit, input)) return 0;
    if (input < 0 && !lay.validUnit(layer, unit)) return 0;
    const engine::Index k = input >= 0 ? lay.weightIndex(layer, unit, input) : lay.biasIndex(layer, unit);
    // An ablated weight reads 0 in the view; edit its real value.
    if (m_mask.stash.size() == p.size() && engine::anyDisabled(m_mask) &&
        engine::ablatedParameters(s, m_mask)[std::size_t(k)])
        return m_mask.stash[k];
    return p[k];
}

// ---- events ---------------------------------------------------------------------------------------------------------

void NetworkEditorOverlay::closeEditor(bool commit) {
    if (!m_editor || !m_editor->isVisible()) return;
    if (commit) {
        bool ok = false;
        double v = QLocale().toDouble(m_editor->text(), &ok);
        if (!ok) v = m_editor->text().toDouble(&ok);
        if (ok && std::isfinite(v)) emit weightValueEntered(m_editLayer, m_editUnit, m_editInput, v);
    }
    m_editor->hide();
    if (m_view) m_view->setFocus();
}

bool NetworkEditorOverlay::eventFilter(QObject* watched, QEvent* e) {
    if (m_editor && watched == m_editor) {
        if (e->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent*>(e)->key();
            if (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Escape) {
                closeEditor(key != Qt::Key_Escape);
                return true;
            }
        } else if (e->type() == QEvent::FocusOut) {
            closeEditor(false);  // clicking elsewhere cancels, as Esc does
        }
        return false;
    }
    // Compared as QObject*: the filter still sees events while the view is half destroyed, where comparing with the
    // QPointer<NetworkView> casts a QWidget to NetworkView (UndefinedBehaviorSanitizer: invalid downcast).
    if (m_view.isNull() || watched != m_viewObject) return false;
    if (e->type() == QEvent::ShortcutOverride && m_editable && m_selection.kind != NetworkView::Hit::None) {
        // With a selection in the focused diagram, its keys edit it rather than fire the window's shortcuts
        // (→ would step training, Delete nothing).
        auto* k = static_cast<QKeyEvent*>(e);
        switch (k->key()) {
        case Qt::Key_Delete:
        case Qt::Key_Backspace:
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_Left:
        case Qt::Key_Right:
            if (k->modifiers() == Qt::NoModifier || k->modifiers() == Qt::KeypadModifier) {
                e->accept();
                return true;
            }
            break;
        default: break;
        }
    }
    switch (e->type()) {
    case QEvent::Resize:
        setGeometry(m_view->rect());
        if (m_editable) m_view->setEditStripHeight(stripHeight(m_view));
        break;
    case QEvent::MouseButtonPress: return m_editable && mousePress(static_cast<QMouseEvent*>(e));
    case QEvent::MouseMove: return m_editable && mouseMove(static_cast<QMouseEvent*>(e));
    case QEvent::MouseButtonRelease: return m_editable && mouseRelease(static_cast<QMouseEvent*>(e));
    case QEvent::KeyPress: return m_editable && keyPress(static_cast<QKeyEvent*>(e));
    case QEvent::ContextMenu:
        if (!m_editable) return false;
        contextMenu(static_cast<QContextMenuEvent*>(e));
        return true;
    case QEvent::ToolTip: {
        const Button b = buttonAt(static_cast<QHelpEvent*>(e)->pos());
        QString tip;
        switch (b.kind) {
        case Button::AddNeuron:
            tip = m_view->isStack(b.layer) ? tr("Add a channel (one more map) to this convolution")
                                           : tr("Add a neuron to this layer");
            break;
        case Button::RemoveNeuron:
            if (m_view->isStack(b.layer))
                tip = b.enabled ? tr("Remove the last channel of this convolution")
                                : tr("A convolution keeps at least one channel");
            else tip = b.enabled ? tr("Remove the last neuron of this layer") : tr("A layer keeps at least one neuron");
            break;
        case Button::AddLayer:
            tip = !withInserted(b.layer, engine::LayerSpec{4, engine::Activation::Tanh}) &&
                          withInserted(b.layer, typedInsertion(b.layer))
                      ? tr("Insert a convolution here")
                      : tr("Insert a hidden layer here");
            break;
        case Button::RemoveLayer: tip = tr("Remove this hidden layer"); break;
        case Button::None: return false;  // the view's own tooltip
        }
        QToolTip::showText(static_cast<QHelpEvent*>(e)->globalPos(), tip, m_view);
        return true;
    }
    case QEvent::Leave:
        m_hoverButton = {};
        update();
        break;
    default: break;
    }
    return false;
}

bool NetworkEditorOverlay::mousePress(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return false;
    m_pressPos = m_lastPos = e->position();
    m_dragging = false;
    const Button b = buttonAt(e->position());
    if (b.kind != Button::None) {
        m_gesture = Gesture::Button;
        m_pressButton = b;
        return true;
    }
    const NetworkView::Hit h = m_view->hitTest(e->position());
    if ((h.kind == NetworkView::Hit::Link && h.unit >= 0 && h.input >= 0) || h.kind == NetworkView::Hit::Bias) {
        m_gesture = Gesture::Weight;
        m_pressHit = h;
        return false;  // the view still sees the press (its click logic needs it)
    }
    // A hidden layer's header (outside its buttons): drag it to reorder the layers.
    for (int l = 0; l + 1 < int(m_view->spec().layers.size()); ++l) {
        QRectF hr = m_view->headerRect(l);
        hr.setBottom(hr.bottom() - m_view->editStripHeight());
        if (hr.contains(e->position())) {
            m_gesture = Gesture::Header;
            m_pressHit = NetworkView::Hit{NetworkView::Hit::None, l, -1, -1, 0};
            return true;
        }
    }
    m_gesture = Gesture::None;
    return false;
}

bool NetworkEditorOverlay::mouseMove(QMouseEvent* e) {
    const QPointF pos = e->position();
    if (m_gesture == Gesture::None) {
        const Button b = buttonAt(pos);
        if (b.kind != m_hoverButton.kind || b.layer != m_hoverButton.layer) {
            m_hoverButton = b;
            update();
        }
        return false;
    }
    if (!(e->buttons() & Qt::LeftButton)) return false;
    const QPointF d = pos - m_pressPos;
    if (!m_dragging && std::hypot(d.x(), d.y()) >= kDragThreshold) {
        m_dragging = true;
        if (m_gesture == Gesture::Weight) {
            const int input = m_pressHit.kind == NetworkView::Hit::Bias ? -1 : m_pressHit.input;
            emit weightScrubStarted(m_pressHit.layer, m_pressHit.unit, input);
        }
    }
    if (!m_dragging) return m_gesture != Gesture::Weight;
    if (m_gesture == Gesture::Weight) {
        // Right or up raises the value; Shift scrubs ten times finer.
        const double perUnit = kScrubPixelsPerUnit * (e->modifiers() & Qt::ShiftModifier ? 10 : 1);
        const double delta = (d.x() - d.y()) / perUnit;
        const int input = m_pressHit.kind == NetworkView::Hit::Bias ? -1 : m_pressHit.input;
        emit weightScrubbed(m_pressHit.layer, m_pressHit.unit, input, delta);
        m_lastPos = pos;
        return true;
    }
    if (m_gesture == Gesture::Header) {
        const int c = columnAt(pos.x());
        m_dropColumn = c >= 0 && c < hiddenCount() ? c : -2;
        m_lastPos = pos;
        update();
        return true;
    }
    return true;
}

bool NetworkEditorOverlay::mouseRelease(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || m_gesture == Gesture::None) return false;
    const Gesture g = m_gesture;
    m_gesture = Gesture::None;
    const bool dragged = m_dragging;
    m_dragging = false;
    update();
    switch (g) {
    case Gesture::Button:
        if (buttonAt(e->position()).kind == m_pressButton.kind && buttonAt(e->position()).layer == m_pressButton.layer)
            triggerButton(m_pressButton);
        return true;
    case Gesture::Weight: {
        const int input = m_pressHit.kind == NetworkView::Hit::Bias ? -1 : m_pressHit.input;
        if (dragged) {
            emit weightScrubFinished(m_pressHit.layer, m_pressHit.unit, input);
            return true;
        }
        setSelection(m_pressHit);
        if (m_pressHit.kind == NetworkView::Hit::Link) {
            editWeight(m_pressHit.layer, m_pressHit.unit, input);
            return true;
        }
        return false;  // a click on a bias dot: the view also reports its neuron
    }
    case Gesture::Header: {
        const int from = m_pressHit.layer, to = m_dropColumn;
        m_dropColumn = -2;
        if (dragged && to >= 0 && to != from) emit moveLayerRequested(from, to);
        return true;
    }
    case Gesture::None: break;
    }
    return false;
}

void NetworkEditorOverlay::setSelection(const NetworkView::Hit& hit) {
    m_selection = hit;
    if (m_view) {
        if (hit.kind == NetworkView::Hit::Neuron || hit.kind == NetworkView::Hit::Bias)
            m_view->setSelected(hit.layer, hit.unit);
        else if (hit.kind == NetworkView::Hit::Stack) m_view->setSelected(hit.layer, -1);
        else m_view->setSelected(-2, -1);
    }
    emit selectionChanged(hit.layer, hit.unit, hit.input, int(hit.kind));
    update();
}

bool NetworkEditorOverlay::keyPress(QKeyEvent* e) {
    const engine::NetworkSpec& s = m_view->spec();
    const int L = int(s.layers.size());
    NetworkView::Hit h = m_selection;
    const bool neuron = h.kind == NetworkView::Hit::Neuron && h.layer >= 0 && h.layer < L;
    const bool stack = h.kind == NetworkView::Hit::Stack && h.layer >= 0 && h.layer < L;
    // Where the selection lands on layer l: the whole layer when it is drawn as maps, else a neuron.
    auto onLayer = [&](int l, int unit) {
        if (m_view->isStack(l)) return NetworkView::Hit{NetworkView::Hit::Stack, l, -1, -1, 0};
        return NetworkView::Hit{NetworkView::Hit::Neuron, l,
                                std::clamp(unit, 0, std::max(0, s.layers[std::size_t(l)].units - 1)), -1, 0};
    };
    switch (e->key()) {
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
        if (stack && h.layer + 1 < L) {
            emit removeLayerRequested(h.layer);
            return true;
        }
        if (neuron && s.layers[std::size_t(h.layer)].units > 1 && (h.layer + 1 < L || m_outputResizable)) {
            emit removeNeuronRequested(h.layer, h.unit);
            return true;
        }
        return false;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (h.kind == NetworkView::Hit::Link && h.unit >= 0 && h.input >= 0) editWeight(h.layer, h.unit, h.input);
        else if ((neuron || h.kind == NetworkView::Hit::Bias) && h.layer >= 0) editWeight(h.layer, h.unit, -1);
        else return false;
        return true;
    case Qt::Key_BracketLeft:
    case Qt::Key_BracketRight:
        if (!stack) return false;
        stepKernel(h.layer, e->key() == Qt::Key_BracketRight ? 1 : -1);
        return true;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
    case Qt::Key_Minus:
        // A convolution's channels (a dense layer has its − and + buttons and the Delete key).
        if (!stack || s.layers[std::size_t(h.layer)].kind != engine::LayerKind::Conv) return false;
        if (e->key() == Qt::Key_Minus) {
            if (s.layers[std::size_t(h.layer)].units > 1) emit removeNeuronRequested(h.layer, -1);
        } else {
            emit addNeuronRequested(h.layer);
        }
        return true;
    case Qt::Key_Menu: {
        if (h.layer < 0 || h.layer >= L) return false;
        const QRectF r = h.kind == NetworkView::Hit::Neuron ? m_view->neuronRect(h.layer, h.unit)
                                                            : m_view->layerRect(h.layer);
        QMenu* menu = createContextMenu(r.center(), m_view);
        if (!menu) return false;
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->mapToGlobal(r.center().toPoint()));
        return true;
    }
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_Left:
    case Qt::Key_Right: {
        if (L == 0) return false;
        if ((h.kind != NetworkView::Hit::Neuron && h.kind != NetworkView::Hit::Stack) || h.layer < 0 || h.layer >= L) {
            h = onLayer(0, 0);
        } else if (e->key() == Qt::Key_Up || e->key() == Qt::Key_Down) {
            if (stack) return true;  // a stack has no neurons to walk
            h.unit = e->key() == Qt::Key_Up ? std::max(0, h.unit - 1)
                                            : std::min(s.layers[std::size_t(h.layer)].units - 1, h.unit + 1);
        } else {
            h = onLayer(std::clamp(h.layer + (e->key() == Qt::Key_Left ? -1 : 1), 0, L - 1), std::max(0, h.unit));
        }
        setSelection(h);
        return true;
    }
    default: return false;
    }
}

// ---- the inline editor ----------------------------------------------------------------------------------------------

void NetworkEditorOverlay::editWeight(int layer, int unit, int input) {
    if (!m_view) return;
    const engine::ParameterLayout lay(m_view->spec());
    if (input >= 0 ? !lay.validWeight(layer, unit, input) : !lay.validUnit(layer, unit)) return;
    emit weightEditRequested(layer, unit, input);
    QPointF at;
    if (input >= 0) {
        const QLineF line = m_view->linkLine(layer, unit, input);
        at = line.isNull() ? m_view->neuronCenter(layer, unit) : line.pointAt(0.5);
    } else {
        at = m_view->neuronRect(layer, unit).bottomLeft();
    }
    if (!m_editor) {
        m_editor = new QLineEdit(m_view);
        m_editor->setObjectName("weightEditor");
        m_editor->setValidator(new QDoubleValidator(m_editor));
        m_editor->setAlignment(Qt::AlignCenter);
        m_editor->installEventFilter(this);  // Enter and Esc are handled here, so they never reach the view
    }
    m_editLayer = layer, m_editUnit = unit, m_editInput = input;
    m_editor->setText(QString::number(parameterValue(layer, unit, input), 'g', 6));
    m_editor->setToolTip(input >= 0 ? tr("Type the weight's value, then Enter (Esc cancels)")
                                    : tr("Type the bias's value, then Enter (Esc cancels)"));
    const QSize sz(int(90 * m_view->textScaleFactor()), m_editor->sizeHint().height());
    QPoint topLeft = (at - QPointF(sz.width() / 2.0, sz.height() / 2.0)).toPoint();
    topLeft.setX(std::clamp(topLeft.x(), 0, std::max(0, m_view->width() - sz.width())));
    topLeft.setY(std::clamp(topLeft.y(), 0, std::max(0, m_view->height() - sz.height())));
    m_editor->setGeometry(QRect(topLeft, sz));
    m_editor->show();
    m_editor->raise();
    m_editor->selectAll();
    m_editor->setFocus();
}

// ---- context menu ---------------------------------------------------------------------------------------------------

void NetworkEditorOverlay::addFreezeActions(QMenu* menu, const NetworkView::Hit& h) {
    const engine::NetworkSpec& s = m_view->spec();
    const engine::ParameterLayout lay(s);
    const bool fits = engine::maskFits(m_mask, s);
    auto add = [&](const QString& on, const QString& off, bool frozen, FreezeKind kind, int unit, int input) {
        QAction* a = menu->addAction(frozen ? off : on);
        a->setObjectName(frozen ? "unfreeze" : "freeze");
        connect(a, &QAction::triggered, this,
                [this, kind, h, unit, input, frozen] { emit freezeToggled(kind, h.layer, unit, input, !frozen); });
    };
    if (h.kind == NetworkView::Hit::Link && h.unit >= 0 && h.input >= 0) {
        const bool frozen = fits && engine::isFrozen(m_mask, lay.weightIndex(h.layer, h.unit, h.input));
        add(tr("Freeze this weight"), tr("Unfreeze this weight"), frozen, FreezeKind::Weight, h.unit, h.input);
    } else if (h.kind == NetworkView::Hit::Bias) {
        const bool frozen = fits && engine::isFrozen(m_mask, lay.biasIndex(h.layer, h.unit));
        add(tr("Freeze this bias"), tr("Unfreeze this bias"), frozen, FreezeKind::Bias, h.unit, -1);
    } else if (h.kind == NetworkView::Hit::Neuron) {
        const bool frozen = fits && engine::isNeuronFrozen(m_mask, s, h.layer, h.unit);
        add(tr("Freeze this neuron"), tr("Unfreeze this neuron"), frozen, FreezeKind::Neuron, h.unit, -1);
    }
    if (h.layer >= 0 && h.layer < int(s.layers.size()) && engine::hasParameters(s.layers[std::size_t(h.layer)].kind)) {
        const bool layerFrozen = fits && engine::isLayerFrozen(m_mask, s, h.layer);
        add(tr("Freeze the whole layer"), tr("Unfreeze the whole layer"), layerFrozen, FreezeKind::Layer, -1, -1);
    }
    if (fits && engine::anyFrozen(m_mask)) {  // one step back to a network that learns everywhere
        QAction* a = menu->addAction(tr("Unfreeze all"));
        a->setObjectName("unfreezeAll");
        connect(a, &QAction::triggered, this, [this] { emit freezeToggled(FreezeKind::Layer, -1, -1, -1, false); });
    }
}

QMenu* NetworkEditorOverlay::createContextMenu(QPointF pos, QWidget* parent) {
    if (!m_view || !m_editable) return nullptr;
    const engine::NetworkSpec& s = m_view->spec();
    const int L = int(s.layers.size());
    NetworkView::Hit h = m_view->hitTest(pos);
    if (h.kind == NetworkView::Hit::Stack) {
        h = NetworkView::Hit{NetworkView::Hit::None, h.layer, -1, -1, 0};
    } else if (h.kind == NetworkView::Hit::None || h.kind == NetworkView::Hit::More) {
        // The header or the empty space of a column: that layer.
        const int c = columnAt(pos.x());
        h = NetworkView::Hit{NetworkView::Hit::None, c, -1, -1, 0};
    }
    if (h.layer < 0 || h.layer >= L) return nullptr;
    const int l = h.layer;
    const bool output = l == L - 1;
    const engine::LayerKind kind = s.layers[std::size_t(l)].kind;
    auto* menu = new QMenu(parent);
    menu->setObjectName("networkMenu");
    if (kind != engine::LayerKind::Dense) {  // a stack of maps: its settings, its place, its freezing
        addLayerSettings(menu, l);
        addFreezeActions(menu, h);
        return menu;
    }

    if (h.kind == NetworkView::Hit::Link && h.unit >= 0 && h.input >= 0) {
        QAction* a = menu->addAction(tr("Edit weight value…"));
        a->setObjectName("editWeight");
        connect(a, &QAction::triggered, this, [this, h] { editWeight(h.layer, h.unit, h.input); });
    } else if (h.kind == NetworkView::Hit::Bias || h.kind == NetworkView::Hit::Neuron) {
        QAction* a = menu->addAction(tr("Edit bias value…"));
        a->setObjectName("editBias");
        connect(a, &QAction::triggered, this, [this, h] { editWeight(h.layer, h.unit, -1); });
    }
    if (h.kind == NetworkView::Hit::Neuron && !output && engine::canDisable(s, l, h.unit)) {
        const bool disabled = engine::isDisabled(m_mask, l, h.unit);
        QAction* a = menu->addAction(disabled ? tr("Enable this neuron") : tr("Disable this neuron (ablate it)"));
        a->setObjectName(disabled ? "enableNeuron" : "disableNeuron");
        a->setToolTip(tr("Its output counts as 0 while disabled: see what the network loses without it"));
        connect(a, &QAction::triggered, this,
                [this, l, h, disabled] { emit neuronDisabledToggled(l, h.unit, !disabled); });
    }
    if (!menu->isEmpty()) menu->addSeparator();

    if (!output) {
        QMenu* acts = menu->addMenu(tr("Activation"));
        acts->setObjectName("activationMenu");
        auto* group = new QActionGroup(acts);
        for (engine::Activation a : engine::allActivations()) {
            if (a == engine::Activation::Softmax) continue;
            QAction* act = acts->addAction(activationLabel(a));
            act->setObjectName(QString::fromStdString(engine::activationName(a)));
            act->setCheckable(true);
            act->setChecked(s.layers[std::size_t(l)].activation == a);
            group->addAction(act);
            connect(act, &QAction::triggered, this, [this, l, a] { emit activationRequested(l, a); });
        }
    } else {
        QMenu* outs = menu->addMenu(tr("Output and loss"));
        outs->setObjectName("outputMenu");
        auto* group = new QActionGroup(outs);
        for (const OutputChoice& c : m_outputs) {
            QAction* act = outs->addAction(c.label);
            act->setObjectName(
                QString::fromStdString(engine::activationName(c.activation) + "+" + engine::lossName(c.loss)));
            act->setCheckable(true);
            act->setChecked(s.layers.back().activation == c.activation && s.loss == c.loss);
            group->addAction(act);
            connect(act, &QAction::triggered, this, [this, c] { emit outputRequested(c.activation, c.loss); });
        }
    }
    if (!output || m_outputResizable) {
        QAction* add = menu->addAction(tr("Add a neuron"));
        add->setObjectName("addNeuron");
        connect(add, &QAction::triggered, this, [this, l] { emit addNeuronRequested(l); });
        if (s.layers[std::size_t(l)].units > 1) {
            const int unit = h.kind == NetworkView::Hit::Neuron ? h.unit : -1;
            QAction* rm = menu->addAction(unit >= 0 ? tr("Remove this neuron") : tr("Remove the last neuron"));
            rm->setObjectName("removeNeuron");
            connect(rm, &QAction::triggered, this, [this, l, unit] { emit removeNeuronRequested(l, unit); });
        }
    }
    menu->addSeparator();
    QAction* before = menu->addAction(tr("Insert a hidden layer before"));
    before->setObjectName("insertBefore");
    connect(before, &QAction::triggered, this, [this, l] { emit addLayerRequested(l); });
    if (l == 0) {
        if (const std::optional<engine::NetworkSpec> conv = withFirstConvolution()) {
            QAction* a = menu->addAction(tr("Insert a convolution before (the inputs are %1×%2 pictures)")
                                             .arg(m_pictureHeight)
                                             .arg(m_pictureWidth));
            a->setObjectName("insertConvBefore");
            a->setToolTip(tr("A 3×3 convolution with 8 maps and ReLU, then 2×2 max pooling, in front of this layer"));
            connect(a, &QAction::triggered, this, [this, spec = *conv] { emit architectureRequested(spec); });
        }
    }
    if (!output) {
        QAction* after = menu->addAction(tr("Insert a hidden layer after"));
        after->setObjectName("insertAfter");
        connect(after, &QAction::triggered, this, [this, l] { emit addLayerRequested(l + 1); });
        QAction* rm = menu->addAction(tr("Remove this layer"));
        rm->setObjectName("removeLayer");
        connect(rm, &QAction::triggered, this, [this, l] { emit removeLayerRequested(l); });
    }
    menu->addSeparator();
    addFreezeActions(menu, h);
    return menu;
}

void NetworkEditorOverlay::contextMenu(QContextMenuEvent* e) {
    QPointF at = e->pos();
    // From the keyboard (the Menu key, Shift+F10): the selected layer's menu, not the one under a stray pointer.
    if (e->reason() == QContextMenuEvent::Keyboard && m_selection.layer >= 0)
        at = m_selection.kind == NetworkView::Hit::Neuron
                 ? m_view->neuronRect(m_selection.layer, m_selection.unit).center()
                 : m_view->layerRect(m_selection.layer).center();
    QMenu* menu = createContextMenu(at, m_view);
    if (!menu) return;
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(e->globalPos());
}

// ---- painting -------------------------------------------------------------------------------------------------------

void NetworkEditorOverlay::paintLock(QPainter& p, QPointF c, double size) const {
    // A padlock: a shackle arc over a rounded body, on a white disc so it reads over any thumbnail.
    const double r = size / 2;
    p.setPen(QPen(QColor(160, 160, 160), 1));
    p.setBrush(QColor(255, 255, 255, 235));
    p.drawEllipse(c, r, r);
    const double bw = size * 0.52, bh = size * 0.36;
    const QRectF body(c.x() - bw / 2, c.y() - bh * 0.2, bw, bh);
    p.setPen(QPen(kLock, std::max(1.2, size * 0.09)));
    p.setBrush(Qt::NoBrush);
    const double sw = bw * 0.62;
    p.drawArc(QRectF(c.x() - sw / 2, body.top() - sw * 0.7, sw, sw * 1.2), 0, 180 * 16);
    p.setPen(Qt::NoPen);
    p.setBrush(kLock);
    p.drawRoundedRect(body, 1.5, 1.5);
}

void NetworkEditorOverlay::paintButton(QPainter& p, const Button& b) const {
    const bool hover = b.enabled && b.kind == m_hoverButton.kind && b.layer == m_hoverButton.layer;
    p.setOpacity(b.enabled ? 1.0 : 0.35);
    const QRectF r = b.rect;
    const QPointF c = r.center();
    const double arm = r.width() * 0.26;
    if (b.kind == Button::RemoveLayer) {
        p.setPen(QPen(hover ? QColor(180, 40, 40) : kInactive, 1.6, Qt::SolidLine, Qt::RoundCap));
        const double a = r.width() * 0.28;
        p.drawLine(c + QPointF(-a, -a), c + QPointF(a, a));
        p.drawLine(c + QPointF(-a, a), c + QPointF(a, -a));
        p.setOpacity(1.0);
        return;
    }
    p.setPen(QPen(b.kind == Button::AddLayer ? QColor(150, 150, 150) : kFrame, 1,
                  b.kind == Button::AddLayer ? Qt::DashLine : Qt::SolidLine));
    p.setBrush(hover ? kButtonHover : kButtonFill);
    p.drawEllipse(r);
    p.setPen(QPen(b.kind == Button::AddLayer ? kMuted : kFocus, 1.8, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(c - QPointF(arm, 0), c + QPointF(arm, 0));
    if (b.kind != Button::RemoveNeuron) p.drawLine(c - QPointF(0, arm), c + QPointF(0, arm));
    p.setOpacity(1.0);
}

void NetworkEditorOverlay::paintEvent(QPaintEvent*) {
    if (!m_view || m_view->spec().layers.empty()) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const engine::NetworkSpec& s = m_view->spec();
    const int L = int(s.layers.size());
    const bool fits = engine::maskFits(m_mask, s);
    const double node = m_view->nodeSize();
    const double lockSize = std::clamp(node * 0.42, 15.0, 24.0);

    if (fits) {
        const engine::ParameterLayout lay(s);
        for (int l = 0; l < L; ++l) {
            if (!engine::hasParameters(lay.kind(l))) continue;  // pooling and flatten: nothing to freeze
            const bool layerFrozen = engine::isLayerFrozen(m_mask, s, l);
            if (layerFrozen) {
                // The whole layer: a lock before its title ("🔒 Hidden 1"), and on a stack's top card.
                const QRectF t = m_view->titleRect(l);
                paintLock(p, QPointF(t.left() - lockSize * 0.6, t.center().y()), lockSize);
                if (m_view->isStack(l)) paintLock(p, m_view->layerRect(l).topRight(), lockSize);
            }
            if (m_view->isStack(l)) continue;  // a convolution's channels have no nodes of their own
            for (int j = 0; j < lay.units(l); ++j) {
                const QRectF r = m_view->neuronRect(l, j);
                if (r.isNull()) continue;
                // Folded neurons share their "more" node: mark only the ones drawn on their own.
                const QRectF next = m_view->neuronRect(l, j + 1);
                const bool folded = j + 1 < lay.units(l) && next == r;
                if (folded || (j > 0 && m_view->neuronRect(l, j - 1) == r)) continue;
                if (engine::isDisabled(m_mask, l, j)) {
                    p.setPen(Qt::NoPen);
                    p.setBrush(QColor(255, 255, 255, 170));
                    p.drawRect(r);
                    p.setPen(QPen(QColor(90, 90, 90), 2, Qt::SolidLine, Qt::RoundCap));
                    const double m = r.width() * 0.18;
                    p.drawLine(r.topLeft() + QPointF(m, m), r.bottomRight() - QPointF(m, m));
                    p.drawLine(r.topRight() + QPointF(-m, m), r.bottomLeft() + QPointF(m, -m));
                }
                if (layerFrozen || engine::isNeuronFrozen(m_mask, s, l, j))
                    paintLock(p, r.topRight() + QPointF(-lockSize * 0.1, lockSize * 0.1), lockSize);
                if (layerFrozen || engine::isNeuronFrozen(m_mask, s, l, j)) continue;
                // Single frozen weights and biases: a small lock on the link's middle, or by the bias dot.
                if (m_mask.trainable[lay.biasIndex(l, j)] == 0)
                    paintLock(p, r.bottomLeft() + QPointF(lockSize * 0.9, 0), lockSize * 0.85);
                for (int i = 0; i < lay.inputs(l); ++i) {
                    if (m_mask.trainable[lay.weightIndex(l, j, i)] != 0) continue;
                    const QLineF line = m_view->linkLine(l, j, i);
                    if (!line.isNull()) paintLock(p, line.pointAt(0.5), lockSize * 0.85);
                }
            }
        }
    }

    if (!m_editable) return;
    for (const Button& b : buttons()) paintButton(p, b);

    // Reordering: the dragged header follows the pointer; the drop column is outlined.
    if (m_gesture == Gesture::Header && m_dragging) {
        if (m_dropColumn >= 0) {
            QRectF target = m_view->headerRect(m_dropColumn);
            target.setBottom(height() - 4);
            target = target.adjusted(6, 0, -6, 0);
            p.setPen(QPen(palette().color(QPalette::Highlight), 2, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(target, 6, 6);
        }
        QRectF ghost = m_view->headerRect(m_pressHit.layer);
        ghost.setBottom(ghost.bottom() - m_view->editStripHeight());
        ghost.moveCenter(QPointF(m_lastPos.x(), ghost.center().y()));
        p.setPen(QPen(palette().color(QPalette::Highlight), 1));
        QColor fill = palette().color(QPalette::Highlight);
        fill.setAlpha(40);
        p.setBrush(fill);
        p.drawRoundedRect(ghost, 4, 4);
    }
}

}  // namespace widgets
