// The File menu: the document (New, Open, Open Recent, Save, Save As, Revert, autosave and recovery
// through DocumentController), data import and export (CSV, the bundled sets, Fashion-MNIST), model export, pictures of
// every view, recordings and the run report. Everything that needs the weights asks the training thread for a capture
// and finishes in the callback, so no menu action waits for training.
#include "app/document/csv_import.h"
#include "app/panels/csv_import_dialog.h"
#include "app/session/document_controller.h"
#include "app/window/example_projects.h"
#include "app/window/file_drop_filter.h"
#include "app/media/gif_recorder.h"
#include "app/window/file_menu.h"
#include "app/window/image_workspace.h"
#include "app/session/session.h"
#include "app/window/window_host.h"
#include <QMainWindow>
#include "app/export/model_export.h"
#include "app/media/picture_export.h"
#include "app/document/presets.h"
#include "app/document/project_data.h"
#include "app/document/project_file.h"
#include "app/media/run_report.h"
#include "widgets/loss_chart.h"
#include "widgets/metrics_view.h"
#include "widgets/network_view.h"
#include "widgets/output_view.h"
#include "widgets/weight_heatmap.h"
#include <QAction>
#include <QDir>
#include <QRegularExpression>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QUndoStack>

namespace app {
namespace {
QString lastFolder() { return QSettings().value("files/lastFolder").toString(); }
void rememberFolder(const QString& path) { QSettings().setValue("files/lastFolder", QFileInfo(path).absolutePath()); }

// A file name made of the project's title: "XOR" -> "xor".
QString baseNameFor(const QString& title) {
    QString s = title.toLower();
    s.replace(QRegularExpression("[^a-z0-9]+"), "-");
    s.remove(QRegularExpression("^-+|-+$"));
    return s.isEmpty() ? QString("nnlab") : s;
}
}  // namespace

FileMenu::FileMenu(Session* session, WindowHost* host, const Views& views)
    : QObject(host->window()),
      m_session(session),
      m_host(host),
      m_window(host->window()),
      m_output(views.output),
      m_images(views.images) {
    connect(m_session->document(), &DocumentController::titleChanged, this, [this] { m_host->updateTitle(); });
    connect(m_session->document(), &DocumentController::openRecentRequested, this, [this](const QString& path) {
        if (m_session->document()->maybeSave(m_window)) openFile(path);
    });
    connect(m_session->document(), &DocumentController::saved, m_window,
            [this](const QString& path) { m_window->statusBar()->showMessage(tr("Saved %1").arg(path), 5000); });
    connect(m_session->document(), &DocumentController::saveFailed, m_window,
            [this](const QString& message) { QMessageBox::warning(m_window, tr("Not saved"), message); });
    connect(m_session->document(), &DocumentController::autosaveFailed, this, [this](const QString& message) {
        m_window->statusBar()->showMessage(tr("Autosave failed: %1").arg(message), 8000);
    });

    auto* drops = new FileDropFilter(m_window);
    drops->install(m_window);
    connect(drops, &FileDropFilter::projectDropped, this, [this](const QString& path) {
        if (m_session->document()->maybeSave(m_window)) openFile(path);
    });
    connect(drops, &FileDropFilter::csvDropped, this, &FileMenu::importCsv);

    QMenu* file = m_window->menuBar()->addMenu(tr("&File"));
    QAction* newAct = file->addAction(tr("&New"), QKeySequence::New, this, [this] {
        if (!m_session->document()->maybeSave(m_window)) return;
        Project p = preset("xor");
        p.title.clear();
        load(p);
        m_session->document()->documentCreated(QString());
    });
    newAct->setToolTip(tr("A new project: the XOR data and a small network (Ctrl+N)"));
    QMenu* presets = file->addMenu(tr("New from &preset"));
    for (const QString& name : presetNames())
        presets->addAction(presetTitle(name), this, [this, name] {
            if (!m_session->document()->maybeSave(m_window)) return;
            const Project p = preset(name);
            load(p);
            m_session->document()->documentCreated(p.title);
        });
    QMenu* examples = file->addMenu(tr("E&xamples"));
    examples->setObjectName("examplesMenu");
    examples->setToolTipsVisible(true);
    for (const ExampleProject& e : exampleProjects()) {
        QAction* a = examples->addAction(e.title, this, [this, path = e.path] { openExample(path); });
        a->setToolTip(e.description);
        a->setStatusTip(e.description);
    }
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &FileMenu::open);
    QMenu* recent = file->addMenu(tr("Open &recent"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] { m_session->document()->populateRecentMenu(recent); });
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] { m_session->document()->save(m_window); });
    file->addAction(tr("Save &as…"), QKeySequence::SaveAs, this, [this] { m_session->document()->saveAs(m_window); });
    QAction* revert = file->addAction(tr("Re&vert"), this, &FileMenu::revert);
    revert->setToolTip(tr("Go back to the file as it was last saved"));
    connect(file, &QMenu::aboutToShow, this,
            [this, revert] { revert->setEnabled(m_session->document()->canRevert()); });
    file->addSeparator();

    QMenu* data = file->addMenu(tr("&Data"));
    data->addAction(tr("&Import CSV…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Import a data set"), lastFolder(),
                                                          tr("Tables (*.csv *.tsv *.txt);;All files (*)"));
        if (!path.isEmpty()) importCsv(path);
    });
    data->addAction(tr("&Export data set as CSV…"), this, &FileMenu::exportDataCsv);
    data->addSeparator();
    data->addAction(tr("Digits (8×8, bundled)"), this, [this] { m_session->loadBundled("digits"); });
    data->addAction(tr("Iris (bundled)"), this, [this] { m_session->loadBundled("iris"); });
    data->addAction(tr("Fashion-MNIST (%1 images, when installed)").arg(kFashionMnistSamples), m_window,
                    [this] { m_session->loadBundled(kFashionMnistName); });

    QMenu* model = file->addMenu(tr("Export &model"));
    for (const QString& name : formatNames()) {
        const ExportFormat f = *formatFromName(name);
        model->addAction(formatDescription(f), this, [this, f] { exportModelAs(f); });
    }

    QMenu* pictures = file->addMenu(tr("&Pictures"));
    pictures->setObjectName("picturesMenu");
    const struct {
        QWidget* view;
        QString what, base;
    } shown[] = {{views.output, tr("the output view"), "output"},
                 {views.network, tr("the network diagram"), "network"},
                 {views.loss, tr("the loss chart"), "loss"},
                 {views.accuracy, tr("the accuracy chart"), "accuracy"},
                 {views.metrics, tr("the metrics"), "metrics"},
                 {views.weights, tr("the weight matrix"), "weights"},
                 {m_window, tr("the whole window"), "window"}};
    for (const auto& v : shown) {
        if (v.view == views.output) {
            // The plane, or in its place the image workspace and its parts: the menu offers what is shown.
            const QList<QAction*> plane =
                addPictureActions(pictures, [view = v.view] { return view; }, v.view, m_window, v.what, v.base);
            pictures->addSeparator();
            const QList<QAction*> images = addWorkspacePictures(pictures);
            connect(pictures, &QMenu::aboutToShow, this, [this, plane, images] {
                for (QAction* a : plane) a->setVisible(!workspaceShown());
                for (QAction* a : images) a->setVisible(workspaceShown());
            });
            continue;  // it has its own mouse use
        }
        addPictureActions(pictures, v.view, m_window, v.what, v.base);
        pictures->addSeparator();
        if (v.view == views.network || v.view == m_window) continue;  // they have their own mouse use
        v.view->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(v.view, &QWidget::customContextMenuRequested, this, [this, v](const QPoint& at) {
            QMenu menu;
            addPictureActions(&menu, v.view, m_window, v.what, v.base);
            menu.exec(v.view->mapToGlobal(at));
        });
    }
    file->addAction(tr("&Save snapshot picture…"), QKeySequence(Qt::Key_S), m_window,
                    [this] { savePictureWithDialog(m_window, m_window, "nnlab-window"); });

    QMenu* record = file->addMenu(tr("Re&cord"));
    m_recordOutputAct = record->addAction(tr("Record the &output view"));
    m_recordOutputAct->setObjectName("recordCentralAction");
    connect(record, &QMenu::aboutToShow, this, [this] {  // it records what is shown in the output view's place
        m_recordOutputAct->setText(workspaceShown() ? tr("Record the &image workspace") : tr("Record the &output view"));
    });
    m_recordWindowAct = record->addAction(tr("Record the &whole window"));
    for (QAction* a : {m_recordOutputAct, m_recordWindowAct}) {
        a->setCheckable(true);
        a->setToolTip(tr("Grab a frame of every shown snapshot (10 a second); uncheck to save the GIF or MP4"));
        connect(a, &QAction::toggled, this, [this, a](bool on) { setRecording(a, on); });
    }
    file->addAction(tr("Run &report…"), this, &FileMenu::saveRunReport);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, m_window, &QWidget::close);
}

FileMenu::~FileMenu() = default;

bool FileMenu::load(const Project& project) {
    QString error;
    if (m_session->loadProject(project, &error)) return true;
    QMessageBox::warning(m_window, tr("Cannot open the project"), error);
    return false;
}

void FileMenu::recordFrame() {
    if (!m_recorder) return;
    if (QWidget* target = m_recordCentral ? centralShown() : m_recordTarget.data()) m_recorder->grabFrame(target);
}

bool FileMenu::workspaceShown() const { return m_images && m_images->isVisibleTo(m_window); }

QWidget* FileMenu::centralShown() const { return workspaceShown() ? static_cast<QWidget*>(m_images) : m_output; }

QList<QAction*> FileMenu::addWorkspacePictures(QMenu* pictures) {
    if (!m_images) return {};
    using Part = ImageWorkspace::Part;
    const struct {
        std::optional<Part> part;  // none: the whole workspace as shown
        QString what, base;
    } parts[] = {{std::nullopt, tr("the image workspace"), "images"},
                 {Part::Pad, tr("the drawing pad and its answer"), "drawing"},
                 {Part::Samples, tr("the samples in view"), "samples"},
                 {Part::Inside, tr("the maps and kernels (inside the network)"), "inside-the-network"}};
    QList<QAction*> actions;
    for (const auto& p : parts) {
        actions += addPictureActions(
            pictures,
            [this, part = p.part]() -> QWidget* { return part ? m_images->pictureOf(*part) : m_images; }, this,
            m_window, p.what, p.base);
        pictures->addSeparator();
    }
    return actions;
}

bool FileMenu::openFile(const QString& path) {
    if (FileDropFilter::kindOfPath(path) == FileDropFilter::Kind::Csv) {
        importCsv(path);
        return true;
    }
    const ProjectLoadResult r = loadProjectFile(path);
    if (!r.project) {
        QMessageBox::warning(m_window, tr("Cannot open the project"), r.error);
        return false;
    }
    // A project the window cannot show leaves the current one and its file name as they were: a Save then must not
    // write the old project over the file that could not be opened.
    if (!load(*r.project)) return false;
    m_session->document()->documentOpened(path);
    rememberFolder(path);
    return true;
}

void FileMenu::open() {
    if (!m_session->document()->maybeSave(m_window)) return;
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open a project"), lastFolder(),
                                                      tr("NN Lab projects (*.nnlab);;Tables (*.csv *.tsv *.txt)"));
    if (!path.isEmpty()) openFile(path);
}

void FileMenu::openExample(const QString& path) {
    if (!m_session->document()->maybeSave(m_window)) return;
    const ProjectLoadResult r = loadProjectFile(path);
    if (!r.project) {
        QMessageBox::warning(m_window, tr("Cannot open the example"), r.error);
        return;
    }
    if (!load(*r.project)) return;
    // A new, unsaved project named after the example: Save asks where, so the bundled file is never written over.
    m_session->document()->documentCreated(r.project->title);
    m_window->statusBar()->showMessage(r.project->description, 10000);
}

void FileMenu::revert() {
    if (!m_session->document()->canRevert()) return;
    const auto answer = QMessageBox::question(
        m_window, tr("Revert"),
        tr("Throw away the changes since %1 was last saved?").arg(m_session->document()->displayName()),
        QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Discard) openFile(m_session->document()->filePath());
}

void FileMenu::saveTo(const QString& path) { m_session->document()->saveTo(path); }

bool FileMenu::offerRecovery() {
    QString error;
    const std::optional<Project> p = m_session->document()->offerRecovery(m_window, &error);
    if (!error.isEmpty()) QMessageBox::warning(m_window, tr("Cannot restore"), error);
    if (!p || !load(*p)) return false;
    m_session->document()->recoveryRestored();
    m_window->statusBar()->showMessage(tr("Restored the session that did not end normally"), 8000);
    return true;
}

void FileMenu::importCsv(const QString& path) {
    const std::optional<engine::Dataset> d = CsvImportDialog::run(path, m_window);
    if (!d) return;
    rememberFolder(path);
    DataSource src;
    src.kind = DataSource::Kind::Points;
    src.points = *d;
    src.origin = QFileInfo(path).fileName();
    m_session->push(new ReplaceDataCommand(&m_session->data(), *d, src, tr("Import %1").arg(src.origin)));
}

void FileMenu::exportDataCsv() {
    const QString suggested = QDir(lastFolder()).filePath(baseNameFor(m_session->project().title) + "-data.csv");
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export the data set"), suggested,
                                                      tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    if (!saveDatasetCsv(path, m_session->data().data(), &error))
        QMessageBox::warning(m_window, tr("Not exported"), error);
    else
        m_window->statusBar()->showMessage(tr("Wrote %1 samples to %2").arg(m_session->data().data().size()).arg(path),
                                           5000);
    rememberFolder(path);
}

void FileMenu::exportModelAs(ExportFormat format) {
    const QString base = QDir(lastFolder()).filePath(baseNameFor(m_session->project().title));
    QString path;
    if (format == ExportFormat::Csv)
        path = QFileDialog::getExistingDirectory(m_window, tr("A folder for the weight tables"), lastFolder());
    else
        path = QFileDialog::getSaveFileName(m_window, tr("Export the model"), base + "." + formatSuffix(format),
                                            formatDescription(format));
    if (path.isEmpty()) return;
    rememberFolder(path);
    m_window->statusBar()->showMessage(tr("Exporting…"));
    m_session->capture([this, format, path](const Project& p) {
        QString error;
        std::unique_ptr<engine::Trainer> trainer = makeTrainer(p, &error);
        ExportResult r;
        if (!trainer) r.error = error;
        else r = exportModel(p, *trainer, format, path);
        if (!r.ok) {
            m_window->statusBar()->clearMessage();
            QMessageBox::warning(m_window, tr("Not exported"), r.error);
            return;
        }
        m_window->statusBar()->showMessage(tr("Exported %1").arg(r.files.join(", ")), 8000);
    });
}

void FileMenu::saveRunReport() {
    const QString suggested = QDir(lastFolder()).filePath(baseNameFor(m_session->project().title) + "-report.html");
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save a run report"), suggested,
                                                      tr("Web page (*.html);;PDF document (*.pdf)"));
    if (path.isEmpty()) return;
    rememberFolder(path);
    const QImage boundary = pictureImage(centralShown(), 1.0);  // the plane, or the image workspace in its place
    m_session->capture([this, path, boundary](const Project& p) {
        const RunReport report = makeRunReport(p, m_session->last(), m_session->data().data(), boundary);
        QString error;
        const bool pdf = path.endsWith(".pdf", Qt::CaseInsensitive);
        const bool ok = pdf ? saveRunReportPdf(path, report, &error) : saveRunReportHtml(path, report, &error);
        if (!ok) QMessageBox::warning(m_window, tr("Report not saved"), error);
        else m_window->statusBar()->showMessage(tr("Saved the report %1").arg(path), 6000);
    });
}

int FileMenu::recordedFrames() const { return m_recorder ? m_recorder->frameCount() : 0; }

void FileMenu::setRecording(QAction* which, bool on) {
    if (on) {
        QAction* other = which == m_recordOutputAct ? m_recordWindowAct : m_recordOutputAct;
        if (other->isChecked()) {
            const QSignalBlocker block(other);  // one recording at a time: the other one's frames are dropped
            other->setChecked(false);
        }
        m_recorder = std::make_unique<GifRecorder>();
        m_recordCentral = which == m_recordOutputAct;
        m_recordTarget = m_recordCentral ? nullptr : m_window;
        recordFrame();
        m_window->statusBar()->showMessage(tr("Recording: press Play; uncheck File ▸ Record to save"), 6000);
        return;
    }
    if (!m_recorder) return;
    std::unique_ptr<GifRecorder> rec = std::move(m_recorder);
    m_recordTarget = nullptr;
    m_recordCentral = false;
    if (rec->frameCount() < 2) {
        m_window->statusBar()->showMessage(tr("Nothing recorded: no snapshot arrived while recording"), 6000);
        return;
    }
    // Beside the pictures: a lesson's pictures and recordings land in one folder.
    const QString suggested = QDir(pictureFolder()).filePath(baseNameFor(m_session->project().title) + ".gif");
    const QString path = QFileDialog::getSaveFileName(m_window,
                                                      tr("Save the recording (%1 frames)").arg(rec->frameCount()),
                                                      suggested, recordingFileFilter());
    if (path.isEmpty()) return;
    rememberPictureFolder(path);
    if (saveRecordingWithProgress(*rec, path, m_window))
        m_window->statusBar()->showMessage(tr("Saved %1").arg(path), 6000);
}

}  // namespace app
