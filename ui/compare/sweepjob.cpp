#include "ui/compare/sweepjob.h"

#include "core/events/recorder.h"

namespace poolscope::ui {

namespace {

// A recording of one run is kept only while it fits in this (the Recorder's own budget).
constexpr std::size_t kRecorderBudgetBytes = std::size_t{256} << 20;

} // namespace

SweepJob::SweepJob(QObject* parent) : BackgroundJob(parent) {}

void SweepJob::start(const Options& options)
{
    cancel();
    m_options = options;
    m_result = SweepResult{};
    m_recordings.clear();
    launch([this, options] { work(options); });
}

Scenario SweepJob::modeScenario(const Scenario& base, const std::string& mode, int workers)
{
    return poolscope::modeScenario(base, mode, workers); // what runMode() ran, for the replay of a point
}

const std::vector<Event>* SweepJob::recording(int workers, const std::string& mode) const
{
    const auto it = m_recordings.find({workers, mode});
    return it == m_recordings.end() ? nullptr : &it->second;
}

void SweepJob::work(Options o)
{
    // The GUI thread's state changes only in the calls it posts.
    const int points = o.hi - o.lo + 1;
    const int total = o.repeat * (1 + points * static_cast<int>(o.modes.size()));
    int done = 0;
    std::size_t kept = 0;
    SweepResult local;
    auto stopped = [this] { return stopRequested(); };
    // `repeat` runs of one mode, recorded; the median's summary and its events.
    auto medianRun = [&](const std::string& mode,
                         int workers) -> std::optional<std::pair<RunSummary, std::vector<Event>>> {
        std::vector<RunSummary> runs;
        std::vector<std::vector<Event>> events;
        for (int r = 0; r < o.repeat; ++r) {
            if (stopped())
                return std::nullopt;
            auto recorder = std::make_shared<Recorder>(kRecorderBudgetBytes);
            runs.push_back(runMode(o.scenario, mode, workers, recorder));
            events.push_back(recorder->dropped() == 0 ? recorder->events() : std::vector<Event>{});
            ++done;
            postProgress(done, total);
        }
        const std::size_t m = medianIndex(runs);
        return std::pair{runs[m], std::move(events[m])};
    };
    validateScenario(o.scenario);
    const auto serial = medianRun("serial", 1);
    if (!serial) {
        post([this] { finish(true); });
        return;
    }
    local.serial = serial->first;
    post([this, s = local.serial] {
        m_result.serial = s;
        Q_EMIT pointDone();
    });
    for (int w = o.lo; w <= o.hi; ++w) {
        SweepPoint p;
        p.workers = w;
        p.ideal = static_cast<double>(w);
        std::map<std::string, std::vector<Event>> recordings;
        bool complete = true;
        for (const std::string& mode : o.modes) {
            auto run = medianRun(mode, w);
            if (!run) {
                complete = false;
                break;
            }
            p.speedup[mode] = speedupOver(local.serial, run->first);
            p.byMode[mode] = run->first;
            if (kept + run->second.size() <= o.keepEvents && !run->second.empty()) {
                kept += run->second.size();
                recordings[mode] = std::move(run->second);
            }
        }
        if (!complete)
            break;
        local.points.push_back(p);
        auto moved = std::make_shared<std::map<std::string, std::vector<Event>>>(std::move(recordings));
        post([this, p, moved] {
            for (auto& [mode, events] : *moved)
                m_recordings[{p.workers, mode}] = std::move(events);
            m_result.points.push_back(p);
            Q_EMIT pointDone();
        });
    }
    const bool cancelled = stopped() && static_cast<int>(local.points.size()) < points;
    post([this, cancelled] {
        m_result.cancelled = cancelled;
        finish(cancelled);
    });
}

} // namespace poolscope::ui
