#include "app/panels/csv_import_dialog.h"
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace app {
namespace {

const QColor kFeatureTint(225, 238, 252);  // the role colours of the preview's columns
const QColor kLabelTint(255, 236, 210);

QString delimiterName(QChar d) {
    if (d == '\t') return QObject::tr("tab");
    if (d == ';') return QObject::tr("semicolon");
    return QObject::tr("comma");
}

}  // namespace

CsvImportDialog::CsvImportDialog(const QString& text, const QString& fileName, QWidget* parent)
    : QDialog(parent), m_text(text), m_fileName(fileName) {
    setWindowTitle(tr("Import %1").arg(fileName));
    auto* layout = new QVBoxLayout(this);

    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    auto* options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("Separator:"), this));
    m_delimiter = new QComboBox(this);
    m_delimiter->addItem(tr("Detect"), QString());
    m_delimiter->addItem(tr("Comma ( , )"), QString(","));
    m_delimiter->addItem(tr("Semicolon ( ; )"), QString(";"));
    m_delimiter->addItem(tr("Tab"), QString("\t"));
    options->addWidget(m_delimiter);
    options->addSpacing(16);
    m_header = new QCheckBox(tr("First line is a header"), this);
    m_header->setToolTip(tr("Whether the first line names the columns instead of holding data"));
    options->addWidget(m_header);
    options->addSpacing(16);
    options->addWidget(new QLabel(tr("The label is:"), this));
    m_target = new QComboBox(this);
    m_target->addItem(tr("a class (names or whole numbers)"));
    m_target->addItem(tr("a value to predict (regression)"));
    options->addWidget(m_target);
    options->addStretch(1);
    layout->addLayout(options);
    m_standardize = new QCheckBox(tr("Standardise the inputs (each column to mean 0, spread 1)"), this);
    m_standardize->setObjectName("standardize");
    m_standardize->setToolTip(tr("Raw measurements (centimetres, prices) push tanh and sigmoid neurons into their flat "
                                 "ends, and the network learns nothing. Chosen for you when a column is off centre "
                                 "or large."));
    layout->addWidget(m_standardize);

    m_table = new QTableWidget(this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setDefaultSectionSize(110);
    m_table->verticalHeader()->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->setToolTip(tr("The first rows of the file. Choose in the top row what each column is."));
    layout->addWidget(m_table, 1);

    m_outcome = new QLabel(this);
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_outcome);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_import = buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_import->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_delimiter, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_building) reparse();
    });
    connect(m_header, &QCheckBox::toggled, this, [this](bool on) {
        m_headerChoice = on;  // from now on the user's choice, not detection
        if (!m_building) reparse();
    });
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_building) recompute();
    });
    connect(m_standardize, &QCheckBox::toggled, this, [this] {
        if (!m_building) recompute();
    });
    resize(760, 520);
    reparse();
}

std::optional<engine::Dataset> CsvImportDialog::run(const QString& path, QWidget* parent) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(parent, tr("Cannot import"), tr("%1 cannot be opened (%2).").arg(path, f.errorString()));
        return std::nullopt;
    }
    CsvImportDialog dialog(QString::fromUtf8(f.readAll()), QFileInfo(path).fileName(), parent);
    if (dialog.exec() != QDialog::Accepted) return std::nullopt;
    return dialog.dataset();
}

void CsvImportDialog::reparse() {
    CsvReadOptions opt;
    const QString d = m_delimiter->currentData().toString();
    if (!d.isEmpty()) opt.delimiter = d[0];
    opt.header = m_headerChoice;  // detection until the user ticks or clears the box
    const CsvTableResult r = parseCsv(m_text, opt);
    m_csv = r.table;
    if (!m_csv) {
        m_error = r.error;
        m_intro->setText(tr("<b>%1</b> cannot be read.").arg(m_fileName.toHtmlEscaped()));
    } else {
        const QSignalBlocker block(m_header);
        m_header->setChecked(m_csv->hasHeader);
        m_intro->setText(tr("<b>%1</b>: %2 rows of %3 columns, separated by a %4. Choose in the top row which "
                            "columns are the inputs (features) and which one is the label.")
                             .arg(m_fileName.toHtmlEscaped())
                             .arg(m_csv->rowCount())
                             .arg(m_csv->columnCount())
                             .arg(delimiterName(m_csv->delimiter)));
    }
    rebuildTable();
}

void CsvImportDialog::rebuildTable() {
    m_building = true;
    m_table->clear();
    if (!m_csv) {
        m_table->setRowCount(0);
        m_table->setColumnCount(0);
        m_building = false;
        recompute();
        return;
    }
    const CsvTable& t = *m_csv;
    const int shown = std::min(t.rowCount(), kPreviewRows);
    m_table->setColumnCount(t.columnCount());
    m_table->setRowCount(shown + 1);
    m_table->setHorizontalHeaderLabels(t.columnNames);
    QStringList rowLabels{tr("use as")};
    for (int r = 0; r < shown; ++r) rowLabels << tr("line %1").arg(t.lines[r]);
    m_table->setVerticalHeaderLabels(rowLabels);
    const CsvColumns guess = guessColumns(t);
    for (int c = 0; c < t.columnCount(); ++c) {
        auto* combo = new QComboBox(m_table);
        combo->addItems({tr("Feature"), tr("Label"), tr("Ignore")});
        combo->setCurrentIndex(c == guess.label ? Label : guess.features.contains(c) ? Feature : Ignore);
        combo->setToolTip(tr("Feature: an input of the network. Label: what it learns to predict. Ignore: not used."));
        connect(combo, &QComboBox::currentIndexChanged, this, [this, c](int role) { roleChanged(c, role); });
        m_table->setCellWidget(0, c, combo);
        for (int r = 0; r < shown; ++r) m_table->setItem(r + 1, c, new QTableWidgetItem(t.rows[r][c]));
    }
    {
        const QSignalBlocker block(m_target), block2(m_standardize);
        m_target->setCurrentIndex(guess.target == CsvTarget::Classes ? 0 : 1);
        m_standardize->setChecked(guess.standardize);
    }
    m_building = false;
    recompute();
}

QComboBox* CsvImportDialog::roleCombo(int column) const {
    return qobject_cast<QComboBox*>(m_table->cellWidget(0, column));
}

void CsvImportDialog::roleChanged(int column, int role) {
    if (m_building) return;
    if (role == Label) {
        // One label column: the previous one becomes a feature when it holds numbers, else it is ignored.
        m_building = true;
        for (int c = 0; c < m_table->columnCount(); ++c) {
            QComboBox* other = roleCombo(c);
            if (c != column && other && other->currentIndex() == Label)
                other->setCurrentIndex(m_csv && isNumericColumn(*m_csv, c) ? Feature : Ignore);
        }
        m_building = false;
    }
    recompute();
}

CsvColumns CsvImportDialog::columns() const {
    CsvColumns cols;
    for (int c = 0; c < m_table->columnCount(); ++c) {
        const QComboBox* combo = roleCombo(c);
        if (!combo) continue;
        if (combo->currentIndex() == Feature) cols.features << c;
        else if (combo->currentIndex() == Label) cols.label = c;
    }
    cols.target = m_target->currentIndex() == 0 ? CsvTarget::Classes : CsvTarget::Regression;
    cols.standardize = m_standardize->isChecked();
    return cols;
}

QString CsvImportDialog::summaryText() const { return m_outcome->text(); }

void CsvImportDialog::recompute() {
    m_dataset.reset();
    QString warning;
    if (m_csv) {
        const CsvDatasetResult r = csvToDataset(*m_csv, columns());
        m_dataset = r.dataset;
        m_error = r.error;
        m_badRow = r.errorRow;
        m_badColumn = r.errorColumn;
        warning = r.warning;
    }
    if (m_dataset) {
        const engine::Dataset& d = *m_dataset;
        QString what;
        if (d.task == engine::Task::Regression) {
            what = tr("a value to predict");
        } else {
            QStringList names;
            for (int k = 0; k < d.numClasses && k < 8; ++k)
                names << (k < int(d.classNames.size()) ? QString::fromStdString(d.classNames[k]) : QString::number(k));
            what = tr("%1 classes (%2%3)").arg(d.numClasses).arg(names.join(", "), d.numClasses > 8 ? ", …" : "");
        }
        const QString ready = tr("Ready: %1 samples with %2 input features%3 and %4.")
                                  .arg(d.size())
                                  .arg(d.inputDim())
                                  .arg(m_standardize->isChecked() ? tr(" (standardised)") : QString())
                                  .arg(what);
        // A usable set that is probably not what was meant: said in the warning colour, still importable.
        m_outcome->setStyleSheet(warning.isEmpty() ? QString() : QString("color: #a05a00;"));
        m_outcome->setText(warning.isEmpty() ? ready : tr("%1 Check: %2.").arg(ready, warning));
    } else {
        m_outcome->setStyleSheet("color: #b00020;");
        m_outcome->setText(tr("Cannot import yet: %1.").arg(m_error));
    }
    m_import->setEnabled(m_dataset.has_value());
    paintColumns();
}

void CsvImportDialog::paintColumns() {
    if (!m_csv) return;
    const CsvColumns cols = columns();
    // The first bad value, when it is in the preview, is marked.
    const int badRow = m_dataset ? -1 : m_badRow, badCol = m_dataset ? -1 : m_badColumn;
    for (int c = 0; c < m_table->columnCount(); ++c) {
        const QColor tint = c == cols.label ? kLabelTint : cols.features.contains(c) ? kFeatureTint : QColor();
        for (int r = 1; r < m_table->rowCount(); ++r) {
            QTableWidgetItem* item = m_table->item(r, c);
            if (!item) continue;
            const bool bad = r - 1 == badRow && c == badCol;
            item->setBackground(bad ? QColor(255, 205, 210) : tint.isValid() ? QBrush(tint) : QBrush());
            item->setForeground(tint.isValid() || bad ? palette().text() : QBrush(QColor(150, 150, 150)));
        }
    }
}

}  // namespace app
