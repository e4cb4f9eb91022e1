#include "app/step_mode.h"
#include "app/main_window.h"

namespace app {

StepMode::StepMode(MainWindow* window) : QObject(window), m_window(window) {}

}  // namespace app
