// The network's answer for one image: a bar per class with its probability (softmax output; other outputs are shown
// as they are, clamped to [0, 1]), the most likely class highlighted and named in a headline.
#pragma once
#include <QStringList>
#include <QVector>
#include <QWidget>

namespace widgets {

class ProbabilityBars : public QWidget {
    Q_OBJECT
public:
    explicit ProbabilityBars(QWidget* parent = nullptr);

    void setClassNames(const QStringList& names);
    void setValues(const QVector<double>& p);  // empty: nothing to show (no network yet, a blank drawing)
    void setEmptyMessage(const QString& m);
    const QVector<double>& values() const { return m_values; }
    int best() const;                 // the class with the largest value, or -1
    QString headline() const;         // "It's a 3 (87 %)", what the view writes above the bars

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent*) override;

private:
    QString className(int k) const;
    QStringList m_names;
    QVector<double> m_values;
    QString m_empty;
};

}  // namespace widgets
