// poolscope-cli run --pool process: the same JSON keys as the thread pool, the process-pool flags,
// --kill-worker-after breaking the pool with every task accounted for, and bad flags (exit 2).
#include <QtTest>

#include "tests/cli/clitesthelpers.h"
#include "tests/testhelpers.h"

#include <csignal>
#include <sys/prctl.h>
#include <sys/wait.h>

namespace {
using poolscope::clitest::CliResult;
using poolscope::clitest::runCli;

QJsonObject runJson(const QStringList& args, int expectedExit, QByteArray* err = nullptr)
{
    const CliResult r = runCli(QStringList{QStringLiteral("run"), QStringLiteral("--pool"),
                                           QStringLiteral("process"), QStringLiteral("--json")} +
                               args);
    if (err)
        *err = r.err;
    if (r.exitCode != expectedExit) {
        qWarning("exit %d, stderr: %s", r.exitCode, r.err.constData());
        return {};
    }
    return QJsonDocument::fromJson(r.out).object();
}

QStringList words(const char* s)
{
    return QString::fromLatin1(s).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

int sumOutcomes(const QJsonObject& o)
{
    return o.value(QStringLiteral("completed")).toInt() + o.value(QStringLiteral("failed")).toInt() +
           o.value(QStringLiteral("cancelled")).toInt();
}

int kindCount(const QJsonObject& o, const char* kind)
{
    return o.value(QStringLiteral("events_by_kind")).toObject().value(QLatin1String(kind)).toInt();
}

// The pids whose parent is `parent`, from /proc/<pid>/stat ("pid (comm) state ppid ...").
QList<pid_t> childrenOf(qint64 parent)
{
    QList<pid_t> out;
    const QDir proc(QStringLiteral("/proc"));
    for (const QString& name : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool ok = false;
        const pid_t pid = name.toInt(&ok);
        if (!ok)
            continue;
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = f.readAll();
        const QList<QByteArray> rest = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        if (rest.size() > 1 && rest[1].toLongLong() == parent)
            out.push_back(pid);
    }
    return out;
}
} // namespace

class TestProcessCli : public QObject
{
    Q_OBJECT
private slots:
    void sameKeysAsTheThreadPool_data()
    {
        QTest::addColumn<QString>("args");
        QTest::addColumn<int>("tasks");
        QTest::newRow("noop submit") << QStringLiteral("--tasks 300") << 300;
        QTest::newRow("sleep map, chunksize 4")
            << QStringLiteral("--tasks 20 --workload sleep --task-ms 1 --submit map --chunksize 4") << 20;
        QTest::newRow("spin, 3 workers, extra queued calls 0")
            << QStringLiteral("--tasks 6 --workers 3 --workload spin --task-ms 2 --extra-queued-calls 0")
            << 6;
    }
    void sameKeysAsTheThreadPool()
    {
        QFETCH(QString, args);
        QFETCH(int, tasks);
        const CliResult thread = runCli(QStringList{QStringLiteral("run"), QStringLiteral("--tasks"),
                                                    QStringLiteral("10"), QStringLiteral("--json")});
        QCOMPARE(thread.exitCode, 0);
        const QJsonObject t = QJsonDocument::fromJson(thread.out).object();
        const QJsonObject o = runJson(args.split(QLatin1Char(' ')), 0);
        QVERIFY(!o.isEmpty());
        for (const QString& key : t.keys())
            QVERIFY2(o.contains(key), qPrintable(key));
        QCOMPARE(o.value(QStringLiteral("pool")).toString(), QStringLiteral("process"));
        QCOMPARE(o.value(QStringLiteral("completed")).toInt(), tasks);
        QCOMPARE(sumOutcomes(o), tasks);
        QCOMPARE(o.value(QStringLiteral("broken")).toBool(), false);
        QVERIFY(o.value(QStringLiteral("broken_message")).isNull());
        QVERIFY(o.value(QStringLiteral("error")).isNull());
        QCOMPARE(o.value(QStringLiteral("call_queue_size")).toInt(),
                 o.value(QStringLiteral("workers")).toInt() +
                     o.value(QStringLiteral("extra_queued_calls")).toInt());
        // Worker events crossed back through the rings.
        const bool map = args.contains(QStringLiteral("map"));
        const int calls = map ? (tasks + 3) / 4 : tasks;
        QCOMPARE(kindCount(o, "TaskStart"), calls);
        QCOMPARE(kindCount(o, "ResultPipeRead"), calls);
        QCOMPARE(kindCount(o, "ProcessSpawn"), o.value(QStringLiteral("workers")).toInt());
        QCOMPARE(kindCount(o, "ProcessExit"), o.value(QStringLiteral("workers")).toInt());
    }

    void killWorkerAfterBreaksThePool_data()
    {
        QTest::addColumn<QString>("args");
        QTest::addColumn<int>("tasks");
        QTest::newRow("submit, kill after 5 results")
            << QStringLiteral("--tasks 40 --workload sleep --task-ms 5 --kill-worker-after 5") << 40;
        QTest::newRow("submit, kill at once") << QStringLiteral("--tasks 30 --workload sleep --task-ms 5 "
                                                                "--kill-worker-after 0")
                                              << 30;
        QTest::newRow("map chunksize 3, kill after 6 results")
            << QStringLiteral("--tasks 60 --workload sleep --task-ms 3 --submit map --chunksize 3 "
                              "--kill-worker-after 6")
            << 60;
    }
    void killWorkerAfterBreaksThePool()
    {
        QFETCH(QString, args);
        QFETCH(int, tasks);
        const QJsonObject o = runJson(args.split(QLatin1Char(' ')), 1);
        QVERIFY(!o.isEmpty());
        QCOMPARE(o.value(QStringLiteral("broken")).toBool(), true);
        QCOMPARE(
            o.value(QStringLiteral("broken_message")).toString(),
            QStringLiteral("A child process terminated abruptly, the process pool is not usable anymore"));
        QCOMPARE(sumOutcomes(o), tasks);
        QVERIFY(o.value(QStringLiteral("failed")).toInt() > 0);
        QVERIFY(o.value(QStringLiteral("completed")).toInt() < tasks);
        QVERIFY(o.value(QStringLiteral("killed_pid")).toInt() > 0);
        QCOMPARE(kindCount(o, "PoolBroken"), 1);
        QCOMPARE(kindCount(o, "ProcessSignal"), 2); // the kill, then the pool terminating the other worker
        QCOMPARE(kindCount(o, "ProcessExit"), 2);
        if (args.contains(QStringLiteral("map"))) {
            QCOMPARE(o.value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
                     QStringLiteral("BrokenProcessPool"));
            QCOMPARE(
                o.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
                QStringLiteral("A process in the process pool was terminated abruptly while the future was "
                               "running or pending."));
        }
    }

    void maxTasksPerChildReplacesWorkers()
    {
        const QJsonObject o = runJson(words("--tasks 40 --workers 2 --max-tasks-per-child 5"), 0);
        QVERIFY(!o.isEmpty());
        QCOMPARE(o.value(QStringLiteral("completed")).toInt(), 40);
        QCOMPARE(o.value(QStringLiteral("max_tasks_per_child")).toInt(), 5);
        // Every worker that reached 5 tasks was replaced; the two alive at the end may have split
        // the last tasks (they exit on None): 2 + 7 or 2 + 8 processes in all, every one reaped.
        const int spawned = kindCount(o, "ProcessSpawn");
        QVERIFY2(spawned == 9 || spawned == 10, qPrintable(QString::number(spawned)));
        QCOMPARE(kindCount(o, "ProcessExit"), spawned);
    }

    void humanSummaryMentionsTheBreak()
    {
        const CliResult r = runCli(words("run --pool process --tasks 20 --workload sleep --task-ms 5 "
                                         "--kill-worker-after 2"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("pool        process (2 workers)"), r.out.constData());
        QVERIFY2(r.out.contains("broken      A child process terminated abruptly"), r.out.constData());
        QVERIFY2(r.out.contains("killed      worker "), r.out.constData());
    }

    void workersExitWhenTheParentIsKilled()
    {
        // SIGKILL the CLI mid-run: its workers see EOF on the call pipe (or a broken
        // result pipe) and leave on their own. As a subreaper, this test inherits the
        // orphans, so it can wait for them and leaves no zombie behind.
        QVERIFY(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
        auto unset = qScopeGuard([] { ::prctl(PR_SET_CHILD_SUBREAPER, 0); });
        QProcess cli;
        cli.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope-cli"),
                  words("run --pool process --workers 2 --tasks 200 --workload sleep --task-ms 100"));
        QVERIFY(cli.waitForStarted());
        QList<pid_t> workers;
        QTRY_VERIFY_WITH_TIMEOUT((workers = childrenOf(cli.processId())).size() == 2, 20000);
        cli.kill();
        QVERIFY(cli.waitForFinished());
        QElapsedTimer t;
        t.start();
        for (const pid_t pid : std::as_const(workers)) {
            int status = 0;
            const bool reaped =
                poolscope::test::reapWithin(pid, status, std::max<qint64>(0, 15000 - t.elapsed()));
            QVERIFY2(reaped,
                     qPrintable(
                         QStringLiteral("worker %1 outlived its parent by %2 ms").arg(pid).arg(t.elapsed())));
        }
    }

    // The reported hang: one worker retiring after every task, SIGKILLed once 5
    // results have arrived, pinned to one CPU so that the kill tends to land right
    // after the worker wrote its last result, before it released the result
    // queue's write lock. Every run must end, and a run whose kill landed must
    // report the pool broken.
    void killedRetiringWorkerNeverHangs()
    {
        const bool pin = QFileInfo::exists(QStringLiteral("/usr/bin/taskset"));
        const QStringList run = words("run --pool process --workers 1 --tasks 10 --max-tasks-per-child 1 "
                                      "--kill-worker-after 5 --json");
        int killed = 0;
        for (int i = 0; i < 40; ++i) {
            QProcess p;
            if (pin)
                p.start(QStringLiteral("/usr/bin/taskset"),
                        QStringList{QStringLiteral("-c"), QStringLiteral("0"),
                                    QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope-cli")} +
                            run);
            else
                p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope-cli"), run);
            QVERIFY(p.waitForStarted());
            if (!p.waitForFinished(10000)) {
                p.kill();
                p.waitForFinished();
                QFAIL(qPrintable(QStringLiteral("run %1 of 40 hung").arg(i + 1)));
            }
            const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
            QVERIFY2(!o.isEmpty(), p.readAllStandardError().constData());
            QCOMPARE(sumOutcomes(o), 10);
            // kill_worker_after's contract (docs/cli.md): the kill lands mid-task on a live
            // worker, never on one inside _exit(), so every run breaks the pool.
            const bool broken = o.value(QStringLiteral("broken")).toBool();
            QVERIFY2(broken, qPrintable(QStringLiteral("run %1 of 40 did not break").arg(i + 1)));
            QCOMPARE(p.exitCode(), 1);
            ++killed;
            QVERIFY(o.value(QStringLiteral("killed_pid")).toInt() > 0);
        }
        qInfo("40 runs, %d broken by the kill, none hung", killed);
    }

    // A worker in the middle of a long CPU task dies with its parent: the kernel
    // sends it SIGKILL (PR_SET_PDEATHSIG) instead of letting it finish its task.
    void workersDieWithTheirParentWithinASecond()
    {
        QVERIFY(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
        auto unset = qScopeGuard([] { ::prctl(PR_SET_CHILD_SUBREAPER, 0); });
        QProcess cli;
        cli.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope-cli"),
                  words("run --pool process --workers 2 --tasks 4 --workload spin --task-ms 20000"));
        QVERIFY(cli.waitForStarted());
        QList<pid_t> workers;
        QTRY_VERIFY_WITH_TIMEOUT((workers = childrenOf(cli.processId())).size() == 2, 20000);
        QThread::msleep(300); // both are inside their task now
        cli.kill();
        QVERIFY(cli.waitForFinished());
        QElapsedTimer t;
        t.start();
        qint64 last = 0;
        for (const pid_t pid : std::as_const(workers)) {
            int status = 0;
            pid_t r = 0;
            while ((r = ::waitpid(pid, &status, WNOHANG)) == 0 && t.elapsed() < 5000)
                QThread::msleep(5);
            const qint64 ms = t.elapsed();
            last = ms;
            if (r == 0) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, &status, 0);
            }
            QVERIFY2(r == pid && ms < 1000,
                     qPrintable(QStringLiteral("worker %1 outlived its parent by %2 ms").arg(pid).arg(ms)));
        }
        qInfo("both workers were gone %lld ms after their parent's SIGKILL, mid-task",
              static_cast<long long>(last));
    }

    void badFlagsExit2NamingTheFlag_data()
    {
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("chunksize 0") << QStringLiteral("--pool process --submit map --chunksize 0")
                                     << QStringLiteral(
                                            "--chunksize: must be an integer from 1 to 1000000000, got '0'");
        QTest::newRow("chunksize without map") << QStringLiteral("--pool process --chunksize 4")
                                               << QStringLiteral("--chunksize: only applies to --submit map");
        QTest::newRow("chunksize not a number")
            << QStringLiteral("--pool process --submit map --chunksize x")
            << QStringLiteral("--chunksize: must be an integer from 1 to 1000000000, got 'x'");
        QTest::newRow("kill-worker-after with the thread pool")
            << QStringLiteral("--pool thread --kill-worker-after 3")
            << QStringLiteral("--kill-worker-after: only applies to --pool process");
        QTest::newRow("kill-worker-after not below tasks")
            << QStringLiteral("--pool process --tasks 10 --kill-worker-after 10")
            << QStringLiteral("--kill-worker-after: must be less than --tasks (10), got '10'");
        QTest::newRow("kill-worker-after negative")
            << QStringLiteral("--pool process --kill-worker-after -1")
            << QStringLiteral("--kill-worker-after: must be an integer from 0 to 100000000, got '-1'");
        QTest::newRow("max-tasks-per-child 0")
            << QStringLiteral("--pool process --max-tasks-per-child 0")
            << QStringLiteral("--max-tasks-per-child: must be an integer from 1 to 1000000000, got '0'");
        QTest::newRow("max-tasks-per-child with the thread pool")
            << QStringLiteral("--max-tasks-per-child 2")
            << QStringLiteral("--max-tasks-per-child: only applies to --pool process");
        QTest::newRow("extra-queued-calls negative")
            << QStringLiteral("--pool process --extra-queued-calls -1")
            << QStringLiteral("--extra-queued-calls: must be an integer from 0 to 1000000, got '-1'");
        QTest::newRow("unknown pool")
            << QStringLiteral("--pool fork")
            << QStringLiteral("--pool: must be one of thread, process, serial, got 'fork'");
    }
    void badFlagsExit2NamingTheFlag()
    {
        QFETCH(QString, args);
        QFETCH(QString, message);
        const CliResult r = runCli(QStringList{QStringLiteral("run")} + args.split(QLatin1Char(' ')));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one line
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProcessCli)
#include "tst_processcli.moc"
