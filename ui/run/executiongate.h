#pragma once
// Pause / step / pace the REAL executor. The controller talks to this
// interface only, so the gate can be swapped: LocalStepGate blocks emitting
// threads inside the bridge's onEvent (parent process only); a gate inside
// core that also stops forked workers can implement the same interface.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace poolscope {
class EventGate;
}

namespace poolscope::ui {

class ExecutionGate
{
public:
    virtual ~ExecutionGate() = default;

    // Stop every emitting thread at its next event.
    virtual void pause() = 0;
    // Let everything run again.
    virtual void resume() = 0;
    // While paused: let exactly `events` more events through, one each.
    virtual void step(int events = 1) = 0;
    virtual bool paused() const = 0;
    // Threads (or processes) currently held at the gate.
    virtual int waiting() const = 0;
    // Minimum time between two events while running (slow motion); 0 = none.
    virtual void setPacingNs(std::int64_t gapNs) = 0;
    // A new run begins: everything still held from older runs is let go for good.
    virtual void setGeneration(std::uint64_t generation) = 0;
    // Let everything through from now on (closing the window).
    virtual void openForever() = 0;

    // Called on the emitting thread before an event of `generation` is published.
    // Blocks while paused (or to pace); returns false when the event belongs to
    // an older run and must be dropped.
    virtual bool pass(std::uint64_t generation) = 0;

    // The core gate of the current run, when pausing happens inside core: the
    // run installs it into its EventStream before its executor starts (so forked
    // workers inherit it). Null when the gate works in the sink.
    virtual std::shared_ptr<EventGate> coreGate() const { return nullptr; }

    // The run clock events are stamped on (it stands still while the run is held; wall
    // time for gates that work in the sink).
    virtual std::int64_t runNowNs() const;
    // Work that runs on even while the run is held (a GMP call on a thread), now.
    virtual int unfreezable() const { return 0; }
};

class LocalStepGate final : public ExecutionGate
{
public:
    void pause() override;
    void resume() override;
    void step(int events = 1) override;
    bool paused() const override;
    int waiting() const override;
    void setPacingNs(std::int64_t gapNs) override;
    void setGeneration(std::uint64_t generation) override;
    void openForever() override;
    bool pass(std::uint64_t generation) override;

    // Events let through by step() so far (tests check "exactly one per step").
    std::uint64_t stepped() const;

private:
    void updateEngagedLocked();

    mutable std::mutex m_mutex;
    std::condition_variable m_cond;
    std::atomic<bool> m_engaged{false}; // fast path: not paused, not pacing
    std::atomic<std::uint64_t> m_generation{0};
    bool m_paused = false;
    bool m_open = false;
    int m_credits = 0;
    int m_waiting = 0;
    std::uint64_t m_stepped = 0;
    std::int64_t m_gapNs = 0;
    std::int64_t m_nextAllowedNs = 0;
};

} // namespace poolscope::ui

namespace poolscope::ui {

// Pause and step through core's EventGate (core/events/eventgate.h): every emitter,
// pool threads and forked worker processes alike, stops at its next event.
// Slow motion is stepping on a clock: while pacing, the core gate stays
// paused and a pacer thread grants one event per gap, so events are stamped
// when they really happen (in order) and workers are paced too.
class CoreStepGate final : public ExecutionGate
{
public:
    CoreStepGate();
    ~CoreStepGate() override;

    void pause() override;
    void resume() override;
    void step(int events = 1) override;
    bool paused() const override;
    int waiting() const override;
    void setPacingNs(std::int64_t gapNs) override;
    // A new run gets a fresh core gate; the old one is closed, so whatever it held goes.
    void setGeneration(std::uint64_t generation) override;
    void openForever() override;
    bool pass(std::uint64_t generation) override; // pacing and stale runs only
    std::shared_ptr<EventGate> coreGate() const override;
    std::int64_t runNowNs() const override;
    int unfreezable() const override;

private:
    void applyModeLocked();
    void pacerMain();

    mutable std::mutex m_mutex;
    std::condition_variable m_cond;
    std::shared_ptr<EventGate> m_gate;
    bool m_paused = false; // the user paused
    bool m_open = false;
    bool m_stop = false;
    std::int64_t m_gapNs = 0;
    LocalStepGate m_stale; // never paused, never paces: drops events of older runs
    std::thread m_pacer;
};

} // namespace poolscope::ui
