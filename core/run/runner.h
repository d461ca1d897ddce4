#pragma once
// One headless run of a Scenario for poolscope-cli: the serial baseline as a
// plain loop, or the pool through the caller loop (core/run/callerloop.h), with
// the counts, CPU time and wall time the summary reports.

#include "core/events/event.h"
#include "core/run/callerloop.h"
#include "core/run/gatedriver.h"
#include "core/run/scenario.h"
#include "core/workload/gil.h"

#include <array>
#include <atomic>
#include <optional>
#include <string>

namespace poolscope {

struct RunOptions
{
    // Where the events go (e.g. a Recorder); null with record=true still
    // counts what the summary needs. record=false: no event stream at all.
    std::shared_ptr<EventSink> sink;
    bool record = true;
    // Incremented as futures finish (done callbacks), for a progress display.
    std::atomic<std::int64_t>* progress = nullptr;
    // Pause, step or slow motion through the run's gate (needs record; pooled runs only).
    GatePlan gate;
};

struct RunSummary
{
    // Final states after the pool shut down; completed + failed + cancelled +
    // unfinished == tasks, and unfinished stays 0 (shutdown(wait=True) or the
    // broken pool settles every future). A task a broken pool refused counts as failed.
    std::int64_t completed = 0;
    std::int64_t failed = 0;
    std::int64_t cancelled = 0;
    std::int64_t unfinished = 0;
    std::int64_t notTaken = 0; // tasks whose outcome never reached the caller (it stopped early)
    double wallS = 0.0;        // the whole run: pool creation to the end of shutdown
    double tasksPerS = 0.0;    // completed / wall_s
    double cpuUserS = 0.0;     // getrusage, this process + reaped children, over the run
    double cpuSysS = 0.0;
    double cpuUtilization = 0.0;  // (user + sys) / wall: cores kept busy on average
    std::int64_t pipeBytes = -1;  // bytes written to the call and result pipes (-1: no events to count)
    std::int64_t resultBytes = 0; // bytes of string results the caller received
    std::uint64_t eventsTotal = 0;
    std::array<std::uint64_t, kEventKindCount> eventsByKind{};
    bool gilOn = false;
    Gil::Stats gil;
    double gilWaitShare = 0.0; // GIL wait / ((workers + caller) * wall)
    std::string errorType;     // empty when the caller saw no exception
    std::string errorMessage;
    std::optional<AfterTimeout> afterTimeout;
    std::string firstTaskError; // "Type: message" of the first failed task the caller took, if any
    bool broken = false;        // the pool ended up broken (BrokenProcessPool / BrokenThreadPool)
    std::string brokenMessage;  // the pool's reason, e.g. "A child process terminated abruptly, ..."
    std::int32_t killedPid = 0; // the worker kill_worker_after killed, 0 if none
    double heldS = 0.0;         // wall time the run was held at its gate (RunOptions::gate); in wallS
};

// Runs `scenario` (validated first: throws ScenarioError). Pool and task errors
// are reported in the summary, not thrown.
RunSummary runScenario(const Scenario& scenario, const RunOptions& options = {});

} // namespace poolscope
