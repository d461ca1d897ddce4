#pragma once
// In-memory recorder: keeps the whole stream for poolscope-cli's summary and its trace files.
// Each emitting thread appends to its own lane without locking; readers see
// every event published so far, so it can be read while a run is live.
// It has a memory budget: once its chunks would exceed it (or the system refuses
// memory), further events are counted in dropped() instead of recorded, so a run of
// millions of tasks ends with a notice instead of exhausting memory.
// The summary's counts (events by kind, pipe bytes) are folded over the recording when asked for, so
// recording an event writes its slot and nothing else; events dropped over the budget are counted by
// kind as they are dropped, on the slow path.

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
    // What a run's summary reads, folded over the recording plus the dropped events' tallies.
    struct Offered
    {
        // Every event given to it so far by kind, the dropped ones too.
        std::array<std::uint64_t, kEventKindCount> byKind{};
        // Bytes the events given to it say were written to the call and result pipes (PipeWrite
        // but not to the wakeup pipe, ResultPipeWrite), the dropped ones too.
        std::int64_t pipeBytes = 0;
    };
    Offered offered() const;
    std::array<std::uint64_t, kEventKindCount> offeredByKind() const { return offered().byKind; }
    std::int64_t pipeBytes() const { return offered().pipeBytes; }
    // Events not recorded because the budget was spent (0: the recording is complete).
    std::uint64_t dropped() const { return m_dropped.load(std::memory_order_relaxed); }
    std::size_t budgetBytes() const { return m_budget; }
    // Unique to this recorder for the process's life, never 0 (EventStream compares it with the thread's
    // cached lane instead of following a pointer to the recorder).
    std::uint64_t generation() const noexcept { return m_generation; }
    // Large chunks given back by recorders that died, kept for the next ones (recorder.cpp), and how many
    // at most.
    static std::size_t keptChunks() noexcept;
    static constexpr std::size_t kKeptChunksMax = 16;

    // EventStream's publish fast path (event.cpp, publishbatch.h): the same append as onEvent() without
    // building an Event first. claim<N>(generation) gives the calling thread's next N slots in the lane it
    // appends to for the recorder of that generation, for the fields to be written in place; commit<N>()
    // then publishes them to readers. Null when the thread has no lane for that recorder yet, or its chunk
    // is missing or has no room for N: the caller then builds each Event and gives it to onEvent(). Both
    // inline and calling nothing, from the thread's cache alone (thread-local loads and compares), so a
    // publish saves no registers for them and reads no line another thread writes.
    template <std::size_t N> static Event* claim(std::uint64_t generation) noexcept
    {
        const LaneCache& t = t_cache;
        if (t.generation != generation || static_cast<std::size_t>(t.end - t.next) < N)
            return nullptr;
        // Room for N means a chunk: said so, the caller's test of the slot folds into the test above.
        if (t.next == nullptr)
            __builtin_unreachable();
        return t.next;
    }
    // Readers see the slots' fields once they see the chunk's fill mark (a release store).
    template <std::size_t N> static void commit(Event* first) noexcept
    {
        Event* const next = first + N;
        t_cache.next = next;
        t_cache.chunk->filled.store(next, std::memory_order_release);
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
        // One past the last published event (events() while empty): the owner's release store, read with
        // acquire. A pointer rather than a count, so committing is one store with no index to compute.
        std::atomic<Event*> filled{nullptr};
        std::atomic<Chunk*> next{nullptr};

        Event* events() noexcept { return reinterpret_cast<Event*>(this + 1); }
        const Event* events() const noexcept { return reinterpret_cast<const Event*>(this + 1); }
        std::size_t size() const noexcept
        {
            return static_cast<std::size_t>(filled.load(std::memory_order_acquire) - events());
        }

        static constexpr std::size_t kSmallCapacity = 1024;
        static constexpr std::size_t kHugeBytes = std::size_t{2} << 20;
        static Chunk* small();
        static Chunk* large();
        static void destroy(Chunk* c) noexcept;
    };
    // Cache-line aligned: the dropped events' tallies are written by the owner thread only.
    struct alignas(64) Lane
    {
        Chunk* head = nullptr;
        Chunk* tail = nullptr; // only the owner thread touches tail
        // What was dropped (no chunk, or no room and none to be had), by the owner only (a plain load and
        // store, no locked add), read by anyone.
        std::array<std::atomic<std::uint64_t>, kEventKindCount> droppedByKind{};
        std::atomic<std::int64_t> droppedPipeBytes{0};

        template <class T> static void bump(std::atomic<T>& c, T by) noexcept
        {
            c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
        }
    };
    // The calling thread's lane of the recorder it last appended to, and where its next event goes: a
    // recorder's generation is unique to it for the process's life, so a lane is never taken for another
    // recorder's at the same address. next == end (both null without a chunk) sends every append to the
    // slow path.
    struct LaneCache
    {
        std::uint64_t generation;
        Event* next;
        Event* end;
        Chunk* chunk;
        Lane* lane;
    };
    static inline constinit thread_local LaneCache t_cache{0, nullptr, nullptr, nullptr, nullptr};

    Lane* laneForThisThread(); // a fresh lane for the calling thread (its first event)
    // The cache's slots for the lane's tail chunk (none without one).
    static void cacheTail(Lane* lane) noexcept;
    // Counts what the summary reads of one event, into `out`.
    static void countPipeBytes(const Event& e, std::int64_t& out) noexcept
    {
        if (e.kind == EventKind::ResultPipeWrite ||
            (e.kind == EventKind::PipeWrite && e.value2 != static_cast<std::int64_t>(Pipe::Wakeup)))
            out += e.value;
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
