// BackpropStepper on convolution, pooling and flatten layers: a unit is a cell of a feature map, a convolution's weight
// a kernel weight W[c, ci, i, j]. The texts write the sums with the numbers of the engine's trace: a cell's weighted
// sum over its receptive field, which input won a max-pooling window, and a kernel weight's gradient as the chain
// rule through every position the kernel visited, Σ_y Σ_x δ[c, y, x] · in[ci, y s − p + i, x s − p + j]. As in
// backprop_stepper_text.cpp, the result after the last "=" is the engine's own number (trace or batch gradient).
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


std::string triple(int a, int b, int c) {
    std::string s = "[";  // appended piece by piece: GCC 12 warns falsely on a chain of + here (-Wstringop-overflow)
    s.append(std::to_string(a)).append(", ").append(std::to_string(b)).append(", ").append(std::to_string(c));
    return s.append("]");
}

// "y", "2y", "y + 1", "2y − 1": the row (or column) y s − p + i that a kernel position reads, in the output's y.
std::string offsetExpr(const std::string& var, int stride, int offset) {
    std::string s = stride == 1 ? var : std::to_string(stride) + var;
    if (offset > 0) s += " + " + std::to_string(offset);
    if (offset < 0) s += " − " + std::to_string(-offset);
    return s;
}

// "a–b", or "a" for a range of one.
std::string range(int from, int to) {
    return from == to ? std::to_string(from) : std::to_string(from) + "–" + std::to_string(to);
}

// A sum's terms, perLine to a line; past maxLines lines the middle gives way to "… (n more)" and the last term.
std::string joinLines(const std::vector<std::string>& terms, int perLine, int maxLines) {
    const std::size_t n = terms.size(), keep = std::size_t(perLine * maxLines);
    std::vector<std::string> shown;
    if (n <= keep) shown = terms;
    else {
        shown.assign(terms.begin(), terms.begin() + std::ptrdiff_t(keep - std::size_t(perLine)));
        shown.push_back("… (" + std::to_string(n - shown.size() - 1) + " more)");
        shown.push_back(terms.back());
    }
    std::string s;
    for (std::size_t k = 0; k < shown.size(); ++k) {
        if (k == 0) s = shown[k];
        else if (k % std::size_t(perLine) == 0) s += "\n      + " + shown[k];
        else s += " + " + shown[k];
    }
    return s;
}

// "[1 2; 3 2]": a small matrix on one line, rows separated by ";".
std::string matrixText(const std::vector<Scalar>& v, int rows, int cols) {
    std::string s = "[";
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            s += (c == 0 ? (r == 0 ? "" : "; ") : "  ") + compact(v[std::size_t(r * cols + c)]);
    return s + "]";
}

}  // namespace

// ---- indices ------------------------------------------------------------------------------------------------------

bool BackpropStepper::isMapLayer(int l) const {
    if (l == -1) return m_net.spec().inputShape().isImage();
    if (l < -1 || l >= m_net.layerCount()) return false;
    const LayerKind k = m_net.layerKind(l);
    return k == LayerKind::Conv || k == LayerKind::MaxPool || k == LayerKind::AvgPool;
}

Shape BackpropStepper::outputShape(int l) const {
    if (l == -1) return m_net.spec().inputShape();
    if (l < -1 || l >= m_net.layerCount()) throw std::out_of_range("the network has no layer " + std::to_string(l));
    return m_net.layout().layer(l).out;
}

MapCell BackpropStepper::cellOf(int l, int unit) const {
    const Shape s = outputShape(l);
    if (unit < 0 || unit >= s.size())
        throw std::out_of_range("layer " + std::to_string(l) + " has no cell " + std::to_string(unit));
    const int hw = s.height * s.width;
    return {unit / hw, (unit % hw) / s.width, unit % s.width};
}

int BackpropStepper::unitOf(int l, const MapCell& c) const {
    const Shape s = outputShape(l);
    if (c.channel < 0 || c.channel >= s.channels || c.y < 0 || c.y >= s.height || c.x < 0 || c.x >= s.width)
        throw std::out_of_range("layer " + std::to_string(l) + " has no cell " + triple(c.channel, c.y, c.x));
    return (c.channel * s.height + c.y) * s.width + c.x;
}

KernelIndex BackpropStepper::kernelOf(int l, int q) const {
    if (l < 0 || l >= m_net.layerCount() || m_net.layerKind(l) != LayerKind::Conv || q < 0 || q >= m_net.weightCols(l))
        throw std::out_of_range("layer " + std::to_string(l) + " has no kernel column " + std::to_string(q));
    const int k = m_net.spec().layers[std::size_t(l)].kernel;
    return {0, q / (k * k), (q % (k * k)) / k, q % k};
}

int BackpropStepper::kernelColumn(int l, const KernelIndex& w) const {
    if (l < 0 || l >= m_net.layerCount() || m_net.layerKind(l) != LayerKind::Conv)
        throw std::out_of_range("layer " + std::to_string(l) + " is not a convolution");
    const int k = m_net.spec().layers[std::size_t(l)].kernel, cin = outputShape(l - 1).channels;
    if (w.out < 0 || w.out >= m_net.weightRows(l) || w.in < 0 || w.in >= cin || w.i < 0 || w.i >= k || w.j < 0 ||
        w.j >= k)
        throw std::out_of_range("layer " + std::to_string(l) + " has no kernel weight [" + std::to_string(w.out) +
                                ", " + std::to_string(w.in) + ", " + std::to_string(w.i) + ", " + std::to_string(w.j) +
                                "]");
    return (w.in * k + w.i) * k + w.j;  // q = ci k² + i k + j (param_layout.h)
}

std::vector<Index> BackpropStepper::buildPatchCells(int l) const {
    const LayerLayout& L = m_net.layout().layer(l);
    const int k = L.spec.kernel, s = L.spec.stride, pad = L.spec.padding;
    const int Ho = L.out.height, Wo = L.out.width, H = L.in.height, W = L.in.width;
    const Index P = Index(Ho) * Wo;
    std::vector<Index> cells(std::size_t(P * L.weightCols), -1);
    for (int q = 0; q < L.weightCols; ++q) {
        const int ci = q / (k * k), i = (q % (k * k)) / k, j = q % k;
        for (int y = 0; y < Ho; ++y)
            for (int x = 0; x < Wo; ++x) {
                const int yy = y * s - pad + i, xx = x * s - pad + j;  // in[ci, y s − p + i, x s − p + j]
                if (yy >= 0 && yy < H && xx >= 0 && xx < W)
                    cells[std::size_t(q * P + Index(y) * Wo + x)] = (Index(ci) * H + yy) * W + xx;
            }
    }
    return cells;
}

Scalar BackpropStepper::kernelGradient(int l, const KernelIndex& w) const {
    const int q = kernelColumn(l, w);
    const LayerTrace& t = sampleLayer(l);
    const Index P = outputShape(l).size() / m_net.weightRows(l);
    const std::vector<Index>& cells = patchCells(l);
    Scalar sum = 0;
    for (Index pos = 0; pos < P; ++pos)  // Σ_y Σ_x δ[c, y, x] · in[ci, y s − p + i, x s − p + j]
        if (const Index at = cells[std::size_t(q * P + pos)]; at >= 0) sum += t.dZ(w.out * P + pos, 0) * t.input(at, 0);
    return sum;
}

MapCell BackpropStepper::poolWinner(int l, int unit) const {
    if (l < 0 || l >= m_net.layerCount() || m_net.layerKind(l) != LayerKind::MaxPool)
        throw std::out_of_range("layer " + std::to_string(l) + " is not a max pooling layer");
    const MapCell c = cellOf(l, unit);
    const LayerLayout& L = m_net.layout().layer(l);
    const int k = L.spec.kernel, s = L.spec.stride;
    const LayerTrace& t = sampleLayer(l);
    auto value = [&](int yy, int xx) { return t.input((Index(c.channel) * L.in.height + yy) * L.in.width + xx, 0); };
    int by = c.y * s, bx = c.x * s;
    for (int i = 0; i < k; ++i)  // the first maximum in reading order, NaN winning, as layers.cpp's poolForward
        for (int j = 0; j < k; ++j) {
            const Scalar v = value(c.y * s + i, c.x * s + j), best = value(by, bx);
            if (v > best || (v != v && best == best)) by = c.y * s + i, bx = c.x * s + j;
        }
    return {c.channel, by, bx};
}

// ---- names ---------------------------------------------------------------------------------------------------------

std::string BackpropStepper::cellName(const std::string& letter, int l, int unit) const {
    const std::string head = l < 0 ? "x" : letter + layerMark(l);
    if (!isMapLayer(l)) return head + subscript(unit + 1);
    const MapCell c = cellOf(l, unit);
    return head + triple(c.channel, c.y, c.x);
}

std::string BackpropStepper::inputCellName(int l, const MapCell& c) const {
    return cellName("a", l - 1, unitOf(l - 1, c));
}

std::string BackpropStepper::kernelName(int l, int c, int q) const {
    const KernelIndex w = kernelOf(l, q);
    return "W" + layerMark(l) + "[" + std::to_string(c) + ", " + std::to_string(w.in) + ", " + std::to_string(w.i) +
           ", " + std::to_string(w.j) + "]";
}

std::string BackpropStepper::parameterName(Index p) const {
    if (p < 0 || p >= m_net.parameterCount()) return "?";
    const int l = m_net.layerOf(p);
    if (m_net.layerKind(l) != LayerKind::Conv) return parameterSymbol(m_net, p);
    if (m_net.isBias(p)) return "b" + layerMark(l) + "[" + std::to_string(p - m_net.biasOffset(l)) + "]";
    const Index k = p - m_net.weightOffset(l);  // column-major: k = q · rows + c
    return kernelName(l, int(k % m_net.weightRows(l)), int(k / m_net.weightRows(l)));
}

// ---- texts ---------------------------------------------------------------------------------------------------------

std::string BackpropStepper::forwardForCell(int l, int unit) const {
    checkUnit(l, unit, true);
    if (l < 0) return cellName("x", -1, unit) + " = " + compact(activation(-1, unit)) + "  (an input)";
    const LayerLayout& L = m_net.layout().layer(l);
    const LayerTrace& t = sampleLayer(l);
    const std::string z = cellName("z", l, unit), a = cellName("a", l, unit);
    if (L.spec.kind == LayerKind::Flatten) {
        return a + " = " + cellName("a", l - 1, unit) + " = " + compact(t.a(unit, 0)) +
               "\nFlatten reads the maps as one vector, channel by channel and row by row: nothing is computed.";
    }
    const MapCell c = cellOf(l, unit);
    const int k = L.spec.kernel, s = L.spec.stride, pad = L.spec.padding;
    const int y0 = c.y * s - pad, x0 = c.x * s - pad;  // the window's top-left corner in the input
    const std::string in = l == 0 ? "x" : "a" + layerMark(l - 1);
    auto inputAt = [&](int ci, int yy, int xx) -> Scalar {
        if (yy < 0 || yy >= L.in.height || xx < 0 || xx >= L.in.width) return 0;  // the zero padding
        return t.input((Index(ci) * L.in.height + yy) * L.in.width + xx, 0);
    };
    const std::string where = range(y0, y0 + k - 1) + ", " + range(x0, x0 + k - 1);
    if (L.spec.kind == LayerKind::MaxPool || L.spec.kind == LayerKind::AvgPool) {
        std::vector<std::string> vals;
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j) vals.push_back(compact(inputAt(c.channel, y0 + i, x0 + j)));
        std::string list;
        for (std::size_t n = 0; n < vals.size(); ++n) list += (n ? ", " : "") + vals[n];
        if (L.spec.kind == LayerKind::MaxPool) {
            const MapCell w = poolWinner(l, unit);
            return z + " = max of " + in + "[" + std::to_string(c.channel) + ", " + where + "]\n  = max(" + list +
                   ")\n  = " + compact(t.z(unit, 0)) + "\nThe winner is " + inputCellName(l, w) +
                   " (the first largest in reading order): only it gets this cell's δ back.";
        }
        std::string sum;
        for (std::size_t n = 0; n < vals.size(); ++n) sum += (n ? " + " : "") + vals[n];
        return z + " = mean of " + in + "[" + std::to_string(c.channel) + ", " + where + "]\n  = (" + sum + ") / " +
               std::to_string(k * k) + "\n  = " + compact(t.z(unit, 0)) + "\nEach of the window's cells gets 1/" +
               std::to_string(k * k) + " of this cell's δ back.";
    }
    // A convolution: the kernel of output channel c over every input channel's window.
    const int cin = L.in.channels;
    const auto W = m_net.W(l);
    const Scalar b = m_net.b(l)(c.channel);
    const std::string ci = cin > 1 ? "ci" : "0";
    // in[ci, y s − p + i, x s − p + j] with this cell's y, x: the window starts at row y0, column x0.
    auto startPlus = [](int v, const char* idx) { return v == 0 ? std::string(idx) : std::to_string(v) + " + " + idx; };
    std::string s_ = z + " = " + (cin > 1 ? "Σ_ci " : "") + "Σᵢ Σⱼ W" + layerMark(l) + "[" + std::to_string(c.channel) +
                     ", " + ci + ", i, j] · " + in + "[" + ci + ", " + startPlus(y0, "i") + ", " + startPlus(x0, "j") +
                     "] + b" + layerMark(l) + "[" + std::to_string(c.channel) + "]\n";
    std::vector<std::string> terms;
    for (int chan = 0; chan < cin; ++chan) {
        std::vector<Scalar> window, kernel;
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j) {
                const Scalar w = W(c.channel, (chan * k + i) * k + j), v = inputAt(chan, y0 + i, x0 + j);
                window.push_back(v);
                kernel.push_back(w);
                terms.push_back(compactFactor(w) + " · " + compactFactor(v));
            }
        if (chan < 2)
            s_ += "window " + in + "[" + std::to_string(chan) + ", " + where + "] = " + matrixText(window, k, k) +
                  ",  kernel W" + layerMark(l) + "[" + std::to_string(c.channel) + ", " + std::to_string(chan) +
                  "] = " + matrixText(kernel, k, k) + "\n";
        else if (chan == 2) s_ += "(and " + std::to_string(cin - 2) + " more input channels)\n";
    }
    // A 2×2 kernel's products on one line, a larger kernel's one kernel row to a line; the bias ends the last line.
    const int perLine = k <= 2 ? k * k : k;
    s_ += "  = " + joinLines(terms, perLine, 3) + " + " + compactFactor(b) + "\n  = " + compact(t.z(unit, 0)) + "\n";
    const Activation f = L.spec.activation;
    s_ += a + " = " + activationSymbol(f) + "(" + compact(t.z(unit, 0)) + ") = " + compact(t.a(unit, 0));
    return s_;
}

std::string BackpropStepper::kernelContribution(int l, int c, int q) const {
    const KernelIndex w = kernelOf(l, q);
    const LayerLayout& L = m_net.layout().layer(l);
    const std::string in = l == 0 ? "x" : "a" + layerMark(l - 1);
    const int s = L.spec.stride, pad = L.spec.padding;
    return kernelName(l, c, q) + " = " + compact(m_net.W(l)(c, q)) + " multiplies " + in + "[" + std::to_string(w.in) +
           ", " + offsetExpr("y", s, w.i - pad) + ", " + offsetExpr("x", s, w.j - pad) + "] in every cell [" +
           std::to_string(c) + ", y, x] of map " + std::to_string(c) + " (" +
           std::to_string(L.out.height * L.out.width) + " positions): one weight, shared by all of them.";
}

std::string BackpropStepper::chainRuleForKernel(int l, const KernelIndex& w) const {
    const int q = kernelColumn(l, w);
    const LayerLayout& L = m_net.layout().layer(l);
    const int s = L.spec.stride, pad = L.spec.padding;
    const bool batch = sampleCount() > 1;
    const std::string name = kernelName(l, w.out, q);
    const std::string in = l == 0 ? "x" : "a" + layerMark(l - 1);
    const Index P = Index(L.out.height) * L.out.width;
    const std::vector<Index>& cells = patchCells(l);
    auto terms = [&](int n, Scalar* total) {
        const LayerTrace& t = sampleTrace(n).layers[std::size_t(l)];
        std::vector<std::string> out;
        Scalar sum = 0;
        for (Index pos = 0; pos < P; ++pos) {
            const Index at = cells[std::size_t(q * P + pos)];
            const Scalar d = t.dZ(w.out * P + pos, 0), v = at >= 0 ? t.input(at, 0) : 0;
            if (at >= 0) sum += d * v;
            // Positions that add nothing (δ = 0 behind a ReLU or a lost pooling window, an input of 0, the padding)
            // are counted, not written: the terms shown are the ones that make the sum.
            if (d * v != 0) out.push_back(factor(d) + " · " + compactFactor(v));
        }
        if (total) *total = sum;
        return out;
    };
    std::string text = std::string(batch ? "∂ℓ/∂" : "∂L/∂") + name + " = Σ_y Σ_x δ" + layerMark(l) + "[" +
                       std::to_string(w.out) + ", y, x] · " + in + "[" + std::to_string(w.in) + ", " +
                       offsetExpr("y", s, w.i - pad) + ", " + offsetExpr("x", s, w.j - pad) + "]\n";
    Scalar own = 0;
    const std::vector<std::string> mine = terms(m_sample, &own);
    text += "  = " + (mine.empty() ? std::string("0") : joinLines(mine, 2, 3)) + "\n  = ";
    const Index silent = P - Index(mine.size());
    std::string positions = "   (" + std::to_string(P) + " positions";
    if (silent > 0) positions += "; " + std::to_string(silent) + " add 0: δ = 0, input 0 or padding";
    positions += ")";
    if (!batch) return text + formatNumber(weightGradientMean(l, w.out, q)) + positions;
    text += formatNumber(own) + positions + ", sample " + std::to_string(m_sample + 1) + "\n";
    std::vector<std::string> means;
    for (int n = 0; n < sampleCount(); ++n) {
        Scalar v = 0;
        terms(n, &v);
        means.push_back(factor(v));
    }
    const std::string N = std::to_string(sampleCount());
    return text + "∂L/∂" + name + " = (1/" + N + ") Σₙ ∂ℓₙ/∂" + name + "\n  = (1/" + N + ")(" + joinLines(means, 3, 2) +
           ")\n  = " + formatNumber(weightGradientMean(l, w.out, q));
}

std::string BackpropStepper::chainRuleForConvBias(int l, int c) const {
    const LayerLayout& L = m_net.layout().layer(l);
    const Index P = Index(L.out.height) * L.out.width;
    const bool batch = sampleCount() > 1;
    const std::string b = "b" + layerMark(l) + "[" + std::to_string(c) + "]";
    std::vector<std::string> terms;
    for (Index pos = 0; pos < P; ++pos)
        if (const Scalar d = sampleLayer(l).dZ(c * P + pos, 0); d != 0) terms.push_back(factor(d));
    const std::string zeros = Index(terms.size()) < P ? "   (" + std::to_string(P - Index(terms.size())) + " of " +
                                                            std::to_string(P) + " positions have δ = 0)"
                                                      : "";
    std::string text = std::string(batch ? "∂ℓ/∂" : "∂L/∂") + b + " = Σ_y Σ_x δ" + layerMark(l) + "[" +
                       std::to_string(c) + ", y, x]" + zeros +
                       "\n  = " + (terms.empty() ? std::string("0") : joinLines(terms, 3, 2)) + "\n  = ";
    if (!batch) return text + formatNumber(biasGradientMean(l, c));
    return text + formatNumber(sampleLayer(l).dZ.col(0).segment(c * P, P).sum()) + "   (sample " +
           std::to_string(m_sample + 1) + ")\n∂L/∂" + b +
           " = the mean over the batch = " + formatNumber(biasGradientMean(l, c));
}

// ∂L/∂a of unit `unit` of layer l, gathered from the layer above, with the numbers.
std::string BackpropStepper::gatheredGradient(int l, int unit) const {
    const int up = l + 1;
    const LayerLayout& U = m_net.layout().layer(up);
    const LayerTrace& t = sampleLayer(l);
    const LayerTrace& above = sampleLayer(up);
    const std::string dA = "∂L/∂" + cellName("a", l, unit);
    const std::string result = formatNumber(t.dA(unit, 0));
    switch (U.spec.kind) {
    case LayerKind::Dense: {
        std::vector<std::string> terms;
        const auto W = m_net.W(up);
        for (int k = 0; k < m_net.weightRows(up); ++k)
            terms.push_back(factor(W(k, unit)) + " · " + factor(above.dZ(k, 0)));
        return dA + " = Σₖ w" + layerMark(up) + "ₖ" + subscript(unit + 1) + " δ" + layerMark(up) +
               "ₖ\n  = " + joinLines(terms, 2, 2) + "\n  = " + result;
    }
    case LayerKind::Flatten:
        return dA + " = " + cellName("δ", up, unit) + " (the same value, read as a vector) = " + result;
    case LayerKind::MaxPool:
    case LayerKind::AvgPool: {
        const MapCell c = cellOf(l, unit);
        const int k = U.spec.kernel, s = U.spec.stride;
        std::vector<std::string> terms;
        for (int y = 0; y < U.out.height; ++y)
            for (int x = 0; x < U.out.width; ++x) {
                if (c.y < y * s || c.y >= y * s + k || c.x < x * s || c.x >= x * s + k) continue;
                const int o = unitOf(up, {c.channel, y, x});
                if (U.spec.kind == LayerKind::MaxPool) {
                    if (poolWinner(up, o) == c)
                        terms.push_back("δ" + layerMark(up) + triple(c.channel, y, x) + " = " +
                                        formatNumber(above.dZ(o, 0)) + " (it won that window)");
                } else {
                    terms.push_back("δ" + layerMark(up) + triple(c.channel, y, x) + " / " + std::to_string(k * k));
                }
            }
        if (terms.empty()) return dA + " = 0: this value won no pooling window, so no gradient comes back to it";
        return dA + " = " + joinLines(terms, 1, 3) + "\n  = " + result;
    }
    case LayerKind::Conv: {
        // ∂L/∂a[ci, yy, xx] = Σ_c Σ over the positions whose window covered it of W[c, ci, i, j] δ[c, y, x]
        const MapCell c = cellOf(l, unit);
        const int k = U.spec.kernel, s = U.spec.stride, pad = U.spec.padding;
        const auto W = m_net.W(up);
        std::vector<std::string> terms;
        for (int o = 0; o < U.out.channels; ++o)
            for (int i = 0; i < k; ++i)
                for (int j = 0; j < k; ++j) {
                    const int ny = c.y + pad - i, nx = c.x + pad - j;
                    if (ny < 0 || nx < 0 || ny % s || nx % s || ny / s >= U.out.height || nx / s >= U.out.width)
                        continue;
                    const int cell = unitOf(up, {o, ny / s, nx / s});
                    terms.push_back(factor(W(o, (c.channel * k + i) * k + j)) + " · " + factor(above.dZ(cell, 0)));
                }
        return dA + " = Σ W" + layerMark(up) + "[c, " + std::to_string(c.channel) + ", i, j] · δ" + layerMark(up) +
               "[c, y, x] over every window that covered it\n  = " +
               (terms.empty() ? std::string("0") : joinLines(terms, 2, 2)) + "\n  = " + result;
    }
    }
    return dA + " = " + result;
}

std::string BackpropStepper::chainRuleForCell(int l, int unit) const {
    checkUnit(l, unit, true);
    if (l < 0) return cellName("x", -1, unit) + " is an input: it has no δ (nothing below it learns).";
    const LayerTrace& t = sampleLayer(l);
    const std::string d = cellName("δ", l, unit);
    const std::string gathered = gatheredGradient(l, unit);
    if (!hasParameters(m_net.layerKind(l)))  // pooling and flatten pass the gradient on: δ = ∂L/∂a
        return d + " = ∂L/∂" + cellName("a", l, unit) + " (no activation here)\n" + gathered;
    const Activation f = m_net.spec().layers[std::size_t(l)].activation;
    const Scalar fp = activationDerivative(f, t.z(unit, 0), t.a(unit, 0));
    return d + " = f′(" + cellName("z", l, unit) + ") · ∂L/∂" + cellName("a", l, unit) + "\n  = " + formatNumber(fp) +
           " · " + factor(t.dA(unit, 0)) + " = " + formatNumber(t.dZ(unit, 0)) + "\n" + gathered +
           "\nf′(z) = " + activationDerivativeFormula(f) + " = " + formatNumber(fp);
}

// ---- tables --------------------------------------------------------------------------------------------------------

StepTable BackpropStepper::mapForwardTable(int l) const {
    StepTable t;
    const LayerKind kind = m_net.layerKind(l);
    const bool map = isMapLayer(l);
    if (kind == LayerKind::Conv)
        t.headers = {"cell [c, y, x]", "z",
                     "a = " + activationSymbol(m_net.spec().layers[std::size_t(l)].activation) + "(z)"};
    else if (kind == LayerKind::MaxPool) t.headers = {"cell [c, y, x]", "max", "won by"};
    else if (kind == LayerKind::AvgPool) t.headers = {"cell [c, y, x]", "mean"};
    else t.headers = {"unit", "value", "from"};
    const int units = m_net.layerUnits(l);
    for (int j = 0; j < units && int(t.rows.size()) < kMaxTableRows; ++j) {
        std::vector<std::string> cells;
        if (map) {
            const MapCell c = cellOf(l, j);
            cells.push_back(triple(c.channel, c.y, c.x));
        } else {
            cells.push_back(std::to_string(j + 1));
        }
        cells.push_back(formatNumber(preActivation(l, j)));
        if (kind == LayerKind::Conv) cells.push_back(formatNumber(activation(l, j)));
        else if (kind == LayerKind::MaxPool) cells.push_back(inputCellName(l, poolWinner(l, j)));
        else if (kind == LayerKind::Flatten) cells.push_back(cellName("a", l - 1, j));
        t.rows.push_back({StepItem::neuron(l, j), std::move(cells)});
    }
    t.omitted = units - Index(t.rows.size());
    return t;
}

StepTable BackpropStepper::mapBackwardTable(int l) const {
    BackwardRows rows = backwardRows();
    const bool batch = rows.batch;
    const std::string d = batch ? "∂ℓ/∂" : "∂L/∂";
    auto add = [&rows](StepItem item, std::string name, Scalar v, Scalar mean, bool hasMean) {
        rows.add(item, std::move(name), v, mean, hasMean);
    };
    // The weights first: a map has many cells, its kernel few weights, and they are what the phase is about.
    if (m_net.layerKind(l) == LayerKind::Conv) {
        const LayerLayout& L = m_net.layout().layer(l);
        const Index P = Index(L.out.height) * L.out.width;
        for (int c = 0; c < m_net.weightRows(l); ++c) {
            for (int q = 0; q < m_net.weightCols(l); ++q)
                add(StepItem::weight(l, c, q), d + kernelName(l, c, q), weightGradient(l, c, q),
                    weightGradientMean(l, c, q), true);
            add(StepItem::bias(l, c), d + "b" + layerMark(l) + "[" + std::to_string(c) + "]",
                sampleLayer(l).dZ.col(0).segment(c * P, P).sum(), biasGradientMean(l, c), true);
        }
    }
    for (int j = 0; j < m_net.layerUnits(l); ++j)
        add(StepItem::neuron(l, j), cellName("δ", l, j), delta(l, j), 0, false);
    return rows.table;
}

}  // namespace engine
