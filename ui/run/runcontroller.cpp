#include "ui/run/runcontroller.h"

#include "core/run/calibration.h"
#include "core/run/gatedriver.h"
#include "ui/run/eventbridge.h"
#include "ui/run/noticetext.h"

#include <algorithm>

namespace poolscope::ui {

RunController::RunController(QObject* parent)
    : QObject(parent), m_bridge(new EventBridge(this)), m_runs(m_bridge)
{
    qRegisterMetaType<poolscope::ui::RunSpec>();
    qRegisterMetaType<poolscope::ui::RunState>();
    connect(m_bridge, &EventBridge::frameReady, this, &RunController::onFrame);
    m_player.setInterval(16);
    m_player.setTimerType(Qt::PreciseTimer);
    connect(&m_player, &QTimer::timeout, this, &RunController::replayTick);
    m_recording.reset(m_spec.pool(), m_spec.scenario.workers);
}

RunController::~RunController() = default; // m_runs joins every run

int RunController::gateWaiting() const
{
    return m_bridge->gate().waiting();
}

int RunController::unfreezable() const
{
    return m_bridge->gate().unfreezable();
}

std::int64_t RunController::pacingNsFor(double speed)
{
    // The same gap poolscope-cli's --speed paces with.
    return slowMotionGapNs(speed);
}

std::int64_t RunController::animationNs() const
{
    const std::int64_t gap = pacingNsFor(m_spec.speed);
    return std::clamp<std::int64_t>(gap * 9 / 10, 220'000'000, 700'000'000);
}

std::int64_t RunController::displayNow() const
{
    if (!atLive())
        return cursorTime();
    const std::int64_t last = scene().tLast();
    switch (m_state) {
    case RunState::Running:
        return std::max(m_bridge->gate().runNowNs(), last);
    case RunState::Paused:
        return std::max(m_pausedAt, last);
    case RunState::Idle:
    case RunState::Finished:
        break;
    }
    return last >= 0 ? last : m_bridge->gate().runNowNs();
}

bool RunController::canIntervene() const
{
    // Only at live: the past cannot be changed.
    return atLive() && m_runs.current() && (m_state == RunState::Running || m_state == RunState::Paused);
}

bool RunController::canKillWorkers() const
{
    return canIntervene() && m_runs.current()->canKillWorkers();
}

void RunController::setState(RunState s)
{
    if (s == m_state)
        return;
    if (s == RunState::Paused)
        m_pausedAt = m_bridge->gate().runNowNs();
    m_state = s;
    Q_EMIT stateChanged(s);
}

void RunController::setSpec(const RunSpec& spec)
{
    if (spec == m_spec)
        return;
    const bool speedOnly = [&] {
        RunSpec a = spec;
        a.speed = m_spec.speed;
        return a == m_spec;
    }();
    const double oldSpeed = m_spec.speed;
    m_spec = spec;
    Q_EMIT specChanged(m_spec);
    if (oldSpeed != m_spec.speed) {
        m_bridge->gate().setPacingNs(pacingNsFor(m_spec.speed));
        Q_EMIT speedChanged(m_spec.speed);
    }
    if (!speedOnly && m_state == RunState::Idle) {
        returnToLive();
        m_recording.resetScene(m_spec.pool(), m_spec.scenario.workers);
        Q_EMIT runReset();
    }
}

void RunController::startRun(bool paused)
{
    if (m_runs.shuttingDown())
        return;
    const std::string error = m_spec.validate();
    if (!error.empty()) {
        Q_EMIT message(tr("Cannot run: %1").arg(QString::fromStdString(error)));
        return;
    }
    resolveTargetMs(m_spec.scenario); // sized by time: the n of this machine, recorded with the run
    m_runs.renew();
    clearView();
    m_runs.launch(m_spec, pacingNsFor(m_spec.speed), paused);
    setState(paused ? RunState::Paused : RunState::Running);
}

void RunController::run()
{
    switch (m_state) {
    case RunState::Idle:
    case RunState::Finished:
        startRun(false);
        break;
    case RunState::Paused:
        m_bridge->gate().resume();
        setState(RunState::Running);
        break;
    case RunState::Running:
        break;
    }
}

void RunController::pause()
{
    if (m_state != RunState::Running)
        return;
    m_bridge->gate().pause();
    setState(RunState::Paused);
}

void RunController::togglePause()
{
    if (!atLive()) { // behind live, Space plays and pauses the history
        toggleReplay();
        return;
    }
    if (m_state == RunState::Running)
        pause();
    else
        run();
}

void RunController::step()
{
    if (!atLive()) { // behind live, Step moves through the history
        stepForward();
        return;
    }
    switch (m_state) {
    case RunState::Idle:
    case RunState::Finished:
        startRun(true);
        break;
    case RunState::Running:
        pause();
        return; // the first press freezes; the next ones step
    case RunState::Paused:
        break;
    }
    if (m_state != RunState::Paused)
        return;
    m_bridge->gate().step(1);
    ++m_steps;
    Q_EMIT stepped(m_steps);
}

// An empty scene, timeline and charts for the current spec; nothing selected.
void RunController::clearView()
{
    m_player.stop();
    m_recording.reset(m_spec.pool(), m_spec.scenario.workers);
    m_outcome.reset();
    m_selected = -1;
    m_steps = 0;
    m_follow = true;
    Q_EMIT selectedTaskChanged(-1);
    Q_EMIT runReset();
    Q_EMIT cursorChanged();
}

void RunController::reset()
{
    m_runs.renew(); // drops whatever the old run still emits
    m_bridge->gate().resume();
    clearView();
    setState(RunState::Idle);
}

void RunController::setSpeed(double speed)
{
    RunSpec s = m_spec;
    s.speed = std::clamp(speed, 0.01, 1.0);
    setSpec(s);
}

void RunController::selectTask(qint64 task)
{
    if (task == m_selected)
        return;
    m_selected = task;
    Q_EMIT selectedTaskChanged(task);
}

void RunController::setTimelineZoom(double nsPerPx)
{
    nsPerPx = std::clamp(nsPerPx, 1e3, 1e9); // 1 us .. 1 s per pixel
    if (nsPerPx == m_nsPerPx)
        return;
    m_nsPerPx = nsPerPx;
    Q_EMIT timelineViewChanged();
}

void RunController::setTimelineFollow(bool follow)
{
    if (follow == m_follow)
        return;
    m_follow = follow;
    Q_EMIT timelineViewChanged();
}

void RunController::setTimelineViewStart(qint64 ns)
{
    m_viewStart = ns;
    m_follow = false;
    Q_EMIT timelineViewChanged();
}

void RunController::cancelSelectedFuture()
{
    if (!canIntervene() || m_selected < 0)
        return;
    m_runs.current()->cancelFuture(m_selected);
}

void RunController::shutdownPool(bool wait, bool cancelFutures)
{
    if (!canIntervene())
        return;
    m_runs.current()->shutdown(wait, cancelFutures);
}

void RunController::killWorker(int pid)
{
    if (!canKillWorkers())
        return;
    m_runs.current()->killWorker(pid);
}

void RunController::beginShutdown()
{
    m_runs.shutdown();
}

void RunController::onFrame(const FrameBatch& batch)
{
    if (batch.generation != m_runs.generation())
        return;
    if (batch.events)
        for (const Event& e : *batch.events)
            m_recording.append(e);
    if (batch.outcomes)
        for (const FutureOutcome& o : *batch.outcomes)
            m_recording.appendOutcome(o);
    bool finished = false;
    if (batch.notices) {
        for (const RunNotice& n : *batch.notices) {
            switch (n.kind) {
            case RunNotice::Kind::CallerError:
                m_recording.appendCallerError(n.type, n.text);
                Q_EMIT message(tr("The caller saw %1: %2")
                                   .arg(QString::fromStdString(n.type), QString::fromStdString(n.text)));
                break;
            case RunNotice::Kind::Finished:
                finished = true;
                break;
            case RunNotice::Kind::Caller:
                if (n.caller)
                    Q_EMIT message(NoticeText::describe(*n.caller));
                break;
            case RunNotice::Kind::HelperError: // Python's exception, as Python words it
                Q_EMIT message(QString::fromStdString(n.type + ": " + n.text));
                break;
            case RunNotice::Kind::CancelReturned:
                Q_EMIT message(NoticeText::cancelReturned(n.value != 0));
                break;
            case RunNotice::Kind::NotALiveWorker:
                Q_EMIT message(NoticeText::notALiveWorker(n.value));
                break;
            }
        }
    }
    Q_EMIT frameApplied(batch);
    if (finished) {
        if (m_runs.current())
            m_outcome = m_runs.current()->outcome();
        m_bridge->gate().resume();
        setState(RunState::Finished);
    }
}

void RunController::seek(qint64 position)
{
    const std::size_t size = history().size();
    const auto k = static_cast<std::size_t>(std::clamp<qint64>(position, 0, static_cast<qint64>(size)));
    if (k == cursor())
        return;
    if (k == size) { // the end of the history is live
        returnToLive();
        return;
    }
    m_recording.seek(k);
    Q_EMIT cursorChanged();
}

void RunController::stepBack()
{
    if (cursor() > 0)
        seek(static_cast<qint64>(cursor()) - 1);
}

void RunController::stepForward()
{
    if (!atLive())
        seek(static_cast<qint64>(cursor()) + 1);
}

void RunController::returnToLive()
{
    m_player.stop();
    if (!m_recording.returnToLive())
        return;
    Q_EMIT cursorChanged();
    Q_EMIT replayChanged();
}

void RunController::loadRecording(const RunSpec& spec, std::vector<Event> events,
                                  std::optional<RunOutcome> outcome, const std::vector<RunNote>& notes)
{
    m_runs.renew(); // whatever the old run still emits is dropped
    m_bridge->gate().resume();
    const bool speed = spec.speed != m_spec.speed;
    m_spec = spec; // not validated: it is not run, and a file may hold more than the window runs
    Q_EMIT specChanged(m_spec);
    if (speed)
        Q_EMIT speedChanged(m_spec.speed);
    clearView();
    m_recording.load(events, notes, outcome);
    m_outcome = std::move(outcome);
    FrameBatch batch;
    batch.generation = m_runs.generation();
    batch.events = std::make_shared<const std::vector<Event>>(std::move(events));
    Q_EMIT frameApplied(batch);
    m_state = RunState::Idle; // so setState announces Finished even if the last run had finished too
    setState(RunState::Finished);
    Q_EMIT cursorChanged();
}

void RunController::seekNext(RunHistory::Mark mark)
{
    seek(static_cast<qint64>(history().next(mark, cursor())));
}

void RunController::seekTaskStage(bool forward)
{
    if (m_selected < 0)
        return;
    seek(static_cast<qint64>(forward ? history().nextStageOf(m_selected, cursor())
                                     : history().previousStageOf(m_selected, cursor())));
}

void RunController::playReplay()
{
    if (history().empty())
        return;
    if (atLive()) {
        if (m_state == RunState::Running)
            return; // live already plays
        seek(0);    // a finished or paused run plays again from its start
    }
    m_replayClock.start(cursorTime(), nowNs());
    m_player.start();
    Q_EMIT replayChanged();
}

void RunController::pauseReplay()
{
    if (!m_player.isActive())
        return;
    m_player.stop();
    Q_EMIT replayChanged();
}

void RunController::toggleReplay()
{
    if (m_player.isActive())
        pauseReplay();
    else
        playReplay();
}

void RunController::setReplaySpeed(double speed)
{
    if (m_replayClock.setSpeed(speed, nowNs()))
        Q_EMIT replayChanged();
}

void RunController::replayTick()
{
    // The run's own clock, scaled: events play back at the pace they happened.
    const std::int64_t run = m_replayClock.advance(nowNs());
    // Never backwards (clock ties between threads).
    const std::size_t k = std::max(history().positionAtTime(run), cursor());
    if (k >= history().size()) {
        seek(static_cast<qint64>(history().size()));
        m_player.stop();
        Q_EMIT replayChanged();
        return;
    }
    seek(static_cast<qint64>(k));
}

} // namespace poolscope::ui
