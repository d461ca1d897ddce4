#pragma once
// Worker event rings (PoolScope's own; CPython has no counterpart). A worker's
// events never travel through the pipes they describe: each worker writes them
// into a single-producer ring in a MAP_SHARED page, and the parent forwards them
// to its EventStream with their own timestamps. The page also carries how the
// worker chose to exit (the parent reads it once the worker is reaped).
//
// The pool owns the cadence: the manager drains on every wake, and while
// recording a drainer thread drains every 10 ms, so a worker's TaskStart shows
// while its task runs even when the manager sleeps or is held at a paused gate.

#include "core/events/event.h"
#include "core/events/eventgate.h"
#include "core/process/poolevents.h"
#include "core/process/workidmap.h"
#include "core/sync/futexmutex.h"

#include <atomic>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

namespace poolscope {

inline constexpr std::uint32_t kNoExitReason = 0xffffffffu;

// One worker's page(s): how it chose to exit, and (when recording) its event ring.
struct WorkerSlot
{
    std::atomic<std::uint32_t> exitReason{kNoExitReason};
    std::uint32_t capacity = 0;
    // 1 while the worker is held at the paused gate: a worker that dies there is
    // counted out of the gate by the parent (EventGate::forgetParked).
    std::atomic<std::uint8_t> parkedAtGate{0};
    alignas(64) std::atomic<std::uint64_t> head{0}; // written by the worker
    alignas(64) std::atomic<std::uint64_t> tail{0}; // written by the parent

    Event* ring() { return reinterpret_cast<Event*>(reinterpret_cast<char*>(this) + sizeof(WorkerSlot)); }
    static std::size_t bytesFor(std::size_t capacity)
    {
        return sizeof(WorkerSlot) + capacity * sizeof(Event);
    }
    void setExitReason(ExitReason r)
    {
        exitReason.store(static_cast<std::uint32_t>(r), std::memory_order_release);
    }
};
static_assert(std::is_trivially_copyable_v<Event>);

// The worker's producer side. Each event passes the gate in the worker itself.
class RingEmitter
{
public:
    RingEmitter(WorkerSlot* slot, int doorbellWrite, EventGate::Handle gate, std::uint16_t executor,
                pid_t pid)
        : m_slot(slot), m_doorbell(doorbellWrite), m_gate(gate), m_executor(executor), m_pid(pid)
    {
    }
    void emit(EventKind kind, std::int64_t task, std::int64_t value = 0, std::int64_t value2 = 0) const;
    // The run clock (a task's duration is measured on it), wall time without a gate.
    std::int64_t now() const noexcept { return m_gate ? m_gate.runNowNs() : nowNs(); }

private:
    void ringDoorbell() const;

    WorkerSlot* m_slot;
    int m_doorbell;
    EventGate::Handle m_gate;
    std::uint16_t m_executor;
    pid_t m_pid;
};

// Inline: a worker emits about five of these per task.
inline void RingEmitter::emit(EventKind kind, std::int64_t task, std::int64_t value,
                              std::int64_t value2) const
{
    WorkerSlot* s = m_slot;
    if (s->capacity == 0)
        return; // recording off
    const bool waited = m_gate && m_gate.paused();
    Event e;
    if (m_gate) {
        const GateStamp t = m_gate.passStamp(m_executor, &s->parkedAtGate);
        e.tNs = t.runNs;
        e.wallNs = t.wallNs;
    } else {
        e.tNs = nowNs();
        e.wallNs = e.tNs;
    }
    e.kind = kind;
    e.executor = m_executor;
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
    // Published: from now on the gate's freezer may stop this worker (EventGate::Handle::pass).
    if (s->parkedAtGate.load(std::memory_order_relaxed))
        s->parkedAtGate.store(0, std::memory_order_release);
}

inline void RingEmitter::ringDoorbell() const
{
    if (m_doorbell >= 0) {
        const char b = 1;
        (void)!::write(m_doorbell, &b, 1); // non-blocking; a full pipe already rings
    }
}

// The parent's consumer side of every worker's ring.
class WorkerRings
{
public:
    // `capacity` events per ring; 0 (or no stream) means recording is off.
    WorkerRings(const PoolEvents& events, std::size_t capacity);
    ~WorkerRings();
    WorkerRings(const WorkerRings&) = delete;
    WorkerRings& operator=(const WorkerRings&) = delete;

    bool recording() const noexcept { return m_capacity > 0; }

    // A new worker's page, registered for draining. Throws OSError.
    WorkerSlot* allocate();
    // The worker is reaped: forward what is left, unmap, return how it chose to exit.
    std::uint32_t release(WorkerSlot* slot);
    // Forwards every published event of every worker (in each ring's order).
    void drainAll();
    // Starts the 10 ms drainer (not before a single-threaded process forked its
    // first workers: that keeps the workers' libc in its single-threaded paths).
    void startDrainer();
    // Stops the drainer thread (the manager's last step).
    void stopDrainer();

    // work id -> future id, for the task field of worker events.
    void mapWork(std::int64_t workId, std::int64_t futureId);
    void forgetWork(std::int64_t workId);
    std::int64_t futureOf(std::int64_t workId);

    // Doorbell: workers ring it when their ring is full or while stepping.
    int doorbellRead() const noexcept { return m_doorbellRead; }
    int doorbellWrite() const noexcept { return m_doorbellWrite; }
    void clearDoorbell();
    void parentOnlyFds(std::vector<int>& out) const;

private:
    void drainOne(WorkerSlot* s);
    void drainerMain();

    const PoolEvents& m_events;
    const std::size_t m_capacity;
    int m_doorbellRead = -1;
    int m_doorbellWrite = -1;

    // The right to read or unmap a ring and the work id map.
    FutexMutex m_drainLock;
    std::vector<WorkerSlot*> m_slots;
    WorkIdMap<std::int64_t> m_workToFuture;

    std::mutex m_drainerMutex;
    std::condition_variable m_drainerWake;
    bool m_drainerStop = false;
    std::thread m_drainer;
};

} // namespace poolscope
