#pragma once
// When the tasks are so short that what the pool costs (start-up, queues, pipes, results) outweighs
// what it saves, the comparison says so with the overhead per task it measured: that is a lesson
// too. Shared by poolscope-cli compare and the window's compare view, so both say the same.

#include "core/run/scenario.h"

#include <cstdint>
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

// "(process pool overhead ~800 µs/task outweighs 300 µs of work a task: ...)" when the overhead per
// task is larger than the work per task ("is close to" from half of it on), else "".
std::string overheadNote(const Scenario& pooled, double serialWallS, double poolWallS, unsigned cores);

struct RunMeasures;

// Whether other programs took the cores a comparison of CPU-bound work needs (the lesson then is the
// machine's, not the pools'): the serial loop kept less than kBusySerialCores of a core busy, or the
// pool's tasks, which compute all the time they run, had the CPU for less than kBusyTaskCpuShare of
// it (the run's CPU time over its tasks' running time). Neither is asked of threads under the GIL
// (their turns are not the machine's), of work that waits, or of less than kBusyJudgedS of time (the
// CPU time of a run of a few milliseconds is mostly start-up and noise: 200 noops read 1.40 cores).
inline constexpr double kBusySerialCores = 0.8;
inline constexpr double kBusyTaskCpuShare = 0.75;
inline constexpr double kBusyJudgedS = 0.05;

struct BusyMachine
{
    bool busy = false;
    double serialCores = 0.0;  // the serial loop's CPU utilization
    double taskCpuShare = 0.0; // the pool run's CPU time / its tasks' running time, 0 when unknown
};
BusyMachine busyMachine(const Scenario& pooled, const RunMeasures& serial, const RunMeasures& pool);

// A duration given in ms, in the unit that reads best, as a number and its unit: two significant digits
// below 10 of a unit, none after the point above ("300" µs, "4.1" ms, "110" ms, "1.25" s; tasks of a few
// microseconds are common: noops, short spins). The window words the unit in its language.
struct DurationParts
{
    enum class Unit : std::uint8_t
    {
        Us,
        Ms,
        S
    };
    std::string number;
    Unit unit = Unit::Us;
};
DurationParts durationParts(double ms);
// durationParts() in English: "300 µs", "4.1 ms", "1.25 s".
std::string durationText(double ms);

// "(other programs were using the cores: ...)" when busyMachine() says so, else "". When it is said,
// the overhead note is not: the overhead it would state is the wait for the cores.
std::string busyMachineNote(const Scenario& pooled, const RunMeasures& serial, const RunMeasures& pool);

} // namespace poolscope
