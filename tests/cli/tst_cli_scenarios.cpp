// poolscope-cli's scenario commands: run --preset/--scenario, compare, sweep,
// presets, --trace, and bad scenario input (exit 2, naming the field).
#include <QJsonArray>
#include <QtTest>

#include <algorithm>
#include <thread>

#include "core/run/csvexport.h"
#include "core/run/runfile.h"
#include "tests/cli/clitesthelpers.h"

namespace {
using poolscope::clitest::CliResult;
using poolscope::clitest::runCli;

QJsonObject jsonOf(const CliResult& r)
{
    QJsonParseError perr{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &perr);
    if (perr.error != QJsonParseError::NoError)
        qWarning("not JSON: %s / %s", r.out.constData(), r.err.constData());
    return doc.object();
}

QString s(const char* t)
{
    return QString::fromUtf8(t);
}
} // namespace

class TestCliScenarios : public QObject
{
    Q_OBJECT
private slots:
    void presetsListsTheTutorial()
    {
        const CliResult r = runCli({s("presets")});
        QCOMPARE(r.exitCode, 0);
        for (const char* name : {"tutorial-io", "tutorial-cpu", "tutorial-mixed", "tutorial-cpu-class"})
            QVERIFY2(r.out.contains(name), name);
        const CliResult j = runCli({s("presets"), s("--json")});
        QCOMPARE(j.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(j.out).array();
        QVERIFY(list.size() >= 8);
        QCOMPARE(list.at(0).toObject().value(s("scenario")).toObject().value(s("format")).toString(),
                 s("poolscope-scenario"));
    }

    void runPresetJson()
    {
        const CliResult r =
            runCli({s("run"), s("--preset"), s("tutorial-io"), s("--json"), s("--latency-ms"), s("20")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = jsonOf(r);
        QCOMPARE(o.value(s("scenario")).toString(), s("tutorial-io"));
        QCOMPARE(o.value(s("completed")).toInt(), 2);
        QCOMPARE(o.value(s("gil")).toString(), s("on"));
        QVERIFY(o.value(s("error")).isNull());
        for (const char* key :
             {"cpu_utilization", "pipe_bytes", "gil_wait_share", "gil_stats", "after_timeout"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
    }

    void timeoutReportsErrorAndAction()
    {
        const CliResult r = runCli({s("run"), s("--preset"), s("tutorial-io-timeout"), s("--json")});
        QCOMPARE(r.exitCode, 1); // the caller saw an exception
        const QJsonObject o = jsonOf(r);
        QCOMPARE(o.value(s("error")).toObject().value(s("type")).toString(), s("TimeoutError"));
        QCOMPARE(o.value(s("error")).toObject().value(s("message")).toString(),
                 s("2 (of 2) futures unfinished"));
        const QJsonObject at = o.value(s("after_timeout")).toObject();
        QCOMPARE(at.value(s("action")).toString(), s("wait"));
        QVERIFY(at.value(s("cost_s")).toDouble() > 0);
    }

    void scenarioFileAndSave()
    {
        QTemporaryDir dir;
        const QString saved = dir.filePath(s("saved.json"));
        CliResult r = runCli({s("run"), s("--workload"), s("hash"), s("--rounds"), s("3"), s("--bytes"),
                              s("1000"), s("--tasks"), s("6"), s("--submit"), s("map"), s("--chunksize"),
                              s("2"), s("--save-scenario"), saved, s("--json")});
        QCOMPARE(r.exitCode, 0);
        r = runCli({s("run"), s("--scenario"), saved, s("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = jsonOf(r);
        QCOMPARE(o.value(s("workload")).toString(), s("hash"));
        QCOMPARE(o.value(s("submit")).toString(), s("map"));
        QCOMPARE(o.value(s("chunksize")).toInt(), 2);
        QCOMPARE(o.value(s("completed")).toInt(), 6);
    }

    void traceWritesChromeAndNative()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath(s("run.json"));
        const CliResult r = runCli({s("run"), s("--tasks"), s("5"), s("--trace"), trace, s("--json")});
        QCOMPARE(r.exitCode, 0);
        QFile chrome(trace);
        QVERIFY(chrome.open(QIODevice::ReadOnly));
        const QJsonObject c = QJsonDocument::fromJson(chrome.readAll()).object();
        QVERIFY(c.value(s("traceEvents")).toArray().size() > 10);
        // The run file reads back with the counts the JSON summary printed.
        const QJsonObject o = jsonOf(r);
        const poolscope::RunFile run = poolscope::readRunFile(QString(trace + s(".pstrace")).toStdString());
        QCOMPARE(run.version, poolscope::kRunFileVersion);
        QCOMPARE(run.meta.createdBy, std::string("poolscope-cli"));
        QVERIFY(run.outcome.has_value());
        QCOMPARE(run.outcome->tasks, 5);
        QCOMPARE(run.outcome->completed, o.value(s("completed")).toInteger());
        QCOMPARE(run.outcome->failed, o.value(s("failed")).toInteger());
        QCOMPARE(run.outcome->cancelled, o.value(s("cancelled")).toInteger());
        QCOMPARE(run.outcome->unfinished, o.value(s("unfinished")).toInteger());
        QCOMPARE(run.outcome->wallS, o.value(s("wall_s")).toDouble());
        QCOMPARE(static_cast<qint64>(run.outcome->eventsTotal), o.value(s("events_total")).toInteger());
        QCOMPARE(static_cast<qint64>(run.events.size()), o.value(s("events_total")).toInteger());
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(run.scenarioJson))
                     .object()
                     .value(s("tasks"))
                     .toInt(),
                 5);
        // Per kind, the events in the file are the ones the summary counted.
        const QJsonObject byKind = o.value(s("events_by_kind")).toObject();
        for (auto it = byKind.begin(); it != byKind.end(); ++it) {
            poolscope::EventKind kind{};
            QVERIFY(poolscope::eventKindFromName(it.key().toStdString(), kind));
            const auto n = std::count_if(run.events.begin(), run.events.end(),
                                         [kind](const poolscope::Event& e) { return e.kind == kind; });
            QCOMPARE(static_cast<qint64>(n), it.value().toInteger());
        }
    }

    void csvExportsHaveARowPerEventAndStage()
    {
        QTemporaryDir dir;
        const QString stages = dir.filePath(s("stages.csv")), events = dir.filePath(s("events.csv"));
        const CliResult r =
            runCli({s("run"), s("--pool"), s("process"), s("--workers"), s("2"), s("--tasks"), s("4"),
                    s("--stages-csv"), stages, s("--events-csv"), events, s("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = jsonOf(r);
        QFile ev(events), st(stages);
        QVERIFY(ev.open(QIODevice::ReadOnly) && st.open(QIODevice::ReadOnly));
        const auto evRows = poolscope::parseCsv(ev.readAll().toStdString());
        QCOMPARE(static_cast<qint64>(evRows.size()), o.value(s("events_total")).toInteger() + 1);
        const auto stRows = poolscope::parseCsv(st.readAll().toStdString());
        QCOMPARE(stRows.at(0).at(2), std::string("stage"));
        // Process pool: queued, waiting for a slot, call queue -> pipe, running, result pipe, resolved.
        QCOMPARE(stRows.size(), std::size_t{4 * 6 + 1});
        const CliResult bad =
            runCli({s("run"), s("--tasks"), s("2"), s("--events-csv"), dir.filePath(s("no/such/x.csv"))});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("no/such/x.csv: cannot write it (No such file or directory)"),
                 bad.err.constData());
    }

    void compareJson()
    {
        const CliResult r = runCli({s("compare"), s("--workload"), s("sleep"), s("--task-ms"), s("20"),
                                    s("--tasks"), s("4"), s("--workers"), s("4"), s("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = jsonOf(r);
        for (const char* mode : {"serial", "thread", "process"})
            QVERIFY2(o.contains(QLatin1String(mode)), mode);
        const QJsonObject serial = o.value(s("serial")).toObject();
        const QJsonObject thread = o.value(s("thread")).toObject();
        for (const char* key :
             {"wall_s", "tasks_per_s", "speedup", "cpu_utilization", "pipe_bytes", "gil_wait_share"})
            QVERIFY2(thread.contains(QLatin1String(key)), key);
        QCOMPARE(serial.value(s("speedup")).toDouble(), 1.0);
        // Four 20 ms sleeps: serial >= 80 ms; four threads overlap them.
        QVERIFY(serial.value(s("wall_s")).toDouble() >= 0.08);
        QVERIFY2(thread.value(s("speedup")).toDouble() > 1.5, r.out.constData());
        // The compare view's numbers: the median per stage (null where no task went), the outcome.
        const QJsonObject stages = o.value(s("process")).toObject().value(s("stage_median_ms")).toObject();
        for (const char* key : {"queued", "wait_slot", "call_pipe", "running", "gil_wait", "result_pipe"})
            QVERIFY2(stages.contains(QLatin1String(key)), key);
        QVERIFY(stages.value(s("running")).toDouble() >= 19.0);
        QVERIFY(stages.value(s("gil_wait")).isNull());
        QVERIFY(thread.value(s("stage_median_ms")).toObject().value(s("call_pipe")).isNull());
        // Which pool the sentence names first is measured: 4 sleeps of 20 ms on 4 workers can tie (a clean
        // machine once gave the processes 1.01x the threads' speed), so only its form is checked here.
        const QString outcome = o.value(s("outcome")).toString();
        QVERIFY2(outcome.contains(s("finished 4 sleep tasks")) && outcome.contains(s("ThreadPoolExecutor")) &&
                     outcome.contains(s("ProcessPoolExecutor")),
                 r.out.constData());
    }

    // The rest of what the compare view shows for a run: its overhead note with the figures it states,
    // and its GIL row (the median wait of the tasks that waited inside their run, and how many did).
    void compareJsonHasTheViewsNotes()
    {
        // 200 noops: every pool costs more per task than the work, so both runs get the note.
        const CliResult r = runCli({s("compare"), s("--workload"), s("noop"), s("--tasks"), s("200"),
                                    s("--workers"), s("2"), s("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = jsonOf(r);
        const double serialWall = o.value(s("serial")).toObject().value(s("wall_s")).toDouble();
        QVERIFY(o.value(s("serial")).toObject().value(s("overhead_note")).isNull());
        for (const char* mode : {"thread", "process"}) {
            const QJsonObject m = o.value(QLatin1String(mode)).toObject();
            // Noops wait for no core: the busy machine is not asked of them.
            QVERIFY(m.contains(s("busy_note")) && m.value(s("busy_note")).isNull());
            const QJsonObject note = m.value(s("overhead_note")).toObject();
            QVERIFY2(note.value(s("text")).toString().startsWith(s("(") + QLatin1String(mode) +
                                                                 s(" pool overhead ~")),
                     r.out.constData());
            // (wall x parallel - serial wall) / tasks, from the run's own numbers.
            const double parallel = note.value(s("parallel")).toDouble();
            QCOMPARE(parallel, 2.0);
            QVERIFY(qFuzzyCompare(note.value(s("overhead_ms_per_task")).toDouble(),
                                  (m.value(s("wall_s")).toDouble() * parallel - serialWall) * 1e3 / 200));
            QVERIFY(qFuzzyCompare(note.value(s("work_ms_per_task")).toDouble(), serialWall * 1e3 / 200));
        }
        // The text output prints the notes the JSON gives.
        const CliResult text = runCli(
            {s("compare"), s("--workload"), s("noop"), s("--tasks"), s("200"), s("--workers"), s("2")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("(process pool overhead ~"), text.out.constData());

        // Spinning threads under the GIL take it from each other inside their tasks.
        const CliResult gil = runCli({s("compare"), s("--workload"), s("spin"), s("--task-ms"), s("20"),
                                      s("--tasks"), s("4"), s("--workers"), s("2"), s("--json")});
        QCOMPARE(gil.exitCode, 0);
        const QJsonObject thread = jsonOf(gil).value(s("thread")).toObject();
        const qint64 waited = thread.value(s("gil_waited_tasks")).toInteger(-1);
        QVERIFY2(waited >= 1 && waited <= 4, gil.out.constData());
        QVERIFY2(thread.value(s("gil_waited_median_ms")).toDouble() > 0, gil.out.constData());
        const QJsonObject process = jsonOf(gil).value(s("process")).toObject();
        QCOMPARE(process.value(s("gil_waited_tasks")).toInteger(-1), 0);
        QVERIFY(process.value(s("gil_waited_median_ms")).isNull());
    }

    // --pair: the window's compare pairs, each side labelled by what differs, against one serial run.
    void comparePairJson()
    {
        const CliResult r = runCli({s("compare"), s("--workload"), s("sleep"), s("--task-ms"), s("20"),
                                    s("--tasks"), s("8"), s("--workers"), s("2"), s("--pool"), s("thread"),
                                    s("--pair"), s("workers"), s("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = jsonOf(r);
        QCOMPARE(o.value(s("pair")).toString(), s("workers"));
        const QJsonArray sides = o.value(s("sides")).toArray();
        QCOMPARE(sides.size(), 3); // one serial run: both sides do the same work
        QCOMPARE(sides[0].toObject().value(s("label")).toString(), s("Serial loop"));
        const QJsonObject a = sides[1].toObject(), b = sides[2].toObject();
        QCOMPARE(a.value(s("label")).toString(), s("ThreadPoolExecutor (GIL on), 2 workers"));
        QCOMPARE(b.value(s("label")).toString(), s("ThreadPoolExecutor (GIL on), 4 workers"));
        QCOMPARE(o.value(s("differences")).toArray().size(), 1);
        // Eight 20 ms sleeps: 4 threads overlap twice as many as 2.
        QVERIFY2(b.value(s("speedup")).toDouble() > a.value(s("speedup")).toDouble(), r.out.constData());
        QVERIFY2(o.value(s("outcome"))
                     .toString()
                     .startsWith(s("ThreadPoolExecutor (GIL on), 4 workers finished 8 sleep tasks")),
                 r.out.constData());
        // The overhead note of each side (null for the serial loop): what the view's note line says.
        for (const auto& side : sides)
            QVERIFY2(side.toObject().contains(s("overhead_note")), r.out.constData());
        QVERIFY(sides[0].toObject().value(s("overhead_note")).isNull());
    }

    // Both sides of --pair gil are thread pools: the text output's notes say which side each is of.
    void comparePairNotesNameTheirSide()
    {
        const CliResult r = runCli({s("compare"), s("--workload"), s("noop"), s("--tasks"), s("200"),
                                    s("--workers"), s("2"), s("--pool"), s("thread"), s("--pair"), s("gil")});
        QCOMPARE(r.exitCode, 0);
        // 200 noops: both sides cost more per task than the work, so both get the overhead note.
        QVERIFY2(r.out.contains("\nA: (thread pool overhead ~") &&
                     r.out.contains("\nB: (thread pool overhead ~"),
                 r.out.constData());
    }

    // --against FILE: side B from a scenario file, a serial run for each side's work when it differs;
    // a bad file is one line naming it and the field.
    void compareAgainstAFile()
    {
        QTemporaryDir dir;
        const QString other = dir.filePath(s("other.json"));
        QCOMPARE(runCli({s("run"), s("--workload"), s("sleep"), s("--task-ms"), s("10"), s("--tasks"), s("2"),
                         s("--save-scenario"), other, s("--json")})
                     .exitCode,
                 0);
        const QString prefix = dir.filePath(s("pair"));
        const CliResult r =
            runCli({s("compare"), s("--workload"), s("sleep"), s("--task-ms"), s("10"), s("--tasks"), s("4"),
                    s("--against"), other, s("--trace"), prefix, s("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray sides = jsonOf(r).value(s("sides")).toArray();
        QCOMPARE(sides.size(), 4);
        QCOMPARE(sides[1].toObject().value(s("label")).toString(), s("Serial loop, sleep x 2"));
        for (const char* side : {"serial", "serial-b", "a", "b"})
            QVERIFY2(QFile::exists(prefix + s("-") + QLatin1String(side) + s(".pstrace")), side);
        QFile bad(dir.filePath(s("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"workers": "many"})");
        bad.close();
        const CliResult b = runCli({s("compare"), s("--against"), bad.fileName()});
        QCOMPARE(b.exitCode, 2);
        QVERIFY2(b.err.contains("bad.json: scenario.workers: must be a whole number") &&
                     b.err.count('\n') == 1,
                 b.err.constData());
    }

    void compareTraceWritesARunFilePerMode()
    {
        QTemporaryDir dir;
        const QString prefix = dir.filePath(s("cmp"));
        const CliResult r = runCli({s("compare"), s("--workload"), s("sleep"), s("--task-ms"), s("5"),
                                    s("--tasks"), s("3"), s("--trace"), prefix, s("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject files = jsonOf(r).value(s("trace")).toObject();
        for (const char* mode : {"serial", "thread", "process"}) {
            const QString path = prefix + s("-") + QLatin1String(mode) + s(".pstrace");
            QCOMPARE(files.value(QLatin1String(mode)).toString(), path);
            const poolscope::RunFile run = poolscope::readRunFile(path.toStdString());
            QVERIFY2(run.scenarioJson.find(std::string("\"pool\":\"") + mode + "\"") != std::string::npos,
                     run.scenarioJson.c_str());
            QVERIFY(run.outcome.has_value());
            QCOMPARE(run.outcome->completed, std::int64_t{3});
        }
        const CliResult bad =
            runCli({s("compare"), s("--tasks"), s("2"), s("--trace"), dir.filePath(s("no/such/cmp"))});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.startsWith("poolscope-cli: ") && bad.err.contains("no/such/cmp-serial.pstrace") &&
                     bad.err.count('\n') == 1,
                 bad.err.constData());
    }

    void sweepJson()
    {
        const CliResult r = runCli({s("sweep"), s("--workers"), s("1..3"), s("--workload"), s("sleep"),
                                    s("--task-ms"), s("10"), s("--tasks"), s("6"), s("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = jsonOf(r);
        const QJsonArray points = o.value(s("points")).toArray();
        QCOMPARE(points.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QJsonObject p = points.at(i).toObject();
            QCOMPARE(p.value(s("workers")).toInt(), i + 1);
            QCOMPARE(p.value(s("ideal")).toDouble(), double(i + 1));
            // The modes of the window's sweep view.
            for (const char* mode : {"thread-gil", "thread-nogil", "process"})
                QVERIFY2(p.value(QLatin1String(mode)).toObject().contains(s("speedup")), mode);
        }
        QVERIFY(o.value(s("serial_wall_s")).toDouble() >= 0.06);
        QVERIFY(o.value(s("cpu_saturates_at")).isNull());
        // Mixed work: where the CPU saturates, cores x (1 + io / cpu), as the sweep view marks it.
        const CliResult mixed = runCli({s("sweep"), s("--workers"), s("1"), s("--workload"), s("mixed"),
                                        s("--io-ms"), s("6"), s("--cpu-ms"), s("2"), s("--tasks"), s("2")});
        QCOMPARE(mixed.exitCode, 0);
        const double cores = std::max(1U, std::thread::hardware_concurrency());
        QVERIFY2(mixed.out.contains(QStringLiteral("the CPU saturates at %1 x (1 + 6 / 2) = %2 workers")
                                        .arg(cores)
                                        .arg(cores * 4, 0, 'f', 1)
                                        .toUtf8()),
                 mixed.out.constData());
        const CliResult mixedJson =
            runCli({s("sweep"), s("--workers"), s("1"), s("--workload"), s("mixed"), s("--io-ms"), s("6"),
                    s("--cpu-ms"), s("2"), s("--tasks"), s("2"), s("--json")});
        QCOMPARE(mixedJson.exitCode, 0);
        QCOMPARE(jsonOf(mixedJson).value(s("cpu_saturates_at")).toDouble(), cores * 4);
    }

    void badInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QByteArray>("file"); // written to a temp file passed as --scenario when not empty
        QTest::newRow("unknown preset")
            << QStringList{s("run"), s("--preset"), s("tutorial-gpu")}
            << s("--preset: must be one of tutorial-io, tutorial-cpu,") << QByteArray();
        QTest::newRow("preset and scenario")
            << QStringList{s("run"), s("--preset"), s("tutorial-io"), s("--scenario"), s("x.json")}
            << s("--preset: cannot be used with --scenario") << QByteArray();
        QTest::newRow("missing scenario file")
            << QStringList{s("run"), s("--scenario"), s("/nonexistent/s.json")}
            << s("/nonexistent/s.json: cannot open the file") << QByteArray();
        QTest::newRow("scenario bad field")
            << QStringList{s("run")} << s("scenario.workers: 0 is out of range")
            << QByteArray(R"({"workers": 0})");
        QTest::newRow("scenario unknown field")
            << QStringList{s("run")} << s("scenario.colour: unknown field")
            << QByteArray(R"({"colour": "red"})");
        QTest::newRow("scenario broken JSON")
            << QStringList{s("run")} << s("scenario: not valid JSON at line 2") << QByteArray("{\n ,}");
        QTest::newRow("gil maybe") << QStringList{s("run"), s("--gil"), s("maybe")}
                                   << s("--gil: must be one of on, off, got 'maybe'") << QByteArray();
        QTest::newRow("bad pool") << QStringList{s("run"), s("--pool"), s("fiber")}
                                  << s("--pool: must be one of thread, process, serial, got 'fiber'")
                                  << QByteArray();
        QTest::newRow("bad inputs")
            << QStringList{s("run"), s("--inputs"), s("1,x")}
            << s("--inputs: must be whole numbers >= 0 separated by commas, got '1,x'") << QByteArray();
        QTest::newRow("chunksize without map")
            << QStringList{s("run"), s("--chunksize"), s("3")}
            << s("--chunksize: only applies to --submit map") << QByteArray();
        QTest::newRow("bad timeout") << QStringList{s("run"), s("--timeout"), s("soon")}
                                     << s("--timeout: must be a number from 0 to 86400 or none, got 'soon'")
                                     << QByteArray();
        QTest::newRow("bad on-timeout")
            << QStringList{s("run"), s("--on-timeout"), s("panic")}
            << s("--on-timeout: must be one of wait, cancel, terminate, kill, got 'panic'") << QByteArray();
        QTest::newRow("sweep range backwards")
            << QStringList{s("sweep"), s("--workers"), s("4..2")}
            << s("--workers: must be N or A..B with 1 <= A <= B <= 1024, got '4..2'") << QByteArray();
        QTest::newRow("compare repeat zero")
            << QStringList{s("compare"), s("--repeat"), s("0")}
            << s("--repeat: must be an integer from 1 to 100, got '0'") << QByteArray();
        QTest::newRow("compare unknown pair")
            << QStringList{s("compare"), s("--pair"), s("chunks")}
            << s("--pair: unknown pair 'chunks' (one of pools, gil, extra-queued-calls, chunksize, workers)")
            << QByteArray();
        QTest::newRow("compare pair and against")
            << QStringList{s("compare"), s("--pair"), s("gil"), s("--against"), s("b.json")}
            << s("--pair and --against: give one or the other, not both") << QByteArray();
        QTest::newRow("trace without events")
            << QStringList{s("run"), s("--no-record"), s("--trace"), s("t.json")}
            << s("--no-record: --trace and --native-trace need the events") << QByteArray();
        QTest::newRow("presets takes no flags")
            << QStringList{s("presets"), s("--tasks"), s("3")} << s("--tasks: unknown flag") << QByteArray();
    }
    void badInputExitsTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QFETCH(QByteArray, file);
        QTemporaryDir dir;
        if (!file.isEmpty()) {
            QFile f(dir.filePath(s("bad.json")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(file);
            f.close();
            args << s("--scenario") << f.fileName();
        }
        const CliResult r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one line
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliScenarios)
#include "tst_cli_scenarios.moc"
