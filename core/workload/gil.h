#pragma once
// A model of CPython's global interpreter lock (Python/ceval_gil.c, 3.12), so
// that CPU-bound work in PoolScope's thread pool teaches what Python does:
//  - running "Python code" needs the lock; one thread holds it at a time;
//  - a thread that wants it waits in steps of the switch interval (5 ms); when a
//    whole interval passes without any switch it sets the drop request;
//  - the holder checks the request at its next eval-breaker check (gilCheck()),
//    drops the lock and, with FORCE_SWITCHING, waits until another thread took it;
//  - blocking calls (I/O, sleep, lock and queue waits) release it (GilReleased).
// No GIL object at all means free-threaded Python (PEP 703) or plain C++.
// Worker processes never share one: each has its own, uncontended, so they
// simply run without attaching.

#include "core/events/event.h"
#include "core/events/eventgate.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace poolscope {

class Gil
{
public:
    struct Stats
    {
        std::int64_t acquisitions = 0; // take_gil calls that returned
        std::int64_t contended = 0;    // of those, how many had to wait
        std::int64_t waitNs = 0;       // total time threads spent waiting for the lock
        std::int64_t maxWaitNs = 0;    // longest single wait
        std::int64_t heldNs = 0;       // total time the lock was held
        std::int64_t dropRequests = 0; // times a waiter set the drop request
        std::int64_t forcedDrops = 0;  // releases caused by a drop request (eval breaker)
        std::int64_t switches = 0;     // acquisitions by a thread other than the last holder
    };

    // switchIntervalS is sys.setswitchinterval(); CPython's default is 0.005.
    explicit Gil(double switchIntervalS = 0.005);
    Gil(const Gil&) = delete;
    Gil& operator=(const Gil&) = delete;

    // Where GIL events go, tagged with `executor`. Set before any thread attaches.
    void setEvents(EventStreamPtr events, std::uint16_t executor);

    double switchInterval() const noexcept { return m_intervalS; }
    Stats stats() const;
    bool locked() const;

    // The eval breaker's drop request (gil_drop_request): cheap to poll.
    bool dropRequested() const noexcept { return m_dropRequest.load(std::memory_order_relaxed); }

    // take_gil / drop_gil for the calling thread. Prefer the RAII helpers below.
    void acquire();
    void release(bool forced = false);
    // The eval breaker's GIL branch: if a drop was requested, drop and take again.
    void yieldIfRequested();

private:
    const double m_intervalS;
    const std::int64_t m_intervalNs;
    EventStreamPtr m_events;
    std::uint16_t m_executor = 0;

    mutable std::mutex m_mutex;           // gil->mutex
    std::condition_variable m_cond;       // gil->cond: waiters for the lock
    std::condition_variable m_switchCond; // gil->switch_cond (FORCE_SWITCHING)
    bool m_locked = false;
    const void* m_lastHolder = nullptr; // the thread-state token of the last holder
    std::uint64_t m_switchNumber = 0;
    std::int64_t m_acquiredAtNs = 0;
    int m_waiters = 0;
    std::atomic<bool> m_dropRequest{false};
    Stats m_stats;

    void emit(EventKind kind, std::int64_t value = 0, std::int64_t value2 = 0) const;
};

namespace detail {
struct GilThreadState
{
    Gil* gil = nullptr;   // the interpreter this thread belongs to (null: none, no GIL)
    bool holding = false; // does this thread hold it now
};
extern constinit thread_local GilThreadState t_gilState;
// The gate of the run this thread works for (pool threads and forked workers), whose run
// clock its sleeps count and at whose holds its CPU work waits. Null: none.
extern constinit thread_local EventGate::Handle t_runGate;
} // namespace detail

// Makes `gate` the calling thread's run gate (see above) until destroyed.
class RunGateScope
{
public:
    explicit RunGateScope(EventGate::Handle gate) noexcept : m_previous(detail::t_runGate)
    {
        detail::t_runGate = gate;
    }
    ~RunGateScope() { detail::t_runGate = m_previous; }
    RunGateScope(const RunGateScope&) = delete;
    RunGateScope& operator=(const RunGateScope&) = delete;

private:
    EventGate::Handle m_previous;
};

inline EventGate::Handle currentRunGate() noexcept
{
    return detail::t_runGate;
}

// time.sleep on the run clock of `gate` (wall time without one): a sleep paused for 5 s
// still takes its own length of run time. Waits while the run is held.
void sleepOnRunClock(EventGate::Handle gate, double ms);

// Work that cannot be held while the run is (one long C call on a thread, like GMP's):
// counted in the gate (EventGate::unfreezable) so the window can say it keeps running.
class UnfreezableWork
{
public:
    UnfreezableWork() noexcept;
    ~UnfreezableWork();
    UnfreezableWork(const UnfreezableWork&) = delete;
    UnfreezableWork& operator=(const UnfreezableWork&) = delete;

private:
    EventGate::Handle m_gate;
};

// The GIL the calling thread is attached to, or null.
inline Gil* currentGil() noexcept
{
    return detail::t_gilState.gil;
}
inline bool holdsGil() noexcept
{
    return detail::t_gilState.holding;
}

// The eval-breaker check: CPU-bound workloads call it often (CPython checks at
// backward jumps and calls). Costs a thread-local load and an atomic load, and one
// more of each in a run with a gate: while the run is held the work waits here, so
// the time between two events is held too.
inline void gilCheck()
{
    const auto& s = detail::t_gilState;
    if (s.holding && s.gil->dropRequested())
        s.gil->yieldIfRequested();
    const EventGate::Handle gate = detail::t_runGate;
    if (gate && gate.held())
        gate.waitWhileHeld();
}

// Attaches the calling thread to `gil` and takes it, like a new Python thread
// starting to run; detaching releases it. A null gil makes this a no-op.
class GilAttach
{
public:
    explicit GilAttach(Gil* gil);
    ~GilAttach();
    GilAttach(const GilAttach&) = delete;
    GilAttach& operator=(const GilAttach&) = delete;

private:
    Gil* m_previous;
    bool m_previousHolding;
};

// Py_BEGIN_ALLOW_THREADS ... Py_END_ALLOW_THREADS around a blocking call.
// A no-op on a thread that does not hold a GIL.
class GilReleased
{
public:
    GilReleased();
    ~GilReleased();
    GilReleased(const GilReleased&) = delete;
    GilReleased& operator=(const GilReleased&) = delete;

private:
    bool m_released;
};

} // namespace poolscope
