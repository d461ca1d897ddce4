// The controller on a REAL ThreadPoolExecutor: step from idle, pause freezes
// the executor (not only the drawing), one event per step, stepping a whole
// run of 100 tasks, reset while paused, interventions, slow motion.

#include "controllerpump.h"
#include "ui/run/eventbridge.h"
#include "ui/run/runcontroller.h"

#include <QtTest>

#include <thread>

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::uitest::pump;

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

    void stepping100TasksNeverDeadlocks_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<int>("workers");
        QTest::addColumn<int>("stepTimeoutMs");
        // Worker processes publish through rings the manager drains, so one step of the
        // process pool may surface more than one event.
        QTest::addColumn<bool>("oneEventPerStep");
        QTest::newRow("thread pool, 4 workers: one event per step")
            << QStringLiteral("thread") << 4 << 5000 << true;
        QTest::newRow("process pool, 2 workers") << QStringLiteral("process") << 2 << 10000 << false;
    }
    void stepping100TasksNeverDeadlocks()
    {
        QFETCH(QString, pool);
        QFETCH(int, workers);
        QFETCH(int, stepTimeoutMs);
        QFETCH(bool, oneEventPerStep);
        RunController c;
        RunSpec s = quickSpec(workers, 100);
        s.scenario.pool = pool.toStdString();
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
                    stepTimeoutMs),
                qPrintable(QStringLiteral("stuck after %1 steps").arg(steps)));
            if (oneEventPerStep)
                QVERIFY(c.scene().eventsApplied() <= before + 1);
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
