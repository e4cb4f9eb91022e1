#include "widgets/gradient_check_view.h"
#include "engine/math_text.h"
#include "widgets/view_style.h"
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTextDocument>
#include <QVBoxLayout>
#include <cmath>

namespace widgets {

namespace {

// Sorts by the number it was given, not by its text ("1e−9" < "0.5").
class NumberItem : public QTableWidgetItem
{
public:
    NumberItem(const QString& text, double value) : QTableWidgetItem(text) { setData(Qt::UserRole, value); }
    bool operator<(const QTableWidgetItem& other) const override
    {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

QString q(const std::string& s) { return QString::fromStdString(s); }

QString errorText(double e)
{
    if (std::isinf(e)) return QStringLiteral("∞");
    if (e == 0) return QStringLiteral("0");
    return q(engine::formatNumber(e, 4));
}

QString sci(double e)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0e", e);  // 1e-06
    QString s = QString::fromLatin1(buf);
    s.replace(QStringLiteral("e-0"), QStringLiteral("e−")).replace(QStringLiteral("e-"), QStringLiteral("e−"));
    return s;
}

}  // namespace

QColor gradientErrorColor(double e)
{
    if (e < kGradientGood) return QColor(0, 158, 115);
    if (e < kGradientDoubtful) return QColor(230, 159, 0);
    return QColor(213, 94, 0);
}

GradientCheckView::GradientCheckView(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);  // the verdict in bold, the explanation after it
    layout->addWidget(m_summary);
    m_legend = new QLabel(this);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setText(tr("<span style='color:%1'>■</span> below %2: agrees &nbsp; "
                         "<span style='color:%3'>■</span> up to %4: doubtful (a kink?) &nbsp; "
                         "<span style='color:%5'>■</span> above: wrong")
                          .arg(gradientErrorColor(0).name(), sci(kGradientGood), gradientErrorColor(1e-4).name(),
                               sci(kGradientDoubtful), gradientErrorColor(1).name()));
    layout->addWidget(m_legend);
    m_table = new QTableWidget(this);
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels({tr("parameter"), tr("layer"), tr("backprop"), tr("numeric"), tr("rel. error")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSortingEnabled(true);
    layout->addWidget(m_table, 1);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (QTableWidgetItem* it = m_table->item(row, 0)) emit parameterSelected(it->data(Qt::UserRole).toLongLong());
    });
    applyFonts();
    clear();
}

void GradientCheckView::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::FontChange && !m_applyingFonts) applyFonts();
    QWidget::changeEvent(e);
}

void GradientCheckView::applyFonts()
{
    m_applyingFonts = true;
    m_summary->setFont(viewstyle::scaledFont(font(), 1.2));
    m_legend->setFont(viewstyle::scaledFont(font(), 1.0));
    m_table->setFont(viewstyle::scaledFont(font(), 1.1));
    m_table->horizontalHeader()->setFont(viewstyle::scaledFont(font(), 1.05, true));
    m_applyingFonts = false;
}

void GradientCheckView::clear()
{
    m_table->setRowCount(0);
    m_failing = 0;
    m_summary->setText(tr("Run the gradient check to compare backprop with finite differences, weight by weight.")
                           .toHtmlEscaped());
}

QString GradientCheckView::summaryText() const
{
    QTextDocument doc;
    doc.setHtml(m_summary->text());
    return doc.toPlainText();
}

void GradientCheckView::setResult(const engine::GradientCheckResult& result, const engine::Network& net)
{
    m_table->setSortingEnabled(false);
    m_table->setRowCount(int(result.entries.size()));
    m_failing = 0;
    int flat = 0;  // backprop says 0 where the loss does change: a zero derivative hides the slope
    for (int r = 0; r < int(result.entries.size()); ++r) {
        const engine::GradientCheckEntry& e = result.entries[std::size_t(r)];
        if (e.relativeError >= kGradientDoubtful) ++m_failing;
        if (e.backprop == 0 && std::abs(e.numeric) > 1e-6) ++flat;
        QColor tint = gradientErrorColor(e.relativeError);
        tint.setAlpha(60);
        auto* name = new NumberItem(q(engine::parameterSymbol(net, e.parameter)), double(e.parameter));
        name->setData(Qt::UserRole, qint64(e.parameter));
        auto* layer = new NumberItem(q(engine::layerName(net.spec(), e.layer)), e.layer);
        auto* bp = new NumberItem(q(engine::formatNumber(e.backprop, 6)), e.backprop);
        auto* fd = new NumberItem(q(engine::formatNumber(e.numeric, 6)), e.numeric);
        auto* err = new NumberItem(errorText(e.relativeError), e.relativeError);
        QTableWidgetItem* items[] = {name, layer, bp, fd, err};
        for (int c = 0; c < 5; ++c) {
            items[c]->setBackground(tint);
            items[c]->setTextAlignment(c < 2 ? (Qt::AlignLeft | Qt::AlignVCenter) : (Qt::AlignRight | Qt::AlignVCenter));
            m_table->setItem(r, c, items[c]);
        }
        QFont bold = m_table->font();
        bold.setBold(true);
        err->setFont(bold);
        err->setForeground(gradientErrorColor(e.relativeError).darker(130));
    }
    m_table->setSortingEnabled(true);
    m_table->resizeColumnsToContents();
    m_table->resizeRowsToContents();
    m_table->setCurrentCell(-1, -1);  // no focus frame on a row nobody chose

    const int n = int(result.entries.size());
    if (n == 0) {
        clear();
        return;
    }
    const QString worst = result.worstParameter >= 0 ? q(engine::parameterSymbol(net, result.worstParameter)) : QString();
    const QString maxErr = errorText(result.maxRelativeError);
    QString verdict, why;
    if (m_failing == 0 && result.maxRelativeError < kGradientGood) {
        verdict = tr("Backprop agrees with finite differences.");
        why = tr("All %1 parameters; largest relative error %2 (%3).").arg(n).arg(maxErr, worst);
    } else if (m_failing == 0) {
        verdict = tr("Backprop agrees, almost everywhere.");
        why = tr("All %1 parameters pass, but %2 shows a relative error of %3: a kink (ReLU at 0?) or a gradient too "
                 "small to measure.")
                  .arg(n).arg(worst, maxErr);
    } else {
        verdict = tr("%1 of %2 parameters disagree.").arg(m_failing).arg(n);
        why = tr("Relative error above %1; worst: %2 at %3.").arg(sci(kGradientDoubtful), worst, maxErr);
    }
    if (flat > 0)
        why += tr(" Backprop says 0 for %1 of them while the loss does change: a flat activation (step) has derivative "
                  "0, so no gradient reaches the weights below it.")
                   .arg(flat);
    const QString text = QStringLiteral("<b>%1</b> %2").arg(verdict.toHtmlEscaped(), why.toHtmlEscaped());
    m_summary->setText(text);
}

}  // namespace widgets
