// poolscope-cli compare and sweep: the same scenario serially and on both pools, medians of
// repeated rounds, speedups against serial.

#include "app/cli/commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace poolscope::cli {

using nlohmann::json;

namespace {

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

} // namespace

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

} // namespace poolscope::cli
