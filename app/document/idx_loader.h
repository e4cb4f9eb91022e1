// The IDX format of MNIST and Fashion-MNIST (big-endian header: 0, 0, type, rank; then one 32-bit size per
// dimension; then the values), read from gzip or plain files through zlib, and Fashion-MNIST as an engine::Dataset.
// Reading never crashes on a bad file: a wrong magic number, a truncated or damaged file, or labels that do not match
// the images each come back as one sentence naming the file.
#pragma once
#include "engine/dataset.h"
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace app {

struct IdxArray {
    std::vector<quint32> dims;  // dims[0]: the items read (at most maxItems); the rest: one item's shape
    QByteArray data;            // unsigned bytes, item after item, each row-major
    qint64 itemSize() const;    // the product of dims[1..] (1 for a vector)
};

struct IdxResult {
    std::optional<IdxArray> array;
    QString error;
};

// Unsigned-byte IDX files only (type 0x08), rank 1 to 4. maxItems < 0: all items; else at most that many from the
// start (the rest of the file is not read).
IdxResult readIdxFile(const QString& path, qint64 maxItems = -1);

inline constexpr char kFashionMnistDir[] = "/usr/share/datasets/fashion-mnist";
// The ten classes, in label order: "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
// "Sneaker", "Bag", "Ankle boot".
QStringList fashionMnistClassNames();
bool fashionMnistInstalled(const QString& dir = QString(kFashionMnistDir));
// What to tell a user who asks for Fashion-MNIST on a machine without it.
QString fashionMnistMissingMessage(const QString& dir = QString(kFashionMnistDir));

// The first maxSamples images (the 60,000 training images, then the 10,000 test images; maxSamples <= 0: all 70,000)
// as a 784 x N data set with pixels scaled to [0, 1], labels 0..9 and the class names. 60,000 images take 376 MB
// as doubles: callers pick a few thousand. nullopt with *error set when the files are missing or bad.
std::optional<engine::Dataset> loadFashionMnist(QString* error, int maxSamples,
                                                const QString& dir = QString(kFashionMnistDir));

}  // namespace app
