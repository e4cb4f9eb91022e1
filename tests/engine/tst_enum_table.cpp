// The enum tables: every value has one name that reads back, labels and aliases are accepted, case and '-'/'_' are
// ignored, unknown names are refused; the lists the project file and the lesson reader use come from the tables.
#include "engine/activation.h"
#include "engine/dataset.h"
#include "engine/enum_table.h"
#include "engine/init.h"
#include "engine/learning.h"
#include "engine/loss.h"
#include "engine/optimizer.h"
#include "engine/trainer.h"
#include <QtTest>
#include <set>

using namespace engine;

namespace {
template <class E, class Name, class From> void roundTrips(const std::vector<E>& all, Name name, From from) {
    std::set<std::string> names;
    for (E e : all) {
        const std::string n = name(e);
        QVERIFY2(!n.empty() && names.insert(n).second, n.c_str());  // named, and no two alike
        QVERIFY(from(n) == e);
    }
    QVERIFY(!from("").has_value());
    QVERIFY(!from("no such thing").has_value());
}
}  // namespace

class TstEnumTable : public QObject {
    Q_OBJECT
private slots:
    void everyValueHasANameThatReadsBack() {
        roundTrips(allActivations(), activationName, [](const std::string& s) { return activationFromName(s); });
        roundTrips(allLosses(), lossName, lossFromName);
        roundTrips(allInits(), initName, initFromName);
        roundTrips(allAlgorithms(), algorithmName, algorithmFromName);
        roundTrips(allUpdateModes(), updateModeName, updateModeFromName);
        roundTrips(allOptimizers(), optimizerName, optimizerFromName);
        roundTrips(allGenerators(), generatorName, generatorFromName);
        roundTrips(allFeatures(), featureName, featureFromName);
        QCOMPARE(allOptimizers().size(), std::size_t(7));
        QCOMPARE(allActivations().size(), std::size_t(10));
    }

    void labelsAliasesCaseAndDashes() {
        QVERIFY(activationFromName("Leaky-ReLU") == Activation::LeakyReLU);
        QVERIFY(activationFromName("linear") == Activation::Identity);
        QVERIFY(lossFromName("binary_cross_entropy") == Loss::BinaryCrossEntropy);
        QVERIFY(algorithmFromName("Backpropagation") == Algorithm::Backprop);
        QVERIFY(generatorFromName("Regression_Sine") == Generator::RegressionSine);
        QVERIFY(featureFromName("x\u2081\u00b2") == Feature::X1Squared);  // the label people read
        QCOMPARE(optimizerLabel(OptimizerKind::RMSProp), std::string("RMSProp"));
        QCOMPARE(featureLabel(Feature::Angle), std::string("\u03b8"));
    }

    void aTableOfItsOwn() {
        enum class Colour { Red, Green };
        const EnumTable<Colour> t{{Colour::Red, "red", "Red", "crimson|scarlet"},
                                  {Colour::Green, "green", "Green", ""}};
        QCOMPARE(t.all().size(), std::size_t(2));
        QCOMPARE(t.name(Colour::Green), std::string("green"));
        QVERIFY(t.fromName("SCARLET") == Colour::Red);
        QVERIFY(!t.fromName("crim").has_value());  // whole names only
        QVERIFY(!t.fromName("|").has_value());
    }
};

QTEST_GUILESS_MAIN(TstEnumTable)
#include "tst_enum_table.moc"
