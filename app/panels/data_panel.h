// The data panel: choose a data set (generators with thumbnails, bundled real sets), its sample count, noise, classes,
// train/test ratio and seed; Regenerate; the drawing tools, the current class and whether new points train or test;
// Clear; show test data with the split's counts; discretize.
// It only emits intents; the window applies them (through the undo stack).
#pragma once
#include "app/document/project.h"
#include "widgets/output_view.h"
#include <QWidget>
#include <array>

class QAbstractButton;
class QButtonGroup;
class QCheckBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;
class QToolButton;

namespace app {

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget* parent = nullptr);

    // Shows the project's data choice without emitting anything.
    void setSource(const DataSource& source, double trainRatio, std::uint64_t splitSeed);
    void setCurrentClass(int k);
    void restyleClassButtons();           // after a palette change: the class buttons take the new colours
    void setRegression(bool regression);  // shows the value box instead of the class buttons
    // A regression on x1 alone is drawn as a curve: a click's height is the new point's value, so the value box goes.
    void setCurveMode(bool curve);
    void setShowTestData(bool on);
    void setDiscretize(bool on);
    void setSplitCounts(int training, int test);
    // After any change of the data (an import, a drawn point, undo): the panel shows where the data came from,
    // selects its data set (none for the person's own points) and offers only the settings that apply. A generator
    // change still being typed is left alone.
    void followSource(const DataSource& source, const engine::Dataset& data);  // shown beside "Show test data"
    bool drawsIntoTest() const;  // "Into: Test" is chosen: new points join the test split
    engine::GeneratorParams generatorParams() const;
    QString bundledName() const { return m_bundled; }  // "digits", "iris", or empty when a generator (or drawn points)
    double trainRatio() const;
    widgets::OutputView::Tool tool() const { return m_tool; }
    int currentClass() const { return m_currentClass; }

signals:
    // A generator with its parameters (Regenerate, or a changed choice/parameter): the window replaces the data.
    void generateRequested(const engine::GeneratorParams& params);
    void bundledRequested(const QString& name);  // "digits", "iris"
    void trainRatioChanged(double ratio);        // 0.1 .. 0.9
    void toolChosen(widgets::OutputView::Tool tool);
    void classChosen(int k);
    void valueChosen(double v);
    void clearRequested();
    void showTestDataChanged(bool on);
    void discretizeChanged(bool on);

private:
    QGroupBox* buildDataSetBox();
    QGroupBox* buildDrawingBox();
    QGroupBox* buildViewBox();
    void chooseGenerator(engine::Generator g);
    void chooseBundled(const QString& name);
    void scheduleGenerate();  // debounced: spin arrows and slider drags settle before the data is replaced
    void emitGenerate();
    void updateEnabled();
    void updateNoiseLabel();
    void updateRatioLabel();
    void setClassCount(int k);
    void updateClassButtons();
    void checkDataSetButton();  // the button of the current choice, or none for drawn points

    enum class Choice { Generator, Bundled, Points };
    Choice m_choice = Choice::Generator;
    engine::Generator m_kind = engine::Generator::Xor;
    QString m_bundled;
    std::uint64_t m_seed = 1;  // kept whole: the spin box shows it only when it fits
    int m_classCount = 2;
    int m_currentClass = 0;
    bool m_regression = false;
    bool m_curve = false;
    widgets::OutputView::Tool m_tool = widgets::OutputView::Tool::Add;

    QButtonGroup* m_dataSets = nullptr;
    QSpinBox* m_samples = nullptr;
    QSlider* m_noise = nullptr;
    QLabel* m_noiseLabel = nullptr;
    QSpinBox* m_classes = nullptr;
    QSpinBox* m_seedSpin = nullptr;
    QToolButton* m_dice = nullptr;
    QPushButton* m_regenerate = nullptr;
    QSlider* m_ratio = nullptr;
    QLabel* m_ratioLabel = nullptr;
    QGroupBox* m_drawBox = nullptr;
    QButtonGroup* m_tools = nullptr;
    QWidget* m_classRow = nullptr;
    QButtonGroup* m_classGroup = nullptr;
    std::array<QToolButton*, 8> m_classButtons{};
    QWidget* m_valueRow = nullptr;
    QDoubleSpinBox* m_value = nullptr;
    QLabel* m_valueSwatch = nullptr;
    QPushButton* m_clear = nullptr;
    QButtonGroup* m_into = nullptr;
    QLabel* m_counts = nullptr;
    QGroupBox* m_dataSetBox = nullptr;
    int m_pointDims = 2;
    QCheckBox* m_showTest = nullptr;
    QCheckBox* m_discretize = nullptr;
    QTimer* m_generateTimer = nullptr;
    QTimer* m_ratioTimer = nullptr;
};

}  // namespace app
