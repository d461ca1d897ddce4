#pragma once
// The event -> scene mapping: folds the event stream into what the diagrams
// show (where each task's chip is, what each worker does, queue contents, the
// GIL holder, a broken pool). Plain C++, GUI thread only, unit-tested.

#include "ui/model/idqueue.h"
#include "ui/model/idset.h"
#include "ui/model/taskstore.h"
#include "ui/model/viewmodel.h"

#include <tuple>
#include <unordered_map>

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
    int callQueueCapacity() const noexcept { return m_callQueueCapacity; }

    std::int64_t t0() const noexcept { return m_t0; }
    std::int64_t tLast() const noexcept { return m_tLast; }
    std::uint64_t eventsApplied() const noexcept { return m_eventsApplied; }

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

    const TaskRecord* task(std::int64_t id) const;
    // Task ids in submission order.
    std::span<const std::int64_t> order() const noexcept { return m_tasks.order(); }
    // Index in order() of the oldest future that is not done yet (order().size() if none).
    std::size_t firstUnfinished() const;

    const std::vector<WorkerRecord>& workers() const noexcept { return m_workers; }
    int workerSlot(std::int32_t id) const;

    // Who holds the GIL: a thread index, 0 for the caller (the main thread), or kNobody.
    static constexpr std::int32_t kNobody = -1;
    std::int32_t gilHolder() const noexcept { return m_gilHolder; }
    bool callerGilWaiting() const noexcept { return m_callerGilWaiting; }
    bool callerDropRequested() const noexcept { return m_callerDropRequested; }
    bool gilInUse() const noexcept { return m_gilSeen; }

    bool broken() const noexcept { return m_broken; }
    std::string brokenMessage() const { return m_brokenMessage; }
    std::string brokenType() const { return m_brokenType; }
    std::int64_t brokenFailed() const noexcept { return m_brokenFailed; }

    bool shutdownStarted() const noexcept { return m_shutdown; }
    bool shutdownWait() const noexcept { return m_shutdownWait; }
    bool shutdownCancelFutures() const noexcept { return m_shutdownCancel; }
    bool shutdownJoined() const noexcept { return m_joined; }
    bool callerWaiting() const noexcept { return m_callerWaiting; }
    // The caller iterates as_completed() / waits in wait() (a waiter is installed).
    bool callerInWaiter() const noexcept { return m_callerWaiters > 0; }
    // Process pool: the manager thread sleeps in its wait (result pipe, wakeup pipe, sentinels).
    bool managerWaiting() const noexcept { return m_managerWaiting; }
    std::int64_t managerWakeReason() const noexcept { return m_managerWake; }
    bool managerStarted() const noexcept { return m_managerStarted; }
    bool timeoutFired() const noexcept { return m_timeout; }

    std::int64_t submitted() const noexcept { return static_cast<std::int64_t>(m_tasks.size()); }
    std::int64_t completed() const noexcept { return m_completed; }
    std::int64_t failed() const noexcept { return m_failed; }
    std::int64_t cancelled() const noexcept { return m_cancelled; }
    std::int64_t running() const;

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
        return std::tie(m_pool, m_maxWorkers, m_callQueueCapacity, m_t0, m_tLast, m_eventsApplied,
                        m_workQueue, m_callQueue, m_resultQueue, m_pending, m_atManager, m_tasks, m_workers,
                        m_workerSlots, m_gilHolder, m_callerGilWaiting, m_callerDropRequested, m_gilSeen,
                        m_broken, m_brokenType, m_brokenMessage, m_brokenFailed, m_shutdown, m_shutdownWait,
                        m_shutdownCancel, m_joined, m_callerWaiting, m_callerWaiters, m_managerWaiting,
                        m_managerStarted, m_managerWake, m_timeout, m_completed, m_failed, m_cancelled,
                        m_callerErrorType, m_callerErrorText);
    }
    TaskRecord& taskFor(std::int64_t id, std::int64_t t);
    WorkerRecord& workerFor(std::int32_t id, std::int64_t t);
    static void advance(TaskRecord& task, ChipPlace place);
    void resolve(TaskRecord& task, FutureFinal final, std::int64_t t);
    void leaveQueues(const TaskRecord& task);
    void managerTakes(IdQueue& queue, std::int64_t id, std::int64_t t, std::int64_t TaskRecord::*stamp,
                      ChipPlace place);
    void workerTakes(IdQueue& queue, const Event& e, std::int64_t t, bool sentinel,
                     std::int64_t TaskRecord::*stamp);
    void setBroken(std::int64_t failed, std::int64_t cause);

    PoolKind m_pool = PoolKind::Thread;
    int m_maxWorkers = 0;
    int m_callQueueCapacity = 0;
    std::int64_t m_t0 = kNoTime;
    std::int64_t m_tLast = kNoTime;
    std::uint64_t m_eventsApplied = 0;

    IdQueue m_workQueue;
    IdQueue m_callQueue;
    IdQueue m_resultQueue;
    IdSet m_pending;
    IdSet m_atManager;

    TaskStore m_tasks;
    mutable std::size_t m_firstUnfinished = 0;

    std::vector<WorkerRecord> m_workers;
    std::unordered_map<std::int32_t, int> m_workerSlots;

    std::int32_t m_gilHolder = kNobody;
    bool m_callerGilWaiting = false;
    bool m_callerDropRequested = false;
    bool m_gilSeen = false;

    bool m_broken = false;
    std::string m_brokenType;
    std::string m_brokenMessage;
    std::int64_t m_brokenFailed = 0;

    bool m_shutdown = false;
    bool m_shutdownWait = false;
    bool m_shutdownCancel = false;
    bool m_joined = false;
    bool m_callerWaiting = false;
    int m_callerWaiters = 0;
    bool m_managerWaiting = false;
    bool m_managerStarted = false;
    std::int64_t m_managerWake = -1;
    bool m_timeout = false;

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
