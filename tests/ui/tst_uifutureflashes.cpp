// Futures flash as they resolve: which state changes start a flash, how the
// glow fades with the clock, and the bounds under a flood of completions.

#include "tests/ui/uitesthelpers.h"
#include "ui/diagram/futureflashes.h"

#include <QtTest>

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::uitest::EventScript;

namespace {
constexpr std::int64_t kT0 = 5'000'000'000;
} // namespace

class TstUiFutureFlashes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resolvedFuturesFlash_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<bool>("flashes");
        QTest::newRow("finished") << int(FutureStatus::Running) << int(FutureStatus::Finished) << true;
        QTest::newRow("cancelled") << int(FutureStatus::Pending) << int(FutureStatus::Cancelled) << true;
        QTest::newRow("cancelled and notified")
            << int(FutureStatus::Cancelled) << int(FutureStatus::CancelledAndNotified) << true;
        QTest::newRow("started running: no flash")
            << int(FutureStatus::Pending) << int(FutureStatus::Running) << false;
    }
    void resolvedFuturesFlash()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(bool, flashes);
        EventScript s;
        s.state(1, 7, FutureStatus(from), FutureStatus(to));
        s.add(EventKind::TaskEnd, 1, 8, 1'000'000, 0); // not a future's state: never flashes
        FutureFlashes f;
        f.note(s.events(), kT0);
        QCOMPARE(f.size(), std::size_t(flashes ? 1 : 0));
        QCOMPARE(f.glow(7, kT0) > 0, flashes);
        QCOMPARE(f.glow(8, kT0), 0.0);
        QCOMPARE(f.active(kT0), flashes);
    }

    void glowFadesWithTheClock_data()
    {
        QTest::addColumn<qint64>("after");
        QTest::addColumn<double>("glow");
        QTest::newRow("as it resolves: full") << qint64(0) << 1.0;
        QTest::newRow("a quarter through") << qint64(FutureFlashes::kDurationNs / 4) << 0.75;
        QTest::newRow("half way") << qint64(FutureFlashes::kDurationNs / 2) << 0.5;
        QTest::newRow("over: none") << qint64(FutureFlashes::kDurationNs) << 0.0;
        QTest::newRow("long after: none") << qint64(10 * FutureFlashes::kDurationNs) << 0.0;
    }
    void glowFadesWithTheClock()
    {
        QFETCH(qint64, after);
        QFETCH(double, glow);
        EventScript s;
        s.state(1, 3, FutureStatus::Running, FutureStatus::Finished);
        FutureFlashes f;
        f.note(s.events(), kT0);
        QCOMPARE(f.glow(3, kT0 + after), glow);
        QCOMPARE(f.active(kT0 + after), glow > 0);
    }

    void aFloodOfCompletionsIsBounded()
    {
        // More futures resolve in one frame than anyone could see flash: only the first ones do.
        EventScript s;
        const int n = static_cast<int>(FutureFlashes::kMaxFlashes) + 100;
        for (int i = 0; i < n; ++i)
            s.state(1, i, FutureStatus::Running, FutureStatus::Finished);
        FutureFlashes f;
        f.note(s.events(), kT0);
        QCOMPARE(f.size(), FutureFlashes::kMaxFlashes);
        QVERIFY(f.glow(0, kT0) > 0);
        QCOMPARE(f.glow(n - 1, kT0), 0.0);
        // A later frame drops the flashes that are over before it keeps more.
        EventScript later;
        later.state(1, 100'000, FutureStatus::Running, FutureStatus::Finished);
        const std::int64_t t1 = kT0 + 2 * FutureFlashes::kDurationNs;
        f.note(later.events(), t1);
        QCOMPARE(f.size(), std::size_t(1));
        QVERIFY(f.glow(100'000, t1) > 0);
        // Still more than the bound while all are fresh: start over rather than grow.
        EventScript flood;
        for (int i = 0; i < static_cast<int>(FutureFlashes::kMaxFlashes); ++i)
            flood.state(1, 200'000 + i, FutureStatus::Running, FutureStatus::Finished);
        f.note(flood.events(), t1);
        QCOMPARE(f.size(), std::size_t(0));
        f.note(later.events(), t1);
        f.clear();
        QCOMPARE(f.size(), std::size_t(0));
        QVERIFY(!f.active(t1));
    }
};

QTEST_GUILESS_MAIN(TstUiFutureFlashes)
#include "tst_uifutureflashes.moc"
