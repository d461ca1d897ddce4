#pragma once
// What the views paint from (RunController): every event of the run, recorded
// in its history and folded into the scene, the timeline and the charts; and the
// replay cursor, which shows the scene after any prefix of the history while the
// live fold goes on aside. Plain C++, GUI thread only.

#include "ui/model/metricsseries.h"
#include "ui/model/runhistory.h"
#include "ui/model/scenestate.h"
#include "ui/model/timelinedata.h"

#include <optional>

namespace poolscope::ui {

class RunRecording
{
public:
    // Empty, for a run of `pool` with `workers` (the scene only, or everything).
    void resetScene(PoolKind pool, int workers);
    void reset(PoolKind pool, int workers);

    // The scene at the cursor: the live scene at live, else the replayed one (same address).
    const SceneState& scene() const noexcept { return m_scene; }
    const RunHistory& history() const noexcept { return m_history; }
    const TimelineData& timeline() const noexcept { return m_timeline; }
    const MetricsSeries& metrics() const noexcept { return m_metrics; }
    // 0..history().size(): the scene after that many events. At live it follows the run.
    std::size_t cursor() const noexcept { return m_atLive ? m_history.size() : m_cursor; }
    bool atLive() const noexcept { return m_atLive; }
    // Time of the last event the cursor shows (the run's start at 0).
    std::int64_t cursorTime() const;

    // Recorded at the end of the history and folded into the live scene.
    void append(const Event& e);
    void appendOutcome(const FutureOutcome& o) { m_history.appendOutcome(o, live()); }
    void appendCallerError(const std::string& type, const std::string& text)
    {
        m_history.appendCallerError(type, text, live());
    }
    // A recorded run: `events` with `notes` where they arrived. Without a caller-error
    // note, the outcome's caller error, if any, comes after the last event.
    void load(const std::vector<Event>& events, const std::vector<RunNote>& notes,
              const std::optional<RunOutcome>& outcome);

    // Off live, to the scene after `k` < history().size() events.
    void seek(std::size_t k);
    // Back to the live scene; false if it is shown already.
    bool returnToLive();

private:
    SceneState& live() noexcept { return m_atLive ? m_scene : m_liveStash; }

    SceneState m_scene;     // what the views show: the live fold, or the scene at the cursor
    SceneState m_liveStash; // the live fold while the cursor is off live
    RunHistory m_history;
    std::size_t m_cursor = 0;
    bool m_atLive = true;
    TimelineData m_timeline;
    MetricsSeries m_metrics;
};

} // namespace poolscope::ui
