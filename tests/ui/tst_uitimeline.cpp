// Gantt data (TimelineData), its time <-> x mapping and decimation, and the
// chart metrics (MetricsSeries).

#include "tests/ui/uitesthelpers.h"
#include "ui/model/metricsseries.h"
#include "ui/model/timelinedata.h"

#include <QtTest>

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::uitest::EventScript;

class TstUiTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lanesHoldRunsGapsAndGilWaits()
    {
        EventScript s(0);
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 0);               // t=1ms
        s.add(EventKind::ThreadSpawn, 2, -1, 1);                      // 2
        s.add(EventKind::ThreadSpawn, 1, -1, 2);                      // 3
        s.add(EventKind::TaskStart, 1, 10);                           // 4
        s.add(EventKind::TaskEnd, 1, 10, 3'000'000, 0, 3'000'000);    // 7
        s.add(EventKind::GilRequest, 2, 11, 0, 0, 1'000'000);         // 8
        s.add(EventKind::TaskStart, 2, 11);                           // 9
        s.add(EventKind::GilAcquire, 2, 11, 2'000'000, 0, 1'000'000); // 10
        s.add(EventKind::TaskEnd, 2, 11, 5'000'000, 1, 4'000'000);    // 14
        s.add(EventKind::TaskStart, 1, 12, 0, 0, 2'000'000);          // 16
        TimelineData d;
        for (const Event& e : s.events())
            d.apply(e);
        QCOMPARE(d.lanes().size(), std::size_t(2));
        QCOMPARE(d.lanes()[0].worker, 1); // thread order, not spawn-event order
        QCOMPARE(d.lanes()[1].worker, 2);
        const TimelineLane& l1 = d.lanes()[0];
        QCOMPARE(l1.runs.size(), std::size_t(1));
        QCOMPARE(l1.runs[0].t0, std::int64_t(4'000'000));
        QCOMPARE(l1.runs[0].t1, std::int64_t(7'000'000));
        QCOMPARE(l1.openRunTask, std::int64_t(12));
        QCOMPARE(l1.openRunStart, std::int64_t(16'000'000));
        const TimelineLane& l2 = d.lanes()[1];
        QCOMPARE(l2.gilWaits.size(), std::size_t(1));
        QCOMPARE(l2.gilWaits[0].t0, std::int64_t(8'000'000));
        QCOMPARE(l2.gilWaits[0].t1, std::int64_t(10'000'000));
        QVERIFY(l2.runs[0].raised);
    }

    // One worker's tasks as "kind@ms" steps (start, io, cpu, end, raise, gilreq, gilget), from t = 0.
    static std::vector<Event> steps(const QString& script)
    {
        std::vector<Event> out;
        Event created;
        created.kind = EventKind::ExecutorCreated;
        created.value = 1;
        out.push_back(created);
        std::int64_t task = 0;
        for (const QString& step : script.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const QStringList kt = step.split(QLatin1Char('@'));
            Event e;
            e.seq = out.size() + 1;
            e.tNs = kt.at(1).toLongLong() * 1'000'000;
            e.worker = 1;
            const QString k = kt.at(0);
            if (k == QLatin1String("start")) {
                e.kind = EventKind::TaskStart;
                ++task;
            } else if (k == QLatin1String("io") || k == QLatin1String("cpu")) {
                e.kind = EventKind::TaskPhase;
                e.value = static_cast<std::int64_t>(k == QLatin1String("io") ? TaskPart::Io : TaskPart::Cpu);
            } else if (k == QLatin1String("end") || k == QLatin1String("raise")) {
                e.kind = EventKind::TaskEnd;
                e.value2 = k == QLatin1String("raise") ? 1 : 0;
            } else {
                e.kind = k == QLatin1String("gilreq") ? EventKind::GilRequest : EventKind::GilAcquire;
            }
            e.task = e.kind == EventKind::GilRequest || e.kind == EventKind::GilAcquire ? -1 : task;
            out.push_back(e);
        }
        return out;
    }

    // The Gantt keeps a mixed task's run whole and its I/O part apart, inside it.
    void mixedTaskKeepsItsIoPartInsideItsRun_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<qint64>("ioFrom"); // ms; -1: no I/O part
        QTest::addColumn<qint64>("ioTo");
        QTest::addColumn<qint64>("busyMs");
        QTest::addColumn<bool>("ioOpen");
        QTest::newRow("mixed: I/O part from its phase to the CPU phase")
            << "start@0 io@1 cpu@21 end@31" << qint64(1) << qint64(21) << qint64(11) << false;
        QTest::newRow("mixed raising in its fetch: the I/O part ends at TaskEnd")
            << "start@0 io@1 raise@15" << qint64(1) << qint64(15) << qint64(1) << false;
        QTest::newRow("mixed still fetching: the I/O part is open")
            << "start@0 io@1" << qint64(-1) << qint64(-1) << qint64(0) << true;
        QTest::newRow("plain task: no I/O part, busy throughout")
            << "start@0 end@30" << qint64(-1) << qint64(-1) << qint64(30) << false;
        QTest::newRow("a task left in its I/O part does not leak into the next task")
            << "start@0 io@1 start@40 end@50" << qint64(-1) << qint64(-1) << qint64(10) << false;
    }
    void mixedTaskKeepsItsIoPartInsideItsRun()
    {
        QFETCH(QString, script);
        QFETCH(qint64, ioFrom);
        QFETCH(qint64, ioTo);
        QFETCH(qint64, busyMs);
        QFETCH(bool, ioOpen);
        TimelineData d;
        for (const Event& e : steps(script))
            d.apply(e);
        QCOMPARE(d.lanes().size(), std::size_t(1));
        const TimelineLane& l = d.lanes()[0];
        QCOMPARE(l.ioParts.size(), std::size_t(ioFrom >= 0 ? 1 : 0));
        if (ioFrom >= 0) {
            QCOMPARE(l.ioParts[0].t0, ioFrom * 1'000'000);
            QCOMPARE(l.ioParts[0].t1, ioTo * 1'000'000);
            QCOMPARE(l.ioParts[0].task, std::int64_t(1));
            QCOMPARE(l.ioParts[0].kind, TimelineSegment::Kind::IoPart);
            // Inside its run, which stays one bar.
            QCOMPARE(l.runs.size(), std::size_t(1));
            QVERIFY(l.runs[0].t0 <= l.ioParts[0].t0 && l.ioParts[0].t1 <= l.runs[0].t1);
        }
        QCOMPARE(l.openIoStart >= 0, ioOpen);
        QCOMPARE(l.busyNs, busyMs * 1'000'000);
    }

    // The busy chart counts a mixed task's CPU part only (GIL waits in it included, as for any task).
    void busyCountsOnlyTheCpuPartOfMixedWork_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<int>("bucket");
        QTest::addColumn<double>("percent");
        QTest::newRow("mixed: its I/O part is not busy")
            << "start@0 io@0 cpu@100 end@200" << qint64(200) << 0 << 0.0;
        QTest::newRow("mixed: its CPU part is busy")
            << "start@0 io@0 cpu@100 end@200" << qint64(200) << 1 << 100.0;
        QTest::newRow("mixed: half I/O, half CPU in one bucket")
            << "start@0 io@0 cpu@50 end@100" << qint64(100) << 0 << 50.0;
        QTest::newRow("mixed still in its I/O part at now: not busy")
            << "start@0 io@0" << qint64(100) << 0 << 0.0;
        QTest::newRow("mixed in its CPU part at now: busy up to now")
            << "start@0 io@0 cpu@40" << qint64(100) << 0 << 60.0;
        QTest::newRow("mixed raising in its I/O part: never busy")
            << "start@0 io@0 raise@80" << qint64(100) << 0 << 0.0;
        QTest::newRow("a GIL wait in the CPU part is busy, as in any task")
            << "start@0 io@0 cpu@50 gilreq@50 gilget@80 end@100" << qint64(100) << 0 << 50.0;
        QTest::newRow("plain task: busy from start to end") << "start@0 end@100" << qint64(100) << 0 << 100.0;
        QTest::newRow("a mixed task after a plain one on the same worker")
            << "start@0 end@50 start@50 io@50 cpu@150 end@200" << qint64(200) << 0 << 50.0;
    }
    void busyCountsOnlyTheCpuPartOfMixedWork()
    {
        QFETCH(QString, script);
        QFETCH(qint64, nowMs);
        QFETCH(int, bucket);
        QFETCH(double, percent);
        MetricsSeries m;
        m.reset(1);
        for (const Event& e : steps(script))
            m.apply(e);
        QCOMPARE(m.busyPercent(static_cast<std::size_t>(bucket), nowMs * 1'000'000), percent);
    }

    void timeMapsToPixelsBothWays_data()
    {
        QTest::addColumn<qint64>("viewStart");
        QTest::addColumn<double>("nsPerPx");
        QTest::addColumn<qint64>("t");
        QTest::addColumn<double>("x");
        QTest::newRow("origin at the left edge") << qint64(0) << 1e6 << qint64(0) << 100.0;
        QTest::newRow("10 ms at 1 ms/px") << qint64(0) << 1e6 << qint64(10'000'000) << 110.0;
        QTest::newRow("scrolled view") << qint64(5'000'000) << 0.5e6 << qint64(6'000'000) << 102.0;
    }
    void timeMapsToPixelsBothWays()
    {
        QFETCH(qint64, viewStart);
        QFETCH(double, nsPerPx);
        QFETCH(qint64, t);
        QFETCH(double, x);
        TimelineLayout l;
        l.viewStart = viewStart;
        l.nsPerPx = nsPerPx;
        l.left = 100;
        l.width = 500;
        QCOMPARE(l.xOf(t), x);
        QCOMPARE(l.tOf(x), t);
    }

    void followKeepsNowAtTheRightEdge()
    {
        const auto l = TimelineLayout::follow(1'000'000'000, 2e6, 50, 400);
        QCOMPARE(l.xOf(1'000'000'000), 450.0);
        QCOMPARE(l.viewEnd(), std::int64_t(1'000'000'000));
    }

    void visibleSegmentsAreClippedAndDecimated()
    {
        // 100,000 runs of 1 us with 1 us gaps: at 1 ms/px they must collapse
        // into a handful of draw segments, whatever their number.
        std::vector<TimelineSegment> segs;
        for (int i = 0; i < 100'000; ++i)
            segs.push_back({i * 2'000LL, i * 2'000LL + 1'000, i, TimelineSegment::Kind::Run, false});
        TimelineLayout l;
        l.viewStart = 0;
        l.nsPerPx = 1e6;
        l.left = 0;
        l.width = 1000;
        std::vector<DrawSegment> out;
        l.visible(segs, -1, -1, 0, out);
        QVERIFY2(out.size() <= 200, qPrintable(QString::number(out.size())));
        QCOMPARE(out.front().x0, 0.0);
        QVERIFY(out.back().x1 <= 200.0 + 1e-9); // 200 ms of runs
        QVERIFY(out.back().x1 >= 199.0);
        int merged = 0;
        for (const auto& d : out)
            merged += d.merged;
        QCOMPARE(merged, 100'000);

        // Wide segments stay separate and keep their task.
        std::vector<TimelineSegment> wide{{0, 10'000'000, 1, TimelineSegment::Kind::Run, false},
                                          {20'000'000, 30'000'000, 2, TimelineSegment::Kind::Run, true}};
        out.clear();
        l.visible(wide, 40'000'000, 3, 45'000'000, out);
        QCOMPARE(out.size(), std::size_t(3));
        QCOMPARE(out[1].task, std::int64_t(2));
        QVERIFY(out[1].raised);
        QVERIFY(out[2].open);
        QCOMPARE(out[2].x1, 45.0);

        // At a replay cursor (25 ms) the bar running there ends there, still open and not
        // raised yet; the open segment and everything after the cursor are not drawn.
        out.clear();
        l.visible(wide, 40'000'000, 3, 25'000'000, out, 25'000'000);
        QCOMPARE(out.size(), std::size_t(2));
        QCOMPARE(out[0].x1, 10.0);
        QVERIFY(!out[0].open);
        QCOMPARE(out[1].task, std::int64_t(2));
        QCOMPARE(out[1].x1, 25.0);
        QVERIFY(out[1].open);
        QVERIFY(!out[1].raised);
        // A cursor before any bar: nothing.
        out.clear();
        l.visible(wide, 40'000'000, 3, 0, out, 0);
        QVERIFY(out.empty() || (out.size() == 1 && out[0].x1 <= 0.0));

        // Back-to-back tasks on one worker stay two bars, a pixel apart, each with its task.
        std::vector<TimelineSegment> abutting{{0, 10'000'000, 1, TimelineSegment::Kind::Run, false},
                                              {10'000'000, 20'000'000, 2, TimelineSegment::Kind::Run, false}};
        out.clear();
        l.visible(abutting, -1, -1, 0, out);
        QCOMPARE(out.size(), std::size_t(2));
        QCOMPARE(out[0].task, std::int64_t(1));
        QCOMPARE(out[1].task, std::int64_t(2));
        QVERIFY(out[0].x1 <= out[1].x0 - 1.0);
        QVERIFY(out[0].x1 - out[0].x0 >= 8.0);

        // A short task right after a long one does not take the long one's number away.
        std::vector<TimelineSegment> shortAfter{
            {0, 10'000'000, 1, TimelineSegment::Kind::Run, false},
            {10'000'000, 10'200'000, 2, TimelineSegment::Kind::Run, false}};
        out.clear();
        l.visible(shortAfter, -1, -1, 0, out);
        QCOMPARE(out.size(), std::size_t(2));
        QCOMPARE(out[0].task, std::int64_t(1));
        QCOMPARE(out[1].task, std::int64_t(2));
    }

    void ticksAreOneTwoFive()
    {
        TimelineLayout l;
        l.nsPerPx = 1e6;
        QCOMPARE(l.tickNs(80), std::int64_t(100'000'000));
        l.nsPerPx = 3e5;
        QCOMPARE(l.tickNs(80), std::int64_t(50'000'000));
    }

    void metricsCountCompletionsDepthsBusyAndLatency()
    {
        EventScript s(0);
        s.add(EventKind::ExecutorCreated, 0, -1, 2, 0, 0);
        // Two tasks on two threads, each running 50 ms from t=0.
        for (int task = 1; task <= 2; ++task) {
            s.add(EventKind::Submit, 0, task, 0, 0, 0);
            s.add(EventKind::WorkQueuePut, 0, task, task, 0, 0);
        }
        s.add(EventKind::WorkQueueGet, 1, 1, 1, 0, 0);
        s.add(EventKind::TaskStart, 1, 1, 0, 0, 0);
        s.add(EventKind::WorkQueueGet, 2, 2, 0, 0, 0);
        s.add(EventKind::TaskStart, 2, 2, 0, 0, 0);
        s.add(EventKind::TaskEnd, 1, 1, 50'000'000, 0, 50'000'000);
        s.state(1, 1, FutureStatus::Running, FutureStatus::Finished, 0);
        s.add(EventKind::TaskEnd, 2, 2, 50'000'000, 0, 0);
        s.state(2, 2, FutureStatus::Running, FutureStatus::Finished, 0);
        MetricsSeries m;
        m.reset(2);
        for (const Event& e : s.events())
            m.apply(e);
        // Both tasks finished in the first 100 ms bucket: 2 per 0.1 s early on.
        QCOMPARE(m.completedPerSecond(0), 20.0);
        // 2 workers x 50 ms busy out of a 100 ms bucket: 50%.
        QCOMPARE(m.busyPercent(0, 100'000'000), 50.0);
        const auto& h = m.latencyHistogram();
        QCOMPARE(h[static_cast<std::size_t>(MetricsSeries::latencyBin(50'000'000))], std::int64_t(2));
        const ChartSnapshot snap = m.snapshot(100'000'000, 30.0);
        QVERIFY(!snap.completedPerS.isEmpty());
        QCOMPARE(snap.maxDepth, 2.0);
        QCOMPARE(snap.xTo - snap.xFrom, 30.0);
        QVERIFY(!snap.process);
    }

    void latencyBinsAreLogarithmic_data()
    {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<int>("bin");
        QTest::newRow("50 us: up to 0.1 ms") << qint64(50'000) << 0;
        QTest::newRow("0.1 ms exactly: next bin") << qint64(100'000) << 1;
        QTest::newRow("0.2 ms: up to 1 ms") << qint64(200'000) << 1;
        QTest::newRow("5 ms: up to 10 ms") << qint64(5'000'000) << 2;
        QTest::newRow("2 s: up to 10 s") << qint64(2'000'000'000) << 5;
        QTest::newRow("1 min: over 10 s") << qint64(60'000'000'000) << 6;
    }
    void latencyBinsAreLogarithmic()
    {
        QFETCH(qint64, ns);
        QFETCH(int, bin);
        QCOMPARE(MetricsSeries::latencyBin(ns), bin);
        QVERIFY(!MetricsSeries::latencyBinLabel(bin).isEmpty());
    }

    void completedRateFallsToZeroWhenNothingCompletes()
    {
        // 2 completions a second for 5 s, then 20 s with none: the rate is 0, not a flat 2/s.
        MetricsSeries m;
        m.reset(1);
        EventScript s(0);
        s.add(EventKind::ExecutorCreated, 0, -1, 1, 0, 0);
        for (int task = 0; task < 10; ++task) {
            s.add(EventKind::Submit, 0, task, 0, 0, 0);
            s.state(1, task, FutureStatus::Running, FutureStatus::Finished, 500'000'000);
        }
        for (const Event& e : s.events())
            m.apply(e);
        const std::int64_t lastBucket = static_cast<std::int64_t>(m.bucketCount()) - 1;
        QCOMPARE(m.completedPerSecond(static_cast<std::size_t>(lastBucket)), 2.0);
        const std::int64_t now = s.now() + 20'000'000'000;
        QCOMPARE(m.completedPerSecond(static_cast<std::size_t>(lastBucket + 10)), 0.0);
        const ChartSnapshot snap = m.snapshot(now, 30.0);
        QVERIFY(!snap.completedPerS.isEmpty());
        QCOMPARE(snap.completedPerS.last().y(), 0.0);
        QCOMPARE(snap.maxRate, 2.0); // the 2/s of the first seconds is still in the window
    }

    void snapshotBeforeARunShowsAnEmptyWindowFromZero()
    {
        MetricsSeries m;
        m.reset(2);
        const ChartSnapshot snap = m.snapshot(123'000'000'000, AxisScale::timeWindow(0, 30));
        QCOMPARE(snap.xFrom, 0.0);
        QCOMPARE(snap.xTo, 5.0);
    }

    void integerAxesTickOnWholeNumbers_data()
    {
        QTest::addColumn<double>("value");
        QTest::newRow("empty") << 0.0;
        QTest::newRow("depth 3") << 3.0;
        QTest::newRow("depth 4") << 4.0;
        QTest::newRow("depth 5 (was 0, 2.5, 5)") << 5.0;
        QTest::newRow("depth 7") << 7.0;
        QTest::newRow("13") << 13.0;
        QTest::newRow("25 (was 0, 12.5, 25)") << 25.0;
        QTest::newRow("150") << 150.0;
        QTest::newRow("2.5 per second") << 2.5;
    }
    void integerAxesTickOnWholeNumbers()
    {
        QFETCH(double, value);
        const AxisScale a = AxisScale::integerValues(value, 4);
        QCOMPARE(a.min, 0.0);
        QVERIFY(a.max >= value);
        QVERIFY(a.max >= 4);
        QVERIFY(a.max <= std::max(8.0, 2 * value)); // not absurdly loose
        QCOMPARE(a.tickCount(), 3);
        for (int i = 0; i < a.tickCount(); ++i) {
            const double tick = a.min + i * a.tickInterval;
            QCOMPARE(tick, std::round(tick));
        }
    }

    void timeAxisLabelsAreFewWholeSeconds_data()
    {
        QTest::addColumn<double>("elapsed");
        for (double e : {0.0, 3.0, 5.0, 9.5, 10.0, 12.0, 19.0, 25.0, 30.0, 47.3, 600.0})
            QTest::newRow(qPrintable(QStringLiteral("%1 s into the run").arg(e))) << e;
    }
    void timeAxisLabelsAreFewWholeSeconds()
    {
        QFETCH(double, elapsed);
        const double window = AxisScale::timeWindow(elapsed, 30);
        QVERIFY(window >= 5 && window <= 30);
        const double to = std::max(elapsed, window);
        const AxisScale a = AxisScale::time(to - window, to);
        QCOMPARE(a.max - a.min, window);
        QCOMPARE(a.tickInterval, std::round(a.tickInterval));
        // Labels at multiples of the interval inside the range: at most 4 (6 "10 s"-wide
        // labels in a quarter of a 1280 px window are elided).
        const int labels = static_cast<int>(std::floor(a.max / a.tickInterval + 1e-9) -
                                            std::ceil(a.min / a.tickInterval - 1e-9)) +
                           1;
        QVERIFY2(labels >= 2 && labels <= 4, qPrintable(QString::number(labels)));
    }

    void snapshotIsBoundedWhateverTheRunLength()
    {
        MetricsSeries m;
        m.reset(4);
        EventScript s(0);
        s.add(EventKind::ExecutorCreated, 0, -1, 4, 0, 0);
        for (int i = 0; i < 20'000; ++i)
            s.add(EventKind::WorkQueuePut, 0, i, i % 7, 0, 10'000'000); // 200 s of events
        for (const Event& e : s.events())
            m.apply(e);
        const ChartSnapshot snap = m.snapshot(s.now(), 300.0, 600);
        QVERIFY(snap.workQueue.size() <= 600);
        QVERIFY(snap.workQueue.size() >= 300);
    }
};

QTEST_GUILESS_MAIN(TstUiTimeline)
#include "tst_uitimeline.moc"
