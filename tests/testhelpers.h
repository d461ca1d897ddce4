#pragma once
// Polling helpers shared by the suites: wait for a condition instead of sleeping a fixed time.

#include <QElapsedTimer>
#include <QTest>

#include <chrono>
#include <csignal>
#include <sys/wait.h>
#include <thread>

namespace poolscope::test {

// Polls `pred` on this thread until it holds or `ms` have passed; for effects of other threads or
// processes. Checks once more at the deadline, so a condition met during the last nap counts.
template <class Pred> bool waitFor(Pred&& pred, qint64 ms = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!pred()) {
        if (t.elapsed() > ms)
            return pred();
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return true;
}

// What `f` threw as an E (its what()), for rows that check a reader's one-line error; when it threw
// nothing, a text no expected message starts with. Any other exception fails the test as QtTest does.
template <class E, class F> QString thrownMessage(F&& f)
{
    try {
        f();
    } catch (const E& e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("(nothing was thrown)");
}

// The same, but runs this thread's Qt event loop between checks: for conditions that queued signals
// or timers make true.
template <class Pred> bool waitForEvents(Pred&& pred, qint64 ms = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!pred()) {
        if (t.elapsed() > ms)
            return pred();
        QTest::qWait(10);
    }
    return true;
}

// Reaps child `pid` if it exits within `ms`; otherwise kills and reaps it, so no zombie is left.
// True when it exited by itself in time; `status` gets its wait status either way.
inline bool reapWithin(pid_t pid, int& status, qint64 ms)
{
    pid_t r = 0;
    waitFor([&] { return (r = ::waitpid(pid, &status, WNOHANG)) != 0; }, ms);
    if (r == 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
    }
    return r == pid;
}

} // namespace poolscope::test
