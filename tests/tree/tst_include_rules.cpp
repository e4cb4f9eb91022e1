// Which way includes may point, read from the #include lines of the tree. Each room (a folder) lists the folders it may
// include and the Qt modules it may use: the engine knows no Qt and no other folder; widgets' drawing is Qt Gui;
// widgets know neither the app nor the lessons; the lessons' format is Qt Core; the files library (app/document) and
// the model writers (app/export) are Qt Core; the training thread (app/training) includes only the document, the
// engine and widgets' drawing; the session knows no window and no widget; nothing but the command line includes it.
// A Qt header counts as Core (or Gui) when Qt's QtCore (or QtGui) folder holds it. A broken rule names the file, the
// line and the rule.
#include <QDir>
#include "nnlab_test_paths.h"
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>
#include <functional>

namespace {

struct Include {
    QString file;  // relative to the root
    int line;
    QString target;  // "engine/network.h" or "QWidget" (angle brackets without them)
    bool angled;
};

// What Qt module a header of angle brackets belongs to: "Core", "Gui", "Widgets"..., or "" when not Qt.
QString qtModuleOf(const QString& header) {
    static const QString root = QT_INCLUDE_ROOT;
    if (!header.startsWith('Q')) return {};
    for (const char* m : {"Core", "Gui", "Widgets", "PrintSupport", "Svg", "Test", "Concurrent"})
        if (QFileInfo::exists(QString("%1/Qt%2/%3").arg(root, m, header)) || header == QString("Qt%1").arg(m) ||
            header.startsWith(QString("Qt%1/").arg(m)))
            return m;
    return "Other";
}

struct Rule {
    QString name;                                // said when broken
    std::function<bool(const QString&)> covers;  // which files (relative path) the rule is about
    std::function<bool(const Include&)> allows;
};

QList<Include> includesUnder(const QString& root, const QStringList& folders) {
    static const QRegularExpression re(R"re(^\s*#\s*include\s*([<"])([^>"]+)[>"])re");
    QList<Include> out;
    for (const QString& folder : folders) {
        QDirIterator it(QDir(root).filePath(folder), {"*.h", "*.cpp"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) continue;
            QTextStream in(&f);
            for (int n = 1; !in.atEnd(); ++n) {
                const QRegularExpressionMatch m = re.match(in.readLine());
                if (m.hasMatch())
                    out.push_back({QDir(root).relativeFilePath(path), n, m.captured(2), m.captured(1) == "<"});
            }
        }
    }
    return out;
}

// A folder's rule: which project folders it may include and which Qt modules ("" after the list: any).
struct Room {
    QString folder;
    QString name;
    QStringList mayInclude;  // folder prefixes of quoted includes ("engine/", "app/document/")
    QStringList qtModules;   // the Qt modules allowed; empty: any
};

const QList<Room>& rooms() {
    static const QStringList window{"app/session/", "app/window/",    "app/panels/",
                                    "app/stepper/", "app/classroom/", "app/media/"};
    static const QString kTools = "tools talk to the session and WindowHost, never to MainWindow";
    static const QStringList kToolIncludes{"engine/",
                                           "widgets/",
                                           "lessons/",
                                           "app/document/",
                                           "app/export/",
                                           "app/training/",
                                           "app/session/",
                                           "app/stepper/",
                                           "app/classroom/",
                                           "app/panels/",
                                           "app/media/",
                                           "app/window/window_host.h",
                                           "app/window/vertical_scroll.h"};
    static const QList<Room> all{
        {"engine/", "the engine includes only the standard library, Eigen and itself", {"engine/"}, {"no Qt"}},
        {"widgets/drawing/",
         "widgets' drawing is Qt Gui and knows no widget",
         {"engine/", "widgets/drawing/"},
         {"Core", "Gui"}},
        {"widgets/", "widgets never include the app or the lessons", {"engine/", "widgets/"}, {}},
        {"lessons/",
         "the lessons' format is Qt Core and knows no app and no widgets",
         {"engine/", "lessons/"},
         {"Core"}},
        {"app/document/",
         "the files library (project file, CSV, IDX, lesson setup, JSON) is Qt Core only",
         {"engine/", "lessons/", "app/document/"},
         {"Core"}},
        {"app/export/",
         "the model writers are Qt Core and know only the document",
         {"engine/", "app/document/", "app/export/"},
         {"Core"}},
        {"app/training/",
         "the training thread's library never includes window code",
         {"engine/", "widgets/drawing/", "app/document/", "app/training/"},
         {"Core", "Gui"}},
        {"app/session/",
         "the session is below the window: no window code, no widgets",
         {"engine/", "lessons/", "app/document/", "app/training/", "app/session/"},
         {}},
        // The tools see the session and the window's small interface, never the window's assembly.
        {"app/stepper/", kTools, kToolIncludes, {}},
        {"app/classroom/", kTools, kToolIncludes, {}},
        {"app/panels/", kTools, kToolIncludes, {}},
        {"app/media/", kTools, kToolIncludes, {}},
        {"app/",
         "the window's rooms never include the command line",
         QStringList{"engine/", "widgets/", "lessons/", "app/document/", "app/export/", "app/training/"} + window,
         {}},
    };
    return all;
}

// The first room (most specific folder) a file belongs to; the command line (app/cli/) may include anything.
const Room* roomOf(const QString& file) {
    if (file.startsWith("app/cli/")) return nullptr;
    for (const Room& r : rooms())
        if (file.startsWith(r.folder)) return &r;
    return nullptr;
}

bool isQt(const Include& i) { return i.angled && !qtModuleOf(i.target).isEmpty(); }

bool allows(const Room& r, const Include& i) {
    if (isQt(i)) return r.qtModules.isEmpty() || r.qtModules.contains(qtModuleOf(i.target));
    if (i.angled) return true;  // the standard library, Eigen, QCustomPlot, onnx...
    for (const QString& prefix : r.mayInclude)
        if (i.target.startsWith(prefix)) return true;
    return false;
}

QStringList violations(const QString& root) {
    QStringList out;
    for (const Include& i : includesUnder(root, {"engine", "widgets", "lessons", "app"}))
        if (const Room* r = roomOf(i.file); r && !allows(*r, i))
            out << QString("%1:%2: #include %3 breaks \"%4\"")
                       .arg(i.file)
                       .arg(i.line)
                       .arg(i.angled ? '<' + i.target + '>' : '"' + i.target + '"', r->name);
    return out;
}

}  // namespace

class TstIncludeRules : public QObject {
    Q_OBJECT
private slots:
    void theTreeKeepsItsDirections() {
        const QStringList broken = violations(NNLAB_SOURCE_DIR);
        QVERIFY2(broken.isEmpty(), qPrintable("\n" + broken.join("\n")));
    }

    void aPlantedBadIncludeIsFound_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("rule");
        QTest::newRow("Qt in the engine") << "engine/network.cpp"
                                          << "#include <QString>"
                                          << "the engine";
        QTest::newRow("app in the engine") << "engine/a.h"
                                           << "#include \"app/document/project.h\""
                                           << "the engine";
        QTest::newRow("app in widgets") << "widgets/plot.cpp"
                                        << "#include \"app/window/main_window.h\""
                                        << "widgets never";
        QTest::newRow("lessons in widgets") << "widgets/v.h"
                                            << "  #  include \"lessons/goal.h\""
                                            << "widgets never";
        QTest::newRow("widgets in lessons") << "lessons/goal.cpp"
                                            << "#include <QWidget>"
                                            << "lessons' format";
        QTest::newRow("Gui in the files") << "app/document/project_file.cpp"
                                          << "#include <QImage>"
                                          << "files library";
        QTest::newRow("window in training") << "app/training/training_thread.cpp"
                                            << "#include \"app/window/main_window.h\""
                                            << "training thread";
        QTest::newRow("Widgets in training") << "app/training/frame_renderer.h"
                                             << "#include <QLabel>"
                                             << "training thread";
    }
    void aPlantedBadIncludeIsFound() {
        QFETCH(QString, file);
        QFETCH(QString, line);
        QFETCH(QString, rule);
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath(QFileInfo(file).path()));
        QFile f(QDir(root.path()).filePath(file));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(("#include <vector>\n#include \"engine/network.h\"\n" + line + "\n").toUtf8());
        f.close();
        const QStringList broken = violations(root.path());
        QCOMPARE(broken.size(), 1);
        QVERIFY2(broken.first().startsWith(file + ":3:") && broken.first().contains(rule), qPrintable(broken.first()));
    }

    void allowedIncludesPass() {
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath("app/training"));
        QFile f(QDir(root.path()).filePath("app/training/training_thread.cpp"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#include <QImage>\n#include <QThread>\n#include \"app/document/project_data.h\"\n"
                "#include \"widgets/drawing/palette.h\"\n");
        f.close();
        QVERIFY(violations(root.path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstIncludeRules)
#include "tst_include_rules.moc"
