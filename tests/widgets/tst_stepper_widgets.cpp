// The step-through widgets: the panel's buttons and keys move the phase and the sample, a table row selects what the
// chain rule explains, the overlay paints every phase on a 2-2-1 and a 2-64-1 diagram (labels only where readable) and
// reports link clicks, the gradient-check table and overlay, the landscape (contours by marching squares, paths) and
// the comparison chart take their data. Screenshots at projector size for a person to look at.
#include "engine/architecture_text.h"
#include "engine/backprop_stepper.h"
#include "engine/comparison.h"
#include "engine/loss_landscape.h"
#include "engine/math_text.h"
#include "engine/trainer.h"
#include "widgets/comparison_chart.h"
#include "widgets/gradient_check_overlay.h"
#include "widgets/gradient_check_view.h"
#include "widgets/landscape_view.h"
#include "widgets/network_view.h"
#include "widgets/stepper_overlay.h"
#include "widgets/stepper_panel.h"
#include "examples.h"
#include "screenshot.h"
#include "thumbnails.h"
#include <QHBoxLayout>
#include <QLabel>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtTest>
#include <cmath>
#include <source_location>

using namespace widgets;
using engine::Activation;
using engine::Matrix;
using testsupport::workedNetwork;  // the README's worked 2-2-1 example: sigmoid, MSE, x = (1, 2), y = 1

namespace {

const QStringList kFeatures = testsupport::featureLabels();
QVector<bool> firstTwo() { return testsupport::firstFeatures(2); }

engine::Optimizer optimizer(engine::OptimizerKind k, double lr) {
    engine::OptimizerSettings s;
    s.kind = k;
    s.learningRate = lr;
    return engine::Optimizer(s);
}
std::shared_ptr<engine::BackpropStepper> workedStepper(int samples = 1,
                                                       engine::OptimizerKind k = engine::OptimizerKind::SGD) {
    // One sample, the worked example's, or XOR's four corners.
    const Matrix X = samples == 1 ? testsupport::workedInput() : testsupport::corners();
    const Matrix Y = samples == 1 ? testsupport::workedTarget() : testsupport::xorTargets();
    return std::make_shared<engine::BackpropStepper>(workedNetwork(), X, Y, optimizer(k, 0.1));
}

// The app's XOR setting at 2-2-1: tanh hidden, sigmoid out, binary cross-entropy, generated XOR points, trained a
// little so the numbers are not those of the first step.
struct Xor {
    engine::NetworkSpec spec{2, {{2, Activation::Tanh}, {1, Activation::Sigmoid}}, engine::Loss::BinaryCrossEntropy};
    engine::Dataset data = engine::generate(engine::GeneratorParams{engine::Generator::Xor, 200, 0.0, 2, 3});
    std::unique_ptr<engine::Trainer> trainer;
    explicit Xor(engine::OptimizerKind k = engine::OptimizerKind::SGD, double lr = 0.1, int steps = 150) {
        engine::TrainSettings s;
        s.optimizer.kind = k;
        s.optimizer.learningRate = lr;
        s.batchSize = 10;
        s.seed = 4;
        trainer = std::make_unique<engine::Trainer>(spec, data, engine::Dataset{}, s);
        trainer->step(steps);
    }
};

// Each neuron's output over the input plane [-6, 6]², as the app hands the view its thumbnails: the raw features go
// in, and a sigmoid layer's pictures are centred on 0.5.
QVector<QVector<QImage>> thumbnails(const engine::Network& net, bool twoD) {
    testsupport::ThumbnailOptions o;
    o.side = 40;
    o.features = twoD ? 9 : net.spec().inputs;
    o.inputDivisor = 1;
    o.sigmoidAroundHalf = true;
    return testsupport::neuronThumbnails(net, o);
}

[[nodiscard]] bool save(QWidget& w, const QString& name, std::source_location where = std::source_location::current()) {
    // Let the layouts settle (they re-run on a posted LayoutRequest, as they would in the app's event loop).
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
    return testsupport::saveScreenshot(&w, name, where);
}

QFont projectorFont() {
    QFont f = QApplication::font();
    f.setPointSizeF(13);
    return f;
}

// A diagram with the stepper overlay beside the panel, as the main window will show them.
struct StepperScene {
    QWidget window;
    NetworkView* view = nullptr;
    StepperOverlay* overlay = nullptr;
    StepperPanel* panel = nullptr;
    StepperScene(std::shared_ptr<engine::BackpropStepper> stepper, bool twoD, QSize size = {1280, 720}) {
        window.setFont(projectorFont());
        auto* layout = new QHBoxLayout(&window);
        view = new NetworkView(&window);
        panel = new StepperPanel(&window);
        layout->addWidget(view, 3);
        layout->addWidget(panel, 2);
        view->setNetwork(stepper->network().spec(), twoD ? kFeatures : QStringList{"x₁", "x₂"},
                         twoD ? firstTwo() : QVector<bool>{}, twoD);
        view->setParameters(stepper->parametersBefore(), stepper->batchGradient());
        view->setNeuronImages(thumbnails(stepper->network(), twoD));
        overlay = new StepperOverlay(view);
        if (twoD) overlay->setInputActive(firstTwo());
        overlay->setStepper(stepper);
        QObject::connect(panel, &StepperPanel::stepChanged, overlay, &StepperOverlay::refresh);
        QObject::connect(panel, &StepperPanel::selectionChanged, overlay, &StepperOverlay::setSelection);
        QObject::connect(view, &NetworkView::neuronClicked, panel, &StepperPanel::selectNeuron);
        QObject::connect(overlay, &DiagramOverlay::linkClicked, panel, &StepperPanel::selectWeight);
        panel->setStepper(stepper);
        window.resize(size);
        window.show();
    }
};

// The seed's convolution example (input 1 2 2 1 / 3 2 1 0 / 1 2 3 4 / 3 1 1 3, kernel 1 2 / 2 1, output 13 11 6 /
// 11 11 11 / 12 11 16) followed by one identity output reading the map with weights 0.1 … 0.9; target 10.
std::shared_ptr<engine::BackpropStepper> seedConvStepper() {
    engine::Network net(*engine::parseArchitecture("4x4x1 conv2x2x1 identity, 1 identity, mse").spec);
    net.W(0)(0, 0) = 1, net.W(0)(0, 1) = 2, net.W(0)(0, 2) = 2, net.W(0)(0, 3) = 1;
    for (int i = 0; i < 9; ++i) net.W(1)(0, i) = 0.1 * (i + 1);
    Matrix X(16, 1);
    X << 1, 2, 2, 1, 3, 2, 1, 0, 1, 2, 3, 4, 3, 1, 1, 3;
    return std::make_shared<engine::BackpropStepper>(net, X, (Matrix(1, 1) << 10).finished(),
                                                     optimizer(engine::OptimizerKind::SGD, 0.01));
}

// Steps a spin box the way a person does: a click into it, then the Up key `times` times.
void stepUp(QSpinBox* box, int times) {
    QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(box->width() / 3, box->height() / 2));
    for (int k = 0; k < times; ++k) QTest::keyClick(box, Qt::Key_Up);
}

}  // namespace

class TstStepperWidgets : public QObject {
    Q_OBJECT
private slots:
    void panelButtonsMoveThePhase() {
        StepperPanel panel;
        auto s = workedStepper();
        panel.setStepper(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy changed(&panel, &StepperPanel::stepChanged);
        QCOMPARE(panel.phaseText(), QStringLiteral("Forward · hidden 1"));
        QVERIFY(!panel.backButton()->isEnabled());
        QTest::mouseClick(panel.nextButton(), Qt::LeftButton);
        QCOMPARE(s->position(), 1);
        QCOMPARE(panel.phaseText(), QStringLiteral("Forward · output"));
        QVERIFY(panel.backButton()->isEnabled());
        QTest::mouseClick(panel.nextButton(), Qt::LeftButton);
        QCOMPARE(panel.phaseText(), QStringLiteral("Loss"));
        QTest::mouseClick(panel.backButton(), Qt::LeftButton);
        QCOMPARE(s->position(), 1);
        QTest::mouseClick(panel.runButton(), Qt::LeftButton);
        QVERIFY(s->atEnd());
        QCOMPARE(panel.phaseText(), QStringLiteral("Update · SGD"));
        QVERIFY(!panel.nextButton()->isEnabled());
        QVERIFY(!panel.runButton()->isEnabled());
        QCOMPARE(changed.count(), 4);
        // The chain rule follows the phase: the update of the default weight, with its numbers.
        QVERIFY2(panel.chainRuleText().startsWith(QStringLiteral("w⁽²⁾₁₁: 0.5000 → 0.5134")),
                 qPrintable(panel.chainRuleText()));
    }

    void keysMoveThePhase() {
        StepperPanel panel;
        auto s = workedStepper();
        panel.setStepper(s);
        panel.show();
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QTest::keyClick(&panel, Qt::Key_Right);
        QCOMPARE(s->position(), 1);
        QTest::keyClick(&panel, Qt::Key_Right);
        QTest::keyClick(&panel, Qt::Key_Left);
        QCOMPARE(s->position(), 1);
        QTest::keyClick(&panel, Qt::Key_Space);
        QVERIFY(s->atEnd());
        QTest::keyClick(&panel, Qt::Key_Home);
        QVERIFY(s->atStart());
    }

    void sampleButtons() {
        StepperPanel panel;
        auto batch = workedStepper(4);
        panel.setStepper(batch);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy requested(&panel, &StepperPanel::sampleStepRequested);
        QTest::mouseClick(panel.nextSampleButton(), Qt::LeftButton);
        QCOMPARE(batch->sample(), 1);
        QTest::mouseClick(panel.previousSampleButton(), Qt::LeftButton);
        QTest::mouseClick(panel.previousSampleButton(), Qt::LeftButton);
        QCOMPARE(batch->sample(), 3);  // wraps round the batch
        QCOMPARE(requested.count(), 0);
        // A batch of one: the window is asked for another sample.
        panel.setStepper(workedStepper(1));
        QTest::mouseClick(panel.nextSampleButton(), Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().at(0).toInt(), 1);
    }

    void tableRowSelectsWhatTheChainRuleExplains() {
        StepperPanel panel;
        auto s = workedStepper();
        s->setPosition(3);  // Backward · output
        panel.setStepper(s);
        panel.resize(600, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy selected(&panel, &StepperPanel::selectionChanged);
        QTableWidget* t = panel.table();
        QCOMPARE(t->rowCount(), 4);  // δ, two weights, the bias
        QVERIFY(panel.chainRuleText().startsWith(QStringLiteral("δ⁽²⁾₁ = ∂L/∂z⁽²⁾₁")));
        const QRect cell = t->visualItemRect(t->item(1, 0));
        QTest::mouseClick(t->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(selected.count(), 1);
        QCOMPARE(panel.selection(), engine::StepItem::weight(1, 0, 0));
        QCOMPARE(panel.chainRuleText(), QStringLiteral("∂L/∂w⁽²⁾₁₁ = δ⁽²⁾₁ · a⁽¹⁾₁ = (−0.2151) · (0.6225) = −0.1339"));
        // The selection stays while the phase covers it (the update of the same weight)...
        panel.runToEnd();
        QVERIFY(panel.chainRuleText().contains(QStringLiteral("w⁽²⁾₁₁: 0.5000 → 0.5134")));
        // ...and falls back to the phase's default where it does not (a forward phase before the output).
        panel.restart();
        QVERIFY(panel.chainRuleText().startsWith(QStringLiteral("z⁽¹⁾₁ = ")));
    }

    void overlayPaintsEveryPhase_data() {
        QTest::addColumn<int>("hidden");
        QTest::newRow("2-2-1") << 2;
        QTest::newRow("2-64-1") << 64;
    }

    void overlayPaintsEveryPhase() {
        QFETCH(int, hidden);
        engine::Network net(engine::NetworkSpec{2,
                                                {{hidden, Activation::Tanh}, {1, Activation::Sigmoid}},
                                                engine::Loss::BinaryCrossEntropy});
        engine::Rng rng(5);
        for (engine::Index p = 0; p < net.parameterCount(); ++p) net.params()(p) = rng.uniform(-1, 1);
        auto s = std::make_shared<engine::BackpropStepper>(net, (Matrix(2, 2) << 0.5, -1, 1.5, 2).finished(),
                                                           (Matrix(1, 2) << 1, 0).finished(),
                                                           optimizer(engine::OptimizerKind::Adam, 0.01));
        NetworkView view;
        view.resize(760, 460);
        view.setNetwork(net.spec(), kFeatures, firstTwo(), true);
        view.setParameters(net.params());
        StepperOverlay overlay(&view);
        overlay.setInputActive(firstTwo());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(overlay.geometry(), view.rect());
        const QImage bare = view.grab().toImage();
        overlay.setStepper(s);
        // Drawn nodes: all of a 2-unit layer; a 64-unit layer folds to at most 8 drawn nodes plus "… more".
        const int drawn = hidden == 2 ? 2 : 8;
        do {
            const QImage img = view.grab().toImage();
            QVERIFY2(img != bare, qPrintable(QString::fromStdString(s->phaseTitle())));
            QVERIFY(overlay.lastTagCount() > 0);
            // Never more tags than drawn nodes plus the labelled links (all links of a small layer, else none).
            const int linkLabels = hidden == 2 ? 4 + 2 : 0;
            QVERIFY2(overlay.lastTagCount() <= 2 + drawn + 1 + 1 + linkLabels + drawn,
                     qPrintable(QString("%1 tags").arg(overlay.lastTagCount())));
        } while (s->next());
        view.resize(1000, 300);  // the overlay follows the view
        QCOMPARE(overlay.geometry(), view.rect());
        // A selected neuron in the wide layer gets its links labelled.
        s->setPosition(4);  // Backward · hidden 1
        overlay.setSelection(engine::StepItem::neuron(0, 1));
        view.grab();
        QVERIFY(overlay.lastTagCount() >= drawn + 1 + 2);
    }

    void overlayReportsLinkClicks() {
        NetworkView view;
        view.resize(700, 420);
        auto s = workedStepper();
        view.setNetwork(s->network().spec(), {"x₁", "x₂"}, {}, false);
        view.setParameters(s->parametersBefore());
        StepperOverlay overlay(&view);
        overlay.setStepper(s);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy links(&overlay, &DiagramOverlay::linkClicked);
        // The middle of the link from hidden neuron 2 to the output.
        const QRectF from = view.neuronRect(0, 1), to = view.neuronRect(1, 0);
        const QPointF mid = (QPointF(from.right(), from.center().y()) + QPointF(to.left(), to.center().y())) / 2;
        QCOMPARE(view.hitTest(mid).kind, NetworkView::Hit::Link);
        QTest::mouseClick(&view, Qt::LeftButton, {}, mid.toPoint());
        QCOMPARE(links.count(), 1);
        QCOMPARE(links.first().at(0).toInt(), 1);
        QCOMPARE(links.first().at(1).toInt(), 0);
        QCOMPARE(links.first().at(2).toInt(), 1);
    }

    void gradientCheckViewTakesResults() {
        // A smooth network: every row agrees.
        engine::Network net = workedNetwork();
        const Matrix X = testsupport::corners(), Y = testsupport::xorTargets();
        GradientCheckView v;
        v.setResult(engine::gradientCheck(net, X, Y), net);
        QCOMPARE(v.table()->rowCount(), 9);
        QCOMPARE(v.failingCount(), 0);
        QVERIFY2(v.summaryText().contains(QStringLiteral("agrees")), qPrintable(v.summaryText()));
        // A step hidden unit with a sample exactly on its threshold: the numeric slope is huge, backprop says 0.
        engine::Network step(
            engine::NetworkSpec{2, {{2, Activation::Step}, {1, Activation::Sigmoid}}, engine::Loss::MSE});
        step.params() << 1, 0.5, 0, 1, 0, -0.2, 0.7, -0.6, 0.1;  // unit 1: z = x1 → 0 at x1 = 0
        const Matrix Xs = (Matrix(2, 1) << 0, 1).finished();
        const Matrix Ys = (Matrix(1, 1) << 1).finished();
        v.setResult(engine::gradientCheck(step, Xs, Ys), step);
        QVERIFY(v.failingCount() > 0);
        QVERIFY2(v.summaryText().contains(QStringLiteral("step")), qPrintable(v.summaryText()));
        QCOMPARE(gradientErrorColor(1e-9), QColor(0, 158, 115));
        QCOMPARE(gradientErrorColor(0.5), QColor(213, 94, 0));
        // Clicking a row names its parameter.
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QSignalSpy picked(&v, &GradientCheckView::parameterSelected);
        const QRect row2 = v.table()->visualItemRect(v.table()->item(2, 0));
        QTest::mouseClick(v.table()->viewport(), Qt::LeftButton, {}, row2.center());
        QCOMPARE(picked.count(), 1);
        QCOMPARE(picked.first().at(0).toLongLong(), v.table()->item(2, 0)->data(Qt::UserRole).toLongLong());
    }

    void gradientCheckOverlayColoursLinks() {
        engine::Network net = workedNetwork();
        NetworkView view;
        view.resize(640, 400);
        view.setNetwork(net.spec(), {"x₁", "x₂"}, {}, false);
        view.setParameters(net.params());
        GradientCheckOverlay overlay(&view);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        overlay.setResult(engine::gradientCheck(net, (Matrix(2, 1) << 1, 2).finished(), (Matrix(1, 1) << 1).finished()),
                          net.spec());
        view.grab();
        QCOMPARE(overlay.lastLinkCount(), 6);
        // The link's middle is painted in the "agrees" colour.
        const QImage img = view.grab().toImage();
        const QRectF from = view.neuronRect(0, 0), to = view.neuronRect(1, 0);
        const QPointF mid = (QPointF(from.right(), from.center().y()) + QPointF(to.left(), to.center().y())) / 2;
        QCOMPARE(img.pixelColor(mid.toPoint()), gradientErrorColor(0));
    }

    void landscapeTakesGridAndPaths() {
        // Contours of a bowl are circles: every segment end lies on the radius of its level.
        Matrix bowl(41, 41);
        for (int iy = 0; iy < 41; ++iy)
            for (int ix = 0; ix < 41; ++ix) {
                const double x = -2 + 0.1 * ix, y = -2 + 0.1 * iy;
                bowl(iy, ix) = x * x + y * y;
            }
        const QVector<QLineF> ring = LandscapeView::contourSegments(bowl, 1.0, -2, 2, -2, 2);
        QVERIFY(ring.size() > 30);
        for (const QLineF& s : ring)
            for (QPointF p : {s.p1(), s.p2()}) QVERIFY(std::abs(std::hypot(p.x(), p.y()) - 1.0) < 0.01);
        QVERIFY(LandscapeView::contourSegments(bowl, 100.0, -2, 2, -2, 2).isEmpty());  // above every value

        Xor x;
        const engine::Network& net = x.trainer->network();
        const auto [p1, p2] = engine::LossLandscape::defaultParameters(net);
        engine::LossLandscape land(net, x.trainer->trainInputs(), x.trainer->trainTargets(), p1, p2, 3, 3, 31);
        land.computeAll();
        LandscapeView v;
        v.setGrid(land.grid(), "w1", "w2");
        QCOMPARE(v.colorMap()->data()->keySize(), 31);
        QCOMPARE(v.colorMap()->data()->cell(15, 15), land.grid().centreLoss);
        QCOMPARE(v.contourValues().size(), LandscapeView::kContourLevels);
        QVERIFY(v.contourSegmentCount() > 0);
        std::vector<engine::LandscapePathPoint> pts{{0, 0, 1}, {0.1, 0.2, 0.9}};
        v.setPath(0, "SGD", pts);
        v.appendPathPoints(0, {{0.2, 0.3, 0.8}});
        QCOMPARE(v.pathCount(), 1);
        QCOMPARE(v.pathPointCount(0), 3);
        v.appendPathPoints(2, pts);
        QCOMPARE(v.pathCount(), 3);
        v.clearPaths();
        QCOMPARE(v.pathPointCount(0), 0);
    }

    // Issue 13, finding 18 (d): the legend sat on the minimum (always top right) and a second run with the same
    // optimizer, or a path cleared away, gave the same entry twice.
    void landscapeLegendKeepsOffTheMinimumAndListsEachPathOnce() {
        engine::LandscapeGrid g;
        g.nx = g.ny = 41;
        g.x0 = g.y0 = -2;
        g.x1 = g.y1 = 2;
        g.values.resize(41, 41);
        for (int iy = 0; iy < 41; ++iy)
            for (int ix = 0; ix < 41; ++ix) {
                const double x = g.x(ix) - 1.5, y = g.y(iy) - 1.5;  // the lowest loss near the top right corner
                g.values(iy, ix) = x * x + y * y;
            }
        g.minValue = g.values.minCoeff();
        g.maxValue = g.values.maxCoeff();
        g.centreLoss = g.values(20, 20);
        LandscapeView v;
        v.resize(700, 520);
        v.setPath(0, "SGD, η = 0.1", {{0, 0, 4.5}, {0.5, 0.5, 2}});
        v.setPath(1, "SGD, η = 0.1", {{0, 0, 4.5}, {0.4, 0.6, 2.1}});  // Reset, the same settings: a second run
        v.setGrid(g, "w1", "w2");
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        v.replot();
        QVERIFY(std::abs(v.minimum().x() - 1.5) < 0.11 && std::abs(v.minimum().y() - 1.5) < 0.11);
        const QPointF minimumPx(v.xAxis->coordToPixel(v.minimum().x()), v.yAxis->coordToPixel(v.minimum().y()));
        QVERIFY(v.legend->visible());
        QVERIFY2(!v.legend->outerRect().adjusted(-12, -12, 12, 12).contains(minimumPx.toPoint()),
                 "the legend covers the minimum");

        QStringList names;
        for (int i = 0; i < v.legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(v.legend->item(i)))
                names << item->plottable()->name();
        QVERIFY2(names.size() == 3, qPrintable(names.join(" | ")));  // the current weights and two paths
        QCOMPARE(names.removeDuplicates(), 0);
        QVERIFY(names.contains("SGD, η = 0.1"));

        v.clearPaths();
        v.setPath(0, "Adam, η = 0.01", {{0, 0, 4.5}});
        names.clear();
        for (int i = 0; i < v.legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(v.legend->item(i)))
                names << item->plottable()->name();
        QCOMPARE(names, QStringList({"current weights", "Adam, η = 0.01"}));
    }

    void comparisonChartTakesPoints() {
        ComparisonChart c;
        c.setRuns({"backprop", "finite differences"});
        QCOMPARE(c.runCount(), 2);
        c.appendPoints(0, {{0, 0, 0.7}, {1, 1, 0.6}, {2, 2, 0.5}});
        c.appendPoints(1, {{0, 0, 0.7}, {1, 27, 0.6}});
        QCOMPARE(c.graphOf(0)->data()->size(), 3);
        QCOMPARE(c.graphOf(1)->data()->size(), 2);
        QCOMPARE((c.graphOf(1)->data()->constEnd() - 1)->key, 1.0);
        c.setXAxis(ComparisonChart::XAxis::ForwardPasses);
        QCOMPARE((c.graphOf(1)->data()->constEnd() - 1)->key, 27.0);
        QCOMPARE(c.graphOf(1)->data()->size(), 2);
        c.appendPoints(1, {{2, 54, std::nan("")}});  // a diverged point is kept out of the curve
        QCOMPARE(c.graphOf(1)->data()->size(), 2);
        c.setLogY(true);
        QCOMPARE(c.yAxis->scaleType(), QCPAxis::stLogarithmic);
        c.clear();
        QCOMPARE(c.graphOf(0)->data()->size(), 0);
    }

    // Test accuracy instead of the loss: the same keys, the accuracy values, points without one left out, the whole
    // 0..1 scale; the log switch does not apply to it, and the loss comes back as it was.
    void comparisonChartShowsAccuracy() {
        ComparisonChart c;
        c.setRuns({"full", "partial"});
        const double none = std::nan("");
        c.appendPoints(0, {{0, 0, 0.7, 0, 0, 0.5}, {1, 1, 0.6, 0, 0, 0.75}, {2, 2, 0.5, 0, 0, 0.9}});
        c.appendPoints(1, {{0, 0, 0.7, 0, 0, none}, {1, 1, 0.69, 0, 0, 0.5}});
        c.setLogY(true);
        c.setYAxis(ComparisonChart::YAxis::TestAccuracy);
        QCOMPARE(c.yAxis->label(), QString("test accuracy"));
        QCOMPARE(c.yAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(c.graphOf(0)->data()->size(), 3);
        QCOMPARE((c.graphOf(0)->data()->constEnd() - 1)->value, 0.9);
        QCOMPARE(c.graphOf(1)->data()->size(), 1);  // its first point had no accuracy
        QCOMPARE(c.yAxis->range().lower, 0.0);
        QVERIFY(c.yAxis->range().upper >= 1.0);
        c.appendPoints(1, {{2, 2, 0.68, 0, 0, 0.55}});  // streamed points follow the quantity shown
        QCOMPARE((c.graphOf(1)->data()->constEnd() - 1)->value, 0.55);
        c.setYAxis(ComparisonChart::YAxis::TrainingLoss);
        QCOMPARE(c.yAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE((c.graphOf(1)->data()->constEnd() - 1)->value, 0.68);
        QCOMPARE(c.graphOf(1)->data()->size(), 3);
    }

    // A convolutional network: the panel's pickers name a map cell and a kernel weight; the chain rule writes their
    // sums with the numbers. Driven by clicks and keys on the visible spin boxes and buttons.
    void convPanelPicksCellAndKernel() {
        StepperPanel panel;
        auto s = seedConvStepper();
        panel.setStepper(s);
        panel.resize(720, 820);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.mapPicker()->isVisible());
        QCOMPARE(panel.cellLayerBox()->objectName(), QStringLiteral("stepperCellLayer"));
        QCOMPARE(panel.cellLayerBox()->count(), 1);       // the convolution; the dense output is not a map
        QCOMPARE(panel.cellRowBox()->maximum(), 2);       // a 3×3 map
        QCOMPARE(panel.kernelColumnBox()->maximum(), 1);  // a 2×2 kernel
        QCOMPARE(panel.phaseText(), QStringLiteral("Forward · hidden 1"));
        // The default: cell [0, 0, 0], the seed's 13.
        QVERIFY2(panel.chainRuleText().contains(QStringLiteral("= 1 · 1 + 2 · 2 + 2 · 3 + 1 · 2 + 0\n  = 13")),
                 qPrintable(panel.chainRuleText()));
        // Row 2, column 2: the window 3 4 / 1 3, the seed's 16.
        stepUp(panel.cellRowBox(), 2);
        stepUp(panel.cellColumnBox(), 2);
        QCOMPARE(panel.selection(), s->cellItem(0, {0, 2, 2}));
        QVERIFY2(panel.chainRuleText().contains(QStringLiteral("= 1 · 3 + 2 · 4 + 2 · 1 + 1 · 3 + 0\n  = 16")),
                 qPrintable(panel.chainRuleText()));
        // On to Backward · hidden 1 (forward output, loss, backward output, backward hidden 1): the → key works with
        // the focus still in the column box, then the Next button.
        QVERIFY(panel.cellColumnBox()->hasFocus());
        QTest::keyClick(panel.cellColumnBox(), Qt::Key_Right);
        QCOMPARE(s->position(), 1);
        QCOMPARE(panel.cellColumnBox()->value(), 2);
        for (int k = 0; k < 3; ++k) QTest::mouseClick(panel.nextButton(), Qt::LeftButton);
        QCOMPARE(panel.phaseText(), QStringLiteral("Backward · hidden 1"));
        QVERIFY2(panel.chainRuleText().startsWith(QStringLiteral("δ⁽¹⁾[0, 2, 2] = f′(z⁽¹⁾[0, 2, 2])")),
                 qPrintable(panel.chainRuleText()));
        // The kernel weight W[0, 0, 1, 0]: its gradient summed over the nine positions, ending in the engine's number.
        stepUp(panel.kernelRowBox(), 1);
        const engine::KernelIndex w{0, 0, 1, 0};
        QCOMPARE(panel.selection(), s->kernelItem(0, w));
        const double g = s->batchGradient()(s->network().weightIndex(0, 0, s->kernelColumn(0, w)));
        QVERIFY2(panel.chainRuleText().startsWith(QStringLiteral("∂L/∂W⁽¹⁾[0, 0, 1, 0] = Σ_y Σ_x δ⁽¹⁾[0, y, x] · "
                                                                 "x[0, y + 1, x]")),
                 qPrintable(panel.chainRuleText()));
        QVERIFY2(panel.chainRuleText().contains(
                     QStringLiteral("= %1   (9 positions)").arg(QString::fromStdString(engine::formatNumber(g)))),
                 qPrintable(panel.chainRuleText()));
        // The cell button brings the cell back; a table row click picks a kernel weight and the spin boxes follow it.
        QTest::mouseClick(panel.cellButton(), Qt::LeftButton);
        QCOMPARE(panel.selection(), s->cellItem(0, {0, 2, 2}));
        QTableWidget* t = panel.table();
        int row = -1;
        for (int r = 0; r < t->rowCount(); ++r)
            if (t->item(r, 0)->text().contains(QStringLiteral("W⁽¹⁾[0, 0, 0, 1]"))) row = r;
        QVERIFY(row >= 0);
        t->scrollToItem(t->item(row, 0));
        QTest::mouseClick(t->viewport(), Qt::LeftButton, {}, t->visualItemRect(t->item(row, 0)).center());
        QCOMPARE(panel.selection(), s->kernelItem(0, {0, 0, 0, 1}));
        QCOMPARE(panel.kernelRowBox()->value(), 0);
        QCOMPARE(panel.kernelColumnBox()->value(), 1);
        // A dense network hides the pickers.
        panel.setStepper(workedStepper());
        QVERIFY(!panel.mapPicker()->isVisible());
    }

    // ---- screenshots ------------------------------------------------------------------------------------------------

    // The seed's convolution in the panel: cell [0, 1, 1]'s weighted sum, then kernel weight W[0, 0, 0, 1]'s gradient.
    void screenshotConvStepper() {
        QWidget window;
        window.setFont(projectorFont());
        auto* layout = new QVBoxLayout(&window);
        auto* panel = new StepperPanel(&window);
        layout->addWidget(panel);
        auto s = seedConvStepper();
        panel->setStepper(s);
        window.resize(820, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        stepUp(panel->cellRowBox(), 1);
        stepUp(panel->cellColumnBox(), 1);
        QVERIFY(save(window, "stepper_conv_cell.png"));
        for (int k = 0; k < 4; ++k) QTest::mouseClick(panel->nextButton(), Qt::LeftButton);
        stepUp(panel->kernelColumnBox(), 1);
        QVERIFY(save(window, "stepper_conv_kernel_gradient.png"));
    }

    void screenshotsOfEachPhase() {
        Xor x;
        // The sample the class follows: a point of the XOR set (column 7 of the training inputs).
        auto s = std::make_shared<engine::BackpropStepper>(engine::BackpropStepper::fromTrainer(*x.trainer, {7}));
        StepperScene scene(s, true);
        QVERIFY(QTest::qWaitForWindowExposed(&scene.window));
        QVERIFY(save(scene.window, "stepper_forward_hidden.png"));
        scene.panel->next();
        QVERIFY(save(scene.window, "stepper_forward_output.png"));
        scene.panel->next();
        QVERIFY(save(scene.window, "stepper_loss.png"));
        scene.panel->next();
        QVERIFY(save(scene.window, "stepper_backward_output.png"));
        scene.panel->next();
        scene.panel->selectNeuron(0, 1);
        QVERIFY(save(scene.window, "stepper_backward_hidden.png"));
        scene.panel->selectWeight(0, 1, 0);
        QVERIFY(save(scene.window, "stepper_backward_weight.png"));
        scene.panel->next();
        scene.panel->selectWeight(1, 0, 1);
        QVERIFY(save(scene.window, "stepper_update.png"));
    }

    void screenshotsOfBatchAndAdam() {
        Xor x(engine::OptimizerKind::Adam, 0.01, 40);
        auto s = std::make_shared<engine::BackpropStepper>(
            engine::BackpropStepper::fromTrainer(*x.trainer, {0, 1, 2, 3}));
        StepperScene scene(s, true);
        QVERIFY(QTest::qWaitForWindowExposed(&scene.window));
        scene.panel->nextSample();
        for (int k = 0; k < 3; ++k) scene.panel->next();  // Backward · output
        scene.panel->selectWeight(1, 0, 0);
        QVERIFY(save(scene.window, "stepper_batch_backward.png"));
        scene.panel->runToEnd();
        scene.panel->selectWeight(1, 0, 0);
        QVERIFY(save(scene.window, "stepper_update_adam.png"));
    }

    void screenshotWideLayer() {
        engine::Network net(engine::NetworkSpec{2,
                                                {{64, Activation::Tanh}, {1, Activation::Sigmoid}},
                                                engine::Loss::BinaryCrossEntropy});
        engine::Rng rng(9);
        for (engine::Index p = 0; p < net.parameterCount(); ++p) net.params()(p) = rng.uniform(-0.6, 0.6);
        auto s = std::make_shared<engine::BackpropStepper>(net, (Matrix(2, 1) << 1.5, -0.8).finished(),
                                                           (Matrix(1, 1) << 1).finished(),
                                                           optimizer(engine::OptimizerKind::SGD, 0.1));
        StepperScene scene(s, true);
        QVERIFY(QTest::qWaitForWindowExposed(&scene.window));
        scene.panel->next();
        scene.panel->next();
        scene.panel->next();
        scene.panel->next();
        scene.panel->selectNeuron(0, 2);
        QVERIFY(save(scene.window, "stepper_wide_backward.png"));
    }

    void screenshotGradientCheck() {
        // The broken case a lesson shows: step hidden units, one sample on a threshold.
        engine::Network step(
            engine::NetworkSpec{2, {{2, Activation::Step}, {1, Activation::Sigmoid}}, engine::Loss::MSE});
        step.params() << 1, 0.5, 0, 1, 0, -0.2, 0.7, -0.6, 0.1;
        const Matrix X = (Matrix(2, 2) << 0, 1, 1, -1).finished();
        const Matrix Y = (Matrix(1, 2) << 1, 0).finished();
        const engine::GradientCheckResult r = engine::gradientCheck(step, X, Y);
        QWidget w;
        w.setFont(projectorFont());
        auto* layout = new QHBoxLayout(&w);
        auto* view = new NetworkView(&w);
        view->setNetwork(step.spec(), {"x₁", "x₂"}, {}, false);
        view->setParameters(step.params());
        auto* overlay = new GradientCheckOverlay(view);
        overlay->setResult(r, step.spec());
        auto* table = new GradientCheckView(&w);
        table->setResult(r, step);
        QObject::connect(table, &GradientCheckView::parameterSelected, overlay, &GradientCheckOverlay::setHighlighted);
        layout->addWidget(view, 1);
        layout->addWidget(table, 1);
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(save(w, "gradient_check_step.png"));
        Xor x;
        engine::Network smooth = x.trainer->network();
        const engine::GradientCheckResult ok = engine::gradientCheck(smooth, x.trainer->trainInputs().leftCols(20),
                                                                     x.trainer->trainTargets().leftCols(20));
        view->setNetwork(smooth.spec(), {"x₁", "x₂"}, {}, false);
        view->setParameters(smooth.params());
        overlay->setResult(ok, smooth.spec());
        table->setResult(ok, smooth);
        QVERIFY(save(w, "gradient_check_ok.png"));
    }

    void screenshotLandscape() {
        // Two optimizers from the same start on the output layer's two weights of a 2-2-1 XOR net.
        Xor start(engine::OptimizerKind::SGD, 0.1, 20);
        const engine::Network net = start.trainer->network();
        const auto [p1, p2] = engine::LossLandscape::defaultParameters(net);
        LandscapeView v;
        v.setFont(projectorFont());
        v.resize(1000, 720);
        int index = 0;
        engine::Vector last;
        for (auto [kind, lr, name] : {std::tuple{engine::OptimizerKind::SGD, 0.1, "SGD, η = 0.1"},
                                      std::tuple{engine::OptimizerKind::Adam, 0.05, "Adam, η = 0.05"}}) {
            engine::TrainSettings s = start.trainer->settings();
            s.optimizer.kind = kind;
            s.optimizer.learningRate = lr;
            engine::Trainer t(start.spec, start.data, engine::Dataset{}, s);
            t.setParameters(net.params());
            engine::LandscapePath path(p1, p2);
            path.record(t.network().params());
            for (int k = 0; k < 300; ++k) {
                t.update();
                path.record(t.network().params());
            }
            v.setPath(index++, QString::fromUtf8(name), path.points());
            last = t.network().params();
        }
        engine::LossLandscape land(net, start.trainer->trainInputs(), start.trainer->trainTargets(), p1, p2, 4, 4, 61);
        land.computeAll();
        v.setGrid(land.grid(), QString::fromStdString(engine::parameterSymbol(net, p1)),
                  QString::fromStdString(engine::parameterSymbol(net, p2)));
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        v.replot();
        QVERIFY(save(v, "landscape.png"));
    }

    void screenshotComparisons() {
        Xor x(engine::OptimizerKind::SGD, 0.1, 0);
        engine::TrainSettings base = x.trainer->settings();
        base.mode = engine::UpdateMode::FullBatch;
        engine::OptimizerSettings sgd;
        sgd.learningRate = 0.3;
        engine::ComparisonLimits limits;
        limits.maxUpdates = 0;
        limits.maxForwardPasses = 4000;
        engine::Comparison algorithms(x.spec, x.data, base, engine::Comparison::learningAlgorithms(sgd, 0.3), {},
                                      limits);
        ComparisonChart chart;
        chart.setFont(projectorFont());
        QStringList names;
        for (int r = 0; r < algorithms.runCount(); ++r) names << QString::fromStdString(algorithms.series(r).name);
        chart.setRuns(names);
        while (algorithms.step(100)) {
            const auto pts = algorithms.takeNewPoints();
            for (int r = 0; r < int(pts.size()); ++r) chart.appendPoints(r, pts[std::size_t(r)]);
        }
        const auto rest = algorithms.takeNewPoints();
        for (int r = 0; r < int(rest.size()); ++r) chart.appendPoints(r, rest[std::size_t(r)]);
        for (int r = 0; r < algorithms.runCount(); ++r)
            if (!algorithms.series(r).applicable) chart.setRunNote(r, QStringLiteral("needs no hidden layer"));
        chart.setXAxis(ComparisonChart::XAxis::ForwardPasses);
        chart.setLogX(true);
        chart.resize(1100, 640);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.replot();
        QVERIFY(save(chart, "comparison_algorithms_passes.png"));
        chart.setLogX(false);
        chart.setXAxis(ComparisonChart::XAxis::Updates);
        chart.replot();
        QVERIFY(save(chart, "comparison_algorithms_updates.png"));

        engine::TrainSettings mini = x.trainer->settings();
        engine::ComparisonLimits race;
        race.maxUpdates = 600;
        engine::Comparison optimizers(x.spec, x.data, mini, engine::Comparison::optimizerRace(0.02), {}, race);
        names.clear();
        for (int r = 0; r < optimizers.runCount(); ++r) names << QString::fromStdString(optimizers.series(r).name);
        chart.setRuns(names);
        while (optimizers.step(200)) {
        }
        const auto all = optimizers.takeNewPoints();
        for (int r = 0; r < int(all.size()); ++r) chart.appendPoints(r, all[std::size_t(r)]);
        chart.setLogY(true);
        chart.replot();
        QVERIFY(save(chart, "comparison_optimizers.png"));
    }
};

QTEST_MAIN(TstStepperWidgets)
#include "tst_stepper_widgets.moc"
