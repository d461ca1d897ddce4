#pragma once
// The process pool's side of the event stream: one stream and the executor id
// every piece of the pool stamps (the manager, the feeder, the caller threads).

#include "core/events/event.h"

namespace poolscope {

struct PoolEvents
{
    EventStreamPtr stream; // null: no recording, close to no cost
    std::uint16_t executor = 0;

    void emit(EventKind kind, std::int32_t worker, std::int64_t task, std::int64_t value = 0,
              std::int64_t value2 = 0) const
    {
        if (stream)
            stream->publish(kind, executor, worker, task, value, value2);
    }
};

} // namespace poolscope
