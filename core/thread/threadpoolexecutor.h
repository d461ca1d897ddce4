#pragma once
// ThreadPoolExecutor, mirroring CPython 3.12 Lib/concurrent/futures/thread.py:
// a work queue, an idle semaphore, threads started on demand, and shutdown by
// a sentinel that each exiting thread passes on to the next.

#include "core/futures/executor.h"

#include <type_traits>

namespace poolscope {

class Gil;

struct ThreadPoolOptions
{
    std::optional<int> maxWorkers; // None -> min(32, cores + 4); <= 0 -> ValueError
    std::string threadNamePrefix;  // "" -> "ThreadPoolExecutor-N"
    std::function<void()> initializer;
    EventStreamPtr events;    // null: no recording, close to no cost
    std::shared_ptr<Gil> gil; // the GIL model (gil.h); null: free-threaded / plain C++
};

class ThreadPoolExecutor final : public Executor
{
public:
    explicit ThreadPoolExecutor(ThreadPoolOptions options = {});
    // shutdown(wait=true), like leaving a with-block. What it can throw (no memory for the wakeup
    // item, a sink that throws) has nowhere to go from a destructor: std::terminate, on purpose.
    ~ThreadPoolExecutor() override; // NOLINT(bugprone-exception-escape)
    ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
    ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;

    static int defaultMaxWorkers();

    FutureCorePtr submitErased(std::function<std::any()> call);

    template <class F, class... Args> auto submit(F&& fn, Args&&... args)
    {
        using R = std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>;
        auto call = [fn = std::forward<F>(fn), ... args = std::forward<Args>(args)]() mutable -> std::any {
            if constexpr (std::is_void_v<R>) {
                std::invoke(fn, args...);
                return {};
            } else if constexpr (std::is_same_v<R, std::any>) {
                return std::invoke(fn, args...); // already type-erased: don't nest
            } else {
                return std::any(std::invoke(fn, args...));
            }
        };
        return Future<R>(submitErased(std::move(call)));
    }

    // Executor.map(fn, iterable, timeout, chunksize): chunksize is ignored here, as in CPython.
    template <class F, class T>
    auto map(F fn, const std::vector<T>& inputs, Timeout timeout = {}, int chunksize = 1)
    {
        (void)chunksize;
        using R = std::invoke_result_t<F, const T&>;
        const auto deadline = deadlineAfter(timeout, eventStream());
        emitCaller(EventKind::MapBegin, static_cast<std::int64_t>(inputs.size()), chunksize);
        std::vector<Future<R>> fs;
        fs.reserve(inputs.size());
        for (const T& input : inputs)
            fs.push_back(submit(fn, input));
        return MapResult<R>(std::move(fs), deadline);
    }

    // shutdown(wait, cancel_futures). With wait, called from one of the pool's own threads
    // (a task, a done callback) it raises RuntimeError("cannot join current thread"), as t.join() does.
    void shutdown(bool wait = true, bool cancelFutures = false) override;

    int maxWorkers() const noexcept;
    int threadCount() const;
    std::vector<std::string> threadNames() const;
    std::uint16_t executorId() const noexcept;
    bool broken() const;

private:
    void shutdownImpl(bool wait, bool cancelFutures, bool destroying);
    void emitCaller(EventKind kind, std::int64_t value = 0, std::int64_t value2 = 0) const;
    const EventStream* eventStream() const noexcept;

    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace poolscope
