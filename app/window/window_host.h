// What a tool (step mode, presenter mode, lessons) may ask of the window it is attached to: a place for its docks,
// menus and dialogs (window()), a status message, a named control, the two big views, the Play action and the speed,
// the controls a lesson or a teacher hides or locks, and the other tools. The document itself is the Session's.
#pragma once
#include <QSet>
#include <QString>
#include <QStringList>

class QAction;
class QMainWindow;
class QObject;
class QWidget;

namespace widgets {
class OutputView;
class NetworkView;
}  // namespace widgets

namespace app {

class StepMode;
class LessonMode;

inline constexpr double kWatchableSpeed = 300;  // updates per second at start: a pace a class can follow

class WindowHost {
public:
    virtual ~WindowHost() = default;
    virtual QMainWindow* window() = 0;  // parent of docks, menus, toolbars and dialogs
    virtual void showStatus(const QString& text, int ms) = 0;
    // The widget that shows a named control (app/document/window_controls.h); nullptr for an unknown name.
    virtual QWidget* controlWidget(const QString& name) = 0;
    virtual widgets::OutputView* outputView() = 0;
    virtual widgets::NetworkView* networkView() = 0;
    virtual QAction* playAction() = 0;
    virtual void setTrainingSpeed(double stepsPerSecond) = 0;  // the nearest position of the speed slider
    virtual int speedPosition() const = 0;
    virtual void setSpeedPosition(int position) = 0;
    virtual void restyle() = 0;  // the palette or the fonts changed: colours drawn by hand follow
    virtual void updateTitle() = 0;
    // Named controls an owner ("lesson", "project") hides or locks; hidden while any owner hides it.
    virtual void setHiddenControls(const QString& owner, const QStringList& names) = 0;
    virtual void setLockedControls(const QString& owner, const QStringList& names) = 0;
    virtual QStringList hiddenControls(const QString& owner) const = 0;
    virtual QSet<QObject*> hiddenNow() const = 0;  // what those lists hide now (not what the person closed)
    virtual void applyControlStates() = 0;
    virtual StepMode* stepMode() = 0;
    virtual LessonMode* lessons() = 0;
};

}  // namespace app
