// Background jobs for the step-mode tools (gradient check, comparison, landscape): each job runs on its own
// std::thread and hands results to the UI thread through post(), so no UI call waits for a computation. Starting a
// job cancels the one before (it stops at its next check of the flag; its late results are dropped); the destructor
// cancels and joins every thread it started.
#pragma once
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace app {

class StepWorker : public QObject {
    Q_OBJECT
public:
    // What a job sees: whether it should stop, and a way to run code on the UI thread (dropped once cancelled).
    class Context {
    public:
        bool cancelled() const { return m_cancel->load(); }
        void post(std::function<void()> f) const;

    private:
        friend class StepWorker;
        StepWorker* m_worker = nullptr;
        std::shared_ptr<std::atomic<bool>> m_cancel;
    };
    using Job = std::function<void(const Context&)>;

    explicit StepWorker(QObject* parent = nullptr);
    ~StepWorker() override;

    void start(Job job);  // cancels the running job (without waiting for it), then starts this one
    void cancel();        // asks the running job to stop; finished() follows once it has
    bool isRunning() const { return m_running; }

signals:
    void finished(bool cancelled);  // on the UI thread, after the job's last posted result

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
