#include "app/bench.h"
#include <cstdio>

namespace app {
int runBench(const QStringList&) {
    std::fprintf(stderr, "nnlab: bench is not built yet\n");
    return 1;
}
}  // namespace app
