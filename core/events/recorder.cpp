#include "core/events/recorder.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <new>
#include <sys/mman.h>

namespace poolscope {

// The chunks' memory (recorder.h says why huge pages).
Recorder::Chunk* Recorder::Chunk::small()
{
    static_assert(sizeof(Chunk) % alignof(Event) == 0, "events follow the header");
    void* mem = ::operator new(sizeof(Chunk) + kSmallCapacity * sizeof(Event));
    auto* c = new (mem) Chunk;
    c->capacity = kSmallCapacity;
    c->filled.store(c->events(), std::memory_order_relaxed);
    return c;
}

namespace {
// Large chunks a recorder gave back, for the next recorder to take instead of mapping fresh memory: the
// kernel zeroes each fresh 2 MiB page on its first touch, which cost a fifth of a 20,000-task thread-pool
// run's time in perf (docs/benchmarks.md). The window records a run after run (compare's three, a sweep's
// dozens), so a process keeps up to 32 MiB of them mapped. Slots rather than a list: taking one is an
// exchange, which no other thread can undo halfway (no ABA), and there is no lock for fork() to catch held.
std::array<std::atomic<void*>, Recorder::kKeptChunksMax> g_keptChunks{};

void* takeKeptChunk() noexcept
{
    for (auto& slot : g_keptChunks)
        if (slot.load(std::memory_order_relaxed))
            if (void* mem = slot.exchange(nullptr, std::memory_order_acquire))
                return mem;
    return nullptr;
}

bool keepChunk(void* mem) noexcept
{
    for (auto& slot : g_keptChunks) {
        void* expected = nullptr;
        if (slot.compare_exchange_strong(expected, mem, std::memory_order_release, std::memory_order_relaxed))
            return true;
    }
    return false;
}

char* mapHugeChunk(std::size_t bytes)
{
    // Over-map, then trim to a 2 MiB-aligned 2 MiB so the whole chunk can be one huge page.
    const std::size_t span = 2 * bytes;
    void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        throw std::bad_alloc();
    const auto base = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (base + bytes - 1) & ~(bytes - 1);
    // Offsets from the mapping, not integers cast back to pointers.
    char* const mem = static_cast<char*>(raw) + (aligned - base);
    if (aligned > base)
        ::munmap(raw, aligned - base);
    if (const std::uintptr_t end = base + span; end > aligned + bytes)
        ::munmap(mem + bytes, end - aligned - bytes);
    ::madvise(mem, bytes, MADV_HUGEPAGE);
    return mem;
}
} // namespace

std::size_t Recorder::keptChunks() noexcept
{
    return static_cast<std::size_t>(
        std::count_if(g_keptChunks.begin(), g_keptChunks.end(),
                      [](const auto& slot) { return slot.load(std::memory_order_relaxed) != nullptr; }));
}

Recorder::Chunk* Recorder::Chunk::large()
{
    void* mem = takeKeptChunk();
    if (!mem)
        mem = mapHugeChunk(kHugeBytes);
    auto* c = new (mem) Chunk;
    c->capacity = (kHugeBytes - sizeof(Chunk)) / sizeof(Event);
    c->huge = true;
    c->filled.store(c->events(), std::memory_order_relaxed);
    return c;
}

void Recorder::Chunk::destroy(Chunk* c) noexcept
{
    const bool huge = c->huge;
    c->~Chunk();
    if (huge) {
        if (!keepChunk(c))
            ::munmap(c, kHugeBytes);
    } else {
        ::operator delete(c);
    }
}

namespace {
std::atomic<std::uint64_t> g_generations{0};
} // namespace

Recorder::Recorder(std::size_t budgetBytes)
    : m_generation(g_generations.fetch_add(1, std::memory_order_relaxed) + 1), m_budget(budgetBytes)
{
}

bool Recorder::reserve(std::size_t bytes)
{
    if (m_reserved.fetch_add(bytes, std::memory_order_relaxed) + bytes <= m_budget)
        return true;
    m_reserved.fetch_sub(bytes, std::memory_order_relaxed);
    return false;
}

Recorder::~Recorder()
{
    for (Lane* lane : m_lanes) {
        Chunk* c = lane->head;
        while (c) {
            Chunk* next = c->next.load(std::memory_order_relaxed);
            Chunk::destroy(c);
            c = next;
        }
        delete lane;
    }
}

void Recorder::cacheTail(Lane* lane) noexcept
{
    Chunk* c = lane->tail;
    t_cache.lane = lane;
    t_cache.chunk = c;
    t_cache.next = c ? c->filled.load(std::memory_order_relaxed) : nullptr;
    t_cache.end = c ? c->events() + c->capacity : nullptr;
}

Recorder::Lane* Recorder::laneForThisThread()
{
    // A fresh lane per thread (never reused by thread id) keeps each lane single-writer.
    auto* found = new Lane;
    // A lane with no chunk (over budget, or no memory) drops its events.
    const std::size_t smallBytes = sizeof(Chunk) + Chunk::kSmallCapacity * sizeof(Event);
    if (reserve(smallBytes)) {
        try {
            found->head = found->tail = Chunk::small();
        } catch (const std::bad_alloc&) {
            m_reserved.fetch_sub(smallBytes, std::memory_order_relaxed);
        }
    }
    {
        std::lock_guard lock(m_lanesMutex);
        m_lanes.push_back(found);
    }
    t_cache.generation = m_generation;
    cacheTail(found);
    return found;
}

void Recorder::onEvent(const Event& event)
{
    // The fast path calls nothing, so it saves no registers: room in the thread's cached chunk.
    // Everything else (a thread's first event, a full chunk, no chunk) is the slow path's, reached by a
    // tail call.
    Event* out = claim<1>(m_generation);
    if (!out)
        return appendSlow(event);
    *out = event;
    commit<1>(out);
}

void Recorder::appendSlow(const Event& event)
{
    Lane* lane = t_cache.generation == m_generation ? t_cache.lane : laneForThisThread();
    Chunk* c = lane->tail;
    if (c && t_cache.next == t_cache.end) {
        Chunk* fresh = nullptr;
        if (reserve(Chunk::kHugeBytes)) {
            try {
                fresh = Chunk::large();
            } catch (const std::bad_alloc&) {
                m_reserved.fetch_sub(Chunk::kHugeBytes, std::memory_order_relaxed);
            }
        }
        if (fresh) {
            c->next.store(fresh, std::memory_order_release);
            lane->tail = fresh;
            cacheTail(lane);
        } else {
            c = nullptr;
        }
    }
    if (!c) {
        // Counted here, as the fold over the recording cannot see it (offered()).
        Lane::bump(lane->droppedByKind[static_cast<std::size_t>(event.kind)], std::uint64_t{1});
        std::int64_t bytes = 0;
        countPipeBytes(event, bytes);
        if (bytes != 0)
            Lane::bump(lane->droppedPipeBytes, bytes);
        m_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    Event* out = t_cache.next;
    *out = event;
    commit<1>(out);
}

std::vector<Event> Recorder::events() const
{
    std::vector<Event> out;
    {
        std::lock_guard lock(m_lanesMutex);
        for (const Lane* lane : m_lanes) {
            for (const Chunk* c = lane->head; c; c = c->next.load(std::memory_order_acquire)) {
                out.insert(out.end(), c->events(), c->events() + c->size());
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.seq < b.seq; });
    return out;
}

std::size_t Recorder::size() const
{
    std::size_t total = 0;
    std::lock_guard lock(m_lanesMutex);
    for (const Lane* lane : m_lanes)
        for (const Chunk* c = lane->head; c; c = c->next.load(std::memory_order_acquire))
            total += c->size();
    return total;
}

namespace {
// ++counts[kind] over [first, last), eight events a round: the fold that replaces counting each event as it
// is recorded (two instructions an event and the round's four, where counting on the way cost each event a
// load, an add and a store, and a batch a loop over its slots).
void countKinds(const Event* first, const Event* last, std::array<std::uint64_t, kEventKindCount>& counts)
{
    for (; last - first >= 8; first += 8)
        for (int i = 0; i < 8; ++i)
            ++counts[static_cast<std::size_t>(first[i].kind)];
    for (; first != last; ++first)
        ++counts[static_cast<std::size_t>(first->kind)];
}
} // namespace

std::array<std::uint64_t, kEventKindCount> Recorder::countsByKind() const
{
    std::array<std::uint64_t, kEventKindCount> counts{};
    std::lock_guard lock(m_lanesMutex);
    for (const Lane* lane : m_lanes)
        for (const Chunk* c = lane->head; c; c = c->next.load(std::memory_order_acquire))
            countKinds(c->events(), c->events() + c->size(), counts);
    return counts;
}

Recorder::Offered Recorder::offered() const
{
    Offered out;
    std::lock_guard lock(m_lanesMutex);
    for (const Lane* lane : m_lanes) {
        std::array<std::uint64_t, kEventKindCount> recorded{};
        const auto pipeWrites = [&recorded] {
            return recorded[static_cast<std::size_t>(EventKind::PipeWrite)] +
                   recorded[static_cast<std::size_t>(EventKind::ResultPipeWrite)];
        };
        for (const Chunk* c = lane->head; c; c = c->next.load(std::memory_order_acquire)) {
            const Event* const first = c->events();
            const Event* const last = first + c->size();
            const std::uint64_t writesBefore = pipeWrites();
            countKinds(first, last, recorded);
            // Only a chunk that holds pipe writes is read again for their bytes (a thread pool's never).
            if (pipeWrites() != writesBefore)
                for (const Event* e = first; e != last; ++e)
                    countPipeBytes(*e, out.pipeBytes);
        }
        for (std::size_t i = 0; i < recorded.size(); ++i)
            out.byKind[i] += recorded[i] + lane->droppedByKind[i].load(std::memory_order_relaxed);
        out.pipeBytes += lane->droppedPipeBytes.load(std::memory_order_relaxed);
    }
    return out;
}

} // namespace poolscope
