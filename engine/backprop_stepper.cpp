// GCC 12 reports a false -Wrestrict inside libstdc++ for "literal" + std::string once inlined (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "engine/backprop_stepper.h"
#include "engine/math_text.h"
#include "engine/trainer.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace engine {

BackpropStepper::BackpropStepper(const Network& net, const Matrix& X, const Matrix& Y, const Optimizer& optimizer,
                                 double l1, double l2)
    : m_net(net), m_X(X), m_Y(Y), m_optBefore(optimizer), m_optAfter(optimizer), m_l1(l1), m_l2(l2) {
    if (X.cols() == 0) throw std::invalid_argument("the step needs at least one sample");

    // The batch pass, exactly as Trainer::update() runs it: lossAndGradient, the penalties, one optimizer step.
    Network work = m_net;
    work.lossAndGradient(m_X, m_Y);  // throws NetworkError on a shape mismatch
    m_batchTrace = work.trace();
    m_batchGrad = work.grads();
    if (m_l1 != 0 || m_l2 != 0) {
        // dR/dw = l1 sign(w) + l2 w on weights only (Trainer::regularise, same expression so the same bits)
        const Vector& p = work.params();
        work.grads().array() += work.weightMask().array() * (m_l1 * p.array().sign() + m_l2 * p.array());
    }
    m_appliedGrad = work.grads();
    m_optAfter.step(work.params(), work.grads());
    m_after = work.params();

    // Per-sample passes: δ and ∂ℓ/∂w of each sample's own loss, whose mean is the batch gradient.
    if (m_X.cols() > 1) {
        m_sampleTraces.reserve(std::size_t(m_X.cols()));
        Network one = m_net;
        for (Index n = 0; n < m_X.cols(); ++n) {
            one.lossAndGradient(m_X.col(n), m_Y.col(n));
            m_sampleTraces.push_back(one.trace());
        }
    }

    const int L = m_net.layerCount();
    m_patchCells.resize(std::size_t(L));
    for (int l = 0; l < L; ++l)
        if (m_net.layerKind(l) == LayerKind::Conv) m_patchCells[std::size_t(l)] = buildPatchCells(l);
    for (int l = 0; l < L; ++l) m_phases.push_back({StepPhase::Forward, l});
    m_phases.push_back({StepPhase::Loss, -1});
    for (int l = L - 1; l >= 0; --l) m_phases.push_back({StepPhase::Backward, l});
    m_phases.push_back({StepPhase::Update, -1});
}

BackpropStepper BackpropStepper::fromTrainer(const Trainer& trainer, const std::vector<Index>& columns) {
    const Matrix& Xall = trainer.trainInputs();
    const Matrix& Yall = trainer.trainTargets();
    Matrix X(Xall.rows(), Index(columns.size())), Y(Yall.rows(), Index(columns.size()));
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c] < 0 || columns[c] >= Xall.cols()) throw std::out_of_range("sample index out of range");
        X.col(Index(c)) = Xall.col(columns[c]);
        Y.col(Index(c)) = Yall.col(columns[c]);
    }
    return BackpropStepper(trainer.network(), X, Y, trainer.optimizer(), trainer.settings().l1, trainer.settings().l2);
}

// ---- navigation ---------------------------------------------------------------------------------------------------

bool BackpropStepper::next() {
    if (atEnd()) return false;
    ++m_pos;
    return true;
}

bool BackpropStepper::back() {
    if (atStart()) return false;
    --m_pos;
    return true;
}

void BackpropStepper::setPosition(int pos) { m_pos = std::clamp(pos, 0, phaseCount() - 1); }

bool BackpropStepper::forwardDone(int l) const {
    const StepPhase& p = phase();
    return p.kind != StepPhase::Forward || l <= p.layer;
}

bool BackpropStepper::lossDone() const { return phase().kind != StepPhase::Forward; }

bool BackpropStepper::backwardDone(int l) const {
    const StepPhase& p = phase();
    return p.kind == StepPhase::Update || (p.kind == StepPhase::Backward && l >= p.layer);
}

bool BackpropStepper::updateDone() const { return phase().kind == StepPhase::Update; }

bool BackpropStepper::covers(const StepItem& item) const {
    const StepPhase& p = phase();
    switch (item.kind) {
    case StepItem::None: return false;
    case StepItem::Sample: return p.kind == StepPhase::Loss && item.unit >= 0 && item.unit < sampleCount();
    case StepItem::Neuron:
    case StepItem::Weight:
    case StepItem::Bias: {
        if (item.layer < -1 || item.layer >= m_net.layerCount()) return false;
        if (item.kind != StepItem::Neuron && item.layer < 0) return false;
        if (p.kind == StepPhase::Forward) return item.layer <= p.layer;
        if (p.kind == StepPhase::Loss) return true;
        return item.layer >= (p.kind == StepPhase::Backward ? p.layer : 0);
    }
    }
    return false;
}

void BackpropStepper::setSample(int n) { m_sample = std::clamp(n, 0, sampleCount() - 1); }

// ---- numbers ------------------------------------------------------------------------------------------------------

const Trace& BackpropStepper::sampleTrace(int n) const {
    return m_sampleTraces.empty() ? m_batchTrace : m_sampleTraces[std::size_t(std::clamp(n, 0, sampleCount() - 1))];
}

Vector BackpropStepper::sampleGradient(int n) const {
    const Trace& t = sampleTrace(n);
    Vector g(m_net.parameterCount());
    for (int l = 0; l < m_net.layerCount(); ++l) {
        const LayerTrace& lt = t.layers[std::size_t(l)];
        const int rows = m_net.weightRows(l), cols = m_net.weightCols(l);
        if (m_net.layerKind(l) == LayerKind::Conv) {
            // ∂ℓ/∂W[c, q] = Σ over positions of δ[c, y, x] · in[q's input cell]; ∂ℓ/∂b_c = Σ over positions of δ
            const Index P = outputShape(l).size() / rows;
            const std::vector<Index>& cells = patchCells(l);  // P x cols, -1 in the padding
            for (int c = 0; c < rows; ++c) {
                for (int q = 0; q < cols; ++q) {
                    Scalar sum = 0;
                    for (Index pos = 0; pos < P; ++pos) {
                        const Index at = cells[std::size_t(q * P + pos)];
                        if (at >= 0) sum += lt.dZ(c * P + pos, 0) * lt.input(at, 0);
                    }
                    g(m_net.weightIndex(l, c, q)) = sum;
                }
                g(m_net.biasOffset(l) + c) = lt.dZ.col(0).segment(c * P, P).sum();
            }
            continue;
        }
        if (m_net.layerKind(l) != LayerKind::Dense) continue;
        Eigen::Map<Matrix>(g.data() + m_net.weightOffset(l), rows, cols).noalias() = lt.dZ * lt.input.transpose();
        g.segment(m_net.biasOffset(l), rows) = lt.dZ.rowwise().sum();
    }
    return g;
}

// Public functions check their indices: a view that asks for a unit the network does not have gets an exception
// naming it, never a read past a buffer.
void BackpropStepper::checkUnit(int l, int j, bool inputs) const {
    const bool ok = l == -1 ? inputs && j >= 0 && j < m_X.rows()
                            : l >= 0 && l < m_net.layerCount() && j >= 0 && j < m_net.layerUnits(l);
    if (!ok) throw std::out_of_range("the network has no unit " + std::to_string(j) + " in layer " + std::to_string(l));
}

void BackpropStepper::checkWeight(int l, int j, int i) const {
    // W_l's rows and columns: a dense layer's units and inputs, a convolution's out-channels and kernel columns.
    if (l < 0 || l >= m_net.layerCount() || j < 0 || j >= m_net.weightRows(l))
        throw std::out_of_range("layer " + std::to_string(l) + " has no weights into unit " + std::to_string(j));
    if (i < 0 || i >= m_net.weightCols(l))
        throw std::out_of_range("layer " + std::to_string(l) + " has no input " + std::to_string(i));
}

Scalar BackpropStepper::activation(int l, int j) const {
    checkUnit(l, j, true);
    if (l < 0) return m_X(j, m_sample);
    return sampleLayer(l).a(j, 0);
}

Scalar BackpropStepper::preActivation(int l, int j) const {
    checkUnit(l, j, false);
    return sampleLayer(l).z(j, 0);
}

Scalar BackpropStepper::delta(int l, int j) const {
    checkUnit(l, j, false);
    return sampleLayer(l).dZ(j, 0);
}

Scalar BackpropStepper::weightGradient(int l, int j, int i) const {
    checkWeight(l, j, i);
    if (m_net.layerKind(l) == LayerKind::Conv) {
        KernelIndex w = kernelOf(l, i);
        w.out = j;
        return kernelGradient(l, w);  // Σ over positions of δ · in
    }
    const LayerTrace& t = sampleLayer(l);
    return t.dZ(j, 0) * t.input(i, 0);  // ∂ℓ/∂w_ji = δ_j a_i (what dZ inputᵀ computes for one column)
}

Scalar BackpropStepper::weightGradientMean(int l, int j, int i) const {
    checkWeight(l, j, i);
    return m_batchGrad(m_net.weightIndex(l, j, i));
}

Scalar BackpropStepper::biasGradientMean(int l, int j) const {
    checkUnit(l, j, false);
    return m_batchGrad(m_net.biasOffset(l) + j);
}

UpdateDetail BackpropStepper::updateDetail(Index p) const {
    if (p < 0 || p >= m_net.parameterCount())
        throw std::out_of_range("the network has no parameter " + std::to_string(p));
    UpdateDetail d;
    d.parameter = p;
    d.before = m_net.params()(p);
    d.after = m_after(p);
    d.dataGradient = m_batchGrad(p);
    d.gradient = m_appliedGrad(p);
    auto at = [p](const Vector& v) { return p < v.size() ? v(p) : Scalar(0); };
    d.firstBefore = at(m_optBefore.first());
    d.secondBefore = at(m_optBefore.second());
    d.firstAfter = at(m_optAfter.first());
    d.secondAfter = at(m_optAfter.second());
    d.t = m_optAfter.stepCount();
    const OptimizerSettings& s = m_optAfter.settings();
    if (s.kind == OptimizerKind::Adam || s.kind == OptimizerKind::NAdam) {
        d.firstHat = d.firstAfter / (1.0 - std::pow(s.beta1, double(d.t)));    // m̂ = m / (1 − β₁ᵗ)
        d.secondHat = d.secondAfter / (1.0 - std::pow(s.beta2, double(d.t)));  // v̂ = v / (1 − β₂ᵗ)
    }
    return d;
}

// ---- tables -------------------------------------------------------------------------------------------------------

StepTable BackpropStepper::table() const {
    const StepPhase& p = phase();
    switch (p.kind) {
    case StepPhase::Forward: return forwardTable(p.layer);
    case StepPhase::Loss: return lossTable();
    case StepPhase::Backward: return backwardTable(p.layer);
    case StepPhase::Update: return updateTable();
    }
    return {};
}

StepTable BackpropStepper::forwardTable(int l) const {
    if (m_net.layerKind(l) != LayerKind::Dense) return mapForwardTable(l);
    StepTable t;
    t.headers = {"neuron", "z", "a = " + activationSymbol(m_net.spec().layers[std::size_t(l)].activation) + "(z)"};
    const int units = m_net.layerUnits(l);
    for (int j = 0; j < units && int(t.rows.size()) < kMaxTableRows; ++j)
        t.rows.push_back({StepItem::neuron(l, j),
                          {activationSymbol(l, j), formatNumber(preActivation(l, j)), formatNumber(activation(l, j))}});
    t.omitted = units - Index(t.rows.size());
    return t;
}

StepTable BackpropStepper::lossTable() const {
    StepTable t;
    const int K = int(m_Y.rows());
    t.headers = {"sample", K == 1 ? "output a" : "outputs a", K == 1 ? "target y" : "targets y",
                 sampleCount() > 1 ? "loss ℓ" : "loss L"};
    // Targets are mostly whole numbers (0/1, ±1): those read without decimals.
    auto num = [K](Scalar v, bool target) {
        if (target && v == std::round(v)) return formatConstant(v);
        return formatNumber(v, K > 3 ? 2 : 4);
    };
    auto vec = [&](auto col, bool target) {
        if (K == 1) return num(col(0), target);
        std::string s = "(";
        for (int k = 0; k < K; ++k) s += (k ? ", " : "") + num(col(k), target);
        return s + ")";
    };
    const int N = sampleCount();
    for (int n = 0; n < N && int(t.rows.size()) < kMaxTableRows; ++n) {
        const LayerTrace& out = m_batchTrace.layers.back();
        t.rows.push_back({StepItem::sample(n),
                          {std::to_string(n + 1), vec(out.a.col(n), false), vec(m_Y.col(n), true),
                           formatNumber(m_batchTrace.sampleLoss(n))}});
    }
    t.omitted = N - Index(t.rows.size());
    if (N > 1) t.rows.push_back({StepItem{}, {"mean L", "", "", formatNumber(batchLoss())}});
    return t;
}

BackpropStepper::BackwardRows BackpropStepper::backwardRows() const {
    BackwardRows r;
    r.batch = sampleCount() > 1;
    r.table.headers = {"", r.batch ? "sample " + std::to_string(m_sample + 1) : "value"};
    if (r.batch) r.table.headers.push_back("batch mean");
    return r;
}

void BackpropStepper::BackwardRows::add(StepItem item, std::string name, Scalar v, Scalar mean, bool hasMean) {
    if (int(table.rows.size()) >= kMaxTableRows) {
        ++table.omitted;
        return;
    }
    StepTable::Row r{item, {std::move(name), formatNumber(v)}};
    if (batch) r.cells.push_back(hasMean ? formatNumber(mean) : "");
    table.rows.push_back(std::move(r));
}

StepTable BackpropStepper::backwardTable(int l) const {
    if (m_net.layerKind(l) != LayerKind::Dense) return mapBackwardTable(l);
    BackwardRows rows = backwardRows();
    const bool batch = rows.batch;
    const int units = m_net.layerUnits(l), in = m_net.layerInputs(l);
    const std::string d = batch ? "∂ℓ/∂" : "∂L/∂";
    auto add = [&rows](StepItem item, std::string name, Scalar v, Scalar mean, bool hasMean) {
        rows.add(item, std::move(name), v, mean, hasMean);
    };
    for (int j = 0; j < units; ++j) add(StepItem::neuron(l, j), deltaSymbol(l, j), delta(l, j), 0, false);
    for (int j = 0; j < units; ++j) {
        for (int i = 0; i < in; ++i)
            add(StepItem::weight(l, j, i), d + weightSymbol(l, j, i), weightGradient(l, j, i),
                weightGradientMean(l, j, i), true);
        add(StepItem::bias(l, j), d + biasSymbol(l, j), delta(l, j), biasGradientMean(l, j), true);
    }
    return rows.table;
}

StepTable BackpropStepper::updateTable() const {
    StepTable t;
    const OptimizerKind kind = m_optAfter.settings().kind;
    t.headers = {"parameter", "old", "new", "g"};
    switch (kind) {
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov: t.headers.push_back("buffer b"); break;
    case OptimizerKind::AdaGrad: t.headers.push_back("sum s"); break;
    case OptimizerKind::RMSProp: t.headers.push_back("v"); break;
    case OptimizerKind::Adam:
    case OptimizerKind::NAdam:
        for (const char* h : {"m", "v", "M", "V"}) t.headers.push_back(h);  // M, V: the bias-corrected moments
        break;
    case OptimizerKind::SGD: break;
    }
    for (int l = 0; l < m_net.layerCount(); ++l) {
        if (!hasParameters(m_net.layerKind(l))) continue;
        const int units = m_net.weightRows(l), in = m_net.weightCols(l);  // a dense layer's units and inputs
        for (int j = 0; j < units; ++j)
            for (int i = 0; i <= in; ++i) {  // i == in: the bias
                if (int(t.rows.size()) >= kMaxTableRows) {
                    ++t.omitted;
                    continue;
                }
                const bool bias = i == in;
                const Index p = bias ? m_net.biasOffset(l) + j : m_net.weightIndex(l, j, i);
                const UpdateDetail u = updateDetail(p);
                StepTable::Row r{bias ? StepItem::bias(l, j) : StepItem::weight(l, j, i),
                                 {parameterName(p), formatNumber(u.before), formatNumber(u.after),
                                  formatNumber(u.gradient)}};
                switch (kind) {
                case OptimizerKind::Momentum:
                case OptimizerKind::Nesterov: r.cells.push_back(formatNumber(u.firstAfter)); break;
                case OptimizerKind::AdaGrad:
                case OptimizerKind::RMSProp: r.cells.push_back(formatNumber(u.secondAfter)); break;
                case OptimizerKind::Adam:
                case OptimizerKind::NAdam:
                    for (Scalar v : {u.firstAfter, u.secondAfter, u.firstHat, u.secondHat})
                        r.cells.push_back(formatNumber(v));
                    break;
                case OptimizerKind::SGD: break;
                }
                t.rows.push_back(std::move(r));
            }
    }
    return t;
}

}  // namespace engine
