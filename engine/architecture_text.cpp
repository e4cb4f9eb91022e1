#include "engine/architecture_text.h"
#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace engine {

std::string formatArchitecture(const NetworkSpec& spec) {
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
// "×" in UTF-8.
bool isTimes(std::string_view t, std::size_t p) { return p + 1 < t.size() && t[p] == '\xC3' && t[p + 1] == '\x97'; }

struct Token {
    enum Kind { Word, Slash, Sep, Colon, Number, Other };
    Kind kind;
    int pos, len;
    std::string_view text;
};

class Parser {
public:
    Parser(std::string_view text, int requiredInputs) : m_text(text), m_required(requiredInputs) {}
    ArchitectureParseResult run();

private:
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

    bool parseSizes(ArchitectureParseResult& error);
    bool tokenize(ArchitectureParseResult& error);

    std::string_view m_text;
    int m_required;
    std::size_t m_p = 0;
    std::vector<long long> m_sizes;
    std::vector<int> m_sizePos, m_sizeLen;
    std::vector<Token> m_tokens;
};

bool Parser::parseSizes(ArchitectureParseResult& error) {
    const std::string_view t = m_text;
    auto skipSpaces = [&](std::size_t p) {
        while (p < t.size() && isSpace(t[p])) ++p;
        return p;
    };
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

}  // namespace

ArchitectureParseResult parseArchitecture(std::string_view text, int requiredInputs) {
    return Parser(text, requiredInputs).run();
}

}  // namespace engine
