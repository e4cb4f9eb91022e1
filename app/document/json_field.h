// One strict reader for every JSON the app reads (project files, lesson setup blocks): a value with its path
// ("training.optimizer.learningRate") that says what it must be and what it found, as one sentence, when it is not.
// A text where a number belongs, a number out of its range, an unknown name: each is an error, never a silent default.
#pragma once
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace app::json {

// What the readers throw; message is one sentence naming the path of the bad value.
struct JsonError {
    QString message;
};
[[noreturn]] void fail(const QString& message);

// A value as a message shows it: "null", "\"abc\"", "an array", 12.5.
QString shown(const QJsonValue& v);

constexpr double kInf = std::numeric_limits<double>::infinity();
// Allowed range of a number, with the words a message uses for it.
struct Bounds {
    double lo, hi;
    bool loOpen, hiOpen;
    const char* text;
    bool contains(double x) const {
        return std::isfinite(x) && (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
    }
};
inline const Bounds kFinite{-kInf, kInf, false, false, "a finite number"};
inline const Bounds kNonNegative{0, kInf, false, false, "a number ≥ 0"};
inline const Bounds kPositive{0, kInf, true, false, "a number > 0"};
inline const Bounds kFraction{0, 1, false, false, "a number from 0 to 1"};
inline const Bounds kBeta{0, 1, false, true, "a number from 0 up to (not including) 1"};
inline const Bounds kTrainRatio{0, 1, true, false, "a number above 0 and at most 1"};

// A JSON value with its path ("network.layers[1].units") for messages; `present` is false for a missing member.
class Field {
public:
    Field(const QJsonValue& value, QString path, bool present = true)
        : m_value(value), m_path(std::move(path)), m_present(present) {}

    bool present() const { return m_present; }
    bool isNull() const { return m_present && m_value.isNull(); }
    const QString& path() const { return m_path; }

    Field operator[](const char* key) const {
        const QJsonObject o = object();
        const QString path = m_path.isEmpty() ? QString(key) : m_path + '.' + key;
        const auto it = o.constFind(QLatin1String(key));
        return it == o.constEnd() ? Field(QJsonValue(), path, false) : Field(*it, path);
    }
    static QString itemPath(const QString& path, qsizetype i) {
        return QString("%1[%2]").arg(path, QString::number(i));
    }
    Field item(const QJsonArray& a, qsizetype i) const { return Field(a.at(i), itemPath(m_path, i)); }

    [[noreturn]] void wrong(const QString& requirement) const {
        fail(QString("%1 must be %2 (found %3)").arg(m_path, requirement, shown(m_value)));
    }
    QJsonObject object() const {
        require();
        if (!m_value.isObject()) wrong("an object { ... }");
        return m_value.toObject();
    }
    QJsonArray array() const {
        require();
        if (!m_value.isArray()) wrong("an array [ ... ]");
        return m_value.toArray();
    }
    QString string() const {
        require();
        if (!m_value.isString()) wrong("a string");
        return m_value.toString();
    }
    bool boolean() const {
        require();
        if (!m_value.isBool()) wrong("true or false");
        return m_value.toBool();
    }
    double number(const Bounds& b = kFinite) const {
        require();
        if (!m_value.isDouble() || !b.contains(m_value.toDouble())) wrong(b.text);
        return m_value.toDouble();
    }
    // A whole number in [lo, hi]; hi is a hard limit of the program (int), reported as such.
    int whole(int lo, int hi = INT_MAX) const {
        const QString req = hi == INT_MAX ? QString("a whole number ≥ %1").arg(lo)
                                          : QString("a whole number from %1 to %2").arg(lo).arg(hi);
        require();
        const double x = m_value.isDouble() ? m_value.toDouble() : std::nan("");
        if (!(x >= lo) || std::floor(x) != x) wrong(req);
        if (x > hi) fail(QString("%1 is %2; the most allowed is %3").arg(m_path, shown(m_value), QString::number(hi)));
        return int(x);
    }
    long long count() const {
        require();
        const double x = m_value.isDouble() ? m_value.toDouble() : std::nan("");
        const qint64 n = m_value.toInteger(-1);  // exact for integer literals up to 2^63 - 1
        if (!(x >= 0) || std::floor(x) != x || n < 0) wrong("a whole number ≥ 0");
        return n;
    }
    std::uint64_t seed() const {
        require();
        const char* req = "a whole number ≥ 0, or a string of decimal digits for seeds above 2^53";
        if (m_value.isString()) {
            const QString s = m_value.toString();
            bool ok = !s.isEmpty() && s.size() <= 20;
            for (QChar c : s) ok = ok && c >= '0' && c <= '9';
            const qulonglong v = ok ? s.toULongLong(&ok, 10) : 0;
            if (!ok) wrong(req);
            return v;
        }
        const double x = m_value.isDouble() ? m_value.toDouble() : std::nan("");
        const qint64 n = m_value.toInteger(-1);
        if (!(x >= 0) || std::floor(x) != x || n < 0) wrong(req);
        return std::uint64_t(n);
    }
    // Enum by name; an unknown name lists the valid ones.
    template <class E, class NameFn, class FromFn>
    E named(const char* what, const std::vector<E>& all, NameFn name, FromFn from) const {
        const QString s = string();
        if (const std::optional<E> e = from(s.toStdString())) return *e;
        QStringList valid;
        for (E e : all) valid << QString::fromStdString(name(e));
        fail(QString("%1 is \"%2\", which is not a known %3; the valid names are %4")
                 .arg(m_path, s, QString(what), valid.join(", ")));
    }

private:
    void require() const {
        if (!m_present) fail(QString("%1 is missing").arg(m_path));
    }
    QJsonValue m_value;
    QString m_path;
    bool m_present;
};

void optNumber(const Field& parent, const char* key, double& out, const Bounds& b);
void optWhole(const Field& parent, const char* key, int& out, int lo, int hi = INT_MAX);
void optCount(const Field& parent, const char* key, long long& out);
void optBool(const Field& parent, const char* key, bool& out);
void optSeed(const Field& parent, const char* key, std::uint64_t& out);
std::vector<std::string> readStrings(const Field& f);
// Fails naming any key of the object that is not in `known` (a misspelt key would otherwise be ignored).
void onlyKeys(const Field& object, const QStringList& known);

}  // namespace app::json
