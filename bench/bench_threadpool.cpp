// Thread-pool throughput: submit+result and map on a noop task, 2 workers, recording on and off,
// beside CPython's ThreadPoolExecutor measured in the same run. Prints ratios; targets are
// >= 30x CPython with recording on, and recording costing <= 30% of throughput.
#include "benchcommon.h"
#include "recorder.h"
#include "threadpoolexecutor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
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

double measure(int tasks, int repeats, bool record, bool useMap)
{
    std::vector<double> rates;
    runOnce(tasks / 10, record, useMap); // warm the allocator and the threads' code paths
    for (int i = 0; i < repeats; ++i)
        rates.push_back(runOnce(tasks, record, useMap));
    return median(rates);
}

nlohmann::json cpython(int tasks, const std::string& python)
{
    return poolscope::bench::runPythonJson(python, POOLSCOPE_BENCH_DIR "/cpython_threadpool.py", std::to_string(tasks) + " 2 5");
}
} // namespace

int main(int argc, char** argv)
{
    const int tasks = argc > 1 ? std::atoi(argv[1]) : 20000;
    const char* py = std::getenv("POOLSCOPE_PYTHON");
    const std::string python = py ? py : "python3";
    const int repeats = 7;

    const double submitOn = measure(tasks, repeats, true, false);
    const double submitOff = measure(tasks, repeats, false, false);
    const double mapOn = measure(tasks, repeats, true, true);
    const double mapOff = measure(tasks, repeats, false, true);
    const nlohmann::json cp = cpython(tasks, python);

    std::printf("thread pool, 2 workers, %d noop tasks, median of %d runs\n", tasks, repeats);
    std::printf("%-22s %14s %14s %12s %12s\n", "mode", "recording on", "recording off", "rec. cost",
                "vs CPython");
    const auto row = [&](const char* name, double on, double off, const char* key) {
        const double cost = 1.0 - on / off;
        if (cp.is_object())
            std::printf("%-22s %12.0f/s %12.0f/s %11.1f%% %11.1fx\n", name, on, off, cost * 100,
                        on / cp[key].get<double>());
        else
            std::printf("%-22s %12.0f/s %12.0f/s %11.1f%% %12s\n", name, on, off, cost * 100, "n/a");
    };
    row("submit + result", submitOn, submitOff, "submit");
    row("map", mapOn, mapOff, "map");
    if (cp.is_object())
        std::printf("CPython %s ThreadPoolExecutor: submit %.0f/s, map %.0f/s (same run)\n",
                    cp["python"].get<std::string>().c_str(), cp["submit"].get<double>(),
                    cp["map"].get<double>());
    else
        std::printf("CPython baseline unavailable (%s failed)\n", python.c_str());
    return 0;
}
