#include "app/session/data_model.h"
#include "engine/split.h"
#include <algorithm>

namespace app {

void DataModel::setData(const engine::Dataset& d, const DataSource& source) {
    m_data = d;
    m_source = source;
    emit changed();
}

void DataModel::setSplit(double trainRatio, std::uint64_t seed) {
    m_trainRatio = trainRatio;
    m_splitSeed = seed;
}

void DataModel::redealSplit() {
    if (!m_source.testMask.empty()) m_source.testMask = engine::splitMask(m_data.size(), m_trainRatio, m_splitSeed);
}

std::vector<char> DataModel::testMask() const {
    if (m_source.kind == DataSource::Kind::Points && m_source.testMask.size() == std::size_t(m_data.size()))
        return m_source.testMask;
    return engine::splitMask(m_data.size(), m_trainRatio, m_splitSeed);
}

int DataModel::testCount() const {
    const std::vector<char> mask = testMask();
    return int(std::count(mask.begin(), mask.end(), char(1)));
}

void DataModel::keepSplit() {
    if (m_source.kind == DataSource::Kind::Points && m_source.testMask.size() == std::size_t(m_data.size())) return;
    m_source.testMask = engine::splitMask(m_data.size(), m_trainRatio, m_splitSeed);
}

void DataModel::becomeDrawn() {
    m_source.kind = DataSource::Kind::Points;
    m_source.points = engine::Dataset{};  // the points live in m_data; the project copies them when saved
}

void DataModel::insertPoints(const QVector<int>& at, const engine::Matrix& X, const std::vector<int>& labels,
                             const engine::Matrix& targets, const std::vector<char>& test) {
    keepSplit();
    std::vector<char> mask;
    // Rebuild the columns with the new ones placed at their final indices (ascending `at`).
    const engine::Index n = m_data.size(), add = X.cols(), d = std::max<engine::Index>(m_data.inputDim(), X.rows());
    const bool regression = m_data.task == engine::Task::Regression;
    engine::Matrix nx(d, n + add), nt(regression ? std::max<engine::Index>(1, m_data.targets.rows()) : 0, n + add);
    std::vector<int> nl;
    engine::Index src = 0, k = 0;
    for (engine::Index c = 0; c < n + add; ++c) {
        if (k < add && at[int(k)] == c) {
            nx.col(c) = X.col(k);
            if (regression) nt.col(c) = targets.col(k);
            else nl.push_back(labels[std::size_t(k)]);
            mask.push_back(std::size_t(k) < test.size() ? test[std::size_t(k)] : char(0));
            ++k;
        } else {
            nx.col(c) = m_data.X.col(src);
            if (regression) nt.col(c) = m_data.targets.col(src);
            else nl.push_back(m_data.labels[std::size_t(src)]);
            mask.push_back(m_source.testMask[std::size_t(src)]);
            ++src;
        }
    }
    m_data.X = nx;
    if (regression) m_data.targets = nt;
    else {
        m_data.labels = nl;
        for (int l : labels) m_data.numClasses = std::max(m_data.numClasses, l + 1);
        // A new class gets a name like the generators' ("class 2"), so names and classes stay in step.
        if (!m_data.classNames.empty())
            while (int(m_data.classNames.size()) < m_data.numClasses)
                m_data.classNames.push_back("class " + std::to_string(m_data.classNames.size()));
    }
    if (m_data.inputNames.empty()) m_data.inputNames = {"x1", "x2"};
    m_source.testMask = std::move(mask);
    becomeDrawn();
    emit changed();
}

void DataModel::erasePoints(QVector<int> indices) {
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    keepSplit();
    std::vector<engine::Index> keep;
    std::vector<char> mask;
    int k = 0;
    for (engine::Index c = 0; c < m_data.size(); ++c) {
        if (k < indices.size() && indices[k] == c) {
            ++k;
            continue;
        }
        keep.push_back(c);
        mask.push_back(m_source.testMask[std::size_t(c)]);
    }
    m_data = m_data.subset(keep);
    m_source.testMask = std::move(mask);
    becomeDrawn();
    emit changed();
}

void DataModel::movePoints(const QVector<int>& indices, QPointF delta) {
    keepSplit();
    for (int i : indices) {
        if (i < 0 || i >= m_data.size()) continue;
        m_data.X(0, i) += delta.x();
        m_data.X(1, i) += delta.y();
    }
    becomeDrawn();
    emit changed();
}

AddPointsCommand::AddPointsCommand(DataModel* model, const QVector<QPointF>& pos, int label, double value, int strokeId,
                                   bool test)
    : m_model(model), m_pos(pos), m_label(label), m_value(value), m_stroke(strokeId), m_test(test) {
    setText(pos.size() == 1 ? (test ? QObject::tr("Add a test point") : QObject::tr("Add a point"))
                            : (test ? QObject::tr("Paint test points") : QObject::tr("Paint points")));
}

void AddPointsCommand::redo() {
    m_first = int(m_model->data().size());
    QVector<int> at;
    engine::Matrix X(2, m_pos.size()), T(1, m_pos.size());
    for (int i = 0; i < m_pos.size(); ++i) {
        at << m_first + i;
        X(0, i) = m_pos[i].x();
        X(1, i) = m_pos[i].y();
        T(0, i) = m_value;
    }
    m_model->insertPoints(at, X, std::vector<int>(std::size_t(m_pos.size()), m_label), T,
                          std::vector<char>(std::size_t(m_pos.size()), char(m_test)));
}

void AddPointsCommand::undo() {
    QVector<int> idx;
    for (int i = 0; i < m_pos.size(); ++i) idx << m_first + i;
    m_model->erasePoints(idx);
}

bool AddPointsCommand::mergeWith(const QUndoCommand* other) {
    auto* o = static_cast<const AddPointsCommand*>(other);
    if (m_stroke < 0 || o->m_stroke != m_stroke || o->m_label != m_label || o->m_test != m_test) return false;
    m_pos += o->m_pos;  // the points were appended right after ours, so undo removes them all
    setText(m_test ? QObject::tr("Paint test points") : QObject::tr("Paint points"));
    return true;
}

AddSampleCommand::AddSampleCommand(DataModel* model, const engine::Vector& x, int label, bool test)
    : m_model(model), m_x(x), m_label(label), m_test(test) {
    setText(QObject::tr("Add a drawn sample of class %1").arg(label));
}

void AddSampleCommand::redo() {
    m_at = int(m_model->data().size());
    m_model->insertPoints({m_at}, engine::Matrix(m_x), {m_label}, engine::Matrix(1, 1), {char(m_test)});
}

void AddSampleCommand::undo() { m_model->erasePoints({m_at}); }

RemovePointsCommand::RemovePointsCommand(DataModel* model, QVector<int> indices) : m_model(model) {
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    const engine::Dataset& d = model->data();
    const std::vector<char> test = model->testMask();
    for (int i : indices)
        if (i >= 0 && i < d.size()) m_indices << i;
    m_X.resize(d.inputDim(), m_indices.size());
    if (d.task == engine::Task::Regression) m_targets.resize(d.targets.rows(), m_indices.size());
    for (int k = 0; k < m_indices.size(); ++k) {
        m_X.col(k) = d.X.col(m_indices[k]);
        if (d.task == engine::Task::Regression) m_targets.col(k) = d.targets.col(m_indices[k]);
        else m_labels.push_back(d.labels[std::size_t(m_indices[k])]);
        m_test.push_back(test[std::size_t(m_indices[k])]);
    }
    setText(m_indices.size() == 1 ? QObject::tr("Remove a point")
                                  : QObject::tr("Remove %1 points").arg(m_indices.size()));
}

void RemovePointsCommand::redo() { m_model->erasePoints(m_indices); }
void RemovePointsCommand::undo() { m_model->insertPoints(m_indices, m_X, m_labels, m_targets, m_test); }

MovePointsCommand::MovePointsCommand(DataModel* model, QVector<int> indices, QPointF delta)
    : m_model(model), m_indices(std::move(indices)), m_delta(delta) {
    setText(QObject::tr("Move %1 points").arg(m_indices.size()));
}
void MovePointsCommand::redo() { m_model->movePoints(m_indices, m_delta); }
void MovePointsCommand::undo() { m_model->movePoints(m_indices, -m_delta); }

ReplaceDataCommand::ReplaceDataCommand(DataModel* model, engine::Dataset after, DataSource afterSource,
                                       const QString& text)
    : m_model(model),
      m_before(model->data()),
      m_after(std::move(after)),
      m_beforeSource(model->source()),
      m_afterSource(std::move(afterSource)) {
    setText(text);
}
void ReplaceDataCommand::redo() { m_model->setData(m_after, m_afterSource); }
void ReplaceDataCommand::undo() { m_model->setData(m_before, m_beforeSource); }

}  // namespace app
