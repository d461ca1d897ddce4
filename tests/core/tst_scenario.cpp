// Scenarios: JSON round trips, validation messages that name the field, the
// presets (each one runs), and the runner's timeout handling.

#include "core/events/recorder.h"
#include "core/run/runner.h"
#include "core/run/scenario.h"
#include "tests/testhelpers.h"

#include <array>
#include <filesystem>
#include <QtTest>

using namespace poolscope;

class TestScenario : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAreValid()
    {
        const Scenario s;
        validateScenario(s);
        QCOMPARE(scenarioFromJson("{}"), s);
    }

    void presetsRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto& p : presets())
            QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
    }
    void presetsRoundTrip()
    {
        QFETCH(QString, name);
        const auto s = presetScenario(name.toStdString());
        QVERIFY(s);
        QCOMPARE(QString::fromStdString(s->name), name);
        validateScenario(*s);
        QCOMPARE(scenarioFromJson(scenarioToJson(*s)), *s);
    }

    void tutorialPresetsAreFaithful()
    {
        const Scenario io = *presetScenario("tutorial-io");
        QCOMPARE(io.pool, std::string("thread"));
        QCOMPARE(io.submit, std::string("as_completed"));
        QCOMPARE(io.workers, 2);                       // min(len(task_list), 5)
        QCOMPARE(*io.timeoutS, double(io.tasks) * 10); // len(task_list) * 10
        QCOMPARE(io.workload.name, std::string("http"));
        const Scenario cpu = *presetScenario("tutorial-cpu");
        QCOMPARE(cpu.pool, std::string("process"));
        QCOMPARE(cpu.submit, std::string("map"));
        QCOMPARE(cpu.workers, 3);
        QCOMPARE(cpu.workload.inputs, (std::vector<std::int64_t>{1297337, 1116281, 104395303}));
        QCOMPARE(*cpu.timeoutS, double(cpu.tasks) * 1);
        QCOMPARE(cpu.onTimeout, std::string("terminate"));
        QVERIFY(!presetScenario("no-such-preset"));
    }

    void fileRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("s.json")).toStdString();
        Scenario s = *presetScenario("tutorial-cpu-class");
        s.maxTasksPerChild = 2;
        s.timeoutS = 1.25;
        saveScenarioFile(s, path);
        QCOMPARE(loadScenarioFile(path), s);
    }

    void badScenario_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        const auto s = [](const char* t) { return QString::fromUtf8(t); };
        QTest::newRow("broken JSON names line and column")
            << s("{\n  \"pool\": \"thread\",\n  oops\n}")
            << s("scenario: not valid JSON at line 3, column 3");
        QTest::newRow("top level array") << s("[]") << s("scenario: must be a JSON object, got array");
        QTest::newRow("unknown field") << s(R"({"worker": 2})") << s("scenario.worker: unknown field");
        QTest::newRow("wrong format") << s(R"({"format": "other"})") << s("scenario.format: must be");
        QTest::newRow("future version")
            << s(R"({"version": 2})") << s("scenario.version: 2 is not supported");
        QTest::newRow("unknown pool")
            << s(R"({"pool": "fiber"})") << s("scenario.pool: 'fiber' is not one of thread, process, serial");
        QTest::newRow("pool not a string") << s(R"({"pool": 1})") << s("scenario.pool: must be a string");
        QTest::newRow("zero workers")
            << s(R"({"workers": 0})") << s("scenario.workers: 0 is out of range (1..1024)");
        QTest::newRow("fractional workers")
            << s(R"({"workers": 1.5})") << s("scenario.workers: must be a whole number, got 1.5");
        QTest::newRow("workers as text")
            << s(R"({"workers": "2"})") << s("scenario.workers: must be a whole number, got string");
        QTest::newRow("negative tasks") << s(R"({"tasks": -1})") << s("scenario.tasks: -1 is out of range");
        QTest::newRow("huge tasks") << s(R"({"tasks": 18446744073709551615})")
                                    << s("scenario.tasks: 18446744073709551615 is out of range");
        QTest::newRow("unknown workload") << s(R"({"workload": {"name": "dance"}})")
                                          << s("scenario.workload.name: unknown workload 'dance'");
        QTest::newRow("unknown workload shorthand")
            << s(R"({"workload": "dance"})") << s("scenario.workload.name: unknown workload 'dance'");
        QTest::newRow("bad workload field") << s(R"({"workload": {"name": "hash", "rounds": -3}})")
                                            << s("scenario.workload.rounds: -3 is out of range");
        QTest::newRow("workload number")
            << s(R"({"workload": 5})") << s("scenario.workload: must be an object");
        QTest::newRow("runtime port in a file") << s(R"({"workload": {"name": "http", "http_port": 80}})")
                                                << s("scenario.workload.http_port: is set by the run");
        QTest::newRow("unknown submit style")
            << s(R"({"submit": "gather"})") << s("scenario.submit: 'gather' is not one of");
        QTest::newRow("chunksize zero")
            << s(R"({"submit": "map", "chunksize": 0})") << s("scenario.chunksize: 0 must be >= 1");
        QTest::newRow("chunksize without map") << s(R"({"submit": "submit", "chunksize": 4})")
                                               << s("scenario.chunksize: only map() takes a chunksize");
        QTest::newRow("negative timeout")
            << s(R"({"timeout_s": -1})") << s("scenario.timeout_s: -1 is out of range");
        QTest::newRow("timeout as text")
            << s(R"({"timeout_s": "3"})") << s("scenario.timeout_s: must be a number");
        QTest::newRow("gil maybe") << s(R"({"gil": "maybe"})") << s("scenario.gil: must be true/false");
        QTest::newRow("zero switch interval")
            << s(R"({"switch_interval_ms": 0})") << s("scenario.switch_interval_ms: must be > 0");
        QTest::newRow("max_tasks_per_child on threads")
            << s(R"({"pool": "thread", "max_tasks_per_child": 3})")
            << s("scenario.max_tasks_per_child: only the process pool");
        QTest::newRow("kill_worker_after on threads")
            << s(R"({"pool": "thread", "kill_worker_after": 1})")
            << s("scenario.kill_worker_after: only the process pool");
        QTest::newRow("kill_worker_after not below tasks")
            << s(R"({"pool": "process", "tasks": 4, "kill_worker_after": 4})")
            << s("scenario.kill_worker_after: 4 must be >= 0 and less than tasks (4)");
        QTest::newRow("unknown on_timeout")
            << s(R"({"on_timeout": "panic"})") << s("scenario.on_timeout: 'panic' is not one of");
    }
    void badScenario()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        {
            const QString what =
                test::thrownMessage<ScenarioError>([&] { scenarioFromJson(json.toStdString()); });
            QVERIFY2(what.startsWith(message), qPrintable(what));
        }
    }

    void missingFileNamesThePath()
    {
        {
            const QString what =
                test::thrownMessage<ScenarioError>([&] { loadScenarioFile("/nonexistent/s.json"); });
            QCOMPARE(what,
                     QStringLiteral("/nonexistent/s.json: cannot open the file (No such file or directory)"));
        }
    }

    void everyPresetRuns_data()
    {
        QTest::addColumn<QString>("name");
        // Every preset, the tutorial's full-size ones too (about 3 s and 2 s).
        for (const auto& p : presets())
            QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
    }
    void everyPresetRuns()
    {
        QFETCH(QString, name);
        const Scenario s = *presetScenario(name.toStdString());
        const RunSummary r = runScenario(s);
        QCOMPARE(r.completed + r.failed + r.cancelled, s.tasks);
        QCOMPARE(r.unfinished, std::int64_t(0));
        if (r.afterTimeout) {
            QCOMPARE(QString::fromStdString(r.errorType), QStringLiteral("TimeoutError"));
            QVERIFY(r.notTaken > 0);
        } else {
            QVERIFY2(r.errorType.empty(), (r.errorType + ": " + r.errorMessage).c_str());
            QCOMPARE(r.completed, s.tasks);
        }
    }

    void asCompletedTimeoutIsReportedThenWaited()
    {
        // The tutorial-io code with a server slower than the timeout: the caller sees
        // CPython's message, then the with-block waits for the fetches to end.
        Scenario s = *presetScenario("tutorial-io-timeout");
        s.workload.latencyMs = 300;
        s.timeoutS = 0.1;
        const RunSummary r = runScenario(s);
        QCOMPARE(QString::fromStdString(r.errorType), QStringLiteral("TimeoutError"));
        QCOMPARE(QString::fromStdString(r.errorMessage), QStringLiteral("2 (of 2) futures unfinished"));
        QVERIFY(r.afterTimeout);
        QCOMPARE(QString::fromStdString(r.afterTimeout->action), QStringLiteral("wait"));
        QCOMPARE(r.afterTimeout->stillRunning, std::int64_t(2));
        QVERIFY2(r.afterTimeout->costS > 0.1, "waiting for the running fetches costs their remaining time");
        // The with-block let both fetches finish, but the caller never took them.
        QCOMPARE(r.completed, std::int64_t(2));
        QCOMPARE(r.notTaken, std::int64_t(2));
        QVERIFY(r.wallS >= 0.3);
    }

    void mapTimeoutOnThreadsFallsBackToWaiting()
    {
        // Threads cannot be terminated: the run says so and what it cost.
        Scenario s;
        s.pool = "thread";
        s.workers = 2;
        s.tasks = 4;
        s.workload.name = "sleep";
        s.workload.taskMs = 150;
        s.submit = "map";
        s.timeoutS = 0.05;
        s.onTimeout = "terminate";
        const RunSummary r = runScenario(s);
        QCOMPARE(QString::fromStdString(r.errorType), QStringLiteral("TimeoutError"));
        QVERIFY(r.afterTimeout);
        QCOMPARE(QString::fromStdString(r.afterTimeout->requested), QStringLiteral("terminate"));
        QCOMPARE(QString::fromStdString(r.afterTimeout->action), QStringLiteral("cancel"));
        QVERIFY(r.afterTimeout->note.find("threads cannot be terminated") != std::string::npos);
        QCOMPARE(r.afterTimeout->stillRunning, std::int64_t(2));
        // map's generator cancelled the two queued calls; the two running ones finished unseen.
        QCOMPARE(r.cancelled, std::int64_t(2));
        QCOMPARE(r.completed, std::int64_t(2));
        QCOMPARE(r.notTaken, std::int64_t(4));
    }

    void summaryCountsWhatTheRecorderHolds_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<bool>("reused"); // the recorder already holds an earlier run
        QTest::newRow("thread pool, a fresh recorder") << QStringLiteral("thread") << false;
        QTest::newRow("thread pool, a recorder holding a run") << QStringLiteral("thread") << true;
        QTest::newRow("process pool, a fresh recorder") << QStringLiteral("process") << false;
        QTest::newRow("process pool, a recorder holding a run") << QStringLiteral("process") << true;
    }
    void summaryCountsWhatTheRecorderHolds()
    {
        // With a Recorder as the sink the summary reads its lanes' tallies: they must be this run's
        // events, kind by kind, and its pipe bytes, as the recording itself says.
        QFETCH(QString, pool);
        QFETCH(bool, reused);
        Scenario s;
        s.pool = pool.toStdString();
        s.workers = 2;
        s.tasks = 300;
        s.workload.name = "noop";
        auto rec = std::make_shared<Recorder>();
        RunOptions o;
        o.sink = rec;
        if (reused)
            runScenario(s, o);
        const std::vector<Event> before = rec->events();
        const RunSummary r = runScenario(s, o);
        QCOMPARE(r.completed, std::int64_t(300));
        const std::vector<Event> all = rec->events();
        QCOMPARE(rec->dropped(), std::uint64_t(0));
        // Each run numbers its events from 1, so the two runs interleave in events(): count both, subtract.
        std::array<std::uint64_t, kEventKindCount> counts{};
        std::int64_t pipeBytes = 0;
        const auto tally = [&counts, &pipeBytes](const std::vector<Event>& events, int sign) {
            for (const Event& e : events) {
                counts[static_cast<std::size_t>(e.kind)] += static_cast<std::uint64_t>(sign);
                if (e.kind == EventKind::ResultPipeWrite ||
                    (e.kind == EventKind::PipeWrite && e.value2 != static_cast<std::int64_t>(Pipe::Wakeup)))
                    pipeBytes += sign * e.value;
            }
        };
        tally(all, 1);
        tally(before, -1);
        for (std::size_t k = 0; k < counts.size(); ++k)
            QVERIFY2(r.eventsByKind[k] == counts[k], eventKindName(static_cast<EventKind>(k)).data());
        QCOMPARE(r.eventsTotal, static_cast<std::uint64_t>(all.size() - before.size()));
        QCOMPARE(r.eventsByKind[static_cast<std::size_t>(EventKind::Submit)], std::uint64_t(300));
        if (pool == QLatin1String("process")) {
            QVERIFY(pipeBytes > 0);
            QCOMPARE(r.pipeBytes, pipeBytes);
        } else {
            QCOMPARE(r.pipeBytes, std::int64_t(0));
        }
    }

    void tutorialCpuTimeoutTerminatesTheWorkers()
    {
        // The tutorial's map(timeout=...) fires while a worker still computes a huge
        // factorial; TimeoutError reaches the caller, then the workers are terminated
        // instead of waiting for it.
        Scenario s = *presetScenario("tutorial-cpu-class");
        auto rec = std::make_shared<Recorder>();
        RunOptions o;
        o.sink = rec;
        const RunSummary r = runScenario(s, o);
        QCOMPARE(QString::fromStdString(r.errorType), QStringLiteral("TimeoutError"));
        QVERIFY(r.afterTimeout);
        QCOMPARE(QString::fromStdString(r.afterTimeout->action), QStringLiteral("terminate"));
        QCOMPARE(r.afterTimeout->stillRunning, std::int64_t(1));
        QVERIFY2(r.afterTimeout->costS < 2.0, "terminating beats waiting for 30000000!");
        QCOMPARE(r.completed, std::int64_t(2));
        QCOMPARE(r.failed, std::int64_t(1)); // the terminated worker's future: BrokenProcessPool
        QCOMPARE(r.notTaken, std::int64_t(1));
        QVERIFY(r.broken);
        QVERIFY(r.wallS < 3.0);
        QVERIFY(r.pipeBytes > 2 * 100'000); // two factorials' bytes came back through the result pipe
        int signalCount = 0;
        for (const auto& e : rec->events())
            signalCount += e.kind == EventKind::ProcessSignal ? 1 : 0;
        QVERIFY(signalCount >= 1);
    }

    void killWorkerAfterBreaksThePool()
    {
        Scenario s;
        s.pool = "process";
        s.tasks = 20;
        s.workload.name = "sleep";
        s.workload.taskMs = 5;
        s.submit = "as_completed";
        s.killWorkerAfter = 3;
        const RunSummary r = runScenario(s);
        QVERIFY(r.broken);
        QVERIFY(r.killedPid > 0);
        QCOMPARE(QString::fromStdString(r.errorType), QStringLiteral("BrokenProcessPool"));
        QCOMPARE(r.completed + r.failed + r.cancelled, s.tasks);
        QVERIFY(r.failed > 0);
    }

    void waitLeavesNotDoneWithoutRaising()
    {
        Scenario s;
        s.tasks = 3;
        s.workers = 1;
        s.workload.name = "sleep";
        s.workload.taskMs = 80;
        s.submit = "wait";
        s.timeoutS = 0.03;
        s.onTimeout = "cancel";
        const RunSummary r = runScenario(s);
        QVERIFY2(r.errorType.empty(), "wait() returns (done, not_done); it does not raise");
        QVERIFY(r.afterTimeout);
        QCOMPARE(QString::fromStdString(r.afterTimeout->action), QStringLiteral("cancel"));
        QCOMPARE(r.cancelled, std::int64_t(2)); // cancel_futures=True took the queued two
        QCOMPARE(r.completed, std::int64_t(1)); // the running one finished during shutdown
        QCOMPARE(r.notTaken, std::int64_t(3));
    }

    void runLeavesNoTempFilesBehind()
    {
        auto runDirs = [] {
            int n = 0;
            for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
                n += e.path().filename().string().rfind("poolscope-run-", 0) == 0 ? 1 : 0;
            return n;
        };
        const int before = runDirs();
        Scenario s;
        s.tasks = 3;
        s.workload.name = "file";
        s.workload.bytes = 1000;
        s.submit = "as_completed";
        const RunSummary r = runScenario(s);
        QCOMPARE(r.completed, std::int64_t(3));
        QCOMPARE(runDirs(), before);
    }

    void progressCountsEveryFuture_data()
    {
        QTest::addColumn<QString>("submit");
        for (const auto& st : submitStyles())
            QTest::newRow(st.c_str()) << QString::fromStdString(st);
    }
    void progressCountsEveryFuture()
    {
        QFETCH(QString, submit);
        Scenario s;
        s.tasks = 50;
        s.submit = submit.toStdString();
        std::atomic<std::int64_t> done{0};
        RunOptions o;
        o.progress = &done;
        const RunSummary r = runScenario(s, o);
        QCOMPARE(r.completed, std::int64_t(50));
        QCOMPARE(done.load(), std::int64_t(50));
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
