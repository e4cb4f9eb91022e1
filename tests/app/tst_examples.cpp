// The example projects (examples/*.nnlab, File ▸ Examples) and the About box. Every bundled example loads, validates
// and shows what its description says: the ones meant to train do without diverging, the diverging learning rate
// diverges, the solved XOR is right on every training point from its saved weights. Journeys choose an example and
// open Help ▸ About NN Lab with clicks on the menus, as a person does.
#include "patient_waits.h"
#include "app/document/project_data.h"
#include "app/document/project_file.h"
#include "app/session/document_controller.h"
#include "app/window/example_projects.h"
#include "app/window/main_window.h"
#include "command.h"
#include "journey.h"
#include "screenshot.h"
#include "widgets/network_view.h"
#include "widgets/output_view.h"
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <cmath>

using namespace app;
using testsupport::saveScreenshot;

namespace {

const QString kDiverging = "06-diverging.nnlab";
const QString kSolvedXor = "01-xor-solved.nnlab";

Project loadExample(const QString& name) {
    const ProjectLoadResult r = loadProjectFile(QDir(kExamplesFolder).filePath(name));
    if (!r.project) qFatal("%s: %s", qPrintable(name), qPrintable(r.error));
    return *r.project;
}

// The window with the menus shown over it (popups are windows of their own, so a grab of the window leaves them out).
QImage windowWithMenus(QWidget& w, const QList<QMenu*>& menus) {
    const QPoint origin = w.mapToGlobal(QPoint(0, 0));
    QRect area(QPoint(0, 0), w.size());
    for (QMenu* m : menus) area |= m->geometry().translated(-origin);
    QImage image(area.size() * w.devicePixelRatioF(), QImage::Format_ARGB32);
    image.setDevicePixelRatio(w.devicePixelRatioF());
    image.fill(Qt::white);
    QPainter p(&image);
    p.drawPixmap(-area.topLeft(), w.grab());
    for (QMenu* m : menus) p.drawPixmap(m->geometry().topLeft() - origin - area.topLeft(), m->grab());
    return image;
}

}  // namespace

class TstExamples : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        // The version the About box shows is the one `nnlab --version` prints (main() sets it for both).
        testsupport::CommandOptions headless;
        headless.withoutDisplay = true;
        const testsupport::CommandRun r = testsupport::runNnlab({"--version"}, headless);
        QCOMPARE(r.code, 0);
        const QStringList words = r.out.trimmed().split(' ');
        QCOMPARE(words.size(), 2);
        QCOMPARE(words[0], QString("nnlab"));
        QCoreApplication::setApplicationVersion(words[1]);
    }
    void init() { QSettings().clear(); }

    void everyFileInTheFolderIsBundled() {
        QStringList files = QDir(NNLAB_SOURCE_DIR "/examples").entryList({"*.nnlab"}, QDir::Files, QDir::Name);
        QStringList bundled;
        for (const ExampleProject& e : exampleProjects()) bundled << QFileInfo(e.path).fileName();
        QCOMPARE(bundled, files);
        QVERIFY2(bundled.size() >= 8, qPrintable(bundled.join(", ")));
        for (const QString& name : files) {  // the resource is the file, byte for byte
            QFile a(QDir(NNLAB_SOURCE_DIR "/examples").filePath(name)), b(QDir(kExamplesFolder).filePath(name));
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QCOMPARE(b.readAll(), a.readAll());
        }
    }

    void everyExampleHasATitleAndADescription() {
        QStringList titles;
        for (const ExampleProject& e : exampleProjects()) {
            QVERIFY2(!loadExample(QFileInfo(e.path).fileName()).title.isEmpty(), qPrintable(e.path));
            QVERIFY2(!e.description.isEmpty() && !e.description.contains('\n'), qPrintable(e.path));
            QVERIFY2(e.description.size() < 160, qPrintable(e.description));  // one line in a tooltip
            QVERIFY2(!titles.contains(e.title), qPrintable(e.title));
            titles << e.title;
        }
    }

    void everyExampleShowsWhatItSays_data() {
        QTest::addColumn<QString>("name");
        for (const ExampleProject& e : exampleProjects())
            QTest::newRow(qPrintable(QFileInfo(e.path).fileName())) << QFileInfo(e.path).fileName();
    }
    void everyExampleShowsWhatItSays() {
        QFETCH(QString, name);
        const Project p = loadExample(name);
        QVERIFY2(p.network.validate().empty(), qPrintable(name));
        QString error;
        std::unique_ptr<engine::Trainer> trainer = makeTrainer(p, &error);
        QVERIFY2(trainer, qPrintable(error));
        const bool diverging = name == kDiverging;
        const engine::StepResult r = trainer->runEpochs(diverging ? 20 : 3);
        if (diverging) {
            QVERIFY2(r.diverged, "the diverging learning rate trained without diverging");
            return;
        }
        QVERIFY2(!r.diverged, qPrintable(name));
        QVERIFY2(std::isfinite(r.train.loss), qPrintable(name));
        QVERIFY2(r.epoch == 3 + (p.trained ? p.trained->epoch : 0), qPrintable(QString::number(r.epoch)));
    }

    void theSolvedXorIsRightWithoutTraining() {
        const Project p = loadExample(kSolvedXor);
        QVERIFY(p.trained);
        QVERIFY(!p.network.layers.empty() && p.network.layers.size() == 2);  // a hidden layer
        QString error;
        std::unique_ptr<engine::Trainer> trainer = makeTrainer(p, &error);
        QVERIFY2(trainer, qPrintable(error));
        QCOMPARE(trainer->result().train.accuracy, 1.0);
    }

    void theUnsolvedXorStaysWrong() {  // no hidden layer: one straight line, however long it trains
        const Project p = loadExample("02-xor-unsolved.nnlab");
        QCOMPARE(p.network.layers.size(), std::size_t(1));
        QString error;
        std::unique_ptr<engine::Trainer> trainer = makeTrainer(p, &error);
        QVERIFY2(trainer, qPrintable(error));
        QVERIFY(trainer->runEpochs(100).train.accuracy < 0.8);
    }

    void polarFeaturesLearnTheSpiralFaster() {
        QString error;
        std::unique_ptr<engine::Trainer> xy = makeTrainer(loadExample("03-spiral-xy.nnlab"), &error);
        std::unique_ptr<engine::Trainer> polar = makeTrainer(loadExample("04-spiral-polar.nnlab"), &error);
        QVERIFY2(xy && polar, qPrintable(error));
        const double fromXy = xy->runEpochs(30).train.accuracy, fromPolar = polar->runEpochs(30).train.accuracy;
        QVERIFY2(fromPolar > fromXy, qPrintable(QString("%1 vs %2").arg(fromPolar).arg(fromXy)));
        QVERIFY2(fromPolar > 0.9, qPrintable(QString::number(fromPolar)));
    }

    void overfittingLearnsTheNoiseAndMissesTheTest() {
        QString error;
        std::unique_ptr<engine::Trainer> t = makeTrainer(loadExample("05-overfitting.nnlab"), &error);
        QVERIFY2(t, qPrintable(error));
        const engine::StepResult r = t->runEpochs(300);
        QCOMPARE(r.train.accuracy, 1.0);
        QVERIFY2(r.test.loss > 10 * r.train.loss + 0.5,
                 qPrintable(QString("%1 vs %2").arg(r.test.loss).arg(r.train.loss)));
    }

    void squaredFeaturesLetOneNeuronDrawTheCircle() {
        const Project p = loadExample("09-circle-squares.nnlab");
        QCOMPARE(p.network.layers.size(), std::size_t(1));
        QString error;
        std::unique_ptr<engine::Trainer> t = makeTrainer(p, &error);
        QVERIFY2(t, qPrintable(error));
        QVERIFY(t->runEpochs(30).train.accuracy > 0.97);
    }

    // Journey: File ▸ Examples ▸ Iris, with clicks; the window shows the example as a new, unsaved project.
    void choosingAnExampleFromTheFileMenuOpensIt() {
        MainWindow w;
        QVERIFY(journey::open(w));
        auto* examples = w.findChild<QMenu*>("examplesMenu");
        QVERIFY(examples);
        QCOMPARE(examples->actions().size(), exampleProjects().size());
        for (QAction* a : examples->actions()) QVERIFY2(!a->toolTip().isEmpty(), qPrintable(a->text()));

        QVERIFY(journey::chooseMenuPath(w, {"File", "Examples", "Iris"}));
        QTRY_COMPARE(w.windowTitle(), QString("Iris — NN Lab"));
        // The diagram follows with the first snapshot of the new project.
        QVERIFY(waitFor(w, [&] {
            return w.dataModel()->data().size() == 150 && w.networkView()->spec().inputs == 4 &&
                   w.networkView()->spec().layers.back().units == 3;
        }));
        QCOMPARE(w.dataModel()->data().inputDim(), engine::Index(4));
        QVERIFY(w.document()->filePath().isEmpty());  // Save asks where: the bundled file stays as it is

        QVERIFY(journey::chooseMenuPath(w, {"File", "Examples", "XOR, solved"}));
        QTRY_VERIFY2(w.windowTitle().startsWith("XOR, solved"), qPrintable(w.windowTitle()));
        QVERIFY(w.windowTitle().endsWith(" — NN Lab"));
        // Its saved weights are what the window shows: every training point right before any training.
        QVERIFY(waitFor(w, [&] {
            return w.networkView()->spec().layers.size() == 2 && w.networkView()->spec().layers[0].units == 8 &&
                   w.lastSnapshot().train.accuracy == 1.0;
        }));
        QCOMPARE(w.lastSnapshot().step, loadExample(kSolvedXor).trained->step);
        // Nothing changed yet: no "*" (a late snapshot of the previous project, at another step, counted as training
        // progress and marked the example modified).
        QCOMPARE(w.windowTitle(), QString("XOR, solved — NN Lab"));
    }

    // Journey: an unsaved change is not lost to an example: the save question comes first; Cancel keeps the project,
    // Discard opens the example.
    void anExampleAsksToSaveTheChangesFirst() {
        MainWindow w;
        QVERIFY(journey::open(w));
        const int before = int(w.dataModel()->data().size());
        journey::click(w.outputView(), w.outputView()->rect().center() + QPoint(30, -20));  // adds a point
        QTRY_VERIFY(w.document()->isModified());
        QCOMPARE(int(w.dataModel()->data().size()), before + 1);
        const QString title = w.windowTitle();

        QString question;
        journey::whenModal<QMessageBox>([&](QMessageBox* box) {
            question = box->text();
            QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        });
        QVERIFY(journey::chooseMenuPath(w, {"File", "Examples", "Overfitting"}));
        QTRY_VERIFY(!question.isEmpty());
        QCOMPARE(w.windowTitle(), title);
        QCOMPARE(int(w.dataModel()->data().size()), before + 1);

        question.clear();
        journey::whenModal<QMessageBox>([&](QMessageBox* box) {
            question = box->text();
            QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
        });
        QVERIFY(journey::chooseMenuPath(w, {"File", "Examples", "Overfitting"}));
        QTRY_VERIFY(!question.isEmpty());
        QTRY_COMPARE(w.windowTitle(), QString("Overfitting — NN Lab"));
        QVERIFY(waitFor(w, [&] { return w.dataModel()->data().size() == 30; }));
    }

    // Journey: Help ▸ About NN Lab opens the box; it names the version, the licence, Eigen and xkcd; Close closes it.
    void helpAboutShowsTheVersionAndTheLicence() {
        MainWindow w;
        QVERIFY(journey::open(w));
        QString text;
        bool linksOpen = false;
        QPointer<QDialog> shown;
        journey::whenModal<QDialog>([&](QDialog* d) {
            shown = d;
            if (auto* label = d->findChild<QLabel*>("aboutText")) {
                text = label->text();
                linksOpen = label->openExternalLinks();
            }
            auto* buttons = d->findChild<QDialogButtonBox*>("aboutButtons");
            QTest::mouseClick(buttons->button(QDialogButtonBox::Close), Qt::LeftButton);
        });
        QVERIFY(journey::chooseMenuPath(w, {"Help", "About NN Lab"}));
        QTRY_VERIFY(!text.isEmpty());
        QTRY_VERIFY(!shown || !shown->isVisible());
        QVERIFY(!QCoreApplication::applicationVersion().isEmpty());
        for (const QString& part :
             {QCoreApplication::applicationVersion(), QString("GPL-3.0-or-later"), QString("Eigen"), QString("xkcd"),
              QString("https://xkcd.com/1838/"), QString("LGPL-3.0"), QString("MPL-2.0"), QString("Apache-2.0"),
              QString("QCustomPlot"), QString("giflib"), QString("Fashion-MNIST"), QString("CC BY 4.0"),
              QString("LICENSE")})
            QVERIFY2(text.contains(part), qPrintable(part));
        QVERIFY(linksOpen);

        // One Help menu: the presenter's key map joined the window's, About Qt is there too.
        int helpMenus = 0;
        for (QAction* a : w.menuBar()->actions()) helpMenus += a->text().remove('&') == "Help";
        QCOMPARE(helpMenus, 1);
        QStringList items;
        for (QAction* a : w.findChild<QMenu*>("helpMenu")->actions()) items << a->text().remove('&');
        QVERIFY2(items.contains("Key map") && items.contains("About Qt"), qPrintable(items.join(", ")));
    }

    void screenshotAboutBox() {
        MainWindow w;
        QVERIFY(journey::open(w));
        bool saved = false;
        journey::whenModal<QDialog>([&](QDialog* d) {
            saved = saveScreenshot(d, "about-dialog.png");
            QTest::mouseClick(d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Close), Qt::LeftButton);
        });
        QVERIFY(journey::chooseMenuPath(w, {"Help", "About NN Lab"}));
        QTRY_VERIFY(saved);
    }

    void screenshotExamplesMenu() {
        MainWindow w;
        QVERIFY(journey::open(w));
        QMenuBar* bar = w.menuBar();
        QAction* fileAct = bar->actions().value(0);
        QMenu* file = fileAct->menu();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(fileAct).center());
        QTRY_VERIFY(file->isVisible());
        auto* examples = w.findChild<QMenu*>("examplesMenu");
        QTest::mouseClick(file, Qt::LeftButton, {}, file->actionGeometry(examples->menuAction()).center());
        QTRY_VERIFY(examples->isVisible());
        QTest::qWait(200);  // the submenu's slide-in
        QVERIFY(saveScreenshot(windowWithMenus(w, {file, examples}), "examples-menu.png"));
        QTest::keyClick(examples, Qt::Key_Escape);
        QTest::keyClick(file, Qt::Key_Escape);
        QTRY_VERIFY(!file->isVisible());
    }
};

QTEST_MAIN(TstExamples)
#include "tst_examples.moc"
