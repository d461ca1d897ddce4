#pragma once
// The event model: one plain value struct for every internal step of an executor.
// Everything PoolScope draws, records or exports is built from these.

#include "core/events/monotonicclock.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string_view>
#include <vector>

namespace poolscope {

class EventGate;
class Recorder;

// X-macro: name, then the meaning of `value` / `value2` (docs/events.md mirrors this list).
#define POOLSCOPE_EVENT_KINDS(X)                                                                             \
    /* executor lifecycle */                                                                                 \
    X(ExecutorCreated) /* value=max_workers value2=pool type (0 thread, 1 process) */                        \
    X(Submit)          /* task accepted, under the shutdown lock */                                          \
    X(SubmitRefused)   /* value=RefuseReason */                                                              \
    X(WorkItemCreated) /* the _WorkItem wrapping the call */                                                 \
    X(WorkQueuePut)    /* value=queue depth after the put */                                                 \
    X(WorkQueueGet)    /* worker took an item; value=depth after; value2=1 if it was the sentinel */         \
    X(ThreadSpawn)     /* worker=new thread index; value=threads now */                                      \
    X(IdleReuse)       /* submit acquired the idle semaphore; value=semaphore count after */                 \
    X(IdleRelease)     /* worker found the queue empty and released the idle semaphore */                    \
    X(InitializerOk)                                                                                         \
    X(InitializerFailed)                                                                                     \
    X(FutureState) /* value=old FutureStatus value2=new FutureStatus */                                      \
    X(TaskStart)                                                                                             \
    X(TaskEnd)           /* value=duration ns value2=1 if it raised */                                       \
    X(TaskPhase)         /* a mixed task enters a part; value=TaskPart (PoolScope's own, not CPython's) */   \
    X(WaiterInstalled)   /* task=-1 value=futures watched value2=WaiterKind */                               \
    X(WaiterNotified)    /* value2=WaiterKind */                                                             \
    X(WaiterRemoved)     /* value=futures it was removed from */                                             \
    X(CallbackRun)       /* value=index of the callback */                                                   \
    X(CallbackError)     /* a done callback threw; logged, not propagated */                                 \
    X(ResultWait)        /* caller blocks in result()/exception(); value=timeout ns or -1 */                 \
    X(ResultWake)        /* value=1 if the wait timed out */                                                 \
    X(Timeout)           /* a TimeoutError reached the caller; value=unfinished value2=total */              \
    X(ShutdownFlag)      /* value=wait value2=cancel_futures */                                              \
    X(ShutdownCancelled) /* value=futures cancelled by cancel_futures */                                     \
    X(SentinelPut)       /* value=queue depth after */                                                       \
    X(ThreadExit)        /* worker=thread index */                                                           \
    X(ShutdownJoin)      /* value=threads or processes joined */                                             \
    X(PoolBroken)        /* value=futures failed value2=BrokenCause */                                       \
    /* process pool hops */                                                                                  \
    X(PendingInsert) /* value=pending work items after */                                                    \
    X(PendingPop)    /* value=pending work items after */                                                    \
    X(WorkIdPut)     /* value=work ids queued after */                                                       \
    X(WorkIdGet)     /* value=work ids queued after */                                                       \
    X(WakeupSend)                                                                                            \
    X(WakeupClear)     /* value=bytes drained */                                                             \
    X(CallQueuePut)    /* value=slots used value2=capacity */                                                \
    X(FeederSerialize) /* value=bytes */                                                                     \
    X(PipeWrite)       /* value=bytes value2=Pipe */                                                         \
    X(WorkerGet)       /* worker=pid value=bytes value2=1 if it was the None sentinel */                     \
    X(ResultSerialize) /* worker=pid value=bytes */                                                          \
    X(ResultPipeWrite) /* worker=pid value=bytes */                                                          \
    X(ResultPipeRead)  /* value=bytes */                                                                     \
    X(ManagerWait)     /* value=fds watched */                                                               \
    X(ManagerWake)     /* value=WakeReason acted on value2=bit mask of every ready source */                 \
    X(ProcessSpawn)    /* worker=pid value=processes now */                                                  \
    X(ProcessExit)     /* worker=pid value=ExitReason value2=exit code, or -signal */                        \
    X(ProcessSignal)   /* the parent sent a signal; worker=pid value=signal number */                        \
    X(ManagerStart)    /* executor manager thread started */                                                 \
    X(ManagerExit)     /* manager thread leaves its loop; value=1 if the pool broke */                       \
    X(FeederStart)     /* call queue's feeder thread started (lazily, at the first put) */                   \
    X(FeederExit)      /* feeder thread exits; value=1 on a broken pipe */                                   \
    X(FeederError)     /* an item could not be serialized (_SafeQueue); that future fails alone */           \
    X(CallQueueClose)  /* call_queue.close(); value=items still buffered */                                  \
    X(WorkerStart)     /* worker=pid, a forked worker's first event; value=ForkProcess-N number */           \
    /* the GIL model */                                                                                      \
    X(GilRequest)                                                                                            \
    X(GilDropRequest) /* value=ns waited before asking */                                                    \
    X(GilAcquire)     /* value=ns waited */                                                                  \
    X(GilRelease)     /* value=ns held value2=1 if forced by a drop request */                               \
    /* module functions */                                                                                   \
    X(MapBegin) /* value=items value2=chunksize */                                                           \
    X(MapEnd)   /* value=results yielded */

enum class EventKind : std::uint16_t
{
#define POOLSCOPE_X(name) name,
    POOLSCOPE_EVENT_KINDS(POOLSCOPE_X)
#undef POOLSCOPE_X
        Count
};

inline constexpr int kEventKindCount = static_cast<int>(EventKind::Count);

std::string_view eventKindName(EventKind kind) noexcept;
// Returns false when the name is not a kind.
bool eventKindFromName(std::string_view name, EventKind& out) noexcept;

enum class RefuseReason : std::int64_t
{
    Shutdown = 1,
    Broken = 2
};
enum class WaiterKind : std::int64_t
{
    AsCompleted = 0,
    FirstCompleted = 1,
    FirstException = 2,
    AllCompleted = 3
};
enum class BrokenCause : std::int64_t
{
    InitializerFailed = 1,
    ProcessDied = 2,
    Terminated = 3
};
enum class Pipe : std::int64_t
{
    Call = 0,
    Result = 1,
    Wakeup = 2
};
enum class WakeReason : std::int64_t
{
    Result = 0,
    Wakeup = 1,
    Sentinel = 2,
    EventRing = 3 // a worker's event ring needs draining (full, or the gate is stepping)
};
// The part of a mixed task that begins (TaskPhase's value): its I/O, then its CPU work.
enum class TaskPart : std::int64_t
{
    Io = 0,
    Cpu = 1
};
enum class ExitReason : std::int64_t
{
    Sentinel = 0,
    MaxTasks = 1,
    Crashed = 2,
    Terminated = 3,
    InitFailed = 4
};

// One step. `worker` is the pool thread index (1-based), a worker pid, or 0 for
// the caller / manager side; `task` is the future's id or -1.
struct Event
{
    std::uint64_t seq = 0;
    // The run clock (eventgate.h): CLOCK_MONOTONIC, shared by every process on the machine,
    // minus the time the run was held at a paused gate. Without a gate it is wall time.
    std::int64_t tNs = 0;
    EventKind kind = EventKind::Submit;
    std::uint16_t executor = 0;
    std::int32_t worker = 0;
    std::int64_t task = -1;
    std::int64_t value = 0;
    std::int64_t value2 = 0;
    std::int64_t wallNs = 0; // CLOCK_MONOTONIC when it happened (= tNs unless the run was held)
};

// Monotonic ns on the clock every process shares. CLOCK_MONOTONIC rather than std::chrono::steady_clock
// so the meaning is pinned down: worker processes stamp events on the very same clock. Inline: every
// event's stamp reads it, mostly from the CPU's counter (monotonicclock.h).
inline std::int64_t nowNs() noexcept
{
    return MonotonicClock::now();
}

class EventStream;
// The run clock of `stream` (its gate's, eventgate.h), or wall time without a gate.
// Timeouts are measured on it, so holding the run never makes one fire.
std::int64_t runNowNs(const EventStream* stream) noexcept;

// The seam between core and whoever listens. Called synchronously on the
// emitting thread, so implementations must be thread-safe and fast; a sink
// may block to pause the executor at its next step.
class EventSink
{
public:
    virtual ~EventSink() = default;
    virtual void onEvent(const Event& event) = 0;
};

// Stamps sequence numbers and time and forwards to one sink. Executors and
// futures hold it through shared_ptr; with no stream they skip recording.
class EventStream
{
public:
    explicit EventStream(std::shared_ptr<EventSink> sink);
    ~EventStream();
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    // Passes the gate (if one is installed), then stamps and publishes.
    // Returns the event's timestamp.
    std::int64_t publish(EventKind kind, std::uint16_t executor, std::int32_t worker, std::int64_t task,
                         std::int64_t value = 0, std::int64_t value2 = 0);
    // Like publish(), with value = this event's time - sinceNs (a duration without another clock read).
    std::int64_t publishSince(EventKind kind, std::uint16_t executor, std::int32_t worker, std::int64_t task,
                              std::int64_t sinceNs, std::int64_t value2 = 0);
    // publish(first, firstValue) then publish(second), for two events one thread emits back to
    // back with nothing between them (the other values 0). Without a gate they share one clock read and one
    // take of the sequence number (the line every emitter contends for); with a gate each passes it on its
    // own, so stepping still stops at each.
    void publishPair(EventKind first, EventKind second, std::uint16_t executor, std::int32_t worker,
                     std::int64_t task, std::int64_t firstValue = 0);
    // What publishBatch() publishes of one event (its executor and worker are the batch's).
    struct BatchEvent
    {
        EventKind kind;
        std::int64_t task;
        std::int64_t value = 0;
        std::int64_t value2 = 0;
        // value is a start time: the event's value becomes its time minus it (publishSince()'s duration).
        bool since = false;
    };
    // publish() of each of N events in order, for events one thread emits back to back under the same lock,
    // as publishPair() does for two: without a gate one clock read and one take of N consecutive sequence
    // numbers; with a gate each passes it on its own. Returns the last one's time. Defined in
    // publishbatch.h, inline where it is called, so each batch's fields go straight into the slots; one
    // argument per event rather than a list, so no list is built on the caller's stack.
    static constexpr std::size_t kMaxBatch = 3;
    template <class... Events>
    std::int64_t publishBatch(std::uint16_t executor, std::int32_t worker, const Events&... events);
    // For events stamped elsewhere (worker processes, which passed the gate
    // themselves): keeps tNs, assigns seq, never blocks at the gate.
    void forward(Event event);

    std::uint16_t nextExecutorId() noexcept;
    EventSink* sink() const noexcept { return m_sink.get(); }

    // Pause/step gate checked by publish() (nullptr: none, which costs one load per
    // event). Install it before executors start worker processes: a worker sees the
    // gate installed when it was forked. Replacing or removing a gate closes the old
    // one so nobody stays blocked at it; the stream keeps it alive until it dies,
    // because emitters may still hold it.
    void setGate(std::shared_ptr<EventGate> gate);
    EventGate* gate() const noexcept { return m_gate.load(std::memory_order_acquire); }

private:
    // publishBatch() with a gate, another sink, or no room in the recorder's chunk (count <= kMaxBatch).
    std::int64_t publishBatchSlow(std::uint16_t executor, std::int32_t worker, const BatchEvent* events,
                                  std::size_t count);

    std::shared_ptr<EventSink> m_sink;
    // The generation of the sink when it is a Recorder (as the CLI sets it up), 0 otherwise: publish() then
    // writes each event straight into the emitting thread's lane, with no Event built and copied and no
    // virtual call (Recorder::claim, which finds no room for generation 0).
    std::uint64_t m_recorderGeneration = 0;
    std::atomic<EventGate*> m_gate{nullptr};
    std::vector<std::shared_ptr<EventGate>> m_gates; // current and retired
    // Every publish from every thread bumps this: its own cache line, so the reads of
    // m_sink and m_gate above do not miss each time another core takes a number.
    // The next member starts a line of its own, so nothing shares m_seq's (no pad array to leave unused).
    alignas(64) std::atomic<std::uint64_t> m_seq{0};
    alignas(64) std::atomic<std::uint16_t> m_executors{0};
};

using EventStreamPtr = std::shared_ptr<EventStream>;

namespace detail {
inline constinit thread_local std::int32_t t_currentWorker = 0;
} // namespace detail
// Which pool worker the calling thread is (0 for threads that are not workers). Inline: every publish on a
// pool's thread reads it.
inline std::int32_t currentWorker() noexcept
{
    return detail::t_currentWorker;
}
inline void setCurrentWorker(std::int32_t worker) noexcept
{
    detail::t_currentWorker = worker;
}

} // namespace poolscope
