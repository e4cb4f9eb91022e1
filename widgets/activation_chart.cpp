#include "widgets/activation_chart.h"
#include "widgets/chart_style.h"
#include "widgets/drawing/palette.h"
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace widgets {

ActivationChart::ActivationChart(QWidget* parent) : QWidget(parent) {
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    m_choice = new QComboBox(this);
    m_choice->setObjectName("activationChoice");
    m_choice->setToolTip(tr("The activation function to plot, with its derivative"));
    for (engine::Activation f : engine::allActivations())
        if (engine::isElementwise(f)) m_choice->addItem(QString::fromStdString(engine::activationName(f)), int(f));
    m_formula = new QLabel(this);
    m_formula->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(m_choice);
    row->addWidget(m_formula, 1);
    l->addLayout(row);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(180);
    m_plot->addGraph();
    m_plot->addGraph();
    m_plot->graph(0)->setName(tr("f(z)"));
    m_plot->graph(0)->setPen(QPen(classColor(1), 3));
    m_plot->graph(1)->setName(tr("f′(z)"));
    m_plot->graph(1)->setPen(QPen(classColor(0), 2.5, Qt::DashLine));
    m_plot->xAxis->setLabel("z");
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    styleChartAxes(m_plot, palette().color(QPalette::WindowText));
    l->addWidget(m_plot, 1);
    connect(m_choice, &QComboBox::currentIndexChanged, this,
            [this](int i) { setActivation(engine::Activation(m_choice->itemData(i).toInt())); });
    setActivation(engine::Activation::Sigmoid);
}

void ActivationChart::setActivation(engine::Activation f) {
    m_f = f;
    const int i = m_choice->findData(int(f));
    if (i >= 0 && i != m_choice->currentIndex()) m_choice->setCurrentIndex(i);  // comes back here once
    replot();
}

void ActivationChart::replot() {
    constexpr int n = 401;
    QVector<double> z(n), a(n), d(n);
    for (int i = 0; i < n; ++i) {
        z[i] = -5 + 10.0 * i / (n - 1);
        a[i] = engine::activate(m_f, z[i]);
        d[i] = engine::activationDerivative(m_f, z[i], a[i]);
    }
    m_plot->graph(0)->setData(z, a, true);
    m_plot->graph(1)->setData(z, d, true);
    m_plot->xAxis->setRange(-5, 5);
    bool found = false;
    QCPRange range = m_plot->graph(0)->getValueRange(found);
    range.expand(m_plot->graph(1)->getValueRange(found));
    const double pad = std::max(0.1, range.size() * 0.08);
    m_plot->yAxis->setRange(range.lower - pad, range.upper + pad);
    m_formula->setText(QString("f(z) = %1").arg(QString::fromStdString(engine::activationFormula(m_f))));
    m_plot->replot();
}

}  // namespace widgets
