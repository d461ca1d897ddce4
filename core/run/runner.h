#pragma once
// One headless run of a Scenario: start what the workload needs (loopback HTTP
// server, temp dir), build the pool (serial, thread or process), push the tasks
// through it the way the scenario says, handle a timeout honestly, measure, and
// clean up. poolscope-cli and the GUI both drive executors through this.

#include "core/events/event.h"
#include "core/workload/gil.h"
#include "core/run/scenario.h"
#include "core/workload/workload.h"

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
};

// What happened after the caller saw TimeoutError (or wait() returned with
// futures not done) while workers still computed.
struct AfterTimeout
{
    std::string action;            // what was done: wait, cancel, terminate, kill
    std::string requested;         // what the scenario asked for
    std::int64_t stillRunning = 0; // futures RUNNING when the caller gave up
    double costS = 0.0;            // time the action took (shutdown wait, or terminating)
    std::string note;              // e.g. why terminate fell back to wait on threads
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
    std::string firstTaskError; // "Type: message" of the first failed task, if any
    bool broken = false;        // the pool ended up broken (BrokenProcessPool / BrokenThreadPool)
    std::string brokenMessage;  // the pool's reason, e.g. "A child process terminated abruptly, ..."
    std::int32_t killedPid = 0; // the worker kill_worker_after killed, 0 if none
};

// Is the process pool part of this build?
bool processPoolAvailable();

// Runs `scenario` (validated first: throws ScenarioError). Pool and task errors
// are reported in the summary, not thrown.
RunSummary runScenario(const Scenario& scenario, const RunOptions& options = {});

// Earlier entry point (poolscope-cli run's first version); kept for its callers.
struct RunConfig
{
    std::string pool = "thread";
    int workers = 2;
    std::int64_t tasks = 100;
    WorkloadSpec workload;
    std::string submit = "submit"; // submit (+result in order) | map
};
RunSummary runThreadPool(const RunConfig& config, const EventStreamPtr& events);

} // namespace poolscope
