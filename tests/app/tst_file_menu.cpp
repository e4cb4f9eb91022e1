// The File menu as a user meets it in the real window: a save keeps the trained weights and the title shows the file
// and a modified mark; an edit after a crash comes back from the autosaved recovery file; the CSV import
// is offered; the bundled sets load in one click, undoably; recordings grab frames while training runs.
#include "patient_waits.h"
#include "app/session/document_controller.h"
#include "app/window/main_window.h"
#include "app/document/presets.h"
#include "app/document/project_file.h"
#include "widgets/output_view.h"
#include <QAction>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace app;

class TstFileMenu : public QObject {
    Q_OBJECT
private:
    static bool waitSnapshots(MainWindow& w, int n) {
        QSignalSpy spy(&w, &MainWindow::snapshotShown);
        while (spy.count() < n)
            if (!spy.wait(testsupport::kPatienceMs)) return false;
        return true;
    }
    static QAction* menuAction(QWidget* w, const QString& text) {
        for (QAction* a : w->findChildren<QAction*>())
            if (a->text().remove('&') == text) return a;
        return nullptr;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        // A recovery folder of this test's own, empty at the start.
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).removeRecursively();
    }

    void saveKeepsTheTrainedWeightsAndTheTitleFollows() {
        QTemporaryDir dir;
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.windowTitle().startsWith("XOR"));
        QVERIFY(!w.windowTitle().contains('*'));

        QTRY_VERIFY_WITH_TIMEOUT(w.lastSnapshot().generation > 0, testsupport::kPatienceMs);
        w.trainingThread()->stepEpoch();
        QTRY_VERIFY_WITH_TIMEOUT(w.lastSnapshot().step > 0, testsupport::kPatienceMs);
        QTRY_VERIFY(w.document()->isModified());  // training moved the weights: unsaved
        QVERIFY(w.windowTitle().contains('*'));

        const QString path = dir.filePath("trained.nnlab");
        QSignalSpy saved(w.document(), &DocumentController::saved);
        w.saveTo(path);
        QVERIFY(saved.wait(10000));
        QCOMPARE(w.windowTitle(), QString("trained.nnlab — NN Lab"));

        const ProjectLoadResult r = loadProjectFile(path);
        QVERIFY2(r.project, qPrintable(r.error));
        QVERIFY(r.project->trained.has_value());
        QCOMPARE(r.project->trained->parameters.size(), w.lastSnapshot().params.size());
        for (engine::Index i = 0; i < r.project->trained->parameters.size(); ++i)
            QCOMPARE(r.project->trained->parameters[i], w.lastSnapshot().params[i]);

        // Reopened in a second window: the same weights reach its first snapshot.
        MainWindow again;
        QVERIFY(again.openFile(path));
        QCOMPARE(again.windowTitle(), QString("trained.nnlab — NN Lab"));
        // (Its first snapshots may still show the preset it started with: same shape, other weights.)
        QTRY_VERIFY_WITH_TIMEOUT(again.lastSnapshot().params.size() == r.project->trained->parameters.size() &&
                                     again.lastSnapshot().params == r.project->trained->parameters,
                                 testsupport::kPatienceMs);
    }

    void anAutosavedEditComesBackAfterACrash() {
        engine::Index edited = 0;
        {
            MainWindow crashed;
            widgets::OutputView* view = crashed.outputView();
            crashed.show();
            QVERIFY(QTest::qWaitForWindowExposed(&crashed));
            QTest::mouseClick(view, Qt::LeftButton, {}, view->toWidget(QPointF(2.5, -2.5)).toPoint());
            edited = crashed.dataModel()->data().size();
            QVERIFY(crashed.document()->isModified());
            QSignalSpy autosaved(crashed.document(), &DocumentController::autosaved);
            crashed.document()->autosaveNow();
            QVERIFY(autosaved.wait(10000));
            QVERIFY(QFile::exists(crashed.document()->recoveryPath()));
        }  // destroyed without closing: as after a crash, the recovery file stays

        MainWindow next;
        QVERIFY(next.document()->hasRecovery());
        bool asked = false;
        next.document()->setAskToRestore([&](QWidget*, const QString&) { return asked = true; });
        QVERIFY(next.offerRecovery());
        QVERIFY(asked);
        QCOMPARE(next.dataModel()->data().size(), edited);
        QVERIFY(next.document()->isModified());  // restored, not yet saved anywhere
        next.document()->closeDocument();        // a normal end: the recovery file goes
        QVERIFY(!QFile::exists(next.document()->recoveryPath()));
    }

    void bundledSetsAreOneClickAway() {
        // CSV import goes through its dialog (tested in tst_csv_import); the menu offers it and the bundled sets.
        MainWindow w;
        QVERIFY(menuAction(&w, "Import CSV…"));
        QVERIFY(menuAction(&w, "Export data set as CSV…"));
        QVERIFY(menuAction(&w, "Digits (8×8, bundled)"));
        QAction* iris = menuAction(&w, "Iris (bundled)");
        QVERIFY(iris);
        const engine::Index before = w.dataModel()->data().size();
        iris->trigger();
        QCOMPARE(w.dataModel()->data().size(), engine::Index(150));
        QCOMPARE(w.project().network.outputs(), 3);
        w.undoStack()->undo();  // undoable like any data edit
        QCOMPARE(w.dataModel()->data().size(), before);
    }

    void everyFileMenuEntryIsThere() {
        MainWindow w;
        for (const char* text : {"New", "Open…", "Save", "Save as…", "Revert", "Run report…", "Record the output view",
                                 "Record the whole window", "Save snapshot picture…", "Quit"})
            QVERIFY2(menuAction(&w, text), text);
        for (const char* format : {"ONNX", "JSON", "PyTorch"}) {
            bool found = false;
            for (QAction* a : w.findChildren<QAction*>()) found = found || a->text().contains(format);
            QVERIFY2(found, format);
        }
    }

    void recordingGrabsFramesWhileTraining() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QAction* rec = menuAction(&w, "Record the output view");
        QVERIFY(rec);
        rec->setChecked(true);
        w.playAction()->setChecked(true);
        QVERIFY(waitSnapshots(w, 8));
        w.playAction()->setChecked(false);
        // The first frame when recording starts, then at most one per 100 ms of snapshots (33 ms apart at least).
        QVERIFY2(w.recordedFrames() >= 2, qPrintable(QString::number(w.recordedFrames())));
        const QSignalBlocker block(rec);  // leave without the save dialog (GifRecorder's own tests write files)
        rec->setChecked(false);
    }
};

QTEST_MAIN(TstFileMenu)
#include "tst_file_menu.moc"
