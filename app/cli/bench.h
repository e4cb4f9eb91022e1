// `nnlab bench`: fixed, seeded workloads that measure training and drawing speed (docs/benchmarks.md).
#pragma once
#include <QStringList>

namespace app {
// args as main() received them ("nnlab", "bench", ...). Returns the exit code (2 for bad arguments).
int runBench(const QStringList& args);
}  // namespace app
