// The event -> scene mapping (SceneState) and the inspector's stages, on
// synthetic sequences and on a real ThreadPoolExecutor's recorded stream.

#include "core/events/recorder.h"
#include "core/futures/wait.h"
#include "core/thread/threadpoolexecutor.h"
#include "tests/ui/uitesthelpers.h"
#include "ui/model/scenestate.h"

#include <QtTest>

#include <algorithm>

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::uitest::EventScript;

Q_DECLARE_METATYPE(poolscope::ui::ChipPlace)
Q_DECLARE_METATYPE(poolscope::ui::WorkerState)
Q_DECLARE_METATYPE(poolscope::ui::FutureFinal)

class TstUiScene : public QObject
{
    Q_OBJECT
private:
    // A two-thread pool: task 7 runs on thread 1, task 8 waits in the queue
    // until thread 1 takes it, then raises.
    static EventScript threadScript()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 0);               // 0
        s.add(EventKind::Submit, 0, 7);                               // 1
        s.add(EventKind::WorkItemCreated, 0, 7);                      // 2
        s.add(EventKind::WorkQueuePut, 0, 7, 1);                      // 3
        s.add(EventKind::ThreadSpawn, 1, 7, 1);                       // 4
        s.add(EventKind::WorkQueueGet, 1, 7, 0);                      // 5
        s.state(1, 7, FutureStatus::Pending, FutureStatus::Running);  // 6
        s.add(EventKind::TaskStart, 1, 7);                            // 7
        s.add(EventKind::Submit, 0, 8);                               // 8
        s.add(EventKind::WorkQueuePut, 0, 8, 1);                      // 9
        s.add(EventKind::TaskEnd, 1, 7, 3'000'000, 0);                // 10
        s.state(1, 7, FutureStatus::Running, FutureStatus::Finished); // 11
        s.add(EventKind::WorkQueueGet, 1, 8, 0);                      // 12
        s.state(1, 8, FutureStatus::Pending, FutureStatus::Running);  // 13
        s.add(EventKind::TaskStart, 1, 8);                            // 14
        s.add(EventKind::TaskEnd, 1, 8, 1'000'000, 1);                // 15
        s.state(1, 8, FutureStatus::Running, FutureStatus::Finished); // 16
        s.add(EventKind::IdleRelease, 1, -1, 1);                      // 17
        return s;
    }

private Q_SLOTS:
    void threadPoolSteps_data()
    {
        QTest::addColumn<int>("upTo"); // events applied: [0, upTo]
        QTest::addColumn<qint64>("task");
        QTest::addColumn<ChipPlace>("place");
        QTest::addColumn<int>("queueDepth");
        QTest::addColumn<WorkerState>("thread1");
        QTest::addColumn<qint64>("thread1Task");
        QTest::addColumn<FutureFinal>("final");

        QTest::newRow("submitted: chip at the caller")
            << 1 << qint64(7) << ChipPlace::Caller << 0 << WorkerState::Starting << qint64(-1)
            << FutureFinal::None;
        QTest::newRow("put: chip in the work queue")
            << 3 << qint64(7) << ChipPlace::WorkQueue << 1 << WorkerState::Starting << qint64(-1)
            << FutureFinal::None;
        QTest::newRow("get: chip moves to thread 1")
            << 5 << qint64(7) << ChipPlace::Worker << 0 << WorkerState::Running << qint64(7)
            << FutureFinal::None;
        QTest::newRow("second task queued behind the running one")
            << 9 << qint64(8) << ChipPlace::WorkQueue << 1 << WorkerState::Running << qint64(7)
            << FutureFinal::None;
        QTest::newRow("task end: thread 1 between tasks")
            << 10 << qint64(7) << ChipPlace::Worker << 1 << WorkerState::Idle << qint64(-1)
            << FutureFinal::None;
        QTest::newRow("finished: chip in its future with a result")
            << 11 << qint64(7) << ChipPlace::Future << 1 << WorkerState::Idle << qint64(-1)
            << FutureFinal::Result;
        QTest::newRow("raised: future shows an exception")
            << 16 << qint64(8) << ChipPlace::Future << 0 << WorkerState::Idle << qint64(-1)
            << FutureFinal::Exception;
        QTest::newRow("idle release: thread 1 idle")
            << 17 << qint64(8) << ChipPlace::Future << 0 << WorkerState::Idle << qint64(-1)
            << FutureFinal::Exception;
    }
    void threadPoolSteps()
    {
        QFETCH(int, upTo);
        QFETCH(qint64, task);
        QFETCH(ChipPlace, place);
        QFETCH(int, queueDepth);
        QFETCH(WorkerState, thread1);
        QFETCH(qint64, thread1Task);
        QFETCH(FutureFinal, final);
        const EventScript s = threadScript();
        SceneState scene;
        scene.reset(PoolKind::Thread, 2);
        for (int i = 0; i <= upTo; ++i)
            scene.apply(s.events()[static_cast<std::size_t>(i)]);
        const TaskRecord* t = scene.task(task);
        QVERIFY(t);
        QCOMPARE(t->place, place);
        QCOMPARE(t->final, final);
        QCOMPARE(static_cast<int>(scene.workQueue().size()), queueDepth);
        if (upTo >= 4) {
            QCOMPARE(scene.workers().size(), std::size_t(1));
            QCOMPARE(scene.workers()[0].state, thread1);
            QCOMPARE(scene.workers()[0].task, thread1Task);
        }
    }

    void lateEventNeverMovesAChipBack()
    {
        // WorkQueuePut emitted before WorkQueueGet on another thread but delivered after it.
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 1, 0);
        s.add(EventKind::Submit, 0, 3);
        const Event put = s.add(EventKind::WorkQueuePut, 0, 3, 1);
        const Event get = s.add(EventKind::WorkQueueGet, 1, 3, 0);
        SceneState scene;
        scene.reset(PoolKind::Thread, 1);
        scene.apply(s.events()[0]);
        scene.apply(s.events()[1]);
        scene.apply(get);
        scene.apply(put);
        QCOMPARE(scene.task(3)->place, ChipPlace::Worker);
        QVERIFY(scene.workQueue().empty());
    }

    void tasksAreNumberedByRunNotByFutureId()
    {
        // Future ids grow across runs (22, 23, ...); a task is "task N" of its run, and on a
        // process pool its work id is the executor's _queue_count at submit (Submit's value - 1).
        for (const bool process : {false, true}) {
            EventScript s;
            s.add(EventKind::ExecutorCreated, 0, -1, 2, process ? 1 : 0);
            s.add(EventKind::Submit, 0, 22, process ? 1 : 0);
            s.add(EventKind::Submit, 0, 23, process ? 2 : 0);
            SceneState scene;
            scene.reset(process ? PoolKind::Process : PoolKind::Thread, 2);
            for (const Event& e : s.events())
                scene.apply(e);
            QCOMPARE(scene.task(22)->index, 0);
            QCOMPARE(scene.task(23)->index, 1);
            QCOMPARE(scene.task(22)->workId, process ? 0 : -1);
            QCOMPARE(scene.task(23)->workId, process ? 1 : -1);
        }
    }

    void cancelledItemStaysQueuedUntilDequeued()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 1, 0);
        s.add(EventKind::Submit, 0, 5);
        s.add(EventKind::WorkQueuePut, 0, 5, 1);
        s.state(0, 5, FutureStatus::Pending, FutureStatus::Cancelled);
        SceneState scene;
        scene.reset(PoolKind::Thread, 1);
        for (const Event& e : s.events())
            scene.apply(e);
        QCOMPARE(scene.task(5)->final, FutureFinal::Cancelled);
        QCOMPARE(scene.task(5)->place, ChipPlace::WorkQueue); // like CPython: still in the queue
        QCOMPARE(scene.workQueue().size(), std::size_t(1));
        scene.apply(s.add(EventKind::WorkQueueGet, 1, 5, 0));
        scene.apply(s.state(1, 5, FutureStatus::Cancelled, FutureStatus::CancelledAndNotified));
        QCOMPARE(scene.task(5)->place, ChipPlace::Future);
        QVERIFY(scene.workQueue().empty());
        QCOMPARE(scene.cancelled(), std::int64_t(1));
        QCOMPARE(scene.workers()[0].state, WorkerState::Idle);
    }

    void sentinelShowsInTheQueue()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 0);
        s.add(EventKind::ShutdownFlag, 0, -1, 1, 0);
        s.add(EventKind::SentinelPut, 0, -1, 1);
        SceneState scene;
        scene.reset(PoolKind::Thread, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        QVERIFY(scene.shutdownStarted());
        QCOMPARE(scene.workQueue().size(), std::size_t(1));
        QCOMPARE(scene.workQueue().front(), std::int64_t(-1));
        scene.apply(s.add(EventKind::WorkQueueGet, 1, -1, 0, 1));
        QVERIFY(scene.workQueue().empty());
    }

    void theCallerHoldsTheGilTooAndIsNoWorker()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 0);
        s.add(EventKind::GilRequest, 0, -1);
        s.add(EventKind::GilAcquire, 0, -1, 0);
        s.add(EventKind::ThreadSpawn, 1, -1, 1);
        s.add(EventKind::GilRequest, 1, -1);
        SceneState scene;
        scene.reset(PoolKind::Thread, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        QCOMPARE(scene.gilHolder(), 0);                   // the main thread
        QCOMPARE(scene.workers().size(), std::size_t(1)); // worker 0 is not a pool thread
        QCOMPARE(scene.workers()[0].id, 1);
        QCOMPARE(scene.workers()[0].state, WorkerState::GilWait);
        scene.apply(s.add(EventKind::GilDropRequest, 1, -1, 5'000'000));
        QVERIFY(scene.callerDropRequested());
        scene.apply(s.add(EventKind::GilRelease, 0, -1, 6'000'000, 1));
        scene.apply(s.add(EventKind::GilAcquire, 1, -1, 6'000'000));
        QCOMPARE(scene.gilHolder(), 1);
        QCOMPARE(scene.workers()[0].state, WorkerState::Idle); // it holds the GIL, but runs no task yet
    }

    void gilTokenMovesBetweenThreads()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 0);
        s.add(EventKind::GilRequest, 1, 10);
        s.add(EventKind::GilAcquire, 1, 10, 0);
        s.add(EventKind::GilRequest, 2, 11);
        SceneState scene;
        scene.reset(PoolKind::Thread, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        QCOMPARE(scene.gilHolder(), 1);
        QCOMPARE(scene.workers()[static_cast<std::size_t>(scene.workerSlot(2))].state, WorkerState::GilWait);
        scene.apply(s.add(EventKind::GilDropRequest, 2, 11, 5'000'000));
        QVERIFY(scene.workers()[static_cast<std::size_t>(scene.workerSlot(1))].dropRequested);
        scene.apply(s.add(EventKind::GilRelease, 1, 10, 6'000'000, 1));
        QCOMPARE(scene.gilHolder(), SceneState::kNobody);
        scene.apply(s.add(EventKind::GilAcquire, 2, 11, 7'000'000, 0, 2'000'000));
        QCOMPARE(scene.gilHolder(), 2);
        QCOMPARE(scene.workers()[static_cast<std::size_t>(scene.workerSlot(2))].state, WorkerState::Running);
        const TaskRecord* t = scene.task(11);
        QCOMPARE(t->gilWaits, 1);
        QCOMPARE(t->gilWaitNs, std::int64_t(4'000'000)); // request -> acquire: 1 + 1 + 2 ms
    }

    void processPoolHops_data()
    {
        QTest::addColumn<int>("upTo");
        QTest::addColumn<ChipPlace>("place");
        QTest::addColumn<int>("workIds");
        QTest::addColumn<int>("callQueue");
        QTest::addColumn<int>("pending");
        QTest::addColumn<int>("atManager");
        QTest::addColumn<int>("resultQueue");
        QTest::newRow("submit + pending insert: item in Work Items")
            << 2 << ChipPlace::Caller << 0 << 0 << 1 << 0 << 0;
        QTest::newRow("work id put") << 3 << ChipPlace::WorkIds << 1 << 0 << 1 << 0 << 0;
        QTest::newRow("manager took the id") << 4 << ChipPlace::Manager << 0 << 0 << 1 << 1 << 0;
        QTest::newRow("call queue put takes a slot") << 5 << ChipPlace::CallQueue << 0 << 1 << 1 << 0 << 0;
        QTest::newRow("feeder serialized: in the pipe, slot still taken")
            << 7 << ChipPlace::CallPipe << 0 << 1 << 1 << 0 << 0;
        QTest::newRow("worker get frees the slot") << 8 << ChipPlace::Worker << 0 << 0 << 1 << 0 << 0;
        QTest::newRow("result in the result pipe") << 12 << ChipPlace::ResultPipe << 0 << 0 << 1 << 0 << 1;
        QTest::newRow("manager read the result") << 13 << ChipPlace::Returned << 0 << 0 << 1 << 1 << 0;
        QTest::newRow("finished: back in its future") << 15 << ChipPlace::Future << 0 << 0 << 0 << 0 << 0;
    }
    void processPoolHops()
    {
        QFETCH(int, upTo);
        QFETCH(ChipPlace, place);
        QFETCH(int, workIds);
        QFETCH(int, callQueue);
        QFETCH(int, pending);
        QFETCH(int, atManager);
        QFETCH(int, resultQueue);
        const std::int32_t pid = 4242;
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 1);               // 0
        s.add(EventKind::Submit, 0, 1);                               // 1
        s.add(EventKind::PendingInsert, 0, 1, 1);                     // 2
        s.add(EventKind::WorkIdPut, 0, 1, 1);                         // 3
        s.add(EventKind::WorkIdGet, 0, 1, 0);                         // 4
        s.add(EventKind::CallQueuePut, 0, 1, 1, 3);                   // 5
        s.state(0, 1, FutureStatus::Pending, FutureStatus::Running);  // 6
        s.add(EventKind::FeederSerialize, 0, 1, 123);                 // 7
        s.add(EventKind::WorkerGet, pid, 1, 127);                     // 8
        s.add(EventKind::TaskStart, pid, 1);                          // 9
        s.add(EventKind::TaskEnd, pid, 1, 2'000'000, 0);              // 10
        s.add(EventKind::ResultSerialize, pid, 1, 113);               // 11
        s.add(EventKind::ResultPipeWrite, pid, 1, 117);               // 12
        s.add(EventKind::ResultPipeRead, 0, 1, 117);                  // 13
        s.add(EventKind::PendingPop, 0, 1, 0);                        // 14
        s.state(0, 1, FutureStatus::Running, FutureStatus::Finished); // 15
        SceneState scene;
        scene.reset(PoolKind::Process, 2);
        for (int i = 0; i <= upTo; ++i)
            scene.apply(s.events()[static_cast<std::size_t>(i)]);
        QCOMPARE(scene.pool(), PoolKind::Process);
        QCOMPARE(scene.callQueueCapacity(), 3);
        QCOMPARE(scene.task(1)->place, place);
        QCOMPARE(static_cast<int>(scene.workQueue().size()), workIds);
        QCOMPARE(static_cast<int>(scene.callQueue().size()), callQueue);
        QCOMPARE(static_cast<int>(scene.pendingItems().size()), pending);
        QCOMPARE(static_cast<int>(scene.atManager().size()), atManager);
        QCOMPARE(static_cast<int>(scene.resultQueue().size()), resultQueue);
        if (upTo >= 15) {
            const TaskRecord* t = scene.task(1);
            QCOMPARE(t->callBytes, std::int64_t(123));
            QCOMPARE(t->resultBytes, std::int64_t(113));
            QCOMPARE(t->worker, pid);
            QCOMPARE(t->final, FutureFinal::Result);
            const auto stages = taskStages(*t, PoolKind::Process);
            QStringList names;
            for (const Stage& st : stages)
                names << QString::number(static_cast<int>(st.id));
            // queued, waiting for a slot, call pipe, running, result pipe, resolved
            QCOMPARE(names.join(QLatin1Char(',')), QStringLiteral("0,1,2,3,5,6"));
            QCOMPARE(stages[2].bytes, std::int64_t(123));
            QCOMPARE(stages[4].bytes, std::int64_t(113));
            QCOMPARE(stages[3].start, s.events()[9].tNs);
            QCOMPARE(stages[3].end, s.events()[10].tNs);
        }
    }

    void runningEndsWhenAKilledWorkersTaskResolves()
    {
        // The worker dies mid-task: no TaskEnd ever comes. The running stage must end when the
        // future resolves (BrokenProcessPool), not read "so far" forever.
        const std::int32_t pid = 4242;
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 1);
        s.add(EventKind::Submit, 0, 1);
        s.add(EventKind::PendingInsert, 0, 1, 1);
        s.add(EventKind::WorkIdPut, 0, 1, 1);
        s.add(EventKind::WorkIdGet, 0, 1, 0);
        s.add(EventKind::CallQueuePut, 0, 1, 1, 3);
        s.state(0, 1, FutureStatus::Pending, FutureStatus::Running);
        s.add(EventKind::FeederSerialize, 0, 1, 123);
        s.add(EventKind::WorkerGet, pid, 1, 127);
        const Event start = s.add(EventKind::TaskStart, pid, 1);
        const Event resolved = s.state(0, 1, FutureStatus::Running, FutureStatus::Finished);
        SceneState scene;
        scene.reset(PoolKind::Process, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        const auto stages = taskStages(*scene.task(1), PoolKind::Process);
        const auto running = std::find_if(stages.begin(), stages.end(),
                                          [](const Stage& st) { return st.id == Stage::Id::Running; });
        QVERIFY(running != stages.end());
        QCOMPARE(running->start, start.tNs);
        QCOMPARE(running->end, resolved.tNs);
    }

    void replacedProcessTakesTheExitedSlot()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 1);
        s.add(EventKind::ProcessSpawn, 100, -1, 1);
        s.add(EventKind::ProcessSpawn, 101, -1, 2);
        s.add(EventKind::ProcessExit, 100, -1, static_cast<std::int64_t>(ExitReason::MaxTasks), 0);
        s.add(EventKind::ProcessSpawn, 102, -1, 2);
        SceneState scene;
        scene.reset(PoolKind::Process, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        QCOMPARE(scene.workers().size(), std::size_t(2));
        QCOMPARE(scene.workerSlot(102), 0);
        QCOMPARE(scene.workerSlot(100), -1);
    }

    void brokenPoolCarriesCPythonsMessage_data()
    {
        QTest::addColumn<int>("pool");
        QTest::addColumn<qint64>("cause");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("message");
        QTest::newRow("thread initializer")
            << 0 << qint64(BrokenCause::InitializerFailed) << QStringLiteral("BrokenThreadPool")
            << QStringLiteral("A thread initializer failed, the thread pool is not "
                              "usable anymore");
        QTest::newRow("process died")
            << 1 << qint64(BrokenCause::ProcessDied) << QStringLiteral("BrokenProcessPool")
            << QStringLiteral("A process in the process pool was terminated abruptly while "
                              "the future was running or pending.");
    }
    void brokenPoolCarriesCPythonsMessage()
    {
        QFETCH(int, pool);
        QFETCH(qint64, cause);
        QFETCH(QString, type);
        QFETCH(QString, message);
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 2, pool);
        s.add(EventKind::PoolBroken, 0, -1, 3, cause);
        SceneState scene;
        scene.reset(pool ? PoolKind::Process : PoolKind::Thread, 2);
        for (const Event& e : s.events())
            scene.apply(e);
        QVERIFY(scene.broken());
        QCOMPARE(QString::fromStdString(scene.brokenType()), type);
        QCOMPARE(QString::fromStdString(scene.brokenMessage()), message);
        QCOMPARE(scene.brokenFailed(), std::int64_t(3));
    }

    void outcomeFromTheCallerWins()
    {
        EventScript s;
        s.add(EventKind::ExecutorCreated, 0, -1, 1, 0);
        s.threadTask(1, 1);
        SceneState scene;
        scene.reset(PoolKind::Thread, 1);
        for (const Event& e : s.events())
            scene.apply(e);
        QCOMPARE(scene.completed(), std::int64_t(1));
        scene.applyOutcome(FutureOutcome{1, FutureOutcome::Kind::Exception, "TypeError", "cannot pickle"});
        QCOMPARE(scene.task(1)->final, FutureFinal::Exception);
        QCOMPARE(scene.completed(), std::int64_t(0));
        QCOMPARE(scene.failed(), std::int64_t(1));
        QCOMPARE(QString::fromStdString(scene.task(1)->outcomeType), QStringLiteral("TypeError"));
    }

    void realThreadPoolStreamFoldsToAConsistentScene()
    {
        auto recorder = std::make_shared<Recorder>();
        auto stream = std::make_shared<EventStream>(recorder);
        std::vector<FutureCorePtr> fs;
        {
            ThreadPoolOptions o;
            o.maxWorkers = 3;
            o.events = stream;
            ThreadPoolExecutor pool(o);
            for (int i = 0; i < 200; ++i)
                fs.push_back(pool.submitErased([i]() -> std::any {
                    if (i % 50 == 49)
                        throw ValueError("bad input");
                    return std::int64_t(i);
                }));
            wait(fs);
        }
        SceneState scene;
        scene.reset(PoolKind::Thread, 3);
        for (const Event& e : recorder->events())
            scene.apply(e);
        QCOMPARE(scene.submitted(), std::int64_t(200));
        QCOMPARE(scene.completed(), std::int64_t(196));
        QCOMPARE(scene.failed(), std::int64_t(4));
        QCOMPARE(scene.firstUnfinished(), std::size_t(200));
        // Shutdown's sentinel was passed along and taken by the last thread.
        QVERIFY(scene.workQueue().empty() || scene.workQueue().front() == -1);
        QVERIFY(scene.shutdownJoined());
        for (const WorkerRecord& w : scene.workers())
            QCOMPARE(w.state, WorkerState::Exited);
        std::int64_t done = 0;
        for (const WorkerRecord& w : scene.workers())
            done += w.tasksDone;
        QCOMPARE(done, std::int64_t(200));
        for (std::int64_t id : scene.order()) {
            const TaskRecord* t = scene.task(id);
            QCOMPARE(t->place, ChipPlace::Future);
            QVERIFY(t->tSubmit <= t->tQueued && t->tQueued <= t->tDequeued && t->tDequeued <= t->tStart &&
                    t->tStart <= t->tEnd && t->tEnd <= t->tResolved);
        }
    }
};

QTEST_GUILESS_MAIN(TstUiScene)
#include "tst_uiscene.moc"
