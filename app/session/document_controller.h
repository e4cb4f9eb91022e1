// The open document as the File menu sees it: its path, whether it has unsaved changes (the undo stack's clean state
// plus changes made outside it), the window title, the recent files, and crash recovery. It never touches training:
// saves and autosaves ask the window for the current Project through a ProjectProvider, which may answer later (the
// training thread's projectCaptured). Guarantees: saves are atomic (saveProjectFile, QSaveFile); the recovery file
// is written only while there are unsaved changes and removed when the document is saved or closed normally; a
// recovery file left by a crashed session is never overwritten or removed before the window has asked about it.
#pragma once
#include "app/document/project.h"
#include "app/document/project_file.h"
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>

class QMenu;
class QMessageBox;
class QTimer;
class QUndoStack;
class QWidget;

namespace app {

class DocumentController : public QObject {
    Q_OBJECT
public:
    // The window hands the current project to the callback, now or later, exactly once per call.
    using ProjectCallback = std::function<void(const Project&)>;
    using ProjectProvider = std::function<void(ProjectCallback)>;
    enum class SaveChoice { Save, Discard, Cancel };
    // The questions the controller asks. The defaults are modal dialogs; tests replace them so nothing blocks.
    using AskToSave = std::function<SaveChoice(QWidget* parent, const QString& documentName)>;
    using AskForPath = std::function<QString(QWidget* parent, const QString& suggestedPath)>;
    using AskToRestore = std::function<bool(QWidget* parent, const QString& documentName)>;

    static constexpr int kAutosaveIntervalMs = 30'000;
    static constexpr int kMaxRecentFiles = 10;
    static constexpr int kSaveTimeoutMs = 15'000;  // saveAndWait gives up if the provider never answers

    // recoveryDir: where recovery files live; empty = QStandardPaths::AppLocalDataLocation. The controller takes the
    // first free slot there (recovery.nnlab, recovery-2.nnlab, ...; a QLockFile per slot, so two running windows
    // never share one, and a slot whose owner died is free again).
    explicit DocumentController(QUndoStack* undo, QObject* parent = nullptr, const QString& recoveryDir = QString());
    ~DocumentController() override;

    void setProjectProvider(ProjectProvider provider) { m_provider = std::move(provider); }
    void setAskToSave(AskToSave ask) { m_askToSave = std::move(ask); }
    void setAskForPath(AskForPath ask) { m_askForPath = std::move(ask); }
    void setAskToRestore(AskToRestore ask) { m_askToRestore = std::move(ask); }

    // --- The document --------------------------------------------------------------------------------------------
    QString filePath() const { return m_path; }
    QString displayName() const;  // "xor.nnlab", else the untitled name ("XOR"), else "untitled"
    bool isModified() const;
    QString windowTitle() const;  // "xor.nnlab* — NN Lab" (the star only while modified)
    bool canRevert() const { return !m_path.isEmpty() && isModified(); }

    // The window calls these after it has replaced the session (the undo stack already cleared).
    void documentOpened(const QString& path);           // clean, that path, first in the recent files
    void documentCreated(const QString& untitledName);  // New or a preset: clean, no path
    // A change the undo stack does not see (training moved the weights, a setting): modified until the next save.
    void markModified();
    // Back to unmodified without saving (a lesson left: the user's saved project is back as it was).
    void markUnmodified();

    // --- Saving (asynchronous: the provider answers when it has the weights) -------------------------------------
    void save(QWidget* dialogParent);    // to filePath(), or asks for a path when there is none
    void saveAs(QWidget* dialogParent);  // asks for a path (suggests the current one)
    void saveTo(const QString& path);    // emits saved(path) or saveFailed(message)
    // Saves as save() does and waits (a local event loop) until the file is written; false on failure or cancel.
    bool saveAndWait(QWidget* dialogParent);
    // Before the document goes away (close, New, Open): true when it may go. Unmodified: true at once. Otherwise asks
    // Save / Discard / Cancel; Save waits for the file to be written.
    bool maybeSave(QWidget* dialogParent);
    // The session ends normally (after maybeSave said yes): the recovery file is removed, autosave stops.
    void closeDocument();

    // --- Recent files (QSettings "recentFiles": most recent first, at most kMaxRecentFiles) -----------------------
    QStringList recentFiles() const;  // missing files pruned (and the pruned list stored)
    void addRecentFile(const QString& path);
    void clearRecentFiles();
    // Refills `menu` with one action per recent file ("&1 xor.nnlab", the path as tooltip; each emits
    // openRecentRequested) and "Clear the list". Connect it to the menu's aboutToShow.
    void populateRecentMenu(QMenu* menu);

    // --- Autosave and recovery ----------------------------------------------------------------------------------
    QString recoveryPath() const { return m_recoveryPath; }
    // A recovery file from a session that did not end normally, waiting for the window's decision.
    bool hasRecovery() const;
    QString recoveredDocumentPath() const;  // the path that session had open ("" when untitled)
    ProjectLoadResult loadRecovery() const;
    // After the window has loaded the recovered project: modified, with the old session's path.
    void recoveryRestored();
    void discardRecovery();  // the user declined: the file is removed
    // The whole start-up question in one call: asks (AskToRestore) and loads. Returns the project to load; then call
    // recoveryRestored(). Nothing pending or declined: nullopt. A damaged file: nullopt, *error says why, discarded.
    std::optional<Project> offerRecovery(QWidget* dialogParent, QString* error = nullptr);

    // The default questions' boxes (exec'd by the default AskToSave / AskToRestore); the caller owns them.
    static QMessageBox* createSaveQuestion(QWidget* parent, const QString& documentName);
    static QMessageBox* createRestoreQuestion(QWidget* parent, const QString& documentName);

    QTimer* autosaveTimer() const { return m_autosave; }  // tests call autosaveNow() or shorten the interval

public slots:
    // Writes the recovery file now if there are unsaved changes (the timer's slot). Emits autosaved or autosaveFailed.
    void autosaveNow();

signals:
    void modifiedChanged(bool modified);
    void titleChanged(const QString& title);
    void filePathChanged(const QString& path);
    void recentFilesChanged();
    void openRecentRequested(const QString& path);
    void saved(const QString& path);
    void saveFailed(const QString& message);
    void autosaved(const QString& recoveryPath);
    void autosaveFailed(const QString& message);

private:
    void claimRecoverySlot(const QString& dir);
    void updateModified();
    void setPath(const QString& path);
    void finishSave(const QString& path, const Project& project, int undoIndex, quint64 changeCount);
    void writeRecovery(const Project& project);
    void removeRecovery();
    QString askSavePath(QWidget* parent);

    QUndoStack* m_undo;
    QTimer* m_autosave;
    ProjectProvider m_provider;
    AskToSave m_askToSave;
    AskForPath m_askForPath;
    AskToRestore m_askToRestore;

    QString m_path;
    QString m_untitledName;
    bool m_explicitModified = false;
    bool m_lastModified = false;
    quint64 m_changeCount = 0;  // markModified() calls: a save started before one does not make the document clean

    QString m_recoveryPath;
    std::unique_ptr<QLockFile> m_recoveryLock;
    bool m_recoveryPending = false;  // a previous session's file, not yet decided on
    bool m_autosaveInFlight = false;
};

}  // namespace app
