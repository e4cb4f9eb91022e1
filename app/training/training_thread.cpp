#include "engine/split.h"
#include "app/training/training_thread.h"
#include "app/document/project_data.h"
#include <chrono>
#include <cmath>
#include <utility>

namespace app {

TrainingThread::TrainingThread(QObject* parent) : QThread(parent) {
    qRegisterMetaType<app::SharedSnapshot>();
    qRegisterMetaType<app::Project>();
}

TrainingThread::~TrainingThread() {
    {
        std::lock_guard lock(m_mutex);
        m_abort = true;
    }
    m_wake.notify_one();
    wait();
    // QThread::wait() joins through Qt's own (uninstrumented) wait condition; this acquire pairs with the release at
    // the end of run() so that ThreadSanitizer, too, sees everything the worker did happen before the destruction.
    (void)m_finished.load(std::memory_order_acquire);
}

void TrainingThread::post(const std::function<void(Requests&)>& f) {
    std::lock_guard lock(m_mutex);
    f(m_pending);
    if (!isRunning()) start(QThread::LowPriority);
    else m_wake.notify_one();
}

void TrainingThread::setProject(const Project& p, Announce announce) {
    post([&](Requests& r) {
        r.project = p;
        r.quietProject = announce == Announce::Quietly;
        r.data.reset();
        r.settings.reset();
        r.params.reset();
        r.snapshot = true;
    });
}
void TrainingThread::setData(const engine::Dataset& all, const std::vector<char>& testMask) {
    post([&](Requests& r) {
        r.data = all;
        r.testMask = testMask;
    });
}
void TrainingThread::setSettings(const engine::TrainSettings& s) {
    post([&](Requests& r) { r.settings = s; });
}
void TrainingThread::setParameters(const engine::Vector& p) {
    post([&](Requests& r) { r.params = p; });
}
void TrainingThread::setTrainable(const engine::Vector& t) {
    post([&](Requests& r) { r.trainable = t; });
}
void TrainingThread::setView(const FrameRequest& v) {
    post([&](Requests& r) { r.view = v; });
}
void TrainingThread::stepBatch() {
    post([](Requests& r) { ++r.batches; });
}
void TrainingThread::stepEpoch() {
    post([](Requests& r) { ++r.epochs; });
}
void TrainingThread::reset() {
    post([](Requests& r) {
        r.reset = true;
        r.batches = r.epochs = 0;
    });
}
void TrainingThread::newSeed(std::uint64_t seed) {
    post([&](Requests& r) { r.seed = seed; });
}
void TrainingThread::requestSnapshot() {
    post([](Requests& r) { r.snapshot = true; });
}
void TrainingThread::requestCapture() {
    post([](Requests& r) { r.capture = true; });
}
void TrainingThread::setSpeed(double s) {
    post([&](Requests&) { m_speed = s; });
}
void TrainingThread::play() {
    post([&](Requests& r) {
        m_playing = true;
        r.play = true;  // a halted run goes on: the person asked again
        r.snapshot = true;
    });
}
void TrainingThread::pause() {
    post([&](Requests& r) {
        m_playing = false;
        r.snapshot = true;
    });
}

void TrainingThread::rebuild(const Project& p, QString& message) {
    QString error;
    std::unique_ptr<engine::Trainer> t = makeTrainer(p, &error);
    if (!t) {
        emit failed(error);
        return;
    }
    std::optional<engine::Dataset> all = projectDataset(p.data, &error);
    m_trainer = std::move(t);
    if (m_trainable.size() == m_trainer->network().parameterCount()) m_trainer->setTrainable(m_trainable);
    else m_trainable = engine::Vector();  // the freeze mask belonged to another network
    m_project = p;
    m_all = all ? *all : engine::Dataset{};
    m_isTest = testMaskOf(p, m_all.size());
    m_history = p.history;
    m_historyRestart = true;
    m_nextHistoryEpoch = 0;
    m_nextSlowHistory = 0;
    ++m_generation;
    if (message.isEmpty()) message = p.trained ? "Loaded the saved weights." : "New network: weights initialised.";
}

// Any engine error (a setting the network cannot train with, data that does not fit) halts training and reaches the
// person as a message; the thread and the window go on.
void TrainingThread::applyChecked(Requests& r, QString& message, bool& changed) {
    m_resultStep = -1;  // a request may change the weights, the data or the settings without a step
    try {
        apply(r, message, changed);
    } catch (const std::exception& e) {
        m_halted = true;
        message = QString("Training stopped: %1.").arg(QString::fromStdString(e.what()));
        emit failed(QString::fromStdString(e.what()));
        changed = true;
    }
}

void TrainingThread::apply(Requests& r, QString& message, bool& changed) {
    if (r.play || r.project || r.reset || r.seed || r.params || r.settings) m_halted = false;
    if (r.project) {
        rebuild(*r.project, message);
        if (r.quietProject) message.clear();
        changed = true;
    }
    if (!m_trainer) {
        // No network could be built (an empty data set): the project is still there to save or to come back to.
        if (r.capture) emit projectCaptured(m_project);
        return;
    }
    if (r.settings) {
        if (m_trainer->needsRebuild(*r.settings)) {
            Project p = m_project;
            p.training = *r.settings;
            p.trained.reset();
            p.history.clear();
            message = "The inputs or the initialisation changed: weights re-initialised.";
            rebuild(p, message);
        } else {
            m_trainer->applySettings(*r.settings);
            m_project.training = m_trainer->settings();
        }
        changed = true;
    }
    if (r.data) {
        try {
            m_all = *r.data;
            m_project.data.kind = DataSource::Kind::Points;
            m_project.data.points = m_all;
            m_project.data.testMask = r.testMask;
            m_isTest = testMaskOf(m_project, m_all.size());
            const engine::Split split = engine::splitByMask(m_all, m_isTest);
            m_trainer->setData(split.train, split.test);
        } catch (const std::exception& e) {
            emit failed(QString::fromStdString(e.what()));
        }
        changed = true;
    }
    if (r.trainable) {
        try {
            m_trainable = *r.trainable;
            if (m_trainer) m_trainer->setTrainable(m_trainable);
        } catch (const std::exception& e) {
            m_trainable = engine::Vector();
            emit failed(QString::fromStdString(e.what()));
        }
        changed = true;
    }
    if (r.params) {
        try {
            m_trainer->setParameters(*r.params);
        } catch (const std::exception& e) {
            emit failed(QString::fromStdString(e.what()));
        }
        changed = true;
    }
    if (r.seed) {
        m_trainer->reseed(*r.seed);
        m_project.training.seed = *r.seed;
        m_history.clear();
        m_historyRestart = true;
        m_nextHistoryEpoch = 0;
        m_nextSlowHistory = 0;
        message = QString("New seed %1: new initial weights.").arg(*r.seed);
        changed = true;
    }
    if (r.reset) {
        m_trainer->reset();
        m_history.clear();
        m_historyRestart = true;
        m_nextHistoryEpoch = 0;
        m_nextSlowHistory = 0;
        message = "Reset to the initial weights.";
        changed = true;
    }
    if (r.project || r.settings) {
        // Said at once, not only when Play fails: "the perceptron rule trains a network without hidden layers, ..."
        if (const std::string e = engine::settingsProblem(m_trainer->spec(), m_trainer->settings()); !e.empty())
            message = QString("This cannot train: %1.").arg(QString::fromStdString(e));
    }
    if (r.view) {
        m_view = *r.view;
        changed = true;
    }
    // Steps asked for while paused; closing the window (abort) cuts a long request short.
    for (long long i = 0; i < r.batches && !m_abort; ++i) m_trainer->update();
    for (long long i = 0; i < r.epochs && !m_abort; ++i) m_trainer->runEpochs(1);
    if (r.batches || r.epochs) {
        recordHistory();
        changed = true;
    }
    if (r.capture) {
        Project p = m_project;
        captureTrainedState(p, *m_trainer);
        p.history = m_history;
        emit projectCaptured(p);
    }
}

const engine::StepResult& TrainingThread::currentResult() {
    if (m_resultStep != m_trainer->stepCount()) {
        m_result = m_trainer->result();
        m_resultStep = m_trainer->stepCount();
    }
    return m_result;
}

void TrainingThread::recordHistory() {
    if (!m_trainer) return;
    QElapsedTimer cost;
    cost.start();
    const engine::StepResult res = currentResult();
    m_historyCostMs = 0.7 * m_historyCostMs + 0.3 * double(cost.nsecsElapsed()) * 1e-6;
    m_historyClock.start();
    HistoryPoint h;
    h.epoch = double(res.step) / double(m_trainer->updatesPerEpoch());
    h.trainLoss = res.train.loss;
    h.testLoss = m_trainer->testData().size() ? res.test.loss : std::nan("");
    h.trainAccuracy = res.train.accuracy;
    h.testAccuracy = m_trainer->testData().size() ? res.test.accuracy : std::nan("");
    if (!m_history.empty() && m_history.back().epoch == h.epoch) return;
    m_history.push_back(h);
}

void TrainingThread::emitSnapshot(const QString& message) {
    auto shared = std::make_shared<TrainingSnapshot>();
    TrainingSnapshot& s = *shared;
    s.generation = m_generation;
    s.running = m_playing && !m_halted;
    s.halted = m_halted;
    s.message = message;
    s.stepsPerSecond = m_measuredRate;
    s.isTest = m_isTest;
    if (m_trainer) {
        const engine::StepResult res = currentResult();
        s.step = res.step;
        s.epoch = res.epoch;
        s.epochFraction = double(res.step) / double(m_trainer->updatesPerEpoch());
        s.train = res.train;
        s.test = res.test;
        s.batchLoss = res.batchLoss;
        s.forwardPasses = res.forwardPasses;
        s.diverged = res.diverged;
        s.params = std::as_const(*m_trainer).network().params();
        s.grads = std::as_const(*m_trainer).network().grads();
        s.spec = m_trainer->spec();
        s.inputStd = m_trainer->standardizer();
        s.twoD = m_trainer->trainData().inputDim() == 2 || m_trainer->testData().inputDim() == 2;
        if (!s.diverged) {
            renderBoundary(*m_trainer, m_view, s.boundary, s.style);
            s.neuronImages = renderNeuronImages(*m_trainer, m_view);
            s.misclassified = misclassifiedMask(*m_trainer, m_all, &s.predicted);
        }
    }
    // Only the points since the last snapshot travel; the window keeps the whole history. After a rebuild or a reset
    // the whole (new) history travels and the window starts its charts again.
    s.historyRestart = m_historyRestart;
    s.newHistory = m_historyRestart ? m_history : std::move(m_pendingHistoryOut);
    m_pendingHistoryOut.clear();
    m_historyRestart = false;
    m_inFlight.fetch_add(1);
    emit snapshotReady(std::shared_ptr<const TrainingSnapshot>(std::move(shared)));  // one copy, shared by every view
}

void TrainingThread::run() {
    struct Finished {
        std::atomic<bool>& flag;
        ~Finished() { flag.store(true, std::memory_order_release); }
    } finished{m_finished};
    QElapsedTimer frameClock, rateClock, slowClock;
    frameClock.start();
    rateClock.start();
    slowClock.start();
    long long rateSteps = 0;
    long long chunk = 1;
    double slowBudget = 0;
    for (;;) {
        Requests r;
        double speed = 0;  // read once per pass: a change applies from the next pass on
        int frameMs = 33;
        {
            std::unique_lock lock(m_mutex);
            speed = m_speed;
            if (!m_abort && !m_pending.any()) {
                if (!(m_playing && m_trainer && !m_halted)) {
                    m_wake.wait(lock);  // idle: nothing to do until a request
                    slowClock.restart();
                } else if (speed > 0 && slowBudget < 1) {
                    const double us = (1 - slowBudget) / speed * 1e6;
                    m_wake.wait_for(lock, std::chrono::microseconds((long long)std::ceil(us)));
                }
            }
            if (m_abort) return;
            r = std::move(m_pending);
            m_pending = Requests{};
            speed = m_speed;
            frameMs = m_frameMs;
        }
        QString message;
        bool changed = false;
        const std::size_t historyBefore = m_history.size();
        applyChecked(r, message, changed);
        bool stopped = false;
        const bool playing = m_playing;

        if (playing && m_trainer && !m_halted) {
            long long done = 0;
            try {
                if (speed > 0) {
                    // Slow motion: as many updates as the elapsed time allows at `speed` per second.
                    // In nanoseconds: at 300 a second a wait lasts under a millisecond, which restart()'s whole
                    // milliseconds round to 0, and the budget never reached one update.
                    const double seconds = double(slowClock.nsecsElapsed()) * 1e-9;
                    slowClock.restart();
                    slowBudget = std::min(slowBudget + speed * seconds, speed * 0.25 + 1);
                    const long long n = (long long)slowBudget;
                    slowBudget -= double(n);
                    for (long long i = 0; i < n && !stopped; ++i) {
                        stopped = !std::isfinite(m_trainer->update());
                        ++done;
                        // Every update at first (a slow run shows each step on the curve), then about every 1 %.
                        const double e = double(m_trainer->stepCount()) / double(m_trainer->updatesPerEpoch());
                        if (e >= m_nextSlowHistory && historyAffordable()) {
                            recordHistory();
                            m_nextSlowHistory = e * 1.01;
                        }
                    }
                } else {
                    // Full speed: chunks of about a millisecond until the frame is due or a request arrives; at least
                    // one chunk per pass (a frame already due when full speed begins must not spin without training).
                    slowBudget = 0;
                    do {
                        QElapsedTimer c;
                        c.start();
                        for (long long i = 0; i < chunk; ++i) {
                            if (!std::isfinite(m_trainer->update())) {
                                stopped = true;
                                break;
                            }
                            ++done;
                            // History: every epoch at first, then about every 1 % of the epochs so far, so the curve
                            // keeps its early shape however fast training runs, and its length stays bounded.
                            if (m_trainer->epochCount() >= m_nextHistoryEpoch && historyAffordable()) {
                                recordHistory();
                                m_nextHistoryEpoch = std::max(m_trainer->epochCount() + 1,
                                                              (long long)(double(m_trainer->epochCount()) * 1.01));
                            }
                        }
                        const qint64 ns = c.nsecsElapsed();
                        if (ns < 500'000) chunk = std::min<long long>(chunk * 2, 1 << 20);
                        else if (ns > 2'000'000 && chunk > 1) chunk /= 2;
                        std::lock_guard lock(m_mutex);
                        if (m_pending.any()) break;
                    } while (!stopped && frameClock.elapsed() < frameMs && !m_abort);
                }
                // (A const read: the float parameters stay the ones training steps.)
                if (!std::as_const(*m_trainer).network().params().allFinite()) stopped = true;
            } catch (const std::exception& e) {
                m_halted = true;
                message = QString("Training stopped: %1.").arg(QString::fromStdString(e.what()));
                emit failed(QString::fromStdString(e.what()));
            }
            rateSteps += done;
            changed = changed || done > 0 || m_halted;
        }
        if (rateClock.elapsed() >= 500) {
            m_measuredRate = double(rateSteps) * 1000.0 / double(rateClock.restart());
            rateSteps = 0;
        }
        if (stopped) {
            m_halted = true;  // the window pauses when it sees the snapshot; m_playing is the window's to write
            message = "Training stopped: the loss became infinite or not a number (NaN). The learning rate is probably "
                      "too high for this network; lower it and press Reset.";
            changed = true;
        }
        const bool training = playing && !m_halted;
        // At any speed a frame at most every frameMs: 300 updates a second are not 300 pictures a second.
        const bool due = frameClock.elapsed() >= frameMs || !training;
        if ((changed || r.snapshot) && (due || r.snapshot || !message.isEmpty()) &&
            (m_inFlight.load() < 2 || !message.isEmpty() || r.snapshot)) {
            if (training && speed <= 0) recordHistory();
            for (std::size_t i = historyBefore; i < m_history.size(); ++i) m_pendingHistoryOut.push_back(m_history[i]);
            m_owed = false;
            emitSnapshot(message);
            frameClock.restart();
        } else {
            for (std::size_t i = historyBefore; i < m_history.size(); ++i) m_pendingHistoryOut.push_back(m_history[i]);
            if (changed) m_owed = true;
        }
    }
}

}  // namespace app
