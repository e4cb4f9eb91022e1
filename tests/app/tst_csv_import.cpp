// CSV import and export: separators and headers are recognised, quoted fields read right, labels given as names or
// numbers become classes, the first bad value is reported with its line and column, an empty file says so, an
// exported data set imports back to the same numbers, and the dialog's column roles drive what is imported.
#include "app/document/csv_import.h"
#include "app/panels/csv_import_dialog.h"
#include "screenshot.h"
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>

using namespace app;
using testsupport::saveScreenshot;

namespace {

CsvTable table(const QString& text, const CsvReadOptions& opt = {}) {
    const CsvTableResult r = parseCsv(text, opt);
    if (!r.table) qWarning("parse failed: %s", qPrintable(r.error));
    return r.table.value_or(CsvTable{});
}

bool sameBits(const engine::Matrix& a, const engine::Matrix& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(double) * std::size_t(a.size())) == 0;
}

}  // namespace

class TstCsvImport : public QObject {
    Q_OBJECT

private slots:
    void headerIsDetected() {
        const CsvTable t = table("x1,x2,label\n1,2,0\n3,4.5,1\n");
        QVERIFY(t.hasHeader);
        QCOMPARE(t.columnNames, QStringList({"x1", "x2", "label"}));
        QCOMPARE(t.rowCount(), 2);
        QCOMPARE(t.lines, QList<int>({2, 3}));
        const CsvTable n = table("1,2,0\n3,4.5,1\n");
        QVERIFY(!n.hasHeader);
        QCOMPARE(n.columnNames, QStringList({"column 1", "column 2", "column 3"}));
        QCOMPARE(n.rowCount(), 2);
        // Text in every line of the label column is not a header: the other columns decide.
        const CsvTable names = table("1,2,cat\n3,4,dog\n");
        QVERIFY(!names.hasHeader);
        // Forced either way.
        QVERIFY(!table("x1,x2\n1,2\n", {QChar(), false}).hasHeader);
        QCOMPARE(table("x1,x2\n1,2\n", {QChar(), false}).rowCount(), 2);
    }

    // Finding 13 of the first-hour trial: raw measurements trained at chance, measurements became classes silently.
    void measurementsAreStandardised() {
        const CsvTable t = table("length,width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n"
                                 "4.9,3.0,setosa\n");
        const CsvColumns cols = guessColumns(t);
        QVERIFY(cols.standardize);
        const CsvDatasetResult r = csvToDataset(t, cols);
        QVERIFY2(r.dataset, qPrintable(r.error));
        for (int i = 0; i < 2; ++i) {
            const engine::Vector row = r.dataset->X.row(i);
            QVERIFY(std::abs(row.mean()) < 1e-12);
            QVERIFY(std::abs(std::sqrt((row.array() - row.mean()).square().mean()) - 1) < 1e-12);
        }
        QVERIFY(r.warning.isEmpty());
        // Centred data on the plane's scale is left as it is.
        QVERIFY(!guessColumns(table("x1,x2,label\n-3,2,0\n4,-1.5,1\n0.5,-2,1\n")).standardize);
    }

    void measurementsReadAsClassesComeWithAWarning() {
        QString text = "x1,x2,y\n";
        for (int i = 0; i < 30; ++i) text += QString("%1,%2,%3\n").arg(i).arg(-i).arg(i * 0.37);
        const CsvTable t = table(text);
        CsvColumns cols = guessColumns(t);
        QCOMPARE(int(cols.target), int(CsvTarget::Regression));  // the guess is right
        QVERIFY(csvToDataset(t, cols).warning.isEmpty());
        cols.target = CsvTarget::Classes;  // the person insists
        const CsvDatasetResult r = csvToDataset(t, cols);
        QVERIFY(r.dataset);
        QCOMPARE(r.dataset->numClasses, 30);
        QVERIFY2(r.warning.contains("fractional") && r.warning.contains("a value to predict"), qPrintable(r.warning));
        // Many whole numbers too.
        QString whole = "x1,x2,code\n";
        for (int i = 0; i < 25; ++i) whole += QString("%1,%2,%3\n").arg(i).arg(-i).arg(i);
        CsvColumns w = guessColumns(table(whole));
        w.target = CsvTarget::Classes;
        QVERIFY(csvToDataset(table(whole), w).warning.contains("25 classes"));
    }

    void separatorsAndQuotes() {
        const CsvTable semi = table("a;b;class\n1,5;2;cat\n-0,25;3e2;dog\n");
        QCOMPARE(semi.delimiter, QChar(';'));
        CsvColumns cols = guessColumns(semi);
        QVERIFY(cols.standardize);  // 2 and 300: off centre
        cols.standardize = false;   // the numbers as written
        const CsvDatasetResult r = csvToDataset(semi, cols);
        QVERIFY2(r.dataset, qPrintable(r.error));
        QCOMPARE(r.dataset->X(0, 0), 1.5);  // a decimal comma
        QCOMPARE(r.dataset->X(0, 1), -0.25);
        QCOMPARE(r.dataset->X(1, 1), 300.0);

        const CsvTable tab = table("a\tb\n1\t2\n3\t4\n");
        QCOMPARE(tab.delimiter, QChar('\t'));
        QCOMPARE(tab.columnCount(), 2);

        const CsvTable quoted = table(
            "\"x, one\",x2,name\r\n1,2,\"Smith, \"\"Jo\"\"\"\r\n3,4,\"two\nlines\"\r\n5,6,plain\r\n");
        QCOMPARE(quoted.delimiter, QChar(','));
        QCOMPARE(quoted.columnNames.first(), QString("x, one"));
        QCOMPARE(quoted.rows[0][2], QString("Smith, \"Jo\""));
        QCOMPARE(quoted.rows[1][2], QString("two\nlines"));
        QCOMPARE(quoted.lines, QList<int>({2, 3, 5}));  // the record after a two-line field starts on line 5

        const CsvTable spaced = table("a,b\n \"x\"  , 1\n");
        QCOMPARE(spaced.rows[0][0], QString("x"));  // spaces around a quoted field are not part of it

        const CsvTableResult open = parseCsv("a,b\n1,\"2\n3,4\n");
        QVERIFY(!open.table);
        QVERIFY2(open.error.contains("line 2") && open.error.contains("not closed"), qPrintable(open.error));
    }

    void namesBecomeClasses() {
        const CsvTable t = table("sepal,petal,species\n1,2,virginica\n3,4,setosa\n5,6,virginica\n7,8,versicolor\n");
        const CsvColumns c = guessColumns(t);
        QCOMPARE(c.label, 2);
        QCOMPARE(c.features, QList<int>({0, 1}));
        QCOMPARE(c.target, CsvTarget::Classes);
        const CsvDatasetResult r = csvToDataset(t, c);
        QVERIFY2(r.dataset, qPrintable(r.error));
        const engine::Dataset& d = *r.dataset;
        QCOMPARE(d.task, engine::Task::Classification);
        QCOMPARE(d.numClasses, 3);
        QCOMPARE(d.classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
        QCOMPARE(d.labels, (std::vector<int>{2, 0, 2, 1}));
        QCOMPARE(d.inputNames, (std::vector<std::string>{"sepal", "petal"}));
        QVERIFY(d.validate().empty());
    }

    void numbersBecomeClasses() {
        // 0..K-1: the labels themselves.
        const CsvDatasetResult zero = csvToDataset(table("1,2,0\n3,4,2\n5,6,1\n"),
                                                   guessColumns(table("1,2,0\n3,4,2\n5,6,1\n")));
        QVERIFY2(zero.dataset, qPrintable(zero.error));
        QCOMPARE(zero.dataset->labels, (std::vector<int>{0, 2, 1}));
        QVERIFY(zero.dataset->classNames.empty());
        // -1/+1: sorted, numbered, and kept as names.
        const CsvTable pm = table("x,y,label\n1,2,1\n3,4,-1\n5,6,1\n");
        const CsvDatasetResult r = csvToDataset(pm, guessColumns(pm));
        QVERIFY2(r.dataset, qPrintable(r.error));
        QCOMPARE(r.dataset->labels, (std::vector<int>{1, 0, 1}));
        QCOMPARE(r.dataset->classNames, (std::vector<std::string>{"-1", "1"}));
        // Natural order for names with numbers.
        QVERIFY(naturalLess("class 2", "class 10"));
        QVERIFY(!naturalLess("class 10", "class 2"));
        QVERIFY(naturalLess("Apple", "banana"));
    }

    void regressionTarget() {
        const CsvTable t = table("x,target\n0.5,1.25\n1.5,-3.75\n2,0.125\n");
        const CsvColumns c = guessColumns(t);
        QCOMPARE(c.target, CsvTarget::Regression);
        const CsvDatasetResult r = csvToDataset(t, c);
        QVERIFY2(r.dataset, qPrintable(r.error));
        QCOMPARE(r.dataset->task, engine::Task::Regression);
        QCOMPARE(r.dataset->targets.rows(), 1);
        QCOMPARE(r.dataset->targets(0, 1), -3.75);
        QVERIFY(r.dataset->validate().empty());
    }

    void firstBadValueNamesLineAndColumn() {
        // Line 4 after a blank line 3: the line a text editor shows.
        const CsvTable t = table("x1,x2,label\n1,2,0\n\n3,abc,1\n4,5,1\n6,7,0\n8,xyz,0\n");
        const CsvDatasetResult r = csvToDataset(t, guessColumns(t));
        QVERIFY(!r.dataset);
        QVERIFY2(r.error.contains("line 4") && r.error.contains("column 2") && r.error.contains("\"abc\"") &&
                     r.error.contains("x2"),
                 qPrintable(r.error));
        QCOMPARE(r.errorRow, 1);
        QCOMPARE(r.errorColumn, 1);

        const CsvTable missing = table("x1,x2,label\n1,2,0\n3,,1\n");
        const CsvDatasetResult m = csvToDataset(missing, {{0, 1}, 2, CsvTarget::Classes});
        QVERIFY2(!m.dataset && m.error.contains("line 3") && m.error.contains("missing"), qPrintable(m.error));

        const CsvTable inf = table("x1,label\n1,0\ninf,1\n");
        const CsvDatasetResult i = csvToDataset(inf, {{0}, 1, CsvTarget::Classes});
        QVERIFY2(!i.dataset && i.error.contains("line 3"), qPrintable(i.error));

        const CsvTableResult ragged = parseCsv("a,b,c\n1,2,3\n4,5\n");
        QVERIFY(!ragged.table);
        QVERIFY2(ragged.error.contains("line 3") && ragged.error.contains("2 fields"), qPrintable(ragged.error));

        const CsvTable one = table("x,label\n1,cat\n2,cat\n");
        const CsvDatasetResult o = csvToDataset(one, guessColumns(one));
        QVERIFY2(!o.dataset && o.error.contains("only one class"), qPrintable(o.error));
    }

    void emptyFileSaysSo() {
        for (const QString& text : {QString(), QString("\n\n  \n")}) {
            const CsvTableResult r = parseCsv(text);
            QVERIFY(!r.table);
            QVERIFY2(r.error.contains("empty"), qPrintable(r.error));
        }
        QTemporaryDir dir;
        const QString path = dir.filePath("nothing.csv");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const CsvDatasetResult r = importCsvFile(path);
        QVERIFY(!r.dataset);
        QVERIFY2(r.error.startsWith("nothing.csv") && r.error.contains("empty"), qPrintable(r.error));

        const CsvTable header = table("x1,x2,label\n", {QChar(), true});
        const CsvDatasetResult h = csvToDataset(header, {{0, 1}, 2, CsvTarget::Classes});
        QVERIFY2(!h.dataset && h.error.contains("no data rows"), qPrintable(h.error));
        QVERIFY(!importCsvFile(dir.filePath("missing.csv")).dataset);
    }

    void exportThenImportGivesTheSameData() {
        engine::GeneratorParams g;
        g.kind = engine::Generator::Spiral;
        g.samples = 150;
        g.classes = 3;
        g.noise = 0.3;
        engine::Dataset d = engine::generate(g);
        d.classNames = {"arm 1", "arm 2", "arm, 3"};  // sorted names keep their indices; one needs quoting

        QTemporaryDir dir;
        const QString path = dir.filePath("spiral.csv");
        QString error;
        QVERIFY2(saveDatasetCsv(path, d, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readLine().startsWith("x1,x2,label"));
        f.close();

        const CsvDatasetResult r = importCsvFile(path);
        QVERIFY2(r.dataset, qPrintable(r.error));
        QVERIFY(sameBits(r.dataset->X, d.X));  // shortest exact number form: every bit comes back
        QCOMPARE(r.dataset->labels, d.labels);
        QCOMPARE(r.dataset->classNames, d.classNames);
        QCOMPARE(r.dataset->inputNames, d.inputNames);

        g.kind = engine::Generator::RegressionGaussians;
        g.samples = 60;
        const engine::Dataset reg = engine::generate(g);
        const CsvTable t = table(datasetToCsv(reg));
        QCOMPARE(t.columnNames.last(), QString("target"));
        const CsvDatasetResult rr = csvToDataset(t, guessColumns(t));
        QVERIFY2(rr.dataset, qPrintable(rr.error));
        QCOMPARE(rr.dataset->task, engine::Task::Regression);
        QVERIFY(sameBits(rr.dataset->X, reg.X));
        QVERIFY(sameBits(rr.dataset->targets, reg.targets));
    }

    void dialogRolesDriveTheImport() {
        const QString text = "id,sepal,petal,species\n"
                             "a1,5.1,1.4,setosa\n"
                             "a2,7.0,4.7,versicolor\n"
                             "a3,6.3,6.0,virginica\n"
                             "a4,4.9,1.5,setosa\n";
        CsvImportDialog dialog(text, "flowers.csv");
        QVERIFY(dialog.headerCheck()->isChecked());
        QCOMPARE(dialog.preview()->columnCount(), 4);
        QCOMPARE(dialog.preview()->rowCount(), 1 + 4);
        QCOMPARE(dialog.roleCombo(0)->currentIndex(), int(CsvImportDialog::Ignore));  // text: not a feature
        QCOMPARE(dialog.roleCombo(1)->currentIndex(), int(CsvImportDialog::Feature));
        QCOMPARE(dialog.roleCombo(3)->currentIndex(), int(CsvImportDialog::Label));
        QVERIFY(dialog.dataset());
        QVERIFY(dialog.importButton()->isEnabled());
        QCOMPARE(dialog.dataset()->inputDim(), 2);
        QCOMPARE(dialog.dataset()->numClasses, 3);
        QVERIFY2(dialog.summaryText().contains("4 samples"), qPrintable(dialog.summaryText()));

        dialog.roleCombo(2)->setCurrentIndex(CsvImportDialog::Ignore);
        QCOMPARE(dialog.dataset()->inputDim(), 1);

        // The id as a feature: its first value is the bad one, and Import is off.
        dialog.roleCombo(0)->setCurrentIndex(CsvImportDialog::Feature);
        QVERIFY(!dialog.dataset());
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY2(dialog.errorText().contains("line 2") && dialog.errorText().contains("\"a1\""),
                 qPrintable(dialog.errorText()));
        QVERIFY(dialog.summaryText().contains("line 2"));

        // Making the id the label moves the old label out (text: ignored): one label column at a time.
        dialog.roleCombo(0)->setCurrentIndex(CsvImportDialog::Label);
        QCOMPARE(dialog.roleCombo(3)->currentIndex(), int(CsvImportDialog::Ignore));
        QVERIFY(dialog.dataset());
        QCOMPARE(dialog.dataset()->numClasses, 4);
        dialog.roleCombo(3)->setCurrentIndex(CsvImportDialog::Label);
        QCOMPARE(dialog.roleCombo(0)->currentIndex(), int(CsvImportDialog::Ignore));

        // Regression on a text label is an error that names the line.
        dialog.targetCombo()->setCurrentIndex(1);
        QVERIFY(!dialog.dataset());
        QVERIFY(dialog.errorText().contains("line 2"));
        dialog.targetCombo()->setCurrentIndex(0);
        QVERIFY(dialog.dataset());

        // No header: the first line becomes data.
        dialog.headerCheck()->setChecked(false);
        QCOMPARE(dialog.preview()->rowCount(), 1 + 5);
        dialog.headerCheck()->setChecked(true);
        QCOMPARE(dialog.preview()->rowCount(), 1 + 4);
    }

    void screenshotsOfTheDialog() {
        QString text = "sepal length;sepal width;petal length;petal width;species\n";
        const char* names[] = {"setosa", "versicolor", "virginica"};
        for (int i = 0; i < 30; ++i)
            text += QString("%1;%2;%3;%4;%5\n")
                        .arg(4.5 + 0.1 * i, 0, 'f', 1)
                        .arg(3.0 + 0.03 * i, 0, 'f', 2)
                        .arg(1.2 + 0.2 * i, 0, 'f', 1)
                        .arg(0.2 + 0.08 * i, 0, 'f', 2)
                        .arg(names[i % 3])
                        .replace('.', ',');
        CsvImportDialog good(text, "iris.csv");
        good.show();
        QVERIFY(QTest::qWaitForWindowExposed(&good));
        QVERIFY(saveScreenshot(&good, "csv-import-dialog.png"));

        QString bad = "x1,x2,label\n1,2,0\n3,4,1\n5,oops,0\n";
        CsvImportDialog broken(bad, "broken.csv");
        broken.show();
        QVERIFY(QTest::qWaitForWindowExposed(&broken));
        QVERIFY(saveScreenshot(&broken, "csv-import-dialog-error.png"));
    }
};

QTEST_MAIN(TstCsvImport)
#include "tst_csv_import.moc"
