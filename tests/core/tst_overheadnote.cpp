// The overhead note: the overhead per task from serial and pool wall times, the parallelism it
// assumes (workers, cores for CPU work, 1 under the GIL), and when the note is said.

#include "core/run/overheadnote.h"
#include "core/run/runmeasures.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace poolscope;

class TestOverheadNote : public QObject
{
    Q_OBJECT

private slots:
    void estimate_data()
    {
        QTest::addColumn<QByteArray>("pool");
        QTest::addColumn<QByteArray>("workload");
        QTest::addColumn<bool>("gil");
        QTest::addColumn<int>("workers");
        QTest::addColumn<double>("serialS");
        QTest::addColumn<double>("poolS");
        QTest::addColumn<int>("parallel");
        QTest::addColumn<double>("overheadMs");
        QTest::addColumn<QByteArray>("note"); // the start of the note, "" for none
        // 8 factorials of 4.6 ms on 2 processes at 1.06x: 4.1 ms of overhead a task.
        QTest::newRow("short factorials, processes")
            << QByteArray("process") << QByteArray("factorial") << true << 2 << 0.0368 << 0.0347 << 2 << 4.1
            << QByteArray("(process pool overhead ~4.1 ms/task is close to 4.6 ms");
        QTest::newRow("tiny tasks, processes")
            << QByteArray("process") << QByteArray("primes") << true << 2 << 0.0024 << 0.0100 << 2 << 2.2
            << QByteArray("(process pool overhead ~2.2 ms/task outweighs 300 \xc2\xb5s");
        QTest::newRow("100 ms factorials, processes")
            << QByteArray("process") << QByteArray("factorial") << true << 2 << 0.8 << 0.44 << 2 << 10.0
            << QByteArray("");
        // 4 workers on 2 cores compute 2 at a time.
        QTest::newRow("CPU work is capped at the cores")
            << QByteArray("process") << QByteArray("spin") << true << 4 << 0.8 << 0.44 << 2 << 10.0
            << QByteArray("");
        // Under the GIL the threads take turns: that is the GIL, not overhead.
        QTest::newRow("GIL threads on CPU work") << QByteArray("thread") << QByteArray("factorial") << true
                                                 << 2 << 0.8 << 0.84 << 1 << 5.0 << QByteArray("");
        QTest::newRow("free threads on CPU work")
            << QByteArray("thread") << QByteArray("factorial") << false << 2 << 0.8 << 0.84 << 2 << 110.0
            << QByteArray("(thread pool overhead ~110 ms/task outweighs 100 ms");
        // compare-mixed as measured: 16 tasks of 50 ms I/O + 50 ms CPU, 8 workers; 4 at once on 2 cores, 2
        // under the GIL.
        QTest::newRow("mixed on processes") << QByteArray("process") << QByteArray("mixed") << true << 8
                                            << 1.623 << 0.529 << 4 << 30.8 << QByteArray("");
        QTest::newRow("mixed on GIL threads") << QByteArray("thread") << QByteArray("mixed") << true << 8
                                              << 1.623 << 0.853 << 2 << 5.2 << QByteArray("");
        QTest::newRow("I/O on 8 threads") << QByteArray("thread") << QByteArray("http") << true << 8 << 0.8
                                          << 0.107 << 8 << 3.5 << QByteArray("");
    }
    void estimate()
    {
        QFETCH(QByteArray, pool);
        QFETCH(QByteArray, workload);
        QFETCH(bool, gil);
        QFETCH(int, workers);
        QFETCH(double, serialS);
        QFETCH(double, poolS);
        QFETCH(int, parallel);
        QFETCH(double, overheadMs);
        QFETCH(QByteArray, note);
        Scenario s;
        s.pool = pool.toStdString();
        s.workload.name = workload.toStdString();
        s.gil = gil;
        s.workers = workers;
        s.tasks = 8;
        if (workload == "http" || workload == "mixed")
            s.tasks = 16;
        s.workload.ioMs = 50;
        s.workload.cpuMs = 50;
        const OverheadEstimate e = estimateOverhead(s, serialS, poolS, 2);
        QCOMPARE(e.parallel, parallel);
        QVERIFY2(std::abs(e.overheadMsPerTask - overheadMs) < 0.06,
                 qPrintable(QString::number(e.overheadMsPerTask)));
        const QString said = QString::fromStdString(overheadNote(s, serialS, poolS, 2));
        if (note.isEmpty())
            QVERIFY2(said.isEmpty(), qPrintable(said));
        else
            QVERIFY2(said.startsWith(QString::fromUtf8(note)), qPrintable(said));
    }

    // Other programs on the cores, from the serial loop's CPU utilization and the pool's CPU time
    // against its tasks' running time.
    // Noops and short spins take microseconds: a note that said "0.00 ms of work" told nothing.
    void durationsReadInTheirUnit_data()
    {
        QTest::addColumn<double>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("under a microsecond") << 0.0004 << QStringLiteral("0.4 µs");
        QTest::newRow("microseconds, one decimal below 10") << 0.008 << QStringLiteral("8.0 µs");
        QTest::newRow("tens of microseconds") << 0.05 << QStringLiteral("50 µs");
        QTest::newRow("what would round to 1000 µs is 1.0 ms") << 0.9996 << QStringLiteral("1.0 ms");
        QTest::newRow("milliseconds") << 4.1 << QStringLiteral("4.1 ms");
        QTest::newRow("what would round to 10.0 ms has no decimal") << 9.96 << QStringLiteral("10 ms");
        QTest::newRow("hundreds of milliseconds") << 110.0 << QStringLiteral("110 ms");
        QTest::newRow("what would round to 1000 ms is 1.00 s") << 999.7 << QStringLiteral("1.00 s");
        QTest::newRow("seconds") << 1250.0 << QStringLiteral("1.25 s");
        QTest::newRow("a negative duration is none") << -3.0 << QStringLiteral("0.0 µs");
    }
    void durationsReadInTheirUnit()
    {
        QFETCH(double, ms);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(durationText(ms)), text);
    }

    void busyMachine_data()
    {
        QTest::addColumn<QByteArray>("pool");
        QTest::addColumn<QByteArray>("workload");
        QTest::addColumn<bool>("gil");
        QTest::addColumn<double>("serialCores");
        QTest::addColumn<double>("poolCores");
        QTest::addColumn<double>("poolWallS");
        QTest::addColumn<double>("runningS");
        QTest::addColumn<bool>("busy");
        // compare-cpu on an idle machine: serial 0.87 s at 1.00 core, processes 0.46 s at 1.89 cores
        // over 0.87 s of running tasks.
        QTest::newRow("idle machine") << QByteArray("process") << QByteArray("factorial") << true << 1.0
                                      << 1.89 << 0.46 << 0.87 << false;
        // Measured beside a sanitizer build: processes 0.753 s at 0.98 cores, tasks running 1.36 s.
        QTest::newRow("the pool did not get its cores") << QByteArray("process") << QByteArray("factorial")
                                                        << true << 1.01 << 0.98 << 0.753 << 1.36 << true;
        // The serial loop of 8 factorials at 0.60 of a core: another program had the rest.
        QTest::newRow("the serial loop did not get its core")
            << QByteArray("process") << QByteArray("factorial") << true << 0.60 << 1.89 << 0.46 << 0.87
            << true;
        // Threads under the GIL take turns: their tasks wait inside, which is the lesson.
        QTest::newRow("GIL threads are not asked")
            << QByteArray("thread") << QByteArray("factorial") << true << 1.0 << 1.0 << 0.84 << 1.6 << false;
        QTest::newRow("free threads did not get the cores")
            << QByteArray("thread") << QByteArray("spin") << false << 1.0 << 0.9 << 0.84 << 1.6 << true;
        // Waits are not computing: I/O work is not asked.
        QTest::newRow("sleeps are not asked")
            << QByteArray("process") << QByteArray("sleep") << true << 0.01 << 0.02 << 0.1 << 0.8 << false;
        // A few milliseconds of CPU time are mostly start-up: too short to judge.
        QTest::newRow("too short to judge")
            << QByteArray("process") << QByteArray("primes") << true << 0.5 << 0.3 << 0.01 << 0.01 << false;
    }
    void busyMachine()
    {
        QFETCH(QByteArray, pool);
        QFETCH(QByteArray, workload);
        QFETCH(bool, gil);
        QFETCH(double, serialCores);
        QFETCH(double, poolCores);
        QFETCH(double, poolWallS);
        QFETCH(double, runningS);
        QFETCH(bool, busy);
        Scenario s;
        s.pool = pool.toStdString();
        s.workload.name = workload.toStdString();
        s.gil = gil;
        s.workers = 2;
        s.tasks = 8;
        RunMeasures serial;
        serial.mode = "serial";
        serial.wallS = std::min(0.87, poolWallS * 2);
        serial.cpuUtilization = serialCores;
        RunMeasures run;
        run.mode = s.pool;
        run.wallS = poolWallS;
        run.cpuUtilization = poolCores;
        run.runningTotalS = runningS;
        const BusyMachine b = poolscope::busyMachine(s, serial, run);
        QCOMPARE(b.busy, busy);
        const QString said = QString::fromStdString(busyMachineNote(s, serial, run));
        QCOMPARE(said.isEmpty(), !busy);
        if (busy) {
            QVERIFY2(
                said.startsWith(QStringLiteral("(other programs were using the cores: the serial loop kept "
                                               "%1 of a core busy")
                                    .arg(serialCores, 0, 'f', 2)),
                qPrintable(said));
            QVERIFY2(said.contains(QStringLiteral("tasks had the CPU %1% of the time they ran")
                                       .arg(std::lround(poolCores * poolWallS / runningS * 100))),
                     qPrintable(said));
        }
    }
};

QTEST_GUILESS_MAIN(TestOverheadNote)
#include "tst_overheadnote.moc"
