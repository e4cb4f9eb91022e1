// The model as an ONNX graph (opset 13, IR 8, float32, dynamic batch), built with libonnx's protobuf classes and checked
// with onnx::checker and strict shape inference before it is written. The graph takes the RAW inputs x [N, d]:
//   Split -> feature nodes (Mul, Sin, Sqrt, an atan2 built from Atan + Where) -> Concat -> Sub mean -> Div std
//   -> per layer Gemm (B = W^T, C = b) + activation node -> y [N, outputs]
// A network with an image input or typed layers keeps x flat (the standardisation is per input value) and reshapes
// it to [N, C, H, W] before the first convolution or pooling: Conv + activation, MaxPool, AveragePool, and a Flatten
// before a dense layer that reads an image (Gemm takes 2-D tensors); a dense stack gives the same graph as before.
// Layout and node names: docs/model-export.md#onnx.
#include "app/export/export_writers.h"
#include "app/export/model_export.h"
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <numbers>
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

namespace app::writers {
namespace {

constexpr int kOpset = 13;

class GraphBuilder {
public:
    explicit GraphBuilder(onnx::GraphProto* g) : m_g(g) {}

    onnx::NodeProto* node(const std::string& op, const std::vector<std::string>& in,
                          const std::vector<std::string>& out, const std::string& name) {
        onnx::NodeProto* n = m_g->add_node();
        n->set_op_type(op);
        n->set_name(name);
        for (const std::string& s : in) n->add_input(s);
        for (const std::string& s : out) n->add_output(s);
        return n;
    }
    // A node with one output named like the node.
    std::string op(const std::string& op, const std::vector<std::string>& in, const std::string& out) {
        node(op, in, {out}, out);
        return out;
    }
    static void attr(onnx::NodeProto* n, const std::string& name, std::int64_t v) {
        auto* a = n->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(v);
    }
    static void attr(onnx::NodeProto* n, const std::string& name, const std::vector<std::int64_t>& v) {
        auto* a = n->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INTS);
        for (std::int64_t x : v) a->add_ints(x);
    }
    static void attr(onnx::NodeProto* n, const std::string& name, float v) {
        auto* a = n->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(v);
    }
    // A float32 initializer; `values` in row-major order of `dims`.
    void tensor(const std::string& name, const std::vector<std::int64_t>& dims, const std::vector<float>& values) {
        onnx::TensorProto* t = m_g->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::FLOAT);
        for (std::int64_t d : dims) t->add_dims(d);
        for (float v : values) t->add_float_data(v);
    }
    // An int64 initializer (a shape for Reshape).
    void int64Tensor(const std::string& name, const std::vector<std::int64_t>& values) {
        onnx::TensorProto* t = m_g->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::INT64);
        t->add_dims(std::int64_t(values.size()));
        for (std::int64_t v : values) t->add_int64_data(v);
    }
    // A scalar constant, created once per name.
    std::string scalar(const std::string& name, double v) {
        if (std::find(m_scalars.begin(), m_scalars.end(), name) == m_scalars.end()) {
            tensor(name, {}, {float(v)});
            m_scalars.push_back(name);
        }
        return name;
    }
    void io(onnx::ValueInfoProto* vi, const std::string& name, std::int64_t cols, const std::string& doc) {
        vi->set_name(name);
        vi->set_doc_string(doc);
        auto* tt = vi->mutable_type()->mutable_tensor_type();
        tt->set_elem_type(onnx::TensorProto::FLOAT);
        tt->mutable_shape()->add_dim()->set_dim_param("N");  // dynamic batch
        tt->mutable_shape()->add_dim()->set_dim_value(cols);
    }

private:
    onnx::GraphProto* m_g;
    std::vector<std::string> m_scalars;
};

// theta = atan2(y, x) from opset-13 ops (there is no Atan2). Where |x| >= |y|: atan(y/x), shifted by +-pi when x < 0;
// elsewhere: +-pi/2 - atan(x/y). Each quotient is at most 1 in size, so Atan stays accurate. Zero denominators are
// replaced by 1 before dividing, so no branch produces NaN or infinity; atan2(0, 0) = 0 as in C. The sign of a zero
// is not looked at: atan2(-0, x < 0) gives +pi where C's atan2 gives -pi.
std::string atan2Nodes(GraphBuilder& b, const std::string& y, const std::string& x) {
    const std::string zero = b.scalar("const_zero", 0.0), one = b.scalar("const_one", 1.0);
    const std::string pi = b.scalar("const_pi", std::numbers::pi), negPi = b.scalar("const_neg_pi", -std::numbers::pi);
    const std::string halfPi = b.scalar("const_half_pi", std::numbers::pi / 2);
    const std::string negHalfPi = b.scalar("const_neg_half_pi", -std::numbers::pi / 2);

    const std::string xDominant = b.op("GreaterOrEqual",
                                       {b.op("Abs", {x}, "theta_abs_x"), b.op("Abs", {y}, "theta_abs_y")},
                                       "theta_x_dominant");
    const std::string xNeg = b.op("Less", {x, zero}, "theta_x_neg");
    const std::string yNeg = b.op("Less", {y, zero}, "theta_y_neg");
    const std::string xSafe = b.op("Where", {b.op("Equal", {x, zero}, "theta_x_zero"), one, x}, "theta_x_safe");
    const std::string ySafe = b.op("Where", {b.op("Equal", {y, zero}, "theta_y_zero"), one, y}, "theta_y_safe");
    // |x| >= |y|: atan(y/x) + (x < 0 ? (y < 0 ? -pi : pi) : 0)
    const std::string atanYX = b.op("Atan", {b.op("Div", {y, xSafe}, "theta_y_over_x")}, "theta_atan_y_over_x");
    const std::string shift = b.op("Where", {xNeg, b.op("Where", {yNeg, negPi, pi}, "theta_pi_signed"), zero},
                                   "theta_shift");
    const std::string nearX = b.op("Add", {atanYX, shift}, "theta_near_x_axis");
    // |y| > |x|: (y < 0 ? -pi/2 : pi/2) - atan(x/y)
    const std::string atanXY = b.op("Atan", {b.op("Div", {x, ySafe}, "theta_x_over_y")}, "theta_atan_x_over_y");
    const std::string nearY = b.op("Sub", {b.op("Where", {yNeg, negHalfPi, halfPi}, "theta_half_pi_signed"), atanXY},
                                   "theta_near_y_axis");
    return b.op("Where", {xDominant, nearX, nearY}, "theta");
}

// The feature columns [N, 1] each, concatenated to [N, F].
std::string featureNodes(GraphBuilder& b, const ExportedModel& m, const std::string& x) {
    using engine::Feature;
    if (m.features == std::vector<Feature>{Feature::X1, Feature::X2}) return x;  // the identity: no nodes needed
    auto* split = b.node("Split", {x}, {"x1", "x2"}, "split_x1_x2");
    GraphBuilder::attr(split, "axis", std::int64_t(1));
    std::string x1sq, x2sq;
    auto square1 = [&] { return x1sq.empty() ? (x1sq = b.op("Mul", {"x1", "x1"}, "x1_squared")) : x1sq; };
    auto square2 = [&] { return x2sq.empty() ? (x2sq = b.op("Mul", {"x2", "x2"}, "x2_squared")) : x2sq; };
    std::vector<std::string> columns;
    std::string r, theta, x1x2, sin1, sin2;
    for (Feature f : m.features) {
        switch (f) {
        case Feature::X1: columns.push_back("x1"); break;
        case Feature::X2: columns.push_back("x2"); break;
        case Feature::X1Squared: columns.push_back(square1()); break;
        case Feature::X2Squared: columns.push_back(square2()); break;
        case Feature::X1X2:
            if (x1x2.empty()) x1x2 = b.op("Mul", {"x1", "x2"}, "x1_times_x2");
            columns.push_back(x1x2);
            break;
        case Feature::SinX1:
            if (sin1.empty()) sin1 = b.op("Sin", {"x1"}, "sin_x1");
            columns.push_back(sin1);
            break;
        case Feature::SinX2:
            if (sin2.empty()) sin2 = b.op("Sin", {"x2"}, "sin_x2");
            columns.push_back(sin2);
            break;
        case Feature::Radius:  // r = sqrt(x1^2 + x2^2)
            if (r.empty()) r = b.op("Sqrt", {b.op("Add", {square1(), square2()}, "r_squared")}, "r");
            columns.push_back(r);
            break;
        case Feature::Angle:
            if (theta.empty()) theta = atan2Nodes(b, "x2", "x1");
            columns.push_back(theta);
            break;
        }
    }
    auto* concat = b.node("Concat", columns, {"features"}, "features");
    GraphBuilder::attr(concat, "axis", std::int64_t(1));
    return "features";
}

std::string activationNodes(GraphBuilder& b, engine::Activation f, const std::string& z, const std::string& out) {
    using engine::Activation;
    switch (f) {
    case Activation::Identity: b.node("Identity", {z}, {out}, out); break;
    case Activation::Step:  // 1 where z >= 0, else 0
        GraphBuilder::attr(b.node("Cast", {b.op("GreaterOrEqual", {z, b.scalar("const_zero", 0.0)}, out + "_ge0")},
                                  {out}, out),
                           "to", std::int64_t(onnx::TensorProto::FLOAT));
        break;
    case Activation::Sigmoid: b.node("Sigmoid", {z}, {out}, out); break;
    case Activation::Tanh: b.node("Tanh", {z}, {out}, out); break;
    case Activation::ReLU: b.node("Relu", {z}, {out}, out); break;
    case Activation::LeakyReLU:
        GraphBuilder::attr(b.node("LeakyRelu", {z}, {out}, out), "alpha", float(engine::kLeakyReluSlope));
        break;
    case Activation::ELU: GraphBuilder::attr(b.node("Elu", {z}, {out}, out), "alpha", float(engine::kEluAlpha)); break;
    case Activation::Softplus: b.node("Softplus", {z}, {out}, out); break;
    case Activation::Sine: b.node("Sin", {z}, {out}, out); break;
    case Activation::Softmax:  // over each row's units (axis 1): one sample per row
        GraphBuilder::attr(b.node("Softmax", {z}, {out}, out), "axis", std::int64_t(1));
        break;
    }
    return out;
}

std::vector<float> floats(const engine::Vector& v) {
    std::vector<float> f(std::size_t(v.size()));
    for (engine::Index i = 0; i < v.size(); ++i) f[std::size_t(i)] = float(v[i]);
    return f;
}

void metadata(onnx::ModelProto& model, const std::string& key, const QString& value) {
    auto* p = model.add_metadata_props();
    p->set_key(key);
    p->set_value(value.toStdString());
}

}  // namespace

std::optional<QByteArray> onnx(const ExportedModel& m, QString* error) {
    onnx::ModelProto model;
    model.set_ir_version(onnx::IR_VERSION);
    model.set_producer_name("NN Lab");
    model.set_producer_version(QCoreApplication::applicationVersion().toStdString());
    model.set_model_version(1);
    model.set_doc_string(QString("%1%2. Input x: %3. Output y: %4.%5")
                             .arg(m.title.isEmpty() ? QString() : m.title + ": ", m.summary(), m.rawNames.join(", "),
                                  m.outputMeaning(), m.trained ? QString() : QString(" Untrained (initial) weights."))
                             .toStdString());
    auto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOpset);
    metadata(model, "nnlab.task", m.task == engine::Task::Regression ? "regression" : "classification");
    metadata(model, "nnlab.classes",
             QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(m.classNames)).toJson(QJsonDocument::Compact)));
    metadata(model, "nnlab.inputs", m.rawNames.join(","));
    metadata(model, "nnlab.features", m.networkInputNames().join(","));
    metadata(model, "nnlab.output", m.outputMeaning());
    metadata(model, "nnlab.trained", m.trained ? "true" : "false");

    onnx::GraphProto* g = model.mutable_graph();
    g->set_name(identifierFromFileName(m.title.isEmpty() ? "nnlab_model" : m.title).toStdString());
    GraphBuilder b(g);
    b.io(g->add_input(), "x", m.rawInputs, ("raw inputs: " + m.rawNames.join(", ")).toStdString());
    b.io(g->add_output(), "y", m.outputs(), m.outputMeaning().toStdString());

    std::string a = m.usesFeatures() ? featureNodes(b, m, "x") : "x";
    if (m.standardizes()) {  // (f - mean) / std, broadcast over the batch
        const std::int64_t n = m.mean.size();
        b.tensor("input_mean", {n}, floats(m.mean));
        b.tensor("input_std", {n}, floats(m.stddev));
        a = b.op("Div", {b.op("Sub", {a, "input_mean"}, "centered"), "input_std"}, "standardized");
    }
    bool image = false;  // whether `a` is [N, C, H, W] (else [N, values])
    for (std::size_t l = 0; l < m.layers.size(); ++l) {
        const ExportedLayer& layer = m.layers[l];
        const std::string k = std::to_string(l + 1);
        const std::string out = l + 1 == m.layers.size() ? "y" : "a" + k;
        if (layer.isDense()) {
            if (image) {  // Gemm needs [N, values]: the image read flat in C, H, W order (torch.flatten(x, 1))
                GraphBuilder::attr(b.node("Flatten", {a}, {"flat" + k}, "flat" + k), "axis", std::int64_t(1));
                a = "flat" + k;
                image = false;
            }
            // Gemm: z = a B + C with B [inputs, units] = W^T: W's column-major storage read row by row.
            std::vector<float> w(std::size_t(layer.W.size()));
            for (engine::Index i = 0; i < layer.W.size(); ++i) w[std::size_t(i)] = float(layer.W.data()[i]);
            b.tensor("W" + k, {layer.inputs, layer.units}, w);
            b.tensor("b" + k, {layer.units}, floats(layer.b));
            const std::string z = b.op("Gemm", {a, "W" + k, "b" + k}, "z" + k);
            a = activationNodes(b, layer.activation, z, out);
            continue;
        }
        if (layer.kind == engine::LayerKind::Flatten) {
            if (image) GraphBuilder::attr(b.node("Flatten", {a}, {out}, out), "axis", std::int64_t(1));
            else b.node("Identity", {a}, {out}, out);
            a = out;
            image = false;
            continue;
        }
        if (!image) {  // the flat values as [N, C, H, W]; -1 keeps the batch dynamic
            const std::string shape = k == "1" ? "image_shape" : "image_shape" + k;
            b.int64Tensor(shape, {-1, layer.in.channels, layer.in.height, layer.in.width});
            a = b.op("Reshape", {a, shape}, k == "1" ? "x_image" : "image" + k);
            image = true;
        }
        const std::vector<std::int64_t> window{layer.kernel, layer.kernel}, strides{layer.stride, layer.stride};
        if (layer.kind == engine::LayerKind::Conv) {
            // W [C_out, C_in, k, k] row-major: PyTorch's weight[o][c][i][j].
            std::vector<float> w;
            w.reserve(std::size_t(layer.W.size()));
            for (int o = 0; o < layer.W.rows(); ++o)
                for (int q = 0; q < layer.W.cols(); ++q) w.push_back(float(layer.W(o, q)));
            b.tensor("W" + k, {layer.W.rows(), layer.in.channels, layer.kernel, layer.kernel}, w);
            b.tensor("b" + k, {layer.b.size()}, floats(layer.b));
            auto* conv = b.node("Conv", {a, "W" + k, "b" + k}, {"z" + k}, "z" + k);
            GraphBuilder::attr(conv, "kernel_shape", window);
            GraphBuilder::attr(conv, "strides", strides);
            GraphBuilder::attr(conv, "pads", std::vector<std::int64_t>(4, layer.padding));
            a = activationNodes(b, layer.activation, "z" + k, out);
        } else {  // no padding; the output side is floor((n - k) / s) + 1 (ceil_mode 0), as the engine's
            auto* pool = b.node(layer.kind == engine::LayerKind::MaxPool ? "MaxPool" : "AveragePool", {a}, {out}, out);
            GraphBuilder::attr(pool, "kernel_shape", window);
            GraphBuilder::attr(pool, "strides", strides);
            a = out;
        }
    }

    try {
        onnx::checker::check_model(model);
        onnx::ModelProto inferred = model;  // strict: any node whose shapes do not fit throws
        onnx::shape_inference::InferShapes(inferred, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(true, 1, false));
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
    const std::string bytes = model.SerializeAsString();
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

}  // namespace app::writers

namespace app {
QString checkOnnxFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return QString("cannot read %1: %2").arg(path, f.errorString());
    const QByteArray bytes = f.readAll();
    onnx::ModelProto model;
    if (!model.ParseFromArray(bytes.constData(), int(bytes.size())))
        return QString("%1 is not an ONNX model").arg(path);
    try {
        onnx::checker::check_model(model);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}
}  // namespace app
