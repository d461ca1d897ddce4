#include "ui/model/chipqueues.h"

namespace poolscope::ui {

std::size_t ChipQueues::heapBytes() const
{
    return m_workQueue.heapBytes() + m_callQueue.heapBytes() + m_resultQueue.heapBytes() +
           m_pending.heapBytes() + m_atManager.heapBytes();
}

std::size_t ChipQueues::copyBytes() const
{
    return m_workQueue.copyBytes() + m_callQueue.copyBytes() + m_resultQueue.copyBytes() +
           m_pending.copyBytes() + m_atManager.copyBytes();
}

// Caller side: a submitted chip enters the work queue (thread) or work ids (process), once.
void ChipQueues::put(IdQueue& queue, TaskRecord& task, std::int64_t TaskRecord::*stamp, ChipPlace place,
                     std::int64_t t)
{
    if (task.place <= ChipPlace::Caller && task.final == FutureFinal::None) {
        queue.push_back(task.id);
        task.*stamp = t;
        advance(task, place);
    }
}

// A thread takes from the work queue, or a worker process from the call queue: the chip
// leaves the queue for the worker, which now runs it. A sentinel (None) only leaves.
void ChipQueues::workerTakes(IdQueue& queue, const Event& e, bool sentinel, std::int64_t TaskRecord::*stamp,
                             TaskStore& tasks, WorkerTable& workers)
{
    const std::int64_t t = e.tNs;
    WorkerRecord& w = workers.at(e.worker, t);
    if (sentinel) {
        queue.erase(-1);
        return;
    }
    queue.erase(e.task);
    TaskRecord& task = tasks.obtain(e.task, t);
    task.*stamp = t;
    task.worker = e.worker;
    advance(task, ChipPlace::Worker);
    w.state = WorkerState::Running;
    w.task = e.task;
    w.since = t;
}

// The manager thread takes a work id, or reads a result: the chip leaves that queue and
// shows at the manager on its way to `place`.
void ChipQueues::managerTakes(IdQueue& queue, std::int64_t id, std::int64_t t,
                              std::int64_t TaskRecord::*stamp, ChipPlace place, TaskStore& tasks)
{
    queue.erase(id);
    TaskRecord& task = tasks.obtain(id, t);
    task.*stamp = t;
    if (task.place < place)
        m_atManager.insert(id);
    advance(task, place);
}

void ChipQueues::leave(const TaskRecord& task, bool finished)
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
    if (finished)
        m_pending.erase(task.id);
}

// cancel_futures drained the thread pool's queue: the cancelled items are gone from it.
void ChipQueues::drainCancelled(TaskStore& tasks)
{
    IdQueue kept;
    for (std::int64_t id : m_workQueue) {
        const TaskRecord* it = tasks.find(id);
        if (id < 0 || (it && it->final == FutureFinal::None))
            kept.push_back(id);
        else if (it)
            advance(*tasks.findMutable(id), ChipPlace::Future);
    }
    m_workQueue = std::move(kept);
}

void ChipQueues::apply(const Event& e, PoolKind pool, TaskStore& tasks, WorkerTable& workers)
{
    const std::int64_t t = e.tNs;
    switch (e.kind) {
    // ---- thread pool queue
    case EventKind::WorkQueuePut:
        put(m_workQueue, tasks.obtain(e.task, t), &TaskRecord::tQueued, ChipPlace::WorkQueue, t);
        break;
    case EventKind::SentinelPut:
        (pool == PoolKind::Thread ? m_workQueue : m_callQueue).push_back(-1);
        break;
    case EventKind::WorkQueueGet:
        workerTakes(m_workQueue, e, e.value2 == 1 || e.task < 0, &TaskRecord::tDequeued, tasks, workers);
        break;
    case EventKind::ShutdownCancelled:
        if (pool == PoolKind::Thread)
            drainCancelled(tasks);
        break;

    // ---- process pool hops
    case EventKind::PendingInsert:
        if (e.task >= 0) {
            tasks.obtain(e.task, t);
            m_pending.insert(e.task);
        }
        break;
    case EventKind::PendingPop:
        if (e.task >= 0)
            m_pending.erase(e.task);
        break;
    case EventKind::WorkIdPut:
        if (e.task >= 0)
            put(m_workQueue, tasks.obtain(e.task, t), &TaskRecord::tQueued, ChipPlace::WorkIds, t);
        break;
    case EventKind::WorkIdGet:
        if (e.task >= 0)
            managerTakes(m_workQueue, e.task, t, &TaskRecord::tDequeued, ChipPlace::Manager, tasks);
        break;
    case EventKind::CallQueuePut: {
        if (e.value2 > 0)
            m_callQueueCapacity = static_cast<int>(e.value2);
        if (e.task < 0)
            break;
        TaskRecord& task = tasks.obtain(e.task, t);
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
        TaskRecord& task = tasks.obtain(e.task, t);
        task.tSerialized = t;
        task.callBytes = e.value;
        advance(task, ChipPlace::CallPipe);
        break;
    }
    case EventKind::PipeWrite:
        if (e.task >= 0 && e.value2 == static_cast<std::int64_t>(Pipe::Call)) {
            TaskRecord& task = tasks.obtain(e.task, t);
            if (task.tSerialized == kNoTime)
                task.tSerialized = t;
            if (task.callBytes < 0)
                task.callBytes = e.value;
            advance(task, ChipPlace::CallPipe);
        }
        break;
    case EventKind::WorkerGet:
        workerTakes(m_callQueue, e, e.task < 0, &TaskRecord::tWorkerGet, tasks, workers);
        break;
    case EventKind::ResultSerialize:
    case EventKind::ResultPipeWrite: {
        if (e.task < 0)
            break;
        TaskRecord& task = tasks.obtain(e.task, t);
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
            managerTakes(m_resultQueue, e.task, t, &TaskRecord::tResultRead, ChipPlace::Returned, tasks);
        break;
    default:
        break;
    }
}

} // namespace poolscope::ui
