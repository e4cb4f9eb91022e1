// The document controller: the title's modified mark follows the undo stack and explicit changes; autosave writes the
// recovery file only while there are unsaved changes and it restores to the same project; a crashed session's file
// is offered (and not overwritten) at the next start; a clean save removes it; recent files keep order, cap and prune;
// maybeSave asks and obeys; and dropping a project or a CSV onto a window reports it.
#include "app/session/document_controller.h"
#include "app/window/file_drop_filter.h"
#include "app/document/presets.h"
#include "app/document/project_file.h"
#include "screenshot.h"
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>

using namespace app;

namespace {

// An edit the undo stack counts (nothing to do: only the clean state matters here).
class NoopCommand : public QUndoCommand {
public:
    NoopCommand() : QUndoCommand("edit") {}
    void undo() override {}
    void redo() override {}
};

Project sampleProject() {
    Project p = preset("spiral");
    p.title = "Spiral for class";
    p.training.optimizer.learningRate = 0.0123;
    p.history.push_back({0.5, 0.7, 0.8, 0.6, 0.55});
    return p;
}

// Answers on the next event-loop pass, as the training thread's queued projectCaptured does.
DocumentController::ProjectProvider asyncProvider(const Project& p) {
    return [p](DocumentController::ProjectCallback cb) { QTimer::singleShot(0, [p, cb] { cb(p); }); };
}

// A new document named "Spiral" whose window answers with `p` when asked for its project.
void startDocument(DocumentController& doc, const Project& p) {
    doc.setProjectProvider(asyncProvider(p));
    doc.documentCreated("Spiral");
}

// The project file at `path` as it loads, written out again (the load error when it does not load): compared with
// projectToJson of the project that was saved.
QByteArray reloaded(const QString& path) {
    const ProjectLoadResult r = loadProjectFile(path);
    return r.project ? projectToJson(*r.project) : ("not loaded: " + r.error).toUtf8();
}

void writeFile(const QString& path, const QByteArray& bytes = "x") {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

}  // namespace

class TstDocumentController : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("NN Lab tests");
        QCoreApplication::setApplicationName("tst_document_controller");
        QSettings().remove("recentFiles");
    }

    void titleShowsTheModifiedMark() {
        QTemporaryDir dir;
        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        QSignalSpy modified(&doc, &DocumentController::modifiedChanged);
        doc.documentCreated("XOR");
        QCOMPARE(doc.windowTitle(), QString("XOR — NN Lab"));
        QVERIFY(!doc.isModified());
        QVERIFY(!doc.autosaveTimer()->isActive());

        undo.push(new NoopCommand);
        QVERIFY(doc.isModified());
        QCOMPARE(doc.windowTitle(), QString("XOR* — NN Lab"));
        QCOMPARE(modified.count(), 1);
        QVERIFY(doc.autosaveTimer()->isActive());
        QCOMPARE(doc.autosaveTimer()->interval(), DocumentController::kAutosaveIntervalMs);

        undo.undo();  // back to the saved state: clean again
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.windowTitle(), QString("XOR — NN Lab"));
        QVERIFY(!doc.autosaveTimer()->isActive());

        const QString path = dir.filePath("lesson one.nnlab");
        writeFile(path);
        doc.documentOpened(path);
        QCOMPARE(doc.windowTitle(), QString("lesson one.nnlab — NN Lab"));
        QCOMPARE(doc.filePath(), QFileInfo(path).absoluteFilePath());
        doc.markModified();  // a change outside the undo stack
        QCOMPARE(doc.windowTitle(), QString("lesson one.nnlab* — NN Lab"));
        QVERIFY(doc.canRevert());
        undo.push(new NoopCommand);
        undo.undo();
        QVERIFY2(doc.isModified(), "an explicit change stays until a save, whatever the undo stack does");
    }

    void autosaveWritesTheRecoveryFileWhileModified() {
        QTemporaryDir dir;
        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        const Project p = sampleProject();
        startDocument(doc, p);
        QVERIFY(!QFile::exists(doc.recoveryPath()));

        undo.push(new NoopCommand);
        QVERIFY(doc.autosaveTimer()->isActive());
        QSignalSpy autosaved(&doc, &DocumentController::autosaved);
        doc.autosaveTimer()->start(10);  // the timer itself fires, sooner than 30 s
        QVERIFY(autosaved.wait(5000));
        QCOMPARE(autosaved.first().first().toString(), doc.recoveryPath());
        QVERIFY(QFile::exists(doc.recoveryPath()));

        QCOMPARE(reloaded(doc.recoveryPath()), projectToJson(p));
    }

    void noAutosaveWhenClean() {
        QTemporaryDir dir;
        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        int asked = 0;
        doc.setProjectProvider([&](DocumentController::ProjectCallback cb) {
            ++asked;
            cb(sampleProject());
        });
        doc.documentCreated("XOR");
        QSignalSpy autosaved(&doc, &DocumentController::autosaved);
        doc.autosaveNow();
        QCoreApplication::processEvents();
        QCOMPARE(asked, 0);
        QCOMPARE(autosaved.count(), 0);
        QVERIFY(!QFile::exists(doc.recoveryPath()));
        QVERIFY(!doc.autosaveTimer()->isActive());

        // Modified, autosaved, then undone to clean: the recovery file goes.
        undo.push(new NoopCommand);
        doc.autosaveNow();
        QCOMPARE(autosaved.count(), 1);
        QVERIFY(QFile::exists(doc.recoveryPath()));
        undo.undo();
        QVERIFY(!QFile::exists(doc.recoveryPath()));
    }

    void crashedSessionIsOfferedAndRestored() {
        QTemporaryDir dir;
        const Project p = sampleProject();
        const QString original = dir.filePath("spiral.nnlab");
        writeFile(original);
        QString recovery;
        {
            QUndoStack undo;
            DocumentController crashed(&undo, nullptr, dir.path());
            crashed.setProjectProvider(asyncProvider(p));
            crashed.documentOpened(original);
            crashed.markModified();
            QSignalSpy autosaved(&crashed, &DocumentController::autosaved);
            crashed.autosaveNow();
            QVERIFY(autosaved.wait(5000));
            recovery = crashed.recoveryPath();
            // No closeDocument(): the session ends as a crash would, leaving the file.
        }
        QVERIFY(QFile::exists(recovery));

        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        QCOMPARE(doc.recoveryPath(), recovery);
        QVERIFY(doc.hasRecovery());
        QCOMPARE(doc.recoveredDocumentPath(), QFileInfo(original).absoluteFilePath());

        // The new session starts (a preset loads, an edit, autosave) before the question: the file is kept as it was.
        const QByteArray before = [&] {
            QFile f(recovery);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        Project other = preset("xor");
        doc.setProjectProvider(asyncProvider(other));
        doc.documentCreated("XOR");
        undo.push(new NoopCommand);
        doc.autosaveNow();
        QCoreApplication::processEvents();
        QFile f(recovery);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
        f.close();

        QString askedAbout;
        doc.setAskToRestore([&](QWidget*, const QString& name) {
            askedAbout = name;
            return true;
        });
        QString error;
        const std::optional<Project> restored = doc.offerRecovery(nullptr, &error);
        QVERIFY2(restored, qPrintable(error));
        QCOMPARE(askedAbout, QString("spiral.nnlab"));
        QCOMPARE(projectToJson(*restored), projectToJson(p));
        doc.recoveryRestored();
        QVERIFY(doc.isModified());
        QCOMPARE(doc.windowTitle(), QString("spiral.nnlab* — NN Lab"));
        QVERIFY(!doc.hasRecovery());

        // A normal close removes it.
        doc.closeDocument();
        QVERIFY(!QFile::exists(recovery));
    }

    void declinedOrDamagedRecoveryIsDiscarded() {
        QTemporaryDir dir;
        writeFile(dir.filePath("recovery.nnlab"), "{ not json");
        {
            QUndoStack undo;
            DocumentController doc(&undo, nullptr, dir.path());
            QVERIFY(doc.hasRecovery());
            doc.setAskToRestore([](QWidget*, const QString&) { return true; });
            QString error;
            QVERIFY(!doc.offerRecovery(nullptr, &error));
            QVERIFY2(error.contains("could not be read"), qPrintable(error));
            QVERIFY(!QFile::exists(dir.filePath("recovery.nnlab")));
        }
        writeFile(dir.filePath("recovery.nnlab"), projectToJson(sampleProject()));
        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        doc.setAskToRestore([](QWidget*, const QString&) { return false; });
        QVERIFY(!doc.offerRecovery(nullptr));
        QVERIFY(!QFile::exists(dir.filePath("recovery.nnlab")));
        QVERIFY(!doc.hasRecovery());
    }

    void twoWindowsNeverShareARecoveryFile() {
        QTemporaryDir dir;
        QUndoStack u1, u2;
        DocumentController a(&u1, nullptr, dir.path()), b(&u2, nullptr, dir.path());
        QVERIFY(a.recoveryPath() != b.recoveryPath());
        QVERIFY(!b.hasRecovery());
    }

    void cleanSaveRemovesTheRecoveryFile() {
        QTemporaryDir dir;
        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        const Project p = sampleProject();
        startDocument(doc, p);
        undo.push(new NoopCommand);
        QSignalSpy autosaved(&doc, &DocumentController::autosaved);
        doc.autosaveNow();
        QVERIFY(autosaved.wait(5000));
        QVERIFY(QFile::exists(doc.recoveryPath()));

        const QString path = dir.filePath("saved.nnlab");
        QSignalSpy saved(&doc, &DocumentController::saved);
        doc.saveTo(path);
        QVERIFY(saved.wait(5000));
        QVERIFY(!doc.isModified());
        QVERIFY(undo.isClean());
        QVERIFY(!QFile::exists(doc.recoveryPath()));
        QVERIFY(!doc.autosaveTimer()->isActive());
        QCOMPARE(doc.windowTitle(), QString("saved.nnlab — NN Lab"));
        QCOMPARE(doc.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
        QCOMPARE(reloaded(path), projectToJson(p));
    }

    void editsDuringASaveKeepTheDocumentModified() {
        QTemporaryDir dir;
        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        DocumentController::ProjectCallback pending;
        doc.setProjectProvider([&](DocumentController::ProjectCallback cb) { pending = cb; });
        doc.documentCreated("XOR");
        undo.push(new NoopCommand);
        QSignalSpy saved(&doc, &DocumentController::saved);
        doc.saveTo(dir.filePath("a.nnlab"));
        undo.push(new NoopCommand);  // while the thread captures the project
        QVERIFY(pending);
        pending(sampleProject());
        QCOMPARE(saved.count(), 1);
        QVERIFY(doc.isModified());
        QCOMPARE(doc.windowTitle(), QString("a.nnlab* — NN Lab"));
    }

    void saveFailureIsReported() {
        QTemporaryDir dir;
        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        doc.setProjectProvider(asyncProvider(sampleProject()));
        doc.markModified();
        QSignalSpy failed(&doc, &DocumentController::saveFailed);
        doc.saveTo(dir.filePath("no such folder/x.nnlab"));
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.first().first().toString().contains("x.nnlab"));
        QVERIFY(doc.isModified());
    }

    void maybeSaveAsksAndObeys() {
        QTemporaryDir dir;
        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        doc.setProjectProvider(asyncProvider(sampleProject()));
        int asked = 0;
        QString askedAbout;
        DocumentController::SaveChoice answer = DocumentController::SaveChoice::Cancel;
        doc.setAskToSave([&](QWidget*, const QString& name) {
            ++asked;
            askedAbout = name;
            return answer;
        });
        doc.documentCreated("Spiral");
        QVERIFY(doc.maybeSave(nullptr));  // nothing to lose: no question
        QCOMPARE(asked, 0);

        doc.markModified();
        answer = DocumentController::SaveChoice::Cancel;
        QVERIFY(!doc.maybeSave(nullptr));
        answer = DocumentController::SaveChoice::Discard;
        QVERIFY(doc.maybeSave(nullptr));
        QVERIFY(doc.isModified());
        QCOMPARE(asked, 2);
        QCOMPARE(askedAbout, QString("Spiral"));

        // Save on an untitled document asks for a path, then waits for the asynchronous save.
        const QString path = dir.filePath("chosen");
        doc.setAskForPath([&](QWidget*, const QString& suggested) {
            [&] { QVERIFY(suggested.endsWith("Spiral.nnlab")); }();
            return path;
        });
        answer = DocumentController::SaveChoice::Save;
        QVERIFY(doc.maybeSave(nullptr));
        QVERIFY(QFile::exists(path + ".nnlab"));
        QVERIFY(!doc.isModified());

        doc.markModified();
        doc.setAskForPath([](QWidget*, const QString&) { return QString(); });  // the file dialog cancelled
        doc.documentCreated("Other");
        doc.markModified();
        QVERIFY(!doc.maybeSave(nullptr));
    }

    void recentFilesKeepOrderCapAndPrune() {
        QSettings().remove("recentFiles");
        QTemporaryDir dir;
        QUndoStack undo;
        DocumentController doc(&undo, nullptr, dir.path());
        QStringList paths;
        for (int i = 0; i < 12; ++i) {
            paths << QFileInfo(dir.filePath(QString("p%1.nnlab").arg(i))).absoluteFilePath();
            writeFile(paths.last());
            doc.addRecentFile(paths.last());
        }
        QStringList recent = doc.recentFiles();
        QCOMPARE(recent.size(), DocumentController::kMaxRecentFiles);
        QCOMPARE(recent.first(), paths[11]);
        QCOMPARE(recent.last(), paths[2]);

        doc.addRecentFile(paths[5]);  // again: moves to the front, no duplicate
        recent = doc.recentFiles();
        QCOMPARE(recent.first(), paths[5]);
        QCOMPARE(recent.count(paths[5]), 1);
        QCOMPARE(recent.size(), 10);

        QFile::remove(paths[11]);
        recent = doc.recentFiles();
        QVERIFY(!recent.contains(paths[11]));
        QCOMPARE(recent.size(), 9);
        QCOMPARE(QSettings().value("recentFiles").toStringList(), recent);  // the pruned list is stored

        QMenu menu;
        doc.populateRecentMenu(&menu);
        QList<QAction*> actions = menu.actions();
        QCOMPARE(actions.size(), 9 + 2);  // files, separator, "Clear the list"
        QVERIFY(actions[0]->text().contains("p5.nnlab"));
        QVERIFY(actions[0]->text().startsWith("&1"));
        QSignalSpy open(&doc, &DocumentController::openRecentRequested);
        actions[1]->trigger();
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().first().toString(), recent[1]);

        actions.last()->trigger();
        QVERIFY(doc.recentFiles().isEmpty());
        doc.populateRecentMenu(&menu);
        QCOMPARE(menu.actions().size(), 1);
        QVERIFY(!menu.actions().first()->isEnabled());
    }

    void dropsOpenProjectsAndCsvFiles() {
        QTemporaryDir dir;
        QWidget window;
        FileDropFilter filter;
        filter.install(&window);
        QVERIFY(window.acceptDrops());
        QSignalSpy project(&filter, &FileDropFilter::projectDropped);
        QSignalSpy csv(&filter, &FileDropFilter::csvDropped);

        const auto drop = [&](const QList<QUrl>& urls) {
            QMimeData mime;
            mime.setUrls(urls);
            QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(&window, &enter);
            if (!enter.isAccepted()) return false;
            QDropEvent dropEvent(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(&window, &dropEvent);
            return dropEvent.isAccepted();
        };
        QVERIFY(!drop({QUrl::fromLocalFile(dir.filePath("picture.png"))}));
        QVERIFY(!drop({QUrl("https://example.org/a.nnlab")}));
        QCOMPARE(project.count() + csv.count(), 0);

        QVERIFY(drop({QUrl::fromLocalFile(dir.filePath("lesson.NNLAB"))}));
        QCOMPARE(project.count(), 1);
        QCOMPARE(project.first().first().toString(), dir.filePath("lesson.NNLAB"));
        QVERIFY(drop({QUrl::fromLocalFile(dir.filePath("notes.png")), QUrl::fromLocalFile(dir.filePath("iris.csv"))}));
        QCOMPARE(csv.count(), 1);
        QCOMPARE(csv.first().first().toString(), dir.filePath("iris.csv"));
    }

    void screenshotsOfTheQuestions() {
        for (auto* box : {DocumentController::createSaveQuestion(nullptr, "lesson one.nnlab"),
                          DocumentController::createRestoreQuestion(nullptr, "spiral.nnlab")}) {
            box->show();
            QVERIFY(QTest::qWaitForWindowExposed(box));
            const QString name = box->windowTitle().startsWith("Unsaved") ? "document-save-question.png"
                                                                          : "document-restore-question.png";
            QVERIFY(testsupport::saveScreenshot(box, name));
            delete box;
        }
    }
};

QTEST_MAIN(TstDocumentController)
#include "tst_document_controller.moc"
