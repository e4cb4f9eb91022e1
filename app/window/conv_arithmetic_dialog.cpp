#include "app/window/conv_arithmetic_dialog.h"
#include "widgets/conv_arithmetic_view.h"
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QMenu>
#include <QPushButton>
#include <QScreen>
#include <QVBoxLayout>
#include <algorithm>

namespace app {

ConvArithmeticDialog::ConvArithmeticDialog(QWidget* parent) : QDialog(nullptr) {
    // The window's font (larger in presenter mode) reaches a window only with this attribute, which counts from when
    // the parent is set: so the parent comes after it.
    setAttribute(Qt::WA_WindowPropagation);
    setParent(parent, windowFlags());
    setObjectName("convArithmeticDialog");
    setWindowTitle(tr("Convolution arithmetic"));
    auto* layout = new QVBoxLayout(this);
    m_view = new widgets::ConvArithmeticView(this);
    m_view->setObjectName("convArithmeticView");
    layout->addWidget(m_view, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setFocusPolicy(Qt::NoFocus);  // Space plays; it must not close
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    // Opened in presenter mode, it starts as much larger as the window's text is.
    m_fontSize = font().pointSizeF();
    const double appSize = QApplication::font().pointSizeF();
    QSize size = QSize(1100, 760) * (m_fontSize > 0 && appSize > 0 ? std::max(1.0, m_fontSize / appSize) : 1.0);
    if (const QScreen* s = parent ? parent->screen() : nullptr) size = size.boundedTo(s->availableSize() * 0.95);
    resize(size);
}

void ConvArithmeticDialog::changeEvent(QEvent* e) {
    QDialog::changeEvent(e);
    if (e->type() != QEvent::FontChange || m_fontSize <= 0 || font().pointSizeF() <= 0) return;
    const double now = font().pointSizeF();
    if (now == m_fontSize) return;
    QSize next = size() * (now / m_fontSize);
    if (now > m_fontSize) m_before = {size(), m_fontSize};  // back to exactly this when the font is back
    else if (now == m_before.second && m_before.first.isValid()) next = m_before.first;
    if (const QScreen* s = screen()) next = next.boundedTo(s->availableSize() * 0.95);
    m_fontSize = now;
    resize(next.expandedTo(minimumSizeHint()));
}

void addConvArithmeticAction(QMenu* menu, QWidget* window) {
    QAction* act = menu->addAction(QObject::tr("Convolution &arithmetic…"));
    act->setObjectName("convArithmeticAction");
    act->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_K);
    act->setToolTip(QObject::tr("Step a kernel across an input: the products and the sum of each output cell, max and "
                                "average pooling, and the output size with stride and padding"));
    act->setStatusTip(act->toolTip());
    menu->setToolTipsVisible(true);
    QObject::connect(act, &QAction::triggered, window, [window] {
        auto* dialog = window->findChild<ConvArithmeticDialog*>();
        if (!dialog) dialog = new ConvArithmeticDialog(window);  // kept (hidden) when closed: its numbers stay
        dialog->show();
        dialog->raise();
        dialog->activateWindow();
    });
}

}  // namespace app
