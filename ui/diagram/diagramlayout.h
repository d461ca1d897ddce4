#pragma once
// Geometry of the two executor diagrams and the scene -> chip mapping.
// Pure functions of (size, scene): the widget only paints what these return,
// and the tests check positions without a window.

#include "ui/model/scenestate.h"

#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <optional>
#include <unordered_map>
#include <vector>

namespace poolscope::ui {

// A grid of equal cells filling a rectangle row by row (futures, queue slots).
struct CellGrid
{
    QRectF area;
    int cols = 0;
    int rows = 0;
    QSizeF cell;
    double gap = 2.0;
    int capacity() const { return cols * rows; }
    QRectF cellRect(int i) const;
    // -1 when `p` hits no cell.
    int cellAt(QPointF p) const;
};
// Largest cells (keeping `aspect` = w/h, at most `maxCell`, at least `minCell` high) that fit `count` in
// `area`.
CellGrid fitGrid(const QRectF& area, int count, QSizeF maxCell, double minCellHeight, double gap);

struct ThreadDiagramGeometry
{
    QRectF title;
    QRectF caller;     // the main thread
    QRectF callerText; // status line inside it
    QRectF futuresBox; // the futures it holds
    CellGrid futures;
    QRectF workQueue; // the SimpleQueue
    CellGrid queueSlots;
    std::vector<QRectF> workers; // one per max_workers thread
    bool compactWorkers = false; // one text line per thread box
    QRectF gilHome;              // where the GIL token rests while nobody holds it
    QRectF returnLane;           // set_result() back to the futures, under the queue
    QSizeF chip;
    QRectF legend;
};

ThreadDiagramGeometry layoutThreadDiagram(QSizeF size, int maxWorkers, int futureCount, QSizeF chip,
                                          double lineHeight);

struct ProcessDiagramGeometry
{
    QRectF title;
    QRectF inProcess; // header band of the parent's side
    QRectF outOfProcess;
    double boundaryX = 0; // the process boundary, drawn dashed through the pipes
    QRectF caller;
    QRectF callerText;
    QRectF futuresBox;
    CellGrid futures;
    QRectF workIds;
    CellGrid workIdSlots;
    QRectF workItems; // pending work items map
    int workItemRows = 0;
    QRectF manager;
    QRectF returnLane; // the manager sets results on the futures at the caller
    QRectF callQueue;
    CellGrid callSlots; // max_workers + 1 slots, all drawn
    QRectF callPipe;    // call queue -> workers
    QRectF resultQueue;
    CellGrid resultSlots;
    QRectF resultPipe; // workers -> result queue
    std::vector<QRectF> workers;
    bool compactWorkers = false;
    QSizeF chip;
    QRectF legend;
};

ProcessDiagramGeometry layoutProcessDiagram(QSizeF size, int maxWorkers, int callQueueCapacity,
                                            int futureCount, QSizeF chip, double lineHeight);

// A chip to draw: a task somewhere on the diagram.
struct ChipView
{
    std::int64_t task = -1; // -1: a None sentinel
    QPointF center;
    ChipPlace place = ChipPlace::Caller;
    std::int64_t bytes = -1; // shown while in a pipe
};

// Overflow counts for queues that hold more than their visible slots.
struct ChipOverflow
{
    int workQueue = 0;
    int callQueue = 0;
    int resultQueue = 0;
};

// The futures window: which futures the caller's grid shows.
struct FuturesWindow
{
    std::size_t first = 0; // index into SceneState::order()
    std::size_t count = 0;
};
// With `rowLength` > 1 the window moves in steps of whole rows (a quarter of the
// grid), so the cells do not shuffle on every completion.
FuturesWindow futuresWindow(const SceneState& scene, int capacity, int rowLength = 1);

// Chips for the current scene. Bounded: queues show their visible slots only.
std::vector<ChipView> threadChips(const SceneState& scene, const ThreadDiagramGeometry& g,
                                  ChipOverflow* overflow);
std::vector<ChipView> processChips(const SceneState& scene, const ProcessDiagramGeometry& g,
                                   ChipOverflow* overflow);

// Where the chip of a task that just resolved flies to (its future cell), if visible.
std::optional<QPointF> futureCellCenter(const SceneState& scene, const CellGrid& grid, std::int64_t task);

// Moves chips smoothly from where they were to where the scene says they are.
class ChipAnimator
{
public:
    void setDurationNs(std::int64_t ns) { m_durationNs = ns; }
    std::int64_t durationNs() const { return m_durationNs; }
    // `spawn`: where a chip appears from; `leaveTo(task)`: where a chip that
    // vanished from the targets flies before it is dropped (its future).
    template <class LeaveTo>
    void update(const std::vector<ChipView>& targets, QPointF spawn, std::int64_t now, LeaveTo leaveTo);
    // Positions to draw at `now` (after update()).
    std::vector<ChipView> positions(std::int64_t now) const;
    bool animating(std::int64_t now) const;
    // Drops chips that finished flying to their future.
    void prune(std::int64_t now);
    void clear() { m_tracks.clear(); }
    std::size_t size() const { return m_tracks.size(); }

    static constexpr std::size_t kMaxTracks = 256; // beyond this, chips jump instead of flying
    // At most this many chips fly to their futures at once; the rest land at
    // once (thousands of completions a second would otherwise swamp a frame).
    static constexpr int kMaxLeaving = 24;
    // More moves than this in one update: chips jump instead of flying.
    static constexpr std::size_t kMaxMovesPerFrame = 24;

private:
    struct Track
    {
        ChipView view;
        QPointF from;
        QPointF to;
        std::int64_t start = 0;
        bool leaving = false;
        bool seen = false;
    };
    QPointF at(const Track& t, std::int64_t now) const;
    std::unordered_map<std::int64_t, Track> m_tracks; // sentinels use negative keys
    std::int64_t m_durationNs = 300'000'000;
};

template <class LeaveTo>
void ChipAnimator::update(const std::vector<ChipView>& targets, QPointF spawn, std::int64_t now,
                          LeaveTo leaveTo)
{
    for (auto& [id, t] : m_tracks)
        t.seen = false;
    // Count the moves first: when more chips move in one frame than an eye can
    // follow (a fast run), nothing flies; everything jumps to where it is.
    std::size_t moves = 0;
    {
        std::int64_t key = -1;
        for (const ChipView& v : targets) {
            const auto it = m_tracks.find(v.task >= 0 ? v.task : key--);
            moves += (it == m_tracks.end() || it->second.to != v.center) ? 1 : 0;
        }
        moves += m_tracks.size() > targets.size() ? m_tracks.size() - targets.size() : 0;
    }
    const bool animate = targets.size() < kMaxTracks && moves <= kMaxMovesPerFrame;
    if (!animate) {
        for (auto& [id, t] : m_tracks) {
            t.from = t.to; // land everything now
            if (t.leaving)
                t.start = now - m_durationNs;
        }
    }
    std::int64_t sentinelKey = -1;
    for (const ChipView& v : targets) {
        const std::int64_t key = v.task >= 0 ? v.task : sentinelKey--;
        auto [it, inserted] = m_tracks.try_emplace(key);
        Track& t = it->second;
        if (inserted) {
            t.from = animate && v.task >= 0 ? spawn : v.center;
            t.to = v.center;
            t.start = now;
        } else if (t.to != v.center || t.leaving) {
            t.from = animate ? at(t, now) : v.center;
            t.to = v.center;
            t.start = now;
            t.leaving = false;
        }
        t.view = v;
        t.seen = true;
    }
    int leaving = 0;
    for (const auto& [id, t] : m_tracks)
        leaving += t.leaving ? 1 : 0;
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        Track& t = it->second;
        if (!t.seen && !t.leaving) {
            std::optional<QPointF> dest =
                animate && it->first >= 0 && leaving < kMaxLeaving ? leaveTo(it->first) : std::nullopt;
            if (dest) {
                ++leaving;
                t.from = at(t, now);
                t.to = *dest;
                t.start = now;
                t.leaving = true;
                t.view.place = ChipPlace::Future;
                t.view.bytes = -1;
            } else {
                it = m_tracks.erase(it);
                continue;
            }
        }
        if (t.leaving && now - t.start >= m_durationNs) {
            it = m_tracks.erase(it);
            continue;
        }
        ++it;
    }
}

} // namespace poolscope::ui
