#pragma once
// A run's whole history for replay: every event in order, the caller-side
// outcomes and errors at the position they arrived, and keyframes (a copy of
// the scene every K events) so the scene at any point is one keyframe copy plus
// at most K-1 events folded on top. Plain C++, no widgets; unit-tested.

#include "core/run/runfile.h"
#include "ui/model/scenestate.h"

#include <cstddef>
#include <string>
#include <vector>

namespace poolscope::ui {

class RunHistory
{
public:
    // A keyframe every 4096 events: a seek folds at most that many (well under a
    // millisecond). Task records, queues and the pending map are shared between
    // copies in chunks, so a keyframe costs its chunk tables (a pointer per 64 ids)
    // up front, plus the chunks the run writes after it; when the tables are big
    // (hundreds of thousands of tasks) keyframes are spaced so that the tables cost
    // at most kKeyframeBytesPerEvent per event they span (docs/benchmarks.md#replay).
    static constexpr std::size_t kDefaultKeyframeEvery = 4096;
    static constexpr std::size_t kKeyframeBytesPerEvent = 48;

    // `keyframeBudget`: bytes a keyframe may cost per event it spans (tests pass SIZE_MAX: exactly every K).
    explicit RunHistory(std::size_t keyframeEvery = kDefaultKeyframeEvery,
                        std::size_t keyframeBudget = kKeyframeBytesPerEvent);

    // Start over from `base` (the empty scene of the run about to start).
    void reset(const SceneState& base);

    // Record `e` and fold it into `live`, the scene after every event so far
    // (the caller owns it so its address can stay stable for the views).
    void append(const Event& e, SceneState& live);
    void appendOutcome(const FutureOutcome& o, SceneState& live);
    void appendCallerError(const std::string& type, const std::string& text, SceneState& live);
    // A run file's note (an outcome or the caller's error) at the current end of the history.
    void appendNote(const RunNote& note, SceneState& live);
    // The outcomes and caller errors as run-file notes: each after the highest seq recorded before
    // it (not decreasing, though a worker's ring may be drained a frame late).
    std::vector<RunNote> notes() const;

    std::size_t size() const noexcept { return m_events.size(); }
    bool empty() const noexcept { return m_events.empty(); }
    const Event& event(std::size_t i) const { return m_events[i]; }
    const std::vector<Event>& events() const noexcept { return m_events; }
    std::size_t keyframeEvery() const noexcept { return m_every; }
    std::size_t keyframes() const noexcept { return m_keyframes.size(); }

    // The scene after the first k events (k in 0..size()), with every outcome
    // and caller error that had arrived by then.
    SceneState sceneAt(std::size_t k) const;
    // Move `scene`, which is the scene at `from`, to the scene at `to`: folds
    // forward when that is shorter than starting from a keyframe.
    void seek(SceneState& scene, std::size_t from, std::size_t to) const;

    // The first position after `from` (exclusive) whose last event matches, or size() + 1 if none.
    enum class Mark : std::uint8_t
    {
        Submit,
        Completion,
        Error,
        WorkerDeath,
    };
    std::size_t next(Mark mark, std::size_t from) const;
    // First position p > from whose event (p-1) concerns `task` and moves it to another stage.
    std::size_t nextStageOf(std::int64_t task, std::size_t from) const;
    std::size_t previousStageOf(std::int64_t task, std::size_t from) const;
    // The position (0..size()) of the last event at or before time t (ns).
    std::size_t positionAtTime(std::int64_t t) const;

    // Heap bytes this history holds (events, side records, keyframes' own data).
    std::size_t memoryBytes() const;

private:
    struct Side
    {
        std::size_t pos = 0; // applied right after the first `pos` events
        bool isError = false;
        FutureOutcome outcome;
    };
    void keyframeIfDue(const SceneState& live);
    void applySide(SceneState& s, std::size_t pos) const;
    void foldRange(SceneState& s, std::size_t from, std::size_t to) const;

    std::size_t m_every;
    std::size_t m_budget;
    SceneState m_base;
    std::vector<Event> m_events;
    std::vector<Side> m_side;
    std::vector<SceneState> m_keyframes; // m_keyframes[j]: the scene at m_keyframePos[j]
    std::vector<std::size_t> m_keyframePos;
    std::size_t m_nextKeyframe = 0;
};

} // namespace poolscope::ui
