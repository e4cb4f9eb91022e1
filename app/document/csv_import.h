// CSV in and out of the app: a tolerant reader (comma, semicolon or tab, found by itself; quoted fields; a header line
// recognised when there is one), the choice of feature and label columns, and the conversion to an engine::Dataset
// that passes validate(). Every error is one sentence naming the line (as a text editor counts it) and the column of
// the first bad value. Class labels may be numbers or names; names become class names.
#pragma once
#include "engine/dataset.h"
#include <QChar>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace app {

struct CsvTable {
    QChar delimiter = ',';
    bool hasHeader = false;
    QStringList columnNames;  // from the header, else "column 1", "column 2", ... (empty header cells named so too)
    QList<QStringList> rows;  // the data records, header excluded; each has columnNames.size() fields, trimmed
    QList<int> lines;         // the line each record starts on (1-based, blank lines counted)
    int columnCount() const { return int(columnNames.size()); }
    int rowCount() const { return int(rows.size()); }
};

struct CsvReadOptions {
    QChar delimiter;             // null: detect among tab, semicolon and comma
    std::optional<bool> header;  // unset: detect (a first line with text above numbers)
};

struct CsvTableResult {
    std::optional<CsvTable> table;
    QString error;
};

CsvTableResult parseCsv(const QString& text, const CsvReadOptions& options = {});
CsvTableResult readCsvFile(const QString& path, const CsvReadOptions& options = {});  // errors start with the file name

enum class CsvTarget { Classes, Regression };

struct CsvColumns {
    QList<int> features;  // input columns, in this order
    int label = -1;       // the class (or target) column
    CsvTarget target = CsvTarget::Classes;
    // Each input column shifted and scaled to mean 0 and standard deviation 1 (a column with one value: mean 0):
    // raw measurements (iris in centimetres, prices in thousands) saturate tanh and train at chance otherwise.
    // guessColumns() turns it on for data that needs it.
    bool standardize = false;
};

// A number as a CSV cell may hold it: "1.5", "-2e-3", and "1,5" when the delimiter is not a comma. Finite only.
std::optional<double> parseCsvNumber(const QString& field, QChar delimiter);
// Whether every non-empty cell of the column's first `sampleRows` records is a number (and at least one is).
bool isNumericColumn(const CsvTable& table, int column, int sampleRows = 500);
// A first guess the dialog starts from: the label is the column named label/class/target/y/species/category, else the
// last one; the features are the other columns that hold mostly numbers. Classes when the label holds text or few whole numbers.
// The inputs are standardised when one of them is off centre (|mean| above its spread) or reaches beyond ±10, as raw
// measurements do; data already on the plane's scale (an exported NN Lab set) comes back as it was.
CsvColumns guessColumns(const CsvTable& table);

struct CsvDatasetResult {
    std::optional<engine::Dataset> dataset;
    QString error;
    int errorRow = -1, errorColumn = -1;  // the bad cell (CsvTable::rows index, column), when the error is one
    QString warning;  // the data set is usable but probably not what the person meant (measurements read as classes)
};

constexpr int kMaxCsvClasses = 100;
constexpr int kManyCsvClasses = 20;

// Classification: whole numbers 0..K-1 are the labels themselves; other whole numbers (1..3, -1/+1) and names are
// sorted (names naturally: "class 2" before "class 10") and numbered in that order, and become the class names.
// Regression: the label column is the target (numClasses 0). Classes made of fractional numbers, or of more than
// kManyCsvClasses numbers, come with a warning: they look like a value to predict.
CsvDatasetResult csvToDataset(const CsvTable& table, const CsvColumns& columns);
// readCsvFile + guessColumns + csvToDataset: what dropping a CSV file on the window does before the dialog.
CsvDatasetResult importCsvFile(const QString& path);

// The data set as CSV: a header (input names, or x1, x2, ...; then "label", or "target" for regression) and one line
// per sample, numbers in their shortest exact form, class names (when every class has a distinct one) or indices.
QString datasetToCsv(const engine::Dataset& data);
bool saveDatasetCsv(const QString& path, const engine::Dataset& data, QString* error);  // atomic (QSaveFile)

// "class 2" < "class 10": digit runs compare as numbers, the rest case-insensitively.
bool naturalLess(const QString& a, const QString& b);

}  // namespace app
