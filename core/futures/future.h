#pragma once
// Future, mirroring CPython 3.12 Lib/concurrent/futures/_base.py.
// FutureCore is the type-erased shared state that executors, the event stream
// and the GUI see; Future<T> is the typed handle callers hold.

#include "core/events/event.h"
#include "core/futures/errors.h"
#include "core/sync/futexcondition.h"
#include "core/sync/futexmutex.h"

#include <any>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace poolscope {

enum class FutureStatus : std::uint8_t
{
    Pending,
    Running,
    Cancelled,
    CancelledAndNotified,
    Finished
};

// CPython's constant names: PENDING, RUNNING, CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED.
const char* futureStatusName(FutureStatus status) noexcept;

// type(value).__name__ for a result: NoneType, bool, int, float, str, bytes, list for the values
// that cross a process boundary (core/process/codec.h); the demangled C++ type for anything else.
std::string pyTypeName(const std::any& value);

// Seconds, like Python's timeout=None|float.
using Timeout = std::optional<double>;

// Waits on `cond` until pred() or until the run clock of `clock` (eventgate.h; wall time
// without a gate) reaches deadlineRunNs. The run clock never runs faster than the wall
// clock, so each wall-clock wait for the time left ends on time or early, never late;
// then the time left is measured again. Returns pred().
template <class Cond, class Lock, class Pred>
bool waitUntilRunClock(Cond& cond, Lock& lock, const EventStream* clock, std::int64_t deadlineRunNs,
                       Pred pred)
{
    while (!pred()) {
        const std::int64_t left = deadlineRunNs - runNowNs(clock);
        if (left <= 0)
            return pred();
        cond.wait_for(lock, std::chrono::nanoseconds(left));
    }
    return true;
}

class FutureCore;
using FutureCorePtr = std::shared_ptr<FutureCore>;
class Waiter;

// Where log lines go (CPython logs to the "concurrent.futures" logger); stderr by default.
using LogHandler = std::function<void(const std::string&)>;
void setLogHandler(LogHandler handler);
void logMessage(const std::string& message);

class FutureCore : public std::enable_shared_from_this<FutureCore>
{
public:
    explicit FutureCore(EventStreamPtr events = {}, std::uint16_t executor = 0);
    FutureCore(const FutureCore&) = delete;
    FutureCore& operator=(const FutureCore&) = delete;

    std::int64_t id() const noexcept { return m_id; }

    bool cancel();
    bool cancelled() const;
    bool running() const;
    bool done() const;
    FutureStatus status() const;

    // Throws CancelledError / TimeoutError, or rethrows the task's exception.
    const std::any& resultAny(Timeout timeout = {});
    // nullptr when the call returned normally. Throws CancelledError / TimeoutError.
    std::exception_ptr exception(Timeout timeout = {});

    using Callback = std::function<void(const FutureCorePtr&)>;
    void addDoneCallback(Callback fn);

    // Executor side.
    // With `taskStartNs`, a future that starts running also publishes TaskStart right after its FutureState
    // (one stamp for the two, EventStream::publishBatch) and stores its time there.
    bool setRunningOrNotifyCancel(std::int64_t* taskStartNs = nullptr);
    void setResult(std::any value);
    void setException(std::exception_ptr error);
    // The thread pool's end of a task that started at taskStartNs: TaskEnd (its duration, whether it raised),
    // then setException(error) if there is one, else setResult(value); TaskEnd is published with the
    // FutureState it ends in (and the first done callback's CallbackRun when no waiter is notified between
    // them), one stamp for them (EventStream::publishBatch).
    void finishTask(std::any&& value, std::exception_ptr error, std::int64_t taskStartNs);

    std::string repr() const;

    // Used by wait()/as_completed(): they lock futures in address order like _AcquireFutures.
    FutexMutex& mutex() const noexcept { return m_mutex; }
    FutureStatus statusLocked() const noexcept { return m_status; }
    bool raisedLocked() const noexcept { return static_cast<bool>(m_exception); }
    void addWaiterLocked(Waiter* waiter);
    void removeWaiterLocked(Waiter* waiter);

    void publish(EventKind kind, std::int64_t value = 0, std::int64_t value2 = 0) const;
    const EventStreamPtr& events() const noexcept { return m_events; }
    std::uint16_t executorId() const noexcept { return m_executor; }

private:
    void transitionLocked(FutureStatus to);
    std::string reprLocked() const;
    void waitLocked(std::unique_lock<FutexMutex>& lock, Timeout timeout);
    void invokeCallbacks(std::size_t firstUnannounced = 0);
    // taskStartNs: from finishTask().
    // `value` by reference: the result is moved once, into m_result, not once per call on its way there.
    void complete(std::any&& value, std::exception_ptr error, const std::int64_t* taskStartNs = nullptr);

    mutable FutexMutex m_mutex;
    FutexCondition m_cond; // no allocation per future, unlike std::condition_variable_any
    int m_sleepers = 0;
    FutureStatus m_status = FutureStatus::Pending;
    std::any m_result;
    std::exception_ptr m_exception;
    std::vector<Waiter*> m_waiters;
    std::vector<Callback> m_callbacks;
    EventStreamPtr m_events;
    std::int64_t m_id;
    std::uint16_t m_executor;
};

// Typed handle over a FutureCore.
template <class T> class Future
{
public:
    Future() = default;
    explicit Future(FutureCorePtr core) : m_core(std::move(core)) {}

    T result(Timeout timeout = {}) const
    {
        const std::any& value = m_core->resultAny(timeout);
        if constexpr (std::is_void_v<T>)
            return;
        else if constexpr (std::is_same_v<T, std::any>)
            return value;
        else
            return std::any_cast<const T&>(value);
    }
    std::exception_ptr exception(Timeout timeout = {}) const { return m_core->exception(timeout); }
    bool cancel() const { return m_core->cancel(); }
    bool cancelled() const { return m_core->cancelled(); }
    bool running() const { return m_core->running(); }
    bool done() const { return m_core->done(); }
    FutureStatus status() const { return m_core->status(); }
    std::int64_t id() const { return m_core->id(); }
    void addDoneCallback(FutureCore::Callback fn) const { m_core->addDoneCallback(std::move(fn)); }
    bool setRunningOrNotifyCancel() const { return m_core->setRunningOrNotifyCancel(); }
    template <class U = T>
    requires(!std::is_void_v<U>) void setResult(U value) const
    {
        m_core->setResult(std::any(T(std::move(value))));
    }
    void setException(std::exception_ptr e) const { m_core->setException(std::move(e)); }

    const FutureCorePtr& core() const noexcept { return m_core; }
    explicit operator bool() const noexcept { return static_cast<bool>(m_core); }
    friend bool operator==(const Future& a, const Future& b) { return a.m_core == b.m_core; }

private:
    FutureCorePtr m_core;
};

} // namespace poolscope
