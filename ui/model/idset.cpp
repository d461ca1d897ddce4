#include "ui/model/idset.h"

#include <algorithm>

namespace poolscope::ui {

std::size_t IdSet::chunkFor(std::int64_t id) const
{
    const auto it =
        std::partition_point(m_chunks.begin(), m_chunks.end(),
                             [id](const std::shared_ptr<Chunk>& c) { return c->ids.back() < id; });
    return static_cast<std::size_t>(it - m_chunks.begin());
}

IdSet::Chunk& IdSet::mutableChunk(std::size_t j)
{
    std::shared_ptr<Chunk>& c = m_chunks[j];
    if (c.use_count() > 1)
        c = std::make_shared<Chunk>(*c);
    return *c;
}

bool IdSet::contains(std::int64_t id) const
{
    const std::size_t j = chunkFor(id);
    return j < m_chunks.size() && std::binary_search(m_chunks[j]->ids.begin(), m_chunks[j]->ids.end(), id);
}

bool IdSet::insert(std::int64_t id)
{
    if (m_chunks.empty()) {
        m_chunks.push_back(std::make_shared<Chunk>(Chunk{{id}}));
        m_size = 1;
        return true;
    }
    // Past the last id: the last chunk takes it.
    const std::size_t j = std::min(chunkFor(id), m_chunks.size() - 1);
    const std::vector<std::int64_t>& ids = m_chunks[j]->ids;
    const auto at = std::lower_bound(ids.begin(), ids.end(), id);
    if (at != ids.end() && *at == id)
        return false;
    const auto offset = at - ids.begin();
    Chunk& c = mutableChunk(j);
    c.ids.insert(c.ids.begin() + offset, id);
    ++m_size;
    if (c.ids.size() > kMax) {
        // Split in halves, so appending in order leaves chunks half full at worst.
        auto upper = std::make_shared<Chunk>();
        const auto mid = c.ids.begin() + static_cast<std::ptrdiff_t>(kMax / 2);
        upper->ids.assign(mid, c.ids.end());
        c.ids.erase(mid, c.ids.end());
        m_chunks.insert(m_chunks.begin() + static_cast<std::ptrdiff_t>(j) + 1, std::move(upper));
    }
    return true;
}

bool IdSet::erase(std::int64_t id)
{
    const std::size_t j = chunkFor(id);
    if (j == m_chunks.size())
        return false;
    const std::vector<std::int64_t>& ids = m_chunks[j]->ids;
    const auto at = std::lower_bound(ids.begin(), ids.end(), id);
    if (at == ids.end() || *at != id)
        return false;
    --m_size;
    if (ids.size() == 1) {
        m_chunks.erase(m_chunks.begin() + static_cast<std::ptrdiff_t>(j));
        return true;
    }
    const auto offset = at - ids.begin();
    Chunk& c = mutableChunk(j);
    c.ids.erase(c.ids.begin() + offset);
    return true;
}

void IdSet::clear()
{
    m_chunks.clear();
    m_size = 0;
}

bool IdSet::operator==(const IdSet& o) const
{
    return m_size == o.m_size && std::equal(begin(), end(), o.begin());
}

std::size_t IdSet::heapBytes() const
{
    std::size_t n = copyBytes();
    for (const auto& c : m_chunks)
        n += (sizeof(Chunk) + c->ids.capacity() * sizeof(std::int64_t)) /
             static_cast<std::size_t>(c.use_count());
    return n;
}

} // namespace poolscope::ui
