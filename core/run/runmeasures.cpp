#include "core/run/runmeasures.h"

#include "core/futures/future.h"
#include "core/run/overheadnote.h"
#include "core/run/runfile.h"
#include "core/workload/workload.h"

#include <algorithm>
#include <cstdio>

namespace poolscope {

namespace {

constexpr double kNsPerMs = 1e6;

double medianOfValues(std::vector<double>& v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string fixed(double v, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

} // namespace

const char* stageKey(TaskStageId id) noexcept
{
    switch (id) {
    case TaskStageId::Queued:
        return "queued";
    case TaskStageId::WaitSlot:
        return "wait_slot";
    case TaskStageId::CallPipe:
        return "call_pipe";
    case TaskStageId::Running:
        return "running";
    case TaskStageId::GilWait:
        return "gil_wait";
    case TaskStageId::ResultPipe:
        return "result_pipe";
    case TaskStageId::Resolved:
        break;
    }
    return "resolved";
}

std::optional<double> RunMeasures::stageMs(TaskStageId id) const
{
    for (std::size_t i = 0; i < kMeasuredStages.size(); ++i)
        if (kMeasuredStages[i] == id)
            return stageMedianMs[i];
    return std::nullopt;
}

RunMeasures measureRun(const std::string& mode, int workers, const RunSummary& summary,
                       const std::vector<Event>& events, double serialWallS, unsigned cores)
{
    RunMeasures m;
    m.mode = mode;
    m.tasks = summary.completed + summary.failed + summary.cancelled + summary.unfinished;
    m.completed = summary.completed;
    m.workers = mode == "serial" ? 1 : workers;
    m.wallS = summary.wallS;
    m.speedup = serialWallS > 0 && summary.wallS > 0 ? serialWallS / summary.wallS : 0.0;
    m.cpuUtilization = summary.cpuUtilization;
    m.pipeBytes = summary.pipeBytes;
    m.gilWaitShare = summary.gilWaitShare;
    m.gilOn = summary.gilOn && mode.rfind("thread", 0) == 0;

    std::array<std::vector<double>, kMeasuredStages.size()> spans;
    std::int64_t runningNs = 0;
    std::int64_t ran = 0;
    for (const TaskStageRow& r : taskStageRows(events)) {
        if (r.endNs < r.startNs)
            continue; // still open when the recording ended
        const auto at = std::find(kMeasuredStages.begin(), kMeasuredStages.end(), r.stage);
        if (at == kMeasuredStages.end())
            continue;
        spans[static_cast<std::size_t>(at - kMeasuredStages.begin())].push_back(
            static_cast<double>(r.endNs - r.startNs) / kNsPerMs);
        if (r.stage == TaskStageId::Running) {
            runningNs += r.endNs - r.startNs;
            ++ran;
        }
    }
    auto& gil = spans[4];
    m.gilWaitedTasks = static_cast<std::int64_t>(gil.size());
    if (!gil.empty()) {
        std::vector<double> waited = gil;
        m.gilWaitedMedianMs = medianOfValues(waited);
    }
    // Under the GIL a task that never waited waited 0 ms: the median is over every task that ran.
    if (m.gilOn && static_cast<std::int64_t>(gil.size()) < ran)
        gil.resize(static_cast<std::size_t>(ran), 0.0);
    for (std::size_t i = 0; i < spans.size(); ++i)
        if (!spans[i].empty())
            m.stageMedianMs[i] = medianOfValues(spans[i]);
    m.runningTotalS = static_cast<double>(runningNs) / 1e9;
    const int busy = std::max(1, std::min(m.workers, static_cast<int>(std::max(1U, cores))));
    if (m.tasks > 0 && !events.empty())
        m.overheadPerTaskMs =
            std::max(0.0, (m.wallS * busy - m.runningTotalS) * 1e3 / static_cast<double>(m.tasks));
    return m;
}

RunSummary summaryFromRecording(const Scenario& scenario, const std::vector<Event>& events,
                                const RunOutcome* outcome)
{
    RunSummary s;
    std::int64_t gilWaitNs = 0;
    std::int64_t t0 = events.empty() ? 0 : events.front().tNs;
    std::int64_t t1 = t0;
    for (const Event& e : events) {
        t0 = std::min(t0, e.tNs);
        t1 = std::max(t1, e.tNs);
        ++s.eventsTotal;
        ++s.eventsByKind[static_cast<std::size_t>(e.kind)];
        if (e.kind == EventKind::GilAcquire)
            gilWaitNs += std::max<std::int64_t>(0, e.value);
        if (e.kind == EventKind::FutureState && e.value2 == static_cast<std::int64_t>(FutureStatus::Finished))
            ++s.completed;
    }
    s.wallS = static_cast<double>(t1 - t0) / 1e9;
    s.gilOn = scenario.gil && scenario.pool == "thread";
    if (outcome) {
        s.completed = outcome->completed;
        s.failed = outcome->failed;
        s.cancelled = outcome->cancelled;
        s.unfinished = outcome->unfinished;
        s.notTaken = outcome->notTaken;
        s.wallS = outcome->wallS;
        s.cpuUserS = outcome->cpuS;
        s.cpuUtilization = outcome->wallS > 0 ? outcome->cpuS / outcome->wallS : 0.0;
        s.pipeBytes = outcome->pipeBytes;
        s.resultBytes = outcome->resultBytes;
        s.errorType = outcome->errorType;
        s.errorMessage = outcome->errorMessage;
        s.firstTaskError = outcome->firstTaskError;
        s.broken = outcome->broken;
        s.brokenMessage = outcome->brokenMessage;
        s.killedPid = outcome->killedPid;
    }
    if (s.wallS > 0)
        s.gilWaitShare = static_cast<double>(gilWaitNs) / (s.wallS * 1e9 * (scenario.workers + 1));
    s.tasksPerS = s.wallS > 0 ? static_cast<double>(s.completed) / s.wallS : 0.0;
    return s;
}

CompareVerdict compareVerdict(const RunMeasures& a, const RunMeasures& b, const std::string& workload)
{
    CompareVerdict v;
    const bool aFaster = a.wallS <= b.wallS;
    v.firstFaster = aFaster;
    v.faster = aFaster ? a : b;
    v.slower = aFaster ? b : a;
    v.workload = workload;
    v.ratio = v.faster.wallS > 0 ? v.slower.wallS / v.faster.wallS : 1.0;
    v.tie = v.ratio < kTieRatio;
    const RunMeasures* gilRun = nullptr;
    for (const RunMeasures* r : {&v.slower, &v.faster})
        if (r->gilOn && r->gilWaitShare >= kGilTurnsShare && !gilRun)
            gilRun = r;
    const RunMeasures& s = v.slower;
    const double slowerRunMs =
        s.completed > 0 ? s.runningTotalS * 1e3 / static_cast<double>(s.completed) : 0.0;
    // The rules, first match wins: a GIL thread run that lost (or tied) waited its turn; threads that
    // won on I/O-bound work overlapped their waits (noop tasks wait for nothing); a run that spent more
    // per task on overhead than on the work lost to it; processes that won kept more than one core busy.
    const bool waits = !workloadIsCpuBound(workload) && workload != "noop";
    if (gilRun && (gilRun == &v.slower || v.tie))
        v.reason = VerdictReason::GilTurns;
    else if (waits && v.faster.mode.rfind("thread", 0) == 0 && !v.tie)
        v.reason = VerdictReason::IoOverlap;
    else if (s.mode != "serial" && s.overheadPerTaskMs > slowerRunMs && s.tasks > 0)
        v.reason = VerdictReason::Overhead;
    else if (v.faster.mode == "process" && !v.tie && v.faster.cpuUtilization > 1.2)
        v.reason = VerdictReason::Parallel;
    return v;
}

std::string modeTitle(const std::string& mode)
{
    if (mode == "process")
        return "ProcessPoolExecutor";
    if (mode.rfind("thread", 0) == 0)
        return "ThreadPoolExecutor";
    return "the serial loop";
}

std::string verdictText(const CompareVerdict& v)
{
    return verdictText(v, modeTitle(v.faster.mode), modeTitle(v.slower.mode));
}

std::string verdictText(const CompareVerdict& v, const std::string& fasterTitle,
                        const std::string& slowerTitle)
{
    std::string text = fasterTitle;
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    const std::string what = std::to_string(v.faster.tasks) + " " + v.workload + " tasks";
    if (v.tie)
        text += " finished " + what + " about as fast as " + slowerTitle + " (" + fixed(v.ratio, 2) + "x)";
    else
        text += " finished " + what + " " + fixed(v.ratio, 1) + "x faster than " + slowerTitle;
    if (v.busy)
        return text + ", but other programs were using the cores, so this run does not tell which is faster: "
                      "compare again when the machine is idle.";
    const RunMeasures& s = v.slower;
    switch (v.reason) {
    case VerdictReason::GilTurns: {
        const RunMeasures& g = v.slower.gilOn ? v.slower : v.faster;
        text += ": under the GIL, the threads took turns (they waited for it " +
                fixed(g.gilWaitShare * 100, 0) + "% of the time)";
        break;
    }
    case VerdictReason::IoOverlap:
        text += ": the threads overlapped their waits for I/O";
        break;
    case VerdictReason::Overhead:
        text +=
            ": the tasks are so short that overhead dominates (" + durationText(s.overheadPerTaskMs) +
            " of overhead per task against " +
            durationText(s.completed > 0 ? s.runningTotalS * 1e3 / static_cast<double>(s.completed) : 0.0) +
            " of work)";
        break;
    case VerdictReason::Parallel:
        text += ": the processes kept " + fixed(v.faster.cpuUtilization, 1) + " cores busy";
        break;
    case VerdictReason::None:
        break;
    }
    return text + ".";
}

} // namespace poolscope
