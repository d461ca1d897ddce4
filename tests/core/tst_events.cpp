// The event stream: kinds, ordering invariants, the recorder, and what the thread pool emits.
#include "core/events/publishbatch.h"
#include "core/events/recorder.h"
#include "core/futures/wait.h"
#include "core/thread/threadpoolexecutor.h"

#include <map>
#include <QtTest>
#include <set>
#include <thread>

using namespace poolscope;

namespace {
std::size_t idx(EventKind k)
{
    return static_cast<std::size_t>(k);
}

struct RecordedRun
{
    std::shared_ptr<Recorder> recorder = std::make_shared<Recorder>();
    EventStreamPtr stream = std::make_shared<EventStream>(recorder);
};

bool isTerminal(const Event& e)
{
    // Into FINISHED, or into CANCELLED (CANCELLED -> CANCELLED_AND_NOTIFIED is a notice, not a new end).
    return e.kind == EventKind::FutureState &&
           (e.value2 == static_cast<std::int64_t>(FutureStatus::Finished) ||
            e.value2 == static_cast<std::int64_t>(FutureStatus::Cancelled));
}
} // namespace

class TestEvents : public QObject
{
    Q_OBJECT
private slots:
    void everyKindHasAUniqueName()
    {
        std::set<std::string_view> names;
        for (int k = 0; k < kEventKindCount; ++k) {
            const auto kind = static_cast<EventKind>(k);
            const std::string_view name = eventKindName(kind);
            QVERIFY(!name.empty());
            QVERIFY2(names.insert(name).second, std::string(name).c_str());
            EventKind back{};
            QVERIFY(eventKindFromName(name, back));
            QCOMPARE(back, kind);
        }
        EventKind dummy{};
        QVERIFY(!eventKindFromName("NoSuchKind", dummy));
    }

    void invariantsHoldUnderLoad_data()
    {
        QTest::addColumn<int>("workers");
        QTest::addColumn<int>("tasks");
        QTest::addColumn<bool>("cancelHalfway");
        QTest::newRow("1 worker, 2000 tasks") << 1 << 2000 << false;
        QTest::newRow("4 workers, 20000 tasks") << 4 << 20000 << false;
        QTest::newRow("2 workers, shutdown cancels the queue") << 2 << 20000 << true;
    }
    void invariantsHoldUnderLoad()
    {
        QFETCH(int, workers);
        QFETCH(int, tasks);
        QFETCH(bool, cancelHalfway);
        RecordedRun run;
        std::vector<std::int64_t> submitted;
        {
            ThreadPoolOptions o;
            o.maxWorkers = workers;
            o.events = run.stream;
            ThreadPoolExecutor pool(o);
            for (int i = 0; i < tasks; ++i)
                submitted.push_back(pool.submit([i] { return i; }).id());
            if (cancelHalfway)
                pool.shutdown(true, true);
        }
        const std::vector<Event> events = run.recorder->events();
        // Sequence numbers strictly increase and none is missing.
        for (std::size_t i = 0; i < events.size(); ++i)
            QCOMPARE(events[i].seq, static_cast<std::uint64_t>(i + 1));
        // Each submitted task has exactly one terminal event.
        std::map<std::int64_t, int> terminal;
        for (const Event& e : events)
            if (isTerminal(e))
                ++terminal[e.task];
        QCOMPARE(terminal.size(), submitted.size());
        for (std::int64_t id : submitted)
            QCOMPARE(terminal[id], 1);
    }

    void taskLifeIsInCPythonOrder()
    {
        RecordedRun run;
        std::int64_t id = 0;
        {
            ThreadPoolOptions o;
            o.maxWorkers = 1;
            o.events = run.stream;
            ThreadPoolExecutor pool(o);
            auto f = pool.submit([] { return 1; });
            id = f.id();
            f.result();
        }
        std::vector<EventKind> life;
        for (const Event& e : run.recorder->events())
            if (e.task == id && e.kind != EventKind::ResultWait && e.kind != EventKind::ResultWake)
                life.push_back(e.kind);
        const std::vector<EventKind> expected = {
            EventKind::Submit,      EventKind::WorkItemCreated, EventKind::WorkQueuePut,
            EventKind::ThreadSpawn, EventKind::WorkQueueGet,    EventKind::FutureState,
            EventKind::TaskStart,   EventKind::TaskEnd,         EventKind::FutureState};
        QCOMPARE(life, expected);
    }

    void workerIdentityIsTheThreadIndex()
    {
        RecordedRun run;
        {
            ThreadPoolOptions o;
            o.maxWorkers = 3;
            o.events = run.stream;
            ThreadPoolExecutor pool(o);
            std::vector<Future<int>> fs;
            fs.reserve(300);
            for (int i = 0; i < 300; ++i)
                fs.push_back(pool.submit([i] { return i; }));
            for (auto& f : fs)
                f.result();
        }
        for (const Event& e : run.recorder->events()) {
            if (e.kind == EventKind::TaskStart || e.kind == EventKind::WorkQueueGet) {
                QVERIFY(e.worker >= 1 && e.worker <= 3);
            }
            if (e.kind == EventKind::Submit)
                QCOMPARE(e.worker, 0);
        }
    }

    void shutdownStepsAreEmittedInOrder()
    {
        RecordedRun run;
        {
            ThreadPoolOptions o;
            o.maxWorkers = 2;
            o.events = run.stream;
            ThreadPoolExecutor pool(o);
            auto a = pool.submit([] { std::this_thread::sleep_for(std::chrono::milliseconds(5)); });
            auto b = pool.submit([] { std::this_thread::sleep_for(std::chrono::milliseconds(5)); });
            pool.shutdown(true, true);
        }
        std::vector<EventKind> steps;
        for (const Event& e : run.recorder->events()) {
            switch (e.kind) {
            case EventKind::ShutdownFlag:
            case EventKind::ShutdownCancelled:
            case EventKind::ThreadExit:
            case EventKind::ShutdownJoin:
                steps.push_back(e.kind);
                break;
            default:
                break;
            }
        }
        // The destructor of a pool already shut down only joins: CPython calls nothing when the executor
        // is collected, so there is no second flag, sentinel or join.
        const std::vector<EventKind> expected = {EventKind::ShutdownFlag, EventKind::ShutdownCancelled,
                                                 EventKind::ThreadExit, EventKind::ThreadExit,
                                                 EventKind::ShutdownJoin};
        QCOMPARE(steps, expected);
        const auto counts = run.recorder->countsByKind();
        // One sentinel from shutdown, passed on by each exiting thread: one None left in the queue, as
        // CPython 3.11-3.13 leave it (work_queue.qsize() == 1 after the with-block).
        QCOMPARE(counts[idx(EventKind::SentinelPut)], std::uint64_t{3});
    }

    // Destroyed without a shutdown (no with-block), the pool still shuts down and joins, once.
    void destructorShutsDownAPoolNotShutDown()
    {
        RecordedRun run;
        {
            ThreadPoolOptions o;
            o.maxWorkers = 2;
            o.events = run.stream;
            ThreadPoolExecutor pool(o);
            pool.submit([] { return 1; }).result();
        }
        const auto counts = run.recorder->countsByKind();
        QCOMPARE(counts[idx(EventKind::ShutdownFlag)], std::uint64_t{1});
        QCOMPARE(counts[idx(EventKind::ShutdownJoin)], std::uint64_t{1});
    }

    void waitersAndCallbacksAreEmitted()
    {
        RecordedRun run;
        auto f = std::make_shared<FutureCore>(run.stream, 1);
        int calls = 0;
        f->addDoneCallback([&](const FutureCorePtr&) { ++calls; });
        std::thread t([f] {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            f->setResult(std::any(1));
        });
        poolscope::wait({f}, 5.0);
        t.join();
        const auto counts = run.recorder->countsByKind();
        QCOMPARE(counts[idx(EventKind::WaiterInstalled)], std::uint64_t(1));
        QCOMPARE(counts[idx(EventKind::WaiterNotified)], std::uint64_t(1));
        QCOMPARE(counts[idx(EventKind::WaiterRemoved)], std::uint64_t(1));
        QCOMPARE(counts[idx(EventKind::CallbackRun)], std::uint64_t(1));
        QCOMPARE(calls, 1);
    }

    void recorderCanBeReadWhileLive()
    {
        // Readers see a consistent prefix while writers append (TSan checks the publication).
        RecordedRun run;
        std::atomic<bool> done{false};
        std::thread reader([&] {
            std::size_t last = 0;
            while (!done.load()) {
                const auto evs = run.recorder->events();
                QVERIFY(evs.size() >= last);
                last = evs.size();
            }
        });
        {
            ThreadPoolOptions o;
            o.maxWorkers = 2;
            o.events = run.stream;
            ThreadPoolExecutor pool(o);
            std::vector<Future<int>> fs;
            fs.reserve(20000);
            for (int i = 0; i < 20000; ++i)
                fs.push_back(pool.submit([i] { return i; }));
            for (auto& f : fs)
                f.result();
        }
        done = true;
        reader.join();
        QVERIFY(run.recorder->size() > std::size_t{20000} * 8);
    }

    void recorderKeepsToItsBudget_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one writer") << 1;
        QTest::newRow("three writers") << 3;
    }
    void recorderKeepsToItsBudget()
    {
        // 8 MiB holds the first chunks; what comes later is counted, not recorded, and nothing throws.
        QFETCH(int, threads);
        const std::size_t budget = std::size_t{8} << 20;
        Recorder recorder(budget);
        QCOMPARE(recorder.budgetBytes(), budget);
        constexpr std::uint64_t perThread = 400'000;
        std::vector<std::thread> writers;
        writers.reserve(static_cast<std::size_t>(threads));
        for (int t = 0; t < threads; ++t)
            writers.emplace_back([&recorder, t] {
                Event e;
                for (std::uint64_t i = 0; i < perThread; ++i) {
                    e.seq = i * 8 + static_cast<std::uint64_t>(t) + 1;
                    recorder.onEvent(e);
                }
            });
        for (auto& w : writers)
            w.join();
        const std::uint64_t total = perThread * static_cast<std::uint64_t>(threads);
        QVERIFY(recorder.dropped() > 0);
        QCOMPARE(recorder.size() + recorder.dropped(), total);
        QVERIFY(recorder.size() * sizeof(Event) <= budget);
        QVERIFY(recorder.size() * sizeof(Event) > budget / 4); // the budget is used, not wasted
        QCOMPARE(recorder.events().size(), recorder.size());
        // What a run's summary counts includes the dropped events.
        const auto offered = recorder.offeredByKind();
        QCOMPARE(offered[static_cast<std::size_t>(EventKind::Submit)], total);
        QCOMPARE(recorder.countsByKind()[static_cast<std::size_t>(EventKind::Submit)], recorder.size());
        Recorder roomy;
        QCOMPARE(roomy.budgetBytes(), Recorder::kDefaultBudgetBytes);
    }

    // A recorder's large chunks go to the next recorder when it dies (up to a bound): what the next one
    // records is exactly what it was given, with nothing of the old recording showing through.
    void laterRecordersReuseChunksAndSeeOnlyTheirOwnEvents()
    {
        const auto record = [](Recorder& r, std::uint64_t n, std::int64_t mark) {
            Event e;
            for (std::uint64_t i = 0; i < n; ++i) {
                e.seq = i + 1;
                e.task = mark;
                e.value = static_cast<std::int64_t>(i);
                r.onEvent(e);
            }
        };
        // 20 chunks' worth on one thread: more than are kept.
        constexpr std::uint64_t big = 20 * 33'000;
        {
            Recorder first;
            record(first, big, 1);
            QCOMPARE(first.size(), std::size_t{big});
        }
        QCOMPARE(Recorder::keptChunks(), Recorder::kKeptChunksMax);
        {
            Recorder second;
            constexpr std::uint64_t few = 20'000; // its first chunk is small, then one large one kept before
            record(second, few, 2);
            QCOMPARE(Recorder::keptChunks(), Recorder::kKeptChunksMax - 1);
            const std::vector<Event> evs = second.events();
            QCOMPARE(evs.size(), std::size_t{few});
            for (std::size_t i = 0; i < evs.size(); ++i)
                if (evs[i].task != 2 || evs[i].value != static_cast<std::int64_t>(i))
                    QFAIL(qPrintable(QStringLiteral("event %1 is not the second recorder's").arg(i)));
        }
        QCOMPARE(Recorder::keptChunks(), Recorder::kKeptChunksMax);
    }

    void recorderTalliesPipeBytes()
    {
        // Bytes through the call and result pipes, not the manager's wakeup pipe; dropped events too.
        Recorder recorder(0); // no room: every event is dropped, and still tallied
        const auto write = [&recorder](EventKind kind, std::int64_t bytes, Pipe pipe) {
            Event e;
            e.kind = kind;
            e.value = bytes;
            e.value2 = static_cast<std::int64_t>(pipe);
            recorder.onEvent(e);
        };
        write(EventKind::PipeWrite, 100, Pipe::Call);
        write(EventKind::PipeWrite, 1, Pipe::Wakeup);
        write(EventKind::ResultPipeWrite, 20, Pipe::Result);
        write(EventKind::ResultPipeRead, 20, Pipe::Result);
        QCOMPARE(recorder.size(), std::size_t(0));
        QCOMPARE(recorder.dropped(), std::uint64_t(4));
        QCOMPARE(recorder.pipeBytes(), std::int64_t(120));
        QCOMPARE(recorder.offeredByKind()[static_cast<std::size_t>(EventKind::PipeWrite)], std::uint64_t(2));
    }

    void batchSharesOneStampInOrder_data()
    {
        QTest::addColumn<bool>("recorderSink");
        QTest::addColumn<int>("before"); // events published first, to fill the lane's first chunk
        QTest::newRow("recorder, room in its chunk") << true << 0;
        QTest::newRow("recorder, the batch does not fit its chunk") << true << 1022;
        QTest::newRow("another sink") << false << 0;
    }
    void batchSharesOneStampInOrder()
    {
        QFETCH(bool, recorderSink);
        QFETCH(int, before);
        // A sink that is not a Recorder, so the stream builds each event and calls it.
        struct Collecting final : EventSink
        {
            std::vector<Event> events;
            void onEvent(const Event& e) override { events.push_back(e); }
        };
        auto recorder = std::make_shared<Recorder>();
        auto collecting = std::make_shared<Collecting>();
        EventStream stream(recorderSink ? std::shared_ptr<EventSink>(recorder) : collecting);
        for (int i = 0; i < before; ++i)
            stream.publish(EventKind::ResultWait, 1, 0, -1);
        const std::int64_t start = nowNs() - 1000;
        const std::int64_t t = stream.publishBatch(
            7, 2,
            EventStream::BatchEvent{EventKind::PipeWrite, 5, 100, static_cast<std::int64_t>(Pipe::Call)},
            EventStream::BatchEvent{EventKind::TaskEnd, 5, start, 1, true},
            EventStream::BatchEvent{EventKind::CallbackRun, 5, 0});
        stream.publish(EventKind::ResultWake, 1, 0, -1);
        const std::vector<Event> all = recorderSink ? recorder->events() : collecting->events;
        QCOMPARE(all.size(), std::size_t(before + 4));
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(all[i].seq, static_cast<std::uint64_t>(i + 1));
        const Event* b = all.data() + before;
        const EventKind kinds[] = {EventKind::PipeWrite, EventKind::TaskEnd, EventKind::CallbackRun};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(b[i].kind, kinds[i]);
            QCOMPARE(b[i].executor, std::uint16_t(7));
            QCOMPARE(b[i].worker, 2);
            QCOMPARE(b[i].task, std::int64_t(5));
            QCOMPARE(b[i].tNs, t);
            QCOMPARE(b[i].wallNs, t);
        }
        QCOMPARE(b[0].value, std::int64_t(100));
        QCOMPARE(b[0].value2, static_cast<std::int64_t>(Pipe::Call));
        QCOMPARE(b[1].value, t - start); // a duration, as publishSince() gives
        QCOMPARE(b[1].value2, std::int64_t(1));
        QCOMPARE(b[2].value, std::int64_t(0));
        QVERIFY(b[3].tNs >= t);
        if (recorderSink) {
            QCOMPARE(recorder->pipeBytes(), std::int64_t(100));
            const auto offered = recorder->offeredByKind();
            QCOMPARE(offered[idx(EventKind::TaskEnd)], std::uint64_t(1));
            QCOMPARE(offered[idx(EventKind::ResultWait)], static_cast<std::uint64_t>(before));
            QCOMPARE(recorder->dropped(), std::uint64_t(0));
        }
    }

    void timestampsUseTheMonotonicClock()
    {
        RecordedRun run;
        const std::int64_t before = nowNs();
        run.stream->publish(EventKind::Submit, 0, 0, 1);
        const std::int64_t after = nowNs();
        const auto evs = run.recorder->events();
        QCOMPARE(evs.size(), std::size_t(1));
        QVERIFY(evs[0].tNs >= before && evs[0].tNs <= after);
    }
};

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
