#pragma once
// What the caller loop tells the person watching, as values: what wait() left undone, what
// on_timeout did, the worker kill_worker_after killed. The window formats them in its language;
// poolscope-cli prints its summary (core/run/runner.h) in English.

#include <cstdint>
#include <string>
#include <variant>

namespace poolscope {

// What happened after the caller saw TimeoutError (or wait() returned with
// futures not done) while workers still computed.
struct AfterTimeout
{
    std::string action;            // what was done: wait, cancel, terminate, kill
    std::string requested;         // what the scenario asked for
    std::int64_t stillRunning = 0; // tasks running when the caller gave up
    double costS = 0.0;            // time the action took (shutdown wait, or terminating)
    std::string note;              // e.g. why terminate fell back to cancel on threads
};

// done, not_done = wait(fs, timeout=T) returned with not_done non-empty (wait() does not raise).
struct WaitLeftUndone
{
    std::int64_t notDone = 0;
};

// kill_worker_after K: SIGKILL reached worker `pid` while it ran a task, once the caller had
// `results` results.
struct WorkerKilled
{
    std::int64_t after = 0;
    std::int32_t pid = 0;
    std::int64_t results = 0;
};

using CallerNotice = std::variant<WaitLeftUndone, AfterTimeout, WorkerKilled>;

} // namespace poolscope
