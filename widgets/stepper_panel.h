// The side panel of the step-through mode: the phase's name and what it does, the chain rule for the selected weight
// or neuron written out with the numbers in large type, the phase's numbers as a table, and the controls: ◀ ▶ through
// the phases (← →), run to the end (Space), back to the start (Home), and ◀ ▶ through the samples of the batch. For a
// network with convolution or pooling layers, spin boxes pick a map cell (layer, channel, row, column) and a kernel
// weight W[c, ci, i, j], whose sums the panel writes out (the diagram cannot draw them).
// It navigates a BackpropStepper it shares with the diagram overlay; it never trains.
#pragma once
#include "engine/backprop_stepper.h"
#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QToolButton;

Q_DECLARE_METATYPE(engine::StepItem)

namespace widgets {

class StepperPanel : public QWidget {
    Q_OBJECT
public:
    explicit StepperPanel(QWidget* parent = nullptr);

    // The step to show (null: an empty panel saying how to start). Keeps the selection when it still makes sense.
    void setStepper(std::shared_ptr<engine::BackpropStepper> stepper);
    std::shared_ptr<engine::BackpropStepper> stepper() const { return m_stepper; }
    engine::StepItem selection() const { return m_selection; }

    // For tests and the window: the parts a person reads.
    QString phaseText() const;
    QString chainRuleText() const;
    QTableWidget* table() const { return m_table; }
    QPushButton* backButton() const { return m_back; }
    QPushButton* nextButton() const { return m_next; }
    QPushButton* runButton() const { return m_run; }
    QToolButton* previousSampleButton() const { return m_prevSample; }
    QToolButton* nextSampleButton() const { return m_nextSample; }
    // The map-cell and kernel-weight pickers (shown only for a network with convolution or pooling layers).
    QWidget* mapPicker() const { return m_mapPicker; }
    QComboBox* cellLayerBox() const { return m_cellLayer; }
    QSpinBox* cellChannelBox() const { return m_cellChannel; }
    QSpinBox* cellRowBox() const { return m_cellRow; }
    QSpinBox* cellColumnBox() const { return m_cellCol; }
    QSpinBox* kernelInputBox() const { return m_kernelIn; }
    QSpinBox* kernelRowBox() const { return m_kernelRow; }
    QSpinBox* kernelColumnBox() const { return m_kernelCol; }
    QPushButton* cellButton() const { return m_cellShow; }
    QPushButton* kernelButton() const { return m_kernelShow; }

public slots:
    // Re-reads the stepper: call it after moving the shared stepper directly (the buttons and keys do it themselves).
    void refresh();
    void next();
    void back();
    void runToEnd();
    void restart();
    // The batch's previous/next sample; with a batch of one, asks the window for another sample instead.
    void previousSample();
    void nextSample();
    void setSample(int n);
    // Selects what the chain rule explains (a click on the diagram or on a table row).
    void setSelection(const engine::StepItem& item);
    void selectNeuron(int layer, int unit) { setSelection(engine::StepItem::neuron(layer, unit)); }
    void selectWeight(int layer, int unit, int input) { setSelection(engine::StepItem::weight(layer, unit, input)); }
    void selectBias(int layer, int unit) { setSelection(engine::StepItem::bias(layer, unit)); }

signals:
    // The phase or the sample changed: the overlay repaints, the output view may highlight the sample.
    void stepChanged();
    void selectionChanged(const engine::StepItem& item);
    // ◀ ▶ over a batch of one sample: the window builds the step for the previous (-1) or next (+1) training sample.
    void sampleStepRequested(int direction);

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;
    void changeEvent(QEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void showEvent(QShowEvent* e) override;

private:
    void refreshText();  // the chain rule for the selection
    void refreshTable();
    void applyFonts();
    void fitLabels();  // word-wrapped labels get the height their text needs at the current width
    engine::StepItem effectiveSelection() const;
    QWidget* buildMapPicker();
    void fillMapPicker();   // the map layers of a new network, and the ranges of the chosen one
    void updateRanges();    // channel, row, column and kernel ranges of the chosen layer
    void showPickedCell();  // selects the cell the spin boxes name
    void showPickedKernel();
    void followSelection(const engine::StepItem& item);  // the spin boxes show a cell or kernel weight picked elsewhere

    std::shared_ptr<engine::BackpropStepper> m_stepper;
    engine::StepItem m_selection;
    QLabel* m_title = nullptr;
    QLabel* m_position = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_chain = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_omitted = nullptr;
    QPushButton* m_restart = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_run = nullptr;
    QToolButton* m_prevSample = nullptr;
    QToolButton* m_nextSample = nullptr;
    QLabel* m_sample = nullptr;
    QWidget* m_mapPicker = nullptr;
    QComboBox* m_cellLayer = nullptr;
    QSpinBox* m_cellChannel = nullptr;
    QSpinBox* m_cellRow = nullptr;
    QSpinBox* m_cellCol = nullptr;
    QSpinBox* m_kernelIn = nullptr;
    QSpinBox* m_kernelRow = nullptr;
    QSpinBox* m_kernelCol = nullptr;
    QLabel* m_kernelLabel = nullptr;
    QPushButton* m_cellShow = nullptr;
    QPushButton* m_kernelShow = nullptr;
    bool m_applyingFonts = false;
    bool m_syncingPicker = false;  // the spin boxes are being set from a selection: they select nothing
};

}  // namespace widgets
