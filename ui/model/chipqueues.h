#pragma once
// A scene's queues (SceneState): where a task's chip waits on its way from the
// caller to a worker and back, and the hops between them. A plain copyable value.

#include "ui/model/idqueue.h"
#include "ui/model/idset.h"
#include "ui/model/taskstore.h"
#include "ui/model/workertable.h"

namespace poolscope::ui {

// A chip only moves forward along its path.
inline void advance(TaskRecord& task, ChipPlace place)
{
    if (static_cast<int>(place) > static_cast<int>(task.place))
        task.place = place;
}

class ChipQueues
{
public:
    // max_workers + EXTRA_QUEUED_CALLS for a process pool, until CallQueuePut says.
    void reset(PoolKind pool, int maxWorkers)
    {
        m_callQueueCapacity = pool == PoolKind::Process ? maxWorkers + 1 : 0;
    }
    int callQueueCapacity() const noexcept { return m_callQueueCapacity; }

    // Thread pool: the work queue (-1 is a None sentinel). Process pool: the work ids queue.
    const IdQueue& workQueue() const noexcept { return m_workQueue; }
    // Process pool: call items from put until a worker read them (-1: sentinel).
    const IdQueue& callQueue() const noexcept { return m_callQueue; }
    // Process pool: results written by workers, not read by the manager yet.
    const IdQueue& resultQueue() const noexcept { return m_resultQueue; }
    // Process pool: the pending work items map (work_id -> item), ordered by id.
    const IdSet& pendingItems() const noexcept { return m_pending; }
    // Process pool: ids the manager thread holds (taken from work ids, or a result just read).
    const IdSet& atManager() const noexcept { return m_atManager; }

    // The thread pool's work queue (WorkQueuePut, SentinelPut, WorkQueueGet), the process
    // pool's hops (PendingInsert to ResultPipeRead) and cancel_futures' drain (ShutdownCancelled).
    void apply(const Event& e, PoolKind pool, TaskStore& tasks, WorkerTable& workers);
    // A resolved future's chip leaves the queue it is in (and, finished, the pending items).
    void leave(const TaskRecord& task, bool finished);

    bool operator==(const ChipQueues&) const = default;
    std::size_t heapBytes() const;
    std::size_t copyBytes() const;

private:
    void put(IdQueue& queue, TaskRecord& task, std::int64_t TaskRecord::*stamp, ChipPlace place,
             std::int64_t t);
    void workerTakes(IdQueue& queue, const Event& e, bool sentinel, std::int64_t TaskRecord::*stamp,
                     TaskStore& tasks, WorkerTable& workers);
    void managerTakes(IdQueue& queue, std::int64_t id, std::int64_t t, std::int64_t TaskRecord::*stamp,
                      ChipPlace place, TaskStore& tasks);
    void drainCancelled(TaskStore& tasks);

    int m_callQueueCapacity = 0;
    IdQueue m_workQueue;
    IdQueue m_callQueue;
    IdQueue m_resultQueue;
    IdSet m_pending;
    IdSet m_atManager;
};

} // namespace poolscope::ui
