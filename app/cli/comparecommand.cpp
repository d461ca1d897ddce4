// poolscope-cli compare and sweep: the printing of core/run/comparison.h's runs (the same
// scenario serially and on both pools, medians of repeated rounds, speedups against serial).

#include "app/cli/commands.h"
#include "core/run/calibration.h"
#include "core/run/comparison.h"
#include "core/run/overheadnote.h"
#include "core/run/runfile.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

namespace poolscope::cli {

using nlohmann::json;

namespace {

// The compare view's notes of a pool's run against the serial run of its work, with the figures they
// state (core/run/overheadnote.h), null where the view shows none: that other programs took the
// cores, or else the overhead per task when it is close to the work per task.
std::pair<json, json> notesJson(const ModeResult& m, const ModeResult* serial)
{
    if (!serial || m.mode == "serial")
        return {nullptr, nullptr};
    const unsigned cores = std::thread::hardware_concurrency();
    if (const std::string busy = busyMachineNote(m.scenario, serial->medianMeasures, m.medianMeasures);
        !busy.empty()) {
        const BusyMachine b = busyMachine(m.scenario, serial->medianMeasures, m.medianMeasures);
        return {json{{"text", busy}, {"serial_cores", b.serialCores}, {"task_cpu_share", b.taskCpuShare}},
                nullptr};
    }
    const double serialWallS = serial->median.wallS;
    const std::string text = overheadNote(m.scenario, serialWallS, m.median.wallS, cores);
    if (text.empty())
        return {nullptr, nullptr};
    const OverheadEstimate e = estimateOverhead(m.scenario, serialWallS, m.median.wallS, cores);
    return {nullptr, json{{"text", text},
                          {"overhead_ms_per_task", e.overheadMsPerTask},
                          {"work_ms_per_task", e.workMsPerTask},
                          {"parallel", e.parallel}}};
}

// Whether other programs took the cores `m`'s CPU-bound work needed, judged against its serial run.
bool busyAgainst(const ModeResult& m, const ModeResult* serial)
{
    return serial && m.mode != "serial" &&
           busyMachine(m.scenario, serial->medianMeasures, m.medianMeasures).busy;
}

// The note line the text output prints under the table for a run, "" for none.
std::string noteLine(const ModeResult& m, const ModeResult* serial)
{
    const auto [busy, overhead] = notesJson(m, serial);
    return !busy.is_null()       ? busy["text"].get<std::string>()
           : !overhead.is_null() ? overhead["text"].get<std::string>()
                                 : std::string();
}

// `serial`: the serial run of the same work, null for none (no notes).
json modeJson(const ModeResult& m, double speedup, const ModeResult* serial)
{
    const RunSummary& s = m.median;
    json j{{"wall_s", s.wallS},         {"tasks_per_s", s.tasksPerS},
           {"speedup", speedup},        {"cpu_utilization", s.cpuUtilization},
           {"pipe_bytes", s.pipeBytes}, {"gil_wait_share", s.gilWaitShare},
           {"completed", s.completed},  {"error", errorJson(s)}};
    // The compare view's table (core/run/runmeasures.h): median ms per task in each stage, null when no
    // task went through it.
    const RunMeasures& mm = m.medianMeasures;
    json stages = json::object();
    for (const TaskStageId id : kMeasuredStages) {
        const auto ms = mm.stageMs(id);
        stages[stageKey(id)] = ms ? json(*ms) : json(nullptr);
    }
    j["stage_median_ms"] = stages;
    j["running_total_s"] = mm.runningTotalS;
    j["overhead_per_task_ms"] = mm.overheadPerTaskMs;
    // The table's GIL row: the median wait of the tasks that waited inside their run, and how many did.
    j["gil_waited_median_ms"] = mm.gilWaitedMedianMs ? json(*mm.gilWaitedMedianMs) : json(nullptr);
    j["gil_waited_tasks"] = mm.gilWaitedTasks;
    const auto [busy, overhead] = notesJson(m, serial);
    j["busy_note"] = busy;
    j["overhead_note"] = overhead;
    if (m.mode == "thread")
        j["gil"] = m.scenario.gil ? "on" : "off";
    if (m.runs.size() > 1) {
        json walls = json::array();
        for (const auto& r : m.runs)
            walls.push_back(r.wallS);
        j["wall_s_each"] = walls;
    }
    return j;
}

std::string runFilePath(const std::string& prefix, const std::string& mode)
{
    return prefix + "-" + mode + kRunFileExtension;
}

// One run of a comparison as a run file: its scenario on its pool, its median run's events.
bool writeModeRunFile(const std::string& path, const ModeResult& m)
{
    RunFile run;
    run.meta = currentRunMeta("poolscope-cli", m.mode);
    run.scenarioJson = scenarioToJson(m.scenario, -1);
    run.events = m.events[m.medianRun];
    run.outcome = outcomeFromSummary(m.median, m.scenario.tasks, m.medianMeasures.eventsNotRecorded);
    try {
        writeRunFile(path, run);
    } catch (const RunFileError& e) {
        std::fprintf(stderr, "poolscope-cli: %s\n", e.what());
        return false;
    }
    return true;
}

// --trace PREFIX: each mode's median run as PREFIX-MODE.pstrace, its scenario on that pool, so
// that `poolscope --compare PREFIX-thread.pstrace PREFIX-process.pstrace` replays the pair.
bool writeRunFiles(const std::string& prefix, const std::vector<ModeResult>& modes)
{
    for (const auto& m : modes)
        if (!writeModeRunFile(runFilePath(prefix, m.mode), m))
            return false;
    return true;
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

// --pair NAME or --against FILE: the scenario against itself across one setting, or against another
// scenario: the window's compare pairs (core/run/comparison.h), each side's speedup against the serial
// run of its own work.
int comparePairCommand(const ScenarioFlags& args, const Scenario& sc, const CompareOptions& options)
{
    const std::string against = args.text("against", "");
    std::string pair = args.text("pair", "");
    if (!pair.empty() && !against.empty())
        throw FlagError("--pair and --against: give one or the other, not both");
    std::pair<Scenario, Scenario> ab;
    if (!against.empty()) {
        pair = "files";
        Scenario b = loadScenarioFile(against); // ScenarioError: "FILE: scenario.FIELD: what is wrong"
        resolveTargetMs(b);
        ab = {sc, std::move(b)};
    } else {
        try {
            ab = comparePair(sc, pair, 1024);
        } catch (const std::invalid_argument& e) {
            throw FlagError(std::string("--pair: ") + e.what());
        }
    }
    const CompareResult result = runCompareSides(pairSides(ab.first, ab.second), options);
    const std::vector<ModeResult>& runs = result.modes;
    const ModeResult& a = runs[runs.size() - 2];
    const ModeResult& b = runs.back();
    const std::vector<ScenarioDifference> diff = scenarioDifferences(a.scenario, b.scenario);
    std::vector<ScenarioDifference> diffB = diff;
    for (ScenarioDifference& d : diffB)
        std::swap(d.a, d.b);
    // Serial runs are named by their work when there are two (the sides do different work).
    auto label = [&](std::size_t i) {
        const ModeResult& m = runs[i];
        if (&m == &a)
            return sideLabel(m.mode, m.scenario, diff);
        if (&m == &b)
            return sideLabel(m.mode, m.scenario, diffB);
        return runs.size() > 3
                   ? "Serial loop, " + m.scenario.workload.name + " x " + std::to_string(m.scenario.tasks)
                   : std::string("Serial loop");
    };
    // The serial run of a side's work (the view's notes are against it), null for a serial run.
    auto serialOf = [&](std::size_t i) -> const ModeResult* {
        for (const ModeResult& m : runs)
            if (&m != &runs[i] && m.mode == "serial" && runs[i].mode != "serial" &&
                sameWork(m.scenario, runs[i].scenario))
                return &m;
        return nullptr;
    };
    const char* names[] = {"serial", "serial-b"};
    auto fileName = [&](std::size_t i) {
        const ModeResult& m = runs[i];
        return runFilePath(args.text("trace", ""), &m == &a   ? "a"
                                                   : &m == &b ? "b"
                                                              : names[std::min<std::size_t>(i, 1)]);
    };
    if (args.has("trace")) {
        for (std::size_t i = 0; i < runs.size(); ++i)
            if (!writeModeRunFile(fileName(i), runs[i]))
                return 1;
    }
    CompareVerdict v = compareVerdict(a.medianMeasures, b.medianMeasures, a.scenario.workload.name);
    v.busy = busyAgainst(a, serialOf(runs.size() - 2)) || busyAgainst(b, serialOf(runs.size() - 1));
    const std::string outcome =
        verdictText(v, v.firstFaster ? label(runs.size() - 2) : label(runs.size() - 1),
                    v.firstFaster ? label(runs.size() - 1) : label(runs.size() - 2));
    int rc = 0;
    for (const auto& m : runs)
        if (!m.median.errorType.empty())
            rc = 1;
    if (args.has("json")) {
        json sides = json::array();
        for (std::size_t i = 0; i < runs.size(); ++i) {
            json j = modeJson(runs[i], runs[i].medianMeasures.speedup, serialOf(i));
            j["label"] = label(i);
            j["mode"] = runs[i].mode;
            j["scenario"] = json::parse(scenarioToJson(runs[i].scenario, -1));
            if (args.has("trace"))
                j["trace"] = fileName(i);
            sides.push_back(j);
        }
        json differences = json::array();
        for (const ScenarioDifference& d : diff)
            differences.push_back({{"key", d.key}, {"a", json::parse(d.a)}, {"b", json::parse(d.b)}});
        std::cout << json{{"pair", pair},
                          {"repeat", options.repeat},
                          {"cores", std::thread::hardware_concurrency()},
                          {"differences", differences},
                          {"sides", sides},
                          {"outcome", outcome}}
                         .dump()
                  << std::endl;
        return rc;
    }
    std::printf("%s: %s, %s x %lld, median of %d\n", sc.name.c_str(), pair.c_str(), sc.workload.name.c_str(),
                static_cast<long long>(sc.tasks), options.repeat);
    std::printf("%-4s %9s %10s %8s %9s %12s %9s  %s\n", "side", "wall_s", "tasks/s", "speedup", "cpu_util",
                "pipe_bytes", "gil_wait", "run");
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunSummary& s = runs[i].median;
        const char* side = &runs[i] == &a ? "A" : &runs[i] == &b ? "B" : "-";
        std::printf("%-4s %9.3f %10.1f %7.2fx %9.2f %12lld %8.1f%%  %s%s%s\n", side, s.wallS, s.tasksPerS,
                    runs[i].medianMeasures.speedup, s.cpuUtilization, static_cast<long long>(s.pipeBytes),
                    s.gilWaitShare * 100, label(i).c_str(),
                    s.errorType.empty() ? "" : "  error: ", s.errorType.c_str());
    }
    // Both sides may be the same pool (the GIL on and off): each note names its side.
    for (const ModeResult* m : {&a, &b})
        if (const std::string note = noteLine(*m, serialOf(static_cast<std::size_t>(m - runs.data())));
            !note.empty())
            std::printf("%s: %s\n", m == &a ? "A" : "B", note.c_str());
    std::printf("%s\n", outcome.c_str());
    if (args.has("trace"))
        for (std::size_t i = 0; i < runs.size(); ++i)
            std::printf("run file %s\n", fileName(i).c_str());
    return rc;
}

} // namespace

int compareCommand(const std::vector<std::string>& argv)
{
    const ScenarioFlags args(
        argv, with({{"save-scenario"}, {"json", false}, {"repeat"}, {"trace"}, {"pair"}, {"against"}}));
    const Scenario sc = scenarioFromArgs(args);
    const int repeat = static_cast<int>(args.integer("repeat", 1, 1, 100));
    const std::string tracePrefix = args.text("trace", "");
    CompareOptions options;
    options.repeat = repeat;
    options.keepEvents = !tracePrefix.empty();
    if ((args.has("pair") && args.text("pair", "") != "pools") || args.has("against"))
        return comparePairCommand(args, sc, options);
    const std::vector<ModeResult> modes = runCompare(sc, options).modes;
    if (!tracePrefix.empty() && !writeRunFiles(tracePrefix, modes))
        return 1;
    CompareVerdict v = compareVerdict(modes[1].medianMeasures, modes[2].medianMeasures, sc.workload.name);
    v.busy = busyAgainst(modes[1], &modes[0]) || busyAgainst(modes[2], &modes[0]);
    const std::string outcome = verdictText(v);
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
            j[m.mode] = modeJson(m, m.median.wallS > 0 ? serialWall / m.median.wallS : 0.0, &modes[0]);
        j["outcome"] = outcome;
        if (!tracePrefix.empty()) {
            json files = json::object();
            for (const auto& m : modes)
                files[m.mode] = runFilePath(tracePrefix, m.mode);
            j["trace"] = files;
        }
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
    for (const auto& m : modes)
        if (const std::string note = noteLine(m, &modes[0]); !note.empty())
            std::printf("%s\n", note.c_str());
    std::printf("%s\n", outcome.c_str());
    for (const auto& m : modes)
        if (!tracePrefix.empty())
            std::printf("run file %s\n", runFilePath(tracePrefix, m.mode).c_str());
    return rc;
}

int sweepCommand(const std::vector<std::string>& argv)
{
    const ScenarioFlags args(argv, with({{"save-scenario"}, {"json", false}, {"repeat"}}));
    const auto [lo, hi] = parseRange(args.text("workers", "1..4"));
    const Scenario sc = scenarioFromArgs(args, true);
    const int repeat = static_cast<int>(args.integer("repeat", 1, 1, 100));
    const unsigned cores = std::thread::hardware_concurrency();
    const std::optional<double> saturation = saturationWorkers(sc, cores);
    // The window's sweep view: the thread pool with the GIL and without it, and the process pool.
    SweepOptions options;
    options.lo = lo;
    options.hi = hi;
    options.repeat = repeat;
    const std::vector<std::string>& modes = options.modes;
    const std::pair<const char*, char> columns[] = {
        {"thread (GIL)", 'T'}, {"thread (no GIL)", 'F'}, {"process", 'P'}}; // in sweepModes()' order
    json points = json::array();
    // Printed as the sweep goes: the header once serial is known, then a row per point.
    options.stepDone = [&](const SweepResult& soFar) {
        if (soFar.points.empty()) {
            if (!args.has("json")) {
                std::printf("%s: %s x %lld, serial %.3f s\n", sc.name.c_str(), sc.workload.name.c_str(),
                            static_cast<long long>(sc.tasks), soFar.serial.wallS);
                std::printf("%7s %7s", "workers", "ideal");
                for (const auto& [title, mark] : columns)
                    std::printf(" %15s", title);
                std::printf("\n");
                std::fflush(stdout);
            }
            return;
        }
        const SweepPoint& sp = soFar.points.back();
        json p{{"workers", sp.workers}, {"ideal", sp.ideal}};
        std::string row;
        for (const std::string& mode : modes) {
            const RunSummary& s = sp.byMode.at(mode);
            const double speedup = sp.speedup.at(mode);
            p[mode] = {{"wall_s", s.wallS}, {"speedup", speedup}, {"error", errorJson(s)}};
            char buf[32];
            std::snprintf(buf, sizeof buf, " %14.2fx", speedup);
            row += buf;
        }
        if (!args.has("json")) {
            std::printf("%7d %6.2fx%s\n", sp.workers, sp.ideal, row.c_str());
            std::fflush(stdout);
        }
        points.push_back(p);
    };
    const SweepResult sweep = runSweep(sc, options);
    const RunSummary& serial = sweep.serial;
    if (args.has("json")) {
        json j{{"scenario", json::parse(scenarioToJson(sc, -1))},
               {"serial_wall_s", serial.wallS},
               {"cores", cores},
               {"cpu_saturates_at", saturation ? json(*saturation) : json(nullptr)},
               {"points", points}};
        std::cout << j.dump() << std::endl;
        return 0;
    }
    // The curve: one row per worker count, '|' the ideal, T / F / P the modes (8 columns per 1x).
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
        for (std::size_t i = 0; i < modes.size(); ++i)
            if (p[modes[i]].contains("speedup"))
                mark(p[modes[i]]["speedup"].get<double>(), columns[i].second);
        std::printf("w=%-5d  %s\n", p["workers"].get<int>(), line.c_str());
    }
    std::printf(
        "(| ideal = workers, T threads with the GIL, F free-threaded, P processes, * overlap; %u cores)\n",
        cores);
    if (saturation)
        std::printf(
            "(mixed work: the CPU saturates at %u x (1 + %g / %g) = %.1f workers; more only wait for a "
            "core)\n",
            cores, sc.workload.ioMs, sc.workload.cpuMs, *saturation);
    return 0;
}

} // namespace poolscope::cli
