#include "core/run/callerloop.h"

#include "core/futures/wait.h"
#include "core/process/processpoolexecutor.h"
#include "core/run/killswitch.h"
#include "core/run/pooladapter.h"
#include "core/run/runresources.h"
#include "core/thread/threadpoolexecutor.h"
#include "core/workload/workload.h"

#include <algorithm>
#include <unordered_map>

namespace poolscope {

namespace {

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
            report(f, TakenOutcome::Kind::Result, {}, pythonRepr(*value, reprHintFor(m_s.workload)));
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
                           pythonRepr(results->futures[chunk]->resultAny(0.0), reprHintFor(m_s.workload)));
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
            m_o.observer->notice(WaitLeftUndone{static_cast<std::int64_t>(r.notDone.size())});
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
    if (stop && pool.terminate(m_s.onTimeout == "kill")) {
        at.action = m_s.onTimeout;
        at.note =
            std::string(m_s.onTimeout == "kill" ? "SIGKILL" : "SIGTERM") +
            " to every worker, then the with-block's shutdown(wait=True) reaped them instead of waiting "
            "for the running tasks";
    } else if (stop) {
        at.action = "cancel";
        at.note = "threads cannot be terminated: shutdown(wait=True, cancel_futures=True) waited for the "
                  "running tasks to finish";
        executor.shutdown(true, true);
    } else if (m_s.onTimeout == "cancel") {
        at.action = "cancel";
        executor.shutdown(true, true);
    } else {
        at.action = "wait";
        at.note = "the with-block's shutdown(wait=True) ran every queued and running task to the end";
    }
    executor.shutdown(true, false); // leaving the with-block; part of the cost
    at.costS = static_cast<double>(nowNs() - t0) / 1e9;
    if (m_o.observer)
        m_o.observer->notice(at);
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
        adapter = PoolAdapter::forProcesses(*pp, s.workload, m_kill.get());
    else
        adapter = PoolAdapter::forThreads(*tp, s.workload);
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

} // namespace poolscope
