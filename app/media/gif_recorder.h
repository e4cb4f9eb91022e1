// Records a training run as pictures and writes it as an animated, looping GIF (giflib; Qt cannot write GIF) or,
// when the ffmpeg command is installed, as an H.264 MP4. Frames are kept PNG-compressed in memory; when the frame cap
// is reached every second frame is dropped and only every second new one kept, so a recording always spans the whole
// run at an even pace (a time-lapse), however long it lasts. Writing reports progress and can be cancelled; the file
// appears complete (mode 0644) or not at all.
#pragma once
#include <QByteArray>
#include <QElapsedTimer>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>
#include <functional>

class QWidget;

namespace app {

class GifRecorder {
public:
    // Called after each frame written: return false to cancel.
    using Progress = std::function<bool(int done, int total)>;

    static constexpr int kDefaultMaxFrames = 400;
    static constexpr int kDefaultFrameIntervalMs = 100;  // 10 frames a second

    GifRecorder() = default;

    void setMaxFrames(int n) { m_maxFrames = std::max(2, n); }
    int maxFrames() const { return m_maxFrames; }
    // The longest side a frame keeps (larger pictures are scaled down, keeping their shape).
    void setMaxSide(int px) { m_maxSide = std::max(16, px); }
    // The time between two grabbed frames; also the playback delay (times the time-lapse factor).
    void setFrameInterval(int ms) { m_intervalMs = std::max(20, ms); }
    int frameInterval() const { return m_intervalMs; }

    // Adds a picture. All frames take the first one's size (later ones are scaled to it).
    void addFrame(const QImage& image);
    // Grabs the widget when at least frameInterval() has passed since the last grab (call it on each snapshot).
    // Returns whether a frame was taken.
    bool grabFrame(QWidget* widget);
    void clear();

    int frameCount() const { return int(m_frames.size()); }
    QSize frameSize() const { return m_size; }
    QImage frame(int i) const;
    int timeLapse() const { return m_stride; }  // 1, 2, 4, ...: offered frames per kept frame
    int playbackDelayMs() const { return m_intervalMs * m_stride; }

    bool writeGif(const QString& path, QString* error, const Progress& progress = {}) const;

    static QString ffmpegPath();  // empty when ffmpeg is not installed
    static bool ffmpegAvailable() { return !ffmpegPath().isEmpty(); }
    bool writeMp4(const QString& path, QString* error, const Progress& progress = {}) const;

private:
    QList<QByteArray> m_frames;  // PNG
    QSize m_size;
    int m_maxFrames = kDefaultMaxFrames;
    int m_maxSide = 960;
    int m_intervalMs = kDefaultFrameIntervalMs;
    int m_stride = 1;
    long long m_offered = 0;
    QElapsedTimer m_sinceGrab;
};

// "Animated GIF (*.gif)", plus ";;MP4 video (*.mp4)" when ffmpeg is installed: the save dialog's filter.
QString recordingFileFilter();

// Writes `recorder` to `path` (.gif, or .mp4 with ffmpeg) behind a modal progress dialog with Cancel. Returns true
// when the file was written; shows a message when it failed (not when cancelled).
bool saveRecordingWithProgress(const GifRecorder& recorder, const QString& path, QWidget* parent);

}  // namespace app
