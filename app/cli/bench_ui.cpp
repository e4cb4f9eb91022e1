// ui-frames: the real main window (offscreen is fine) trains the w2 spiral at full speed while a probe on the UI
// thread, a 60 Hz precise timer, records the interval between its ticks: 16.7 ms when the event loop is free, longer
// when the UI thread was busy (drawing a snapshot, say) when a tick was due. Then the same project trains headless,
// for comparison with the steps per second the training thread reached behind the window.
#include "app/cli/bench_workloads.h"
#include "app/window/main_window.h"
#include "widgets/output_view.h"
#include "app/document/project.h"
#include "app/document/project_data.h"
#include <QAction>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QGuiApplication>
#include <QTimer>
#include <algorithm>
#include <vector>

namespace app::bench {
namespace {

constexpr int kProbeMs = 16;  // about one 60 Hz display frame

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i = std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

// Counts paint events of one widget (to show the window really redraws while training).
class PaintCounter : public QObject {
public:
    int paints = 0;
    bool eventFilter(QObject* o, QEvent* e) override {
        if (e->type() == QEvent::Paint) ++paints;
        return QObject::eventFilter(o, e);
    }
};

// Runs the event loop for `ms` milliseconds.
void spin(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

}  // namespace

QJsonObject runUiFrames(const Options& o) {
    const Project project = spiralProject();
    const int measureMs = o.quick ? 1000 : 10'000;
    QJsonObject j;
    j["name"] = "ui-frames";

    MainWindow w;
    w.resize(1400, 860);
    w.show();
    w.loadProject(project);
    // Wait for the first snapshot of this project (the window starts on the XOR preset).
    {
        QEventLoop loop;
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        QObject::connect(&w, &MainWindow::snapshotShown, &loop, [&] {
            if (w.lastSnapshot().spec == project.network) loop.quit();
        });
        timeout.start(10'000);
        loop.exec();
        if (!(w.lastSnapshot().spec == project.network)) {
            j["error"] = "the window showed no snapshot of the spiral project within 10 s";
            return j;
        }
    }

    PaintCounter paints;
    w.outputView()->installEventFilter(&paints);
    std::vector<double> gaps, frameGaps;
    gaps.reserve(1 << 20);
    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = -1, lastFrame = -1;
    bool recording = false;
    long long firstStep = -1, lastStep = -1;
    qint64 firstStepNs = 0, lastStepNs = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(kProbeMs);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (recording && lastTick >= 0) gaps.push_back(double(now - lastTick) * 1e-6);
        lastTick = now;
    });
    QObject::connect(&w, &MainWindow::snapshotShown, [&] {
        if (!recording) return;
        const qint64 now = clock.nsecsElapsed();
        if (lastFrame >= 0) frameGaps.push_back(double(now - lastFrame) * 1e-6);
        lastFrame = now;
        const long long step = w.lastSnapshot().step;
        if (firstStep < 0) {
            firstStep = step;
            firstStepNs = now;
        }
        lastStep = step;
        lastStepNs = now;
    });
    probe.start();
    w.playAction()->setChecked(true);
    spin(500);  // let the thread reach full speed and the charts fill
    recording = true;
    paints.paints = 0;
    const double uiCpu0 = threadCpuSeconds();
    spin(measureMs);
    const double uiBusy = (threadCpuSeconds() - uiCpu0) / (measureMs / 1000.0);
    recording = false;
    const int paintCount = paints.paints;
    w.playAction()->setChecked(false);
    probe.stop();
    spin(100);
    w.outputView()->removeEventFilter(&paints);

    const double uiSeconds = double(lastStepNs - firstStepNs) * 1e-9;
    const double uiRate = uiSeconds > 0 ? double(lastStep - firstStep) / uiSeconds : 0;

    // The same project headless, on this (the main) thread: the update loop alone, nothing drawn.
    QString error;
    std::unique_ptr<engine::Trainer> t = makeTrainer(project, &error);
    if (!t) {
        j["error"] = error;
        return j;
    }
    const qint64 headlessNs = qint64(o.quick ? 500 : 3000) * 1'000'000;
    long long steps = 0;
    clock.restart();
    while (clock.nsecsElapsed() < headlessNs) {
        for (int i = 0; i < 1000; ++i) t->update();
        steps += 1000;
    }
    const double headlessRate = double(steps) / (double(clock.nsecsElapsed()) * 1e-9);
    const double batch = double(project.training.batchSize);

    j["samples_per_s"] = uiRate * batch;
    j["steps_per_s"] = uiRate;
    j["headless_steps_per_s"] = headlessRate;
    j["with_ui_ratio"] = headlessRate > 0 ? uiRate / headlessRate : 0;
    j["ui_interval_median_ms"] = percentile(gaps, 0.5);
    j["ui_interval_p99_ms"] = percentile(gaps, 0.99);
    j["ui_interval_max_ms"] = percentile(gaps, 1.0);
    j["frame_interval_median_ms"] = percentile(frameGaps, 0.5);
    j["frame_interval_p99_ms"] = percentile(frameGaps, 0.99);
    j["ui_thread_busy"] = uiBusy;  // CPU time of the UI thread / wall time
    j["frames_shown"] = int(frameGaps.size()) + (lastFrame >= 0 ? 1 : 0);
    j["output_view_paints"] = paintCount;
    j["final_loss"] = w.lastSnapshot().train.loss;
    j["scalar"] = "double";
    j["threads"] = 2;  // the UI thread and the training thread
    j["seconds"] = measureMs / 1000.0;
    j["notes"] = QString("the window (%1 platform) trains the w2 spiral (test split 50 %) at full speed for %2 s; "
                         "ui_interval: between ticks of a %4 ms precise timer on the UI thread; "
                         "frame_interval: between snapshots drawn; headless: the same project, update() alone, %3 s")
                     .arg(QGuiApplication::platformName())
                     .arg(measureMs / 1000.0)
                     .arg(double(headlessNs) * 1e-9)
                     .arg(kProbeMs);
    return j;
}

}  // namespace app::bench
