// Issue 16, augmentation: on pictures the Training panel offers rotate, shift, zoom, mirror and noise; the Samples tab
// previews them on the gallery; training uses them; the project file keeps them and refuses absurd amounts with a
// sentence naming the key. Mouse and keys only on visible widgets.
#include "app/document/project_file.h"
#include "app/session/session.h"
#include "app/window/image_workspace.h"
#include "app/window/main_window.h"
#include "journey.h"
#include "screenshot.h"
#include "widgets/image_tiles.h"
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QSpinBox>

using namespace app;
using namespace journey;
using testsupport::saveScreenshot;

namespace {
void typeInto(QAbstractSpinBox* spin, const QString& value) {
    QTest::mouseClick(spin, Qt::LeftButton);
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, value);
    QTest::keyClick(spin, Qt::Key_Return);
}
}  // namespace

class TstAugmentationJourney : public QObject {
    Q_OBJECT
private slots:
    void augmentationIsSetPreviewedTrainedAndSaved() {
        MainWindow w;
        QVERIFY(open(w));
        QVERIFY(clickTab(w, "Training"));
        QVERIFY(!shown(w, "augmentationBox")->isEnabled());  // XOR's points: nothing to turn or mirror
        QVERIFY(clickTab(w, "Data"));
        click(shown(w, "dataset_digits"));
        QVERIFY(waitFor(w, [&] { return shown(w, "imageWorkspace") != nullptr; }));
        QVERIFY(clickTab(w, "Training"));
        QVERIFY(shown(w, "augmentationBox")->isEnabled());
        typeInto(shown<QSpinBox>(w, "augmentRotate"), "15");
        typeInto(shown<QDoubleSpinBox>(w, "augmentShift"), "1");
        click(shown<QCheckBox>(w, "augmentFlip"));
        const engine::AugmentSettings& a = w.session()->project().training.augment;
        QCOMPARE(a.rotateDegrees, 15.0);
        QCOMPARE(a.shiftPixels, 1.0);
        QVERIFY(a.flip);

        // The preview: the gallery's pictures are no longer the data's own.
        auto* gallery = shown<widgets::ImageTiles>(w, "galleryTiles");
        const engine::Dataset& d = w.session()->data().data();
        auto same = [&](int tile) {
            const int id = gallery->tile(tile).id;
            for (int k = 0; k < 64; ++k)
                if (std::abs(gallery->tile(tile).values(k / 8, k % 8) - float(d.X(k, id))) > 1e-6f) return false;
            return true;
        };
        QVERIFY(same(0) && same(1));
        click(shown<QCheckBox>(w, "previewAugment"));
        int changed = 0;
        for (int i = 0; i < 20; ++i) changed += !same(i);
        QVERIFY2(changed >= 15, qPrintable(QString::number(changed)));
        QVERIFY(saveScreenshot(&w, "augmentation-preview.png"));
        // Turning it off in the panel: the preview shows the data again.
        typeInto(shown<QSpinBox>(w, "augmentRotate"), "0");
        typeInto(shown<QDoubleSpinBox>(w, "augmentShift"), "0");
        click(shown<QCheckBox>(w, "augmentFlip"));
        QVERIFY(!w.session()->project().training.augment.any());
        QVERIFY(same(0) && same(5));
        typeInto(shown<QSpinBox>(w, "augmentRotate"), "10");

        // Training with it: it learns.
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().spec.inputs == 64; }));
        const double before = w.lastSnapshot().train.loss;
        click(toolButton(w, "playAction"));
        QVERIFY(waitFor(w, [&] { return w.lastSnapshot().epoch >= 3; }, 2000));
        click(toolButton(w, "playAction"));
        QVERIFY(!w.lastSnapshot().diverged);
        QVERIFY2(w.lastSnapshot().train.loss < before, qPrintable(QString("%1 -> %2").arg(before).arg(w.lastSnapshot().train.loss)));

        // The file keeps it; an absurd amount is refused with the key's path.
        const ProjectLoadResult back = projectFromJson(projectToJson(w.session()->project()));
        QVERIFY2(back.project, qPrintable(back.error));
        QCOMPARE(back.project->training.augment, w.session()->project().training.augment);
        QByteArray json = projectToJson(w.session()->project());
        json.replace("\"zoom\": 0", "\"zoom\": 2");
        const ProjectLoadResult bad = projectFromJson(json);
        QVERIFY(!bad.project);
        QVERIFY2(bad.error.contains("training.augment.zoom"), qPrintable(bad.error));
    }
};

QTEST_MAIN(TstAugmentationJourney)
#include "tst_augmentation_journey.moc"
