// The window's RunSession against poolscope-cli's runner: both observe core's one
// caller loop, so the same scenario gives the same counts, the same caller error
// and the same event kinds through either path.

#include "core/run/runner.h"
#include "ui/run/eventbridge.h"
#include "ui/run/runcontroller.h"
#include "ui/run/runsession.h"

#include <QtTest>

#include <functional>
#include <set>
#include <thread>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

struct GuiRun
{
    std::int64_t results = 0;
    std::int64_t exceptions = 0;
    std::int64_t cancelled = 0;
    std::string errorType;
    std::string errorText;
    std::set<int> kinds;
    std::vector<CallerNotice> notices;
    bool finished = false;
};

// What the window's controls do to a run while it goes: called on every turn of the loop
// with the ms since the start.
using Drive = std::function<void(ExecutionGate&, qint64)>;

// Runs `s` through a RunSession and collects what the bridge hands the window.
GuiRun runInSession(const Scenario& s, const Drive& drive = {})
{
    EventBridge bridge;
    bridge.setFrameIntervalMs(0); // frames are handed over here, below
    GuiRun out;
    QObject::connect(&bridge, &EventBridge::frameReady, [&out](const FrameBatch& b) {
        if (b.events)
            for (const Event& e : *b.events)
                out.kinds.insert(static_cast<int>(e.kind));
        if (b.outcomes)
            for (const FutureOutcome& o : *b.outcomes) {
                out.results += o.kind == FutureOutcome::Kind::Result ? 1 : 0;
                out.exceptions += o.kind == FutureOutcome::Kind::Exception ? 1 : 0;
                out.cancelled += o.kind == FutureOutcome::Kind::Cancelled ? 1 : 0;
            }
        if (b.notices)
            for (const RunNotice& n : *b.notices) {
                if (n.kind == RunNotice::Kind::CallerError) {
                    out.errorType = n.type;
                    out.errorText = n.text;
                } else if (n.kind == RunNotice::Kind::Finished) {
                    out.finished = true;
                } else if (n.kind == RunNotice::Kind::Caller && n.caller) {
                    out.notices.push_back(*n.caller);
                }
            }
    });
    RunSpec spec;
    spec.scenario = s;
    RunSession session(spec, &bridge, bridge.beginRun());
    session.start();
    QElapsedTimer t;
    t.start();
    while (!out.finished && t.elapsed() < 60000) {
        if (drive)
            drive(bridge.gate(), t.elapsed());
        bridge.flush();
        QCoreApplication::processEvents();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    session.join();
    bridge.flush();
    return out;
}

QString name(int kind)
{
    const std::string_view n = eventKindName(static_cast<EventKind>(kind));
    return QString::fromLatin1(n.data(), static_cast<qsizetype>(n.size()));
}

Scenario make(const char* pool, int workers, std::int64_t tasks, const char* workload, double ms,
              const char* submit)
{
    Scenario s;
    s.pool = pool;
    s.workers = workers;
    s.tasks = tasks;
    s.workload.name = workload;
    s.workload.taskMs = ms;
    s.submit = submit;
    s.gil = false; // GIL hand-offs depend on timing; the kinds compared must not
    return s;
}

} // namespace

class TstRunSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameOutcomesAsTheCli_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<bool>("exactCounts"); // a killed worker's neighbour may finish more or fewer
        auto row = [](const char* name, const Scenario& s, bool exact) {
            QTest::newRow(name) << QString::fromStdString(scenarioToJson(s, -1)) << exact;
        };
        row("thread, submit", make("thread", 2, 8, "sleep", 50, "submit"), true);
        row("thread, map", make("thread", 3, 9, "sleep", 50, "map"),
            true); // no thread idles during the submits
        // Half a task's length of margin on each side of the deadline, so a slow (sanitizer) build
        // sees the same count: task 0 ends at 1 s, the timeout fires at 1.5 s, task 1 ends at 2 s.
        Scenario timeout = make("thread", 1, 2, "sleep", 1000, "as_completed");
        timeout.timeoutS = 1.5;
        timeout.onTimeout = "wait";
        row("as_completed times out", timeout, true);
        Scenario perResult = make("thread", 1, 3, "sleep", 300, "submit");
        perResult.timeoutS = 0.5;
        row("submit, timeout per result()", perResult, true);
        row("process, wait", make("process", 2, 6, "noop", 0, "wait"), true);
        Scenario chunks = make("process", 2, 10, "noop", 0, "map");
        chunks.chunksize = 3;
        row("process, map chunks", chunks, true);
        Scenario kill = make("process", 2, 12, "sleep", 20, "submit");
        kill.killWorkerAfter = 3;
        row("process, kill_worker_after", kill, false);
    }
    void sameOutcomesAsTheCli()
    {
        QFETCH(QString, scenario);
        QFETCH(bool, exactCounts);
        const Scenario s = scenarioFromJson(scenario.toStdString());
        const RunSummary cli = runScenario(s);
        const GuiRun gui = runInSession(s);
        QVERIFY(gui.finished);
        // Every future's outcome reaches the window (the session posts the untaken ones at the end).
        if (exactCounts) {
            const auto perFuture = [&](std::int64_t n) {
                return s.submit == "map" && s.pool == "process" ? (n + s.chunksize - 1) / s.chunksize : n;
            };
            QCOMPARE(gui.results, perFuture(cli.completed));
            QCOMPARE(gui.exceptions, perFuture(cli.failed));
            QCOMPARE(gui.cancelled, perFuture(cli.cancelled));
        } else {
            QCOMPARE(gui.results + gui.exceptions + gui.cancelled,
                     cli.completed + cli.failed + cli.cancelled);
        }
        QCOMPARE(QString::fromStdString(gui.errorType), QString::fromStdString(cli.errorType));
        QCOMPARE(QString::fromStdString(gui.errorText), QString::fromStdString(cli.errorMessage));
        std::set<int> cliKinds;
        for (std::size_t k = 0; k < cli.eventsByKind.size(); ++k)
            if (cli.eventsByKind[k] > 0)
                cliKinds.insert(static_cast<int>(k));
        // Whether the caller blocked in result() (ResultWait, ResultWake) depends on whether the result was
        // there yet when it asked: with noop tasks one run may find each one ready, the other not.
        const auto timed = [](int k) {
            return k == static_cast<int>(EventKind::ResultWait) ||
                   k == static_cast<int>(EventKind::ResultWake);
        };
        QStringList onlyCli, onlyGui;
        for (int k : cliKinds)
            if (!gui.kinds.count(k) && !timed(k))
                onlyCli << name(k);
        for (int k : gui.kinds)
            if (!cliKinds.count(k) && !timed(k))
                onlyGui << name(k);
        QVERIFY2(onlyCli.isEmpty() && onlyGui.isEmpty(),
                 qPrintable(QStringLiteral("only CLI: %1; only GUI: %2")
                                .arg(onlyCli.join(QLatin1Char(' ')), onlyGui.join(QLatin1Char(' ')))));
        // The kill and the timeout policy are told in the window too.
        if (s.killWorkerAfter) {
            QVERIFY(cli.killedPid > 0);
            const bool told = std::any_of(gui.notices.begin(), gui.notices.end(), [](const CallerNotice& n) {
                const auto* k = std::get_if<WorkerKilled>(&n);
                return k && k->after == 3 && k->pid > 0;
            });
            QVERIFY(told);
        }
        if (cli.afterTimeout) {
            const bool told = std::any_of(gui.notices.begin(), gui.notices.end(), [&](const CallerNotice& n) {
                const auto* a = std::get_if<AfterTimeout>(&n);
                return a && a->action == cli.afterTimeout->action &&
                       a->requested == cli.afterTimeout->requested && a->note == cli.afterTimeout->note;
            });
            QVERIFY(told);
        }
    }

    // Pause and slow motion hold the run on its run clock: the outcome is the unpaused one's
    // (6 sleeps of 200 ms on 2 workers, as_completed timing out at 0.3 s, then cancel).
    void heldRunEndsAsTheUnpausedOne_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<QString>("hold");
        QTest::newRow("thread, paused 1 s mid-run") << QStringLiteral("thread") << QStringLiteral("pause");
        QTest::newRow("process, paused 1 s mid-run") << QStringLiteral("process") << QStringLiteral("pause");
        QTest::newRow("thread, slow x10") << QStringLiteral("thread") << QStringLiteral("slow");
    }
    void heldRunEndsAsTheUnpausedOne()
    {
        QFETCH(QString, pool);
        QFETCH(QString, hold);
        Scenario s = make(pool.toLatin1().constData(), 2, 6, "sleep", 200, "as_completed");
        s.timeoutS = 0.3;
        s.onTimeout = "cancel";
        const GuiRun plain = runInSession(s);
        QVERIFY(plain.finished);
        QCOMPARE(QString::fromStdString(plain.errorType), QStringLiteral("TimeoutError"));
        bool paused = false;
        bool resumed = false;
        const Drive drive = [&](ExecutionGate& gate, qint64 ms) {
            if (hold == QLatin1String("slow")) {
                if (!paused)
                    gate.setPacingNs(RunController::pacingNsFor(0.1));
                paused = true;
                return;
            }
            if (!paused && ms >= 100) {
                gate.pause();
                paused = true;
            } else if (paused && !resumed && ms >= 1100) {
                gate.resume();
                resumed = true;
            }
        };
        const GuiRun held = runInSession(s, drive);
        QVERIFY(held.finished);
        QVERIFY(paused);
        QCOMPARE(held.results, plain.results);
        QCOMPARE(held.exceptions, plain.exceptions);
        QCOMPARE(held.cancelled, plain.cancelled);
        QCOMPARE(QString::fromStdString(held.errorType), QString::fromStdString(plain.errorType));
        QCOMPARE(QString::fromStdString(held.errorText), QString::fromStdString(plain.errorText));
    }
};

QTEST_MAIN(TstRunSession)
#include "tst_runsession.moc"
