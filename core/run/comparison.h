#pragma once
// The same scenario serially and on the pools, one run after another so they never share the
// cores: what `poolscope-cli compare` and `sweep` print and the window's compare view shows.
// Each result is the median of repeated rounds (the machine is shared and noisy).

#include "core/events/event.h"
#include "core/run/runmeasures.h"
#include "core/run/runner.h"
#include "core/run/scenario.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace poolscope {

// One run of `base` in `mode`: "serial", "thread" (the scenario's GIL setting), "thread-gil" or
// "thread-nogil" (forced), "process"; with `workers` workers. The process-only fault injection and
// max_tasks_per_child are dropped for the other modes. Counts what the summary needs (pipe bytes,
// the GIL); `sink`, when given, also gets every event.
RunSummary runMode(const Scenario& base, const std::string& mode, int workers,
                   const std::shared_ptr<EventSink>& sink = {});
// The scenario runMode() runs: the window's compare and sweep views replay a run with it.
Scenario modeScenario(const Scenario& base, const std::string& mode, int workers);

// The run of median wall time (the upper one of an even count); `runs` must not be empty.
std::size_t medianIndex(const std::vector<RunSummary>& runs);
RunSummary medianOf(const std::vector<RunSummary>& runs);

// Wall time of `serial` over `run`'s, 0 when `run` took no time.
double speedupOver(const RunSummary& serial, const RunSummary& run);

struct CompareOptions
{
    int repeat = 1;
    std::vector<std::string> modes{"serial", "thread", "process"}; // in the order they run each round
    std::function<void(int done, int total)> progress;             // after each run
    std::function<bool()> cancelled;                               // asked before each run
    bool keepEvents = false; // keep every run's recording (the window replays them, --trace writes them)
};

struct ModeResult
{
    std::string mode;
    std::vector<RunSummary> runs;           // in round order
    std::vector<RunMeasures> measures;      // of each run, speedup against the serial median
    std::vector<std::vector<Event>> events; // each run's recording, with CompareOptions::keepEvents
    std::size_t medianRun = 0;              // index of the median in runs
    RunSummary median;
    RunMeasures medianMeasures;
};

struct CompareResult
{
    std::vector<ModeResult> modes; // in CompareOptions::modes' order; empty runs when cancelled early
    bool cancelled = false;
};

// Rounds of every mode one after another with the scenario's worker count, each run recorded so its
// stage medians can be measured (core/run/runmeasures.h).
CompareResult runCompare(const Scenario& scenario, const CompareOptions& options = {});

struct SweepResult;

struct SweepOptions
{
    int lo = 1, hi = 4, repeat = 1;
    // "thread" uses the scenario's GIL setting; "thread-gil" / "thread-nogil" force it.
    std::vector<std::string> modes{"thread", "process"};
    std::function<void(int done, int total)> progress; // after each run
    std::function<bool()> cancelled;                   // asked before each run
    // After the serial median and after each point, with what is done so far (to print as it goes).
    std::function<void(const SweepResult& soFar)> stepDone;
};

struct SweepPoint
{
    int workers = 0;
    double ideal = 0.0; // = workers: perfect scaling
    std::map<std::string, RunSummary> byMode;
    std::map<std::string, double> speedup; // against the serial median
};

struct SweepResult
{
    RunSummary serial;
    std::vector<SweepPoint> points; // lo..hi, only complete points when cancelled
    bool cancelled = false;
};

// The serial median, then for each worker count lo..hi every mode's median of `repeat` runs.
// Throws ScenarioError for a bad scenario, std::invalid_argument for a bad range or mode.
SweepResult runSweep(const Scenario& scenario, const SweepOptions& options = {});

} // namespace poolscope
