#pragma once
// EventStream::publishBatch(), inline where it is called: with a Recorder as the sink and no gate, the
// batch's fields (constants at most call sites) are written straight into the thread's lane, with one clock
// read and one take of the sequence numbers for all of them. Everything else is publishBatchSlow()'s.

#include "core/events/event.h"
#include "core/events/recorder.h"

namespace poolscope {

template <std::size_t N>
[[gnu::always_inline]] inline std::int64_t EventStream::publishBatch(std::uint16_t executor,
                                                                     std::int32_t worker,
                                                                     const std::array<BatchEvent, N>& events)
{
    static_assert(N >= 1 && N <= kMaxBatch);
    if (m_recorder && !m_gate.load(std::memory_order_acquire)) {
        if (const Recorder::Slot slot = m_recorder->claim(N); slot.event) {
            // The fields first: written before the clock's call, they need no register saved across it.
            Event* out = slot.event;
            for (std::size_t i = 0; i < N; ++i) {
                out[i].kind = events[i].kind;
                out[i].executor = executor;
                out[i].worker = worker;
                out[i].task = events[i].task;
                out[i].value = events[i].value;
                out[i].value2 = events[i].value2;
            }
            const std::int64_t t = nowNs();
            const std::uint64_t first = m_seq.fetch_add(N, std::memory_order_relaxed) + 1;
            for (std::size_t i = 0; i < N; ++i) {
                out[i].tNs = t;
                out[i].wallNs = t;
                out[i].seq = first + i;
                if (events[i].since)
                    out[i].value = t - events[i].value;
            }
            Recorder::commit<N>(slot);
            return t;
        }
    }
    return publishBatchSlow(executor, worker, events.data(), N);
}

} // namespace poolscope
