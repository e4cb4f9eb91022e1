// A run report a teacher can hand out: the settings and seed that reproduce the run, the architecture, the loss and
// accuracy curves, the confusion matrix (or R² and RMSE) and the picture of the decision boundary, as one
// self-contained HTML file (pictures embedded as PNG data: URIs) or as a PDF (the same document laid out by
// QTextDocument and printed through QPdfWriter). Nothing in the report depends on files beside it.
#pragma once
#include "app/document/project.h"
#include "engine/trainer.h"
#include <QDateTime>
#include <QImage>
#include <QList>
#include <QPair>
#include <QSizeF>
#include <QString>
#include <QStringList>

class QTextDocument;

namespace app {
struct TrainingSnapshot;

struct RunReport {
    QString title;  // the project's title ("XOR")
    QDateTime created;
    QString architecture;                     // NetworkSpec::describe(): "2-4-1 tanh, sigmoid out, bce"
    std::uint64_t seed = 0;                   // the weights' and shuffle's seed
    QList<QPair<QString, QString>> data;      // what the data is: source, samples, split
    QList<QPair<QString, QString>> settings;  // optimizer, learning rate, batch, ... in display order
    QList<QPair<QString, QString>> results;   // epoch, step, losses, accuracy or R²
    std::vector<HistoryPoint> history;
    bool regression = false;
    Eigen::MatrixXi confusion;  // test set (or training set when there is no test set)
    QString confusionOf;        // "test set" / "training set"
    QStringList classNames;
    QImage boundary;                  // the output view (may be null)
    QImage lossChart, accuracyChart;  // drawn from history by makeRunReport; may be replaced
};

// Everything from the captured project (its history and settings), the last snapshot (metrics, confusion) and the
// data set (task, class names); `boundary` is the output view's picture (pictureImage(outputView), may be null).
RunReport makeRunReport(const Project& project, const TrainingSnapshot& last, const engine::Dataset& data,
                        const QImage& boundary);
// A chart of the history (loss, or accuracy when `accuracy`) as the app draws it, size in pixels.
QImage historyChart(const std::vector<HistoryPoint>& history, bool accuracy, QSize size = QSize(640, 300));

// The report as HTML. With `embedImages` the pictures are data: URIs (a file that stands alone); without, they are
// named "report:boundary", "report:loss" and "report:accuracy" for a QTextDocument's resources.
QString runReportHtml(const RunReport& report, bool embedImages = true);
// The report laid out as the PDF prints it, on pages of `pageSize` (pixels at 96 dpi), its pictures as resources. A
// heading never ends a page: one whose picture or table would start the next page moves there with it.
void layOutRunReport(QTextDocument& doc, const RunReport& report, QSizeF pageSize);
bool saveRunReportHtml(const QString& path, const RunReport& report, QString* error);  // atomic
bool saveRunReportPdf(const QString& path, const RunReport& report, QString* error);   // A4, atomic

}  // namespace app
