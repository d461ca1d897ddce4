#include "core/run/runner.h"

#include "core/run/calibration.h"

#include "core/events/eventgate.h"
#include "core/events/recorder.h"
#include "core/futures/future.h"
#include "core/run/runresources.h"
#include "core/workload/workload.h"

#include <memory>
#include <mutex>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace poolscope {

namespace {

// Which counting block the calling thread last used, and for which sink (generation).
struct CountingBlockCache
{
    std::uint64_t generation = 0;
    void* block = nullptr;
};
std::atomic<std::uint64_t> g_countingGenerations{0};
thread_local CountingBlockCache t_countingBlock;

// What the summary reads of a recorded run: its events by kind, the tasks running, the pipe bytes.
class EventCounts
{
public:
    virtual ~EventCounts() = default;
    virtual std::array<std::uint64_t, kEventKindCount> counts() const = 0;
    virtual std::int64_t pipeBytes() const = 0;
    // Both at once (a recorder's are folded over its recording: one pass for the two).
    virtual Recorder::Offered totals() const { return {counts(), pipeBytes()}; }
    std::int64_t running() const
    {
        const auto c = counts();
        return static_cast<std::int64_t>(c[static_cast<std::size_t>(EventKind::TaskStart)]) -
               static_cast<std::int64_t>(c[static_cast<std::size_t>(EventKind::TaskEnd)]);
    }
};

// A Recorder as the sink: its counts are folded over what it recorded (recorder.h), less what it held
// before the run, when the summary asks, instead of passing every event through a CountingSink first (one
// more virtual call and thread-local lookup per event: about a quarter of what recording cost the CLI's
// run path) or counting each event as it is recorded.
class RecorderCounts final : public EventCounts
{
public:
    explicit RecorderCounts(const Recorder& recorder) : m_recorder(recorder), m_before(recorder.offered()) {}
    Recorder::Offered totals() const override
    {
        Recorder::Offered now = m_recorder.offered();
        for (std::size_t i = 0; i < now.byKind.size(); ++i)
            now.byKind[i] -= m_before.byKind[i];
        now.pipeBytes -= m_before.pipeBytes;
        return now;
    }
    std::array<std::uint64_t, kEventKindCount> counts() const override { return totals().byKind; }
    std::int64_t pipeBytes() const override { return totals().pipeBytes; }

private:
    const Recorder& m_recorder;
    const Recorder::Offered m_before;
};

// Counts what the summary needs on its way to the caller's sink (any other sink, or none). Every emitting
// thread counts into a block of its own: one shared array of atomic counters had the caller and every worker
// take turns owning the same cache lines on each event, which cost the CLI's recorded runs about half their
// throughput (docs/benchmarks.md, "The CLI's run path").
class CountingSink final : public EventSink, public EventCounts
{
public:
    explicit CountingSink(std::shared_ptr<EventSink> next)
        : m_next(std::move(next)),
          m_generation(g_countingGenerations.fetch_add(1, std::memory_order_relaxed) + 1)
    {
    }

    void onEvent(const Event& e) override
    {
        Block& b = blockForThisThread();
        bump(b.counts[static_cast<std::size_t>(e.kind)], 1);
        switch (e.kind) {
        case EventKind::PipeWrite:
            if (e.value2 != static_cast<std::int64_t>(Pipe::Wakeup))
                bump(b.pipeBytes, e.value);
            break;
        case EventKind::ResultPipeWrite:
            bump(b.pipeBytes, e.value);
            break;
        default:
            break;
        }
        if (m_next)
            m_next->onEvent(e);
    }

    std::int64_t pipeBytes() const override
    {
        std::int64_t n = 0;
        std::lock_guard lock(m_blocksMutex);
        for (const auto& b : m_blocks)
            n += b->pipeBytes.load(std::memory_order_relaxed);
        return n;
    }
    std::array<std::uint64_t, kEventKindCount> counts() const override
    {
        std::array<std::uint64_t, kEventKindCount> out{};
        std::lock_guard lock(m_blocksMutex);
        for (const auto& b : m_blocks)
            for (std::size_t i = 0; i < out.size(); ++i)
                out[i] += static_cast<std::uint64_t>(b->counts[i].load(std::memory_order_relaxed));
        return out;
    }

private:
    // Written by its owner thread only (a plain load and store, no locked add); read by
    // anyone with relaxed loads. Cache-line aligned so two threads' blocks share no line.
    struct alignas(64) Block
    {
        std::thread::id owner;
        std::array<std::atomic<std::int64_t>, kEventKindCount> counts{};
        std::atomic<std::int64_t> pipeBytes{0};
    };
    static void bump(std::atomic<std::int64_t>& c, std::int64_t by) noexcept
    {
        c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
    }

    Block& blockForThisThread()
    {
        if (t_countingBlock.generation == m_generation)
            return *static_cast<Block*>(t_countingBlock.block);
        const std::thread::id self = std::this_thread::get_id();
        std::lock_guard lock(m_blocksMutex);
        Block* found = nullptr;
        // A thread that emitted to another sink in between comes back to its own block.
        for (const auto& b : m_blocks)
            if (b->owner == self)
                found = b.get();
        if (!found) {
            m_blocks.push_back(std::make_unique<Block>());
            found = m_blocks.back().get();
            found->owner = self;
        }
        t_countingBlock = {m_generation, found};
        return *found;
    }

    std::shared_ptr<EventSink> m_next;
    const std::uint64_t m_generation;
    mutable std::mutex m_blocksMutex;
    std::vector<std::unique_ptr<Block>> m_blocks;
};

struct CpuTimes
{
    double user = 0;
    double sys = 0;
};

CpuTimes cpuNow()
{
    auto secs = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    rusage self{}, children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return {secs(self.ru_utime) + secs(children.ru_utime), secs(self.ru_stime) + secs(children.ru_stime)};
}

std::int64_t resultBytes(const std::any& v)
{
    if (const auto* s = std::any_cast<std::string>(&v))
        return static_cast<std::int64_t>(s->size());
    return 0;
}

// The CLI's observer of the caller loop: a progress count as futures finish.
class ProgressObserver final : public CallerObserver
{
public:
    explicit ProgressObserver(std::atomic<std::int64_t>* progress) : m_progress(progress) {}
    void futureTracked(const FutureCorePtr& f, std::size_t tasks) override
    {
        f->addDoneCallback([p = m_progress, tasks](const FutureCorePtr&) {
            p->fetch_add(static_cast<std::int64_t>(tasks));
        });
    }

private:
    std::atomic<std::int64_t>* m_progress;
};

RunSummary runSerial(const Scenario& s, const RunOptions& options)
{
    // The baseline: a plain loop on the caller, as `[fn(x) for x in tasks]` would.
    RunSummary sum;
    for (std::int64_t i = 0; i < s.tasks; ++i) {
        try {
            sum.resultBytes += resultBytes(makeTask(s.workload, i)());
            ++sum.completed;
        } catch (...) {
            ++sum.failed;
            const ErrorInfo info = describeException(std::current_exception());
            if (sum.firstTaskError.empty())
                sum.firstTaskError = info.type + ": " + info.message;
            if (sum.errorType.empty()) {
                sum.errorType = info.type;
                sum.errorMessage = info.message;
            }
        }
        if (options.progress)
            options.progress->fetch_add(1);
    }
    return sum;
}

RunSummary runPooled(const Scenario& s, const EventStreamPtr& stream, const EventCounts* counter,
                     const RunOptions& options)
{
    ProgressObserver progress(options.progress);
    CallerLoopOptions o;
    o.events = stream;
    o.observer = options.progress ? &progress : nullptr;
    // Still computing when the caller gave up: tasks started and not ended, from the events.
    if (counter)
        o.runningTasks = [counter] { return counter->running(); };
    const CallerLoopResult r = runCallerLoop(s, o);
    RunSummary sum;
    sum.completed = r.completed;
    sum.failed = r.failed;
    sum.cancelled = r.cancelled;
    sum.unfinished = r.unfinished;
    sum.notTaken = r.notTaken;
    sum.resultBytes = r.resultBytes;
    sum.errorType = r.errorType;
    sum.errorMessage = r.errorMessage;
    sum.firstTaskError = r.firstTaskError;
    sum.afterTimeout = r.afterTimeout;
    sum.broken = r.broken;
    sum.brokenMessage = r.brokenMessage;
    sum.killedPid = r.killedPid;
    sum.gilOn = r.gilOn;
    sum.gil = r.gil;
    return sum;
}

} // namespace

RunSummary runScenario(const Scenario& given, const RunOptions& options)
{
    // Sized by time: the n calibrated for this machine (callers that record the scenario resolve it first).
    Scenario scenario = given;
    resolveTargetMs(scenario);
    validateScenario(scenario);
    std::unique_ptr<RecorderCounts> recorded;
    std::shared_ptr<CountingSink> counting;
    const EventCounts* counter = nullptr;
    EventStreamPtr stream;
    if (options.record) {
        if (const auto* recorder = dynamic_cast<const Recorder*>(options.sink.get())) {
            recorded = std::make_unique<RecorderCounts>(*recorder);
            counter = recorded.get();
            stream = std::make_shared<EventStream>(options.sink);
        } else {
            counting = std::make_shared<CountingSink>(options.sink);
            counter = counting.get();
            stream = std::make_shared<EventStream>(counting);
        }
    }
    WorkloadSpec spec = scenario.workload;
    const CpuTimes c0 = cpuNow();
    const std::int64_t t0 = nowNs();
    RunSummary sum;
    if (scenario.pool == "serial") {
        try {
            RunResources resources(scenario, spec);
            Scenario effective = scenario;
            effective.workload = spec;
            sum = runSerial(effective, options);
        } catch (...) {
            const ErrorInfo info = describeException(std::current_exception());
            sum.errorType = info.type;
            sum.errorMessage = info.message;
        }
    } else {
        std::shared_ptr<EventGate> gate;
        std::optional<GateDriver> driver;
        if (stream && options.gate.active()) {
            // Installed before the pool forks, so every worker shares its page and its clock.
            gate = std::make_shared<EventGate>();
            stream->setGate(gate);
            driver.emplace(gate, options.gate);
        }
        sum = runPooled(scenario, stream, counter, options);
        if (driver) {
            driver->stop();
            sum.heldS = static_cast<double>(gate->heldTotalNs()) / 1e9;
        }
    }
    const std::int64_t wallNs = nowNs() - t0;
    const CpuTimes c1 = cpuNow();
    sum.wallS = static_cast<double>(wallNs) / 1e9;
    sum.tasksPerS = sum.wallS > 0 ? static_cast<double>(sum.completed) / sum.wallS : 0.0;
    sum.cpuUserS = c1.user - c0.user;
    sum.cpuSysS = c1.sys - c0.sys;
    sum.cpuUtilization = sum.wallS > 0 ? (sum.cpuUserS + sum.cpuSysS) / sum.wallS : 0.0;
    if (counter) {
        const Recorder::Offered totals = counter->totals();
        sum.eventsByKind = totals.byKind;
        for (auto n : sum.eventsByKind)
            sum.eventsTotal += n;
        sum.pipeBytes = scenario.pool == "process" ? totals.pipeBytes : 0;
    } else {
        sum.pipeBytes = scenario.pool == "process" ? -1 : 0;
    }
    if (sum.gilOn && wallNs > 0)
        sum.gilWaitShare =
            static_cast<double>(sum.gil.waitNs) / (static_cast<double>(wallNs) * (scenario.workers + 1));
    return sum;
}

} // namespace poolscope
