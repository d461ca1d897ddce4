#pragma once
// One headless run: build an executor, push the tasks through it, count what
// happened. poolscope-cli and the GUI both drive executors through this.

#include "event.h"
#include "future.h"
#include "workload.h"

#include <array>
#include <string>

namespace poolscope {

struct RunConfig
{
    std::string pool = "thread";
    int workers = 2;
    std::int64_t tasks = 100;
    WorkloadSpec workload;
    std::string submit = "submit"; // submit (+result in order) | map
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
};

// Counts completed / failed / cancelled over finished futures.
void countOutcomes(const std::vector<FutureCorePtr>& fs, RunSummary& summary);

// Runs `config`; events go to `events` when it is not null.
RunSummary runThreadPool(const RunConfig& config, const EventStreamPtr& events);

} // namespace poolscope
