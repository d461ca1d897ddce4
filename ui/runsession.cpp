#include "runsession.h"

#include "eventbridge.h"
#include "eventgate.h"
#include "processpoolexecutor.h"
#include "threadpoolexecutor.h"
#include "wait.h"
#include "workload.h"

#include <csignal>
#include <cxxabi.h>

#include <cmath>
#include <sstream>

namespace poolscope::ui {

const char* submitStyleName(SubmitStyle s) noexcept
{
    switch (s) {
    case SubmitStyle::AsCompleted:
        return "as_completed";
    case SubmitStyle::Map:
        return "map";
    case SubmitStyle::Wait:
        return "wait";
    }
    return "as_completed";
}

std::string RunSpec::validate() const
{
    if (workers < 1 || workers > kMaxWorkers)
        return "workers: must be between 1 and " + std::to_string(kMaxWorkers);
    if (tasks < 1 || tasks > kMaxTasks)
        return "tasks: must be between 1 and " + std::to_string(kMaxTasks);
    if (!isWorkload(workload))
        return "workload: unknown workload '" + workload + "'";
    if (!(taskMs >= 0 && taskMs <= kMaxTaskMs))
        return "task_ms: must be between 0 and " + std::to_string(static_cast<int>(kMaxTaskMs));
    if (chunksize < 1)
        return "chunksize: must be >= 1";
    if (timeoutS && !(*timeoutS > 0))
        return "timeout: must be > 0 seconds, or empty for None";
    if (!(switchIntervalMs > 0 && switchIntervalMs <= 1000))
        return "switch_interval_ms: must be > 0 and <= 1000";
    if (maxTasksPerChild && *maxTasksPerChild < 1)
        return "max_tasks_per_child: must be >= 1, or empty for None";
    if (!(speed > 0 && speed <= 1))
        return "speed: must be > 0 and <= 1";
    return {};
}

namespace {

std::string demangle(const char* name)
{
    int status = 0;
    char* out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    std::string s = status == 0 && out ? out : name;
    std::free(out);
    return s;
}

// A short repr of a task's result, like Python would print it.
std::string reprOf(const std::any& v)
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
        std::string s = "'" + (p->size() > 60 ? p->substr(0, 60) + "..." : *p) + "'";
        return s;
    }
    if (const auto* p = std::any_cast<std::any>(&v))
        return reprOf(*p);
    return "<" + demangle(v.type().name()) + ">";
}

} // namespace

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
            m_bridge->postNotice(m_generation, RunNotice{RunNotice::Kind::Info, info.type, info.message});
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
        m_bridge->postNotice(m_generation,
                             RunNotice{RunNotice::Kind::Info, "cancel",
                                       ok ? "cancel() returned True" : "cancel() returned False"});
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
    return m_spec.pool == PoolKind::Process;
}

bool RunSession::killWorker(std::int32_t pid)
{
    // Threads cannot be killed (as in Python); processes can.
    auto pp = processPool();
    if (!pp)
        return false;
    helper([this, pp, pid] {
        const bool ok = pp->signalWorker(pid, SIGKILL);
        if (!ok)
            m_bridge->postNotice(m_generation,
                                 RunNotice{RunNotice::Kind::Info, "kill",
                                           "process " + std::to_string(pid) + " is not a live worker"});
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

void RunSession::report(const FutureCorePtr& f, bool raise)
{
    FutureOutcome o;
    o.task = f->id();
    std::exception_ptr raised;
    try {
        o.text = reprOf(f->resultAny(0.0));
        o.kind = FutureOutcome::Kind::Result;
    } catch (const CancelledError&) {
        o.kind = FutureOutcome::Kind::Cancelled;
        o.type = "CancelledError";
        raised = std::current_exception();
    } catch (const TimeoutError&) {
        return; // not done yet: reported later
    } catch (...) {
        const ErrorInfo info = describeException(std::current_exception());
        o.kind = FutureOutcome::Kind::Exception;
        o.type = info.type;
        o.text = info.message;
        raised = std::current_exception();
    }
    bool fresh = false;
    {
        std::lock_guard lock(m_mutex);
        fresh = m_reported.emplace(o.task, true).second;
    }
    if (fresh)
        m_bridge->postOutcome(m_generation, std::move(o));
    // The code shown calls f.result(): an exception (or CancelledError) leaves
    // the loop there, as it would in Python.
    if (raise && raised)
        std::rethrow_exception(raised);
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
            report(f, false);
}

void RunSession::callerMain()
{
    auto stream = std::make_shared<EventStream>(m_bridge->sinkForRun(m_generation));
    // Pausing happens in core when the gate lives there: install it before the
    // executor starts, so forked workers inherit it.
    if (m_gate)
        stream->setGate(m_gate);
    WorkloadSpec workload;
    workload.name = m_spec.workload;
    // Slow motion: the tasks themselves take longer, so the real executor's
    // timing (queueing, overlap, GIL hand-offs) stays what it would be.
    workload.taskMs = m_spec.taskMs / m_spec.speed;
    const Timeout timeout = m_spec.timeoutS ? Timeout(*m_spec.timeoutS / m_spec.speed) : Timeout();
    auto track = [this](const FutureCorePtr& f) {
        std::lock_guard lock(m_mutex);
        m_futures.push_back(f);
        m_byId.emplace(f->id(), f);
    };
    const bool process = m_spec.pool == PoolKind::Process;
    const std::string specJson = workloadSpecToJson(workload);
    try {
        std::shared_ptr<Executor> pool;
        std::shared_ptr<ThreadPoolExecutor> tp;
        std::shared_ptr<ProcessPoolExecutor> pp;
        if (process) {
            ProcessPoolOptions options;
            options.maxWorkers = m_spec.workers;
            options.maxTasksPerChild = m_spec.maxTasksPerChild;
            options.events = stream;
            pp = std::make_shared<ProcessPoolExecutor>(options);
            pool = pp;
        } else {
            ThreadPoolOptions options;
            options.maxWorkers = m_spec.workers;
            options.events = stream;
            tp = std::make_shared<ThreadPoolExecutor>(options);
            pool = tp;
        }
        {
            std::lock_guard lock(m_mutex);
            m_pool = pool;
            m_processPool = pp;
        }
        if (m_aborted.load()) {
            m_aborted.store(false);
            abort();
        }
        if (pp && m_gate) {
            // Worker processes publish into shared-memory rings that the manager
            // drains when it wakes. While the gate holds the manager too, a
            // worker's stepped event would sit there unseen: drain them here.
            helper([this, pp] {
                while (!m_callerDone.load(std::memory_order_acquire)) {
                    if (m_gate->paused())
                        pp->drainWorkerEvents();
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
            });
        }
        // The with-block: leaving it calls shutdown(wait=True), also on an exception.
        struct WithBlock
        {
            std::shared_ptr<Executor>& pool;
            ~WithBlock() { pool->shutdown(true, false); }
        } with{pool};
        auto submitOne = [&](std::int64_t i) {
            // A process pool calls the registered "workload" task by name, the way
            // pickle names a function; a thread pool calls it directly.
            return process
                       ? pp->submitErased(FunctionRef::named("workload"), {std::any(specJson), std::any(i)})
                       : tp->submitErased(makeTask(workload, i));
        };
        try {
            switch (m_spec.submit) {
            case SubmitStyle::AsCompleted: {
                std::vector<FutureCorePtr> fs;
                for (std::int64_t i = 0; i < m_spec.tasks; ++i) {
                    fs.push_back(submitOne(i));
                    track(fs.back());
                }
                AsCompleted it(fs, timeout);
                while (FutureCorePtr f = it.next())
                    report(f);
                break;
            }
            case SubmitStyle::Map: {
                if (process) {
                    // Each chunk is one call item and one future.
                    std::vector<std::vector<std::any>> calls;
                    calls.reserve(static_cast<std::size_t>(m_spec.tasks));
                    for (std::int64_t i = 0; i < m_spec.tasks; ++i)
                        calls.push_back({std::any(specJson), std::any(i)});
                    ProcessMapResult<std::any> results(pp->mapErased(
                        FunctionRef::named("workload"), std::move(calls), timeout, m_spec.chunksize));
                    const std::vector<FutureCorePtr> fs = results.chunkFutures();
                    for (const auto& f : fs)
                        track(f);
                    std::size_t yielded = 0;
                    std::size_t chunk = 0;
                    std::size_t inChunk = 0;
                    while (results.next()) {
                        ++yielded;
                        if (++inChunk >= results.chunkSizes()[chunk]) {
                            report(fs[chunk++], false);
                            inChunk = 0;
                        }
                    }
                    (void)yielded;
                } else {
                    std::vector<std::int64_t> inputs(static_cast<std::size_t>(m_spec.tasks));
                    for (std::size_t i = 0; i < inputs.size(); ++i)
                        inputs[i] = static_cast<std::int64_t>(i);
                    auto results = tp->map([workload](std::int64_t i) { return makeTask(workload, i)(); },
                                           inputs, timeout, m_spec.chunksize);
                    const std::vector<FutureCorePtr> fs = results.futures();
                    for (const auto& f : fs)
                        track(f);
                    std::size_t i = 0;
                    while (results.next())
                        report(fs[i++], false);
                }
                break;
            }
            case SubmitStyle::Wait: {
                std::vector<FutureCorePtr> fs;
                for (std::int64_t i = 0; i < m_spec.tasks; ++i) {
                    fs.push_back(submitOne(i));
                    track(fs.back());
                }
                const DoneAndNotDone r = wait(fs, timeout, ReturnWhen::AllCompleted);
                for (const auto& f : r.done)
                    report(f);
                if (!r.notDone.empty())
                    m_bridge->postNotice(m_generation, RunNotice{RunNotice::Kind::Info, "wait",
                                                                 "wait() returned with " +
                                                                     std::to_string(r.notDone.size()) +
                                                                     " futures not done"});
                break;
            }
            }
        } catch (...) {
            const ErrorInfo info = describeException(std::current_exception());
            m_bridge->postNotice(m_generation,
                                 RunNotice{RunNotice::Kind::CallerError, info.type, info.message});
        }
    } catch (...) {
        const ErrorInfo info = describeException(std::current_exception());
        m_bridge->postNotice(m_generation, RunNotice{RunNotice::Kind::CallerError, info.type, info.message});
    }
    reportRemaining();
    m_callerDone.store(true, std::memory_order_release);
    m_bridge->postNotice(m_generation, RunNotice{RunNotice::Kind::Finished, {}, {}});
}

} // namespace poolscope::ui
