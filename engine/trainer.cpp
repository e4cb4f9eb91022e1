#include "engine/trainer.h"
#include "engine/enum_table.h"
#include "engine/metrics.h"
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace engine {

namespace {
const EnumTable<UpdateMode>& updateModes() {
    static const EnumTable<UpdateMode> t{{UpdateMode::FullBatch, "full_batch", "full batch", "batch"},
                                         {UpdateMode::MiniBatch, "mini_batch", "mini-batch", "minibatch"},
                                         {UpdateMode::Online, "online", "online", "stochastic"}};
    return t;
}
}  // namespace

std::string updateModeName(UpdateMode m) { return updateModes().name(m); }
std::optional<UpdateMode> updateModeFromName(const std::string& name) { return updateModes().fromName(name); }
const std::vector<UpdateMode>& allUpdateModes() { return updateModes().all(); }

namespace {
// Sub-streams of the seed, so that weights, shuffling and random search draw independent numbers.
constexpr std::uint64_t kShuffleStream = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t kSearchStream = 0xC2B2AE3D27D4EB4Full;
constexpr std::uint64_t kAugmentStream = 0x165667B19E3779F9ull;

bool tanhLike(Activation a) { return a == Activation::Tanh || a == Activation::Identity || a == Activation::Sine; }
}  // namespace

std::string settingsProblem(const NetworkSpec& spec, const TrainSettings& s) {
    const std::size_t hidden = spec.layers.empty() ? 0 : spec.layers.size() - 1;
    if (s.algorithm == Algorithm::PerceptronRule && hidden > 0)
        return "the perceptron rule trains a network without hidden layers, and this one has " +
               std::to_string(hidden) + (hidden == 1 ? " hidden layer" : " hidden layers") +
               ": remove them, or choose backprop";
    return {};
}

Trainer::Trainer(const NetworkSpec& spec, const Dataset& train, const Dataset& test, const TrainSettings& settings)
    : m_net(spec), m_opt(settings.optimizer), m_settings(settings), m_train(train), m_test(test) {
    if (const std::string e = train.validate(); !e.empty()) throw std::invalid_argument("training data: " + e);
    if (const std::string e = test.validate(); !e.empty()) throw std::invalid_argument("test data: " + e);
    prepareData();
    reseed(settings.seed);
}

void Trainer::prepareData() {
    // A single output trained with MSE through tanh/identity learns +-1 targets (read at threshold 0).
    m_signed = spec().outputs() == 1 && m_train.task == Task::Classification && tanhLike(spec().outputActivation());
    const Index rawDim = m_train.size() ? m_train.inputDim() : m_test.inputDim();
    const bool useFeatures = !m_settings.features.empty() && rawDim == 2;
    const Index inputRows = useFeatures ? Index(m_settings.features.size()) : (rawDim ? rawDim : spec().inputs);
    auto inputs = [&](const Dataset& d) -> Matrix {
        if (d.size() == 0) return Matrix(inputRows, 0);  // an empty set keeps the right shape
        return useFeatures ? computeFeatures(d.X, m_settings.features) : d.X;
    };
    m_Xtrain = inputs(m_train);
    m_Xtest = inputs(m_test);
    if (m_Xtrain.rows() != spec().inputs && (m_train.size() > 0 || m_test.size() > 0))
        throw NetworkError("the network has " + std::to_string(spec().inputs) + " inputs but the data gives " +
                           std::to_string(m_Xtrain.rows()) + " input features");
    m_std = Standardizer{};
    if (m_settings.standardize && m_train.size() > 1) {
        m_std.fit(m_Xtrain);
        m_Xtrain = m_std.apply(m_Xtrain);
        if (m_test.size()) m_Xtest = m_std.apply(m_Xtest);
    }
    auto targets = [&](const Dataset& d) -> Matrix {
        return d.size() == 0 ? Matrix(spec().outputs(), 0) : targetMatrix(d, spec().outputs(), m_signed);
    };
    m_Ytrain = targets(m_train);
    m_XtrainF = m_Xtrain.cast<float>();
    m_YtrainF = m_Ytrain.cast<float>();
    m_Ytest = targets(m_test);
    m_picture = useFeatures ? std::nullopt
                            : pictureShape(spec(), m_Xtrain.rows(), m_train.task == Task::Classification);
    m_order.resize(std::size_t(m_train.size()));
    std::iota(m_order.begin(), m_order.end(), Index(0));
    m_cursor = 0;
    m_searchLoss = -1;
}

Matrix Trainer::prepareInputs(const Matrix& raw) const {
    const bool useFeatures = !m_settings.features.empty() && raw.rows() == 2;
    if (raw.cols() == 0) return Matrix(spec().inputs, 0);
    Matrix X = useFeatures ? computeFeatures(raw, m_settings.features) : raw;
    if (!m_std.empty()) return m_std.apply(X);
    return X;  // moved out, not copied (a conditional expression here copied the boundary's whole grid each frame)
}

bool Trainer::needsRebuild(const TrainSettings& s) const {
    return s.features != m_settings.features || s.standardize != m_settings.standardize ||
           !(s.init == m_settings.init) || s.seed != m_settings.seed;
}

void Trainer::applySettings(const TrainSettings& s) {
    const bool searchChanged = s.algorithm != m_settings.algorithm;
    m_settings.optimizer = s.optimizer;
    m_opt.setSettings(s.optimizer);  // keeps moments unless the kind changed
    m_settings.mode = s.mode;
    m_settings.batchSize = std::max(1, s.batchSize);
    m_settings.l1 = s.l1;
    m_settings.l2 = s.l2;
    m_settings.algorithm = s.algorithm;
    m_settings.singlePrecision = s.singlePrecision;
    m_settings.augment = s.augment;
    m_settings.randomSearchScale = s.randomSearchScale;
    m_settings.finiteDifferenceStep = s.finiteDifferenceStep;
    if (searchChanged) m_searchLoss = -1;
}

void Trainer::setData(const Dataset& train, const Dataset& test) {
    if (const std::string e = train.validate(); !e.empty()) throw std::invalid_argument("training data: " + e);
    if (const std::string e = test.validate(); !e.empty()) throw std::invalid_argument("test data: " + e);
    m_train = train;
    m_test = test;
    prepareData();
}

void Trainer::setParameters(const Vector& p) {
    if (p.size() != m_net.parameterCount())
        throw NetworkError("expected " + std::to_string(m_net.parameterCount()) + " parameters, got " +
                           std::to_string(p.size()));
    m_net.params() = p;
    if (m_trainable.size()) m_held = p;
    m_net.holdExactly(m_trainable, m_held);
    m_searchLoss = -1;
}

void Trainer::setTrainable(const Vector& trainable) {
    if (trainable.size() && trainable.size() != m_net.parameterCount())
        throw NetworkError("expected a freeze mask of " + std::to_string(m_net.parameterCount()) + " entries, got " +
                           std::to_string(trainable.size()));
    m_trainable = trainable.size() && (trainable.array() == 0).any() ? trainable : Vector();
    m_held = m_trainable.size() ? m_net.params() : Vector();
    m_net.holdExactly(m_trainable, m_held);
}

void Trainer::reset() {
    m_net.params() = m_initial;
    m_opt.reset();
    m_shuffleRng.reseed(m_settings.seed ^ kShuffleStream);
    m_searchRng.reseed(m_settings.seed ^ kSearchStream);
    m_augmentRng.reseed(m_settings.seed ^ kAugmentStream);
    std::iota(m_order.begin(), m_order.end(), Index(0));
    m_cursor = 0;
    m_step = m_epoch = m_forward = 0;
    m_lastBatchLoss = 0;
    m_searchLoss = -1;
    holdFrozen();  // frozen and ablated parameters keep their values through a reset
}

void Trainer::reseed(std::uint64_t seed) {
    m_settings.seed = seed;
    initialize(m_net, m_settings.init, seed);
    m_initial = m_net.params();
    reset();
}

long long Trainer::updatesPerEpoch() const {
    const Index n = m_train.size();
    if (n == 0) return 1;
    switch (m_settings.mode) {
    case UpdateMode::FullBatch: return 1;
    case UpdateMode::Online: return n;
    case UpdateMode::MiniBatch: return (n + m_settings.batchSize - 1) / m_settings.batchSize;
    }
    return 1;
}

namespace {
// n floats from src to dst. A sample of a 2-D set is 2 floats and its target 1: copy_n made a library call for each,
// a tenth of the spiral's update. Up to 4 are plain scalar moves (which the product's loads then forward from; a
// masked vector store measured as slow, as loads that read it cannot be forwarded).
inline void copyFew(const float* src, Index n, float* dst) {
    switch (n) {
    case 4: dst[3] = src[3]; [[fallthrough]];
    case 3: dst[2] = src[2]; [[fallthrough]];
    case 2: dst[1] = src[1]; [[fallthrough]];
    case 1: dst[0] = src[0]; [[fallthrough]];
    case 0: return;
    default: std::copy_n(src, n, dst);
    }
}
}  // namespace

std::pair<const Matrix&, const Matrix&> Trainer::nextBatch(bool inFloat) {
    const Index n = m_train.size();
    if (m_settings.mode == UpdateMode::FullBatch) {
        ++m_epoch;
        m_batchF = &m_XtrainF;
        m_batchFY = &m_YtrainF;
        if (!augmenting()) return {m_Xtrain, m_Ytrain};  // the whole set, in its own order: nothing to copy
        if (inFloat) {                                   // a transformed copy (the float pass reads only m_batchF)
            m_batchXF = m_XtrainF;
            augmentImages(m_batchXF, *m_picture, m_settings.augment, m_augmentRng);
            m_batchF = &m_batchXF;
            return {m_Xtrain, m_Ytrain};
        }
        m_batchX = m_Xtrain;
        augmentImages(m_batchX, *m_picture, m_settings.augment, m_augmentRng);
        return {m_batchX, m_Ytrain};
    }
    if (m_cursor == 0) m_shuffleRng.shuffle(m_order);  // seeded shuffle at the start of each epoch
    const Index bs = m_settings.mode == UpdateMode::Online ? 1 : std::min<Index>(m_settings.batchSize, n);
    const Index count = std::min(bs, n - m_cursor);
    // Full batches and the shorter last batch of an epoch each keep their own buffers, so once both have their size
    // no update allocates.
    Matrix& X = count == bs ? m_batchX : m_tailX;
    Matrix& Y = count == bs ? m_batchY : m_tailY;
    Eigen::MatrixXf& XF = count == bs ? m_batchXF : m_tailXF;
    Eigen::MatrixXf& YF = count == bs ? m_batchYF : m_tailYF;
    const Index dx = m_Xtrain.rows(), dy = m_Ytrain.rows();
    if (inFloat) {
        XF.resize(dx, count);
        YF.resize(dy, count);
    } else {
        X.resize(dx, count);
        Y.resize(dy, count);
    }
    for (Index c = 0; c < count; ++c) {
        const Index j = m_order[std::size_t(m_cursor + c)];  // column j (column-major: contiguous)
        if (inFloat) {
            copyFew(m_XtrainF.data() + j * dx, dx, XF.data() + c * dx);
            copyFew(m_YtrainF.data() + j * dy, dy, YF.data() + c * dy);
        } else {
            std::copy_n(m_Xtrain.data() + j * dx, dx, X.data() + c * dx);
            std::copy_n(m_Ytrain.data() + j * dy, dy, Y.data() + c * dy);
        }
    }
    m_batchF = &XF;
    m_batchFY = &YF;
    if (augmenting()) {
        if (inFloat) augmentImages(XF, *m_picture, m_settings.augment, m_augmentRng);
        else augmentImages(X, *m_picture, m_settings.augment, m_augmentRng);
    }
    m_cursor += count;
    if (m_cursor >= n) {
        m_cursor = 0;
        ++m_epoch;
    }
    return {X, Y};
}

template <class T> void Trainer::regularise(const VectorT<T>& p, VectorT<T>& g) const {
    // R = l1 sum|w| + (l2/2) sum w^2 over weights  =>  dR/dw = l1 sign(w) + l2 w   (biases excluded)
    if (m_trainable.size()) g.array() *= m_trainable.array().template cast<T>();  // frozen: no gradient
    if (m_settings.l1 == 0 && m_settings.l2 == 0) return;
    g.array() += m_net.weightMask().array().template cast<T>() *
                 (T(m_settings.l1) * p.array().sign() + T(m_settings.l2) * p.array());
}

template <class T> void Trainer::holdFrozen(VectorT<T>& p) const {
    if (m_trainable.size()) p = (m_trainable.array() != 0).select(p, m_held.template cast<T>());
}

Scalar Trainer::update() {
    if (m_train.size() == 0) return 0;
    const bool inFloat = m_settings.algorithm == Algorithm::Backprop && m_settings.singlePrecision;
    const auto [X, Y] = nextBatch(inFloat);
    Scalar loss = 0;
    switch (m_settings.algorithm) {
    case Algorithm::Backprop:
        ++m_forward;
        if (inFloat) {  // PyTorch's way: parameters, gradient and optimizer state in float
            if (m_trainable.size() == 0 && m_settings.l1 == 0 && m_settings.l2 == 0)
                if (const std::optional<float> rate = m_opt.plainSgdRate(m_net.parameterCount())) {
                    loss = m_net.sgdStepFloat(*m_batchF, *m_batchFY, *rate);  // nothing to mask or add: the step alone
                    break;
                }
            loss = m_net.lossAndGradientFloat(*m_batchF, *m_batchFY);
            Eigen::VectorXf& p = m_net.floatParams();
            regularise(p, m_net.floatGrads());
            m_opt.step(p, m_net.floatGrads());
            holdFrozen(p);
            break;
        }
        loss = m_net.lossAndGradient(X, Y);
        regularise(m_net.params(), m_net.grads());
        m_opt.step(m_net.params(), m_net.grads());
        break;
    case Algorithm::FiniteDifference:
        loss = finiteDifferenceGradient(m_net, X, Y, m_settings.finiteDifferenceStep, m_net.grads(), &m_forward);
        regularise(m_net.params(), m_net.grads());
        m_opt.step(m_net.params(), m_net.grads());
        break;
    case Algorithm::RandomSearch: {
        // Compare on the same batch: the current loss costs one pass, the trial one more.
        loss = m_net.loss(X, Y);
        ++m_forward;
        randomSearchStep(m_net, X, Y, m_settings.randomSearchScale, loss, m_searchRng, &m_forward);
        break;
    }
    case Algorithm::PerceptronRule:
        if (const std::string e = settingsProblem(spec(), m_settings); !e.empty()) throw NetworkError(e);
        loss = m_net.loss(X, Y);
        perceptronStep(m_net, X, Y, m_settings.optimizer.learningRate, &m_forward);
        break;
    }
    if (!inFloat) holdFrozen();  // (the float pass held them above, in float)
    ++m_step;
    m_lastBatchLoss = loss;
    return loss;
}

StepResult Trainer::step(long long updates) {
    for (long long i = 0; i < updates; ++i) {
        const Scalar l = update();
        if (!std::isfinite(l)) break;
    }
    return result();
}

StepResult Trainer::runEpochs(long long epochs) {
    const long long target = m_epoch + epochs;
    while (m_epoch < target && m_train.size() > 0) {
        const Scalar l = update();
        if (!std::isfinite(l)) break;
    }
    return result();
}

Metrics Trainer::evaluate(const Matrix& X, const Matrix& Y, const std::vector<int>& labels, const Dataset& d) const {
    Metrics m;
    if (X.cols() == 0) return m;
    Matrix out;
    m.loss = m_net.predictWithLoss(X, Y, out);  // one forward pass for both
    if (d.task == Task::Classification) {
        const int classes = std::max(d.numClasses, int(out.rows() > 1 ? out.rows() : 2));
        const std::vector<int> pred = predictedClasses(out, outputThreshold());
        m.accuracy = accuracy(pred, labels);
        m.confusion = confusionMatrix(pred, labels, classes);
    } else {
        m.r2 = rSquared(out, Y);
        m.rmse = rmse(out, Y);
    }
    return m;
}

StepResult Trainer::result() const {
    StepResult r;
    r.step = m_step;
    r.epoch = m_epoch;
    r.batchLoss = m_lastBatchLoss;
    r.forwardPasses = m_forward;
    r.train = evaluate(m_Xtrain, m_Ytrain, m_train.labels, m_train);
    r.test = evaluate(m_Xtest, m_Ytest, m_test.labels, m_test);
    r.diverged = !std::isfinite(r.train.loss) || !std::isfinite(m_lastBatchLoss) || !m_net.params().allFinite();
    return r;
}

}  // namespace engine
