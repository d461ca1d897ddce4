#include "ui/compare/sweepjob.h"

#include <memory>

namespace poolscope::ui {

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

void SweepJob::work(const Options& o)
{
    // poolscope-cli sweep's runs (core/run/comparison.h); the GUI thread's state changes only in the
    // calls it posts.
    SweepOptions so;
    so.lo = o.lo;
    so.hi = o.hi;
    so.repeat = o.repeat;
    so.modes = o.modes;
    so.keepEvents = o.keepEvents;
    so.progress = [this](int done, int total) { postProgress(done, total); };
    so.cancelled = [this] { return stopRequested(); };
    so.stepDone = [this](SweepResult& soFar) {
        if (soFar.points.empty()) {
            post([this, s = soFar.serial] {
                m_result.serial = s;
                Q_EMIT pointDone();
            });
            return;
        }
        SweepPoint& last = soFar.points.back();
        auto moved = std::make_shared<std::map<std::string, std::vector<Event>>>(std::move(last.events));
        last.events.clear();
        post([this, p = last, moved] {
            for (auto& [mode, events] : *moved)
                m_recordings[{p.workers, mode}] = std::move(events);
            m_result.points.push_back(p);
            Q_EMIT pointDone();
        });
    };
    const bool cancelled = runSweep(o.scenario, so).cancelled;
    post([this, cancelled] {
        m_result.cancelled = cancelled;
        finish(cancelled);
    });
}

} // namespace poolscope::ui
