#include "app/session/document_controller.h"
#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QUndoStack>

namespace app {
namespace {

constexpr char kRecentKey[] = "recentFiles";
constexpr int kRecoverySlots = 16;

QString originPath(const QString& recovery) { return recovery + ".origin"; }

DocumentController::SaveChoice defaultAskToSave(QWidget* parent, const QString& name) {
    std::unique_ptr<QMessageBox> box(DocumentController::createSaveQuestion(parent, name));
    switch (box->exec()) {
    case QMessageBox::Save: return DocumentController::SaveChoice::Save;
    case QMessageBox::Discard: return DocumentController::SaveChoice::Discard;
    default: return DocumentController::SaveChoice::Cancel;
    }
}

QString defaultAskForPath(QWidget* parent, const QString& suggested) {
    return QFileDialog::getSaveFileName(parent, QObject::tr("Save the project"), suggested,
                                        QObject::tr("NN Lab projects (*.nnlab)"));
}

bool defaultAskToRestore(QWidget* parent, const QString& name) {
    std::unique_ptr<QMessageBox> box(DocumentController::createRestoreQuestion(parent, name));
    box->exec();
    return box->clickedButton() == box->defaultButton();
}

}  // namespace

QMessageBox* DocumentController::createSaveQuestion(QWidget* parent, const QString& name) {
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Unsaved changes"), tr("Save the changes to %1?").arg(name),
                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box->setInformativeText(tr("If you don't save, your changes are lost."));
    box->setDefaultButton(QMessageBox::Save);
    return box;
}

QMessageBox* DocumentController::createRestoreQuestion(QWidget* parent, const QString& name) {
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Restore unsaved work?"),
                        tr("NN Lab did not close normally last time. Restore the unsaved changes to %1?").arg(name),
                        QMessageBox::NoButton, parent);
    QPushButton* restore = box->addButton(tr("Restore"), QMessageBox::AcceptRole);
    box->addButton(tr("Discard"), QMessageBox::DestructiveRole);
    box->setInformativeText(
        tr("They were saved automatically before NN Lab stopped. Discarding them cannot be undone."));
    box->setDefaultButton(restore);
    return box;
}

DocumentController::DocumentController(QUndoStack* undo, QObject* parent, const QString& recoveryDir)
    : QObject(parent),
      m_undo(undo),
      m_autosave(new QTimer(this)),
      m_askToSave(defaultAskToSave),
      m_askForPath(defaultAskForPath),
      m_askToRestore(defaultAskToRestore) {
    // NNLAB_AUTOSAVE_MS shortens the interval for the crash test (tests/app/tst_crash_recovery.cpp), which kills a
    // running nnlab and needs its recovery file within a second rather than thirty.
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("NNLAB_AUTOSAVE_MS", &ok);
    m_autosave->setInterval(ok && ms >= 100 ? ms : kAutosaveIntervalMs);
    connect(m_autosave, &QTimer::timeout, this, &DocumentController::autosaveNow);
    if (m_undo) connect(m_undo, &QUndoStack::cleanChanged, this, &DocumentController::updateModified);
    claimRecoverySlot(recoveryDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
                                            : recoveryDir);
}

DocumentController::~DocumentController() = default;  // the lock is released; the recovery file stays (a crash)

void DocumentController::claimRecoverySlot(const QString& dir) {
    QDir().mkpath(dir);
    for (int slot = 1; slot <= kRecoverySlots; ++slot) {
        const QString path = QDir(dir).filePath(slot == 1 ? QString("recovery.nnlab")
                                                          : QString("recovery-%1.nnlab").arg(slot));
        auto lock = std::make_unique<QLockFile>(path + ".lock");
        lock->setStaleLockTime(0);  // stale only when its process is gone, however old
        if (lock->tryLock(0)) {
            m_recoveryPath = path;
            m_recoveryLock = std::move(lock);
            m_recoveryPending = QFile::exists(path);
            return;
        }
    }
    // Every slot busy (or the folder not writable): a private file, never offered at start.
    m_recoveryPath = QDir(dir).filePath(QString("recovery-pid%1.nnlab").arg(QCoreApplication::applicationPid()));
}

// --- The document ------------------------------------------------------------------------------------------------

QString DocumentController::displayName() const {
    if (!m_path.isEmpty()) return QFileInfo(m_path).fileName();
    return m_untitledName.isEmpty() ? tr("untitled") : m_untitledName;
}

bool DocumentController::isModified() const { return m_explicitModified || (m_undo && !m_undo->isClean()); }

QString DocumentController::windowTitle() const {
    return tr("%1%2 — NN Lab").arg(displayName(), isModified() ? QStringLiteral("*") : QString());
}

void DocumentController::documentOpened(const QString& path) {
    m_explicitModified = false;
    m_untitledName.clear();
    setPath(QFileInfo(path).absoluteFilePath());
    if (m_undo) m_undo->setClean();
    addRecentFile(m_path);
    removeRecovery();
    updateModified();
    emit titleChanged(windowTitle());
}

void DocumentController::documentCreated(const QString& untitledName) {
    m_explicitModified = false;
    m_untitledName = untitledName;
    setPath(QString());
    if (m_undo) m_undo->setClean();
    removeRecovery();
    updateModified();
    emit titleChanged(windowTitle());
}

void DocumentController::markModified() {
    ++m_changeCount;
    m_explicitModified = true;
    updateModified();
}

void DocumentController::markUnmodified() {
    m_explicitModified = false;
    if (m_undo) m_undo->setClean();
    updateModified();
    emit titleChanged(windowTitle());
}

void DocumentController::setPath(const QString& path) {
    if (path == m_path) return;
    m_path = path;
    emit filePathChanged(m_path);
}

void DocumentController::updateModified() {
    const bool modified = isModified();
    if (modified && !m_autosave->isActive()) m_autosave->start();
    if (!modified) {
        m_autosave->stop();
        removeRecovery();  // nothing unsaved any more (saved, or undone back to the saved state)
    }
    if (modified != m_lastModified) {
        m_lastModified = modified;
        emit modifiedChanged(modified);
        emit titleChanged(windowTitle());
    }
}

// --- Saving ------------------------------------------------------------------------------------------------------

QString DocumentController::askSavePath(QWidget* parent) {
    QString suggested = m_path;
    if (suggested.isEmpty()) {
        QString base = m_untitledName.isEmpty() ? QStringLiteral("project") : m_untitledName;
        base.replace(QRegularExpression(R"([\\/:*?"<>|])"), "-");
        suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                        .filePath(base + "." + kProjectFileSuffix);
    }
    QString path = m_askForPath ? m_askForPath(parent, suggested) : QString();
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += QString(".") + kProjectFileSuffix;
    return path;
}

void DocumentController::save(QWidget* dialogParent) {
    if (m_path.isEmpty()) saveAs(dialogParent);
    else saveTo(m_path);
}

void DocumentController::saveAs(QWidget* dialogParent) {
    const QString path = askSavePath(dialogParent);
    if (!path.isEmpty()) saveTo(path);
}

void DocumentController::saveTo(const QString& path) {
    if (!m_provider) {
        emit saveFailed(tr("Cannot save %1: there is no project to save yet.").arg(path));
        return;
    }
    const int undoIndex = m_undo ? m_undo->index() : 0;
    const quint64 changes = m_changeCount;
    QPointer<DocumentController> self(this);
    m_provider([self, path, undoIndex, changes](const Project& project) {
        if (self) self->finishSave(path, project, undoIndex, changes);
    });
}

void DocumentController::finishSave(const QString& path, const Project& project, int undoIndex, quint64 changeCount) {
    QString error;
    if (!saveProjectFile(path, project, &error)) {
        emit saveFailed(error);
        return;
    }
    // Edits made while the project was being captured are not in the file: the document stays modified then.
    const bool complete = (!m_undo || m_undo->index() == undoIndex) && m_changeCount == changeCount;
    m_untitledName.clear();
    setPath(QFileInfo(path).absoluteFilePath());
    addRecentFile(m_path);
    if (complete) {
        m_explicitModified = false;
        if (m_undo) m_undo->setClean();
    }
    updateModified();
    emit titleChanged(windowTitle());
    emit saved(m_path);
}

bool DocumentController::saveAndWait(QWidget* dialogParent) {
    const QString path = m_path.isEmpty() ? askSavePath(dialogParent) : m_path;
    if (path.isEmpty()) return false;
    QEventLoop loop;
    bool done = false, ok = false;
    connect(this, &DocumentController::saved, &loop, [&] {
        done = ok = true;
        loop.quit();
    });
    connect(this, &DocumentController::saveFailed, &loop, [&] {
        done = true;
        loop.quit();
    });
    QTimer::singleShot(kSaveTimeoutMs, &loop, &QEventLoop::quit);
    saveTo(path);  // the provider may answer at once
    if (!done) loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!done) emit saveFailed(tr("Could not save %1: the training thread did not hand over the project.").arg(path));
    return ok;
}

bool DocumentController::maybeSave(QWidget* dialogParent) {
    if (!isModified()) return true;
    switch (m_askToSave ? m_askToSave(dialogParent, displayName()) : SaveChoice::Cancel) {
    case SaveChoice::Save: return saveAndWait(dialogParent);
    case SaveChoice::Discard: return true;
    case SaveChoice::Cancel: return false;
    }
    return false;
}

void DocumentController::closeDocument() {
    m_autosave->stop();
    removeRecovery();
}

// --- Recent files ------------------------------------------------------------------------------------------------

QStringList DocumentController::recentFiles() const {
    QSettings settings;
    const QStringList stored = settings.value(kRecentKey).toStringList();
    QStringList kept;
    for (const QString& f : stored)
        if (QFileInfo::exists(f) && !kept.contains(f)) kept << f;
    while (kept.size() > kMaxRecentFiles) kept.removeLast();
    if (kept != stored) settings.setValue(kRecentKey, kept);
    return kept;
}

void DocumentController::addRecentFile(const QString& path) {
    const QString abs = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(abs);
    files.prepend(abs);
    while (files.size() > kMaxRecentFiles) files.removeLast();
    QSettings().setValue(kRecentKey, files);
    emit recentFilesChanged();
}

void DocumentController::clearRecentFiles() {
    QSettings().remove(kRecentKey);
    emit recentFilesChanged();
}

void DocumentController::populateRecentMenu(QMenu* menu) {
    menu->clear();
    menu->setToolTipsVisible(true);
    const QStringList files = recentFiles();
    if (files.isEmpty()) {
        menu->addAction(tr("No recent projects"))->setEnabled(false);
        return;
    }
    for (int i = 0; i < files.size(); ++i) {
        const QString number = i < 9 ? QString("&%1").arg(i + 1) : QString("1&0");
        QAction* a = menu->addAction(QString("%1  %2").arg(number, QFileInfo(files[i]).fileName()));
        a->setToolTip(QDir::toNativeSeparators(files[i]));
        a->setStatusTip(a->toolTip());
        const QString path = files[i];
        connect(a, &QAction::triggered, this, [this, path] { emit openRecentRequested(path); });
    }
    menu->addSeparator();
    menu->addAction(tr("&Clear the list"), this, &DocumentController::clearRecentFiles);
}

// --- Autosave and recovery ---------------------------------------------------------------------------------------

void DocumentController::autosaveNow() {
    if (!isModified() || !m_provider || m_recoveryPending || m_autosaveInFlight) return;
    m_autosaveInFlight = true;
    QPointer<DocumentController> self(this);
    m_provider([self](const Project& project) {
        if (!self) return;
        self->m_autosaveInFlight = false;
        if (self->isModified() && !self->m_recoveryPending) self->writeRecovery(project);
    });
}

void DocumentController::writeRecovery(const Project& project) {
    QDir().mkpath(QFileInfo(m_recoveryPath).absolutePath());
    QString error;
    if (!saveProjectFile(m_recoveryPath, project, &error)) {
        emit autosaveFailed(error);
        return;
    }
    QSaveFile origin(originPath(m_recoveryPath));  // which document the changes belong to
    if (origin.open(QIODevice::WriteOnly)) {
        origin.write(m_path.toUtf8());
        origin.commit();
    }
    emit autosaved(m_recoveryPath);
}

void DocumentController::removeRecovery() {
    if (m_recoveryPending) return;  // an earlier session's work: only the window's decision removes it
    QFile::remove(m_recoveryPath);
    QFile::remove(originPath(m_recoveryPath));
}

bool DocumentController::hasRecovery() const { return m_recoveryPending && QFile::exists(m_recoveryPath); }

QString DocumentController::recoveredDocumentPath() const {
    QFile f(originPath(m_recoveryPath));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.read(4096)).trimmed();
}

ProjectLoadResult DocumentController::loadRecovery() const { return loadProjectFile(m_recoveryPath); }

void DocumentController::recoveryRestored() {
    const QString origin = recoveredDocumentPath();
    m_recoveryPending = false;
    m_untitledName = origin.isEmpty() ? tr("recovered project") : QString();
    setPath(origin);
    markModified();
    emit titleChanged(windowTitle());
}

void DocumentController::discardRecovery() {
    m_recoveryPending = false;
    removeRecovery();
}

std::optional<Project> DocumentController::offerRecovery(QWidget* dialogParent, QString* error) {
    if (!hasRecovery()) return std::nullopt;
    const QString origin = recoveredDocumentPath();
    const QString name = origin.isEmpty() ? tr("an untitled project") : QFileInfo(origin).fileName();
    if (!m_askToRestore || !m_askToRestore(dialogParent, name)) {
        discardRecovery();
        return std::nullopt;
    }
    ProjectLoadResult r = loadRecovery();
    if (!r.project) {
        if (error) *error = tr("The recovered work could not be read: %1").arg(r.error);
        discardRecovery();
        return std::nullopt;
    }
    return r.project;
}

}  // namespace app
