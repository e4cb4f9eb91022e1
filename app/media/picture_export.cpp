#include "app/media/picture_export.h"
#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QSvgGenerator>
#include "widgets/network_editor_overlay.h"
#include <QPointer>
#include <qcustomplot.h>

namespace app {
namespace {

QString describeError(const QString& path, const QString& why) {
    return QObject::tr("%1 could not be written (%2).").arg(QDir::toNativeSeparators(path), why);
}

bool writeBytes(const QString& path, const QByteArray& bytes, QString* error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error) *error = describeError(path, f.errorString());
        return false;
    }
    return true;
}

// A picture of the network diagram shows the network, not its editor: the "−"/"+" and "×" buttons and the strip they
// sit in are left out while it is drawn (locks and disabled neurons stay: they are the network's state), then come
// back as they were. Only the view's own editor: a picture of the whole window is a screenshot.
class WithoutEditControls {
public:
    explicit WithoutEditControls(QWidget* view) {
        for (auto* editor : view->findChildren<widgets::NetworkEditorOverlay*>(Qt::FindDirectChildrenOnly))
            if (editor->isEditable()) {
                editor->setEditable(false);
                m_hidden << editor;
            }
    }
    ~WithoutEditControls() {
        for (const auto& editor : m_hidden)
            if (editor) editor->setEditable(true);
    }
    WithoutEditControls(const WithoutEditControls&) = delete;
    WithoutEditControls& operator=(const WithoutEditControls&) = delete;

private:
    QList<QPointer<widgets::NetworkEditorOverlay>> m_hidden;
};

}  // namespace

std::optional<PictureFormat> pictureFormatFor(const QString& path) {
    const QString s = QFileInfo(path).suffix().toLower();
    if (s == "png") return PictureFormat::Png;
    if (s == "svg") return PictureFormat::Svg;
    if (s == "pdf") return PictureFormat::Pdf;
    return std::nullopt;
}

QString pictureFileFilter() { return QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"); }

QImage pictureImage(QWidget* view, double scale) {
    const QSize size = view->size();
    if (size.isEmpty()) return QImage();
    if (auto* plot = qobject_cast<QCustomPlot*>(view))
        return plot->toPixmap(size.width(), size.height(), scale).toImage();
    const WithoutEditControls plain(view);
    QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(view->palette().window().color());
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    view->render(&painter, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    painter.end();
    image.setDevicePixelRatio(1.0);  // the file holds the full pixel count
    return image;
}

QByteArray pictureSvg(QWidget* view) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QSize size = view->size();
    QSvgGenerator gen;
    gen.setOutputDevice(&buffer);
    gen.setSize(size);
    gen.setViewBox(QRect(QPoint(0, 0), size));
    gen.setTitle(view->windowTitle().isEmpty() ? view->objectName() : view->windowTitle());
    gen.setDescription(QObject::tr("Drawn by NN Lab"));
    if (auto* plot = qobject_cast<QCustomPlot*>(view)) {
        QCPPainter painter(&gen);
        plot->toPainter(&painter, size.width(), size.height());
    } else {
        const WithoutEditControls plain(view);
        QPainter painter(&gen);
        view->render(&painter, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    }
    return buffer.data();
}

bool savePicture(QWidget* view, const QString& path, QString* error) {
    const std::optional<PictureFormat> format = pictureFormatFor(path);
    if (!format) {
        if (error)
            *error = QObject::tr("%1: choose a file ending in .png, .svg or .pdf.").arg(QFileInfo(path).fileName());
        return false;
    }
    if (view->size().isEmpty()) {
        if (error) *error = describeError(path, QObject::tr("the view has no size"));
        return false;
    }
    auto* plot = qobject_cast<QCustomPlot*>(view);
    switch (*format) {
    case PictureFormat::Png: {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!pictureImage(view).save(&buffer, "PNG")) {
            if (error) *error = describeError(path, QObject::tr("PNG encoding failed"));
            return false;
        }
        return writeBytes(path, bytes, error);
    }
    case PictureFormat::Svg: return writeBytes(path, pictureSvg(view), error);
    case PictureFormat::Pdf: {
        if (plot) {
            // QCustomPlot writes straight to the file: write beside it, then replace, so a failure leaves no half file.
            const QString part = path + ".part";
            if (!plot->savePdf(part, view->width(), view->height())) {
                QFile::remove(part);
                if (error) *error = describeError(path, QObject::tr("the chart could not be drawn into a PDF"));
                return false;
            }
            QFile::remove(path);
            if (!QFile::rename(part, path)) {
                QFile::remove(part);
                if (error) *error = describeError(path, QObject::tr("the finished file could not be renamed"));
                return false;
            }
            return true;
        }
        QByteArray bytes;
        {
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            QPdfWriter pdf(&buffer);
            pdf.setCreator("NN Lab");
            pdf.setTitle(view->objectName());
            pdf.setResolution(72);  // one widget pixel = one point: the page is the widget's size
            pdf.setPageSize(QPageSize(QSizeF(view->size()), QPageSize::Point, QString(), QPageSize::ExactMatch));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            const WithoutEditControls plain(view);
            QPainter painter(&pdf);
            if (!painter.isActive()) {
                if (error) *error = describeError(path, QObject::tr("the PDF could not be started"));
                return false;
            }
            view->render(&painter, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
        }
        return writeBytes(path, bytes, error);
    }
    }
    return false;
}

void copyPicture(QWidget* view) {
    auto* mime = new QMimeData;
    mime->setImageData(pictureImage(view));
    mime->setData("image/svg+xml", pictureSvg(view));
    QApplication::clipboard()->setMimeData(mime);
}

QString pictureFolder() {
    return QSettings()
        .value("pictures/lastFolder", QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
        .toString();
}

void rememberPictureFolder(const QString& savedPath) {
    QSettings().setValue("pictures/lastFolder", QFileInfo(savedPath).absolutePath());
}

QString savePictureWithDialog(QWidget* view, QWidget* dialogParent, const QString& baseName) {
    QString filter;
    QString path = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Save a picture"),
                                                QDir(pictureFolder()).filePath(baseName + ".png"), pictureFileFilter(),
                                                &filter);
    if (path.isEmpty()) return {};
    if (QFileInfo(path).suffix().isEmpty())  // the chosen filter decides
        path += filter.contains("*.svg") ? ".svg" : filter.contains("*.pdf") ? ".pdf" : ".png";
    rememberPictureFolder(path);
    QString error;
    if (!savePicture(view, path, &error)) {
        QMessageBox::warning(dialogParent, QObject::tr("Picture not saved"), error);
        return {};
    }
    return path;
}

void addPictureActions(QMenu* menu, QWidget* view, QWidget* dialogParent, const QString& what,
                       const QString& baseName) {
    addPictureActions(menu, [view] { return view; }, view, dialogParent, what, baseName);
}

QList<QAction*> addPictureActions(QMenu* menu, const std::function<QWidget*()>& view, QObject* context,
                                  QWidget* dialogParent, const QString& what, const QString& baseName) {
    QAction* save = menu->addAction(QObject::tr("Save picture of %1…").arg(what));
    QObject::connect(save, &QAction::triggered, context,
                     [view, dialogParent, baseName] { savePictureWithDialog(view(), dialogParent, baseName); });
    QAction* copy = menu->addAction(QObject::tr("Copy picture of %1").arg(what));
    QObject::connect(copy, &QAction::triggered, context, [view] { copyPicture(view()); });
    return {save, copy};
}

}  // namespace app
