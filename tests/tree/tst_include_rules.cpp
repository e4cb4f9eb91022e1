// Which way includes may point, read from the #include lines of the tree: the engine knows no Qt and no other folder;
// widgets know neither the app nor the lessons; the lessons' format is Qt Core; the files library (project file,
// CSV, IDX, lesson setup, the JSON reader) is Qt Core only; the training thread's library includes only itself, the
// engine and widgets' drawing, never the window or Qt Widgets. A Qt header counts as Core (or Gui) when Qt's QtCore
// (or QtGui) folder holds it. The rules are a table; a broken one names the file, the line and the rule.
#include <QDir>
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
    QString name;                              // said when broken
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

const QStringList kTrainingFiles{"app/training_thread", "app/training_snapshot", "app/frame_renderer", "app/project.h",
                                 "app/project_data", "app/presets", "app/idx_loader"};
const QStringList kFilesLibrary{"app/json_field", "app/project_file", "app/csv_import.", "app/lesson_setup",
                                "app/idx_loader", "app/project.h", "app/presets", "app/project_data"};

bool inList(const QStringList& list, const QString& file) {
    for (const QString& prefix : list)
        if (file.startsWith(prefix)) return true;
    return false;
}
bool isQt(const Include& i) { return i.angled && !qtModuleOf(i.target).isEmpty(); }

QList<Rule> rules() {
    return {
        {"the engine includes only the standard library, Eigen and itself",
         [](const QString& f) { return f.startsWith("engine/"); },
         [](const Include& i) { return i.angled ? !isQt(i) : i.target.startsWith("engine/"); }},
        {"widgets never include the app or the lessons",
         [](const QString& f) { return f.startsWith("widgets/"); },
         [](const Include& i) { return !i.target.startsWith("app/") && !i.target.startsWith("lessons/"); }},
        {"the lessons' format is Qt Core and knows no app and no widgets",
         [](const QString& f) { return f.startsWith("lessons/"); },
         [](const Include& i) {
             if (isQt(i)) return qtModuleOf(i.target) == "Core";
             return !i.target.startsWith("app/") && !i.target.startsWith("widgets/");
         }},
        {"the files library (project file, CSV, IDX, lesson setup, JSON) is Qt Core only",
         [](const QString& f) { return inList(kFilesLibrary, f); },
         [](const Include& i) {
             if (isQt(i)) return qtModuleOf(i.target) == "Core";
             return !i.target.startsWith("widgets/");
         }},
        {"the training thread's library never includes window code",
         [](const QString& f) { return inList(kTrainingFiles, f); },
         [](const Include& i) {
             if (isQt(i)) return qtModuleOf(i.target) == "Core" || qtModuleOf(i.target) == "Gui";
             return !i.target.startsWith("app/") || inList(kTrainingFiles, i.target);
         }},
    };
}

QStringList violations(const QString& root) {
    QStringList out;
    const QList<Rule> all = rules();
    for (const Include& i : includesUnder(root, {"engine", "widgets", "lessons", "app"}))
        for (const Rule& r : all)
            if (r.covers(i.file) && !r.allows(i))
                out << QString("%1:%2: #include %3 breaks \"%4\"")
                           .arg(i.file)
                           .arg(i.line)
                           .arg(i.angled ? '<' + i.target + '>' : '"' + i.target + '"', r.name);
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
        QTest::newRow("Qt in the engine") << "engine/network.cpp" << "#include <QString>" << "the engine";
        QTest::newRow("app in the engine") << "engine/a.h" << "#include \"app/project.h\"" << "the engine";
        QTest::newRow("app in widgets") << "widgets/plot.cpp" << "#include \"app/main_window.h\"" << "widgets never";
        QTest::newRow("lessons in widgets") << "widgets/v.h" << "  #  include \"lessons/goal.h\"" << "widgets never";
        QTest::newRow("widgets in lessons") << "lessons/goal.cpp" << "#include <QWidget>" << "lessons' format";
        QTest::newRow("Gui in the files") << "app/project_file.cpp" << "#include <QImage>" << "files library";
        QTest::newRow("window in training") << "app/training_thread.cpp" << "#include \"app/main_window.h\""
                                            << "training thread";
        QTest::newRow("Widgets in training") << "app/frame_renderer.h" << "#include <QLabel>" << "training thread";
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
        QVERIFY(QDir(root.path()).mkpath("app"));
        QFile f(QDir(root.path()).filePath("app/training_thread.cpp"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#include <QImage>\n#include <QThread>\n#include \"app/project_data.h\"\n#include \"widgets/palette.h\"\n");
        f.close();
        QVERIFY(violations(root.path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstIncludeRules)
#include "tst_include_rules.moc"
