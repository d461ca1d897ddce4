#pragma once
// poolscope --bench-replay: a million-event process-pool run recorded, written
// to a run file, opened in the window, then sought, stepped back and scrubbed;
// each figure is measured here (docs/benchmarks.md#replay), with ratios against
// baselines of the same run and, under valgrind, instruction counts.

#include <QJsonObject>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace poolscope::ui {

class MainWindow;

// Instructions per operation, counted by callgrind in a second run of this benchmark.
struct ReplayBenchInstructions
{
    double foldPerEvent = 0; // the baseline: one event folded into the scene
    double seek = 0;
    double stepBack = 0;
    double repaintFrame = 0; // the baseline of a scrub frame: a repaint with the cursor still
    double scrubFrame = 0;
};

struct ReplayBenchResult
{
    std::uint64_t events = 0;
    std::int64_t tasks = 0;
    double generateS = 0;    // the real run that produced the events
    double openS = 0;        // read the run file + fold it into the history, keyframes and views
    double seekMedianMs = 0; // RunController::seek to a random position (1,000 of them)
    double seekMaxMs = 0;
    double stepBackMs = 0; // the worst of 1,000 step backs from random positions
    double stepBackMedianMs = 0;
    double scrubMedianMs = 0; // a drag over the run: seek + repaint of the window, per frame
    double scrubP99Ms = 0;
    double bytesPerEvent = 0;        // heap the opened run holds (glibc mallinfo2), per event
    double historyBytesPerEvent = 0; // RunHistory alone (events + keyframes), by its own count
    std::size_t keyframeEvery = 0;
    std::size_t keyframes = 0;
    std::size_t sceneSizeof = 0;
    std::size_t sceneHeapMid = 0; // heap bytes of the scene half-way through the run (a full copy)
    // Baselines, in the same run: every event folded from the start into an empty scene
    // (what a seek to the end would cost without keyframes), and a repaint of the window
    // with the cursor standing still (a scrub frame without its seek).
    double fullFoldMs = 0;
    double repaintMedianMs = 0;
    std::optional<ReplayBenchInstructions> instructions; // valgrind missing: none
};

// `file`: open this run file instead of recording one (the callgrind run reuses the parent's).
ReplayBenchResult benchReplay(MainWindow& window, std::uint64_t targetEvents = 1'000'000,
                              const QString& file = {});
QJsonObject replayBenchJson(const ReplayBenchResult& r);

} // namespace poolscope::ui
