// The window's named controls (app/document/window_controls.h) that a lesson or a teacher hides or locks: each owner
// ("lesson", "project") sets its own list; a control is hidden while any owner hides it, and comes back as it was
// (app/window/control_states.cpp).
#pragma once
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

class QMainWindow;
class QObject;
class QWidget;

namespace widgets {
class NetworkEditorOverlay;
}

namespace app {

class ControlStates {
public:
    // output and network: the output view and the diagram ("output", "diagram"); editor: switched off by "editor".
    ControlStates(QMainWindow* window, QWidget* output, QWidget* network, widgets::NetworkEditorOverlay* editor);
    void setHidden(const QString& owner, const QStringList& names);
    void setLocked(const QString& owner, const QStringList& names);
    QStringList hidden(const QString& owner) const { return m_hiddenBy.value(owner); }
    QSet<QObject*> hiddenNow() const { return m_hiddenNow; }
    void apply();  // hides and disables what the lists ask for, gives back what they no longer do
    // The widget that shows a control (a dock, a toolbar button, a view); nullptr for an unknown name.
    QWidget* widget(const QString& name);

private:
    QList<QObject*> objects(const QString& name);

    QMainWindow* m_window;
    QWidget* m_output;
    QWidget* m_network;
    widgets::NetworkEditorOverlay* m_editor;
    QMap<QString, QStringList> m_hiddenBy, m_lockedBy;
    QSet<QObject*> m_hiddenNow, m_lockedNow;  // what apply() hid or disabled (and gives back when released)
};

}  // namespace app
