// wait(), as_completed() and Executor.map() semantics, as in CPython 3.12 _base.py.
#include "core/futures/wait.h"
#include "core/thread/threadpoolexecutor.h"

#include <QtTest>
#include <set>
#include <thread>

using namespace poolscope;

namespace {
FutureCorePtr finished(int value)
{
    auto f = std::make_shared<FutureCore>();
    f->setResult(std::any(value));
    return f;
}
FutureCorePtr failed()
{
    auto f = std::make_shared<FutureCore>();
    f->setException(std::make_exception_ptr(ValueError("boom")));
    return f;
}
FutureCorePtr pending()
{
    return std::make_shared<FutureCore>();
}

// Completes `f` from another thread after `ms`.
std::thread completeLater(FutureCorePtr f, int ms, bool raise = false)
{
    return std::thread([f = std::move(f), ms, raise] {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        if (raise)
            f->setException(std::make_exception_ptr(ValueError("late boom")));
        else
            f->setResult(std::any(ms));
    });
}

std::set<const FutureCore*> ids(const std::vector<FutureCorePtr>& fs)
{
    std::set<const FutureCore*> out;
    for (const auto& f : fs)
        out.insert(f.get());
    return out;
}
} // namespace

Q_DECLARE_METATYPE(poolscope::ReturnWhen)

class TestWait : public QObject
{
    Q_OBJECT
private slots:
    void fastPaths_data()
    {
        QTest::addColumn<ReturnWhen>("when");
        QTest::addColumn<int>("doneCount");
        QTest::newRow("FIRST_COMPLETED returns at once when one is done") << ReturnWhen::FirstCompleted << 1;
        QTest::newRow("FIRST_EXCEPTION returns at once when one raised") << ReturnWhen::FirstException << 2;
    }
    void fastPaths()
    {
        QFETCH(ReturnWhen, when);
        QFETCH(int, doneCount);
        std::vector<FutureCorePtr> fs{finished(1), pending()};
        if (when == ReturnWhen::FirstException)
            fs = {finished(1), failed(), pending()};
        QElapsedTimer t;
        t.start();
        const auto r = poolscope::wait(fs, 5.0, when);
        QVERIFY(t.elapsed() < 1000);
        QCOMPARE(static_cast<int>(r.done.size()), doneCount);
        QCOMPARE(r.notDone.size(), std::size_t(1));
    }

    void allCompletedWaitsForEveryFuture()
    {
        std::vector<FutureCorePtr> fs{pending(), pending(), finished(0)};
        auto a = completeLater(fs[0], 10);
        auto b = completeLater(fs[1], 30, true);
        const auto r = poolscope::wait(fs, 5.0, ReturnWhen::AllCompleted);
        a.join();
        b.join();
        QCOMPARE(r.done.size(), std::size_t(3));
        QVERIFY(r.notDone.empty());
    }

    void firstCompletedWakesOnFirst()
    {
        std::vector<FutureCorePtr> fs{pending(), pending()};
        auto a = completeLater(fs[0], 10);
        const auto r = poolscope::wait(fs, 5.0, ReturnWhen::FirstCompleted);
        a.join();
        QCOMPARE(ids(r.done), ids({fs[0]}));
        QCOMPARE(ids(r.notDone), ids({fs[1]}));
    }

    void firstExceptionWakesOnException()
    {
        std::vector<FutureCorePtr> fs{pending(), pending(), pending()};
        auto a = completeLater(fs[0], 5);
        auto b = completeLater(fs[1], 20, true);
        const auto r = poolscope::wait(fs, 5.0, ReturnWhen::FirstException);
        a.join();
        b.join();
        QVERIFY(ids(r.done).count(fs[1].get()));
        QVERIFY(ids(r.notDone).count(fs[2].get()));
    }

    void firstExceptionWithoutExceptionIsAllCompleted()
    {
        std::vector<FutureCorePtr> fs{pending(), pending()};
        auto a = completeLater(fs[0], 5);
        auto b = completeLater(fs[1], 25);
        const auto r = poolscope::wait(fs, 5.0, ReturnWhen::FirstException);
        a.join();
        b.join();
        QCOMPARE(r.done.size(), std::size_t(2));
    }

    void timeoutReturnsWithoutRaising()
    {
        std::vector<FutureCorePtr> fs{pending(), finished(1)};
        QElapsedTimer t;
        t.start();
        const auto r = poolscope::wait(fs, 0.03);
        QVERIFY(t.elapsed() >= 29);
        QCOMPARE(r.done.size(), std::size_t(1));
        QCOMPARE(r.notDone.size(), std::size_t(1));
    }

    void duplicatesAreReportedOnce()
    {
        auto f = finished(1);
        const auto r = poolscope::wait({f, f, f});
        QCOMPARE(r.done.size(), std::size_t(1));
    }

    void cancelledButNotNotifiedIsNotDone()
    {
        // cancel() alone does not notify waiters: wait() only counts CANCELLED_AND_NOTIFIED.
        auto f = pending();
        f->cancel();
        auto r = poolscope::wait({f}, 0.0);
        QCOMPARE(r.notDone.size(), std::size_t(1));
        f->setRunningOrNotifyCancel();
        r = poolscope::wait({f}, 0.0);
        QCOMPARE(r.done.size(), std::size_t(1));
    }

    void notifyCancelWakesWaiter()
    {
        auto f = pending();
        f->cancel();
        std::thread t([f] {
            std::this_thread::sleep_for(std::chrono::milliseconds(15));
            f->setRunningOrNotifyCancel();
        });
        const auto r = poolscope::wait({f}, 5.0);
        t.join();
        QCOMPARE(r.done.size(), std::size_t(1));
    }

    void asCompletedYieldsFinishedFirstThenCompletionOrder()
    {
        std::vector<FutureCorePtr> fs{pending(), pending(), finished(9), pending()};
        auto a = completeLater(fs[3], 5);
        auto b = completeLater(fs[0], 40);
        auto c = completeLater(fs[1], 80);
        AsCompleted it(fs, 5.0);
        std::vector<FutureCorePtr> order;
        while (auto f = it.next())
            order.push_back(f);
        a.join();
        b.join();
        c.join();
        const std::vector<FutureCorePtr> expected{fs[2], fs[3], fs[0], fs[1]};
        QCOMPARE(order, expected);
    }

    void asCompletedTimeoutMessage()
    {
        std::vector<FutureCorePtr> fs{finished(1), pending(), pending()};
        AsCompleted it(fs, 0.02);
        QVERIFY(it.next() == fs[0]);
        try {
            it.next();
            QFAIL("no TimeoutError");
        } catch (const TimeoutError& e) {
            QCOMPARE(QString::fromStdString(e.what()), QStringLiteral("2 (of 3) futures unfinished"));
        }
    }

    void asCompletedDeduplicates()
    {
        auto f = finished(1);
        AsCompleted it({f, f}, 1.0);
        QVERIFY(it.next() == f);
        QVERIFY(it.next() == nullptr);
    }

    void asCompletedRemovesItsWaiter()
    {
        // After the iterator is gone, completing the future must not touch the dead waiter (ASan checks
        // this).
        auto f = pending();
        {
            AsCompleted it({f}, 0.0);
            QVERIFY_THROWS_EXCEPTION(TimeoutError, it.next());
        }
        f->setResult(std::any(1));
        QVERIFY(f->done());
    }

    void asCompletedDeadlineStartsAtFirstNext()
    {
        // as_completed() is a generator function: timeout=0.2 counts from the first next(), so a
        // future that finishes 0.25 s after the call but 0.15 s after the first next() is yielded.
        auto f = pending();
        AsCompleted it({f}, 0.2);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::thread completer([f] {
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
            f->setResult(std::any(1));
        });
        FutureCorePtr got;
        try {
            got = it.next();
        } catch (const TimeoutError&) {
        }
        completer.join();
        QVERIFY2(got == f, "the deadline was counted from the AsCompleted constructor");
    }

    void asCompletedSnapshotsAtFirstNext()
    {
        // Finished before the first next() but after the call: still in the first batch.
        auto a = pending(), b = pending();
        AsCompleted it({a, b}, 1.0);
        b->setResult(std::any(2));
        QVERIFY(it.next() == b);
        a->setResult(std::any(1));
        QVERIFY(it.next() == a);
        QVERIFY(it.next() == nullptr);
    }

    void mapDroppedOrClosedBeforeFirstNextCancelsNothing_data()
    {
        QTest::addColumn<bool>("close");
        QTest::newRow("dropped") << false;
        QTest::newRow("closed") << true;
    }

    void mapDroppedOrClosedBeforeFirstNextCancelsNothing()
    {
        // An unstarted generator's finally never runs: every task runs, as in CPython.
        QFETCH(bool, close);
        ThreadPoolOptions options;
        options.maxWorkers = 1;
        ThreadPoolExecutor pool(options);
        std::atomic<int> ran{0};
        {
            auto results = pool.map(
                [&](int v) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    ++ran;
                    return v;
                },
                std::vector<int>{1, 2, 3, 4, 5});
            if (close) {
                results.close();
                QVERIFY(!results.next().has_value());
            }
        }
        pool.shutdown(true);
        QCOMPARE(ran.load(), 5);
    }

    void mapYieldsInInputOrder()
    {
        ThreadPoolExecutor pool(ThreadPoolOptions{4, {}, {}, {}, {}});
        std::vector<int> inputs{30, 1, 15, 2, 0};
        auto results = pool.map(
            [](int ms) {
                std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                return ms * 10;
            },
            inputs);
        QCOMPARE(results.toVector(), (std::vector<int>{300, 10, 150, 20, 0}));
    }

    void mapSubmitsEagerly()
    {
        ThreadPoolExecutor pool(ThreadPoolOptions{2, {}, {}, {}, {}});
        std::atomic<int> started{0};
        auto results = pool.map([&](int v) { return ++started, v; }, std::vector<int>{1, 2, 3, 4});
        // Nothing consumed yet, but every call runs.
        QTRY_COMPARE_WITH_TIMEOUT(started.load(), 4, 5000);
        QCOMPARE(results.toVector().size(), std::size_t(4));
    }

    void mapDeadlineCountsFromTheCallAndCancelsTheRest()
    {
        ThreadPoolExecutor pool(ThreadPoolOptions{1, {}, {}, {}, {}});
        std::vector<int> inputs{80, 80, 80, 80};
        auto results = pool.map(
            [](int ms) {
                std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                return ms;
            },
            inputs, 0.05);
        // The deadline is counted from map(), so even the first result misses it.
        QVERIFY_THROWS_EXCEPTION(TimeoutError, results.next());
        QCOMPARE(results.remaining(), std::size_t(0));
        pool.shutdown(true);
    }

    void droppingMapEarlyCancelsRemaining()
    {
        ThreadPoolExecutor pool(ThreadPoolOptions{1, {}, {}, {}, {}});
        std::atomic<int> ran{0};
        {
            auto results = pool.map(
                [&](int v) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    ++ran;
                    return v;
                },
                std::vector<int>{1, 2, 3, 4, 5, 6});
            QCOMPARE(*results.next(), 1);
        } // the consumer stops early: remaining futures are cancelled
        pool.shutdown(true);
        QVERIFY2(ran.load() < 6, "futures queued behind the consumer should have been cancelled");
    }

    void mapRaisesTaskExceptionInOrder()
    {
        ThreadPoolExecutor pool(ThreadPoolOptions{2, {}, {}, {}, {}});
        auto results = pool.map(
            [](int v) {
                if (v == 2)
                    throw ValueError("two");
                return v;
            },
            std::vector<int>{1, 2, 3});
        QCOMPARE(*results.next(), 1);
        QVERIFY_THROWS_EXCEPTION(ValueError, results.next());
        QVERIFY(!results.next().has_value());
    }
};

QTEST_GUILESS_MAIN(TestWait)
#include "tst_wait.moc"
