#pragma once
// The one seam between executors and the GUI. onEvent runs synchronously on
// executor threads: it passes the execution gate (which may hold the thread
// to pause or step the run) and appends to a locked buffer, nothing else.
// Once per frame a GUI-thread timer swaps the buffer out and hands it over as
// an immutable FrameBatch.

#include "ui/model/viewmodel.h"
#include "ui/run/executiongate.h"

#include <QObject>
#include <QTimer>

#include <condition_variable>
#include <deque>
#include <mutex>

namespace poolscope::ui {

class EventBridge final : public QObject, public EventSink
{
    Q_OBJECT
public:
    explicit EventBridge(QObject* parent = nullptr);
    ~EventBridge() override;

    // EventSink: executor threads. Events of the current run only.
    void onEvent(const Event& event) override;

    // Any thread: from the run's caller thread.
    void postOutcome(std::uint64_t generation, FutureOutcome outcome);
    void postNotice(std::uint64_t generation, RunNotice notice);

    // GUI thread: a new run begins; events of older runs are dropped from now on.
    std::uint64_t beginRun();
    std::uint64_t generation() const { return m_generation.load(std::memory_order_acquire); }
    // A sink bound to one run: what the run's EventStream is given. It keeps
    // forwarding to this bridge, which must outlive every run (the controller
    // joins them before it goes).
    std::shared_ptr<EventSink> sinkForRun(std::uint64_t generation);

    ExecutionGate& gate() { return *m_gate; }

    // Events handed over per frame at most, and the backlog at which emitters wait.
    static constexpr std::size_t kMaxEventsPerFrame = 20'000;
    static constexpr std::size_t kMaxBacklog = 1'000'000;

    void setFrameIntervalMs(int ms);
    // Hand over what arrived since the last frame (the timer calls this).
    void flush();
    // Events waiting for the next frame.
    std::size_t backlog() const;

    // Events from any run, with their generation (what a run's sink calls).
    void deliver(const Event& event, std::uint64_t generation);

Q_SIGNALS:
    void frameReady(const poolscope::ui::FrameBatch& batch);

private:
    std::unique_ptr<ExecutionGate> m_gate;
    std::atomic<std::uint64_t> m_generation{0};
    mutable std::mutex m_mutex;
    std::deque<Event> m_events;
    std::condition_variable m_space; // emitters wait here while the backlog is full
    bool m_closing = false;
    std::vector<FutureOutcome> m_outcomes;
    std::vector<RunNotice> m_notices;
    QTimer m_timer;
};

} // namespace poolscope::ui
