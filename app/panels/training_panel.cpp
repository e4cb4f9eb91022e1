#include "app/panels/training_panel.h"
#include "app/window/vertical_scroll.h"
#include "engine/architecture_text.h"
#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QRegularExpression>
#include <QEvent>
#include <QSignalBlocker>
#include <QSpinBox>
#include <algorithm>
#include <cmath>

namespace app {
using engine::Activation;
using engine::Algorithm;
using engine::Init;
using engine::Loss;
using engine::OptimizerKind;
using engine::UpdateMode;

namespace {

constexpr int kMaxHiddenLayers = 10;
constexpr int kMaxUnits = 1000;

const QStringList kLearningRates{"0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"};
const QStringList kPenaltyRates{"0", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1"};
const QStringList kEpsilons{"1e-3", "1e-4", "1e-5", "1e-6", "1e-7", "1e-8", "1e-10"};

enum Penalty { NoPenalty, L1, L2 };

bool sameNumber(double a, double b) { return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b)); }

// Selects the item equal to v, or adds one (a value from a project file that the list lacks).
void selectNumber(QComboBox* box, double v) {
    for (int i = 0; i < box->count(); ++i)
        if (sameNumber(box->itemText(i).toDouble(), v)) {
            box->setCurrentIndex(i);
            return;
        }
    box->addItem(QString::number(v, 'g', 6));
    box->setCurrentIndex(box->count() - 1);
}

template <typename E> void selectData(QComboBox* box, E value) {
    const int i = box->findData(int(value));
    if (i >= 0) box->setCurrentIndex(i);
}

template <typename E> E currentData(const QComboBox* box) { return E(box->currentData().toInt()); }

void addItem(QComboBox* box, const QString& text, int value, const QString& tip) {
    box->addItem(text, value);
    box->setItemData(box->count() - 1, tip, Qt::ToolTipRole);
}

QDoubleSpinBox* hyperSpin(double max, int decimals, double step, const QString& tip) {
    auto* s = new QDoubleSpinBox;
    s->setRange(0, max);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setKeyboardTracking(false);
    s->setToolTip(tip);
    return s;
}

QFormLayout* makeForm(QGroupBox* box) {
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return form;
}

// Combos may shrink below their longest item ("Binary cross-entropy") down to about ten characters, so a dock at
// its narrowest, with a large classroom font, stays about 340 px wide; any wider dock shows the whole text.
void compactCombos(QWidget* root) {
    for (QComboBox* c : root->findChildren<QComboBox*>()) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(10);
    }
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    // No Alt+letter mnemonics in the labels: in a dock they would clash with the menu bar's (Alt+E for Edit ...).
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);
    column->setContentsMargins(6, 6, 6, 6);
    column->addWidget(buildLearningBox());
    column->addWidget(buildUpdatesBox());
    column->addWidget(buildRegularisationBox());
    column->addWidget(buildAugmentationBox());
    column->addWidget(buildNetworkBox());
    column->addWidget(buildFeaturesBox());
    column->addStretch(1);
    compactCombos(content);
    m_forms = content->findChildren<QFormLayout*>();
    alignForms();

    auto* scroll = new VerticalScroll(content);  // scrolls when the dock is short; never sideways
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    setSettings(engine::TrainSettings{});
    engine::NetworkSpec spec;
    spec.layers = {{4, Activation::Tanh}, {4, Activation::Tanh}, {1, Activation::Sigmoid}};
    spec.loss = Loss::BinaryCrossEntropy;
    setNetwork(spec, true);
    setPictures(false);
}

void TrainingPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::FontChange || e->type() == QEvent::StyleChange) alignForms();
    QWidget::changeEvent(e);
}

// One label column for every group, so the fields line up down the whole panel.
void TrainingPanel::alignForms() {
    QList<QWidget*> labels;
    for (QFormLayout* f : m_forms)
        for (int r = 0; r < f->rowCount(); ++r)
            if (QLayoutItem* item = f->itemAt(r, QFormLayout::LabelRole); item && item->widget())
                labels << item->widget();
    int width = 0;
    for (QWidget* l : labels) {
        l->setMinimumWidth(0);
        width = std::max(width, l->sizeHint().width());
    }
    for (QWidget* l : labels) l->setMinimumWidth(width);
}

// ---- building ----

QGroupBox* TrainingPanel::buildLearningBox() {
    auto* box = new QGroupBox(tr("Learning"));
    m_learningForm = makeForm(box);

    m_algorithm = new QComboBox;
    m_algorithm->setObjectName("algorithm");
    addItem(m_algorithm, tr("Backpropagation"), int(Algorithm::Backprop),
            tr("Exact gradients from the chain rule, one backward pass per update: what every modern network uses."));
    addItem(m_algorithm, tr("Finite differences"), int(Algorithm::FiniteDifference),
            tr("Gradients estimated by nudging every weight in turn: the same result as backprop, far more forward "
               "passes."));
    addItem(m_algorithm, tr("Random search"), int(Algorithm::RandomSearch),
            tr("Try a random change to all weights and keep it only if the loss drops: no gradients at all."));
    addItem(
        m_algorithm, tr("Perceptron rule"), int(Algorithm::PerceptronRule),
        tr("Rosenblatt's 1958 rule for one layer of step units: move the weights towards each misclassified point."));
    m_algorithm->setToolTip(tr("How the weights are changed at each step; compare them on the same problem."));
    connect(m_algorithm, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        emitSettings();
    });
    m_learningForm->addRow(tr("Algorithm:"), m_algorithm);

    m_lr = new QComboBox;
    m_lr->setObjectName("learningRate");
    m_lr->setEditable(true);
    m_lr->setInsertPolicy(QComboBox::NoInsert);
    m_lr->setCompleter(nullptr);  // inline completion would turn a typed "0.0" into "0.00001"
    m_lr->addItems(kLearningRates);
    m_lr->setToolTip(tr("How big a step the weights take downhill each update: too small is slow, too big overshoots "
                        "and diverges. Pick one or type any positive number."));
    m_lr->setProperty("normalToolTip", m_lr->toolTip());
    connect(m_lr, &QComboBox::activated, this, &TrainingPanel::commitLearningRate);
    connect(m_lr->lineEdit(), &QLineEdit::editingFinished, this, &TrainingPanel::commitLearningRate);
    connect(m_lr->lineEdit(), &QLineEdit::textEdited, this, [this](const QString& t) {
        // While typing, only flag what can never become a number; the full check is on Enter.
        static const QRegularExpression numberish("^[0-9.,eE+\\-\\s]*$");
        markInvalid(m_lr, !numberish.match(t).hasMatch(), tr("That is not a number."));
    });
    m_learningForm->addRow(tr("Learning rate:"), m_lr);

    m_optimizer = new QComboBox;
    m_optimizer->setObjectName("optimizer");
    addItem(m_optimizer, "SGD", int(OptimizerKind::SGD), tr("Plain gradient descent: step straight downhill."));
    addItem(m_optimizer, "Momentum", int(OptimizerKind::Momentum),
            tr("Gradient descent with a heavy ball: steps keep some of their previous speed."));
    addItem(m_optimizer, "Nesterov", int(OptimizerKind::Nesterov),
            tr("Momentum that looks ahead before it steps, so it overshoots less."));
    addItem(m_optimizer, "AdaGrad", int(OptimizerKind::AdaGrad),
            tr("Each weight gets its own step size, shrinking as its gradients add up."));
    addItem(m_optimizer, "RMSProp", int(OptimizerKind::RMSProp),
            tr("Each weight's step is divided by a running average of its recent gradient size."));
    addItem(m_optimizer, "Adam", int(OptimizerKind::Adam),
            tr("Momentum plus RMSProp's per-weight step sizes: a robust default."));
    addItem(m_optimizer, "NAdam", int(OptimizerKind::NAdam), tr("Adam with Nesterov's look-ahead momentum."));
    m_optimizer->setToolTip(tr("The rule that turns gradients into weight changes; choosing one also sets its usual "
                               "learning rate."));
    connect(m_optimizer, &QComboBox::currentIndexChanged, this, [this] {
        // A student expects the optimizer's usual learning rate (Adam 0.001, SGD 0.03 ...), and is told so.
        const double before = m_learningRate;
        m_learningRate = engine::OptimizerSettings::defaultLearningRate(currentData<OptimizerKind>(m_optimizer));
        showLearningRate(m_learningRate);
        if (!sameNumber(before, m_learningRate))
            emit note(tr("%1 usually learns with a rate of %2: the learning rate changed from %3 to %2.")
                          .arg(m_optimizer->currentText(), QString::number(m_learningRate, 'g', 6),
                               QString::number(before, 'g', 6)));
        updateVisibility();
        emitSettings();
    });
    m_learningForm->addRow(tr("Optimizer:"), m_optimizer);

    m_momentum = hyperSpin(0.999, 3, 0.05,
                           tr("Momentum: how much of the previous step carries over (0 = none, 0.9 "
                              "is usual)."));
    m_beta1 = hyperSpin(0.999, 3, 0.01,
                        tr("β₁: how long the average of gradients remembers (0.9 ≈ the last ten "
                           "steps)."));
    m_beta2 = hyperSpin(0.9999, 4, 0.001,
                        tr("β₂: how long the average of squared gradients remembers (0.999 ≈ the "
                           "last thousand steps)."));
    m_alpha = hyperSpin(0.9999, 3, 0.01,
                        tr("α: how long RMSProp's average of squared gradients remembers (0.99 is "
                           "usual)."));
    m_epsilon = new QComboBox;
    m_epsilon->addItems(kEpsilons);
    m_epsilon->setToolTip(tr("ε: a tiny number added before dividing, so a weight with no gradient yet does not divide "
                             "by zero."));
    m_momentum->setObjectName("momentum");
    m_beta1->setObjectName("beta1");
    m_beta2->setObjectName("beta2");
    m_alpha->setObjectName("alpha");
    m_epsilon->setObjectName("epsilon");
    for (QDoubleSpinBox* s : {m_momentum, m_beta1, m_beta2, m_alpha})
        connect(s, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::emitSettings);
    connect(m_epsilon, &QComboBox::currentIndexChanged, this, &TrainingPanel::emitSettings);
    m_learningForm->addRow(tr("Momentum:"), m_momentum);
    m_learningForm->addRow(tr("β₁:"), m_beta1);
    m_learningForm->addRow(tr("β₂:"), m_beta2);
    m_learningForm->addRow(tr("ε:"), m_epsilon);
    m_learningForm->addRow(tr("α (smoothing):"), m_alpha);

    m_searchScale = hyperSpin(10, 3, 0.01,
                              tr("How far random search jumps: the size of the random change tried at "
                                 "each step."));
    m_searchScale->setObjectName("searchScale");
    m_searchScale->setMinimum(0.001);
    connect(m_searchScale, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::emitSettings);
    m_learningForm->addRow(tr("Search step:"), m_searchScale);
    return box;
}

QGroupBox* TrainingPanel::buildUpdatesBox() {
    auto* box = new QGroupBox(tr("Updates"));
    auto* form = makeForm(box);
    m_mode = new QComboBox;
    m_mode->setObjectName("updateMode");
    addItem(m_mode, tr("Full batch"), int(UpdateMode::FullBatch),
            tr("One careful step per epoch, using every training point."));
    addItem(m_mode, tr("Mini-batch"), int(UpdateMode::MiniBatch),
            tr("A step after every few points: fast and a little noisy (the usual choice)."));
    addItem(m_mode, tr("Online"), int(UpdateMode::Online),
            tr("A step after every single point: many quick, noisy steps."));
    m_mode->setToolTip(tr("How many training points the network sees before each weight update."));
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        emitSettings();
    });
    form->addRow(tr("Update:"), m_mode);

    m_batch = new QSpinBox;
    m_batch->setObjectName("batchSize");
    m_batch->setRange(1, 100000);
    m_batch->setKeyboardTracking(false);
    m_batch->setToolTip(tr("Points per mini-batch: bigger batches give smoother but fewer steps per epoch."));
    connect(m_batch, &QSpinBox::valueChanged, this, &TrainingPanel::emitSettings);
    form->addRow(tr("Batch size:"), m_batch);
    m_double = new QCheckBox(tr("Compute in double precision"));
    m_double->setObjectName("doublePrecision");
    m_double->setToolTip(tr("Training computes each layer in float, as PyTorch does: fast, and accurate to about 7 "
                            "digits. Double keeps about 16 digits at about half the speed for wide layers. The "
                            "step-through view always computes in double."));
    connect(m_double, &QCheckBox::toggled, this, &TrainingPanel::emitSettings);
    form->addRow(m_double);
    return box;
}

QGroupBox* TrainingPanel::buildRegularisationBox() {
    m_regBox = new QGroupBox(tr("Regularisation"));
    auto* form = makeForm(m_regBox);
    m_penalty = new QComboBox;
    m_penalty->setObjectName("penalty");
    addItem(m_penalty, tr("None"), NoPenalty, tr("No penalty: the weights may grow as large as they like."));
    addItem(m_penalty, "L1", L1,
            tr("L1 pulls every weight towards zero by a constant amount, switching unused "
               "ones off."));
    addItem(m_penalty, "L2", L2, tr("L2 (weight decay) shrinks large weights most, for smoother boundaries."));
    m_penalty->setToolTip(tr("A penalty on large weights that fights overfitting: the network prefers simpler "
                             "answers."));
    m_penaltyRate = new QComboBox;
    m_penaltyRate->setObjectName("penaltyRate");
    m_penaltyRate->addItems(kPenaltyRates);
    m_penaltyRate->setCurrentText("0.001");
    m_penaltyRate->setToolTip(tr("How strongly large weights are penalised, compared with fitting the data."));
    connect(m_penalty, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        emitSettings();
    });
    connect(m_penaltyRate, &QComboBox::currentIndexChanged, this, &TrainingPanel::emitSettings);
    form->addRow(tr("Penalty:"), m_penalty);
    form->addRow(tr("Rate:"), m_penaltyRate);
    return m_regBox;
}

QGroupBox* TrainingPanel::buildAugmentationBox() {
    m_augmentBox = new QGroupBox(tr("Augmentation (pictures only)"));
    m_augmentBox->setObjectName("augmentationBox");
    auto* form = makeForm(m_augmentBox);
    auto spin = [this](const char* name, int max, const QString& suffix, const QString& tip) {
        auto* s = new QSpinBox;
        s->setObjectName(name);
        s->setRange(0, max);
        s->setPrefix("± ");
        s->setSuffix(suffix);
        s->setKeyboardTracking(false);
        s->setToolTip(tip);
        connect(s, &QSpinBox::valueChanged, this, &TrainingPanel::emitSettings);
        return s;
    };
    auto real = [this](const char* name, double max, double step, const QString& suffix, const QString& tip) {
        auto* s = new QDoubleSpinBox;
        s->setObjectName(name);
        s->setRange(0, max);
        s->setSingleStep(step);
        s->setDecimals(2);
        s->setSuffix(suffix);
        s->setKeyboardTracking(false);
        s->setToolTip(tip);
        connect(s, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::emitSettings);
        return s;
    };
    m_rotate = spin("augmentRotate", 180, "°", tr("Each training image is turned by a random angle up to this"));
    m_shift = real("augmentShift", 10, 0.5, tr(" px"), tr("Each training image is moved by up to this many pixels"));
    m_shift->setPrefix("± ");
    m_zoom = spin("augmentZoom", 90, " %", tr("Each training image is scaled by up to this much, larger or smaller"));
    m_flip = new QCheckBox(tr("Mirror left to right"));
    m_flip->setObjectName("augmentFlip");
    m_flip->setToolTip(tr("Half of the training images are mirrored (a cat is a cat mirrored; is a 6 still a 6?)"));
    connect(m_flip, &QCheckBox::toggled, this, &TrainingPanel::emitSettings);
    m_noise = real("augmentNoise", 1, 0.05, QString(), tr("Random noise of this size is added to every pixel"));
    form->addRow(tr("Rotate:"), m_rotate);
    form->addRow(tr("Shift:"), m_shift);
    form->addRow(tr("Zoom:"), m_zoom);
    form->addRow(m_flip);
    form->addRow(tr("Noise:"), m_noise);
    m_augmentBox->setToolTip(tr("Every training batch of pictures is changed at random, a new way each time, so the "
                                "network cannot learn the pictures by heart. The Samples tab previews it."));
    return m_augmentBox;
}

QGroupBox* TrainingPanel::buildNetworkBox() {
    auto* box = new QGroupBox(tr("Network"));
    m_networkForm = makeForm(box);

    m_layers = new QLineEdit;
    m_layers->setObjectName("hiddenLayers");
    m_layers->setPlaceholderText(tr("none"));
    m_layers->setClearButtonEnabled(true);
    m_layers->setToolTip(tr("Neurons in each hidden layer, separated by commas: \"4, 4\" is two layers of four; "
                            "leave it empty for none. Press Enter to rebuild the network."));
    m_layers->setProperty("normalToolTip", m_layers->toolTip());
    m_layers->setProperty("denseToolTip", m_layers->toolTip());
    connect(m_layers, &QLineEdit::textEdited, this, [this](const QString& t) {
        QString why;
        const bool ok = parseLayers(t, &why).has_value();
        markInvalid(m_layers, !ok, why);
    });
    connect(m_layers, &QLineEdit::editingFinished, this, &TrainingPanel::commitLayers);
    m_networkForm->addRow(tr("Hidden layers:"), m_layers);

    m_activation = new QComboBox;
    m_activation->setObjectName("activation");
    const std::pair<Activation, QString> acts[] = {
        {Activation::Tanh, tr("Tanh")}, {Activation::ReLU, tr("ReLU")},       {Activation::LeakyReLU, tr("Leaky ReLU")},
        {Activation::ELU, tr("ELU")},   {Activation::Sigmoid, tr("Sigmoid")}, {Activation::Softplus, tr("Softplus")},
        {Activation::Sine, tr("Sine")}, {Activation::Identity, tr("Linear")}, {Activation::Step, tr("Step")}};
    for (const auto& [a, name] : acts)
        addItem(m_activation, name, int(a), tr("f(z) = %1").arg(QString::fromStdString(engine::activationFormula(a))));
    m_activation->setToolTip(tr("The function each hidden neuron applies to its weighted sum: it is what lets the "
                                "network bend its boundaries."));
    connect(m_activation, &QComboBox::currentIndexChanged, this, &TrainingPanel::emitArchitecture);
    m_networkForm->addRow(tr("Activation:"), m_activation);

    m_loss = new QComboBox;
    m_loss->setObjectName("loss");
    addItem(m_loss, tr("Mean squared error"), int(Loss::MSE),
            tr("The average squared distance between output and target: the natural choice for regression."));
    addItem(m_loss, tr("Binary cross-entropy"), int(Loss::BinaryCrossEntropy),
            tr("Punishes confident wrong answers hard: the choice for two classes with a sigmoid output."));
    addItem(m_loss, tr("Cross-entropy"), int(Loss::SoftmaxCrossEntropy),
            tr("Cross-entropy over a softmax output: the choice for three or more classes."));
    m_loss->setToolTip(tr("How the error between the network's output and the target is measured."));
    connect(m_loss, &QComboBox::currentIndexChanged, this, &TrainingPanel::emitArchitecture);
    m_networkForm->addRow(tr("Loss:"), m_loss);

    m_init = new QComboBox;
    m_init->setObjectName("init");
    addItem(m_init, tr("Zeros"), int(Init::Zeros),
            tr("Every weight starts at 0: all neurons stay identical and learn the same thing."));
    addItem(m_init, tr("Uniform ±a"), int(Init::Uniform), tr("Weights drawn evenly between −a and +a."));
    addItem(m_init, tr("Xavier uniform"), int(Init::XavierUniform),
            tr("Glorot & Bengio (2010): scaled to the layer sizes so signals keep their size; good for tanh."));
    addItem(m_init, tr("Xavier normal"), int(Init::XavierNormal), tr("Xavier's scaling with a bell-shaped spread."));
    addItem(m_init, tr("He uniform"), int(Init::HeUniform),
            tr("He et al. (2015): a little larger than Xavier, made for ReLU layers."));
    addItem(m_init, tr("He normal"), int(Init::HeNormal), tr("He's scaling with a bell-shaped spread."));
    m_init->setToolTip(tr("How the weights are set before training starts; a poor start can stall learning."));
    connect(m_init, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        emitSettings();
    });
    m_networkForm->addRow(tr("Initialisation:"), m_init);

    m_initScale = hyperSpin(10, 2, 0.1, tr("a: the largest starting weight for the uniform initialisation."));
    m_initScale->setObjectName("initScale");
    m_initScale->setMinimum(0.01);
    connect(m_initScale, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::emitSettings);
    m_networkForm->addRow(tr("a:"), m_initScale);
    return box;
}

QGroupBox* TrainingPanel::buildFeaturesBox() {
    m_featuresBox = new QGroupBox(tr("Input features"));
    auto* v = new QVBoxLayout(m_featuresBox);
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    const auto& all = engine::allFeatures();
    for (int i = 0; i < int(all.size()); ++i) {
        const engine::Feature f = all[std::size_t(i)];
        auto* c = new QCheckBox(QString::fromStdString(engine::featureLabel(f)));
        c->setObjectName("feature_" + QString::fromStdString(engine::featureName(f)));
        c->setToolTip(tr("Feed %1 to the network as an input: a ready-made feature saves the network from having to "
                         "learn it.")
                          .arg(QString::fromStdString(engine::featureLabel(f))));
        connect(c, &QCheckBox::toggled, this, [this] {
            updateFeatureLocks();
            emitSettings();
        });
        m_features.push_back(c);
        grid->addWidget(c, i / 3, i % 3);
    }
    v->addLayout(grid);
    m_standardize = new QCheckBox(tr("Standardise inputs"));
    m_standardize->setObjectName("standardize");
    m_standardize->setToolTip(tr("Shift and scale each input to mean 0 and spread 1, so no input dominates just "
                                 "because its numbers are bigger."));
    connect(m_standardize, &QCheckBox::toggled, this, &TrainingPanel::emitSettings);
    v->addWidget(m_standardize);
    return m_featuresBox;
}

// ---- validation ----

std::optional<std::vector<int>> TrainingPanel::parseLayers(const QString& text, QString* why) {
    std::vector<int> sizes;
    const QStringList parts = text.split(QRegularExpression("[,;\\s]+"), Qt::SkipEmptyParts);
    for (const QString& p : parts) {
        bool ok = false;
        const int n = p.toInt(&ok);
        if (!ok || n <= 0) {
            if (why) *why = tr("“%1” is not a positive whole number. Write sizes like 4, 4.").arg(p);
            return std::nullopt;
        }
        if (n > kMaxUnits) {
            if (why) *why = tr("At most %1 neurons per layer.").arg(kMaxUnits);
            return std::nullopt;
        }
        sizes.push_back(n);
    }
    if (int(sizes.size()) > kMaxHiddenLayers) {
        if (why) *why = tr("At most %1 hidden layers.").arg(kMaxHiddenLayers);
        return std::nullopt;
    }
    return sizes;
}

std::optional<double> TrainingPanel::parseLearningRate(const QString& text) {
    bool ok = false;
    const double v = QString(text).replace(',', '.').trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v) || v <= 0) return std::nullopt;
    return v;
}

void TrainingPanel::markInvalid(QWidget* w, bool invalid, const QString& tip) {
    if (invalid) {
        // The selector keeps the rule on this widget (a bare rule would reach the combo's popup too).
        w->setStyleSheet(QString("%1#%2 { border: 2px solid #d0312d; border-radius: 3px; padding: 2px 4px; }")
                             .arg(w->metaObject()->className(), w->objectName()));
        w->setToolTip(tip);
    } else {
        w->setStyleSheet(QString());
        w->setToolTip(w->property("normalToolTip").toString());
    }
    w->setProperty("invalid", invalid);
}

void TrainingPanel::commitLearningRate() {
    const QString text = m_lr->currentText();
    const std::optional<double> lr = parseLearningRate(text);
    if (!lr) {
        markInvalid(m_lr, true,
                    tr("“%1” is not a positive number: the learning rate stays at %2.")
                        .arg(text, QString::number(m_learningRate, 'g', 6)));
        return;
    }
    markInvalid(m_lr, false, {});
    if (sameNumber(*lr, m_learningRate)) return;
    m_learningRate = *lr;
    emitSettings();
}

void TrainingPanel::commitLayers() {
    if (m_layers->isReadOnly()) return;  // a typed network's layers, shown, not edited here
    QString why;
    const std::optional<std::vector<int>> sizes = parseLayers(m_layers->text(), &why);
    if (!sizes) {
        markInvalid(m_layers, true, why + tr(" The network keeps its layers until this is fixed."));
        return;
    }
    markInvalid(m_layers, false, {});
    QStringList parts;
    for (int n : *sizes) parts << QString::number(n);
    m_layers->setText(parts.join(", "));  // tidy "8  8" into "8, 8"
    if (*sizes == m_hidden) return;
    m_hidden = *sizes;
    emitArchitecture();
}

// ---- state ----

void TrainingPanel::emitSettings() { emit settingsChanged(settings()); }

void TrainingPanel::emitArchitecture() { emit architectureChanged(m_hidden, hiddenActivation(), loss()); }

engine::Activation TrainingPanel::hiddenActivation() const { return currentData<Activation>(m_activation); }

engine::Loss TrainingPanel::loss() const { return currentData<Loss>(m_loss); }

engine::TrainSettings TrainingPanel::settings() const {
    engine::TrainSettings s = m_base;
    engine::OptimizerSettings& o = s.optimizer;
    o.kind = currentData<OptimizerKind>(m_optimizer);
    o.learningRate = m_learningRate;
    o.momentum = m_momentum->value();
    o.beta1 = m_beta1->value();
    o.beta2 = m_beta2->value();
    o.alpha = m_alpha->value();
    o.epsilon = m_epsilon->currentText().toDouble();
    s.mode = currentData<UpdateMode>(m_mode);
    s.batchSize = m_batch->value();
    const double rate = m_penaltyRate->currentText().toDouble();
    const int penalty = m_penalty->currentData().toInt();
    s.l1 = penalty == L1 ? rate : 0;
    s.l2 = penalty == L2 ? rate : 0;
    s.init.scheme = currentData<Init>(m_init);
    s.init.scale = m_initScale->value();
    s.algorithm = currentData<Algorithm>(m_algorithm);
    s.randomSearchScale = m_searchScale->value();
    s.standardize = m_standardize->isChecked();
    s.singlePrecision = !m_double->isChecked();
    s.augment.rotateDegrees = m_rotate->value();
    s.augment.shiftPixels = m_shift->value();
    s.augment.zoom = m_zoom->value() / 100.0;
    s.augment.flip = m_flip->isChecked();
    s.augment.noise = m_noise->value();
    std::vector<engine::Feature> chosen;
    for (std::size_t i = 0; i < m_features.size(); ++i)
        if (m_features[i]->isChecked()) chosen.push_back(engine::allFeatures()[i]);
    // The same set in the caller's order stays the caller's vector, so an untouched panel reports no change.
    auto sorted = [](std::vector<engine::Feature> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    if (sorted(chosen) != sorted(m_base.features)) s.features = chosen;
    return s;
}

void TrainingPanel::showLearningRate(double lr) {
    const QSignalBlocker block(m_lr);
    int match = -1;
    for (int k = 0; k < m_lr->count(); ++k)
        if (sameNumber(m_lr->itemText(k).toDouble(), lr)) match = k;
    if (match >= 0) m_lr->setCurrentIndex(match);
    else m_lr->setEditText(QString::number(lr, 'g', 6));  // a typed value: shown, not added to the list
    markInvalid(m_lr, false, {});
}

void TrainingPanel::setSettings(const engine::TrainSettings& s) {
    m_base = s;
    m_learningRate = s.optimizer.learningRate;
    const QSignalBlocker b1(m_algorithm), b2(m_optimizer), b3(m_momentum), b4(m_beta1), b5(m_beta2), b6(m_alpha),
        b7(m_epsilon), b8(m_searchScale), b9(m_mode), b10(m_batch), b11(m_penalty), b12(m_penaltyRate), b13(m_init),
        b14(m_initScale), b15(m_standardize), b16(m_double);
    selectData(m_algorithm, s.algorithm);
    selectData(m_optimizer, s.optimizer.kind);
    showLearningRate(s.optimizer.learningRate);
    m_momentum->setValue(s.optimizer.momentum);
    m_beta1->setValue(s.optimizer.beta1);
    m_beta2->setValue(s.optimizer.beta2);
    m_alpha->setValue(s.optimizer.alpha);
    selectNumber(m_epsilon, s.optimizer.epsilon);
    m_searchScale->setValue(s.randomSearchScale);
    selectData(m_mode, s.mode);
    m_batch->setValue(s.batchSize);
    if (s.l1 > 0) {  // both set cannot be shown: L1 wins, as it is the rarer choice and was made on purpose
        m_penalty->setCurrentIndex(m_penalty->findData(L1));
        selectNumber(m_penaltyRate, s.l1);
    } else if (s.l2 > 0) {
        m_penalty->setCurrentIndex(m_penalty->findData(L2));
        selectNumber(m_penaltyRate, s.l2);
    } else {
        m_penalty->setCurrentIndex(m_penalty->findData(NoPenalty));
    }
    selectData(m_init, s.init.scheme);
    m_initScale->setValue(s.init.scale);
    const auto& all = engine::allFeatures();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const QSignalBlocker block(m_features[i]);
        m_features[i]->setChecked(std::find(s.features.begin(), s.features.end(), all[i]) != s.features.end());
    }
    m_standardize->setChecked(s.standardize);
    m_double->setChecked(!s.singlePrecision);
    {
        const QSignalBlocker b1(m_rotate), b2(m_shift), b3(m_zoom), b4(m_flip), b5(m_noise);
        m_rotate->setValue(int(std::lround(s.augment.rotateDegrees)));
        m_shift->setValue(s.augment.shiftPixels);
        m_zoom->setValue(int(std::lround(s.augment.zoom * 100)));
        m_flip->setChecked(s.augment.flip);
        m_noise->setValue(s.augment.noise);
    }
    updateFeatureLocks();
    updateVisibility();
}

void TrainingPanel::setNetwork(const engine::NetworkSpec& spec, bool twoD) {
    m_hidden.clear();
    for (std::size_t l = 0; l + 1 < spec.layers.size(); ++l) m_hidden.push_back(spec.layers[l].units);
    // A network with convolution, pooling or flatten layers is not a list of neuron counts: the field shows its hidden
    // layers in the architecture's text form, read-only (typing counts there would throw the convolutions away).
    const bool typed = std::any_of(spec.layers.begin(), spec.layers.end(),
                                   [](const engine::LayerSpec& l) { return l.kind != engine::LayerKind::Dense; });
    QStringList parts;
    if (typed) {
        const QStringList all = QString::fromStdString(engine::formatArchitecture(spec)).split(", ");
        // "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax, cross_entropy": the layers between the input and the output
        const qsizetype outputAt = std::max<qsizetype>(1, all.size() - 2);
        QString first = all.value(0);
        first = first.mid(first.indexOf(' ') + 1);  // without the input's shape
        parts << first;
        for (qsizetype i = 1; i < outputAt; ++i) parts << all[i];
    } else {
        for (int n : m_hidden) parts << QString::number(n);
    }
    {
        const QSignalBlocker b1(m_layers), b2(m_activation), b3(m_loss);
        m_layers->setText(parts.join(", "));
        m_layers->setCursorPosition(0);  // a long text form reads from its start in the narrow field
        m_layers->setReadOnly(typed);
        m_layers->setClearButtonEnabled(!typed);
        m_layers->setProperty("normalToolTip",
                              typed ? tr("This network has convolution or pooling layers: change them on the diagram "
                                         "(right-click a layer) or in the Architecture field under it.")
                                    : m_layers->property("denseToolTip").toString());
        markInvalid(m_layers, false, {});
        if (!m_hidden.empty()) selectData(m_activation, spec.layers.front().activation);
        selectData(m_loss, spec.loss);
    }
    m_twoD = twoD;
    updateFeatureLocks();
}

void TrainingPanel::setPictures(bool pictures) {
    m_augmentBox->setEnabled(pictures);  // a plane of points has nothing to turn or mirror
}

void TrainingPanel::updateFeatureLocks() {
    // Features are computed from x₁ and x₂; other data sets feed their own inputs as they are.
    int checked = 0;
    for (QCheckBox* c : m_features) checked += c->isChecked();
    for (QCheckBox* c : m_features) c->setEnabled(m_twoD && !(checked == 1 && c->isChecked()));  // keep one input
    m_featuresBox->setToolTip(m_twoD ? QString()
                                     : tr("These features are computed from x₁ and x₂; this data set has its own "
                                          "inputs, which the network sees as they are."));
}

void TrainingPanel::updateVisibility() {
    const auto opt = currentData<OptimizerKind>(m_optimizer);
    const auto algo = currentData<Algorithm>(m_algorithm);
    const bool usesOptimizer = algo == Algorithm::Backprop || algo == Algorithm::FiniteDifference;
    const bool adam = opt == OptimizerKind::Adam || opt == OptimizerKind::NAdam;
    m_learningForm->setRowVisible(m_momentum,
                                  usesOptimizer && (opt == OptimizerKind::Momentum || opt == OptimizerKind::Nesterov));
    m_learningForm->setRowVisible(m_beta1, usesOptimizer && adam);
    m_learningForm->setRowVisible(m_beta2, usesOptimizer && adam);
    m_learningForm->setRowVisible(m_epsilon, usesOptimizer && (adam || opt == OptimizerKind::RMSProp));
    m_learningForm->setRowVisible(m_alpha, usesOptimizer && opt == OptimizerKind::RMSProp);
    m_learningForm->setRowVisible(m_searchScale, algo == Algorithm::RandomSearch);
    m_learningForm->setRowVisible(m_optimizer, usesOptimizer);
    m_learningForm->setRowVisible(m_lr, algo != Algorithm::RandomSearch);  // random search only compares losses
    m_regBox->setEnabled(usesOptimizer);                                   // the penalty enters through the gradient
    m_regBox->setToolTip(usesOptimizer ? QString() : tr("This algorithm uses no gradient, so it has no penalty term."));
    m_batch->setEnabled(currentData<UpdateMode>(m_mode) == UpdateMode::MiniBatch);
    m_penaltyRate->setEnabled(m_penalty->currentData().toInt() != NoPenalty);
    m_networkForm->setRowVisible(m_initScale, currentData<Init>(m_init) == Init::Uniform);
}

}  // namespace app
