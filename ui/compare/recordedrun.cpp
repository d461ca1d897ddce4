#include "ui/compare/recordedrun.h"

#include <algorithm>
#include <thread>

namespace poolscope::ui {

namespace {

unsigned cores()
{
    return std::max(1U, std::thread::hardware_concurrency());
}

} // namespace

std::int64_t RecordedRun::firstSubmitNs() const
{
    const auto submit = std::find_if(events.begin(), events.end(),
                                     [](const Event& e) { return e.kind == EventKind::Submit; });
    if (submit != events.end())
        return submit->tNs;
    return events.empty() ? 0 : events.front().tNs;
}

std::int64_t RecordedRun::spanNs() const
{
    return events.empty() ? 0 : std::max<std::int64_t>(0, events.back().tNs - firstSubmitNs());
}

RecordedRun RecordedRun::fromComparison(const ModeResult& mode)
{
    if (mode.runs.empty() || mode.events.size() <= mode.medianRun)
        throw std::invalid_argument("compare: the " + mode.mode + " run has no recording");
    RecordedRun r;
    r.mode = mode.mode;
    r.scenario = mode.scenario;
    r.events = mode.events[mode.medianRun];
    r.summary = mode.median;
    r.measures = mode.medianMeasures;
    r.outcome = outcomeFromSummary(mode.median, mode.scenario.tasks, mode.medianMeasures.eventsNotRecorded);
    return r;
}

RecordedRun RecordedRun::fromFile(const std::string& path)
{
    RunFile file = readRunFile(path);
    RecordedRun r;
    r.source = path;
    if (file.scenarioJson.empty())
        throw RunFileError(path + ": no scenario: the compare view needs a run file written by this "
                                  "version (poolscope-cli compare --trace or File ▸ Save run)");
    try {
        r.scenario = scenarioFromJson(file.scenarioJson);
    } catch (const std::exception& e) {
        throw RunFileError(path + ": scenario: " + e.what());
    }
    r.mode = r.scenario.pool;
    // The serial loop has no executor, so no events: its outcome is what it is compared by.
    if (file.events.empty() && (r.mode != "serial" || !file.outcome))
        throw RunFileError(path + ": no events: there is no run to compare");
    r.events = std::move(file.events);
    r.outcome = std::move(file.outcome);
    r.notes = std::move(file.notes);
    r.summary = summaryFromRecording(r.scenario, r.events, r.outcome ? &*r.outcome : nullptr);
    r.measures = measureRun(r.mode, r.scenario.workers, r.summary, r.events, 0.0, cores());
    if (r.outcome)
        r.measures.eventsNotRecorded = r.outcome->eventsNotRecorded;
    return r;
}

void setSpeedups(std::vector<RecordedRun>& runs)
{
    for (RecordedRun& r : runs) {
        const auto serial = std::find_if(runs.begin(), runs.end(), [&r](const RecordedRun& s) {
            return s.mode == "serial" && sameWork(s.scenario, r.scenario);
        });
        const double serialWall = serial == runs.end() ? 0.0 : serial->measures.wallS;
        r.measures.speedup = serialWall > 0 && r.measures.wallS > 0 ? serialWall / r.measures.wallS : 0.0;
    }
}

void setDifferences(RecordedRun& a, RecordedRun& b)
{
    a.differences = scenarioDifferences(a.scenario, b.scenario);
    b.differences = a.differences;
    for (ScenarioDifference& d : b.differences)
        std::swap(d.a, d.b);
}

} // namespace poolscope::ui
