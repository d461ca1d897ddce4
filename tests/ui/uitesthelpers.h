#pragma once
// Synthetic event sequences for the GUI's plain-struct tests: each call stamps
// the next seq and a time 1 ms after the previous event.

#include "core/events/event.h"
#include "core/futures/future.h"

#include <vector>

namespace poolscope::uitest {

class EventScript
{
public:
    explicit EventScript(std::int64_t t0 = 1'000'000'000) : m_t(t0) {}

    Event add(EventKind kind, std::int32_t worker = 0, std::int64_t task = -1, std::int64_t value = 0,
              std::int64_t value2 = 0, std::int64_t dtNs = 1'000'000)
    {
        Event e;
        e.seq = ++m_seq;
        m_t += dtNs;
        e.tNs = m_t;
        e.kind = kind;
        e.worker = worker;
        e.task = task;
        e.value = value;
        e.value2 = value2;
        m_events.push_back(e);
        return e;
    }
    Event state(std::int32_t worker, std::int64_t task, FutureStatus from, FutureStatus to,
                std::int64_t dtNs = 1'000'000)
    {
        return add(EventKind::FutureState, worker, task, static_cast<std::int64_t>(from),
                   static_cast<std::int64_t>(to), dtNs);
    }
    const std::vector<Event>& events() const { return m_events; }
    std::int64_t now() const { return m_t; }

    // One thread-pool task, the way ThreadPoolExecutor emits it (thread `worker` already started).
    void threadTask(std::int64_t task, std::int32_t worker, std::int64_t depthAfterPut = 1)
    {
        add(EventKind::Submit, 0, task);
        add(EventKind::WorkItemCreated, 0, task);
        add(EventKind::WorkQueuePut, 0, task, depthAfterPut);
        add(EventKind::WorkQueueGet, worker, task, depthAfterPut - 1);
        state(worker, task, FutureStatus::Pending, FutureStatus::Running);
        add(EventKind::TaskStart, worker, task);
        add(EventKind::TaskEnd, worker, task, 1'000'000, 0);
        state(worker, task, FutureStatus::Running, FutureStatus::Finished);
    }

private:
    std::uint64_t m_seq = 0;
    std::int64_t m_t;
    std::vector<Event> m_events;
};

} // namespace poolscope::uitest
