#include "ui/shell/replaybench.h"

#include "core/events/recorder.h"
#include "core/run/runfile.h"
#include "core/run/runner.h"
#include "core/run/scenario.h"
#include "ui/run/runcontroller.h"
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

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(static_cast<double>(v.size()) * q))];
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

} // namespace

ReplayBenchResult benchReplay(MainWindow& window, std::uint64_t targetEvents)
{
    ReplayBenchResult r;
    RunController* c = window.controller();

    // 1. A real process-pool run of no-op tasks, long enough for the target.
    Scenario s;
    s.name = "bench-replay";
    s.pool = "process";
    s.workers = 4;
    s.workload.name = "noop";
    s.submit = "submit";
    s.tasks = static_cast<std::int64_t>(targetEvents / 12 + 1000);
    QElapsedTimer t;
    t.start();
    QElapsedTimer t0;
    t0.start();
    RunFile file;
    {
        auto rec = std::make_shared<Recorder>();
        RunOptions opts;
        opts.sink = rec;
        const RunSummary sum = runScenario(s, opts);
        file.events = rec->events();
        file.outcome = outcomeFromSummary(sum, s.tasks, rec->dropped());
    }
    r.generateS = msSince(t) / 1e3;
    if (file.events.size() > targetEvents)
        file.events.resize(targetEvents); // the run as it stood at its millionth event
    file.meta = currentRunMeta("poolscope", s.pool);
    file.scenarioJson = scenarioToJson(s, -1);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("bench.pstrace")).toStdString();
    writeRunFile(path, file);
    file = RunFile();
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
    // 3. Seeks to random positions, and step backs from random positions.
    std::mt19937_64 rng(20261201);
    std::uniform_int_distribution<qint64> pos(0, static_cast<qint64>(h.size()));
    std::vector<double> seeks;
    std::vector<double> backs;
    for (int i = 0; i < 1000; ++i) {
        const qint64 k = pos(rng);
        t.restart();
        c->seek(k);
        seeks.push_back(msSince(t));
        c->seek(std::max<qint64>(1, pos(rng)));
        t.restart();
        c->stepBack();
        backs.push_back(msSince(t));
    }
    r.seekMedianMs = percentile(seeks, 0.5);
    r.seekMaxMs = percentile(seeks, 1.0);
    r.stepBackMedianMs = percentile(backs, 0.5);
    r.stepBackMs = percentile(backs, 1.0);

    progress("sought", t0);
    // 4. A drag across the run: 600 frames, each a seek and a repaint of the whole window.
    std::vector<double> frames;
    for (int f = 0; f < 600; ++f) {
        const double x = f < 300 ? f / 300.0 : (600 - f) / 300.0; // there and back
        t.restart();
        c->seek(static_cast<qint64>(x * static_cast<double>(h.size())));
        window.repaint();
        QApplication::processEvents();
        frames.push_back(msSince(t));
    }
    r.scrubMedianMs = percentile(frames, 0.5);
    r.scrubP99Ms = percentile(frames, 0.99);
    progress("scrubbed", t0);
    c->returnToLive();
    return r;
}

} // namespace poolscope::ui
