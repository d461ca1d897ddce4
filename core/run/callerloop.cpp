#include "core/run/callerloop.h"

#include "core/futures/wait.h"
#include "core/process/codec.h"
#include "core/process/processpoolexecutor.h"
#include "core/process/taskregistry.h"
#include "core/run/runresources.h"
#include "core/sync/sharedsync.h"
#include "core/thread/threadpoolexecutor.h"
#include "core/workload/workload.h"

#include <cxxabi.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

namespace poolscope {

namespace {

// A task's result as the thread pool's map() yields it (a plain std::any would be
// flattened by the executor's own std::any wrapping).
struct TaskResult
{
    std::any value;
};

std::string demangle(const char* name)
{
    int status = 0;
    char* out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    std::string s = status == 0 && out ? out : name;
    std::free(out);
    return s;
}

std::int64_t resultBytes(const std::any& v)
{
    if (const auto* s = std::any_cast<std::string>(&v))
        return static_cast<std::int64_t>(s->size());
    if (const auto* t = std::any_cast<TaskResult>(&v))
        return resultBytes(t->value);
    return 0;
}

// ---- kill_worker_after ------------------------------------------------------
//
// The contract (docs/cli.md): the SIGKILL lands on a live worker that holds the
// call whose result would carry task result K+1, before it sends it, once the
// results sent before that call (K, or fewer when map's chunks do not end at K)
// reached the pool. That call's future can then only fail, so the pool always
// breaks. Choosing the worker from the parent cannot keep that promise (the one
// picked may have retired, or the last task may be done before the K-th result is
// read), so the workers choose: the first call whose result would pass K keeps it
// and waits, its worker announces itself in shared memory, and the parent kills it
// through the pool.

// In MAP_SHARED memory, mapped before the pool forks: parent and workers see the same words.
struct KillShared
{
    std::atomic<std::int64_t> delivered{0};        // task results the workers sent (or are sending), <= K
    std::atomic<std::uint32_t> claimed{0};         // 1 once a worker became the victim
    std::atomic<std::uint32_t> victim{0};          // its pid (a futex word)
    std::atomic<std::int64_t> deliveredAtClaim{0}; // results sent before it
    std::atomic<std::uint32_t> release{0}; // the run is over: a waiting victim delivers (a futex word)
};
static_assert(std::atomic<std::int64_t>::is_always_lock_free &&
              std::atomic<std::uint32_t>::is_always_lock_free);

constexpr const char* kKillAfterTask = "workload_kill_after";

// The registered "workload" task, copied before any fork (a worker must not take the registry's lock).
const TaskFn& workloadFn()
{
    static const TaskFn fn = *TaskRegistry::global().snapshot()->find("workload");
    return fn;
}

// workload_kill_after(spec_json, index, shared, after, chunk_tasks, last): workload(spec_json,
// index), then, on the call's last task, the handshake above.
std::any killAfterTask(const std::vector<std::any>& args)
{
    if (args.size() != 6)
        throw TypeError(std::string(kKillAfterTask) + "() takes 6 positional arguments but " +
                        std::to_string(args.size()) + " were given");
    std::any value;
    std::exception_ptr error; // a task's exception is a result too: it is sent the same way
    try {
        value = workloadFn()({args[0], args[1]});
    } catch (...) {
        error = std::current_exception();
    }
    if (valueAs<std::int64_t>(args[5]) != 0) {
        auto* k = reinterpret_cast<KillShared*>(static_cast<std::uintptr_t>(valueAs<std::int64_t>(args[2])));
        const auto after = valueAs<std::int64_t>(args[3]);
        const auto n = valueAs<std::int64_t>(args[4]);
        // Send while the results sent stay within K; the first call that would pass K is the victim.
        bool send = false;
        std::int64_t d = k->delivered.load(std::memory_order_acquire);
        while (!send && d + n <= after)
            send = k->delivered.compare_exchange_weak(d, d + n, std::memory_order_acq_rel);
        if (!send && k->claimed.exchange(1, std::memory_order_acq_rel) == 0) {
            k->deliveredAtClaim.store(d, std::memory_order_relaxed);
            k->victim.store(static_cast<std::uint32_t>(::getpid()), std::memory_order_release);
            sharedsync::futexWakeAll(k->victim);
            // Wait for the SIGKILL. Deliver after all if the run ends without it or the parent is gone.
            const pid_t parent = ::getppid();
            while (k->release.load(std::memory_order_acquire) == 0 && ::getppid() == parent) {
                const timespec tick{0, 100'000'000};
                sharedsync::futexWait(k->release, 0, &tick);
            }
        }
    }
    if (error)
        std::rethrow_exception(error);
    return value;
}

[[maybe_unused]] const bool g_killAfterRegistered = [] {
    workloadFn();
    TaskRegistry::global().add(kKillAfterTask, TaskFn(&killAfterTask));
    return true;
}();

// The parent's half: maps the shared words, and a thread that kills the victim.
class KillSwitch
{
public:
    explicit KillSwitch(std::int64_t after) : m_after(after)
    {
        void* p =
            ::mmap(nullptr, sizeof(KillShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            throw PyError("OSError", "mmap: cannot map kill_worker_after's shared words");
        m_shared = new (p) KillShared;
    }
    ~KillSwitch()
    {
        stop();
        m_shared->~KillShared();
        ::munmap(m_shared, sizeof(KillShared));
    }
    KillSwitch(const KillSwitch&) = delete;
    KillSwitch& operator=(const KillSwitch&) = delete;

    std::int64_t address() const
    {
        return static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(m_shared));
    }
    std::int64_t after() const { return m_after; }
    std::int32_t killedPid() const { return m_killed.load(std::memory_order_acquire); }

    void start(std::shared_ptr<ProcessPoolExecutor> pool, CallerObserver* observer)
    {
        m_thread = std::thread([this, pool = std::move(pool), observer] { watch(*pool, observer); });
    }
    // A done callback (the manager thread): n task results reached the pool.
    void arrived(std::int64_t n)
    {
        {
            std::lock_guard lock(m_mutex);
            m_arrived += n;
        }
        m_cond.notify_all();
    }
    // After the with-block: every worker is gone.
    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cond.notify_all();
        m_shared->release.store(1, std::memory_order_release);
        sharedsync::futexWakeAll(m_shared->release);
        sharedsync::futexWakeAll(m_shared->victim);
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    bool stopping()
    {
        std::lock_guard lock(m_mutex);
        return m_stop;
    }

    void watch(ProcessPoolExecutor& pool, CallerObserver* observer)
    {
        std::uint32_t pid = 0;
        while ((pid = m_shared->victim.load(std::memory_order_acquire)) == 0) {
            if (stopping())
                return;
            const timespec tick{0, 50'000'000};
            sharedsync::futexWait(m_shared->victim, 0, &tick);
        }
        const std::int64_t need = m_shared->deliveredAtClaim.load(std::memory_order_relaxed);
        {
            std::unique_lock lock(m_mutex);
            m_cond.wait(lock, [&] { return m_stop || m_arrived >= need; });
            if (m_stop)
                return;
        }
        // A worker forked a moment ago may answer before the pool has it in its table:
        // retry until the pool knows it, unless it is gone (the pool ended it first,
        // e.g. terminate_workers() after a timeout, and reaped it).
        while (!pool.signalWorker(static_cast<pid_t>(pid), SIGKILL)) {
            if (::kill(static_cast<pid_t>(pid), 0) != 0 || stopping())
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        m_killed.store(static_cast<std::int32_t>(pid), std::memory_order_release);
        if (observer)
            observer->notice("kill_worker_after " + std::to_string(m_after) + ": SIGKILL to worker " +
                             std::to_string(pid) + " while it ran a task, after " + std::to_string(need) +
                             " results");
    }

    const std::int64_t m_after;
    KillShared* m_shared = nullptr;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_cond;
    std::int64_t m_arrived = 0;
    bool m_stop = false;
    std::atomic<std::int32_t> m_killed{0};
};

// ---- the pools, behind one seam ----------------------------------------------

// map()'s generator as the caller sees it, for either pool. `futures` are what
// map() submitted, in input order, and `sizes` how many inputs each carries
// (1 on the thread pool; the chunk's length on the process pool).
class MapIterator
{
public:
    virtual ~MapIterator() = default;
    virtual std::optional<std::any> next() = 0;
    std::vector<FutureCorePtr> futures;
    std::vector<std::size_t> sizes;
};

class PoolAdapter
{
public:
    virtual ~PoolAdapter() = default;
    virtual FutureCorePtr submit(std::int64_t index) = 0;
    virtual std::unique_ptr<MapIterator> map(std::int64_t tasks, Timeout timeout, int chunksize) = 0;
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
    bool terminate(bool) override { return false; }

private:
    struct Iterator final : MapIterator
    {
        explicit Iterator(MapResult<TaskResult> r) : results(std::move(r)) {}
        std::optional<std::any> next() override
        {
            std::optional<TaskResult> v = results.next();
            if (!v)
                return std::nullopt;
            return std::move(v->value);
        }
        MapResult<TaskResult> results;
    };
    ThreadPoolExecutor& m_pool;
    const WorkloadSpec& m_spec;
};

// The process pool runs the registered task "workload": makeTask(spec, index)() in a
// worker process; the spec travels as JSON (with its payload bytes) in every call
// item, and the index beside it. With kill_worker_after the call is
// "workload_kill_after", which adds the handshake's arguments.
class ProcessAdapter final : public PoolAdapter
{
public:
    ProcessAdapter(ProcessPoolExecutor& pool, const WorkloadSpec& spec, const KillSwitch* kill)
        : m_pool(pool), m_json(workloadSpecToJson(spec)), m_kill(kill)
    {
    }
    FutureCorePtr submit(std::int64_t index) override
    {
        return m_pool.submitErased(function(), args(index, 1, true));
    }
    std::unique_ptr<MapIterator> map(std::int64_t tasks, Timeout timeout, int chunksize) override
    {
        std::vector<std::vector<std::any>> calls;
        calls.reserve(static_cast<std::size_t>(tasks));
        const std::int64_t k = std::max(1, chunksize);
        for (std::int64_t i = 0; i < tasks; ++i) {
            const std::int64_t start = i / k * k;
            const std::int64_t end = std::min(tasks, start + k); // the chunks mapErased makes
            calls.push_back(args(i, end - start, i == end - 1));
        }
        ProcessPoolExecutor::MapChunks chunks =
            m_pool.mapErased(function(), std::move(calls), timeout, chunksize);
        std::vector<FutureCorePtr> futures = chunks.futures;
        std::vector<std::size_t> sizes = chunks.sizes;
        auto it = std::make_unique<Iterator>(std::move(chunks));
        it->futures = std::move(futures);
        it->sizes = std::move(sizes);
        return it;
    }
    bool terminate(bool kill) override
    {
        if (kill)
            m_pool.killWorkers();
        else
            m_pool.terminateWorkers();
        return true;
    }

private:
    FunctionRef function() const { return FunctionRef::named(m_kill ? kKillAfterTask : "workload"); }
    std::vector<std::any> args(std::int64_t index, std::int64_t chunkTasks, bool last) const
    {
        if (!m_kill)
            return {std::any(m_json), std::any(index)};
        return {std::any(m_json),          std::any(index),      std::any(m_kill->address()),
                std::any(m_kill->after()), std::any(chunkTasks), std::any(std::int64_t(last ? 1 : 0))};
    }
    struct Iterator final : MapIterator
    {
        explicit Iterator(ProcessPoolExecutor::MapChunks c) : results(std::move(c)) {}
        std::optional<std::any> next() override { return results.next(); }
        ProcessMapResult<std::any> results;
    };
    ProcessPoolExecutor& m_pool;
    std::string m_json;
    const KillSwitch* m_kill;
};

// ---- the caller ---------------------------------------------------------------

class Caller
{
public:
    Caller(const Scenario& s, const CallerLoopOptions& o, CallerLoopResult& r) : m_s(s), m_o(o), m_r(r) {}

    void run();
    void noteError(const std::exception_ptr& e)
    {
        if (!m_r.errorType.empty())
            return;
        const ErrorInfo info = describeException(e);
        m_r.errorType = info.type;
        m_r.errorMessage = info.message;
        if (m_o.observer)
            m_o.observer->callerRaised(info.type, info.message);
    }

private:
    void track(const FutureCorePtr& f, std::size_t n)
    {
        m_fs.push_back(f);
        m_sizes.push_back(n);
        m_taken.push_back(0);
        m_index.emplace(f.get(), m_fs.size() - 1);
        if (m_kill)
            f->addDoneCallback(
                [k = m_kill, n](const FutureCorePtr&) { k->arrived(static_cast<std::int64_t>(n)); });
        if (m_o.observer)
            m_o.observer->futureTracked(f, n);
    }

    void submitAll(PoolAdapter& pool)
    {
        m_fs.reserve(static_cast<std::size_t>(m_s.tasks));
        for (std::int64_t i = 0; i < m_s.tasks; ++i) {
            track(pool.submit(i), 1);
            gilCheck(); // the submit loop is Python code: it checks the eval breaker
        }
    }

    void report(const FutureCorePtr& f, TakenOutcome::Kind kind, const std::string& type,
                const std::string& text)
    {
        if (m_o.observer)
            m_o.observer->outcomeTaken(f, TakenOutcome{kind, type, text});
    }

    // f.result(timeout): the value, or the exception raised here, as in Python.
    void take(const FutureCorePtr& f, Timeout timeout)
    {
        const std::any* value = nullptr;
        try {
            GilReleased unlocked; // waiting on the future's condition releases the GIL
            value = &f->resultAny(timeout);
        } catch (const TimeoutError&) {
            throw; // not done: nothing taken
        } catch (const CancelledError&) {
            m_taken[m_index[f.get()]] = 1;
            report(f, TakenOutcome::Kind::Cancelled, "CancelledError", {});
            throw;
        } catch (...) {
            m_taken[m_index[f.get()]] = 1;
            const ErrorInfo info = describeException(std::current_exception());
            if (m_r.firstTaskError.empty())
                m_r.firstTaskError = info.type + ": " + info.message;
            report(f, TakenOutcome::Kind::Exception, info.type, info.message);
            throw;
        }
        m_taken[m_index[f.get()]] = 1;
        m_r.resultBytes += resultBytes(*value);
        if (m_o.observer)
            report(f, TakenOutcome::Kind::Result, {}, pythonRepr(*value));
    }

    void callerCode(PoolAdapter& pool);
    void finishAfterTimeout(PoolAdapter& pool, Executor& executor);
    void countOutcomes();

    const Scenario& m_s;
    const CallerLoopOptions& m_o;
    CallerLoopResult& m_r;
    std::shared_ptr<KillSwitch> m_kill;
    std::vector<FutureCorePtr> m_fs;
    std::vector<std::size_t> m_sizes;
    std::unordered_map<const FutureCore*, std::size_t> m_index;
    std::vector<char> m_taken;   // submit styles: fs[i]'s outcome reached the caller
    std::int64_t m_mapTaken = 0; // map: inputs whose outcome the caller took
    bool m_timedOut = false;
};

// The Python the window shows for the scenario, step by step.
void Caller::callerCode(PoolAdapter& pool)
{
    if (m_s.submit == "map") {
        // results = list(ex.map(task, range(tasks), timeout=T, chunksize=K))
        std::unique_ptr<MapIterator> results = pool.map(m_s.tasks, m_s.timeoutS, m_s.chunksize);
        for (std::size_t i = 0; i < results->futures.size(); ++i)
            track(results->futures[i], results->sizes[i]);
        std::size_t chunk = 0;
        std::size_t inChunk = 0;
        for (;;) {
            std::optional<std::any> v;
            try {
                GilReleased unlocked;
                v = results->next();
            } catch (const TimeoutError&) {
                throw;
            } catch (const CancelledError&) {
                ++m_mapTaken;
                report(results->futures[chunk], TakenOutcome::Kind::Cancelled, "CancelledError", {});
                throw;
            } catch (...) {
                // A task's exception ends list(map(...)) here, as in Python.
                ++m_mapTaken;
                const ErrorInfo info = describeException(std::current_exception());
                m_r.firstTaskError = info.type + ": " + info.message;
                report(results->futures[chunk], TakenOutcome::Kind::Exception, info.type, info.message);
                throw;
            }
            if (!v)
                break;
            ++m_mapTaken;
            m_r.resultBytes += resultBytes(*v);
            if (++inChunk >= results->sizes[chunk]) {
                if (m_o.observer)
                    report(results->futures[chunk], TakenOutcome::Kind::Result, {},
                           pythonRepr(results->futures[chunk]->resultAny(0.0)));
                ++chunk;
                inChunk = 0;
            }
        }
    } else if (m_s.submit == "as_completed") {
        // for f in as_completed(fs, timeout=T): f.result()
        submitAll(pool);
        AsCompleted it(m_fs, m_s.timeoutS);
        for (;;) {
            FutureCorePtr f;
            {
                GilReleased unlocked;
                f = it.next();
            }
            if (!f)
                break;
            take(f, Timeout{});
        }
    } else if (m_s.submit == "wait") {
        // done, not_done = wait(fs, timeout=T); for f in done: f.result()
        submitAll(pool);
        DoneAndNotDone r;
        {
            GilReleased unlocked;
            r = wait(m_fs, m_s.timeoutS, ReturnWhen::AllCompleted);
        }
        // wait() does not raise; what it left undone is the caller's to handle.
        m_timedOut = !r.notDone.empty();
        if (m_timedOut && m_o.observer)
            m_o.observer->notice("wait() returned with " + std::to_string(r.notDone.size()) +
                                 " futures not done");
        for (const auto& f : r.done)
            take(f, Timeout{});
    } else {
        // for f in fs: f.result(timeout=T): each call waits up to T on its own
        submitAll(pool);
        for (const auto& f : m_fs)
            take(f, m_s.timeoutS);
    }
}

void Caller::finishAfterTimeout(PoolAdapter& pool, Executor& executor)
{
    AfterTimeout at;
    at.requested = m_s.onTimeout;
    if (m_o.runningTasks) {
        at.stillRunning = std::max<std::int64_t>(0, m_o.runningTasks());
    } else {
        for (const auto& f : m_fs)
            at.stillRunning += f->running() ? 1 : 0;
    }
    const std::int64_t t0 = nowNs();
    GilReleased unlocked; // joining and terminating release the GIL
    const bool stop = m_s.onTimeout == "terminate" || m_s.onTimeout == "kill";
    std::string what;
    if (stop && pool.terminate(m_s.onTimeout == "kill")) {
        at.action = m_s.onTimeout;
        at.note =
            std::string(m_s.onTimeout == "kill" ? "SIGKILL" : "SIGTERM") +
            " to every worker, then the with-block's shutdown(wait=True) reaped them instead of waiting "
            "for the running tasks";
        what = m_s.onTimeout == "kill" ? "kill_workers()" : "terminate_workers()";
    } else if (stop) {
        at.action = "cancel";
        at.note = "threads cannot be terminated: shutdown(wait=True, cancel_futures=True) waited for the "
                  "running tasks to finish";
        what = "shutdown(wait=True, cancel_futures=True)";
        executor.shutdown(true, true);
    } else if (m_s.onTimeout == "cancel") {
        at.action = "cancel";
        what = "shutdown(wait=True, cancel_futures=True)";
        executor.shutdown(true, true);
    } else {
        at.action = "wait";
        at.note = "the with-block's shutdown(wait=True) ran every queued and running task to the end";
        what = "shutdown(wait=True)";
    }
    executor.shutdown(true, false); // leaving the with-block; part of the cost
    at.costS = static_cast<double>(nowNs() - t0) / 1e9;
    if (m_o.observer) {
        std::ostringstream line;
        line << "on_timeout " << at.requested << ": " << (at.note.empty() ? what : at.note) << " ("
             << at.stillRunning << " still running, " << at.costS << " s)";
        m_o.observer->notice(line.str());
    }
    m_r.afterTimeout = at;
}

// Outcomes from the futures' final states (after shutdown), as the executor saw
// them, and how many of them the caller never took.
void Caller::countOutcomes()
{
    std::int64_t submitted = 0;
    std::int64_t taken = 0;
    for (std::size_t i = 0; i < m_fs.size(); ++i) {
        const auto n = static_cast<std::int64_t>(m_sizes[i]);
        submitted += n;
        taken += m_taken[i] ? n : 0;
        const FutureCorePtr& f = m_fs[i];
        if (f->cancelled())
            m_r.cancelled += n;
        else if (!f->done())
            m_r.unfinished += n;
        else if (f->exception(0.0))
            m_r.failed += n;
        else
            m_r.completed += n;
    }
    if (m_s.submit == "map")
        taken = m_mapTaken;
    m_r.failed += m_s.tasks - submitted; // refused by a broken pool, or never submitted
    m_r.notTaken = m_s.tasks - taken;
}

void Caller::run()
{
    WorkloadSpec spec = m_s.workload;
    RunResources resources(m_s, spec, m_o.events); // fills in the http port and the temp dir
    Scenario s = m_s;
    s.workload = spec;
    const bool process = s.pool == "process";
    // Mapped before the pool forks its workers, and unmapped only after they are gone.
    if (process && s.killWorkerAfter)
        m_kill = std::make_shared<KillSwitch>(*s.killWorkerAfter);
    std::shared_ptr<Executor> pool;
    std::shared_ptr<ThreadPoolExecutor> tp;
    std::shared_ptr<ProcessPoolExecutor> pp;
    std::shared_ptr<Gil> gil;
    if (process) {
        // Each worker process has its own interpreter and GIL, never contended: no Gil here.
        ProcessPoolOptions popt;
        popt.maxWorkers = s.workers;
        if (s.maxTasksPerChild > 0)
            popt.maxTasksPerChild = s.maxTasksPerChild;
        popt.extraQueuedCalls = s.extraQueuedCalls;
        popt.events = m_o.events;
        pp = std::make_shared<ProcessPoolExecutor>(popt);
        pool = pp;
    } else {
        if (s.gil)
            gil = std::make_shared<Gil>(s.switchIntervalMs / 1000.0);
        ThreadPoolOptions topt;
        topt.maxWorkers = s.workers;
        topt.events = m_o.events;
        topt.gil = gil;
        tp = std::make_shared<ThreadPoolExecutor>(topt);
        if (gil && m_o.events)
            gil->setEvents(m_o.events, tp->executorId());
        pool = tp;
    }
    if (m_kill)
        m_kill->start(pp, m_o.observer);
    if (m_o.observer)
        m_o.observer->poolCreated(pool, pp);
    std::unique_ptr<PoolAdapter> adapter;
    if (process)
        adapter = std::make_unique<ProcessAdapter>(*pp, s.workload, m_kill.get());
    else
        adapter = std::make_unique<ThreadAdapter>(*tp, s.workload);
    {
        // The with-block: leaving it calls shutdown(wait=True), also on an exception.
        struct WithBlock
        {
            Executor& pool;
            ~WithBlock()
            {
                GilReleased unlocked; // joining releases the GIL
                pool.shutdown(true, false);
            }
        } with{*pool};
        // The caller is a Python thread too: it holds the GIL while it runs Python
        // and releases it while it blocks.
        GilAttach caller(gil.get());
        try {
            callerCode(*adapter);
        } catch (const TimeoutError&) {
            m_timedOut = true;
            noteError(std::current_exception());
        } catch (...) {
            noteError(std::current_exception());
        }
        if (m_timedOut)
            finishAfterTimeout(*adapter, *pool);
    }
    if (m_kill) {
        m_kill->stop();
        m_r.killedPid = m_kill->killedPid();
    }
    countOutcomes();
    if (pp) {
        m_r.broken = pp->broken();
        m_r.brokenMessage = pp->brokenReason();
    } else {
        m_r.broken = tp->broken();
    }
    m_r.gilOn = static_cast<bool>(gil);
    if (gil)
        m_r.gil = gil->stats();
}

} // namespace

CallerLoopResult runCallerLoop(const Scenario& s, const CallerLoopOptions& options)
{
    CallerLoopResult r;
    Caller caller(s, options, r);
    try {
        caller.run();
    } catch (...) {
        caller.noteError(std::current_exception()); // the pool or the resources could not be made
    }
    return r;
}

std::string pythonRepr(const std::any& v)
{
    if (!v.has_value())
        return "None";
    if (const auto* p = std::any_cast<std::int64_t>(&v))
        return std::to_string(*p);
    if (const auto* p = std::any_cast<int>(&v))
        return std::to_string(*p);
    if (const auto* p = std::any_cast<std::uint64_t>(&v))
        return std::to_string(*p);
    if (const auto* p = std::any_cast<bool>(&v))
        return *p ? "True" : "False";
    if (const auto* p = std::any_cast<double>(&v)) {
        std::ostringstream os;
        os << *p;
        return os.str();
    }
    if (const auto* p = std::any_cast<std::string>(&v)) {
        // Binary results (a factorial's bytes, a digest) show their size, not their bytes.
        const bool text = std::all_of(p->begin(), p->end(), [](char c) { return c >= 0x20 && c < 0x7f; });
        if (!text)
            return "<" + std::to_string(p->size()) + " bytes>";
        return "'" + (p->size() > 60 ? p->substr(0, 60) + "..." : *p) + "'";
    }
    if (const auto* p = std::any_cast<std::vector<std::any>>(&v)) {
        // A process pool's map chunk: _process_chunk returns a list.
        std::string out = "[";
        for (std::size_t i = 0; i < p->size(); ++i)
            out += (i ? ", " : "") + pythonRepr((*p)[i]);
        return out + "]";
    }
    if (const auto* p = std::any_cast<TaskResult>(&v))
        return pythonRepr(p->value);
    if (const auto* p = std::any_cast<std::any>(&v))
        return pythonRepr(*p);
    return "<" + demangle(v.type().name()) + ">";
}

} // namespace poolscope
