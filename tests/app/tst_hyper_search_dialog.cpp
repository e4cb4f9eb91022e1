// The hyperparameter search dialog on the XOR preset: a grid typed into the fields runs in the background, its rows
// arriving while it runs, and closing the dialog (deleted on close, as the main window makes it) in the middle of the
// search ends it without a hang; a 2 x 2 grid runs to 4 rows with the progress bar full, the table sorts numerically by
// a header click, the best row is selected and "Load selected" hands back the project at that learning rate and width;
// bad text disables Start; Cancel ends a long search at once and its late results never reach the next search; Esc or
// destroying the dialog mid-search stops it cleanly. Saves a screenshot for a person to look at.
#include "patient_waits.h"
#include "app/panels/hyper_search_dialog.h"
#include "app/document/presets.h"
#include <QDir>
#include <QHeaderView>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>
#include <memory>
#include <optional>

using namespace app;

namespace {
double key(const QTableWidget* t, int row, int column) { return t->item(row, column)->data(Qt::UserRole).toDouble(); }

QPushButton* button(QWidget* w, const QString& text) {
    for (QPushButton* b : w->findChildren<QPushButton*>())
        if (b->text() == text) return b;
    return nullptr;
}

// Replaces a field's text as a person does: a click into it, Ctrl+A, the new text typed.
void type(QWidget* field, const QString& text) {
    QVERIFY2(field && field->isVisible(), "the field to type into is not on screen");
    QTest::mouseClick(field, Qt::LeftButton);
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(field, text);
}

QString screenshotDir() {
    const QString dir = qEnvironmentVariable("SCREENSHOT_DIR", QDir::tempPath() + "/nnlab-screenshots");
    QDir().mkpath(dir);
    return dir;
}

// Whether the rows are in the order the header's sort indicator shows, by the numbers behind the text.
bool sortedBy(const QTableWidget* t, int column) {
    const bool ascending = t->horizontalHeader()->sortIndicatorOrder() == Qt::AscendingOrder;
    for (int r = 1; r < t->rowCount(); ++r) {
        const double a = key(t, r - 1, column), b = key(t, r, column);
        if (ascending ? a > b : a < b) return false;
    }
    return t->horizontalHeader()->sortIndicatorSection() == column;
}

// Clicks the middle of a header section, as a person sorts a column.
void clickHeader(QTableWidget* t, int column) {
    QHeaderView* h = t->horizontalHeader();
    const QPoint p(h->sectionViewportPosition(column) + h->sectionSize(column) / 2, h->height() / 2);
    QTest::mouseClick(h->viewport(), Qt::LeftButton, {}, p);
}
}  // namespace

class TstHyperSearchDialog : public QObject {
    Q_OBJECT
private slots:
    // A person types a grid, presses Start, watches rows arrive while the search runs, and closes the dialog in the
    // middle of the search: it ends at once, and the dialog (deleted on close) goes without a hang or a crash.
    void typedSearchShowsRowsAndClosesMidSearch() {
        auto* dialog = new HyperSearchDialog(preset("xor"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        const QPointer<HyperSearchDialog> alive(dialog);
        QSignalSpy finished(dialog, &HyperSearchDialog::finished);
        QSignalSpy added(dialog, &HyperSearchDialog::trialAdded);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        // 100 trials of 3000 epochs: minutes of work, far more than the test waits for.
        type(dialog->findChild<QLineEdit*>("learningRates"), "0.5 0.2 0.1 0.05 0.02 0.01 0.005 0.002 0.001 0.0005");
        type(dialog->findChild<QLineEdit*>("widths"), "8, 12, 16, 20, 24, 28, 32, 40, 48, 64");
        type(dialog->findChild<QSpinBox*>("epochs"), "3000");
        if (QTest::currentTestFailed()) return;
        QCOMPARE(dialog->message(), QString("100 trials of 3000 epochs each. Press Start."));
        QPushButton* start = button(dialog, "Start");
        QVERIFY(start->isEnabled());
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(dialog->isRunning());
        QVERIFY(!start->isEnabled());
        QVERIFY(button(dialog, "Cancel")->isEnabled());
        QVERIFY(!dialog->findChild<QLineEdit*>("widths")->isEnabled());  // the fields are fixed while it runs
        QCOMPARE(dialog->progress()->text(), QString("0 / 100 trials"));

        // The rows come in while the search goes on, each with what was typed.
        QTRY_VERIFY_WITH_TIMEOUT(dialog->rowCount() >= 2, 60000);
        QVERIFY(dialog->isRunning());
        QCOMPARE(added.count(), dialog->rowCount());
        const QStringList rates{"0.5", "0.2", "0.1", "0.05", "0.02", "0.01", "0.005", "0.002", "0.001", "0.0005"};
        const QStringList widths{"8", "12", "16", "20", "24", "28", "32", "40", "48", "64"};
        for (int row = 0; row < dialog->rowCount(); ++row) {
            QVERIFY(rates.contains(dialog->table()->item(row, HyperSearchDialog::LearningRate)->text()));
            QVERIFY(widths.contains(dialog->table()->item(row, HyperSearchDialog::Width)->text()));
        }
        QCOMPARE(dialog->progress()->text(), QString("%1 / 100 trials").arg(dialog->rowCount()));
        QCOMPARE(dialog->message(), QString("Training trial %1 of 100…").arg(dialog->rowCount() + 1));
        QCOMPARE(finished.count(), 0);

        // Close mid-trial: the search ends there and then, and the dialog is deleted once the event loop runs (its
        // worker joins the thread, which stops within one epoch).
        QTest::mouseClick(button(dialog, "Close"), Qt::LeftButton);
        QCOMPARE(finished.count(), 1);
        QTRY_VERIFY(alive.isNull());
        QVERIFY(added.count() < 100);
    }

    void gridSearchFillsSortsAndLoads() {
        const Project base = preset("xor");
        HyperSearchDialog dialog(base);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setGrid("0.00001, 0.3", "2, 6", 30);
        QVERIFY(dialog.canStart());
        QSignalSpy finished(&dialog, &HyperSearchDialog::finished);
        QTest::mouseClick(button(&dialog, "Start"), Qt::LeftButton);
        QVERIFY(dialog.isRunning());
        QVERIFY(finished.wait(60000));
        QVERIFY(!dialog.isRunning());

        QTableWidget* table = dialog.table();
        QCOMPARE(dialog.rowCount(), 4);
        QCOMPARE(dialog.progress()->maximum(), 4);
        QCOMPARE(dialog.progress()->value(), 4);
        QCOMPARE(dialog.progress()->text(), QString("4 / 4 trials"));

        // Sorted by test loss (ascending) from the start: the best trial is the top row, selected.
        const int best = dialog.bestRow();
        QCOMPARE(best, 0);
        QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(table->selectionModel()->selectedRows().front().row(), best);
        QCOMPARE(key(table, best, HyperSearchDialog::LearningRate), 0.3);  // 1e-5 barely moves in 30 epochs
        QVERIFY(dialog.message().contains("Best"));
        QVERIFY(dialog.grab().save(QDir(screenshotDir()).filePath("hyper-search.png")));

        // A click on the learning-rate header sorts by the number, 1e-05 below 0.3, both ways (as text, "0.3"
        // would sort before "1e-05").
        for (int click = 0; click < 2; ++click) {
            clickHeader(table, HyperSearchDialog::LearningRate);
            QVERIFY(sortedBy(table, HyperSearchDialog::LearningRate));
            const bool ascending = table->horizontalHeader()->sortIndicatorOrder() == Qt::AscendingOrder;
            QCOMPARE(table->item(ascending ? 0 : 3, HyperSearchDialog::LearningRate)->text(), QString("1e-05"));
        }
        // Test loss, both ways.
        for (int click = 0; click < 2; ++click) {
            clickHeader(table, HyperSearchDialog::TestLoss);
            QVERIFY(sortedBy(table, HyperSearchDialog::TestLoss));
        }
        QVERIFY(key(table, 0, HyperSearchDialog::TestLoss) != key(table, 3, HyperSearchDialog::TestLoss));

        // Double-click on a row loads that trial: its width in every hidden layer, its learning rate, untrained.
        std::optional<Project> loaded;
        connect(&dialog, &HyperSearchDialog::loadRequested, this, [&](const Project& p) { loaded = p; });
        const int row = 2;
        const double lr = key(table, row, HyperSearchDialog::LearningRate);
        const int width = int(key(table, row, HyperSearchDialog::Width));
        QTableWidgetItem* cell = table->item(row, HyperSearchDialog::Width);
        table->scrollToItem(cell);
        const QPoint at = table->visualItemRect(cell).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->training.optimizer.learningRate, lr);
        QCOMPARE(loaded->network.layers.size(), base.network.layers.size());
        for (std::size_t l = 0; l + 1 < loaded->network.layers.size(); ++l) {
            QCOMPARE(loaded->network.layers[l].units, width);
            QCOMPARE(loaded->network.layers[l].activation, base.network.layers[l].activation);
        }
        QCOMPARE(loaded->network.layers.back(), base.network.layers.back());
        QVERIFY(!loaded->trained.has_value());
        QCOMPARE(loaded->data.generator, base.data.generator);
        QCOMPARE(loaded->training.seed, base.training.seed);

        // "Load selected" takes the selected row.
        loaded.reset();
        table->selectRow(0);
        QTest::mouseClick(button(&dialog, "Load selected"), Qt::LeftButton);
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->training.optimizer.learningRate, key(table, 0, HyperSearchDialog::LearningRate));
    }

    void badTextDisablesStart() {
        HyperSearchDialog dialog(preset("xor"));
        auto* lrs = dialog.findChild<QLineEdit*>("learningRates");
        QVERIFY(lrs);
        QVERIFY(dialog.canStart());
        dialog.setGrid("0.1, fast", "2, 4", 10);
        QVERIFY(!dialog.canStart());
        QVERIFY(!button(&dialog, "Start")->isEnabled());
        QCOMPARE(dialog.progress()->text(), QString("no trials"));
        QVERIFY(dialog.message().contains("\"fast\""));
        QVERIFY(lrs->styleSheet().contains("border"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(QDir(screenshotDir()).filePath("hyper-search-invalid.png")));
        dialog.setGrid("0.1", "4, 2000", 10);
        QVERIFY(!dialog.canStart());
        QVERIFY(dialog.message().contains("2000"));
        dialog.setGrid("0.1, -1", "4", 10);
        QVERIFY(!dialog.canStart());
        dialog.setGrid("0.1", "", 10);
        QVERIFY(!dialog.canStart());
        dialog.setGrid("0.1 0.2", "4", 10);  // spaces separate too
        QVERIFY(dialog.canStart());
        QVERIFY(lrs->styleSheet().isEmpty());
        dialog.setRandom(1, 0.1, 2, 8, 5, 10);  // a reversed range
        QVERIFY(!dialog.canStart());
        dialog.setRandom(0.001, 1, 2, 8, 5, 10);
        QVERIFY(dialog.canStart());
        QSignalSpy finished(&dialog, &HyperSearchDialog::finished);
        QTest::mouseClick(button(&dialog, "Start"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(dialog.rowCount(), 5);
        QVERIFY(dialog.grab().save(QDir(screenshotDir()).filePath("hyper-search-random.png")));
    }

    void cancelStopsEarly() {
        HyperSearchDialog dialog(preset("xor"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // 100 trials of 3000 epochs: minutes of work, stopped after the first row arrives.
        dialog.setGrid("0.001 0.002 0.003 0.005 0.01 0.02 0.03 0.05 0.1 0.2", "8 12 16 20 24 28 32 40 48 64", 3000);
        QSignalSpy added(&dialog, &HyperSearchDialog::trialAdded);
        QSignalSpy finished(&dialog, &HyperSearchDialog::finished);
        QTest::mouseClick(button(&dialog, "Start"), Qt::LeftButton);
        QVERIFY(added.wait(60000));
        QTest::mouseClick(button(&dialog, "Cancel"), Qt::LeftButton);
        QCOMPARE(finished.count(), 1);  // at once: the UI does not wait for the trial that was running
        QVERIFY(!dialog.isRunning());
        QVERIFY(dialog.rowCount() >= 1);
        QVERIFY(dialog.rowCount() < 100);
        QCOMPARE(dialog.progress()->value(), dialog.rowCount());
        QVERIFY(dialog.progress()->text().contains("cancelled"));
        QVERIFY(dialog.message().startsWith("Cancelled after"));
        QVERIFY(dialog.canStart());  // ready for another search
        QVERIFY(button(&dialog, "Start")->isEnabled());
        QVERIFY(!button(&dialog, "Cancel")->isEnabled());

        // Another search at once, while the cancelled trial may still be finishing its epoch: only its own row comes.
        dialog.setGrid("0.1", "2", 20);
        QTest::mouseClick(button(&dialog, "Start"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(dialog.rowCount(), 1);
        QCOMPARE(dialog.progress()->text(), QString("1 / 1 trials"));
        QCOMPARE(dialog.table()->item(0, HyperSearchDialog::Width)->text(), QString("2"));
        QVERIFY(dialog.message().startsWith("Done: 1 trial."));
    }

    void closingOrDestroyingMidSearchIsClean() {
        auto dialog = std::make_unique<HyperSearchDialog>(preset("xor"));
        QSignalSpy finished(dialog.get(), &HyperSearchDialog::finished);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        type(dialog->findChild<QLineEdit*>("learningRates"), "0.01 0.1");
        type(dialog->findChild<QLineEdit*>("widths"), "32 64");
        type(dialog->findChild<QSpinBox*>("epochs"), "50000");
        if (QTest::currentTestFailed()) return;
        QTest::mouseClick(button(dialog.get(), "Start"), Qt::LeftButton);
        QVERIFY(dialog->isRunning());
        QTest::keyClick(dialog.get(), Qt::Key_Escape);  // closes, cancels
        QCOMPARE(finished.count(), 1);
        QVERIFY(!dialog->isVisible());
        QVERIFY(!dialog->isRunning());
        QVERIFY(dialog->rowCount() < 4);
        // Shown again, started again, and destroyed mid-trial: the destructor stops and joins the worker.
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        QTest::mouseClick(button(dialog.get(), "Start"), Qt::LeftButton);
        QVERIFY(dialog->isRunning());
        dialog.reset();
    }
};

QTEST_MAIN(TstHyperSearchDialog)
#include "tst_hyper_search_dialog.moc"
