// poolscope --bench-render: the window driven frame by frame while a run streams its events, each frame
// timed, then a replay scrubbed and the compare view's clock dragged (docs/benchmarks.md).
#include "ui/shell/renderbench.h"

#include "core/run/comparison.h"
#include "core/run/runfile.h"
#include "ui/compare/compareview.h"
#include "ui/compare/lockstepscrubber.h"
#include "ui/diagram/diagramview.h"
#include "ui/run/eventbridge.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/benchcommon.h"
#include "ui/shell/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <thread>
#include <vector>

namespace poolscope::ui {

namespace {

std::int64_t threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// `count` frames of `frame(f)`, each timed; under callgrind only they are counted, dumped as `what`.
FrameStats timeFrames(const char* what, int count, const std::function<void(int)>& frame)
{
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(count));
    for (int f = 0; f < count; ++f) {
        benchStartCounting();
        QElapsedTimer t;
        t.start();
        frame(f);
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        benchStopCounting();
    }
    benchDump(what, static_cast<std::size_t>(count));
    FrameStats st;
    st.frames = count;
    st.medianMs = benchPercentile(ms, 0.5);
    st.p99Ms = benchPercentile(ms, 0.99);
    return st;
}

// Frame f of `count` dragging a slider from 0 to 1 and back: where it stands.
double dragAt(int f, int count)
{
    const int half = std::max(1, count / 2);
    return f < half ? f / double(half) : std::max(0, count - f) / double(half);
}

// The window's recording as File ▸ Save run writes it (sorted by seq: a worker's ring may be drained late).
RunFile recordingOf(const RunController& c)
{
    RunFile run;
    run.meta = currentRunMeta("poolscope", c.spec().scenario.pool);
    run.scenarioJson = scenarioToJson(c.spec().scenario, -1);
    run.events = c.history().events();
    run.notes = c.history().notes();
    std::stable_sort(run.events.begin(), run.events.end(),
                     [](const Event& x, const Event& y) { return x.seq < y.seq; });
    run.outcome = c.outcome();
    if (run.outcome)
        run.outcome->eventsTotal = run.events.size();
    return run;
}

// The compare view's two runs: the scenario on threads and on processes through runCompare() (the code
// `poolscope-cli compare` runs), each written as `compare --trace` writes it.
void writeComparePair(Scenario s, const QString& threadPath, const QString& processPath)
{
    s.tasks = std::min<std::int64_t>(s.tasks, 2'000); // about a second a pool for the default run
    CompareOptions o;
    o.modes = {"thread", "process"};
    o.keepEvents = true;
    const CompareResult result = runCompare(s, o);
    for (const ModeResult& m : result.modes) {
        RunFile run;
        run.meta = currentRunMeta("poolscope", m.mode);
        run.scenarioJson = scenarioToJson(m.scenario, -1);
        run.events = m.events[m.medianRun];
        run.outcome = outcomeFromSummary(m.median, m.scenario.tasks, m.medianMeasures.eventsNotRecorded);
        writeRunFile((m.mode == "thread" ? threadPath : processPath).toStdString(), run);
    }
}

QJsonObject statsJson(const FrameStats& st)
{
    QJsonObject j;
    j[QStringLiteral("frames")] = st.frames;
    j[QStringLiteral("median_ms")] = st.medianMs;
    j[QStringLiteral("p99_ms")] = st.p99Ms;
    return j;
}

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0.0;
}

} // namespace

RenderBenchResult benchRender(MainWindow& window, const RunSpec& spec, double maxSeconds)
{
    RenderBenchResult r;
    RunController* c = window.controller();
    EventBridge* bridge = c->bridge();
    // Frames are driven here, one at a time, instead of by the bridge's timer.
    bridge->setFrameIntervalMs(0);
    int paints = 0;
    struct PaintCounter : QObject
    {
        int* n;
        explicit PaintCounter(int* counter) : n(counter) {}
        bool eventFilter(QObject*, QEvent* e) override
        {
            if (e->type() == QEvent::Paint)
                ++*n;
            return false;
        }
    } counter(&paints);
    window.diagram()->installEventFilter(&counter);

    c->setSpec(spec);
    for (const QString& name :
         qEnvironmentVariable("POOLSCOPE_BENCH_HIDE").split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (auto* w = window.findChild<QWidget*>(name))
            w->hide();
    QApplication::processEvents();
    std::vector<double> frames;
    frames.reserve(4096);
    std::vector<double> diagramPaints;
    std::vector<double> ingest;
    std::vector<double> cpu; // GUI-thread CPU time per frame: robust when the machine is busy
    QElapsedTimer wall;
    wall.start();
    c->run();
    const qint64 frameNs = 16'666'667;
    qint64 next = wall.nsecsElapsed();
    while (c->state() != RunState::Finished && wall.nsecsElapsed() < static_cast<qint64>(maxSeconds * 1e9)) {
        benchStartCounting();
        QElapsedTimer t;
        t.start();
        const std::int64_t cpu0 = threadCpuNs();
        const std::size_t backlog = bridge->backlog();
        bridge->flush(); // hand over this frame's events: the scene and models update
        ingest.push_back(static_cast<double>(threadCpuNs() - cpu0) / 1e6);
        QApplication::processEvents(); // timers, then the repaint of what changed
        frames.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        cpu.push_back(static_cast<double>(threadCpuNs() - cpu0) / 1e6);
        diagramPaints.push_back(static_cast<double>(window.diagram()->lastPaintNs()) / 1e6);
        benchStopCounting();
        if (qEnvironmentVariableIsSet("POOLSCOPE_BENCH_FRAMES"))
            std::fprintf(stderr, "frame %zu: %.2f ms wall, %.2f ms cpu, ingest %.2f ms, %zu events\n",
                         frames.size(), frames.back(), cpu.back(), ingest.back(), backlog);
        next += frameNs;
        const qint64 now = wall.nsecsElapsed();
        if (next > now)
            std::this_thread::sleep_for(std::chrono::nanoseconds(next - now));
        else
            next = now; // a late frame does not make the next ones rush
    }
    benchDump("live", frames.size());
    r.wallS = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    bridge->setFrameIntervalMs(16);
    window.diagram()->removeEventFilter(&counter);
    r.frames = static_cast<int>(frames.size());
    r.cpuMedianMs = benchPercentile(cpu, 0.5);
    r.cpuP99Ms = benchPercentile(cpu, 0.99);
    r.ingestMedianMs = benchPercentile(ingest, 0.5);
    r.diagramPaintMedianMs = benchPercentile(diagramPaints, 0.5);
    r.paints = paints;
    r.events = c->scene().eventsApplied();
    r.tasksDone = c->scene().completed() + c->scene().failed() + c->scene().cancelled();
    r.medianMs = benchPercentile(frames, 0.5);
    r.p99Ms = benchPercentile(frames, 0.99);
    r.maxMs = benchPercentile(frames, 1.0);
    if (!frames.empty()) {
        double sum = 0;
        for (double f : frames)
            sum += f;
        r.meanMs = sum / static_cast<double>(frames.size());
    }
    return r;
}

int runRenderBench(MainWindow& window, const RunSpec* given, bool json)
{
    RunSpec spec;
    spec.scenario.workers = 16;
    spec.scenario.tasks = 10'000;
    spec.scenario.workload.name = "sleep";
    spec.scenario.workload.taskMs = 8.0; // 10,000 x 8 ms / 16 workers: about 5 s of frames
    spec.scenario.submit = "as_completed";
    if (given)
        spec = *given;
    // Under callgrind every frame costs ~50x: fewer of them (the counts are per frame).
    // POOLSCOPE_BENCH_RENDER_FRAMES: this many drag frames (a sixth of them still ones) for a quick look.
    const bool counting = benchUnderValgrind();
    const int asked = qEnvironmentVariableIntValue("POOLSCOPE_BENCH_RENDER_FRAMES");
    const int dragFrames = asked > 0 ? asked : counting ? 60 : 600;
    const int stillFrames = std::max(1, dragFrames / 6);
    // The recorded runs: written here, read again by the counting run (POOLSCOPE_BENCH_RENDER_DIR).
    QTemporaryDir tmp;
    const QString givenDir = qEnvironmentVariable("POOLSCOPE_BENCH_RENDER_DIR");
    const QDir dir(givenDir.isEmpty() ? tmp.path() : givenDir);
    const QString replayPath = dir.filePath(QStringLiteral("live.pstrace"));
    const QString threadPath = dir.filePath(QStringLiteral("compare-thread.pstrace"));
    const QString processPath = dir.filePath(QStringLiteral("compare-process.pstrace"));

    RenderBenchReport rep;
    // 1. Live: the run streaming its events into the window.
    rep.live = benchRender(window, spec, counting ? 120.0 : 60.0);
    RunController* c = window.controller();
    try {
        // A given directory without them (the first of runs that are to compare builds on the same
        // files) gets them written too.
        if (givenDir.isEmpty() || !QFileInfo::exists(replayPath)) {
            writeRunFile(replayPath.toStdString(), recordingOf(*c));
            writeComparePair(spec.scenario, threadPath, processPath);
        }
        // 2. That run replayed (as File ▸ Open run opens it): the baseline is the window repainted with
        // the cursor standing still half-way, then the cursor dragged across the run and back.
        RunFile opened = readRunFile(replayPath.toStdString());
        c->loadRecording(spec, std::move(opened.events), std::move(opened.outcome), opened.notes);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "poolscope: --bench-render: %s\n", e.what());
        window.close();
        return 1;
    }
    for (int i = 0; i < 400; ++i) // the event log takes its rows in bounded batches
        QApplication::processEvents();
    const auto events = static_cast<double>(c->history().size());
    c->seek(static_cast<qint64>(events / 2));
    const auto repaintWindow = [&window](int) {
        window.repaint();
        QApplication::processEvents();
    };
    repaintWindow(0);
    rep.still = timeFrames("still", stillFrames, repaintWindow);
    rep.scrub = timeFrames("scrub", dragFrames, [&](int f) {
        c->seek(static_cast<qint64>(dragAt(f, dragFrames) * events));
        window.repaint();
        QApplication::processEvents();
    });
    c->returnToLive();

    // 3. The compare view on two recorded runs: still, then its one clock dragged across and back.
    CompareView* view = CompareView::showFor(c, &window);
    view->resize(window.size());
    QString why;
    if (!view->openFiles({threadPath, processPath}, &why)) {
        std::fprintf(stderr, "poolscope: --bench-render: %s\n", qPrintable(why));
        window.close();
        return 1;
    }
    for (int i = 0; i < 50; ++i)
        QApplication::processEvents();
    LockstepScrubber* clock = view->scrubber();
    const auto span = static_cast<double>(clock->span());
    clock->setTime(static_cast<qint64>(span / 2));
    const auto repaintView = [view](int) {
        view->repaint();
        QApplication::processEvents();
    };
    repaintView(0);
    rep.compareStill = timeFrames("compare-still", stillFrames, repaintView);
    rep.compare = timeFrames("compare", dragFrames, [&](int f) {
        clock->setTime(static_cast<qint64>(dragAt(f, dragFrames) * span));
        view->repaint();
        QApplication::processEvents();
    });
    view->close();

    // 4. Instructions per frame: the same again under callgrind, on the same run files.
    QProcessEnvironment env;
    env.insert(QStringLiteral("POOLSCOPE_BENCH_RENDER_DIR"), dir.path());
    rep.instructions =
        benchCountInstructions("bench-render", QCoreApplication::arguments().mid(1), env,
                               {QStringLiteral("live"), QStringLiteral("still"), QStringLiteral("scrub"),
                                QStringLiteral("compare-still"), QStringLiteral("compare")});

    const RenderBenchResult& r = rep.live;
    if (json) {
        QJsonObject j;
        j[QStringLiteral("frames")] = r.frames;
        j[QStringLiteral("median_ms")] = r.medianMs;
        j[QStringLiteral("p99_ms")] = r.p99Ms;
        j[QStringLiteral("max_ms")] = r.maxMs;
        j[QStringLiteral("mean_ms")] = r.meanMs;
        j[QStringLiteral("cpu_median_ms")] = r.cpuMedianMs;
        j[QStringLiteral("cpu_p99_ms")] = r.cpuP99Ms;
        j[QStringLiteral("ingest_median_ms")] = r.ingestMedianMs;
        j[QStringLiteral("diagram_paint_median_ms")] = r.diagramPaintMedianMs;
        j[QStringLiteral("paints")] = r.paints;
        j[QStringLiteral("events")] = static_cast<double>(r.events);
        j[QStringLiteral("tasks")] = static_cast<double>(r.tasksDone);
        j[QStringLiteral("workers")] = spec.scenario.workers;
        j[QStringLiteral("wall_s")] = r.wallS;
        j[QStringLiteral("events_per_s")] = r.wallS > 0 ? static_cast<double>(r.events) / r.wallS : 0.0;
        // The other cases, and the ratios against the still baselines of the same run.
        j[QStringLiteral("live_vs_still")] = ratio(r.medianMs, rep.still.medianMs);
        j[QStringLiteral("still")] = statsJson(rep.still);
        QJsonObject scrub = statsJson(rep.scrub);
        scrub[QStringLiteral("vs_still")] = ratio(rep.scrub.medianMs, rep.still.medianMs);
        j[QStringLiteral("scrub")] = scrub;
        j[QStringLiteral("compare_still")] = statsJson(rep.compareStill);
        QJsonObject compare = statsJson(rep.compare);
        compare[QStringLiteral("vs_compare_still")] = ratio(rep.compare.medianMs, rep.compareStill.medianMs);
        j[QStringLiteral("compare")] = compare;
        if (rep.instructions) {
            const auto& n = *rep.instructions;
            QJsonObject i;
            for (const auto& [what, count] : n)
                i[QString(what).replace(QLatin1Char('-'), QLatin1Char('_'))] = count;
            const double still = n.at(QStringLiteral("still"));
            i[QStringLiteral("live_vs_still")] = ratio(n.at(QStringLiteral("live")), still);
            i[QStringLiteral("scrub_vs_still")] = ratio(n.at(QStringLiteral("scrub")), still);
            i[QStringLiteral("compare_vs_compare_still")] =
                ratio(n.at(QStringLiteral("compare")), n.at(QStringLiteral("compare-still")));
            j[QStringLiteral("instructions")] = i;
        } else {
            j[QStringLiteral("instructions")] = QJsonValue::Null;
        }
        std::printf("%s\n", QJsonDocument(j).toJson(QJsonDocument::Compact).constData());
    } else {
        const auto line = [](const char* name, const FrameStats& st) {
            std::printf("%-14s frames %d  median %.3f ms  p99 %.3f ms", name, st.frames, st.medianMs,
                        st.p99Ms);
        };
        line("live", {r.frames, r.medianMs, r.p99Ms});
        std::printf("  %.2fx still  (max %.3f ms, %llu events, %lld tasks, %.1f s)\n",
                    ratio(r.medianMs, rep.still.medianMs), r.maxMs, static_cast<unsigned long long>(r.events),
                    static_cast<long long>(r.tasksDone), r.wallS);
        line("still", rep.still);
        std::printf("  (the baseline: the replay standing still)\n");
        line("scrub", rep.scrub);
        std::printf("  %.2fx still\n", ratio(rep.scrub.medianMs, rep.still.medianMs));
        line("compare-still", rep.compareStill);
        std::printf("  (the baseline of the compare view)\n");
        line("compare", rep.compare);
        std::printf("  %.2fx compare-still\n", ratio(rep.compare.medianMs, rep.compareStill.medianMs));
        if (rep.instructions) {
            const auto& n = *rep.instructions;
            const auto m = [&n](const char* what) { return n.at(QString::fromLatin1(what)) / 1e6; };
            std::printf(
                "instructions per frame (callgrind): live %.2f M (%.2fx still), still %.2f M, scrub %.2f M "
                "(%.2fx still), compare-still %.2f M, compare %.2f M (%.2fx compare-still)\n",
                m("live"), ratio(m("live"), m("still")), m("still"), m("scrub"),
                ratio(m("scrub"), m("still")), m("compare-still"), m("compare"),
                ratio(m("compare"), m("compare-still")));
        } else {
            std::printf(
                "instructions per frame (callgrind): n/a (no valgrind, or POOLSCOPE_BENCH_CALLGRIND=0)\n");
        }
    }
    window.close();
    const bool all = r.frames > 0 && rep.still.frames > 0 && rep.scrub.frames > 0 && rep.compare.frames > 0;
    return all ? 0 : 1;
}

} // namespace poolscope::ui
