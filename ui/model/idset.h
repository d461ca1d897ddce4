#pragma once
// A scene's ordered sets of task ids (SceneState), shared between copies: see IdSet.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

namespace poolscope::ui {

// Ids in ascending order, kept in sorted chunks of at most 128 that copies share
// until one of them writes (copy on write): a copy (a replay keyframe) costs a
// pointer per chunk. Ids mostly arrive in increasing order and leave from the
// front (the pending work items of a process pool), so a chunk fills at the back
// and empties at the front.
class IdSet
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
        const_iterator(const IdSet* s, std::size_t chunk, std::size_t i) : m_s(s), m_chunk(chunk), m_i(i) {}
        std::int64_t operator*() const { return m_s->m_chunks[m_chunk]->ids[m_i]; }
        const_iterator& operator++()
        {
            if (++m_i == m_s->m_chunks[m_chunk]->ids.size()) {
                ++m_chunk;
                m_i = 0;
            }
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator old = *this;
            ++*this;
            return old;
        }
        bool operator==(const const_iterator& o) const { return m_chunk == o.m_chunk && m_i == o.m_i; }

    private:
        const IdSet* m_s = nullptr;
        std::size_t m_chunk = 0;
        std::size_t m_i = 0;
    };

    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    bool contains(std::int64_t id) const;
    const_iterator begin() const { return {this, 0, 0}; }
    const_iterator end() const { return {this, m_chunks.size(), 0}; }

    // False if `id` was already in / was not in the set.
    bool insert(std::int64_t id);
    bool erase(std::int64_t id);
    void clear();

    bool operator==(const IdSet& o) const;
    // Heap bytes, shared chunks counted as a share (bytes / owners).
    std::size_t heapBytes() const;
    // Heap bytes a copy adds before either side writes: its chunk table.
    std::size_t copyBytes() const noexcept { return m_chunks.capacity() * sizeof(std::shared_ptr<Chunk>); }

private:
    static constexpr std::size_t kMax = 128;
    struct Chunk
    {
        std::vector<std::int64_t> ids; // sorted, never empty
    };
    // The first chunk whose last id is >= id (m_chunks.size() if none).
    std::size_t chunkFor(std::int64_t id) const;
    Chunk& mutableChunk(std::size_t j);

    std::vector<std::shared_ptr<Chunk>> m_chunks; // ascending, disjoint
    std::size_t m_size = 0;
};

} // namespace poolscope::ui
