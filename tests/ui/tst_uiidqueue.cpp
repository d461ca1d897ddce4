// IdQueue: a scene's FIFO of task ids in chunks shared between copies. Random
// operations against std::deque, with copies taken along the way that must keep
// exactly what they held while the original (and the copy) go on writing.

#include "ui/model/idqueue.h"

#include <QtTest>

#include <deque>
#include <random>
#include <vector>

using namespace poolscope::ui;

namespace {

bool same(const IdQueue& q, const std::deque<std::int64_t>& ref)
{
    if (q.size() != ref.size() || q.empty() != ref.empty())
        return false;
    for (std::size_t i = 0; i < ref.size(); ++i)
        if (q[i] != ref[i])
            return false;
    return std::equal(q.begin(), q.end(), ref.begin(), ref.end());
}

void eraseFirst(std::deque<std::int64_t>& d, std::int64_t id)
{
    const auto it = std::find(d.begin(), d.end(), id);
    if (it != d.end())
        d.erase(it);
}

} // namespace

class TstUiIdQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesADeque_data()
    {
        QTest::addColumn<int>("pushPercent");  // the rest erase
        QTest::addColumn<int>("frontPercent"); // of the erases, how many take the front
        QTest::addColumn<int>("ops");
        QTest::newRow("a FIFO that grows past many chunks") << 70 << 100 << 20000;
        QTest::newRow("a FIFO that fills and drains") << 50 << 100 << 20000;
        QTest::newRow("erases anywhere (cancelled items)") << 60 << 30 << 20000;
        QTest::newRow("erases of ids not in the queue") << 40 << 0 << 5000;
    }
    void matchesADeque()
    {
        QFETCH(int, pushPercent);
        QFETCH(int, frontPercent);
        QFETCH(int, ops);
        std::mt19937 rng(static_cast<unsigned>(pushPercent * 100 + frontPercent));
        IdQueue q;
        std::deque<std::int64_t> ref;
        // Copies taken along the way, each with what it held: writes to q must not reach them.
        std::vector<std::pair<IdQueue, std::deque<std::int64_t>>> copies;
        std::int64_t next = 0;
        for (int i = 0; i < ops; ++i) {
            const int r = static_cast<int>(rng() % 100);
            if (r < pushPercent || ref.empty()) {
                const std::int64_t id = rng() % 50 == 0 ? -1 : next++; // -1: a sentinel, may repeat
                q.push_back(id);
                ref.push_back(id);
            } else {
                std::int64_t id;
                if (static_cast<int>(rng() % 100) < frontPercent)
                    id = ref.front();
                else if (frontPercent == 0 && rng() % 2 == 0)
                    id = next + 1000; // never pushed
                else
                    id = ref[rng() % ref.size()];
                const bool had = std::find(ref.begin(), ref.end(), id) != ref.end();
                QCOMPARE(q.erase(id), had);
                eraseFirst(ref, id);
            }
            if (i % 997 == 0)
                copies.emplace_back(q, ref);
            if (i % 1999 == 0 && !copies.empty()) {
                // A copy goes its own way too; neither side sees the other's writes.
                auto& [c, cref] = copies[rng() % copies.size()];
                c.push_back(next + 5000);
                cref.push_back(next + 5000);
                if (!cref.empty()) {
                    c.erase(cref.front());
                    cref.pop_front();
                }
            }
            QVERIFY2(same(q, ref), qPrintable(QStringLiteral("after op %1").arg(i)));
        }
        for (const auto& [c, cref] : copies)
            QVERIFY(same(c, cref));
        IdQueue copy = q;
        QVERIFY(copy == q);
        if (!ref.empty()) {
            copy.erase(ref.back());
            QVERIFY(!(copy == q));
        }
        q.clear();
        QVERIFY(q.empty());
        QVERIFY(q.begin() == q.end());
    }

    // A copy costs its chunk table; the chunks themselves stay shared until written.
    void copiesShareTheirChunks()
    {
        IdQueue q;
        for (std::int64_t i = 0; i < 64 * 100; ++i)
            q.push_back(i);
        const std::size_t alone = q.heapBytes();
        const IdQueue copy = q;
        QVERIFY(copy.copyBytes() < alone / 10);
        QVERIFY(q.heapBytes() < alone * 6 / 10); // each owner counts half of every chunk
        q.push_back(-1);                         // writes the last chunk (or a new one) only
        QCOMPARE(copy.size(), std::size_t(6400));
        QCOMPARE(copy[6399], std::int64_t(6399));
        QCOMPARE(q[6400], std::int64_t(-1));
    }
};

QTEST_GUILESS_MAIN(TstUiIdQueue)
#include "tst_uiidqueue.moc"
