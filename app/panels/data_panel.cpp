#include "app/panels/data_panel.h"
#include "app/panels/data_icons.h"
#include "app/window/vertical_scroll.h"
#include "widgets/drawing/boundary_image.h"
#include "widgets/drawing/palette.h"
#include <QBoxLayout>
#include <QButtonGroup>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QResource>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <algorithm>
#include <cmath>

// The bundled data sets (which the digits and iris thumbnails read) are compiled into the static nnlab_app library,
// and a linker drops a static library's resource initialiser unless something names it. Outside any namespace, as
// Q_INIT_RESOURCE requires.
static void initBundledResources() {
    static const bool done = [] {
        Q_INIT_RESOURCE(resources);
        return true;
    }();
    Q_UNUSED(done);
}

namespace app {
using engine::Generator;
using Tool = widgets::OutputView::Tool;

namespace {

constexpr int kDebounceMs = 250;  // spin arrows and keyboard slider steps settle this long before data is replaced
constexpr int kDigitsId = 100, kIrisId = 101;

struct SetInfo {
    QString label;    // under the thumbnail
    QString tooltip;  // one teacherly sentence
};

SetInfo generatorInfo(Generator g) {
    switch (g) {
    case Generator::Xor:
        return {DataPanel::tr("XOR"),
                DataPanel::tr(
                    "Exclusive or: opposite corners share a class — no single straight line separates them.")};
    case Generator::Circle:
        return {DataPanel::tr("Circle"),
                DataPanel::tr("A disc of one class inside a ring of the other: the boundary is a circle.")};
    case Generator::Gaussians:
        return {DataPanel::tr("Gaussians"),
                DataPanel::tr("Round blobs of points, one per class: the easiest set, a line often suffices.")};
    case Generator::Spiral:
        return {DataPanel::tr("Spiral"),
                DataPanel::tr("Interleaved spiral arms: hard, it needs several layers or clever features.")};
    case Generator::Moons:
        return {DataPanel::tr("Moons"), DataPanel::tr("Two interlocking half circles: a gently curved boundary.")};
    case Generator::Checkerboard:
        return {DataPanel::tr("Checkers"), DataPanel::tr("A 4×4 checkerboard: many small regions to carve out.")};
    case Generator::RegressionPlane:
        return {DataPanel::tr("Plane"),
                DataPanel::tr("Regression: the target rises evenly across the plane, y = (x₁ + x₂) / 12.")};
    case Generator::RegressionGaussians:
        return {DataPanel::tr("Bumps"), DataPanel::tr("Regression: hills and valleys of gaussian bumps to fit.")};
    case Generator::RegressionSine:
        return {DataPanel::tr("Sine"), DataPanel::tr("Regression in one input: fit the wave y = sin(x₁).")};
    }
    return {QString::fromStdString(engine::generatorName(g)), {}};
}

QString classButtonStyle(const QColor& c) {
    const bool light = c.lightnessF() > 0.55 || (c.red() > 200 && c.green() > 140);
    return QString("QToolButton { background: %1; color: %2; border: 1px solid %3; border-radius: 5px;"
                   " font-weight: bold; }"
                   "QToolButton:checked { border: 3px solid palette(text); }"
                   "QToolButton:focus { border-style: dashed; border-width: 2px; border-color: palette(highlight); }"
                   "QToolButton:checked:focus { border-style: solid; border-width: 3px; border-color: "
                   "palette(highlight); }")
        .arg(c.name(), light ? "black" : "white", c.darker(140).name());
}

// A focused slider keeps its arrow keys: the window binds bare arrows (Right = one training step) as shortcuts,
// which would otherwise win over the slider.
class SliderKeys : public QObject {
public:
    using QObject::QObject;
    bool eventFilter(QObject* o, QEvent* e) override {
        if (e->type() == QEvent::ShortcutOverride) {
            const auto* k = static_cast<QKeyEvent*>(e);
            static const int keys[] = {Qt::Key_Left,   Qt::Key_Right,    Qt::Key_Up,   Qt::Key_Down,
                                       Qt::Key_PageUp, Qt::Key_PageDown, Qt::Key_Home, Qt::Key_End};
            if (k->modifiers() == Qt::NoModifier &&
                std::find(std::begin(keys), std::end(keys), k->key()) != std::end(keys)) {
                e->accept();  // delivered to the slider as a key press instead
                return true;
            }
        }
        return QObject::eventFilter(o, e);
    }
};

}  // namespace

DataPanel::DataPanel(QWidget* parent) : QWidget(parent) {
    initBundledResources();
    m_generateTimer = new QTimer(this);
    m_generateTimer->setSingleShot(true);
    m_generateTimer->setInterval(kDebounceMs);
    connect(m_generateTimer, &QTimer::timeout, this, &DataPanel::emitGenerate);
    m_ratioTimer = new QTimer(this);
    m_ratioTimer->setSingleShot(true);
    m_ratioTimer->setInterval(kDebounceMs);
    connect(m_ratioTimer, &QTimer::timeout, this, [this] { emit trainRatioChanged(trainRatio()); });

    // No Alt+letter mnemonics in the labels: in a dock they would clash with the menu bar's (Alt+E for Edit ...).
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);
    column->setContentsMargins(6, 6, 6, 6);
    column->addWidget(buildDataSetBox());
    column->addWidget(buildDrawingBox());
    column->addWidget(buildViewBox());
    column->addStretch(1);

    auto* scroll = new VerticalScroll(content);  // scrolls when the dock is short; never sideways
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    for (QWidget* c : std::initializer_list<QWidget*>{m_samples, m_noise, m_noiseLabel, m_seedSpin, m_dice})
        c->setProperty("tip", c->toolTip());  // given back when a generator is chosen again
    checkDataSetButton();
    updateEnabled();
    updateClassButtons();
}

QGroupBox* DataPanel::buildDataSetBox() {
    auto* box = new QGroupBox(tr("Data set"));
    box->setObjectName("dataSetBox");
    m_dataSetBox = box;
    auto* v = new QVBoxLayout(box);

    // Thumbnails, three across: classification (two rows), regression, then the bundled real data.
    auto* grid = new QGridLayout;
    grid->setSpacing(4);
    m_dataSets = new QButtonGroup(this);
    m_dataSets->setExclusive(true);
    auto addButton = [&](int id, const QString& name, const QString& tip, const QIcon& icon, int index) {
        auto* b = new QToolButton;
        b->setObjectName("dataset_" + name);
        b->setCheckable(true);
        b->setIcon(icon);
        b->setIconSize(QSize(kDataSetIconSize, kDataSetIconSize));
        b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        b->setToolTip(tip);
        b->setStyleSheet(
            "QToolButton { border: 1px solid palette(mid); border-radius: 6px; padding: 3px;"
            " background: palette(button); }"
            "QToolButton:hover { border-color: palette(highlight); }"
            "QToolButton:checked { border: 2px solid palette(highlight); background: palette(alternate-base);"
            " font-weight: bold; }"
            "QToolButton:focus { border-style: dashed; }");
        m_dataSets->addButton(b, id);
        grid->addWidget(b, index / 3, index % 3);
    };
    const auto& gens = engine::allGenerators();
    for (int i = 0; i < int(gens.size()); ++i) {
        const SetInfo info = generatorInfo(gens[std::size_t(i)]);
        addButton(i, QString::fromStdString(engine::generatorName(gens[std::size_t(i)])),
                  info.label + ": " + info.tooltip, generatorIcon(gens[std::size_t(i)]), i);
        m_dataSets->button(i)->setText(info.label);
    }
    const int next = int(gens.size());
    addButton(kDigitsId, "digits", tr("Digits: 1797 handwritten digits, 8×8 pixels each (64 inputs, 10 classes)."),
              digitsIcon(), next);
    m_dataSets->button(kDigitsId)->setText(tr("Digits"));
    addButton(kIrisId, "iris", tr("Iris: Fisher's 150 flowers, 4 measurements each, 3 species."), irisIcon(), next + 1);
    m_dataSets->button(kIrisId)->setText(tr("Iris"));
    connect(m_dataSets, &QButtonGroup::idClicked, this, [this](int id) {
        if (id == kDigitsId) chooseBundled("digits");
        else if (id == kIrisId) chooseBundled("iris");
        else chooseGenerator(engine::allGenerators()[std::size_t(id)]);
    });
    v->addLayout(grid);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_samples = new QSpinBox;
    m_samples->setObjectName("samples");
    m_samples->setRange(1, 100000);
    m_samples->setValue(200);
    m_samples->setSingleStep(50);
    m_samples->setKeyboardTracking(false);  // typing "500" asks once, not for 5, 50 and 500
    m_samples->setToolTip(tr("How many points to generate: more points show the shape better but train more slowly."));
    connect(m_samples, &QSpinBox::valueChanged, this, &DataPanel::scheduleGenerate);
    form->addRow(tr("Samples:"), m_samples);

    m_classes = new QSpinBox;
    m_classes->setObjectName("classes");
    m_classes->setRange(2, engine::kMaxGeneratedClasses);
    m_classes->setValue(2);
    m_classes->setKeyboardTracking(false);
    m_classes->setToolTip(
        tr("How many classes (blobs or spiral arms) to generate; only Gaussians and Spiral have a choice."));
    connect(m_classes, &QSpinBox::valueChanged, this, &DataPanel::scheduleGenerate);
    form->addRow(tr("Classes:"), m_classes);

    m_seedSpin = new QSpinBox;
    m_seedSpin->setObjectName("seed");
    m_seedSpin->setRange(0, 999999999);
    m_seedSpin->setValue(1);
    m_seedSpin->setKeyboardTracking(false);
    m_seedSpin->setToolTip(tr("The random seed: the same seed always gives exactly the same points."));
    connect(m_seedSpin, &QSpinBox::valueChanged, this, [this](int v) {
        m_seed = std::uint64_t(v);
        scheduleGenerate();
    });
    m_dice = new QToolButton;
    m_dice->setObjectName("newSeed");
    m_dice->setIcon(diceIcon(palette().color(QPalette::ButtonText)));
    m_dice->setIconSize(QSize(20, 20));
    m_dice->setToolTip(tr("New seed: roll the dice for a fresh random draw of the same shape."));
    connect(m_dice, &QToolButton::clicked, this, [this] {
        int s = m_seedSpin->value();
        while (s == m_seedSpin->value()) s = int(QRandomGenerator::global()->bounded(1, 100000));
        {
            const QSignalBlocker block(m_seedSpin);
            m_seedSpin->setValue(s);
        }
        m_seed = std::uint64_t(s);
        emitGenerate();
    });
    auto* seedRow = new QHBoxLayout;
    seedRow->setContentsMargins(0, 0, 0, 0);
    seedRow->addWidget(m_seedSpin, 1);
    seedRow->addWidget(m_dice);
    form->addRow(tr("Seed:"), seedRow);
    v->addLayout(form);

    m_noiseLabel = new QLabel;
    m_noise = new QSlider(Qt::Horizontal);
    m_noise->setObjectName("noise");
    m_noise->setRange(0, 100);
    m_noise->setSingleStep(5);
    m_noise->setPageStep(10);
    m_noise->setTickPosition(QSlider::TicksBelow);
    m_noise->setTickInterval(10);
    m_noise->setToolTip(tr("Noise blurs the shape: points stray from where they belong, as in real measurements."));
    m_noiseLabel->setBuddy(m_noise);
    m_noiseLabel->setToolTip(m_noise->toolTip());
    connect(m_noise, &QSlider::valueChanged, this, [this] {
        updateNoiseLabel();
        if (!m_noise->isSliderDown()) scheduleGenerate();  // a drag asks once, on release
    });
    connect(m_noise, &QSlider::sliderReleased, this, &DataPanel::emitGenerate);
    // Label and slider share a row, so the drawing tools below fit the dock without scrolling.
    auto* noiseRow = new QHBoxLayout;
    noiseRow->addWidget(m_noiseLabel);
    noiseRow->addWidget(m_noise, 1);
    v->addLayout(noiseRow);

    m_regenerate = new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("Regenerate"));
    m_regenerate->setObjectName("regenerate");
    m_regenerate->setToolTip(tr("Make the data again with these settings (replaces points you drew)."));
    connect(m_regenerate, &QPushButton::clicked, this, [this] {
        if (m_choice == Choice::Bundled) emit bundledRequested(m_bundled);
        else emitGenerate();
    });
    v->addWidget(m_regenerate);

    m_ratioLabel = new QLabel;
    m_ratioLabel->setObjectName("ratioLabel");
    m_ratio = new QSlider(Qt::Horizontal);
    m_ratio->setObjectName("trainRatio");
    m_ratio->setRange(10, 90);
    m_ratio->setSingleStep(5);
    m_ratio->setPageStep(10);
    m_ratio->setValue(50);
    m_ratio->setTickPosition(QSlider::TicksBelow);
    m_ratio->setTickInterval(10);
    m_ratio->setToolTip(
        tr("The share of points the network learns from; the rest are kept aside to test it on unseen data."));
    m_ratioLabel->setBuddy(m_ratio);
    m_ratioLabel->setToolTip(m_ratio->toolTip());
    connect(m_ratio, &QSlider::valueChanged, this, [this] {
        updateRatioLabel();
        if (!m_ratio->isSliderDown()) m_ratioTimer->start();
    });
    connect(m_ratio, &QSlider::sliderReleased, this, [this] {
        m_ratioTimer->stop();
        emit trainRatioChanged(trainRatio());
    });
    auto* ratioRow = new QHBoxLayout;
    ratioRow->addWidget(m_ratioLabel);
    ratioRow->addWidget(m_ratio, 1);
    v->addLayout(ratioRow);

    auto* sliderKeys = new SliderKeys(this);
    m_noise->installEventFilter(sliderKeys);
    m_ratio->installEventFilter(sliderKeys);
    updateNoiseLabel();
    updateRatioLabel();
    return box;
}

QGroupBox* DataPanel::buildDrawingBox() {
    m_drawBox = new QGroupBox(tr("Draw points"));
    auto* v = new QVBoxLayout(m_drawBox);

    auto* tools = new QHBoxLayout;
    tools->setSpacing(2);
    m_tools = new QButtonGroup(this);
    m_tools->setExclusive(true);
    struct ToolInfo {
        Tool tool;
        const char* name;  // object name, untranslated
        QString text, key, tip;
    };
    const ToolInfo infos[] = {
        {Tool::Add, "add", tr("Add"), "A", tr("Add point: click in the plot to place one point of the current class")},
        {Tool::Pen, "pen", tr("Pen"), "P", tr("Pen: drag in the plot to draw a trail of points")},
        {Tool::Spray, "spray", tr("Spray"), "B", tr("Spray: hold the mouse down to spray a cloud of points")},
        {Tool::Erase, "erase", tr("Erase"), "E",
         tr("Erase: drag over points to remove them (right-click also removes one)")},
        {Tool::Select, "select", tr("Select"), "V",
         tr("Select: drag a box around points, then drag them to move or press Delete to remove them")},
    };
    const QColor ink = palette().color(QPalette::ButtonText);
    for (const ToolInfo& t : infos) {
        auto* b = new QToolButton;
        b->setObjectName(QString("tool_") + t.name);
        b->setCheckable(true);
        b->setAutoRaise(false);
        b->setIcon(toolIcon(t.tool, ink));
        b->setIconSize(QSize(kToolIconSize, kToolIconSize));
        b->setText(t.text);
        b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        b->setShortcut(QKeySequence(t.key));  // window-wide; a focused text field keeps its letters
        b->setToolTip(tr("%1. Shortcut: %2").arg(t.tip, t.key));
        m_tools->addButton(b, int(t.tool));
        tools->addWidget(b);
    }
    m_tools->button(int(Tool::Add))->setChecked(true);
    connect(m_tools, &QButtonGroup::idClicked, this, [this](int id) {
        m_tool = Tool(id);
        emit toolChosen(m_tool);
    });
    v->addLayout(tools);

    // The current class: the data's classes plus one more, so a new class can be started.
    m_classRow = new QWidget;
    auto* classes = new QHBoxLayout(m_classRow);
    classes->setContentsMargins(0, 0, 0, 0);
    classes->setSpacing(2);
    auto* classLabel = new QLabel(tr("Class:"));
    classLabel->setToolTip(tr("New points get this class; keys 1–8 choose it while the plot has focus."));
    classes->addWidget(classLabel);
    m_classGroup = new QButtonGroup(this);
    m_classGroup->setExclusive(true);
    for (int k = 0; k < 8; ++k) {
        auto* b = new QToolButton;
        b->setObjectName(QString("class_%1").arg(k + 1));
        b->setCheckable(true);
        b->setText(QString::number(k + 1));
        b->setFixedSize(24, 28);  // eight of them fit a 300 px dock
        b->setToolTip(tr("class %1: new points get this colour (key %2 in the plot).").arg(k).arg(k + 1));
        m_classGroup->addButton(b, k);
        m_classButtons[std::size_t(k)] = b;
        classes->addWidget(b);
    }
    classes->addStretch(1);
    restyleClassButtons();
    m_classButtons[0]->setChecked(true);
    connect(m_classGroup, &QButtonGroup::idClicked, this, [this](int k) {
        m_currentClass = k;
        emit classChosen(k);
    });
    v->addWidget(m_classRow);

    // Regression: the value new points get, with its colour.
    m_valueRow = new QWidget;
    auto* valueLayout = new QHBoxLayout(m_valueRow);
    valueLayout->setContentsMargins(0, 0, 0, 0);
    auto* valueLabel = new QLabel(tr("Value:"));
    m_value = new QDoubleSpinBox;
    m_value->setObjectName("value");
    m_value->setRange(-10, 10);
    m_value->setDecimals(2);
    m_value->setSingleStep(0.1);
    m_value->setValue(1);
    m_value->setKeyboardTracking(false);
    m_value->setToolTip(tr("The target value new points get: the network learns to output it at that spot."));
    valueLabel->setBuddy(m_value);
    valueLabel->setToolTip(m_value->toolTip());
    m_valueSwatch = new QLabel;
    m_valueSwatch->setFixedSize(22, 22);
    m_valueSwatch->setToolTip(tr("The colour points of this value are drawn in."));
    auto updateSwatch = [this] {
        const QColor c = widgets::regressionPointColor(m_value->value(), -1, 1);
        m_valueSwatch->setStyleSheet(
            QString("background: %1; border: 1px solid %2; border-radius: 11px;").arg(c.name(), c.darker(150).name()));
    };
    updateSwatch();
    connect(m_value, &QDoubleSpinBox::valueChanged, this, [this, updateSwatch](double x) {
        updateSwatch();
        emit valueChosen(x);
    });
    valueLayout->addWidget(valueLabel);
    valueLayout->addWidget(m_value, 1);
    valueLayout->addWidget(m_valueSwatch);
    v->addWidget(m_valueRow);

    // Where new points go: training unless the person asks for test points, which then show on the plot.
    auto* into = new QHBoxLayout;
    into->setSpacing(2);
    into->addWidget(new QLabel(tr("Into:")));
    m_into = new QButtonGroup(this);
    m_into->setExclusive(true);
    const QString intoTips[] = {tr("New points join the training set: the network learns from them."),
                                tr("New points join the test set: the network never trains on them; they show how "
                                   "well it does on points it has not seen (drawn with a black ring).")};
    const char* intoNames[] = {"drawTrain", "drawTest"};
    const QString intoTexts[] = {tr("Training"), tr("Test")};
    for (int k = 0; k < 2; ++k) {
        auto* b = new QToolButton;
        b->setObjectName(intoNames[k]);
        b->setText(intoTexts[k]);
        b->setCheckable(true);
        b->setChecked(k == 0);
        b->setToolTip(intoTips[k]);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        m_into->addButton(b, k);
        into->addWidget(b, 1);
    }
    connect(m_into, &QButtonGroup::idClicked, this, [this](int k) {
        if (k == 1 && !m_showTest->isChecked()) m_showTest->setChecked(true);  // the points drawn must be seen
    });
    v->addLayout(into);

    m_showTest = new QCheckBox(tr("Show test data"));
    m_showTest->setObjectName("showTest");
    m_showTest->setToolTip(tr("Also draw the test points (ringed in black), which the network never trains on."));
    connect(m_showTest, &QCheckBox::toggled, this, &DataPanel::showTestDataChanged);
    m_counts = new QLabel;
    m_counts->setObjectName("splitCounts");
    m_counts->setToolTip(tr("How many points the network trains on, and how many are kept aside to test it."));
    m_counts->setWordWrap(true);  // never widens the dock
    v->addWidget(m_counts);
    v->addWidget(m_showTest);

    m_clear = new QPushButton(style()->standardIcon(QStyle::SP_DialogResetButton), tr("Clear all points"));
    m_clear->setObjectName("clear");
    m_clear->setToolTip(
        tr("Remove every point and start from an empty plot to draw your own data (undo brings them back)."));
    connect(m_clear, &QPushButton::clicked, this, &DataPanel::clearRequested);
    v->addWidget(m_clear);

    return m_drawBox;
}

QGroupBox* DataPanel::buildViewBox() {
    auto* box = new QGroupBox(tr("Plot"));
    auto* v = new QVBoxLayout(box);
    m_discretize = new QCheckBox(tr("Discretize output"));
    m_discretize->setObjectName("discretize");
    m_discretize->setToolTip(tr("Colour each region by the class the network picks, hiding how sure it is."));
    connect(m_discretize, &QCheckBox::toggled, this, &DataPanel::discretizeChanged);
    v->addWidget(m_discretize);
    return box;
}

// ---- state ----

engine::GeneratorParams DataPanel::generatorParams() const {
    engine::GeneratorParams p;
    p.kind = m_kind;
    p.samples = m_samples->value();
    p.noise = m_noise->value() / 100.0;
    p.classes = engine::supportsClasses(m_kind) ? m_classes->value() : 2;
    p.seed = m_seed;
    return p;
}

double DataPanel::trainRatio() const { return m_ratio->value() / 100.0; }

void DataPanel::chooseGenerator(Generator g) {
    m_generateTimer->stop();
    m_choice = Choice::Generator;
    m_kind = g;
    m_bundled.clear();
    updateEnabled();
    setRegression(engine::isRegression(g));
    if (!m_regression) setClassCount(engine::supportsClasses(g) ? m_classes->value() : 2);
    emitGenerate();
}

void DataPanel::chooseBundled(const QString& name) {
    m_generateTimer->stop();
    m_choice = Choice::Bundled;
    m_bundled = name;
    updateEnabled();
    emit bundledRequested(name);
}

void DataPanel::scheduleGenerate() { m_generateTimer->start(); }

void DataPanel::emitGenerate() {
    m_generateTimer->stop();
    if (m_choice == Choice::Bundled) return;  // the generator settings are greyed out; nothing to regenerate
    if (m_choice == Choice::Points) {         // a parameter changed while showing drawn points: back to the generator
        m_choice = Choice::Generator;
        checkDataSetButton();
        updateEnabled();
    }
    if (!m_regression && engine::supportsClasses(m_kind)) setClassCount(m_classes->value());
    emit generateRequested(generatorParams());
}

void DataPanel::updateEnabled() {
    // The generator's settings shape generated data only: drawn or imported points have none (a data set above
    // generates again).
    const bool generated = m_choice == Choice::Generator;
    const QString ownTip = tr("Your own points have no such setting: choose a data set above to generate one.");
    for (QWidget* c : std::initializer_list<QWidget*>{m_samples, m_noise, m_noiseLabel, m_seedSpin, m_dice}) {
        c->setEnabled(generated);
        if (m_choice == Choice::Points) c->setToolTip(ownTip);
        else if (c->toolTip() == ownTip) c->setToolTip(c->property("tip").toString());
    }
    m_classes->setEnabled(generated && engine::supportsClasses(m_kind));
    m_regenerate->setEnabled(m_choice != Choice::Points);
    // Sets with more than two inputs have no plane to draw them in.
    const bool plane = m_choice == Choice::Points ? m_pointDims == 2 : m_choice == Choice::Generator;
    m_drawBox->setEnabled(plane);
    m_drawBox->setToolTip(plane ? QString()
                                : tr("Drawing works on two-input data; %1 has more inputs than the plot can show.")
                                      .arg(m_choice == Choice::Bundled ? m_bundled : tr("this data set")));
    m_regenerate->setToolTip(m_choice == Choice::Bundled  ? tr("Reload the bundled %1 data set.").arg(m_bundled)
                             : m_choice == Choice::Points ? ownTip
                                                          : tr("Make the data again with these settings "
                                                               "(replaces points you drew)."));
}

void DataPanel::followSource(const DataSource& source, const engine::Dataset& data) {
    m_pointDims = int(data.inputDim());
    if (!m_generateTimer->isActive()) {  // else a change the person is still making comes next
        switch (source.kind) {
        case DataSource::Kind::Generated:
            if (m_choice != Choice::Generator || !(generatorParams() == source.generator))
                setSource(source, trainRatio(), 0);
            break;
        case DataSource::Kind::Bundled:
            if (m_choice != Choice::Bundled || m_bundled != source.bundled) setSource(source, trainRatio(), 0);
            break;
        case DataSource::Kind::Points:
            m_choice = Choice::Points;
            m_bundled.clear();
            checkDataSetButton();
            break;
        }
    }
    updateEnabled();
    // Where the points came from, in the box's title: no line appears or goes, so nothing below moves.
    const int n = int(data.size());
    QString title = tr("Data set"), tip;
    if (source.kind == DataSource::Kind::Points && source.origin.isEmpty()) {
        title = tr("Data set: your own points (%1)").arg(n);
        tip = tr("Drawn by hand: %1 %2. Choose a data set below to generate one instead.")
                  .arg(n)
                  .arg(n == 1 ? tr("point") : tr("points"));
    } else if (source.kind == DataSource::Kind::Points) {
        const QString name = fontMetrics().elidedText(source.origin, Qt::ElideMiddle, std::max(60, width() / 2));
        title = tr("Data set: %1 (%2)").arg(name).arg(n);
        tip = tr("Imported from %1: %2 %3 with %4 inputs each.")
                  .arg(source.origin)
                  .arg(n)
                  .arg(n == 1 ? tr("sample") : tr("samples"))
                  .arg(data.inputDim());
    }
    m_dataSetBox->setTitle(title);
    m_dataSetBox->setToolTip(tip);
}

void DataPanel::updateNoiseLabel() { m_noiseLabel->setText(tr("Noise: %1 %").arg(m_noise->value())); }

void DataPanel::updateRatioLabel() { m_ratioLabel->setText(tr("Training data: %1 %").arg(m_ratio->value())); }

void DataPanel::setClassCount(int k) {
    m_classCount = std::clamp(k, 1, 8);
    if (m_choice != Choice::Generator) {  // the (disabled) Classes box tells the truth for drawn or loaded data too
        const QSignalBlocker block(m_classes);
        m_classes->setValue(std::clamp(m_classCount, m_classes->minimum(), m_classes->maximum()));
    }
    updateClassButtons();
}

void DataPanel::updateClassButtons() {
    m_classRow->setVisible(!m_regression);
    m_valueRow->setVisible(m_regression && !m_curve);
    const int shown = std::min(8, std::max(m_classCount + 1, m_currentClass + 1));
    for (int k = 0; k < 8; ++k) m_classButtons[std::size_t(k)]->setVisible(k < shown);
    if (m_classCount < 8)
        m_classButtons[std::size_t(m_classCount)]->setToolTip(
            tr("A new class (class %1): draw points in this colour to add it (key %2 in the plot).")
                .arg(m_classCount)
                .arg(m_classCount + 1));
    // Named from 0, as the legend and the confusion matrix name them; the button shows its key.
    for (int k = 0; k < m_classCount; ++k)
        m_classButtons[std::size_t(k)]->setToolTip(
            tr("class %1: new points get this colour (key %2 in the plot).").arg(k).arg(k + 1));
}

void DataPanel::checkDataSetButton() {
    QAbstractButton* want = nullptr;
    if (m_choice == Choice::Bundled)  // Fashion-MNIST has no thumbnail: none is checked then
        want = m_bundled == "digits" ? m_dataSets->button(kDigitsId)
               : m_bundled == "iris" ? m_dataSets->button(kIrisId)
                                     : nullptr;
    else if (m_choice == Choice::Generator) {
        const auto& gens = engine::allGenerators();
        const auto it = std::find(gens.begin(), gens.end(), m_kind);
        if (it != gens.end()) want = m_dataSets->button(int(it - gens.begin()));
    }
    // An exclusive group cannot uncheck its last button: drop exclusivity for the change.
    m_dataSets->setExclusive(false);
    for (QAbstractButton* b : m_dataSets->buttons()) b->setChecked(b == want);
    m_dataSets->setExclusive(true);
}

// ---- setters (no signals) ----

void DataPanel::setSource(const DataSource& source, double trainRatio, std::uint64_t splitSeed) {
    Q_UNUSED(splitSeed);  // the split seed has no control here (new data gets a new split through the window)
    m_generateTimer->stop();
    m_ratioTimer->stop();
    const QSignalBlocker b1(m_samples), b2(m_noise), b3(m_classes), b4(m_seedSpin), b5(m_ratio);
    switch (source.kind) {
    case DataSource::Kind::Generated: {
        const engine::GeneratorParams& g = source.generator;
        m_choice = Choice::Generator;
        m_kind = g.kind;
        m_bundled.clear();
        m_samples->setValue(g.samples);
        m_noise->setValue(int(std::lround(g.noise * 100)));
        if (engine::supportsClasses(g.kind)) m_classes->setValue(g.classes);
        m_seed = g.seed;
        m_seedSpin->setValue(int(std::min<std::uint64_t>(g.seed, std::uint64_t(m_seedSpin->maximum()))));
        setRegression(engine::isRegression(g.kind));
        if (!m_regression) setClassCount(engine::supportsClasses(g.kind) ? g.classes : 2);
        break;
    }
    case DataSource::Kind::Bundled:
        m_choice = Choice::Bundled;
        m_bundled = source.bundled;
        break;
    case DataSource::Kind::Points:
        m_choice = Choice::Points;
        m_bundled.clear();
        setRegression(source.points.task == engine::Task::Regression);
        if (!m_regression) setClassCount(source.points.numClasses);
        break;
    }
    m_ratio->setValue(int(std::lround(std::clamp(trainRatio, 0.1, 0.9) * 100)));
    updateNoiseLabel();
    updateRatioLabel();
    checkDataSetButton();
    updateEnabled();
}

void DataPanel::setCurrentClass(int k) {
    m_currentClass = std::clamp(k, 0, 7);
    m_classButtons[std::size_t(m_currentClass)]->setChecked(true);  // QButtonGroup emits only on clicks
    updateClassButtons();
}

void DataPanel::setRegression(bool regression) {
    m_regression = regression;
    updateClassButtons();
}

void DataPanel::setCurveMode(bool curve) {
    if (curve == m_curve) return;
    m_curve = curve;
    updateClassButtons();
}

void DataPanel::setShowTestData(bool on) {
    const QSignalBlocker block(m_showTest);
    m_showTest->setChecked(on);
}

bool DataPanel::drawsIntoTest() const { return m_into->checkedId() == 1; }

void DataPanel::setSplitCounts(int training, int test) {
    m_counts->setText(tr("%1 training points, %2 test points").arg(training).arg(test));
}

void DataPanel::setDiscretize(bool on) {
    const QSignalBlocker block(m_discretize);
    m_discretize->setChecked(on);
}

void DataPanel::restyleClassButtons() {
    for (int k = 0; k < 8; ++k) m_classButtons[std::size_t(k)]->setStyleSheet(classButtonStyle(widgets::classColor(k)));
}

}  // namespace app
