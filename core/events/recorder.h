#pragma once
// In-memory recorder: keeps the whole stream for poolscope-cli's summary and its trace files.
// Each emitting thread appends to its own lane without locking; readers see
// every event published so far, so it can be read while a run is live.
// It has a memory budget: once its chunks would exceed it (or the system refuses
// memory), further events are counted in dropped() instead of recorded, so a run of
// millions of tasks ends with a notice instead of exhausting memory.
// Each lane also counts what a run's summary needs (events by kind, pipe bytes), the
// dropped events too, so the CLI's recorded runs need no second sink on every event's way.

#include "core/events/event.h"

#include <array>
#include <atomic>
#include <mutex>
#include <vector>

namespace poolscope {

class Recorder final : public EventSink
{
public:
    // 1 GiB: about 22 million events, a trace of about 1 GB.
    static constexpr std::size_t kDefaultBudgetBytes = std::size_t{1} << 30;

    explicit Recorder(std::size_t budgetBytes = kDefaultBudgetBytes);
    ~Recorder() override;
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    void onEvent(const Event& event) override;

    // Every event published so far, ordered by sequence number.
    std::vector<Event> events() const;
    std::size_t size() const;
    std::array<std::uint64_t, kEventKindCount> countsByKind() const;
    // Every event given to it so far by kind, the dropped ones too.
    std::array<std::uint64_t, kEventKindCount> offeredByKind() const;
    // Bytes the events given to it say were written to the call and result pipes (PipeWrite
    // but not to the wakeup pipe, ResultPipeWrite), the dropped ones too.
    std::int64_t pipeBytes() const;
    // Events not recorded because the budget was spent (0: the recording is complete).
    std::uint64_t dropped() const { return m_dropped.load(std::memory_order_relaxed); }
    std::size_t budgetBytes() const { return m_budget; }

private:
    struct Chunk;
    struct Lane;
    Lane* laneForThisThread(); // a fresh lane for the calling thread (its first event)
    static void tally(Lane& lane, const Event& event) noexcept;
    // onEvent() when the thread has no lane yet or its tail chunk is full or missing.
    [[gnu::noinline]] void appendSlow(const Event& event);
    bool reserve(std::size_t bytes);

    mutable std::mutex m_lanesMutex;
    std::vector<Lane*> m_lanes;
    std::uint64_t m_generation;
    std::size_t m_budget;
    std::atomic<std::size_t> m_reserved{0};
    std::atomic<std::uint64_t> m_dropped{0};
};

} // namespace poolscope
