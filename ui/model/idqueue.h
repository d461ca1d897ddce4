#pragma once
// A scene's FIFO queues of task ids (SceneState), shared between copies: see IdQueue.

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

namespace poolscope::ui {

// Ids in queue order, kept in fixed chunks that copies share until one of them
// writes (copy on write), as TaskStore does for task records: a copy (a replay
// keyframe) costs a pointer per chunk, not an element per id, so a queue of tens
// of thousands of work ids no longer makes every keyframe a deep copy.
class IdQueue
{
public:
    class const_iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::int64_t;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::int64_t*;
        using reference = std::int64_t;

        const_iterator() = default;
        const_iterator(const IdQueue* q, std::size_t i) : m_q(q), m_i(i) {}
        std::int64_t operator*() const { return (*m_q)[m_i]; }
        const_iterator& operator++()
        {
            ++m_i;
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator old = *this;
            ++m_i;
            return old;
        }
        bool operator==(const const_iterator& o) const { return m_i == o.m_i; }

    private:
        const IdQueue* m_q = nullptr;
        std::size_t m_i = 0;
    };

    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    std::int64_t operator[](std::size_t i) const
    {
        const std::size_t p = m_head + i;
        return m_chunks[p / kChunk]->ids[p % kChunk];
    }
    std::int64_t front() const { return (*this)[0]; }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

    void push_back(std::int64_t id);
    // Removes the first `id` (nearly always the front: queues are FIFO); false if absent.
    bool erase(std::int64_t id);
    void clear();

    bool operator==(const IdQueue& o) const;
    // Heap bytes, shared chunks counted as a share (bytes / owners).
    std::size_t heapBytes() const;
    // Heap bytes a copy adds before either side writes: its chunk table.
    std::size_t copyBytes() const noexcept { return m_chunks.capacity() * sizeof(std::shared_ptr<Chunk>); }

private:
    static constexpr std::size_t kChunk = 64;
    struct Chunk
    {
        std::array<std::int64_t, kChunk> ids{};
    };
    std::int64_t& mutableAt(std::size_t i);
    void popFront();
    void popBack();

    std::vector<std::shared_ptr<Chunk>> m_chunks;
    std::size_t m_head = 0; // the front's slot in m_chunks[0] (< kChunk)
    std::size_t m_size = 0;
};

} // namespace poolscope::ui
