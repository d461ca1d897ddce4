#pragma once
// A scene's task records (SceneState), shared between copies: see TaskStore.

#include "ui/model/viewmodel.h"

#include <array>
#include <memory>
#include <span>
#include <unordered_map>

namespace poolscope::ui {

// Task records in submission order, kept in chunks that copies share until one
// of them writes (copy on write): a copy of the scene (a replay keyframe) costs a
// pointer per chunk, and finished tasks, which never change again, stay shared.
// The id -> index map is shared too: every copy sees only its first size() entries.
class TaskStore
{
public:
    const TaskRecord* find(std::int64_t id) const;
    TaskRecord* findMutable(std::int64_t id);
    // A new record at index size() (the id must not be in the store yet).
    TaskRecord& insert(std::int64_t id);
    // The record of `id`; first seen, a new one submitted at `t`.
    TaskRecord& obtain(std::int64_t id, std::int64_t t);
    std::size_t size() const noexcept { return m_count; }
    const TaskRecord& at(std::size_t index) const { return m_chunks[index / kChunk]->tasks[index % kChunk]; }
    TaskRecord& atMutable(std::size_t index);
    std::span<const std::int64_t> order() const noexcept
    {
        return m_index ? std::span<const std::int64_t>(m_index->order.data(), m_count)
                       : std::span<const std::int64_t>();
    }
    bool operator==(const TaskStore& o) const;
    // Heap bytes, shared chunks counted as a share (bytes / owners).
    std::size_t heapBytes() const;
    // Heap bytes a copy adds before either side writes: its chunk table.
    std::size_t copyBytes() const noexcept { return m_chunks.capacity() * sizeof(std::shared_ptr<Chunk>); }

private:
    static constexpr std::size_t kChunk = 64;
    struct Chunk
    {
        std::array<TaskRecord, kChunk> tasks;
    };
    struct Index
    {
        std::unordered_map<std::int64_t, std::size_t> byId;
        std::vector<std::int64_t> order;
    };
    std::vector<std::shared_ptr<Chunk>> m_chunks;
    std::shared_ptr<Index> m_index;
    std::size_t m_count = 0;
};

} // namespace poolscope::ui
