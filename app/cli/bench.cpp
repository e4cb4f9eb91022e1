// `nnlab bench`: parses the arguments, runs the chosen workloads (each --repeat times, reporting the median of every
// figure), prints one JSON line per workload on stdout and a readable table on stderr. Figures: docs/benchmarks.md.
#include "app/cli/bench.h"
#include "app/cli/bench_workloads.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace app {
namespace {

QString benchUsage() {
    return QString("usage: nnlab bench [--only NAME[,NAME...]] [--repeat N]\n"
                   "  workloads: %1\n"
                   "  --repeat N   run each workload N times (1 to 100) and report the median of each figure\n"
                   "  One JSON line per workload on stdout; a readable table on stderr.\n")
        .arg(bench::workloadNames().join(", "));
}

int benchUsageError(const QString& message) {
    QTextStream err(stderr);
    err << "nnlab bench: " << message << "\n\n" << benchUsage();
    return 2;
}

// Every numeric figure is the median over the runs; strings (and runs that failed) come from the first run.
QJsonObject median(const std::vector<QJsonObject>& runs) {
    QJsonObject m = runs.front();
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (!it.value().isDouble()) continue;
        std::vector<double> v;
        for (const QJsonObject& r : runs)
            if (r.value(it.key()).isDouble()) v.push_back(r.value(it.key()).toDouble());
        std::sort(v.begin(), v.end());
        const std::size_t n = v.size();
        it.value() = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
    m["repeat"] = int(runs.size());
    return m;
}

// One line of JSON with the figures a reader looks for first, then the rest in alphabetical order.
QByteArray jsonLine(const QJsonObject& j) {
    static const QStringList first{"name",   "samples_per_s", "steps_per_s", "ms_per_frame",
                                   "scalar", "threads",       "final_loss",  "error"};
    QStringList keys;
    for (const QString& k : first)
        if (j.contains(k)) keys << k;
    for (const QString& k : j.keys())
        if (!first.contains(k)) keys << k;
    QByteArray out = "{";
    for (const QString& k : keys) {
        // The key and its value as QJsonDocument writes them ("key",value inside an array), joined by a colon.
        const QByteArray pair = QJsonDocument(QJsonArray{k, j.value(k)}).toJson(QJsonDocument::Compact);
        const QByteArray key = QJsonDocument(QJsonArray{k}).toJson(QJsonDocument::Compact);
        if (out.size() > 1) out += ',';
        out += key.mid(1, key.size() - 2) + ':' + pair.mid(key.size(), pair.size() - key.size() - 1);
    }
    return out + '}';
}

QString rate(const QJsonObject& j, const char* key) {
    if (!j.value(key).isDouble()) return "-";
    const double v = j.value(key).toDouble();
    if (v >= 1e6) return QString::number(v / 1e6, 'f', 2) + " M";
    if (v >= 1e3) return QString::number(v / 1e3, 'f', 1) + " k";
    return QString::number(v, 'f', 1);
}

QString ms(const QJsonObject& j, const char* key) {
    return j.value(key).isDouble() ? QString::number(j.value(key).toDouble(), 'f', 2) : QString("-");
}

// The targets, for the table.
QString target(const QString& name) {
    if (name == "w1-xor") return ">= 13 M samples/s";
    if (name == "w2-spiral") return ">= 6.5 M samples/s";
    if (name == "w3-digits") return ">= 0.8 M samples/s";
    if (name == "w4-wide") return ">= 60 k samples/s";
    if (name == "w5-conv") return ">= 4x PyTorch (tools/bench/torch_conv.py)";
    if (name == "boundary") return "<= 2.5 ms/frame";
    if (name == "ui-frames") return "p99 <= 20 ms, >= 90 % of headless";
    return "";
}

void printTable(const std::vector<QJsonObject>& results) {
    QTextStream err(stderr);
    err << "\n"
        << QString("%1 %2 %3 %4 %5 %6  %7\n")
               .arg("workload", -10)
               .arg("samples/s", 12)
               .arg("steps/s", 12)
               .arg("ms/frame", 9)
               .arg("final loss", 11)
               .arg("cpu", 5)
               .arg("target");
    for (const QJsonObject& j : results) {
        const QString name = j.value("name").toString();
        if (j.contains("error")) {
            err << QString("%1 failed: %2\n").arg(name, -10).arg(j.value("error").toString());
            continue;
        }
        const QString loss = j.value("final_loss").isDouble()
                                 ? QString::number(j.value("final_loss").toDouble(), 'g', 4)
                                 : QString("-");
        const QString cpu = j.value("cpu_share").isDouble()
                                ? QString::number(j.value("cpu_share").toDouble() * 100, 'f', 0) + " %"
                                : QString("-");
        err << QString("%1 %2 %3 %4 %5 %6  %7\n")
                   .arg(name, -10)
                   .arg(rate(j, "samples_per_s"), 12)
                   .arg(rate(j, "steps_per_s"), 12)
                   .arg(ms(j, "ms_per_frame"), 9)
                   .arg(loss, 11)
                   .arg(cpu, 5)
                   .arg(target(name));
        if (name == "boundary")
            err << QString("%1 forward pass alone: %2 ms/frame; in float: %3 ms/frame\n")
                       .arg("", -10)
                       .arg(ms(j, "forward_ms_per_frame"))
                       .arg(ms(j, "forward_float_ms_per_frame"));
        if (name == "ui-frames")
            err << QString("%1 UI event interval median %2 ms, p99 %3 ms, max %4 ms; frames every %5 ms (median);\n"
                           "%1 training with the window %6 steps/s = %7 % of headless %8 steps/s\n")
                       .arg("", -10)
                       .arg(ms(j, "ui_interval_median_ms"))
                       .arg(ms(j, "ui_interval_p99_ms"))
                       .arg(ms(j, "ui_interval_max_ms"))
                       .arg(ms(j, "frame_interval_median_ms"))
                       .arg(rate(j, "steps_per_s"))
                       .arg(j.value("with_ui_ratio").toDouble() * 100, 0, 'f', 1)
                       .arg(rate(j, "headless_steps_per_s"));
    }
    err << "(cpu: the share of the wall time the workload's thread ran; below 100 % other processes took the rest)\n"
        << "(median of " << (results.empty() ? 0 : results.front().value("repeat").toInt())
        << " run(s); trained in float: parameters, optimizer, layers and loss; one training thread)\n";
}

}  // namespace

int runBench(const QStringList& args) {
    QStringList only;
    int repeat = 1;
    bench::Options options;
    for (int i = 2; i < args.size(); ++i) {
        QString a = args[i], value;
        const bool valued = a == "--only" || a == "--repeat";
        if (const int eq = a.indexOf('='); a.startsWith("--") && eq > 0) {
            value = a.mid(eq + 1);
            a = a.left(eq);
        } else if (valued) {
            if (i + 1 >= args.size()) return benchUsageError(a + " needs a value");
            value = args[++i];
        }
        if (a == "--help" || a == "-h") {
            QTextStream(stdout) << benchUsage();
            return 0;
        } else if (a == "--quick") {
            options.quick = true;  // hidden: for the test, 1/100 of the work
        } else if (a == "--only") {
            for (const QString& n : value.split(',', Qt::SkipEmptyParts)) {
                if (!bench::workloadNames().contains(n))
                    return benchUsageError(QString("no workload named \"%1\"").arg(n));
                only << n;
            }
            if (only.isEmpty()) return benchUsageError("--only needs a workload name");
        } else if (a == "--repeat") {
            bool ok = false;
            repeat = value.toInt(&ok);
            if (!ok || repeat < 1 || repeat > 100)
                return benchUsageError("--repeat needs a whole number from 1 to 100");
        } else {
            return benchUsageError(QString("unknown argument \"%1\"").arg(args[i]));
        }
    }
    if (only.isEmpty()) only = bench::workloadNames();

    std::vector<QJsonObject> results;
    QTextStream err(stderr);
    for (const QString& name : bench::workloadNames()) {
        if (!only.contains(name)) continue;
        std::vector<QJsonObject> runs;
        for (int r = 0; r < repeat; ++r) {
            err << "nnlab bench: " << name << " run " << (r + 1) << "/" << repeat << "\n";
            err.flush();
            runs.push_back(bench::runWorkload(name, options));
            if (runs.back().contains("error")) break;
        }
        const QJsonObject m = runs.back().contains("error") ? runs.back() : median(runs);
        std::fputs(jsonLine(m).constData(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
        results.push_back(m);
    }
    printTable(results);
    // Slow figures are reported, never judged here (the bench is not part of the build or the tests' verdict);
    // exit 1 only when a workload could not run at all, with the reason in its JSON line ("error").
    const bool failed = std::any_of(results.begin(), results.end(),
                                    [](const QJsonObject& j) { return j.contains("error"); });
    return failed ? 1 : 0;
}

}  // namespace app
