#include "app/gif_recorder.h"
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QWidget>
#include <gif_lib.h>

namespace app {
namespace {

QString gifError(int code) {
    const char* s = GifErrorString(code);
    return s ? QString::fromLatin1(s) : QObject::tr("giflib error %1").arg(code);
}

// Writes through a sibling ".part" file renamed at the end, so a cancelled or failed write leaves no half file.
class PartFile {
public:
    explicit PartFile(const QString& path) : m_path(path), m_part(path + ".part") { QFile::remove(m_part); }
    ~PartFile() {
        if (!m_done) QFile::remove(m_part);
    }
    QString part() const { return m_part; }
    bool commit(QString* error) {
        QFile::remove(m_path);
        if (!QFile::rename(m_part, m_path)) {
            if (error) *error = QObject::tr("%1 could not be written (renaming the finished file failed)").arg(m_path);
            return false;
        }
        // giflib creates its files 0600; a picture is for sharing.
        QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
        m_done = true;
        return true;
    }

private:
    QString m_path, m_part;
    bool m_done = false;
};

}  // namespace

void GifRecorder::addFrame(const QImage& input) {
    if (input.isNull()) return;
    // Time-lapse: only offers that are multiples of m_stride are kept (every frame until the cap is first reached).
    if (m_offered++ % m_stride != 0) return;
    QImage image = input.convertToFormat(QImage::Format_RGB32);
    image.setDevicePixelRatio(1.0);
    if (m_size.isEmpty()) {
        QSize s = image.size();
        if (std::max(s.width(), s.height()) > m_maxSide) s.scale(m_maxSide, m_maxSide, Qt::KeepAspectRatio);
        m_size = s.expandedTo(QSize(2, 2));
    }
    if (image.size() != m_size) image = image.scaled(m_size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG", 80);  // quality 80 = zlib level 1: fast, and plots compress well anyway
    m_frames << png;
    if (m_frames.size() >= m_maxFrames) {
        QList<QByteArray> kept;
        for (int i = 0; i < m_frames.size(); i += 2) kept << m_frames[i];
        m_frames = kept;
        m_stride *= 2;  // kept offers were multiples of the old stride; now of the new one
    }
}

bool GifRecorder::grabFrame(QWidget* widget) {
    if (m_sinceGrab.isValid() && m_sinceGrab.elapsed() < m_intervalMs) return false;
    m_sinceGrab.start();
    addFrame(widget->grab().toImage());
    return true;
}

void GifRecorder::clear() {
    m_frames.clear();
    m_size = QSize();
    m_stride = 1;
    m_offered = 0;
    m_sinceGrab.invalidate();
}

QImage GifRecorder::frame(int i) const {
    QImage image;
    if (i >= 0 && i < m_frames.size()) image.loadFromData(m_frames[i], "PNG");
    return image;
}

bool GifRecorder::writeGif(const QString& path, QString* error, const Progress& progress) const {
    const auto fail = [&](const QString& why) {
        if (error) *error = QObject::tr("%1 could not be written (%2)").arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    if (m_frames.isEmpty()) return fail(QObject::tr("nothing was recorded"));
    PartFile out(path);
    int code = 0;
    GifFileType* gif = EGifOpenFileName(QFile::encodeName(out.part()).constData(), false, &code);
    if (!gif) return fail(gifError(code));
    const auto abandon = [&](const QString& why) {
        EGifCloseFile(gif, &code);
        return fail(why);
    };
    EGifSetGifVersion(gif, true);  // GIF89a: delays and the loop extension
    const int w = m_size.width(), h = m_size.height();
    if (EGifPutScreenDesc(gif, w, h, 8, 0, nullptr) == GIF_ERROR) return abandon(gifError(gif->Error));
    // NETSCAPE2.0 application extension: loop for ever.
    const unsigned char netscape[11] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    const unsigned char loop[3] = {1, 0, 0};
    if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(gif, 11, netscape) == GIF_ERROR || EGifPutExtensionBlock(gif, 3, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(gif) == GIF_ERROR)
        return abandon(gifError(gif->Error));
    const int delayCs = std::max(2, (playbackDelayMs() + 5) / 10);
    for (int f = 0; f < m_frames.size(); ++f) {
        const QImage q = frame(f).convertToFormat(QImage::Format_Indexed8, Qt::DiffuseDither);  // <= 256 colours
        if (q.isNull()) return abandon(QObject::tr("frame %1 could not be decoded").arg(f + 1));
        QList<QRgb> table = q.colorTable();
        table.resize(256);  // a GIF palette has 2^n entries
        ColorMapObject* cmap = GifMakeMapObject(256, nullptr);
        for (int i = 0; i < 256; ++i)
            cmap->Colors[i] = {GifByteType(qRed(table[i])), GifByteType(qGreen(table[i])), GifByteType(qBlue(table[i]))};
        GraphicsControlBlock gcb{};
        gcb.DisposalMode = DISPOSE_DO_NOT;
        gcb.DelayTime = f + 1 == m_frames.size() ? delayCs * 20 : delayCs;  // rest on the last frame before looping
        gcb.TransparentColor = NO_TRANSPARENT_COLOR;
        GifByteType ext[4];
        const size_t n = EGifGCBToExtension(&gcb, ext);
        bool ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, int(n), ext) != GIF_ERROR &&
                  EGifPutImageDesc(gif, 0, 0, w, h, false, cmap) != GIF_ERROR;  // a local palette per frame
        for (int y = 0; ok && y < h; ++y)
            ok = EGifPutLine(gif, const_cast<GifByteType*>(q.constScanLine(y)), w) != GIF_ERROR;
        GifFreeMapObject(cmap);
        if (!ok) return abandon(gifError(gif->Error));
        if (progress && !progress(f + 1, int(m_frames.size()))) return abandon(QObject::tr("cancelled"));
    }
    if (EGifCloseFile(gif, &code) == GIF_ERROR) return fail(gifError(code));
    return out.commit(error);
}

QString GifRecorder::ffmpegPath() { return QStandardPaths::findExecutable("ffmpeg"); }

bool GifRecorder::writeMp4(const QString& path, QString* error, const Progress& progress) const {
    const auto fail = [&](const QString& why) {
        if (error) *error = QObject::tr("%1 could not be written (%2)").arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    if (m_frames.isEmpty()) return fail(QObject::tr("nothing was recorded"));
    const QString ffmpeg = ffmpegPath();
    if (ffmpeg.isEmpty()) return fail(QObject::tr("the ffmpeg command is not installed (Debian package ffmpeg)"));
    const QSize even(m_size.width() & ~1, m_size.height() & ~1);  // yuv420p needs even sides
    const double fps = 1000.0 / playbackDelayMs();
    PartFile out(path);
    QProcess ff;
    ff.setProcessChannelMode(QProcess::SeparateChannels);
    ff.start(ffmpeg, {"-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "bgra", "-s",
                      QString("%1x%2").arg(even.width()).arg(even.height()), "-r", QString::number(fps, 'g', 6),
                      "-i", "-", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4",
                      out.part()});
    if (!ff.waitForStarted(10000)) return fail(QObject::tr("ffmpeg did not start: %1").arg(ff.errorString()));
    for (int f = 0; f < m_frames.size(); ++f) {
        // Format_ARGB32 on a little-endian machine is the byte order ffmpeg calls bgra.
        QImage im = frame(f).copy(QRect(QPoint(0, 0), even)).convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < im.height(); ++y) {
            ff.write(reinterpret_cast<const char*>(im.constScanLine(y)), qint64(im.width()) * 4);
        }
        while (ff.bytesToWrite() > 0)
            if (!ff.waitForBytesWritten(30000)) break;
        if (ff.state() != QProcess::Running) break;
        if (progress && !progress(f + 1, int(m_frames.size()))) {
            ff.kill();
            ff.waitForFinished(5000);
            return fail(QObject::tr("cancelled"));
        }
    }
    ff.closeWriteChannel();
    if (!ff.waitForFinished(120000) || ff.exitStatus() != QProcess::NormalExit || ff.exitCode() != 0) {
        const QString said = QString::fromLocal8Bit(ff.readAllStandardError()).trimmed();
        ff.kill();
        return fail(QObject::tr("ffmpeg failed%1").arg(said.isEmpty() ? QString() : ": " + said.left(300)));
    }
    return out.commit(error);
}

QString recordingFileFilter() {
    QString filter = QObject::tr("Animated GIF (*.gif)");
    if (GifRecorder::ffmpegAvailable()) filter += ";;" + QObject::tr("MP4 video (*.mp4)");
    return filter;
}

bool saveRecordingWithProgress(const GifRecorder& recorder, const QString& path, QWidget* parent) {
    QProgressDialog dialog(QObject::tr("Writing %1…").arg(QFileInfo(path).fileName()), QObject::tr("Cancel"), 0,
                           recorder.frameCount(), parent);
    dialog.setWindowTitle(QObject::tr("Saving the recording"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(300);
    bool cancelled = false;
    const GifRecorder::Progress progress = [&](int done, int) {
        dialog.setValue(done);  // processes events for a modal dialog: Cancel is seen here
        cancelled = dialog.wasCanceled();
        return !cancelled;
    };
    QString error;
    const bool mp4 = QFileInfo(path).suffix().compare("mp4", Qt::CaseInsensitive) == 0;
    const bool ok = mp4 ? recorder.writeMp4(path, &error, progress) : recorder.writeGif(path, &error, progress);
    dialog.reset();
    if (!ok && !cancelled) QMessageBox::warning(parent, QObject::tr("Recording not saved"), error);
    return ok;
}

}  // namespace app
