// A button whose text changes (Play/Pause) keeps the width of its widest text, so the toolbar beside it does not
// reflow on every press; it follows font changes (presenter mode's large font).
#pragma once
#include <QStringList>

class QAbstractButton;

namespace app {

void keepWidestText(QAbstractButton* button, const QStringList& texts);

}  // namespace app
