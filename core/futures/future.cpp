#include "core/futures/future.h"

#include "core/events/publishbatch.h"
#include "core/futures/wait.h"

#include <cstdio>
#include <cxxabi.h>
#include <mutex>

namespace poolscope {

namespace {
std::atomic<std::int64_t> g_futureIds{0};

std::mutex& logMutex()
{
    static std::mutex m;
    return m;
}
LogHandler& logHandler()
{
    static LogHandler handler;
    return handler;
}

std::string demangle(const char* name)
{
    int status = 0;
    char* out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    std::string result = (status == 0 && out) ? out : name;
    std::free(out);
    return result;
}

bool isDone(FutureStatus s)
{
    return s == FutureStatus::Cancelled || s == FutureStatus::CancelledAndNotified ||
           s == FutureStatus::Finished;
}
bool isCancelled(FutureStatus s)
{
    return s == FutureStatus::Cancelled || s == FutureStatus::CancelledAndNotified;
}
} // namespace

const char* futureStatusName(FutureStatus status) noexcept
{
    switch (status) {
    case FutureStatus::Pending:
        return "PENDING";
    case FutureStatus::Running:
        return "RUNNING";
    case FutureStatus::Cancelled:
        return "CANCELLED";
    case FutureStatus::CancelledAndNotified:
        return "CANCELLED_AND_NOTIFIED";
    case FutureStatus::Finished:
        return "FINISHED";
    }
    return "?";
}

void setLogHandler(LogHandler handler)
{
    std::lock_guard lock(logMutex());
    logHandler() = std::move(handler);
}

void logMessage(const std::string& message)
{
    std::lock_guard lock(logMutex());
    if (logHandler())
        logHandler()(message);
    else
        std::fprintf(stderr, "%s\n", message.c_str());
}

std::string pyTypeName(const std::any& value)
{
    if (!value.has_value())
        return "NoneType";
    const std::type_info& t = value.type();
    if (t == typeid(bool))
        return "bool";
    if (t == typeid(std::int64_t) || t == typeid(int) || t == typeid(long long) ||
        t == typeid(std::uint64_t) || t == typeid(unsigned) || t == typeid(short) ||
        t == typeid(std::int8_t) || t == typeid(std::uint8_t))
        return "int";
    if (t == typeid(double) || t == typeid(float))
        return "float";
    if (t == typeid(std::string) || t == typeid(const char*))
        return "str";
    if (t == typeid(std::vector<std::uint8_t>))
        return "bytes";
    if (t == typeid(std::vector<std::any>) || t == typeid(std::vector<std::int64_t>) ||
        t == typeid(std::vector<double>) || t == typeid(std::vector<std::string>))
        return "list";
    return demangle(t.name());
}

std::string formatTraceback(const std::exception_ptr& error, const std::string& frame)
{
    const ErrorInfo info = describeException(error);
    return "Traceback (most recent call last):\n  " + frame + "\n" + info.type +
           (info.message.empty() ? "" : ": " + info.message);
}

ErrorInfo describeException(const std::exception_ptr& error)
{
    if (!error)
        return {};
    try {
        std::rethrow_exception(error);
    } catch (const PyError& e) {
        return {e.pyType(), e.what()};
    } catch (const std::exception& e) {
        return {demangle(typeid(e).name()), e.what()};
    } catch (...) {
        return {"BaseException", "unknown C++ exception"};
    }
}

FutureCore::FutureCore(EventStreamPtr events, std::uint16_t executor)
    : m_events(std::move(events)), m_id(g_futureIds.fetch_add(1, std::memory_order_relaxed) + 1),
      m_executor(executor)
{
}

void FutureCore::publish(EventKind kind, std::int64_t value, std::int64_t value2) const
{
    if (m_events)
        m_events->publish(kind, m_executor, currentWorker(), m_id, value, value2);
}

void FutureCore::transitionLocked(FutureStatus to)
{
    const FutureStatus from = m_status;
    m_status = to;
    publish(EventKind::FutureState, static_cast<std::int64_t>(from), static_cast<std::int64_t>(to));
}

bool FutureCore::cancel()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_status == FutureStatus::Running || m_status == FutureStatus::Finished)
            return false;
        if (isCancelled(m_status))
            return true;
        transitionLocked(FutureStatus::Cancelled);
        // Like CPython, cancel() wakes result() callers but not wait()/as_completed()
        // waiters: they hear of it once an executor dequeues the item.
        if (m_sleepers > 0)
            m_cond.notify_all();
    }
    invokeCallbacks();
    return true;
}

bool FutureCore::cancelled() const
{
    std::lock_guard lock(m_mutex);
    return isCancelled(m_status);
}

bool FutureCore::running() const
{
    std::lock_guard lock(m_mutex);
    return m_status == FutureStatus::Running;
}

bool FutureCore::done() const
{
    std::lock_guard lock(m_mutex);
    return isDone(m_status);
}

FutureStatus FutureCore::status() const
{
    std::lock_guard lock(m_mutex);
    return m_status;
}

void FutureCore::waitLocked(std::unique_lock<FutexMutex>& lock, Timeout timeout)
{
    const std::int64_t timeoutNs = timeout ? static_cast<std::int64_t>(*timeout * 1e9) : -1;
    publish(EventKind::ResultWait, timeoutNs);
    ++m_sleepers;
    bool timedOut = false;
    if (!timeout) {
        m_cond.wait(lock, [this] { return isDone(m_status); });
    } else {
        // On the run clock: a run held at a paused gate does not use up the timeout.
        const std::int64_t deadline =
            runNowNs(m_events.get()) + static_cast<std::int64_t>(std::max(0.0, *timeout) * 1e9);
        timedOut =
            !waitUntilRunClock(m_cond, lock, m_events.get(), deadline, [this] { return isDone(m_status); });
    }
    --m_sleepers;
    publish(EventKind::ResultWake, timedOut ? 1 : 0);
}

const std::any& FutureCore::resultAny(Timeout timeout)
{
    std::unique_lock lock(m_mutex);
    if (!isDone(m_status))
        waitLocked(lock, timeout);
    if (isCancelled(m_status))
        throw CancelledError();
    if (m_status != FutureStatus::Finished)
        throw TimeoutError();
    if (m_exception)
        std::rethrow_exception(m_exception);
    return m_result;
}

std::exception_ptr FutureCore::exception(Timeout timeout)
{
    std::unique_lock lock(m_mutex);
    if (!isDone(m_status))
        waitLocked(lock, timeout);
    if (isCancelled(m_status))
        throw CancelledError();
    if (m_status != FutureStatus::Finished)
        throw TimeoutError();
    return m_exception;
}

void FutureCore::addDoneCallback(Callback fn)
{
    {
        std::lock_guard lock(m_mutex);
        if (!isDone(m_status)) {
            m_callbacks.push_back(std::move(fn));
            return;
        }
    }
    // Already done: runs at once, on the caller.
    try {
        publish(EventKind::CallbackRun, -1);
        fn(shared_from_this());
    } catch (...) {
        publish(EventKind::CallbackError, -1);
        // LOGGER.exception(): the line, then the traceback.
        logMessage("exception calling callback for " + repr() + "\n" +
                   formatTraceback(std::current_exception(),
                                   "in a done callback, run at once by add_done_callback"));
    }
}

// firstUnannounced: the callbacks before it had their CallbackRun published by complete().
void FutureCore::invokeCallbacks(std::size_t firstUnannounced)
{
    // Callbacks were appended under the lock before the future became done; once
    // done the list no longer changes, so it can be read without the lock.
    if (m_callbacks.empty())
        return;
    const FutureCorePtr self = shared_from_this();
    for (std::size_t i = 0; i < m_callbacks.size(); ++i) {
        try {
            if (i >= firstUnannounced)
                publish(EventKind::CallbackRun, static_cast<std::int64_t>(i));
            m_callbacks[i](self);
        } catch (...) {
            publish(EventKind::CallbackError, static_cast<std::int64_t>(i));
            logMessage("exception calling callback for " + repr() + "\n" +
                       formatTraceback(std::current_exception(), "in done callback " + std::to_string(i) +
                                                                     ", on the completing thread"));
        }
    }
}

bool FutureCore::setRunningOrNotifyCancel(std::int64_t* taskStartNs)
{
    std::lock_guard lock(m_mutex);
    if (m_status == FutureStatus::Cancelled) {
        transitionLocked(FutureStatus::CancelledAndNotified);
        if (!m_waiters.empty()) {
            const FutureCorePtr self = shared_from_this();
            for (Waiter* w : m_waiters) {
                w->addCancelled(self);
                publish(EventKind::WaiterNotified, 0, static_cast<std::int64_t>(w->kind()));
            }
        }
        return false;
    }
    if (m_status == FutureStatus::Pending) {
        if (!taskStartNs || !m_events) {
            transitionLocked(FutureStatus::Running);
            return true;
        }
        m_status = FutureStatus::Running;
        *taskStartNs =
            m_events->publishBatch(m_executor, currentWorker(),
                                   EventStream::BatchEvent{EventKind::FutureState, m_id,
                                                           static_cast<std::int64_t>(FutureStatus::Pending),
                                                           static_cast<std::int64_t>(FutureStatus::Running)},
                                   EventStream::BatchEvent{EventKind::TaskStart, m_id});
        return true;
    }
    logMessage("Future " + std::to_string(m_id) + " in unexpected state: " + futureStatusName(m_status));
    throw RuntimeError("Future in unexpected state");
}

void FutureCore::complete(std::any&& value, std::exception_ptr error, const std::int64_t* taskStartNs)
{
    std::size_t announced = 0;
    {
        std::lock_guard lock(m_mutex);
        const bool raised = static_cast<bool>(error);
        if (isDone(m_status)) {
            if (taskStartNs && m_events)
                m_events->publishSince(EventKind::TaskEnd, m_executor, currentWorker(), m_id, *taskStartNs,
                                       raised ? 1 : 0);
            throw InvalidStateError(std::string(futureStatusName(m_status)) + ": " + reprLocked());
        }
        if (error)
            m_exception = std::move(error);
        else
            m_result = std::move(value);
        if (!taskStartNs || !m_events) {
            transitionLocked(FutureStatus::Finished);
        } else {
            const FutureStatus from = m_status;
            m_status = FutureStatus::Finished;
            const EventStream::BatchEvent end{EventKind::TaskEnd, m_id, *taskStartNs, raised ? 1 : 0, true};
            const EventStream::BatchEvent state{EventKind::FutureState, m_id, static_cast<std::int64_t>(from),
                                                static_cast<std::int64_t>(FutureStatus::Finished)};
            // The first callback's CallbackRun joins them when nothing is published between (no waiter).
            if (m_waiters.empty() && !m_callbacks.empty()) {
                m_events->publishBatch(m_executor, currentWorker(), end, state,
                                       EventStream::BatchEvent{EventKind::CallbackRun, m_id, 0});
                announced = 1;
            } else {
                m_events->publishBatch(m_executor, currentWorker(), end, state);
            }
        }
        if (!m_waiters.empty()) {
            const FutureCorePtr self = shared_from_this();
            for (Waiter* w : m_waiters) {
                if (m_exception)
                    w->addException(self);
                else
                    w->addResult(self);
                publish(EventKind::WaiterNotified, 0, static_cast<std::int64_t>(w->kind()));
            }
        }
        if (m_sleepers > 0)
            m_cond.notify_all();
    }
    invokeCallbacks(announced);
}

void FutureCore::setResult(std::any value)
{
    complete(std::move(value), nullptr);
}

void FutureCore::finishTask(std::any&& value, std::exception_ptr error, std::int64_t taskStartNs)
{
    complete(std::move(value), std::move(error), &taskStartNs);
}

void FutureCore::setException(std::exception_ptr error)
{
    // set_exception(None) stores None as the exception: the future finishes, result() returns None.
    complete({}, std::move(error));
}

std::string FutureCore::repr() const
{
    std::lock_guard lock(m_mutex);
    return reprLocked();
}

std::string FutureCore::reprLocked() const
{
    std::string s = "<Future at " + std::to_string(m_id) + " state=";
    switch (m_status) {
    case FutureStatus::Pending:
        return s + "pending>";
    case FutureStatus::Running:
        return s + "running>";
    case FutureStatus::Cancelled:
    case FutureStatus::CancelledAndNotified:
        return s + "cancelled>";
    case FutureStatus::Finished:
        if (m_exception)
            return s + "finished raised " + describeException(m_exception).type + ">";
        return s + "finished returned " + pyTypeName(m_result) + ">";
    }
    return s + "?>";
}

void FutureCore::addWaiterLocked(Waiter* waiter)
{
    m_waiters.push_back(waiter);
}

void FutureCore::removeWaiterLocked(Waiter* waiter)
{
    for (auto it = m_waiters.begin(); it != m_waiters.end(); ++it) {
        if (*it == waiter) {
            m_waiters.erase(it);
            return;
        }
    }
}

} // namespace poolscope
