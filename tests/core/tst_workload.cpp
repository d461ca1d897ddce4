// Workloads: each body computes what it should, the spec's JSON round-trips and
// rejects bad fields by name, and every workload runs in every pool.

#include "core/events/recorder.h"
#include "core/futures/errors.h"
#include "core/run/runner.h"
#include "core/workload/httpserver.h"
#include "core/workload/workload.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <QtTest>
#include <sstream>

using namespace poolscope;

namespace {
QByteArray hex(const std::string& bytes)
{
    return QByteArray::fromStdString(bytes).toHex();
}

std::int64_t threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Is there a LISTEN socket on `port` bound to 127.0.0.1 only (per /proc/net/tcp)?
bool listensOnLoopbackOnly(int port)
{
    std::ifstream in("/proc/net/tcp");
    std::string line;
    std::getline(in, line);
    bool loopback = false, other = false;
    char want[8];
    std::snprintf(want, sizeof want, "%04X", port);
    while (std::getline(in, line)) {
        std::istringstream is(line);
        std::string sl, local, remote, state;
        is >> sl >> local >> remote >> state;
        if (state != "0A" || local.substr(local.find(':') + 1) != want)
            continue;
        (local.substr(0, 8) == "0100007F" ? loopback : other) = true;
    }
    return loopback && !other;
}

// Four 2 ms tasks of `workload` on two workers, waited for with as_completed(): what the
// run-everything rows share.
Scenario fourSmallTasks(const QString& workload, const QString& pool, bool gil)
{
    Scenario s;
    s.pool = pool.toStdString();
    s.workers = 2;
    s.tasks = 4;
    s.gil = gil;
    s.submit = "as_completed";
    s.workload.name = workload.toStdString();
    s.workload.taskMs = 2;
    return s;
}
} // namespace

class TestWorkload : public QObject
{
    Q_OBJECT

private slots:
    void primes_data()
    {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("count");
        QTest::newRow("below 2: none") << qint64(2) << qint64(0);
        QTest::newRow("below 3: just 2") << qint64(3) << qint64(1);
        QTest::newRow("below 100") << qint64(100) << qint64(25);
        QTest::newRow("below 10000") << qint64(10000) << qint64(1229);
    }
    void primes()
    {
        QFETCH(qint64, n);
        QFETCH(qint64, count);
        QCOMPARE(countPrimesBelow(n), count);
    }

    void factorialIsExact()
    {
        // 20! = 2432902008176640000, little-endian bytes as Python's int.to_bytes(8, 'little').
        QCOMPARE(hex(factorialBytes(20)), QByteArray("0000b4827c67c321"));
        QCOMPARE(factorialBytes(1000).size(), std::size_t(1067)); // (1000!).bit_length() / 8, rounded up
        QCOMPARE(hex(factorialBytes(0)), QByteArray("01"));
    }

    void hashMatchesHashlib_data()
    {
        QTest::addColumn<qint64>("rounds");
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QByteArray>("digest");
        // Computed with hashlib: d = sha256(buf + d) for each round, d starting as 32 zero bytes.
        QTest::newRow("1 round over 3 bytes (keeps the GIL)")
            << qint64(1) << qint64(3)
            << QByteArray("4ba6f3645fcdfcd78180ac0ed0e6e5d481263e7ddb1740da91e90a63d24bb9ef");
        QTest::newRow("5 rounds over 4096 bytes (releases the GIL)")
            << qint64(5) << qint64(4096)
            << QByteArray("fe513b3995a55985261b68a40d6055853153b1fad2c454cb98a6ce546f52b7aa");
    }
    void hashMatchesHashlib()
    {
        QFETCH(qint64, rounds);
        QFETCH(qint64, bytes);
        QFETCH(QByteArray, digest);
        QCOMPARE(hex(sha256Rounds(rounds, bytes)), digest);
    }

    void spinCountsCpuTime()
    {
        const std::int64_t c0 = threadCpuNs();
        spinFor(20);
        const double cpuMs = static_cast<double>(threadCpuNs() - c0) / 1e6;
        QVERIFY2(cpuMs >= 20 && cpuMs < 60, qPrintable(QStringLiteral("%1 ms of CPU").arg(cpuMs)));
    }

    void fileRoundTripCleansUp()
    {
        const QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QCOMPARE(fileRoundTrip(dir.path().toStdString(), 300'000, 3), std::int64_t(300'000));
        QCOMPARE(fileRoundTrip(dir.path().toStdString(), 0, 4), std::int64_t(0));
        QVERIFY(std::filesystem::is_empty(dir.path().toStdString()));
    }

    void fileRoundTripReportsOsError()
    {
        try {
            fileRoundTrip("/nonexistent-poolscope-dir", 10, 0);
            QFAIL("expected OSError");
        } catch (const PyError& e) {
            QCOMPARE(QString::fromStdString(e.pyType()), QStringLiteral("OSError"));
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("No such file or directory")));
        }
    }

    void httpServerServesLoopbackOnly()
    {
        LoopbackHttpServer server(4);
        server.start();
        QVERIFY(server.port() > 0);
        QVERIFY(listensOnLoopbackOnly(server.port()));
        const std::int64_t t0 = nowNs();
        const std::string body = httpFetch(server.port(), 30, 12345);
        const double ms = static_cast<double>(nowNs() - t0) / 1e6;
        QCOMPARE(body.size(), std::size_t(12345));
        QVERIFY2(ms >= 30, "the server-side latency is honoured");
        QCOMPARE(server.requestsServed(), std::int64_t(1));
        const int port = server.port();
        server.stop();
        try {
            httpFetch(port, 0, 1, 2.0);
            QFAIL("expected URLError after stop");
        } catch (const PyError& e) {
            QCOMPARE(QString::fromStdString(e.pyType()), QStringLiteral("URLError"));
        }
    }

    void httpWithoutServerIsUrlError()
    {
        WorkloadSpec spec;
        spec.name = "http";
        try {
            makeTask(spec, 0)();
            QFAIL("expected URLError");
        } catch (const PyError& e) {
            QCOMPARE(QString::fromStdString(e.pyType()), QStringLiteral("URLError"));
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("http_port")));
        }
    }

    void inputsCycleByIndex()
    {
        WorkloadSpec spec;
        spec.name = "factorial";
        spec.inputs = {5, 6, 7};
        QCOMPARE(workloadInput(spec, 0), std::int64_t(5));
        QCOMPARE(workloadInput(spec, 4), std::int64_t(6));
        QCOMPARE(std::any_cast<std::string>(makeTask(spec, 2)()), factorialBytes(7));
        spec.inputs.clear();
        QCOMPARE(workloadInput(spec, 0), WorkloadDefaults::factorialN);
    }

    void payloadSetsArgumentAndResultBytes()
    {
        WorkloadSpec spec;
        spec.name = "noop";
        spec.payload = 5000;
        const std::string json = workloadSpecToJson(spec);
        QVERIFY(json.size() > 5000); // the argument really carries the bytes
        QCOMPARE(workloadSpecFromJson(json), spec);
        QCOMPARE(std::any_cast<std::string>(makeTask(spec, 1)()).size(), std::size_t(5000));
    }

    void jsonRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto& n : workloadNames())
            QTest::newRow(n.c_str()) << QString::fromStdString(n);
    }
    void jsonRoundTrip()
    {
        QFETCH(QString, name);
        WorkloadSpec spec;
        spec.name = name.toStdString();
        spec.taskMs = 12.5;
        spec.n = 777;
        spec.inputs = {1, 2, 3};
        spec.rounds = 9;
        spec.bytes = 4096;
        spec.latencyMs = 7;
        spec.ioMs = 3;
        spec.cpuMs = 4;
        spec.httpPort = 8080;
        spec.dir = "/tmp/x";
        QCOMPARE(workloadSpecFromJson(workloadSpecToJson(spec)), spec);
    }

    void badJson_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not JSON") << "{"
                                  << "workload: not valid JSON";
        QTest::newRow("not an object") << "[1]"
                                       << "workload: must be a JSON object";
        QTest::newRow("unknown field") << R"({"colour": 1})"
                                       << "workload.colour: unknown field";
        QTest::newRow("unknown workload") << R"({"name": "dance"})"
                                          << "workload.name: unknown workload 'dance'";
        QTest::newRow("name not a string") << R"({"name": 3})"
                                           << "workload.name: must be a string";
        QTest::newRow("negative task_ms") << R"({"task_ms": -1})"
                                          << "workload.task_ms: -1 is out of range";
        QTest::newRow("task_ms a string") << R"({"task_ms": "5"})"
                                          << "workload.task_ms: must be a number";
        QTest::newRow("fractional n") << R"({"name": "primes", "n": 2.5})"
                                      << "workload.n: must be a whole number";
        QTest::newRow("negative input") << R"({"name": "factorial", "inputs": [1, -2]})"
                                        << "workload.inputs[1]: -2 is out of range";
        QTest::newRow("inputs not an array") << R"({"inputs": 5})"
                                             << "workload.inputs: must be an array";
        QTest::newRow("bytes too large") << R"({"bytes": 99999999999})"
                                         << "workload.bytes: 99999999999 is out of range";
        QTest::newRow("port out of range") << R"({"http_port": 70000})"
                                           << "workload.http_port: 70000 is out of range";
        QTest::newRow("payload_arg size mismatch") << R"({"payload": 3, "payload_arg": "ab"})"
                                                   << "workload.payload_arg: holds 2 bytes but payload is 3";
    }
    void badJson()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        try {
            workloadSpecFromJson(json.toStdString());
            QFAIL("expected std::invalid_argument");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(message), e.what());
        }
    }

    void everyWorkloadInEveryPool_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::addColumn<QString>("pool");
        QTest::addColumn<bool>("gil");
        for (const auto& w : workloadNames()) {
            QTest::newRow((w + " serial").c_str()) << QString::fromStdString(w) << "serial" << false;
            QTest::newRow((w + " thread gil on").c_str()) << QString::fromStdString(w) << "thread" << true;
            QTest::newRow((w + " thread gil off").c_str()) << QString::fromStdString(w) << "thread" << false;
            QTest::newRow((w + " process").c_str()) << QString::fromStdString(w) << "process" << true;
        }
    }
    void everyWorkloadInEveryPool()
    {
        QFETCH(QString, workload);
        QFETCH(QString, pool);
        QFETCH(bool, gil);
        Scenario s = fourSmallTasks(workload, pool, gil);
        s.workload.n = 3000;
        s.workload.rounds = 4;
        s.workload.bytes = 4096;
        s.workload.latencyMs = 2;
        s.workload.ioMs = 2;
        s.workload.cpuMs = 2;
        const RunSummary r = runScenario(s);
        QVERIFY2(r.errorType.empty(), (r.errorType + ": " + r.errorMessage).c_str());
        QCOMPARE(r.completed, s.tasks);
        QCOMPARE(r.failed + r.cancelled + r.unfinished, std::int64_t(0));
        QCOMPARE(r.gilOn, pool == QStringLiteral("thread") && gil);
        if (s.workload.name == "http")
            QCOMPARE(r.resultBytes, 4 * 4096); // load_url returns the body
    }

    // A mixed task tells where its I/O part and its CPU part begin (TaskPhase), in order, from the
    // worker that runs it, in both pools; other workloads emit no TaskPhase at all.
    void mixedTasksEmitTheirPartsInOrder_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::addColumn<QString>("pool");
        QTest::addColumn<bool>("gil");
        QTest::newRow("mixed, thread pool, GIL on") << "mixed"
                                                    << "thread" << true;
        QTest::newRow("mixed, thread pool, GIL off") << "mixed"
                                                     << "thread" << false;
        QTest::newRow("mixed, process pool") << "mixed"
                                             << "process" << false;
        QTest::newRow("http has no parts, thread pool") << "http"
                                                        << "thread" << true;
        QTest::newRow("spin has no parts, process pool") << "spin"
                                                         << "process" << false;
    }
    void mixedTasksEmitTheirPartsInOrder()
    {
        QFETCH(QString, workload);
        QFETCH(QString, pool);
        QFETCH(bool, gil);
        Scenario s = fourSmallTasks(workload, pool, gil);
        s.workload.latencyMs = 2;
        s.workload.ioMs = 20;
        s.workload.cpuMs = 3;
        auto rec = std::make_shared<Recorder>();
        RunOptions o;
        o.sink = rec;
        const RunSummary r = runScenario(s, o);
        QVERIFY2(r.errorType.empty(), (r.errorType + ": " + r.errorMessage).c_str());
        QCOMPARE(r.completed, s.tasks);

        // Per task: the kinds of its TaskStart, TaskPhase and TaskEnd, in seq order, with their part.
        std::map<std::int64_t, std::vector<Event>> steps;
        for (const Event& e : rec->events())
            if (e.kind == EventKind::TaskStart || e.kind == EventKind::TaskPhase ||
                e.kind == EventKind::TaskEnd)
                steps[e.task].push_back(e);
        QCOMPARE(steps.size(), std::size_t(4));
        const bool mixed = workload == QStringLiteral("mixed");
        for (const auto& [task, ev] : steps) {
            QVERIFY2(task >= 0, "a worker's work id is mapped to its future");
            QCOMPARE(ev.size(), mixed ? std::size_t(4) : std::size_t(2));
            QCOMPARE(ev.front().kind, EventKind::TaskStart);
            QCOMPARE(ev.back().kind, EventKind::TaskEnd);
            if (!mixed)
                continue;
            QCOMPARE(ev[1].kind, EventKind::TaskPhase);
            QCOMPARE(ev[1].value, static_cast<std::int64_t>(TaskPart::Io));
            QCOMPARE(ev[2].kind, EventKind::TaskPhase);
            QCOMPARE(ev[2].value, static_cast<std::int64_t>(TaskPart::Cpu));
            for (const Event& e : ev) {
                QCOMPARE(e.worker, ev.front().worker); // stamped by the worker that runs the task
                QVERIFY(e.worker != 0);
            }
            // The I/O part lasts at least the server's latency; the CPU part at least its CPU ms.
            QVERIFY2(ev[2].tNs - ev[1].tNs >= 20'000'000, "the I/O part ends when the response is in");
            QVERIFY2(ev[3].tNs - ev[2].tNs >= 3'000'000, "the CPU part runs until the task ends");
        }
    }
};

QTEST_GUILESS_MAIN(TestWorkload)
#include "tst_workload.moc"
