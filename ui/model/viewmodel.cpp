#include "ui/model/viewmodel.h"

namespace poolscope::ui {

std::vector<Stage> taskStages(const TaskRecord& t, PoolKind pool)
{
    std::vector<Stage> out;
    auto add = [&out](Stage::Id id, std::int64_t a, std::int64_t b, std::int64_t bytes = -1,
                      std::int32_t worker = 0) {
        if (a == kNoTime)
            return;
        Stage s;
        s.id = id;
        s.start = a;
        s.end = b;
        s.bytes = bytes;
        s.worker = worker;
        out.push_back(s);
    };
    auto firstOf = [](std::initializer_list<std::int64_t> ts) {
        for (std::int64_t v : ts)
            if (v != kNoTime)
                return v;
        return kNoTime;
    };
    if (pool == PoolKind::Thread) {
        add(Stage::Id::Queued, firstOf({t.tQueued, t.tSubmit}),
            firstOf({t.tDequeued, t.tStart, t.tResolved}));
        add(Stage::Id::Running, t.tStart, firstOf({t.tEnd, t.tResolved}), -1, t.worker);
    } else {
        // queued: submit -> manager took the id; waiting for a slot: -> call queue put.
        add(Stage::Id::Queued, t.tSubmit, firstOf({t.tDequeued, t.tCallQueue, t.tResolved}));
        add(Stage::Id::WaitSlot, t.tDequeued, firstOf({t.tCallQueue, t.tResolved}));
        add(Stage::Id::CallPipe, t.tCallQueue, firstOf({t.tWorkerGet, t.tStart, t.tResolved}), t.callBytes);
        // A worker killed mid-task never reports TaskEnd: its task ran until the future resolved.
        add(Stage::Id::Running, firstOf({t.tStart, t.tWorkerGet}), firstOf({t.tEnd, t.tResolved}), -1,
            t.worker);
    }
    if (t.hasParts && !out.empty() && out.back().id == Stage::Id::Running) {
        Stage& run = out.back();
        run.hasParts = true;
        run.ioNs = t.ioNs;
        run.cpuNs = t.cpuNs;
        run.openPart = t.openPart;
        run.partStart = t.tPart;
    }
    if (t.gilWaits > 0 || t.gilWaiting) {
        // One row for all GIL waits of the task: their count and total time;
        // an open wait shows from its request on.
        Stage s;
        s.id = Stage::Id::GilWait;
        s.count = t.gilWaits + (t.gilWaiting ? 1 : 0);
        s.worker = t.worker;
        s.start = t.gilWaiting ? t.tGilRequest : firstOf({t.tStart, t.tWorkerGet, t.tSubmit});
        s.end = t.gilWaiting ? kNoTime : s.start + t.gilWaitNs;
        out.push_back(s);
    }
    if (pool == PoolKind::Process)
        add(Stage::Id::ResultPipe, t.tResultSerialized, firstOf({t.tResultRead, t.tResolved}), t.resultBytes);
    if (t.tResolved != kNoTime) {
        Stage s;
        s.id = Stage::Id::Resolved;
        s.start = t.tResolved;
        s.end = t.tResolved;
        out.push_back(s);
    }
    return out;
}

} // namespace poolscope::ui
