// The pad as numbers: each cell's text is its value (0, 1, or two decimals), the vector holds the same values in
// reading order and wraps to the width, and the whole grows with the font (presenter mode).
#include "widgets/pixel_numbers.h"
#include <QtTest>

class TstPixelNumbers : public QObject {
    Q_OBJECT
private slots:
    void valuesAndReadingOrder() {
        widgets::PixelNumbers n;
        n.setGridSize(2, 3);
        n.setValues({0, 0.2756, 1, 0.748, -3, std::nan("")});  // out of range and NaN: 0
        QCOMPARE(n.valueText(0), QString("0"));
        QCOMPARE(n.valueText(1), QString("0.28"));
        QCOMPARE(n.valueText(2), QString("1"));
        QCOMPARE(n.valueText(3), QString("0.75"));
        QCOMPARE(n.valueText(4), QString("0"));
        QCOMPARE(n.valueText(5), QString("0"));
        QCOMPARE(n.valueText(6), QString());
    }

    void vectorWrapsToTheWidthAndGrowsWithTheFont() {
        widgets::PixelNumbers n;
        n.setGridSize(8, 8);
        n.resize(600, n.heightForWidth(600));
        const QRect first = n.entryRect(0), ninth = n.entryRect(8);
        QCOMPARE(ninth.top(), first.top());  // x₉ follows x₈ on the same line: one vector, not the grid again
        QVERIFY(n.entryRect(0).top() > n.cellRect(7, 0).bottom());  // the vector lies below the grid
        QVERIFY(n.entryRect(63).bottom() <= n.heightForWidth(600));
        const int before = n.heightForWidth(600);
        QFont big = n.font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        n.setFont(big);
        QVERIFY(n.heightForWidth(600) > before);
    }
};

QTEST_MAIN(TstPixelNumbers)
#include "tst_pixel_numbers.moc"
