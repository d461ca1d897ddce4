// The chip animator and the GIL token's glide as functions of the clock
// passed in: where a chip or the token is at each moment of a move.

#include "ui/diagram/chipanimator.h"

#include <QtTest>

using namespace poolscope;
using namespace poolscope::ui;

class TstUiChipAnimator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void easeInOutStartsAndLandsGently_data()
    {
        QTest::addColumn<double>("u");
        QTest::addColumn<double>("eased");
        QTest::newRow("start") << 0.0 << 0.0;
        QTest::newRow("a quarter: slow start") << 0.25 << 0.15625;
        QTest::newRow("middle: symmetric") << 0.5 << 0.5;
        QTest::newRow("three quarters: slow landing") << 0.75 << 0.84375;
        QTest::newRow("end") << 1.0 << 1.0;
    }
    void easeInOutStartsAndLandsGently()
    {
        QFETCH(double, u);
        QFETCH(double, eased);
        QCOMPARE(easeInOut(u), eased);
    }

    void glideFollowsTheClock_data()
    {
        QTest::addColumn<qint64>("duration");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<QPointF>("at");
        // From (0, 0) to (100, 40), starting at t = 1000.
        QTest::newRow("at the start: where it was") << qint64(100) << qint64(1000) << QPointF(0, 0);
        QTest::newRow("before the start: where it was") << qint64(100) << qint64(900) << QPointF(0, 0);
        QTest::newRow("a quarter of the time") << qint64(100) << qint64(1025) << QPointF(15.625, 6.25);
        QTest::newRow("half the time: half the way") << qint64(100) << qint64(1050) << QPointF(50, 20);
        QTest::newRow("the end: exactly the target") << qint64(100) << qint64(1100) << QPointF(100, 40);
        QTest::newRow("long after: the target") << qint64(100) << qint64(5000) << QPointF(100, 40);
        QTest::newRow("no duration: jumps") << qint64(0) << qint64(1000) << QPointF(100, 40);
    }
    void glideFollowsTheClock()
    {
        QFETCH(qint64, duration);
        QFETCH(qint64, now);
        QFETCH(QPointF, at);
        QCOMPARE(glideAt(QPointF(0, 0), QPointF(100, 40), 1000, duration, now), at);
    }

    void tokenGlidesFromWhereItWasDrawn_data()
    {
        QTest::addColumn<qint64>("retargetAt"); // when the second target comes
        QTest::addColumn<QPointF>("from");      // where the second move starts
        QTest::newRow("after landing: from the first target") << qint64(1200) << QPointF(0, 100);
        QTest::newRow("mid-flight: from where it was drawn") << qint64(1050) << QPointF(0, 50);
    }
    void tokenGlidesFromWhereItWasDrawn()
    {
        QFETCH(qint64, retargetAt);
        QFETCH(QPointF, from);
        const QPointF home(-10, -10);
        TokenGlide g;
        QVERIFY(!g.placed());
        QCOMPARE(g.advance(500, 100, home), home); // no holder seen yet: it rests at home
        g.retarget(QPointF(0, 0), 900);            // the first target places it at once
        QVERIFY(g.placed());
        QCOMPARE(g.advance(900, 100, home), QPointF(0, 0));
        QVERIFY(!g.moving());
        g.retarget(QPointF(0, 100), 1000);
        QCOMPARE(g.advance(1050, 100, home), QPointF(0, 50));
        QVERIFY(g.moving());
        if (retargetAt >= 1100)
            QCOMPARE(g.advance(retargetAt, 100, home), QPointF(0, 100));
        g.retarget(QPointF(100, 100), retargetAt);
        QCOMPARE(g.advance(retargetAt, 100, home), from);
        QCOMPARE(g.advance(retargetAt + 50, 100, home), (from + QPointF(100, 100)) / 2);
        QCOMPARE(g.advance(retargetAt + 100, 100, home), QPointF(100, 100));
        QVERIFY(!g.moving());
        // Retargeting to where it already is starts no move.
        g.retarget(QPointF(100, 100), retargetAt + 500);
        QCOMPARE(g.advance(retargetAt + 510, 100, home), QPointF(100, 100));
        // A new run: the next holder places it again, without a flight.
        g.reset();
        QVERIFY(!g.placed());
        g.retarget(QPointF(7, 7), retargetAt + 600);
        QCOMPARE(g.advance(retargetAt + 610, 100, home), QPointF(7, 7));
    }

    void animatorFliesChipsAndLandsThem()
    {
        ChipAnimator a;
        a.setDurationNs(100);
        const QPointF spawn(0, 0);
        std::vector<ChipView> targets{{7, QPointF(100, 0), ChipPlace::WorkQueue, -1}};
        auto noFuture = [](std::int64_t) { return std::optional<QPointF>(); };
        a.update(targets, spawn, 1000, noFuture);
        QCOMPARE(a.positions(1000).front().center, spawn);
        QCOMPARE(a.positions(1050).front().center, QPointF(50, 0)); // smoothstep is symmetric at the middle
        QCOMPARE(a.positions(1100).front().center, QPointF(100, 0));
        QVERIFY(a.animating(1050));
        QVERIFY(!a.animating(1100));
        // Moves on from where it is.
        targets[0].center = QPointF(100, 100);
        a.update(targets, spawn, 1100, noFuture);
        QCOMPARE(a.positions(1200).front().center, QPointF(100, 100));
        // Gone from the targets: flies to its future, then is dropped.
        auto toFuture = [](std::int64_t) { return std::optional<QPointF>(QPointF(-50, 0)); };
        a.update({}, spawn, 1200, toFuture);
        QCOMPARE(a.size(), std::size_t(1));
        QCOMPARE(a.positions(1250).front().center, QPointF(25, 50)); // half way to its future
        QCOMPARE(a.positions(1250).front().place, ChipPlace::Future);
        QVERIFY(a.positions(1300).empty()); // landed: the future cell shows it now
        a.prune(1300);
        QCOMPARE(a.size(), std::size_t(0));
    }

    void animatorJumpsWhenTooMuchMovesAtOnce()
    {
        ChipAnimator a;
        a.setDurationNs(100);
        auto noFuture = [](std::int64_t) { return std::optional<QPointF>(); };
        std::vector<ChipView> many;
        for (int i = 0; i < static_cast<int>(ChipAnimator::kMaxMovesPerFrame) + 1; ++i)
            many.push_back({i, QPointF(10.0 * i, 5), ChipPlace::WorkQueue, -1});
        a.update(many, QPointF(0, 0), 1000, noFuture);
        // A fast run: every chip is where the scene says at once, nothing flies.
        for (const ChipView& v : a.positions(1000))
            QCOMPARE(v.center, QPointF(10.0 * static_cast<double>(v.task), 5));
        QVERIFY(!a.animating(1000));
        // Few moves: they fly again.
        many.resize(3);
        many[0].center = QPointF(0, 50);
        a.update(many, QPointF(0, 0), 2000, noFuture);
        QVERIFY(a.animating(2050));
    }
};

QTEST_GUILESS_MAIN(TstUiChipAnimator)
#include "tst_uichipanimator.moc"
