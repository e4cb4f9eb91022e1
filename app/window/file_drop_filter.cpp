#include "app/window/file_drop_filter.h"
#include "app/document/project_file.h"
#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>
#include <QWidget>

namespace app {

void FileDropFilter::install(QWidget* window) {
    window->setAcceptDrops(true);
    window->installEventFilter(this);
}

FileDropFilter::Kind FileDropFilter::kindOfPath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == kProjectFileSuffix) return Kind::Project;
    if (suffix == "csv" || suffix == "tsv" || suffix == "txt") return Kind::Csv;
    return Kind::None;
}

FileDropFilter::Kind FileDropFilter::classify(const QMimeData* mime, QString* path) {
    if (!mime || !mime->hasUrls()) return Kind::None;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) continue;
        const QString file = url.toLocalFile();
        const Kind kind = kindOfPath(file);
        if (kind != Kind::None) {
            if (path) *path = file;
            return kind;
        }
    }
    return Kind::None;
}

bool FileDropFilter::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto* e = static_cast<QDragMoveEvent*>(event);  // QDragEnterEvent derives from QDragMoveEvent
        if (classify(e->mimeData()) == Kind::None) return false;
        e->setDropAction(Qt::CopyAction);
        e->accept();
        return true;
    }
    case QEvent::Drop: {
        auto* e = static_cast<QDropEvent*>(event);
        QString path;
        const Kind kind = classify(e->mimeData(), &path);
        if (kind == Kind::None) return false;
        e->setDropAction(Qt::CopyAction);
        e->accept();
        if (kind == Kind::Project) emit projectDropped(path);
        else emit csvDropped(path);
        return true;
    }
    default: return QObject::eventFilter(watched, event);
    }
}

}  // namespace app
