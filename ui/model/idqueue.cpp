#include "ui/model/idqueue.h"

namespace poolscope::ui {

std::int64_t& IdQueue::mutableAt(std::size_t i)
{
    const std::size_t p = m_head + i;
    std::shared_ptr<Chunk>& c = m_chunks[p / kChunk];
    if (c.use_count() > 1)
        c = std::make_shared<Chunk>(*c);
    return c->ids[p % kChunk];
}

void IdQueue::push_back(std::int64_t id)
{
    if ((m_head + m_size) / kChunk == m_chunks.size())
        m_chunks.push_back(std::make_shared<Chunk>());
    mutableAt(m_size) = id;
    ++m_size;
}

void IdQueue::popFront()
{
    --m_size;
    if (m_size == 0) {
        clear();
        return;
    }
    if (++m_head == kChunk) {
        // A chunk table of n / 64 pointers moves once per 64 pops.
        m_chunks.erase(m_chunks.begin());
        m_head = 0;
    }
}

void IdQueue::popBack()
{
    --m_size;
    if (m_size == 0) {
        clear();
        return;
    }
    const std::size_t needed = (m_head + m_size + kChunk - 1) / kChunk;
    if (m_chunks.size() > needed)
        m_chunks.pop_back();
}

bool IdQueue::erase(std::int64_t id)
{
    std::size_t i = 0;
    while (i < m_size && (*this)[i] != id)
        ++i;
    if (i == m_size)
        return false;
    // Close the gap from the nearer end: only the chunks on that side are written.
    if (i < m_size / 2) {
        for (std::size_t j = i; j > 0; --j)
            mutableAt(j) = (*this)[j - 1];
        popFront();
    } else {
        for (std::size_t j = i; j + 1 < m_size; ++j)
            mutableAt(j) = (*this)[j + 1];
        popBack();
    }
    return true;
}

void IdQueue::clear()
{
    m_chunks.clear();
    m_head = 0;
    m_size = 0;
}

bool IdQueue::operator==(const IdQueue& o) const
{
    if (m_size != o.m_size)
        return false;
    for (std::size_t i = 0; i < m_size; ++i)
        if ((*this)[i] != o[i])
            return false;
    return true;
}

std::size_t IdQueue::heapBytes() const
{
    std::size_t n = copyBytes();
    for (const auto& c : m_chunks)
        n += sizeof(Chunk) / static_cast<std::size_t>(c.use_count());
    return n;
}

} // namespace poolscope::ui
