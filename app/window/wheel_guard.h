// The mouse wheel over a side panel scrolls the panel: a spin box, combo box or slider the pointer passes over changes
// only when it has the keyboard focus (a click or Tab gave it), never while the person scrolls (80 points became 1).
#pragma once

class QWidget;

namespace app {

// Guards every spin box, combo box and slider below root (call once the panel is built).
void guardWheel(QWidget* root);

}  // namespace app
