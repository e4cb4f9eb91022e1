// LossChart (loss and accuracy curves) and MetricsView (confusion matrix, regression figures).
#include "patient_waits.h"
#include "widgets/loss_chart.h"
#include "widgets/metrics_view.h"
#include "screenshot.h"
#include <QtTest>
#include <cmath>
#include <limits>
#include <random>
#include <source_location>

using widgets::LossChart;
using widgets::MetricsView;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool finiteRange(const QCPRange& r) { return std::isfinite(r.lower) && std::isfinite(r.upper) && r.upper > r.lower; }

QVector<double> keysOf(const QCPGraph* g) {
    QVector<double> keys;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) keys << it->key;
    return keys;
}

[[nodiscard]] bool saveShot(QWidget& w, const QString& name,
                            std::source_location where = std::source_location::current()) {
    if (auto* plot = qobject_cast<QCustomPlot*>(&w)) plot->replot();  // the queued replot may not have run yet
    return testsupport::saveScreenshot(&w, name, where);
}

// A run that overfits: training loss keeps falling, test loss bottoms out near epoch 90 and climbs.
// Fed in frame-sized batches of fractional epochs, as the training thread would.
void feedOverfittingRun(LossChart& chart, bool accuracy = false) {
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0.0, 1.0);
    QVector<double> e, tr, te;
    for (int step = 0; step <= 600; ++step) {
        const double epoch = step * 0.5;
        double train = 0.015 + 0.68 * std::exp(-epoch / 30.0);
        double test = 0.07 + 0.62 * std::exp(-epoch / 28.0) + 0.00045 * std::max(0.0, epoch - 90.0);
        train *= 1 + 0.04 * noise(rng);
        test *= 1 + 0.03 * noise(rng);
        if (accuracy) {
            train = 1.0 - 0.5 * train / 0.7;
            test = 1.0 - 0.5 * test / 0.7;
        }
        e << epoch;
        tr << train;
        te << test;
        if (e.size() == 20) {
            chart.appendPoints(e, tr, te);
            e.clear(), tr.clear(), te.clear();
        }
    }
    chart.appendPoints(e, tr, te);
}

}  // namespace

class TstCharts : public QObject {
    Q_OBJECT

private slots:
    void appendTwiceAppendsInOrder() {
        LossChart chart;
        chart.appendPoints({0, 0.5, 1}, {0.9, 0.7, 0.5}, {1.0, 0.8, 0.6});
        QCOMPARE(chart.trainGraph()->dataCount(), 3);
        chart.appendPoints({1.5, 2}, {0.4, 0.3}, {0.55, 0.5});
        QCOMPARE(chart.trainGraph()->dataCount(), 5);
        QCOMPARE(chart.testGraph()->dataCount(), 5);
        QCOMPARE(keysOf(chart.trainGraph()), (QVector<double>{0, 0.5, 1, 1.5, 2}));

        QCOMPARE(chart.trainGraph()->data()->at(3)->value, 0.4);
        QCOMPARE(chart.testGraph()->data()->at(4)->value, 0.5);
        // A test series may be missing (no test split): only training points are added.
        chart.appendPoints({3}, {0.2}, {});
        QCOMPARE(chart.trainGraph()->dataCount(), 6);
        QCOMPARE(chart.testGraph()->dataCount(), 5);
        QVERIFY(chart.xAxis->range().upper >= 3);
        QVERIFY(chart.yAxis->range().upper >= 0.9);
    }

    void readoutShowsLatestPointWhenNotHovering() {
        LossChart chart;
        chart.appendPoints({0, 1, 2}, {0.9, 0.5, 0.3}, {1.0, 0.6, 0.5});
        QCOMPARE(chart.readoutText(), QString("epoch 2: train 0.3, test 0.5"));
        chart.appendPoints({2.5}, {0.0123456}, {});  // fractional epoch, no test value: nearest test point is used
        QCOMPARE(chart.readoutText(), QString("epoch 2.5: train 0.0123, test 0.5"));
    }

    void clearEmpties() {
        LossChart chart;
        chart.appendPoints({0, 1, 2}, {3, 2, 1}, {3, 2.5, 2});
        chart.clear();
        QCOMPARE(chart.trainGraph()->dataCount(), 0);
        QCOMPARE(chart.testGraph()->dataCount(), 0);
        QVERIFY(finiteRange(chart.yAxis->range()));
        QVERIFY(!chart.readoutText().contains("epoch"));
        // The old extents are forgotten: a small new run gets a small range.
        chart.appendPoints({0, 1}, {0.2, 0.1}, {});
        QVERIFY(chart.yAxis->range().upper < 0.5);
    }

    void logScaleTogglesAndSurvivesNonPositive() {
        LossChart chart;
        chart.resize(500, 300);
        chart.appendPoints({0, 1, 2, 3, 4}, {1.0, 0.1, 0.0, -0.5, 0.01}, {2.0, 0.0, 0.2, 0.05, 0.02});
        QCOMPARE(chart.yAxis->scaleType(), QCPAxis::stLinear);
        chart.setLogScale(true);
        QVERIFY(chart.logScale());
        QCOMPARE(chart.yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(!chart.yAxis->ticker().dynamicCast<QCPAxisTickerLog>().isNull());
        const QCPRange r = chart.yAxis->range();
        QVERIFY(finiteRange(r));
        QVERIFY(r.lower > 0 && r.lower <= 0.01);  // smallest positive value is in view
        QVERIFY(r.upper >= 2.0);
        chart.replot();  // zeros and negatives must not break drawing
        QCOMPARE(chart.trainGraph()->dataCount(), 5);
        chart.setLogScale(false);
        QCOMPARE(chart.yAxis->scaleType(), QCPAxis::stLinear);
        QVERIFY(chart.yAxis->ticker().dynamicCast<QCPAxisTickerLog>().isNull());
        QVERIFY(chart.yAxis->range().lower <= -0.5);

        LossChart onlyZeros;
        onlyZeros.setLogScale(true);
        onlyZeros.appendPoints({0, 1}, {0, 0}, {-1, 0});
        QVERIFY(finiteRange(onlyZeros.yAxis->range()));
        QVERIFY(onlyZeros.yAxis->range().lower > 0);
    }

    void nonFinitePointsAreSkipped() {
        LossChart chart;
        chart.appendPoints({0, 1, 2, 3, kNaN}, {1.0, kNaN, kInf, 0.5, 0.3}, {kNaN, 0.4, 0.3, -kInf, 0.2});
        QCOMPARE(chart.trainGraph()->dataCount(), 2);
        QCOMPARE(chart.testGraph()->dataCount(), 2);
        QCOMPARE(keysOf(chart.trainGraph()), (QVector<double>{0, 3}));
        QCOMPARE(keysOf(chart.testGraph()), (QVector<double>{1, 2}));
        QVERIFY(finiteRange(chart.xAxis->range()));
        QVERIFY(finiteRange(chart.yAxis->range()));
        QVERIFY(chart.yAxis->range().upper < 2);

        LossChart allBad;
        allBad.appendPoints({0, 1}, {kNaN, kInf}, {kNaN, kNaN});
        QCOMPARE(allBad.trainGraph()->dataCount(), 0);
        QVERIFY(finiteRange(allBad.xAxis->range()));
        QVERIFY(finiteRange(allBad.yAxis->range()));
    }

    void accuracyRangeIsFixed() {
        LossChart chart(LossChart::Kind::Accuracy);
        QCOMPARE(chart.kind(), LossChart::Kind::Accuracy);
        chart.appendPoints({0, 1, 2}, {0.5, 0.8, 0.95}, {0.45, 0.7, 0.9});
        QCOMPARE(chart.yAxis->range().lower, 0.0);
        QCOMPARE(chart.yAxis->range().upper, 1.0);
        chart.setLogScale(true);  // meaningless for accuracy: ignored
        QVERIFY(!chart.logScale());
        QCOMPARE(chart.yAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(chart.readoutText(), QString("epoch 2: train 95.0%, test 90.0%"));
    }

    void readoutFollowsTheMouse() {
        LossChart chart;
        chart.resize(640, 400);
        QVector<double> e, tr, te;
        for (int i = 0; i <= 200; ++i) {
            e << i;
            tr << 1.0 / (1 + i);
            te << 1.2 / (1 + i) + 0.01;
        }
        chart.appendPoints(e, tr, te);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.replot();  // lays out the axis rect so coordToPixel is valid
        // Not hovering: the latest point.
        QVERIFY2(chart.readoutText().startsWith("epoch 200:"), qPrintable(chart.readoutText()));

        const QPoint px(int(std::lround(chart.xAxis->coordToPixel(120))),
                        int(std::lround(chart.yAxis->coordToPixel(tr[120]))));
        QTest::mouseMove(&chart, px);
        QTRY_VERIFY2(chart.readoutText().startsWith("epoch 120:"), qPrintable(chart.readoutText()));
        QCOMPARE(chart.readoutText(), QString("epoch 120: train %1, test %2")
                                          .arg(QString::number(tr[120], 'g', 3), QString::number(te[120], 'g', 3)));

        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(&chart, &leave);
        QVERIFY(chart.readoutText().startsWith("epoch 200:"));
    }

    void millionPointsKeepCount() {
        LossChart chart;
        constexpr int batches = 1000, perBatch = 1000;
        QVector<double> e(perBatch), tr(perBatch), te(perBatch);
        for (int b = 0; b < batches; ++b) {
            for (int i = 0; i < perBatch; ++i) {
                const double epoch = (b * perBatch + i) * 0.001;
                e[i] = epoch;
                tr[i] = 1.0 / (1 + epoch);
                te[i] = 1.1 / (1 + epoch);
            }
            chart.appendPoints(e, tr, te);
        }
        QCOMPARE(chart.trainGraph()->dataCount(), batches * perBatch);
        QCOMPARE(chart.testGraph()->dataCount(), batches * perBatch);
        QCOMPARE((chart.trainGraph()->data()->constEnd() - 1)->key, (batches * perBatch - 1) * 0.001);
        QVERIFY(qAbs(chart.xAxis->range().upper - 999.999) < 1e-9);
        QVERIFY(chart.yAxis->range().upper >= 1.1);
        QVERIFY2(chart.readoutText().startsWith("epoch 1000: train 0.000999, test 0.0011"),
                 qPrintable(chart.readoutText()));
    }

    void confusionShadingIsDarkestAtLargestCount() {
        MetricsView view;
        view.resize(520, 440);
        Eigen::MatrixXi m(3, 3);
        m << 50, 2, 1,  //
            5, 40, 5,   //
            3, 3, 30;
        view.setTitle("Test set");
        view.setConfusion(m, {"cat", "dog", "bird"});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.mode(), MetricsView::Mode::Classification);
        QCOMPARE(view.accuracy(), 120.0 / 139.0);

        const QImage img = view.grab().toImage();
        int darkest = 256, darkestRow = -1, darkestCol = -1;
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j) {
                const QRect r = view.cellRect(i, j);
                QVERIFY(!r.isEmpty());
                QVERIFY(view.rect().contains(r));
                const QColor c = img.pixelColor(r.topLeft() + QPoint(5, 5));  // corner: clear of the text
                QCOMPARE(c, view.cellColor(i, j));
                if (qGray(c.rgb()) < darkest) {
                    darkest = qGray(c.rgb());
                    darkestRow = i;
                    darkestCol = j;
                }
            }
        }
        QCOMPARE(darkestRow, 0);
        QCOMPARE(darkestCol, 0);
        // Row-normalised: 5 of 50 (row 1) is lighter than 3 of 36 would suggest by count alone, and both are light.
        QVERIFY(qGray(view.cellColor(1, 0).rgb()) > qGray(view.cellColor(2, 2).rgb()));
        QVERIFY(!view.cellColor(3, 0).isValid());
    }

    void screenshots() {
        LossChart loss;
        loss.resize(720, 420);
        feedOverfittingRun(loss);
        loss.show();
        QVERIFY(QTest::qWaitForWindowExposed(&loss));
        QVERIFY(saveShot(loss, "charts_loss.png"));
        const QPoint at(int(loss.xAxis->coordToPixel(200)), int(loss.yAxis->coordToPixel(0.15)));
        QTest::mouseMove(&loss, at);
        QTRY_VERIFY(loss.readoutText().startsWith("epoch 200:"));
        QVERIFY(saveShot(loss, "charts_loss_hover.png"));
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(&loss, &leave);
        loss.setLogScale(true);
        QVERIFY(saveShot(loss, "charts_loss_log.png"));

        LossChart acc(LossChart::Kind::Accuracy);
        acc.resize(720, 420);
        feedOverfittingRun(acc, true);
        acc.show();
        QVERIFY(QTest::qWaitForWindowExposed(&acc));
        QVERIFY(saveShot(acc, "charts_accuracy.png"));

        MetricsView confusion;
        confusion.resize(560, 480);
        Eigen::MatrixXi m(4, 4);
        m << 118, 4, 0, 3,  //
            6, 97, 12, 0,   //
            1, 15, 102, 2,  //
            4, 0, 1, 120;
        confusion.setTitle("Test set");
        confusion.setConfusion(m, {"circle", "ring", "spiral A", "spiral B"});
        confusion.show();
        QVERIFY(QTest::qWaitForWindowExposed(&confusion));
        QVERIFY(saveShot(confusion, "charts_confusion.png"));

        // Ten digit classes in a small panel: names and counts must still fit.
        MetricsView digits;
        digits.resize(460, 420);
        Eigen::MatrixXi d = Eigen::MatrixXi::Zero(10, 10);
        for (int i = 0; i < 10; ++i) {
            d(i, i) = 90 + 3 * i;
            d(i, (i + 3) % 10) = i;
        }
        QStringList names;
        for (int i = 0; i < 10; ++i) names << QString::number(i);
        digits.setTitle("Training set");
        digits.setConfusion(d, names);
        QVERIFY(saveShot(digits, "charts_confusion_10.png"));
        MetricsView empty;
        empty.resize(360, 240);
        empty.setTitle("Test set");
        QVERIFY(saveShot(empty, "charts_metrics_empty.png"));

        MetricsView regression;
        regression.resize(640, 400);
        std::mt19937 rng(3);
        std::normal_distribution<double> noise(0.0, 0.25);
        std::uniform_real_distribution<double> uni(-2.0, 2.0);
        QVector<double> truth, predicted;
        for (int i = 0; i < 300; ++i) {
            const double t = uni(rng);
            truth << t;
            predicted << 0.92 * t + 0.05 + noise(rng);
        }
        regression.setTitle("Test set");
        regression.setRegression(0.934, 0.271, truth, predicted);
        regression.show();
        QVERIFY(QTest::qWaitForWindowExposed(&regression));
        QVERIFY(saveShot(regression, "charts_regression.png"));
        QCOMPARE(regression.mode(), MetricsView::Mode::Regression);
        QCOMPARE(regression.r2(), 0.934);

        MetricsView figuresOnly;
        figuresOnly.resize(360, 320);
        figuresOnly.setTitle("Training set");
        figuresOnly.setRegression(0.5, 12.75);
        QVERIFY(saveShot(figuresOnly, "charts_regression_numbers.png"));
    }
};

QTEST_MAIN(TstCharts)
#include "tst_charts.moc"
