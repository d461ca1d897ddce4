#include "ui/run/runsession.h"

#include "core/events/eventgate.h"
#include "core/futures/executor.h"
#include "core/process/processpoolexecutor.h"
#include "core/run/callerloop.h"
#include "ui/run/eventbridge.h"

#include <chrono>
#include <csignal>

namespace poolscope::ui {

Scenario RunSpec::defaultScenario()
{
    Scenario s;
    s.name = "custom";
    s.pool = "thread";
    s.workers = 4;
    s.tasks = 12;
    s.workload.name = "sleep";
    s.workload.taskMs = 300;
    s.submit = "as_completed";
    s.onTimeout = "wait";
    return s;
}

std::string RunSpec::validate() const
{
    if (scenario.pool != "thread" && scenario.pool != "process")
        return "pool: the window shows thread and process pools ('" + scenario.pool +
               "' runs in poolscope-cli compare)";
    if (scenario.workers < 1 || scenario.workers > kMaxWorkers)
        return "workers: must be between 1 and " + std::to_string(kMaxWorkers) + " in the window";
    if (scenario.tasks < 1 || scenario.tasks > kMaxTasks)
        return "tasks: must be between 1 and " + std::to_string(kMaxTasks) + " in the window";
    if (!(speed > 0 && speed <= 1))
        return "speed: must be > 0 and <= 1";
    try {
        validateScenario(scenario);
    } catch (const ScenarioError& e) {
        // "scenario.workload.bytes: ..." -> "workload.bytes: ..."
        std::string msg = e.what();
        const std::string prefix = "scenario.";
        if (msg.rfind(prefix, 0) == 0)
            msg.erase(0, prefix.size());
        return msg;
    }
    return {};
}

Scenario slowedScenario(const RunSpec& spec)
{
    // Slow motion paces the events on the run clock (the gate's pacer, executiongate.h);
    // the work itself keeps its size, so the run ends as it does at real speed.
    return spec.scenario;
}

RunSession::RunSession(RunSpec spec, EventBridge* bridge, std::uint64_t generation)
    : m_spec(std::move(spec)), m_bridge(bridge), m_generation(generation), m_gate(bridge->gate().coreGate())
{
}

RunSession::~RunSession()
{
    abort();
    join();
}

void RunSession::start()
{
    m_live.fetch_add(1, std::memory_order_acq_rel);
    m_caller = std::thread([this] {
        callerMain();
        m_live.fetch_sub(1, std::memory_order_acq_rel);
    });
}

void RunSession::helper(std::function<void()> fn)
{
    std::lock_guard lock(m_mutex);
    m_live.fetch_add(1, std::memory_order_acq_rel);
    m_helpers.emplace_back([this, fn = std::move(fn)] {
        try {
            fn();
        } catch (...) {
            const ErrorInfo info = describeException(std::current_exception());
            m_bridge->postNotice(m_generation,
                                 RunNotice{RunNotice::Kind::HelperError, info.type, info.message});
        }
        m_live.fetch_sub(1, std::memory_order_acq_rel);
    });
}

void RunSession::join()
{
    if (m_caller.joinable())
        m_caller.join();
    std::vector<std::thread> helpers;
    {
        std::lock_guard lock(m_mutex);
        helpers.swap(m_helpers);
    }
    for (auto& t : helpers)
        if (t.joinable())
            t.join();
}

std::shared_ptr<Executor> RunSession::pool() const
{
    std::lock_guard lock(m_mutex);
    return m_pool;
}

std::shared_ptr<ProcessPoolExecutor> RunSession::processPool() const
{
    std::lock_guard lock(m_mutex);
    return m_processPool;
}

void RunSession::cancelFuture(std::int64_t taskId)
{
    FutureCorePtr f;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_byId.find(taskId);
        if (it == m_byId.end())
            return;
        f = it->second;
    }
    helper([this, f] {
        const bool ok = f->cancel();
        RunNotice n{RunNotice::Kind::CancelReturned};
        n.value = ok ? 1 : 0;
        m_bridge->postNotice(m_generation, std::move(n));
    });
}

void RunSession::shutdown(bool wait, bool cancelFutures)
{
    helper([this, wait, cancelFutures] {
        if (auto p = pool())
            p->shutdown(wait, cancelFutures);
    });
}

bool RunSession::canKillWorkers() const
{
    return m_spec.pool() == PoolKind::Process;
}

bool RunSession::killWorker(std::int32_t pid)
{
    // Threads cannot be killed (as in Python); processes can.
    auto pp = processPool();
    if (!pp)
        return false;
    helper([this, pp, pid] {
        const bool ok = pp->signalWorker(pid, SIGKILL);
        if (!ok) {
            RunNotice n{RunNotice::Kind::NotALiveWorker};
            n.value = pid;
            m_bridge->postNotice(m_generation, std::move(n));
        }
    });
    return true;
}

void RunSession::abort()
{
    if (m_aborted.exchange(true))
        return;
    auto p = pool();
    if (!p)
        return; // callerMain sees m_aborted right after it creates the pool
    auto pp = processPool();
    helper([this, p, pp] {
        if (pp)
            pp->terminateWorkers(); // shutdown(wait=False, cancel_futures=True), then SIGTERM: no child
                                    // lingers
        else
            p->shutdown(false, true);
        // As in CPython, futures cancelled by cancel_futures are never reported
        // to wait()/as_completed() (no executor dequeues them), so a caller
        // blocked there would never return. A reset must end the run: do what
        // a dequeue would, and notify their waiters. A process pool's manager
        // thread cancels asynchronously, so keep at it until the caller is out.
        while (!m_callerDone.load(std::memory_order_acquire)) {
            std::vector<FutureCorePtr> fs;
            {
                std::lock_guard lock(m_mutex);
                fs = m_futures;
            }
            for (const auto& f : fs) {
                if (f->status() == FutureStatus::Cancelled) {
                    try {
                        f->setRunningOrNotifyCancel();
                    } catch (...) {
                        // A worker dequeued it in between: it notified already.
                    }
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
}

// A done future's outcome, for the ones the caller never took.
void RunSession::report(const FutureCorePtr& f)
{
    FutureOutcome o;
    o.task = f->id();
    try {
        o.text = pythonRepr(f->resultAny(0.0), reprHintFor(m_spec.scenario.workload));
        o.kind = FutureOutcome::Kind::Result;
    } catch (const CancelledError&) {
        o.kind = FutureOutcome::Kind::Cancelled;
        o.type = "CancelledError";
    } catch (const TimeoutError&) {
        return; // not done
    } catch (...) {
        const ErrorInfo info = describeException(std::current_exception());
        o.kind = FutureOutcome::Kind::Exception;
        o.type = info.type;
        o.text = info.message;
    }
    post(std::move(o));
}

void RunSession::reportRemaining()
{
    std::vector<FutureCorePtr> fs;
    {
        std::lock_guard lock(m_mutex);
        fs = m_futures;
    }
    for (const auto& f : fs)
        if (f->done())
            report(f);
}

// The session's observer of the caller loop: it keeps what interventions need
// and posts what the caller takes and hears to the bridge.
class RunSession::Observer final : public CallerObserver
{
public:
    explicit Observer(RunSession& session) : m_session(session) {}

    void poolCreated(const std::shared_ptr<Executor>& pool,
                     const std::shared_ptr<ProcessPoolExecutor>& process) override
    {
        RunSession& s = m_session;
        {
            std::lock_guard lock(s.m_mutex);
            s.m_pool = pool;
            s.m_processPool = process;
        }
        if (s.m_aborted.load()) {
            s.m_aborted.store(false);
            s.abort();
        }
    }
    void futureTracked(const FutureCorePtr& f, std::size_t) override
    {
        std::lock_guard lock(m_session.m_mutex);
        m_session.m_futures.push_back(f);
        m_session.m_byId.emplace(f->id(), f);
    }
    void outcomeTaken(const FutureCorePtr& f, const TakenOutcome& taken) override
    {
        FutureOutcome o;
        o.task = f->id();
        o.kind = taken.kind == TakenOutcome::Kind::Result      ? FutureOutcome::Kind::Result
                 : taken.kind == TakenOutcome::Kind::Exception ? FutureOutcome::Kind::Exception
                                                               : FutureOutcome::Kind::Cancelled;
        o.type = taken.type;
        o.text = taken.text;
        m_session.post(std::move(o));
    }
    void callerRaised(const std::string& type, const std::string& message) override
    {
        m_session.m_bridge->postNotice(m_session.m_generation,
                                       RunNotice{RunNotice::Kind::CallerError, type, message});
    }
    void notice(const CallerNotice& notice) override
    {
        RunNotice n{RunNotice::Kind::Caller};
        n.caller = notice;
        m_session.m_bridge->postNotice(m_session.m_generation, std::move(n));
    }

private:
    RunSession& m_session;
};

std::optional<RunOutcome> RunSession::outcome() const
{
    std::lock_guard lock(m_mutex);
    return m_outcome;
}

void RunSession::post(FutureOutcome o)
{
    bool fresh = false;
    {
        std::lock_guard lock(m_mutex);
        fresh = m_reported.emplace(o.task, true).second;
    }
    if (fresh)
        m_bridge->postOutcome(m_generation, std::move(o));
}

void RunSession::callerMain()
{
    auto stream = std::make_shared<EventStream>(m_bridge->sinkForRun(m_generation));
    // Pausing happens in core when the gate lives there: install it before the
    // executor starts, so forked workers inherit it.
    if (m_gate)
        stream->setGate(m_gate);
    Observer observer(*this);
    CallerLoopOptions options;
    options.events = stream;
    options.observer = &observer;
    const auto started = std::chrono::steady_clock::now();
    const CallerLoopResult r = runCallerLoop(slowedScenario(m_spec), options);
    RunOutcome o;
    o.tasks = m_spec.scenario.tasks;
    o.completed = r.completed;
    o.failed = r.failed;
    o.cancelled = r.cancelled;
    o.unfinished = r.unfinished;
    o.notTaken = r.notTaken;
    o.wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    o.resultBytes = r.resultBytes;
    o.errorType = r.errorType;
    o.errorMessage = r.errorMessage;
    o.firstTaskError = r.firstTaskError;
    o.broken = r.broken;
    o.brokenMessage = r.broken ? r.brokenMessage : "";
    o.killedPid = r.killedPid;
    {
        std::lock_guard lock(m_mutex);
        m_outcome = std::move(o);
    }
    reportRemaining();
    m_callerDone.store(true, std::memory_order_release);
    m_bridge->postNotice(m_generation, RunNotice{RunNotice::Kind::Finished, {}, {}});
}

} // namespace poolscope::ui
