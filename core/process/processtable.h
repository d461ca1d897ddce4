#pragma once
// The executor's _processes dict: every live worker by pid, with what
// multiprocessing.Process offers on it (sentinel, terminate/kill, join,
// exitcode), made pidfd-based so a recycled pid can never be signalled. Where
// pidfd_open() is missing (valgrind 3.19, kernels before 5.3) the sentinel is
// popen_fork's: a pipe whose write end only the child holds, and signals go by
// pid, only while the child is not yet reaped.

#include "core/process/callqueue.h"
#include "core/process/poolevents.h"
#include "core/process/resultqueue.h"
#include "core/process/workerrings.h"

#include <map>
#include <mutex>
#include <optional>
#include <poll.h>
#include <string>
#include <vector>

namespace poolscope {

struct WorkerProcess
{
    pid_t pid = 0;
    int pidfd = -1;       // the sentinel: a pidfd, or the read end of the sentinel pipe
    bool isPidfd = true;  // false: signal by pid
    bool reaping = false; // join() is reaping it: its pid may be reused any moment
    WorkerSlot* slot = nullptr;
    std::string name;
    int index = 0;
    bool signalled = false; // the pool itself terminated it
    bool doomed = false;    // sent a signal that ends it: never stopped again
    bool stopped = false;   // SIGSTOPped while the run is held at the gate
};

struct WorkerProcessInfo;

// A freezer of the run's gate (core/events/eventgate.h): while the run is held its
// workers are SIGSTOPped, so the work between two of their events is held too.
class ProcessTable final : public EventGate::Freezer
{
public:
    ProcessTable(const PoolEvents& events, WorkerRings& rings, CallQueue& callQueue, ResultQueue& resultQueue)
        : m_events(events), m_rings(rings), m_callQueue(callQueue), m_resultQueue(resultQueue)
    {
    }
    ~ProcessTable() override;
    ProcessTable(const ProcessTable&) = delete;
    ProcessTable& operator=(const ProcessTable&) = delete;

    // popen_fork's sentinel pipe, made before fork() when pidfds are unavailable
    // ({-1, -1} otherwise). The child keeps `write` and must close `read`.
    static PipeFds prepareSentinel();
    // Takes over a forked worker: its pidfd (opened here; it is killed and reaped if
    // that fails) or the read end of its sentinel pipe.
    void add(pid_t pid, WorkerSlot* slot, std::string name, int index, int sentinelRead);
    // Process.join(): reap it, drain its ring, free any queue lock it died holding,
    // report how it ended. nullopt if it is not (or no longer) in the table.
    std::optional<ExitReason> join(pid_t pid);
    // The joins of _join_executor_internals, made hang-proof (see the .cpp).
    std::int64_t joinAll(bool broken);

    // `byPool`: the pool itself terminates it (its exit then reads Terminated, not Crashed).
    bool signal(pid_t pid, int sig, bool byPool);
    // `again`: also signal workers the pool already signalled (the SIGKILL escalation).
    void signalAll(int sig, bool again = false);

    // EventGate::Freezer: SIGSTOP (frozen) or SIGCONT every worker, idempotently.
    void setFrozen(bool frozen) noexcept override;
    // Stops being a freezer of the gate and continues every stopped worker: the pool
    // is being torn down and its workers must run to the end.
    void detachGate();

    std::size_t size() const;
    int aliveCount() const;
    // A worker that ended on its own, not after a sentinel or its last task.
    bool anyDiedUnexpectedly() const;
    bool anyInitializerFailed() const;
    std::vector<pid_t> pids() const;
    std::vector<WorkerProcessInfo> infos() const;
    std::vector<pid_t> spawned() const;
    // Appends each worker's sentinel to a poll set.
    void appendSentinels(std::vector<pollfd>& fds) const;
    // The pidfds a newly forked worker must close.
    void appendPidfds(std::vector<int>& fds) const;

private:
    bool signalLocked(WorkerProcess& p, int sig, bool byPool);

    const PoolEvents& m_events;
    WorkerRings& m_rings;
    CallQueue& m_callQueue;
    ResultQueue& m_resultQueue;
    mutable std::mutex m_lock;
    std::map<pid_t, WorkerProcess> m_processes;
    std::vector<pid_t> m_spawned;
    std::mutex m_gateLock;       // attaching and detaching the gate
    EventGate* m_gate = nullptr; // the gate this table freezes for
    bool m_gateDetached = false; // torn down: never attach again
};

} // namespace poolscope
