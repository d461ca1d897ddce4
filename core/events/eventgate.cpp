#include "core/events/eventgate.h"

#include "core/sync/sharedsync.h"

#include <ctime>
#include <new>
#include <stdexcept>
#include <sys/mman.h>
#include <unistd.h>

namespace poolscope {

struct EventGate::Shared
{
    std::atomic<std::uint32_t> mode{static_cast<std::uint32_t>(Mode::Running)};
    // Futex word: bumped by every change that may let a blocked emitter go.
    std::atomic<std::uint32_t> generation{0};
    std::atomic<std::int32_t> credits{0};
    std::atomic<std::int32_t> waiting{0};
    // The process that made the gate: a forked worker whose parent is no longer this one
    // was orphaned, and nobody will ever step it again.
    pid_t owner = 0;
    // One bit per executor id: released executors pass even while paused.
    std::atomic<std::uint64_t> released[65536 / 64];
};

namespace {
static_assert(std::atomic<std::uint32_t>::is_always_lock_free &&
                  std::atomic<std::uint64_t>::is_always_lock_free,
              "the gate's words must be lock-free to work across processes");

bool isReleased(const EventGate::Shared& s, std::uint16_t executor) noexcept;
bool orphaned(const EventGate::Shared& s) noexcept;

void bumpAndWakeAll(std::atomic<std::uint32_t>& generation) noexcept
{
    generation.fetch_add(1, std::memory_order_acq_rel);
    sharedsync::futexWakeAll(generation);
}
} // namespace

namespace {
bool isReleased(const EventGate::Shared& s, std::uint16_t executor) noexcept
{
    return (s.released[executor / 64].load(std::memory_order_acquire) >> (executor % 64)) & 1u;
}

bool orphaned(const EventGate::Shared& s) noexcept
{
    return s.owner != 0 && getpid() != s.owner && getppid() != s.owner;
}
} // namespace

bool EventGate::Handle::pass(std::uint16_t executor) const noexcept
{
    Shared& s = *m_shared;
    // Fast path: one relaxed load while running. A pause takes effect at the
    // emitter's next event, which is what "stop at its next event" means.
    if (s.mode.load(std::memory_order_relaxed) != static_cast<std::uint32_t>(Mode::Paused))
        return false;
    if (isReleased(s, executor))
        return false;
    s.waiting.fetch_add(1, std::memory_order_acq_rel);
    for (;;) {
        const std::uint32_t gen = s.generation.load(std::memory_order_acquire);
        if (s.mode.load(std::memory_order_acquire) != static_cast<std::uint32_t>(Mode::Paused) ||
            isReleased(s, executor))
            break;
        std::int32_t c = s.credits.load(std::memory_order_acquire);
        bool took = false;
        while (c > 0) {
            if (s.credits.compare_exchange_weak(c, c - 1, std::memory_order_acq_rel)) {
                took = true;
                break;
            }
        }
        if (took)
            break;
        // Sleep in slices so a worker whose parent died (the GUI killed while paused)
        // lets itself go; it then meets EOF on the call pipe and exits.
        const timespec slice{0, 250'000'000};
        sharedsync::futexWait(s.generation, gen, &slice);
        if (orphaned(s))
            break;
    }
    s.waiting.fetch_sub(1, std::memory_order_acq_rel);
    return true;
}

bool EventGate::Handle::paused() const noexcept
{
    return m_shared &&
           m_shared->mode.load(std::memory_order_relaxed) == static_cast<std::uint32_t>(Mode::Paused);
}

EventGate::EventGate()
{
    void* p = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::runtime_error("EventGate: mmap failed");
    m_shared = new (p) Shared;
    m_shared->owner = getpid();
    for (auto& word : m_shared->released)
        word.store(0, std::memory_order_relaxed);
}

EventGate::~EventGate()
{
    close();
    // Threads of this process that were blocked have been woken; wait until the
    // last one has stopped touching the page before unmapping it. Forked workers
    // keep their own mapping, so they are unaffected by the munmap.
    while (m_inside.load(std::memory_order_acquire) > 0) {
        const timespec ts{0, 100'000};
        nanosleep(&ts, nullptr);
    }
    m_shared->~Shared();
    munmap(m_shared, sizeof(Shared));
}

void EventGate::pause() noexcept
{
    if (m_shared->mode.load(std::memory_order_acquire) == static_cast<std::uint32_t>(Mode::Closed))
        return;
    m_shared->credits.store(0, std::memory_order_release);
    m_shared->mode.store(static_cast<std::uint32_t>(Mode::Paused), std::memory_order_release);
}

void EventGate::resume() noexcept
{
    std::uint32_t expected = static_cast<std::uint32_t>(Mode::Paused);
    if (m_shared->mode.compare_exchange_strong(expected, static_cast<std::uint32_t>(Mode::Running),
                                               std::memory_order_acq_rel))
        bumpAndWakeAll(m_shared->generation);
}

void EventGate::step(int n) noexcept
{
    if (n <= 0)
        return;
    m_shared->credits.fetch_add(n, std::memory_order_acq_rel);
    // Wake every sleeper: exactly one of them wins each credit, the rest sleep again.
    if (m_shared->waiting.load(std::memory_order_acquire) > 0)
        bumpAndWakeAll(m_shared->generation);
    else
        m_shared->generation.fetch_add(1, std::memory_order_acq_rel);
}

void EventGate::close() noexcept
{
    m_shared->mode.store(static_cast<std::uint32_t>(Mode::Closed), std::memory_order_release);
    bumpAndWakeAll(m_shared->generation);
}

void EventGate::releaseExecutor(std::uint16_t executor) noexcept
{
    m_shared->released[executor / 64].fetch_or(std::uint64_t{1} << (executor % 64),
                                               std::memory_order_acq_rel);
    bumpAndWakeAll(m_shared->generation);
}

EventGate::Mode EventGate::mode() const noexcept
{
    return static_cast<Mode>(m_shared->mode.load(std::memory_order_acquire));
}

int EventGate::waiting() const noexcept
{
    return m_shared->waiting.load(std::memory_order_acquire);
}

int EventGate::credits() const noexcept
{
    return m_shared->credits.load(std::memory_order_acquire);
}

bool EventGate::waitForWaiting(int n, double timeoutS) const noexcept
{
    timespec start{};
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (waiting() >= n)
            return true;
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);
        const double elapsed = static_cast<double>(now.tv_sec - start.tv_sec) +
                               static_cast<double>(now.tv_nsec - start.tv_nsec) / 1e9;
        if (elapsed >= timeoutS)
            return false;
        const timespec ts{0, 200'000};
        nanosleep(&ts, nullptr);
    }
}

bool EventGate::pass(std::uint16_t executor) noexcept
{
    if (m_shared->mode.load(std::memory_order_relaxed) != static_cast<std::uint32_t>(Mode::Paused))
        return false;
    m_inside.fetch_add(1, std::memory_order_acq_rel);
    const bool waited = handle().pass(executor);
    m_inside.fetch_sub(1, std::memory_order_acq_rel);
    return waited;
}

} // namespace poolscope
