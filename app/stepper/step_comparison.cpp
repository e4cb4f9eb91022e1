#include "app/stepper/step_comparison.h"
#include "app/document/race_setup.h"
#include "app/session/background_worker.h"
#include "app/stepper/step_mode.h"
#include "widgets/comparison_chart.h"
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

namespace app {

StepComparison::StepComparison(StepMode* mode, QWidget* parent)
    : QWidget(parent), m_mode(mode), m_worker(new BackgroundWorker(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("Learning algorithms: backprop, finite differences, random search, perceptron"));
    m_kind->addItem(tr("Optimizer race: SGD, momentum, Nesterov, RMSProp, Adam, NAdam"));
    m_kind->addItem(tr("Update modes: full batch, mini-batch, online (against epochs)"));
    m_kind->addItem(tr("Fine-tuning: from scratch, full, partial (last layer), additive (new layer on top)"));
    m_kind->setItemData(int(Kind::FineTuning),
                        tr("From the network's current weights (what it learned on an earlier task): full trains "
                           "every layer, partial only the output layer, additive freezes the layers under the output "
                           "and trains a new hidden layer and a new output layer in its place; from scratch starts "
                           "the same network from the seed's weights. Needs a hidden layer."),
                        Qt::ToolTipRole);
    m_kind->setToolTip(tr("Every run starts from the same initial weights (the seed's) and sees the same batches"));
    layout->addWidget(m_kind);

    auto* row = new QHBoxLayout;
    m_updates = new QSpinBox(this);
    m_updates->setRange(1, 100000);
    m_updates->setSingleStep(100);
    m_updates->setValue(500);
    m_updates->setPrefix(tr("up to "));
    m_updates->setSuffix(tr(" updates"));
    m_axis = new QComboBox(this);
    m_axis->setObjectName("comparisonAxis");
    m_axis->addItems({tr("loss against updates"), tr("loss against forward passes"), tr("loss against epochs"),
                      tr("loss against seconds"), tr("test accuracy against updates")});
    m_axis->setToolTip(tr("Forward passes are the cost: finite differences spend 2P + 1 of them on every update. "
                          "Seconds are what each run's updates took on this machine."));
    m_logY = new QCheckBox(tr("log loss"), this);
    row->addWidget(m_updates);
    row->addWidget(m_axis, 1);
    row->addWidget(m_logY);
    layout->addLayout(row);

    auto* buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("Start"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setObjectName("comparisonStatus");
    m_status->setWordWrap(true);
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_status, 1);
    layout->addLayout(buttons);
    m_results = new QLabel(this);
    m_results->setObjectName("comparisonResults");
    m_results->setTextFormat(Qt::RichText);
    m_results->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_results->setToolTip(tr("Where each run stands: the parameters it trains, its updates, its training loss and its "
                             "accuracy on the test split"));
    m_results->hide();
    layout->addWidget(m_results);

    m_chart = new widgets::ComparisonChart(this);
    m_chart->setMinimumHeight(260);
    layout->addWidget(m_chart, 1);

    connect(m_start, &QPushButton::clicked, this, &StepComparison::start);
    connect(m_stop, &QPushButton::clicked, this, &StepComparison::stop);
    connect(m_axis, &QComboBox::currentIndexChanged, this, [this](int i) {
        using Chart = widgets::ComparisonChart;
        const bool accuracy = i == 4;  // the last item: test accuracy against updates
        m_chart->setXAxis(accuracy ? Chart::XAxis::Updates : Chart::XAxis(i));  // the others in the enum's order
        m_chart->setYAxis(accuracy ? Chart::YAxis::TestAccuracy : Chart::YAxis::TrainingLoss);
        m_chart->setLogX(i == 1);  // passes span orders of magnitude between backprop and finite differences
        m_logY->setEnabled(!accuracy);
    });
    connect(m_logY, &QCheckBox::toggled, m_chart, &widgets::ComparisonChart::setLogY);
    connect(m_worker, &BackgroundWorker::finished, this, [this](bool cancelled) {
        m_start->setEnabled(true);
        m_stop->setEnabled(false);
        const QString done = cancelled ? tr("Stopped.") : tr("Done.");
        m_status->setText(!m_error.isEmpty()     ? m_error  // why there was no race: it stays said
                          : m_warning.isEmpty() ? done
                                                : done + ' ' + m_warning);
        emit finished();
    });
    // Update modes are compared per pass over the data (an online epoch is N updates, a full-batch one is 1): the
    // limit is in epochs and the x axis shows them.
    // Fine-tuning is about a small budget on a new task, and about accuracy there: 200 updates, accuracy shown.
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int k) {
        const bool modes = Kind(k) == Kind::UpdateModes, tuning = Kind(k) == Kind::FineTuning;
        m_updates->setSuffix(modes ? tr(" epochs") : tr(" updates"));
        m_updates->setValue(int(defaultRaceBudget(Kind(k))));
        m_axis->setCurrentIndex(modes ? 2 : tuning ? 4 : 0);
    });
    m_status->setText(tr("Same start, same data: press Start."));
}

void StepComparison::setKind(Kind k) { m_kind->setCurrentIndex(int(k)); }
StepComparison::Kind StepComparison::kind() const { return Kind(m_kind->currentIndex()); }
bool StepComparison::isRunning() const { return m_worker->isRunning(); }

void StepComparison::stop() { m_worker->cancel(); }

void StepComparison::start() {
    m_worker->cancel();
    m_start->setEnabled(false);
    m_stop->setEnabled(true);
    m_status->setText(tr("Starting…"));
    m_error.clear();
    m_warning.clear();
    const Kind kind = this->kind();
    const long long budget = m_updates->value();
    m_mode->capture([this, kind, budget](const Project& p) {
        m_worker->start([this, p, kind, budget](const BackgroundWorker::Context& ctx) {
            Race race;
            try {
                race = makeRace(kind, p, budget);
            } catch (const std::exception& e) {
                const QString msg = tr("Cannot compare: %1").arg(QString::fromStdString(e.what()));
                ctx.post([this, msg] {
                    m_error = msg;
                    m_status->setText(msg);
                });
                return;
            }
            engine::Comparison* c = race.comparison.get();
            const QString warning = race.warning;
            QStringList names, notes;
            std::vector<engine::Vector> starts;
            std::vector<engine::Index> trained;
            for (int r = 0; r < c->runCount(); ++r) {
                names << QString::fromStdString(c->series(r).name);
                notes << QString::fromStdString(c->series(r).applicable ? std::string() : c->series(r).note);
                starts.push_back(c->parameters(r));
                trained.push_back(c->run(r).trainable.size() ? c->run(r).trainedParameters()
                                                             : c->parameters(r).size());
            }
            const QString note = !warning.isEmpty() ? warning
                                 : kind == Kind::FineTuning
                           ? tr("Running %n run(s) from the network's current weights (from scratch: the seed's)…",
                                nullptr, int(names.size()))
                           : tr("Running %n run(s) from the same initial weights…", nullptr, int(names.size()));
            ctx.post([this, names, notes, starts, trained, note, warning] {
                m_warning = warning;
                begin(names, notes, starts, trained, note);
            });
            ctx.post([this, pts = c->takeNewPoints()] { append(pts); });
            // Points go out at most ~25 times a second, however fast the runs go.
            QElapsedTimer clock;
            clock.start();
            bool more = !c->finished();
            while (more && !ctx.cancelled()) {
                more = c->step(1);
                if (!more || clock.elapsed() >= 40) {
                    ctx.post([this, pts = c->takeNewPoints()] { append(pts); });
                    clock.restart();
                }
            }
        });
    });
}

void StepComparison::begin(const QStringList& names, const QStringList& notes,
                           const std::vector<engine::Vector>& starts, const std::vector<engine::Index>& trained,
                           const QString& status) {
    m_names = names;
    m_starts = starts;
    m_trained = trained;
    m_points.assign(std::size_t(names.size()), {});
    m_chart->setRuns(names);
    for (int r = 0; r < notes.size(); ++r)
        if (!notes[r].isEmpty()) m_chart->setRunNote(r, notes[r]);
    m_status->setText(status);
    showResults();
    emit started();
}

void StepComparison::append(const std::vector<std::vector<engine::ComparisonPoint>>& points) {
    for (std::size_t r = 0; r < points.size() && r < m_points.size(); ++r) {
        if (points[r].empty()) continue;
        m_points[r].insert(m_points[r].end(), points[r].begin(), points[r].end());
        m_chart->appendPoints(int(r), points[r]);
    }
    m_chart->replot(QCustomPlot::rpQueuedReplot);
    showResults();
}

// One row a run: what it trains and where it stands now (its last recorded point).
void StepComparison::showResults() {
    QString rows;
    bool accuracy = false;
    for (const auto& pts : m_points) accuracy = accuracy || (!pts.empty() && std::isfinite(pts.back().testAccuracy));
    for (int r = 0; r < m_names.size(); ++r) {
        const auto& pts = m_points[std::size_t(r)];
        const engine::Index trains = std::size_t(r) < m_trained.size() ? m_trained[std::size_t(r)] : 0;
        QString cells = QString("<td>%1</td><td align=right>%2</td>").arg(m_names[r].toHtmlEscaped()).arg(trains);
        if (pts.empty()) {
            cells += tr("<td colspan=3>not run</td>");
        } else {
            const engine::ComparisonPoint& last = pts.back();
            cells += QString("<td align=right>%1</td><td align=right>%2</td>")
                         .arg(last.updates)
                         .arg(last.loss, 0, 'f', 4);
            if (accuracy)
                cells += QString("<td align=right>%1</td>")
                             .arg(std::isfinite(last.testAccuracy) ? QString::number(last.testAccuracy, 'f', 3)
                                                                   : QStringLiteral("–"));
        }
        rows += "<tr>" + cells + "</tr>";
    }
    const QString head = tr("<tr><th align=left>run</th><th align=right>trains</th><th align=right>updates</th>"
                            "<th align=right>training loss</th>%1</tr>")
                             .arg(accuracy ? tr("<th align=right>test accuracy</th>") : QString());
    m_results->setText("<table cellspacing=0 cellpadding=3>" + head + rows + "</table>");
    m_results->setVisible(!m_names.isEmpty());
}

}  // namespace app
