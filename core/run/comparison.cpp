#include "core/run/comparison.h"

#include "core/events/recorder.h"
#include "core/workload/workload.h"

#include <algorithm>
#include <nlohmann/json.hpp>
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

// A sweep keeps a run's recording only while it fits in this (the Recorder's own budget).
constexpr std::size_t kSweepRecorderBudgetBytes = std::size_t{256} << 20;

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

RunSummary runRecorded(const Scenario& s, const std::shared_ptr<EventSink>& sink)
{
    RunOptions o;
    o.record = true; // pipe bytes and the GIL are counted from the events
    o.sink = sink;
    return runScenario(s, o);
}

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
    return runRecorded(modeScenario(base, mode, workers), sink);
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

std::vector<CompareSide> modeSides(const Scenario& scenario, const std::vector<std::string>& modes)
{
    std::vector<CompareSide> sides;
    sides.reserve(modes.size());
    for (const auto& m : modes)
        sides.push_back({m, modeScenario(scenario, m, scenario.workers)});
    return sides;
}

bool sameWork(const Scenario& a, const Scenario& b)
{
    return a.workload == b.workload && a.tasks == b.tasks;
}

std::vector<CompareSide> pairSides(const Scenario& a, const Scenario& b)
{
    std::vector<CompareSide> sides{{"serial", modeScenario(a, "serial", a.workers)}};
    if (!sameWork(a, b))
        sides.push_back({"serial", modeScenario(b, "serial", b.workers)});
    sides.push_back({a.pool, a});
    sides.push_back({b.pool, b});
    return sides;
}

std::vector<ScenarioDifference> scenarioDifferences(const Scenario& a, const Scenario& b)
{
    std::vector<ScenarioDifference> out;
    // Walks both scenario files' objects key by key: what a reader of the two files would compare.
    std::function<void(const std::string&, const nlohmann::json&, const nlohmann::json&)> walk =
        [&](const std::string& prefix, const nlohmann::json& x, const nlohmann::json& y) {
            for (auto it = x.begin(); it != x.end(); ++it) {
                const std::string key = prefix + it.key();
                if (key == "format" || key == "version" || key == "name" || key == "description")
                    continue;
                const nlohmann::json other = y.contains(it.key()) ? y.at(it.key()) : nlohmann::json();
                if (it->is_object() && other.is_object())
                    walk(key + ".", *it, other);
                else if (*it != other)
                    out.push_back({key, it->dump(), other.dump()});
            }
            for (auto it = y.begin(); it != y.end(); ++it)
                if (!x.contains(it.key()))
                    out.push_back({prefix + it.key(), "null", it->dump()});
        };
    walk("", nlohmann::json::parse(scenarioToJson(a, -1)), nlohmann::json::parse(scenarioToJson(b, -1)));
    return out;
}

const std::vector<std::string>& comparePairNames()
{
    static const std::vector<std::string> names{"pools", "gil", "extra-queued-calls", "chunksize", "workers"};
    return names;
}

std::pair<Scenario, Scenario> comparePair(const Scenario& scenario, const std::string& pair, int maxWorkers)
{
    const int w = scenario.workers;
    auto on = [&](const std::string& mode, auto change) {
        Scenario s = modeScenario(scenario, mode, w);
        change(s);
        return s;
    };
    if (pair == "pools")
        return {modeScenario(scenario, "thread", w), modeScenario(scenario, "process", w)};
    if (pair == "gil")
        return {modeScenario(scenario, "thread-gil", w), modeScenario(scenario, "thread-nogil", w)};
    // The process pool's knobs: how many calls wait in its call queue beyond one per worker, and how
    // many tasks map() sends down the pipe at once.
    if (pair == "extra-queued-calls")
        return {on("process", [](Scenario& s) { s.extraQueuedCalls = 1; }),
                on("process", [](Scenario& s) { s.extraQueuedCalls = 16; })};
    if (pair == "chunksize") {
        auto chunks = [&](int size) {
            return on("process", [size](Scenario& s) {
                s.submit = "map";
                s.chunksize = size;
            });
        };
        return {chunks(1), chunks(100)};
    }
    if (pair == "workers") {
        const std::string pool = scenario.pool == "process" ? "process" : "thread";
        return {modeScenario(scenario, pool, w),
                modeScenario(scenario, pool, std::max(w, std::min(2 * w, maxWorkers)))};
    }
    std::string names;
    for (const auto& n : comparePairNames())
        names += (names.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown pair '" + pair + "' (one of " + names + ")");
}

std::vector<ScenarioDifference> shownDifferences(const std::string& mode,
                                                 const std::vector<ScenarioDifference>& differences,
                                                 bool withWorkers)
{
    const bool process = mode == "process";
    std::vector<ScenarioDifference> shown;
    for (const ScenarioDifference& d : differences) {
        if (d.key == "pool" || d.key == "gil" || (d.key == "workers" && !withWorkers) ||
            (!process && (d.key == "max_tasks_per_child" || d.key == "extra_queued_calls" ||
                          d.key == "kill_worker_after")) ||
            (process && d.key == "switch_interval_ms"))
            continue;
        shown.push_back(d);
    }
    return shown;
}

std::string sideLabel(const std::string& mode, const Scenario& scenario,
                      const std::vector<ScenarioDifference>& differences)
{
    std::string label = mode == "serial"    ? std::string("Serial loop")
                        : mode == "process" ? std::string("ProcessPoolExecutor")
                        : scenario.gil      ? std::string("ThreadPoolExecutor (GIL on)")
                                            : std::string("ThreadPoolExecutor (GIL off, free-threaded)");
    for (const ScenarioDifference& d : shownDifferences(mode, differences, true)) {
        std::string value = d.a;
        std::erase(value, '"');
        label += ", ";
        if (d.key == "workers")
            label += value + (scenario.workers == 1 ? " worker" : " workers");
        else if (d.key == "tasks")
            label += value + (scenario.tasks == 1 ? " task" : " tasks");
        else if (d.key == "submit" || d.key == "workload.name")
            label += value;
        else // a field of the scenario file, by its name: chunksize 100, extra_queued_calls 16
            label += d.key + " " + value;
    }
    return label;
}

bool sharesCores(const std::vector<CompareSide>& sides, bool concurrent)
{
    if (!concurrent)
        return false;
    const auto pools = std::count_if(sides.begin(), sides.end(), [](const CompareSide& s) {
        return s.mode != "serial" &&
               (workloadIsCpuBound(s.scenario.workload.name) || s.scenario.workload.name == "mixed");
    });
    return pools > 1;
}

CompareResult runCompare(const Scenario& scenario, const CompareOptions& options)
{
    checkModes(options.modes);
    validateScenario(scenario);
    return runCompareSides(modeSides(scenario, options.modes), options);
}

CompareResult runCompareSides(const std::vector<CompareSide>& sides, const CompareOptions& options)
{
    if (sides.empty())
        throw std::invalid_argument("modes: must name at least one mode");
    if (options.repeat < 1)
        throw std::invalid_argument("repeat: must be at least 1");
    for (const auto& side : sides) {
        checkModes({side.mode});
        validateScenario(side.scenario);
    }
    const unsigned cores = std::thread::hardware_concurrency();
    CompareResult result;
    result.concurrent = options.concurrent;
    for (const auto& side : sides) {
        ModeResult& m = result.modes.emplace_back();
        m.mode = side.mode;
        m.scenario = side.scenario;
    }
    RunCounter counter(options.repeat * static_cast<int>(sides.size()), options.progress, options.cancelled);
    // One run, recorded and measured.
    auto runOne = [&](ModeResult& m) {
        auto recorder = std::make_shared<Recorder>();
        RunSummary summary = runRecorded(m.scenario, recorder);
        std::vector<Event> events = recorder->events();
        RunMeasures measures = measureRun(m.mode, m.scenario.workers, summary, events, 0.0, cores);
        measures.eventsNotRecorded = recorder->dropped();
        m.runs.push_back(std::move(summary));
        m.measures.push_back(std::move(measures));
        if (options.keepEvents)
            m.events.push_back(std::move(events));
    };
    // Rounds run the modes one after another so they never share the cores; concurrently, the pools of
    // a round start together once the serial runs are done (each on a thread of its own, joined here).
    for (int r = 0; r < options.repeat && !result.cancelled; ++r) {
        std::vector<ModeResult*> together;
        for (auto& m : result.modes) {
            if (counter.stop()) {
                result.cancelled = true;
                break;
            }
            if (options.concurrent && m.mode != "serial") {
                together.push_back(&m);
                continue;
            }
            runOne(m);
            counter.ran();
        }
        if (result.cancelled)
            break;
        std::vector<std::thread> threads;
        std::vector<std::exception_ptr> errors(together.size());
        for (std::size_t i = 0; i < together.size(); ++i)
            threads.emplace_back([&, i] {
                try {
                    runOne(*together[i]);
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            });
        for (auto& t : threads)
            t.join();
        for (const auto& e : errors)
            if (e)
                std::rethrow_exception(e);
        for (std::size_t i = 0; i < together.size(); ++i)
            counter.ran();
    }
    for (auto& m : result.modes) {
        if (m.runs.empty())
            continue;
        // The serial median of this side's own work.
        const auto serial = std::find_if(result.modes.begin(), result.modes.end(), [&](const ModeResult& s) {
            return s.mode == "serial" && !s.runs.empty() && sameWork(s.scenario, m.scenario);
        });
        const double serialWall = serial == result.modes.end() ? 0.0 : medianOf(serial->runs).wallS;
        m.medianRun = medianIndex(m.runs);
        m.median = m.runs[m.medianRun];
        for (std::size_t i = 0; i < m.runs.size(); ++i)
            m.measures[i].speedup = m.runs[i].wallS > 0 ? serialWall / m.runs[i].wallS : 0.0;
        m.medianMeasures = m.measures[m.medianRun];
    }
    return result;
}

const std::vector<std::string>& sweepModes()
{
    static const std::vector<std::string> modes{"thread-gil", "thread-nogil", "process"};
    return modes;
}

std::optional<double> saturationWorkers(const Scenario& s, unsigned cores)
{
    if (s.workload.name != "mixed" || !(s.workload.cpuMs > 0))
        return std::nullopt;
    return static_cast<double>(cores) * (1.0 + s.workload.ioMs / s.workload.cpuMs);
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
    std::size_t kept = 0; // events kept so far
    // Each point is the median of `repeat` runs, with its recording while it fits in keepEvents;
    // false when cancelled before it was complete.
    auto medianRun = [&](const std::string& mode, int workers, RunSummary& out, std::vector<Event>* events) {
        std::vector<RunSummary> runs;
        std::vector<std::vector<Event>> recordings;
        runs.reserve(static_cast<std::size_t>(options.repeat));
        for (int r = 0; r < options.repeat; ++r) {
            if (counter.stop())
                return false;
            if (events && options.keepEvents > 0) {
                auto recorder = std::make_shared<Recorder>(kSweepRecorderBudgetBytes);
                runs.push_back(runMode(scenario, mode, workers, recorder));
                recordings.push_back(recorder->dropped() == 0 ? recorder->events() : std::vector<Event>{});
            } else {
                runs.push_back(runMode(scenario, mode, workers));
            }
            counter.ran();
        }
        const std::size_t m = medianIndex(runs);
        out = runs[m];
        if (m < recordings.size() && !recordings[m].empty() &&
            kept + recordings[m].size() <= options.keepEvents) {
            kept += recordings[m].size();
            *events = std::move(recordings[m]);
        }
        return true;
    };
    if (!medianRun("serial", 1, result.serial, nullptr)) {
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
            std::vector<Event> events;
            if (!medianRun(mode, w, s, &events)) {
                result.cancelled = true;
                return result;
            }
            if (!events.empty())
                p.events[mode] = std::move(events);
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
