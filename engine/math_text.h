// Plain-text mathematics for the step-through and comparison views: numbers as a teacher writes them, Unicode sub- and
// superscripts, and the symbol of every parameter. One notation everywhere: layers are numbered from 1 (layer 1 = the
// first hidden layer, written ⁽¹⁾; engine layer l is ⁽ˡ⁺¹⁾), units and inputs from 1, the network's inputs are x, and
// w⁽ˡ⁾ⱼᵢ is W_l(j, i), the weight into unit j from input i (Nielsen's order: target first, as in W a).
#pragma once
#include "engine/activation.h"
#include "engine/network.h"
#include "engine/optimizer.h"
#include <string>

namespace engine {

// Four decimals ("0.2130", "−0.8742", a Unicode minus); a non-zero value below 1e-3 keeps three significant digits
// ("1.23e−5") instead of reading 0.0000. Infinity and NaN read "∞", "−∞", "NaN".
std::string formatNumber(double v, int decimals = 4);
// As formatNumber, but wrapped in parentheses when negative, for products: "(−0.2151)".
std::string factor(double v, int decimals = 4);
// A hyper-parameter as set, shortest form ("0.001", "0.9", "1e−8").
std::string formatConstant(double v);
// A whole number without decimals ("13", "−1": the seed's example, pixel values, targets), anything else as
// formatNumber; compactFactor wraps a negative one in parentheses for a product.
std::string compact(double v);
std::string compactFactor(double v);

std::string subscript(int n);    // 12 -> "₁₂"
std::string superscript(int n);  // 12 -> "¹²"
// "⁽²⁾": the layer mark of engine layer l (0-based), i.e. l + 1.
std::string layerMark(int l);
// Subscript of two indices: "₂₁", or "₁₂,₃" when either is 10 or more.
std::string subscriptPair(int first, int second);

// Symbols, with engine indices (0-based) and 1-based text. Layer -1 is the input: inputSymbol.
std::string inputSymbol(int i);                 // "x₁"
std::string activationSymbol(int l, int j);     // "a⁽¹⁾₂", or "x₂" for l = -1
std::string preActivationSymbol(int l, int j);  // "z⁽¹⁾₂"
std::string deltaSymbol(int l, int j);          // "δ⁽¹⁾₂"
std::string weightSymbol(int l, int j, int i);  // "w⁽¹⁾₂₁": W_l(j, i), from input i to unit j
std::string biasSymbol(int l, int j);           // "b⁽¹⁾₂"
// The symbol of flat parameter p of `net`.
std::string parameterSymbol(const Network& net, Index p);
// "SGD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "NAdam": an optimizer as views name it.
std::string optimizerTitle(OptimizerKind k);
// "hidden 1", ..., "output"; "input" for l = -1.
std::string layerName(const NetworkSpec& spec, int l);

// The derivative written in the outputs a (or z) the view already shows: "a(1 − a)", "1 − a²", "1 if z > 0, else 0".
std::string activationDerivativeFormula(Activation f);
// "σ", "tanh", "ReLU", ... as written in front of (z).
std::string activationSymbol(Activation f);

}  // namespace engine
