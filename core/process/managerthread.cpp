#include "core/process/managerthread.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <poll.h>
#include <pthread.h>

namespace poolscope {

namespace {

const char* const kBrokenReason =
    "A child process terminated abruptly, the process pool is not usable anymore";
const char* const kBrokenFuture =
    "A process in the process pool was terminated abruptly while the future was running or pending.";

std::string describe(const std::exception_ptr& e)
{
    const ErrorInfo info = describeException(e);
    return info.type + ": " + info.message;
}

} // namespace

void ExecutorManagerThread::run(const std::shared_ptr<State>& state, bool launch, std::promise<void> launched)
{
    pthread_setname_np(pthread_self(), "ExecutorManager");
    if (launch) {
        try {
            state->launchProcesses();
        } catch (...) {
            launched.set_exception(std::current_exception());
            return;
        }
        launched.set_value();
    }
    ExecutorManagerThread(*state).loop();
}

// _ExecutorManagerThread.run()
void ExecutorManagerThread::loop()
{
    State& s = m_s;
    s.emit(EventKind::ManagerStart, 0, -1);
    bool brokeDown = false;
    for (;;) {
        try {
            addCallItemToQueue();
        } catch (...) {
            terminateBroken(describe(std::current_exception()));
            brokeDown = true;
            break;
        }
        WaitOutcome w = waitResultBrokenOrWakeup();
        if (w.broken) {
            terminateBroken(w.cause);
            brokeDown = true;
            break;
        }
        if (w.hasResult) {
            const Step step = processResultItem(w.message);
            if (step == Step::Done)
                break;
            if (step == Step::Broken) {
                terminateBroken({});
                brokeDown = true;
                break;
            }
            if (!w.message.isPid && w.message.item.exitPid) {
                // CPython joins the retired worker without looking at how it ended. A
                // worker killed after writing its last result may still hold the result
                // queue's write lock, and its replacement would wait on it forever: any
                // end but the planned one breaks the pool, as a sentinel would.
                const std::optional<ExitReason> r = s.processes.join(*w.message.item.exitPid);
                if (r && *r != ExitReason::MaxTasks) {
                    terminateBroken({});
                    brokeDown = true;
                    break;
                }
                try {
                    std::lock_guard lock(s.shutdownLock);
                    s.adjustProcessCount();
                } catch (...) {
                    terminateBroken(describe(std::current_exception()));
                    brokeDown = true;
                    break;
                }
            }
        }
        if (s.isShuttingDown()) {
            flagExecutorShuttingDown();
            // When only cancelled futures remain, the next wait would hang forever.
            addCallItemToQueue();
            if (pendingEmpty()) {
                joinExecutorInternals();
                break;
            }
        }
    }
    s.rings.drainAll();
    s.rings.stopDrainer();
    s.emit(EventKind::ManagerExit, 0, -1, brokeDown ? 1 : 0);
}

// add_call_item_to_queue(): fills the call queue from the work ids; never blocks.
void ExecutorManagerThread::addCallItemToQueue()
{
    State& s = m_s;
    for (;;) {
        if (s.callQueue.full())
            return;
        std::int64_t workId;
        std::size_t idsLeft;
        {
            std::lock_guard lock(s.workIdsLock);
            if (s.workIds.empty())
                return;
            workId = s.workIds.front();
            s.workIds.pop_front();
            idsLeft = s.workIds.size();
        }
        FutureCorePtr future;
        {
            std::lock_guard lock(s.pendingLock);
            if (const WorkItem* pending = s.pending.find(workId))
                future = pending->future;
        }
        s.emit(EventKind::WorkIdGet, 0, future ? future->id() : -1, static_cast<std::int64_t>(idsLeft));
        if (!future)
            continue; // failed by the feeder meanwhile
        if (future->setRunningOrNotifyCancel()) {
            QueueItem item;
            item.futureId = future->id();
            {
                std::lock_guard lock(s.pendingLock);
                WorkItem* pending = s.pending.find(workId);
                if (!pending)
                    continue;
                item.call.workId = workId;
                item.call.fn = pending->fn;
                // The pending item keeps the future; its arguments move on into the call item.
                item.call.args = std::move(pending->args);
            }
            if (s.recording)
                s.rings.mapWork(workId, item.futureId);
            s.callQueue.put(std::move(item), true);
        } else {
            std::size_t left;
            {
                std::lock_guard lock(s.pendingLock);
                s.pending.erase(workId);
                left = s.pending.size();
            }
            s.emit(EventKind::PendingPop, 0, future->id(), static_cast<std::int64_t>(left));
        }
    }
}

bool ExecutorManagerThread::decodeFrame(const std::vector<char>& payload, WaitOutcome& w)
{
    try {
        w.message = decodeResult(payload.data(), payload.size());
        w.hasResult = true;
        if (m_s.recording) {
            const std::int64_t task = w.message.isPid ? -1 : m_s.rings.futureOf(w.message.item.workId);
            m_s.emit(EventKind::ResultPipeRead, 0, task,
                     static_cast<std::int64_t>(payload.size() + kFrameHeader));
        }
        return true;
    } catch (...) {
        w.broken = true;
        w.cause = describe(std::current_exception());
        return false;
    }
}

// One complete frame and its decoding; a header beyond the frame limit breaks the pool.
bool ExecutorManagerThread::takeFrame(std::vector<char>& payload, WaitOutcome& w)
{
    try {
        if (!m_s.resultQueue.takeFrame(payload))
            return false;
    } catch (...) {
        w.broken = true;
        w.cause = describe(std::current_exception());
        return true;
    }
    decodeFrame(payload, w);
    return true;
}

// wait_result_broken_or_wakeup()
ExecutorManagerThread::WaitOutcome ExecutorManagerThread::waitResultBrokenOrWakeup()
{
    State& s = m_s;
    WaitOutcome w;
    std::vector<char>& payload = m_payload;
    // A result already read in an earlier wake: the wait would return at once.
    if (takeFrame(payload, w)) {
        s.wakeup.clear(false);
        return w;
    }
    std::vector<pollfd>& fds = m_fds;
    fds.clear();
    fds.push_back({s.resultQueue.readFd(), POLLIN, 0});
    fds.push_back({s.wakeup.readFd(), POLLIN, 0});
    const bool bell = s.rings.doorbellRead() >= 0;
    if (bell)
        fds.push_back({s.rings.doorbellRead(), POLLIN, 0});
    const std::size_t firstSentinel = fds.size();
    s.processes.appendSentinels(fds);
    s.emit(EventKind::ManagerWait, 0, -1, static_cast<std::int64_t>(fds.size()));
    while (poll(fds.data(), fds.size(), -1) < 0 && errno == EINTR) {
    }
    const bool resultReady = (fds[0].revents & (POLLIN | POLLHUP)) != 0;
    const bool wakeupReady = (fds[1].revents & POLLIN) != 0;
    const bool bellReady = bell && (fds[2].revents & POLLIN) != 0;
    bool sentinelReady = false;
    for (std::size_t i = firstSentinel; i < fds.size(); ++i)
        sentinelReady = sentinelReady || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
    if (bellReady)
        s.rings.clearDoorbell();
    if (resultReady)
        s.resultQueue.readAvailable();
    s.rings.drainAll(); // worker events published before the bytes we just read
    const std::int64_t mask = (resultReady ? 1 << static_cast<int>(WakeReason::Result) : 0) |
                              (wakeupReady ? 1 << static_cast<int>(WakeReason::Wakeup) : 0) |
                              (sentinelReady ? 1 << static_cast<int>(WakeReason::Sentinel) : 0) |
                              (bellReady ? 1 << static_cast<int>(WakeReason::EventRing) : 0);
    const WakeReason reason = resultReady   ? WakeReason::Result
                              : wakeupReady ? WakeReason::Wakeup
                              : bellReady   ? WakeReason::EventRing
                                            : WakeReason::Sentinel;
    s.emit(EventKind::ManagerWake, 0, -1, static_cast<std::int64_t>(reason), mask);
    if (resultReady) {
        takeFrame(payload, w); // none yet: only part of a frame so far; wait for the rest
    } else if (!wakeupReady && !bellReady) {
        // As in CPython, a wakeup takes precedence over sentinels: terminate_workers()
        // relies on it to cancel what is still pending before the pool breaks. A death
        // seen this way is noticed on the next wait, or by the hang-proof joins.
        w.broken = sentinelReady;
    }
    s.wakeup.clear(wakeupReady);
    return w;
}

// process_result_item()
ExecutorManagerThread::Step ExecutorManagerThread::processResultItem(ResultMessage& m)
{
    State& s = m_s;
    if (m.isPid) {
        // Clean exit of a worker that got None (avoids marking the pool broken),
        // unless it did not end cleanly after all (killed before it could exit).
        const std::optional<ExitReason> r = s.processes.join(m.pid);
        if (r && *r != ExitReason::Sentinel)
            return Step::Broken;
        if (s.processes.size() == 0) {
            joinExecutorInternals();
            return Step::Done;
        }
        return Step::Continue;
    }
    WorkItem item;
    bool found = false;
    std::size_t left = 0;
    {
        std::lock_guard lock(s.pendingLock);
        found = s.pending.take(m.item.workId, item);
        left = s.pending.size();
    }
    if (s.recording)
        s.rings.forgetWork(m.item.workId);
    // work_item can be missing if another process terminated meanwhile.
    if (!found)
        return Step::Continue;
    s.emit(EventKind::PendingPop, 0, item.future->id(), static_cast<std::int64_t>(left));
    try {
        if (m.item.exception) {
            const RemoteError& e = *m.item.exception;
            item.future->setException(std::make_exception_ptr(TaskError(e.type, e.message, e.traceback)));
        } else {
            item.future->setResult(std::move(m.item.result));
        }
    } catch (const InvalidStateError&) {
    }
    return Step::Continue;
}

// flag_executor_shutting_down()
void ExecutorManagerThread::flagExecutorShuttingDown()
{
    State& s = m_s;
    bool cancel;
    {
        std::lock_guard lock(s.shutdownLock);
        s.shutdownThread.store(true, std::memory_order_release);
        cancel = s.cancelPendingFutures;
        s.cancelPendingFutures = false; // only once
    }
    if (!cancel)
        return;
    // Cancel every pending future that is not RUNNING yet; keep the others.
    std::vector<std::pair<std::int64_t, FutureCorePtr>> items;
    {
        std::lock_guard lock(s.pendingLock);
        s.pending.forEach(
            [&](std::int64_t workId, const WorkItem& item) { items.emplace_back(workId, item.future); });
    }
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::int64_t cancelled = 0;
    for (const auto& [workId, future] : items) {
        if (future->cancel()) {
            ++cancelled;
            std::size_t left;
            {
                std::lock_guard lock(s.pendingLock);
                s.pending.erase(workId);
                left = s.pending.size();
            }
            s.emit(EventKind::PendingPop, 0, future->id(), static_cast<std::int64_t>(left));
        }
    }
    // Drain the work ids: nothing more goes into the call queue.
    {
        std::lock_guard lock(s.workIdsLock);
        s.workIds.clear();
    }
    s.emit(EventKind::ShutdownCancelled, 0, -1, cancelled);
}

// shutdown_workers(): one None per live worker.
void ExecutorManagerThread::shutdownWorkers()
{
    State& s = m_s;
    const int toStop = s.processes.aliveCount();
    int sent = 0;
    // A worker that died on its own may hold the call queue's read lock: then nobody
    // empties the queue and CPython's loop would spin forever; the joins deal with it.
    while (sent < toStop && s.processes.aliveCount() > 0 && !s.processes.anyDiedUnexpectedly()) {
        for (int i = 0; i < toStop - sent; ++i) {
            QueueItem none;
            none.kind = QueueItem::Kind::None;
            if (!s.callQueue.put(std::move(none), false))
                break;
            ++sent;
        }
        if (sent < toStop) {
            // CPython spins here; a short sleep lets the workers empty the queue.
            const timespec ts{0, 100'000};
            nanosleep(&ts, nullptr);
        }
    }
}

// _join_executor_internals(broken); the caller holds shutdownLock.
void ExecutorManagerThread::joinExecutorInternalsLocked(bool broken)
{
    State& s = m_s;
    if (!broken)
        shutdownWorkers();
    s.callQueue.close();
    s.callQueue.joinThread();
    s.wakeup.close();
    if (broken)
        s.processes.signalAll(SIGTERM);
    const std::int64_t joined = s.processes.joinAll(broken);
    s.emit(EventKind::ShutdownJoin, 0, -1, joined);
}

void ExecutorManagerThread::joinExecutorInternals()
{
    std::lock_guard lock(m_s.shutdownLock);
    joinExecutorInternalsLocked(false);
}

// terminate_broken(cause)
void ExecutorManagerThread::terminateBroken(const std::string& cause)
{
    State& s = m_s;
    BrokenCause brokenCause;
    std::vector<std::pair<std::int64_t, WorkItem>> items;
    {
        std::lock_guard lock(s.shutdownLock);
        brokenCause = s.forceShuttingDown ? BrokenCause::Terminated : BrokenCause::ProcessDied;
        if (s.processes.anyInitializerFailed())
            brokenCause = BrokenCause::InitializerFailed;
        // Mark the process pool broken so that submits fail right now.
        s.brokenReason = kBrokenReason;
        s.isBroken.store(true, std::memory_order_release);
        s.shutdownThread.store(true, std::memory_order_release);
        std::lock_guard plock(s.pendingLock);
        s.pending.forEach(
            [&](std::int64_t workId, WorkItem& item) { items.emplace_back(workId, std::move(item)); });
        s.pending.clear();
    }
    // Every pending future fails with BrokenProcessPool. CPython does this under
    // _shutdown_lock; here the lock is released first, so a done callback that
    // calls submit() gets BrokenProcessPool instead of deadlocking.
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    if (!cause.empty())
        logMessage("ProcessPoolExecutor broken: " + cause);
    const auto bpe = std::make_exception_ptr(BrokenProcessPool(kBrokenFuture));
    std::int64_t failed = 0;
    for (auto& [workId, item] : items) {
        try {
            item.future->setException(bpe);
            ++failed;
        } catch (const InvalidStateError&) {
            // set_exception() fails if the future is cancelled: ignore it.
        }
    }
    s.emit(EventKind::PoolBroken, 0, -1, failed, static_cast<std::int64_t>(brokenCause));

    std::lock_guard lock(s.shutdownLock);
    // Terminate the remaining workers forcibly: the queues or their locks may
    // be in a dirty state and block forever.
    s.processes.signalAll(SIGTERM, true);
    s.callQueue.terminateBroken();
    joinExecutorInternalsLocked(true);
}

bool ExecutorManagerThread::pendingEmpty()
{
    std::lock_guard lock(m_s.pendingLock);
    return m_s.pending.empty();
}

} // namespace poolscope
