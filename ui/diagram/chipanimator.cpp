#include "ui/diagram/chipanimator.h"

#include <algorithm>

namespace poolscope::ui {

double easeInOut(double u)
{
    return u * u * (3 - 2 * u);
}

QPointF glideAt(QPointF from, QPointF to, std::int64_t start, std::int64_t durationNs, std::int64_t now)
{
    if (durationNs <= 0 || now >= start + durationNs)
        return to;
    const double u = std::clamp(static_cast<double>(now - start) / static_cast<double>(durationNs), 0.0, 1.0);
    return from + (to - from) * easeInOut(u);
}

std::vector<ChipView> ChipAnimator::positions(std::int64_t now) const
{
    std::vector<ChipView> out;
    out.reserve(m_tracks.size());
    for (const auto& [id, t] : m_tracks) {
        if (t.leaving && now - t.start >= m_durationNs)
            continue; // landed in its future: the future cell shows it now
        ChipView v = t.view;
        v.center = at(t, now);
        out.push_back(v);
    }
    // Stable draw order: leaving chips on top, then by task.
    std::sort(out.begin(), out.end(), [](const ChipView& a, const ChipView& b) {
        if ((a.place == ChipPlace::Future) != (b.place == ChipPlace::Future))
            return b.place == ChipPlace::Future;
        return a.task < b.task;
    });
    return out;
}

void ChipAnimator::prune(std::int64_t now)
{
    for (auto it = m_tracks.begin(); it != m_tracks.end();)
        it = (it->second.leaving && now - it->second.start >= m_durationNs) ? m_tracks.erase(it)
                                                                            : std::next(it);
}

bool ChipAnimator::animating(std::int64_t now) const
{
    for (const auto& [id, t] : m_tracks)
        if (now < t.start + m_durationNs && t.from != t.to)
            return true;
    return false;
}

void TokenGlide::retarget(QPointF target, std::int64_t now)
{
    if (!m_placed) {
        m_pos = m_from = m_to = target;
        m_placed = true;
    }
    if (target != m_to) {
        m_from = m_pos;
        m_to = target;
        m_start = now;
    }
}

QPointF TokenGlide::advance(std::int64_t now, std::int64_t durationNs, QPointF home)
{
    if (!m_placed)
        m_pos = m_from = m_to = home;
    m_pos = m_start > 0 ? glideAt(m_from, m_to, m_start, durationNs, now) : m_to;
    return m_pos;
}

} // namespace poolscope::ui
