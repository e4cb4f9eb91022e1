// The gradient check as a table: for every parameter its symbol, layer, the backprop gradient, the central-difference
// estimate and their relative error, each row tinted by how well they agree; above it, one sentence saying whether
// backprop is right and, when it is not, why (a flat activation such as step). Shows a result; it computes nothing.
#pragma once
#include "engine/learning.h"
#include <QColor>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace widgets {

// Thresholds of the colours (engine/README.md, "Gradient check"): below kGood the gradient is right; up to kDoubtful
// it is probably right with a kink nearby; above, it is wrong.
constexpr double kGradientGood = 1e-6;
constexpr double kGradientDoubtful = 1e-3;
// Okabe-Ito: bluish green (agrees), orange (doubtful), vermillion (disagrees). Also used for the diagram's links.
QColor gradientErrorColor(double relativeError);

class GradientCheckView : public QWidget {
    Q_OBJECT
public:
    explicit GradientCheckView(QWidget* parent = nullptr);

    // net gives the parameter symbols and layer names (its spec must be the one checked).
    void setResult(const engine::GradientCheckResult& result, const engine::Network& net);
    void clear();

    QString summaryText() const;
    QTableWidget* table() const { return m_table; }
    // Rows whose relative error is above kGradientDoubtful.
    int failingCount() const { return m_failing; }

signals:
    void parameterSelected(qint64 parameter);  // a row was clicked: the window can highlight that link

protected:
    void changeEvent(QEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void applyFonts();
    void fitColumns();

    QLabel* m_summary = nullptr;
    QLabel* m_legend = nullptr;
    QTableWidget* m_table = nullptr;
    int m_failing = 0;
    bool m_applyingFonts = false;
};

}  // namespace widgets
