// The Network dock's content: the live diagram with its editor, the architecture as text and the selected neuron's
// formula (app/window/network_dock.cpp). It follows the session and sends every edit to it as an undoable command.
#pragma once
#include "app/training/training_snapshot.h"
#include <QStringList>
#include <QVector>
#include <QWidget>
#include <utility>

class QLabel;
class QLineEdit;

namespace widgets {
class NetworkView;
class NetworkEditorOverlay;
class OutputView;
}  // namespace widgets

namespace app {

class Session;

class NetworkDock : public QWidget {
    Q_OBJECT
public:
    // output: where a hovered neuron's own output is shown.
    NetworkDock(Session* session, widgets::OutputView* output, QWidget* parent = nullptr);

    widgets::NetworkView* networkView() const { return m_network; }
    widgets::NetworkEditorOverlay* editor() const { return m_editor; }
    QLineEdit* architectureText() const { return m_archText; }
    QLabel* equationLabel() const { return m_equation; }
    void showSnapshot(const TrainingSnapshot& s);  // the network, its numbers and every neuron's picture

signals:
    void status(const QString& text, int ms);  // for the status bar

private:
    void followNetworkModel();  // after the session replaced the network (load, rebuild)
    void followPictures();      // the data are pictures or not: what the diagram offers follows
    void onNetworkEdited(int changes);
    void onNeuronHovered(int layer, int unit);
    void syncArchitectureText();
    void updateEquation();

    Session* m_session;
    widgets::OutputView* m_output;
    widgets::NetworkView* m_network = nullptr;
    widgets::NetworkEditorOverlay* m_editor = nullptr;
    QLineEdit* m_archText = nullptr;
    QLabel* m_equation = nullptr;
    std::pair<int, int> m_selectedNeuron{-1, -1};
    double m_scrubStart = 0;
    int m_scrubId = 0;
    QStringList m_shownInputLabels;  // what the diagram was last given
    QVector<bool> m_shownInputActive;
};

}  // namespace app
