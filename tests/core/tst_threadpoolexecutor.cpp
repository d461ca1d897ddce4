// ThreadPoolExecutor, as in CPython 3.12 thread.py.
#include "core/events/recorder.h"
#include "core/futures/wait.h"
#include "core/thread/threadpoolexecutor.h"

#include <latch>
#include <QtTest>
#include <thread>

using namespace poolscope;

namespace {
ThreadPoolOptions withWorkers(int n, std::string prefix = {})
{
    ThreadPoolOptions o;
    o.maxWorkers = n;
    o.threadNamePrefix = std::move(prefix);
    return o;
}

template <class E, class Fn> QString messageOf(Fn&& fn)
{
    try {
        fn();
    } catch (const E& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("<no exception>");
}

// A gate the test opens when it is ready: holds workers busy deterministically.
struct Gate
{
    std::mutex m;
    std::condition_variable cv;
    bool open = false;
    void wait()
    {
        std::unique_lock l(m);
        cv.wait(l, [this] { return open; });
    }
    void release()
    {
        {
            std::lock_guard l(m);
            open = true;
        }
        cv.notify_all();
    }
};
} // namespace

class TestThreadPoolExecutor : public QObject
{
    Q_OBJECT
private slots:
    void defaultMaxWorkersIsCpuPlusFourCappedAt32()
    {
        const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        ThreadPoolExecutor pool;
        QCOMPARE(pool.maxWorkers(), std::min(32, cores + 4));
    }

    void nonPositiveMaxWorkersRejected_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("zero") << 0;
        QTest::newRow("negative") << -3;
    }
    void nonPositiveMaxWorkersRejected()
    {
        QFETCH(int, workers);
        QCOMPARE(messageOf<ValueError>([&] { ThreadPoolExecutor pool(withWorkers(workers)); }),
                 QStringLiteral("max_workers must be greater than 0"));
    }

    void threadNamesFollowPrefix_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("expectedStart");
        QTest::newRow("custom prefix") << QStringLiteral("fetch") << QStringLiteral("fetch_");
        QTest::newRow("default prefix") << QString() << QStringLiteral("ThreadPoolExecutor-");
    }
    void threadNamesFollowPrefix()
    {
        QFETCH(QString, prefix);
        QFETCH(QString, expectedStart);
        ThreadPoolExecutor pool(withWorkers(2, prefix.toStdString()));
        Gate gate;
        auto a = pool.submit([&] { gate.wait(); });
        auto b = pool.submit([&] { gate.wait(); });
        gate.release();
        a.result();
        b.result();
        const auto names = pool.threadNames();
        QCOMPARE(names.size(), std::size_t(2));
        for (std::size_t i = 0; i < names.size(); ++i) {
            const QString name = QString::fromStdString(names[i]);
            QVERIFY2(name.startsWith(expectedStart), qPrintable(name));
            QVERIFY2(name.endsWith(QLatin1Char('_') + QString::number(i)), qPrintable(name));
        }
    }

    void idleThreadIsReusedInsteadOfSpawning()
    {
        ThreadPoolExecutor pool(withWorkers(8));
        for (int i = 0; i < 20; ++i) {
            pool.submit([] { return 1; }).result();
            // Let the worker park and release the idle semaphore before the next submit.
            QTRY_VERIFY_WITH_TIMEOUT(pool.threadCount() >= 1, 1000);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        QCOMPARE(pool.threadCount(), 1);
    }

    void threadsStartOnDemandUpToMax()
    {
        ThreadPoolExecutor pool(withWorkers(3));
        Gate gate;
        std::vector<Future<void>> fs;
        for (int i = 0; i < 10; ++i)
            fs.push_back(pool.submit([&] { gate.wait(); }));
        QCOMPARE(pool.threadCount(), 3);
        gate.release();
        for (auto& f : fs)
            f.result();
    }

    void resultsAndExceptionsComeBack()
    {
        ThreadPoolExecutor pool(withWorkers(2));
        auto ok = pool.submit([](int a, int b) { return a + b; }, 2, 3);
        auto bad = pool.submit([]() -> int { throw std::out_of_range("index 9"); });
        QCOMPARE(ok.result(), 5);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, bad.result());
        QCOMPARE(QString::fromStdString(describeException(bad.exception()).message),
                 QStringLiteral("index 9"));
    }

    void typeErasedResultsAreNotNested()
    {
        ThreadPoolExecutor pool(withWorkers(1));
        auto f = pool.submit([]() -> std::any { return std::int64_t(41); });
        QCOMPARE(std::any_cast<std::int64_t>(f.result()), std::int64_t(41));
        QCOMPARE(std::any_cast<std::int64_t>(f.core()->resultAny()), std::int64_t(41));
    }

    void submitAfterShutdownRaises()
    {
        ThreadPoolExecutor pool(withWorkers(1));
        pool.shutdown();
        QCOMPARE(messageOf<RuntimeError>([&] { pool.submit([] {}); }),
                 QStringLiteral("cannot schedule new futures after shutdown"));
    }

    void failingInitializerBreaksPool()
    {
        ThreadPoolOptions o = withWorkers(1);
        o.initializer = [] { throw std::runtime_error("no database"); };
        std::vector<std::string> logs;
        setLogHandler([&](const std::string& l) { logs.push_back(l); });
        ThreadPoolExecutor pool(o);
        std::vector<Future<int>> fs;
        // The first submit starts the only thread; its initializer fails and fails what is queued.
        for (int i = 0; i < 5; ++i) {
            try {
                fs.push_back(pool.submit([] { return 1; }));
            } catch (const BrokenThreadPool&) {
                break; // the pool broke while we were still submitting
            }
        }
        const QString expected =
            QStringLiteral("A thread initializer failed, the thread pool is not usable anymore");
        for (auto& f : fs)
            QCOMPARE(messageOf<BrokenThreadPool>([&] { f.result(5.0); }), expected);
        QTRY_VERIFY_WITH_TIMEOUT(pool.broken(), 5000);
        QCOMPARE(messageOf<BrokenThreadPool>([&] { pool.submit([] { return 2; }); }), expected);
        setLogHandler({});
        QVERIFY(!logs.empty());
        // LOGGER.critical('Exception in initializer:', exc_info=True): the line, then the traceback.
        const QStringList lines = QString::fromStdString(logs.front()).split(QLatin1Char('\n'));
        QCOMPARE(lines.first(), QStringLiteral("Exception in initializer:"));
        QCOMPARE(lines.value(1), QStringLiteral("Traceback (most recent call last):"));
        QCOMPARE(lines.last(), QStringLiteral("std::runtime_error: no database"));
    }

    void taskShuttingDownItsOwnPoolCannotJoinItself_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("one thread") << 1;
        QTest::newRow("two threads") << 2;
    }

    void taskShuttingDownItsOwnPoolCannotJoinItself()
    {
        // thread.py's shutdown(wait=True) joins every thread; on a pool thread t.join() raises.
        QFETCH(int, workers);
        ThreadPoolExecutor pool(withWorkers(workers));
        auto f = pool.submit([&] { pool.shutdown(true); });
        QCOMPARE(messageOf<RuntimeError>([&] { f.result(5.0); }),
                 QStringLiteral("cannot join current thread"));
        // The flag and the sentinel were set before the join failed.
        QCOMPARE(messageOf<RuntimeError>([&] { pool.submit([] {}); }),
                 QStringLiteral("cannot schedule new futures after shutdown"));
        pool.shutdown(true);
    }

    void initializerRunsOncePerThread()
    {
        std::atomic<int> inits{0};
        ThreadPoolOptions o = withWorkers(2);
        o.initializer = [&] { ++inits; };
        {
            ThreadPoolExecutor pool(o);
            Gate gate;
            auto a = pool.submit([&] { gate.wait(); });
            auto b = pool.submit([&] { gate.wait(); });
            gate.release();
            a.result();
            b.result();
            for (int i = 0; i < 50; ++i)
                pool.submit([] {}).result();
        }
        QCOMPARE(inits.load(), 2);
    }

    void shutdownCancelFuturesCancelsQueuedOnly()
    {
        ThreadPoolExecutor pool(withWorkers(1));
        Gate gate;
        std::latch started(1);
        auto running = pool.submit([&] {
            started.count_down();
            gate.wait();
            return 1;
        });
        std::vector<Future<int>> queued;
        for (int i = 0; i < 5; ++i)
            queued.push_back(pool.submit([] { return 2; }));
        started.wait();
        std::thread opener([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
            gate.release();
        });
        pool.shutdown(true, true);
        opener.join();
        QCOMPARE(running.result(), 1);
        for (auto& f : queued) {
            QVERIFY(f.cancelled());
            QCOMPARE(f.status(), FutureStatus::Cancelled); // removed from the queue, never notified
        }
    }

    void shutdownWithoutWaitReturnsAtOnce()
    {
        ThreadPoolExecutor pool(withWorkers(1));
        Gate gate;
        auto f = pool.submit([&] {
            gate.wait();
            return 3;
        });
        QElapsedTimer t;
        t.start();
        pool.shutdown(false);
        QVERIFY(t.elapsed() < 1000);
        QVERIFY(!f.done());
        gate.release();
        QCOMPARE(f.result(5.0), 3); // queued work still runs after shutdown(wait=False)
    }

    void shutdownIsIdempotent()
    {
        ThreadPoolExecutor pool(withWorkers(2));
        pool.submit([] {}).result();
        pool.shutdown();
        pool.shutdown();
        pool.shutdown(false, true);
    }

    void cancelledWhileQueuedIsNotifiedWhenDequeued()
    {
        ThreadPoolExecutor pool(withWorkers(1));
        Gate gate;
        auto blocker = pool.submit([&] { gate.wait(); });
        auto victim = pool.submit([] { return 1; });
        QVERIFY(victim.cancel());
        QCOMPARE(victim.status(), FutureStatus::Cancelled);
        gate.release();
        blocker.result();
        pool.shutdown(true);
        QCOMPARE(victim.status(), FutureStatus::CancelledAndNotified);
    }

    void runningFutureCannotBeCancelled()
    {
        ThreadPoolExecutor pool(withWorkers(1));
        Gate gate;
        std::latch started(1);
        auto f = pool.submit([&] {
            started.count_down();
            gate.wait();
        });
        started.wait();
        QVERIFY(f.running());
        QVERIFY(!f.cancel());
        gate.release();
        f.result();
    }

    void stress200kTasksNoneLostOrDoubled()
    {
        constexpr int kTasks = 200'000;
        std::vector<std::atomic<int>> hits(kTasks);
        auto recorder = std::make_shared<Recorder>();
        ThreadPoolOptions o = withWorkers(4);
        o.events = std::make_shared<EventStream>(recorder);
        std::vector<Future<int>> fs;
        fs.reserve(kTasks);
        {
            ThreadPoolExecutor pool(o);
            for (int i = 0; i < kTasks; ++i)
                fs.push_back(pool.submit([&hits, i] {
                    hits[static_cast<std::size_t>(i)].fetch_add(1, std::memory_order_relaxed);
                    return i;
                }));
            for (int i = 0; i < kTasks; ++i)
                QCOMPARE(fs[static_cast<std::size_t>(i)].result(), i);
        }
        for (int i = 0; i < kTasks; ++i)
            QCOMPARE(hits[static_cast<std::size_t>(i)].load(), 1);
        const auto counts = recorder->countsByKind();
        QCOMPARE(counts[static_cast<std::size_t>(EventKind::TaskStart)], std::uint64_t(kTasks));
        QCOMPARE(counts[static_cast<std::size_t>(EventKind::TaskEnd)], std::uint64_t(kTasks));
    }
};

QTEST_GUILESS_MAIN(TestThreadPoolExecutor)
#include "tst_threadpoolexecutor.moc"
