#include "core/workload/gil.h"

#include <chrono>
#include <cmath>
#include <thread>

namespace poolscope {

namespace detail {
constinit thread_local GilThreadState t_gilState;
constinit thread_local EventGate::Handle t_runGate;
} // namespace detail

void sleepOnRunClock(EventGate::Handle gate, double ms)
{
    if (!gate) {
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms));
        return;
    }
    const std::int64_t end = gate.runNowNs() + static_cast<std::int64_t>(ms * 1e6);
    for (;;) {
        const std::int64_t left = end - gate.runNowNs();
        if (left <= 0)
            return;
        // The run clock never runs faster than the wall clock: this wakes on time or early.
        if (gate.held())
            gate.waitWhileHeld();
        else
            std::this_thread::sleep_for(std::chrono::nanoseconds(left));
    }
}

UnfreezableWork::UnfreezableWork() noexcept : m_gate(detail::t_runGate)
{
    if (m_gate)
        m_gate.enterUnfreezable();
}

UnfreezableWork::~UnfreezableWork()
{
    if (m_gate)
        m_gate.leaveUnfreezable();
}

namespace {
// CPython identifies the holder by its PyThreadState; the address of this
// thread's state is just as unique.
const void* threadToken() noexcept
{
    return &detail::t_gilState;
}
} // namespace

Gil::Gil(double switchIntervalS)
    : m_intervalS(switchIntervalS),
      // ceval_gil.c keeps the interval in microseconds and waits at least 1 us.
      m_intervalNs(std::max<std::int64_t>(1000, std::llround(switchIntervalS * 1e9)))
{
}

void Gil::setEvents(EventStreamPtr events, std::uint16_t executor)
{
    std::lock_guard lock(m_mutex);
    m_events = std::move(events);
    m_executor = executor;
}

Gil::Stats Gil::stats() const
{
    std::lock_guard lock(m_mutex);
    Stats s = m_stats;
    if (m_locked)
        s.heldNs += nowNs() - m_acquiredAtNs;
    return s;
}

bool Gil::locked() const
{
    std::lock_guard lock(m_mutex);
    return m_locked;
}

void Gil::emit(EventKind kind, std::int64_t value, std::int64_t value2) const
{
    // Emitted under m_mutex so the stream orders every Release before the
    // Acquire it enables, which is what a replay draws as the token moving.
    if (m_events)
        m_events->publish(kind, m_executor, currentWorker(), -1, value, value2);
}

void Gil::acquire()
{
    std::unique_lock lock(m_mutex);
    std::int64_t waited = 0;
    if (m_locked) {
        const std::int64_t t0 = nowNs();
        emit(EventKind::GilRequest);
        ++m_waiters;
        while (m_locked) {
            const std::uint64_t savedSwitch = m_switchNumber;
            const bool timedOut =
                m_cond.wait_for(lock, std::chrono::nanoseconds(m_intervalNs)) == std::cv_status::timeout;
            // A whole interval passed and nobody switched: ask the holder to drop it.
            if (timedOut && m_locked && m_switchNumber == savedSwitch) {
                if (!m_dropRequest.load(std::memory_order_relaxed)) {
                    ++m_stats.dropRequests;
                    emit(EventKind::GilDropRequest, nowNs() - t0);
                }
                m_dropRequest.store(true, std::memory_order_relaxed);
            }
        }
        --m_waiters;
        waited = nowNs() - t0;
        ++m_stats.contended;
    }
    m_locked = true;
    if (m_lastHolder != threadToken()) {
        m_lastHolder = threadToken();
        ++m_switchNumber;
        ++m_stats.switches;
    }
    m_switchCond.notify_all(); // FORCE_SWITCHING: the thread that dropped may go on
    // The new holder clears the request, as take_gil does (RESET_GIL_DROP_REQUEST).
    m_dropRequest.store(false, std::memory_order_relaxed);
    m_acquiredAtNs = nowNs();
    ++m_stats.acquisitions;
    m_stats.waitNs += waited;
    m_stats.maxWaitNs = std::max(m_stats.maxWaitNs, waited);
    detail::t_gilState.holding = true;
    emit(EventKind::GilAcquire, waited);
}

void Gil::release(bool forced)
{
    std::unique_lock lock(m_mutex);
    const std::int64_t held = nowNs() - m_acquiredAtNs;
    m_locked = false;
    m_stats.heldNs += held;
    if (forced)
        ++m_stats.forcedDrops;
    detail::t_gilState.holding = false;
    emit(EventKind::GilRelease, held, forced ? 1 : 0);
    if (m_waiters > 0)
        m_cond.notify_one();
    // FORCE_SWITCHING: when a drop was requested, do not race the requester for
    // the lock; wait until some other thread has taken it.
    if (m_dropRequest.load(std::memory_order_relaxed) && m_lastHolder == threadToken()) {
        m_dropRequest.store(false, std::memory_order_relaxed);
        m_switchCond.wait(lock, [this] { return m_lastHolder != threadToken() || m_waiters == 0; });
    }
}

void Gil::yieldIfRequested()
{
    if (!m_dropRequest.load(std::memory_order_relaxed))
        return;
    release(true);
    // Other threads may run now.
    acquire();
}

GilAttach::GilAttach(Gil* gil)
    : m_previous(detail::t_gilState.gil), m_previousHolding(detail::t_gilState.holding)
{
    if (m_previousHolding)
        m_previous->release();
    detail::t_gilState.gil = gil;
    detail::t_gilState.holding = false;
    if (gil)
        gil->acquire();
}

GilAttach::~GilAttach()
{
    if (detail::t_gilState.holding)
        detail::t_gilState.gil->release();
    detail::t_gilState.gil = m_previous;
    detail::t_gilState.holding = false;
    if (m_previous && m_previousHolding)
        m_previous->acquire();
}

GilReleased::GilReleased() : m_released(detail::t_gilState.holding)
{
    if (m_released)
        detail::t_gilState.gil->release();
}

GilReleased::~GilReleased()
{
    if (m_released)
        detail::t_gilState.gil->acquire();
}

} // namespace poolscope
