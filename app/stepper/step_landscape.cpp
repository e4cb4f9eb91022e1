#include "app/stepper/step_landscape.h"
#include "app/document/project_data.h"
#include "app/session/background_worker.h"
#include "app/stepper/step_mode.h"
#include "app/training/training_snapshot.h"
#include "engine/math_text.h"
#include "widgets/landscape_view.h"
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>

namespace app {
namespace {

QString symbolOf(const engine::Network& net, engine::Index p) {
    return QString::fromStdString(engine::parameterSymbol(net, p));
}

}  // namespace

StepLandscape::StepLandscape(StepMode* mode, QWidget* parent)
    : QWidget(parent), m_mode(mode), m_worker(new BackgroundWorker(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* row = new QHBoxLayout;
    m_p1 = new QComboBox(this);
    m_p2 = new QComboBox(this);
    m_p1->setToolTip(tr("The weight along the x axis"));
    m_p2->setToolTip(tr("The weight along the y axis"));
    m_range = new QDoubleSpinBox(this);
    m_range->setRange(0, 100);
    m_range->setDecimals(1);
    m_range->setSingleStep(0.5);
    m_range->setSpecialValueText(tr("± auto"));
    m_range->setPrefix(tr("± "));
    m_range->setToolTip(tr("How far the map reaches either side of the current weights (auto: 1.5 × the larger "
                           "weight, at least 1.5)"));
    m_compute = new QPushButton(tr("Map here"), this);
    m_compute->setToolTip(tr("Compute the loss around the current weights (the other weights held where they are)"));
    row->addWidget(new QLabel(tr("x"), this));
    row->addWidget(m_p1, 1);
    row->addWidget(new QLabel(tr("y"), this));
    row->addWidget(m_p2, 1);
    row->addWidget(m_range);
    row->addWidget(m_compute);
    layout->addLayout(row);
    m_status = makeNoteLabel(this);
    layout->addWidget(m_status);
    m_view = new widgets::LandscapeView(this);
    m_view->setMinimumHeight(300);
    layout->addWidget(m_view, 1);

    connect(m_compute, &QPushButton::clicked, this, &StepLandscape::compute);
    for (QComboBox* box : {m_p1, m_p2}) connect(box, &QComboBox::activated, this, &StepLandscape::compute);
    m_status->setText(tr("The loss over two weights; training's path is drawn on it as it goes."));
}

bool StepLandscape::isComputing() const { return m_worker->isRunning(); }

void StepLandscape::fillParameterBoxes(const engine::NetworkSpec& spec) {
    m_spec = spec;
    engine::Network net;
    try {
        net = engine::Network(spec);
    } catch (const std::exception&) {
        return;
    }
    const auto [d1, d2] = engine::LossLandscape::defaultParameters(net);
    for (QComboBox* box : {m_p1, m_p2}) {
        const QSignalBlocker block(box);
        box->clear();
        for (engine::Index p = 0; p < net.parameterCount(); ++p)
            box->addItem(symbolOf(net, p) + QStringLiteral("  (") +
                             QString::fromStdString(engine::layerName(spec, net.layerOf(p))) + QStringLiteral(")"),
                         qlonglong(p));
    }
    m_p1->setCurrentIndex(int(d1));
    m_p2->setCurrentIndex(int(d2));
}

void StepLandscape::setParameters(engine::Index p1, engine::Index p2) {
    m_p1->setCurrentIndex(int(p1));
    m_p2->setCurrentIndex(int(p2));
}

void StepLandscape::compute() {
    m_compute->setEnabled(false);
    m_status->setText(tr("Mapping the loss…"));
    m_mode->capture([this](const Project& p) {
        if (!(p.network == m_spec) || m_p1->count() == 0) fillParameterBoxes(p.network);
        const engine::Index p1 = m_p1->currentData().toLongLong(), p2 = m_p2->currentData().toLongLong();
        const double range = m_range->value();
        m_worker->start([this, p, p1, p2, range](const BackgroundWorker::Context& ctx) {
            QString error;
            std::unique_ptr<engine::Trainer> t = makeTrainer(p, &error);
            std::unique_ptr<engine::LossLandscape> land;
            try {
                if (!t) throw std::runtime_error(error.toStdString());
                const engine::Matrix& X = t->trainInputs();
                const engine::Matrix& Y = t->trainTargets();
                if (X.cols() == 0) throw std::runtime_error(tr("there is no training data").toStdString());
                const engine::Index n = std::min<engine::Index>(X.cols(), kMaxSamples);
                engine::Matrix Xs(X.rows(), n), Ys(Y.rows(), n);
                for (engine::Index k = 0; k < n; ++k) {
                    Xs.col(k) = X.col(k * X.cols() / n);
                    Ys.col(k) = Y.col(k * X.cols() / n);
                }
                const engine::Vector& theta = t->network().params();
                double half = range;
                if (half <= 0 && p1 < theta.size() && p2 < theta.size())
                    half = std::max(1.5, 1.5 * std::max(std::abs(theta(p1)), std::abs(theta(p2))));
                land = std::make_unique<engine::LossLandscape>(t->network(), Xs, Ys, p1, p2, half, half, kResolution);
            } catch (const std::exception& e) {
                const QString msg = tr("Cannot map the loss: %1").arg(QString::fromStdString(e.what()));
                ctx.post([this, msg] {
                    m_status->setText(msg);
                    m_compute->setEnabled(true);
                });
                return;
            }
            // The grid fills in row by row on screen.
            QElapsedTimer clock;
            clock.start();
            const engine::NetworkSpec spec = p.network;
            const engine::OptimizerSettings opt = p.training.optimizer;
            const long long step = p.trained ? p.trained->step : 0;
            bool first = true;
            while (!ctx.cancelled()) {
                const bool done = land->computeRows(2);
                if (done || clock.elapsed() >= 60) {
                    ctx.post([this, g = land->grid(), done, first, spec, opt, step] {
                        if (first) {
                            m_gridSpec = spec;
                            m_hasGrid = true;
                            m_view->clearPaths();
                            m_path = 0;
                            m_pathGeneration = 0;  // adopted from the next snapshot
                            m_pathStep = step;
                            m_pathOptimizer = opt;
                            engine::TrainSettings s;
                            s.optimizer = opt;
                            const double cx = g.x((g.nx - 1) / 2), cy = g.y((g.ny - 1) / 2);
                            m_view->setPath(0, pathName(s), {{cx, cy, g.centreLoss}});
                            m_lastParams.resize(0);
                        }
                        showGrid(g, done);
                    });
                    first = false;
                    clock.restart();
                }
                if (done) break;
            }
        });
    });
}

void StepLandscape::showGrid(const engine::LandscapeGrid& grid, bool complete) {
    m_grid = grid;
    engine::Network net;
    try {
        net = engine::Network(m_gridSpec);
    } catch (const std::exception&) {
        return;
    }
    m_view->setGrid(grid, symbolOf(net, grid.p1), symbolOf(net, grid.p2));
    if (!complete) return;
    m_compute->setEnabled(true);
    m_status->setText(tr("A slice through the current weights: %1 and %2 vary, the others stay put. Train, and the "
                         "path shows where those two weights go; Reset (R) with another optimizer or learning rate "
                         "starts a new path from the same point.")
                          .arg(symbolOf(net, grid.p1), symbolOf(net, grid.p2)));
    emit computed();
}

QString StepLandscape::pathName(const engine::TrainSettings& s) const {
    return tr("%1, η = %2")
        .arg(QString::fromStdString(engine::optimizerLabel(s.optimizer.kind)),
             QString::number(s.optimizer.learningRate));
}

void StepLandscape::addSnapshot(const TrainingSnapshot& s, const engine::TrainSettings& settings) {
    if (s.spec.layers.empty()) return;
    if (!(s.spec == m_spec)) fillParameterBoxes(s.spec);
    if (!m_hasGrid || m_path < 0) return;
    if (!(s.spec == m_gridSpec)) {
        m_status->setText(tr("The network changed: press “Map here” for a new map."));
        return;
    }
    const engine::Index p1 = m_grid.p1, p2 = m_grid.p2;
    if (s.params.size() <= std::max(p1, p2)) return;
    if (m_pathGeneration == 0) m_pathGeneration = s.generation;
    const bool fresh = s.generation != m_pathGeneration || s.step < m_pathStep ||
                       !(settings.optimizer == m_pathOptimizer);
    const engine::LandscapePathPoint pt{s.params(p1), s.params(p2), s.train.loss};
    if (fresh) {
        if (m_path >= 5) {  // six paths at most: beyond that the picture is a tangle
            m_view->clearPaths();
            m_path = -1;
        }
        ++m_path;
        m_view->setPath(m_path, pathName(settings), {pt});
    } else if (m_lastParams.size() != s.params.size() || m_lastParams(p1) != pt.x || m_lastParams(p2) != pt.y) {
        m_view->appendPathPoints(m_path, {pt});
    }
    m_lastParams = s.params;
    m_pathGeneration = s.generation;
    m_pathStep = s.step;
    m_pathOptimizer = settings.optimizer;
}

}  // namespace app
