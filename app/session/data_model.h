// The data set the user sees and edits: the samples (in a fixed order that the views index), where they came from,
// and the edits as QUndoCommands (add, remove, move, replace). Views redraw from it; the window forwards each change
// to the training thread.
#pragma once
#include "app/document/project.h"
#include "engine/dataset.h"
#include <QObject>
#include <QPointF>
#include <QUndoCommand>
#include <QVector>

namespace app {

class DataModel : public QObject {
    Q_OBJECT
public:
    explicit DataModel(QObject* parent = nullptr) : QObject(parent) {}

    const engine::Dataset& data() const { return m_data; }
    const DataSource& source() const { return m_source; }
    // Replaces everything (a generator, a bundled set, a loaded project); not an undoable edit by itself.
    void setData(const engine::Dataset& d, const DataSource& source);
    // The seeded ratio split that data takes until it is drawn on; the first edit keeps each sample where that split
    // put it, and from then on every point keeps its own side (source().testMask).
    void setSplit(double trainRatio, std::uint64_t seed);
    // Deals the drawn points again by the ratio (the person moved the ratio slider); emits nothing.
    void redealSplit();
    std::vector<char> testMask() const;  // per sample: 1 = in the test split
    int testCount() const;

    // Primitive edits used by the undo commands. Each emits changed(). test: per new point, 1 = into the test split.
    void insertPoints(const QVector<int>& at, const engine::Matrix& X, const std::vector<int>& labels,
                      const engine::Matrix& targets, const std::vector<char>& test);
    void erasePoints(QVector<int> indices);  // any order
    void movePoints(const QVector<int>& indices, QPointF delta);

signals:
    void changed();

private:
    void keepSplit();    // before an edit: every sample gets its own train/test flag
    void becomeDrawn();  // after an edit the data is "points" (the generator no longer describes it)
    engine::Dataset m_data;
    DataSource m_source;
    double m_trainRatio = 0.5;
    std::uint64_t m_splitSeed = 1;
};

// Adds points (one click, or a whole pen stroke: strokes merge into one step while the stroke lasts).
class AddPointsCommand : public QUndoCommand {
public:
    // test: the points go to the test split (the person chose "Draw into: Test"); else to training.
    AddPointsCommand(DataModel* model, const QVector<QPointF>& pos, int label, double value, int strokeId, bool test);
    void undo() override;
    void redo() override;
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    DataModel* m_model;
    QVector<QPointF> m_pos;
    int m_label;
    double m_value;
    int m_stroke;
    bool m_test;
    int m_first = -1;
};

// Adds one sample of any dimension (an image drawn on the pad) with its class, to the training or the test split.
class AddSampleCommand : public QUndoCommand {
public:
    AddSampleCommand(DataModel* model, const engine::Vector& x, int label, bool test);
    void undo() override;
    void redo() override;

private:
    DataModel* m_model;
    engine::Vector m_x;
    int m_label;
    bool m_test;
    int m_at = -1;
};

class RemovePointsCommand : public QUndoCommand {
public:
    RemovePointsCommand(DataModel* model, QVector<int> indices);
    void undo() override;
    void redo() override;

private:
    DataModel* m_model;
    QVector<int> m_indices;  // ascending
    engine::Matrix m_X, m_targets;
    std::vector<int> m_labels;
    std::vector<char> m_test;
};

class MovePointsCommand : public QUndoCommand {
public:
    MovePointsCommand(DataModel* model, QVector<int> indices, QPointF delta);
    void undo() override;
    void redo() override;

private:
    DataModel* m_model;
    QVector<int> m_indices;
    QPointF m_delta;
};

// Replaces the whole data set (Clear, Regenerate, a new generator), undoably.
class ReplaceDataCommand : public QUndoCommand {
public:
    ReplaceDataCommand(DataModel* model, engine::Dataset after, DataSource afterSource, const QString& text);
    void undo() override;
    void redo() override;

private:
    DataModel* m_model;
    engine::Dataset m_before, m_after;
    DataSource m_beforeSource, m_afterSource;
};

}  // namespace app
