// The small dialog between a CSV file and the data set: a preview of the first rows with a role per column (feature,
// label, ignored), the separator and header choices, whether the labels are classes or values to predict, and the
// outcome in one line — what will be imported, or the first bad value (line and column; highlighted when previewed).
// Import is enabled only when the conversion succeeds, so dataset() is set exactly when the dialog is accepted.
#pragma once
#include "app/document/csv_import.h"
#include <QDialog>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace app {

class CsvImportDialog : public QDialog {
    Q_OBJECT
public:
    enum Role { Feature = 0, Label = 1, Ignore = 2 };  // the role combos' indices
    static constexpr int kPreviewRows = 20;

    // text: the file's contents; fileName: shown in the title and the summary.
    CsvImportDialog(const QString& text, const QString& fileName, QWidget* parent = nullptr);
    // Reads the file and runs the dialog. The data set when the user imports; nullopt when cancelled, or after a
    // message when the file cannot be read.
    static std::optional<engine::Dataset> run(const QString& path, QWidget* parent);

    const std::optional<engine::Dataset>& dataset() const { return m_dataset; }
    QString errorText() const { return m_error; }  // empty when the import would succeed
    QString summaryText() const;
    CsvColumns columns() const;

    // The controls, for tests.
    QComboBox* roleCombo(int column) const;
    QComboBox* targetCombo() const { return m_target; }
    QComboBox* delimiterCombo() const { return m_delimiter; }
    QCheckBox* headerCheck() const { return m_header; }
    QCheckBox* standardizeCheck() const { return m_standardize; }
    QTableWidget* preview() const { return m_table; }
    QPushButton* importButton() const { return m_import; }

private:
    void reparse();       // the separator or the header choice changed
    void rebuildTable();  // new table: columns, roles from guessColumns
    void roleChanged(int column, int role);
    void recompute();  // roles or the target changed: convert, show the outcome
    void paintColumns();

    QString m_text, m_fileName;
    std::optional<CsvTable> m_csv;
    std::optional<engine::Dataset> m_dataset;
    QString m_error;
    int m_badRow = -1, m_badColumn = -1;

    QLabel* m_intro = nullptr;
    QComboBox* m_delimiter = nullptr;
    QCheckBox* m_header = nullptr;
    QCheckBox* m_standardize = nullptr;
    QComboBox* m_target = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_outcome = nullptr;
    QPushButton* m_import = nullptr;
    bool m_building = false;
    std::optional<bool> m_headerChoice;
};

}  // namespace app
