// Thread-pool throughput: submit+result and map on a noop task, 2 workers, recording on and off,
// beside CPython's ThreadPoolExecutor measured in the same run. Prints ratios; targets are
// >= 30x CPython with recording on, and recording costing <= 30% of throughput.
#include "bench/benchcommon.h"
#include "core/events/recorder.h"
#include "core/thread/threadpoolexecutor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

using namespace poolscope;

namespace {
using poolscope::bench::median;

double runOnce(int tasks, bool record, bool useMap)
{
    auto recorder = std::make_shared<Recorder>();
    ThreadPoolOptions o;
    o.maxWorkers = 2;
    if (record)
        o.events = std::make_shared<EventStream>(recorder);
    ThreadPoolExecutor pool(o);
    const std::int64_t t0 = nowNs();
    if (useMap) {
        std::vector<int> inputs(static_cast<std::size_t>(tasks));
        for (int i = 0; i < tasks; ++i)
            inputs[static_cast<std::size_t>(i)] = i;
        auto results = pool.map([](int x) { return x; }, inputs);
        while (results.next()) {
        }
    } else {
        std::vector<Future<int>> fs;
        fs.reserve(static_cast<std::size_t>(tasks));
        for (int i = 0; i < tasks; ++i)
            fs.push_back(pool.submit([i] { return i; }));
        for (auto& f : fs)
            f.result();
    }
    const double s = static_cast<double>(nowNs() - t0) / 1e9;
    return tasks / s;
}

struct Pair
{
    double on = 0, off = 0;
};

// Recording on and off alternate, so drift on a shared VM hits both modes alike.
Pair measure(int tasks, int repeats, bool useMap)
{
    std::vector<double> on, off;
    runOnce(tasks / 10, true, useMap); // warm the allocator and the threads' code paths
    runOnce(tasks / 10, false, useMap);
    for (int i = 0; i < repeats; ++i) {
        on.push_back(runOnce(tasks, true, useMap));
        off.push_back(runOnce(tasks, false, useMap));
    }
    return {median(on), median(off)};
}

// Instructions a run executes, counted by callgrind (stable where wall time is not).
// Two task counts, so start-up and teardown cancel out: the result is per task.
std::optional<double> instructionsPerTask(const char* self, bool record, bool useMap)
{
    const auto count = [&](int tasks) -> std::optional<double> {
        const auto n = bench::callgrindCount(self, std::string(record ? "on " : "off ") +
                                                       (useMap ? "map " : "submit ") + std::to_string(tasks));
        if (!n)
            return std::nullopt;
        return n->parent;
    };
    const auto small = count(1000), large = count(11000);
    if (!small || !large)
        return std::nullopt;
    return (*large - *small) / 10000.0;
}

nlohmann::json cpython(int tasks, const std::string& python)
{
    return poolscope::bench::runPythonJson(python, POOLSCOPE_BENCH_DIR "/cpython_threadpool.py",
                                           std::to_string(tasks) + " 2 5");
}
} // namespace

int main(int argc, char** argv)
try {
    // --once on|off submit|map N: one run, for callgrind to count.
    if (argc == 5 && std::strcmp(argv[1], "--once") == 0) {
        runOnce(std::atoi(argv[4]), std::strcmp(argv[2], "on") == 0, std::strcmp(argv[3], "map") == 0);
        return 0;
    }
    const int tasks =
        static_cast<int>(bench::sizeArgument(argc, argv, "[TASKS] (default 20000)", 20000, 1, 10'000'000));
    const char* py = std::getenv("POOLSCOPE_PYTHON");
    const std::string python = py ? py : "python3";
    const int repeats = 9;

    const Pair submit = measure(tasks, repeats, false);
    const Pair map = measure(tasks, repeats, true);
    const nlohmann::json cp = cpython(tasks, python);

    std::printf("thread pool, 2 workers, %d noop tasks, median of %d runs (on and off alternate)\n", tasks,
                repeats);
    std::printf("%-22s %14s %14s %12s %12s\n", "mode", "recording on", "recording off", "rec. cost",
                "vs CPython");
    const auto row = [&](const char* name, const Pair& r, const char* key) {
        const double cost = 1.0 - r.on / r.off;
        if (cp.is_object())
            std::printf("%-22s %12.0f/s %12.0f/s %11.1f%% %11.1fx\n", name, r.on, r.off, cost * 100,
                        r.on / cp[key].get<double>());
        else
            std::printf("%-22s %12.0f/s %12.0f/s %11.1f%% %12s\n", name, r.on, r.off, cost * 100, "n/a");
    };
    row("submit + result", submit, "submit");
    row("map", map, "map");
    if (cp.is_object())
        std::printf("CPython %s ThreadPoolExecutor: submit %.0f/s, map %.0f/s (same run)\n",
                    cp["python"].get<std::string>().c_str(), cp["submit"].get<double>(),
                    cp["map"].get<double>());
    else
        std::printf("CPython baseline unavailable (%s failed)\n", python.c_str());

    // Wall time on 2 shared vCPUs swings by tens of percent from run to run; the
    // instruction count does not. Skipped when valgrind is missing.
    std::printf("\ninstructions per task (callgrind; 11,000 minus 1,000 tasks)\n");
    for (const bool useMap : {false, true}) {
        const auto on = instructionsPerTask(argv[0], true, useMap);
        const auto off = instructionsPerTask(argv[0], false, useMap);
        if (!on || !off) {
            std::printf("%-22s valgrind unavailable\n", useMap ? "map" : "submit + result");
            continue;
        }
        std::printf("%-22s on %8.0f   off %8.0f   recording adds %.1f%%\n",
                    useMap ? "map" : "submit + result", *on, *off, (*on / *off - 1.0) * 100);
    }
    return 0;
}
// Whatever a command did not handle still ends in one line and a failure status, not std::terminate.
catch (const std::exception& e) {
    std::fprintf(stderr, "bench_threadpool: %s\n", e.what());
    return 1;
}
