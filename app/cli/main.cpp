// poolscope-cli: headless runs of the executors, with a readable summary or JSON.

#include "core/events/recorder.h"
#include "core/futures/future.h"
#include "core/run/csvexport.h"
#include "core/run/runfile.h"
#include "core/run/runner.h"
#include "core/run/scenarioflags.h"
#include "core/run/shutdown.h"
#include "core/run/trace.h"
#include "core/version.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

using namespace poolscope;
using nlohmann::json;

namespace {

constexpr const char* kUsageTemplate = R"(usage: poolscope-cli <command> [flags]

commands:
  run       run one scenario and print a summary (exit 1 if the caller saw an exception)
  compare   run a scenario serially, on the thread pool and on the process pool, one after another
  sweep     speedup against serial for 1..N workers, both pools, beside the ideal line
  presets   list the presets (the tutorial's examples and class-sized variants)
  help      show this text (also --help)
  version   show the version (also --version)

scenario (run, compare, sweep); flags override what --scenario / --preset set:
%SCENARIO%  --save-scenario FILE     write the effective scenario as JSON

run flags:
  --trace FILE             write a Chrome Trace Event JSON (Perfetto) and FILE.pstrace (run file)
  --native-trace FILE      where the run file goes instead (docs/runfile.md)
  --stages-csv FILE        write every task's stages (start, duration) as CSV
  --events-csv FILE        write the event log as CSV
  --no-record              do not record events (measures the bare executor)
  --record-budget-mb MB    memory the recording may use (default 1024); later events are not recorded
  --no-progress            no progress bar on stderr
  --json                   print exactly one JSON object on stdout
%GATE%
exit status: 0 done, 1 the caller saw an exception or the pool broke, 2 bad usage or a bad scenario

compare flags: --repeat N (median of N rounds, default 1), --json
sweep flags:   --workers 1..N (or N), --repeat N (median of N per point), --json
)";

std::string usage()
{
    std::string u = kUsageTemplate;
    u.replace(u.find("%SCENARIO%"), 10, ScenarioFlags::usage());
    u.replace(u.find("%GATE%"), 6, ScenarioFlags::gateUsage());
    return u;
}

std::vector<FlagSpec> with(std::vector<FlagSpec> more)
{
    std::vector<FlagSpec> base = ScenarioFlags::specs();
    base.insert(base.end(), more.begin(), more.end());
    return base;
}

// The scenario a command runs (core/run/scenarioflags.h), saved when asked.
Scenario scenarioFromArgs(const ScenarioFlags& args, bool workersIsRange = false)
{
    ScenarioLimits limits;
    limits.workersFlag = !workersIsRange;
    Scenario s = args.scenario(limits);
    if (args.has("save-scenario"))
        saveScenarioFile(s, args.text("save-scenario", ""));
    return s;
}

// A progress bar on stderr, only when stderr is a terminal.
class ProgressBar
{
public:
    ProgressBar(std::string label, std::int64_t total, bool enabled)
        : m_label(std::move(label)), m_total(total), m_enabled(enabled && ::isatty(STDERR_FILENO) == 1)
    {
        if (m_enabled)
            m_thread = std::thread([this] { loop(); });
    }
    ~ProgressBar() { stop(); }
    std::atomic<std::int64_t>* counter() { return &m_done; }
    void stop()
    {
        if (!m_thread.joinable())
            return;
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cond.notify_one();
        m_thread.join();
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }

private:
    void loop()
    {
        const auto t0 = std::chrono::steady_clock::now();
        std::unique_lock lock(m_mutex);
        while (!m_cond.wait_for(lock, std::chrono::milliseconds(100), [this] { return m_stop; })) {
            const std::int64_t done = std::min(m_done.load(), m_total);
            const double frac = m_total > 0 ? static_cast<double>(done) / static_cast<double>(m_total) : 1.0;
            const int width = 30;
            const int filled = static_cast<int>(frac * width);
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::fprintf(stderr, "\r%s [%.*s%*s] %lld/%lld %.1fs", m_label.c_str(), filled,
                         "##############################", width - filled, "", static_cast<long long>(done),
                         static_cast<long long>(m_total), secs);
            std::fflush(stderr);
        }
    }

    std::string m_label;
    std::int64_t m_total;
    bool m_enabled;
    std::atomic<std::int64_t> m_done{0};
    std::mutex m_mutex;
    std::condition_variable m_cond;
    bool m_stop = false;
    std::thread m_thread;
};

json errorJson(const RunSummary& s)
{
    return s.errorType.empty() ? json(nullptr) : json{{"type", s.errorType}, {"message", s.errorMessage}};
}

json gilJson(const RunSummary& s)
{
    if (!s.gilOn)
        return json(nullptr);
    return {{"switches", s.gil.switches},
            {"drop_requests", s.gil.dropRequests},
            {"forced_drops", s.gil.forcedDrops},
            {"contended_acquisitions", s.gil.contended},
            {"wait_s", static_cast<double>(s.gil.waitNs) / 1e9},
            {"max_wait_ms", static_cast<double>(s.gil.maxWaitNs) / 1e6},
            {"held_s", static_cast<double>(s.gil.heldNs) / 1e9}};
}

json afterTimeoutJson(const RunSummary& s)
{
    if (!s.afterTimeout)
        return json(nullptr);
    const auto& a = *s.afterTimeout;
    return {{"requested", a.requested},
            {"action", a.action},
            {"still_running", a.stillRunning},
            {"cost_s", a.costS},
            {"note", a.note}};
}

// Each future's outcome and run time, from the events (run clock): what a run held at its gate
// must end with exactly as at real speed.
nlohmann::json futuresJson(const std::vector<Event>& events)
{
    struct Outcome
    {
        int status = -1;
        bool ended = false;
        bool raised = false;
        std::int64_t runNs = -1;
    };
    std::map<std::int64_t, Outcome> byTask;
    for (const Event& e : events) {
        if (e.task < 0)
            continue;
        if (e.kind == EventKind::FutureState)
            byTask[e.task].status = static_cast<int>(e.value2);
        else if (e.kind == EventKind::TaskEnd) {
            Outcome& o = byTask[e.task];
            o.ended = true;
            o.raised = e.value2 != 0;
            o.runNs = e.value;
        }
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [task, o] : byTask) {
        if (o.status < 0)
            continue;
        const auto st = static_cast<FutureStatus>(o.status);
        std::string outcome = "pending";
        if (st == FutureStatus::Running)
            outcome = "running";
        else if (st == FutureStatus::Cancelled || st == FutureStatus::CancelledAndNotified)
            outcome = "cancelled";
        else if (st == FutureStatus::Finished)
            outcome = o.ended && !o.raised ? "finished" : "failed";
        out.push_back({{"task", task},
                       {"outcome", outcome},
                       {"run_ms", o.runNs >= 0 ? nlohmann::json(static_cast<double>(o.runNs) / 1e6)
                                               : nlohmann::json(nullptr)}});
    }
    return out;
}

int runCommand(const std::vector<std::string>& argv)
{
    std::vector<FlagSpec> runFlags = {{"save-scenario"},      {"json", false}, {"no-record", false},
                                      {"no-progress", false}, {"trace"},       {"native-trace"},
                                      {"stages-csv"},         {"events-csv"},  {"record-budget-mb"}};
    runFlags.insert(runFlags.end(), ScenarioFlags::gateSpecs().begin(), ScenarioFlags::gateSpecs().end());
    const ScenarioFlags args(argv, with(runFlags));
    const Scenario sc = scenarioFromArgs(args);
    const bool json = args.has("json");
    const bool record = !args.has("no-record");
    const std::string tracePath = args.text("trace", "");
    std::string nativePath = args.text("native-trace", "");
    if (!tracePath.empty() && nativePath.empty())
        nativePath = tracePath + ".pstrace";
    const std::string stagesPath = args.text("stages-csv", "");
    const std::string eventsCsvPath = args.text("events-csv", "");
    if (!record && (!tracePath.empty() || !nativePath.empty()))
        throw FlagError("--no-record: --trace and --native-trace need the events");
    if (!record && (!stagesPath.empty() || !eventsCsvPath.empty()))
        throw FlagError("--no-record: --stages-csv and --events-csv need the events");

    const GatePlan gatePlan = args.gatePlan();
    if (gatePlan.active() && !record)
        throw FlagError("--no-record: --pause-at, --step-first and --speed hold the run at its events");
    if (gatePlan.active() && sc.pool == "serial")
        throw FlagError("--pool: --pause-at, --step-first and --speed need a thread or process pool");

    const auto budgetMb = args.integer("record-budget-mb", Recorder::kDefaultBudgetBytes >> 20, 1, 1 << 20);
    auto recorder = std::make_shared<Recorder>(static_cast<std::size_t>(budgetMb) << 20);
    RunOptions options;
    options.record = record;
    if (record)
        options.sink = recorder;
    ProgressBar bar(sc.name + " " + sc.pool, sc.tasks, !args.has("no-progress"));
    options.progress = bar.counter();
    options.gate = gatePlan;
    RunSummary s = runScenario(sc, options);
    bar.stop();
    // Over the recorder's budget the run went on and was counted; only the recording stopped.
    const std::uint64_t dropped = record ? recorder->dropped() : 0;
    if (dropped > 0)
        std::fprintf(
            stderr,
            "poolscope-cli: notice: the recording stopped at %zu events, its memory budget of %zu MiB "
            "spent; %llu later events were not recorded (the summary counts them; --record-budget-mb "
            "raises the budget)\n",
            recorder->size(), recorder->budgetBytes() >> 20, static_cast<unsigned long long>(dropped));

    if (!tracePath.empty() || !nativePath.empty()) {
        RunFile run;
        run.meta = currentRunMeta("poolscope-cli", sc.pool);
        run.scenarioJson = scenarioToJson(sc, -1);
        run.events = recorder->events();
        run.outcome = outcomeFromSummary(s, sc.tasks, dropped);
        TraceMeta meta;
        meta.createdBy = run.meta.createdBy;
        meta.scenarioJson = run.scenarioJson;
        try {
            if (!tracePath.empty())
                writeChromeTrace(tracePath, run.events, meta);
            if (!nativePath.empty())
                writeRunFile(nativePath, run);
        } catch (const TraceError& e) {
            std::fprintf(stderr, "poolscope-cli: %s\n", e.what());
            return 1;
        } catch (const RunFileError& e) {
            std::fprintf(stderr, "poolscope-cli: %s\n", e.what());
            return 1;
        }
    }

    for (const auto& [path, stages] : {std::pair{stagesPath, true}, std::pair{eventsCsvPath, false}}) {
        if (path.empty())
            continue;
        const std::vector<Event> events = recorder->events();
        errno = 0;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << (stages ? stagesCsv(events) : eventsCsv(events));
        out.close();
        if (!out) {
            std::fprintf(stderr, "poolscope-cli: %s: cannot write it (%s)\n", path.c_str(),
                         std::strerror(errno));
            return 1;
        }
    }

    if (json) {
        nlohmann::json j;
        j["scenario"] = sc.name;
        j["pool"] = sc.pool;
        j["workers"] = sc.workers;
        j["workload"] = sc.workload.name;
        j["task_ms"] = sc.workload.taskMs;
        j["submit"] = sc.submit;
        j["chunksize"] = sc.chunksize;
        j["timeout_s"] = sc.timeoutS ? nlohmann::json(*sc.timeoutS) : nlohmann::json(nullptr);
        j["gil"] = sc.pool == "thread" ? nlohmann::json(sc.gil ? "on" : "off") : nlohmann::json(nullptr);
        j["tasks"] = sc.tasks;
        j["completed"] = s.completed;
        j["failed"] = s.failed;
        j["cancelled"] = s.cancelled;
        j["unfinished"] = s.unfinished;
        j["wall_s"] = s.wallS;
        j["tasks_per_s"] = s.tasksPerS;
        j["cpu_s"] = s.cpuUserS + s.cpuSysS;
        j["cpu_utilization"] = s.cpuUtilization;
        j["pipe_bytes"] = s.pipeBytes;
        j["result_bytes"] = s.resultBytes;
        j["gil_wait_share"] = s.gilWaitShare;
        j["gil_stats"] = gilJson(s);
        j["recording"] = record;
        j["events_total"] = s.eventsTotal;
        nlohmann::json byKind = nlohmann::json::object();
        for (int k = 0; k < kEventKindCount; ++k)
            if (s.eventsByKind[static_cast<std::size_t>(k)] > 0)
                byKind[std::string(eventKindName(static_cast<EventKind>(k)))] =
                    s.eventsByKind[static_cast<std::size_t>(k)];
        j["events_by_kind"] = byKind;
        j["events_not_recorded"] = dropped;
        j["error"] = errorJson(s);
        j["first_task_error"] =
            s.firstTaskError.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.firstTaskError);
        j["after_timeout"] = afterTimeoutJson(s);
        j["not_taken"] = s.notTaken;
        j["held_s"] = s.heldS;
        if (record)
            j["futures"] = futuresJson(recorder->events());
        j["broken"] = s.broken;
        j["broken_message"] = s.broken ? nlohmann::json(s.brokenMessage) : nlohmann::json(nullptr);
        if (sc.pool == "process") {
            j["extra_queued_calls"] = sc.extraQueuedCalls;
            j["call_queue_size"] = sc.workers + sc.extraQueuedCalls;
            j["max_tasks_per_child"] =
                sc.maxTasksPerChild > 0 ? nlohmann::json(sc.maxTasksPerChild) : nlohmann::json(nullptr);
            j["kill_worker_after"] =
                sc.killWorkerAfter ? nlohmann::json(*sc.killWorkerAfter) : nlohmann::json(nullptr);
            j["killed_pid"] = s.killedPid ? nlohmann::json(s.killedPid) : nlohmann::json(nullptr);
        }
        j["trace"] = tracePath.empty() && nativePath.empty()
                         ? nlohmann::json(nullptr)
                         : nlohmann::json{{"chrome", tracePath.empty() ? nlohmann::json(nullptr)
                                                                       : nlohmann::json(tracePath)},
                                          {"native", nativePath}};
        std::cout << j.dump() << std::endl;
    } else {
        std::printf("scenario    %s\n", sc.name.c_str());
        std::printf("pool        %s (%d workers)%s\n", sc.pool.c_str(), sc.workers,
                    sc.pool == "thread" ? (sc.gil ? ", GIL on" : ", GIL off") : "");
        std::printf("workload    %s x %lld (%s)\n", sc.workload.name.c_str(),
                    static_cast<long long>(sc.tasks), sc.submit.c_str());
        std::printf("completed   %lld   failed %lld   cancelled %lld", static_cast<long long>(s.completed),
                    static_cast<long long>(s.failed), static_cast<long long>(s.cancelled));
        if (s.unfinished > 0)
            std::printf("   unfinished %lld", static_cast<long long>(s.unfinished));
        if (s.notTaken > 0)
            std::printf("   (the caller took %lld of them)", static_cast<long long>(sc.tasks - s.notTaken));
        std::printf("\n");
        std::printf("wall        %.3f s   %.1f tasks/s   CPU %.2f s (%.2f cores busy)\n", s.wallS,
                    s.tasksPerS, s.cpuUserS + s.cpuSysS, s.cpuUtilization);
        if (s.gilOn)
            std::printf(
                "GIL         %lld switches, %lld forced drops, wait share %.1f%%, longest wait %.1f ms\n",
                static_cast<long long>(s.gil.switches), static_cast<long long>(s.gil.forcedDrops),
                s.gilWaitShare * 100, static_cast<double>(s.gil.maxWaitNs) / 1e6);
        if (sc.pool == "process")
            std::printf("pipes       %lld bytes\n", static_cast<long long>(s.pipeBytes));
        std::printf("events      %llu%s\n", static_cast<unsigned long long>(s.eventsTotal),
                    record ? "" : " (recording off)");
        if (s.killedPid)
            std::printf("killed      worker %d after %lld results\n", s.killedPid,
                        static_cast<long long>(sc.killWorkerAfter.value_or(0)));
        if (s.broken)
            std::printf("broken      %s\n", s.brokenMessage.c_str());
        if (!s.errorType.empty())
            std::printf("error       %s%s%s\n", s.errorType.c_str(), s.errorMessage.empty() ? "" : ": ",
                        s.errorMessage.c_str());
        if (s.afterTimeout)
            std::printf("after it    %s (asked: %s), %lld still running, took %.3f s%s%s\n",
                        s.afterTimeout->action.c_str(), s.afterTimeout->requested.c_str(),
                        static_cast<long long>(s.afterTimeout->stillRunning), s.afterTimeout->costS,
                        s.afterTimeout->note.empty() ? "" : "; ", s.afterTimeout->note.c_str());
        if (!tracePath.empty())
            std::printf("trace       %s (Perfetto / chrome://tracing)\n", tracePath.c_str());
        if (!nativePath.empty())
            std::printf("native      %s\n", nativePath.c_str());
    }
    return s.errorType.empty() && !s.broken ? 0 : 1;
}

struct ModeResult
{
    std::string mode;
    std::vector<RunSummary> runs;
    RunSummary median;
};

RunSummary medianOf(std::vector<RunSummary> runs)
{
    std::sort(runs.begin(), runs.end(),
              [](const RunSummary& a, const RunSummary& b) { return a.wallS < b.wallS; });
    return runs[runs.size() / 2];
}

json modeJson(const ModeResult& m, double serialWall, const Scenario& sc)
{
    const RunSummary& s = m.median;
    json j{{"wall_s", s.wallS},
           {"tasks_per_s", s.tasksPerS},
           {"speedup", s.wallS > 0 ? serialWall / s.wallS : 0.0},
           {"cpu_utilization", s.cpuUtilization},
           {"pipe_bytes", s.pipeBytes},
           {"gil_wait_share", s.gilWaitShare},
           {"completed", s.completed},
           {"error", errorJson(s)}};
    if (m.mode == "thread")
        j["gil"] = sc.gil ? "on" : "off";
    if (m.runs.size() > 1) {
        json walls = json::array();
        for (const auto& r : m.runs)
            walls.push_back(r.wallS);
        j["wall_s_each"] = walls;
    }
    return j;
}

RunSummary runMode(const Scenario& base, const std::string& mode, int workers)
{
    Scenario s = base;
    s.pool = mode;
    s.workers = workers;
    if (mode != "process") {
        s.maxTasksPerChild = 0;
        s.killWorkerAfter.reset();
    }
    RunOptions o;
    o.record = true; // counts only: pipe bytes and the GIL need no recorder
    return runScenario(s, o);
}

int compareCommand(const std::vector<std::string>& argv)
{
    const ScenarioFlags args(argv, with({{"save-scenario"}, {"json", false}, {"repeat"}}));
    const Scenario sc = scenarioFromArgs(args);
    const int repeat = static_cast<int>(args.integer("repeat", 1, 1, 100));
    std::vector<ModeResult> modes;
    for (const char* mode : {"serial", "thread", "process"})
        modes.emplace_back().mode = mode;
    // Rounds run the three modes one after another so they never share the cores.
    for (int r = 0; r < repeat; ++r) {
        for (auto& m : modes)
            m.runs.push_back(runMode(sc, m.mode, sc.workers));
    }
    for (auto& m : modes)
        m.median = medianOf(m.runs);
    const double serialWall = modes[0].median.wallS;
    int rc = 0;
    for (const auto& m : modes)
        if (!m.median.errorType.empty())
            rc = 1;
    if (args.has("json")) {
        json j;
        j["scenario"] = json::parse(scenarioToJson(sc, -1));
        j["repeat"] = repeat;
        j["cores"] = std::thread::hardware_concurrency();
        for (const auto& m : modes)
            j[m.mode] = modeJson(m, serialWall, sc);
        std::cout << j.dump() << std::endl;
        return rc;
    }
    std::printf("%s: %s x %lld, %d workers, %s%s\n", sc.name.c_str(), sc.workload.name.c_str(),
                static_cast<long long>(sc.tasks), sc.workers, sc.submit.c_str(),
                repeat > 1 ? (", median of " + std::to_string(repeat)).c_str() : "");
    std::printf("%-8s %9s %10s %8s %9s %12s %9s\n", "mode", "wall_s", "tasks/s", "speedup", "cpu_util",
                "pipe_bytes", "gil_wait");
    for (const auto& m : modes) {
        const RunSummary& s = m.median;
        std::printf("%-8s %9.3f %10.1f %7.2fx %9.2f %12lld %8.1f%%%s%s\n",
                    (m.mode == "thread" ? (sc.gil ? "thread" : "thread*") : m.mode.c_str()), s.wallS,
                    s.tasksPerS, s.wallS > 0 ? serialWall / s.wallS : 0.0, s.cpuUtilization,
                    static_cast<long long>(s.pipeBytes), s.gilWaitShare * 100,
                    s.errorType.empty() ? "" : "  error: ", s.errorType.empty() ? "" : s.errorType.c_str());
    }
    if (!sc.gil)
        std::printf("(thread* = --gil off, free-threaded)\n");
    return rc;
}

std::pair<int, int> parseRange(const std::string& text)
{
    auto number = [&](const std::string& t) {
        char* end = nullptr;
        const long v = std::strtol(t.c_str(), &end, 10);
        if (t.empty() || *end != '\0' || v < 1 || v > 1024)
            throw FlagError("--workers: must be N or A..B with 1 <= A <= B <= 1024, got '" + text + "'");
        return static_cast<int>(v);
    };
    const auto dots = text.find("..");
    if (dots == std::string::npos)
        return {1, number(text)};
    const int a = number(text.substr(0, dots));
    const int b = number(text.substr(dots + 2));
    if (a > b)
        throw FlagError("--workers: must be N or A..B with 1 <= A <= B <= 1024, got '" + text + "'");
    return {a, b};
}

int sweepCommand(const std::vector<std::string>& argv)
{
    const ScenarioFlags args(argv, with({{"save-scenario"}, {"json", false}, {"repeat"}}));
    const auto [lo, hi] = parseRange(args.text("workers", "1..4"));
    const Scenario sc = scenarioFromArgs(args, true);
    const int repeat = static_cast<int>(args.integer("repeat", 1, 1, 100));
    // Each point is the median of `repeat` runs (the machine is shared and noisy).
    auto medianRun = [&](const char* mode, int workers) {
        std::vector<RunSummary> runs;
        runs.reserve(static_cast<std::size_t>(repeat));
        for (int r = 0; r < repeat; ++r)
            runs.push_back(runMode(sc, mode, workers));
        return medianOf(runs);
    };
    const RunSummary serial = medianRun("serial", 1);
    json points = json::array();
    if (!args.has("json")) {
        std::printf("%s: %s x %lld, serial %.3f s\n", sc.name.c_str(), sc.workload.name.c_str(),
                    static_cast<long long>(sc.tasks), serial.wallS);
        std::printf("%7s %7s %15s %15s\n", "workers", "ideal", sc.gil ? "thread (GIL)" : "thread (no GIL)",
                    "process");
    }
    for (int w = lo; w <= hi; ++w) {
        json p{{"workers", w}, {"ideal", static_cast<double>(w)}};
        std::string cells[2];
        int col = 0;
        for (const char* mode : {"thread", "process"}) {
            const RunSummary s = medianRun(mode, w);
            const double speedup = s.wallS > 0 ? serial.wallS / s.wallS : 0.0;
            p[mode] = {{"wall_s", s.wallS}, {"speedup", speedup}, {"error", errorJson(s)}};
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.2fx", speedup);
            cells[col++] = buf;
        }
        if (!args.has("json")) {
            std::printf("%7d %6.2fx %15s %15s\n", w, static_cast<double>(w), cells[0].c_str(),
                        cells[1].c_str());
        }
        points.push_back(p);
    }
    if (args.has("json")) {
        json j{{"scenario", json::parse(scenarioToJson(sc, -1))},
               {"serial_wall_s", serial.wallS},
               {"cores", std::thread::hardware_concurrency()},
               {"points", points}};
        std::cout << j.dump() << std::endl;
        return 0;
    }
    // The curve: one row per worker count, '|' the ideal, T thread, P process (8 columns per 1x).
    std::printf("\nspeedup  0");
    for (int x = 1; x <= hi; ++x)
        std::printf("%8d", x);
    std::printf("\n");
    for (const auto& p : points) {
        const int cols = hi * 8 + 1;
        std::string line(static_cast<std::size_t>(cols), ' ');
        auto mark = [&](double speedup, char c) {
            const int at = std::clamp(static_cast<int>(std::lround(speedup * 8)), 0, cols - 1);
            line[static_cast<std::size_t>(at)] = line[static_cast<std::size_t>(at)] == ' ' ? c : '*';
        };
        mark(p["ideal"].get<double>(), '|');
        for (const auto& [mode, c] : {std::pair{"thread", 'T'}, std::pair{"process", 'P'}})
            if (p[mode].contains("speedup"))
                mark(p[mode]["speedup"].get<double>(), c);
        std::printf("w=%-5d  %s\n", p["workers"].get<int>(), line.c_str());
    }
    std::printf("(| ideal = workers, T thread pool, P process pool, * overlap; %u cores)\n",
                std::thread::hardware_concurrency());
    return 0;
}

int presetsCommand(const std::vector<std::string>& argv)
{
    const ScenarioFlags args(argv, {{"json", false}});
    if (args.has("json")) {
        json list = json::array();
        for (const auto& p : presets())
            list.push_back({{"name", p.name},
                            {"summary", p.summary},
                            {"scenario", json::parse(scenarioToJson(p.scenario, -1))}});
        std::cout << list.dump() << std::endl;
        return 0;
    }
    for (const auto& p : presets())
        std::printf("%-22s %s\n", p.name.c_str(), p.summary.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
try {
    // SIGTERM / SIGINT / SIGHUP: the run's worker processes are killed and reaped and the exit
    // status is 128 + the signal (the file workload's files have no name, nothing else is left).
    onTerminationSignal([](int sig) {
        std::fprintf(stderr, "\npoolscope-cli: %s: the run was stopped\n", sigdescr_np(sig));
        exitAfterSignal(sig);
    });
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
        std::fputs(usage().c_str(), words.empty() ? stderr : stdout);
        return words.empty() ? 2 : 0;
    }
    if (words[0] == "version" || words[0] == "--version") {
        std::printf("poolscope-cli %s\n", kVersion);
        return 0;
    }
    const std::string command = words[0];
    words.erase(words.begin());
    try {
        if (command == "run")
            return runCommand(words);
        if (command == "compare")
            return compareCommand(words);
        if (command == "sweep")
            return sweepCommand(words);
        if (command == "presets")
            return presetsCommand(words);
        throw FlagError("unknown command '" + command + "' (see 'poolscope-cli help')");
    } catch (const FlagError& e) {
        std::fprintf(stderr, "poolscope-cli: %s\n", e.what()); // one line, as docs/cli.md promises
        return 2;
    } catch (const ScenarioError& e) {
        std::fprintf(stderr, "poolscope-cli: %s\n", e.what());
        return 2;
    }
}
// Whatever a command did not handle still ends in one line and a failure status, not std::terminate.
catch (const std::exception& e) {
    std::fprintf(stderr, "poolscope-cli: %s\n", e.what());
    return 1;
}
