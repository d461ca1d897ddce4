#include "ui/run/runsession.h"

#include "ui/run/eventbridge.h"
#include "core/events/eventgate.h"
#include "core/workload/gil.h"
#include "core/workload/httpserver.h"
#include "core/process/processpoolexecutor.h"
#include "core/run/runresources.h"
#include "core/thread/threadpoolexecutor.h"
#include "core/futures/wait.h"
#include "core/workload/workload.h"

#include <csignal>
#include <cxxabi.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

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
    Scenario s = spec.scenario;
    const double k = 1.0 / spec.speed;
    if (k == 1.0)
        return s;
    s.workload.taskMs *= k;
    s.workload.latencyMs *= k;
    s.workload.ioMs *= k;
    s.workload.cpuMs *= k;
    if (s.timeoutS)
        *s.timeoutS *= k;
    return s;
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
        // Binary results (a factorial's bytes, a digest) show their size, not their bytes.
        const bool text = std::all_of(p->begin(), p->end(), [](char c) { return c >= 0x20 && c < 0x7f; });
        if (!text)
            return "<" + std::to_string(p->size()) + " bytes>";
        return "'" + (p->size() > 60 ? p->substr(0, 60) + "..." : *p) + "'";
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
    const Scenario sc = slowedScenario(m_spec);
    // kill_worker_after (process pool): SIGKILL one worker once that many results
    // arrived, as poolscope-cli does (done callbacks run on the manager thread).
    struct KillAfter
    {
        std::weak_ptr<ProcessPoolExecutor> pool;
        std::int64_t after = 0;
        std::atomic<std::int64_t> arrived{0};
        std::atomic<bool> fired{false};
        void fire()
        {
            if (fired.exchange(true))
                return;
            if (auto p = pool.lock()) {
                const auto live = p->processes();
                if (!live.empty())
                    p->signalWorker(live.front().pid, SIGKILL);
            }
        }
    };
    std::shared_ptr<KillAfter> killAfter;
    auto track = [this, &killAfter](const FutureCorePtr& f, std::int64_t n = 1) {
        {
            std::lock_guard lock(m_mutex);
            m_futures.push_back(f);
            m_byId.emplace(f->id(), f);
        }
        if (!killAfter)
            return;
        if (killAfter->after == 0)
            killAfter->fire(); // as soon as the workers exist
        else
            f->addDoneCallback([k = killAfter, n](const FutureCorePtr&) {
                if (k->arrived.fetch_add(n) + n >= k->after)
                    k->fire();
            });
    };
    auto caller = [this](const std::string& type, const std::string& text) {
        m_bridge->postNotice(m_generation, RunNotice{RunNotice::Kind::CallerError, type, text});
    };
    auto info = [this](const std::string& text) {
        m_bridge->postNotice(m_generation, RunNotice{RunNotice::Kind::Info, {}, text});
    };
    const bool process = sc.pool == "process";
    try {
        WorkloadSpec workload = sc.workload;
        RunResources resources(sc, workload, "poolscope-gui");
        const std::string specJson = workloadSpecToJson(workload);
        std::shared_ptr<Executor> pool;
        std::shared_ptr<ThreadPoolExecutor> tp;
        std::shared_ptr<ProcessPoolExecutor> pp;
        std::shared_ptr<Gil> gil;
        if (process) {
            // Each worker process has its own interpreter and GIL, never contended.
            ProcessPoolOptions options;
            options.maxWorkers = sc.workers;
            if (sc.maxTasksPerChild > 0)
                options.maxTasksPerChild = sc.maxTasksPerChild;
            options.extraQueuedCalls = sc.extraQueuedCalls;
            options.events = stream;
            pp = std::make_shared<ProcessPoolExecutor>(options);
            pool = pp;
        } else {
            if (sc.gil)
                gil = std::make_shared<Gil>(sc.switchIntervalMs / 1000.0);
            ThreadPoolOptions options;
            options.maxWorkers = sc.workers;
            options.events = stream;
            options.gil = gil;
            tp = std::make_shared<ThreadPoolExecutor>(options);
            if (gil)
                gil->setEvents(stream, tp->executorId());
            pool = tp;
        }
        {
            std::lock_guard lock(m_mutex);
            m_pool = pool;
            m_processPool = pp;
        }
        if (pp && sc.killWorkerAfter) {
            killAfter = std::make_shared<KillAfter>();
            killAfter->pool = pp;
            killAfter->after = *sc.killWorkerAfter;
        }
        if (m_aborted.load()) {
            m_aborted.store(false);
            abort();
        }
        // The with-block: leaving it calls shutdown(wait=True), also on an exception.
        struct WithBlock
        {
            std::shared_ptr<Executor>& pool;
            ~WithBlock()
            {
                GilReleased unlocked; // joining releases the GIL
                pool->shutdown(true, false);
            }
        } with{pool};
        // The caller is a Python thread too: it holds the GIL while it runs Python
        // and releases it while it blocks.
        GilAttach attached(gil.get());
        auto submitOne = [&](std::int64_t i) {
            // A process pool calls the registered "workload" task by name, the way
            // pickle names a function; a thread pool calls it directly.
            return process
                       ? pp->submitErased(FunctionRef::named("workload"), {std::any(specJson), std::any(i)})
                       : tp->submitErased(makeTask(workload, i));
        };
        auto submitAll = [&] {
            std::vector<FutureCorePtr> fs;
            for (std::int64_t i = 0; i < sc.tasks; ++i) {
                fs.push_back(submitOne(i));
                track(fs.back());
                gilCheck(); // the submit loop is Python code: it checks the eval breaker
            }
            return fs;
        };
        bool timedOut = false;
        try {
            if (sc.submit == "as_completed") {
                const std::vector<FutureCorePtr> fs = submitAll();
                AsCompleted it(fs, sc.timeoutS);
                for (;;) {
                    FutureCorePtr f;
                    {
                        GilReleased unlocked;
                        f = it.next();
                    }
                    if (!f)
                        break;
                    report(f);
                }
            } else if (sc.submit == "wait") {
                const std::vector<FutureCorePtr> fs = submitAll();
                DoneAndNotDone r;
                {
                    GilReleased unlocked;
                    r = wait(fs, sc.timeoutS, ReturnWhen::AllCompleted);
                }
                for (const auto& f : r.done)
                    report(f);
                if (!r.notDone.empty()) {
                    // wait() does not raise; what it left undone is the caller's to handle.
                    timedOut = true;
                    info("wait() returned with " + std::to_string(r.notDone.size()) + " futures not done");
                }
            } else if (sc.submit == "map") {
                if (process) {
                    // Each chunk is one call item and one future.
                    std::vector<std::vector<std::any>> calls;
                    calls.reserve(static_cast<std::size_t>(sc.tasks));
                    for (std::int64_t i = 0; i < sc.tasks; ++i)
                        calls.push_back({std::any(specJson), std::any(i)});
                    ProcessMapResult<std::any> results(pp->mapErased(
                        FunctionRef::named("workload"), std::move(calls), sc.timeoutS, sc.chunksize));
                    const std::vector<FutureCorePtr> fs = results.chunkFutures();
                    for (std::size_t c = 0; c < fs.size(); ++c)
                        track(fs[c], static_cast<std::int64_t>(results.chunkSizes()[c]));
                    std::size_t chunk = 0;
                    std::size_t inChunk = 0;
                    for (;;) {
                        std::optional<std::any> v;
                        {
                            GilReleased unlocked;
                            v = results.next();
                        }
                        if (!v)
                            break;
                        if (++inChunk >= results.chunkSizes()[chunk]) {
                            report(fs[chunk++], false);
                            inChunk = 0;
                        }
                    }
                } else {
                    std::vector<std::int64_t> inputs(static_cast<std::size_t>(sc.tasks));
                    for (std::size_t i = 0; i < inputs.size(); ++i)
                        inputs[i] = static_cast<std::int64_t>(i);
                    struct TaskResult
                    {
                        std::any value; // a plain std::any would be flattened by map's own wrapping
                    };
                    auto results =
                        tp->map([workload](std::int64_t i) { return TaskResult{makeTask(workload, i)()}; },
                                inputs, sc.timeoutS, sc.chunksize);
                    const std::vector<FutureCorePtr> fs = results.futures();
                    for (const auto& f : fs)
                        track(f);
                    std::size_t i = 0;
                    for (;;) {
                        std::optional<TaskResult> v;
                        {
                            GilReleased unlocked;
                            v = results.next();
                        }
                        if (!v)
                            break;
                        report(fs[i++], false);
                    }
                }
            } else { // submit: result() in order, against one deadline
                const std::vector<FutureCorePtr> fs = submitAll();
                const auto deadline = deadlineAfter(sc.timeoutS);
                for (const auto& f : fs) {
                    Timeout left;
                    if (deadline)
                        left = std::max(0.0, static_cast<double>(*deadline - nowNs()) / 1e9);
                    {
                        GilReleased unlocked;
                        f->resultAny(left); // raises like f.result(timeout=...)
                    }
                    report(f);
                }
            }
        } catch (const TimeoutError& e) {
            timedOut = true;
            caller("TimeoutError", e.what());
        } catch (...) {
            const ErrorInfo err = describeException(std::current_exception());
            caller(err.type, err.message);
        }
        if (timedOut) {
            // What the scenario does once the caller gave up while workers still
            // compute (the same choices as poolscope-cli's on_timeout).
            GilReleased unlocked;
            const std::string& what = sc.onTimeout;
            if ((what == "terminate" || what == "kill") && pp) {
                info(what == "kill" ? "on_timeout: kill_workers() sends SIGKILL to every worker"
                                    : "on_timeout: terminate_workers() sends SIGTERM to every worker");
                if (what == "kill")
                    pp->killWorkers();
                else
                    pp->terminateWorkers();
            } else if (what == "terminate" || what == "kill" || what == "cancel") {
                info(what == "cancel" ? "on_timeout: shutdown(wait=True, cancel_futures=True)"
                                      : "on_timeout: threads cannot be terminated; shutdown(wait=True, "
                                        "cancel_futures=True) waits for the running tasks");
                pool->shutdown(true, true);
            } else {
                info("on_timeout: the with-block's shutdown(wait=True) runs every queued task to the end");
            }
        }
    } catch (...) {
        const ErrorInfo err = describeException(std::current_exception());
        caller(err.type, err.message);
    }
    reportRemaining();
    m_callerDone.store(true, std::memory_order_release);
    m_bridge->postNotice(m_generation, RunNotice{RunNotice::Kind::Finished, {}, {}});
}

} // namespace poolscope::ui
