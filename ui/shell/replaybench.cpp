#include "ui/shell/replaybench.h"

#include "core/events/recorder.h"
#include "core/run/runfile.h"
#include "core/run/runner.h"
#include "core/run/scenario.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/benchcommon.h"
#include "ui/shell/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <random>

namespace poolscope::ui {

namespace {

double msSince(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

std::size_t heapInUse()
{
    malloc_trim(0);
    return mallinfo2().uordblks;
}

// POOLSCOPE_BENCH_FRAMES=1: say on stderr when each phase ends.
void progress(const char* what, const QElapsedTimer& t)
{
    if (qEnvironmentVariableIsSet("POOLSCOPE_BENCH_FRAMES"))
        std::fprintf(stderr, "bench-replay: %s at %.2f s\n", what, static_cast<double>(t.elapsed()) / 1e3);
}

// Every event folded from the start into an empty scene: a seek without keyframes.
double fullFoldMs(const RunHistory& h)
{
    SceneState s = h.sceneAt(0);
    QElapsedTimer t;
    t.start();
    for (const Event& e : h.events())
        s.apply(e);
    const double ms = msSince(t);
    return s.eventsApplied() == h.size() ? ms : -1;
}

// The same benchmark again under callgrind, on the same run file, with fewer repetitions.
std::optional<ReplayBenchInstructions> countInstructions(const std::string& path)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("POOLSCOPE_BENCH_REPLAY_FILE"), QString::fromStdString(path));
    const auto counts = benchCountInstructions(
        "bench-replay", {QStringLiteral("--bench-replay"), QStringLiteral("--json")}, env,
        {QStringLiteral("fold"), QStringLiteral("seek"), QStringLiteral("stepback"),
         QStringLiteral("repaint"), QStringLiteral("scrub")});
    if (!counts)
        return std::nullopt;
    ReplayBenchInstructions ir;
    ir.foldPerEvent = counts->at(QStringLiteral("fold"));
    ir.seek = counts->at(QStringLiteral("seek"));
    ir.stepBack = counts->at(QStringLiteral("stepback"));
    ir.repaintFrame = counts->at(QStringLiteral("repaint"));
    ir.scrubFrame = counts->at(QStringLiteral("scrub"));
    return ir;
}

} // namespace

ReplayBenchResult benchReplay(MainWindow& window, std::uint64_t targetEvents, const QString& file)
{
    ReplayBenchResult r;
    RunController* c = window.controller();
    // Under callgrind every repetition costs ~50x: fewer of them (counts are per operation).
    const bool counting = benchUnderValgrind();
    const int seekCount = counting ? 100 : 1000;
    const int frameCount = counting ? 60 : 600;
    const int repaintCount = counting ? 20 : 100;

    QElapsedTimer t;
    t.start();
    QElapsedTimer t0;
    t0.start();
    QTemporaryDir dir;
    std::string path = file.toStdString();
    if (path.empty()) {
        // 1. A real process-pool run of no-op tasks, long enough for the target.
        Scenario s;
        s.name = "bench-replay";
        s.pool = "process";
        s.workers = 4;
        s.workload.name = "noop";
        s.submit = "submit";
        s.tasks = static_cast<std::int64_t>(targetEvents / 12 + 1000);
        RunFile recorded;
        {
            auto rec = std::make_shared<Recorder>();
            RunOptions opts;
            opts.sink = rec;
            const RunSummary sum = runScenario(s, opts);
            recorded.events = rec->events();
            recorded.outcome = outcomeFromSummary(sum, s.tasks, rec->dropped());
        }
        r.generateS = msSince(t) / 1e3;
        if (recorded.events.size() > targetEvents)
            recorded.events.resize(targetEvents); // the run as it stood at its millionth event
        recorded.meta = currentRunMeta("poolscope", s.pool);
        recorded.scenarioJson = scenarioToJson(s, -1);
        path = dir.filePath(QStringLiteral("bench.pstrace")).toStdString();
        writeRunFile(path, recorded);
    }
    QApplication::processEvents();

    progress("generated", t0);
    // 2. Open it: read, fold into the history (keyframes), the timeline and the charts.
    const std::size_t heapBefore = heapInUse();
    t.restart();
    {
        RunFile opened = readRunFile(path);
        RunSpec spec = c->spec();
        spec.scenario = scenarioFromJson(opened.scenarioJson);
        c->loadRecording(spec, std::move(opened.events));
    }
    QApplication::processEvents();
    r.openS = msSince(t) / 1e3;
    const RunHistory& h = c->history();
    r.events = h.size();
    r.tasks = c->scene().submitted();
    r.keyframeEvery = h.keyframeEvery();
    r.keyframes = h.keyframes();
    r.sceneSizeof = sizeof(SceneState);
    r.sceneHeapMid = h.sceneAt(h.size() / 2).heapBytes();
    r.historyBytesPerEvent =
        static_cast<double>(h.memoryBytes()) / static_cast<double>(std::max<std::size_t>(1, h.size()));
    // Let the event log take its rows (it inserts them in bounded batches), then count the heap.
    for (int i = 0; i < 400; ++i)
        QApplication::processEvents();
    const std::size_t heapAfter = heapInUse();
    r.bytesPerEvent = static_cast<double>(heapAfter > heapBefore ? heapAfter - heapBefore : 0) /
                      static_cast<double>(std::max<std::size_t>(1, h.size()));

    progress("opened", t0);
    // 3. The baseline of a seek: the whole run folded from the start (median of 3).
    {
        std::vector<double> folds;
        benchStartCounting();
        folds.push_back(fullFoldMs(h));
        benchStopCounting();
        benchDump("fold", h.size());
        for (int i = counting ? 1 : 0; i < 2; ++i)
            folds.push_back(fullFoldMs(h));
        r.fullFoldMs = benchPercentile(folds, 0.5);
    }

    // 4. Seeks to random positions, and step backs from random positions.
    std::mt19937_64 rng(20261201);
    std::uniform_int_distribution<qint64> pos(0, static_cast<qint64>(h.size()));
    std::vector<qint64> seekTo(static_cast<std::size_t>(seekCount));
    std::vector<qint64> backFrom(static_cast<std::size_t>(seekCount));
    for (std::size_t i = 0; i < seekTo.size(); ++i) {
        seekTo[i] = pos(rng);
        backFrom[i] = std::max<qint64>(1, pos(rng));
    }
    std::vector<double> seeks;
    for (const qint64 k : seekTo) {
        benchStartCounting();
        t.restart();
        c->seek(k);
        seeks.push_back(msSince(t));
        benchStopCounting();
    }
    benchDump("seek", seekTo.size());
    std::vector<double> backs;
    for (const qint64 k : backFrom) {
        c->seek(k);
        benchStartCounting();
        t.restart();
        c->stepBack();
        backs.push_back(msSince(t));
        benchStopCounting();
    }
    benchDump("stepback", backFrom.size());
    r.seekMedianMs = benchPercentile(seeks, 0.5);
    r.seekMaxMs = benchPercentile(seeks, 1.0);
    r.stepBackMedianMs = benchPercentile(backs, 0.5);
    r.stepBackMs = benchPercentile(backs, 1.0);

    progress("sought", t0);
    // 5. The baseline of a scrub frame: the window repainted with the cursor standing still.
    c->seek(static_cast<qint64>(h.size() / 2));
    window.repaint();
    QApplication::processEvents();
    std::vector<double> repaints;
    benchStartCounting();
    for (int f = 0; f < repaintCount; ++f) {
        t.restart();
        window.repaint();
        QApplication::processEvents();
        repaints.push_back(msSince(t));
    }
    benchStopCounting();
    benchDump("repaint", static_cast<std::size_t>(repaintCount));
    r.repaintMedianMs = benchPercentile(repaints, 0.5);

    // 6. A drag across the run and back: each frame a seek and a repaint of the whole window.
    std::vector<double> frames;
    const int half = frameCount / 2;
    benchStartCounting();
    for (int f = 0; f < frameCount; ++f) {
        const double x = f < half ? f / double(half) : (frameCount - f) / double(half);
        t.restart();
        c->seek(static_cast<qint64>(x * static_cast<double>(h.size())));
        window.repaint();
        QApplication::processEvents();
        frames.push_back(msSince(t));
    }
    benchStopCounting();
    benchDump("scrub", static_cast<std::size_t>(frameCount));
    r.scrubMedianMs = benchPercentile(frames, 0.5);
    r.scrubP99Ms = benchPercentile(frames, 0.99);
    progress("scrubbed", t0);
    c->returnToLive();

    // 7. Instructions per operation: the same steps again under callgrind, on this run file.
    r.instructions = countInstructions(path);
    progress("counted", t0);
    return r;
}

QJsonObject replayBenchJson(const ReplayBenchResult& r)
{
    const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    QJsonObject j;
    j[QStringLiteral("events")] = static_cast<double>(r.events);
    j[QStringLiteral("tasks")] = static_cast<double>(r.tasks);
    j[QStringLiteral("generate_s")] = r.generateS;
    j[QStringLiteral("open_s")] = r.openS;
    j[QStringLiteral("seek_median_ms")] = r.seekMedianMs;
    j[QStringLiteral("seek_max_ms")] = r.seekMaxMs;
    j[QStringLiteral("step_back_ms")] = r.stepBackMs;
    j[QStringLiteral("step_back_median_ms")] = r.stepBackMedianMs;
    j[QStringLiteral("scrub_median_ms")] = r.scrubMedianMs;
    j[QStringLiteral("scrub_p99_ms")] = r.scrubP99Ms;
    j[QStringLiteral("bytes_per_event")] = r.bytesPerEvent;
    j[QStringLiteral("history_bytes_per_event")] = r.historyBytesPerEvent;
    j[QStringLiteral("keyframe_every")] = static_cast<double>(r.keyframeEvery);
    j[QStringLiteral("keyframes")] = static_cast<double>(r.keyframes);
    j[QStringLiteral("scene_sizeof")] = static_cast<double>(r.sceneSizeof);
    j[QStringLiteral("scene_heap_mid_bytes")] = static_cast<double>(r.sceneHeapMid);
    // Same-run baselines and ratios (these drift far less with the host's load).
    j[QStringLiteral("full_fold_ms")] = r.fullFoldMs;
    j[QStringLiteral("seek_vs_full_fold")] = ratio(r.seekMedianMs, r.fullFoldMs);
    j[QStringLiteral("step_back_vs_full_fold")] = ratio(r.stepBackMedianMs, r.fullFoldMs);
    j[QStringLiteral("repaint_median_ms")] = r.repaintMedianMs;
    j[QStringLiteral("scrub_vs_repaint")] = ratio(r.scrubMedianMs, r.repaintMedianMs);
    if (r.instructions) {
        const ReplayBenchInstructions& ir = *r.instructions;
        QJsonObject i;
        i[QStringLiteral("fold_per_event")] = ir.foldPerEvent;
        i[QStringLiteral("seek")] = ir.seek;
        i[QStringLiteral("step_back")] = ir.stepBack;
        i[QStringLiteral("repaint_frame")] = ir.repaintFrame;
        i[QStringLiteral("scrub_frame")] = ir.scrubFrame;
        // A seek and a step back in events folded; a scrub frame in repaints.
        i[QStringLiteral("seek_in_events")] = ratio(ir.seek, ir.foldPerEvent);
        i[QStringLiteral("step_back_in_events")] = ratio(ir.stepBack, ir.foldPerEvent);
        i[QStringLiteral("scrub_vs_repaint")] = ratio(ir.scrubFrame, ir.repaintFrame);
        j[QStringLiteral("instructions")] = i;
    } else {
        j[QStringLiteral("instructions")] = QJsonValue::Null;
    }
    return j;
}

} // namespace poolscope::ui
