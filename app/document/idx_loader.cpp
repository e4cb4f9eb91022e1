#include "app/document/idx_loader.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <limits>
#include <zlib.h>
#include <memory>

namespace app {
namespace {

constexpr int kFashionClasses = 10;
// Guards against a header that claims absurd sizes (found by tests/fuzz): at most 256 MiB of data (Fashion-MNIST's
// 60,000 images are 47 MB), and at most 16 MiB for one item, even when the header claims no items at all.
constexpr qint64 kMaxIdxBytes = qint64(1) << 28;
constexpr qint64 kMaxItemBytes = qint64(1) << 24;

struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};
using GzPtr = std::unique_ptr<std::remove_pointer_t<gzFile>, GzCloser>;

// Reads exactly n bytes; the count actually read, or -1 on a damaged stream (with the zlib message in *why).
qint64 readFully(gzFile f, char* out, qint64 n, QString* why) {
    qint64 done = 0;
    while (done < n) {
        const unsigned chunk = unsigned(std::min<qint64>(n - done, 1 << 30));
        const int got = gzread(f, out + done, chunk);
        if (got < 0) {
            int code = 0;
            *why = QString::fromLatin1(gzerror(f, &code));
            return -1;
        }
        if (got == 0) break;
        done += got;
    }
    if (done < n) {
        int code = Z_OK;
        gzerror(f, &code);
        if (code == Z_BUF_ERROR) *why = QObject::tr("the gzip stream ends early");
    }
    return done;
}

quint32 bigEndian32(const unsigned char* p) {
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

QString typeName(unsigned char t) {
    switch (t) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "short";
    case 0x0C: return "int";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown";
    }
}

}  // namespace

qint64 IdxArray::itemSize() const {
    // Saturates instead of overflowing: 0xffffffff × 0xffffffff wrapped negative and slipped past the size check.
    qint64 s = 1;
    for (std::size_t i = 1; i < dims.size(); ++i) {
        if (dims[i] != 0 && s > std::numeric_limits<qint64>::max() / qint64(dims[i]))
            return std::numeric_limits<qint64>::max();
        s *= qint64(dims[i]);
    }
    return s;
}

IdxResult readIdxFile(const QString& path, qint64 maxItems) {
    IdxResult result;
    const QString name = QFileInfo(path).fileName();
    const auto fail = [&](const QString& what) {
        result.error = QString("%1 %2").arg(name, what);
        return result;
    };
    if (!QFileInfo::exists(path)) return fail(QObject::tr("does not exist (%1)").arg(path));
    GzPtr f(gzopen(QFile::encodeName(path).constData(), "rb"));  // plain files are read as they are
    if (!f) return fail(QObject::tr("cannot be opened"));
    gzbuffer(f.get(), 256 * 1024);

    QString why;
    unsigned char magic[4];
    const qint64 got = readFully(f.get(), reinterpret_cast<char*>(magic), 4, &why);
    if (got < 0) return fail(QObject::tr("is damaged (%1)").arg(why));
    if (got < 4) return fail(QObject::tr("is too short to be an IDX file (%1 bytes)").arg(got));
    const quint32 magicNumber = bigEndian32(magic);
    if (magic[0] != 0 || magic[1] != 0 || magic[3] < 1 || magic[3] > 4)
        return fail(QObject::tr("is not an IDX file: its magic number is 0x%1 (expected 0x00000801 to 0x00000804)")
                        .arg(magicNumber, 8, 16, QChar('0')));
    if (magic[2] != 0x08)
        return fail(QObject::tr("holds %1 values (magic number 0x%2); only unsigned bytes (0x08) are read")
                        .arg(typeName(magic[2]))
                        .arg(magicNumber, 8, 16, QChar('0')));
    const int rank = magic[3];
    unsigned char sizes[16];
    if (readFully(f.get(), reinterpret_cast<char*>(sizes), 4 * rank, &why) != 4 * rank)
        return fail(why.isEmpty() ? QObject::tr("is truncated inside its header")
                                  : QObject::tr("is damaged (%1)").arg(why));
    IdxArray a;
    for (int i = 0; i < rank; ++i) a.dims.push_back(bigEndian32(sizes + 4 * i));
    const qint64 itemBytes = a.itemSize();
    const qint64 items = maxItems < 0 ? qint64(a.dims[0]) : std::min<qint64>(a.dims[0], maxItems);
    if (itemBytes > kMaxItemBytes || (itemBytes > 0 && items > kMaxIdxBytes / itemBytes))
        return fail(QObject::tr("claims %1 items of %2 bytes: too large").arg(a.dims[0]).arg(itemBytes));
    const qint64 bytes = items * itemBytes;
    // Read in blocks and grow with the data actually there: a header alone never allocates what it claims.
    constexpr qint64 kBlock = qint64(1) << 20;
    qint64 read = 0;
    while (read < bytes) {
        const qint64 want = std::min(kBlock, bytes - read);
        a.data.resize(read + want);
        const qint64 got = readFully(f.get(), a.data.data() + read, want, &why);
        if (got < 0) {
            read = -1;
            break;
        }
        read += got;
        if (got < want) break;
    }
    a.data.resize(std::max<qint64>(read, 0));
    if (read < 0) return fail(QObject::tr("is damaged (%1)").arg(why));
    if (read < bytes)
        return fail(QObject::tr("is truncated: %1 items of %2 bytes were expected, the data ends after %3 bytes%4")
                        .arg(items)
                        .arg(itemBytes)
                        .arg(read)
                        .arg(why.isEmpty() ? QString() : " (" + why + ")"));
    a.dims[0] = quint32(items);
    result.array = std::move(a);
    return result;
}

QStringList fashionMnistClassNames() {
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
}

bool fashionMnistInstalled(const QString& dir) {
    const QDir d(dir);
    return d.exists("train-images-idx3-ubyte.gz") && d.exists("train-labels-idx1-ubyte.gz");
}

QString fashionMnistMissingMessage(const QString& dir) {
    return QObject::tr("Fashion-MNIST is not installed: %1 has no train-images-idx3-ubyte.gz. Install the Debian "
                       "package dataset-fashion-mnist (sudo apt install dataset-fashion-mnist) and try again.")
        .arg(dir);
}

std::optional<engine::Dataset> loadFashionMnist(QString* error, int maxSamples, const QString& dir) {
    const auto fail = [&](const QString& e) {
        if (error) *error = e;
        return std::nullopt;
    };
    if (!fashionMnistInstalled(dir)) return fail(fashionMnistMissingMessage(dir));
    const QDir d(dir);
    std::vector<quint8> labels;
    QByteArray pixels;
    int width = 0, height = 0;
    for (const char* part : {"train", "t10k"}) {
        const qint64 want = maxSamples <= 0 ? -1 : qint64(maxSamples) - qint64(labels.size());
        if (want == 0) break;
        const QString images = d.filePath(QString("%1-images-idx3-ubyte.gz").arg(part));
        const QString labelFile = d.filePath(QString("%1-labels-idx1-ubyte.gz").arg(part));
        if (QString(part) == "t10k" && !QFileInfo::exists(images)) break;  // the test part is optional
        const IdxResult img = readIdxFile(images, want);
        if (!img.array) return fail(img.error);
        const IdxResult lab = readIdxFile(labelFile, want);
        if (!lab.array) return fail(lab.error);
        const IdxArray& ia = *img.array;
        const IdxArray& la = *lab.array;
        if (ia.dims.size() != 3)
            return fail(QObject::tr("%1 has %2 dimensions; images need 3 (count, rows, columns)")
                            .arg(QFileInfo(images).fileName())
                            .arg(ia.dims.size()));
        if (la.dims.size() != 1)
            return fail(QObject::tr("%1 has %2 dimensions; labels need 1")
                            .arg(QFileInfo(labelFile).fileName())
                            .arg(la.dims.size()));
        if (ia.dims[0] != la.dims[0])
            return fail(QObject::tr("%1 has %2 images but %3 has %4 labels")
                            .arg(QFileInfo(images).fileName())
                            .arg(ia.dims[0])
                            .arg(QFileInfo(labelFile).fileName())
                            .arg(la.dims[0]));
        if (ia.dims[1] == 0 || ia.dims[2] == 0 || qint64(ia.dims[1]) * ia.dims[2] > 256 * 256)
            return fail(QObject::tr("%1 holds %2x%3 images; up to 256x256 pixels are read")
                            .arg(QFileInfo(images).fileName())
                            .arg(ia.dims[2])
                            .arg(ia.dims[1]));
        if (width == 0) {
            height = int(ia.dims[1]);
            width = int(ia.dims[2]);
        } else if (height != int(ia.dims[1]) || width != int(ia.dims[2])) {
            return fail(QObject::tr("%1 holds %2x%3 images; the training images are %4x%5")
                            .arg(QFileInfo(images).fileName())
                            .arg(ia.dims[2])
                            .arg(ia.dims[1])
                            .arg(width)
                            .arg(height));
        }
        for (qint64 i = 0; i < la.data.size(); ++i) {
            const quint8 l = quint8(la.data[i]);
            if (l >= kFashionClasses)
                return fail(QObject::tr("%1: label %2 of item %3 is outside 0..9")
                                .arg(QFileInfo(labelFile).fileName())
                                .arg(l)
                                .arg(i));
            labels.push_back(l);
        }
        pixels += ia.data;
    }
    const engine::Index n = engine::Index(labels.size()), dims = engine::Index(width) * height;
    engine::Dataset data;
    data.task = engine::Task::Classification;
    data.numClasses = kFashionClasses;
    for (const QString& c : fashionMnistClassNames()) data.classNames.push_back(c.toStdString());
    for (engine::Index i = 0; i < dims; ++i) data.inputNames.push_back(std::string(1, 'p').append(std::to_string(i)));
    data.X.resize(dims, n);
    const auto* px = reinterpret_cast<const quint8*>(pixels.constData());
    for (engine::Index j = 0; j < n; ++j)
        for (engine::Index i = 0; i < dims; ++i) data.X(i, j) = px[j * dims + i] / 255.0;
    data.labels.assign(labels.begin(), labels.end());
    if (const std::string e = data.validate(); !e.empty()) return fail(QString::fromStdString(e));
    return data;
}

}  // namespace app
