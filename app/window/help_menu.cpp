// The Help menu and the About box. Every library and data set NN Lab ships or links is named with its licence here:
// the data sets' licence (CC BY 4.0) asks for the attribution, and a teacher installing the program for a school
// should see what it is made of without reading the source.
#include "app/window/help_menu.h"
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace app {

QString aboutText() {
    const auto link = [](const char* url, const QString& text) {
        return QString("<a href=\"%1\">%2</a>").arg(url, text);
    };
    return QObject::tr(
               "<h2>NN Lab %1</h2>"
               "<p>Watch neural networks learn: a playground for teaching them, from one neuron to a convolutional "
               "network, where every weight can be seen and changed.</p>"
               "<p>Free software under the GNU General Public License, version 3 or later (<b>GPL-3.0-or-later</b>): "
               "use it, study it, share it and change it. It comes with no warranty. The licence is the LICENSE file "
               "beside the source and at %2.</p>"
               "<h3>Built with</h3><ul>"
               "<li>%3 %4: LGPL-3.0</li>"
               "<li>%5 (the charts): GPL-3.0-or-later</li>"
               "<li>%6 (the linear algebra): MPL-2.0</li>"
               "<li>%7 (model export): Apache-2.0</li>"
               "<li>%8 (GIF recordings): MIT</li></ul>"
               "<h3>Data sets</h3><ul>"
               "<li>Digits: E. Alpaydin, C. Kaynak (1998), %9, UCI Machine Learning Repository: CC BY 4.0</li>"
               "<li>Iris: R. A. Fisher (1936), %10, UCI Machine Learning Repository: CC BY 4.0</li>"
               "<li>Fashion-MNIST: H. Xiao, K. Rasul, R. Vollgraf, Zalando Research (2017), %11: MIT (read from the "
               "Debian package dataset-fashion-mnist when it is installed)</li></ul>"
               "<p>And with a nod to %12: pour the data into a big pile of linear algebra and stir it until the "
               "answers start looking right. Here you can watch the stirring.</p>")
        .arg(QCoreApplication::applicationVersion(),
             link("https://www.gnu.org/licenses/gpl-3.0.html", "gnu.org/licenses/gpl-3.0.html"),
             link("https://www.qt.io", "Qt"), QString::fromLatin1(qVersion()),
             link("https://www.qcustomplot.com", "QCustomPlot"), link("https://eigen.tuxfamily.org", "Eigen"),
             link("https://onnx.ai", "ONNX"), link("https://sourceforge.net/projects/giflib/", "giflib"),
             link("https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits",
                  QObject::tr("Optical Recognition of Handwritten Digits")))
        .arg(link("https://archive.ics.uci.edu/dataset/53/iris", QObject::tr("Iris")),
             link("https://github.com/zalandoresearch/fashion-mnist", "github.com/zalandoresearch/fashion-mnist"),
             link("https://xkcd.com/1838/", QObject::tr("xkcd 1838, “Machine Learning”")));
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("aboutDialog");
    setWindowTitle(tr("About NN Lab"));
    auto* text = new QLabel(aboutText(), this);
    text->setObjectName("aboutText");
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setOpenExternalLinks(true);  // the licence, the libraries' and data sets' pages, the comic
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName("aboutButtons");
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(buttons);
    // Wide enough that the library and data set lines mostly fit on one line each.
    text->setMinimumWidth(fontMetrics().averageCharWidth() * 80);
}

QMenu* addHelpMenu(QMainWindow* window) {
    QMenu* help = window->findChild<QMenu*>("helpMenu");
    if (!help) {
        help = window->menuBar()->addMenu(QObject::tr("&Help"));
        help->setObjectName("helpMenu");
    }
    QAction* about = help->addAction(QObject::tr("&About NN Lab"), window, [window] {
        AboutDialog dialog(window);
        dialog.exec();
    });
    about->setObjectName("aboutAction");
    about->setMenuRole(QAction::AboutRole);
    about->setStatusTip(QObject::tr("The version, the licence, and the libraries and data sets NN Lab uses"));
    QAction* aboutQt = help->addAction(QObject::tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
    return help;
}

}  // namespace app
