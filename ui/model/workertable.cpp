#include "ui/model/workertable.h"

namespace poolscope::ui {

int WorkerTable::slot(std::int32_t id) const
{
    const auto it = m_slots.find(id);
    return it == m_slots.end() ? -1 : it->second;
}

WorkerRecord* WorkerTable::find(std::int32_t id)
{
    const int s = slot(id);
    return s < 0 ? nullptr : &m_workers[static_cast<std::size_t>(s)];
}

WorkerRecord& WorkerTable::at(std::int32_t id, std::int64_t t)
{
    const auto it = m_slots.find(id);
    if (it != m_slots.end())
        return m_workers[static_cast<std::size_t>(it->second)];
    // A process that replaces an exited one takes its place in the diagram,
    // so the picture keeps max_workers boxes (max_tasks_per_child, restarts).
    int slot = -1;
    if (m_boxes > 0 && static_cast<int>(m_workers.size()) >= m_boxes) {
        for (std::size_t i = 0; i < m_workers.size(); ++i) {
            if (m_workers[i].state == WorkerState::Exited || m_workers[i].state == WorkerState::Killed) {
                m_slots.erase(m_workers[i].id);
                slot = static_cast<int>(i);
                break;
            }
        }
    }
    WorkerRecord w;
    w.id = id;
    w.since = t;
    if (slot < 0) {
        // Thread indexes are 1-based and dense: keep the slot equal to index-1 when we can.
        slot = static_cast<int>(m_workers.size());
        m_workers.push_back(w);
    } else {
        m_workers[static_cast<std::size_t>(slot)] = w;
    }
    m_slots[id] = slot;
    return m_workers[static_cast<std::size_t>(slot)];
}

std::int64_t WorkerTable::running() const
{
    std::int64_t n = 0;
    for (const auto& w : m_workers)
        n += (w.state == WorkerState::Running || w.state == WorkerState::GilWait) ? 1 : 0;
    return n;
}

void WorkerTable::release(std::int32_t id, std::int64_t task, std::int64_t t)
{
    WorkerRecord& w = at(id, t);
    if (w.task == task) {
        w.state = WorkerState::Idle;
        w.task = -1;
        w.since = t;
    }
}

void WorkerTable::applyLifecycle(const Event& e)
{
    const std::int64_t t = e.tNs;
    WorkerRecord& w = at(e.worker, t);
    switch (e.kind) {
    case EventKind::ThreadSpawn:
    case EventKind::ProcessSpawn:
        if (w.state == WorkerState::Starting)
            w.since = t;
        break;
    case EventKind::IdleRelease:
        w.state = WorkerState::Idle;
        w.task = -1;
        w.since = t;
        break;
    case EventKind::ThreadExit:
        w.state = WorkerState::Exited;
        w.task = -1;
        w.since = t;
        w.holdsGil = false;
        break;
    case EventKind::ProcessExit: {
        const auto reason = static_cast<ExitReason>(e.value);
        w.state = (reason == ExitReason::Crashed || reason == ExitReason::Terminated) ? WorkerState::Killed
                                                                                      : WorkerState::Exited;
        w.exitReason = e.value;
        w.exitCode = e.value2;
        w.since = t;
        break;
    }
    default:
        break;
    }
}

} // namespace poolscope::ui
