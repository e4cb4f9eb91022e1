// A frozen layer survives Save and Open: the user freezes the first hidden layer from the diagram's context menu
// (right-click, "Freeze the whole layer"), saves with Ctrl+S, opens the file in a fresh window from File → Open recent, and
// the diagram's menu offers "Unfreeze the whole layer" there; training the reopened project leaves that layer's
// weights exactly as saved while the rest learns. Mouse and keys only (journey.h).
#include "patient_waits.h"
#include "journey.h"
#include "screenshot.h"
#include "app/session/document_controller.h"
#include "engine/param_layout.h"
#include "widgets/network_view.h"
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>
#include <QStandardPaths>
#include <QWindow>

using namespace app;
using namespace journey;

namespace {

// Right-clicks neuron (layer, unit) of the diagram and returns the context menu that opens. The click goes to the
// window, as the platform delivers it: QTest's widget overload hands the widget a bare mouse event, and only the
// window turns a right press into the context-menu event a person's click makes.
QMenu* contextMenuAt(MainWindow& w, int layer, int unit) {
    widgets::NetworkView* view = w.networkView();
    if (!view || !view->isVisible()) return nullptr;
    const QPointF at = view->neuronCenter(layer, unit);
    if (at.x() < 0) return nullptr;
    QWidget* top = view->window();
    QTest::mouseClick(top->windowHandle(), Qt::RightButton, {}, view->mapTo(top, at.toPoint()));
    QMenu* menu = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] {
            menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            return menu && menu->isVisible();
        },
        testsupport::kPatienceMs);
    return shown ? menu : nullptr;
}

QAction* actionWithText(QMenu* menu, const QString& text) {
    for (QAction* a : menu->actions())
        if (a->text().remove('&') == text) return a;
    return nullptr;
}

// The weights and biases of one layer in the last snapshot.
engine::Vector layerParams(MainWindow& w, int l) {
    const engine::ParameterLayout lay(w.lastSnapshot().spec);
    const engine::Index begin = lay.weightOffset(l), end = lay.biasOffset(l) + lay.units(l);
    return w.lastSnapshot().params.segment(begin, end - begin);
}

}  // namespace

class TstFreezeJourney : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aFrozenLayerIsStillFrozenAfterSaveAndOpen() {
        const QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QVERIFY(QDir().mkpath(docs));
        const QString path = QDir(docs).filePath("XOR.nnlab");
        QFile::remove(path);

        MainWindow w;
        QVERIFY(open(w));
        // Right-click the first hidden layer's top neuron: the menu offers to freeze the whole layer.
        QMenu* menu = contextMenuAt(w, 0, 0);
        QVERIFY2(menu, "no context menu on the diagram");
        QAction* freeze = actionWithText(menu, "Freeze the whole layer");
        QVERIFY2(freeze, "no \"Freeze the whole layer\" in the diagram's menu");
        QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(freeze).center());
        QVERIFY(QTest::qWaitFor([] { return QApplication::activePopupWidget() == nullptr; }, testsupport::kPatienceMs));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY2(w.windowTitle().contains('*'), qPrintable(w.windowTitle()));  // an edit: unsaved
        QVERIFY(testsupport::saveScreenshot(w.networkView(), "freeze-journey/frozen-layer.png"));

        // Ctrl+S: the dialog suggests the project's name; Save.
        saveWhenAsked();
        press(w, Qt::Key_S, Qt::ControlModifier);
        QVERIFY(QTest::qWaitFor([&] { return QFileInfo::exists(path) && w.document()->filePath() == path; },
                                testsupport::kPatienceMs));
        QVERIFY2(!w.windowTitle().contains('*'), qPrintable(w.windowTitle()));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY2(saved.readAll().contains("\"mask\""), "the saved file has no mask");

        // A fresh window opens it again from File → Open recent.
        MainWindow w2;
        QVERIFY(open(w2));
        QVERIFY(chooseMenuPath(w2, {"File", "Open recent", "1  XOR.nnlab"}));
        QVERIFY(QTest::qWaitFor([&] { return w2.document()->filePath() == path; }, testsupport::kPatienceMs));
        QVERIFY(waitFor(w2, [&] { return w2.lastSnapshot().spec == w2.project().network; }));

        // The diagram says the layer is frozen: its menu now offers to unfreeze it.
        menu = contextMenuAt(w2, 0, 1);
        QVERIFY2(menu, "no context menu on the reopened diagram");
        const bool unfreezeOffered = actionWithText(menu, "Unfreeze the whole layer") != nullptr;
        const bool freezeOffered = actionWithText(menu, "Freeze the whole layer") != nullptr;
        QTest::keyClick(menu, Qt::Key_Escape);
        QVERIFY(QTest::qWaitFor([] { return QApplication::activePopupWidget() == nullptr; }, testsupport::kPatienceMs));
        w2.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w2));
        QVERIFY2(unfreezeOffered && !freezeOffered, "the reopened layer is not shown as frozen");
        QVERIFY(testsupport::saveScreenshot(w2.networkView(), "freeze-journey/reopened.png"));

        // And it trains as frozen: Play, then pause; the first layer is exactly as saved, the second learned.
        const engine::Vector first = layerParams(w2, 0), second = layerParams(w2, 1);
        click(toolButton(w2, "playAction"));
        QVERIFY(waitFor(w2, [&] { return w2.lastSnapshot().step > 200; }));
        click(toolButton(w2, "playAction"));
        QVERIFY(waitFor(w2, [&] { return !w2.lastSnapshot().running; }));
        QVERIFY(layerParams(w2, 0) == first);
        QVERIFY(layerParams(w2, 1) != second);
    }
};

QTEST_MAIN(TstFreezeJourney)
#include "tst_freeze_journey.moc"
