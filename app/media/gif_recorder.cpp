#include "app/media/gif_recorder.h"
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QWidget>
#include <QHash>
#include <algorithm>
#include <gif_lib.h>
#include <limits>
#include <vector>

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

// One palette for the whole recording. Frames of a view share their colours (background, text, class colours, the
// boundary's tints), so one table serves them all, and the same colour gets the same index in every frame: that is
// what lets a frame keep only what changed. At most 255 colours: index 255 is the transparent "unchanged" pixel.
class SharedPalette {
public:
    static constexpr int kTransparent = 255;

    void count(const QImage& rgb32) {
        for (int y = 0; y < rgb32.height(); ++y) {
            const QRgb* line = reinterpret_cast<const QRgb*>(rgb32.constScanLine(y));
            for (int x = 0; x < rgb32.width(); ++x) {
                Bin& b = m_bins[binOf(line[x])];
                ++b.n;
                b.r += qRed(line[x]);
                b.g += qGreen(line[x]);
                b.b += qBlue(line[x]);
                if (m_exact.size() <= kTransparent) m_exact.insert(line[x] & 0xffffff, 0);
            }
        }
    }

    // Exact when the frames use at most 255 colours; otherwise the 255 most used colours at 5 bits per channel (mean
    // colour of each), every other colour mapped to the nearest of them. No dithering: its noise would change pixels
    // from frame to frame and defeat both the compression and the differencing.
    void build() {
        m_colors.clear();
        if (m_exact.size() <= kTransparent) {
            for (auto it = m_exact.begin(); it != m_exact.end(); ++it) {
                it.value() = m_colors.size();
                m_colors << (it.key() | 0xff000000u);
            }
            return;
        }
        m_exact.clear();
        std::vector<int> order;
        for (int i = 0; i < kBins; ++i)
            if (m_bins[std::size_t(i)].n > 0) order.push_back(i);
        const auto more = [&](int a, int b) { return m_bins[std::size_t(a)].n > m_bins[std::size_t(b)].n; };
        const std::size_t keep = std::min<std::size_t>(order.size(), kTransparent);
        std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(keep), order.end(), more);
        for (std::size_t k = 0; k < keep; ++k) {
            const Bin& b = m_bins[std::size_t(order[k])];
            m_colors << qRgb(int(b.r / b.n), int(b.g / b.n), int(b.b / b.n));
        }
        m_lut.assign(kBins, 0);
        for (int i = 0; i < kBins; ++i) {
            const int r = ((i >> 10) & 31) * 8 + 4, g = ((i >> 5) & 31) * 8 + 4, b = (i & 31) * 8 + 4;
            int best = 0, bestD = std::numeric_limits<int>::max();
            for (int c = 0; c < m_colors.size(); ++c) {
                const int dr = qRed(m_colors[c]) - r, dg = qGreen(m_colors[c]) - g, db = qBlue(m_colors[c]) - b;
                const int d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;  // green counts most to the eye
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            m_lut[std::size_t(i)] = quint8(best);
        }
    }

    quint8 index(QRgb c) const {
        if (m_lut.empty()) return quint8(m_exact.value(c & 0xffffff));
        return m_lut[binOf(c)];
    }
    ColorMapObject* colorMap() const {  // 256 entries (a GIF palette has 2^n), the last one the transparent slot
        ColorMapObject* map = GifMakeMapObject(256, nullptr);
        for (int i = 0; i < 256; ++i) {
            const QRgb c = i < m_colors.size() ? m_colors[i] : qRgb(0, 0, 0);
            map->Colors[i] = {GifByteType(qRed(c)), GifByteType(qGreen(c)), GifByteType(qBlue(c))};
        }
        return map;
    }

private:
    static constexpr int kBins = 32 * 32 * 32;
    static std::size_t binOf(QRgb c) {
        return std::size_t(((qRed(c) >> 3) << 10) | ((qGreen(c) >> 3) << 5) | (qBlue(c) >> 3));
    }
    struct Bin {
        qint64 n = 0, r = 0, g = 0, b = 0;
    };
    std::vector<Bin> m_bins = std::vector<Bin>(kBins);
    QHash<QRgb, int> m_exact;  // while there are few colours: each one exactly
    QList<QRgb> m_colors;
    std::vector<quint8> m_lut;  // 5-bit colour -> palette index, when not exact
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
    SharedPalette palette;
    for (int f = 0; f < m_frames.size(); ++f) palette.count(frame(f).convertToFormat(QImage::Format_RGB32));
    palette.build();
    ColorMapObject* globalMap = palette.colorMap();
    const int screen = EGifPutScreenDesc(gif, w, h, 8, 0, globalMap);
    GifFreeMapObject(globalMap);
    if (screen == GIF_ERROR) return abandon(gifError(gif->Error));
    // NETSCAPE2.0 application extension: loop for ever.
    const unsigned char netscape[11] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    const unsigned char loop[3] = {1, 0, 0};
    if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(gif, 11, netscape) == GIF_ERROR || EGifPutExtensionBlock(gif, 3, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(gif) == GIF_ERROR)
        return abandon(gifError(gif->Error));
    const int delayCs = std::max(2, (playbackDelayMs() + 5) / 10);
    // Each frame after the first holds only the rectangle that changed since the one before, its unchanged pixels
    // transparent; the decoder leaves the rest of the picture as it was (DISPOSE_DO_NOT).
    std::vector<quint8> previous, current(std::size_t(w) * std::size_t(h));
    std::vector<GifByteType> line(static_cast<std::size_t>(w));
    for (int f = 0; f < m_frames.size(); ++f) {
        const QImage rgb = frame(f).convertToFormat(QImage::Format_RGB32);
        if (rgb.size() != m_size) return abandon(QObject::tr("frame %1 could not be decoded").arg(f + 1));
        int left = w, right = -1, top = h, bottom = -1;
        for (int y = 0; y < h; ++y) {
            const QRgb* px = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
            quint8* row = current.data() + std::size_t(y) * std::size_t(w);
            for (int x = 0; x < w; ++x) {
                row[x] = palette.index(px[x]);
                if (previous.empty() || row[x] != previous[std::size_t(y) * std::size_t(w) + std::size_t(x)]) {
                    left = std::min(left, x);
                    right = std::max(right, x);
                    top = std::min(top, y);
                    bottom = std::max(bottom, y);
                }
            }
        }
        if (right < 0) left = right = top = bottom = 0;  // nothing changed: one transparent pixel keeps the timing
        const bool first = previous.empty();
        GraphicsControlBlock gcb{};
        gcb.DisposalMode = DISPOSE_DO_NOT;
        gcb.DelayTime = f + 1 == m_frames.size() ? delayCs * 20 : delayCs;  // rest on the last frame before looping
        gcb.TransparentColor = first ? NO_TRANSPARENT_COLOR : SharedPalette::kTransparent;
        GifByteType ext[4];
        const size_t n = EGifGCBToExtension(&gcb, ext);
        const int rw = right - left + 1;
        bool ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, int(n), ext) != GIF_ERROR &&
                  EGifPutImageDesc(gif, left, top, rw, bottom - top + 1, false, nullptr) != GIF_ERROR;
        for (int y = top; ok && y <= bottom; ++y) {
            const std::size_t at = std::size_t(y) * std::size_t(w) + std::size_t(left);
            for (int x = 0; x < rw; ++x)
                line[std::size_t(x)] = !first && current[at + std::size_t(x)] == previous[at + std::size_t(x)]
                                           ? GifByteType(SharedPalette::kTransparent)
                                           : current[at + std::size_t(x)];
            ok = EGifPutLine(gif, line.data(), rw) != GIF_ERROR;
        }
        previous.swap(current);
        if (previous.size() != current.size()) current.resize(previous.size());
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
    ff.start(ffmpeg, {"-y",
                      "-loglevel",
                      "error",
                      "-f",
                      "rawvideo",
                      "-pix_fmt",
                      "bgra",
                      "-s",
                      QString("%1x%2").arg(even.width()).arg(even.height()),
                      "-r",
                      QString::number(fps, 'g', 6),
                      "-i",
                      "-",
                      "-c:v",
                      "libx264",
                      "-pix_fmt",
                      "yuv420p",
                      "-movflags",
                      "+faststart",
                      "-f",
                      "mp4",
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
