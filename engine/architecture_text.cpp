#include "engine/architecture_text.h"
#include "engine/param_layout.h"
#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace engine {

namespace {
// "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax, cross_entropy": the input, each layer as one clause, the loss.
std::string formatTyped(const NetworkSpec& spec) {
    std::ostringstream s;
    if (spec.inputHeight > 0 || spec.inputWidth > 0) {
        const int area = spec.inputHeight * spec.inputWidth;
        s << spec.inputHeight << 'x' << spec.inputWidth << 'x' << (area > 0 ? spec.inputs / area : 0);
    } else s << spec.inputs;
    // An image input followed by dense layers only names them "dense", so that the text reads as the typed form.
    const bool onlyDense = std::all_of(spec.layers.begin(), spec.layers.end(),
                                       [](const LayerSpec& l) { return l.kind == LayerKind::Dense; });
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        s << (i == 0 ? " " : ", ");
        switch (l.kind) {
        case LayerKind::Dense:
            s << (onlyDense ? "dense " : "") << l.units << ' ' << activationName(l.activation);
            break;
        case LayerKind::Conv:
            s << "conv" << l.kernel << 'x' << l.kernel << 'x' << l.units << ' ' << activationName(l.activation);
            if (l.padding != 0) s << " pad" << l.padding;
            if (l.stride != 1) s << " stride" << l.stride;
            break;
        case LayerKind::MaxPool:
        case LayerKind::AvgPool:
            s << layerKindName(l.kind) << l.kernel;
            if (l.stride != l.kernel) s << " stride" << l.stride;
            break;
        case LayerKind::Flatten: s << "flatten"; break;
        }
    }
    s << ", " << lossName(spec.loss);
    return s.str();
}
}  // namespace

std::string formatArchitecture(const NetworkSpec& spec) {
    const bool dense = spec.inputHeight == 0 && spec.inputWidth == 0 &&
                       std::all_of(spec.layers.begin(), spec.layers.end(),
                                   [](const LayerSpec& l) { return l.kind == LayerKind::Dense; });
    if (!dense) return formatTyped(spec);
    std::ostringstream s;
    s << spec.inputs;
    for (const LayerSpec& l : spec.layers) s << '-' << l.units;
    const std::size_t hidden = spec.layers.empty() ? 0 : spec.layers.size() - 1;
    if (hidden > 0) {
        bool same = true;
        for (std::size_t i = 1; i < hidden; ++i) same = same && spec.layers[i].activation == spec.layers[0].activation;
        if (same) s << ' ' << activationName(spec.layers[0].activation);
        else
            for (std::size_t i = 0; i < hidden; ++i) s << (i ? "/" : " ") << activationName(spec.layers[i].activation);
    }
    if (!spec.layers.empty()) s << (hidden > 0 ? ", " : " ") << activationName(spec.layers.back().activation) << " out";
    s << ", " << lossName(spec.loss);
    return s.str();
}

namespace {

std::string lower(std::string_view w) {
    std::string n(w);
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::replace(n.begin(), n.end(), '-', '_');
    return n;
}

std::optional<Activation> activationWord(std::string_view w) {
    const std::string n = lower(w);
    if (n == "none" || n == "id" || n == "lin") return Activation::Identity;
    if (n == "logistic" || n == "sigm") return Activation::Sigmoid;
    if (n == "leaky") return Activation::LeakyReLU;
    return activationFromName(n);
}

std::optional<Loss> lossWord(std::string_view w) {
    const std::string n = lower(w);
    for (const char* a : {"mse", "l2", "squared", "squared_error", "mean_squared_error", "quadratic"})
        if (n == a) return Loss::MSE;
    for (const char* a : {"bce", "binary_cross_entropy", "binary_crossentropy", "logloss", "log_loss"})
        if (n == a) return Loss::BinaryCrossEntropy;
    for (const char* a : {"cross_entropy", "crossentropy", "ce", "softmax_cross_entropy", "categorical_cross_entropy",
                          "categorical_crossentropy", "xent"})
        if (n == a) return Loss::SoftmaxCrossEntropy;
    return std::nullopt;
}

// 'word' (built by appending: GCC 12 warns falsely on "'" + std::string(...)).
std::string quoted(std::string_view w) {
    std::string s;
    s.reserve(w.size() + 2);
    s.push_back('\'');
    s.append(w);
    s.push_back('\'');
    return s;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// The first position at or after p that is not a space.
std::size_t skipSpacesFrom(std::string_view t, std::size_t p) {
    while (p < t.size() && isSpace(t[p])) ++p;
    return p;
}
// "×" in UTF-8.
bool isTimes(std::string_view t, std::size_t p) { return p + 1 < t.size() && t[p] == '\xC3' && t[p + 1] == '\x97'; }

struct Token {
    enum Kind { Word, Slash, Sep, Colon, Number, Other };
    Kind kind;
    int pos, len;
    std::string_view text;
};

// What both forms share: the text, and messages naming a token and where it stands.
class TextParser {
protected:
    TextParser(std::string_view text, int requiredInputs) : m_text(text), m_required(requiredInputs) {}
    // 1-based character (not byte) number of a byte offset, for messages.
    int column(int pos) const {
        int c = 1;
        for (int i = 0; i < pos && i < int(m_text.size()); ++i)
            if ((static_cast<unsigned char>(m_text[std::size_t(i)]) & 0xC0) != 0x80) ++c;
        return c;
    }
    std::string at(int pos) const { return "at character " + std::to_string(column(pos)); }
    ArchitectureParseResult fail(std::string msg, int pos, int len) const {
        ArchitectureParseResult r;
        r.error = std::move(msg);
        r.position = pos;
        r.length = len;
        return r;
    }
    std::string quote(const Token& t) const { return quoted(t.text); }

    std::string_view m_text;
    int m_required;
};

class Parser : TextParser {
public:
    Parser(std::string_view text, int requiredInputs) : TextParser(text, requiredInputs) {}
    ArchitectureParseResult run();

private:
    bool parseSizes(ArchitectureParseResult& error);
    bool tokenize(ArchitectureParseResult& error);

    std::size_t m_p = 0;
    std::vector<long long> m_sizes;
    std::vector<int> m_sizePos, m_sizeLen;
    std::vector<Token> m_tokens;
};

bool Parser::parseSizes(ArchitectureParseResult& error) {
    const std::string_view t = m_text;
    auto skipSpaces = [&](std::size_t p) { return skipSpacesFrom(t, p); };
    // "2x8": an 'x' between sizes (not the start of a word).
    auto xSeparatorAt = [&](std::size_t q) {
        if (q >= t.size() || (t[q] != 'x' && t[q] != 'X')) return false;
        const std::size_t r = skipSpaces(q + 1);
        return r < t.size() && isDigit(t[r]);
    };
    std::size_t p = skipSpaces(0);
    if (p >= t.size()) {
        error = fail("the text is empty: write the layer sizes first, such as 2-4-1", -1, 0);
        return false;
    }
    if (!isDigit(t[p])) {
        std::size_t e = p;
        while (e < t.size() && !isSpace(t[e]) && t[e] != ',' && t[e] != '-') ++e;
        const int len = int(std::max<std::size_t>(1, e - p));
        error = fail(quoted(t.substr(p, std::size_t(len))) + " " + at(int(p)) +
                         ": the text starts with the layer sizes, such as 2-4-1",
                     int(p), len);
        return false;
    }
    for (;;) {
        const std::size_t start = p;
        while (p < t.size() && isDigit(t[p])) ++p;
        const std::string_view digits = t.substr(start, p - start);
        if (p < t.size() && (isLetter(t[p]) || t[p] == '_') && !xSeparatorAt(p)) {  // "8a", "4tanh"
            std::size_t e = p;
            while (e < t.size() && !isSpace(t[e]) && t[e] != ',' && t[e] != '-') ++e;
            error = fail(quoted(t.substr(start, e - start)) + " " + at(int(start)) +
                             " is not a layer size: sizes are whole numbers joined by '-'",
                         int(start), int(e - start));
            return false;
        }
        if (digits.size() > 9) {
            error = fail("the layer size " + std::string(digits) + " " + at(int(start)) + " is too large", int(start),
                         int(digits.size()));
            return false;
        }
        m_sizes.push_back(std::stoll(std::string(digits)));
        m_sizePos.push_back(int(start));
        m_sizeLen.push_back(int(digits.size()));

        // A separator, then another size; or the end of the sizes.
        std::size_t q = skipSpaces(p);
        if (q >= t.size()) {
            p = q;
            break;
        }
        if (isDigit(t[q])) {  // "2 8 1": spaces alone separate sizes
            p = q;
            continue;
        }
        std::size_t sepLen = 0;
        if (t[q] == '-' || t[q] == 'x' || t[q] == 'X' || t[q] == '*' || t[q] == ',') sepLen = 1;
        else if (isTimes(t, q)) sepLen = 2;
        if (sepLen == 0) {
            p = q;
            break;
        }
        const std::size_t r = skipSpaces(q + sepLen);
        if (r < t.size() && isDigit(t[r])) {
            p = r;
            continue;
        }
        // A comma ends the sizes (", tanh"); so does an 'x' that begins a word. Any other separator needs a size.
        if (t[q] == ',' || ((t[q] == 'x' || t[q] == 'X') && q + 1 < t.size() && isLetter(t[q + 1]))) {
            p = q;
            break;
        }
        error = fail(quoted(t.substr(q, sepLen)) + " " + at(int(q)) + " must be followed by a layer size", int(q),
                     int(sepLen));
        return false;
    }
    m_p = p;
    return true;
}

bool Parser::tokenize(ArchitectureParseResult& error) {
    const std::string_view t = m_text;
    std::size_t p = m_p;
    while (p < t.size()) {
        const char c = t[p];
        if (isSpace(c)) {
            ++p;
            continue;
        }
        const std::size_t start = p;
        Token::Kind kind;
        if (isLetter(c)) {
            while (p < t.size() && (isLetter(t[p]) || isDigit(t[p]) || t[p] == '_' || t[p] == '-')) ++p;
            kind = Token::Word;
        } else if (isDigit(c)) {
            while (p < t.size() && (isDigit(t[p]) || t[p] == '.')) ++p;
            kind = Token::Number;
        } else if (c == '/') {
            ++p;
            kind = Token::Slash;
        } else if (c == ',' || c == ';') {
            ++p;
            kind = Token::Sep;
        } else if (c == ':' || c == '=') {
            ++p;
            kind = Token::Colon;
        } else {
            ++p;
            while (p < t.size() && (static_cast<unsigned char>(t[p]) & 0xC0) == 0x80) ++p;  // the whole UTF-8 character
            kind = Token::Other;
        }
        m_tokens.push_back({kind, int(start), int(p - start), t.substr(start, p - start)});
        const Token& k = m_tokens.back();
        if (kind == Token::Number) {
            error = fail("the number " + quote(k) + " " + at(k.pos) +
                             " is out of place: all the layer sizes come first, joined by '-' (such as 2-8-8-1)",
                         k.pos, k.len);
            return false;
        }
        if (kind == Token::Other) {
            error = fail("unexpected " + quote(k) + " " + at(k.pos), k.pos, k.len);
            return false;
        }
    }
    return true;
}

enum class WordKind { Activation, Loss, Out, Hidden, LossKeyword, Unknown };

WordKind classify(std::string_view w) {
    const std::string n = lower(w);
    if (n == "out" || n == "output" || n == "outputs") return WordKind::Out;
    if (n == "hidden") return WordKind::Hidden;
    if (n == "loss") return WordKind::LossKeyword;
    if (activationWord(w)) return WordKind::Activation;
    if (lossWord(w)) return WordKind::Loss;
    return WordKind::Unknown;
}

ArchitectureParseResult Parser::run() {
    ArchitectureParseResult bad;
    if (!parseSizes(bad) || !tokenize(bad)) return bad;

    // Words after the sizes.
    struct Group {
        std::vector<Activation> acts;
        int pos = -1, len = 0;
        bool set() const { return pos >= 0; }
    };
    Group hidden, output;
    std::optional<Loss> loss;
    int lossPos = -1, lossLen = 0;
    const std::size_t n = m_tokens.size();
    auto isWord = [&](std::size_t i, WordKind k) {
        return i < n && m_tokens[i].kind == Token::Word && classify(m_tokens[i].text) == k;
    };
    auto skipColons = [&](std::size_t i) {
        while (i < n && m_tokens[i].kind == Token::Colon) ++i;
        return i;
    };
    enum class Expect { Any, Output, Hidden, Loss } expect = Expect::Any;
    int expectPos = -1, expectLen = 0;
    const char* kExpected =
        "expected an activation (tanh, relu, sigmoid, ...), 'out', or a loss (mse, bce, cross_entropy)";

    for (std::size_t i = 0; i < n;) {
        const Token& tok = m_tokens[i];
        if (tok.kind == Token::Sep || tok.kind == Token::Colon) {
            ++i;
            continue;
        }
        if (tok.kind == Token::Slash)
            return fail("'/' " + at(tok.pos) + " must stand between two activations, such as relu/tanh", tok.pos,
                        tok.len);
        const WordKind kind = classify(tok.text);
        if (kind == WordKind::Unknown)
            return fail("unknown word " + quote(tok) + " " + at(tok.pos) + ": " + kExpected, tok.pos, tok.len);

        if (expect == Expect::Loss && kind != WordKind::Loss)
            return fail("'loss' " + at(expectPos) + " must name a loss (mse, bce, cross_entropy); " + quote(tok) +
                            " is not one",
                        expectPos, expectLen);
        if ((expect == Expect::Output || expect == Expect::Hidden) && kind != WordKind::Activation) {
            const std::string word(m_text.substr(std::size_t(expectPos), std::size_t(expectLen)));
            return fail(quoted(word) + " " + at(expectPos) + " must come with an activation, such as " +
                            (expect == Expect::Output ? "'sigmoid out'" : "'hidden relu'"),
                        expectPos, expectLen);
        }

        switch (kind) {
        case WordKind::Out:
        case WordKind::Hidden:
            expect = kind == WordKind::Out ? Expect::Output : Expect::Hidden;
            expectPos = tok.pos;
            expectLen = tok.len;
            i = skipColons(i + 1);
            continue;
        case WordKind::LossKeyword:
            // "bce loss" (the loss just named) or "loss: bce" (the loss to come).
            if (i > 0 && lossPos >= 0 && lossPos == m_tokens[i - 1].pos) {
                ++i;
                continue;
            }
            expect = Expect::Loss;
            expectPos = tok.pos;
            expectLen = tok.len;
            i = skipColons(i + 1);
            continue;
        case WordKind::Loss:
            if (loss)
                return fail("a second loss " + quote(tok) + " " + at(tok.pos) + ": the text already chose '" +
                                std::string(m_text.substr(std::size_t(lossPos), std::size_t(lossLen))) +
                                "'. Name one loss",
                            tok.pos, tok.len);
            loss = lossWord(tok.text);
            lossPos = tok.pos;
            lossLen = tok.len;
            expect = Expect::Any;
            ++i;
            continue;
        case WordKind::Activation: break;
        default: break;
        }

        // An activation, or several joined by '/'.
        Group g;
        g.pos = tok.pos;
        std::size_t j = i;
        for (;;) {
            const Token& a = m_tokens[j];
            if (a.kind != Token::Word || classify(a.text) != WordKind::Activation) {
                if (a.kind == Token::Word && classify(a.text) == WordKind::Unknown)
                    return fail(
                        "unknown activation " + quote(a) + " " + at(a.pos) +
                            ": expected tanh, relu, sigmoid, identity, leaky_relu, elu, softplus, sine, step or "
                            "softmax",
                        a.pos, a.len);
                return fail(quote(a) + " " + at(a.pos) +
                                " is not an activation; '/' joins activations, such as relu/tanh",
                            a.pos, a.len);
            }
            g.acts.push_back(*activationWord(a.text));
            g.len = a.pos + a.len - g.pos;
            if (j + 1 < n && m_tokens[j + 1].kind == Token::Slash) {
                if (j + 2 >= n) {
                    const Token& s = m_tokens[j + 1];
                    return fail("'/' " + at(s.pos) + " must be followed by an activation", s.pos, s.len);
                }
                j += 2;
                continue;
            }
            break;
        }
        i = j + 1;
        // Its role: "out" before it or after it makes it the output's; "hidden" before or after, the hidden layers'.
        bool isOutput = expect == Expect::Output, isHidden = expect == Expect::Hidden;
        const std::size_t after = skipColons(i);
        if (!isOutput && !isHidden && isWord(after, WordKind::Out)) isOutput = true, i = after + 1;
        else if (!isOutput && !isHidden && isWord(after, WordKind::Hidden)) isHidden = true, i = after + 1;
        expect = Expect::Any;
        const std::string text(m_text.substr(std::size_t(g.pos), std::size_t(g.len)));
        if (isOutput) {
            if (output.set())
                return fail("a second output activation '" + text + "' " + at(g.pos) + ". Name one output activation",
                            g.pos, g.len);
            if (g.acts.size() > 1)
                return fail("the output layer takes one activation, not '" + text + "' " + at(g.pos), g.pos, g.len);
            output = g;
        } else {
            if (hidden.set())
                return fail(
                    "a second hidden activation '" + text + "' " + at(g.pos) +
                        ": join per-layer activations with '/' (relu/tanh), and write the output's as 'sigmoid out'",
                    g.pos, g.len);
            hidden = g;
        }
    }
    if (expect != Expect::Any) {
        const std::string word(m_text.substr(std::size_t(expectPos), std::size_t(expectLen)));
        return fail(quoted(word) + " " + at(expectPos) + " must be followed by " +
                        (expect == Expect::Loss ? "a loss (mse, bce, cross_entropy)" : "an activation"),
                    expectPos, expectLen);
    }

    // Sizes.
    if (m_sizes.size() < 2)
        return fail("only one size " + at(m_sizePos[0]) +
                        ": give the inputs and the output at least, such as 2-1 (or 2-4-1 with a hidden layer)",
                    m_sizePos[0], m_sizeLen[0]);
    for (std::size_t k = 0; k < m_sizes.size(); ++k) {
        if (m_sizes[k] >= 1) continue;
        const std::string what = k == 0 ? "the network needs at least one input"
                                        : (k + 1 == m_sizes.size() ? "the output layer needs at least one neuron"
                                                                   : "a layer needs at least one neuron");
        return fail("size 0 " + at(m_sizePos[k]) + ": " + what, m_sizePos[k], m_sizeLen[k]);
    }
    if (m_required >= 0 && m_sizes[0] != m_required)
        return fail("the text starts with " + std::to_string(m_sizes[0]) + " inputs " + at(m_sizePos[0]) +
                        ", but the data feeds the network " + std::to_string(m_required) +
                        (m_required == 1 ? " input" : " inputs") + " (the active features)",
                    m_sizePos[0], m_sizeLen[0]);

    NetworkSpec spec;
    spec.inputs = int(m_sizes[0]);
    const std::size_t hiddenCount = m_sizes.size() - 2;
    if (hidden.set() && hiddenCount == 0) {
        if (output.set() || hidden.acts.size() > 1) {
            const std::string text(m_text.substr(std::size_t(hidden.pos), std::size_t(hidden.len)));
            return fail(quoted(text) + " " + at(hidden.pos) +
                            " names a hidden activation, but the network has no hidden layer",
                        hidden.pos, hidden.len);
        }
        output = hidden;  // "2-1 tanh": the lone activation is the output's
        hidden = Group{};
    }
    if (hidden.set() && hidden.acts.size() != 1 && hidden.acts.size() != hiddenCount) {
        const std::string text(m_text.substr(std::size_t(hidden.pos), std::size_t(hidden.len)));
        return fail(std::to_string(hidden.acts.size()) + " hidden activations '" + text + "' " + at(hidden.pos) +
                        " for " + std::to_string(hiddenCount) +
                        (hiddenCount == 1 ? " hidden layer" : " hidden layers") +
                        ": give one for all, or one per hidden layer",
                    hidden.pos, hidden.len);
    }
    for (std::size_t k = 0; k < hiddenCount; ++k) {
        const Activation a = !hidden.set() ? Activation::Tanh : hidden.acts[hidden.acts.size() == 1 ? 0 : k];
        if (a == Activation::Softmax)
            return fail("softmax " + at(hidden.pos) + " is only offered on the output layer ('softmax out')",
                        hidden.pos, hidden.len);
        spec.layers.push_back({int(m_sizes[k + 1]), a});
    }
    Activation out = Activation::Sigmoid;
    if (output.set()) out = output.acts[0];
    else if (loss == Loss::SoftmaxCrossEntropy) out = Activation::Softmax;
    else if (loss == Loss::MSE) out = Activation::Identity;
    spec.layers.push_back({int(m_sizes.back()), out});
    if (loss) spec.loss = *loss;
    else
        spec.loss = out == Activation::Sigmoid   ? Loss::BinaryCrossEntropy
                    : out == Activation::Softmax ? Loss::SoftmaxCrossEntropy
                                                 : Loss::MSE;

    if (const std::string err = spec.validate(); !err.empty()) return fail(err, -1, 0);
    ArchitectureParseResult ok;
    ok.spec = spec;
    return ok;
}

// ------------------------------------------------------------------------------------------------- the typed form

// Whether the text names a typed layer: some run of letters starting with conv, maxpool, avgpool, flatten or dense.
// Runs of letters, not words, so that "8x8x1" (no letters but the separators) stays a dense stack.
bool hasTypedLayerWord(std::string_view t) {
    for (std::size_t p = 0; p < t.size();) {
        if (!isLetter(t[p])) {
            ++p;
            continue;
        }
        std::size_t e = p;
        while (e < t.size() && isLetter(t[e])) ++e;
        const std::string w = lower(t.substr(p, e - p));
        for (const char* k : {"conv", "maxpool", "avgpool", "flatten", "dense"})
            if (w.rfind(k, 0) == 0) return true;
        p = e;
    }
    return false;
}

// "3x3x8" -> {3, 3, 8}; "" -> {}; nullopt when it is not whole numbers joined by 'x' (or a number is too long).
std::optional<std::vector<long long>> dimsOf(std::string_view s) {
    std::vector<long long> d;
    std::size_t p = 0;
    while (p < s.size()) {
        if (!d.empty()) {
            if (s[p] != 'x' && s[p] != 'X') return std::nullopt;
            ++p;
        }
        const std::size_t start = p;
        while (p < s.size() && isDigit(s[p])) ++p;
        if (p == start || p - start > 9) return std::nullopt;
        d.push_back(std::stoll(std::string(s.substr(start, p - start))));
    }
    return d;
}

struct TypedToken {
    enum Kind { Dims, Word, Sep, Colon, Slash } kind;
    int pos, len;
    std::string_view text;
    std::vector<long long> dims;  // Dims: the numbers joined by 'x' ("8x8x1"), or one number ("10")
};

class TypedParser : TextParser {
public:
    TypedParser(std::string_view text, int requiredInputs) : TextParser(text, requiredInputs) {}
    ArchitectureParseResult run();

private:
    // A layer as written: its spec and the span of its clause (the layer word through its last option).
    struct Item {
        LayerSpec spec;
        int pos = 0, end = 0;
        bool activationSet = false;
        int activationPos = -1, activationLen = 0;
        int outPos = -1, outLen = 0;
        bool paddingSet = false, strideSet = false;
    };
    bool tokenize(ArchitectureParseResult& error);
    std::string span(int pos, int end) const { return quoted(m_text.substr(std::size_t(pos), std::size_t(end - pos))); }
    ArchitectureParseResult failToken(const TypedToken& t, const std::string& why) const {
        return fail(quoted(t.text) + " " + at(t.pos) + ": " + why, t.pos, t.len);
    }

    std::vector<TypedToken> m_tokens;
};

bool TypedParser::tokenize(ArchitectureParseResult& error) {
    const std::string_view t = m_text;
    auto skipSpaces = [&](std::size_t p) { return skipSpacesFrom(t, p); };
    std::size_t p = 0;
    while (p < t.size()) {
        const char c = t[p];
        if (isSpace(c)) {
            ++p;
            continue;
        }
        const std::size_t start = p;
        TypedToken tok{TypedToken::Sep, int(start), 0, {}, {}};
        if (isDigit(c)) {
            // Numbers joined by 'x', 'X', '*' or '×', spaces allowed around them: "8x8x1", "3 x 3", "10".
            tok.kind = TypedToken::Dims;
            for (;;) {
                const std::size_t numStart = p;
                while (p < t.size() && isDigit(t[p])) ++p;
                if (p - numStart > 9) {
                    error = fail("the number " + std::string(t.substr(numStart, p - numStart)) + " " +
                                     at(int(numStart)) + " is too large",
                                 int(numStart), int(p - numStart));
                    return false;
                }
                tok.dims.push_back(std::stoll(std::string(t.substr(numStart, p - numStart))));
                const std::size_t q = skipSpaces(p);
                std::size_t sepLen = 0;
                if (q < t.size() && (t[q] == 'x' || t[q] == 'X' || t[q] == '*')) sepLen = 1;
                else if (isTimes(t, q)) sepLen = 2;
                const std::size_t r = skipSpaces(q + sepLen);
                if (sepLen == 0 || r >= t.size() || !isDigit(t[r])) break;
                p = r;
            }
            if (p < t.size() && (isLetter(t[p]) || t[p] == '_' || t[p] == '.')) {  // "10softmax", "0.5"
                std::size_t e = p;
                while (e < t.size() && !isSpace(t[e]) && t[e] != ',' && t[e] != ';') ++e;
                error = fail(quoted(t.substr(start, e - start)) + " " + at(int(start)) +
                                 " is not a size: sizes are whole numbers, written apart from the words after them",
                             int(start), int(e - start));
                return false;
            }
        } else if (isLetter(c)) {
            while (p < t.size() && (isLetter(t[p]) || isDigit(t[p]) || t[p] == '_' || t[p] == '-')) ++p;
            tok.kind = TypedToken::Word;
        } else if (c == ',' || c == ';') {
            ++p;
            tok.kind = TypedToken::Sep;
        } else if (c == ':' || c == '=') {
            ++p;
            tok.kind = TypedToken::Colon;
        } else if (c == '/') {
            ++p;
            tok.kind = TypedToken::Slash;
        } else {
            ++p;
            while (p < t.size() && (static_cast<unsigned char>(t[p]) & 0xC0) == 0x80) ++p;
            error = fail("unexpected " + quoted(t.substr(start, p - start)) + " " + at(int(start)), int(start),
                         int(p - start));
            return false;
        }
        tok.len = int(p - start);
        tok.text = t.substr(start, p - start);
        m_tokens.push_back(std::move(tok));
    }
    return true;
}

ArchitectureParseResult TypedParser::run() {
    ArchitectureParseResult bad;
    if (!tokenize(bad)) return bad;
    const std::size_t n = m_tokens.size();
    const char* kExpected = "expected a layer (conv3x3x8, maxpool2, avgpool2, flatten, 10 relu), an activation, pad, "
                            "stride or a loss (mse, bce, cross_entropy)";

    // The input: "8x8x1" (height x width x channels), "28x28" (one channel) or "64" (a vector).
    const TypedToken& in = m_tokens[0];
    if (in.kind != TypedToken::Dims)
        return failToken(in, "the text starts with the input, such as 8x8x1 (height x width x channels)");
    if (in.dims.size() > 3) return failToken(in, "write the input as height x width x channels, such as 8x8x1");
    long long inputs = 1;
    for (long long d : in.dims) {
        if (d < 1)
            return failToken(in, in.dims.size() == 1 ? "the network needs at least one input"
                                                     : "every side of the input must be at least 1");
        inputs *= d;
        if (inputs > 999999999) return failToken(in, "the input is too large");
    }
    NetworkSpec spec;
    spec.inputs = int(inputs);
    if (in.dims.size() >= 2) spec.inputHeight = int(in.dims[0]), spec.inputWidth = int(in.dims[1]);
    if (m_required >= 0 && inputs != m_required)
        return fail("the text starts with " + quoted(in.text) + " = " + std::to_string(inputs) +
                        (inputs == 1 ? " input " : " inputs ") + at(in.pos) + ", but the data feeds the network " +
                        std::to_string(m_required) + (m_required == 1 ? " input" : " inputs") +
                        " (the active features)",
                    in.pos, in.len);

    std::vector<Item> items;
    bool open = false;  // the last item's clause is still open (options and its activation may follow)
    std::optional<Loss> loss;
    int lossPos = -1, lossLen = 0;
    std::size_t i = 1;
    auto extend = [&](const TypedToken& t) { items.back().end = std::max(items.back().end, t.pos + t.len); };
    // The number after a keyword ("pad 1", "pad: 1", "maxpool 2"): the next token when it is one, else nullptr.
    auto numberAfter = [&](std::size_t& j, bool colons) -> const TypedToken* {
        std::size_t k = j + 1;
        while (colons && k < n && m_tokens[k].kind == TypedToken::Colon) ++k;
        if (k < n && m_tokens[k].kind == TypedToken::Dims) {
            j = k;
            return &m_tokens[k];
        }
        return nullptr;
    };
    auto startLayer = [&](const TypedToken& t, const LayerSpec& s) -> std::optional<ArchitectureParseResult> {
        if (loss)
            return fail("the layer " + quoted(t.text) + " " + at(t.pos) + " comes after the loss '" +
                            std::string(m_text.substr(std::size_t(lossPos), std::size_t(lossLen))) +
                            "': the loss comes last",
                        t.pos, t.len);
        Item it;
        it.spec = s;
        it.pos = t.pos;
        it.end = t.pos + t.len;
        items.push_back(it);
        open = true;
        return std::nullopt;
    };

    for (; i < n; ++i) {
        const TypedToken& tok = m_tokens[i];
        switch (tok.kind) {
        case TypedToken::Sep: open = false; continue;
        case TypedToken::Colon: continue;
        case TypedToken::Slash:
            return failToken(tok, "give each layer its own activation, such as conv3x3x8 relu, 32 tanh");
        case TypedToken::Dims: {
            // A dense layer: "10 softmax".
            if (tok.dims.size() != 1) return failToken(tok, "a dense layer's size is one number, such as 10 relu");
            if (tok.dims[0] < 1)
                return fail("size 0 " + at(tok.pos) + ": a layer needs at least one neuron", tok.pos, tok.len);
            if (auto e = startLayer(tok, LayerSpec::dense(int(tok.dims[0]), Activation::ReLU))) return *e;
            continue;
        }
        case TypedToken::Word: break;
        }

        const std::string w = lower(tok.text);
        auto startsWith = [&](const char* k) { return w.rfind(k, 0) == 0; };
        // The word and the numbers read after it, as one token for the messages.
        auto spanTo = [&](int end) {
            return TypedToken{TypedToken::Word,
                              tok.pos,
                              end - tok.pos,
                              m_text.substr(std::size_t(tok.pos), std::size_t(end - tok.pos)),
                              {}};
        };
        if (startsWith("conv")) {
            // convKxKxC, conv KxKxC, convKxK C, conv KxK C.
            const char* form = "write a convolution as conv3x3x8 (a 3x3 kernel, 8 output channels)";
            std::optional<std::vector<long long>> d = dimsOf(w.substr(4));
            if (!d) return failToken(tok, form);
            std::size_t j = i;
            int end = tok.pos + tok.len;
            if (d->empty()) {
                if (const TypedToken* k = numberAfter(j, false)) d = k->dims, end = k->pos + k->len;
            }
            if (d->size() == 2) {
                if (const TypedToken* c = numberAfter(j, false); c && c->dims.size() == 1)
                    d->push_back(c->dims[0]), end = c->pos + c->len;
            }
            const TypedToken whole = spanTo(end);
            if (d->size() != 3) return failToken(whole, form);
            if ((*d)[0] != (*d)[1]) return failToken(whole, "kernels are square, such as conv3x3x8");
            if ((*d)[0] < 1) return failToken(whole, "the kernel must be at least 1x1");
            if ((*d)[2] < 1) return failToken(whole, "a convolution needs at least one output channel");
            if (auto e = startLayer(whole, LayerSpec::conv(int((*d)[2]), int((*d)[0]), Activation::ReLU))) return *e;
            i = j;
            continue;
        }
        if (startsWith("maxpool") || startsWith("avgpool")) {
            // maxpool2, maxpool 2, maxpool2x2.
            const bool max = startsWith("maxpool");
            const std::string form = std::string("write a pooling layer as ") + (max ? "maxpool2" : "avgpool2") +
                                     " (a 2x2 window)";
            std::optional<std::vector<long long>> d = dimsOf(w.substr(7));
            std::size_t j = i;
            int end = tok.pos + tok.len;
            if (d && d->empty())
                if (const TypedToken* k = numberAfter(j, false)) d = k->dims, end = k->pos + k->len;
            const TypedToken whole = spanTo(end);
            if (!d || d->empty() || d->size() > 2) return failToken(whole, form);
            if (d->size() == 2 && (*d)[0] != (*d)[1]) return failToken(whole, "pooling windows are square");
            if ((*d)[0] < 1) return failToken(whole, "the window must be at least 1");
            const int k = int((*d)[0]);
            if (auto e = startLayer(whole, max ? LayerSpec::maxPool(k) : LayerSpec::avgPool(k))) return *e;
            i = j;
            continue;
        }
        if (startsWith("flatten")) {
            if (w != "flatten") return failToken(tok, "flatten takes no size");
            if (auto e = startLayer(tok, LayerSpec::flatten())) return *e;
            continue;
        }
        if (startsWith("dense")) {
            // dense10, dense 10: the same as "10", for an image input followed only by dense layers.
            std::optional<std::vector<long long>> d = dimsOf(w.substr(5));
            std::size_t j = i;
            int end = tok.pos + tok.len;
            if (d && d->empty())
                if (const TypedToken* k = numberAfter(j, false)) d = k->dims, end = k->pos + k->len;
            const TypedToken whole = spanTo(end);
            if (!d || d->size() != 1) return failToken(whole, "write a dense layer as dense 10 (or 10)");
            if ((*d)[0] < 1) return failToken(whole, "a layer needs at least one neuron");
            if (auto e = startLayer(whole, LayerSpec::dense(int((*d)[0]), Activation::ReLU))) return *e;
            i = j;
            continue;
        }
        const bool isPad = startsWith("pad"), isStride = startsWith("stride");
        if (isPad || isStride) {
            // pad1, pad 1, pad: 1, padding 1; stride2, stride 2.
            const std::string key = isStride ? "stride" : startsWith("padding") ? "padding" : "pad";
            const char* form = isPad ? "write the padding as pad1 (or pad 1)" : "write the stride as stride2";
            std::optional<std::vector<long long>> d = dimsOf(w.substr(key.size()));
            std::size_t j = i;
            int end = tok.pos + tok.len;
            if (d && d->empty())
                if (const TypedToken* k = numberAfter(j, true)) d = k->dims, end = k->pos + k->len;
            const TypedToken whole = spanTo(end);
            if (!d || d->size() != 1) return failToken(whole, form);
            const LayerKind kind = open ? items.back().spec.kind : LayerKind::Dense;
            if (isPad && (!open || kind != LayerKind::Conv))
                return failToken(whole, "only a convolution takes a padding, in its own clause (conv3x3x8 relu pad1)");
            if (isStride &&
                (!open || (kind != LayerKind::Conv && kind != LayerKind::MaxPool && kind != LayerKind::AvgPool)))
                return failToken(whole, "only a convolution or a pooling layer takes a stride, in its own clause "
                                        "(maxpool3 stride2)");
            Item& it = items.back();
            if (isPad ? it.paddingSet : it.strideSet)
                return failToken(whole, std::string("a second ") + (isPad ? "padding" : "stride") + " for " +
                                            span(it.pos, it.end) + " " + at(it.pos));
            if (isStride && (*d)[0] < 1) return failToken(whole, "the stride must be at least 1");
            (isPad ? it.spec.padding : it.spec.stride) = int((*d)[0]);
            (isPad ? it.paddingSet : it.strideSet) = true;
            extend(whole);
            i = j;
            continue;
        }
        const WordKind kind = classify(tok.text);
        if (kind == WordKind::Activation) {
            if (!open)
                return failToken(tok, "an activation follows its layer in the same clause, such as "
                                      "conv3x3x8 relu or 32 tanh");
            Item& it = items.back();
            if (!hasParameters(it.spec.kind))
                return failToken(tok, "a " + layerKindName(it.spec.kind) + " layer has no activation");
            if (it.activationSet)
                return failToken(tok, "a second activation for " + span(it.pos, it.end) + " " + at(it.pos));
            it.spec.activation = *activationWord(tok.text);
            it.activationSet = true;
            it.activationPos = tok.pos;
            it.activationLen = tok.len;
            extend(tok);
            continue;
        }
        if (kind == WordKind::Out) {
            if (!open || items.back().spec.kind != LayerKind::Dense)
                return failToken(tok, "'out' follows the output layer, such as 10 softmax out");
            items.back().outPos = tok.pos;
            items.back().outLen = tok.len;
            extend(tok);
            continue;
        }
        if (kind == WordKind::Loss) {
            if (loss)
                return fail("a second loss " + quoted(tok.text) + " " + at(tok.pos) + ": the text already chose '" +
                                std::string(m_text.substr(std::size_t(lossPos), std::size_t(lossLen))) +
                                "'. Name one loss",
                            tok.pos, tok.len);
            loss = lossWord(tok.text);
            lossPos = tok.pos;
            lossLen = tok.len;
            open = false;
            continue;
        }
        if (kind == WordKind::LossKeyword) {
            // "bce loss" (the loss just named) or "loss: bce" (the loss to come).
            if (i > 0 && lossPos >= 0 && lossPos == m_tokens[i - 1].pos) continue;
            std::size_t k = i + 1;
            while (k < n && m_tokens[k].kind == TypedToken::Colon) ++k;
            if (k < n && m_tokens[k].kind == TypedToken::Word && lossWord(m_tokens[k].text)) {
                i = k - 1;  // the loss is read next
                continue;
            }
            return failToken(tok, "'loss' must be followed by a loss (mse, bce, cross_entropy)");
        }
        return fail("unknown word " + quoted(tok.text) + " " + at(tok.pos) + ": " + kExpected, tok.pos, tok.len);
    }

    if (items.empty())
        return failToken(in, "no layers follow the input; write at least the output layer, such as 10 softmax");
    for (std::size_t k = 0; k + 1 < items.size(); ++k)
        if (items[k].outPos >= 0)
            return fail("'out' " + at(items[k].outPos) + " marks " + span(items[k].pos, items[k].end) +
                            " as the output layer, but more layers follow",
                        items[k].outPos, items[k].outLen);
    for (std::size_t k = 0; k < items.size(); ++k) {
        Item& it = items[k];
        if (it.activationSet || !hasParameters(it.spec.kind)) continue;
        if (k + 1 < items.size() || it.spec.kind != LayerKind::Dense) it.spec.activation = Activation::ReLU;
        else
            it.spec.activation = loss == Loss::SoftmaxCrossEntropy ? Activation::Softmax
                                 : loss == Loss::MSE               ? Activation::Identity
                                                                   : Activation::Sigmoid;
    }
    for (const Item& it : items) spec.layers.push_back(it.spec);
    const Activation out = spec.layers.back().activation;
    spec.loss = loss                         ? *loss
                : out == Activation::Sigmoid ? Loss::BinaryCrossEntropy
                : out == Activation::Softmax ? Loss::SoftmaxCrossEntropy
                                             : Loss::MSE;

    if (const std::string err = spec.validate(); !err.empty()) {
        // The sentence is validate()'s; the position is the layer it is about, when there is one.
        const Item& last = items.back();
        if (spec.layers.back().kind != LayerKind::Dense) return fail(err, last.pos, last.end - last.pos);
        for (std::size_t k = 0; k + 1 < items.size(); ++k)
            if (items[k].spec.activation == Activation::Softmax && hasParameters(items[k].spec.kind))
                return fail(err, items[k].activationPos, items[k].activationLen);
        const ParameterLayout layout(spec);
        for (int k = 0; k < layout.layerCount(); ++k)
            if (layout.layer(k).out.size() == 0) {
                const Item& it = items[std::size_t(k)];
                return fail(err, it.pos, it.end - it.pos);
            }
        return fail(err, -1, 0);
    }
    ArchitectureParseResult ok;
    ok.spec = spec;
    return ok;
}

}  // namespace

ArchitectureParseResult parseArchitecture(std::string_view text, int requiredInputs) {
    if (hasTypedLayerWord(text)) return TypedParser(text, requiredInputs).run();
    return Parser(text, requiredInputs).run();
}

}  // namespace engine
