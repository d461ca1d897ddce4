#include "ui/model/timelinedata.h"

#include <algorithm>
#include <cmath>

namespace poolscope::ui {

void TimelineData::reset()
{
    *this = TimelineData();
}

TimelineLane& TimelineData::lane(std::int32_t worker, bool process)
{
    const auto it = m_index.find(worker);
    if (it != m_index.end())
        return m_lanes[it->second];
    TimelineLane l;
    l.worker = worker;
    l.process = process;
    // Threads are numbered 1..n: keep them in that order even if events interleave.
    std::size_t pos = m_lanes.size();
    if (!process) {
        pos = 0;
        while (pos < m_lanes.size() && !m_lanes[pos].process && m_lanes[pos].worker < worker)
            ++pos;
    }
    m_lanes.insert(m_lanes.begin() + static_cast<std::ptrdiff_t>(pos), l);
    m_index.clear();
    for (std::size_t i = 0; i < m_lanes.size(); ++i)
        m_index[m_lanes[i].worker] = i;
    return m_lanes[pos];
}

namespace {
void insertSorted(std::vector<TimelineSegment>& v, const TimelineSegment& s)
{
    // Almost always appended at the end; late events land in place.
    if (v.empty() || v.back().t0 <= s.t0) {
        v.push_back(s);
        return;
    }
    const auto it = std::upper_bound(v.begin(), v.end(), s.t0,
                                     [](std::int64_t t, const TimelineSegment& x) { return t < x.t0; });
    v.insert(it, s);
}
} // namespace

void TimelineData::closeIo(TimelineLane& l, std::int64_t task, std::int64_t t)
{
    if (l.openIoStart < 0 || l.openIoTask != task)
        return;
    TimelineSegment s;
    s.kind = TimelineSegment::Kind::IoPart;
    s.t0 = l.openIoStart;
    s.t1 = t;
    s.task = task;
    if (s.t1 > s.t0) {
        insertSorted(l.ioParts, s);
        l.busyNs -= s.t1 - s.t0; // added back with the whole run at its TaskEnd
    }
    l.openIoStart = -1;
    l.openIoTask = -1;
}

void TimelineData::apply(const Event& e)
{
    if (m_t0 < 0 || e.tNs < m_t0)
        m_t0 = e.tNs;
    m_tLast = std::max(m_tLast, e.tNs);
    switch (e.kind) {
    case EventKind::ExecutorCreated:
        m_process = e.value2 == 1;
        break;
    case EventKind::ThreadSpawn:
        lane(e.worker, false);
        break;
    case EventKind::ProcessSpawn:
        lane(e.worker, true);
        break;
    case EventKind::TaskStart: {
        if (e.worker == 0)
            break;
        TimelineLane& l = lane(e.worker, m_process);
        l.openRunStart = e.tNs;
        l.openRunTask = e.task;
        l.openIoStart = -1; // an I/O part left open by a task that never ended
        l.openIoTask = -1;
        break;
    }
    case EventKind::TaskPhase: {
        if (e.worker == 0)
            break;
        TimelineLane& l = lane(e.worker, m_process);
        if (e.value == static_cast<std::int64_t>(TaskPart::Io)) {
            closeIo(l, l.openIoTask, e.tNs);
            l.openIoStart = e.tNs;
            l.openIoTask = e.task;
        } else {
            closeIo(l, e.task, e.tNs);
        }
        break;
    }
    case EventKind::TaskEnd: {
        if (e.worker == 0)
            break;
        TimelineLane& l = lane(e.worker, m_process);
        closeIo(l, e.task, e.tNs); // a task that raised in its I/O part
        TimelineSegment s;
        s.t0 = (l.openRunStart >= 0 && l.openRunTask == e.task) ? l.openRunStart : e.tNs - e.value;
        s.t1 = e.tNs;
        s.task = e.task;
        s.raised = e.value2 != 0;
        insertSorted(l.runs, s);
        l.busyNs += s.t1 - s.t0;
        if (l.openRunTask == e.task) {
            l.openRunStart = -1;
            l.openRunTask = -1;
        }
        break;
    }
    case EventKind::GilRequest: {
        TimelineLane& l = lane(e.worker, m_process);
        l.openGilStart = e.tNs;
        l.openGilTask = e.task;
        break;
    }
    case EventKind::GilAcquire: {
        TimelineLane& l = lane(e.worker, m_process);
        if (l.openGilStart >= 0) {
            TimelineSegment s;
            s.kind = TimelineSegment::Kind::GilWait;
            s.t0 = l.openGilStart;
            s.t1 = e.tNs;
            s.task = l.openGilTask;
            if (s.t1 > s.t0)
                insertSorted(l.gilWaits, s);
        }
        l.openGilStart = -1;
        l.openGilTask = -1;
        break;
    }
    case EventKind::ThreadExit:
    case EventKind::ProcessExit: {
        if (m_index.count(e.worker))
            lane(e.worker, e.kind == EventKind::ProcessExit).exitedAt = e.tNs;
        break;
    }
    default:
        break;
    }
}

int TimelineLayout::laneAt(double y) const
{
    if (y < top)
        return -1;
    const int i = static_cast<int>((y - top) / (laneHeight + laneGap));
    return (y - top) - i * (laneHeight + laneGap) <= laneHeight ? i : -1;
}

TimelineLayout TimelineLayout::follow(std::int64_t now, double nsPerPx, double left, double width)
{
    TimelineLayout l;
    l.nsPerPx = nsPerPx;
    l.left = left;
    l.width = width;
    l.viewStart = now - static_cast<std::int64_t>(width * nsPerPx);
    return l;
}

void TimelineLayout::visible(const std::vector<TimelineSegment>& segs, std::int64_t openStart,
                             std::int64_t openTask, std::int64_t now, std::vector<DrawSegment>& out,
                             std::int64_t cut) const
{
    const std::int64_t from = viewStart;
    const std::int64_t to = std::min(viewEnd(), cut);
    // Segments are disjoint and sorted by t0, so t1 is sorted too.
    auto it = std::lower_bound(segs.begin(), segs.end(), from,
                               [](const TimelineSegment& s, std::int64_t t) { return s.t1 < t; });
    const double minX = left;
    const double maxX = left + width;
    const std::size_t first = out.size();
    auto push = [&](double x0, double x1, std::int64_t task, bool raised, bool open) {
        x0 = std::max(x0, minX);
        x1 = std::min(x1, maxX);
        if (x1 < x0)
            return;
        // A task a pixel or more wide keeps its own bar (and its number): a short task after
        // it starts a bar of its own instead of making it an unlabelled merge.
        const bool backIsOneTask =
            !out.empty() && out.back().task >= 0 && out.back().x1 - out.back().x0 >= 1.0;
        if (!out.empty() && x0 - out.back().x1 < 1.0 && !backIsOneTask &&
            (x1 - x0 < 1.0 || out.back().x1 - out.back().x0 < 1.0)) {
            // Closer than a pixel to the previous one, and one of them is sub-pixel: merge.
            DrawSegment& d = out.back();
            d.x1 = std::max(d.x1, x1);
            d.merged += 1;
            d.task = -1;
            d.raised = d.raised || raised;
            d.open = d.open || open;
            return;
        }
        out.push_back(DrawSegment{x0, x1, task, 1, raised, open});
    };
    for (; it != segs.end() && it->t0 <= to; ++it) {
        const double x0 = xOf(it->t0);
        // Running at the cut: it has not ended (nor raised) yet there.
        const bool running = it->t1 > cut;
        // Jump over every segment that would land on the same pixel column.
        push(x0, std::max(xOf(std::min(it->t1, cut)), x0 + 0.0), it->task, it->raised && !running, running);
        if (!out.empty() && out.back().merged > 8) {
            const std::int64_t nextPixel = tOf(std::floor(out.back().x1) + 1.0);
            auto next = std::lower_bound(it + 1, segs.end(), nextPixel,
                                         [](const TimelineSegment& s, std::int64_t t) { return s.t1 < t; });
            if (next != it + 1) {
                out.back().merged += static_cast<int>(next - (it + 1));
                it = next - 1;
            }
        }
    }
    if (openStart >= 0 && openStart <= to && now >= from)
        push(xOf(openStart), xOf(std::min(now, cut)), openTask, false, true);
    // Back-to-back tasks on one worker: a one-pixel gap keeps them two bars, not one.
    for (std::size_t i = first; i + 1 < out.size(); ++i) {
        DrawSegment& a = out[i];
        const DrawSegment& b = out[i + 1];
        if (a.task >= 0 && b.task >= 0 && a.task != b.task && b.x0 - a.x1 < 1.0 && a.x1 - a.x0 >= 3.0)
            a.x1 = std::max(a.x0 + 2.0, b.x0 - 1.0);
    }
}

std::int64_t TimelineLayout::tickNs(double pixels) const
{
    const double raw = std::max(1.0, pixels * nsPerPx);
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * p >= raw)
            return static_cast<std::int64_t>(m * p);
    }
    return static_cast<std::int64_t>(10 * p);
}

} // namespace poolscope::ui
