// The example projects that ship inside NN Lab: examples/*.nnlab, embedded as Qt resources under :/examples (so the
// program finds them from the build tree and once installed alike) and offered in File ▸ Examples.
#pragma once
#include <QList>
#include <QString>

namespace app {

struct ExampleProject {
    QString path;         // ":/examples/01-xor-solved.nnlab"
    QString title;        // the project's title: the menu entry and the window title
    QString description;  // one line: the entry's tooltip and status tip
};

inline constexpr char kExamplesFolder[] = ":/examples";

// Every bundled example in file-name order (the names start with their place in the menu: "01-", "02-", ...). A file
// that does not load is left out; the tests load every one.
QList<ExampleProject> exampleProjects();

}  // namespace app
