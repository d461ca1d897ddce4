#include "ui/model/eventlogmodel.h"

#include "ui/model/scenestate.h"

namespace poolscope::ui {

EventLogModel::EventLogModel(const SceneState* scene, QObject* parent)
    : QAbstractTableModel(parent), m_scene(scene)
{
}

int EventLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::int64_t EventLogModel::taskIndexOf(std::int64_t futureId) const
{
    if (futureId < 0 || !m_scene)
        return -1;
    const TaskRecord* t = m_scene->task(futureId);
    return t ? t->index : -1;
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Event& e = m_events[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Seq:
            return QVariant::fromValue<qulonglong>(e.seq);
        case Time: {
            const std::int64_t t0 = m_scene && m_scene->t0() >= 0 ? m_scene->t0() : e.tNs;
            return QString::number(static_cast<double>(e.tNs - t0) / 1e6, 'f', 3);
        }
        case Kind:
            return QString::fromLatin1(eventKindName(e.kind).data(),
                                       static_cast<qsizetype>(eventKindName(e.kind).size()));
        case Worker:
            return e.worker == 0 ? QString() : QString::number(e.worker);
        case Task: {
            const std::int64_t i = taskIndexOf(e.task);
            return i >= 0 ? QString::number(i) : QString();
        }
        case Value:
            return QString::number(e.value);
        case Value2:
            return QString::number(e.value2);
        case Details:
            return describeEvent(e);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == Kind || index.column() == Details
                   ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == Worker && e.worker != 0)
            return m_scene && m_scene->pool() == PoolKind::Process ? tr("process pid %1").arg(e.worker)
                                                                   : tr("thread %1").arg(e.worker);
        if (index.column() == Task && e.task >= 0) {
            const TaskRecord* t = m_scene ? m_scene->task(e.task) : nullptr;
            if (!t)
                return {};
            return t->workId >= 0 ? tr("task %1 (work id %2)").arg(t->index).arg(t->workId)
                                  : tr("task %1").arg(t->index);
        }
        if (index.column() == Details || index.column() == Kind)
            return tr("seq %1 · value %2 · value2 %3\n%4")
                .arg(e.seq)
                .arg(e.value)
                .arg(e.value2)
                .arg(describeEvent(e));
        return {};
    case EventKindRole:
        return static_cast<int>(e.kind);
    case TaskIdRole:
        return QVariant::fromValue<qlonglong>(e.task);
    case TaskIndexRole:
        return QVariant::fromValue<qlonglong>(taskIndexOf(e.task));
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Seq:
        return tr("seq");
    case Time:
        return tr("t (ms)");
    case Kind:
        return tr("event");
    case Worker:
        return tr("worker");
    case Task:
        return tr("task");
    case Value:
        return tr("value");
    case Value2:
        return tr("value2");
    case Details:
        return tr("meaning");
    default:
        return {};
    }
}

void EventLogModel::appendBatch(const FrameBatch& batch)
{
    if (!batch.events || batch.events->empty())
        return;
    const auto& in = *batch.events;
    // Bounded memory: drop the oldest rows first, in one go.
    const std::size_t incoming = std::min<std::size_t>(in.size(), kMaxRows);
    const std::size_t overflow =
        m_events.size() + incoming > kMaxRows ? m_events.size() + incoming - kMaxRows : 0;
    if (overflow > 0) {
        beginRemoveRows({}, 0, static_cast<int>(overflow) - 1);
        m_events.erase(m_events.begin(), m_events.begin() + static_cast<std::ptrdiff_t>(overflow));
        endRemoveRows();
        m_dropped += overflow;
    }
    const int first = static_cast<int>(m_events.size());
    beginInsertRows({}, first, first + static_cast<int>(incoming) - 1);
    m_events.insert(m_events.end(), in.end() - static_cast<std::ptrdiff_t>(incoming), in.end());
    endInsertRows();
    m_dropped += in.size() - incoming;
}

void EventLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_dropped = 0;
    endResetModel();
}

EventFilterProxy::EventFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    m_kinds.set();
}

void EventFilterProxy::setKinds(const KindMask& kinds)
{
    if (kinds == m_kinds)
        return;
    m_kinds = kinds;
    invalidateRowsFilter();
}

void EventFilterProxy::setTaskIndex(std::int64_t index)
{
    if (index == m_taskIndex)
        return;
    m_taskIndex = index;
    invalidateRowsFilter();
}

bool EventFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const auto* model = static_cast<const EventLogModel*>(sourceModel());
    const Event& e = model->eventAt(sourceRow);
    if (!m_kinds.test(static_cast<std::size_t>(e.kind)))
        return false;
    if (m_taskIndex >= 0 && model->taskIndexOf(e.task) != m_taskIndex)
        return false;
    return true;
}

} // namespace poolscope::ui
