#include "core/process/processtable.h"

#include "core/process/processpoolexecutor.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace poolscope {

namespace {

int pidfdOpen(pid_t pid)
{
    return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

int pidfdSignal(int pidfd, int sig)
{
    return static_cast<int>(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

bool pidfdExited(int pidfd)
{
    pollfd p{pidfd, POLLIN, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP)) != 0;
}

bool pidfdAvailable()
{
    static const bool available = [] {
        const int fd = pidfdOpen(getpid());
        if (fd < 0)
            return errno != ENOSYS;
        ::close(fd);
        return true;
    }();
    return available;
}

bool plannedExit(std::uint32_t reason)
{
    return reason == static_cast<std::uint32_t>(ExitReason::Sentinel) ||
           reason == static_cast<std::uint32_t>(ExitReason::MaxTasks);
}

} // namespace

ProcessTable::~ProcessTable()
{
    detachGate();
    for (auto& [pid, p] : m_processes)
        closeFd(p.pidfd);
}

PipeFds ProcessTable::prepareSentinel()
{
    return pidfdAvailable() ? PipeFds{} : openPipe(false, false);
}

void ProcessTable::add(pid_t pid, WorkerSlot* slot, std::string name, int index, int sentinelRead)
{
    const int pidfd = sentinelRead >= 0 ? sentinelRead : pidfdOpen(pid);
    if (pidfd < 0) {
        const int err = errno;
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        m_rings.release(slot);
        throw PyError("OSError", std::string("pidfd_open: ") + std::system_category().message(err));
    }
    WorkerProcess p;
    p.pid = pid;
    p.pidfd = pidfd;
    p.isPidfd = sentinelRead < 0;
    p.slot = slot;
    p.name = std::move(name);
    p.index = index;
    std::size_t count = 0;
    {
        std::lock_guard lock(m_lock);
        m_processes.emplace(pid, std::move(p));
        m_spawned.push_back(pid);
        count = m_processes.size();
    }
    {
        // The first worker makes the table a freezer of the run's gate (the gate outlives
        // the table: the stream keeps every gate it had alive).
        std::lock_guard gateLock(m_gateLock);
        if (!m_gate && !m_gateDetached && m_events.stream)
            if (EventGate* gate = m_events.stream->gate()) {
                m_gate = gate;
                gate->addFreezer(this);
            }
    }
    m_events.emit(EventKind::ProcessSpawn, pid, -1, static_cast<std::int64_t>(count));
}

namespace {
void rawSignal(const WorkerProcess& p, int sig)
{
    if (p.isPidfd)
        (void)pidfdSignal(p.pidfd, sig);
    else
        (void)::kill(p.pid, sig);
}
} // namespace

void ProcessTable::setFrozen(bool frozen) noexcept
{
    std::lock_guard lock(m_lock);
    for (auto& [pid, p] : m_processes) {
        if (p.reaping || p.pidfd < 0 || pidfdExited(p.pidfd))
            continue;
        // A worker held at the gate itself keeps running: it must be able to take a credit.
        const bool atGate = p.slot && p.slot->parkedAtGate.load(std::memory_order_acquire) != 0;
        const bool want = frozen && !atGate && !p.doomed && !p.signalled;
        if (want == p.stopped)
            continue;
        rawSignal(p, want ? SIGSTOP : SIGCONT);
        p.stopped = want;
    }
}

void ProcessTable::detachGate()
{
    std::lock_guard gateLock(m_gateLock);
    m_gateDetached = true;
    if (m_gate) {
        m_gate->removeFreezer(this);
        m_gate = nullptr;
    }
    setFrozen(false);
}

std::optional<ExitReason> ProcessTable::join(pid_t pid)
{
    {
        std::lock_guard lock(m_lock);
        auto it = m_processes.find(pid);
        if (it == m_processes.end())
            return std::nullopt;
        it->second.reaping = true; // from now on signal() leaves it alone
    }
    int status = 0;
    pid_t r;
    do {
        r = waitpid(pid, &status, 0);
    } while (r < 0 && errno == EINTR);
    std::int64_t code = 0;
    if (r == pid) {
        if (WIFEXITED(status))
            code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status))
            code = -WTERMSIG(status);
    }
    // Reaped: it can no longer touch a lock, so one it died holding is free to take back.
    m_callQueue.recoverLocks(pid);
    m_resultQueue.recoverLocks(pid);
    WorkerProcess p;
    {
        std::lock_guard lock(m_lock);
        auto it = m_processes.find(pid);
        p = it->second;
        closeFd(it->second.pidfd); // under the lock: signal() never sees a stale pidfd
        m_processes.erase(it);
    }
    // A worker that died held at the paused gate never leaves it: count it out there.
    if (p.slot && p.slot->parkedAtGate.load(std::memory_order_acquire) && m_events.stream)
        if (EventGate* gate = m_events.stream->gate())
            gate->forgetParked();
    const std::uint32_t chosen = m_rings.release(p.slot);
    ExitReason reason = ExitReason::Crashed;
    if (chosen != kNoExitReason && code == 0)
        reason = static_cast<ExitReason>(chosen);
    else if (p.signalled)
        reason = ExitReason::Terminated;
    m_events.emit(EventKind::ProcessExit, pid, -1, static_cast<std::int64_t>(reason), code);
    return reason;
}

// Processes are reaped in the order they end. A worker that dies on its own may
// have held a queue lock, so the rest are terminated; if terminated workers do not
// end within 5 s (a handler ignoring SIGTERM) they are killed.
std::int64_t ProcessTable::joinAll(bool broken)
{
    std::int64_t joined = 0;
    bool terminating = broken;
    bool killed = false;
    const std::int64_t start = nowNs();
    for (;;) {
        std::vector<pollfd> fds;
        std::vector<pid_t> pids;
        {
            std::lock_guard lock(m_lock);
            for (const auto& [pid, p] : m_processes) {
                fds.push_back({p.pidfd, POLLIN, 0});
                pids.push_back(pid);
            }
        }
        if (fds.empty())
            return joined;
        if (poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR)
            return joined;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const std::optional<ExitReason> r = join(pids[i]);
            ++joined;
            if (!terminating && r && *r != ExitReason::Sentinel && *r != ExitReason::MaxTasks) {
                terminating = true;
                signalAll(SIGTERM);
            }
        }
        if (terminating && !killed && nowNs() - start > 5'000'000'000) {
            killed = true;
            signalAll(SIGKILL, true);
        }
    }
}

bool ProcessTable::signalLocked(WorkerProcess& p, int sig, bool byPool)
{
    if (p.reaping || p.pidfd < 0 || pidfdExited(p.pidfd))
        return false;
    // Not reaped yet, so without a pidfd the pid still names this worker.
    if ((p.isPidfd ? pidfdSignal(p.pidfd, sig) : ::kill(p.pid, sig)) != 0)
        return false;
    p.signalled = p.signalled || byPool;
    {
        // A stopped worker would keep a SIGTERM pending for ever: let it act on it.
        p.doomed = true;
        if (p.stopped) {
            rawSignal(p, SIGCONT);
            p.stopped = false;
        }
    }
    return true;
}

// The events go out after the table's lock is let go: an event may wait at a paused gate,
// and the gate's freezer needs the lock to continue the workers.
bool ProcessTable::signal(pid_t pid, int sig, bool byPool)
{
    {
        std::lock_guard lock(m_lock);
        auto it = m_processes.find(pid);
        if (it == m_processes.end() || !signalLocked(it->second, sig, byPool))
            return false;
    }
    m_events.emit(EventKind::ProcessSignal, pid, -1, sig);
    return true;
}

void ProcessTable::signalAll(int sig, bool again)
{
    std::vector<pid_t> sent;
    {
        std::lock_guard lock(m_lock);
        for (auto& [pid, p] : m_processes)
            if ((again || !p.signalled) && signalLocked(p, sig, true))
                sent.push_back(pid);
    }
    for (pid_t pid : sent)
        m_events.emit(EventKind::ProcessSignal, pid, -1, sig);
}

std::size_t ProcessTable::size() const
{
    std::lock_guard lock(m_lock);
    return m_processes.size();
}

int ProcessTable::aliveCount() const
{
    std::lock_guard lock(m_lock);
    int n = 0;
    for (const auto& [pid, p] : m_processes)
        n += pidfdExited(p.pidfd) ? 0 : 1;
    return n;
}

bool ProcessTable::anyDiedUnexpectedly() const
{
    std::lock_guard lock(m_lock);
    for (const auto& [pid, p] : m_processes)
        if (pidfdExited(p.pidfd) && !plannedExit(p.slot->exitReason.load(std::memory_order_acquire)))
            return true;
    return false;
}

bool ProcessTable::anyInitializerFailed() const
{
    std::lock_guard lock(m_lock);
    for (const auto& [pid, p] : m_processes)
        if (p.slot->exitReason.load(std::memory_order_acquire) ==
            static_cast<std::uint32_t>(ExitReason::InitFailed))
            return true;
    return false;
}

std::vector<pid_t> ProcessTable::pids() const
{
    std::lock_guard lock(m_lock);
    std::vector<pid_t> out;
    for (const auto& [pid, p] : m_processes)
        out.push_back(pid);
    return out;
}

std::vector<WorkerProcessInfo> ProcessTable::infos() const
{
    std::lock_guard lock(m_lock);
    std::vector<WorkerProcessInfo> out;
    for (const auto& [pid, p] : m_processes)
        out.push_back({pid, p.name});
    return out;
}

std::vector<pid_t> ProcessTable::spawned() const
{
    std::lock_guard lock(m_lock);
    return m_spawned;
}

void ProcessTable::appendSentinels(std::vector<pollfd>& fds) const
{
    std::lock_guard lock(m_lock);
    for (const auto& [pid, p] : m_processes)
        fds.push_back({p.pidfd, POLLIN, 0});
}

void ProcessTable::appendPidfds(std::vector<int>& fds) const
{
    std::lock_guard lock(m_lock);
    for (const auto& [pid, p] : m_processes)
        fds.push_back(p.pidfd);
}

} // namespace poolscope
