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

}  // namespace

std::vector<std::pair<QString, QByteArray>> csv(const ExportedModel& m) {
    std::vector<std::pair<QString, QByteArray>> files;

    QString network = "layer,inputs,units,activation,file\n";
    for (std::size_t l = 0; l < m.layers.size(); ++l)
        network += QString("%1,%2,%3,%4,layer%1.csv\n")
                       .arg(l + 1)
                       .arg(m.layers[l].inputs)
                       .arg(m.layers[l].units)
                       .arg(QString::fromStdString(engine::activationName(m.layers[l].activation)));
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
        QStringList header{"unit", "bias"};
        for (int i = 0; i < layer.inputs; ++i)
            header << (l == 0 ? field(names.value(i)) : QString("layer%1_unit%2").arg(l).arg(i + 1));
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
