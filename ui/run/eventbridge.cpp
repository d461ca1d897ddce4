#include "ui/run/eventbridge.h"

#include <algorithm>

namespace poolscope::ui {

namespace {
class RunSink final : public EventSink
{
public:
    RunSink(EventBridge* bridge, std::uint64_t generation) : m_bridge(bridge), m_generation(generation) {}
    void onEvent(const Event& event) override { m_bridge->deliver(event, m_generation); }

private:
    EventBridge* m_bridge;
    std::uint64_t m_generation;
};
} // namespace

EventBridge::EventBridge(QObject* parent) : QObject(parent), m_gate(std::make_unique<CoreStepGate>())
{
    qRegisterMetaType<poolscope::ui::FrameBatch>();
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(16); // ~60 Hz
    connect(&m_timer, &QTimer::timeout, this, &EventBridge::flush);
    m_timer.start();
}

EventBridge::~EventBridge()
{
    m_gate->openForever();
}

void EventBridge::onEvent(const Event& event)
{
    deliver(event, generation());
}

void EventBridge::deliver(const Event& event, std::uint64_t generation)
{
    // The gate may block this (executor) thread; never while holding m_mutex.
    if (!m_gate->pass(generation))
        return;
    std::unique_lock lock(m_mutex);
    // Backpressure: when the window falls this far behind (a firehose of tiny
    // tasks), the emitter waits for it to catch up instead of memory growing
    // without bound. The GUI thread never waits here; executor threads may.
    if (m_events.size() >= kMaxBacklog) {
        m_space.wait(lock, [&] {
            return m_events.size() < kMaxBacklog / 2 || m_closing ||
                   generation != m_generation.load(std::memory_order_relaxed);
        });
    }
    if (generation != m_generation.load(std::memory_order_relaxed))
        return;
    m_events.push_back(event);
}

void EventBridge::postOutcome(std::uint64_t generation, FutureOutcome outcome)
{
    std::lock_guard lock(m_mutex);
    if (generation == m_generation.load(std::memory_order_relaxed))
        m_outcomes.push_back(std::move(outcome));
}

void EventBridge::postNotice(std::uint64_t generation, RunNotice notice)
{
    std::lock_guard lock(m_mutex);
    if (generation == m_generation.load(std::memory_order_relaxed))
        m_notices.push_back(std::move(notice));
}

std::uint64_t EventBridge::beginRun()
{
    std::uint64_t g = 0;
    {
        std::lock_guard lock(m_mutex);
        g = m_generation.load(std::memory_order_relaxed) + 1;
        m_generation.store(g, std::memory_order_release);
        m_events.clear();
        m_outcomes.clear();
        m_notices.clear();
    }
    m_space.notify_all();
    m_gate->setGeneration(g);
    return g;
}

std::shared_ptr<EventSink> EventBridge::sinkForRun(std::uint64_t generation)
{
    return std::make_shared<RunSink>(this, generation);
}

void EventBridge::setFrameIntervalMs(int ms)
{
    if (ms <= 0) {
        m_timer.stop();
        return;
    }
    m_timer.setInterval(ms);
    if (!m_timer.isActive())
        m_timer.start();
}

std::size_t EventBridge::backlog() const
{
    std::lock_guard lock(m_mutex);
    return m_events.size();
}

void EventBridge::flush()
{
    FrameBatch batch;
    auto events = std::make_shared<std::vector<Event>>();
    bool freed = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_events.empty() && m_outcomes.empty() && m_notices.empty())
            return;
        batch.generation = m_generation.load(std::memory_order_relaxed);
        // Bounded work per frame: at most kMaxEventsPerFrame; the rest waits for
        // the next frames (and holds back the executor if it piles up).
        const std::size_t n = std::min(m_events.size(), kMaxEventsPerFrame);
        events->assign(m_events.begin(), m_events.begin() + static_cast<std::ptrdiff_t>(n));
        m_events.erase(m_events.begin(), m_events.begin() + static_cast<std::ptrdiff_t>(n));
        freed = n > 0 && m_events.size() < kMaxBacklog / 2;
        // Outcomes and notices (the end of the run) follow the events they come
        // after: only once every event before them was handed over.
        if (m_events.empty()) {
            if (!m_outcomes.empty()) {
                auto outcomes = std::make_shared<std::vector<FutureOutcome>>();
                outcomes->swap(m_outcomes);
                batch.outcomes = std::move(outcomes);
            }
            if (!m_notices.empty()) {
                auto notices = std::make_shared<std::vector<RunNotice>>();
                notices->swap(m_notices);
                batch.notices = std::move(notices);
            }
        }
    }
    if (freed)
        m_space.notify_all();
    // Outside the lock: emitting threads append in seq-stamp order only roughly.
    const auto bySeq = [](const Event& a, const Event& b) { return a.seq < b.seq; };
    if (!std::is_sorted(events->begin(), events->end(), bySeq))
        std::sort(events->begin(), events->end(), bySeq);
    batch.events = std::move(events);
    if (batch.empty())
        return;
    Q_EMIT frameReady(batch);
}

} // namespace poolscope::ui
