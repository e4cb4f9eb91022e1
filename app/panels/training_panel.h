// The training settings panel: learning rate (typed or from a list), optimizer and its parameters, update mode and
// batch size, regularisation, initialisation, learning algorithm, input features, and the hidden layers / activation.
// Live settings emit settingsChanged; structural ones (layers, activation, features, loss, init) emit their own signal.
#pragma once
#include "engine/network.h"
#include "engine/trainer.h"
#include <QWidget>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QEvent;
class QFormLayout;
class QGroupBox;
class QLineEdit;
class QSpinBox;

namespace app {

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);

    // Shows these values without emitting anything.
    void setSettings(const engine::TrainSettings& s);
    void setNetwork(const engine::NetworkSpec& spec, bool twoD);
    // Whether the samples are pictures: only then does augmentation apply (its box is enabled).
    void setPictures(bool pictures);
    engine::TrainSettings settings() const;
    // The architecture as last applied (the layers edit may hold text not yet confirmed with Enter).
    std::vector<int> hiddenLayers() const { return m_hidden; }
    engine::Activation hiddenActivation() const;
    engine::Loss loss() const;

    // "4, 4" or "8 8" -> {4, 4}; "" -> {} (no hidden layer). nullopt for anything else (zero, negatives, letters,
    // too many layers or units), with the reason in *why.
    static std::optional<std::vector<int>> parseLayers(const QString& text, QString* why = nullptr);
    // A positive, finite learning rate (accepts a decimal comma), else nullopt.
    static std::optional<double> parseLearningRate(const QString& text);

signals:
    void settingsChanged(const engine::TrainSettings& s);  // any setting (the window decides live vs rebuild)
    // Hidden layer sizes and their activation, and the loss (a structural change: the network is rebuilt).
    void architectureChanged(const std::vector<int>& hidden, engine::Activation hiddenActivation, engine::Loss loss);
    void note(const QString& message);  // what a choice changed besides itself ("the learning rate is now 0.001")

private:
    void changeEvent(QEvent* e) override;
    void alignForms();
    QGroupBox* buildLearningBox();
    QGroupBox* buildUpdatesBox();
    QGroupBox* buildRegularisationBox();
    QGroupBox* buildAugmentationBox();
    QGroupBox* buildNetworkBox();
    QGroupBox* buildFeaturesBox();
    void emitSettings();
    void commitLearningRate();
    void commitLayers();
    void emitArchitecture();
    void showLearningRate(double lr);
    void updateVisibility();  // parameter rows follow the optimizer, algorithm, update mode and penalty
    void updateFeatureLocks();
    static void markInvalid(QWidget* w, bool invalid, const QString& tip);

    engine::TrainSettings m_base;  // fields without a control here (seed, finite-difference step ...) pass through
    double m_learningRate = 0.03;
    std::vector<int> m_hidden{4, 4};
    bool m_twoD = true;

    QList<QFormLayout*> m_forms;
    QFormLayout* m_learningForm = nullptr;
    QComboBox* m_algorithm = nullptr;
    QComboBox* m_lr = nullptr;
    QComboBox* m_optimizer = nullptr;
    QDoubleSpinBox* m_momentum = nullptr;
    QDoubleSpinBox* m_beta1 = nullptr;
    QDoubleSpinBox* m_beta2 = nullptr;
    QComboBox* m_epsilon = nullptr;
    QDoubleSpinBox* m_alpha = nullptr;
    QDoubleSpinBox* m_searchScale = nullptr;
    QComboBox* m_mode = nullptr;
    QSpinBox* m_batch = nullptr;
    QGroupBox* m_regBox = nullptr;
    QComboBox* m_penalty = nullptr;
    QComboBox* m_penaltyRate = nullptr;
    QFormLayout* m_networkForm = nullptr;
    QLineEdit* m_layers = nullptr;
    QComboBox* m_activation = nullptr;
    QComboBox* m_loss = nullptr;
    QComboBox* m_init = nullptr;
    QDoubleSpinBox* m_initScale = nullptr;
    QGroupBox* m_featuresBox = nullptr;
    std::vector<QCheckBox*> m_features;
    QCheckBox* m_standardize = nullptr;
    QCheckBox* m_double = nullptr;  // TrainSettings::singlePrecision, inverted
    QGroupBox* m_augmentBox = nullptr;
    QSpinBox *m_rotate = nullptr, *m_zoom = nullptr;  // degrees; percent
    QDoubleSpinBox *m_shift = nullptr, *m_noise = nullptr;
    QCheckBox* m_flip = nullptr;
};

}  // namespace app
