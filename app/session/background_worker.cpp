#include "app/session/background_worker.h"
#include <QMetaObject>
#include <QPointer>

namespace app {

void BackgroundWorker::Context::post(std::function<void()> f) const {
    if (cancelled()) return;
    QPointer<BackgroundWorker> worker(m_worker);
    const auto cancel = m_cancel;
    // Runs on the UI thread (the worker's thread); a job cancelled in the meantime delivers nothing.
    QMetaObject::invokeMethod(
        m_worker,
        [worker, cancel, f = std::move(f)] {
            if (worker && !cancel->load()) f();
        },
        Qt::QueuedConnection);
}

BackgroundWorker::BackgroundWorker(QObject* parent) : QObject(parent) {}

BackgroundWorker::~BackgroundWorker() {
    if (m_cancel) m_cancel->store(true);
    for (Thread& t : m_threads)
        if (t.thread.joinable()) t.thread.join();
}

void BackgroundWorker::start(Job job) {
    cancel();
    reap();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const int id = ++m_id;
    Context ctx;
    ctx.m_worker = this;
    ctx.m_cancel = m_cancel;
    auto done = std::make_shared<std::atomic<bool>>(false);
    m_running = true;
    QPointer<BackgroundWorker> self(this);
    m_threads.push_back({std::thread([ctx, done, self, id, job = std::move(job)] {
                             job(ctx);
                             const bool cancelled = ctx.cancelled();
                             done->store(true);
                             // After the job's own posts, so a result always arrives before finished().
                             QMetaObject::invokeMethod(
                                 ctx.m_worker,
                                 [self, id, cancelled] {
                                     if (!self) return;
                                     self->reap();
                                     if (id != self->m_id || !self->m_running) return;  // replaced or cancelled
                                     self->m_running = false;
                                     emit self->finished(cancelled);
                                 },
                                 Qt::QueuedConnection);
                         }),
                         done});
}

void BackgroundWorker::cancel() {
    if (m_cancel) m_cancel->store(true);
    if (m_running) {
        m_running = false;
        emit finished(true);
    }
}

void BackgroundWorker::reap() {
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
