#pragma once
// The event log: a table model over the run's events (bounded: the oldest
// rows go once it holds kMaxRows), and a filter proxy by kind and by task.

#include "ui/model/eventtext.h"
#include "ui/model/viewmodel.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <deque>

namespace poolscope::ui {

class SceneState;

class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Seq,
        Time,
        Kind,
        Worker,
        Task,
        Value,
        Value2,
        Details,
        ColumnCount
    };
    enum Role
    {
        EventKindRole = Qt::UserRole + 1,
        TaskIdRole,
        TaskIndexRole
    };
    static constexpr int kMaxRows = 200'000;

    // `scene` maps future ids to task numbers and gives the run's start time.
    explicit EventLogModel(const SceneState* scene, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const Event& eventAt(int row) const { return m_events[static_cast<std::size_t>(row)]; }
    // Task number (submission index) of a future id, or -1.
    std::int64_t taskIndexOf(std::int64_t futureId) const;
    std::uint64_t dropped() const noexcept { return m_dropped; }
    // Events that never became rows (they would have been evicted at once).
    void dropUnseen(std::uint64_t n) { m_dropped += n; }

public Q_SLOTS:
    void appendBatch(const poolscope::ui::FrameBatch& batch);
    void clear();

private:
    const SceneState* m_scene;
    std::deque<Event> m_events;
    std::uint64_t m_dropped = 0;
};

class EventFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit EventFilterProxy(QObject* parent = nullptr);

    void setKinds(const KindMask& kinds);
    // Task number to show (its events only), or -1 for every task.
    void setTaskIndex(std::int64_t index);
    std::int64_t taskIndex() const noexcept { return m_taskIndex; }
    const KindMask& kinds() const noexcept { return m_kinds; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    KindMask m_kinds;
    std::int64_t m_taskIndex = -1;
};

} // namespace poolscope::ui
