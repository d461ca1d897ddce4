#pragma once
// The scenes the layout tests draw: both pools mid-run, a thread pool shutting down, and
// tutorial-cpu-class's broken process pool, as the event sequences the executors emit.

#include "tests/ui/uitesthelpers.h"

namespace poolscope::uitest {

// What the caller of the broken pool saw (map()'s timeout).
inline constexpr const char* kBrokenCallerError = "TimeoutError";

// Five threads mid-run: done, running, waiting for the GIL, asked to drop it, two queued.
inline EventScript threadMidRunScript()
{
    EventScript s;
    s.add(EventKind::ExecutorCreated, 0, -1, 5, 0);
    for (int w = 1; w <= 5; ++w)
        s.add(EventKind::ThreadSpawn, w, -1, w);
    for (int i = 0; i < 3; ++i)
        s.threadTask(i + 1, i + 1);
    for (int i = 0; i < 5; ++i) {
        const int task = 4 + i;
        s.add(EventKind::Submit, 0, task);
        s.add(EventKind::WorkQueuePut, 0, task, 1);
        s.add(EventKind::WorkQueueGet, i + 1, task, 0);
        s.add(EventKind::TaskStart, i + 1, task);
    }
    s.add(EventKind::GilAcquire, 1, 4, 0);
    s.add(EventKind::GilRequest, 2, 5);
    s.add(EventKind::GilDropRequest, 2, -1);
    for (int task = 9; task <= 10; ++task) {
        s.add(EventKind::Submit, 0, task);
        s.add(EventKind::WorkQueuePut, 0, task, task - 8);
    }
    s.add(EventKind::WaiterInstalled, 0, -1);
    return s;
}

// Five threads mid-run, and the main thread holds the GIL (it took it back to submit): the token
// sits in the caller's box, where "main thread" is written.
inline EventScript threadMainHoldsGilScript()
{
    EventScript s = threadMidRunScript();
    s.add(EventKind::GilRelease, 1, -1, 5'000'000, 1);
    s.add(EventKind::GilAcquire, 0, -1, 0);
    return s;
}

// The end of a run: every thread exited, the caller in shutdown(), the None sentinel queued.
inline EventScript threadShutdownScript()
{
    EventScript s;
    s.add(EventKind::ExecutorCreated, 0, -1, 5, 0);
    for (int w = 1; w <= 5; ++w)
        s.add(EventKind::ThreadSpawn, w, -1, w);
    for (int i = 0; i < 10; ++i)
        s.threadTask(i + 1, i % 5 + 1);
    s.add(EventKind::ShutdownFlag, 0, -1, 1, 0);
    s.add(EventKind::SentinelPut, 0, -1);
    for (int w = 1; w <= 5; ++w)
        s.add(EventKind::ThreadExit, w, -1);
    return s;
}

// Three processes: ids and items pending, the call queue full, a result in the pipe,
// the manager in poll().
inline EventScript processMidRunScript()
{
    EventScript s;
    s.add(EventKind::ExecutorCreated, 0, -1, 3, 1);
    s.add(EventKind::ManagerStart, 0, -1);
    for (int w = 0; w < 3; ++w)
        s.add(EventKind::ProcessSpawn, 19855 + w, -1);
    for (int task = 1; task <= 10; ++task) {
        s.add(EventKind::Submit, 0, task, task);
        s.add(EventKind::PendingInsert, 0, task);
        s.add(EventKind::WorkIdPut, 0, task, task);
    }
    for (int task = 1; task <= 4; ++task) {
        s.add(EventKind::WorkIdGet, 0, task, 10 - task);
        s.add(EventKind::CallQueuePut, 0, task, task, 4);
    }
    for (int task = 1; task <= 3; ++task) {
        s.add(EventKind::FeederSerialize, 0, task, 120);
        s.add(EventKind::WorkerGet, 19855 + task - 1, task, 120);
        s.add(EventKind::TaskStart, 19855 + task - 1, task);
    }
    s.add(EventKind::TaskEnd, 19855, 1, 1'000'000, 0);
    s.add(EventKind::ResultSerialize, 19855, 1, 4096);
    s.add(EventKind::ManagerWait, 0, -1);
    s.add(EventKind::WaiterInstalled, 0, -1);
    return s;
}

// tutorial-cpu-class's end: map() timed out, the workers were terminated, the pool is broken.
inline EventScript processBrokenScript()
{
    EventScript s;
    s.add(EventKind::ExecutorCreated, 0, -1, 3, 1);
    s.add(EventKind::ManagerStart, 0, -1);
    for (int w = 0; w < 3; ++w)
        s.add(EventKind::ProcessSpawn, 19855 + w, -1);
    for (int task = 1; task <= 3; ++task) {
        s.add(EventKind::Submit, 0, task, task);
        s.add(EventKind::PendingInsert, 0, task);
        s.add(EventKind::WorkIdPut, 0, task, 1);
        s.add(EventKind::WorkIdGet, 0, task, 0);
        s.add(EventKind::CallQueuePut, 0, task, 1, 4);
        s.add(EventKind::FeederSerialize, 0, task, 120);
        s.add(EventKind::WorkerGet, 19855 + task - 1, task, 120);
        s.add(EventKind::TaskStart, 19855 + task - 1, task);
        s.add(EventKind::TaskEnd, 19855 + task - 1, task, 1'000'000, 0);
    }
    s.add(EventKind::ManagerWake, 0, -1, static_cast<std::int64_t>(WakeReason::Sentinel));
    for (int w = 0; w < 3; ++w)
        s.add(EventKind::ProcessExit, 19855 + w, -1, static_cast<std::int64_t>(ExitReason::Terminated), -15);
    s.add(EventKind::PoolBroken, 0, -1, 1, 0);
    return s; // the caller saw TimeoutError (kBrokenCallerError)
}

} // namespace poolscope::uitest
