#pragma once
// poolscope --bench-render: the window driven frame by frame (bridge flush + repaint) while a run
// streams its events, each frame timed (docs/benchmarks.md).

#include "ui/run/runsession.h" // RunSpec

#include <cstdint>

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

// Drives `window` frame by frame (bridge flush + repaint) while `spec` runs,
// timing each frame, until the run finishes or `maxSeconds` pass.
RenderBenchResult benchRender(MainWindow& window, const RunSpec& spec, double maxSeconds = 60.0);

// --bench-render: `given` or the default 16-worker sleep run, printed as one line (or JSON); the exit code.
int runRenderBench(MainWindow& window, const RunSpec* given, bool json);

} // namespace poolscope::ui
