// The training toolbar and menu, and the status bar's figures (app/window/training_bar.cpp).
#pragma once
#include "app/session/session.h"
#include <QObject>
#include <functional>

class QAction;
class QLabel;
class QMainWindow;
class QSlider;

namespace app {

class TrainingBar : public QObject {
    Q_OBJECT
public:
    // Adds the toolbar, the Training menu and the status bar's labels to the window; openSearch opens the search.
    TrainingBar(Session* session, QMainWindow* window, std::function<void()> openSearch);

    QAction* playAction() const { return m_playAct; }
    QAction* resetAction() const { return m_resetAct; }
    void setTrainingSpeed(double stepsPerSecond);  // the slider's position nearest to it (0 = full speed)
    int speedPosition() const;
    void setSpeedPosition(int position);
    void show(const TrainingSnapshot& s);  // the epoch, the figures and Play's state of a snapshot

private:
    void buildStatusBar();
    void updatePlayState(bool playing);

    Session* m_session;
    QMainWindow* m_window;
    QAction* m_playAct = nullptr;
    QAction* m_resetAct = nullptr;
    QSlider* m_speed = nullptr;
    QLabel* m_speedLabel = nullptr;
    QLabel* m_epochLabel = nullptr;
    QLabel* m_epochCounter = nullptr;  // the large one in the toolbar
    QLabel* m_lossLabel = nullptr;
    QLabel* m_accLabel = nullptr;
    QLabel* m_rateLabel = nullptr;
};

}  // namespace app
