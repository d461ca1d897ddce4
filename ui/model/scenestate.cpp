#include "ui/model/scenestate.h"

#include <algorithm>

namespace poolscope::ui {

void SceneState::reset(PoolKind pool, int maxWorkers)
{
    *this = SceneState();
    m_pool = pool;
    m_maxWorkers = maxWorkers;
    m_callQueueCapacity = pool == PoolKind::Process ? maxWorkers + 1 : 0;
}

const TaskRecord* SceneState::task(std::int64_t id) const
{
    return m_tasks.find(id);
}

std::size_t SceneState::firstUnfinished() const
{
    // Amortised: the frontier only moves forward.
    while (m_firstUnfinished < m_tasks.size()) {
        if (!m_tasks.at(m_firstUnfinished).done())
            break;
        ++m_firstUnfinished;
    }
    return m_firstUnfinished;
}

std::size_t SceneState::heapBytes() const
{
    return m_tasks.heapBytes() + m_workQueue.heapBytes() + m_callQueue.heapBytes() +
           m_resultQueue.heapBytes() + m_pending.heapBytes() + m_atManager.heapBytes() +
           m_workers.capacity() * sizeof(WorkerRecord) + m_workerSlots.size() * 32 +
           m_brokenMessage.capacity() + m_callerErrorText.capacity();
}

std::size_t SceneState::copyBytes() const
{
    return m_tasks.copyBytes() + m_workQueue.copyBytes() + m_callQueue.copyBytes() +
           m_resultQueue.copyBytes() + m_pending.copyBytes() + m_atManager.copyBytes() +
           m_workers.capacity() * sizeof(WorkerRecord) + m_workerSlots.size() * 32 +
           m_brokenMessage.capacity() + m_callerErrorText.capacity();
}

int SceneState::workerSlot(std::int32_t id) const
{
    const auto it = m_workerSlots.find(id);
    return it == m_workerSlots.end() ? -1 : it->second;
}

std::int64_t SceneState::running() const
{
    std::int64_t n = 0;
    for (const auto& w : m_workers)
        n += (w.state == WorkerState::Running || w.state == WorkerState::GilWait) ? 1 : 0;
    return n;
}

void SceneState::setCallerError(std::string type, std::string text)
{
    m_callerErrorType = std::move(type);
    m_callerErrorText = std::move(text);
}

TaskRecord& SceneState::taskFor(std::int64_t id, std::int64_t t)
{
    if (TaskRecord* found = m_tasks.findMutable(id))
        return *found;
    const auto index = static_cast<std::int64_t>(m_tasks.size());
    TaskRecord& r = m_tasks.insert(id);
    r.id = id;
    r.index = index;
    r.tSubmit = t;
    return r;
}

WorkerRecord& SceneState::workerFor(std::int32_t id, std::int64_t t)
{
    const auto it = m_workerSlots.find(id);
    if (it != m_workerSlots.end())
        return m_workers[static_cast<std::size_t>(it->second)];
    // A process that replaces an exited one takes its place in the diagram,
    // so the picture keeps max_workers boxes (max_tasks_per_child, restarts).
    int slot = -1;
    if (m_pool == PoolKind::Process && static_cast<int>(m_workers.size()) >= m_maxWorkers) {
        for (std::size_t i = 0; i < m_workers.size(); ++i) {
            if (m_workers[i].state == WorkerState::Exited || m_workers[i].state == WorkerState::Killed) {
                m_workerSlots.erase(m_workers[i].id);
                slot = static_cast<int>(i);
                break;
            }
        }
    }
    WorkerRecord w;
    w.id = id;
    w.since = t;
    if (slot < 0) {
        // Thread indexes are 1-based and dense: keep the slot equal to index-1 when we can.
        slot = static_cast<int>(m_workers.size());
        m_workers.push_back(w);
    } else {
        m_workers[static_cast<std::size_t>(slot)] = w;
    }
    m_workerSlots[id] = slot;
    return m_workers[static_cast<std::size_t>(slot)];
}

void SceneState::advance(TaskRecord& task, ChipPlace place)
{
    if (static_cast<int>(place) > static_cast<int>(task.place))
        task.place = place;
}

// A thread takes from the work queue, or a worker process from the call queue: the chip
// leaves the queue for the worker, which now runs it. A sentinel (None) only leaves.
void SceneState::workerTakes(IdQueue& queue, const Event& e, std::int64_t t, bool sentinel,
                             std::int64_t TaskRecord::*stamp)
{
    WorkerRecord& w = workerFor(e.worker, t);
    if (sentinel) {
        queue.erase(-1);
        return;
    }
    queue.erase(e.task);
    TaskRecord& task = taskFor(e.task, t);
    task.*stamp = t;
    task.worker = e.worker;
    advance(task, ChipPlace::Worker);
    w.state = WorkerState::Running;
    w.task = e.task;
    w.since = t;
}

// The manager thread takes a work id, or reads a result: the chip leaves that queue and
// shows at the manager on its way to `place`.
void SceneState::managerTakes(IdQueue& queue, std::int64_t id, std::int64_t t,
                              std::int64_t TaskRecord::*stamp, ChipPlace place)
{
    queue.erase(id);
    TaskRecord& task = taskFor(id, t);
    task.*stamp = t;
    if (task.place < place)
        m_atManager.insert(id);
    advance(task, place);
}

void SceneState::leaveQueues(const TaskRecord& task)
{
    // Only search the queue the task is in: a finished task is normally in none,
    // and queues can hold thousands of ids.
    switch (task.place) {
    case ChipPlace::WorkQueue:
    case ChipPlace::WorkIds:
        m_workQueue.erase(task.id);
        break;
    case ChipPlace::Manager:
    case ChipPlace::Returned:
        m_atManager.erase(task.id);
        break;
    case ChipPlace::CallQueue:
    case ChipPlace::CallPipe:
        m_callQueue.erase(task.id);
        break;
    case ChipPlace::ResultPipe:
        m_resultQueue.erase(task.id);
        break;
    default:
        break;
    }
}

void SceneState::resolve(TaskRecord& task, FutureFinal final, std::int64_t t)
{
    if (task.final == FutureFinal::None) {
        if (final == FutureFinal::Result)
            ++m_completed;
        else if (final == FutureFinal::Exception)
            ++m_failed;
        else
            ++m_cancelled;
        task.tResolved = t;
    }
    task.final = final;
}

void SceneState::setBroken(std::int64_t failed, std::int64_t cause)
{
    m_broken = true;
    m_brokenFailed = failed;
    // CPython's own messages (thread.py _initializer_failed, process.py _terminate_broken).
    if (m_pool == PoolKind::Thread) {
        m_brokenType = "BrokenThreadPool";
        m_brokenMessage = "A thread initializer failed, the thread pool is not usable anymore";
    } else {
        m_brokenType = "BrokenProcessPool";
        m_brokenMessage = cause == static_cast<std::int64_t>(BrokenCause::InitializerFailed)
                              ? "A child process terminated abruptly, the process pool is not usable anymore"
                              : "A process in the process pool was terminated abruptly while the future was "
                                "running or pending.";
    }
}

void SceneState::apply(const Event& e)
{
    ++m_eventsApplied;
    if (m_t0 == kNoTime || e.tNs < m_t0)
        m_t0 = e.tNs;
    m_tLast = std::max(m_tLast, e.tNs);
    const std::int64_t t = e.tNs;

    switch (e.kind) {
    case EventKind::ExecutorCreated:
        m_maxWorkers = static_cast<int>(e.value);
        m_pool = e.value2 == 1 ? PoolKind::Process : PoolKind::Thread;
        m_callQueueCapacity = m_pool == PoolKind::Process ? m_maxWorkers + 1 : 0;
        break;
    case EventKind::Submit:
    case EventKind::WorkItemCreated:
        if (e.task >= 0) {
            TaskRecord& task = taskFor(e.task, t);
            // The process pool's Submit carries _queue_count after the increment.
            if (e.kind == EventKind::Submit && m_pool == PoolKind::Process && e.value > 0)
                task.workId = e.value - 1;
        }
        break;

    // ---- thread pool queue
    case EventKind::WorkQueuePut: {
        TaskRecord& task = taskFor(e.task, t);
        if (task.place <= ChipPlace::Caller && task.final == FutureFinal::None) {
            m_workQueue.push_back(e.task);
            task.tQueued = t;
            advance(task, ChipPlace::WorkQueue);
        }
        break;
    }
    case EventKind::SentinelPut:
        if (m_pool == PoolKind::Thread)
            m_workQueue.push_back(-1);
        else
            m_callQueue.push_back(-1);
        break;
    case EventKind::WorkQueueGet:
        workerTakes(m_workQueue, e, t, e.value2 == 1 || e.task < 0, &TaskRecord::tDequeued);
        break;
    case EventKind::ThreadSpawn:
    case EventKind::ProcessSpawn: {
        WorkerRecord& w = workerFor(e.worker, t);
        if (w.state == WorkerState::Starting)
            w.since = t;
        break;
    }
    case EventKind::IdleRelease: {
        WorkerRecord& w = workerFor(e.worker, t);
        w.state = WorkerState::Idle;
        w.task = -1;
        w.since = t;
        break;
    }
    case EventKind::ThreadExit: {
        WorkerRecord& w = workerFor(e.worker, t);
        w.state = WorkerState::Exited;
        w.task = -1;
        w.since = t;
        w.holdsGil = false;
        break;
    }
    case EventKind::ProcessExit: {
        WorkerRecord& w = workerFor(e.worker, t);
        const auto reason = static_cast<ExitReason>(e.value);
        w.state = (reason == ExitReason::Crashed || reason == ExitReason::Terminated) ? WorkerState::Killed
                                                                                      : WorkerState::Exited;
        w.exitReason = e.value;
        w.exitCode = e.value2;
        w.since = t;
        break;
    }

    // ---- task body (both pools)
    case EventKind::TaskStart: {
        TaskRecord& task = taskFor(e.task, t);
        task.tStart = t;
        task.worker = e.worker;
        advance(task, ChipPlace::Worker);
        WorkerRecord& w = workerFor(e.worker, t);
        w.state = WorkerState::Running;
        w.task = e.task;
        w.since = t;
        break;
    }
    case EventKind::TaskEnd: {
        TaskRecord& task = taskFor(e.task, t);
        task.tEnd = t;
        if (task.tStart == kNoTime)
            task.tStart = t - e.value;
        task.raised = e.value2 != 0;
        WorkerRecord& w = workerFor(e.worker, t);
        ++w.tasksDone;
        if (w.task == e.task) {
            w.state = WorkerState::Idle;
            w.task = -1;
            w.since = t;
        }
        break;
    }

    case EventKind::FutureState: {
        if (e.task < 0)
            break;
        TaskRecord& task = taskFor(e.task, t);
        const auto to = static_cast<FutureStatus>(e.value2);
        task.status = to;
        if (to == FutureStatus::Cancelled) {
            // A cancelled item stays where it is (still queued) until an executor
            // dequeues it; only then is it CANCELLED_AND_NOTIFIED.
            resolve(task, FutureFinal::Cancelled, t);
        } else if (to == FutureStatus::CancelledAndNotified) {
            resolve(task, FutureFinal::Cancelled, t);
            leaveQueues(task);
            advance(task, ChipPlace::Future);
            if (e.worker != 0) {
                WorkerRecord& w = workerFor(e.worker, t);
                if (w.task == e.task) {
                    w.state = WorkerState::Idle;
                    w.task = -1;
                    w.since = t;
                }
            }
        } else if (to == FutureStatus::Finished) {
            // No TaskEnd means the executor failed it (broken pool); the caller's
            // outcome, when it arrives, is authoritative.
            const bool exception = task.raised || task.tEnd == kNoTime;
            resolve(task, exception ? FutureFinal::Exception : FutureFinal::Result, t);
            leaveQueues(task);
            advance(task, ChipPlace::Future);
            m_pending.erase(e.task);
        }
        break;
    }

    // ---- GIL model (worker 0 is the caller: the main thread is a Python thread too)
    case EventKind::GilRequest: {
        m_gilSeen = true;
        if (e.worker == 0) {
            m_callerGilWaiting = true;
            break;
        }
        WorkerRecord& w = workerFor(e.worker, t);
        if (!w.holdsGil) {
            w.state = WorkerState::GilWait;
            w.since = t;
        }
        const std::int64_t id = e.task >= 0 ? e.task : w.task;
        if (id >= 0) {
            TaskRecord& task = taskFor(id, t);
            task.gilWaiting = true;
            task.tGilRequest = t;
        }
        break;
    }
    case EventKind::GilDropRequest:
        m_gilSeen = true;
        if (m_gilHolder > 0) {
            const int slot = workerSlot(m_gilHolder);
            if (slot >= 0)
                m_workers[static_cast<std::size_t>(slot)].dropRequested = true;
        } else if (m_gilHolder == 0) {
            m_callerDropRequested = true;
        }
        break;
    case EventKind::GilAcquire: {
        m_gilSeen = true;
        if (m_gilHolder > 0 && m_gilHolder != e.worker) {
            const int slot = workerSlot(m_gilHolder);
            if (slot >= 0)
                m_workers[static_cast<std::size_t>(slot)].holdsGil = false;
        }
        m_gilHolder = e.worker;
        if (e.worker == 0) {
            m_callerGilWaiting = false;
            m_callerDropRequested = false;
            break;
        }
        WorkerRecord& w = workerFor(e.worker, t);
        w.holdsGil = true;
        w.dropRequested = false;
        if (w.state == WorkerState::GilWait) {
            w.state = (w.task >= 0 || e.task >= 0) ? WorkerState::Running : WorkerState::Idle;
            w.since = t;
        }
        const std::int64_t id = e.task >= 0 ? e.task : w.task;
        if (id >= 0) {
            TaskRecord& task = taskFor(id, t);
            if (task.gilWaiting) {
                task.gilWaitNs += task.tGilRequest != kNoTime ? t - task.tGilRequest : e.value;
                ++task.gilWaits;
            }
            task.gilWaiting = false;
            task.tGilRequest = kNoTime;
        }
        break;
    }
    case EventKind::GilRelease: {
        m_gilSeen = true;
        if (m_gilHolder == e.worker)
            m_gilHolder = kNobody;
        if (e.worker == 0) {
            m_callerDropRequested = false;
            break;
        }
        WorkerRecord& w = workerFor(e.worker, t);
        w.holdsGil = false;
        w.dropRequested = false;
        break;
    }

    // ---- process pool hops
    case EventKind::PendingInsert:
        if (e.task >= 0) {
            taskFor(e.task, t);
            m_pending.insert(e.task);
        }
        break;
    case EventKind::PendingPop:
        if (e.task >= 0)
            m_pending.erase(e.task);
        break;
    case EventKind::WorkIdPut: {
        if (e.task < 0)
            break;
        TaskRecord& task = taskFor(e.task, t);
        if (task.place <= ChipPlace::Caller && task.final == FutureFinal::None) {
            m_workQueue.push_back(e.task);
            task.tQueued = t;
            advance(task, ChipPlace::WorkIds);
        }
        break;
    }
    case EventKind::WorkIdGet:
        if (e.task >= 0)
            managerTakes(m_workQueue, e.task, t, &TaskRecord::tDequeued, ChipPlace::Manager);
        break;
    case EventKind::CallQueuePut: {
        if (e.value2 > 0)
            m_callQueueCapacity = static_cast<int>(e.value2);
        if (e.task < 0)
            break;
        TaskRecord& task = taskFor(e.task, t);
        m_atManager.erase(e.task);
        if (task.place < ChipPlace::CallQueue) {
            m_callQueue.push_back(e.task);
            task.tCallQueue = t;
            advance(task, ChipPlace::CallQueue);
        }
        break;
    }
    case EventKind::FeederSerialize: {
        if (e.task < 0)
            break;
        TaskRecord& task = taskFor(e.task, t);
        task.tSerialized = t;
        task.callBytes = e.value;
        advance(task, ChipPlace::CallPipe);
        break;
    }
    case EventKind::PipeWrite:
        if (e.task >= 0 && e.value2 == static_cast<std::int64_t>(Pipe::Call)) {
            TaskRecord& task = taskFor(e.task, t);
            if (task.tSerialized == kNoTime)
                task.tSerialized = t;
            if (task.callBytes < 0)
                task.callBytes = e.value;
            advance(task, ChipPlace::CallPipe);
        }
        break;
    case EventKind::WorkerGet:
        workerTakes(m_callQueue, e, t, e.task < 0, &TaskRecord::tWorkerGet);
        break;
    case EventKind::ResultSerialize:
    case EventKind::ResultPipeWrite: {
        if (e.task < 0)
            break;
        TaskRecord& task = taskFor(e.task, t);
        if (task.tResultSerialized == kNoTime)
            task.tResultSerialized = t;
        if (task.resultBytes < 0)
            task.resultBytes = e.value;
        if (task.place < ChipPlace::ResultPipe) {
            advance(task, ChipPlace::ResultPipe);
            m_resultQueue.push_back(e.task);
        }
        break;
    }
    case EventKind::ResultPipeRead:
        if (e.task >= 0)
            managerTakes(m_resultQueue, e.task, t, &TaskRecord::tResultRead, ChipPlace::Returned);
        break;

    // ---- shutdown and faults
    case EventKind::ShutdownFlag:
        // The first call is the one that matters (an intervention, or leaving the
        // with-block); cancel_futures, once asked for, stays asked for.
        if (!m_shutdown)
            m_shutdownWait = e.value != 0;
        m_shutdown = true;
        m_shutdownCancel = m_shutdownCancel || e.value2 != 0;
        break;
    case EventKind::ShutdownCancelled:
        // cancel_futures drained the queue: the cancelled items are gone from it.
        if (m_pool == PoolKind::Thread) {
            IdQueue kept;
            for (std::int64_t id : m_workQueue) {
                const TaskRecord* it = m_tasks.find(id);
                if (id < 0 || (it && it->final == FutureFinal::None))
                    kept.push_back(id);
                else if (it)
                    advance(*m_tasks.findMutable(id), ChipPlace::Future);
            }
            m_workQueue = std::move(kept);
        }
        break;
    case EventKind::ShutdownJoin:
        m_joined = true;
        break;
    case EventKind::PoolBroken:
        setBroken(e.value, e.value2);
        break;
    case EventKind::ResultWait:
        if (e.worker == 0)
            m_callerWaiting = true;
        break;
    case EventKind::ResultWake:
        if (e.worker == 0)
            m_callerWaiting = false;
        break;
    case EventKind::Timeout:
        m_timeout = true;
        break;
    case EventKind::WaiterInstalled:
        if (e.worker == 0)
            ++m_callerWaiters;
        break;
    case EventKind::WaiterRemoved:
        if (e.worker == 0 && m_callerWaiters > 0)
            --m_callerWaiters;
        break;
    case EventKind::ManagerStart:
        m_managerStarted = true;
        m_managerWaiting = false;
        break;
    case EventKind::ManagerWait:
        m_managerStarted = true;
        m_managerWaiting = true;
        break;
    case EventKind::ManagerWake:
        m_managerStarted = true;
        m_managerWaiting = false;
        m_managerWake = e.value;
        break;
    default:
        break;
    }
}

void SceneState::applyOutcome(const FutureOutcome& outcome)
{
    TaskRecord* found = m_tasks.findMutable(outcome.task);
    if (!found)
        return;
    TaskRecord& task = *found;
    task.outcomeType = outcome.type;
    task.outcomeText = outcome.text;
    const FutureFinal final = outcome.kind == FutureOutcome::Kind::Result      ? FutureFinal::Result
                              : outcome.kind == FutureOutcome::Kind::Exception ? FutureFinal::Exception
                                                                               : FutureFinal::Cancelled;
    if (task.final != FutureFinal::None && task.final != final) {
        // The caller's view wins (e.g. a result that could not be serialized).
        auto counter = [this](FutureFinal f) -> std::int64_t& {
            return f == FutureFinal::Result      ? m_completed
                   : f == FutureFinal::Exception ? m_failed
                                                 : m_cancelled;
        };
        --counter(task.final);
        ++counter(final);
        task.final = final;
    }
}

} // namespace poolscope::ui
