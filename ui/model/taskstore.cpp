#include "ui/model/taskstore.h"

namespace poolscope::ui {

const TaskRecord* TaskStore::find(std::int64_t id) const
{
    if (!m_index)
        return nullptr;
    const auto it = m_index->byId.find(id);
    return it == m_index->byId.end() || it->second >= m_count ? nullptr : &at(it->second);
}

TaskRecord* TaskStore::findMutable(std::int64_t id)
{
    if (!m_index)
        return nullptr;
    const auto it = m_index->byId.find(id);
    return it == m_index->byId.end() || it->second >= m_count ? nullptr : &atMutable(it->second);
}

TaskRecord& TaskStore::atMutable(std::size_t index)
{
    std::shared_ptr<Chunk>& c = m_chunks[index / kChunk];
    if (c.use_count() > 1)
        c = std::make_shared<Chunk>(*c);
    return c->tasks[index % kChunk];
}

TaskRecord& TaskStore::obtain(std::int64_t id, std::int64_t t)
{
    if (TaskRecord* found = findMutable(id))
        return *found;
    const auto index = static_cast<std::int64_t>(m_count);
    TaskRecord& r = insert(id);
    r.id = id;
    r.index = index;
    r.tSubmit = t;
    return r;
}

TaskRecord& TaskStore::insert(std::int64_t id)
{
    if (!m_index)
        m_index = std::make_shared<Index>();
    if (m_index->order.size() > m_count && m_index->order[m_count] != id) {
        // A copy that left the shared history: its own map, as long as its prefix.
        auto own = std::make_shared<Index>();
        own->order.assign(m_index->order.begin(),
                          m_index->order.begin() + static_cast<std::ptrdiff_t>(m_count));
        for (std::size_t i = 0; i < m_count; ++i)
            own->byId.emplace(own->order[i], i);
        m_index = std::move(own);
    }
    if (m_index->order.size() == m_count) {
        m_index->order.push_back(id);
        m_index->byId.emplace(id, m_count);
    } // else: the shared map already holds this id at this index (a replay of the same events)
    if (m_count / kChunk == m_chunks.size())
        m_chunks.push_back(std::make_shared<Chunk>());
    TaskRecord& r = atMutable(m_count);
    r = TaskRecord();
    ++m_count;
    return r;
}

bool TaskStore::operator==(const TaskStore& o) const
{
    if (m_count != o.m_count)
        return false;
    for (std::size_t i = 0; i < m_count; ++i)
        if (!(at(i) == o.at(i)))
            return false;
    return true;
}

std::size_t TaskStore::heapBytes() const
{
    std::size_t n = m_chunks.capacity() * sizeof(std::shared_ptr<Chunk>);
    for (const auto& c : m_chunks) {
        std::size_t bytes = sizeof(Chunk);
        for (const TaskRecord& t : c->tasks)
            bytes += (t.outcomeType.capacity() > 15 ? t.outcomeType.capacity() : 0) +
                     (t.outcomeText.capacity() > 15 ? t.outcomeText.capacity() : 0);
        n += bytes / static_cast<std::size_t>(c.use_count());
    }
    if (m_index) // node + bucket per entry, and the order vector
        n += (m_index->byId.size() * 40 + m_index->order.capacity() * 8) /
             static_cast<std::size_t>(m_index.use_count());
    return n;
}

} // namespace poolscope::ui
