// EventGate: pause / step / resume for the event stream, across threads and fork().

#include "core/events/eventgate.h"
#include "core/events/recorder.h"
#include "tests/testhelpers.h"

#include <QtTest>

#include <chrono>
#include <csignal>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace poolscope;

namespace {

// Threads that emit `count` events each; joined (after opening the gate) even when a check fails.
struct Emitters
{
    std::vector<std::thread> threads;
    std::shared_ptr<EventGate> gate;
    Emitters(const EventStreamPtr& stream, std::shared_ptr<EventGate> g, int n, int count,
             std::uint16_t executor = 1)
        : gate(std::move(g))
    {
        for (int i = 0; i < n; ++i)
            threads.emplace_back([stream, count, executor] {
                for (int k = 0; k < count; ++k)
                    stream->publish(EventKind::Submit, executor, 0, k);
            });
    }
    void join()
    {
        for (auto& t : threads)
            if (t.joinable())
                t.join();
    }
    ~Emitters()
    {
        if (gate)
            gate->resume();
        join();
    }
};

bool readable(int fd, int ms)
{
    pollfd p{fd, POLLIN, 0};
    return poll(&p, 1, ms) > 0;
}

} // namespace

class TestEventGate : public QObject
{
    Q_OBJECT

private slots:
    void pauseStepResume_data()
    {
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("grant");
        QTest::newRow("one emitter, step one at a time") << 1 << 1;
        QTest::newRow("three emitters, step one at a time") << 3 << 1;
        QTest::newRow("three emitters, step(3) lets exactly three through") << 3 << 3;
    }
    void pauseStepResume()
    {
        QFETCH(int, threads);
        QFETCH(int, grant);
        auto recorder = std::make_shared<Recorder>();
        auto stream = std::make_shared<EventStream>(recorder);
        auto gate = std::make_shared<EventGate>();
        stream->setGate(gate);
        gate->pause();
        QVERIFY(gate->paused());
        const int perThread = 20; // more than 4 rounds of steps, so nobody finishes early
        Emitters emitters(stream, gate, threads, perThread);

        QVERIFY(gate->waitForWaiting(threads, 5.0));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        QCOMPARE(recorder->size(), 0u); // paused: nobody got through

        std::size_t expected = 0;
        for (int round = 0; round < 4; ++round) {
            gate->step(grant);
            expected += static_cast<std::size_t>(grant);
            QVERIFY(test::waitFor([&] { return recorder->size() >= expected; }));
            QVERIFY(gate->waitForWaiting(threads, 5.0)); // everyone blocked again
            QCOMPARE(recorder->size(), expected);        // ... after exactly `grant` events
            QCOMPARE(gate->credits(), 0);
        }
        gate->resume();
        QVERIFY(!gate->paused());
        emitters.join();
        QCOMPARE(recorder->size(), static_cast<std::size_t>(threads * perThread));
    }

    void stepWorksAcrossFork_data()
    {
        QTest::addColumn<bool>("closeInsteadOfResume");
        QTest::newRow("resume releases the child") << false;
        QTest::newRow("close releases the child") << true;
    }
    void stepWorksAcrossFork()
    {
        QFETCH(bool, closeInsteadOfResume);
        auto gate = std::make_unique<EventGate>();
        gate->pause();
        int fds[2];
        QCOMPARE(pipe(fds), 0);
        const EventGate::Handle handle = gate->handle();
        const pid_t pid = fork();
        if (pid == 0) {
            // Single-threaded child: only the shared page, futex syscalls and write().
            for (int i = 0; i < 6; ++i) {
                handle.pass(1);
                const char b = 'x';
                if (write(fds[1], &b, 1) != 1)
                    _exit(2);
            }
            _exit(0);
        }
        QVERIFY(pid > 0);
        ::close(fds[1]);
        auto reap = qScopeGuard([&] {
            gate->close();
            int st = 0;
            waitpid(pid, &st, 0);
            ::close(fds[0]);
        });
        QVERIFY(gate->waitForWaiting(1, 5.0));
        QVERIFY(!readable(fds[0], 30)); // the other process is stopped at its gate
        for (int i = 0; i < 2; ++i) {
            gate->step();
            QVERIFY(readable(fds[0], 5000));
            char b;
            QCOMPARE(read(fds[0], &b, 1), 1);
            QVERIFY(gate->waitForWaiting(1, 5.0));
            QVERIFY(!readable(fds[0], 30)); // exactly one step
        }
        if (closeInsteadOfResume)
            gate->close();
        else
            gate->resume();
        int status = 0;
        QCOMPARE(waitpid(pid, &status, 0), pid);
        reap.dismiss();
        ::close(fds[0]);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
    }

    void orphanedWorkerLetsItselfGo()
    {
        // A middle process (standing in for the GUI) makes a gate, pauses it, forks a worker
        // that blocks at the gate, then dies without resuming. Nobody can step the worker
        // again, so it must let itself go. As a subreaper this test inherits the orphan.
        QVERIFY(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
        auto unset = qScopeGuard([] { ::prctl(PR_SET_CHILD_SUBREAPER, 0); });
        int fds[2];
        QCOMPARE(pipe(fds), 0);
        const pid_t middle = fork();
        if (middle == 0) {
            ::close(fds[0]);
            EventGate gate;
            gate.pause();
            const EventGate::Handle handle = gate.handle();
            const pid_t worker = fork();
            if (worker == 0) {
                handle.pass(1);
                _exit(7);
            }
            if (worker < 0 || !gate.waitForWaiting(1, 5.0))
                _exit(2);
            if (write(fds[1], &worker, sizeof worker) != sizeof worker)
                _exit(3);
            _exit(0); // dies with the gate still paused
        }
        QVERIFY(middle > 0);
        ::close(fds[1]);
        pid_t worker = -1;
        const bool gotPid = read(fds[0], &worker, sizeof worker) == sizeof worker;
        ::close(fds[0]);
        int status = 0;
        QCOMPARE(waitpid(middle, &status, 0), middle);
        QVERIFY(gotPid);
        QVERIFY2(test::reapWithin(worker, status, 5000), "the orphaned worker stayed blocked at the gate");
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 7);
    }

    void destructionWhilePausedDoesNotHang_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("gate removed from the stream") << QStringLiteral("remove");
        QTest::newRow("gate replaced by a running one") << QStringLiteral("replace");
        QTest::newRow("standalone gate destroyed under a blocked thread") << QStringLiteral("destroy");
        QTest::newRow("stream destroyed after its emitters left") << QStringLiteral("stream");
    }
    void destructionWhilePausedDoesNotHang()
    {
        QFETCH(QString, how);
        auto recorder = std::make_shared<Recorder>();
        auto stream = std::make_shared<EventStream>(recorder);
        auto* raw = new EventGate;
        std::shared_ptr<EventGate> gate(raw);
        raw->pause();
        std::thread t;
        if (how == QLatin1String("destroy")) {
            t = std::thread([raw] { raw->pass(1); });
        } else {
            stream->setGate(gate);
            t = std::thread([stream] { stream->publish(EventKind::Submit, 1, 0, -1); });
        }
        QVERIFY(raw->waitForWaiting(1, 5.0));
        if (how == QLatin1String("remove")) {
            stream->setGate(nullptr);
        } else if (how == QLatin1String("replace")) {
            stream->setGate(std::make_shared<EventGate>());
        } else if (how == QLatin1String("destroy")) {
            gate.reset(); // last owner: ~EventGate closes, waits for the thread to leave, unmaps
        } else {
            gate.reset();
            stream->setGate(nullptr); // closes it; the stream still owns it until it dies
        }
        t.join();
        if (how != QLatin1String("destroy"))
            QCOMPARE(recorder->size(), 1u);
        stream.reset();
    }

    void releasedExecutorPassesOthersStayPaused()
    {
        auto recorder = std::make_shared<Recorder>();
        auto stream = std::make_shared<EventStream>(recorder);
        auto gate = std::make_shared<EventGate>();
        stream->setGate(gate);
        gate->pause();
        Emitters five(stream, gate, 1, 3, 5);
        Emitters six(stream, nullptr, 1, 3, 6);
        QVERIFY(gate->waitForWaiting(2, 5.0));
        gate->releaseExecutor(5);
        five.join();
        QVERIFY(gate->waitForWaiting(1, 5.0));
        QCOMPARE(recorder->size(), 3u);
        for (const Event& e : recorder->events())
            QCOMPARE(e.executor, 5);
        gate->resume();
        six.join();
        QCOMPARE(recorder->size(), 6u);
    }

    void pauseAfterCloseStaysOpen()
    {
        EventGate gate;
        gate.close();
        gate.pause();
        QCOMPARE(gate.mode(), EventGate::Mode::Closed);
        QVERIFY(!gate.pass(1));
    }

    // The run clock: held time does not count, in the process that made the gate and in a
    // forked one, which reads the same clock from the shared page.
    void runClockStandsStillWhileHeld_data()
    {
        QTest::addColumn<bool>("heldByChild");
        QTest::newRow("held by a thread of this process") << false;
        QTest::newRow("held by a forked process") << true;
    }
    void runClockStandsStillWhileHeld()
    {
        QFETCH(bool, heldByChild);
        auto gate = std::make_shared<EventGate>();
        const EventGate::Handle handle = gate->handle();
        QVERIFY(!gate->held());
        const std::int64_t r0 = gate->runNowNs();
        gate->pause();
        int fds[2];
        QCOMPARE(pipe(fds), 0);
        pid_t pid = -1;
        std::thread emitter;
        if (heldByChild) {
            pid = fork();
            if (pid == 0) {
                handle.pass(1);
                // After the hold: this process's run clock, for the parent to compare.
                const std::int64_t r = handle.runNowNs();
                _exit(write(fds[1], &r, sizeof r) == sizeof r ? 0 : 2);
            }
            QVERIFY(pid > 0);
        } else {
            emitter = std::thread([&] {
                handle.pass(1);
                const std::int64_t r = handle.runNowNs();
                [[maybe_unused]] const ssize_t n = write(fds[1], &r, sizeof r);
            });
        }
        auto cleanup = qScopeGuard([&] {
            gate->close();
            if (emitter.joinable())
                emitter.join();
            if (pid > 0)
                waitpid(pid, nullptr, 0);
            ::close(fds[0]);
            ::close(fds[1]);
        });
        QVERIFY(gate->waitForWaiting(1, 5.0));
        QVERIFY(gate->held());
        const std::int64_t heldAt = gate->runNowNs();
        const std::int64_t wall0 = nowNs();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        // 300 ms of wall time passed; none of it on the run clock.
        QCOMPARE(gate->runNowNs(), heldAt);
        QVERIFY(gate->heldTotalNs() >= nowNs() - wall0 - 1'000'000);
        gate->resume();
        QVERIFY(readable(fds[0], 5000));
        std::int64_t theirs = 0;
        QCOMPARE(read(fds[0], &theirs, sizeof theirs), static_cast<ssize_t>(sizeof theirs));
        const std::int64_t ours = gate->runNowNs();
        // The emitter's clock went on from where it stood, on the same clock as ours.
        QVERIFY(theirs >= heldAt);
        QVERIFY(ours >= theirs);
        QVERIFY2(ours - theirs < 200'000'000, "the forked reader sees the same clock");
        QVERIFY(!gate->held());
        // Everything since the start minus what was held: less than the wall time by >= 300 ms.
        QVERIFY(ours - r0 <= nowNs() - r0 - 299'000'000);
    }

    void noGateMeansNoWaiting()
    {
        auto recorder = std::make_shared<Recorder>();
        EventStream stream(recorder);
        QVERIFY(stream.gate() == nullptr);
        stream.setGate(nullptr);
        for (int i = 0; i < 1000; ++i)
            stream.publish(EventKind::Submit, 1, 0, i);
        QCOMPARE(recorder->size(), 1000u);
    }
};

QTEST_GUILESS_MAIN(TestEventGate)
#include "tst_eventgate.moc"
