#pragma once
// What a ProcessPoolExecutor shares with its manager thread: the executor's own
// fields (process.py's ProcessPoolExecutor.__init__) and the pieces it is made of.
// The manager holds it through a shared_ptr, as _ExecutorManagerThread holds the
// executor's queues and dicts.

#include "core/process/callqueue.h"
#include "core/process/processpoolexecutor.h"
#include "core/process/processtable.h"
#include "core/process/resultqueue.h"
#include "core/process/threadwakeup.h"
#include "core/process/workerrings.h"
#include "core/process/workidmap.h"
#include "core/sync/futexmutex.h"

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <thread>

namespace poolscope {

// _WorkItem(future, fn, args, kwargs)
struct WorkItem
{
    FutureCorePtr future;
    FunctionRef fn;
    std::vector<std::any> args;
};

struct ProcessPoolExecutor::State
{
    State(ProcessPoolOptions opts, int workers, std::uint16_t executorId);
    ~State();

    ProcessPoolOptions options;
    const int maxWorkers;
    PoolEvents events;
    const bool recording;

    // _shutdown_lock and what it guards
    mutable FutexMutex shutdownLock;
    std::atomic<bool> shutdownThread{false};
    std::string brokenReason;
    std::atomic<bool> isBroken{false};
    bool cancelPendingFutures = false;
    bool forceShuttingDown = false; // terminate_workers() / kill_workers()
    std::int64_t queueCount = 0;
    bool managerStarted = false;
    std::thread manager;

    // _pending_work_items
    FutexMutex pendingLock;
    WorkIdMap<WorkItem> pending;

    // _work_ids (queue.Queue)
    FutexMutex workIdsLock;
    std::deque<std::int64_t> workIds;

    ThreadWakeup wakeup;     // _executor_manager_thread_wakeup
    CallQueue callQueue;     // _call_queue (_SafeQueue)
    ResultQueue resultQueue; // _result_queue (SimpleQueue)
    WorkerRings rings;       // worker events (PoolScope's own)
    ProcessTable processes;  // _processes

    void emit(EventKind kind, std::int32_t worker, std::int64_t task, std::int64_t value = 0,
              std::int64_t value2 = 0) const
    {
        events.emit(kind, worker, task, value, value2);
    }
    bool isShuttingDown() const { return shutdownThread.load(std::memory_order_acquire); }

    // _spawn_process, _launch_processes (fork: every worker at the first submit) and
    // _adjust_process_count (a free place left by max_tasks_per_child is refilled).
    // Only the manager thread forks (or, for the first workers, a process's only
    // thread), so a worker's parent-death signal, which follows the forking thread,
    // fires only when the pool's owner process dies.
    void spawnProcess();
    void launchProcesses();
    void adjustProcessCount();

    // _start_executor_manager_thread; the caller holds shutdownLock.
    void startManagerThreadLocked(const std::shared_ptr<State>& self);

private:
    // _SafeQueue._on_queue_feeder_error: only this future fails; the pool goes on.
    void onQueueFeederError(const QueueItem& item, std::exception_ptr error);
};

} // namespace poolscope
