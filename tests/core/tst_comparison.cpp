// The comparison runs (core/run/comparison.h): the median is the middle wall time, rounds run the
// modes in order and report progress, cancellation stops between runs, a sweep has one point per
// worker count with every mode, and "thread-gil" / "thread-nogil" force the GIL; two scenarios compare
// after the serial runs of their work, named by the fields they differ in, and the pools of a round can
// run at the same time (sharing the cores when the work is CPU-bound).

#include "core/run/comparison.h"

#include <QtTest>

#include <optional>

using namespace poolscope;

namespace {
Scenario small(const std::string& workload = "noop", std::int64_t tasks = 4)
{
    Scenario s;
    s.tasks = tasks;
    s.workers = 2;
    s.workload.name = workload;
    s.workload.taskMs = 1.0;
    return s;
}

RunSummary walled(double wall)
{
    RunSummary s;
    s.wallS = wall;
    return s;
}
} // namespace

class TestComparison : public QObject
{
    Q_OBJECT

private slots:
    void medianIsTheMiddleWall_data()
    {
        QTest::addColumn<QList<double>>("walls");
        QTest::addColumn<int>("index");
        QTest::newRow("one run") << QList<double>{2.0} << 0;
        QTest::newRow("odd count, unsorted") << QList<double>{3.0, 1.0, 2.0} << 2;
        QTest::newRow("even count takes the upper") << QList<double>{4.0, 1.0, 3.0, 2.0} << 2;
        QTest::newRow("ties keep round order") << QList<double>{1.0, 1.0, 1.0} << 1;
    }
    void medianIsTheMiddleWall()
    {
        QFETCH(QList<double>, walls);
        QFETCH(int, index);
        std::vector<RunSummary> runs;
        for (double w : walls)
            runs.push_back(walled(w));
        QCOMPARE(medianIndex(runs), static_cast<std::size_t>(index));
        QCOMPARE(medianOf(runs).wallS, walls[index]);
    }

    void noRunsHaveNoMedian() { QVERIFY_THROWS_EXCEPTION(std::invalid_argument, medianIndex({})); }

    void speedupIsSerialOverRun_data()
    {
        QTest::addColumn<double>("serial");
        QTest::addColumn<double>("run");
        QTest::addColumn<double>("speedup");
        QTest::newRow("twice as fast") << 2.0 << 1.0 << 2.0;
        QTest::newRow("slower") << 1.0 << 4.0 << 0.25;
        QTest::newRow("no time is 0, not infinite") << 1.0 << 0.0 << 0.0;
    }
    void speedupIsSerialOverRun()
    {
        QFETCH(double, serial);
        QFETCH(double, run);
        QFETCH(double, speedup);
        QCOMPARE(speedupOver(walled(serial), walled(run)), speedup);
    }

    void compareRunsEveryModeEachRound()
    {
        CompareOptions o;
        o.repeat = 2;
        std::vector<std::pair<int, int>> progress;
        o.progress = [&](int done, int total) { progress.emplace_back(done, total); };
        const CompareResult r = runCompare(small(), o);
        QVERIFY(!r.cancelled);
        QCOMPARE(r.modes.size(), std::size_t{3});
        QCOMPARE(r.modes[0].mode, std::string("serial"));
        QCOMPARE(r.modes[1].mode, std::string("thread"));
        QCOMPARE(r.modes[2].mode, std::string("process"));
        for (const auto& m : r.modes) {
            QCOMPARE(m.runs.size(), std::size_t{2});
            QCOMPARE(m.median.completed, std::int64_t{4});
            QVERIFY(m.median.wallS > 0);
        }
        // The process pool's tasks cross pipes, the others' do not.
        QVERIFY(r.modes[2].median.pipeBytes > 0);
        QCOMPARE(progress.size(), std::size_t{6});
        QCOMPARE(progress.front(), std::make_pair(1, 6));
        QCOMPARE(progress.back(), std::make_pair(6, 6));
    }

    void cancelStopsBetweenRuns_data()
    {
        QTest::addColumn<int>("runsBeforeCancel");
        QTest::newRow("before the first") << 0;
        QTest::newRow("after serial") << 1;
        QTest::newRow("mid second round") << 4;
    }
    void cancelStopsBetweenRuns()
    {
        QFETCH(int, runsBeforeCancel);
        CompareOptions o;
        o.repeat = 2;
        int ran = 0;
        o.progress = [&](int done, int) { ran = done; };
        o.cancelled = [&] { return ran >= runsBeforeCancel; };
        const CompareResult r = runCompare(small(), o);
        QVERIFY(r.cancelled);
        QCOMPARE(ran, runsBeforeCancel);
        std::size_t total = 0;
        for (const auto& m : r.modes)
            total += m.runs.size();
        QCOMPARE(total, static_cast<std::size_t>(runsBeforeCancel));
    }

    void sweepHasAPointPerWorkerCount()
    {
        SweepOptions o;
        o.lo = 1;
        o.hi = 3;
        o.modes = {"thread-gil", "thread-nogil", "process"};
        int steps = 0;
        int lastTotal = 0;
        o.progress = [&](int, int total) { lastTotal = total; };
        o.stepDone = [&](const SweepResult& soFar) {
            QCOMPARE(soFar.points.size(), static_cast<std::size_t>(steps));
            ++steps;
        };
        const SweepResult r = runSweep(small("spin", 4), o);
        QVERIFY(!r.cancelled);
        QCOMPARE(steps, 4); // serial, then 3 points
        QCOMPARE(lastTotal, 1 + 3 * 3);
        QCOMPARE(r.serial.completed, std::int64_t{4});
        QCOMPARE(r.points.size(), std::size_t{3});
        for (int i = 0; i < 3; ++i) {
            const SweepPoint& p = r.points[static_cast<std::size_t>(i)];
            QCOMPARE(p.workers, i + 1);
            QCOMPARE(p.ideal, double(i + 1));
            QCOMPARE(p.byMode.size(), std::size_t{3});
            QVERIFY(p.byMode.at("thread-gil").gilOn);
            QVERIFY(!p.byMode.at("thread-nogil").gilOn);
            for (const auto& [mode, s] : p.byMode) {
                QCOMPARE(s.completed, std::int64_t{4});
                QCOMPARE(p.speedup.at(mode), speedupOver(r.serial, s));
            }
        }
    }

    void sweepCancelKeepsCompletePoints()
    {
        SweepOptions o;
        o.lo = 1;
        o.hi = 4;
        int ran = 0;
        o.progress = [&](int done, int) { ran = done; };
        o.cancelled = [&] { return ran >= 5; }; // serial + point 1 (3 runs) + a third of point 2
        const SweepResult r = runSweep(small(), o);
        QVERIFY(r.cancelled);
        QCOMPARE(r.points.size(), std::size_t{1});
        QCOMPARE(r.points[0].workers, 1);
    }

    // What the window's sweep view runs is the default: the GIL on, off, the process pool; the median
    // run of each point keeps its recording while the events fit in keepEvents.
    void sweepKeepsTheMedianRecordings_data()
    {
        QTest::addColumn<int>("keepEvents");
        QTest::addColumn<bool>("kept");
        QTest::newRow("room for every recording") << 1'000'000 << true;
        QTest::newRow("no room") << 10 << false;
        QTest::newRow("none asked for") << 0 << false;
    }
    void sweepKeepsTheMedianRecordings()
    {
        QFETCH(int, keepEvents);
        QFETCH(bool, kept);
        SweepOptions o;
        QCOMPARE(o.modes, (std::vector<std::string>{"thread-gil", "thread-nogil", "process"}));
        o.lo = 1;
        o.hi = 2;
        o.repeat = 3;
        o.keepEvents = static_cast<std::size_t>(keepEvents);
        std::size_t moved = 0;
        o.stepDone = [&](SweepResult& soFar) { // what the window's job does with them
            if (!soFar.points.empty() && soFar.points.back().workers == 2) {
                moved = soFar.points.back().events.size();
                soFar.points.back().events.clear();
            }
        };
        const SweepResult r = runSweep(small("sleep", 4), o);
        QVERIFY(!r.cancelled);
        QCOMPARE(r.points.size(), std::size_t{2});
        const SweepPoint& first = r.points[0];
        QCOMPARE(first.events.size(), kept ? std::size_t{3} : std::size_t{0});
        for (const auto& [mode, events] : first.events)
            QCOMPARE(events.size(), static_cast<std::size_t>(first.byMode.at(mode).eventsTotal));
        QCOMPARE(moved, kept ? std::size_t{3} : std::size_t{0});
        QVERIFY(r.points[1].events.empty());
    }

    void saturationIsCoresTimesOnePlusIoOverCpu()
    {
        Scenario s = small("mixed", 4);
        s.workload.ioMs = 50;
        s.workload.cpuMs = 25;
        QCOMPARE(saturationWorkers(s, 2), std::optional<double>(6.0));
        s.workload.cpuMs = 0;
        QCOMPARE(saturationWorkers(s, 2), std::nullopt);
        QCOMPARE(saturationWorkers(small("sleep"), 2), std::nullopt);
    }

    void badOptionsThrow_data()
    {
        QTest::addColumn<int>("lo");
        QTest::addColumn<int>("hi");
        QTest::addColumn<int>("repeat");
        QTest::addColumn<QString>("mode");
        QTest::newRow("lo 0") << 0 << 2 << 1 << "thread";
        QTest::newRow("lo above hi") << 3 << 2 << 1 << "thread";
        QTest::newRow("repeat 0") << 1 << 2 << 0 << "thread";
        QTest::newRow("unknown mode") << 1 << 2 << 1 << "fiber";
    }
    void badOptionsThrow()
    {
        QFETCH(int, lo);
        QFETCH(int, hi);
        QFETCH(int, repeat);
        QFETCH(QString, mode);
        SweepOptions o;
        o.lo = lo;
        o.hi = hi;
        o.repeat = repeat;
        o.modes = {mode.toStdString()};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runSweep(small(), o));
    }

    void stageMediansFromTheEvents()
    {
        // Four 5 ms sleeps on the process pool: every task runs about 5 ms and crosses both pipes;
        // on the thread pool there are no pipes.
        Scenario s = small("sleep", 4);
        s.workload.taskMs = 5.0;
        CompareOptions o;
        o.modes = {"serial", "thread", "process"};
        o.keepEvents = true;
        const CompareResult r = runCompare(s, o);
        const RunMeasures& t = r.modes[1].medianMeasures;
        const RunMeasures& p = r.modes[2].medianMeasures;
        QCOMPARE(r.modes[2].events.size(), std::size_t{1});
        for (const RunMeasures* m : {&t, &p}) {
            QVERIFY(m->stageMs(TaskStageId::Running).has_value());
            QVERIFY2(*m->stageMs(TaskStageId::Running) >= 4.5, m->mode.c_str());
            QVERIFY(m->stageMs(TaskStageId::Queued).has_value());
            QCOMPARE(m->tasks, std::int64_t{4});
        }
        QVERIFY(p.stageMs(TaskStageId::CallPipe).has_value());
        QVERIFY(p.stageMs(TaskStageId::ResultPipe).has_value());
        QVERIFY(p.stageMs(TaskStageId::WaitSlot).has_value());
        QVERIFY(!t.stageMs(TaskStageId::CallPipe).has_value());
        QVERIFY(!t.stageMs(TaskStageId::ResultPipe).has_value());
        // A sleep releases the GIL at once: the GIL stage is there (0 for most tasks), short.
        QVERIFY(t.stageMs(TaskStageId::GilWait).has_value());
        QVERIFY(*t.stageMs(TaskStageId::GilWait) < 5.0);
        QVERIFY(!p.stageMs(TaskStageId::GilWait).has_value());
        QVERIFY(p.runningTotalS >= 4 * 0.0045);
        QCOMPARE(t.speedup, r.modes[0].median.wallS / r.modes[1].median.wallS);
        // A run file's summary says the same of the run as the run did.
        const RunSummary again = summaryFromRecording(s, r.modes[2].events[0], nullptr);
        QCOMPARE(again.completed, std::int64_t{4});
    }

    void verdictRules_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::addColumn<double>("threadWall");
        QTest::addColumn<double>("processWall");
        QTest::addColumn<double>("gilShare");
        QTest::addColumn<double>("processOverheadMs");
        QTest::addColumn<int>("reason");
        QTest::addColumn<QString>("text");
        QTest::newRow("GIL threads lose on CPU work")
            << "factorial" << 1.9 << 1.0 << 0.45 << 1.0 << int(VerdictReason::GilTurns)
            << "ProcessPoolExecutor finished 8 factorial tasks 1.9x faster than ThreadPoolExecutor: under "
               "the "
               "GIL, the threads took turns (they waited for it 45% of the time).";
        QTest::newRow("threads overlap I/O")
            << "sleep" << 0.5 << 1.0 << 0.01 << 1.0 << int(VerdictReason::IoOverlap)
            << "ThreadPoolExecutor finished 8 sleep tasks 2.0x faster than ProcessPoolExecutor: the threads "
               "overlapped their waits for I/O.";
        QTest::newRow("noop threads overlap no waits: overhead")
            << "noop" << 0.5 << 1.0 << 0.0 << 40.0 << int(VerdictReason::Overhead)
            << "ThreadPoolExecutor finished 8 noop tasks 2.0x faster than ProcessPoolExecutor: the tasks "
               "are so short that overhead dominates (40 ms of overhead per task against 5.0 ms of "
               "work).";
        QTest::newRow("overhead dominates short tasks")
            << "primes" << 0.05 << 0.2 << 0.0 << 40.0 << int(VerdictReason::Overhead)
            << "ThreadPoolExecutor finished 8 primes tasks 4.0x faster than ProcessPoolExecutor: the tasks "
               "are "
               "so short that overhead dominates (40 ms of overhead per task against 5.0 ms of work).";
        QTest::newRow("processes in parallel, no GIL")
            << "spin" << 2.0 << 1.0 << 0.0 << 1.0 << int(VerdictReason::Parallel)
            << "ProcessPoolExecutor finished 8 spin tasks 2.0x faster than ThreadPoolExecutor: the processes "
               "kept 1.9 cores busy.";
        QTest::newRow("a tie says about as fast")
            << "spin" << 1.05 << 1.0 << 0.0 << 1.0 << int(VerdictReason::None)
            << "ProcessPoolExecutor finished 8 spin tasks about as fast as ThreadPoolExecutor (1.05x).";
    }
    void verdictRules()
    {
        QFETCH(QString, workload);
        QFETCH(double, threadWall);
        QFETCH(double, processWall);
        QFETCH(double, gilShare);
        QFETCH(double, processOverheadMs);
        QFETCH(int, reason);
        QFETCH(QString, text);
        RunMeasures t;
        t.mode = "thread";
        t.tasks = t.completed = 8;
        t.wallS = threadWall;
        t.gilOn = gilShare > 0;
        t.gilWaitShare = gilShare;
        t.runningTotalS = 0.04;
        t.cpuUtilization = 1.0;
        RunMeasures p;
        p.mode = "process";
        p.tasks = p.completed = 8;
        p.wallS = processWall;
        p.runningTotalS = 0.04;
        p.overheadPerTaskMs = processOverheadMs;
        p.cpuUtilization = 1.9;
        const CompareVerdict v = compareVerdict(t, p, workload.toStdString());
        QCOMPARE(int(v.reason), reason);
        QCOMPARE(QString::fromStdString(verdictText(v)), text);
    }

    // When other programs took the cores, the times are the machine's: the sentence names no reason
    // and says the run cannot tell which is faster, tie or not.
    void aBusyMachineTellsNoWinner_data()
    {
        QTest::addColumn<double>("processWall");
        QTest::addColumn<QString>("text");
        QTest::newRow("a win on a busy machine")
            << 1.0
            << "ProcessPoolExecutor finished 8 factorial tasks 1.9x faster than ThreadPoolExecutor, but "
               "other "
               "programs were using the cores, so this run does not tell which is faster: compare again when "
               "the machine is idle.";
        QTest::newRow("a tie on a busy machine") << 1.85
                                                 << "ProcessPoolExecutor finished 8 factorial tasks about as "
                                                    "fast as ThreadPoolExecutor (1.03x), but "
                                                    "other programs were using the cores, so this run does "
                                                    "not tell which is faster: compare again "
                                                    "when the machine is idle.";
    }
    void aBusyMachineTellsNoWinner()
    {
        QFETCH(double, processWall);
        QFETCH(QString, text);
        RunMeasures t;
        t.mode = "thread";
        t.tasks = t.completed = 8;
        t.wallS = 1.9;
        t.gilOn = true;
        t.gilWaitShare = 0.45;
        RunMeasures p = t;
        p.mode = "process";
        p.wallS = processWall;
        p.gilOn = false;
        p.gilWaitShare = 0;
        CompareVerdict v = compareVerdict(t, p, "factorial");
        QCOMPARE(int(v.reason), int(VerdictReason::GilTurns)); // what it would say on an idle machine
        v.busy = true;
        QCOMPARE(QString::fromStdString(verdictText(v)), text);
    }

    void scenarioDifferencesNameTheFields_data()
    {
        QTest::addColumn<QByteArray>("change"); // what side B changes
        QTest::addColumn<QByteArray>("keys");   // the differing keys, comma-separated
        QTest::addColumn<QByteArray>("valueB"); // B's value of the first
        QTest::newRow("the same scenario differs in nothing")
            << QByteArray("none") << QByteArray("") << QByteArray("");
        QTest::newRow("the name and description are no difference")
            << QByteArray("name") << QByteArray("") << QByteArray("");
        QTest::newRow("the GIL") << QByteArray("gil") << QByteArray("gil") << QByteArray("false");
        QTest::newRow("extra_queued_calls")
            << QByteArray("extra") << QByteArray("extra_queued_calls") << QByteArray("16");
        QTest::newRow("a workload field by its path")
            << QByteArray("n") << QByteArray("workload.n") << QByteArray("7");
        QTest::newRow("the pool and the workers")
            << QByteArray("pool+workers") << QByteArray("pool,workers") << QByteArray("\"process\"");
    }
    void scenarioDifferencesNameTheFields()
    {
        QFETCH(QByteArray, change);
        QFETCH(QByteArray, keys);
        QFETCH(QByteArray, valueB);
        const Scenario a = small("factorial");
        Scenario b = a;
        if (change == "name") {
            b.name = "other";
            b.description = "another";
        } else if (change == "gil") {
            b.gil = false;
        } else if (change == "extra") {
            b.extraQueuedCalls = 16;
        } else if (change == "n") {
            b.workload.n = 7;
        } else if (change == "pool+workers") {
            b.pool = "process";
            b.workers = 4;
        }
        QByteArrayList got;
        const auto d = scenarioDifferences(a, b);
        for (const auto& x : d)
            got << QByteArray::fromStdString(x.key);
        QCOMPARE(got.join(','), keys);
        if (!d.empty())
            QCOMPARE(QByteArray::fromStdString(d.front().b), valueB);
    }

    void pairSidesRunTheSerialOfEachWork_data()
    {
        QTest::addColumn<bool>("otherWork");
        QTest::addColumn<int>("serials");
        QTest::newRow("the same work: one serial run") << false << 1;
        QTest::newRow("other work: a serial run each") << true << 2;
    }
    void pairSidesRunTheSerialOfEachWork()
    {
        QFETCH(bool, otherWork);
        QFETCH(int, serials);
        Scenario a = small("sleep", 3);
        a.gil = true;
        Scenario b = a;
        b.gil = false;
        if (otherWork)
            b.workload.taskMs = 3.0;
        const auto sides = pairSides(a, b);
        QCOMPARE(static_cast<int>(sides.size()), serials + 2);
        for (int i = 0; i < serials; ++i)
            QCOMPARE(sides[static_cast<std::size_t>(i)].mode, std::string("serial"));
        CompareOptions o;
        const CompareResult r = runCompareSides(sides, o);
        QCOMPARE(r.modes.size(), sides.size());
        // Each pool's speedup is against the serial run of its own work.
        for (auto i = static_cast<std::size_t>(serials); i < r.modes.size(); ++i) {
            const ModeResult& m = r.modes[i];
            const ModeResult& own = r.modes[otherWork ? i - 2 : 0];
            QVERIFY(sameWork(own.scenario, m.scenario));
            QCOMPARE(m.medianMeasures.speedup, own.median.wallS / m.median.wallS);
        }
        QCOMPARE(r.modes[static_cast<std::size_t>(serials)].scenario.gil, true);
        QCOMPARE(r.modes[static_cast<std::size_t>(serials) + 1].scenario.gil, false);
    }

    void concurrentPoolsRunAtTheSameTime()
    {
        // Sleeps of 100 ms: alone each pool takes about 0.2 s, so two rounds apart would not overlap.
        Scenario s = small("sleep", 4);
        s.workload.taskMs = 100.0;
        CompareOptions o;
        o.concurrent = true;
        o.keepEvents = true;
        int runs = 0;
        o.progress = [&runs](int done, int total) {
            runs = done;
            QCOMPARE(total, 3);
        };
        const CompareResult r = runCompare(s, o);
        QVERIFY(r.concurrent);
        QCOMPARE(runs, 3);
        const auto span = [](const ModeResult& m) {
            const auto& e = m.events[m.medianRun];
            return std::pair{e.front().tNs, e.back().tNs};
        };
        const auto [t0, t1] = span(r.modes[1]);
        const auto [p0, p1] = span(r.modes[2]);
        QVERIFY2(t0 < p1 && p0 < t1, "the thread and process runs did not overlap in time");
        for (const auto& m : r.modes)
            QCOMPARE(m.median.completed, std::int64_t{4});
    }

    void sharesCoresOnlyForCpuWorkAtTheSameTime_data()
    {
        QTest::addColumn<QByteArray>("workload");
        QTest::addColumn<bool>("concurrent");
        QTest::addColumn<bool>("shares");
        QTest::newRow("factorial one after another") << QByteArray("factorial") << false << false;
        QTest::newRow("factorial at the same time") << QByteArray("factorial") << true << true;
        QTest::newRow("mixed at the same time") << QByteArray("mixed") << true << true;
        QTest::newRow("sleep at the same time") << QByteArray("sleep") << true << false;
    }
    void sharesCoresOnlyForCpuWorkAtTheSameTime()
    {
        QFETCH(QByteArray, workload);
        QFETCH(bool, concurrent);
        QFETCH(bool, shares);
        const auto sides = modeSides(small(workload.toStdString()), {"serial", "thread", "process"});
        QCOMPARE(sharesCores(sides, concurrent), shares);
    }

    void badScenarioThrowsScenarioError()
    {
        Scenario s = small();
        s.tasks = -1;
        QVERIFY_THROWS_EXCEPTION(ScenarioError, runCompare(s));
        QVERIFY_THROWS_EXCEPTION(ScenarioError, runSweep(s));
    }
};

QTEST_GUILESS_MAIN(TestComparison)
#include "tst_comparison.moc"
