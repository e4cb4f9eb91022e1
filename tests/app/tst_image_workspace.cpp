// Issue 16: images in the window. A person loads the digits, the plane gives way to the image workspace, types a
// convolutional network, presses Play, draws a digit on the pad and sees it classified, looks inside the network
// (every map and kernel), clicks samples and confusion cells, and adds a drawing to the data (and takes it back).
// Only mouse and keys on visible widgets; what is checked is what the views show.
#include "patient_waits.h"
#include "app/session/session.h"
#include "app/window/image_workspace.h"
#include "app/window/main_window.h"
#include "journey.h"
#include "screenshot.h"
#include "widgets/draw_pad.h"
#include "widgets/image_tiles.h"
#include "widgets/metrics_view.h"
#include "widgets/network_view.h"
#include "widgets/output_view.h"
#include "widgets/probability_bars.h"
#include <QAbstractButton>
#include <QFile>
#include <QStatusBar>
#include <QLineEdit>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUndoStack>

using namespace app;
using namespace journey;
using testsupport::saveScreenshot;

namespace {
const char* kConvText = "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax";

// Draws a vertical stroke down the middle of the pad, as a "1".
void drawOne(widgets::DrawPad* pad) {
    const QRect top = pad->cellRect(1, pad->cols() / 2), bottom = pad->cellRect(pad->rows() - 2, pad->cols() / 2);
    QTest::mousePress(pad, Qt::LeftButton, {}, top.center());
    for (int y = top.center().y(); y <= bottom.center().y(); y += 4) QTest::mouseMove(pad, QPoint(top.center().x(), y));
    QTest::mouseRelease(pad, Qt::LeftButton, {}, bottom.center());
}

bool typeArchitecture(MainWindow& w, const QString& text) {
    QLineEdit* field = shown<QLineEdit>(w, "architectureText");
    if (!field) return false;
    QTest::mouseClick(field, Qt::LeftButton);
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(field, text);
    QTest::keyClick(field, Qt::Key_Return);
    return true;
}
}  // namespace

class TstImageWorkspace : public QObject {
    Q_OBJECT
private slots:
    void digitsShowTheImageWorkspaceAndAConvNetLearnsThem() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(shown(w, "outputView"));  // XOR: the plane
        QVERIFY(!shown(w, "imageWorkspace"));
        click(shown(w, "dataset_digits"));
        QVERIFY(waitFor(w, [&] { return shown(w, "imageWorkspace") != nullptr; }));
        QVERIFY(!shown(w, "outputView"));
        auto* gallery = shown<widgets::ImageTiles>(w, "galleryTiles");
        QVERIFY(gallery);
        QVERIFY(gallery->tileCount() > 100);  // the digits, as pictures
        QCOMPARE(gallery->tile(0).values.rows(), 8);

        QVERIFY(typeArchitecture(w, kConvText));
        QVERIFY(waitFor(w, [&] {
            return w.lastSnapshot().spec.layers.size() == 3 &&
                   w.lastSnapshot().spec.layers[0].kind == engine::LayerKind::Conv;
        }));
        QVERIFY2(w.architectureText()->text().startsWith(kConvText), qPrintable(w.architectureText()->text()));
        click(toolButton(w, "playAction"));
        QVERIFY(waitFor(
            w, [&] { return w.lastSnapshot().epoch >= 3; }, 2000));
        click(toolButton(w, "playAction"));  // pause
        QVERIFY(w.lastSnapshot().test.accuracy > 0.6);

        // Draw a one: the bars answer.
        auto* pad = shown<widgets::DrawPad>(w, "drawPad");
        auto* bars = shown<widgets::ProbabilityBars>(w, "probabilityBars");
        QVERIFY(pad && bars);
        QVERIFY(bars->values().isEmpty());
        drawOne(pad);
        QVERIFY(!pad->isBlank());
        QCOMPARE(bars->values().size(), 10);
        double sum = 0;
        for (double p : bars->values()) sum += p;
        QVERIFY(std::abs(sum - 1) < 1e-9);  // softmax probabilities
        QVERIFY2(bars->headline().startsWith("The network says:"), qPrintable(bars->headline()));

        // Inside the network: the input, eight maps after the convolution, eight kernels, four after pooling.
        auto* tabs = shown<QTabWidget>(w, "imageTabs");
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
        ImageWorkspace* ws = w.imageWorkspace();
        QVERIFY(
            QTest::qWaitFor([&] { return ws->mapTiles(1) && ws->mapTiles(1)->isVisible(); }, testsupport::kPatienceMs));
        QCOMPARE(ws->mapTiles(0)->tileCount(), 1);
        QCOMPARE(ws->mapTiles(1)->tileCount(), 8);
        QCOMPARE(ws->mapTiles(1)->tile(0).values.rows(), 8);
        QCOMPARE(ws->weightTiles(1)->tileCount(), 8);
        QCOMPARE(ws->weightTiles(1)->tile(0).values.rows(), 3);
        QCOMPARE(ws->mapTiles(2)->tileCount(), 8);
        QCOMPARE(ws->mapTiles(2)->tile(0).values.rows(), 4);  // 8x8 pooled by 2
        QCOMPARE(ws->mapTiles(3)->tileCount(), 10);           // the ten outputs
        // The maps follow training: play again and the inside views are recomputed live.
        const int before = ws->refreshCount();
        click(toolButton(w, "playAction"));
        QVERIFY(waitFor(
            w, [&] { return ws->refreshCount() >= before + 3; }, 2000));
        click(toolButton(w, "playAction"));
        QVERIFY(saveScreenshot(&w, "image-workspace-inside.png"));

        // A sample clicked in the gallery goes onto the pad.
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(0).center());
        QVERIFY(QTest::qWaitFor([&] { return gallery->isVisible(); }, testsupport::kPatienceMs));
        click(gallery, gallery->tileRect(3).center());
        const engine::Dataset& d = w.session()->data().data();
        for (int k = 0; k < 64; ++k) QCOMPARE(pad->values()[k], d.X(k, 3));
        QVERIFY(text(w, "padNote").contains("sample 4"));
        QVERIFY(saveScreenshot(&w, "image-workspace-samples.png"));

        // A confusion cell: the gallery shows that true class predicted as that class.
        auto* metrics = w.findChild<widgets::MetricsView*>();
        QVERIFY(metrics && metrics->isVisible());
        click(metrics, metrics->cellRect(3, 3).center());
        QVERIFY(gallery->tileCount() > 0);
        for (int i = 0; i < gallery->tileCount(); ++i) {
            const int id = gallery->tile(i).id;
            QCOMPARE(d.labels[std::size_t(id)], 3);
            QVERIFY(!gallery->tile(i).marked);
        }

        // The drawing joins the data as a "7", and Ctrl+Z takes it back.
        click(shown(w, "clearPadButton"));
        QVERIFY(pad->isBlank());
        drawOne(pad);
        const engine::Index n = d.size();
        QVERIFY(chooseInCombo(shown<QComboBox>(w, "addSampleClass"), "7"));
        click(shown(w, "addSampleButton"));
        QCOMPARE(w.session()->data().data().size(), n + 1);
        QCOMPARE(w.session()->data().data().labels.back(), 7);
        QCOMPARE(w.session()->data().data().X(pad->cols() / 2 + pad->cols() * 3, n), 1.0);
        QVERIFY(shown(w, "imageWorkspace"));  // still pictures
        press(w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.session()->data().data().size(), n);
    }

    // The same path with the diagram instead of the text: the digits' dense network, a right-click on its first layer,
    // "Insert a convolution before", and the diagram draws stacks; Ctrl+Z and Ctrl+Shift+Z go back and forth. Play:
    // the kernels change as they learn, the inside views follow, and a drawn digit is classified.
    void aDenseNetworkBecomesConvolutionalOnTheDiagram() {
        MainWindow w;
        QVERIFY(open(w));
        click(shown(w, "dataset_digits"));
        QVERIFY(waitFor(w, [&] { return shown(w, "imageWorkspace") != nullptr; }));
        auto* view = shown<widgets::NetworkView>(w, "networkView");
        auto* arch = shown<QLineEdit>(w, "architectureText");
        QVERIFY(view && arch);
        QTRY_VERIFY(view->spec().inputs == 64 && view->spec().layers.size() >= 2);
        QVERIFY(!view->isStack(0));  // dense: columns of neurons
        const QString dense = arch->text();

        rightClick(view, view->layerRect(0).center().toPoint());
        QVERIFY(choose(openMenu(), QString::fromUtf8("Insert a convolution before (the inputs are 8×8 pictures)")));
        QVERIFY(menuGone(w));
        QTRY_VERIFY(view->isStack(0));
        QCOMPARE(view->shapeLabel(-1), QString::fromUtf8("8×8×1"));
        QCOMPARE(view->shapeLabel(0), QString::fromUtf8("8×8×8"));
        QCOMPARE(view->shapeLabel(1), QString::fromUtf8("4×4×8"));
        QVERIFY2(arch->text().startsWith("8x8x1 conv3x3x8 relu pad1, maxpool2, "), qPrintable(arch->text()));
        const std::size_t layers = view->spec().layers.size();
        press(w, Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(arch->text(), dense);
        QTRY_VERIFY(!view->isStack(0));
        press(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(view->isStack(0));
        QTRY_VERIFY(w.lastSnapshot().spec.layers.size() == layers &&
                    w.lastSnapshot().spec.layers[0].kind == engine::LayerKind::Conv);

        // Inside the network: the convolution's eight kernels, then training changes them.
        auto* tabs = shown<QTabWidget>(w, "imageTabs");
        QVERIFY(tabs);
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
        ImageWorkspace* ws = w.imageWorkspace();
        QTRY_VERIFY(ws->weightTiles(1) && ws->weightTiles(1)->isVisible() && ws->weightTiles(1)->tileCount() == 8);
        const Eigen::MatrixXf kernelBefore = ws->weightTiles(1)->tile(0).values;
        QCOMPARE(kernelBefore.rows(), 3);
        QCOMPARE(ws->mapTiles(1)->tileCount(), 8);
        const int before = ws->refreshCount();
        click(toolButton(w, "playAction"));
        // It learns (from XOR the digits keep its two hidden layers of four tanh units behind the new convolution).
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().test.accuracy > 0.6 && ws->refreshCount() >= before + 3; }));
        click(toolButton(w, "playAction"));  // pause
        QTRY_VERIFY((ws->weightTiles(1)->tile(0).values - kernelBefore).cwiseAbs().maxCoeff() > 1e-3);

        // A drawn one is classified.
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(0).center());
        auto* pad = shown<widgets::DrawPad>(w, "drawPad");
        auto* bars = shown<widgets::ProbabilityBars>(w, "probabilityBars");
        QVERIFY(pad && bars);
        drawOne(pad);
        QCOMPARE(bars->values().size(), 10);
        QVERIFY2(bars->headline().startsWith("The network says:"), qPrintable(bars->headline()));
        QVERIFY(saveScreenshot(&w, "image-workspace-diagram-conv.png"));
    }

    // A convolutional project opens from its file and trains in the window (no longer refused).
    void aConvolutionalProjectOpensAndTrains() {
        MainWindow w;
        QVERIFY(open(w));
        QTemporaryDir dir;
        const QString path = dir.filePath("conv.nnlab");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "nnlab-project", "version": 2,
            "network": {"inputs": 64, "inputShape": [8, 8, 1], "loss": "cross_entropy", "layers": [
                {"type": "conv", "units": 4, "activation": "relu", "kernel": 3, "padding": 1},
                {"type": "avgpool", "kernel": 2}, {"type": "dense", "units": 10, "activation": "softmax"}]},
            "data": {"kind": "bundled", "name": "digits"}})");
        f.close();
        QVERIFY(w.openFile(path));
        QVERIFY(w.windowTitle().contains("conv.nnlab"));
        QVERIFY(waitFor(w, [&] { return shown(w, "imageWorkspace") != nullptr; }));
        click(toolButton(w, "playAction"));
        QVERIFY(waitFor(
            w, [&] { return w.lastSnapshot().step > 30; }, 2000));
        click(toolButton(w, "playAction"));
        QVERIFY(!w.lastSnapshot().diverged);
        // Back to 2-D data: the plane returns, and a network that takes the two features (a convolution cannot:
        // its dense layers, or one of 16, with the data's output), said in the status bar.
        click(shown(w, "dataset_xor"));
        QVERIFY(waitFor(w, [&] { return shown(w, "outputView") != nullptr; }));
        auto* field = shown<QLineEdit>(w, "architectureText");
        QVERIFY(field);
        QVERIFY2(field->text().startsWith("2-16-1"), qPrintable(field->text()));
        QVERIFY2(!w.statusBar()->currentMessage().contains("Could not"), qPrintable(w.statusBar()->currentMessage()));
        click(toolButton(w, "playAction"));
        QVERIFY(waitFor(
            w, [&] { return w.lastSnapshot().step > 30; }, 2000));
        click(toolButton(w, "playAction"));
    }

    // From the 8 x 8 digits to Fashion-MNIST's 28 x 28 pictures (when Debian's dataset-fashion-mnist is installed): the
    // convolutional network keeps its layers and takes the larger pictures, the pad becomes 28 x 28, and it trains.
    void aConvolutionalNetworkFollowsThePicturesToFashionMnist() {
        if (!QFile::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
            QSKIP("Fashion-MNIST is not installed (Debian's dataset-fashion-mnist)");
        MainWindow w;
        QVERIFY(open(w));
        click(shown(w, "dataset_digits"));
        QVERIFY(waitFor(w, [&] { return shown(w, "imageWorkspace") != nullptr; }));
        QVERIFY(typeArchitecture(w, kConvText));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec.inputHeight == 8; }));
        QVERIFY(chooseMenuPath(w, {"File", "Data", "Fashion-MNIST (5000 images, when installed)"}));
        QTRY_VERIFY_WITH_TIMEOUT(w.lastSnapshot().spec.inputHeight == 28, 120000);
        auto* field = shown<QLineEdit>(w, "architectureText");
        QVERIFY(field);
        QVERIFY2(field->text().startsWith("28x28x1 conv3x3x8 relu pad1, maxpool2, 10 softmax"),
                 qPrintable(field->text()));
        QVERIFY2(!w.statusBar()->currentMessage().contains("Could not"), qPrintable(w.statusBar()->currentMessage()));
        auto* pad = shown<widgets::DrawPad>(w, "drawPad");
        QVERIFY(pad);
        QCOMPARE(pad->rows(), 28);
        QVERIFY(!shown<QAbstractButton>(w, "dataset_iris")->isChecked());  // no thumbnail claims the set
        // It trains: a few updates (the sanitizer build, unoptimised, takes a while over 784 inputs).
        click(toolButton(w, "playAction"));
        QTRY_VERIFY_WITH_TIMEOUT(w.lastSnapshot().step > 2, 120000);
        click(toolButton(w, "playAction"));
        QVERIFY(!w.lastSnapshot().diverged);
        QVERIFY(saveScreenshot(&w, "image-workspace-fashion.png"));
    }
};

QTEST_MAIN(TstImageWorkspace)
#include "tst_image_workspace.moc"
