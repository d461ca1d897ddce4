#include "core/process/processpoolexecutor.h"

#include "core/events/eventgate.h"
#include "core/workload/gil.h"
#include "core/sync/sharedsync.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>

namespace poolscope {

namespace {

// multiprocessing's _process_counter: workers are named ForkProcess-1, -2, ...
std::atomic<int> g_processCounter{0};

constexpr std::uint32_t kNoExitReason = 0xffffffffu;

const char* const kBrokenReason =
    "A child process terminated abruptly, the process pool is not usable anymore";
const char* const kBrokenFuture =
    "A process in the process pool was terminated abruptly while the future was running or pending.";

// ---------------------------------------------------------------- small syscalls

int pidfdOpen(pid_t pid)
{
    return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

int pidfdSignal(int pidfd, int sig)
{
    return static_cast<int>(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

bool pidfdExited(int pidfd)
{
    pollfd p{pidfd, POLLIN, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP)) != 0;
}

void makePipe(int fds[2], bool nonblockRead, bool nonblockWrite)
{
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw PyError("OSError", std::string("pipe: ") + std::strerror(errno));
    if (nonblockRead)
        fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    if (nonblockWrite)
        fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
}

void closeFd(int& fd)
{
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

// Blocking write of every byte; false on EPIPE or another error.
bool writeAllBlocking(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// Blocking read of exactly `size` bytes; false on EOF or error.
bool readExactly(int fd, char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::read(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0)
            return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// ---------------------------------------------------------------- shared memory

// The cross-process parts of the two queues (one MAP_SHARED page).
struct QueueShared
{
    sharedsync::SharedMutex callReadLock;    // call_queue._rlock: one worker reads a frame at a time
    sharedsync::SharedSlots callSlots;       // call_queue._sem: bounded at max_workers + extra
    sharedsync::SharedMutex resultWriteLock; // result_queue._wlock: frames never interleave
};

// One worker's page(s): how it chose to exit, and (when recording) its event ring.
struct WorkerSlot
{
    std::atomic<std::uint32_t> exitReason{kNoExitReason};
    std::uint32_t capacity = 0;
    alignas(64) std::atomic<std::uint64_t> head{0}; // written by the worker
    alignas(64) std::atomic<std::uint64_t> tail{0}; // written by the parent

    Event* ring() { return reinterpret_cast<Event*>(reinterpret_cast<char*>(this) + sizeof(WorkerSlot)); }
    static std::size_t bytesFor(std::size_t capacity)
    {
        return sizeof(WorkerSlot) + capacity * sizeof(Event);
    }
};
static_assert(std::is_trivially_copyable_v<Event>);

// ---------------------------------------------------------------- records

struct WorkItem
{
    FutureCorePtr future;
    FunctionRef fn;
    std::vector<std::any> args;
};

// What the call queue's buffer holds: a _CallItem, the None sentinel, or the
// feeder's own close sentinel.
struct QueueItem
{
    enum class Kind
    {
        Call,
        None,
        Close
    } kind = Kind::Call;
    CallItem call;
    std::int64_t futureId = -1; // for events only
};

struct Proc
{
    pid_t pid = 0;
    int pidfd = -1;
    WorkerSlot* slot = nullptr;
    std::size_t slotBytes = 0;
    std::string name;
    int index = 0;
    bool signalled = false;
};

// Everything a forked worker needs, captured in the parent before fork(). The
// child touches nothing else of the parent: no mutex, no EventStream, no heap
// object another parent thread might be using.
struct WorkerContext
{
    int callRead = -1;
    int resultWrite = -1;
    int doorbellWrite = -1;
    QueueShared* shared = nullptr;
    WorkerSlot* slot = nullptr;
    EventGate::Handle gate;
    std::uint16_t executor = 0;
    const TaskTable* table = nullptr;
    const std::function<void()>* initializer = nullptr;
    std::optional<int> maxTasks;
    std::string name;
    int index = 0;
    std::vector<int> closeFds;
};

// ---------------------------------------------------------------- the worker process

// Writes to fd 2 directly: stdio's locks and buffers belong to the parent.
void childStderr(const std::string& text)
{
    (void)writeAllBlocking(2, text.data(), text.size());
}

std::string frameLine(const WorkerContext& c, pid_t pid, const char* function)
{
    return "  File \"<worker " + c.name + ", pid " + std::to_string(pid) + ">\", in " + function + "\n";
}

// A worker's events go into its shared-memory ring, never into the pipes.
class RingEmitter
{
public:
    RingEmitter(const WorkerContext& c, pid_t pid) : m_c(c), m_pid(pid) {}

    void emit(EventKind kind, std::int64_t task, std::int64_t value = 0, std::int64_t value2 = 0) const
    {
        WorkerSlot* s = m_c.slot;
        if (s->capacity == 0)
            return; // recording off
        const bool waited = m_c.gate && m_c.gate.pass(m_c.executor);
        Event e;
        e.tNs = nowNs();
        e.kind = kind;
        e.executor = m_c.executor;
        e.worker = m_pid;
        e.task = task;
        e.value = value;
        e.value2 = value2;
        const std::uint64_t head = s->head.load(std::memory_order_relaxed);
        while (head - s->tail.load(std::memory_order_acquire) >= s->capacity) {
            // Full: ask the manager to drain, then wait for room (never drop an event).
            ringDoorbell();
            const timespec ts{0, 50'000};
            nanosleep(&ts, nullptr);
        }
        s->ring()[head % s->capacity] = e;
        s->head.store(head + 1, std::memory_order_release);
        if (waited)
            ringDoorbell(); // someone is stepping: let the parent forward this event now
    }

private:
    void ringDoorbell() const
    {
        if (m_c.doorbellWrite >= 0) {
            const char b = 1;
            (void)!::write(m_c.doorbellWrite, &b, 1); // non-blocking; a full pipe already rings
        }
    }

    const WorkerContext& m_c;
    pid_t m_pid;
};

RemoteError remoteError(const std::exception_ptr& error, const std::string& tracebackHead)
{
    const ErrorInfo info = describeException(error);
    RemoteError r;
    r.type = info.type;
    r.message = info.message;
    r.traceback = "Traceback (most recent call last):\n" + tracebackHead + info.type +
                  (info.message.empty() ? "" : ": " + info.message) + "\n";
    return r;
}

// result_queue.put(): false when the pipe is broken (EPIPE: the parent is gone).
bool putResult(const WorkerContext& c, const Bytes& frame)
{
    c.shared->resultWriteLock.lock();
    const bool ok = writeAllBlocking(c.resultWrite, frame.data(), frame.size());
    c.shared->resultWriteLock.unlock();
    return ok;
}

// Process._bootstrap's report of an exception that escaped the worker function.
[[noreturn]] void dieWithTraceback(const WorkerContext& c, pid_t pid, const std::string& where,
                                   const std::string& type, const std::string& message)
{
    childStderr("Process " + c.name + ":\nTraceback (most recent call last):\n" +
                frameLine(c, pid, "_process_worker") + "    " + where + "\n" + type +
                (message.empty() ? "" : ": " + message) + "\n");
    _exit(1);
}

// _process_worker(call_queue, result_queue, initializer, initargs, max_tasks)
[[noreturn]] void workerMain(const WorkerContext& c)
{
    try {
        // Fatal-signal handlers installed by the parent (a test harness, a crash
        // reporter) must not run in a worker: a crash or a terminate should simply end
        // it. Signals were blocked across fork(), so one sent this early (the pool
        // breaking at once) waits until the defaults are back.
        for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
            signal(sig, SIG_DFL);
        // Python ignores SIGPIPE: a write to a pipe nobody reads (the parent died) fails
        // with BrokenPipeError instead of killing the worker while it holds the result
        // queue's lock, which would leave its siblings blocked on that lock forever.
        signal(SIGPIPE, SIG_IGN);
        sigset_t none;
        sigemptyset(&none);
        pthread_sigmask(SIG_SETMASK, &none, nullptr);
        // A worker is a new interpreter with its own, uncontended GIL: never the GIL
        // object of the parent thread that forked it (another parent thread may hold its mutex).
        detail::t_gilState = {};
        for (int fd : c.closeFds)
            ::close(fd);

        const pid_t pid = getpid();
        const RingEmitter em(c, pid);
        em.emit(EventKind::WorkerStart, -1, c.index);

        if (c.initializer && *c.initializer) {
            try {
                (*c.initializer)();
            } catch (...) {
                const RemoteError e =
                    remoteError(std::current_exception(),
                                frameLine(c, pid, "_process_worker") + "    initializer(*initargs)\n");
                childStderr("Exception in initializer:\n" + e.traceback);
                em.emit(EventKind::InitializerFailed, -1);
                // As in CPython the worker just returns (exit code 0); the parent
                // notices that a process stopped and breaks the pool.
                c.slot->exitReason.store(static_cast<std::uint32_t>(ExitReason::InitFailed),
                                         std::memory_order_release);
                _exit(0);
            }
            em.emit(EventKind::InitializerOk, -1);
        }

        int numTasks = 0;
        std::vector<char> payload;
        for (;;) {
            // call_queue.get(block=True): read lock, one frame, release; then give the slot back.
            char header[kFrameHeader];
            c.shared->callReadLock.lock();
            bool ok = readExactly(c.callRead, header, kFrameHeader);
            if (ok) {
                payload.resize(frameLength(header));
                ok = readExactly(c.callRead, payload.data(), payload.size());
            }
            c.shared->callReadLock.unlock();
            if (!ok)
                dieWithTraceback(c, pid, "call_item = call_queue.get(block=True)", "EOFError", "");
            c.shared->callSlots.release();

            CallMessage msg;
            try {
                msg = decodeCall(payload.data(), payload.size());
                if (!msg.sentinel && msg.item.fn.name != kProcessChunk &&
                    !c.table->contains(msg.item.fn.name))
                    throwUnknownTask(msg.item.fn.name); // unpickling looks the function up
            } catch (...) {
                const ErrorInfo info = describeException(std::current_exception());
                em.emit(EventKind::WorkerGet, -1, static_cast<std::int64_t>(payload.size() + kFrameHeader));
                dieWithTraceback(c, pid, "call_item = call_queue.get(block=True)", info.type, info.message);
            }
            const std::int64_t workId = msg.sentinel ? -1 : msg.item.workId;
            em.emit(EventKind::WorkerGet, workId, static_cast<std::int64_t>(payload.size() + kFrameHeader),
                    msg.sentinel ? 1 : 0);
            if (msg.sentinel) {
                // Wake up queue management thread: result_queue.put(os.getpid())
                const Bytes frame = encodePid(pid);
                em.emit(EventKind::ResultPipeWrite, -1, static_cast<std::int64_t>(frame.size()));
                c.slot->exitReason.store(static_cast<std::uint32_t>(ExitReason::Sentinel),
                                         std::memory_order_release);
                if (!putResult(c, frame))
                    dieWithTraceback(c, pid, "result_queue.put(os.getpid())", "BrokenPipeError",
                                     "[Errno 32] Broken pipe");
                _exit(0);
            }

            std::optional<std::int32_t> exitPid;
            if (c.maxTasks && ++numTasks >= *c.maxTasks)
                exitPid = pid;

            ResultItem result;
            result.workId = workId;
            result.exitPid = exitPid;
            em.emit(EventKind::TaskStart, workId);
            const std::int64_t t0 = nowNs();
            try {
                result.result = runTask(*c.table, msg.item.fn, msg.item.args);
            } catch (...) {
                result.exception =
                    remoteError(std::current_exception(),
                                frameLine(c, pid, "_process_worker") +
                                    "    r = call_item.fn(*call_item.args, **call_item.kwargs)\n" +
                                    "  File \"<task registry>\", in " + msg.item.fn.name + "\n");
            }
            em.emit(EventKind::TaskEnd, workId, nowNs() - t0, result.exception ? 1 : 0);

            // _sendback_result: if the result cannot be serialized, send that error instead.
            Bytes frame;
            try {
                frame = encodeResult(result, c.table);
            } catch (...) {
                ResultItem failed;
                failed.workId = workId;
                failed.exitPid = exitPid;
                failed.exception = remoteError(std::current_exception(),
                                               frameLine(c, pid, "_sendback_result") +
                                                   "    result_queue.put(_ResultItem(work_id, result=result, "
                                                   "exception=exception, exit_pid=exit_pid))\n");
                frame = encodeResult(failed, c.table);
            }
            em.emit(EventKind::ResultSerialize, workId,
                    static_cast<std::int64_t>(frame.size() - kFrameHeader));
            // Published before the write so the parent never reads a result before its events.
            em.emit(EventKind::ResultPipeWrite, workId, static_cast<std::int64_t>(frame.size()));
            if (exitPid)
                c.slot->exitReason.store(static_cast<std::uint32_t>(ExitReason::MaxTasks),
                                         std::memory_order_release);
            if (!putResult(c, frame))
                dieWithTraceback(c, pid,
                                 "_sendback_result(call_item.result_queue, call_item.work_id, result=r)",
                                 "BrokenPipeError", "[Errno 32] Broken pipe");
            if (exitPid)
                _exit(0);
        }
    } catch (...) {
        const ErrorInfo info = describeException(std::current_exception());
        childStderr("Process " + c.name + ": " + info.type + ": " + info.message + "\n");
        _exit(1);
    }
}

} // namespace

// ================================================================== State

struct ProcessPoolExecutor::State
{
    ProcessPoolOptions options;
    int maxWorkers = 0;
    int capacity = 0;
    std::uint16_t id = 0;
    bool recording = false;

    // _shutdown_lock and what it guards
    mutable FutexMutex shutdownLock;
    std::atomic<bool> shutdownThread{false};
    std::string brokenReason;
    std::atomic<bool> isBroken{false};
    bool cancelPendingFutures = false;
    bool forceShuttingDown = false; // terminate_workers() / kill_workers()
    std::int64_t queueCount = 0;
    bool managerStarted = false;
    std::thread manager;

    // _pending_work_items
    FutexMutex pendingLock;
    std::unordered_map<std::int64_t, WorkItem> pending;

    // _work_ids (queue.Queue)
    FutexMutex workIdsLock;
    std::deque<std::int64_t> workIds;

    // _executor_manager_thread_wakeup (_ThreadWakeup). The fds stay open until the
    // executor is gone, so wakeup() needs no lock even when racing close().
    int wakeupRead = -1, wakeupWrite = -1;
    std::atomic<bool> wakeupClosed{false};
    std::atomic<bool> wakeupPending{false};

    // Shared memory for the queues.
    QueueShared* shared = nullptr;

    // _call_queue (multiprocessing.Queue / _SafeQueue)
    int callRead = -1, callWrite = -1;
    int feederCancel = -1; // eventfd: unblocks a feeder stuck on a full pipe when the pool breaks
    FutexMutex callLock;   // the buffer's lock (_notempty)
    std::condition_variable_any callNotEmpty;
    bool feederSleeping = false;
    std::deque<QueueItem> callBuffer;
    bool callClosed = false;
    bool feederStarted = false;
    std::thread feeder;

    // _result_queue (SimpleQueue); the parent's read end is non-blocking and
    // partial frames wait in resultBuffer.
    int resultRead = -1, resultWrite = -1;
    std::vector<char> resultBuffer;
    std::size_t resultPos = 0;

    // Doorbell: workers ring it when their event ring is full or while stepping.
    int doorbellRead = -1, doorbellWrite = -1;

    // _processes
    mutable std::mutex processesLock;
    std::map<pid_t, Proc> processes;
    std::vector<pid_t> spawned;

    // Consumer side of the worker rings: work id -> future id for their events, and
    // the right to read or unmap a ring. The manager drains on every wake;
    // drainWorkerEvents() lets another thread (a GUI stepping a paused pool) drain too.
    FutexMutex drainLock;
    std::unordered_map<std::int64_t, std::int64_t> workToFuture;

    ~State()
    {
        // The manager joins the feeder on every exit path; this only guards odd teardowns.
        if (feeder.joinable() && feeder.get_id() != std::this_thread::get_id())
            feeder.join();
        if (manager.joinable())
            manager.detach();
        closeAllFds();
    }

    // ---------------------------------------------------------- events
    void emit(EventKind kind, std::int32_t worker, std::int64_t task, std::int64_t value = 0,
              std::int64_t value2 = 0) const
    {
        if (options.events)
            options.events->publish(kind, id, worker, task, value, value2);
    }

    void drainRing(Proc& p)
    {
        WorkerSlot* s = p.slot;
        if (!s || s->capacity == 0 || !options.events)
            return;
        std::uint64_t tail = s->tail.load(std::memory_order_relaxed);
        const std::uint64_t head = s->head.load(std::memory_order_acquire);
        for (; tail != head; ++tail) {
            Event e = s->ring()[tail % s->capacity];
            if (e.task >= 0) {
                auto it = workToFuture.find(e.task);
                e.task = it == workToFuture.end() ? -1 : it->second;
            }
            options.events->forward(e);
        }
        s->tail.store(tail, std::memory_order_release);
    }

    // Forwarding happens outside processesLock so a sink that blocks never holds
    // up processes() or signalWorker().
    void drainRings()
    {
        if (!recording)
            return;
        std::lock_guard drain(drainLock);
        std::vector<Proc> procs;
        {
            std::lock_guard lock(processesLock);
            for (const auto& [pid, p] : processes)
                procs.push_back(p);
        }
        for (auto& p : procs)
            drainRing(p);
    }

    // ---------------------------------------------------------- _ThreadWakeup
    void wakeup()
    {
        if (wakeupClosed.load(std::memory_order_acquire))
            return;
        // Never write when a wakeup is already on its way: one byte wakes the manager
        // for every submit that happened before it clears.
        if (!wakeupPending.exchange(true, std::memory_order_acq_rel)) {
            emit(EventKind::WakeupSend, currentWorker(), -1);
            const char b = 0;
            (void)!::write(wakeupWrite, &b, 1);
        }
    }

    void clearWakeup(bool readable)
    {
        if (wakeupClosed.load(std::memory_order_acquire))
            return;
        if (!readable && !wakeupPending.load(std::memory_order_acquire))
            return;
        char buf[256];
        std::int64_t total = 0;
        for (;;) {
            const ssize_t n = ::read(wakeupRead, buf, sizeof buf);
            if (n <= 0)
                break;
            total += n;
        }
        // Drop the flag only after draining. Dropping it first let a byte written in
        // between be drained while the flag stayed set, so the next wakeup() (say,
        // shutdown's) skipped its write and the manager slept through it.
        wakeupPending.exchange(false, std::memory_order_acq_rel);
        if (total > 0)
            emit(EventKind::WakeupClear, 0, -1, total);
    }

    // ---------------------------------------------------------- call queue
    bool callQueueFull() const { return shared->callSlots.value() == 0; }
    int callQueueUsed() const { return capacity - shared->callSlots.value(); }

    // Queue.put: take a slot, append to the buffer, start the feeder lazily.
    // Returns false (queue.Full) when no slot is free and block is false. The put
    // event (CallQueuePut / SentinelPut) is stamped before the feeder can see the item.
    bool callQueuePut(QueueItem item, bool block)
    {
        if (callClosed)
            throw ValueError("Queue is closed");
        while (!shared->callSlots.tryAcquire()) {
            if (!block)
                return false;
            // The manager only puts when !full(), so this is the rare race with a
            // shutdown sentinel; a worker frees the slot shortly.
            const timespec ts{0, 50'000};
            nanosleep(&ts, nullptr);
        }
        if (item.kind == QueueItem::Kind::None)
            emit(EventKind::SentinelPut, 0, -1, callQueueUsed(), capacity);
        else
            emit(EventKind::CallQueuePut, 0, item.futureId, callQueueUsed(), capacity);
        bool startFeeder = false;
        {
            std::lock_guard lock(callLock);
            if (!feederStarted) {
                feederStarted = true;
                startFeeder = true;
            }
            callBuffer.push_back(std::move(item));
            if (feederSleeping)
                callNotEmpty.notify_one();
        }
        if (startFeeder) {
            feeder = std::thread([this] { feederMain(); });
            emit(EventKind::FeederStart, 0, -1);
        }
        return true;
    }

    void callQueueClose()
    {
        if (callClosed)
            return;
        callClosed = true;
        std::size_t buffered = 0;
        {
            std::lock_guard lock(callLock);
            buffered = callBuffer.size();
            if (feederStarted) {
                QueueItem close;
                close.kind = QueueItem::Kind::Close;
                callBuffer.push_back(std::move(close));
                if (feederSleeping)
                    callNotEmpty.notify_one();
            }
        }
        emit(EventKind::CallQueueClose, 0, -1, static_cast<std::int64_t>(buffered));
    }

    void callQueueJoinThread()
    {
        if (feeder.joinable())
            feeder.join();
    }

    // Queue._terminate_broken(): stop writing to a pipe nobody will read.
    void callQueueTerminateBroken()
    {
        const std::uint64_t one = 1;
        (void)!::write(feederCancel, &one, sizeof one);
        callQueueClose();
        callQueueJoinThread();
    }

    // Writes every byte, waiting for room on a full pipe; false on EPIPE or when
    // cancelled because the pool broke (the ignore_epipe exit).
    bool feederWrite(const char* data, std::size_t size)
    {
        while (size > 0) {
            const ssize_t n = ::write(callWrite, data, size);
            if (n > 0) {
                data += n;
                size -= static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && errno == EAGAIN) {
                pollfd fds[2] = {{callWrite, POLLOUT, 0}, {feederCancel, POLLIN, 0}};
                if (poll(fds, 2, -1) < 0 && errno != EINTR)
                    return false;
                if (fds[1].revents & POLLIN)
                    return false;
                continue;
            }
            return false; // EPIPE: every reader is gone
        }
        return true;
    }

    // Queue._feed: takes EVERY ready item per wake, serializes each outside the
    // lock and writes them all with one write() call.
    void feederMain()
    {
        pthread_setname_np(pthread_self(), "QueueFeederThre");
        // A write to a pipe without readers must fail with EPIPE, not kill the process.
        sigset_t pipeSet;
        sigemptyset(&pipeSet);
        sigaddset(&pipeSet, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipeSet, nullptr);

        std::deque<QueueItem> batch;
        Bytes out;
        std::vector<std::pair<std::int64_t, std::int64_t>> written; // future id, frame bytes
        for (;;) {
            {
                std::unique_lock lock(callLock);
                while (callBuffer.empty()) {
                    feederSleeping = true;
                    callNotEmpty.wait(lock);
                    feederSleeping = false;
                }
                batch.swap(callBuffer);
            }
            const TaskTablePtr table = TaskRegistry::global().snapshot();
            bool closing = false;
            out.clear();
            written.clear();
            for (auto& item : batch) {
                if (item.kind == QueueItem::Kind::Close) {
                    closing = true;
                    break;
                }
                Bytes frame;
                if (item.kind == QueueItem::Kind::None) {
                    frame = encodeSentinel();
                } else {
                    try {
                        frame = encodeCall(item.call, table.get());
                    } catch (...) {
                        // The item never reaches the pipe: give its slot back, then fail its future.
                        shared->callSlots.release();
                        onQueueFeederError(item, std::current_exception());
                        continue;
                    }
                }
                emit(EventKind::FeederSerialize, 0, item.futureId,
                     static_cast<std::int64_t>(frame.size() - kFrameHeader));
                written.emplace_back(item.futureId, static_cast<std::int64_t>(frame.size()));
                out.insert(out.end(), frame.begin(), frame.end());
            }
            batch.clear();
            if (!out.empty()) {
                // Stamped before write() so a worker's WorkerGet can never precede it.
                for (const auto& [future, bytes] : written)
                    emit(EventKind::PipeWrite, 0, future, bytes, static_cast<std::int64_t>(Pipe::Call));
                if (!feederWrite(out.data(), out.size())) {
                    emit(EventKind::FeederExit, 0, -1, 1);
                    return;
                }
            }
            if (closing) {
                emit(EventKind::FeederExit, 0, -1, 0);
                return;
            }
        }
    }

    // _SafeQueue._on_queue_feeder_error: only this future fails; the pool goes on.
    void onQueueFeederError(const QueueItem& item, std::exception_ptr error)
    {
        emit(EventKind::FeederError, 0, item.futureId);
        std::optional<WorkItem> workItem;
        std::size_t left = 0;
        {
            std::lock_guard lock(pendingLock);
            auto it = pending.find(item.call.workId);
            if (it != pending.end()) {
                workItem = std::move(it->second);
                pending.erase(it);
            }
            left = pending.size();
        }
        if (workItem)
            emit(EventKind::PendingPop, 0, item.futureId, static_cast<std::int64_t>(left));
        wakeup();
        // work_item can be missing if another process terminated: the manager has
        // failed every pending item with BrokenProcessPool already.
        if (workItem) {
            try {
                workItem->future->setException(std::move(error));
            } catch (const InvalidStateError&) {
            }
        }
    }

    // ---------------------------------------------------------- processes
    void spawnProcess()
    {
        const std::size_t ringCapacity = recording ? options.eventRingCapacity : 0;
        const std::size_t bytes = WorkerSlot::bytesFor(ringCapacity);
        void* mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (mem == MAP_FAILED)
            throw PyError("OSError", std::string("mmap: ") + std::strerror(errno));
        auto* slot = new (mem) WorkerSlot;
        slot->capacity = static_cast<std::uint32_t>(ringCapacity);

        const int index = g_processCounter.fetch_add(1, std::memory_order_relaxed) + 1;
        WorkerContext ctx;
        ctx.callRead = callRead;
        ctx.resultWrite = resultWrite;
        ctx.doorbellWrite = doorbellWrite;
        ctx.shared = shared;
        ctx.slot = slot;
        if (options.events)
            if (EventGate* gate = options.events->gate())
                ctx.gate = gate->handle();
        ctx.executor = id;
        const TaskTablePtr table = TaskRegistry::global().snapshot(); // the child keeps its copy
        ctx.table = table.get();
        ctx.initializer = &options.initializer;
        ctx.maxTasks = options.maxTasksPerChild;
        ctx.name = "ForkProcess-" + std::to_string(index);
        ctx.index = index;
        ctx.closeFds = {callWrite, resultRead, wakeupRead, wakeupWrite, doorbellRead, feederCancel};
        {
            std::lock_guard lock(processesLock);
            for (const auto& [pid, p] : processes)
                ctx.closeFds.push_back(p.pidfd);
        }
        ctx.closeFds.erase(std::remove(ctx.closeFds.begin(), ctx.closeFds.end(), -1), ctx.closeFds.end());

        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        const pid_t pid = fork();
        if (pid == 0)
            workerMain(ctx); // never returns
        pthread_sigmask(SIG_SETMASK, &old, nullptr);
        if (pid < 0) {
            const int err = errno;
            munmap(mem, bytes);
            throw PyError("OSError", std::string("fork: ") + std::strerror(err));
        }
        const int pidfd = pidfdOpen(pid);
        if (pidfd < 0) {
            const int err = errno;
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
            munmap(mem, bytes);
            throw PyError("OSError", std::string("pidfd_open: ") + std::strerror(err));
        }
        Proc p;
        p.pid = pid;
        p.pidfd = pidfd;
        p.slot = slot;
        p.slotBytes = bytes;
        p.name = ctx.name;
        p.index = index;
        std::size_t count = 0;
        {
            std::lock_guard lock(processesLock);
            processes.emplace(pid, p);
            spawned.push_back(pid);
            count = processes.size();
        }
        emit(EventKind::ProcessSpawn, pid, -1, static_cast<std::int64_t>(count));
    }

    // _launch_processes (fork): every worker starts at the first submit.
    void launchProcesses()
    {
        for (;;) {
            {
                std::lock_guard lock(processesLock);
                if (static_cast<int>(processes.size()) >= maxWorkers)
                    return;
            }
            spawnProcess();
        }
    }

    // _adjust_process_count after a worker left (max_tasks_per_child): with fork
    // every process is started eagerly, so a free place is simply refilled.
    void adjustProcessCount()
    {
        {
            std::lock_guard lock(processesLock);
            if (static_cast<int>(processes.size()) >= maxWorkers)
                return;
        }
        spawnProcess();
    }

    // `byPool`: the pool itself terminates it (its exit then reads Terminated, not Crashed).
    bool signalProcess(Proc& p, int sig, bool byPool)
    {
        if (p.pidfd < 0 || pidfdExited(p.pidfd))
            return false;
        if (pidfdSignal(p.pidfd, sig) != 0)
            return false;
        p.signalled = p.signalled || byPool;
        emit(EventKind::ProcessSignal, p.pid, -1, sig);
        return true;
    }

    // Process.join(): reap it, drain its ring, report how it ended.
    ExitReason joinProcess(pid_t pid)
    {
        {
            std::lock_guard lock(processesLock);
            if (processes.find(pid) == processes.end())
                return ExitReason::Sentinel;
        }
        int status = 0;
        pid_t r;
        do {
            r = waitpid(pid, &status, 0);
        } while (r < 0 && errno == EINTR);
        std::int64_t code = 0;
        if (r == pid) {
            if (WIFEXITED(status))
                code = WEXITSTATUS(status);
            else if (WIFSIGNALED(status))
                code = -WTERMSIG(status);
        }
        Proc p;
        std::uint32_t chosen;
        {
            std::lock_guard drain(drainLock);
            {
                std::lock_guard lock(processesLock);
                auto it = processes.find(pid);
                p = it->second;
                closeFd(it->second.pidfd); // under the lock: signalWorker() never sees a stale pidfd
                processes.erase(it);
            }
            drainRing(p);
            chosen = p.slot->exitReason.load(std::memory_order_acquire);
            munmap(p.slot, p.slotBytes);
        }
        ExitReason reason = ExitReason::Crashed;
        if (chosen != kNoExitReason && code == 0)
            reason = static_cast<ExitReason>(chosen);
        else if (p.signalled)
            reason = ExitReason::Terminated;
        emit(EventKind::ProcessExit, pid, -1, static_cast<std::int64_t>(reason), code);
        return reason;
    }

    // A worker that ended on its own, not after a sentinel or its last task.
    bool anyDiedUnexpectedly() const
    {
        std::lock_guard lock(processesLock);
        for (const auto& [pid, p] : processes) {
            if (!pidfdExited(p.pidfd))
                continue;
            const std::uint32_t r = p.slot->exitReason.load(std::memory_order_acquire);
            if (r != static_cast<std::uint32_t>(ExitReason::Sentinel) &&
                r != static_cast<std::uint32_t>(ExitReason::MaxTasks))
                return true;
        }
        return false;
    }

    // `again`: also signal workers the pool already signalled (the SIGKILL escalation).
    void signalAll(int sig, bool again = false)
    {
        std::lock_guard lock(processesLock);
        for (auto& [pid, p] : processes)
            if (again || !p.signalled)
                signalProcess(p, sig, true);
    }

    // The joins of _join_executor_internals, made hang-proof: processes are reaped in
    // the order they end. A worker that dies on its own may have held a queue lock,
    // so the rest are terminated; if terminated workers do not end within 5 s (a
    // handler ignoring SIGTERM) they are killed.
    std::int64_t joinAllProcesses(bool broken)
    {
        std::int64_t joined = 0;
        bool terminating = broken;
        bool killed = false;
        const std::int64_t start = nowNs();
        for (;;) {
            std::vector<pollfd> fds;
            std::vector<pid_t> pids;
            {
                std::lock_guard lock(processesLock);
                for (const auto& [pid, p] : processes) {
                    fds.push_back({p.pidfd, POLLIN, 0});
                    pids.push_back(pid);
                }
            }
            if (fds.empty())
                return joined;
            if (poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR)
                return joined;
            for (std::size_t i = 0; i < fds.size(); ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                const ExitReason r = joinProcess(pids[i]);
                ++joined;
                if (!terminating && r != ExitReason::Sentinel && r != ExitReason::MaxTasks) {
                    terminating = true;
                    signalAll(SIGTERM);
                }
            }
            if (terminating && !killed && nowNs() - start > 5'000'000'000) {
                killed = true;
                signalAll(SIGKILL, true);
            }
        }
    }

    int aliveCount() const
    {
        std::lock_guard lock(processesLock);
        int n = 0;
        for (const auto& [pid, p] : processes)
            n += pidfdExited(p.pidfd) ? 0 : 1;
        return n;
    }

    std::vector<pid_t> processPids() const
    {
        std::lock_guard lock(processesLock);
        std::vector<pid_t> out;
        for (const auto& [pid, p] : processes)
            out.push_back(pid);
        return out;
    }

    // ---------------------------------------------------------- manager thread
    std::int64_t futureOfWork(std::int64_t workId)
    {
        std::lock_guard drain(drainLock);
        auto it = workToFuture.find(workId);
        return it == workToFuture.end() ? -1 : it->second;
    }

    // add_call_item_to_queue(): fills the call queue from the work ids; never blocks.
    void addCallItemToQueue()
    {
        for (;;) {
            if (callQueueFull())
                return;
            std::int64_t workId;
            std::size_t idsLeft;
            {
                std::lock_guard lock(workIdsLock);
                if (workIds.empty())
                    return;
                workId = workIds.front();
                workIds.pop_front();
                idsLeft = workIds.size();
            }
            FutureCorePtr future;
            {
                std::lock_guard lock(pendingLock);
                auto it = pending.find(workId);
                if (it != pending.end())
                    future = it->second.future;
            }
            emit(EventKind::WorkIdGet, 0, future ? future->id() : -1, static_cast<std::int64_t>(idsLeft));
            if (!future)
                continue; // failed by the feeder meanwhile
            if (future->setRunningOrNotifyCancel()) {
                QueueItem item;
                item.futureId = future->id();
                {
                    std::lock_guard lock(pendingLock);
                    auto it = pending.find(workId);
                    if (it == pending.end())
                        continue;
                    item.call.workId = workId;
                    item.call.fn = it->second.fn;
                    // The pending item keeps the future; its arguments move on into the call item.
                    item.call.args = std::move(it->second.args);
                }
                if (recording) {
                    std::lock_guard drain(drainLock);
                    workToFuture[workId] = item.futureId;
                }
                callQueuePut(std::move(item), true);
            } else {
                std::size_t left;
                {
                    std::lock_guard lock(pendingLock);
                    pending.erase(workId);
                    left = pending.size();
                }
                emit(EventKind::PendingPop, 0, future->id(), static_cast<std::int64_t>(left));
            }
        }
    }

    // Reads whatever the result pipe holds right now (every ready result per wake).
    void readAvailableResults()
    {
        if (resultPos > 0 && resultPos == resultBuffer.size()) {
            resultBuffer.clear();
            resultPos = 0;
        }
        char buf[65536];
        for (;;) {
            const ssize_t n = ::read(resultRead, buf, sizeof buf);
            if (n > 0) {
                resultBuffer.insert(resultBuffer.end(), buf, buf + n);
                if (static_cast<std::size_t>(n) < sizeof buf)
                    break;
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            break; // EAGAIN: drained
        }
    }

    // One complete frame from the buffer, if there is one.
    bool takeFrame(std::vector<char>& payload)
    {
        const std::size_t avail = resultBuffer.size() - resultPos;
        if (avail < kFrameHeader)
            return false;
        const std::size_t n = frameLength(resultBuffer.data() + resultPos);
        if (avail < kFrameHeader + n)
            return false;
        const char* start = resultBuffer.data() + resultPos + kFrameHeader;
        payload.assign(start, start + n);
        resultPos += kFrameHeader + n;
        if (resultPos == resultBuffer.size()) {
            resultBuffer.clear();
            resultPos = 0;
        }
        return true;
    }

    struct WaitOutcome
    {
        bool broken = false;
        bool hasResult = false;
        ResultMessage message;
        std::string cause;
    };

    bool decodeFrame(const std::vector<char>& payload, WaitOutcome& w)
    {
        try {
            w.message = decodeResult(payload.data(), payload.size());
            w.hasResult = true;
            if (recording) {
                const std::int64_t task = w.message.isPid ? -1 : futureOfWork(w.message.item.workId);
                emit(EventKind::ResultPipeRead, 0, task,
                     static_cast<std::int64_t>(payload.size() + kFrameHeader));
            }
            return true;
        } catch (...) {
            const ErrorInfo info = describeException(std::current_exception());
            w.broken = true;
            w.cause = info.type + ": " + info.message;
            return false;
        }
    }

    // wait_result_broken_or_wakeup()
    WaitOutcome waitResultBrokenOrWakeup()
    {
        WaitOutcome w;
        std::vector<char> payload;
        // A result already read in an earlier wake: the wait would return at once.
        if (takeFrame(payload)) {
            decodeFrame(payload, w);
            clearWakeup(false);
            return w;
        }
        std::vector<pollfd> fds;
        fds.push_back({resultRead, POLLIN, 0});
        fds.push_back({wakeupRead, POLLIN, 0});
        const bool bell = doorbellRead >= 0;
        if (bell)
            fds.push_back({doorbellRead, POLLIN, 0});
        const std::size_t firstSentinel = fds.size();
        {
            std::lock_guard lock(processesLock);
            for (const auto& [pid, p] : processes)
                fds.push_back({p.pidfd, POLLIN, 0});
        }
        emit(EventKind::ManagerWait, 0, -1, static_cast<std::int64_t>(fds.size()));
        while (poll(fds.data(), fds.size(), -1) < 0 && errno == EINTR) {
        }
        const bool resultReady = (fds[0].revents & (POLLIN | POLLHUP)) != 0;
        const bool wakeupReady = (fds[1].revents & POLLIN) != 0;
        const bool bellReady = bell && (fds[2].revents & POLLIN) != 0;
        bool sentinelReady = false;
        for (std::size_t i = firstSentinel; i < fds.size(); ++i)
            sentinelReady = sentinelReady || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
        if (bellReady) {
            char buf[256];
            while (::read(doorbellRead, buf, sizeof buf) > 0) {
            }
        }
        if (resultReady)
            readAvailableResults();
        drainRings(); // worker events published before the bytes we just read
        const std::int64_t mask = (resultReady ? 1 << static_cast<int>(WakeReason::Result) : 0) |
                                  (wakeupReady ? 1 << static_cast<int>(WakeReason::Wakeup) : 0) |
                                  (sentinelReady ? 1 << static_cast<int>(WakeReason::Sentinel) : 0) |
                                  (bellReady ? 1 << static_cast<int>(WakeReason::EventRing) : 0);
        const WakeReason reason = resultReady   ? WakeReason::Result
                                  : wakeupReady ? WakeReason::Wakeup
                                  : bellReady   ? WakeReason::EventRing
                                                : WakeReason::Sentinel;
        emit(EventKind::ManagerWake, 0, -1, static_cast<std::int64_t>(reason), mask);
        if (resultReady) {
            if (takeFrame(payload))
                decodeFrame(payload, w);
            // else: only part of a frame so far; wait for the rest
        } else if (!wakeupReady && !bellReady) {
            // As in CPython, a wakeup takes precedence over sentinels: terminate_workers()
            // relies on it to cancel what is still pending before the pool breaks. A death
            // seen this way is noticed on the next wait, or by the hang-proof joins.
            w.broken = sentinelReady;
        }
        clearWakeup(wakeupReady);
        return w;
    }

    // process_result_item(); true when the manager is done (every worker left).
    bool processResultItem(ResultMessage& m)
    {
        if (m.isPid) {
            // Clean exit of a worker that got None (avoids marking the pool broken).
            joinProcess(m.pid);
            bool none;
            {
                std::lock_guard lock(processesLock);
                none = processes.empty();
            }
            if (none) {
                joinExecutorInternals();
                return true;
            }
            return false;
        }
        std::optional<WorkItem> item;
        std::size_t left = 0;
        {
            std::lock_guard lock(pendingLock);
            auto it = pending.find(m.item.workId);
            if (it != pending.end()) {
                item = std::move(it->second);
                pending.erase(it);
            }
            left = pending.size();
        }
        if (recording) {
            std::lock_guard drain(drainLock);
            workToFuture.erase(m.item.workId);
        }
        // work_item can be missing if another process terminated meanwhile.
        if (!item)
            return false;
        emit(EventKind::PendingPop, 0, item->future->id(), static_cast<std::int64_t>(left));
        try {
            if (m.item.exception) {
                const RemoteError& e = *m.item.exception;
                item->future->setException(
                    std::make_exception_ptr(TaskError(e.type, e.message, e.traceback)));
            } else {
                item->future->setResult(std::move(m.item.result));
            }
        } catch (const InvalidStateError&) {
        }
        return false;
    }

    // flag_executor_shutting_down()
    void flagExecutorShuttingDown()
    {
        bool cancel;
        {
            std::lock_guard lock(shutdownLock);
            shutdownThread.store(true, std::memory_order_release);
            cancel = cancelPendingFutures;
            cancelPendingFutures = false; // only once
        }
        if (!cancel)
            return;
        // Cancel every pending future that is not RUNNING yet; keep the others.
        std::vector<std::pair<std::int64_t, FutureCorePtr>> items;
        {
            std::lock_guard lock(pendingLock);
            for (const auto& [workId, item] : pending)
                items.emplace_back(workId, item.future);
        }
        std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::int64_t cancelled = 0;
        for (const auto& [workId, future] : items) {
            if (future->cancel()) {
                ++cancelled;
                std::size_t left;
                {
                    std::lock_guard lock(pendingLock);
                    pending.erase(workId);
                    left = pending.size();
                }
                emit(EventKind::PendingPop, 0, future->id(), static_cast<std::int64_t>(left));
            }
        }
        // Drain the work ids: nothing more goes into the call queue.
        {
            std::lock_guard lock(workIdsLock);
            workIds.clear();
        }
        emit(EventKind::ShutdownCancelled, 0, -1, cancelled);
    }

    // shutdown_workers(): one None per live worker.
    void shutdownWorkers()
    {
        const int toStop = aliveCount();
        int sent = 0;
        // A worker that died on its own may hold the call queue's read lock: then nobody
        // empties the queue and CPython's loop would spin forever; the joins deal with it.
        while (sent < toStop && aliveCount() > 0 && !anyDiedUnexpectedly()) {
            for (int i = 0; i < toStop - sent; ++i) {
                QueueItem none;
                none.kind = QueueItem::Kind::None;
                if (!callQueuePut(std::move(none), false))
                    break;
                ++sent;
            }
            if (sent < toStop) {
                // CPython spins here; a short sleep lets the workers empty the queue.
                const timespec ts{0, 100'000};
                nanosleep(&ts, nullptr);
            }
        }
    }

    // _join_executor_internals(broken); the caller holds shutdownLock.
    void joinExecutorInternalsLocked(bool broken)
    {
        if (!broken)
            shutdownWorkers();
        callQueueClose();
        callQueueJoinThread();
        wakeupClosed.store(true, std::memory_order_release);
        if (broken)
            signalAll(SIGTERM);
        const std::int64_t joined = joinAllProcesses(broken);
        emit(EventKind::ShutdownJoin, 0, -1, joined);
    }

    void joinExecutorInternals()
    {
        std::lock_guard lock(shutdownLock);
        joinExecutorInternalsLocked(false);
    }

    // terminate_broken(cause)
    void terminateBroken(const std::string& cause)
    {
        BrokenCause brokenCause;
        std::vector<std::pair<std::int64_t, WorkItem>> items;
        {
            std::lock_guard lock(shutdownLock);
            brokenCause = forceShuttingDown ? BrokenCause::Terminated : BrokenCause::ProcessDied;
            {
                std::lock_guard plock(processesLock);
                for (const auto& [pid, p] : processes)
                    if (p.slot->exitReason.load(std::memory_order_acquire) ==
                        static_cast<std::uint32_t>(ExitReason::InitFailed))
                        brokenCause = BrokenCause::InitializerFailed;
            }
            // Mark the process pool broken so that submits fail right now.
            brokenReason = kBrokenReason;
            isBroken.store(true, std::memory_order_release);
            shutdownThread.store(true, std::memory_order_release);
            std::lock_guard plock(pendingLock);
            for (auto& [workId, item] : pending)
                items.emplace_back(workId, std::move(item));
            pending.clear();
        }
        // Every pending future fails with BrokenProcessPool. CPython does this under
        // _shutdown_lock; here the lock is released first, so a done callback that
        // calls submit() gets BrokenProcessPool instead of deadlocking.
        std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        if (!cause.empty())
            logMessage("ProcessPoolExecutor broken: " + cause);
        const auto bpe = std::make_exception_ptr(BrokenProcessPool(kBrokenFuture));
        std::int64_t failed = 0;
        for (auto& [workId, item] : items) {
            try {
                item.future->setException(bpe);
                ++failed;
            } catch (const InvalidStateError&) {
                // set_exception() fails if the future is cancelled: ignore it.
            }
        }
        emit(EventKind::PoolBroken, 0, -1, failed, static_cast<std::int64_t>(brokenCause));

        std::lock_guard lock(shutdownLock);
        // Terminate the remaining workers forcibly: the queues or their locks may
        // be in a dirty state and block forever.
        {
            std::lock_guard plock(processesLock);
            for (auto& [pid, p] : processes)
                signalProcess(p, SIGTERM, true);
        }
        callQueueTerminateBroken();
        joinExecutorInternalsLocked(true);
    }

    bool isShuttingDown() const { return shutdownThread.load(std::memory_order_acquire); }

    bool pendingEmpty()
    {
        std::lock_guard lock(pendingLock);
        return pending.empty();
    }

    // _ExecutorManagerThread.run()
    static void managerMain(const std::shared_ptr<State>& self)
    {
        pthread_setname_np(pthread_self(), "ExecutorManager");
        State& s = *self;
        s.emit(EventKind::ManagerStart, 0, -1);
        bool brokeDown = false;
        std::string cause;
        for (;;) {
            try {
                s.addCallItemToQueue();
            } catch (...) {
                const ErrorInfo info = describeException(std::current_exception());
                s.terminateBroken(info.type + ": " + info.message);
                brokeDown = true;
                break;
            }
            WaitOutcome w = s.waitResultBrokenOrWakeup();
            if (w.broken) {
                s.terminateBroken(w.cause);
                brokeDown = true;
                break;
            }
            if (w.hasResult) {
                if (s.processResultItem(w.message))
                    break;
                if (!w.message.isPid && w.message.item.exitPid) {
                    s.joinProcess(*w.message.item.exitPid);
                    try {
                        std::lock_guard lock(s.shutdownLock);
                        s.adjustProcessCount();
                    } catch (...) {
                        const ErrorInfo info = describeException(std::current_exception());
                        s.terminateBroken(info.type + ": " + info.message);
                        brokeDown = true;
                        break;
                    }
                }
            }
            if (s.isShuttingDown()) {
                s.flagExecutorShuttingDown();
                // When only cancelled futures remain, the next wait would hang forever.
                s.addCallItemToQueue();
                if (s.pendingEmpty()) {
                    s.joinExecutorInternals();
                    break;
                }
            }
        }
        s.drainRings();
        s.emit(EventKind::ManagerExit, 0, -1, brokeDown ? 1 : 0);
    }

    void startManagerThreadLocked(const std::shared_ptr<State>& self)
    {
        if (managerStarted)
            return;
        // Start the processes first so their sentinels are known (fork start method).
        launchProcesses();
        managerStarted = true;
        manager = std::thread([self] { managerMain(self); });
    }

    void closeAllFds()
    {
        for (int* fd : {&wakeupRead, &wakeupWrite, &callRead, &callWrite, &resultRead, &resultWrite,
                        &doorbellRead, &doorbellWrite, &feederCancel})
            closeFd(*fd);
        if (shared) {
            shared->~QueueShared();
            munmap(shared, sizeof(QueueShared));
            shared = nullptr;
        }
    }
};

// ================================================================== ProcessPoolExecutor

int ProcessPoolExecutor::defaultMaxWorkers()
{
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<int>(n) : 1;
}

ProcessPoolExecutor::ProcessPoolExecutor(ProcessPoolOptions options) : m_state(std::make_shared<State>())
{
    State& s = *m_state;
    if (options.maxWorkers && *options.maxWorkers <= 0)
        throw ValueError("max_workers must be greater than 0");
    if (options.maxTasksPerChild && *options.maxTasksPerChild <= 0)
        throw ValueError("max_tasks_per_child must be >= 1");
    if (options.extraQueuedCalls < 0)
        throw ValueError("extra_queued_calls must be >= 0");
    if (options.events && options.eventRingCapacity < 16)
        throw ValueError("event_ring_capacity must be >= 16");
    s.maxWorkers = options.maxWorkers.value_or(defaultMaxWorkers());
    s.capacity = s.maxWorkers + options.extraQueuedCalls;
    s.recording = static_cast<bool>(options.events);
    if (options.events)
        s.id = options.events->nextExecutorId();
    s.options = std::move(options);

    void* mem = mmap(nullptr, sizeof(QueueShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        throw PyError("OSError", std::string("mmap: ") + std::strerror(errno));
    s.shared = new (mem) QueueShared;
    s.shared->callSlots.init(s.capacity);

    int fds[2];
    makePipe(fds, true, true);
    s.wakeupRead = fds[0];
    s.wakeupWrite = fds[1];
    makePipe(fds, false, true); // the feeder waits for room with poll(), so it can be cancelled
    s.callRead = fds[0];
    s.callWrite = fds[1];
    makePipe(fds, true, false);
    s.resultRead = fds[0];
    s.resultWrite = fds[1];
    if (s.recording) {
        makePipe(fds, true, true);
        s.doorbellRead = fds[0];
        s.doorbellWrite = fds[1];
    }
    s.feederCancel = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (s.feederCancel < 0)
        throw PyError("OSError", std::string("eventfd: ") + std::strerror(errno));
    s.emit(EventKind::ExecutorCreated, currentWorker(), -1, s.maxWorkers, 1);
}

ProcessPoolExecutor::~ProcessPoolExecutor()
{
    // A paused gate must not hang the teardown: let this executor's events through.
    if (m_state->options.events)
        if (EventGate* gate = m_state->options.events->gate())
            gate->releaseExecutor(m_state->id);
    shutdown(true, false);
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
    auto f = std::make_shared<FutureCore>(s.options.events, s.id);
    const std::int64_t workId = s.queueCount++;
    if (s.recording) {
        s.emit(EventKind::Submit, currentWorker(), f->id(), s.queueCount);
        s.emit(EventKind::WorkItemCreated, currentWorker(), f->id());
    }
    std::size_t n;
    {
        std::lock_guard plock(s.pendingLock);
        s.pending.emplace(workId, WorkItem{f, std::move(fn), std::move(args)});
        n = s.pending.size();
    }
    s.emit(EventKind::PendingInsert, currentWorker(), f->id(), static_cast<std::int64_t>(n));
    {
        // Stamped under the lock so the manager's WorkIdGet always comes after it.
        std::lock_guard wlock(s.workIdsLock);
        s.workIds.push_back(workId);
        s.emit(EventKind::WorkIdPut, currentWorker(), f->id(), static_cast<std::int64_t>(s.workIds.size()));
    }
    s.wakeup();
    s.startManagerThreadLocked(m_state);
    return f;
}

ProcessPoolExecutor::MapChunks ProcessPoolExecutor::mapErased(FunctionRef fn,
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
    return mapFlat(std::move(fn), std::move(flat), static_cast<std::uint32_t>(arity), timeout, chunksize);
}

ProcessPoolExecutor::MapChunks ProcessPoolExecutor::mapFlat(FunctionRef fn, std::vector<std::any> flat,
                                                            std::uint32_t arity, Timeout timeout,
                                                            int chunksize)
{
    if (chunksize < 1)
        throw ValueError("chunksize must be >= 1.");
    MapChunks out;
    out.deadlineNs = deadlineAfter(timeout);
    out.events = m_state->options.events;
    out.executor = m_state->id;
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
        s.wakeup();
    }
    if (!wait)
        return;
    std::thread manager;
    {
        std::lock_guard lock(s.shutdownLock);
        manager = std::move(s.manager);
    }
    if (manager.joinable()) {
        if (manager.get_id() == std::this_thread::get_id())
            manager.detach(); // shutdown() from a done callback on the manager thread itself
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
    const std::vector<pid_t> pids = m_state->processPids();
    shutdown(false, true);
    forceSignal(pids, SIGTERM);
}

void ProcessPoolExecutor::killWorkers()
{
    {
        std::lock_guard lock(m_state->shutdownLock);
        m_state->forceShuttingDown = true;
    }
    const std::vector<pid_t> pids = m_state->processPids();
    shutdown(false, true);
    forceSignal(pids, SIGKILL);
}

bool ProcessPoolExecutor::signalWorker(pid_t pid, int sig)
{
    State& s = *m_state;
    std::lock_guard lock(s.processesLock);
    auto it = s.processes.find(pid);
    if (it == s.processes.end())
        return false;
    return s.signalProcess(it->second, sig, false);
}

void ProcessPoolExecutor::forceSignal(const std::vector<pid_t>& pids, int sig)
{
    State& s = *m_state;
    std::lock_guard lock(s.processesLock);
    for (pid_t pid : pids) {
        auto it = s.processes.find(pid);
        if (it != s.processes.end())
            s.signalProcess(it->second, sig, true); // ProcessLookupError: it just ended; ignore
    }
}

int ProcessPoolExecutor::maxWorkers() const noexcept
{
    return m_state->maxWorkers;
}

int ProcessPoolExecutor::callQueueCapacity() const noexcept
{
    return m_state->capacity;
}

std::vector<WorkerProcessInfo> ProcessPoolExecutor::processes() const
{
    std::lock_guard lock(m_state->processesLock);
    std::vector<WorkerProcessInfo> out;
    for (const auto& [pid, p] : m_state->processes)
        out.push_back({pid, p.name});
    return out;
}

std::vector<pid_t> ProcessPoolExecutor::spawnedPids() const
{
    std::lock_guard lock(m_state->processesLock);
    return m_state->spawned;
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
    return m_state->id;
}

void ProcessPoolExecutor::drainWorkerEvents()
{
    m_state->drainRings();
}

} // namespace poolscope
