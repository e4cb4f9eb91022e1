// The Qt-free training loop: a network, its data (features computed and standardised once), an optimizer and a
// seeded shuffle. step(n) runs n updates and returns where training stands. No threads inside: the app's training
// thread owns one Trainer. The same spec, data, settings and seed give the same weights, bit for bit.
#pragma once
#include "engine/augment.h"
#include "engine/dataset.h"
#include "engine/init.h"
#include "engine/learning.h"
#include "engine/network.h"
#include "engine/optimizer.h"
#include "engine/rng.h"
#include <Eigen/Core>
#include <cstdint>
#include <utility>
#include <vector>

namespace engine {

enum class UpdateMode {
    FullBatch,  // one update per epoch, on the whole training set ("batch" in the old textbooks)
    MiniBatch,  // one update per batchSize samples
    Online      // one update per sample ("stochastic", "incremental")
};
std::string updateModeName(UpdateMode m);  // "full_batch", "mini_batch", "online"
std::optional<UpdateMode> updateModeFromName(const std::string& name);
const std::vector<UpdateMode>& allUpdateModes();

struct TrainSettings {
    OptimizerSettings optimizer;
    UpdateMode mode = UpdateMode::MiniBatch;
    int batchSize = 10;
    double l1 = 0;  // penalty l1 sum|w| on weights (not biases)
    double l2 = 0;  // penalty (l2/2) sum w^2 on weights (not biases)
    InitSettings init;
    std::uint64_t seed = 1;  // initial weights and shuffling
    Algorithm algorithm = Algorithm::Backprop;
    double randomSearchScale = 0.05;
    double finiteDifferenceStep = 1e-5;
    // Input features computed from x1, x2 (2-D sets only); empty = the raw inputs as they are.
    std::vector<Feature> features{Feature::X1, Feature::X2};
    bool standardize = false;  // z-score each input row with the training set's mean and std
    // Backprop trains in float, as PyTorch does by default: the layers, the loss and its gradient
    // (Network::lossAndGradientFloat), and the optimizer's step on float parameters and state. network().params()
    // reads them back in double; the evaluation (metrics) and the step-through views compute in double.
    // false: everything in double (a project may choose it).
    bool singlePrecision = true;
    // Each training batch of pictures transformed at random (engine/augment.h); applies live. Other data: ignored.
    AugmentSettings augment;
    bool operator==(const TrainSettings&) const = default;
};

struct Metrics {
    Scalar loss = 0;          // mean loss, without the regularisation penalty
    Scalar accuracy = 0;      // classification
    Scalar r2 = 0, rmse = 0;  // regression
    Eigen::MatrixXi confusion;
};

struct StepResult {
    long long step = 0;    // updates done since the start (or reset)
    long long epoch = 0;   // completed passes over the training set
    Scalar batchLoss = 0;  // loss of the last batch, before its update
    Metrics train, test;
    long long forwardPasses = 0;  // batch forward passes spent so far (the cost a lesson compares)
    bool diverged = false;        // a loss or a parameter became NaN or infinite: training must stop
};

// Why a network with this spec cannot be trained with these settings, or "" when it can (the perceptron rule needs a
// network without hidden layers). Such a Trainer can be built and edited; update() throws NetworkError.
std::string settingsProblem(const NetworkSpec& spec, const TrainSettings& s);

class Trainer {
public:
    // Throws NetworkError (bad spec, or inputs that do not match the data) or std::invalid_argument (bad data).
    Trainer(const NetworkSpec& spec, const Dataset& train, const Dataset& test, const TrainSettings& settings);

    const NetworkSpec& spec() const { return m_net.spec(); }
    const TrainSettings& settings() const { return m_settings; }
    Network& network() { return m_net; }
    const Network& network() const { return m_net; }
    Optimizer& optimizer() { return m_opt; }
    const Optimizer& optimizer() const { return m_opt; }
    const Dataset& trainData() const { return m_train; }
    const Dataset& testData() const { return m_test; }
    const Matrix& trainInputs() const { return m_Xtrain; }  // features, standardised: what the network sees
    const Matrix& trainTargets() const { return m_Ytrain; }
    const Matrix& testInputs() const { return m_Xtest; }
    const Matrix& testTargets() const { return m_Ytest; }
    const Vector& initialParameters() const { return m_initial; }

    // Settings that apply live (learning rate, optimizer hyper-parameters, batch size, mode, regularisation, algorithm)
    // keep weights and optimizer state. Returns true when the change needs a rebuild (features, standardisation, init,
    // seed): the caller then constructs a new Trainer.
    bool needsRebuild(const TrainSettings& s) const;
    void applySettings(const TrainSettings& s);
    // Replaces the data, keeping weights (the input features must produce the same input count).
    void setData(const Dataset& train, const Dataset& test);
    // Sets the parameters (same count), e.g. from a project file or an edit; the optimizer state is kept.
    void setParameters(const Vector& p);
    // Frozen parameters (the editor's locks, an ablated neuron): trainable[p] == 0 holds parameter p at its value when
    // this is called (or when setParameters sets it), whatever the algorithm and optimizer do; its gradient reaches
    // the optimizer as 0. An empty vector: everything learns. Throws NetworkError when the size does not fit.
    void setTrainable(const Vector& trainable);
    const Vector& trainable() const { return m_trainable; }
    // Restores the counters of a saved run (a project file with trained weights).
    void setCounters(long long step, long long epoch) {
        m_step = step;
        m_epoch = epoch;
    }

    // Back to the initial weights of this seed; counters and optimizer state cleared.
    void reset();
    // A new seed: new initial weights and shuffle.
    void reseed(std::uint64_t seed);

    StepResult step(long long updates);      // n updates, then evaluate
    StepResult runEpochs(long long epochs);  // whole epochs, then evaluate
    // One update without evaluating (the hot loop). Returns the batch loss before the update.
    Scalar update();
    StepResult result() const;                      // current counters + evaluation on train and test
    long long stepCount() const { return m_step; }  // cheap: no evaluation
    long long epochCount() const { return m_epoch; }
    long long updatesPerEpoch() const;

    // Maps raw 2-D (or d-D) points to what the network sees: features then standardisation.
    Matrix prepareInputs(const Matrix& raw) const;
    // The standardisation fitted on the training set (empty when the settings do not standardise).
    const Standardizer& standardizer() const { return m_std; }
    // Whether a single output is read with threshold 0 (tanh/identity, +-1 targets) rather than 0.5.
    bool signedTargets() const { return m_signed; }
    Scalar outputThreshold() const { return m_signed ? 0.0 : 0.5; }

    Metrics evaluate(const Matrix& X, const Matrix& Y, const std::vector<int>& labels, const Dataset& d) const;

private:
    void prepareData();
    // The inputs and targets of the next update; advances the shuffle and the epoch count. Full batch: the training
    // set itself. Otherwise the next shuffled columns, gathered into buffers that keep their size.
    // inFloat (backprop in single precision): the batch goes into m_batchF and m_batchYF (float, from m_XtrainF and
    // m_YtrainF) instead, and the returned matrices are not filled for a mini-batch.
    std::pair<const Matrix&, const Matrix&> nextBatch(bool inFloat = false);
    // Adds the L1/L2 gradient terms to the gradient g of parameters p, and zeroes the gradient of frozen parameters.
    template <class T> void regularise(const VectorT<T>& p, VectorT<T>& g) const;
    template <class T> void holdFrozen(VectorT<T>& p) const;  // puts frozen parameters back to their held values
    bool augmenting() const { return m_picture && m_settings.augment.any(); }
    void holdFrozen() {
        if (m_trainable.size()) holdFrozen(m_net.params());
    }

    Network m_net;
    Optimizer m_opt;
    TrainSettings m_settings;
    Dataset m_train, m_test;
    Standardizer m_std;
    Matrix m_Xtrain, m_Ytrain, m_Xtest, m_Ytest;
    Matrix m_batchX, m_batchY, m_tailX, m_tailY;     // mini-batches; the tail is the shorter last batch of an epoch
    Eigen::MatrixXf m_XtrainF, m_batchXF, m_tailXF;  // the same in float, for backprop in single precision
    Eigen::MatrixXf m_YtrainF, m_batchYF, m_tailYF;
    const Eigen::MatrixXf* m_batchF = nullptr;   // the float inputs of the current batch (see nextBatch)
    const Eigen::MatrixXf* m_batchFY = nullptr;  // and its float targets
    Vector m_initial, m_fdGrad;
    Vector m_trainable, m_held;  // the freeze mask (empty: none) and the frozen parameters' values
    Rng m_shuffleRng, m_searchRng, m_augmentRng;
    std::optional<Shape> m_picture;  // the samples' picture shape, when they are pictures (augmentation)
    std::vector<Index> m_order;
    Index m_cursor = 0;
    long long m_step = 0, m_epoch = 0, m_forward = 0;
    Scalar m_lastBatchLoss = 0, m_searchLoss = -1;
    bool m_signed = false;
};

}  // namespace engine
