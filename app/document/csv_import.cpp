#include "app/document/csv_import.h"
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QSaveFile>
#include <QSet>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace app {
namespace {

constexpr qint64 kMaxCsvBytes = qint64(1) << 30;  // 1 GiB: far beyond what the app can train on
const QString kLabelNames[] = {"label", "class", "target", "y", "species", "category"};

struct RawRecord {
    QStringList fields;
    int line = 0;
    bool blank = false;
};

// RFC 4180 with lenient edges: quotes only matter at the start of a field, "" inside quotes is a quote, line breaks
// inside quotes belong to the field, \r\n and \n both end a record.
bool splitRecords(const QString& text, QChar delim, QList<RawRecord>& out, QString* error, int maxRecords = -1) {
    int line = 1;
    RawRecord rec;
    rec.line = 1;
    QString field;
    bool quoted = false, inQuotes = false, fieldStarted = false;
    const auto endField = [&] {
        rec.fields << (quoted ? field : field.trimmed());
        field.clear();
        quoted = fieldStarted = false;
    };
    const auto endRecord = [&] {
        endField();
        rec.blank = rec.fields.size() == 1 && rec.fields[0].isEmpty() && !quoted;
        out << rec;
        rec = RawRecord();
        rec.line = line;
    };
    for (qsizetype i = 0, n = text.size(); i < n; ++i) {
        const QChar c = text[i];
        if (inQuotes) {
            if (c == '"') {
                if (i + 1 < n && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !fieldStarted && field.trimmed().isEmpty()) {
            field.clear();
            inQuotes = quoted = fieldStarted = true;
        } else if (c == delim) {
            endField();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
            ++line;
            endRecord();
            if (maxRecords > 0 && out.size() >= maxRecords) return true;
        } else if (quoted && c.isSpace()) {
            // spaces between a closing quote and the delimiter
        } else {
            field += c;
            if (!c.isSpace()) fieldStarted = true;
        }
    }
    if (inQuotes) {
        if (error) *error = QObject::tr("line %1: a quoted field is not closed (a \" is missing)").arg(rec.line);
        return false;
    }
    if (!field.isEmpty() || !rec.fields.isEmpty() || quoted) endRecord();
    return true;
}

// The delimiter that splits the first lines into the same number of fields: tab, then semicolon (which also allows
// decimal commas), then comma; failing that the most frequent one.
QChar detectDelimiter(const QString& text) {
    const QString head = text.left(64 * 1024);
    const bool cut = head.size() < text.size();
    const QChar candidates[] = {'\t', ';', ','};
    QChar best = ',';
    int bestFields = 0;
    for (QChar d : candidates) {
        QList<RawRecord> recs;
        splitRecords(head, d, recs, nullptr, 30);
        if (cut && recs.size() > 1) recs.removeLast();  // maybe cut off by left()
        int fields = -1;
        bool consistent = true;
        for (const RawRecord& r : recs) {
            if (r.blank) continue;
            if (fields < 0) fields = int(r.fields.size());
            else if (fields != r.fields.size()) consistent = false;
        }
        if (consistent && fields > 1) return d;
        if (fields > bestFields) {
            bestFields = fields;
            best = d;
        }
    }
    return best;
}

QString numberText(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back to the same double
    return QString::fromLatin1(buf, int(r.ptr - buf));
}

QString quoteField(const QString& s) {
    if (s.contains(',') || s.contains('"') || s.contains('\n') || s.contains('\r') || s != s.trimmed())
        return '"' + QString(s).replace("\"", "\"\"") + '"';
    return s;
}

bool uniqueNonEmpty(const std::vector<std::string>& names) {
    QSet<QString> seen;
    for (const std::string& n : names) {
        const QString q = QString::fromStdString(n).trimmed();
        if (q.isEmpty() || seen.contains(q)) return false;
        seen.insert(q);
    }
    return true;
}

QString cellError(const CsvTable& t, int row, int col, const QString& what) {
    return QObject::tr("line %1, column %2 (\"%3\"): %4").arg(t.lines[row]).arg(col + 1).arg(t.columnNames[col], what);
}

}  // namespace

bool naturalLess(const QString& a, const QString& b) {
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype i2 = i, j2 = j;
            while (i2 < a.size() && a[i2].isDigit()) ++i2;
            while (j2 < b.size() && b[j2].isDigit()) ++j2;
            QString da = a.mid(i, i2 - i), db = b.mid(j, j2 - j);
            while (da.size() > 1 && da[0] == '0') da.remove(0, 1);
            while (db.size() > 1 && db[0] == '0') db.remove(0, 1);
            if (da.size() != db.size()) return da.size() < db.size();
            if (const int c = da.compare(db); c != 0) return c < 0;
            i = i2;
            j = j2;
        } else {
            const QChar ca = a[i].toLower(), cb = b[j].toLower();
            if (ca != cb) return ca < cb;
            ++i;
            ++j;
        }
    }
    if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
    return a < b;  // equal but for case: a fixed order all the same
}

std::optional<double> parseCsvNumber(const QString& field, QChar delimiter) {
    const QString s = field.trimmed();
    if (s.isEmpty()) return std::nullopt;
    bool ok = false;
    double v = QLocale::c().toDouble(s, &ok);
    if (!ok && delimiter != ',' && s.count(',') == 1 && !s.contains('.'))
        v = QLocale::c().toDouble(QString(s).replace(',', '.'), &ok);  // a decimal comma ("1,5;2,25")
    if (!ok || !std::isfinite(v)) return std::nullopt;
    return v;
}

CsvTableResult parseCsv(const QString& input, const CsvReadOptions& options) {
    CsvTableResult result;
    QString text = input;
    if (text.startsWith(QChar(0xFEFF))) text.remove(0, 1);  // a UTF-8 byte order mark
    if (text.trimmed().isEmpty()) {
        result.error = QObject::tr("the file is empty: there are no rows to import");
        return result;
    }
    CsvTable t;
    t.delimiter = options.delimiter.isNull() ? detectDelimiter(text) : options.delimiter;
    QList<RawRecord> recs;
    if (!splitRecords(text, t.delimiter, recs, &result.error)) return result;
    recs.erase(std::remove_if(recs.begin(), recs.end(), [](const RawRecord& r) { return r.blank; }), recs.end());
    if (recs.isEmpty()) {
        result.error = QObject::tr("the file is empty: there are no rows to import");
        return result;
    }
    const int columns = int(recs.first().fields.size());
    for (const RawRecord& r : recs)
        if (r.fields.size() != columns) {
            result.error = QObject::tr("line %1 has %2 fields, but line %3 has %4 (is a delimiter missing or extra?)")
                               .arg(r.line)
                               .arg(r.fields.size())
                               .arg(recs.first().line)
                               .arg(columns);
            return result;
        }

    // A header: the first line has text where the second has a number.
    bool header = false;
    if (options.header) {
        header = *options.header;
    } else if (recs.size() >= 2) {
        for (int c = 0; c < columns && !header; ++c)
            header = !parseCsvNumber(recs[0].fields[c], t.delimiter) && !recs[0].fields[c].isEmpty() &&
                     parseCsvNumber(recs[1].fields[c], t.delimiter);
    }
    t.hasHeader = header;
    for (int c = 0; c < columns; ++c) {
        const QString name = header ? recs[0].fields[c].trimmed() : QString();
        t.columnNames << (name.isEmpty() ? QObject::tr("column %1").arg(c + 1) : name);
    }
    for (qsizetype r = header ? 1 : 0; r < recs.size(); ++r) {
        t.rows << recs[r].fields;
        t.lines << recs[r].line;
    }
    result.table = std::move(t);
    return result;
}

CsvTableResult readCsvFile(const QString& path, const CsvReadOptions& options) {
    CsvTableResult result;
    const QString name = QFileInfo(path).fileName();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        result.error = QObject::tr("%1 cannot be opened (%2)").arg(path, f.errorString());
        return result;
    }
    if (f.size() > kMaxCsvBytes) {
        result.error = QObject::tr("%1 is too large (%2 MiB; at most %3 MiB)")
                           .arg(name)
                           .arg(f.size() >> 20)
                           .arg(kMaxCsvBytes >> 20);
        return result;
    }
    result = parseCsv(QString::fromUtf8(f.readAll()), options);
    if (!result.table) result.error = QString("%1: %2").arg(name, result.error);
    return result;
}

bool isNumericColumn(const CsvTable& t, int column, int sampleRows) {
    bool any = false;
    for (int r = 0; r < t.rowCount() && r < sampleRows; ++r) {
        const QString& f = t.rows[r][column];
        if (f.isEmpty()) continue;
        if (!parseCsvNumber(f, t.delimiter)) return false;
        any = true;
    }
    return any;
}

CsvColumns guessColumns(const CsvTable& t) {
    CsvColumns c;
    if (t.columnCount() == 0) return c;
    for (const QString& wanted : kLabelNames) {
        for (int i = 0; i < t.columnCount() && c.label < 0; ++i)
            if (t.columnNames[i].compare(wanted, Qt::CaseInsensitive) == 0) c.label = i;
        if (c.label >= 0) break;
    }
    if (c.label < 0) {
        c.label = t.columnCount() - 1;
        // Skip trailing columns that are empty everywhere (a delimiter at the end of each line).
        while (c.label > 0) {
            bool empty = true;
            for (int r = 0; r < t.rowCount() && r < 500 && empty; ++r) empty = t.rows[r][c.label].isEmpty();
            if (!empty) break;
            --c.label;
        }
    }
    // Features: columns that are mostly numbers. A few bad cells keep the column, so the import names them instead
    // of dropping the column silently; text columns (ids, names) are left out.
    for (int i = 0; i < t.columnCount(); ++i) {
        if (i == c.label) continue;
        int numbers = 0, filled = 0;
        for (int r = 0; r < t.rowCount() && r < 500; ++r) {
            if (t.rows[r][i].isEmpty()) continue;
            ++filled;
            if (parseCsvNumber(t.rows[r][i], t.delimiter)) ++numbers;
        }
        if (filled > 0 && 2 * numbers > filled) c.features << i;
    }
    for (int i : c.features) {
        double sum = 0, sumSq = 0, far = 0;
        int count = 0;
        for (int r = 0; r < t.rowCount() && r < 2000; ++r)
            if (const auto v = parseCsvNumber(t.rows[r][i], t.delimiter)) {
                sum += *v;
                sumSq += *v * *v;
                far = std::max(far, std::abs(*v));
                ++count;
            }
        if (count == 0) continue;
        const double mean = sum / count, spread = std::sqrt(std::max(0.0, sumSq / count - mean * mean));
        if (std::abs(mean) > spread || far > 10) c.standardize = true;
    }

    // Text, or a few whole numbers: classes. Many distinct or fractional values: a value to predict.
    if (!isNumericColumn(t, c.label)) {
        c.target = CsvTarget::Classes;
    } else {
        QSet<double> distinct;
        bool whole = true;
        for (int r = 0; r < t.rowCount() && r < 2000; ++r) {
            const auto v = parseCsvNumber(t.rows[r][c.label], t.delimiter);
            if (!v) continue;
            whole = whole && *v == std::round(*v);
            distinct.insert(*v);
        }
        const QString name = t.columnNames[c.label].toLower();
        const bool namedValue = t.hasHeader && (name == "target" || name == "y" || name == "value");
        c.target = whole && distinct.size() <= kManyCsvClasses && !namedValue ? CsvTarget::Classes
                                                                              : CsvTarget::Regression;
    }
    return c;
}

CsvDatasetResult csvToDataset(const CsvTable& t, const CsvColumns& cols) {
    CsvDatasetResult result;
    const auto fail = [&](const QString& e) {
        result.error = e;
        return result;
    };
    const auto failAt = [&](int row, int col, const QString& what) {
        result.errorRow = row;
        result.errorColumn = col;
        return fail(cellError(t, row, col, what));
    };
    if (cols.label < 0 || cols.label >= t.columnCount())
        return fail(QObject::tr("choose the column that holds the labels"));
    if (cols.features.isEmpty()) return fail(QObject::tr("choose at least one feature column"));
    for (int c : cols.features) {
        if (c < 0 || c >= t.columnCount()) return fail(QObject::tr("feature column %1 does not exist").arg(c + 1));
        if (c == cols.label)
            return fail(QObject::tr("column %1 (\"%2\") cannot be both a feature and the label")
                            .arg(c + 1)
                            .arg(t.columnNames[c]));
    }
    if (t.rowCount() == 0) return fail(QObject::tr("there are no data rows, only a header"));

    engine::Dataset d;
    const int n = t.rowCount(), dims = int(cols.features.size());
    d.X.resize(dims, n);
    for (int c : cols.features) d.inputNames.push_back(t.columnNames[c].toStdString());
    for (int r = 0; r < n; ++r)
        for (int i = 0; i < dims; ++i) {
            const int c = cols.features[i];
            const QString& f = t.rows[r][c];
            const auto v = parseCsvNumber(f, t.delimiter);
            if (!v)
                return failAt(r, c,
                              f.isEmpty() ? QObject::tr("the value is missing")
                                          : QObject::tr("\"%1\" is not a number").arg(f));
            d.X(i, r) = *v;
        }
    if (cols.standardize)
        for (int i = 0; i < dims; ++i) {
            const double mean = d.X.row(i).mean();
            const double sd = std::sqrt((d.X.row(i).array() - mean).square().mean());
            d.X.row(i).array() -= mean;
            if (sd > 0 && std::isfinite(sd)) d.X.row(i) /= sd;
        }

    const int lc = cols.label;
    if (cols.target == CsvTarget::Regression) {
        d.task = engine::Task::Regression;
        d.numClasses = 0;
        d.targets.resize(1, n);
        for (int r = 0; r < n; ++r) {
            const QString& f = t.rows[r][lc];
            const auto v = parseCsvNumber(f, t.delimiter);
            if (!v)
                return failAt(r, lc,
                              f.isEmpty() ? QObject::tr("the target value is missing")
                                          : QObject::tr("\"%1\" is not a number").arg(f));
            d.targets(0, r) = *v;
        }
    } else {
        d.task = engine::Task::Classification;
        // Whole numbers stay numbers (sorted by value); anything else is a name.
        bool integers = true;
        std::vector<long long> values(std::size_t(n), 0);
        for (int r = 0; r < n; ++r) {
            const QString& f = t.rows[r][lc];
            if (f.isEmpty()) return failAt(r, lc, QObject::tr("the label is missing"));
            const auto v = parseCsvNumber(f, t.delimiter);
            if (!v || *v != std::round(*v) || std::abs(*v) > 1e15) integers = false;
            else values[std::size_t(r)] = static_cast<long long>(*v);
        }
        std::vector<int> labels(static_cast<std::size_t>(n));
        if (integers) {
            std::map<long long, int> index;
            for (long long v : values) index.emplace(v, 0);
            if (int(index.size()) > kMaxCsvClasses)
                return fail(QObject::tr("column %1 (\"%2\") has %3 different labels, more than the %4 classes the app "
                                        "can show: is it a value to predict (regression)?")
                                .arg(lc + 1)
                                .arg(t.columnNames[lc])
                                .arg(index.size())
                                .arg(kMaxCsvClasses));
            const bool zeroBased = index.begin()->first == 0 &&
                                   index.rbegin()->first == static_cast<long long>(index.size()) - 1;
            int k = 0;
            for (auto& [value, idx] : index) {
                idx = k++;
                if (!zeroBased) d.classNames.push_back(std::to_string(value));
            }
            for (int r = 0; r < n; ++r) labels[std::size_t(r)] = index[values[std::size_t(r)]];
            d.numClasses = int(index.size());
        } else {
            QStringList names;
            QSet<QString> seen;
            int numbers = 0;
            for (int r = 0; r < n; ++r) {
                const QString& f = t.rows[r][lc];
                if (!seen.contains(f)) {
                    seen.insert(f);
                    names << f;
                    numbers += parseCsvNumber(f, t.delimiter).has_value();
                    if (names.size() > kMaxCsvClasses)
                        return fail(QObject::tr("column %1 (\"%2\") has more than %3 different labels: is it a value "
                                                "to predict (regression)? The first too many is on line %4.")
                                        .arg(lc + 1)
                                        .arg(t.columnNames[lc])
                                        .arg(kMaxCsvClasses)
                                        .arg(t.lines[r]));
                }
            }
            std::sort(names.begin(), names.end(), naturalLess);
            QHash<QString, int> index;
            for (int k = 0; k < names.size(); ++k) {
                index.insert(names[k], k);
                d.classNames.push_back(names[k].toStdString());
            }
            for (int r = 0; r < n; ++r) labels[std::size_t(r)] = index.value(t.rows[r][lc]);
            d.numClasses = int(names.size());
            if (2 * numbers > names.size())
                result.warning = QObject::tr("column %1 (\"%2\") holds fractional numbers, and each different value "
                                             "becomes a class of its own (%3 classes): if the network should predict "
                                             "these values, choose \"a value to predict\"")
                                     .arg(lc + 1)
                                     .arg(t.columnNames[lc])
                                     .arg(d.numClasses);
        }
        if (result.warning.isEmpty() && d.numClasses > kManyCsvClasses)
            result.warning = QObject::tr("column %1 (\"%2\") gives %3 classes: if these are measurements to predict "
                                         "rather than kinds, choose \"a value to predict\"")
                                 .arg(lc + 1)
                                 .arg(t.columnNames[lc])
                                 .arg(d.numClasses);
        if (d.numClasses < 2)
            return fail(QObject::tr("column %1 (\"%2\") holds only one class (\"%3\"): a classifier needs at least two")
                            .arg(lc + 1)
                            .arg(t.columnNames[lc])
                            .arg(t.rows[0][lc]));
        d.labels = std::move(labels);
    }
    if (const std::string e = d.validate(); !e.empty()) return fail(QString::fromStdString(e));
    result.dataset = std::move(d);
    return result;
}

CsvDatasetResult importCsvFile(const QString& path) {
    const CsvTableResult t = readCsvFile(path);
    if (!t.table) {
        CsvDatasetResult failed;
        failed.error = t.error;
        return failed;
    }
    CsvDatasetResult r = csvToDataset(*t.table, guessColumns(*t.table));
    if (!r.dataset) r.error = QString("%1: %2").arg(QFileInfo(path).fileName(), r.error);
    return r;
}

QString datasetToCsv(const engine::Dataset& d) {
    const engine::Index dims = d.inputDim(), n = d.size();
    QStringList header;
    const bool named = engine::Index(d.inputNames.size()) == dims && uniqueNonEmpty(d.inputNames);
    for (engine::Index i = 0; i < dims; ++i)
        header << quoteField(named ? QString::fromStdString(d.inputNames[std::size_t(i)]) : QString("x%1").arg(i + 1));
    const bool regression = d.task == engine::Task::Regression;
    const engine::Index targetRows = regression ? d.targets.rows() : 0;
    if (regression) {
        for (engine::Index k = 0; k < targetRows; ++k)
            header << (targetRows == 1 ? QString("target") : QString("target%1").arg(k + 1));
    } else {
        header << "label";
    }
    const bool names = !regression && int(d.classNames.size()) == d.numClasses && uniqueNonEmpty(d.classNames);

    QString out = header.join(',') + '\n';
    out.reserve(int(std::min<engine::Index>(n * (dims + 1) * 12, 1 << 28)));
    for (engine::Index j = 0; j < n; ++j) {
        for (engine::Index i = 0; i < dims; ++i) {
            out += numberText(d.X(i, j));
            out += ',';
        }
        if (regression) {
            for (engine::Index k = 0; k < targetRows; ++k) {
                if (k) out += ',';
                out += numberText(d.targets(k, j));
            }
        } else {
            const int label = j < engine::Index(d.labels.size()) ? d.labels[std::size_t(j)] : 0;
            out += names ? quoteField(QString::fromStdString(d.classNames[std::size_t(label)]).trimmed())
                         : QString::number(label);
        }
        out += '\n';
    }
    return out;
}

bool saveDatasetCsv(const QString& path, const engine::Dataset& d, QString* error) {
    QSaveFile f(path);
    const QByteArray bytes = datasetToCsv(d).toUtf8();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error) *error = QObject::tr("%1 cannot be written (%2)").arg(path, f.errorString());
        return false;
    }
    return true;
}

}  // namespace app
