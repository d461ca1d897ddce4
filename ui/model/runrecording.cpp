#include "ui/model/runrecording.h"

namespace poolscope::ui {

void RunRecording::resetScene(PoolKind pool, int workers)
{
    m_atLive = true;
    m_liveStash = SceneState();
    m_scene.reset(pool, workers);
    m_history.reset(m_scene);
    m_cursor = 0;
}

void RunRecording::reset(PoolKind pool, int workers)
{
    resetScene(pool, workers);
    m_timeline.reset();
    m_metrics.reset(workers);
}

std::int64_t RunRecording::cursorTime() const
{
    const std::size_t k = cursor();
    if (k == 0)
        return m_history.empty() ? nowNs() : m_history.event(0).tNs;
    return m_history.event(k - 1).tNs;
}

void RunRecording::append(const Event& e)
{
    m_history.append(e, live());
    m_timeline.apply(e);
    m_metrics.apply(e);
}

void RunRecording::load(const std::vector<Event>& events, const std::vector<RunNote>& notes,
                        const std::optional<RunOutcome>& outcome)
{
    auto note = notes.cbegin();
    bool callerErrorNoted = false;
    const auto notesUpTo = [&](std::uint64_t seq) {
        for (; note != notes.cend() && note->afterSeq <= seq; ++note) {
            callerErrorNoted = callerErrorNoted || note->kind == RunNote::Kind::CallerError;
            m_history.appendNote(*note, live());
        }
    };
    notesUpTo(0);
    for (const Event& e : events) {
        append(e);
        notesUpTo(e.seq);
    }
    notesUpTo(UINT64_MAX);
    if (outcome && !outcome->errorType.empty() && !callerErrorNoted)
        appendCallerError(outcome->errorType, outcome->errorMessage);
}

void RunRecording::seek(std::size_t k)
{
    if (m_atLive) {
        std::swap(m_scene, m_liveStash);
        m_scene = m_history.sceneAt(k);
        m_atLive = false;
    } else {
        m_history.seek(m_scene, m_cursor, k);
    }
    m_cursor = k;
}

bool RunRecording::returnToLive()
{
    if (m_atLive)
        return false;
    std::swap(m_scene, m_liveStash);
    m_liveStash = SceneState();
    m_atLive = true;
    m_cursor = m_history.size();
    return true;
}

} // namespace poolscope::ui
