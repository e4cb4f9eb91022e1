// The weights as CSV tables, one file per layer plus the network's shape and its input transform
// (docs/model-export.md#csv). Numbers are the shortest text that reads back as the same double.
#include "app/export/export_writers.h"

namespace app::writers {
namespace {

// RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes inside.
QString field(const QString& s) {
    if (!s.contains(',') && !s.contains('"') && !s.contains('\n') && !s.contains('\r')) return s;
    return '"' + QString(s).replace("\"", "\"\"") + '"';
}

// "8x8x1" (height x width x channels) or "64".
QString shapeText(const engine::Shape& s) { return QString::fromStdString(engine::describeShape(s)); }

// A convolution's table: one row per kernel weight (output channel, input channel, kernel row, kernel column, all
// counted from 1), then one row per bias (the other indices empty).
QByteArray convTable(const ExportedLayer& L) {
    QString table = "parameter,out_channel,in_channel,row,col,value\n";
    for (int o = 0; o < L.out.channels; ++o)
        for (int c = 0; c < L.in.channels; ++c)
            for (int i = 0; i < L.kernel; ++i)
                for (int j = 0; j < L.kernel; ++j)
                    table += QString("weight,%1,%2,%3,%4,%5\n")
                                 .arg(o + 1)
                                 .arg(c + 1)
                                 .arg(i + 1)
                                 .arg(j + 1)
                                 .arg(num(L.convWeight(o, c, i, j)));
    for (int o = 0; o < L.out.channels; ++o) table += QString("bias,%1,,,,%2\n").arg(o + 1).arg(num(L.b[o]));
    return table.toUtf8();
}

// The name of value v of a layer's output: "layer2_ch1_r3_c4" for an image (counted from 1), else "layer2_unit5".
QString valueName(int layer, const engine::Shape& s, int v) {
    if (!s.isImage()) return QString("layer%1_unit%2").arg(layer).arg(v + 1);
    const int hw = s.height * s.width;
    return QString("layer%1_ch%2_r%3_c%4").arg(layer).arg(v / hw + 1).arg(v % hw / s.width + 1).arg(v % s.width + 1);
}

}  // namespace

std::vector<std::pair<QString, QByteArray>> csv(const ExportedModel& m) {
    std::vector<std::pair<QString, QByteArray>> files;

    // A dense stack keeps its five columns; typed layers add their kind, shapes and window after them. Pooling and
    // flatten have no parameters, hence no file.
    const bool typed = !m.isDenseOnly();
    QString network = typed ? "layer,inputs,units,activation,file,type,input_shape,output_shape,kernel,stride,padding\n"
                            : "layer,inputs,units,activation,file\n";
    for (std::size_t l = 0; l < m.layers.size(); ++l) {
        const ExportedLayer& L = m.layers[l];
        network += QString("%1,%2,%3,%4,%5")
                       .arg(l + 1)
                       .arg(L.inputs)
                       .arg(L.units)
                       .arg(L.hasParameters() ? QString::fromStdString(engine::activationName(L.activation))
                                              : QString())
                       .arg(L.hasParameters() ? QString("layer%1.csv").arg(l + 1) : QString());
        if (typed)
            network += QString(",%1,%2,%3,%4,%5,%6")
                           .arg(QString::fromStdString(engine::layerKindName(L.kind)), shapeText(L.in),
                                shapeText(L.out))
                           .arg(L.isDense() ? QString() : QString::number(L.kernel))
                           .arg(L.isDense() || L.kind == engine::LayerKind::Flatten ? QString()
                                                                                    : QString::number(L.stride))
                           .arg(L.kind == engine::LayerKind::Conv ? QString::number(L.padding) : QString());
        network += '\n';
    }
    files.emplace_back("network.csv", network.toUtf8());

    // What the first layer sees: input i = (feature_i(raw) - mean_i) / std_i (mean 0 and std 1 when not standardised).
    QString inputs = "input,name,mean,std\n";
    const QStringList names = m.networkInputNames();
    for (int i = 0; i < m.networkInputs(); ++i)
        inputs += QString("%1,%2,%3,%4\n")
                      .arg(i + 1)
                      .arg(field(names.value(i)))
                      .arg(num(m.standardizes() ? m.mean[i] : 0.0))
                      .arg(num(m.standardizes() ? m.stddev[i] : 1.0));
    files.emplace_back("inputs.csv", inputs.toUtf8());

    for (std::size_t l = 0; l < m.layers.size(); ++l) {
        const ExportedLayer& layer = m.layers[l];
        if (layer.kind == engine::LayerKind::Conv)
            files.emplace_back(QString("layer%1.csv").arg(l + 1), convTable(layer));
        if (!layer.isDense()) continue;
        QStringList header{"unit", "bias"};
        for (int i = 0; i < layer.inputs; ++i)
            header << (l == 0 ? field(names.value(i)) : valueName(int(l), layer.in, i));
        QString table = header.join(',') + '\n';
        for (int j = 0; j < layer.units; ++j) {  // row j: unit j's bias, then W(j, i) for each input i
            QStringList row{QString::number(j + 1), num(layer.b[j])};
            for (int i = 0; i < layer.inputs; ++i) row << num(layer.W(j, i));
            table += row.join(',') + '\n';
        }
        files.emplace_back(QString("layer%1.csv").arg(l + 1), table.toUtf8());
    }
    return files;
}

}  // namespace app::writers
