#pragma once
// Time-bucketed metrics for the live charts: completions, queue depths, worker
// busy time and the submit -> done latency histogram. Plain struct, unit-tested;
// snapshot() produces what ChartsPanel::resetData() draws.

#include "core/events/event.h"

#include <QList>
#include <QPointF>
#include <QString>

#include <array>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace poolscope::ui {

// What the charts draw, for one time window. x values are seconds since the run began.
struct ChartSnapshot
{
    double xFrom = 0;
    double xTo = 0;
    QList<QPointF> completedPerS; // rolling over the last second
    QList<QPointF> workQueue;     // thread: work queue; process: work ids
    QList<QPointF> callQueue;     // process only
    QList<QPointF> pending;       // process only: pending work items
    QList<QPointF> busyPercent;   // all workers together
    double maxRate = 0;
    double maxDepth = 0;
    std::vector<std::int64_t> latencyCounts; // one per bin
    bool process = false;
};

// One chart axis: its range and where its ticks go. Integer-valued series
// (queue depths, counts) get ticks on whole numbers only, so a depth of 3 is
// never read off a tick labelled "3" that stands at 2.5; time axes get few,
// whole-second ticks so their labels fit a narrow chart without eliding.
struct AxisScale
{
    double min = 0;
    double max = 1;
    double tickInterval = 1; // between labelled ticks, from min
    int tickCount() const { return static_cast<int>(std::lround((max - min) / tickInterval)) + 1; }

    // 0..max for values up to `value` (at least `floor`), two intervals, whole numbers.
    static AxisScale integerValues(double value, double floor);
    // The time axis for a window of `windowS` seconds ending at `toS`: at most 4 labels,
    // whole seconds (anchored at 0, so they do not slide as the axis scrolls).
    static AxisScale time(double fromS, double toS);
    // The window the time axis shows `elapsedS` seconds into a run: grows in 5 s
    // steps up to `maxS`, then scrolls; 5 s before a run (and after Reset).
    static double timeWindow(double elapsedS, double maxS);
};

class MetricsSeries
{
public:
    static constexpr std::int64_t kBucketNs = 100'000'000; // 100 ms
    static constexpr int kRollingBuckets = 10;             // completed/s over the last second
    static constexpr int kLatencyBins = 7;

    void reset(int maxWorkers);
    void apply(const Event& e);

    std::int64_t t0() const noexcept { return m_t0; }
    std::size_t bucketCount() const noexcept { return m_buckets.size(); }
    int maxWorkers() const noexcept { return m_maxWorkers; }

    // Completions in the second ending with bucket `b` (inclusive).
    double completedPerSecond(std::size_t b) const;
    // Busy share of all workers in bucket `b`, 0..100; counts tasks still running at `now`. A task
    // is busy from TaskStart to TaskEnd, GIL waits included (it wants the CPU), except a mixed
    // task's I/O part (TaskPhase I/O to CPU): waiting on a socket keeps no core busy.
    double busyPercent(std::size_t b, std::int64_t now) const;
    const std::array<std::int64_t, kLatencyBins>& latencyHistogram() const noexcept { return m_latency; }
    static int latencyBin(std::int64_t ns);
    // Bins are decades; the label is the upper edge ("≤0.1 ms" ... "≤10 s", ">10 s").
    static QString latencyBinLabel(int bin);

    // The last `windowS` seconds up to `now` (ns), decimated to at most `maxPoints` per series.
    ChartSnapshot snapshot(std::int64_t now, double windowS, int maxPoints = 600) const;

private:
    struct Bucket
    {
        std::int32_t completed = 0;
        std::int64_t busyNs = 0;
        std::int32_t workQueue = 0; // max depth seen in the bucket
        std::int32_t callQueue = 0;
        std::int32_t pending = 0;
    };
    Bucket& bucketAt(std::int64_t t);
    void addBusy(std::int64_t from, std::int64_t to);
    std::size_t indexOf(std::int64_t t) const;

    int m_maxWorkers = 1;
    bool m_process = false;
    std::int64_t m_t0 = -1;
    std::vector<Bucket> m_buckets;
    std::int32_t m_workQueue = 0;
    std::int32_t m_callQueue = 0;
    std::int32_t m_pending = 0;
    std::unordered_map<std::int32_t, std::int64_t> m_running;   // worker -> start of its busy part
    std::unordered_set<std::int32_t> m_inIo;                    // workers in a task's I/O part
    std::unordered_map<std::int64_t, std::int64_t> m_submitted; // task -> submit time
    std::array<std::int64_t, kLatencyBins> m_latency{};
};

} // namespace poolscope::ui
