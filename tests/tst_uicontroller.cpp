// The controller on a REAL ThreadPoolExecutor: step from idle, pause freezes
// the executor (not only the drawing), one event per step, stepping a whole
// run of 100 tasks, reset while paused, interventions, slow motion.

#include "eventbridge.h"
#include "runcontroller.h"

#include <QtTest>

#include <thread>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

RunSpec quickSpec(int workers, int tasks, const char* workload = "noop", double taskMs = 0.0)
{
    RunSpec s;
    s.scenario.submit = "as_completed";
    s.scenario.gil = false;
    s.scenario.workers = workers;
    s.scenario.tasks = tasks;
    s.scenario.workload.name = workload;
    s.scenario.workload.taskMs = taskMs;
    s.speed = 1.0;
    return s;
}

// Hands frames over until `pred` holds (the test drives the bridge itself).
bool pump(RunController& c, const std::function<bool()>& pred, int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        c.bridge()->flush();
        QCoreApplication::processEvents();
        if (pred())
            return true;
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    c.bridge()->flush();
    return pred();
}

} // namespace

class TstUiController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stepFromIdleStartsPausedOneEventAtATime()
    {
        RunController c;
        c.setSpec(quickSpec(2, 10));
        QSignalSpy states(&c, &RunController::stateChanged);
        c.step();
        QCOMPARE(c.state(), RunState::Paused);
        QVERIFY(pump(
            c, [&] { return c.scene().eventsApplied() == 1; }, 5000));
        QVERIFY(pump(
            c, [&] { return c.gateWaiting() >= 1; }, 5000));
        QVERIFY(!pump(
            c, [&] { return c.scene().eventsApplied() > 1; }, 100)); // frozen
        for (int i = 2; i <= 12; ++i) {
            c.step();
            QVERIFY(pump(
                c, [&] { return c.scene().eventsApplied() == static_cast<std::uint64_t>(i); }, 5000));
            QVERIFY(pump(
                c, [&] { return c.gateWaiting() >= 1; }, 5000));
            QCOMPARE(c.scene().eventsApplied(), static_cast<std::uint64_t>(i)); // exactly one per step
        }
        QCOMPARE(c.stepsTaken(), std::uint64_t(12));
        c.run();
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 10000));
        QCOMPARE(c.scene().completed(), std::int64_t(10));
        QVERIFY(states.count() >= 3); // Paused, Running, Finished
    }

    void pauseFreezesTheExecutorNotOnlyTheDrawing()
    {
        RunController c;
        c.setSpec(quickSpec(2, 40, "sleep", 10));
        c.run();
        QVERIFY(pump(
            c, [&] { return c.scene().completed() >= 2; }, 10000));
        c.pause();
        QCOMPARE(c.state(), RunState::Paused);
        QVERIFY(pump(
            c, [&] { return c.gateWaiting() >= 1; }, 5000));
        pump(
            c, [] { return false; }, 50); // what was emitted before the pause arrives
        const std::uint64_t frozen = c.scene().eventsApplied();
        const std::int64_t done = c.scene().completed();
        // Sleeping tasks finish their sleep, but nothing they do next gets past the gate.
        QVERIFY(!pump(
            c, [&] { return c.scene().eventsApplied() != frozen; }, 300));
        QCOMPARE(c.scene().completed(), done);
        c.togglePause(); // Space
        QCOMPARE(c.state(), RunState::Running);
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 20000));
        QCOMPARE(c.scene().completed(), std::int64_t(40));
    }

    void stepping100TasksNeverDeadlocks()
    {
        RunController c;
        c.setSpec(quickSpec(4, 100));
        QElapsedTimer t;
        t.start();
        std::uint64_t steps = 0;
        while (c.state() != RunState::Finished) {
            QVERIFY2(t.elapsed() < 60'000, "stepping did not finish the run");
            const std::uint64_t before = c.scene().eventsApplied();
            c.step();
            ++steps;
            QVERIFY2(
                pump(
                    c, [&] { return c.scene().eventsApplied() > before || c.state() == RunState::Finished; },
                    5000),
                qPrintable(QStringLiteral("stuck after %1 steps").arg(steps)));
            QVERIFY(c.scene().eventsApplied() <= before + 1);
        }
        QCOMPARE(c.scene().completed(), std::int64_t(100));
        QVERIFY(c.scene().eventsApplied() >= steps - 1);
    }

    void resetWhilePausedLetsTheOldRunGo()
    {
        RunController c;
        c.setSpec(quickSpec(2, 200, "sleep", 5));
        c.run();
        QVERIFY(pump(
            c, [&] { return c.scene().completed() >= 1; }, 10000));
        c.pause();
        QVERIFY(pump(
            c, [&] { return c.gateWaiting() >= 1; }, 5000));
        QSignalSpy resets(&c, &RunController::runReset);
        c.reset();
        QCOMPARE(c.state(), RunState::Idle);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(c.scene().eventsApplied(), std::uint64_t(0));
        // The old run ends on its own (cancel_futures drained the queue) and is joined.
        QVERIFY(pump(
            c, [&] { return c.liveRuns() == 0; }, 15000));
        QCOMPARE(c.scene().eventsApplied(), std::uint64_t(0)); // nothing of it leaked into the new view
    }

    void cancelSelectedQueuedFuture()
    {
        RunController c;
        RunSpec s = quickSpec(1, 5, "sleep", 60);
        c.setSpec(s);
        c.run();
        QVERIFY(pump(
            c, [&] { return c.scene().submitted() == 5 && c.scene().running() == 1; }, 10000));
        const std::int64_t last = c.scene().order().back();
        c.selectTask(last);
        c.cancelSelectedFuture();
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 10000));
        QCOMPARE(c.scene().task(last)->final, FutureFinal::Cancelled);
        QCOMPARE(c.scene().cancelled(), std::int64_t(1));
        QCOMPARE(c.scene().completed(), std::int64_t(4));
        // as_completed yielded it once a thread dequeued it: the caller saw CancelledError.
        QCOMPARE(QString::fromStdString(c.scene().task(last)->outcomeType), QStringLiteral("CancelledError"));
    }

    void shutdownCancelFuturesDuringMap()
    {
        RunController c;
        RunSpec s = quickSpec(1, 10, "sleep", 40);
        s.scenario.submit = "map";
        c.setSpec(s);
        c.run();
        QVERIFY(pump(
            c, [&] { return c.scene().running() == 1 && c.scene().submitted() == 10; }, 10000));
        c.shutdownPool(false, true);
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 10000));
        QVERIFY(c.scene().shutdownCancelFutures());
        QVERIFY(c.scene().cancelled() >= 8);
        // map's generator hit a cancelled future: CancelledError reached the caller.
        QCOMPARE(QString::fromStdString(c.scene().callerErrorType()), QStringLiteral("CancelledError"));
    }

    void timeoutReachesTheCaller()
    {
        RunController c;
        RunSpec s = quickSpec(1, 4, "sleep", 150);
        s.scenario.timeoutS = 0.05;
        c.setSpec(s);
        c.run();
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 10000));
        QCOMPARE(QString::fromStdString(c.scene().callerErrorType()), QStringLiteral("TimeoutError"));
        QCOMPARE(QString::fromStdString(c.scene().callerErrorText()),
                 QStringLiteral("4 (of 4) futures unfinished"));
        QVERIFY(c.scene().timeoutFired());
        // Leaving the with-block waited for the queued work: every task still ran.
        QCOMPARE(c.scene().completed(), std::int64_t(4));
    }

    void slowMotionScalesTaskDurationsAndPaces_data()
    {
        QTest::addColumn<double>("speed");
        QTest::addColumn<qint64>("pacingNs");
        QTest::newRow("real time: no pacing") << 1.0 << qint64(0);
        QTest::newRow("half speed: 10 ms between events") << 0.5 << qint64(10'000'000);
        QTest::newRow("x10 slower: 90 ms") << 0.1 << qint64(90'000'000);
    }
    void slowMotionScalesTaskDurationsAndPaces()
    {
        QFETCH(double, speed);
        QFETCH(qint64, pacingNs);
        QCOMPARE(RunController::pacingNsFor(speed), pacingNs);
        if (speed < 0.5)
            return; // the run itself is checked at half speed
        RunController c;
        RunSpec s = quickSpec(1, 1, "sleep", 20);
        s.speed = speed;
        c.setSpec(s);
        c.run();
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 20000));
        const TaskRecord* t = c.scene().task(c.scene().order().front());
        QVERIFY(t && t->tEnd != kNoTime);
        const double ms = static_cast<double>(t->tEnd - t->tStart) / 1e6;
        QVERIFY2(ms >= 20.0 / speed - 1, qPrintable(QString::number(ms)));
        if (pacingNs > 0) {
            // Events were let through one per gap (a credit is not banked while
            // nobody waits, so a pass can come early after an idle stretch): the
            // run took well over half of (events - 1) gaps.
            QVERIFY(c.scene().tLast() - c.scene().t0() >=
                    static_cast<std::int64_t>(c.scene().eventsApplied() - 1) * pacingNs / 2);
        }
    }

    void processPoolStepsOneEventAtATimeWorkersIncluded()
    {
        RunController c;
        RunSpec s = quickSpec(2, 4);
        s.scenario.pool = "process";
        c.setSpec(s);
        QSet<int> workerKinds;
        for (int i = 1; i <= 60; ++i) {
            c.step();
            QVERIFY2(
                pump(
                    c, [&] { return c.scene().eventsApplied() == static_cast<std::uint64_t>(i); }, 10000),
                qPrintable(QStringLiteral("step %1").arg(i)));
            // Whoever took the step is held again at its next event (or the run is over).
            QVERIFY(pump(
                c, [&] { return c.gateWaiting() >= 1 || c.state() == RunState::Finished; }, 10000));
            pump(
                c, [] { return false; }, 2);
            QCOMPARE(c.scene().eventsApplied(), static_cast<std::uint64_t>(i)); // exactly one per step
        }
        // Steps reached into the worker processes: a worker took an item and ran it.
        bool workerStepped = false;
        for (const WorkerRecord& w : c.scene().workers())
            workerStepped = workerStepped || w.tasksDone > 0 || w.state == WorkerState::Running;
        QVERIFY(workerStepped);
        c.run();
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 20000));
        QCOMPARE(c.scene().completed(), std::int64_t(4));
    }

    void stepping100TasksThroughTheProcessPoolNeverDeadlocks()
    {
        RunController c;
        RunSpec s = quickSpec(2, 100);
        s.scenario.pool = "process";
        c.setSpec(s);
        QElapsedTimer t;
        t.start();
        std::uint64_t steps = 0;
        while (c.state() != RunState::Finished) {
            QVERIFY2(t.elapsed() < 90'000, "stepping did not finish the run");
            const std::uint64_t before = c.scene().eventsApplied();
            c.step();
            ++steps;
            QVERIFY2(
                pump(
                    c, [&] { return c.scene().eventsApplied() > before || c.state() == RunState::Finished; },
                    10000),
                qPrintable(QStringLiteral("stuck after %1 steps").arg(steps)));
        }
        QCOMPARE(c.scene().completed(), std::int64_t(100));
        QVERIFY(c.liveRuns() <= 1);
    }

    void killingAWorkerBreaksThePool()
    {
        RunController c;
        RunSpec s = quickSpec(2, 8, "sleep", 300);
        s.scenario.pool = "process";
        c.setSpec(s);
        c.run();
        const bool both = pump(
            c, [&] { return c.scene().running() >= 2; }, 10000);
        if (!both) {
            for (const WorkerRecord& w : c.scene().workers())
                qWarning() << "worker" << w.id << int(w.state) << w.task << w.tasksDone;
            qWarning() << "events" << c.scene().eventsApplied() << "state" << int(c.state());
        }
        QVERIFY(both);
        const std::int32_t pid = c.scene().workers().front().id;
        QVERIFY(c.canKillWorkers());
        c.killWorker(pid);
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 20000));
        QVERIFY(c.scene().broken());
        QCOMPARE(QString::fromStdString(c.scene().brokenType()), QStringLiteral("BrokenProcessPool"));
        QCOMPARE(QString::fromStdString(c.scene().callerErrorType()), QStringLiteral("BrokenProcessPool"));
        QVERIFY(c.scene().failed() >= 1);
        QCOMPARE(c.scene().completed() + c.scene().failed() + c.scene().cancelled(), std::int64_t(8));
        const int slot = c.scene().workerSlot(pid);
        QVERIFY(slot >= 0);
        QCOMPARE(c.scene().workers()[static_cast<std::size_t>(slot)].state, WorkerState::Killed);
        QCOMPARE(c.scene().workers()[static_cast<std::size_t>(slot)].exitCode, std::int64_t(-9));
    }

    void scenarioKillWorkerAfterBreaksThePoolLikeTheCli()
    {
        RunController c;
        RunSpec s = quickSpec(2, 8, "sleep", 50);
        s.scenario.pool = "process";
        s.scenario.killWorkerAfter = 2;
        c.setSpec(s);
        c.run();
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 20000));
        QVERIFY(c.scene().broken());
        QVERIFY(c.scene().completed() >= 2);
        QCOMPARE(c.scene().completed() + c.scene().failed() + c.scene().cancelled(), std::int64_t(8));
        int killed = 0;
        for (const WorkerRecord& w : c.scene().workers())
            killed += w.state == WorkerState::Killed && w.exitCode == -9 ? 1 : 0;
        QVERIFY(killed >= 1);
    }

    void invalidSpecIsRefusedWithAMessage()
    {
        RunController c;
        RunSpec s = quickSpec(1, 5);
        s.scenario.workers = 0;
        QSignalSpy messages(&c, &RunController::message);
        c.setSpec(s);
        c.run();
        QCOMPARE(c.state(), RunState::Idle);
        QCOMPARE(messages.count(), 1);
        QVERIFY(messages.front().front().toString().contains(QStringLiteral("workers")));
    }
};

QTEST_GUILESS_MAIN(TstUiController)
#include "tst_uicontroller.moc"
