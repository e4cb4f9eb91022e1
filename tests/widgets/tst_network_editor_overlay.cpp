// The editing overlay on a real NetworkView: its buttons sit where they are painted and emit the intents, links are
// clicked to type a value and dragged to scrub it, headers are dragged to reorder, the context menus and keys emit
// the edits, frozen and disabled parts are painted, and screenshots of 1-, 4- and 64-neuron layers for a person.
#include "engine/network.h"
#include "engine/param_mask.h"
#include "widgets/network_editor_overlay.h"
#include "widgets/network_view.h"
#include "examples.h"
#include "screenshot.h"
#include "thumbnails.h"
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QtTest>

using widgets::NetworkEditorOverlay;
using widgets::NetworkView;
using Button = NetworkEditorOverlay::Button;
using testsupport::saveScreenshot;

Q_DECLARE_METATYPE(widgets::NetworkEditorOverlay::FreezeKind)
Q_DECLARE_METATYPE(engine::Activation)
Q_DECLARE_METATYPE(engine::Loss)

namespace {

engine::NetworkSpec makeSpec(int inputs, std::vector<int> units) {
    engine::NetworkSpec s;
    s.inputs = inputs;
    for (size_t l = 0; l < units.size(); ++l)
        s.layers.push_back({units[l], l + 1 == units.size() ? engine::Activation::Sigmoid : engine::Activation::Tanh});
    s.loss = engine::Loss::BinaryCrossEntropy;
    return s;
}

struct Fixture {
    NetworkView view;
    NetworkEditorOverlay* overlay = nullptr;
    engine::NetworkSpec spec;
    engine::Vector params;

    explicit Fixture(std::vector<int> units, QSize size = {760, 460}, int inputs = 2) {
        spec = makeSpec(inputs, std::move(units));
        params = testsupport::randomParameters(spec, 11);
        view.resize(size);
        view.setNetwork(spec, testsupport::featureLabels(), testsupport::firstFeatures(inputs), true);
        view.setParameters(params);
        // Thumbnails from a forward pass over [-6, 6]^2 with the first `inputs` features (x1, x2, x1², ...).
        view.setNeuronImages(testsupport::neuronThumbnails(spec, params));
        overlay = new NetworkEditorOverlay(&view);
        view.show();
    }
};

void send(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButtons buttons, Qt::KeyboardModifiers mods = {}) {
    const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

// A point on link W_l(j, i) that hit-tests as that link (lines cross; walk along it until one does).
QPointF pointOnLink(const NetworkView& v, int l, int j, int i) {
    const QLineF line = v.linkLine(l, j, i);
    for (double t : {0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8}) {
        const QPointF p = line.pointAt(t);
        const NetworkView::Hit h = v.hitTest(p);
        if (h.kind == NetworkView::Hit::Link && h.layer == l && h.unit == j && h.input == i) return p;
    }
    return {-1, -1};
}

}  // namespace

class TstNetworkEditorOverlay : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qRegisterMetaType<widgets::NetworkEditorOverlay::FreezeKind>();
        qRegisterMetaType<engine::Activation>();
        qRegisterMetaType<engine::Loss>();
    }

    void buttonsSitInTheStrip() {
        Fixture f({4, 4, 1});
        const QVector<Button> bs = f.overlay->buttons();
        // Hidden layers: − and + and ×; the output: none (its width follows the data); four "+ layer" gaps.
        int add = 0, remove = 0, addLayer = 0, removeLayer = 0;
        for (const Button& b : bs) {
            add += b.kind == Button::AddNeuron;
            remove += b.kind == Button::RemoveNeuron;
            addLayer += b.kind == Button::AddLayer;
            removeLayer += b.kind == Button::RemoveLayer;
            QVERIFY(f.view.rect().contains(b.rect.toRect()));
            // Nothing overlaps a neuron.
            for (int l = 0; l < 3; ++l)
                for (int j = 0; j < f.spec.layers[std::size_t(l)].units; ++j)
                    QVERIFY(!b.rect.intersects(f.view.neuronRect(l, j)));
        }
        QCOMPARE(add, 2);
        QCOMPARE(remove, 2);
        QCOMPARE(addLayer, 3);
        QCOMPARE(removeLayer, 2);
        QVERIFY(f.view.editStripHeight() > 0);
        // Buttons do not overlap each other.
        for (int a = 0; a < bs.size(); ++a)
            for (int b = a + 1; b < bs.size(); ++b) QVERIFY(!bs[a].rect.intersects(bs[b].rect));

        // A one-neuron layer shows "−" but it does nothing.
        {
            Fixture one({1, 1});
            QSignalSpy removeNeuron(one.overlay, &NetworkEditorOverlay::removeNeuronRequested);
            QVERIFY(!one.overlay->buttonAt(one.overlay->buttonRect(Button::RemoveNeuron, 0).center()).enabled);
            QTest::mouseClick(&one.view, Qt::LeftButton, {},
                              one.overlay->buttonRect(Button::RemoveNeuron, 0).center().toPoint());
            QCOMPARE(removeNeuron.count(), 0);
        }
        f.overlay->setOutputResizable(true);
        QVERIFY(!f.overlay->buttonRect(Button::AddNeuron, 2).isNull());
        f.overlay->setEditable(false);
        QVERIFY(f.overlay->buttons().isEmpty());
        QCOMPARE(f.view.editStripHeight(), 0.0);
    }

    void clickingButtonsEmitsIntents() {
        Fixture f({4, 4, 1});
        QSignalSpy addNeuron(f.overlay, &NetworkEditorOverlay::addNeuronRequested);
        QSignalSpy removeNeuron(f.overlay, &NetworkEditorOverlay::removeNeuronRequested);
        QSignalSpy addLayer(f.overlay, &NetworkEditorOverlay::addLayerRequested);
        QSignalSpy removeLayer(f.overlay, &NetworkEditorOverlay::removeLayerRequested);
        QSignalSpy clicked(&f.view, &NetworkView::neuronClicked);
        auto click = [&](Button::Kind k, int l) {
            const QRectF r = f.overlay->buttonRect(k, l);
            QVERIFY(!r.isNull());
            QTest::mouseClick(&f.view, Qt::LeftButton, {}, r.center().toPoint());
        };
        click(Button::AddNeuron, 1);
        QCOMPARE(addNeuron.count(), 1);
        QCOMPARE(addNeuron.at(0).at(0).toInt(), 1);
        click(Button::RemoveNeuron, 0);
        QCOMPARE(removeNeuron.count(), 1);
        QCOMPARE(removeNeuron.at(0).at(0).toInt(), 0);
        QCOMPARE(removeNeuron.at(0).at(1).toInt(), -1);
        click(Button::AddLayer, 0);  // between the inputs and hidden 1
        click(Button::AddLayer, 2);  // between hidden 2 and the output
        QCOMPARE(addLayer.count(), 2);
        QCOMPARE(addLayer.at(0).at(0).toInt(), 0);
        QCOMPARE(addLayer.at(1).at(0).toInt(), 2);
        click(Button::RemoveLayer, 1);
        QCOMPARE(removeLayer.count(), 1);
        QCOMPARE(removeLayer.at(0).at(0).toInt(), 1);
        QCOMPARE(clicked.count(), 0);  // the buttons swallow their clicks

        // A press on a button released elsewhere does nothing.
        const QPointF r = f.overlay->buttonRect(Button::AddNeuron, 0).center();
        QTest::mousePress(&f.view, Qt::LeftButton, {}, r.toPoint());
        QTest::mouseRelease(&f.view, Qt::LeftButton, {}, (r + QPointF(0, 80)).toPoint());
        QCOMPARE(addNeuron.count(), 1);

        // The view's own clicks still work: a neuron.
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, f.view.neuronCenter(1, 2).toPoint());
        QCOMPARE(clicked.count(), 1);
    }

    void clickALinkToTypeItsValue() {
        Fixture f({4, 4, 1});
        QSignalSpy edit(f.overlay, &NetworkEditorOverlay::weightEditRequested);
        QSignalSpy entered(f.overlay, &NetworkEditorOverlay::weightValueEntered);
        const QPointF at = pointOnLink(f.view, 1, 2, 3);
        QVERIFY(at.x() >= 0);
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, at.toPoint());
        QCOMPARE(edit.count(), 1);
        QCOMPARE(edit.at(0).at(0).toInt(), 1);
        QCOMPARE(edit.at(0).at(1).toInt(), 2);
        QCOMPARE(edit.at(0).at(2).toInt(), 3);
        QLineEdit* e = f.overlay->weightEditor();
        QVERIFY(e && e->isVisible());
        engine::Network net(f.spec);
        QCOMPARE(e->text().toDouble(), QString::number(f.params[net.weightIndex(1, 2, 3)], 'g', 6).toDouble());
        e->selectAll();
        QTest::keyClicks(e, "0.5");
        QTest::keyClick(e, Qt::Key_Return);
        QCOMPARE(entered.count(), 1);
        QCOMPARE(entered.at(0).at(3).toDouble(), 0.5);
        QVERIFY(!e->isVisible());

        // Enter on the selected link opens the editor again; on a selected neuron it edits the bias.
        QTest::keyClick(&f.view, Qt::Key_Return);
        QVERIFY(e->isVisible());
        QCOMPARE(edit.count(), 2);
        f.overlay->setSelection({NetworkView::Hit::Neuron, 0, 1, -1, 0});
        QTest::keyClick(&f.view, Qt::Key_Enter);
        QCOMPARE(edit.last().at(2).toInt(), -1);
    }

    void dragALinkToScrub() {
        Fixture f({4, 4, 1});
        QSignalSpy started(f.overlay, &NetworkEditorOverlay::weightScrubStarted);
        QSignalSpy scrubbed(f.overlay, &NetworkEditorOverlay::weightScrubbed);
        QSignalSpy finished(f.overlay, &NetworkEditorOverlay::weightScrubFinished);
        QSignalSpy edit(f.overlay, &NetworkEditorOverlay::weightEditRequested);
        const QPointF at = pointOnLink(f.view, 0, 1, 0);
        QVERIFY(at.x() >= 0);
        send(&f.view, QEvent::MouseButtonPress, at, Qt::LeftButton);
        send(&f.view, QEvent::MouseMove, at + QPointF(10, 0), Qt::LeftButton);
        send(&f.view, QEvent::MouseMove, at + QPointF(30, -20), Qt::LeftButton);
        send(&f.view, QEvent::MouseButtonRelease, at + QPointF(30, -20), Qt::NoButton);
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.at(0).at(0).toInt(), 0);
        QCOMPARE(started.at(0).at(1).toInt(), 1);
        QCOMPARE(started.at(0).at(2).toInt(), 0);
        QCOMPARE(scrubbed.count(), 2);
        // Right and up raise the value: the total since the press, 100 px per unit.
        QCOMPARE(scrubbed.at(0).at(3).toDouble(), 10 / NetworkEditorOverlay::kScrubPixelsPerUnit);
        QCOMPARE(scrubbed.at(1).at(3).toDouble(), 50 / NetworkEditorOverlay::kScrubPixelsPerUnit);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(edit.count(), 0);  // a drag is not a click

        // A bias dot scrubs the bias (input -1); Shift is ten times finer.
        const QPointF bias = f.view.neuronRect(1, 0).bottomLeft();
        QCOMPARE(f.view.hitTest(bias).kind, NetworkView::Hit::Bias);
        send(&f.view, QEvent::MouseButtonPress, bias, Qt::LeftButton);
        send(&f.view, QEvent::MouseMove, bias + QPointF(0, -50), Qt::LeftButton, Qt::ShiftModifier);
        send(&f.view, QEvent::MouseButtonRelease, bias + QPointF(0, -50), Qt::NoButton);
        QCOMPARE(scrubbed.last().at(2).toInt(), -1);
        QCOMPARE(scrubbed.last().at(3).toDouble(), 50 / (10 * NetworkEditorOverlay::kScrubPixelsPerUnit));
    }

    void dragAHeaderToReorder() {
        Fixture f({4, 3, 1});
        QSignalSpy moved(f.overlay, &NetworkEditorOverlay::moveLayerRequested);
        QRectF h = f.view.headerRect(0);
        const QPointF start(h.center().x(), h.top() + 6);
        const QPointF end(f.view.neuronCenter(1, 0).x(), start.y());
        send(&f.view, QEvent::MouseButtonPress, start, Qt::LeftButton);
        send(&f.view, QEvent::MouseMove, start + QPointF(20, 0), Qt::LeftButton);
        send(&f.view, QEvent::MouseMove, end, Qt::LeftButton);
        QVERIFY(saveScreenshot(&f.view, "network_editor_reorder_drag.png"));
        send(&f.view, QEvent::MouseButtonRelease, end, Qt::NoButton);
        QCOMPARE(moved.count(), 1);
        QCOMPARE(moved.at(0).at(0).toInt(), 0);
        QCOMPARE(moved.at(0).at(1).toInt(), 1);
        // Onto the output column: no move (the output stays last).
        send(&f.view, QEvent::MouseButtonPress, start, Qt::LeftButton);
        send(&f.view, QEvent::MouseMove, QPointF(f.view.neuronCenter(2, 0).x(), start.y()), Qt::LeftButton);
        send(&f.view, QEvent::MouseButtonRelease, QPointF(f.view.neuronCenter(2, 0).x(), start.y()), Qt::NoButton);
        QCOMPARE(moved.count(), 1);
    }

    void contextMenuEmitsEdits() {
        Fixture f({4, 4, 1});
        QSignalSpy act(f.overlay, &NetworkEditorOverlay::activationRequested);
        QSignalSpy disabled(f.overlay, &NetworkEditorOverlay::neuronDisabledToggled);
        QSignalSpy frozen(f.overlay, &NetworkEditorOverlay::freezeToggled);
        QSignalSpy output(f.overlay, &NetworkEditorOverlay::outputRequested);
        QSignalSpy removeNeuron(f.overlay, &NetworkEditorOverlay::removeNeuronRequested);
        QSignalSpy addLayer(f.overlay, &NetworkEditorOverlay::addLayerRequested);

        std::unique_ptr<QMenu> menu(f.overlay->createContextMenu(f.view.neuronCenter(0, 1), nullptr));
        QVERIFY(menu);
        auto action = [&](QMenu* m, const char* name) {
            QAction* a = m->findChild<QAction*>(name);
            if (!a)
                for (QMenu* sub : m->findChildren<QMenu*>())
                    if ((a = sub->findChild<QAction*>(name))) break;
            return a;
        };
        QVERIFY(action(menu.get(), "tanh")->isChecked());
        action(menu.get(), "relu")->trigger();
        QCOMPARE(act.count(), 1);
        QCOMPARE(act.at(0).at(0).toInt(), 0);
        QCOMPARE(act.at(0).at(1).value<engine::Activation>(), engine::Activation::ReLU);
        action(menu.get(), "disableNeuron")->trigger();
        QCOMPARE(disabled.count(), 1);
        QCOMPARE(disabled.at(0).at(1).toInt(), 1);
        QCOMPARE(disabled.at(0).at(2).toBool(), true);
        action(menu.get(), "freeze")->trigger();  // the first freeze action: this neuron
        QCOMPARE(frozen.count(), 1);
        QCOMPARE(frozen.at(0).at(0).value<NetworkEditorOverlay::FreezeKind>(),
                 NetworkEditorOverlay::FreezeKind::Neuron);
        QCOMPARE(frozen.at(0).at(2).toInt(), 1);
        QCOMPARE(frozen.at(0).at(4).toBool(), true);
        action(menu.get(), "removeNeuron")->trigger();
        QCOMPARE(removeNeuron.at(0).at(1).toInt(), 1);  // this neuron, not the last
        action(menu.get(), "insertAfter")->trigger();
        QCOMPARE(addLayer.at(0).at(0).toInt(), 1);

        // With the neuron frozen and disabled, the menu offers the way back.
        engine::ParameterMask m = engine::makeParameterMask(f.spec);
        engine::freezeNeuron(m, f.spec, 0, 1);
        engine::Vector p = f.params;
        engine::disableNeuron(p, m, f.spec, 0, 1);
        f.overlay->setMask(m);
        menu.reset(f.overlay->createContextMenu(f.view.neuronCenter(0, 1), nullptr));
        QVERIFY(action(menu.get(), "enableNeuron"));
        QVERIFY(action(menu.get(), "unfreeze"));

        // The output layer: output + loss choices, no activation menu, no disable.
        menu.reset(f.overlay->createContextMenu(f.view.neuronCenter(2, 0), nullptr));
        QVERIFY(!menu->findChild<QMenu*>("activationMenu"));
        QVERIFY(!action(menu.get(), "disableNeuron"));
        QVERIFY(action(menu.get(), "sigmoid+bce")->isChecked());
        action(menu.get(), "softmax+cross_entropy")->trigger();
        QCOMPARE(output.count(), 1);
        QCOMPARE(output.at(0).at(0).value<engine::Activation>(), engine::Activation::Softmax);
        QCOMPARE(output.at(0).at(1).value<engine::Loss>(), engine::Loss::SoftmaxCrossEntropy);

        // A link: edit and freeze that weight.
        const QPointF at = pointOnLink(f.view, 1, 0, 2);
        menu.reset(f.overlay->createContextMenu(at, nullptr));
        QVERIFY(action(menu.get(), "editWeight"));
        action(menu.get(), "freeze")->trigger();
        QCOMPARE(frozen.last().at(0).value<NetworkEditorOverlay::FreezeKind>(),
                 NetworkEditorOverlay::FreezeKind::Weight);
        QCOMPARE(frozen.last().at(3).toInt(), 2);
    }

    void keysEditTheSelection() {
        Fixture f({4, 4, 1});
        QSignalSpy removeNeuron(f.overlay, &NetworkEditorOverlay::removeNeuronRequested);
        QSignalSpy selection(f.overlay, &NetworkEditorOverlay::selectionChanged);
        f.view.setFocus();
        QTest::keyClick(&f.view, Qt::Key_Down);  // nothing selected: the first neuron
        QCOMPARE(f.overlay->selection().layer, 0);
        QCOMPARE(f.overlay->selection().unit, 0);
        QTest::keyClick(&f.view, Qt::Key_Down);
        QTest::keyClick(&f.view, Qt::Key_Down);
        QTest::keyClick(&f.view, Qt::Key_Right);
        QCOMPARE(f.overlay->selection().layer, 1);
        QCOMPARE(f.overlay->selection().unit, 2);
        QTest::keyClick(&f.view, Qt::Key_Right);
        QCOMPARE(f.overlay->selection().layer, 2);
        QCOMPARE(f.overlay->selection().unit, 0);  // the output has one neuron
        QTest::keyClick(&f.view, Qt::Key_Delete);  // the output's width follows the data: nothing
        QCOMPARE(removeNeuron.count(), 0);
        QTest::keyClick(&f.view, Qt::Key_Left);
        QTest::keyClick(&f.view, Qt::Key_Delete);
        QCOMPARE(removeNeuron.count(), 1);
        QCOMPARE(removeNeuron.at(0).at(0).toInt(), 1);
        QCOMPARE(removeNeuron.at(0).at(1).toInt(), 0);
        QVERIFY(selection.count() >= 5);
    }

    void paintsFrozenAndDisabled() {
        Fixture f({4, 4, 1});
        const QRectF r = f.view.neuronRect(1, 2);
        const QImage plain = f.view.grab().toImage();
        engine::ParameterMask m = engine::makeParameterMask(f.spec);
        engine::Vector p = f.params;
        QVERIFY(engine::disableNeuron(p, m, f.spec, 1, 2));
        engine::freezeLayer(m, f.spec, 0);
        engine::freezeNeuron(m, f.spec, 1, 0);
        engine::freezeWeight(m, f.spec, 2, 0, 3);
        f.view.setParameters(p);
        f.overlay->setMask(m);
        const QImage marked = f.view.grab().toImage();
        // The disabled neuron is veiled (lighter) and crossed.
        const QPoint probe = (r.topLeft() + QPointF(r.width() * 0.3, r.height() * 0.12)).toPoint();
        QVERIFY(QColor(marked.pixel(probe)).lightness() >= QColor(plain.pixel(probe)).lightness());
        const QPoint cross = r.center().toPoint();
        QVERIFY(QColor(marked.pixel(cross)).lightness() < 140);
        QVERIFY(saveScreenshot(&f.view, "network_editor_frozen_disabled.png"));
        f.view.resize(1280, 760);
        QVERIFY(saveScreenshot(&f.view, "network_editor_frozen_disabled_projector.png"));
    }

    void screenshots_data() {
        QTest::addColumn<QVector<int>>("units");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("file");
        QTest::newRow("2-4-4-1") << QVector<int>{4, 4, 1} << QSize(760, 460) << "network_editor_2-4-4-1.png";
        QTest::newRow("2-1-1") << QVector<int>{1, 1} << QSize(640, 400) << "network_editor_2-1-1.png";
        QTest::newRow("2-64-64-1") << QVector<int>{64, 64, 1} << QSize(760, 460) << "network_editor_2-64-64-1.png";
        QTest::newRow("2-4-1 small") << QVector<int>{4, 1} << QSize(420, 280) << "network_editor_small.png";
        QTest::newRow("projector") << QVector<int>{6, 3, 1} << QSize(1280, 760) << "network_editor_projector.png";
    }

    void screenshots() {
        QFETCH(QVector<int>, units);
        QFETCH(QSize, size);
        QFETCH(QString, file);
        Fixture f(std::vector<int>(units.begin(), units.end()), size);
        // Hover one button, as a person about to click it sees it.
        if (!f.overlay->buttons().isEmpty()) {
            const QRectF r = f.overlay->buttonRect(Button::AddNeuron, 0);
            if (!r.isNull()) send(&f.view, QEvent::MouseMove, r.center(), Qt::NoButton);
        }
        QVERIFY(saveScreenshot(&f.view, file));
    }
};

QTEST_MAIN(TstNetworkEditorOverlay)
#include "tst_network_editor_overlay.moc"
