#pragma once
// The one place view state lives: run state, pause/step, speed, timeline zoom,
// the selected task. It owns the bridge, the runs (RunLifecycle) and the scene
// data the views paint from (RunRecording). GUI thread only; it never waits on
// an executor: runs and interventions live on their own threads.

#include "ui/model/runrecording.h"
#include "ui/run/replayclock.h"
#include "ui/run/runlifecycle.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace poolscope::ui {

class EventBridge;

enum class RunState : std::uint8_t
{
    Idle,
    Running,
    Paused,
    Finished
};

class RunController : public QObject
{
    Q_OBJECT
public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override; // joins every run (the window is gone by then)

    const RunSpec& spec() const noexcept { return m_spec; }
    RunState state() const noexcept { return m_state; }
    double speed() const noexcept { return m_spec.speed; }
    std::int64_t selectedTask() const noexcept { return m_selected; }
    std::uint64_t stepsTaken() const noexcept { return m_steps; }
    // Threads held at the gate right now.
    int gateWaiting() const;
    // Calls running on although the run is held (a GMP call on a thread: one C call).
    int unfreezable() const;
    double timelineNsPerPx() const noexcept { return m_nsPerPx; }
    bool timelineFollow() const noexcept { return m_follow; }
    std::int64_t timelineViewStart() const noexcept { return m_viewStart; }

    // The scene at the cursor, the history, the cursor: as RunRecording says.
    const SceneState& scene() const noexcept { return m_recording.scene(); }
    const RunHistory& history() const noexcept { return m_recording.history(); }
    std::size_t cursor() const noexcept { return m_recording.cursor(); }
    bool atLive() const noexcept { return m_recording.atLive(); }
    // The caller has left the with-block in what the cursor shows: the run finished and the
    // cursor is at its end (mid-replay the caller is still where the recording had it).
    bool showsRunEnd() const noexcept
    {
        return m_state == RunState::Finished && cursor() == history().size();
    }
    // Time of the last event the cursor shows (the run's start at 0).
    std::int64_t cursorTime() const { return m_recording.cursorTime(); }
    bool replayPlaying() const noexcept { return m_player.isActive(); }
    double replaySpeed() const noexcept { return m_replayClock.speed(); }
    const TimelineData& timeline() const noexcept { return m_recording.timeline(); }
    const MetricsSeries& metrics() const noexcept { return m_recording.metrics(); }
    EventBridge* bridge() const noexcept { return m_bridge; }
    // The time the views show as "now" (frozen while paused or finished).
    std::int64_t displayNow() const;
    // Animation length for chips at the current speed.
    std::int64_t animationNs() const;
    // Minimum gap between two events at `speed` (slow-motion pacing).
    static std::int64_t pacingNsFor(double speed);

    // What the run ended with: the live run's once it finished, or the opened file's
    // (none while a run is going, or when the file has none).
    const std::optional<RunOutcome>& outcome() const noexcept { return m_outcome; }

    bool canIntervene() const;
    bool canKillWorkers() const;
    // Runs not joined yet (the current one and those being reset away).
    int liveRuns() const { return m_runs.live(); }

public Q_SLOTS:
    void setSpec(const poolscope::ui::RunSpec& spec);
    void run();
    void pause();
    void togglePause();
    void step();
    void reset();
    void setSpeed(double speed);
    void selectTask(qint64 task);
    void setTimelineZoom(double nsPerPx);
    void setTimelineFollow(bool follow);
    void setTimelineViewStart(qint64 ns);
    void cancelSelectedFuture();
    void shutdownPool(bool wait, bool cancelFutures);
    void killWorker(int pid);
    // Closing: let every run end (no blocking here; the destructor joins).
    void beginShutdown();
    // Replay (history only: none of these touches an executor).
    void seek(qint64 position);
    void stepBack();
    void stepForward();
    void returnToLive();
    void seekNext(poolscope::ui::RunHistory::Mark mark);
    // Next / previous stage of the selected task.
    void seekTaskStage(bool forward);
    void playReplay();
    void pauseReplay();
    void toggleReplay();
    void setReplaySpeed(double speed); // x0.1 .. x10 of the run's own pace
    // A recorded run (an opened run file): nothing runs; the history is `events`
    // with `notes` (results, the caller's error) where they arrived, and the run is
    // Finished, the cursor at its end. Without a caller-error note, the outcome's
    // caller error, if any, shows from the end of the history (the CLI's files do
    // not say where it arrived).
    void loadRecording(const poolscope::ui::RunSpec& spec, std::vector<poolscope::Event> events,
                       std::optional<poolscope::RunOutcome> outcome = std::nullopt,
                       const std::vector<poolscope::RunNote>& notes = {});

Q_SIGNALS:
    void stateChanged(poolscope::ui::RunState state);
    void specChanged(const poolscope::ui::RunSpec& spec);
    void speedChanged(double speed);
    void selectedTaskChanged(qint64 task);
    void timelineViewChanged();
    // A new run starts or the old one was reset: views drop what they hold.
    void runReset();
    // After the scene applied a frame; models append its events.
    void frameApplied(const poolscope::ui::FrameBatch& batch);
    void stepped(quint64 steps);
    // The cursor moved, or left / came back to live.
    void cursorChanged();
    void replayChanged();
    void message(const QString& text);

private Q_SLOTS:
    void onFrame(const poolscope::ui::FrameBatch& batch);

private:
    void startRun(bool paused);
    void setState(RunState s);
    void clearView();
    void replayTick();

    EventBridge* m_bridge = nullptr;
    RunLifecycle m_runs; // after the bridge, which it uses
    RunSpec m_spec;
    RunState m_state = RunState::Idle;

    RunRecording m_recording;
    std::optional<RunOutcome> m_outcome;
    QTimer m_player;
    ReplayClock m_replayClock;

    std::int64_t m_selected = -1;
    std::uint64_t m_steps = 0;
    std::int64_t m_pausedAt = -1;
    double m_nsPerPx = 2e6; // 2 ms per pixel
    bool m_follow = true;
    std::int64_t m_viewStart = 0;
};

} // namespace poolscope::ui

Q_DECLARE_METATYPE(poolscope::ui::RunState)
