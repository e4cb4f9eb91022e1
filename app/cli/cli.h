// The command line: `nnlab train`, `nnlab demo`, `nnlab --help`. Headless: it needs no display.
#pragma once
#include <QStringList>

namespace app {

// True when the arguments name a command (so main() runs it instead of opening the window).
bool isCommand(const QStringList& args);
// Runs the command; returns the process exit code (2 for bad arguments, with a usage message on stderr).
int runCommand(const QStringList& args);
QString windowOptionsText();  // the window's options, for --help
QString usageText();

}  // namespace app
