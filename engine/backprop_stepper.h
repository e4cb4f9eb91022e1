// One training step taken apart for the step-through view: forward layer by layer, the loss, backward layer by layer,
// the update. Every number comes from the engine's own passes (Network's trace, a stepped copy of the Optimizer), so
// what the view shows is what Trainer::update() does with the same batch, bit for bit. Navigation only moves a
// position in a fixed list of phases: all numbers are computed once, in the constructor, and never change.
#pragma once
#include "engine/network.h"
#include "engine/optimizer.h"
#include <string>
#include <vector>

namespace engine {

class Trainer;

struct StepPhase {
    enum Kind { Forward, Loss, Backward, Update };
    Kind kind = Forward;
    int layer = -1;  // Forward, Backward: the engine layer (0 = first hidden); -1 for Loss and Update
    bool operator==(const StepPhase&) const = default;
};

// What a text or a table row is about. Indices are the engine's (0-based); dense texts show them 1-based.
// Convolution and pooling layers use the same kinds: a Neuron's unit is a map cell, c H W + y W + x of the layer's
// output (BackpropStepper::cellItem), and a convolution's Weight is W_l(c, q), q = ci k² + i k + j, the kernel weight
// W[c, ci, i, j] (kernelItem); its Bias is b_c. Their texts count channels, rows and columns from 0.
struct StepItem {
    enum Kind { None, Neuron, Weight, Bias, Sample };
    Kind kind = None;
    int layer = -1;  // Neuron, Weight, Bias: the engine layer (Neuron: -1 = an input)
    int unit = -1;   // Neuron, Weight, Bias: unit j; Sample: the sample n
    int input = -1;  // Weight: input i, so the weight is W_layer(unit, input)
    bool operator==(const StepItem&) const = default;

    static StepItem neuron(int l, int j) { return {Neuron, l, j, -1}; }
    static StepItem weight(int l, int j, int i) { return {Weight, l, j, i}; }
    static StepItem bias(int l, int j) { return {Bias, l, j, -1}; }
    static StepItem sample(int n) { return {Sample, -1, n, -1}; }
};

// The numbers of the current phase, as text cells, one row per item.
struct StepTable {
    struct Row {
        StepItem item;
        std::vector<std::string> cells;
    };
    std::vector<std::string> headers;
    std::vector<Row> rows;
    Index omitted = 0;  // rows left out of a very wide layer (see kMaxTableRows)
};

// A cell of a feature map (or of an image input): channel, row and column, from 0.
struct MapCell {
    int channel = 0, y = 0, x = 0;
    bool operator==(const MapCell&) const = default;
};
// One kernel weight W[out, in, i, j] of a convolution: output channel, input channel, kernel row and column.
struct KernelIndex {
    int out = 0, in = 0, i = 0, j = 0;
    bool operator==(const KernelIndex&) const = default;
};

// One parameter's update, with the optimizer state before and after it.
struct UpdateDetail {
    Index parameter = -1;
    Scalar before = 0, after = 0;
    Scalar dataGradient = 0;                   // ∂L/∂θ of the mean batch loss
    Scalar gradient = 0;                       // what the optimizer saw: dataGradient plus the L1/L2 terms
    Scalar firstBefore = 0, firstAfter = 0;    // Momentum/Nesterov buffer; Adam/NAdam m
    Scalar secondBefore = 0, secondAfter = 0;  // AdaGrad sum; RMSProp, Adam, NAdam v
    Scalar firstHat = 0, secondHat = 0;  // Adam/NAdam: m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ) ("M", "V" in texts)
    long long t = 0;                     // the optimizer's step number of this update (1 on the first)
};

class BackpropStepper {
public:
    static constexpr int kMaxTableRows = 2000;

    // net: the network before the step (copied). X: the batch as the network sees it (features, standardised), one
    // column per sample; Y: its targets. optimizer: settings and state (copied, then stepped once). l1, l2: the
    // trainer's penalties, added to the gradient before the step as Trainer does. Cost: one batch pass, and one pass
    // per sample when the batch has more than one. Throws NetworkError when X or Y do not fit the network, and
    // std::invalid_argument for an empty batch.
    BackpropStepper(const Network& net, const Matrix& X, const Matrix& Y, const Optimizer& optimizer, double l1 = 0,
                    double l2 = 0);
    // The step a trainer would take on the given columns of its training set (its prepared inputs and targets), with
    // its network, optimizer state and penalties. With all columns in order, this is Trainer::update() in full-batch
    // mode.
    static BackpropStepper fromTrainer(const Trainer& trainer, const std::vector<Index>& columns);

    // ---- navigation: Forward(0) … Forward(L−1), Loss, Backward(L−1) … Backward(0), Update
    const std::vector<StepPhase>& phases() const { return m_phases; }
    int phaseCount() const { return int(m_phases.size()); }
    int position() const { return m_pos; }
    const StepPhase& phase() const { return m_phases[std::size_t(m_pos)]; }
    bool atStart() const { return m_pos == 0; }
    bool atEnd() const { return m_pos + 1 == phaseCount(); }
    bool next();  // false (and no change) at the end
    bool back();  // false (and no change) at the start
    void runToEnd() { m_pos = phaseCount() - 1; }
    void restart() { m_pos = 0; }
    void setPosition(int pos);  // clamped
    // What the current phase has revealed: a view draws exactly these.
    bool forwardDone(int l) const;  // z, a of layer l
    bool lossDone() const;
    bool backwardDone(int l) const;  // δ of layer l and ∂L/∂W_l, ∂L/∂b_l
    bool updateDone() const;
    // Whether the current phase has reached `item` (its numbers exist at this point of the step): a view keeps a
    // selection that is covered and falls back to defaultItem() otherwise.
    bool covers(const StepItem& item) const;

    // ---- samples of the batch: the per-sample numbers (z, a, δ, ∂ℓ/∂w) are those of sample()
    int sampleCount() const { return int(m_X.cols()); }
    int sample() const { return m_sample; }
    void setSample(int n);  // clamped

    // ---- the numbers
    const Network& network() const { return m_net; }  // before the step
    const Matrix& inputs() const { return m_X; }
    const Matrix& targets() const { return m_Y; }
    // The pass of sample n alone: its trace holds ∂ℓₙ/∂a and δ = ∂ℓₙ/∂z of that sample's own loss (no 1/N).
    // For a batch of one sample it is the batch pass itself.
    const Trace& sampleTrace(int n) const;
    // ∂ℓₙ/∂θ, from sampleTrace(n): ∂ℓ/∂W = δ xᵀ, ∂ℓ/∂b = δ (a convolution: each summed over the positions)
    Vector sampleGradient(int n) const;
    const Trace& batchTrace() const { return m_batchTrace; }         // the pass training runs (dZ carries the 1/N)
    Scalar batchLoss() const { return m_batchTrace.loss; }           // L = (1/N) Σₙ ℓₙ
    const Vector& batchGradient() const { return m_batchGrad; }      // ∂L/∂θ, the mean of the sample gradients
    const Vector& appliedGradient() const { return m_appliedGrad; }  // plus the L1/L2 terms: what the step used
    const Vector& parametersBefore() const { return m_net.params(); }
    const Vector& parametersAfter() const { return m_after; }
    const Vector& currentParameters() const { return updateDone() ? m_after : m_net.params(); }
    const Optimizer& optimizerBefore() const { return m_optBefore; }
    const Optimizer& optimizerAfter() const { return m_optAfter; }
    double l1() const { return m_l1; }
    double l2() const { return m_l2; }
    UpdateDetail updateDetail(Index p) const;

    // Per-sample values of the current sample (engine indices; layer -1 = the inputs for activation()). These and the
    // texts below throw std::out_of_range for a unit, input or parameter the network does not have.
    Scalar activation(int l, int j) const;
    Scalar preActivation(int l, int j) const;
    Scalar delta(int l, int j) const;
    // ∂ℓ/∂w of the current sample = δⱼ aᵢ; for a convolution's W_l(c, q), kernelGradient (summed over positions)
    Scalar weightGradient(int l, int j, int i) const;
    Scalar weightGradientMean(int l, int j, int i) const;  // ∂L/∂w of the batch
    Scalar biasGradientMean(int l, int j) const;

    // ---- convolution and pooling (backprop_stepper_conv.cpp). A map layer is a convolution or a pooling layer; its
    // units are the cells of its output maps. Layer -1 is the input (a map when the network takes an image).
    bool isMapLayer(int l) const;
    Shape outputShape(int l) const;  // of layer l; l = -1: the input's
    MapCell cellOf(int l, int unit) const;
    int unitOf(int l, const MapCell& cell) const;  // throws std::out_of_range for a cell the map does not have
    StepItem cellItem(int l, const MapCell& cell) const { return StepItem::neuron(l, unitOf(l, cell)); }
    KernelIndex kernelOf(int l, int column) const;        // W_l's column q as (in, i, j); out is left 0
    int kernelColumn(int l, const KernelIndex& w) const;  // throws std::out_of_range
    StepItem kernelItem(int l, const KernelIndex& w) const { return StepItem::weight(l, w.out, kernelColumn(l, w)); }
    // ∂ℓ/∂W[c, ci, i, j] of the current sample, summed over the output positions: Σ_y Σ_x δ[c, y, x] ·
    // in[ci, y s − p + i, x s − p + j] (the same as weightGradient(l, c, q) for a convolution).
    Scalar kernelGradient(int l, const KernelIndex& w) const;
    // Max pooling: the input cell that won output cell `unit` (the first maximum in reading order, as the engine).
    MapCell poolWinner(int l, int unit) const;
    // z[c, y, x] = Σ_ci Σ_i Σ_j W[c, ci, i, j] · in[ci, y s − p + i, x s − p + j] + b_c with the numbers, the
    // receptive field and the kernel; for pooling the window and which input won; for flatten where the value was.
    std::string forwardForCell(int l, int unit) const;
    // ∂L/∂W[c, ci, i, j] = Σ_y Σ_x δ[c, y, x] · in[…] with the first terms and the total (then the mean of a batch).
    std::string chainRuleForKernel(int l, const KernelIndex& w) const;
    // δ of a cell, or of any unit below a convolution, pooling or flatten layer: f′(z) · ∂L/∂a, ∂L/∂a gathered back.
    std::string chainRuleForCell(int l, int unit) const;

    // ---- text (backprop_stepper_text.cpp). Symbols as in math_text.h: w⁽ˡ⁾ⱼᵢ is W_l(j, i), from input i to unit j.
    std::string phaseTitle() const;    // "Forward · hidden 1", "Loss", "Backward · output", "Update · Adam"
    std::string phaseSummary() const;  // one sentence: what this phase computes
    // ∂L/∂w⁽²⁾₁₁ = δ⁽²⁾₁ · a⁽¹⁾₁ = (−0.2151) · (0.6225) = −0.1339; for a batch, the sample's, then the mean.
    std::string chainRuleForWeight(int l, int j, int i) const;
    std::string chainRuleForBias(int l, int j) const;
    // δ⁽¹⁾₁ = f′(z⁽¹⁾₁) · Σₖ w⁽²⁾ₖ₁ δ⁽²⁾ₖ with every term; for the output, f′(z) · ∂ℓ/∂a (or the fused a − y).
    std::string chainRuleForNeuron(int l, int j) const;
    std::string forwardForNeuron(int l, int j) const;  // z = Σᵢ wᵢ aᵢ + b with the numbers, then a = f(z)
    std::string lossText() const;                      // ℓ of the current sample, then L for a batch
    std::string updateText(Index p) const;             // the optimizer's rule for one parameter, with its state
    // What the side panel shows for `item` in the current phase (an item the phase has not reached says so).
    std::string explain(const StepItem& item) const;
    // The item a view selects when the user has chosen none (or one the phase does not speak about).
    StepItem defaultItem() const;
    StepTable table() const;  // the numbers of the current phase

private:
    void checkUnit(int l, int j, bool inputs) const;  // layer -1 (the inputs) only when `inputs`
    void checkWeight(int l, int j, int i) const;
    const LayerTrace& sampleLayer(int l) const { return sampleTrace(m_sample).layers[std::size_t(l)]; }
    std::string weightContribution(int l, int j, int i) const;
    std::string outputDelta(int j) const;
    std::string hiddenDelta(int l, int j) const;
    std::string meanOverSamples(const std::string& lhs, const std::string& term,
                                const std::vector<Scalar>& values) const;
    StepTable forwardTable(int l) const;
    StepTable lossTable() const;
    StepTable backwardTable(int l) const;
    // A backward table's columns (this sample's value, and the batch mean when there is a batch) and its rows, at
    // most kMaxTableRows of them (the rest counted in omitted): dense layers and maps alike.
    struct BackwardRows {
        StepTable table;
        bool batch = false;
        void add(StepItem item, std::string name, Scalar v, Scalar mean, bool hasMean);
    };
    BackwardRows backwardRows() const;
    StepTable updateTable() const;
    StepTable mapForwardTable(int l) const;
    StepTable mapBackwardTable(int l) const;
    std::string cellName(const std::string& letter, int l, int unit) const;  // "z⁽¹⁾[0, 1, 2]"
    std::string inputCellName(int l, const MapCell& cell) const;  // what layer l reads: x[…] or a⁽ˡ⁾[…]
    std::string kernelName(int l, int c, int q) const;            // "W⁽¹⁾[0, 0, 1, 1]"
    std::string parameterName(Index p) const;  // kernelName for a convolution, else math_text's symbol
    std::string kernelContribution(int l, int c, int q) const;
    std::string chainRuleForConvBias(int l, int c) const;
    std::string gatheredGradient(int l, int unit) const;  // ∂L/∂a of unit from the layer above, written out
    // A convolution's receptive fields: entry q P + pos is the input row (c H W + y W + x) that kernel column q reads
    // at output position pos, or -1 in the padding (what the engine's im2col gathers). Built once, in the constructor.
    const std::vector<Index>& patchCells(int l) const { return m_patchCells[std::size_t(l)]; }
    std::vector<Index> buildPatchCells(int l) const;

    Network m_net;  // before the step; also the parameters shown until Update
    Matrix m_X, m_Y;
    Trace m_batchTrace;
    std::vector<Trace> m_sampleTraces;  // empty for a batch of one: sampleTrace(0) is the batch trace
    Vector m_batchGrad, m_appliedGrad, m_after;
    Optimizer m_optBefore, m_optAfter;
    double m_l1 = 0, m_l2 = 0;
    std::vector<StepPhase> m_phases;
    std::vector<std::vector<Index>> m_patchCells;  // per layer; empty but for convolutions
    int m_pos = 0;
    int m_sample = 0;
};

}  // namespace engine
