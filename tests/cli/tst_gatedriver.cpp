// GateDriver through poolscope-cli: a run stepped, paused or in slow motion ends exactly as
// at real speed (the same futures finished, failed and cancelled, the same caller error) and
// its tasks take the same run time, because the run clock its timeouts and events count on
// stands still while the run is held (core/events/eventgate.h).

#include "tests/cli/clitesthelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace poolscope::clitest;

namespace {

QString s(const char* t)
{
    return QString::fromUtf8(t);
}

struct Outcome
{
    QJsonObject json;
    QStringList futures; // "task:outcome"
    QMap<int, double> runMs;
};

Outcome runJson(const QStringList& args)
{
    const CliResult r = runCli(QStringList{s("run"), s("--json"), s("--no-progress")} + args, 120000);
    Outcome o;
    if (r.exitCode < 0 || r.exitCode > 1) {
        qWarning("poolscope-cli exit %d: %s", r.exitCode, r.err.constData());
        return o;
    }
    o.json = QJsonDocument::fromJson(r.out).object();
    for (const QJsonValue v : o.json.value(s("futures")).toArray()) {
        const QJsonObject f = v.toObject();
        const int task = f.value(s("task")).toInt();
        o.futures << QString::number(task) + s(":") + f.value(s("outcome")).toString();
        if (!f.value(s("run_ms")).isNull())
            o.runMs[task] = f.value(s("run_ms")).toDouble();
    }
    return o;
}

} // namespace

class TestGateDriver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void heldRunEndsAsAtRealSpeed_data()
    {
        QTest::addColumn<QStringList>("scenario");
        QTest::addColumn<QStringList>("hold");
        QTest::addColumn<double>("minHeldS");
        QTest::addColumn<bool>("compareRunTimes");
        // tutorial-cpu-class: the third factorial outlives map()'s 0.6 s timeout and its worker
        // is terminated. Its run times are CPU time on a shared machine, so only the outcome
        // is compared. Sleeping tasks (400 ms on 2 workers, as_completed timing out at 0.6 s,
        // 200 ms from either end of the second round) take exactly their length of run time.
        // Threads get 6 tasks: at the timeout 3 and 4 run and 5 and 6 wait on the work queue
        // (cancelled). Processes get 5, which all fit in the workers and the call queue of 3 once
        // the first result is in. With a sixth, whether it is still pending at the timeout
        // (cancelled) or in the call queue (finished) is a race CPython has too: the manager
        // thread reads the second result before or after a worker takes its next call item off the
        // full call queue (process.py's add_call_item_to_queue returns on call_queue.full()), tens
        // of microseconds apart. Under load it went both ways, at real speed and held alike.
        const QStringList cpuClass{s("--preset"), s("tutorial-cpu-class")};
        auto sleeping = [](const char* pool, const char* tasks) {
            return QStringList{s("--pool"),    s(pool),  s("--workers"),    s("2"),
                               s("--tasks"),   s(tasks), s("--workload"),   s("sleep"),
                               s("--task-ms"), s("400"), s("--submit"),     s("as_completed"),
                               s("--timeout"), s("0.6"), s("--on-timeout"), s("cancel")};
        };
        const QStringList stepped{s("--step-first"), s("50"), s("--step-ms"), s("10")};
        const QStringList paused5s{s("--pause-at"), s("20"), s("--pause-for"), s("5000")};
        const QStringList paused1s{s("--pause-at"), s("12"), s("--pause-for"), s("1000")};
        const QStringList slow10{s("--speed"), s("0.1")};
        const QStringList slow4{s("--speed"), s("0.25")};
        QTest::newRow("tutorial-cpu-class, stepped 50 times then resumed")
            << cpuClass << stepped << 0.2 << false;
        QTest::newRow("tutorial-cpu-class, paused 5 s mid-run") << cpuClass << paused5s << 4.9 << false;
        QTest::newRow("tutorial-cpu-class, slow x10") << cpuClass << slow10 << 3.0 << false;
        QTest::newRow("sleep on threads, stepped 50 times")
            << sleeping("thread", "6") << stepped << 0.2 << true;
        QTest::newRow("sleep on threads, paused 1 s") << sleeping("thread", "6") << paused1s << 0.9 << true;
        QTest::newRow("sleep on threads, slow x10") << sleeping("thread", "6") << slow10 << 3.0 << true;
        QTest::newRow("sleep on processes, stepped 50 times")
            << sleeping("process", "5") << stepped << 0.2 << true;
        QTest::newRow("sleep on processes, paused 1 s")
            << sleeping("process", "5") << paused1s << 0.9 << true;
        QTest::newRow("sleep on processes, slow x4") << sleeping("process", "5") << slow4 << 1.0 << true;
    }
    void heldRunEndsAsAtRealSpeed()
    {
        QFETCH(QStringList, scenario);
        QFETCH(QStringList, hold);
        QFETCH(double, minHeldS);
        QFETCH(bool, compareRunTimes);
        const Outcome real = runJson(scenario);
        QVERIFY2(!real.futures.isEmpty(), "the real-speed run printed no futures");
        const Outcome held = runJson(scenario + hold);
        QVERIFY2(!held.futures.isEmpty(), "the held run printed no futures");
        // It really was held...
        QVERIFY2(held.json.value(s("held_s")).toDouble() >= minHeldS,
                 qPrintable(s("held only %1 s").arg(held.json.value(s("held_s")).toDouble())));
        // ... and ends exactly as at real speed.
        QCOMPARE(held.futures, real.futures);
        for (const char* key : {"completed", "failed", "cancelled", "not_taken"})
            QCOMPARE(held.json.value(s(key)).toInt(), real.json.value(s(key)).toInt());
        const QJsonObject realError = real.json.value(s("error")).toObject();
        const QJsonObject heldError = held.json.value(s("error")).toObject();
        QCOMPARE(heldError.value(s("type")).toString(), realError.value(s("type")).toString());
        QCOMPARE(heldError.value(s("message")).toString(), realError.value(s("message")).toString());
        if (!compareRunTimes)
            return;
        // Task run times, from the events (run clock), within 20% of the real-speed run's.
        for (auto it = real.runMs.cbegin(); it != real.runMs.cend(); ++it) {
            QVERIFY2(held.runMs.contains(it.key()), qPrintable(s("task %1 has no run time").arg(it.key())));
            const double a = it.value();
            const double b = held.runMs.value(it.key());
            QVERIFY2(
                std::abs(b - a) <= 0.2 * a,
                qPrintable(s("task %1: %2 ms held against %3 ms at real speed").arg(it.key()).arg(b).arg(a)));
        }
    }
};

QTEST_GUILESS_MAIN(TestGateDriver)
#include "tst_gatedriver.moc"
