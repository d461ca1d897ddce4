#pragma once
// One run of the compare view: its scenario as that pool ran it, its recording, its outcome and the
// measures of core/run/runmeasures.h. Made from a comparison the window ran (core/run/comparison.h,
// the code `poolscope-cli compare` runs) or read from a run file that `poolscope-cli compare --trace`
// wrote, so that both show the same numbers.

#include "core/events/event.h"
#include "core/run/comparison.h"
#include "core/run/runfile.h"
#include "core/run/runmeasures.h"
#include "core/run/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace poolscope::ui {

struct RecordedRun
{
    std::string mode;  // serial, thread, process
    Scenario scenario; // as this run ran it: its pool, workers and GIL
    std::vector<Event> events;
    std::optional<RunOutcome> outcome;
    std::vector<RunNote> notes;
    RunSummary summary;
    RunMeasures measures;
    std::string source; // the run file it was read from, "" when the window ran it
    // Where its scenario differs from the run it is compared with (its own value in `a`): what its
    // label names besides the pool ("extra_queued_calls 16").
    std::vector<ScenarioDifference> differences;

    // The lockstep clock's zero: the first submit (the first event when nothing was submitted).
    std::int64_t firstSubmitNs() const;
    // From the first submit to the last event.
    std::int64_t spanNs() const;

    // The median run of `mode` in a comparison. Null recording: throws.
    static RecordedRun fromComparison(const ModeResult& mode);
    // A run file; throws RunFileError("PATH: what is wrong") for a bad file or one without events.
    static RecordedRun fromFile(const std::string& path);
};

// Sets each run's speedup against the serial one among them of the same work (0 when none is).
void setSpeedups(std::vector<RecordedRun>& runs);
// Sets the differences of `a` and `b` from each other.
void setDifferences(RecordedRun& a, RecordedRun& b);

} // namespace poolscope::ui
