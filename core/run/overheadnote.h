#pragma once
// When the tasks are so short that what the pool costs (start-up, queues, pipes, results) outweighs
// what it saves, the comparison says so with the overhead per task it measured: that is a lesson
// too. Shared by poolscope-cli compare and the window's compare view, so both say the same.

#include "core/run/scenario.h"

#include <string>

namespace poolscope {

struct OverheadEstimate
{
    double workMsPerTask = 0.0;     // serial wall time / tasks
    double overheadMsPerTask = 0.0; // (pool wall * parallel - serial wall) / tasks, >= 0
    int parallel = 1;               // how many tasks can really run at once
};

// `pooled` is the scenario as the pool ran it (pool, workers, gil). parallel is min(workers, tasks),
// capped at the cores for CPU-bound work and at 1 for CPU-bound Python under the GIL (the GIL, not
// overhead, is what limits those threads), and for mixed work at cores x (1 + io_ms / cpu_ms).
OverheadEstimate estimateOverhead(const Scenario& pooled, double serialWallS, double poolWallS,
                                  unsigned cores);

// "(process pool overhead ~0.8 ms/task outweighs 0.3 ms of work a task: ...)" when the overhead per
// task is larger than the work per task ("is close to" from half of it on), else "".
std::string overheadNote(const Scenario& pooled, double serialWallS, double poolWallS, unsigned cores);

} // namespace poolscope
