#pragma once
// Synchronisation that works between processes: words in MAP_SHARED memory and
// raw futex syscalls WITHOUT FUTEX_PRIVATE_FLAG (std::atomic::wait uses the
// private flavour, which never wakes another process).
// These stand in for multiprocessing's semaphore-based Lock and BoundedSemaphore.

#include "core/sync/futexmutex.h"

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace poolscope::sharedsync {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));

// Sleeps while `word` still holds `expected` (spurious returns are fine).
inline void futexWait(std::atomic<std::uint32_t>& word, std::uint32_t expected,
                      const timespec* timeout = nullptr) noexcept
{
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT, expected, timeout, nullptr, 0);
}

inline void futexWake(std::atomic<std::uint32_t>& word, int count) noexcept
{
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, count, nullptr, nullptr, 0);
}

inline void futexWakeAll(std::atomic<std::uint32_t>& word) noexcept
{
    futexWake(word, INT_MAX);
}

// A lock usable by every process that maps it (the counterpart of multiprocessing's
// ctx.Lock()). Spins briefly, then sleeps on a shared futex. The word holds the
// owner's pid (plus kWaiters when someone sleeps), so a lock whose owner died can
// be taken back: once the parent has reaped a worker, recoverFrom(pid) frees a
// lock that worker still held. A POSIX semaphore (CPython's) stays taken for
// ever in that case; a robust pthread mutex would tell only the next locker.
class SharedMutex
{
public:
    static constexpr std::uint32_t kWaiters = 0x80000000u; // pids stay below 2^22

    // `owner`: the caller's pid (each worker is single-threaded), never 0.
    void lock(std::uint32_t owner) noexcept
    {
        std::uint32_t expected = 0;
        if (m_state.compare_exchange_strong(expected, owner, std::memory_order_acquire))
            return;
        for (int i = 0; i < 100; ++i) {
            POOLSCOPE_CPU_RELAX();
            expected = 0;
            if (m_state.load(std::memory_order_relaxed) == 0 &&
                m_state.compare_exchange_weak(expected, owner, std::memory_order_acquire))
                return;
        }
        for (;;) {
            std::uint32_t v = m_state.load(std::memory_order_relaxed);
            if (v == 0) {
                // Taken with the waiters bit: others may still be asleep on it.
                if (m_state.compare_exchange_weak(v, owner | kWaiters, std::memory_order_acquire))
                    return;
                continue;
            }
            if (!(v & kWaiters) && !m_state.compare_exchange_weak(v, v | kWaiters, std::memory_order_relaxed))
                continue;
            futexWait(m_state, v | kWaiters);
        }
    }
    bool try_lock(std::uint32_t owner) noexcept
    {
        std::uint32_t expected = 0;
        return m_state.compare_exchange_strong(expected, owner, std::memory_order_acquire);
    }
    void unlock() noexcept
    {
        if (m_state.exchange(0, std::memory_order_release) & kWaiters)
            futexWake(m_state, 1);
    }
    // Frees the lock if `deadOwner` holds it; call only once that process has been
    // reaped (it can no longer touch the lock, and its pid is not yet reused by a
    // worker of this pool). Returns true if it was held.
    bool recoverFrom(std::uint32_t deadOwner) noexcept
    {
        std::uint32_t v = m_state.load(std::memory_order_acquire);
        while (v != 0 && (v & ~kWaiters) == deadOwner) {
            if (m_state.compare_exchange_weak(v, 0, std::memory_order_acq_rel)) {
                futexWakeAll(m_state);
                return true;
            }
        }
        return false;
    }
    std::uint32_t owner() const noexcept { return m_state.load(std::memory_order_acquire) & ~kWaiters; }

private:
    std::atomic<std::uint32_t> m_state{0};
};

// multiprocessing.BoundedSemaphore as the call queue uses it: the parent takes a
// slot per put and never blocks (the manager checks full() first), a worker gives
// one back per get. Nobody sleeps on it, so release never needs a wakeup.
class SharedSlots
{
public:
    void init(std::int32_t value) noexcept
    {
        m_value.store(value, std::memory_order_relaxed);
        m_max = value;
    }
    bool tryAcquire() noexcept
    {
        std::int32_t v = m_value.load(std::memory_order_acquire);
        while (v > 0) {
            if (m_value.compare_exchange_weak(v, v - 1, std::memory_order_acq_rel))
                return true;
        }
        return false;
    }
    void release() noexcept { m_value.fetch_add(1, std::memory_order_acq_rel); }
    std::int32_t value() const noexcept { return m_value.load(std::memory_order_acquire); }
    std::int32_t max() const noexcept { return m_max; }

private:
    std::atomic<std::int32_t> m_value{0};
    std::int32_t m_max = 0;
};

} // namespace poolscope::sharedsync
