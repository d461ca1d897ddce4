#include "ui/model/poolstatus.h"

namespace poolscope::ui {

void PoolStatus::setBroken(std::int64_t failed, std::int64_t cause, PoolKind pool)
{
    broken = true;
    brokenFailed = failed;
    // CPython's own messages (thread.py _initializer_failed, process.py _terminate_broken).
    if (pool == PoolKind::Thread) {
        brokenType = "BrokenThreadPool";
        brokenMessage = "A thread initializer failed, the thread pool is not usable anymore";
    } else {
        brokenType = "BrokenProcessPool";
        brokenMessage = cause == static_cast<std::int64_t>(BrokenCause::InitializerFailed)
                            ? "A child process terminated abruptly, the process pool is not usable anymore"
                            : "A process in the process pool was terminated abruptly while the future was "
                              "running or pending.";
    }
}

void PoolStatus::apply(const Event& e, PoolKind pool)
{
    switch (e.kind) {
    case EventKind::ShutdownFlag:
        // The first call is the one that matters (an intervention, or leaving the
        // with-block); cancel_futures, once asked for, stays asked for.
        if (!shutdown)
            shutdownWait = e.value != 0;
        shutdown = true;
        shutdownCancel = shutdownCancel || e.value2 != 0;
        break;
    case EventKind::ShutdownJoin:
        joined = true;
        break;
    case EventKind::PoolBroken:
        setBroken(e.value, e.value2, pool);
        break;
    case EventKind::ResultWait:
    case EventKind::ResultWake:
        if (e.worker == 0)
            callerWaiting = e.kind == EventKind::ResultWait;
        break;
    case EventKind::Timeout:
        timeout = true;
        break;
    case EventKind::WaiterInstalled:
        if (e.worker == 0)
            ++callerWaiters;
        break;
    case EventKind::WaiterRemoved:
        if (e.worker == 0 && callerWaiters > 0)
            --callerWaiters;
        break;
    case EventKind::ManagerStart:
    case EventKind::ManagerWait:
    case EventKind::ManagerWake:
        managerStarted = true;
        managerWaiting = e.kind == EventKind::ManagerWait;
        if (e.kind == EventKind::ManagerWake)
            managerWake = e.value;
        break;
    default:
        break;
    }
}

} // namespace poolscope::ui
