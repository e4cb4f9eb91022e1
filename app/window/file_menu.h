// The File menu and what it opens and writes (app/window/file_menu.cpp): the document (New, the bundled examples,
// Open, Recent, Save, Revert, recovery), files dropped on the window, data import and export, model export, pictures
// of every view, recordings and the run report. Everything that needs the weights asks the session for a capture.
#pragma once
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>

class QAction;
class QMainWindow;
class QMenu;
class QWidget;

namespace app {

class GifRecorder;
class ImageWorkspace;
class Session;
class WindowHost;
struct Project;
enum class ExportFormat;

class FileMenu : public QObject {
    Q_OBJECT
public:
    struct Views {  // what File ▸ Pictures offers (and their right-click menus)
        QWidget* output;
        QWidget* network;
        QWidget* loss;
        QWidget* accuracy;
        QWidget* metrics;
        QWidget* weights;
        ImageWorkspace* images;  // in the output view's place when the samples are pictures
    };
    FileMenu(Session* session, WindowHost* host, const Views& views);
    ~FileMenu() override;

    bool openFile(const QString& path);  // a project or a CSV; a message and the session kept when it is bad
    bool offerRecovery();                // after a crash: offers the autosaved session
    void saveTo(const QString& path);
    int recordedFrames() const;  // frames of the recording in progress (0 when none)
    void recordFrame();          // a snapshot was drawn: the recording in progress takes a frame

private:
    bool load(const Project& project);  // false (after a message) when the session cannot show it
    void open();
    void openExample(const QString& path);  // a bundled example, as a new unsaved project titled as the example
    void revert();
    void importCsv(const QString& path);
    void exportDataCsv();
    void exportModelAs(ExportFormat format);
    void saveRunReport();
    void setRecording(QAction* which, bool on);
    QList<QAction*> addWorkspacePictures(QMenu* pictures);  // shown in the output view's place
    bool workspaceShown() const;  // the image workspace, not the output view, is the window's central view
    QWidget* centralShown() const;  // whichever of the two is shown

    Session* m_session;
    WindowHost* m_host;
    QMainWindow* m_window;
    QWidget* m_output;
    ImageWorkspace* m_images;
    std::unique_ptr<GifRecorder> m_recorder;
    QPointer<QWidget> m_recordTarget;  // the window, or nullptr with m_recordCentral
    bool m_recordCentral = false;      // recording the central view: the output view or the image workspace
    QAction* m_recordOutputAct = nullptr;
    QAction* m_recordWindowAct = nullptr;
};

}  // namespace app
