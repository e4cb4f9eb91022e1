// GCC 12 reports a false -Wrestrict inside libstdc++ for "literal" + std::string once inlined (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "engine/math_text.h"
#include <cmath>
#include <cstdio>
#include <string_view>

namespace engine {
namespace {

const char* const kSub[10] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
const char* const kSup[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
constexpr std::string_view kMinus = "−";  // U+2212: reads as a minus sign, not a hyphen, in every font

std::string digits(long long n, const char* const* table, const char* minus) {
    std::string s;
    if (n < 0) s += minus, n = -n;
    const std::string d = std::to_string(n);
    for (char c : d) s += table[c - '0'];
    return s;
}

// Replaces ASCII '-' by the Unicode minus and drops the exponent's '+' and leading zeros: "1.23e-05" -> "1.23e−5".
std::string tidy(std::string s) {
    const auto e = s.find('e');
    if (e != std::string::npos) {
        std::string mant = s.substr(0, e), ex = s.substr(e + 1);
        bool neg = false;
        if (!ex.empty() && (ex[0] == '-' || ex[0] == '+')) neg = ex[0] == '-', ex.erase(0, 1);
        while (ex.size() > 1 && ex[0] == '0') ex.erase(0, 1);
        s = mant + "e" + (neg ? "-" : "") + ex;
    }
    std::string out;
    for (char c : s) {
        if (c == '-') out += kMinus;
        else out += c;
    }
    return out;
}

}  // namespace

std::string formatNumber(double v, int decimals) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "∞" : std::string(kMinus) + "∞";
    char buf[64];
    if (v != 0 && std::abs(v) < 1e-3) std::snprintf(buf, sizeof buf, "%.3g", v);
    else if (std::abs(v) >= 1e7) std::snprintf(buf, sizeof buf, "%.4g", v);
    else std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);  // no "−0.0000"
    return tidy(s);
}

std::string factor(double v, int decimals) {
    const std::string s = formatNumber(v, decimals);
    return v < 0 ? "(" + s + ")" : s;
}

std::string formatConstant(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return tidy(buf);
}

std::string compact(double v) {
    if (std::isfinite(v) && v == std::round(v) && std::abs(v) < 1e6) return formatConstant(v);
    return formatNumber(v);
}

std::string compactFactor(double v) { return v < 0 ? "(" + compact(v) + ")" : compact(v); }

std::string subscript(int n) { return digits(n, kSub, "₋"); }
std::string superscript(int n) { return digits(n, kSup, "⁻"); }
std::string layerMark(int l) { return "⁽" + superscript(l + 1) + "⁾"; }

std::string subscriptPair(int first, int second) {
    if (first >= 10 || second >= 10) return subscript(first) + "," + subscript(second);
    return subscript(first) + subscript(second);
}

std::string inputSymbol(int i) { return "x" + subscript(i + 1); }
std::string activationSymbol(int l, int j) { return l < 0 ? inputSymbol(j) : "a" + layerMark(l) + subscript(j + 1); }
std::string preActivationSymbol(int l, int j) { return "z" + layerMark(l) + subscript(j + 1); }
std::string deltaSymbol(int l, int j) { return "δ" + layerMark(l) + subscript(j + 1); }
std::string weightSymbol(int l, int j, int i) { return "w" + layerMark(l) + subscriptPair(j + 1, i + 1); }
std::string biasSymbol(int l, int j) { return "b" + layerMark(l) + subscript(j + 1); }

std::string parameterSymbol(const Network& net, Index p) {
    if (p < 0 || p >= net.parameterCount()) return "?";
    const int l = net.layerOf(p);
    if (net.isBias(p)) return biasSymbol(l, int(p - net.biasOffset(l)));
    const Index k = p - net.weightOffset(l);  // column-major: k = i * units + j
    const int units = net.weightRows(l);
    return weightSymbol(l, int(k % units), int(k / units));
}

std::string layerName(const NetworkSpec& spec, int l) {
    if (l < 0) return "input";
    if (l == int(spec.layers.size()) - 1) return "output";
    return "hidden " + std::to_string(l + 1);
}

std::string activationDerivativeFormula(Activation f) {
    switch (f) {
    case Activation::Step: return "0";
    case Activation::Identity: return "1";
    case Activation::Sigmoid: return "a(1 − a)";
    case Activation::Tanh: return "1 − a²";
    case Activation::ReLU: return "1 if z > 0, else 0";
    case Activation::LeakyReLU: return "1 if z > 0, else 0.01";
    case Activation::ELU: return "1 if z > 0, else a + 1";
    case Activation::Softplus: return "σ(z)";
    case Activation::Sine: return "cos z";
    case Activation::Softmax: return "a_j(δ_jk − a_k)";
    }
    return "f′(z)";
}

std::string activationSymbol(Activation f) {
    switch (f) {
    case Activation::Step: return "step";
    case Activation::Identity: return "id";
    case Activation::Sigmoid: return "σ";
    case Activation::Tanh: return "tanh";
    case Activation::ReLU: return "ReLU";
    case Activation::LeakyReLU: return "LReLU";
    case Activation::ELU: return "ELU";
    case Activation::Softplus: return "softplus";
    case Activation::Sine: return "sin";
    case Activation::Softmax: return "softmax";
    }
    return "f";
}

std::string optimizerTitle(OptimizerKind k) { return optimizerLabel(k); }

}  // namespace engine
