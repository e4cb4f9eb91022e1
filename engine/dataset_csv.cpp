// The loaders of the bundled CSV data sets (resources/datasets/README.md describes the formats).
#include "engine/dataset.h"
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace engine {

namespace {

// Reads a small CSV file line by line and reports errors as "path:line: what".
class CsvReader {
public:
    explicit CsvReader(const std::string& path) : m_path(path), m_in(path) {
        if (!m_in) {
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) throw std::runtime_error(path + ": file not found");
            throw std::runtime_error(path + ": cannot be opened for reading");
        }
    }
    // The next non-blank line split at commas (fields trimmed); false at the end of the file.
    bool next(std::vector<std::string>& fields) {
        std::string line;
        while (std::getline(m_in, line)) {
            ++m_line;
            if (m_line == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 byte-order mark
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            fields.clear();
            std::size_t start = 0;
            while (true) {
                const std::size_t comma = line.find(',', start);
                fields.push_back(
                    trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
            return true;
        }
        if (m_in.bad()) fail("read error");
        return false;
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error(m_path + ":" + std::to_string(m_line) + ": " + what);
    }
    double number(const std::string& field, std::size_t col) const {
        double v = 0;
        const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
        if (field.empty() || ec != std::errc() || end != field.data() + field.size() || !std::isfinite(v))
            fail("field " + std::to_string(col + 1) + " \"" + field + "\" is not a number");
        return v;
    }
    int integer(const std::string& field, std::size_t col, const char* what) const {
        int v = 0;
        const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
        if (field.empty() || ec != std::errc() || end != field.data() + field.size())
            fail(std::string(what) + " (field " + std::to_string(col + 1) + ") \"" + field + "\" is not an integer");
        return v;
    }
    int line() const { return m_line; }

private:
    static std::string trim(const std::string& s) {
        const auto b = s.find_first_not_of(" \t\r");
        if (b == std::string::npos) return {};
        return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
    }
    std::string m_path;
    std::ifstream m_in;
    int m_line = 0;
};

// "p0", "f3", ... (not "p" + std::to_string(i): GCC 12 inlines that into a false -Wrestrict warning).
std::string indexedName(char prefix, int i) { return std::string(1, prefix).append(std::to_string(i)); }

void expectFields(const CsvReader& csv, const std::vector<std::string>& f, std::size_t n, const std::string& layout) {
    if (f.size() != n)
        csv.fail("expected " + std::to_string(n) + " fields (" + layout + "), found " + std::to_string(f.size()));
}

}  // namespace

Dataset loadDigitsCsv(const std::string& path) {
    constexpr int pixels = 64, classes = 10;
    CsvReader csv(path);
    std::vector<std::vector<double>> rows;
    std::vector<int> labels;
    std::vector<std::string> f;
    while (csv.next(f)) {
        expectFields(csv, f, pixels + 1, "64 pixels, then the label");
        std::vector<double> row(pixels);
        for (int i = 0; i < pixels; ++i) {
            row[std::size_t(i)] = csv.number(f[std::size_t(i)], std::size_t(i));
            if (row[std::size_t(i)] < 0 || row[std::size_t(i)] > 16)
                csv.fail("pixel " + std::to_string(i) + " is " + f[std::size_t(i)] + ", outside 0..16");
        }
        const int label = csv.integer(f[pixels], pixels, "the label");
        if (label < 0 || label >= classes) csv.fail("label " + std::to_string(label) + " is outside 0..9");
        rows.push_back(std::move(row));
        labels.push_back(label);
    }
    if (rows.empty()) throw std::runtime_error(path + ": no samples in the file");

    Dataset d;
    d.task = Task::Classification;
    d.numClasses = classes;
    for (int k = 0; k < classes; ++k) d.classNames.push_back(std::to_string(k));
    for (int i = 0; i < pixels; ++i) d.inputNames.push_back(indexedName('p', i));
    d.X.resize(pixels, Index(rows.size()));
    for (std::size_t j = 0; j < rows.size(); ++j)
        for (int i = 0; i < pixels; ++i) d.X(i, Index(j)) = rows[j][std::size_t(i)];
    d.labels = std::move(labels);
    return d;
}

Dataset loadIrisCsv(const std::string& path) {
    CsvReader csv(path);
    std::vector<std::string> f;
    if (!csv.next(f))
        throw std::runtime_error(path + ": the file is empty (expected a header \"rows,features,names...\")");
    if (f.size() < 3)
        csv.fail("the header needs rows, features and at least one class name; found " + std::to_string(f.size()) +
                 " fields");
    const int rowsExpected = csv.integer(f[0], 0, "the row count");
    const int features = csv.integer(f[1], 1, "the feature count");
    if (rowsExpected < 1) csv.fail("the row count " + f[0] + " must be positive");
    if (features < 1 || features > 1000) csv.fail("the feature count " + f[1] + " must be in 1..1000");
    Dataset d;
    d.task = Task::Classification;
    d.classNames.assign(f.begin() + 2, f.end());
    d.numClasses = int(d.classNames.size());
    for (std::size_t k = 0; k < d.classNames.size(); ++k)
        if (d.classNames[k].empty()) csv.fail("class name " + std::to_string(k) + " is empty");
    if (features == 4) d.inputNames = {"sepal length", "sepal width", "petal length", "petal width"};  // cm
    else
        for (int i = 0; i < features; ++i) d.inputNames.push_back(indexedName('f', i));

    std::vector<double> values;
    const std::string layout = std::to_string(features) + " measures, then the class";
    while (csv.next(f)) {
        expectFields(csv, f, std::size_t(features) + 1, layout);
        for (int i = 0; i < features; ++i) values.push_back(csv.number(f[std::size_t(i)], std::size_t(i)));
        const int label = csv.integer(f[std::size_t(features)], std::size_t(features), "the class");
        if (label < 0 || label >= d.numClasses)
            csv.fail("class " + std::to_string(label) + " is outside 0.." + std::to_string(d.numClasses - 1));
        d.labels.push_back(label);
    }
    if (int(d.labels.size()) != rowsExpected)
        throw std::runtime_error(path + ":1: the header says " + std::to_string(rowsExpected) + " rows, the file has " +
                                 std::to_string(d.labels.size()));
    d.X = Eigen::Map<const Matrix>(values.data(), features, Index(d.labels.size()));  // row-major file = column-major X
    return d;
}

}  // namespace engine
