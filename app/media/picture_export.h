// Pictures of any view: PNG (sharp at twice the screen size), SVG and PDF (vector: the widget paints itself into a
// QSvgGenerator or a QPdfWriter; QCustomPlot charts use their own savers), and the clipboard. The format follows the
// file's suffix. Every failure comes back as a sentence naming the file; nothing here changes the view.
#pragma once
#include <QImage>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace app {

enum class PictureFormat { Png, Svg, Pdf };

std::optional<PictureFormat> pictureFormatFor(const QString& path);  // by suffix, case-insensitive
QString pictureFileFilter();  // "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"

// A raster picture of the view at `scale` times its size (charts re-rendered, other widgets grabbed at that pixel ratio).
QImage pictureImage(QWidget* view, double scale = 2.0);
QByteArray pictureSvg(QWidget* view);  // the view as an SVG document
bool savePicture(QWidget* view, const QString& path, QString* error);
// The raster picture on the clipboard, with the SVG beside it (image/svg+xml) for programs that take vectors.
void copyPicture(QWidget* view);

// The folder pictures and recordings are saved in: the last one used, else the Pictures folder.
QString pictureFolder();
void rememberPictureFolder(const QString& savedPath);

// Asks where to save (suggesting baseName.png in the last folder used), saves, and reports a failure in a message box.
// Returns the path written, or an empty string.
QString savePictureWithDialog(QWidget* view, QWidget* dialogParent, const QString& baseName);
// Adds "Save picture of <what>…" and "Copy picture of <what>" to a menu (a context menu or the window's Export menu).
void addPictureActions(QMenu* menu, QWidget* view, QWidget* dialogParent, const QString& what, const QString& baseName);
// The same for a view that is asked for when the action is taken (`view()` may first bring it up to date, e.g. a tab
// that is not shown); `context` owns the connections. Returns the two actions (to show or hide them together).
QList<QAction*> addPictureActions(QMenu* menu, const std::function<QWidget*()>& view, QObject* context,
                                  QWidget* dialogParent, const QString& what, const QString& baseName);

}  // namespace app
