// WorkIdMap: the flat work id table holds what a std::unordered_map would, through
// inserts, replacements, takes and erases, for the pool's sliding window of ids and
// for keys that all share a home slot (the backward shift must keep them findable).
#include "core/process/workidmap.h"

#include <QtTest>

#include <map>
#include <memory>
#include <random>

using poolscope::WorkIdMap;

class TestWorkIdMap : public QObject
{
    Q_OBJECT

private slots:
    // A random mix of operations on keys drawn by `pattern`, checked against std::map after each.
    void matchesAStdMap_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<int>("operations");
        QTest::newRow("sliding window (the pool's work ids)") << QStringLiteral("window") << 20000;
        QTest::newRow("keys sharing a home slot") << QStringLiteral("collide") << 5000;
        QTest::newRow("random keys, negative too") << QStringLiteral("random") << 20000;
    }
    void matchesAStdMap()
    {
        QFETCH(QString, pattern);
        QFETCH(int, operations);
        std::mt19937_64 rng(7);
        std::map<std::int64_t, std::int64_t> expected;
        WorkIdMap<std::int64_t> table;
        std::int64_t next = 0;
        const auto key = [&]() -> std::int64_t {
            if (pattern == QLatin1String("window"))
                return next - static_cast<std::int64_t>(rng() % 40); // recent ids, some not issued yet
            if (pattern == QLatin1String("collide"))
                return static_cast<std::int64_t>(rng() % 64) * 1024; // one home slot up to 1,024 slots
            return static_cast<std::int64_t>(rng() % 4000) - 2000;
        };
        for (int i = 0; i < operations; ++i) {
            const auto op = rng() % 4;
            if (op < 2) {
                const std::int64_t k = pattern == QLatin1String("window") ? next++ : key();
                const auto v = static_cast<std::int64_t>(rng());
                table.assign(k, v);
                expected[k] = v;
            } else if (op == 2) {
                const std::int64_t k = key();
                std::int64_t out = -1;
                const bool took = table.take(k, out);
                const auto it = expected.find(k);
                QCOMPARE(took, it != expected.end());
                if (took) {
                    QCOMPARE(out, it->second);
                    expected.erase(it);
                }
            } else {
                const std::int64_t k = key();
                QCOMPARE(table.erase(k), expected.erase(k) == 1);
            }
            QCOMPARE(table.size(), expected.size());
        }
        for (const auto& [k, v] : expected) {
            const std::int64_t* found = table.find(k);
            QVERIFY2(found, qPrintable(QStringLiteral("key %1 lost").arg(k)));
            QCOMPARE(*found, v);
        }
        std::map<std::int64_t, std::int64_t> seen;
        table.forEach([&](std::int64_t k, std::int64_t v) { seen[k] = v; });
        QCOMPARE(seen, expected);
        table.clear();
        QVERIFY(table.empty());
        QVERIFY(!table.find(expected.empty() ? 0 : expected.begin()->first));
    }

    // A taken or erased value is released at once (a pending item's future must not live on in the table).
    void releasesValues()
    {
        WorkIdMap<std::shared_ptr<int>> table;
        auto a = std::make_shared<int>(1);
        auto b = std::make_shared<int>(2);
        table.assign(3, a);
        table.assign(19, b); // same home slot as 3 in the first 16 slots: b sits behind a
        QCOMPARE(a.use_count(), 2);
        QVERIFY(table.erase(3));
        QCOMPARE(a.use_count(), 1);
        QCOMPARE(b.use_count(), 2); // moved over the hole, not copied
        std::shared_ptr<int> out;
        QVERIFY(table.take(19, out));
        QCOMPARE(out, b);
        QCOMPARE(b.use_count(), 2); // b and out
        QVERIFY(table.empty());
    }
};

QTEST_GUILESS_MAIN(TestWorkIdMap)
#include "tst_workidmap.moc"
