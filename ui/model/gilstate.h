#pragma once
// A scene's GIL (SceneState): who holds it and who asked for it, folded from the
// GIL model's events. A plain copyable value.

#include "ui/model/taskstore.h"
#include "ui/model/workertable.h"

namespace poolscope::ui {

struct GilState
{
    static constexpr std::int32_t kNobody = -1;
    // A thread index, 0 for the caller (the main thread is a Python thread too), or kNobody.
    std::int32_t holder = kNobody;
    bool callerWaiting = false;
    bool callerDropRequested = false;
    bool seen = false; // the workload runs under the GIL model at all

    // GilRequest, GilDropRequest, GilAcquire, GilRelease: also marks the workers'
    // boxes and the tasks' GIL waits.
    void apply(const Event& e, WorkerTable& workers, TaskStore& tasks);

    bool operator==(const GilState&) const = default;
};

} // namespace poolscope::ui
