// A line edit as wide as the text it holds (the architecture under the diagram: "4-8-8-8-1 relu, sigmoid out, mse"),
// at any font (presenter mode's large one): its minimum width follows the text and the font, so the whole text shows.
#pragma once
#include <QString>

class QLineEdit;

namespace app {

// `sample` is the narrowest text the field is sized for even when it holds less (or nothing).
void keepTextWhole(QLineEdit* edit, const QString& sample);

// The width `edit` needs to show `text` whole (its frame and margins included), at its current font and style.
int widthForText(const QLineEdit* edit, const QString& text);

}  // namespace app
