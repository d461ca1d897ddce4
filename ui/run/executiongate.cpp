#include "ui/run/executiongate.h"

#include "core/events/event.h"
#include "core/events/eventgate.h"

#include <chrono>

namespace poolscope::ui {

std::int64_t ExecutionGate::runNowNs() const
{
    return nowNs();
}

void LocalStepGate::updateEngagedLocked()
{
    m_engaged.store(!m_open && (m_paused || m_gapNs > 0), std::memory_order_release);
}

void LocalStepGate::pause()
{
    std::lock_guard lock(m_mutex);
    m_paused = true;
    m_credits = 0;
    updateEngagedLocked();
}

void LocalStepGate::resume()
{
    {
        std::lock_guard lock(m_mutex);
        m_paused = false;
        m_credits = 0;
        m_nextAllowedNs = 0;
        updateEngagedLocked();
    }
    m_cond.notify_all();
}

void LocalStepGate::step(int events)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_paused || events <= 0)
            return;
        m_credits += events;
    }
    m_cond.notify_all();
}

bool LocalStepGate::paused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

int LocalStepGate::waiting() const
{
    std::lock_guard lock(m_mutex);
    return m_waiting;
}

std::uint64_t LocalStepGate::stepped() const
{
    std::lock_guard lock(m_mutex);
    return m_stepped;
}

void LocalStepGate::setPacingNs(std::int64_t gapNs)
{
    {
        std::lock_guard lock(m_mutex);
        m_gapNs = gapNs > 0 ? gapNs : 0;
        m_nextAllowedNs = 0;
        updateEngagedLocked();
    }
    m_cond.notify_all();
}

void LocalStepGate::setGeneration(std::uint64_t generation)
{
    {
        std::lock_guard lock(m_mutex);
        m_generation.store(generation, std::memory_order_release);
        m_credits = 0;
        m_nextAllowedNs = 0;
    }
    m_cond.notify_all();
}

void LocalStepGate::openForever()
{
    {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_paused = false;
        updateEngagedLocked();
    }
    m_cond.notify_all();
}

bool LocalStepGate::pass(std::uint64_t generation)
{
    if (!m_engaged.load(std::memory_order_acquire))
        return generation == m_generation.load(std::memory_order_acquire);

    std::unique_lock lock(m_mutex);
    auto stale = [&] { return generation != m_generation.load(std::memory_order_relaxed); };
    if (m_paused && !m_open) {
        ++m_waiting;
        m_cond.wait(lock, [&] { return stale() || m_open || !m_paused || m_credits > 0; });
        --m_waiting;
        if (stale())
            return false;
        if (m_paused && !m_open && m_credits > 0) {
            --m_credits;
            ++m_stepped;
            return true; // a step is not paced
        }
    }
    if (stale())
        return false;
    // Pacing: one event per gap, in arrival order; pause/reset interrupt the wait.
    while (m_gapNs > 0 && !m_open && !m_paused && !stale()) {
        const std::int64_t now = nowNs();
        if (m_nextAllowedNs <= now) {
            m_nextAllowedNs = now + m_gapNs;
            break;
        }
        const std::int64_t until = m_nextAllowedNs;
        m_cond.wait_for(lock, std::chrono::nanoseconds(until - now));
    }
    if (m_paused && !m_open && !stale()) {
        // Paused while pacing: wait like any other event.
        lock.unlock();
        return pass(generation);
    }
    return !stale();
}

CoreStepGate::CoreStepGate() : m_gate(std::make_shared<EventGate>())
{
    m_pacer = std::thread([this] { pacerMain(); });
}

CoreStepGate::~CoreStepGate()
{
    openForever();
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cond.notify_all();
    m_pacer.join();
}

void CoreStepGate::applyModeLocked()
{
    if (m_open) {
        m_gate->close();
        return;
    }
    // Held while the user paused, and while pacing (the pacer lets events through).
    if (m_paused || m_gapNs > 0)
        m_gate->pause();
    else
        m_gate->resume();
}

void CoreStepGate::pacerMain()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (m_open || m_paused || m_gapNs <= 0) {
            m_cond.wait(lock);
            continue;
        }
        // One event per gap; never bank credits while nobody is at the gate
        // (tasks sleeping), or they would pass in an unpaced burst later.
        if (m_gate->credits() == 0)
            m_gate->step(1);
        m_cond.wait_for(lock, std::chrono::nanoseconds(m_gapNs));
    }
}

void CoreStepGate::pause()
{
    std::lock_guard lock(m_mutex);
    if (m_open)
        return;
    m_paused = true;
    applyModeLocked();
}

void CoreStepGate::resume()
{
    {
        std::lock_guard lock(m_mutex);
        m_paused = false;
        applyModeLocked();
    }
    m_cond.notify_all();
}

void CoreStepGate::step(int events)
{
    std::lock_guard lock(m_mutex);
    if (m_paused && events > 0)
        m_gate->step(events);
}

bool CoreStepGate::paused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

int CoreStepGate::waiting() const
{
    std::lock_guard lock(m_mutex);
    return m_gate->waiting();
}

void CoreStepGate::setPacingNs(std::int64_t gapNs)
{
    {
        std::lock_guard lock(m_mutex);
        m_gapNs = gapNs > 0 ? gapNs : 0;
        applyModeLocked();
    }
    m_cond.notify_all();
}

void CoreStepGate::setGeneration(std::uint64_t generation)
{
    {
        std::lock_guard lock(m_mutex);
        // The old run's stream keeps its gate alive; closing it lets go of every
        // thread and process held there, for good.
        m_gate->close();
        m_gate = std::make_shared<EventGate>();
        applyModeLocked();
    }
    m_stale.setGeneration(generation);
    m_cond.notify_all();
}

void CoreStepGate::openForever()
{
    {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_paused = false;
        m_gate->close();
    }
    m_stale.openForever();
    m_cond.notify_all();
}

bool CoreStepGate::pass(std::uint64_t generation)
{
    return m_stale.pass(generation);
}

std::shared_ptr<EventGate> CoreStepGate::coreGate() const
{
    std::lock_guard lock(m_mutex);
    return m_gate;
}

std::int64_t CoreStepGate::runNowNs() const
{
    std::lock_guard lock(m_mutex);
    return m_gate->runNowNs();
}

int CoreStepGate::unfreezable() const
{
    std::lock_guard lock(m_mutex);
    return m_gate->unfreezable();
}

} // namespace poolscope::ui
