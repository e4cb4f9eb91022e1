// A crash loses at most one autosave interval of work (issue 13): a real nnlab process trains a project of drawn points
// and is killed with SIGKILL; the next start (the window, in this process, with the same data folders) offers the
// recovery file, and restoring it brings back the drawn points and the trained weights.
#include "app/session/document_controller.h"
#include "nnlab_test_paths.h"
#include "app/session/data_model.h"
#include "app/window/main_window.h"
#include "app/session/network_model.h"
#include "app/document/presets.h"
#include "app/document/project_file.h"
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

// The data and settings folders of both processes: a fresh temporary home, set before the application starts.
static QTemporaryDir& home() {
    static QTemporaryDir dir;
    return dir;
}
static const bool kHome = [] {
    qputenv("XDG_DATA_HOME", QFile::encodeName(home().filePath("data")));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home().filePath("config")));
    return home().isValid();
}();

using namespace app;

class TstCrashRecovery : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(kHome);
        QCoreApplication::setOrganizationName("NN Lab");  // as nnlab names itself: the same recovery folder
        QCoreApplication::setApplicationName("NN Lab");
    }

    void aKilledSessionIsOfferedBackWithItsPointsAndWeights() {
        // Six points drawn by hand, in a project file.
        Project p = preset("xor");
        p.title = "drawn";
        p.data.kind = DataSource::Kind::Points;
        engine::Dataset& d = p.data.points;
        d.X = engine::Matrix(2, 6);
        d.X << -3, -2, 2, 3, 1.5, -1.5,  //
            3, 2, -2, -3, 1.5, -1.5;
        d.labels = {0, 0, 0, 0, 1, 1};
        d.numClasses = 2;
        p.trainRatio = 1.0;
        QString error;
        const QString file = home().filePath("drawn.nnlab");
        QVERIFY2(saveProjectFile(file, p, &error), qPrintable(error));

        QProcess nnlab;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("NNLAB_AUTOSAVE_MS", "200");
        nnlab.setProcessEnvironment(env);
        nnlab.start(NNLAB_BINARY_DIR "/app/nnlab", {file, "--play"});
        QVERIFY(nnlab.waitForStarted());

        // Training marks the session changed; the autosave writes the recovery file with weights that have trained.
        const QString dir = QDir(home().filePath("data")).filePath("NN Lab/NN Lab");
        std::optional<Project> saved;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         const ProjectLoadResult r = loadProjectFile(QDir(dir).filePath("recovery.nnlab"));
                         if (r.project && r.project->trained && r.project->trained->step > 50) saved = r.project;
                         return saved.has_value();
                     },
                     60000),
                 "no recovery file with trained weights appeared");
        ::kill(pid_t(nnlab.processId()), SIGKILL);
        QVERIFY(nnlab.waitForFinished());
        QCOMPARE(nnlab.exitStatus(), QProcess::CrashExit);
        const ProjectLoadResult last = loadProjectFile(QDir(dir).filePath("recovery.nnlab"));  // the last one written
        QVERIFY(last.project && last.project->trained);

        // The next start asks, and Restore brings the points and the weights back.
        MainWindow w;
        bool asked = false;
        w.document()->setAskToRestore([&](QWidget*, const QString&) { return asked = true; });
        QVERIFY(w.offerRecovery());
        QVERIFY(asked);
        QCOMPARE(w.dataModel()->data().size(), engine::Index(6));
        QVERIFY(w.dataModel()->data().X.isApprox(d.X));
        QCOMPARE(w.dataModel()->data().labels, d.labels);
        QVERIFY(w.networkModel()->params().isApprox(last.project->trained->parameters));
    }
};

QTEST_MAIN(TstCrashRecovery)
#include "tst_crash_recovery.moc"
