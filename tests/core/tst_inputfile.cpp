// The shared input reader (core/run/inputfile.h) and the two readers built on it, scenarios and
// native traces: files that are not regular files, sizes, depth, numbers that do not fit,
// trailing bytes, and corrupted or truncated files, which must all end in one clear error.
#include <QtTest>

#include "core/run/inputfile.h"
#include "core/run/scenario.h"
#include "core/run/trace.h"
#include "tests/testhelpers.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdint>
#include <fstream>
#include <string>
#include <sys/stat.h>

using namespace poolscope;

namespace {

QString s(const char* t)
{
    return QString::fromUtf8(t);
}

std::string nested(const std::string& open, const std::string& leaf, const std::string& close, int depth)
{
    std::string out;
    out.reserve((open.size() + close.size()) * static_cast<std::size_t>(depth) + leaf.size());
    for (int i = 0; i < depth; ++i)
        out += open;
    out += leaf;
    for (int i = 0; i < depth; ++i)
        out += close;
    return out;
}

void writeFile(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// A small trace whose text the corruption tests damage: every kind of row a run writes.
std::string sampleTrace()
{
    std::vector<Event> events;
    std::uint64_t seq = 1;
    for (std::int64_t task = 0; task < 6; ++task) {
        for (auto kind : {EventKind::Submit, EventKind::WorkQueuePut, EventKind::TaskStart,
                          EventKind::TaskEnd, EventKind::FutureState}) {
            Event e;
            e.seq = seq++;
            e.tNs = 1'000'000 * task + static_cast<std::int64_t>(seq) * 1'000;
            e.kind = kind;
            e.executor = 1;
            e.worker = static_cast<std::int32_t>(task % 2 + 1);
            e.task = task;
            e.value = task * 3;
            e.value2 = kind == EventKind::FutureState ? 2 : 0;
            events.push_back(e);
        }
    }
    TraceMeta meta;
    meta.createdBy = "tst_inputfile";
    meta.scenarioJson = R"({"name":"sample","tasks":6,"workload":{"name":"factorial","inputs":[10,20]}})";
    meta.mainPid = 100;
    return nativeTraceJson(events, meta);
}

// Deterministic damage: the same variants on every run, so a failure can be replayed.
std::vector<std::string> corruptions(const std::string& text, int substitutions)
{
    std::vector<std::string> out;
    for (std::size_t cut = 0; cut < text.size(); cut += 3)
        out.push_back(text.substr(0, cut));
    static const char kBytes[] = "9e-+.E[]{}\",:0 \x00\xff";
    std::uint64_t x = 0x2545F4914F6CDD1DULL;
    auto next = [&x] {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        return x;
    };
    for (int i = 0; i < substitutions; ++i) {
        std::string t = text;
        const int edits = 1 + static_cast<int>(next() % 3);
        for (int k = 0; k < edits; ++k)
            t[next() % t.size()] = kBytes[next() % (sizeof kBytes - 1)];
        out.push_back(t);
    }
    return out;
}

} // namespace

class TestInputFile : public QObject
{
    Q_OBJECT
private slots:
    void onlyRegularFilesAreRead_data()
    {
        QTest::addColumn<QString>("path"); // FIFO: a FIFO made in the temp dir
        QTest::addColumn<QString>("message");
        QTest::newRow("empty name") << QString() << s("'': the file name is empty");
        QTest::newRow("missing")
            << s("/nonexistent/s.json")
            << s("/nonexistent/s.json: cannot open the file (No such file or directory)");
        QTest::newRow("directory") << s("/") << s("/: is a directory, not a regular file");
        QTest::newRow("endless device")
            << s("/dev/zero") << s("/dev/zero: is a character device, not a regular file");
        QTest::newRow("fifo without a writer")
            << s("FIFO") << s(": is a FIFO (named pipe), not a regular file");
    }
    void onlyRegularFilesAreRead()
    {
        QFETCH(QString, path);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::string p = path.toStdString();
        if (path == s("FIFO")) {
            p = dir.filePath(s("pipe")).toStdString();
            QCOMPARE(::mkfifo(p.c_str(), 0600), 0);
        }
        QElapsedTimer t;
        t.start();
        {
            const QString what =
                test::thrownMessage<InputError>([&] { readInputFile(p, kMaxScenarioFileBytes); });
            QVERIFY2(what.endsWith(message), qPrintable(what));
        }
        QVERIFY2(t.elapsed() < 2000, "the reader must not wait for a writer");
    }

    void sizeIsLimited()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(s("big.json")).toStdString();
        writeFile(path, std::string(kMaxScenarioFileBytes, ' '));
        QCOMPARE(readInputFile(path, kMaxScenarioFileBytes).size(), kMaxScenarioFileBytes);
        writeFile(path, std::string(kMaxScenarioFileBytes + 1, ' '));
        {
            const QString what =
                test::thrownMessage<InputError>([&] { readInputFile(path, kMaxScenarioFileBytes); });
            QCOMPARE(what, QString::fromStdString(path) +
                               s(": is 1048577 bytes, more than the 1 MiB this reader accepts"));
        }
    }

    void jsonIsCheckedFirst_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message"); // empty: accepted
        QTest::newRow("plain object") << QByteArray(R"({"a": [1, 2.5, "x", null, true]})") << QString();
        QTest::newRow("overflowing float in a field")
            << QByteArray(R"({"tasks": 1e400})")
            << s("scenario.tasks: 1e400 is out of range (not a finite number)");
        QTest::newRow("overflowing float in an array")
            << QByteArray(R"({"a": [1, {"b": -2e999}]})") << s("scenario.a[1].b: -2e999 is out of range");
        QTest::newRow("overflowing bare number")
            << QByteArray("999992e802") << s("scenario: 999992e802 is out of range (not a finite number)");
        QTest::newRow("400 digits") << QByteArray(R"({"n": )") + QByteArray(400, '9') + QByteArray("}")
                                    << s("scenario.n: 9999");
        QTest::newRow("tiny float is zero, not an error") << QByteArray(R"({"x": 1e-400})") << QString();
        QTest::newRow("32 levels") << QByteArray::fromStdString(nested("[", "1", "]", 32)) << QString();
        QTest::newRow("33 levels")
            << QByteArray::fromStdString(nested("[", "1", "]", 33))
            << s("scenario[0][0][0][0].(24 levels)[0][0][0][0]: nested deeper than 32 levels");
        QTest::newRow("200000 levels of objects")
            << QByteArray::fromStdString("{\"workload\":" + nested("{\"a\":", "1", "}", 200'000) + "}")
            << s("scenario.workload.a.a.a.(24 levels).a.a.a.a: nested deeper than 32 levels");
        QTest::newRow("NUL then garbage")
            << QByteArray("{}\0garbage", 10) << s("scenario: not valid JSON at line 1, column 3: a NUL byte");
        QTest::newRow("trailing garbage")
            << QByteArray("{} x") << s("scenario: not valid JSON at line 1, column 4");
        QTest::newRow("two values") << QByteArray("{}\n{}")
                                    << s("scenario: not valid JSON at line 2, column 1");
        QTest::newRow("empty") << QByteArray(" \n") << s("scenario: not valid JSON: the text is empty");
        QTest::newRow("control character in a key")
            << QByteArray("{\"a\\nb\": 1e999}") << s("scenario.a?b: 1e999 is out of range");
    }
    void jsonIsCheckedFirst()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        try {
            checkJsonText(text.toStdString(), "scenario");
            QVERIFY2(message.isEmpty(), "expected InputError");
        } catch (const InputError& e) {
            QVERIFY2(!message.isEmpty() && QString::fromUtf8(e.what()).startsWith(message), e.what());
            QVERIFY2(!QByteArray(e.what()).contains('\n'), "one line");
        }
    }

    void scenarioReaderNeverCrashes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("tasks 1e400") << QByteArray(R"({"tasks": 1e400})")
                                     << s("scenario.tasks: 1e400 is out of range");
        QTest::newRow("workload nested 200000 deep")
            << QByteArray::fromStdString("{\"workload\":" + nested("{\"a\":", "1", "}", 200'000) + "}")
            << s("scenario.workload.a.a.a");
        QTest::newRow("array nested 200000 deep")
            << QByteArray::fromStdString(nested("[", "", "]", 200'000)) << s("scenario[0][0]");
        QTest::newRow("valid, then NUL and garbage") << QByteArray("{\"tasks\": 3}\0\x01\x02garbage", 21)
                                                     << s("scenario: not valid JSON at line 1, column 13");
        QTest::newRow("huge integer") << QByteArray(R"({"tasks": 18446744073709551616})")
                                      << s("scenario.tasks: must be a whole number");
        QTest::newRow("huge negative") << QByteArray(R"({"workers": -9223372036854775809})")
                                       << s("scenario.workers: must be a whole number");
    }
    void scenarioReaderNeverCrashes()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        {
            const QString what =
                test::thrownMessage<ScenarioError>([&] { scenarioFromJson(text.toStdString()); });
            QVERIFY2(what.startsWith(message), qPrintable(what));
        }
    }

    void scenarioFilesNameTheFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(s("s.json")).toStdString();
        writeFile(path, std::string("{\"tasks\": 3}\0garbage", 20));
        {
            const QString what = test::thrownMessage<ScenarioError>([&] { loadScenarioFile(path); });
            QCOMPARE(what, QString::fromStdString(path) +
                               s(": scenario: not valid JSON at line 1, column 13: a NUL byte"));
        }
        {
            const QString what =
                test::thrownMessage<ScenarioError>([&] { loadScenarioFile(dir.path().toStdString()); });
            QCOMPARE(what, dir.path() + s(": is a directory, not a regular file"));
        }
    }

    void corruptedScenariosNeverCrash()
    {
        const std::string good = scenarioToJson(*presetScenario("tutorial-cpu"));
        int accepted = 0, refused = 0;
        for (const std::string& text : corruptions(good, 2000)) {
            try {
                scenarioFromJson(text);
                ++accepted;
            } catch (const ScenarioError&) {
                ++refused;
            }
        }
        QVERIFY(refused > 0);
        QVERIFY(accepted > 0); // a space or a digit for a digit can leave it valid
    }

    void traceReaderNeverCrashes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        const std::string head = R"({"format":"poolscope-trace","version":1,)";
        QTest::newRow("bare overflowing number")
            << QByteArray("999992e802") << s("top level: 999992e802 is out of range (not a finite number)");
        QTest::newRow("scenario nested 50000 deep")
            << QByteArray::fromStdString(head + "\"scenario\":" + nested("{\"a\":", "1", "}", 50'000) + "}")
            << s("scenario.a.a.a");
        QTest::newRow("version too big")
            << QByteArray::fromStdString(head.substr(0, head.size() - 2) + "99999999999}")
            << s("version: 99999999999 is not supported");
        QTest::newRow("t_ns beyond 64 bits")
            << QByteArray::fromStdString(
                   head +
                   R"("kinds":["Submit"],"columns":["seq","t_ns","kind","executor","worker","task","value","value2"],)" +
                   R"("events":[[1,18446744073709551615,0,1,0,1,0,0]]})")
            << s("events[0][1] (t_ns): 18446744073709551615 does not fit in 64 bits");
        QTest::newRow("created_by not text")
            << QByteArray::fromStdString(head + R"("created_by":5})") << s("created_by: must be a string");
    }
    void traceReaderNeverCrashes()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        {
            const QString what =
                test::thrownMessage<TraceError>([&] { parseNativeTrace(text.toStdString()); });
            QVERIFY2(what.startsWith(message), qPrintable(what));
        }
    }

    void corruptedTracesNeverCrash()
    {
        const std::string good = sampleTrace();
        QCOMPARE(parseNativeTrace(good).events.size(), std::size_t{30});
        int accepted = 0, refused = 0;
        for (const std::string& text : corruptions(good, 3000)) {
            try {
                const NativeTrace t = parseNativeTrace(text);
                // What is accepted can be written again.
                TraceMeta meta;
                meta.scenarioJson = t.scenarioJson;
                (void)chromeTraceJson(t.events, meta);
                ++accepted;
            } catch (const TraceError& e) {
                QVERIFY2(!QByteArray(e.what()).contains('\n'), e.what());
                ++refused;
            }
        }
        QVERIFY(refused > 0);
        QVERIFY(accepted > 0);
    }

    void traceFilesNameTheFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(s("t.pstrace")).toStdString();
        writeFile(path, "999992e802");
        {
            const QString what = test::thrownMessage<TraceError>([&] { loadNativeTrace(path); });
            QCOMPARE(what, QString::fromStdString(path) +
                               s(": top level: 999992e802 is out of range (not a finite number)"));
        }
    }
};

QTEST_GUILESS_MAIN(TestInputFile)
#include "tst_inputfile.moc"
