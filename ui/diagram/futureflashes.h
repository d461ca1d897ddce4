#pragma once
// Futures glow for a moment when they resolve. Bounded: when hundreds resolve
// in one frame nobody could see single flashes, so only the first ones flash
// and only recent flashes are kept. Pure: the wall clock is passed in.

#include "core/events/event.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace poolscope::ui {

class FutureFlashes
{
public:
    static constexpr std::int64_t kDurationNs = 700'000'000;
    static constexpr std::size_t kMaxFlashes = 256;

    // Starts a flash for every future these events resolve (finished or cancelled).
    void note(const std::vector<Event>& events, std::int64_t now);
    // How brightly the future of `task` glows at `now`: 1 as it resolves, falling to 0.
    double glow(std::int64_t task, std::int64_t now) const;
    // Some future still glows at `now`.
    bool active(std::int64_t now) const;
    void clear() { m_started.clear(); }
    std::size_t size() const { return m_started.size(); }

private:
    std::unordered_map<std::int64_t, std::int64_t> m_started; // task -> when its future resolved
};

} // namespace poolscope::ui
