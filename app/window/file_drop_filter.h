// Drag a project or a CSV file onto a window to open it: an event filter the window installs on itself. It accepts a
// drag only when it carries a local .nnlab or .csv/.tsv/.txt file, and says which kind was dropped; what opening means
// stays the window's business.
#pragma once
#include <QObject>
#include <QString>

class QMimeData;
class QWidget;

namespace app {

class FileDropFilter : public QObject {
    Q_OBJECT
public:
    enum class Kind { None, Project, Csv };

    explicit FileDropFilter(QObject* parent = nullptr) : QObject(parent) {}
    // Installs the filter on `window` and turns its drops on.
    void install(QWidget* window);

    // The first local file in the drag that can be opened, and its kind (Kind::None: the drag is refused).
    static Kind classify(const QMimeData* mime, QString* path = nullptr);
    static Kind kindOfPath(const QString& path);

signals:
    void projectDropped(const QString& path);
    void csvDropped(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace app
