// poolscope --bench-render: the window driven frame by frame while a run streams its events, each frame timed
// (docs/benchmarks.md).
#include "ui/shell/renderbench.h"

#include "ui/diagram/diagramview.h"
#include "ui/run/eventbridge.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
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
    r.wallS = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    bridge->setFrameIntervalMs(16);
    window.diagram()->removeEventFilter(&counter);
    r.frames = static_cast<int>(frames.size());
    if (!cpu.empty()) {
        std::sort(cpu.begin(), cpu.end());
        r.cpuMedianMs = cpu[cpu.size() / 2];
        r.cpuP99Ms =
            cpu[std::min(cpu.size() - 1, static_cast<std::size_t>(static_cast<double>(cpu.size()) * 0.99))];
    }
    if (!ingest.empty()) {
        std::sort(ingest.begin(), ingest.end());
        r.ingestMedianMs = ingest[ingest.size() / 2];
    }
    if (!diagramPaints.empty()) {
        std::sort(diagramPaints.begin(), diagramPaints.end());
        r.diagramPaintMedianMs = diagramPaints[diagramPaints.size() / 2];
    }
    r.paints = paints;
    r.events = c->scene().eventsApplied();
    r.tasksDone = c->scene().completed() + c->scene().failed() + c->scene().cancelled();
    if (!frames.empty()) {
        std::vector<double> sorted = frames;
        std::sort(sorted.begin(), sorted.end());
        r.medianMs = sorted[sorted.size() / 2];
        r.p99Ms = sorted[std::min(sorted.size() - 1,
                                  static_cast<std::size_t>(static_cast<double>(sorted.size()) * 0.99))];
        r.maxMs = sorted.back();
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
    const RenderBenchResult r = benchRender(window, spec);
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
        std::printf("%s\n", QJsonDocument(j).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf(
            "frames %d  median %.3f ms  p99 %.3f ms  max %.3f ms  (%llu events, %lld tasks, %.1f s)\n",
            r.frames, r.medianMs, r.p99Ms, r.maxMs, static_cast<unsigned long long>(r.events),
            static_cast<long long>(r.tasksDone), r.wallS);
    }
    window.close();
    return r.frames > 0 ? 0 : 1;
}

} // namespace poolscope::ui
