// NetworkEditorOverlay's editing of the layers drawn as stacks of maps: a convolution's kernel, stride, padding and
// channels, a pooling layer's window, stride and kind, typed layers inserted next to them, and the keys that step a
// kernel. Every choice is checked against the whole spec first: one that would not validate is shown disabled with
// the reason, so the window only ever receives edits it can push.
#include "widgets/network_editor_overlay.h"
#include "widgets/view_style.h"
#include <QActionGroup>
#include <QMenu>
#include <QToolTip>
#include <algorithm>

namespace widgets {

double NetworkEditorOverlay::columnX(int layer) const {
    const QRectF r = m_view->layerRect(layer);
    return r.isNull() ? -1e9 : r.center().x();
}

std::optional<engine::NetworkSpec> NetworkEditorOverlay::withLayer(int l, const engine::LayerSpec& layer) const {
    engine::NetworkSpec s = m_view->spec();
    if (l < 0 || l >= int(s.layers.size())) return std::nullopt;
    s.layers[std::size_t(l)] = layer;
    if (!s.validate().empty()) return std::nullopt;
    return s;
}

std::optional<engine::NetworkSpec> NetworkEditorOverlay::withInserted(int index, const engine::LayerSpec& layer) const {
    engine::NetworkSpec s = m_view->spec();
    if (index < 0 || index >= int(s.layers.size())) return std::nullopt;  // before the output at the latest
    s.layers.insert(s.layers.begin() + index, layer);
    if (!s.validate().empty()) return std::nullopt;
    return s;
}

engine::LayerSpec NetworkEditorOverlay::typedInsertion(int index) const {
    const engine::NetworkSpec& s = m_view->spec();
    int channels = 8;  // as many maps as the nearest convolution before it
    for (int l = std::min(index, int(s.layers.size())) - 1; l >= 0; --l)
        if (s.layers[std::size_t(l)].kind == engine::LayerKind::Conv) {
            channels = s.layers[std::size_t(l)].units;
            break;
        }
    return engine::LayerSpec::conv(channels, 3, engine::Activation::ReLU, 1, 1);
}

void NetworkEditorOverlay::setPictureInput(int height, int width) {
    m_pictureHeight = std::max(0, height);
    m_pictureWidth = std::max(0, width);
}

std::optional<engine::NetworkSpec> NetworkEditorOverlay::withFirstConvolution() const {
    if (!m_view || m_pictureHeight <= 0 || m_pictureWidth <= 0) return std::nullopt;
    engine::NetworkSpec s = m_view->spec();
    if (s.inputHeight > 0 || s.layers.empty() || s.inputs % (m_pictureHeight * m_pictureWidth) != 0)
        return std::nullopt;
    s.inputHeight = m_pictureHeight;
    s.inputWidth = m_pictureWidth;
    const std::vector<engine::LayerSpec> first = {engine::LayerSpec::conv(8, 3, engine::Activation::ReLU, 1, 1),
                                                  engine::LayerSpec::maxPool(2)};
    s.layers.insert(s.layers.begin(), first.begin(), first.end());
    if (!s.validate().empty()) return std::nullopt;
    return s;
}

bool NetworkEditorOverlay::requestLayer(int l, const engine::LayerSpec& layer) {
    if (!m_view || l < 0 || l >= int(m_view->spec().layers.size())) return false;
    if (m_view->spec().layers[std::size_t(l)] == layer) return true;  // no change: nothing to undo
    engine::NetworkSpec s = m_view->spec();
    s.layers[std::size_t(l)] = layer;
    const std::string why = s.validate();
    if (!why.empty()) {  // said where the eyes are: on the layer
        const QRectF r = m_view->layerRect(l);
        QToolTip::showText(m_view->mapToGlobal(r.center().toPoint()), QString::fromStdString(why), m_view);
        return false;
    }
    emit layerEditRequested(l, layer);
    return true;
}

// [ and ]: a convolution's kernel by two (odd sizes keep a centre; "same" padding stays "same"), a pooling window by one.
bool NetworkEditorOverlay::stepKernel(int l, int direction) {
    const engine::NetworkSpec& s = m_view->spec();
    if (l < 0 || l >= int(s.layers.size())) return false;
    engine::LayerSpec next = s.layers[std::size_t(l)];
    if (next.kind == engine::LayerKind::Conv) {
        const bool same = next.padding == (next.kernel - 1) / 2 && next.padding > 0;
        next.kernel = std::max(1, next.kernel + 2 * direction);
        next.padding = same ? (next.kernel - 1) / 2 : std::min(next.padding, next.kernel - 1);
    } else if (next.kind == engine::LayerKind::MaxPool || next.kind == engine::LayerKind::AvgPool) {
        const bool tiled = next.stride == next.kernel;
        next.kernel = std::max(1, next.kernel + direction);
        if (tiled) next.stride = next.kernel;
    } else {
        return false;
    }
    return requestLayer(l, next);
}

void NetworkEditorOverlay::addLayerSettings(QMenu* menu, int l) {
    const engine::NetworkSpec& s = m_view->spec();
    const engine::LayerSpec cur = s.layers[std::size_t(l)];
    // One checkable choice per value; a value that would not make a valid network is disabled, the reason its tip.
    auto choose = [this, l, cur](QMenu* sub, const QString& text, const engine::LayerSpec& cand, QActionGroup* group) {
        QAction* a = sub->addAction(text);
        a->setCheckable(true);
        a->setChecked(cand == cur);
        group->addAction(a);
        if (!(cand == cur) && !withLayer(l, cand)) {
            engine::NetworkSpec t = m_view->spec();
            t.layers[std::size_t(l)] = cand;
            a->setEnabled(false);
            a->setToolTip(QString::fromStdString(t.validate()));
        }
        connect(a, &QAction::triggered, this, [this, l, cand] { requestLayer(l, cand); });
        return a;
    };
    auto submenu = [menu](const QString& title, const char* name) {
        QMenu* m = menu->addMenu(title);
        m->setObjectName(name);
        m->setToolTipsVisible(true);
        return std::pair{m, new QActionGroup(m)};
    };
    if (cur.kind == engine::LayerKind::Conv) {
        auto [kernel, kg] = submenu(tr("Kernel size"), "kernelMenu");
        for (int k : {1, 2, 3, 4, 5, 7}) {
            engine::LayerSpec c = cur;
            const bool same = cur.padding == (cur.kernel - 1) / 2 && cur.padding > 0;
            c.kernel = k;
            c.padding = same ? (k - 1) / 2 : std::min(cur.padding, k - 1);
            choose(kernel, QStringLiteral("%1×%1").arg(k), c, kg)->setObjectName(QStringLiteral("kernel%1").arg(k));
        }
        auto [stride, sg] = submenu(tr("Stride"), "strideMenu");
        for (int st : {1, 2, 3}) {
            engine::LayerSpec c = cur;
            c.stride = st;
            choose(stride, QString::number(st), c, sg)->setObjectName(QStringLiteral("stride%1").arg(st));
        }
        auto [pad, pg] = submenu(tr("Padding"), "paddingMenu");
        for (int p = 0; p <= std::min(3, cur.kernel - 1); ++p) {
            engine::LayerSpec c = cur;
            c.padding = p;
            QString text = QString::number(p);
            if (p == 0) text = tr("0 (valid: the map shrinks)");
            else if (cur.stride == 1 && cur.kernel % 2 == 1 && p == (cur.kernel - 1) / 2)
                text = tr("%1 (same: the map keeps its size)").arg(p);
            choose(pad, text, c, pg)->setObjectName(QStringLiteral("padding%1").arg(p));
        }
        auto [channels, cg] = submenu(tr("Channels (maps)"), "channelsMenu");
        QList<int> counts{1, 2, 4, 6, 8, 12, 16, 32};
        if (!counts.contains(cur.units)) counts << cur.units, std::sort(counts.begin(), counts.end());
        for (int n : counts) {
            engine::LayerSpec c = cur;
            c.units = n;
            choose(channels, QString::number(n), c, cg)->setObjectName(QStringLiteral("channels%1").arg(n));
        }
        QMenu* acts = menu->addMenu(tr("Activation"));
        acts->setObjectName("activationMenu");
        auto* group = new QActionGroup(acts);
        for (engine::Activation a : engine::allActivations()) {
            if (a == engine::Activation::Softmax) continue;
            QAction* act = acts->addAction(viewstyle::activationLabel(a));
            act->setObjectName(QString::fromStdString(engine::activationName(a)));
            act->setCheckable(true);
            act->setChecked(cur.activation == a);
            group->addAction(act);
            connect(act, &QAction::triggered, this, [this, l, a] { emit activationRequested(l, a); });
        }
        QAction* add = menu->addAction(tr("Add a channel"));
        add->setObjectName("addNeuron");
        connect(add, &QAction::triggered, this, [this, l] { emit addNeuronRequested(l); });
        if (cur.units > 1) {
            QAction* rm = menu->addAction(tr("Remove the last channel"));
            rm->setObjectName("removeNeuron");
            connect(rm, &QAction::triggered, this, [this, l] { emit removeNeuronRequested(l, -1); });
        }
    } else if (cur.kind == engine::LayerKind::MaxPool || cur.kind == engine::LayerKind::AvgPool) {
        auto [size, zg] = submenu(tr("Window size"), "poolMenu");
        for (int k : {2, 3, 4}) {
            engine::LayerSpec c = cur;
            c.kernel = k;
            if (cur.stride == cur.kernel) c.stride = k;  // windows that tiled still tile
            choose(size, QStringLiteral("%1×%1").arg(k), c, zg)->setObjectName(QStringLiteral("pool%1").arg(k));
        }
        auto [stride, sg] = submenu(tr("Stride"), "strideMenu");
        for (int st : {1, 2, 3, 4}) {
            engine::LayerSpec c = cur;
            c.stride = st;
            QString text = QString::number(st);
            if (st == cur.kernel) text = tr("%1 (windows side by side)").arg(st);
            choose(stride, text, c, sg)->setObjectName(QStringLiteral("stride%1").arg(st));
        }
        auto* kinds = new QActionGroup(menu);
        engine::LayerSpec mx = cur, av = cur;
        mx.kind = engine::LayerKind::MaxPool;
        av.kind = engine::LayerKind::AvgPool;
        choose(menu, tr("Max pooling (keep the largest)"), mx, kinds)->setObjectName("maxPool");
        choose(menu, tr("Average pooling (keep the mean)"), av, kinds)->setObjectName("avgPool");
    }

    // Where it stands: typed layers next to it, or it goes.
    menu->addSeparator();
    const engine::LayerSpec conv = typedInsertion(l + 1);
    const engine::LayerSpec pool = engine::LayerSpec::maxPool(2);
    auto insert = [this, menu](const QString& text, const char* name, int index, const engine::LayerSpec& layer) {
        QAction* a = menu->addAction(text);
        a->setObjectName(name);
        a->setEnabled(withInserted(index, layer).has_value());
        connect(a, &QAction::triggered, this, [this, index, layer] { emit insertLayerRequested(index, layer); });
    };
    insert(tr("Insert a convolution after"), "insertConvAfter", l + 1, conv);
    insert(tr("Insert max pooling after"), "insertPoolAfter", l + 1, pool);
    insert(tr("Insert a convolution before"), "insertConvBefore", l, conv);
    if (l + 1 < int(s.layers.size())) {
        engine::NetworkSpec t = s;
        t.layers.erase(t.layers.begin() + l);
        QAction* rm = menu->addAction(tr("Remove this layer"));
        rm->setObjectName("removeLayer");
        rm->setEnabled(t.validate().empty());
        connect(rm, &QAction::triggered, this, [this, l] { emit removeLayerRequested(l); });
    }
    menu->addSeparator();
}

}  // namespace widgets
