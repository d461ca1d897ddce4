#pragma once
// Per-worker timeline (Gantt) data and its time <-> x mapping. What each worker
// ran, when it waited for the GIL, which parts of a mixed task were its I/O, and by
// omission its idle gaps. Plain structs, unit-tested; GanttView only paints what these compute.

#include "core/events/event.h"

#include <QRectF>

#include <limits>
#include <unordered_map>
#include <vector>

namespace poolscope::ui {

struct TimelineSegment
{
    enum class Kind : std::uint8_t
    {
        Run,
        GilWait,
        IoPart
    };
    std::int64_t t0 = 0;
    std::int64_t t1 = 0; // == t0 while open; see TimelineLane::openRun
    std::int64_t task = -1;
    Kind kind = Kind::Run;
    bool raised = false;
};

struct TimelineLane
{
    std::int32_t worker = 0;
    bool process = false;
    std::vector<TimelineSegment> runs;     // sorted by t0, disjoint
    std::vector<TimelineSegment> gilWaits; // sorted by t0, disjoint
    // A mixed task's I/O parts (TaskPhase I/O to TaskPhase CPU), inside its run; the rest of the
    // run is its CPU part. Sorted by t0, disjoint.
    std::vector<TimelineSegment> ioParts;
    std::int64_t openRunStart = -1;
    std::int64_t openRunTask = -1;
    std::int64_t openGilStart = -1;
    std::int64_t openGilTask = -1;
    std::int64_t openIoStart = -1;
    std::int64_t openIoTask = -1;
    std::int64_t exitedAt = -1;
    std::int64_t busyNs = 0; // closed runs, less their I/O parts (what the busy chart counts)
};

class TimelineData
{
public:
    void reset();
    void apply(const Event& e);

    const std::vector<TimelineLane>& lanes() const noexcept { return m_lanes; }
    std::int64_t t0() const noexcept { return m_t0; }
    std::int64_t tLast() const noexcept { return m_tLast; }

private:
    TimelineLane& lane(std::int32_t worker, bool process);
    // Ends the open I/O part of `task` on `l` at `t` (a no-op when none is open).
    static void closeIo(TimelineLane& l, std::int64_t task, std::int64_t t);
    std::vector<TimelineLane> m_lanes;
    std::unordered_map<std::int32_t, std::size_t> m_index;
    std::int64_t m_t0 = -1;
    std::int64_t m_tLast = -1;
    bool m_process = false;
};

// A segment ready to paint: merged when neighbours are closer than a pixel.
struct DrawSegment
{
    double x0 = 0;
    double x1 = 0;
    std::int64_t task = -1; // -1 when several tasks were merged
    int merged = 1;
    bool raised = false;
    bool open = false; // still running at `now`
};

struct TimelineLayout
{
    std::int64_t viewStart = 0; // ns at x = left
    double nsPerPx = 1e6;
    double left = 0;  // first pixel of the time area (after lane labels)
    double width = 0; // pixels of the time area
    double top = 0;
    double laneHeight = 20;
    double laneGap = 4;

    double xOf(std::int64_t t) const { return left + static_cast<double>(t - viewStart) / nsPerPx; }
    std::int64_t tOf(double x) const { return viewStart + static_cast<std::int64_t>((x - left) * nsPerPx); }
    std::int64_t viewEnd() const { return tOf(left + width); }
    QRectF laneRect(int lane) const { return {left, top + lane * (laneHeight + laneGap), width, laneHeight}; }
    // Lane under y, or -1.
    int laneAt(double y) const;

    // Follow mode: the newest `now` sits at the right edge.
    static TimelineLayout follow(std::int64_t now, double nsPerPx, double left, double width);

    // Segments of `segs` overlapping the view, merged below one pixel. `openStart`
    // >= 0 adds the still-open segment up to `now`. `cut` (a replay cursor's time):
    // nothing that starts after it, and a segment running at it ends there, still
    // open (it has not ended yet at the cursor). Work is bounded by the visible
    // pixels, not by the number of segments.
    void visible(const std::vector<TimelineSegment>& segs, std::int64_t openStart, std::int64_t openTask,
                 std::int64_t now, std::vector<DrawSegment>& out,
                 std::int64_t cut = std::numeric_limits<std::int64_t>::max()) const;

    // Nice tick spacing (1-2-5 x 10^k ns) for about `pixels` per tick.
    std::int64_t tickNs(double pixels) const;
};

} // namespace poolscope::ui
