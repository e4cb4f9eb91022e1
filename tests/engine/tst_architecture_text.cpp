// The text form of a network: loose variants parse to the spec they mean, every shape the diagram can make formats and
// parses back to itself (and formats as NetworkSpec::describe does), and bad text is rejected with a message naming
// the token and where it stands.
#include "engine/architecture_text.h"
#include <QtTest>
#include <random>

using namespace engine;

class TstArchitectureText : public QObject {
    Q_OBJECT
private slots:
    void parsesValid_data();
    void parsesValid();
    void rejectsBad_data();
    void rejectsBad();
    void roundTripsEveryShape();
    void formatsLikeDescribe();
    void positionsCountCharactersNotBytes();
};

void TstArchitectureText::parsesValid_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("inputs");  // required inputs, -1 = from the text
    QTest::addColumn<QString>("expected");

    auto row = [](const char* name, const char* text, int inputs, const char* expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << inputs << QString::fromUtf8(expected);
    };
    row("canonical", "2-8-8-1 tanh, sigmoid out, bce", -1, "2-8-8-1 tanh, sigmoid out, bce");
    row("canonical with inputs", "2-8-8-1 tanh, sigmoid out, bce", 2, "2-8-8-1 tanh, sigmoid out, bce");
    row("mse", "2-4-1 tanh, tanh out, mse", -1, "2-4-1 tanh, tanh out, mse");
    row("no hidden", "2-1 sigmoid out, bce", -1, "2-1 sigmoid out, bce");
    row("sizes only", "2-1", -1, "2-1 sigmoid out, bce");
    row("sizes only, hidden", "2-8-8-1", -1, "2-8-8-1 tanh, sigmoid out, bce");
    row("x separator", "2x8x1 relu", -1, "2-8-1 relu, sigmoid out, bce");
    row("X separator", "2X8X1 relu", -1, "2-8-1 relu, sigmoid out, bce");
    row("times sign", "2 × 8 × 1 relu", -1, "2-8-1 relu, sigmoid out, bce");
    row("star", "2*8*1", -1, "2-8-1 tanh, sigmoid out, bce");
    row("commas", "2,8,1, relu, linear out, mse", -1, "2-8-1 relu, identity out, mse");
    row("spaces between sizes", "2 8 1 relu", -1, "2-8-1 relu, sigmoid out, bce");
    row("spaced dashes", "  2 - 8 - 3   relu ; softmax out ; cross-entropy ", -1,
        "2-8-3 relu, softmax out, cross_entropy");
    row("upper case", "2-8-1 RELU, Sigmoid OUT, BCE", -1, "2-8-1 relu, sigmoid out, bce");
    row("ce picks softmax", "2-8-3 relu, ce", -1, "2-8-3 relu, softmax out, cross_entropy");
    row("mse picks identity", "2-8-1 tanh, mse", -1, "2-8-1 tanh, identity out, mse");
    row("softmax picks ce", "4-10-3 relu, softmax out", -1, "4-10-3 relu, softmax out, cross_entropy");
    row("tanh out picks mse", "2-4-1 relu, tanh out", -1, "2-4-1 relu, tanh out, mse");
    row("per layer", "2-4-4-1 relu/tanh, sigmoid out, bce", -1, "2-4-4-1 relu/tanh, sigmoid out, bce");
    row("per layer, equal", "2-4-4-1 relu/relu, sigmoid out", -1, "2-4-4-1 relu, sigmoid out, bce");
    row("per layer, spaced", "2-4-4-4-1 relu / tanh / elu", -1, "2-4-4-4-1 relu/tanh/elu, sigmoid out, bce");
    row("keywords with colons", "2-4-1 hidden: relu, out: tanh, loss: mse", -1, "2-4-1 relu, tanh out, mse");
    row("keywords after", "2-4-1 relu hidden, tanh output, mse loss", -1, "2-4-1 relu, tanh out, mse");
    row("out before", "2-4-1 tanh, out sigmoid, bce", -1, "2-4-1 tanh, sigmoid out, bce");
    row("out equals", "2-4-1 tanh, output=sigmoid, loss=bce", -1, "2-4-1 tanh, sigmoid out, bce");
    row("no commas", "2-4-1 tanh sigmoid out bce", -1, "2-4-1 tanh, sigmoid out, bce");
    row("lone activation is the output's", "2-1 tanh", -1, "2-1 tanh out, mse");
    row("linear alias", "2-1 linear out, l2", -1, "2-1 identity out, mse");
    row("none alias", "1-8-1 relu, none out, mse", -1, "1-8-1 relu, identity out, mse");
    row("dashed names", "9-64-64-2 leaky-relu/elu, softmax out, cross_entropy", -1,
        "9-64-64-2 leaky_relu/elu, softmax out, cross_entropy");
    row("more aliases", "2-3-1 lrelu, logistic out, logloss", -1, "2-3-1 leaky_relu, sigmoid out, bce");
    row("sin", "2-8-1 sin", -1, "2-8-1 sine, sigmoid out, bce");
    row("wide", "4-1000-10 relu, softmax out", -1, "4-1000-10 relu, softmax out, cross_entropy");
    row("step", "2-4-1 step, step out, mse", -1, "2-4-1 step, step out, mse");
    row("softplus", "2-4-1 softplus, sigmoid out", -1, "2-4-1 softplus, sigmoid out, bce");
    row("binary cross entropy", "2-2-1 tanh, sigmoid out, binary_cross_entropy", -1, "2-2-1 tanh, sigmoid out, bce");
    row("nine inputs", "9-8-8-8-8-8-8-1 tanh", 9, "9-8-8-8-8-8-8-1 tanh, sigmoid out, bce");
    row("one input", "1-1 identity out, mse", 1, "1-1 identity out, mse");
    row("tabs and newlines", "2-4-1\ttanh,\nsigmoid out", -1, "2-4-1 tanh, sigmoid out, bce");
    row("trailing comma", "2-4-1 tanh,", -1, "2-4-1 tanh, sigmoid out, bce");
    row("comma after sizes", "2-4-1, tanh", -1, "2-4-1 tanh, sigmoid out, bce");
}

void TstArchitectureText::parsesValid() {
    QFETCH(QString, text);
    QFETCH(int, inputs);
    QFETCH(QString, expected);
    const QByteArray utf8 = text.toUtf8();
    const ArchitectureParseResult r = parseArchitecture(std::string_view(utf8.constData(), std::size_t(utf8.size())),
                                                        inputs);
    QVERIFY2(r.ok(), r.error.c_str());
    QVERIFY(r.error.empty());
    QCOMPARE(QString::fromStdString(formatArchitecture(*r.spec)), expected);
}

void TstArchitectureText::rejectsBad_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<QString>("message");  // the whole message
    QTest::addColumn<int>("position");     // byte offset, -1 = the text as a whole
    QTest::addColumn<int>("length");

    auto row = [](const char* text, int inputs, const char* message, int position, int length) {
        QTest::newRow(text) << QString::fromUtf8(text) << inputs << QString::fromUtf8(message) << position << length;
    };
    row("", -1, "the text is empty: write the layer sizes first, such as 2-4-1", -1, 0);
    row("   ", -1, "the text is empty: write the layer sizes first, such as 2-4-1", -1, 0);
    row("tanh", -1, "'tanh' at character 1: the text starts with the layer sizes, such as 2-4-1", 0, 4);
    row("2", -1,
        "only one size at character 1: give the inputs and the output at least, such as 2-1 (or 2-4-1 with a "
        "hidden layer)",
        0, 1);
    row("2-", -1, "'-' at character 2 must be followed by a layer size", 1, 1);
    row("2--1", -1, "'-' at character 2 must be followed by a layer size", 1, 1);
    row("2-4-1-", -1, "'-' at character 6 must be followed by a layer size", 5, 1);
    row("2-0-1", -1, "size 0 at character 3: a layer needs at least one neuron", 2, 1);
    row("2-4-0", -1, "size 0 at character 5: the output layer needs at least one neuron", 4, 1);
    row("0-1", -1, "size 0 at character 1: the network needs at least one input", 0, 1);
    row("2-4a-1", -1, "'4a' at character 3 is not a layer size: sizes are whole numbers joined by '-'", 2, 2);
    row("2-99999999999-1", -1, "the layer size 99999999999 at character 3 is too large", 2, 11);
    row("2-4-1 tahn", -1,
        "unknown word 'tahn' at character 7: expected an activation (tanh, relu, sigmoid, ...), 'out', "
        "or a loss (mse, bce, cross_entropy)",
        6, 4);
    row("2-4-1 tanh, sigmoid out, bce, mse", -1,
        "a second loss 'mse' at character 31: the text already chose 'bce'. Name one loss", 30, 3);
    row("2-4-1 relu, tanh", -1,
        "a second hidden activation 'tanh' at character 13: join per-layer activations with '/' (relu/tanh), and write "
        "the output's as 'sigmoid out'",
        12, 4);
    row("2-4-1 tanh, sigmoid out, relu out", -1,
        "a second output activation 'relu' at character 26. Name one output activation", 25, 4);
    row("2-4-4-1 relu/tanh/elu", -1,
        "3 hidden activations 'relu/tanh/elu' at character 9 for 2 hidden layers: give one for all, or one per hidden "
        "layer",
        8, 13);
    row("2-4-1 softmax", -1, "softmax at character 7 is only offered on the output layer ('softmax out')", 6, 7);
    row("2-1 relu, sigmoid out", -1,
        "'relu' at character 5 names a hidden activation, but the network has no hidden layer", 4, 4);
    row("2-4-1 tanh, out", -1, "'out' at character 13 must be followed by an activation", 12, 3);
    row("2-4-1 tanh, hidden", -1, "'hidden' at character 13 must be followed by an activation", 12, 6);
    row("2-4-1 tanh, sigmoid out, loss", -1,
        "'loss' at character 26 must be followed by a loss (mse, bce, cross_entropy)", 25, 4);
    row("2-4-1 tanh, loss: sigmoid", -1,
        "'loss' at character 13 must name a loss (mse, bce, cross_entropy); 'sigmoid' is "
        "not one",
        12, 4);
    row("2-4-1 tanh, out mse", -1, "'out' at character 13 must come with an activation, such as 'sigmoid out'", 12, 3);
    row("2-4-1 tanh, relu/tanh out", -1, "the output layer takes one activation, not 'relu/tanh' at character 13", 12,
        9);
    row("2-4-1 tanh 3", -1,
        "the number '3' at character 12 is out of place: all the layer sizes come first, joined by '-' "
        "(such as 2-8-8-1)",
        11, 1);
    row("2-4-1 tanh/", -1, "'/' at character 11 must be followed by an activation", 10, 1);
    row("2-4-1 /tanh", -1, "'/' at character 7 must stand between two activations, such as relu/tanh", 6, 1);
    row("2-4-1 tanh/foo", -1,
        "unknown activation 'foo' at character 12: expected tanh, relu, sigmoid, identity, "
        "leaky_relu, elu, softplus, sine, step or softmax",
        11, 3);
    row("2-4-1 tanh/mse", -1, "'mse' at character 12 is not an activation; '/' joins activations, such as relu/tanh",
        11, 3);
    row("2-4-1 tanh!", -1, "unexpected '!' at character 11", 10, 1);
    row("2-4-1 tanh, sigmoid out, bce x", -1,
        "unknown word 'x' at character 30: expected an activation (tanh, relu, "
        "sigmoid, ...), 'out', or a loss (mse, bce, cross_entropy)",
        29, 1);
    row("3-4-1", 2,
        "the text starts with 3 inputs at character 1, but the data feeds the network 2 inputs (the active "
        "features)",
        0, 1);
    row("2-4-1", 1,
        "the text starts with 2 inputs at character 1, but the data feeds the network 1 input (the active "
        "features)",
        0, 1);
    row("2-100000-100000-1", -1,
        "the network would have 10000500001 parameters; the limit is 134217728 (about 1 GiB per "
        "copy of the weights)",
        -1, 0);
}

void TstArchitectureText::rejectsBad() {
    QFETCH(QString, text);
    QFETCH(int, inputs);
    QFETCH(QString, message);
    QFETCH(int, position);
    QFETCH(int, length);
    const QByteArray utf8 = text.toUtf8();
    const ArchitectureParseResult r = parseArchitecture(std::string_view(utf8.constData(), std::size_t(utf8.size())),
                                                        inputs);
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error), message);
    QCOMPARE(r.position, position);
    QCOMPARE(r.length, length);
    if (position >= 0) {
        // The message names the character the position points at (ASCII rows: the byte offset + 1).
        QVERIFY(r.error.find("character " + std::to_string(position + 1)) != std::string::npos);
    }
}

// Every shape the diagram can make: 1-9 inputs, 0-5 hidden layers of 1..1000 neurons, any hidden activation per layer
// (not softmax), any output activation, any loss.
void TstArchitectureText::roundTripsEveryShape() {
    std::vector<Activation> hiddenActs;
    for (Activation a : allActivations())
        if (a != Activation::Softmax) hiddenActs.push_back(a);
    const std::vector<Loss> losses{Loss::MSE, Loss::BinaryCrossEntropy, Loss::SoftmaxCrossEntropy};
    const int widths[] = {1, 2, 3, 4, 8, 12, 13, 64, 120, 1000};

    std::mt19937 rng(7);
    auto pick = [&](int n) { return int(rng() % unsigned(n)); };
    int checked = 0;
    // Exhaustive over output activation x loss x hidden count, random over the rest.
    for (Activation out : allActivations())
        for (Loss loss : losses)
            for (int hidden = 0; hidden <= 5; ++hidden)
                for (int rep = 0; rep < 12; ++rep) {
                    NetworkSpec s;
                    s.inputs = 1 + pick(9);
                    const bool perLayer = rep % 2 == 1;
                    const Activation shared = hiddenActs[std::size_t(pick(int(hiddenActs.size())))];
                    for (int l = 0; l < hidden; ++l)
                        s.layers.push_back({widths[pick(hidden > 3 ? 8 : 10)],
                                            perLayer ? hiddenActs[std::size_t(pick(int(hiddenActs.size())))] : shared});
                    s.layers.push_back({widths[pick(8)], out});
                    s.loss = loss;
                    QVERIFY2(s.validate().empty(), s.validate().c_str());
                    const std::string text = formatArchitecture(s);
                    for (int required : {-1, s.inputs}) {
                        const ArchitectureParseResult r = parseArchitecture(text, required);
                        QVERIFY2(r.ok(), (text + ": " + r.error).c_str());
                        QVERIFY2(*r.spec == s, text.c_str());
                    }
                    // Upper case and the 'x' separator mean the same.
                    std::string loose = text;
                    for (char& c : loose) c = c == '-' ? 'x' : char(std::toupper(static_cast<unsigned char>(c)));
                    const ArchitectureParseResult r = parseArchitecture(loose, s.inputs);
                    QVERIFY2(r.ok() && *r.spec == s, (loose + ": " + r.error).c_str());
                    ++checked;
                }
    QCOMPARE(checked, 10 * 3 * 6 * 12);
}

void TstArchitectureText::formatsLikeDescribe() {
    NetworkSpec s;
    s.inputs = 3;
    s.layers = {{4, Activation::ReLU}, {4, Activation::Tanh}, {2, Activation::Softmax}};
    s.loss = Loss::SoftmaxCrossEntropy;
    QCOMPARE(formatArchitecture(s), std::string("3-4-4-2 relu/tanh, softmax out, cross_entropy"));
    QCOMPARE(formatArchitecture(s), s.describe());
    s.layers = {{1, Activation::Identity}};
    s.loss = Loss::MSE;
    QCOMPARE(formatArchitecture(s), std::string("3-1 identity out, mse"));
    QCOMPARE(formatArchitecture(s), s.describe());
}

void TstArchitectureText::positionsCountCharactersNotBytes() {
    // "×" is two bytes in UTF-8: 'tahn' starts at byte 9 but is the 9th character (1-based), not the 10th.
    const std::string text = "2 × 4-1 tahn";
    const ArchitectureParseResult r = parseArchitecture(text);
    QVERIFY(!r.ok());
    QCOMPARE(r.position, 9);
    QCOMPARE(r.length, 4);
    QVERIFY2(r.error.find("'tahn' at character 9") != std::string::npos, r.error.c_str());
}

QTEST_GUILESS_MAIN(TstArchitectureText)
#include "tst_architecture_text.moc"
