// Lesson 13's hyperparameter search: a grid or a seeded random search over the learning rate and the hidden-layer width
// of the current project, trained trial by trial on one background thread, each result a row of a sortable table.
// The UI never waits on a trial; Cancel (or closing the dialog) stops the search within one epoch, and the destructor
// joins the thread. "Load selected" hands back the project at that learning rate and width, untrained.
#pragma once
#include "app/document/project.h"
#include "engine/hyper_search.h"
#include <QDialog>
#include <atomic>
#include <thread>
#include <vector>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace app {

class HyperSearchDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { LearningRate, Width, TrainLoss, TestLoss, TestScore, Epochs, ColumnCount };

    // base: the current project; its network, data, split and settings stay fixed while the search runs. Non-modal;
    // set Qt::WA_DeleteOnClose when the dialog is made per use (closing it cancels the search either way).
    HyperSearchDialog(const Project& base, QWidget* parent = nullptr);
    ~HyperSearchDialog() override;

    // Programmatic set-up (tests, lessons): the same fields a person types into.
    void setGrid(const QString& learningRates, const QString& widths, int epochs);
    void setRandom(double lrMin, double lrMax, int widthMin, int widthMax, int trials, int epochs, int seed = 1);

    bool isRunning() const { return m_running; }
    bool canStart() const;           // the fields are valid, the data loaded, and no search is running
    QString message() const;         // the status line: progress, the best trial, or what is wrong with the fields
    int rowCount() const;
    int bestRow() const;             // the lowest test loss (train loss without a test set); -1 when none
    // The project of a table row: base at that row's width and learning rate, no trained weights, no history.
    Project projectForRow(int row) const;
    QTableWidget* table() const { return m_table; }
    QProgressBar* progress() const { return m_progress; }

public slots:
    void start();   // does nothing while running or when the fields are invalid
    void cancel();  // stops after the current epoch; finished() follows
    void loadSelected();

signals:
    void trialAdded(int row);  // a trial finished and its row was added
    void finished();           // every trial done, or the search cancelled or failed
    void loadRequested(const app::Project& project);

protected:
    void done(int result) override;  // close, Esc: cancels a running search

private:
    void buildUi();
    void showKindRows();  // the grid's rows or the random search's
    void validate();  // parses the fields into m_plan, marks bad ones red, enables Start
    void addTrial(const engine::Trial& t);
    void searchEnded(const QString& error);
    void setRunning(bool running);

    Project m_base;
    engine::Dataset m_train, m_test;
    QString m_dataError;  // why the search cannot run on this project at all
    std::vector<engine::Trial> m_plan, m_results;  // m_results[i] is trial i once it finished
    QString m_fieldError;

    QComboBox* m_kind = nullptr;
    QFormLayout* m_form = nullptr;
    QLineEdit *m_lrs = nullptr, *m_widths = nullptr, *m_lrMin = nullptr, *m_lrMax = nullptr;
    QSpinBox *m_widthMin = nullptr, *m_widthMax = nullptr, *m_trials = nullptr, *m_seed = nullptr, *m_epochs = nullptr;
    QPushButton *m_start = nullptr, *m_cancel = nullptr, *m_load = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_table = nullptr;

    std::thread m_worker;
    std::atomic<bool> m_cancelFlag{false};
    bool m_running = false;
};

}  // namespace app
