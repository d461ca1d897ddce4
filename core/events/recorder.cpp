#include "core/events/recorder.h"

#include <algorithm>
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
    return c;
}

Recorder::Chunk* Recorder::Chunk::large()
{
    // Over-map, then trim to a 2 MiB-aligned 2 MiB so the whole chunk can be one huge page.
    const std::size_t span = 2 * kHugeBytes;
    void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        throw std::bad_alloc();
    const auto base = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (base + kHugeBytes - 1) & ~(kHugeBytes - 1);
    // Offsets from the mapping, not integers cast back to pointers.
    char* const mem = static_cast<char*>(raw) + (aligned - base);
    if (aligned > base)
        ::munmap(raw, aligned - base);
    if (const std::uintptr_t end = base + span; end > aligned + kHugeBytes)
        ::munmap(mem + kHugeBytes, end - aligned - kHugeBytes);
    ::madvise(mem, kHugeBytes, MADV_HUGEPAGE);
    auto* c = new (mem) Chunk;
    c->capacity = (kHugeBytes - sizeof(Chunk)) / sizeof(Event);
    c->huge = true;
    return c;
}

void Recorder::Chunk::destroy(Chunk* c) noexcept
{
    const bool huge = c->huge;
    c->~Chunk();
    if (huge)
        ::munmap(c, kHugeBytes);
    else
        ::operator delete(c);
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
    t_cache = {m_generation, found};
    return found;
}

void Recorder::onEvent(const Event& event)
{
    // The fast path calls nothing, so it saves no registers: the thread's cached lane, its tallies, and
    // room in its tail chunk. Everything else (a thread's first event, a full chunk, no chunk) is the
    // slow path's, reached by a tail call.
    if (t_cache.generation != m_generation)
        return appendSlow(event);
    auto* lane = static_cast<Lane*>(t_cache.lane);
    Chunk* c = lane->tail;
    if (!c)
        return appendSlow(event);
    const std::size_t n = c->count.load(std::memory_order_relaxed);
    if (n == c->capacity)
        return appendSlow(event);
    tally(*lane, event.kind, event.value, event.value2);
    c->events()[n] = event;
    c->count.store(n + 1, std::memory_order_release);
}

void Recorder::appendSlow(const Event& event)
{
    Lane* lane = t_cache.generation == m_generation ? static_cast<Lane*>(t_cache.lane) : laneForThisThread();
    tally(*lane, event.kind, event.value, event.value2);
    Chunk* c = lane->tail;
    if (!c) {
        m_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    std::size_t n = c->count.load(std::memory_order_relaxed);
    if (n == c->capacity) {
        Chunk* fresh = nullptr;
        if (reserve(Chunk::kHugeBytes)) {
            try {
                fresh = Chunk::large();
            } catch (const std::bad_alloc&) {
                m_reserved.fetch_sub(Chunk::kHugeBytes, std::memory_order_relaxed);
            }
        }
        if (!fresh) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        c->next.store(fresh, std::memory_order_release);
        lane->tail = c = fresh;
        n = 0;
    }
    c->events()[n] = event;
    c->count.store(n + 1, std::memory_order_release);
}

std::vector<Event> Recorder::events() const
{
    std::vector<Event> out;
    {
        std::lock_guard lock(m_lanesMutex);
        for (const Lane* lane : m_lanes) {
            for (const Chunk* c = lane->head; c; c = c->next.load(std::memory_order_acquire)) {
                const std::size_t n = c->count.load(std::memory_order_acquire);
                out.insert(out.end(), c->events(), c->events() + n);
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
            total += c->count.load(std::memory_order_acquire);
    return total;
}

std::array<std::uint64_t, kEventKindCount> Recorder::countsByKind() const
{
    std::array<std::uint64_t, kEventKindCount> counts{};
    std::lock_guard lock(m_lanesMutex);
    for (const Lane* lane : m_lanes) {
        for (const Chunk* c = lane->head; c; c = c->next.load(std::memory_order_acquire)) {
            const std::size_t n = c->count.load(std::memory_order_acquire);
            for (std::size_t i = 0; i < n; ++i)
                ++counts[static_cast<std::size_t>(c->events()[i].kind)];
        }
    }
    return counts;
}

std::array<std::uint64_t, kEventKindCount> Recorder::offeredByKind() const
{
    std::array<std::uint64_t, kEventKindCount> counts{};
    std::lock_guard lock(m_lanesMutex);
    for (const Lane* lane : m_lanes)
        for (std::size_t i = 0; i < counts.size(); ++i)
            counts[i] += lane->offered[i].load(std::memory_order_relaxed);
    return counts;
}

std::int64_t Recorder::pipeBytes() const
{
    std::int64_t bytes = 0;
    std::lock_guard lock(m_lanesMutex);
    for (const Lane* lane : m_lanes)
        bytes += lane->pipeBytes.load(std::memory_order_relaxed);
    return bytes;
}

} // namespace poolscope
