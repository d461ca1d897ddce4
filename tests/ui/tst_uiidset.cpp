// IdSet: a scene's ordered set of task ids in sorted chunks shared between
// copies. Random operations against std::set, with copies taken along the way
// that must keep exactly what they held while the original goes on writing.

#include "ui/model/idset.h"

#include <QtTest>

#include <random>
#include <set>
#include <vector>

using namespace poolscope::ui;

namespace {

bool same(const IdSet& s, const std::set<std::int64_t>& ref)
{
    if (s.size() != ref.size() || s.empty() != ref.empty())
        return false;
    return std::equal(s.begin(), s.end(), ref.begin(), ref.end());
}

} // namespace

class TstUiIdSet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesASet_data()
    {
        QTest::addColumn<int>("insertPercent"); // the rest erase
        QTest::addColumn<bool>("inOrder");      // ids arrive increasing and leave oldest first
        QTest::addColumn<int>("range");         // random ids in 0..range
        QTest::addColumn<int>("ops");
        QTest::newRow("pending work items: in order, oldest leave first") << 60 << true << 0 << 20000;
        QTest::newRow("random ids, a dense range (many duplicates)") << 55 << false << 300 << 20000;
        QTest::newRow("random ids, a wide range (many chunk splits)") << 70 << false << 1000000 << 20000;
        QTest::newRow("mostly erases of ids not in the set") << 20 << false << 100000 << 5000;
    }
    void matchesASet()
    {
        QFETCH(int, insertPercent);
        QFETCH(bool, inOrder);
        QFETCH(int, range);
        QFETCH(int, ops);
        std::mt19937 rng(static_cast<unsigned>(insertPercent * 7 + range));
        IdSet s;
        std::set<std::int64_t> ref;
        std::vector<std::pair<IdSet, std::set<std::int64_t>>> copies;
        std::int64_t next = 0;
        for (int i = 0; i < ops; ++i) {
            const bool insert = static_cast<int>(rng() % 100) < insertPercent;
            std::int64_t id;
            if (inOrder)
                id = insert ? next++ : (ref.empty() || rng() % 4 == 0 ? next / 2 : *ref.begin());
            else
                id = static_cast<std::int64_t>(rng() % static_cast<unsigned>(range + 1)) - 1;
            if (insert)
                QCOMPARE(s.insert(id), ref.insert(id).second);
            else
                QCOMPARE(s.erase(id), ref.erase(id) == 1);
            QCOMPARE(s.contains(id), ref.count(id) == 1);
            if (i % 997 == 0)
                copies.emplace_back(s, ref);
            if (i % 1999 == 0 && !copies.empty()) {
                auto& [c, cref] = copies[rng() % copies.size()];
                const std::int64_t mine = static_cast<std::int64_t>(rng() % 2000000);
                QCOMPARE(c.insert(mine), cref.insert(mine).second);
                if (!cref.empty()) {
                    const std::int64_t first = *cref.begin();
                    QVERIFY(c.erase(first));
                    cref.erase(first);
                }
            }
            QVERIFY2(same(s, ref), qPrintable(QStringLiteral("after op %1").arg(i)));
        }
        for (const auto& [c, cref] : copies)
            QVERIFY(same(c, cref));
        IdSet copy = s;
        QVERIFY(copy == s);
        QVERIFY(copy.insert(-5)); // below every id
        QVERIFY(!(copy == s));
        QVERIFY(!s.contains(-5));
        s.clear();
        QVERIFY(s.empty());
        QVERIFY(s.begin() == s.end());
    }

    void copiesShareTheirChunks()
    {
        IdSet s;
        for (std::int64_t i = 0; i < 10000; ++i)
            s.insert(i);
        const std::size_t alone = s.heapBytes();
        const IdSet copy = s;
        QVERIFY(copy.copyBytes() < alone / 10);
        QVERIFY(s.erase(0));
        QVERIFY(copy.contains(0));
        QCOMPARE(copy.size(), std::size_t(10000));
        QCOMPARE(s.size(), std::size_t(9999));
    }
};

QTEST_GUILESS_MAIN(TstUiIdSet)
#include "tst_uiidset.moc"
