// What a run tells the person watching (ui/run/noticetext.h): each notice worded in English with
// its numbers in units, and, from real runs in Chinese, every message the controller puts on the
// screen is Chinese: nothing but Python's own names is left in English, and no duration is printed
// as a raw number of seconds.

#include "controllerpump.h"
#include "ui/run/eventbridge.h"
#include "ui/run/noticetext.h"
#include "ui/run/runcontroller.h"

#include <QRegularExpression>
#include <QtTest>

#include <memory>
#include <thread>

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::uitest::pump;

Q_DECLARE_METATYPE(poolscope::CallerNotice)

namespace {

AfterTimeout after(const char* action, const char* requested, std::int64_t running, double cost)
{
    AfterTimeout a;
    a.action = action;
    a.requested = requested;
    a.stillRunning = running;
    a.costS = cost;
    return a;
}

// The English words left once Python's own names are taken out: an exception and its message
// (as Python words it), calls ("shutdown(wait=True)"), identifiers with an underscore
// ("on_timeout cancel", "kill_worker_after"), signals, constants, the with statement's keyword and
// "future" (the object's name, kept in the Chinese texts as the tutorial keeps it).
QStringList englishWords(QString text)
{
    static const QRegularExpression exception(QStringLiteral(R"(\b([A-Za-z]*Error|BrokenProcessPool)\b.*$)"));
    text.remove(exception);
    static const QRegularExpression python(QStringLiteral(
        R"([A-Za-z_][A-Za-z0-9_.]*\([^()]*\)|on_timeout [a-z]+|\b[a-z]+(_[a-z]+)+\b|\bSIG[A-Z]+\b|)"
        R"(\b(True|False|None|with|future)\b)"));
    text.remove(python);
    QStringList words;
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    for (auto it = word.globalMatch(text); it.hasNext();)
        words << it.next().captured();
    return words;
}

bool hasChinese(const QString& text)
{
    return std::any_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff; });
}

} // namespace

class TstUiNoticeText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void durationReadsInUnits_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("microseconds") << 350e-6 << QStringLiteral("350 µs");
        QTest::newRow("a few milliseconds, one decimal") << 0.00818389 << QStringLiteral("8.2 ms");
        QTest::newRow("9.96 ms rounds to 10 ms, not 10.0") << 0.00996 << QStringLiteral("10 ms");
        QTest::newRow("hundreds of milliseconds") << 0.1234 << QStringLiteral("123 ms");
        QTest::newRow("what would round to 1000 µs is 1.0 ms") << 0.9996e-3 << QStringLiteral("1.0 ms");
        QTest::newRow("what would round to 1000 ms is 1.00 s") << 0.9997 << QStringLiteral("1.00 s");
        QTest::newRow("seconds, two decimals") << 1.2345 << QStringLiteral("1.23 s");
        QTest::newRow("tens of seconds, one decimal") << 12.345 << QStringLiteral("12.3 s");
    }
    void durationReadsInUnits()
    {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(NoticeText::duration(seconds), text);
    }

    void eachNoticeIsWordedInEnglish_data()
    {
        QTest::addColumn<CallerNotice>("notice");
        QTest::addColumn<QString>("text");
        QTest::newRow("wait() left futures undone")
            << CallerNotice{WaitLeftUndone{4}} << QStringLiteral("wait() returned with 4 future(s) not done");
        QTest::newRow("on_timeout wait")
            << CallerNotice{after("wait", "wait", 2, 0.00818389)}
            << QStringLiteral(
                   "on_timeout wait: the with-block's shutdown(wait=True) ran every queued and running "
                   "task to the end (2 task(s) still running when the caller gave up; this took 8.2 ms)");
        QTest::newRow("on_timeout cancel")
            << CallerNotice{after("cancel", "cancel", 1, 0.25)}
            << QStringLiteral(
                   "on_timeout cancel: shutdown(wait=True, cancel_futures=True) cancelled the queued "
                   "tasks and waited for the running ones (1 task(s) still running when the caller "
                   "gave up; this took 250 ms)");
        QTest::newRow("on_timeout terminate on threads")
            << CallerNotice{after("cancel", "terminate", 3, 1.5)}
            << QStringLiteral("on_timeout terminate: threads cannot be terminated: shutdown(wait=True, "
                              "cancel_futures=True) waited for the running tasks to finish (3 task(s) still "
                              "running when the caller gave up; this took 1.50 s)");
        QTest::newRow("on_timeout kill on processes")
            << CallerNotice{after("kill", "kill", 2, 0.0123)}
            << QStringLiteral(
                   "on_timeout kill: SIGKILL to every worker, then the with-block's shutdown(wait=True) "
                   "reaped them instead of waiting for the running tasks (2 task(s) still running when "
                   "the caller gave up; this took 12 ms)");
        QTest::newRow("kill_worker_after")
            << CallerNotice{WorkerKilled{3, 4242, 3}}
            << QStringLiteral(
                   "kill_worker_after 3: SIGKILL to worker 4242 while it ran a task, after 3 result(s)");
    }
    void eachNoticeIsWordedInEnglish()
    {
        QFETCH(CallerNotice, notice);
        QFETCH(QString, text);
        QCOMPARE(NoticeText::describe(notice), text);
    }

    // Real runs in Chinese, each ending with a notice from the caller loop (and the last with the
    // answer to a user's cancel): every message the controller emits for the status line is Chinese.
    void runMessagesReachTheScreenInChinese_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<QString>("submit");
        QTest::addColumn<QString>("onTimeout");
        QTest::addColumn<int>("killAfter");
        QTest::newRow("thread, as_completed times out, on_timeout wait")
            << QStringLiteral("thread") << QStringLiteral("as_completed") << QStringLiteral("wait") << 0;
        QTest::newRow("thread, wait() leaves futures undone, cancel")
            << QStringLiteral("thread") << QStringLiteral("wait") << QStringLiteral("cancel") << 0;
        QTest::newRow("thread, on_timeout terminate falls back to cancel")
            << QStringLiteral("thread") << QStringLiteral("as_completed") << QStringLiteral("terminate") << 0;
        QTest::newRow("process, on_timeout kill")
            << QStringLiteral("process") << QStringLiteral("as_completed") << QStringLiteral("kill") << 0;
        QTest::newRow("process, kill_worker_after 2")
            << QStringLiteral("process") << QStringLiteral("submit") << QStringLiteral("wait") << 2;
    }
    void runMessagesReachTheScreenInChinese()
    {
        QFETCH(QString, pool);
        QFETCH(QString, submit);
        QFETCH(QString, onTimeout);
        QFETCH(int, killAfter);
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(POOLSCOPE_QM_DIR "/poolscope_zh_CN.qm")));
        QVERIFY(QCoreApplication::installTranslator(&zh));
        const auto cleanup = qScopeGuard([&] { QCoreApplication::removeTranslator(&zh); });

        RunSpec spec;
        spec.scenario.pool = pool.toStdString();
        spec.scenario.submit = submit.toStdString();
        spec.scenario.gil = false;
        spec.scenario.workers = 2;
        spec.scenario.tasks = 6;
        spec.scenario.workload.name = "sleep";
        spec.scenario.workload.taskMs = 200;
        spec.speed = 1.0;
        if (killAfter > 0) {
            spec.scenario.killWorkerAfter = killAfter; // no timeout: the kill is the notice
        } else {
            spec.scenario.timeoutS = 0.1; // the first results take 200 ms
            spec.scenario.onTimeout = onTimeout.toStdString();
        }
        RunController c;
        QSignalSpy messages(&c, &RunController::message);
        c.setSpec(spec);
        c.run();
        QVERIFY(pump(
            c, [&] { return c.state() == RunState::Finished; }, 30000));
        QVERIFY2(!messages.isEmpty(), "the run told nothing");
        for (const QList<QVariant>& m : messages) {
            const QString text = m.front().toString();
            const QStringList english = englishWords(text);
            QVERIFY2(hasChinese(text) && english.isEmpty(),
                     qPrintable(QStringLiteral("untranslated: \"%1\" (%2)").arg(text, english.join(u' '))));
            // No duration as a raw number of seconds ("0.00818389 s").
            static const QRegularExpression rawSeconds(QStringLiteral(R"(\d\.\d{4,})"));
            QVERIFY2(!rawSeconds.match(text).hasMatch(), qPrintable(text));
        }
    }

    void englishWordsFindsProseButNotPython()
    {
        QCOMPARE(
            englishWords(QStringLiteral("on_timeout cancel：shutdown(wait=True, cancel_futures=True) 取消")),
            QStringList());
        QCOMPARE(englishWords(QStringLiteral("kill_worker_after 3：SIGKILL 给工作进程 4242")), QStringList());
        QCOMPARE(englishWords(QStringLiteral("SIGKILL to worker 4242")),
                 QStringList({QStringLiteral("to"), QStringLiteral("worker")}));
        QCOMPARE(englishWords(QStringLiteral("调用方看到 TimeoutError：4 (of 6) futures unfinished")),
                 QStringList());
    }
};

QTEST_GUILESS_MAIN(TstUiNoticeText)
#include "tst_uinoticetext.moc"
