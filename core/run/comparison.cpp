#include "core/run/comparison.h"

#include "core/events/recorder.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace poolscope {

namespace {

bool knownMode(const std::string& mode)
{
    return mode == "serial" || mode == "thread" || mode == "thread-gil" || mode == "thread-nogil" ||
           mode == "process";
}

void checkModes(const std::vector<std::string>& modes)
{
    if (modes.empty())
        throw std::invalid_argument("modes: must name at least one mode");
    for (const auto& m : modes)
        if (!knownMode(m))
            throw std::invalid_argument("modes: '" + m +
                                        "' is not one of serial, thread, thread-gil, thread-nogil, process");
}

// Counts runs against their total and asks for cancellation between them.
class RunCounter
{
public:
    RunCounter(int total, const std::function<void(int, int)>& progress,
               const std::function<bool()>& cancelled)
        : m_total(total), m_progress(progress), m_cancelled(cancelled)
    {
    }
    bool stop() const { return m_cancelled && m_cancelled(); }
    void ran()
    {
        ++m_done;
        if (m_progress)
            m_progress(m_done, m_total);
    }

private:
    int m_total;
    int m_done = 0;
    const std::function<void(int, int)>& m_progress;
    const std::function<bool()>& m_cancelled;
};

} // namespace

Scenario modeScenario(const Scenario& base, const std::string& mode, int workers)
{
    Scenario s = base;
    s.pool = mode.rfind("thread", 0) == 0 ? "thread" : mode;
    s.workers = workers;
    if (mode == "thread-gil")
        s.gil = true;
    else if (mode == "thread-nogil")
        s.gil = false;
    if (s.pool != "process") {
        s.maxTasksPerChild = 0;
        s.killWorkerAfter.reset();
    }
    return s;
}

RunSummary runMode(const Scenario& base, const std::string& mode, int workers,
                   const std::shared_ptr<EventSink>& sink)
{
    const Scenario s = modeScenario(base, mode, workers);
    RunOptions o;
    o.record = true; // pipe bytes and the GIL are counted from the events
    o.sink = sink;
    return runScenario(s, o);
}

std::size_t medianIndex(const std::vector<RunSummary>& runs)
{
    if (runs.empty())
        throw std::invalid_argument("medianIndex: no runs");
    std::vector<std::size_t> order(runs.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return runs[a].wallS < runs[b].wallS; });
    return order[order.size() / 2];
}

RunSummary medianOf(const std::vector<RunSummary>& runs)
{
    return runs[medianIndex(runs)];
}

double speedupOver(const RunSummary& serial, const RunSummary& run)
{
    return run.wallS > 0 ? serial.wallS / run.wallS : 0.0;
}

CompareResult runCompare(const Scenario& scenario, const CompareOptions& options)
{
    checkModes(options.modes);
    if (options.repeat < 1)
        throw std::invalid_argument("repeat: must be at least 1");
    validateScenario(scenario);
    const unsigned cores = std::thread::hardware_concurrency();
    CompareResult result;
    for (const auto& m : options.modes)
        result.modes.emplace_back().mode = m;
    RunCounter counter(options.repeat * static_cast<int>(options.modes.size()), options.progress,
                       options.cancelled);
    // Rounds run the modes one after another so they never share the cores.
    for (int r = 0; r < options.repeat && !result.cancelled; ++r) {
        for (auto& m : result.modes) {
            if (counter.stop()) {
                result.cancelled = true;
                break;
            }
            auto recorder = std::make_shared<Recorder>();
            m.runs.push_back(runMode(scenario, m.mode, scenario.workers, recorder));
            std::vector<Event> events = recorder->events();
            m.measures.push_back(measureRun(m.mode, scenario.workers, m.runs.back(), events, 0.0, cores));
            m.measures.back().eventsNotRecorded = recorder->dropped();
            if (options.keepEvents)
                m.events.push_back(std::move(events));
            counter.ran();
        }
    }
    const auto serial = std::find_if(result.modes.begin(), result.modes.end(), [](const ModeResult& m) {
        return m.mode == "serial" && !m.runs.empty();
    });
    const double serialWall = serial == result.modes.end() ? 0.0 : medianOf(serial->runs).wallS;
    for (auto& m : result.modes) {
        if (m.runs.empty())
            continue;
        m.medianRun = medianIndex(m.runs);
        m.median = m.runs[m.medianRun];
        for (std::size_t i = 0; i < m.runs.size(); ++i)
            m.measures[i].speedup = m.runs[i].wallS > 0 ? serialWall / m.runs[i].wallS : 0.0;
        m.medianMeasures = m.measures[m.medianRun];
    }
    return result;
}

SweepResult runSweep(const Scenario& scenario, const SweepOptions& options)
{
    checkModes(options.modes);
    if (options.lo < 1 || options.lo > options.hi)
        throw std::invalid_argument("workers: must be A..B with 1 <= A <= B");
    if (options.repeat < 1)
        throw std::invalid_argument("repeat: must be at least 1");
    validateScenario(scenario);
    SweepResult result;
    const int points = options.hi - options.lo + 1;
    RunCounter counter(options.repeat * (1 + points * static_cast<int>(options.modes.size())),
                       options.progress, options.cancelled);
    // Each point is the median of `repeat` runs; false when cancelled before it was complete.
    auto medianRun = [&](const std::string& mode, int workers, RunSummary& out) {
        std::vector<RunSummary> runs;
        runs.reserve(static_cast<std::size_t>(options.repeat));
        for (int r = 0; r < options.repeat; ++r) {
            if (counter.stop())
                return false;
            runs.push_back(runMode(scenario, mode, workers));
            counter.ran();
        }
        out = medianOf(runs);
        return true;
    };
    if (!medianRun("serial", 1, result.serial)) {
        result.cancelled = true;
        return result;
    }
    if (options.stepDone)
        options.stepDone(result);
    for (int w = options.lo; w <= options.hi; ++w) {
        SweepPoint p;
        p.workers = w;
        p.ideal = static_cast<double>(w);
        for (const auto& mode : options.modes) {
            RunSummary s;
            if (!medianRun(mode, w, s)) {
                result.cancelled = true;
                return result;
            }
            p.speedup[mode] = speedupOver(result.serial, s);
            p.byMode[mode] = std::move(s);
        }
        result.points.push_back(std::move(p));
        if (options.stepDone)
            options.stepDone(result);
    }
    return result;
}

} // namespace poolscope
