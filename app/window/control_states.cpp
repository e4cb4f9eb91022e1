// Hiding and locking the window's named controls for a lesson or a teacher's demo (app/document/window_controls.h).
#include "app/window/control_states.h"
#include <QMainWindow>
#include "app/document/window_controls.h"
#include "widgets/network_editor_overlay.h"
#include <QAction>
#include <QDockWidget>
#include <QLineEdit>
#include <QToolBar>

namespace app {

ControlStates::ControlStates(QMainWindow* window, QWidget* output, QWidget* network,
                             widgets::NetworkEditorOverlay* editor)
    : m_window(window), m_output(output), m_network(network), m_editor(editor) {}

void ControlStates::setHidden(const QString& owner, const QStringList& names) {
    if (names.isEmpty()) m_hiddenBy.remove(owner);
    else m_hiddenBy[owner] = names;
    apply();
}

void ControlStates::setLocked(const QString& owner, const QStringList& names) {
    if (names.isEmpty()) m_lockedBy.remove(owner);
    else m_lockedBy[owner] = names;
    apply();
}

QList<QObject*> ControlStates::objects(const QString& name) {
    static const QMap<QString, QStringList> names{{"data", {"dataDock"}},
                                                  {"training", {"trainingDock"}},
                                                  {"network", {"networkDock"}},
                                                  {"charts", {"chartsDock"}},
                                                  {"metrics", {"metricsDock"}},
                                                  {"weights", {"weightsDock"}},
                                                  {"toolbar", {"trainingToolbar"}},
                                                  {"play", {"playAction"}},
                                                  {"step", {"stepAction", "epochAction"}},
                                                  {"reset", {"resetAction"}},
                                                  {"seed", {"seedAction"}},
                                                  {"speed", {"speedControl"}},
                                                  {"architecture", {"architectureText", "neuronEquation"}},
                                                  {"pad", {"padColumn"}},
                                                  {"gallery", {"galleryPage"}},
                                                  {"numbers", {"numbersPage"}}};
    QList<QObject*> found;
    for (const QString& objectName : names.value(name))
        if (QObject* o = m_window->findChild<QObject*>(objectName)) found << o;
    return found;
}

QWidget* ControlStates::widget(const QString& name) {
    if (name == "editor" || name == "diagram") return m_network;
    if (name == "output") return m_output;
    for (QObject* o : objects(name)) {
        if (auto* w = qobject_cast<QWidget*>(o)) return w;
        if (auto* a = qobject_cast<QAction*>(o)) {
            for (QToolBar* tb : m_window->findChildren<QToolBar*>())
                if (QWidget* w = tb->widgetForAction(a)) return w;
        }
    }
    return m_window->findChild<QWidget*>(name);  // any named widget (the step-mode docks, a chart)
}

void ControlStates::apply() {
    auto collect = [this](const QMap<QString, QStringList>& by, bool& editor) {
        QSet<QObject*> set;
        for (const QStringList& names : by)
            for (const QString& n : names) {
                if (n == "editor") editor = true;
                for (QObject* o : objects(n)) set.insert(o);
            }
        return set;
    };
    bool editorOff = false;
    const QSet<QObject*> hide = collect(m_hiddenBy, editorOff);
    const QSet<QObject*> lock = collect(m_lockedBy, editorOff);
    auto visible = [](QObject* o) {
        if (auto* a = qobject_cast<QAction*>(o)) return a->isVisible();
        return !static_cast<QWidget*>(o)->isHidden();
    };
    auto setVisible = [](QObject* o, bool on) {
        if (auto* a = qobject_cast<QAction*>(o)) a->setVisible(on);
        else static_cast<QWidget*>(o)->setVisible(on);
    };
    auto enabled = [](QObject* o) {
        if (auto* a = qobject_cast<QAction*>(o)) return a->isEnabled();
        if (auto* d = qobject_cast<QDockWidget*>(o)) return d->widget()->isEnabled();
        return static_cast<QWidget*>(o)->isEnabled();
    };
    auto setEnabled = [](QObject* o, bool on) {
        if (auto* a = qobject_cast<QAction*>(o)) a->setEnabled(on);
        else if (auto* d = qobject_cast<QDockWidget*>(o)) d->widget()->setEnabled(on);
        else static_cast<QWidget*>(o)->setEnabled(on);
    };
    // Give back what is no longer asked for, then take what is.
    for (QObject* o : QSet<QObject*>(m_hiddenNow))
        if (!hide.contains(o)) {
            setVisible(o, true);
            m_hiddenNow.remove(o);
        }
    for (QObject* o : QSet<QObject*>(m_lockedNow))
        if (!lock.contains(o)) {
            setEnabled(o, true);
            m_lockedNow.remove(o);
        }
    for (QObject* o : hide)
        if (visible(o)) {
            setVisible(o, false);
            m_hiddenNow.insert(o);
        }
    for (QObject* o : lock)
        if (enabled(o)) {
            setEnabled(o, false);
            m_lockedNow.insert(o);
        }
    m_editor->setEditable(!editorOff);
}

}  // namespace app
