// Journey tests drive the real main window the way a person does: only QTest mouse and key events on visible widgets
// (found by object name, by a tab's text, or by position on the diagram and the plot), and they read back what is
// shown or what the models hold. They never call a slot or emit a signal in the user's place.
#pragma once
#include "app/window/main_window.h"
#include "snapshot_waits.h"
#include "widgets/network_view.h"
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QPushButton>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QTabBar>
#include <QTimer>
#include <QToolBar>
#include <QtTest>
#include "patient_waits.h"

namespace journey {

// A visible widget of the window by object name (fails the test when there is none or it is hidden).
// Runs `act` on the modal dialog of type T as soon as one shows (the caller then opens it with a click or a key).
template <typename T, typename F> void whenModal(F act) {
    auto* poll = new QTimer;
    poll->setInterval(10);
    QObject::connect(poll, &QTimer::timeout, [poll, act] {
        if (auto* d = qobject_cast<T*>(QApplication::activeModalWidget()); d && d->isVisible()) {
            poll->stop();
            poll->deleteLater();
            act(d);
        }
    });
    poll->start();
}

// The file dialog, when it shows, answered as a person does who takes the name it suggests: Save.
inline void saveWhenAsked() {
    whenModal<QFileDialog>([](QFileDialog* d) {
        auto* box = d->findChild<QDialogButtonBox*>("buttonBox");
        QPushButton* save = box ? box->button(QDialogButtonBox::Save) : nullptr;
        QVERIFY(save && QTest::qWaitFor([&] { return save->isEnabled(); }, testsupport::kPatienceMs));
        QTest::mouseClick(static_cast<QWidget*>(save), Qt::LeftButton);
    });
}

template <typename T = QWidget> T* shown(QWidget& w, const QString& name) {
    for (T* c : w.findChildren<T*>(name))
        if (c->isVisible()) return c;
    return nullptr;
}

// The toolbar button of a window action (Play, Step, Reset...).
inline QAbstractButton* toolButton(app::MainWindow& w, const char* actionName) {
    auto* tb = w.findChild<QToolBar*>("trainingToolbar");
    auto* a = w.findChild<QAction*>(actionName);
    if (!tb || !a) return nullptr;
    return qobject_cast<QAbstractButton*>(tb->widgetForAction(a));
}

inline void click(QWidget* widget, QPoint at = {}) {
    QVERIFY2(widget && widget->isVisible(), "the widget to click is not on screen");
    QTest::mouseClick(widget, Qt::LeftButton, {}, at.isNull() ? widget->rect().center() : at);
}

// Clicks a dock's tab by its text ("Training", "Data") when docks share a column.
inline bool clickTab(QWidget& w, const QString& text) {
    for (QTabBar* bar : w.findChildren<QTabBar*>()) {
        if (!bar->isVisible()) continue;
        for (int i = 0; i < bar->count(); ++i)
            if (bar->tabText(i) == text) {
                QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(i).center());
                return true;
            }
    }
    return false;
}

// A key as the window gets it (its shortcuts fire as they do for a person when the window is active).
inline void press(QWidget& w, int key, Qt::KeyboardModifiers mods = {}) {
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : &w;
    QTest::keyClick(target, Qt::Key(key), mods);
}

// Opens a menu of the menu bar by its object name and clicks the item with this text.
inline bool chooseMenuItem(QMainWindow& w, const char* menuName, const QString& itemText) {
    auto* menu = w.findChild<QMenu*>(menuName);
    if (!menu) return false;
    QMenuBar* bar = w.menuBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(menu->menuAction()).center());
    if (!QTest::qWaitFor([&] { return menu->isVisible(); }, testsupport::kPatienceMs)) return false;
    for (QAction* a : menu->actions())
        if (a->text().remove('&') == itemText) {
            QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(a).center());
            // The menu closes and the window is active again, as a window manager makes it for a person (the
            // offscreen platform leaves the closed menu as the active window).
            if (!QTest::qWaitFor([&] { return !menu->isVisible(); }, testsupport::kPatienceMs)) return false;
            w.activateWindow();
            return QTest::qWaitForWindowActive(&w);
        }
    menu->hide();
    return false;
}

// Walks the menu bar by the items' texts ("File", "New from preset", "XOR, four clusters"), clicking each: the top menu,
// each submenu, then the item; the window is active again afterwards.
inline bool chooseMenuPath(QMainWindow& w, const QStringList& path) {
    QMenuBar* bar = w.menuBar();
    QWidget* shownIn = bar;
    QList<QAction*> actions = bar->actions();
    for (int depth = 0; depth < path.size(); ++depth) {
        QAction* hit = nullptr;
        for (QAction* a : actions)
            if (a->text().remove('&') == path[depth]) hit = a;
        if (!hit) return false;
        const QRect at = shownIn == bar ? bar->actionGeometry(hit) : static_cast<QMenu*>(shownIn)->actionGeometry(hit);
        QTest::mouseClick(shownIn, Qt::LeftButton, {}, at.center());
        if (depth + 1 == path.size()) break;
        QMenu* sub = hit->menu();
        if (!sub || !QTest::qWaitFor([&] { return sub->isVisible(); }, testsupport::kPatienceMs)) return false;
        shownIn = sub;
        actions = sub->actions();
    }
    if (!QTest::qWaitFor([] { return QApplication::activePopupWidget() == nullptr; }, testsupport::kPatienceMs))
        return false;
    w.activateWindow();
    return QTest::qWaitForWindowActive(&w);
}

// Opens a combo box's list with a click, walks to the entry with the arrow keys and takes it with Enter (a click on
// the entry would be ignored: an open list takes no release for a double-click interval, by design).
inline bool chooseInCombo(QComboBox* combo, const QString& entry) {
    if (!combo || !combo->isVisible()) return false;
    const int row = combo->findText(entry);
    if (row < 0) return false;
    QTest::mouseClick(combo, Qt::LeftButton, {}, combo->rect().center());
    QAbstractItemView* list = combo->view();
    if (!QTest::qWaitFor([&] { return list->isVisible(); }, testsupport::kPatienceMs)) return false;
    for (int r = list->currentIndex().row(); r < row; ++r) QTest::keyClick(list, Qt::Key_Down);
    for (int r = list->currentIndex().row(); r > row; --r) QTest::keyClick(list, Qt::Key_Up);
    QTest::keyClick(list, Qt::Key_Return);
    return QTest::qWaitFor([&] { return !list->isVisible(); }, testsupport::kPatienceMs) &&
           combo->currentText() == entry;
}

inline QString text(QWidget& w, const char* labelName) {
    auto* l = w.findChild<QLabel*>(labelName);
    return l ? l->text() : QString();
}

// Shows the window at a desktop size, makes it the active window and waits for its first snapshot.
// The network diagram's inline weight editor while it is open (a click on a link, or Enter on a neuron), else null.
inline QLineEdit* inlineEditor(app::MainWindow& w) {
    for (QLineEdit* e : w.networkView()->findChildren<QLineEdit*>("weightEditor"))
        if (e->isVisible()) return e;
    return nullptr;
}

inline bool open(app::MainWindow& w, QSize size = {1400, 900}) {
    w.resize(size);
    w.show();
    w.activateWindow();
    if (!QTest::qWaitForWindowActive(&w)) return false;
    return waitFor(w, [&] { return w.lastSnapshot().generation > 0; });
}

// A right-click as the platform delivers it: through the window, which turns it into a context-menu event.
inline void rightClick(QWidget* w, QPoint at) {
    QTest::mouseClick(w->window()->windowHandle(), Qt::RightButton, {}, w->mapTo(w->window(), at));
}

// The popup menu that opened (nullptr when none did).
inline QMenu* openMenu() {
    QMenu* m = nullptr;
    if (!QTest::qWaitFor([&] { return (m = qobject_cast<QMenu*>(QApplication::activePopupWidget())) != nullptr; },
                         testsupport::kPatienceMs))
        return nullptr;
    return m;
}

// Clicks the item of a shown menu with this text; a submenu is waited for and returned.
inline QMenu* choose(QMenu* m, const QString& text) {
    if (!m) return nullptr;
    for (QAction* a : m->actions())
        if (a->text().remove('&') == text) {
            QTest::mouseClick(m, Qt::LeftButton, {}, m->actionGeometry(a).center());
            if (!a->menu()) return m;
            return QTest::qWaitFor([&] { return a->menu()->isVisible(); }, testsupport::kPatienceMs) ? a->menu()
                                                                                                     : nullptr;
        }
    return nullptr;
}

// The menu has closed and the window has the keys again.
inline bool menuGone(app::MainWindow& w) {
    if (!QTest::qWaitFor([] { return QApplication::activePopupWidget() == nullptr; }, testsupport::kPatienceMs))
        return false;
    w.activateWindow();
    return QTest::qWaitForWindowActive(&w);
}

}  // namespace journey
