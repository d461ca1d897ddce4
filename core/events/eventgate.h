#pragma once
// A pause/step gate for the event stream that works across fork(), and the run
// clock it keeps.
//
// The GUI's "Pause" makes the real executor stop at its next event, and "Step"
// lets exactly one event through. Every emitter (caller threads, pool threads,
// the manager, the feeder, and forked worker processes) calls pass() before it
// publishes an event; while the gate is paused, pass() blocks until step()
// grants a credit or resume() opens the gate.
//
// The run clock: while an emitter is held at a paused gate the run is "held" and
// the run clock stands still; it is wall time (CLOCK_MONOTONIC) minus every held
// interval. Event timestamps and every timeout are measured on it, so pausing,
// stepping and slow motion never change a run's outcome or its times. Work that
// runs between two events is held too: forked workers are stopped (the freezers,
// e.g. the process table, send SIGSTOP/SIGCONT), CPU work on threads waits at its
// eval-breaker checks (core/workload/gil.h), and sleeps count run time.
//
// The state lives in one MAP_SHARED page and blocking uses raw futex syscalls
// without FUTEX_PRIVATE_FLAG, so a worker forked after the gate was created
// blocks, wakes and reads the clock on the very same words as the parent's threads.
// Running mode costs one relaxed load per event (mode and clock share one word);
// no gate installed costs nothing.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace poolscope {

// Both times of one event: the run clock (what the run sees) and the wall clock.
struct GateStamp
{
    std::int64_t runNs = 0;
    std::int64_t wallNs = 0;
};

class EventGate
{
public:
    enum class Mode : std::uint32_t
    {
        Running = 0,
        Paused = 1,
        Closed = 2
    };

    // The shared page. Public so worker processes can hold a Handle to it.
    struct Shared;

    // What a forked worker keeps: a pointer into the shared page, valid in
    // every process that inherited the mapping. Null handle = no gate.
    class Handle
    {
    public:
        Handle() = default;
        explicit Handle(Shared* shared) : m_shared(shared) {}
        explicit operator bool() const noexcept { return m_shared != nullptr; }
        // Blocks while paused (unless `executor` was released); returns true if it had to
        // wait. `parkedFlag` (optional, in shared memory) is 1 while this emitter is held,
        // so the parent can forget a worker that died held (forgetParked()).
        bool pass(std::uint16_t executor, std::atomic<std::uint8_t>* parkedFlag = nullptr) const noexcept;
        // Like pass(), then the event's times, read right after the gate let it go.
        GateStamp passStamp(std::uint16_t executor,
                            std::atomic<std::uint8_t>* parkedFlag = nullptr) const noexcept;
        bool paused() const noexcept;
        // The run clock now (CLOCK_MONOTONIC ns minus every held interval).
        std::int64_t runNowNs() const noexcept;
        // True while the run is held (an emitter waits at the paused gate).
        bool held() const noexcept;
        // Blocks while the run is held (an eval-breaker check of CPU work on a thread).
        void waitWhileHeld() const noexcept;
        // Work that cannot be held (a GMP call on a thread) enters / leaves; counted only
        // in the process that made the gate (forked workers are stopped instead).
        void enterUnfreezable() const noexcept;
        void leaveUnfreezable() const noexcept;

    private:
        Shared* m_shared = nullptr;
    };

    // Stops or continues work the gate cannot reach through pass(): the process table
    // SIGSTOPs its workers while the run is held and SIGCONTs them when it goes on.
    // Called from the gate's freezer thread (and from close()), never concurrently.
    class Freezer
    {
    public:
        virtual ~Freezer() = default;
        virtual void setFrozen(bool frozen) noexcept = 0;
    };

    EventGate();
    // Closes the gate (everyone blocked at it proceeds, nobody blocks again),
    // waits until this process's threads have left pass(), then unmaps it.
    ~EventGate();
    EventGate(const EventGate&) = delete;
    EventGate& operator=(const EventGate&) = delete;

    void pause() noexcept;
    void resume() noexcept;
    // Grants `n` events to pass while paused (one credit = one event, whoever takes it).
    void step(int n = 1) noexcept;
    // Opens the gate for good. Used on teardown so nothing can hang on it; every
    // freezer is told to continue before this returns.
    void close() noexcept;
    // Lets every event of one executor through from now on (that executor is being
    // torn down and must not hang), without resuming the others.
    void releaseExecutor(std::uint16_t executor) noexcept;

    Mode mode() const noexcept;
    bool paused() const noexcept { return mode() == Mode::Paused; }
    // Emitters blocked in pass() right now, in every process.
    int waiting() const noexcept;
    // Credits granted by step() and not yet used.
    int credits() const noexcept;
    // Waits up to timeoutS for at least `n` emitters to be blocked; true if they are.
    bool waitForWaiting(int n, double timeoutS) const noexcept;

    // The run clock (see above) and whether it stands still now.
    std::int64_t runNowNs() const noexcept { return handle().runNowNs(); }
    bool held() const noexcept { return handle().held(); }
    // Wall ns the run has been held in all, so far.
    std::int64_t heldTotalNs() const noexcept;
    // Work that keeps running while the run is held (a GMP call on a thread), now.
    int unfreezable() const noexcept;
    // A worker that died while held at the gate (its parkedFlag was set) will never
    // leave it: count it out so the run clock is not held for it.
    void forgetParked() noexcept;

    // Freezers are told the current state at once and at each change until removed.
    void addFreezer(Freezer* freezer);
    // After this returns the freezer is never called again.
    void removeFreezer(Freezer* freezer);

    // Called by EventStream::emit; returns true if it had to wait.
    bool pass(std::uint16_t executor) noexcept;
    GateStamp passStamp(std::uint16_t executor) noexcept;
    Handle handle() const noexcept { return Handle(m_shared); }

private:
    void freezerMain();

    Shared* m_shared = nullptr;
    std::atomic<int> m_inside{0}; // this process's threads inside pass(), for safe unmapping
    std::mutex m_freezerMutex;    // the freezer list; held while freezers are called
    std::vector<Freezer*> m_freezers;
    std::thread m_freezerThread; // owner process only, started by the first addFreezer()
    std::atomic<bool> m_freezerStop{false};
    bool m_applied = false; // the freezers were told to stop (under m_freezerMutex)
};

} // namespace poolscope
