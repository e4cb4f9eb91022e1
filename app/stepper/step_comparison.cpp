#include "app/stepper/step_comparison.h"
#include "app/document/project_data.h"
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

namespace app {

StepComparison::StepComparison(StepMode* mode, QWidget* parent)
    : QWidget(parent), m_mode(mode), m_worker(new BackgroundWorker(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("Learning algorithms: backprop, finite differences, random search, perceptron"));
    m_kind->addItem(tr("Optimizer race: SGD, momentum, Nesterov, RMSProp, Adam, NAdam"));
    m_kind->addItem(tr("Update modes: full batch, mini-batch, online (against epochs)"));
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
                      tr("loss against seconds")});
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
    m_status->setWordWrap(true);
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_status, 1);
    layout->addLayout(buttons);

    m_chart = new widgets::ComparisonChart(this);
    m_chart->setMinimumHeight(260);
    layout->addWidget(m_chart, 1);

    connect(m_start, &QPushButton::clicked, this, &StepComparison::start);
    connect(m_stop, &QPushButton::clicked, this, &StepComparison::stop);
    connect(m_axis, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_chart->setXAxis(widgets::ComparisonChart::XAxis(i));  // the items are in the enum's order
        m_chart->setLogX(i == 1);  // passes span orders of magnitude between backprop and finite differences
    });
    connect(m_logY, &QCheckBox::toggled, m_chart, &widgets::ComparisonChart::setLogY);
    connect(m_worker, &BackgroundWorker::finished, this, [this](bool cancelled) {
        m_start->setEnabled(true);
        m_stop->setEnabled(false);
        m_status->setText(cancelled ? tr("Stopped.") : tr("Done."));
        emit finished();
    });
    // Update modes are compared per pass over the data (an online epoch is N updates, a full-batch one is 1): the
    // limit is in epochs and the x axis shows them.
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int k) {
        const bool modes = Kind(k) == Kind::UpdateModes;
        m_updates->setSuffix(modes ? tr(" epochs") : tr(" updates"));
        m_updates->setValue(modes ? 50 : 500);
        m_axis->setCurrentIndex(modes ? 2 : 0);
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
    const Kind kind = this->kind();
    const long long maxUpdates = m_updates->value();
    m_mode->capture([this, kind, maxUpdates](const Project& p) {
        m_worker->start([this, p, kind, maxUpdates](const BackgroundWorker::Context& ctx) {
            QString error;
            std::unique_ptr<engine::Trainer> t = makeTrainer(p, &error);
            std::unique_ptr<engine::Comparison> c;
            try {
                if (!t) throw std::runtime_error(error.toStdString());
                const auto runs = kind == Kind::OptimizerRace ? engine::Comparison::optimizerRace()
                                  : kind == Kind::UpdateModes
                                      ? engine::Comparison::updateModeRace(p.training.optimizer, p.training.batchSize)
                                      : engine::Comparison::learningAlgorithms(p.training.optimizer,
                                                                               p.training.randomSearchScale);
                engine::ComparisonLimits limits;
                if (kind == Kind::UpdateModes) {
                    limits.maxUpdates = 0;
                    limits.maxEpochs = double(maxUpdates);  // the spin box counts epochs for this race
                    limits.recordEvery = 1;                 // a full-batch run makes only one update an epoch
                } else {
                    limits.maxUpdates = maxUpdates;
                    limits.recordEvery = int(std::max<long long>(1, maxUpdates / 400));
                }
                // The seed's initial weights, as the training thread started from: one start for every run.
                c = std::make_unique<engine::Comparison>(p.network, t->trainData(), p.training, runs,
                                                         t->initialParameters(), limits);
            } catch (const std::exception& e) {
                const QString msg = tr("Cannot compare: %1").arg(QString::fromStdString(e.what()));
                ctx.post([this, msg] { m_status->setText(msg); });
                return;
            }
            QStringList names, notes;
            std::vector<engine::Vector> starts;
            for (int r = 0; r < c->runCount(); ++r) {
                names << QString::fromStdString(c->series(r).name);
                notes << QString::fromStdString(c->series(r).applicable ? std::string() : c->series(r).note);
                starts.push_back(c->parameters(r));
            }
            ctx.post([this, names, notes, starts] { begin(names, notes, starts); });
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
                           const std::vector<engine::Vector>& starts) {
    m_names = names;
    m_starts = starts;
    m_points.assign(std::size_t(names.size()), {});
    m_chart->setRuns(names);
    for (int r = 0; r < notes.size(); ++r)
        if (!notes[r].isEmpty()) m_chart->setRunNote(r, notes[r]);
    m_status->setText(tr("Running %n run(s) from the same initial weights…", nullptr, int(names.size())));
    emit started();
}

void StepComparison::append(const std::vector<std::vector<engine::ComparisonPoint>>& points) {
    for (std::size_t r = 0; r < points.size() && r < m_points.size(); ++r) {
        if (points[r].empty()) continue;
        m_points[r].insert(m_points[r].end(), points[r].begin(), points[r].end());
        m_chart->appendPoints(int(r), points[r]);
    }
    m_chart->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace app
