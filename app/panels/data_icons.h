// The small pictures of the data panel, painted in code: a thumbnail per data set (the generator's own points, or the
// bundled digits and iris), the drawing-tool icons and the new-seed dice. Each is drawn at twice its logical size so
// it stays sharp on high-DPI screens and projectors.
#pragma once
#include "engine/dataset.h"
#include "widgets/output_view.h"
#include <QColor>
#include <QIcon>

namespace app {

constexpr int kDataSetIconSize = 48;  // logical pixels
constexpr int kToolIconSize = 24;

// The generator's points from a fixed seed: classes in their class colours, regression targets on the diverging scale
// (the one-input sine set as its curve).
QIcon generatorIcon(engine::Generator g);
QIcon digitsIcon();  // four bundled digits as 8x8 grey pixels
QIcon irisIcon();    // the bundled iris flowers: petal length against width, by species
QIcon toolIcon(widgets::OutputView::Tool tool, const QColor& ink);
QIcon diceIcon(const QColor& ink);

}  // namespace app
