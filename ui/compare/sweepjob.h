#pragma once
// The window's speedup sweep in the background: poolscope-cli sweep's runSweep() (the serial
// median, then every mode's median of `repeat` runs for each worker count, core/run/comparison.h),
// on a thread of its own so the window keeps drawing. Progress
// and each finished point reach the GUI thread through queued calls (ui/compare/backgroundjob.h).
// The recording of each point's median run is kept, within a budget of events, so that a click on
// the chart can open that very run in replay.

#include "core/events/event.h"
#include "core/run/comparison.h"
#include "ui/compare/backgroundjob.h"

#include <map>
#include <utility>
#include <vector>

namespace poolscope::ui {

class SweepJob : public BackgroundJob
{
    Q_OBJECT

public:
    struct Options
    {
        Scenario scenario;
        int lo = 1;
        int hi = 4;
        int repeat = 1;
        std::vector<std::string> modes = sweepModes();
        // Events kept over all median recordings (about 50 bytes each); beyond it a point has none.
        std::size_t keepEvents = 2'000'000;
    };

    explicit SweepJob(QObject* parent = nullptr);

    // Starts a sweep (a running one is cancelled and waited for first).
    void start(const Options& options);
    const Options& options() const { return m_options; }
    // What has arrived so far (GUI thread).
    const SweepResult& result() const { return m_result; }
    // The scenario a mode ran with at that worker count.
    static Scenario modeScenario(const Scenario& base, const std::string& mode, int workers);
    // The median run's recording at that point, null when it was not kept.
    const std::vector<Event>* recording(int workers, const std::string& mode) const;

Q_SIGNALS:
    void pointDone(); // result() has one more point (or the serial baseline)

private:
    void work(const Options& options);

    Options m_options;
    SweepResult m_result;
    std::map<std::pair<int, std::string>, std::vector<Event>> m_recordings;
};

} // namespace poolscope::ui
