// Pictures, recordings and reports: a 10-frame recording decodes with giflib as 10 frames of the right size, loops,
// and is readable by others (0644); a cancelled write leaves no file; a long recording becomes an even time-lapse;
// PNG, SVG and PDF files of a view and of a chart are written and are what they claim; the clipboard gets the picture;
// the run report holds the architecture, embedded pictures and the confusion matrix, and prints to PDF.
#include "app/media/gif_recorder.h"
#include "app/media/picture_export.h"
#include "app/document/presets.h"
#include "app/media/run_report.h"
#include "app/training/training_snapshot.h"
#include "widgets/loss_chart.h"
#include "widgets/network_editor_overlay.h"
#include "widgets/drawing/boundary_image.h"
#include "widgets/output_view.h"
#include "screenshot.h"
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QImageReader>
#include <QMimeData>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>
#include <QAbstractTextDocumentLayout>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextTable>
#include <gif_lib.h>
#include <cmath>

using namespace app;
using testsupport::copyToScreenshots;
using testsupport::saveScreenshot;

namespace {

QImage colourFrame(int i, QSize size = QSize(64, 48)) {
    QImage im(size, QImage::Format_RGB32);
    im.fill(QColor::fromHsv((i * 36) % 360, 200, 220));
    QPainter p(&im);
    p.fillRect(QRect(i * 4, 10, 8, 8), Qt::black);  // a square that moves
    return im;
}

QByteArray head(const QString& path, int n) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
}

void makeOutputView(widgets::OutputView& view) {
    view.resize(220, 200);
    QVector<widgets::PlotPoint> pts;
    for (int i = 0; i < 40; ++i) pts.push_back({QPointF(-5 + i * 0.25, (i % 7) - 3.0), i % 2, 0, false, false});
    view.setPoints(pts);
    view.setClassNames({"blue", "orange"});
}

}  // namespace

class TstPictures : public QObject {
    Q_OBJECT

private slots:
    void gifOfTenFramesDecodes() {
        QTemporaryDir dir;
        GifRecorder rec;
        for (int i = 0; i < 10; ++i) rec.addFrame(colourFrame(i));
        QCOMPARE(rec.frameCount(), 10);
        const QString path = dir.filePath("run.gif");
        int calls = 0;
        QString error;
        QVERIFY2(rec.writeGif(path, &error,
                              [&](int done, int total) {
                                  ++calls;
                                  return done <= total;
                              }),
                 qPrintable(error));
        QCOMPARE(calls, 10);
        QVERIFY(!QFile::exists(path + ".part"));
        QVERIFY2(QFile::permissions(path) & QFile::ReadOther, "giflib writes 0600; the recorder makes it 0644");
        QVERIFY(QFile::permissions(path) & QFile::ReadGroup);

        int code = 0;
        GifFileType* gif = DGifOpenFileName(QFile::encodeName(path).constData(), &code);
        QVERIFY2(gif, GifErrorString(code));
        QCOMPARE(DGifSlurp(gif), GIF_OK);
        QCOMPARE(gif->ImageCount, 10);
        QCOMPARE(gif->SWidth, 64);
        QCOMPARE(gif->SHeight, 48);
        bool loops = false;
        for (int i = 0; i < gif->ImageCount; ++i) {
            QCOMPARE(gif->SavedImages[i].ImageDesc.Width, 64);
            QCOMPARE(gif->SavedImages[i].ImageDesc.Height, 48);
            GraphicsControlBlock gcb;
            QCOMPARE(DGifSavedExtensionToGCB(gif, i, &gcb), GIF_OK);
            QVERIFY(gcb.DelayTime >= 10);  // 100 ms a frame
        }
        for (int e = 0; e < gif->SavedImages[0].ExtensionBlockCount; ++e) {
            const ExtensionBlock& b = gif->SavedImages[0].ExtensionBlocks[e];
            if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 &&
                std::memcmp(b.Bytes, "NETSCAPE2.0", 11) == 0)
                loops = true;
        }
        DGifCloseFile(gif, &code);
        QVERIFY2(loops, "the NETSCAPE2.0 loop extension is there");

        // Qt's own reader agrees, and the first frame looks like the first picture.
        QImageReader reader(path);
        QCOMPARE(reader.imageCount(), 10);
        const QImage first = reader.read();
        const QColor want = colourFrame(0).pixelColor(40, 40), got = first.pixelColor(40, 40);
        QVERIFY(std::abs(want.red() - got.red()) + std::abs(want.green() - got.green()) +
                    std::abs(want.blue() - got.blue()) <
                60);
    }

    void cancelledWriteLeavesNothing() {
        QTemporaryDir dir;
        GifRecorder rec;
        for (int i = 0; i < 10; ++i) rec.addFrame(colourFrame(i));
        const QString path = dir.filePath("cancelled.gif");
        QString error;
        QVERIFY(!rec.writeGif(path, &error, [](int done, int) { return done < 3; }));
        QVERIFY(error.contains("cancelled"));
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFile::exists(path + ".part"));
        QVERIFY(!GifRecorder().writeGif(path, &error));
        QVERIFY(error.contains("nothing was recorded"));
    }

    void longRecordingsBecomeAnEvenTimeLapse() {
        GifRecorder rec;
        rec.setMaxFrames(8);
        for (int i = 0; i < 40; ++i) rec.addFrame(colourFrame(i % 16, QSize(80, 20)));  // the square's x is 4*(i%16)
        QVERIFY(rec.frameCount() <= 8);
        QVERIFY(rec.frameCount() >= 4);
        QCOMPARE(rec.timeLapse(), 8);
        QCOMPARE(rec.playbackDelayMs(), 8 * rec.frameInterval());
        // Kept: offers 0, 8, 16, 24, 32 (every 8th): the square sits at x = 4 * (i % 16).
        for (int k = 0; k < rec.frameCount(); ++k) {
            const int i = k * 8;
            const QImage f = rec.frame(k);
            QVERIFY2(f.pixelColor(4 * (i % 16) + 4, 14).lightness() < 40, qPrintable(QString("frame %1").arg(k)));
        }
        // Large pictures are scaled to the longest side; later frames take the first one's size.
        GifRecorder big;
        big.setMaxSide(100);
        big.addFrame(colourFrame(0, QSize(400, 200)));
        big.addFrame(colourFrame(1, QSize(300, 300)));
        QCOMPARE(big.frameSize(), QSize(100, 50));
        QCOMPARE(big.frame(1).size(), QSize(100, 50));
    }

    // Issue 13, finding 18 (c): 80 frames of the output view while it trains made a 10 MB GIF. Frames of a view
    // change little from one to the next: one palette for the whole file, no dither noise, and only the rectangle
    // that changed, its unchanged pixels transparent. The file decodes to the frames recorded.
    void trainingGifIsSmallAndDecodesToTheFrames() {
        widgets::OutputView view;
        makeOutputView(view);
        view.resize(640, 520);
        widgets::BoundaryStyle style;
        GifRecorder rec;
        const int n = 100;
        const engine::Matrix grid = widgets::gridPoints(n, n, 6);
        for (int f = 0; f < 80; ++f) {
            // A boundary that turns and sharpens as training settles, as a real run does.
            const double angle = 1.2 * std::exp(-f / 15.0), sharp = 0.3 + 2.0 * (1 - std::exp(-f / 20.0));
            engine::Matrix out(1, grid.cols());
            for (engine::Index i = 0; i < grid.cols(); ++i)
                out(0, i) = 1 / (1 + std::exp(-sharp * (std::cos(angle) * grid(0, i) + std::sin(angle) * grid(1, i))));
            view.setBoundary(widgets::boundaryImage(out, n, n, style), style);
            rec.addFrame(view.grab().toImage());
        }
        QTemporaryDir dir;
        const QString path = dir.filePath("training.gif");
        QString error;
        QVERIFY2(rec.writeGif(path, &error), qPrintable(error));
        const qint64 bytes = QFileInfo(path).size();
        qInfo("80 frames of %dx%d: %lld bytes", rec.frameSize().width(), rec.frameSize().height(), bytes);
        QVERIFY2(bytes < 1500 * 1024, qPrintable(QString("%1 bytes").arg(bytes)));  // it was 9.8 MB
        QVERIFY(copyToScreenshots(path, "training.gif"));

        // Every decoded frame (Qt's reader composes the partial frames) looks like the one recorded.
        QImageReader reader(path);
        QCOMPARE(reader.imageCount(), 80);
        double worst = 0;
        for (int f = 0; f < 80; ++f) {
            const QImage got = reader.read().convertToFormat(QImage::Format_RGB32), want = rec.frame(f);
            QCOMPARE(got.size(), want.size());
            long long diff = 0;
            for (int y = 0; y < want.height(); ++y)
                for (int x = 0; x < want.width(); ++x) {
                    const QRgb a = got.pixel(x, y), b = want.pixel(x, y);
                    diff += std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) +
                            std::abs(qBlue(a) - qBlue(b));
                }
            const double mean = double(diff) / (3.0 * want.width() * want.height());
            worst = std::max(worst, mean);
            QVERIFY2(mean < 6, qPrintable(QString("frame %1: mean difference %2").arg(f).arg(mean)));
        }
        qInfo("worst frame: a mean difference of %.2f (of 255) per channel", worst);
    }

    void mp4WhenFfmpegIsInstalled() {
        if (!GifRecorder::ffmpegAvailable()) QSKIP("ffmpeg is not installed");
        QTemporaryDir dir;
        GifRecorder rec;
        for (int i = 0; i < 10; ++i) rec.addFrame(colourFrame(i, QSize(65, 49)));  // odd sides are trimmed
        QString error;
        const QString path = dir.filePath("run.mp4");
        QVERIFY2(rec.writeMp4(path, &error), qPrintable(error));
        QVERIFY(QFileInfo(path).size() > 500);
        QCOMPARE(head(path, 12).mid(4, 4), QByteArray("ftyp"));
        QVERIFY(recordingFileFilter().contains("*.mp4"));
    }

    void viewPicturesInEveryFormat() {
        QTemporaryDir dir;
        widgets::OutputView view;
        makeOutputView(view);
        widgets::LossChart chart(widgets::LossChart::Kind::Loss);
        chart.resize(300, 180);
        chart.appendPoints({0, 1, 2, 3}, {1.0, 0.6, 0.4, 0.3}, {1.1, 0.7, 0.5, 0.45});
        for (QWidget* w : {static_cast<QWidget*>(&view), static_cast<QWidget*>(&chart)}) {
            const QString base = dir.filePath(w == &view ? "view" : "chart");
            QString error;
            for (const char* ext : {".png", ".svg", ".pdf"}) {
                QVERIFY2(savePicture(w, base + ext, &error), qPrintable(error));
                QVERIFY2(QFileInfo(base + ext).size() > 100, ext);
            }
            const QImage png(base + ".png");
            QVERIFY(!png.isNull());
            QCOMPARE(png.size(), w->size() * 2);  // twice the screen size
            const QByteArray svg = head(base + ".svg", 4096);
            QVERIFY(svg.contains("<svg"));
            QCOMPARE(head(base + ".pdf", 5), QByteArray("%PDF-"));
            QVERIFY(!savePicture(w, base + ".bmp", &error));
            QVERIFY(error.contains(".png, .svg or .pdf"));
        }
        QVERIFY(pictureFormatFor("A.SVG") == PictureFormat::Svg);
        QVERIFY(!pictureFormatFor("a.gif"));
    }

    // Issue 13, finding 18 (b): the network diagram's pictures carried the editor's "−"/"+" buttons. A picture shows
    // the network alone (as with editing off), and the editor is back as it was afterwards.
    void networkPicturesLeaveOutTheEditButtons() {
        widgets::NetworkView view;
        view.resize(640, 380);
        const engine::NetworkSpec spec = preset("xor").network;
        view.setNetwork(spec, {"x1", "x2"}, {}, false);
        auto* editor = new widgets::NetworkEditorOverlay(&view);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(!editor->buttons().isEmpty());  // on screen the buttons are there

        const QImage picture = pictureImage(&view, 1.0);
        const QByteArray svg = pictureSvg(&view);
        QVERIFY(editor->isEditable());
        QVERIFY(!editor->buttons().isEmpty());
        editor->setEditable(false);
        const QImage plain = pictureImage(&view, 1.0);
        const QByteArray plainSvg = pictureSvg(&view);
        editor->setEditable(true);
        QVERIFY(plain != view.grab().toImage().convertToFormat(plain.format()));  // the buttons would show
        QCOMPARE(picture, plain);
        QCOMPARE(svg, plainSvg);
        QVERIFY(saveScreenshot(picture, "network-picture.png"));
    }

    void copyPutsThePictureOnTheClipboard() {
        widgets::OutputView view;
        makeOutputView(view);
        copyPicture(&view);
        const QMimeData* mime = QApplication::clipboard()->mimeData();
        QVERIFY(mime);
        QVERIFY(mime->hasImage());
        QCOMPARE(qvariant_cast<QImage>(mime->imageData()).size(), view.size() * 2);
        QVERIFY(mime->data("image/svg+xml").contains("<svg"));
    }

    // Issue 13, finding 18 (a): in the printed report "What the network learned" stood alone at the foot of page 1,
    // its picture on page 2. A heading now starts the page its picture or table starts on.
    void runReportHeadingsStayWithWhatTheyHead() {
        Project p = preset("xor");
        for (int i = 0; i <= 20; ++i)
            p.history.push_back({i * 0.5, 0.7 / (1 + i), 0.75 / (1 + i), 0.5 + i * 0.02, 0.48 + i * 0.02});
        TrainingSnapshot s;
        s.test.confusion = Eigen::MatrixXi(2, 2);
        s.test.confusion << 48, 2, 2, 48;
        widgets::OutputView view;
        makeOutputView(view);
        view.resize(640, 520);
        const RunReport report = makeRunReport(p, s, engine::generate(p.data.generator), pictureImage(&view, 1.0));
        QTextDocument doc;
        const QSizeF a4(680, 1009);  // A4 less 15 mm margins at 96 dpi, as saveRunReportPdf prints it
        layOutRunReport(doc, report, a4);
        QVERIFY(doc.pageCount() >= 2);
        const auto page =
            [&](const QTextBlock& b) {  // where its first line is: a picture's line moves to the next page
                return int((doc.documentLayout()->blockBoundingRect(b).top() + b.layout()->lineAt(0).y()) /
                           a4.height());
            };
        int headings = 0;
        for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
            if (b.blockFormat().headingLevel() == 0) continue;
            ++headings;
            QTextBlock content = b.next();  // the first picture or table under the heading
            while (content.isValid() && !content.text().contains(QChar::ObjectReplacementCharacter) &&
                   !QTextCursor(content).currentTable())
                content = content.next();
            QVERIFY(content.isValid());
            QVERIFY2(page(content) == page(b), qPrintable(QString("\"%1\" is on page %2, what it heads on page %3")
                                                              .arg(b.text())
                                                              .arg(page(b) + 1)
                                                              .arg(page(content) + 1)));
        }
        QCOMPARE(headings, 7);  // the title, data, settings, results, the boundary, the curves, the confusion matrix
    }

    void runReportHtmlAndPdf() {
        Project p = preset("xor");
        for (int i = 0; i <= 20; ++i)
            p.history.push_back({i * 0.5, 0.7 / (1 + i), 0.75 / (1 + i), 0.5 + i * 0.02, 0.48 + i * 0.02});
        TrainingSnapshot s;
        s.epoch = 10;
        s.step = 200;
        s.train.loss = 0.05;
        s.test.loss = 0.07;
        s.train.accuracy = 0.98;
        s.test.accuracy = 0.96;
        s.test.confusion = Eigen::MatrixXi(2, 2);
        s.test.confusion << 48, 2, 2, 48;
        engine::Dataset data = engine::generate(p.data.generator);
        data.classNames = {"blue", "orange"};
        widgets::OutputView view;
        makeOutputView(view);
        const RunReport report = makeRunReport(p, s, data, pictureImage(&view));
        QCOMPARE(report.architecture, QString::fromStdString(p.network.describe()));
        QVERIFY(!report.lossChart.isNull());
        QVERIFY(!report.accuracyChart.isNull());

        const QString html = runReportHtml(report);
        QVERIFY(html.contains(report.architecture.toHtmlEscaped()));
        QVERIFY(html.contains("<img src=\"data:image/png;base64,"));
        QCOMPARE(html.count("<img"), 3);  // boundary, loss, accuracy
        QVERIFY(html.contains("Confusion matrix"));
        QVERIFY(html.contains(">48<"));
        QVERIFY(html.contains("orange"));
        QVERIFY(html.contains(QString::number(p.training.seed)));

        QTemporaryDir dir;
        QString error;
        QVERIFY2(saveRunReportHtml(dir.filePath("report.html"), report, &error), qPrintable(error));
        QVERIFY(head(dir.filePath("report.html"), 15).startsWith("<!DOCTYPE html>"));
        QVERIFY2(saveRunReportPdf(dir.filePath("report.pdf"), report, &error), qPrintable(error));
        QCOMPARE(head(dir.filePath("report.pdf"), 5), QByteArray("%PDF-"));
        QVERIFY(QFileInfo(dir.filePath("report.pdf")).size() > 20000);  // the pictures are in it

        {  // the report as QTextDocument lays it out, to look at
            QTextDocument doc;
            doc.addResource(QTextDocument::ImageResource, QUrl("report:boundary"), report.boundary);
            doc.addResource(QTextDocument::ImageResource, QUrl("report:loss"), report.lossChart);
            doc.addResource(QTextDocument::ImageResource, QUrl("report:accuracy"), report.accuracyChart);
            doc.setHtml(runReportHtml(report, false));
            doc.setTextWidth(800);
            QImage im(doc.size().toSize(), QImage::Format_RGB32);
            im.fill(Qt::white);
            QPainter painter(&im);
            doc.drawContents(&painter);
            painter.end();
            QVERIFY(saveScreenshot(im, "run-report.png"));
            QVERIFY(copyToScreenshots(dir.filePath("report.pdf"), "run-report.pdf"));
        }
    }
};

QTEST_MAIN(TstPictures)
#include "tst_pictures.moc"
