// OutputView and boundaryImage: the view's intents under real mouse and key events, the boundary colours and grid
// order, robustness against bad input, and screenshots of a 2-class spiral and a 4-class set with test points.
#include "widgets/drawing/boundary_image.h"
#include "widgets/output_view.h"
#include "widgets/drawing/palette.h"
#include "screenshot.h"
#include <QSignalSpy>
#include <QtTest>
#include <cmath>
#include <limits>
#include <numbers>

using testsupport::saveScreenshot;
using widgets::BoundaryStyle;
using widgets::OutputView;
using widgets::PlotPoint;

namespace {

QPoint px(const OutputView& v, double x, double y) { return v.toWidget(QPointF(x, y)).toPoint(); }

QVector<QPointF> positionsOf(const QSignalSpy& spy) {
    QVector<QPointF> all;
    for (const auto& args : spy) all += args.at(0).value<QVector<QPointF>>();
    return all;
}

// A boundary a trained network would give on the two-arm spiral: class by the arm phase, sharp near the arms.
QImage spiralBoundary(int n, double range, double turnsPerUnit) {
    const engine::Matrix g = widgets::gridPoints(n, n, range);
    engine::Matrix out(1, g.cols());
    for (engine::Index i = 0; i < g.cols(); ++i) {
        const double r = std::hypot(g(0, i), g(1, i)), phi = std::atan2(g(1, i), g(0, i));
        const double c = std::cos(phi - r * turnsPerUnit);  // +1 on arm 0, -1 on arm 1
        out(0, i) = 1 / (1 + std::exp(4 * c));
    }
    return widgets::boundaryImage(out, n, n, BoundaryStyle{});
}

QVector<PlotPoint> spiralPoints(int perArm, double turnsPerUnit) {
    QVector<PlotPoint> pts;
    QRandomGenerator rng(7);
    for (int k = 0; k < 2; ++k)
        for (int i = 0; i < perArm; ++i) {
            const double r = 0.3 + 5.2 * i / perArm;
            const double phi = r * turnsPerUnit + k * std::numbers::pi + (rng.generateDouble() - 0.5) * 0.35;
            pts.push_back({QPointF(r * std::cos(phi), r * std::sin(phi)), k, 0, i % 5 == 0, false});
        }
    return pts;
}

}  // namespace

class TstOutputView : public QObject {
    Q_OBJECT
private:
    OutputView* m_view = nullptr;

    OutputView& view() { return *m_view; }

private slots:
    void init() {
        m_view = new OutputView;
        m_view->resize(640, 520);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
    }
    void cleanup() {
        delete m_view;
        m_view = nullptr;
    }

    void leftClickAddsOnePointWithCurrentClass() {
        QSignalSpy spy(&view(), &OutputView::pointsAdded);
        QTest::mouseClick(&view(), Qt::LeftButton, {}, px(view(), 1, 2));
        QCOMPARE(spy.count(), 1);
        const auto pos = spy.at(0).at(0).value<QVector<QPointF>>();
        QCOMPARE(pos.size(), 1);
        QVERIFY2(std::abs(pos[0].x() - 1) < 0.05 && std::abs(pos[0].y() - 2) < 0.05,
                 qPrintable(QString("got (%1, %2)").arg(pos[0].x()).arg(pos[0].y())));
        QCOMPARE(spy.at(0).at(1).toInt(), 0);
    }

    void mappingRoundTripsAndPutsYUp() {
        const QPointF w = view().toWidget(QPointF(-2.5, 4));
        const QPointF d = view().toData(w);
        QVERIFY(std::abs(d.x() + 2.5) < 1e-9 && std::abs(d.y() - 4) < 1e-9);
        QVERIFY(view().toWidget(QPointF(0, 1)).y() < view().toWidget(QPointF(0, -1)).y());
        QVERIFY(view().plotRect().contains(view().toWidget(QPointF(5.9, -5.9))));
        QVERIFY(!view().plotRect().contains(view().toWidget(QPointF(6.5, 0))));
    }

    void digitKeyChoosesClassForNextClick() {
        QSignalSpy chosen(&view(), &OutputView::classChosen);
        QSignalSpy added(&view(), &OutputView::pointsAdded);
        QTest::keyClick(&view(), Qt::Key_3);
        QCOMPARE(view().currentClass(), 2);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toInt(), 2);
        QTest::keyClick(&view(), Qt::Key_9);  // only 1-8 choose a class
        QCOMPARE(view().currentClass(), 2);
        QCOMPARE(chosen.count(), 1);
        QTest::mouseClick(&view(), Qt::LeftButton, {}, px(view(), -3, 1));
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.at(0).at(1).toInt(), 2);
    }

    void clickOutsidePlotOrWhenReadOnlyAddsNothing() {
        QSignalSpy added(&view(), &OutputView::pointsAdded);
        QTest::mouseClick(&view(), Qt::LeftButton, {}, QPoint(2, 2));
        view().setEditable(false);
        QTest::mouseClick(&view(), Qt::LeftButton, {}, px(view(), 0, 0));
        QCOMPARE(added.count(), 0);
    }

    // Finding 17 of the first-hour trial: the plot moved when the legend changed, so clicks landed elsewhere.
    void thePlotStaysWhereItIsWhenTheLegendChanges() {
        view().setPoints({{QPointF(-2, -2), 0, 0, false, false}, {QPointF(1, 1), 1, 0, false, false}});
        const QRectF before = view().plotRect();
        view().setPoints({{QPointF(-2, -2), 0, 0, false, true}, {QPointF(1, 1), 1, 0, true, false}});  // a wrong one
        QCOMPARE(view().plotRect(), before);
        view().setShowTestData(true);  // "Test data" joins the legend
        QCOMPARE(view().plotRect(), before);
        view().setShowTestData(false);
    }

    void rightClickRemovesNearestPointOnly() {
        view().setPoints({{QPointF(-2, -2), 0, 0, false, false},
                          {QPointF(1, 1), 1, 0, false, false},
                          {QPointF(1.4, 1), 0, 0, false, false},
                          {QPointF(4, -4), 1, 0, true, false}});  // a hidden test point
        QSignalSpy removed(&view(), &OutputView::pointsRemoved);
        QTest::mouseClick(&view(), Qt::RightButton, {}, px(view(), 1, 1) + QPoint(-3, 2));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(0).value<QVector<int>>(), QVector<int>{1});
        QTest::mouseClick(&view(), Qt::RightButton, {}, px(view(), -5, 4));  // far from every point
        QTest::mouseClick(&view(), Qt::RightButton, {}, px(view(), 4, -4));  // test data is hidden
        QCOMPARE(removed.count(), 1);
        view().setShowTestData(true);
        QTest::mouseClick(&view(), Qt::RightButton, {}, px(view(), 4, -4));
        QCOMPARE(removed.count(), 2);
        QCOMPARE(removed.at(1).at(0).value<QVector<int>>(), QVector<int>{3});
    }

    void penDragEmitsSpacedPointsInsideAStroke() {
        view().setTool(OutputView::Tool::Pen);
        QSignalSpy started(&view(), &OutputView::strokeStarted);
        QSignalSpy finished(&view(), &OutputView::strokeFinished);
        QSignalSpy added(&view(), &OutputView::pointsAdded);
        QTest::mousePress(&view(), Qt::LeftButton, {}, px(view(), -3, 0));
        QCOMPARE(started.count(), 1);
        for (int i = 1; i <= 6; ++i) QTest::mouseMove(&view(), px(view(), -3 + i, 0.1 * i));
        QCOMPARE(finished.count(), 0);
        QTest::mouseRelease(&view(), Qt::LeftButton, {}, px(view(), 3, 0.6));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(started.count(), 1);
        const QVector<QPointF> pts = positionsOf(added);
        QVERIFY2(pts.size() >= 2, qPrintable(QString::number(pts.size())));
        QVERIFY(added.count() >= 2);  // batches per move, not one per stroke
        for (int i = 1; i < pts.size(); ++i) {
            const QPointF d = pts[i] - pts[i - 1];
            QVERIFY(std::hypot(d.x(), d.y()) >= 0.15 - 1e-9);
        }
        QVERIFY(pts.last().x() > 2);  // the stroke reached the far end
    }

    void sprayPutsPointsNearThePointer() {
        view().setTool(OutputView::Tool::Spray);
        QSignalSpy added(&view(), &OutputView::pointsAdded);
        QSignalSpy finished(&view(), &OutputView::strokeFinished);
        QTest::mousePress(&view(), Qt::LeftButton, {}, px(view(), 2, -1));
        QTest::mouseRelease(&view(), Qt::LeftButton, {}, px(view(), 2, -1));
        const QVector<QPointF> pts = positionsOf(added);
        QVERIFY(!pts.isEmpty());
        for (const QPointF& p : pts) QVERIFY(std::hypot(p.x() - 2, p.y() + 1) < 1.0);
        QCOMPARE(finished.count(), 1);
    }

    void eraserRemovesEachPointOnce() {
        view().setPoints({{QPointF(0, 0), 0, 0, false, false},
                          {QPointF(0.2, 0.1), 1, 0, false, false},
                          {QPointF(5, 5), 0, 0, false, false}});
        view().setTool(OutputView::Tool::Erase);
        QSignalSpy removed(&view(), &OutputView::pointsRemoved);
        QTest::mousePress(&view(), Qt::LeftButton, {}, px(view(), 0.1, 0));
        QTest::mouseMove(&view(), px(view(), 0.15, 0.05));  // the caller has not updated yet: no repeat
        QTest::mouseRelease(&view(), Qt::LeftButton, {}, px(view(), 0.15, 0.05));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(0).value<QVector<int>>(), (QVector<int>{0, 1}));
    }

    void rubberBandSelectsThenDeleteAndMove() {
        view().setPoints({{QPointF(-1, -1), 0, 0, false, false},
                          {QPointF(1, 1), 1, 0, false, false},
                          {QPointF(4, 4), 0, 0, false, false}});
        view().setTool(OutputView::Tool::Select);
        QTest::mousePress(&view(), Qt::LeftButton, {}, px(view(), -2, 2));
        QTest::mouseMove(&view(), px(view(), 0, 0));
        QTest::mouseRelease(&view(), Qt::LeftButton, {}, px(view(), 2, -2));
        QCOMPARE(view().selection(), (QVector<int>{0, 1}));
        QVERIFY(saveScreenshot(&view(), "output_view_selection.png"));

        QSignalSpy moved(&view(), &OutputView::pointsMoved);
        QTest::mousePress(&view(), Qt::LeftButton, {}, px(view(), -1, -1));
        QTest::mouseMove(&view(), px(view(), 0, -1));
        QTest::mouseRelease(&view(), Qt::LeftButton, {}, px(view(), 1, -1));
        QCOMPARE(moved.count(), 1);
        QCOMPARE(moved.at(0).at(0).value<QVector<int>>(), (QVector<int>{0, 1}));
        const QPointF delta = moved.at(0).at(1).toPointF();
        QVERIFY(std::abs(delta.x() - 2) < 0.06 && std::abs(delta.y()) < 0.06);

        QSignalSpy removed(&view(), &OutputView::pointsRemoved);
        QTest::keyClick(&view(), Qt::Key_Delete);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(0).value<QVector<int>>(), (QVector<int>{0, 1}));
        QVERIFY(view().selection().isEmpty());
    }

    void binaryBoundaryColours() {
        // 2 x 2 grid, top row first: [low, high; high, middle].
        engine::Matrix out(1, 4);
        out << 0, 1, 1, 0.5;
        const QImage img = widgets::boundaryImage(out, 2, 2, BoundaryStyle{});
        QCOMPARE(img.size(), QSize(2, 2));
        // Half-way from white to Okabe-Ito orange (230,159,0) and blue (0,114,178), rounded half up.
        QCOMPARE(img.pixelColor(0, 0), QColor(243, 207, 128));
        QCOMPARE(img.pixelColor(1, 0), QColor(128, 185, 217));
        QCOMPARE(img.pixelColor(0, 1), QColor(128, 185, 217));
        QCOMPARE(img.pixelColor(1, 1), QColor(255, 255, 255));  // the threshold is white

        BoundaryStyle signedStyle;  // a tanh output on [-1, 1]
        signedStyle.lo = -1;
        engine::Matrix s(1, 2);
        s << -1, 0.2;
        const QImage soft = widgets::boundaryImage(s, 2, 1, signedStyle);
        QCOMPARE(soft.pixelColor(0, 0), QColor(243, 207, 128));
        QVERIFY(soft.pixelColor(1, 0).blue() > soft.pixelColor(1, 0).red());  // just over the middle: class 1, pale
        QVERIFY(soft.pixelColor(1, 0).red() > 200);
        signedStyle.discretize = true;
        QCOMPARE(widgets::boundaryImage(s, 2, 1, signedStyle).pixelColor(1, 0), QColor(128, 185, 217));
    }

    void multiClassBoundaryColours() {
        engine::Matrix out(3, 3);  // columns: sure class 0, 0.8 class 1, sure class 2
        out << 1, 0.1, 0, 0, 0.8, 0, 0, 0.1, 1;
        BoundaryStyle st;
        st.mode = BoundaryStyle::MultiClass;
        st.classes = 3;
        const QImage img = widgets::boundaryImage(out, 3, 1, st);
        QCOMPARE(img.pixelColor(0, 0), QColor(243, 207, 128));
        QCOMPARE(img.pixelColor(2, 0), QColor(128, 207, 185));  // half-way to green (0,158,115)
        const QColor mid = img.pixelColor(1, 0);
        const QColor want = widgets::classRegionColor(1, (0.8 - 1.0 / 3) / (2.0 / 3));  // confidence 0.7
        QVERIFY2(std::abs(mid.red() - want.red()) <= 2 && std::abs(mid.green() - want.green()) <= 2 &&
                     std::abs(mid.blue() - want.blue()) <= 2,
                 qPrintable(mid.name() + " vs " + want.name()));
        QVERIFY(mid.blue() > mid.red() && mid.red() > 128);  // blue, paler than a sure prediction
        st.discretize = true;
        QCOMPARE(widgets::boundaryImage(out, 3, 1, st).pixelColor(1, 0), QColor(128, 185, 217));
    }

    void regressionAndBadInputs() {
        BoundaryStyle st;
        st.mode = BoundaryStyle::Regression;
        st.lo = -1;
        engine::Matrix out(1, 3);
        out << -1, 1, std::nan("");
        const QImage img = widgets::boundaryImage(out, 3, 1, st);
        QVERIFY(img.pixelColor(0, 0).red() > img.pixelColor(0, 0).blue());
        QVERIFY(img.pixelColor(1, 0).blue() > img.pixelColor(1, 0).red());
        QCOMPARE(img.pixelColor(2, 0), QColor(220, 220, 220));    // NaN: grey
        QVERIFY(widgets::boundaryImage(out, 2, 1, st).isNull());  // wrong column count
        QVERIFY(widgets::boundaryImage(out, 0, 0, st).isNull());
        // The live picture is computed in float: the same colours, NaN included.
        QCOMPARE(widgets::boundaryImage(Eigen::MatrixXf(out.cast<float>()), 3, 1, st), img);
        // Rows of 16 pixels and more go 16 at a time in float: the same colours as the double path (one step of 256
        // at most, on a step's edge), grey for NaN and the infinities, the ends for values past lo and hi, the rest
        // of a row one by one; and a flat span (lo == hi) is the middle colour.
        for (const auto& [lo, hi] : {std::pair{-1.0, 1.0}, std::pair{0.0, 1.0}, std::pair{0.5, 0.5}}) {
            st.mode = BoundaryStyle::Regression;
            st.lo = lo, st.hi = hi;
            engine::Matrix wide(1, 37 * 2);
            for (engine::Index i = 0; i < wide.cols(); ++i) wide(0, i) = -1.5 + 3.0 * double(i) / double(wide.cols());
            wide(0, 3) = std::nan("");
            wide(0, 20) = std::numeric_limits<double>::infinity();
            wide(0, 40) = -std::numeric_limits<double>::infinity();
            wide(0, 72) = std::nan("");  // past the last whole 16: one by one
            const QImage exact = widgets::boundaryImage(wide, 37, 2, st);
            const QImage fast = widgets::boundaryImage(Eigen::MatrixXf(wide.cast<float>()), 37, 2, st);
            for (int y = 0; y < 2; ++y)
                for (int x = 0; x < 37; ++x) {
                    const QColor a = exact.pixelColor(x, y), b = fast.pixelColor(x, y);
                    QVERIFY2(std::abs(a.red() - b.red()) <= 2 && std::abs(a.green() - b.green()) <= 2 &&
                                 std::abs(a.blue() - b.blue()) <= 2,
                             qPrintable(QString("(%1, %2): %3 vs %4").arg(x).arg(y).arg(a.name(), b.name())));
                }
            QCOMPARE(fast.pixelColor(3, 0), QColor(220, 220, 220));
            QCOMPARE(fast.pixelColor(20, 0), QColor(220, 220, 220));
            QCOMPARE(fast.pixelColor(3, 1), QColor(220, 220, 220));
            QCOMPARE(fast.pixelColor(35, 1), QColor(220, 220, 220));
        }
        st.lo = -1, st.hi = 1;
        engine::Matrix soft(3, 2);
        soft << 0.2, 0.7, 0.5, 0.2, 0.3, 0.1;
        st.mode = BoundaryStyle::MultiClass;
        st.classes = 3;
        QCOMPARE(widgets::boundaryImage(Eigen::MatrixXf(soft.cast<float>()), 2, 1, st),
                 widgets::boundaryImage(soft, 2, 1, st));
    }

    void gridPointsOrderIsTopRowFirst() {
        const engine::Matrix g = widgets::gridPoints(4, 2, 6);
        QCOMPARE(g.rows(), engine::Index(2));
        QCOMPARE(g.cols(), engine::Index(8));
        QCOMPARE(g(0, 0), -4.5);  // cell 3 wide, 6 high: top-left centre (-6 + 1.5, 6 - 3)
        QCOMPARE(g(1, 0), 3.0);
        QCOMPARE(g(0, 1), -1.5);
        QCOMPARE(g(1, 1), 3.0);
        QCOMPARE(g(0, 4), -4.5);  // second row starts back at the left, lower down
        QCOMPARE(g(1, 4), -3.0);
        QCOMPARE(g(0, 7), 4.5);
        QCOMPARE(g(1, 7), -3.0);
        QCOMPARE(widgets::gridPoints(0, 5, 1).cols(), engine::Index(0));
    }

    void pointsArePaintedWhereTheMappingSays() {
        view().setBoundary(QImage(), BoundaryStyle{});
        view().setPoints({{QPointF(2, 3), 1, 0, false, false}, {QPointF(-3, -2), 0, 0, true, false}});
        QImage shot = view().grab().toImage();
        QCOMPARE(shot.pixelColor(px(view(), 2, 3)), widgets::classColor(1));
        QVERIFY(shot.pixelColor(px(view(), -3, -2)) != widgets::classColor(0));  // test data hidden
        view().setShowTestData(true);
        shot = view().grab().toImage();
        QCOMPARE(shot.pixelColor(px(view(), -3, -2)), widgets::classColor(0));
    }

    void survivesNaNNullImageAndZeroSize() {
        const double nan = std::nan("");
        view().setPoints({{QPointF(nan, 1), 0, 0, false, true},
                          {QPointF(1, nan), 1, nan, true, false},
                          {QPointF(1, 1), 9, 0, false, false}});
        view().setShowTestData(true);
        view().setBoundary(QImage(), BoundaryStyle{});
        view().setHoverImage(QImage());
        view().setRange(0);  // ignored
        view().setRange(nan);
        QCOMPARE(view().range(), 6.0);
        QVERIFY(saveScreenshot(&view(), "output_view_nan_null.png"));
        view().setTask(true);
        QVERIFY(!view().grab().isNull());
        for (QSize s : {QSize(0, 0), QSize(1, 1), QSize(30, 20), QSize(120, 600)}) {
            view().resize(s);
            view().grab();
            (void)view().toData(QPointF(5, 5));
            QTest::mouseClick(&view(), Qt::RightButton, {}, QPoint(1, 1));
        }
        view().setTool(OutputView::Tool::Select);
        QTest::keyClick(&view(), Qt::Key_Delete);  // nothing selected: nothing happens
    }

    void screenshotEmptyCanvas() {
        view().resize(640, 520);
        QVERIFY(saveScreenshot(&view(), "output_view_empty.png"));
    }

    // Not a pass/fail check (timings belong in benchmarks): reports what one 200 x 200 frame costs.
    void benchmarkBoundaryImage200() {
        engine::Matrix out = engine::Matrix::Random(4, 200 * 200).cwiseAbs();
        BoundaryStyle st;
        st.mode = BoundaryStyle::MultiClass;
        st.classes = 4;
        QImage img;
        QBENCHMARK { img = widgets::boundaryImage(out, 200, 200, st); }
        QCOMPARE(img.size(), QSize(200, 200));
    }

    void screenshotSpiralTwoClasses() {
        const double turns = 1.75 * 2 * std::numbers::pi / 5.5;
        view().resize(760, 600);
        view().setBoundary(spiralBoundary(200, 6, turns), BoundaryStyle{});
        view().setPoints(spiralPoints(90, turns));
        view().setClassNames({"Orange", "Blue"});
        QImage shot = view().grab().toImage();
        QBENCHMARK { shot = view().grab().toImage(); }  // one full repaint: 200 x 200 image, 180 points
        QVERIFY(saveScreenshot(shot, "output_view_spiral.png"));
    }

    void screenshotFourClassesWithTestData() {
        const QPointF centres[4] = {{-3, 3}, {3, 3}, {-3, -3}, {3, -3}};
        const engine::Matrix g = widgets::gridPoints(120, 120, 6);
        engine::Matrix out(4, g.cols());
        for (engine::Index i = 0; i < g.cols(); ++i) {  // softmax of -|x - c_k|^2 / 4: the Bayes boundary of the blobs
            double sum = 0;
            for (int k = 0; k < 4; ++k) {
                const double dx = g(0, i) - centres[k].x(), dy = g(1, i) - centres[k].y();
                sum += out(k, i) = std::exp(-(dx * dx + dy * dy) / 4);
            }
            out.col(i) /= sum;
        }
        BoundaryStyle st;
        st.mode = BoundaryStyle::MultiClass;
        st.classes = 4;
        QVector<PlotPoint> pts;
        QRandomGenerator rng(3);
        for (int k = 0; k < 4; ++k)
            for (int i = 0; i < 40; ++i) {
                const QPointF p = centres[k] +
                                  QPointF(rng.bounded(3.6) - 1.8, rng.bounded(3.6) - 1.8) * (i % 9 == 0 ? 2.0 : 1.0);
                const int predicted = (p.x() > 0 ? 1 : 0) + (p.y() < 0 ? 2 : 0);
                pts.push_back({p, k, 0, i % 4 == 0, predicted != k});
            }
        view().resize(760, 600);
        view().setBoundary(widgets::boundaryImage(out, 120, 120, st), st);
        view().setPoints(pts);
        view().setShowTestData(true);
        view().setClassNames({"Cats", "Dogs", "Birds", "Fish"});
        view().setCurrentClass(2);
        QVERIFY(saveScreenshot(&view(), "output_view_four_classes.png"));

        view().resize(340, 260);  // a small dock: the legend may go, the plot must stay readable
        QVERIFY(saveScreenshot(&view(), "output_view_small.png"));
    }

    void screenshotRegressionAndHover() {
        const engine::Matrix g = widgets::gridPoints(100, 100, 6);
        engine::Matrix out(1, g.cols());
        for (engine::Index i = 0; i < g.cols(); ++i) out(0, i) = std::tanh((g(0, i) + g(1, i)) / 6);
        BoundaryStyle st;
        st.mode = BoundaryStyle::Regression;
        st.lo = -1;
        QVector<PlotPoint> pts;
        QRandomGenerator rng(5);
        for (int i = 0; i < 80; ++i) {
            const QPointF p(rng.bounded(11.0) - 5.5, rng.bounded(11.0) - 5.5);
            pts.push_back({p, 0, std::tanh((p.x() + p.y()) / 6), false, i % 17 == 0});
        }
        view().resize(760, 600);
        view().setTask(true);
        view().setCurrentValue(0.5);
        view().setBoundary(widgets::boundaryImage(out, 100, 100, st), st);
        view().setPoints(pts);
        QVERIFY(saveScreenshot(&view(), "output_view_regression.png"));

        engine::Matrix neuron(1, g.cols());
        for (engine::Index i = 0; i < g.cols(); ++i) neuron(0, i) = std::tanh(g(0, i) - 2 * g(1, i));
        view().setHoverImage(widgets::boundaryImage(neuron, 100, 100, st), "Layer 1, neuron 3");
        QVERIFY(saveScreenshot(&view(), "output_view_hover.png"));
    }

    // Issue 13, finding 18b: a regression on x1 alone (the sine set) was drawn as stripes on a plane with every point
    // at x2 = 0. With a curve in the style the view plots the target over x1, and the prediction as a curve.
    void curveModePlotsTargetOverX1() {
        BoundaryStyle st;
        st.mode = BoundaryStyle::Regression;
        st.lo = -1;
        st.hi = 1;
        const int n = 200;
        for (int i = 0; i < n; ++i) st.curve.push_back(0.5 * std::sin(-6 + (i + 0.5) * 12.0 / n));  // the prediction
        QVector<PlotPoint> pts;
        for (int i = 0; i < 40; ++i) {
            const double x = -5.7 + i * 0.3;
            pts.push_back({QPointF(x, 0), 0, std::sin(x), i % 4 == 0, false});  // targets; every 4th a test point
        }
        view().resize(760, 600);
        view().setTask(true);
        view().setPoints(pts);
        view().setBoundary(QImage(), st);
        QVERIFY(view().isCurveMode());
        QVERIFY(view().curveLow() < -1 && view().curveHigh() > 1);  // no point cut in half at the edge

        // The vertical axis is the target: a target of 1 sits above a target of 0, both inside the plot.
        QVERIFY(view().toWidget(QPointF(0, 1)).y() < view().toWidget(QPointF(0, 0)).y());
        QVERIFY(view().plotRect().contains(view().toWidget(QPointF(0, 1))));

        QImage shot = view().grab().toImage();
        // The curve's pixels lie where the prediction is (dark ink), and not a point's height away from it.
        for (double x : {-4.35, -1.95, 0.75, 3.45}) {  // between the points
            const double y = 0.5 * std::sin(x);
            const QColor on = shot.pixelColor(px(view(), x, y));
            QVERIFY2(on.lightness() < 110, qPrintable(QString("x %1: %2").arg(x).arg(on.name())));
            const QColor off = shot.pixelColor(px(view(), x, y + 0.6));
            QVERIFY2(off.lightness() > 150, qPrintable(QString("x %1 above: %2").arg(x).arg(off.name())));
        }
        // A training point sits at (x1, target) in its value's colour; a test point only when test data is shown.
        const PlotPoint& train = pts[1];
        QCOMPARE(shot.pixelColor(px(view(), train.pos.x(), train.value)),
                 widgets::regressionPointColor(train.value, -1, 1));
        const PlotPoint& test = pts[4];  // x1 = -4.5: the target 0.98, the curve 0.49
        QVERIFY(shot.pixelColor(px(view(), test.pos.x(), test.value)) !=
                widgets::regressionPointColor(test.value, -1, 1));
        view().setShowTestData(true);
        shot = view().grab().toImage();
        QCOMPARE(shot.pixelColor(px(view(), test.pos.x(), test.value)),
                 widgets::regressionPointColor(test.value, -1, 1));
        QVERIFY(saveScreenshot(shot, "output_view_curve.png"));

        // A hovered neuron: its output along x1 as a band at the foot of the plot, not a plane behind the graph.
        QImage neuron(40, 40, QImage::Format_RGB32);
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 40; ++x) neuron.setPixel(x, y, x < 20 ? qRgb(200, 0, 0) : qRgb(0, 0, 200));
        view().setHoverImage(neuron, "Layer 1, neuron 2");
        shot = view().grab().toImage();
        const QRectF plot = view().plotRect();
        QCOMPARE(shot.pixelColor(QPointF(plot.left() + plot.width() * 0.1, plot.bottom() - 3).toPoint()),
                 QColor(200, 0, 0));
        QCOMPARE(shot.pixelColor(QPointF(plot.right() - plot.width() * 0.1, plot.bottom() - 3).toPoint()),
                 QColor(0, 0, 200));
        QCOMPARE(shot.pixelColor(QPointF(plot.left() + plot.width() * 0.1, plot.center().y() - 40).toPoint()),
                 QColor(250, 250, 250));  // above the band: the graph's plain background
        QVERIFY(saveScreenshot(shot, "output_view_curve_hover.png"));
        view().setHoverImage(QImage());

        // A click adds a point at that x1 (x2 = 0) with the height clicked as its target.
        QSignalSpy spy(&view(), &OutputView::pointsAdded);
        QTest::mouseClick(&view(), Qt::LeftButton, {}, px(view(), 2, 0.5));
        QCOMPARE(spy.count(), 1);
        const auto pos = spy.at(0).at(0).value<QVector<QPointF>>();
        QCOMPARE(pos.size(), 1);
        QVERIFY2(std::abs(pos[0].x() - 2) < 0.05 && pos[0].y() == 0,
                 qPrintable(QString("(%1, %2)").arg(pos[0].x()).arg(pos[0].y())));
        QVERIFY2(std::abs(spy.at(0).at(2).toDouble() - 0.5) < 0.02,
                 qPrintable(QString::number(spy.at(0).at(2).toDouble())));

        // Without a curve it is the plane again.
        view().setBoundary(QImage(), BoundaryStyle{});
        QVERIFY(!view().isCurveMode());
    }
};

QTEST_MAIN(TstOutputView)
#include "tst_output_view.moc"
