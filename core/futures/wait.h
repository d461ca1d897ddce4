#pragma once
// Module functions wait() and as_completed(), mirroring _base.py, and the
// _Waiter family they install on futures.

#include "core/futures/future.h"

#include <mutex>
#include <unordered_set>

namespace poolscope {

enum class ReturnWhen
{
    FirstCompleted,
    FirstException,
    AllCompleted
};

class Waiter
{
public:
    Waiter(WaiterKind kind, int pendingCalls);
    WaiterKind kind() const noexcept { return m_kind; }

    // Called by a future under its own lock (add_result / add_exception / add_cancelled).
    void addResult(FutureCorePtr future);
    void addException(FutureCorePtr future);
    void addCancelled(FutureCorePtr future);

    // Waits for the event; false on timeout (no exception, like threading.Event.wait).
    // The timeout runs on the run clock of `clock` (wall time when null).
    bool waitEvent(Timeout timeout, const EventStream* clock = nullptr);
    // Takes the finished futures and clears the event.
    std::vector<FutureCorePtr> takeFinished();

private:
    void add(FutureCorePtr future, bool setsEvent, bool decrements);

    std::mutex m_mutex;
    std::condition_variable m_cond;
    bool m_set = false;
    int m_pending;
    WaiterKind m_kind;
    std::vector<FutureCorePtr> m_finished;
};

struct DoneAndNotDone
{
    std::vector<FutureCorePtr> done;
    std::vector<FutureCorePtr> notDone;
};

// wait(fs, timeout, return_when): duplicates are removed; never throws on timeout.
DoneAndNotDone wait(const std::vector<FutureCorePtr>& fs, Timeout timeout = {},
                    ReturnWhen returnWhen = ReturnWhen::AllCompleted);

// as_completed(fs, timeout): already-finished futures first, then completion order.
// next() returns nullptr when exhausted and throws TimeoutError("N (of M) futures
// unfinished") once the deadline passes. CPython's as_completed() is a generator
// function: its body, the deadline and the snapshot of finished futures included,
// starts at the first next(), so the first next() does all of that here too.
class AsCompleted
{
public:
    explicit AsCompleted(const std::vector<FutureCorePtr>& fs, Timeout timeout = {});
    ~AsCompleted();
    AsCompleted(const AsCompleted&) = delete;
    AsCompleted& operator=(const AsCompleted&) = delete;

    FutureCorePtr next();
    std::size_t pendingCount() const noexcept { return m_pending.size(); }

private:
    FutureCorePtr yieldOne();
    void start();

    bool m_started = false;
    Timeout m_timeout;
    std::vector<FutureCorePtr> m_all;
    std::unordered_set<const FutureCore*> m_pending;
    std::vector<FutureCorePtr> m_ready; // reversed: back() is next
    std::optional<std::int64_t> m_deadlineNs;
    Waiter m_waiter;
};

template <class T> std::vector<FutureCorePtr> cores(const std::vector<Future<T>>& fs)
{
    std::vector<FutureCorePtr> out;
    out.reserve(fs.size());
    for (const auto& f : fs)
        out.push_back(f.core());
    return out;
}

} // namespace poolscope
