// CSV exports (core/run/csvexport.h): RFC 4180 quoting round-trips through parseCsv; the event log
// and the stage table of real runs parse back to the events and rows they were made from.

#include "core/events/recorder.h"
#include "core/run/csvexport.h"
#include "core/run/runner.h"

#include <map>
#include <QtTest>
#include <set>

using namespace poolscope;

namespace {
std::vector<Event> recordRun(const Scenario& s)
{
    auto rec = std::make_shared<Recorder>();
    RunOptions o;
    o.sink = rec;
    runScenario(s, o);
    return rec->events();
}

std::string joinRow(const std::vector<std::string>& fields)
{
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i)
            out += ',';
        out += csvField(fields[i]);
    }
    out += "\r\n";
    return out;
}

std::int64_t num(const std::string& s)
{
    return std::stoll(s);
}
} // namespace

class TestCsvExport : public QObject
{
    Q_OBJECT

private slots:
    void fieldQuoting_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        QTest::newRow("plain") << "abc"
                               << "abc";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("comma") << "a,b"
                               << "\"a,b\"";
        QTest::newRow("quote doubled") << "say \"hi\""
                                       << "\"say \"\"hi\"\"\"";
        QTest::newRow("line feed") << "a\nb"
                                   << "\"a\nb\"";
        QTest::newRow("carriage return") << "a\rb"
                                         << "\"a\rb\"";
        QTest::newRow("spaces kept as they are") << " a "
                                                 << " a ";
    }
    void fieldQuoting()
    {
        QFETCH(QString, text);
        QFETCH(QString, field);
        QCOMPARE(QString::fromStdString(csvField(text.toStdString())), field);
    }

    void roundTripsAnyFields()
    {
        const std::vector<std::vector<std::string>> rows = {
            {"a", "", "c"},
            {"with,comma", "with \"quotes\"", "line\r\nbreak", "lf\nonly"},
            {"\"", "\"\"", ",", "\xe2\x86\x92 pipe"},
            {""},
            {"last", ""},
        };
        std::string text;
        for (const auto& r : rows)
            text += joinRow(r);
        QVERIFY(parseCsv(text) == rows);
        // Without the final CRLF too.
        text.resize(text.size() - 2);
        QVERIFY(parseCsv(text) == rows);
    }

    void malformedCsvIsAnError_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("unclosed quote") << "a,b\r\n\"c,d\r\n"
                                        << "line 2: a quoted field is not closed";
        QTest::newRow("quote in a plain field") << "a,b\"c\r\n"
                                                << "line 1: a quote inside an unquoted field";
        QTest::newRow("text after the closing quote") << "\"a\"b,c"
                                                      << "line 1: text after a closing quote";
    }
    void malformedCsvIsAnError()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        try {
            parseCsv(text.toStdString());
            QFAIL("parsed");
        } catch (const CsvError& e) {
            QCOMPARE(QString::fromStdString(e.what()), error);
        }
    }

    void eventLogParsesBackToTheEvents()
    {
        Scenario s;
        s.tasks = 6;
        s.workers = 2;
        const auto events = recordRun(s);
        QVERIFY(events.size() > 20);
        // A description with every character that needs quoting.
        const auto describe = [](const Event& e) {
            std::string d = "seq ";
            d += std::to_string(e.seq);
            d += ", \"kind\"\r\n";
            d += eventKindName(e.kind);
            return d;
        };
        const auto rows = parseCsv(eventsCsv(events, describe));
        QCOMPARE(rows.size(), events.size() + 1);
        QVERIFY((rows[0] == std::vector<std::string>{"seq", "time_ns", "kind", "executor", "worker", "task",
                                                     "value", "value2", "held_ns", "description"}));
        std::int64_t t0 = events.front().tNs;
        for (const auto& e : events)
            t0 = std::min(t0, e.tNs);
        for (std::size_t i = 0; i < events.size(); ++i) {
            const auto& r = rows[i + 1];
            const Event& e = events[i];
            QCOMPARE(r.size(), std::size_t{10});
            QCOMPARE(static_cast<std::uint64_t>(num(r[0])), e.seq);
            QCOMPARE(num(r[1]), e.tNs - t0);
            EventKind kind{};
            QVERIFY(eventKindFromName(r[2], kind));
            QCOMPARE(kind, e.kind);
            QCOMPARE(num(r[3]), std::int64_t{e.executor});
            QCOMPARE(num(r[4]), std::int64_t{e.worker});
            QCOMPARE(num(r[5]), e.task);
            QCOMPARE(num(r[6]), e.value);
            QCOMPARE(num(r[7]), e.value2);
            QCOMPARE(num(r[8]), e.wallNs - e.tNs); // never held: 0
            QCOMPARE(r[9], describe(e));
        }
        // Without a describer there is no description column.
        QCOMPARE(parseCsv(eventsCsv(events)).at(1).size(), std::size_t{9});
    }

    void stageTableParsesBackToTheRows_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<bool>("gil");
        QTest::newRow("thread pool, GIL on") << "thread" << true;
        QTest::newRow("process pool") << "process" << false;
    }
    void stageTableParsesBackToTheRows()
    {
        QFETCH(QString, pool);
        QFETCH(bool, gil);
        Scenario s;
        s.pool = pool.toStdString();
        s.tasks = 8;
        s.workers = 2;
        s.workload.name = "spin";
        s.workload.taskMs = 2;
        s.gil = gil;
        const auto events = recordRun(s);
        const auto stages = taskStageRows(events);
        const auto rows = parseCsv(stagesCsv(events));
        QCOMPARE(rows.size(), stages.size() + 1);
        QVERIFY(
            (rows[0] == std::vector<std::string>{"task", "index", "stage", "worker", "start_ns",
                                                 "duration_ns", "bytes", "gil_waits", "io_ns", "cpu_ns"}));
        std::int64_t t0 = events.front().tNs;
        for (const auto& e : events)
            t0 = std::min(t0, e.tNs);
        std::map<std::string, int> perStage;
        std::set<std::int64_t> tasks;
        for (std::size_t i = 0; i < stages.size(); ++i) {
            const auto& r = rows[i + 1];
            const TaskStageRow& st = stages[i];
            QCOMPARE(num(r[0]), st.task);
            QCOMPARE(num(r[1]), st.index);
            QCOMPARE(r[2], std::string(taskStageName(st.stage)));
            QCOMPARE(num(r[3]), std::int64_t{st.worker});
            QCOMPARE(num(r[4]), st.startNs - t0);
            QVERIFY2(st.endNs >= st.startNs, r[2].c_str()); // the run ended: every stage closed
            QCOMPARE(num(r[5]), st.endNs - st.startNs);
            QCOMPARE(r[6].empty(), st.bytes < 0);
            QCOMPARE(num(r[7]), std::int64_t{st.count});
            QVERIFY(!st.hasParts && r[8].empty() && r[9].empty()); // spin tasks have no I/O part
            ++perStage[r[2]];
            tasks.insert(st.task);
        }
        QCOMPARE(tasks.size(), std::size_t{8});
        QCOMPARE(perStage["queued"], 8);
        QCOMPARE(perStage["running"], 8);
        QCOMPARE(perStage["resolved"], 8);
        if (s.pool == "process") {
            QCOMPARE(perStage["call queue \xe2\x86\x92 pipe"], 8);
            QCOMPARE(perStage["result pipe"], 8);
            for (const auto& st : stages)
                if (st.stage == TaskStageId::CallPipe || st.stage == TaskStageId::ResultPipe)
                    QVERIFY(st.bytes > 0);
        } else {
            QCOMPARE(perStage.count("call queue \xe2\x86\x92 pipe"), std::size_t{0});
        }
    }
};

QTEST_GUILESS_MAIN(TestCsvExport)
#include "tst_csvexport.moc"
