// The training thread's own contract, without a window: requests coalesce and never wait; at most two snapshots are in
// flight while the receiver draws none; a change of speed from slow motion to full speed goes on training; an engine
// error halts the run with a message instead of ending the process; Play after a halt goes on; closing during a long
// request returns; a capture answers with the weights. ThreadSanitizer runs this test (./run.sh sanitize).
#include "patient_waits.h"
#include "app/document/presets.h"
#include "app/training/training_thread.h"
#include "engine/architecture_text.h"
#include <QSignalSpy>
#include <QtTest>

using namespace app;

class TstTrainingThread : public QObject {
    Q_OBJECT
private:
    // Consumes every snapshot as the window does and keeps the last one.
    struct Receiver {
        TrainingThread& thread;
        TrainingSnapshot last;
        int count = 0;
        QMetaObject::Connection c;
        explicit Receiver(TrainingThread& t) : thread(t) {
            c = QObject::connect(
                &t, &TrainingThread::snapshotReady, &t,
                [this](const SharedSnapshot& s) {
                    thread.snapshotConsumed();
                    last = *s;
                    ++count;
                },
                Qt::QueuedConnection);
        }
        ~Receiver() { QObject::disconnect(c); }
        // Waits, snapshot by snapshot, until pred holds; the bound only stops a broken build from hanging.
        template <typename Pred> bool waitFor(Pred pred, int maxSnapshots = 2000) {
            QSignalSpy spy(&thread, &TrainingThread::snapshotReady);
            for (int i = 0; i < maxSnapshots; ++i) {
                if (pred()) return true;
                if (!spy.wait(testsupport::kPatienceMs)) return pred();
                QCoreApplication::processEvents();  // the queued copy reaches the receiver
            }
            return pred();
        }
    };

private slots:
    void aChangedProjectArrivesInOneSnapshot() {
        TrainingThread t;
        Receiver r(t);
        t.setProject(preset("xor"));
        QVERIFY(r.waitFor([&] { return r.count > 0 && r.last.generation > 0; }));
        QCOMPARE(r.last.step, 0LL);
        QVERIFY(r.last.spec == preset("xor").network);
        QVERIFY(!r.last.running);
    }

    void stepsAskedForWhilePausedAreAllDone() {
        TrainingThread t;
        Receiver r(t);
        t.setProject(preset("xor"));
        for (int i = 0; i < 25; ++i) t.stepBatch();  // coalesced into one request of 25 updates
        QVERIFY(r.waitFor([&] { return r.last.step == 25; }));
        QCOMPARE(r.last.step, 25LL);
    }

    void atMostTwoSnapshotsAreInFlightWhenNoneIsDrawn() {
        TrainingThread t;
        // A receiver that never draws; what the thread sends is counted on this (the UI) thread, by queued connection.
        int snapshots = 0;
        std::vector<Project> captured;
        connect(
            &t, &TrainingThread::snapshotReady, &t, [&] { ++snapshots; }, Qt::QueuedConnection);
        connect(
            &t, &TrainingThread::projectCaptured, &t, [&](const Project& p) { captured.push_back(p); },
            Qt::QueuedConnection);
        t.setProject(preset("xor"));
        t.setSpeed(0);
        t.play();
        // Twenty captures, each answered between two chunks of training: many frames pass while playing at full
        // speed, and only the requests that ask for a snapshot (the project, Play) may pass the limit of two.
        long long lastStep = -1;
        for (int i = 0; i < 20; ++i) {
            t.requestCapture();
            QVERIFY(QTest::qWaitFor([&] { return int(captured.size()) > i; }, testsupport::kPatienceMs));
            lastStep = captured.back().trained->step;
        }
        QVERIFY(lastStep > 0);  // it trained all along
        QVERIFY2(snapshots >= 1 && snapshots <= 4, qPrintable(QString::number(snapshots)));
    }

    // Issue 13, finding 4: from 1 step a second to full speed while playing, training went on spinning without updates
    // (the frame was already due when full speed began, so no chunk ran and no snapshot went out).
    void fullSpeedAfterSlowMotionGoesOnTraining() {
        TrainingThread t;
        Receiver r(t);
        t.setProject(preset("xor"));
        t.setSpeed(1);
        t.play();
        QVERIFY(r.waitFor([&] { return r.last.step >= 1; }));
        t.setSpeed(0);
        const long long before = r.last.step;
        QVERIFY(r.waitFor([&] { return r.last.step > before + 1000; }));
        QVERIFY(r.last.running);
    }

    void slowMotionKeepsItsPace() {
        TrainingThread t;
        Receiver r(t);
        t.setProject(preset("xor"));
        t.setSpeed(5);
        t.play();
        QVERIFY(r.waitFor([&] { return r.last.step >= 3; }));
        // Each update is its own snapshot at 5 a second: never a jump of many steps.
        QVERIFY2(r.last.step <= 6, qPrintable(QString::number(r.last.step)));
    }

    // A few hundred updates a second (the window's default pace): each wait lasts under a millisecond, which whole
    // milliseconds rounded to nothing, so training crawled at a few updates a second.
    void aPaceOfHundredsPerSecondIsKept() {
        TrainingThread t;
        Receiver r(t);
        t.setProject(preset("xor"));
        t.setSpeed(1000);
        t.play();
        // About 33 updates a frame; a crawl would take thousands of frames to get there.
        QVERIFY(r.waitFor([&] { return r.last.step >= 600; }, 400));
    }

    // Issue 13, finding 2: the perceptron rule on a network with hidden layers threw out of the thread and ended the
    // process. Now the run halts, says why, and the thread goes on serving requests.
    void anEngineErrorHaltsWithAMessage() {
        TrainingThread t;
        Receiver r(t);
        QStringList failed;  // collected on this thread by queued connection
        connect(
            &t, &TrainingThread::failed, &t, [&](const QString& m) { failed << m; }, Qt::QueuedConnection);
        Project p = preset("xor");
        p.training.algorithm = engine::Algorithm::PerceptronRule;
        t.setProject(p);
        QVERIFY(r.waitFor([&] { return r.last.generation > 0; }));
        QVERIFY2(r.last.message.contains("perceptron"), qPrintable(r.last.message));  // said before Play
        t.setSpeed(0);
        t.play();
        QVERIFY(r.waitFor([&] { return r.last.halted; }));
        QVERIFY(!r.last.running);
        QVERIFY(QTest::qWaitFor([&] { return !failed.isEmpty(); }, testsupport::kPatienceMs));
        QVERIFY2(failed.first().contains("hidden layers"), qPrintable(failed.first()));
        QCOMPARE(r.last.step, 0LL);

        // Back to backprop and Play again: it trains.
        engine::TrainSettings s = p.training;
        s.algorithm = engine::Algorithm::Backprop;
        t.setSettings(s);
        t.play();
        QVERIFY(r.waitFor([&] { return r.last.step > 100 && r.last.running; }));
    }

    // Issue 13, finding 24: a run that diverges halts on the worker's side; the window's Play is never overwritten, and
    // pressing Play again resumes from a fixed learning rate.
    void aDivergingRunHaltsAndPlayResumesIt() {
        TrainingThread t;
        Receiver r(t);
        Project p = preset("xor");
        p.training.optimizer.learningRate = 1e6;
        p.network = *engine::parseArchitecture("2-8-1 relu, identity out, mse", 2).spec;
        t.setProject(p);
        t.setSpeed(0);
        t.play();
        QVERIFY(r.waitFor([&] { return r.last.halted; }));
        QVERIFY(r.last.message.contains("NaN"));
        QVERIFY(t.isPlaying());  // the worker never writes the window's Play
        engine::TrainSettings s = p.training;
        s.optimizer.learningRate = 0.01;
        t.setSettings(s);
        t.reset();
        t.play();
        QVERIFY(r.waitFor([&] { return !r.last.halted && r.last.running && r.last.step > 10; }));
    }

    // Closing during a long request (a million epochs asked for while paused) returns: the worker checks abort.
    void closingDuringALongRequestReturns() {
        auto t = std::make_unique<TrainingThread>();
        Receiver r(*t);
        Project p = preset("spiral");
        t->setProject(p);
        QVERIFY(r.waitFor([&] { return r.last.generation > 0; }));
        for (int i = 0; i < 1000000; ++i) t->stepEpoch();
        t.reset();  // sets abort and waits: returns within the epoch it is in
        QVERIFY(!t);
    }

    void aCaptureAnswersWithTheWeights() {
        TrainingThread t;
        Receiver r(t);
        t.setProject(preset("xor"));
        t.stepBatch();
        QVERIFY(r.waitFor([&] { return r.last.step == 1; }));
        std::vector<Project> captured;
        connect(
            &t, &TrainingThread::projectCaptured, &t, [&](const Project& p) { captured.push_back(p); },
            Qt::QueuedConnection);
        t.requestCapture();
        QVERIFY(QTest::qWaitFor([&] { return !captured.empty(); }, testsupport::kPatienceMs));
        const Project got = captured.front();
        QVERIFY(got.trained.has_value());
        QVERIFY(got.trained->parameters.isApprox(r.last.params));
        QCOMPARE(got.trained->step, 1LL);
    }
};

QTEST_MAIN(TstTrainingThread)
#include "tst_training_thread.moc"
