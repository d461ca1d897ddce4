// Pause / step / pacing of a REAL ThreadPoolExecutor through the GUI's
// execution gate: stepping lets exactly one event through, and stepping a
// whole run of 100 tasks never deadlocks.

#include "core/futures/wait.h"
#include "core/thread/threadpoolexecutor.h"
#include "tests/testhelpers.h"
#include "ui/run/eventbridge.h"
#include "ui/run/executiongate.h"

#include <QtTest>

#include <condition_variable>
#include <thread>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

// What the bridge does, minus Qt: pass the gate, then publish.
class GatedSink final : public EventSink
{
public:
    explicit GatedSink(ExecutionGate& gate, std::uint64_t generation) : m_gate(gate), m_generation(generation)
    {
    }
    void onEvent(const Event& e) override
    {
        if (!m_gate.pass(m_generation))
            return;
        std::lock_guard lock(m_mutex);
        m_events.push_back(e);
        m_cond.notify_all();
    }
    std::size_t count() const
    {
        std::lock_guard lock(m_mutex);
        return m_events.size();
    }
    // Waits until more than `n` events were published; false on timeout.
    bool waitBeyond(std::size_t n, int ms)
    {
        std::unique_lock lock(m_mutex);
        return m_cond.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_events.size() > n; });
    }
    std::vector<Event> events() const
    {
        std::lock_guard lock(m_mutex);
        return m_events;
    }

private:
    ExecutionGate& m_gate;
    std::uint64_t m_generation;
    mutable std::mutex m_mutex;
    std::condition_variable m_cond;
    std::vector<Event> m_events;
};

// Runs `tasks` noop tasks through a 4-thread pool on its own thread.
struct Run
{
    Run(ExecutionGate& g, std::shared_ptr<EventSink> sink, int tasks, double taskMs = 0.0) : gate(g)
    {
        thread = std::thread([sink, tasks, taskMs, this] {
            {
                ThreadPoolOptions o;
                o.maxWorkers = 4;
                o.events = std::make_shared<EventStream>(sink);
                ThreadPoolExecutor pool(o);
                std::vector<FutureCorePtr> fs;
                for (int i = 0; i < tasks; ++i)
                    fs.push_back(pool.submitErased([taskMs]() -> std::any {
                        if (taskMs > 0)
                            std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(taskMs));
                        return 1;
                    }));
                wait(fs);
            } // the with-block ends: shutdown(wait=True) and its events
            done.store(true);
        });
    }
    ~Run()
    {
        // Let the run finish on its own terms; a failed check must not leave it held at the gate.
        for (int i = 0; i < 20'000 && !done.load() && !gate.paused(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        gate.openForever();
        if (thread.joinable())
            thread.join();
    }
    ExecutionGate& gate;
    std::thread thread;
    std::atomic<bool> done{false};
};

} // namespace

class TstUiGate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pausedExecutorStopsAtItsNextEvent()
    {
        LocalStepGate gate;
        gate.setGeneration(1);
        gate.pause();
        auto sink = std::make_shared<GatedSink>(gate, 1);
        Run run(gate, sink, 10);
        QVERIFY(test::waitFor([&] { return gate.waiting() >= 1; }, 5000));
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        QCOMPARE(sink->count(), std::size_t(0)); // nothing got past the gate
        QVERIFY(!run.done.load());
        gate.resume();
        QVERIFY(test::waitFor([&] { return run.done.load(); }, 10000));
    }

    void eachStepLetsExactlyOneEventThrough_data()
    {
        QTest::addColumn<int>("steps");
        QTest::newRow("one step") << 1;
        QTest::newRow("thirty steps, one at a time") << 30;
    }
    void eachStepLetsExactlyOneEventThrough()
    {
        QFETCH(int, steps);
        LocalStepGate gate;
        gate.setGeneration(1);
        gate.pause();
        auto sink = std::make_shared<GatedSink>(gate, 1);
        Run run(gate, sink, 20);
        QVERIFY(test::waitFor([&] { return gate.waiting() >= 1; }, 5000));
        for (int i = 0; i < steps; ++i) {
            const std::size_t before = sink->count();
            gate.step();
            QVERIFY2(sink->waitBeyond(before, 5000), "a step published nothing");
            // Whoever passed runs on to its next event and stops there; give a
            // second event the chance to slip through if the gate leaked.
            QVERIFY(test::waitFor([&] { return gate.waiting() >= 1 || run.done.load(); }, 5000));
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            QCOMPARE(sink->count(), before + 1);
        }
        QCOMPARE(gate.stepped(), std::uint64_t(steps));
        // Published in sequence order so far, starting with the executor's creation.
        const auto events = sink->events();
        QCOMPARE(events.front().kind, EventKind::ExecutorCreated);
        gate.resume();
        QVERIFY(test::waitFor([&] { return run.done.load(); }, 10000));
    }

    void stepping100TasksThroughThePoolNeverDeadlocks()
    {
        LocalStepGate gate;
        gate.setGeneration(1);
        gate.pause();
        auto sink = std::make_shared<GatedSink>(gate, 1);
        Run run(gate, sink, 100);
        QElapsedTimer timer;
        timer.start();
        int steps = 0;
        while (!run.done.load()) {
            QVERIFY2(timer.elapsed() < 60'000, "stepping did not finish the run");
            const std::size_t before = sink->count();
            gate.step();
            ++steps;
            // Either the step published an event or the run has just ended.
            QVERIFY2(test::waitFor([&] { return sink->count() > before || run.done.load(); }, 5000),
                     qPrintable(QStringLiteral("stuck after %1 steps").arg(steps)));
            QVERIFY(sink->count() <= before + 1);
        }
        const auto events = sink->events();
        // Every event went through a step, one each; at most the last step found nothing left.
        QCOMPARE(static_cast<std::uint64_t>(events.size()), gate.stepped());
        QVERIFY(steps - static_cast<int>(events.size()) <= 1);
        int finished = 0;
        for (const Event& e : events)
            if (e.kind == EventKind::FutureState &&
                e.value2 == static_cast<std::int64_t>(FutureStatus::Finished))
                ++finished;
        QCOMPARE(finished, 100);
    }

    void newGenerationFreesHeldThreads()
    {
        LocalStepGate gate;
        gate.setGeneration(1);
        gate.pause();
        auto sink = std::make_shared<GatedSink>(gate, 1);
        Run run(gate, sink, 50, 1.0);
        QVERIFY(test::waitFor([&] { return gate.waiting() >= 1; }, 5000));
        gate.setGeneration(2); // a reset: the old run is let go and dropped
        QVERIFY(test::waitFor([&] { return run.done.load(); }, 10000));
        QCOMPARE(sink->count(), std::size_t(0));
        QCOMPARE(gate.waiting(), 0);
    }

    void pacingSpacesEventsOut()
    {
        LocalStepGate gate;
        gate.setGeneration(1);
        gate.setPacingNs(3'000'000); // 3 ms between events
        auto sink = std::make_shared<GatedSink>(gate, 1);
        QElapsedTimer timer;
        timer.start();
        {
            Run run(gate, sink, 2);
        }
        const auto events = sink->events();
        QVERIFY(events.size() >= 15);
        // n events need at least (n - 1) gaps.
        QVERIFY2(timer.nsecsElapsed() >= static_cast<qint64>(events.size() - 1) * 3'000'000,
                 qPrintable(QString::number(timer.nsecsElapsed())));
        QVERIFY(!gate.paused());
    }

    void bridgeHandsOverBoundedFramesAndKeepsNoticesLast()
    {
        EventBridge bridge;
        bridge.setFrameIntervalMs(0); // frames driven here
        const std::uint64_t gen = bridge.beginRun();
        auto sink = bridge.sinkForRun(gen);
        const std::size_t total = EventBridge::kMaxEventsPerFrame * 2 + 123;
        for (std::size_t i = 0; i < total; ++i) {
            Event e;
            e.seq = i + 1;
            e.kind = EventKind::WorkQueuePut;
            sink->onEvent(e);
        }
        bridge.postNotice(gen, RunNotice{RunNotice::Kind::Finished, {}, {}});
        std::vector<FrameBatch> frames;
        connect(&bridge, &EventBridge::frameReady, this, [&](const FrameBatch& b) { frames.push_back(b); });
        bridge.flush();
        bridge.flush();
        QCOMPARE(frames.size(), std::size_t(2));
        QCOMPARE(frames[0].events->size(), EventBridge::kMaxEventsPerFrame); // bounded work per frame
        QVERIFY(!frames[0].notices && !frames[1].notices); // the end waits for the events before it
        bridge.flush();
        QCOMPARE(frames.size(), std::size_t(3));
        QCOMPARE(frames[2].events->size(), std::size_t(123));
        QVERIFY(frames[2].notices && frames[2].notices->size() == 1);
        // In order, none lost, none doubled.
        std::uint64_t expect = 1;
        for (const FrameBatch& f : frames)
            for (const Event& e : *f.events)
                QCOMPARE(e.seq, expect++);
        QCOMPARE(expect - 1, std::uint64_t(total));
        // A stale run's sink delivers nothing.
        bridge.beginRun();
        Event late;
        sink->onEvent(late);
        QCOMPARE(bridge.backlog(), std::size_t(0));
    }

    void bridgeBackpressureHoldsTheEmitterNotTheGui()
    {
        EventBridge bridge;
        bridge.setFrameIntervalMs(0);
        const std::uint64_t gen = bridge.beginRun();
        auto sink = bridge.sinkForRun(gen);
        std::atomic<std::size_t> sent{0};
        std::thread emitter([&] {
            for (std::size_t i = 0; i < EventBridge::kMaxBacklog + 10; ++i) {
                Event e;
                e.seq = i + 1;
                sink->onEvent(e);
                sent.fetch_add(1);
            }
        });
        // The emitter stops at the bound and waits for the window to catch up.
        QVERIFY(test::waitFor([&] { return sent.load() >= EventBridge::kMaxBacklog; }, 20000));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(sent.load(), EventBridge::kMaxBacklog);
        // Frames drain it; below half the bound the emitter goes on.
        std::size_t handed = 0;
        connect(&bridge, &EventBridge::frameReady, this,
                [&](const FrameBatch& b) { handed += b.events->size(); });
        while (sent.load() < EventBridge::kMaxBacklog + 10)
            bridge.flush();
        emitter.join();
        while (bridge.backlog() > 0)
            bridge.flush();
        QCOMPARE(handed, EventBridge::kMaxBacklog + 10);
    }

    void openForeverNeverBlocksAgain()
    {
        LocalStepGate gate;
        gate.setGeneration(1);
        gate.pause();
        gate.openForever();
        gate.pause(); // ignored once open
        auto sink = std::make_shared<GatedSink>(gate, 1);
        {
            Run run(gate, sink, 20);
        }
        QVERIFY(sink->count() > 100);
        QCOMPARE(gate.waiting(), 0);
    }
};

QTEST_GUILESS_MAIN(TstUiGate)
#include "tst_uigate.moc"
