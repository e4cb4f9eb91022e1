#include "app/window/result_views.h"
#include "app/session/session.h"
#include "widgets/loss_chart.h"
#include "widgets/metrics_view.h"
#include "widgets/weight_heatmap.h"
#include <QCheckBox>
#include <QComboBox>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QVBoxLayout>

namespace app {

ResultViews::ResultViews(Session* session, QWidget* parent) : QObject(parent), m_session(session) {
    m_chartBox = new QWidget(parent);
    auto* cl = new QVBoxLayout(m_chartBox);
    cl->setContentsMargins(2, 2, 2, 2);
    auto* charts = new QTabWidget(m_chartBox);
    m_loss = new widgets::LossChart(widgets::LossChart::Kind::Loss, charts);
    m_loss->setObjectName("lossChart");
    m_accuracy = new widgets::LossChart(widgets::LossChart::Kind::Accuracy, charts);
    charts->addTab(m_loss, tr("Loss"));
    charts->addTab(m_accuracy, tr("Accuracy"));
    auto* logScale = new QCheckBox(tr("Logarithmic loss axis"), m_chartBox);
    logScale->setToolTip(tr("Show the loss on a log scale: small losses late in training become visible (L)"));
    logScale->setShortcut(Qt::Key_L);
    connect(logScale, &QCheckBox::toggled, m_loss, &widgets::LossChart::setLogScale);
    cl->addWidget(charts, 1);
    cl->addWidget(logScale);

    m_metrics = new widgets::MetricsView(parent);
    m_metrics->setTitle(tr("Test set"));

    m_weightsBox = new QWidget(parent);
    auto* wl = new QVBoxLayout(m_weightsBox);
    wl->setContentsMargins(4, 4, 4, 4);
    m_weightLayer = new QComboBox(m_weightsBox);
    m_weightLayer->setObjectName("weightLayerChoice");
    m_weightLayer->setToolTip(tr("Which layer's weight matrix to show: one row per neuron, one column per input."));
    m_weights = new widgets::WeightHeatmap(m_weightsBox);
    m_weights->setObjectName("weightHeatmap");
    wl->addWidget(m_weightLayer);
    wl->addWidget(m_weights, 1);
    connect(m_weightLayer, &QComboBox::currentIndexChanged, this, [this](int l) {
        if (l >= 0) m_weights->setLayer(l);
    });

    // A new project, new weights from scratch: the curves start again.
    connect(session, &Session::projectLoaded, this, &ResultViews::clearCharts);
    connect(session, &Session::trainingRebuilt, this, &ResultViews::clearCharts);
}

void ResultViews::clearCharts() {
    m_loss->clear();
    m_accuracy->clear();
}

void ResultViews::showSnapshot(const TrainingSnapshot& s) {
    if (!(s.spec == m_weightSpec) || m_weightLayer->count() != int(s.spec.layers.size())) {
        m_weightSpec = s.spec;
        const QSignalBlocker block(m_weightLayer);
        m_weightLayer->clear();
        for (std::size_t l = 0; l < s.spec.layers.size(); ++l) {
            const engine::LayerKind kind = s.spec.layers[l].kind;
            m_weightLayer->addItem(l + 1 == s.spec.layers.size()        ? tr("Output layer")
                                   : kind == engine::LayerKind::Conv    ? tr("Layer %1: convolution").arg(l + 1)
                                   : kind == engine::LayerKind::MaxPool ? tr("Layer %1: max pooling").arg(l + 1)
                                   : kind == engine::LayerKind::AvgPool ? tr("Layer %1: average pooling").arg(l + 1)
                                   : kind == engine::LayerKind::Flatten ? tr("Layer %1: flatten").arg(l + 1)
                                                                        : tr("Hidden layer %1").arg(l + 1));
        }
    }
    if (s.params.size() == s.spec.parameterCount()) m_weights->setParameters(s.spec, s.params);

    if (s.historyRestart) clearCharts();
    if (!s.newHistory.empty()) {
        QVector<double> ep, tr, te, tra, tea;
        for (const HistoryPoint& h : s.newHistory) {
            ep << h.epoch;
            tr << h.trainLoss;
            te << h.testLoss;
            tra << h.trainAccuracy;
            tea << h.testAccuracy;
        }
        m_loss->appendPoints(ep, tr, te);
        if (!m_session->regression()) m_accuracy->appendPoints(ep, tra, tea);
    }

    const bool regression = m_session->regression();
    const engine::Metrics& shown = s.test.confusion.size() || regression ? s.test : s.train;
    // With no test split (a four-point truth table) the matrix is the training set's, and says so.
    const QString metricsTitle = &shown == &s.test ? tr("Test set") : tr("Training set");
    if (m_metrics->title() != metricsTitle) m_metrics->setTitle(metricsTitle);
    if (m_session->data().data().size() == 0) m_metrics->clear();  // no data, no score: not the last one's accuracy
    else if (regression) m_metrics->setRegression(s.test.r2, s.test.rmse);
    else if (shown.confusion.size()) m_metrics->setConfusion(shown.confusion, m_session->classNames());
}

}  // namespace app
