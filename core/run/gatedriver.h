#pragma once
// Pause, step and slow motion without a window: poolscope-cli's --pause-at, --step-first and
// --speed drive the run's core gate (core/events/eventgate.h) the way the window's controls
// do, so a headless run shows what the window's does: the outcome and the times stay those of
// the run at real speed, because the run clock stands still while the run is held.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace poolscope {

class EventGate;

struct GatePlan
{
    std::optional<std::int64_t> pauseAt; // hold the run at its K-th event (1-based) ...
    double pauseForMs = 0;               // ... for this long (wall ms), then go on
    std::int64_t stepFirst = 0;          // let the first N events through one at a time ...
    double stepMs = 0;                   // ... this many wall ms apart, then run freely
    double speed = 1.0;                  // slow motion: 1 = real time, 0.1 = ten times slower

    bool active() const noexcept { return pauseAt.has_value() || stepFirst > 0 || speed < 1.0; }
};

// The wall time between two events at `speed` (0 < speed <= 1): the window's slow motion
// (RunController::pacingNsFor) and --speed mean the same. 0 at real time.
std::int64_t slowMotionGapNs(double speed) noexcept;

class GateDriver
{
public:
    // Sets the gate up before the run's first event (pausing it when the plan says so) and
    // drives it from a thread of its own.
    GateDriver(std::shared_ptr<EventGate> gate, GatePlan plan);
    // stop()
    ~GateDriver();
    GateDriver(const GateDriver&) = delete;
    GateDriver& operator=(const GateDriver&) = delete;

    // Ends the plan: the gate is closed (whatever it holds goes on) and the thread joined.
    void stop();

private:
    void main();
    // Waits up to `ns` wall ns; false once stop() was called.
    bool sleepFor(std::int64_t ns);

    std::shared_ptr<EventGate> m_gate;
    GatePlan m_plan;
    std::mutex m_mutex;
    std::condition_variable m_cond;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace poolscope
