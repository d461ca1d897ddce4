#include "ui/model/gilstate.h"

namespace poolscope::ui {

namespace {

void request(const Event& e, WorkerTable& workers, TaskStore& tasks)
{
    WorkerRecord& w = workers.at(e.worker, e.tNs);
    if (!w.holdsGil) {
        w.state = WorkerState::GilWait;
        w.since = e.tNs;
    }
    const std::int64_t id = e.task >= 0 ? e.task : w.task;
    if (id >= 0) {
        TaskRecord& task = tasks.obtain(id, e.tNs);
        task.gilWaiting = true;
        task.tGilRequest = e.tNs;
    }
}

void acquire(const Event& e, WorkerTable& workers, TaskStore& tasks)
{
    const std::int64_t t = e.tNs;
    WorkerRecord& w = workers.at(e.worker, t);
    w.holdsGil = true;
    w.dropRequested = false;
    if (w.state == WorkerState::GilWait) {
        w.state = (w.task >= 0 || e.task >= 0) ? WorkerState::Running : WorkerState::Idle;
        w.since = t;
    }
    const std::int64_t id = e.task >= 0 ? e.task : w.task;
    if (id >= 0) {
        TaskRecord& task = tasks.obtain(id, t);
        if (task.gilWaiting) {
            task.gilWaitNs += task.tGilRequest != kNoTime ? t - task.tGilRequest : e.value;
            ++task.gilWaits;
        }
        task.gilWaiting = false;
        task.tGilRequest = kNoTime;
    }
}

} // namespace

void GilState::apply(const Event& e, WorkerTable& workers, TaskStore& tasks)
{
    seen = true;
    switch (e.kind) {
    case EventKind::GilRequest:
        if (e.worker == 0)
            callerWaiting = true;
        else
            request(e, workers, tasks);
        break;
    case EventKind::GilDropRequest:
        if (holder > 0) {
            if (WorkerRecord* w = workers.find(holder))
                w->dropRequested = true;
        } else if (holder == 0) {
            callerDropRequested = true;
        }
        break;
    case EventKind::GilAcquire:
        if (holder > 0 && holder != e.worker) {
            if (WorkerRecord* w = workers.find(holder))
                w->holdsGil = false;
        }
        holder = e.worker;
        if (e.worker == 0) {
            callerWaiting = false;
            callerDropRequested = false;
        } else {
            acquire(e, workers, tasks);
        }
        break;
    case EventKind::GilRelease:
        if (holder == e.worker)
            holder = kNobody;
        if (e.worker == 0) {
            callerDropRequested = false;
        } else {
            WorkerRecord& w = workers.at(e.worker, e.tNs);
            w.holdsGil = false;
            w.dropRequested = false;
        }
        break;
    default:
        break;
    }
}

} // namespace poolscope::ui
