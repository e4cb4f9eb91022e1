// Evaluation summary for one data split: a confusion matrix for classification (rows = true class, columns =
// predicted, shading = share of the row) or R^2 and RMSE for regression, sized to be read from the back of a room.
// It paints the numbers it is given and computes nothing but the accuracy shown above the matrix.
#pragma once
#include <Eigen/Core>
#include <QColor>
#include <QRect>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QPainter;

namespace widgets {

class MetricsView : public QWidget {
    Q_OBJECT

public:
    enum class Mode { Empty, Classification, Regression };

    explicit MetricsView(QWidget* parent = nullptr);

    // confusion(i, j) = samples of true class i predicted as j (as engine::confusionMatrix). Missing class names
    // are shown as "class k".
    void setConfusion(const Eigen::MatrixXi& confusion, const QStringList& classNames);
    // `truth` and `predicted` are optional: when both are given (same length), a predicted-vs-true scatter is drawn
    // beside the numbers. Only the first output of a multi-output regression is expected here.
    void setRegression(double r2, double rmse, const QVector<double>& truth = {},
                       const QVector<double>& predicted = {});
    void setTitle(const QString& title);
    void clear();

    Mode mode() const { return m_mode; }
    QString title() const { return m_title; }
    const Eigen::MatrixXi& confusion() const { return m_confusion; }
    QStringList classNames() const { return m_classNames; }
    double accuracy() const;  // trace / total; NaN when there is no matrix or it is all zeros
    double r2() const { return m_r2; }
    double rmse() const { return m_rmse; }

    // "48 of 100 correct" (empty without a matrix) and where it is drawn: beside the headline, or under it when it
    // would not fit there. The rect is the text's full width and lies inside the widget when the widget is wide enough.
    QString countText() const;
    QRect countTextRect() const;

    // Geometry and fill of one confusion cell at the current widget size (empty rect / invalid colour outside).
    QRect cellRect(int trueClass, int predictedClass) const;
    QColor cellColor(int trueClass, int predictedClass) const;

    QSize sizeHint() const override { return {520, 440}; }
    QSize minimumSizeHint() const override { return {260, 200}; }

signals:
    // A click on a confusion cell: the image workspace shows the samples of that true and predicted class.
    void cellClicked(int trueClass, int predictedClass);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct GridLayout {
        QRectF grid;        // the K x K cells
        double cell = 0;    // side of one square cell
        QRectF rowHeaders;  // class names left of the grid
        QRectF colHeaders;  // class names above the grid
        double headerFontPx = 12;
    };
    GridLayout gridLayout() const;
    QString className(int k) const;
    QString headline() const;
    bool countBelowHeadline() const;
    double paintHeader(QPainter& p, const QString& headline) const;  // returns the y where content starts
    void paintConfusion(QPainter& p) const;
    void paintRegression(QPainter& p) const;
    void paintScatter(QPainter& p, const QRectF& area) const;

    Mode m_mode = Mode::Empty;
    QString m_title;
    Eigen::MatrixXi m_confusion;
    QStringList m_classNames;
    double m_r2 = 0, m_rmse = 0;
    QVector<double> m_truth, m_predicted;
};

}  // namespace widgets
