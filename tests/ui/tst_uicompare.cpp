// The compare view: on CPU-bound work (factorials) it shows the process pool faster and the GIL
// threads at about 1x serial, marks the larger of each pair and states the outcome as the CLI does;
// the lockstep scrubber moves both scenes to the same time after each run's first submit; two run
// files open as a comparison and a bad one gives one line naming it; Cancel leaves no child process;
// any other pair can be picked (the GIL on and off, extra_queued_calls, chunksize, worker counts, a
// scenario file per side), labelled by what differs; the pools can run at the same time, with a note
// when CPU-bound work then shares the cores; the same from the command line.

#include "core/run/comparison.h"
#include "core/run/overheadnote.h"
#include "core/run/runfile.h"
#include "ui/compare/comparejob.h"
#include "ui/compare/comparepane.h"
#include "ui/compare/comparetable.h"
#include "ui/compare/compareview.h"
#include "ui/compare/lockstepscrubber.h"
#include "ui/run/runcontroller.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <thread>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

// Child processes of this process, over all its threads (the process pool forks from the job's thread).
QStringList childProcesses()
{
    QStringList out;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& t : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(t + QStringLiteral("/children")));
        if (f.open(QIODevice::ReadOnly))
            out += QString::fromLatin1(f.readAll()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    return out;
}

// compare-cpu made short: 4 factorials of about 60 ms on 2 workers (serial about 0.25 s).
Scenario shortCpu()
{
    Scenario s = *presetScenario("compare-cpu");
    s.tasks = 4;
    s.workload.targetMs = 60;
    return s;
}

// What `poolscope-cli compare --trace` writes for one mode (app/cli/comparecommand.cpp).
void writeModeFile(const QString& path, const Scenario& sc, const ModeResult& m)
{
    Scenario own = sc;
    own.pool = m.mode;
    if (m.mode != "process") {
        own.maxTasksPerChild = 0;
        own.killWorkerAfter.reset();
    }
    RunFile run;
    run.meta = currentRunMeta("poolscope-cli", m.mode);
    run.scenarioJson = scenarioToJson(own, -1);
    run.events = m.events[m.medianRun];
    run.outcome = outcomeFromSummary(m.median, sc.tasks, m.medianMeasures.eventsNotRecorded);
    writeRunFile(path.toStdString(), run);
}

const RecordedRun& runOf(const CompareView& view, const std::string& mode)
{
    for (const RecordedRun& r : view.runs())
        if (r.mode == mode)
            return r;
    QTest::qFail("no such run", __FILE__, __LINE__);
    return view.runs().front();
}

int columnOf(const CompareView& view, const std::string& mode)
{
    for (std::size_t i = 0; i < view.runs().size(); ++i)
        if (view.runs()[i].mode == mode)
            return static_cast<int>(i);
    return -2;
}

} // namespace

class TestUiCompare : public QObject
{
    Q_OBJECT

    RunController m_controller;
    std::unique_ptr<CompareView> m_view; // the factorial comparison, run once for the rows below
    QTemporaryDir m_dir;

private Q_SLOTS:
    void gilRowAgreesWithTheShare_data()
    {
        QTest::addColumn<double>("share");
        QTest::addColumn<int>("waited");
        QTest::addColumn<QString>("cell");
        QTest::newRow("waits only between tasks: said so beside the share")
            << 0.626 << 0 << QStringLiteral("none of 8 tasks (the waits fell between tasks)");
        QTest::newRow("no wait at all: none") << 0.0 << 0 << QStringLiteral("none of 8 tasks");
        QTest::newRow("tasks that waited: their median and how many")
            << 0.4 << 3 << QStringLiteral("2.5 ms (3 of 8 tasks)");
    }
    void gilRowAgreesWithTheShare()
    {
        QFETCH(double, share);
        QFETCH(int, waited);
        QFETCH(QString, cell);
        RecordedRun run;
        run.mode = "thread";
        run.measures.mode = "thread";
        run.measures.gilOn = true;
        run.measures.tasks = 8;
        run.measures.gilWaitShare = share;
        run.measures.gilWaitedTasks = waited;
        if (waited > 0)
            run.measures.gilWaitedMedianMs = 2.5;
        CompareTable table;
        table.setRuns({run});
        const auto gil = std::find(kMeasuredStages.begin(), kMeasuredStages.end(), TaskStageId::GilWait);
        const int row = CompareTable::FirstStageRow + static_cast<int>(gil - kMeasuredStages.begin());
        // The row is the wait inside a task's run, what the share above it is not.
        QCOMPARE(table.verticalHeaderItem(row)->text(), QStringLiteral("median GIL wait inside a task"));
        QCOMPARE(table.item(row, 0)->text().remove(QStringLiteral("▲ ")), cell);
    }

    // A noop's stages last microseconds: each median is shown in the unit that reads best, not "0.00 ms".
    void stageMediansReadInTheirUnit_data()
    {
        QTest::addColumn<double>("ms");
        QTest::addColumn<QString>("cell");
        QTest::newRow("a noop's run: microseconds") << 0.0042 << QStringLiteral("4.2 µs");
        QTest::newRow("a queue's wait: milliseconds") << 0.23 << QStringLiteral("230 µs");
        QTest::newRow("a factorial's run") << 61.4 << QStringLiteral("61 ms");
        QTest::newRow("a long sleep: seconds") << 1500.0 << QStringLiteral("1.50 s");
    }
    void stageMediansReadInTheirUnit()
    {
        QFETCH(double, ms);
        QFETCH(QString, cell);
        RecordedRun run;
        run.mode = "thread";
        run.measures.mode = "thread";
        run.measures.tasks = 8;
        const auto running = std::find(kMeasuredStages.begin(), kMeasuredStages.end(), TaskStageId::Running);
        run.measures.stageMedianMs[static_cast<std::size_t>(running - kMeasuredStages.begin())] = ms;
        CompareTable table;
        table.setRuns({run});
        const int row = CompareTable::FirstStageRow + static_cast<int>(running - kMeasuredStages.begin());
        QCOMPARE(table.item(row, 0)->text().remove(QStringLiteral("▲ ")), cell);
    }

    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Two small scenarios for the command line's side A and side B.
        Scenario a = *presetScenario("compare-io");
        a.pool = "thread";
        a.tasks = 4;
        a.workload.name = "sleep";
        a.workload.taskMs = 20;
        saveScenarioFile(a, m_dir.filePath(QStringLiteral("a.json")).toStdString());
        a.workers = 4;
        saveScenarioFile(a, m_dir.filePath(QStringLiteral("b.json")).toStdString());
        QFile bad(m_dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(QByteArray::fromStdString(scenarioToJson(a)).replace("\"workers\": 4", "\"workers\": 0"));
        bad.close();
        m_view = std::make_unique<CompareView>(&m_controller);
        m_view->resize(1280, 720);
        m_view->show();
        m_view->setScenario(shortCpu());
        QSignalSpy progress(m_view->job(), &CompareJob::progress);
        QSignalSpy finished(m_view.get(), &CompareView::finished);
        m_view->start(3); // the median of three rounds: the machine is shared
        QVERIFY(m_view->running());
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(progress.size(), 9); // serial, thread, process, one after another, three rounds
        QCOMPARE(m_view->runs().size(), std::size_t(3));
    }

    void factorialWorkload_data()
    {
        QTest::addColumn<QString>("check"); // what the row checks
        QTest::newRow("process pool faster than GIL threads") << QStringLiteral("process faster");
        QTest::newRow("GIL threads at about 1x serial") << QStringLiteral("threads 1x");
        QTest::newRow("process pool faster than serial") << QStringLiteral("process speedup");
        QTest::newRow("every run completed every task") << QStringLiteral("completed");
        QTest::newRow("threads' wall time marked the larger") << QStringLiteral("wall marked");
        QTest::newRow("processes' CPU utilization marked the larger") << QStringLiteral("cpu marked");
        QTest::newRow("only processes count pipe bytes") << QStringLiteral("pipe bytes");
        QTest::newRow("the outcome sentence is the CLI's") << QStringLiteral("verdict");
        QTest::newRow("a pane for each pool") << QStringLiteral("panes");
    }
    void factorialWorkload()
    {
        QFETCH(QString, check);
        const CompareView& v = *m_view;
        const RunMeasures& serial = runOf(v, "serial").measures;
        const RunMeasures& thread = runOf(v, "thread").measures;
        const RunMeasures& process = runOf(v, "process").measures;
        // The lesson needs the cores it is about: on a machine so busy that the serial loop did not get
        // one core, or the processes not more than one, the timings cannot show it (the rows that check
        // what the view shows of the numbers still run).
        const bool timing = check == QLatin1String("process faster") ||
                            check == QLatin1String("threads 1x") || check == QLatin1String("process speedup");
        if (timing && (serial.cpuUtilization < 0.8 || process.cpuUtilization < 1.3))
            QSKIP(qPrintable(
                QStringLiteral("the machine is too busy to time this: serial kept %1 cores busy, the "
                               "processes %2")
                    .arg(serial.cpuUtilization, 0, 'f', 2)
                    .arg(process.cpuUtilization, 0, 'f', 2)));
        const int threadColumn = columnOf(v, "thread");
        const int processColumn = columnOf(v, "process");
        if (check == QLatin1String("process faster")) {
            QVERIFY2(process.wallS < thread.wallS,
                     qPrintable(QStringLiteral("%1 s vs %2 s").arg(process.wallS).arg(thread.wallS)));
            QVERIFY2(
                v.verdictText().startsWith(QStringLiteral("ProcessPoolExecutor finished 4 factorial tasks")),
                qPrintable(v.verdictText()));
        } else if (check == QLatin1String("threads 1x")) {
            QVERIFY2(thread.speedup > 0.7 && thread.speedup < 1.3,
                     qPrintable(QString::number(thread.speedup)));
            QVERIFY(thread.gilOn);
        } else if (check == QLatin1String("process speedup")) {
            QVERIFY2(process.speedup > 1.1, qPrintable(QString::number(process.speedup)));
        } else if (check == QLatin1String("completed")) {
            for (const RecordedRun& r : v.runs())
                QCOMPARE(r.measures.completed, std::int64_t(4));
        } else if (check == QLatin1String("wall marked")) {
            const int slower = thread.wallS > process.wallS ? threadColumn : processColumn;
            const int faster = slower == threadColumn ? processColumn : threadColumn;
            QCOMPARE(v.table()->markedColumn(CompareTable::WallRow), slower);
            QVERIFY(v.table()->item(CompareTable::WallRow, slower)->font().bold());
            QVERIFY(v.table()->item(CompareTable::WallRow, slower)->text().startsWith(QStringLiteral("▲")));
            QVERIFY(!v.table()->item(CompareTable::WallRow, faster)->font().bold());
            QCOMPARE(v.table()->markedColumn(CompareTable::SpeedupRow), faster);
        } else if (check == QLatin1String("cpu marked")) {
            QCOMPARE(v.table()->markedColumn(CompareTable::CpuRow),
                     thread.cpuUtilization > process.cpuUtilization ? threadColumn : processColumn);
        } else if (check == QLatin1String("pipe bytes")) {
            QVERIFY(process.pipeBytes > 0);
            QCOMPARE(v.table()->item(CompareTable::PipeBytesRow, columnOf(v, "thread"))->text(),
                     QStringLiteral("—"));
            QCOMPARE(v.table()->markedColumn(CompareTable::PipeBytesRow),
                     -1); // only one of the pair has them
        } else if (check == QLatin1String("verdict")) {
            CompareVerdict verdict = compareVerdict(thread, process, "factorial");
            verdict.busy = busyMachine(runOf(v, "thread").scenario, serial, thread).busy ||
                           busyMachine(runOf(v, "process").scenario, serial, process).busy;
            const std::string core = poolscope::verdictText(verdict);
            QCOMPARE(v.verdictText(), QString::fromStdString(core));
        } else if (check == QLatin1String("panes")) {
            QCOMPARE(v.panes().size(), std::size_t(2));
            QCOMPARE(v.panes()[0]->run().mode, std::string("thread"));
            QCOMPARE(v.panes()[1]->run().mode, std::string("process"));
            for (ComparePane* p : v.panes())
                QCOMPARE(p->controller()->history().size(), p->run().events.size());
        }
    }

    void lockstepScrubberMovesBothScenes()
    {
        LockstepScrubber* clock = m_view->scrubber();
        const auto& panes = m_view->panes();
        const std::int64_t longest = std::max(panes[0]->run().spanNs(), panes[1]->run().spanNs());
        QCOMPARE(clock->span(), longest);
        // Each pane stands where its own run was t after its own first submit.
        auto checkAt = [&](std::int64_t t) {
            for (ComparePane* p : panes) {
                const RunHistory& h = p->controller()->history();
                const std::size_t k = p->controller()->cursor();
                const std::int64_t at = p->run().firstSubmitNs() + t;
                QVERIFY(k == 0 || h.event(k - 1).tNs <= at);
                QVERIFY(k == h.size() || h.event(k).tNs > at);
            }
        };
        clock->setTime(0);
        checkAt(0);
        const std::size_t thread0 = panes[0]->controller()->cursor();
        const std::size_t process0 = panes[1]->controller()->cursor();
        QVERIFY(thread0 < panes[0]->controller()->history().size());
        QVERIFY(process0 < panes[1]->controller()->history().size());
        const std::int64_t mid = std::min(panes[0]->run().spanNs(), panes[1]->run().spanNs()) / 2;
        clock->setTime(mid);
        checkAt(mid);
        QVERIFY(panes[0]->controller()->cursor() > thread0);
        QVERIFY(panes[1]->controller()->cursor() > process0);
        clock->setTime(longest);
        for (ComparePane* p : panes)
            QCOMPARE(p->controller()->cursor(), p->controller()->history().size());

        // Play from the start: both scenes move on the one clock.
        clock->setTime(0);
        clock->setSpeed(1.0);
        QSignalSpy moved(clock, &LockstepScrubber::timeChanged);
        clock->play();
        QVERIFY(clock->playing());
        QTRY_VERIFY_WITH_TIMEOUT(
            panes[0]->controller()->cursor() > thread0 && panes[1]->controller()->cursor() > process0, 10000);
        clock->pause();
        QVERIFY(!clock->playing());
        QVERIFY(!moved.isEmpty());
        checkAt(clock->time());
    }

    void runFiles_data()
    {
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QString>("error"); // empty: opens
        const QString thread = m_dir.filePath(QStringLiteral("cmp-thread.pstrace"));
        const QString process = m_dir.filePath(QStringLiteral("cmp-process.pstrace"));
        const QString serial = m_dir.filePath(QStringLiteral("cmp-serial.pstrace"));
        const QString garbage = m_dir.filePath(QStringLiteral("garbage.pstrace"));
        const QString missing = m_dir.filePath(QStringLiteral("missing.pstrace"));
        QTest::newRow("thread and process files open") << QStringList{thread, process} << QString();
        QTest::newRow("serial and process files open") << QStringList{serial, process} << QString();
        QTest::newRow("a missing file is named")
            << QStringList{thread, missing} << missing + QStringLiteral(": cannot open");
        QTest::newRow("a file that is no run file is named")
            << QStringList{garbage, process} << garbage + QStringLiteral(":");
        QTest::newRow("all three files open") << QStringList{thread, process, serial} << QString();
        QTest::newRow("all three files open, the serial one first")
            << QStringList{serial, thread, process} << QString();
        QTest::newRow("three files need the serial one")
            << QStringList{thread, process, thread} << QStringLiteral("--compare: of three run files");
        QTest::newRow("one file is not a comparison")
            << QStringList{thread} << QStringLiteral("--compare: give two run files");
    }
    void runFiles()
    {
        QFETCH(QStringList, files);
        QFETCH(QString, error);
        // The files of the comparison above, as poolscope-cli compare --trace writes them.
        const CompareResult& r = m_view->job()->result();
        for (const ModeResult& m : r.modes)
            writeModeFile(
                m_dir.filePath(QStringLiteral("cmp-%1.pstrace").arg(QString::fromStdString(m.mode))),
                m_view->scenario(), m);
        QFile bad(m_dir.filePath(QStringLiteral("garbage.pstrace")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a run file at all\n");
        bad.close();

        CompareView view(&m_controller);
        view.resize(1280, 720);
        QString why;
        const bool ok = view.openFiles(files, &why);
        if (!error.isEmpty()) {
            QVERIFY(!ok);
            QVERIFY2(why.startsWith(error), qPrintable(why));
            QVERIFY(!why.contains(QLatin1Char('\n')));
            QVERIFY(view.runs().empty());
            return;
        }
        QVERIFY2(ok, qPrintable(why));
        QCOMPARE(view.runs().size(), static_cast<std::size_t>(files.size()));
        for (const RecordedRun& run : view.runs()) {
            const ModeResult* m = nullptr;
            for (const ModeResult& mr : r.modes)
                if (mr.mode == run.mode)
                    m = &mr;
            QVERIFY(m);
            QCOMPARE(run.events.size(), m->events[m->medianRun].size());
            QCOMPARE(run.measures.wallS, m->median.wallS);
            QCOMPARE(run.measures.pipeBytes, m->median.pipeBytes);
        }
        // A pane for each pool (and for the serial run when it is one of two).
        int pane = 0;
        for (const RecordedRun& run : view.runs())
            if (files.size() == 2 || run.mode != "serial")
                QCOMPARE(view.panes()[static_cast<std::size_t>(pane++)]->controller()->history().size(),
                         run.events.size());
        QVERIFY(!view.verdictText().isEmpty());
        if (files.size() == 3) { // in any order of the files, the pools' larger of each row is marked
            const RunMeasures& thread = runOf(view, "thread").measures;
            const RunMeasures& process = runOf(view, "process").measures;
            QCOMPARE(view.table()->markedColumn(CompareTable::WallRow),
                     columnOf(view, thread.wallS > process.wallS ? "thread" : "process"));
            QCOMPARE(view.table()->markedColumn(CompareTable::SpeedupRow),
                     columnOf(view, thread.speedup > process.speedup ? "thread" : "process"));
        }
        const auto serial = std::find_if(view.runs().begin(), view.runs().end(),
                                         [](const RecordedRun& x) { return x.mode == "serial"; });
        for (const RecordedRun& run : view.runs())
            if (run.mode == "process") // the speedup is against the serial file, if any
                QCOMPARE(run.measures.speedup,
                         serial == view.runs().end() ? 0.0 : serial->measures.wallS / run.measures.wallS);
    }

    void cancelLeavesNoChildProcess()
    {
        CompareView view(&m_controller);
        Scenario s = *presetScenario("compare-io");
        s.pool = "process";
        s.workers = 2;
        s.tasks = 8;
        s.workload.name = "sleep";
        s.workload.taskMs = 40;
        view.setScenario(s);
        QSignalSpy progress(view.job(), &CompareJob::progress);
        QSignalSpy finished(&view, &CompareView::finished);
        view.start(2);
        // Serial and thread runs, then the process pool's first run: cancel while its workers are up.
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toInt() >= 2, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!childProcesses().isEmpty(), 10000);
        view.cancel();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(view.job()->result().cancelled);
        QVERIFY(!view.running());
        QVERIFY(view.runs().empty());
        QVERIFY2(childProcesses().isEmpty(), qPrintable(childProcesses().join(QLatin1Char(' '))));
    }

    void pairs_data()
    {
        QTest::addColumn<QString>("pair");
        QTest::addColumn<QString>("modes"); // of the sides, serial first
        QTest::addColumn<QString>("titleA");
        QTest::addColumn<QString>("titleB");
        QTest::newRow("the default pair is the two pools") << "pools"
                                                           << "serial,thread,process"
                                                           << "ThreadPoolExecutor (GIL on)"
                                                           << "ProcessPoolExecutor";
        QTest::newRow("the GIL on and off") << "gil"
                                            << "serial,thread,thread"
                                            << "ThreadPoolExecutor (GIL on)"
                                            << "ThreadPoolExecutor (GIL off, free-threaded)";
        QTest::newRow("extra_queued_calls 1 and 16") << "extra-queued-calls"
                                                     << "serial,process,process"
                                                     << "ProcessPoolExecutor, extra_queued_calls 1"
                                                     << "ProcessPoolExecutor, extra_queued_calls 16";
        QTest::newRow("map() chunksize 1 and 100") << "chunksize"
                                                   << "serial,process,process"
                                                   << "ProcessPoolExecutor, chunksize 1"
                                                   << "ProcessPoolExecutor, chunksize 100";
        QTest::newRow("two worker counts") << "workers"
                                           << "serial,thread,thread"
                                           << "ThreadPoolExecutor (GIL on), 2 workers"
                                           << "ThreadPoolExecutor (GIL on), 4 workers";
    }
    void pairs()
    {
        QFETCH(QString, pair);
        QFETCH(QString, modes);
        QFETCH(QString, titleA);
        QFETCH(QString, titleB);
        CompareView view(&m_controller);
        Scenario s = shortCpu();
        s.pool = "thread";
        s.workers = 2;
        view.setScenario(s);
        QVERIFY(view.setPair(pair));
        QCOMPARE(view.pair(), pair);
        const std::vector<CompareSide> sides = view.sides();
        QStringList got;
        for (const CompareSide& side : sides)
            got << QString::fromStdString(side.mode);
        QCOMPARE(got.join(QLatin1Char(',')), modes);
        RecordedRun a, b;
        a.mode = sides[1].mode;
        a.scenario = sides[1].scenario;
        b.mode = sides[2].mode;
        b.scenario = sides[2].scenario;
        setDifferences(a, b);
        QCOMPARE(ComparePane::sideTitle(a), titleA);
        QCOMPARE(ComparePane::sideTitle(b), titleB);
        for (const CompareSide& side : sides)
            validateScenario(side.scenario); // every pair runs as it is
        QVERIFY(!view.setPair(QStringLiteral("no such pair")));
        QCOMPARE(view.pair(), pair);
    }

    void pickedPairRunsAndSaysWhatDiffers()
    {
        CompareView view(&m_controller);
        view.resize(1280, 720);
        view.setScenario(shortCpu());
        QVERIFY(view.setPair(QStringLiteral("gil")));
        QSignalSpy finished(&view, &CompareView::finished);
        view.start(1);
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(view.runs().size(), std::size_t(3));
        QCOMPARE(view.panes()[0]->run().scenario.gil, true);
        QCOMPARE(view.panes()[1]->run().scenario.gil, false);
        const QString on = QStringLiteral("ThreadPoolExecutor (GIL on)");
        const QString off = QStringLiteral("ThreadPoolExecutor (GIL off, free-threaded)");
        // The outcome names each side by what differs, not "ThreadPoolExecutor ... than ThreadPoolExecutor".
        QVERIFY2(view.verdictText().contains(on) && view.verdictText().contains(off),
                 qPrintable(view.verdictText()));
        QCOMPARE(view.table()->horizontalHeaderItem(1)->text(),
                 QStringLiteral("ThreadPoolExecutor\n(GIL on)"));
        QCOMPARE(view.table()->horizontalHeaderItem(2)->text(),
                 QStringLiteral("ThreadPoolExecutor\n(GIL off, free-threaded)"));
        for (const RecordedRun& r : view.runs())
            QCOMPARE(r.measures.completed, std::int64_t(4));
    }

    // Both sides of the GIL pair are thread pools: each note line names the side it is about.
    void pairNotesNameTheirSide()
    {
        CompareView view(&m_controller);
        view.resize(1280, 720);
        Scenario noops = shortCpu();
        noops.workload.name = "noop";
        noops.tasks = 200;
        view.setScenario(noops);
        QVERIFY(view.setPair(QStringLiteral("gil")));
        QSignalSpy finished(&view, &CompareView::finished);
        view.start(1);
        QVERIFY(finished.wait(120000));
        // 200 noops: both sides cost more per task than the work, so both get the overhead note.
        const QStringList lines = view.overheadText().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].startsWith(QStringLiteral("ThreadPoolExecutor (GIL on): (thread pool overhead ~")),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith(
                     QStringLiteral("ThreadPoolExecutor (GIL off, free-threaded): (thread pool overhead ~")),
                 qPrintable(lines[1]));
    }

    void sideFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("error"); // empty: loads
        QTest::newRow("a scenario file for side B") << "b.json" << QString();
        QTest::newRow("a bad field is named with its file") << "bad.json"
                                                            << "scenario.workers";
        QTest::newRow("a missing file is named") << "missing.json"
                                                 << "missing.json";
    }
    void sideFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, error);
        CompareView view(&m_controller);
        view.setScenario(shortCpu());
        const QString path = m_dir.filePath(file);
        QString why;
        const bool ok = view.loadSideFile(1, path, &why);
        if (!error.isEmpty()) {
            QVERIFY(!ok);
            QVERIFY2(why.startsWith(path + QStringLiteral(": ")) && why.contains(error), qPrintable(why));
            QVERIFY(!why.contains(QLatin1Char('\n')));
            QCOMPARE(view.pair(), QStringLiteral("pools")); // nothing changed
            QCOMPARE(view.statusText(), why);
            return;
        }
        QVERIFY2(ok, qPrintable(why));
        QCOMPARE(view.pair(), QStringLiteral("files"));
        const std::vector<CompareSide> sides = view.sides();
        // Side A stays the default pair's first (threads on the factorials), B is the file's (sleeps):
        // other work, so a serial run of each.
        QCOMPARE(sides.size(), std::size_t(4));
        QCOMPARE(sides[2].scenario.workload.name, std::string("factorial"));
        QCOMPARE(sides[3].scenario, loadScenarioFile(path.toStdString()));
    }

    void atTheSameTime_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::addColumn<bool>("together");
        QTest::addColumn<bool>("note");
        QTest::newRow("factorials one after another: no note") << "factorial" << false << false;
        QTest::newRow("factorials at the same time: the cores are shared") << "factorial" << true << true;
        QTest::newRow("sleeps at the same time: no note") << "sleep" << true << false;
    }
    void atTheSameTime()
    {
        QFETCH(QString, workload);
        QFETCH(bool, together);
        QFETCH(bool, note);
        CompareView view(&m_controller);
        Scenario s = shortCpu();
        s.workload.name = workload.toStdString();
        s.workload.taskMs = 30;
        view.setScenario(s);
        view.setConcurrent(together);
        QCOMPARE(view.concurrent(), together);
        QCOMPARE(!view.shareNoteText().isEmpty(), note);
        if (note)
            QVERIFY2(view.shareNoteText().contains(
                         QStringLiteral("share the %1 core").arg(std::thread::hardware_concurrency())),
                     qPrintable(view.shareNoteText()));
        if (workload != QLatin1String("sleep") || !together)
            return;
        // Sleeps at the same time: both pools' runs overlap in time, each did its work.
        QSignalSpy finished(&view, &CompareView::finished);
        view.start(1);
        QVERIFY(finished.wait(60000));
        QVERIFY(view.job()->result().concurrent);
        const RecordedRun& a = view.panes()[0]->run();
        const RecordedRun& b = view.panes()[1]->run();
        QVERIFY(a.firstSubmitNs() < b.events.back().tNs && b.firstSubmitNs() < a.events.back().tNs);
        QVERIFY(view.statusText().startsWith(QStringLiteral("Serial took")));
    }

    // Spawns the binary, so it is the last test function (TSan and Qt 6.4's QProcess, which uses vfork).
    void headlessCompare_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrStart"); // empty: a PNG is written
        const QString thread = m_dir.filePath(QStringLiteral("cmp-thread.pstrace"));
        const QString process = m_dir.filePath(QStringLiteral("cmp-process.pstrace"));
        const QString missing = m_dir.filePath(QStringLiteral("missing.pstrace"));
        QTest::newRow("two run files are shot")
            << QStringList{QStringLiteral("--compare"), thread, process} << 0 << QString();
        QTest::newRow("a missing run file is named in one line")
            << QStringList{QStringLiteral("--compare"), thread, missing} << 2
            << QStringLiteral("poolscope: ") + missing + QStringLiteral(": cannot open");
        QTest::newRow("one run file is a flag error")
            << QStringList{QStringLiteral("--compare"), thread} << 2
            << QStringLiteral("poolscope: --compare: give two run files");
        const QString a = m_dir.filePath(QStringLiteral("a.json"));
        const QString b = m_dir.filePath(QStringLiteral("b.json"));
        const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
        const QString compare = QStringLiteral("--compare");
        const QString scenario = QStringLiteral("--scenario");
        const QString autorun = QStringLiteral("--autorun");
        QTest::newRow("two scenario files are compared and shot")
            << QStringList{compare, scenario, a, scenario, b, autorun} << 0 << QString();
        QTest::newRow("a picked pair is compared and shot") << QStringList{compare,
                                                                           scenario,
                                                                           a,
                                                                           QStringLiteral("--pair"),
                                                                           QStringLiteral("gil"),
                                                                           QStringLiteral("--together"),
                                                                           autorun}
                                                            << 0 << QString();
        QTest::newRow("a bad side B file is named in one line")
            << QStringList{compare, scenario, a, scenario, bad} << 2 << QStringLiteral("poolscope: ") + bad;
        QTest::newRow("three scenario files are too many")
            << QStringList{compare, scenario, a, scenario, b, scenario, b} << 2
            << QStringLiteral("poolscope: --scenario: --compare takes two scenario files");
        QTest::newRow("an unknown pair is named")
            << QStringList{compare, QStringLiteral("--pair"), QStringLiteral("nope")} << 2
            << QStringLiteral("poolscope: --pair:");
        QTest::newRow("a pair is not for two scenario files")
            << QStringList{compare, scenario, a, scenario, b, QStringLiteral("--pair"), QStringLiteral("gil")}
            << 2 << QStringLiteral("poolscope: --pair: only with --compare of a scenario");
        QTest::newRow("run files are not run again")
            << QStringList{QStringLiteral("--compare"), thread, process, QStringLiteral("--autorun")} << 2
            << QStringLiteral("poolscope: --compare: two run files are replayed");
    }
    void headlessCompare()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrStart);
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("cmp-thread.pstrace")))); // written by runFiles
        const QString png = m_dir.filePath(QStringLiteral("compare.png"));
        QFile::remove(png);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope"),
                args + QStringList{QStringLiteral("--screenshot"), png, QStringLiteral("--lang"),
                                   QStringLiteral("en")});
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromLocal8Bit(p.readAllStandardError());
        QCOMPARE(p.exitCode(), exitCode);
        if (stderrStart.isEmpty()) {
            const QImage image(png);
            QVERIFY(!image.isNull());
            QVERIFY(image.width() >= 640);
            return;
        }
        QStringList lines;
        for (const QString& l : err.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            if (l.startsWith(QStringLiteral("poolscope:")))
                lines << l;
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.front().startsWith(stderrStart), qPrintable(lines.front()));
        QVERIFY(!QFile::exists(png));
    }
};

QTEST_MAIN(TestUiCompare)
#include "tst_uicompare.moc"
