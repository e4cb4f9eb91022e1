// The data and training panels as a user drives them: typed values, clicked buttons, keyboard steps. Each test checks
// the signal that reaches the window (or that none does), and the screenshots show both panels at dock width.
#include "patient_waits.h"
#include "app/panels/data_panel.h"
#include "app/panels/training_panel.h"
#include "screenshot.h"
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QShortcut>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <source_location>

using app::DataPanel;
using app::DataSource;
using app::TrainingPanel;
using engine::Generator;
using engine::OptimizerKind;
using Tool = widgets::OutputView::Tool;

Q_DECLARE_METATYPE(engine::TrainSettings)
Q_DECLARE_METATYPE(engine::GeneratorParams)
Q_DECLARE_METATYPE(std::vector<int>)

namespace {

template <typename T> T* child(QWidget* w, const QString& name) {
    T* c = w->findChild<T*>(name);
    if (!c) qFatal("no child %s", qPrintable(name));
    return c;
}

void typeInto(QLineEdit* edit, const QString& text) {
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

void selectData(QComboBox* box, int value) { box->setCurrentIndex(box->findData(value)); }

// Grows the panel to its full content height so the screenshot shows every control, then saves it.
[[nodiscard]] bool saveShot(QWidget* panel, const QString& name,
                            std::source_location where = std::source_location::current()) {
    auto* scroll = panel->findChild<QScrollArea*>();
    // A dock about 300 px wide, or wider when the content needs it (the panel's minimum width says so).
    const int width = std::max(300, panel->minimumSizeHint().width());
    panel->resize(width, scroll->widget()->sizeHint().height() + 4);
    QApplication::processEvents();
    return testsupport::saveScreenshot(panel, name, where);
}

}  // namespace

class TstPanels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qRegisterMetaType<engine::TrainSettings>();
        qRegisterMetaType<engine::GeneratorParams>();
        qRegisterMetaType<std::vector<int>>();
    }

    // ---- TrainingPanel ----

    void typedLearningRateApplies() {
        TrainingPanel p;
        p.show();
        QSignalSpy spy(&p, &TrainingPanel::settingsChanged);
        typeInto(child<QComboBox>(&p, "learningRate")->lineEdit(), "0.3");
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).value<engine::TrainSettings>().optimizer.learningRate, 0.3);
        QCOMPARE(p.settings().optimizer.learningRate, 0.3);
    }

    void typedLearningRateWithCommaApplies() {
        TrainingPanel p;
        QSignalSpy spy(&p, &TrainingPanel::settingsChanged);
        typeInto(child<QComboBox>(&p, "learningRate")->lineEdit(), "0,05");
        QCOMPARE(spy.count(), 1);
        QCOMPARE(p.settings().optimizer.learningRate, 0.05);
    }

    void badLearningRateEmitsNothing_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("letters") << "abc";
        QTest::newRow("zero") << "0";
        QTest::newRow("negative") << "-0.1";
        QTest::newRow("empty") << "";
    }
    void badLearningRateEmitsNothing() {
        QFETCH(QString, text);
        TrainingPanel p;
        p.show();
        const double before = p.settings().optimizer.learningRate;
        auto* lr = child<QComboBox>(&p, "learningRate");
        QSignalSpy spy(&p, &TrainingPanel::settingsChanged);
        typeInto(lr->lineEdit(), text);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(p.settings().optimizer.learningRate, before);
        QVERIFY(lr->property("invalid").toBool());
        QVERIFY(lr->toolTip().contains("not a positive number"));
        QVERIFY(lr->styleSheet().contains("border"));
        // A good value afterwards clears the mark and applies.
        typeInto(lr->lineEdit(), "0.1");
        QCOMPARE(spy.count(), 1);
        QVERIFY(!lr->property("invalid").toBool());
        QVERIFY(lr->styleSheet().isEmpty());
    }

    void choosingAdamSetsKindAndItsLearningRate() {
        TrainingPanel p;
        p.show();
        QVERIFY(!child<QDoubleSpinBox>(&p, "beta1")->isVisibleTo(&p));
        QSignalSpy spy(&p, &TrainingPanel::settingsChanged);
        selectData(child<QComboBox>(&p, "optimizer"), int(OptimizerKind::Adam));
        QCOMPARE(spy.count(), 1);
        const auto s = spy.last().at(0).value<engine::TrainSettings>();
        QCOMPARE(s.optimizer.kind, OptimizerKind::Adam);
        QCOMPARE(s.optimizer.learningRate, engine::OptimizerSettings::defaultLearningRate(OptimizerKind::Adam));
        QCOMPARE(child<QComboBox>(&p, "learningRate")->currentText(), QString("0.001"));
        QVERIFY(child<QDoubleSpinBox>(&p, "beta1")->isVisibleTo(&p));
        QVERIFY(child<QDoubleSpinBox>(&p, "beta2")->isVisibleTo(&p));
        QVERIFY(child<QComboBox>(&p, "epsilon")->isVisibleTo(&p));
        QVERIFY(!child<QDoubleSpinBox>(&p, "momentum")->isVisibleTo(&p));
        // Its parameters apply too.
        child<QDoubleSpinBox>(&p, "beta2")->setValue(0.99);
        QCOMPARE(spy.last().at(0).value<engine::TrainSettings>().optimizer.beta2, 0.99);
    }

    void setSettingsShowsWithoutEmitting() {
        TrainingPanel p;
        QSignalSpy spy(&p, &TrainingPanel::settingsChanged);
        QSignalSpy arch(&p, &TrainingPanel::architectureChanged);
        engine::TrainSettings s;
        s.optimizer.kind = OptimizerKind::Momentum;
        s.optimizer.learningRate = 0.0425;  // not in the list: shown as typed
        s.optimizer.momentum = 0.8;
        s.mode = engine::UpdateMode::Online;
        s.batchSize = 17;
        s.l2 = 0.003;
        s.init.scheme = engine::Init::HeNormal;
        s.algorithm = engine::Algorithm::FiniteDifference;
        s.features = {engine::Feature::X2, engine::Feature::X1, engine::Feature::Radius};
        s.standardize = true;
        s.seed = 99;
        p.setSettings(s);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(arch.count(), 0);
        QCOMPARE(p.settings(), s);  // every field round-trips, including the feature order and the seed
        QCOMPARE(child<QComboBox>(&p, "learningRate")->currentText(), QString("0.0425"));
        QVERIFY(!child<QSpinBox>(&p, "batchSize")->isEnabled());
    }

    void miniBatchSizeApplies() {
        TrainingPanel p;
        p.show();
        QSignalSpy spy(&p, &TrainingPanel::settingsChanged);
        auto* mode = child<QComboBox>(&p, "updateMode");
        auto* batch = child<QSpinBox>(&p, "batchSize");
        selectData(mode, int(engine::UpdateMode::FullBatch));
        QVERIFY(!batch->isEnabled());
        selectData(mode, int(engine::UpdateMode::MiniBatch));
        QVERIFY(batch->isEnabled());
        QCOMPARE(spy.count(), 2);
        batch->selectAll();
        QTest::keyClicks(batch, "32");
        QCOMPARE(spy.count(), 2);  // no request per keystroke
        QTest::keyClick(batch, Qt::Key_Return);
        QCOMPARE(spy.count(), 3);
        const auto s = spy.last().at(0).value<engine::TrainSettings>();
        QCOMPARE(s.mode, engine::UpdateMode::MiniBatch);
        QCOMPARE(s.batchSize, 32);
    }

    void regularisationAndFeaturesApply() {
        TrainingPanel p;
        p.show();
        QSignalSpy spy(&p, &TrainingPanel::settingsChanged);
        auto* rate = child<QComboBox>(&p, "penaltyRate");
        QVERIFY(!rate->isEnabled());
        selectData(child<QComboBox>(&p, "penalty"), 1);  // L1
        rate->setCurrentText("0.01");
        auto s = spy.last().at(0).value<engine::TrainSettings>();
        QCOMPARE(s.l1, 0.01);
        QCOMPARE(s.l2, 0.0);

        QTest::mouseClick(child<QAbstractButton>(&p, "feature_x1^2"), Qt::LeftButton);
        s = spy.last().at(0).value<engine::TrainSettings>();
        QCOMPARE(s.features,
                 (std::vector<engine::Feature>{engine::Feature::X1, engine::Feature::X2, engine::Feature::X1Squared}));
        // The last input cannot be switched off.
        child<QAbstractButton>(&p, "feature_x1")->click();
        child<QAbstractButton>(&p, "feature_x2")->click();
        QVERIFY(!child<QAbstractButton>(&p, "feature_x1^2")->isEnabled());
        QCOMPARE(p.settings().features, std::vector<engine::Feature>{engine::Feature::X1Squared});
        // Features only for 2-D data.
        p.setNetwork(engine::NetworkSpec{}, false);
        QVERIFY(!child<QAbstractButton>(&p, "feature_x1")->isEnabled());
    }

    void typedLayersChangeTheArchitecture() {
        TrainingPanel p;
        p.show();
        QSignalSpy arch(&p, &TrainingPanel::architectureChanged);
        QSignalSpy settings(&p, &TrainingPanel::settingsChanged);
        auto* layers = child<QLineEdit>(&p, "hiddenLayers");
        typeInto(layers, "8, 8");
        QCOMPARE(arch.count(), 1);
        QCOMPARE(arch.last().at(0).value<std::vector<int>>(), (std::vector<int>{8, 8}));
        QCOMPARE(settings.count(), 0);
        typeInto(layers, "3 5");  // spaces separate too; shown tidied
        QCOMPARE(arch.last().at(0).value<std::vector<int>>(), (std::vector<int>{3, 5}));
        QCOMPARE(layers->text(), QString("3, 5"));
        typeInto(layers, "");  // no hidden layer
        QCOMPARE(arch.count(), 3);
        QVERIFY(arch.last().at(0).value<std::vector<int>>().empty());
    }

    void badLayersEmitNothing_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("letter") << "8, x";
        QTest::newRow("zero") << "4, 0";
        QTest::newRow("negative") << "-4";
        QTest::newRow("huge") << "100000";
    }
    void badLayersEmitNothing() {
        QFETCH(QString, text);
        TrainingPanel p;
        QSignalSpy arch(&p, &TrainingPanel::architectureChanged);
        auto* layers = child<QLineEdit>(&p, "hiddenLayers");
        typeInto(layers, text);
        QCOMPARE(arch.count(), 0);
        QVERIFY(layers->property("invalid").toBool());
        QCOMPARE(p.hiddenLayers(), (std::vector<int>{4, 4}));
    }

    void activationAndLossAreArchitecture() {
        TrainingPanel p;
        QSignalSpy arch(&p, &TrainingPanel::architectureChanged);
        selectData(child<QComboBox>(&p, "activation"), int(engine::Activation::ReLU));
        QCOMPARE(arch.count(), 1);
        QCOMPARE(arch.last().at(1).value<engine::Activation>(), engine::Activation::ReLU);
        selectData(child<QComboBox>(&p, "loss"), int(engine::Loss::MSE));
        QCOMPARE(arch.last().at(2).value<engine::Loss>(), engine::Loss::MSE);

        engine::NetworkSpec spec;
        spec.layers = {{6, engine::Activation::Sigmoid}, {3, engine::Activation::Softmax}};
        spec.loss = engine::Loss::SoftmaxCrossEntropy;
        p.setNetwork(spec, true);
        QCOMPARE(arch.count(), 2);
        QCOMPARE(p.hiddenLayers(), std::vector<int>{6});
        QCOMPARE(p.hiddenActivation(), engine::Activation::Sigmoid);
        QCOMPARE(p.loss(), engine::Loss::SoftmaxCrossEntropy);
    }

    // ---- DataPanel ----

    void choosingSpiralAsksForIt() {
        DataPanel p;
        p.show();
        QSignalSpy spy(&p, &DataPanel::generateRequested);
        QVERIFY(!child<QSpinBox>(&p, "classes")->isEnabled());  // XOR has two classes, always
        QTest::mouseClick(child<QToolButton>(&p, "dataset_spiral"), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).value<engine::GeneratorParams>().kind, Generator::Spiral);
        QVERIFY(child<QSpinBox>(&p, "classes")->isEnabled());
        QCOMPARE(p.generatorParams().kind, Generator::Spiral);
    }

    void regenerateUsesTheCurrentParameters() {
        DataPanel p;
        p.show();
        DataSource src;
        src.generator = {Generator::Gaussians, 300, 0.2, 4, 42};
        p.setSource(src, 0.7, 5);
        QSignalSpy spy(&p, &DataPanel::generateRequested);
        QTest::mouseClick(child<QAbstractButton>(&p, "regenerate"), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).value<engine::GeneratorParams>(), src.generator);
        QCOMPARE(p.trainRatio(), 0.7);
        QCOMPARE(child<QLabel>(&p, "ratioLabel")->text(), QString("Training data: 70 %"));
    }

    void parameterEditsAreDebounced() {
        DataPanel p;
        p.show();
        QSignalSpy spy(&p, &DataPanel::generateRequested);
        auto* noise = child<QSlider>(&p, "noise");
        noise->setFocus();
        QTest::keyClick(noise, Qt::Key_Right);
        QTest::keyClick(noise, Qt::Key_Right);
        QCOMPARE(spy.count(), 0);  // not yet: key repeats settle first
        QVERIFY(spy.wait(testsupport::kPatienceMs));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).value<engine::GeneratorParams>().noise, 0.1);

        auto* samples = child<QSpinBox>(&p, "samples");
        samples->selectAll();
        QTest::keyClicks(samples, "500");
        QTest::keyClick(samples, Qt::Key_Return);
        QVERIFY(spy.wait(testsupport::kPatienceMs));
        QCOMPARE(spy.count(), 2);  // once for "500", not for 5 and 50
        QCOMPARE(spy.last().at(0).value<engine::GeneratorParams>().samples, 500);
    }

    void focusedSliderKeepsItsArrowKeys() {
        // The main window binds Right to "one training step"; a focused slider must still move.
        DataPanel p;
        auto* stepKey = new QShortcut(QKeySequence(Qt::Key_Right), &p);
        QSignalSpy stepped(stepKey, &QShortcut::activated);
        p.show();
        QApplication::setActiveWindow(&p);
        QVERIFY(QTest::qWaitForWindowActive(&p));
        auto* ratio = child<QSlider>(&p, "trainRatio");
        ratio->setFocus();
        QSignalSpy spy(&p, &DataPanel::trainRatioChanged);
        QTest::keyClick(ratio, Qt::Key_Right);
        QCOMPARE(ratio->value(), 55);
        QCOMPARE(stepped.count(), 0);
        QVERIFY(spy.wait(testsupport::kPatienceMs));
        QCOMPARE(spy.last().at(0).toDouble(), 0.55);
    }

    void diceGivesANewSeed() {
        DataPanel p;
        QSignalSpy spy(&p, &DataPanel::generateRequested);
        const std::uint64_t before = p.generatorParams().seed;
        QTest::mouseClick(child<QAbstractButton>(&p, "newSeed"), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.last().at(0).value<engine::GeneratorParams>().seed != before);
    }

    void bundledSetsAreRequestedByName() {
        DataPanel p;
        p.show();
        QSignalSpy bundled(&p, &DataPanel::bundledRequested);
        QSignalSpy generate(&p, &DataPanel::generateRequested);
        QTest::mouseClick(child<QToolButton>(&p, "dataset_iris"), Qt::LeftButton);
        QCOMPARE(bundled.count(), 1);
        QCOMPARE(bundled.last().at(0).toString(), QString("iris"));
        QVERIFY(!child<QSpinBox>(&p, "samples")->isEnabled());
        QVERIFY(!child<QAbstractButton>(&p, "tool_pen")->isEnabled());  // iris has four inputs: no drawing
        QTest::mouseClick(child<QAbstractButton>(&p, "regenerate"), Qt::LeftButton);
        QCOMPARE(bundled.count(), 2);
        QCOMPARE(generate.count(), 0);
    }

    void thumbnailsShowTheData_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"xor", "spiral", "regression-sine", "digits", "iris"}) QTest::newRow(n) << QString(n);
    }
    void thumbnailsShowTheData() {
        // A thumbnail is a white tile: it must carry ink (the bundled ones read the library's resources).
        QFETCH(QString, name);
        DataPanel p;
        const QImage img = child<QToolButton>(&p, "dataset_" + name)->icon().pixmap(QSize(48, 48)).toImage();
        int inked = 0;
        for (int y = 4; y < img.height() - 4; ++y)
            for (int x = 4; x < img.width() - 4; ++x) inked += QColor(img.pixel(x, y)).lightness() < 200;
        QVERIFY2(inked > 40, qPrintable(QString("%1 dark pixels").arg(inked)));
    }

    void toolButtonsChooseTools() {
        DataPanel p;
        p.show();
        QSignalSpy spy(&p, &DataPanel::toolChosen);
        const std::pair<const char*, Tool> tools[] = {{"tool_pen", Tool::Pen},
                                                      {"tool_spray", Tool::Spray},
                                                      {"tool_erase", Tool::Erase},
                                                      {"tool_select", Tool::Select},
                                                      {"tool_add", Tool::Add}};
        for (const auto& [name, tool] : tools) {
            auto* b = child<QToolButton>(&p, name);
            QTest::mouseClick(b, Qt::LeftButton);
            QVERIFY(b->isChecked());
            QCOMPARE(spy.last().at(0).value<Tool>(), tool);
            QCOMPARE(p.tool(), tool);
            QVERIFY(b->toolTip().contains("Shortcut"));
        }
        QCOMPARE(spy.count(), 5);
        // The keyboard shortcut works while the panel's window is active (and no text field has the focus).
        QApplication::setActiveWindow(&p);
        QVERIFY(QTest::qWaitForWindowActive(&p));
        child<QToolButton>(&p, "tool_add")->setFocus();
        QTest::keyClick(&p, Qt::Key_E);       // shortcuts: A add, P pen, B spray, E erase, V select
        QTRY_COMPARE(p.tool(), Tool::Erase);  // a shortcut animates the click, which lands a moment later
        QCOMPARE(spy.last().at(0).value<Tool>(), Tool::Erase);
    }

    void classButtonsFollowTheData() {
        DataPanel p;
        p.show();
        DataSource src;
        src.kind = DataSource::Kind::Points;
        src.points.numClasses = 3;
        p.setSource(src, 0.5, 1);
        for (int k = 1; k <= 8; ++k)
            QCOMPARE(child<QToolButton>(&p, QString("class_%1").arg(k))->isVisibleTo(&p), k <= 4);  // 3 + a new one
        QSignalSpy spy(&p, &DataPanel::classChosen);
        QTest::mouseClick(child<QToolButton>(&p, "class_2"), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toInt(), 1);
        p.setCurrentClass(3);
        QCOMPARE(spy.count(), 1);
        QVERIFY(child<QToolButton>(&p, "class_4")->isChecked());

        QSignalSpy value(&p, &DataPanel::valueChosen);
        p.setRegression(true);
        QVERIFY(!child<QToolButton>(&p, "class_1")->isVisibleTo(&p));
        auto* box = child<QDoubleSpinBox>(&p, "value");
        QVERIFY(box->isVisibleTo(&p));
        box->setValue(-0.5);
        QCOMPARE(value.count(), 1);
        QCOMPARE(value.last().at(0).toDouble(), -0.5);
    }

    void setSourceEmitsNothing() {
        DataPanel p;
        p.show();
        QSignalSpy a(&p, &DataPanel::generateRequested), b(&p, &DataPanel::bundledRequested),
            c(&p, &DataPanel::trainRatioChanged), d(&p, &DataPanel::classChosen), e(&p, &DataPanel::toolChosen),
            f(&p, &DataPanel::showTestDataChanged), g(&p, &DataPanel::discretizeChanged);
        DataSource src;
        src.generator = {Generator::Moons, 1234, 0.35, 2, 77};
        p.setSource(src, 0.8, 3);
        p.setCurrentClass(1);
        p.setShowTestData(true);
        p.setDiscretize(true);
        src.kind = DataSource::Kind::Bundled;
        src.bundled = "digits";
        p.setSource(src, 0.6, 3);
        QVERIFY(!a.wait(600));  // nor later, from a debounce timer
        for (QSignalSpy* s : {&a, &b, &c, &d, &e, &f, &g}) QCOMPARE(s->count(), 0);
        QVERIFY(child<QToolButton>(&p, "dataset_digits")->isChecked());
        QVERIFY(!child<QToolButton>(&p, "dataset_moons")->isChecked());
        QCOMPARE(p.bundledName(), QString("digits"));
        QCOMPARE(child<QSpinBox>(&p, "samples")->value(), 1234);
    }

    void viewCheckboxesEmit() {
        DataPanel p;
        QSignalSpy test(&p, &DataPanel::showTestDataChanged), disc(&p, &DataPanel::discretizeChanged),
            clear(&p, &DataPanel::clearRequested);
        child<QAbstractButton>(&p, "showTest")->click();
        child<QAbstractButton>(&p, "discretize")->click();
        child<QAbstractButton>(&p, "clear")->click();
        QCOMPARE(test.count(), 1);
        QVERIFY(test.last().at(0).toBool());
        QCOMPARE(disc.count(), 1);
        QCOMPARE(clear.count(), 1);
    }

    // ---- screenshots ----

    void screenshots() {
        {
            DataPanel p;
            p.show();
            DataSource src;
            src.generator = {Generator::Spiral, 200, 0.1, 3, 1};
            p.setSource(src, 0.5, 1);
            QVERIFY(saveShot(&p, "panels_data.png"));
            src.generator = {Generator::RegressionGaussians, 200, 0.1, 2, 1};
            p.setSource(src, 0.5, 1);
            QVERIFY(saveShot(&p, "panels_data_regression.png"));
            src.kind = DataSource::Kind::Points;  // drawn data with seven classes: all eight buttons show
            src.points.numClasses = 7;
            p.setSource(src, 0.5, 1);
            QVERIFY(saveShot(&p, "panels_data_points.png"));
        }
        {
            TrainingPanel p;
            p.show();
            QVERIFY(saveShot(&p, "panels_training.png"));
            selectData(child<QComboBox>(&p, "optimizer"), int(OptimizerKind::Adam));
            typeInto(child<QComboBox>(&p, "learningRate")->lineEdit(), "abc");
            typeInto(child<QLineEdit>(&p, "hiddenLayers"), "8, x");
            QVERIFY(saveShot(&p, "panels_training_invalid.png"));
        }
        {
            // A classroom projector: a larger font.
            QFont big = QApplication::font();
            const QFont old = big;
            big.setPointSizeF(big.pointSizeF() * 1.4);
            QApplication::setFont(big);
            DataPanel d;
            d.show();
            QVERIFY(saveShot(&d, "panels_data_large.png"));
            TrainingPanel t;
            t.show();
            QVERIFY(saveShot(&t, "panels_training_large.png"));
            QApplication::setFont(old);
        }
    }
};

QTEST_MAIN(TstPanels)
#include "tst_panels.moc"
