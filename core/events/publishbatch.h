#pragma once
// EventStream::publishBatch(), inline where it is called: with a Recorder as the sink and no gate, the
// batch's fields (constants at most call sites) are written straight into the thread's lane, with one clock
// read and one take of the sequence numbers for all of them. Everything else is publishBatchSlow()'s.

#include "core/events/event.h"
#include "core/events/recorder.h"

#include <type_traits>

namespace poolscope {

namespace detail {
// One event's own fields, written before the clock's call (a duration's value after it).
[[gnu::always_inline]] inline void writeBatchFields(Event& e, const EventStream::BatchEvent& b,
                                                    std::uint16_t executor, std::int32_t worker) noexcept
{
    e.kind = b.kind;
    e.executor = executor;
    e.worker = worker;
    e.task = b.task;
    if (!b.since)
        e.value = b.value;
    e.value2 = b.value2;
}
[[gnu::always_inline]] inline void writeBatchStamp(Event& e, const EventStream::BatchEvent& b, std::int64_t t,
                                                   std::uint64_t seq) noexcept
{
    e.tNs = t;
    e.wallNs = t;
    e.seq = seq;
    if (b.since)
        e.value = t - b.value;
}
} // namespace detail

template <class... Events>
[[gnu::always_inline]] inline std::int64_t
EventStream::publishBatch(std::uint16_t executor, std::int32_t worker, const Events&... events)
{
    constexpr std::size_t N = sizeof...(Events);
    static_assert(N >= 1 && N <= kMaxBatch);
    static_assert((std::is_same_v<Events, BatchEvent> && ...));
    if (!m_gate.load(std::memory_order_acquire)) {
        if (Event* const out = Recorder::claim<N>(m_recorderGeneration)) {
            // The fields first: written before the clock's call, they need no register saved across it
            // (a duration's start time is the one value kept).
            Event* e = out;
            (detail::writeBatchFields(*e++, events, executor, worker), ...);
            const std::int64_t t = nowNs();
            std::uint64_t seq = m_seq.fetch_add(N, std::memory_order_relaxed) + 1;
            e = out;
            (detail::writeBatchStamp(*e++, events, t, seq++), ...);
            Recorder::commit<N>(out);
            return t;
        }
    }
    const std::array<BatchEvent, N> list{events...};
    return publishBatchSlow(executor, worker, list.data(), N);
}

} // namespace poolscope
