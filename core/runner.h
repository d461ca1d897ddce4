#pragma once
// One headless run: build an executor, push the tasks through it, count what
// happened. poolscope-cli and the GUI both drive executors through this.

#include "event.h"
#include "future.h"
#include "workload.h"

#include <array>
#include <optional>
#include <string>

namespace poolscope {

struct RunConfig
{
    std::string pool = "thread";
    int workers = 2;
    std::int64_t tasks = 100;
    WorkloadSpec workload;
    std::string submit = "submit"; // submit (+result in order) | map
    // Process pool only.
    int chunksize = 1;                           // map(chunksize=...)
    int extraQueuedCalls = 1;                    // EXTRA_QUEUED_CALLS
    std::optional<int> maxTasksPerChild;         // max_tasks_per_child
    std::optional<std::int64_t> killWorkerAfter; // SIGKILL one worker once this many results arrived
};

struct RunSummary
{
    std::int64_t completed = 0;
    std::int64_t failed = 0;
    std::int64_t cancelled = 0;
    double wallS = 0.0;
    double tasksPerS = 0.0;
    std::uint64_t eventsTotal = 0;
    std::array<std::uint64_t, kEventKindCount> eventsByKind{};
    std::string errorType; // empty when the caller saw no exception
    std::string errorMessage;
    bool broken = false;        // the pool ended up broken (BrokenProcessPool)
    std::string brokenMessage;  // the pool's reason, e.g. "A child process terminated abruptly, ..."
    std::int32_t killedPid = 0; // the worker --kill-worker-after killed, 0 if none
};

// Counts completed / failed / cancelled over finished futures.
void countOutcomes(const std::vector<FutureCorePtr>& fs, RunSummary& summary);

// Runs `config`; events go to `events` when it is not null.
RunSummary runThreadPool(const RunConfig& config, const EventStreamPtr& events);

// The same through ProcessPoolExecutor: each task is the registered "workload"
// task, called by name with (spec JSON, index). completed + failed + cancelled
// always equals config.tasks (a task never submitted because the pool broke
// counts as failed).
RunSummary runProcessPool(const RunConfig& config, const EventStreamPtr& events);

} // namespace poolscope
