#include "core/run/gatedriver.h"

#include "core/events/eventgate.h"

#include <chrono>

namespace poolscope {

std::int64_t slowMotionGapNs(double speed) noexcept
{
    if (!(speed > 0) || speed >= 0.999)
        return 0;
    // 1x: free running; 0.5x: 100 events/s; 0.1x: ~11/s; 0.05x: ~5/s.
    return static_cast<std::int64_t>((1.0 / speed - 1.0) * 10e6);
}

GateDriver::GateDriver(std::shared_ptr<EventGate> gate, GatePlan plan) : m_gate(std::move(gate)), m_plan(plan)
{
    if (m_plan.active()) {
        m_gate->pause();
        // The first K-1 events take a credit each and pass without holding the run.
        if (m_plan.pauseAt && *m_plan.pauseAt > 1)
            m_gate->step(static_cast<int>(*m_plan.pauseAt - 1));
    }
    m_thread = std::thread([this] { main(); });
}

GateDriver::~GateDriver()
{
    stop();
}

void GateDriver::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cond.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    m_gate->close();
}

bool GateDriver::sleepFor(std::int64_t ns)
{
    std::unique_lock lock(m_mutex);
    m_cond.wait_for(lock, std::chrono::nanoseconds(ns), [this] { return m_stop; });
    return !m_stop;
}

void GateDriver::main()
{
    constexpr std::int64_t kPoll = 200'000; // how often the driver looks at the gate
    auto heldWithoutCredit = [this] { return m_gate->waiting() > 0 && m_gate->credits() == 0; };
    if (m_plan.pauseAt) {
        while (!heldWithoutCredit())
            if (!sleepFor(kPoll))
                return;
        if (!sleepFor(static_cast<std::int64_t>(m_plan.pauseForMs * 1e6)))
            return;
        m_gate->resume();
    } else if (m_plan.stepFirst > 0) {
        for (std::int64_t granted = 0; granted < m_plan.stepFirst;) {
            if (!heldWithoutCredit()) {
                if (!sleepFor(kPoll))
                    return;
                continue;
            }
            if (!sleepFor(static_cast<std::int64_t>(m_plan.stepMs * 1e6)))
                return;
            m_gate->step(1);
            ++granted;
        }
        while (m_gate->credits() > 0)
            if (!sleepFor(kPoll))
                return;
        m_gate->resume();
    } else if (m_plan.speed < 1.0) {
        // The window's pacer (ui/run/executiongate.cpp): one event per gap; never bank
        // credits while nobody is at the gate, or they would pass in a burst later.
        const std::int64_t gap = slowMotionGapNs(m_plan.speed);
        for (;;) {
            if (m_gate->credits() == 0)
                m_gate->step(1);
            if (!sleepFor(gap))
                return;
        }
    }
}

} // namespace poolscope
