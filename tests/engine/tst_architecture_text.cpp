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
    void parsesTyped_data();
    void parsesTyped();
    void parsesTheIssueExample();
    void rejectsBadTyped_data();
    void rejectsBadTyped();
    void roundTripsTypedSpecs();
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

// The typed form: an image input (height x width x channels) and layers as clauses.
void TstArchitectureText::parsesTyped_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const char* text, int inputs, const char* expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << inputs << QString::fromUtf8(expected);
    };
    const char* digits = "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax, cross_entropy";
    row("issue example", "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax", 64, digits);
    row("canonical", digits, -1, digits);
    row("with flatten", "8x8x1 conv3x3x8 relu pad1, maxpool2, flatten, 32 relu, 10 softmax, cross_entropy", 64,
        "8x8x1 conv3x3x8 relu pad1, maxpool2, flatten, 32 relu, 10 softmax, cross_entropy");
    row("conv activation defaults to relu", "8x8x1 conv3x3x8 pad1, maxpool2, 10 softmax", -1, digits);
    row("spaced options", "8x8x1 conv3x3x8 relu pad 1, maxpool 2, 10 softmax", -1, digits);
    row("option with colon", "8x8x1 conv3x3x8 relu padding: 1, maxpool2, 10 softmax", -1, digits);
    row("conv KxK C", "8x8x1 conv 3x3 8 relu pad1, maxpool2, 10 softmax", -1, digits);
    row("conv KxKxC spaced", "8x8x1 conv 3x3x8 relu pad1, maxpool2x2, 10 softmax", -1, digits);
    row("conv KxK C joined", "8x8x1 conv3x3 8 relu pad1, maxpool2, 10 softmax", -1, digits);
    row("no commas", "8x8x1 conv3x3x8 relu pad1 maxpool2 10 softmax", -1, digits);
    row("semicolons, upper case", "8X8X1; CONV3X3X8 ReLU PAD1; MaxPool2; 10 Softmax", -1, digits);
    row("times sign", "8 × 8 × 1 conv3x3x8 relu pad1, maxpool2, 10 softmax", -1, digits);
    row("softmax out", "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax out", -1, digits);
    row("loss keyword", "8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax, loss: ce", -1, digits);
    row("output from loss", "8x8x1 conv3x3x8 relu pad1, maxpool2, 10, cross_entropy", -1, digits);
    row("output default", "8x8x1 conv3x3x8, maxpool2, 1", -1, "8x8x1 conv3x3x8 relu, maxpool2, 1 sigmoid, bce");
    row("stride", "28x28x1 conv5x5x6 tanh stride2, avgpool2 stride1, 10 softmax", 784,
        "28x28x1 conv5x5x6 tanh stride2, avgpool2 stride1, 10 softmax, cross_entropy");
    row("pool stride", "8x8x3 maxpool3 stride2, flatten, 4 identity, mse", 192,
        "8x8x3 maxpool3 stride2, flatten, 4 identity, mse");
    row("two channels in", "6x6x2 conv3x3x4 elu stride2 pad1, 2 softmax", 72,
        "6x6x2 conv3x3x4 elu pad1 stride2, 2 softmax, cross_entropy");
    row("height x width", "28x28 conv3x3x4, 10 softmax", 784, "28x28x1 conv3x3x4 relu, 10 softmax, cross_entropy");
    row("hidden dense defaults to relu", "4x4x1 flatten, 8, 3 softmax", 16,
        "4x4x1 flatten, 8 relu, 3 softmax, cross_entropy");
    row("vector input", "4 flatten, 3 tanh, mse", 4, "4 flatten, 3 tanh, mse");
    row("image with dense layers only", "8x8x1 dense 16 tanh, dense10 softmax", 64,
        "8x8x1 dense 16 tanh, dense 10 softmax, cross_entropy");
    // Without a typed layer, 'x' still separates dense sizes.
    row("x still separates sizes", "8x8x1 relu", -1, "8-8-1 relu, sigmoid out, bce");
}

void TstArchitectureText::parsesTyped() {
    QFETCH(QString, text);
    QFETCH(int, inputs);
    QFETCH(QString, expected);
    const QByteArray utf8 = text.toUtf8();
    const ArchitectureParseResult r = parseArchitecture(std::string_view(utf8.constData(), std::size_t(utf8.size())),
                                                        inputs);
    QVERIFY2(r.ok(), r.error.c_str());
    QCOMPARE(QString::fromStdString(formatArchitecture(*r.spec)), expected);
    QCOMPARE(r.spec->describe(), formatArchitecture(*r.spec));
    // The canonical text reads back to the same spec.
    const ArchitectureParseResult again = parseArchitecture(formatArchitecture(*r.spec), inputs);
    QVERIFY2(again.ok() && *again.spec == *r.spec, again.error.c_str());
}

void TstArchitectureText::parsesTheIssueExample() {
    const ArchitectureParseResult r = parseArchitecture("8x8x1 conv3x3x8 relu pad1, maxpool2, 10 softmax", 64);
    QVERIFY2(r.ok(), r.error.c_str());
    NetworkSpec want;
    want.inputs = 64;
    want.inputHeight = want.inputWidth = 8;
    want.layers = {LayerSpec::conv(8, 3, Activation::ReLU, 1, 1), LayerSpec::maxPool(2),
                   LayerSpec::dense(10, Activation::Softmax)};
    want.loss = Loss::SoftmaxCrossEntropy;
    QVERIFY(*r.spec == want);
    QCOMPARE(r.spec->inputShape(), (Shape{1, 8, 8}));
    QVERIFY(!r.spec->isDenseOnly());
}

void TstArchitectureText::rejectsBadTyped_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("length");
    auto row = [](const char* name, const char* text, int inputs, const char* message, int position, int length) {
        QTest::newRow(name) << QString::fromUtf8(text) << inputs << QString::fromUtf8(message) << position << length;
    };
    row("no channels", "8x8x1 conv3x3x0, 10 softmax", -1,
        "'conv3x3x0' at character 7: a convolution needs at least one output channel", 6, 9);
    row("bad pooling", "8x8x1 conv3x3x8 relu, maxpoolx, 10 softmax", -1,
        "'maxpoolx' at character 23: write a pooling layer as maxpool2 (a 2x2 window)", 22, 8);
    row("padding too large", "8x8x1 conv3x3x8 relu pad9, 10 softmax", -1,
        "layer 1 (conv) needs a kernel of at least 1, a stride of at least 1 and a padding from 0 to kernel - 1", 6,
        19);
    row("kernel larger than the image", "4x4x1 conv5x5x2, 3 softmax", -1,
        "layer 1 (conv) has a 5x5 kernel but its input is 4x4x1 (padding 0)", 6, 9);
    row("pooling a vector", "8x8x1 flatten, maxpool2, 10 softmax", -1,
        "layer 2 (maxpool) needs an image (height x width x channels) as its input; it gets a vector of 64", 15, 8);
    row("output not dense", "8x8x1 conv3x3x8 relu, maxpool2", -1,
        "the output layer must be a dense layer (it is maxpool)", 22, 8);
    row("softmax in a hidden layer", "8x8x1 conv3x3x8 softmax, 10 softmax", -1,
        "softmax is only offered on the output layer", 16, 7);
    row("malformed conv", "8x8x1 convx3, 10", -1,
        "'convx3' at character 7: write a convolution as conv3x3x8 (a 3x3 kernel, 8 output channels)", 6, 6);
    row("conv without channels", "8x8x1 conv3x3, 10", -1,
        "'conv3x3' at character 7: write a convolution as conv3x3x8 (a 3x3 kernel, 8 output channels)", 6, 7);
    row("rectangular kernel", "8x8x1 conv3x5x8, 10", -1,
        "'conv3x5x8' at character 7: kernels are square, such as conv3x3x8", 6, 9);
    row("zero window", "8x8x1 avgpool0, 10", -1, "'avgpool0' at character 7: the window must be at least 1", 6, 8);
    row("zero stride", "8x8x1 maxpool2 stride0, 10", -1, "'stride0' at character 16: the stride must be at least 1", 15,
        7);
    row("padding on pooling", "8x8x1 maxpool2 pad1, 10", -1,
        "'pad1' at character 16: only a convolution takes a padding, in its own clause (conv3x3x8 relu pad1)", 15, 4);
    row("padding in another clause", "8x8x1 conv3x3x8, pad1, 10", -1,
        "'pad1' at character 18: only a convolution takes a padding, in its own clause (conv3x3x8 relu pad1)", 17, 4);
    row("activation on pooling", "8x8x1 maxpool2 relu, 10", -1,
        "'relu' at character 16: a maxpool layer has no activation", 15, 4);
    row("second activation", "8x8x1 conv3x3x8 relu tanh, 10", -1,
        "'tanh' at character 22: a second activation for 'conv3x3x8 relu' at character 7", 21, 4);
    row("flatten with a size", "8x8x1 flatten2, 10", -1, "'flatten2' at character 7: flatten takes no size", 6, 8);
    row("no input", "conv3x3x8, 10 softmax", -1,
        "'conv3x3x8' at character 1: the text starts with the input, such as 8x8x1 (height x width x channels)", 0, 9);
    row("zero side", "8x0x1 conv3x3x8, 10", -1, "'8x0x1' at character 1: every side of the input must be at least 1", 0,
        5);
    row("four sides", "8x8x1x2 conv3x3x8, 10", -1,
        "'8x8x1x2' at character 1: write the input as height x width x channels, such as 8x8x1", 0, 7);
    row("input count", "8x8x1 conv3x3x8, 10 softmax", 2,
        "the text starts with '8x8x1' = 64 inputs at character 1, but the data feeds the network 2 inputs (the "
        "active features)",
        0, 5);
    row("unknown word", "8x8x1 conv3x3x8 relu, foo, 10", -1,
        "unknown word 'foo' at character 23: expected a layer (conv3x3x8, maxpool2, avgpool2, flatten, 10 relu), an "
        "activation, pad, stride or a loss (mse, bce, cross_entropy)",
        22, 3);
    row("layer after loss", "8x8x1 conv3x3x8, mse, 10", -1,
        "the layer '10' at character 23 comes after the loss 'mse': the loss comes last", 22, 2);
    row("dense sizes", "8x8x1 conv3x3x8, 10x10", -1,
        "'10x10' at character 18: a dense layer's size is one number, such as 10 relu", 17, 5);
    row("no layers", "8x8x1 flatten", -1, "the output layer must be a dense layer (it is flatten)", 6, 7);
    row("out too early", "8x8x1 flatten, 5 tanh out, 3", -1,
        "'out' at character 23 marks '5 tanh out' as the output layer, but more layers follow", 22, 3);
    row("size glued to a word", "8x8x1 flatten, 10softmax", -1,
        "'10softmax' at character 16 is not a size: sizes are whole numbers, written apart from the words after them",
        15, 9);
    row("slash", "8x8x1 flatten, 4 relu/tanh, 2", -1,
        "'/' at character 22: give each layer its own activation, such as conv3x3x8 relu, 32 tanh", 21, 1);
    row("second loss", "8x8x1 flatten, 2, bce, mse", -1,
        "a second loss 'mse' at character 24: the text already chose 'bce'. Name one loss", 23, 3);
}

void TstArchitectureText::rejectsBadTyped() {
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
}

// Typed specs built from the factories: each formats to text that parses back to it, with and without the data's
// input count.
void TstArchitectureText::roundTripsTypedSpecs() {
    using A = Activation;
    auto image = [](int h, int w, int c) {
        NetworkSpec s;
        s.inputs = h * w * c;
        s.inputHeight = h;
        s.inputWidth = w;
        return s;
    };
    std::vector<NetworkSpec> specs;
    NetworkSpec s = image(8, 8, 1);
    s.layers = {LayerSpec::conv(8, 3, A::ReLU, 1, 1), LayerSpec::maxPool(2), LayerSpec::dense(10, A::Softmax)};
    s.loss = Loss::SoftmaxCrossEntropy;
    specs.push_back(s);
    s.layers = {LayerSpec::conv(8, 3, A::ReLU, 1, 1), LayerSpec::maxPool(2), LayerSpec::flatten(),
                LayerSpec::dense(32, A::ReLU), LayerSpec::dense(10, A::Softmax)};
    specs.push_back(s);
    s = image(28, 28, 1);
    s.layers = {LayerSpec::conv(6, 5, A::Tanh, 1, 2),
                LayerSpec::avgPool(2),
                LayerSpec::conv(16, 5, A::Tanh),
                LayerSpec::avgPool(2),
                LayerSpec::flatten(),
                LayerSpec::dense(120, A::Tanh),
                LayerSpec::dense(84, A::Tanh),
                LayerSpec::dense(10, A::Softmax)};
    s.loss = Loss::SoftmaxCrossEntropy;
    specs.push_back(s);
    s = image(9, 7, 3);
    s.layers = {LayerSpec::conv(4, 3, A::LeakyReLU, 2, 1), LayerSpec::maxPool(3, 1), LayerSpec::conv(2, 1, A::Identity),
                LayerSpec::dense(1, A::Sigmoid)};
    s.loss = Loss::BinaryCrossEntropy;
    specs.push_back(s);
    s = image(6, 6, 2);
    s.layers = {LayerSpec::avgPool(3, 2), LayerSpec::dense(3, A::Identity)};
    s.loss = Loss::MSE;
    specs.push_back(s);
    s = image(4, 4, 1);  // an image input, dense layers only
    s.layers = {LayerSpec::dense(5, A::Tanh), LayerSpec::dense(2, A::Identity)};
    s.loss = Loss::MSE;
    specs.push_back(s);
    s = image(1, 1, 3);  // a 1x1 image is still written as one
    s.layers = {LayerSpec::dense(2, A::Softmax)};
    s.loss = Loss::SoftmaxCrossEntropy;
    specs.push_back(s);
    s = NetworkSpec{};  // a vector input with flatten
    s.inputs = 5;
    s.layers = {LayerSpec::flatten(), LayerSpec::dense(4, A::Sine), LayerSpec::dense(1, A::Step)};
    s.loss = Loss::MSE;
    specs.push_back(s);
    s = image(10, 1, 2);  // one column
    s.layers = {LayerSpec::conv(3, 1, A::Softplus), LayerSpec::maxPool(1), LayerSpec::dense(2, A::Softmax)};
    s.loss = Loss::MSE;
    specs.push_back(s);

    for (const NetworkSpec& spec : specs) {
        QVERIFY2(spec.validate().empty(), spec.validate().c_str());
        const std::string text = formatArchitecture(spec);
        QCOMPARE(spec.describe(), text);
        for (int required : {-1, spec.inputs}) {
            const ArchitectureParseResult r = parseArchitecture(text, required);
            QVERIFY2(r.ok(), (text + ": " + r.error).c_str());
            QVERIFY2(*r.spec == spec, text.c_str());
        }
        // Upper case means the same.
        std::string loose = text;
        for (char& c : loose) c = char(std::toupper(static_cast<unsigned char>(c)));
        const ArchitectureParseResult r = parseArchitecture(loose, spec.inputs);
        QVERIFY2(r.ok() && *r.spec == spec, (loose + ": " + r.error).c_str());
    }
}

QTEST_GUILESS_MAIN(TstArchitectureText)
#include "tst_architecture_text.moc"
