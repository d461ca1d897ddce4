// The PoolScope side of the differential suite: `fidelity_driver NAME` runs the scenario of the same
// name in scenarios.py through PoolScope's API and prints the same keys, one JSON object
// {"k": key, "v": value} per line. `fidelity_driver --list` names every scenario. run.py compares.
#include "core/futures/wait.h"
#include "core/process/processpoolexecutor.h"
#include "core/thread/threadpoolexecutor.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

using namespace poolscope;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

// Python's threading.current_thread().name: set by the driver for its own threads; a pool thread
// reports the name its pool gave it.
thread_local std::string t_threadName;
ThreadPoolExecutor* g_namingPool = nullptr;

std::string threadName()
{
    if (!t_threadName.empty())
        return t_threadName;
    const std::int32_t w = currentWorker();
    if (g_namingPool && w > 0) {
        const auto names = g_namingPool->threadNames();
        if (static_cast<std::size_t>(w) <= names.size())
            return names[static_cast<std::size_t>(w) - 1];
    }
    return "?";
}

void out(const std::string& key, const json& value)
{
    std::cout << json{{"k", key}, {"v", value}}.dump() << '\n' << std::flush;
}

std::string exc(const std::exception_ptr& e)
{
    const ErrorInfo info = describeException(e);
    return info.message.empty() ? info.type : info.type + ": " + info.message;
}

std::string norm(const std::string& text)
{
    static const std::regex id("<Future at [0-9]+");
    return std::regex_replace(text, id, "<Future at ID");
}

// The JSON a Python value of this std::any would print as.
json toJson(const std::any& v)
{
    if (!v.has_value())
        return nullptr;
    if (auto* i = std::any_cast<std::int64_t>(&v))
        return *i;
    if (auto* i = std::any_cast<int>(&v))
        return *i;
    if (auto* d = std::any_cast<double>(&v))
        return *d;
    if (auto* b = std::any_cast<bool>(&v))
        return *b;
    if (auto* s = std::any_cast<std::string>(&v))
        return *s;
    if (auto* l = std::any_cast<std::vector<std::any>>(&v)) {
        json a = json::array();
        for (const auto& x : *l)
            a.push_back(toJson(x));
        return a;
    }
    return "<C++ value>";
}

// attempt(fn) of scenarios.py: the value, or `Type: message` of what it raised.
template <class F> json attempt(F&& fn)
{
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
            fn();
            return nullptr;
        } else {
            return json(fn());
        }
    } catch (...) {
        return exc(std::current_exception());
    }
}

// The "concurrent.futures" logger: every record, split into lines.
struct LogCapture
{
    std::mutex mutex;
    std::vector<std::vector<std::string>> records;

    LogCapture()
    {
        setLogHandler([this](const std::string& text) {
            std::vector<std::string> lines;
            std::size_t start = 0;
            for (;;) {
                const std::size_t nl = text.find('\n', start);
                lines.push_back(text.substr(start, nl - start));
                if (nl == std::string::npos)
                    break;
                start = nl + 1;
            }
            lines[0] = norm(lines[0]);
            std::lock_guard lock(mutex);
            records.push_back(std::move(lines));
        });
    }
    ~LogCapture() { setLogHandler({}); }

    void print(const std::string& prefix)
    {
        std::lock_guard lock(mutex);
        out(prefix + ".count", records.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            const auto& lines = records[i];
            const std::string p = prefix + "." + std::to_string(i);
            out(p + ".message", lines[0]);
            out(p + ".traceback", lines.size() > 1 && lines[1] == "Traceback (most recent call last):");
            out(p + ".last", lines.size() > 1 ? json(lines.back()) : json(nullptr));
        }
    }
};

template <class Pred> void waitUntil(Pred pred)
{
    const auto end = std::chrono::steady_clock::now() + 5s;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > end)
            throw std::runtime_error("waitUntil timed out");
        std::this_thread::sleep_for(1ms);
    }
}

// threading.Timer: runs fn after a delay on its own thread; joined when the scope ends.
class Timers
{
public:
    ~Timers()
    {
        for (auto& t : m_threads)
            t.join();
    }
    void later(double seconds, std::function<void()> fn)
    {
        m_threads.emplace_back([seconds, fn = std::move(fn)] {
            t_threadName = "Timer";
            std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
            fn();
        });
    }

private:
    std::vector<std::thread> m_threads;
};

// threading.Event.
class Event
{
public:
    void set()
    {
        std::lock_guard lock(m_mutex);
        m_set = true;
        m_cond.notify_all();
    }
    void wait()
    {
        std::unique_lock lock(m_mutex);
        m_cond.wait(lock, [this] { return m_set; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cond;
    bool m_set = false;
};

double since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void sleepS(double s)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(s));
}

FutureCorePtr newFuture()
{
    return std::make_shared<FutureCore>();
}

FutureCorePtr doneFuture(std::any value = {})
{
    auto f = newFuture();
    f->setResult(std::move(value));
    return f;
}

std::string state(const FutureCorePtr& f)
{
    return futureStatusName(f->status());
}

std::string resultString(const FutureCorePtr& f)
{
    return std::any_cast<std::string>(f->resultAny());
}

// ---------------------------------------------------------------- Future

void future_states()
{
    auto f = newFuture();
    out("new.state", state(f));
    out("new.running", f->running());
    out("new.done", f->done());
    out("set_running", f->setRunningOrNotifyCancel());
    out("running.state", state(f));
    out("running.cancel", f->cancel());
    out("running.set_running", attempt([&] { return f->setRunningOrNotifyCancel(); }));
    f->setResult(std::int64_t{1});
    out("finished.state", state(f));
    out("finished.cancel", f->cancel());
    out("finished.result", toJson(f->resultAny()));
    out("finished.set_result", norm(attempt([&] { f->setResult(std::int64_t{2}); })));
    out("finished.set_exception",
        norm(attempt([&] { f->setException(std::make_exception_ptr(ValueError("x"))); })));

    auto g = newFuture();
    out("cancel.first", g->cancel());
    out("cancel.state", state(g));
    out("cancel.again", g->cancel());
    out("cancel.cancelled", g->cancelled());
    out("cancel.done", g->done());
    out("cancel.result", attempt([&] { return toJson(g->resultAny()); }));
    out("cancel.exception",
        attempt([&] { return g->exception() ? json(exc(g->exception())) : json(nullptr); }));
    out("cancel.set_result", norm(attempt([&] { g->setResult(std::int64_t{1}); })));
    out("cancel.set_running", g->setRunningOrNotifyCancel());
    out("cancel.notified_state", state(g));
    out("cancel.notified_cancel", g->cancel());

    auto h = newFuture();
    h->setResult(std::int64_t{7});
    out("direct.state", state(h));
    out("direct.result", toJson(h->resultAny()));

    auto p = newFuture();
    out("timeout.result", attempt([&] { return toJson(p->resultAny(0.05)); }));
    out("timeout.exception",
        attempt([&] { return p->exception(0.0) ? json(exc(p->exception())) : json(nullptr); }));

    auto e = newFuture();
    e->setException(std::make_exception_ptr(ValueError("boom")));
    out("raised.result", attempt([&] { return toJson(e->resultAny()); }));
    out("raised.exception", exc(e->exception()));
}

void future_unexpected_state_log()
{
    LogCapture cap;
    auto f = doneFuture(std::int64_t{1});
    out("result", attempt([&] { return f->setRunningOrNotifyCancel(); }));
    out("log.count", cap.records.size());
    out("log.0.message",
        std::regex_replace(cap.records.at(0).at(0), std::regex("Future [0-9]+ "), "Future ID "));
}

void future_repr()
{
    auto f = newFuture();
    out("pending", norm(f->repr()));
    f->setRunningOrNotifyCancel();
    out("running", norm(f->repr()));
    auto c = newFuture();
    c->cancel();
    out("cancelled", norm(c->repr()));
    const std::vector<std::pair<std::string, std::any>> values = {
        {"int", std::int64_t{1}},
        {"float", 1.5},
        {"str", std::string("s")},
        {"bool", true},
        {"None", std::any()},
        {"list", std::vector<std::any>{std::int64_t{1}}},
        {"bytes", std::vector<std::uint8_t>{'b'}}};
    for (const auto& [name, value] : values)
        out("returned." + name, norm(doneFuture(value)->repr()));
    auto e = newFuture();
    e->setException(std::make_exception_ptr(ValueError("boom")));
    out("raised", norm(e->repr()));
}

void future_set_exception_none()
{
    auto f = newFuture();
    f->setException(nullptr);
    out("state", state(f));
    out("result", attempt([&] { return toJson(f->resultAny()); }));
    out("exception", attempt([&] { return f->exception() ? json(exc(f->exception())) : json(nullptr); }));
    out("repr", norm(f->repr()));
}

void future_callbacks()
{
    LogCapture cap;
    auto f = newFuture();
    std::mutex m;
    std::vector<std::tuple<std::string, std::string, bool>> calls;
    auto cb = [&](std::string name, bool boom = false) {
        return [&, name, boom](const FutureCorePtr& fut) {
            {
                std::lock_guard lock(m);
                calls.emplace_back(name, threadName(), fut == f);
            }
            if (boom)
                throw ValueError("cb boom");
        };
    };
    f->addDoneCallback(cb("a", true));
    f->addDoneCallback(cb("b"));
    f->addDoneCallback(cb("c"));
    std::thread t([&] {
        t_threadName = "completer";
        f->setResult(std::int64_t{3});
    });
    t.join();
    json order = json::array(), threads = json::array();
    bool allFuture = true;
    for (const auto& [name, thread, isF] : calls) {
        order.push_back(name);
        threads.push_back(thread);
        allFuture = allFuture && isF;
    }
    out("order", order);
    out("threads", threads);
    out("argument_is_future", allFuture);
    f->addDoneCallback(cb("late"));
    out("late.ran", std::get<0>(calls.back()));
    out("late.thread", std::get<1>(calls.back()));
    cap.print("log");

    auto g = newFuture();
    json cancelled = json::array();
    g->addDoneCallback(
        [&](const FutureCorePtr& fut) { cancelled.push_back(futureStatusName(fut->status())); });
    g->cancel();
    out("cancel.callback_state", cancelled);
}

// ---------------------------------------------------------------- wait, as_completed

void wait_basics()
{
    auto a = doneFuture(std::int64_t{1});
    auto r = wait({a, a});
    out("duplicates.done", r.done.size());
    out("duplicates.not_done", r.notDone.size());

    auto p = newFuture();
    const auto t0 = std::chrono::steady_clock::now();
    r = wait({p}, 0.1);
    out("timeout.done", r.done.size());
    out("timeout.not_done", r.notDone.size());
    out("timeout.waited_at_least_timeout", since(t0) >= 0.095);

    r = wait({a, p}, {}, ReturnWhen::FirstCompleted);
    out("first_completed.done", r.done.size());

    r = wait({a, p}, 0.05, ReturnWhen::FirstException);
    out("first_exception.no_exception.done", r.done.size());
    out("first_exception.no_exception.not_done", r.notDone.size());
    auto e = newFuture();
    e->setException(std::make_exception_ptr(ValueError("x")));
    r = wait({a, e, p}, {}, ReturnWhen::FirstException);
    out("first_exception.raised.done", r.done.size());

    Timers timers;
    auto q = newFuture();
    timers.later(0.05, [q] { q->setResult(std::int64_t{1}); });
    r = wait({a, q}, 5.0);
    out("all_completed.done", r.done.size());
    out("all_completed.not_done", r.notDone.size());
}

void wait_cancelled_not_notified()
{
    auto c = newFuture();
    c->cancel();
    auto r = wait({c}, 0.05);
    out("cancelled.done", r.done.size());
    out("cancelled.not_done", r.notDone.size());
    c->setRunningOrNotifyCancel();
    r = wait({c}, 0.05);
    out("notified.done", r.done.size());

    Timers timers;
    auto d = newFuture();
    timers.later(0.05, [d] { d->cancel(); });
    timers.later(0.3, [d] { d->setRunningOrNotifyCancel(); });
    const auto t0 = std::chrono::steady_clock::now();
    r = wait({d}, 5.0, ReturnWhen::FirstCompleted);
    out("waiter.woke_after_notify", since(t0) >= 0.25);
    out("waiter.done", r.done.size());
}

void as_completed_order()
{
    Timers timers;
    auto a = doneFuture(std::string("a"));
    auto b = newFuture(), c = newFuture();
    timers.later(0.05, [c] { c->setResult(std::string("c")); });
    timers.later(0.15, [b] { b->setResult(std::string("b")); });
    json order = json::array();
    AsCompleted it({b, a, c, a}, 5.0);
    while (auto f = it.next())
        order.push_back(resultString(f));
    out("order", order);
}

void as_completed_timeout()
{
    auto p = newFuture();
    AsCompleted it({p, doneFuture(std::string("y"))}, 0.1);
    out("first", resultString(it.next()));
    out("second", attempt([&] { return it.next() ? "a future" : "StopIteration"; }));
}

void as_completed_clock_starts_at_first_next()
{
    Timers timers;
    auto f = newFuture();
    const auto t0 = std::chrono::steady_clock::now();
    timers.later(0.6, [f] { f->setResult(std::string("late")); });
    AsCompleted it({f}, 0.5);
    sleepS(0.3);
    out("first_next", attempt([&] { return resultString(it.next()); }));
    out("waited_for_the_future", since(t0) >= 0.55);
}

void as_completed_snapshot_at_first_next()
{
    Timers timers;
    auto a = newFuture(), b = newFuture();
    AsCompleted it({a, b}, 5.0);
    b->setResult(std::string("b"));
    timers.later(0.05, [a] { a->setResult(std::string("a")); });
    json order = json::array();
    while (auto f = it.next())
        order.push_back(resultString(f));
    out("order", order);
}

// ---------------------------------------------------------------- map

ThreadPoolOptions workers(int n, std::string prefix = {})
{
    ThreadPoolOptions o;
    o.maxWorkers = n;
    o.threadNamePrefix = std::move(prefix);
    return o;
}

template <class R> json nextOf(MapResult<R>& gen)
{
    return attempt([&]() -> json {
        auto v = gen.next();
        if (!v)
            return "StopIteration";
        if constexpr (std::is_same_v<R, std::any>)
            return toJson(*v);
        else
            return json(*v);
    });
}

void map_results_and_eager_submit()
{
    std::atomic<int> started{0};
    ThreadPoolExecutor ex(workers(1));
    auto gen = ex.map(
        [&](std::int64_t x) {
            ++started;
            return x * x;
        },
        std::vector<std::int64_t>{0, 1, 2, 3, 4});
    waitUntil([&] { return started == 5; });
    out("started_before_first_next", started.load());
    out("results", gen.toVector());
    // Executor.map(fn, *iterables) zips several iterables; the typed C++ map() takes one vector.
    out("two_iterables", "not applicable");
    out("chunksize_ignored",
        ex.map([](std::int64_t x) { return -x; }, std::vector<std::int64_t>{1, 2}, {}, 100).toVector());
}

void map_timeout_cancels_rest()
{
    std::atomic<int> ran{0};
    {
        ThreadPoolExecutor ex(workers(1));
        auto gen = ex.map(
            [&](int) {
                ++ran;
                sleepS(0.3);
                return std::any();
            },
            std::vector<int>{0, 1, 2, 3}, 0.1);
        out("first_next", nextOf(gen));
        out("after_timeout_next", nextOf(gen));
    }
    out("ran", ran.load());
}

void map_deadline_from_call()
{
    ThreadPoolExecutor ex(workers(1));
    auto gen = ex.map(
        [](int) {
            sleepS(0.6);
            return std::any();
        },
        std::vector<int>{0}, 0.4);
    sleepS(0.3);
    out("first_next", nextOf(gen));
}

void map_exception_cancels_rest()
{
    std::atomic<int> ran{0};
    {
        ThreadPoolExecutor ex(workers(1));
        auto gen = ex.map(
            [&](std::int64_t x) {
                ++ran;
                if (x == 0)
                    throw ValueError("map boom");
                sleepS(0.2);
                return x;
            },
            std::vector<std::int64_t>{0, 1, 2, 3});
        out("first_next", nextOf(gen));
    }
    out("ran_one_or_two", ran == 1 || ran == 2);
}

void map_close_cancels_rest()
{
    std::atomic<int> ran{0};
    {
        ThreadPoolExecutor ex(workers(1));
        auto gen = ex.map(
            [&](std::int64_t x) {
                ++ran;
                sleepS(0.05);
                return x;
            },
            std::vector<std::int64_t>{0, 1, 2, 3, 4});
        out("first", nextOf(gen));
        gen.close();
        out("after_close_next", nextOf(gen));
    }
    out("ran_one_or_two", ran == 1 || ran == 2);
}

void map_dropped_before_first_next()
{
    auto task = [](std::atomic<int>& ran) {
        return [&ran](int) {
            ++ran;
            sleepS(0.02);
            return std::any();
        };
    };
    std::atomic<int> ran{0};
    {
        ThreadPoolExecutor ex(workers(1));
        {
            auto gen = ex.map(task(ran), std::vector<int>{0, 1, 2, 3, 4});
        } // dropped unstarted
    }
    out("ran", ran.load());
    std::atomic<int> ran2{0};
    {
        ThreadPoolExecutor ex(workers(1));
        auto gen = ex.map(task(ran2), std::vector<int>{0, 1, 2, 3, 4});
        gen.close();
        out("closed_unstarted_next", nextOf(gen));
    }
    out("closed_unstarted.ran", ran2.load());
}

// ---------------------------------------------------------------- ThreadPoolExecutor

void thread_pool_arguments()
{
    {
        ThreadPoolExecutor ex;
        out("default_max_workers", ex.maxWorkers());
    }
    out("formula", std::min(32, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) + 4));
    out("zero", attempt([] { ThreadPoolExecutor ex(workers(0)); }));
    out("negative", attempt([] { ThreadPoolExecutor ex(workers(-1)); }));
}

void thread_pool_names_and_reuse()
{
    auto names = [](ThreadPoolExecutor& ex, int n) {
        g_namingPool = &ex;
        std::barrier sync(n);
        std::vector<Future<std::string>> fs;
        for (int i = 0; i < n; ++i)
            fs.push_back(ex.submit([&sync] {
                sync.arrive_and_wait();
                return threadName();
            }));
        std::vector<std::string> got;
        for (auto& f : fs)
            got.push_back(f.result());
        std::sort(got.begin(), got.end());
        return got;
    };
    {
        ThreadPoolExecutor ex(workers(2));
        out("default_names", names(ex, 2));
    }
    {
        ThreadPoolExecutor ex(workers(2, "worker"));
        out("prefix_names", names(ex, 2));
    }
    {
        ThreadPoolExecutor ex(workers(4));
        g_namingPool = &ex;
        json seq = json::array();
        for (int i = 0; i < 3; ++i) {
            seq.push_back(ex.submit([] { return threadName(); }).result());
            sleepS(0.05);
        }
        out("sequential.names", seq);
        out("sequential.threads", ex.threadCount());
    }
    g_namingPool = nullptr;
}

void thread_pool_initializer_failure()
{
    LogCapture cap;
    ThreadPoolOptions o = workers(1);
    o.initializer = [] { throw ValueError("init boom"); };
    {
        ThreadPoolExecutor ex(o);
        auto f = ex.submit([] { return std::int64_t{1}; });
        out("queued.exception", attempt([&] { return f.result(); }));
        out("submit_after", attempt([&] { ex.submit([] { return 2; }); }));
        ex.shutdown();
    }
    cap.print("log");
}

void thread_pool_shutdown()
{
    ThreadPoolExecutor ex(workers(1));
    Event gate;
    auto first = ex.submit([&] { gate.wait(); });
    waitUntil([&] { return first.running(); });
    std::vector<FutureCorePtr> queued;
    for (int i = 0; i < 3; ++i)
        queued.push_back(ex.submit([] { return 1; }).core());
    ex.shutdown(false, true);
    auto states = [&] {
        json s = json::array();
        for (const auto& f : queued)
            s.push_back(state(f));
        return s;
    };
    out("queued_states", states());
    out("submit_after", attempt([&] { ex.submit([] { return 1; }); }));
    gate.set();
    ex.shutdown(true);
    out("first_state", state(first.core()));
    out("queued_states_after", states());
}

void thread_pool_shutdown_twice()
{
    ThreadPoolExecutor ex(workers(1));
    auto f = ex.submit([] { sleepS(0.3); });
    waitUntil([&] { return f.running(); });
    ex.shutdown(false);
    ex.shutdown(true);
    out("state_after_second", state(f.core()));
}

void thread_pool_task_shuts_down_own_pool()
{
    ThreadPoolExecutor ex(workers(1));
    auto f = ex.submit([&] { ex.shutdown(true); });
    out("task", attempt([&] { f.result(); }));
    out("submit_after", attempt([&] { ex.submit([] { return 1; }); }));
    ex.shutdown();
}

void thread_pool_callback_thread()
{
    ThreadPoolExecutor ex(workers(1, "w"));
    g_namingPool = &ex;
    std::mutex m;
    std::vector<std::string> seen;
    auto f = ex.submit([] { sleepS(0.05); });
    f.addDoneCallback([&](const FutureCorePtr&) {
        std::lock_guard lock(m);
        seen.push_back(threadName());
    });
    f.result();
    waitUntil([&] {
        std::lock_guard lock(m);
        return !seen.empty();
    });
    out("callback_thread", seen.at(0));
    ex.shutdown();
    g_namingPool = nullptr;
}

// ---------------------------------------------------------------- ProcessPoolExecutor (fork)

ProcessPoolOptions processes(int n)
{
    ProcessPoolOptions o;
    o.maxWorkers = n;
    return o;
}

void process_pool_arguments()
{
    out("zero", attempt([] { ProcessPoolExecutor ex(processes(0)); }));
    out("max_tasks_zero", attempt([] {
            ProcessPoolOptions o = processes(1);
            o.maxTasksPerChild = 0;
            ProcessPoolExecutor ex(o);
        }));
    ProcessPoolExecutor ex(processes(1));
    out("chunksize_zero",
        attempt([&] { ex.map<std::int64_t>("square", std::vector<std::int64_t>{1}, {}, 0); }));
    out("map_chunks",
        ex.map<std::int64_t>("square", std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6}, {}, 3).toVector());
    out("extra_queued_calls", kExtraQueuedCalls);
}

void process_pool_results_and_errors()
{
    ProcessPoolExecutor ex(processes(2));
    out("result", ex.submit<std::int64_t>("square", std::int64_t{12}).result());
    out("exception",
        attempt([&] { return ex.submit<std::int64_t>("raise", "ValueError", "proc boom").result(); }));
    std::mutex m;
    std::vector<bool> seen;
    auto f = ex.submit<std::int64_t>("sleep_ms", 200.0);
    f.addDoneCallback([&](const FutureCorePtr&) {
        std::lock_guard lock(m);
        seen.push_back(t_threadName == "MainThread");
    });
    f.result();
    waitUntil([&] {
        std::lock_guard lock(m);
        return !seen.empty();
    });
    out("callback_on_main_thread", static_cast<bool>(seen.at(0)));
    ex.shutdown();
    out("submit_after_shutdown", attempt([&] { ex.submit<std::int64_t>("square", std::int64_t{1}); }));
}

void process_pool_running_on_call_queue_entry()
{
    const int n = 2;
    ProcessPoolExecutor ex(processes(n));
    ex.submit<std::int64_t>("square", std::int64_t{1}).result();
    std::vector<FutureCorePtr> fs;
    for (int i = 0; i < 6; ++i)
        fs.push_back(ex.submit<std::int64_t>("sleep_ms", 400.0).core());
    sleepS(0.15);
    int running = 0;
    for (const auto& f : fs)
        running += f->running() ? 1 : 0;
    out("running_more_than_workers", running > n);
    out("running_at_most_workers_plus_queue", running <= n + n + kExtraQueuedCalls);
    bool exact = true;
    for (const auto& f : fs) {
        const bool wasRunning = f->status() == FutureStatus::Running;
        exact = exact && (f->cancel() != wasRunning);
    }
    out("cancel_fails_exactly_for_running", exact);
}

void process_pool_broken()
{
    ProcessPoolExecutor ex(processes(2));
    ex.submit<std::int64_t>("square", std::int64_t{1}).result();
    auto f = ex.submit<std::int64_t>("die", "sigkill");
    out("dead_worker_future", attempt([&] { return f.result(); }));
    out("submit_after", attempt([&] { ex.submit<std::int64_t>("square", std::int64_t{1}); }));
    ex.shutdown();
}

void process_pool_callback_shuts_down_pool()
{
    LogCapture cap;
    {
        ProcessPoolExecutor ex(processes(1));
        auto f = ex.submit<std::int64_t>("sleep_ms", 200.0);
        Event ran;
        f.addDoneCallback([&](const FutureCorePtr&) {
            struct Done
            {
                Event& e;
                ~Done() { e.set(); }
            } done{ran};
            ex.shutdown(true);
        });
        f.result();
        ran.wait();
        out("submit_after", attempt([&] { ex.submit<std::int64_t>("square", std::int64_t{1}); }));
        ex.shutdown(true);
    }
    cap.print("log");
}

void process_pool_shutdown_twice()
{
    ProcessPoolExecutor ex(processes(1));
    auto f = ex.submit<std::int64_t>("sleep_ms", 500.0);
    waitUntil([&] { return f.running(); });
    ex.shutdown(false);
    ex.shutdown(true);
    out("state_after_second", state(f.core()));
    out("result", attempt([&] { return f.result(5.0) > 0; }));
}

const std::map<std::string, void (*)()>& scenarios()
{
#define S(name)                                                                                              \
    {                                                                                                        \
#name, &name                                                                                         \
    }
    static const std::map<std::string, void (*)()> all = {
        S(future_states),
        S(future_unexpected_state_log),
        S(future_repr),
        S(future_set_exception_none),
        S(future_callbacks),
        S(wait_basics),
        S(wait_cancelled_not_notified),
        S(as_completed_order),
        S(as_completed_timeout),
        S(as_completed_clock_starts_at_first_next),
        S(as_completed_snapshot_at_first_next),
        S(map_results_and_eager_submit),
        S(map_timeout_cancels_rest),
        S(map_deadline_from_call),
        S(map_exception_cancels_rest),
        S(map_close_cancels_rest),
        S(map_dropped_before_first_next),
        S(thread_pool_arguments),
        S(thread_pool_names_and_reuse),
        S(thread_pool_initializer_failure),
        S(thread_pool_shutdown),
        S(thread_pool_shutdown_twice),
        S(thread_pool_task_shuts_down_own_pool),
        S(thread_pool_callback_thread),
        S(process_pool_arguments),
        S(process_pool_results_and_errors),
        S(process_pool_running_on_call_queue_entry),
        S(process_pool_broken),
        S(process_pool_callback_shuts_down_pool),
        S(process_pool_shutdown_twice),
    };
#undef S
    return all;
}

} // namespace

int main(int argc, char** argv)
{
    t_threadName = "MainThread";
    const auto& all = scenarios();
    if (argc == 2 && std::string(argv[1]) == "--list") {
        for (const auto& [name, fn] : all)
            std::cout << name << '\n';
        return 0;
    }
    const auto it = argc == 2 ? all.find(argv[1]) : all.end();
    if (it == all.end()) {
        std::fprintf(stderr, "usage: %s --list | SCENARIO\n", argv[0]);
        return 2;
    }
    try {
        it->second();
    } catch (...) {
        std::fprintf(stderr, "%s: scenario failed: %s\n", argv[1], exc(std::current_exception()).c_str());
        return 1;
    }
    return 0;
}
