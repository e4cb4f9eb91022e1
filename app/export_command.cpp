#include "app/export_command.h"
#include <cstdio>

namespace app {
int runExport(const QStringList&) {
    std::fprintf(stderr, "nnlab: export is not built yet\n");
    return 1;
}
}  // namespace app
