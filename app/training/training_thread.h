// The training thread (after Qt's Mandelbrot example): it owns the Trainer and the network it trains; the UI never
// touches them. Requests go in under a mutex and wake the thread; snapshots come out by queued signal at screen rate
// however fast training runs. No call here waits for training. The queue uses std::mutex and std::condition_variable
// so that ThreadSanitizer sees every lock (Qt's own are not instrumented). Only the UI writes m_playing; a run that
// diverges or fails halts on the worker's side and says so in the snapshot (running = false, halted = true).
#pragma once
#include "app/training/frame_renderer.h"
#include "app/document/project.h"
#include "app/training/training_snapshot.h"
#include "engine/trainer.h"
#include <QElapsedTimer>
#include <QThread>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <memory>
#include <optional>

namespace app {

class TrainingThread : public QThread {
    Q_OBJECT
public:
    explicit TrainingThread(QObject* parent = nullptr);
    ~TrainingThread() override;  // sets abort, wakes the thread and waits for it

    // All of these return at once; the thread picks the request up between two updates.
    // Rebuild: network, data, settings, weights if the project has them. Loudly, the snapshot says what happened
    // ("Loaded the saved weights."); quietly (an edit of the network, whose command says it), nothing.
    enum class Announce { Loudly, Quietly };
    void setProject(const Project& project, Announce announce = Announce::Loudly);
    // New samples and, per sample, whether it is in the test split (empty: the project's ratio split); weights kept.
    void setData(const engine::Dataset& all, const std::vector<char>& testMask = {});
    void setSettings(const engine::TrainSettings& s);  // live when possible, else rebuild (and say so)
    void setParameters(const engine::Vector& params);  // an edited weight
    // Frozen and ablated parameters (0 = held at its value); empty = all learn. Kept across rebuilds while it fits.
    void setTrainable(const engine::Vector& trainable);
    void setView(const FrameRequest& v);
    void play();
    void pause();
    void setPlaying(bool on) { on ? play() : pause(); }
    bool isPlaying() const { return m_playing.load(); }
    void stepBatch();
    void stepEpoch();
    void reset();
    void newSeed(std::uint64_t seed);
    void setSpeed(double stepsPerSecond);  // 0 = full speed
    void requestSnapshot();
    void requestCapture();  // emits projectCaptured with weights and optimizer state
    void setFrameInterval(int ms) { m_frameMs.store(ms); }
    // The window calls this when it has drawn a snapshot: at most two are in flight, so a slow window is never flooded.
    // The window has drawn a snapshot. A paused thread that skipped a change while two were in flight sends it now
    // (a playing one sends the next frame anyway).
    void snapshotConsumed() {
        m_inFlight.fetch_sub(1);
        if (m_owed.load() && !m_playing.load()) requestSnapshot();
    }

signals:
    void snapshotReady(const app::SharedSnapshot& snapshot);  // one copy, never changed, shared by its receivers
    void projectCaptured(const app::Project& project);
    void failed(const QString& message);  // a request could not be applied; the previous state goes on

protected:
    void run() override;

private:
    struct Requests {
        std::optional<Project> project;
        bool quietProject = false;
        std::optional<engine::Dataset> data;
        std::vector<char> testMask;
        std::optional<engine::TrainSettings> settings;
        std::optional<engine::Vector> params;
        std::optional<engine::Vector> trainable;
        std::optional<std::uint64_t> seed;
        std::optional<FrameRequest> view;
        long long batches = 0, epochs = 0;
        bool reset = false, snapshot = false, capture = false, play = false;
        bool any() const {
            return project || data || settings || params || trainable || seed || view || batches || epochs || reset ||
                   snapshot || capture || play;
        }
    };
    void post(const std::function<void(Requests&)>& f);
    void apply(Requests& r, QString& message, bool& changed);
    void applyChecked(Requests& r, QString& message, bool& changed);
    void rebuild(const Project& p, QString& message);
    void emitSnapshot(const QString& message);
    void recordHistory();
    // The trainer's result (metrics over every sample), computed once per step: the history and the snapshot of
    // the same frame share it. Any request may change what it measures, so each one clears it.
    const engine::StepResult& currentResult();
    // Whether a history point may be measured now: its evaluation takes at most a quarter of the thread's time
    // (a convolutional net on 1,797 digits costs tens of milliseconds a point; every update would stall training).
    bool historyAffordable() const { return !m_historyClock.isValid() || m_historyClock.elapsed() >= 3 * m_historyCostMs; }

    // Shared with the UI thread, under m_mutex.
    std::mutex m_mutex;
    std::condition_variable m_wake;
    Requests m_pending;
    std::atomic<bool> m_abort{false};
    std::atomic<bool> m_playing{false};
    std::atomic<double> m_speed{0};
    std::atomic<int> m_frameMs{33};
    std::atomic<int> m_inFlight{0};
    std::atomic<bool> m_owed{false};
    std::atomic<bool> m_finished{
        false};  // set (release) as run() returns; read (acquire) after wait()  // a change happened that no snapshot has shown yet

    // Owned by the training thread alone.
    std::unique_ptr<engine::Trainer> m_trainer;
    engine::Vector m_trainable;  // the editor's freeze mask (empty: none), reapplied after a rebuild while it fits
    Project m_project;
    engine::Dataset m_all;
    std::vector<char> m_isTest;
    FrameRequest m_view;
    quint64 m_generation = 0;
    std::vector<HistoryPoint> m_history, m_pendingHistoryOut;
    bool m_historyRestart = true;
    long long m_nextHistoryEpoch = 0;  // full speed: the next epoch that gets a history point
    double m_nextSlowHistory = 0;      // slow motion: the next (fractional) epoch that gets one
    double m_measuredRate = 0;
    engine::StepResult m_result;
    long long m_resultStep = -1;  // the step m_result measured (-1: none, or stale)
    QElapsedTimer m_historyClock;  // since the last history point
    double m_historyCostMs = 0;    // what a point costs, smoothed
    bool m_halted = false;  // diverged or failed: no training until play, reset, a new seed or new weights
};

}  // namespace app
