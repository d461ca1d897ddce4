#include "ui/run/runcontroller.h"

#include "core/run/gatedriver.h"
#include "ui/run/eventbridge.h"

#include <algorithm>

namespace poolscope::ui {

RunController::RunController(QObject* parent) : QObject(parent), m_bridge(new EventBridge(this))
{
    qRegisterMetaType<poolscope::ui::RunSpec>();
    qRegisterMetaType<poolscope::ui::RunState>();
    connect(m_bridge, &EventBridge::frameReady, this, &RunController::onFrame);
    m_reaper.setInterval(100);
    connect(&m_reaper, &QTimer::timeout, this, &RunController::reap);
    m_scene.reset(m_spec.pool(), m_spec.scenario.workers);
    m_metrics.reset(m_spec.scenario.workers);
}

RunController::~RunController()
{
    beginShutdown();
    // Blocking is fine here: the window is gone. Each join returns once the
    // running tasks finished (threads cannot be interrupted, as in Python).
    m_session.reset();
    m_retired.clear();
}

int RunController::gateWaiting() const
{
    return m_bridge->gate().waiting();
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
    switch (m_state) {
    case RunState::Running:
        return std::max(m_bridge->gate().runNowNs(), m_scene.tLast());
    case RunState::Paused:
        return std::max(m_pausedAt, m_scene.tLast());
    case RunState::Idle:
    case RunState::Finished:
        break;
    }
    return m_scene.tLast() >= 0 ? m_scene.tLast() : m_bridge->gate().runNowNs();
}

bool RunController::canIntervene() const
{
    return m_session && (m_state == RunState::Running || m_state == RunState::Paused);
}

bool RunController::canKillWorkers() const
{
    return canIntervene() && m_session->canKillWorkers();
}

int RunController::liveRuns() const
{
    int n = m_session && !m_session->finished() ? 1 : 0;
    for (const auto& s : m_retired)
        n += s->finished() ? 0 : 1;
    return n;
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
        m_scene.reset(m_spec.pool(), m_spec.scenario.workers);
        Q_EMIT runReset();
    }
}

void RunController::startRun(bool paused)
{
    if (m_shuttingDown)
        return;
    const std::string error = m_spec.validate();
    if (!error.empty()) {
        Q_EMIT message(tr("Cannot run: %1").arg(QString::fromStdString(error)));
        return;
    }
    retireCurrent();
    m_generation = m_bridge->beginRun();
    clearView();
    ExecutionGate& gate = m_bridge->gate();
    gate.setPacingNs(pacingNsFor(m_spec.speed));
    if (paused)
        gate.pause();
    else
        gate.resume();
    m_session = std::make_unique<RunSession>(m_spec, m_bridge, m_generation);
    m_session->start();
    setState(paused ? RunState::Paused : RunState::Running);
}

void RunController::retireCurrent()
{
    if (!m_session)
        return;
    m_session->abort();
    m_retired.push_back(std::move(m_session));
    if (!m_reaper.isActive())
        m_reaper.start();
}

void RunController::reap()
{
    // Only finished runs are joined, so this never blocks the GUI thread.
    std::erase_if(m_retired, [](const std::unique_ptr<RunSession>& s) {
        if (!s->finished())
            return false;
        s->join();
        return true;
    });
    if (m_retired.empty())
        m_reaper.stop();
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
    if (m_state == RunState::Running)
        pause();
    else
        run();
}

void RunController::step()
{
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
    m_scene.reset(m_spec.pool(), m_spec.scenario.workers);
    m_timeline.reset();
    m_metrics.reset(m_spec.scenario.workers);
    m_selected = -1;
    m_steps = 0;
    m_follow = true;
    Q_EMIT selectedTaskChanged(-1);
    Q_EMIT runReset();
}

void RunController::reset()
{
    retireCurrent();
    m_generation = m_bridge->beginRun(); // drops whatever the old run still emits
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
    m_session->cancelFuture(m_selected);
}

void RunController::shutdownPool(bool wait, bool cancelFutures)
{
    if (!canIntervene())
        return;
    m_session->shutdown(wait, cancelFutures);
}

void RunController::killWorker(int pid)
{
    if (!canKillWorkers())
        return;
    m_session->killWorker(pid);
}

void RunController::beginShutdown()
{
    m_shuttingDown = true;
    m_bridge->gate().openForever();
    if (m_session)
        m_session->abort();
    for (auto& s : m_retired)
        s->abort();
}

void RunController::onFrame(const FrameBatch& batch)
{
    if (batch.generation != m_generation)
        return;
    if (batch.events) {
        for (const Event& e : *batch.events) {
            m_scene.apply(e);
            m_timeline.apply(e);
            m_metrics.apply(e);
        }
    }
    if (batch.outcomes)
        for (const FutureOutcome& o : *batch.outcomes)
            m_scene.applyOutcome(o);
    bool finished = false;
    if (batch.notices) {
        for (const RunNotice& n : *batch.notices) {
            switch (n.kind) {
            case RunNotice::Kind::CallerError:
                m_scene.setCallerError(n.type, n.text);
                Q_EMIT message(tr("The caller saw %1: %2")
                                   .arg(QString::fromStdString(n.type), QString::fromStdString(n.text)));
                break;
            case RunNotice::Kind::Finished:
                finished = true;
                break;
            case RunNotice::Kind::Info:
                Q_EMIT message(QString::fromStdString(n.text));
                break;
            }
        }
    }
    Q_EMIT frameApplied(batch);
    if (finished) {
        m_bridge->gate().resume();
        setState(RunState::Finished);
    }
}

} // namespace poolscope::ui
