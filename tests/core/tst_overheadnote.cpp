// The overhead note: the overhead per task from serial and pool wall times, the parallelism it
// assumes (workers, cores for CPU work, 1 under the GIL), and when the note is said.

#include "core/run/overheadnote.h"

#include <QtTest>

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
            << QByteArray("(process pool overhead ~2.2 ms/task outweighs 0.30 ms");
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
};

QTEST_GUILESS_MAIN(TestOverheadNote)
#include "tst_overheadnote.moc"
