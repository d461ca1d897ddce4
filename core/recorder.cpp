#include "recorder.h"

#include <algorithm>

namespace poolscope {

struct Recorder::Chunk
{
    static constexpr std::size_t kCapacity = 4096;
    Event events[kCapacity];
    std::atomic<std::size_t> count{0};
    std::atomic<Chunk*> next{nullptr};
};

struct Recorder::Lane
{
    Chunk* head = nullptr;
    Chunk* tail = nullptr; // only the owner thread touches tail
};

namespace {
std::atomic<std::uint64_t> g_generations{0};
struct LaneCache
{
    std::uint64_t generation = 0;
    void* lane = nullptr;
};
thread_local LaneCache t_cache;
} // namespace

Recorder::Recorder() : m_generation(g_generations.fetch_add(1, std::memory_order_relaxed) + 1) {}

Recorder::~Recorder()
{
    for (Lane* lane : m_lanes) {
        Chunk* c = lane->head;
        while (c) {
            Chunk* next = c->next.load(std::memory_order_relaxed);
            delete c;
            c = next;
        }
        delete lane;
    }
}

Recorder::Lane* Recorder::laneForThisThread()
{
    if (t_cache.generation == m_generation)
        return static_cast<Lane*>(t_cache.lane);
    // A fresh lane per thread (never reused by thread id) keeps each lane single-writer.
    auto* found = new Lane;
    found->head = found->tail = new Chunk;
    {
        std::lock_guard lock(m_lanesMutex);
        m_lanes.push_back(found);
    }
    t_cache = {m_generation, found};
    return found;
}

void Recorder::onEvent(const Event& event)
{
    Lane* lane = laneForThisThread();
    Chunk* c = lane->tail;
    std::size_t n = c->count.load(std::memory_order_relaxed);
    if (n == Chunk::kCapacity) {
        auto* fresh = new Chunk;
        c->next.store(fresh, std::memory_order_release);
        lane->tail = c = fresh;
        n = 0;
    }
    c->events[n] = event;
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
                out.insert(out.end(), c->events, c->events + n);
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
                ++counts[static_cast<std::size_t>(c->events[i].kind)];
        }
    }
    return counts;
}

} // namespace poolscope
