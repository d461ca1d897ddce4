// Trace export: the Chrome JSON parses back with names, task slices, future
// spans and flows that pair up; the native trace round-trips and its loader
// rejects malformed files naming where.

#include "core/events/recorder.h"
#include "core/run/runner.h"
#include "core/run/trace.h"
#include "core/version.h"
#include "tests/testhelpers.h"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <QtTest>
#include <set>

using namespace poolscope;
using nlohmann::json;

namespace {
std::vector<Event> recordRun(Scenario s)
{
    auto rec = std::make_shared<Recorder>();
    RunOptions o;
    o.sink = rec;
    const RunSummary r = runScenario(s, o);
    if (!r.errorType.empty())
        qWarning("run error: %s", r.errorMessage.c_str());
    return rec->events();
}
} // namespace

class TestTrace : public QObject
{
    Q_OBJECT

private slots:
    void chromeTraceParsesBackWithPairedFlows_data()
    {
        QTest::addColumn<QString>("submit");
        QTest::addColumn<bool>("gil");
        QTest::addColumn<QString>("pool");
        QTest::newRow("as_completed, GIL on") << "as_completed" << true << "thread";
        QTest::newRow("map, GIL off") << "map" << false << "thread";
        QTest::newRow("submit, GIL on") << "submit" << true << "thread";
        QTest::newRow("process pool, as_completed") << "as_completed" << false << "process";
    }
    void chromeTraceParsesBackWithPairedFlows()
    {
        QFETCH(QString, submit);
        QFETCH(bool, gil);
        QFETCH(QString, pool);
        Scenario s;
        s.pool = pool.toStdString();
        s.workers = 2;
        s.tasks = 12;
        s.workload.name = "spin";
        s.workload.taskMs = 1;
        s.submit = submit.toStdString();
        s.gil = gil;
        const auto events = recordRun(s);
        TraceMeta meta;
        meta.scenarioJson = scenarioToJson(s, -1);
        const json j = json::parse(chromeTraceJson(events, meta));
        QVERIFY(j.contains("traceEvents"));
        QCOMPARE(j["otherData"]["scenario"]["tasks"].get<int>(), 12);

        int taskSlices = 0, gilHeld = 0;
        std::set<std::string> threadNames;
        bool processName = false;
        std::map<std::int64_t, std::string> flowPhases; // bind_id -> o(ut) s(tep) i(n), in file order
        std::map<std::string, int> asyncDepth;          // async id -> open spans
        std::map<std::string, std::string> futureOfId;  // async id -> the future span's name
        std::set<std::string> flowSlices;               // names of slices that carry a flow
        std::set<std::string> counters;
        for (const auto& e : j["traceEvents"]) {
            const std::string ph = e["ph"];
            if (ph == "M" && e["name"] == "thread_name")
                threadNames.insert(e["args"]["name"].get<std::string>());
            if (ph == "M" && e["name"] == "process_name")
                processName = true;
            if (ph == "X" && e["cat"] == "task") {
                ++taskSlices;
                QVERIFY(e["dur"].get<double>() > 0);
            }
            if (ph == "X" && e["name"] == "GIL held")
                ++gilHeld;
            // v1 flow events bind only to a slice open at that instant in Perfetto: none are left.
            QVERIFY2(ph != "s" && ph != "t" && ph != "f", e.dump().c_str());
            if (e.contains("bind_id")) {
                QCOMPARE(QString::fromStdString(ph), QStringLiteral("X"));
                const bool in = e.value("flow_in", false), out = e.value("flow_out", false);
                QVERIFY2(in || out, e.dump().c_str());
                flowPhases[e["bind_id"].get<std::int64_t>()] += in && out ? 's' : (out ? 'o' : 'i');
                // The arrow binds the slice of its own future.
                // A const json's operator[] on a missing key is undefined: set_result has no args.
                QCOMPARE(e.contains("args") && e["args"].is_object()
                             ? e["args"].value("task", std::int64_t{-2})
                             : e["bind_id"].get<std::int64_t>(),
                         e["bind_id"].get<std::int64_t>());
                flowSlices.insert(
                    e["name"].get<std::string>().substr(0, e["name"].get<std::string>().find(" #")));
            }
            if (ph == "b" || ph == "e") {
                QVERIFY2(!e.contains("id") && e["id2"].contains("local"), e.dump().c_str());
                const std::string id = e["id2"]["local"];
                const std::string name = e["name"];
                if (ph == "b" && name.rfind("future #", 0) == 0) {
                    // Each future opens exactly one async id of its own.
                    QVERIFY2(!futureOfId.count(id), id.c_str());
                    futureOfId[id] = name;
                }
                asyncDepth[id] += ph == "b" ? 1 : -1;
            }
            if (ph == "C")
                counters.insert(e["name"].get<std::string>());
        }
        QCOMPARE(taskSlices, 12);
        QVERIFY(processName);
        QVERIFY(threadNames.count("MainThread (caller, manager)"));
        QVERIFY(threadNames.size() >= 2);
        QCOMPARE(gilHeld > 0, gil);
        // Each future: one arrow submit (out) -> task slice (in and out) -> set_result (in).
        QCOMPARE(flowPhases.size(), std::size_t(12));
        for (const auto& [id, phases] : flowPhases)
            QCOMPARE(QString::fromStdString(phases), QStringLiteral("osi"));
        QCOMPARE(flowSlices, (std::set<std::string>{"submit", "task", "set_result"}));
        // Each future has its own async id, named for it, and its span (with the state spans
        // nested in it) closes.
        QCOMPARE(futureOfId.size(), std::size_t(12));
        for (const auto& [id, name] : futureOfId)
            QCOMPARE(QString::fromStdString(name),
                     QStringLiteral("future #%1").arg(std::stoll(id.substr(2), nullptr, 16)));
        QCOMPARE(asyncDepth.size(), std::size_t(12));
        for (const auto& [id, depth] : asyncDepth)
            QCOMPARE(depth, 0);
        QVERIFY(std::any_of(counters.begin(), counters.end(), [](const std::string& c) {
            return c.rfind("work queue (executor ", 0) == 0 || c.rfind("work ids (executor ", 0) == 0;
        }));
    }

    // A mixed task's I/O part and CPU part are slices nested in its task slice, on its track,
    // one after the other and filling it from the I/O part's start to the task's end.
    void mixedTaskPartsAreSlicesInsideTheTask_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::newRow("thread pool") << "thread";
        QTest::newRow("process pool") << "process";
    }
    void mixedTaskPartsAreSlicesInsideTheTask()
    {
        QFETCH(QString, pool);
        Scenario s;
        s.pool = pool.toStdString();
        s.workers = 2;
        s.tasks = 3;
        s.workload.name = "mixed";
        s.workload.ioMs = 5;
        s.workload.cpuMs = 2;
        const json j = json::parse(chromeTraceJson(recordRun(s), TraceMeta{}));
        struct Span
        {
            double ts = 0, end = 0;
            std::int64_t pid = 0, tid = 0;
        };
        std::map<std::string, Span> spans; // "task #1", "I/O part #1", "CPU part #1", ...
        for (const auto& e : j["traceEvents"]) {
            if (e["ph"] != "X" || (e["cat"] != "task" && e["cat"] != "part"))
                continue;
            const double ts = e["ts"].get<double>();
            spans[e["name"].get<std::string>()] = Span{
                ts, ts + e["dur"].get<double>(), e["pid"].get<std::int64_t>(), e["tid"].get<std::int64_t>()};
        }
        QCOMPARE(spans.size(), std::size_t(9));
        for (const auto& [name, task] : spans) {
            if (name.rfind("task #", 0) != 0)
                continue;
            const std::string id = name.substr(4); // " #N"
            QVERIFY2(spans.count("I/O part" + id) && spans.count("CPU part" + id), name.c_str());
            const Span& io = spans["I/O part" + id];
            const Span& cpu = spans["CPU part" + id];
            QCOMPARE(io.pid, task.pid);
            QCOMPARE(io.tid, task.tid);
            QCOMPARE(cpu.tid, task.tid);
            QVERIFY(task.ts <= io.ts);
            QVERIFY(std::abs(io.end - cpu.ts) < 0.002); // the CPU part begins where the I/O part ends
            QVERIFY(cpu.end <= task.end + 0.001);
            QVERIFY2(io.end - io.ts >= 5000, "the I/O part lasts the server's latency (us)");
        }
    }

    void nativeTraceRoundTrips()
    {
        Scenario s;
        s.tasks = 20;
        const auto events = recordRun(s);
        QVERIFY(!events.empty());
        TraceMeta meta;
        meta.createdBy = "tst_trace";
        meta.scenarioJson = scenarioToJson(s, -1);
        const NativeTrace t = parseNativeTrace(nativeTraceJson(events, meta));
        QCOMPARE(t.version, kNativeTraceVersion);
        QCOMPARE(QString::fromStdString(t.createdBy), QStringLiteral("tst_trace"));
        QCOMPARE(scenarioFromJson(t.scenarioJson), s);
        QCOMPARE(t.events.size(), events.size());
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event& a = events[i];
            const Event& b = t.events[i];
            QVERIFY(a.seq == b.seq && a.tNs == b.tNs && a.kind == b.kind && a.executor == b.executor &&
                    a.worker == b.worker && a.task == b.task && a.value == b.value && a.value2 == b.value2);
        }
    }

    // Both trace files say which PoolScope wrote them, from the one version CMake sets.
    void tracesNameThePoolScopeVersion()
    {
        Scenario s;
        s.tasks = 3;
        const auto events = recordRun(s);
        TraceMeta meta;
        QCOMPARE(json::parse(nativeTraceJson(events, meta)).value("poolscope_version", ""),
                 std::string(kVersion));
        QCOMPARE(json::parse(chromeTraceJson(events, meta))["otherData"].value("poolscope_version", ""),
                 std::string(kVersion));
        QVERIFY(!std::string(kVersion).empty());
    }

    void nativeTraceFileRoundTrips()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("t.pstrace")).toStdString();
        Scenario s;
        s.tasks = 5;
        const auto events = recordRun(s);
        writeNativeTrace(path, events);
        QCOMPARE(loadNativeTrace(path).events.size(), events.size());
    }

    void malformedNativeTrace_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const QString kinds = QStringLiteral(R"("kinds":["Submit","TaskStart"],)");
        const QString cols =
            QStringLiteral(R"("columns":["seq","t_ns","kind","executor","worker","task","value","value2"],)");
        const QString head = QStringLiteral(R"({"format":"poolscope-trace","version":1,)");
        QTest::newRow("not JSON") << QStringLiteral("{\"format\":")
                                  << QStringLiteral("not valid JSON at line 1");
        QTest::newRow("wrong format")
            << QStringLiteral(R"({"format":"chrome"})") << QStringLiteral("format: must be");
        QTest::newRow("no version") << QStringLiteral(R"({"format":"poolscope-trace"})")
                                    << QStringLiteral("version: missing");
        QTest::newRow("future version") << QStringLiteral(R"({"format":"poolscope-trace","version":9})")
                                        << QStringLiteral("version: 9 is not supported");
        QTest::newRow("unknown kind") << head + QStringLiteral(R"("kinds":["Submit","Teleport"]})")
                                      << QStringLiteral("kinds[1]: unknown event kind \"Teleport\"");
        QTest::newRow("wrong columns")
            << head + kinds + QStringLiteral(R"("columns":["seq"]})") << QStringLiteral("columns: must be");
        QTest::newRow("no events") << head + kinds + cols.chopped(1) + QStringLiteral("}")
                                   << QStringLiteral("events: missing");
        QTest::newRow("short row") << head + kinds + cols +
                                          QStringLiteral(R"("events":[[1,2,0,1,0,1,0,0],[2,3,1]]})")
                                   << QStringLiteral("events[1]: must be an array of 8 whole numbers");
        QTest::newRow("text in a row")
            << head + kinds + cols + QStringLiteral(R"("events":[[1,2,0,1,"w",1,0,0]]})")
            << QStringLiteral("events[0][4] (worker): must be a whole number, got \"w\"");
        QTest::newRow("kind out of range")
            << head + kinds + cols + QStringLiteral(R"("events":[[1,2,5,1,0,1,0,0]]})")
            << QStringLiteral("events[0][2] (kind): index 5 is out of range (0..1)");
        QTest::newRow("seq goes back")
            << head + kinds + cols + QStringLiteral(R"("events":[[5,2,0,1,0,1,0,0],[4,3,1,1,0,1,0,0]]})")
            << QStringLiteral("events[1][0] (seq): 4 does not increase (previous 5)");
        QTest::newRow("seq zero") << head + kinds + cols + QStringLiteral(R"("events":[[0,2,0,1,0,1,0,0]]})")
                                  << QStringLiteral("events[0][0] (seq): must be > 0");
        QTest::newRow("seq negative")
            << head + kinds + cols + QStringLiteral(R"("events":[[-3,2,0,1,0,1,0,0]]})")
            << QStringLiteral("events[0][0] (seq): must be > 0");
        QTest::newRow("executor too big")
            << head + kinds + cols + QStringLiteral(R"("events":[[1,2,0,70000,0,1,0,0]]})")
            << QStringLiteral("events[0][3] (executor): 70000 is out of range");
    }
    void malformedNativeTrace()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        {
            const QString what =
                test::thrownMessage<TraceError>([&] { parseNativeTrace(text.toStdString()); });
            QVERIFY2(what.startsWith(message), qPrintable(what));
        }
    }

    void missingFileNamesThePath()
    {
        {
            const QString what =
                test::thrownMessage<TraceError>([&] { loadNativeTrace("/nonexistent/x.pstrace"); });
            QCOMPARE(what, QStringLiteral(
                               "/nonexistent/x.pstrace: cannot open the file (No such file or directory)"));
        }
    }
};

QTEST_GUILESS_MAIN(TestTrace)
#include "tst_trace.moc"
