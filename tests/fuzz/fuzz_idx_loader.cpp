// Fuzzes the IDX reader (app::readIdxFile: MNIST / Fashion-MNIST files, plain or gzip'd) and the Fashion-MNIST loader
// on top of it (app::loadFashionMnist). The reader only takes a path, so each input is written to a file in a
// temporary folder first. Both must give data or an error, never crash, hang or allocate what the file cannot fill.
//
// Input: one IDX file, read whole and then at most 3 items. When the input holds kSplit, the part before it is
// written as train-images-idx3-ubyte.gz and the part after it as train-labels-idx1-ubyte.gz (zlib reads plain files
// as they are, whatever the name), and the two are loaded as Fashion-MNIST, as many images as the app
// loads and then 3.
#include "app/document/idx_loader.h"
#include "app/document/project_data.h"  // kFashionMnistSamples
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {
constexpr char kSplit[] = "--LABELS--";

void writeFile(const QString& path, const char* data, size_t size) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data, qint64(size)) != qint64(size))
        std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20)) return -1;  // 1 MB: keeps each run short; -1 keeps the input out of the corpus
    static QTemporaryDir dir;
    if (!dir.isValid()) std::abort();
    const char* bytes = reinterpret_cast<const char*>(data);

    const QString single = dir.filePath("input-idx");
    writeFile(single, bytes, size);
    (void)app::readIdxFile(single, -1);
    (void)app::readIdxFile(single, 3);

    const void* at = memmem(bytes, size, kSplit, sizeof kSplit - 1);
    if (!at) return 0;
    const size_t imageBytes = size_t(static_cast<const char*>(at) - bytes);
    const size_t labelStart = imageBytes + sizeof kSplit - 1;
    const QDir fashion(dir.path());
    writeFile(fashion.filePath("train-images-idx3-ubyte.gz"), bytes, imageBytes);
    writeFile(fashion.filePath("train-labels-idx1-ubyte.gz"), bytes + labelStart, size - labelStart);
    QString error;
    (void)app::loadFashionMnist(&error, app::kFashionMnistSamples, dir.path());  // what Data > Fashion-MNIST loads
    (void)app::loadFashionMnist(&error, 3, dir.path());
    return 0;
}
