// BackpropStepper's texts: the chain rule written out with the numbers of the engine's own passes. Every result on the
// right of a final "=" is read from the trace (or the stepped optimizer), never recomputed here, so the text cannot
// disagree with training; the intermediate numbers are the trace's inputs to that result.
// GCC 12 reports a false -Wrestrict inside libstdc++ for "literal" + std::string once inlined (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "engine/backprop_stepper.h"
#include "engine/math_text.h"
#include <cmath>
#include <stdexcept>

namespace engine {
namespace {

constexpr int kMaxTerms = 4;  // a sum with more terms shows the first kMaxTerms - 1, "…", and the last

std::string paren(Scalar v) { return "(" + formatNumber(v) + ")"; }

// "t₁ + t₂ + … + tₙ", with at most kMaxTerms shown; perLine > 0 starts a new, indented line after every perLine terms
// so a sum of products never runs wider than a side panel.
std::string joinTerms(const std::vector<std::string>& terms, int perLine = 0) {
    std::vector<std::string> shown;
    const std::size_t n = terms.size();
    for (std::size_t k = 0; k < n; ++k) {
        if (n > std::size_t(kMaxTerms) && k == std::size_t(kMaxTerms) - 1) {
            shown.push_back("… (" + std::to_string(n - kMaxTerms) + " more)");
            shown.push_back(terms.back());
            break;
        }
        shown.push_back(terms[k]);
    }
    std::string s;
    for (std::size_t k = 0; k < shown.size(); ++k) {
        if (k == 0) s = shown[k];
        else if (perLine > 0 && k % std::size_t(perLine) == 0) s += "\n      + " + shown[k];
        else s += " + " + shown[k];
    }
    return s;
}

// f′(z) written in a (or z), with the numbers: "a(1 − a) = 0.6225 · (1 − 0.6225) = 0.2350".
std::string derivativeWithNumbers(Activation f, Scalar z, Scalar a) {
    const Scalar d = activationDerivative(f, z, a);
    std::string s = activationDerivativeFormula(f);
    switch (f) {
    case Activation::Sigmoid: s += " = " + formatNumber(a) + " · (1 − " + formatNumber(a) + ")"; break;
    case Activation::Tanh: s += " = 1 − " + compactFactor(a) + "²"; break;
    case Activation::ReLU:
    case Activation::LeakyReLU:
    case Activation::ELU: s += " (z = " + formatNumber(z) + ")"; break;
    case Activation::Softplus: s += " = σ(" + formatNumber(z) + ")"; break;
    case Activation::Sine: s += " = cos " + compactFactor(z); break;
    default: break;
    }
    if (f != Activation::Identity && f != Activation::Step) s += " = " + formatNumber(d);
    return s;
}

// The per-sample loss for K outputs, in the symbols the views use.
std::string lossFormulaText(Loss loss, int K) {
    const std::string k = std::to_string(K);
    switch (loss) {
    case Loss::MSE: return K == 1 ? "(a − y)²" : "(1/" + k + ") Σₖ (aₖ − yₖ)²";
    case Loss::BinaryCrossEntropy:
        return K == 1 ? "−[y ln a + (1 − y) ln(1 − a)]" : "−(1/" + k + ") Σₖ [yₖ ln aₖ + (1 − yₖ) ln(1 − aₖ)]";
    case Loss::SoftmaxCrossEntropy: return "−Σₖ yₖ ln aₖ";
    }
    return {};
}

}  // namespace

std::string BackpropStepper::phaseTitle() const {
    const StepPhase& p = phase();
    switch (p.kind) {
    case StepPhase::Forward: return "Forward · " + layerName(m_net.spec(), p.layer);
    case StepPhase::Loss: return "Loss";
    case StepPhase::Backward: return "Backward · " + layerName(m_net.spec(), p.layer);
    case StepPhase::Update: return "Update · " + optimizerTitle(m_optAfter.settings().kind);
    }
    return {};
}

std::string BackpropStepper::phaseSummary() const {
    const StepPhase& p = phase();
    const bool batch = sampleCount() > 1;
    switch (p.kind) {
    case StepPhase::Forward: {
        const LayerSpec& ls = m_net.spec().layers[std::size_t(p.layer)];
        const std::string k = std::to_string(ls.kernel);
        switch (ls.kind) {
        case LayerKind::Conv: {
            // The row a kernel row i reads, y s − p + i, with this layer's stride and padding: "y + i", "2y − 1 + i".
            const auto at = [&](const char* v, const char* i) {  // appended: GCC 12 warns falsely on + chains
                std::string e = ls.stride == 1 ? std::string() : std::to_string(ls.stride);
                e.append(v);
                if (ls.padding > 0) e.append(" − ").append(std::to_string(ls.padding));
                return e.append(" + ").append(i);
            };
            return "Each cell of feature map c is the kernel's weighted sum over its " + k + "×" + k +
                   " window plus the map's bias, z[c, y, x] = Σ W[c, ci, i, j] · in[ci, " + at("y", "i") + ", " +
                   at("x", "j") + "] + b_c, then a = " + activationSymbol(ls.activation) +
                   "(z). Channels, rows and columns count from 0.";
        }
        case LayerKind::MaxPool:
            return "Each cell keeps the largest value of its " + k + "×" + k +
                   " window; the backward pass sends δ to "
                   "that winner only.";
        case LayerKind::AvgPool: return "Each cell is the mean of its " + k + "×" + k + " window.";
        case LayerKind::Flatten:
            return "The maps are read as one vector, channel by channel, row by row: nothing is computed.";
        case LayerKind::Dense: break;
        }
        const Activation f = ls.activation;
        const std::string in = p.layer == 0 ? "inputs x" : "inputs a";
        return "Each neuron adds up its weighted " + in + " and its bias, z = Σᵢ wᵢ aᵢ + b, then applies " +
               activationSymbol(f) + ": a = " + activationSymbol(f) + "(z).";
    }
    case StepPhase::Loss:
        return std::string("The output a is compared with the target y: ") + (batch ? "ℓ = " : "L = ") +
               lossFormulaText(m_net.spec().loss, int(m_Y.rows())) +
               (batch ? ". The batch loss L is the mean of the samples' losses ℓ." : ".");
    case StepPhase::Backward:
        switch (m_net.layerKind(p.layer)) {
        case LayerKind::Conv:
            return "Each cell's δ = f′(z) · ∂L/∂a. A kernel weight is used at every position, so its gradient sums "
                   "over all of them: ∂L/∂W[c, ci, i, j] = Σ_y Σ_x δ[c, y, x] · in[ci, y s − p + i, x s − p + j].";
        case LayerKind::MaxPool: return "δ goes back to the input that won each window; the others get 0.";
        case LayerKind::AvgPool: return "Each window's δ is shared equally among its inputs.";
        case LayerKind::Flatten: return "δ passes back unchanged, read as maps again.";
        case LayerKind::Dense: break;
        }
        if (p.layer == m_net.layerCount() - 1)
            return "Back from the loss: each output neuron's δ = ∂L/∂z, then each incoming weight's gradient δ · a.";
        return "Each neuron gathers the δ of the layer above through its weights, times f′(z): "
               "δⱼ = f′(zⱼ) · Σₖ wₖⱼ δₖ. Each weight's gradient is then δ · a.";
    case StepPhase::Update:
        switch (m_optAfter.settings().kind) {
        case OptimizerKind::SGD: return "Every parameter moves against its gradient: w ← w − η g.";
        case OptimizerKind::Momentum: return "A running sum b of the gradients builds speed: b ← μ b + g, w ← w − η b.";
        case OptimizerKind::Nesterov: return "Momentum with a look ahead: b ← μ b + g, w ← w − η (g + μ b).";
        case OptimizerKind::AdaGrad: return "Each weight's step shrinks with the sum of its squared gradients.";
        case OptimizerKind::RMSProp: return "Each weight's step is divided by a running mean of its squared gradients.";
        case OptimizerKind::Adam:
            return "Adam keeps running means m of g and v of g², corrects their bias towards 0 (M and V), and moves "
                   "each weight by about η · M / √V.";
        case OptimizerKind::NAdam: return "Adam with Nesterov momentum: the step also looks ahead along m.";
        }
    }
    return {};
}

std::string BackpropStepper::forwardForNeuron(int l, int j) const {
    checkUnit(l, j, true);
    if (l < 0) return inputSymbol(j) + " = " + formatNumber(activation(-1, j)) + "  (an input)";
    const int in = m_net.layerInputs(l);
    const auto W = m_net.W(l);
    std::vector<std::string> sym, num;
    for (int i = 0; i < in; ++i) {
        sym.push_back(weightSymbol(l, j, i) + " " + activationSymbol(l - 1, i));
        num.push_back(factor(W(j, i)) + " · " + factor(activation(l - 1, i)));
    }
    sym.push_back(biasSymbol(l, j));
    num.push_back(factor(m_net.b(l)(j)));
    const Activation f = m_net.spec().layers[std::size_t(l)].activation;
    const std::string z = preActivationSymbol(l, j);
    std::string s = z + " = " + joinTerms(sym, 3) + "\n    = " + joinTerms(num, 2) +
                    "\n    = " + formatNumber(preActivation(l, j)) + "\n";
    if (f == Activation::Softmax)
        s += activationSymbol(l, j) + " = e^z" + subscript(j + 1) + " / Σₖ e^zₖ = " + formatNumber(activation(l, j));
    else
        s += activationSymbol(l, j) + " = " + activationSymbol(f) + "(" + z + ") = " + activationSymbol(f) + "(" +
             formatNumber(preActivation(l, j)) + ") = " + formatNumber(activation(l, j));
    return s;
}

std::string BackpropStepper::weightContribution(int l, int j, int i) const {
    const Scalar w = m_net.W(l)(j, i), a = activation(l - 1, i);
    return weightSymbol(l, j, i) + " = " + formatNumber(w) + " carries " + activationSymbol(l - 1, i) + " = " +
           formatNumber(a) + " into " + preActivationSymbol(l, j) + ":\n" + weightSymbol(l, j, i) + " · " +
           activationSymbol(l - 1, i) + " = " + factor(w) + " · " + factor(a) + " = " + formatNumber(w * a);
}

std::string BackpropStepper::lossText() const {
    const LayerTrace& out = sampleTrace(m_sample).layers.back();
    const int K = int(out.a.rows());
    const bool batch = sampleCount() > 1;
    const std::string l = batch ? "ℓ" : "L";
    const Scalar value = sampleTrace(m_sample).sampleLoss(0);
    std::vector<std::string> terms;
    const std::string formula = lossFormulaText(m_net.spec().loss, K);
    std::string numbers;
    switch (m_net.spec().loss) {
    case Loss::MSE:
        for (int k = 0; k < K; ++k)
            terms.push_back("(" + formatNumber(out.a(k, 0)) + " − " + compactFactor(m_Y(k, m_sample)) + ")²");
        numbers = K == 1 ? terms[0] : "(1/" + std::to_string(K) + ")[" + joinTerms(terms, 3) + "]";
        break;
    case Loss::BinaryCrossEntropy:
        for (int k = 0; k < K; ++k) {
            const Scalar a = out.a(k, 0), y = m_Y(k, m_sample);
            terms.push_back(compact(y) + " · ln " + formatNumber(a) + " + " + compact(1 - y) + " · ln " +
                            formatNumber(1 - a));
        }
        numbers = K == 1 ? "−[" + terms[0] + "]" : "−(1/" + std::to_string(K) + ")[" + joinTerms(terms, 1) + "]";
        break;
    case Loss::SoftmaxCrossEntropy:
        for (int k = 0; k < K; ++k) {
            const Scalar y = m_Y(k, m_sample);
            if (y == 0) continue;
            terms.push_back(y == 1 ? "ln " + formatNumber(out.a(k, 0))
                                   : compact(y) + " · ln " + formatNumber(out.a(k, 0)));
        }
        numbers = terms.size() == 1 ? "−" + terms[0] : "−(" + joinTerms(terms, 2) + ")";
        break;
    }
    std::string s = l + " = " + formula + "\n  = " + numbers + "\n  = " + formatNumber(value);
    if (batch) {
        std::vector<Scalar> losses(static_cast<std::size_t>(sampleCount()));
        for (int n = 0; n < sampleCount(); ++n) losses[std::size_t(n)] = m_batchTrace.sampleLoss(n);
        s += "\n" + meanOverSamples("L", "ℓₙ", losses) + formatNumber(batchLoss());
    }
    return s;
}

// "L = (1/N) Σₙ ℓₙ\n  = (1/4)(v₁ + v₂ + v₃ + v₄)\n  = " (the caller appends the result, read from the batch pass)
std::string BackpropStepper::meanOverSamples(const std::string& lhs, const std::string& term,
                                             const std::vector<Scalar>& values) const {
    std::vector<std::string> terms;
    for (Scalar v : values) terms.push_back(factor(v));
    const std::string n = std::to_string(values.size());
    return lhs + " = (1/" + n + ") Σₙ " + term + "\n  = (1/" + n + ")(" + joinTerms(terms, 3) + ")\n  = ";
}

std::string BackpropStepper::outputDelta(int j) const {
    const int l = m_net.layerCount() - 1;
    const LayerTrace& t = sampleLayer(l);
    const Activation f = m_net.spec().outputActivation();
    const Loss loss = m_net.spec().loss;
    const int K = int(t.a.rows());
    const std::string L = sampleCount() > 1 ? "ℓ" : "L";
    const std::string d = deltaSymbol(l, j);
    const Scalar a = t.a(j, 0), y = m_Y(j, m_sample), z = t.z(j, 0);
    const std::string head = d + " = ∂" + L + "/∂" + preActivationSymbol(l, j);
    const std::string overK = K == 1 ? "" : " / " + std::to_string(K);
    if (hasFusedGradient(loss, f)) {
        // sigmoid + BCE: (a − y)/K; softmax + CE: a − y. The a(1 − a) of σ′ cancels the loss's 1/(a(1 − a)).
        const std::string why = loss == Loss::BinaryCrossEntropy
                                    ? "σ′(z) = a(1 − a) cancels the 1/(a(1 − a)) in ∂" + L + "/∂a."
                                    : "Softmax and cross-entropy together: the Jacobian collapses to a − y.";
        return head + " = (a − y)" + overK + "\n  = (" + formatNumber(a) + " − " + compactFactor(y) + ")" + overK +
               "\n  = " + formatNumber(t.dZ(j, 0)) + "\n" + why;
    }
    std::string dA;
    switch (loss) {
    case Loss::MSE:
        dA = "2(a − y)" + overK + " = 2 · (" + formatNumber(a) + " − " + compactFactor(y) + ")" + overK;
        break;
    case Loss::BinaryCrossEntropy:
        dA = "(a − y) / (a(1 − a))" + overK + " = (" + formatNumber(a) + " − " + compactFactor(y) + ") / (" +
             formatNumber(a) + " · " + formatNumber(1 - a) + ")" + overK;
        break;
    case Loss::SoftmaxCrossEntropy: dA = "−y / a = −" + compactFactor(y) + " / " + formatNumber(a); break;
    }
    dA = "∂" + L + "/∂a = " + dA + " = " + formatNumber(t.dA(j, 0));
    if (f == Activation::Softmax) {
        const Scalar s = t.a.col(0).dot(t.dA.col(0));
        return head + " = aⱼ (∂" + L + "/∂aⱼ − Σₖ aₖ ∂" + L + "/∂aₖ)\n  = " + formatNumber(a) + " · (" +
               formatNumber(t.dA(j, 0)) + " − " + factor(s) + ")\n  = " + formatNumber(t.dZ(j, 0)) + "\n" + dA;
    }
    const Scalar fp = activationDerivative(f, z, a);
    return head + " = f′(z) · ∂" + L + "/∂a\n  = " + formatNumber(fp) + " · " + factor(t.dA(j, 0)) + " = " +
           formatNumber(t.dZ(j, 0)) + "\n" + dA + "\nf′(z) = " + derivativeWithNumbers(f, z, a);
}

std::string BackpropStepper::hiddenDelta(int l, int j) const {
    const LayerTrace& t = sampleLayer(l);
    const LayerTrace& above = sampleLayer(l + 1);
    const auto W = m_net.W(l + 1);
    const Activation f = m_net.spec().layers[std::size_t(l)].activation;
    std::vector<std::string> terms;
    for (int k = 0; k < m_net.layerUnits(l + 1); ++k) terms.push_back(factor(W(k, j)) + " · " + factor(above.dZ(k, 0)));
    const std::string sum = "Σₖ w" + layerMark(l + 1) + "ₖ" + subscript(j + 1) + " δ" + layerMark(l + 1) + "ₖ";
    const Scalar fp = activationDerivative(f, t.z(j, 0), t.a(j, 0));
    return deltaSymbol(l, j) + " = f′(" + preActivationSymbol(l, j) + ") · " + sum + "\n  = " + formatNumber(fp) +
           " · [" + joinTerms(terms, 2) + "]\n  = " + formatNumber(fp) + " · " + factor(t.dA(j, 0)) + " = " +
           formatNumber(t.dZ(j, 0)) + "\nf′(z) = " + derivativeWithNumbers(f, t.z(j, 0), t.a(j, 0));
}

std::string BackpropStepper::chainRuleForNeuron(int l, int j) const {
    checkUnit(l, j, true);
    if (l < 0) return inputSymbol(j) + " is an input: it has no δ (nothing below it learns).";
    return l == m_net.layerCount() - 1 ? outputDelta(j) : hiddenDelta(l, j);
}

std::string BackpropStepper::chainRuleForWeight(int l, int j, int i) const {
    checkWeight(l, j, i);
    const bool batch = sampleCount() > 1;
    const std::string w = weightSymbol(l, j, i);
    const LayerTrace& t = sampleLayer(l);
    // One sample: on one line, as a teacher writes it. A batch: the sample's product, then the mean over the batch.
    std::string s = std::string(batch ? "∂ℓ/∂" : "∂L/∂") + w + " = " + deltaSymbol(l, j) + " · " +
                    activationSymbol(l - 1, i) + (batch ? "\n  = " : " = ") + paren(t.dZ(j, 0)) + " · " +
                    paren(t.input(i, 0)) + " = " + formatNumber(weightGradient(l, j, i));
    if (batch) {
        std::vector<Scalar> v;
        for (int n = 0; n < sampleCount(); ++n) {
            const LayerTrace& tn = sampleTrace(n).layers[std::size_t(l)];
            v.push_back(tn.dZ(j, 0) * tn.input(i, 0));
        }
        s += "   (sample " + std::to_string(m_sample + 1) + ")\n" + meanOverSamples("∂L/∂" + w, "∂ℓₙ/∂" + w, v) +
             formatNumber(weightGradientMean(l, j, i));
    }
    return s;
}

std::string BackpropStepper::chainRuleForBias(int l, int j) const {
    checkUnit(l, j, false);
    const bool batch = sampleCount() > 1;
    const std::string b = biasSymbol(l, j);
    std::string s = std::string(batch ? "∂ℓ/∂" : "∂L/∂") + b + " = " + deltaSymbol(l, j) +
                    " · 1 = " + formatNumber(delta(l, j));
    if (batch) {
        std::vector<Scalar> v;
        for (int n = 0; n < sampleCount(); ++n) v.push_back(sampleTrace(n).layers[std::size_t(l)].dZ(j, 0));
        s += "   (sample " + std::to_string(m_sample + 1) + ")\n" + meanOverSamples("∂L/∂" + b, "∂ℓₙ/∂" + b, v) +
             formatNumber(biasGradientMean(l, j));
    }
    return s;
}

std::string BackpropStepper::updateText(Index p) const {
    const UpdateDetail u = updateDetail(p);
    const OptimizerSettings& s = m_optAfter.settings();
    const std::string sym = parameterName(p);
    const std::string eta = formatConstant(s.learningRate);
    const bool weight = !m_net.isBias(p);
    const bool momentum = s.kind == OptimizerKind::Momentum || s.kind == OptimizerKind::Nesterov;
    // The parameter's letter in the rules: w or b, or θ for a bias where b already names the momentum buffer.
    const std::string w = weight ? "w" : (momentum ? "θ" : "b");
    const std::string g = factor(u.gradient), old = formatNumber(u.before), after = formatNumber(u.after);
    const std::string t = superscript(int(std::min<long long>(u.t, 999999)));
    // The outcome first, then where it comes from: each rule on its own line, its numbers on the next.
    std::string text = sym + ": " + old + " → " + after + "\n";
    if (weight && (m_l1 != 0 || m_l2 != 0)) {
        text += "g = ∂L/∂w";
        std::string nums = factor(u.dataGradient);
        if (m_l2 != 0) text += " + λ₂ w", nums += " + " + formatConstant(m_l2) + " · " + factor(u.before);
        if (m_l1 != 0)
            text += " + λ₁ sign(w)", nums += " + " + formatConstant(m_l1) + " · " +
                                             compactFactor(u.before > 0 ? 1 : (u.before < 0 ? -1 : 0));
        text += "\n  = " + nums + "\n  = " + formatNumber(u.gradient) + "\n";
    } else {
        text += "g = ∂L/∂" + sym + " = " + formatNumber(u.gradient) + "\n";
    }
    const std::string step = w + " ← " + w + " − ";
    switch (s.kind) {
    case OptimizerKind::SGD: text += step + "η g\n  = " + old + " − " + eta + " · " + g + "\n  = " + after; break;
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov: {
        const std::string mu = formatConstant(s.momentum);
        text += "b ← μ b + g\n  = " + mu + " · " + factor(u.firstBefore) + " + " + g +
                "\n  = " + formatNumber(u.firstAfter) + "\n";
        if (s.kind == OptimizerKind::Momentum)
            text += step + "η b\n  = " + old + " − " + eta + " · " + factor(u.firstAfter) + "\n  = " + after;
        else
            text += step + "η (g + μ b)\n  = " + old + " − " + eta + " · (" + formatNumber(u.gradient) + " + " + mu +
                    " · " + factor(u.firstAfter) + ")\n  = " + after;
        break;
    }
    case OptimizerKind::AdaGrad:
        text += "s ← s + g²\n  = " + formatNumber(u.secondBefore) + " + " + g +
                "²\n  = " + formatNumber(u.secondAfter) + "\n" + step + "η g / (√s + ε)\n  = " + old + " − " + eta +
                " · " + g + " / (" + formatNumber(std::sqrt(u.secondAfter)) + " + " + formatConstant(s.adagradEpsilon) +
                ")\n  = " + after;
        break;
    case OptimizerKind::RMSProp:
        text += "v ← α v + (1 − α) g²\n  = " + formatConstant(s.alpha) + " · " + formatNumber(u.secondBefore) + " + " +
                formatConstant(1 - s.alpha) + " · " + g + "²\n  = " + formatNumber(u.secondAfter) + "\n" + step +
                "η g / (√v + ε)\n  = " + old + " − " + eta + " · " + g + " / (" +
                formatNumber(std::sqrt(u.secondAfter)) + " + " + formatConstant(s.epsilon) + ")\n  = " + after;
        break;
    case OptimizerKind::Adam:
    case OptimizerKind::NAdam: {
        const std::string b1 = formatConstant(s.beta1), b2 = formatConstant(s.beta2);
        text += "m ← β₁ m + (1 − β₁) g\n  = " + b1 + " · " + factor(u.firstBefore) + " + " +
                formatConstant(1 - s.beta1) + " · " + g + "\n  = " + formatNumber(u.firstAfter) + "\n";
        text += "v ← β₂ v + (1 − β₂) g²\n  = " + b2 + " · " + formatNumber(u.secondBefore) + " + " +
                formatConstant(1 - s.beta2) + " · " + g + "²\n  = " + formatNumber(u.secondAfter) + "\n";
        // M and V are the bias-corrected moments (m̂, v̂ in the papers: a combining hat does not survive line wrapping).
        text += "M = m / (1 − β₁" + t + ") = " + formatNumber(u.firstHat) + "   (t = " + std::to_string(u.t) + ")\n" +
                "V = v / (1 − β₂" + t + ") = " + formatNumber(u.secondHat) + "\n";
        if (s.kind == OptimizerKind::Adam) {
            text += step + "η M / (√V + ε)\n  = " + old + " − " + eta + " · " + factor(u.firstHat) + " / (" +
                    formatNumber(std::sqrt(u.secondHat)) + " + " + formatConstant(s.epsilon) + ")\n  = " + after;
        } else {
            const double muT = s.beta1 * (1.0 - 0.5 * std::pow(0.96, double(u.t) * s.momentumDecay));
            const double muNext = s.beta1 * (1.0 - 0.5 * std::pow(0.96, double(u.t + 1) * s.momentumDecay));
            const double prod = m_optAfter.muProduct();
            const double gradCoef = s.learningRate * (1.0 - muT) / (1.0 - prod);
            const double avgCoef = s.learningRate * muNext / (1.0 - prod * muNext);
            const double denom = std::sqrt(u.secondHat) + s.epsilon;
            text += "μₜ = " + formatNumber(muT, 5) + ", μₜ₊₁ = " + formatNumber(muNext, 5) +
                    ", Πμ = " + formatNumber(prod, 5) + "\n";
            text += step + "η(1 − μₜ)/(1 − Πμ) · g/(√V + ε) − η μₜ₊₁/(1 − Πμ μₜ₊₁) · m/(√V + ε)\n  = " + old + " − " +
                    formatNumber(gradCoef) + " · " + g + "/" + formatNumber(denom) + " − " + formatNumber(avgCoef) +
                    " · " + factor(u.firstAfter) + "/" + formatNumber(denom) + "\n  = " + after;
        }
        break;
    }
    }
    return text;
}

std::string BackpropStepper::explain(const StepItem& item) const {
    const StepPhase& p = phase();
    // A selection left over from another network (or a sample past the batch) is named, never read.
    try {
        if (item.kind == StepItem::Neuron) checkUnit(item.layer, item.unit, true);
        else if (item.kind == StepItem::Bias) {
            checkUnit(item.layer, item.unit, false);
            if (item.unit >= m_net.weightRows(item.layer)) throw std::out_of_range("no such bias");
        } else if (item.kind == StepItem::Weight) checkWeight(item.layer, item.unit, item.input);
    } catch (const std::out_of_range&) {
        return "This network has no such neuron or weight: pick one on the diagram.";
    }
    const auto later = [&](const std::string& what, const std::string& when) {
        return what + " is computed in a later phase (" + when + ").";
    };
    const std::string forwardName = "Forward · " + layerName(m_net.spec(), item.layer);
    const std::string backwardName = "Backward · " + layerName(m_net.spec(), item.layer);
    switch (item.kind) {
    case StepItem::None: return phaseSummary();
    case StepItem::Sample:
        if (p.kind == StepPhase::Forward) {
            std::string s = "Sample " + std::to_string(item.unit + 1) + ": x = (";
            for (Index i = 0; i < m_X.rows(); ++i) s += (i ? ", " : "") + formatNumber(m_X(i, item.unit));
            s += "), y = (";
            for (Index k = 0; k < m_Y.rows(); ++k) s += (k ? ", " : "") + compact(m_Y(k, item.unit));
            return s + ")";
        }
        return lossText();
    case StepItem::Neuron: {
        // Map cells, flatten values and the units below them have their own texts (backprop_stepper_conv.cpp).
        const bool dense = item.layer >= 0 ? m_net.layerKind(item.layer) == LayerKind::Dense : !isMapLayer(-1);
        const bool denseAbove = item.layer + 1 >= m_net.layerCount() ||
                                m_net.layerKind(item.layer + 1) == LayerKind::Dense;
        if (p.kind == StepPhase::Loss) return lossText();
        if (p.kind == StepPhase::Update && item.layer >= 0) {
            if (!hasParameters(m_net.layerKind(item.layer)))
                return cellName("a", item.layer, item.unit) + " has no parameters to update.";
            const int owner = m_net.layerKind(item.layer) == LayerKind::Conv ? cellOf(item.layer, item.unit).channel
                                                                             : item.unit;
            return updateText(m_net.biasOffset(item.layer) + owner);
        }
        if (p.kind == StepPhase::Backward && item.layer >= 0) {
            if (!backwardDone(item.layer)) return later(cellName("δ", item.layer, item.unit), backwardName);
            if (dense && denseAbove) return chainRuleForNeuron(item.layer, item.unit);
            return chainRuleForCell(item.layer, item.unit);
        }
        if (item.layer >= 0 && !forwardDone(item.layer))
            return later(cellName("a", item.layer, item.unit), forwardName);
        if (!dense) return forwardForCell(item.layer, item.unit);
        return forwardForNeuron(item.layer, item.unit);
    }
    case StepItem::Weight:
    case StepItem::Bias: {
        const bool bias = item.kind == StepItem::Bias;
        const Index idx = bias ? m_net.biasOffset(item.layer) + item.unit
                               : m_net.weightIndex(item.layer, item.unit, item.input);
        const bool conv = m_net.layerKind(item.layer) == LayerKind::Conv;
        if (p.kind == StepPhase::Update) return updateText(idx);
        if (p.kind == StepPhase::Backward) {
            const std::string what = "∂L/∂" + parameterName(idx);
            if (!backwardDone(item.layer)) return later(what, backwardName);
            if (conv) {
                if (bias) return chainRuleForConvBias(item.layer, item.unit);
                KernelIndex w = kernelOf(item.layer, item.input);
                w.out = item.unit;
                return chainRuleForKernel(item.layer, w);
            }
            return bias ? chainRuleForBias(item.layer, item.unit)
                        : chainRuleForWeight(item.layer, item.unit, item.input);
        }
        if (conv && bias)
            return parameterName(idx) + " = " + formatNumber(m_net.b(item.layer)(item.unit)) +
                   " is added to every cell of map " + std::to_string(item.unit) + ".";
        if (conv) return kernelContribution(item.layer, item.unit, item.input);
        if (bias)
            return biasSymbol(item.layer, item.unit) + " = " + formatNumber(m_net.b(item.layer)(item.unit)) +
                   " is added to " + preActivationSymbol(item.layer, item.unit) + ".";
        return weightContribution(item.layer, item.unit, item.input);
    }
    }
    return {};
}

StepItem BackpropStepper::defaultItem() const {
    const StepPhase& p = phase();
    switch (p.kind) {
    case StepPhase::Forward:
    case StepPhase::Backward: return StepItem::neuron(p.layer, 0);
    case StepPhase::Loss: return StepItem::sample(m_sample);
    case StepPhase::Update: return StepItem::weight(m_net.layerCount() - 1, 0, 0);
    }
    return {};
}

}  // namespace engine
