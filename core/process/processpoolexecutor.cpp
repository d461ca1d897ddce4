// The public face of the process pool (process.py's ProcessPoolExecutor): submit,
// map, shutdown and the 3.14 terminate/kill; the pieces live beside it:
//   connection       multiprocessing/connection.py   pipes and frames
//   callqueue        multiprocessing/queues.py Queue + process.py _SafeQueue
//   resultqueue      multiprocessing/queues.py SimpleQueue
//   workerprocess    process.py _process_worker + multiprocessing/popen_fork.py
//   processtable     the executor's _processes and multiprocessing.Process's join/terminate
//   threadwakeup     process.py _ThreadWakeup
//   managerthread    process.py _ExecutorManagerThread
//   workerrings      the worker event rings (PoolScope's own)
#include "core/process/processpoolexecutor.h"

#include "core/events/eventgate.h"
#include "core/process/managerthread.h"
#include "core/process/poolstate.h"
#include "core/process/workerprocess.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <future>
#include <sys/single_threaded.h>
#include <unistd.h>

namespace poolscope {

namespace {
// Set while the destructor shuts the pool down: a destructor must not throw.
thread_local bool t_destroying = false;

// multiprocessing's _process_counter: workers are named ForkProcess-1, -2, ...
std::atomic<int> g_processCounter{0};

} // namespace

// ================================================================== State

ProcessPoolExecutor::State::State(ProcessPoolOptions opts, int workers, std::uint16_t executorId)
    : options(std::move(opts)), maxWorkers(workers), events{options.events, executorId},
      recording(static_cast<bool>(options.events)), wakeup(events),
      callQueue(events, workers + options.extraQueuedCalls,
                [this](const QueueItem& item, std::exception_ptr error) {
                    onQueueFeederError(item, std::move(error));
                }),
      rings(events, options.eventRingCapacity), processes(events, rings, callQueue, resultQueue)
{
}

ProcessPoolExecutor::State::~State()
{
    if (manager.joinable())
        manager.detach();
}

void ProcessPoolExecutor::State::onQueueFeederError(const QueueItem& item, std::exception_ptr error)
{
    WorkItem workItem;
    bool found = false;
    std::size_t left = 0;
    {
        std::lock_guard lock(pendingLock);
        found = pending.take(item.call.workId, workItem);
        left = pending.size();
    }
    if (found)
        emit(EventKind::PendingPop, 0, item.futureId, static_cast<std::int64_t>(left));
    wakeup.wakeup();
    // work_item can be missing if another process terminated: the manager has
    // failed every pending item with BrokenProcessPool already.
    if (found) {
        try {
            workItem.future->setException(std::move(error));
        } catch (const InvalidStateError&) {
        }
    }
}

void ProcessPoolExecutor::State::spawnProcess()
{
    WorkerSlot* slot = rings.allocate();
    const int index = g_processCounter.fetch_add(1, std::memory_order_relaxed) + 1;
    WorkerContext ctx;
    ctx.callRead = callQueue.readFd();
    ctx.callShared = callQueue.shared();
    ctx.resultWrite = resultQueue.writeFd();
    ctx.resultShared = resultQueue.shared();
    ctx.doorbellWrite = rings.doorbellWrite();
    ctx.slot = slot;
    if (options.events)
        if (EventGate* gate = options.events->gate())
            ctx.gate = gate->handle();
    ctx.executor = events.executor;
    const TaskTablePtr table = TaskRegistry::global().snapshot(); // the child keeps its copy
    ctx.table = table.get();
    ctx.initializer = &options.initializer;
    ctx.maxTasks = options.maxTasksPerChild;
    ctx.name = "ForkProcess-" + std::to_string(index);
    ctx.index = index;
    ctx.closeFds = {wakeup.readFd(), wakeup.writeFd()};
    callQueue.parentOnlyFds(ctx.closeFds);
    resultQueue.parentOnlyFds(ctx.closeFds);
    rings.parentOnlyFds(ctx.closeFds);
    processes.appendPidfds(ctx.closeFds);
    ctx.parent = getpid();
    PipeFds sentinel;
    pid_t pid;
    try {
        sentinel = ProcessTable::prepareSentinel();
        if (sentinel.read >= 0)
            ctx.closeFds.push_back(sentinel.read);
        pid = forkWorker(ctx);
    } catch (...) {
        closeFd(sentinel.read);
        closeFd(sentinel.write);
        rings.release(slot);
        throw;
    }
    closeFd(sentinel.write); // only the child holds it now: EOF on the read end = it ended
    processes.add(pid, slot, ctx.name, index, sentinel.read);
}

void ProcessPoolExecutor::State::launchProcesses()
{
    while (static_cast<int>(processes.size()) < maxWorkers)
        spawnProcess();
}

void ProcessPoolExecutor::State::adjustProcessCount()
{
    if (static_cast<int>(processes.size()) < maxWorkers)
        spawnProcess();
}

void ProcessPoolExecutor::State::startManagerThreadLocked(const std::shared_ptr<State>& self)
{
    if (managerStarted)
        return;
    // Start the processes first so their sentinels are known (fork start method);
    // submit() returns once they exist, as in CPython. A worker's parent-death signal
    // follows the thread that forked it, so the forking thread must outlive the
    // workers: the manager thread does (it reaps them all before it ends), and so
    // does a process's only thread (its end is the process's end). Forking while
    // single-threaded also leaves the workers' libc in its single-threaded fast paths.
    const bool here = __libc_single_threaded;
    if (here)
        launchProcesses();
    // Before the manager forks: a worker stepping at a paused gate must be seen even
    // while the manager itself waits there.
    rings.startDrainer();
    std::promise<void> launched;
    std::future<void> done = launched.get_future();
    manager = std::thread([self, here, launched = std::move(launched)]() mutable {
        ExecutorManagerThread::run(self, !here, std::move(launched));
    });
    managerStarted = true;
    if (here)
        return;
    try {
        done.get();
    } catch (...) {
        manager.join();
        managerStarted = false;
        throw;
    }
}

// ================================================================== ProcessPoolExecutor

int ProcessPoolExecutor::defaultMaxWorkers()
{
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<int>(n) : 1;
}

ProcessPoolExecutor::ProcessPoolExecutor(ProcessPoolOptions options)
{
    if (options.maxWorkers && *options.maxWorkers <= 0)
        throw ValueError("max_workers must be greater than 0");
    if (options.maxTasksPerChild && *options.maxTasksPerChild <= 0)
        throw ValueError("max_tasks_per_child must be >= 1");
    if (options.extraQueuedCalls < 0)
        throw ValueError("extra_queued_calls must be >= 0");
    if (options.events && options.eventRingCapacity < 16)
        throw ValueError("event_ring_capacity must be >= 16");
    const int workers = options.maxWorkers.value_or(defaultMaxWorkers());
    const std::uint16_t id = options.events ? options.events->nextExecutorId() : 0;
    m_state = std::make_shared<State>(std::move(options), workers, id);
    m_state->emit(EventKind::ExecutorCreated, currentWorker(), -1, workers, 1);
}

ProcessPoolExecutor::~ProcessPoolExecutor()
{
    // A paused gate must not hang the teardown: let this executor's events through.
    if (m_state->options.events)
        if (EventGate* gate = m_state->options.events->gate())
            gate->releaseExecutor(m_state->events.executor);
    // Nor may a held run keep its workers stopped (SIGSTOP) while they are joined.
    m_state->processes.detachGate();
    t_destroying = true;
    try {
        // Already shut down (the with-block's __exit__): CPython calls nothing when the executor is
        // collected, so only the manager thread is joined, with no second ShutdownFlag.
        if (m_state->shutdownThread.load(std::memory_order_acquire))
            joinManager();
        else
            shutdown(true, false);
    } catch (const std::exception& e) {
        // A destructor cannot hand the error on (CPython's __exit__ would raise it): say what it
        // was before the process ends, as an escaping exception would end it, without a reason.
        std::fprintf(stderr, "poolscope: ProcessPoolExecutor: shutdown failed: %s\n", e.what());
        std::abort();
    } catch (...) {
        std::fputs("poolscope: ProcessPoolExecutor: shutdown failed\n", stderr);
        std::abort();
    }
    t_destroying = false;
}

FutureCorePtr ProcessPoolExecutor::submitErased(FunctionRef fn, std::vector<std::any> args)
{
    State& s = *m_state;
    std::lock_guard lock(s.shutdownLock);
    if (s.isBroken.load(std::memory_order_acquire)) {
        s.emit(EventKind::SubmitRefused, currentWorker(), -1,
               static_cast<std::int64_t>(RefuseReason::Broken));
        throw BrokenProcessPool(s.brokenReason);
    }
    if (s.shutdownThread.load(std::memory_order_acquire)) {
        s.emit(EventKind::SubmitRefused, currentWorker(), -1,
               static_cast<std::int64_t>(RefuseReason::Shutdown));
        throw RuntimeError("cannot schedule new futures after shutdown");
    }
    auto f = std::make_shared<FutureCore>(s.options.events, s.events.executor);
    const std::int64_t workId = s.queueCount++;
    if (s.recording)
        s.events.stream->publishPair(EventKind::Submit, EventKind::WorkItemCreated, s.events.executor,
                                     currentWorker(), f->id(), s.queueCount);
    std::size_t n;
    {
        std::lock_guard plock(s.pendingLock);
        s.pending.assign(workId, WorkItem{f, std::move(fn), std::move(args)});
        n = s.pending.size();
    }
    s.emit(EventKind::PendingInsert, currentWorker(), f->id(), static_cast<std::int64_t>(n));
    {
        // Stamped under the lock so the manager's WorkIdGet always comes after it.
        std::lock_guard wlock(s.workIdsLock);
        s.workIds.push_back(workId);
        s.emit(EventKind::WorkIdPut, currentWorker(), f->id(), static_cast<std::int64_t>(s.workIds.size()));
    }
    s.wakeup.wakeup();
    s.startManagerThreadLocked(m_state);
    return f;
}

ProcessPoolExecutor::MapChunks ProcessPoolExecutor::mapErased(const FunctionRef& fn,
                                                              std::vector<std::vector<std::any>> calls,
                                                              Timeout timeout, int chunksize)
{
    if (chunksize < 1)
        throw ValueError("chunksize must be >= 1.");
    const std::size_t arity = calls.empty() ? 1 : calls.front().size();
    std::vector<std::any> flat;
    flat.reserve(calls.size() * arity);
    for (auto& call : calls) {
        if (call.size() != arity)
            throw ValueError("map() argument lists must all have the same length");
        for (auto& a : call)
            flat.push_back(std::move(a));
    }
    if (arity == 0)
        throw ValueError("map() needs at least one argument per call");
    return mapFlat(fn, std::move(flat), static_cast<std::uint32_t>(arity), timeout, chunksize);
}

ProcessPoolExecutor::MapChunks ProcessPoolExecutor::mapFlat(const FunctionRef& fn, std::vector<std::any> flat,
                                                            std::uint32_t arity, Timeout timeout,
                                                            int chunksize)
{
    if (chunksize < 1)
        throw ValueError("chunksize must be >= 1.");
    MapChunks out;
    out.deadlineNs = deadlineAfter(timeout, m_state->options.events.get());
    out.events = m_state->options.events;
    out.executor = m_state->events.executor;
    const std::size_t n = arity ? flat.size() / arity : 0;
    m_state->emit(EventKind::MapBegin, currentWorker(), -1, static_cast<std::int64_t>(n), chunksize);
    const auto step = static_cast<std::size_t>(chunksize);
    out.futures.reserve((n + step - 1) / step);
    out.sizes.reserve((n + step - 1) / step);
    for (std::size_t start = 0; start < n; start += step) {
        const std::size_t end = std::min(n, start + step);
        ChunkArgs chunk;
        chunk.arity = arity;
        chunk.flat.assign(std::make_move_iterator(flat.begin() + static_cast<std::ptrdiff_t>(start * arity)),
                          std::make_move_iterator(flat.begin() + static_cast<std::ptrdiff_t>(end * arity)));
        // partial(_process_chunk, fn) called with the chunk
        std::vector<std::any> args;
        args.reserve(2);
        args.emplace_back(fn);
        args.emplace_back(std::move(chunk));
        out.futures.push_back(submitErased(FunctionRef::named(kProcessChunk), std::move(args)));
        out.sizes.push_back(end - start);
    }
    return out;
}

void ProcessPoolExecutor::shutdown(bool wait, bool cancelFutures)
{
    State& s = *m_state;
    {
        std::lock_guard lock(s.shutdownLock);
        s.cancelPendingFutures = cancelFutures;
        s.shutdownThread.store(true, std::memory_order_release);
        s.emit(EventKind::ShutdownFlag, currentWorker(), -1, wait ? 1 : 0, cancelFutures ? 1 : 0);
        s.wakeup.wakeup();
    }
    if (!wait)
        return;
    joinManager();
}

void ProcessPoolExecutor::joinManager()
{
    State& s = *m_state;
    std::thread manager;
    {
        std::lock_guard lock(s.shutdownLock);
        // From a done callback on the manager thread, CPython's join() raises (and the callback's
        // error is logged); the flags are set and the manager thread stays joinable by the owner.
        // Only the destructor detaches it, as it cannot throw.
        if (s.manager.joinable() && s.manager.get_id() == std::this_thread::get_id() && !t_destroying)
            throw RuntimeError("cannot join current thread");
        manager = std::move(s.manager);
    }
    if (manager.joinable()) {
        if (manager.get_id() == std::this_thread::get_id())
            manager.detach(); // the destructor, run on the manager thread itself
        else
            manager.join();
    }
}

void ProcessPoolExecutor::terminateWorkers()
{
    {
        std::lock_guard lock(m_state->shutdownLock);
        m_state->forceShuttingDown = true;
    }
    const std::vector<pid_t> pids = m_state->processes.pids();
    shutdown(false, true);
    forceSignal(pids, SIGTERM);
}

void ProcessPoolExecutor::killWorkers()
{
    {
        std::lock_guard lock(m_state->shutdownLock);
        m_state->forceShuttingDown = true;
    }
    const std::vector<pid_t> pids = m_state->processes.pids();
    shutdown(false, true);
    forceSignal(pids, SIGKILL);
}

bool ProcessPoolExecutor::signalWorker(pid_t pid, int sig)
{
    return m_state->processes.signal(pid, sig, false);
}

void ProcessPoolExecutor::forceSignal(const std::vector<pid_t>& pids, int sig)
{
    for (pid_t pid : pids)
        m_state->processes.signal(pid, sig, true); // ProcessLookupError: it just ended; ignore
}

int ProcessPoolExecutor::maxWorkers() const noexcept
{
    return m_state->maxWorkers;
}

int ProcessPoolExecutor::callQueueCapacity() const noexcept
{
    return m_state->callQueue.capacity();
}

std::vector<WorkerProcessInfo> ProcessPoolExecutor::processes() const
{
    return m_state->processes.infos();
}

std::vector<pid_t> ProcessPoolExecutor::spawnedPids() const
{
    return m_state->processes.spawned();
}

bool ProcessPoolExecutor::broken() const
{
    return m_state->isBroken.load(std::memory_order_acquire);
}

std::string ProcessPoolExecutor::brokenReason() const
{
    std::lock_guard lock(m_state->shutdownLock);
    return m_state->brokenReason;
}

std::uint16_t ProcessPoolExecutor::executorId() const noexcept
{
    return m_state->events.executor;
}

void ProcessPoolExecutor::drainWorkerEvents()
{
    m_state->rings.drainAll();
}

} // namespace poolscope
