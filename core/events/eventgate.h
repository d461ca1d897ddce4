#pragma once
// A pause/step gate for the event stream that works across fork().
//
// The GUI's "Pause" makes the real executor stop at its next event, and "Step"
// lets exactly one event through. Every emitter (caller threads, pool threads,
// the manager, the feeder, and forked worker processes) calls pass() before it
// publishes an event; while the gate is paused, pass() blocks until step()
// grants a credit or resume() opens the gate.
//
// The state lives in one MAP_SHARED page and blocking uses raw futex syscalls
// without FUTEX_PRIVATE_FLAG, so a worker forked after the gate was created
// blocks and wakes on the very same word as the parent's threads.
// Running mode costs one relaxed load per event; no gate installed costs nothing.

#include <atomic>
#include <cstdint>

namespace poolscope {

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
        // Blocks while paused (unless `executor` was released); returns true if it had to wait.
        bool pass(std::uint16_t executor) const noexcept;
        bool paused() const noexcept;

    private:
        Shared* m_shared = nullptr;
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
    // Opens the gate for good. Used on teardown so nothing can hang on it.
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

    // Called by EventStream::emit; returns true if it had to wait.
    bool pass(std::uint16_t executor) noexcept;
    Handle handle() const noexcept { return Handle(m_shared); }

private:
    Shared* m_shared = nullptr;
    std::atomic<int> m_inside{0}; // this process's threads inside pass(), for safe unmapping
};

} // namespace poolscope
