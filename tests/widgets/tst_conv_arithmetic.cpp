// The convolution arithmetic view: the seed's example on screen (13 11 6 / 11 11 11 / 12 11 16, from the engine), the
// written-out sum of a clicked cell, the kernel stepped by keys, an edited input cell, the output size formula with
// stride and padding, the max-pooling winner and the average, the seed's typo said only once its row is reached,
// absurd sizes clamped and a kernel that does not fit explained. The view-side arithmetic (the terms written out) is
// held against crossCorrelate and the engine's pooling on random problems. Screenshots for a person to look at.
#include "widgets/conv_arithmetic_view.h"
#include "widgets/number_grid.h"
#include "screenshot.h"
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QtTest>
#include <cmath>

using namespace widgets;
using Mat = engine::MatrixT<double>;

namespace {

QStringList shownRows(const NumberGrid* g) {
    QStringList rows;
    for (int r = 0; r < g->side(); ++r) {
        QStringList cells;
        for (int c = 0; c < g->side(); ++c) cells << g->cellText(r, c);
        rows << cells.join(' ');
    }
    return rows;
}

void clickCell(NumberGrid* g, int row, int col) {
    QVERIFY(g->isVisible());
    QTest::mouseClick(g, Qt::LeftButton, {}, g->cellRect(row, col).center());
}

// Spin box up (positive) or down by `clicks` arrow keys, as a person nudges it.
void nudge(QSpinBox* box, int clicks) {
    for (int i = 0; i < std::abs(clicks); ++i) QTest::keyClick(box, clicks > 0 ? Qt::Key_Up : Qt::Key_Down);
}

struct Shown {
    ConvArithmeticView view;
    Shown(QSize size = {1100, 700}) {
        view.resize(size);
        view.show();
        view.activateWindow();
    }
    bool ready() { return QTest::qWaitForWindowActive(&view); }
    template <class T> T* find(const char* name) { return view.findChild<T*>(name); }
};

bool same(const Mat& a, const Mat& b) { return a.rows() == b.rows() && a.cols() == b.cols() && a == b; }

Mat randomMatrix(QRandomGenerator& rng, int side) {
    Mat m(side, side);
    for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c) m(r, c) = rng.bounded(-9, 10);  // small integers, as typed in a class
    return m;
}

}  // namespace

class TstConvArithmetic : public QObject {
    Q_OBJECT
private slots:
    void theSeedsExampleIsOnScreen() {
        Shown s;
        QVERIFY(s.ready());
        QCOMPARE(shownRows(s.view.outputGrid()), (QStringList{"13 11 6", "11 11 11", "12 11 16"}));
        QCOMPARE(shownRows(s.view.inputGrid()), (QStringList{"1 2 2 1", "3 2 1 0", "1 2 3 4", "3 1 1 3"}));
        QCOMPARE(shownRows(s.view.kernelGrid()), (QStringList{"1 2", "2 1"}));
        QCOMPARE(s.view.sizeFormulaText(), QString("Output size: ⌊(n + 2p − k)/s⌋ + 1 = ⌊(4 + 2·0 − 2)/1⌋ + 1 = 3"));
        // The numbers shown are the engine's.
        const ConvProblem seed = ConvProblem::seedExample();
        const Mat y = engine::crossCorrelate(seed.input, seed.kernel, 1, 0);
        QVERIFY(same(s.view.arithmetic().output(), y));
        QVERIFY(s.view.sumText().isEmpty());  // nothing said before a cell is picked
        QVERIFY(s.view.noteText().isEmpty());
    }

    void aClickedCellWritesItsSumOut() {
        Shown s;
        QVERIFY(s.ready());
        clickCell(s.view.outputGrid(), 0, 0);
        QCOMPARE(s.view.sumText(), QString("1·1 + 2·2 + 3·2 + 2·1 = 13"));
        QCOMPARE(s.view.outputGrid()->selected(), QPoint(0, 0));
        clickCell(s.view.outputGrid(), 2, 1);  // window rows 3-4, columns 2-3: 2 3 / 1 1
        QCOMPARE(s.view.sumText(), QString("2·1 + 3·2 + 1·2 + 1·1 = 11"));
        QCOMPARE(s.find<QLabel>("convCellCaption")->text(), QString("Output row 3, column 2 (step 8 of 9):"));
        // The kernel drawn over that window; it is the only thing changed on the input grid.
        const QImage img = s.view.inputGrid()->grab().toImage();
        const NumberGrid* in = s.view.inputGrid();
        const qreal dpr = img.devicePixelRatio();
        auto corner = [&](int r, int c) { return img.pixelColor((in->cellRect(r, c).topLeft() + QPoint(5, 5)) * dpr); };
        QCOMPARE(corner(0, 0), QColor(Qt::white));
        QVERIFY(corner(2, 1) != QColor(Qt::white));
        QVERIFY(corner(3, 2) != QColor(Qt::white));
    }

    void keysStepTheKernel() {
        Shown s;
        QVERIFY(s.ready());
        NumberGrid* out = s.view.outputGrid();
        clickCell(out, 0, 0);
        QTest::keyClick(out, Qt::Key_Right);
        QCOMPARE(s.view.selectedCell(), QPoint(1, 0));
        QCOMPARE(s.view.sumText(), QString("2·1 + 2·2 + 2·2 + 1·1 = 11"));
        QTest::keyClick(out, Qt::Key_N);
        QTest::keyClick(out, Qt::Key_N);  // past the end of the row: the next row
        QCOMPARE(s.view.selectedCell(), QPoint(0, 1));
        QCOMPARE(s.view.sumText(), QString("3·1 + 2·2 + 1·2 + 2·1 = 11"));
        QTest::keyClick(out, Qt::Key_P);
        QCOMPARE(s.view.selectedCell(), QPoint(2, 0));
        QTest::keyClick(out, Qt::Key_Left);
        QCOMPARE(s.view.selectedCell(), QPoint(1, 0));
        QTest::keyClick(out, Qt::Key_Down);
        QCOMPARE(s.view.selectedCell(), QPoint(1, 1));
        // The buttons do the same; Previous stops at the first cell.
        auto* prev = s.find<QPushButton>("convPrevious");
        for (int i = 0; i < 6; ++i)
            if (prev->isEnabled()) QTest::mouseClick(prev, Qt::LeftButton);
        QCOMPARE(s.view.selectedCell(), QPoint(0, 0));
        QVERIFY(!prev->isEnabled());
        QTest::mouseClick(s.find<QPushButton>("convNext"), Qt::LeftButton);
        QCOMPARE(s.view.selectedCell(), QPoint(1, 0));
        // Play starts and stops (Space, or the button); its steps are the same step() the keys take.
        QTest::keyClick(out, Qt::Key_Space);
        QVERIFY(s.view.isPlaying());
        QCOMPARE(s.find<QPushButton>("convPlay")->text(), QString("❚❚ Pause"));
        QTest::mouseClick(s.find<QPushButton>("convPlay"), Qt::LeftButton);
        QVERIFY(!s.view.isPlaying());
        // Closed while playing, it stops.
        QTest::keyClick(out, Qt::Key_Space);
        QVERIFY(s.view.isPlaying());
        s.view.hide();
        QVERIFY(!s.view.isPlaying());
    }

    void theFirstStepShowsTheFirstCell() {
        Shown s;
        QVERIFY(s.ready());
        QCOMPARE(s.view.selectedCell(), QPoint(-1, -1));
        QTest::keyClick(s.view.outputGrid(), Qt::Key_Left);  // nothing before the start
        QCOMPARE(s.view.selectedCell(), QPoint(-1, -1));
        QTest::keyClick(s.view.outputGrid(), Qt::Key_Right);
        QCOMPARE(s.view.selectedCell(), QPoint(0, 0));
        QCOMPARE(s.view.sumText(), QString("1·1 + 2·2 + 3·2 + 2·1 = 13"));
    }

    void theSeedsTypoIsSaidOnlyInTheLastRow() {
        Shown s;
        QVERIFY(s.ready());
        NumberGrid* out = s.view.outputGrid();
        clickCell(out, 1, 2);
        QVERIFY(s.view.noteText().isEmpty());
        QTest::keyClick(out, Qt::Key_Right);  // the first cell of the last row
        QCOMPARE(s.view.selectedCell(), QPoint(0, 2));
        QVERIFY2(s.view.noteText().contains("12 22 26") && s.view.noteText().contains("typo"),
                 qPrintable(s.view.noteText()));
        // Not the seed's numbers any more: nothing to say about its typo.
        clickCell(s.view.inputGrid(), 0, 0);
        QTest::keyClicks(s.view.inputGrid()->editor(), "0");
        QTest::keyClick(s.view.inputGrid()->editor(), Qt::Key_Return);
        QVERIFY(s.view.noteText().isEmpty());
    }

    void anEditedCellChangesTheOutput() {
        Shown s;
        QVERIFY(s.ready());
        NumberGrid* in = s.view.inputGrid();
        clickCell(in, 0, 0);
        QVERIFY(in->editor()->isVisible());
        in->editor()->selectAll();
        QTest::keyClicks(in->editor(), "-5");
        QTest::keyClick(in->editor(), Qt::Key_Return);
        QVERIFY(!in->editor()->isVisible());
        QCOMPARE(in->cellText(0, 0), QString("−5"));
        QCOMPARE(s.view.outputGrid()->cellText(0, 0), QString("7"));  // −5·1 + 2·2 + 3·2 + 2·1
        clickCell(s.view.outputGrid(), 0, 0);
        QCOMPARE(s.view.sumText(), QString("(−5)·1 + 2·2 + 3·2 + 2·1 = 7"));
        // Tab keeps a value and goes on to the next cell; Escape leaves one as it was.
        NumberGrid* k = s.view.kernelGrid();
        clickCell(k, 0, 0);
        QTest::keyClicks(k->editor(), "0.5");
        QTest::keyClick(k->editor(), Qt::Key_Tab);
        QVERIFY(k->editor()->isVisible());
        QTest::keyClicks(k->editor(), "9");
        QTest::keyClick(k->editor(), Qt::Key_Escape);
        QCOMPARE(shownRows(k), (QStringList{"0.5 2", "2 1"}));
        QCOMPARE(s.view.sumText(), QString("(−5)·0.5 + 2·2 + 3·2 + 2·1 = 9.5"));
    }

    void theOutputSizeWithStrideAndPadding() {
        Shown s;
        QVERIFY(s.ready());
        nudge(s.find<QSpinBox>("convStride"), 1);
        nudge(s.find<QSpinBox>("convPadding"), 1);
        QCOMPARE(s.view.sizeFormulaText(), QString("Output size: ⌊(n + 2p − k)/s⌋ + 1 = ⌊(4 + 2·1 − 2)/2⌋ + 1 = 3"));
        const ConvProblem seed = ConvProblem::seedExample();
        QVERIFY(same(s.view.arithmetic().output(), engine::crossCorrelate(seed.input, seed.kernel, 2, 1)));
        QCOMPARE(shownRows(s.view.inputGrid()).first(), QString("0 0 0 0 0 0"));  // the padding, shown as zeros
        clickCell(s.view.outputGrid(), 0, 0);  // only the input's corner is under the kernel
        QCOMPARE(s.view.sumText(), QString("0·1 + 0·2 + 0·2 + 1·1 = 1"));
        clickCell(s.view.outputGrid(), 1, 2);  // padded rows 3-4, columns 5-6
        QCOMPARE(s.view.sumText(), QString("0·1 + 0·2 + 4·2 + 0·1 = 8"));  // the input's right edge and the padding
        nudge(s.find<QSpinBox>("convKernelSize"), 1);  // 3×3, the new cells zero
        QCOMPARE(s.view.sizeFormulaText(), QString("Output size: ⌊(n + 2p − k)/s⌋ + 1 = ⌊(4 + 2·1 − 3)/2⌋ + 1 = 2"));
        QCOMPARE(shownRows(s.view.kernelGrid()), (QStringList{"1 2 0", "2 1 0", "0 0 0"}));
    }

    void maxPoolingMarksTheWinner() {
        Shown s;
        QVERIFY(s.ready());
        auto* mode = s.find<QComboBox>("convMode");
        QTest::keyClick(mode, Qt::Key_Down);
        QCOMPARE(mode->currentText(), QString("Max pooling"));
        QVERIFY(!s.find<QSpinBox>("convPadding")->isEnabled());  // the app's pooling layers have no padding
        nudge(s.find<QSpinBox>("convStride"), 1);
        QCOMPARE(shownRows(s.view.outputGrid()), (QStringList{"3 2", "3 4"}));
        clickCell(s.view.outputGrid(), 1, 1);  // 3 4 / 1 3
        QCOMPARE(s.view.sumText(), QString("max(3, 4, 1, 3) = 4"));
        QCOMPARE(s.view.inputGrid()->marked(), QPoint(3, 2));  // column 4, row 3: the 4
        const QImage img = s.view.inputGrid()->grab().toImage();
        const QColor won = img.pixelColor(
            (s.view.inputGrid()->cellRect(2, 3).topLeft() + QPoint(5, 5)) * img.devicePixelRatio());
        QVERIFY2(won.red() > won.blue() + 60, qPrintable(won.name()));  // orange, not the window's blue
        clickCell(s.view.outputGrid(), 0, 0);  // 1 2 / 3 2: the 3 wins
        QCOMPARE(s.view.inputGrid()->marked(), QPoint(0, 1));
        clickCell(s.view.outputGrid(), 1, 0);  // 1 2 / 3 1
        QCOMPARE(s.view.inputGrid()->marked(), QPoint(0, 3));
        // A tie: the first in reading order wins, as the engine (and PyTorch) choose.
        nudge(s.find<QSpinBox>("convStride"), -1);
        clickCell(s.view.outputGrid(), 0, 1);  // 2 2 / 2 1
        QCOMPARE(s.view.sumText(), QString("max(2, 2, 2, 1) = 2"));
        QCOMPARE(s.view.inputGrid()->marked(), QPoint(1, 0));
        nudge(s.find<QSpinBox>("convStride"), 1);
        QTest::keyClick(mode, Qt::Key_Down);
        QCOMPARE(mode->currentText(), QString("Average pooling"));
        QCOMPARE(shownRows(s.view.outputGrid()), (QStringList{"2 1", "1.75 2.75"}));
        clickCell(s.view.outputGrid(), 1, 1);
        QCOMPARE(s.view.sumText(), QString("(3 + 4 + 1 + 3) / 4 = 2.75"));
        QCOMPARE(s.view.inputGrid()->marked(), QPoint(-1, -1));
    }

    void theTermsAgreeWithTheEngine_data() {
        QTest::addColumn<int>("seed");
        for (int i = 0; i < 40; ++i) QTest::newRow(qPrintable(QString("problem %1").arg(i))) << i;
    }
    void theTermsAgreeWithTheEngine() {
        QFETCH(int, seed);
        QRandomGenerator rng(quint32(1000 + seed));
        ConvProblem p;
        p.mode = ConvMode(seed % 3);
        p.input = randomMatrix(rng, rng.bounded(1, 9));
        p.kernel = randomMatrix(rng, rng.bounded(1, 5));
        p.stride = rng.bounded(1, 4);
        p.padding = rng.bounded(0, 3);
        const ConvArithmetic math(p);
        const int n = math.problem().n(), k = math.problem().k(), pad = math.problem().padding;
        QCOMPARE(math.fits(), n + 2 * pad >= k);
        if (!math.fits()) {
            QVERIFY(math.output().size() == 0);
            QVERIFY(!math.problemText().isEmpty());
            return;
        }
        QCOMPARE(math.outputSide(), int(std::floor(double(n + 2 * pad - k) / math.problem().stride)) + 1);
        if (p.mode == ConvMode::Convolution)
            QVERIFY(same(math.output(), engine::crossCorrelate(p.input, p.kernel, p.stride, p.padding)));
        for (int r = 0; r < math.outputSide(); ++r)
            for (int c = 0; c < math.outputSide(); ++c) {
                QVERIFY(std::abs(math.termsValue(r, c) - math.output()(r, c)) < 1e-12);
                QVERIFY(math.cellText(r, c).endsWith("= " + ConvArithmetic::number(math.output()(r, c))));
                if (p.mode == ConvMode::MaxPool) {
                    const QPoint w = math.winner(r, c);
                    QCOMPARE(math.paddedValue(w.y(), w.x()), math.output()(r, c));
                }
            }
    }

    void absurdInputIsClampedOrExplained() {
        Shown s;
        QVERIFY(s.ready());
        // A kernel larger than the padded input: a sentence, no output, no crash; the keys and Play do nothing.
        auto* n = s.find<QSpinBox>("convInputSize");
        n->selectAll();
        QTest::keyClicks(n, "2");
        nudge(s.find<QSpinBox>("convKernelSize"), 4);
        QCOMPARE(s.view.problem().n(), 2);
        QCOMPARE(s.view.problem().k(), 6);
        QVERIFY(!s.view.arithmetic().fits());
        QVERIFY2(s.view.noteText().contains("does not fit"), qPrintable(s.view.noteText()));
        QVERIFY(s.find<QLabel>("convNote")->isVisible());
        QCOMPARE(s.view.sizeFormulaText(),
                 QString("Output size: ⌊(n + 2p − k)/s⌋ + 1 = ⌊(2 + 2·0 − 6)/1⌋ + 1 ≤ 0: no output"));
        QCOMPARE(s.view.outputGrid()->side(), 0);
        QTest::keyClick(s.view.outputGrid(), Qt::Key_Right);
        QTest::keyClick(s.view.outputGrid(), Qt::Key_Space);
        QVERIFY(!s.view.isPlaying());
        QVERIFY(s.view.sumText().isEmpty());
        // Padding lets it fit again: 2 + 2·2 = 6.
        nudge(s.find<QSpinBox>("convPadding"), 2);
        QVERIFY(s.view.arithmetic().fits());
        QCOMPARE(s.view.arithmetic().outputSide(), 1);
        // Sizes stop at their limits.
        nudge(n, 50);
        QCOMPARE(s.view.problem().n(), ConvLimits::kMaxInput);
        // A problem handed over with huge, negative and non-finite numbers is clamped.
        ConvProblem p;
        p.input = Mat::Constant(500, 300, 1e300);
        p.input(0, 0) = std::nan("");
        p.kernel = Mat::Constant(90, 90, -1e9);
        p.stride = 0;
        p.padding = -4;
        s.view.setProblem(p);
        QCOMPARE(s.view.problem().n(), ConvLimits::kMaxInput);
        QCOMPARE(s.view.problem().k(), ConvLimits::kMaxKernel);
        QCOMPARE(s.view.problem().stride, 1);
        QCOMPARE(s.view.problem().padding, 0);
        QCOMPARE(s.view.problem().input(0, 0), 0.0);
        QCOMPARE(s.view.problem().input(1, 1), ConvLimits::kMaxValue);
        QVERIFY(s.view.arithmetic().fits());
        QVERIFY(std::isfinite(s.view.arithmetic().output().sum()));
    }

    void screenshots() {
        {
            Shown s;
            QVERIFY(s.ready());
            clickCell(s.view.outputGrid(), 1, 1);
            QVERIFY(testsupport::saveScreenshot(&s.view, "conv_arithmetic_seed.png"));
            QTest::keyClick(s.view.outputGrid(), Qt::Key_Down);
            QVERIFY(testsupport::saveScreenshot(&s.view, "conv_arithmetic_seed_last_row.png"));
        }
        {
            Shown s;
            QVERIFY(s.ready());
            nudge(s.find<QSpinBox>("convInputSize"), 1);
            nudge(s.find<QSpinBox>("convKernelSize"), 1);
            nudge(s.find<QSpinBox>("convStride"), 1);
            nudge(s.find<QSpinBox>("convPadding"), 1);
            clickCell(s.view.outputGrid(), 0, 1);
            QVERIFY(testsupport::saveScreenshot(&s.view, "conv_arithmetic_stride2_pad1.png"));
        }
        {
            Shown s;
            QVERIFY(s.ready());
            QTest::keyClick(s.find<QComboBox>("convMode"), Qt::Key_Down);
            nudge(s.find<QSpinBox>("convStride"), 1);
            clickCell(s.view.outputGrid(), 1, 1);
            QVERIFY(testsupport::saveScreenshot(&s.view, "conv_arithmetic_maxpool.png"));
        }
        {
            Shown s({1500, 950});
            QFont big = s.view.font();
            big.setPointSizeF(big.pointSizeF() * 1.5);  // as the presenter enlarges the window's font
            s.view.setFont(big);
            QVERIFY(s.ready());
            QTest::mouseClick(s.find<QCheckBox>("convReveal"), Qt::LeftButton);
            clickCell(s.view.outputGrid(), 1, 0);
            QVERIFY(testsupport::saveScreenshot(&s.view, "conv_arithmetic_presenter_font.png"));
        }
        {
            Shown s;  // the largest the tool allows: a 12×12 input in 3 rings of padding
            QVERIFY(s.ready());
            nudge(s.find<QSpinBox>("convInputSize"), 20);
            nudge(s.find<QSpinBox>("convKernelSize"), 1);
            nudge(s.find<QSpinBox>("convPadding"), 5);
            QCOMPARE(s.view.arithmetic().outputSide(), 16);
            clickCell(s.view.outputGrid(), 2, 3);
            QVERIFY(testsupport::saveScreenshot(&s.view, "conv_arithmetic_largest.png"));
        }
        {
            Shown s({900, 600});
            QVERIFY(s.ready());
            nudge(s.find<QSpinBox>("convKernelSize"), 5);
            QVERIFY(testsupport::saveScreenshot(&s.view, "conv_arithmetic_does_not_fit.png"));
        }
    }
};

QTEST_MAIN(TstConvArithmetic)
#include "tst_conv_arithmetic.moc"
