// An activation function and its derivative on one chart, for the lessons: pick one from the list above the plot.
// Both curves come from the engine's own activate() and activationDerivative(), so the picture is the code.
#pragma once
#include "engine/activation.h"
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;

namespace widgets {

class ActivationChart : public QWidget {
    Q_OBJECT
public:
    explicit ActivationChart(QWidget* parent = nullptr);
    void setActivation(engine::Activation f);
    engine::Activation activation() const { return m_f; }
    QCustomPlot* plot() const { return m_plot; }

private:
    void replot();
    engine::Activation m_f = engine::Activation::Sigmoid;
    QComboBox* m_choice = nullptr;
    QLabel* m_formula = nullptr;
    QCustomPlot* m_plot = nullptr;
};

}  // namespace widgets
