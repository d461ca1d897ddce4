#pragma once
// poolscope --bench-render: the window driven frame by frame (bridge flush + repaint) while a run
// streams its events, each frame timed; then, from that run's recording, a replay being scrubbed, and
// the compare view's clock dragged over two recorded runs, each against a still repaint of the same
// window measured in the same run, and under callgrind the instructions of each (docs/benchmarks.md).

#include "ui/run/runsession.h" // RunSpec

#include <QString>

#include <cstdint>
#include <map>
#include <optional>

namespace poolscope::ui {

class MainWindow;

struct RenderBenchResult
{
    int frames = 0;
    double medianMs = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double meanMs = 0;
    std::uint64_t events = 0;
    double wallS = 0;
    int paints = 0;
    double diagramPaintMedianMs = 0;
    double ingestMedianMs = 0;
    double cpuMedianMs = 0;
    double cpuP99Ms = 0;
    std::int64_t tasksDone = 0;
};

// Frames of one fixed case, each timed.
struct FrameStats
{
    int frames = 0;
    double medianMs = 0;
    double p99Ms = 0;
};

struct RenderBenchReport
{
    RenderBenchResult live;
    FrameStats still;        // the baseline: the window repainted with nothing changed, after the run
    FrameStats scrub;        // the run's recording replayed and dragged across and back: seek + repaint
    FrameStats compareStill; // the baseline of the compare view: repainted with its clock standing still
    FrameStats compare;      // two recorded runs in the compare view, its clock dragged across and back
    // Instructions per frame of each case, by name (live, still, scrub, compare-still, compare), from a
    // second run of the benchmark under callgrind; none without valgrind.
    std::optional<std::map<QString, double>> instructions;
};

// Drives `window` frame by frame (bridge flush + repaint) while `spec` runs,
// timing each frame, until the run finishes or `maxSeconds` pass.
RenderBenchResult benchRender(MainWindow& window, const RunSpec& spec, double maxSeconds = 60.0);

// --bench-render: `given` or the default 16-worker sleep run live, then the replay and compare cases (each
// case one line, or one JSON object); the exit code.
int runRenderBench(MainWindow& window, const RunSpec* given, bool json);

} // namespace poolscope::ui
