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
#include <memory>
#include <optional>
#include <string>
#include <utility>
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
    // The pools of a round at the same time instead of one after the other (the serial runs stay
    // alone): fair for I/O-bound work only, since CPU-bound work then shares the cores (sharesCores()).
    bool concurrent = false;
    std::vector<std::string> modes{"serial", "thread", "process"}; // in the order they run each round
    std::function<void(int done, int total)> progress;             // after each run
    std::function<bool()> cancelled;                               // asked before each run
    bool keepEvents = false; // keep every run's recording (the window replays them, --trace writes them)
};

// One run of a comparison: its mode (serial, thread, process, or runMode()'s thread-gil /
// thread-nogil) and the scenario as it runs on that pool.
struct CompareSide
{
    std::string mode;
    Scenario scenario;
};

// `modes` of one scenario with its worker count (what runCompare() runs).
std::vector<CompareSide> modeSides(const Scenario& scenario, const std::vector<std::string>& modes);
// Two scenarios compared (the GIL on and off, two worker counts, two scenario files): the serial run
// of A's work, of B's too when B does other work (workload or task count), then A and B.
std::vector<CompareSide> pairSides(const Scenario& a, const Scenario& b);
// Same workload and task count: one serial run measures both.
bool sameWork(const Scenario& a, const Scenario& b);

// A scenario field in which two compared scenarios differ: its JSON key ("gil", "workload.n") and
// each side's JSON value as text ("true", "16", "\"process\"").
struct ScenarioDifference
{
    std::string key;
    std::string a, b;
};
// Every field but name and description, in the scenario file's order.
std::vector<ScenarioDifference> scenarioDifferences(const Scenario& a, const Scenario& b);

// The pairs a scenario makes with itself, for the compare view's picker and `poolscope-cli compare
// --pair`: "pools" (ThreadPoolExecutor against ProcessPoolExecutor), "gil" (threads, the GIL on
// against off), "extra-queued-calls" (processes, 1 against 16), "chunksize" (processes, map() with
// chunksize 1 against 100), "workers" (the scenario's pool, its worker count against twice as many).
const std::vector<std::string>& comparePairNames();
// The two sides `pair` makes of `scenario` ("workers": twice as many, at most `maxWorkers`); throws
// std::invalid_argument for a name not listed.
std::pair<Scenario, Scenario> comparePair(const Scenario& scenario, const std::string& pair, int maxWorkers);

// Of the differences of a side in `mode`, those its label names: the pool and the GIL are in the
// pool's title already, the worker count only `withWorkers`, and what a pool does not read it does
// not differ in (extra_queued_calls for threads, switch_interval_ms for processes).
std::vector<ScenarioDifference> shownDifferences(const std::string& mode,
                                                 const std::vector<ScenarioDifference>& differences,
                                                 bool withWorkers);
// A side's English label: "ThreadPoolExecutor (GIL on)", "ProcessPoolExecutor, extra_queued_calls 16"
// (the window words its own in its language from the same differences). `differences` are this
// side's against the other's (ScenarioDifference::a is this side's value).
std::string sideLabel(const std::string& mode, const Scenario& scenario,
                      const std::vector<ScenarioDifference>& differences);

struct ModeResult
{
    std::string mode;
    Scenario scenario;                      // as it ran (its pool, workers, GIL)
    std::vector<RunSummary> runs;           // in round order
    std::vector<RunMeasures> measures;      // of each run, speedup against the serial median
    std::vector<std::vector<Event>> events; // each run's recording, with CompareOptions::keepEvents
    std::size_t medianRun = 0;              // index of the median in runs
    RunSummary median;
    RunMeasures medianMeasures;
};

struct CompareResult
{
    std::vector<ModeResult> modes; // in the sides' order; empty runs when cancelled early
    bool cancelled = false;
    bool concurrent = false; // the pools of each round ran at the same time
};

// Rounds of every mode one after another with the scenario's worker count, each run recorded so its
// stage medians can be measured (core/run/runmeasures.h).
CompareResult runCompare(const Scenario& scenario, const CompareOptions& options = {});
// The same for any sides (options.modes is not read); each run's speedup is against the serial run
// of its own work (sameWork()). Throws ScenarioError for a bad scenario.
CompareResult runCompareSides(const std::vector<CompareSide>& sides, const CompareOptions& options);

// Whether runs at the same time shared the cores: `concurrent` with CPU-bound work (or mixed work's
// compute part) on more than one of them.
bool sharesCores(const std::vector<CompareSide>& sides, bool concurrent);

struct SweepResult;

// What a sweep runs at each worker count, in this order: the thread pool with the GIL, without it
// (free-threaded), and the process pool (`poolscope-cli sweep` and the window's sweep view).
const std::vector<std::string>& sweepModes();

// Mixed work (`io_ms` of I/O, then `cpu_ms` of CPU a task) keeps `cores` busy from
// cores x (1 + io_ms / cpu_ms) workers on: more only wait for a core. None for other work.
std::optional<double> saturationWorkers(const Scenario& scenario, unsigned cores);

struct SweepOptions
{
    int lo = 1, hi = 4, repeat = 1;
    // "thread" uses the scenario's GIL setting; "thread-gil" / "thread-nogil" force it.
    std::vector<std::string> modes = sweepModes();
    std::function<void(int done, int total)> progress; // after each run
    std::function<bool()> cancelled;                   // asked before each run
    // After the serial median and after each point, with what is done so far (to print as it goes);
    // it may move the last point's events out.
    std::function<void(SweepResult& soFar)> stepDone;
    // Events kept over all the points' median recordings (SweepPoint::events); 0 keeps none.
    std::size_t keepEvents = 0;
};

struct SweepPoint
{
    int workers = 0;
    double ideal = 0.0; // = workers: perfect scaling
    std::map<std::string, RunSummary> byMode;
    std::map<std::string, double> speedup; // against the serial median
    // The recording of each mode's median run, while it fits in SweepOptions::keepEvents (and the
    // recorder kept all of it).
    std::map<std::string, std::vector<Event>> events;
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
