// Background jobs for the tools that compute while the window stays live (the stepper's gradient check, algorithm
// race and loss landscape; the hyperparameter search dialog): each job runs on its own std::thread and hands results
// to the UI thread through post(), so no UI call waits for a computation. cancel() (and starting a new job) raises
// the running job's flag and emits finished(true) at once: the job stops at its next check of the flag, and whatever
// it posts after that is dropped. A job must not touch its owner off the UI thread (it copies or shares what it
// reads); code it posts runs only while the worker lives, so a worker made a child of its owner never calls into a
// destroyed owner. The destructor raises the flag and joins every thread it started: it waits as long as the job
// takes to notice.
#pragma once
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace app {

class BackgroundWorker : public QObject {
    Q_OBJECT
public:
    // What a job sees: whether it should stop, and a way to run code on the UI thread (dropped once cancelled).
    class Context {
    public:
        bool cancelled() const { return m_cancel->load(); }
        // The flag itself, for code that checks it in its own loop (engine::runTrial between epochs).
        const std::atomic<bool>& cancelFlag() const { return *m_cancel; }
        void post(std::function<void()> f) const;

    private:
        friend class BackgroundWorker;
        BackgroundWorker* m_worker = nullptr;
        std::shared_ptr<std::atomic<bool>> m_cancel;
    };
    using Job = std::function<void(const Context&)>;

    explicit BackgroundWorker(QObject* parent = nullptr);
    ~BackgroundWorker() override;

    void start(Job job);  // cancels the running job (without waiting for it), then starts this one
    void cancel();        // asks the running job to stop and emits finished(true) now, without waiting for it
    bool isRunning() const { return m_running; }  // started, and neither finished nor cancelled

signals:
    void finished(bool cancelled);  // on the UI thread, after the job's last posted result (or from cancel())

private:
    void reap();  // joins the threads that have ended

    struct Thread {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    std::vector<Thread> m_threads;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    int m_id = 0;
    bool m_running = false;
};

}  // namespace app
