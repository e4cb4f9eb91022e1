// The workloads of `nnlab bench` (issue 8): each runs once and returns its figures as one JSON object. Shapes, batch
// sizes and seeds are fixed so figures compare across versions; `quick` scales the work down (for tests only).
#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace app {
struct Project;
}

namespace app::bench {

struct Options {
    bool quick = false;  // hidden --quick: 1/100 of the epochs and frames, 1 s of UI instead of 10 s
};

// w1-xor, w2-spiral, w3-digits, w4-wide, boundary, ui-frames: in this order.
QStringList workloadNames();
// One run of the named workload. Keys: name, samples_per_s, steps_per_s, ms_per_frame (boundary only), scalar,
// threads, final_loss, seconds, notes, plus workload-specific ones. On failure: name and "error".
QJsonObject runWorkload(const QString& name, const Options& options);

// The w2 spiral as a project (the same network, data and settings; half the points in the test split, as a class
// would see it): what ui-frames trains in the window and headless.
Project spiralProject();

// CPU time of the calling thread: with other processes competing for the two cores, cpu_seconds / seconds (the
// cpu_share figure) shows how much of the wall time the workload actually ran.
double threadCpuSeconds();

// Defined in bench_ui.cpp: the real main window training the w2 spiral at full speed (needs a QApplication).
QJsonObject runUiFrames(const Options& options);

}  // namespace app::bench
