#include "core/futures/wait.h"

#include <algorithm>
#include <chrono>
#include <unordered_set>

namespace poolscope {

namespace {
bool finishedOrNotified(FutureStatus s)
{
    return s == FutureStatus::CancelledAndNotified || s == FutureStatus::Finished;
}

std::vector<FutureCorePtr> unique(const std::vector<FutureCorePtr>& fs)
{
    std::vector<FutureCorePtr> out;
    std::unordered_set<const FutureCore*> seen;
    out.reserve(fs.size());
    for (const auto& f : fs) {
        if (f && seen.insert(f.get()).second)
            out.push_back(f);
    }
    return out;
}

// _AcquireFutures: lock every future's condition in a fixed (address) order.
class AcquireFutures
{
public:
    explicit AcquireFutures(const std::vector<FutureCorePtr>& fs)
    {
        m_sorted.reserve(fs.size());
        for (const auto& f : fs)
            m_sorted.push_back(f.get());
        std::sort(m_sorted.begin(), m_sorted.end());
        for (FutureCore* f : m_sorted)
            f->mutex().lock();
    }
    ~AcquireFutures()
    {
        for (FutureCore* f : m_sorted)
            f->mutex().unlock();
    }
    AcquireFutures(const AcquireFutures&) = delete;
    AcquireFutures& operator=(const AcquireFutures&) = delete;

private:
    std::vector<FutureCore*> m_sorted;
};

void emitFor(const std::vector<FutureCorePtr>& fs, EventKind kind, std::int64_t value, std::int64_t value2)
{
    if (!fs.empty() && fs.front()->events())
        fs.front()->events()->publish(kind, fs.front()->executorId(), currentWorker(), -1, value, value2);
}

void removeWaiter(const std::vector<FutureCorePtr>& fs, Waiter* waiter)
{
    for (const auto& f : fs) {
        std::lock_guard lock(f->mutex());
        f->removeWaiterLocked(waiter);
    }
    emitFor(fs, EventKind::WaiterRemoved, static_cast<std::int64_t>(fs.size()),
            static_cast<std::int64_t>(waiter->kind()));
}

std::optional<std::int64_t> deadlineFrom(Timeout timeout, const EventStream* clock)
{
    if (!timeout)
        return std::nullopt;
    return runNowNs(clock) + static_cast<std::int64_t>(*timeout * 1e9);
}

// The run clock the futures' timeouts count on: the stream of the first that has one.
const EventStream* clockOf(const std::vector<FutureCorePtr>& fs)
{
    for (const auto& f : fs)
        if (f->events())
            return f->events().get();
    return nullptr;
}
} // namespace

Waiter::Waiter(WaiterKind kind, int pendingCalls) : m_pending(pendingCalls), m_kind(kind) {}

void Waiter::add(FutureCorePtr future, bool setsEvent, bool decrements)
{
    std::lock_guard lock(m_mutex);
    m_finished.push_back(std::move(future));
    if (decrements && --m_pending <= 0)
        setsEvent = true;
    if (setsEvent && !m_set) {
        m_set = true;
        m_cond.notify_all();
    }
}

void Waiter::addResult(FutureCorePtr future)
{
    const bool counts = m_kind == WaiterKind::FirstException || m_kind == WaiterKind::AllCompleted;
    add(std::move(future), !counts, counts);
}

void Waiter::addException(FutureCorePtr future)
{
    switch (m_kind) {
    case WaiterKind::FirstException:
        add(std::move(future), true, false);
        break;
    case WaiterKind::AllCompleted:
        add(std::move(future), false, true);
        break;
    default:
        add(std::move(future), true, false);
    }
}

void Waiter::addCancelled(FutureCorePtr future)
{
    addResult(std::move(future));
}

bool Waiter::waitEvent(Timeout timeout, const EventStream* clock)
{
    std::unique_lock lock(m_mutex);
    if (!timeout) {
        m_cond.wait(lock, [this] { return m_set; });
        return true;
    }
    const std::int64_t deadline = runNowNs(clock) + static_cast<std::int64_t>(std::max(0.0, *timeout) * 1e9);
    return waitUntilRunClock(m_cond, lock, clock, deadline, [this] { return m_set; });
}

std::vector<FutureCorePtr> Waiter::takeFinished()
{
    std::lock_guard lock(m_mutex);
    std::vector<FutureCorePtr> out;
    out.swap(m_finished);
    m_set = false;
    return out;
}

DoneAndNotDone wait(const std::vector<FutureCorePtr>& input, Timeout timeout, ReturnWhen returnWhen)
{
    const std::vector<FutureCorePtr> fs = unique(input);
    DoneAndNotDone result;
    std::unique_ptr<Waiter> waiter;
    {
        AcquireFutures locks(fs);
        for (const auto& f : fs)
            (finishedOrNotified(f->statusLocked()) ? result.done : result.notDone).push_back(f);
        if (returnWhen == ReturnWhen::FirstCompleted && !result.done.empty())
            return result;
        if (returnWhen == ReturnWhen::FirstException && !result.done.empty()) {
            for (const auto& f : result.done)
                if (f->statusLocked() == FutureStatus::Finished && f->raisedLocked())
                    return result;
        }
        if (result.notDone.empty())
            return result;
        WaiterKind kind = WaiterKind::AllCompleted;
        if (returnWhen == ReturnWhen::FirstCompleted)
            kind = WaiterKind::FirstCompleted;
        else if (returnWhen == ReturnWhen::FirstException)
            kind = WaiterKind::FirstException;
        waiter = std::make_unique<Waiter>(kind, static_cast<int>(result.notDone.size()));
        for (const auto& f : fs)
            f->addWaiterLocked(waiter.get());
        emitFor(fs, EventKind::WaiterInstalled, static_cast<std::int64_t>(fs.size()),
                static_cast<std::int64_t>(kind));
    }
    waiter->waitEvent(timeout, clockOf(fs));
    removeWaiter(fs, waiter.get());

    std::unordered_set<const FutureCore*> done;
    for (const auto& f : result.done)
        done.insert(f.get());
    for (const auto& f : waiter->takeFinished())
        done.insert(f.get());
    result.done.clear();
    result.notDone.clear();
    for (const auto& f : fs)
        (done.count(f.get()) ? result.done : result.notDone).push_back(f);
    return result;
}

AsCompleted::AsCompleted(const std::vector<FutureCorePtr>& fs, Timeout timeout)
    : m_timeout(timeout), m_all(unique(fs)), m_waiter(WaiterKind::AsCompleted, 0)
{
}

void AsCompleted::start()
{
    m_started = true;
    m_deadlineNs = deadlineFrom(m_timeout, clockOf(m_all));
    AcquireFutures locks(m_all);
    for (const auto& f : m_all)
        if (finishedOrNotified(f->statusLocked()))
            m_ready.push_back(f);
        else
            m_pending.insert(f.get());
    std::reverse(m_ready.begin(), m_ready.end());
    for (const auto& f : m_all)
        f->addWaiterLocked(&m_waiter);
    emitFor(m_all, EventKind::WaiterInstalled, static_cast<std::int64_t>(m_all.size()),
            static_cast<std::int64_t>(WaiterKind::AsCompleted));
}

AsCompleted::~AsCompleted()
{
    if (m_started)
        removeWaiter(m_all, &m_waiter);
}

FutureCorePtr AsCompleted::yieldOne()
{
    FutureCorePtr f = std::move(m_ready.back());
    m_ready.pop_back();
    m_pending.erase(f.get());
    return f;
}

FutureCorePtr AsCompleted::next()
{
    if (!m_started)
        start();
    while (m_ready.empty()) {
        if (m_pending.empty())
            return nullptr;
        Timeout wait;
        if (m_deadlineNs) {
            const std::int64_t left = *m_deadlineNs - runNowNs(clockOf(m_all));
            if (left < 0) {
                emitFor(m_all, EventKind::Timeout, static_cast<std::int64_t>(m_pending.size()),
                        static_cast<std::int64_t>(m_all.size()));
                throw TimeoutError(std::to_string(m_pending.size()) + " (of " + std::to_string(m_all.size()) +
                                   ") futures unfinished");
            }
            wait = static_cast<double>(left) / 1e9;
        }
        m_waiter.waitEvent(wait, clockOf(m_all));
        std::vector<FutureCorePtr> finished = m_waiter.takeFinished();
        // Keep only futures still pending (the initial batch may repeat), newest last.
        for (auto it = finished.rbegin(); it != finished.rend(); ++it) {
            if (m_pending.count(it->get()))
                m_ready.push_back(*it);
        }
    }
    return yieldOne();
}

} // namespace poolscope
