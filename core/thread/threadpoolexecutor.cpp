#include "core/thread/threadpoolexecutor.h"

#include "core/events/eventgate.h"
#include "core/events/publishbatch.h"
#include "core/workload/gil.h"
#include "core/workload/taskpartscope.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <pthread.h>
#include <thread>

namespace poolscope {

namespace {
std::atomic<int> g_executorCounter{0}; // itertools.count() for default name prefixes

// The pool whose worker the calling thread is (threading.current_thread() in t.join()'s check).
thread_local const void* t_ownPool = nullptr;

struct WorkItem
{
    FutureCorePtr future; // null = the None sentinel
    std::function<std::any()> fn;
};
} // namespace

struct ThreadPoolExecutor::State
{
    ThreadPoolOptions options;
    int maxWorkers = 0;
    std::uint16_t id = 0;
    std::string prefix;

    // _shutdown_lock
    mutable FutexMutex shutdownLock;
    bool shutdown = false;
    std::string broken; // non-empty once broken

    // _work_queue (SimpleQueue)
    FutexMutex queueLock;
    std::condition_variable_any queueCond;
    std::deque<WorkItem> queue;
    int queueSleepers = 0;

    std::atomic<int> idleSemaphore{0};

    mutable std::mutex threadsLock;
    std::vector<std::thread> threads;
    std::vector<std::string> names;

    void publish(EventKind kind, std::int32_t worker, std::int64_t task, std::int64_t value = 0,
                 std::int64_t value2 = 0) const
    {
        if (options.events)
            options.events->publish(kind, id, worker, task, value, value2);
    }

    static void publishPart(const void* context, std::int64_t task, TaskPart part)
    {
        static_cast<const State*>(context)->publish(EventKind::TaskPhase, currentWorker(), task,
                                                    static_cast<std::int64_t>(part));
    }

    // `submitted`: submit()'s put, which publishes Submit and WorkItemCreated with its WorkQueuePut under the
    // queue's lock, one stamp for the three (EventStream::publishBatch).
    void put(WorkItem item, bool submitted = false)
    {
        std::lock_guard lock(queueLock);
        const bool sentinel = !item.future;
        const std::int64_t task = sentinel ? -1 : item.future->id();
        queue.push_back(std::move(item));
        const auto depth = static_cast<std::int64_t>(queue.size());
        if (submitted && options.events)
            options.events->publishBatch(id, currentWorker(),
                                         EventStream::BatchEvent{EventKind::Submit, task},
                                         EventStream::BatchEvent{EventKind::WorkItemCreated, task},
                                         EventStream::BatchEvent{EventKind::WorkQueuePut, task, depth});
        else
            publish(sentinel ? EventKind::SentinelPut : EventKind::WorkQueuePut, currentWorker(), task,
                    depth);
        // Never notify when nobody sleeps: a wakeup costs tens of microseconds here.
        if (queueSleepers > 0)
            queueCond.notify_one();
    }

    std::optional<WorkItem> getNowait(std::int32_t worker)
    {
        std::lock_guard lock(queueLock);
        if (queue.empty())
            return std::nullopt;
        return popLocked(worker);
    }

    WorkItem get(std::int32_t worker)
    {
        std::unique_lock lock(queueLock);
        while (queue.empty()) {
            ++queueSleepers;
            queueCond.wait(lock);
            --queueSleepers;
        }
        return popLocked(worker);
    }

    WorkItem popLocked(std::int32_t worker)
    {
        WorkItem item = std::move(queue.front());
        queue.pop_front();
        // Inline (a batch of one): a get is every task's, and the only event a worker publishes alone.
        if (options.events)
            options.events->publishBatch(
                id, worker,
                EventStream::BatchEvent{EventKind::WorkQueueGet, item.future ? item.future->id() : -1,
                                        static_cast<std::int64_t>(queue.size()), item.future ? 0 : 1});
        return item;
    }

    std::deque<WorkItem> drain()
    {
        std::lock_guard lock(queueLock);
        std::deque<WorkItem> out;
        out.swap(queue);
        return out;
    }

    // _initializer_failed(): every queued item fails with BrokenThreadPool.
    void initializerFailed(std::int32_t worker)
    {
        std::lock_guard lock(shutdownLock);
        broken = "A thread initializer failed, the thread pool is not usable anymore";
        std::int64_t failed = 0;
        for (auto& item : drain()) {
            if (!item.future)
                continue;
            try {
                item.future->setException(std::make_exception_ptr(BrokenThreadPool(broken)));
                ++failed;
            } catch (const InvalidStateError&) {
                // Cancelled while queued: CPython raises here and kills the thread; we skip it.
            }
        }
        publish(EventKind::PoolBroken, worker, -1, failed,
                static_cast<std::int64_t>(BrokenCause::InitializerFailed));
    }

    static void run(WorkItem& item, const State& self)
    {
        FutureCore& f = *item.future;
        // TaskStart with the future's Running, under its lock: one stamp for the two.
        std::int64_t t0 = 0;
        if (!f.setRunningOrNotifyCancel(&t0))
            return;
        std::exception_ptr error;
        // The task's parts (a mixed task's I/O and CPU) go to this pool's stream.
        const TaskPartScope parts(self.options.events ? &State::publishPart : nullptr, &self, f.id());
        // Returned straight into `result` (no move of the any, which calls its manager), then moved once,
        // into the future.
        std::any result = [&]() -> std::any {
            try {
                return item.fn();
            } catch (...) {
                error = std::current_exception();
                return {};
            }
        }();
        f.finishTask(std::move(result), std::move(error), t0);
    }

    static void worker(const std::shared_ptr<State>& self, std::int32_t index)
    {
        setCurrentWorker(index);
        t_ownPool = self.get();
        // Its tasks sleep on the run clock and hold at the run's holds (gil.h).
        EventGate* gate = self->options.events ? self->options.events->gate() : nullptr;
        const RunGateScope runGate(gate ? gate->handle() : EventGate::Handle());
        // A Python thread runs holding the GIL; it lets go while it blocks on the queue.
        GilAttach attach(self->options.gil.get());
        if (self->options.initializer) {
            try {
                self->options.initializer();
            } catch (...) {
                // LOGGER.critical('Exception in initializer:', exc_info=True)
                logMessage("Exception in initializer:\n" +
                           formatTraceback(std::current_exception(), "in the initializer, on thread " +
                                                                         self->prefix + "_" +
                                                                         std::to_string(index - 1)));
                self->publish(EventKind::InitializerFailed, index, -1);
                self->initializerFailed(index);
                self->publish(EventKind::ThreadExit, index, -1);
                return;
            }
            self->publish(EventKind::InitializerOk, index, -1);
        }
        for (;;) {
            std::optional<WorkItem> item = self->getNowait(index);
            if (!item) {
                const int idle = self->idleSemaphore.fetch_add(1, std::memory_order_acq_rel) + 1;
                self->publish(EventKind::IdleRelease, index, -1, idle);
                GilReleased unlocked;
                item = self->get(index);
            }
            if (item->future) {
                run(*item, *self);
                continue;
            }
            {
                std::lock_guard lock(self->shutdownLock);
                self->shutdown = true;
            }
            // Pass the sentinel on so the next thread wakes and exits too.
            self->put(WorkItem{});
            self->publish(EventKind::ThreadExit, index, -1);
            return;
        }
    }

    bool tryAcquireIdle()
    {
        int n = idleSemaphore.load(std::memory_order_acquire);
        while (n > 0) {
            if (idleSemaphore.compare_exchange_weak(n, n - 1, std::memory_order_acq_rel))
                return true;
        }
        return false;
    }
};

int ThreadPoolExecutor::defaultMaxWorkers()
{
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return std::min(32, static_cast<int>(cores) + 4);
}

ThreadPoolExecutor::ThreadPoolExecutor(ThreadPoolOptions options) : m_state(std::make_shared<State>())
{
    const int workers = options.maxWorkers.value_or(defaultMaxWorkers());
    if (workers <= 0)
        throw ValueError("max_workers must be greater than 0");
    m_state->maxWorkers = workers;
    m_state->prefix = options.threadNamePrefix.empty()
                          ? "ThreadPoolExecutor-" + std::to_string(g_executorCounter.fetch_add(1))
                          : options.threadNamePrefix;
    if (options.events)
        m_state->id = options.events->nextExecutorId();
    m_state->options = std::move(options);
    m_state->publish(EventKind::ExecutorCreated, currentWorker(), -1, workers, 0);
}

ThreadPoolExecutor::~ThreadPoolExecutor() // NOLINT(bugprone-exception-escape): see the header
{
    // A paused gate must not hang the teardown: let this executor's events through.
    if (m_state->options.events)
        if (EventGate* gate = m_state->options.events->gate())
            gate->releaseExecutor(m_state->id);
    shutdownImpl(true, false, true);
}

FutureCorePtr ThreadPoolExecutor::submitErased(std::function<std::any()> call)
{
    State& s = *m_state;
    std::lock_guard lock(s.shutdownLock);
    if (!s.broken.empty()) {
        s.publish(EventKind::SubmitRefused, currentWorker(), -1,
                  static_cast<std::int64_t>(RefuseReason::Broken));
        throw BrokenThreadPool(s.broken);
    }
    if (s.shutdown) {
        s.publish(EventKind::SubmitRefused, currentWorker(), -1,
                  static_cast<std::int64_t>(RefuseReason::Shutdown));
        throw RuntimeError("cannot schedule new futures after shutdown");
    }
    auto f = std::make_shared<FutureCore>(s.options.events, s.id);
    s.put(WorkItem{f, std::move(call)}, true);

    // _adjust_thread_count(): reuse an idle thread if one is parked, else start one.
    if (s.tryAcquireIdle()) {
        s.publish(EventKind::IdleReuse, currentWorker(), f->id(),
                  s.idleSemaphore.load(std::memory_order_relaxed));
        return f;
    }
    std::lock_guard threadsLock(s.threadsLock);
    const int n = static_cast<int>(s.threads.size());
    if (n < s.maxWorkers) {
        const std::string name = s.prefix + "_" + std::to_string(n);
        const std::int32_t index = n + 1;
        s.names.push_back(name);
        // Published before the thread starts, so it precedes everything the new thread publishes.
        s.publish(EventKind::ThreadSpawn, index, f->id(), n + 1);
        s.threads.emplace_back([state = m_state, index, name] {
            // Linux limits thread names to 15 characters; keep the informative tail.
            const std::string shortName = name.size() > 15 ? name.substr(name.size() - 15) : name;
            pthread_setname_np(pthread_self(), shortName.c_str());
            State::worker(state, index);
        });
    }
    return f;
}

void ThreadPoolExecutor::shutdown(bool wait, bool cancelFutures)
{
    shutdownImpl(wait, cancelFutures, false);
}

void ThreadPoolExecutor::shutdownImpl(bool wait, bool cancelFutures, bool destroying)
{
    State& s = *m_state;
    // An executor already shut down (the with-block's __exit__) is only joined when it is destroyed:
    // CPython calls nothing when it is collected, so no second flag, sentinel or join is shown.
    bool quiet = false;
    if (destroying) {
        std::lock_guard lock(s.shutdownLock);
        quiet = s.shutdown;
    }
    if (!quiet) {
        std::lock_guard lock(s.shutdownLock);
        s.shutdown = true;
        s.publish(EventKind::ShutdownFlag, currentWorker(), -1, wait ? 1 : 0, cancelFutures ? 1 : 0);
        if (cancelFutures) {
            std::int64_t cancelled = 0;
            for (auto& item : s.drain()) {
                if (item.future && item.future->cancel())
                    ++cancelled;
            }
            s.publish(EventKind::ShutdownCancelled, currentWorker(), -1, cancelled);
        }
        s.put(WorkItem{});
    }
    if (!wait)
        return;
    // On one of this pool's own threads, CPython's t.join() raises "cannot join current thread"
    // (after joining the threads listed before it; here at once: std::thread::join must not race
    // a join of the same thread from the caller's shutdown). A destructor cannot throw: it joins
    // the others and detaches this one, which keeps the shared state alive until it returns.
    const bool ownThread = t_ownPool == m_state.get();
    if (ownThread && !destroying)
        throw RuntimeError("cannot join current thread");
    std::lock_guard threadsLock(s.threadsLock);
    std::int64_t joined = 0;
    for (auto& t : s.threads) {
        if (!t.joinable())
            continue;
        if (t.get_id() == std::this_thread::get_id()) {
            t.detach();
            continue;
        }
        t.join();
        ++joined;
    }
    if (!quiet)
        s.publish(EventKind::ShutdownJoin, currentWorker(), -1, joined);
}

int ThreadPoolExecutor::maxWorkers() const noexcept
{
    return m_state->maxWorkers;
}

int ThreadPoolExecutor::threadCount() const
{
    std::lock_guard lock(m_state->threadsLock);
    return static_cast<int>(m_state->threads.size());
}

std::vector<std::string> ThreadPoolExecutor::threadNames() const
{
    std::lock_guard lock(m_state->threadsLock);
    return m_state->names;
}

std::uint16_t ThreadPoolExecutor::executorId() const noexcept
{
    return m_state->id;
}

bool ThreadPoolExecutor::broken() const
{
    std::lock_guard lock(m_state->shutdownLock);
    return !m_state->broken.empty();
}

const EventStream* ThreadPoolExecutor::eventStream() const noexcept
{
    return m_state->options.events.get();
}

void ThreadPoolExecutor::emitCaller(EventKind kind, std::int64_t value, std::int64_t value2) const
{
    m_state->publish(kind, currentWorker(), -1, value, value2);
}

} // namespace poolscope
