// The IDX loader: gzip'd and plain IDX files written here read back byte for byte; Fashion-MNIST comes out as a
// classification set with its ten class names and pixels in [0, 1]; a wrong magic number, another value type, a
// truncated file, mismatched labels and a missing installation each give a message that names the problem.
#include "app/document/idx_loader.h"
#include "screenshot.h"
#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <zlib.h>

using namespace app;

namespace {

QByteArray idx(unsigned char type, const std::vector<quint32>& dims, const QByteArray& data) {
    QByteArray b;
    b.append(char(0)).append(char(0)).append(char(type)).append(char(dims.size()));
    for (quint32 d : dims)
        for (int s = 24; s >= 0; s -= 8) b.append(char((d >> s) & 0xFF));
    return b + data;
}

bool writeGz(const QString& path, const QByteArray& bytes) {
    gzFile f = gzopen(QFile::encodeName(path).constData(), "wb");
    if (!f) return false;
    const bool ok = gzwrite(f, bytes.constData(), unsigned(bytes.size())) == int(bytes.size());
    return gzclose(f) == Z_OK && ok;
}

bool writePlain(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// n images of h x w whose pixel k of image i is (i * 40 + k) % 256; labels i % 10.
void writeFashion(const QString& dir, const char* part, int n, int h, int w, int labelOffset = 0) {
    QByteArray px, lab;
    for (int i = 0; i < n; ++i) {
        for (int k = 0; k < h * w; ++k) px.append(char((i * 40 + k) % 256));
        lab.append(char((i + labelOffset) % 10));
    }
    QVERIFY(writeGz(QDir(dir).filePath(QString("%1-images-idx3-ubyte.gz").arg(part)),
                    idx(0x08, {quint32(n), quint32(h), quint32(w)}, px)));
    QVERIFY(writeGz(QDir(dir).filePath(QString("%1-labels-idx1-ubyte.gz").arg(part)), idx(0x08, {quint32(n)}, lab)));
}

}  // namespace

class TstIdxLoader : public QObject {
    Q_OBJECT

private slots:
    void readsGzipAndPlainFiles() {
        QTemporaryDir dir;
        QByteArray data;
        for (int i = 0; i < 2 * 3 * 4; ++i) data.append(char(i * 10));
        const QByteArray file = idx(0x08, {2, 3, 4}, data);
        QVERIFY(writeGz(dir.filePath("a.gz"), file));
        QVERIFY(writePlain(dir.filePath("a.idx"), file));
        for (const QString& name : {QString("a.gz"), QString("a.idx")}) {
            const IdxResult r = readIdxFile(dir.filePath(name));
            QVERIFY2(r.array, qPrintable(r.error));
            QCOMPARE(r.array->dims, (std::vector<quint32>{2, 3, 4}));
            QCOMPARE(r.array->itemSize(), 12);
            QCOMPARE(r.array->data, data);
        }
        const IdxResult first = readIdxFile(dir.filePath("a.gz"), 1);
        QVERIFY(first.array);
        QCOMPARE(first.array->dims[0], 1u);
        QCOMPARE(first.array->data, data.left(12));
    }

    void badFilesAreNamed() {
        QTemporaryDir dir;
        QVERIFY(writeGz(dir.filePath("magic.gz"), QByteArray("\x12\x34\x08\x01\0\0\0\0", 8)));
        IdxResult r = readIdxFile(dir.filePath("magic.gz"));
        QVERIFY(!r.array);
        QVERIFY2(r.error.contains("magic.gz") && r.error.contains("magic number") && r.error.contains("0x12340801"),
                 qPrintable(r.error));

        QVERIFY(writeGz(dir.filePath("float.gz"), idx(0x0D, {1}, QByteArray(4, 0))));
        r = readIdxFile(dir.filePath("float.gz"));
        QVERIFY2(!r.array && r.error.contains("float") && r.error.contains("unsigned bytes"), qPrintable(r.error));

        QVERIFY(writeGz(dir.filePath("short.gz"), idx(0x08, {10, 28, 28}, QByteArray(100, 1))));
        r = readIdxFile(dir.filePath("short.gz"));
        QVERIFY2(!r.array && r.error.contains("truncated"), qPrintable(r.error));

        QVERIFY(writeGz(dir.filePath("tiny.gz"), QByteArray("\0\0", 2)));
        r = readIdxFile(dir.filePath("tiny.gz"));
        QVERIFY2(!r.array && r.error.contains("too short"), qPrintable(r.error));

        r = readIdxFile(dir.filePath("absent.gz"));
        QVERIFY2(!r.array && r.error.contains("does not exist"), qPrintable(r.error));

        // A gzip stream cut in the middle.
        QByteArray noise;  // incompressible, so half the file is half the data
        quint32 x = 12345;
        for (int i = 0; i < 4000; ++i) noise.append(char((x = x * 1664525u + 1013904223u) >> 24));
        QVERIFY(writeGz(dir.filePath("full.gz"), idx(0x08, {4000}, noise)));
        QFile full(dir.filePath("full.gz"));
        QVERIFY(full.open(QIODevice::ReadOnly));
        QVERIFY(writePlain(dir.filePath("cut.gz"), full.read(full.size() / 2)));
        r = readIdxFile(dir.filePath("cut.gz"));
        QVERIFY2(!r.array && (r.error.contains("truncated") || r.error.contains("damaged")), qPrintable(r.error));
    }

    void fashionMnistFromIdxFiles() {
        QTemporaryDir dir;
        writeFashion(dir.path(), "train", 12, 3, 4);
        writeFashion(dir.path(), "t10k", 5, 3, 4, 3);
        QVERIFY(fashionMnistInstalled(dir.path()));
        QString error;
        std::optional<engine::Dataset> d = loadFashionMnist(&error, 7, dir.path());
        QVERIFY2(d, qPrintable(error));
        QCOMPARE(d->size(), 7);
        QCOMPARE(d->inputDim(), 12);
        QCOMPARE(d->numClasses, 10);
        QCOMPARE(d->classNames.size(), std::size_t(10));
        QCOMPARE(d->classNames.front(), std::string("T-shirt/top"));
        QCOMPARE(d->classNames.back(), std::string("Ankle boot"));
        QCOMPARE(d->labels[6], 6);
        QCOMPARE(d->X(5, 2), double((2 * 40 + 5) % 256) / 255.0);
        QVERIFY(d->validate().empty());

        d = loadFashionMnist(&error, 0, dir.path());  // all: the training images, then the test images
        QVERIFY2(d, qPrintable(error));
        QCOMPARE(d->size(), 17);
        QCOMPARE(d->labels[12], 3);
        QCOMPARE(d->X(0, 12), 0.0);
    }

    void fashionMnistProblems() {
        QString error;
        QTemporaryDir empty;
        QVERIFY(!loadFashionMnist(&error, 10, empty.filePath("nowhere")));
        QVERIFY2(error.contains("not installed") && error.contains("dataset-fashion-mnist"), qPrintable(error));

        QTemporaryDir dir;
        writeFashion(dir.path(), "train", 6, 2, 2);
        QVERIFY(writeGz(dir.filePath("train-labels-idx1-ubyte.gz"), idx(0x08, {5}, QByteArray(5, 1))));
        QVERIFY(!loadFashionMnist(&error, 0, dir.path()));
        QVERIFY2(error.contains("6 images") && error.contains("5 labels"), qPrintable(error));

        QVERIFY(writeGz(dir.filePath("train-labels-idx1-ubyte.gz"), idx(0x08, {6}, QByteArray("\1\2\3\12\1\1", 6))));
        QVERIFY(!loadFashionMnist(&error, 0, dir.path()));
        QVERIFY2(error.contains("label 10") && error.contains("item 3"), qPrintable(error));
    }

    void installedFashionMnist() {
        if (!fashionMnistInstalled()) QSKIP("dataset-fashion-mnist is not installed");
        QString error;
        const std::optional<engine::Dataset> d = loadFashionMnist(&error, 100);
        QVERIFY2(d, qPrintable(error));
        QCOMPARE(d->size(), 100);
        QCOMPARE(d->inputDim(), 784);
        QVERIFY(d->X.maxCoeff() <= 1.0 && d->X.minCoeff() >= 0.0);
        QCOMPARE(d->labels[0], 9);  // the first training image is an ankle boot
        QCOMPARE(d->labels[1], 0);  // then a T-shirt/top

        QImage sheet(28 * 8, 28 * 2, QImage::Format_Grayscale8);  // the first 16 images, to look at
        for (int k = 0; k < 16; ++k)
            for (int i = 0; i < 784; ++i)
                sheet.setPixel((k % 8) * 28 + i % 28, (k / 8) * 28 + i / 28,
                               qRgb(int(255 * d->X(i, k)), int(255 * d->X(i, k)), int(255 * d->X(i, k))));
        QVERIFY(testsupport::saveScreenshot(sheet.scaled(sheet.size() * 3), "fashion-mnist-first16.png"));
    }
};

QTEST_GUILESS_MAIN(TstIdxLoader)
#include "tst_idx_loader.moc"
