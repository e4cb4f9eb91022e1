// The Help menu (About NN Lab, About Qt) and the About box: the version, what NN Lab is, its licence and where to read
// it, the libraries and data sets it uses with their licences. The presenter adds its key map to the same menu: it
// finds it by its object name, "helpMenu", so there is one Help menu whichever comes first.
#pragma once
#include <QDialog>
#include <QString>

class QMainWindow;
class QMenu;

namespace app {

// The About box's text (rich text with links): `nnlab --version`'s version, the licences, the credits.
QString aboutText();

// A modal box showing aboutText() (the label "aboutText"; links open in the browser) and a Close button.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

// Adds Help (object name "helpMenu") to the window's menu bar, or reuses the one there, and puts About in it.
QMenu* addHelpMenu(QMainWindow* window);

}  // namespace app
