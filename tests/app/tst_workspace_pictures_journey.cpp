// Issue 16, item 6: pictures, recordings and presenter mode when the samples are pictures. A person opens the digits
// from File → Data, trains, draws on the pad, and takes File → Pictures of the workspace's parts (the menu offers
// them in the output view's place, and the parts of a tab not shown are current too); File → Record records the
// workspace while it trains; in presenter mode (F5) the samples, maps and kernels are large and nothing is cut off.
// Only mouse and keys on visible widgets; what is checked is what the written files and the views show.
#include "patient_waits.h"
#include "app/window/image_workspace.h"
#include "journey.h"
#include "projector_screen.h"
#include "screenshot.h"
#include "widgets/draw_pad.h"
#include "widgets/image_tiles.h"
#include "widgets/probability_bars.h"
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QImageReader>
#include <QLabel>
#include <QScreen>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>

using namespace app;
using namespace journey;
using testsupport::copyToScreenshots;
using testsupport::saveScreenshot;

static const bool kScreen = useScreen("workspace-pictures", 1400, 1000);  // a laptop's screen
// A home of its own: the picture dialog opens in a fresh Pictures folder (set before the application exists).
static QTemporaryDir& home() {
    static QTemporaryDir dir;
    return dir;
}
static const bool kHome = qputenv("HOME", QFile::encodeName(home().path()));

namespace {
QString picturesDir() { return QStandardPaths::writableLocation(QStandardPaths::PicturesLocation); }

// Runs `act` as soon as `widget` shows (a submenu opened by a click).
template <typename F> void whenShown(QWidget* widget, F act) {
    auto* poll = new QTimer;
    poll->setInterval(10);
    QObject::connect(poll, &QTimer::timeout, [poll, widget, act] {
        if (!widget->isVisible()) return;
        poll->stop();
        poll->deleteLater();
        act();
    });
    poll->start();
}

// The menu's items a person sees, by text (hidden ones are not offered).
QStringList visibleItems(QMenu* menu) {
    QStringList items;
    for (QAction* a : menu->actions())
        if (a->isVisible() && !a->isSeparator()) items << a->text().remove('&');
    return items;
}

// How many pixels look blue (a positive weight) and orange (a negative one), and how many are dark (ink).
struct Colours {
    int blue = 0, orange = 0, dark = 0, distinct = 0;
};
Colours coloursOf(const QImage& image, QRect area = {}) {
    Colours c;
    QSet<QRgb> seen;
    const QImage im = image.convertToFormat(QImage::Format_RGB32);
    if (area.isNull()) area = im.rect();
    for (int y = area.top(); y <= area.bottom(); y += 2)
        for (int x = area.left(); x <= area.right(); x += 2) {
            const QColor p = im.pixelColor(x, y);
            if (seen.size() < 1000) seen.insert(p.rgb());
            if (p.blue() > p.red() + 60) ++c.blue;
            if (p.red() > p.blue() + 60 && p.green() > p.blue()) ++c.orange;
            if (p.lightness() < 60) ++c.dark;
        }
    c.distinct = int(seen.size());
    return c;
}

// Draws a vertical stroke down the middle of the pad, as a "1".
void drawOne(widgets::DrawPad* pad) {
    const QRect top = pad->cellRect(1, pad->cols() / 2), bottom = pad->cellRect(pad->rows() - 2, pad->cols() / 2);
    QTest::mousePress(pad, Qt::LeftButton, {}, top.center());
    for (int y = top.center().y(); y <= bottom.center().y(); y += 4) QTest::mouseMove(pad, QPoint(top.center().x(), y));
    QTest::mouseRelease(pad, Qt::LeftButton, {}, bottom.center());
}

void clickTabOf(QTabWidget* tabs, int i) {
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(i).center());
}

// Every tile of `tiles` inside it (none cut at the bottom or the right edge), with room for its caption.
QString tilesCut(widgets::ImageTiles* tiles) {
    if (tiles->tileCount() == 0) return {};
    const QRect last = tiles->tileRect(tiles->tileCount() - 1);
    if (tiles->height() < tiles->heightForWidth(tiles->width()))
        return QString("%1: %2 px high, needs %3")
            .arg(tiles->objectName())
            .arg(tiles->height())
            .arg(tiles->heightForWidth(tiles->width()));
    if (last.bottom() >= tiles->height() || tiles->tileRect(0).right() >= tiles->width())
        return QString("%1: a tile is outside the view").arg(tiles->objectName());
    return {};
}

// A section's tiles drawn over the title of the next one (the layout not yet following their larger size).
QString overlaps(ImageWorkspace* ws) {
    QWidget* inside = ws->mapTiles(0)->parentWidget();
    for (auto* tiles : inside->findChildren<widgets::ImageTiles*>())
        for (auto* label : inside->findChildren<QLabel*>())
            if (tiles->isVisible() && label->isVisible() && tiles->geometry().intersects(label->geometry()))
                return tiles->objectName() + " over \"" + label->text() + "\"";
    return {};
}

// The probability bars' headline wider than the bars (cut at the pad column's edge).
QString headlineCut(widgets::ProbabilityBars* bars) {
    QFont bold = bars->font();
    bold.setBold(true);
    const int need = QFontMetrics(bold).horizontalAdvance(bars->headline());
    return need > bars->width()
               ? QString("\"%1\" needs %2 px, has %3").arg(bars->headline()).arg(need).arg(bars->width())
               : QString();
}

// A button cut by the edge of the pad's column (it scrolls vertically, never sideways).
QString buttonsCut(MainWindow& w) {
    auto* column = shown<QScrollArea>(w, "padColumn");
    if (!column) return "no pad column";
    QStringList cut;
    for (const char* name : {"penButton", "eraserButton", "clearPadButton", "addSampleButton"}) {
        auto* b = shown<QPushButton>(w, name);
        if (!b) continue;
        const QPoint right = b->mapTo(column->viewport(), QPoint(b->width(), 0));
        if (right.x() > column->viewport()->width() || b->width() < b->minimumSizeHint().width()) cut << name;
    }
    return cut.join(", ");
}
}  // namespace

class TstWorkspacePicturesJourney : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(kScreen || qgetenv("QT_QPA_PLATFORM") == "xcb");
        QVERIFY(kHome);
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(QDir().mkpath(picturesDir()));
    }
    void init() { QSettings().clear(); }

    void picturesAndARecordingShowTheWorkspace() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(chooseMenuPath(w, {"File", "Data", "Digits (8×8, bundled)"}));
        QVERIFY(waitFor(w, [&] { return shown(w, "imageWorkspace") != nullptr; }));
        ImageWorkspace* ws = w.imageWorkspace();
        auto* tabs = shown<QTabWidget>(w, "imageTabs");
        auto* gallery = shown<widgets::ImageTiles>(w, "galleryTiles");
        QVERIFY(tabs && gallery && gallery->tileCount() > 100);

        // Train a little, then draw a one: the bars answer.
        click(toolButton(w, "playAction"));
        QVERIFY(waitFor(
            w, [&] { return w.lastSnapshot().epoch >= 3; }, 2000));
        click(toolButton(w, "playAction"));
        auto* pad = shown<widgets::DrawPad>(w, "drawPad");
        QVERIFY(pad);
        drawOne(pad);
        QVERIFY(ws->padAnswer() >= 0);

        // File → Pictures offers the workspace and its parts, not the hidden plane.
        auto* pictures = w.findChild<QMenu*>("picturesMenu");
        QVERIFY(pictures);
        QStringList offered;
        whenShown(pictures, [&] {  // read while the menu is open, then close it and the File menu
            offered = visibleItems(pictures);
            for (QWidget* p = QApplication::activePopupWidget(); p; p = QApplication::activePopupWidget())
                QTest::keyClick(p, Qt::Key_Escape);
        });
        QVERIFY(chooseMenuPath(w, {"File", "Pictures"}));
        QVERIFY2(!offered.contains("Save picture of the output view…"), qPrintable(offered.join(" | ")));
        for (const char* item :
             {"Save picture of the image workspace…", "Save picture of the drawing pad and its answer…",
              "Save picture of the samples in view…", "Save picture of the maps and kernels (inside the network)…"})
            QVERIFY2(offered.contains(item), qPrintable(offered.join(" | ")));

        // The maps and kernels while the Samples tab is shown: every layer, drawn for the pad's one, kernels in colour.
        QCOMPARE(tabs->currentIndex(), 0);
        const QString insidePath = QDir(picturesDir()).filePath("inside-the-network.png");
        saveWhenAsked();
        QVERIFY(chooseMenuPath(w, {"File", "Pictures", "Save picture of the maps and kernels (inside the network)…"}));
        QVERIFY(QTest::qWaitFor([&] { return QFileInfo::exists(insidePath); }, testsupport::kPatienceMs));
        QVERIFY(copyToScreenshots(insidePath, "workspace-pictures/inside-the-network.png"));
        QImage inside(insidePath);
        QVERIFY(!inside.isNull());
        QVERIFY2(inside.width() >= 2 * 300, qPrintable(QString::number(inside.width())));
        // Every layer's section is in the picture: the last one (the ten outputs) is drawn, so it is as tall as all.
        int last = 0;
        while (ws->mapTiles(last + 1)) ++last;
        widgets::ImageTiles* outputs = ws->mapTiles(last);
        QVERIFY(last >= 2 && outputs->tileCount() == 10);
        const int lastBottom = outputs->mapTo(outputs->parentWidget(), outputs->tileRect(9).bottomRight()).y();
        QVERIFY2(inside.height() >= 2 * lastBottom,
                 qPrintable(QString("%1 < 2 × %2").arg(inside.height()).arg(lastBottom)));
        QVERIFY(ws->mapTiles(1)->tileCount() > 0);  // drawn for the one on the pad, though the tab was never opened
        Colours c = coloursOf(inside);
        QVERIFY2(
            c.blue > 50 && c.orange > 50 && c.dark > 50 && c.distinct > 20,
            qPrintable(
                QString("blue %1 orange %2 dark %3 colours %4").arg(c.blue).arg(c.orange).arg(c.dark).arg(c.distinct)));

        // The samples while the Inside tab is shown: the gallery, whole, with the network's answers under the images.
        clickTabOf(tabs, 1);
        QVERIFY(QTest::qWaitFor([&] { return ws->mapTiles(1)->isVisible(); }, testsupport::kPatienceMs));
        const QString samplesPath = QDir(picturesDir()).filePath("samples.png");
        saveWhenAsked();
        QVERIFY(chooseMenuPath(w, {"File", "Pictures", "Save picture of the samples in view…"}));
        QVERIFY(QTest::qWaitFor([&] { return QFileInfo::exists(samplesPath); }, testsupport::kPatienceMs));
        QVERIFY(copyToScreenshots(samplesPath, "workspace-pictures/samples.png"));
        QImage samples(samplesPath);
        QVERIFY(!samples.isNull());
        // The rows the Samples tab shows, laid out at its width: whole rows of tiles, no taller than the tab.
        QVERIFY2(samples.width() >= 2 * 250 && samples.height() >= 2 * 100 &&
                     samples.height() <= 2 * tabs->currentWidget()->height(),
                 qPrintable(QString("%1×%2").arg(samples.width()).arg(samples.height())));
        c = coloursOf(samples);
        QVERIFY2(c.dark > 1000 && c.distinct > 20,
                 qPrintable(QString("dark %1 colours %2").arg(c.dark).arg(c.distinct)));

        // The pad with its answer.
        const QString padPath = QDir(picturesDir()).filePath("drawing.png");
        saveWhenAsked();
        QVERIFY(chooseMenuPath(w, {"File", "Pictures", "Save picture of the drawing pad and its answer…"}));
        QVERIFY(QTest::qWaitFor([&] { return QFileInfo::exists(padPath); }, testsupport::kPatienceMs));
        QVERIFY(copyToScreenshots(padPath, "workspace-pictures/drawing.png"));
        QImage padPicture(padPath);
        QVERIFY(!padPicture.isNull());
        QVERIFY2(padPicture.height() > padPicture.width(), "the pad's column: the pad over its bars");
        c = coloursOf(padPicture);
        QVERIFY2(c.dark > 200 && c.distinct > 20,
                 qPrintable(QString("dark %1 colours %2").arg(c.dark).arg(c.distinct)));

        // File → Record names what it records, and records the workspace while the network trains.
        auto* record = w.findChild<QAction*>("recordCentralAction");
        QVERIFY(record);
        QVERIFY(chooseMenuPath(w, {"File", "Record", "Record the image workspace"}));
        QVERIFY(record->isChecked());
        click(toolButton(w, "playAction"));
        QVERIFY(waitFor(
            w, [&] { return w.recordedFrames() >= 4; }, 400));
        click(toolButton(w, "playAction"));
        // Saved beside the pictures, named after the project.
        const QString gifPath = QDir(picturesDir()).filePath(w.project().title.toLower() + ".gif");
        saveWhenAsked();
        QVERIFY(chooseMenuPath(w, {"File", "Record", "Record the image workspace"}));
        QVERIFY2(QTest::qWaitFor([&] { return QFileInfo::exists(gifPath); }, 20000),
                 qPrintable(QDir(picturesDir()).entryList().join(", ")));
        QVERIFY(copyToScreenshots(gifPath, "workspace-pictures/recording.gif"));
        QVERIFY(!record->isChecked());
        QImageReader gif(gifPath);
        QVERIFY2(gif.canRead(), qPrintable(gif.errorString()));
        QVERIFY2(gif.imageCount() >= 4, qPrintable(QString::number(gif.imageCount())));
        const QImage first = gif.read();
        // The frames are the workspace's shape (scaled to at most 960 px), not the plane's.
        const double aspect = double(ws->width()) / ws->height();
        QVERIFY2(std::abs(double(first.width()) / first.height() - aspect) < 0.02,
                 qPrintable(QString("%1×%2, the workspace %3×%4")
                                .arg(first.width())
                                .arg(first.height())
                                .arg(ws->width())
                                .arg(ws->height())));
        QImage lastFrame;
        while (gif.canRead()) lastFrame = gif.read();
        QVERIFY(!lastFrame.isNull() && lastFrame != first);  // training moved the answers
        c = coloursOf(first);
        QVERIFY2(c.dark > 500 && c.distinct > 20,
                 qPrintable(QString("dark %1 colours %2").arg(c.dark).arg(c.distinct)));
    }

    void presenterModeShowsLargeTilesWhole() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(chooseMenuPath(w, {"File", "Examples", "Digits with a convolutional network"}));
        QVERIFY(waitFor(w, [&] { return shown(w, "imageWorkspace") != nullptr; }));
        ImageWorkspace* ws = w.imageWorkspace();
        auto* tabs = shown<QTabWidget>(w, "imageTabs");
        auto* gallery = shown<widgets::ImageTiles>(w, "galleryTiles");
        QVERIFY(tabs && gallery);
        click(toolButton(w, "playAction"));
        QVERIFY(waitFor(
            w, [&] { return w.lastSnapshot().epoch >= 2; }, 2000));
        click(toolButton(w, "playAction"));
        drawOne(shown<widgets::DrawPad>(w, "drawPad"));
        const int normalSide = gallery->tileRect(0).width();

        press(w, Qt::Key_F5);
        QVERIFY(QTest::qWaitFor([&] { return w.isFullScreen() && w.size() == w.screen()->size(); },
                                testsupport::kPatienceMs));
        QVERIFY(QTest::qWaitFor([&] { return gallery->tileRect(0).width() > normalSide; }, testsupport::kPatienceMs));
        QVERIFY2(gallery->tileRect(0).width() >= 72, qPrintable(QString::number(gallery->tileRect(0).width())));
        QVERIFY2(QTest::qWaitFor([&] { return tilesCut(gallery).isEmpty(); }, testsupport::kPatienceMs),
                 qPrintable(tilesCut(gallery)));
        QVERIFY2(buttonsCut(w).isEmpty(), qPrintable(buttonsCut(w)));
        auto* bars = shown<widgets::ProbabilityBars>(w, "probabilityBars");
        QVERIFY(bars && bars->headline().startsWith("The network says:"));
        QVERIFY2(QTest::qWaitFor([&] { return headlineCut(bars).isEmpty(); }, testsupport::kPatienceMs),
                 qPrintable(headlineCut(bars)));
        QVERIFY(saveScreenshot(&w, "workspace-pictures/presenter-samples.png"));

        clickTabOf(tabs, 1);
        QVERIFY(QTest::qWaitFor(
            [&] { return ws->mapTiles(1) && ws->mapTiles(1)->isVisible() && ws->mapTiles(1)->tileCount() == 16; },
            testsupport::kPatienceMs));
        QVERIFY2(ws->mapTiles(0)->tileRect(0).width() >= 100,
                 qPrintable(QString::number(ws->mapTiles(0)->tileRect(0).width())));
        QVERIFY2(ws->mapTiles(1)->tileRect(0).width() >= 100,
                 qPrintable(QString::number(ws->mapTiles(1)->tileRect(0).width())));
        QVERIFY2(ws->weightTiles(1)->tileRect(0).width() >= 60,
                 qPrintable(QString::number(ws->weightTiles(1)->tileRect(0).width())));
        for (int l = 0; l < 4; ++l) {
            for (widgets::ImageTiles* t : {ws->mapTiles(l), ws->weightTiles(l)})
                if (t)
                    QVERIFY2(QTest::qWaitFor([&] { return tilesCut(t).isEmpty(); }, testsupport::kPatienceMs),
                             qPrintable(tilesCut(t)));
        }
        QVERIFY2(QTest::qWaitFor([&] { return overlaps(ws).isEmpty(); }, testsupport::kPatienceMs),
                 qPrintable(overlaps(ws)));
        QVERIFY(saveScreenshot(&w, "workspace-pictures/presenter-inside.png"));

        press(w, Qt::Key_Escape);
        QVERIFY(QTest::qWaitFor([&] { return !w.isFullScreen(); }, testsupport::kPatienceMs));
        QVERIFY(QTest::qWaitFor([&] { return ws->mapTiles(1)->tileRect(0).width() < 100; }, testsupport::kPatienceMs));
        QVERIFY2(tilesCut(ws->mapTiles(1)).isEmpty(), qPrintable(tilesCut(ws->mapTiles(1))));
    }
};

QTEST_MAIN(TstWorkspacePicturesJourney)
#include "tst_workspace_pictures_journey.moc"
