// The dialog's controls and the checks on what is typed into them; the search itself is in hyper_search_dialog.cpp.
#include "app/panels/hyper_search_dialog.h"
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <limits>
#include <optional>

namespace app {

namespace {

const char* const kBadField = "border: 2px solid #d62728;";

// "0.001, 0.01; 0.1 1": commas, semicolons and spaces all separate.
QStringList parts(const QString& text) { return text.split(QRegularExpression("[,;\\s]+"), Qt::SkipEmptyParts); }

std::optional<std::vector<double>> parseRates(const QString& text, QString* error) {
    std::vector<double> out;
    for (const QString& p : parts(text)) {
        bool ok = false;
        const double v = p.toDouble(&ok);  // C locale: "1e-3" and "0.001" both read
        if (!ok || !std::isfinite(v) || v <= 0) {
            *error = HyperSearchDialog::tr("Learning rates: \"%1\" is not a positive number.").arg(p);
            return std::nullopt;
        }
        out.push_back(v);
    }
    if (out.empty()) *error = HyperSearchDialog::tr("Learning rates: type at least one, e.g. 0.01, 0.1, 1.");
    return out.empty() ? std::nullopt : std::optional(out);
}

std::optional<std::vector<int>> parseWidths(const QString& text, QString* error) {
    std::vector<int> out;
    for (const QString& p : parts(text)) {
        bool ok = false;
        const int v = p.toInt(&ok);
        if (!ok || v < 1 || v > engine::kMaxSearchWidth) {
            *error = HyperSearchDialog::tr("Widths: \"%1\" is not a whole number of neurons from 1 to %2.")
                         .arg(p)
                         .arg(engine::kMaxSearchWidth);
            return std::nullopt;
        }
        out.push_back(v);
    }
    if (out.empty()) *error = HyperSearchDialog::tr("Widths: type at least one, e.g. 2, 4, 8.");
    return out.empty() ? std::nullopt : std::optional(out);
}

}  // namespace

void HyperSearchDialog::buildUi() {
    auto* layout = new QVBoxLayout(this);
    const engine::TrainSettings& t = m_base.training;
    QString text = tr("Every trial trains a fresh network shaped like <b>%1</b> (every hidden layer at the "
                      "trial's width) with the %2 optimizer from seed %3, on %4 training samples")
                       .arg(QString::fromStdString(m_base.network.describe()).toHtmlEscaped(),
                            QString::fromStdString(engine::optimizerName(t.optimizer.kind)))
                       .arg(t.seed)
                       .arg(m_train->size());
    text += hasValidation() ? tr("; %1 more are held out as a <b>validation</b> set to choose by, and the %2 test "
                                 "samples play no part in the choice.")
                                  .arg(m_validation->size())
                                  .arg(m_test->size())
                            : tr(", and %1 test samples.").arg(m_test->size());
    auto* about = new QLabel(text, this);
    about->setWordWrap(true);
    layout->addWidget(about);

    // One form for both kinds: the rows of the other kind are hidden, so no empty space is left where they were.
    m_form = new QFormLayout;
    m_kind = new QComboBox(this);
    m_kind->addItems({tr("Grid: every learning rate with every width"), tr("Random: draws from ranges")});
    m_kind->setToolTip(tr("A grid tries every combination; a random search tries as many draws as you ask for and "
                          "often finds a good learning rate sooner, because no two trials share one."));
    m_form->addRow(tr("Search"), m_kind);

    m_lrs = new QLineEdit("0.001, 0.01, 0.1, 1", this);
    m_lrs->setObjectName("learningRates");
    m_lrs->setToolTip(tr("Learning rates to try, separated by commas; spread them over decades (0.001, 0.01, 0.1, 1)"));
    m_widths = new QLineEdit("2, 4, 8", this);
    m_widths->setObjectName("widths");
    m_widths->setToolTip(
        tr("Neurons in every hidden layer, separated by commas (1 to %1)").arg(engine::kMaxSearchWidth));
    m_form->addRow(tr("Learning rates"), m_lrs);
    m_form->addRow(tr("Widths"), m_widths);

    auto spin = [this](int lo, int hi, int value, const QString& tip) {
        auto* s = new QSpinBox(this);
        s->setRange(lo, hi);
        s->setValue(value);
        s->setToolTip(tip);
        return s;
    };
    m_lrMin = new QLineEdit("0.0001", this);
    m_lrMin->setObjectName("lrMin");
    m_lrMin->setToolTip(
        tr("The smallest learning rate drawn; draws are log-uniform, so each decade is equally likely"));
    m_lrMax = new QLineEdit("1", this);
    m_lrMax->setObjectName("lrMax");
    m_lrMax->setToolTip(tr("The largest learning rate drawn"));
    m_widthMin = spin(1, engine::kMaxSearchWidth, 2, tr("The narrowest hidden layer drawn"));
    m_widthMax = spin(1, engine::kMaxSearchWidth, 16, tr("The widest hidden layer drawn"));
    m_trials = spin(1, engine::kMaxSearchTrials, 12, tr("How many (learning rate, width) pairs to draw and train"));
    m_seed = spin(1, std::numeric_limits<int>::max(), 1,
                  tr("The seed of the draws: the same seed draws the same trials"));
    auto pair = [this](QWidget* a, const QString& between, QWidget* b) {
        auto* row = new QHBoxLayout;
        row->addWidget(a, 1);
        row->addWidget(new QLabel(between, this));
        row->addWidget(b, 1);
        return row;
    };
    m_form->addRow(tr("Learning rate from"), pair(m_lrMin, tr("to"), m_lrMax));
    m_form->addRow(tr("Width from"), pair(m_widthMin, tr("to"), m_widthMax));
    m_form->addRow(tr("Trials"), pair(m_trials, tr("seed"), m_seed));

    m_epochs = spin(1, int(engine::kMaxSearchEpochs), 200,
                    tr("Every trial trains this many epochs from fresh weights; more is fairer to small learning "
                       "rates, and slower"));
    m_epochs->setObjectName("epochs");
    m_form->addRow(tr("Epochs per trial"), m_epochs);
    layout->addLayout(m_form);
    showKindRows();

    auto* run = new QHBoxLayout;
    m_start = new QPushButton(tr("Start"), this);
    m_start->setDefault(true);  // Enter in a field starts the search
    m_start->setToolTip(tr("Train the trials one after another in the background"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setToolTip(tr("Stop the search now; the finished trials stay in the table"));
    m_progress = new QProgressBar(this);
    m_progress->setFormat(tr("%v / %m trials"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setToolTip(tr("Trials finished out of those planned"));
    run->addWidget(m_start);
    run->addWidget(m_cancel);
    run->addWidget(m_progress, 1);
    layout->addLayout(run);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_table = new QTableWidget(0, ColumnCount, this);
    const bool regression = m_train->task == engine::Task::Regression;
    const QStringList headers{tr("Learning rate"),
                              tr("Width"),
                              tr("Train loss"),
                              tr("Validation loss"),
                              tr("Test loss"),
                              regression ? tr("Test R²") : tr("Test accuracy"),
                              tr("Epochs")};
    const QStringList tips{tr("The optimizer's learning rate of this trial"),
                           tr("Neurons in every hidden layer"),
                           tr("Mean loss on the training set after the last epoch"),
                           tr("Mean loss on the validation set, held out of the training set: the column to choose by"),
                           tr("Mean loss on the test set: look at it once, for the trial you chose, not to choose"),
                           regression ? tr("R² on the test set (1 is perfect)")
                                      : tr("Share of test samples classified right"),
                           tr("Epochs trained (fewer when the run diverged)")};
    for (int c = 0; c < ColumnCount; ++c) {
        auto* h = new QTableWidgetItem(headers[c]);
        h->setToolTip(tips[c]);
        m_table->setHorizontalHeaderItem(c, h);
    }
    m_table->setToolTip(tr("Click a header to sort; double-click a row to load it into the main window"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    // Sorted by validation loss (test loss when none is held out) from the start: the best trial so far rises to
    // the top while the search runs.
    m_table->horizontalHeader()->setSortIndicator(hasValidation() ? ValidationLoss : TestLoss, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    layout->addWidget(m_table, 1);

    auto* bottom = new QHBoxLayout;
    m_load = new QPushButton(tr("Load selected"), this);
    m_load->setToolTip(tr("Open the selected trial's learning rate and width in the main window, untrained"));
    auto* close = new QPushButton(tr("Close"), this);
    close->setToolTip(tr("Close the dialog; a running search is cancelled"));
    bottom->addWidget(m_load);
    bottom->addStretch(1);
    bottom->addWidget(close);
    layout->addLayout(bottom);
    resize(760, 600);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        showKindRows();
        validate();
    });
    for (QLineEdit* e : {m_lrs, m_widths, m_lrMin, m_lrMax})
        connect(e, &QLineEdit::textChanged, this, &HyperSearchDialog::validate);
    for (QSpinBox* s : {m_widthMin, m_widthMax, m_trials, m_seed, m_epochs})
        connect(s, &QSpinBox::valueChanged, this, &HyperSearchDialog::validate);
    connect(m_start, &QPushButton::clicked, this, &HyperSearchDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &HyperSearchDialog::cancel);
    connect(m_load, &QPushButton::clicked, this, &HyperSearchDialog::loadSelected);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &HyperSearchDialog::loadSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_load->setEnabled(!m_table->selectedItems().isEmpty()); });
    updateControls();
}

void HyperSearchDialog::showKindRows() {
    const bool grid = m_kind->currentIndex() == 0;
    for (int row : {1, 2}) m_form->setRowVisible(row, grid);      // learning rates, widths
    for (int row : {3, 4, 5}) m_form->setRowVisible(row, !grid);  // the two ranges, trials and seed
}

void HyperSearchDialog::setGrid(const QString& learningRates, const QString& widths, int epochs) {
    m_kind->setCurrentIndex(0);
    m_lrs->setText(learningRates);
    m_widths->setText(widths);
    m_epochs->setValue(epochs);
}

void HyperSearchDialog::setRandom(double lrMin, double lrMax, int widthMin, int widthMax, int trials, int epochs,
                                  int seed) {
    m_kind->setCurrentIndex(1);
    m_lrMin->setText(QString::number(lrMin));
    m_lrMax->setText(QString::number(lrMax));
    m_widthMin->setValue(widthMin);
    m_widthMax->setValue(widthMax);
    m_trials->setValue(trials);
    m_seed->setValue(seed);
    m_epochs->setValue(epochs);
}

void HyperSearchDialog::validate() {
    const bool grid = m_kind->currentIndex() == 0;
    const QList<QWidget*> fields = grid ? QList<QWidget*>{m_lrs, m_widths}
                                        : QList<QWidget*>{m_lrMin, m_lrMax, m_widthMin, m_widthMax, m_trials};
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_lrs, m_widths, m_lrMin, m_lrMax, m_widthMin, m_widthMax, m_trials})
        w->setStyleSheet(QString());
    QString error;
    QList<QWidget*> bad;
    engine::SearchSpace space;
    space.kind = grid ? engine::SearchKind::Grid : engine::SearchKind::Random;
    if (grid) {
        if (auto lrs = parseRates(m_lrs->text(), &error)) space.learningRates = *lrs;
        else bad << m_lrs;
        if (auto widths = error.isEmpty() ? parseWidths(m_widths->text(), &error) : std::nullopt)
            space.widths = *widths;
        else if (bad.isEmpty()) bad << m_widths;
    } else {
        for (QLineEdit* e : {m_lrMin, m_lrMax}) {
            const std::optional<std::vector<double>> v = parseRates(e->text(), &error);
            if (!v || v->size() != 1) {
                error = tr("The learning-rate range needs one positive number at each end.");
                bad << e;
                break;
            }
            (e == m_lrMin ? space.lrMin : space.lrMax) = v->front();
        }
        space.widthMin = m_widthMin->value();
        space.widthMax = m_widthMax->value();
        space.trials = m_trials->value();
        space.seed = std::uint64_t(m_seed->value());
    }
    m_plan.clear();
    if (error.isEmpty()) {
        try {
            m_plan = engine::planTrials(space);  // the engine's range checks: too many trials, reversed ranges
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
            bad = fields;
        }
    }
    for (QWidget* w : bad) w->setStyleSheet(kBadField);
    m_fieldError = error;
    updateControls();  // refreshes Start and the status line
}

}  // namespace app
