#include "core/run/overheadnote.h"

#include "core/run/runmeasures.h"

#include <algorithm>
#include <cstdio>

namespace poolscope {

namespace {

// CPU-bound Python the GIL serializes: every CPU workload but hashlib over 2048 bytes or more,
// which releases the GIL (HASHLIB_GIL_MINSIZE).
bool serializedByGil(const Scenario& s)
{
    if (s.pool != "thread" || !s.gil || !workloadIsCpuBound(s.workload.name))
        return false;
    const std::int64_t bytes = s.workload.bytes >= 0 ? s.workload.bytes : WorkloadDefaults::hashBytes;
    return !(s.workload.name == "hash" && bytes >= 2048);
}

} // namespace

OverheadEstimate estimateOverhead(const Scenario& pooled, double serialWallS, double poolWallS,
                                  unsigned cores)
{
    OverheadEstimate e;
    if (pooled.tasks <= 0)
        return e;
    const auto tasks = static_cast<double>(pooled.tasks);
    std::int64_t parallel = std::min<std::int64_t>(pooled.workers, pooled.tasks);
    if (workloadIsCpuBound(pooled.workload.name) && cores > 0)
        parallel = std::min<std::int64_t>(parallel, cores);
    if (serializedByGil(pooled))
        parallel = 1;
    // Mixed work saturates the CPU at cores x (1 + I/O / CPU) tasks at once (one core under the GIL).
    const WorkloadSpec& w = pooled.workload;
    if (w.name == "mixed" && w.cpuMs > 0 && cores > 0) {
        const double gilCores = pooled.pool == "thread" && pooled.gil ? 1.0 : static_cast<double>(cores);
        parallel =
            std::min<std::int64_t>(parallel, static_cast<std::int64_t>(gilCores * (1.0 + w.ioMs / w.cpuMs)));
    }
    e.parallel = static_cast<int>(std::max<std::int64_t>(parallel, 1));
    e.workMsPerTask = serialWallS * 1e3 / tasks;
    e.overheadMsPerTask = std::max(0.0, (poolWallS * e.parallel - serialWallS) * 1e3 / tasks);
    return e;
}

DurationParts durationParts(double ms)
{
    const double v = std::max(0.0, ms);
    const auto number = [](double x, const char* format) {
        char buf[32];
        std::snprintf(buf, sizeof buf, format, x);
        return std::string(buf);
    };
    // The thresholds sit where rounding would print "1000" of the smaller unit.
    if (v >= 999.5)
        return {number(v / 1e3, v < 9995 ? "%.2f" : "%.1f"), DurationParts::Unit::S};
    if (v >= 0.9995)
        return {number(v, v < 9.95 ? "%.1f" : "%.0f"), DurationParts::Unit::Ms};
    return {number(v * 1e3, v * 1e3 < 9.95 ? "%.1f" : "%.0f"), DurationParts::Unit::Us};
}

std::string durationText(double ms)
{
    const DurationParts d = durationParts(ms);
    return d.number + (d.unit == DurationParts::Unit::S    ? " s"
                       : d.unit == DurationParts::Unit::Ms ? " ms"
                                                           : " \u00b5s");
}

std::string overheadNote(const Scenario& pooled, double serialWallS, double poolWallS, unsigned cores)
{
    const OverheadEstimate e = estimateOverhead(pooled, serialWallS, poolWallS, cores);
    // At half the work the pool already loses a third of what its parallelism could give.
    if (pooled.pool == "serial" || e.workMsPerTask <= 0 || e.overheadMsPerTask < 0.5 * e.workMsPerTask)
        return {};
    const std::string pool = pooled.pool == "process" ? "process pool" : "thread pool";
    const bool more = e.overheadMsPerTask > e.workMsPerTask;
    return "(" + pool + " overhead ~" + durationText(e.overheadMsPerTask) + "/task " +
           (more ? "outweighs " : "is close to ") + durationText(e.workMsPerTask) +
           " of work a task: start-up, queues and results cost " +
           (more ? "more than" : "nearly as much as") +
           " the tasks; longer tasks (workload target_ms) or map() with a chunksize amortize it)";
}

BusyMachine busyMachine(const Scenario& pooled, const RunMeasures& serial, const RunMeasures& pool)
{
    BusyMachine b;
    if (!workloadIsCpuBound(pooled.workload.name) || serializedByGil(pooled) || pooled.pool == "serial")
        return b;
    b.serialCores = serial.cpuUtilization;
    if (pool.runningTotalS > 0)
        b.taskCpuShare = pool.cpuUtilization * pool.wallS / pool.runningTotalS;
    b.busy = (serial.wallS >= kBusyJudgedS && b.serialCores < kBusySerialCores) ||
             (pool.runningTotalS >= kBusyJudgedS && b.taskCpuShare < kBusyTaskCpuShare);
    return b;
}

std::string busyMachineNote(const Scenario& pooled, const RunMeasures& serial, const RunMeasures& pool)
{
    const BusyMachine b = busyMachine(pooled, serial, pool);
    if (!b.busy)
        return {};
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "(other programs were using the cores: the serial loop kept %.2f of a core busy, the %s "
                  "pool's tasks had the CPU %.0f%% of the time they ran; these times are the machine's, not "
                  "the pools': compare again when it is idle)",
                  b.serialCores, pooled.pool == "process" ? "process" : "thread", b.taskCpuShare * 100);
    return buf;
}

} // namespace poolscope
