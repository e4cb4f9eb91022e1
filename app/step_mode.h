// Step mode: the backprop stepper, the gradient check, the learning-algorithm and optimizer races and the loss
// landscape, attached to the main window (issue 5). It reads the window's parts (it is the window's friend) and never
// touches the training thread's network: it works on copies captured with TrainingThread::requestCapture.
#pragma once
#include <QObject>

namespace app {
class MainWindow;

class StepMode : public QObject {
    Q_OBJECT
public:
    explicit StepMode(MainWindow* window);

private:
    MainWindow* m_window;
};

}  // namespace app
