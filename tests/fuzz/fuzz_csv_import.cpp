// Fuzzes the CSV import: app::parseCsv on the file's text (as readCsvFile decodes it), then what dropping a file does
// (guessColumns + csvToDataset), and once more with the delimiter and header forced as the import dialog may set
// them. Every step must give a table, a data set or an error, never crash; a data set it gives must pass validate().
#include "app/document/csv_import.h"
#include <QString>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
void importTable(const QString& text, const app::CsvReadOptions& options) {
    const app::CsvTableResult t = app::parseCsv(text, options);
    if (!t.table) return;
    const app::CsvDatasetResult d = app::csvToDataset(*t.table, app::guessColumns(*t.table));
    if (d.dataset) {
        if (const std::string e = d.dataset->validate(); !e.empty()) {
            std::fprintf(stderr, "csvToDataset gave a data set that fails validate(): %s\n", e.c_str());
            std::abort();
        }
    }
    // Every column as a feature of a regression on the last one, as a user may pick them in the dialog.
    app::CsvColumns all;
    for (int c = 0; c + 1 < t.table->columnCount(); ++c) all.features << c;
    all.label = t.table->columnCount() - 1;
    all.target = app::CsvTarget::Regression;
    (void)app::csvToDataset(*t.table, all);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20)) return -1;  // 1 MB: keeps each run short; -1 keeps the input out of the corpus
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    importTable(text, {});
    // The dialog's choices, picked by the input's length so a replay does the same.
    static const QChar delimiters[] = {',', ';', '\t', ' '};
    app::CsvReadOptions forced;
    forced.delimiter = delimiters[size % 4];
    forced.header = (size / 4) % 2 == 0;
    importTable(text, forced);
    return 0;
}
