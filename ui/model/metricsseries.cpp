#include "ui/model/metricsseries.h"

#include "core/futures/future.h"

#include <algorithm>
#include <cmath>

namespace poolscope::ui {

namespace {
// Bin edges in ns, one per decade: 0.1 ms, 1 ms, 10 ms, 100 ms, 1 s, 10 s.
constexpr std::array<std::int64_t, MetricsSeries::kLatencyBins - 1> kEdges = {
    100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000, 10'000'000'000};
} // namespace

AxisScale AxisScale::integerValues(double value, double floor)
{
    // The smallest even 1-2-4-6-8 × 10^k at or above the value: halves are whole numbers.
    const double v = std::max({value, floor, 2.0});
    double p = std::pow(10.0, std::floor(std::log10(v)));
    AxisScale a;
    a.max = 0;
    for (int guard = 0; guard < 4 && a.max < v; ++guard, p *= 10)
        for (double m : {1.0, 2.0, 4.0, 6.0, 8.0})
            if (m * p >= v && std::fmod(m * p, 2.0) == 0) {
                a.max = m * p;
                break;
            }
    a.tickInterval = a.max / 2;
    return a;
}

AxisScale AxisScale::time(double fromS, double toS)
{
    AxisScale a;
    a.min = fromS;
    a.max = std::max(toS, fromS + 1);
    const double span = a.max - a.min;
    // Whole seconds, at most 4 labels (3 intervals) whatever the window.
    a.tickInterval = 1;
    for (double step : {1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0}) {
        a.tickInterval = step;
        if (span / step <= 3.0 + 1e-9)
            break;
    }
    return a;
}

double AxisScale::timeWindow(double elapsedS, double maxS)
{
    return std::clamp(std::ceil(std::max(0.0, elapsedS) / 5.0) * 5.0, 5.0, maxS);
}

void MetricsSeries::reset(int maxWorkers)
{
    *this = MetricsSeries();
    m_maxWorkers = std::max(1, maxWorkers);
}

int MetricsSeries::latencyBin(std::int64_t ns)
{
    return static_cast<int>(std::upper_bound(kEdges.begin(), kEdges.end(), ns) - kEdges.begin());
}

QString MetricsSeries::latencyBinLabel(int bin)
{
    // Upper edge of the bin, short enough for a narrow chart: ms below a second.
    static const char* const labels[kLatencyBins] = {"≤0.1 ms", "≤1 ms", "≤10 ms", "≤100 ms",
                                                     "≤1 s",    "≤10 s", ">10 s"};
    return QString::fromUtf8(labels[std::clamp(bin, 0, kLatencyBins - 1)]);
}

std::size_t MetricsSeries::indexOf(std::int64_t t) const
{
    return t <= m_t0 ? 0 : static_cast<std::size_t>((t - m_t0) / kBucketNs);
}

MetricsSeries::Bucket& MetricsSeries::bucketAt(std::int64_t t)
{
    const std::size_t i = indexOf(t);
    if (i >= m_buckets.size()) {
        // Depth carries over into buckets with no events: the queue did not change.
        Bucket carry;
        carry.workQueue = m_workQueue;
        carry.callQueue = m_callQueue;
        carry.pending = m_pending;
        m_buckets.resize(i + 1, carry);
    }
    return m_buckets[i];
}

void MetricsSeries::addBusy(std::int64_t from, std::int64_t to)
{
    if (to <= from)
        return;
    bucketAt(to);
    std::size_t i = indexOf(from);
    while (from < to) {
        const std::int64_t end = std::min(to, m_t0 + static_cast<std::int64_t>(i + 1) * kBucketNs);
        m_buckets[i].busyNs += end - from;
        from = end;
        ++i;
    }
}

void MetricsSeries::apply(const Event& e)
{
    if (m_t0 < 0)
        m_t0 = e.tNs;
    if (e.tNs < m_t0)
        return; // before the run's first event: a stray late event
    switch (e.kind) {
    case EventKind::ExecutorCreated:
        m_maxWorkers = std::max<int>(1, static_cast<int>(e.value));
        m_process = e.value2 == 1;
        break;
    case EventKind::Submit:
        if (e.task >= 0)
            m_submitted.emplace(e.task, e.tNs);
        break;
    case EventKind::WorkQueuePut:
    case EventKind::WorkQueueGet:
    case EventKind::WorkIdPut:
    case EventKind::WorkIdGet:
    case EventKind::SentinelPut:
        if (e.kind == EventKind::SentinelPut && m_process)
            break;
        m_workQueue = static_cast<std::int32_t>(e.value);
        bucketAt(e.tNs).workQueue = std::max(bucketAt(e.tNs).workQueue, m_workQueue);
        break;
    case EventKind::CallQueuePut:
        m_callQueue = static_cast<std::int32_t>(e.value);
        bucketAt(e.tNs).callQueue = std::max(bucketAt(e.tNs).callQueue, m_callQueue);
        break;
    case EventKind::WorkerGet:
        m_callQueue = std::max(0, m_callQueue - 1);
        bucketAt(e.tNs);
        break;
    case EventKind::PendingInsert:
    case EventKind::PendingPop:
        m_pending = static_cast<std::int32_t>(e.value);
        bucketAt(e.tNs).pending = std::max(bucketAt(e.tNs).pending, m_pending);
        break;
    case EventKind::TaskStart:
        m_running[e.worker] = e.tNs;
        m_inIo.erase(e.worker);
        bucketAt(e.tNs);
        break;
    case EventKind::TaskPhase: {
        // Busy up to the I/O part, then again from the CPU part on.
        const auto it = m_running.find(e.worker);
        if (it != m_running.end()) {
            addBusy(std::max(it->second, m_t0), e.tNs);
            m_running.erase(it);
        }
        if (e.value == static_cast<std::int64_t>(TaskPart::Io)) {
            m_inIo.insert(e.worker);
        } else {
            m_inIo.erase(e.worker);
            m_running[e.worker] = e.tNs;
        }
        bucketAt(e.tNs);
        break;
    }
    case EventKind::TaskEnd: {
        if (m_inIo.erase(e.worker) > 0) { // raised in its I/O part: busy up to it, counted
            bucketAt(e.tNs);
            break;
        }
        const auto it = m_running.find(e.worker);
        const std::int64_t start = it != m_running.end() ? it->second : e.tNs - e.value;
        if (it != m_running.end())
            m_running.erase(it);
        addBusy(std::max(start, m_t0), e.tNs);
        break;
    }
    case EventKind::FutureState: {
        const auto to = static_cast<FutureStatus>(e.value2);
        if (to == FutureStatus::Finished) {
            ++bucketAt(e.tNs).completed;
            const auto it = m_submitted.find(e.task);
            if (it != m_submitted.end()) {
                ++m_latency[static_cast<std::size_t>(latencyBin(e.tNs - it->second))];
                m_submitted.erase(it);
            }
        } else if (to == FutureStatus::Cancelled) {
            m_submitted.erase(e.task);
        }
        break;
    }
    default:
        break;
    }
}

double MetricsSeries::completedPerSecond(std::size_t b) const
{
    if (m_buckets.empty())
        return 0;
    // Buckets after the last event saw no completion: they count as zero (the rate
    // falls to 0 a second after the last completion, it does not freeze).
    std::int64_t n = 0;
    const std::size_t first =
        b + 1 >= static_cast<std::size_t>(kRollingBuckets) ? b + 1 - kRollingBuckets : 0;
    for (std::size_t i = first; i <= b && i < m_buckets.size(); ++i)
        n += m_buckets[i].completed;
    // Early on, the window is shorter than a second: scale by what it covers.
    const double seconds = static_cast<double>(b + 1 - first) * static_cast<double>(kBucketNs) / 1e9;
    return static_cast<double>(n) / seconds;
}

double MetricsSeries::busyPercent(std::size_t b, std::int64_t now) const
{
    if (b >= m_buckets.size() && m_running.empty())
        return 0;
    std::int64_t busy = b < m_buckets.size() ? m_buckets[b].busyNs : 0;
    const std::int64_t bStart = m_t0 + static_cast<std::int64_t>(b) * kBucketNs;
    const std::int64_t bEnd = std::min(bStart + kBucketNs, now);
    for (const auto& [worker, start] : m_running) {
        const std::int64_t from = std::max(start, bStart);
        if (bEnd > from)
            busy += bEnd - from;
    }
    const double span = static_cast<double>(std::max<std::int64_t>(1, std::min(kBucketNs, now - bStart)));
    return std::clamp(100.0 * static_cast<double>(busy) / (span * m_maxWorkers), 0.0, 100.0);
}

ChartSnapshot MetricsSeries::snapshot(std::int64_t now, double windowS, int maxPoints) const
{
    ChartSnapshot s;
    s.process = m_process;
    s.latencyCounts.assign(m_latency.begin(), m_latency.end());
    if (m_t0 < 0) {
        // No run yet (or Reset): the axes show an empty window from 0, not the last run's.
        s.xTo = windowS;
        return s;
    }
    const double nowS = static_cast<double>(now - m_t0) / 1e9;
    s.xTo = std::max(nowS, windowS);
    s.xFrom = s.xTo - windowS;
    const std::size_t last = indexOf(now);
    const std::size_t first = indexOf(m_t0 + static_cast<std::int64_t>(std::max(0.0, s.xFrom) * 1e9));
    const std::size_t n = last >= first ? last - first + 1 : 0;
    const std::size_t stride = std::max<std::size_t>(1, (n + static_cast<std::size_t>(maxPoints) - 1) /
                                                            static_cast<std::size_t>(std::max(1, maxPoints)));
    for (std::size_t b = first; b <= last; b += stride) {
        // Bucket b is plotted at its end; a partial last bucket at `now`.
        const double x = std::min(nowS, static_cast<double>(b + 1) * static_cast<double>(kBucketNs) / 1e9);
        const double rate = completedPerSecond(b);
        s.completedPerS.append(QPointF(x, rate));
        s.maxRate = std::max(s.maxRate, rate);
        Bucket bk;
        if (b < m_buckets.size()) {
            bk = m_buckets[b];
            for (std::size_t k = b + 1; k < b + stride && k < m_buckets.size(); ++k) {
                bk.workQueue = std::max(bk.workQueue, m_buckets[k].workQueue);
                bk.callQueue = std::max(bk.callQueue, m_buckets[k].callQueue);
                bk.pending = std::max(bk.pending, m_buckets[k].pending);
            }
        } else {
            bk.workQueue = m_workQueue;
            bk.callQueue = m_callQueue;
            bk.pending = m_pending;
        }
        s.workQueue.append(QPointF(x, bk.workQueue));
        s.maxDepth = std::max<double>(s.maxDepth, bk.workQueue);
        if (m_process) {
            s.callQueue.append(QPointF(x, bk.callQueue));
            s.pending.append(QPointF(x, bk.pending));
            s.maxDepth = std::max<double>(
                {s.maxDepth, static_cast<double>(bk.callQueue), static_cast<double>(bk.pending)});
        }
        s.busyPercent.append(QPointF(x, busyPercent(b, now)));
    }
    return s;
}

} // namespace poolscope::ui
