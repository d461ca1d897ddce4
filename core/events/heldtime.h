#pragma once
// How long the run had been held (paused, stepped or slowed at the gate) when an event happened: its wall
// clock minus its run clock (core/events/eventgate.h). Run files keep it as runs of [seq, held_ns] and the
// event-log CSV as a column.

#include "core/events/event.h"

#include <cstdint>

namespace poolscope {

// Wall time is never behind the run clock; an event built without one (wallNs 0) was not held.
inline std::int64_t heldNs(const Event& e) noexcept
{
    return e.wallNs > e.tNs ? e.wallNs - e.tNs : 0;
}

} // namespace poolscope
