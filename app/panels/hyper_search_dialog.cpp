#include "app/panels/hyper_search_dialog.h"
#include "app/document/project_data.h"
#include "app/session/background_worker.h"
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <algorithm>
#include <cmath>
#include <limits>

namespace app {

namespace {

constexpr int kSortKeyRole = Qt::UserRole;    // the number a column sorts by (the text may read "diverged")
constexpr int kTrialRole = Qt::UserRole + 1;  // column 0: the trial's position in m_results

// Sorts by the number behind the text, not the text: "1e-05" < "0.2", and a diverged (NaN) loss sorts last.
class NumberItem : public QTableWidgetItem {
public:
    NumberItem(const QString& text, double key) : QTableWidgetItem(text) {
        setData(kSortKeyRole, std::isnan(key) ? std::numeric_limits<double>::infinity() : key);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem& other) const override {
        return data(kSortKeyRole).toDouble() < other.data(kSortKeyRole).toDouble();
    }
};

QString number(double v) { return QString::number(v, 'g', 4); }

constexpr int kMinSamplesForValidation = 10;  // fewer training samples: no validation set, the test loss decides

// "1 trial", "12 trials" (tr's %n plurals need a translation file to read well in English)
QString trials(std::size_t n) {
    return n == 1 ? HyperSearchDialog::tr("1 trial") : HyperSearchDialog::tr("%1 trials").arg(n);
}

}  // namespace

HyperSearchDialog::HyperSearchDialog(const Project& base, QWidget* parent)
    : QDialog(parent), m_base(base), m_worker(new BackgroundWorker(this)) {
    setModal(false);
    setWindowTitle(tr("Hyperparameter search"));
    engine::Dataset train, validation, test;
    if (const std::optional<engine::Dataset> all = projectDataset(base.data, &m_dataError)) {
        engine::Split split = splitProject(base, *all);  // the main window's split, so the numbers agree
        train = std::move(split.train);
        test = std::move(split.test);
        // A fifth of the training samples held out to choose by (seeded: the same project, the same validation set),
        // when there are enough to spare.
        if (train.size() >= kMinSamplesForValidation) {
            engine::Split inner = engine::splitDataset(train, 0.8, base.splitSeed + 1);
            train = std::move(inner.train);
            validation = std::move(inner.test);
        }
    }
    m_train = std::make_shared<const engine::Dataset>(std::move(train));
    m_validation = std::make_shared<const engine::Dataset>(std::move(validation));
    m_test = std::make_shared<const engine::Dataset>(std::move(test));
    if (m_dataError.isEmpty() && m_train->empty())
        m_dataError = tr("The project has no training samples to search with.");
    try {
        engine::withHiddenWidth(base.network, 1);
    } catch (const std::exception& e) {
        if (m_dataError.isEmpty()) m_dataError = QString::fromStdString(e.what());
    }
    connect(m_worker, &BackgroundWorker::finished, this, &HyperSearchDialog::searchEnded);
    buildUi();
    validate();
}

bool HyperSearchDialog::isRunning() const { return m_worker->isRunning(); }

bool HyperSearchDialog::canStart() const {
    return !isRunning() && m_fieldError.isEmpty() && m_dataError.isEmpty() && !m_plan.empty();
}

QString HyperSearchDialog::message() const { return m_status->text(); }

void HyperSearchDialog::updateControls() {
    const bool running = isRunning();
    const QString problem = !m_dataError.isEmpty() ? m_dataError : m_fieldError;
    m_start->setEnabled(canStart());
    m_cancel->setEnabled(running);
    for (QWidget* w : std::initializer_list<QWidget*>{m_kind, m_lrs, m_widths, m_lrMin, m_lrMax, m_widthMin, m_widthMax,
                                                      m_trials, m_seed, m_epochs})
        w->setEnabled(!running);
    m_load->setEnabled(!m_table->selectedItems().isEmpty());
    m_status->setStyleSheet(problem.isEmpty() || running ? QString() : QString("color: #d62728;"));
    if (!running && m_results.empty()) {
        m_progress->setRange(0, std::max(1, int(m_plan.size())));  // never 0..0: that is Qt's "busy" animation
        m_progress->setValue(0);
        m_progress->setFormat(m_plan.empty() ? tr("no trials") : tr("%v / %m trials"));
    }
    if (!running)
        m_status->setText(
            !problem.isEmpty()
                ? problem
                : tr("%1 of %2 epochs each. Press Start.").arg(trials(m_plan.size())).arg(m_epochs->value()));
}

void HyperSearchDialog::start() {
    if (!canStart()) return;
    m_table->setRowCount(0);
    m_results.clear();
    m_searchError.clear();
    m_progress->setFormat(tr("%v / %m trials"));
    m_progress->setRange(0, int(m_plan.size()));
    m_progress->setValue(0);
    // One thread, trials in sequence: the main window's training thread is busy on the other core. The job shares the
    // data sets and copies the rest, so it never reads the dialog; `this` is used only in the code it posts, which the
    // worker (the dialog's child) runs on the UI thread while the dialog lives, and drops once the search is cancelled.
    m_worker->start([this, train = m_train, validation = m_validation, test = m_test, network = m_base.network,
                     settings = m_base.training, plan = m_plan,
                     epochs = m_epochs->value()](const BackgroundWorker::Context& ctx) {
        for (const engine::Trial& p : plan) {
            if (ctx.cancelled()) return;
            try {
                engine::Trial t = engine::runTrial(network, *train, *validation, *test, settings, p.learningRate,
                                                   p.width, epochs, &ctx.cancelFlag());
                if (ctx.cancelled()) return;  // cut short: not comparable with the trials that ran to the end
                t.index = p.index;
                ctx.post([this, t] { addTrial(t); });
            } catch (const std::exception& e) {
                ctx.post([this, error = QString::fromStdString(e.what())] { m_searchError = error; });
                return;
            }
        }
    });
    updateControls();
    m_status->setText(tr("Training trial 1 of %1…").arg(m_plan.size()));
}

void HyperSearchDialog::cancel() { m_worker->cancel(); }

void HyperSearchDialog::done(int result) {
    cancel();
    QDialog::done(result);
}

void HyperSearchDialog::addTrial(const engine::Trial& t) {
    const bool regression = m_train->task == engine::Task::Regression;
    const bool hasTest = !m_test->empty();
    const int position = int(m_results.size());
    m_results.push_back(t);
    const QString diverged = tr("diverged");
    QList<QTableWidgetItem*> items{
        new NumberItem(number(t.learningRate), t.learningRate),
        new NumberItem(QString::number(t.width), t.width),
        new NumberItem(t.diverged ? diverged : number(t.trainLoss), t.diverged ? NAN : t.trainLoss),
        new NumberItem(!t.hasValidation ? tr("none held out")
                       : t.diverged     ? diverged
                                        : number(t.validationLoss),
                       t.diverged || !t.hasValidation ? NAN : t.validationLoss),
        new NumberItem(!hasTest     ? tr("no test set")
                       : t.diverged ? diverged
                                    : number(t.testLoss),
                       t.diverged || !hasTest ? NAN : t.testLoss),
        regression ? new NumberItem(QString::number(t.testR2, 'f', 3), t.diverged ? -INFINITY : t.testR2)
                   : new NumberItem(QString::number(100 * t.testAccuracy, 'f', 1) + " %", t.testAccuracy),
        new NumberItem(QString::number(t.epochs), double(t.epochs))};
    items[0]->setData(kTrialRole, position);
    // Inserting into a sorted table re-sorts after every setItem and scatters the row: sort once it is whole.
    m_table->setSortingEnabled(false);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    for (int c = 0; c < ColumnCount; ++c) {
        if (t.diverged) items[c]->setToolTip(tr("The loss became infinite or NaN: this learning rate is too big here"));
        m_table->setItem(row, c, items[c]);
    }
    m_table->setSortingEnabled(true);
    m_progress->setValue(int(m_results.size()));
    if (m_results.size() < m_plan.size())
        m_status->setText(tr("Training trial %1 of %2…").arg(m_results.size() + 1).arg(m_plan.size()));
    emit trialAdded(m_table->row(items[0]));
}

void HyperSearchDialog::searchEnded(bool cancelled) {
    const QString error = m_searchError;
    updateControls();
    if (cancelled) m_progress->setFormat(tr("%v / %m trials (cancelled)"));
    const int best = bestRow();
    if (best >= 0) {
        // The best trial in bold and selected, so "Load selected" takes it unless the person picks another.
        for (int c = 0; c < ColumnCount; ++c) {
            QFont f = m_table->item(best, c)->font();
            f.setBold(true);
            m_table->item(best, c)->setFont(f);
        }
        m_table->selectRow(best);
        m_table->scrollToItem(m_table->item(best, 0));
    }
    QString text = !error.isEmpty() ? tr("The search stopped: %1").arg(error)
                   : cancelled      ? tr("Cancelled after %1.").arg(trials(m_results.size()))
                                    : tr("Done: %1.").arg(trials(m_results.size()));
    if (best >= 0) {
        const engine::Trial& t = m_results[std::size_t(m_table->item(best, 0)->data(kTrialRole).toInt())];
        text += " " + tr("Best (in bold): learning rate %1, width %2, %3 loss %4.")
                          .arg(number(t.learningRate))
                          .arg(t.width)
                          .arg(t.hasValidation   ? tr("validation")
                               : m_test->empty() ? tr("train")
                                                 : tr("test"))
                          .arg(number(t.hasValidation   ? t.validationLoss
                                      : m_test->empty() ? t.trainLoss
                                                        : t.testLoss));
    } else if (!m_results.empty()) {
        text += " " + tr("Every trial diverged: try smaller learning rates.");
    }
    m_status->setStyleSheet(error.isEmpty() ? QString() : QString("color: #d62728;"));
    m_status->setText(text);
    emit finished();
}

int HyperSearchDialog::rowCount() const { return m_table->rowCount(); }

int HyperSearchDialog::bestRow() const {
    int best = -1;
    double bestLoss = std::numeric_limits<double>::infinity();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const engine::Trial& t = m_results[std::size_t(m_table->item(row, 0)->data(kTrialRole).toInt())];
        // Without a validation set, the test loss; without a test set either, train loss is all there is.
        const double loss = t.hasValidation ? t.validationLoss : m_test->empty() ? t.trainLoss : t.testLoss;
        if (!t.diverged && std::isfinite(loss) && loss < bestLoss) {
            bestLoss = loss;
            best = row;
        }
    }
    return best;
}

Project HyperSearchDialog::projectForRow(int row) const {
    Project p = m_base;
    if (row < 0 || row >= m_table->rowCount()) return p;
    const engine::Trial& t = m_results[std::size_t(m_table->item(row, 0)->data(kTrialRole).toInt())];
    p.network = engine::withHiddenWidth(m_base.network, t.width);
    p.training.optimizer.learningRate = t.learningRate;
    // Untrained, so it trains fresh in the main window from the same seed the trial started from.
    p.trained.reset();
    p.history.clear();
    return p;
}

void HyperSearchDialog::loadSelected() {
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    if (selected.isEmpty()) return;
    const int row = selected.front()->row();
    const Project p = projectForRow(row);
    emit loadRequested(p);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Loaded learning rate %1 and width %2 into the main window.")
                          .arg(number(p.training.optimizer.learningRate))
                          .arg(m_table->item(row, Width)->text()));
}

}  // namespace app
