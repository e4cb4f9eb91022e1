// Lesson 13's grid as the hyperparameter-search dialog runs it: the project's split, a fifth of the training samples
// held out as the validation set (seed splitSeed + 1), 200 epochs per trial. A one-off check, not part of the build:
//   B=build; g++ -std=c++20 -O3 -DNDEBUG -march=native -DEIGEN_STACK_ALLOCATION_LIMIT=1048576 -I. -isystem \
//     /usr/include/eigen3 $(pkg-config --cflags Qt6Core) lessons/checks/13-hyperparameter-search.cpp -o /tmp/s13 \
//     $B/app/libnnlab_document.a $B/lessons/liblessons.a $B/engine/libengine.a $(pkg-config --libs Qt6Core) -lz
//   /tmp/s13
// Printed on 2026-12-07 (train 160, validation 40, test 200):
//   lr 0.001 width 8: val loss 0.0091, test loss 0.0304, test acc 0.990 (the lowest test loss)
//   lr 0.01  width 8: val loss 0.0026, test loss 0.0445, test acc 0.990 (the lowest validation loss: the choice)
//   lr 0.1 and 1, any width: test accuracy 0.495 to 0.645; width 2, any rate: at most 0.665.
#include "app/document/lesson_setup.h"
#include "app/document/project_data.h"
#include "engine/hyper_search.h"
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
int main() {
    const QJsonObject setup = QJsonDocument::fromJson(R"({"preset": "spiral", "network": "4-2-2-2-1 tanh, sigmoid out, bce",
        "training": {"optimizer": "adam", "learningRate": 0.1}})").object();
    QString error;
    const std::optional<app::Project> p = app::lessonProject(setup, &error);
    if (!p) { std::printf("%s\n", qPrintable(error)); return 1; }
    const std::optional<engine::Dataset> all = app::projectDataset(p->data, &error);
    engine::Split split = app::splitProject(*p, *all);
    engine::Split inner = engine::splitDataset(split.train, 0.8, p->splitSeed + 1);
    std::printf("train %ld validation %ld test %ld\n", long(inner.train.size()), long(inner.test.size()), long(split.test.size()));
    for (double lr : {0.001, 0.01, 0.1, 1.0})
        for (int w : {2, 4, 8}) {
            const engine::Trial t = engine::runTrial(p->network, inner.train, inner.test, split.test, p->training, lr, w, 200);
            std::printf("lr %-6g width %d  train %.4f  val %.4f  test %.4f  val acc %.3f  test acc %.3f %s\n", lr, w,
                        t.trainLoss, t.validationLoss, t.testLoss, t.validationAccuracy, t.testAccuracy, t.diverged ? "diverged" : "");
        }
}
