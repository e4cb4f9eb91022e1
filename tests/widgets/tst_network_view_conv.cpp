// The diagram of a convolutional network on a real NetworkView with its editing overlay: convolution, pooling and an
// image input are stacks of maps under their shapes (8×8×1 → 8×8×8 → 4×4×8 → 10) with no neuron of their own, a wide
// image never becomes 784 circles, clicks and keys anywhere on the diagram select without crashing, the kernel is
// changed from the layer's menu and with [ ], the text form follows, and freezing works on convolutions. Everything
// is driven with QTest mouse and key events on the shown widgets; screenshots for a person.
#include "engine/architecture_text.h"
#include "engine/param_mask.h"
#include "engine/param_remap.h"
#include "widgets/drawing/palette.h"
#include "widgets/network_editor_overlay.h"
#include "widgets/network_view.h"
#include "screenshot.h"
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QtTest>

using widgets::NetworkEditorOverlay;
using widgets::NetworkView;
using testsupport::saveScreenshot;

namespace {

engine::NetworkSpec parse(const std::string& text) {
    const engine::ArchitectureParseResult r = engine::parseArchitecture(text);
    if (!r.ok()) qFatal("%s: %s", text.c_str(), r.error.c_str());
    return *r.spec;
}

// A view with its editing overlay, shown, with fresh parameters: what the window's network dock holds.
struct Fixture {
    NetworkView view;
    NetworkEditorOverlay* overlay = nullptr;
    engine::NetworkSpec spec;
    // What the overlay asked for, as the window would receive it.
    std::vector<std::pair<int, engine::LayerSpec>> edits;
    std::vector<std::pair<int, engine::LayerSpec>> inserts;

    explicit Fixture(const std::string& text, QSize size = {900, 440}) : spec(parse(text)) {
        view.resize(size);
        overlay = new NetworkEditorOverlay(&view);
        setSpec(spec);
        QObject::connect(overlay, &NetworkEditorOverlay::layerEditRequested,
                         [this](int l, const engine::LayerSpec& s) { edits.push_back({l, s}); });
        QObject::connect(overlay, &NetworkEditorOverlay::insertLayerRequested,
                         [this](int l, const engine::LayerSpec& s) { inserts.push_back({l, s}); });
        view.show();
        if (!QTest::qWaitForWindowExposed(&view)) qFatal("the view was not shown");
    }
    // The window's part: the edited spec comes back with its parameters.
    void setSpec(const engine::NetworkSpec& s) {
        spec = s;
        view.setNetwork(spec, {}, {}, false);
        view.setParameters(engine::initialParameters(spec, 7));
        overlay->setMask(engine::makeParameterMask(spec));
    }
    QPoint at(int layer) const { return view.layerRect(layer).center().toPoint(); }
};

// A right-click as the platform delivers it (through the window, so Qt turns it into a context-menu event, as it does
// for a person; QTest::mouseClick on a widget sends the mouse event alone).
void rightClick(QWidget& w, QPoint at) {
    QTest::mouseClick(w.window()->windowHandle(), Qt::RightButton, {}, w.mapTo(w.window(), at));
}

// The open context menu (a popup), after a right-click or the Menu key.
QMenu* openMenu() {
    QMenu* m = nullptr;
    if (!QTest::qWaitFor([&] { return (m = qobject_cast<QMenu*>(QApplication::activePopupWidget())) != nullptr; },
                         3000))
        return nullptr;
    return m;
}

QAction* actionNamed(QMenu* m, const QString& name) {
    for (QAction* a : m->actions())
        if (a->objectName() == name || (a->menu() && a->menu()->objectName() == name)) return a;
    return nullptr;
}

// Clicks an item of a shown menu; for a submenu, waits for it to open and returns it.
QMenu* clickItem(QMenu* m, QAction* a) {
    QTest::mouseClick(m, Qt::LeftButton, {}, m->actionGeometry(a).center());
    if (!a->menu()) return nullptr;
    return QTest::qWaitFor([&] { return a->menu()->isVisible(); }, 3000) ? a->menu() : nullptr;
}

void closePopups() {
    while (QWidget* p = QApplication::activePopupWidget()) p->close();
}

}  // namespace

class TestNetworkViewConv : public QObject {
    Q_OBJECT
private slots:
    void cleanup() {
        closePopups();
        widgets::setViewScale(1.0);
    }

    void stacksCarryShapesAndKinds() {
        Fixture f("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax");
        NetworkView& v = f.view;
        // The image input, the convolution and the pooling are stacks; the output keeps its neurons.
        QVERIFY(v.isStack(-1));
        QVERIFY(v.isStack(0));
        QVERIFY(v.isStack(1));
        QVERIFY(!v.isStack(2));
        const QStringList shapes{v.shapeLabel(-1), v.shapeLabel(0), v.shapeLabel(1), v.shapeLabel(2)};
        QCOMPARE(shapes, (QStringList{"8×8×1", "8×8×8", "4×4×8", "10"}));
        QCOMPARE(v.columnTitle(0), QString("Conv"));
        QCOMPARE(v.columnDetail(0), QString("3×3, pad 1, ReLU"));
        QCOMPARE(v.columnTitle(1), QString("Max pool"));
        QCOMPARE(v.columnDetail(1), QString("2×2"));
        QCOMPARE(v.columnTitle(2), QString("Output"));
        // One map in, eight out: one card, then six cards (and "…").
        QCOMPARE(v.stackCards(-1), 1);
        QCOMPARE(v.stackCards(0), 6);
        QCOMPARE(v.stackCards(1), 6);
        // No 64 input circles, no neuron in a stack; the output's ten neurons are drawn (folded or not).
        QVERIFY(v.neuronRect(-1, 0).isNull());
        QVERIFY(v.neuronRect(0, 0).isNull());
        QVERIFY(!v.neuronRect(2, 0).isNull());
        // Left to right, apart, inside the view.
        for (int l = -1; l < 3; ++l) {
            const QRectF r = v.layerRect(l);
            QVERIFY2(QRectF(v.rect()).contains(r), qPrintable(QString("layer %1").arg(l)));
            if (l > -1) QVERIFY2(v.layerRect(l - 1).right() < r.left(), qPrintable(QString("layer %1").arg(l)));
        }
        // Under the pointer, a stack is its whole layer, and its tooltip says what the layer does with the shapes.
        const NetworkView::Hit h = v.hitTest(f.at(0));
        QCOMPARE(h.kind, NetworkView::Hit::Stack);
        QCOMPARE(h.layer, 0);
        const QString tip = v.describe(h);
        QVERIFY2(tip.contains("8×8×1 → 8×8×8") && tip.contains("80 parameters"), qPrintable(tip));
        QVERIFY2(v.describe(v.hitTest(f.at(1))).contains("8×8×8 → 4×4×8"), qPrintable(v.describe(v.hitTest(f.at(1)))));
    }

    void flattenAndWideLayers() {
        Fixture f("28x28x1 conv5x5x16 relu, maxpool2 stride2, flatten, 128 relu, 10 softmax");
        NetworkView& v = f.view;
        QCOMPARE(v.shapeLabel(-1), QString("28×28×1"));
        QCOMPARE(v.shapeLabel(0), QString("24×24×16"));
        QCOMPARE(v.shapeLabel(1), QString("12×12×16"));
        QCOMPARE(v.shapeLabel(2), QString("2304"));
        QCOMPARE(v.columnTitle(2), QString("Flatten"));
        QCOMPARE(v.stackCards(2), 0);  // a bar, not maps
        // 784 pixels are one card; 128 neurons fold into a few nodes and "… N more".
        QCOMPARE(v.stackCards(-1), 1);
        QSet<QString> nodes;
        for (int j = 0; j < 128; ++j) {
            const QRectF r = v.neuronRect(3, j);
            QVERIFY(!r.isNull());
            nodes.insert(QString("%1,%2").arg(r.x()).arg(r.y()));
        }
        QVERIFY2(nodes.size() <= 13, qPrintable(QString::number(nodes.size())));
        // A flat 784-value input without an image shape folds too: no 784 circles.
        Fixture flat("784-32-10 relu, softmax out");
        QSet<QString> inputs;
        for (int i = 0; i < 784; ++i) {
            const QRectF r = flat.view.neuronRect(-1, i);
            if (!r.isNull()) inputs.insert(QString("%1,%2").arg(r.x()).arg(r.y()));
        }
        QVERIFY2(inputs.size() <= 13, qPrintable(QString::number(inputs.size())));
    }

    // Clicks all over the diagram (stacks, bands, neurons, links, captions, headers) and the keys that walk it: a
    // stack click selects its layer, nothing crashes, nothing asks for an edit.
    void clickingAndWalkingNeverCrash() {
        Fixture f("8x8x1 conv3x3x4 relu pad1, maxpool2, flatten, 6 tanh, 3 softmax");
        QSignalSpy removeNeuron(f.overlay, &NetworkEditorOverlay::removeNeuronRequested);
        QSignalSpy removeLayer(f.overlay, &NetworkEditorOverlay::removeLayerRequested);
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.at(0));
        QCOMPARE(f.overlay->selection().kind, NetworkView::Hit::Stack);
        QCOMPARE(f.overlay->selection().layer, 0);
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.at(-1));  // the input image: a look, no edit
        for (int y = 4; y < f.view.height(); y += 23)
            for (int x = 4; x < f.view.width(); x += 29) QTest::mouseClick(&f.view, Qt::LeftButton, {}, QPoint(x, y));
        closePopups();  // a click on a link opens the weight's editor; that is the dense part's own business
        if (QWidget* e = f.overlay->weightEditor(); e && e->isVisible()) QTest::keyClick(e, Qt::Key_Escape);
        // The grid also pressed the − and × buttons: those intents are the dense editor's, tested on their own.
        removeNeuron.clear();
        removeLayer.clear();
        f.edits.clear();
        // Walk every layer with the arrows: stacks are whole layers, dense layers neurons.
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.at(0));
        QTest::keyClick(&f.view, Qt::Key_Up);
        QTest::keyClick(&f.view, Qt::Key_Down);
        QCOMPARE(f.overlay->selection().kind, NetworkView::Hit::Stack);
        QTest::keyClick(&f.view, Qt::Key_Right);
        QCOMPARE(f.overlay->selection().layer, 1);
        QCOMPARE(f.overlay->selection().kind, NetworkView::Hit::Stack);
        QTest::keyClick(&f.view, Qt::Key_Right);
        QTest::keyClick(&f.view, Qt::Key_Right);
        QCOMPARE(f.overlay->selection().layer, 3);
        QCOMPARE(f.overlay->selection().kind, NetworkView::Hit::Neuron);
        QTest::keyClick(&f.view, Qt::Key_Down);
        QCOMPARE(f.overlay->selection().unit, 1);
        QTest::keyClick(&f.view, Qt::Key_Left);
        QCOMPARE(f.overlay->selection().kind, NetworkView::Hit::Stack);  // the flatten
        QTest::keyClick(&f.view, Qt::Key_Return);                         // nothing to type on a stack
        QVERIFY(!f.overlay->weightEditor() || !f.overlay->weightEditor()->isVisible());
        QCOMPARE(removeNeuron.count(), 0);
        // Delete on a selected stack removes that layer.
        QTest::keyClick(&f.view, Qt::Key_Delete);
        QCOMPARE(removeLayer.count(), 1);
        QCOMPARE(removeLayer.at(0).at(0).toInt(), 2);
        QVERIFY(f.edits.empty());
    }

    // Right-click on the convolution, Kernel size → 5×5: the edit keeps "same" padding (2), and the text form of the
    // spec the window makes from it reads so; the diagram then says so too.
    void kernelFromTheMenu() {
        Fixture f("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax");
        rightClick(f.view, f.at(0));
        QMenu* menu = openMenu();
        QVERIFY(menu);
        QAction* kernel = actionNamed(menu, "kernelMenu");
        QVERIFY(kernel);
        QMenu* sizes = clickItem(menu, kernel);
        QVERIFY(sizes);
        QAction* five = nullptr;
        for (QAction* a : sizes->actions())
            if (a->text() == "5×5") five = a;
        QVERIFY(five && five->isEnabled());
        clickItem(sizes, five);
        QCOMPARE(f.edits.size(), std::size_t(1));
        QCOMPARE(f.edits[0].first, 0);
        engine::NetworkSpec next = f.spec;
        next.layers[0] = f.edits[0].second;
        QCOMPARE(QString::fromStdString(engine::formatArchitecture(next)),
                 QString::fromStdString(engine::formatArchitecture(parse("8x8x1 conv5x5x8 relu pad2, maxpool2, 10 softmax"))));
        QVERIFY(next == parse("8x8x1 conv5x5x8 relu pad2, maxpool2, 10 softmax"));
        f.setSpec(next);
        QCOMPARE(f.view.columnDetail(0), QString("5×5, pad 2, ReLU"));
        QCOMPARE(f.view.shapeLabel(0), QString("8×8×8"));

        // A kernel that cannot fit is offered disabled, with the reason: 7×7 without padding on a 4×4 pooled map.
        Fixture g("8x8x1 maxpool2, conv3x3x4 relu, 10 softmax");
        rightClick(g.view, g.at(1));
        QMenu* gm = openMenu();
        QVERIFY(gm);
        QMenu* gsizes = clickItem(gm, actionNamed(gm, "kernelMenu"));
        QVERIFY(gsizes);
        QAction* seven = nullptr;
        for (QAction* a : gsizes->actions())
            if (a->text() == "7×7") seven = a;
        QVERIFY(seven);
        QVERIFY(!seven->isEnabled());
        QVERIFY2(!seven->toolTip().isEmpty(), "the reason");
        closePopups();
        QVERIFY(g.edits.empty());
    }

    // The keys on a selected stack: ] grows the kernel (padding stays "same"), [ shrinks a pooling window, + adds a
    // channel; a pooling layer's menu switches max to average.
    void keysAndPoolingMenu() {
        Fixture f("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax");
        QSignalSpy addChannel(f.overlay, &NetworkEditorOverlay::addNeuronRequested);
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.at(0));
        QTest::keyClick(&f.view, Qt::Key_BracketRight);
        QCOMPARE(f.edits.size(), std::size_t(1));
        QCOMPARE(f.edits[0].second.kernel, 5);
        QCOMPARE(f.edits[0].second.padding, 2);
        QTest::keyClick(&f.view, Qt::Key_Plus);
        QCOMPARE(addChannel.count(), 1);
        QCOMPARE(addChannel.at(0).at(0).toInt(), 0);

        QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.at(1));
        QTest::keyClick(&f.view, Qt::Key_BracketRight);  // a 3×3 window, stride 3: 8 → 2
        QCOMPARE(f.edits.size(), std::size_t(2));
        QCOMPARE(f.edits[1].first, 1);
        QCOMPARE(f.edits[1].second.kernel, 3);
        QCOMPARE(f.edits[1].second.stride, 3);

        // The Menu key opens the selected layer's menu; "Average pooling" is one click.
        QTest::keyClick(&f.view, Qt::Key_Menu);
        QMenu* menu = openMenu();
        QVERIFY(menu);
        QVERIFY(!actionNamed(menu, "freeze"));  // nothing to freeze in a pooling layer
        QAction* avg = actionNamed(menu, "avgPool");
        QVERIFY(avg);
        clickItem(menu, avg);
        QCOMPARE(f.edits.size(), std::size_t(3));
        QCOMPARE(f.edits[2].second.kind, engine::LayerKind::AvgPool);
        engine::NetworkSpec next = f.spec;
        next.layers[1] = f.edits[2].second;
        QVERIFY(next == parse("8x8x1 conv3x3x8 relu pad1, avgpool2, 10 softmax"));

    }

    // Insert a pooling layer after the convolution from its menu.
    void insertFromTheMenu() {
        Fixture f("8x8x1 conv3x3x8 relu pad1, 10 softmax");
        rightClick(f.view, f.at(0));
        QMenu* menu = openMenu();
        QVERIFY(menu);
        QAction* pool = actionNamed(menu, "insertPoolAfter");
        QVERIFY(pool && pool->isEnabled());
        clickItem(menu, pool);
        QCOMPARE(f.inserts.size(), std::size_t(1));
        QCOMPARE(f.inserts[0].first, 1);
        QCOMPARE(f.inserts[0].second.kind, engine::LayerKind::MaxPool);
        engine::NetworkSpec next = f.spec;
        next.layers.insert(next.layers.begin() + 1, f.inserts[0].second);
        QVERIFY(next == parse("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"));

        // The "+" between two stacks inserts a convolution (a dense layer there would break the pooling after it);
        // the "+" before the output still asks for a dense hidden layer.
        f.setSpec(next);
        QSignalSpy dense(f.overlay, &NetworkEditorOverlay::addLayerRequested);
        const QRectF between = f.overlay->buttonRect(NetworkEditorOverlay::Button::AddLayer, 1);
        QVERIFY(!between.isNull());
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, between.center().toPoint());
        QCOMPARE(f.inserts.size(), std::size_t(2));
        QCOMPARE(f.inserts[1].first, 1);
        QVERIFY(f.inserts[1].second == engine::LayerSpec::conv(8, 3, engine::Activation::ReLU, 1, 1));
        QCOMPARE(dense.count(), 0);
        QTest::mouseClick(&f.view, Qt::LeftButton, {},
                          f.overlay->buttonRect(NetworkEditorOverlay::Button::AddLayer, 2).center().toPoint());
        QCOMPARE(dense.count(), 1);
        QCOMPARE(dense.at(0).at(0).toInt(), 2);
        QCOMPARE(f.inserts.size(), std::size_t(2));
    }

    // Freezing a convolution from its menu, the lock on its stack, and "Unfreeze all".
    void freezeConvolution() {
        Fixture f("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax");
        std::vector<std::tuple<int, int, bool>> freezes;
        QObject::connect(f.overlay, &NetworkEditorOverlay::freezeToggled,
                         [&](NetworkEditorOverlay::FreezeKind k, int l, int, int, bool on) {
                             QCOMPARE(k, NetworkEditorOverlay::FreezeKind::Layer);
                             freezes.emplace_back(int(k), l, on);
                         });
        rightClick(f.view, f.at(0));
        QMenu* menu = openMenu();
        QVERIFY(menu);
        QVERIFY(!actionNamed(menu, "unfreezeAll"));  // nothing is frozen yet
        QAction* freeze = actionNamed(menu, "freeze");
        QVERIFY(freeze);
        clickItem(menu, freeze);
        QCOMPARE(freezes.size(), std::size_t(1));
        QCOMPARE(std::get<1>(freezes[0]), 0);
        QVERIFY(std::get<2>(freezes[0]));

        // The window freezes it and hands back the mask.
        engine::ParameterMask mask = engine::makeParameterMask(f.spec);
        engine::freezeLayer(mask, f.spec, 0);
        f.overlay->setMask(mask);
        rightClick(f.view, f.at(0));
        menu = openMenu();
        QVERIFY(menu);
        QVERIFY(actionNamed(menu, "unfreeze"));
        QAction* all = actionNamed(menu, "unfreezeAll");
        QVERIFY(all);
        clickItem(menu, all);
        QCOMPARE(freezes.size(), std::size_t(2));
        QCOMPARE(std::get<1>(freezes[1]), -1);
        QVERIFY(!std::get<2>(freezes[1]));
    }

    void screenshotConvDiagram() {
        Fixture f("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax", {900, 420});
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.at(0));
        engine::ParameterMask mask = engine::makeParameterMask(f.spec);
        engine::freezeLayer(mask, f.spec, 0);
        f.overlay->setMask(mask);
        QVERIFY(saveScreenshot(&f.view, "network_view_conv_digits.png"));

        Fixture big("28x28x1 conv5x5x16 relu, maxpool2, conv3x3x32 relu pad1, maxpool2, flatten, 128 relu, 10 softmax",
                    {1100, 460});
        QVERIFY(saveScreenshot(&big.view, "network_view_conv_fashion.png"));

        // Presenter mode: thicker lines and larger text on a large view.
        widgets::setViewScale(1.6);
        Fixture shown("8x8x1 conv3x3x8 relu pad1, maxpool2, flatten, 32 relu, 10 softmax", {1500, 700});
        QVERIFY(saveScreenshot(&shown.view, "network_view_conv_presenter.png"));
    }
};

QTEST_MAIN(TestNetworkViewConv)
#include "tst_network_view_conv.moc"
