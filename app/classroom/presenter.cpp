#include "app/classroom/presenter.h"
#include "app/classroom/lesson_mode.h"
#include "app/panels/data_panel.h"
#include "app/session/document_controller.h"
#include "app/classroom/key_map_dialog.h"
#include "app/session/session.h"
#include "app/window/window_host.h"
#include <QMainWindow>
#include "app/document/window_controls.h"
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QKeyEvent>
#include <QLayout>
#include <QMenuBar>
#include <QSettings>
#include <QSlider>
#include <QTimer>
#include <algorithm>

namespace app {
namespace {
constexpr int kSlowSpeed = 2;  // position of 5 steps/s on the speed slider (kSpeeds in app/window/main_window.cpp)
// Side panels that make way while presenting; the chosen panel, the diagram and the charts stay.
const char* const kSidePanels[] = {"dataDock", "trainingDock", "metricsDock", "weightsDock"};

QMenu* menuTitled(QMainWindow* w, const QString& title) {
    for (QAction* a : w->menuBar()->actions())
        if (a->menu() && a->text() == title) return a->menu();
    return w->menuBar()->addMenu(title);
}
}  // namespace

Presenter::Presenter(Session* session, WindowHost* host)
    : QObject(host->window()), m_session(session), m_host(host), m_win(host->window()) {
    setObjectName("presenter");
    QSettings settings;
    widgets::setPaletteMode(settings.value("view/palette").toString() == "highContrast"
                                ? widgets::PaletteMode::HighContrast
                                : widgets::PaletteMode::Standard);
    m_panel = Panel(std::clamp(settings.value("view/presenterPanel", 0).toInt(), 0, 2));
    buildActions();
    m_win->installEventFilter(this);
    // Moving the slider by hand ends slow motion (without jumping back to the old speed).
    if (auto* speed = m_win->findChild<QSlider*>("speedSlider"))
        connect(speed, &QSlider::valueChanged, this, [this](int v) {
            if (!m_slowAct->isChecked() || v == kSlowSpeed) return;
            const QSignalBlocker block(m_slowAct);
            m_slowAct->setChecked(false);
            m_speedBefore = -1;
        });
}

void Presenter::buildActions() {
    QMenu* view = m_win->findChild<QMenu*>("viewMenu");
    if (!view) view = menuTitled(m_win, tr("&View"));
    view->addSeparator();

    m_presentAct = view->addAction(tr("Presenter mode"));
    m_presentAct->setObjectName("presenterAction");
    m_presentAct->setCheckable(true);
    m_presentAct->setShortcut(Qt::Key_F5);
    m_presentAct->setToolTip(tr("Full screen with one panel large, larger text and thicker lines for a projector "
                                "(F5; Esc or F5 again leaves)"));
    connect(m_presentAct, &QAction::toggled, this, &Presenter::setPresenting);

    QMenu* panels = view->addMenu(tr("Presenter panel"));
    panels->setObjectName("presenterPanelMenu");
    m_panelGroup = new QActionGroup(this);
    const std::pair<Panel, QString> choices[] = {{Panel::Output, tr("Output")},
                                                 {Panel::Network, tr("Network")},
                                                 {Panel::Charts, tr("Charts")}};
    for (const auto& [p, text] : choices) {
        QAction* a = panels->addAction(text);
        a->setObjectName(QString("presenterPanel%1").arg(int(p)));
        a->setCheckable(true);
        a->setChecked(p == m_panel);
        m_panelGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, p = p] { setPanel(p); });
    }

    QMenu* palette = view->addMenu(tr("Palette"));
    palette->setObjectName("paletteMenu");
    m_paletteGroup = new QActionGroup(this);
    const std::pair<widgets::PaletteMode, QString> palettes[] = {{widgets::PaletteMode::Standard,
                                                                  tr("Colour-blind safe (Okabe–Ito)")},
                                                                 {widgets::PaletteMode::HighContrast,
                                                                  tr("High contrast")}};
    for (const auto& [m, text] : palettes) {
        QAction* a = palette->addAction(text);
        a->setObjectName(m == widgets::PaletteMode::Standard ? "paletteStandardAction" : "paletteHighContrastAction");
        a->setCheckable(true);
        a->setChecked(m == widgets::paletteMode());
        m_paletteGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, m = m] { setPalette(m); });
    }

    m_hideMenu = view->addMenu(tr("Hide for a demo"));
    m_hideMenu->setObjectName("hideMenu");
    m_hideMenu->setToolTipsVisible(true);
    for (const QString& name : controlNames()) {
        QAction* a = m_hideMenu->addAction(controlTitle(name));
        a->setObjectName("hide_" + name);
        a->setCheckable(true);
        a->setToolTip(tr("Hidden while this project is open; saved in the project file"));
        m_hideActs[name] = a;
        connect(a, &QAction::triggered, this, [this] {
            QStringList names;
            for (auto it = m_hideActs.cbegin(); it != m_hideActs.cend(); ++it)
                if (it.value()->isChecked()) names << it.key();
            setHiddenForDemo(names);
        });
    }
    m_hideMenu->addSeparator();
    QAction* showAll = m_hideMenu->addAction(tr("Show everything"), this, [this] { setHiddenForDemo({}); });
    showAll->setObjectName("showEverythingAction");
    connect(m_hideMenu, &QMenu::aboutToShow, this, &Presenter::syncHideMenu);

    m_slowAct = new QAction(tr("Slow motion"), this);
    m_slowAct->setObjectName("slowMotionAction");
    m_slowAct->setCheckable(true);
    m_slowAct->setShortcut(Qt::SHIFT | Qt::Key_M);
    m_slowAct->setToolTip(tr("Train at 5 updates a second to follow every step (Shift+M); again for the old speed"));
    connect(m_slowAct, &QAction::toggled, this, &Presenter::setSlowMotion);
    QMenu* train = menuTitled(m_win, tr("&Training"));
    train->addSeparator();
    train->addAction(m_slowAct);

    m_keyMapAct = new QAction(tr("Key map"), this);
    m_keyMapAct->setObjectName("keyMapAction");
    m_keyMapAct->setShortcut(Qt::Key_F1);
    m_keyMapAct->setToolTip(tr("Every keyboard shortcut in one table (F1)"));
    connect(m_keyMapAct, &QAction::triggered, this, &Presenter::showKeyMap);
    m_win->addAction(m_keyMapAct);  // F1 works at once; the Help menu follows once every other menu is there
    QTimer::singleShot(0, this, [this] {
        QMenu* help = m_win->findChild<QMenu*>("helpMenu");
        if (!help) {
            help = m_win->menuBar()->addMenu(tr("&Help"));
            help->setObjectName("helpMenu");
        }
        // The key map first; the window's About entries, when it has them, close the menu as usual.
        QAction* first = help->actions().value(0);
        help->insertAction(first, m_keyMapAct);
        if (first) help->insertSeparator(first);
    });
}

bool Presenter::slowMotion() const { return m_slowAct->isChecked(); }

void Presenter::setSlowMotion(bool on) {
    if (m_slowAct->isChecked() != on) {
        m_slowAct->setChecked(on);  // comes back here through toggled
        return;
    }
    if (on) {
        m_speedBefore = m_host->speedPosition();
        m_host->setSpeedPosition(kSlowSpeed);
    } else if (m_speedBefore >= 0) {
        m_host->setSpeedPosition(m_speedBefore);
        m_speedBefore = -1;
    }
}

void Presenter::setPalette(widgets::PaletteMode mode) {
    widgets::setPaletteMode(mode);
    QSettings().setValue("view/palette", mode == widgets::PaletteMode::HighContrast ? "highContrast" : "standard");
    for (QAction* a : m_paletteGroup->actions())
        a->setChecked((a->objectName() == "paletteHighContrastAction") == (mode == widgets::PaletteMode::HighContrast));
    m_host->restyle();
    repaintViews();
    m_session->thread().requestSnapshot();  // the boundary and the neurons' pictures are drawn on the training thread
}

void Presenter::repaintViews() {
    for (QWidget* w : m_win->findChildren<QWidget*>()) w->update();
}

void Presenter::setHiddenForDemo(const QStringList& names) {
    QStringList ordered;  // in menu order, known names only: the file lists them the same way every time
    for (const QString& n : controlNames())
        if (names.contains(n)) ordered << n;
    if (ordered != m_host->hiddenControls("project")) m_host->setHiddenControls("project", ordered);
    m_session->setHiddenControls(ordered);  // saved with the project
    syncHideMenu();
}

void Presenter::syncHideMenu() {
    const QStringList hidden = m_host->hiddenControls("project");
    for (auto it = m_hideActs.cbegin(); it != m_hideActs.cend(); ++it)
        it.value()->setChecked(hidden.contains(it.key()));
}

KeyMapDialog* Presenter::showKeyMap() {
    if (!m_keyMap) m_keyMap = new KeyMapDialog(m_win);
    m_keyMap->refresh();
    m_keyMap->show();
    m_keyMap->raise();
    m_keyMap->activateWindow();
    return m_keyMap;
}

void Presenter::setPanel(Panel panel) {
    m_panel = panel;
    QSettings().setValue("view/presenterPanel", int(panel));
    if (QAction* a = m_panelGroup->actions().value(int(panel))) a->setChecked(true);
    if (!m_presenting) return;
    m_win->restoreState(m_saved.docks);
    arrange();
}

void Presenter::setPresenting(bool on) {
    if (on == m_presenting) return;
    m_presenting = on;
    {
        const QSignalBlocker block(m_presentAct);
        m_presentAct->setChecked(on);
    }
    QMainWindow* w = m_win;
    if (on) {
        m_saved = {w->geometry(),      w->saveState(), w->windowState(), w->font(), w->testAttribute(Qt::WA_SetFont),
                   m_host->hiddenNow()};
        widgets::setViewScale(kViewScale);  // before the font: the charts rescale their pens on the font change
        QFont big = m_saved.font;
        if (big.pointSizeF() > 0) big.setPointSizeF(big.pointSizeF() * kFontScale);
        else big.setPixelSize(int(big.pixelSize() * kFontScale));
        w->setFont(big);
        w->showFullScreen();
        arrange();
    } else {
        widgets::setViewScale(1.0);
        w->setFont(m_saved.ownFont ? m_saved.font : QFont());  // QFont(): inherit the application's font again
        if (m_saved.states & Qt::WindowFullScreen) w->showFullScreen();
        else if (m_saved.states & Qt::WindowMaximized) w->showMaximized();
        else {
            w->showNormal();
            w->setGeometry(m_saved.geometry);  // restoreGeometry() would add the frame twice on some platforms
        }
        restoreDocks();
        // A window manager applies the geometry a moment later; on each resize until then settles, the docks take
        // their saved sizes again (else they would keep the full-screen proportions).
        m_restoring = true;
        QTimer::singleShot(0, this, [this] {
            if (!m_presenting) restoreDocks();
        });
        QTimer::singleShot(1000, this, [this] { m_restoring = false; });
    }
    repaintViews();
}

void Presenter::restoreDocks() {
    // Twice: the panels hidden while presenting still have the minimum sizes of the large font, and only redo their
    // layouts once shown; restored with those, they would keep presenter-mode widths. Before the second, the window's
    // own layout runs again: the status bar still had its large-font height, the docks were fitted into a 4 px shorter
    // area, and when it shrank a moment later the 4 px went 2 and 2 to the right column's docks (not as saved).
    m_win->restoreState(m_saved.docks);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    m_win->layout()->invalidate();
    m_win->layout()->activate();
    m_win->restoreState(m_saved.docks);
    // A flag released while presenting: its dock was hidden in the saved layout, but nothing hides it any more.
    for (QObject* o : m_saved.hidden)
        if (auto* d = qobject_cast<QDockWidget*>(o); d && !m_host->hiddenNow().contains(o)) d->show();
    m_host->applyControlStates();  // and one hidden while presenting stays hidden
    keepLessonInView();
}

void Presenter::keepLessonInView() {
    // A lesson begun while presenting is not in the saved layout: restoring that must not close it.
    if (m_host->lessons()->isActive()) m_host->lessons()->dock()->show();
}

void Presenter::arrange() {
    QMainWindow* w = m_win;
    auto dock = [w](const char* name) { return w->findChild<QDockWidget*>(name); };
    for (const char* name : kSidePanels)
        if (QDockWidget* d = dock(name)) d->hide();
    QDockWidget* net = dock("networkDock");
    QDockWidget* charts = dock("chartsDock");
    // The chosen panel is shown even if a flag hid it: presenting it is a deliberate choice. For the charts the
    // diagram makes way too: it spans the output view's width and cannot become narrower than its own controls.
    if (m_panel == Panel::Network && net) net->show();
    if (m_panel == Panel::Charts && charts) charts->show();
    if (m_panel == Panel::Charts && net) net->hide();
    keepLessonInView();
    sizeDocks();
}

void Presenter::sizeDocks() {
    QMainWindow* w = m_win;
    w->layout()->activate();  // the docks laid out for the window's present (full-screen) size first
    QDockWidget* net = w->findChild<QDockWidget*>("networkDock");
    QDockWidget* charts = w->findChild<QDockWidget*>("chartsDock");
    const double netShare = m_panel == Panel::Network ? 0.62 : 0.22;
    const double chartShare = m_panel == Panel::Charts ? 0.58 : 0.3;
    if (net && !net->isHidden() && !net->isFloating())
        w->resizeDocks({net}, {int(w->height() * netShare)}, Qt::Vertical);
    if (charts && !charts->isHidden() && !charts->isFloating())
        w->resizeDocks({charts}, {int(w->width() * chartShare)}, Qt::Horizontal);
}

bool Presenter::eventFilter(QObject* watched, QEvent* e) {
    if (watched == m_win && m_restoring && !m_presenting && e->type() == QEvent::Resize)
        QTimer::singleShot(0, this, [this] {
            if (!m_presenting) restoreDocks();
        });
    if (watched == m_win && m_presenting) {
        // Esc leaves, when no view used it first (the output view clears a selection with it).
        if (e->type() == QEvent::KeyPress && static_cast<QKeyEvent*>(e)->key() == Qt::Key_Escape) {
            setPresenting(false);
            return true;
        }
        // A window manager makes the window full screen a moment after asking: size the docks for the new size.
        if (e->type() == QEvent::Resize)
            QTimer::singleShot(0, this, [this] {
                if (m_presenting) sizeDocks();
            });
        // The window saves its layout on closing: the one of before presenting, not the presenter's.
        if (e->type() == QEvent::Close) setPresenting(false);
    }
    return QObject::eventFilter(watched, e);
}

}  // namespace app
