#include "core/run/runner.h"

#include "core/workload/httpserver.h"
#include "core/process/processpoolexecutor.h"
#include "core/run/runresources.h"
#include "core/thread/threadpoolexecutor.h"
#include "core/futures/wait.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <sys/resource.h>
#include <unistd.h>
#include <unordered_map>

namespace poolscope {

namespace {

// Counts what the summary needs on its way to the caller's sink.
class CountingSink final : public EventSink
{
public:
    explicit CountingSink(std::shared_ptr<EventSink> next) : m_next(std::move(next)) {}

    void onEvent(const Event& e) override
    {
        m_counts[static_cast<std::size_t>(e.kind)].fetch_add(1, std::memory_order_relaxed);
        switch (e.kind) {
        case EventKind::PipeWrite:
            if (e.value2 != static_cast<std::int64_t>(Pipe::Wakeup))
                m_pipeBytes.fetch_add(e.value, std::memory_order_relaxed);
            break;
        case EventKind::ResultPipeWrite:
            m_pipeBytes.fetch_add(e.value, std::memory_order_relaxed);
            break;
        case EventKind::FutureState:
            if (e.value2 == static_cast<std::int64_t>(FutureStatus::Cancelled))
                m_cancelled.fetch_add(1, std::memory_order_relaxed);
            break;
        default:
            break;
        }
        if (m_next)
            m_next->onEvent(e);
    }

    std::uint64_t count(EventKind k) const
    {
        return m_counts[static_cast<std::size_t>(k)].load(std::memory_order_relaxed);
    }
    std::int64_t running() const
    {
        return static_cast<std::int64_t>(count(EventKind::TaskStart)) -
               static_cast<std::int64_t>(count(EventKind::TaskEnd));
    }
    std::int64_t pipeBytes() const { return m_pipeBytes.load(std::memory_order_relaxed); }
    std::int64_t cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    std::array<std::uint64_t, kEventKindCount> counts() const
    {
        std::array<std::uint64_t, kEventKindCount> out{};
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = m_counts[i].load(std::memory_order_relaxed);
        return out;
    }

private:
    std::shared_ptr<EventSink> m_next;
    std::array<std::atomic<std::uint64_t>, kEventKindCount> m_counts{};
    std::atomic<std::int64_t> m_pipeBytes{0};
    std::atomic<std::int64_t> m_cancelled{0};
};

struct CpuTimes
{
    double user = 0;
    double sys = 0;
};

CpuTimes cpuNow()
{
    auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
    rusage self{}, children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return {secs(self.ru_utime) + secs(children.ru_utime), secs(self.ru_stime) + secs(children.ru_stime)};
}

// A task's result as map() yields it (a plain std::any would be flattened by the
// executor's own std::any wrapping).
struct TaskResult
{
    std::any value;
};

// map()'s generator as the runner sees it, for either pool. `futures` are what
// map() submitted, in input order, and `sizes` how many inputs each carries
// (1 on the thread pool; the chunk's length on the process pool).
class MapIterator
{
public:
    virtual ~MapIterator() = default;
    virtual std::optional<TaskResult> next() = 0;
    std::vector<FutureCorePtr> futures;
    std::vector<std::size_t> sizes;
};

// The seam between the runner and a pool: the thread pool and the process pool
// through the same four calls.
class PoolAdapter
{
public:
    virtual ~PoolAdapter() = default;
    virtual FutureCorePtr submit(std::int64_t index) = 0;
    virtual std::unique_ptr<MapIterator> map(std::int64_t tasks, Timeout timeout, int chunksize) = 0;
    virtual void shutdown(bool wait, bool cancelFutures) = 0;
    // terminate_workers() / kill_workers(); false when the pool cannot (threads).
    virtual bool terminate(bool kill) = 0;
};

class ThreadAdapter final : public PoolAdapter
{
public:
    ThreadAdapter(ThreadPoolExecutor& pool, const WorkloadSpec& spec) : m_pool(pool), m_spec(spec) {}
    FutureCorePtr submit(std::int64_t index) override { return m_pool.submitErased(makeTask(m_spec, index)); }
    std::unique_ptr<MapIterator> map(std::int64_t tasks, Timeout timeout, int chunksize) override
    {
        std::vector<std::int64_t> inputs(static_cast<std::size_t>(tasks));
        for (std::size_t i = 0; i < inputs.size(); ++i)
            inputs[i] = static_cast<std::int64_t>(i);
        const WorkloadSpec spec = m_spec;
        auto it = std::make_unique<Iterator>(m_pool.map(
            [spec](std::int64_t i) { return TaskResult{makeTask(spec, i)()}; }, inputs, timeout, chunksize));
        it->futures = it->results.futures();
        it->sizes.assign(it->futures.size(), 1);
        return it;
    }
    void shutdown(bool wait, bool cancelFutures) override { m_pool.shutdown(wait, cancelFutures); }
    bool terminate(bool) override { return false; }

private:
    struct Iterator final : MapIterator
    {
        explicit Iterator(MapResult<TaskResult> r) : results(std::move(r)) {}
        std::optional<TaskResult> next() override { return results.next(); }
        MapResult<TaskResult> results;
    };
    ThreadPoolExecutor& m_pool;
    const WorkloadSpec& m_spec;
};

// The process pool runs the registered task "workload": makeTask(spec, index)()
// in a worker process; the spec travels as JSON (with its payload bytes) in
// every call item, and the index beside it.
class ProcessAdapter final : public PoolAdapter
{
public:
    ProcessAdapter(ProcessPoolExecutor& pool, const WorkloadSpec& spec)
        : m_pool(pool), m_json(workloadSpecToJson(spec))
    {
    }
    FutureCorePtr submit(std::int64_t index) override
    {
        return m_pool.submitErased(FunctionRef::named("workload"), {std::any(m_json), std::any(index)});
    }
    std::unique_ptr<MapIterator> map(std::int64_t tasks, Timeout timeout, int chunksize) override
    {
        std::vector<std::vector<std::any>> calls;
        calls.reserve(static_cast<std::size_t>(tasks));
        for (std::int64_t i = 0; i < tasks; ++i)
            calls.push_back({std::any(m_json), std::any(i)});
        ProcessPoolExecutor::MapChunks chunks =
            m_pool.mapErased(FunctionRef::named("workload"), std::move(calls), timeout, chunksize);
        std::vector<FutureCorePtr> futures = chunks.futures;
        std::vector<std::size_t> sizes = chunks.sizes;
        auto it = std::make_unique<Iterator>(std::move(chunks));
        it->futures = std::move(futures);
        it->sizes = std::move(sizes);
        return it;
    }
    void shutdown(bool wait, bool cancelFutures) override { m_pool.shutdown(wait, cancelFutures); }
    bool terminate(bool kill) override
    {
        if (kill)
            m_pool.killWorkers();
        else
            m_pool.terminateWorkers();
        return true;
    }

private:
    struct Iterator final : MapIterator
    {
        explicit Iterator(ProcessPoolExecutor::MapChunks c) : results(std::move(c)) {}
        std::optional<TaskResult> next() override
        {
            std::optional<std::any> v = results.next();
            if (!v)
                return std::nullopt;
            return TaskResult{std::move(*v)};
        }
        ProcessMapResult<std::any> results;
    };
    ProcessPoolExecutor& m_pool;
    std::string m_json;
};

// kill_worker_after: SIGKILLs one worker once `after` results (map: items) have
// arrived. Done callbacks run on the manager thread; signalWorker() goes
// through the worker's pidfd.
struct KillAfter
{
    ProcessPoolExecutor* pool = nullptr;
    std::int64_t after = 0;
    std::atomic<std::int64_t> arrived{0};
    std::atomic<bool> fired{false};
    std::atomic<std::int32_t> killedPid{0};

    void arrive(std::int64_t n)
    {
        if (arrived.fetch_add(n, std::memory_order_acq_rel) + n >= after)
            fire();
    }
    void fire()
    {
        if (fired.exchange(true, std::memory_order_acq_rel))
            return;
        const auto live = pool->processes();
        if (!live.empty() && pool->signalWorker(live.front().pid, SIGKILL))
            killedPid.store(live.front().pid, std::memory_order_release);
    }
};

std::int64_t resultBytes(const std::any& v)
{
    if (const auto* s = std::any_cast<std::string>(&v))
        return static_cast<std::int64_t>(s->size());
    return 0;
}

struct Driver
{
    Driver(const Scenario& sc, PoolAdapter& p, RunSummary& su, CountingSink* c, std::atomic<std::int64_t>* pr)
        : s(sc), pool(p), sum(su), counter(c), progress(pr)
    {
    }
    const Scenario& s;
    PoolAdapter& pool;
    RunSummary& sum;
    CountingSink* counter;
    std::atomic<std::int64_t>* progress;
    std::vector<FutureCorePtr> fs;
    std::vector<char> seen;         // the caller took fs[i]'s outcome (submit styles)
    std::vector<std::size_t> sizes; // tasks per future (map chunks on the process pool)
    std::size_t mapConsumed = 0;    // map: inputs whose outcome the caller took
    bool timedOut = false;
    std::function<void(const FutureCorePtr&, std::size_t)> watch; // e.g. kill_worker_after

    void noteError(const std::exception_ptr& e)
    {
        if (!sum.errorType.empty())
            return;
        const ErrorInfo info = describeException(e);
        sum.errorType = info.type;
        sum.errorMessage = info.message;
    }

    // The caller takes one finished future's outcome.
    void consume(std::size_t i)
    {
        seen[i] = 1;
        try {
            sum.resultBytes += resultBytes(fs[i]->resultAny());
        } catch (const CancelledError&) {
        } catch (...) {
            if (sum.firstTaskError.empty()) {
                const ErrorInfo info = describeException(std::current_exception());
                sum.firstTaskError = info.type + ": " + info.message;
            }
            noteError(std::current_exception());
        }
    }

    // Every future the run creates passes here with the number of tasks it carries.
    void track(const FutureCorePtr& f, std::size_t n)
    {
        fs.push_back(f);
        sizes.push_back(n);
        seen.push_back(0);
        if (progress)
            f->addDoneCallback(
                [p = progress, n](const FutureCorePtr&) { p->fetch_add(static_cast<std::int64_t>(n)); });
        if (watch)
            watch(f, n);
    }

    void submitAll()
    {
        fs.reserve(static_cast<std::size_t>(s.tasks));
        for (std::int64_t i = 0; i < s.tasks; ++i) {
            track(pool.submit(i), 1);
            gilCheck(); // the submit loop is Python code: it checks the eval breaker
        }
    }

    void run()
    {
        const auto deadline = deadlineAfter(s.timeoutS);
        try {
            if (s.submit == "map") {
                std::unique_ptr<MapIterator> results = pool.map(s.tasks, s.timeoutS, s.chunksize);
                for (std::size_t i = 0; i < results->futures.size(); ++i)
                    track(results->futures[i], results->sizes[i]);
                for (;;) {
                    std::optional<TaskResult> v;
                    try {
                        GilReleased unlocked; // waiting on the future's condition releases the GIL
                        v = results->next();
                    } catch (const TimeoutError&) {
                        throw;
                    } catch (const CancelledError&) {
                        ++mapConsumed;
                        throw;
                    } catch (...) {
                        // A task's exception ends list(map(...)) here, as in Python.
                        ++mapConsumed;
                        const ErrorInfo info = describeException(std::current_exception());
                        sum.firstTaskError = info.type + ": " + info.message;
                        throw;
                    }
                    if (!v)
                        break;
                    ++mapConsumed;
                    sum.resultBytes += resultBytes(v->value);
                }
            } else if (s.submit == "as_completed") {
                submitAll();
                std::unordered_map<const FutureCore*, std::size_t> index;
                for (std::size_t i = 0; i < fs.size(); ++i)
                    index[fs[i].get()] = i;
                AsCompleted it(fs, s.timeoutS);
                for (;;) {
                    FutureCorePtr f;
                    {
                        GilReleased unlocked;
                        f = it.next();
                    }
                    if (!f)
                        break;
                    consume(index[f.get()]);
                }
            } else if (s.submit == "wait") {
                submitAll();
                DoneAndNotDone r;
                {
                    GilReleased unlocked;
                    r = wait(fs, s.timeoutS, ReturnWhen::AllCompleted);
                }
                std::unordered_map<const FutureCore*, std::size_t> index;
                for (std::size_t i = 0; i < fs.size(); ++i)
                    index[fs[i].get()] = i;
                for (const auto& f : r.done)
                    consume(index[f.get()]);
                // wait() does not raise; what it left undone is the caller's to handle.
                timedOut = !r.notDone.empty();
            } else { // submit: result() in order, against one deadline
                submitAll();
                for (std::size_t i = 0; i < fs.size(); ++i) {
                    Timeout left;
                    if (deadline)
                        left = std::max(0.0, static_cast<double>(*deadline - nowNs()) / 1e9);
                    {
                        GilReleased unlocked;
                        try {
                            fs[i]->exception(left);
                        } catch (const CancelledError&) {
                        }
                    }
                    consume(i);
                }
            }
        } catch (const TimeoutError&) {
            timedOut = true;
            noteError(std::current_exception());
        } catch (...) {
            noteError(std::current_exception());
        }
    }
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

void finishAfterTimeout(const Scenario& s, PoolAdapter& pool, Driver& d, RunSummary& sum)
{
    AfterTimeout at;
    at.requested = s.onTimeout;
    // Still computing: tasks started and not ended (from the events), else RUNNING futures.
    if (d.counter) {
        at.stillRunning = std::max<std::int64_t>(0, d.counter->running());
    } else {
        for (const auto& f : d.fs)
            at.stillRunning += f->running() ? 1 : 0;
    }
    const std::int64_t t0 = nowNs();
    GilReleased unlocked; // joining and terminating release the GIL
    if ((s.onTimeout == "terminate" || s.onTimeout == "kill") && pool.terminate(s.onTimeout == "kill")) {
        at.action = s.onTimeout;
        at.note =
            std::string(s.onTimeout == "kill" ? "SIGKILL" : "SIGTERM") +
            " to every worker, then the with-block's shutdown(wait=True) reaped them instead of waiting "
            "for the running tasks";
    } else if (s.onTimeout == "terminate" || s.onTimeout == "kill") {
        at.action = "cancel";
        at.note = "threads cannot be terminated: shutdown(wait=True, cancel_futures=True) waited for the "
                  "running tasks to finish";
        pool.shutdown(true, true);
    } else if (s.onTimeout == "cancel") {
        at.action = "cancel";
        pool.shutdown(true, true);
    } else {
        at.action = "wait";
        at.note = "the with-block's shutdown(wait=True) ran every queued and running task to the end";
    }
    pool.shutdown(true, false); // leaving the with-block; part of the cost
    at.costS = static_cast<double>(nowNs() - t0) / 1e9;
    sum.afterTimeout = at;
}

// Outcomes from the futures' final states (after shutdown), as the executor
// saw them, and how many of them the caller never took.
void countOutcomes(const Driver& d, RunSummary& sum)
{
    std::int64_t submitted = 0;
    std::int64_t taken = 0;
    for (std::size_t i = 0; i < d.fs.size(); ++i) {
        const auto n = static_cast<std::int64_t>(d.sizes[i]);
        submitted += n;
        taken += d.seen[i] ? n : 0;
        const FutureCorePtr& f = d.fs[i];
        if (f->cancelled())
            sum.cancelled += n;
        else if (!f->done())
            sum.unfinished += n;
        else if (f->exception(0.0))
            sum.failed += n;
        else
            sum.completed += n;
    }
    if (d.s.submit == "map")
        taken = static_cast<std::int64_t>(d.mapConsumed);
    sum.failed += d.s.tasks - submitted; // refused by a broken pool, or never submitted
    sum.notTaken = d.s.tasks - taken;
}

RunSummary runProcessPool(const Scenario& s, const WorkloadSpec& spec, const EventStreamPtr& stream,
                          CountingSink* counter, const RunOptions& options)
{
    // Each worker process has its own interpreter and GIL, never contended: no Gil here.
    RunSummary sum;
    ProcessPoolOptions popt;
    popt.maxWorkers = s.workers;
    if (s.maxTasksPerChild > 0)
        popt.maxTasksPerChild = s.maxTasksPerChild;
    popt.extraQueuedCalls = s.extraQueuedCalls;
    popt.events = stream;
    ProcessPoolExecutor pool(popt);
    ProcessAdapter adapter(pool, spec);
    Driver d(s, adapter, sum, counter, options.progress);
    KillAfter kill;
    kill.pool = &pool;
    if (s.killWorkerAfter) {
        kill.after = *s.killWorkerAfter;
        std::int64_t tracked = 0;
        d.watch = [&kill, &tracked](const FutureCorePtr& f, std::size_t n) {
            tracked += static_cast<std::int64_t>(n);
            if (kill.after > 0)
                f->addDoneCallback(
                    [&kill, n](const FutureCorePtr&) { kill.arrive(static_cast<std::int64_t>(n)); });
            else if (tracked == static_cast<std::int64_t>(n))
                kill.fire(); // kill_worker_after 0: as soon as the workers exist
        };
        d.run();
    } else {
        d.run();
    }
    if (d.timedOut)
        finishAfterTimeout(s, adapter, d, sum);
    pool.shutdown(true, false); // leaving the with-block
    countOutcomes(d, sum);
    sum.broken = pool.broken();
    sum.brokenMessage = pool.brokenReason();
    sum.killedPid = kill.killedPid.load(std::memory_order_acquire);
    return sum;
}

RunSummary runPooled(const Scenario& s, WorkloadSpec spec, const EventStreamPtr& stream,
                     CountingSink* counter, const RunOptions& options)
{
    RunSummary sum;
    if (s.pool == "process")
        return runProcessPool(s, spec, stream, counter, options);
    std::shared_ptr<Gil> gil = s.gil ? std::make_shared<Gil>(s.switchIntervalMs / 1000.0) : nullptr;
    ThreadPoolOptions topt;
    topt.maxWorkers = s.workers;
    topt.events = stream;
    topt.gil = gil;
    ThreadPoolExecutor pool(topt);
    if (gil && stream)
        gil->setEvents(stream, pool.executorId());
    ThreadAdapter adapter(pool, spec);
    Driver d(s, adapter, sum, counter, options.progress);
    {
        GilAttach caller(gil.get()); // the main thread is a Python thread too
        d.run();
        if (d.timedOut)
            finishAfterTimeout(s, adapter, d, sum);
    }
    pool.shutdown(true, false); // leaving the with-block
    countOutcomes(d, sum);
    sum.broken = pool.broken();
    sum.gilOn = static_cast<bool>(gil);
    if (gil)
        sum.gil = gil->stats();
    return sum;
}

} // namespace

bool processPoolAvailable()
{
    return true;
}

RunSummary runScenario(const Scenario& scenario, const RunOptions& options)
{
    validateScenario(scenario);
    std::shared_ptr<CountingSink> counter;
    EventStreamPtr stream;
    if (options.record) {
        counter = std::make_shared<CountingSink>(options.sink);
        stream = std::make_shared<EventStream>(counter);
    }
    WorkloadSpec spec = scenario.workload;
    const CpuTimes c0 = cpuNow();
    const std::int64_t t0 = nowNs();
    RunSummary sum;
    try {
        RunResources resources(scenario, spec, "poolscope-run");
        Scenario effective = scenario;
        effective.workload = spec;
        sum = scenario.pool == "serial" ? runSerial(effective, options)
                                        : runPooled(effective, spec, stream, counter.get(), options);
    } catch (...) {
        const ErrorInfo info = describeException(std::current_exception());
        sum.errorType = info.type;
        sum.errorMessage = info.message;
    }
    const std::int64_t wallNs = nowNs() - t0;
    const CpuTimes c1 = cpuNow();
    sum.wallS = static_cast<double>(wallNs) / 1e9;
    sum.tasksPerS = sum.wallS > 0 ? static_cast<double>(sum.completed) / sum.wallS : 0.0;
    sum.cpuUserS = c1.user - c0.user;
    sum.cpuSysS = c1.sys - c0.sys;
    sum.cpuUtilization = sum.wallS > 0 ? (sum.cpuUserS + sum.cpuSysS) / sum.wallS : 0.0;
    if (counter) {
        sum.eventsByKind = counter->counts();
        for (auto n : sum.eventsByKind)
            sum.eventsTotal += n;
        sum.pipeBytes = scenario.pool == "process" ? counter->pipeBytes() : 0;
    } else {
        sum.pipeBytes = scenario.pool == "process" ? -1 : 0;
    }
    if (sum.gilOn && wallNs > 0)
        sum.gilWaitShare =
            static_cast<double>(sum.gil.waitNs) / (static_cast<double>(wallNs) * (scenario.workers + 1));
    return sum;
}

RunSummary runThreadPool(const RunConfig& config, const EventStreamPtr& events)
{
    // The first CLI's semantics: no GIL, results in order, the caller's stream.
    Scenario s;
    s.pool = config.pool;
    s.workers = config.workers;
    s.tasks = config.tasks;
    s.workload = config.workload;
    s.submit = config.submit;
    s.gil = false;
    validateScenario(s);
    WorkloadSpec spec = s.workload;
    const std::int64_t t0 = nowNs();
    RunSummary sum;
    try {
        RunResources resources(s, spec, "poolscope-run");
        sum = runPooled(s, spec, events, nullptr, {});
    } catch (...) {
        const ErrorInfo info = describeException(std::current_exception());
        sum.errorType = info.type;
        sum.errorMessage = info.message;
    }
    sum.wallS = static_cast<double>(nowNs() - t0) / 1e9;
    sum.tasksPerS = sum.wallS > 0 ? static_cast<double>(sum.completed) / sum.wallS : 0.0;
    return sum;
}

} // namespace poolscope
