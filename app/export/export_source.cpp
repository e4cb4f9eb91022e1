// The model as source code with the weights inlined: plain C99 (a .c and its .h; only <math.h>) and header-only C++17
// for Eigen. Both take the raw inputs, compute the features and standardisation, and run the layers in double, with
// the same formulas as engine/activation.cpp, so they agree with the app to rounding.
#include "app/export/export_writers.h"
#include <QSet>

namespace app::writers {
namespace {

// "1 unit", "8 units".
QString count(int n, const QString& noun) { return QString("%1 %2%3").arg(n).arg(noun, n == 1 ? "" : "s"); }

// A C string literal (UTF-8 bytes; quotes, backslashes and control characters escaped).
QString cString(const QString& s) {
    QString out = "\"";
    for (const char c : s.toUtf8()) {
        if (c == '"' || c == '\\') out += '\\' + QString(QChar(c));
        else if (static_cast<unsigned char>(c) < 0x20) out += QString("\\%1").arg(int(c), 3, 8, QChar('0'));
        else out += QString::fromUtf8(&c, 1);
    }
    return out + '"';
}

// Numbers as an initializer body, `perLine` to a line, each line indented.
QString numberList(const double* v, int n, const QString& indent, int perLine = 6) {
    QString out;
    for (int i = 0; i < n; ++i) {
        if (i % perLine == 0) out += (i ? ",\n" : "") + indent;
        else out += ", ";
        out += num(v[i]);
    }
    return out;
}

QString vectorList(const engine::Vector& v, const QString& indent) {
    return numberList(v.data(), int(v.size()), indent);
}

// Row j of W as one initializer line (or a few, for wide layers).
QString rowList(const ExportedLayer& l, int j, const QString& indent) {
    std::vector<double> row(std::size_t(l.inputs));
    for (int i = 0; i < l.inputs; ++i) row[std::size_t(i)] = l.W(j, i);
    return numberList(row.data(), l.inputs, indent, 8);
}

// A convolution's weights in PyTorch's order, weight[o][c][i][j] at ((o C + c) k + i) k + j: one kernel row to a line,
// each kernel after a comment naming its output and input channel (`comment` holds %1 and %2).
QString kernelList(const ExportedLayer& L, const QString& indent, const QString& comment) {
    QString out;
    std::vector<double> row(std::size_t(L.kernel));
    for (int o = 0; o < L.out.channels; ++o)
        for (int c = 0; c < L.in.channels; ++c) {
            out += indent + comment.arg(o).arg(c) + "\n";
            for (int i = 0; i < L.kernel; ++i) {
                for (int j = 0; j < L.kernel; ++j) row[std::size_t(j)] = L.convWeight(o, c, i, j);
                out += numberList(row.data(), L.kernel, indent, L.kernel) + ",\n";
            }
        }
    return out;
}

// "8x8x1 -> 8x8x4" (height x width x channels).
QString shapes(const ExportedLayer& L) {
    return QString("%1 -> %2")
        .arg(QString::fromStdString(engine::describeShape(L.in)), QString::fromStdString(engine::describeShape(L.out)));
}

bool uses(const ExportedModel& m, engine::LayerKind kind) {
    for (const ExportedLayer& L : m.layers)
        if (L.kind == kind) return true;
    return false;
}

// The C helpers for the typed layers (only those the model uses). Values are laid out channel by channel, each channel
// row by row, as in NN Lab and PyTorch: in(c, y, x) = in[(c H + y) W + x].
QString cLayerFunctions(const ExportedModel& m) {
    QString s;
    if (uses(m, engine::LayerKind::Conv))
        s +=
            R"(/* Convolution (cross-correlation, as PyTorch's Conv2d) of in (C x H x W) with O kernels w (O x C x K x K),
 * stride S, P zeros around the input: out(o, y, x) = b[o] + sum over c, i, j of
 * w(o, c, i, j) in(c, y S - P + i, x S - P + j). out: O x Ho x Wo, Ho = (H + 2P - K) / S + 1. */
static void nn_conv(const real* in, int C, int H, int W, const real* w, const real* b, int O, int K, int S, int P,
                    real* out)
{
    const int Ho = (H + 2 * P - K) / S + 1, Wo = (W + 2 * P - K) / S + 1;
    int o, y, x, c, i, j;
    for (o = 0; o < O; ++o)
        for (y = 0; y < Ho; ++y)
            for (x = 0; x < Wo; ++x) {
                real z = b[o];
                for (c = 0; c < C; ++c)
                    for (i = 0; i < K; ++i) {
                        const int yy = y * S - P + i;
                        if (yy < 0 || yy >= H) continue;
                        for (j = 0; j < K; ++j) {
                            const int xx = x * S - P + j;
                            if (xx >= 0 && xx < W)
                                z += w[((o * C + c) * K + i) * K + j] * in[(c * H + yy) * W + xx];
                        }
                    }
                out[(o * Ho + y) * Wo + x] = z;
            }
}

)";
    if (uses(m, engine::LayerKind::MaxPool) || uses(m, engine::LayerKind::AvgPool))
        s += R"(/* Pooling of in (C x H x W) by K x K windows, stride S, no padding: each output is the largest value of
 * its window (is_max) or their mean. out: C x Ho x Wo, Ho = (H - K) / S + 1. */
static void nn_pool(const real* in, int C, int H, int W, int K, int S, int is_max, real* out)
{
    const int Ho = (H - K) / S + 1, Wo = (W - K) / S + 1;
    int c, y, x, i, j;
    for (c = 0; c < C; ++c)
        for (y = 0; y < Ho; ++y)
            for (x = 0; x < Wo; ++x) {
                const real* window = in + (c * H + y * S) * W + x * S;
                real v = is_max ? window[0] : 0;
                for (i = 0; i < K; ++i)
                    for (j = 0; j < K; ++j) {
                        const real w = window[i * W + j];
                        if (!is_max) v += w;
                        else if (w > v) v = w;
                    }
                out[(c * Ho + y) * Wo + x] = is_max ? v : v / (K * K);
            }
}

)";
    return s;
}

// The C++ helpers (in namespace detail), one column per sample, in the layout of cLayerFunctions.
QString cppLayerFunctions(const ExportedModel& m) {
    QString s;
    if (uses(m, engine::LayerKind::Conv))
        s += R"(// Convolution (cross-correlation, as PyTorch's Conv2d) of each column of A (C x H x W values) with O
// kernels w (O x C x K x K), stride S, P zeros around: z(o, y, x) = b[o] + sum over c, i, j of
// w(o, c, i, j) a(c, y S - P + i, x S - P + j). Returns (O x Ho x Wo) x N, Ho = (H + 2P - K) / S + 1.
inline Eigen::MatrixXd conv(const Eigen::MatrixXd& A, const double* w, const double* b, int C, int H, int W, int O,
                            int K, int S, int P) {
    const int Ho = (H + 2 * P - K) / S + 1, Wo = (W + 2 * P - K) / S + 1;
    Eigen::MatrixXd Z(Eigen::Index(O) * Ho * Wo, A.cols());
    for (Eigen::Index n = 0; n < A.cols(); ++n) {
        const double* in = A.col(n).data();
        for (int o = 0; o < O; ++o)
            for (int y = 0; y < Ho; ++y)
                for (int x = 0; x < Wo; ++x) {
                    double z = b[o];
                    for (int c = 0; c < C; ++c)
                        for (int i = 0; i < K; ++i) {
                            const int yy = y * S - P + i;
                            if (yy < 0 || yy >= H) continue;
                            for (int j = 0; j < K; ++j) {
                                const int xx = x * S - P + j;
                                if (xx >= 0 && xx < W)
                                    z += w[((o * C + c) * K + i) * K + j] * in[(c * H + yy) * W + xx];
                            }
                        }
                    Z((Eigen::Index(o) * Ho + y) * Wo + x, n) = z;
                }
    }
    return Z;
}
)";
    if (uses(m, engine::LayerKind::MaxPool) || uses(m, engine::LayerKind::AvgPool))
        s += R"(// Pooling of each column of A (C x H x W values) by K x K windows, stride S, no padding: the largest
// value of each window (isMax) or their mean. Returns (C x Ho x Wo) x N, Ho = (H - K) / S + 1.
inline Eigen::MatrixXd pool(const Eigen::MatrixXd& A, int C, int H, int W, int K, int S, bool isMax) {
    const int Ho = (H - K) / S + 1, Wo = (W - K) / S + 1;
    Eigen::MatrixXd Z(Eigen::Index(C) * Ho * Wo, A.cols());
    for (Eigen::Index n = 0; n < A.cols(); ++n)
        for (int c = 0; c < C; ++c)
            for (int y = 0; y < Ho; ++y)
                for (int x = 0; x < Wo; ++x) {
                    const double* window = A.col(n).data() + (Eigen::Index(c) * H + y * S) * W + x * S;
                    double v = isMax ? window[0] : 0.0;
                    for (int i = 0; i < K; ++i)
                        for (int j = 0; j < K; ++j)
                            v = isMax ? std::max(v, window[i * W + j]) : v + window[i * W + j];
                    Z((Eigen::Index(c) * Ho + y) * Wo + x, n) = isMax ? v : v / (K * K);
                }
    return Z;
}
)";
    return s;
}

// The element-wise activation as an expression of `z` (not Softmax), as engine::activate computes it.
QString activationExpr(engine::Activation f, const QString& std) {
    using engine::Activation;
    switch (f) {
    case Activation::Step: return "z >= 0 ? 1.0 : 0.0";
    case Activation::Identity: return "z";
    case Activation::Sigmoid: return QString("z >= 0 ? 1.0 / (1.0 + %1exp(-z)) : %1exp(z) / (1.0 + %1exp(z))").arg(std);
    case Activation::Tanh: return std + "tanh(z)";
    case Activation::ReLU: return "z > 0 ? z : 0.0";
    case Activation::LeakyReLU: return QString("z > 0 ? z : %1 * z").arg(num(engine::kLeakyReluSlope));
    case Activation::ELU: return QString("z > 0 ? z : %1 * %2expm1(z)").arg(num(engine::kEluAlpha), std);
    case Activation::Softplus: return QString("z > 0 ? z + %1log1p(%1exp(-z)) : %1log1p(%1exp(z))").arg(std);
    case Activation::Sine: return std + "sin(z)";
    case Activation::Softmax: return "z";
    }
    return "z";
}

QString banner(const ExportedModel& m, const QString& prefix) {
    QString s;
    s += prefix + "Generated by " + m.producer + (m.title.isEmpty() ? QString() : ": " + commentSafe(m.title)) + "\n";
    s += prefix + "Network: " + commentSafe(m.summary()) + "\n";
    s += prefix + "Output: " + commentSafe(m.outputMeaning()) + "\n";
    if (m.task == engine::Task::Classification) s += prefix + "Classes: " + commentSafe(m.classNames.join(", ")) + "\n";
    s += prefix +
         (m.trained ? QString("Trained for %1 epochs (%2 updates).").arg(m.epochs).arg(m.steps)
                    : QString("UNTRAINED: these are the initial weights.")) +
         "\n";
    return s;
}

}  // namespace

QString featureExpression(engine::Feature f, const QString& math) {
    using engine::Feature;
    switch (f) {
    case Feature::X1: return "x1";
    case Feature::X2: return "x2";
    case Feature::X1Squared: return "x1 * x1";
    case Feature::X2Squared: return "x2 * x2";
    case Feature::X1X2: return "x1 * x2";
    case Feature::SinX1: return math + "sin(x1)";
    case Feature::SinX2: return math + "sin(x2)";
    case Feature::Radius: return math + "hypot(x1, x2)";
    case Feature::Angle: return math + "atan2(x2, x1)";
    }
    return "0";
}

QByteArray cHeader(const ExportedModel& m, const QString& guard) {
    QString s = "/*\n" + banner(m, " * ");
    s += " *\n * Plain C99, no dependencies: compile the .c file with your program and link the math library,\n"
         " * e.g. cc main.c model.c -lm.\n */\n";
    s += "#ifndef " + guard + "\n#define " + guard + "\n\n";
    s += QString("#define NNLAB_RAW_INPUTS %1 /* %2 */\n")
             .arg(m.rawInputs)
             .arg(commentSafe(m.rawInputs <= 8 ? m.rawNames.join(", ") : m.rawNames.mid(0, 3).join(", ") + ", ..."));
    s += QString("#define NNLAB_OUTPUTS %1\n").arg(m.outputs());
    if (m.task == engine::Task::Classification) s += QString("#define NNLAB_CLASSES %1\n").arg(m.classNames.size());
    s += "\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
    s += "/* x_raw: the NNLAB_RAW_INPUTS raw inputs of one sample; the features and the standardisation are applied\n"
         " * inside. out: receives NNLAB_OUTPUTS values. Computes in double; allocates nothing; thread-safe. */\n";
    if (!m.isDenseOnly()) {  // image layers can be large: a small thread or microcontroller needs to know
        long long values = m.networkInputs();
        for (const ExportedLayer& L : m.layers) values += L.units;
        s += QString("/* predict keeps every layer's values on its stack: %1 doubles (%2 KiB). */\n")
                 .arg(values)
                 .arg((values * 8 + 1023) / 1024);
    }
    s += "void predict(const float* x_raw, float* out);\n";
    s += "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " + guard + " */\n";
    return s.toUtf8();
}

QByteArray cSource(const ExportedModel& m, const QString& headerFileName) {
    QString s = "/*\n" + banner(m, " * ") + " */\n";
    s += "#include \"" + headerFileName + "\"\n#include <math.h>\n\n";
    s += "typedef double real; /* NN Lab computes in double; float halves the tables on a small microcontroller */\n\n";
    const int n0 = m.networkInputs();
    if (m.standardizes()) {
        s += "/* Standardisation of the network's inputs, fitted on the training set: (f - mean) / std. */\n";
        s += QString("static const real nn_mean[%1] = {\n%2\n};\n").arg(n0).arg(vectorList(m.mean, "    "));
        s += QString("static const real nn_std[%1] = {\n%2\n};\n\n").arg(n0).arg(vectorList(m.stddev, "    "));
    }
    for (std::size_t l = 0; l < m.layers.size(); ++l) {
        const ExportedLayer& L = m.layers[l];
        const int k = int(l) + 1;
        if (L.kind == engine::LayerKind::Conv) {
            s += QString("/* Layer %1: %2, %3. nn_W%1[((o * %4 + c) * %5 + i) * %5 + j] is row i, column j of the\n"
                         " * kernel of output channel o on input channel c (PyTorch's weight[o][c][i][j]). */\n")
                     .arg(k)
                     .arg(commentSafe(L.describe()), shapes(L))
                     .arg(L.in.channels)
                     .arg(L.kernel);
            s += QString("static const real nn_W%1[%2] = {\n").arg(k).arg(L.W.size());
            s += kernelList(L, "    ", "/* output channel %1, input channel %2 */");
            s += QString("};\nstatic const real nn_b%1[%2] = {\n%3\n};\n\n")
                     .arg(k)
                     .arg(L.b.size())
                     .arg(vectorList(L.b, "    "));
            continue;
        }
        if (!L.isDense()) continue;  // pooling and flatten: no parameters
        s += QString("/* Layer %1: %2 -> %3, %4. nn_W%1[j][i] is the weight from input i to unit j;\n"
                     " * z = W a + b. */\n")
                 .arg(k)
                 .arg(count(L.inputs, "input"), count(L.units, "unit"),
                      QString::fromStdString(engine::activationName(L.activation)));
        s += QString("static const real nn_W%1[%2][%3] = {\n").arg(k).arg(L.units).arg(L.inputs);
        for (int j = 0; j < L.units; ++j)
            s += L.inputs <= 8 ? "    {" + rowList(L, j, "") + "},\n"
                               : "    {\n" + rowList(L, j, "        ") + "\n    },\n";
        s += QString("};\nstatic const real nn_b%1[%2] = {\n%3\n};\n\n")
                 .arg(k)
                 .arg(L.units)
                 .arg(vectorList(L.b, "    "));
    }
    // One static function per element-wise activation in use.
    QSet<int> done;
    for (const ExportedLayer& L : m.layers) {
        if (!L.hasParameters() || L.activation == engine::Activation::Softmax || done.contains(int(L.activation)))
            continue;
        done.insert(int(L.activation));
        const QString name = QString::fromStdString(engine::activationName(L.activation));
        s += QString("/* %1: %2 */\nstatic real nn_%3(real z) { return %4; }\n\n")
                 .arg(name, QString::fromStdString(engine::activationFormula(L.activation)), name,
                      activationExpr(L.activation, ""));
    }
    s += cLayerFunctions(m);

    s += "void predict(const float* x_raw, float* out)\n{\n";
    s += QString("    real a0[%1];\n").arg(n0);
    for (std::size_t l = 0; l < m.layers.size(); ++l)
        s += QString("    real a%1[%2];\n").arg(l + 1).arg(m.layers[l].units);
    s += "    int i, j;\n\n";
    if (m.usesFeatures()) {
        s += "    {\n        const real x1 = x_raw[0], x2 = x_raw[1];\n";
        const QStringList names = m.networkInputNames();
        for (std::size_t f = 0; f < m.features.size(); ++f)
            s += QString("        a0[%1] = %2; /* %3 */\n")
                     .arg(f)
                     .arg(featureExpression(m.features[f], ""), names[int(f)]);
        s += "    }\n";
    } else {
        s += QString("    for (i = 0; i < %1; ++i) a0[i] = x_raw[i];\n").arg(n0);
    }
    if (m.standardizes())
        s += QString("    for (i = 0; i < %1; ++i) a0[i] = (a0[i] - nn_mean[i]) / nn_std[i];\n").arg(n0);
    for (std::size_t l = 0; l < m.layers.size(); ++l) {
        const ExportedLayer& L = m.layers[l];
        const int k = int(l) + 1;
        if (!L.isDense()) {
            s += QString("\n    /* layer %1: %2, %3 */\n").arg(k).arg(commentSafe(L.describe()), shapes(L));
            switch (L.kind) {
            case engine::LayerKind::Conv:
                s += QString("    nn_conv(a%1, %2, %3, %4, nn_W%5, nn_b%5, %6, %7, %8, %9, a%5);\n")
                         .arg(k - 1)
                         .arg(L.in.channels)
                         .arg(L.in.height)
                         .arg(L.in.width)
                         .arg(k)
                         .arg(L.out.channels)
                         .arg(L.kernel)
                         .arg(L.stride)
                         .arg(L.padding);
                s += QString("    for (i = 0; i < %1; ++i) a%2[i] = nn_%3(a%2[i]);\n")
                         .arg(L.units)
                         .arg(k)
                         .arg(QString::fromStdString(engine::activationName(L.activation)));
                break;
            case engine::LayerKind::MaxPool:
            case engine::LayerKind::AvgPool:
                s += QString("    nn_pool(a%1, %2, %3, %4, %5, %6, %7, a%8);\n")
                         .arg(k - 1)
                         .arg(L.in.channels)
                         .arg(L.in.height)
                         .arg(L.in.width)
                         .arg(L.kernel)
                         .arg(L.stride)
                         .arg(L.kind == engine::LayerKind::MaxPool ? 1 : 0)
                         .arg(k);
                break;
            case engine::LayerKind::Flatten:  // the values are already one array
                s += QString("    for (i = 0; i < %1; ++i) a%2[i] = a%3[i];\n").arg(L.units).arg(k).arg(k - 1);
                break;
            case engine::LayerKind::Dense: break;
            }
            continue;
        }
        const bool softmax = L.activation == engine::Activation::Softmax;
        s += QString("\n    /* layer %1: %2 */\n")
                 .arg(k)
                 .arg(QString::fromStdString(engine::activationName(L.activation)));
        s += QString("    for (j = 0; j < %1; ++j) {\n        real z = nn_b%2[j];\n").arg(L.units).arg(k);
        s += QString("        for (i = 0; i < %1; ++i) z += nn_W%2[j][i] * a%3[i];\n").arg(L.inputs).arg(k).arg(k - 1);
        s += softmax ? QString("        a%1[j] = z;\n    }\n").arg(k)
                     : QString("        a%1[j] = nn_%2(z);\n    }\n")
                           .arg(k)
                           .arg(QString::fromStdString(engine::activationName(L.activation)));
        if (softmax)  // a_j = e^(z_j - max z) / sum_i e^(z_i - max z)
            s += QString("    {\n        real mx = a%1[0], sum = 0;\n"
                         "        for (j = 1; j < %2; ++j) if (a%1[j] > mx) mx = a%1[j];\n"
                         "        for (j = 0; j < %2; ++j) { a%1[j] = exp(a%1[j] - mx); sum += a%1[j]; }\n"
                         "        for (j = 0; j < %2; ++j) a%1[j] /= sum;\n    }\n")
                     .arg(k)
                     .arg(L.units);
    }
    s += QString("\n    for (j = 0; j < %1; ++j) out[j] = (float)a%2[j];\n}\n").arg(m.outputs()).arg(m.layers.size());
    return s.toUtf8();
}

QByteArray cppHeader(const ExportedModel& m, const QString& nsIn) {
    static const QSet<QString> keywords{
        "and",      "auto",      "bool",   "break",  "case",     "catch",  "char",     "class",     "const",
        "continue", "default",   "delete", "do",     "double",   "else",   "enum",     "explicit",  "export",
        "extern",   "false",     "float",  "for",    "friend",   "goto",   "if",       "inline",    "int",
        "long",     "namespace", "new",    "not",    "operator", "or",     "private",  "protected", "public",
        "register", "return",    "short",  "signed", "sizeof",   "static", "struct",   "switch",    "template",
        "this",     "throw",     "true",   "try",    "typedef",  "union",  "unsigned", "using",     "virtual",
        "void",     "volatile",  "while",  "xor",    "std",      "Eigen",  "detail"};
    const QString ns = keywords.contains(nsIn) ? nsIn + "_model" : nsIn;
    const int n0 = m.networkInputs();
    QString s = banner(m, "// ");
    s += "//\n// Header-only C++17 with Eigen 3.3 or later: #include this file, then call\n";
    s += QString("//   %1::predict(x)        x: Eigen::VectorXd of the %2 raw inputs -> the %3 outputs\n")
             .arg(ns)
             .arg(m.rawInputs)
             .arg(m.outputs());
    s += QString("//   %1::predictBatch(X)   X: %2 x N, one column per sample -> %3 x N\n")
             .arg(ns)
             .arg(m.rawInputs)
             .arg(m.outputs());
    s += "// The features and the standardisation are applied inside; everything is computed in double.\n";
    s += "#pragma once\n#include <Eigen/Core>\n";
    if (uses(m, engine::LayerKind::MaxPool) || uses(m, engine::LayerKind::AvgPool)) s += "#include <algorithm>\n";
    s += "#include <cmath>\n\n";
    s += "namespace " + ns + " {\n\n";
    s += QString("inline constexpr int kRawInputs = %1;  // %2\n")
             .arg(m.rawInputs)
             .arg(m.rawInputs <= 8 ? m.rawNames.join(", ") : m.rawNames.mid(0, 3).join(", ") + ", ...");
    s += QString("inline constexpr int kOutputs = %1;\n").arg(m.outputs());
    if (m.task == engine::Task::Classification) {
        QStringList names;
        for (const QString& c : m.classNames) names << cString(c);
        s += "inline constexpr const char* kClassNames[] = {" + names.join(", ") + "};\n";
    }
    s += "\nnamespace detail {\n";
    s += "using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;\n";
    if (m.standardizes()) {
        s += "// Standardisation of the network's inputs, fitted on the training set: (f - mean) / std.\n";
        s += "inline constexpr double kMean[] = {\n" + vectorList(m.mean, "    ") + "\n};\n";
        s += "inline constexpr double kStd[] = {\n" + vectorList(m.stddev, "    ") + "\n};\n";
    }
    for (std::size_t l = 0; l < m.layers.size(); ++l) {
        const ExportedLayer& L = m.layers[l];
        if (L.kind == engine::LayerKind::Conv) {
            s += QString(
                     "// Layer %1: %2, %3; kW%1[((o * %4 + c) * %5 + i) * %5 + j] is row i, column j of the kernel\n"
                     "// of output channel o on input channel c (PyTorch's weight[o][c][i][j]).\n")
                     .arg(l + 1)
                     .arg(L.describe(), shapes(L))
                     .arg(L.in.channels)
                     .arg(L.kernel);
            s += QString("inline constexpr double kW%1[] = {\n").arg(l + 1);
            s += kernelList(L, "    ", "// output channel %1, input channel %2");
            s += QString("};\ninline constexpr double kB%1[] = {\n%2\n};\n").arg(l + 1).arg(vectorList(L.b, "    "));
            continue;
        }
        if (!L.isDense()) continue;  // pooling and flatten: no parameters
        s += QString("// Layer %1: %2 -> %3, %4; row j holds the weights into unit j (z = W a + b).\n")
                 .arg(l + 1)
                 .arg(count(L.inputs, "input"), count(L.units, "unit"),
                      QString::fromStdString(engine::activationName(L.activation)));
        s += QString("inline constexpr double kW%1[] = {\n").arg(l + 1);
        for (int j = 0; j < L.units; ++j)
            s += (L.inputs > 8 ? QString("    // unit %1\n").arg(j) : QString()) + rowList(L, j, "    ") + ",\n";
        s += QString("};\ninline constexpr double kB%1[] = {\n%2\n};\n").arg(l + 1).arg(vectorList(L.b, "    "));
    }
    s += cppLayerFunctions(m);
    s += "}  // namespace detail\n\n";

    s += QString("// X_raw: %1 x N, one column per sample. Returns %2 x N.\n").arg(m.rawInputs).arg(m.outputs());
    s += "inline Eigen::MatrixXd predictBatch(const Eigen::MatrixXd& X_raw) {\n";
    s += "    namespace d = detail;\n";
    if (m.usesFeatures()) {
        const QStringList names = m.networkInputNames();
        s += QString("    Eigen::MatrixXd A(%1, X_raw.cols()), Z;\n").arg(n0);
        s += "    for (Eigen::Index c = 0; c < X_raw.cols(); ++c) {\n";
        s += "        const double x1 = X_raw(0, c), x2 = X_raw(1, c);\n";
        for (std::size_t f = 0; f < m.features.size(); ++f)
            s += QString("        A(%1, c) = %2;  // %3\n")
                     .arg(f)
                     .arg(featureExpression(m.features[f], "std::"), names[int(f)]);
        s += "    }\n";
    } else {
        s += "    Eigen::MatrixXd A = X_raw, Z;\n";
    }
    if (m.standardizes())
        s += QString("    A = ((A.colwise() - Eigen::Map<const Eigen::VectorXd>(d::kMean, %1)).array().colwise() /\n"
                     "         Eigen::Map<const Eigen::ArrayXd>(d::kStd, %1)).matrix();\n")
                 .arg(n0);
    for (std::size_t l = 0; l < m.layers.size(); ++l) {
        const ExportedLayer& L = m.layers[l];
        const int k = int(l) + 1;
        if (L.kind == engine::LayerKind::MaxPool || L.kind == engine::LayerKind::AvgPool) {
            s += QString("    A = d::pool(A, %1, %2, %3, %4, %5, %6);  // layer %7: %8, %9\n")
                     .arg(L.in.channels)
                     .arg(L.in.height)
                     .arg(L.in.width)
                     .arg(L.kernel)
                     .arg(L.stride)
                     .arg(L.kind == engine::LayerKind::MaxPool ? "true" : "false")
                     .arg(k)
                     .arg(L.describe(), shapes(L));
            continue;
        }
        if (L.kind == engine::LayerKind::Flatten) {
            s += QString("    // layer %1: flatten: the values of a column are already one vector\n").arg(k);
            continue;
        }
        if (L.kind == engine::LayerKind::Conv)
            s += QString("    Z = d::conv(A, d::kW%1, d::kB%1, %2, %3, %4, %5, %6, %7, %8);  // layer %1: %9\n")
                     .arg(k)
                     .arg(L.in.channels)
                     .arg(L.in.height)
                     .arg(L.in.width)
                     .arg(L.out.channels)
                     .arg(L.kernel)
                     .arg(L.stride)
                     .arg(L.padding)
                     .arg(shapes(L));
        else
            s += QString("    Z = (Eigen::Map<const d::RowMajorMatrix>(d::kW%1, %2, %3) * A).colwise() +\n"
                         "        Eigen::Map<const Eigen::VectorXd>(d::kB%1, %2);\n")
                     .arg(k)
                     .arg(L.units)
                     .arg(L.inputs);
        switch (L.activation) {  // as engine::activate(): the vectorised forms where the engine uses them
        case engine::Activation::Identity: s += "    A = Z;\n"; break;
        case engine::Activation::Tanh: s += "    A = Z.array().tanh();\n"; break;
        case engine::Activation::ReLU: s += "    A = Z.array().max(0.0);\n"; break;
        case engine::Activation::Sigmoid:
            s += "    A = (Z.array() >= 0).select(1.0 / (1.0 + (-Z.array()).exp()), Z.array().exp() / (1.0 + "
                 "Z.array().exp()));\n";
            break;
        case engine::Activation::Softmax:  // per column: e^(z - max z) / sum e^(z - max z)
            s += "    A.resize(Z.rows(), Z.cols());\n"
                 "    for (Eigen::Index c = 0; c < Z.cols(); ++c) {\n"
                 "        A.col(c) = (Z.col(c).array() - Z.col(c).maxCoeff()).exp();\n"
                 "        A.col(c) /= A.col(c).sum();\n"
                 "    }\n";
            break;
        default:
            s += QString("    A = Z.unaryExpr([](double z) { return %1; });  // %2\n")
                     .arg(activationExpr(L.activation, "std::"),
                          QString::fromStdString(engine::activationFormula(L.activation)));
            break;
        }
    }
    s += "    return A;\n}\n\n";
    s += "inline Eigen::VectorXd predict(const Eigen::VectorXd& x_raw) { return predictBatch(x_raw).col(0); }\n\n";
    s += "// The C interface of the C export: x_raw has kRawInputs values, out receives kOutputs.\n";
    s += "inline void predict(const float* x_raw, float* out) {\n"
         "    Eigen::VectorXd x(kRawInputs);\n"
         "    for (int i = 0; i < kRawInputs; ++i) x[i] = x_raw[i];\n"
         "    const Eigen::VectorXd y = predict(x);\n"
         "    for (int k = 0; k < kOutputs; ++k) out[k] = float(y[k]);\n"
         "}\n\n";
    s += "}  // namespace " + ns + "\n";
    return s.toUtf8();
}

}  // namespace app::writers
