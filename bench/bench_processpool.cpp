// Process-pool round trips: submit on a trivial task, map with chunksize 1 and 100, with 2
// workers and recording on, beside CPython's ProcessPoolExecutor measured in the same run;
// the raw two-process pipe ping-pong (1 and 3 messages in flight) that bounds them; and
// throughput at extra_queued_calls 1 and 16. Targets: >= 5x CPython for submit, >= 6x for
// map with chunksize 100, submit >= 50% of the 3-in-flight ping-pong. Then callgrind's
// instruction counts of the same paths, the ping-pong's among them, as same-run ratios.
#include "bench/benchcommon.h"
#include "core/events/recorder.h"
#include "core/process/processpoolexecutor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace poolscope;

namespace {

using poolscope::bench::median;

double seconds(std::int64_t t0)
{
    return static_cast<double>(nowNs() - t0) / 1e9;
}

ProcessPoolOptions options(bool record, int extra)
{
    ProcessPoolOptions o;
    o.maxWorkers = 2;
    o.extraQueuedCalls = extra;
    if (record)
        o.events = std::make_shared<EventStream>(std::make_shared<Recorder>());
    return o;
}

// submit(identity_int, i) n times, then result() in order. The workers are forked
// before the clock starts (CPython's script warms its pool the same way).
double submitRate(int n, bool record, int extra = kExtraQueuedCalls)
{
    ProcessPoolExecutor pool(options(record, extra));
    pool.submit<std::int64_t>("identity_int", 0).result();
    const std::int64_t t0 = nowNs();
    std::vector<Future<std::int64_t>> fs;
    fs.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        fs.push_back(pool.submit<std::int64_t>("identity_int", std::int64_t{i}));
    for (auto& f : fs)
        f.result();
    return n / seconds(t0);
}

double mapRate(int n, int chunksize, bool record)
{
    ProcessPoolExecutor pool(options(record, kExtraQueuedCalls));
    pool.submit<std::int64_t>("identity_int", 0).result();
    std::vector<std::int64_t> inputs(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        inputs[static_cast<std::size_t>(i)] = i;
    const std::int64_t t0 = nowNs();
    auto results = pool.map<std::int64_t>("identity_int", inputs, {}, chunksize);
    while (results.next()) {
    }
    return n / seconds(t0);
}

// Instructions one run executes under callgrind, in the parent process and in all
// its forked workers together (bench::callgrindCount). Two task counts, so start-up and teardown cancel out:
// the result is per task.
struct Instructions
{
    double parent = 0;
    double workers = 0;
};
// `what` is a --once mode; `small` and `large` its two counts (tasks, items or round trips).
std::optional<Instructions> instructionsPer(const char* self, const char* what, bool record, int small,
                                            int large)
{
    const auto count = [&](int tasks) -> std::optional<Instructions> {
        const auto n = bench::callgrindCount(self, std::string(what) + " " + std::to_string(tasks) +
                                                       (record ? " on" : " off"));
        if (!n)
            return std::nullopt;
        return Instructions{n->parent, n->children};
    };
    const auto a = count(small), b = count(large);
    if (!a || !b)
        return std::nullopt;
    const double d = large - small;
    return Instructions{(b->parent - a->parent) / d, (b->workers - a->workers) / d};
}

// One run for callgrind to count: N submits (or a map of N items, chunksize `chunksize`) after a warm-up
// task.
void runOnce(int chunksize, int n, bool record)
{
    ProcessPoolExecutor pool(options(record, kExtraQueuedCalls));
    pool.submit<std::int64_t>("identity_int", 0).result();
    if (chunksize > 0) {
        std::vector<std::int64_t> inputs(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i)
            inputs[static_cast<std::size_t>(i)] = i;
        auto results = pool.map<std::int64_t>("identity_int", inputs, {}, chunksize);
        while (results.next()) {
        }
        return;
    }
    std::vector<Future<std::int64_t>> fs;
    fs.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        fs.push_back(pool.submit<std::int64_t>("identity_int", std::int64_t{i}));
    for (auto& f : fs)
        f.result();
}

// Two processes bouncing an 8-byte frame through a pair of pipes, `inFlight` at a time.
double pingPong(int n, int inFlight)
{
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0)
        return 0;
    const pid_t pid = fork();
    if (pid == 0) {
        ::close(down[1]);
        ::close(up[0]);
        char buf[8];
        for (;;) {
            std::size_t got = 0;
            while (got < sizeof buf) {
                const ssize_t r = ::read(down[0], buf + got, sizeof buf - got);
                if (r <= 0)
                    _exit(0);
                got += static_cast<std::size_t>(r);
            }
            if (::write(up[1], buf, sizeof buf) != sizeof buf)
                _exit(1);
        }
    }
    ::close(down[0]);
    ::close(up[1]);
    char msg[8] = {0, 0, 0, 4, 1, 2, 3, 4};
    auto send = [&] { return ::write(down[1], msg, sizeof msg) == sizeof msg; };
    auto receive = [&] {
        char buf[8];
        std::size_t got = 0;
        while (got < sizeof buf) {
            const ssize_t r = ::read(up[0], buf + got, sizeof buf - got);
            if (r <= 0)
                return false;
            got += static_cast<std::size_t>(r);
        }
        return true;
    };
    const std::int64_t t0 = nowNs();
    int sent = 0, done = 0;
    for (; sent < inFlight; ++sent)
        send();
    while (done < n) {
        receive();
        ++done;
        if (sent < n) {
            send();
            ++sent;
        }
    }
    const double rate = n / seconds(t0);
    ::close(down[1]);
    ::close(up[0]);
    waitpid(pid, nullptr, 0);
    return rate;
}

template <class F> double best(int repeats, F f)
{
    std::vector<double> v;
    v.reserve(static_cast<std::size_t>(repeats));
    for (int i = 0; i < repeats; ++i)
        v.push_back(f());
    return median(v);
}

nlohmann::json cpython(int tasks, const std::string& python)
{
    return poolscope::bench::runPythonJson(python, POOLSCOPE_BENCH_DIR "/cpython_processpool.py",
                                           std::to_string(tasks) + " 2 3");
}

} // namespace

int main(int argc, char** argv)
try {
    // --once submit|map|map100|pingpong N on|off: one run, for callgrind to count.
    if (argc == 5 && std::strcmp(argv[1], "--once") == 0) {
        const std::string what = argv[2];
        const int count = std::atoi(argv[3]);
        if (what == "pingpong") {
            pingPong(count, 3);
            return 0;
        }
        if (what != "submit" && what != "map" && what != "map100") {
            std::fprintf(stderr,
                         "bench_processpool: --once: unknown mode '%s' (submit, map, map100, pingpong)\n",
                         what.c_str());
            return 2;
        }
        runOnce(what == "map" ? 1 : what == "map100" ? 100 : 0, count, std::strcmp(argv[4], "on") == 0);
        return 0;
    }
    const int n =
        static_cast<int>(bench::sizeArgument(argc, argv, "[TASKS] (default 20000)", 20000, 1, 10'000'000));
    const char* py = std::getenv("POOLSCOPE_PYTHON");
    const std::string python = py ? py : "python3";
    const int repeats = 5;

    const double ping1 = best(repeats, [&] { return pingPong(n, 1); });
    const double ping3 = best(repeats, [&] { return pingPong(n, 3); });
    const double submitOn = best(repeats, [&] { return submitRate(n, true); });
    const double submitOff = best(repeats, [&] { return submitRate(n, false); });
    const double mapC1 = best(repeats, [&] { return mapRate(n, 1, true); });
    const double mapC100 = best(repeats, [&] { return mapRate(10 * n, 100, true); });
    const double extra16 = best(repeats, [&] { return submitRate(n, true, 16); });
    const nlohmann::json cp = cpython(n, python);

    std::printf("process pool, 2 workers, fork, recording on unless noted, median of %d runs\n", repeats);
    std::printf("raw pipe ping-pong between two processes: %.0f round trips/s (1 in flight), %.0f/s (3 in "
                "flight)\n",
                ping1, ping3);
    std::printf("%-34s %14s %14s %10s %10s\n", "mode", "PoolScope", "CPython", "ratio", "target");
    const auto row = [&](const char* name, double ours, const char* key, const char* target) {
        if (cp.is_object())
            std::printf("%-34s %12.0f/s %12.0f/s %9.1fx %10s\n", name, ours, cp[key].get<double>(),
                        ours / cp[key].get<double>(), target);
        else
            std::printf("%-34s %12.0f/s %14s %10s %10s\n", name, ours, "n/a", "n/a", target);
    };
    row("submit + result (noop)", submitOn, "submit", ">= 5x");
    row("map, chunksize 1", mapC1, "map_c1", "");
    row("map, chunksize 100 (items/s)", mapC100, "map_c100", ">= 6x");
    std::printf("submit, recording off               %12.0f/s   (recording costs %.1f%%)\n", submitOff,
                (1.0 - submitOn / submitOff) * 100);
    std::printf("submit vs raw ping-pong: %.0f%% of 1 in flight, %.0f%% of 3 in flight (target >= 50%%)\n",
                100 * submitOn / ping1, 100 * submitOn / ping3);
    std::printf("extra_queued_calls  1 (CPython's): %12.0f/s\n", submitOn);
    std::printf(
        "extra_queued_calls 16            : %12.0f/s  (%.2fx; 18 futures RUNNING at once instead of 3)\n",
        extra16, extra16 / submitOn);
    if (cp.is_object())
        std::printf("CPython %s ProcessPoolExecutor measured in the same run\n",
                    cp["python"].get<std::string>().c_str());
    else
        std::printf("CPython baseline unavailable (%s failed)\n", python.c_str());

    // Wall time on 2 shared vCPUs swings from run to run; instruction counts do not.
    // Skipped when valgrind is missing.
    std::printf("\ninstructions (callgrind; the difference of two runs, so start-up cancels out)\n");
    const auto ping = instructionsPer(argv[0], "pingpong", true, 1000, 11000);
    const auto submit = instructionsPer(argv[0], "submit", true, 1000, 11000);
    const auto submitQuiet = instructionsPer(argv[0], "submit", false, 1000, 11000);
    const auto map1 = instructionsPer(argv[0], "map", true, 1000, 11000);
    const auto map100 = instructionsPer(argv[0], "map100", true, 10000, 110000);
    const auto line = [](const char* name, const std::optional<Instructions>& i) {
        if (!i)
            std::printf("%-44s valgrind unavailable\n", name);
        else
            std::printf("%-44s parent %8.1f   workers %8.1f\n", name, i->parent, i->workers);
    };
    line("raw ping-pong, 3 in flight (per round trip)", ping);
    line("submit + result, recording on (per task)", submit);
    line("submit + result, recording off (per task)", submitQuiet);
    line("map, chunksize 1 (per task)", map1);
    line("map, chunksize 100 (per item)", map100);
    if (ping && submit && submitQuiet) {
        const double pingAll = ping->parent + ping->workers;
        const double all = submit->parent + submit->workers;
        std::printf("submit / ping-pong round trip, all processes: %.1fx the instructions (parent %.1fx)\n",
                    all / pingAll, submit->parent / ping->parent);
        std::printf("recording on / off, submit, all processes: %.3f (+%.0f instructions a task)\n",
                    all / (submitQuiet->parent + submitQuiet->workers),
                    all - (submitQuiet->parent + submitQuiet->workers));
    }
    if (map1 && map100)
        std::printf("map chunksize 100 / chunksize 1, per item, all processes: %.3f\n",
                    (map100->parent + map100->workers) / (map1->parent + map1->workers));
    return 0;
}
// Whatever a command did not handle still ends in one line and a failure status, not std::terminate.
catch (const std::exception& e) {
    std::fprintf(stderr, "bench_processpool: %s\n", e.what());
    return 1;
}
