// Classroom mode: presenter mode (F5: full screen, one panel large, larger fonts and thicker lines, slow motion), the
// palettes (colour-blind safe or high contrast), the key map (F1) and the teacher's hide flags saved in the project.
// Leaving presenter mode gives the window back exactly as it was: geometry, window state, font and dock layout.
#pragma once
#include "widgets/drawing/palette.h"
#include <QByteArray>
#include <QFont>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QRect>
#include <QSet>

class QAction;
class QMainWindow;
class QActionGroup;
class QMenu;

namespace app {
class Session;
class WindowHost;
class KeyMapDialog;

class Presenter : public QObject {
    Q_OBJECT
public:
    enum class Panel { Output, Network, Charts };  // the panel shown large while presenting

    Presenter(Session* session, WindowHost* host);

    bool isPresenting() const { return m_presenting; }
    void setPresenting(bool on);
    Panel panel() const { return m_panel; }
    void setPanel(Panel panel);
    // Slow motion: the speed slider at 5 steps a second; turning it off gives back the speed it had.
    bool slowMotion() const;
    void setSlowMotion(bool on);
    // The palette of every view (remembered in the settings); the views repaint, the next snapshot follows it.
    void setPalette(widgets::PaletteMode mode);
    // The teacher's hide flags: hides these controls now, keeps them in the project, marks the document modified.
    void setHiddenForDemo(const QStringList& names);
    KeyMapDialog* showKeyMap();

    static constexpr double kFontScale = 1.5;  // the window's font while presenting, times its normal size
    static constexpr double kViewScale = 1.6;  // lines and points while presenting (widgets::viewScale)

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void buildActions();
    void arrange();       // hides the side panels and sizes the docks for the chosen panel
    void sizeDocks();     // the chosen panel's share of the window
    void restoreDocks();  // the dock layout of before presenting, with the hide flags as they are now
    void syncHideMenu();
    void keepLessonInView();  // check marks from the window's "project" hide flags
    void repaintViews();

    Session* m_session;
    WindowHost* m_host;
    QMainWindow* m_win;  // its docks, layout and full-screen state
    bool m_presenting = false;
    bool m_restoring = false;  // just left presenting: the window is still changing size
    Panel m_panel = Panel::Output;
    struct Saved {
        QRect geometry;  // of the normal window
        QByteArray docks;
        Qt::WindowStates states;
        QFont font;
        bool ownFont = false;   // the window had a font of its own (else it inherits the application's)
        QSet<QObject*> hidden;  // what the hide flags had hidden
    } m_saved;
    int m_speedBefore = -1;  // slider position before slow motion
    QAction* m_presentAct = nullptr;
    QAction* m_slowAct = nullptr;
    QAction* m_keyMapAct = nullptr;
    QActionGroup* m_panelGroup = nullptr;
    QActionGroup* m_paletteGroup = nullptr;
    QMenu* m_hideMenu = nullptr;
    QMap<QString, QAction*> m_hideActs;
    QPointer<KeyMapDialog> m_keyMap;
};

}  // namespace app
