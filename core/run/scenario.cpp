#include "core/run/scenario.h"

#include "core/run/inputfile.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace poolscope {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& field, const std::string& why)
{
    throw ScenarioError("scenario." + field + ": " + why);
}

std::string join(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

bool contains(const std::vector<std::string>& items, const std::string& v)
{
    return std::find(items.begin(), items.end(), v) != items.end();
}

std::string choice(const json& j, const char* field, const std::vector<std::string>& allowed)
{
    const auto& v = j.at(field);
    if (!v.is_string())
        bad(field, "must be a string (one of " + join(allowed) + "), got " + std::string(v.type_name()));
    std::string s = v.get<std::string>();
    if (!contains(allowed, s))
        bad(field, "'" + s + "' is not one of " + join(allowed));
    return s;
}

std::int64_t integer(const json& j, const char* field, std::int64_t min, std::int64_t max)
{
    const auto& v = j.at(field);
    if (!v.is_number_integer())
        bad(field, "must be a whole number, got " + (v.is_number() ? v.dump() : std::string(v.type_name())));
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max))
        bad(field, v.dump() + " is out of range (" + std::to_string(min) + ".." + std::to_string(max) + ")");
    const std::int64_t i = v.get<std::int64_t>();
    if (i < min || i > max)
        bad(field, v.dump() + " is out of range (" + std::to_string(min) + ".." + std::to_string(max) + ")");
    return i;
}

double number(const json& j, const char* field, double min, double max)
{
    const auto& v = j.at(field);
    if (!v.is_number())
        bad(field, "must be a number, got " + std::string(v.type_name()));
    const double d = v.get<double>();
    if (!(d >= min && d <= max))
        bad(field, v.dump() + " is out of range (" + json(min).dump() + ".." + json(max).dump() + ")");
    return d;
}

// Futures, work items and callbacks per task, measured: a million noop tasks on the thread
// pool without recording peaked at 362 MB.
constexpr std::int64_t kTaskBookkeepingBytes = 400;

std::string sizeText(std::int64_t bytes)
{
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    auto v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

// Refuses, before anything runs, a scenario whose tasks cannot fit in this machine's memory:
// one task alone, the tasks that run at once, and what the futures keep until the end. Half
// of the memory is the budget, the rest is left to the system and the recorder.
void checkMemory(const Scenario& s)
{
    const WorkloadSpec& w = s.workload;
    if (s.tasks <= 0)
        return;
    const std::int64_t machine = machineMemoryBytes();
    const std::int64_t budget = machine / 2;
    const std::string of = ", more than half of this machine's " + sizeText(machine) + " of memory";
    struct Kind
    {
        WorkloadMemory m;
        std::int64_t input;
        std::int64_t count;
    };
    // Inputs are cycled; every other parameter is the same for every task.
    const std::int64_t kinds =
        w.inputs.empty() ? 1 : std::min<std::int64_t>(static_cast<std::int64_t>(w.inputs.size()), s.tasks);
    std::vector<Kind> rows;
    for (std::int64_t k = 0; k < kinds; ++k)
        rows.push_back(
            {workloadMemory(w, k), workloadInput(w, k), s.tasks / kinds + (k < s.tasks % kinds ? 1 : 0)});
    std::sort(rows.begin(), rows.end(),
              [](const Kind& a, const Kind& b) { return a.m.peakBytes > b.m.peakBytes; });
    const Kind& worst = rows.front();
    const std::string what = w.name == "factorial" ? std::to_string(worst.input) + "!" : "one task";
    const std::string field = "workload." + (worst.m.field.empty() ? std::string("name") : worst.m.field);
    if (worst.m.peakBytes > budget)
        bad(field, what + " needs about " + sizeText(worst.m.peakBytes) + " while it runs" + of);
    const std::int64_t atOnce = s.pool == "serial" ? 1 : std::min<std::int64_t>(s.workers, s.tasks);
    std::int64_t peak = 0, left = atOnce;
    for (const Kind& k : rows) {
        const std::int64_t n = std::min(left, k.count);
        peak += n * k.m.peakBytes;
        left -= n;
        if (left == 0)
            break;
    }
    if (peak > budget)
        bad(field, std::to_string(atOnce) + " tasks at once (" + what + " the largest) need about " +
                       sizeText(peak) + " while they run" + of);
    std::int64_t kept = s.tasks * kTaskBookkeepingBytes;
    for (const Kind& k : rows)
        kept += k.count * k.m.resultBytes;
    if (kept + peak > budget)
        bad("tasks",
            std::to_string(s.tasks) + " tasks need about " + sizeText(kept + peak) +
                " (futures, work items and results kept until the run ends, and what the running tasks use)" +
                of);
}

json workloadJson(const WorkloadSpec& w)
{
    // The spec's own JSON minus what a run fills in (port, temp dir, argument bytes).
    json j = json::parse(workloadSpecToJson(w));
    j.erase("http_port");
    j.erase("dir");
    j.erase("payload_arg");
    return j;
}

} // namespace

const std::vector<std::string>& poolNames()
{
    static const std::vector<std::string> names = {"thread", "process", "serial"};
    return names;
}

const std::vector<std::string>& submitStyles()
{
    static const std::vector<std::string> names = {"submit", "as_completed", "wait", "map"};
    return names;
}

const std::vector<std::string>& onTimeoutActions()
{
    static const std::vector<std::string> names = {"wait", "cancel", "terminate", "kill"};
    return names;
}

void validateScenario(const Scenario& s)
{
    if (!contains(poolNames(), s.pool))
        bad("pool", "'" + s.pool + "' is not one of " + join(poolNames()));
    if (s.workers < 1 || s.workers > 1024)
        bad("workers", std::to_string(s.workers) + " is out of range (1..1024)");
    if (s.tasks < 0 || s.tasks > 100'000'000)
        bad("tasks", std::to_string(s.tasks) + " is out of range (0..100000000)");
    if (!isWorkload(s.workload.name))
        bad("workload.name", "unknown workload '" + s.workload.name + "'");
    try {
        validateWorkloadSpec(s.workload);
    } catch (const std::invalid_argument& e) {
        throw ScenarioError(std::string("scenario.") + e.what());
    }
    if (!contains(submitStyles(), s.submit))
        bad("submit", "'" + s.submit + "' is not one of " + join(submitStyles()));
    if (s.chunksize < 1)
        bad("chunksize", std::to_string(s.chunksize) + " must be >= 1 (ValueError: chunksize must be >= 1.)");
    if (s.chunksize != 1 && s.submit != "map")
        bad("chunksize", "only map() takes a chunksize (submit is '" + s.submit + "')");
    if (s.timeoutS && !(*s.timeoutS >= 0 && *s.timeoutS <= 86'400))
        bad("timeout_s", "out of range (0..86400 seconds, or null for none)");
    if (!(s.switchIntervalMs > 0 && s.switchIntervalMs <= 10'000))
        bad("switch_interval_ms",
            "must be > 0 and <= 10000 (ValueError: switch interval must be strictly positive)");
    if (s.maxTasksPerChild < 0)
        bad("max_tasks_per_child", "must be >= 1, or 0 / null for None");
    if (s.maxTasksPerChild > 0 && s.pool != "process")
        bad("max_tasks_per_child",
            "only the process pool has max_tasks_per_child (pool is '" + s.pool + "')");
    if (s.extraQueuedCalls < 0 || s.extraQueuedCalls > 1'000'000)
        bad("extra_queued_calls", std::to_string(s.extraQueuedCalls) + " is out of range (0..1000000)");
    if (s.killWorkerAfter && s.pool != "process")
        bad("kill_worker_after", "only the process pool's workers can be killed (pool is '" + s.pool + "')");
    if (s.killWorkerAfter && (*s.killWorkerAfter < 0 || *s.killWorkerAfter >= s.tasks))
        bad("kill_worker_after", std::to_string(*s.killWorkerAfter) + " must be >= 0 and less than tasks (" +
                                     std::to_string(s.tasks) + ")");
    if (!contains(onTimeoutActions(), s.onTimeout))
        bad("on_timeout", "'" + s.onTimeout + "' is not one of " + join(onTimeoutActions()));
    if (s.workload.httpPort != 0)
        bad("workload.http_port", "is set by the run, not by a scenario");
    if (!s.workload.dir.empty())
        bad("workload.dir", "is set by the run, not by a scenario");
    checkMemory(s);
}

std::string scenarioToJson(const Scenario& s, int indent)
{
    json j;
    j["format"] = "poolscope-scenario";
    j["version"] = kScenarioFormatVersion;
    j["name"] = s.name;
    j["description"] = s.description;
    j["pool"] = s.pool;
    j["workers"] = s.workers;
    j["tasks"] = s.tasks;
    j["workload"] = workloadJson(s.workload);
    j["submit"] = s.submit;
    j["chunksize"] = s.chunksize;
    j["timeout_s"] = s.timeoutS ? json(*s.timeoutS) : json(nullptr);
    j["gil"] = s.gil;
    j["switch_interval_ms"] = s.switchIntervalMs;
    j["max_tasks_per_child"] = s.maxTasksPerChild > 0 ? json(s.maxTasksPerChild) : json(nullptr);
    j["extra_queued_calls"] = s.extraQueuedCalls;
    j["kill_worker_after"] = s.killWorkerAfter ? json(*s.killWorkerAfter) : json(nullptr);
    j["on_timeout"] = s.onTimeout;
    return j.dump(indent);
}

Scenario scenarioFromJson(const std::string& text)
{
    // Depth, numbers and trailing bytes are checked before a DOM exists: dump() and the
    // checks below recurse, and nlohmann throws out_of_range for a number like 1e400.
    try {
        checkJsonText(text, "scenario");
    } catch (const InputError& e) {
        throw ScenarioError(e.what());
    }
    json j = json::parse(text);
    if (!j.is_object())
        throw ScenarioError("scenario: must be a JSON object, got " + std::string(j.type_name()));
    static const std::vector<std::string> known = {"format",
                                                   "version",
                                                   "name",
                                                   "description",
                                                   "pool",
                                                   "workers",
                                                   "tasks",
                                                   "workload",
                                                   "submit",
                                                   "chunksize",
                                                   "timeout_s",
                                                   "gil",
                                                   "switch_interval_ms",
                                                   "max_tasks_per_child",
                                                   "extra_queued_calls",
                                                   "kill_worker_after",
                                                   "on_timeout"};
    for (const auto& [key, value] : j.items())
        if (!contains(known, key))
            bad(key, "unknown field (known: " + join(known) + ")");
    if (j.contains("format") && (!j["format"].is_string() || j["format"] != "poolscope-scenario"))
        bad("format", "must be \"poolscope-scenario\"");
    if (j.contains("version")) {
        const auto v = integer(j, "version", 0, 1'000'000);
        if (v != kScenarioFormatVersion)
            bad("version", std::to_string(v) + " is not supported (this build reads version " +
                               std::to_string(kScenarioFormatVersion) + ")");
    }
    Scenario s;
    if (j.contains("name")) {
        if (!j["name"].is_string())
            bad("name", "must be a string");
        s.name = j["name"].get<std::string>();
    }
    if (j.contains("description")) {
        if (!j["description"].is_string())
            bad("description", "must be a string");
        s.description = j["description"].get<std::string>();
    }
    if (j.contains("pool"))
        s.pool = choice(j, "pool", poolNames());
    if (j.contains("workers"))
        s.workers = static_cast<int>(integer(j, "workers", 1, 1024));
    if (j.contains("tasks"))
        s.tasks = integer(j, "tasks", 0, 100'000'000);
    if (j.contains("workload")) {
        const auto& w = j["workload"];
        if (w.is_string()) {
            // Shorthand: "workload": "sleep".
            json o{{"name", w}};
            try {
                s.workload = workloadSpecFromJson(o.dump());
            } catch (const std::invalid_argument& e) {
                throw ScenarioError(std::string("scenario.") + e.what());
            }
        } else if (w.is_object()) {
            for (const char* runtime : {"http_port", "dir", "payload_arg"})
                if (w.contains(runtime))
                    bad(std::string("workload.") + runtime, "is set by the run, not by a scenario");
            try {
                s.workload = workloadSpecFromJson(w.dump());
            } catch (const std::invalid_argument& e) {
                throw ScenarioError(std::string("scenario.") + e.what());
            }
        } else {
            bad("workload", R"(must be an object like {"name": "sleep", "task_ms": 10} or a workload name)");
        }
    }
    if (j.contains("submit"))
        s.submit = choice(j, "submit", submitStyles());
    if (j.contains("chunksize"))
        s.chunksize = static_cast<int>(integer(j, "chunksize", -1'000'000, 1'000'000));
    if (j.contains("timeout_s") && !j["timeout_s"].is_null())
        s.timeoutS = number(j, "timeout_s", 0.0, 86'400.0);
    if (j.contains("gil")) {
        const auto& g = j["gil"];
        if (g.is_boolean())
            s.gil = g.get<bool>();
        else if (g.is_string() && (g == "on" || g == "off"))
            s.gil = g == "on";
        else
            bad("gil", R"(must be true/false or "on"/"off")");
    }
    if (j.contains("switch_interval_ms"))
        s.switchIntervalMs = number(j, "switch_interval_ms", 0.0, 10'000.0);
    if (j.contains("max_tasks_per_child") && !j["max_tasks_per_child"].is_null())
        s.maxTasksPerChild = static_cast<int>(integer(j, "max_tasks_per_child", 0, 1'000'000'000));
    if (j.contains("extra_queued_calls"))
        s.extraQueuedCalls = static_cast<int>(integer(j, "extra_queued_calls", 0, 1'000'000));
    if (j.contains("kill_worker_after") && !j["kill_worker_after"].is_null())
        s.killWorkerAfter = integer(j, "kill_worker_after", -1'000'000'000, 100'000'000);
    if (j.contains("on_timeout"))
        s.onTimeout = choice(j, "on_timeout", onTimeoutActions());
    validateScenario(s);
    return s;
}

Scenario loadScenarioFile(const std::string& path)
{
    std::string text;
    try {
        text = readInputFile(path, kMaxScenarioFileBytes);
    } catch (const InputError& e) {
        throw ScenarioError(e.what());
    }
    try {
        return scenarioFromJson(text);
    } catch (const ScenarioError& e) {
        throw ScenarioError(path + ": " + e.what());
    }
}

void saveScenarioFile(const Scenario& scenario, const std::string& path)
{
    validateScenario(scenario);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw ScenarioError(path + ": cannot write the file");
    out << scenarioToJson(scenario) << '\n';
    if (!out)
        throw ScenarioError(path + ": write failed");
}

namespace {

// What every preset sets.
Scenario presetBase(const char* name, const char* description, const char* pool, int workers,
                    std::int64_t tasks, const char* workload, const char* submit)
{
    Scenario s;
    s.name = name;
    s.description = description;
    s.pool = pool;
    s.workers = workers;
    s.tasks = tasks;
    s.workload.name = workload;
    s.submit = submit;
    return s;
}

// Another preset under a new name, to be changed from there.
Scenario variantOf(const Scenario& base, const char* name, const char* description)
{
    Scenario s = base;
    s.name = name;
    s.description = description;
    return s;
}

} // namespace

const std::vector<Preset>& presets()
{
    static const std::vector<Preset> list = [] {
        std::vector<Preset> v;
        auto add = [&v](const Scenario& s, const char* summary) { v.push_back({s.name, summary, s}); };

        // Section 1 of the tutorial: load_url over a ThreadPoolExecutor, as_completed,
        // timeout=len(task_list) * 10. The two remote URLs become two fetches from the
        // run's loopback server, each with a server-side latency standing in for the
        // internet's round trips.
        Scenario io = presetBase(
            "tutorial-io",
            "ThreadPoolExecutor(max_workers=min(2, 5)), executor.submit(load_url, url) for 2 URLs, "
            "as_completed(future_to_url, timeout=2 * 10); URLs served by a loopback HTTP server "
            "with 200 ms latency and 100 kB bodies",
            "thread", 2, 2, "http", "as_completed");
        io.workload.latencyMs = 200;
        io.workload.bytes = 100'000;
        io.timeoutS = 2 * 10.0;
        add(io, "thread pool + as_completed fetching 2 URLs, timeout len(tasks)*10 s");

        // Section 2: compute_factorial over a ProcessPoolExecutor with map(...,
        // timeout=len(task_list) * 1). 104395303! takes about a minute, so the timeout
        // fires while one worker still computes; the run then terminates the workers.
        Scenario cpu =
            presetBase("tutorial-cpu",
                       "ProcessPoolExecutor(max_workers=min(3, 5)), executor.map(compute_factorial, "
                       "[1297337, 1116281, 104395303], timeout=3 * 1); the third factorial outlives the "
                       "timeout, TimeoutError reaches the caller, then the workers are terminated",
                       "process", 3, 3, "factorial", "map");
        cpu.workload.inputs = {1297337, 1116281, 104395303};
        cpu.timeoutS = 3 * 1.0;
        cpu.onTimeout = "terminate";
        add(cpu, "process pool + map computing 3 factorials, timeout len(tasks)*1 s (fires)");

        // Section 3: mixed tasks, for which the tutorial recommends the process pool
        // and warns that the CPU used stays below the pool's concurrency.
        Scenario mixed =
            presetBase("tutorial-mixed",
                       "ProcessPoolExecutor(max_workers=min(10, 5)) over 10 tasks that each fetch a URL "
                       "(200 ms latency) and then compute for 200 ms of CPU; CPU utilization stays "
                       "below the 5 workers",
                       "process", 5, 10, "mixed", "as_completed");
        mixed.workload.ioMs = 200;
        mixed.workload.cpuMs = 200;
        mixed.timeoutS = 10 * 10.0;
        add(mixed, "process pool + as_completed, I/O then CPU in each task");

        // Scaled-down variants that finish in about a second, for class.
        Scenario ioClass = variantOf(io, "tutorial-io-class",
                                     "tutorial-io with 10 URLs and 5 threads (min(10, 5)), 50 ms latency");
        ioClass.workers = 5;
        ioClass.tasks = 10;
        ioClass.workload.latencyMs = 50;
        ioClass.workload.bytes = 16'000;
        ioClass.timeoutS = 10 * 10.0;
        add(ioClass, "tutorial-io scaled: 10 URLs, 5 threads, 50 ms latency");

        Scenario ioTimeout =
            variantOf(io, "tutorial-io-timeout",
                      "tutorial-io where the server is slower than the timeout: as_completed raises "
                      "TimeoutError('2 (of 2) futures unfinished'), then the with-block waits");
        ioTimeout.workload.latencyMs = 400;
        ioTimeout.timeoutS = 0.2;
        ioTimeout.onTimeout = "wait";
        add(ioTimeout, "tutorial-io with a 0.2 s timeout that fires");

        Scenario cpuClass =
            variantOf(cpu, "tutorial-cpu-class",
                      "tutorial-cpu scaled down: factorials of 200000, 150000 and 30000000 with "
                      "timeout=3 * 0.2; the third outlives it and its worker is terminated");
        cpuClass.workload.inputs = {200000, 150000, 30000000};
        cpuClass.timeoutS = 3 * 0.2;
        add(cpuClass, "tutorial-cpu scaled: the timeout still fires, in under a second");

        Scenario cpuThread =
            variantOf(cpuClass, "tutorial-cpu-thread",
                      "the tutorial-cpu work on a ThreadPoolExecutor with the GIL: factorials of "
                      "300000, 200000 and 250000 take turns on one lock, so threads do not help");
        cpuThread.pool = "thread";
        cpuThread.workload.inputs = {300000, 200000, 250000};
        cpuThread.timeoutS.reset();
        add(cpuThread, "factorials on threads under the GIL: no speedup");

        Scenario mixedClass =
            variantOf(mixed, "tutorial-mixed-class",
                      "tutorial-mixed scaled: 6 tasks of 40 ms I/O + 40 ms CPU on 3 processes");
        mixedClass.workers = 3;
        mixedClass.tasks = 6;
        mixedClass.workload.ioMs = 40;
        mixedClass.workload.cpuMs = 40;
        mixedClass.timeoutS = 6 * 10.0;
        add(mixedClass, "tutorial-mixed scaled: 6 tasks, 3 processes");

        Scenario gil =
            presetBase("gil-contention",
                       "4 pure-Python CPU loops of 50 ms on 2 threads with the GIL: the lock changes hands "
                       "every 5 ms switch interval and the run takes as long as serial",
                       "thread", 2, 4, "spin", "as_completed");
        gil.workload.taskMs = 50;
        add(gil, "CPU loops on 2 threads with the GIL (token passing every 5 ms)");

        Scenario freeThreaded =
            variantOf(gil, "gil-free",
                      "gil-contention without the GIL (free-threaded Python, PEP 703): both "
                      "threads compute at once");
        freeThreaded.gil = false;
        add(freeThreaded, "the same CPU loops free-threaded (--gil off)");

        // The tutorial's three comparisons, for poolscope-cli compare / sweep and the window's
        // compare and sweep views. The CPU work is sized by time (target_ms), so that the lesson
        // holds on a fast machine as on a slow one, and each finishes in a few seconds on 2 cores.
        Scenario cmpIo = presetBase(
            "compare-io",
            "I/O-bound: 16 fetches from the loopback server with 50 ms latency on 8 workers; "
            "waiting releases the GIL, so threads overlap the waits and win (no processes to start)",
            "thread", 8, 16, "http", "as_completed");
        cmpIo.workload.latencyMs = 50;
        add(cmpIo, "compare: I/O work, threads win (16 fetches of 50 ms, 8 workers)");

        Scenario cmpCpu = presetBase(
            "compare-cpu",
            "CPU-bound: 8 math.factorial calls of about 100 ms each on 2 workers; under the GIL the "
            "threads take turns (about 1x serial), processes compute on both cores",
            "process", 2, 8, "factorial", "submit");
        cmpCpu.workload.targetMs = 100;
        add(cmpCpu, "compare: CPU work, processes win, GIL threads do not speed up");

        Scenario cmpMixed =
            presetBase("compare-mixed",
                       "mixed: 16 tasks of 50 ms I/O then 50 ms CPU on 8 workers; processes win, and the CPU "
                       "saturates at cores x (1 + 50/50) workers, before the 8 workers do",
                       "process", 8, 16, "mixed", "as_completed");
        cmpMixed.workload.ioMs = 50;
        cmpMixed.workload.cpuMs = 50;
        add(cmpMixed, "compare: mixed work, processes win, the CPU saturates before the workers");
        return v;
    }();
    return list;
}

std::optional<Scenario> presetScenario(const std::string& name)
{
    for (const auto& p : presets())
        if (p.name == name)
            return p.scenario;
    return std::nullopt;
}

} // namespace poolscope
