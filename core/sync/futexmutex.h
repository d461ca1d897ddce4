#pragma once
// A small mutex that spins briefly before sleeping on a futex (std::atomic::wait).
// On these VMs a sleeping handoff costs 25-50 us, while the critical sections it
// guards last nanoseconds, so a short spin avoids almost every sleep.

#include <atomic>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define POOLSCOPE_CPU_RELAX() _mm_pause()
#else
#define POOLSCOPE_CPU_RELAX() ((void)0)
#endif

namespace poolscope {

class FutexMutex
{
public:
    void lock() noexcept
    {
        int expected = 0;
        if (m_state.compare_exchange_strong(expected, 1, std::memory_order_acquire))
            return;
        for (int i = 0; i < 200; ++i) {
            POOLSCOPE_CPU_RELAX();
            expected = 0;
            if (m_state.load(std::memory_order_relaxed) == 0 &&
                m_state.compare_exchange_weak(expected, 1, std::memory_order_acquire))
                return;
        }
        // 2 = locked with possible sleepers, so unlock knows to wake one.
        while (m_state.exchange(2, std::memory_order_acquire) != 0)
            m_state.wait(2, std::memory_order_relaxed);
    }
    bool try_lock() noexcept
    {
        int expected = 0;
        return m_state.compare_exchange_strong(expected, 1, std::memory_order_acquire);
    }
    void unlock() noexcept
    {
        if (m_state.exchange(0, std::memory_order_release) == 2)
            m_state.notify_one();
    }

private:
    std::atomic<int> m_state{0};
};

} // namespace poolscope
