#include "app/document/json_field.h"
#include <QLocale>

namespace app::json {

void fail(const QString& message) { throw JsonError{message}; }

QString shown(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Null: return "null";
    case QJsonValue::Bool: return v.toBool() ? "true" : "false";
    case QJsonValue::Double: {
        const double x = v.toDouble();
        if (std::floor(x) == x && std::abs(x) < 1e15) return QString::number(qint64(x));  // 10000000, not 1e+07
        return QString::number(x, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::String: {
        QString s = v.toString();
        if (s.size() > 40) s = s.left(37) + "...";
        return '"' + s + '"';
    }
    case QJsonValue::Array: return "an array";
    case QJsonValue::Object: return "an object";
    case QJsonValue::Undefined: break;
    }
    return "nothing";
}

void optNumber(const Field& parent, const char* key, double& out, const Bounds& b) {
    if (const Field f = parent[key]; f.present()) out = f.number(b);
}
void optWhole(const Field& parent, const char* key, int& out, int lo, int hi) {
    if (const Field f = parent[key]; f.present()) out = f.whole(lo, hi);
}
void optCount(const Field& parent, const char* key, long long& out) {
    if (const Field f = parent[key]; f.present()) out = f.count();
}
void optBool(const Field& parent, const char* key, bool& out) {
    if (const Field f = parent[key]; f.present()) out = f.boolean();
}
void optSeed(const Field& parent, const char* key, std::uint64_t& out) {
    if (const Field f = parent[key]; f.present()) out = f.seed();
}

std::vector<std::string> readStrings(const Field& f) {
    std::vector<std::string> out;
    const QJsonArray a = f.array();
    for (qsizetype i = 0; i < a.size(); ++i) out.push_back(f.item(a, i).string().toStdString());
    return out;
}

void onlyKeys(const Field& object, const QStringList& known) {
    for (const QString& k : object.object().keys())
        if (!known.contains(k))
            fail(QString("%1 has no setting \"%2\"; the known ones are %3")
                     .arg(object.path().isEmpty() ? QString("the object") : object.path(), k, known.join(", ")));
}

}  // namespace app::json
