// Run files (core/run/runfile.h): write and open a generated process-pool run of N events
// (default 1,000,000), beside a raw read of the same bytes in the same run, and the old JSON
// native trace for comparison. Targets: opening 1M events <= 2 s, < 200 bytes of memory per event.
// The opens run in a child process (`--once`) so that its peak RSS is the reader's alone.
#include "bench/benchcommon.h"
#include "core/run/runfile.h"
#include "core/run/trace.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace poolscope;

namespace {
using poolscope::bench::median;

// One process-pool task's hops, in the order the pool emits them (docs/events.md).
constexpr EventKind kTaskHops[] = {
    EventKind::Submit,          EventKind::WorkItemCreated, EventKind::PendingInsert,
    EventKind::WorkIdPut,       EventKind::WakeupSend,      EventKind::ManagerWake,
    EventKind::WorkIdGet,       EventKind::CallQueuePut,    EventKind::FeederSerialize,
    EventKind::PipeWrite,       EventKind::WorkerGet,       EventKind::FutureState,
    EventKind::TaskStart,       EventKind::TaskEnd,         EventKind::ResultSerialize,
    EventKind::ResultPipeWrite, EventKind::ResultPipeRead,  EventKind::PendingPop,
    EventKind::FutureState,     EventKind::ManagerWait,
};

RunFile generate(std::size_t n)
{
    RunFile run;
    run.meta = currentRunMeta("bench_runfile", "process");
    run.scenarioJson = R"({"name":"bench","pool":"process","workers":2,"tasks":50000})";
    run.events.reserve(n);
    std::int64_t t = 1'000'000'000'000;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t hop = i % std::size(kTaskHops);
        Event e;
        e.seq = i + 1;
        t += 250 + static_cast<std::int64_t>(i % 7) * 40;
        e.tNs = t;
        e.kind = kTaskHops[hop];
        e.executor = 1;
        e.worker = (hop >= 10 && hop <= 15) ? 40000 + static_cast<std::int32_t>((i / 20) % 2) : 0;
        e.task = static_cast<std::int64_t>(i / std::size(kTaskHops));
        e.value = static_cast<std::int64_t>(hop * 13);
        e.value2 = hop == 11 ? 1 : 0;
        run.events.push_back(e);
    }
    RunOutcome o;
    o.tasks = static_cast<std::int64_t>(n / std::size(kTaskHops));
    o.completed = o.tasks;
    o.eventsTotal = n;
    run.outcome = o;
    return run;
}

double seconds(std::int64_t from)
{
    return static_cast<double>(nowNs() - from) / 1e9;
}

long maxRssKb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// The baseline: the file's bytes into one buffer, nothing decoded.
std::size_t rawRead(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    std::vector<char> buf(static_cast<std::size_t>(::lseek(fd, 0, SEEK_END)));
    std::size_t got = 0;
    while (got < buf.size()) {
        const ssize_t r = ::pread(fd, buf.data() + got, buf.size() - got, static_cast<off_t>(got));
        if (r <= 0)
            break;
        got += static_cast<std::size_t>(r);
    }
    ::close(fd);
    return got;
}

struct Once
{
    double seconds = 0;
    double bytesPerEvent = 0;
    std::size_t events = 0;
};

// `self --once read|read-v1|raw FILE` prints "seconds peak-rss-growth-kb events".
std::optional<Once> runChild(const char* self, const char* what, const std::string& path)
{
    const std::string cmd = std::string(self) + " --once " + what + " " + path;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return std::nullopt;
    Once o;
    long kb = 0;
    const int got = std::fscanf(p, "%lf %ld %zu", &o.seconds, &kb, &o.events);
    if (pclose(p) != 0 || got != 3)
        return std::nullopt;
    o.bytesPerEvent = o.events ? static_cast<double>(kb) * 1024.0 / static_cast<double>(o.events) : 0;
    return o;
}

int once(const std::string& what, const std::string& path)
{
    const long before = maxRssKb();
    const std::int64_t t0 = nowNs();
    std::size_t events = 0;
    try {
        if (what == "read")
            events = readRunFile(path).events.size();
        else if (what == "read-v1")
            events = loadNativeTrace(path).events.size();
        else if (what == "raw")
            events = rawRead(path) / kRunFileRecordBytes;
        else
            return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    const double s = seconds(t0);
    std::printf("%.6f %ld %zu\n", s, maxRssKb() - before, events);
    return 0;
}

std::optional<double> callgrindInstructions(const char* self, const char* what, const std::string& path)
{
    const auto n = poolscope::bench::callgrindCount(self, std::string(what) + " " + path);
    if (!n)
        return std::nullopt;
    return n->parent;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 4 && std::strcmp(argv[1], "--once") == 0)
        return once(argv[2], argv[3]);
    const auto n = static_cast<std::size_t>(poolscope::bench::sizeArgument(
        argc, argv, "[EVENTS] (default 1000000)", 1'000'000, 1, 1'000'000'000));
    const int repeats = 5;
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp ? tmp : "/tmp") + "/bench_runfile.XXXXXX";
    std::vector<char> dirBuf(templ.begin(), templ.end());
    dirBuf.push_back('\0');
    if (!::mkdtemp(dirBuf.data())) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::string dir = dirBuf.data();
    const std::string path = dir + "/run.pstrace";
    const std::string v1Path = dir + "/run-v1.pstrace";
    const std::string smallPath = dir + "/small.pstrace", largePath = dir + "/large.pstrace";
    int rc = 0;
    {
        const RunFile run = generate(n);
        std::vector<double> writes;
        for (int r = 0; r < repeats; ++r) {
            const std::int64_t t0 = nowNs();
            writeRunFile(path, run);
            writes.push_back(seconds(t0));
        }
        // The JSON trace at a tenth of the size: its DOM would need gigabytes at 1M.
        const std::size_t v1Events = n / 10;
        writeNativeTrace(
            v1Path, std::vector<Event>(run.events.begin(), run.events.begin() + static_cast<long>(v1Events)));
        writeRunFile(smallPath, generate(10'000));
        writeRunFile(largePath, generate(110'000));
        std::vector<double> reads, raws, bytesPerEvent;
        for (int r = 0; r < repeats; ++r) {
            const auto raw = runChild(argv[0], "raw", path);
            const auto read = runChild(argv[0], "read", path);
            if (!raw || !read || read->events != n) {
                std::fprintf(stderr, "bench_runfile: a child run failed\n");
                rc = 1;
                break;
            }
            raws.push_back(raw->seconds);
            reads.push_back(read->seconds);
            bytesPerEvent.push_back(read->bytesPerEvent);
        }
        const auto v1 = runChild(argv[0], "read-v1", v1Path);
        struct stat st
        {
        };
        const std::size_t fileBytes =
            ::stat(path.c_str(), &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
        if (rc == 0) {
            std::printf(
                "run file, %zu events (process-pool hops), %zu bytes (%.1f per event), sizeof(Event) %zu\n",
                n, fileBytes, static_cast<double>(fileBytes) / static_cast<double>(n), sizeof(Event));
            std::printf("median of %d; each open in a fresh process, file in the page cache\n", repeats);
            std::printf("%-34s %10.3f s\n", "write (writeRunFile)", median(writes));
            std::printf("%-34s %10.3f s   %.0f bytes/event peak RSS growth\n", "open (readRunFile)",
                        median(reads), median(bytesPerEvent));
            std::printf("%-34s %10.3f s\n", "baseline: raw read of the bytes", median(raws));
            std::printf("%-34s %10.2fx\n", "open / raw read", median(reads) / median(raws));
            if (v1)
                std::printf("%-34s %10.3f s for %zu events: %.2f us and %.0f bytes/event (%.0fx the run "
                            "file per event)\n",
                            "old JSON trace (loadNativeTrace)", v1->seconds, v1->events,
                            v1->seconds / static_cast<double>(v1->events) * 1e6, v1->bytesPerEvent,
                            (v1->seconds / static_cast<double>(v1->events)) /
                                (median(reads) / static_cast<double>(n)));
        }
    }
    if (rc == 0) {
        std::printf("\ninstructions per event (callgrind; 110,000 minus 10,000 events)\n");
        const auto small = callgrindInstructions(argv[0], "read", smallPath);
        const auto large = callgrindInstructions(argv[0], "read", largePath);
        const auto rawSmall = callgrindInstructions(argv[0], "raw", smallPath);
        const auto rawLarge = callgrindInstructions(argv[0], "raw", largePath);
        if (small && large && rawSmall && rawLarge)
            std::printf("open %.1f   raw read %.1f\n", (*large - *small) / 100000.0,
                        (*rawLarge - *rawSmall) / 100000.0);
        else
            std::printf("valgrind unavailable\n");
    }
    for (const std::string& f : {path, v1Path, smallPath, largePath})
        ::unlink(f.c_str());
    ::rmdir(dir.c_str());
    return rc;
}
