// Future: states, transitions, timeouts, callbacks and errors, as in CPython 3.12 _base.py.
#include "core/events/recorder.h"
#include "core/futures/future.h"

#include <QtTest>
#include <thread>

using namespace poolscope;

Q_DECLARE_METATYPE(poolscope::FutureStatus)
Q_DECLARE_METATYPE(std::any)

namespace {
// Puts a fresh future into one of CPython's five states.
FutureCorePtr futureIn(FutureStatus status)
{
    auto f = std::make_shared<FutureCore>();
    switch (status) {
    case FutureStatus::Pending:
        break;
    case FutureStatus::Running:
        f->setRunningOrNotifyCancel();
        break;
    case FutureStatus::Cancelled:
        f->cancel();
        break;
    case FutureStatus::CancelledAndNotified:
        f->cancel();
        f->setRunningOrNotifyCancel();
        break;
    case FutureStatus::Finished:
        f->setResult(std::any(42));
        break;
    }
    return f;
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
} // namespace

class TestFuture : public QObject
{
    Q_OBJECT
private slots:
    void newFutureIsPending()
    {
        FutureCore f;
        QCOMPARE(f.status(), FutureStatus::Pending);
        QVERIFY(!f.done());
        QVERIFY(!f.running());
        QVERIFY(!f.cancelled());
    }

    void stateNames()
    {
        QCOMPARE(futureStatusName(FutureStatus::Pending), "PENDING");
        QCOMPARE(futureStatusName(FutureStatus::Running), "RUNNING");
        QCOMPARE(futureStatusName(FutureStatus::Cancelled), "CANCELLED");
        QCOMPARE(futureStatusName(FutureStatus::CancelledAndNotified), "CANCELLED_AND_NOTIFIED");
        QCOMPARE(futureStatusName(FutureStatus::Finished), "FINISHED");
    }

    void cancel_data()
    {
        QTest::addColumn<FutureStatus>("from");
        QTest::addColumn<bool>("returns");
        QTest::addColumn<FutureStatus>("after");
        QTest::newRow("pending cancels") << FutureStatus::Pending << true << FutureStatus::Cancelled;
        QTest::newRow("running refuses") << FutureStatus::Running << false << FutureStatus::Running;
        QTest::newRow("finished refuses") << FutureStatus::Finished << false << FutureStatus::Finished;
        QTest::newRow("cancelled again is true")
            << FutureStatus::Cancelled << true << FutureStatus::Cancelled;
        QTest::newRow("cancelled+notified again is true")
            << FutureStatus::CancelledAndNotified << true << FutureStatus::CancelledAndNotified;
    }
    void cancel()
    {
        QFETCH(FutureStatus, from);
        QFETCH(bool, returns);
        QFETCH(FutureStatus, after);
        auto f = futureIn(from);
        QCOMPARE(f->status(), from);
        QCOMPARE(f->cancel(), returns);
        QCOMPARE(f->status(), after);
    }

    void setRunningOrNotifyCancel_data()
    {
        QTest::addColumn<FutureStatus>("from");
        QTest::addColumn<int>("outcome"); // 1 true, 0 false, -1 RuntimeError
        QTest::addColumn<FutureStatus>("after");
        QTest::newRow("pending becomes running") << FutureStatus::Pending << 1 << FutureStatus::Running;
        QTest::newRow("cancelled becomes notified")
            << FutureStatus::Cancelled << 0 << FutureStatus::CancelledAndNotified;
        QTest::newRow("running is unexpected") << FutureStatus::Running << -1 << FutureStatus::Running;
        QTest::newRow("finished is unexpected") << FutureStatus::Finished << -1 << FutureStatus::Finished;
        QTest::newRow("notified is unexpected")
            << FutureStatus::CancelledAndNotified << -1 << FutureStatus::CancelledAndNotified;
    }
    void setRunningOrNotifyCancel()
    {
        QFETCH(FutureStatus, from);
        QFETCH(int, outcome);
        QFETCH(FutureStatus, after);
        auto f = futureIn(from);
        std::vector<std::string> logs;
        setLogHandler([&](const std::string& line) { logs.push_back(line); });
        if (outcome < 0) {
            QCOMPARE(messageOf<RuntimeError>([&] { f->setRunningOrNotifyCancel(); }),
                     QStringLiteral("Future in unexpected state"));
            QCOMPARE(logs.size(), std::size_t(1)); // LOGGER.critical
        } else {
            QCOMPARE(f->setRunningOrNotifyCancel(), outcome == 1);
        }
        setLogHandler({});
        QCOMPARE(f->status(), after);
    }

    void setResultOnDoneFutureRaises_data()
    {
        QTest::addColumn<FutureStatus>("from");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("finished") << FutureStatus::Finished << QStringLiteral("FINISHED: <Future at ");
        QTest::newRow("cancelled") << FutureStatus::Cancelled << QStringLiteral("CANCELLED: <Future at ");
        QTest::newRow("cancelled+notified")
            << FutureStatus::CancelledAndNotified << QStringLiteral("CANCELLED_AND_NOTIFIED: <Future at ");
    }
    void setResultOnDoneFutureRaises()
    {
        QFETCH(FutureStatus, from);
        QFETCH(QString, prefix);
        auto f = futureIn(from);
        const QString viaResult = messageOf<InvalidStateError>([&] { f->setResult(std::any(1)); });
        const QString viaException =
            messageOf<InvalidStateError>([&] { f->setException(std::make_exception_ptr(ValueError("x"))); });
        QVERIFY2(viaResult.startsWith(prefix), qPrintable(viaResult));
        QVERIFY2(viaException.startsWith(prefix), qPrintable(viaException));
        QCOMPARE(f->status(), from);
    }

    void pendingToFinishedIsLegal()
    {
        FutureCore f;
        f.setResult(std::any(std::string("done")));
        QCOMPARE(f.status(), FutureStatus::Finished);
        QCOMPARE(std::any_cast<std::string>(f.resultAny()), std::string("done"));
    }

    void resultAndExceptionTimeOut_data()
    {
        QTest::addColumn<bool>("askException");
        QTest::addColumn<double>("timeout");
        QTest::newRow("result(0)") << false << 0.0;
        QTest::newRow("result(0.02)") << false << 0.02;
        QTest::newRow("exception(0)") << true << 0.0;
        QTest::newRow("exception(0.02)") << true << 0.02;
    }
    void resultAndExceptionTimeOut()
    {
        QFETCH(bool, askException);
        QFETCH(double, timeout);
        FutureCore f;
        QElapsedTimer t;
        t.start();
        bool threw = false;
        try {
            if (askException)
                f.exception(timeout);
            else
                f.resultAny(timeout);
        } catch (const TimeoutError& e) {
            threw = true;
            QCOMPARE(QString::fromStdString(e.what()), QString()); // bare TimeoutError()
            QCOMPARE(QString::fromStdString(e.pyType()), QStringLiteral("TimeoutError"));
        }
        QVERIFY(threw);
        QVERIFY(t.elapsed() >= static_cast<qint64>(timeout * 1000) - 1);
        QVERIFY(t.elapsed() < 2000);
    }

    void resultOfCancelledRaisesCancelledError()
    {
        auto f = futureIn(FutureStatus::Cancelled);
        QVERIFY_THROWS_EXCEPTION(CancelledError, f->resultAny());
        QVERIFY_THROWS_EXCEPTION(CancelledError, f->exception());
    }

    void exceptionIsKeptAndRethrown()
    {
        Future<int> f(std::make_shared<FutureCore>());
        f.setException(std::make_exception_ptr(ValueError("bad value")));
        const ErrorInfo info = describeException(f.exception());
        QCOMPARE(QString::fromStdString(info.type), QStringLiteral("ValueError"));
        QCOMPARE(QString::fromStdString(info.message), QStringLiteral("bad value"));
        QVERIFY_THROWS_EXCEPTION(ValueError, f.result());
    }

    void resultWakesBlockedWaiter()
    {
        // The tutorial's picture: the caller blocks on the condition variable until set_result().
        Future<int> f(std::make_shared<FutureCore>());
        std::thread producer([f] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            f.setResult(7);
        });
        QCOMPARE(f.result(5.0), 7);
        producer.join();
    }

    void cancelWakesResultWaiter()
    {
        auto f = std::make_shared<FutureCore>();
        std::thread canceller([f] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            f->cancel();
        });
        QVERIFY_THROWS_EXCEPTION(CancelledError, f->resultAny(5.0));
        canceller.join();
    }

    void callbacksRunInOrderOnCompletingThread()
    {
        auto f = std::make_shared<FutureCore>();
        std::vector<int> order;
        std::vector<std::thread::id> threads;
        for (int i = 0; i < 3; ++i)
            f->addDoneCallback([&, i](const FutureCorePtr& done) {
                QCOMPARE(done.get(), f.get());
                order.push_back(i);
                threads.push_back(std::this_thread::get_id());
            });
        QVERIFY(order.empty());
        std::thread::id completer;
        std::thread t([&] {
            completer = std::this_thread::get_id();
            f->setResult(std::any(1));
        });
        t.join();
        QCOMPARE(order, (std::vector<int>{0, 1, 2}));
        for (auto id : threads)
            QCOMPARE(id, completer);
    }

    void callbackOnDoneFutureRunsAtOnceOnCaller_data()
    {
        QTest::addColumn<FutureStatus>("from");
        QTest::newRow("finished") << FutureStatus::Finished;
        QTest::newRow("cancelled") << FutureStatus::Cancelled;
        QTest::newRow("cancelled+notified") << FutureStatus::CancelledAndNotified;
    }
    void callbackOnDoneFutureRunsAtOnceOnCaller()
    {
        QFETCH(FutureStatus, from);
        auto f = futureIn(from);
        std::thread::id ran;
        f->addDoneCallback([&](const FutureCorePtr&) { ran = std::this_thread::get_id(); });
        QCOMPARE(ran, std::this_thread::get_id());
    }

    void cancelRunsCallbacks()
    {
        auto f = std::make_shared<FutureCore>();
        int calls = 0;
        f->addDoneCallback([&](const FutureCorePtr& done) {
            ++calls;
            QVERIFY(done->cancelled());
        });
        QVERIFY(f->cancel());
        QCOMPARE(calls, 1);
        QVERIFY(f->cancel()); // already cancelled: no second run
        QCOMPARE(calls, 1);
    }

    void throwingCallbackIsLoggedNotPropagated()
    {
        auto f = std::make_shared<FutureCore>();
        std::vector<std::string> logs;
        setLogHandler([&](const std::string& line) { logs.push_back(line); });
        bool secondRan = false;
        f->addDoneCallback([](const FutureCorePtr&) { throw std::runtime_error("callback broke"); });
        f->addDoneCallback([&](const FutureCorePtr&) { secondRan = true; });
        f->setResult(std::any(1)); // must not throw
        // And on an already-done future, on the caller:
        f->addDoneCallback([](const FutureCorePtr&) { throw ValueError("late"); });
        setLogHandler({});
        QVERIFY(secondRan);
        QCOMPARE(logs.size(), std::size_t(2));
        QVERIFY(QString::fromStdString(logs[0]).startsWith(
            QStringLiteral("exception calling callback for <Future")));
        QVERIFY(QString::fromStdString(logs[0]).contains(QStringLiteral("callback broke")));
        QVERIFY(QString::fromStdString(logs[1]).contains(QStringLiteral("late")));
    }

    void throwingCallbackLogsATraceback()
    {
        // LOGGER.exception(): the line, "Traceback (most recent call last):", a frame, then "Type: message".
        auto f = std::make_shared<FutureCore>();
        std::vector<std::string> logs;
        setLogHandler([&](const std::string& line) { logs.push_back(line); });
        f->addDoneCallback([](const FutureCorePtr&) { throw ValueError("cb boom"); });
        f->setResult(std::any(std::int64_t{1}));
        setLogHandler({});
        QCOMPARE(logs.size(), std::size_t(1));
        const QStringList lines = QString::fromStdString(logs[0]).split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith(QStringLiteral("exception calling callback for <Future at ")));
        QVERIFY(lines[0].endsWith(QStringLiteral(" state=finished returned int>")));
        QCOMPARE(lines[1], QStringLiteral("Traceback (most recent call last):"));
        QCOMPARE(lines[3], QStringLiteral("ValueError: cb boom"));
    }

    void setExceptionNoneFinishesWithNone()
    {
        // set_exception(None): FINISHED, result() and exception() return None.
        auto f = std::make_shared<FutureCore>();
        f->setException(nullptr);
        QCOMPARE(f->status(), FutureStatus::Finished);
        QVERIFY(!f->resultAny().has_value());
        QVERIFY(!f->exception());
        QVERIFY(
            QString::fromStdString(f->repr()).endsWith(QStringLiteral("state=finished returned NoneType>")));
    }

    void reprNamesTheResultsPythonType_data()
    {
        QTest::addColumn<std::any>("value");
        QTest::addColumn<QString>("type");
        QTest::newRow("None") << std::any() << QStringLiteral("NoneType");
        QTest::newRow("int") << std::any(std::int64_t{1}) << QStringLiteral("int");
        QTest::newRow("float") << std::any(1.5) << QStringLiteral("float");
        QTest::newRow("str") << std::any(std::string("s")) << QStringLiteral("str");
        QTest::newRow("bool") << std::any(true) << QStringLiteral("bool");
        QTest::newRow("list") << std::any(std::vector<std::any>{}) << QStringLiteral("list");
        QTest::newRow("bytes") << std::any(std::vector<std::uint8_t>{}) << QStringLiteral("bytes");
        QTest::newRow("other C++ type")
            << std::any(std::pair<int, int>{}) << QStringLiteral("std::pair<int, int>");
    }

    void reprNamesTheResultsPythonType()
    {
        QFETCH(std::any, value);
        QFETCH(QString, type);
        auto f = std::make_shared<FutureCore>();
        f->setResult(value);
        QVERIFY2(QString::fromStdString(f->repr()).endsWith(QStringLiteral("state=finished returned ") +
                                                            type + QLatin1Char('>')),
                 f->repr().c_str());
    }

    void reprLooksLikeCPython()
    {
        auto f = std::make_shared<FutureCore>();
        QVERIFY(QString::fromStdString(f->repr()).endsWith(QStringLiteral("state=pending>")));
        f->setException(std::make_exception_ptr(ValueError("x")));
        QVERIFY(
            QString::fromStdString(f->repr()).endsWith(QStringLiteral("state=finished raised ValueError>")));
    }

    void typedVoidFuture()
    {
        Future<void> f(std::make_shared<FutureCore>());
        f.core()->setResult({});
        f.result(); // returns, no value
        QVERIFY(f.done());
    }

    void transitionsAreEmittedAsEvents()
    {
        auto recorder = std::make_shared<Recorder>();
        auto stream = std::make_shared<EventStream>(recorder);
        auto f = std::make_shared<FutureCore>(stream, 3);
        f->setRunningOrNotifyCancel();
        f->setResult(std::any(1));
        std::vector<std::pair<std::int64_t, std::int64_t>> transitions;
        for (const Event& e : recorder->events()) {
            QCOMPARE(e.task, f->id());
            QCOMPARE(e.executor, std::uint16_t(3));
            if (e.kind == EventKind::FutureState)
                transitions.emplace_back(e.value, e.value2);
        }
        const std::vector<std::pair<std::int64_t, std::int64_t>> expected = {
            {static_cast<std::int64_t>(FutureStatus::Pending),
             static_cast<std::int64_t>(FutureStatus::Running)},
            {static_cast<std::int64_t>(FutureStatus::Running),
             static_cast<std::int64_t>(FutureStatus::Finished)}};
        QCOMPARE(transitions, expected);
    }
};

QTEST_GUILESS_MAIN(TestFuture)
#include "tst_future.moc"
