#include "app/window/image_workspace.h"
#include "engine/augment.h"
#include "app/session/data_model.h"
#include "app/session/session.h"
#include "widgets/draw_pad.h"
#include "widgets/image_tiles.h"
#include "widgets/pixel_numbers.h"
#include "widgets/probability_bars.h"
#include <QButtonGroup>
#include <QCheckBox>
#include <QEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QStyle>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace app {
namespace {
constexpr int kRefreshMs = 100;          // the inside views at most ten times a second while training runs
constexpr int kGalleryLimit = 400;       // tiles drawn at once: filter to see the others
constexpr int kGalleryMs = 500;          // the gallery's answers follow training at most twice a second
constexpr int kMaxUnitTiles = 256;       // a dense layer's units shown as squares

// Values of one map (channel c of a C x H x W column) as an H x W image.
Eigen::MatrixXf mapOf(const engine::Matrix& column, const engine::Shape& s, int c) {
    Eigen::MatrixXf m(s.height, s.width);
    for (int y = 0; y < s.height; ++y)
        for (int x = 0; x < s.width; ++x) m(y, x) = float(column(engine::Index(c) * s.height * s.width + y * s.width + x));
    return m;
}

QString layerTitle(const engine::LayerLayout& L, int l, bool output) {
    const engine::LayerSpec& s = L.spec;
    const QString shape = QString::fromStdString(engine::describeShape(L.out));
    const QString act = QString::fromStdString(engine::activationName(s.activation));
    switch (s.kind) {
    case engine::LayerKind::Conv:
        return QObject::tr("Layer %1: convolution %2×%2, %3 maps, stride %4, padding %5, %6 → %7")
            .arg(l + 1).arg(s.kernel).arg(s.units).arg(s.stride).arg(s.padding).arg(act, shape);
    case engine::LayerKind::MaxPool:
        return QObject::tr("Layer %1: max pooling %2×%2 → %3").arg(l + 1).arg(s.kernel).arg(shape);
    case engine::LayerKind::AvgPool:
        return QObject::tr("Layer %1: average pooling %2×%2 → %3").arg(l + 1).arg(s.kernel).arg(shape);
    case engine::LayerKind::Flatten: return QObject::tr("Layer %1: flatten → %2").arg(l + 1).arg(shape);
    case engine::LayerKind::Dense:
        return output ? QObject::tr("Layer %1 (output): %2 units, %3").arg(l + 1).arg(s.units).arg(act)
                      : QObject::tr("Layer %1: dense, %2 units, %3").arg(l + 1).arg(s.units).arg(act);
    }
    return {};
}
}  // namespace

std::optional<engine::Shape> imageShapeOf(const engine::Dataset& data, const engine::NetworkSpec& spec) {
    return engine::pictureShape(spec, data.inputDim(), data.task == engine::Task::Classification);
}

ImageWorkspace::ImageWorkspace(Session* session, QWidget* parent) : QWidget(parent), m_session(session) {
    setObjectName("imageWorkspace");
    // Its own minimum, not its layout's: the window shares one central stack with the plane, and the filters' row
    // must not widen the window when the plane is shown (a short window scrolls and squeezes the workspace instead).
    setMinimumSize(320, 240);
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* leftScroll = new QScrollArea(split);  // a short window scrolls the pad's column instead of cutting it
    leftScroll->setObjectName("padColumn");
    leftScroll->setWidgetResizable(true);
    leftScroll->setFrameShape(QFrame::NoFrame);
    leftScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* left = new QWidget(leftScroll);
    buildPad(left);
    leftScroll->setWidget(left);
    m_padColumn = leftScroll;
    m_padContent = left;
    left->installEventFilter(this);  // its buttons grow with the font (presenter mode): the column follows
    fitPadColumn();
    m_tabs = new QTabWidget(split);
    m_tabs->setObjectName("imageTabs");
    auto* galleryBox = new QWidget(m_tabs);
    galleryBox->setObjectName("galleryPage");
    buildGallery(galleryBox);
    m_tabs->addTab(galleryBox, tr("&Samples"));
    auto* scroll = new QScrollArea(m_tabs);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_inside = new QWidget(scroll);
    m_insideLayout = new QVBoxLayout(m_inside);
    m_insideNote = new QLabel(m_inside);
    m_insideNote->setWordWrap(true);
    m_insideLayout->addWidget(m_insideNote);
    m_insideLayout->addStretch(1);
    scroll->setWidget(m_inside);
    m_tabs->addTab(scroll, tr("&Inside the network"));
    m_tabs->setTabToolTip(1, tr("What each layer makes of the image on the pad: feature maps, kernels and weights"));
    auto* numbersScroll = new QScrollArea(m_tabs);
    numbersScroll->setObjectName("numbersPage");
    numbersScroll->setWidgetResizable(true);
    auto* numbersBox = new QWidget(numbersScroll);
    buildNumbers(numbersBox);
    numbersScroll->setWidget(numbersBox);
    m_tabs->addTab(numbersScroll, tr("As &numbers"));
    m_tabs->setTabToolTip(2, tr("The image on the pad as the network is given it: one number per cell, then one flat "
                                "vector of inputs"));
    // A narrow window takes width from both columns (the pad's down to its buttons' width), not from the tabs alone.
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    split->setSizes({300, 700});
    auto* lay = new QHBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    lay->addWidget(split);

    m_pending = new QTimer(this);
    m_pending->setSingleShot(true);
    connect(m_pending, &QTimer::timeout, this, &ImageWorkspace::refresh);
    m_galleryPending = new QTimer(this);
    m_galleryPending->setSingleShot(true);
    connect(m_galleryPending, &QTimer::timeout, this, &ImageWorkspace::fillGallery);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        for (auto* area : m_tabs->findChildren<QScrollArea*>()) area->setWidgetResizable(true);  // after pictureOf()
        if (tab == 0) fillGallery();  // answers that arrived while the other tab was shown
        refresh();
    });
    m_sinceRefresh.start();
}

void ImageWorkspace::buildPad(QWidget* box) {
    auto* v = new QVBoxLayout(box);
    auto* title = new QLabel(tr("<b>Draw an image</b>"), box);
    v->addWidget(title);
    m_pad = new widgets::DrawPad(box);
    m_pad->setObjectName("drawPad");
    m_pad->setMinimumSize(170, 170);
    v->addWidget(m_pad, 1);
    auto* tools = new QHBoxLayout;
    m_pen = new QPushButton(tr("&Pen"), box);
    m_pen->setObjectName("penButton");
    m_pen->setCheckable(true);
    m_pen->setChecked(true);
    m_pen->setToolTip(tr("Draw with the left button (P)"));
    m_eraser = new QPushButton(tr("&Eraser"), box);
    m_eraser->setObjectName("eraserButton");
    m_eraser->setCheckable(true);
    m_eraser->setToolTip(tr("Erase with the left button (E); the right button always erases"));
    auto* group = new QButtonGroup(box);
    group->addButton(m_pen);
    group->addButton(m_eraser);
    group->setExclusive(true);
    auto* clear = new QPushButton(tr("C&lear"), box);
    clear->setObjectName("clearPadButton");
    clear->setToolTip(tr("Clear the pad"));
    tools->addWidget(m_pen);
    tools->addWidget(m_eraser);
    tools->addWidget(clear);
    v->addLayout(tools);
    connect(m_pen, &QPushButton::toggled, this, [this](bool on) { m_pad->setEraser(!on); });
    connect(clear, &QPushButton::clicked, m_pad, &widgets::DrawPad::clear);

    m_padNote = new QLabel(box);
    m_padNote->setObjectName("padNote");
    m_padNote->setWordWrap(true);
    v->addWidget(m_padNote);
    m_bars = new widgets::ProbabilityBars(box);
    m_bars->setObjectName("probabilityBars");
    m_bars->setEmptyMessage(tr("Draw, or click a sample."));
    v->addWidget(m_bars);

    auto* addRow = new QHBoxLayout;  // below the button: a narrow column keeps every control whole
    m_add = new QPushButton(tr("&Add to the data as"), box);
    m_add->setObjectName("addSampleButton");
    m_add->setToolTip(tr("Add the drawing to the data set with this class (Ctrl+Z takes it back)"));
    m_addClass = new QComboBox(box);
    m_addClass->setObjectName("addSampleClass");
    m_addToTest = new QCheckBox(tr("test"), box);
    m_addToTest->setObjectName("addSampleToTest");
    m_addToTest->setToolTip(tr("Add it to the test split instead of the training split"));
    v->addWidget(m_add);
    addRow->addWidget(m_addClass, 1);
    addRow->addWidget(m_addToTest);
    v->addLayout(addRow);
    connect(m_add, &QPushButton::clicked, this, &ImageWorkspace::addDrawing);
    connect(m_pad, &widgets::DrawPad::changed, this, [this] {
        m_add->setEnabled(!m_pad->isBlank());
        if (m_numbers) m_numbers->setValues(m_pad->values());
        refresh();  // the person draws: answer at once
    });
    m_add->setEnabled(false);
}

void ImageWorkspace::buildNumbers(QWidget* box) {
    auto* v = new QVBoxLayout(box);
    auto* intro = new QLabel(tr("<b>What the network is given.</b> Each cell of the pad is one number: how much ink it "
                                "holds, from 0 (white paper) to 1 (full ink). A photo's grey level g (0 to 255) "
                                "becomes g/255 in the same way. Draw on the pad and watch the numbers change."),
                             box);
    intro->setObjectName("numbersIntro");
    intro->setWordWrap(true);
    v->addWidget(intro);
    m_numbers = new widgets::PixelNumbers(box);
    m_numbers->setObjectName("pixelNumbers");
    v->addWidget(m_numbers);
    v->addStretch(1);
}

void ImageWorkspace::fitPadColumn() {
    // As wide as the widest row of buttons needs (with room for the scroll bar), never narrower than 190 px: at a
    // presenter's font the pad's buttons stay whole instead of being cut at the column's edge.
    const int need = m_padContent->minimumSizeHint().width() + m_padColumn->verticalScrollBar()->sizeHint().width();
    m_padColumn->setMinimumWidth(std::max(190, need));
    m_padColumn->setMaximumWidth(std::max(340, need + 80));  // the pad column; the samples and the maps take the rest
}

bool ImageWorkspace::eventFilter(QObject* watched, QEvent* e) {
    if (watched == m_padContent && (e->type() == QEvent::LayoutRequest || e->type() == QEvent::FontChange))
        fitPadColumn();
    return QWidget::eventFilter(watched, e);
}

void ImageWorkspace::buildGallery(QWidget* box) {
    auto* v = new QVBoxLayout(box);
    auto* filters = new QHBoxLayout;
    m_trueFilter = new QComboBox(box);
    m_trueFilter->setObjectName("trueClassFilter");
    m_trueFilter->setToolTip(tr("Show the samples of this class"));
    m_predFilter = new QComboBox(box);
    m_predFilter->setObjectName("predictedClassFilter");
    m_predFilter->setToolTip(tr("Show the samples the network gives this class"));
    m_splitFilter = new QComboBox(box);
    m_splitFilter->setObjectName("splitFilter");
    m_splitFilter->addItems({tr("Training and test"), tr("Training"), tr("Test")});
    m_mistakesOnly = new QCheckBox(tr("Only &mistakes"), box);
    m_mistakesOnly->setObjectName("mistakesOnly");
    filters->addWidget(new QLabel(tr("Class:"), box));
    filters->addWidget(m_trueFilter);
    filters->addWidget(new QLabel(tr("Network says:"), box));
    filters->addWidget(m_predFilter);
    filters->addStretch(1);
    v->addLayout(filters);
    auto* filters2 = new QHBoxLayout;  // a second row: a narrow window keeps every filter whole
    filters2->addWidget(m_splitFilter);
    filters2->addWidget(m_mistakesOnly);
    filters2->addStretch(1);
    v->addLayout(filters2);
    m_previewAugment = new QCheckBox(tr("&Preview the augmentation (Training panel) on these samples"), box);
    m_previewAugment->setObjectName("previewAugment");
    m_previewAugment->setToolTip(tr("Each sample as one training batch might see it: turned, shifted, zoomed, mirrored "
                                    "and noisy by the amounts set under Training → Augmentation"));
    v->addWidget(m_previewAugment);
    connect(m_previewAugment, &QCheckBox::toggled, this, &ImageWorkspace::fillGallery);
    m_galleryCount = new QLabel(box);
    m_galleryCount->setObjectName("galleryCount");
    m_galleryCount->setWordWrap(true);
    v->addWidget(m_galleryCount);
    auto* scroll = new QScrollArea(box);
    scroll->setWidgetResizable(true);
    m_gallery = new widgets::ImageTiles(scroll);
    m_gallery->setObjectName("galleryTiles");
    m_gallery->setTileSide(48);
    m_gallery->setEmptyMessage(tr("No sample matches these filters."));
    scroll->setWidget(m_gallery);
    v->addWidget(scroll, 1);
    for (QComboBox* c : {m_trueFilter, m_predFilter, m_splitFilter})
        connect(c, &QComboBox::currentIndexChanged, this, &ImageWorkspace::fillGallery);
    connect(m_mistakesOnly, &QCheckBox::toggled, this, &ImageWorkspace::fillGallery);
    connect(m_gallery, &widgets::ImageTiles::tileClicked, this, [this](int i) {
        const engine::Dataset& d = m_session->data().data();
        if (i < 0 || i >= d.size() || d.inputDim() != m_pad->rows() * m_pad->cols()) return;
        QVector<double> v(int(d.inputDim()));
        for (int k = 0; k < v.size(); ++k) v[k] = d.X(k, i);
        const int label = d.task == engine::Task::Classification ? d.labels[std::size_t(i)] : 0;
        m_padNote->setText(tr("On the pad: sample %1, a %2. Draw on it to see what changes the answer.")
                               .arg(i + 1)
                               .arg(classNames().value(label, QString::number(label))));
        m_pad->setValues(v);
    });
}

QStringList ImageWorkspace::classNames() const {
    QStringList names = m_session->classNames();
    const int k = std::max(m_session->data().data().numClasses, int(names.size()));
    for (int i = int(names.size()); i < k; ++i) names << QString::number(i);
    return names;
}

void ImageWorkspace::followData() {
    const engine::Dataset& d = m_session->data().data();
    const std::optional<engine::Shape> shape = imageShapeOf(d, m_session->project().network);
    if (!shape) return;
    if (!(*shape == m_shape) || m_pad->rows() != shape->height || m_pad->cols() != shape->width) {
        m_shape = *shape;
        m_pad->setGridSize(shape->height, shape->width);
        m_numbers->setGridSize(shape->height, shape->width);
        m_padNote->clear();
    }
    const QStringList names = classNames();
    for (QComboBox* c : {m_trueFilter, m_predFilter}) {
        const QSignalBlocker block(c);
        const int keep = c->currentIndex();
        c->clear();
        c->addItem(tr("any"));
        c->addItems(names);
        c->setCurrentIndex(keep >= 0 && keep < c->count() ? keep : 0);
    }
    const int keep = m_addClass->currentIndex();
    m_addClass->clear();
    m_addClass->addItems(names);
    m_addClass->setCurrentIndex(std::max(0, std::min(keep, int(m_addClass->count()) - 1)));
    m_bars->setClassNames(names);
    fillGallery();
}

void ImageWorkspace::followSettings() {
    if (m_previewAugment->isChecked()) fillGallery();
}

void ImageWorkspace::showConfusionCell(int trueClass, int predictedClass) {
    {
        const QSignalBlocker a(m_trueFilter), b(m_predFilter), c(m_mistakesOnly), d(m_splitFilter);
        m_trueFilter->setCurrentIndex(trueClass + 1);
        m_predFilter->setCurrentIndex(predictedClass + 1);
        m_mistakesOnly->setChecked(false);
        m_splitFilter->setCurrentIndex(m_session->hasTestData() ? 2 : 1);  // the split the matrix counts
    }
    m_tabs->setCurrentIndex(0);
    fillGallery();
}

void ImageWorkspace::fillGallery() {
    m_sinceGallery.start();
    const engine::Dataset& d = m_session->data().data();
    const std::vector<char>& test = m_session->testMask();
    const QStringList names = classNames();
    const bool known = m_predicted.size() == std::size_t(d.size());
    const int wantTrue = m_trueFilter->currentIndex() - 1, wantPred = m_predFilter->currentIndex() - 1;
    const int split = m_splitFilter->currentIndex();
    const engine::AugmentSettings& augment = m_session->project().training.augment;
    const bool preview = m_previewAugment->isChecked() && augment.any();
    std::vector<widgets::ImageTile> tiles;
    int matching = 0;
    if (d.inputDim() == m_shape.size() && d.task == engine::Task::Classification)
        for (engine::Index i = 0; i < d.size(); ++i) {
            const int label = d.labels[std::size_t(i)];
            const int pred = known ? m_predicted[std::size_t(i)] : -1;
            const bool isTest = std::size_t(i) < test.size() && test[std::size_t(i)];
            if (wantTrue >= 0 && label != wantTrue) continue;
            if (wantPred >= 0 && pred != wantPred) continue;
            if ((split == 1 && isTest) || (split == 2 && !isTest)) continue;
            if (m_mistakesOnly->isChecked() && (!known || pred == label)) continue;
            if (++matching > kGalleryLimit) continue;
            widgets::ImageTile t;
            if (preview) {  // the same draw for a sample every time, so the preview stands still
                engine::Matrix x = d.X.col(i);
                engine::Rng rng(0x5EED + std::uint64_t(i));
                engine::augmentImages(x, m_shape, augment, rng);
                t.values = mapOf(x.col(0), m_shape, 0);
            } else {
                t.values = mapOf(d.X.col(i), m_shape, 0);
            }
            t.id = int(i);
            t.marked = known && pred != label;
            const QString name = names.value(label, QString::number(label));
            t.caption = known ? (pred == label ? name : QString("%1 → %2").arg(name, names.value(pred, "?"))) : name;
            tiles.push_back(std::move(t));
        }
    m_gallery->setTiles(std::move(tiles), widgets::TileScale::Ink);
    QString count = matching > kGalleryLimit
                        ? tr("%1 samples; the first %2 shown (choose a class to see others).").arg(matching).arg(kGalleryLimit)
                        : tr("%n sample(s).", "", matching);
    if (known) count += tr(" A red frame: the network's answer (after the arrow) is wrong.");
    else count += tr(" Press Play: the network's answers appear under each sample.");
    m_galleryCount->setText(count);
}

void ImageWorkspace::showSnapshot(const TrainingSnapshot& s) {
    if (s.spec.layers.empty() || s.params.size() == 0) return;
    if (!m_net || !(m_net->spec() == s.spec)) {
        try {
            m_net = std::make_unique<engine::Network>(s.spec);
        } catch (const std::exception&) {
            m_net.reset();
            return;
        }
        rebuildInside();
    }
    if (m_net->parameterCount() != s.params.size()) return;
    m_net->params() = s.params;
    m_std = s.inputStd;
    if (s.predicted != m_predicted) {
        m_predicted = s.predicted;
        // The gallery's captions at most twice a second: they are read, not watched, and 400 tiles cost more.
        if (isVisible() && m_tabs->currentIndex() == 0) {
            if (m_sinceGallery.isValid() && m_sinceGallery.elapsed() < kGalleryMs) {
                if (!m_galleryPending->isActive()) m_galleryPending->start(int(kGalleryMs - m_sinceGallery.elapsed()));
            } else fillGallery();
        }
    }
    requestRefresh();
}

void ImageWorkspace::requestRefresh() {
    if (!isVisible()) return;
    if (m_sinceRefresh.elapsed() >= kRefreshMs) refresh();
    else if (!m_pending->isActive()) m_pending->start(int(kRefreshMs - m_sinceRefresh.elapsed()));
}

void ImageWorkspace::rebuildInside() {
    for (QWidget* w : m_inside->findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
        if (w != m_insideNote) w->deleteLater();
    while (m_insideLayout->count() > 1) delete m_insideLayout->takeAt(1);
    m_maps.assign(std::size_t(m_net->layerCount()) + 1, nullptr);
    m_weights.assign(std::size_t(m_net->layerCount()) + 1, nullptr);
    auto section = [this](const QString& title, const QString& name, int side) {
        auto* label = new QLabel(title, m_inside);
        label->setWordWrap(true);  // a long layer title wraps instead of widening the maps past the view
        QFont f = label->font();
        f.setBold(true);
        label->setFont(f);
        m_insideLayout->addWidget(label);
        auto* tiles = new widgets::ImageTiles(m_inside);
        tiles->setObjectName(name);
        tiles->setTileSide(side);
        m_insideLayout->addWidget(tiles);
        return tiles;
    };
    m_maps[0] = section(tr("Input: %1").arg(QString::fromStdString(engine::describeShape(m_shape))), "mapTiles0", 72);
    const engine::ParameterLayout& layout = m_net->layout();
    bool firstDense = true;
    for (int l = 0; l < layout.layerCount(); ++l) {
        const engine::LayerLayout& L = layout.layer(l);
        const bool output = l == layout.layerCount() - 1;
        const bool image = L.out.isImage();
        const int side = image ? std::clamp(160 / std::max(1, L.out.height) * L.out.height / 2, 40, 72) : 14;
        m_maps[std::size_t(l) + 1] = section(layerTitle(L, l, output), QString("mapTiles%1").arg(l + 1), side);
        if (L.spec.kind == engine::LayerKind::Conv)
            m_weights[std::size_t(l) + 1] =
                section(tr("Its kernels (one per map and input channel; blue positive, orange negative)"),
                        QString("weightTiles%1").arg(l + 1), 40);
        else if (L.spec.kind == engine::LayerKind::Dense && firstDense && L.in.isImage() && L.in.channels == 1 &&
                 L.spec.units <= kMaxUnitTiles)
            m_weights[std::size_t(l) + 1] =
                section(tr("Its weights, one image per unit: what each unit looks for (blue adds, orange takes away)"),
                        QString("weightTiles%1").arg(l + 1), 48);
        if (L.spec.kind == engine::LayerKind::Dense) firstDense = false;
    }
    m_insideLayout->addStretch(1);
}

void ImageWorkspace::refresh() { refreshViews(m_tabs->currentIndex() == 1); }  // the inside views while seen (tab 1)

void ImageWorkspace::refreshViews(bool inside) {
    m_sinceRefresh.restart();
    auto answer = [this](int k) {
        if (k == m_padAnswer) return;
        m_padAnswer = k;
        emit padAnswerChanged(k);
    };
    if (!m_net || m_shape.size() != m_net->spec().inputs) {
        answer(-1);
        m_bars->setValues({});
        m_insideNote->setText(tr("Press Play or Step: the network's answer and its insides appear here."));
        return;
    }
    ++m_refreshes;
    engine::Matrix x(m_shape.size(), 1);
    for (int i = 0; i < m_pad->values().size() && i < x.rows(); ++i) x(i, 0) = m_pad->values()[i];
    const engine::Matrix input = m_std.empty() ? x : m_std.apply(x);
    const engine::Matrix& out = m_net->forward(input);
    QVector<double> probs(int(out.rows()));
    for (int k = 0; k < probs.size(); ++k) probs[k] = out(k, 0);
    m_bars->setValues(m_pad->isBlank() ? QVector<double>() : probs);
    if (m_pad->isBlank() || probs.isEmpty()) answer(-1);
    else if (probs.size() == 1) answer(probs[0] >= 0.5 ? 1 : 0);  // one sigmoid output: class 1 above one half
    else answer(int(std::max_element(probs.begin(), probs.end()) - probs.begin()));
    m_insideNote->setText(m_pad->isBlank()
                              ? tr("The pad is empty: draw on it, or click a sample in the Samples tab.")
                              : tr("The image on the pad, layer by layer. Maps: white 0, black the largest value."));
    if (!inside) return;

    const engine::ParameterLayout& layout = m_net->layout();
    const engine::Trace& trace = m_net->trace();
    std::vector<widgets::ImageTile> in(1);
    in[0].values = mapOf(x.col(0), m_shape, 0);
    m_maps[0]->setTiles(std::move(in), widgets::TileScale::Ink);
    for (int l = 0; l < layout.layerCount(); ++l) {
        const engine::LayerLayout& L = layout.layer(l);
        const engine::Matrix& a = trace.layers[std::size_t(l)].a;
        std::vector<widgets::ImageTile> maps;
        if (L.out.isImage()) {
            for (int c = 0; c < L.out.channels; ++c) {
                widgets::ImageTile t;
                t.values = mapOf(a.col(0), L.out, c);
                t.caption = tr("map %1").arg(c + 1);
                maps.push_back(std::move(t));
            }
        } else {
            for (int j = 0; j < std::min<int>(int(a.rows()), kMaxUnitTiles); ++j) {
                widgets::ImageTile t;
                t.values = Eigen::MatrixXf::Constant(1, 1, float(a(j, 0)));
                t.id = j;
                maps.push_back(std::move(t));
            }
        }
        m_maps[std::size_t(l) + 1]->setTiles(std::move(maps), L.out.isImage() ? widgets::TileScale::Ink
                                                                               : widgets::TileScale::Signed);
        if (widgets::ImageTiles* wt = m_weights[std::size_t(l) + 1]) {
            const auto W = m_net->W(l);
            std::vector<widgets::ImageTile> ks;
            if (L.spec.kind == engine::LayerKind::Conv) {
                const int k = L.spec.kernel;
                for (int o = 0; o < L.weightRows; ++o)
                    for (int ci = 0; ci < L.in.channels; ++ci) {
                        widgets::ImageTile t;
                        t.values.resize(k, k);
                        for (int i = 0; i < k; ++i)
                            for (int j = 0; j < k; ++j) t.values(i, j) = float(W(o, ci * k * k + i * k + j));
                        t.caption = L.in.channels == 1 ? tr("map %1").arg(o + 1) : QString("%1←%2").arg(o + 1).arg(ci + 1);
                        ks.push_back(std::move(t));
                    }
            } else {
                for (int j = 0; j < L.weightRows; ++j) {
                    widgets::ImageTile t;
                    t.values.resize(L.in.height, L.in.width);
                    for (int y = 0; y < L.in.height; ++y)
                        for (int x2 = 0; x2 < L.in.width; ++x2) t.values(y, x2) = float(W(j, y * L.in.width + x2));
                    t.caption = tr("unit %1").arg(j + 1);
                    ks.push_back(std::move(t));
                }
            }
            wt->setTiles(std::move(ks), widgets::TileScale::Signed);
        }
    }
}

void ImageWorkspace::addDrawing() {
    if (m_pad->isBlank()) return;
    engine::Vector x(m_pad->values().size());
    for (int i = 0; i < x.size(); ++i) x(i) = m_pad->values()[i];
    const int label = std::max(0, m_addClass->currentIndex());
    m_session->push(new AddSampleCommand(&m_session->data(), x, label, m_addToTest->isChecked()));
    m_padNote->setText(tr("Added as a %1. Ctrl+Z takes it back.").arg(m_addClass->currentText()));
}

QWidget* ImageWorkspace::pictureOf(Part part) {
    switch (part) {
    case Part::Pad: return m_padContent;
    case Part::Samples:
        // As the tab shows them (while another tab is shown, as it last showed them): the rows in view, not up to
        // 400 samples in one tall strip.
        fillGallery();
        return m_gallery->parentWidget();  // the scroll area's viewport
    case Part::Inside: break;
    }
    refreshViews(true);
    // Every layer, however far down. While another tab is shown the maps were not laid out since they changed (hidden
    // widgets wait for a show): lay them out at the width of the page shown, as tall as they need. The scroll area
    // must not fit them back into its stale size meanwhile; it fits them again when a tab is chosen (currentChanged).
    auto layOut = [this](QSize size) {
        m_inside->resize(size);
        m_inside->layout()->invalidate();  // activate() alone keeps the layout of the old size
        m_inside->layout()->activate();
    };
    if (!m_inside->isVisible()) {
        if (auto* area = qobject_cast<QScrollArea*>(m_inside->parentWidget()->parentWidget()))
            area->setWidgetResizable(false);
        const int bar = m_tabs->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
        layOut({std::max(200, m_tabs->currentWidget()->width() - 2 * bar), m_inside->height()});
    }
    if (const int height = m_inside->heightForWidth(m_inside->width()); height > m_inside->height())
        layOut({m_inside->width(), height});
    return m_inside;
}

widgets::ImageTiles* ImageWorkspace::mapTiles(int l) const {
    return l >= 0 && std::size_t(l) < m_maps.size() ? m_maps[std::size_t(l)] : nullptr;
}

widgets::ImageTiles* ImageWorkspace::weightTiles(int l) const {
    return l >= 0 && std::size_t(l) < m_weights.size() ? m_weights[std::size_t(l)] : nullptr;
}

}  // namespace app
