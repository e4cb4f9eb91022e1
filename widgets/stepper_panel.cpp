#include "widgets/stepper_panel.h"
#include "engine/math_text.h"
#include "widgets/view_style.h"
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace widgets {

namespace {

// The phase colours of the diagram overlay (Okabe-Ito), for the title.
QColor phaseColor(engine::StepPhase::Kind k) {
    switch (k) {
    case engine::StepPhase::Forward: return QColor(0, 114, 178);
    case engine::StepPhase::Loss: return QColor(164, 81, 127);  // the overlay's reddish purple, darkened for text
    case engine::StepPhase::Backward: return QColor(213, 94, 0);
    case engine::StepPhase::Update: return QColor(0, 128, 95);
    }
    return QColor(30, 30, 30);
}

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

StepperPanel::StepperPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(8);

    auto* head = new QHBoxLayout;
    m_title = new QLabel(this);
    m_position = new QLabel(this);
    m_position->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    head->addWidget(m_title, 1);
    head->addWidget(m_position);
    layout->addLayout(head);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setStyleSheet(QStringLiteral("color: rgb(90, 90, 90);"));
    layout->addWidget(m_summary);

    m_mapPicker = buildMapPicker();
    layout->addWidget(m_mapPicker);
    m_mapPicker->hide();

    m_chain = new QLabel(this);
    m_chain->setTextFormat(Qt::PlainText);
    m_chain->setWordWrap(true);
    m_chain->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chain->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_chain->setMargin(10);
    m_chain->setStyleSheet(
        QStringLiteral("QLabel { background: rgb(250, 250, 246); border: 1px solid rgb(200, 200, 190);"
                       " border-radius: 6px; color: rgb(20, 20, 20); }"));
    m_chain->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    layout->addWidget(m_chain);

    m_table = new QTableWidget(this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setFocusPolicy(Qt::NoFocus);  // the arrow keys step the phases, not the table's cursor
    m_table->verticalHeader()->setVisible(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    layout->addWidget(m_table, 1);
    m_omitted = new QLabel(this);
    m_omitted->setStyleSheet(QStringLiteral("color: rgb(110, 110, 110);"));
    m_omitted->hide();
    layout->addWidget(m_omitted);

    auto* nav = new QHBoxLayout;
    m_restart = new QPushButton(tr("Start"), this);
    m_restart->setToolTip(tr("Back to the first phase (Home)"));
    m_back = new QPushButton(tr("◀  Back"), this);
    m_back->setToolTip(tr("Previous phase (←)"));
    m_next = new QPushButton(tr("Next  ▶"), this);
    m_next->setToolTip(tr("Next phase (→)"));
    m_run = new QPushButton(tr("Run to end"), this);
    m_run->setToolTip(tr("Show the whole step at once (Space)"));
    nav->addWidget(m_restart);
    nav->addWidget(m_back, 1);
    nav->addWidget(m_next, 1);
    nav->addWidget(m_run, 1);
    layout->addLayout(nav);

    auto* samples = new QHBoxLayout;
    m_prevSample = new QToolButton(this);
    m_prevSample->setText(QStringLiteral("◀"));
    m_prevSample->setToolTip(tr("Previous sample"));
    m_nextSample = new QToolButton(this);
    m_nextSample->setText(QStringLiteral("▶"));
    m_nextSample->setToolTip(tr("Next sample"));
    m_sample = new QLabel(this);
    m_sample->setAlignment(Qt::AlignCenter);
    samples->addWidget(m_prevSample);
    samples->addWidget(m_sample, 1);
    samples->addWidget(m_nextSample);
    layout->addLayout(samples);

    connect(m_restart, &QPushButton::clicked, this, &StepperPanel::restart);
    connect(m_back, &QPushButton::clicked, this, &StepperPanel::back);
    connect(m_next, &QPushButton::clicked, this, &StepperPanel::next);
    connect(m_run, &QPushButton::clicked, this, &StepperPanel::runToEnd);
    connect(m_prevSample, &QToolButton::clicked, this, &StepperPanel::previousSample);
    connect(m_nextSample, &QToolButton::clicked, this, &StepperPanel::nextSample);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (!m_stepper) return;
        const engine::StepTable t = m_stepper->table();
        if (row < 0 || row >= int(t.rows.size())) return;
        const engine::StepItem item = t.rows[std::size_t(row)].item;
        if (item.kind == engine::StepItem::Sample) setSample(item.unit);
        if (item.kind != engine::StepItem::None) setSelection(item);
    });

    // Window-wide keys while the panel is shown (Qt ignores the shortcuts of a hidden widget).
    auto key = [this](QKeySequence k, void (StepperPanel::*slot)()) {
        auto* s = new QShortcut(k, this);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    key(QKeySequence(Qt::Key_Right), &StepperPanel::next);
    key(QKeySequence(Qt::Key_Left), &StepperPanel::back);
    key(QKeySequence(Qt::Key_Space), &StepperPanel::runToEnd);
    key(QKeySequence(Qt::Key_Home), &StepperPanel::restart);

    applyFonts();
    refresh();
}

// Two rows: the map cell [layer, channel, row, column] and the kernel weight W[c, ci, i, j] of its layer (c is the
// cell's channel). Changing a number selects what it names; the buttons select it again after a table click.
QWidget* StepperPanel::buildMapPicker() {
    auto* box = new QWidget(this);
    box->setObjectName("stepperMapPicker");
    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    auto spin = [box](const char* name, const QString& tip) {
        auto* s = new QSpinBox(box);
        s->setObjectName(name);
        s->setToolTip(tip);
        s->setRange(0, 0);
        return s;
    };
    m_cellLayer = new QComboBox(box);
    m_cellLayer->setObjectName("stepperCellLayer");
    m_cellLayer->setToolTip(tr("The convolution or pooling layer whose map cell the panel explains"));
    m_cellChannel = spin("stepperCellChannel", tr("Channel (feature map) c, from 0"));
    m_cellRow = spin("stepperCellRow", tr("Row y of the map, from 0"));
    m_cellCol = spin("stepperCellCol", tr("Column x of the map, from 0"));
    m_cellShow = new QPushButton(tr("Show cell"), box);
    m_cellShow->setObjectName("stepperCellShow");
    m_cellShow->setToolTip(tr("Explain this cell: its weighted sum in the forward phases, its δ going back"));
    auto* cellLabel = new QLabel(tr("Map cell"), box);
    cellLabel->setBuddy(m_cellLayer);
    grid->addWidget(cellLabel, 0, 0);
    grid->addWidget(m_cellLayer, 0, 1, 1, 2);
    grid->addWidget(new QLabel(tr("c"), box), 0, 3, Qt::AlignRight);
    grid->addWidget(m_cellChannel, 0, 4);
    grid->addWidget(new QLabel(tr("y"), box), 0, 5, Qt::AlignRight);
    grid->addWidget(m_cellRow, 0, 6);
    grid->addWidget(new QLabel(tr("x"), box), 0, 7, Qt::AlignRight);
    grid->addWidget(m_cellCol, 0, 8);
    grid->addWidget(m_cellShow, 0, 9);

    m_kernelIn = spin("stepperKernelIn", tr("Input channel ci of the kernel weight, from 0"));
    m_kernelRow = spin("stepperKernelRow", tr("Kernel row i, from 0"));
    m_kernelCol = spin("stepperKernelCol", tr("Kernel column j, from 0"));
    m_kernelShow = new QPushButton(tr("∂L/∂W"), box);
    m_kernelShow->setObjectName("stepperKernelShow");
    m_kernelShow->setToolTip(tr("Explain this kernel weight: its gradient, summed over every position of the map"));
    m_kernelLabel = new QLabel(box);
    auto* kernelLabel = new QLabel(tr("Kernel weight"), box);
    kernelLabel->setBuddy(m_kernelIn);
    grid->addWidget(kernelLabel, 1, 0);
    grid->addWidget(m_kernelLabel, 1, 1, 1, 2);
    grid->addWidget(new QLabel(tr("ci"), box), 1, 3, Qt::AlignRight);
    grid->addWidget(m_kernelIn, 1, 4);
    grid->addWidget(new QLabel(tr("i"), box), 1, 5, Qt::AlignRight);
    grid->addWidget(m_kernelRow, 1, 6);
    grid->addWidget(new QLabel(tr("j"), box), 1, 7, Qt::AlignRight);
    grid->addWidget(m_kernelCol, 1, 8);
    grid->addWidget(m_kernelShow, 1, 9);
    grid->setColumnStretch(2, 1);

    connect(m_cellLayer, &QComboBox::currentIndexChanged, this, [this] {
        if (m_syncingPicker) return;
        updateRanges();
        showPickedCell();
    });
    for (QSpinBox* b : {m_cellChannel, m_cellRow, m_cellCol})
        connect(b, &QSpinBox::valueChanged, this, [this, b] {
            if (m_syncingPicker) return;
            if (b == m_cellChannel) updateRanges();  // the kernel's output channel follows the cell's
            showPickedCell();
        });
    for (QSpinBox* b : {m_kernelIn, m_kernelRow, m_kernelCol})
        connect(b, &QSpinBox::valueChanged, this, [this] {
            if (!m_syncingPicker) showPickedKernel();
        });
    // A number box keeps Up and Down (and typing), but ← → Space Home stay the phase keys even while it has focus.
    for (QSpinBox* b : {m_cellChannel, m_cellRow, m_cellCol, m_kernelIn, m_kernelRow, m_kernelCol})
        b->installEventFilter(this);
    connect(m_cellShow, &QPushButton::clicked, this, &StepperPanel::showPickedCell);
    connect(m_kernelShow, &QPushButton::clicked, this, &StepperPanel::showPickedKernel);
    return box;
}

void StepperPanel::fillMapPicker() {
    m_syncingPicker = true;
    const int before = m_cellLayer->currentData().isValid() ? m_cellLayer->currentData().toInt() : -2;
    m_cellLayer->clear();
    if (m_stepper) {
        const engine::NetworkSpec& spec = m_stepper->network().spec();
        for (int l = 0; l < m_stepper->network().layerCount(); ++l) {
            if (!m_stepper->isMapLayer(l)) continue;
            const engine::LayerSpec& ls = spec.layers[std::size_t(l)];
            const engine::Shape out = m_stepper->outputShape(l);
            m_cellLayer->addItem(tr("%1 · %2 %3×%3 → %4")
                                     .arg(q(engine::layerName(spec, l)), q(engine::layerKindName(ls.kind)))
                                     .arg(ls.kernel)
                                     .arg(q(engine::describeShape(out))),
                                 l);
        }
    }
    const int at = m_cellLayer->findData(before);
    m_cellLayer->setCurrentIndex(at >= 0 ? at : 0);
    m_syncingPicker = false;
    updateRanges();
    m_mapPicker->setVisible(m_cellLayer->count() > 0);
}

void StepperPanel::updateRanges() {
    if (!m_stepper || m_cellLayer->count() == 0) return;
    const bool was = m_syncingPicker;
    m_syncingPicker = true;
    const int l = m_cellLayer->currentData().toInt();
    const engine::Shape out = m_stepper->outputShape(l);
    m_cellChannel->setRange(0, out.channels - 1);
    m_cellRow->setRange(0, out.height - 1);
    m_cellCol->setRange(0, out.width - 1);
    const bool conv = m_stepper->network().layerKind(l) == engine::LayerKind::Conv;
    const int k = m_stepper->network().spec().layers[std::size_t(l)].kernel;
    m_kernelIn->setRange(0, std::max(0, m_stepper->outputShape(l - 1).channels - 1));
    m_kernelRow->setRange(0, std::max(0, k - 1));
    m_kernelCol->setRange(0, std::max(0, k - 1));
    for (QWidget* w : {static_cast<QWidget*>(m_kernelIn), static_cast<QWidget*>(m_kernelRow),
                       static_cast<QWidget*>(m_kernelCol), static_cast<QWidget*>(m_kernelShow)})
        w->setEnabled(conv);
    m_kernelLabel->setText(conv ? QStringLiteral("W[%1, ci, i, j]").arg(m_cellChannel->value())
                                : tr("(pooling has no weights)"));
    m_syncingPicker = was;
}

void StepperPanel::showPickedCell() {
    if (!m_stepper || m_cellLayer->count() == 0) return;
    const int l = m_cellLayer->currentData().toInt();
    try {
        setSelection(m_stepper->cellItem(l, {m_cellChannel->value(), m_cellRow->value(), m_cellCol->value()}));
    } catch (const std::out_of_range&) {
    }  // the ranges keep the numbers inside the map; nothing to select otherwise
}

void StepperPanel::showPickedKernel() {
    if (!m_stepper || m_cellLayer->count() == 0) return;
    const int l = m_cellLayer->currentData().toInt();
    if (m_stepper->network().layerKind(l) != engine::LayerKind::Conv) return;
    try {
        setSelection(m_stepper->kernelItem(l, {m_cellChannel->value(), m_kernelIn->value(), m_kernelRow->value(),
                                               m_kernelCol->value()}));
    } catch (const std::out_of_range&) {
    }
}

void StepperPanel::followSelection(const engine::StepItem& item) {
    if (!m_stepper || m_cellLayer->count() == 0 || m_syncingPicker) return;
    const int at = m_cellLayer->findData(item.layer);
    if (at < 0) return;
    m_syncingPicker = true;
    m_cellLayer->setCurrentIndex(at);
    m_syncingPicker = false;
    updateRanges();
    m_syncingPicker = true;
    try {
        if (item.kind == engine::StepItem::Neuron) {
            const engine::MapCell c = m_stepper->cellOf(item.layer, item.unit);
            m_cellChannel->setValue(c.channel);
            m_cellRow->setValue(c.y);
            m_cellCol->setValue(c.x);
        } else if (item.kind == engine::StepItem::Weight &&
                   m_stepper->network().layerKind(item.layer) == engine::LayerKind::Conv) {
            const engine::KernelIndex w = m_stepper->kernelOf(item.layer, item.input);
            m_cellChannel->setValue(item.unit);
            m_kernelIn->setValue(w.in);
            m_kernelRow->setValue(w.i);
            m_kernelCol->setValue(w.j);
        }
    } catch (const std::out_of_range&) {
    }
    m_syncingPicker = false;
    updateRanges();
}

bool StepperPanel::eventFilter(QObject* watched, QEvent* e) {
    if (e->type() == QEvent::ShortcutOverride && qobject_cast<QSpinBox*>(watched)) {
        const auto* k = static_cast<QKeyEvent*>(e);
        if (k->modifiers() == Qt::NoModifier && (k->key() == Qt::Key_Left || k->key() == Qt::Key_Right ||
                                                 k->key() == Qt::Key_Space || k->key() == Qt::Key_Home))
            return true;  // not accepted: the panel's shortcut takes the key instead of the box's text cursor
    }
    return QWidget::eventFilter(watched, e);
}

void StepperPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::FontChange && !m_applyingFonts) applyFonts();
    QWidget::changeEvent(e);
}

void StepperPanel::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    fitLabels();
}

void StepperPanel::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    fitLabels();
}

// QBoxLayout sizes a word-wrapped QLabel for its minimum width, which is too short once the label is wider or the text
// longer: the summary was cut in half. Ask the label for its height at the width it has.
void StepperPanel::fitLabels() {
    // Both labels span the layout's full width, whatever width they were last given.
    // Only once the panel has its real width: a height fitted to a narrow, not yet laid out panel would be huge, and
    // a window never shrinks back by itself.
    const QMargins m = layout()->contentsMargins();
    const int w = contentsRect().width() - m.left() - m.right();
    // The chain rule in the largest type (up to 1.35x) at which its longest line still fits: a formula broken in the
    // middle reads worse than one a size smaller (down to 1x, the panel's own size). When nothing fits it wraps at 1.1x.
    if (w >= 200 && !m_chain->text().isEmpty()) {
        const QStringList lines = m_chain->text().split(QLatin1Char('\n'));
        const int room = w - 2 * m_chain->margin() - 6;
        double chosen = 1.1;
        for (double f : {1.35, 1.25, 1.15, 1.05, 1.0}) {
            const QFontMetricsF fm(viewstyle::scaledFont(font(), f));
            double longest = 0;
            for (const QString& line : lines) longest = std::max(longest, fm.horizontalAdvance(line));
            if (longest <= room) {
                chosen = f;
                break;
            }
        }
        m_applyingFonts = true;
        m_chain->setFont(viewstyle::scaledFont(font(), chosen));
        m_applyingFonts = false;
    }
    for (QLabel* l : {m_summary, m_chain}) {
        l->setMinimumHeight(0);  // QLabel's heightForWidth never answers less than the minimum height
        if (isVisible() && w >= 200 && !l->text().isEmpty()) l->setMinimumHeight(l->heightForWidth(w) + 4);
    }
}

// Sizes relative to the panel's font, which the app enlarges for a projector.
void StepperPanel::applyFonts() {
    m_applyingFonts = true;
    const QFont base = font();
    m_title->setFont(viewstyle::scaledFont(base, 1.45, true));
    m_position->setFont(viewstyle::scaledFont(base, 1.0));
    m_summary->setFont(viewstyle::scaledFont(base, 1.0));
    m_chain->setFont(viewstyle::scaledFont(base, 1.3));
    m_table->setFont(viewstyle::scaledFont(base, 1.05));
    m_table->horizontalHeader()->setFont(viewstyle::scaledFont(base, 1.0, true));
    for (QWidget* b : {static_cast<QWidget*>(m_restart), static_cast<QWidget*>(m_back), static_cast<QWidget*>(m_next),
                       static_cast<QWidget*>(m_run), static_cast<QWidget*>(m_prevSample),
                       static_cast<QWidget*>(m_nextSample), static_cast<QWidget*>(m_sample)})
        b->setFont(viewstyle::scaledFont(base, 1.1));
    m_applyingFonts = false;
    fitLabels();
}

void StepperPanel::setStepper(std::shared_ptr<engine::BackpropStepper> stepper) {
    const bool sameNetwork = m_stepper && stepper && m_stepper->network().spec() == stepper->network().spec();
    m_stepper = std::move(stepper);
    if (!sameNetwork) {
        m_selection = {};
        fillMapPicker();
    }
    refresh();
    emit stepChanged();
    emit selectionChanged(effectiveSelection());
}

engine::StepItem StepperPanel::effectiveSelection() const {
    if (!m_stepper) return {};
    return m_stepper->covers(m_selection) ? m_selection : m_stepper->defaultItem();
}

void StepperPanel::setSelection(const engine::StepItem& item) {
    m_selection = item;
    followSelection(item);
    refreshText();
    refreshTable();
    emit selectionChanged(effectiveSelection());
}

void StepperPanel::next() {
    if (!m_stepper || !m_stepper->next()) return;
    refresh();
    emit stepChanged();
    emit selectionChanged(effectiveSelection());
}

void StepperPanel::back() {
    if (!m_stepper || !m_stepper->back()) return;
    refresh();
    emit stepChanged();
    emit selectionChanged(effectiveSelection());
}

void StepperPanel::runToEnd() {
    if (!m_stepper || m_stepper->atEnd()) return;
    m_stepper->runToEnd();
    refresh();
    emit stepChanged();
    emit selectionChanged(effectiveSelection());
}

void StepperPanel::restart() {
    if (!m_stepper || m_stepper->atStart()) return;
    m_stepper->restart();
    refresh();
    emit stepChanged();
    emit selectionChanged(effectiveSelection());
}

void StepperPanel::setSample(int n) {
    if (!m_stepper || n == m_stepper->sample() || n < 0 || n >= m_stepper->sampleCount()) return;
    m_stepper->setSample(n);
    refresh();
    emit stepChanged();
}

void StepperPanel::previousSample() {
    if (!m_stepper) return;
    if (m_stepper->sampleCount() == 1) emit sampleStepRequested(-1);
    else setSample((m_stepper->sample() + m_stepper->sampleCount() - 1) % m_stepper->sampleCount());
}

void StepperPanel::nextSample() {
    if (!m_stepper) return;
    if (m_stepper->sampleCount() == 1) emit sampleStepRequested(+1);
    else setSample((m_stepper->sample() + 1) % m_stepper->sampleCount());
}

QString StepperPanel::phaseText() const { return m_title->text(); }
QString StepperPanel::chainRuleText() const { return QString(m_chain->text()).replace(QChar(0xA0), QLatin1Char(' ')); }

void StepperPanel::refresh() {
    const bool on = bool(m_stepper);
    for (QWidget* w :
         {static_cast<QWidget*>(m_restart), static_cast<QWidget*>(m_back), static_cast<QWidget*>(m_next),
          static_cast<QWidget*>(m_run), static_cast<QWidget*>(m_prevSample), static_cast<QWidget*>(m_nextSample)})
        w->setEnabled(on);
    if (!on) {
        m_title->setText(tr("Step through backprop"));
        m_title->setStyleSheet({});
        m_position->clear();
        m_summary->setText(tr("Pick a sample to follow one training step: forward, loss, backward, update."));
        m_chain->clear();
        m_chain->hide();
        m_table->clear();
        m_table->setRowCount(0);
        m_table->setColumnCount(0);
        m_sample->clear();
        m_omitted->hide();
        return;
    }
    const engine::StepPhase& phase = m_stepper->phase();
    m_title->setText(q(m_stepper->phaseTitle()));
    m_title->setStyleSheet(QStringLiteral("color: %1;").arg(phaseColor(phase.kind).name()));
    m_position->setText(tr("phase %1 of %2").arg(m_stepper->position() + 1).arg(m_stepper->phaseCount()));
    // Keep the summary's formulas whole when it wraps: no break next to an operator or between one-letter symbols.
    static const QRegularExpression formulaSpace(
        QStringLiteral("(?<=[=−+←·(]) (?=\\S)|(?<=\\S) (?=[=−+←·)])|"
                       "(?:(?<=^\\p{L})|(?<=\\s\\p{L})) (?=\\p{L}(?:\\s|$|[.,:]))"));
    Q_ASSERT(formulaSpace.isValid());
    m_summary->setText(q(m_stepper->phaseSummary()).replace(formulaSpace, QStringLiteral("\u00A0")));
    fitLabels();
    m_back->setEnabled(!m_stepper->atStart());
    m_restart->setEnabled(!m_stepper->atStart());
    m_next->setEnabled(!m_stepper->atEnd());
    m_run->setEnabled(!m_stepper->atEnd());
    const int n = m_stepper->sampleCount();
    m_sample->setText(n == 1 ? tr("one sample per step")
                             : tr("sample %1 of %2 in the batch").arg(m_stepper->sample() + 1).arg(n));
    m_chain->show();
    refreshText();
    refreshTable();
}

void StepperPanel::refreshText() {
    if (!m_stepper) return;
    // A product stays on one line when the label wraps: the spaces around "·" do not break.
    QString text = q(m_stepper->explain(effectiveSelection()));
    text.replace(QStringLiteral(" · "), QStringLiteral("\u00A0·\u00A0"));
    m_chain->setText(text);
    fitLabels();
}

void StepperPanel::refreshTable() {
    if (!m_stepper) return;
    const engine::StepTable t = m_stepper->table();
    const engine::StepItem selected = effectiveSelection();
    m_table->setUpdatesEnabled(false);
    m_table->clearContents();
    m_table->setColumnCount(int(t.headers.size()));
    m_table->setRowCount(int(t.rows.size()));
    QStringList headers;
    for (const auto& h : t.headers) headers << q(h);
    m_table->setHorizontalHeaderLabels(headers);
    int selectedRow = -1;
    for (int r = 0; r < int(t.rows.size()); ++r) {
        const auto& row = t.rows[std::size_t(r)];
        for (int c = 0; c < int(row.cells.size()); ++c) {
            auto* item = new QTableWidgetItem(q(row.cells[std::size_t(c)]));
            item->setTextAlignment(c == 0 ? (Qt::AlignLeft | Qt::AlignVCenter) : (Qt::AlignRight | Qt::AlignVCenter));
            if (row.item.kind == engine::StepItem::None) {
                QFont f = m_table->font();
                f.setBold(true);
                item->setFont(f);
            }
            m_table->setItem(r, c, item);
        }
        if (row.item == selected) selectedRow = r;
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeRowsToContents();
    if (selectedRow >= 0) {
        m_table->selectRow(selectedRow);
        m_table->scrollToItem(m_table->item(selectedRow, 0));
    } else {
        m_table->clearSelection();
    }
    m_table->setUpdatesEnabled(true);
    m_omitted->setVisible(t.omitted > 0);
    if (t.omitted > 0) m_omitted->setText(tr("… and %1 more rows (a wide layer)").arg(t.omitted));
}

}  // namespace widgets
