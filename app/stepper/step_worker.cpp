#include "app/stepper/step_worker.h"
#include <QMetaObject>
#include <QPointer>

namespace app {

void StepWorker::Context::post(std::function<void()> f) const {
    if (cancelled()) return;
    QPointer<StepWorker> worker(m_worker);
    const auto cancel = m_cancel;
    // Runs on the UI thread (the worker's thread); a job cancelled in the meantime delivers nothing.
    QMetaObject::invokeMethod(m_worker, [worker, cancel, f = std::move(f)] {
        if (worker && !cancel->load()) f();
    }, Qt::QueuedConnection);
}

StepWorker::StepWorker(QObject* parent) : QObject(parent) {}

StepWorker::~StepWorker() {
    if (m_cancel) m_cancel->store(true);
    for (Thread& t : m_threads)
        if (t.thread.joinable()) t.thread.join();
}

void StepWorker::start(Job job) {
    cancel();
    reap();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const int id = ++m_id;
    Context ctx;
    ctx.m_worker = this;
    ctx.m_cancel = m_cancel;
    auto done = std::make_shared<std::atomic<bool>>(false);
    m_running = true;
    QPointer<StepWorker> self(this);
    m_threads.push_back({std::thread([ctx, done, self, id, job = std::move(job)] {
                             job(ctx);
                             const bool cancelled = ctx.cancelled();
                             done->store(true);
                             // After the job's own posts, so a result always arrives before finished().
                             QMetaObject::invokeMethod(ctx.m_worker, [self, id, cancelled] {
                                 if (!self) return;
                                 self->reap();
                                 if (id != self->m_id || !self->m_running) return;  // replaced or cancelled
                                 self->m_running = false;
                                 emit self->finished(cancelled);
                             }, Qt::QueuedConnection);
                         }),
                         done});
}

void StepWorker::cancel() {
    if (m_cancel) m_cancel->store(true);
    if (m_running) {
        m_running = false;
        emit finished(true);
    }
}

void StepWorker::reap() {
    for (auto it = m_threads.begin(); it != m_threads.end();) {
        if (it->done->load()) {
            it->thread.join();
            it = m_threads.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace app
