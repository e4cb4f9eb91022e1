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
class NumberItem : public QTableWidgetItem {
public:
    NumberItem(const QString& text, double value) : QTableWidgetItem(text) { setData(Qt::UserRole, value); }
    bool operator<(const QTableWidgetItem& other) const override {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

QString q(const std::string& s) { return QString::fromStdString(s); }

QString errorText(double e) {
    if (std::isinf(e)) return QStringLiteral("∞");
    if (e == 0) return QStringLiteral("0");
    return q(engine::formatNumber(e, 4));
}

QString sci(double e) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0e", e);  // 1e-06
    QString s = QString::fromLatin1(buf);
    s.replace(QStringLiteral("e-0"), QStringLiteral("e−")).replace(QStringLiteral("e-"), QStringLiteral("e−"));
    return s;
}

}  // namespace

QColor gradientErrorColor(double e) {
    if (e < kGradientGood) return QColor(0, 158, 115);
    if (e < kGradientDoubtful) return QColor(230, 159, 0);
    return QColor(213, 94, 0);
}

GradientCheckView::GradientCheckView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);  // the verdict in bold, the explanation after it
    layout->addWidget(m_summary);
    m_legend = new QLabel(this);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);  // on one line it asked for 430 px: more than the side dock had, which cut the table
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
    m_table->setWordWrap(false);                                    // a cut name ends in "…"
    m_table->horizontalHeader()->setTextElideMode(Qt::ElideRight);  // so does a cut title
    m_table->viewport()->installEventFilter(this);                  // the columns follow the dock's width
    layout->addWidget(m_table, 1);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (QTableWidgetItem* it = m_table->item(row, 0)) emit parameterSelected(it->data(Qt::UserRole).toLongLong());
    });
    applyFonts();
    clear();
}

void GradientCheckView::changeEvent(QEvent* e) {
    if (e->type() == QEvent::FontChange && !m_applyingFonts) applyFonts();
    QWidget::changeEvent(e);
}

void GradientCheckView::applyFonts() {
    m_applyingFonts = true;
    m_summary->setFont(viewstyle::scaledFont(font(), 1.2));
    m_legend->setFont(viewstyle::scaledFont(font(), 1.0));
    m_table->setFont(viewstyle::scaledFont(font(), 1.1));
    m_table->horizontalHeader()->setFont(viewstyle::scaledFont(font(), 1.05, true));
    // The errors are bold: their items carry a font of their own, which must grow with the table's (F5).
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (QTableWidgetItem* err = m_table->item(r, 4)) err->setFont(viewstyle::scaledFont(font(), 1.1, true));
    m_table->resizeRowsToContents();
    m_applyingFonts = false;
    fitColumns();
}

bool GradientCheckView::eventFilter(QObject* watched, QEvent* e) {
    if (watched == m_table->viewport() && e->type() == QEvent::Resize) fitColumns();
    return QWidget::eventFilter(watched, e);
}

// The relative error, the column the check is about, always shows whole, and so does the parameter's symbol. When
// the five columns are wider than the table (a side dock, a presenter's font), the layer column gives way first (the
// symbol's superscript names the layer too), then backprop and numeric share what is left; a cut cell ends in "…" and
// its tooltip has the whole number.
void GradientCheckView::fitColumns() {
    if (!m_table || m_table->rowCount() == 0) return;
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    int natural[5], total = 0;
    for (int c = 0; c < 5; ++c) {
        // (public on QAbstractItemView, protected on QTableView)
        natural[c] = std::max(static_cast<const QAbstractItemView*>(m_table)->sizeHintForColumn(c),
                              header->sectionSizeHint(c));
        total += natural[c];
    }
    const int available = m_table->viewport()->width();
    int widths[5];
    std::copy(std::begin(natural), std::end(natural), widths);
    int excess = total - available;
    // Takes up to `excess` from the columns `cols` (evenly), none below `floor`.
    auto give = [&](std::initializer_list<int> cols, int floor) {
        for (int round = 0; round < 2 && excess > 0; ++round)
            for (int c : cols) {
                const int take = std::min((excess + int(cols.size()) - 1) / int(cols.size()),
                                          std::max(0, widths[c] - floor));
                widths[c] -= take;
                excess -= take;
            }
    };
    const QFontMetrics fm(m_table->font());
    const int layerFloor = fm.horizontalAdvance(QStringLiteral("hid…")) + 8;
    const int cellFloor = fm.horizontalAdvance(QStringLiteral("…")) + 8;
    header->setMinimumSectionSize(cellFloor);  // the style's own minimum was wider than a cut number needs
    give({1}, layerFloor);
    give({0}, static_cast<const QAbstractItemView*>(m_table)->sizeHintForColumn(0));  // its symbols, if not its title
    give({2, 3}, fm.horizontalAdvance(QStringLiteral("−0.0…")) + 8);
    give({1}, 0);  // the layer column goes: the symbol's superscript names the layer
    give({2, 3}, cellFloor);
    const bool hideLayer = widths[1] < layerFloor;
    m_table->setColumnHidden(1, hideLayer);
    if (hideLayer) {
        excess -= widths[1];
        widths[1] = 0;
    }
    // Room to spare (the layer column gone, or a wide table) goes back to the numbers, the symbols, then the errors.
    for (int c : {2, 3, 0}) {
        const int back = std::min(-excess, natural[c] - widths[c]);
        if (back > 0) widths[c] += back, excess += back;
    }
    if (excess < 0) widths[4] -= excess;
    for (int c = 0; c < 5; ++c)
        if (c != 1 || !hideLayer) header->resizeSection(c, widths[c]);
}

void GradientCheckView::clear() {
    m_table->setRowCount(0);
    m_failing = 0;
    m_summary->setText(
        tr("Run the gradient check to compare backprop with finite differences, weight by weight.").toHtmlEscaped());
}

QString GradientCheckView::summaryText() const {
    QTextDocument doc;
    doc.setHtml(m_summary->text());
    return doc.toPlainText();
}

void GradientCheckView::setResult(const engine::GradientCheckResult& result, const engine::Network& net) {
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
        layer->setToolTip(layer->text());
        auto* bp = new NumberItem(q(engine::formatNumber(e.backprop, 6)), e.backprop);
        auto* fd = new NumberItem(q(engine::formatNumber(e.numeric, 6)), e.numeric);
        bp->setToolTip(bp->text());
        fd->setToolTip(fd->text());
        auto* err = new NumberItem(errorText(e.relativeError), e.relativeError);
        QTableWidgetItem* items[] = {name, layer, bp, fd, err};
        for (int c = 0; c < 5; ++c) {
            items[c]->setBackground(tint);
            items[c]->setTextAlignment(c < 2 ? (Qt::AlignLeft | Qt::AlignVCenter)
                                             : (Qt::AlignRight | Qt::AlignVCenter));
            m_table->setItem(r, c, items[c]);
        }
        err->setFont(viewstyle::scaledFont(font(), 1.1, true));
        err->setForeground(gradientErrorColor(e.relativeError).darker(130));
    }
    m_table->setSortingEnabled(true);
    m_table->resizeRowsToContents();
    fitColumns();
    m_table->setCurrentCell(-1, -1);  // no focus frame on a row nobody chose

    const int n = int(result.entries.size());
    if (n == 0) {
        clear();
        return;
    }
    const QString worst = result.worstParameter >= 0 ? q(engine::parameterSymbol(net, result.worstParameter))
                                                     : QString();
    const QString maxErr = errorText(result.maxRelativeError);
    QString verdict, why;
    if (m_failing == 0 && result.maxRelativeError < kGradientGood) {
        verdict = tr("Backprop agrees with finite differences.");
        why = tr("All %1 parameters; largest relative error %2 (%3).").arg(n).arg(maxErr, worst);
    } else if (m_failing == 0) {
        verdict = tr("Backprop agrees, almost everywhere.");
        why = tr("All %1 parameters pass, but %2 shows a relative error of %3: a kink (ReLU at 0?) or a gradient too "
                 "small to measure.")
                  .arg(n)
                  .arg(worst, maxErr);
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
