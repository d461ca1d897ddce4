#include "ui/model/runhistory.h"

#include <algorithm>

namespace poolscope::ui {

namespace {
// Events that move a task from one stage of the inspector to the next.
bool movesTask(EventKind k)
{
    switch (k) {
    case EventKind::Submit:
    case EventKind::WorkQueuePut:
    case EventKind::WorkQueueGet:
    case EventKind::WorkIdPut:
    case EventKind::WorkIdGet:
    case EventKind::CallQueuePut:
    case EventKind::FeederSerialize:
    case EventKind::WorkerGet:
    case EventKind::TaskStart:
    case EventKind::GilRequest:
    case EventKind::GilAcquire:
    case EventKind::TaskEnd:
    case EventKind::ResultSerialize:
    case EventKind::ResultPipeRead:
    case EventKind::FutureState:
        return true;
    default:
        return false;
    }
}

bool matches(RunHistory::Mark mark, const Event& e)
{
    switch (mark) {
    case RunHistory::Mark::Submit:
        return e.kind == EventKind::Submit;
    case RunHistory::Mark::Completion:
        return e.kind == EventKind::FutureState &&
               e.value2 == static_cast<std::int64_t>(FutureStatus::Finished);
    case RunHistory::Mark::Error:
        return (e.kind == EventKind::TaskEnd && e.value2 != 0) || e.kind == EventKind::FeederError ||
               e.kind == EventKind::PoolBroken || e.kind == EventKind::Timeout ||
               e.kind == EventKind::InitializerFailed || e.kind == EventKind::CallbackError;
    case RunHistory::Mark::WorkerDeath:
        return e.kind == EventKind::ProcessExit &&
               e.value != static_cast<std::int64_t>(ExitReason::Sentinel) &&
               e.value != static_cast<std::int64_t>(ExitReason::MaxTasks);
    }
    return false;
}
} // namespace

RunHistory::RunHistory(std::size_t keyframeEvery, std::size_t keyframeBudget)
    : m_every(std::max<std::size_t>(1, keyframeEvery)), m_budget(std::max<std::size_t>(1, keyframeBudget))
{
}

void RunHistory::reset(const SceneState& base)
{
    m_base = base;
    m_events.clear();
    m_events.shrink_to_fit();
    m_side.clear();
    m_keyframes.clear();
    m_keyframePos.clear();
    m_nextKeyframe = 0;
}

void RunHistory::keyframeIfDue(const SceneState& live)
{
    // Taken before the event at its position is applied, so it holds every side record there too.
    if (m_events.size() < m_nextKeyframe)
        return;
    m_keyframes.push_back(live);
    m_keyframePos.push_back(m_events.size());
    m_nextKeyframe = m_events.size() + std::max(m_every, live.copyBytes() / m_budget);
}

void RunHistory::append(const Event& e, SceneState& live)
{
    keyframeIfDue(live);
    m_events.push_back(e);
    live.apply(e);
}

void RunHistory::appendOutcome(const FutureOutcome& o, SceneState& live)
{
    m_side.push_back({.pos = m_events.size(), .isError = false, .outcome = o});
    live.applyOutcome(o);
}

void RunHistory::appendCallerError(const std::string& type, const std::string& text, SceneState& live)
{
    Side s{.pos = m_events.size(), .isError = true, .outcome = {}};
    s.outcome.type = type;
    s.outcome.text = text;
    m_side.push_back(std::move(s));
    live.setCallerError(type, text);
}

void RunHistory::appendNote(const RunNote& note, SceneState& live)
{
    if (note.kind == RunNote::Kind::CallerError) {
        appendCallerError(note.type, note.text, live);
        return;
    }
    FutureOutcome o;
    o.task = note.task;
    o.kind = note.kind == RunNote::Kind::Exception   ? FutureOutcome::Kind::Exception
             : note.kind == RunNote::Kind::Cancelled ? FutureOutcome::Kind::Cancelled
                                                     : FutureOutcome::Kind::Result;
    o.type = note.type;
    o.text = note.text;
    appendOutcome(o, live);
}

std::vector<RunNote> RunHistory::notes() const
{
    std::vector<RunNote> out;
    out.reserve(m_side.size());
    std::uint64_t maxSeq = 0;
    std::size_t seen = 0;
    for (const Side& s : m_side) {
        for (; seen < s.pos; ++seen)
            maxSeq = std::max(maxSeq, m_events[seen].seq);
        RunNote n;
        n.afterSeq = maxSeq;
        n.type = s.outcome.type;
        n.text = s.outcome.text;
        if (s.isError) {
            n.kind = RunNote::Kind::CallerError;
        } else {
            n.task = s.outcome.task;
            n.kind = s.outcome.kind == FutureOutcome::Kind::Exception   ? RunNote::Kind::Exception
                     : s.outcome.kind == FutureOutcome::Kind::Cancelled ? RunNote::Kind::Cancelled
                                                                        : RunNote::Kind::Result;
        }
        out.push_back(std::move(n));
    }
    return out;
}

void RunHistory::applySide(SceneState& s, std::size_t pos) const
{
    auto it = std::lower_bound(m_side.begin(), m_side.end(), pos,
                               [](const Side& a, std::size_t p) { return a.pos < p; });
    for (; it != m_side.end() && it->pos == pos; ++it) {
        if (it->isError)
            s.setCallerError(it->outcome.type, it->outcome.text);
        else
            s.applyOutcome(it->outcome);
    }
}

void RunHistory::foldRange(SceneState& s, std::size_t from, std::size_t to) const
{
    for (std::size_t i = from; i < to; ++i) {
        s.apply(m_events[i]);
        applySide(s, i + 1);
    }
}

SceneState RunHistory::sceneAt(std::size_t k) const
{
    k = std::min(k, m_events.size());
    SceneState s;
    std::size_t from = 0;
    if (m_keyframes.empty()) {
        s = m_base;
        applySide(s, 0);
    } else {
        const auto j = static_cast<std::size_t>(
            std::upper_bound(m_keyframePos.begin(), m_keyframePos.end(), k) - m_keyframePos.begin() - 1);
        s = m_keyframes[j];
        from = m_keyframePos[j];
    }
    foldRange(s, from, k);
    return s;
}

void RunHistory::seek(SceneState& scene, std::size_t from, std::size_t to) const
{
    to = std::min(to, m_events.size());
    // Forward within the same keyframe span (or a short hop): fold on, no copy.
    const auto span = [this](std::size_t k) {
        return std::upper_bound(m_keyframePos.begin(), m_keyframePos.end(), k) - m_keyframePos.begin();
    };
    if (to >= from && (to - from < m_every || span(to) == span(from))) {
        foldRange(scene, from, to);
        return;
    }
    scene = sceneAt(to);
}

std::size_t RunHistory::next(Mark mark, std::size_t from) const
{
    for (std::size_t i = from; i < m_events.size(); ++i)
        if (matches(mark, m_events[i]))
            return i + 1;
    return m_events.size() + 1;
}

std::size_t RunHistory::nextStageOf(std::int64_t task, std::size_t from) const
{
    for (std::size_t i = from; i < m_events.size(); ++i)
        if (m_events[i].task == task && movesTask(m_events[i].kind))
            return i + 1;
    return m_events.size() + 1;
}

std::size_t RunHistory::previousStageOf(std::int64_t task, std::size_t from) const
{
    // Position p < from whose event p-1 moved the task; 0 (the start) if none.
    for (std::size_t p = std::min(from, m_events.size()); p-- > 1;)
        if (m_events[p - 1].task == task && movesTask(m_events[p - 1].kind))
            return p;
    return 0;
}

std::size_t RunHistory::positionAtTime(std::int64_t t) const
{
    // Events are in seq order; their times are monotone up to clock ties.
    const auto it = std::upper_bound(m_events.begin(), m_events.end(), t,
                                     [](std::int64_t v, const Event& e) { return v < e.tNs; });
    return static_cast<std::size_t>(it - m_events.begin());
}

std::size_t RunHistory::memoryBytes() const
{
    std::size_t n = m_events.capacity() * sizeof(Event) + m_side.capacity() * sizeof(Side) +
                    m_keyframes.capacity() * sizeof(SceneState) +
                    m_keyframePos.capacity() * sizeof(std::size_t);
    for (const Side& s : m_side)
        n += s.outcome.type.capacity() + s.outcome.text.capacity();
    for (const SceneState& k : m_keyframes)
        n += k.heapBytes();
    return n;
}

} // namespace poolscope::ui
