#include "ui/model/scenestate.h"

#include <algorithm>

namespace poolscope::ui {

void SceneState::reset(PoolKind pool, int maxWorkers)
{
    *this = SceneState();
    setPool(pool, maxWorkers);
}

void SceneState::setPool(PoolKind pool, int maxWorkers)
{
    m_pool = pool;
    m_maxWorkers = maxWorkers;
    m_queues.reset(pool, maxWorkers);
    m_workers.setBoxes(pool == PoolKind::Process ? maxWorkers : 0);
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
    return m_tasks.heapBytes() + m_queues.heapBytes() + m_workers.heapBytes() +
           m_status.brokenMessage.capacity() + m_callerErrorText.capacity();
}

std::size_t SceneState::copyBytes() const
{
    return m_tasks.copyBytes() + m_queues.copyBytes() + m_workers.heapBytes() +
           m_status.brokenMessage.capacity() + m_callerErrorText.capacity();
}

void SceneState::setCallerError(std::string type, std::string text)
{
    m_callerErrorType = std::move(type);
    m_callerErrorText = std::move(text);
}

std::int64_t& SceneState::tally(FutureFinal final)
{
    return final == FutureFinal::Result      ? m_completed
           : final == FutureFinal::Exception ? m_failed
                                             : m_cancelled;
}

void SceneState::resolve(TaskRecord& task, FutureFinal final, std::int64_t t)
{
    if (task.final == FutureFinal::None) {
        ++tally(final);
        task.tResolved = t;
    }
    task.final = final;
}

void SceneState::closePart(TaskRecord& task, std::int64_t t)
{
    if (task.openPart < 0 || task.tPart == kNoTime)
        return;
    const std::int64_t ns = std::max<std::int64_t>(0, t - task.tPart);
    if (task.openPart == static_cast<std::int8_t>(TaskPart::Io))
        task.ioNs += ns;
    else
        task.cpuNs += ns;
    task.openPart = -1;
    task.tPart = kNoTime;
}

void SceneState::applyFutureState(const Event& e)
{
    const std::int64_t t = e.tNs;
    TaskRecord& task = m_tasks.obtain(e.task, t);
    const auto to = static_cast<FutureStatus>(e.value2);
    task.status = to;
    if (to == FutureStatus::Cancelled) {
        // A cancelled item stays where it is (still queued) until an executor
        // dequeues it; only then is it CANCELLED_AND_NOTIFIED.
        resolve(task, FutureFinal::Cancelled, t);
    } else if (to == FutureStatus::CancelledAndNotified) {
        resolve(task, FutureFinal::Cancelled, t);
        m_queues.leave(task, false);
        advance(task, ChipPlace::Future);
        if (e.worker != 0)
            m_workers.release(e.worker, e.task, t);
    } else if (to == FutureStatus::Finished) {
        // No TaskEnd means the executor failed it (broken pool); the caller's
        // outcome, when it arrives, is authoritative.
        const bool exception = task.raised || task.tEnd == kNoTime;
        resolve(task, exception ? FutureFinal::Exception : FutureFinal::Result, t);
        m_queues.leave(task, true);
        advance(task, ChipPlace::Future);
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
        setPool(e.value2 == 1 ? PoolKind::Process : PoolKind::Thread, static_cast<int>(e.value));
        break;
    case EventKind::Submit:
    case EventKind::WorkItemCreated:
        if (e.task >= 0) {
            TaskRecord& task = m_tasks.obtain(e.task, t);
            // The process pool's Submit carries _queue_count after the increment.
            if (e.kind == EventKind::Submit && m_pool == PoolKind::Process && e.value > 0)
                task.workId = e.value - 1;
        }
        break;

    case EventKind::WorkQueuePut:
    case EventKind::SentinelPut:
    case EventKind::WorkQueueGet:
    case EventKind::ShutdownCancelled:
    case EventKind::PendingInsert:
    case EventKind::PendingPop:
    case EventKind::WorkIdPut:
    case EventKind::WorkIdGet:
    case EventKind::CallQueuePut:
    case EventKind::FeederSerialize:
    case EventKind::PipeWrite:
    case EventKind::WorkerGet:
    case EventKind::ResultSerialize:
    case EventKind::ResultPipeWrite:
    case EventKind::ResultPipeRead:
        m_queues.apply(e, m_pool, m_tasks, m_workers);
        break;

    case EventKind::ThreadSpawn:
    case EventKind::ProcessSpawn:
    case EventKind::IdleRelease:
    case EventKind::ThreadExit:
    case EventKind::ProcessExit:
        m_workers.applyLifecycle(e);
        break;

    // ---- task body (both pools)
    case EventKind::TaskStart: {
        TaskRecord& task = m_tasks.obtain(e.task, t);
        task.tStart = t;
        task.worker = e.worker;
        advance(task, ChipPlace::Worker);
        WorkerRecord& w = m_workers.at(e.worker, t);
        w.state = WorkerState::Running;
        w.task = e.task;
        w.since = t;
        break;
    }
    case EventKind::TaskPhase: {
        if (e.task < 0)
            break;
        TaskRecord& task = m_tasks.obtain(e.task, t);
        closePart(task, t);
        task.hasParts = true;
        task.openPart = static_cast<std::int8_t>(e.value);
        task.tPart = t;
        break;
    }
    case EventKind::TaskEnd: {
        TaskRecord& task = m_tasks.obtain(e.task, t);
        closePart(task, t); // the last part ends with the task (or where it raised)
        task.tEnd = t;
        if (task.tStart == kNoTime)
            task.tStart = t - e.value;
        task.raised = e.value2 != 0;
        ++m_workers.at(e.worker, t).tasksDone;
        m_workers.release(e.worker, e.task, t);
        break;
    }
    case EventKind::FutureState:
        if (e.task >= 0)
            applyFutureState(e);
        break;

    // ---- GIL model (worker 0 is the caller: the main thread is a Python thread too)
    case EventKind::GilRequest:
    case EventKind::GilDropRequest:
    case EventKind::GilAcquire:
    case EventKind::GilRelease:
        m_gil.apply(e, m_workers, m_tasks);
        break;

    // ---- shutdown, faults, who waits
    case EventKind::ShutdownFlag:
    case EventKind::ShutdownJoin:
    case EventKind::PoolBroken:
    case EventKind::ResultWait:
    case EventKind::ResultWake:
    case EventKind::Timeout:
    case EventKind::WaiterInstalled:
    case EventKind::WaiterRemoved:
    case EventKind::ManagerStart:
    case EventKind::ManagerWait:
    case EventKind::ManagerWake:
        m_status.apply(e, m_pool);
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
        --tally(task.final);
        ++tally(final);
        task.final = final;
    }
}

} // namespace poolscope::ui
