#include "core/events/event.h"

#include "core/events/eventgate.h"
#include "core/events/publishbatch.h"
#include "core/events/recorder.h"

#include <array>

namespace poolscope {

namespace {
constexpr std::array<std::string_view, kEventKindCount> kNames = {
#define POOLSCOPE_X(name) std::string_view(#name),
    POOLSCOPE_EVENT_KINDS(POOLSCOPE_X)
#undef POOLSCOPE_X
};
} // namespace

std::string_view eventKindName(EventKind kind) noexcept
{
    const auto i = static_cast<std::size_t>(kind);
    return i < kNames.size() ? kNames[i] : std::string_view("Unknown");
}

bool eventKindFromName(std::string_view name, EventKind& out) noexcept
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) {
            out = static_cast<EventKind>(i);
            return true;
        }
    }
    return false;
}

std::int64_t runNowNs(const EventStream* stream) noexcept
{
    if (stream)
        if (EventGate* gate = stream->gate())
            return gate->runNowNs();
    return nowNs();
}

EventStream::EventStream(std::shared_ptr<EventSink> sink) : m_sink(std::move(sink))
{
    if (const auto* recorder = dynamic_cast<const Recorder*>(m_sink.get()))
        m_recorderGeneration = recorder->generation();
}

EventStream::~EventStream() = default;

void EventStream::setGate(std::shared_ptr<EventGate> gate)
{
    EventGate* old = m_gate.exchange(gate.get(), std::memory_order_acq_rel);
    if (old && old != gate.get())
        old->close();
    if (gate)
        m_gates.push_back(std::move(gate));
}

namespace {
// An event's own fields (all but its value, its times and its number), as every publish writes them.
[[gnu::always_inline]] inline void setFields(Event& e, EventKind kind, std::uint16_t executor,
                                             std::int32_t worker, std::int64_t task, std::int64_t value2)
{
    e.kind = kind;
    e.executor = executor;
    e.worker = worker;
    e.task = task;
    e.value2 = value2;
}

// Passes the gate (if any) and takes both times right after it let the event go, then the sequence
// number. The fields come first: written to memory before the clock's call, they need no register
// saved across it.
void stamp(EventGate* gate, std::atomic<std::uint64_t>& seq, Event& e)
{
    if (gate) {
        const GateStamp t = gate->passStamp(e.executor);
        e.tNs = t.runNs;
        e.wallNs = t.wallNs;
    } else {
        e.tNs = nowNs();
        e.wallNs = e.tNs;
    }
    e.seq = seq.fetch_add(1, std::memory_order_relaxed) + 1;
}
} // namespace

std::int64_t EventStream::publish(EventKind kind, std::uint16_t executor, std::int32_t worker,
                                  std::int64_t task, std::int64_t value, std::int64_t value2)
{
    // Into the recorder's slot, the fields first: written before the clock's call, they need no register
    // saved across it. The same stamp as stamp()'s without a gate.
    if (!m_gate.load(std::memory_order_acquire)) {
        if (Event* const slot = Recorder::claim<1>(m_recorderGeneration)) {
            Event& e = *slot;
            setFields(e, kind, executor, worker, task, value2);
            e.value = value;
            const std::int64_t t = nowNs();
            e.tNs = t;
            e.wallNs = t;
            e.seq = m_seq.fetch_add(1, std::memory_order_relaxed) + 1;
            Recorder::commit<1>(slot);
            return t;
        }
    }
    Event e;
    setFields(e, kind, executor, worker, task, value2);
    e.value = value;
    stamp(m_gate.load(std::memory_order_acquire), m_seq, e);
    if (m_sink)
        m_sink->onEvent(e);
    return e.tNs;
}

std::int64_t EventStream::publishSince(EventKind kind, std::uint16_t executor, std::int32_t worker,
                                       std::int64_t task, std::int64_t sinceNs, std::int64_t value2)
{
    if (!m_gate.load(std::memory_order_acquire)) {
        if (Event* const slot = Recorder::claim<1>(m_recorderGeneration)) {
            Event& e = *slot;
            setFields(e, kind, executor, worker, task, value2);
            const std::int64_t t = nowNs();
            e.tNs = t;
            e.wallNs = t;
            e.value = t - sinceNs;
            e.seq = m_seq.fetch_add(1, std::memory_order_relaxed) + 1;
            Recorder::commit<1>(slot);
            return t;
        }
    }
    Event e;
    setFields(e, kind, executor, worker, task, value2);
    stamp(m_gate.load(std::memory_order_acquire), m_seq, e);
    e.value = e.tNs - sinceNs;
    if (m_sink)
        m_sink->onEvent(e);
    return e.tNs;
}

void EventStream::publishPair(EventKind first, EventKind second, std::uint16_t executor, std::int32_t worker,
                              std::int64_t task, std::int64_t firstValue)
{
    publishBatch(executor, worker, BatchEvent{first, task, firstValue}, BatchEvent{second, task});
}

std::int64_t EventStream::publishBatchSlow(std::uint16_t executor, std::int32_t worker,
                                           const BatchEvent* events, std::size_t count)
{
    if (m_gate.load(std::memory_order_acquire)) {
        std::int64_t t = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const BatchEvent& b = events[i];
            t = b.since ? publishSince(b.kind, executor, worker, b.task, b.value, b.value2)
                        : publish(b.kind, executor, worker, b.task, b.value, b.value2);
        }
        return t;
    }
    // Another sink, or the recorder's slow path: built here, then given to the sink one at a time.
    std::array<Event, kMaxBatch> built{};
    const std::int64_t t = nowNs();
    const std::uint64_t first = m_seq.fetch_add(count, std::memory_order_relaxed) + 1;
    for (std::size_t i = 0; i < count; ++i) {
        Event& e = built[i];
        e.kind = events[i].kind;
        e.executor = executor;
        e.worker = worker;
        e.task = events[i].task;
        e.value = events[i].since ? t - events[i].value : events[i].value;
        e.value2 = events[i].value2;
        e.tNs = t;
        e.wallNs = t;
        e.seq = first + i;
    }
    if (m_sink)
        for (std::size_t i = 0; i < count; ++i)
            m_sink->onEvent(built[i]);
    return t;
}

void EventStream::forward(Event event)
{
    event.seq = m_seq.fetch_add(1, std::memory_order_relaxed) + 1;
    if (m_sink)
        m_sink->onEvent(event);
}

std::uint16_t EventStream::nextExecutorId() noexcept
{
    return static_cast<std::uint16_t>(m_executors.fetch_add(1, std::memory_order_relaxed) + 1);
}

} // namespace poolscope
