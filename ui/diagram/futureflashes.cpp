#include "ui/diagram/futureflashes.h"

#include "core/futures/future.h"

namespace poolscope::ui {

void FutureFlashes::note(const std::vector<Event>& events, std::int64_t now)
{
    std::size_t added = 0;
    for (const Event& e : events) {
        if (e.kind == EventKind::FutureState &&
            (e.value2 == static_cast<std::int64_t>(FutureStatus::Finished) ||
             e.value2 == static_cast<std::int64_t>(FutureStatus::CancelledAndNotified) ||
             e.value2 == static_cast<std::int64_t>(FutureStatus::Cancelled))) {
            if (++added > kMaxFlashes)
                break;
            m_started[e.task] = now;
        }
    }
    if (m_started.size() > kMaxFlashes) {
        for (auto it = m_started.begin(); it != m_started.end();)
            it = now - it->second > kDurationNs ? m_started.erase(it) : std::next(it);
        if (m_started.size() > kMaxFlashes)
            m_started.clear();
    }
}

double FutureFlashes::glow(std::int64_t task, std::int64_t now) const
{
    if (m_started.empty())
        return 0;
    const auto f = m_started.find(task);
    if (f == m_started.end() || now - f->second >= kDurationNs)
        return 0;
    return 1.0 - static_cast<double>(now - f->second) / kDurationNs;
}

bool FutureFlashes::active(std::int64_t now) const
{
    for (const auto& [task, t] : m_started)
        if (now - t < kDurationNs)
            return true;
    return false;
}

} // namespace poolscope::ui
