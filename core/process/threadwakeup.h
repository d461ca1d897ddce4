#pragma once
// concurrent.futures.process._ThreadWakeup: the pipe submit() and shutdown()
// write a byte to so the manager thread's wait returns. The fds stay open until
// the executor is gone, so wakeup() needs no lock even when racing close().

#include "core/process/connection.h"
#include "core/process/poolevents.h"

#include <atomic>
#include <cerrno>
#include <unistd.h>

namespace poolscope {

class ThreadWakeup
{
public:
    explicit ThreadWakeup(const PoolEvents& events) : m_events(events)
    {
        const PipeFds p = openPipe(true, true);
        m_read = p.read;
        m_write = p.write;
    }
    ~ThreadWakeup()
    {
        closeFd(m_read);
        closeFd(m_write);
    }
    ThreadWakeup(const ThreadWakeup&) = delete;
    ThreadWakeup& operator=(const ThreadWakeup&) = delete;

    void wakeup()
    {
        if (m_closed.load(std::memory_order_acquire))
            return;
        // Never write when a wakeup is already on its way: one byte wakes the manager
        // for every submit that happened before it clears.
        if (!m_pending.exchange(true, std::memory_order_acq_rel)) {
            m_events.emit(EventKind::WakeupSend, currentWorker(), -1);
            const char b = 0;
            (void)!::write(m_write, &b, 1);
        }
    }

    void clear(bool readable)
    {
        if (m_closed.load(std::memory_order_acquire))
            return;
        if (!readable && !m_pending.load(std::memory_order_acquire))
            return;
        // One read takes every byte: a byte is written only when the flag was clear, so a
        // few at most are waiting. A second read only ever found EAGAIN (a syscall per wake);
        // a byte that arrives after this read leaves the pipe readable, and the next wait
        // returns at once, as it did before.
        char buf[256];
        ssize_t n = 0;
        do {
            n = ::read(m_read, buf, sizeof buf);
        } while (n < 0 && errno == EINTR);
        const std::int64_t total = n > 0 ? n : 0;
        // Drop the flag only after draining. Dropping it first let a byte written in
        // between be drained while the flag stayed set, so the next wakeup() (say,
        // shutdown's) skipped its write and the manager slept through it.
        m_pending.exchange(false, std::memory_order_acq_rel);
        if (total > 0)
            m_events.emit(EventKind::WakeupClear, 0, -1, total);
    }

    void close() { m_closed.store(true, std::memory_order_release); }
    int readFd() const noexcept { return m_read; }
    int writeFd() const noexcept { return m_write; }

private:
    const PoolEvents& m_events;
    int m_read = -1;
    int m_write = -1;
    std::atomic<bool> m_closed{false};
    std::atomic<bool> m_pending{false};
};

} // namespace poolscope
