#pragma once
// A condition variable for FutexMutex (or any lockable) in one 32-bit word: a sequence
// number the waiter reads under the lock and sleeps on with a futex; a notify bumps it
// and wakes the sleepers. std::condition_variable_any allocates a shared mutex when it
// is constructed and locks it on every wait and notify: a future is built per task, so
// that was an allocation and two lock round trips per task.
//
// A notify between the waiter's unlock and its futex wait changes the word, so the
// futex wait returns at once instead of missing it. Wakeups may be spurious; the
// predicate overloads loop as std::condition_variable's do.

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace poolscope {

class FutexCondition
{
public:
    template <class Lock> void wait(Lock& lock)
    {
        const std::uint32_t seq = m_seq.load(std::memory_order_relaxed);
        lock.unlock();
        futex(FUTEX_WAIT_PRIVATE, seq, nullptr);
        lock.lock();
    }
    template <class Lock, class Pred> void wait(Lock& lock, Pred pred)
    {
        while (!pred())
            wait(lock);
    }

    // Sleeps at most `d` (a relative futex timeout: CLOCK_MONOTONIC, as the run clock's waits expect).
    template <class Lock, class Rep, class Period>
    std::cv_status wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& d)
    {
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
        if (ns <= 0)
            return std::cv_status::timeout;
        const timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
        const std::uint32_t seq = m_seq.load(std::memory_order_relaxed);
        lock.unlock();
        const long r = futex(FUTEX_WAIT_PRIVATE, seq, &ts);
        const bool timedOut = r != 0 && errno == ETIMEDOUT;
        lock.lock();
        return timedOut ? std::cv_status::timeout : std::cv_status::no_timeout;
    }

    void notify_one() noexcept { notify(1); }
    void notify_all() noexcept { notify(INT_MAX); }

private:
    void notify(int count) noexcept
    {
        m_seq.fetch_add(1, std::memory_order_release);
        futex(FUTEX_WAKE_PRIVATE, static_cast<std::uint32_t>(count), nullptr);
    }
    long futex(int op, std::uint32_t value, const timespec* timeout) noexcept
    {
        return syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&m_seq), op, value, timeout, nullptr, 0);
    }

    std::atomic<std::uint32_t> m_seq{0};
};

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));

} // namespace poolscope
