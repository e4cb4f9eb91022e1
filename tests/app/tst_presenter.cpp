// Classroom mode driven as a teacher drives it: F5 presents (full screen, larger text, side panels away) and Esc gives
// the window back exactly; slow motion and the palettes; the hide flags hide docks and travel in the project file;
// F1's key map lists the window's shortcuts. Pictures of presenter mode go to SCREENSHOT_DIR.
#include "patient_waits.h"
#include "app/session/document_controller.h"
#include "app/classroom/key_map_dialog.h"
#include "app/window/main_window.h"
#include "app/classroom/presenter.h"
#include "app/document/presets.h"
#include "app/document/project_file.h"
#include "widgets/output_view.h"
#include "widgets/drawing/palette.h"
#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include "projector_screen.h"
#include "screenshot.h"
#include "snapshot_waits.h"
#include <QtTest>

using namespace app;
using testsupport::saveScreenshot;

namespace {
const bool kProjectorScreen = useProjectorScreen("tst-presenter");

QDockWidget* dock(MainWindow& w, const char* name) { return w.findChild<QDockWidget*>(name); }

// Every dock's visibility, and the place of each one on screen, as a person sees them. (The saveState() bytes also
// hold sizes the layout merely prefers, and a tab in the background is parked off screen at any size.)
QStringList dockLayout(MainWindow& w) {
    QStringList out;
    for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
        const QRect r = d->geometry();
        out << (d->isHidden()                                     ? d->objectName() + " hidden"
                : !d->isVisible() || d->visibleRegion().isEmpty() ? d->objectName() + " in a background tab"
                                                                  : QString("%1 %2,%3 %4x%5")
                                                                        .arg(d->objectName())
                                                                        .arg(r.x())
                                                                        .arg(r.y())
                                                                        .arg(r.width())
                                                                        .arg(r.height()));
    }
    out.sort();
    return out;
}

// The next `n` snapshots drawn (the one in flight may still carry the old colours).
bool nextSnapshots(MainWindow& w, int n) {
    QSignalSpy spy(&w, &MainWindow::snapshotShown);
    while (spy.count() < n)
        if (!spy.wait(testsupport::kPatienceMs)) return false;
    return true;
}

QString speedText(MainWindow& w) {
    for (QLabel* l : w.findChild<QWidget*>("speedControl")->findChildren<QLabel*>())
        if (l->text() != "Speed") return l->text();  // the label beside the slider, not its title
    return {};
}
}  // namespace

class TstPresenter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().remove("view");
        QSettings().remove("window");
    }
    void cleanup() { widgets::setPaletteMode(widgets::PaletteMode::Standard); }

    void f5PresentsAndEscGivesTheWindowBackExactly() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QAction* act = w.findChild<QAction*>("presenterAction");
        QVERIFY(act);
        QCOMPARE(act->shortcut(), QKeySequence(Qt::Key_F5));
        const QFont font = w.font();
        const QRect geometry = w.geometry();
        const QStringList docks = dockLayout(w);
        QVERIFY(!dock(w, "dataDock")->isHidden());

        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(w.presenter()->isPresenting());
        QVERIFY(act->isChecked());
        QVERIFY(w.windowState() & Qt::WindowFullScreen);
        QCOMPARE(w.font().pointSizeF(), font.pointSizeF() * Presenter::kFontScale);
        QCOMPARE(w.outputView()->font().pointSizeF(), font.pointSizeF() * Presenter::kFontScale);  // inherited
        QCOMPARE(widgets::viewScale(), Presenter::kViewScale);
        QVERIFY(dock(w, "dataDock")->isHidden());
        QVERIFY(dock(w, "metricsDock")->isHidden());
        QVERIFY(!dock(w, "networkDock")->isHidden());
        QVERIFY(!dock(w, "chartsDock")->isHidden());

        QTRY_COMPARE(w.size(), w.screen()->size());  // the platform resizes the window a moment later

        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.presenter()->isPresenting());
        QVERIFY(!act->isChecked());
        QVERIFY(!(w.windowState() & Qt::WindowFullScreen));
        QCOMPARE(w.font(), font);
        QVERIFY(!w.testAttribute(Qt::WA_SetFont));  // inherits the application's font again
        QCOMPARE(widgets::viewScale(), 1.0);
        QTRY_COMPARE(w.geometry(), geometry);
        QTRY_COMPARE(dockLayout(w), docks);
        QVERIFY(!dock(w, "dataDock")->isHidden());

        act->trigger();  // and again, by the menu
        QVERIFY(w.presenter()->isPresenting());
        QTRY_COMPARE(w.size(), w.screen()->size());
        act->trigger();
        QVERIFY(!w.presenter()->isPresenting());
        QTRY_COMPARE(w.geometry(), geometry);
        QTRY_COMPARE(dockLayout(w), docks);
    }

    void theChosenPanelIsTheLargeOne() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.presenter()->setPanel(Presenter::Panel::Output);
        w.presenter()->setPresenting(true);
        QTRY_COMPARE(w.size(), w.screen()->size());
        QTRY_VERIFY(dock(w, "networkDock")->height() < w.outputView()->height());
        const int outputNet = dock(w, "networkDock")->height();
        const int outputCharts = dock(w, "chartsDock")->width();
        QVERIFY(w.outputView()->width() > outputCharts);
        w.findChild<QAction*>("presenterPanel1")->trigger();  // Network
        QCOMPARE(w.presenter()->panel(), Presenter::Panel::Network);
        QTRY_VERIFY(dock(w, "networkDock")->height() > w.outputView()->height());
        QVERIFY(dock(w, "networkDock")->height() > outputNet);
        w.findChild<QAction*>("presenterPanel2")->trigger();  // Charts
        QTRY_VERIFY(dock(w, "chartsDock")->width() > w.outputView()->width());
        QVERIFY(dock(w, "chartsDock")->width() > outputCharts);
        w.presenter()->setPresenting(false);
        w.presenter()->setPanel(Presenter::Panel::Output);
    }

    void slowMotionRunsAtFiveStepsAndGivesTheSpeedBack() {
        MainWindow w;
        auto* slider = w.findChild<QWidget*>("speedControl")->findChild<QSlider*>();
        QVERIFY(slider);
        const int before = slider->value();
        QAction* slow = w.findChild<QAction*>("slowMotionAction");
        QVERIFY(slow);
        QVERIFY(!slow->shortcut().isEmpty());
        slow->trigger();
        QVERIFY(w.presenter()->slowMotion());
        QCOMPARE(speedText(w), QString("5 steps/s"));
        slow->trigger();
        QCOMPARE(slider->value(), before);
        // Moving the slider by hand ends slow motion where the hand left it.
        slow->trigger();
        slider->setValue(4);
        QVERIFY(!slow->isChecked());
        QCOMPARE(slider->value(), 4);
    }

    void thePaletteSwitchRecoloursTheViewsAndTheBoundary() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitFor(w, [&] { return !w.lastSnapshot().boundary.isNull(); }));
        const QColor standard = widgets::classColor(0);
        const QImage before = w.lastSnapshot().boundary;
        QAction* high = w.findChild<QAction*>("paletteHighContrastAction");
        QVERIFY(high);
        high->trigger();
        QCOMPARE(widgets::paletteMode(), widgets::PaletteMode::HighContrast);
        QVERIFY(widgets::classColor(0) != standard);
        QCOMPARE(QSettings().value("view/palette").toString(), QString("highContrast"));
        // The training thread draws the next boundary in the new colours (asked for at once, even while paused).
        QVERIFY(waitFor(
            w, [&] { return w.lastSnapshot().boundary != before; }, 20));
        w.findChild<QAction*>("paletteStandardAction")->trigger();
        QCOMPARE(widgets::classColor(0), standard);
        QCOMPARE(QSettings().value("view/palette").toString(), QString("standard"));
        QVERIFY(waitFor(
            w, [&] { return w.lastSnapshot().boundary == before; }, 20));

        // A new window starts with the palette last chosen.
        high->trigger();
        widgets::setPaletteMode(widgets::PaletteMode::Standard);
        MainWindow second;
        QCOMPARE(widgets::paletteMode(), widgets::PaletteMode::HighContrast);
        QVERIFY(second.findChild<QAction*>("paletteHighContrastAction")->isChecked());
        second.findChild<QAction*>("paletteStandardAction")->trigger();
    }

    void hideFlagsHideControlsAndTravelInTheProject() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QMenu* menu = w.findChild<QMenu*>("hideMenu");
        QVERIFY(menu);
        QAction* hideData = menu->findChild<QAction*>("hide_data");
        QVERIFY(hideData && hideData->isCheckable());
        QVERIFY(!w.document()->isModified());
        hideData->trigger();
        QVERIFY(dock(w, "dataDock")->isHidden());
        QCOMPARE(w.project().view.hiddenControls, QStringList{"data"});
        QVERIFY(w.document()->isModified());
        menu->findChild<QAction*>("hide_play")->trigger();
        QCOMPARE(w.project().view.hiddenControls, (QStringList{"data", "play"}));
        QVERIFY(!w.playAction()->isVisible());

        // Saved with the project and read back the same; unknown names are dropped, a non-string is an error.
        QTemporaryDir dir;
        const QString path = dir.filePath("demo.nnlab");
        QString error;
        QVERIFY2(saveProjectFile(path, w.project(), &error), qPrintable(error));
        const ProjectLoadResult loaded = loadProjectFile(path);
        QVERIFY2(loaded.project, qPrintable(loaded.error));
        QCOMPARE(loaded.project->view.hiddenControls, (QStringList{"data", "play"}));
        QByteArray json = projectToJson(*loaded.project);
        QVERIFY(json.contains("\"hidden\""));
        json.replace("\"play\"", "\"teleport\"");
        const ProjectLoadResult unknown = projectFromJson(json);
        QVERIFY2(unknown.project, qPrintable(unknown.error));
        QCOMPARE(unknown.project->view.hiddenControls, QStringList{"data"});
        const ProjectLoadResult broken = projectFromJson(QByteArray(json).replace("\"teleport\"", "7"));
        QVERIFY(!broken.project);
        QVERIFY2(broken.error.contains("view.hidden[1]"), qPrintable(broken.error));
        QVERIFY(!projectToJson(preset("xor")).contains("\"hidden\""));  // no flags, no key

        // "Show everything" clears; opening a project with flags hides, one without shows again.
        menu->findChild<QAction*>("showEverythingAction")->trigger();
        QVERIFY(!dock(w, "dataDock")->isHidden());
        QVERIFY(w.playAction()->isVisible());
        QVERIFY(w.project().view.hiddenControls.isEmpty());
        QVERIFY(w.openFile(path));
        QVERIFY(dock(w, "dataDock")->isHidden());
        QVERIFY(!w.playAction()->isVisible());
        emit menu->aboutToShow();
        QVERIFY(hideData->isChecked());
        QVERIFY(!w.document()->isModified());  // opening a file is not a change
        w.loadProject(preset("xor"));
        QVERIFY(!dock(w, "dataDock")->isHidden());
        QVERIFY(w.playAction()->isVisible());
        emit menu->aboutToShow();
        QVERIFY(!hideData->isChecked());
    }

    void theKeyMapListsTheWindowsShortcuts() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QList<KeyMapEntry> entries = keyMapEntries(&w);
        auto what = [&](const QString& keys) {
            for (const KeyMapEntry& e : entries)
                if (e.keys == keys) return e.what;
            return QString();
        };
        QCOMPARE(what("Space"), QString("Play / pause training"));
        QCOMPARE(what("F5"), QString("Presenter mode"));
        QCOMPARE(what("F1"), QString("Key map"));
        QCOMPARE(what("R"), QString("Reset"));
        QCOMPARE(what(QString::fromUtf8("→")), QString("Step"));
        QCOMPARE(what(QString::fromUtf8("1–8")), QString("Choose the class to draw (the plot has focus)"));
        QCOMPARE(what("Ctrl+Z"), QString("Undo the last edit"));
        QCOMPARE(entries.first().keys, QString("Space"));  // the keys a class uses most come first
        QAction* keyMap = w.findChild<QAction*>("keyMapAction");
        QVERIFY(keyMap);
        keyMap->trigger();
        auto* dialog = w.findChild<KeyMapDialog*>("keyMapDialog");
        QVERIFY(dialog && dialog->isVisible());
        int shown = 0;
        for (int r = 0; r < dialog->table()->rowCount(); ++r)
            for (int c : {0, 2}) shown += dialog->table()->item(r, c) != nullptr;
        QCOMPARE(shown, int(entries.size()));
    }

    // Pictures for a person to look at: presenter mode on XOR after a short training, in both palettes and with each
    // panel large, and the key map at presenter size.
    void screenshots() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.presenter()->setPresenting(true);
        QTRY_COMPARE(w.size(), w.screen()->size());
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().generation > 0; }));
        w.playAction()->trigger();
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().epoch >= 150; }));
        w.playAction()->trigger();
        QVERIFY(waitFor(w, [&] { return !w.lastSnapshot().running; }));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);  // the status labels' new widths
        QVERIFY(saveScreenshot(&w, "presenter-xor.png"));
        w.presenter()->setPalette(widgets::PaletteMode::HighContrast);
        QVERIFY(nextSnapshots(w, 1));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QVERIFY(saveScreenshot(&w, "presenter-highcontrast.png"));
        w.presenter()->setPalette(widgets::PaletteMode::Standard);
        QVERIFY(nextSnapshots(w, 1));
        for (auto [panel, name] : {std::pair{Presenter::Panel::Network, "presenter-network.png"},
                                   std::pair{Presenter::Panel::Charts, "presenter-charts.png"}}) {
            w.presenter()->setPanel(panel);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QVERIFY(saveScreenshot(&w, name));
        }
        w.presenter()->setPanel(Presenter::Panel::Output);
        KeyMapDialog* map = w.presenter()->showKeyMap();
        QVERIFY(QTest::qWaitForWindowExposed(map));
        QVERIFY(saveScreenshot(map, "keymap.png"));
        w.presenter()->setPresenting(false);
    }
};

QTEST_MAIN(TstPresenter)
#include "tst_presenter.moc"
