// The run file (core/run/runfile.h): every field round-trips; a truncated, corrupted or
// future-version file is refused with one line naming the byte and the event; counts in the head
// never make the reader allocate more than the file justifies; the old JSON trace still reads.

#include "core/events/recorder.h"
#include "core/run/runfile.h"
#include "core/run/runner.h"
#include "core/run/scenario.h"
#include "core/run/trace.h"

#include <cstring>
#include <fstream>
#include <QtTest>
#include <sstream>

using namespace poolscope;

namespace {

RunFile sample(std::size_t events = 6)
{
    RunFile r;
    r.meta.poolscopeVersion = "9.8.7";
    r.meta.createdBy = "tst_runfile";
    r.meta.cores = 2;
    r.meta.dateUtc = "2026-12-01T13:52:54Z";
    r.meta.platform = "Linux 6.1.0 x86_64";
    r.meta.pythonVersion = "3.12";
    r.meta.startMethod = "fork";
    r.meta.mainPid = 4242;
    r.scenarioJson = R"({"name":"t","pool":"process","tasks":3})";
    for (std::size_t i = 0; i < events; ++i) {
        Event e;
        e.seq = 3 * i + 1;
        e.tNs = 1'000'000'000'000 + static_cast<std::int64_t>(i) * 17 - 5;
        e.kind = static_cast<EventKind>((i * 7) % kEventKindCount);
        e.executor = static_cast<std::uint16_t>(65535 - i);
        e.worker = -static_cast<std::int32_t>(i) * 1000;
        e.task = static_cast<std::int64_t>(i) - 1;
        e.value = INT64_MIN + static_cast<std::int64_t>(i);
        e.value2 = INT64_MAX - static_cast<std::int64_t>(i);
        // Held at a paused gate before the third event and again before the fifth.
        e.wallNs = e.tNs + (i >= 2 ? 5'000'000'000 : 0) + (i >= 4 ? 700 : 0);
        r.events.push_back(e);
    }
    RunOutcome o;
    o.tasks = 3;
    o.completed = 1;
    o.failed = 1;
    o.cancelled = 1;
    o.unfinished = 0;
    o.notTaken = 2;
    o.wallS = 0.125;
    o.cpuS = 0.25;
    o.pipeBytes = 1234;
    o.resultBytes = 56;
    o.eventsTotal = 99;
    o.eventsNotRecorded = 93;
    o.errorType = "TimeoutError";
    o.errorMessage = "2 (of 3) futures unfinished";
    o.firstTaskError = "ValueError: bad";
    o.broken = true;
    o.brokenMessage = "A child process terminated abruptly";
    o.killedPid = 777;
    r.outcome = o;
    r.notes = {
        {.afterSeq = 4, .kind = RunNote::Kind::Result, .task = 0, .type = "", .text = "120"},
        {.afterSeq = 7, .kind = RunNote::Kind::Exception, .task = 1, .type = "ValueError", .text = "bad"},
        {.afterSeq = 7, .kind = RunNote::Kind::Cancelled, .task = 2, .type = "", .text = ""},
        {.afterSeq = 16,
         .kind = RunNote::Kind::CallerError,
         .task = -1,
         .type = "TimeoutError",
         .text = "2 (of 3) futures unfinished"}};
    return r;
}

bool sameEvents(const std::vector<Event>& a, const std::vector<Event>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].seq != b[i].seq || a[i].tNs != b[i].tNs || a[i].kind != b[i].kind ||
            a[i].executor != b[i].executor || a[i].worker != b[i].worker || a[i].task != b[i].task ||
            a[i].value != b[i].value || a[i].value2 != b[i].value2 || a[i].wallNs != b[i].wallNs)
            return false;
    return true;
}

QString errorOf(const std::string& bytes)
{
    try {
        parseRunFile(bytes, "t.pstrace");
    } catch (const RunFileError& e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

template <typename T> void poke(std::string& bytes, std::size_t at, T v)
{
    std::memcpy(bytes.data() + at, &v, sizeof v);
}

std::uint64_t headerLen(const std::string& bytes)
{
    std::uint64_t n;
    std::memcpy(&n, bytes.data() + 16, 8);
    return n;
}

} // namespace

class TestRunFile : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsEveryField()
    {
        const RunFile in = sample();
        const RunFile out = parseRunFile(runFileBytes(in), "t");
        QCOMPARE(out.version, kRunFileVersion);
        QCOMPARE(out.meta.poolscopeVersion, in.meta.poolscopeVersion);
        QCOMPARE(out.meta.createdBy, in.meta.createdBy);
        QCOMPARE(out.meta.cores, in.meta.cores);
        QCOMPARE(out.meta.dateUtc, in.meta.dateUtc);
        QCOMPARE(out.meta.platform, in.meta.platform);
        QCOMPARE(out.meta.pythonVersion, in.meta.pythonVersion);
        QCOMPARE(out.meta.startMethod, in.meta.startMethod);
        QCOMPARE(out.meta.mainPid, in.meta.mainPid);
        QCOMPARE(out.scenarioJson, in.scenarioJson);
        QVERIFY(out.outcome.has_value());
        QVERIFY(*out.outcome == *in.outcome);
        QVERIFY(sameEvents(out.events, in.events));
        QVERIFY(out.notes == in.notes);
    }

    // A run held at its 10th event for 150 ms: the file gives back each event's wall clock.
    void keepsTheWallClockOfAHeldRun()
    {
        Scenario s;
        s.pool = "thread";
        s.workers = 2;
        s.tasks = 6;
        s.workload.name = "sleep";
        s.workload.taskMs = 5;
        auto recorder = std::make_shared<Recorder>();
        RunOptions o;
        o.sink = recorder;
        o.gate.pauseAt = 10;
        o.gate.pauseForMs = 150;
        runScenario(s, o);
        RunFile in;
        in.events = recorder->events();
        QVERIFY(in.events.size() > 20);
        const Event& last = in.events.back();
        QVERIFY2(last.wallNs - last.tNs >= 140'000'000, qPrintable(QString::number(last.wallNs - last.tNs)));
        const std::string bytes = runFileBytes(in);
        QVERIFY(bytes.find("\"held\":[[") != std::string::npos);
        const RunFile out = parseRunFile(bytes, "t");
        QVERIFY(sameEvents(out.events, in.events));
    }

    void heldThatOverflowsIsAnError()
    {
        std::string bytes = runFileBytes(sample(6));
        const std::size_t at = kRunFileHeadBytes + headerLen(bytes) + 5 * kRunFileRecordBytes + 8;
        poke<std::int64_t>(bytes, at, INT64_MAX - 10);
        QCOMPARE(errorOf(bytes),
                 QStringLiteral("t.pstrace: byte %1 (event 5): t_ns 9223372036854775797 + held_ns "
                                "5000000700 overflows")
                     .arg(at));
    }

    void roundTripsThroughAFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("r.pstrace")).toStdString();
        RunFile in = sample(40000); // more than one read chunk
        in.outcome.reset();
        in.scenarioJson.clear();
        in.meta.startMethod.clear();
        writeRunFile(path, in);
        const RunFile out = readRunFile(path);
        QVERIFY(!out.outcome.has_value());
        QVERIFY(out.scenarioJson.empty());
        QVERIFY(out.meta.startMethod.empty());
        QVERIFY(sameEvents(out.events, in.events));
        // Nothing but the file itself is left in the folder (no temporary).
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
    }

    void emptyRunRoundTrips()
    {
        RunFile in;
        const RunFile out = parseRunFile(runFileBytes(in), "t");
        QVERIFY(out.events.empty());
    }

    void currentMetaDescribesThisMachine()
    {
        const RunMeta m = currentRunMeta("x", "process");
        QVERIFY(m.cores >= 1);
        QCOMPARE(m.dateUtc.size(), std::size_t{20});
        QVERIFY(QDateTime::fromString(QString::fromStdString(m.dateUtc), Qt::ISODate).isValid());
        QCOMPARE(m.startMethod, std::string("fork"));
        QCOMPARE(currentRunMeta("x", "thread").startMethod, std::string());
        QVERIFY(!m.poolscopeVersion.empty());
        QVERIFY(!m.pythonVersion.empty());
    }

    void truncatedAtEveryByteIsAnError()
    {
        const std::string bytes = runFileBytes(sample(3));
        for (std::size_t n = 0; n < bytes.size(); ++n) {
            const QString e = errorOf(bytes.substr(0, n));
            QVERIFY2(e.startsWith(QStringLiteral("t.pstrace: byte ")),
                     qPrintable(QString::number(n) + QStringLiteral(": ") + e));
            QVERIFY2(!e.contains(QLatin1Char('\n')), qPrintable(e));
        }
        // Inside the records the message names the event and the byte where the file ends.
        const std::size_t eventsAt = kRunFileHeadBytes + headerLen(bytes);
        QCOMPARE(
            errorOf(bytes.substr(0, eventsAt + kRunFileRecordBytes + 5)),
            QStringLiteral("t.pstrace: byte %1 (event 1): the file ends inside event 1 (the head declares 3 "
                           "events; it is truncated)")
                .arg(eventsAt + kRunFileRecordBytes));
    }

    void badHeadsNameTheByte_data()
    {
        QTest::addColumn<int>("at");
        QTest::addColumn<quint64>("value");
        QTest::addColumn<int>("width");
        QTest::addColumn<QString>("expected");
        QTest::newRow("signature")
            << 1 << quint64('X') << 1
            << "t.pstrace: byte 0: not a PoolScope run file (it does not start with the "
               "run-file signature \\x89PSRUN\\r\\n)";
        QTest::newRow("future version")
            << 8 << quint64(3) << 4
            << "t.pstrace: byte 8: format version 3 is newer than this build reads "
               "(2): open it with a newer PoolScope";
        QTest::newRow("version 0")
            << 8 << quint64(0) << 4
            << "t.pstrace: byte 8: format version 0 is not a binary run-file version (2)";
        QTest::newRow("record size")
            << 12 << quint64(40) << 4
            << "t.pstrace: byte 12: record size 40 is not 48 (the file is corrupted)";
        QTest::newRow("huge header") << 16 << quint64(1) << 8 << "";
        QTest::newRow("huge count") << 24 << quint64(0x0fffffffffffffff) << 8 << "";
        QTest::newRow("header checksum") << 32 << quint64(0) << 4 << "";
        QTest::newRow("events checksum") << 36 << quint64(0) << 4 << "";
    }
    void badHeadsNameTheByte()
    {
        QFETCH(int, at);
        QFETCH(quint64, value);
        QFETCH(int, width);
        QFETCH(QString, expected);
        std::string bytes = runFileBytes(sample(3));
        const std::uint64_t h = headerLen(bytes);
        const std::size_t eventsAt = kRunFileHeadBytes + h;
        if (at == 16)
            value = h + (std::uint64_t{1} << 40);
        if (width == 1)
            poke<std::uint8_t>(bytes, at, static_cast<std::uint8_t>(value));
        else if (width == 4)
            poke<std::uint32_t>(bytes, at, static_cast<std::uint32_t>(value));
        else
            poke<std::uint64_t>(bytes, at, value);
        if (at == 16)
            expected = QStringLiteral(
                           "t.pstrace: byte 16: header length %1 is more than the 16 MiB a header may have")
                           .arg(value);
        if (at == 24)
            expected = QStringLiteral(
                           "t.pstrace: byte %1 (event 3): the file ends inside event 3 (the head declares "
                           "%2 events; it is truncated)")
                           .arg(eventsAt + 3 * kRunFileRecordBytes)
                           .arg(value);
        if (at == 32)
            expected = QStringLiteral(
                           "t.pstrace: byte 40: the JSON header's CRC-32 does not match (bytes 40..%1 are "
                           "corrupted)")
                           .arg(eventsAt - 1);
        if (at == 36)
            expected =
                QStringLiteral("t.pstrace: byte %1: the events' CRC-32 does not match (bytes %1..%2, events "
                               "0..2, are corrupted)")
                    .arg(eventsAt)
                    .arg(eventsAt + 3 * kRunFileRecordBytes - 1);
        QCOMPARE(errorOf(bytes), expected);
    }

    void trailingBytesAreAnError()
    {
        const std::string bytes = runFileBytes(sample(2));
        QCOMPARE(errorOf(bytes + "xy"),
                 QStringLiteral("t.pstrace: byte %1: 2 bytes after the last event (the file is corrupted)")
                     .arg(bytes.size()));
    }

    void badRecordsNameTheEvent_data()
    {
        QTest::addColumn<int>("event");
        QTest::addColumn<int>("field");
        QTest::addColumn<quint64>("value");
        QTest::addColumn<QString>("what");
        QTest::newRow("kind out of range")
            << 2 << 16 << quint64(999) << "kind index 999 is out of range (0..%1)";
        QTest::newRow("seq does not increase")
            << 3 << 0 << quint64(7) << "seq 7 does not increase (previous 7)";
        QTest::newRow("seq zero") << 0 << 0 << quint64(0) << "seq 0 must be > 0";
    }
    void badRecordsNameTheEvent()
    {
        QFETCH(int, event);
        QFETCH(int, field);
        QFETCH(quint64, value);
        QFETCH(QString, what);
        std::string bytes = runFileBytes(sample(5));
        const std::size_t at = kRunFileHeadBytes + headerLen(bytes) + event * kRunFileRecordBytes + field;
        if (field == 16)
            poke<std::uint16_t>(bytes, at, static_cast<std::uint16_t>(value));
        else
            poke<std::uint64_t>(bytes, at, value);
        if (what.contains(QLatin1String("%1")))
            what = what.arg(kEventKindCount - 1);
        QCOMPARE(errorOf(bytes),
                 QStringLiteral("t.pstrace: byte %1 (event %2): %3").arg(at).arg(event).arg(what));
    }

    void badHeaderFieldsNameTheField_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cores not a number")
            << "\"cores\":2"
            << "\"cores\":\"x\""
            << "byte 40 (header.meta.cores): must be a whole number, got \"x\"";
        QTest::newRow("format") << "poolscope-run"
                                << "poolscope-xxx"
                                << "byte 40 (header.format): must be \"poolscope-run\"";
        QTest::newRow("completed negative")
            << "\"completed\":1"
            << "\"completed\":-1"
            << "byte 40 (header.outcome.completed): -1 is out of range (0..9223372036854775807)";
        QTest::newRow("held not pairs") << "\"held\":[[7,5000000000]"
                                        << "\"held\":[[7]"
                                        << "byte 40 (header.held[0]): must be a [seq, held_ns] pair, got [7]";
        QTest::newRow("held negative") << "[7,5000000000]"
                                       << "[7,-1]"
                                       << "byte 40 (header.held[0].held_ns): -1 is out of range";
        QTest::newRow("held seq not increasing") << "[13,5000000700]"
                                                 << "[7,5000000700]"
                                                 << "byte 40 (header.held[1].seq): 7 does not increase";
        QTest::newRow("note kind")
            << "\"kind\":\"cancelled\""
            << "\"kind\":\"lost\""
            << "byte 40 (header.notes[2].kind): must be result, exception, cancelled or "
               "caller_error, got \"lost\"";
        QTest::newRow("note goes back") << "{\"after_seq\":16"
                                        << "{\"after_seq\":1"
                                        << "byte 40 (header.notes[3].after_seq): 1 goes back (previous 7)";
        QTest::newRow("not JSON") << "{"
                                  << "["
                                  << "byte 40: header: not valid JSON";
    }
    void badHeaderFieldsNameTheField()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, expected);
        const RunFile r = sample(6);
        const std::string bytes = runFileBytes(r);
        std::string header = bytes.substr(kRunFileHeadBytes, headerLen(bytes));
        const std::size_t pos = header.find(from.toStdString());
        QVERIFY(pos != std::string::npos);
        header.replace(pos, static_cast<std::size_t>(from.size()), to.toStdString());
        const std::string edited = withHeader(bytes, header);
        const QString e = errorOf(edited);
        QVERIFY2(e.startsWith(QStringLiteral("t.pstrace: ") + expected), qPrintable(e));
    }

    void headerMustBeAnObject()
    {
        const std::string bytes = runFileBytes(sample(1));
        QCOMPARE(errorOf(withHeader(bytes, "[1]")),
                 QStringLiteral("t.pstrace: byte 40 (header): must be a JSON object"));
    }

    void emptyRunWithABadChecksum()
    {
        std::string bytes = runFileBytes(RunFile{});
        poke<std::uint32_t>(bytes, 36, 7);
        QCOMPARE(errorOf(bytes),
                 QStringLiteral("t.pstrace: byte %1: the events' CRC-32 is not that of no events (the "
                                "head is corrupted)")
                     .arg(bytes.size()));
    }

    void unknownKindInTableReadsUntilUsed()
    {
        const std::string bytes = runFileBytes(sample(3));
        std::string header = bytes.substr(kRunFileHeadBytes, headerLen(bytes));
        // sample(3) uses kinds 0, 7 and 14; rename kind 1 (unused) and then kind 0 (used).
        const std::string k1 = "\"" + std::string(eventKindName(static_cast<EventKind>(1))) + "\"";
        std::string h1 = header;
        h1.replace(h1.find(k1), k1.size(), "\"SomeNewerKind\"");
        QCOMPARE(parseRunFile(withHeader(bytes, h1), "t").events.size(), std::size_t{3});
        const std::string k0 = "\"" + std::string(eventKindName(static_cast<EventKind>(0))) + "\"";
        std::string h0 = header;
        h0.replace(h0.find(k0), k0.size(), "\"SomeNewerKind\"");
        const std::string edited = withHeader(bytes, h0);
        const std::size_t at = kRunFileHeadBytes + h0.size() + 16;
        QCOMPARE(
            errorOf(edited),
            QStringLiteral("t.pstrace: byte %1 (event 0): kind \"SomeNewerKind\" is not one this build knows "
                           "(written by a newer PoolScope?)")
                .arg(at));
    }

    void readsTheOldJsonTrace()
    {
        RunFile in = sample(4);
        for (Event& e : in.events)
            e.wallNs = e.tNs; // version 1 kept the run clock only
        TraceMeta meta;
        meta.createdBy = "old";
        meta.scenarioJson = in.scenarioJson;
        const RunFile out = parseRunFile(nativeTraceJson(in.events, meta), "t.pstrace");
        QCOMPARE(out.version, 1);
        QCOMPARE(out.meta.createdBy, std::string("old"));
        QVERIFY(!out.outcome.has_value());
        QVERIFY(sameEvents(out.events, in.events));
        QCOMPARE(
            errorOf("{\"format\": \"x\"}"),
            QStringLiteral("t.pstrace: (JSON native trace, version 1) format: must be \"poolscope-trace\""));
    }

    // A file written before TaskPhase existed (the fuzz corpus keeps one): its kinds table is read
    // by name, so every event keeps its kind although the kinds after TaskEnd moved one index on.
    void readsAFileWrittenBeforeTaskPhase()
    {
        const std::string path = POOLSCOPE_SOURCE_DIR "/fuzz/corpus/runfile/process-noop.pstrace";
        std::ifstream in(path, std::ios::binary);
        std::stringstream raw;
        raw << in.rdbuf();
        const std::string bytes = raw.str();
        QVERIFY2(!bytes.empty(), path.c_str());
        const std::string header = bytes.substr(kRunFileHeadBytes, headerLen(bytes));
        // The file's own kinds table, in its order.
        std::vector<std::string> kinds;
        const std::size_t from = header.find("\"kinds\":[") + 9;
        const std::size_t to = header.find(']', from);
        for (std::size_t at = from; at < to;) {
            const std::size_t open = header.find('"', at);
            const std::size_t close = header.find('"', open + 1);
            if (open >= to)
                break;
            kinds.push_back(header.substr(open + 1, close - open - 1));
            at = close + 1;
        }
        QVERIFY(std::find(kinds.begin(), kinds.end(), "TaskPhase") == kinds.end());
        const RunFile out = readRunFile(path);
        QVERIFY(!out.events.empty());
        int moved = 0;
        for (std::size_t i = 0; i < out.events.size(); ++i) {
            std::uint16_t index = 0;
            std::memcpy(&index,
                        bytes.data() + kRunFileHeadBytes + header.size() + i * kRunFileRecordBytes + 16,
                        sizeof index);
            QCOMPARE(QString::fromStdString(kinds.at(index)),
                     QString::fromLatin1(eventKindName(out.events[i].kind)));
            moved += static_cast<int>(out.events[i].kind) != index ? 1 : 0;
        }
        QVERIFY2(moved > 0, "the file has events of kinds whose index this build moved");
    }

    // A recorded mixed run keeps its TaskPhase events, two per task, through a run file.
    void mixedRunKeepsItsPartsThroughARunFile()
    {
        Scenario s;
        s.pool = "thread";
        s.workers = 2;
        s.tasks = 3;
        s.workload.name = "mixed";
        s.workload.ioMs = 2;
        s.workload.cpuMs = 1;
        auto rec = std::make_shared<Recorder>();
        RunOptions o;
        o.sink = rec;
        QCOMPARE(runScenario(s, o).completed, std::int64_t(3));
        RunFile in;
        in.events = rec->events();
        const RunFile out = parseRunFile(runFileBytes(in), "t.pstrace");
        QVERIFY(sameEvents(out.events, in.events));
        QCOMPARE(std::count_if(out.events.begin(), out.events.end(),
                               [](const Event& e) { return e.kind == EventKind::TaskPhase; }),
                 std::ptrdiff_t(6));
    }

    void fileErrorsNameThePath()
    {
        QTemporaryDir dir;
        try {
            readRunFile(dir.path().toStdString());
            QFAIL("a directory was read");
        } catch (const RunFileError& e) {
            QVERIFY2(QString::fromStdString(e.what()).endsWith(
                         QLatin1String("is a directory, not a regular file")),
                     e.what());
        }
        const std::string path = dir.filePath(QStringLiteral("cut.pstrace")).toStdString();
        writeRunFile(path, sample(3));
        QVERIFY(QFile::resize(QString::fromStdString(path), 50));
        try {
            readRunFile(path);
            QFAIL("a truncated file was read");
        } catch (const RunFileError& e) {
            QCOMPARE(
                QString::fromStdString(e.what()),
                QString::fromStdString(path) +
                    QStringLiteral(": byte 50: the file ends inside the JSON header (bytes 40..%1; it is "
                                   "truncated)")
                        .arg(kRunFileHeadBytes + headerLen(runFileBytes(sample(3))) - 1));
            QCOMPARE(e.offset, 50);
        }
        try {
            writeRunFile(dir.filePath(QStringLiteral("no/such/dir/x")).toStdString(), sample(1));
            QFAIL("wrote into a missing folder");
        } catch (const RunFileError& e) {
            QVERIFY2(
                QString::fromStdString(e.what()).contains(QLatin1String("cannot create a file beside it")),
                e.what());
        }
    }

    void writerRefusesWhatTheReaderWould()
    {
        RunFile r = sample(3);
        r.events[2].seq = r.events[1].seq;
        QVERIFY_THROWS_EXCEPTION(RunFileError, runFileBytes(r));
        r = sample(1);
        r.scenarioJson = "[1]";
        QVERIFY_THROWS_EXCEPTION(RunFileError, runFileBytes(r));
        r = sample(6);
        std::swap(r.notes[0], r.notes[3]);
        QVERIFY_THROWS_EXCEPTION(RunFileError, runFileBytes(r));
    }

private:
    // `bytes` with its JSON header replaced by `header`, the head's length and CRC fixed up, so
    // that the header's own checks are what fails.
    static std::string withHeader(const std::string& bytes, const std::string& header)
    {
        const std::uint64_t oldLen = headerLen(bytes);
        std::string out =
            bytes.substr(0, kRunFileHeadBytes) + header + bytes.substr(kRunFileHeadBytes + oldLen);
        poke<std::uint64_t>(out, 16, header.size());
        poke<std::uint32_t>(out, 32, crc32(header));
        return out;
    }
    static std::uint32_t crc32(const std::string& s)
    {
        std::uint32_t c = 0xffffffffu;
        for (unsigned char b : s) {
            c ^= b;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
};

QTEST_GUILESS_MAIN(TestRunFile)
#include "tst_runfile.moc"
