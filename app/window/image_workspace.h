// The window's room for image data (the digits, Fashion-MNIST, an image CSV or images drawn by hand): it replaces the
// 2-D plane when every sample is a picture. Left, a pad to draw on, classified live by the network of the last
// snapshot (probability bars), with "Add to the training set as class k" (undoable, as the plane's points). Right,
// two tabs: the samples as a gallery with their labels and the network's answers (mistakes framed red, filtered by
// true and predicted class, or by a click on a confusion-matrix cell), and "Inside the network": for the image on the
// pad, every layer's feature maps, each convolution's kernels and the first dense layer's weights as images; and
// "Numbers": the pad's image as the numbers the network is given (each cell's ink 0..1, then the flat input vector),
// following the pen. Clicking a sample puts it on the pad. It computes on a copy of the snapshot's parameters: never
// the training network.
#pragma once
#include "app/training/training_snapshot.h"
#include "engine/layer_spec.h"
#include "engine/network.h"
#include <QElapsedTimer>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QTabWidget;
class QTimer;
class QVBoxLayout;

namespace widgets {
class DrawPad;
class ImageTiles;
class PixelNumbers;
class ProbabilityBars;
}  // namespace widgets

namespace app {

class Session;

// The picture shape of the samples (engine::pictureShape), or nullopt when they are not pictures.
std::optional<engine::Shape> imageShapeOf(const engine::Dataset& data, const engine::NetworkSpec& spec);

class ImageWorkspace : public QWidget {
    Q_OBJECT
public:
    ImageWorkspace(Session* session, QWidget* parent = nullptr);

    // The samples changed (another set, an added drawing): the pad's size, the classes and the gallery follow.
    void followData();
    // The training settings changed: a previewed augmentation follows.
    void followSettings();
    void showSnapshot(const TrainingSnapshot& s);
    // The samples of one cell of the confusion matrix: true class, predicted class.
    void showConfusionCell(int trueClass, int predictedClass);

    widgets::DrawPad* pad() const { return m_pad; }
    widgets::ProbabilityBars* bars() const { return m_bars; }
    widgets::ImageTiles* gallery() const { return m_gallery; }
    QTabWidget* tabs() const { return m_tabs; }
    // The tiles of layer l's output maps (index 0: the input) and of layer l's kernels or weights, when shown.
    widgets::ImageTiles* mapTiles(int l) const;
    widgets::ImageTiles* weightTiles(int l) const;
    int refreshCount() const { return m_refreshes; }  // how often the inside views were recomputed (tests)
    widgets::PixelNumbers* numbers() const { return m_numbers; }
    // The class the network gives the drawing on the pad; -1 while the pad is blank or no network has answered.
    int padAnswer() const { return m_padAnswer; }

    // The parts File ▸ Pictures offers, brought up to date with the last snapshot, also when their tab is not the one
    // shown: the pad with its answer, the samples in view, the inside views whole (every layer). The widget to draw.
    enum class Part { Pad, Samples, Inside };
    QWidget* pictureOf(Part part);

signals:
    void padAnswerChanged(int answer);

private:
    void buildPad(QWidget* box);
    void buildGallery(QWidget* box);
    void buildNumbers(QWidget* box);
    void fitPadColumn();  // the pad's column as wide as its buttons need, whatever the font (presenter mode)
    bool eventFilter(QObject* watched, QEvent* e) override;
    void fillGallery();
    void rebuildInside();  // the sections follow the network's layers
    void refresh();        // classify the pad and redraw the inside views (at most every 100 ms while training)
    void refreshViews(bool inside);  // refresh(), with the inside views drawn or not
    void requestRefresh();
    void addDrawing();
    QStringList classNames() const;

    Session* m_session;
    widgets::DrawPad* m_pad = nullptr;
    widgets::ProbabilityBars* m_bars = nullptr;
    widgets::PixelNumbers* m_numbers = nullptr;
    QScrollArea* m_padColumn = nullptr;
    QWidget* m_padContent = nullptr;
    int m_padAnswer = -1;
    QPushButton *m_pen = nullptr, *m_eraser = nullptr, *m_add = nullptr;
    QComboBox* m_addClass = nullptr;
    QCheckBox* m_addToTest = nullptr;
    QLabel* m_padNote = nullptr;
    QTabWidget* m_tabs = nullptr;
    widgets::ImageTiles* m_gallery = nullptr;
    QComboBox *m_trueFilter = nullptr, *m_predFilter = nullptr, *m_splitFilter = nullptr;
    QCheckBox* m_mistakesOnly = nullptr;
    QCheckBox* m_previewAugment = nullptr;
    QLabel* m_galleryCount = nullptr;
    QWidget* m_inside = nullptr;
    QVBoxLayout* m_insideLayout = nullptr;
    QLabel* m_insideNote = nullptr;
    std::vector<widgets::ImageTiles*> m_maps, m_weights;  // per layer + 1 (the input first); nullptr where none
    engine::Shape m_shape;

    // The network of the last snapshot, rebuilt when its spec changes, and what the thread does to raw inputs.
    std::unique_ptr<engine::Network> m_net;
    engine::Standardizer m_std;
    std::vector<int> m_predicted;
    QElapsedTimer m_sinceRefresh, m_sinceGallery;
    QTimer* m_pending = nullptr;
    QTimer* m_galleryPending = nullptr;
    int m_refreshes = 0;
};

}  // namespace app
