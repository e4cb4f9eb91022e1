#include "widgets/conv_arithmetic_view.h"
#include "widgets/number_grid.h"
#include "widgets/view_style.h"
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace widgets {
namespace {

using Mat = engine::MatrixT<double>;

QLabel* label(const QString& text, QWidget* parent, const char* name = nullptr) {
    auto* l = new QLabel(text, parent);
    if (name) l->setObjectName(name);
    return l;
}

QSpinBox* spin(int lo, int hi, QWidget* parent, const char* name, const QString& tip) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);  // nothing past the limits can be typed or stepped to
    s->setObjectName(name);
    s->setToolTip(tip);
    return s;
}

// A copy of m with side x side cells: m's top-left part kept, new cells zero.
Mat resized(const Mat& m, int side) {
    Mat out = Mat::Zero(side, side);
    const int keep = std::min<int>(side, int(m.rows()));
    out.topLeftCorner(keep, keep) = m.topLeftCorner(keep, keep);
    return out;
}

bool isSeedExample(const ConvProblem& p) { return p == ConvProblem::seedExample(); }

}  // namespace

ConvArithmeticView::ConvArithmeticView(QWidget* parent) : QWidget(parent) {
    m_timer = new QTimer(this);
    m_timer->setInterval(kPlayIntervalMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        step(1);
        const int side = m_math.outputSide();
        if (side == 0 || m_cell.y() * side + m_cell.x() >= side * side - 1) setPlaying(false);  // the last is shown
    });
    buildControls();
    m_problem = ConvProblem::seedExample();
    refresh();
    applyFonts();
    m_output->setFocus();  // where the keys go when the tool opens
}

void ConvArithmeticView::buildControls() {
    auto* layout = new QVBoxLayout(this);

    auto* controls = new QHBoxLayout;
    m_mode = new QComboBox(this);
    m_mode->setObjectName("convMode");
    m_mode->addItems({tr("Convolution"), tr("Max pooling"), tr("Average pooling")});
    m_mode->setToolTip(tr("What each output cell computes from its window of the input"));
    m_n = spin(1, ConvLimits::kMaxInput, this, "convInputSize", tr("The input is n × n cells"));
    m_k = spin(1, ConvLimits::kMaxKernel, this, "convKernelSize", tr("The kernel (or pooling window) is k × k cells"));
    m_s = spin(1, ConvLimits::kMaxStride, this, "convStride", tr("How many cells the kernel moves per step"));
    m_p = spin(0, ConvLimits::kMaxPadding, this, "convPadding", tr("Rings of zeros added around the input"));
    m_kLabel = label(tr("Kernel k"), this);
    controls->addWidget(m_mode);
    controls->addSpacing(12);
    for (auto [text, box] : {std::pair{tr("Input n"), m_n}, {QString(), m_k}, {tr("Stride s"), m_s},
                             {tr("Padding p"), m_p}}) {
        controls->addWidget(text.isEmpty() ? m_kLabel : label(text, this));
        controls->addWidget(box);
        controls->addSpacing(8);
    }
    controls->addStretch(1);
    m_seed = new QPushButton(tr("Seed's example"), this);
    m_seed->setObjectName("convSeedExample");
    m_seed->setToolTip(tr("The worked example of the seed: a 4×4 input, the kernel 1 2 / 2 1, stride 1, no padding"));
    controls->addWidget(m_seed);
    layout->addLayout(controls);

    // The three grids side by side, input ∗ kernel = output, each under its caption; their widths follow their cell
    // counts (refresh) and they share one cell size (fitCells), so the kernel drawn over the input matches the kernel.
    m_grids = new QHBoxLayout;
    auto grid = [this](const char* name) {
        auto* g = new NumberGrid(this);
        g->setObjectName(name);
        g->installEventFilter(this);
        return g;
    };
    auto symbol = [this](const QString& text, const char* name) {
        QLabel* l = label(text, this, name);
        l->setAlignment(Qt::AlignCenter);
        return l;
    };
    m_input = grid("convInputGrid");
    m_operator = symbol(QStringLiteral("∗"), "convOperator");
    m_kernel = grid("convKernelGrid");
    m_equals = symbol(QStringLiteral("="), "convEquals");
    m_output = grid("convOutputGrid");
    for (QWidget* w : std::initializer_list<QWidget*>{m_input, m_operator, m_kernel, m_equals, m_output})
        m_grids->addWidget(w);
    layout->addLayout(m_grids, 1);
    m_input->setEditable(true);
    m_kernel->setEditable(true);
    m_input->setToolTip(tr("Click a cell and type a value: Return keeps it, Tab or ↑ ↓ keep it and go on, "
                            "Escape leaves it as it was"));
    m_kernel->setToolTip(m_input->toolTip());
    m_output->setToolTip(tr("Click a cell to see how it is computed; ← and → step the kernel"));

    m_formula = label({}, this, "convSizeFormula");
    m_formula->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_formula);
    m_cellCaption = label({}, this, "convCellCaption");
    layout->addWidget(m_cellCaption);
    m_sum = label({}, this, "convSumText");
    m_sum->setWordWrap(true);
    m_sum->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_sum);
    m_note = label({}, this, "convNote");
    m_note->setWordWrap(true);
    // A dark orange, readable on a washed-out projector (a palette, not a style sheet: that would stop the font
    // from following the presenter's).
    QPalette notePalette = m_note->palette();
    notePalette.setColor(QPalette::WindowText, QColor(154, 61, 0));
    m_note->setPalette(notePalette);
    layout->addWidget(m_note);

    auto* stepping = new QHBoxLayout;
    m_prev = new QPushButton(tr("◀ Previous"), this);
    m_prev->setObjectName("convPrevious");
    m_play = new QPushButton(tr("▶ Play"), this);
    m_play->setObjectName("convPlay");
    m_play->setCheckable(true);
    m_next = new QPushButton(tr("Next ▶"), this);
    m_next->setObjectName("convNext");
    m_prev->setToolTip(tr("The kernel one step back (← or P)"));
    m_next->setToolTip(tr("The kernel one step on (→ or N)"));
    m_play->setToolTip(tr("Step the kernel across the input by itself (Space)"));
    for (QPushButton* b : {m_prev, m_play, m_next}) {
        b->setFocusPolicy(Qt::NoFocus);  // the keys keep going to the grid that was clicked
        stepping->addWidget(b);
    }
    m_keys = label(tr("Keys: ← → or P N step · ↑ ↓ a row · Space plays"), this, "convKeys");
    QPalette keysPalette = m_keys->palette();
    keysPalette.setColor(QPalette::WindowText, viewstyle::kMuted);
    m_keys->setPalette(keysPalette);
    stepping->addSpacing(12);
    stepping->addWidget(m_keys);
    stepping->addStretch(1);
    m_reveal = new QCheckBox(tr("Hide the cells not reached yet"), this);
    m_reveal->setObjectName("convReveal");
    m_reveal->setToolTip(tr("Predict each output before stepping to it: the cells after the selected one show ?"));
    stepping->addWidget(m_reveal);
    layout->addLayout(stepping);

    connect(m_prev, &QPushButton::clicked, this, [this] { step(-1); });
    connect(m_next, &QPushButton::clicked, this, [this] { step(1); });
    connect(m_play, &QPushButton::toggled, this, &ConvArithmeticView::setPlaying);
    connect(m_reveal, &QCheckBox::toggled, this, [this] { showCell(); });
    connect(m_seed, &QPushButton::clicked, this, [this] {
        setPlaying(false);
        m_cell = {-1, -1};
        m_convPadding = 0;
        setProblem(ConvProblem::seedExample());
    });
    connect(m_output, &NumberGrid::cellClicked, this, &ConvArithmeticView::selectCell);
    auto edited = [this](Mat ConvProblem::*which) {
        return [this, which](int row, int col, double v) {
            if (row < 0 || col < 0 || row >= (m_problem.*which).rows() || col >= (m_problem.*which).cols()) return;
            (m_problem.*which)(row, col) = v;
            refresh();
        };
    };
    connect(m_input, &NumberGrid::valueEdited, this, edited(&ConvProblem::input));
    connect(m_kernel, &NumberGrid::valueEdited, this, edited(&ConvProblem::kernel));
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int i) {
        const ConvMode mode = ConvMode(std::clamp(i, 0, 2));
        if (m_problem.mode == ConvMode::Convolution) m_convPadding = m_problem.padding;
        m_problem.mode = mode;
        m_problem.padding = mode == ConvMode::Convolution ? m_convPadding : 0;
        refresh();
    });
    connect(m_n, &QSpinBox::valueChanged, this, &ConvArithmeticView::resizeInput);
    connect(m_k, &QSpinBox::valueChanged, this, &ConvArithmeticView::resizeKernel);
    connect(m_s, &QSpinBox::valueChanged, this, [this](int s) {
        m_problem.stride = s;
        refresh();
    });
    connect(m_p, &QSpinBox::valueChanged, this, [this](int p) {
        m_problem.padding = p;
        m_convPadding = p;
        refresh();
    });
}

void ConvArithmeticView::setProblem(const ConvProblem& problem) {
    m_problem = problem.clamped();
    if (m_problem.mode == ConvMode::Convolution) m_convPadding = m_problem.padding;
    refresh();
}

void ConvArithmeticView::resizeInput(int n) {
    m_problem.input = resized(m_problem.input, n);
    refresh();
}

void ConvArithmeticView::resizeKernel(int k) {
    m_problem.kernel = resized(m_problem.kernel, k);
    refresh();
}

void ConvArithmeticView::refresh() {
    m_problem = m_problem.clamped();
    m_math = ConvArithmetic(m_problem);
    const ConvProblem& p = m_problem;
    const bool conv = p.mode == ConvMode::Convolution;
    {
        const QSignalBlocker b1(m_mode), b2(m_n), b3(m_k), b4(m_s), b5(m_p);
        m_mode->setCurrentIndex(int(p.mode));
        m_n->setValue(p.n());
        m_k->setValue(p.k());
        m_s->setValue(p.stride);
        m_p->setValue(p.padding);
    }
    m_p->setEnabled(conv);
    m_p->setToolTip(conv ? tr("Rings of zeros added around the input")
                         : tr("The app's pooling layers add no padding: each window lies inside the input"));
    m_kLabel->setText(conv ? tr("Kernel k") : tr("Window k"));
    m_kernel->setVisible(conv);
    m_operator->setText(conv ? QStringLiteral("∗")
                             : (p.mode == ConvMode::MaxPool ? tr("max of\neach %1×%1") : tr("mean of\neach %1×%1"))
                                   .arg(p.k()));

    m_input->setValues(p.input, p.padding);
    m_kernel->setValues(p.kernel);
    m_output->setValues(m_math.fits() ? m_math.output() : Mat());
    m_input->setCaption(p.padding > 0 ? tr("Input %1×%1, padding %2").arg(p.n()).arg(p.padding)
                                      : tr("Input %1×%1").arg(p.n()));
    m_kernel->setCaption(tr("Kernel %1×%1").arg(p.k()));
    m_output->setCaption(m_math.fits() ? tr("Output %1×%1").arg(m_math.outputSide()) : tr("No output"));
    // Widths in proportion to the cells drawn (at least two cells' worth each, for the captions).
    m_grids->setStretch(0, std::max(2, m_math.paddedSide()));
    m_grids->setStretch(2, conv ? std::max(2, p.k()) : 0);
    m_grids->setStretch(4, std::max(2, m_math.outputSide()));
    fitCells();
    m_formula->setText(tr("Output size: ⌊(n + 2p − k)/s⌋ + 1 = %1").arg(m_math.sizeFormula()));

    const int side = m_math.outputSide();
    if (m_cell.x() >= side || m_cell.y() >= side) m_cell = side > 0 ? QPoint(side - 1, side - 1) : QPoint(-1, -1);
    if (!m_math.fits()) setPlaying(false);
    showCell();
}

void ConvArithmeticView::showCell() {
    const int side = m_math.outputSide();
    const bool has = m_cell.x() >= 0 && m_cell.y() >= 0 && m_cell.x() < side && m_cell.y() < side;
    const ConvProblem& p = m_problem;
    const int index = has ? m_cell.y() * side + m_cell.x() : -1;
    if (has) {
        const bool conv = p.mode == ConvMode::Convolution;
        m_input->setWindow(m_math.windowOrigin(m_cell.y(), m_cell.x()), p.k(),
                           conv ? std::optional<Mat>(p.kernel) : std::nullopt);
        m_input->setMarked(m_math.winner(m_cell.y(), m_cell.x()));
        m_output->setSelected(m_cell);
        m_cellCaption->setText(tr("Output row %1, column %2 (step %3 of %4):")
                                   .arg(m_cell.y() + 1)
                                   .arg(m_cell.x() + 1)
                                   .arg(index + 1)
                                   .arg(side * side));
        m_sum->setText(m_math.cellText(m_cell.y(), m_cell.x()));
    } else {
        m_input->setWindow({-1, -1}, 0);
        m_input->setMarked({-1, -1});
        m_output->setSelected({-1, -1});
        m_cellCaption->setText(m_math.fits() ? tr("Click an output cell, or press →, to see how it is computed.")
                                             : QString());
        m_sum->setText({});
    }
    m_output->setRevealed(m_reveal->isChecked() ? index + 1 : -1);

    // The seed prints the last row of its example as 12 22 26. Said only once a student has reached that row, so the
    // lesson's question (is the seed's row right?) is not answered before it is asked.
    QString note = m_math.problemText();
    if (note.isEmpty() && has && m_cell.y() == side - 1 && isSeedExample(p))
        note = tr("The seed's text prints this last row as 12 22 26: a typo. Add the products up: the row is "
                  "12 11 16, as the engine computes it.");
    else if (note.isEmpty() && has && p.mode == ConvMode::MaxPool)
        note = tr("The largest value of the window wins (orange); on a tie, the first in reading order.");
    m_note->setText(note);
    m_prev->setEnabled(has && index > 0);
    m_next->setEnabled(m_math.fits() && index < side * side - 1);
    m_play->setEnabled(m_math.fits());
    // The grids' widths and the lines under them at once, not at the next turn of the event loop: a key held down
    // steps many times per turn, and what is clicked next must be where it is drawn.
    layout()->activate();
}

void ConvArithmeticView::selectCell(int row, int col) {
    const int side = m_math.outputSide();
    if (row < 0 || col < 0 || row >= side || col >= side) return;
    m_cell = {col, row};
    showCell();
}

void ConvArithmeticView::step(int cells) {
    const int side = m_math.outputSide();
    if (side <= 0) return;
    if (m_cell.x() < 0) {  // nothing picked yet: the first step forward shows the first cell
        if (cells > 0) selectCell(0, 0);
        return;
    }
    const int to = m_cell.y() * side + m_cell.x() + cells;
    if (to >= 0 && to < side * side) selectCell(to / side, to % side);
}

bool ConvArithmeticView::isPlaying() const { return m_timer->isActive(); }

void ConvArithmeticView::setPlaying(bool on) {
    if (on && !m_math.fits()) on = false;
    if (on && !isPlaying()) {
        const int side = m_math.outputSide();
        if (m_cell.x() < 0 || m_cell.y() * side + m_cell.x() >= side * side - 1) selectCell(0, 0);  // from the start
        m_timer->start();
    } else if (!on) {
        m_timer->stop();
    }
    const QSignalBlocker block(m_play);
    m_play->setChecked(on);
    m_play->setText(on ? tr("❚❚ Pause") : tr("▶ Play"));
}

QString ConvArithmeticView::sumText() const { return m_sum->text(); }
QString ConvArithmeticView::sizeFormulaText() const { return m_formula->text(); }
QString ConvArithmeticView::noteText() const { return m_note->text(); }

// The stepping keys, from whichever part of the tool has the focus and leaves them: a spin box or the mode list keeps
// its own arrows (so these are no shortcuts, which would take the arrows away from them), a cell being edited its
// digits and cursor keys.
void ConvArithmeticView::keyPressEvent(QKeyEvent* e) {
    const int side = std::max(1, m_math.outputSide());
    if ((e->modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier) return QWidget::keyPressEvent(e);
    switch (e->key()) {
    case Qt::Key_Right:
    case Qt::Key_N: step(1); break;
    case Qt::Key_Left:
    case Qt::Key_P: step(-1); break;
    case Qt::Key_Down: step(side); break;
    case Qt::Key_Up: step(-side); break;
    case Qt::Key_Space: setPlaying(!isPlaying()); break;
    default: return QWidget::keyPressEvent(e);
    }
    e->accept();
}

// One cell size for the three grids: the smallest that each can fit.
void ConvArithmeticView::fitCells() {
    int cap = 0;
    for (NumberGrid* g : {m_input, m_kernel, m_output})
        if (g->isVisibleTo(this) && g->side() > 0) cap = cap == 0 ? g->fittingCell() : std::min(cap, g->fittingCell());
    for (NumberGrid* g : {m_input, m_kernel, m_output}) g->setCellCap(cap);
}

bool ConvArithmeticView::eventFilter(QObject* watched, QEvent* e) {
    if (e->type() == QEvent::Resize && (watched == m_input || watched == m_kernel || watched == m_output)) fitCells();
    return QWidget::eventFilter(watched, e);
}

void ConvArithmeticView::hideEvent(QHideEvent* e) {
    setPlaying(false);  // closed while playing: nobody is watching
    QWidget::hideEvent(e);
}

void ConvArithmeticView::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::FontChange && !m_applyingFonts) applyFonts();
}

// Sizes relative to the view's own font (the presenter enlarges the window's font, and the dialog inherits it).
void ConvArithmeticView::applyFonts() {
    m_applyingFonts = true;
    const QFont base = font();
    m_sum->setFont(viewstyle::scaledFont(base, 1.6));
    m_formula->setFont(viewstyle::scaledFont(base, 1.2));
    m_cellCaption->setFont(viewstyle::scaledFont(base, 1.1, true));
    m_note->setFont(viewstyle::scaledFont(base, 1.1));
    m_operator->setFont(viewstyle::scaledFont(base, 1.6, true));
    m_equals->setFont(viewstyle::scaledFont(base, 2.2, true));
    // Each line keeps its height when its text comes and goes, so the grids above do not jump as cells are picked.
    for (QLabel* l : {m_cellCaption, m_sum, m_note}) l->setMinimumHeight(QFontMetrics(l->font()).height());
    m_applyingFonts = false;
}

}  // namespace widgets
