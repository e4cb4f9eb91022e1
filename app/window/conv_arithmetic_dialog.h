// The "Convolution arithmetic" tool's window (View ▸ Convolution arithmetic…): the stepped view of one convolution or
// pooling, beside the main window and not modal, so a teacher keeps it open while the class looks at the network.
// It takes the main window's font (WA_WindowPropagation), so presenter mode enlarges it too.
#pragma once
#include <QDialog>
#include <utility>

class QMenu;

namespace widgets {
class ConvArithmeticView;
}

namespace app {

class ConvArithmeticDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConvArithmeticDialog(QWidget* parent = nullptr);
    widgets::ConvArithmeticView* view() const { return m_view; }

protected:
    // The window's font grew or shrank (presenter mode): the tool grows or shrinks with it, within the screen.
    void changeEvent(QEvent* e) override;

private:
    widgets::ConvArithmeticView* m_view = nullptr;
    double m_fontSize = 0;               // the point size the current window size was made for
    std::pair<QSize, double> m_before;  // the size (and font size) before the font last grew
};

// Adds "Convolution arithmetic…" (Ctrl+Shift+K) to `menu`; it opens the tool over `window`, or brings back the one
// already open.
void addConvArithmeticAction(QMenu* menu, QWidget* window);

}  // namespace app
