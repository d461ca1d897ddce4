#pragma once
// ProcessPoolExecutor, mirroring CPython 3.12 Lib/concurrent/futures/process.py
// with the fork start method, and multiprocessing's Queue / SimpleQueue:
//
//   submit() -> pending work items {work_id: item} + work ids queue + wakeup pipe
//   executor manager thread: moves ids into the call queue (the future turns
//     RUNNING there), waits on the result pipe + wakeup pipe + worker sentinels
//   call queue (multiprocessing.Queue, bounded at max_workers + extra_queued_calls):
//     put() buffers and returns; a feeder thread serializes and writes frames
//   forked worker processes (single-threaded): read a call item, run the task
//     named in it (task registry), write a result item to the result queue
//     (multiprocessing.SimpleQueue: serialized and written synchronously)
//
// Worker events travel through a shared-memory ring per worker (never through
// the pipes they describe) and are forwarded to the parent's EventStream with
// their own timestamps. See docs/fidelity.md and docs/events.md.
//
// The pieces, one per CPython original, are listed at the top of processpoolexecutor.cpp.

#include "core/futures/executor.h"
#include "core/process/codec.h"
#include "core/process/taskregistry.h"

#include <sys/types.h>

namespace poolscope {

// concurrent.futures.process.EXTRA_QUEUED_CALLS
inline constexpr int kExtraQueuedCalls = 1;

struct ProcessPoolOptions
{
    std::optional<int> maxWorkers;       // None -> os.cpu_count(); <= 0 -> ValueError
    std::function<void()> initializer;   // runs in each worker; a throw breaks the pool
    std::optional<int> maxTasksPerChild; // None: workers live as long as the pool; <= 0 -> ValueError
    // Call-queue slots beyond max_workers. CPython's constant is 1; more raises
    // throughput but turns more futures RUNNING early, where cancel() fails.
    int extraQueuedCalls = kExtraQueuedCalls;
    EventStreamPtr events;                // null: no recording, close to no cost
    std::size_t eventRingCapacity = 8192; // events per worker ring (recording only)
};

struct WorkerProcessInfo
{
    pid_t pid = 0;
    std::string name; // ForkProcess-N, as multiprocessing names them
};

template <class R> class ProcessMapResult;

class ProcessPoolExecutor final : public Executor
{
public:
    explicit ProcessPoolExecutor(ProcessPoolOptions options = {});
    ~ProcessPoolExecutor() override; // shutdown(wait=true): no child process outlives the pool
    ProcessPoolExecutor(const ProcessPoolExecutor&) = delete;
    ProcessPoolExecutor& operator=(const ProcessPoolExecutor&) = delete;

    static int defaultMaxWorkers(); // os.cpu_count()

    // submit(fn, *args), type-erased. The function and the arguments are only
    // serialized later, by the feeder thread; what cannot cross fails that future.
    FutureCorePtr submitErased(FunctionRef fn, std::vector<std::any> args);

    // submit(fn, *args) with a registered function pointer.
    template <class R, class... P, class... A> Future<WireType<R>> submit(R (*fn)(P...), A&&... args)
    {
        return Future<WireType<R>>(submitErased(FunctionRef::of(fn), packArgs(std::forward<A>(args)...)));
    }

    // submit("name", *args); R is the result's wire type (int64_t, double, std::string,
    // bool, std::vector<std::any>, std::vector<std::uint8_t>) or void.
    template <class R, class... A> Future<R> submit(const std::string& name, A&&... args)
    {
        return Future<R>(submitErased(FunctionRef::named(name), packArgs(std::forward<A>(args)...)));
    }

    // map(fn, iterable, timeout, chunksize): each chunk is one call item running
    // _process_chunk; results come back flattened, in input order. chunksize < 1
    // raises ValueError("chunksize must be >= 1.").
    template <class R, class T>
    ProcessMapResult<R> map(const std::string& fn, const std::vector<T>& inputs, Timeout timeout = {},
                            int chunksize = 1)
    {
        return ProcessMapResult<R>(mapFlat(FunctionRef::named(fn), toFlat(inputs), 1, timeout, chunksize));
    }
    template <class Ret, class P, class T>
    ProcessMapResult<WireType<Ret>> map(Ret (*fn)(P), const std::vector<T>& inputs, Timeout timeout = {},
                                        int chunksize = 1)
    {
        return ProcessMapResult<WireType<Ret>>(
            mapFlat(FunctionRef::of(fn), toFlat(inputs), 1, timeout, chunksize));
    }

    // What map() submitted: one future per chunk.
    struct MapChunks
    {
        std::vector<FutureCorePtr> futures;
        std::vector<std::size_t> sizes;
        std::optional<std::int64_t> deadlineNs;
        EventStreamPtr events;
        std::uint16_t executor = 0;
    };
    // map() with explicit argument lists (one list per call, like zip(*iterables), so
    // they all have the same length; otherwise ValueError).
    MapChunks mapErased(const FunctionRef& fn, std::vector<std::vector<std::any>> calls, Timeout timeout,
                        int chunksize);
    // The same with the argument lists laid end to end, `arity` values per call.
    MapChunks mapFlat(const FunctionRef& fn, std::vector<std::any> flat, std::uint32_t arity, Timeout timeout,
                      int chunksize);

    void shutdown(bool wait = true, bool cancelFutures = false) override;

    // CPython 3.14: shutdown(wait=False, cancel_futures=True), then SIGTERM / SIGKILL
    // every worker still alive. The pool ends up broken; the destructor still reaps.
    void terminateWorkers();
    void killWorkers();
    // Sends `sig` to one live worker (the GUI's kill button, --kill-worker-after).
    // Uses its pidfd, so a recycled pid can never be hit. False if not a live worker.
    bool signalWorker(pid_t pid, int sig);

    int maxWorkers() const noexcept;
    int callQueueCapacity() const noexcept;
    std::vector<WorkerProcessInfo> processes() const; // live (not yet reaped) workers
    std::vector<pid_t> spawnedPids() const;           // every worker ever forked, reaped or not
    bool broken() const;
    std::string brokenReason() const;
    std::uint16_t executorId() const noexcept;
    // Forwards the events workers have published so far. The pool does this on its
    // own (on every manager wake and every 10 ms while recording); a GUI stepping a
    // paused pool may call it to see a worker's step at once.
    void drainWorkerEvents();

    struct State;

private:
    void forceSignal(const std::vector<pid_t>& pids, int sig);
    // shutdown(wait=True)'s join of the manager thread (which joins the workers).
    void joinManager();

    template <class... A> static std::vector<std::any> packArgs(A&&... args)
    {
        std::vector<std::any> out;
        out.reserve(sizeof...(A));
        (out.push_back(toAny(std::forward<A>(args))), ...);
        return out;
    }
    template <class A> static std::any toAny(A&& a)
    {
        using D = std::decay_t<A>;
        // Character pointers become strings now: the feeder serializes later.
        if constexpr (std::is_same_v<D, const char*> || std::is_same_v<D, char*>)
            return std::any(std::string(a));
        else
            return std::any(D(std::forward<A>(a)));
    }
    template <class T> static std::vector<std::any> toFlat(const std::vector<T>& inputs)
    {
        std::vector<std::any> flat;
        flat.reserve(inputs.size());
        for (const T& input : inputs)
            flat.push_back(toAny(input));
        return flat;
    }

    std::shared_ptr<State> m_state;
};

// The generator ProcessPoolExecutor.map() returns: chunk futures waited for in
// order (Executor.map's result_iterator, with its deadline and cancel-on-close),
// flattened like _chain_from_iterable_of_lists.
template <class R> class ProcessMapResult
{
public:
    explicit ProcessMapResult(ProcessPoolExecutor::MapChunks chunks)
        : m_cores(chunks.futures), m_sizes(std::move(chunks.sizes)),
          m_chunks(typedFutures(chunks.futures), chunks.deadlineNs), m_events(std::move(chunks.events)),
          m_executor(chunks.executor)
    {
    }
    ProcessMapResult(ProcessMapResult&&) noexcept = default;
    ProcessMapResult& operator=(ProcessMapResult&&) noexcept = default;

    std::optional<R> next()
    {
        while (m_pos >= m_current.size()) {
            std::optional<std::vector<std::any>> chunk = m_chunks.next();
            if (!chunk) {
                if (!m_ended && m_events) {
                    m_ended = true;
                    m_events->publish(EventKind::MapEnd, m_executor, currentWorker(), -1,
                                      static_cast<std::int64_t>(m_yielded));
                }
                return std::nullopt;
            }
            m_current = std::move(*chunk);
            m_pos = 0;
        }
        ++m_yielded;
        return valueAs<R>(m_current[m_pos++]);
    }

    std::vector<R> toVector()
    {
        std::vector<R> out;
        while (auto v = next())
            out.push_back(std::move(*v));
        return out;
    }

    void close() { m_chunks.close(); }
    std::size_t yielded() const noexcept { return m_yielded; }
    // One future per chunk and how many inputs each chunk holds.
    const std::vector<FutureCorePtr>& chunkFutures() const noexcept { return m_cores; }
    const std::vector<std::size_t>& chunkSizes() const noexcept { return m_sizes; }

private:
    static std::vector<Future<std::vector<std::any>>> typedFutures(const std::vector<FutureCorePtr>& cores)
    {
        std::vector<Future<std::vector<std::any>>> out;
        out.reserve(cores.size());
        for (const auto& c : cores)
            out.emplace_back(c);
        return out;
    }

    std::vector<FutureCorePtr> m_cores;
    std::vector<std::size_t> m_sizes;
    MapResult<std::vector<std::any>> m_chunks;
    std::vector<std::any> m_current;
    std::size_t m_pos = 0;
    std::size_t m_yielded = 0;
    bool m_ended = false;
    EventStreamPtr m_events;
    std::uint16_t m_executor = 0;
};

} // namespace poolscope
