#pragma once
// A scenario: one value that describes a whole run (which pool, how many
// workers, which work, how it is submitted and waited for, the GIL). It loads
// from and saves to JSON (docs/cli.md documents the format), and the tutorial's
// examples ship as presets.

#include "core/workload/workload.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace poolscope {

// A malformed scenario: what() names the field ("scenario.workers: ...").
struct ScenarioError : std::invalid_argument
{
    using std::invalid_argument::invalid_argument;
};

struct Scenario
{
    std::string name = "custom";
    std::string description;
    std::string pool = "thread"; // serial | thread | process
    int workers = 2;             // max_workers
    std::int64_t tasks = 100;
    WorkloadSpec workload;
    // submit: submit() all, then result() in order; as_completed: submit() all,
    // then as_completed(fs, timeout); wait: submit() all, then wait(fs, timeout);
    // map: Executor.map(fn, range(tasks), timeout=, chunksize=).
    std::string submit = "submit";
    int chunksize = 1;              // map only; the thread pool ignores it, as CPython does
    std::optional<double> timeoutS; // None: wait forever
    bool gil = true;                // thread pool: model the GIL (off = free-threaded / PEP 703)
    double switchIntervalMs = 5.0;  // sys.setswitchinterval(), in ms
    int maxTasksPerChild = 0;       // process pool; 0 = None
    int extraQueuedCalls = 1;       // process pool: EXTRA_QUEUED_CALLS
    // Process pool fault injection (the GUI's kill button): SIGKILL one worker once
    // this many results have arrived; the pool breaks. Must be < tasks.
    std::optional<std::int64_t> killWorkerAfter;
    // What the run does when the caller saw TimeoutError (or wait() left futures
    // unfinished) while workers still compute: wait (the with-block's
    // shutdown(wait=True)), cancel (shutdown(wait=True, cancel_futures=True)),
    // terminate / kill (terminate_workers() / kill_workers(), process pool).
    std::string onTimeout = "terminate";

    bool operator==(const Scenario&) const = default;
};

inline constexpr int kScenarioFormatVersion = 1;

const std::vector<std::string>& poolNames();        // thread, process, serial
const std::vector<std::string>& submitStyles();     // submit, as_completed, wait, map
const std::vector<std::string>& onTimeoutActions(); // wait, cancel, terminate, kill

// Throws ScenarioError naming the field when a value is out of range or inconsistent.
void validateScenario(const Scenario& scenario);

std::string scenarioToJson(const Scenario& scenario, int indent = 2);
// Throws ScenarioError naming the field ("scenario.workload.bytes: must be ...").
Scenario scenarioFromJson(const std::string& text);
// Throws ScenarioError prefixed with the path ("FILE: scenario.tasks: ...").
Scenario loadScenarioFile(const std::string& path);
void saveScenarioFile(const Scenario& scenario, const std::string& path);

struct Preset
{
    std::string name;
    std::string summary;
    Scenario scenario;
};

const std::vector<Preset>& presets();
// nullopt when there is no preset of that name.
std::optional<Scenario> presetScenario(const std::string& name);

} // namespace poolscope
