// `nnlab export FILE.nnlab --format onnx|json|c|cpp|pytorch|csv -o OUT`: the trained model in other formats.
#pragma once
#include <QStringList>

namespace app {
// args as main() received them ("nnlab", "export", ...). Returns the exit code (2 for bad arguments).
int runExport(const QStringList& args);
}  // namespace app
