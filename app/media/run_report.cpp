#include "app/media/run_report.h"
#include "app/training/training_snapshot.h"
#include "engine/optimizer.h"
#include "widgets/loss_chart.h"
#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QDir>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextTable>
#include <cmath>

namespace app {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString num(double v, int digits = 4) {
    if (!std::isfinite(v)) return QStringLiteral("—");
    return QString::number(v, 'g', digits);
}

QString percent(double v) { return std::isfinite(v) ? QString::number(100.0 * v, 'f', 1) + " %" : QStringLiteral("—"); }

QString esc(const QString& s) { return s.toHtmlEscaped(); }

QByteArray pngBytes(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QString imageTag(const QImage& image, const QString& name, bool embed, int width, const QString& alt) {
    if (image.isNull()) return {};
    const QString src = embed ? "data:image/png;base64," + QString::fromLatin1(pngBytes(image).toBase64())
                              : "report:" + name;
    return QString("<img src=\"%1\" width=\"%2\" alt=\"%3\">").arg(src).arg(width).arg(esc(alt));
}

QString table(const QList<QPair<QString, QString>>& rows) {
    QString html = "<table class=\"kv\" cellspacing=\"0\" cellpadding=\"4\">";
    for (const auto& [key, value] : rows)
        html += QString("<tr><th align=\"left\" width=\"190\">%1</th><td>%2</td></tr>").arg(esc(key), esc(value));
    return html + "</table>";
}

QString optimizerDetails(const engine::OptimizerSettings& o) {
    using K = engine::OptimizerKind;
    switch (o.kind) {
    case K::Momentum:
    case K::Nesterov: return QObject::tr("momentum %1").arg(num(o.momentum));
    case K::Adam:
    case K::NAdam: return QObject::tr("β₁ %1, β₂ %2, ε %3").arg(num(o.beta1), num(o.beta2), num(o.epsilon));
    case K::RMSProp: return QObject::tr("α %1, ε %2").arg(num(o.alpha), num(o.epsilon));
    case K::AdaGrad: return QObject::tr("ε %1").arg(num(o.adagradEpsilon));
    case K::SGD: break;
    }
    return {};
}

QString dataDescription(const DataSource& d) {
    switch (d.kind) {
    case DataSource::Kind::Generated:
        return QObject::tr("generated: %1, %2 samples, noise %3, seed %4")
            .arg(qs(engine::generatorName(d.generator.kind)))
            .arg(d.generator.samples)
            .arg(num(d.generator.noise))
            .arg(d.generator.seed);
    case DataSource::Kind::Bundled: return QObject::tr("bundled set: %1").arg(d.bundled);
    case DataSource::Kind::Points: return QObject::tr("points drawn or imported (%1 samples)").arg(d.points.size());
    }
    return {};
}

}  // namespace

QImage historyChart(const std::vector<HistoryPoint>& history, bool accuracy, QSize size) {
    widgets::LossChart chart(accuracy ? widgets::LossChart::Kind::Accuracy : widgets::LossChart::Kind::Loss);
    chart.resize(size);
    QVector<double> ep, train, test;
    for (const HistoryPoint& h : history) {
        ep << h.epoch;
        train << (accuracy ? h.trainAccuracy : h.trainLoss);
        test << (accuracy ? h.testAccuracy : h.testLoss);
    }
    chart.appendPoints(ep, train, test);
    return chart.toPixmap(size.width(), size.height(), 1.0).toImage();
}

RunReport makeRunReport(const Project& project, const TrainingSnapshot& last, const engine::Dataset& data,
                        const QImage& boundary) {
    RunReport r;
    r.title = project.title.isEmpty() ? QObject::tr("Untitled run") : project.title;
    r.created = QDateTime::currentDateTime();
    r.architecture = qs(project.network.describe());
    r.seed = project.training.seed;
    const engine::TrainSettings& t = project.training;

    r.data << qMakePair(QObject::tr("Data"), dataDescription(project.data))
           << qMakePair(QObject::tr("Samples"),
                        QObject::tr("%1, with %2 inputs each").arg(data.size()).arg(data.inputDim()))
           << qMakePair(QObject::tr("Training / test split"), QObject::tr("%1 % training, split seed %2")
                                                                  .arg(num(100 * project.trainRatio))
                                                                  .arg(project.splitSeed));
    QStringList features;
    for (engine::Feature f : t.features) features << qs(engine::featureLabel(f));

    r.settings << qMakePair(QObject::tr("Network"), r.architecture)
               << qMakePair(QObject::tr("Learning"), qs(engine::algorithmName(t.algorithm)))
               << qMakePair(QObject::tr("Optimizer"), qs(engine::optimizerName(t.optimizer.kind)))
               << qMakePair(QObject::tr("Learning rate"), num(t.optimizer.learningRate, 6));
    if (const QString d = optimizerDetails(t.optimizer); !d.isEmpty())
        r.settings << qMakePair(QObject::tr("Optimizer settings"), d);
    r.settings << qMakePair(QObject::tr("Updates"),
                            qs(engine::updateModeName(t.mode)) + (t.mode == engine::UpdateMode::MiniBatch
                                                                      ? QObject::tr(", batch size %1").arg(t.batchSize)
                                                                      : QString()))
               << qMakePair(QObject::tr("Regularisation"), QObject::tr("L1 %1, L2 %2").arg(num(t.l1), num(t.l2)))
               << qMakePair(QObject::tr("Initialisation"), qs(engine::initName(t.init.scheme)))
               << qMakePair(QObject::tr("Input features"),
                            features.isEmpty() ? QObject::tr("the raw inputs") : features.join(", "))
               << qMakePair(QObject::tr("Standardised inputs"), t.standardize ? QObject::tr("yes") : QObject::tr("no"))
               << qMakePair(QObject::tr("Seed"), QString::number(r.seed));

    r.regression = data.task == engine::Task::Regression;
    r.results << qMakePair(QObject::tr("Trained for"),
                           QObject::tr("%1 epochs (%2 updates)").arg(last.epoch).arg(last.step))
              << qMakePair(QObject::tr("Loss"),
                           QObject::tr("training %1, test %2").arg(num(last.train.loss), num(last.test.loss)));
    if (r.regression)
        r.results << qMakePair(QObject::tr("R²"),
                               QObject::tr("training %1, test %2").arg(num(last.train.r2), num(last.test.r2)))
                  << qMakePair(QObject::tr("RMSE"),
                               QObject::tr("training %1, test %2").arg(num(last.train.rmse), num(last.test.rmse)));
    else
        r.results << qMakePair(
            QObject::tr("Accuracy"),
            QObject::tr("training %1, test %2").arg(percent(last.train.accuracy), percent(last.test.accuracy)));
    const bool testConfusion = last.test.confusion.size() > 0;
    r.confusion = testConfusion ? last.test.confusion : last.train.confusion;
    r.confusionOf = testConfusion ? QObject::tr("test set") : QObject::tr("training set");
    for (int k = 0; k < data.numClasses; ++k)
        r.classNames << (k < int(data.classNames.size()) && !data.classNames[std::size_t(k)].empty()
                             ? qs(data.classNames[std::size_t(k)])
                             : QObject::tr("class %1").arg(k));
    r.history = project.history;
    r.boundary = boundary;
    r.lossChart = historyChart(r.history, false);
    if (!r.regression) r.accuracyChart = historyChart(r.history, true);
    return r;
}

QString runReportHtml(const RunReport& r, bool embed) {
    QString h;
    h += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">";
    h += QString("<title>%1</title>").arg(esc(QObject::tr("NN Lab run report: %1").arg(r.title)));
    h += "<style>body{font-family:'DejaVu Sans',sans-serif;max-width:860px;margin:24px auto;color:#222}"
         "h1{font-size:22px;margin-bottom:2px}h2{font-size:16px;margin-top:22px;border-bottom:1px solid #ccc}"
         "table.kv th{padding-right:16px;color:#555;font-weight:normal}"
         "table.cm td,table.cm th{border:1px solid #bbb;padding:4px 8px;text-align:right}"
         ".muted{color:#777}</style></head><body>\n";
    h += QString("<h1>%1</h1>").arg(esc(r.title));
    h += QString("<p class=\"muted\">%1</p>")
             .arg(esc(QObject::tr("NN Lab run report, %1").arg(r.created.toString(Qt::ISODate))));
    h += QString("<p>%1 <b>%2</b> &nbsp; %3 <b>%4</b></p>")
             .arg(esc(QObject::tr("Network:")), esc(r.architecture), esc(QObject::tr("Seed:")))
             .arg(r.seed);

    h += QString("<h2>%1</h2>").arg(esc(QObject::tr("Data")));
    h += table(r.data);
    h += QString("<h2>%1</h2>").arg(esc(QObject::tr("Settings")));
    h += table(r.settings);
    h += QString("<h2>%1</h2>").arg(esc(QObject::tr("Results")));
    h += table(r.results);

    if (!r.boundary.isNull()) {
        h += QString("<h2>%1</h2>").arg(esc(QObject::tr("What the network learned")));
        h += "<p>" + imageTag(r.boundary, "boundary", embed, std::min(520, r.boundary.width()), QObject::tr("output")) +
             "</p>";
    }
    h += QString("<h2>%1</h2>").arg(esc(QObject::tr("Training curves")));
    if (r.history.empty())
        h += QString("<p class=\"muted\">%1</p>").arg(esc(QObject::tr("No training steps were recorded.")));
    h += "<p>" + imageTag(r.lossChart, "loss", embed, 640, QObject::tr("loss")) + "</p>";
    if (!r.accuracyChart.isNull())
        h += "<p>" + imageTag(r.accuracyChart, "accuracy", embed, 640, QObject::tr("accuracy")) + "</p>";

    if (!r.regression && r.confusion.size() > 0) {
        const int k = int(r.confusion.rows());
        const auto name = [&](int i) {
            return i < r.classNames.size() ? r.classNames[i] : QObject::tr("class %1").arg(i);
        };
        h += QString("<h2>%1</h2>").arg(esc(QObject::tr("Confusion matrix (%1)").arg(r.confusionOf)));
        h += QString("<p class=\"muted\">%1</p>")
                 .arg(esc(QObject::tr("Rows: the true class. Columns: the class predicted.")));
        h += "<table class=\"cm\" cellspacing=\"0\" cellpadding=\"4\" border=\"1\"><tr><th></th>";
        for (int j = 0; j < k; ++j) h += QString("<th>%1</th>").arg(esc(name(j)));
        h += "</tr>";
        for (int i = 0; i < k; ++i) {
            h += QString("<tr><th align=\"left\">%1</th>").arg(esc(name(i)));
            for (int j = 0; j < k && j < r.confusion.cols(); ++j)
                h += QString("<td%1>%2</td>").arg(i == j ? " bgcolor=\"#d7ecd9\"" : "").arg(r.confusion(i, j));
            h += "</tr>";
        }
        h += "</table>";
    }
    h += "\n</body></html>\n";
    return h;
}

namespace {
// What a heading heads: the first picture or table after it (past a note in between), or the next block.
QTextBlock headedBlock(const QTextBlock& heading) {
    QTextBlock b = heading.next();
    for (int i = 0; i < 3 && b.isValid() && b.next().isValid(); ++i) {
        const bool picture = b.text().contains(QChar::ObjectReplacementCharacter);
        if (picture || QTextCursor(b).currentTable() || b.blockFormat().headingLevel() > 0) break;
        b = b.next();
    }
    return b;
}
}  // namespace

void layOutRunReport(QTextDocument& doc, const RunReport& report, QSizeF pageSize) {
    doc.setDefaultFont(QFont("DejaVu Sans", 9));
    const auto add = [&](const char* name, const QImage& image) {
        if (!image.isNull()) doc.addResource(QTextDocument::ImageResource, QUrl(QString("report:") + name), image);
    };
    add("boundary", report.boundary);
    add("loss", report.lossChart);
    add("accuracy", report.accuracyChart);
    doc.setHtml(runReportHtml(report, false));
    doc.setPageSize(pageSize);
    // QTextDocument knows no "page-break-after: avoid": a heading whose content starts on the next page would stand
    // alone at the foot of this one (the boundary's picture did). It takes a page break before it instead.
    QAbstractTextDocumentLayout* layout = doc.documentLayout();
    const double pageH = doc.pageSize().height();
    const auto pageOf =
        [&](const QTextBlock& b) {  // of its first line: a picture that does not fit moves its line down
            const QTextLayout* l = b.layout();
            const double lineY = l && l->lineCount() > 0 ? l->lineAt(0).y() : 0.0;
            return int((layout->blockBoundingRect(b).top() + lineY) / pageH);
        };
    for (QTextBlock b = doc.begin(); b.isValid() && pageH > 0; b = b.next()) {
        if (b.blockFormat().headingLevel() == 0) continue;
        const QTextBlock content = headedBlock(b);
        if (!content.isValid() || content == b) continue;
        const int headingPage = pageOf(b), contentPage = pageOf(content);
        if (contentPage == headingPage) continue;
        QTextBlockFormat f = b.blockFormat();
        f.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
        QTextCursor(b).setBlockFormat(f);
    }
}

bool saveRunReportHtml(const QString& path, const RunReport& report, QString* error) {
    QSaveFile f(path);
    const QByteArray bytes = runReportHtml(report, true).toUtf8();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = QObject::tr("%1 could not be written (%2)").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    return true;
}

bool saveRunReportPdf(const QString& path, const RunReport& report, QString* error) {
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter pdf(&buffer);
        pdf.setCreator("NN Lab");
        pdf.setTitle(QObject::tr("NN Lab run report: %1").arg(report.title));
        pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                      QPageLayout::Millimeter));
        pdf.setResolution(96);  // HTML pixels = page pixels, so images keep the width the HTML gives them
        QTextDocument doc;
        layOutRunReport(doc, report, pdf.pageLayout().paintRectPixels(pdf.resolution()).size());
        doc.print(&pdf);
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = QObject::tr("%1 could not be written (%2)").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    return true;
}

}  // namespace app
