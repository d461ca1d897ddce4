// MonotonicClock: what the events' stamps read agrees with clock_gettime(CLOCK_MONOTONIC) to within a
// couple of µs (a scale 2 % off would miss that by the end of a window), whether the thread reads it back
// to back or after idling past its anchor's window; it never goes back on one thread, a thread that sees
// another's write reads a later time, and on a machine whose kernel keeps time by the TSC it reads the
// counter once the process has measured the scale.
#include "core/events/monotonicclock.h"

#include <QFile>
#include <QtTest>

#include <atomic>
#include <ctime>
#include <thread>

using poolscope::MonotonicClock;

namespace {
constexpr std::int64_t kToleranceNs = 2'000;

void sleepNs(std::int64_t ns)
{
    const timespec ts{0, static_cast<long>(ns)};
    nanosleep(&ts, nullptr);
}

// Reads for `forNs` with `pauseNs` between reads; returns the worst distance outside [before, after].
std::int64_t worstStray(std::int64_t forNs, std::int64_t pauseNs)
{
    std::int64_t worst = 0;
    const std::int64_t end = MonotonicClock::systemNs() + forNs;
    for (;;) {
        const std::int64_t before = MonotonicClock::systemNs();
        const std::int64_t t = MonotonicClock::now();
        const std::int64_t after = MonotonicClock::systemNs();
        worst = std::max({worst, before - t, t - after});
        if (after > end)
            return worst;
        if (pauseNs > 0)
            sleepNs(pauseNs);
    }
}
} // namespace

class TestMonotonicClock : public QObject
{
    Q_OBJECT

private slots:
    void agreesWithClockGettime_data()
    {
        QTest::addColumn<qint64>("pauseNs");
        QTest::newRow("read back to back") << qint64{0};
        QTest::newRow("a pause shorter than the window between reads") << qint64{20'000};
        QTest::newRow("idle past the window between reads") << qint64{300'000};
    }
    void agreesWithClockGettime()
    {
        QFETCH(qint64, pauseNs);
        // Past the calibration span first, so the counter is what is checked where there is one.
        worstStray(2 * MonotonicClock::kCalibrationNs, 0);
        const std::int64_t worst = worstStray(30'000'000, pauseNs);
        QVERIFY2(worst <= kToleranceNs,
                 qPrintable(QStringLiteral("strayed %1 ns from clock_gettime").arg(worst)));
    }

    void neverGoesBackOnOneThread()
    {
        std::int64_t last = MonotonicClock::now();
        std::int64_t backs = 0;
        for (int i = 0; i < 2'000'000; ++i) {
            const std::int64_t t = MonotonicClock::now();
            if (t < last)
                ++backs;
            last = t;
        }
        QCOMPARE(backs, std::int64_t{0});
    }

    // Thread A reads the clock, then publishes; B, having seen it, reads a time no earlier (within the
    // tolerance: each thread's anchor may be ahead of the system's reading by up to 1 µs).
    void aLaterReadOnAnotherThreadIsLater()
    {
        std::atomic<std::int64_t> published{-1};
        std::atomic<bool> stop{false};
        std::int64_t worst = 0;
        std::thread reader([&] {
            std::int64_t seen = -1;
            while (!stop.load(std::memory_order_acquire)) {
                const std::int64_t a = published.load(std::memory_order_acquire);
                if (a == seen)
                    continue;
                seen = a;
                worst = std::max(worst, a - MonotonicClock::now());
            }
        });
        const std::int64_t end = MonotonicClock::systemNs() + 50'000'000;
        while (MonotonicClock::systemNs() < end)
            published.store(MonotonicClock::now(), std::memory_order_release);
        stop.store(true, std::memory_order_release);
        reader.join();
        QVERIFY2(worst <= kToleranceNs,
                 qPrintable(QStringLiteral("a later read was %1 ns earlier").arg(worst)));
    }

    void readsTheCounterWhereTheKernelKeepsTimeByIt()
    {
        QFile f(QStringLiteral("/sys/devices/system/clocksource/clocksource0/current_clocksource"));
        const bool tsc = f.open(QIODevice::ReadOnly) && f.readAll() == "tsc\n";
#if !defined(__x86_64__)
        QSKIP("no TSC on this architecture: every read is clock_gettime()");
#endif
        worstStray(2 * MonotonicClock::kCalibrationNs, 0);
        QCOMPARE(MonotonicClock::usesCounter(), tsc);
    }
};

QTEST_GUILESS_MAIN(TestMonotonicClock)
#include "tst_monotonicclock.moc"
