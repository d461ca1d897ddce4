// The CLI's run path: runScenario() (what `poolscope-cli run` calls) on the thread pool, 2 workers,
// noop tasks, GIL off, recording into a Recorder with a progress counter exactly as the CLI sets it
// up, against the same run with --no-record. On and off alternate in one process, so drift on a
// shared VM hits both alike. Target: recording costs <= 10% of the summary's tasks/s.
#include "bench/benchcommon.h"
#include "core/events/recorder.h"
#include "core/run/runner.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace poolscope;

namespace {
using poolscope::bench::median;

// `poolscope-cli run --pool thread --workers 2 --tasks N --workload noop --gil off [--no-record]`
// up to its summary's tasks/s (runcommand.cpp builds the same options).
double runOnce(std::int64_t tasks, bool record)
{
    Scenario s;
    s.pool = "thread";
    s.workers = 2;
    s.tasks = tasks;
    s.workload.name = "noop";
    s.gil = false;
    auto recorder = std::make_shared<Recorder>();
    std::atomic<std::int64_t> progress{0};
    RunOptions o;
    o.record = record;
    if (record)
        o.sink = recorder;
    o.progress = &progress;
    const RunSummary sum = runScenario(s, o);
    if (sum.completed != tasks || !sum.errorType.empty())
        throw std::runtime_error("the run completed " + std::to_string(sum.completed) + " of " +
                                 std::to_string(tasks) + " tasks: " + sum.errorMessage);
    return sum.tasksPerS;
}

// Instructions per task of the whole run (callgrind; two task counts, so start-up cancels out).
std::optional<double> instructionsPerTask(const char* self, bool record)
{
    const auto count = [&](int tasks) -> std::optional<double> {
        const auto n =
            bench::callgrindCount(self, std::string(record ? "on " : "off ") + std::to_string(tasks));
        if (!n)
            return std::nullopt;
        return n->parent;
    };
    const auto small = count(1000), large = count(11000);
    if (!small || !large)
        return std::nullopt;
    return (*large - *small) / 10000.0;
}
} // namespace

int main(int argc, char** argv)
try {
    // --once on|off N: one run, for callgrind to count.
    if (argc == 4 && std::strcmp(argv[1], "--once") == 0) {
        runOnce(std::atoll(argv[3]), std::strcmp(argv[2], "on") == 0);
        return 0;
    }
    const std::int64_t tasks =
        poolscope::bench::sizeArgument(argc, argv, "[TASKS] (default 200000)", 200000, 10, 100'000'000);
    const int repeats = 7;
    runOnce(tasks / 10, true); // warm the allocator and the threads' code paths
    runOnce(tasks / 10, false);
    std::vector<double> on, off, ratios;
    for (int i = 0; i < repeats; ++i) {
        on.push_back(runOnce(tasks, true));
        off.push_back(runOnce(tasks, false));
        ratios.push_back(on.back() / off.back());
    }
    const double ratio = median(ratios);
    std::printf(
        "runScenario (poolscope-cli run), thread pool, 2 workers, %lld noop tasks, GIL off, median of %d "
        "(on and off alternate)\n",
        static_cast<long long>(tasks), repeats);
    std::printf("recording on  %12.0f tasks/s\nrecording off %12.0f tasks/s\n", median(on), median(off));
    std::printf("on / off (median of the paired runs) %.3f: recording costs %.1f%%\n", ratio,
                (1.0 - ratio) * 100);

    std::printf("\ninstructions per task (callgrind; 11,000 minus 1,000 tasks)\n");
    const auto ion = instructionsPerTask(argv[0], true);
    const auto ioff = instructionsPerTask(argv[0], false);
    if (!ion || !ioff) {
        std::printf("valgrind unavailable\n");
        return 0;
    }
    std::printf("on %8.0f   off %8.0f   recording adds %.1f%%\n", *ion, *ioff, (*ion / *ioff - 1.0) * 100);
    return 0;
}
// Whatever a command did not handle still ends in one line and a failure status, not std::terminate.
catch (const std::exception& e) {
    std::fprintf(stderr, "bench_runpath: %s\n", e.what());
    return 1;
}
