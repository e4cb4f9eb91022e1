// Lesson 13's hyperparameter search: a grid or a seeded random search over the learning rate and the hidden-layer width
// of the current project, trained trial by trial on a BackgroundWorker (one thread), each result a row of a sortable
// table that arrives through the worker's post(). The UI never waits on a trial. Cancel (or closing the dialog) raises
// the worker's flag and ends the search at once; the trial that was running stops within one epoch (runTrial reads
// the flag between epochs) and is dropped. The search reads only what it copies or shares, never the dialog, and the
// worker is the dialog's child: destroying the dialog mid-search joins the thread (within one epoch) and drops its
// late results. A fifth of the training samples is held out as a validation set: the table sorts by its loss and the
// best trial is chosen by it, so the test set stays out of the choice (lesson 13). "Load selected" hands back the project at that learning rate and width, untrained.
#pragma once
#include "app/document/project.h"
#include "engine/hyper_search.h"
#include <QDialog>
#include <memory>
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
class BackgroundWorker;

class HyperSearchDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { LearningRate, Width, TrainLoss, ValidationLoss, TestLoss, TestScore, Epochs, ColumnCount };

    // base: the current project; its network, data, split and settings stay fixed while the search runs. Non-modal;
    // set Qt::WA_DeleteOnClose when the dialog is made per use (closing it cancels the search either way).
    HyperSearchDialog(const Project& base, QWidget* parent = nullptr);

    // Programmatic set-up (tests, lessons): the same fields a person types into.
    void setGrid(const QString& learningRates, const QString& widths, int epochs);
    void setRandom(double lrMin, double lrMax, int widthMin, int widthMax, int trials, int epochs, int seed = 1);

    bool isRunning() const;
    bool canStart() const;    // the fields are valid, the data loaded, and no search is running
    QString message() const;  // the status line: progress, the best trial, or what is wrong with the fields
    int rowCount() const;
    // The lowest validation loss (a fifth of the training samples, held out of every trial's training: the test set
    // plays no part in the choice); with too few samples to hold out, the lowest test loss, else train loss. -1: none.
    int bestRow() const;
    bool hasValidation() const { return !m_validation->empty(); }
    // The project of a table row: base at that row's width and learning rate, no trained weights, no history.
    Project projectForRow(int row) const;
    QTableWidget* table() const { return m_table; }
    QProgressBar* progress() const { return m_progress; }

public slots:
    void start();   // does nothing while running or when the fields are invalid
    void cancel();  // ends the search now (finished() follows at once); the running trial stops within one epoch
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
    void validate();      // parses the fields into m_plan, marks bad ones red, enables Start
    void addTrial(const engine::Trial& t);
    void searchEnded(bool cancelled);  // the worker's finished(): every trial done, or cancelled, or failed
    void updateControls();             // Start, Cancel, the fields and the status line, for running or not

    Project m_base;
    // Shared with the running search (never null). m_train is what the trials train on: the project's training samples
    // less m_validation, the fifth held out to choose by.
    std::shared_ptr<const engine::Dataset> m_train, m_validation, m_test;
    QString m_dataError;                                     // why the search cannot run on this project at all
    std::vector<engine::Trial> m_plan, m_results;            // m_results[i] is trial i once it finished
    QString m_fieldError;

    QComboBox* m_kind = nullptr;
    QFormLayout* m_form = nullptr;
    QLineEdit *m_lrs = nullptr, *m_widths = nullptr, *m_lrMin = nullptr, *m_lrMax = nullptr;
    QSpinBox *m_widthMin = nullptr, *m_widthMax = nullptr, *m_trials = nullptr, *m_seed = nullptr, *m_epochs = nullptr;
    QPushButton *m_start = nullptr, *m_cancel = nullptr, *m_load = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_table = nullptr;

    BackgroundWorker* m_worker;  // a child: runs the search, deleted (cancelled and joined) with the dialog
    QString m_searchError;       // what stopped the running search, posted by it before it ended
};

}  // namespace app
