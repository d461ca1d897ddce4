#pragma once
// The event -> scene mapping: folds the event stream into what the diagrams
// show (where each task's chip is, what each worker does, queue contents, the
// GIL holder, a broken pool). Plain C++, GUI thread only, unit-tested. A
// copyable value made of copyable parts (tasks, queues, workers, GIL, pool status), so replay
// can keep keyframes of it and seek by them.

#include "ui/model/chipqueues.h"
#include "ui/model/gilstate.h"
#include "ui/model/poolstatus.h"
#include "ui/model/taskstore.h"
#include "ui/model/viewmodel.h"
#include "ui/model/workertable.h"

#include <tuple>

namespace poolscope::ui {

class SceneState
{
public:
    SceneState() = default;

    // Forget everything; `maxWorkers` is a hint until ExecutorCreated says.
    void reset(PoolKind pool, int maxWorkers);

    void apply(const Event& e);
    void applyOutcome(const FutureOutcome& outcome);

    PoolKind pool() const noexcept { return m_pool; }
    int maxWorkers() const noexcept { return m_maxWorkers; }
    // max_workers + EXTRA_QUEUED_CALLS, or what CallQueuePut reported.
    int callQueueCapacity() const noexcept { return m_queues.callQueueCapacity(); }

    std::int64_t t0() const noexcept { return m_t0; }
    std::int64_t tLast() const noexcept { return m_tLast; }
    std::uint64_t eventsApplied() const noexcept { return m_eventsApplied; }

    // The queues, as ChipQueues describes them.
    const IdQueue& workQueue() const noexcept { return m_queues.workQueue(); }
    const IdQueue& callQueue() const noexcept { return m_queues.callQueue(); }
    const IdQueue& resultQueue() const noexcept { return m_queues.resultQueue(); }
    const IdSet& pendingItems() const noexcept { return m_queues.pendingItems(); }
    const IdSet& atManager() const noexcept { return m_queues.atManager(); }

    const TaskRecord* task(std::int64_t id) const;
    // Task ids in submission order.
    std::span<const std::int64_t> order() const noexcept { return m_tasks.order(); }
    // Index in order() of the oldest future that is not done yet (order().size() if none).
    std::size_t firstUnfinished() const;

    const std::vector<WorkerRecord>& workers() const noexcept { return m_workers.records(); }
    int workerSlot(std::int32_t id) const { return m_workers.slot(id); }

    // Who holds the GIL: a thread index, 0 for the caller (the main thread), or kNobody.
    static constexpr std::int32_t kNobody = GilState::kNobody;
    std::int32_t gilHolder() const noexcept { return m_gil.holder; }
    bool callerGilWaiting() const noexcept { return m_gil.callerWaiting; }
    bool callerDropRequested() const noexcept { return m_gil.callerDropRequested; }
    bool gilInUse() const noexcept { return m_gil.seen; }

    bool broken() const noexcept { return m_status.broken; }
    std::string brokenMessage() const { return m_status.brokenMessage; }
    std::string brokenType() const { return m_status.brokenType; }
    std::int64_t brokenFailed() const noexcept { return m_status.brokenFailed; }

    bool shutdownStarted() const noexcept { return m_status.shutdown; }
    bool shutdownWait() const noexcept { return m_status.shutdownWait; }
    bool shutdownCancelFutures() const noexcept { return m_status.shutdownCancel; }
    bool shutdownJoined() const noexcept { return m_status.joined; }
    bool callerWaiting() const noexcept { return m_status.callerWaiting; }
    // The caller iterates as_completed() / waits in wait() (a waiter is installed).
    bool callerInWaiter() const noexcept { return m_status.callerWaiters > 0; }
    // Process pool: the manager thread sleeps in its wait (result pipe, wakeup pipe, sentinels).
    bool managerWaiting() const noexcept { return m_status.managerWaiting; }
    std::int64_t managerWakeReason() const noexcept { return m_status.managerWake; }
    bool managerStarted() const noexcept { return m_status.managerStarted; }
    bool timeoutFired() const noexcept { return m_status.timeout; }

    std::int64_t submitted() const noexcept { return static_cast<std::int64_t>(m_tasks.size()); }
    std::int64_t completed() const noexcept { return m_completed; }
    std::int64_t failed() const noexcept { return m_failed; }
    std::int64_t cancelled() const noexcept { return m_cancelled; }
    std::int64_t running() const { return m_workers.running(); }

    // Caller-side error (e.g. TimeoutError from as_completed / map).
    void setCallerError(std::string type, std::string text);
    const std::string& callerErrorType() const noexcept { return m_callerErrorType; }
    const std::string& callerErrorText() const noexcept { return m_callerErrorText; }

    // Same scene (what every view shows); replay checks a seek against a fold.
    bool operator==(const SceneState& o) const;
    // Heap bytes this copy holds (shared chunks counted as a share).
    std::size_t heapBytes() const;
    // Heap bytes a copy adds before either side writes (chunk tables, workers,
    // strings): what a replay keyframe costs up front.
    std::size_t copyBytes() const;

private:
    // Every member but the firstUnfinished() cache.
    auto tied() const
    {
        return std::tie(m_pool, m_maxWorkers, m_t0, m_tLast, m_eventsApplied, m_queues, m_tasks, m_workers,
                        m_gil, m_status, m_completed, m_failed, m_cancelled, m_callerErrorType,
                        m_callerErrorText);
    }
    void setPool(PoolKind pool, int maxWorkers);
    void applyFutureState(const Event& e);
    void resolve(TaskRecord& task, FutureFinal final, std::int64_t t);
    // Ends the open part of a mixed task at `t`, adding it to its I/O or CPU time.
    static void closePart(TaskRecord& task, std::int64_t t);
    std::int64_t& tally(FutureFinal final);

    PoolKind m_pool = PoolKind::Thread;
    int m_maxWorkers = 0;
    std::int64_t m_t0 = kNoTime;
    std::int64_t m_tLast = kNoTime;
    std::uint64_t m_eventsApplied = 0;

    ChipQueues m_queues;
    TaskStore m_tasks;
    mutable std::size_t m_firstUnfinished = 0;

    WorkerTable m_workers;
    GilState m_gil;
    PoolStatus m_status;

    std::int64_t m_completed = 0;
    std::int64_t m_failed = 0;
    std::int64_t m_cancelled = 0;

    std::string m_callerErrorType;
    std::string m_callerErrorText;
};

inline bool SceneState::operator==(const SceneState& o) const
{
    return tied() == o.tied();
}

} // namespace poolscope::ui
