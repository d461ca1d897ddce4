// sharedsync: the cross-process lock records its owner, and a lock whose owner
// died holding it is taken back once the owner is reaped.
#include "core/sync/sharedsync.h"

#include <QtTest>

#include <csignal>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace poolscope::sharedsync;

namespace {

SharedMutex* sharedMutex()
{
    void* mem = mmap(nullptr, sizeof(SharedMutex), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return mem == MAP_FAILED ? nullptr : new (mem) SharedMutex;
}

// waitpid with a bound: true if it ended within `ms` (and was reaped).
bool reapedWithin(pid_t pid, int ms, int* status)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        if (waitpid(pid, status, WNOHANG) == pid)
            return true;
        QThread::msleep(2);
    }
    kill(pid, SIGKILL);
    waitpid(pid, status, 0);
    return false;
}

} // namespace

class TestSharedSync : public QObject
{
    Q_OBJECT

private slots:
    void lockRecordsItsOwner()
    {
        SharedMutex* m = sharedMutex();
        QVERIFY(m);
        QCOMPARE(m->owner(), 0u);
        m->lock(4242);
        QCOMPARE(m->owner(), 4242u);
        QVERIFY(!m->try_lock(17));
        QVERIFY(!m->recoverFrom(17)); // not the owner: nothing happens
        QCOMPARE(m->owner(), 4242u);
        m->unlock();
        QCOMPARE(m->owner(), 0u);
        munmap(m, sizeof(SharedMutex));
    }

    void lockOfADeadOwnerIsRecovered_data()
    {
        QTest::addColumn<bool>("waiterBeforeRecovery");
        QTest::newRow("a sibling already asleep on it") << true;
        QTest::newRow("nobody waiting yet") << false;
    }
    void lockOfADeadOwnerIsRecovered()
    {
        QFETCH(bool, waiterBeforeRecovery);
        SharedMutex* m = sharedMutex();
        QVERIFY(m);
        // The owner takes the lock and dies holding it (SIGKILL, no unlock).
        const pid_t owner = fork();
        if (owner == 0) {
            m->lock(static_cast<std::uint32_t>(getpid()));
            raise(SIGKILL);
            _exit(3);
        }
        int status = 0;
        QVERIFY(reapedWithin(owner, 5000, &status));
        QVERIFY(WIFSIGNALED(status));
        QCOMPARE(m->owner(), static_cast<std::uint32_t>(owner));

        const auto startSibling = [m] {
            const pid_t sibling = fork();
            if (sibling == 0) {
                m->lock(static_cast<std::uint32_t>(getpid()));
                m->unlock();
                _exit(0);
            }
            return sibling;
        };
        pid_t sibling = -1;
        if (waiterBeforeRecovery) {
            sibling = startSibling();
            // Without recovery it would sleep on the dead owner's lock for ever.
            QTest::qWait(200);
            QCOMPARE(waitpid(sibling, &status, WNOHANG), 0);
        }
        QVERIFY(m->recoverFrom(static_cast<std::uint32_t>(owner)));
        QCOMPARE(m->owner(), 0u);
        if (sibling < 0)
            sibling = startSibling();
        QVERIFY(reapedWithin(sibling, 5000, &status));
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
        QVERIFY(!m->recoverFrom(static_cast<std::uint32_t>(owner))); // only once
        munmap(m, sizeof(SharedMutex));
    }
};

QTEST_GUILESS_MAIN(TestSharedSync)
#include "tst_sharedsync.moc"
