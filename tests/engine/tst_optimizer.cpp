// Optimizers: literal weights after one and two steps, worked by hand below (the digits from a 40-digit decimal
// calculator, never from the code under test), for all seven kinds with PyTorch's update rules and defaults.
// Also: the state survives learning-rate and hyper-parameter changes, a change of kind or of size resets it,
// setState() resumes a run, and the names round-trip.
#include "engine/optimizer.h"
#include <QtTest>
#include <cmath>

using namespace engine;

namespace {

// The common scenario: theta_0 = (1, -2), g_1 = (0.5, -1), g_2 = (0.25, 0.5), lr = 0.1, every other
// hyper-parameter at its default (momentum 0.9, betas (0.9, 0.999), eps 1e-8, alpha 0.99, AdaGrad eps 1e-10, psi 4e-3).
Vector vec(std::initializer_list<double> xs) {
    Vector v(Index(xs.size()));
    Index i = 0;
    for (double x : xs) v(i++) = x;
    return v;
}
Vector theta0() { return vec({1.0, -2.0}); }
Vector grad1() { return vec({0.5, -1.0}); }
Vector grad2() { return vec({0.25, 0.5}); }

OptimizerSettings settingsFor(OptimizerKind k, double lr = 0.1) {
    OptimizerSettings s;
    s.kind = k;
    s.learningRate = lr;
    return s;
}

// The epsilon terms move the weights by 1e-11 .. 1e-8, so the tolerance must be far below that for the tests to see
// them; double rounding over two steps stays under 1e-14.
constexpr double kTol = 1e-12;

bool near(const Vector& got, const Vector& want, double tol = kTol) {
    if (got.size() != want.size()) return false;
    for (Index i = 0; i < got.size(); ++i)
        if (!(std::abs(got(i) - want(i)) <= tol)) return false;
    return true;
}

QString show(const Vector& v) {
    QStringList parts;
    for (Index i = 0; i < v.size(); ++i) parts << QString::number(v(i), 'g', 17);
    return "(" + parts.join(", ") + ")";
}

#define COMPARE_VEC(got, want) QVERIFY2(near((got), (want)), qPrintable("got " + show(got) + ", want " + show(want)))

}  // namespace

Q_DECLARE_METATYPE(engine::OptimizerKind)
Q_DECLARE_METATYPE(engine::Vector)

class TstOptimizer : public QObject {
    Q_OBJECT
private slots:
    void twoSteps_data();
    void twoSteps();
    void defaults();
    void stateAfterTwoSteps();
    void learningRateChangeKeepsMoments_data();
    void learningRateChangeKeepsMoments();
    void sameKindSettingsKeepState();
    void kindChangeResetsState();
    void sizeChangeResetsState();
    void resetForgetsState();
    void setStateResumes_data();
    void setStateResumes();
    void namesRoundTrip();
};

void TstOptimizer::twoSteps_data() {
    QTest::addColumn<OptimizerKind>("kind");
    QTest::addColumn<Vector>("after1");
    QTest::addColumn<Vector>("after2");

    // SGD: theta <- theta - lr g
    //   step 1: (1 - 0.1*0.5, -2 - 0.1*(-1))     = (0.95, -1.9)
    //   step 2: (0.95 - 0.1*0.25, -1.9 - 0.1*0.5) = (0.925, -1.95)
    QTest::newRow("sgd") << OptimizerKind::SGD << vec({0.95, -1.9}) << vec({0.925, -1.95});

    // Momentum (mu 0.9, dampening 0): b_1 = g_1, b_t = mu b_{t-1} + g_t, theta <- theta - lr b_t
    //   step 1: b = (0.5, -1);                                  theta = (1 - 0.05, -2 + 0.1)      = (0.95, -1.9)
    //   step 2: b = 0.9*(0.5, -1) + (0.25, 0.5) = (0.45 + 0.25, -0.9 + 0.5) = (0.7, -0.4)
    //           theta = (0.95 - 0.1*0.7, -1.9 - 0.1*(-0.4)) = (0.88, -1.86)
    QTest::newRow("momentum") << OptimizerKind::Momentum << vec({0.95, -1.9}) << vec({0.88, -1.86});

    // Nesterov: b as Momentum, then g' = g + mu b, theta <- theta - lr g'
    //   step 1: b = (0.5, -1); g' = (0.5 + 0.45, -1 - 0.9) = (0.95, -1.9)
    //           theta = (1 - 0.095, -2 + 0.19) = (0.905, -1.81)
    //   step 2: b = (0.7, -0.4); g' = (0.25 + 0.9*0.7, 0.5 + 0.9*(-0.4)) = (0.88, 0.14)
    //           theta = (0.905 - 0.088, -1.81 - 0.014) = (0.817, -1.824)
    QTest::newRow("nesterov") << OptimizerKind::Nesterov << vec({0.905, -1.81}) << vec({0.817, -1.824});

    // AdaGrad (eps 1e-10): s_t = s_{t-1} + g_t^2, theta <- theta - lr g / (sqrt(s_t) + eps)
    //   step 1: s = (0.25, 1); sqrt s = (0.5, 1)
    //           theta_1 = 1 - 0.1*0.5/(0.5 + 1e-10) = 1 - 0.1/(1 + 2e-10) = 1 - 0.09999999998    = 0.90000000002
    //           theta_2 = -2 + 0.1*1/(1 + 1e-10) = -2 + 0.09999999999                            = -1.90000000001
    //   step 2: s = (0.25 + 0.0625, 1 + 0.25) = (0.3125, 1.25); sqrt s = (0.5590169943749474241, 1.1180339887498948482)
    //           0.1*0.25/(0.5590169943749474241 + 1e-10) = 0.044721359541995793930  (= 0.1*sqrt(0.2) less the eps)
    //           0.1*0.5 /(1.1180339887498948482 + 1e-10) = 0.044721359545995793929
    //           theta = (0.90000000002 - 0.04472135954199579393, -1.90000000001 - 0.04472135954599579393)
    //                 = (0.85527864047800420607, -1.9447213595559957939)
    QTest::newRow("adagrad") << OptimizerKind::AdaGrad << vec({0.90000000002, -1.90000000001})
                             << vec({0.85527864047800420607, -1.9447213595559957939});

    // RMSProp (alpha 0.99, eps 1e-8): v_t = alpha v_{t-1} + (1 - alpha) g_t^2, theta <- theta - lr g / (sqrt(v_t) + eps)
    //   step 1: v = 0.01*(0.25, 1) = (0.0025, 0.01); sqrt v = (0.05, 0.1)
    //           0.1*0.5/(0.05 + 1e-8) = 0.05/0.05000001 = 0.99999980000004
    //           0.1*1  /(0.1  + 1e-8) = 0.1/0.10000001  = 0.99999990000001
    //           theta = (1 - 0.99999980000004, -2 + 0.99999990000001) = (1.9999996000000800000e-7, -1.00000009999999)
    //   step 2: v = 0.99*(0.0025, 0.01) + 0.01*(0.0625, 0.25) = (0.002475 + 0.000625, 0.0099 + 0.0025) = (0.0031, 0.0124)
    //           sqrt v = (0.055677643628300219221, 0.11135528725660043844)
    //           0.1*0.25/(0.055677643628300219221 + 1e-8) = 0.44901317442179044576
    //           0.1*0.5 /(0.11135528725660043844  + 1e-8) = 0.44901321474436022770
    //           theta = (1.99999960000008e-7 - 0.44901317442179044576, -1.00000009999999 - 0.44901321474436022770)
    //                 = (-0.44901297442183044575, -1.4490133147443502277)
    QTest::newRow("rmsprop") << OptimizerKind::RMSProp << vec({1.9999996000000800000e-7, -1.00000009999999})
                             << vec({-0.44901297442183044575, -1.4490133147443502277});

    // Adam (betas 0.9, 0.999, eps 1e-8): m_t = 0.9 m + 0.1 g, v_t = 0.999 v + 0.001 g^2,
    //   theta <- theta - lr/(1 - 0.9^t) * m_t / (sqrt(v_t)/sqrt(1 - 0.999^t) + eps)
    //   step 1: m = (0.05, -0.1), v = (0.00025, 0.001); 1 - 0.9 = 0.1, 1 - 0.999 = 0.001
    //           denom = (sqrt(0.25) + 1e-8, sqrt(1) + 1e-8) = (0.50000001, 1.00000001)
    //           step = (0.1/0.1) * (0.05/0.50000001, -0.1/1.00000001) = (0.09999999800000004, -0.09999999900000001)
    //           theta = (1 - 0.09999999800000004, -2 + 0.09999999900000001) = (0.90000000199999996, -1.90000000099999999)
    //   step 2: m = 0.9*(0.05, -0.1) + 0.1*(0.25, 0.5) = (0.045 + 0.025, -0.09 + 0.05) = (0.07, -0.04)
    //           v = 0.999*(0.00025, 0.001) + 0.001*(0.0625, 0.25) = (0.00024975 + 0.0000625, 0.000999 + 0.00025)
    //             = (0.00031225, 0.001249)
    //           1 - 0.9^2 = 0.19; 1 - 0.999^2 = 0.001999, sqrt = 0.044710177812216314200
    //           sqrt v = (0.017670597047072291836, 0.035341194094144583671)
    //           denom = sqrt v / 0.0447101778122163142 + 1e-8 = (0.39522539070166418361, 0.79045077140332836723)
    //           step = (0.1/0.19) * (0.07/0.39522539070166418361, -0.04/0.79045077140332836723)
    //                = (0.093217961522538291042, -0.026633703629097023454)
    //           theta = (0.90000000199999996 - 0.093217961522538291, -1.90000000099999999 + 0.026633703629097023)
    //                 = (0.80678204047746166896, -1.8733662973709029665)
    QTest::newRow("adam") << OptimizerKind::Adam << vec({0.90000000199999996, -1.90000000099999999})
                          << vec({0.80678204047746166896, -1.8733662973709029665});

    // NAdam (betas 0.9, 0.999, eps 1e-8, psi 0.004): mu_t = 0.9 (1 - 0.5 * 0.96^(0.004 t)), P_t = mu_1 ... mu_t,
    //   theta <- theta - lr (1 - mu_t)/(1 - P_t) * g/denom - lr mu_{t+1}/(1 - P_t mu_{t+1}) * m_t/denom,
    //   denom = sqrt(v_t / (1 - 0.999^t)) + eps;  m_t, v_t as Adam
    //   0.96^0.004 = 0.99983672535267527842 -> mu_1 = 0.9*(1 - 0.49991836267633763921) = 0.45007347359129612471
    //   0.96^0.008 = 0.99967347736396101586 -> mu_2 = 0.9*(1 - 0.49983673868198050793) = 0.45014693518621754286
    //   0.96^0.012 = 0.99951025602950453708 -> mu_3 = 0.9*(1 - 0.49975512801475226854) = 0.45022038478672295831
    //   step 1: P_1 = mu_1; g-coefficient 0.1*(1 - mu_1)/(1 - mu_1) = 0.1
    //           m-coefficient 0.1*mu_2/(1 - mu_1 mu_2) = 0.045014693518621754286/(1 - 0.20259919474573696958)
    //                         = 0.056451778355388234213
    //           denom = (sqrt(0.00025/0.001) + 1e-8, sqrt(0.001/0.001) + 1e-8) = (0.50000001, 1.00000001)
    //           g terms: 0.1*(0.5/0.50000001, -1/1.00000001) = (0.099999998000000040000, -0.099999999000000010000)
    //           m terms: 0.056451778355388234213*(0.05/0.50000001, -0.1/1.00000001)
    //                  = (0.0056451777226352689686, -0.0056451777790870456304)
    //           theta = (1 - 0.09999999800000004 - 0.0056451777226352690, -2 + 0.09999999900000001 + 0.0056451777790870456)
    //                 = (0.89435482427736469103, -1.8943548232209129444)
    //   step 2: P_2 = mu_1 mu_2 = 0.20259919474573696958; P_2 mu_3 = 0.091214287415905918648
    //           g-coefficient 0.1*(1 - mu_2)/(1 - P_2) = 0.054985306481378245714/0.79740080525426303042
    //                         = 0.068955669619427294397
    //           m-coefficient 0.1*mu_3/(1 - P_2 mu_3) = 0.045022038478672295831/0.90878571258409408135
    //                         = 0.049540873998397286140
    //           m = (0.07, -0.04), v = (0.00031225, 0.001249) as Adam; 1 - 0.999^2 = 0.001999
    //           denom = (sqrt(0.00031225/0.001999), sqrt(0.001249/0.001999)) + 1e-8
    //                 = (0.39522539070166418361, 0.79045077140332836723)
    //           g terms: 0.068955669619427294397*(0.25/0.39522539070166418361, 0.5/0.79045077140332836723)
    //                  = (0.043617940067695745182, 0.043617940619506707302)
    //           m terms: 0.049540873998397286140*(0.07/0.39522539070166418361, -0.04/0.79045077140332836723)
    //                  = (0.0087743886437334802438, -0.0025069682156395291169)
    //           theta = (0.89435482427736469103 - 0.043617940067695745182 - 0.0087743886437334802438,
    //                    -1.8943548232209129444 - 0.043617940619506707302 + 0.0025069682156395291169)
    //                 = (0.84196249556593546561, -1.9354657956247801226)
    QTest::newRow("nadam") << OptimizerKind::NAdam << vec({0.89435482427736469103, -1.8943548232209129444})
                           << vec({0.84196249556593546561, -1.9354657956247801226});
}

void TstOptimizer::twoSteps() {
    QFETCH(OptimizerKind, kind);
    QFETCH(Vector, after1);
    QFETCH(Vector, after2);
    Optimizer opt(settingsFor(kind));
    Vector theta = theta0();
    opt.step(theta, grad1());
    COMPARE_VEC(theta, after1);
    QCOMPARE(opt.stepCount(), 1LL);
    opt.step(theta, grad2());
    COMPARE_VEC(theta, after2);
    QCOMPARE(opt.stepCount(), 2LL);
}

void TstOptimizer::defaults() {
    // torch.optim defaults; SGD has none in PyTorch, 0.03 is ours.
    QCOMPARE(OptimizerSettings::defaultLearningRate(OptimizerKind::SGD), 0.03);
    QCOMPARE(OptimizerSettings::defaultLearningRate(OptimizerKind::Momentum), 0.03);
    QCOMPARE(OptimizerSettings::defaultLearningRate(OptimizerKind::Nesterov), 0.03);
    QCOMPARE(OptimizerSettings::defaultLearningRate(OptimizerKind::AdaGrad), 0.01);
    QCOMPARE(OptimizerSettings::defaultLearningRate(OptimizerKind::RMSProp), 0.01);
    QCOMPARE(OptimizerSettings::defaultLearningRate(OptimizerKind::Adam), 0.001);
    QCOMPARE(OptimizerSettings::defaultLearningRate(OptimizerKind::NAdam), 0.002);
    const OptimizerSettings s;
    QCOMPARE(s.momentum, 0.9);
    QCOMPARE(s.beta1, 0.9);
    QCOMPARE(s.beta2, 0.999);
    QCOMPARE(s.epsilon, 1e-8);
    QCOMPARE(s.alpha, 0.99);
    QCOMPARE(s.adagradEpsilon, 1e-10);
    QCOMPARE(s.momentumDecay, 4e-3);
    const Optimizer fresh;
    QCOMPARE(fresh.stepCount(), 0LL);
    QCOMPARE(fresh.muProduct(), 1.0);
}

void TstOptimizer::stateAfterTwoSteps() {
    // The moments the step-through view shows, from the hand-worked values in twoSteps_data().
    auto run = [](OptimizerKind k) {
        Optimizer opt(settingsFor(k));
        Vector theta = theta0();
        opt.step(theta, grad1());
        opt.step(theta, grad2());
        return opt;
    };
    const Optimizer mom = run(OptimizerKind::Momentum);
    COMPARE_VEC(mom.first(), vec({0.7, -0.4}));
    const Optimizer nes = run(OptimizerKind::Nesterov);
    COMPARE_VEC(nes.first(), vec({0.7, -0.4}));
    const Optimizer ada = run(OptimizerKind::AdaGrad);
    COMPARE_VEC(ada.second(), vec({0.3125, 1.25}));
    const Optimizer rms = run(OptimizerKind::RMSProp);
    COMPARE_VEC(rms.second(), vec({0.0031, 0.0124}));
    const Optimizer adam = run(OptimizerKind::Adam);
    COMPARE_VEC(adam.first(), vec({0.07, -0.04}));
    COMPARE_VEC(adam.second(), vec({0.00031225, 0.001249}));
    const Optimizer nadam = run(OptimizerKind::NAdam);
    COMPARE_VEC(nadam.first(), vec({0.07, -0.04}));
    COMPARE_VEC(nadam.second(), vec({0.00031225, 0.001249}));
    QVERIFY(std::abs(nadam.muProduct() - 0.20259919474573696958) < kTol);  // mu_1 mu_2
    QCOMPARE(nadam.stepCount(), 2LL);
}

void TstOptimizer::learningRateChangeKeepsMoments_data() {
    QTest::addColumn<bool>("viaSettings");
    QTest::newRow("setLearningRate") << false;
    QTest::newRow("setSettings") << true;  // how the trainer applies a live change
}

void TstOptimizer::learningRateChangeKeepsMoments() {
    // Adam, step 1 at lr 0.1 (theta = (0.90000000199999996, -1.90000000099999999) as in twoSteps), then lr 0.01.
    // Step 2 keeps m, v and t = 2, so it is the lr 0.1 step of twoSteps scaled by 0.01/0.1:
    //   step = (0.01/0.19) * (0.07/0.39522539070166418361, -0.04/0.79045077140332836723)
    //        = (0.0093217961522538291042, -0.0026633703629097023454)
    //   theta = (0.90000000199999996 - 0.0093217961522538291, -1.90000000099999999 + 0.0026633703629097023)
    //         = (0.89067820584774613090, -1.8973366306370902877)
    // Had the state been reset, step 2 would be a first step: theta_1 - 0.01*(~1, ~1) = (0.890000002, -1.910000001).
    QFETCH(bool, viaSettings);
    Optimizer opt(settingsFor(OptimizerKind::Adam, 0.1));
    Vector theta = theta0();
    opt.step(theta, grad1());
    if (viaSettings) opt.setSettings(settingsFor(OptimizerKind::Adam, 0.01));
    else opt.setLearningRate(0.01);
    QCOMPARE(opt.settings().learningRate, 0.01);
    QCOMPARE(opt.stepCount(), 1LL);
    opt.step(theta, grad2());
    COMPARE_VEC(theta, vec({0.89067820584774613090, -1.8973366306370902877}));
    QCOMPARE(opt.stepCount(), 2LL);
}

void TstOptimizer::sameKindSettingsKeepState() {
    // Momentum step 1 (b = (0.5, -1)), then mu 0.9 -> 0.5 and lr 0.1 -> 0.2 without a reset:
    //   step 2: b = 0.5*(0.5, -1) + (0.25, 0.5) = (0.5, 0); theta = (0.95 - 0.2*0.5, -1.9 - 0.2*0) = (0.85, -1.9)
    Optimizer opt(settingsFor(OptimizerKind::Momentum));
    Vector theta = theta0();
    opt.step(theta, grad1());
    OptimizerSettings s = settingsFor(OptimizerKind::Momentum, 0.2);
    s.momentum = 0.5;
    opt.setSettings(s);
    QCOMPARE(opt.stepCount(), 1LL);
    COMPARE_VEC(opt.first(), vec({0.5, -1.0}));
    opt.step(theta, grad2());
    COMPARE_VEC(opt.first(), vec({0.5, 0.0}));
    COMPARE_VEC(theta, vec({0.85, -1.9}));
}

void TstOptimizer::kindChangeResetsState() {
    // Adam step 1 leaves m = (0.05, -0.1), t = 1. Switching to Momentum forgets it: the next step is Momentum's first,
    //   b = g_2 = (0.25, 0.5), theta = (0.90000000199999996 - 0.025, -1.90000000099999999 - 0.05)
    //                               = (0.87500000199999996, -1.95000000099999999)
    // (kept state would give b = 0.9*(0.05, -0.1) + (0.25, 0.5) = (0.295, 0.41) instead).
    Optimizer opt(settingsFor(OptimizerKind::Adam));
    Vector theta = theta0();
    opt.step(theta, grad1());
    QCOMPARE(opt.stepCount(), 1LL);
    opt.setSettings(settingsFor(OptimizerKind::Momentum));
    QCOMPARE(opt.stepCount(), 0LL);
    QCOMPARE(opt.muProduct(), 1.0);
    QVERIFY(opt.first().isZero(0.0));
    QVERIFY(opt.second().isZero(0.0));
    opt.step(theta, grad2());
    COMPARE_VEC(opt.first(), vec({0.25, 0.5}));
    COMPARE_VEC(theta, vec({0.87500000199999996, -1.95000000099999999}));

    // And NAdam -> Adam -> NAdam: mu_product starts again at 1, so the first NAdam step's g-coefficient is lr again
    // and theta moves exactly as the first NAdam step of twoSteps.
    Optimizer n(settingsFor(OptimizerKind::NAdam));
    Vector other = theta0();
    n.step(other, grad1());
    n.setSettings(settingsFor(OptimizerKind::Adam));
    n.setSettings(settingsFor(OptimizerKind::NAdam));
    QCOMPARE(n.muProduct(), 1.0);
    other = theta0();
    n.step(other, grad1());
    COMPARE_VEC(other, vec({0.89435482427736469103, -1.8943548232209129444}));
}

void TstOptimizer::sizeChangeResetsState() {
    // Two Adam steps on 2 weights, then a network of 3 weights: the old moments belong to other parameters, so the
    // step is a first Adam step: each weight moves by lr * g/(|g| + eps/...) ~ lr * sign(g).
    //   theta = (1, -2, 3), g = (0.5, -1, 2): step = 0.1*(0.5/0.50000001, -1/1.00000001, 2/2.00000001)
    //         = (0.09999999800000004, -0.09999999900000001, 0.099999999500000002)
    //   theta = (0.90000000199999996, -1.90000000099999999, 2.9000000005)
    Optimizer opt(settingsFor(OptimizerKind::Adam));
    Vector theta = theta0();
    opt.step(theta, grad1());
    opt.step(theta, grad2());
    Vector bigger = vec({1.0, -2.0, 3.0});
    opt.step(bigger, vec({0.5, -1.0, 2.0}));
    QCOMPARE(opt.stepCount(), 1LL);
    QCOMPARE(opt.first().size(), Index(3));
    QCOMPARE(opt.second().size(), Index(3));
    COMPARE_VEC(bigger, vec({0.90000000199999996, -1.90000000099999999, 2.9000000005}));
}

void TstOptimizer::resetForgetsState() {
    // RMSProp after reset(): the step from theta_0 with g_1 is the first step of twoSteps again.
    Optimizer opt(settingsFor(OptimizerKind::RMSProp));
    Vector theta = theta0();
    opt.step(theta, grad1());
    opt.step(theta, grad2());
    opt.reset();
    QCOMPARE(opt.stepCount(), 0LL);
    QVERIFY(opt.second().isZero(0.0));
    theta = theta0();
    opt.step(theta, grad1());
    COMPARE_VEC(theta, vec({1.9999996000000800000e-7, -1.00000009999999}));
}

void TstOptimizer::setStateResumes_data() {
    QTest::addColumn<OptimizerKind>("kind");
    QTest::addColumn<Vector>("after2");
    // Step 2 values from twoSteps_data().
    QTest::newRow("momentum") << OptimizerKind::Momentum << vec({0.88, -1.86});
    QTest::newRow("adagrad") << OptimizerKind::AdaGrad << vec({0.85527864047800420607, -1.9447213595559957939});
    QTest::newRow("adam") << OptimizerKind::Adam << vec({0.80678204047746166896, -1.8733662973709029665});
    QTest::newRow("nadam") << OptimizerKind::NAdam << vec({0.84196249556593546561, -1.9354657956247801226});
}

void TstOptimizer::setStateResumes() {
    // What a project file does: save (t, first, second, mu_product) after step 1, load into a new optimizer, step 2.
    QFETCH(OptimizerKind, kind);
    QFETCH(Vector, after2);
    Optimizer saved(settingsFor(kind));
    Vector theta = theta0();
    saved.step(theta, grad1());
    Optimizer loaded(settingsFor(kind));
    loaded.setState(saved.stepCount(), saved.first(), saved.second(), saved.muProduct());
    loaded.step(theta, grad2());
    COMPARE_VEC(theta, after2);
    QCOMPARE(loaded.stepCount(), 2LL);
}

void TstOptimizer::namesRoundTrip() {
    const std::pair<OptimizerKind, const char*> all[] = {{OptimizerKind::SGD, "sgd"},
                                                         {OptimizerKind::Momentum, "momentum"},
                                                         {OptimizerKind::Nesterov, "nesterov"},
                                                         {OptimizerKind::AdaGrad, "adagrad"},
                                                         {OptimizerKind::RMSProp, "rmsprop"},
                                                         {OptimizerKind::Adam, "adam"},
                                                         {OptimizerKind::NAdam, "nadam"}};
    for (const auto& [kind, name] : all) {
        QCOMPARE(optimizerName(kind), std::string(name));
        const std::optional<OptimizerKind> back = optimizerFromName(name);
        QVERIFY(back.has_value());
        QVERIFY(*back == kind);
    }
    QVERIFY(!optimizerFromName("").has_value());
    QVERIFY(!optimizerFromName("adamw").has_value());
    QVERIFY(optimizerFromName("Adam") == OptimizerKind::Adam);  // as every enum's names: case is ignored
}

QTEST_GUILESS_MAIN(TstOptimizer)
#include "tst_optimizer.moc"
