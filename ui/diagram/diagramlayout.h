#pragma once
// Geometry of the two executor diagrams and the scene -> chip mapping.
// Pure functions of (size, scene): the painters only draw what these return,
// and the tests check positions without a window.

#include "ui/model/scenestate.h"

#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <optional>
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
// `area`; with `minCellWidth`, cells narrower than the aspect (down to it) rather than lower.
CellGrid fitGrid(const QRectF& area, int count, QSizeF maxCell, double minCellHeight, double gap,
                 double minCellWidth = 0);

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
    int workerLines = 3;         // text lines per box: 3 name / state / counters, 2, or 1
    QRectF gilHome;              // where the GIL token rests while nobody holds it
    QRectF returnLane;           // set_result() back to the futures, under the queue
    QSizeF chip;
    QRectF legend; // or, while the pool is broken, its banner
};

// `lineHeight`: the height of a line of the diagram's text in the language shown (Chinese
// glyphs stand taller than Latin ones in the same font). `bannerLines` > 0: the pool is broken;
// the band under the boxes holds a banner of that many lines instead of the legend, so the
// exception covers no box.
// `arrowGap`: the least room between two boxes an arrow joins (its label, whole, with a margin).
// `cellGap`: between two future cells, room for both outlines and a line's width between them.
ThreadDiagramGeometry layoutThreadDiagram(QSizeF size, int maxWorkers, int futureCount, QSizeF chip,
                                          double lineHeight, int bannerLines = 0, double arrowGap = 0,
                                          double cellGap = 3);

struct ProcessDiagramGeometry
{
    QRectF title;
    QRectF inProcess;     // header band of the parent's side
    QRectF outOfProcess;  // empty where the workers' heading takes the band
    QRectF poolHeading;   // "Process Pool", over the workers
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
    int workerLines = 3;
    QSizeF chip;
    QRectF legend; // or the broken pool's banner
};

ProcessDiagramGeometry layoutProcessDiagram(QSizeF size, int maxWorkers, int callQueueCapacity,
                                            int futureCount, QSizeF chip, double lineHeight,
                                            int bannerLines = 0, double arrowGap = 0, double minBox = 0,
                                            double minCaller = 0, double minQueue = 0, double minWorker = 0,
                                            bool bandBesideWorkers = false, double cellGap = 3);

// (`minBox`: the least width of the Work Ids / Work Items and Manager boxes, their titles whole;
// `minCaller`: the caller's, its status at least as the call it names; `minQueue`: the Call Q and
// Result Q boxes', their titles whole, taken from the workers' column; `minWorker`: a worker box's,
// its name whole beside a running task's chip, taken from the queues down to `minQueue`, then from
// the pipes down to one chip and a margin. `bandBesideWorkers`: the legend's band, or the banner's of
// `bannerLines` at that width, ends left of the workers' column, which goes down to the bottom margin:
// what a short diagram does where its worker boxes would otherwise lose lines.)

// Text lines a worker box of `height` holds (3, 2 or 1), each `lineHeight` tall.
int workerBoxLines(double height, double lineHeight);

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

// Where the GIL token goes: beside the thread holding it, at the caller's
// corner when the main thread holds it, else where it rests.
QPointF gilTokenTarget(const SceneState& scene, const ThreadDiagramGeometry& g);

} // namespace poolscope::ui
