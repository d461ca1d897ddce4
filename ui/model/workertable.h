#pragma once
// A scene's worker boxes (SceneState): one record per pool thread or worker
// process, in the slot the diagram draws it in. A plain copyable value.

#include "ui/model/viewmodel.h"

#include <unordered_map>
#include <vector>

namespace poolscope::ui {

class WorkerTable
{
public:
    // A process pool keeps `boxes` slots: a process that replaces an exited one
    // (max_tasks_per_child, a restart) takes its place. 0: slots only grow (threads).
    void setBoxes(int boxes) noexcept { m_boxes = boxes; }

    const std::vector<WorkerRecord>& records() const noexcept { return m_workers; }
    // The slot of worker `id`, or -1.
    int slot(std::int32_t id) const;
    // The record of worker `id`, or nullptr if it was not seen yet.
    WorkerRecord* find(std::int32_t id);
    // The record of worker `id`, made at its slot when first seen.
    WorkerRecord& at(std::int32_t id, std::int64_t t);
    // Workers running a task or waiting for the GIL to run one.
    std::int64_t running() const;

    // ThreadSpawn, ProcessSpawn, IdleRelease, ThreadExit, ProcessExit.
    void applyLifecycle(const Event& e);
    // Worker `id` is no longer busy with `task` (it ended, or was cancelled there).
    void release(std::int32_t id, std::int64_t task, std::int64_t t);

    bool operator==(const WorkerTable&) const = default;
    std::size_t heapBytes() const noexcept
    {
        return m_workers.capacity() * sizeof(WorkerRecord) + m_slots.size() * 32;
    }

private:
    int m_boxes = 0;
    std::vector<WorkerRecord> m_workers;
    std::unordered_map<std::int32_t, int> m_slots;
};

} // namespace poolscope::ui
