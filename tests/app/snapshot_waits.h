// For GUI tests of the main window: wait, snapshot by snapshot, until a condition on the window holds. Each wait is
// event-driven (QSignalSpy on snapshotShown); the bound only stops a broken build from hanging.
#pragma once
#include "app/window/main_window.h"
#include <QSignalSpy>
#include "patient_waits.h"

template <typename Pred> bool waitFor(app::MainWindow& w, Pred pred, int maxSnapshots = 400) {
    QSignalSpy spy(&w, &app::MainWindow::snapshotShown);
    for (int i = 0; i < maxSnapshots; ++i) {
        if (pred()) return true;
        if (!spy.wait(testsupport::kPatienceMs)) return pred();
    }
    return pred();
}
