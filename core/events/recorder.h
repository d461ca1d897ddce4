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

    // EventStream's publish fast path (event.cpp): the same append as onEvent() without building an Event
    // first. claim(n) gives the thread's next n slots, for the fields to be written in place, then commit()
    // counts them in the lane's tallies and publishes them to readers. A null event when the thread has no
    // lane yet or its tail chunk is missing or has no room for n: the caller then builds each Event and
    // gives it to onEvent(). Both inline and calling nothing, so the stream's publish saves no registers
    // for them.
    struct Slot
    {
        Event* event;
        void* lane;
        std::size_t n;
    };
    Slot claim(std::size_t count = 1) const noexcept
    {
        if (t_cache.generation != m_generation)
            return {nullptr, nullptr, 0};
        auto* lane = static_cast<Lane*>(t_cache.lane);
        Chunk* c = lane->tail;
        if (!c)
            return {nullptr, nullptr, 0};
        const std::size_t n = c->count.load(std::memory_order_relaxed);
        if (c->capacity - n < count)
            return {nullptr, nullptr, 0};
        return {c->events() + n, lane, n};
    }
    // Readers see the slots' fields once they see the count (a release store).
    template <std::size_t Count = 1> static void commit(const Slot& slot) noexcept
    {
        auto& lane = *static_cast<Lane*>(slot.lane);
        for (std::size_t i = 0; i < Count; ++i) {
            const Event& e = slot.event[i];
            tally(lane, e.kind, e.value, e.value2);
        }
        lane.tail->count.store(slot.n + Count, std::memory_order_release);
    }

private:
    // A lane is a list of chunks (recorder.cpp allocates them). The first is small (most lanes record
    // little); the rest are 2 MiB, aligned and advised as huge pages: a long recording writes tens of MB of
    // fresh memory, and one fault per 2 MiB instead of one per 4 KiB halves what recording costs (measured
    // in docs/benchmarks.md). Where THP is off, they are ordinary pages.
    struct Chunk
    {
        std::size_t capacity = 0;
        bool huge = false;
        std::atomic<std::size_t> count{0};
        std::atomic<Chunk*> next{nullptr};

        Event* events() noexcept { return reinterpret_cast<Event*>(this + 1); }
        const Event* events() const noexcept { return reinterpret_cast<const Event*>(this + 1); }

        static constexpr std::size_t kSmallCapacity = 1024;
        static constexpr std::size_t kHugeBytes = std::size_t{2} << 20;
        static Chunk* small();
        static Chunk* large();
        static void destroy(Chunk* c) noexcept;
    };
    // Cache-line aligned: the tallies are written on every event, by the owner thread only.
    struct alignas(64) Lane
    {
        Chunk* head = nullptr;
        Chunk* tail = nullptr; // only the owner thread touches tail
        // Written by the owner only (a plain load and store, no locked add), read by anyone.
        std::array<std::atomic<std::uint64_t>, kEventKindCount> offered{};
        std::atomic<std::int64_t> pipeBytes{0};

        template <class T> static void bump(std::atomic<T>& c, T by) noexcept
        {
            c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
        }
    };
    // The calling thread's lane of the recorder it last appended to: a recorder's generation is unique
    // to it for the process's life, so a lane is never taken for another recorder's at the same address.
    struct LaneCache
    {
        std::uint64_t generation;
        void* lane;
    };
    static inline constinit thread_local LaneCache t_cache{0, nullptr};

    Lane* laneForThisThread(); // a fresh lane for the calling thread (its first event)
    static void tally(Lane& lane, EventKind kind, std::int64_t value, std::int64_t value2) noexcept
    {
        Lane::bump(lane.offered[static_cast<std::size_t>(kind)], std::uint64_t{1});
        if (kind == EventKind::ResultPipeWrite ||
            (kind == EventKind::PipeWrite && value2 != static_cast<std::int64_t>(Pipe::Wakeup)))
            Lane::bump(lane.pipeBytes, value);
    }
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
